//! What the report shows, computed once from the runs and rendered as HTML or Markdown: each
//! run's provenance, metrics, calibration, latency and tokens, and for several runs their
//! comparison on the cases they share.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::answers::stats::compare::{compare, Comparison, Rater};
use crate::answers::stats::metrics::{self, Metrics, Prediction, ReliabilityBin};

use crate::session::run_comparison::{answered, rater};

use super::data::{self, Run};

/// Bins of the latency histogram.
pub const LATENCY_BINS: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatencyBin {
    pub lo: f64,
    pub hi: f64,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latency {
    pub n: usize,
    pub mean_ms: f64,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    pub histogram: Vec<LatencyBin>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tokens {
    /// Cases with token counts.
    pub n: usize,
    pub prompt_total: u64,
    pub output_total: u64,
}

/// One budget of a sequential-diagnosis run, as `ddx sdx run` recorded it in the ledger's
/// metrics (`budgets`).
pub use crate::session::sdx::summary::Row as SdxBudget;

/// The per-budget rows of an `sdx` run; `None` for other runs or when they were not recorded
/// (an interrupted run records them too).
fn sdx_budgets(run: &Run) -> Option<Vec<SdxBudget>> {
    if run.summary.command != "sdx" {
        return None;
    }
    let rows = run.metrics.as_ref()?.get("budgets")?.clone();
    serde_json::from_value::<Vec<SdxBudget>>(rows)
        .ok()
        .filter(|rows| !rows.is_empty())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunView {
    pub id: String,
    pub provenance: Vec<(&'static str, String)>,
    /// Case rows by status.
    pub counts: BTreeMap<String, usize>,
    /// Over the answered cases with a gold label; `None` when none has one.
    pub metrics: Option<Metrics>,
    /// Recorded by the run (needs every option's probability, which the case rows do not keep).
    pub brier: Option<f64>,
    /// Recorded by the run, else computed from the reliability bins.
    pub ece: Option<f64>,
    /// When every gold case has the probability of its predicted label.
    pub reliability: Option<Vec<ReliabilityBin>>,
    pub latency: Option<Latency>,
    pub tokens: Option<Tokens>,
    /// A sequential-diagnosis run: accuracy, cost and turns per budget (shown instead of the
    /// per-class tables, whose only classes would be "correct" and "wrong").
    pub sdx: Option<Vec<SdxBudget>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub runs: Vec<RunView>,
    /// Two or more runs.
    pub comparison: Option<Comparison>,
}

/// The value at quantile `q` of sorted values (nearest rank).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn latency(run: &Run) -> Option<Latency> {
    let mut values: Vec<f64> = answered(run).filter_map(|c| c.latency_ms).collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let (min, max) = (values[0], values[values.len() - 1]);
    let width = if max > min {
        (max - min) / LATENCY_BINS as f64
    } else {
        1.0
    };
    let bins = if max > min { LATENCY_BINS } else { 1 };
    let mut histogram: Vec<LatencyBin> = (0..bins)
        .map(|i| LatencyBin {
            lo: min + i as f64 * width,
            hi: min + (i + 1) as f64 * width,
            count: 0,
        })
        .collect();
    for v in &values {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let i = (((v - min) / width) as usize).min(bins - 1);
        histogram[i].count += 1;
    }
    Some(Latency {
        n: values.len(),
        mean_ms: values.iter().sum::<f64>() / values.len() as f64,
        median_ms: quantile(&values, 0.5),
        p95_ms: quantile(&values, 0.95),
        max_ms: max,
        histogram,
    })
}

fn view(run: &Run) -> RunView {
    let gold: Vec<_> = answered(run).filter(|c| c.gold.is_some()).collect();
    let predictions: Vec<Prediction> = gold
        .iter()
        .map(|c| Prediction {
            id: Value::String(c.id.clone()),
            gold: c.gold.clone().unwrap_or_default(),
            predicted: c.predicted.clone(),
            probs: None,
            reason: None,
            output: None,
            free_text: false,
            usage: None,
        })
        .collect();
    let reliability =
        (!gold.is_empty() && gold.iter().all(|c| c.probability.is_some())).then(|| {
            let points: Vec<(f64, bool)> = gold
                .iter()
                .map(|c| {
                    (
                        c.probability.unwrap_or_default(),
                        c.predicted.is_some() && c.predicted == c.gold,
                    )
                })
                .collect();
            metrics::reliability(&points)
        });
    let mut counts = BTreeMap::new();
    for c in &run.cases {
        *counts.entry(c.status.clone()).or_default() += 1;
    }
    let with_tokens: Vec<_> = answered(run)
        .filter(|c| c.prompt_tokens.is_some() || c.output_tokens.is_some())
        .collect();
    RunView {
        id: run.summary.id.clone(),
        provenance: data::provenance(run),
        counts,
        metrics: (!predictions.is_empty()).then(|| metrics::compute(&predictions, &[])),
        brier: data::recorded(run, "brier"),
        ece: data::recorded(run, "ece")
            .or_else(|| reliability.as_deref().map(metrics::calibration_error)),
        reliability,
        latency: latency(run),
        tokens: (!with_tokens.is_empty()).then(|| Tokens {
            n: with_tokens.len(),
            prompt_total: with_tokens.iter().filter_map(|c| c.prompt_tokens).sum(),
            output_total: with_tokens.iter().filter_map(|c| c.output_tokens).sum(),
        }),
        sdx: sdx_budgets(run),
    }
}

pub fn build(runs: &[Run]) -> Report {
    let raters: Vec<Rater> = runs.iter().map(rater).collect();
    Report {
        runs: runs.iter().map(view).collect(),
        comparison: (runs.len() >= 2).then(|| compare(&raters)),
    }
}
