//! The local backend: the only code that calls `llama_cpp_2` (backend, model, contexts,
//! decoding, sampling).
//!
//! [`engine_main`] runs on the engine thread. It loads the model once ([`load`]), then serves
//! commands: generation runs with continuous batching ([`scheduler`]), option scoring
//! ([`score`]), single-stream benchmarks ([`bench`]) and schema compilation ([`sampler`]). The
//! KV cache of a run is one pool shared by all sequences or one stream per sequence, as the run's
//! [`KvLayout`] says. Tokenization ([`tokenizer`]) works from any thread.
//!
//! llama.cpp aborts the process on some misuse, so the invariants are checked before each call:
//! a batch never exceeds `n_batch`; positions continue at the sequence's length; KV copies are
//! always whole-sequence (a partial one aborts with per-sequence streams); grammars are compiled
//! and probed before use.

mod bench;
mod cells;
mod chat_template;
#[cfg(test)]
mod chat_template_check;
mod load;
mod sampler;
mod scheduler;
mod score;
mod tokenizer;
mod vocab;

use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::token::LlamaToken;
use llama_cpp_2::{send_logs_to_tracing, LogOptions};

use cells::Cells;
pub(crate) use load::devices;
use load::{context_extras, load, new_context, threaded, Shape};
use scheduler::{ContextState, History};
use tokenizer::LlamaTokenizer;
pub use vocab::load_vocab;

use crate::engine::local::Command;
use crate::engine::{ContextSpec, EngineConfig, EngineError, ModelInfo, Tokenizer};

/// Largest number of tokens one decode call carries.
const MAX_BATCH: u32 = 512;

/// The process's llama.cpp backend. llama.cpp is initialised once per process (a second
/// `LlamaBackend::init` fails while the first lives), so engines share this one and it is never
/// freed: two engines can run at once, the cases' model and the de-identification model
/// (`--deid-model`), and engines started one after another reuse it.
static BACKEND: OnceLock<Result<LlamaBackend, String>> = OnceLock::new();

fn shared_backend() -> Result<&'static LlamaBackend, EngineError> {
    match BACKEND.get_or_init(|| LlamaBackend::init().map_err(|e| e.to_string())) {
        Ok(backend) => Ok(backend),
        Err(error) => Err(EngineError::Thread(format!("llama.cpp backend: {error}"))),
    }
}

/// Entry point of the engine thread.
pub(super) fn engine_main(
    config: &EngineConfig,
    ready: &Sender<Result<(ModelInfo, Tokenizer), EngineError>>,
    inbox: &Receiver<Command>,
) {
    // Before backend init, so device and model-load messages are covered too.
    send_logs_to_tracing(LogOptions::default().with_logs_enabled(config.verbose_llama_logs));
    let backend = match shared_backend() {
        Ok(backend) => backend,
        Err(error) => {
            let _ = ready.send(Err(error));
            return;
        }
    };
    let before_load = config.fit_threads.then(super::cpu::Sample::now).flatten();
    let loaded = match load(backend, config) {
        Ok(loaded) => loaded,
        Err(error) => {
            let _ = ready.send(Err(error));
            return;
        }
    };
    let (model, template, mut info) = loaded;
    let mut config = config.clone();
    if config.fit_threads {
        let (threads, note) = super::cpu::threads_beside_other_work(config.threads, before_load);
        config.threads = threads;
        info.threads = threads;
        info.threads_note = note;
    }
    let config = &config;
    let model = Arc::new(model);
    let tokenizer = Arc::new(LlamaTokenizer::new(model.clone(), template));
    if ready
        .send(Ok((info, Tokenizer::new(tokenizer.clone()))))
        .is_err()
    {
        return;
    }
    let mut worker = Worker {
        backend,
        model: &model,
        tokenizer,
        config,
        state: None,
        scorer: None,
    };
    while let Ok(command) = inbox.recv() {
        worker.handle(command);
    }
}

struct Worker<'m> {
    backend: &'m LlamaBackend,
    model: &'m LlamaModel,
    tokenizer: Arc<LlamaTokenizer>,
    config: &'m EngineConfig,
    state: Option<ContextState<'m>>,
    /// The option-scoring context (see `score.rs`), kept between requests.
    scorer: Option<score::Scorer<'m>>,
}

fn common_prefix(a: &[LlamaToken], b: &[LlamaToken]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn to_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn decode_error(e: impl std::fmt::Display) -> EngineError {
    EngineError::Decode(e.to_string())
}

fn millis(from: Instant, to: Instant) -> f64 {
    to.saturating_duration_since(from).as_secs_f64() * 1000.0
}

impl<'m> Worker<'m> {
    fn handle(&mut self, command: Command) {
        match command {
            Command::Run {
                spec,
                jobs,
                events,
                cancel,
            } => self.run(spec, &jobs, &events, &cancel),
            Command::Bench {
                n_prompt,
                n_gen,
                reps,
                reply,
            } => {
                // The measurement needs its own context; the run context is rebuilt on demand.
                self.state = None;
                let _ = reply.send(bench::single_stream(
                    self.backend,
                    self.model,
                    self.base_context_params(),
                    n_prompt,
                    n_gen,
                    reps,
                ));
            }
            Command::SchemaToGrammar { schema, reply } => {
                let _ = reply.send(sampler::schema_to_grammar(self.model, &schema));
            }
            Command::Score { request, reply } => {
                let env = self.score_env();
                let _ = reply.send(env.score(&mut self.scorer, &request));
            }
            Command::Logits { request, reply } => {
                let env = self.score_env();
                let _ = reply.send(env.logits(&mut self.scorer, &request));
            }
        }
    }

    fn score_env(&self) -> score::Env<'m> {
        score::Env {
            backend: self.backend,
            model: self.model,
            tokenizer: self.tokenizer.clone(),
            threads: self.config.threads,
        }
    }

    /// Context settings every context shares: threads, flash attention, KV types, offload.
    fn base_context_params(&self) -> LlamaContextParams {
        context_extras(self.config, threaded(self.config.threads))
    }

    /// The context for `spec`, reusing the current one (and its KV) when the shape matches.
    fn ensure_context(&mut self, spec: ContextSpec) -> Result<(), EngineError> {
        let spec = ContextSpec {
            n_parallel: spec.n_parallel.clamp(1, 256),
            n_ctx_per_seq: spec.n_ctx_per_seq.max(16),
            ..spec
        };
        if self.state.as_ref().is_some_and(|s| s.spec == spec) {
            return Ok(());
        }
        self.state = None;
        let n_parallel = spec.n_parallel;
        let n_ctx = spec.kv_cells();
        let n_batch = MAX_BATCH.min(n_ctx).max(n_parallel.min(n_ctx));
        let mut params = self.base_context_params();
        if spec.batch_invariant {
            // Flash attention's CPU kernel changes its summation order with the number of query
            // rows in a micro-batch (a tiled kernel from 64 rows on).
            params = params.with_flash_attention_policy(0);
        }
        let ctx = new_context(
            self.backend,
            self.model,
            params,
            Shape {
                n_ctx,
                n_batch,
                n_ubatch: n_batch,
                n_seq_max: n_parallel,
                kv_unified: spec.unified(),
            },
        )?;
        let histories = vec![History::new(); n_parallel as usize];
        self.state = Some(ContextState {
            spec,
            ctx,
            histories,
            cells: Cells::new(n_parallel as usize),
            turn: 0,
        });
        Ok(())
    }
}
