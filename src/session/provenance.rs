//! Provenance: what every result says about where it came from. One model block for all
//! commands, so batch records, chat transcripts and eval reports identify a model the same way:
//! a local file by name, sha256 and quantization; a served model by endpoint (scheme, host,
//! path: never a key) and the chat template (name and sha256); the model name sent and the sampling keys sent. What a server said about
//! itself in each response (the model it reports, `system_fingerprint`, ids) is per result
//! ([`served`]).

use serde_json::{json, Value};

use super::{Origin, Session};
use crate::engine::Generation;

/// `local` or `remote`.
pub fn backend_kind(session: &Session) -> &'static str {
    match session.origin {
        Origin::Local { .. } => "local",
        Origin::Remote { .. } => "remote",
    }
}

/// The model that produced a result.
pub fn model_block(session: &Session) -> Value {
    let info = session.backend.info();
    match &session.origin {
        Origin::Local { sha256 } => json!({
            "file": info.file_name,
            "sha256": sha256,
            "name": info.name,
            "quantization": info.quantization,
            "chat_template": chat_template_block(info),
        }),
        Origin::Remote {
            endpoint,
            model,
            api,
            sampling_keys,
        } => json!({
            "name": model,
            "endpoint": endpoint,
            "api": api,
            "sampling_sent": sampling_keys,
        }),
    }
}

/// The chat template a local model's prompts were rendered with: its name (`model` for the
/// GGUF's own, a built-in name or a file path), the sha256 of its Jinja source, and why it was
/// chosen when the model has none.
pub fn chat_template_block(info: &crate::engine::ModelInfo) -> Value {
    let mut block = json!({
        "name": info.chat_template,
        "sha256": info.chat_template_sha256,
    });
    if let (Some(note), Some(map)) = (&info.chat_template_note, block.as_object_mut()) {
        map.insert("chosen".into(), json!(note));
    }
    block
}

/// The start of every provenance record: ddx's version, the backend and the model.
pub fn base(session: &Session) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    map.insert("ddx_version".into(), json!(env!("CARGO_PKG_VERSION")));
    map.insert("backend".into(), json!(backend_kind(session)));
    map.insert("model".into(), model_block(session));
    map
}

/// `provenance` with what the server said about this one answer (`served`), when it said any.
pub fn served(provenance: &Value, generation: &Generation) -> Value {
    let mut value = provenance.clone();
    if let (Some(served), Some(map)) = (&generation.served, value.as_object_mut()) {
        map.insert("served".into(), json!(served));
    }
    value
}
