//! What a finished case becomes: another attempt (`--schema-retry`, when its answer does not
//! validate and it has attempts left), or its result record, counted in the tally.

use serde_json::{json, Value};

use super::driver::{Collector, Entry, Submitted};
use super::record;
use super::structured::{self, Constraint};
use super::summary::Tally;
use crate::engine::{EngineError, FinishReason, Generation, Job, Submission};

impl Collector<'_> {
    /// `--schema-retry`: when the answer of a case does not validate and it has attempts left,
    /// submit it again with the next seed, and remember the failed attempt. Returns whether it
    /// did (the result is then dropped: the new attempt's result replaces it).
    pub(super) fn retry(&mut self, tag: u64, result: &Result<Generation, EngineError>) -> bool {
        let (Some(jobs), Ok(generation)) = (&self.retries.jobs, result) else {
            return false;
        };
        if generation.finish_reason == FinishReason::Cancelled {
            return false;
        }
        let Some(case) = self.queue.iter_mut().find_map(|e| match e {
            Entry::Pending(c) if c.tag == tag => Some(c),
            _ => None,
        }) else {
            return false;
        };
        let Some(constraint) = case.constraint.as_deref().or(self.constraint) else {
            return false;
        };
        let Err((kind, message)) = constraint.check(generation) else {
            return false;
        };
        let Some(retry) = case.retry.as_mut() else {
            return false;
        };
        if retry.failed.len() >= self.retries.max as usize {
            return false;
        }
        let seed = retry.request.sampling.seed;
        retry
            .failed
            .push(json!({"seed": seed, "error": kind, "message": message}));
        let mut request = retry.request.clone();
        request.sampling.seed = seed.wrapping_add(1);
        retry.request.sampling.seed = request.sampling.seed;
        let new_tag = self.retries.next_tag;
        let job = Job {
            tag: new_tag,
            request,
            stream: false,
        };
        if jobs.send(Submission::Job(job)).is_err() {
            return false;
        }
        self.retries.next_tag -= 1;
        case.tag = new_tag;
        let mut notes = match case.notes.take() {
            Some(Value::Object(notes)) => notes,
            _ => serde_json::Map::new(),
        };
        notes.insert(
            "schema_retry".into(),
            json!({"failed": retry.failed, "seed": retry.request.sampling.seed}),
        );
        case.notes = Some(Value::Object(notes));
        true
    }

    /// The record an entry becomes, counted in the tally, with its gold label; `None` for a case
    /// that did not finish (cancelled, or never answered because the run was interrupted): it
    /// is not written, so a `--resume` runs it again.
    pub(super) fn settle(&mut self, entry: Entry) -> Option<(Value, Option<String>)> {
        let case = match entry {
            Entry::Failed(record) => {
                self.tally.failed += 1;
                return Some((record, None));
            }
            Entry::Pending(case) => case,
        };
        // Not done: cancelled, or failed because the server stopped answering (`--resume`
        // reruns it).
        let result = self
            .results
            .remove(&case.tag)
            .filter(|result| match result {
                Ok(g) => g.finish_reason != FinishReason::Cancelled,
                Err(e) => !e.ends_run(),
            });
        let Some(result) = result else {
            self.tally.cancelled += 1;
            return None;
        };
        let record = counted_record(&mut self.tally, result, &case, self.constraint);
        Some((record, case.gold))
    }
}

/// The record of a finished case, counted in the tally (ok or failed, and its tokens).
fn counted_record(
    tally: &mut Tally,
    result: Result<Generation, EngineError>,
    case: &Submitted,
    constraint: Option<&Constraint>,
) -> Value {
    match result {
        Ok(generation) => {
            tally.tokens(&generation);
            let (record, failed) = structured::result_record(
                &case.id,
                case.line,
                &generation,
                &case.provenance,
                case.meta.as_ref(),
                case.constraint.as_deref().or(constraint),
                case.notes.as_ref(),
            );
            if failed {
                tally.failed += 1;
            } else {
                tally.ok += 1;
            }
            record
        }
        Err(error) => {
            tally.failed += 1;
            record::with_notes(
                record::engine_error_record(
                    &case.id,
                    case.line,
                    &error,
                    &case.provenance,
                    case.meta.as_ref(),
                ),
                case.notes.as_ref(),
            )
        }
    }
}
