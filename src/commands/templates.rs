//! `ddx templates`: the prompt templates ddx knows, built-in and the user's own, one per line
//! (name, description, where it comes from).

use std::io::Write as _;

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::cases::templates::Registry;

pub fn run(settings: &Settings) -> anyhow::Result<Outcome> {
    let registry = Registry::new(Some(settings.paths.prompts_dir()));
    let mut out = std::io::stdout().lock();
    for (name, description, origin) in registry.list() {
        writeln!(out, "{name:<14} {description}  [{origin}]")?;
    }
    Ok(Outcome::Success)
}
