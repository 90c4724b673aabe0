//! Gold-standard annotations for `ddx deid --score`: which characters of a record's text are
//! identifiers, and of which type. Two forms, in any JSONL case record:
//!
//! - inline marks in any string field: `"notes": "Seen by Dr. [[clinician:Okafor]] on
//!   [[date:3/4/2021]]"` (the fixture sets in tests/fixtures/deid/ are written so);
//! - standoff spans beside a `text` field, the i2b2/n2c2 way: `"text": "...", "spans":
//!   [{"start": 12, "end": 18, "type": "name"}]`, offsets in characters, end exclusive.
//!
//! Strings with no mark are scored too: whatever is removed from them counts against precision.
//! The `id`, `patient`, `spans` and `deid` fields are not text; `patient` is handed to the
//! detector in the "with patient fields" figures only.

use serde_json::{Map, Value};

use super::super::kind::Kind;

/// One gold identifier: byte offsets into its text, the label as written and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub kind: Kind,
}

/// One text of a record with its gold identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldText {
    pub field: String,
    pub text: String,
    pub spans: Vec<GoldSpan>,
}

/// A gold record: its texts and the patient object, if any.
#[derive(Debug, Clone)]
pub struct GoldRecord {
    pub patient: Option<Map<String, Value>>,
    pub texts: Vec<GoldText>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GoldError {
    #[error("field '{field}': a '[[' mark is not closed by ']]'")]
    Unclosed { field: String },
    #[error("field '{field}': a mark has no 'type:' before its text")]
    NoLabel { field: String },
    #[error("field '{field}': unknown identifier type '{label}' (use one of: {known})")]
    UnknownLabel {
        field: String,
        label: String,
        known: String,
    },
    #[error("'spans' item {index}: {problem}")]
    BadSpan { index: usize, problem: String },
    #[error("'spans' needs a string 'text' field beside it")]
    NoText,
}

/// Labels accepted besides the kinds' own names, and the kind each stands for.
const ALIASES: &[(&str, Kind)] = &[
    ("relative", Kind::Name),
    ("clinician", Kind::Name),
    ("doctor", Kind::Name),
    ("patient", Kind::Name),
    ("person", Kind::Name),
    ("username", Kind::Name),
    ("hospital", Kind::Organization),
    ("employer", Kind::Organization),
    ("city", Kind::Address),
    ("street", Kind::Address),
    ("location", Kind::Address),
    ("postcode", Kind::Zip),
    ("plate", Kind::Vehicle),
    ("vin", Kind::Vehicle),
    ("device", Kind::DeviceId),
    ("id", Kind::OtherId),
];

/// The kind a gold label stands for.
pub fn label_kind(label: &str) -> Option<Kind> {
    let lower = label.trim().to_ascii_lowercase();
    Kind::parse(&lower).or_else(|| {
        ALIASES
            .iter()
            .find(|(alias, _)| *alias == lower)
            .map(|(_, kind)| *kind)
    })
}

fn known_labels() -> String {
    let mut all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    all.extend(ALIASES.iter().map(|(a, _)| *a));
    all.join(", ")
}

fn kind_of(label: &str, field: &str) -> Result<Kind, GoldError> {
    label_kind(label).ok_or_else(|| GoldError::UnknownLabel {
        field: field.to_string(),
        label: label.to_string(),
        known: known_labels(),
    })
}

/// Strip `[[type:value]]` marks: the plain text and its gold spans.
pub fn unmark(marked: &str, field: &str) -> Result<GoldText, GoldError> {
    let mut text = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let inner = &rest[open + 2..];
        let close = inner.find("]]").ok_or_else(|| GoldError::Unclosed {
            field: field.to_string(),
        })?;
        let (label, value) = inner[..close]
            .split_once(':')
            .ok_or_else(|| GoldError::NoLabel {
                field: field.to_string(),
            })?;
        let kind = kind_of(label, field)?;
        spans.push(GoldSpan {
            start: text.len(),
            end: text.len() + value.len(),
            label: label.trim().to_ascii_lowercase(),
            kind,
        });
        text.push_str(value);
        rest = &inner[close + 2..];
    }
    text.push_str(rest);
    Ok(GoldText {
        field: field.to_string(),
        text,
        spans,
    })
}

/// Byte offset of character `n` of `text` (its length for `n` = the character count).
fn byte_at(text: &str, n: usize) -> Option<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .nth(n)
}

/// `text` with standoff `spans` (character offsets) as a gold text.
fn standoff(text: &str, spans: &[Value]) -> Result<GoldText, GoldError> {
    let mut out = Vec::with_capacity(spans.len());
    for (index, item) in spans.iter().enumerate() {
        let bad = |problem: &str| GoldError::BadSpan {
            index,
            problem: problem.to_string(),
        };
        let offset = |key: &str| {
            item.get(key)
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| bad(&format!("'{key}' must be a whole number")))
        };
        let (start, end) = (offset("start")?, offset("end")?);
        let label = item
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("'type' must be a string"))?;
        let kind = kind_of(label, "text")?;
        let (Some(from), Some(to)) = (byte_at(text, start), byte_at(text, end)) else {
            return Err(bad("offsets past the end of 'text'"));
        };
        if from >= to {
            return Err(bad("'start' must be before 'end'"));
        }
        out.push(GoldSpan {
            start: from,
            end: to,
            label: label.trim().to_ascii_lowercase(),
            kind,
        });
    }
    out.sort_by_key(|s| (s.start, s.end));
    Ok(GoldText {
        field: "text".into(),
        text: text.to_string(),
        spans: out,
    })
}

/// The texts of one record, with their gold spans, and its patient object.
pub fn parse_record(record: &Map<String, Value>) -> Result<GoldRecord, GoldError> {
    let mut texts = Vec::new();
    let standoff_spans = record.get("spans").and_then(Value::as_array);
    if let Some(spans) = standoff_spans {
        let text = record
            .get("text")
            .and_then(Value::as_str)
            .ok_or(GoldError::NoText)?;
        texts.push(standoff(text, spans)?);
    }
    for (key, value) in record {
        let skip = ["id", "patient", "spans", "deid"].contains(&key.as_str())
            || (standoff_spans.is_some() && key == "text");
        if !skip {
            collect_strings(value, key, &mut texts)?;
        }
    }
    Ok(GoldRecord {
        patient: record.get("patient").and_then(Value::as_object).cloned(),
        texts,
    })
}

fn collect_strings(value: &Value, path: &str, out: &mut Vec<GoldText>) -> Result<(), GoldError> {
    match value {
        Value::String(s) => out.push(unmark(s, path)?),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_strings(v, &format!("{path}[{i}]"), out)?;
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                if k != "system" {
                    collect_strings(v, &format!("{path}.{k}"), out)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn inline_marks_become_spans_over_the_plain_text() {
        let gold = unmark("Dr. [[clinician:Okafor]] on [[date:3/4]].", "notes").expect("parses");
        assert_eq!(gold.text, "Dr. Okafor on 3/4.");
        let got: Vec<(&str, &str, Kind)> = gold
            .spans
            .iter()
            .map(|s| (&gold.text[s.start..s.end], s.label.as_str(), s.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("Okafor", "clinician", Kind::Name),
                ("3/4", "date", Kind::Date)
            ]
        );
    }

    #[test]
    fn standoff_offsets_are_characters() {
        let r = record(json!({"id": "x", "text": "Müller rang 555-0142",
            "spans": [{"start": 0, "end": 6, "type": "name"}, {"start": 12, "end": 20, "type": "phone"}],
            "patient": {"name": "Müller"}}));
        let gold = parse_record(&r).expect("parses");
        assert_eq!(gold.texts.len(), 1);
        let t = &gold.texts[0];
        assert_eq!(&t.text[t.spans[0].start..t.spans[0].end], "Müller");
        assert_eq!(&t.text[t.spans[1].start..t.spans[1].end], "555-0142");
        assert!(gold.patient.is_some());
    }

    #[test]
    fn bad_gold_is_reported_by_field_and_item() {
        let cases = [
            (json!({"notes": "a [[name:B"}), "not closed"),
            (json!({"notes": "a [[B]]"}), "no 'type:'"),
            (
                json!({"notes": "a [[nickname:B]]"}),
                "unknown identifier type 'nickname'",
            ),
            (
                json!({"text": "abc", "spans": [{"start": 2, "end": 9, "type": "name"}]}),
                "item 0",
            ),
            (
                json!({"text": "abc", "spans": [{"start": 2, "end": 1, "type": "name"}]}),
                "before",
            ),
            (json!({"spans": []}), "'text'"),
        ];
        for (v, want) in cases {
            let err = parse_record(&record(v.clone()))
                .expect_err("an error")
                .to_string();
            assert!(err.contains(want), "{v}: {err}");
        }
    }

    #[test]
    fn every_string_but_the_non_text_fields_is_scored() {
        let r = record(json!({"id": "a", "patient": {"name": "X"}, "notes": "x",
            "timeline": [{"text": "[[date:May 1]]", "system": "http://loinc.org"}]}));
        let fields: Vec<String> = parse_record(&r)
            .expect("parses")
            .texts
            .into_iter()
            .map(|t| t.field)
            .collect();
        assert_eq!(fields, ["notes", "timeline[0].text"]);
    }
}
