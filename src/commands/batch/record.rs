//! Result records: one JSON object per input line, `"status": "ok"` or `"error"`.

use serde_json::{json, Map, Value};

use crate::cases::CaseError;
use crate::engine::{EngineError, Generation};

/// A result for a generated answer.
pub fn ok_record(
    id: &Value,
    line: usize,
    generation: &Generation,
    provenance: &Value,
    meta: Option<&Value>,
    notes: Option<&Value>,
) -> Value {
    let mut record = Map::new();
    record.insert("id".into(), id.clone());
    record.insert("line".into(), json!(line));
    record.insert("status".into(), json!("ok"));
    if let Some(reasoning) = &generation.reasoning {
        record.insert("reasoning".into(), json!(reasoning.text));
    }
    record.insert("output".into(), json!(generation.text));
    record.insert(
        "finish_reason".into(),
        json!(generation.finish_reason.as_str()),
    );
    let mut usage = json!({
        "prompt_tokens": generation.prompt_tokens,
        "reused_prompt_tokens": generation.reused_tokens,
        "completion_tokens": generation.completion_tokens,
    });
    if let Some(reasoning) = &generation.reasoning {
        usage["reasoning_tokens"] = json!(reasoning.tokens);
        usage["output_tokens"] = json!(generation
            .completion_tokens
            .saturating_sub(reasoning.tokens));
    }
    record.insert("usage".into(), usage);
    record.insert("timings".into(), timings(generation));
    record.insert(
        "provenance".into(),
        crate::session::provenance::served(provenance, generation),
    );
    if let Some(meta) = meta {
        record.insert("meta".into(), meta.clone());
    }
    with_notes(Value::Object(record), notes)
}

/// Add the `deid` (what was removed) and `truncated` (what was left out to fit the context)
/// blocks to a record.
pub fn with_notes(mut record: Value, notes: Option<&Value>) -> Value {
    if let (Value::Object(record), Some(Value::Object(notes))) = (&mut record, notes) {
        for (key, value) in notes {
            record.insert(key.clone(), value.clone());
        }
    }
    record
}

fn round(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}

fn timings(generation: &Generation) -> Value {
    let t = &generation.timings;
    let tok_s = if t.generation_ms > 0.0 && generation.completion_tokens > 1 {
        f64::from(generation.completion_tokens - 1) * 1000.0 / t.generation_ms
    } else {
        0.0
    };
    json!({
        "prompt_ms": round(t.prompt_ms),
        "ttft_ms": round(t.ttft_ms),
        "generation_ms": round(t.generation_ms),
        "total_ms": round(t.total_ms),
        "tokens_per_second": round(tok_s),
    })
}

/// An error record; `id` is null when the line had no usable id.
pub fn error_record(
    id: Option<&Value>,
    line: usize,
    kind: &str,
    field: Option<&str>,
    message: &str,
    provenance: Option<&Value>,
    meta: Option<&Value>,
) -> Value {
    let mut error = Map::new();
    error.insert("kind".into(), json!(kind));
    if let Some(field) = field {
        error.insert("field".into(), json!(field));
    }
    error.insert("message".into(), json!(format!("line {line}: {message}")));
    let mut record = Map::new();
    record.insert("id".into(), id.cloned().unwrap_or(Value::Null));
    record.insert("line".into(), json!(line));
    record.insert("status".into(), json!("error"));
    record.insert("error".into(), Value::Object(error));
    if let Some(provenance) = provenance {
        record.insert("provenance".into(), provenance.clone());
    }
    if let Some(meta) = meta {
        record.insert("meta".into(), meta.clone());
    }
    Value::Object(record)
}

/// Error record for a case the parser rejected.
pub fn case_error_record(
    id: Option<&Value>,
    line: usize,
    error: &CaseError,
    meta: Option<&Value>,
) -> Value {
    error_record(
        id,
        line,
        error.kind,
        error.field.as_deref(),
        &error.message,
        None,
        meta,
    )
}

/// Error record for a case the engine could not run.
pub fn engine_error_record(
    id: &Value,
    line: usize,
    error: &EngineError,
    provenance: &Value,
    meta: Option<&Value>,
) -> Value {
    error_record(
        Some(id),
        line,
        error.kind(),
        None,
        &error.to_string(),
        Some(provenance),
        meta,
    )
}
