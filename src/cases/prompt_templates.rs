//! Prompt templates: built-in ones from prompts/ (compiled in) and the user's own.
//!
//! A template is a TOML file with a `system` and a `user` Jinja text (minijinja). Each is
//! rendered separately with the case as a value, so case text can never become template code
//! or forge a message boundary. Undefined variables are errors (strict mode), so a misspelled
//! variable fails loudly instead of rendering as nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context as _};
use minijinja::{Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::cases::{AnswerOption, Case, CaseError, Section, TimelineEntry};
use crate::engine::ChatMessage;

/// Built-in templates: (name, TOML text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "differential",
        include_str!("../../prompts/differential.toml"),
    ),
    ("summary", include_str!("../../prompts/summary.toml")),
    ("mcq", include_str!("../../prompts/mcq.toml")),
    ("raw", include_str!("../../prompts/raw.toml")),
    ("annotate", include_str!("../../prompts/annotate.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    name: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    system: String,
    user: String,
    #[serde(default)]
    passthrough: bool,
    /// A JSON schema (as JSON text) the output must follow.
    schema: Option<String>,
}

/// Where a template came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Builtin,
    File(PathBuf),
}

/// A loaded template.
#[derive(Debug)]
pub struct Template {
    pub name: String,
    pub description: String,
    /// sha256 of the TOML text, for provenance.
    pub sha256: String,
    pub passthrough: bool,
    pub schema: Option<String>,
    pub origin: Origin,
    env: Environment<'static>,
}

/// Extra values a template may use besides `case` (e.g. `instruction`).
pub type Extras = BTreeMap<String, Value>;

#[derive(Serialize)]
struct CaseView<'a> {
    id: &'a Value,
    patient: Option<&'a Map<String, Value>>,
    patient_line: Option<String>,
    sections: &'a [Section],
    timeline: Vec<TimelineView<'a>>,
    index_date: Option<&'a str>,
    question: Option<&'a str>,
    options: &'a [AnswerOption],
    prompt: Option<&'a str>,
    system: Option<&'a str>,
}

#[derive(Serialize)]
struct TimelineView<'a> {
    date: Option<&'a str>,
    day: Option<i64>,
    when: &'a str,
    kind: &'a str,
    text: &'a str,
    #[serde(flatten)]
    fields: &'a Map<String, Value>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Template {
    /// Parse a template from its TOML text; `origin` names it in errors.
    pub fn parse(default_name: &str, text: &str, origin: Origin) -> anyhow::Result<Self> {
        let where_ = match &origin {
            Origin::Builtin => format!("built-in template '{default_name}'"),
            Origin::File(p) => format!("template file '{}'", p.display()),
        };
        let file: TemplateFile =
            toml::from_str(text).with_context(|| format!("invalid {where_}"))?;
        let name = file.name.unwrap_or_else(|| default_name.to_string());
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_keep_trailing_newline(false);
        env.add_template_owned("system", file.system)
            .with_context(|| format!("{where_}: 'system' has a syntax error"))?;
        env.add_template_owned("user", file.user)
            .with_context(|| format!("{where_}: 'user' has a syntax error"))?;
        if let Some(schema) = &file.schema {
            serde_json::from_str::<Value>(schema)
                .with_context(|| format!("{where_}: 'schema' is not valid JSON"))?;
        }
        Ok(Self {
            name,
            description: file.description,
            sha256: sha256_hex(text.as_bytes()),
            passthrough: file.passthrough,
            schema: file.schema,
            origin,
            env,
        })
    }

    /// Render a case into chat messages.
    pub fn render(&self, case: &Case, extras: &Extras) -> Result<Vec<ChatMessage>, CaseError> {
        if self.passthrough {
            return self.passthrough_messages(case);
        }
        if case.sections.is_empty()
            && case.timeline.is_empty()
            && case.prompt.is_none()
            && case.question.is_none()
            && case.options.is_empty()
            && !extras.contains_key("text")
        {
            return Err(CaseError::new(
                "empty_case",
                None,
                format!(
                    "the case has no sections, timeline, prompt or question for template '{}'",
                    self.name
                ),
            ));
        }
        let view = CaseView {
            id: &case.id,
            patient: case.patient.as_ref(),
            patient_line: case.patient_line(),
            sections: &case.sections,
            timeline: case
                .timeline
                .iter()
                .map(|e: &TimelineEntry| TimelineView {
                    date: e.date.as_deref(),
                    day: e.day,
                    when: &e.when,
                    kind: &e.kind,
                    text: &e.text,
                    fields: &e.fields,
                })
                .collect(),
            index_date: case.index_date.as_deref(),
            question: case.question.as_deref(),
            options: &case.options,
            prompt: case.prompt.as_deref(),
            system: case.system.as_deref(),
        };
        let mut ctx = Map::new();
        ctx.insert(
            "case".into(),
            serde_json::to_value(&view).map_err(|e| template_error(&self.name, &e))?,
        );
        for (key, value) in extras {
            ctx.insert(key.clone(), value.clone());
        }
        let ctx = Value::Object(ctx);
        let render = |part: &str| -> Result<String, CaseError> {
            let template = self
                .env
                .get_template(part)
                .map_err(|e| template_error(&self.name, &e))?;
            template
                .render(&ctx)
                .map(|s| s.trim().to_string())
                .map_err(|e| template_error(&self.name, &e))
        };
        let system = case.system.clone().unwrap_or(render("system")?);
        let user = render("user")?;
        let mut messages = Vec::new();
        if !system.trim().is_empty() {
            messages.push(ChatMessage::new("system", system.trim()));
        }
        messages.push(ChatMessage::new("user", user));
        Ok(messages)
    }

    fn passthrough_messages(&self, case: &Case) -> Result<Vec<ChatMessage>, CaseError> {
        if let Some(messages) = &case.messages {
            let mut out = Vec::new();
            if let Some(system) = &case.system {
                if !messages.iter().any(|m| m.role == "system") {
                    out.push(ChatMessage::new("system", system.clone()));
                }
            }
            out.extend(messages.iter().cloned());
            return Ok(out);
        }
        if let Some(prompt) = &case.prompt {
            let mut out = Vec::new();
            if let Some(system) = &case.system {
                out.push(ChatMessage::new("system", system.clone()));
            }
            out.push(ChatMessage::new("user", prompt.clone()));
            return Ok(out);
        }
        Err(CaseError::new(
            "missing_field",
            Some("prompt"),
            format!(
                "template '{}' needs a 'prompt' or 'messages' field",
                self.name
            ),
        ))
    }
}

fn template_error(name: &str, error: &dyn std::fmt::Display) -> CaseError {
    CaseError::new(
        "template",
        None,
        format!("template '{name}' failed: {error}"),
    )
}

/// Built-in and user templates, looked up by name or path.
#[derive(Debug)]
pub struct Registry {
    user_dir: Option<PathBuf>,
    cache: std::sync::Mutex<BTreeMap<String, Arc<Template>>>,
}

impl Registry {
    /// `user_dir` holds the user's `NAME.toml` templates; they override built-ins of the same name.
    pub fn new(user_dir: Option<PathBuf>) -> Self {
        Self {
            user_dir,
            cache: std::sync::Mutex::new(BTreeMap::new()),
        }
    }

    /// The template to use for a case when none was chosen: by the record's shape.
    pub fn auto_name(case: &Case) -> &'static str {
        if case.is_raw() && case.options.is_empty() {
            "raw"
        } else if !case.options.is_empty() {
            "mcq"
        } else {
            "differential"
        }
    }

    /// Names of every available template with its description and origin.
    pub fn list(&self) -> Vec<(String, String, String)> {
        let mut out: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (name, text) in BUILTIN {
            if let Ok(t) = Template::parse(name, text, Origin::Builtin) {
                out.insert((*name).to_string(), (t.description, "built-in".into()));
            }
        }
        if let Some(dir) = &self.user_dir {
            if let Ok(entries) = std::fs::read_dir(dir) {
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.extension().is_some_and(|e| e == "toml") {
                        if let Some(stem) =
                            path.file_stem().map(|s| s.to_string_lossy().into_owned())
                        {
                            let description = std::fs::read_to_string(&path)
                                .ok()
                                .and_then(|t| {
                                    Template::parse(&stem, &t, Origin::File(path.clone())).ok()
                                })
                                .map_or_else(|| "(invalid)".to_string(), |t| t.description);
                            out.insert(stem, (description, path.display().to_string()));
                        }
                    }
                }
            }
        }
        out.into_iter().map(|(name, (d, o))| (name, d, o)).collect()
    }

    /// The TOML source of a template by name (user dir, then built-in) or path.
    pub fn source(&self, name_or_path: &str) -> anyhow::Result<String> {
        let template = self.get(name_or_path)?;
        match &template.origin {
            Origin::File(path) => std::fs::read_to_string(path)
                .with_context(|| format!("cannot read template file '{}'", path.display())),
            Origin::Builtin => BUILTIN
                .iter()
                .find(|(n, _)| *n == template.name)
                .map(|(_, text)| (*text).to_string())
                .ok_or_else(|| anyhow::anyhow!("no built-in template '{}'", template.name)),
        }
    }

    /// Look a template up by name (user dir, then built-in) or by path to a `.toml` file.
    pub fn get(&self, name_or_path: &str) -> anyhow::Result<Arc<Template>> {
        if let Some(found) = self
            .cache
            .lock()
            .ok()
            .and_then(|c| c.get(name_or_path).cloned())
        {
            return Ok(found);
        }
        let template = Arc::new(self.load(name_or_path)?);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(name_or_path.to_string(), template.clone());
        }
        Ok(template)
    }

    fn load(&self, name_or_path: &str) -> anyhow::Result<Template> {
        let as_path = Path::new(name_or_path);
        if name_or_path.ends_with(".toml") || name_or_path.contains(std::path::MAIN_SEPARATOR) {
            let text = std::fs::read_to_string(as_path)
                .with_context(|| format!("cannot read template file '{}'", as_path.display()))?;
            let stem = as_path
                .file_stem()
                .map_or_else(|| "custom".into(), |s| s.to_string_lossy().into_owned());
            return Template::parse(&stem, &text, Origin::File(as_path.to_path_buf()));
        }
        if let Some(dir) = &self.user_dir {
            let path = dir.join(format!("{name_or_path}.toml"));
            if path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read template file '{}'", path.display()))?;
                return Template::parse(name_or_path, &text, Origin::File(path));
            }
        }
        if let Some((name, text)) = BUILTIN.iter().find(|(n, _)| *n == name_or_path) {
            return Template::parse(name, text, Origin::Builtin);
        }
        let known: Vec<String> = self.list().into_iter().map(|(n, _, _)| n).collect();
        bail!(
            "unknown template '{name_or_path}' (available: {}; or pass a path to a .toml file)",
            known.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn case(v: Value) -> Case {
        Case::from_object(v.as_object().expect("object")).expect("valid case")
    }

    #[test]
    fn every_builtin_parses_and_renders() {
        let registry = Registry::new(None);
        let c = case(
            json!({"id": 1, "patient": {"age": 61, "sex": "M"}, "presentation": "fever",
            "timeline": [{"day": -2, "kind": "lab", "text": "WBC 14", "value": 14}],
            "question": "Next step?", "options": ["A thing", "B thing"], "prompt": "p"}),
        );
        for (name, _) in BUILTIN {
            let t = registry.get(name).expect("builtin");
            let messages = t.render(&c, &Extras::new()).expect("renders");
            assert_eq!(
                messages.last().map(|m| m.role.as_str()),
                Some("user"),
                "{name}"
            );
        }
    }

    #[test]
    fn case_text_is_data_not_template_code() {
        let t = Registry::new(None).get("differential").expect("builtin");
        let c = case(json!({"id": 1, "presentation": "{{ 7 * 7 }} {% if true %}x{% endif %}"}));
        let user = &t.render(&c, &Extras::new()).expect("renders")[1].content;
        assert!(user.contains("{{ 7 * 7 }}"), "{user}");
        assert!(!user.contains("49"));
    }

    #[test]
    fn unknown_variable_is_a_template_error() {
        let t = Template::parse(
            "bad",
            "user = \"{{ case.no_such_field }}\"",
            Origin::Builtin,
        )
        .expect("parses");
        let err = t
            .render(&case(json!({"id": 1, "prompt": "x"})), &Extras::new())
            .unwrap_err();
        assert_eq!(err.kind, "template");
        assert!(err.message.contains("bad"), "{}", err.message);
    }

    #[test]
    fn raw_passes_messages_and_prompts_through() {
        let t = Registry::new(None).get("raw").expect("builtin");
        let c = case(json!({"id": 1, "system": "S", "prompt": "P"}));
        let m = t.render(&c, &Extras::new()).expect("renders");
        assert_eq!(
            m,
            vec![
                ChatMessage::new("system", "S"),
                ChatMessage::new("user", "P")
            ]
        );
        let err = t
            .render(&case(json!({"id": 1, "presentation": "x"})), &Extras::new())
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("prompt"));
    }

    #[test]
    fn auto_selection_follows_the_record_shape() {
        assert_eq!(
            Registry::auto_name(&case(json!({"id": 1, "prompt": "x"}))),
            "raw"
        );
        assert_eq!(
            Registry::auto_name(&case(json!({"id": 1, "question": "q", "options": ["a"]}))),
            "mcq"
        );
        assert_eq!(
            Registry::auto_name(&case(json!({"id": 1, "presentation": "x"}))),
            "differential"
        );
    }

    #[test]
    fn gold_answer_never_reaches_the_prompt() {
        let t = Registry::new(None).get("mcq").expect("builtin");
        let c = case(
            json!({"id": 1, "question": "q", "options": {"A": "x", "B": "y"}, "answer": "GOLD-LABEL"}),
        );
        let all: String = t
            .render(&c, &Extras::new())
            .expect("renders")
            .into_iter()
            .map(|m| m.content)
            .collect();
        assert!(!all.contains("GOLD-LABEL"));
    }
}
