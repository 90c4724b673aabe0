//! What goes into a ledger row, derived from what ddx already writes: a case row from a result
//! record, the model and template fields of a run from its provenance. Only ids and derived
//! values are taken: a record's `output`, `json`, `reasoning`, `meta` and `deid` blocks never are.

use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::{CaseRow, NewRun};
use crate::answers::stats::metrics::Prediction;

/// A new run id: the UTC start time and 6 hex digits (`20261202-010501-3fa9c1`), so ids sort
/// by time and a prefix of a few characters usually names one run.
pub fn new_run_id(started: &chrono::DateTime<chrono::Utc>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(started.timestamp_nanos_opt().unwrap_or(0).to_le_bytes());
    hasher.update(std::process::id().to_le_bytes());
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    hasher.update(nonce.to_le_bytes());
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    hasher.update(n.to_le_bytes());
    let digest = hex::encode(hasher.finalize());
    format!("{}-{}", started.format("%Y%m%d-%H%M%S"), &digest[..6])
}

/// This machine's name (Linux `/proc`, else `/etc/hostname`, else `HOSTNAME`/`COMPUTERNAME`).
pub fn host_name() -> Option<String> {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|path| std::fs::read_to_string(path).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
}

/// A case id as text: a JSON string's own text, any other id as JSON.
pub fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn u64_at(value: &Value, pointer: &str) -> Option<u64> {
    value.pointer(pointer).and_then(Value::as_u64)
}

/// The ledger row of one result record (`ddx batch` output, or a file `ddx runs import` reads).
/// The predicted value is a label only: `label`, the `labels` of a multi-label answer (joined
/// with `,`), or a scored run's `choice`; a free-text answer is never taken.
pub fn case_row_from_record(record: &Value) -> CaseRow {
    let status = record
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_string();
    let predicted = if let Some(label) = record.get("label").and_then(Value::as_str) {
        Some(label.to_string())
    } else if let Some(labels) = record.get("labels").and_then(Value::as_array) {
        Some(
            labels
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(","),
        )
    } else {
        record
            .pointer("/choice/label")
            .and_then(Value::as_str)
            .map(ToString::to_string)
    };
    let output_tokens = u64_at(record, "/usage/output_tokens")
        .or_else(|| u64_at(record, "/usage/completion_tokens"))
        .or_else(|| u64_at(record, "/usage/scored_tokens"));
    CaseRow {
        id: record.get("id").map(id_text).unwrap_or_default(),
        status,
        predicted,
        gold: record
            .get("gold")
            .and_then(Value::as_str)
            .map(ToString::to_string),
        probability: record.pointer("/choice/prob").and_then(Value::as_f64),
        error_kind: record
            .pointer("/error/kind")
            .and_then(Value::as_str)
            .map(ToString::to_string),
        prompt_tokens: u64_at(record, "/usage/prompt_tokens"),
        output_tokens,
        latency_ms: record.pointer("/timings/total_ms").and_then(Value::as_f64),
    }
}

fn str_at(value: &Value, pointer: &str) -> Option<String> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(ToString::to_string)
}

/// Fill a run's backend, model, template and version fields from a provenance block (the one
/// every result record carries). A local model is named by its file, a served one by
/// `NAME @ ENDPOINT`.
pub fn run_fields_from_provenance(run: &mut NewRun, provenance: &Value) {
    run.ddx_version = str_at(provenance, "/ddx_version").or(run.ddx_version.take());
    run.backend = str_at(provenance, "/backend").or(run.backend.take());
    let endpoint = str_at(provenance, "/model/endpoint");
    let name = str_at(provenance, "/model/name");
    let file = str_at(provenance, "/model/file");
    run.model = match (&endpoint, &file, &name) {
        (Some(endpoint), _, name) => {
            format!("{} @ {endpoint}", name.as_deref().unwrap_or("(default)"))
        }
        (None, Some(file), _) => file.clone(),
        (None, None, Some(name)) => name.clone(),
        (None, None, None) => std::mem::take(&mut run.model),
    };
    run.model_sha256 = str_at(provenance, "/model/sha256").or(run.model_sha256.take());
    run.endpoint = endpoint.or(run.endpoint.take());
    if let Some(template) = str_at(provenance, "/template/name") {
        run.template = Some(template);
        run.template_sha256 = str_at(provenance, "/template/sha256");
    }
    if let Some(schema) = str_at(provenance, "/output_schema/sha256") {
        run.schema_sha256 = Some(schema);
    }
}

/// The sha256 of a file, streamed (`None` when it cannot be read, or is not a regular file: a
/// pipe read here would lose the run its lines, or block with no writer left).
pub fn file_sha256(path: &std::path::Path) -> Option<String> {
    if crate::session::jsonl::is_stream(Some(path)) {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).ok()?;
    Some(hex::encode(hasher.finalize()))
}

/// The row of an evaluated case (`ddx eval`): `correct`, `wrong` or `unparsed` (no answer could
/// be read), the predicted label and its probability. A free-text claim that does not match the
/// gold is not kept (it is model text, not a label): the row says `wrong` without it.
pub fn case_row_from_prediction(p: &Prediction) -> CaseRow {
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

/// The row of a line that was not evaluated, from its error entry (`{id, line, kind, message}`):
/// status `error` and the kind, never the message (it may quote a case).
pub fn case_row_from_error_entry(error: &Value) -> CaseRow {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_result_record_gives_ids_and_derived_values_only() {
        let record = json!({
            "id": "c1", "line": 3, "status": "ok", "output": "Jane Doe has pneumonia",
            "label": "pneumonia", "json": "pneumonia",
            "usage": {"prompt_tokens": 120, "completion_tokens": 7},
            "timings": {"total_ms": 85.5},
            "meta": {"mrn": "12345"}
        });
        let row = case_row_from_record(&record);
        assert_eq!(row.id, "c1");
        assert_eq!(row.status, "ok");
        assert_eq!(row.predicted.as_deref(), Some("pneumonia"));
        assert_eq!(row.prompt_tokens, Some(120));
        assert_eq!(row.output_tokens, Some(7));
        assert_eq!(row.latency_ms, Some(85.5));
        let text = serde_json::to_string(&row).unwrap();
        assert!(!text.contains("Jane") && !text.contains("12345"), "{text}");
    }

    #[test]
    fn scored_and_error_records() {
        let scored = json!({"id": 7, "status": "ok", "choice": {"label": "B", "text": "x", "prob": 0.625},
            "usage": {"prompt_tokens": 50, "scored_tokens": 4}, "timings": {"total_ms": 12.0}});
        let row = case_row_from_record(&scored);
        assert_eq!(
            (row.id.as_str(), row.predicted.as_deref(), row.probability),
            ("7", Some("B"), Some(0.625))
        );
        let error = json!({"id": "e", "status": "error", "error": {"kind": "bad_json", "message": "line 2: x"}});
        let row = case_row_from_record(&error);
        assert_eq!(row.error_kind.as_deref(), Some("bad_json"));
        assert_eq!(row.predicted, None);
    }

    #[test]
    fn a_free_text_answer_is_never_a_prediction() {
        let record = json!({"id": "c", "status": "ok", "output": "The patient John Smith..."});
        assert_eq!(case_row_from_record(&record).predicted, None);
    }

    #[test]
    fn run_ids_sort_by_time_and_differ() {
        let t = chrono::Utc::now();
        let (a, b) = (new_run_id(&t), new_run_id(&t));
        assert_eq!(a.len(), "20261202-010501-3fa9c1".len());
        assert!(a.starts_with(&t.format("%Y%m%d-%H%M%S").to_string()));
        assert_ne!(a, b);
    }

    #[test]
    fn model_fields_from_local_and_served_provenance() {
        let mut run = NewRun::default();
        run_fields_from_provenance(
            &mut run,
            &json!({"ddx_version": "0.1.0", "backend": "local",
                "model": {"file": "m.gguf", "sha256": "abc", "name": "M"},
                "template": {"name": "differential", "sha256": "def"}}),
        );
        assert_eq!(run.model, "m.gguf");
        assert_eq!(run.model_sha256.as_deref(), Some("abc"));
        assert_eq!(run.template.as_deref(), Some("differential"));
        let mut run = NewRun::default();
        run_fields_from_provenance(
            &mut run,
            &json!({"backend": "remote", "model": {"name": "gpt", "endpoint": "http://h/v1"}}),
        );
        assert_eq!(run.model, "gpt @ http://h/v1");
        assert_eq!(run.endpoint.as_deref(), Some("http://h/v1"));
    }

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
    fn prediction_rows_keep_labels_and_drop_free_text_claims() {
        let row = case_row_from_prediction(&prediction("A", Some("A"), false));
        assert_eq!(
            (
                row.status.as_str(),
                row.predicted.as_deref(),
                row.probability
            ),
            ("correct", Some("A"), Some(0.7))
        );
        let row = case_row_from_prediction(&prediction("B", Some("A"), false));
        assert_eq!(
            (row.status.as_str(), row.gold.as_deref()),
            ("wrong", Some("B"))
        );
        let row =
            case_row_from_prediction(&prediction("pneumonia", Some("Mr Jones has flu"), true));
        assert_eq!((row.status.as_str(), row.predicted), ("wrong", None));
        let row = case_row_from_prediction(&prediction("pneumonia", Some("pneumonia"), true));
        assert_eq!(row.predicted.as_deref(), Some("pneumonia"));
        assert_eq!(
            case_row_from_prediction(&prediction("A", None, false)).status,
            "unparsed"
        );
        let row = case_row_from_error_entry(
            &json!({"id": 4, "line": 4, "kind": "gold_not_an_option", "message": "x"}),
        );
        assert_eq!(
            (row.id.as_str(), row.error_kind.as_deref()),
            ("4", Some("gold_not_an_option"))
        );
    }
}
