//! A ddx case record with a timeline (what `ddx import fhir` writes) played as a sequential
//! case: the timeline up to the index date is hidden behind requests, and the diagnosis made at
//! the index date is the gold.
//!
//! - The index date is the record's `index_date`, else the date of its last `encounter` entry,
//!   else its last dated entry. Entries after it are dropped: they are never revealed.
//! - The gold is the record's `answer` (a text, or an object with `diagnosis`), else the
//!   conditions recorded on the index date (their `(active)`-style status and a SNOMED CT
//!   semantic tag such as `(disorder)` dropped). Those
//!   condition entries are the answer, so they are not findings. A record with neither is not
//!   playable ([`CaseError::NoGold`]).
//! - What follows from the diagnosis is dropped like what came after it ([`visible`]): entries of
//!   the index date that are treatment or write-up (medications, procedures, care plans, notes,
//!   reports) or that name the gold ([`GoldNames`]), and the reason of an index-date encounter
//!   when it names the gold or carries a gold condition's code.
//! - The opening is who the patient is (age and sex from `patient`) and why they came: a
//!   section named like a chief or presenting complaint, else the record's `question`, else the
//!   index encounter's own line (its reason dropped as above). Nothing of the timeline beyond
//!   that. A section or question that names the gold is refused ([`CaseError::Leak`]).
//! - Findings, named `GROUP / NAME` where NAME is an entry's text before its first `:` (the
//!   whole text for a condition): labs, reports and procedures are tests (`order`), vital signs
//!   are examination (`examine`), conditions, medications, allergies, immunizations,
//!   observations, notes and encounters are history (`ask`). Entries with the same name are one
//!   finding, their dated values in time order.

use serde_json::Value;

use super::case::{CaseError, Finding, Kind, SeqCase};
use super::leak::{refuse_named, without_tag, GoldNames};

/// Kinds of entry that, on the index date, follow from the diagnosis (treatment, write-up).
const FOLLOW_THE_DIAGNOSIS: &[&str] = &[
    "medication",
    "procedure",
    "careplan",
    "care_plan",
    "note",
    "report",
];

/// How the importer appends an encounter's reason to its line.
const REASON: &str = "; reason: ";

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
    let conditions: Vec<&Entry> = before.iter().filter(at_index).copied().collect();
    let (diagnosis, gold_codes) = match gold_of(value) {
        Some(answer) => (answer, Vec::new()),
        None if !conditions.is_empty() => {
            let names: Vec<String> = conditions
                .iter()
                .map(|e| without_semantic_tag(&without_status(&e.text)))
                .collect();
            let codes = conditions.iter().filter_map(|e| e.code.clone()).collect();
            (names.join("; "), codes)
        }
        None => {
            return Err(CaseError::NoGold(
                "answer, nor a condition recorded on the index date",
            ))
        }
    };
    let gold = Gold {
        names: GoldNames::new(&diagnosis, &[]),
        codes: gold_codes,
        index_date: &index_date,
    };
    let shown: Vec<Entry> = before
        .iter()
        .filter(|e| !at_index(e))
        .filter_map(|e| visible(e, &gold))
        .collect();
    let opening = opening(value, &shown, &gold)?;
    Ok(SeqCase {
        id,
        opening,
        findings: findings(&shown),
        diagnosis,
        aliases: Vec::new(),
        format: "record",
    })
}

/// What the solver must not be shown: the gold's names and codes, on its index date.
struct Gold<'a> {
    names: GoldNames,
    codes: Vec<String>,
    index_date: &'a str,
}

/// The entry as the solver may see it, or `None` when it follows from the diagnosis: on the
/// index date, treatment and write-up, an encounter's reason that is the gold (by name or
/// code), and anything whose text names the gold.
fn visible(entry: &Entry, gold: &Gold) -> Option<Entry> {
    if entry.date.as_deref() != Some(gold.index_date) {
        return Some(entry.clone());
    }
    if FOLLOW_THE_DIAGNOSIS.contains(&entry.kind.as_str()) {
        return None;
    }
    let mut shown = entry.clone();
    if entry.kind == "encounter" {
        if let Some((line, reason)) = entry.text.split_once(REASON) {
            let coded = entry
                .reason_code
                .as_ref()
                .is_some_and(|c| gold.codes.contains(c));
            if coded || gold.names.named_in(reason) {
                shown.text = line.trim().to_string();
            }
        }
    }
    (!gold.names.named_in(&shown.text)).then_some(shown)
}

/// The shown entries as findings, one per group and name.
fn findings(shown: &[Entry]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    for entry in shown {
        let (kind, group) = placement(&entry.kind);
        let named_whole = entry.kind == "condition" || entry.kind == "encounter";
        let (name, detail) = match entry.text.split_once(':') {
            Some((name, detail)) if !named_whole && !name.trim().is_empty() => {
                (name.trim().to_string(), detail.trim().to_string())
            }
            // A visit is named by its type: `Encounter for symptom (AMB); reason: ...`.
            _ => {
                let line = entry.text.split(REASON).next().unwrap_or(&entry.text);
                (without_status(line), entry.text.trim().to_string())
            }
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
    findings
}

/// One timeline entry, as much of it as the protocol uses.
#[derive(Clone)]
struct Entry {
    date: Option<String>,
    kind: String,
    text: String,
    /// The code of its coding (`code.code`), to know a condition again.
    code: Option<String>,
    /// An encounter's reason code (`reason.code`).
    reason_code: Option<String>,
}

impl Entry {
    fn read(value: &Value) -> Option<Entry> {
        Some(Entry {
            date: text(value.get("date")),
            kind: text(value.get("kind")).unwrap_or_default(),
            text: text(value.get("text"))?,
            code: text(value.get("code").and_then(|c| c.get("code"))),
            reason_code: text(value.get("reason").and_then(|c| c.get("code"))),
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
    without_tag(text).to_string()
}

/// SNOMED CT's semantic tags of a condition's name: terminology, not part of the diagnosis a
/// clinician would write.
const SEMANTIC_TAGS: &[&str] = &[
    "(disorder)",
    "(finding)",
    "(situation)",
    "(morphologic abnormality)",
    "(event)",
];

/// `Viral sinusitis (disorder)` -> `Viral sinusitis`.
fn without_semantic_tag(name: &str) -> String {
    SEMANTIC_TAGS
        .iter()
        .find_map(|tag| name.strip_suffix(tag))
        .map_or(name, str::trim_end)
        .to_string()
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
/// A complaint section or question that names the gold is refused; the index encounter's line
/// comes from the shown entries, so what names the gold is already out of it.
fn opening(value: &Value, shown: &[Entry], gold: &Gold) -> Result<String, CaseError> {
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
    let section = value
        .get("sections")
        .and_then(Value::as_array)
        .and_then(|sections| {
            sections.iter().enumerate().find_map(|(i, s)| {
                let name = text(s.get("name"))
                    .or_else(|| text(s.get("title")))?
                    .to_lowercase();
                let is_complaint = name.contains("complaint") || name.contains("reason");
                let field = format!("sections[{i}].text");
                is_complaint
                    .then(|| text(s.get("text")).map(|t| (field, t)))
                    .flatten()
            })
        });
    let written = section.or_else(|| text(value.get("question")).map(|q| ("question".into(), q)));
    if let Some((field, complaint)) = &written {
        refuse_named(&gold.names, &[(field.as_str(), complaint.as_str())])?;
    }
    let complaint = written.map(|(_, c)| c).or_else(|| {
        shown
            .iter()
            .find(|e| e.kind == "encounter" && e.date.as_deref() == Some(gold.index_date))
            .map(|e| e.text.clone())
    });
    let index_date = gold.index_date;
    Ok(match complaint {
        Some(c) => format!("{who}, seen on {index_date}. Presenting with: {c}."),
        None => format!("{who}, seen on {index_date}."),
    })
}

#[cfg(test)]
mod tests;
