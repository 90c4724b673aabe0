//! Batch side of constrained output: the result record of a constrained answer (`json` next to
//! `output`, or an error record of kind `schema_incomplete`/`schema_mismatch` that keeps the raw
//! output). Which template, variables and schema a run uses is `session::prompting`'s.

use serde_json::{json, Value};

use crate::engine::Generation;
pub use crate::session::prompting::Constraint;

use super::record;

/// The record of a finished generation, and whether it counts as failed.
pub fn result_record(
    id: &Value,
    line: usize,
    generation: &Generation,
    provenance: &Value,
    meta: Option<&Value>,
    constraint: Option<&Constraint>,
    notes: Option<&Value>,
) -> (Value, bool) {
    let mut ok = record::ok_record(id, line, generation, provenance, meta, notes);
    let Some(constraint) = constraint else {
        return (ok, false);
    };
    match constraint.check(generation) {
        Ok(value) => {
            if let Some(obj) = ok.as_object_mut() {
                for (key, field) in constraint.result_fields(value) {
                    obj.insert(key, field);
                }
            }
            (ok, false)
        }
        Err((kind, message)) => {
            let mut error =
                record::error_record(Some(id), line, kind, None, &message, Some(provenance), meta);
            if let Some(obj) = error.as_object_mut() {
                // The raw text stays available for inspection; it is never put in `json`.
                obj.insert("output".into(), json!(generation.text));
                obj.insert(
                    "finish_reason".into(),
                    json!(generation.finish_reason.as_str()),
                );
            }
            (record::with_notes(error, notes), true)
        }
    }
}
