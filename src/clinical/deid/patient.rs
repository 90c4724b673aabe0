//! The patient's own identifiers from the structured `patient` object of a case (as the FHIR
//! import writes it from `Patient`, or as a user writes it): names, every address part with the
//! postal code, phone numbers, emails and record numbers, each removed from the patient object
//! and matched wherever it recurs in the text of the case.

use serde_json::{Map, Value};

use super::kind::Kind;
use super::known::Known;

/// Keys of a patient object that hold names.
pub(super) const NAME_KEYS: [&str; 10] = [
    "name",
    "names",
    "given",
    "family",
    "first_name",
    "last_name",
    "middle_name",
    "maiden_name",
    "nickname",
    "preferred_name",
];

/// Keys of a patient object handled one by one (everything else is scrubbed as free text).
pub(super) const HANDLED_KEYS: [&str; 15] = [
    "id",
    "sex",
    "gender",
    "age",
    "birth_date",
    "deceased",
    "address",
    "identifiers",
    "mrn",
    "ssn",
    "telecom",
    "phone",
    "phones",
    "email",
    "emails",
];

/// Address parts that are identifiers (state and country may stay under Safe Harbor).
const ADDRESS_PARTS: [&str; 5] = ["line", "city", "district", "county", "text"];

pub(super) fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().flat_map(|v| strings(Some(v))).collect(),
        Some(Value::Object(map)) => map.values().flat_map(|v| strings(Some(v))).collect(),
        _ => Vec::new(),
    }
}

/// Identifier-type of a patient identifier `{type, value}` (FHIR v2-0203 codes).
fn identifier_kind(kind: &str) -> Kind {
    match kind.to_ascii_uppercase().as_str() {
        "SS" | "SSN" => Kind::Ssn,
        "MR" | "MRN" | "PI" | "MB" => Kind::Mrn,
        "AN" | "ACCOUNT" => Kind::Account,
        "MA" | "MC" | "SN" | "MEMBER" => Kind::HealthPlan,
        "DL" | "PPN" | "LN" => Kind::License,
        _ => Kind::OtherId,
    }
}

/// The identifiers a patient object gives, and the matcher for them in text.
pub(super) struct PatientIds {
    pub known: Known,
    pub names: Vec<String>,
    pub ids: Vec<(Kind, String)>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub address_parts: Vec<String>,
    pub zips: Vec<String>,
}

/// What the structured patient fields say must be removed wherever it recurs in text (names,
/// identifiers, phone numbers, emails, every address part and the postal code). Public so
/// evaluations and other modes can use the same matcher as `apply`.
pub fn known_for_patient(fields: &Map<String, Value>) -> Known {
    patient_ids(fields).known
}

pub(super) fn patient_ids(fields: &Map<String, Value>) -> PatientIds {
    let mut known = Known::default();
    let names: Vec<String> = NAME_KEYS
        .iter()
        .flat_map(|k| strings(fields.get(*k)))
        .collect();
    known.add(Kind::Name, &names);
    let mut ids: Vec<(Kind, String)> = Vec::new();
    if let Some(Value::Array(list)) = fields.get("identifiers") {
        for item in list {
            let kind = item.get("type").and_then(Value::as_str).unwrap_or("");
            if let Some(v) = item.get("value").and_then(Value::as_str) {
                ids.push((identifier_kind(kind), v.to_string()));
            }
        }
    }
    for (k, kind) in [("mrn", Kind::Mrn), ("ssn", Kind::Ssn), ("id", Kind::Mrn)] {
        for v in strings(fields.get(k)) {
            ids.push((kind, v));
        }
    }
    for (kind, v) in &ids {
        known.add(*kind, std::slice::from_ref(v));
    }
    // Telecom values are phone numbers or emails (FHIR keeps both there).
    let (emails, phones): (Vec<String>, Vec<String>) =
        ["telecom", "phone", "phones", "email", "emails"]
            .iter()
            .flat_map(|k| strings(fields.get(*k)))
            .partition(|v| v.contains('@'));
    known.add(Kind::Phone, &phones);
    known.add(Kind::Email, &emails);
    let mut address_parts = Vec::new();
    let mut zips = Vec::new();
    match fields.get("address") {
        Some(Value::Object(a)) => {
            for part in ADDRESS_PARTS {
                address_parts.extend(strings(a.get(part)));
            }
            for key in ["zip", "postal_code", "postalCode"] {
                zips.extend(strings(a.get(key)));
            }
        }
        Some(Value::Array(list)) => {
            for a in list.iter().filter_map(Value::as_object) {
                for part in ADDRESS_PARTS {
                    address_parts.extend(strings(a.get(part)));
                }
                for key in ["zip", "postal_code", "postalCode"] {
                    zips.extend(strings(a.get(key)));
                }
            }
        }
        other => address_parts.extend(strings(other)),
    }
    known.add(Kind::Address, &address_parts);
    known.add(Kind::Zip, &zips);
    PatientIds {
        known,
        names,
        ids,
        phones,
        emails,
        address_parts,
        zips,
    }
}
