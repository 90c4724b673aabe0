//! Answer scoring without generation: rank a case's options (or a label set) by the model's
//! log-likelihood of each option's text after the prompt.
//!
//! The prompt is the case rendered with a template (`mcq` for cases with options, `annotate` for
//! a label set) followed by `Answer:`; each option is scored as the continuation ` B. text`
//! (` text` when the label is the text itself, as with `yes`/`no`/`maybe`). The choice is the
//! option with the highest log-likelihood per token (length-normalised, so long options are not
//! penalised for their length); `prob` is the softmax of those per-token values over the options.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::answers::constraint::{text_or_file, LabelSet};
use crate::cases::prompt_templates::{Extras, Registry, Template};
use crate::cases::{AnswerOption, Case, CaseError};
use crate::engine::{Backend, EngineError, ScoreRequest};

/// Appended after the assistant header before every option.
pub const ANSWER_PREFIX: &str = "Answer:";

/// One scored option.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredOption {
    pub label: String,
    pub text: String,
    /// Σ ln P over the option's tokens.
    pub logprob: f64,
    pub n_tokens: u32,
    /// `logprob / n_tokens`.
    pub mean_logprob: f64,
    /// Softmax of `mean_logprob` over the options.
    pub prob: f64,
}

/// A scored case: its options, best first by index `chosen`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredCase {
    pub options: Vec<ScoredOption>,
    pub chosen: usize,
    pub prompt_tokens: u32,
    pub reused_tokens: u32,
    pub elapsed_ms: f64,
}

impl ScoredCase {
    pub fn choice(&self) -> &ScoredOption {
        &self.options[self.chosen]
    }
}

/// Why a case could not be scored.
#[derive(Debug)]
pub enum ScoreFailure {
    Case(CaseError),
    Engine(EngineError),
}

/// What scoring needs for every case of a run.
#[derive(Debug)]
pub struct Scoring {
    pub registry: Registry,
    /// `--template`, when given.
    pub fixed_template: Option<Arc<Template>>,
    pub labels: Option<LabelSet>,
    pub extras: Extras,
    pub n_ctx: u32,
}

/// The options to rank: the label set when given, else the case's own options.
pub fn options_for(case: &Case, labels: Option<&LabelSet>) -> Vec<AnswerOption> {
    match labels {
        Some(set) => set
            .labels
            .iter()
            .map(|l| AnswerOption {
                label: l.clone(),
                text: l.clone(),
            })
            .collect(),
        None => case.options.clone(),
    }
}

/// The text scored for an option, after [`ANSWER_PREFIX`].
pub fn continuation(option: &AnswerOption) -> String {
    if option.label.trim().eq_ignore_ascii_case(option.text.trim()) {
        format!(" {}", option.text.trim())
    } else {
        format!(" {}. {}", option.label.trim(), option.text.trim())
    }
}

/// Per-token log-likelihoods → (index of the best, softmax over options). Ties go to the first.
pub fn rank(means: &[f64]) -> (usize, Vec<f64>) {
    let max = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = means.iter().map(|m| (m - max).exp()).collect();
    let total: f64 = exps.iter().sum();
    let probs = exps.iter().map(|e| e / total).collect();
    let chosen = means.iter().position(|m| *m == max).unwrap_or(0);
    (chosen, probs)
}

impl Scoring {
    /// The scoring of a run (`batch --score`, `eval`): templates from `prompts_dir`, the
    /// `--template` when one is given, an optional label set and instruction (text or `@FILE`).
    pub fn setup(
        prompts_dir: PathBuf,
        template: Option<&str>,
        labels: Option<&str>,
        instruction: Option<&str>,
        n_ctx: u32,
    ) -> anyhow::Result<Self> {
        let registry = Registry::new(Some(prompts_dir));
        let labels = labels.map(|l| LabelSet::parse(l, false)).transpose()?;
        let instruction = instruction
            .map(|i| text_or_file(i, "instruction"))
            .transpose()?;
        let fixed_template = template.map(|name| registry.get(name)).transpose()?;
        let mut extras = labels
            .as_ref()
            .map(|set| set.extras(instruction.as_deref()))
            .unwrap_or_default();
        if let (Some(i), None) = (&instruction, &labels) {
            extras.insert("instruction".into(), Value::String(i.clone()));
        }
        Ok(Self {
            registry,
            fixed_template,
            labels,
            extras,
            n_ctx,
        })
    }

    /// The template for a case: `--template`, else `annotate` for labels, else `mcq`.
    pub fn template_for(&self) -> anyhow::Result<Arc<Template>> {
        match &self.fixed_template {
            Some(t) => Ok(t.clone()),
            None if self.labels.is_some() => self.registry.get("annotate"),
            None => self.registry.get("mcq"),
        }
    }

    /// Score one case.
    pub fn score(&self, engine: &dyn Backend, case: &Case) -> Result<ScoredCase, ScoreFailure> {
        let options = options_for(case, self.labels.as_ref());
        if options.is_empty() {
            return Err(ScoreFailure::Case(CaseError::new(
                "no_options",
                Some("options"),
                "the case has no 'options' to score (or pass --labels)",
            )));
        }
        let template = self
            .template_for()
            .map_err(|e| ScoreFailure::Case(CaseError::new("template", None, format!("{e:#}"))))?;
        let messages = template
            .render(case, &self.extras)
            .map_err(ScoreFailure::Case)?;
        let result = engine
            .score(ScoreRequest {
                messages,
                answer_prefix: ANSWER_PREFIX.into(),
                options: options.iter().map(continuation).collect(),
                n_ctx: self.n_ctx,
            })
            .map_err(ScoreFailure::Engine)?;
        let means: Vec<f64> = result
            .options
            .iter()
            .map(|o| o.logprob / f64::from(o.n_tokens.max(1)))
            .collect();
        let (chosen, probs) = rank(&means);
        Ok(ScoredCase {
            options: options
                .into_iter()
                .zip(&result.options)
                .zip(means.iter().zip(probs))
                .map(|((option, score), (&mean, prob))| ScoredOption {
                    label: option.label,
                    text: option.text,
                    logprob: score.logprob,
                    n_tokens: score.n_tokens,
                    mean_logprob: mean,
                    prob,
                })
                .collect(),
            chosen,
            prompt_tokens: result.prompt_tokens,
            reused_tokens: result.reused_tokens,
            elapsed_ms: result.elapsed_ms,
        })
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The result record of a scored case.
pub fn record(
    id: &Value,
    line: usize,
    scored: &ScoredCase,
    provenance: &Value,
    meta: Option<&Value>,
) -> Value {
    let choice = scored.choice();
    let mut record = json!({
        "id": id,
        "line": line,
        "status": "ok",
        "choice": {"label": choice.label, "text": choice.text, "prob": round6(choice.prob)},
        "options": scored.options.iter().map(|o| json!({
            "label": o.label,
            "text": o.text,
            "logprob": o.logprob,
            "n_tokens": o.n_tokens,
            "mean_logprob": o.mean_logprob,
            "prob": round6(o.prob),
        })).collect::<Vec<_>>(),
        "usage": {
            "prompt_tokens": scored.prompt_tokens,
            "reused_prompt_tokens": scored.reused_tokens,
            "scored_tokens": scored.options.iter().map(|o| o.n_tokens).sum::<u32>(),
        },
        "timings": {"total_ms": (scored.elapsed_ms * 1000.0).round() / 1000.0},
        "provenance": provenance,
    });
    if let (Some(meta), Some(obj)) = (meta, record.as_object_mut()) {
        obj.insert("meta".into(), meta.clone());
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_is_a_softmax_over_per_token_scores() {
        let (chosen, probs) = rank(&[-2.0, -0.5, -0.5, -3.0]);
        assert_eq!(chosen, 1, "ties go to the first");
        assert!((probs.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let expected = 1.0 / (2.0 + (-1.5f64).exp() + (-2.5f64).exp());
        assert!((probs[1] - expected).abs() < 1e-12);
    }

    #[test]
    fn continuations_show_the_label_unless_it_is_the_text() {
        let o = |l: &str, t: &str| AnswerOption {
            label: l.into(),
            text: t.into(),
        };
        assert_eq!(
            continuation(&o("B", "Pulmonary embolism")),
            " B. Pulmonary embolism"
        );
        assert_eq!(continuation(&o("yes", "yes")), " yes");
    }
}
