//! Batch side of constrained output: the result record of a constrained answer (`json` next to
//! `output`, or an error record of kind `schema_incomplete`/`schema_mismatch` that keeps the raw
//! output). Which template, variables and schema a run uses is `session::prompting`'s.

use std::sync::Arc;

use serde_json::{json, Value};

use super::AnswerOptions;
use crate::app::settings::Settings;
use crate::cases::prompt_templates::{Extras, Registry, Template};
use crate::engine::{Backend, Generation};
pub use crate::session::prompting::Constraint;
use crate::session::prompting::{self, Prompting};

use super::record;

/// Batch's answer options resolved by [`Prompting`], in the shape `batch::run` reads them
/// (until batch holds a [`Prompting`] itself).
#[derive(Debug)]
pub struct Output {
    /// The template every case uses, when fixed (`--template`, or `annotate` for `--labels`).
    pub fixed_template: Option<Arc<Template>>,
    pub extras: Extras,
    prompting: Prompting,
}

impl Output {
    /// Resolve flags into a template, template variables and a checked schema.
    pub fn resolve(
        args: &AnswerOptions,
        settings: &Settings,
        _registry: &Registry,
    ) -> anyhow::Result<Self> {
        let answers = prompting::AnswerOptions {
            schema: args.schema.clone(),
            json: args.json,
            labels: args.labels.clone(),
            multi_label: args.multi_label,
            instruction: args.instruction.clone(),
            score: args.score,
            schema_retry: args.schema_retry,
        };
        let prompting = Prompting::new(settings, &answers)?;
        Ok(Self {
            fixed_template: prompting.fixed_template().cloned(),
            extras: prompting.extras().clone(),
            prompting,
        })
    }

    /// `--labels`, parsed.
    pub fn labels(&self) -> Option<&crate::answers::constraint::LabelSet> {
        self.prompting.labels()
    }

    /// Compile the schema to a grammar (needs the model's vocabulary).
    pub fn compile(&self, engine: &dyn Backend) -> anyhow::Result<Option<Constraint>> {
        self.prompting.compile(engine)
    }
}

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
