//! Provenance: what every result says about where it came from. One model block for all
//! commands (file, sha256, name, quantization), so batch records, chat transcripts and eval
//! reports identify a model the same way.

use serde_json::{json, Value};

use super::Session;

/// The model that produced a result.
pub fn model_block(session: &Session) -> Value {
    let info = session.backend.info();
    json!({
        "file": info.file_name,
        "sha256": session.model_sha256,
        "name": info.name,
        "quantization": info.quantization,
    })
}

/// The start of every provenance record: ddx's version and the model.
pub fn base(session: &Session) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    map.insert("ddx_version".into(), json!(env!("CARGO_PKG_VERSION")));
    map.insert("model".into(), model_block(session));
    map
}
