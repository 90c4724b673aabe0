//! What a set of sequential-diagnosis results says: per budget, accuracy with its 95% Wilson
//! interval, mean cost and mean turns, and how encounters ended. Used for the summary of
//! `ddx sdx run` on stderr and in the ledger, by `ddx sdx report` over result files, and read
//! back from the ledger by `ddx report`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::answers::stats::metrics::wilson;

/// One budget's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The budget (`None`: no budget).
    pub budget: Option<f64>,
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
    /// Error records (the engine failed a turn), not counted above.
    pub errors: usize,
}

impl Row {
    /// The budget as tables and plots name it.
    pub fn label(&self) -> String {
        self.budget
            .map_or_else(|| "no budget".to_string(), |b| format!("${b:.0}"))
    }
}

/// Group result records by budget, in increasing budget order (no budget last).
pub fn rows(records: &[Value]) -> Vec<Row> {
    let mut groups: BTreeMap<(bool, u64), Row> = BTreeMap::new();
    let mut sums: BTreeMap<(bool, u64), (f64, f64)> = BTreeMap::new();
    for r in records {
        let budget = r.get("budget").and_then(Value::as_f64);
        let key = (budget.is_none(), budget.map_or(0, f64::to_bits));
        let row = groups.entry(key).or_insert_with(|| Row {
            budget,
            ..Row::default()
        });
        if r.get("status").and_then(Value::as_str) != Some("ok") {
            row.errors += 1;
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
        "budget      encounters  accuracy  95% CI           mean cost  mean turns  forced  no dx  errors\n",
    );
    for r in rows {
        let budget = r
            .budget
            .map_or_else(|| "none".to_string(), |b| format!("${b:.0}"));
        out.push_str(&format!(
            "{budget:<11} {:>10}  {:>7.1}%  {:>5.1}% - {:>5.1}%  {:>9}  {:>10.1}  {:>6}  {:>5}  {:>6}\n",
            r.encounters,
            100.0 * r.accuracy,
            100.0 * r.ci95[0],
            100.0 * r.ci95[1],
            format!("${:.0}", r.mean_cost),
            r.mean_turns,
            r.forced,
            r.no_diagnosis,
            r.errors
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
    }
}
