//! A sequential case: what the clinician is told first (the opening), the findings hidden behind
//! requests (history items, examination findings by system, test results by test) and the gold
//! diagnosis with its aliases.
//!
//! Three forms are read ([`SeqCase::from_value`]): ddx case records with a timeline (what
//! `ddx import fhir` writes; see [`super::record`]), AgentClinic's OSCE records as they are
//! (`OSCE_Examination.{Objective_for_Doctor, Patient_Actor, Physical_Examination_Findings,
//! Test_Results, Correct_Diagnosis}`) and ddx's own form:
//!
//! ```json
//! {"id": "mg-1", "opening": "35-year-old woman with double vision for a month",
//!  "history": {"Past medical history": "None", "Social history": "Non-smoker"},
//!  "exam": {"Neurological": {"Cranial nerves": "Right ptosis worse on upward gaze"}},
//!  "tests": {"Acetylcholine receptor antibodies": "Elevated"},
//!  "diagnosis": "Myasthenia gravis", "aliases": ["MG"]}
//! ```
//!
//! Nested objects become findings whose name is their path (`Neurological / Cranial nerves`);
//! lists are joined with `; `. An opening that names the gold (or an alias, or an equivalent in
//! the diagnosis table) is refused with the field that does ([`super::leak`]).

use serde_json::{Map, Value};

use super::leak::{self, GoldNames};

/// Where a hidden finding sits, and so which action may reveal it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Told by the patient (`ask`).
    History,
    /// Found on examination (`examine`).
    Exam,
    /// A test result (`order`).
    Test,
}

/// One hidden finding: its path of names (outermost first) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub path: Vec<String>,
    pub text: String,
}

impl Finding {
    /// The path as one name: `Neurological Examination / Cranial Nerves`.
    pub fn name(&self) -> String {
        self.path.join(" / ")
    }
}

/// A case for sequential diagnosis.
#[derive(Debug, Clone, PartialEq)]
pub struct SeqCase {
    pub id: Value,
    /// What the clinician is told first.
    pub opening: String,
    pub findings: Vec<Finding>,
    pub diagnosis: String,
    /// Other names of the diagnosis that count as correct.
    pub aliases: Vec<String>,
    /// `osce`, `ddx` or `record`.
    pub format: &'static str,
}

/// Why a record is not a sequential case.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum CaseError {
    #[error("not a sequential case: expected an 'OSCE_Examination' object, 'opening' and 'diagnosis', or a case record with a 'timeline'")]
    Unknown,
    #[error("the case has no {0}")]
    Missing(&'static str),
    /// Nothing to score against: what was looked for.
    #[error("the case has no gold diagnosis: no {0}")]
    NoGold(&'static str),
    /// The opening would show the answer: the field that names the gold (never its text).
    #[error("the case's opening names its gold diagnosis (field '{0}'): an encounter must not start with the answer in view; take the diagnosis out of that field")]
    Leak(String),
}

impl SeqCase {
    /// Read a record in either form; `line` names a case without an `id`.
    pub fn from_value(value: &Value, line: usize) -> Result<Self, CaseError> {
        let id = value
            .get("id")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or_else(|| Value::from(format!("line-{line}")));
        if let Some(osce) = value.get("OSCE_Examination").and_then(Value::as_object) {
            return from_osce(osce, id);
        }
        if value.get("opening").is_some() || value.get("diagnosis").is_some() {
            return from_ddx(value, id);
        }
        if value.get("timeline").is_some_and(Value::is_array) {
            return super::record::from_record(value, id);
        }
        Err(CaseError::Unknown)
    }
}

fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn from_osce(osce: &Map<String, Value>, id: Value) -> Result<SeqCase, CaseError> {
    let diagnosis =
        text_of(osce.get("Correct_Diagnosis")).ok_or(CaseError::NoGold("'Correct_Diagnosis'"))?;
    let actor = osce.get("Patient_Actor").and_then(Value::as_object);
    let demographics = actor.and_then(|a| text_of(a.get("Demographics")));
    let primary = actor
        .and_then(|a| a.get("Symptoms"))
        .and_then(|s| text_of(s.get("Primary_Symptom")));
    // The opening is who the patient is and why they came: demographics and the primary symptom
    // (the objective for the doctor when there is none). Nothing else of the case.
    let (complaint, complaint_field) = match (&primary, text_of(osce.get("Objective_for_Doctor"))) {
        (Some(p), _) => (p.clone(), "Patient_Actor.Symptoms.Primary_Symptom"),
        (None, Some(o)) => (o, "Objective_for_Doctor"),
        (None, None) => {
            return Err(CaseError::Missing(
                "Primary_Symptom or Objective_for_Doctor",
            ))
        }
    };
    leak::refuse_named(
        &GoldNames::new(&diagnosis, &[]),
        &[
            (
                "Patient_Actor.Demographics",
                demographics.as_deref().unwrap_or(""),
            ),
            (complaint_field, complaint.as_str()),
        ],
    )?;
    let opening = match demographics {
        Some(d) => format!("{d}. Presenting complaint: {complaint}."),
        None => format!("Presenting complaint: {complaint}."),
    };
    let mut findings = Vec::new();
    if let Some(actor) = actor {
        for (key, value) in actor {
            if key == "Demographics" {
                continue;
            }
            if key == "Symptoms" && primary.is_some() {
                // The primary symptom is in the opening; the others stay hidden.
                if let Some(symptoms) = value.as_object() {
                    for (k, v) in symptoms.iter().filter(|(k, _)| *k != "Primary_Symptom") {
                        flatten(Kind::History, &[label(key), label(k)], v, &mut findings);
                    }
                    continue;
                }
            }
            flatten(Kind::History, &[label(key)], value, &mut findings);
        }
    }
    if let Some(exam) = osce.get("Physical_Examination_Findings") {
        flatten(Kind::Exam, &[], exam, &mut findings);
    }
    if let Some(tests) = osce.get("Test_Results") {
        flatten(Kind::Test, &[], tests, &mut findings);
    }
    Ok(SeqCase {
        id,
        opening,
        findings,
        diagnosis,
        aliases: Vec::new(),
        format: "osce",
    })
}

fn from_ddx(value: &Value, id: Value) -> Result<SeqCase, CaseError> {
    let opening = text_of(value.get("opening")).ok_or(CaseError::Missing("opening"))?;
    let diagnosis = text_of(value.get("diagnosis")).ok_or(CaseError::NoGold("'diagnosis'"))?;
    let mut findings = Vec::new();
    for (field, kind) in [
        ("history", Kind::History),
        ("exam", Kind::Exam),
        ("tests", Kind::Test),
    ] {
        if let Some(v) = value.get(field) {
            flatten(kind, &[], v, &mut findings);
        }
    }
    let aliases: Vec<String> = value
        .get("aliases")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|v| text_of(Some(v))).collect())
        .unwrap_or_default();
    leak::refuse_named(
        &GoldNames::new(&diagnosis, &aliases),
        &[("opening", opening.as_str())],
    )?;
    Ok(SeqCase {
        id,
        opening,
        findings,
        diagnosis,
        aliases,
        format: "ddx",
    })
}

/// `Past_Medical_History` -> `Past Medical History`.
fn label(key: &str) -> String {
    key.replace('_', " ").trim().to_string()
}

/// Every leaf under `value` as a finding named by its path.
fn flatten(kind: Kind, path: &[String], value: &Value, out: &mut Vec<Finding>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let mut p = path.to_vec();
                p.push(label(key));
                flatten(kind, &p, v, out);
            }
        }
        Value::Array(items) if items.iter().all(|v| !v.is_object()) => {
            let text: Vec<String> = items.iter().filter_map(|v| text_of(Some(v))).collect();
            if !text.is_empty() && !path.is_empty() {
                out.push(Finding {
                    kind,
                    path: path.to_vec(),
                    text: text.join("; "),
                });
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut p = path.to_vec();
                p.push(format!("{}", i + 1));
                flatten(kind, &p, v, out);
            }
        }
        Value::Bool(b) if !path.is_empty() => out.push(Finding {
            kind,
            path: path.to_vec(),
            text: if *b { "yes" } else { "no" }.into(),
        }),
        other => {
            if let (Some(text), false) = (text_of(Some(other)), path.is_empty()) {
                out.push(Finding {
                    kind,
                    path: path.to_vec(),
                    text,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn osce() -> Value {
        json!({"OSCE_Examination": {
            "Objective_for_Doctor": "Assess the patient.",
            "Patient_Actor": {"Demographics": "35-year-old female",
                "History": "One month of double vision.",
                "Symptoms": {"Primary_Symptom": "Double vision", "Secondary_Symptoms": ["Weak arms", "Better after rest"]},
                "Past_Medical_History": "None."},
            "Physical_Examination_Findings": {"Neurological_Examination": {"Cranial_Nerves": "Right ptosis."}},
            "Test_Results": {"Blood_Tests": {"AChR_Antibodies": "Elevated"}},
            "Correct_Diagnosis": "Myasthenia gravis"}})
    }

    #[test]
    fn reads_an_osce_record_with_the_primary_symptom_in_the_opening() {
        let case = SeqCase::from_value(&osce(), 3).unwrap();
        assert_eq!(case.id, json!("line-3"));
        assert_eq!(
            case.opening,
            "35-year-old female. Presenting complaint: Double vision."
        );
        assert_eq!(case.diagnosis, "Myasthenia gravis");
        let names: Vec<String> = case.findings.iter().map(Finding::name).collect();
        assert_eq!(
            names,
            [
                "History",
                "Symptoms / Secondary Symptoms",
                "Past Medical History",
                "Neurological Examination / Cranial Nerves",
                "Blood Tests / AChR Antibodies"
            ]
        );
        assert_eq!(case.findings[1].text, "Weak arms; Better after rest");
        assert_eq!(case.findings[4].kind, Kind::Test);
    }

    #[test]
    fn reads_the_ddx_form() {
        let case = SeqCase::from_value(
            &json!({"id": 7, "opening": "A cough.", "history": {"Smoking": "20 pack-years"},
                "exam": {"Respiratory": "Wheeze"}, "tests": {"CXR": "Hyperinflation"},
                "diagnosis": "COPD", "aliases": ["chronic obstructive pulmonary disease"]}),
            1,
        )
        .unwrap();
        assert_eq!((case.id.clone(), case.format), (json!(7), "ddx"));
        assert_eq!(case.findings.len(), 3);
        assert_eq!(case.aliases, ["chronic obstructive pulmonary disease"]);
    }

    #[test]
    fn refuses_what_is_not_a_case() {
        assert_eq!(
            SeqCase::from_value(&json!({"question": "?"}), 1),
            Err(CaseError::Unknown)
        );
        assert_eq!(
            SeqCase::from_value(&json!({"opening": "x"}), 1),
            Err(CaseError::NoGold("'diagnosis'"))
        );
    }
}
