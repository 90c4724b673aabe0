//! One conversation about (optionally) one case, shared by `ddx chat` and `ddx tui`.
//!
//! The case, rendered through a template, is pinned: it opens the conversation and survives when
//! the context fills and the oldest turns are dropped. Messages are rebuilt the same way every
//! turn, so consecutive turns share a token prefix and the engine reuses its KV cache.

use std::time::SystemTime;

use crate::engine::{ChatMessage, FinishReason, GenRequest, Generation, SamplingParams};

/// Numbers about one answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TurnStats {
    pub prompt_tokens: u32,
    pub reused_tokens: u32,
    pub completion_tokens: u32,
    /// Of `completion_tokens`, those inside a reasoning block.
    pub reasoning_tokens: u32,
    pub ttft_ms: f64,
    pub tokens_per_second: f64,
    pub context_used: u32,
    pub context_size: u32,
}

impl TurnStats {
    pub fn from_generation(generation: &Generation) -> Self {
        let t = &generation.timings;
        let tokens_per_second = if t.generation_ms > 0.0 && generation.completion_tokens > 1 {
            f64::from(generation.completion_tokens - 1) * 1000.0 / t.generation_ms
        } else {
            0.0
        };
        Self {
            prompt_tokens: generation.prompt_tokens,
            reused_tokens: generation.reused_tokens,
            completion_tokens: generation.completion_tokens,
            reasoning_tokens: generation.reasoning.as_ref().map_or(0, |r| r.tokens),
            ttft_ms: t.ttft_ms,
            tokens_per_second,
            context_used: generation.context_used,
            context_size: generation.context_size,
        }
    }
}

/// One question and its answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    pub user: String,
    pub assistant: String,
    /// The reasoning block before the answer, for a model that thinks (never sent back to it).
    pub reasoning: Option<String>,
    /// `None` while the answer is being generated.
    pub finish: Option<FinishReason>,
    /// Set when the answer failed (the text says why).
    pub error: Option<String>,
    /// Under a schema: why the answer does not validate (`schema_mismatch: ...`).
    pub schema_problem: Option<String>,
    pub stats: Option<TurnStats>,
    pub at: SystemTime,
}

impl Turn {
    pub fn cancelled(&self) -> bool {
        self.finish == Some(FinishReason::Cancelled)
    }
}

/// A setting `/set` may change, with its parsed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting {
    Temperature(f32),
    TopK(i32),
    TopP(f32),
    MinP(f32),
    RepeatPenalty(f32),
    Seed(u32),
    MaxTokens(u32),
    /// `off` clears the stop strings.
    Stop(Option<String>),
}

/// The settings one answer is generated with; `/set` changes a session copy.
#[derive(Debug, Clone, PartialEq)]
pub struct GenSettings {
    pub sampling: SamplingParams,
    pub max_tokens: u32,
    pub stop: Vec<String>,
    /// A GBNF grammar and where it came from (a schema file or the template).
    pub grammar: Option<(String, String)>,
}

impl GenSettings {
    /// Apply a `/set`; the message confirms the new value or says why it was refused.
    pub fn apply(&mut self, setting: &Setting) -> Result<String, String> {
        let mut sampling = self.sampling.clone();
        let message = match setting {
            Setting::Temperature(v) => {
                sampling.temperature = *v;
                format!("temperature = {v}")
            }
            Setting::TopK(v) => {
                sampling.top_k = *v;
                format!("top_k = {v}")
            }
            Setting::TopP(v) => {
                sampling.top_p = *v;
                format!("top_p = {v}")
            }
            Setting::MinP(v) => {
                sampling.min_p = *v;
                format!("min_p = {v}")
            }
            Setting::RepeatPenalty(v) => {
                sampling.repeat_penalty = *v;
                format!("repeat_penalty = {v}")
            }
            Setting::Seed(v) => {
                sampling.seed = *v;
                format!("seed = {v}")
            }
            Setting::MaxTokens(v) => {
                self.max_tokens = *v;
                return Ok(format!("max_tokens = {v}"));
            }
            Setting::Stop(v) => {
                self.stop = v.iter().cloned().collect();
                return Ok(match v {
                    Some(s) => format!("stop = {s:?}"),
                    None => "stop strings cleared".to_string(),
                });
            }
        };
        sampling.validate()?;
        self.sampling = sampling;
        Ok(message)
    }
}

/// Why a conversation cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FitError {
    /// Even the case and the newest question alone do not fit.
    TooLong { needed: u32, budget: u32 },
    /// The tokenizer failed (e.g. the chat template).
    Tokenizer(String),
}

impl std::fmt::Display for FitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooLong { needed, budget } => write!(
                f,
                "the case and the question need {needed} tokens but only {budget} fit next to the answer (raise --ctx-size, or lower max_tokens)"
            ),
            Self::Tokenizer(e) => f.write_str(e),
        }
    }
}

/// A conversation: the pinned case and system prompt, then turns.
#[derive(Debug, Clone, Default)]
pub struct Conversation {
    /// `/system`: replaces the template's system prompt.
    pub system_override: Option<String>,
    /// The case rendered through the template (system and user messages).
    pub case_messages: Vec<ChatMessage>,
    pub turns: Vec<Turn>,
    /// Turns at the start of `turns` no longer sent to the model (the context filled).
    pub dropped: usize,
}

impl Conversation {
    /// Forget the turns, keep the case and the system prompt.
    pub fn reset(&mut self) {
        self.turns.clear();
        self.dropped = 0;
    }

    /// The system prompt in effect.
    pub fn system(&self) -> Option<&str> {
        self.system_override.as_deref().or_else(|| {
            self.case_messages
                .iter()
                .find(|m| m.role == "system")
                .map(|m| m.content.as_str())
        })
    }

    /// Start a turn (its answer is filled in as it streams).
    pub fn push_question(&mut self, question: &str) {
        self.turns.push(Turn {
            user: question.to_string(),
            assistant: String::new(),
            reasoning: None,
            finish: None,
            error: None,
            schema_problem: None,
            stats: None,
            at: SystemTime::now(),
        });
    }

    /// The turn being answered, if any.
    pub fn pending_mut(&mut self) -> Option<&mut Turn> {
        self.turns
            .last_mut()
            .filter(|t| t.finish.is_none() && t.error.is_none())
    }

    /// The messages the model sees: system prompt, the case, then the kept turns. The case's
    /// last user message opens the first kept question, so roles alternate for every template.
    pub fn messages(&self) -> Vec<ChatMessage> {
        let mut messages = Vec::new();
        if let Some(system) = self.system() {
            messages.push(ChatMessage::new("system", system));
        }
        let mut pinned: Vec<ChatMessage> = self
            .case_messages
            .iter()
            .filter(|m| m.role != "system")
            .cloned()
            .collect();
        let case_question = match pinned.last() {
            Some(last) if last.role == "user" => pinned.pop().map(|m| m.content),
            _ => None,
        };
        messages.extend(pinned);
        let kept = &self.turns[self.dropped.min(self.turns.len())..];
        for (i, turn) in kept.iter().enumerate() {
            let user = match (&case_question, i) {
                (Some(case), 0) if turn.user.trim().is_empty() => case.clone(),
                (Some(case), 0) => format!("{case}\n\n{}", turn.user),
                _ => turn.user.clone(),
            };
            messages.push(ChatMessage::new("user", user));
            if turn.finish.is_some() && !turn.assistant.is_empty() {
                messages.push(ChatMessage::new("assistant", turn.assistant.clone()));
            }
        }
        if kept.is_empty() {
            if let Some(case) = case_question {
                messages.push(ChatMessage::new("user", case));
            }
        }
        messages
    }

    /// Drop the oldest turns until the prompt fits `budget` tokens; returns how many were dropped
    /// now. The newest turn (the question being asked) is never dropped.
    pub fn fit(
        &mut self,
        budget: u32,
        count: &dyn Fn(&[ChatMessage]) -> Result<u32, String>,
    ) -> Result<usize, FitError> {
        let before = self.dropped;
        loop {
            let needed = count(&self.messages()).map_err(FitError::Tokenizer)?;
            if needed <= budget {
                return Ok(self.dropped - before);
            }
            if self.dropped + 1 >= self.turns.len() {
                return Err(FitError::TooLong { needed, budget });
            }
            self.dropped += 1;
        }
    }

    /// The request for the pending turn.
    pub fn request(&self, settings: &GenSettings) -> GenRequest {
        GenRequest {
            messages: self.messages(),
            sampling: settings.sampling.clone(),
            max_tokens: settings.max_tokens,
            stop: settings.stop.clone(),
            grammar: settings.grammar.as_ref().map(|(g, _)| g.clone()),
        }
    }
}

/// Tokens kept free for the answer: `max_tokens`, but never more than half the context.
pub fn prompt_budget(n_ctx: u32, max_tokens: u32) -> u32 {
    n_ctx.saturating_sub(max_tokens.min(n_ctx / 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(messages: &[ChatMessage]) -> Result<u32, String> {
        Ok(messages
            .iter()
            .map(|m| u32::try_from(m.content.split_whitespace().count()).unwrap_or(0) + 2)
            .sum())
    }

    fn answered(c: &mut Conversation, q: &str, a: &str) {
        c.push_question(q);
        let turn = c.pending_mut().expect("pending");
        turn.assistant = a.into();
        turn.finish = Some(FinishReason::Stop);
    }

    fn with_case() -> Conversation {
        Conversation {
            case_messages: vec![
                ChatMessage::new("system", "You reason."),
                ChatMessage::new("user", "CASE fever and rash"),
            ],
            ..Conversation::default()
        }
    }

    #[test]
    fn case_opens_the_first_question_and_roles_alternate() {
        let mut c = with_case();
        assert_eq!(
            c.messages(),
            vec![
                ChatMessage::new("system", "You reason."),
                ChatMessage::new("user", "CASE fever and rash")
            ]
        );
        answered(&mut c, "why?", "because");
        c.push_question("and then?");
        let m = c.messages();
        let roles: Vec<&str> = m.iter().map(|m| m.role.as_str()).collect();
        assert_eq!(roles, ["system", "user", "assistant", "user"]);
        assert_eq!(m[1].content, "CASE fever and rash\n\nwhy?");
        assert_eq!(m[3].content, "and then?");
    }

    #[test]
    fn system_override_replaces_the_template_system() {
        let mut c = with_case();
        c.system_override = Some("Be brief.".into());
        assert_eq!(c.messages()[0], ChatMessage::new("system", "Be brief."));
        assert_eq!(c.messages().len(), 2);
    }

    #[test]
    fn consecutive_turns_share_a_prefix() {
        let mut c = with_case();
        answered(&mut c, "q1", "a1");
        let first = c.messages();
        c.push_question("q2");
        let second = c.messages();
        assert_eq!(&second[..first.len()], &first[..]);
    }

    #[test]
    fn fit_drops_oldest_turns_but_keeps_system_and_case() {
        let mut c = with_case();
        for i in 0..5 {
            answered(
                &mut c,
                &format!("question {i} with words"),
                "an answer of five words",
            );
        }
        c.push_question("last question");
        let dropped = c.fit(30, &words).expect("fits");
        assert!(dropped > 0);
        let m = c.messages();
        assert_eq!(m[0].role, "system");
        assert!(
            m[1].content.starts_with("CASE fever and rash"),
            "{:?}",
            m[1]
        );
        assert!(m.last().expect("last").content.contains("last question"));
        assert!(words(&m).expect("count") <= 30);
        assert_eq!(c.turns.len(), 6, "the transcript keeps every turn");
    }

    #[test]
    fn fit_reports_a_case_too_long_for_the_context() {
        let mut c = with_case();
        c.push_question("q");
        assert!(matches!(
            c.fit(3, &words),
            Err(FitError::TooLong { budget: 3, .. })
        ));
    }

    #[test]
    fn set_validates_ranges_and_keeps_the_old_value() {
        let mut s = GenSettings {
            sampling: SamplingParams::default(),
            max_tokens: 10,
            stop: vec![],
            grammar: None,
        };
        assert!(s.apply(&Setting::Temperature(0.7)).is_ok());
        assert!((s.sampling.temperature - 0.7).abs() < 1e-6);
        let error = s.apply(&Setting::TopP(3.0)).expect_err("out of range");
        assert!(
            error.contains("top-p") || error.contains("top_p"),
            "{error}"
        );
        assert!((s.sampling.top_p - 0.95).abs() < 1e-6);
        s.apply(&Setting::MaxTokens(5)).expect("ok");
        assert_eq!(s.max_tokens, 5);
        s.apply(&Setting::Stop(Some("END".into()))).expect("ok");
        assert_eq!(s.stop, ["END"]);
        s.apply(&Setting::Stop(None)).expect("ok");
        assert!(s.stop.is_empty());
    }

    #[test]
    fn budget_leaves_room_for_the_answer() {
        assert_eq!(prompt_budget(4096, 512), 3584);
        assert_eq!(prompt_budget(256, 4000), 128);
    }
}
