//! Recording an `sdx run` in the ledger: the run's row with its provenance and protocol settings
//! (`scoring`: `name` or `judge`), one case row per encounter (ids, status, correctness as the
//! predicted value `correct` or `wrong`, an encounter the judge failed as error kind `judge`,
//! tokens and engine time: never the diagnosis text or case text), and the per-budget and
//! per-method summary at the end.

use serde_json::{json, Value};

use super::Options;
use crate::app::settings::Settings;
use crate::session::ledger::{self, CaseRow, Finish, Recorder, RunInfo};
use crate::session::sdx::summary::Row;

/// Start recording, unless the ledger is off.
pub fn start(
    settings: &Settings,
    options: &Options,
    provenance: &Value,
    parallel: u32,
) -> Option<Recorder> {
    ledger::record_run(
        settings,
        RunInfo {
            command: "sdx",
            input: Some(options.input.as_path()),
            output: options.output.as_deref(),
            provenance,
            settings: json!({
                "parallel": parallel,
                "max_tokens": settings.max_tokens,
                "sampling": settings.sampling,
                "max_turns": options.max_turns,
                "budgets": options.budgets,
                "prices": options.prices.as_ref().map(|p| p.display().to_string()),
                "judge_model": options.judge_model,
                "scoring": if options.judge_model.is_some() { "judge" } else { "name" },
                "resume": options.resume,
            }),
            resume: options.resume,
        },
    )
}

/// One encounter's row.
pub fn row(record: &Value) -> CaseRow {
    let tokens = |key: &str| -> Option<u64> {
        record["transcript"]
            .as_array()
            .map(|steps| steps.iter().filter_map(|s| s[key].as_u64()).sum())
    };
    let budget = record["budget"]
        .as_f64()
        .map_or_else(String::new, |b| format!("@{b}"));
    CaseRow {
        id: format!("{}{budget}", crate::cases::id_key(&record["id"])),
        status: record["status"].as_str().unwrap_or("unknown").to_string(),
        predicted: record["correct"]
            .as_bool()
            .map(|c| if c { "correct" } else { "wrong" }.to_string()),
        gold: record["correct"].as_bool().map(|_| "correct".to_string()),
        probability: None,
        error_kind: record
            .pointer("/error/kind")
            .and_then(Value::as_str)
            .map(str::to_string),
        prompt_tokens: tokens("prompt_tokens"),
        output_tokens: tokens("completion_tokens"),
        latency_ms: record.pointer("/timing/engine_ms").and_then(Value::as_f64),
    }
}

/// Mark the run finished with its per-budget summary.
pub fn finish(recorder: Recorder, rows: &[Row], seconds: f64, interrupted: bool, left: usize) {
    recorder.finish(Finish {
        finished: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        metrics: Some(json!({"budgets": rows, "interrupted": interrupted, "not_done": left})),
        timings: Some(json!({"seconds": (seconds * 1000.0).round() / 1000.0})),
        tokens: None,
    });
}
