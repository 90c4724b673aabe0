//! Shell completions and man pages, generated from the clap tree (the hidden `ddx generate`
//! writes them: [`crate::commands::generate`]).
//!
//! The files are committed under completions/ and man/ so packagers and users get them without
//! building; tests/generated.rs fails when they drift from the CLI and prints [`REGENERATE`].
//! Generation is deterministic (no dates, no machine-dependent version text), so the golden test
//! passes on every machine and build flavour.

use clap::CommandFactory;
use clap_complete::{Generator as _, Shell};

use crate::cli::Cli;

/// The one command that rewrites every generated file.
pub const REGENERATE: &str = "cargo run --release -- generate all --dir .";

/// Shells completions are written for.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// A generated file: its name and its bytes.
pub type File = (String, Vec<u8>);

/// The clap tree as documented: the long version names this machine's CPU, so it is left out.
fn command() -> clap::Command {
    Cli::command().long_version(None::<&str>)
}

/// One completion script per shell.
pub fn completions() -> Vec<File> {
    SHELLS
        .iter()
        .map(|shell| {
            let mut cmd = command();
            let mut bytes = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "ddx", &mut bytes);
            (shell.file_name("ddx"), bytes)
        })
        .collect()
}

/// `ddx.1` plus one page per visible subcommand (`ddx-models-info.1`, ...).
pub fn man_pages() -> anyhow::Result<Vec<File>> {
    let mut cmd = command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = vec![("ddx.1".to_string(), top_page(&cmd)?)];
    fn walk(cmd: &clap::Command, pages: &mut Vec<File>) -> anyhow::Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let man = clap_mangen::Man::new(sub.clone());
            let mut bytes = Vec::new();
            man.render(&mut bytes)?;
            pages.push((man.get_filename(), bytes));
            walk(sub, pages)?;
        }
        Ok(())
    }
    walk(&cmd, &mut pages)?;
    pages.sort();
    Ok(pages)
}

/// Escape text for a roff body line.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

fn section(out: &mut String, title: &str, items: &[(String, String)]) {
    out.push_str(&format!(".SH \"{title}\"\n"));
    for (term, text) in items {
        out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(term), roff(text)));
    }
}

/// The main page: clap_mangen's sections plus exit status, environment and files.
fn top_page(cmd: &clap::Command) -> anyhow::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut bytes = Vec::new();
    man.render_title(&mut bytes)?;
    man.render_name_section(&mut bytes)?;
    man.render_synopsis_section(&mut bytes)?;
    man.render_description_section(&mut bytes)?;
    man.render_options_section(&mut bytes)?;
    man.render_subcommands_section(&mut bytes)?;
    man.render_extra_section(&mut bytes)?;
    let mut extra = String::new();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    section(
        &mut extra,
        "EXIT STATUS",
        &[
            pair("0", "Success."),
            pair(
                "1",
                "The command ran but some records failed (batch), or a model file is missing or \
                 does not match its sha256 (models verify).",
            ),
            pair(
                "2",
                "Usage, configuration or model error: nothing useful was produced.",
            ),
            pair(
                "130",
                "Interrupted (Ctrl-C); finished results were written.",
            ),
        ],
    );
    let mut env = vec![
        pair(
            "DDX_CONFIG_DIR",
            "Directory of config.toml and prompts/ (default: the platform config directory).",
        ),
        pair(
            "DDX_DATA_DIR",
            "Directory of models/ and the user model registry (default: the platform data directory).",
        ),
        pair(
            "DDX_CACHE_DIR",
            "Directory of cached model hashes (default: the platform cache directory).",
        ),
    ];
    for key in crate::app::settings::keys() {
        env.push((
            format!("DDX_{}", key.to_ascii_uppercase()),
            format!("Sets '{key}', overriding the config file; flags override it."),
        ));
    }
    env.push(pair(
        "NO_COLOR",
        "When set and not empty, '--color auto' prints no colours.",
    ));
    env.push(pair(
        "DDX_LOG",
        "Log filter for --verbose (tracing syntax, default 'info').",
    ));
    section(&mut extra, "ENVIRONMENT", &env);
    section(
        &mut extra,
        "FILES",
        &[
            pair(
                "$DDX_CONFIG_DIR/config.toml",
                "Settings; 'ddx config init' writes a commented one, 'ddx config paths' prints every location.",
            ),
            pair(
                "$DDX_DATA_DIR/models/",
                "GGUF models found by 'ddx models list'; registry.toml there holds models added with 'ddx models add'.",
            ),
            pair(
                "models/registry.toml",
                "Known models with their source and sha256, built into ddx.",
            ),
        ],
    );
    bytes.extend_from_slice(extra.as_bytes());
    man.render_version_section(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_escapes_dashes_and_leading_dots() {
        assert_eq!(roff("--gpu-layers"), "\\-\\-gpu\\-layers");
        assert_eq!(roff(".hidden"), "\\&.hidden");
        assert_eq!(roff("a\\b"), "a\\eb");
    }

    #[test]
    fn every_visible_subcommand_gets_a_page() {
        let pages = man_pages().expect("pages");
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        for name in [
            "ddx.1",
            "ddx-ask.1",
            "ddx-config-show.1",
            "ddx-models-info.1",
        ] {
            assert!(names.contains(&name), "{name} missing from {names:?}");
        }
        assert!(
            !names.iter().any(|n| n.contains("generate")),
            "hidden command documented"
        );
        let top =
            String::from_utf8_lossy(&pages.iter().find(|(n, _)| n == "ddx.1").expect("top").1)
                .into_owned();
        assert!(top.contains(".SH \"EXIT STATUS\"") && top.contains("DDX_TEMPERATURE"));
    }
}
