//! `ddx runs show RUN`: one run as text (provenance, settings, counts, metrics) or as the JSON
//! of [`RunDetail`] with every case row.

use std::io::Write as _;

use anyhow::Context as _;
use serde_json::Value;

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::session::ledger::RunDetail;

/// `ddx runs show`.
pub fn show(settings: &Settings, run: &str, json: bool) -> anyhow::Result<Outcome> {
    let detail = super::open(settings)?.get(run)?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&detail)?)?;
    } else {
        out.write_all(text(&detail).as_bytes())?;
    }
    out.flush().context("cannot write the run")?;
    Ok(Outcome::Success)
}

fn with_hash(value: &str, sha256: Option<&str>) -> String {
    match sha256 {
        Some(sha) => format!("{value} (sha256 {sha})"),
        None => value.to_string(),
    }
}

fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The accuracy (with its 95% CI), Brier score and ECE an eval recorded, as lines of the text
/// form.
fn metric_lines(m: &Value, lines: &mut Vec<(&str, String)>) {
    let number = |key: &str| m.get(key).and_then(Value::as_f64);
    if let (Some(accuracy), Some(n)) = (number("accuracy"), number("n")) {
        let ci = m
            .get("accuracy_ci95")
            .and_then(Value::as_array)
            .map(|ci| {
                let v: Vec<String> = ci
                    .iter()
                    .filter_map(Value::as_f64)
                    .map(|x| format!("{x:.3}"))
                    .collect();
                format!(" (95% CI {})", v.join("-"))
            })
            .unwrap_or_default();
        lines.push(("accuracy", format!("{accuracy:.3}{ci} over {n} cases")));
    }
    for key in ["brier", "ece"] {
        if let Some(x) = number(key) {
            lines.push((key, format!("{x:.4}")));
        }
    }
}

/// How many cases the run holds, and how many of each status.
fn cases_line(run: &RunDetail) -> String {
    let counts = run
        .summary
        .counts
        .iter()
        .map(|(status, n)| format!("{status} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "{} ({})",
        run.cases.len(),
        if counts.is_empty() {
            "none".into()
        } else {
            counts
        }
    )
}

/// The text form.
fn text(run: &RunDetail) -> String {
    let s = &run.summary;
    let mut lines: Vec<(&str, String)> = vec![
        ("run", format!("{} ({})", s.id, s.command)),
        ("started", s.started.clone()),
        (
            "finished",
            s.finished.clone().unwrap_or_else(|| {
                "unfinished (stopped without ending: the cases below are those recorded)".into()
            }),
        ),
    ];
    if !run.command_line.is_empty() {
        lines.push(("command", run.command_line.join(" ")));
    }
    if let Some(host) = &run.host {
        lines.push(("host", host.clone()));
    }
    if let Some(version) = &run.ddx_version {
        lines.push(("ddx", version.clone()));
    }
    if let Some(backend) = &run.backend {
        lines.push(("backend", backend.clone()));
    }
    lines.push(("model", with_hash(&s.model, run.model_sha256.as_deref())));
    if let Some(template) = &s.template {
        lines.push((
            "template",
            with_hash(template, run.template_sha256.as_deref()),
        ));
    }
    if let Some(schema) = &run.schema_sha256 {
        lines.push(("schema", format!("sha256 {schema}")));
    }
    lines.push((
        "input",
        with_hash(
            s.input.as_deref().unwrap_or("(stdin)"),
            run.input_sha256.as_deref(),
        ),
    ));
    lines.push((
        "output",
        run.output.clone().unwrap_or_else(|| "(stdout)".into()),
    ));
    if let Some(from) = &run.resumed_from {
        lines.push(("resumes", from.clone()));
    }
    lines.push(("cases", cases_line(run)));
    if let Some(tokens) = &run.tokens {
        lines.push(("tokens", compact(tokens)));
    }
    if let Some(timings) = &run.timings {
        lines.push(("timings", compact(timings)));
    }
    lines.push(("settings", compact(&run.settings)));
    if let Some(metrics) = &run.metrics {
        if let Some(m) = metrics.get("metrics") {
            metric_lines(m, &mut lines);
        }
        lines.push(("metrics", compact(metrics)));
    }
    lines.push(("provenance", compact(&run.provenance)));
    let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    lines
        .iter()
        .map(|(key, value)| format!("{key:<width$}  {value}\n"))
        .collect()
}
