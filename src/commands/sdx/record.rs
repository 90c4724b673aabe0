//! What `sdx run` writes of an encounter: its result record (scored by name; the judge
//! regrades it), the ledger's row of it (ids, status, correctness as the predicted value
//! `correct` or `wrong`, an encounter the judge failed as error kind `judge`, tokens and engine
//! time: never the diagnosis text or case text), and the ledger's run row and summary.

use serde_json::{json, Value};

use super::drive::Slot;
use super::Options;
use crate::app::settings::Settings;
use crate::clinical::sdx::{score, Ending};
use crate::session::ledger::{CaseRow, RunInfo};
use crate::session::sdx::summary::Row;
use crate::session::sink::Summary;

/// The result record of an encounter, scored by name (`method: name`; the judge regrades it).
pub fn record(slot: &Slot, provenance: &Value) -> Value {
    let e = &slot.encounter;
    let case = e.case();
    let mut r = json!({"id": case.id, "line": slot.line, "budget": slot.budget,
        "max_turns": e.limits().max_turns, "format": case.format, "method": "name"});
    if let Some(error) = &slot.error {
        r["status"] = json!("error");
        r["error"] = json!({"kind": "engine", "message": error});
        r["transcript"] = json!(e.steps());
        r["provenance"] = provenance.clone();
        return r;
    }
    let o = e.outcome();
    let ending = match o.ending {
        Some(Ending::Diagnosed) => json!("diagnosed"),
        Some(Ending::Forced(why)) => json!(why),
        Some(Ending::NoDiagnosis) | None => json!("no_diagnosis"),
    };
    r["status"] = json!("ok");
    r["diagnosis"] = json!(o.diagnosis);
    r["differential"] = json!(o.differential);
    r["gold"] = json!(case.diagnosis);
    r["correct"] = json!(o.matched.correct());
    r["match"] = json!(o.matched);
    if let Some(d) = &o.diagnosis {
        let v = score::verdict(d, &case.diagnosis, &case.aliases);
        r["matched_condition"] = json!(v.condition);
        if let Some(hedge) = v.hedge {
            r["hedge"] = json!(hedge);
        }
    }
    r["cost"] = json!(o.cost);
    r["turns"] = json!(o.turns);
    r["ending"] = ending;
    r["revealed"] = json!(e.revealed().len());
    r["hidden"] = json!(case.findings.len());
    r["timing"] = json!({"engine_ms": slot.engine_ms,
        "wall_ms": slot.started.elapsed().as_secs_f64() * 1000.0});
    add_panel_usage(&mut r, slot);
    r["transcript"] = json!(e.steps());
    r["provenance"] = provenance.clone();
    r
}

/// The panel's time and tokens, when it spoke (notes a retried turn reused were generated once).
fn add_panel_usage(r: &mut Value, slot: &Slot) {
    let notes: Vec<&Value> = slot
        .encounter
        .steps()
        .iter()
        .flat_map(|s| &s.panel)
        .filter(|n| n["reused"] != json!(true))
        .collect();
    if !notes.is_empty() {
        let sum = |field: &str| notes.iter().filter_map(|n| n[field].as_f64()).sum::<f64>();
        r["timing"]["panel_ms"] = json!(sum("ms"));
        r["panel_tokens"] = json!({"prompt": sum("prompt_tokens"),
            "completion": sum("completion_tokens")});
    }
}

/// The ledger's run row: provenance and the protocol settings (`scoring`: `name` or `judge`).
pub fn ledger_run<'a>(
    settings: &Settings,
    options: &'a Options,
    provenance: &'a Value,
    parallel: u32,
) -> RunInfo<'a> {
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
    }
}

/// One encounter's ledger row.
pub fn ledger_row(record: &Value) -> CaseRow {
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

/// The ledger's summary of the run: per budget and method, and what is left for `--resume`.
pub fn ledger_summary(rows: &[Row], interrupted: bool, left: usize) -> Summary {
    Summary {
        metrics: Some(json!({"budgets": rows, "interrupted": interrupted, "not_done": left})),
        tokens: None,
    }
}
