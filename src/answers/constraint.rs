//! Constrained output for `ask` and `batch`: a JSON schema (`--schema FILE`, a template's own
//! schema with `--json`) or a label set (`--labels`), compiled to a grammar before any case runs,
//! and the check of each answer against it.
//!
//! Fails closed: a schema that is refused ([`schema::check`]) is an error before the model loads;
//! an answer cut by `--max-tokens` is a `schema_incomplete` error, and an answer that parses but
//! breaks a rule the grammar cannot enforce (e.g. a number's `maximum`, `uniqueItems`) is a
//! `schema_mismatch` error naming the JSON pointer and the rule. An `ok` result always carries a
//! `json` value that the full schema's validator accepts.

use std::path::Path;

use anyhow::{bail, Context as _};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::answers::schema;
use crate::cases::prompt_templates::{Extras, Template};
use crate::engine::{Backend, FinishReason, Generation};

/// A fixed set of labels to annotate with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSet {
    pub labels: Vec<String>,
    /// A list of labels per case instead of exactly one.
    pub multi: bool,
}

/// Read `TEXT` or `@FILE` (the whole file, trimmed).
pub fn text_or_file(value: &str, what: &str) -> anyhow::Result<String> {
    match value.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path)
            .map(|t| t.trim().to_string())
            .with_context(|| format!("cannot read the {what} file '{path}'")),
        None => Ok(value.to_string()),
    }
}

impl LabelSet {
    /// Parse `a,b,c` or `@FILE` (one label per line; blank lines and `#` comments skipped).
    pub fn parse(value: &str, multi: bool) -> anyhow::Result<Self> {
        let labels: Vec<String> = match value.strip_prefix('@') {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the labels file '{path}'"))?
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(ToString::to_string)
                .collect(),
            None => value
                .split(',')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(ToString::to_string)
                .collect(),
        };
        if labels.is_empty() {
            bail!("'--labels' gives no labels (use \"a,b,c\" or @FILE with one label per line)");
        }
        for (i, label) in labels.iter().enumerate() {
            if labels[..i].contains(label) {
                bail!("'--labels': label '{label}' is given twice");
            }
        }
        Ok(Self { labels, multi })
    }

    /// Template variables for the `annotate` template.
    pub fn extras(&self, instruction: Option<&str>) -> Extras {
        let mut extras = Extras::new();
        extras.insert("labels".into(), json!(self.labels));
        extras.insert("multi_label".into(), json!(self.multi));
        if let Some(instruction) = instruction {
            extras.insert("instruction".into(), json!(instruction));
        }
        extras
    }
}

/// Where the output's schema comes from, as the user asked for it.
#[derive(Debug, Clone)]
pub enum SchemaSource<'a> {
    File(&'a Path),
    /// The template's own `schema`.
    Template(&'a Template),
    Labels(&'a LabelSet),
}

/// A checked schema, its grammar and its validator.
#[derive(Debug, Clone)]
pub struct Constraint {
    pub schema: Value,
    pub grammar: String,
    validator: schema::Validator,
    pub labels: Option<LabelSet>,
    /// For provenance: where the schema came from and its digest.
    pub origin: String,
    pub sha256: String,
}

/// Load and check a schema; errors name the keyword. Runs before the model loads.
pub fn load_schema(source: &SchemaSource<'_>) -> anyhow::Result<(Value, String)> {
    match source {
        SchemaSource::File(path) => Ok((schema::load(path)?, format!("file {}", path.display()))),
        SchemaSource::Template(template) => {
            let Some(text) = &template.schema else {
                bail!(
                    "'--json': template '{}' declares no schema (use --schema FILE)",
                    template.name
                );
            };
            let value = schema::parse(text)
                .with_context(|| format!("the schema of template '{}'", template.name))?;
            Ok((value, format!("template {}", template.name)))
        }
        SchemaSource::Labels(labels) => {
            let value = schema::labels_schema(&labels.labels, labels.multi);
            schema::check(&value)?;
            Ok((value, "labels".into()))
        }
    }
}

/// The constraint a backend enforces for a checked schema: for a local model, the grammar built
/// from the converter's copy ([`schema::for_grammar`]); for a served model, the schema as written
/// (the server has its own converter, and ddx validates what comes back).
pub fn compile_for(engine: &dyn Backend, schema: &Value) -> anyhow::Result<String> {
    let sent = if engine.info().served_by.is_some() {
        schema.clone()
    } else {
        schema::for_grammar(schema)
    };
    Ok(engine.compile_schema(serde_json::to_string(&sent)?)?)
}

/// A generated answer parsed and validated against the full schema, or `(kind, message)`:
/// `schema_incomplete` (cut, or not JSON) or `schema_mismatch` (the pointer and the rule).
pub fn check_answer(
    validator: &schema::Validator,
    generation: &Generation,
) -> Result<Value, (&'static str, String)> {
    if generation.finish_reason == FinishReason::Length {
        return Err((
            "schema_incomplete",
            format!(
                "the answer was cut at {} tokens before the JSON was complete (raise --max-tokens)",
                generation.completion_tokens
            ),
        ));
    }
    let value: Value = serde_json::from_str(generation.text.trim()).map_err(|e| {
        (
            "schema_incomplete",
            format!("the answer is not complete JSON ({e}); a --stop string may have cut it"),
        )
    })?;
    validator.validate(&value).map_err(|e| {
        (
            "schema_mismatch",
            format!("the answer breaks the schema at {e}"),
        )
    })?;
    Ok(value)
}

impl Constraint {
    /// Compile a checked schema to what the backend enforces, and its validator.
    pub fn compile(
        engine: &dyn Backend,
        schema: Value,
        origin: String,
        labels: Option<LabelSet>,
    ) -> anyhow::Result<Self> {
        let text = serde_json::to_string(&schema)?;
        let validator = schema::Validator::new(&schema)
            .with_context(|| format!("the output schema ({origin})"))?;
        let grammar = compile_for(engine, &schema)
            .with_context(|| format!("the output schema ({origin})"))?;
        Ok(Self {
            schema,
            grammar,
            validator,
            labels,
            origin,
            sha256: hex::encode(Sha256::digest(text.as_bytes())),
        })
    }

    /// For the provenance block of records.
    pub fn provenance(&self) -> Value {
        json!({"source": self.origin, "sha256": self.sha256})
    }

    /// The parsed and validated answer, or `(kind, message)` for an error record.
    pub fn check(&self, generation: &Generation) -> Result<Value, (&'static str, String)> {
        check_answer(&self.validator, generation)
    }

    /// Fields a result record gains: `json`, plus `label` or `labels` for a label set.
    pub fn result_fields(&self, value: Value) -> Map<String, Value> {
        let mut fields = Map::new();
        if let Some(set) = &self.labels {
            if set.multi {
                let mut seen: Vec<Value> = Vec::new();
                for label in value.as_array().into_iter().flatten() {
                    if !seen.contains(label) {
                        seen.push(label.clone());
                    }
                }
                fields.insert("labels".into(), Value::Array(seen));
            } else {
                fields.insert("label".into(), value.clone());
            }
        }
        fields.insert("json".into(), value);
        fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Timings;

    fn generation(text: &str, finish_reason: FinishReason) -> Generation {
        Generation {
            text: text.into(),
            reasoning: None,
            finish_reason,
            prompt_tokens: 1,
            reused_tokens: 0,
            completion_tokens: 7,
            timings: Timings::default(),
            context_used: 0,
            context_size: 0,
            served: None,
        }
    }

    fn constraint(schema: Value, labels: Option<LabelSet>) -> Constraint {
        Constraint {
            validator: schema::Validator::new(&schema).expect("compiles"),
            schema,
            grammar: String::new(),
            labels,
            origin: "test".into(),
            sha256: String::new(),
        }
    }

    #[test]
    fn labels_parse_from_a_list_or_a_file() {
        let set = LabelSet::parse(" yes, no ,maybe,", false).expect("parses");
        assert_eq!(set.labels, ["yes", "no", "maybe"]);
        assert!(LabelSet::parse("a,b,a", false)
            .expect_err("duplicate")
            .to_string()
            .contains("'a'"));
        assert!(LabelSet::parse(" , ", false).is_err());
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("labels.txt");
        std::fs::write(&file, "# classes\ninfection\n\nnon-infection\n").expect("write");
        let set = LabelSet::parse(&format!("@{}", file.display()), true).expect("parses");
        assert_eq!((set.labels.len(), set.multi), (2, true));
    }

    #[test]
    fn instructions_come_as_text_or_from_a_file() {
        assert_eq!(
            text_or_file("Is it sepsis?", "instruction").expect("text"),
            "Is it sepsis?"
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("instruction.txt");
        std::fs::write(&file, "  Label the infection status.\n").expect("write");
        let arg = format!("@{}", file.display());
        assert_eq!(
            text_or_file(&arg, "instruction").expect("file"),
            "Label the infection status."
        );
        let missing = text_or_file("@/nonexistent/x.txt", "instruction").expect_err("missing");
        assert!(format!("{missing:#}").contains("/nonexistent/x.txt"));
    }

    #[test]
    fn cut_or_broken_answers_are_errors_never_json() {
        let c = constraint(
            json!({"type": "object", "properties": {"p": {"type": "number", "maximum": 1}}}),
            None,
        );
        assert_eq!(
            c.check(&generation("{\"p\": 0.5}", FinishReason::Stop)),
            Ok(json!({"p": 0.5}))
        );
        assert_eq!(
            c.check(&generation("{\"p\": 0.5", FinishReason::Length))
                .expect_err("cut")
                .0,
            "schema_incomplete"
        );
        assert_eq!(
            c.check(&generation("{\"p\": 0.5", FinishReason::Stop))
                .expect_err("broken")
                .0,
            "schema_incomplete"
        );
        assert_eq!(
            c.check(&generation("{\"p\": 7}", FinishReason::Stop))
                .expect_err("range")
                .0,
            "schema_mismatch"
        );
    }

    #[test]
    fn label_results_carry_the_label() {
        let set = LabelSet::parse("a,b", true).expect("parses");
        let c = constraint(schema::labels_schema(&set.labels, true), Some(set));
        let fields = c.result_fields(json!(["b", "a", "b"]));
        assert_eq!(fields["labels"], json!(["b", "a"]));
        assert_eq!(fields["json"], json!(["b", "a", "b"]));
    }
}
