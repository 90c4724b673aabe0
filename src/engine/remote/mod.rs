//! The remote backend: a model served over HTTP (an OpenAI-compatible server such as
//! llama-server or vLLM, OpenAI, Azure OpenAI, Azure AI Foundry) behind the same [`Backend`]
//! interface as the local engine, so every mode works on it unchanged.
//!
//! A run keeps up to `n_parallel` requests in flight: that many workers take jobs in submission
//! order and each request runs on a thread of its own, so a cancel answers at once even while a
//! server stalls. Structured output is sent as `response_format` (`json_schema`, strict); the
//! caller still validates every answer, since servers may relax a schema. Scoring options needs
//! per-token log-likelihoods that chat endpoints do not give, so it is refused, naming the
//! alternative. When the server stops answering (connections refused or reset after every
//! retry), the rest of the run's jobs end at once with the same error instead of retrying each.

mod client;
mod endpoint;
mod limits;
mod reasoning;
mod tokenizer;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

pub use client::{ApiKey, RetryPolicy};
use client::{Client, Completion, Delta};
pub use endpoint::{Endpoint, Family};
pub use limits::RateLimiter;

use super::{
    Backend, ContextSpec, EngineError, Event, FinishReason, GenRequest, Generation, Job,
    LogitsRequest, LogitsResult, ModelInfo, Reasoning, ReasoningFormat, RunHandle, ScoreRequest,
    ScoreResult, Served, SpeedSample, Submission, ThinkMarkers, Timings, Tokenizer,
};

/// Everything a served model needs.
#[derive(Debug, Clone)]
pub struct RemoteConfig {
    pub endpoint: Endpoint,
    /// The model (or deployment) name sent in each request.
    pub model: String,
    pub key: Option<ApiKey>,
    pub retries: RetryPolicy,
    /// Longest a request may take, answer included.
    pub timeout: Duration,
    pub max_rpm: Option<u32>,
    pub max_tpm: Option<u64>,
    /// Tokens one conversation or case may use (there is no model file to ask).
    pub ctx_size: u32,
    /// Whether a `<think>` block at the start of the content is split off as reasoning (`auto`
    /// and `think-tags` do; `none` keeps the content whole). Reasoning the server returns apart
    /// (`reasoning_content`) is kept apart in every case.
    pub reasoning: ReasoningFormat,
}

/// What a run's requests share.
#[derive(Debug)]
struct Exchange {
    client: Client,
    model: String,
    extended_sampling: bool,
    tokenizer: Tokenizer,
    ctx_size: u32,
}

/// A model behind an HTTP endpoint.
#[derive(Debug)]
pub struct RemoteBackend {
    exchange: Arc<Exchange>,
    info: ModelInfo,
}

impl RemoteBackend {
    /// A backend for `config`. Nothing is sent until the first request.
    pub fn new(config: RemoteConfig) -> Self {
        let tokenizer = Tokenizer::new(Arc::new(tokenizer::EstimatedTokenizer));
        let extended_sampling = config
            .endpoint
            .family
            .takes_extended_sampling(config.endpoint.host());
        let info = ModelInfo {
            path: PathBuf::new(),
            file_name: config.model.clone(),
            name: config.model.clone(),
            architecture: String::new(),
            quantization: String::new(),
            n_params: 0,
            size_bytes: 0,
            n_ctx_train: 0,
            n_layer: 0,
            n_vocab: 0,
            has_chat_template: true,
            chat_template: "the server's".to_string(),
            chat_template_sha256: String::new(),
            chat_template_note: None,
            backend: format!("remote ({})", config.endpoint.family.name()),
            gpu_layers: 0,
            served_by: Some(config.endpoint.public()),
            threads: 0,
            threads_note: None,
            kv_bytes_per_token: 0,
            device_free_bytes: None,
        };
        let limiter = RateLimiter::new(config.max_rpm, config.max_tpm);
        Self {
            exchange: Arc::new(Exchange {
                client: Client::new(
                    config.endpoint,
                    config.key,
                    config.retries,
                    config.timeout,
                    limiter,
                    ThinkMarkers::for_served(config.reasoning),
                ),
                model: config.model,
                extended_sampling,
                tokenizer,
                ctx_size: config.ctx_size,
            }),
            info,
        }
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.exchange.client.endpoint
    }

    /// What the server says about its models (`GET /models`, or Azure's model info).
    pub fn server_models(&self) -> Result<Value, EngineError> {
        self.exchange
            .client
            .get_json(&self.exchange.client.endpoint.models_url())
    }

    /// The sampling keys sent with every request (provenance: the settings as sent).
    pub fn sampling_keys(&self) -> &'static [&'static str] {
        if self.exchange.extended_sampling {
            &[
                "temperature",
                "top_p",
                "seed",
                "top_k",
                "min_p",
                "repeat_penalty",
            ]
        } else {
            &["temperature", "top_p", "seed"]
        }
    }
}

impl Exchange {
    /// The request body for a job.
    fn body(&self, request: &GenRequest) -> Value {
        let s = &request.sampling;
        let mut body = Map::new();
        body.insert("model".into(), json!(self.model));
        body.insert("messages".into(), json!(request.messages));
        body.insert("max_tokens".into(), json!(request.max_tokens));
        body.insert("temperature".into(), json!(s.temperature));
        body.insert("top_p".into(), json!(s.top_p));
        body.insert("seed".into(), json!(s.seed));
        if self.extended_sampling {
            body.insert("top_k".into(), json!(s.top_k));
            body.insert("min_p".into(), json!(s.min_p));
            body.insert("repeat_penalty".into(), json!(s.repeat_penalty));
        }
        if !request.stop.is_empty() {
            // The OpenAI API takes at most 4; any further ones are cut here (see `finish`).
            let stop: Vec<&String> = request.stop.iter().take(4).collect();
            body.insert("stop".into(), json!(stop));
        }
        if let Some(schema) = request
            .grammar
            .as_deref()
            .and_then(|s| serde_json::from_str::<Value>(s).ok())
        {
            body.insert(
                "response_format".into(),
                json!({"type": "json_schema", "json_schema": {"name": "answer", "schema": schema, "strict": true}}),
            );
        }
        body.insert("stream".into(), json!(true));
        body.insert("stream_options".into(), json!({"include_usage": true}));
        Value::Object(body)
    }

    /// The finished generation of a completion.
    fn finish(
        &self,
        request: &GenRequest,
        completion: Completion,
        started: Instant,
        own_time: Duration,
    ) -> Generation {
        let ended = Instant::now();
        let millis = |from: Instant, to: Instant| to.duration_since(from).as_secs_f64() * 1000.0;
        let mut text = completion.text;
        let mut finish_reason = completion.finish_reason;
        // Stop strings the server was not sent (past the 4 it takes) end the text here.
        if let Some(cut) = request
            .stop
            .iter()
            .filter(|s| !s.is_empty())
            .filter_map(|s| text.find(s.as_str()))
            .min()
        {
            text.truncate(cut);
            finish_reason = FinishReason::Stop;
        }
        let estimated_prompt = self.tokenizer.count_tokens(&request.messages).unwrap_or(0);
        let usage = completion.usage;
        let prompt_tokens = usage.map_or(estimated_prompt, |u| u.prompt_tokens);
        let completion_tokens = usage.map_or(completion.pieces, |u| u.completion_tokens);
        let first = completion.first_text.unwrap_or(ended);
        let reasoning = completion.reasoning.map(|(text, pieces)| {
            Box::new(Reasoning {
                text,
                tokens: usage
                    .and_then(|u| u.reasoning_tokens)
                    .unwrap_or(pieces)
                    .min(completion_tokens),
            })
        });
        Generation {
            text,
            reasoning,
            finish_reason,
            prompt_tokens,
            reused_tokens: usage.map_or(0, |u| u.cached_tokens),
            completion_tokens,
            timings: Timings {
                prompt_ms: millis(started, first),
                ttft_ms: millis(started, first),
                generation_ms: millis(first, ended),
                total_ms: millis(started, ended),
            },
            context_used: prompt_tokens + completion_tokens,
            context_size: self.ctx_size,
            served: Some(Served {
                client_ms: Some(
                    (own_time + completion.client_time + ended.elapsed()).as_secs_f64() * 1000.0,
                ),
                ..completion.served
            }),
        }
    }

    /// A generation that ended before (or while) it was answered.
    fn cancelled(&self, text: String, started: Instant) -> Generation {
        let total_ms = started.elapsed().as_secs_f64() * 1000.0;
        Generation {
            reasoning: None,
            text,
            finish_reason: FinishReason::Cancelled,
            prompt_tokens: 0,
            reused_tokens: 0,
            completion_tokens: 0,
            timings: Timings {
                total_ms,
                ..Timings::default()
            },
            context_used: 0,
            context_size: self.ctx_size,
            served: None,
        }
    }

    /// Serve one job: events for its start, its text (when streamed) and its end.
    /// (Over 80 lines: retries, the streamed and the whole answer, and cancellation all end in
    /// exactly one finish event; kept together so no path can send two or none.)
    fn serve(self: &Arc<Self>, job: Job, events: &Sender<Event>, cancel: &AtomicBool, dead: &Dead) {
        let Job {
            tag,
            request,
            stream,
        } = job;
        let started = Instant::now();
        let finished = |result| {
            let _ = events.send(Event::Finished { tag, result });
        };
        if let Some(error) = dead.error() {
            return finished(Err(error));
        }
        if cancel.load(Ordering::SeqCst) {
            return finished(Ok(self.cancelled(String::new(), started)));
        }
        let _ = events.send(Event::Started {
            tag,
            prompt_tokens: self.tokenizer.count_tokens(&request.messages).unwrap_or(0),
            reused_tokens: 0,
        });
        // The exchange runs on a thread of its own, so a cancel never waits for the server.
        let (tx, rx) = mpsc::channel::<Message>();
        let abandon = Arc::new(AtomicBool::new(false));
        let building = Instant::now();
        let body = self.body(&request);
        let mut own_time = building.elapsed();
        let spawned = {
            let this = Arc::clone(self);
            let abandon = abandon.clone();
            std::thread::Builder::new()
                .name("ddx-request".into())
                .spawn(move || {
                    let pieces = tx.clone();
                    // Pieces are passed on only when the job streams (the answer of a batch
                    // job arrives whole), and an answer nobody has seen yet may start over on
                    // a retry.
                    let result = this.client.chat(&body, &abandon, !stream, &mut |delta| {
                        if !stream {
                            return true;
                        }
                        let message = match delta {
                            Delta::Text(piece) => Message::Piece(piece.to_string()),
                            Delta::Reasoning(piece) => Message::Thought(piece.to_string()),
                            Delta::Restart => Message::Restart,
                        };
                        pieces.send(message).is_ok()
                    });
                    let _ = tx.send(Message::Done(Box::new(result)));
                })
        };
        if let Err(error) = spawned {
            return finished(Err(EngineError::Thread(error.to_string())));
        }
        let mut text = String::new();
        let result = loop {
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(Message::Piece(piece)) => {
                    let passing = Instant::now();
                    if stream {
                        let _ = events.send(Event::Token {
                            tag,
                            text: piece.clone(),
                        });
                    }
                    text.push_str(&piece);
                    own_time += passing.elapsed();
                }
                Ok(Message::Thought(piece)) => {
                    if stream {
                        let _ = events.send(Event::Reasoning { tag, text: piece });
                    }
                }
                Ok(Message::Restart) => text.clear(),
                Ok(Message::Done(result)) => break *result,
                Err(RecvTimeoutError::Timeout) => {
                    if cancel.load(Ordering::SeqCst) {
                        abandon.store(true, Ordering::SeqCst);
                        return finished(Ok(self.cancelled(text, started)));
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    break Err(EngineError::Thread(
                        "the request ended without an answer".into(),
                    ))
                }
            }
        };
        let result = result.map(|completion| self.finish(&request, completion, started, own_time));
        if let Err(error @ EngineError::Unreachable { .. }) = &result {
            dead.set(error.clone());
        }
        finished(result);
    }
}

/// What a request thread tells its worker.
enum Message {
    Piece(String),
    /// A piece of the reasoning.
    Thought(String),
    Restart,
    Done(Box<Result<Completion, EngineError>>),
}

/// The error that ended a run's exchanges with the server, once it stopped answering.
#[derive(Debug, Default)]
struct Dead(Mutex<Option<EngineError>>);

impl Dead {
    fn error(&self) -> Option<EngineError> {
        self.0.lock().ok().and_then(|e| e.clone())
    }

    fn set(&self, error: EngineError) {
        if let Ok(mut slot) = self.0.lock() {
            slot.get_or_insert(error);
        }
    }
}

fn unsupported(operation: &'static str, hint: &str) -> EngineError {
    EngineError::Unsupported {
        operation,
        backend: format!("a served model ({hint})"),
    }
}

impl Backend for RemoteBackend {
    fn info(&self) -> &ModelInfo {
        &self.info
    }

    fn tokenizer(&self) -> Tokenizer {
        self.exchange.tokenizer.clone()
    }

    fn run(&self, spec: ContextSpec, cancel: Arc<AtomicBool>) -> Result<RunHandle, EngineError> {
        let (jobs_tx, jobs_rx) = mpsc::channel::<Submission>();
        let (events_tx, events_rx) = mpsc::channel::<Event>();
        let jobs: Arc<Mutex<Receiver<Submission>>> = Arc::new(Mutex::new(jobs_rx));
        let dead = Arc::new(Dead::default());
        for _ in 0..spec.n_parallel.clamp(1, 256) {
            let jobs = jobs.clone();
            let events = events_tx.clone();
            let cancel = cancel.clone();
            let dead = dead.clone();
            let exchange = self.exchange.clone();
            std::thread::Builder::new()
                .name("ddx-remote".into())
                .spawn(move || loop {
                    // Jobs are taken in submission order, one at a time.
                    let job = match jobs.lock() {
                        Ok(jobs) => jobs.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(Submission::Job(job)) => exchange.serve(job, &events, &cancel, &dead),
                        // Served requests are not batched here: nothing waits for more input.
                        Ok(Submission::InputEnded) => {}
                        Err(_) => return,
                    }
                })
                .map_err(|e| EngineError::Thread(e.to_string()))?;
        }
        Ok(RunHandle::new(jobs_tx, events_rx))
    }

    fn bench_single(
        &self,
        _n_prompt: u32,
        _n_gen: u32,
        _reps: u32,
    ) -> Result<Vec<SpeedSample>, EngineError> {
        Err(unsupported(
            "a single-stream benchmark",
            "measure it with `ddx bench batch` instead",
        ))
    }

    /// The schema itself: the server enforces it (`response_format`), ddx validates the answers.
    fn compile_schema(&self, schema: String) -> Result<String, EngineError> {
        let value: Value = serde_json::from_str(&schema)
            .map_err(|e| EngineError::Schema(format!("not JSON: {e}")))?;
        if !value.is_object() {
            return Err(EngineError::Schema("a schema must be a JSON object".into()));
        }
        Ok(value.to_string())
    }

    fn score(&self, _request: ScoreRequest) -> Result<ScoreResult, EngineError> {
        Err(unsupported(
            "scoring options by log-likelihood",
            "chat endpoints return no prompt log-likelihoods; answer by generation with \
             `--generate` (eval) or without `--score` (batch)",
        ))
    }

    fn can_score(&self) -> bool {
        false
    }

    fn logits(&self, _request: LogitsRequest) -> Result<LogitsResult, EngineError> {
        Err(unsupported("logits", "chat endpoints return none"))
    }
}
