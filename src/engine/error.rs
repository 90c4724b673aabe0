//! Errors of the engine, as variants callers act on.

use std::path::PathBuf;

/// Everything that can go wrong inside the engine.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum EngineError {
    #[error("model file '{path}' does not exist")]
    ModelMissing { path: PathBuf },
    #[error("model file '{path}' is not a GGUF file: {reason}")]
    NotGguf { path: PathBuf, reason: String },
    #[error("model file '{path}' is damaged: {reason}")]
    ModelCorrupt { path: PathBuf, reason: String },
    #[error("model file '{path}' could not be loaded: {reason}")]
    ModelLoad { path: PathBuf, reason: String },
    #[error("model architecture '{architecture}' of '{path}' is not supported by this build of llama.cpp")]
    UnsupportedArchitecture { path: PathBuf, architecture: String },
    #[error("could not create a context of {n_ctx} tokens: {reason}")]
    Context { n_ctx: u32, reason: String },
    #[error("the prompt needs {needed} tokens but only {available} fit in the context (raise --ctx-size or shorten the case)")]
    ContextOverflow { needed: u32, available: u32 },
    #[error("the chat template failed: {0}")]
    ChatTemplate(String),
    #[error("decoding failed: {0}")]
    Decode(String),
    #[error("the JSON schema could not be compiled to a grammar: {0}")]
    Schema(String),
    #[error("the grammar was rejected: {0}")]
    Grammar(String),
    #[error("scoring failed: {0}")]
    Score(String),
    #[error("engine thread: {0}")]
    Thread(String),
    #[error("endpoint {0}")]
    Endpoint(String),
    #[error("the server answered {}: {message}", status.map_or_else(|| "with an error".to_string(), |s| format!("HTTP {s}")))]
    Remote {
        status: Option<u16>,
        message: String,
    },
    #[error("the server at {endpoint} did not answer: {reason}")]
    Unreachable { endpoint: String, reason: String },
    #[error("{operation} is not available with {backend}")]
    Unsupported {
        operation: &'static str,
        backend: String,
    },
}

impl EngineError {
    /// Whether the error ends a whole run rather than one case: the server stopped answering.
    pub fn ends_run(&self) -> bool {
        matches!(self, Self::Unreachable { .. })
    }

    /// Stable machine-readable kind, used in batch error records.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::ModelMissing { .. } => "model_missing",
            Self::NotGguf { .. } => "model_not_gguf",
            Self::ModelCorrupt { .. } => "model_corrupt",
            Self::ModelLoad { .. } => "model_load",
            Self::UnsupportedArchitecture { .. } => "model_unsupported",
            Self::Context { .. } => "context",
            Self::ContextOverflow { .. } => "context_overflow",
            Self::ChatTemplate(_) => "chat_template",
            Self::Decode(_) => "decode",
            Self::Schema(_) => "schema",
            Self::Grammar(_) => "grammar",
            Self::Score(_) => "score",
            Self::Thread(_) => "engine",
            Self::Unsupported { .. } => "unsupported",
            Self::Endpoint(_) => "endpoint",
            Self::Remote { .. } => "remote",
            Self::Unreachable { .. } => "unreachable",
        }
    }
}
