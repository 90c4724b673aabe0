//! A run as the report reads it: the ledger's own run detail ([`RunDetail`], the shape of
//! `ddx runs show --json`), taken from the ledger or from a file of that JSON written elsewhere.
//! Only ids and derived values: the ledger never holds a case's text.

use anyhow::Context as _;
use serde_json::{Map, Value};

pub use crate::session::ledger::RunDetail as Run;

/// A run from JSON. Fields a run file may leave out (provenance, settings, the command line,
/// the cases, the summary's counts, any field that may be null) read as empty.
pub fn from_json(mut value: Value) -> anyhow::Result<Run> {
    if let Some(object) = value.as_object_mut() {
        fill(object, "provenance", Value::Null);
        fill(object, "settings", Value::Null);
        fill(object, "command_line", Value::Array(Vec::new()));
        fill(object, "cases", Value::Array(Vec::new()));
        if let Some(summary) = object.get_mut("summary").and_then(Value::as_object_mut) {
            fill(summary, "counts", Value::Object(Map::new()));
        }
    }
    serde_json::from_value(value).context("not a run as `ddx runs show --json` prints it")
}

fn fill(object: &mut Map<String, Value>, key: &str, empty: Value) {
    object.entry(key).or_insert(empty);
}

/// Provenance as (field, value) rows, the missing ones left out.
pub fn provenance(run: &Run) -> Vec<(&'static str, String)> {
    let s = &run.summary;
    [
        ("run", Some(s.id.clone())),
        ("command", Some(s.command.clone())),
        (
            "command line",
            (!run.command_line.is_empty()).then(|| run.command_line.join(" ")),
        ),
        ("started", Some(s.started.clone())),
        ("finished", s.finished.clone()),
        ("host", run.host.clone()),
        ("ddx version", run.ddx_version.clone()),
        ("backend", run.backend.clone()),
        ("model", Some(s.model.clone())),
        ("model sha256", run.model_sha256.clone()),
        ("endpoint", run.endpoint.clone()),
        ("template", s.template.clone()),
        ("template sha256", run.template_sha256.clone()),
        ("input", s.input.clone()),
        ("input sha256", run.input_sha256.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect()
}

/// A number the run recorded in its metrics (`brier`, `ece`): an eval keeps them under
/// `metrics.metrics`.
pub fn recorded(run: &Run, key: &str) -> Option<f64> {
    let metrics = run.metrics.as_ref()?;
    metrics
        .pointer(&format!("/metrics/{key}"))
        .or_else(|| metrics.get(key))?
        .as_f64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_run_file_may_leave_out_what_a_run_may_lack() {
        let run = from_json(json!({
            "summary": {"id": "r1", "command": "eval", "started": "2026-12-02T01:00:00Z",
                        "model": "m.gguf"},
            "metrics": {"metrics": {"brier": 0.25}},
        }))
        .expect("a partial run file reads");
        assert!(run.cases.is_empty() && run.command_line.is_empty());
        assert_eq!(recorded(&run, "brier"), Some(0.25));
        assert_eq!(provenance(&run)[0], ("run", "r1".to_string()));
        let error = from_json(json!({"summary": {"id": "r1"}})).expect_err("no model");
        assert!(format!("{error:#}").contains("missing field"), "{error:#}");
    }
}
