//! Chat-template rendering and tokenization, usable from any thread.
//!
//! `LlamaModel` is `Send + Sync` and tokenization only reads the vocabulary, so a [`Tokenizer`]
//! shares the engine's model through an `Arc`. Modes use it to budget prompts (e.g. fit a long
//! timeline into the context) while the engine thread is busy decoding.

use std::sync::Arc;

use llama_cpp_2::model::{LlamaChatMessage, LlamaChatTemplate, LlamaModel};
use llama_cpp_2::token::LlamaToken;

use super::{ChatMessage, EngineError};

/// Renders messages with the model's chat template and counts tokens.
#[derive(Clone)]
pub struct Tokenizer {
    model: Arc<LlamaModel>,
    template: LlamaChatTemplate,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer").finish_non_exhaustive()
    }
}

impl Tokenizer {
    pub(super) fn new(model: Arc<LlamaModel>, template: LlamaChatTemplate) -> Self {
        Self { model, template }
    }

    /// The prompt text the model sees for these messages (ending with the assistant header).
    pub fn render(&self, messages: &[ChatMessage]) -> Result<String, EngineError> {
        let chat = messages
            .iter()
            .map(|m| LlamaChatMessage::new(m.role.clone(), m.content.clone()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                EngineError::ChatTemplate(format!("a message cannot be passed to llama.cpp: {e}"))
            })?;
        self.model
            .apply_chat_template(&self.template, &chat, true)
            .map_err(|e| EngineError::ChatTemplate(e.to_string()))
    }

    pub(super) fn tokenize_messages(
        &self,
        messages: &[ChatMessage],
    ) -> Result<Vec<LlamaToken>, EngineError> {
        let prompt = self.render(messages)?;
        Ok(self.model.vocab().tokenize(prompt.as_bytes(), true, true))
    }

    /// Tokens the messages take after the chat template.
    pub fn count_tokens(&self, messages: &[ChatMessage]) -> Result<u32, EngineError> {
        self.tokenize_messages(messages)
            .map(|t| u32::try_from(t.len()).unwrap_or(u32::MAX))
    }

    /// Tokens of a piece of plain text (no special tokens), e.g. one timeline line.
    pub fn count_text(&self, text: &str) -> u32 {
        u32::try_from(
            self.model
                .vocab()
                .tokenize(text.as_bytes(), false, false)
                .len(),
        )
        .unwrap_or(u32::MAX)
    }
}
