//! Batch side of constrained output: which schema or label set a run uses (checked before the
//! model loads), and the result record of a constrained answer (`json` next to `output`, or an
//! error record of kind `schema_incomplete`/`schema_mismatch` that keeps the raw output).

use std::sync::Arc;

use serde_json::{json, Value};

use super::AnswerOptions;
pub use crate::answers::constraint::Constraint;
use crate::answers::constraint::{load_schema, text_or_file, LabelSet, SchemaSource};
use crate::app::settings::Settings;
use crate::cases::prompt_templates::{Extras, Registry, Template};
use crate::engine::{Backend, Generation};

use super::record;

/// The output options of a run, resolved and checked.
#[derive(Debug)]
pub struct Output {
    /// The template every case uses, when fixed (`--template`, or `annotate` for `--labels`).
    pub fixed_template: Option<Arc<Template>>,
    pub extras: Extras,
    schema: Option<(Value, String)>,
    labels: Option<LabelSet>,
}

impl Output {
    /// Resolve flags into a template, template variables and a checked schema.
    pub fn resolve(
        args: &AnswerOptions,
        settings: &Settings,
        registry: &Registry,
    ) -> anyhow::Result<Self> {
        let labels = args
            .labels
            .as_deref()
            .map(|l| LabelSet::parse(l, args.multi_label))
            .transpose()?;
        let instruction = args
            .instruction
            .as_deref()
            .map(|i| text_or_file(i, "instruction"))
            .transpose()?;
        let template_name = match (&settings.template, &labels, args.json) {
            (Some(name), _, _) => Some(name.as_str()),
            (None, Some(_), _) => Some("annotate"),
            (None, None, true) => Some("differential"),
            (None, None, false) => None,
        };
        let fixed_template = template_name.map(|n| registry.get(n)).transpose()?;
        let mut extras = match &labels {
            Some(set) => set.extras(instruction.as_deref()),
            None => Extras::new(),
        };
        if let (Some(instruction), None) = (&instruction, &labels) {
            extras.insert("instruction".into(), json!(instruction));
        }
        let schema = if let Some(path) = &args.schema {
            Some(load_schema(&SchemaSource::File(path))?)
        } else if let Some(set) = &labels {
            Some(load_schema(&SchemaSource::Labels(set))?)
        } else if args.json {
            match &fixed_template {
                Some(t) => Some(load_schema(&SchemaSource::Template(t))?),
                None => None,
            }
        } else {
            None
        };
        Ok(Self {
            fixed_template,
            extras,
            schema,
            labels,
        })
    }

    /// Compile the schema to a grammar (needs the model's vocabulary).
    /// `--labels`, parsed.
    pub fn labels(&self) -> Option<&LabelSet> {
        self.labels.as_ref()
    }

    pub fn compile(&self, engine: &dyn Backend) -> anyhow::Result<Option<Constraint>> {
        self.schema
            .as_ref()
            .map(|(schema, origin)| {
                Constraint::compile(engine, schema.clone(), origin.clone(), self.labels.clone())
            })
            .transpose()
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
