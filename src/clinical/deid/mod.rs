//! De-identification: remove the HIPAA Safe Harbor identifiers from every text field of a case
//! before it reaches a model, a log or an output file.
//!
//! [`Deidentifier`] is the one entry point: `Deidentifier::new(salt, mode)` then
//! [`Deidentifier::apply`] on a parsed [`Case`] (batch, chat, tui) or
//! [`Deidentifier::apply_record`] on a JSON case record (`ddx deid`, `ddx import --deid`). Both
//! return a [`DeidReport`] (method, version, counts by identifier type) that goes into the
//! record's `deid` block. Dates are shifted by a per-patient offset derived from a secret salt
//! (consistent within a patient, unlinkable without the salt) or cut to the year.
//!
//! This is a guard, not a guarantee: pattern matching misses what it was not written for.

pub mod dates;
pub mod patterns;
mod salt;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

use crate::cases::{id_key, iso_day_number, Case};
pub use dates::DateMode;
pub use patterns::{find, Kind, Known, Span};
pub use salt::{Salt, MIN_SALT_BYTES};

/// Method name written in every `deid` block.
pub const METHOD: &str = "ddx-safe-harbor-patterns";
/// Bumped whenever what is removed changes, so results say which rules produced them.
pub const VERSION: &str = "1";

/// What was removed from one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct DeidReport {
    pub method: &'static str,
    pub version: &'static str,
    pub dates: &'static str,
    /// Identifiers removed, by type.
    pub counts: BTreeMap<&'static str, usize>,
}

impl DeidReport {
    fn new(mode: DateMode) -> Self {
        Self {
            method: METHOD,
            version: VERSION,
            dates: mode.as_str(),
            counts: BTreeMap::new(),
        }
    }

    fn add(&mut self, kind: Kind, n: usize) {
        if n > 0 {
            *self.counts.entry(kind.as_str()).or_default() += n;
        }
    }

    /// Identifiers removed in all.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// The `deid` block of a result record.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Removes identifiers; cheap to share (the patterns are compiled once per process).
#[derive(Debug, Clone)]
pub struct Deidentifier {
    salt: Salt,
    mode: DateMode,
}

/// Per-record state: the patient's known identifiers and date offset.
struct Scrubber<'a> {
    known: Known,
    offset: i64,
    mode: DateMode,
    report: &'a mut DeidReport,
}

impl Scrubber<'_> {
    fn text(&mut self, text: &str) -> String {
        let spans = find(text, &self.known);
        if spans.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for span in spans {
            out.push_str(&text[at..span.start]);
            let original = &text[span.start..span.end];
            match span.kind {
                Kind::Date => match &span.date {
                    Some(found) => out.push_str(&dates::replace(found, self.mode, self.offset)),
                    None => out.push_str("[DATE]"),
                },
                Kind::Zip => out.push_str(&patterns::zip3(original)),
                kind => out.push_str(kind.placeholder()),
            }
            self.report.add(span.kind, 1);
            at = span.end;
        }
        out.push_str(&text[at..]);
        out
    }

    fn string_in_place(&mut self, text: &mut String) {
        let clean = self.text(text);
        *text = clean;
    }

    /// Every string inside a JSON value (object keys named `system` are code-system URIs and
    /// stay; ISO date strings are shifted or cut like structured dates).
    fn value(&mut self, value: &mut Value) {
        match value {
            Value::String(s) => {
                if looks_like_iso_date(s) {
                    *s = dates::transform_field(s, self.mode, self.offset);
                    self.report.add(Kind::Date, 1);
                } else {
                    self.string_in_place(s);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if key != "system" {
                        self.value(v);
                    }
                }
            }
            _ => {}
        }
    }

    fn date_field(&mut self, date: &mut String) {
        *date = dates::transform_field(date, self.mode, self.offset);
        self.report.add(Kind::Date, 1);
    }
}

fn looks_like_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    (s.len() == 10 || (s.len() > 10 && b.get(10) == Some(&b'T')))
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && iso_day_number(s).is_some()
}

fn strings(value: Option<&Value>) -> Vec<String> {
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

/// Keys of a patient object that hold names.
const NAME_KEYS: [&str; 8] = [
    "name",
    "names",
    "given",
    "family",
    "first_name",
    "last_name",
    "middle_name",
    "maiden_name",
];

/// The identifiers a patient object gives, and the matcher for them in text.
struct PatientIds {
    known: Known,
    names: Vec<String>,
    ids: Vec<(Kind, String)>,
    phones: Vec<String>,
    address_parts: Vec<String>,
}

/// What the structured patient fields say must be removed wherever it recurs in text
/// (names, identifiers, phone numbers, street and city). Public so evaluations and other modes
/// can use the same matcher as `apply`.
pub fn known_for_patient(fields: &Map<String, Value>) -> Known {
    patient_ids(fields).known
}

fn patient_ids(fields: &Map<String, Value>) -> PatientIds {
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
    let phones = strings(fields.get("telecom"))
        .into_iter()
        .chain(strings(fields.get("phone")))
        .collect::<Vec<_>>();
    known.add(Kind::Phone, &phones);
    let mut address_parts = Vec::new();
    if let Some(Value::Object(a)) = fields.get("address") {
        address_parts.extend(strings(a.get("line")));
        address_parts.extend(strings(a.get("city")));
    } else {
        address_parts.extend(strings(fields.get("address")));
    }
    known.add(Kind::Address, &address_parts);
    PatientIds {
        known,
        names,
        ids,
        phones,
        address_parts,
    }
}

impl Deidentifier {
    pub fn new(salt: Salt, mode: DateMode) -> Self {
        Self { salt, mode }
    }

    pub fn mode(&self) -> DateMode {
        self.mode
    }

    fn digest(&self, purpose: &str, key: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.salt.bytes());
        h.update([0]);
        h.update(purpose.as_bytes());
        h.update([0]);
        h.update(key.as_bytes());
        h.finalize().into()
    }

    /// Days every date of this patient moves: 1 to 365, earlier or later, never 0.
    pub fn offset_days(&self, patient_key: &str) -> i64 {
        let d = self.digest("date-shift", patient_key);
        let n = i64::from(u16::from_le_bytes([d[0], d[1]]) % 365) + 1;
        if d[2] & 1 == 0 {
            -n
        } else {
            n
        }
    }

    /// A stable pseudonym for an identifier ("p-3f9a1c2b7d4e"), unlinkable without the salt.
    pub fn pseudonym(&self, id: &str) -> String {
        let d = self.digest("pseudonym", id);
        format!("p-{}", hex::encode(&d[..6]))
    }

    /// Build the scrubber for a patient object and replace the object by what may stay.
    fn patient<'r>(
        &self,
        patient: Option<&mut Map<String, Value>>,
        fallback_key: &str,
        report: &'r mut DeidReport,
    ) -> Scrubber<'r> {
        let empty = Map::new();
        let fields = patient.as_deref().unwrap_or(&empty);
        let key = fields
            .get("id")
            .map(id_key)
            .unwrap_or_else(|| fallback_key.to_string());
        let PatientIds {
            known,
            names,
            ids,
            phones,
            address_parts,
        } = patient_ids(fields);
        let mut scrubber = Scrubber {
            known,
            offset: self.offset_days(&key),
            mode: self.mode,
            report,
        };
        if let Some(p) = patient {
            let mut kept = Map::new();
            scrubber.report.add(Kind::Name, names.len().min(1));
            scrubber.report.add(Kind::Phone, phones.len());
            for (kind, _) in &ids {
                scrubber.report.add(*kind, 1);
            }
            if let Some(id) = p.get("id") {
                kept.insert("id".into(), Value::String(self.pseudonym(&id_key(id))));
            }
            for k in ["sex", "gender"] {
                if let Some(v) = p.get(k) {
                    kept.insert(k.into(), v.clone());
                }
            }
            let age = p.get("age").and_then(|a| match a {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            });
            let over_89 = age.is_some_and(|a| a > 89.0);
            if let Some(a) = p.get("age") {
                if over_89 {
                    kept.insert("age".into(), Value::String("90+".into()));
                    scrubber.report.add(Kind::Age, 1);
                } else {
                    kept.insert("age".into(), a.clone());
                }
            }
            for key in ["birth_date", "deceased"] {
                match p.get(key) {
                    Some(Value::String(d)) if !(over_89 && key == "birth_date") => {
                        let mut d = d.clone();
                        scrubber.date_field(&mut d);
                        kept.insert(key.into(), Value::String(d));
                    }
                    Some(Value::String(_)) => scrubber.report.add(Kind::Date, 1),
                    Some(other @ Value::Bool(_)) => {
                        kept.insert(key.into(), other.clone());
                    }
                    _ => {}
                }
            }
            if let Some(Value::Object(a)) = p.get("address") {
                scrubber.report.add(Kind::Address, address_parts.len());
                let mut place = Map::new();
                for k in ["state", "country"] {
                    if let Some(v) = a.get(k) {
                        place.insert(k.into(), v.clone());
                    }
                }
                if let Some(zip) = a.get("zip").and_then(Value::as_str) {
                    place.insert("zip3".into(), Value::String(patterns::zip3(zip)));
                    scrubber.report.add(Kind::Zip, 1);
                }
                kept.insert("address".into(), Value::Object(place));
            } else if p.contains_key("address") {
                scrubber.report.add(Kind::Address, 1);
            }
            // Anything else in the patient object is free text: scrub it.
            for (k, v) in p.iter() {
                let handled = NAME_KEYS.contains(&k.as_str())
                    || matches!(
                        k.as_str(),
                        "id" | "sex"
                            | "gender"
                            | "age"
                            | "birth_date"
                            | "deceased"
                            | "address"
                            | "identifiers"
                            | "mrn"
                            | "ssn"
                            | "telecom"
                            | "phone"
                    );
                if !handled {
                    let mut v = v.clone();
                    scrubber.value(&mut v);
                    kept.insert(k.clone(), v);
                }
            }
            *p = kept;
        }
        scrubber
    }

    /// De-identify a parsed case in place: every text field, the timeline's dates, the patient
    /// object and `meta` (echoed into results). The case id is left as given (it is the user's
    /// key, never shown to the model); the gold `answer` is left as given.
    pub fn apply(&self, case: &mut Case) -> DeidReport {
        let mut report = DeidReport::new(self.mode);
        let fallback = id_key(&case.id);
        let mut s = self.patient(case.patient.as_mut(), &fallback, &mut report);
        for section in &mut case.sections {
            s.string_in_place(&mut section.text);
        }
        for entry in &mut case.timeline {
            if let Some(date) = &mut entry.date {
                s.date_field(date);
                entry.when = match entry.day {
                    Some(d) if date.is_empty() => format!("day {d}"),
                    _ => date.clone(),
                };
            }
            s.string_in_place(&mut entry.text);
            for (key, v) in entry.fields.iter_mut() {
                if key != "system" {
                    s.value(v);
                }
            }
        }
        if let Some(d) = &mut case.index_date {
            s.date_field(d);
        }
        for text in [&mut case.question, &mut case.prompt, &mut case.system]
            .into_iter()
            .flatten()
        {
            s.string_in_place(text);
        }
        for option in &mut case.options {
            s.string_in_place(&mut option.text);
        }
        for message in case.messages.iter_mut().flatten() {
            s.string_in_place(&mut message.content);
        }
        // `meta` never reaches the model but is echoed into result files: scrub it too.
        if let Some(meta) = &mut case.meta {
            s.value(meta);
        }
        report
    }

    /// De-identify one piece of free text (a chat message, a TUI input), with the identifiers
    /// of `patient` (a case's `patient` object) when there is one. Dates shift by the offset of
    /// `patient.id`, else of `session_key`, so one conversation stays consistent.
    pub fn apply_text(
        &self,
        text: &str,
        patient: Option<&Map<String, Value>>,
        session_key: &str,
    ) -> (String, DeidReport) {
        let mut report = DeidReport::new(self.mode);
        let mut copy = patient.cloned();
        let clean = self
            .patient(copy.as_mut(), session_key, &mut report)
            .text(text);
        // Only what was found in the text counts here, not the patient fields themselves.
        let mut counted = DeidReport::new(self.mode);
        for span in find(text, &patient.map(known_for_patient).unwrap_or_default()) {
            counted.add(span.kind, 1);
        }
        (clean, counted)
    }

    /// De-identify a JSON case record in place (`ddx deid`, `ddx import --deid`): the patient
    /// object, `index_date`, timeline dates, and every other string except `id`.
    pub fn apply_record(&self, record: &mut Map<String, Value>) -> DeidReport {
        let mut report = DeidReport::new(self.mode);
        let fallback = record.get("id").map(id_key).unwrap_or_default();
        let mut patient = match record.remove("patient") {
            Some(Value::Object(p)) => Some(p),
            Some(other) => {
                // Not an object: treat it as free text below.
                record.insert("patient".into(), other);
                None
            }
            None => None,
        };
        let mut s = self.patient(patient.as_mut(), &fallback, &mut report);
        for (key, value) in record.iter_mut() {
            match key.as_str() {
                "id" | "deid" => {}
                "index_date" => {
                    if let Value::String(d) = value {
                        s.date_field(d);
                    }
                }
                _ => s.value(value),
            }
        }
        if let Some(p) = patient {
            record.insert("patient".into(), Value::Object(p));
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deid(mode: DateMode) -> Deidentifier {
        Deidentifier::new(Salt::from_bytes(b"test salt".to_vec()), mode)
    }

    #[test]
    fn offsets_are_per_patient_and_never_zero() {
        let d = deid(DateMode::Shift);
        assert_eq!(d.offset_days("a"), d.offset_days("a"));
        let offsets: Vec<i64> = (0..50).map(|i| d.offset_days(&i.to_string())).collect();
        assert!(offsets.iter().all(|o| *o != 0 && o.abs() <= 365));
        assert!(offsets.iter().any(|o| *o != offsets[0]));
        let other = Deidentifier::new(Salt::from_bytes(b"other".to_vec()), DateMode::Shift);
        assert_ne!(d.pseudonym("123"), other.pseudonym("123"));
    }

    #[test]
    fn a_record_loses_its_identifiers_and_keeps_its_clinical_content() {
        let mut record = json!({
            "id": "c1",
            "patient": {"id": "MRN77123", "name": "Jane Doe", "sex": "female", "age": 93,
                        "birth_date": "1931-02-03", "telecom": ["555-767-7476"],
                        "address": {"line": ["12 Elm Street"], "city": "Springfield", "state": "MA", "zip": "01887"}},
            "index_date": "2024-03-02",
            "history": "Mrs. Doe (MRN77123) from Springfield, phone 555-767-7476, has type 2 diabetes since 2019.",
            "timeline": [{"date": "2024-03-01", "kind": "lab", "text": "HbA1c 8.1 %", "code": {"system": "http://loinc.org", "code": "4548-4"}}]
        });
        let d = deid(DateMode::Year);
        let report = d.apply_record(record.as_object_mut().expect("object"));
        let text = record.to_string();
        for secret in [
            "Jane",
            "Doe",
            "MRN77123",
            "Springfield",
            "767-7476",
            "1931",
            "01887",
            "Elm",
        ] {
            assert!(!text.contains(secret), "{secret} left in {text}");
        }
        assert!(text.contains("type 2 diabetes since 2019"));
        assert!(text.contains("http://loinc.org"));
        assert_eq!(record["patient"]["age"], "90+");
        assert_eq!(record["patient"]["address"]["zip3"], "018");
        assert_eq!(record["timeline"][0]["date"], "2024");
        assert_eq!(record["id"], "c1");
        assert!(
            report.counts["name"] >= 2 && report.counts["phone"] >= 2,
            "{report:?}"
        );
    }

    #[test]
    fn shifted_dates_keep_intervals_within_a_patient() {
        let d = deid(DateMode::Shift);
        let mut record = json!({"id": 1, "patient": {"id": "p"}, "notes": "Admitted 2024-03-01, discharged 2024-03-05.",
            "timeline": [{"date": "2024-03-01", "text": "x"}, {"date": "2024-03-05", "text": "y"}]});
        d.apply_record(record.as_object_mut().expect("object"));
        let a = iso_day_number(record["timeline"][0]["date"].as_str().expect("date")).expect("day");
        let b = iso_day_number(record["timeline"][1]["date"].as_str().expect("date")).expect("day");
        assert_eq!(b - a, 4);
        assert!(!record["notes"]
            .as_str()
            .expect("text")
            .contains("2024-03-01"));
    }

    #[test]
    fn free_text_for_chat() {
        let d = deid(DateMode::Year);
        let patient = json!({"name": "Ann Lee"});
        let (clean, report) = d.apply_text(
            "Ann Lee, seen 2024-02-03, call 617-555-0100",
            patient.as_object(),
            "session-1",
        );
        assert_eq!(clean, "[NAME], seen 2024, call [PHONE]");
        assert_eq!(report.total(), 3);
    }

    #[test]
    fn a_parsed_case_is_scrubbed_everywhere() {
        let mut case = Case::from_object(
            json!({"id": "x", "patient": {"name": "Ann Lee"}, "presentation": "Ann Lee, email ann@lee.org",
                   "question": "Is Ann at risk?", "timeline": [{"date": "2020-01-01", "text": "call Ann at 617-555-0100"}]})
            .as_object()
            .expect("object"),
        )
        .expect("case");
        let report = deid(DateMode::Year).apply(&mut case);
        assert_eq!(case.sections[0].text, "[NAME], email [EMAIL]");
        assert_eq!(case.question.as_deref(), Some("Is [NAME] at risk?"));
        assert_eq!(case.timeline[0].when, "2020");
        assert_eq!(case.timeline[0].text, "call [NAME] at [PHONE]");
        assert_eq!(report.counts["email"], 1);
    }
}
