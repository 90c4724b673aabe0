//! One FHIR R4 resource → one timeline item (or patient demographics), as plain data.
//!
//! This is the only place that knows FHIR field names. Everything here is pure: a resource in,
//! an [`Item`] or a typed refusal out, so every resource type is unit-tested without files.
//! Refusals never quote resource text (it may be patient text), only field names.

use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::cases::{iso_day_number, pad_date};

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
        "Encounter" => {
            item.encounter = resource
                .get("id")
                .and_then(Value::as_str)
                .map(ToString::to_string);
            item.rank = 0;
            let date = date_of(resource, &["period"])?;
            if let Some(end) = str_at(resource, &["period", "end"]) {
                entry.insert("end".into(), json!(end));
            }
            let class = str_at(resource, &["class", "code"]);
            let what = concept_text(first_concept(resource.get("type")))
                .unwrap_or_else(|| "Encounter".into());
            let mut text = match class {
                Some(c) => format!("{what} ({c})"),
                None => what,
            };
            if let Some(reason) = concept_text(first_concept(resource.get("reasonCode"))) {
                text.push_str(&format!("; reason: {reason}"));
            }
            // Its coding too, so that `ddx sdx` can tell a reason that is the diagnosis by code.
            if let Some(c) = coding(first_concept(resource.get("reasonCode"))) {
                entry.insert("reason".into(), c);
            }
            if let Some(c) = class {
                entry.insert("class".into(), json!(c));
            }
            if let Some(c) = coding(first_concept(resource.get("type"))) {
                entry.insert("code".into(), c);
            }
            (date, "encounter", text)
        }
        "Condition" => {
            let date = date_of(resource, &["onsetDateTime", "onsetPeriod", "recordedDate"])?;
            let clinical = status_text(resource.get("clinicalStatus"));
            let verification = status_text(resource.get("verificationStatus"));
            let abatement = date_of(resource, &["abatementDateTime", "abatementPeriod"])?;
            let what =
                concept_text(resource.get("code")).ok_or_else(|| err("Condition has no 'code'"))?;
            let mut detail = Vec::new();
            if let Some(c) = &clinical {
                detail.push(c.clone());
            }
            if let Some(a) = &abatement {
                detail.push(format!("abated {}", a.get(..10).unwrap_or(a)));
            }
            let text = if detail.is_empty() {
                what
            } else {
                format!("{what} ({})", detail.join(", "))
            };
            if let Some(c) = clinical {
                entry.insert("clinical_status".into(), json!(c));
            }
            if let Some(v) = verification {
                entry.insert("verification_status".into(), json!(v));
            }
            if let Some(a) = abatement {
                entry.insert("abatement".into(), json!(a));
            }
            if let Some(c) = coding(resource.get("code")) {
                entry.insert("code".into(), c);
            }
            (date, "condition", text)
        }
        "Observation" => {
            let date = date_of(
                resource,
                &[
                    "effectiveDateTime",
                    "effectivePeriod",
                    "effectiveInstant",
                    "issued",
                ],
            )?;
            let category = resource
                .get("category")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|c| c.get("coding").and_then(Value::as_array))
                .flatten()
                .find_map(|c| c.get("code").and_then(Value::as_str))
                .unwrap_or("");
            let kind_name = match category {
                "vital-signs" => "vital",
                "laboratory" => "lab",
                _ => "observation",
            };
            let what = concept_text(resource.get("code"))
                .ok_or_else(|| err("Observation has no 'code'"))?;
            let mut text = what.clone();
            if let Some((value, unit, shown)) = observation_value(resource)? {
                text = format!("{what}: {shown}");
                entry.insert("value".into(), value);
                if let Some(u) = unit {
                    entry.insert("unit".into(), json!(u));
                }
            }
            if let Some(components) = resource.get("component").and_then(Value::as_array) {
                let mut parts = Vec::new();
                let mut values = Vec::new();
                for component in components {
                    let name = concept_text(component.get("code")).unwrap_or_default();
                    if let Some((value, unit, shown)) = observation_value(component)? {
                        parts.push(format!("{name} {shown}"));
                        values.push(json!({"code": coding(component.get("code")), "value": value, "unit": unit}));
                    }
                }
                if !parts.is_empty() {
                    text = format!("{what}: {}", parts.join(", "));
                    entry.insert("components".into(), Value::Array(values));
                }
            }
            if let Some(range) = reference_range(resource) {
                text.push_str(&format!(" (ref {range})"));
                entry.insert("reference_range".into(), json!(range));
            }
            if let Some(interp) = status_text(first_concept(resource.get("interpretation"))) {
                text.push_str(&format!(" [{interp}]"));
                entry.insert("interpretation".into(), json!(interp));
            }
            if !category.is_empty() {
                entry.insert("category".into(), json!(category));
            }
            if let Some(c) = coding(resource.get("code")) {
                entry.insert("code".into(), c);
            }
            (date, kind_name, text)
        }
        "MedicationRequest" | "MedicationStatement" => {
            let date = if kind == "MedicationRequest" {
                date_of(resource, &["authoredOn"])?
            } else {
                date_of(
                    resource,
                    &["effectiveDateTime", "effectivePeriod", "dateAsserted"],
                )?
            };
            let what = concept_text(resource.get("medicationCodeableConcept"))
                .or_else(|| {
                    str_at(resource, &["medicationReference", "display"]).map(ToString::to_string)
                })
                .ok_or_else(|| err(format!("{kind} has no 'medicationCodeableConcept'")))?;
            let mut text = what;
            let dosage = resource
                .get("dosageInstruction")
                .or_else(|| resource.get("dosage"))
                .and_then(|v| first_concept(Some(v)))
                .and_then(|d| d.get("text"))
                .and_then(Value::as_str);
            if let Some(d) = dosage {
                text.push_str(&format!(", {d}"));
                entry.insert("dosage".into(), json!(d));
            }
            if let Some(s) = &status {
                text.push_str(&format!(" ({s})"));
            }
            if let Some(intent) = resource.get("intent").and_then(Value::as_str) {
                entry.insert("intent".into(), json!(intent));
            }
            if let Some(c) = coding(resource.get("medicationCodeableConcept")) {
                entry.insert("code".into(), c);
            }
            (date, "medication", text)
        }
        "Procedure" => {
            let date = date_of(resource, &["performedDateTime", "performedPeriod"])?;
            let text =
                concept_text(resource.get("code")).ok_or_else(|| err("Procedure has no 'code'"))?;
            if let Some(c) = coding(resource.get("code")) {
                entry.insert("code".into(), c);
            }
            (date, "procedure", text)
        }
        "Immunization" => {
            let date = date_of(resource, &["occurrenceDateTime", "recorded"])?;
            let text = concept_text(resource.get("vaccineCode"))
                .ok_or_else(|| err("Immunization has no 'vaccineCode'"))?;
            if let Some(c) = coding(resource.get("vaccineCode")) {
                entry.insert("code".into(), c);
            }
            (date, "immunization", text)
        }
        "AllergyIntolerance" => {
            let date = date_of(resource, &["onsetDateTime", "recordedDate"])?;
            let what = concept_text(resource.get("code"))
                .ok_or_else(|| err("AllergyIntolerance has no 'code'"))?;
            let mut text = format!("Allergy: {what}");
            let reactions: Vec<String> = resource
                .get("reaction")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|r| r.get("manifestation").and_then(|v| first_concept(Some(v))))
                .filter_map(|m| concept_text(Some(m)))
                .collect();
            if !reactions.is_empty() {
                text.push_str(&format!(" ({})", reactions.join(", ")));
                entry.insert("reactions".into(), json!(reactions));
            }
            if let Some(c) = resource.get("criticality").and_then(Value::as_str) {
                text.push_str(&format!(", criticality {c}"));
                entry.insert("criticality".into(), json!(c));
            }
            if let Some(c) = status_text(resource.get("clinicalStatus")) {
                entry.insert("clinical_status".into(), json!(c));
            }
            if let Some(c) = coding(resource.get("code")) {
                entry.insert("code".into(), c);
            }
            (date, "allergy", text)
        }
        "DiagnosticReport" => {
            let date = date_of(
                resource,
                &["effectiveDateTime", "effectivePeriod", "issued"],
            )?;
            let what = concept_text(resource.get("code"))
                .ok_or_else(|| err("DiagnosticReport has no 'code'"))?;
            let mut text = what;
            if let Some(conclusion) = resource.get("conclusion").and_then(Value::as_str) {
                text.push_str(&format!(": {conclusion}"));
            }
            let (notes, binary) = attachments(
                resource
                    .get("presentedForm")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
            item.binary_attachments = binary;
            item.text_attachments = notes.len();
            if !notes.is_empty() {
                text.push_str(&format!("\n{}", notes.join("\n\n")));
            }
            if let Some(c) = coding(resource.get("code")) {
                entry.insert("code".into(), c);
            }
            (date, "report", text)
        }
        _ => {
            // DocumentReference: a clinical note.
            let date = match date_of(resource, &["date"])? {
                Some(d) => Some(d),
                None => resource
                    .get("context")
                    .map(|c| date_of(c, &["period"]))
                    .transpose()?
                    .flatten(),
            };
            let what = concept_text(resource.get("type")).unwrap_or_else(|| "Clinical note".into());
            let contents = resource
                .get("content")
                .and_then(Value::as_array)
                .ok_or_else(|| err("DocumentReference has no 'content'"))?;
            let (notes, binary) = attachments(contents.iter().filter_map(|c| c.get("attachment")));
            item.binary_attachments = binary;
            item.text_attachments = notes.len();
            let text = if notes.is_empty() {
                format!("{what} (no text attachment)")
            } else {
                format!("{what}\n{}", notes.join("\n\n"))
            };
            if let Some(c) = coding(resource.get("type")) {
                entry.insert("code".into(), c);
            }
            (date, "note", text)
        }
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

fn patient(resource: &Value) -> Result<PatientInfo, ResourceError> {
    let id = resource
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| err("Patient has no 'id'"))?
        .to_string();
    let mut fields = Map::new();
    fields.insert("id".into(), json!(id));
    if let Some(name) = resource
        .get("name")
        .and_then(Value::as_array)
        .and_then(|n| n.first())
    {
        let given: Vec<&str> = name
            .get("given")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let family = name.get("family").and_then(Value::as_str);
        let full = name
            .get("text")
            .and_then(Value::as_str)
            .map(ToString::to_string)
            .unwrap_or_else(|| {
                given
                    .iter()
                    .copied()
                    .chain(family)
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        if !full.is_empty() {
            fields.insert("name".into(), json!(full));
        }
        if !given.is_empty() {
            fields.insert("given".into(), json!(given));
        }
        if let Some(f) = family {
            fields.insert("family".into(), json!(f));
        }
    }
    if let Some(g) = resource.get("gender").and_then(Value::as_str) {
        fields.insert("sex".into(), json!(g));
    }
    let birth_date = match resource.get("birthDate") {
        None => None,
        Some(Value::String(s)) if iso_day_number(&pad_date(s)).is_some() => Some(s.clone()),
        Some(_) => return Err(err("Patient 'birthDate' is not a FHIR date")),
    };
    if let Some(b) = &birth_date {
        fields.insert("birth_date".into(), json!(b));
    }
    let deceased = resource
        .get("deceasedDateTime")
        .and_then(Value::as_str)
        .map(ToString::to_string);
    if let Some(d) = &deceased {
        fields.insert("deceased".into(), json!(d));
    } else if resource.get("deceasedBoolean").and_then(Value::as_bool) == Some(true) {
        fields.insert("deceased".into(), json!(true));
    }
    let phones: Vec<&str> = resource
        .get("telecom")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("value").and_then(Value::as_str))
        .collect();
    if !phones.is_empty() {
        fields.insert("telecom".into(), json!(phones));
    }
    if let Some(address) = resource
        .get("address")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        let mut a = Map::new();
        if let Some(lines) = address.get("line") {
            a.insert("line".into(), lines.clone());
        }
        for key in ["text", "city", "district", "state", "postalCode", "country"] {
            if let Some(v) = address.get(key).and_then(Value::as_str) {
                let name = if key == "postalCode" { "zip" } else { key };
                a.insert(name.into(), json!(v));
            }
        }
        fields.insert("address".into(), Value::Object(a));
    }
    let identifiers: Vec<Value> = resource
        .get("identifier")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|i| {
            let value = i.get("value").and_then(Value::as_str)?;
            let kind = i
                .get("type")
                .and_then(|t| t.get("coding"))
                .and_then(|v| first_concept(Some(v)))
                .and_then(|c| c.get("code"))
                .and_then(Value::as_str)
                .map(ToString::to_string)
                .unwrap_or_else(|| "id".into());
            Some(json!({"type": kind, "value": value}))
        })
        .collect();
    if !identifiers.is_empty() {
        fields.insert("identifiers".into(), Value::Array(identifiers));
    }
    Ok(PatientInfo {
        id,
        fields,
        birth_date,
        deceased,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(v: Value) -> Item {
        match convert(&v).expect("valid") {
            Converted::Item(i) => i,
            other => panic!("not an item: {other:?}"),
        }
    }

    #[test]
    fn references_resolve_to_ids() {
        assert_eq!(reference_id("Patient/123"), "123");
        assert_eq!(reference_id("urn:uuid:abc-1"), "abc-1");
        assert_eq!(reference_id("https://x.org/fhir/Patient/9"), "9");
    }

    #[test]
    fn observation_keeps_value_unit_range_interpretation_and_coding() {
        let i = item(json!({"resourceType": "Observation", "status": "final",
            "category": [{"coding": [{"code": "laboratory"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "2823-3", "display": "Potassium"}]},
            "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2020-01-02T10:00:00Z",
            "valueQuantity": {"value": 5.91234, "unit": "mmol/L"},
            "referenceRange": [{"low": {"value": 3.5, "unit": "mmol/L"}, "high": {"value": 5.1, "unit": "mmol/L"}}],
            "interpretation": [{"coding": [{"code": "H", "display": "High"}]}]}));
        assert_eq!(i.patient, "p1");
        assert_eq!(i.entry["kind"], "lab");
        assert_eq!(i.entry["date"], "2020-01-02");
        assert_eq!(
            i.entry["text"],
            "Potassium: 5.91 mmol/L (ref 3.5-5.1 mmol/L) [High]"
        );
        assert_eq!(i.entry["code"]["code"], "2823-3");
        assert_eq!(i.entry["unit"], "mmol/L");
        assert_eq!(i.entry["interpretation"], "High");
    }

    #[test]
    fn quantity_comparators_are_kept() {
        let i = item(
            json!({"resourceType": "Observation", "code": {"text": "CRP"},
            "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2020-01-02",
            "valueQuantity": {"value": 5, "comparator": "<", "unit": "mg/L"}}),
        );
        assert_eq!(i.entry["text"], "CRP: <5 mg/L");
    }

    #[test]
    fn blood_pressure_components() {
        let i = item(
            json!({"resourceType": "Observation", "category": [{"coding": [{"code": "vital-signs"}]}],
            "code": {"text": "Blood Pressure"}, "subject": {"reference": "urn:uuid:p"}, "effectiveDateTime": "2020-01-02",
            "component": [{"code": {"text": "Systolic"}, "valueQuantity": {"value": 120, "unit": "mm[Hg]"}},
                          {"code": {"text": "Diastolic"}, "valueQuantity": {"value": 80.0, "unit": "mm[Hg]"}}]}),
        );
        assert_eq!(i.entry["kind"], "vital");
        assert_eq!(
            i.entry["text"],
            "Blood Pressure: Systolic 120 mm[Hg], Diastolic 80 mm[Hg]"
        );
    }

    #[test]
    fn notes_decode_text_and_count_binary() {
        let data = base64::engine::general_purpose::STANDARD.encode("Pt seen for cough.");
        let i = item(
            json!({"resourceType": "DocumentReference", "subject": {"reference": "Patient/p"},
            "date": "2021-05-01T09:00:00Z", "type": {"text": "Progress note"},
            "content": [{"attachment": {"contentType": "text/plain", "data": data}},
                        {"attachment": {"contentType": "application/pdf", "data": "JVBERi0="}}]}),
        );
        assert_eq!(i.entry["kind"], "note");
        assert_eq!(i.entry["text"], "Progress note\nPt seen for cough.");
        assert_eq!((i.text_attachments, i.binary_attachments), (1, 1));
    }

    #[test]
    fn condition_status_and_abatement() {
        let i = item(
            json!({"resourceType": "Condition", "subject": {"reference": "Patient/p"},
            "clinicalStatus": {"coding": [{"code": "resolved"}]}, "onsetDateTime": "2019-02-01",
            "abatementDateTime": "2019-03-01T00:00:00Z", "code": {"coding": [{"system": "s", "code": "1", "display": "Bronchitis"}]}}),
        );
        assert_eq!(i.entry["text"], "Bronchitis (resolved, abated 2019-03-01)");
        assert_eq!(i.entry["clinical_status"], "resolved");
    }

    #[test]
    fn malformed_and_unknown_resources() {
        assert!(convert(&json!({"id": "x"})).is_err());
        assert!(convert(&json!({"resourceType": "Observation", "code": {"text": "x"}})).is_err());
        let bad_value = json!({"resourceType": "Observation", "code": {"text": "x"}, "subject": {"reference": "Patient/p"},
            "valueQuantity": {"value": "SECRET"}});
        let e = convert(&bad_value).expect_err("malformed");
        assert!(!e.0.contains("SECRET"));
        assert_eq!(
            convert(&json!({"resourceType": "Claim"})).expect("ok"),
            Converted::Unknown("Claim".into())
        );
    }

    #[test]
    fn numbers_print_without_float_noise() {
        assert_eq!(format_number(168.80253), "168.8");
        assert_eq!(format_number(80.0), "80");
    }
}
