//! Continuous batching: a run decodes up to `n_parallel` sequences at once in one context. Every
//! decode carries one token per generating sequence plus prompt tokens of newly admitted jobs, up
//! to `n_batch`. Each sequence keeps its KV after its job ends, so a new job reuses the longest
//! token prefix it shares with any sequence (a shared system prompt is evaluated once; a chat turn
//! evaluates only its new tokens); a job that shares a long prefix with a running one waits for
//! it and copies it whole.
//!
//! A shared pool may hold fewer cells than every sequence's full context (batch sizes it by what
//! the cases share): a job is placed only when the cells its own prompt and answer still need are
//! free beside what running jobs have reserved ([`Cells`] counts them); otherwise it waits, and
//! later jobs wait behind it. In a batch-invariant run every decode carries one sequence's tokens
//! (sequences take turns) and prompts are cut at fixed positions, so a sequence's numbers never
//! depend on the others.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::sync::Arc;
use std::time::Instant;

use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::sampling::LlamaSampler;
use llama_cpp_2::token::LlamaToken;

use super::{common_prefix, millis, sampler, to_i32, to_u32, Cells, Worker};
use crate::engine::{
    ContextSpec, EngineError, Event, FinishReason, GenRequest, Generation, Job, KvLayout,
    Reasoning, StopMatcher, Submission, ThinkSplitter, Timings, Utf8Stream,
};

/// Tokens each sequence's KV currently holds, position by position.
pub(super) type History = Vec<LlamaToken>;

pub(super) struct ContextState<'m> {
    pub spec: ContextSpec,
    pub ctx: LlamaContext<'m>,
    pub histories: Vec<History>,
    /// The KV cells each sequence holds, to admit a sequence only when its cells are free.
    pub cells: Cells,
    /// The sequence whose turn it is to decode, in a batch-invariant run.
    pub turn: usize,
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
    /// Set while the job waits for free KV cells (the shared pool holds fewer cells than every
    /// sequence's full context, and this prompt shares less than planned).
    needs_room: bool,
    /// The sampled token to feed next.
    next: Option<LlamaToken>,
    /// Tokens added to the current batch for this sequence.
    in_flight: Vec<LlamaToken>,
    /// Batch row whose logits this sequence samples from after the decode.
    logits_row: Option<i32>,
    sampler: LlamaSampler,
    /// The chain with the grammar, swapped in when the reasoning block closes (the grammar
    /// constrains the answer, not the thinking; a fresh chain cannot hit a dead end on text
    /// it never saw).
    after_thinking: Option<LlamaSampler>,
    /// Splits the reasoning from the answer, for a template whose generations think.
    think: Option<ThinkSplitter>,
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

impl Active {
    /// The prompt is in its sequence (it waits neither for a shared prefix nor for cells).
    fn placed(&self) -> bool {
        self.waiting.is_none() && !self.needs_room
    }

    /// Cells kept free for closing a reasoning block (tokens the model did not generate).
    fn close_room(&self) -> usize {
        if self.think.is_some() {
            CLOSE_ROOM as usize
        } else {
            0
        }
    }

    /// New KV cells this placed job may still take: its prompt's rest and its answer's.
    fn cells_to_come(&self) -> usize {
        self.pending.len()
            + self.max_generated.saturating_sub(self.generated) as usize
            + self.close_room()
    }
}

/// A job waiting to copy `len` prompt tokens from sequence `seq` (running job `tag`).
#[derive(Debug, Clone, Copy)]
struct Waiting {
    seq: usize,
    tag: u64,
    len: usize,
}

/// The request's stop strings plus the template's end-of-turn markers: a model whose vocabulary
/// has the marker only as text still ends its turn there (the marker is trimmed like any stop).
fn with_end_markers(mut stop: Vec<String>, markers: &[String]) -> Vec<String> {
    for marker in markers {
        if !stop.contains(marker) {
            stop.push(marker.clone());
        }
    }
    stop
}

/// Send the reasoning `think` assigned since the last call, for a streamed job.
fn stream_reasoning(think: &mut ThinkSplitter, stream: bool, tag: u64, events: &Sender<Event>) {
    let thought = think.fresh_reasoning();
    if stream && !thought.is_empty() {
        let _ = events.send(Event::Reasoning { tag, text: thought });
    }
}

/// Tokens kept free for closing a reasoning block when its budget runs out.
const CLOSE_ROOM: u32 = 8;

/// Prompt tokens per decode in a batch-invariant run, cut at multiples of this position.
const INVARIANT_CHUNK: usize = 256;

/// Waiting for another sequence pays off only for a prefix at least this long.
const MIN_SHARED_WAIT: usize = 16;

impl Worker<'_> {
    /// The worker's loop: admit, place, step, until every job is done or cancelled.
    /// (Over 80 lines: the loop's order is the scheduler's contract; each turn is one call each.)
    pub(super) fn run(
        &mut self,
        spec: ContextSpec,
        jobs: &Receiver<Submission>,
        events: &Sender<Event>,
        cancel: &Arc<AtomicBool>,
    ) {
        if let Err(error) = self.ensure_context(spec) {
            for submission in jobs {
                let Submission::Job(job) = submission else {
                    continue;
                };
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
        // `Submission::InputEnded` came: no more waiting to fill free sequences.
        let mut input_ended = false;
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
            // A job waiting for free cells is admitted before any later one (first come, first
            // served, and the schedule stays independent of timing).
            while input_open && !slots.iter().flatten().any(|a| a.needs_room) {
                let Some(seq) = slots.iter().position(Option::is_none) else {
                    break;
                };
                let next = if input_ended && slots.iter().any(Option::is_some) {
                    match jobs.try_recv() {
                        Ok(next) => Some(next),
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Disconnected) => None,
                    }
                } else {
                    jobs.recv().ok()
                };
                match next {
                    Some(Submission::InputEnded) => input_ended = true,
                    Some(Submission::Job(job)) => {
                        let tag = job.tag;
                        match self.admit(seq, job, &slots) {
                            Ok(active) => {
                                if active.placed() {
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
                    None => input_open = false,
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
            || state.spec.batch_invariant
            || slots.iter().flatten().any(|a| !a.placed())
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
                state.cells.truncate(gap, 0);
                return;
            }
            state.histories[gap] = std::mem::take(&mut state.histories[last]);
            state.cells.transfer(last, gap);
            slots[gap] = slots[last].take();
        }
    }

    /// Tokenize a job's prompt and reserve sequence `seq` for it.
    ///
    /// When another sequence is still evaluating a prompt that shares a longer prefix than any
    /// cached one, the job waits for it and then copies that prefix (see [`Self::resolve_waiting`]),
    /// so a shared system prompt is evaluated once even for jobs admitted together.
    ///
    /// (Over 80 lines: tokenizing, the length checks and the wait decision each end the job
    /// with its own error event; kept in the order the job meets them.)
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
        let (tokens, think) = self
            .tokenizer
            .generation_prompt(&messages, grammar.is_some())?;
        if tokens.is_empty() {
            return Err(EngineError::ChatTemplate(
                "the rendered prompt has no tokens".into(),
            ));
        }
        let (sampler, after_thinking) = match (&think, grammar.as_deref()) {
            (Some(_), Some(grammar)) => (
                sampler::sampler(self.model, &sampling, None)?,
                Some(sampler::sampler(self.model, &sampling, Some(grammar))?),
            ),
            (_, grammar) => (sampler::sampler(self.model, &sampling, grammar)?, None),
        };
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
            needs_room: false,
            next: None,
            in_flight: Vec::new(),
            logits_row: None,
            sampler,
            after_thinking,
            think,
            utf8: Utf8Stream::default(),
            stop: StopMatcher::new(&with_end_markers(stop, self.tokenizer.end_markers())),
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
            self.place(seq, &mut active, slots)?;
        }
        Ok(active)
    }

    /// Put the job's prompt into sequence `seq`, reusing the longest prefix any sequence holds,
    /// when the KV cells its own prompt and answer need are free; otherwise mark it as needing
    /// room (it is placed later, once running sequences have freed cells).
    /// (Over 80 lines: the prefix search, the KV copy and the cell check must agree on one
    /// sequence's cells; kept together so no partial KV copy can happen between them.)
    fn place(
        &mut self,
        seq: usize,
        active: &mut Active,
        slots: &[Option<Active>],
    ) -> Result<(), EngineError> {
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
        let mut keep = shared.min(tokens.len() - 1);
        if state.spec.batch_invariant {
            // Reuse whole chunks only, so the rest is evaluated in the same pieces as from scratch
            // (a 1-token piece would take another kernel path than a longer one).
            let chunk = INVARIANT_CHUNK.min(state.ctx.n_batch() as usize);
            keep -= keep % chunk;
        }
        let seq_id = to_i32(seq);
        let kv = |e: llama_cpp_2::context::kv_cache::KvCacheConversionError| {
            EngineError::Decode(format!("KV cache: {e}"))
        };
        let pool = state.spec.kv_cells() as usize;
        let need =
            (tokens.len() - keep + active.max_generated as usize + active.close_room()).min(pool);
        let free = |state: &ContextState<'_>| {
            let own = if source == seq { keep } else { 0 };
            let reserved: usize = slots
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != seq)
                .filter_map(|(_, slot)| slot.as_ref())
                .filter(|a| a.placed())
                .map(Active::cells_to_come)
                .sum();
            (pool + state.cells.freed_by_truncate(seq, own))
                .saturating_sub(state.cells.used() + reserved)
        };
        if free(state) < need {
            // Free what idle sequences alone hold (a finished case's tail, an old cache), then
            // look again.
            for (other, slot) in slots.iter().enumerate() {
                let idle = slot.as_ref().is_none_or(|a| !a.placed());
                if other == seq || other == source || !idle {
                    continue;
                }
                if state.cells.freed_by_truncate(other, 0) > 0
                    && state.ctx.kv_cache_seq_rm(to_i32(other), None, None).is_ok()
                {
                    state.histories[other].clear();
                    state.cells.truncate(other, 0);
                }
            }
            if free(state) < need {
                if !active.needs_room {
                    // Once per wait, for `-v` and for the tests that show a case waited.
                    tracing::debug!(
                        target: "ddx::kv",
                        tag = active.tag,
                        need,
                        free = free(state),
                        "a case waits for free KV cells"
                    );
                }
                active.needs_room = true;
                return Ok(());
            }
        }
        if source == seq {
            state
                .ctx
                .kv_cache_seq_rm(seq_id, Some(to_u32(keep)), None)
                .map_err(kv)?;
            state.histories[seq].truncate(keep);
            state.cells.truncate(seq, keep);
        } else {
            state.ctx.kv_cache_seq_rm(seq_id, None, None).map_err(kv)?;
            state.histories[seq].clear();
            state.cells.truncate(seq, 0);
            if keep > 0 {
                // A partial range would abort the process with per-sequence KV streams, so copy
                // the whole source sequence and drop what it holds past the shared prefix.
                state
                    .ctx
                    .copy_kv_cache_seq(to_i32(source), seq_id, None, None)
                    .map_err(kv)?;
                state.cells.copy(source, seq);
                state
                    .ctx
                    .kv_cache_seq_rm(seq_id, Some(to_u32(keep)), None)
                    .map_err(kv)?;
                state.cells.truncate(seq, keep);
                state.histories[seq].extend_from_slice(&tokens[..keep]);
            }
        }
        active.pending = tokens[keep..].to_vec();
        active.reused_tokens = to_u32(keep);
        active.waiting = None;
        active.needs_room = false;
        Ok(())
    }

    /// Place jobs waiting for free cells, and waiting jobs whose source sequence has evaluated
    /// the shared prefix (or gave up).
    fn resolve_waiting(&mut self, slots: &mut [Option<Active>], events: &Sender<Event>) {
        for seq in 0..slots.len() {
            let Some(active) = slots[seq].as_ref() else {
                continue;
            };
            if let Some(wait) = active.waiting {
                let source_busy = slots[wait.seq].as_ref().is_some_and(|a| {
                    a.tag == wait.tag && a.waiting.is_none() && !a.pending.is_empty()
                });
                let ready = self
                    .state
                    .as_ref()
                    .is_some_and(|s| s.histories[wait.seq].len() >= wait.len);
                if source_busy && !ready {
                    continue;
                }
            } else if !active.needs_room {
                continue;
            }
            let Some(mut active) = slots[seq].take() else {
                continue;
            };
            match self.place(seq, &mut active, slots) {
                Ok(()) => {
                    if active.placed() {
                        let _ = events.send(Event::Started {
                            tag: active.tag,
                            prompt_tokens: active.prompt_tokens,
                            reused_tokens: active.reused_tokens,
                        });
                    }
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
    /// (Over 80 lines: one llama batch is filled, decoded and read back here, under n_batch and
    /// the batch-invariant turn rule; its parts share the batch and the slots. A split is left open.)
    fn step(&mut self, slots: &mut [Option<Active>], events: &Sender<Event>) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let n_batch = state.ctx.n_batch() as usize;
        // Batch-invariant: this decode carries one sequence's tokens only, taking turns.
        let only = state
            .spec
            .batch_invariant
            .then(|| {
                let n = slots.len();
                let turn = (0..n).map(|i| (state.turn + i) % n).find(|&seq| {
                    slots[seq]
                        .as_ref()
                        .is_some_and(|a| a.next.is_some() || !a.pending.is_empty())
                });
                state.turn = turn.map_or(0, |seq| seq + 1);
                turn
            })
            .flatten();
        let mut batch = LlamaBatch::new(n_batch, 1);
        // Generating sequences always get their token; prompts share what is left. Tokens go in
        // sequence order: with one KV stream per sequence llama.cpp splits a batch into equal
        // parts of consecutive sequences, so this keeps all generated tokens in one micro-batch.
        let generating = slots.iter().flatten().filter(|a| a.next.is_some()).count();
        let mut budget = if state.spec.batch_invariant {
            n_batch
        } else {
            n_batch.saturating_sub(generating)
        };
        let mut add_error = None;
        for (seq, slot) in slots.iter_mut().enumerate() {
            let Some(active) = slot.as_mut() else {
                continue;
            };
            active.logits_row = None;
            active.in_flight.clear();
            if state.spec.batch_invariant && only != Some(seq) {
                continue;
            }
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
            let start = state.histories[seq].len();
            let mut take = active.pending.len().min(budget);
            if state.spec.batch_invariant {
                // Cut the prompt at fixed positions, whatever was reused before it.
                let chunk = INVARIANT_CHUNK.min(n_batch);
                take = take.min(chunk - start % chunk);
            }
            let finishes = take == active.pending.len();
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
                    state.cells.truncate(seq, 0);
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
            state.cells.push(seq, active.in_flight.len());
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
            let mut text = active.utf8.push(&vocab.token_to_piece(token, false, None));
            let mut forced = false;
            if let Some(think) = active.think.as_mut() {
                let was_inside = think.inside();
                text = think.push(&text);
                let over_budget = self
                    .config
                    .reasoning
                    .budget
                    .is_some_and(|budget| think.tokens() >= budget);
                let room = active.generated + CLOSE_ROOM < active.max_generated;
                if think.inside() && over_budget && room {
                    // The budget is spent: close the block for the model and let it answer.
                    let close = think.markers().close_text.clone();
                    text.push_str(&think.feed(&close));
                    let mut injected = vec![token];
                    for t in self.tokenizer.tokenize_inside(&close) {
                        active.sampler.accept(t);
                        injected.push(t);
                    }
                    active.pending = injected;
                    forced = true;
                }
                if was_inside && !think.inside() {
                    if let Some(constrained) = active.after_thinking.take() {
                        active.sampler = constrained;
                    }
                }
                stream_reasoning(think, active.stream, active.tag, events);
            }
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
            } else if !forced {
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
            state.cells.truncate(seq, keep);
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
            let mut tail = active.utf8.finish();
            if let Some(think) = active.think.as_mut() {
                tail = think.feed(&tail);
                tail.push_str(&think.finish());
                stream_reasoning(think, active.stream, active.tag, events);
            }
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
            reasoning: active.think.as_ref().and_then(|think| {
                think.reasoning().map(|text| {
                    Box::new(Reasoning {
                        text,
                        tokens: think.tokens(),
                    })
                })
            }),
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
            served: None,
        };
        let _ = events.send(Event::Finished {
            tag: active.tag,
            result: Ok(generation),
        });
    }
}
