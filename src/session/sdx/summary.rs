//! What a set of sequential-diagnosis results says: per budget and scoring method (`name` or
//! `judge`: rows never mix them), accuracy with its 95% Wilson interval, mean cost and mean
//! turns, how encounters ended, and errors (the engine's apart from the judge's). Used for the summary of
//! `ddx sdx run` on stderr and in the ledger, by `ddx sdx report` over result files, and read
//! back from the ledger by `ddx report`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::answers::stats::metrics::wilson;

/// One budget's figures under one scoring method.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The budget (`None`: no budget).
    pub budget: Option<f64>,
    /// What decided `correct`: `name` (the name match) or `judge` (the judge model's score);
    /// `unrecorded` in ledgers written before ddx recorded it.
    #[serde(default = "unrecorded")]
    pub method: String,
    pub encounters: usize,
    pub correct: usize,
    pub accuracy: f64,
    pub ci95: [f64; 2],
    pub mean_cost: f64,
    pub mean_turns: f64,
    /// Encounters that ended on a forced diagnosis (turn limit, budget, malformed replies).
    pub forced: usize,
    /// Encounters with no diagnosis at all.
    pub no_diagnosis: usize,
    /// Error records (the engine failed a turn, a line was not a case), not counted above.
    pub errors: usize,
    /// Encounters the judge failed to grade (no reply, a reply that is not a score), not
    /// counted above: never scored by name instead.
    #[serde(default)]
    pub judge_errors: usize,
}

fn unrecorded() -> String {
    "unrecorded".to_string()
}

/// The method that scored a result record: its `method`, else (files written before ddx
/// recorded it) `judge` when it holds a judge's grade, `name` otherwise.
pub fn method_of(record: &Value) -> &str {
    match record.get("method").and_then(Value::as_str) {
        Some(m) => m,
        None if record.get("judge").is_some_and(Value::is_object) => "judge",
        None => "name",
    }
}

impl Row {
    /// The budget as tables and plots name it.
    pub fn label(&self) -> String {
        let budget = self
            .budget
            .map_or_else(|| "no budget".to_string(), |b| format!("${b:.0}"));
        if self.method == "name" {
            budget
        } else {
            format!("{budget} ({})", self.method)
        }
    }
}

/// Group result records by budget (in increasing order, no budget last) and scoring method.
pub fn rows(records: &[Value]) -> Vec<Row> {
    type Key = (bool, u64, String);
    let mut groups: BTreeMap<Key, Row> = BTreeMap::new();
    let mut sums: BTreeMap<Key, (f64, f64)> = BTreeMap::new();
    for r in records {
        let budget = r.get("budget").and_then(Value::as_f64);
        let method = method_of(r).to_string();
        let key = (
            budget.is_none(),
            budget.map_or(0, f64::to_bits),
            method.clone(),
        );
        let row = groups.entry(key.clone()).or_insert_with(|| Row {
            budget,
            method,
            ..Row::default()
        });
        if r.get("status").and_then(Value::as_str) != Some("ok") {
            if r.pointer("/error/kind").and_then(Value::as_str) == Some("judge") {
                row.judge_errors += 1;
            } else {
                row.errors += 1;
            }
            continue;
        }
        row.encounters += 1;
        if r.get("correct").and_then(Value::as_bool) == Some(true) {
            row.correct += 1;
        }
        match r.get("ending").and_then(Value::as_str) {
            Some("diagnosed") | None => {}
            Some("no_diagnosis") => row.no_diagnosis += 1,
            Some(_) => row.forced += 1,
        }
        let sum = sums.entry(key).or_default();
        sum.0 += r.get("cost").and_then(Value::as_f64).unwrap_or(0.0);
        sum.1 += r.get("turns").and_then(Value::as_f64).unwrap_or(0.0);
    }
    groups
        .into_iter()
        .map(|(key, mut row)| {
            let (cost, turns) = sums.get(&key).copied().unwrap_or_default();
            if row.encounters > 0 {
                let n = row.encounters as f64;
                row.accuracy = row.correct as f64 / n;
                row.mean_cost = cost / n;
                row.mean_turns = turns / n;
            }
            row.ci95 = wilson(row.correct, row.encounters);
            row
        })
        .collect()
}

/// The rows as a plain-text table.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "budget      scored by   encounters  accuracy  95% CI           mean cost  mean turns  forced  no dx  errors  judge errors\n",
    );
    for r in rows {
        let budget = r
            .budget
            .map_or_else(|| "none".to_string(), |b| format!("${b:.0}"));
        out.push_str(&format!(
            "{budget:<11} {:<10} {:>11}  {:>7.1}%  {:>5.1}% - {:>5.1}%  {:>9}  {:>10.1}  {:>6}  {:>5}  {:>6}  {:>12}\n",
            r.method,
            r.encounters,
            100.0 * r.accuracy,
            100.0 * r.ci95[0],
            100.0 * r.ci95[1],
            format!("${:.0}", r.mean_cost),
            r.mean_turns,
            r.forced,
            r.no_diagnosis,
            r.errors,
            r.judge_errors
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn groups_by_budget_with_accuracy_cost_and_turns() {
        let records = vec![
            json!({"status": "ok", "budget": 500.0, "correct": true, "cost": 300.0, "turns": 2, "ending": "diagnosed"}),
            json!({"status": "ok", "budget": 500.0, "correct": false, "cost": 700.0, "turns": 4, "ending": "budget"}),
            json!({"status": "ok", "budget": null, "correct": true, "cost": 1000.0, "turns": 6, "ending": "turn_limit"}),
            json!({"status": "error", "budget": null}),
        ];
        let rows = rows(&records);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].budget, Some(500.0));
        assert_eq!((rows[0].encounters, rows[0].correct), (2, 1));
        assert_eq!(
            (rows[0].mean_cost, rows[0].mean_turns, rows[0].forced),
            (500.0, 3.0, 1)
        );
        assert_eq!(
            (rows[1].budget, rows[1].errors, rows[1].encounters),
            (None, 1, 1)
        );
        assert!(rows[0].ci95[0] < 0.5 && rows[0].ci95[1] > 0.5);
        let text = table(&rows);
        assert!(text.contains("$500") && text.contains("none"), "{text}");
        assert!(rows.iter().all(|r| r.method == "name"));
    }

    #[test]
    fn methods_are_never_mixed_and_judge_errors_are_counted_apart() {
        let records = vec![
            json!({"status": "ok", "budget": null, "method": "name", "correct": true}),
            json!({"status": "ok", "budget": null, "method": "judge", "correct": false}),
            json!({"status": "ok", "budget": null, "method": "judge", "correct": true}),
            json!({"status": "error", "budget": null, "method": "judge", "error": {"kind": "judge"}}),
            json!({"status": "error", "budget": null, "method": "judge", "error": {"kind": "engine"}}),
            // Written before the method was recorded: a judge's grade says it was the judge.
            json!({"status": "ok", "budget": null, "correct": true, "judge": {"score": 5}}),
        ];
        let rows = rows(&records);
        assert_eq!(rows.len(), 2, "{rows:?}");
        let judge = rows
            .iter()
            .find(|r| r.method == "judge")
            .expect("judge row");
        assert_eq!((judge.encounters, judge.correct), (3, 2));
        assert_eq!((judge.judge_errors, judge.errors), (1, 1));
        let name = rows.iter().find(|r| r.method == "name").expect("name row");
        assert_eq!(
            (name.encounters, name.correct, name.judge_errors),
            (1, 1, 0)
        );
        assert_eq!(judge.label(), "no budget (judge)");
        let text = table(&rows);
        assert!(
            text.contains("scored by") && text.contains("judge errors"),
            "{text}"
        );
        // A ledger row written before methods were recorded still reads.
        let old: Row = serde_json::from_value(json!({"budget": 500.0, "encounters": 1,
            "correct": 1, "accuracy": 1.0, "ci95": [0.2, 1.0], "mean_cost": 10.0, "mean_turns": 2.0,
            "forced": 0, "no_diagnosis": 0, "errors": 0}))
        .expect("an old row");
        assert_eq!((old.method.as_str(), old.judge_errors), ("unrecorded", 0));
    }
}
