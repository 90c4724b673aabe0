//! `ddx convert`: OpenAI/Azure Batch API files both ways. A ddx case file becomes request lines
//! (`{"custom_id", "method", "url", "body"}`) whose messages the prompt template rendered, so the
//! same cases can be submitted to a cloud batch as they are; a Batch API output (or error) file
//! becomes ddx result records, for `ddx runs import` and the run comparison. No model is loaded.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::answers::constraint::{load_schema, SchemaSource};
use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::cases::batch_api::{self, OutputFormat};
use crate::cases::{decode_object, id_key, LineParser, LineReader, Parsed, RawLine};
use crate::session::jsonl;
use crate::session::prompting::Prompting;

/// What `ddx convert` was asked to do.
#[derive(Debug)]
pub struct Options {
    pub input: PathBuf,
    pub output: Option<PathBuf>,
    pub force: bool,
    /// What to write; `None` decides from the input.
    pub to: Option<OutputFormat>,
    /// The body's `model` (default: the model file's stem).
    pub model_name: Option<String>,
    /// `response_format` json_schema from this file.
    pub schema: Option<PathBuf>,
    pub url: String,
    pub max_line_bytes: usize,
    /// Whether request bodies carry `temperature` and `top_p`.
    pub sampling_fields: SamplingFields,
}

/// Whether request bodies carry `temperature` and `top_p`: OpenAI's reasoning models (the
/// o-series, gpt-5) refuse any value but their defaults, so a whole batch of them would fail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SamplingFields {
    /// Left out when the model name is a reasoning model's ([`is_reasoning_model`]).
    #[default]
    Auto,
    Send,
    Omit,
}

/// OpenAI's reasoning models by name: `o1`, `o3`, `o4-mini`... and `gpt-5`, with any suffix.
pub fn is_reasoning_model(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let name = name.rsplit('/').next().unwrap_or(&name);
    let o_series = name.strip_prefix('o').is_some_and(|rest| {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0
            && rest[digits..]
                .chars()
                .next()
                .is_none_or(|c| c == '-' || c == '.')
    });
    o_series || name.starts_with("gpt-5")
}

pub fn run(settings: &Settings, options: &Options) -> anyhow::Result<Outcome> {
    let input = Some(options.input.as_path());
    let lines: Vec<(usize, RawLine)> =
        LineReader::new(jsonl::open_input(input)?, options.max_line_bytes)
            .collect::<Result<_, _>>()
            .context("cannot read the input")?;
    let to = options.to.unwrap_or_else(|| {
        let first = lines
            .iter()
            .find_map(|(_, raw)| decode_object(raw, options.max_line_bytes).ok().flatten());
        match first.map(Value::Object) {
            Some(value) if batch_api::is_output_object(&value) => OutputFormat::Ddx,
            _ => OutputFormat::OpenAiBatch,
        }
    });
    let mut out = jsonl::output_or_stdout(options.output.as_deref(), options.force)?;
    let (written, failed) = match to {
        OutputFormat::OpenAiBatch => requests(settings, options, &lines, &mut *out)?,
        OutputFormat::Ddx => records(options, &lines, &mut *out)?,
    };
    out.flush().context("cannot write the output")?;
    crate::note!(
        "{written} lines written{}",
        if failed > 0 {
            format!(", {failed} input lines skipped (listed above)")
        } else {
            String::new()
        }
    );
    Ok(Outcome::of_run(false, failed))
}

/// The model name requests carry.
fn model_name(settings: &Settings, options: &Options) -> String {
    options.model_name.clone().unwrap_or_else(|| {
        settings
            .model
            .as_deref()
            .map(|m| {
                Path::new(m)
                    .file_stem()
                    .map_or(m.to_string(), |s| s.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "ddx".into())
    })
}

/// Cases into Batch API request lines.
fn requests(
    settings: &Settings,
    options: &Options,
    lines: &[(usize, RawLine)],
    out: &mut dyn Write,
) -> anyhow::Result<(usize, usize)> {
    let prompting = Prompting::from_settings(settings)?;
    let response_format = response_format(options.schema.as_deref())?;
    let model = model_name(settings, options);
    let send_sampling = match options.sampling_fields {
        SamplingFields::Send => true,
        SamplingFields::Omit => false,
        SamplingFields::Auto => {
            let reasoning = is_reasoning_model(&model);
            if reasoning {
                crate::note!(
                    "'{model}' is a reasoning model: temperature and top_p are left \
                     out of the requests (it refuses other values; --sampling-fields send keeps them)"
                );
            }
            !reasoning
        }
    };
    let mut parser = LineParser::default();
    let (mut written, mut failed) = (0, 0);
    for (line, raw) in lines {
        let case = match parser.parse(raw, options.max_line_bytes) {
            Parsed::Blank => continue,
            Parsed::Error { error, .. } => {
                failed += 1;
                crate::warning!("line {line}: {} ({})", error.message, error.kind);
                continue;
            }
            Parsed::Case(case) => case,
        };
        let rendered = prompting.template_for(&case).and_then(|t| {
            t.render(&case, prompting.extras())
                .map_err(anyhow::Error::from)
        });
        let messages = match rendered {
            Ok(messages) => messages,
            Err(e) => {
                failed += 1;
                crate::warning!("line {line}: cannot render the case: {e:#}");
                continue;
            }
        };
        let mut body = json!({
            "model": model,
            "messages": messages.iter().map(|m| json!({"role": m.role, "content": m.content})).collect::<Vec<_>>(),
            "max_completion_tokens": settings.max_tokens,
            "seed": settings.sampling.seed,
        });
        if send_sampling {
            body["temperature"] = json!(decimal(settings.sampling.temperature));
            body["top_p"] = json!(decimal(settings.sampling.top_p));
        }
        if !settings.stop.is_empty() {
            body["stop"] = json!(settings.stop);
        }
        if let Some(format) = &response_format {
            body["response_format"] = format.clone();
        }
        let request = json!({
            "custom_id": id_key(&case.id),
            "method": "POST",
            "url": options.url,
            "body": body,
        });
        jsonl::write_record(out, &request).context("cannot write the output")?;
        written += 1;
    }
    Ok((written, failed))
}

/// `--schema FILE` as a request's `response_format` (json_schema, strict), named after the file.
fn response_format(schema: Option<&Path>) -> anyhow::Result<Option<Value>> {
    let Some(path) = schema else {
        return Ok(None);
    };
    let (schema, _) = load_schema(&SchemaSource::File(path))?;
    let name: String = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "answer".into())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    Ok(Some(
        json!({"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": true}}),
    ))
}

/// Batch API output lines into ddx result records.
fn records(
    options: &Options,
    lines: &[(usize, RawLine)],
    out: &mut dyn Write,
) -> anyhow::Result<(usize, usize)> {
    let (mut written, mut failed) = (0, 0);
    for (line, raw) in lines {
        match decode_object(raw, options.max_line_bytes) {
            Ok(None) => {}
            Ok(Some(obj)) => {
                let value = Value::Object(obj);
                if !batch_api::is_output_object(&value) {
                    failed += 1;
                    crate::warning!(
                        "line {line}: not a Batch API output line (no custom_id and response)"
                    );
                    continue;
                }
                jsonl::write_record(out, &batch_api::to_record(&value, *line))
                    .context("cannot write the output")?;
                written += 1;
            }
            Err(error) => {
                failed += 1;
                crate::warning!("line {line}: {} ({})", error.message, error.kind);
            }
        }
    }
    Ok((written, failed))
}

/// An `f32` setting as the decimal a user wrote (`0.95`, not `0.949999988079071`): JSON numbers
/// are `f64`, and widening the float keeps its binary error visible.
fn decimal(value: f32) -> Value {
    value
        .to_string()
        .parse::<f64>()
        .map_or(Value::Null, Value::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasoning_models_by_name() {
        for name in [
            "o1",
            "o3-mini",
            "o4-mini-2025-04-16",
            "O3",
            "gpt-5",
            "gpt-5-mini",
            "openai/o1",
        ] {
            assert!(is_reasoning_model(name), "{name}");
        }
        for name in [
            "gpt-4o",
            "gpt-4.1-mini",
            "omni",
            "llama-3.1-8b",
            "smollm2",
            "o",
        ] {
            assert!(!is_reasoning_model(name), "{name}");
        }
    }
}
