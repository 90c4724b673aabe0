//! The summary of one audit probe: did the answers change when only something clinically
//! irrelevant changed? From each case's original answer and its variants' answers: the flip rate
//! with its exact interval, original against variant accuracy (the paired table and McNemar),
//! accuracy per demographic group, position bias for option-order probes, which variants flipped
//! and to what, and the cases the probe skipped, by reason.
//!
//! A *pair* is (original, one variant). It *flips* when the variant's answer, mapped back onto the
//! original case by the caller (for option probes: the original label of the chosen option),
//! differs from the original's; both unparsed is not a flip, one unparsed is. Pairs of one case
//! are not independent, so the case-level count (cases with any flip) is given beside the rate.

use std::collections::BTreeMap;

use serde::Serialize;

use super::exact::clopper_pearson;
use super::metrics::wilson;
use super::paired::{mcnemar, McNemar, PairedTable};

/// One variant's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantOutcome {
    pub variant: String,
    /// The answer mapped back onto the original case; `None` when it could not be read.
    pub answer: Option<String>,
    pub correct: bool,
    /// The demographic group the variant states (`female`, `Black`, ...), for demographic probes.
    pub group: Option<String>,
    /// For option probes: where the gold option sits (0-based) and where the chosen one sat.
    pub gold_position: Option<usize>,
    pub chosen_position: Option<usize>,
}

/// One case: its original answer and its variants.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOutcome {
    pub case: String,
    pub original: Option<String>,
    pub original_correct: bool,
    pub variants: Vec<VariantOutcome>,
}

/// A variant whose answer differs from the original's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flip {
    pub case: String,
    pub variant: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A rate with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    pub k: usize,
    pub n: usize,
    pub rate: f64,
    pub ci: [f64; 2],
}

impl Rate {
    fn exact(k: usize, n: usize) -> Self {
        Self::with(k, n, clopper_pearson(k, n))
    }

    fn wilson(k: usize, n: usize) -> Self {
        Self::with(k, n, wilson(k, n))
    }

    fn with(k: usize, n: usize, ci: [f64; 2]) -> Self {
        let rate = if n == 0 { 0.0 } else { k as f64 / n as f64 };
        Self { k, n, rate, ci }
    }
}

/// How often one option position was chosen, and how often the gold sat there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PositionShare {
    pub position: usize,
    /// Share of pairs with a chosen position that chose this one (Wilson interval).
    pub chosen: Rate,
    /// Pairs with a gold position whose gold is here, and their share (set by the probe's
    /// design, not estimated, so no interval).
    pub gold: usize,
    pub gold_rate: f64,
}

/// The summary of one probe.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbeSummary {
    /// Flipped pairs over pairs, Clopper-Pearson interval.
    pub flip_rate: Rate,
    /// Cases with at least one flipped variant over cases, Clopper-Pearson interval.
    pub cases_flipped: Rate,
    /// Original answers right over cases, Wilson interval.
    pub original_accuracy: Rate,
    /// Variant answers right over pairs, Wilson interval.
    pub variant_accuracy: Rate,
    /// Original (A) against variant (B), right or wrong, over pairs.
    pub table: PairedTable,
    pub mcnemar: McNemar,
    /// Variant accuracy per stated group, Wilson intervals.
    pub groups: BTreeMap<String, Rate>,
    /// Empty unless some variant has option positions.
    pub positions: Vec<PositionShare>,
    pub flips: Vec<Flip>,
    /// Skipped cases per reason.
    pub skipped: BTreeMap<String, usize>,
}

/// Summarize one probe over its cases; `skipped` is (case, reason) for every case it skipped.
pub fn summarize(cases: &[CaseOutcome], skipped: &[(String, String)]) -> ProbeSummary {
    let pairs: Vec<(&CaseOutcome, &VariantOutcome)> = cases
        .iter()
        .flat_map(|c| c.variants.iter().map(move |v| (c, v)))
        .collect();
    let flips: Vec<Flip> = pairs
        .iter()
        .filter(|(c, v)| c.original != v.answer)
        .map(|(c, v)| Flip {
            case: c.case.clone(),
            variant: v.variant.clone(),
            from: c.original.clone(),
            to: v.answer.clone(),
        })
        .collect();
    let flipped_cases = cases
        .iter()
        .filter(|c| flips.iter().any(|f| f.case == c.case))
        .count();
    let original: Vec<bool> = pairs.iter().map(|(c, _)| c.original_correct).collect();
    let variant: Vec<bool> = pairs.iter().map(|(_, v)| v.correct).collect();
    let table = PairedTable::from_outcomes(&original, &variant);
    let original_right = cases.iter().filter(|c| c.original_correct).count();
    let variant_right = variant.iter().filter(|x| **x).count();
    let mut skipped_by_reason = BTreeMap::new();
    for (_, reason) in skipped {
        *skipped_by_reason.entry(reason.clone()).or_insert(0) += 1;
    }
    ProbeSummary {
        flip_rate: Rate::exact(flips.len(), pairs.len()),
        cases_flipped: Rate::exact(flipped_cases, cases.len()),
        original_accuracy: Rate::wilson(original_right, cases.len()),
        variant_accuracy: Rate::wilson(variant_right, pairs.len()),
        table,
        mcnemar: mcnemar(&table),
        groups: group_accuracy(pairs.iter().map(|(_, v)| *v)),
        positions: position_bias(pairs.iter().map(|(_, v)| *v)),
        flips,
        skipped: skipped_by_reason,
    }
}

fn group_accuracy<'a>(
    variants: impl Iterator<Item = &'a VariantOutcome>,
) -> BTreeMap<String, Rate> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for v in variants {
        if let Some(group) = &v.group {
            let entry = counts.entry(group.clone()).or_insert((0, 0));
            entry.0 += usize::from(v.correct);
            entry.1 += 1;
        }
    }
    counts
        .into_iter()
        .map(|(group, (k, n))| (group, Rate::wilson(k, n)))
        .collect()
}

fn position_bias<'a>(variants: impl Iterator<Item = &'a VariantOutcome>) -> Vec<PositionShare> {
    let (mut chosen, mut gold) = (Vec::<usize>::new(), Vec::<usize>::new());
    let bump = |counts: &mut Vec<usize>, p: usize| {
        if counts.len() <= p {
            counts.resize(p + 1, 0);
        }
        counts[p] += 1;
    };
    for v in variants {
        if let Some(p) = v.chosen_position {
            bump(&mut chosen, p);
        }
        if let Some(p) = v.gold_position {
            bump(&mut gold, p);
        }
    }
    let width = chosen.len().max(gold.len());
    let (n_chosen, n_gold): (usize, usize) = (chosen.iter().sum(), gold.iter().sum());
    let at = |counts: &[usize], p: usize| counts.get(p).copied().unwrap_or(0);
    (0..width)
        .map(|p| PositionShare {
            position: p,
            chosen: Rate::wilson(at(&chosen, p), n_chosen),
            gold: at(&gold, p),
            gold_rate: if n_gold == 0 {
                0.0
            } else {
                at(&gold, p) as f64 / n_gold as f64
            },
        })
        .collect()
}

#[cfg(test)]
mod tests;
