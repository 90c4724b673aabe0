//! `--judge-model`: a second model grades each final diagnosis against the gold on the written
//! rubric of [`crate::clinical::sdx::judge`], seeing what SDBench's judge sees (the case's
//! opening, the final diagnosis, the differential, the gold). It runs greedy whatever the
//! solver's sampling. Its score and reason go into each result and `correct` comes from the
//! score (`method: judge`); the name match stays beside it (`match`, `name_correct`). A judge that
//! fails on an encounter (a backend error, a reply that is not a score with a reason) makes that
//! encounter an error of kind `judge`, counted apart: never a silent fallback to the name match.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use anyhow::Context as _;
use serde_json::{json, Value};

use super::aside::Aside;
use crate::app::settings::Settings;
use crate::clinical::sdx::judge::{self, Shown};
use crate::engine::chat::source_sha256;
use crate::engine::SamplingParams;

/// A started judge.
pub struct Judge {
    model: Aside,
    grammar: String,
}

impl Judge {
    /// Load the judge model (a GGUF file or a registered name), greedy.
    pub fn start(settings: &Settings, model: &str) -> anyhow::Result<Self> {
        let mut settings = settings.clone();
        settings.sampling = SamplingParams {
            temperature: 0.0,
            ..settings.sampling.clone()
        };
        let model = Aside::start(&settings, model, "judge")?;
        let grammar =
            crate::answers::constraint::compile_for(&*model.session.backend, &judge::schema())
                .context("cannot compile the judge's schema")?;
        Ok(Self { model, grammar })
    }

    /// What results say about the judge.
    pub fn provenance(&self) -> Value {
        let differential = ["{differential}".to_string()];
        let [system, user] = judge::messages(&Shown {
            opening: "{opening}",
            diagnosis: "{diagnosis}",
            differential: &differential,
            gold: "{gold}",
        });
        self.model.provenance(json!({
            "rubric": judge::RUBRIC, "correct_from": judge::CORRECT_FROM,
            "shown": ["opening", "diagnosis", "differential", "gold"],
            "prompt_sha256": source_sha256(&format!("{system}\n{user}"))}))
    }

    /// Grade a result record in place (see the module's doc); `opening` is the case's.
    pub fn grade(&self, record: &mut Value, opening: &str, cancel: &Arc<AtomicBool>) {
        record["method"] = json!("judge");
        if record["status"] != "ok" {
            return;
        }
        let Some(diagnosis) = record["diagnosis"].as_str().map(str::to_string) else {
            record["name_correct"] = record["correct"].clone();
            record["judge"] = json!({"ran": false, "why": "no diagnosis"});
            record["correct"] = json!(false);
            return;
        };
        let differential: Vec<String> = record["differential"]
            .as_array()
            .map(|d| {
                d.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let gold = record["gold"].as_str().unwrap_or_default().to_string();
        let shown = Shown {
            opening,
            diagnosis: &diagnosis,
            differential: &differential,
            gold: &gold,
        };
        let reply = self
            .model
            .answer(judge::messages(&shown), Some(self.grammar.clone()), cancel)
            .map(|g| g.text)
            .map_err(|e| e.to_string());
        apply(record, reply);
    }
}

/// Put the judge's reply (or its failure) into a result record.
fn apply(record: &mut Value, reply: Result<String, String>) {
    record["name_correct"] = record["correct"].take();
    let graded = match reply {
        Err(e) => Err((format!("the judge failed: {e}"), None)),
        Ok(text) => judge::read(&text).map_err(|e| (e.to_string(), Some(text))),
    };
    match graded {
        Ok((score, reason)) => {
            record["judge"] = json!({"ran": true, "score": score, "reason": reason});
            record["correct"] = json!(score >= judge::CORRECT_FROM);
        }
        Err((message, reply)) => {
            record["status"] = json!("error");
            record["error"] = json!({"kind": "judge", "message": message});
            record["judge"] = json!({"ran": false, "error": message, "reply": reply});
            if let Some(fields) = record.as_object_mut() {
                fields.remove("correct");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encounter() -> Value {
        json!({"status": "ok", "diagnosis": "Hepatitis B", "gold": "Hepatitis A",
            "correct": false, "match": "none", "method": "judge"})
    }

    #[test]
    fn a_score_with_its_reason_decides_and_the_name_match_stays_beside_it() {
        let mut r = encounter();
        apply(
            &mut r,
            Ok(r#"{"score": 5, "reason": "same disease"}"#.into()),
        );
        assert_eq!(r["correct"], true);
        assert_eq!(r["name_correct"], false);
        assert_eq!(
            r["judge"],
            json!({"ran": true, "score": 5, "reason": "same disease"})
        );
        let mut r = encounter();
        apply(
            &mut r,
            Ok(r#"{"score": 3, "reason": "another virus"}"#.into()),
        );
        assert_eq!(
            (r["correct"].clone(), r["status"].clone()),
            (json!(false), json!("ok"))
        );
    }

    #[test]
    fn a_judge_that_fails_makes_an_error_never_a_name_match() {
        for reply in [
            Err("the backend went away".to_string()),
            Ok("I think it is correct".to_string()),
            Ok(r#"{"score": 7, "reason": "x"}"#.to_string()),
            Ok(r#"{"score": 5}"#.to_string()),
        ] {
            let mut r = encounter();
            r["correct"] = json!(true);
            apply(&mut r, reply.clone());
            assert_eq!(r["status"], "error", "{reply:?}");
            assert_eq!(r["error"]["kind"], "judge");
            assert!(r.get("correct").is_none(), "{r}");
            assert_eq!(r["judge"]["ran"], false);
            assert_eq!(r["name_correct"], true);
        }
    }
}
