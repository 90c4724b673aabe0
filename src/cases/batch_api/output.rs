//! OpenAI Batch API output objects, both ways: a ddx result record as the line the Batch API
//! returns (`{"id", "custom_id", "response": {"status_code", "request_id", "body": <a
//! chat.completion>}, "error"}`), and such a line (from ddx or from OpenAI/Azure) back as a ddx
//! result record. ddx's own fields ride in the body's extra `ddx` object, so the round trip loses
//! nothing; a failed line has `response: null` and `error: {code: <ddx error kind>, message}`.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::input::record_key;

/// Which shape result lines have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// ddx result records.
    #[default]
    Ddx,
    /// OpenAI Batch API output objects.
    OpenAiBatch,
}

/// A short stable hex id from the parts.
fn digest(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hex::encode(&hash.finalize()[..12])
}

/// The Batch API output line of a ddx result record; `created` is the Unix time.
/// (Over 80 lines: the object is built field by field as the Batch API defines it.)
pub fn output_object(record: &Value, created: u64) -> Value {
    let custom_id = match record.get("id") {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(s)) => json!(s),
        Some(other) => json!(other.to_string()),
    };
    let line = record.get("line").and_then(Value::as_u64).unwrap_or(0);
    let key = record_key(
        record.get("id"),
        usize::try_from(line).unwrap_or(usize::MAX),
    );
    let tag = digest(&[&key, &created.to_string()]);
    let ok = record.get("status").and_then(Value::as_str) == Some("ok");
    if !ok {
        let error = record.get("error").cloned().unwrap_or(Value::Null);
        return json!({
            "id": format!("batch_req_{tag}"),
            "custom_id": custom_id,
            "response": null,
            "error": {
                "code": error.get("kind").cloned().unwrap_or(json!("error")),
                "message": error.get("message").cloned().unwrap_or(json!("")),
            },
        });
    }
    let usage = record.get("usage").cloned().unwrap_or(Value::Null);
    let prompt = usage
        .get("prompt_tokens")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let completion = usage
        .get("completion_tokens")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let provenance = record.get("provenance").cloned().unwrap_or(Value::Null);
    let model = provenance
        .pointer("/model/name")
        .or_else(|| provenance.pointer("/model/file"))
        .cloned()
        .unwrap_or(json!("ddx"));
    let fingerprint = provenance
        .pointer("/model/sha256")
        .and_then(Value::as_str)
        .map_or_else(
            || format!("ddx-{}", env!("CARGO_PKG_VERSION")),
            |sha| format!("fp_{}", &sha[..sha.len().min(10)]),
        );
    let mut ddx = record.as_object().cloned().unwrap_or_default();
    for key in ["id", "output", "finish_reason"] {
        ddx.remove(key);
    }
    let mut message =
        json!({"role": "assistant", "content": record.get("output").cloned().unwrap_or(json!(""))});
    if let Some(reasoning) = record.get("reasoning") {
        message["reasoning_content"] = reasoning.clone();
    }
    json!({
        "id": format!("batch_req_{tag}"),
        "custom_id": custom_id,
        "response": {
            "status_code": 200,
            "request_id": format!("ddx-{tag}"),
            "body": {
                "id": format!("chatcmpl-{tag}"),
                "object": "chat.completion",
                "created": created,
                "model": model,
                "choices": [{
                    "index": 0,
                    "message": message,
                    "logprobs": null,
                    "finish_reason": finish_reason(record.get("finish_reason")),
                }],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
                "system_fingerprint": fingerprint,
                "ddx": Value::Object(ddx),
            },
        },
        "error": null,
    })
}

/// The Batch API's names for why generation stopped.
fn finish_reason(reason: Option<&Value>) -> &'static str {
    match reason.and_then(Value::as_str) {
        Some("length") => "length",
        _ => "stop",
    }
}

/// Whether a line is a Batch API output object.
pub fn is_output_object(value: &Value) -> bool {
    value.get("custom_id").is_some() && value.get("response").is_some()
}

/// A Batch API output line as a ddx result record: ddx's own lines come back as they were
/// written; lines from OpenAI or Azure get `status`, `output`, `finish_reason`, `usage` and a
/// `provenance` naming the model and the response's ids. `line` is the line's number in the
/// output file when the object does not carry one.
/// (Over 80 lines: each field of a foreign output line is read where the API puts it.)
pub fn to_record(object: &Value, line: usize) -> Value {
    let id = object.get("custom_id").cloned().unwrap_or(Value::Null);
    let body = object.pointer("/response/body").filter(|b| b.is_object());
    let status_code = object
        .pointer("/response/status_code")
        .and_then(Value::as_u64);
    let failed = object.get("error").is_some_and(|e| !e.is_null())
        || body.is_none()
        || status_code.is_some_and(|c| c != 200);
    if failed {
        let error = object.get("error").filter(|e| !e.is_null());
        let body_error = body.and_then(|b| b.get("error"));
        let code = error
            .and_then(|e| e.get("code"))
            .or_else(|| body_error.and_then(|e| e.get("code")))
            .and_then(Value::as_str)
            .unwrap_or("batch_error");
        let message = error
            .and_then(|e| e.get("message"))
            .or_else(|| body_error.and_then(|e| e.get("message")))
            .and_then(Value::as_str)
            .unwrap_or("the request failed")
            .to_string();
        // ddx writes "line N: ..." in its messages.
        let line = message
            .strip_prefix("line ")
            .and_then(|rest| rest.split(':').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(line);
        let mut record = Map::new();
        record.insert("id".into(), id);
        record.insert("line".into(), json!(line));
        record.insert("status".into(), json!("error"));
        let message = if message.starts_with("line ") {
            message
        } else {
            format!("line {line}: {message}")
        };
        let mut error = json!({"kind": code, "message": message});
        if let Some(code) = status_code {
            error["status_code"] = json!(code);
        }
        record.insert("error".into(), error);
        return Value::Object(record);
    }
    let body = body.cloned().unwrap_or(Value::Null);
    let choice = body.pointer("/choices/0").cloned().unwrap_or(Value::Null);
    let content = choice
        .pointer("/message/content")
        .cloned()
        .unwrap_or(json!(""));
    let mut record = Map::new();
    record.insert("id".into(), id);
    if let Some(Value::Object(ddx)) = body.get("ddx") {
        // ddx's own line: the record as it was.
        for (key, value) in ddx {
            record.insert(key.clone(), value.clone());
        }
        record.insert("output".into(), content);
        record.insert(
            "finish_reason".into(),
            choice.get("finish_reason").cloned().unwrap_or(Value::Null),
        );
        return order(record);
    }
    record.insert("line".into(), json!(line));
    record.insert("status".into(), json!("ok"));
    if let Some(reasoning) = choice.pointer("/message/reasoning_content") {
        record.insert("reasoning".into(), reasoning.clone());
    }
    record.insert("output".into(), content);
    record.insert(
        "finish_reason".into(),
        choice.get("finish_reason").cloned().unwrap_or(Value::Null),
    );
    let usage = body.get("usage").cloned().unwrap_or(Value::Null);
    record.insert(
        "usage".into(),
        json!({
            "prompt_tokens": usage.get("prompt_tokens").cloned().unwrap_or(json!(0)),
            "completion_tokens": usage.get("completion_tokens").cloned().unwrap_or(json!(0)),
        }),
    );
    record.insert(
        "provenance".into(),
        json!({
            "backend": "remote",
            "model": {"name": body.get("model").cloned().unwrap_or(Value::Null)},
            "served": {
                "batch_request_id": object.get("id").cloned().unwrap_or(Value::Null),
                "request_id": object.pointer("/response/request_id").cloned().unwrap_or(Value::Null),
                "completion_id": body.get("id").cloned().unwrap_or(Value::Null),
                "system_fingerprint": body.get("system_fingerprint").cloned().unwrap_or(Value::Null),
                "created": body.get("created").cloned().unwrap_or(Value::Null),
            },
            "template": null,
        }),
    );
    Value::Object(record)
}

/// `id`, `line`, `status` first, as ddx writes them.
fn order(mut record: Map<String, Value>) -> Value {
    let mut out = Map::new();
    for key in ["id", "line", "status"] {
        if let Some(v) = record.remove(key) {
            out.insert(key.into(), v);
        }
    }
    for key in ["reasoning", "output"] {
        if let Some(v) = record.remove(key) {
            out.insert(key.into(), v);
        }
    }
    if let Some(v) = record.remove("finish_reason") {
        out.insert("finish_reason".into(), v);
    }
    out.extend(record);
    Value::Object(out)
}

/// Any result line as a ddx record: a Batch API output object is converted, anything else is
/// taken as it is.
pub fn as_record(value: Value, line: usize) -> Value {
    if is_output_object(&value) {
        to_record(&value, line)
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ddx_record_round_trips_through_the_batch_output_shape() {
        let record = json!({"id": 7, "line": 3, "status": "ok", "output": "hi", "finish_reason": "stop",
            "usage": {"prompt_tokens": 5, "reused_prompt_tokens": 0, "completion_tokens": 2},
            "provenance": {"model": {"name": "m", "sha256": "abcdef0123456789"}}, "json": {"a": 1}});
        let object = output_object(&record, 1_700_000_000);
        assert_eq!(object["custom_id"], json!("7"));
        assert_eq!(
            object["response"]["body"]["object"],
            json!("chat.completion")
        );
        assert_eq!(
            object["response"]["body"]["usage"]["total_tokens"],
            json!(7)
        );
        assert_eq!(object["error"], Value::Null);
        let back = to_record(&object, 99);
        assert_eq!(back["line"], json!(3));
        assert_eq!(back["output"], json!("hi"));
        assert_eq!(back["json"], json!({"a": 1}));
        assert_eq!(back["id"], json!("7"));
    }

    #[test]
    fn a_failed_record_has_a_null_response_and_keeps_its_line() {
        let record = json!({"id": null, "line": 4, "status": "error",
            "error": {"kind": "invalid_json", "message": "line 4: the line is not valid JSON"}});
        let object = output_object(&record, 1);
        assert_eq!(object["response"], Value::Null);
        assert_eq!(object["error"]["code"], json!("invalid_json"));
        let back = to_record(&object, 1);
        assert_eq!(
            (back["line"].clone(), back["status"].clone()),
            (json!(4), json!("error"))
        );
    }
}
