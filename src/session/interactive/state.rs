//! The state of an interactive session, shared by `ddx chat` and `ddx tui`: the loaded model,
//! the case file and the position in it, the template, the conversation and the settings.
//!
//! It owns no terminal and prints nothing: each mode shows what these methods return.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::app::settings::Settings;
use crate::cases::prompt_templates::{Extras, Registry, Template};
use crate::cases::Case;
use crate::engine::{ContextSpec, GenRequest, Generation};
use crate::session::interactive::casefile::CaseFile;
use crate::session::interactive::conversation::{
    prompt_budget, Conversation, FitError, GenSettings, TurnStats,
};
use crate::session::Session;

/// Everything an interactive mode works on.
#[derive(Debug)]
pub struct ChatState {
    pub session: Session,
    pub registry: Registry,
    /// The user's template directory (for `/score`'s own registry).
    pub prompts_dir: std::path::PathBuf,
    /// The template chosen by the user (`--template` or `/template`); `None` picks by case shape.
    pub template_choice: Option<String>,
    /// The template the current case was rendered with.
    pub template: Option<Arc<Template>>,
    pub cases: Option<CaseFile>,
    pub position: usize,
    pub conversation: Conversation,
    pub settings: GenSettings,
    pub spec: ContextSpec,
    /// `/schema FILE` given: the template's own schema no longer applies.
    pub schema_pinned: bool,
    /// The validator of the schema behind `settings.grammar`: every answer is checked.
    pub validator: Option<crate::answers::schema::Validator>,
    /// Every answer of this session: count, prompt and completion tokens.
    pub totals: (u32, u64, u64),
    /// `--deid`: cases and typed questions are de-identified before the model sees them.
    pub deid: Option<crate::clinical::deid::Deidentifier>,
    /// `--wait`: a file another run is writing is waited for, not refused (`/save`).
    pub wait_for_writers: bool,
}

impl ChatState {
    pub fn new(settings: &Settings, session: Session) -> Self {
        let info = session.backend.info();
        let spec = ContextSpec::new(info.context_limit(settings.ctx_size), 1)
            .with_batch_invariant(settings.batch_invariant);
        Self {
            session,
            registry: Registry::new(Some(settings.paths.prompts_dir())),
            prompts_dir: settings.paths.prompts_dir(),
            template_choice: settings.template.clone(),
            template: None,
            cases: None,
            position: 0,
            conversation: Conversation::default(),
            settings: GenSettings {
                sampling: settings.sampling.clone(),
                max_tokens: settings.max_tokens,
                stop: settings.stop.clone(),
                grammar: None,
            },
            spec,
            schema_pinned: false,
            validator: None,
            totals: (0, 0, 0),
            deid: None,
            wait_for_writers: settings.wait,
        }
    }

    /// Load a case file and go to the case `id` (the first one when `None`).
    pub fn load_cases(&mut self, path: &Path, id: Option<&str>) -> anyhow::Result<()> {
        let mut file = CaseFile::load(path)?;
        if let Some(deid) = &self.deid {
            file.deidentify(deid);
        }
        let position = match id {
            Some(id) => file.position(id).with_context(|| {
                format!("case file '{}' has no case with id '{id}'", path.display())
            })?,
            None => 0,
        };
        self.cases = Some(file);
        self.goto(position)
    }

    /// The current case, when one is loaded and valid.
    pub fn case(&self) -> Option<&Case> {
        self.cases
            .as_ref()
            .and_then(|f| f.entries.get(self.position))
            .and_then(|e| e.case.as_ref().ok())
    }

    /// Id of the current case.
    pub fn case_id(&self) -> Option<&str> {
        self.cases
            .as_ref()
            .and_then(|f| f.entries.get(self.position))
            .map(|e| e.id.as_str())
    }

    /// Go to a position of the loaded file; the conversation restarts on that case. A bad line
    /// is selected too (so the position is honest) and its error returned.
    pub fn goto(&mut self, position: usize) -> anyhow::Result<()> {
        let Some(file) = &self.cases else {
            anyhow::bail!("no case file is loaded (use /case FILE)");
        };
        let entry = file
            .entries
            .get(position)
            .with_context(|| format!("there is no case {} of {}", position + 1, file.len()))?;
        self.position = position;
        self.conversation.reset();
        self.conversation.case_messages.clear();
        match &entry.case {
            Ok(_) => self.render_case(),
            Err(error) => Err(anyhow::anyhow!("{error}")),
        }
    }

    /// Move by `delta` cases, staying within the file.
    pub fn step(&mut self, delta: isize) -> anyhow::Result<()> {
        let len = self.cases.as_ref().map_or(0, CaseFile::len);
        if len == 0 {
            anyhow::bail!("no case file is loaded (use /case FILE)");
        }
        let target = self.position.saturating_add_signed(delta);
        if target >= len || (delta < 0 && self.position == 0) {
            anyhow::bail!(
                "already at the {} case ({} of {len})",
                if delta < 0 { "first" } else { "last" },
                self.position + 1
            );
        }
        self.goto(target)
    }

    /// Render the current case through the chosen (or automatic) template.
    fn render_case(&mut self) -> anyhow::Result<()> {
        let Some(case) = self.case().cloned() else {
            return Ok(());
        };
        let template = crate::session::prompting::template_for(
            &self.registry,
            self.template_choice.as_deref(),
            &case,
        )?;
        let messages = template.render(&case, &Extras::new()).with_context(|| {
            format!(
                "case '{}' cannot be rendered",
                self.case_id().unwrap_or("?")
            )
        })?;
        self.conversation.case_messages = messages;
        if !self.schema_pinned {
            match &template.schema {
                Some(text) => {
                    let schema = crate::answers::schema::parse(text)
                        .with_context(|| format!("the schema of template '{}'", template.name))?;
                    self.use_schema(&schema, format!("template {}", template.name))?;
                }
                None => {
                    self.settings.grammar = None;
                    self.validator = None;
                }
            }
        }
        self.template = Some(template);
        Ok(())
    }

    /// `/template NAME`: re-render the case; the conversation restarts.
    pub fn set_template(&mut self, name: &str) -> anyhow::Result<String> {
        let template = self.registry.get(name)?;
        self.template_choice = Some(name.to_string());
        if self.case().is_some() {
            self.conversation.reset();
            self.render_case()?;
        } else {
            self.template = Some(template.clone());
        }
        Ok(format!(
            "template {} ({})",
            template.name, template.description
        ))
    }

    /// `/schema FILE|off`.
    pub fn set_schema(&mut self, file: Option<&Path>) -> anyhow::Result<String> {
        match file {
            None => {
                self.settings.grammar = None;
                self.validator = None;
                self.schema_pinned = true;
                Ok("answers are free text".into())
            }
            Some(path) => {
                // The same check as `--schema`: a refused schema never reaches llama.cpp.
                let schema = crate::answers::schema::load(path)?;
                self.use_schema(&schema, format!("schema {}", path.display()))?;
                self.schema_pinned = true;
                Ok(format!("answers follow the schema in '{}'", path.display()))
            }
        }
    }

    /// Constrain answers to a checked schema, and validate each against it.
    fn use_schema(&mut self, schema: &Value, source: String) -> anyhow::Result<()> {
        let validator = crate::answers::schema::Validator::new(schema)?;
        let grammar = crate::answers::constraint::compile_for(&*self.session.backend, schema)
            .with_context(|| format!("the output schema ({source})"))?;
        self.settings.grammar = Some((grammar, source));
        self.validator = Some(validator);
        Ok(())
    }

    /// Text the user typed (a question, a system prompt, a review note, a history line) as it
    /// may reach the model, a file or the screen: with `--deid`, de-identified against the
    /// current case's patient, so their name, phone or dates typed by hand go too; unchanged
    /// without `--deid`.
    pub fn scrub(&self, text: &str) -> String {
        let Some(deid) = &self.deid else {
            return text.to_string();
        };
        let patient = self
            .cases
            .as_ref()
            .and_then(|f| f.entries.get(self.position))
            .and_then(|e| e.identity.as_ref());
        deid.apply_text(text, patient, self.case_id().unwrap_or("chat"))
            .0
    }

    /// Add a question and make the request for it, dropping the oldest turns when the context
    /// would overflow. Returns the request and how many turns were dropped now.
    pub fn ask(&mut self, question: &str) -> Result<(GenRequest, usize), FitError> {
        let cleaned = self.scrub(question);
        self.conversation.push_question(&cleaned);
        let tokenizer = self.session.backend.tokenizer();
        let budget = prompt_budget(self.spec.n_ctx_per_seq, self.settings.max_tokens);
        let fitted = self.conversation.fit(budget, &|m| {
            tokenizer.count_tokens(m).map_err(|e| e.to_string())
        });
        match fitted {
            Ok(dropped) => Ok((self.conversation.request(&self.settings), dropped)),
            Err(error) => {
                self.conversation.turns.pop();
                Err(error)
            }
        }
    }

    /// Record the end of the pending turn. Under a schema, an answer that is not complete JSON
    /// or breaks the schema is kept, and the problem (pointer and rule, never the answer's
    /// text) is returned for the mode to show.
    pub fn finish(&mut self, result: Result<&Generation, String>) -> Option<String> {
        let validator = self.validator.clone();
        let turn = self.conversation.pending_mut()?;
        let mut problem = None;
        match result {
            Ok(generation) => {
                if let Some(validator) = validator
                    .filter(|_| generation.finish_reason != crate::engine::FinishReason::Cancelled)
                {
                    if let Err((kind, message)) =
                        crate::answers::constraint::check_answer(&validator, generation)
                    {
                        problem = Some(format!("{kind}: {message}"));
                    }
                }
                turn.schema_problem.clone_from(&problem);
                turn.assistant.clone_from(&generation.text);
                turn.reasoning = generation.reasoning.as_ref().map(|r| r.text.clone());
                turn.finish = Some(generation.finish_reason);
                let stats = TurnStats::from_generation(generation);
                turn.stats = Some(stats);
                self.totals.0 += 1;
                self.totals.1 += u64::from(stats.prompt_tokens);
                self.totals.2 += u64::from(stats.completion_tokens);
            }
            Err(error) => turn.error = Some(error),
        }
        problem
    }

    /// `/score`: rank the current case's options by log-likelihood, best first, as text lines.
    pub fn score(&self) -> anyhow::Result<Vec<String>> {
        let case = self.case().context("no case is loaded (use /case FILE)")?;
        let scoring = crate::answers::scoring::Scoring {
            registry: Registry::new(Some(self.prompts_dir.clone())),
            fixed_template: None,
            labels: None,
            extras: Extras::new(),
            n_ctx: self.spec.n_ctx_per_seq,
        };
        let scored = scoring
            .score(&*self.session.backend, case)
            .map_err(|e| match e {
                crate::answers::scoring::ScoreFailure::Case(e) => anyhow::anyhow!("{e}"),
                crate::answers::scoring::ScoreFailure::Engine(e) => anyhow::anyhow!("{e}"),
            })?;
        let mut order: Vec<usize> = (0..scored.options.len()).collect();
        order.sort_by(|&a, &b| {
            scored.options[b]
                .prob
                .partial_cmp(&scored.options[a].prob)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        Ok(order
            .into_iter()
            .map(|i| {
                let o = &scored.options[i];
                format!(
                    "{} {}. {}  p={:.3}  (mean log-prob {:.3} over {} tokens)",
                    if i == scored.chosen { "→" } else { " " },
                    o.label,
                    o.text,
                    o.prob,
                    o.mean_logprob,
                    o.n_tokens
                )
            })
            .collect())
    }

    /// Where an answer came from: ddx, model, template, settings, case.
    pub fn provenance(&self) -> Value {
        let mut value = crate::session::provenance::base(&self.session);
        let more = json!({
            "template": self.template.as_ref().map(|t| json!({"name": t.name, "sha256": t.sha256})),
            "system_override": self.conversation.system_override.is_some(),
            "sampling": self.settings.sampling,
            "max_tokens": self.settings.max_tokens,
            "stop": self.settings.stop,
            "grammar": self.settings.grammar.as_ref().map(|(_, source)| source.clone()),
            "ctx_size": self.spec.n_ctx_per_seq,
            "case_file": self.cases.as_ref().map(|f| f.path.display().to_string()),
            "case_id": self.case_id(),
        });
        if let Value::Object(more) = more {
            value.extend(more);
        }
        Value::Object(value)
    }

    /// The `/model` text.
    pub fn model_line(&self) -> String {
        let info = self.session.backend.info();
        if let crate::session::Origin::Remote {
            endpoint,
            model,
            api,
            ..
        } = &self.session.origin
        {
            return format!(
                "{model} served at {endpoint} ({api}), context {} (token counts estimated here)",
                self.spec.n_ctx_per_seq
            );
        }
        let sha = self.session.sha256().unwrap_or_default();
        format!(
            "{} ({}, {}, {} params, {} layers), context {} of {} trained, backend {}, {} GPU layers, sha256 {}",
            info.file_name,
            info.architecture,
            info.quantization,
            info.n_params,
            info.n_layer,
            self.spec.n_ctx_per_seq,
            info.n_ctx_train,
            info.backend,
            info.gpu_layers,
            sha.get(..12).unwrap_or(sha)
        )
    }
}
