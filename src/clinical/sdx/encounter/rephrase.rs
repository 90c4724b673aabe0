//! The model-backed gatekeeper's side of an encounter: which answers of the last step go to the
//! model (those that revealed findings; with `--absent synthetic`, also orders the case holds
//! nothing for), and taking its reply, checked by [`paraphrase::check`] or
//! [`paraphrase::check_synthetic`]; a refused one leaves the deterministic answer.

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
    /// A result for a test the case does not hold (`--absent synthetic`), not a rephrasing.
    pub synthetic: bool,
}

/// Whether a reveal is an order the case held nothing for, done and charged.
fn absent_order(reveal: &Value) -> bool {
    reveal["request"] == "order"
        && reveal.get("too_broad").is_none()
        && reveal.get("not_done").is_none()
        && reveal["findings"].as_array().is_some_and(Vec::is_empty)
}

impl Encounter {
    /// With `--absent synthetic` (and a gatekeeper model), an order the case holds nothing for
    /// gets a synthetic result from the model instead of "not available".
    pub fn with_synthetic_absent(mut self, on: bool) -> Self {
        self.synthetic_absent = on;
        self
    }

    /// The answers of the last step for the gatekeeper model, with its prompt.
    pub fn to_rephrase(&self) -> Vec<ToRephrase> {
        let Some(step) = self.steps.last() else {
            return Vec::new();
        };
        let case = paraphrase::case_text(&self.case);
        let text = |r: &Value, f: &str| r[f].as_str().unwrap_or_default().to_string();
        let mut out = Vec::new();
        for (index, (r, shown)) in step.reveals.iter().zip(&step.shown).enumerate() {
            if r.get("gatekeeper").is_some() {
                continue;
            }
            if !shown.is_empty() {
                let messages = paraphrase::messages(
                    &case,
                    &text(r, "request"),
                    &text(r, "text"),
                    &text(r, "answer"),
                );
                out.push(ToRephrase {
                    index,
                    messages,
                    synthetic: false,
                });
            } else if self.synthetic_absent && absent_order(r) {
                let messages = paraphrase::synthetic_messages(&case, &text(r, "text"));
                out.push(ToRephrase {
                    index,
                    messages,
                    synthetic: true,
                });
            }
        }
        out
    }

    /// Take the gatekeeper model's reply for reveal `index` of the last step: it becomes the
    /// answer when its check passes; either way it is recorded under `gatekeeper` (with
    /// `fell_back` and why). A synthetic result is marked `synthetic` and reveals no finding.
    /// Returns whether it was used.
    pub fn rephrase(&mut self, index: usize, reply: &str, measured: Measured) -> bool {
        let case = &self.case;
        let synthetic_absent = self.synthetic_absent;
        let Some(step) = self.steps.last_mut() else {
            return false;
        };
        let (Some(reveal), Some(shown)) = (step.reveals.get_mut(index), step.shown.get(index))
        else {
            return false;
        };
        let answer = reveal["answer"].as_str().unwrap_or_default().to_string();
        let reply = reply.trim();
        let synthetic = shown.is_empty() && synthetic_absent && absent_order(reveal);
        if shown.is_empty() && !synthetic {
            return false;
        }
        let checked = if synthetic {
            paraphrase::check_synthetic(case, reply)
        } else {
            paraphrase::check(case, &answer, reply)
        };
        let mut record: Value = json!({"paraphrase": reply, "fell_back": checked.is_err(),
            "ms": measured.ms, "prompt_tokens": measured.prompt_tokens,
            "completion_tokens": measured.completion_tokens});
        match checked {
            Ok(()) => {
                reveal["deterministic_answer"] = json!(answer);
                reveal["answer"] = json!(reply);
                if synthetic {
                    reveal["synthetic"] = json!(true);
                }
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
        let [_, user] = &items[0].messages;
        let (context, asked) = user.split_once("The physician's request").unwrap();
        assert!(asked.contains("Undetectable") && !asked.contains("Strongly positive"));
        // The model reads the case (as SDBench's gatekeeper), never the diagnosis.
        assert!(context.contains("Strongly positive"));
        assert!(!user.contains("Graves") && !items[0].synthetic);
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

    #[test]
    fn a_synthetic_result_is_marked_and_never_a_finding() {
        let plain = encounter();
        assert!(plain.to_rephrase().iter().all(|i| !i.synthetic));
        let mut e = encounter().with_synthetic_absent(true);
        // The reply was already given before the mode was set: replay the order.
        e.reply(
            r#"{"action": "order", "tests": ["serum ammonia"]}"#,
            Measured::default(),
        );
        let items = e.to_rephrase();
        assert_eq!(items.len(), 1);
        assert!(items[0].synthetic && items[0].messages[1].contains("serum ammonia"));
        assert!(!e.rephrase(0, "Ammonia normal; Graves disease.", Measured::default()));
        assert_eq!(
            e.steps()[1].reveals[0]["answer"],
            "serum ammonia: not available."
        );
        e.reply(
            r#"{"action": "order", "tests": ["serum ammonia"]}"#,
            Measured::default(),
        );
        let revealed = e.revealed().len();
        assert!(e.rephrase(0, "Serum ammonia 28 umol/L.", Measured::default()));
        let reveal = &e.steps()[2].reveals[0];
        assert_eq!(reveal["synthetic"], true);
        assert_eq!(reveal["answer"], "Serum ammonia 28 umol/L.");
        assert_eq!(reveal["findings"], json!([]));
        assert_eq!(e.revealed().len(), revealed);
    }
}
