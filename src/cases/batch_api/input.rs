//! OpenAI Batch API input lines (also what Azure OpenAI global batch takes):
//! `{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body": {...}}`.
//!
//! A line becomes a case whose `messages` are the body's messages as they are (no prompt
//! template), with `custom_id` as its id, and the body's settings (`max_tokens` or
//! `max_completion_tokens`, `temperature`, `top_p`, `seed`, `stop`, `response_format`) for that
//! line alone. Every problem is a [`CaseError`] naming the field; none quotes case text.

use serde_json::{json, Map, Value};

use crate::cases::{id_key, Case, CaseError};

/// The endpoints ddx answers: chat completions, with or without the `/v1` prefix.
pub const CHAT_URLS: &[&str] = &["/v1/chat/completions", "/chat/completions"];

/// A request line's own settings; `None` keeps the command line's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    pub max_tokens: Option<u32>,
    pub temperature: Option<f32>,
    pub top_p: Option<f32>,
    pub seed: Option<u32>,
    pub stop: Option<Vec<String>>,
}

impl Overrides {
    /// The settings the line gave, for its result record.
    pub fn to_value(&self) -> Value {
        let mut out = Map::new();
        if let Some(v) = self.max_tokens {
            out.insert("max_tokens".into(), json!(v));
        }
        if let Some(v) = self.temperature {
            out.insert("temperature".into(), json!(v));
        }
        if let Some(v) = self.top_p {
            out.insert("top_p".into(), json!(v));
        }
        if let Some(v) = self.seed {
            out.insert("seed".into(), json!(v));
        }
        if let Some(v) = &self.stop {
            out.insert("stop".into(), json!(v));
        }
        Value::Object(out)
    }
}

/// One request line, parsed.
#[derive(Debug, Clone)]
pub struct Request {
    pub case: Case,
    /// The body's `model`: recorded, never used to choose a model.
    pub model: Option<String>,
    pub overrides: Overrides,
    /// The JSON schema of `response_format` (`json_schema`, or `{"type":"object"}` for
    /// `json_object`); `None` for text.
    pub schema: Option<Value>,
}

/// Whether a decoded line is a Batch API request (has `custom_id`, `method`, `url` and `body`).
pub fn is_request(obj: &Map<String, Value>) -> bool {
    ["custom_id", "method", "url", "body"]
        .iter()
        .all(|k| obj.contains_key(*k))
}

/// The line's id: its `custom_id` (a non-empty string).
pub fn custom_id(obj: &Map<String, Value>) -> Result<Value, CaseError> {
    match obj.get("custom_id") {
        None | Some(Value::Null) => Err(CaseError::new(
            "missing_id",
            Some("custom_id"),
            "the request has no 'custom_id'",
        )),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Value::String(s.clone())),
        Some(other) => Err(CaseError::new(
            "invalid_id",
            Some("custom_id"),
            format!(
                "field 'custom_id' must be a non-empty string, not {}",
                crate::cases::json_type(other)
            ),
        )),
    }
}

/// Parse a request line whose `custom_id` was already read.
/// (Over 80 lines: one check per body field, each naming the field it refuses.)
pub fn parse_request(obj: &Map<String, Value>, id: &Value) -> Result<Request, CaseError> {
    match obj.get("method").and_then(Value::as_str) {
        Some("POST") => {}
        _ => {
            return Err(CaseError::new(
                "unsupported_method",
                Some("method"),
                "field 'method' must be \"POST\"",
            ))
        }
    }
    let url = obj.get("url").and_then(Value::as_str).unwrap_or_default();
    if !CHAT_URLS.contains(&url) {
        return Err(CaseError::new(
            "unsupported_url",
            Some("url"),
            format!(
                "url '{}' is not served: ddx answers {}",
                url.chars().take(80).collect::<String>(),
                CHAT_URLS.join(" and ")
            ),
        ));
    }
    let Some(body) = obj.get("body").and_then(Value::as_object) else {
        return Err(CaseError::new(
            "wrong_type",
            Some("body"),
            "field 'body' must be an object",
        ));
    };
    let model = match body.get("model") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => return Err(wrong("body.model", "a string", other)),
    };
    let messages = body
        .get("messages")
        .ok_or_else(|| {
            CaseError::new(
                "missing_field",
                Some("body.messages"),
                "the body has no 'messages'",
            )
        })
        .and_then(normalise_messages)?;
    let mut case_obj = Map::new();
    case_obj.insert("id".into(), id.clone());
    case_obj.insert("messages".into(), messages);
    if let Some(meta) = body.get("metadata").filter(|m| m.is_object()) {
        case_obj.insert("meta".into(), meta.clone());
    }
    let case = Case::from_object(&case_obj).map_err(|mut e| {
        e.field = e.field.map(|f| format!("body.{f}"));
        e
    })?;
    let overrides = Overrides {
        max_tokens: match body.get("max_completion_tokens") {
            Some(v) if !v.is_null() => Some(uint(v, "body.max_completion_tokens")?),
            _ => optional(body, "max_tokens", |v| uint(v, "body.max_tokens"))?,
        },
        temperature: optional(body, "temperature", |v| number(v, "body.temperature", 2.0))?,
        top_p: optional(body, "top_p", |v| number(v, "body.top_p", 1.0))?,
        seed: optional(body, "seed", |v| uint(v, "body.seed"))?,
        stop: optional(body, "stop", stop_list)?,
    };
    if let Some(n) = body.get("n").and_then(Value::as_u64) {
        if n != 1 {
            return Err(CaseError::new(
                "unsupported_setting",
                Some("body.n"),
                "ddx writes one choice per request: 'n' must be 1",
            ));
        }
    }
    let schema = match body.get("response_format") {
        None | Some(Value::Null) => None,
        Some(format) => response_schema(format)?,
    };
    Ok(Request {
        case,
        model,
        overrides,
        schema,
    })
}

/// The schema a `response_format` asks for; an error (fail closed) for one ddx cannot enforce.
pub fn response_schema(format: &Value) -> Result<Option<Value>, CaseError> {
    let field = Some("body.response_format");
    let refuse = |why: String| CaseError::new("unsupported_response_format", field, why);
    let Some(obj) = format.as_object() else {
        return Err(refuse(format!(
            "'response_format' must be an object, not {}",
            crate::cases::json_type(format)
        )));
    };
    match obj.get("type").and_then(Value::as_str) {
        Some("text") => Ok(None),
        Some("json_object") => Ok(Some(json!({"type": "object"}))),
        Some("json_schema") => {
            let schema = obj
                .get("json_schema")
                .and_then(|s| s.get("schema"))
                .filter(|s| s.is_object());
            match schema {
                Some(schema) => Ok(Some(schema.clone())),
                None => Err(refuse(
                    "'response_format' of type json_schema has no 'json_schema.schema' object"
                        .into(),
                )),
            }
        }
        Some(other) => Err(refuse(format!(
            "response_format type '{}' is not one ddx can enforce (text, json_object, json_schema)",
            other.chars().take(40).collect::<String>()
        ))),
        None => Err(refuse("'response_format' has no 'type'".into())),
    }
}

/// Messages as ddx cases take them: content parts of type text joined, `developer` as `system`.
fn normalise_messages(value: &Value) -> Result<Value, CaseError> {
    let Some(list) = value.as_array() else {
        return Err(wrong("body.messages", "an array", value));
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, message) in list.iter().enumerate() {
        let Some(obj) = message.as_object() else {
            return Err(wrong(&format!("body.messages[{i}]"), "an object", message));
        };
        let mut obj = obj.clone();
        if obj.get("role").and_then(Value::as_str) == Some("developer") {
            obj.insert("role".into(), json!("system"));
        }
        if let Some(Value::Array(parts)) = obj.get("content") {
            let mut text = Vec::new();
            for part in parts {
                match (
                    part.get("type").and_then(Value::as_str),
                    part.get("text").and_then(Value::as_str),
                ) {
                    (Some("text"), Some(t)) => text.push(t.to_string()),
                    _ => {
                        return Err(CaseError::new(
                            "unsupported_content",
                            Some(&format!("body.messages[{i}].content")),
                            format!(
                                "messages[{i}] has a content part ddx cannot use (only text parts)"
                            ),
                        ))
                    }
                }
            }
            obj.insert("content".into(), json!(text.join("\n")));
        }
        out.push(Value::Object(obj));
    }
    Ok(Value::Array(out))
}

fn wrong(field: &str, expected: &str, got: &Value) -> CaseError {
    CaseError::new(
        "wrong_type",
        Some(field),
        format!(
            "field '{field}' must be {expected}, not {}",
            crate::cases::json_type(got)
        ),
    )
}

fn optional<T>(
    body: &Map<String, Value>,
    key: &str,
    parse: impl Fn(&Value) -> Result<T, CaseError>,
) -> Result<Option<T>, CaseError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => parse(v).map(Some),
    }
}

fn uint(value: &Value, field: &str) -> Result<u32, CaseError> {
    value
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| wrong(field, "a whole number from 0 to 4294967295", value))
}

fn number(value: &Value, field: &str, max: f64) -> Result<f32, CaseError> {
    match value.as_f64() {
        Some(x) if (0.0..=max).contains(&x) => Ok(x as f32),
        _ => Err(wrong(field, &format!("a number from 0 to {max}"), value)),
    }
}

fn stop_list(value: &Value) -> Result<Vec<String>, CaseError> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(ToString::to_string)
                    .ok_or_else(|| wrong("body.stop", "a string or a list of strings", value))
            })
            .collect(),
        other => Err(wrong("body.stop", "a string or a list of strings", other)),
    }
}

/// The key a line is known by in shards and merges: its id, or `#LINE` when it has none.
pub fn record_key(id: Option<&Value>, line: usize) -> String {
    match id {
        Some(id) if !id.is_null() => id_key(id),
        _ => format!("#{line}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(line: Value) -> Result<Request, CaseError> {
        let obj = line.as_object().expect("present");
        let id = custom_id(obj)?;
        parse_request(obj, &id)
    }

    #[test]
    fn a_request_line_becomes_a_messages_case_with_its_settings() {
        let r = request(json!({"custom_id": "request-1", "method": "POST", "url": "/v1/chat/completions",
            "body": {"model": "gpt-4o-mini", "messages": [{"role": "developer", "content": "Be brief."},
                {"role": "user", "content": [{"type": "text", "text": "Hello"}]}],
                "max_completion_tokens": 30, "temperature": 0, "seed": 7, "stop": "END"}}))
        .expect("present");
        assert_eq!(r.case.id, json!("request-1"));
        let messages = r.case.messages.expect("present");
        assert_eq!(
            (messages[0].role.as_str(), messages[1].content.as_str()),
            ("system", "Hello")
        );
        assert_eq!(r.model.as_deref(), Some("gpt-4o-mini"));
        assert_eq!(r.overrides.max_tokens, Some(30));
        assert_eq!(r.overrides.seed, Some(7));
        assert_eq!(r.overrides.stop, Some(vec!["END".to_string()]));
        assert!(r.schema.is_none());
    }

    #[test]
    fn unknown_urls_and_response_formats_are_named_errors() {
        let base = |url: &str, format: Value| {
            json!({"custom_id": "x", "method": "POST", "url": url,
                "body": {"model": "m", "messages": [{"role": "user", "content": "hi"}], "response_format": format}})
        };
        let e = request(base("/v1/embeddings", Value::Null)).unwrap_err();
        assert_eq!(e.kind, "unsupported_url");
        assert!(e.message.contains("/v1/embeddings"), "{}", e.message);
        let e = request(base("/chat/completions", json!({"type": "grammar"}))).unwrap_err();
        assert_eq!(e.kind, "unsupported_response_format");
        assert!(e.message.contains("grammar"), "{}", e.message);
        let r = request(base(
            "/chat/completions",
            json!({"type": "json_schema", "json_schema": {"name": "a", "schema": {"type": "object"}}}),
        ))
        .expect("present");
        assert_eq!(r.schema, Some(json!({"type": "object"})));
    }
}
