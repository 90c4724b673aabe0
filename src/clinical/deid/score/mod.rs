//! Scoring de-identification against gold annotations, as the i2b2/n2c2 shared tasks do:
//! token-level precision, recall and F1 per HIPAA category and overall, with and without the
//! type ("typed": the removed span had the right category), entity-level strict (exact bounds)
//! and relaxed (overlap) recall, and the letters and digits removed that were not identifiers.
//! Every figure is computed twice: with the record's structured `patient` fields handed to the
//! detector (as `ddx import fhir --deid` has them) and from the text alone (as free notes are).
//! Floors ([`floors`]) turn figures into a pass or a fail.
//!
//! Pure: gold records ([`gold`]) and detections in, counts ([`tally`]) and figures out; reading
//! files and printing is `ddx deid --score`'s.

pub mod floors;
pub mod gold;
mod report;
mod tally;

pub use floors::{check, parse_floor, parse_floors_file, Floor, FloorCheck, FloorError};
pub use gold::{label_kind, parse_record, GoldError, GoldRecord, GoldSpan, GoldText};
pub use report::{render_table, to_json};
pub use tally::{category, tokens, Counts, Tally};

/// The two ways every figure is computed: with the patient fields, and from the text alone.
pub const MODES: [&str; 2] = ["patient", "text"];

/// HIPAA categories in the order tables list them.
pub const CATEGORIES: [&str; 17] = [
    "names",
    "geographic",
    "dates",
    "phone",
    "fax",
    "email",
    "ssn",
    "mrn",
    "health_plan",
    "account",
    "license",
    "vehicle",
    "device",
    "url",
    "ip",
    "other_id",
    "organization",
];

/// Figures a floor may name.
pub const METRICS: [&str; 11] = [
    "precision",
    "recall",
    "f1",
    "typed_precision",
    "typed_recall",
    "typed_f1",
    "strict_recall",
    "relaxed_recall",
    "strict_typed_recall",
    "relaxed_typed_recall",
    "char_precision",
];

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

fn f1(p: Option<f64>, r: Option<f64>) -> Option<f64> {
    match (p, r) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        (Some(_), Some(_)) => Some(0.0),
        _ => None,
    }
}

/// One figure of a tally, `None` when there is nothing to divide by (no gold, no detection).
/// `char_precision` is a figure of a whole mode: see [`char_precision`].
pub fn metric(t: &Tally, name: &str) -> Option<f64> {
    let precision = ratio(t.correct_tokens, t.detected_tokens);
    let recall = ratio(t.found_tokens, t.gold_tokens);
    let typed_precision = ratio(t.typed_tokens, t.detected_tokens);
    let typed_recall = ratio(t.typed_tokens, t.gold_tokens);
    match name {
        "precision" => precision,
        "recall" => recall,
        "f1" => f1(precision, recall),
        "typed_precision" => typed_precision,
        "typed_recall" => typed_recall,
        "typed_f1" => f1(typed_precision, typed_recall),
        "strict_recall" => ratio(t.strict, t.entities),
        "relaxed_recall" => ratio(t.relaxed, t.entities),
        "strict_typed_recall" => ratio(t.strict_typed, t.entities),
        "relaxed_typed_recall" => ratio(t.relaxed_typed, t.entities),
        _ => None,
    }
}

/// Share of the letters and digits removed that were inside a gold identifier.
pub fn char_precision(c: &Counts) -> Option<f64> {
    ratio(c.removed_chars - c.over_redacted_chars, c.removed_chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_of_a_tally() {
        let t = Tally {
            gold_tokens: 10,
            found_tokens: 8,
            detected_tokens: 9,
            correct_tokens: 8,
            typed_tokens: 6,
            entities: 4,
            strict: 2,
            strict_typed: 1,
            relaxed: 3,
            relaxed_typed: 3,
        };
        let close = |name: &str, want: f64| {
            let got = metric(&t, name).expect(name);
            assert!((got - want).abs() < 1e-12, "{name}: {got} != {want}");
        };
        close("precision", 8.0 / 9.0);
        close("recall", 0.8);
        close("f1", 2.0 * (8.0 / 9.0) * 0.8 / (8.0 / 9.0 + 0.8));
        close("typed_precision", 6.0 / 9.0);
        close("typed_recall", 0.6);
        close("strict_recall", 0.5);
        close("relaxed_recall", 0.75);
        close("strict_typed_recall", 0.25);
        assert_eq!(metric(&Tally::default(), "recall"), None);
        assert_eq!(metric(&t, "nonsense"), None);
    }
}
