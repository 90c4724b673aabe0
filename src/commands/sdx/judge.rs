//! `--judge-model`: a second model grades each final diagnosis against the gold on the written
//! rubric of [`crate::clinical::sdx::judge`]; a score of 4 or 5 counts correct. The judge's model,
//! rubric and prompt (by sha256) go into the provenance, its score and reason into each result.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use anyhow::Context as _;
use serde_json::{json, Value};

use super::aside::Aside;
use crate::app::settings::Settings;
use crate::clinical::sdx::judge;
use crate::engine::chat::source_sha256;

/// A started judge.
pub struct Judge {
    model: Aside,
    grammar: String,
}

impl Judge {
    /// Load the judge model (a GGUF file or a registered name).
    pub fn start(settings: &Settings, model: &str) -> anyhow::Result<Self> {
        let model = Aside::start(settings, model, "judge")?;
        let grammar =
            crate::answers::constraint::compile_for(&*model.session.backend, &judge::schema())
                .context("cannot compile the judge's schema")?;
        Ok(Self { model, grammar })
    }

    /// What results say about the judge.
    pub fn provenance(&self) -> Value {
        let [system, user] = judge::messages("{candidate}", "{reference}");
        self.model.provenance(json!({
            "rubric": judge::RUBRIC, "correct_from": judge::CORRECT_FROM,
            "prompt_sha256": source_sha256(&format!("{system}\n{user}"))}))
    }

    /// Grade a result record in place: `judge` {score, reason} or {error}, and `correct` from the
    /// score (the name match stays in `match`).
    pub fn grade(&self, record: &mut Value, cancel: &Arc<AtomicBool>) {
        if record["status"] != "ok" {
            return;
        }
        let Some(candidate) = record["diagnosis"].as_str().map(str::to_string) else {
            record["judge"] = json!({"score": 1, "reason": "no diagnosis"});
            record["correct"] = json!(false);
            return;
        };
        let reference = record["gold"].as_str().unwrap_or_default().to_string();
        let result = self.model.answer(
            judge::messages(&candidate, &reference),
            Some(self.grammar.clone()),
            cancel,
        );
        match result.map(|g| (judge::score(&g.text), g.text)) {
            Ok((Some(score), text)) => {
                let reason = serde_json::from_str::<Value>(&text)
                    .ok()
                    .and_then(|v| v.get("reason").cloned())
                    .unwrap_or(Value::Null);
                record["judge"] = json!({"score": score, "reason": reason});
                record["correct"] = json!(score >= judge::CORRECT_FROM);
            }
            Ok((None, text)) => {
                record["judge"] =
                    json!({"error": "the judge's answer has no score from 1 to 5", "answer": text});
            }
            Err(e) => record["judge"] = json!({"error": e.to_string()}),
        }
    }
}
