//! `ddx ask`: one question in, the answer streamed to stdout, stats to stderr.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{bail, Context as _};
use serde_json::json;

use crate::case::Case;
use crate::cli::AskArgs;
use crate::constraint::{load_schema, Constraint, SchemaSource};
use crate::engine::{ChatMessage, ContextSpec, FinishReason, GenRequest, Generation};
use crate::exit::Outcome;
use crate::prompts::{Extras, Registry};
use crate::settings::Settings;

pub fn run(settings: &Settings, args: &AskArgs) -> anyhow::Result<Outcome> {
    let text = match &args.text {
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
    // With --json and no --template, the differential template (which declares a schema).
    let template_name = settings
        .template
        .clone()
        .or_else(|| args.json.then(|| "differential".to_string()));
    let registry = Registry::new(Some(settings.paths.prompts_dir()));
    let template = template_name
        .as_deref()
        .map(|n| registry.get(n))
        .transpose()?;
    // Schema problems are errors before the model loads.
    let schema = match (&args.schema, &template) {
        (Some(path), _) => Some(load_schema(&SchemaSource::File(path))?),
        (None, Some(t)) if args.json => Some(load_schema(&SchemaSource::Template(t))?),
        _ => None,
    };
    let messages = match &template {
        None => {
            let mut messages = Vec::new();
            if let Some(system) = &args.system {
                messages.push(ChatMessage::new("system", system.clone()));
            }
            messages.push(ChatMessage::new("user", text.trim()));
            messages
        }
        Some(template) => {
            let mut record =
                json!({"id": "ask", "presentation": text.trim(), "prompt": text.trim()});
            if template.name != "raw" {
                record.as_object_mut().map(|o| o.remove("prompt"));
            }
            if let Some(system) = &args.system {
                record["system"] = json!(system);
            }
            let case = Case::from_object(record.as_object().context("internal: ask record")?)?;
            template.render(&case, &Extras::new())?
        }
    };
    let session = crate::session::start(settings)?;
    let info = session.engine.info();
    let spec = ContextSpec::new(settings.ctx_size.min(info.n_ctx_train.max(64)), 1);
    let constraint = schema
        .map(|(schema, origin)| Constraint::compile(&session.engine, schema, origin, None))
        .transpose()?;
    let cancel = Arc::new(AtomicBool::new(false));
    crate::signals::install(&cancel)?;
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
    let generation = session.engine.generate(
        spec,
        request,
        cancel.clone(),
        &mut |piece| {
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
        &mut |_, _| {},
    )?;
    if let Some(error) = write_error {
        return Err(error).context("cannot write the answer");
    }
    if last_char != '\n' {
        writeln!(stdout).context("cannot write the answer")?;
    }
    if !settings.quiet {
        eprintln!(
            "{}",
            stats_line_on(
                &generation,
                &info.placement(),
                // Already "auto → only on a terminal, unless NO_COLOR"; "always" means always.
                settings.color
            )
        );
    }
    if generation.finish_reason == FinishReason::Cancelled {
        return Ok(Outcome::Interrupted);
    }
    if let Some(constraint) = &constraint {
        if let Err((kind, message)) = constraint.check(&generation) {
            eprintln!("ddx: {kind}: {message}");
            return Ok(Outcome::RecordsFailed);
        }
    }
    Ok(Outcome::Success)
}

/// [`stats_line`] plus where the model ran (`CPU`, or the GPU backend and its layers).
pub fn stats_line_on(generation: &Generation, placement: &str, color: bool) -> String {
    let line = stats_line(generation, false);
    let line = match line.strip_suffix(']') {
        Some(head) => format!("{head} · {placement}]"),
        None => line,
    };
    if color {
        format!("\x1b[2m{line}\x1b[0m")
    } else {
        line
    }
}

/// One line of numbers about a generation, for stderr.
pub fn stats_line(generation: &Generation, color: bool) -> String {
    let t = &generation.timings;
    let rate = if t.generation_ms > 0.0 && generation.completion_tokens > 1 {
        f64::from(generation.completion_tokens - 1) * 1000.0 / t.generation_ms
    } else {
        0.0
    };
    let line = format!(
        "[{} prompt tokens ({} reused) · first token {:.0} ms · {} tokens at {:.1} tok/s · context {}/{} · {}]",
        generation.prompt_tokens,
        generation.reused_tokens,
        t.ttft_ms,
        generation.completion_tokens,
        rate,
        generation.context_used,
        generation.context_size,
        generation.finish_reason.as_str()
    );
    if color {
        format!("\x1b[2m{line}\x1b[0m")
    } else {
        line
    }
}
