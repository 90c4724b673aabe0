//! Chat templates: the Jinja template a GGUF carries (`tokenizer.chat_template`), a built-in one
//! by name, or a user's file, rendered by a real Jinja engine (minijinja with the extensions
//! Hugging Face templates use) rather than llama.cpp's name-matching of known formats. Pure
//! logic: the engine's llama backend supplies the model's template, special tokens and facts.
//!
//! - [`ChatTemplate`]: compile, probe (system role, end-of-turn marker), render.
//! - [`builtin`]: the built-in templates (`templates/*.jinja`), byte-identical to llama.cpp's.
//! - [`choose`]: the template for a model that has none.

mod builtin;
mod choose;
mod compiled;
mod jinja;
#[cfg(test)]
mod tests;

pub use builtin::{builtin, builtin_names, BUILTINS};
pub use choose::{choose, Choice, ModelFacts, MARKERS};
pub use compiled::{fold_system, source_sha256, ChatTemplate, SpecialTokens};

/// A template the user asked for (`--chat-template`): a built-in name or a file's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateChoice {
    /// The built-in name, or the file's path as given.
    pub name: String,
    /// The Jinja source.
    pub source: String,
}
