//! Reading what the user types: the rustyline REPL on a terminal (history, `"""` blocks, Ctrl-C
//! at the prompt) and one question per line from a pipe. Each line goes to [`super::turn`].

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context as _;
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{Config, Editor};

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::session::interactive::state::ChatState;

use super::turn::{handle, Flow};
use super::{helper, Options, Out};

fn history_path(settings: &Settings) -> PathBuf {
    settings.paths.data_dir.join("history.txt")
}

/// Create the history file (mode 0600) if needed, and make sure its mode is 0600.
fn secure_history(path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create '{}'", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        options.mode(0o600);
        options
            .open(path)
            .with_context(|| format!("cannot open history file '{}'", path.display()))?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot protect history file '{}'", path.display()))?;
    }
    #[cfg(not(unix))]
    options
        .open(path)
        .with_context(|| format!("cannot open history file '{}'", path.display()))?;
    Ok(())
}

pub(super) fn interactive_loop(
    state: &mut ChatState,
    settings: &Settings,
    args: &Options,
    out: &Out,
    interrupt: &Arc<AtomicBool>,
) -> anyhow::Result<Outcome> {
    let config = Config::builder()
        .auto_add_history(false)
        .bracketed_paste(true)
        .max_history_size(5000)
        .map_err(|e| anyhow::anyhow!("history size: {e}"))?
        .completion_type(rustyline::CompletionType::List)
        .build();
    let mut editor: Editor<helper::ReplHelper, FileHistory> =
        Editor::with_config(config).context("cannot start the line editor")?;
    editor.set_helper(Some(helper::ReplHelper::default()));
    let history = (!args.no_history).then(|| history_path(settings));
    if let Some(path) = &history {
        secure_history(path)?;
        if let Err(e) = editor.load_history(path) {
            out.error(&format!("cannot read history '{}': {e}", path.display()));
        }
    }
    out.info("ddx chat: ask a question, /help lists the commands, Ctrl-D leaves. Decision support for researchers, not medical advice.");
    loop {
        let prompt = match state.case_id() {
            Some(id) => format!("{id}> "),
            None => "ddx> ".to_string(),
        };
        let line = match editor.readline(&prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                out.error(&format!("cannot read input: {e}"));
                break;
            }
        };
        let text = if is_block_start(&line) {
            // Ctrl-C inside a block abandons the whole block, as it clears a line.
            let mut abandoned = false;
            let text = collect_block(&line, || match editor.readline("... ") {
                Ok(more) => Some(more),
                Err(ReadlineError::Interrupted) => {
                    abandoned = true;
                    None
                }
                Err(_) => None,
            });
            if abandoned {
                continue;
            }
            text
        } else {
            line
        };
        if text.trim().is_empty() {
            continue;
        }
        // With --deid, history holds only what may be kept: the line de-identified.
        let _ = editor.add_history_entry(state.scrub(&text));
        if handle(state, &text, out, interrupt) == Flow::Exit {
            break;
        }
    }
    if let Some(path) = &history {
        if let Err(e) = editor.save_history(path) {
            out.error(&format!("cannot save history '{}': {e}", path.display()));
        }
        let _ = secure_history(path);
    }
    Ok(Outcome::Success)
}

pub(super) fn pipe_loop(
    state: &mut ChatState,
    out: &Out,
    interrupt: &Arc<AtomicBool>,
) -> anyhow::Result<Outcome> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    while let Some(line) = lines.next() {
        let line = line.context("cannot read stdin")?;
        let text = if is_block_start(&line) {
            let mut failed = None;
            let text = collect_block(&line, || match lines.next()? {
                Ok(more) => Some(more),
                Err(e) => {
                    failed = Some(e);
                    None
                }
            });
            if let Some(e) = failed {
                return Err(e).context("cannot read stdin");
            }
            text
        } else {
            line
        };
        if text.trim().is_empty() {
            continue;
        }
        if handle(state, &text, out, interrupt) == Flow::Exit {
            break;
        }
        if interrupt.load(Ordering::SeqCst) {
            return Ok(Outcome::Interrupted);
        }
    }
    Ok(Outcome::Success)
}

/// A line opening a `"""` block.
fn is_block_start(line: &str) -> bool {
    line.trim_start().starts_with("\"\"\"")
}

/// Read a `"""` block: from `first` (which opens it) until a line ending with `"""`, or until
/// `next` gives nothing more. Text on the opening and closing lines is kept.
fn collect_block(first: &str, mut next: impl FnMut() -> Option<String>) -> String {
    let opening = first.trim_start().trim_start_matches("\"\"\"");
    let mut block = opening.to_string();
    let mut closed = !opening.trim().is_empty() && opening.trim_end().ends_with("\"\"\"");
    while !closed {
        let Some(more) = next() else { break };
        closed = more.trim_end().ends_with("\"\"\"");
        block.push('\n');
        block.push_str(more.trim_end().trim_end_matches("\"\"\""));
    }
    block
        .trim_end()
        .trim_end_matches("\"\"\"")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(lines: &[&str]) -> String {
        let mut rest = lines[1..].iter().map(ToString::to_string);
        collect_block(lines[0], || rest.next())
    }

    #[test]
    fn triple_quote_blocks_join_lines() {
        assert!(is_block_start("  \"\"\""));
        assert!(!is_block_start("a \"\"\""));
        assert_eq!(block(&["\"\"\"", "fever", "rash", "\"\"\""]), "fever\nrash");
        assert_eq!(block(&["\"\"\"fever", "rash\"\"\""]), "fever\nrash");
        assert_eq!(block(&["\"\"\"one line\"\"\""]), "one line");
        assert_eq!(block(&["\"\"\"", "unterminated"]), "unterminated");
    }
}
