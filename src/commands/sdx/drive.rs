//! Many encounters over one run of the engine: each encounter has at most one turn in flight,
//! each turn is one job, and a finished turn's reply moves its encounter on and submits the next
//! turn at once, so the engine's continuous batching keeps several encounters decoding together.

use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::Sender;
use std::time::Instant;

use crate::clinical::sdx::{Encounter, Measured, Turn};
use crate::engine::{
    ChatMessage, Event, FinishReason, GenRequest, Job, RunHandle, SamplingParams, Submission,
};

/// One encounter and what the result needs besides it.
#[derive(Debug)]
pub struct Slot {
    pub line: usize,
    pub budget: Option<f64>,
    pub encounter: Encounter,
    pub started: Instant,
    /// Milliseconds the engine spent on this encounter's turns.
    pub engine_ms: f64,
    /// Set when the engine failed a turn: the encounter stops there.
    pub error: Option<String>,
}

/// How each turn is generated.
#[derive(Debug, Clone)]
pub struct TurnConfig {
    pub sampling: SamplingParams,
    pub max_tokens: u32,
    pub stop: Vec<String>,
    /// The constraint of every action, and of a forced diagnosis.
    pub grammar: String,
    pub forced_grammar: String,
}

/// The chat messages of a turn.
pub fn messages(turn: &Turn) -> Vec<ChatMessage> {
    vec![
        ChatMessage::new("system", turn.system.clone()),
        ChatMessage::new("user", turn.user.clone()),
    ]
}

/// Callbacks of [`drive`].
pub struct Hooks<'a> {
    /// Every prompt, before it is submitted (for `--prompt-log` and the guard tests).
    pub on_prompt: &'a mut dyn FnMut(&Slot, &Turn, &[ChatMessage]),
    /// Every encounter after the solver's reply was taken (for `--gatekeeper-model`).
    pub on_reply: &'a mut dyn FnMut(&mut Slot),
    /// Every encounter once it is over (or failed); an error stops the run.
    pub on_done: &'a mut dyn FnMut(Slot) -> anyhow::Result<()>,
}

/// Play every slot to its end over `run`, keeping at most `window` encounters in flight.
/// Returns the slots not played (after a stop); an engine error that ends the run is the error.
pub fn drive(
    run: RunHandle,
    mut slots: VecDeque<Slot>,
    window: usize,
    config: &TurnConfig,
    hooks: Hooks<'_>,
    stop: &dyn Fn() -> bool,
) -> anyhow::Result<VecDeque<Slot>> {
    let (jobs, events) = run.into_parts();
    let Some(jobs) = jobs else {
        anyhow::bail!("the run was closed before it started");
    };
    let mut active: HashMap<u64, Slot> = HashMap::new();
    let mut next_tag = 0u64;
    let Hooks {
        on_prompt,
        on_reply,
        on_done,
    } = hooks;
    let mut submit = |slot: Slot,
                      active: &mut HashMap<u64, Slot>,
                      jobs: &Sender<Submission>|
     -> anyhow::Result<Option<Slot>> {
        let Some(turn) = slot.encounter.next() else {
            return Ok(Some(slot));
        };
        let messages = messages(&turn);
        on_prompt(&slot, &turn, &messages);
        let grammar = if turn.forced {
            &config.forced_grammar
        } else {
            &config.grammar
        };
        let tag = next_tag;
        next_tag += 1;
        let job = Job {
            tag,
            request: GenRequest {
                messages,
                sampling: config.sampling.clone(),
                max_tokens: config.max_tokens,
                stop: config.stop.clone(),
                grammar: Some(grammar.clone()),
            },
            stream: false,
        };
        jobs.send(Submission::Job(job))
            .map_err(|_| anyhow::anyhow!("the engine stopped taking jobs"))?;
        active.insert(tag, slot);
        Ok(None)
    };
    while active.len() < window.max(1) {
        let Some(slot) = slots.pop_front() else { break };
        if let Some(done) = submit(slot, &mut active, &jobs)? {
            on_done(done)?;
        }
    }
    // Run what is queued now; later turns are admitted as they come.
    let _ = jobs.send(Submission::InputEnded);
    while !active.is_empty() {
        let Ok(event) = events.recv() else {
            anyhow::bail!(
                "the engine ended the run with {} turns in flight",
                active.len()
            );
        };
        let Event::Finished { tag, result } = event else {
            continue;
        };
        let Some(mut slot) = active.remove(&tag) else {
            continue;
        };
        match result {
            Ok(generation) if generation.finish_reason == FinishReason::Cancelled => {
                slots.push_front(slot);
                continue;
            }
            Ok(generation) => {
                slot.engine_ms += generation.timings.total_ms;
                slot.encounter.reply(
                    &generation.text,
                    Measured {
                        ms: generation.timings.total_ms,
                        prompt_tokens: generation.prompt_tokens,
                        completion_tokens: generation.completion_tokens,
                    },
                );
                on_reply(&mut slot);
            }
            Err(error) => slot.error = Some(error.to_string()),
        }
        let mut next = Some(slot);
        while let Some(slot) = next.take() {
            let finished = if slot.error.is_some() || stop() {
                Some(slot)
            } else {
                submit(slot, &mut active, &jobs)?
            };
            if let Some(slot) = finished {
                if slot.error.is_none() && !slot.encounter.is_done() {
                    // Stopped: not played to its end; not written.
                    slots.push_front(slot);
                } else {
                    on_done(slot)?;
                }
                if !stop() {
                    next = slots.pop_front();
                }
            }
        }
    }
    drop(jobs);
    while events.recv().is_ok() {}
    Ok(slots)
}

#[cfg(test)]
mod tests;
