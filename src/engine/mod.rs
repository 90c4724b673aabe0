//! The inference engine: one thread owns the llama.cpp model and context; every mode talks to it
//! through channels.
//!
//! `LlamaContext` is not `Send`, so the model, its contexts and all decoding live on the thread
//! started by [`Engine::start`]. Modes send [`Command`]s and receive [`Event`]s; the engine never
//! prints. Only [`llama`] imports `llama_cpp_2`.

mod bench;
mod error;
mod gguf;
mod llama;
pub mod sampling;
mod score;
mod stop;
mod tokenizer;
mod utf8;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use error::EngineError;
pub use gguf::{check_model_file, ftype_name, read_header, GgufHeader, GgufValue};
pub use sampling::SamplingParams;
pub use stop::{StopMatcher, StopStep};
pub use tokenizer::{PromptProfile, Tokenizer};
pub use utf8::Utf8Stream;

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

/// How many layers go to the GPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GpuLayers {
    /// Every layer (the default when the build has a GPU backend).
    All,
    /// As many as fit in free device memory, decided by llama.cpp's fitting at load time
    /// (0 on a build without a GPU backend).
    Auto,
    /// Exactly this many (0 = CPU only).
    Count(u32),
}

impl std::fmt::Display for GpuLayers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GpuLayers::All => f.write_str("all"),
            GpuLayers::Auto => f.write_str("auto"),
            GpuLayers::Count(n) => write!(f, "{n}"),
        }
    }
}

impl std::str::FromStr for GpuLayers {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "all" => Ok(GpuLayers::All),
            "auto" => Ok(GpuLayers::Auto),
            other => other
                .parse::<u32>()
                .map(GpuLayers::Count)
                .map_err(|_| format!("'{s}' is not a layer count, 'all' or 'auto'")),
        }
    }
}

/// How a model is split across several GPUs (llama.cpp's `split_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SplitMode {
    /// Everything on the main GPU.
    None,
    /// Whole layers per GPU (llama.cpp's default).
    #[default]
    Layer,
    /// Rows of each weight matrix across GPUs.
    Row,
}

impl std::str::FromStr for SplitMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "none" => Ok(Self::None),
            "layer" => Ok(Self::Layer),
            "row" => Ok(Self::Row),
            _ => Err(format!("'{s}' is not one of 'none', 'layer', 'row'")),
        }
    }
}

impl std::fmt::Display for SplitMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Layer => "layer",
            Self::Row => "row",
        })
    }
}

/// Element type of the KV cache (llama.cpp's `--cache-type-k/-v`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CacheType {
    F32,
    #[default]
    F16,
    Bf16,
    Q8_0,
    Q4_0,
    Q4_1,
    Q5_0,
    Q5_1,
    Iq4Nl,
}

impl CacheType {
    /// Every accepted name, for help text and errors.
    pub const NAMES: &'static [&'static str] = &[
        "f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "iq4_nl",
    ];

    /// Quantised types; a quantised V cache needs flash attention in llama.cpp.
    pub fn is_quantized(self) -> bool {
        !matches!(self, Self::F32 | Self::F16 | Self::Bf16)
    }

    fn name(self) -> &'static str {
        match self {
            Self::F32 => "f32",
            Self::F16 => "f16",
            Self::Bf16 => "bf16",
            Self::Q8_0 => "q8_0",
            Self::Q4_0 => "q4_0",
            Self::Q4_1 => "q4_1",
            Self::Q5_0 => "q5_0",
            Self::Q5_1 => "q5_1",
            Self::Iq4Nl => "iq4_nl",
        }
    }
}

impl std::str::FromStr for CacheType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let all = [
            Self::F32,
            Self::F16,
            Self::Bf16,
            Self::Q8_0,
            Self::Q4_0,
            Self::Q4_1,
            Self::Q5_0,
            Self::Q5_1,
            Self::Iq4Nl,
        ];
        let wanted = s.trim().to_ascii_lowercase();
        all.into_iter()
            .find(|t| t.name() == wanted)
            .ok_or_else(|| format!("'{s}' is not one of {}", Self::NAMES.join(", ")))
    }
}

impl std::fmt::Display for CacheType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// GPU placement and KV-cache settings beyond the layer count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OffloadConfig {
    /// The GPU for the whole model (split mode `none`) or for intermediate results.
    pub main_gpu: u32,
    pub split_mode: SplitMode,
    pub cache_type_k: CacheType,
    pub cache_type_v: CacheType,
    /// Context tokens `--gpu-layers auto` reserves room for when fitting layers to memory.
    pub fit_ctx: u32,
}

/// A compute device llama.cpp can use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceInfo {
    pub name: String,
    pub backend: String,
    pub description: String,
    pub kind: String,
    pub memory_total: u64,
    pub memory_free: u64,
}

impl DeviceInfo {
    /// A discrete or integrated GPU (not the CPU, not an accelerator such as BLAS).
    pub fn is_gpu(&self) -> bool {
        self.kind == "gpu" || self.kind == "integratedgpu"
    }
}

/// The devices of every backend compiled into this build (CPU included).
pub fn devices() -> Vec<DeviceInfo> {
    llama::devices()
}

/// Flash attention policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlashAttention {
    Auto,
    On,
    Off,
}

impl std::str::FromStr for FlashAttention {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "auto" => Ok(Self::Auto),
            "on" => Ok(Self::On),
            "off" => Ok(Self::Off),
            _ => Err(format!("'{s}' is not one of 'auto', 'on', 'off'")),
        }
    }
}

impl std::fmt::Display for FlashAttention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Auto => "auto",
            Self::On => "on",
            Self::Off => "off",
        })
    }
}

/// What the engine needs to load a model.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub model_path: PathBuf,
    pub gpu_layers: GpuLayers,
    pub threads: u32,
    pub flash_attention: FlashAttention,
    /// Main GPU, split mode, KV-cache types.
    pub offload: OffloadConfig,
    /// Let llama.cpp's own log lines through (to `tracing`).
    pub verbose_llama_logs: bool,
    /// A named llama.cpp chat template (e.g. `chatml`) instead of the model's own.
    pub chat_template: Option<String>,
}

/// Facts about the loaded model, for provenance, stats and `models info`.
#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    pub path: PathBuf,
    pub file_name: String,
    pub name: String,
    pub architecture: String,
    pub quantization: String,
    pub n_params: u64,
    pub size_bytes: u64,
    pub n_ctx_train: u32,
    pub n_layer: u32,
    pub n_vocab: i32,
    pub has_chat_template: bool,
    pub chat_template: String,
    pub backend: String,
    pub gpu_layers: u32,
}

impl ModelInfo {
    /// Where the model runs, for stats lines: `CPU` or `CUDA (NVIDIA H200): 31/31 layers on GPU`.
    pub fn placement(&self) -> String {
        if self.gpu_layers == 0 {
            "CPU".to_string()
        } else {
            format!(
                "{}: {}/{} layers on GPU",
                self.backend,
                self.gpu_layers,
                self.n_layer + 1
            )
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
}

impl ContextSpec {
    /// A context for `n_parallel` sequences of `n_ctx_per_seq` tokens, with a shared KV pool.
    pub fn new(n_ctx_per_seq: u32, n_parallel: u32) -> Self {
        Self {
            n_ctx_per_seq,
            n_parallel,
            kv_layout: KvLayout::Shared,
        }
    }

    pub fn with_kv_layout(self, kv_layout: KvLayout) -> Self {
        Self { kv_layout, ..self }
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
    /// A GBNF grammar (root rule `root`) that constrains the output.
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
    pub text: String,
    pub finish_reason: FinishReason,
    pub prompt_tokens: u32,
    /// Prompt tokens whose KV was reused instead of evaluated.
    pub reused_tokens: u32,
    pub completion_tokens: u32,
    pub timings: Timings,
    /// Context cells this sequence used at the end, and the per-sequence budget.
    pub context_used: u32,
    pub context_size: u32,
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
    /// Streamed text (only for jobs with `stream`).
    Token { tag: u64, text: String },
    /// The job ended.
    Finished {
        tag: u64,
        result: Result<Generation, EngineError>,
    },
}

/// Requests the engine thread serves.
#[derive(Debug)]
pub enum Command {
    /// Run jobs with continuous batching until `jobs` is closed and every job has finished.
    Run {
        spec: ContextSpec,
        jobs: Receiver<Job>,
        events: Sender<Event>,
        cancel: Arc<AtomicBool>,
    },
    /// Compile a JSON schema to a GBNF grammar and check that the model accepts it.
    /// Measure single-stream prompt and generation speed (llama-bench style).
    Bench {
        n_prompt: u32,
        n_gen: u32,
        reps: u32,
        reply: Sender<Result<Vec<SpeedSample>, EngineError>>,
    },
    SchemaToGrammar {
        schema: String,
        reply: Sender<Result<String, EngineError>>,
    },
    /// Score answer options by their log-likelihood after a prompt (no generation).
    Score {
        request: ScoreRequest,
        reply: Sender<Result<ScoreResult, EngineError>>,
    },
    /// Evaluate a text in one sequence and return every position's logits (reference checks).
    Logits {
        request: LogitsRequest,
        reply: Sender<Result<LogitsResult, EngineError>>,
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

/// Handle to the engine thread.
#[derive(Debug)]
pub struct Engine {
    commands: Option<SyncSender<Command>>,
    thread: Option<JoinHandle<()>>,
    info: ModelInfo,
    tokenizer: Tokenizer,
}

impl Engine {
    /// Check the model file, start the engine thread and load the model; returns once loaded.
    pub fn start(config: EngineConfig) -> Result<Self, EngineError> {
        check_model_file(&config.model_path)?;
        let (commands, inbox) = mpsc::sync_channel::<Command>(16);
        let (ready_tx, ready_rx) = mpsc::channel::<Result<(ModelInfo, Tokenizer), EngineError>>();
        let thread = std::thread::Builder::new()
            .name("ddx-engine".into())
            .spawn(move || llama::engine_main(&config, &ready_tx, &inbox))
            .map_err(|e| EngineError::Thread(e.to_string()))?;
        match ready_rx.recv() {
            Ok(Ok((info, tokenizer))) => Ok(Self {
                commands: Some(commands),
                thread: Some(thread),
                info,
                tokenizer,
            }),
            Ok(Err(error)) => {
                let _ = thread.join();
                Err(error)
            }
            Err(_) => {
                let _ = thread.join();
                Err(EngineError::Thread(
                    "the engine thread stopped while loading".into(),
                ))
            }
        }
    }

    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// A tokenizer for the loaded model, usable from any thread while the engine decodes.
    pub fn tokenizer(&self) -> Tokenizer {
        self.tokenizer.clone()
    }

    fn send(&self, command: Command) -> Result<(), EngineError> {
        self.commands
            .as_ref()
            .ok_or_else(|| EngineError::Thread("engine is shut down".into()))?
            .send(command)
            .map_err(|_| EngineError::Thread("the engine thread has stopped".into()))
    }

    /// Start a run; feed jobs into the returned sender and read events until the channel closes.
    pub fn run(
        &self,
        spec: ContextSpec,
        cancel: Arc<AtomicBool>,
    ) -> Result<RunHandle, EngineError> {
        let (jobs_tx, jobs_rx) = mpsc::channel();
        let (events_tx, events_rx) = mpsc::channel();
        self.send(Command::Run {
            spec,
            jobs: jobs_rx,
            events: events_tx,
            cancel,
        })?;
        Ok(RunHandle {
            jobs: Some(jobs_tx),
            events: events_rx,
        })
    }

    /// Generate one answer, streaming tokens to `on_token`.
    pub fn generate(
        &self,
        spec: ContextSpec,
        request: GenRequest,
        cancel: Arc<AtomicBool>,
        on_token: &mut dyn FnMut(&str),
        on_start: &mut dyn FnMut(u32, u32),
    ) -> Result<Generation, EngineError> {
        let mut run = self.run(spec, cancel)?;
        run.submit(Job {
            tag: 0,
            request,
            stream: true,
        })?;
        run.close();
        let mut outcome = None;
        while let Some(event) = run.next_event(None) {
            match event {
                Event::Started {
                    prompt_tokens,
                    reused_tokens,
                    ..
                } => on_start(prompt_tokens, reused_tokens),
                Event::Token { text, .. } => on_token(&text),
                Event::Finished { result, .. } => outcome = Some(result),
            }
        }
        outcome.unwrap_or_else(|| {
            Err(EngineError::Thread(
                "the engine ended the run without a result".into(),
            ))
        })
    }

    /// Tokens the messages take after the chat template.
    pub fn count_tokens(&self, messages: &[ChatMessage]) -> Result<u32, EngineError> {
        self.tokenizer.count_tokens(messages)
    }

    /// llama-bench style single-stream speed: `reps` runs after one warm-up.
    pub fn bench_single(
        &self,
        n_prompt: u32,
        n_gen: u32,
        reps: u32,
    ) -> Result<Vec<SpeedSample>, EngineError> {
        let (reply, answer) = mpsc::channel();
        self.send(Command::Bench {
            n_prompt,
            n_gen,
            reps,
            reply,
        })?;
        answer
            .recv()
            .map_err(|_| EngineError::Thread("the engine thread has stopped".into()))?
    }

    /// Compile a JSON schema to a grammar the model's sampler accepts.
    pub fn schema_to_grammar(&self, schema: String) -> Result<String, EngineError> {
        let (reply, answer) = mpsc::channel();
        self.send(Command::SchemaToGrammar { schema, reply })?;
        answer
            .recv()
            .map_err(|_| EngineError::Thread("the engine thread has stopped".into()))?
    }
}

impl Engine {
    /// Score answer options by log-likelihood (see [`ScoreRequest`]).
    pub fn score(&self, request: ScoreRequest) -> Result<ScoreResult, EngineError> {
        let (reply, answer) = mpsc::channel();
        self.send(Command::Score { request, reply })?;
        answer
            .recv()
            .map_err(|_| EngineError::Thread("the engine thread has stopped".into()))?
    }

    /// Every position's logits for a text evaluated in one sequence (for reference checks).
    pub fn logits(&self, request: LogitsRequest) -> Result<LogitsResult, EngineError> {
        let (reply, answer) = mpsc::channel();
        self.send(Command::Logits { request, reply })?;
        answer
            .recv()
            .map_err(|_| EngineError::Thread("the engine thread has stopped".into()))?
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        // Closing the command channel ends the engine loop; join so llama.cpp is freed in order.
        self.commands.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The caller's side of a run.
#[derive(Debug)]
pub struct RunHandle {
    jobs: Option<Sender<Job>>,
    events: Receiver<Event>,
}

impl RunHandle {
    /// Queue a job. The engine admits jobs in submission order.
    pub fn submit(&self, job: Job) -> Result<(), EngineError> {
        self.jobs
            .as_ref()
            .ok_or_else(|| EngineError::Thread("run already closed".into()))?
            .send(job)
            .map_err(|_| EngineError::Thread("the engine stopped taking jobs".into()))
    }

    /// Split into the job sender (to hand to a producer thread) and the event receiver.
    pub fn into_parts(self) -> (Option<Sender<Job>>, Receiver<Event>) {
        (self.jobs, self.events)
    }

    /// No more jobs: the run ends once the queued ones finish.
    pub fn close(&mut self) {
        self.jobs.take();
    }

    /// Next event; `None` once the run is over (or the timeout passed, when one is given).
    pub fn next_event(&self, timeout: Option<Duration>) -> Option<Event> {
        match timeout {
            None => self.events.recv().ok(),
            Some(t) => self.events.recv_timeout(t).ok(),
        }
    }

    /// Non-blocking poll: `Ok(Some)` an event, `Ok(None)` nothing yet, `Err(())` the run is over.
    #[allow(clippy::result_unit_err)]
    pub fn try_event(&self) -> Result<Option<Event>, ()> {
        match self.events.try_recv() {
            Ok(event) => Ok(Some(event)),
            Err(mpsc::TryRecvError::Empty) => Ok(None),
            Err(mpsc::TryRecvError::Disconnected) => Err(()),
        }
    }
}
