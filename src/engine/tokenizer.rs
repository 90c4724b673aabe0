//! Prompts as the model sees them: chat-template rendering and token counts, usable from any
//! thread while the engine decodes (to budget prompts, fit a long timeline, size the KV cache).
//!
//! Each backend supplies its own [`Tokenize`]; [`Tokenizer`] is the cheap, cloneable handle modes
//! hold. [`PromptProfile`] summarises a set of prompts' token ids for KV sizing.

use std::sync::Arc;

use super::{ChatMessage, EngineError, KvLayout};

/// What a backend knows about turning messages into tokens.
pub trait Tokenize: Send + Sync + std::fmt::Debug {
    /// The prompt text the model sees for these messages (ending with the assistant header).
    fn render(&self, messages: &[ChatMessage]) -> Result<String, EngineError>;
    /// The token ids of the rendered prompt.
    fn token_ids(&self, messages: &[ChatMessage]) -> Result<Vec<i32>, EngineError>;
    /// Tokens of a piece of plain text (no special tokens), e.g. one timeline line.
    fn count_text(&self, text: &str) -> u32;
    /// The text of each token id, special tokens spelled out (empty when the backend cannot
    /// say, as for a served model).
    fn pieces(&self, _ids: &[i32]) -> Vec<String> {
        Vec::new()
    }
    /// The prompt an answer is scored after: [`Tokenize::render`], with a reasoning block the
    /// prompt opens closed (options are answers, not thinking).
    fn render_answer(&self, messages: &[ChatMessage]) -> Result<String, EngineError> {
        self.render(messages)
    }
    /// Token ids of an already rendered prompt text (`None` when the backend cannot say).
    fn tokenize_prompt(&self, _text: &str) -> Option<Vec<i32>> {
        None
    }
}

/// A backend's tokenizer, shared.
#[derive(Debug, Clone)]
pub struct Tokenizer(Arc<dyn Tokenize>);

impl Tokenizer {
    pub fn new(inner: Arc<dyn Tokenize>) -> Self {
        Self(inner)
    }

    /// The prompt text the model sees for these messages (ending with the assistant header).
    pub fn render(&self, messages: &[ChatMessage]) -> Result<String, EngineError> {
        self.0.render(messages)
    }

    /// Tokens the messages take after the chat template.
    pub fn count_tokens(&self, messages: &[ChatMessage]) -> Result<u32, EngineError> {
        self.0
            .token_ids(messages)
            .map(|t| u32::try_from(t.len()).unwrap_or(u32::MAX))
    }

    /// Add one prompt to a [`PromptProfile`]; returns its length in tokens.
    pub fn profile(
        &self,
        messages: &[ChatMessage],
        profile: &mut PromptProfile,
    ) -> Result<u32, EngineError> {
        Ok(profile.add(self.0.token_ids(messages)?))
    }

    /// Tokens of a piece of plain text (no special tokens), e.g. one timeline line.
    pub fn count_text(&self, text: &str) -> u32 {
        self.0.count_text(text)
    }

    /// The token ids of the rendered prompt.
    pub fn token_ids(&self, messages: &[ChatMessage]) -> Result<Vec<i32>, EngineError> {
        self.0.token_ids(messages)
    }

    /// The token ids of a prompt text already rendered (special tokens parsed, BOS added as the
    /// model's tokenizer does); `None` when the backend cannot tokenize text itself.
    pub fn tokenize_prompt(&self, text: &str) -> Option<Vec<i32>> {
        self.0.tokenize_prompt(text)
    }

    /// The prompt an answer is scored after (a reasoning block the prompt opens is closed).
    pub fn render_answer(&self, messages: &[ChatMessage]) -> Result<String, EngineError> {
        self.0.render_answer(messages)
    }

    /// The text of each token id, special tokens spelled out.
    pub fn pieces(&self, ids: &[i32]) -> Vec<String> {
        self.0.pieces(ids)
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
    pub fn kv_layout(&self) -> KvLayout {
        if self.count < 2 {
            return KvLayout::Shared;
        }
        KvLayout::for_prompts(self.shared(), self.mean())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
