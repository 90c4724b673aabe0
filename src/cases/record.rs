//! The case record: one JSON object per line of a case file.
//!
//! A record has a required `id` and optional clinical fields (patient, free-text sections,
//! timeline, question, options, gold answer, meta). Raw lines `{"id","prompt"}` and OpenAI-style
//! `{"id","messages"}` are cases too. Parsing is field by field so every problem names its field;
//! unknown fields are ignored. Case text is data: it is handed to templates as values, never as
//! template code, and never printed or logged unless the user asks for it.

use serde::Serialize;
use serde_json::{Map, Value};

use super::dates::iso_day_number;
use crate::engine::ChatMessage;

/// Free-text sections in the order templates show them: (field, title).
pub const SECTIONS: &[(&str, &str)] = &[
    ("chief_complaint", "Chief complaint"),
    ("presentation", "Presentation"),
    ("history", "History of present illness"),
    ("past_medical_history", "Past medical history"),
    ("medications", "Medications"),
    ("allergies", "Allergies"),
    ("social_history", "Social history"),
    ("family_history", "Family history"),
    ("review_of_systems", "Review of systems"),
    ("exam", "Examination"),
    ("labs", "Laboratory results"),
    ("imaging", "Imaging"),
    ("assessment", "Assessment"),
    ("notes", "Notes"),
];

/// Why a line is not a usable case. `kind` is stable and machine-readable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CaseError {
    pub kind: &'static str,
    pub field: Option<String>,
    pub message: String,
}

impl CaseError {
    pub fn new(kind: &'static str, field: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            kind,
            field: field.map(ToString::to_string),
            message: message.into(),
        }
    }

    fn wrong_type(field: &str, expected: &str, got: &Value) -> Self {
        Self::new(
            "wrong_type",
            Some(field),
            format!("field '{field}' must be {expected}, not {}", json_type(got)),
        )
    }
}

/// Name of a JSON value's type, for messages (never the value itself: it may be patient text).
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One answer option of a multiple-choice case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerOption {
    pub label: String,
    pub text: String,
}

/// One free-text section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub name: String,
    pub title: String,
    pub text: String,
}

/// One dated or day-offset entry of the case's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// ISO date (or date-time) when given.
    pub date: Option<String>,
    /// Day offset relative to the index date when given.
    pub day: Option<i64>,
    /// How templates show the time: the date, or "day -3".
    pub when: String,
    pub kind: String,
    pub text: String,
    /// Every other field of the entry (value, unit, code, ...), as given.
    pub fields: Map<String, Value>,
}

/// A parsed case.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The id as given (string or number); echoed in results.
    pub id: Value,
    pub patient: Option<Map<String, Value>>,
    pub sections: Vec<Section>,
    pub timeline: Vec<TimelineEntry>,
    pub index_date: Option<String>,
    pub question: Option<String>,
    pub options: Vec<AnswerOption>,
    /// The gold label; never shown to the model.
    pub answer: Option<Value>,
    pub meta: Option<Value>,
    pub prompt: Option<String>,
    pub system: Option<String>,
    pub messages: Option<Vec<ChatMessage>>,
}

/// The id of a record as a string key (for duplicate detection and lookups).
pub fn id_key(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn text_field(obj: &Map<String, Value>, field: &str) -> Result<Option<String>, CaseError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(CaseError::wrong_type(field, "a string", other)),
    }
}

/// A free-text section: a string, or structured findings (an object or a list) as indented
/// lines; absent or `null` is no section.
fn section_field(
    obj: &Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<Option<String>, CaseError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value @ (Value::String(_) | Value::Object(_) | Value::Array(_))) => {
            Ok(Some(super::nested::section_text(value)))
        }
        Some(other) => Err(CaseError::wrong_type(
            field,
            "a string, an object or a list",
            other,
        )),
    }
}

/// Parse the id alone (used before the rest, so even a bad record reports its id).
pub fn parse_id(obj: &Map<String, Value>) -> Result<Value, CaseError> {
    match obj.get("id") {
        None | Some(Value::Null) => Err(CaseError::new(
            "missing_id",
            Some("id"),
            "the record has no 'id' field",
        )),
        Some(Value::String(s)) if s.trim().is_empty() => Err(CaseError::new(
            "invalid_id",
            Some("id"),
            "field 'id' is an empty string",
        )),
        Some(id @ (Value::String(_) | Value::Number(_))) => Ok(id.clone()),
        Some(other) => Err(CaseError::new(
            "invalid_id",
            Some("id"),
            format!(
                "field 'id' must be a string or a number, not {}",
                json_type(other)
            ),
        )),
    }
}

fn parse_options(value: &Value) -> Result<Vec<AnswerOption>, CaseError> {
    let letter = |i: usize| {
        u8::try_from(i)
            .ok()
            .filter(|i| *i < 26)
            .map_or_else(|| (i + 1).to_string(), |i| char::from(b'A' + i).to_string())
    };
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(label, text)| match text {
                Value::String(t) => Ok(AnswerOption {
                    label: label.clone(),
                    text: t.clone(),
                }),
                Value::Number(n) => Ok(AnswerOption {
                    label: label.clone(),
                    text: n.to_string(),
                }),
                other => Err(CaseError::wrong_type(
                    &format!("options.{label}"),
                    "a string",
                    other,
                )),
            })
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(t) => Ok(AnswerOption {
                    label: letter(i),
                    text: t.clone(),
                }),
                Value::Object(o) => {
                    let text = text_field(o, "text")?.ok_or_else(|| {
                        CaseError::new(
                            "missing_field",
                            Some("options"),
                            format!("option {} has no 'text'", i + 1),
                        )
                    })?;
                    let label = text_field(o, "label")?.unwrap_or_else(|| letter(i));
                    Ok(AnswerOption { label, text })
                }
                other => Err(CaseError::wrong_type(
                    &format!("options[{i}]"),
                    "a string or an object",
                    other,
                )),
            })
            .collect(),
        other => Err(CaseError::wrong_type(
            "options",
            "an object or an array",
            other,
        )),
    }
}

fn parse_messages(value: &Value) -> Result<Vec<ChatMessage>, CaseError> {
    let Value::Array(items) = value else {
        return Err(CaseError::wrong_type("messages", "an array", value));
    };
    if items.is_empty() {
        return Err(CaseError::new(
            "wrong_type",
            Some("messages"),
            "field 'messages' is empty",
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let Value::Object(o) = item else {
                return Err(CaseError::wrong_type(
                    &format!("messages[{i}]"),
                    "an object",
                    item,
                ));
            };
            let field = |name: &str| {
                text_field(o, name)
                    .map_err(|_| {
                        CaseError::wrong_type(
                            &format!("messages[{i}].{name}"),
                            "a string",
                            &o[name],
                        )
                    })?
                    .ok_or_else(|| {
                        CaseError::new(
                            "missing_field",
                            Some("messages"),
                            format!("messages[{i}] has no '{name}'"),
                        )
                    })
            };
            let role = field("role")?;
            if !matches!(role.as_str(), "system" | "user" | "assistant") {
                return Err(CaseError::new(
                    "wrong_type",
                    Some("messages"),
                    format!(
                        "messages[{i}].role must be 'system', 'user' or 'assistant', not '{role}'"
                    ),
                ));
            }
            Ok(ChatMessage {
                role,
                content: field("content")?,
            })
        })
        .collect()
}

fn parse_timeline(value: &Value, index_day: Option<i64>) -> Result<Vec<TimelineEntry>, CaseError> {
    let Value::Array(items) = value else {
        return Err(CaseError::wrong_type("timeline", "an array", value));
    };
    let mut entries = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let field = format!("timeline[{i}]");
        let Value::Object(obj) = item else {
            return Err(CaseError::wrong_type(&field, "an object", item));
        };
        let date = text_field(obj, "date").map_err(|_| {
            CaseError::wrong_type(&format!("{field}.date"), "a string", &obj["date"])
        })?;
        let day = match obj.get("day") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(n.as_i64().ok_or_else(|| {
                CaseError::new(
                    "wrong_type",
                    Some(&format!("{field}.day")),
                    format!("{field}.day must be a whole number"),
                )
            })?),
            Some(other) => {
                return Err(CaseError::wrong_type(
                    &format!("{field}.day"),
                    "a number",
                    other,
                ))
            }
        };
        let kind = text_field(obj, "kind")
            .map_err(|_| CaseError::wrong_type(&format!("{field}.kind"), "a string", &obj["kind"]))?
            .unwrap_or_else(|| "note".to_string());
        let text = text_field(obj, "text")
            .map_err(|_| CaseError::wrong_type(&format!("{field}.text"), "a string", &obj["text"]))?
            .unwrap_or_default();
        let when = match (&date, day) {
            (Some(d), _) => d.clone(),
            (None, Some(d)) => format!("day {d}"),
            (None, None) => String::new(),
        };
        let fields = obj
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "date" | "day" | "kind" | "text"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        entries.push(TimelineEntry {
            date,
            day,
            when,
            kind,
            text,
            fields,
        });
    }
    // Chronological order; an entry's time is its date, or the index date plus its day offset.
    let key = |e: &TimelineEntry| -> Option<(i64, String)> {
        let day = e
            .date
            .as_deref()
            .and_then(iso_day_number)
            .or_else(|| e.day.map(|d| index_day.unwrap_or(0) + d))?;
        Some((day, e.date.clone().unwrap_or_default()))
    };
    entries.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    Ok(entries)
}

impl Case {
    /// Parse a JSON object into a case; errors name the field.
    pub fn from_object(obj: &Map<String, Value>) -> Result<Self, CaseError> {
        let id = parse_id(obj)?;
        let patient = match obj.get("patient") {
            None | Some(Value::Null) => None,
            Some(Value::Object(p)) => Some(p.clone()),
            Some(other) => return Err(CaseError::wrong_type("patient", "an object", other)),
        };
        let mut sections = Vec::new();
        for (name, title) in SECTIONS {
            if let Some(text) = section_field(obj, name, name)? {
                sections.push(Section {
                    name: (*name).to_string(),
                    title: (*title).to_string(),
                    text,
                });
            }
        }
        match obj.get("sections") {
            None | Some(Value::Null) => {}
            Some(Value::Object(extra)) => {
                for title in extra.keys() {
                    if let Some(text) = section_field(extra, title, &format!("sections.{title}"))? {
                        sections.push(Section {
                            name: title.clone(),
                            title: title.replace('_', " "),
                            text,
                        });
                    }
                }
            }
            Some(other) => return Err(CaseError::wrong_type("sections", "an object", other)),
        }
        let index_date = text_field(obj, "index_date")?;
        let index_day = index_date.as_deref().and_then(iso_day_number);
        let timeline = match obj.get("timeline") {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => parse_timeline(value, index_day)?,
        };
        let options = match obj.get("options") {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => parse_options(value)?,
        };
        let messages = match obj.get("messages") {
            None | Some(Value::Null) => None,
            Some(value) => Some(parse_messages(value)?),
        };
        Ok(Self {
            id,
            patient,
            sections,
            timeline,
            index_date,
            question: text_field(obj, "question")?,
            options,
            answer: obj.get("answer").filter(|v| !v.is_null()).cloned(),
            meta: obj.get("meta").filter(|v| !v.is_null()).cloned(),
            prompt: text_field(obj, "prompt")?,
            system: text_field(obj, "system")?,
            messages,
        })
    }

    /// "54-year-old female" style line from `patient.age` and `patient.sex`.
    pub fn patient_line(&self) -> Option<String> {
        let patient = self.patient.as_ref()?;
        let age = patient.get("age").and_then(|a| match a {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            _ => None,
        });
        let sex = patient
            .get("sex")
            .or_else(|| patient.get("gender"))
            .and_then(Value::as_str)
            .map(|s| match s.to_ascii_lowercase().as_str() {
                "f" | "female" => "female".to_string(),
                "m" | "male" => "male".to_string(),
                other => other.to_string(),
            });
        match (age, sex) {
            (Some(a), Some(s)) => Some(format!("{a}-year-old {s}")),
            (Some(a), None) => Some(format!("{a} years old")),
            (None, Some(s)) => Some(s),
            (None, None) => None,
        }
    }

    /// True for raw lines (`prompt` or `messages`) rather than structured cases.
    pub fn is_raw(&self) -> bool {
        self.messages.is_some()
            || (self.prompt.is_some() && self.sections.is_empty() && self.timeline.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<Case, CaseError> {
        Case::from_object(v.as_object().expect("object"))
    }

    #[test]
    fn parses_a_full_case() {
        let case = parse(json!({
            "id": 7, "patient": {"age": 54, "sex": "F"}, "presentation": "chest pain",
            "timeline": [{"date": "2024-03-02", "kind": "lab", "text": "troponin"}, {"date": "2024-03-01", "kind": "encounter", "text": "ED"}],
            "options": {"A": "MI", "B": "PE"}, "answer": "A", "meta": {"src": "x"}, "unknown": 1
        }))
        .expect("valid");
        assert_eq!(case.id, json!(7));
        assert_eq!(case.patient_line().as_deref(), Some("54-year-old female"));
        assert_eq!(case.timeline[0].kind, "encounter");
        assert_eq!(
            case.options[1],
            AnswerOption {
                label: "B".into(),
                text: "PE".into()
            }
        );
    }

    #[test]
    fn day_offsets_sort_with_dates_through_the_index_date() {
        let case = parse(json!({"id": "a", "index_date": "2024-01-10", "timeline": [
            {"date": "2024-01-09", "text": "b"}, {"day": -5, "text": "a"}, {"day": 0, "text": "c"}]}))
        .expect("valid");
        let order: Vec<_> = case.timeline.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(order, ["a", "b", "c"]);
    }

    #[test]
    fn wrong_types_name_the_field() {
        let err = parse(json!({"id": "a", "options": "A or B"})).unwrap_err();
        assert_eq!(
            (err.kind, err.field.as_deref()),
            ("wrong_type", Some("options"))
        );
        let err = parse(json!({"id": "a", "history": 5})).unwrap_err();
        assert!(err.message.contains("'history'"));
    }

    #[test]
    fn id_rules() {
        assert_eq!(
            parse(json!({"prompt": "x"})).unwrap_err().kind,
            "missing_id"
        );
        assert_eq!(parse(json!({"id": [1]})).unwrap_err().kind, "invalid_id");
        assert_eq!(parse(json!({"id": ""})).unwrap_err().kind, "invalid_id");
    }

    #[test]
    fn messages_and_options_lists() {
        let case = parse(json!({"id": 1, "messages": [{"role": "user", "content": "hi"}], "options": ["yes", "no"]}))
            .expect("valid");
        assert!(case.is_raw());
        assert_eq!(case.options[1].label, "B");
        let err =
            parse(json!({"id": 1, "messages": [{"role": "robot", "content": "hi"}]})).unwrap_err();
        assert!(err.message.contains("robot"));
    }

    #[test]
    fn structured_sections_become_indented_text() {
        let case = parse(
            json!({"id": "a", "exam": {"Vital_Signs": {"Heart_Rate": "72 bpm"}},
            "sections": {"Patient_Actor": {"Demographics": "35-year-old female"}}}),
        )
        .expect("valid");
        assert_eq!(case.sections[0].text, "Vital Signs:\n  Heart Rate: 72 bpm");
        assert_eq!(case.sections[1].title, "Patient Actor");
        assert_eq!(case.sections[1].text, "Demographics: 35-year-old female");
        let err = parse(json!({"id": "a", "sections": {"Exam": 5}})).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("sections.Exam"));
    }

    #[test]
    fn error_messages_never_quote_case_text() {
        let err = parse(json!({"id": "a", "options": [["SECRET PATIENT TEXT"]]})).unwrap_err();
        assert!(!err.message.contains("SECRET"));
    }
}
