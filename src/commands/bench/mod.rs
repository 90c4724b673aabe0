//! `ddx bench`: speed and memory, measured as ratios within one run (tests never time things).
//!
//! - `ddx bench single`: llama-bench style prompt (pp) and generation (tg) tok/s, mean ± sd.
//! - `ddx bench batch`: a workload at several `--parallel` values: wall time, cases/s, prompt and
//!   generated tok/s, reused prompt tokens, time to first token, peak RSS.
//! - `ddx bench workload`: print a synthetic workload as JSONL (to feed other tools the same cases).
//!
//! tests/bench/compare-llama.sh runs these side by side with llama.cpp's own tools.

mod batch;
mod table;
pub mod workloads;

pub use batch::batch;

use std::io::Write;

use anyhow::{anyhow, bail};
use serde_json::json;

use crate::app::exit::Outcome;
use crate::app::settings::Settings;

fn mean_sd(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = if values.len() > 1 {
        values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var.sqrt())
}

/// `ddx bench workload NAME`: the synthetic workload as JSONL (id + messages) on stdout.
pub fn workload(name: &str, cases: usize) -> anyhow::Result<Outcome> {
    let workload = workloads::build(name, cases).ok_or_else(|| unknown_workload(name))?;
    let mut out = std::io::stdout().lock();
    for (i, messages) in workload.cases.iter().enumerate() {
        writeln!(
            out,
            "{}",
            json!({"id": format!("{}-{i}", workload.name), "messages": messages})
        )?;
    }
    Ok(Outcome::Success)
}

fn unknown_workload(name: &str) -> anyhow::Error {
    anyhow!(
        "unknown workload '{name}' (available: {})",
        workloads::NAMES.join(", ")
    )
}

/// `ddx bench single`: llama-bench style prompt and generation speed of one stream.
pub fn single(
    settings: &Settings,
    n_prompt: u32,
    n_gen: u32,
    reps: u32,
    as_json: bool,
) -> anyhow::Result<Outcome> {
    if reps == 0 {
        bail!("'--repetitions' must be at least 1");
    }
    let session = crate::session::start(settings, crate::session::Outgoing::NoCases)?;
    let samples = session.backend.bench_single(n_prompt, n_gen, reps)?;
    let pp: Vec<f64> = samples
        .iter()
        .map(|s| f64::from(n_prompt) * 1000.0 / s.prompt_ms.max(1e-9))
        .collect();
    let tg: Vec<f64> = samples
        .iter()
        .map(|s| f64::from(n_gen) * 1000.0 / s.generation_ms.max(1e-9))
        .collect();
    let (pp_mean, pp_sd) = mean_sd(&pp);
    let (tg_mean, tg_sd) = mean_sd(&tg);
    let info = session.backend.info();
    let report = json!({
        "model": info.file_name, "architecture": info.architecture, "quantization": info.quantization, "backend": info.backend,
        "threads": info.threads, "flash_attn": settings.flash_attention.to_string(), "repetitions": reps,
        "pp": {"n_tokens": n_prompt, "tokens_per_second": pp_mean, "sd": pp_sd},
        "tg": {"n_tokens": n_gen, "tokens_per_second": tg_mean, "sd": tg_sd},
    });
    let mut out = std::io::stdout().lock();
    if as_json {
        writeln!(out, "{report}")?;
    } else {
        writeln!(out, "| model | backend | threads | test | t/s |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        let rows = [
            ("pp", n_prompt, pp_mean, pp_sd),
            ("tg", n_gen, tg_mean, tg_sd),
        ];
        for (test, n, mean, sd) in rows.into_iter().filter(|row| row.1 > 0) {
            writeln!(
                out,
                "| {} {} | {} | {} | {test}{n} | {mean:.2} ± {sd:.2} |",
                info.file_name, info.quantization, info.backend, info.threads
            )?;
        }
    }
    Ok(Outcome::Success)
}
