//! `ddx bench`: speed and memory, measured as ratios within one run (tests never time things).
//!
//! - `ddx bench single`: llama-bench style prompt (pp) and generation (tg) tok/s, mean ± sd.
//! - `ddx bench batch`: a workload at several `--parallel` values: wall time, cases/s, prompt and
//!   generated tok/s, reused prompt tokens, time to first token, peak RSS.
//! - `ddx bench workload`: print a synthetic workload as JSONL (to feed other tools the same cases).
//!
//! tests/bench/compare-llama.sh runs these side by side with llama.cpp's own tools.

pub mod workloads;

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, bail, Context as _};
use serde::Serialize;
use serde_json::json;

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::cases::prompt_templates::{Extras, Registry};
use crate::cases::{LineParser, LineReader, Parsed};
use crate::engine::{ChatMessage, ContextSpec, Event, GenRequest, Job, KvLayout, PromptProfile};
use crate::session::memory::{self, peak_rss_bytes, reset_peak_rss};

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

/// One batch measurement.
#[derive(Debug, Serialize)]
struct BatchRow {
    parallel: u32,
    /// `planned` (the shared prefix once plus each case's own part and answer) or `full`
    /// (a whole context per case, the sizing before the planned pool).
    kv_pool: &'static str,
    /// KV cells the context held.
    kv_cells: u32,
    cases: usize,
    failed: usize,
    wall_seconds: f64,
    cases_per_second: f64,
    prompt_tokens: u64,
    reused_prompt_tokens: u64,
    evaluated_prompt_tokens_per_second: f64,
    generated_tokens: u64,
    generated_tokens_per_second: f64,
    mean_ttft_ms: f64,
    /// A served model: the mean time per request outside the server's own work (ddx, HTTP,
    /// loopback), where the server reports its time.
    mean_client_overhead_ms: Option<f64>,
    /// A served model: the mean time ddx itself spent per request (encoding, event handling).
    mean_ddx_ms: Option<f64>,
    peak_rss_bytes: Option<u64>,
    /// The peak the planned pool promises: model + KV(prefix + parallel x (own + answer)) +
    /// 150 MB, for a local model.
    rss_target_bytes: Option<u64>,
}

/// What the RSS target allows beside the model and the KV cache.
const RSS_SLACK_BYTES: u64 = 150_000_000;

fn load_cases(
    settings: &Settings,
    path: &std::path::Path,
) -> anyhow::Result<Vec<Vec<ChatMessage>>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open '{}'", path.display()))?;
    let registry = Registry::new(Some(settings.paths.prompts_dir()));
    let fixed = settings
        .template
        .as_deref()
        .map(|t| registry.get(t))
        .transpose()?;
    let mut parser = LineParser::default();
    let mut cases = Vec::new();
    for line in LineReader::new(std::io::BufReader::new(file), 1 << 20) {
        let (number, raw) = line?;
        if let Parsed::Case(case) = parser.parse(&raw, 1 << 20) {
            let template = match &fixed {
                Some(t) => t.clone(),
                None => registry.get(Registry::auto_name(&case))?,
            };
            match template.render(&case, &Extras::new()) {
                Ok(messages) => cases.push(messages),
                Err(e) => eprintln!("ddx bench: line {number} skipped: {e}"),
            }
        }
    }
    Ok(cases)
}

/// `ddx bench batch`: a workload at several `--parallel` values.
pub fn batch(
    settings: &Settings,
    workload: Option<&str>,
    input: Option<&std::path::Path>,
    n_cases: usize,
    parallel: &[u32],
    full_kv: bool,
    as_json: bool,
) -> anyhow::Result<Outcome> {
    let (name, cases, max_tokens) = match (input, workload) {
        (Some(path), _) => (
            path.display().to_string(),
            load_cases(settings, path)?,
            settings.max_tokens,
        ),
        (None, name) => {
            let name = name.unwrap_or("long-case");
            let w = workloads::build(name, n_cases).ok_or_else(|| unknown_workload(name))?;
            let max = if settings
                .sources
                .get("max_tokens")
                .is_some_and(|s| *s != crate::app::settings::Source::Default)
            {
                settings.max_tokens
            } else {
                w.max_tokens
            };
            (w.name, w.cases, max)
        }
    };
    if cases.is_empty() {
        bail!("the workload has no cases");
    }
    // A case file may hold patient text; the synthetic workloads do not.
    let outgoing = if input.is_some() {
        crate::session::Outgoing::Cases
    } else {
        crate::session::Outgoing::NoCases
    };
    let session = crate::session::start(settings, outgoing)?;
    let tokenizer = session.backend.tokenizer();
    let mut profile = PromptProfile::default();
    for case in &cases {
        tokenizer.profile(&case[..], &mut profile)?;
    }
    let longest = profile.longest();
    let per_seq = session
        .backend
        .info()
        .context_limit(longest + max_tokens + 1);
    let layout = profile.kv_layout();
    let plan = memory::kv_plan(&profile, layout, max_tokens, per_seq);
    let info = session.backend.info();
    let target = |p: u32| {
        let own = longest.saturating_sub(profile.shared());
        let cells = u64::from(profile.shared()) + u64::from(p) * u64::from(own + max_tokens);
        (info.kv_bytes_per_token > 0)
            .then(|| info.size_bytes + cells * info.kv_bytes_per_token + RSS_SLACK_BYTES)
    };
    let pools: &[&'static str] = if full_kv {
        &["planned", "full"]
    } else {
        &["planned"]
    };
    let mut runs = Vec::new();
    for &p in parallel {
        if p == 0 {
            bail!("'--parallel' values must be at least 1");
        }
        runs.extend(pools.iter().map(|pool| (p, *pool)));
    }
    let mut rows = Vec::new();
    for (p, kv_pool) in runs {
        reset_peak_rss();
        let cancel = Arc::new(AtomicBool::new(false));
        let spec = match kv_pool {
            "planned" => memory::planned_spec(per_seq, p, layout, plan),
            _ => ContextSpec::new(per_seq, p).with_kv_layout(layout),
        }
        .with_batch_invariant(settings.batch_invariant);
        let started = Instant::now();
        let mut run = session.backend.run(spec, cancel)?;
        for (i, messages) in cases.iter().enumerate() {
            run.submit(Job {
                tag: i as u64,
                request: GenRequest {
                    messages: messages.clone(),
                    sampling: settings.sampling.clone(),
                    max_tokens,
                    stop: settings.stop.clone(),
                    grammar: None,
                },
                stream: false,
            })?;
        }
        run.close();
        let mut row = BatchRow {
            parallel: p,
            kv_pool,
            kv_cells: spec.kv_cells(),
            cases: cases.len(),
            failed: 0,
            wall_seconds: 0.0,
            cases_per_second: 0.0,
            prompt_tokens: 0,
            reused_prompt_tokens: 0,
            evaluated_prompt_tokens_per_second: 0.0,
            generated_tokens: 0,
            generated_tokens_per_second: 0.0,
            mean_ttft_ms: 0.0,
            mean_client_overhead_ms: None,
            mean_ddx_ms: None,
            peak_rss_bytes: None,
            rss_target_bytes: target(p),
        };
        let mut ttft = Vec::new();
        let mut overhead = Vec::new();
        let mut own = Vec::new();
        while let Some(event) = run.next_event(None) {
            if let Event::Finished { result, .. } = event {
                match result {
                    Ok(g) => {
                        row.prompt_tokens += u64::from(g.prompt_tokens);
                        row.reused_prompt_tokens += u64::from(g.reused_tokens);
                        row.generated_tokens += u64::from(g.completion_tokens);
                        ttft.push(g.timings.ttft_ms);
                        if let Some(served) = &g.served {
                            if let Some(server) = served.server_ms {
                                overhead.push(g.timings.total_ms - server);
                            }
                            own.extend(served.client_ms);
                        }
                    }
                    Err(_) => row.failed += 1,
                }
            }
        }
        let wall = started.elapsed().as_secs_f64();
        row.wall_seconds = wall;
        row.cases_per_second = cases.len() as f64 / wall;
        row.evaluated_prompt_tokens_per_second =
            (row.prompt_tokens - row.reused_prompt_tokens) as f64 / wall;
        row.generated_tokens_per_second = row.generated_tokens as f64 / wall;
        row.mean_ttft_ms = mean_sd(&ttft).0;
        row.mean_client_overhead_ms = (!overhead.is_empty()).then(|| mean_sd(&overhead).0);
        row.mean_ddx_ms = (!own.is_empty()).then(|| mean_sd(&own).0);
        row.peak_rss_bytes = peak_rss_bytes();
        if !settings.quiet && !as_json {
            eprintln!("ddx bench: {name} at --parallel {p} ({kv_pool} KV pool): {wall:.2} s");
        }
        rows.push(row);
    }
    let mut out = std::io::stdout().lock();
    if as_json {
        let report = json!({
            "workload": name, "model": info.file_name, "architecture": info.architecture, "model_size_bytes": info.size_bytes,
            "threads": info.threads, "max_tokens": max_tokens, "ctx_per_case": per_seq,
            "shared_prompt_tokens": profile.shared(), "mean_prompt_tokens": profile.mean(),
            "kv_layout": match profile.kv_layout() { KvLayout::Shared => "shared", KvLayout::PerSequence => "per_sequence" },
            "runs": rows,
        });
        writeln!(out, "{report}")?;
    } else {
        writeln!(
            out,
            "workload {name}: {} cases, up to {max_tokens} new tokens, {} threads, model {}\n\
             every prompt starts with the same {} tokens, of {} on average: {}",
            cases.len(),
            info.threads,
            info.file_name,
            profile.shared(),
            profile.mean(),
            profile.kv_layout()
        )?;
        writeln!(out, "| parallel | KV pool (cells) | wall s | cases/s | prompt tok (reused) | prompt tok/s | gen tok | gen tok/s | TTFT ms | peak RSS MB | RSS target MB | failed |")?;
        writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|")?;
        for r in &rows {
            writeln!(
                out,
                "| {} | {} ({}) | {:.2} | {:.2} | {} ({}) | {:.1} | {} | {:.1} | {:.0} | {} | {} | {} |",
                r.parallel,
                r.kv_pool,
                r.kv_cells,
                r.wall_seconds,
                r.cases_per_second,
                r.prompt_tokens,
                r.reused_prompt_tokens,
                r.evaluated_prompt_tokens_per_second,
                r.generated_tokens,
                r.generated_tokens_per_second,
                r.mean_ttft_ms,
                r.peak_rss_bytes
                    .map_or_else(|| "-".into(), |b| format!("{:.0}", b as f64 / 1e6)),
                rss_target_cell(r),
                r.failed
            )?;
        }
        for r in &rows {
            if let (Some(outside), Some(own)) = (r.mean_client_overhead_ms, r.mean_ddx_ms) {
                writeln!(
                    out,
                    "--parallel {}: per request, {own:.3} ms in ddx itself; {outside:.1} ms outside the server's own time (ddx, HTTP, loopback, queueing)",
                    r.parallel
                )?;
            }
        }
    }
    Ok(Outcome::Success)
}

/// `412 (holds)` / `412 (exceeded)`: the target and whether the measured peak kept to it.
fn rss_target_cell(row: &BatchRow) -> String {
    match (row.rss_target_bytes, row.peak_rss_bytes) {
        (Some(target), Some(peak)) => format!(
            "{:.0} ({})",
            target as f64 / 1e6,
            if peak <= target { "holds" } else { "exceeded" }
        ),
        (Some(target), None) => format!("{:.0}", target as f64 / 1e6),
        _ => "-".into(),
    }
}
