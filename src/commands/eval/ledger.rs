//! Recording an eval in the ledger: the run at the start, one row per case as its result
//! arrives (predicted label, gold, probability, and a status of `correct`, `wrong`, `unparsed`
//! (no answer could be read) or `error` (not evaluated)), and at the end the report without the
//! text (metrics, method, which lines failed and why).

use serde_json::{json, Value};

use super::Options;
use crate::answers::stats::metrics::{Metrics, Prediction};
use crate::app::settings::Settings;
use crate::session::ledger::{self, CaseRow, Finish, Recorder, RunInfo};
use crate::session::Session;

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

/// The eval's results as they arrive: kept for the report, and each sent to the ledger at once
/// (like a batch's), so an eval stopped part way shows in the ledger as unfinished with the cases
/// it did.
pub struct Live {
    recorder: Option<Recorder>,
    predictions: Vec<(usize, Prediction)>,
    errors: Vec<Value>,
}

impl Live {
    /// Start recording (unless the ledger is off), with the lines already known to have failed.
    pub fn start(
        settings: &Settings,
        args: &Options,
        session: &Session,
        run: &RunSetup<'_>,
        errors: Vec<Value>,
    ) -> Self {
        let recorder = start_run(settings, args, session, run);
        if let Some(recorder) = &recorder {
            for error in &errors {
                recorder.row(error_row(error), None);
            }
        }
        Live {
            recorder,
            predictions: Vec::new(),
            errors,
        }
    }

    pub fn prediction(&mut self, line: usize, prediction: Prediction) {
        if let Some(recorder) = &self.recorder {
            recorder.row(prediction_row(&prediction), None);
        }
        self.predictions.push((line, prediction));
    }

    pub fn error(&mut self, error: Value) {
        if let Some(recorder) = &self.recorder {
            recorder.row(error_row(&error), None);
        }
        self.errors.push(error);
    }

    /// Mark the run finished with the metrics `measure` computes over the predictions (in input
    /// order); the predictions, the errors and the metrics.
    pub fn finish(
        self,
        method: &str,
        seconds: f64,
        measure: impl FnOnce(&[Prediction]) -> Metrics,
    ) -> (Vec<Prediction>, Vec<Value>, Metrics) {
        let Live {
            recorder,
            mut predictions,
            errors,
        } = self;
        predictions.sort_by_key(|(line, _)| *line);
        let predictions: Vec<Prediction> = predictions.into_iter().map(|(_, p)| p).collect();
        let metrics = measure(&predictions);
        if let Some(recorder) = recorder {
            finish_run(recorder, method, &metrics, seconds, &errors);
        }
        (predictions, errors, metrics)
    }
}

/// What the run is, known before the first case: how cases are answered, with which template.
pub struct RunSetup<'a> {
    pub method: &'a str,
    pub template: Option<Value>,
}

fn start_run(
    settings: &Settings,
    args: &Options,
    session: &Session,
    run: &RunSetup<'_>,
) -> Option<Recorder> {
    let mut provenance = crate::session::provenance::base(session);
    provenance.insert(
        "template".into(),
        run.template.clone().unwrap_or(Value::Null),
    );
    provenance.insert("method".into(), json!(run.method));
    provenance.insert("sampling".into(), json!(settings.sampling));
    provenance.insert("max_tokens".into(), json!(settings.max_tokens));
    let provenance = Value::Object(provenance);
    ledger::record_run(
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
    )
}

fn finish_run(recorder: Recorder, method: &str, metrics: &Metrics, seconds: f64, errors: &[Value]) {
    // Which lines failed and why, without the messages (they may quote a case).
    let errors: Vec<Value> = errors
        .iter()
        .map(|e| json!({"id": e.get("id"), "line": e.get("line"), "kind": e.get("kind")}))
        .collect();
    recorder.finish(Finish {
        finished: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        metrics: Some(json!({
            "method": method,
            "metrics": metrics,
            "errors": errors,
        })),
        timings: Some(json!({"seconds": (seconds * 1000.0).round() / 1000.0})),
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
