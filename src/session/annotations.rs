//! The researcher's reviews (`ddx tui --annotations FILE`): one JSON object per line, appended
//! (never rewritten), so an interrupted session loses nothing. Reading the file back tells which
//! cases are reviewed, and what the reviews say a case's gold answer is ([`load_gold`]), for
//! `ddx eval --gold` and `ddx runs compare --rater`.

use std::collections::{BTreeMap, HashMap};
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

/// What a case's latest review (notes aside) says about its gold answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewedGold {
    /// `l`: the reviewer's label is the gold answer.
    Label(String),
    /// `a`: the model's answer the reviewer accepted is the gold answer (`None` when the
    /// review recorded no answer).
    Accepted(Option<String>),
    /// `x` without a label: the reviewed answer is not the gold answer, and the review gives
    /// no other.
    Wrong,
}

impl ReviewedGold {
    /// The gold answer the review gives, if any.
    pub fn answer(&self) -> Option<&str> {
        match self {
            ReviewedGold::Label(label) => Some(label),
            ReviewedGold::Accepted(answer) => answer.as_deref(),
            ReviewedGold::Wrong => None,
        }
    }
}

/// Every reviewed case's gold by case id (the latest `accepted`, `wrong` or `label` review of
/// each; notes do not change it), and how many lines could not be read. The file must exist.
pub fn load_gold(path: &Path) -> anyhow::Result<(BTreeMap<String, ReviewedGold>, usize)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read annotations '{}'", path.display()))?;
    let mut gold = BTreeMap::new();
    let mut bad = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let parsed = serde_json::from_str::<Value>(line).ok().and_then(|v| {
            let id = v.get("case_id").map(crate::cases::id_key)?;
            let text = |key: &str| {
                v.get(key)
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(ToString::to_string)
            };
            let review = match v.get("verdict")?.as_str()? {
                "label" => ReviewedGold::Label(text("label")?),
                // A `wrong` that names the right label (hand-written files) gives that label.
                "wrong" => text("label").map_or(ReviewedGold::Wrong, ReviewedGold::Label),
                "accepted" => ReviewedGold::Accepted(text("model_answer")),
                "note" => return Some(None),
                _ => return None,
            };
            Some(Some((id, review)))
        });
        match parsed {
            Some(Some((id, review))) => {
                gold.insert(id, review);
            }
            Some(None) => {}
            None => bad += 1,
        }
    }
    Ok((gold, bad))
}

/// The reviews as a rater for `ddx runs compare`: each reviewed case's label (a label, or the
/// accepted answer), with no gold of its own. Cases marked only `wrong` are not rated.
pub fn rater(path: &Path) -> anyhow::Result<crate::answers::stats::compare::Rater> {
    let (gold, _) = load_gold(path)?;
    Ok(crate::answers::stats::compare::Rater {
        name: format!("review:{}", path.display()),
        answers: gold
            .into_iter()
            .filter_map(|(id, review)| {
                let label = review.answer()?.to_string();
                Some((
                    id,
                    crate::answers::stats::compare::Answer {
                        predicted: Some(label),
                        gold: None,
                    },
                ))
            })
            .collect(),
    })
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

    #[test]
    fn reviews_give_gold_answers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.jsonl");
        assert!(load_gold(&path).is_err(), "a missing file is an error here");
        let review = |verdict: &'static str, label: Option<&str>, note: Option<&str>| Review {
            verdict,
            label: label.map(Into::into),
            note: note.map(Into::into),
        };
        let p = json!({});
        for (id, r, answer) in [
            (
                "c1",
                review("accepted", None, None),
                Some("Myocardial infarction"),
            ),
            ("c2", review("label", Some("B"), None), Some("A")),
            ("c3", review("wrong", None, None), Some("A")),
            ("c4", review("accepted", None, None), Some("A")),
            ("c4", review("note", None, Some("check the ECG")), Some("A")),
            ("c5", review("label", Some("C"), None), None),
            ("c5", review("wrong", None, None), None),
        ] {
            append(&path, &record(id, &r, answer, &p)).expect("append");
        }
        let (gold, bad) = load_gold(&path).expect("load");
        assert_eq!(bad, 0);
        assert_eq!(gold["c1"].answer(), Some("Myocardial infarction"));
        assert_eq!(gold["c2"], ReviewedGold::Label("B".into()));
        assert_eq!(
            (gold["c3"].clone(), gold["c3"].answer()),
            (ReviewedGold::Wrong, None)
        );
        // A note after an acceptance leaves the acceptance; a later `wrong` overrides a label.
        assert_eq!(gold["c4"].answer(), Some("A"));
        assert_eq!(gold["c5"], ReviewedGold::Wrong);
    }
}
