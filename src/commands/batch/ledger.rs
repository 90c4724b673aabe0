//! Recording a batch in the ledger: the run's row at the start, one case row per result
//! written (on the ledger's own thread), the counts and token totals at the end. A case with a
//! gold `answer` gets the label it names in its row (as `ddx eval` derives it), so `ddx report`
//! can give a batch's accuracy.

use serde_json::{json, Value};

use super::{Options, Tally};
use crate::answers::constraint::LabelSet;
use crate::answers::extract;
use crate::answers::scoring::options_for;
use crate::app::settings::Settings;
use crate::cases::Case;
use crate::session::ledger::{self, Finish, Recorder, RunInfo};

/// Start recording, unless the ledger is off.
pub fn start(
    settings: &Settings,
    options: &Options,
    provenance: &Value,
    parallel: u32,
    threads: u32,
) -> Option<Recorder> {
    let answers = &options.answers;
    ledger::record_run(
        settings,
        RunInfo {
            command: "batch",
            input: options.input.as_deref(),
            output: options.output.as_deref(),
            provenance,
            settings: json!({
                "parallel": parallel,
                "threads": threads,
                "ctx_size": settings.ctx_size,
                "max_tokens": settings.max_tokens,
                "sampling": settings.sampling,
                "template": settings.template,
                "chat_template": settings.chat_template,
                "schema": answers.schema.as_ref().map(|p| p.display().to_string()),
                "json": answers.json,
                "labels": answers.labels,
                "multi_label": answers.multi_label,
                "score": answers.score,
                "schema_retry": answers.schema_retry,
                "deid": options.deid.is_some(),
                "resume": options.resume,
                "prompt_sha256": options.prompt_sha256,
            }),
            resume: options.resume,
        },
    )
}

/// Mark the run finished with its summary (also after Ctrl-C: then `interrupted` is true and
/// `not_done` counts the cases left for `--resume`).
pub fn finish(recorder: Recorder, tally: &Tally, seconds: f64, interrupted: bool) {
    recorder.finish(Finish {
        finished: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        metrics: Some(json!({
            "results": tally.ok + tally.failed,
            "ok": tally.ok,
            "errors": tally.failed,
            "already_done": tally.skipped,
            "blank_lines": tally.blank,
            "interrupted": interrupted,
            "not_done": tally.cancelled,
        })),
        timings: Some(json!({"seconds": (seconds * 1000.0).round() / 1000.0})),
        tokens: Some(json!({
            "prompt": tally.prompt_tokens,
            "reused_prompt": tally.reused_tokens,
            "completion": tally.completion_tokens,
        })),
    });
}

/// The label a case's gold `answer` names among its options (or `--labels`), by label or by
/// text as `ddx eval` reads it; `None` without an answer or when it names no option (a gold
/// that is free text is not a label, and is not kept).
pub fn gold_of(case: &Case, labels: Option<&LabelSet>) -> Option<String> {
    let gold = case.answer.as_ref().and_then(extract::gold_text)?;
    extract::gold_option(&gold, &options_for(case, labels)).map(|o| o.label.clone())
}
