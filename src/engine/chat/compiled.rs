//! One compiled chat template: renders messages to the prompt text the model was trained on.
//!
//! At compile time the template is probed twice with sentinel messages:
//! - does a system message survive? A template without a system role (one that raises on it,
//!   like Gemma 2's, or drops it) gets the system prompt folded into the first user turn by ddx,
//!   so it is never lost;
//! - what follows an assistant turn? That text up to the next whitespace (`<|im_end|>`,
//!   `<end_of_turn>`, `<|eot_id|>`, ...) is the template's end-of-turn marker: generation stops
//!   on it even where the vocabulary has it only as plain text.

use minijinja::{context, Environment, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::jinja::{environment, TEMPLATE_NAME};
use crate::engine::{ChatMessage, EngineError, ReasoningConfig, ThinkMarkers};

const SYSTEM_PROBE: &str = "DDX-SYSTEM-PROBE";
const USER_PROBE: &str = "DDX-USER-PROBE";
const ASSISTANT_PROBE: &str = "DDX-ASSISTANT-PROBE";

/// The special-token texts a template may print (`{{ bos_token }}`, `{{ eos_token }}`).
#[derive(Debug, Clone, Default)]
pub struct SpecialTokens {
    pub bos: String,
    pub eos: String,
    /// The tokenizer adds BOS itself: a rendered prompt's leading BOS text is removed, so the
    /// model never sees two (as llama-server does).
    pub tokenizer_adds_bos: bool,
}

/// A chat template, compiled and probed.
#[derive(Debug)]
pub struct ChatTemplate {
    name: String,
    sha256: String,
    source: String,
    env: Environment<'static>,
    special: SpecialTokens,
    system_role: bool,
    end_markers: Vec<String>,
    /// The reasoning block of this template's generations, when it has one.
    thinking: Option<ThinkMarkers>,
    /// `enable_thinking` for the template; false also closes an open block in the prompt.
    enable_thinking: bool,
}

#[derive(Serialize)]
struct Message<'a> {
    role: &'a str,
    content: &'a str,
}

/// The sha256 of a template's source, hex.
pub fn source_sha256(source: &str) -> String {
    hex::encode(Sha256::digest(source.as_bytes()))
}

impl ChatTemplate {
    /// Compile `source` (named `name` in errors: a built-in name, `model` or a file path).
    pub fn new(name: &str, source: &str, special: SpecialTokens) -> Result<Self, EngineError> {
        let env = environment(source.to_string()).map_err(|e| jinja_error(name, &e))?;
        let mut template = Self {
            name: name.to_string(),
            sha256: source_sha256(source),
            source: source.to_string(),
            env,
            special,
            system_role: true,
            end_markers: Vec::new(),
            thinking: None,
            enable_thinking: true,
        };
        template.probe()?;
        Ok(template)
    }

    fn probe(&mut self) -> Result<(), EngineError> {
        let user = ChatMessage::new("user", USER_PROBE);
        let with_system = [ChatMessage::new("system", SYSTEM_PROBE), user.clone()];
        self.system_role =
            matches!(self.raw(&with_system, true), Ok(text) if text.contains(SYSTEM_PROBE));
        // A template that cannot render one user message is of no use: report why now.
        let plain = self.raw(std::slice::from_ref(&user), true)?;
        if !plain.contains(USER_PROBE) {
            return Err(EngineError::ChatTemplate(format!(
                "'{}' does not render the user's message",
                self.name
            )));
        }
        let turn = [user, ChatMessage::new("assistant", ASSISTANT_PROBE)];
        if let Ok(text) = self.raw(&turn, false) {
            if let Some(at) = text.find(ASSISTANT_PROBE) {
                let after = text[at + ASSISTANT_PROBE.len()..].trim_start();
                let marker: String = after.chars().take_while(|c| !c.is_whitespace()).collect();
                if !marker.is_empty() {
                    self.end_markers.push(marker);
                }
            }
        }
        if !self.special.eos.is_empty() && !self.end_markers.contains(&self.special.eos) {
            self.end_markers.push(self.special.eos.clone());
        }
        Ok(())
    }

    /// The template as it renders, without folding or BOS removal.
    fn raw(
        &self,
        messages: &[ChatMessage],
        add_generation_prompt: bool,
    ) -> Result<String, EngineError> {
        let template = self
            .env
            .get_template(TEMPLATE_NAME)
            .map_err(|e| jinja_error(&self.name, &e))?;
        let messages: Vec<Message<'_>> = messages
            .iter()
            .map(|m| Message {
                role: &m.role,
                content: &m.content,
            })
            .collect();
        template
            .render(context! {
                messages => Value::from_serialize(&messages),
                add_generation_prompt => add_generation_prompt,
                enable_thinking => self.enable_thinking,
                bos_token => self.special.bos.as_str(),
                eos_token => self.special.eos.as_str(),
            })
            .map_err(|e| jinja_error(&self.name, &e))
    }

    /// The prompt for `messages`, ending with the assistant's header when
    /// `add_generation_prompt`.
    pub fn render(
        &self,
        messages: &[ChatMessage],
        add_generation_prompt: bool,
    ) -> Result<String, EngineError> {
        let folded;
        let messages = if self.system_role {
            messages
        } else {
            folded = fold_system(messages);
            &folded
        };
        let text = self.raw(messages, add_generation_prompt)?;
        let bos = &self.special.bos;
        let mut text = match text.strip_prefix(bos.as_str()) {
            Some(rest) if self.special.tokenizer_adds_bos && !bos.is_empty() => rest.to_string(),
            _ => text,
        };
        if let (Some(markers), true, false) =
            (&self.thinking, add_generation_prompt, self.enable_thinking)
        {
            // Thinking off (`--reasoning-budget 0`) and the template did not close a block
            // itself: an empty block, so the model answers at once.
            let end = text.trim_end();
            if !end.ends_with(markers.close.as_str()) {
                if end.ends_with(markers.open.as_str()) {
                    text.push_str(&markers.close_text);
                } else {
                    text.push_str(&markers.empty_block());
                }
            }
        }
        Ok(text)
    }

    /// The template with the run's reasoning settings: whether its generations have a reasoning
    /// block, and whether thinking is on (a budget of 0 turns it off).
    #[must_use]
    pub fn with_reasoning(mut self, config: ReasoningConfig) -> Self {
        self.thinking = ThinkMarkers::for_template(config.format, &self.source);
        self.enable_thinking = config.budget != Some(0);
        self
    }

    /// The reasoning block's markers, when generations may think (thinking on).
    pub fn thinking(&self) -> Option<&ThinkMarkers> {
        self.thinking.as_ref().filter(|_| self.enable_thinking)
    }

    /// What the template was chosen as: a built-in name, `model`, or a file path.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The sha256 of the template's source.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The Jinja source.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether a system message renders as itself (otherwise ddx folds it into the first user
    /// turn).
    pub fn has_system_role(&self) -> bool {
        self.system_role
    }

    /// Texts that end an assistant turn: generation stops on them.
    pub fn end_markers(&self) -> &[String] {
        &self.end_markers
    }
}

/// The system messages joined and put before the first user message's text (a blank line
/// between), as Gemma's own template does; without a user message they become one.
pub fn fold_system(messages: &[ChatMessage]) -> Vec<ChatMessage> {
    let system: Vec<&str> = messages
        .iter()
        .filter(|m| m.role == "system")
        .map(|m| m.content.as_str())
        .collect();
    let mut rest: Vec<ChatMessage> = messages
        .iter()
        .filter(|m| m.role != "system")
        .cloned()
        .collect();
    if system.is_empty() {
        return rest;
    }
    let prefix = system.join("\n\n");
    match rest.iter_mut().find(|m| m.role == "user") {
        Some(user) => user.content = format!("{prefix}\n\n{}", user.content),
        None => rest.insert(0, ChatMessage::new("user", prefix)),
    }
    rest
}

fn jinja_error(name: &str, error: &minijinja::Error) -> EngineError {
    let line = error
        .line()
        .map_or_else(String::new, |line| format!(" (line {line})"));
    let detail = error.detail().map_or_else(
        || error.kind().to_string(),
        |d| format!("{}: {d}", error.kind()),
    );
    EngineError::ChatTemplate(format!("'{name}'{line}: {detail}"))
}
