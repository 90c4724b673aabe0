//! The model-backed gatekeeper's side of an encounter: which answers of the last step may be
//! rephrased (those that revealed findings) and taking a rephrasing, checked by
//! [`crate::clinical::sdx::paraphrase::check`]; a refused one leaves the deterministic answer.

use serde_json::{json, Value};

use super::{Encounter, Measured};
use crate::clinical::sdx::paraphrase;

/// One answer to rephrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToRephrase {
    /// Which reveal of the last step.
    pub index: usize,
    /// The gatekeeper model's system and user messages.
    pub messages: [String; 2],
}

impl Encounter {
    /// The answers of the last step that revealed findings, with the gatekeeper model's prompt.
    pub fn to_rephrase(&self) -> Vec<ToRephrase> {
        let Some(step) = self.steps.last() else {
            return Vec::new();
        };
        step.reveals
            .iter()
            .zip(&step.shown)
            .enumerate()
            .filter(|(_, (r, shown))| !shown.is_empty() && r.get("gatekeeper").is_none())
            .map(|(index, (r, _))| ToRephrase {
                index,
                messages: paraphrase::messages(
                    r["request"].as_str().unwrap_or_default(),
                    r["text"].as_str().unwrap_or_default(),
                    r["answer"].as_str().unwrap_or_default(),
                ),
            })
            .collect()
    }

    /// Take the gatekeeper model's rephrasing of reveal `index` of the last step: it becomes the
    /// answer when [`paraphrase::check`] passes it; either way it is recorded under `gatekeeper`
    /// (with `fell_back` and why). Returns whether it was used.
    pub fn rephrase(&mut self, index: usize, reply: &str, measured: Measured) -> bool {
        let case = &self.case;
        let Some(step) = self.steps.last_mut() else {
            return false;
        };
        let (Some(reveal), Some(shown)) = (step.reveals.get_mut(index), step.shown.get(index))
        else {
            return false;
        };
        let answer = reveal["answer"].as_str().unwrap_or_default().to_string();
        let reply = reply.trim();
        let checked = paraphrase::check(case, shown, &answer, reply);
        let mut record: Value = json!({"paraphrase": reply, "fell_back": checked.is_err(),
            "ms": measured.ms, "prompt_tokens": measured.prompt_tokens,
            "completion_tokens": measured.completion_tokens});
        match checked {
            Ok(()) => {
                reveal["deterministic_answer"] = json!(answer);
                reveal["answer"] = json!(reply);
            }
            Err(why) => record["refused"] = json!(why.to_string()),
        }
        let used = record["fell_back"] == json!(false);
        reveal["gatekeeper"] = record;
        used
    }

    /// Record that the gatekeeper model failed on reveal `index`: the deterministic answer stays.
    pub fn rephrase_failed(&mut self, index: usize, error: &str) {
        if let Some(reveal) = self.steps.last_mut().and_then(|s| s.reveals.get_mut(index)) {
            reveal["gatekeeper"] = json!({"fell_back": true, "error": error});
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::sdx::{Limits, Prices, SeqCase};

    fn encounter() -> Encounter {
        let case = SeqCase::from_value(
            &json!({"opening": "A 30-year-old woman with palpitations.",
                "diagnosis": "Graves disease",
                "tests": {"TSH": "Undetectable, below 0.01 mU/L",
                    "TSH receptor antibodies": "Strongly positive at 12 IU/L"}}),
            1,
        )
        .unwrap();
        let limits = Limits {
            max_turns: 5,
            budget: None,
        };
        let mut e = Encounter::new(case, limits, Prices::shipped());
        e.reply(
            r#"{"action": "order", "tests": ["TSH", "serum ammonia"]}"#,
            Measured::default(),
        );
        e
    }

    #[test]
    fn only_answers_that_revealed_findings_are_rephrased() {
        let e = encounter();
        let items = e.to_rephrase();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].index, 0);
        let prompt = items[0].messages.join("\n");
        assert!(prompt.contains("Undetectable"));
        assert!(!prompt.contains("Strongly positive") && !prompt.contains("Graves"));
    }

    #[test]
    fn a_refused_rephrasing_falls_back_and_never_reaches_the_solver() {
        let mut e = encounter();
        assert!(!e.rephrase(0, "TSH undetectable: Graves' disease.", Measured::default()));
        let reveal = &e.steps()[0].reveals[0];
        assert_eq!(reveal["gatekeeper"]["fell_back"], true);
        assert_eq!(reveal["answer"], "TSH: Undetectable, below 0.01 mU/L");
        let next = e.next().unwrap();
        assert!(!next.user.contains("Graves"), "{}", next.user);
        // Already answered: not offered again.
        assert!(e.to_rephrase().is_empty());
    }

    #[test]
    fn an_accepted_rephrasing_is_what_the_solver_reads() {
        let mut e = encounter();
        assert!(e.rephrase(
            0,
            "The lab says your TSH is undetectable, below 0.01 mU/L.",
            Measured::default()
        ));
        let reveal = &e.steps()[0].reveals[0];
        assert_eq!(
            reveal["answer"],
            "The lab says your TSH is undetectable, below 0.01 mU/L."
        );
        assert_eq!(
            reveal["deterministic_answer"],
            "TSH: Undetectable, below 0.01 mU/L"
        );
        assert!(e
            .next()
            .unwrap()
            .user
            .contains("The lab says your TSH is undetectable, below 0.01"));
    }
}
