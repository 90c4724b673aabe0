//! The inference engine: the only code that uses llama.cpp (`llama_cpp_2`) or talks to a model
//! server, behind the [`Backend`] interface every mode talks to.
//!
//! The local backend is [`Engine`]: `LlamaContext` is not `Send`, so the model, its contexts and
//! all decoding live on one thread ([`llama`]) that modes reach through channels: they submit
//! [`Job`]s to a run and receive [`Event`]s. Served models (OpenAI-compatible servers, Azure)
//! implement the same [`Backend`] over HTTP ([`remote`]). The engine never prints (it logs through `tracing`, never
//! prompts) and uses nothing outside this folder.
//!
//! May use: llama_cpp_2, ureq, and nothing else of ddx: it stands alone, so every layer above
//! can use it.

mod backend;
pub mod chat;
mod config;
mod cpu;
mod error;
mod file_type;
mod llama;
mod local;
mod reasoning;
pub mod remote;
mod request;
mod run;
pub mod sampling;
mod stop;
mod tokenizer;
mod utf8;

pub use backend::{Backend, Streams};
pub use config::{
    devices, CacheType, DeviceInfo, EngineConfig, FlashAttention, GpuLayers, ModelInfo,
    OffloadConfig, SplitMode,
};
pub use error::EngineError;
pub use file_type::ftype_name;
pub use llama::load_vocab;
pub use local::Engine;
pub use reasoning::{ReasoningConfig, ReasoningFormat, ThinkMarkers, ThinkSplitter};
pub use request::{
    ChatMessage, ContextSpec, Event, FinishReason, GenRequest, Generation, Job, KvLayout,
    LogitsRequest, LogitsResult, OptionScore, Reasoning, ScoreRequest, ScoreResult, Served,
    SpeedSample, Submission, Timings,
};
pub use run::RunHandle;
pub use sampling::SamplingParams;
pub use stop::{StopMatcher, StopStep};
pub use tokenizer::{PromptProfile, Tokenize, Tokenizer};
pub use utf8::Utf8Stream;
