//! The local model's chat template (rendered by [`ChatTemplate`]) and vocabulary, usable from
//! any thread.
//!
//! `LlamaModel` is `Send + Sync` and tokenization only reads the vocabulary, so a
//! [`LlamaTokenizer`] shares the engine's model through an `Arc`. Modes use it (as the engine's
//! [`crate::engine::Tokenizer`]) to budget prompts while the engine thread is busy decoding.

use std::sync::Arc;

use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::token::LlamaToken;

use crate::engine::chat::ChatTemplate;
use crate::engine::{ChatMessage, EngineError, ThinkSplitter, Tokenize};

/// Renders messages with the model's chat template and tokenizes with its vocabulary.
pub struct LlamaTokenizer {
    model: Arc<LlamaModel>,
    template: ChatTemplate,
}

impl std::fmt::Debug for LlamaTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlamaTokenizer").finish_non_exhaustive()
    }
}

impl LlamaTokenizer {
    pub(super) fn new(model: Arc<LlamaModel>, template: ChatTemplate) -> Self {
        Self { model, template }
    }

    /// The prompt's tokens, as the engine decodes them.
    pub(super) fn tokenize_messages(
        &self,
        messages: &[ChatMessage],
    ) -> Result<Vec<LlamaToken>, EngineError> {
        let prompt = self.render(messages)?;
        Ok(self.model.vocab().tokenize(prompt.as_bytes(), true, true))
    }

    /// The prompt of a generation and, for a template whose generations think, the splitter of
    /// its reasoning. With `constrained` (a grammar applies to the answer) an undecided block is
    /// opened in the prompt, so the grammar can start where the block closes.
    pub(super) fn generation_prompt(
        &self,
        messages: &[ChatMessage],
        constrained: bool,
    ) -> Result<(Vec<LlamaToken>, Option<ThinkSplitter>), EngineError> {
        let mut prompt = self.render(messages)?;
        let splitter = match self.template.thinking() {
            None => None,
            Some(markers) => {
                let end = prompt.trim_end();
                if end.ends_with(markers.close.as_str()) {
                    None
                } else if end.ends_with(markers.open.as_str()) {
                    Some(ThinkSplitter::new(markers.clone(), true))
                } else if constrained {
                    prompt.push_str(&markers.open_text);
                    Some(ThinkSplitter::new(markers.clone(), true))
                } else {
                    Some(ThinkSplitter::new(markers.clone(), false))
                }
            }
        };
        let tokens = self.model.vocab().tokenize(prompt.as_bytes(), true, true);
        Ok((tokens, splitter))
    }

    /// The tokens of `text` inside a generation (special tokens parsed, no BOS).
    pub(super) fn tokenize_inside(&self, text: &str) -> Vec<LlamaToken> {
        self.model.vocab().tokenize(text.as_bytes(), false, true)
    }

    /// Texts that end the assistant's turn in this template: generation stops on them.
    pub(super) fn end_markers(&self) -> &[String] {
        self.template.end_markers()
    }
}

impl Tokenize for LlamaTokenizer {
    /// The prompt text the model sees for these messages (ending with the assistant header).
    fn render(&self, messages: &[ChatMessage]) -> Result<String, EngineError> {
        self.template.render(messages, true)
    }

    fn token_ids(&self, messages: &[ChatMessage]) -> Result<Vec<i32>, EngineError> {
        Ok(self
            .tokenize_messages(messages)?
            .into_iter()
            .map(|t| t.0)
            .collect())
    }

    fn pieces(&self, ids: &[i32]) -> Vec<String> {
        let vocab = self.model.vocab();
        let n_vocab = vocab.n_tokens();
        ids.iter()
            .map(|&id| {
                // An id outside the vocabulary would make llama.cpp throw across the FFI.
                if id < 0 || id >= n_vocab {
                    return String::new();
                }
                String::from_utf8_lossy(&vocab.token_to_piece(LlamaToken(id), true, None))
                    .into_owned()
            })
            .collect()
    }

    fn render_answer(&self, messages: &[ChatMessage]) -> Result<String, EngineError> {
        let mut prompt = self.render(messages)?;
        if let Some(markers) = self.template.thinking() {
            let end = prompt.trim_end();
            if end.ends_with(markers.open.as_str()) {
                prompt.push_str(&markers.close_text);
            }
        }
        Ok(prompt)
    }

    fn tokenize_prompt(&self, text: &str) -> Option<Vec<i32>> {
        Some(
            self.model
                .vocab()
                .tokenize(text.as_bytes(), true, true)
                .into_iter()
                .map(|t| t.0)
                .collect(),
        )
    }

    fn count_text(&self, text: &str) -> u32 {
        u32::try_from(
            self.model
                .vocab()
                .tokenize(text.as_bytes(), false, false)
                .len(),
        )
        .unwrap_or(u32::MAX)
    }
}
