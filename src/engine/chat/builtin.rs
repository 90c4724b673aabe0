//! The chat templates compiled into ddx, as Jinja sources (`templates/*.jinja`), by name.
//!
//! Each renders the same text as llama.cpp's hard-coded template of the same name for the
//! messages ddx sends (system, user, assistant); `qwen` is `chatml` plus Qwen's default system
//! prompt. The cross-check lives in `engine/llama/chat_template_check.rs`.

/// Name and Jinja source of every built-in template.
pub const BUILTINS: &[(&str, &str)] = &[
    ("chatml", include_str!("templates/chatml.jinja")),
    ("qwen", include_str!("templates/qwen.jinja")),
    ("llama3", include_str!("templates/llama3.jinja")),
    ("gemma", include_str!("templates/gemma.jinja")),
    ("phi3", include_str!("templates/phi3.jinja")),
    ("phi4", include_str!("templates/phi4.jinja")),
    ("mistral-v7", include_str!("templates/mistral-v7.jinja")),
    ("zephyr", include_str!("templates/zephyr.jinja")),
    ("deepseek", include_str!("templates/deepseek.jinja")),
    ("deepseek3", include_str!("templates/deepseek3.jinja")),
];

/// The Jinja source of a built-in template.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTINS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, source)| *source)
}

/// The names of the built-in templates, in order.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}
