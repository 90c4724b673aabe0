//! Messages on stderr, in one place: every note, warning and summary a command writes for the
//! person at the terminal goes through these macros, so that the command's name, `--quiet`,
//! colour and `NO_COLOR` are decided once (ripgrep's `messages.rs` is the model).
//!
//! The dispatch calls [`configure`] once per process, before the command runs. Then:
//! - [`note!`](crate::note): `ddx <command>: …`, progress and summaries; `--quiet` drops it;
//! - [`warning!`](crate::warning): `ddx <command>: warning: …`, something the user must know
//!   (data skipped, a setting ignored); shown even under `--quiet`;
//! - [`message!`](crate::message): a line as written, without the prefix (tables, summaries
//!   and the interactive play's prompts); `--quiet` drops it;
//! - [`say!`](crate::say): a line as written that `--quiet` does not drop (answers to a
//!   command the user typed in an interactive loop);
//! - [`prompt`]: an interactive loop's prompt, without a newline; `--quiet` drops it.
//!
//! Data never goes here: it goes to stdout. Patient text never goes here unless the user asked.
//!
//! May use: std only (it is the lowest floor of the face, so every layer above the domain may
//! report through it).

use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::RwLock;

static QUIET: AtomicBool = AtomicBool::new(false);
static COLOR: AtomicBool = AtomicBool::new(false);
static COMMAND: RwLock<&'static str> = RwLock::new("");

/// Set, once per process, the command's name (`batch`, `sdx run`; empty for none), whether
/// `--quiet` was given, and whether stderr takes colours (`--color`, `NO_COLOR`, a terminal).
pub fn configure(command: &'static str, quiet: bool, color: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
    COLOR.store(color, Ordering::Relaxed);
    if let Ok(mut name) = COMMAND.write() {
        *name = command;
    }
}

/// Whether `--quiet` was given: for the rare caller that must skip work (not only a message)
/// when nothing would be shown, such as drawing a progress bar.
pub fn is_quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Whether stderr takes colours.
pub fn is_color() -> bool {
    COLOR.load(Ordering::Relaxed)
}

/// `ddx batch`, or `ddx` before a command is known.
pub fn prefix() -> String {
    let command = COMMAND.read().map(|name| *name).unwrap_or("");
    if command.is_empty() {
        "ddx".to_string()
    } else {
        format!("ddx {command}")
    }
}

/// The kinds of line, each with its own prefix and its own answer to `--quiet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `ddx <command>: …`, dropped by `--quiet`.
    Note,
    /// `ddx <command>: warning: …`, always shown.
    Warning,
    /// The line as written, dropped by `--quiet`.
    Message,
    /// The line as written, always shown.
    Say,
}

/// The line as it will stand on stderr (without the newline), or None where `--quiet` drops it.
pub fn format_line(
    kind: Kind,
    text: fmt::Arguments<'_>,
    quiet: bool,
    color: bool,
) -> Option<String> {
    let shown = matches!(kind, Kind::Warning | Kind::Say) || !quiet;
    if !shown {
        return None;
    }
    Some(match kind {
        Kind::Note => format!("{}: {text}", prefix()),
        Kind::Warning if color => format!("{}: \x1b[33mwarning\x1b[0m: {text}", prefix()),
        Kind::Warning => format!("{}: warning: {text}", prefix()),
        Kind::Message | Kind::Say => text.to_string(),
    })
}

/// Write one line of the given kind to stderr; a failed write to stderr is dropped (there is
/// nowhere else to report it).
pub fn emit(kind: Kind, text: fmt::Arguments<'_>) {
    if let Some(line) = format_line(kind, text, is_quiet(), is_color()) {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "{line}");
    }
}

/// A prompt on stderr without a newline (an interactive loop's `> `), unless `--quiet`.
pub fn prompt(text: &str) {
    if !is_quiet() {
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "{text}");
        let _ = stderr.flush();
    }
}

/// `ddx <command>: …` on stderr, unless `--quiet`.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::app::messages::emit($crate::app::messages::Kind::Note, format_args!($($arg)*))
    };
}

/// `ddx <command>: warning: …` on stderr, even under `--quiet`.
#[macro_export]
macro_rules! warning {
    ($($arg:tt)*) => {
        $crate::app::messages::emit($crate::app::messages::Kind::Warning, format_args!($($arg)*))
    };
}

/// A line on stderr as written, unless `--quiet`.
#[macro_export]
macro_rules! message {
    ($($arg:tt)*) => {
        $crate::app::messages::emit($crate::app::messages::Kind::Message, format_args!($($arg)*))
    };
}

/// A line on stderr as written, even under `--quiet`.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::app::messages::emit($crate::app::messages::Kind::Say, format_args!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_drops_notes_and_messages_but_not_warnings() {
        let line = |kind, quiet| format_line(kind, format_args!("3 ok"), quiet, false);
        assert_eq!(line(Kind::Note, true), None);
        assert_eq!(line(Kind::Message, true), None);
        assert_eq!(line(Kind::Message, false).as_deref(), Some("3 ok"));
        assert_eq!(line(Kind::Say, true).as_deref(), Some("3 ok"));
        let warning = line(Kind::Warning, true).unwrap();
        assert!(warning.ends_with(": warning: 3 ok"), "{warning}");
        assert!(warning.starts_with("ddx"), "{warning}");
        let note = line(Kind::Note, false).unwrap();
        assert!(
            note.starts_with("ddx") && note.ends_with(": 3 ok"),
            "{note}"
        );
    }

    #[test]
    fn colour_marks_only_the_warning_label() {
        let coloured = format_line(Kind::Warning, format_args!("x"), false, true).unwrap();
        assert!(coloured.contains("\x1b[33mwarning\x1b[0m: x"), "{coloured}");
        let plain = format_line(Kind::Note, format_args!("x"), false, true).unwrap();
        assert!(!plain.contains('\x1b'), "{plain}");
    }
}
