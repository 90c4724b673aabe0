//! A ddx case record with a timeline (what `ddx import fhir` writes) played as a sequential
//! case: the timeline up to the index date is hidden behind requests, and the diagnosis made at
//! the index date is the gold.
//!
//! - The index date is the record's `index_date`, else the date of its last `encounter` entry,
//!   else its last dated entry. Entries after it are dropped: they are never revealed.
//! - The gold is the record's `answer` (a text, or an object with `diagnosis`), else the
//!   conditions recorded on the index date (their `(active)`-style status dropped). Those
//!   condition entries are the answer, so they are not findings. A record with neither is not
//!   playable ([`CaseError::Missing`]).
//! - The opening is who the patient is (age and sex from `patient`) and why they came: a
//!   section named like a chief or presenting complaint, else the record's `question`, else the
//!   index encounter's own line. Nothing of the timeline beyond that.
//! - Findings, named `GROUP / NAME` where NAME is an entry's text before its first `:` (the
//!   whole text for a condition): labs, reports and procedures are tests (`order`), vital signs
//!   are examination (`examine`), conditions, medications, allergies, immunizations,
//!   observations, notes and encounters are history (`ask`). Entries with the same name are one
//!   finding, their dated values in time order.

use serde_json::Value;

use super::case::{CaseError, Finding, Kind, SeqCase};

/// The record as a sequential case, or why it is not one.
pub(super) fn from_record(value: &Value, id: Value) -> Result<SeqCase, CaseError> {
    let timeline = value
        .get("timeline")
        .and_then(Value::as_array)
        .ok_or(CaseError::Missing("timeline"))?;
    let entries: Vec<Entry> = timeline.iter().filter_map(Entry::read).collect();
    let index_date = text(value.get("index_date"))
        .or_else(|| {
            entries
                .iter()
                .filter(|e| e.kind == "encounter")
                .filter_map(|e| e.date.clone())
                .max()
        })
        .or_else(|| entries.iter().filter_map(|e| e.date.clone()).max())
        .ok_or(CaseError::Missing("index_date or a dated timeline entry"))?;
    // Undated entries count as before the index date (history without a date).
    let before: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.date.as_deref().is_none_or(|d| d <= index_date.as_str()))
        .collect();
    let at_index =
        |e: &&&Entry| e.kind == "condition" && e.date.as_deref() == Some(index_date.as_str());
    let gold = gold_of(value).or_else(|| {
        let conditions: Vec<String> = before
            .iter()
            .filter(at_index)
            .map(|e| without_status(&e.text))
            .collect();
        (!conditions.is_empty()).then(|| conditions.join("; "))
    });
    let diagnosis = gold.ok_or(CaseError::Missing(
        "answer, or a condition recorded on the index date",
    ))?;
    let opening = opening(value, &before, &index_date);
    let mut findings: Vec<Finding> = Vec::new();
    for entry in before.iter().filter(|e| !at_index(e)) {
        let (kind, group) = placement(&entry.kind);
        let (name, detail) = match entry.text.split_once(':') {
            Some((name, detail)) if entry.kind != "condition" && !name.trim().is_empty() => {
                (name.trim().to_string(), detail.trim().to_string())
            }
            _ => (without_status(&entry.text), entry.text.trim().to_string()),
        };
        let dated = match &entry.date {
            Some(date) => format!("{date}: {detail}"),
            None => detail,
        };
        let path = vec![group.to_string(), name];
        match findings
            .iter_mut()
            .find(|f| f.kind == kind && f.path == path)
        {
            Some(finding) => {
                finding.text.push_str("; ");
                finding.text.push_str(&dated);
            }
            None => findings.push(Finding {
                kind,
                path,
                text: dated,
            }),
        }
    }
    Ok(SeqCase {
        id,
        opening,
        findings,
        diagnosis,
        aliases: Vec::new(),
        format: "record",
    })
}

/// One timeline entry, as much of it as the protocol uses.
struct Entry {
    date: Option<String>,
    kind: String,
    text: String,
}

impl Entry {
    fn read(value: &Value) -> Option<Entry> {
        Some(Entry {
            date: text(value.get("date")),
            kind: text(value.get("kind")).unwrap_or_default(),
            text: text(value.get("text"))?,
        })
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// The record's own gold: `answer` as text, or its `diagnosis` field.
fn gold_of(value: &Value) -> Option<String> {
    let answer = value.get("answer")?;
    text(Some(answer)).or_else(|| text(answer.get("diagnosis")))
}

/// `Anemia (active)` -> `Anemia`: the import's clinical status is not part of the name.
fn without_status(text: &str) -> String {
    let trimmed = text.trim();
    match trimmed.rsplit_once(" (") {
        Some((name, rest)) if rest.ends_with(')') && !name.trim().is_empty() => {
            name.trim().to_string()
        }
        _ => trimmed.to_string(),
    }
}

/// Which action reveals an entry of this kind, and the group it is named under.
fn placement(kind: &str) -> (Kind, &'static str) {
    match kind {
        "lab" => (Kind::Test, "Laboratory"),
        "report" => (Kind::Test, "Reports"),
        "procedure" => (Kind::Test, "Procedures"),
        "vital" => (Kind::Exam, "Vital signs"),
        "condition" => (Kind::History, "Past medical history"),
        "medication" => (Kind::History, "Medications"),
        "allergy" => (Kind::History, "Allergies"),
        "immunization" => (Kind::History, "Immunizations"),
        "encounter" => (Kind::History, "Past visits"),
        "note" => (Kind::History, "Notes"),
        _ => (Kind::History, "Social and other history"),
    }
}

/// Who the patient is and why they came, from the record and never from its hidden timeline.
fn opening(value: &Value, before: &[&Entry], index_date: &str) -> String {
    let patient = value.get("patient");
    let age = patient
        .and_then(|p| p.get("age"))
        .and_then(Value::as_u64)
        .map(|a| format!("{a}-year-old"));
    let sex = text(patient.and_then(|p| p.get("sex")));
    let who = match (age, sex) {
        (Some(a), Some(s)) => format!("{a} {s}"),
        (Some(a), None) => format!("{a} patient"),
        (None, Some(s)) => format!("{s} patient"),
        (None, None) => "Patient".to_string(),
    };
    let complaint = value
        .get("sections")
        .and_then(Value::as_array)
        .and_then(|sections| {
            sections.iter().find_map(|s| {
                let name = text(s.get("name"))
                    .or_else(|| text(s.get("title")))?
                    .to_lowercase();
                let is_complaint = name.contains("complaint") || name.contains("reason");
                is_complaint.then(|| text(s.get("text"))).flatten()
            })
        })
        .or_else(|| text(value.get("question")))
        .or_else(|| {
            before
                .iter()
                .find(|e| e.kind == "encounter" && e.date.as_deref() == Some(index_date))
                .map(|e| e.text.clone())
        });
    match complaint {
        Some(c) => format!("{who}, seen on {index_date}. Presenting with: {c}."),
        None => format!("{who}, seen on {index_date}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record() -> Value {
        json!({"id": "pat-10", "patient": {"sex": "female", "age": 52},
            "timeline": [
                {"date": "2020-01-01", "kind": "observation", "text": "Smoking status: Never smoker"},
                {"date": "2021-06-01", "kind": "lab", "text": "Hemoglobin: 12.1 g/dL"},
                {"date": "2022-03-01", "kind": "encounter", "text": "Encounter (IMP)"},
                {"date": "2022-03-01", "kind": "lab", "text": "Hemoglobin: 9.1 g/dL"},
                {"date": "2022-03-01", "kind": "vital", "text": "Heart rate: 104 /min"},
                {"date": "2022-03-01", "kind": "condition", "text": "Iron deficiency anemia (active)"},
                {"date": "2023-01-01", "kind": "lab", "text": "Ferritin: 80 ng/mL"}]})
    }

    #[test]
    fn the_timeline_up_to_the_index_date_is_hidden_and_its_diagnosis_is_the_gold() {
        let case = SeqCase::from_value(&record(), 1).unwrap();
        assert_eq!(case.format, "record");
        assert_eq!(case.diagnosis, "Iron deficiency anemia");
        assert_eq!(
            case.opening,
            "52-year-old female, seen on 2022-03-01. Presenting with: Encounter (IMP)."
        );
        let found: Vec<(Kind, String, String)> = case
            .findings
            .iter()
            .map(|f| (f.kind, f.name(), f.text.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Kind::History,
                    "Social and other history / Smoking status".to_string(),
                    "2020-01-01: Never smoker".to_string()
                ),
                (
                    Kind::Test,
                    "Laboratory / Hemoglobin".to_string(),
                    "2021-06-01: 12.1 g/dL; 2022-03-01: 9.1 g/dL".to_string()
                ),
                (
                    Kind::History,
                    "Past visits / Encounter".to_string(),
                    "2022-03-01: Encounter (IMP)".to_string()
                ),
                (
                    Kind::Exam,
                    "Vital signs / Heart rate".to_string(),
                    "2022-03-01: 104 /min".to_string()
                ),
            ]
        );
        // Nothing after the index date, and the gold itself is no finding.
        assert!(case.findings.iter().all(|f| !f.text.contains("Ferritin")
            && !f.name().contains("Ferritin")
            && !f.text.to_lowercase().contains("iron deficiency")));
    }

    #[test]
    fn the_records_answer_and_index_date_win_over_the_timeline() {
        let mut value = record();
        value["answer"] = json!("Colon cancer");
        value["index_date"] = json!("2021-12-31");
        value["sections"] =
            json!([{"name": "chief_complaint", "title": "Chief complaint", "text": "Tiredness"}]);
        let case = SeqCase::from_value(&value, 1).unwrap();
        assert_eq!(case.diagnosis, "Colon cancer");
        assert_eq!(
            case.opening,
            "52-year-old female, seen on 2021-12-31. Presenting with: Tiredness."
        );
        let names: Vec<String> = case.findings.iter().map(Finding::name).collect();
        assert_eq!(
            names,
            [
                "Social and other history / Smoking status",
                "Laboratory / Hemoglobin"
            ]
        );
        assert_eq!(case.findings[1].text, "2021-06-01: 12.1 g/dL");
    }

    #[test]
    fn a_record_without_a_gold_is_not_playable() {
        let value = json!({"id": 1, "timeline": [
            {"date": "2022-03-01", "kind": "lab", "text": "Hemoglobin: 9.1 g/dL"}]});
        assert_eq!(
            SeqCase::from_value(&value, 1),
            Err(CaseError::Missing(
                "answer, or a condition recorded on the index date"
            ))
        );
        let value = json!({"id": 1, "answer": "x", "timeline": [{"kind": "lab", "text": "a: b"}]});
        assert_eq!(
            SeqCase::from_value(&value, 1),
            Err(CaseError::Missing("index_date or a dated timeline entry"))
        );
    }
}
