//! Several runs (or reviewers) on the cases they share: each one's accuracy with its interval,
//! every pair's paired table, difference with its interval, McNemar test and Cohen's kappa,
//! Cochran's Q over all runs, Fleiss' kappa and Krippendorff's alpha over their labels, and the
//! cases where their labels differ. An answer that could not be read counts as wrong and, for
//! agreement, as the label [`UNPARSED`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::agreement::{cohen_kappa, fleiss_kappa, krippendorff_alpha_nominal};
use super::metrics::{wilson, UNPARSED};
use super::paired::{cochran_q, difference_ci, mcnemar, CochranQ, McNemar, PairedTable};

/// One case's answer from one rater.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answer {
    /// The label given; `None` when the answer could not be read.
    pub predicted: Option<String>,
    /// The gold label the rater was judged against, when known.
    pub gold: Option<String>,
}

/// A run or a reviewer: its name and its answers by case id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rater {
    pub name: String,
    pub answers: BTreeMap<String, Answer>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaterAccuracy {
    pub name: String,
    /// Shared cases with a gold label.
    pub n: usize,
    pub correct: usize,
    pub accuracy: f64,
    pub accuracy_ci95: [f64; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairComparison {
    pub a: String,
    pub b: String,
    /// Right/wrong of A against B on the shared cases with gold.
    pub table: PairedTable,
    /// Accuracy of A minus accuracy of B.
    pub difference: f64,
    /// Newcombe's interval of the difference.
    pub difference_ci95: [f64; 2],
    pub mcnemar: McNemar,
    /// Label agreement on every shared case.
    pub cohen_kappa: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub id: String,
    pub gold: Option<String>,
    /// Each rater's label, in the order of [`Comparison::raters`].
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub raters: Vec<String>,
    /// Cases every rater answered.
    pub shared: usize,
    /// Of those, the cases with a gold label (accuracy and the paired tests use these).
    pub with_gold: usize,
    pub accuracy: Vec<RaterAccuracy>,
    pub pairs: Vec<PairComparison>,
    /// Three or more raters.
    pub cochran_q: Option<CochranQ>,
    pub fleiss_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
    pub disagreements: Vec<Disagreement>,
}

fn label(answer: &Answer) -> String {
    answer
        .predicted
        .clone()
        .unwrap_or_else(|| UNPARSED.to_string())
}

/// Compare the raters on the case ids all of them answered (in id order). The gold label of a
/// case is the first rater's that has one.
pub fn compare(raters: &[Rater]) -> Comparison {
    let shared: Vec<&String> = match raters.first() {
        Some(first) => first
            .answers
            .keys()
            .filter(|id| raters.iter().all(|r| r.answers.contains_key(*id)))
            .collect(),
        None => Vec::new(),
    };
    let answers = |id: &String| -> Vec<&Answer> {
        raters
            .iter()
            .filter_map(|r| r.answers.get(id))
            .collect::<Vec<_>>()
    };
    let gold_of = |id: &String| answers(id).iter().find_map(|a| a.gold.clone());
    let scored: Vec<(&String, String)> = shared
        .iter()
        .filter_map(|id| gold_of(id).map(|g| (*id, g)))
        .collect();
    // right[r][i]: rater r right on scored case i.
    let right: Vec<Vec<bool>> = raters
        .iter()
        .map(|r| {
            scored
                .iter()
                .map(|(id, gold)| {
                    r.answers
                        .get(*id)
                        .and_then(|a| a.predicted.as_ref())
                        .is_some_and(|p| p == gold)
                })
                .collect()
        })
        .collect();
    let labels: Vec<Vec<String>> = shared
        .iter()
        .map(|id| answers(id).into_iter().map(label).collect())
        .collect();
    let accuracy = raters
        .iter()
        .zip(&right)
        .map(|(r, hits)| rater_accuracy(&r.name, hits))
        .collect();
    let pairs = pairs(raters, &right, &labels);
    let rows: Vec<Vec<bool>> = (0..scored.len())
        .map(|i| right.iter().map(|r| r[i]).collect())
        .collect();
    let optional: Vec<Vec<Option<&String>>> = labels
        .iter()
        .map(|l| l.iter().map(Some).collect())
        .collect();
    Comparison {
        raters: raters.iter().map(|r| r.name.clone()).collect(),
        shared: shared.len(),
        with_gold: scored.len(),
        accuracy,
        pairs,
        cochran_q: if raters.len() >= 3 {
            cochran_q(&rows)
        } else {
            None
        },
        fleiss_kappa: if raters.len() >= 2 {
            fleiss_kappa(&labels)
        } else {
            None
        },
        krippendorff_alpha: if raters.len() >= 2 {
            krippendorff_alpha_nominal(&optional)
        } else {
            None
        },
        disagreements: disagreements(&shared, &labels, gold_of),
    }
}

/// The shared cases on which the raters' labels are not all the same.
fn disagreements(
    shared: &[&String],
    labels: &[Vec<String>],
    gold_of: impl Fn(&String) -> Option<String>,
) -> Vec<Disagreement> {
    shared
        .iter()
        .zip(labels)
        .filter(|(_, l)| l.iter().any(|x| x != &l[0]))
        .map(|(id, l)| Disagreement {
            id: (*id).clone(),
            gold: gold_of(id),
            labels: l.clone(),
        })
        .collect()
}

/// One rater's accuracy on the scored cases (`hits`: right or not, case by case).
fn rater_accuracy(name: &str, hits: &[bool]) -> RaterAccuracy {
    let correct = hits.iter().filter(|h| **h).count();
    let n = hits.len();
    RaterAccuracy {
        name: name.to_string(),
        n,
        correct,
        accuracy: if n == 0 {
            0.0
        } else {
            correct as f64 / n as f64
        },
        accuracy_ci95: wilson(correct, n),
    }
}

/// Every pair of raters: the paired table on the scored cases (`right[r][i]`), the difference
/// in accuracy with its interval, McNemar, and Cohen's kappa on all shared labels.
fn pairs(raters: &[Rater], right: &[Vec<bool>], labels: &[Vec<String>]) -> Vec<PairComparison> {
    let mut pairs = Vec::new();
    for i in 0..raters.len() {
        for j in i + 1..raters.len() {
            let table = PairedTable::from_outcomes(&right[i], &right[j]);
            let n = table.n();
            let la: Vec<&String> = labels.iter().map(|l| &l[i]).collect();
            let lb: Vec<&String> = labels.iter().map(|l| &l[j]).collect();
            pairs.push(PairComparison {
                a: raters[i].name.clone(),
                b: raters[j].name.clone(),
                table,
                difference: if n == 0 {
                    0.0
                } else {
                    (table.only_a as f64 - table.only_b as f64) / n as f64
                },
                difference_ci95: difference_ci(&table),
                mcnemar: mcnemar(&table),
                cohen_kappa: cohen_kappa(&la, &lb),
            });
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rater(name: &str, cases: &[(&str, Option<&str>, Option<&str>)]) -> Rater {
        Rater {
            name: name.into(),
            answers: cases
                .iter()
                .map(|(id, predicted, gold)| {
                    (
                        (*id).to_string(),
                        Answer {
                            predicted: predicted.map(Into::into),
                            gold: gold.map(Into::into),
                        },
                    )
                })
                .collect(),
        }
    }

    /// Three raters, worked by hand: shared ids 1–4 (5 is A's only), gold on all four.
    #[test]
    fn three_raters_on_shared_cases() {
        let a = rater(
            "A",
            &[
                ("1", Some("x"), Some("x")),
                ("2", Some("y"), Some("y")),
                ("3", Some("x"), Some("y")),
                ("4", None, Some("x")),
                ("5", Some("x"), Some("x")),
            ],
        );
        let b = rater(
            "B",
            &[
                ("1", Some("x"), Some("x")),
                ("2", Some("x"), Some("y")),
                ("3", Some("y"), Some("y")),
                ("4", Some("x"), Some("x")),
            ],
        );
        let c = rater(
            "C",
            &[
                ("1", Some("x"), None),
                ("2", Some("y"), None),
                ("3", Some("y"), None),
                ("4", Some("x"), None),
            ],
        );
        let cmp = compare(&[a, b, c]);
        assert_eq!((cmp.shared, cmp.with_gold), (4, 4));
        let correct: Vec<usize> = cmp.accuracy.iter().map(|r| r.correct).collect();
        assert_eq!(correct, [2, 3, 4]);
        let ab = &cmp.pairs[0];
        assert_eq!((ab.a.as_str(), ab.b.as_str()), ("A", "B"));
        assert_eq!(
            ab.table,
            PairedTable {
                both: 1,
                only_a: 1,
                only_b: 2,
                neither: 0
            }
        );
        assert!((ab.difference + 0.25).abs() < 1e-12);
        assert_eq!(cmp.pairs.len(), 3);
        // Cases 2, 3 and 4 have differing labels; A's unreadable answer is a label of its own.
        let ids: Vec<&str> = cmp.disagreements.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["2", "3", "4"]);
        assert_eq!(cmp.disagreements[2].labels, [UNPARSED, "x", "x"]);
        assert!(cmp.cochran_q.is_some());
        assert!(cmp.fleiss_kappa.is_some() && cmp.krippendorff_alpha.is_some());
    }
}
