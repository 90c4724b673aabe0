//! Recording an eval in the ledger: the report without the text (metrics, method, which lines
//! failed and why) and one row per case: predicted label, gold, probability, and a status of
//! `correct`, `wrong`, `unparsed` (no answer could be read) or `error` (not evaluated).

use serde_json::{json, Value};

use super::Options;
use crate::answers::stats::metrics::{Metrics, Prediction};
use crate::app::settings::Settings;
use crate::session::ledger::{self, CaseRow, Finish, RunInfo};
use crate::session::Session;

/// What the eval found, for the ledger.
pub struct Outcome<'a> {
    pub method: &'a str,
    pub template: Option<Value>,
    pub metrics: &'a Metrics,
    pub predictions: &'a [Prediction],
    pub errors: &'a [Value],
    pub seconds: f64,
}

fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The ledger row of an evaluated case. A free-text claim that does not match the gold is not
/// kept (it is model text, not a label): the row says `wrong` without it.
fn prediction_row(p: &Prediction) -> CaseRow {
    let status = match (&p.predicted, p.correct()) {
        (None, _) => "unparsed",
        (Some(_), true) => "correct",
        (Some(_), false) => "wrong",
    };
    let probability = p.probs.as_ref().and_then(|probs| {
        probs
            .iter()
            .find(|(label, _)| Some(label) == p.predicted.as_ref())
            .map(|(_, prob)| *prob)
    });
    CaseRow {
        id: id_text(&p.id),
        status: status.into(),
        predicted: p.predicted.clone().filter(|_| !p.free_text || p.correct()),
        gold: Some(p.gold.clone()),
        probability,
        error_kind: None,
        prompt_tokens: p.usage.map(|u| u.prompt_tokens),
        output_tokens: p.usage.and_then(|u| u.output_tokens),
        latency_ms: p.usage.map(|u| u.latency_ms),
    }
}

fn error_row(error: &Value) -> CaseRow {
    CaseRow {
        id: error.get("id").map(id_text).unwrap_or_default(),
        status: "error".into(),
        predicted: None,
        gold: None,
        probability: None,
        error_kind: error
            .get("kind")
            .and_then(Value::as_str)
            .map(ToString::to_string),
        prompt_tokens: None,
        output_tokens: None,
        latency_ms: None,
    }
}

/// Record a finished eval (nothing when the ledger is off).
pub fn record(settings: &Settings, args: &Options, session: &Session, outcome: &Outcome<'_>) {
    let mut provenance = crate::session::provenance::base(session);
    provenance.insert(
        "template".into(),
        outcome.template.clone().unwrap_or(Value::Null),
    );
    provenance.insert("method".into(), json!(outcome.method));
    provenance.insert("sampling".into(), json!(settings.sampling));
    provenance.insert("max_tokens".into(), json!(settings.max_tokens));
    let provenance = Value::Object(provenance);
    let Some(recorder) = ledger::record_run(
        settings,
        RunInfo {
            command: "eval",
            input: Some(&args.input),
            output: args.report.as_deref(),
            provenance: &provenance,
            settings: json!({
                "map": args.map,
                "labels": args.labels,
                "generate": args.generate,
                "parallel": settings.parallel,
                "threads": session.backend.info().threads,
                "ctx_size": settings.ctx_size,
                "deid": args.deid.is_some(),
            }),
            resume: false,
        },
    ) else {
        return;
    };
    for prediction in outcome.predictions {
        recorder.row(prediction_row(prediction), None);
    }
    for error in outcome.errors {
        recorder.row(error_row(error), None);
    }
    // Which lines failed and why, without the messages (they may quote a case).
    let errors: Vec<Value> = outcome
        .errors
        .iter()
        .map(|e| json!({"id": e.get("id"), "line": e.get("line"), "kind": e.get("kind")}))
        .collect();
    recorder.finish(Finish {
        finished: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        metrics: Some(json!({
            "method": outcome.method,
            "metrics": outcome.metrics,
            "errors": errors,
        })),
        timings: Some(json!({"seconds": (outcome.seconds * 1000.0).round() / 1000.0})),
        tokens: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prediction(gold: &str, predicted: Option<&str>, free_text: bool) -> Prediction {
        Prediction {
            id: json!("c1"),
            gold: gold.into(),
            predicted: predicted.map(Into::into),
            probs: Some(vec![("A".into(), 0.7), ("B".into(), 0.3)]),
            reason: None,
            output: Some("Mr Jones has ...".into()),
            free_text,
            usage: None,
        }
    }

    #[test]
    fn rows_keep_labels_and_drop_free_text_claims() {
        let row = prediction_row(&prediction("A", Some("A"), false));
        assert_eq!(
            (
                row.status.as_str(),
                row.predicted.as_deref(),
                row.probability
            ),
            ("correct", Some("A"), Some(0.7))
        );
        let row = prediction_row(&prediction("B", Some("A"), false));
        assert_eq!(
            (row.status.as_str(), row.gold.as_deref()),
            ("wrong", Some("B"))
        );
        let row = prediction_row(&prediction("pneumonia", Some("Mr Jones has flu"), true));
        assert_eq!((row.status.as_str(), row.predicted), ("wrong", None));
        let row = prediction_row(&prediction("pneumonia", Some("pneumonia"), true));
        assert_eq!(row.predicted.as_deref(), Some("pneumonia"));
        assert_eq!(
            prediction_row(&prediction("A", None, false)).status,
            "unparsed"
        );
        let row =
            error_row(&json!({"id": 4, "line": 4, "kind": "gold_not_an_option", "message": "x"}));
        assert_eq!(
            (row.id.as_str(), row.error_kind.as_deref()),
            ("4", Some("gold_not_an_option"))
        );
    }
}
