//! The human-readable eval report: headline numbers, per-class table, confusion matrix, and the
//! cases that were unparseable or not evaluated (by id and reason, never by case text).

use std::fmt::Write as _;

use serde_json::Value;

use crate::answers::stats::metrics::{self, Metrics, Prediction};

fn fmt_opt(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

/// The human-readable report.
/// (Over 80 lines: the table is written top to bottom in the order it prints.)
pub fn render(
    input: &str,
    method: &str,
    m: &Metrics,
    predictions: &[Prediction],
    errors: &[Value],
) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "ddx eval {input} · method {method}");
    let _ = writeln!(
        t,
        "n {}  accuracy {:.3} ({}/{})  95% CI {:.3}–{:.3}  unparsed {}",
        m.n, m.accuracy, m.correct, m.n, m.accuracy_ci95[0], m.accuracy_ci95[1], m.unparsed
    );
    if m.brier.is_some() {
        let _ = writeln!(
            t,
            "calibration: Brier {}  ECE {} ({} bins)",
            fmt_opt(m.brier),
            fmt_opt(m.ece),
            metrics::ECE_BINS
        );
    }
    let width = m
        .classes
        .iter()
        .map(|c| c.class.chars().count())
        .chain([metrics::UNPARSED.len(), 5])
        .max()
        .unwrap_or(5)
        .min(40);
    let cut = |s: &str| s.chars().take(width).collect::<String>();
    let _ = writeln!(
        t,
        "\n{:<width$}  support  predicted  precision  recall",
        "class"
    );
    for c in &m.classes {
        let _ = writeln!(
            t,
            "{:<width$}  {:>7}  {:>9}  {:>9}  {:>6}",
            cut(&c.class),
            c.support,
            c.predicted,
            fmt_opt(c.precision),
            fmt_opt(c.recall)
        );
    }
    if m.confusion.predicted.len() <= 13 {
        let _ = writeln!(t, "\nconfusion (rows: gold, columns: predicted)");
        let cell = m
            .confusion
            .predicted
            .iter()
            .map(|c| c.chars().count().min(12))
            .max()
            .unwrap_or(1)
            .max(3);
        let _ = write!(t, "{:<width$}", "");
        for c in &m.confusion.predicted {
            let _ = write!(t, "  {:>cell$}", c.chars().take(12).collect::<String>());
        }
        let _ = writeln!(t);
        for (gold, row) in m.confusion.gold.iter().zip(&m.confusion.matrix) {
            let _ = write!(t, "{:<width$}", cut(gold));
            for n in row {
                let _ = write!(t, "  {n:>cell$}");
            }
            let _ = writeln!(t);
        }
    } else {
        let _ = writeln!(
            t,
            "\n(confusion matrix in the --report JSON: {} classes)",
            m.confusion.predicted.len() - 1
        );
    }
    let unparsed: Vec<&Prediction> = predictions
        .iter()
        .filter(|p| p.predicted.is_none())
        .collect();
    if !unparsed.is_empty() {
        let _ = writeln!(t, "\nunparseable answers (counted as wrong):");
        for p in unparsed {
            let _ = writeln!(
                t,
                "  id {}: {}",
                p.id,
                p.reason.as_deref().unwrap_or("unreadable")
            );
        }
    }
    if !errors.is_empty() {
        let _ = writeln!(t, "\nnot evaluated ({} lines):", errors.len());
        for e in errors {
            let _ = writeln!(
                t,
                "  line {} (id {}): {}: {}",
                e["line"],
                e["id"],
                e["kind"].as_str().unwrap_or(""),
                e["message"].as_str().unwrap_or("")
            );
        }
    }
    t
}
