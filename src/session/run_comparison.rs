//! Runs of the ledger compared with each other: a run as a rater (its answered cases by id), and
//! the comparison's numbers as text cells that both `ddx runs compare` (a terminal table) and
//! `ddx report` (Markdown) lay out, so the two always say the same thing.
//!
//! Only the ledger's read side ([`RunDetail`], [`CaseRow`]) and the statistics of
//! [`crate::answers::stats::compare`]: nothing here reads a file or writes a line.

use crate::answers::stats::compare::{Answer, Comparison, Rater};
use crate::session::ledger::{CaseRow, RunDetail};

/// A run's case rows that were answered (not errors), in the ledger's order.
pub fn answered(run: &RunDetail) -> impl Iterator<Item = &CaseRow> {
    run.cases.iter().filter(|c| c.status != "error")
}

/// A run as a rater of a comparison: its answered cases by id, named by the run's id.
pub fn rater(run: &RunDetail) -> Rater {
    Rater {
        name: run.summary.id.clone(),
        answers: answered(run)
            .map(|c| {
                (
                    c.id.clone(),
                    Answer {
                        predicted: c.predicted.clone(),
                        gold: c.gold.clone(),
                    },
                )
            })
            .collect(),
    }
}

/// The numbers of a comparison as text, with the mark a layout uses for a missing value.
pub struct Cells<'a> {
    pub comparison: &'a Comparison,
    /// `-` on a terminal, `–` in Markdown.
    pub missing: &'static str,
}

impl Cells<'_> {
    /// A statistic to three decimals, or the missing mark.
    pub fn number(&self, x: Option<f64>) -> String {
        x.map_or_else(|| self.missing.to_string(), |v| format!("{v:.3}"))
    }

    /// Each rater's accuracy: name, n, correct, accuracy, and the 95% CI as `lo–hi`.
    pub fn accuracy_rows(&self) -> Vec<[String; 5]> {
        self.comparison
            .accuracy
            .iter()
            .map(|r| {
                [
                    r.name.clone(),
                    r.n.to_string(),
                    r.correct.to_string(),
                    format!("{:.3}", r.accuracy),
                    format!("{:.3}–{:.3}", r.accuracy_ci95[0], r.accuracy_ci95[1]),
                ]
            })
            .collect()
    }

    /// `Cochran's Q …, df …, p …` when three or more raters were compared.
    pub fn cochran(&self) -> Option<String> {
        self.comparison
            .cochran_q
            .as_ref()
            .map(|q| format!("Cochran's Q {:.3}, df {}, p {:.4}", q.q, q.df, q.p))
    }

    /// `Fleiss' kappa …{between}Krippendorff's alpha …`.
    pub fn agreement(&self, between: &str) -> String {
        format!(
            "Fleiss' kappa {}{between}Krippendorff's alpha {}",
            self.number(self.comparison.fleiss_kappa),
            self.number(self.comparison.krippendorff_alpha)
        )
    }

    /// Each case where the labels differ: id, gold (or the missing mark), and the raters'
    /// labels joined by ` | `.
    pub fn disagreement_rows(&self) -> Vec<[String; 3]> {
        self.comparison
            .disagreements
            .iter()
            .map(|d| {
                [
                    d.id.clone(),
                    d.gold.as_deref().unwrap_or(self.missing).to_string(),
                    d.labels.join(" | "),
                ]
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::stats::compare::compare;
    use serde_json::json;

    fn run(id: &str, rows: &[(&str, &str, &str, &str)]) -> RunDetail {
        let cases: Vec<_> = rows
            .iter()
            .map(|(case, status, predicted, gold)| {
                json!({"id": case, "status": status, "predicted": predicted, "gold": gold,
                       "probability": null, "error_kind": null, "prompt_tokens": null,
                       "output_tokens": null, "latency_ms": null})
            })
            .collect();
        serde_json::from_value(json!({
            "summary": {"id": id, "command": "eval", "started": "2026-12-02T01:00:00Z",
                        "finished": null, "model": "m.gguf", "template": null, "input": null,
                        "counts": {}},
            "provenance": {}, "settings": {}, "host": null, "ddx_version": null,
            "command_line": [], "backend": null, "model_sha256": null, "endpoint": null,
            "input_sha256": null, "output": null, "template_sha256": null,
            "schema_sha256": null, "resumed_from": null, "metrics": null, "timings": null,
            "tokens": null, "cases": cases,
        }))
        .expect("a run detail")
    }

    #[test]
    fn a_run_rates_its_answered_cases_only() {
        let a = run("a", &[("1", "correct", "x", "x"), ("2", "error", "", "y")]);
        let r = rater(&a);
        assert_eq!(r.name, "a");
        assert_eq!(r.answers.keys().collect::<Vec<_>>(), ["1"]);
    }

    #[test]
    fn cells_say_the_comparison_with_the_layouts_missing_mark() {
        let a = run("a", &[("1", "correct", "x", "x"), ("2", "wrong", "x", "y")]);
        let b = run(
            "b",
            &[("1", "correct", "x", "x"), ("2", "correct", "y", "y")],
        );
        let c = compare(&[rater(&a), rater(&b)]);
        let cells = Cells {
            comparison: &c,
            missing: "–",
        };
        let rows = cells.accuracy_rows();
        assert_eq!(rows[0][..4], ["a", "2", "1", "0.500"]);
        assert_eq!(rows[1][..4], ["b", "2", "2", "1.000"]);
        assert_eq!(cells.cochran(), None, "two raters: no Cochran's Q");
        assert_eq!(cells.number(None), "–");
        assert!(cells.agreement(", ").starts_with("Fleiss' kappa "));
        assert_eq!(
            cells.disagreement_rows(),
            vec![["2".to_string(), "y".to_string(), "x | y".to_string()]]
        );
    }
}
