//! `ddx ask`: one question in, the answer streamed to stdout, stats to stderr.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{bail, Context as _};
use serde_json::json;

use crate::app::exit::Outcome;
use crate::app::settings::{DeidSettings, Settings};
use crate::cases::Case;
use crate::engine::{ChatMessage, ContextSpec, FinishReason, GenRequest, Generation, Streams};
use crate::session::prompting::{AnswerOptions, Constraint, Prompting};
use crate::session::Outgoing;

/// What `ddx ask` was asked.
#[derive(Debug, Default)]
pub struct Options {
    /// The question; read from stdin when absent.
    pub text: Option<String>,
    pub system: Option<String>,
    /// Constrain the answer to this JSON schema file.
    pub schema: Option<PathBuf>,
    /// Constrain the answer to the template's own schema.
    pub json: bool,
    /// `--show-reasoning`: a reasoning model's thinking goes to stderr as it comes.
    pub show_reasoning: bool,
    /// `--deid`: the question and system prompt are de-identified before they are sent.
    pub deid: Option<DeidSettings>,
}

pub fn run(settings: &Settings, options: &Options) -> anyhow::Result<Outcome> {
    let text = question(options)?;
    let deid = crate::session::deid::deidentifier(options.deid.as_ref(), settings)?;
    let scrub = |text: &str| match &deid {
        Some(deid) => deid.apply_text(text, None, "ask").0,
        None => text.to_string(),
    };
    let text = scrub(&text);
    let system = options.system.as_deref().map(scrub);
    // With --json and no --template, the differential template (which declares a schema).
    // Schema problems are errors before the model loads.
    let prompting = Prompting::new(
        settings,
        &AnswerOptions {
            schema: options.schema.clone(),
            json: options.json,
            ..AnswerOptions::default()
        },
    )?;
    let messages = messages(&prompting, &text, system.as_deref())?;
    let session = crate::session::start(settings, Outgoing::cases(deid.is_some()))?;
    let info = session.backend.info();
    let spec = ContextSpec::new(info.context_limit(settings.ctx_size), 1)
        .with_batch_invariant(settings.batch_invariant);
    let constraint = prompting.compile(&*session.backend)?;
    let cancel = Arc::new(AtomicBool::new(false));
    crate::app::signals::install(&cancel)?;
    let request = GenRequest {
        messages,
        sampling: settings.sampling.clone(),
        max_tokens: settings.max_tokens,
        stop: settings.stop.clone(),
        grammar: constraint.as_ref().map(|c| c.grammar.clone()),
    };
    let mut stdout = std::io::stdout().lock();
    let mut write_error: Option<std::io::Error> = None;
    let mut last_char = '\n';
    let cancel_on_error = cancel.clone();
    let thinking = Thinking::new(options.show_reasoning, settings.color);
    let generation = session.backend.generate_streams(
        spec,
        request,
        cancel.clone(),
        Streams {
            on_token: &mut |piece| {
                thinking.end();
                if write_error.is_some() {
                    return;
                }
                if let Some(c) = piece.chars().last() {
                    last_char = c;
                }
                if let Err(e) = stdout
                    .write_all(piece.as_bytes())
                    .and_then(|()| stdout.flush())
                {
                    write_error = Some(e);
                    cancel_on_error.store(true, Ordering::SeqCst);
                }
            },
            on_reasoning: &mut |piece| thinking.piece(piece),
            on_start: &mut |_, _| {},
        },
    )?;
    thinking.end();
    if let Some(error) = write_error {
        return Err(error).context("cannot write the answer");
    }
    if last_char != '\n' {
        writeln!(stdout).context("cannot write the answer")?;
    }
    crate::message!(
        "{}",
        crate::session::answer_line::stats_line_on(
            &generation,
            &info.placement(),
            // Already "auto → only on a terminal, unless NO_COLOR"; "always" means always.
            settings.color
        )
    );
    Ok(outcome(&generation, constraint.as_ref()))
}

/// The question: the argument, else stdin; blank is an error.
fn question(options: &Options) -> anyhow::Result<String> {
    let text = match &options.text {
        Some(text) => text.clone(),
        None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read the question from stdin")?;
            text
        }
    };
    if text.trim().is_empty() {
        bail!("nothing to ask: give the question as an argument or on stdin");
    }
    Ok(text)
}

/// The question as messages: through the fixed template when there is one (`--template`, or
/// `differential` for `--json`), else a system message (when given) and the question.
fn messages(
    prompting: &Prompting,
    text: &str,
    system: Option<&str>,
) -> anyhow::Result<Vec<ChatMessage>> {
    let Some(template) = prompting.fixed_template() else {
        let mut messages = Vec::new();
        if let Some(system) = system {
            messages.push(ChatMessage::new("system", system));
        }
        messages.push(ChatMessage::new("user", text.trim()));
        return Ok(messages);
    };
    let mut record = json!({"id": "ask", "presentation": text.trim(), "prompt": text.trim()});
    if template.name != "raw" {
        record.as_object_mut().map(|o| o.remove("prompt"));
    }
    if let Some(system) = system {
        record["system"] = json!(system);
    }
    let case = Case::from_object(record.as_object().context("internal: ask record")?)?;
    Ok(template.render(&case, prompting.extras())?)
}

/// Interrupted, an answer that breaks its constraint (said on stderr), or success.
fn outcome(generation: &Generation, constraint: Option<&Constraint>) -> Outcome {
    if generation.finish_reason == FinishReason::Cancelled {
        return Outcome::Interrupted;
    }
    if let Some(constraint) = constraint {
        if let Err((kind, message)) = constraint.check(generation) {
            crate::say!("{}: {kind}: {message}", crate::app::messages::prefix());
            return Outcome::RecordsFailed;
        }
    }
    Outcome::Success
}

/// `--show-reasoning`: the thinking on stderr as it streams, after a `thinking:` label, dimmed
/// when colour is on, ended by a line break before the answer starts.
struct Thinking {
    show: bool,
    color: bool,
    open: std::cell::Cell<bool>,
    /// The thinking written so far ends with a line break.
    at_line_start: std::cell::Cell<bool>,
}

impl Thinking {
    fn new(show: bool, color: bool) -> Self {
        Self {
            show,
            color,
            open: std::cell::Cell::new(false),
            at_line_start: std::cell::Cell::new(false),
        }
    }

    fn piece(&self, text: &str) {
        if !self.show {
            return;
        }
        let mut err = std::io::stderr().lock();
        if !self.open.replace(true) {
            let _ = write!(err, "{}thinking: ", if self.color { "\x1b[2m" } else { "" });
        }
        if let Some(last) = text.chars().last() {
            self.at_line_start.set(last == '\n');
        }
        let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
    }

    fn end(&self) {
        if self.open.replace(false) {
            let reset = if self.color { "\x1b[0m" } else { "" };
            let newline = if self.at_line_start.get() { "" } else { "\n" };
            let _ = write!(std::io::stderr(), "{reset}{newline}");
        }
    }
}
