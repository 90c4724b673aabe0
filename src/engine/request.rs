//! The conversation between callers and a backend: messages, run shapes, jobs and their events,
//! finished generations, option scores and logits.

use serde::{Deserialize, Serialize};

use super::{EngineError, SamplingParams};

/// One chat message, as passed to the model's chat template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: String,
    pub content: String,
}

impl ChatMessage {
    pub fn new(role: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            role: role.into(),
            content: content.into(),
        }
    }
}

/// Shape of the context a run needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextSpec {
    /// Tokens one sequence (case or conversation) may hold: prompt plus answer.
    pub n_ctx_per_seq: u32,
    /// Sequences decoded together.
    pub n_parallel: u32,
    /// How the sequences' KV cells are laid out.
    pub kv_layout: KvLayout,
    /// Cells of the shared pool when fewer than `n_parallel x n_ctx_per_seq` do (the prompts'
    /// common prefix is stored once); the scheduler admits a sequence only when its own prompt
    /// and answer budget fit in the free cells. Ignored with one stream per sequence.
    pub pool_cells: Option<u32>,
    /// Each sequence's output must not depend on the others (`--batch-invariant`): one KV stream
    /// per sequence, flash attention off, and every decode carries one sequence's tokens, its
    /// prompt cut at fixed positions.
    pub batch_invariant: bool,
}

impl ContextSpec {
    /// A context for `n_parallel` sequences of `n_ctx_per_seq` tokens, with a shared KV pool.
    pub fn new(n_ctx_per_seq: u32, n_parallel: u32) -> Self {
        Self {
            n_ctx_per_seq,
            n_parallel,
            kv_layout: KvLayout::Shared,
            pool_cells: None,
            batch_invariant: false,
        }
    }

    pub fn with_batch_invariant(self, batch_invariant: bool) -> Self {
        Self {
            batch_invariant,
            ..self
        }
    }

    /// Whether the sequences share one KV pool (llama.cpp's `kv_unified`).
    pub fn unified(&self) -> bool {
        self.kv_layout == KvLayout::Shared && !self.batch_invariant
    }

    pub fn with_kv_layout(self, kv_layout: KvLayout) -> Self {
        Self { kv_layout, ..self }
    }

    /// A shared pool of `cells` (at least one sequence's context, at most every sequence's).
    pub fn with_pool_cells(self, cells: u32) -> Self {
        Self {
            pool_cells: Some(cells),
            ..self
        }
    }

    /// KV cells the context holds in all: the pool, or `n_parallel x n_ctx_per_seq`.
    pub fn kv_cells(&self) -> u32 {
        let full = self.n_ctx_per_seq.saturating_mul(self.n_parallel);
        match self.pool_cells {
            Some(cells) if self.unified() => cells.max(self.n_ctx_per_seq).min(full),
            _ => full,
        }
    }
}

/// KV-cache layout of a multi-sequence context (llama.cpp's `kv_unified`).
///
/// Measured on the test model at `--parallel 8` (see the README's performance notes): when
/// prompts share most of their tokens (the `annotate` workload: 1,100 shared of ~1,130), one shared
/// pool is faster, because the prefix is stored once. When they share little (`long-case`: 80 of
/// ~280), one stream per sequence is 10-20% faster, because attention then scans only the
/// sequence's own cells instead of every cell in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KvLayout {
    /// One pool; a shared prefix is stored once and tagged with every sequence that uses it.
    Shared,
    /// One stream per sequence; a shared prefix is copied into each stream.
    PerSequence,
}

impl KvLayout {
    /// The faster layout for prompts that share `shared` leading tokens and average `mean`
    /// tokens: shared when at least half of a typical prompt is common to all.
    pub fn for_prompts(shared: u32, mean: u32) -> Self {
        if u64::from(shared) * 2 >= u64::from(mean) {
            Self::Shared
        } else {
            Self::PerSequence
        }
    }
}

impl std::fmt::Display for KvLayout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Shared => "one shared KV pool",
            Self::PerSequence => "one KV stream per case",
        })
    }
}

/// One generation.
#[derive(Debug, Clone)]
pub struct GenRequest {
    pub messages: Vec<ChatMessage>,
    pub sampling: SamplingParams,
    pub max_tokens: u32,
    pub stop: Vec<String>,
    /// The constraint the backend compiled from a JSON schema ([`super::Backend::compile_schema`]):
    /// a GBNF grammar for the local engine, the schema itself for a served model.
    pub grammar: Option<String>,
}

/// A request with the caller's tag, so results can be matched and ordered.
#[derive(Debug, Clone)]
pub struct Job {
    pub tag: u64,
    pub request: GenRequest,
    /// Send [`Event::Token`] for every piece of text.
    pub stream: bool,
}

/// What a producer sends to a run.
#[derive(Debug, Clone)]
pub enum Submission {
    Job(Job),
    /// The input in order is over. Until then a local engine waits to fill free sequences before
    /// it decodes (so the schedule, and the outputs, do not depend on timing); from now on it
    /// runs what it has, and admits a later job (a retry) when it comes. The run still ends only
    /// once every sender is gone.
    InputEnded,
}

/// Why generation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    /// End-of-generation token or a stop string.
    Stop,
    /// `max_tokens` or the sequence's context was reached.
    Length,
    /// The caller cancelled.
    Cancelled,
}

impl FinishReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stop => "stop",
            Self::Length => "length",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Durations of one generation, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timings {
    /// From admission until the prompt's last token was evaluated.
    pub prompt_ms: f64,
    /// From admission until the first generated token.
    pub ttft_ms: f64,
    /// From the first to the last generated token.
    pub generation_ms: f64,
    /// From admission to the end.
    pub total_ms: f64,
}

/// A finished generation.
#[derive(Debug, Clone)]
pub struct Generation {
    /// The answer (after any reasoning block).
    pub text: String,
    /// The reasoning block, for a generation that had one (boxed: events stay small).
    pub reasoning: Option<Box<Reasoning>>,
    pub finish_reason: FinishReason,
    pub prompt_tokens: u32,
    /// Prompt tokens whose KV was reused instead of evaluated.
    pub reused_tokens: u32,
    pub completion_tokens: u32,
    pub timings: Timings,
    /// Context cells this sequence used at the end, and the per-sequence budget.
    pub context_used: u32,
    pub context_size: u32,
    /// What a served model's response said about itself; `None` for the local engine.
    pub served: Option<Served>,
}

/// A generation's reasoning block.
#[derive(Debug, Clone, PartialEq)]
pub struct Reasoning {
    pub text: String,
    /// Tokens generated inside the block (part of `completion_tokens`).
    pub tokens: u32,
}

/// What a served model's response said about itself, for provenance.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Served {
    /// The model name the server reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_fingerprint: Option<String>,
    /// The response's `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_id: Option<String>,
    /// The request id the server's headers gave, when it sends one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Milliseconds the server says it spent on the answer (prompt plus generation; llama-server
    /// reports it as `timings`), so the time around it is the client's and the network's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_ms: Option<f64>,
    /// Milliseconds ddx itself spent on the request: building and encoding it, reading and
    /// parsing the answer's events, passing pieces on, making the result (waits excluded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ms: Option<f64>,
}

/// What the engine reports back during a run.
#[derive(Debug)]
pub enum Event {
    /// The job's prompt was tokenized and admitted to a sequence.
    Started {
        tag: u64,
        prompt_tokens: u32,
        reused_tokens: u32,
    },
    /// Streamed text of the answer (only for jobs with `stream`).
    Token { tag: u64, text: String },
    /// Streamed text of the reasoning block before the answer (only for jobs with `stream`).
    Reasoning { tag: u64, text: String },
    /// The job ended.
    Finished {
        tag: u64,
        result: Result<Generation, EngineError>,
    },
}

/// Options to score after a prompt.
#[derive(Debug, Clone)]
pub struct ScoreRequest {
    /// The case, rendered with the chat template (ending with the assistant header).
    pub messages: Vec<ChatMessage>,
    /// Text appended after the assistant header, e.g. `Answer:`.
    pub answer_prefix: String,
    /// Each option's continuation text, e.g. ` B. Pulmonary embolism` (start it with a space).
    pub options: Vec<String>,
    /// Context cells available: prompt plus every option's tokens.
    pub n_ctx: u32,
}

/// The log-likelihood of one option.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptionScore {
    /// Σ ln P(token | prompt, earlier option tokens), in nats.
    pub logprob: f64,
    pub n_tokens: u32,
}

/// Scores of every option of a request, in the request's order.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreResult {
    pub prompt_tokens: u32,
    /// Prompt tokens whose KV was kept from the previous request.
    pub reused_tokens: u32,
    pub options: Vec<OptionScore>,
    pub elapsed_ms: f64,
}

/// A text to evaluate in one sequence: rendered messages followed by `suffix`.
#[derive(Debug, Clone)]
pub struct LogitsRequest {
    pub messages: Vec<ChatMessage>,
    pub suffix: String,
    pub n_ctx: u32,
}

/// The text's token ids and the logits row computed at each of them (row i predicts token i+1).
#[derive(Debug, Clone)]
pub struct LogitsResult {
    pub tokens: Vec<i32>,
    pub logits: Vec<Vec<f32>>,
}

/// One measured single-stream run.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SpeedSample {
    pub prompt_ms: f64,
    pub generation_ms: f64,
}
