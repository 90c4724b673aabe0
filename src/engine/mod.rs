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
pub use gguf::{check_model_file, ftype_name};
pub use sampling::SamplingParams;
pub use stop::{StopMatcher, StopStep};
pub use tokenizer::Tokenizer;
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
    /// Exactly this many (0 = CPU only).
    Count(u32),
}

impl std::fmt::Display for GpuLayers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GpuLayers::All => f.write_str("all"),
            GpuLayers::Count(n) => write!(f, "{n}"),
        }
    }
}

impl std::str::FromStr for GpuLayers {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "all" => Ok(GpuLayers::All),
            other => other
                .parse::<u32>()
                .map(GpuLayers::Count)
                .map_err(|_| format!("'{s}' is not a layer count or 'all'")),
        }
    }
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

/// Shape of the context a run needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextSpec {
    /// Tokens one sequence (case or conversation) may hold: prompt plus answer.
    pub n_ctx_per_seq: u32,
    /// Sequences decoded together.
    pub n_parallel: u32,
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
