//! `ddx templates`: the prompt templates ddx knows, built-in and the user's own, one per line
//! (name, description, where it comes from), then the built-in chat templates; `ddx templates
//! show NAME` prints one template's source (TOML for a prompt template, Jinja for a chat one).

use std::io::Write as _;

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::cases::prompt_templates::Registry;
use crate::engine::chat;

pub fn run(settings: &Settings) -> anyhow::Result<Outcome> {
    let registry = Registry::new(Some(settings.paths.prompts_dir()));
    let mut out = std::io::stdout().lock();
    for (name, description, origin) in registry.list() {
        writeln!(out, "{name:<14} {description}  [{origin}]")?;
    }
    writeln!(
        out,
        "\nchat templates (--chat-template NAME): {}",
        chat::builtin_names().join(", ")
    )?;
    Ok(Outcome::Success)
}

/// Print the source of a prompt template (name or path), else of a built-in chat template.
pub fn show(settings: &Settings, name: &str) -> anyhow::Result<Outcome> {
    let registry = Registry::new(Some(settings.paths.prompts_dir()));
    let source = match (registry.source(name), chat::builtin(name)) {
        (Ok(source), _) => source,
        (Err(_), Some(jinja)) => jinja.to_string(),
        (Err(error), None) => {
            return Err(error.context(format!(
                "'{name}' is no prompt template, nor a built-in chat template ({})",
                chat::builtin_names().join(", ")
            )))
        }
    };
    let mut out = std::io::stdout().lock();
    out.write_all(source.as_bytes())?;
    if !source.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(Outcome::Success)
}
