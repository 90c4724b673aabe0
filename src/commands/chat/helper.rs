//! Tab completion for the REPL: slash commands, `/set` keys, and paths after commands that
//! take a file.

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use super::command::{COMMANDS, SETTING_NAMES};

/// rustyline helper: completion only (no hints, no highlighting, no validation).
#[derive(Default)]
pub struct ReplHelper {
    files: FilenameCompleter,
}

impl std::fmt::Debug for ReplHelper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplHelper").finish_non_exhaustive()
    }
}

/// What to complete at the end of `head` (the line up to the cursor).
#[derive(Debug, PartialEq, Eq)]
pub enum Completion {
    /// Replace from `start` with one of these words.
    Words {
        start: usize,
        words: Vec<String>,
    },
    /// Complete a path.
    Path,
    None,
}

/// Decide what `head` needs: pure, so it is unit-tested.
pub fn completion_for(head: &str) -> Completion {
    if head.starts_with('/') && !head.contains(char::is_whitespace) {
        let words = COMMANDS
            .iter()
            .map(|(name, _, _)| (*name).to_string())
            .filter(|name| name.starts_with(head))
            .collect();
        return Completion::Words { start: 0, words };
    }
    if let Some(rest) = head.strip_prefix("/set ") {
        if !rest.contains(char::is_whitespace) {
            let words = SETTING_NAMES
                .iter()
                .filter(|name| name.starts_with(rest))
                .map(|name| format!("{name} "))
                .collect();
            return Completion::Words {
                start: head.len() - rest.len(),
                words,
            };
        }
        return Completion::None;
    }
    if ["/case ", "/save ", "/schema ", "/template "]
        .iter()
        .any(|p| head.starts_with(p))
    {
        return Completion::Path;
    }
    Completion::None
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let head = line.get(..pos).unwrap_or(line);
        match completion_for(head) {
            Completion::Words { start, words } => Ok((
                start,
                words
                    .into_iter()
                    .map(|w| Pair {
                        display: w.trim_end().to_string(),
                        replacement: w,
                    })
                    .collect(),
            )),
            Completion::Path => self.files.complete(line, pos, ctx),
            Completion::None => Ok((pos, Vec::new())),
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}
impl Highlighter for ReplHelper {}
impl Validator for ReplHelper {}
impl Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_commands_settings_and_paths() {
        assert_eq!(
            completion_for("/te"),
            Completion::Words {
                start: 0,
                words: vec!["/template".into()]
            }
        );
        match completion_for("/s") {
            Completion::Words { words, .. } => {
                assert_eq!(words, ["/system", "/set", "/schema", "/save", "/stats"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            completion_for("/set top_"),
            Completion::Words {
                start: 5,
                words: vec!["top_k ".into(), "top_p ".into()]
            }
        );
        assert_eq!(completion_for("/case tests/fix"), Completion::Path);
        assert_eq!(completion_for("/save out"), Completion::Path);
        assert_eq!(completion_for("why is"), Completion::None);
        assert_eq!(completion_for("/set seed 4"), Completion::None);
    }
}
