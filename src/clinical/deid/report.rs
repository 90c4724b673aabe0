//! What de-identification removed from one record: the `deid` block of a result record.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::dates::{DateMode, DateOrder};
use super::kind::Kind;
use super::surrogate::Replace;

/// Method name written in every `deid` block.
pub const METHOD: &str = "ddx-safe-harbor-patterns";
/// Bumped whenever what is removed changes, so results say which rules produced them.
pub const VERSION: &str = "3";

/// What was removed from one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct DeidReport {
    pub method: &'static str,
    pub version: &'static str,
    pub dates: &'static str,
    /// How all-numeric dates were read when both readings were possible.
    pub date_order: &'static str,
    /// What stands where identifiers were: `tags` or `surrogates` (fake values).
    pub replace: &'static str,
    /// The passes that ran, in order: `rules`, then `model` with `--deid-model`.
    pub passes: Vec<&'static str>,
    /// Identifiers removed by all passes, by type.
    pub counts: BTreeMap<&'static str, usize>,
    /// What the model-assisted pass did, when it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelPassReport>,
}

/// The model-assisted pass over one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ModelPassReport {
    /// The model that was asked (file name or registered name).
    pub model: String,
    /// Text fields the model was asked about.
    pub texts: usize,
    /// Spans the model listed.
    pub listed: usize,
    /// Occurrences of listed spans found in the text and removed.
    pub removed: usize,
    /// Texts for which the model failed or answered out of schema (the rules' result stands).
    pub failed: usize,
    /// What it removed, by type.
    pub counts: BTreeMap<&'static str, usize>,
}

impl DeidReport {
    pub(super) fn new(
        mode: DateMode,
        order: DateOrder,
        replace: Replace,
        model: Option<&str>,
    ) -> Self {
        Self {
            method: METHOD,
            version: VERSION,
            dates: mode.as_str(),
            date_order: order.as_str(),
            replace: replace.as_str(),
            passes: if model.is_some() {
                vec!["rules", "model"]
            } else {
                vec!["rules"]
            },
            counts: BTreeMap::new(),
            model: model.map(|m| ModelPassReport {
                model: m.to_string(),
                ..ModelPassReport::default()
            }),
        }
    }

    pub(super) fn add(&mut self, kind: Kind, n: usize) {
        if n > 0 {
            *self.counts.entry(kind.as_str()).or_default() += n;
        }
    }

    /// Identifiers removed in all.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// The `deid` block of a result record.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}
