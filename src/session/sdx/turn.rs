//! How one turn of an encounter becomes a request to the engine: the turn's system and user
//! messages, the sampling settings, and the grammar of an action (or of a diagnosis only, when
//! the turn is forced), compiled once per backend. `ddx sdx run` and the TUI's watch mode both
//! ask the model this way, so the model sees the same prompt and constraint in either.

use crate::answers::constraint::compile_for;
use crate::app::settings::Settings;
use crate::clinical::sdx::{action, panel, Measured, Turn};
use crate::engine::{Backend, ChatMessage, GenRequest, Generation, SamplingParams};

/// How each turn is generated.
#[derive(Debug, Clone)]
pub struct TurnConfig {
    pub sampling: SamplingParams,
    pub max_tokens: u32,
    pub stop: Vec<String>,
    /// The constraint of every action, and of a forced diagnosis.
    pub grammar: String,
    pub forced_grammar: String,
    /// Play the panel's roles before each action (`ddx sdx run --panel`).
    pub panel: bool,
}

impl TurnConfig {
    /// The settings' sampling and the action grammars compiled for `backend`.
    pub fn new(settings: &Settings, backend: &dyn Backend, panel: bool) -> anyhow::Result<Self> {
        use anyhow::Context as _;
        Ok(Self {
            sampling: settings.sampling.clone(),
            max_tokens: settings.max_tokens,
            stop: settings.stop.clone(),
            grammar: compile_for(backend, &action::schema())
                .context("cannot compile the action schema")?,
            forced_grammar: compile_for(backend, &action::diagnose_schema())
                .context("cannot compile the diagnosis schema")?,
            panel,
        })
    }

    /// The request of the solver's action for `turn`.
    pub fn action_request(&self, turn: &Turn) -> GenRequest {
        let grammar = if turn.forced {
            &self.forced_grammar
        } else {
            &self.grammar
        };
        self.request(messages(turn), Some(grammar.clone()), self.max_tokens)
    }

    /// The request of a panel role's free-text notes (`--panel`): no grammar, a short answer.
    pub fn role_request(&self, [system, user]: [String; 2]) -> GenRequest {
        self.request(chat(system, user), None, panel::ROLE_TOKENS)
    }

    fn request(
        &self,
        messages: Vec<ChatMessage>,
        grammar: Option<String>,
        max_tokens: u32,
    ) -> GenRequest {
        GenRequest {
            messages,
            sampling: self.sampling.clone(),
            max_tokens,
            stop: self.stop.clone(),
            grammar,
        }
    }
}

/// A system and a user message.
pub fn chat(system: String, user: String) -> Vec<ChatMessage> {
    vec![
        ChatMessage::new("system", system),
        ChatMessage::new("user", user),
    ]
}

/// The chat messages of a turn.
pub fn messages(turn: &Turn) -> Vec<ChatMessage> {
    chat(turn.system.clone(), turn.user.clone())
}

/// What a finished generation tells the encounter about its reply: time and tokens.
pub fn measured(g: &Generation) -> Measured {
    Measured {
        ms: g.timings.total_ms,
        prompt_tokens: g.prompt_tokens,
        completion_tokens: g.completion_tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> TurnConfig {
        TurnConfig {
            sampling: SamplingParams::default(),
            max_tokens: 64,
            stop: vec!["\n\n".into()],
            grammar: "ACTION".into(),
            forced_grammar: "DIAGNOSE".into(),
            panel: false,
        }
    }

    fn turn(forced: bool) -> Turn {
        Turn {
            system: "You are the clinician.".into(),
            user: "A 30-year-old woman.".into(),
            forced,
            retry: false,
        }
    }

    #[test]
    fn a_forced_turn_is_constrained_to_a_diagnosis() {
        let c = config();
        assert_eq!(
            c.action_request(&turn(false)).grammar.as_deref(),
            Some("ACTION")
        );
        assert_eq!(
            c.action_request(&turn(true)).grammar.as_deref(),
            Some("DIAGNOSE")
        );
    }

    #[test]
    fn the_request_carries_the_turn_and_the_settings() {
        let r = config().action_request(&turn(false));
        assert_eq!(
            r.messages[0],
            ChatMessage::new("system", "You are the clinician.")
        );
        assert_eq!(
            r.messages[1],
            ChatMessage::new("user", "A 30-year-old woman.")
        );
        assert_eq!(
            (r.max_tokens, r.stop.clone()),
            (64, vec!["\n\n".to_string()])
        );
    }
}
