//! The only module that calls `llama_cpp_2`: backend, model, contexts, decoding and sampling.
//!
//! [`engine_main`] runs on the engine thread. It loads the model once, then serves commands.
//! A run decodes up to `n_parallel` sequences at once in one context (continuous batching): every
//! decode carries one token per generating sequence plus prompt tokens of newly admitted jobs, up
//! to `n_batch`. The KV cache is one pool shared by all sequences or one stream per sequence, as
//! the run's [`KvLayout`] says. Each sequence keeps its KV after its job ends,
//! so a new job reuses the longest token prefix it shares with any sequence (a shared system
//! prompt is evaluated once; a chat turn evaluates only its new tokens).
//!
//! llama.cpp aborts the process on some misuse, so the invariants are checked before each call:
//! a batch never exceeds `n_batch`; positions continue at the sequence's length; KV copies are
//! always whole-sequence (a partial one aborts with per-sequence streams); grammars are compiled
//! and probed before use.

use std::ffi::CString;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::time::Instant;

use llama_cpp_2::context::params::{KvCacheType, LlamaContextParams};
use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::{LlamaModelParams, LlamaSplitMode};
use llama_cpp_2::model::{LlamaChatMessage, LlamaChatTemplate, LlamaModel};
use llama_cpp_2::sampling::LlamaSampler;
use llama_cpp_2::token::LlamaToken;
use llama_cpp_2::{send_logs_to_tracing, LogOptions};

use super::{
    ftype_name, CacheType, Command, ContextSpec, DeviceInfo, EngineConfig, EngineError, Event,
    FinishReason, FlashAttention, GenRequest, Generation, GpuLayers, Job, KvLayout, ModelInfo,
    SamplingParams, SplitMode, StopMatcher, Timings, Tokenizer, Utf8Stream,
};

/// Largest number of tokens one decode call carries.
const MAX_BATCH: u32 = 512;

/// Entry point of the engine thread.
pub(super) fn engine_main(
    config: &EngineConfig,
    ready: &Sender<Result<(ModelInfo, Tokenizer), EngineError>>,
    inbox: &Receiver<Command>,
) {
    // Before backend init, so device and model-load messages are covered too.
    send_logs_to_tracing(LogOptions::default().with_logs_enabled(config.verbose_llama_logs));
    let backend = match LlamaBackend::init() {
        Ok(backend) => backend,
        Err(error) => {
            let _ = ready.send(Err(EngineError::Thread(format!(
                "llama.cpp backend: {error}"
            ))));
            return;
        }
    };
    let loaded = match load(&backend, config) {
        Ok(loaded) => loaded,
        Err(error) => {
            let _ = ready.send(Err(error));
            return;
        }
    };
    let (model, template, info) = loaded;
    let model = Arc::new(model);
    let tokenizer = Tokenizer::new(model.clone(), template);
    if ready.send(Ok((info, tokenizer.clone()))).is_err() {
        return;
    }
    let mut worker = Worker {
        backend: &backend,
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

/// The devices of every compiled-in backend.
pub(super) fn devices() -> Vec<DeviceInfo> {
    llama_cpp_2::list_llama_ggml_backend_devices()
        .into_iter()
        .map(|d| DeviceInfo {
            name: d.name,
            backend: d.backend,
            description: d.description,
            kind: format!("{:?}", d.device_type).to_lowercase(),
            memory_total: d.memory_total as u64,
            memory_free: d.memory_free as u64,
        })
        .collect()
}

fn kv_type(t: CacheType) -> KvCacheType {
    match t {
        CacheType::F32 => KvCacheType::F32,
        CacheType::F16 => KvCacheType::F16,
        CacheType::Bf16 => KvCacheType::BF16,
        CacheType::Q8_0 => KvCacheType::Q8_0,
        CacheType::Q4_0 => KvCacheType::Q4_0,
        CacheType::Q4_1 => KvCacheType::Q4_1,
        CacheType::Q5_0 => KvCacheType::Q5_0,
        CacheType::Q5_1 => KvCacheType::Q5_1,
        CacheType::Iq4Nl => KvCacheType::IQ4_NL,
    }
}

/// Flash attention, KV types and op offload: shared by fitting and by the run's context.
fn context_extras(config: &EngineConfig, params: LlamaContextParams) -> LlamaContextParams {
    let flash = match config.flash_attention {
        FlashAttention::Auto => -1,
        FlashAttention::Off => 0,
        FlashAttention::On => 1,
    };
    params
        .with_flash_attention_policy(flash)
        .with_type_k(kv_type(config.offload.cache_type_k))
        .with_type_v(kv_type(config.offload.cache_type_v))
        // `--gpu-layers 0` in a GPU build means CPU: keep big matmuls off the GPU too.
        .with_op_offload(config.gpu_layers != GpuLayers::Count(0))
}

/// Model parameters with the layer count decided: `auto` asks llama.cpp to fit free memory.
fn model_params(
    config: &EngineConfig,
    gpu: bool,
) -> Result<std::pin::Pin<Box<LlamaModelParams>>, EngineError> {
    let split = match config.offload.split_mode {
        SplitMode::None => LlamaSplitMode::None,
        SplitMode::Layer => LlamaSplitMode::Layer,
        SplitMode::Row => LlamaSplitMode::Row,
    };
    let main_gpu = i32::try_from(config.offload.main_gpu).unwrap_or(i32::MAX);
    let base = || {
        LlamaModelParams::default()
            .with_main_gpu(main_gpu)
            .with_split_mode(split)
    };
    let fixed = |n: u32| Ok(Box::pin(base().with_n_gpu_layers(n)));
    if !gpu {
        return fixed(0);
    }
    let gpus = devices().iter().filter(|d| d.is_gpu()).count();
    if config.offload.main_gpu as usize >= gpus.max(1) {
        return Err(EngineError::ModelLoad {
            path: config.model_path.clone(),
            reason: format!(
                "'--main-gpu {}' but this machine has {gpus} GPU device(s) (numbered from 0)",
                config.offload.main_gpu
            ),
        });
    }
    match config.gpu_layers {
        GpuLayers::All => fixed(999),
        GpuLayers::Count(n) => fixed(n),
        GpuLayers::Auto => {
            let mut params = Box::pin(base());
            let path =
                CString::new(config.model_path.to_string_lossy().as_bytes()).map_err(|_| {
                    EngineError::ModelLoad {
                        path: config.model_path.clone(),
                        reason: "the path contains a NUL byte".into(),
                    }
                })?;
            let n_ctx = config.offload.fit_ctx.max(256);
            let mut cparams = context_extras(
                config,
                LlamaContextParams::default().with_n_ctx(NonZeroU32::new(n_ctx)),
            );
            // llama.cpp's own default margin: leave 1 GiB free on every device.
            let mut margins = vec![1usize << 30; llama_cpp_2::max_devices().max(1)];
            // Log level 4 = errors only.
            params
                .as_mut()
                .fit_params(&path, &mut cparams, &mut margins, n_ctx.min(4096), 4)
                .map_err(|e| EngineError::ModelLoad {
                    path: config.model_path.clone(),
                    reason: format!(
                        "'--gpu-layers auto' could not fit the model in free GPU memory ({e}); \
                         pass a layer count instead"
                    ),
                })?;
            Ok(params)
        }
    }
}

fn load(
    backend: &LlamaBackend,
    config: &EngineConfig,
) -> Result<(LlamaModel, LlamaChatTemplate, ModelInfo), EngineError> {
    let path = &config.model_path;
    let gpu = backend.supports_gpu_offload();
    let params = model_params(config, gpu)?;
    let model = LlamaModel::load_from_file(backend, path, &params).map_err(|error| {
        EngineError::ModelLoad {
            path: path.clone(),
            reason: format!(
                "{error} (llama.cpp could not read its tensors; re-run with --verbose for its log)"
            ),
        }
    })?;
    let meta = |key: &str| model.meta_val_str(key).ok();
    let (template, has_template, template_name) = match &config.chat_template {
        Some(name) => {
            let template = LlamaChatTemplate::new(name)
                .map_err(|e| EngineError::ChatTemplate(format!("'{name}': {e}")))?;
            (template, true, name.clone())
        }
        None => match model.chat_template(None) {
            Ok(template) => (template, true, "model".to_string()),
            Err(_) => (
                LlamaChatTemplate::new("chatml")
                    .map_err(|e| EngineError::ChatTemplate(e.to_string()))?,
                false,
                "chatml (fallback: the model has none)".to_string(),
            ),
        },
    };
    // Probe the template once so a template llama.cpp cannot render fails at load, not per case.
    let probe = [LlamaChatMessage::new("user".into(), "ping".into())
        .map_err(|e| EngineError::ChatTemplate(e.to_string()))?];
    model
        .apply_chat_template(&template, &probe, true)
        .map_err(|e| EngineError::ChatTemplate(format!("{template_name}: {e}")))?;
    let n_layer = model.n_layer();
    // llama.cpp counts the output layer too: n_layer + 1 means everything is on the GPU.
    let offloaded = match u32::try_from(params.n_gpu_layers()) {
        _ if !gpu => 0,
        Ok(n) => n.min(n_layer + 1),
        Err(_) => n_layer + 1,
    };
    let backend_name = if offloaded > 0 {
        llama_cpp_2::list_llama_ggml_backend_devices()
            .into_iter()
            .find(|d| d.backend != "CPU")
            .map_or_else(
                || "GPU".to_string(),
                |d| format!("{} ({})", d.backend, d.description),
            )
    } else {
        "CPU".to_string()
    };
    let file_name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let info = ModelInfo {
        path: path.clone(),
        name: meta("general.name").unwrap_or_else(|| file_name.clone()),
        file_name,
        architecture: meta("general.architecture").unwrap_or_default(),
        quantization: meta("general.file_type")
            .and_then(|t| t.parse::<u64>().ok())
            .map_or_else(|| "unknown".to_string(), |t| ftype_name(t).to_string()),
        n_params: model.n_params(),
        size_bytes: model.size(),
        n_ctx_train: model.n_ctx_train(),
        n_layer,
        n_vocab: model.n_vocab(),
        has_chat_template: has_template,
        chat_template: template_name,
        backend: backend_name,
        gpu_layers: offloaded,
    };
    Ok((model, template, info))
}

/// Tokens each sequence's KV currently holds, position by position.
type History = Vec<LlamaToken>;

struct ContextState<'m> {
    spec: ContextSpec,
    ctx: LlamaContext<'m>,
    histories: Vec<History>,
}

struct Worker<'m> {
    backend: &'m LlamaBackend,
    model: &'m LlamaModel,
    tokenizer: Tokenizer,
    config: &'m EngineConfig,
    state: Option<ContextState<'m>>,
    /// The option-scoring context (see `score.rs`), kept between requests.
    scorer: Option<super::score::Scorer<'m>>,
}

/// A job admitted to a sequence.
struct Active {
    tag: u64,
    stream: bool,
    /// The whole prompt.
    prompt: Vec<LlamaToken>,
    /// Prompt tokens not yet decoded.
    pending: Vec<LlamaToken>,
    /// Set while the job waits for another sequence to evaluate a prefix it shares.
    waiting: Option<Waiting>,
    /// The sampled token to feed next.
    next: Option<LlamaToken>,
    /// Tokens added to the current batch for this sequence.
    in_flight: Vec<LlamaToken>,
    /// Batch row whose logits this sequence samples from after the decode.
    logits_row: Option<i32>,
    sampler: LlamaSampler,
    utf8: Utf8Stream,
    stop: StopMatcher,
    prompt_tokens: u32,
    reused_tokens: u32,
    generated: u32,
    max_generated: u32,
    admitted: Instant,
    prompt_done: Option<Instant>,
    first_token: Option<Instant>,
    /// A stop string ended the text; nothing is held back any more.
    stop_hit: bool,
}

/// A job waiting to copy `len` prompt tokens from sequence `seq` (running job `tag`).
#[derive(Debug, Clone, Copy)]
struct Waiting {
    seq: usize,
    tag: u64,
    len: usize,
}

/// Waiting for another sequence pays off only for a prefix at least this long.
const MIN_SHARED_WAIT: usize = 16;

fn common_prefix(a: &[LlamaToken], b: &[LlamaToken]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn to_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
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
                let _ = reply.send(super::bench::single_stream(
                    self.backend,
                    self.model,
                    self.base_context_params(),
                    n_prompt,
                    n_gen,
                    reps,
                ));
            }
            Command::SchemaToGrammar { schema, reply } => {
                let _ = reply.send(self.schema_to_grammar(&schema));
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

    fn score_env(&self) -> super::score::Env<'m> {
        super::score::Env {
            backend: self.backend,
            model: self.model,
            tokenizer: self.tokenizer.clone(),
            threads: self.config.threads,
        }
    }

    fn schema_to_grammar(&self, schema: &str) -> Result<String, EngineError> {
        let grammar = llama_cpp_2::json_schema_to_grammar(schema)
            .map_err(|e| EngineError::Schema(e.to_string()))?;
        self.grammar_sampler(&grammar)?;
        Ok(grammar)
    }

    fn grammar_sampler(&self, grammar: &str) -> Result<LlamaSampler, EngineError> {
        LlamaSampler::grammar(self.model, grammar, "root")
            .map_err(|e| EngineError::Grammar(e.to_string()))
    }

    fn sampler(
        &self,
        params: &SamplingParams,
        grammar: Option<&str>,
    ) -> Result<LlamaSampler, EngineError> {
        let mut chain = Vec::new();
        // The grammar goes first so later samplers only see allowed tokens (a dead end aborts).
        if let Some(grammar) = grammar {
            chain.push(self.grammar_sampler(grammar)?);
        }
        if (params.repeat_penalty - 1.0).abs() > f32::EPSILON {
            chain.push(LlamaSampler::penalties(
                self.model.n_vocab(),
                params.repeat_last_n,
                params.repeat_penalty,
                0.0,
                0.0,
            ));
        }
        if params.is_greedy() {
            chain.push(LlamaSampler::greedy());
        } else {
            if params.top_k > 0 {
                chain.push(LlamaSampler::top_k(params.top_k));
            }
            if params.top_p < 1.0 {
                chain.push(LlamaSampler::top_p(params.top_p, 1));
            }
            if params.min_p > 0.0 {
                chain.push(LlamaSampler::min_p(params.min_p, 1));
            }
            chain.push(LlamaSampler::temp(params.temperature));
            chain.push(LlamaSampler::dist(params.seed));
        }
        Ok(LlamaSampler::chain_simple(chain))
    }

    /// Context settings every context shares: threads, flash attention, KV types, offload.
    fn base_context_params(&self) -> LlamaContextParams {
        let threads = i32::try_from(self.config.threads.max(1)).unwrap_or(1);
        let params = LlamaContextParams::default()
            .with_n_threads(threads)
            .with_n_threads_batch(threads);
        context_extras(self.config, params)
    }

    /// The context for `spec`, reusing the current one (and its KV) when the shape matches.
    fn ensure_context(&mut self, spec: ContextSpec) -> Result<(), EngineError> {
        let spec = ContextSpec {
            n_parallel: spec.n_parallel.clamp(1, 256),
            ..spec
        };
        if self.state.as_ref().is_some_and(|s| s.spec == spec) {
            return Ok(());
        }
        self.state = None;
        let n_parallel = spec.n_parallel;
        let n_ctx = spec.n_ctx_per_seq.max(16).saturating_mul(n_parallel);
        let n_batch = MAX_BATCH.min(n_ctx).max(n_parallel.min(n_ctx));
        let params = self
            .base_context_params()
            .with_n_ctx(NonZeroU32::new(n_ctx))
            .with_n_batch(n_batch)
            .with_n_ubatch(n_batch)
            .with_n_seq_max(n_parallel)
            .with_kv_unified(spec.kv_layout == KvLayout::Shared);
        let ctx =
            self.model
                .new_context(self.backend, params)
                .map_err(|e| EngineError::Context {
                    n_ctx,
                    reason: e.to_string(),
                })?;
        let histories = vec![History::new(); n_parallel as usize];
        self.state = Some(ContextState {
            spec,
            ctx,
            histories,
        });
        Ok(())
    }

    fn run(
        &mut self,
        spec: ContextSpec,
        jobs: &Receiver<Job>,
        events: &Sender<Event>,
        cancel: &Arc<AtomicBool>,
    ) {
        if let Err(error) = self.ensure_context(spec) {
            for job in jobs {
                let _ = events.send(Event::Finished {
                    tag: job.tag,
                    result: Err(error.clone()),
                });
            }
            return;
        }
        let n_slots = self.state.as_ref().map_or(1, |s| s.histories.len());
        let mut slots: Vec<Option<Active>> = (0..n_slots).map(|_| None).collect();
        let mut input_open = true;
        loop {
            if cancel.load(Ordering::SeqCst) {
                for (seq, slot) in slots.iter_mut().enumerate() {
                    if let Some(active) = slot.take() {
                        self.finish(seq, active, FinishReason::Cancelled, events);
                    }
                }
                return;
            }
            // Admit jobs into free sequences. Blocking here keeps the schedule independent of
            // timing, so the same input and settings give the same outputs.
            while input_open {
                let Some(seq) = slots.iter().position(Option::is_none) else {
                    break;
                };
                match jobs.recv() {
                    Ok(job) => {
                        let tag = job.tag;
                        match self.admit(seq, job, &slots) {
                            Ok(active) => {
                                if active.waiting.is_none() {
                                    let _ = events.send(Event::Started {
                                        tag,
                                        prompt_tokens: active.prompt_tokens,
                                        reused_tokens: active.reused_tokens,
                                    });
                                }
                                slots[seq] = Some(active);
                            }
                            Err(error) => {
                                let _ = events.send(Event::Finished {
                                    tag,
                                    result: Err(error),
                                });
                            }
                        }
                    }
                    Err(_) => input_open = false,
                }
                if cancel.load(Ordering::SeqCst) {
                    break;
                }
            }
            if slots.iter().all(Option::is_none) {
                if input_open && !cancel.load(Ordering::SeqCst) {
                    continue;
                }
                return;
            }
            self.resolve_waiting(&mut slots, events);
            self.step(&mut slots, events);
            if !input_open {
                self.compact(&mut slots);
            }
        }
    }

    /// With one KV stream per sequence, llama.cpp puts only consecutive sequences in one
    /// micro-batch, so once the input is done and sequences finish, the gaps they leave would
    /// split every later step into several small decodes. Move the highest running sequences
    /// into the gaps instead (a whole-stream copy, a few MB), so the rest decode together.
    fn compact(&mut self, slots: &mut [Option<Active>]) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        if state.spec.kv_layout != KvLayout::PerSequence
            || slots.iter().flatten().any(|a| a.waiting.is_some())
        {
            return;
        }
        loop {
            let Some(gap) = slots.iter().position(Option::is_none) else {
                return;
            };
            let Some(last) = slots.iter().rposition(Option::is_some) else {
                return;
            };
            if last < gap {
                return;
            }
            let moved = state
                .ctx
                .copy_kv_cache_seq(to_i32(last), to_i32(gap), None, None)
                .and_then(|()| state.ctx.kv_cache_seq_rm(to_i32(last), None, None));
            if moved.is_err() {
                // Leave nothing half-moved: the gap holds no sequence, and says so.
                let _ = state.ctx.kv_cache_seq_rm(to_i32(gap), None, None);
                state.histories[gap].clear();
                return;
            }
            state.histories[gap] = std::mem::take(&mut state.histories[last]);
            slots[gap] = slots[last].take();
        }
    }

    /// Tokenize a job's prompt and reserve sequence `seq` for it.
    ///
    /// When another sequence is still evaluating a prompt that shares a longer prefix than any
    /// cached one, the job waits for it and then copies that prefix (see [`Self::resolve_waiting`]),
    /// so a shared system prompt is evaluated once even for jobs admitted together.
    fn admit(
        &mut self,
        seq: usize,
        job: Job,
        slots: &[Option<Active>],
    ) -> Result<Active, EngineError> {
        let admitted = Instant::now();
        let GenRequest {
            messages,
            sampling,
            max_tokens,
            stop,
            grammar,
        } = job.request;
        let tokens = self.tokenizer.tokenize_messages(&messages)?;
        if tokens.is_empty() {
            return Err(EngineError::ChatTemplate(
                "the rendered prompt has no tokens".into(),
            ));
        }
        let sampler = self.sampler(&sampling, grammar.as_deref())?;
        let state = self
            .state
            .as_ref()
            .ok_or_else(|| EngineError::Thread("no context".into()))?;
        let per_seq = state.spec.n_ctx_per_seq as usize;
        if tokens.len() >= per_seq {
            return Err(EngineError::ContextOverflow {
                needed: to_u32(tokens.len() + 1),
                available: to_u32(per_seq),
            });
        }
        let cached = state
            .histories
            .iter()
            .map(|h| common_prefix(h, &tokens))
            .max()
            .unwrap_or(0);
        let upcoming = slots
            .iter()
            .enumerate()
            .filter_map(|(other, slot)| slot.as_ref().map(|a| (other, a)))
            .filter(|(_, a)| a.waiting.is_none() && !a.pending.is_empty())
            .map(|(other, a)| {
                (
                    other,
                    a.tag,
                    common_prefix(&a.prompt, &tokens).min(tokens.len() - 1),
                )
            })
            .max_by_key(|(_, _, n)| *n);
        let waiting = upcoming
            .filter(|(_, _, n)| *n >= cached + MIN_SHARED_WAIT)
            .map(|(other, tag, n)| Waiting {
                seq: other,
                tag,
                len: n,
            });
        let room = per_seq - tokens.len();
        let mut active = Active {
            tag: job.tag,
            stream: job.stream,
            prompt: tokens,
            pending: Vec::new(),
            waiting,
            next: None,
            in_flight: Vec::new(),
            logits_row: None,
            sampler,
            utf8: Utf8Stream::default(),
            stop: StopMatcher::new(&stop),
            prompt_tokens: 0,
            reused_tokens: 0,
            generated: 0,
            max_generated: max_tokens.min(to_u32(room)),
            admitted,
            prompt_done: None,
            first_token: None,
            stop_hit: false,
        };
        active.prompt_tokens = to_u32(active.prompt.len());
        if active.waiting.is_none() {
            self.place(seq, &mut active)?;
        }
        Ok(active)
    }

    /// Put the job's prompt into sequence `seq`, reusing the longest prefix any sequence holds.
    fn place(&mut self, seq: usize, active: &mut Active) -> Result<(), EngineError> {
        let state = self
            .state
            .as_mut()
            .ok_or_else(|| EngineError::Thread("no context".into()))?;
        let tokens = &active.prompt;
        // Own sequence first, so ties keep its cells.
        let mut source = seq;
        let mut shared = common_prefix(&state.histories[seq], tokens);
        for (other, history) in state.histories.iter().enumerate() {
            let n = common_prefix(history, tokens);
            if n > shared {
                source = other;
                shared = n;
            }
        }
        // Always evaluate at least one prompt token, to get logits for the first answer token.
        let keep = shared.min(tokens.len() - 1);
        let seq_id = to_i32(seq);
        let kv = |e: llama_cpp_2::context::kv_cache::KvCacheConversionError| {
            EngineError::Decode(format!("KV cache: {e}"))
        };
        if source == seq {
            state
                .ctx
                .kv_cache_seq_rm(seq_id, Some(to_u32(keep)), None)
                .map_err(kv)?;
            state.histories[seq].truncate(keep);
        } else {
            state.ctx.kv_cache_seq_rm(seq_id, None, None).map_err(kv)?;
            state.histories[seq].clear();
            if keep > 0 {
                // A partial range would abort the process with per-sequence KV streams, so copy
                // the whole source sequence and drop what it holds past the shared prefix.
                state
                    .ctx
                    .copy_kv_cache_seq(to_i32(source), seq_id, None, None)
                    .map_err(kv)?;
                state
                    .ctx
                    .kv_cache_seq_rm(seq_id, Some(to_u32(keep)), None)
                    .map_err(kv)?;
                state.histories[seq].extend_from_slice(&tokens[..keep]);
            }
        }
        active.pending = tokens[keep..].to_vec();
        active.reused_tokens = to_u32(keep);
        active.waiting = None;
        Ok(())
    }

    /// Place waiting jobs whose source sequence has evaluated the shared prefix (or gave up).
    fn resolve_waiting(&mut self, slots: &mut [Option<Active>], events: &Sender<Event>) {
        for seq in 0..slots.len() {
            let Some(wait) = slots[seq].as_ref().and_then(|a| a.waiting) else {
                continue;
            };
            let source_busy = slots[wait.seq]
                .as_ref()
                .is_some_and(|a| a.tag == wait.tag && a.waiting.is_none() && !a.pending.is_empty());
            let ready = self
                .state
                .as_ref()
                .is_some_and(|s| s.histories[wait.seq].len() >= wait.len);
            if source_busy && !ready {
                continue;
            }
            let Some(mut active) = slots[seq].take() else {
                continue;
            };
            match self.place(seq, &mut active) {
                Ok(()) => {
                    let _ = events.send(Event::Started {
                        tag: active.tag,
                        prompt_tokens: active.prompt_tokens,
                        reused_tokens: active.reused_tokens,
                    });
                    slots[seq] = Some(active);
                }
                Err(error) => {
                    let _ = events.send(Event::Finished {
                        tag: active.tag,
                        result: Err(error),
                    });
                }
            }
        }
    }

    /// One decode: a token for every generating sequence, then prompt tokens up to the batch size.
    fn step(&mut self, slots: &mut [Option<Active>], events: &Sender<Event>) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let n_batch = state.ctx.n_batch() as usize;
        let mut batch = LlamaBatch::new(n_batch, 1);
        // Generating sequences always get their token; prompts share what is left. Tokens go in
        // sequence order: with one KV stream per sequence llama.cpp splits a batch into equal
        // parts of consecutive sequences, so this keeps all generated tokens in one micro-batch.
        let generating = slots.iter().flatten().filter(|a| a.next.is_some()).count();
        let mut budget = n_batch.saturating_sub(generating);
        let mut add_error = None;
        for (seq, slot) in slots.iter_mut().enumerate() {
            let Some(active) = slot.as_mut() else {
                continue;
            };
            active.logits_row = None;
            active.in_flight.clear();
            if let Some(token) = active.next.take() {
                let pos = to_i32(state.histories[seq].len());
                active.logits_row = Some(batch.n_tokens());
                if let Err(e) = batch.add(token, pos, &[to_i32(seq)], true) {
                    add_error = Some(e.to_string());
                }
                active.in_flight.push(token);
                continue;
            }
            if active.pending.is_empty() || budget == 0 {
                continue;
            }
            let take = active.pending.len().min(budget);
            let finishes = take == active.pending.len();
            let start = state.histories[seq].len();
            for (j, token) in active.pending.drain(..take).enumerate() {
                let last = finishes && j + 1 == take;
                if last {
                    active.logits_row = Some(batch.n_tokens());
                }
                if let Err(e) = batch.add(token, to_i32(start + j), &[to_i32(seq)], last) {
                    add_error = Some(e.to_string());
                }
                active.in_flight.push(token);
            }
            budget -= take;
        }
        if batch.n_tokens() == 0 && add_error.is_none() {
            return;
        }
        let decoded = match add_error {
            Some(e) => Err(e),
            None => state.ctx.decode(&mut batch).map_err(|e| e.to_string()),
        };
        if let Err(reason) = decoded {
            for (seq, slot) in slots.iter_mut().enumerate() {
                if let Some(active) = slot.take() {
                    let _ = state.ctx.kv_cache_seq_rm(to_i32(seq), None, None);
                    state.histories[seq].clear();
                    let _ = events.send(Event::Finished {
                        tag: active.tag,
                        result: Err(EngineError::Decode(reason.clone())),
                    });
                }
            }
            return;
        }
        let now = Instant::now();
        let vocab = self.model.vocab();
        let mut finished = Vec::new();
        for (seq, slot) in slots.iter_mut().enumerate() {
            let Some(active) = slot.as_mut() else {
                continue;
            };
            state.histories[seq].extend_from_slice(&active.in_flight);
            let Some(row) = active.logits_row else {
                continue;
            };
            if active.prompt_done.is_none() {
                active.prompt_done = Some(now);
            }
            let token = active.sampler.sample(&state.ctx, row);
            if vocab.is_eog(token) {
                finished.push((seq, FinishReason::Stop));
                continue;
            }
            active.generated += 1;
            active.first_token.get_or_insert(now);
            let text = active.utf8.push(&vocab.token_to_piece(token, false, None));
            let step = active.stop.push(&text);
            if active.stream && !step.emit.is_empty() {
                let _ = events.send(Event::Token {
                    tag: active.tag,
                    text: step.emit,
                });
            }
            if step.stopped {
                active.stop_hit = true;
                finished.push((seq, FinishReason::Stop));
            } else if active.generated >= active.max_generated {
                finished.push((seq, FinishReason::Length));
            } else {
                active.next = Some(token);
            }
        }
        for (seq, reason) in finished {
            if let Some(active) = slots[seq].take() {
                self.finish(seq, active, reason, events);
            }
        }
    }

    /// In a multi-sequence run, keep only the part of a finished sequence that another sequence
    /// shares (its cells are shared, so it costs nothing) and free the rest, so the cells in use
    /// stay few and attention stays cheap. A single conversation keeps everything for its next turn.
    fn trim_finished(&mut self, seq: usize) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        if state.histories.len() < 2 {
            return;
        }
        let keep = (0..state.histories.len())
            .filter(|other| *other != seq)
            .map(|other| common_prefix(&state.histories[seq], &state.histories[other]))
            .max()
            .unwrap_or(0);
        if keep < state.histories[seq].len()
            && state
                .ctx
                .kv_cache_seq_rm(to_i32(seq), Some(to_u32(keep)), None)
                .is_ok()
        {
            state.histories[seq].truncate(keep);
        }
    }

    fn finish(
        &mut self,
        seq: usize,
        mut active: Active,
        reason: FinishReason,
        events: &Sender<Event>,
    ) {
        let end = Instant::now();
        if !active.stop_hit {
            let tail = active.utf8.finish();
            let mut emit = active.stop.push(&tail).emit;
            emit.push_str(&active.stop.finish());
            if active.stream && !emit.is_empty() {
                let _ = events.send(Event::Token {
                    tag: active.tag,
                    text: emit,
                });
            }
        }
        let prompt_done = active.prompt_done.unwrap_or(end);
        let first = active.first_token.unwrap_or(end);
        let used = self
            .state
            .as_ref()
            .map_or(0, |s| to_u32(s.histories[seq].len()));
        self.trim_finished(seq);
        let size = self.state.as_ref().map_or(0, |s| s.spec.n_ctx_per_seq);
        let generation = Generation {
            text: active.stop.text().to_string(),
            finish_reason: reason,
            prompt_tokens: active.prompt_tokens,
            reused_tokens: active.reused_tokens,
            completion_tokens: active.generated,
            timings: Timings {
                prompt_ms: millis(active.admitted, prompt_done),
                ttft_ms: millis(active.admitted, first),
                generation_ms: millis(first, end),
                total_ms: millis(active.admitted, end),
            },
            context_used: used,
            context_size: size,
        };
        let _ = events.send(Event::Finished {
            tag: active.tag,
            result: Ok(generation),
        });
    }
}
