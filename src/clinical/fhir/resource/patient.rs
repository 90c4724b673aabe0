//! A Patient resource into the case record's `patient` object: name, sex, birth date,
//! deceased, telecom, address and identifiers.

use serde_json::{json, Map, Value};

use super::{err, first_concept, PatientInfo, ResourceError};
use crate::cases::{iso_day_number, pad_date};

pub(super) fn patient(resource: &Value) -> Result<PatientInfo, ResourceError> {
    let id = resource
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| err("Patient has no 'id'"))?
        .to_string();
    let mut fields = Map::new();
    fields.insert("id".into(), json!(id));
    name_fields(resource, &mut fields);
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
    if let Some(address) = address(resource) {
        fields.insert("address".into(), address);
    }
    let identifiers = identifiers(resource);
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

/// The name's full text, given and family names, into `fields`.
fn name_fields(resource: &Value, fields: &mut Map<String, Value>) {
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
}

/// The first address, its keys as the case record names them (`postalCode` is `zip`).
fn address(resource: &Value) -> Option<Value> {
    let address = resource
        .get("address")
        .and_then(Value::as_array)
        .and_then(|a| a.first())?;
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
    Some(Value::Object(a))
}

/// Every identifier with its type code (`id` where it has none).
fn identifiers(resource: &Value) -> Vec<Value> {
    resource
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
        .collect()
}
