//! `ddx bench batch`'s report: one JSON object (`--json`), or a Markdown table of the
//! measurements with the workload's shape above it.

use std::io::Write;

use serde_json::json;

use super::batch::{BatchRow, Cases, Sizing};
use crate::engine::{KvLayout, ModelInfo};

pub(super) fn write_json(
    out: &mut dyn Write,
    info: &ModelInfo,
    cases: &Cases,
    sizing: &Sizing,
    rows: &[BatchRow],
) -> anyhow::Result<()> {
    let profile = &sizing.profile;
    let report = json!({
        "workload": cases.name, "model": info.file_name, "architecture": info.architecture, "model_size_bytes": info.size_bytes,
        "threads": info.threads, "max_tokens": cases.max_tokens, "ctx_per_case": sizing.per_seq,
        "shared_prompt_tokens": profile.shared(), "mean_prompt_tokens": profile.mean(),
        "kv_layout": match profile.kv_layout() { KvLayout::Shared => "shared", KvLayout::PerSequence => "per_sequence" },
        "runs": rows,
    });
    writeln!(out, "{report}")?;
    Ok(())
}

pub(super) fn write_table(
    out: &mut dyn Write,
    info: &ModelInfo,
    cases: &Cases,
    sizing: &Sizing,
    rows: &[BatchRow],
) -> anyhow::Result<()> {
    let profile = &sizing.profile;
    writeln!(
        out,
        "workload {}: {} cases, up to {} new tokens, {} threads, model {}\n\
         every prompt starts with the same {} tokens, of {} on average: {}",
        cases.name,
        cases.messages.len(),
        cases.max_tokens,
        info.threads,
        info.file_name,
        profile.shared(),
        profile.mean(),
        profile.kv_layout()
    )?;
    writeln!(out, "| parallel | KV pool (cells) | wall s | cases/s | prompt tok (reused) | prompt tok/s | gen tok | gen tok/s | TTFT ms | peak RSS MB | RSS target MB | failed |")?;
    writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|")?;
    for r in rows {
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
    for r in rows {
        if let (Some(outside), Some(own)) = (r.mean_client_overhead_ms, r.mean_ddx_ms) {
            writeln!(
                out,
                "--parallel {}: per request, {own:.3} ms in ddx itself; {outside:.1} ms outside the server's own time (ddx, HTTP, loopback, queueing)",
                r.parallel
            )?;
        }
    }
    Ok(())
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
