//! The eval's results as they arrive: kept for the report, and each sent to the ledger at once
//! through the results sink (like a batch's rows), so an eval stopped part way shows in the
//! ledger as unfinished with the cases it did. At the end the ledger gets the report without
//! the text (metrics, method, which lines failed and why).

use serde_json::{json, Value};

use super::Options;
use crate::answers::stats::metrics::{Metrics, Prediction};
use crate::app::settings::Settings;
use crate::session::ledger::{case_row_from_error_entry, case_row_from_prediction, RunInfo};
use crate::session::sink::{Sink, Summary};
use crate::session::Session;

/// What the run is, known before the first case: how cases are answered, with which template.
pub struct RunSetup<'a> {
    pub method: &'a str,
    pub template: Option<Value>,
}

/// Predictions and errors so far, and the sink their rows go to.
pub struct Live {
    sink: Sink,
    predictions: Vec<(usize, Prediction)>,
    errors: Vec<Value>,
}

impl Live {
    /// Start recording (unless the ledger is off), with the lines already known to have failed;
    /// the progress bar counts `total` cases.
    pub fn start(
        settings: &Settings,
        args: &Options,
        session: &Session,
        run: &RunSetup<'_>,
        errors: Vec<Value>,
        total: u64,
    ) -> Self {
        let mut sink = Sink::without_records();
        sink.begin(settings, Some(total));
        let provenance = provenance(settings, session, run);
        sink.record_run(settings, ledger_run(settings, args, session, &provenance));
        for error in &errors {
            sink.row(case_row_from_error_entry(error));
        }
        Live {
            sink,
            predictions: Vec::new(),
            errors,
        }
    }

    /// Count one case on the progress bar.
    pub fn tick(&self) {
        self.sink.tick();
    }

    pub fn prediction(&mut self, line: usize, prediction: Prediction) {
        self.sink.row(case_row_from_prediction(&prediction));
        self.predictions.push((line, prediction));
    }

    pub fn error(&mut self, error: Value) {
        self.sink.row(case_row_from_error_entry(&error));
        self.errors.push(error);
    }

    /// Mark the run finished with the metrics `measure` computes over the predictions (in input
    /// order); the predictions, the errors, the metrics and the seconds the run took.
    pub fn finish(
        self,
        method: &str,
        measure: impl FnOnce(&[Prediction]) -> Metrics,
    ) -> (Vec<Prediction>, Vec<Value>, Metrics, f64) {
        let Live {
            sink,
            mut predictions,
            errors,
        } = self;
        predictions.sort_by_key(|(line, _)| *line);
        let predictions: Vec<Prediction> = predictions.into_iter().map(|(_, p)| p).collect();
        let metrics = measure(&predictions);
        // Which lines failed and why, without the messages (they may quote a case).
        let failed: Vec<Value> = errors
            .iter()
            .map(|e| json!({"id": e.get("id"), "line": e.get("line"), "kind": e.get("kind")}))
            .collect();
        let seconds = sink.finish(Summary {
            metrics: Some(json!({"method": method, "metrics": metrics, "errors": failed})),
            tokens: None,
        });
        (predictions, errors, metrics, seconds)
    }
}

/// The provenance of the run's ledger row (results of an eval are not records of their own).
fn provenance(settings: &Settings, session: &Session, run: &RunSetup<'_>) -> Value {
    let mut provenance = crate::session::provenance::base(session);
    provenance.insert(
        "template".into(),
        run.template.clone().unwrap_or(Value::Null),
    );
    provenance.insert("method".into(), json!(run.method));
    provenance.insert("sampling".into(), json!(settings.sampling));
    provenance.insert("max_tokens".into(), json!(settings.max_tokens));
    Value::Object(provenance)
}

fn ledger_run<'a>(
    settings: &Settings,
    args: &'a Options,
    session: &Session,
    provenance: &'a Value,
) -> RunInfo<'a> {
    RunInfo {
        command: "eval",
        input: Some(&args.input),
        output: args.report.as_deref(),
        provenance,
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
    }
}
