//! Evaluation metrics from (gold, predicted, probabilities) triples: accuracy with a Wilson 95%
//! interval, per-class precision and recall, the confusion matrix, and for scored runs the Brier
//! score and the expected calibration error. Pure functions: no model, no I/O.

use serde::Serialize;
use serde_json::Value;

/// Column of the confusion matrix for answers that could not be read.
pub const UNPARSED: &str = "(unparsed)";

/// Bins of the expected calibration error (equal width over [0, 1]).
pub const ECE_BINS: usize = 10;

/// One evaluated case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    pub id: Value,
    pub gold: String,
    /// The predicted class; `None` when the answer could not be read (counts as wrong).
    pub predicted: Option<String>,
    /// Probability of every class that was scored (scored runs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probs: Option<Vec<(String, f64)>>,
    /// Why the answer could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The generated answer the prediction was read from (generated runs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// The prediction is a claim read from free text, not a label (the ledger keeps only labels).
    #[serde(skip)]
    pub free_text: bool,
    /// Tokens and time the case took.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<CaseUsage>,
}

/// Tokens and time one case took.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CaseUsage {
    pub prompt_tokens: u64,
    /// Generated tokens (`None` for a scored case: nothing is generated).
    pub output_tokens: Option<u64>,
    pub latency_ms: f64,
}

impl Prediction {
    pub fn correct(&self) -> bool {
        self.predicted.as_deref() == Some(self.gold.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassStats {
    pub class: String,
    /// Cases whose gold is this class.
    pub support: usize,
    /// Cases predicted as this class.
    pub predicted: usize,
    pub true_positives: usize,
    /// `None` when nothing was predicted as this class.
    pub precision: Option<f64>,
    /// `None` when no gold case has this class.
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall (0 when both are 0); `None` when either is.
    pub f1: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    /// Row labels (gold).
    pub gold: Vec<String>,
    /// Column labels (predicted), ending with [`UNPARSED`].
    pub predicted: Vec<String>,
    /// `matrix[gold][predicted]` counts.
    pub matrix: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub n: usize,
    pub correct: usize,
    pub accuracy: f64,
    /// Wilson score interval at 95%.
    pub accuracy_ci95: [f64; 2],
    pub unparsed: usize,
    pub classes: Vec<ClassStats>,
    pub confusion: Confusion,
    /// Mean over cases of Σ_k (p_k − y_k)², scored runs only.
    pub brier: Option<f64>,
    /// Expected calibration error of the top choice, scored runs only.
    pub ece: Option<f64>,
}

/// Wilson score interval for `k` successes out of `n` at z = 1.96.
pub fn wilson(k: usize, n: usize) -> [f64; 2] {
    if n == 0 {
        return [0.0, 0.0];
    }
    let z = 1.959_963_984_540_054_f64;
    let n = n as f64;
    let p = k as f64 / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    // At k = 0 and k = n the bounds are exactly 0 and 1; rounding must not move them inside.
    let lo = if k == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if k as f64 == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    [lo, hi]
}

/// Classes in a stable order: `order` first (e.g. the label set), then the rest sorted.
fn class_list(predictions: &[Prediction], order: &[String]) -> Vec<String> {
    let mut rest: Vec<String> = predictions
        .iter()
        .flat_map(|p| std::iter::once(&p.gold).chain(p.predicted.as_ref()))
        .filter(|c| !order.contains(c))
        .cloned()
        .collect();
    rest.sort();
    rest.dedup();
    order.iter().cloned().chain(rest).collect()
}

/// Compute every metric. `order` fixes the order of known classes (may be empty).
pub fn compute(predictions: &[Prediction], order: &[String]) -> Metrics {
    let n = predictions.len();
    let correct = predictions.iter().filter(|p| p.correct()).count();
    let unparsed = predictions.iter().filter(|p| p.predicted.is_none()).count();
    let classes = class_list(predictions, order);
    let stats = classes
        .iter()
        .map(|class| {
            let support = predictions.iter().filter(|p| &p.gold == class).count();
            let predicted = predictions
                .iter()
                .filter(|p| p.predicted.as_ref() == Some(class))
                .count();
            let true_positives = predictions
                .iter()
                .filter(|p| &p.gold == class && p.correct())
                .count();
            let precision = (predicted > 0).then(|| true_positives as f64 / predicted as f64);
            let recall = (support > 0).then(|| true_positives as f64 / support as f64);
            let f1 = match (precision, recall) {
                (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
                (Some(_), Some(_)) => Some(0.0),
                _ => None,
            };
            ClassStats {
                class: class.clone(),
                support,
                predicted,
                true_positives,
                precision,
                recall,
                f1,
            }
        })
        .collect();
    let gold_rows: Vec<String> = classes
        .iter()
        .filter(|c| predictions.iter().any(|p| &p.gold == *c))
        .cloned()
        .collect();
    let mut columns = classes.clone();
    columns.push(UNPARSED.to_string());
    let mut matrix = vec![vec![0; columns.len()]; gold_rows.len()];
    for p in predictions {
        let Some(row) = gold_rows.iter().position(|g| g == &p.gold) else {
            continue;
        };
        let column = match &p.predicted {
            Some(c) => columns
                .iter()
                .position(|x| x == c)
                .unwrap_or(columns.len() - 1),
            None => columns.len() - 1,
        };
        matrix[row][column] += 1;
    }
    let scored: Vec<&Prediction> = predictions.iter().filter(|p| p.probs.is_some()).collect();
    let (brier, ece) = if scored.is_empty() || scored.len() != n {
        (None, None)
    } else {
        (
            Some(brier_score(&scored)),
            Some(expected_calibration_error(&scored)),
        )
    };
    Metrics {
        n,
        correct,
        accuracy: if n == 0 {
            0.0
        } else {
            correct as f64 / n as f64
        },
        accuracy_ci95: wilson(correct, n),
        unparsed,
        classes: stats,
        confusion: Confusion {
            gold: gold_rows,
            predicted: columns,
            matrix,
        },
        brier,
        ece,
    }
}

fn brier_score(scored: &[&Prediction]) -> f64 {
    let total: f64 = scored
        .iter()
        .map(|p| {
            p.probs
                .iter()
                .flatten()
                .map(|(class, prob)| {
                    let y = if *class == p.gold { 1.0 } else { 0.0 };
                    (prob - y).powi(2)
                })
                .sum::<f64>()
        })
        .sum();
    total / scored.len() as f64
}

/// One bin of the reliability diagram: cases whose top-choice probability fell in [lo, hi).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReliabilityBin {
    pub lo: f64,
    pub hi: f64,
    pub count: usize,
    /// Mean top-choice probability of the bin's cases (`None` when empty).
    pub confidence: Option<f64>,
    /// Share of the bin's cases that were right (`None` when empty).
    pub accuracy: Option<f64>,
}

/// The reliability diagram's [`ECE_BINS`] equal-width bins of (top-choice probability, right).
pub fn reliability(points: &[(f64, bool)]) -> Vec<ReliabilityBin> {
    let mut bins = vec![(0usize, 0.0f64, 0usize); ECE_BINS];
    for (confidence, right) in points {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let bin = ((confidence.max(0.0) * ECE_BINS as f64) as usize).min(ECE_BINS - 1);
        bins[bin].0 += 1;
        bins[bin].1 += confidence;
        bins[bin].2 += usize::from(*right);
    }
    bins.iter()
        .enumerate()
        .map(|(i, (count, conf, hits))| {
            let c = *count as f64;
            ReliabilityBin {
                lo: i as f64 / ECE_BINS as f64,
                hi: (i + 1) as f64 / ECE_BINS as f64,
                count: *count,
                confidence: (*count > 0).then(|| conf / c),
                accuracy: (*count > 0).then(|| *hits as f64 / c),
            }
        })
        .collect()
}

/// Expected calibration error of reliability bins: Σ (n_b / n) · |accuracy_b − confidence_b|.
pub fn calibration_error(bins: &[ReliabilityBin]) -> f64 {
    let n: usize = bins.iter().map(|b| b.count).sum();
    if n == 0 {
        return 0.0;
    }
    bins.iter()
        .filter_map(|b| Some((b.count as f64 / n as f64) * (b.accuracy? - b.confidence?).abs()))
        .sum()
}

fn expected_calibration_error(scored: &[&Prediction]) -> f64 {
    let points: Vec<(f64, bool)> = scored
        .iter()
        .map(|p| {
            let confidence = p
                .probs
                .iter()
                .flatten()
                .find(|(class, _)| Some(class) == p.predicted.as_ref())
                .map_or(0.0, |(_, prob)| *prob);
            (confidence, p.correct())
        })
        .collect();
    calibration_error(&reliability(&points))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scored(id: i64, gold: &str, probs: &[(&str, f64)]) -> Prediction {
        let best = probs
            .iter()
            .fold(probs[0], |a, b| if b.1 > a.1 { *b } else { a });
        Prediction {
            id: json!(id),
            gold: gold.into(),
            predicted: Some(best.0.into()),
            probs: Some(probs.iter().map(|(c, p)| ((*c).to_string(), *p)).collect()),
            reason: None,
            output: None,
            free_text: false,
            usage: None,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn wilson_interval_matches_the_textbook_values() {
        // 8/10: Wilson 95% = [0.4902, 0.9433] (e.g. Newcombe 1998, table I).
        let [lo, hi] = wilson(8, 10);
        assert!(
            (lo - 0.4902).abs() < 1e-4 && (hi - 0.9433).abs() < 1e-4,
            "{lo} {hi}"
        );
        assert_eq!(wilson(0, 0), [0.0, 0.0]);
        let [lo, hi] = wilson(0, 5);
        assert!(lo == 0.0 && hi > 0.0 && hi < 0.5);
        assert_eq!(wilson(3, 3)[1], 1.0);
    }

    /// Four scored yes/no cases with fixed probabilities; every number worked out by hand.
    #[test]
    fn fixed_scores_give_exact_metrics() {
        let predictions = vec![
            scored(1, "yes", &[("yes", 0.9), ("no", 0.1)]), // right, conf 0.9
            scored(2, "yes", &[("yes", 0.3), ("no", 0.7)]), // wrong, conf 0.7
            scored(3, "no", &[("yes", 0.2), ("no", 0.8)]),  // right, conf 0.8
            scored(4, "no", &[("yes", 0.6), ("no", 0.4)]),  // wrong, conf 0.6
        ];
        let m = compute(&predictions, &["yes".into(), "no".into()]);
        assert_eq!((m.n, m.correct, m.unparsed), (4, 2, 0));
        assert!(close(m.accuracy, 0.5));
        // Brier: (0.01+0.01), (0.49+0.49), (0.04+0.04), (0.36+0.36) → 1.8 / 4.
        assert!(close(m.brier.expect("brier"), 0.45));
        // ECE bins: 0.9 (acc 1) | 0.7 (acc 0) | 0.8 (acc 1) | 0.6 (acc 0), one case each:
        // (0.1 + 0.7 + 0.2 + 0.6) / 4 = 0.4.
        assert!(close(m.ece.expect("ece"), 0.4));
        let yes = &m.classes[0];
        assert_eq!(
            (
                yes.class.as_str(),
                yes.support,
                yes.predicted,
                yes.true_positives
            ),
            ("yes", 2, 2, 1)
        );
        assert!(close(yes.precision.expect("p"), 0.5) && close(yes.recall.expect("r"), 0.5));
        assert!(close(yes.f1.expect("f1"), 0.5));
        // The reliability bins behind the ECE: one case in each of bins 6, 7, 8 and 9.
        let bins = reliability(&[(0.9, true), (0.7, false), (0.8, true), (0.6, false)]);
        let counts: Vec<usize> = bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
        assert_eq!((bins[0].confidence, bins[9].accuracy), (None, Some(1.0)));
        assert!(close(calibration_error(&bins), 0.4));
        assert_eq!(m.confusion.predicted, ["yes", "no", UNPARSED]);
        assert_eq!(m.confusion.matrix, vec![vec![1, 1, 0], vec![1, 1, 0]]);
    }

    #[test]
    fn unparsed_answers_are_wrong_and_counted() {
        let predictions = vec![
            Prediction {
                id: json!("a"),
                gold: "A".into(),
                predicted: Some("A".into()),
                probs: None,
                reason: None,
                output: None,
                free_text: false,
                usage: None,
            },
            Prediction {
                id: json!("b"),
                gold: "B".into(),
                predicted: None,
                probs: None,
                reason: Some("no option letter in the answer".into()),
                output: None,
                free_text: false,
                usage: None,
            },
            Prediction {
                id: json!("c"),
                gold: "B".into(),
                predicted: Some("A".into()),
                probs: None,
                reason: None,
                output: None,
                free_text: false,
                usage: None,
            },
        ];
        let m = compute(&predictions, &[]);
        assert_eq!((m.n, m.correct, m.unparsed), (3, 1, 1));
        assert_eq!((m.brier, m.ece), (None, None));
        assert_eq!(m.confusion.gold, ["A", "B"]);
        assert_eq!(m.confusion.matrix, vec![vec![1, 0, 0], vec![1, 0, 1]]);
        let a = &m.classes[0];
        assert!(close(a.precision.expect("p"), 0.5) && close(a.recall.expect("r"), 1.0));
        assert_eq!(m.classes[1].precision, None);
        assert_eq!(m.classes[1].f1, None);
        // A: precision 1/2, recall 1/1, F1 = 2 · 0.5 · 1 / 1.5.
        assert!(close(a.f1.expect("f1"), 2.0 / 3.0));
    }
}
