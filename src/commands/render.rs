//! `ddx render`: what the model would be sent for each case of a JSONL file, without generating.
//! One JSON line per case: the messages the prompt template gives (after `--deid` and context
//! fitting, as `ddx batch` does them), the prompt text after the chat template, its token count
//! and sha256, with `--tokens` every token id and its text, and with `--score` the option texts
//! scored after the prompt. Only the model's vocabulary is loaded.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::answers::scoring::{self, Scoring};
use crate::app::exit::Outcome;
use crate::app::settings::{DeidSettings, Settings};
use crate::cases::{Case, CaseError, LineParser, LineReader, Parsed};
use crate::engine::chat::source_sha256;
use crate::engine::{ChatMessage, ModelInfo, Tokenizer};
use crate::session::prompting::{AnswerOptions, Prompting};
use crate::session::{self, jsonl, provenance};

/// What `ddx render` was asked for (the prompt-shaping flags of `ddx batch`).
#[derive(Debug, Clone)]
pub struct Options {
    pub input: Option<PathBuf>,
    pub tokens: bool,
    pub max_line_bytes: usize,
    /// Batch's answer options: they choose the template and its variables. A `--schema`
    /// constrains the answer, not the prompt: it is accepted so batch's flags can be reused.
    pub answers: AnswerOptions,
    pub deid: Option<DeidSettings>,
}

/// How each case's messages are made.
enum Mode {
    /// As `ddx batch` generates: a fixed or per-case template, with template variables.
    Generate(Box<Prompting>),
    /// As `ddx batch --score` scores: the prompt plus `Answer:`, then each option.
    Score(Box<Scoring>),
}

pub fn run(settings: &Settings, options: &Options) -> anyhow::Result<Outcome> {
    let answers = &options.answers;
    let mode = if answers.score {
        Mode::Score(Box::new(Scoring::setup(
            settings.paths.prompts_dir(),
            settings.template.as_deref(),
            answers.labels.as_deref(),
            answers.instruction.as_deref(),
            settings.ctx_size,
        )?))
    } else {
        Mode::Generate(Box::new(Prompting::for_prompts(settings, answers)?))
    };
    let input = jsonl::open_input(options.input.as_deref())?;
    let deid = session::deid::deidentifier(options.deid.as_ref(), settings)?;
    let (info, tokenizer) = session::vocabulary(settings)?;
    // What batch leaves for a prompt when a case needs its whole context: the rest is the answer's.
    let budget = info
        .context_limit(settings.ctx_size)
        .saturating_sub(settings.max_tokens);
    let renderer = Renderer {
        info: &info,
        tokenizer: &tokenizer,
        mode: &mode,
        tokens: options.tokens,
        budget,
    };
    let mut out = std::io::stdout().lock();
    let mut parser = LineParser::default();
    let mut failed = 0usize;
    for line in LineReader::new(input, options.max_line_bytes) {
        let (line_number, raw) = line.context("reading the input failed")?;
        let record = match parser.parse(&raw, options.max_line_bytes) {
            Parsed::Blank => continue,
            Parsed::Error { id, error, .. } => {
                failed += 1;
                error_record(id.as_ref(), line_number, &error)
            }
            Parsed::Case(mut case) => {
                let mut notes = serde_json::Map::new();
                if let Some(deid) = &deid {
                    notes.insert("deid".into(), deid.apply(&mut case).to_value());
                }
                match renderer.case(&mut case, &mut notes) {
                    Ok(fields) => {
                        let mut record = json!({"id": case.id.clone(), "line": line_number});
                        if let (Some(map), Value::Object(fields)) = (record.as_object_mut(), fields)
                        {
                            map.extend(fields);
                            if !notes.is_empty() {
                                map.insert("notes".into(), Value::Object(notes));
                            }
                        }
                        record
                    }
                    Err(error) => {
                        failed += 1;
                        error_record(Some(&case.id), line_number, &error)
                    }
                }
            }
        };
        writeln!(out, "{}", serde_json::to_string(&record)?)?;
        out.flush()?;
    }
    Ok(Outcome::of_run(false, failed))
}

fn error_record(id: Option<&Value>, line: usize, error: &CaseError) -> Value {
    json!({
        "id": id.cloned().unwrap_or(Value::Null),
        "line": line,
        "status": "error",
        "error": {"kind": error.kind, "field": error.field, "message": error.message},
    })
}

struct Renderer<'a> {
    info: &'a ModelInfo,
    tokenizer: &'a Tokenizer,
    mode: &'a Mode,
    tokens: bool,
    budget: u32,
}

fn template_error(e: impl std::fmt::Display) -> CaseError {
    CaseError::new("template", None, e.to_string())
}

impl Renderer<'_> {
    /// The record of one case (without id and line).
    fn case(
        &self,
        case: &mut Case,
        notes: &mut serde_json::Map<String, Value>,
    ) -> Result<Value, CaseError> {
        let (template, extras, score_options) = match self.mode {
            Mode::Generate(prompting) => {
                let template = prompting
                    .template_for(case)
                    .map_err(|e| template_error(format!("{e:#}")))?;
                (template, prompting.extras(), None)
            }
            Mode::Score(scoring) => {
                let options = scoring::options_for(case, scoring.labels.as_ref());
                if options.is_empty() {
                    return Err(CaseError::new(
                        "no_options",
                        Some("options"),
                        "the case has no 'options' to score (or pass --labels)",
                    ));
                }
                let template = scoring
                    .template_for()
                    .map_err(|e| template_error(format!("{e:#}")))?;
                let texts: Vec<String> = options.iter().map(scoring::continuation).collect();
                (template, &scoring.extras, Some(texts))
            }
        };
        if score_options.is_none() && !template.passthrough && !case.timeline.is_empty() {
            let mut measure = |c: &Case| {
                let messages = template.render(c, extras)?;
                self.tokenizer
                    .count_tokens(&messages)
                    .map_err(template_error)
            };
            if let Some(t) = crate::cases::fit::fit_timeline(case, self.budget, &mut measure)? {
                notes.insert("truncated".into(), t.to_value());
            }
        }
        let messages = template.render(case, extras)?;
        let prompt = if score_options.is_some() {
            let mut prompt = self
                .tokenizer
                .render_answer(&messages)
                .map_err(template_error)?;
            prompt.push_str(scoring::ANSWER_PREFIX);
            prompt
        } else {
            self.tokenizer.render(&messages).map_err(template_error)?
        };
        let ids = self
            .tokenizer
            .tokenize_prompt(&prompt)
            .ok_or_else(|| template_error("this backend cannot tokenize a prompt"))?;
        let mut record = json!({
            "status": "ok",
            "mode": if score_options.is_some() { "score" } else { "generate" },
            "template": {"name": template.name, "sha256": template.sha256},
            "chat_template": provenance::chat_template_block(self.info),
            "messages": messages_value(&messages),
            "prompt": prompt,
            "prompt_tokens": ids.len(),
            "prompt_sha256": source_sha256(&prompt),
        });
        if let Some(texts) = score_options {
            record["options"] = json!(texts);
        }
        if self.tokens {
            let pieces = self.tokenizer.pieces(&ids);
            record["tokens"] = ids
                .iter()
                .zip(pieces)
                .map(|(id, piece)| json!({"id": id, "piece": piece}))
                .collect();
        }
        Ok(record)
    }
}

fn messages_value(messages: &[ChatMessage]) -> Value {
    messages
        .iter()
        .map(|m| json!({"role": m.role, "content": m.content}))
        .collect()
}
