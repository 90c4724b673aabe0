//! A run as the report reads it: the shape of `ddx runs show --json` (the ledger's run detail),
//! taken as JSON so a report can also be made from a file of that JSON written elsewhere. Only
//! ids and derived values: the ledger never holds a case's text.

use anyhow::Context as _;
use serde::Deserialize;
use serde_json::Value;

/// One case row (see the ledger's case rows).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CaseRow {
    pub id: String,
    pub status: String,
    #[serde(default)]
    pub predicted: Option<String>,
    #[serde(default)]
    pub gold: Option<String>,
    /// Probability of the predicted label (scored runs).
    #[serde(default)]
    pub probability: Option<f64>,
    #[serde(default)]
    pub prompt_tokens: Option<u64>,
    #[serde(default)]
    pub output_tokens: Option<u64>,
    #[serde(default)]
    pub latency_ms: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Summary {
    pub id: String,
    pub command: String,
    pub started: String,
    #[serde(default)]
    pub finished: Option<String>,
    pub model: String,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub input: Option<String>,
}

/// What the report uses of a run.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Run {
    pub summary: Summary,
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub ddx_version: Option<String>,
    #[serde(default)]
    pub command_line: Vec<String>,
    #[serde(default)]
    pub backend: Option<String>,
    #[serde(default)]
    pub model_sha256: Option<String>,
    #[serde(default)]
    pub endpoint: Option<String>,
    #[serde(default)]
    pub input_sha256: Option<String>,
    #[serde(default)]
    pub template_sha256: Option<String>,
    /// The eval metrics the run recorded (Brier score and ECE are read from here: the case rows
    /// keep only the top choice's probability).
    #[serde(default)]
    pub metrics: Option<Value>,
    #[serde(default)]
    pub cases: Vec<CaseRow>,
}

impl Run {
    pub fn from_json(value: Value) -> anyhow::Result<Run> {
        serde_json::from_value(value).context("not a run as `ddx runs show --json` prints it")
    }

    /// Case rows that were answered (not errors), in the ledger's order.
    pub fn answered(&self) -> impl Iterator<Item = &CaseRow> {
        self.cases.iter().filter(|c| c.status != "error")
    }

    /// Provenance as (field, value) rows, the missing ones left out.
    pub fn provenance(&self) -> Vec<(&'static str, String)> {
        let s = &self.summary;
        [
            ("run", Some(s.id.clone())),
            ("command", Some(s.command.clone())),
            (
                "command line",
                (!self.command_line.is_empty()).then(|| self.command_line.join(" ")),
            ),
            ("started", Some(s.started.clone())),
            ("finished", s.finished.clone()),
            ("host", self.host.clone()),
            ("ddx version", self.ddx_version.clone()),
            ("backend", self.backend.clone()),
            ("model", Some(s.model.clone())),
            ("model sha256", self.model_sha256.clone()),
            ("endpoint", self.endpoint.clone()),
            ("template", s.template.clone()),
            ("template sha256", self.template_sha256.clone()),
            ("input", s.input.clone()),
            ("input sha256", self.input_sha256.clone()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }

    /// A number the run recorded in its metrics (`brier`, `ece`): an eval keeps them under
    /// `metrics.metrics`.
    pub fn recorded(&self, key: &str) -> Option<f64> {
        let metrics = self.metrics.as_ref()?;
        metrics
            .pointer(&format!("/metrics/{key}"))
            .or_else(|| metrics.get(key))?
            .as_f64()
    }
}
