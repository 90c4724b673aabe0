//! One FHIR R4 resource → one timeline item (or patient demographics), as plain data.
//!
//! This is the only place that knows FHIR field names. Everything here is pure: a resource in,
//! an [`Item`] or a typed refusal out, so every resource type is unit-tested without files.
//! Refusals never quote resource text (it may be patient text), only field names.

use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::cases::{iso_day_number, pad_date};

mod kinds;
mod patient;
use kinds::*;
use patient::patient;

/// What a resource became.
#[derive(Debug, Clone, PartialEq)]
pub enum Converted {
    Patient(Box<PatientInfo>),
    Item(Item),
    /// A resource type the importer does not use (counted by type, skipped).
    Unknown(String),
}

/// A timeline entry with the ids needed to group it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub patient: String,
    /// The encounter it belongs to (for `--per encounter`); an Encounter's own id.
    pub encounter: Option<String>,
    /// Full FHIR date or date-time (sort key); the entry shows its first 10 characters.
    pub sort_time: Option<String>,
    /// Sort rank among entries of the same instant (encounters first).
    pub rank: u8,
    /// The case-record timeline entry: date, kind, text, code, value, ...
    pub entry: Map<String, Value>,
    /// Attachments of a note that were not text (counted, not kept).
    pub binary_attachments: usize,
    /// Text attachments decoded into the entry's text.
    pub text_attachments: usize,
}

/// Demographics and identifiers of one Patient resource.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PatientInfo {
    pub id: String,
    /// The `patient` object of the case record (name, sex, birth_date, address, identifiers...).
    pub fields: Map<String, Value>,
    pub birth_date: Option<String>,
    pub deceased: Option<String>,
}

/// Why a resource could not be used. The message names fields, never values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ResourceError(pub String);

fn err(message: impl Into<String>) -> ResourceError {
    ResourceError(message.into())
}

/// The id part of a reference: "Patient/123", "urn:uuid:123" or "https://x/Patient/123" → "123".
pub fn reference_id(reference: &str) -> &str {
    let reference = reference
        .split('/')
        .rfind(|s| !s.is_empty())
        .unwrap_or(reference);
    reference.strip_prefix("urn:uuid:").unwrap_or(reference)
}

fn str_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut v = value;
    for key in path {
        v = v.get(key)?;
    }
    v.as_str()
}

/// `{system, code, display}` of the first coding of a CodeableConcept, plus its text.
fn coding(concept: Option<&Value>) -> Option<Value> {
    let concept = concept?;
    let first = concept
        .get("coding")
        .and_then(Value::as_array)
        .and_then(|c| c.first());
    let mut out = Map::new();
    if let Some(c) = first {
        for key in ["system", "code", "display"] {
            if let Some(v) = c.get(key).and_then(Value::as_str) {
                out.insert(key.into(), json!(v));
            }
        }
    }
    if !out.contains_key("display") {
        if let Some(text) = concept.get("text").and_then(Value::as_str) {
            out.insert("display".into(), json!(text));
        }
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// Human text of a CodeableConcept: its text, else the first coding's display, else the code.
fn concept_text(concept: Option<&Value>) -> Option<String> {
    let concept = concept?;
    if let Some(t) = concept.get("text").and_then(Value::as_str) {
        return Some(t.to_string());
    }
    let codings = concept.get("coding").and_then(Value::as_array)?;
    codings
        .iter()
        .find_map(|c| c.get("display").and_then(Value::as_str))
        .or_else(|| {
            codings
                .iter()
                .find_map(|c| c.get("code").and_then(Value::as_str))
        })
        .map(ToString::to_string)
}

fn first_concept(value: Option<&Value>) -> Option<&Value> {
    match value? {
        Value::Array(items) => items.first(),
        other => Some(other),
    }
}

/// A number as a short text: at most 2 decimals, no trailing zeros.
pub fn format_number(n: f64) -> String {
    let text = format!("{:.2}", n);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

fn quantity(q: &Value) -> Result<Option<(Value, Option<String>)>, ResourceError> {
    let Some(value) = q.get("value") else {
        return Ok(None);
    };
    let Some(n) = value.as_f64() else {
        return Err(err("'valueQuantity.value' must be a number"));
    };
    let unit = q
        .get("unit")
        .or_else(|| q.get("code"))
        .and_then(Value::as_str)
        .map(ToString::to_string);
    Ok(Some((json!(n), unit)))
}

/// The value of an Observation (or one of its components): (value, unit, display text).
fn observation_value(
    obs: &Value,
) -> Result<Option<(Value, Option<String>, String)>, ResourceError> {
    if let Some(q) = obs.get("valueQuantity") {
        return Ok(quantity(q)?.map(|(v, unit)| {
            // "<5": the comparator is part of the value's meaning.
            let comparator = q.get("comparator").and_then(Value::as_str).unwrap_or("");
            let shown = format!(
                "{comparator}{}",
                format_number(v.as_f64().unwrap_or_default())
            );
            let text = match &unit {
                Some(u) => format!("{shown} {u}"),
                None => shown,
            };
            (v, unit, text)
        }));
    }
    if let Some(c) = obs.get("valueCodeableConcept") {
        return Ok(concept_text(Some(c)).map(|t| (json!(t), None, t)));
    }
    for key in ["valueString", "valueDateTime", "valueTime"] {
        if let Some(v) = obs.get(key) {
            let Some(s) = v.as_str() else {
                return Err(err(format!("'{key}' must be a string")));
            };
            return Ok(Some((json!(s), None, s.to_string())));
        }
    }
    if let Some(v) = obs.get("valueBoolean") {
        let b = v
            .as_bool()
            .ok_or_else(|| err("'valueBoolean' must be true or false"))?;
        return Ok(Some((json!(b), None, if b { "yes" } else { "no" }.into())));
    }
    if let Some(v) = obs.get("valueInteger") {
        let n = v
            .as_i64()
            .ok_or_else(|| err("'valueInteger' must be a whole number"))?;
        return Ok(Some((json!(n), None, n.to_string())));
    }
    Ok(None)
}

fn reference_range(obs: &Value) -> Option<String> {
    let range = obs.get("referenceRange")?.as_array()?.first()?;
    if let Some(text) = range.get("text").and_then(Value::as_str) {
        return Some(text.to_string());
    }
    let bound = |key: &str| {
        range
            .get(key)
            .and_then(|q| q.get("value"))
            .and_then(Value::as_f64)
    };
    let unit = range
        .get("low")
        .or_else(|| range.get("high"))
        .and_then(|q| q.get("unit"))
        .and_then(Value::as_str);
    let text = match (bound("low"), bound("high")) {
        (Some(l), Some(h)) => format!("{}-{}", format_number(l), format_number(h)),
        (Some(l), None) => format!(">={}", format_number(l)),
        (None, Some(h)) => format!("<={}", format_number(h)),
        (None, None) => return None,
    };
    Some(match unit {
        Some(u) => format!("{text} {u}"),
        None => text,
    })
}

/// A date-like field: the string, or the `start` of a Period.
fn date_of(resource: &Value, keys: &[&str]) -> Result<Option<String>, ResourceError> {
    for key in keys {
        let Some(v) = resource.get(*key) else {
            continue;
        };
        let date = match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o
                .get("start")
                .and_then(Value::as_str)
                .map(ToString::to_string),
            _ => return Err(err(format!("'{key}' must be a date string or a period"))),
        };
        if let Some(d) = &date {
            if iso_day_number(&pad_date(d)).is_none() {
                return Err(err(format!("'{key}' is not a FHIR date")));
            }
        }
        if date.is_some() {
            return Ok(date);
        }
    }
    Ok(None)
}

fn subject(resource: &Value) -> Option<String> {
    ["subject", "patient"]
        .iter()
        .find_map(|k| str_at(resource, &[k, "reference"]))
        .map(|r| reference_id(r).to_string())
}

fn encounter_ref(resource: &Value) -> Option<String> {
    str_at(resource, &["encounter", "reference"])
        .or_else(|| str_at(resource, &["context", "reference"]))
        .or_else(|| {
            resource
                .get("context")
                .and_then(|c| c.get("encounter"))
                .and_then(|v| first_concept(Some(v)))
                .and_then(|e| e.get("reference"))
                .and_then(Value::as_str)
        })
        .map(|r| reference_id(r).to_string())
}

/// Decoded text attachments and the count of binary ones.
fn attachments<'a>(list: impl Iterator<Item = &'a Value>) -> (Vec<String>, usize) {
    let mut texts = Vec::new();
    let mut binary = 0;
    for attachment in list {
        let content_type = attachment
            .get("contentType")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        let textual = content_type.starts_with("text/")
            || content_type.contains("json")
            || content_type.contains("xml");
        let data = attachment.get("data").and_then(Value::as_str);
        match (textual, data) {
            (true, Some(data)) => {
                let clean: String = data.chars().filter(|c| !c.is_whitespace()).collect();
                match base64::engine::general_purpose::STANDARD
                    .decode(clean.as_bytes())
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                {
                    Some(text) => texts.push(text.trim().to_string()),
                    None => binary += 1,
                }
            }
            _ => binary += 1,
        }
    }
    (texts, binary)
}

fn status_text(concept: Option<&Value>) -> Option<String> {
    concept_text(concept).or_else(|| {
        concept?
            .get("coding")?
            .as_array()?
            .first()?
            .get("code")?
            .as_str()
            .map(ToString::to_string)
    })
}

/// Convert one resource. `Err` means the resource is malformed (reported, skipped).
pub fn convert(resource: &Value) -> Result<Converted, ResourceError> {
    let Value::Object(_) = resource else {
        return Err(err("the resource is not a JSON object"));
    };
    let Some(kind) = resource.get("resourceType").and_then(Value::as_str) else {
        return Err(err("the resource has no 'resourceType'"));
    };
    if kind == "Patient" {
        return patient(resource).map(|p| Converted::Patient(Box::new(p)));
    }
    let known = [
        "Encounter",
        "Condition",
        "Observation",
        "MedicationRequest",
        "MedicationStatement",
        "Procedure",
        "Immunization",
        "AllergyIntolerance",
        "DiagnosticReport",
        "DocumentReference",
    ];
    if !known.contains(&kind) {
        return Ok(Converted::Unknown(kind.to_string()));
    }
    let patient = subject(resource)
        .ok_or_else(|| err(format!("{kind} has no 'subject' or 'patient' reference")))?;
    let mut entry = Map::new();
    let mut item = Item {
        patient,
        encounter: encounter_ref(resource),
        sort_time: None,
        rank: 1,
        entry: Map::new(),
        binary_attachments: 0,
        text_attachments: 0,
    };
    let status = resource
        .get("status")
        .and_then(Value::as_str)
        .map(ToString::to_string);
    let (date, kind_name, text) = match kind {
        "Encounter" => encounter(resource, &mut item, &mut entry)?,
        "Condition" => condition(resource, &mut entry)?,
        "Observation" => observation(resource, &mut entry)?,
        "MedicationRequest" | "MedicationStatement" => {
            medication(resource, kind, status.as_deref(), &mut entry)?
        }
        "Procedure" => procedure(resource, &mut entry)?,
        "Immunization" => immunization(resource, &mut entry)?,
        "AllergyIntolerance" => allergy(resource, &mut entry)?,
        "DiagnosticReport" => diagnostic_report(resource, &mut item, &mut entry)?,
        _ => document_reference(resource, &mut item, &mut entry)?,
    };
    if let Some(s) = status {
        entry.insert("status".into(), json!(s));
    }
    let mut out = Map::new();
    if let Some(d) = &date {
        out.insert("date".into(), json!(pad_date(d).get(..10).unwrap_or(d)));
    }
    out.insert("kind".into(), json!(kind_name));
    out.insert("text".into(), json!(text));
    out.extend(entry);
    item.sort_time = date.map(|d| pad_date(&d));
    item.entry = out;
    Ok(Converted::Item(item))
}

#[cfg(test)]
mod tests;
