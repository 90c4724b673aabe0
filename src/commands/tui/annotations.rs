//! The researcher's reviews: one JSON object per line, appended (never rewritten), so an
//! interrupted session loses nothing. Reading the file back tells which cases are reviewed.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use anyhow::Context as _;
use serde_json::{json, Value};

/// A review of one case.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// `accepted`, `wrong`, `label` or `note`.
    pub verdict: &'static str,
    pub label: Option<String>,
    pub note: Option<String>,
}

/// The latest verdict of each reviewed case, and how many lines could not be read.
pub fn load(path: &Path) -> anyhow::Result<(HashMap<String, String>, usize)> {
    let mut reviewed = HashMap::new();
    let mut bad = 0;
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((reviewed, 0)),
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read annotations '{}'", path.display()))
        }
    };
    for line in BufReader::new(file).lines() {
        let line = line.with_context(|| format!("cannot read annotations '{}'", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<Value>(&line).ok().and_then(|v| {
            let id = v.get("case_id").map(crate::cases::id_key)?;
            let verdict = v.get("verdict")?.as_str()?.to_string();
            Some((id, verdict))
        });
        match parsed {
            Some((id, verdict)) => {
                reviewed.insert(id, verdict);
            }
            None => bad += 1,
        }
    }
    Ok((reviewed, bad))
}

/// The record written for a review.
pub fn record(
    case_id: &str,
    review: &Review,
    model_answer: Option<&str>,
    provenance: &Value,
) -> Value {
    json!({
        "case_id": case_id,
        "verdict": review.verdict,
        "label": review.label,
        "note": review.note,
        "model_answer": model_answer,
        "provenance": provenance,
        "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// Append one record as one line, flushed.
pub fn append(path: &Path, record: &Value) -> anyhow::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open annotations '{}'", path.display()))?;
    let mut line = record.to_string();
    line.push('\n');
    file.write_all(line.as_bytes())
        .and_then(|()| file.flush())
        .with_context(|| format!("cannot write annotations '{}'", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_reviews_read_back_with_the_latest_verdict() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.jsonl");
        assert!(load(&path).expect("missing is empty").0.is_empty());
        let accepted = Review {
            verdict: "accepted",
            label: None,
            note: None,
        };
        let wrong = Review {
            verdict: "wrong",
            label: Some("MI".into()),
            note: None,
        };
        append(&path, &record("c1", &accepted, Some("answer"), &json!({}))).expect("append");
        append(&path, &record("c2", &accepted, None, &json!({}))).expect("append");
        append(&path, &record("c1", &wrong, Some("answer"), &json!({}))).expect("append");
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(b"garbage\n"))
            .expect("write");
        let (reviewed, bad) = load(&path).expect("load");
        assert_eq!(reviewed.get("c1").map(String::as_str), Some("wrong"));
        assert_eq!(reviewed.get("c2").map(String::as_str), Some("accepted"));
        assert_eq!(bad, 1);
        let first: Value = serde_json::from_str(
            std::fs::read_to_string(&path)
                .expect("read")
                .lines()
                .next()
                .expect("line"),
        )
        .expect("json");
        assert_eq!(first["model_answer"], "answer");
        assert!(first["timestamp"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')));
    }
}
