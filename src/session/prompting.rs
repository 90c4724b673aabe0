//! How cases become prompts and what answers must look like, decided once per run from the
//! settings and the answer options (as ripgrep's `HiArgs` builds its matcher and printer once):
//! the prompt template each case gets (a fixed one, else the registry's automatic choice for the
//! case's shape), the template variables besides the case (`labels`, `instruction`), and the
//! output constraint (a schema file, the template's own schema, a label set, or none), checked
//! before any model loads so that a bad schema or label file fails first.
//!
//! Commands ask a [`Prompting`] instead of choosing templates themselves; the rule of the choice
//! itself is [`template_for`], for the few callers that keep their own registry (the interactive
//! session, where `/template` changes the choice; `ddx eval`, whose scoring holds the registry).
//!
//! The chat template (how the messages become the model's prompt text) is a setting of the model,
//! not of the case: `session::start` and `session::vocabulary` resolve `--chat-template`, and the
//! engine renders it (`engine::Tokenizer::render`).
//!
//! May use: app (settings), cases (prompt templates), answers (constraints), engine (to compile
//! a constraint against a model's vocabulary).

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{json, Value};

pub use crate::answers::constraint::Constraint;
use crate::answers::constraint::{load_schema, text_or_file, LabelSet, SchemaSource};
use crate::app::settings::Settings;
use crate::cases::prompt_templates::{Extras, Registry, Template};
use crate::cases::Case;
use crate::engine::Backend;

/// What answers must look like, or how they are chosen (`--schema`, `--json`, `--labels`, ...):
/// the flags `ddx batch`, `ddx render` and `ddx ask` share.
#[derive(Debug, Default, Clone)]
pub struct AnswerOptions {
    /// A JSON schema file every answer follows.
    pub schema: Option<PathBuf>,
    /// The template's own schema.
    pub json: bool,
    /// A label set (`a,b,c` or `@FILE`): each answer is one of them.
    pub labels: Option<String>,
    /// With `labels`: each answer lists every label that applies.
    pub multi_label: bool,
    /// The annotate template's instruction (text or `@FILE`).
    pub instruction: Option<String>,
    /// Rank options by log-likelihood instead of generating.
    pub score: bool,
    /// Run a case again, with a new seed, when its answer does not validate (at most this often).
    pub schema_retry: u32,
}

/// The one rule of the template choice: the fixed template (a name or a path) when there is
/// one, else the registry's automatic choice for the case's shape (`raw`, `mcq`, `differential`).
pub fn template_for(
    registry: &Registry,
    fixed: Option<&str>,
    case: &Case,
) -> anyhow::Result<Arc<Template>> {
    registry.get(fixed.unwrap_or_else(|| Registry::auto_name(case)))
}

/// The prompting of a run: templates, template variables and the output constraint, resolved.
#[derive(Debug)]
pub struct Prompting {
    registry: Registry,
    /// The template every case uses, when fixed: its name or path, and the template itself.
    fixed: Option<(String, Arc<Template>)>,
    extras: Extras,
    /// The answers' schema and where it came from, checked; `None` leaves answers free.
    schema: Option<(Value, String)>,
    labels: Option<LabelSet>,
}

impl Prompting {
    /// Everything a generating run needs: the template choice and its variables, and the
    /// output constraint, checked (a schema file that cannot be read or parsed is an error here,
    /// before the model loads).
    pub fn new(settings: &Settings, answers: &AnswerOptions) -> anyhow::Result<Self> {
        Self::for_prompts(settings, answers)?.with_constraint(answers)
    }

    /// Only `--template` (else the automatic choice per case): no variables, no constraint
    /// (`ddx convert`, `ddx bench`).
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        Self::for_prompts(settings, &AnswerOptions::default())
    }

    /// What shapes the prompts, without the output constraint (`ddx render` shows prompts:
    /// a schema constrains the answer, not the prompt, so it is not read).
    pub fn for_prompts(settings: &Settings, answers: &AnswerOptions) -> anyhow::Result<Self> {
        let registry = Registry::new(Some(settings.paths.prompts_dir()));
        Self::build(registry, settings.template.as_deref(), answers)
    }

    /// The template choice (`template` is `--template`) and the template variables.
    fn build(
        registry: Registry,
        template: Option<&str>,
        answers: &AnswerOptions,
    ) -> anyhow::Result<Self> {
        let labels = answers
            .labels
            .as_deref()
            .map(|l| LabelSet::parse(l, answers.multi_label))
            .transpose()?;
        let instruction = answers
            .instruction
            .as_deref()
            .map(|i| text_or_file(i, "instruction"))
            .transpose()?;
        let fixed_name = match (template, &labels, answers.json) {
            (Some(name), _, _) => Some(name),
            (None, Some(_), _) => Some("annotate"),
            (None, None, true) => Some("differential"),
            (None, None, false) => None,
        };
        let fixed = fixed_name
            .map(|name| registry.get(name).map(|t| (name.to_string(), t)))
            .transpose()?;
        let mut extras = match &labels {
            Some(set) => set.extras(instruction.as_deref()),
            None => Extras::new(),
        };
        if let (Some(instruction), None) = (&instruction, &labels) {
            extras.insert("instruction".into(), json!(instruction));
        }
        Ok(Self {
            registry,
            fixed,
            extras,
            schema: None,
            labels,
        })
    }

    /// Add the output constraint, checked.
    fn with_constraint(mut self, answers: &AnswerOptions) -> anyhow::Result<Self> {
        self.schema = self.resolve_schema(answers)?;
        Ok(self)
    }

    /// `--schema FILE`, else the label set's schema, else with `--json` the fixed template's own.
    fn resolve_schema(&self, answers: &AnswerOptions) -> anyhow::Result<Option<(Value, String)>> {
        if let Some(path) = &answers.schema {
            return load_schema(&SchemaSource::File(path)).map(Some);
        }
        if let Some(set) = &self.labels {
            return load_schema(&SchemaSource::Labels(set)).map(Some);
        }
        match (&self.fixed, answers.json) {
            (Some((_, template)), true) => load_schema(&SchemaSource::Template(template)).map(Some),
            _ => Ok(None),
        }
    }

    /// The template for this case: the fixed one, else the automatic choice for its shape.
    pub fn template_for(&self, case: &Case) -> anyhow::Result<Arc<Template>> {
        template_for(&self.registry, self.fixed_name(), case)
    }

    /// The template every case uses, when fixed (`--template`, `annotate` for `--labels`,
    /// `differential` for `--json`).
    pub fn fixed_template(&self) -> Option<&Arc<Template>> {
        self.fixed.as_ref().map(|(_, template)| template)
    }

    fn fixed_name(&self) -> Option<&str> {
        self.fixed.as_ref().map(|(name, _)| name.as_str())
    }

    /// The templates this run may use (also those a case names by its shape, and `raw`).
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Template variables besides the case (`labels`, `multi_label`, `instruction`).
    pub fn extras(&self) -> &Extras {
        &self.extras
    }

    /// `--labels`, parsed.
    pub fn labels(&self) -> Option<&LabelSet> {
        self.labels.as_ref()
    }

    /// Whether answers are constrained (a schema or a label set).
    pub fn is_constrained(&self) -> bool {
        self.schema.is_some()
    }

    /// Compile the output constraint to a grammar (needs the model's vocabulary).
    pub fn compile(&self, engine: &dyn Backend) -> anyhow::Result<Option<Constraint>> {
        self.schema
            .as_ref()
            .map(|(schema, origin)| {
                Constraint::compile(engine, schema.clone(), origin.clone(), self.labels.clone())
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in templates only, with this `--template`.
    fn prompts(template: Option<&str>, answers: &AnswerOptions) -> anyhow::Result<Prompting> {
        Prompting::build(Registry::new(None), template, answers)
    }

    fn checked(template: Option<&str>, answers: &AnswerOptions) -> anyhow::Result<Prompting> {
        prompts(template, answers)?.with_constraint(answers)
    }

    fn case(json: &str) -> Case {
        let value: Value = serde_json::from_str(json).unwrap();
        Case::from_object(value.as_object().unwrap()).unwrap()
    }

    #[test]
    fn a_fixed_template_wins_else_the_case_shape_decides() {
        let free = prompts(None, &AnswerOptions::default()).unwrap();
        let mcq = case(r#"{"id": 1, "question": "Q?", "options": {"A": "a", "B": "b"}}"#);
        let narrative = case(r#"{"id": 2, "presentation": "Fever."}"#);
        assert_eq!(free.template_for(&mcq).unwrap().name, "mcq");
        assert_eq!(free.template_for(&narrative).unwrap().name, "differential");
        assert!(free.fixed_template().is_none());
        let fixed = prompts(Some("summary"), &AnswerOptions::default()).unwrap();
        assert_eq!(fixed.template_for(&mcq).unwrap().name, "summary");
        assert_eq!(fixed.fixed_template().unwrap().name, "summary");
    }

    #[test]
    fn labels_fix_annotate_and_json_fixes_differential_with_its_schema() {
        let labels = AnswerOptions {
            labels: Some("yes,no".into()),
            instruction: Some("Is it sepsis?".into()),
            ..AnswerOptions::default()
        };
        let prompting = checked(None, &labels).unwrap();
        assert_eq!(prompting.fixed_template().unwrap().name, "annotate");
        assert_eq!(prompting.extras()["labels"], json!(["yes", "no"]));
        assert_eq!(prompting.extras()["instruction"], json!("Is it sepsis?"));
        assert!(prompting.is_constrained());
        let json = AnswerOptions {
            json: true,
            ..AnswerOptions::default()
        };
        let prompting = checked(None, &json).unwrap();
        assert_eq!(prompting.fixed_template().unwrap().name, "differential");
        assert!(prompting.is_constrained());
        let prompts_only = prompts(None, &json).unwrap();
        assert!(!prompts_only.is_constrained());
    }

    #[test]
    fn an_instruction_without_labels_is_a_variable_of_its_own() {
        let answers = AnswerOptions {
            instruction: Some("Be brief.".into()),
            ..AnswerOptions::default()
        };
        let prompting = checked(None, &answers).unwrap();
        assert_eq!(prompting.extras()["instruction"], json!("Be brief."));
        assert!(!prompting.extras().contains_key("labels"));
        assert!(prompting.fixed_template().is_none());
        assert!(!prompting.is_constrained());
    }

    #[test]
    fn problems_are_errors_before_any_model_loads() {
        let missing = AnswerOptions {
            schema: Some(PathBuf::from("/nonexistent/schema.json")),
            ..AnswerOptions::default()
        };
        assert!(checked(None, &missing).is_err());
        // Showing prompts does not read the schema.
        assert!(prompts(None, &missing).is_ok());
        let unknown = prompts(Some("no-such-template"), &AnswerOptions::default());
        assert!(unknown.is_err());
        let no_schema = AnswerOptions {
            json: true,
            ..AnswerOptions::default()
        };
        assert!(checked(Some("raw"), &no_schema).is_err());
    }
}
