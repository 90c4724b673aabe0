//! Many encounters over one run of the engine: each encounter has at most one turn in flight,
//! each turn is one job, and a finished turn's reply moves its encounter on and submits the next
//! turn at once, so the engine's continuous batching keeps several encounters decoding together.

use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::Sender;
use std::time::Instant;

use serde_json::{json, Value};

use crate::clinical::sdx::panel::{self, ROLES};
use crate::clinical::sdx::{Encounter, Turn};
use crate::engine::{
    ChatMessage, EngineError, Event, FinishReason, Generation, Job, RunHandle, Submission,
};
use crate::session::sdx::turn;
pub use crate::session::sdx::turn::TurnConfig;

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
    /// `--panel`: the notes of this turn's roles so far.
    pub notes: Vec<Value>,
    /// `--panel`: the role whose turn is in flight.
    pub role: Option<&'static str>,
}

impl Slot {
    pub fn new(line: usize, budget: Option<f64>, encounter: Encounter) -> Self {
        Self {
            line,
            budget,
            encounter,
            started: Instant::now(),
            engine_ms: 0.0,
            error: None,
            notes: Vec::new(),
            role: None,
        }
    }
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
/// (Over 80 lines: one loop owns the slots in flight, the job sender and the event receiver
/// together; splitting it would pass all three to every part.)
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
    let mut submit = |mut slot: Slot,
                      active: &mut HashMap<u64, Slot>,
                      jobs: &Sender<Submission>|
     -> anyhow::Result<Option<Slot>> {
        let Some(turn) = slot.encounter.next() else {
            return Ok(Some(slot));
        };
        let role = ROLES
            .get(slot.notes.len())
            .filter(|_| config.panel && !turn.retry);
        slot.role = role.map(|r| r.name);
        let request = match role {
            Some(role) => config.role_request(panel::messages(&turn, role, &slot.notes)),
            None => config.action_request(&panel::with_notes(&turn, &slot.notes)),
        };
        on_prompt(&slot, &turn, &request.messages);
        let tag = next_tag;
        next_tag += 1;
        let job = Job {
            tag,
            request,
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
        if !take_result(&mut slot, result, on_reply) {
            slots.push_front(slot);
            continue;
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

/// Put a finished turn into its slot: a panel role's notes, the solver's reply (then
/// `on_reply`), or the error. `false` when the turn was cancelled: the slot was not played on.
fn take_result(
    slot: &mut Slot,
    result: Result<Generation, EngineError>,
    on_reply: &mut dyn FnMut(&mut Slot),
) -> bool {
    match result {
        Ok(generation) if generation.finish_reason == FinishReason::Cancelled => return false,
        Ok(generation) if slot.role.is_some() => {
            slot.engine_ms += generation.timings.total_ms;
            slot.notes.push(json!({"role": slot.role.take(),
                "notes": generation.text.trim(), "ms": generation.timings.total_ms,
                "prompt_tokens": generation.prompt_tokens,
                "completion_tokens": generation.completion_tokens}));
        }
        Ok(generation) => {
            slot.engine_ms += generation.timings.total_ms;
            slot.encounter
                .reply(&generation.text, turn::measured(&generation));
            if !slot.notes.is_empty() {
                slot.encounter.attach_panel(slot.notes.clone());
                // A retry of the same turn keeps its notes, marked as reused so that their time
                // and tokens are counted once.
                if slot.encounter.next().is_some_and(|t| t.retry) {
                    for note in &mut slot.notes {
                        note["reused"] = json!(true);
                    }
                } else {
                    slot.notes.clear();
                }
            }
            on_reply(slot);
        }
        Err(error) => slot.error = Some(error.to_string()),
    }
    true
}

#[cfg(test)]
mod tests;
