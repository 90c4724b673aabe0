//! The figures of a scoring run as a table (what a person reads) and as JSON (`--json`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use super::{char_precision, metric, Counts, FloorCheck, Tally, CATEGORIES, METRICS};

/// The table's columns: the first figures of [`METRICS`]; the typed entity recalls are in the
/// JSON only, and character precision has a line of its own.
const COLUMNS: &[&str] = METRICS.split_at(8).0;

fn cell(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.3}"))
}

fn row(out: &mut String, name: &str, t: &Tally) {
    let _ = write!(
        out,
        "{name:<13} {:>6} {:>7}",
        t.gold_tokens, t.detected_tokens
    );
    for c in COLUMNS.iter().copied() {
        let _ = write!(out, " {:>7}", cell(metric(t, c)));
    }
    let _ = writeln!(out, " {:>6}", t.entities);
}

fn title(mode: &str) -> &'static str {
    if mode == "patient" {
        "with the patient fields"
    } else {
        "from the text alone"
    }
}

/// A table per mode: token-level P/R/F1 (any removal, then typed) per HIPAA category and
/// overall, entity-level strict and relaxed recall, over-redacted characters.
pub fn render_table(records: usize, modes: &BTreeMap<&'static str, Counts>) -> String {
    let mut out = String::new();
    for (mode, counts) in modes {
        let _ = writeln!(
            out,
            "== {}: {records} records, {} texts",
            title(mode),
            counts.texts
        );
        let _ = writeln!(
            out,
            "{:<13} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>6}",
            "category",
            "gold",
            "removed",
            "P",
            "R",
            "F1",
            "typed P",
            "typed R",
            "typed F1",
            "strict",
            "relaxed",
            "spans"
        );
        for name in CATEGORIES {
            if let Some(t) = counts.by_category.get(name) {
                row(&mut out, name, t);
            }
        }
        row(&mut out, "overall", &counts.overall);
        let _ = writeln!(
            out,
            "removed letters and digits: {}, of them not identifiers: {} (character precision {})",
            counts.removed_chars,
            counts.over_redacted_chars,
            cell(char_precision(counts))
        );
        let labels: Vec<String> = counts
            .by_label
            .iter()
            .map(|(label, t)| {
                format!(
                    "{label} {} (strict {}, relaxed {})",
                    t.entities,
                    cell(metric(t, "strict_recall")),
                    cell(metric(t, "relaxed_recall"))
                )
            })
            .collect();
        let _ = writeln!(out, "gold spans by label: {}\n", labels.join("; "));
    }
    out
}

fn figures(t: &Tally) -> Value {
    let mut map = Map::new();
    for name in METRICS.iter().filter(|m| **m != "char_precision") {
        map.insert((*name).into(), json!(metric(t, name)));
    }
    map.insert("counts".into(), json!(t));
    Value::Object(map)
}

/// Every figure of every mode, and the floors checked.
pub fn to_json(
    records: usize,
    modes: &BTreeMap<&'static str, Counts>,
    floors: &[FloorCheck],
) -> Value {
    let mut by_mode = Map::new();
    for (mode, counts) in modes {
        let categories: Map<String, Value> = counts
            .by_category
            .iter()
            .map(|(name, t)| ((*name).to_string(), figures(t)))
            .collect();
        let labels: Map<String, Value> = counts
            .by_label
            .iter()
            .map(|(name, t)| (name.clone(), figures(t)))
            .collect();
        by_mode.insert(
            (*mode).to_string(),
            json!({
                "texts": counts.texts,
                "overall": figures(&counts.overall),
                "categories": categories,
                "labels": labels,
                "removed_chars": counts.removed_chars,
                "over_redacted_chars": counts.over_redacted_chars,
                "char_precision": char_precision(counts),
            }),
        );
    }
    let checks: Vec<Value> = floors
        .iter()
        .map(|c| json!({"floor": c.key, "min": c.min, "value": c.value, "passed": c.passed}))
        .collect();
    json!({
        "records": records,
        "modes": by_mode,
        "floors": checks,
        "passed": floors.iter().all(|c| c.passed),
    })
}
