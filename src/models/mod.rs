//! Model files: which file a setting names ([`resolve_model`]: a path, a registry name, or the
//! default test model), the registry of named models ([`registry`]), fingerprints (sha256,
//! cached), and the GGUF header reader ([`gguf`]) that checks a file before llama.cpp sees it
//! and serves `models info` without loading weights.
//!
//! May use: engine (its error and file-type names). Never commands, session, cli or app.

pub mod gguf;
pub mod registry;
mod resolve;

pub use gguf::{check_model_file, read_header, GgufHeader, GgufValue};
pub use resolve::{
    default_model_candidates, resolve, resolve_model, sha256_cached, sha256_file, ModelChoice,
    Resolved, DEFAULT_MODEL_FILE, DEFAULT_MODEL_SHA256,
};
