//! FHIR R4 JSON (Bundles, Bulk Data NDJSON) → one case record per patient (or per encounter).
//!
//! A source is read one resource at a time from the reader its caller opened ([`read`]); each
//! resource becomes a compact timeline item ([`resource`]) kept under its patient by the
//! [`Importer`], so memory follows the size of the timelines, not of the input (raw resources are
//! dropped as soon as they are converted). Cases are built once every source is read, because a
//! Bulk Data export spreads one patient over a file per resource type. Malformed files and
//! resources are counted and described with their file and position; the caller reports them.

mod resource;
mod source;

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

pub use resource::{convert, format_number, reference_id, Converted, Item, PatientInfo};
pub use source::{read, Position, Visitor};

use crate::cases::{iso_day_number, pad_date};

/// One case per patient, or one per encounter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Per {
    #[default]
    Patient,
    Encounter,
}

/// A timeline item as kept until its patient is written: the entry already serialized (a few
/// hundred bytes), so a large export costs little more than its timelines' text.
#[derive(Debug)]
struct Stored {
    sort_time: Option<Box<str>>,
    rank: u8,
    encounter: Option<Box<str>>,
    json: Box<str>,
}

impl Stored {
    fn new(item: Item) -> Self {
        Self {
            sort_time: item.sort_time.map(Into::into),
            rank: item.rank,
            encounter: item.encounter.map(Into::into),
            json: Value::Object(item.entry).to_string().into(),
        }
    }
}

#[derive(Debug, Default)]
struct PatientAcc {
    info: Option<PatientInfo>,
    items: Vec<Stored>,
}

/// Counts for the closing summary.
#[derive(Debug, Default)]
pub struct Tally {
    pub files: usize,
    pub resources: usize,
    pub errors: usize,
    pub skipped: BTreeMap<String, usize>,
    pub notes_decoded: usize,
    pub binary_attachments: usize,
    pub after_index: usize,
    pub outside_encounters: usize,
    pub cases: usize,
    pub identifiers_removed: usize,
}

/// Collects converted resources by patient.
#[derive(Debug, Default)]
pub struct Importer {
    patients: HashMap<String, PatientAcc>,
    order: Vec<String>,
    pub tally: Tally,
    /// Every error, as "position: message", in the order met.
    pub messages: Vec<String>,
}

impl Importer {
    fn patient(&mut self, id: &str) -> &mut PatientAcc {
        if !self.patients.contains_key(id) {
            self.order.push(id.to_string());
        }
        self.patients.entry(id.to_string()).or_default()
    }
}

impl Visitor for Importer {
    fn resource(&mut self, position: &Position, resource: Value) {
        self.tally.resources += 1;
        match convert(&resource) {
            Ok(Converted::Patient(info)) => {
                let id = info.id.clone();
                self.patient(&id).info = Some(*info);
            }
            Ok(Converted::Item(item)) => {
                self.tally.notes_decoded += item.text_attachments;
                self.tally.binary_attachments += item.binary_attachments;
                let id = item.patient.clone();
                self.patient(&id).items.push(Stored::new(item));
            }
            Ok(Converted::Unknown(kind)) => *self.tally.skipped.entry(kind).or_default() += 1,
            Err(e) => {
                let kind = resource.get("resourceType").and_then(Value::as_str);
                let message = match kind {
                    Some(k) if !e.0.starts_with(k) => format!("{k}: {e}"),
                    _ => e.to_string(),
                };
                self.error(position, &message);
            }
        }
    }

    fn error(&mut self, position: &Position, message: &str) {
        self.tally.errors += 1;
        self.messages.push(format!("{position}: {message}"));
    }
}

/// Whole years from `birth` to `at` (both ISO dates).
fn age_at(birth: &str, at: &str) -> Option<i64> {
    let b = chrono::NaiveDate::parse_from_str(pad_date(birth).get(..10)?, "%Y-%m-%d").ok()?;
    let a = chrono::NaiveDate::parse_from_str(at.get(..10)?, "%Y-%m-%d").ok()?;
    a.years_since(b).map(i64::from)
}

impl Importer {
    /// Turn everything read into case records, in the order patients were first seen, handing
    /// each to `sink` as soon as it is built (one patient in memory as JSON at a time).
    pub fn cases(
        &mut self,
        per: Per,
        index_date: Option<&str>,
        sink: &mut dyn FnMut(Map<String, Value>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let order = std::mem::take(&mut self.order);
        for id in order {
            let Some(mut acc) = self.patients.remove(&id) else {
                continue;
            };
            let mut items = std::mem::take(&mut acc.items);
            if let Some(index) = index_date {
                let before = items.len();
                items.retain(|i| match &i.sort_time {
                    Some(t) => t.get(..10).unwrap_or(t) <= index,
                    None => false,
                });
                self.tally.after_index += before - items.len();
            }
            // Chronological; encounters first within the same instant; undated last.
            items.sort_by(|a, b| match (&a.sort_time, &b.sort_time) {
                (Some(x), Some(y)) => x.cmp(y).then(a.rank.cmp(&b.rank)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.rank.cmp(&b.rank),
            });
            let info = acc.info.take();
            match per {
                Per::Patient => {
                    let last = items.iter().rev().find_map(|i| i.sort_time.clone());
                    self.tally.cases += 1;
                    sink(self.case(&id, None, info.as_ref(), items, index_date, last.as_deref()))?;
                }
                Per::Encounter => {
                    let mut groups: Vec<(Box<str>, Vec<Stored>)> = Vec::new();
                    let mut slots: HashMap<Box<str>, usize> = HashMap::new();
                    for item in items {
                        let Some(enc) = item.encounter.clone() else {
                            self.tally.outside_encounters += 1;
                            continue;
                        };
                        match slots.get(&enc) {
                            Some(&i) => groups[i].1.push(item),
                            None => {
                                slots.insert(enc.clone(), groups.len());
                                groups.push((enc, vec![item]));
                            }
                        }
                    }
                    for (enc, list) in groups {
                        let start = list
                            .iter()
                            .find(|i| i.rank == 0)
                            .or(list.first())
                            .and_then(|i| i.sort_time.clone());
                        let index = index_date
                            .map(ToString::to_string)
                            .or(start.as_deref().map(ToString::to_string));
                        self.tally.cases += 1;
                        sink(self.case(
                            &id,
                            Some(&enc),
                            info.as_ref(),
                            list,
                            index.as_deref(),
                            start.as_deref(),
                        ))?;
                    }
                }
            }
        }
        Ok(())
    }

    fn case(
        &self,
        patient_id: &str,
        encounter: Option<&str>,
        info: Option<&PatientInfo>,
        items: Vec<Stored>,
        index_date: Option<&str>,
        reference: Option<&str>,
    ) -> Map<String, Value> {
        let mut record = Map::new();
        let id = match encounter {
            Some(e) => format!("{patient_id}/{e}"),
            None => patient_id.to_string(),
        };
        record.insert("id".into(), json!(id));
        let mut patient = info.map(|i| i.fields.clone()).unwrap_or_else(|| {
            let mut m = Map::new();
            m.insert("id".into(), json!(patient_id));
            m
        });
        // Age at the index date, else at death, else at the last entry.
        let at = index_date
            .map(ToString::to_string)
            .or_else(|| info.and_then(|i| i.deceased.clone()))
            .or_else(|| reference.map(ToString::to_string));
        if let (Some(birth), Some(at)) = (info.and_then(|i| i.birth_date.as_deref()), at.as_deref())
        {
            if let Some(age) = age_at(birth, at) {
                patient.insert("age".into(), json!(age));
            }
        }
        record.insert("patient".into(), Value::Object(patient));
        let index_day = index_date.map(pad_date).as_deref().and_then(iso_day_number);
        if let Some(d) = index_date {
            record.insert("index_date".into(), json!(d.get(..10).unwrap_or(d)));
        }
        let timeline: Vec<Value> = items
            .into_iter()
            .filter_map(|item| serde_json::from_str::<Map<String, Value>>(&item.json).ok())
            .map(|mut entry| {
                if let (Some(index), Some(day)) = (
                    index_day,
                    entry
                        .get("date")
                        .and_then(Value::as_str)
                        .and_then(iso_day_number),
                ) {
                    entry.insert("day".into(), json!(day - index));
                }
                if let Some(index) = index_day {
                    hide_future(&mut entry, index);
                }
                Value::Object(entry)
            })
            .collect();
        record.insert("timeline".into(), Value::Array(timeline));
        let mut meta = Map::new();
        meta.insert("source".into(), json!("fhir"));
        meta.insert("patient_id".into(), json!(patient_id));
        if let Some(e) = encounter {
            meta.insert("encounter_id".into(), json!(e));
        }
        record.insert("meta".into(), Value::Object(meta));
        record
    }
}

/// What an entry says about after the index date must not leak into a prediction case: a
/// condition that resolved later was still active then; an encounter that ended later had not.
fn hide_future(entry: &mut Map<String, Value>, index_day: i64) {
    let after = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .and_then(iso_day_number)
            .is_some_and(|d| d > index_day)
    };
    if after(entry.get("abatement")) {
        entry.remove("abatement");
        entry.insert("clinical_status".into(), json!("active"));
        if let Some(Value::String(text)) = entry.get_mut("text") {
            if let Some(cut) = text.rfind(" (") {
                text.truncate(cut);
            }
            text.push_str(" (active)");
        }
    }
    if after(entry.get("end")) {
        entry.remove("end");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages() {
        assert_eq!(age_at("1950-06-15", "2020-06-14"), Some(69));
        assert_eq!(age_at("1950-06-15", "2020-06-15"), Some(70));
        assert_eq!(age_at("1950", "2020-06-15"), Some(70));
    }

    #[test]
    fn grouping_sorting_and_index_date() {
        let mut imp = Importer::default();
        let bundle = br#"{"resourceType":"Bundle","type":"collection","entry":[
 {"resource":{"resourceType":"Patient","id":"p1","birthDate":"1980-01-01","gender":"male"}},
 {"resource":{"resourceType":"Observation","subject":{"reference":"Patient/p1"},"encounter":{"reference":"Encounter/e1"},"code":{"text":"HR"},"effectiveDateTime":"2020-01-02T10:00:00Z","valueQuantity":{"value":80}}},
 {"resource":{"resourceType":"Encounter","id":"e1","subject":{"reference":"Patient/p1"},"period":{"start":"2020-01-02T10:00:00Z"}}},
 {"resource":{"resourceType":"Condition","subject":{"reference":"Patient/p1"},"code":{"text":"Flu"},"onsetDateTime":"2021-01-01"}}
]}"#;
        read("b.json", &bundle[..], &mut imp);
        let mut cases = Vec::new();
        imp.cases(Per::Patient, Some("2020-12-31"), &mut |c| {
            cases.push(c);
            Ok(())
        })
        .expect("cases");
        assert_eq!(cases.len(), 1);
        let timeline = cases[0]["timeline"].as_array().expect("timeline");
        let kinds: Vec<_> = timeline
            .iter()
            .map(|e| e["kind"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(kinds, ["encounter", "observation"]);
        assert_eq!(timeline[0]["day"], -364);
        assert_eq!(cases[0]["patient"]["age"], 40);
        assert_eq!(imp.tally.after_index, 1);
    }
}
