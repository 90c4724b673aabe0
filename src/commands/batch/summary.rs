//! What `ddx batch` says of a run: the counts it keeps while it writes ([`Tally`]), the summary
//! line on stderr, and what the ledger keeps of the run (its settings at the start, its counts
//! and token totals at the end).

use serde_json::{json, Value};

use super::driver::Passed;
use super::Options;
use crate::app::settings::Settings;
use crate::engine::Generation;
use crate::session::ledger::RunInfo;
use crate::session::sink::Summary;

/// Counts for the summary line and the ledger.
#[derive(Debug, Default)]
pub struct Tally {
    pub ok: usize,
    pub failed: usize,
    pub blank: usize,
    pub skipped: usize,
    pub other_shards: usize,
    pub cancelled: usize,
    pub prompt_tokens: u64,
    pub reused_tokens: u64,
    pub completion_tokens: u64,
}

impl Tally {
    /// The lines the reader passed over.
    pub fn passed(&mut self, passed: Passed) {
        self.blank = passed.blank;
        self.skipped = passed.skipped;
        self.other_shards = passed.other_shards;
    }

    /// Add a generation's tokens.
    pub fn tokens(&mut self, generation: &Generation) {
        self.prompt_tokens += u64::from(generation.prompt_tokens);
        self.reused_tokens += u64::from(generation.reused_tokens);
        self.completion_tokens += u64::from(generation.completion_tokens);
    }

    /// Records written.
    pub fn results(&self) -> usize {
        self.ok + self.failed
    }

    /// The ledger's summary of the run (also after Ctrl-C: then `interrupted` is true and
    /// `not_done` counts the cases left for `--resume`).
    pub fn ledger_summary(&self, interrupted: bool) -> Summary {
        Summary {
            metrics: Some(json!({
                "results": self.results(),
                "ok": self.ok,
                "errors": self.failed,
                "already_done": self.skipped,
                "blank_lines": self.blank,
                "interrupted": interrupted,
                "not_done": self.cancelled,
            })),
            tokens: Some(json!({
                "prompt": self.prompt_tokens,
                "reused_prompt": self.reused_tokens,
                "completion": self.completion_tokens,
            })),
        }
    }

    /// The summary line (after the `ddx batch:` prefix).
    pub fn line(&self, seconds: f64, interrupted: bool) -> String {
        let mut text = format!(
            "{} results ({} ok, {} errors)",
            self.results(),
            self.ok,
            self.failed
        );
        if self.skipped > 0 {
            text.push_str(&format!(", {} already done (skipped)", self.skipped));
        }
        if self.other_shards > 0 {
            text.push_str(&format!(
                ", {} lines left to other shards",
                self.other_shards
            ));
        }
        if self.blank > 0 {
            text.push_str(&format!(", {} blank lines skipped", self.blank));
        }
        if interrupted {
            text.push_str(&format!(
                ", interrupted: {} cases not done (rerun to finish them)",
                self.cancelled
            ));
        }
        let rate = if seconds > 0.0 {
            self.completion_tokens as f64 / seconds
        } else {
            0.0
        };
        text.push_str(&format!(
            "; {} prompt tokens ({} reused), {} generated in {seconds:.1} s ({rate:.1} tok/s)",
            self.prompt_tokens, self.reused_tokens, self.completion_tokens
        ));
        text
    }
}

/// The ledger's run row of a batch: its paths, provenance and the settings records do not carry.
pub fn ledger_run<'a>(
    settings: &Settings,
    options: &'a Options,
    provenance: &'a Value,
    parallel: u32,
    threads: u32,
) -> RunInfo<'a> {
    let answers = &options.answers;
    RunInfo {
        command: "batch",
        input: options.input.as_deref(),
        output: options.output.as_deref(),
        provenance,
        settings: json!({
            "parallel": parallel,
            "threads": threads,
            "ctx_size": settings.ctx_size,
            "max_tokens": settings.max_tokens,
            "sampling": settings.sampling,
            "template": settings.template,
            "chat_template": settings.chat_template,
            "schema": answers.schema.as_ref().map(|p| p.display().to_string()),
            "json": answers.json,
            "labels": answers.labels,
            "multi_label": answers.multi_label,
            "score": answers.score,
            "schema_retry": answers.schema_retry,
            "deid": options.deid.is_some(),
            "resume": options.resume,
            "prompt_sha256": options.prompt_sha256,
        }),
        resume: options.resume,
    }
}

/// Provenance every result of this run carries (the template is filled in per case).
pub fn run_provenance(
    session: &crate::session::Session,
    settings: &Settings,
    parallel: u32,
) -> Value {
    let mut value = crate::session::provenance::base(session);
    value.insert("template".into(), Value::Null);
    value.insert("sampling".into(), json!(settings.sampling));
    value.insert("max_tokens".into(), json!(settings.max_tokens));
    value.insert("stop".into(), json!(settings.stop));
    value.insert("ctx_size".into(), json!(settings.ctx_size));
    value.insert("parallel".into(), json!(parallel));
    Value::Object(value)
}
