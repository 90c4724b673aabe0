//! The record's rules on small timelines: what is hidden, the gold, the opening.

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

/// As `ddx import fhir` writes a Synthea patient: the index visit's reason is the diagnosis,
/// and its medication, care plan, note and report follow from it.
fn synthea() -> Value {
    json!({"id": "p-7", "patient": {"sex": "male", "age": 34},
        "timeline": [
            {"date": "2019-05-14", "kind": "vital", "text": "Body temperature: 37.1 Cel"},
            {"date": "2020-11-03", "kind": "encounter", "text": "Encounter for symptom (AMB); reason: Acute bronchitis (disorder)",
                "reason": {"code": "10509002", "display": "Acute bronchitis (disorder)"}},
            {"date": "2020-11-03", "kind": "condition", "text": "Acute bronchitis (disorder) (resolved)"},
            {"date": "2021-01-05", "kind": "medication", "text": "Ibuprofen 200 MG Oral Tablet (stopped)"},
            {"date": "2022-03-01", "kind": "encounter", "text": "Encounter for symptom (AMB); reason: Sinus infection",
                "reason": {"code": "444814009", "display": "Sinus infection"}},
            {"date": "2022-03-01", "kind": "vital", "text": "Body temperature: 37.9 Cel"},
            {"date": "2022-03-01", "kind": "condition", "text": "Viral sinusitis (disorder) (active)",
                "code": {"system": "http://snomed.info/sct", "code": "444814009"}},
            {"date": "2022-03-01", "kind": "medication", "text": "Amoxicillin 250 MG Oral Capsule (stopped)"},
            {"date": "2022-03-01", "kind": "procedure", "text": "Nasal irrigation"},
            {"date": "2022-03-01", "kind": "careplan", "text": "Respiratory therapy"},
            {"date": "2022-03-01", "kind": "report", "text": "History and physical note\nPlan: rest"},
            {"date": "2022-03-01", "kind": "note", "text": "Progress note\nSeen today."},
            {"date": "2022-03-01", "kind": "observation", "text": "Viral sinusitis screen: positive"}]})
}

#[test]
fn what_follows_from_the_diagnosis_on_the_index_date_is_hidden() {
    let case = SeqCase::from_value(&synthea(), 1).unwrap();
    assert_eq!(case.diagnosis, "Viral sinusitis");
    // The reason is the gold by its code (its words differ): out of the opening.
    assert_eq!(
        case.opening,
        "34-year-old male, seen on 2022-03-01. Presenting with: Encounter for symptom (AMB)."
    );
    let found: Vec<(String, String)> = case
        .findings
        .iter()
        .map(|f| (f.name(), f.text.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "Vital signs / Body temperature".to_string(),
                "2019-05-14: 37.1 Cel; 2022-03-01: 37.9 Cel".to_string()
            ),
            (
                "Past visits / Encounter for symptom".to_string(),
                "2020-11-03: Encounter for symptom (AMB); reason: Acute bronchitis (disorder); \
                 2022-03-01: Encounter for symptom (AMB)"
                    .to_string()
            ),
            (
                "Past medical history / Acute bronchitis (disorder)".to_string(),
                "2020-11-03: Acute bronchitis (disorder) (resolved)".to_string()
            ),
            (
                "Medications / Ibuprofen 200 MG Oral Tablet".to_string(),
                "2021-01-05: Ibuprofen 200 MG Oral Tablet (stopped)".to_string()
            ),
        ]
    );
}

#[test]
fn a_reason_that_names_the_gold_is_dropped_and_a_written_complaint_that_does_is_refused() {
    let mut value = synthea();
    value["timeline"][4]["text"] =
        json!("Encounter for symptom (AMB); reason: Viral sinusitis (disorder)");
    value["timeline"][4]["reason"] = json!({"display": "Viral sinusitis (disorder)"});
    let case = SeqCase::from_value(&value, 1).unwrap();
    assert!(!case.opening.contains("reason"), "{}", case.opening);
    // A visit type that names the gold leaves the opening with no complaint at all.
    value["timeline"][4]["text"] = json!("Viral sinusitis follow-up (AMB)");
    let case = SeqCase::from_value(&value, 1).unwrap();
    assert_eq!(case.opening, "34-year-old male, seen on 2022-03-01.");
    assert!(case.findings.iter().all(|f| !f.text.contains("sinusitis")));
    value["question"] = json!("Known viral sinusitis, worse today");
    assert_eq!(
        SeqCase::from_value(&value, 1),
        Err(CaseError::Leak("question".into()))
    );
    value["sections"] = json!([{"name": "chief_complaint", "text": "viral sinusitis"}]);
    assert_eq!(
        SeqCase::from_value(&value, 1),
        Err(CaseError::Leak("sections[0].text".into()))
    );
}

#[test]
fn a_record_without_a_gold_is_not_playable() {
    let value = json!({"id": 1, "timeline": [
        {"date": "2022-03-01", "kind": "lab", "text": "Hemoglobin: 9.1 g/dL"}]});
    assert_eq!(
        SeqCase::from_value(&value, 1),
        Err(CaseError::NoGold(
            "answer, nor a condition recorded on the index date"
        ))
    );
    let value = json!({"id": 1, "answer": "x", "timeline": [{"kind": "lab", "text": "a: b"}]});
    assert_eq!(
        SeqCase::from_value(&value, 1),
        Err(CaseError::Missing("index_date or a dated timeline entry"))
    );
}
