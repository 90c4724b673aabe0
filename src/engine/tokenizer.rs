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

    /// Add one prompt to a [`PromptProfile`]; returns its length in tokens.
    pub fn profile(
        &self,
        messages: &[ChatMessage],
        profile: &mut PromptProfile,
    ) -> Result<u32, EngineError> {
        let tokens = self.tokenize_messages(messages)?;
        Ok(profile.add(tokens.iter().map(|t| t.0)))
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

/// What a set of prompts looks like to the KV cache: the longest, the mean length and the token
/// prefix that all of them share. Built one prompt at a time, so memory stays flat.
#[derive(Debug, Default, Clone)]
pub struct PromptProfile {
    shared: Option<Vec<i32>>,
    longest: u32,
    total: u64,
    count: u64,
}

impl PromptProfile {
    /// Add a prompt's token ids; returns its length.
    pub fn add(&mut self, tokens: impl IntoIterator<Item = i32>) -> u32 {
        let tokens: Vec<i32> = tokens.into_iter().collect();
        let len = u32::try_from(tokens.len()).unwrap_or(u32::MAX);
        match &mut self.shared {
            None => self.shared = Some(tokens),
            Some(shared) => {
                let common = shared
                    .iter()
                    .zip(&tokens)
                    .take_while(|(a, b)| a == b)
                    .count();
                shared.truncate(common);
            }
        }
        self.longest = self.longest.max(len);
        self.total += u64::from(len);
        self.count += 1;
        len
    }

    /// Prompts added.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Tokens of the longest prompt (0 when none).
    pub fn longest(&self) -> u32 {
        self.longest
    }

    /// Mean prompt length in tokens (0 when none).
    pub fn mean(&self) -> u32 {
        u32::try_from(self.total.checked_div(self.count).unwrap_or(0)).unwrap_or(u32::MAX)
    }

    /// Leading tokens every prompt shares (a single prompt shares nothing with others).
    pub fn shared(&self) -> u32 {
        match &self.shared {
            Some(tokens) if self.count > 1 => u32::try_from(tokens.len()).unwrap_or(u32::MAX),
            _ => 0,
        }
    }

    /// The faster KV layout for these prompts (shared when nothing is known).
    pub fn kv_layout(&self) -> super::KvLayout {
        if self.count < 2 {
            return super::KvLayout::Shared;
        }
        super::KvLayout::for_prompts(self.shared(), self.mean())
    }
}

#[cfg(test)]
mod tests {
    use super::PromptProfile;
    use crate::engine::KvLayout;

    #[test]
    fn profile_tracks_the_shared_prefix_longest_and_mean() {
        let mut profile = PromptProfile::default();
        assert_eq!(profile.kv_layout(), KvLayout::Shared);
        assert_eq!(profile.add([1, 2, 3, 4, 5, 6]), 6);
        assert_eq!(profile.shared(), 0, "one prompt shares nothing");
        profile.add([1, 2, 3, 9]);
        profile.add([1, 2, 7, 7, 7, 7, 7, 7]);
        assert_eq!(profile.shared(), 2);
        assert_eq!(profile.longest(), 8);
        assert_eq!(profile.mean(), 6);
        assert_eq!(profile.count(), 3);
        assert_eq!(profile.kv_layout(), KvLayout::PerSequence);
    }

    #[test]
    fn mostly_shared_prompts_use_one_pool() {
        assert_eq!(KvLayout::for_prompts(1100, 1130), KvLayout::Shared);
        assert_eq!(KvLayout::for_prompts(80, 280), KvLayout::PerSequence);
        assert_eq!(KvLayout::for_prompts(50, 100), KvLayout::Shared);
        assert_eq!(KvLayout::for_prompts(0, 0), KvLayout::Shared);
    }
}
