//! `ddx chat`: a conversation with the model about one case at a time.
//!
//! On a terminal it is a rustyline REPL (history in the data directory, mode 0600; tab
//! completion of slash commands and paths; bracketed paste and `"""` blocks for multi-line
//! input). With stdin not a terminal it reads one question per line and prints one answer per
//! question, without prompts or colours. Answers go to stdout, everything else to stderr.
//!
//! Ctrl-C while an answer streams cancels that answer (the partial text stays in the
//! conversation, marked cancelled); at the prompt it clears the line; Ctrl-D leaves.

pub mod command;
mod helper;
pub mod transcript;

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context as _;
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{Config, Editor};

use crate::app::exit::Outcome;
use crate::app::settings::{DeidSettings, Settings};
use crate::engine::FinishReason;
use crate::session::interactive::casefile;
use crate::session::interactive::state::ChatState;
use command::SlashCommand;

/// What `ddx chat` was asked to do.
#[derive(Debug, Default)]
pub struct Options {
    /// Start on a case: `FILE` or `FILE#ID`.
    pub case: Option<String>,
    /// A system prompt that replaces the template's.
    pub system: Option<String>,
    /// Neither read nor write the history file.
    pub no_history: bool,
    /// `--deid`: cases and typed questions are de-identified before the model sees them.
    pub deid: Option<DeidSettings>,
}

/// What the loop does after a line.
#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Exit,
}

/// Where messages go and how they look.
struct Out {
    quiet: bool,
    color: bool,
}

impl Out {
    fn info(&self, text: &str) {
        if !self.quiet {
            eprintln!("{}", self.paint("2", text));
        }
    }

    fn error(&self, text: &str) {
        eprintln!("{}", self.paint("31", &format!("error: {text}")));
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

pub fn run(settings: &Settings, args: &Options) -> anyhow::Result<Outcome> {
    let interactive = std::io::stdin().is_terminal();
    let deid = crate::session::deid::deidentifier(args.deid.as_ref(), settings)?;
    let session = crate::session::start(settings, crate::session::Outgoing::cases(deid.is_some()))?;
    let mut state = ChatState::new(settings, session);
    state.deid = deid;
    state.conversation.system_override = args.system.as_deref().map(|s| state.scrub(s));
    if let Some(name) = &settings.template {
        state.registry.get(name)?;
    }
    let out = Out {
        quiet: settings.quiet,
        color: interactive && settings.color,
    };
    if let Some(arg) = &args.case {
        let (file, id) = casefile::split_case_arg(arg);
        state.load_cases(&file, id.as_deref())?;
        announce_case(&state, &out);
    }
    let interrupt = Arc::new(AtomicBool::new(false));
    if interactive {
        // rustyline reads keys in raw mode, so this only fires while an answer streams.
        signal_hook::flag::register(signal_hook::consts::SIGINT, interrupt.clone())
            .context("cannot install the Ctrl-C handler")?;
        interactive_loop(&mut state, settings, args, &out, &interrupt)
    } else {
        crate::app::signals::install(&interrupt)?;
        pipe_loop(&mut state, &out, &interrupt)
    }
}

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

fn interactive_loop(
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

fn pipe_loop(
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

fn announce_case(state: &ChatState, out: &Out) {
    let (Some(id), Some(file)) = (state.case_id(), state.cases.as_ref()) else {
        return;
    };
    let template = state.template.as_ref().map_or("-", |t| t.name.as_str());
    let tokens = state
        .session
        .backend
        .count_tokens(&state.conversation.messages())
        .map_or_else(|_| "?".to_string(), |n| n.to_string());
    out.info(&format!(
        "case {id} ({} of {}) from '{}', template {template}, {tokens} prompt tokens",
        state.position + 1,
        file.len(),
        file.path.display()
    ));
}

/// Run one line: a slash command or a question.
fn handle(state: &mut ChatState, text: &str, out: &Out, interrupt: &Arc<AtomicBool>) -> Flow {
    match command::parse(text) {
        None => {
            answer(state, text.trim(), out, interrupt);
            Flow::Continue
        }
        Some(Err(message)) => {
            out.error(&message);
            Flow::Continue
        }
        Some(Ok(command)) => run_command(state, command, out),
    }
}

fn run_command(state: &mut ChatState, command: SlashCommand, out: &Out) -> Flow {
    let result: anyhow::Result<Option<String>> = match command {
        SlashCommand::Exit => return Flow::Exit,
        SlashCommand::Help => {
            println!("{}", command::help());
            Ok(None)
        }
        SlashCommand::Case { file, id } => state.load_cases(&file, id.as_deref()).map(|()| {
            announce_case(state, out);
            None
        }),
        SlashCommand::CaseShow => match state.case() {
            None => Err(anyhow::anyhow!("no case is loaded (use /case FILE)")),
            Some(_) => {
                for m in &state.conversation.case_messages {
                    println!("[{}]\n{}\n", m.role, m.content);
                }
                Ok(None)
            }
        },
        SlashCommand::Next => state.step(1).map(|()| {
            announce_case(state, out);
            None
        }),
        SlashCommand::Prev => state.step(-1).map(|()| {
            announce_case(state, out);
            None
        }),
        SlashCommand::Template(name) => state.set_template(&name).map(Some),
        SlashCommand::System(text) => {
            let message = match &text {
                Some(_) => "system prompt replaced",
                None => "system prompt from the template",
            };
            state.conversation.system_override = text.map(|t| state.scrub(&t));
            Ok(Some(message.to_string()))
        }
        SlashCommand::Set(setting) => state
            .settings
            .apply(&setting)
            .map(Some)
            .map_err(|e| anyhow::anyhow!(e)),
        SlashCommand::Schema(file) => state.set_schema(file.as_deref()).map(Some),
        SlashCommand::Save(path) => {
            let wait = state.wait_for_writers;
            transcript::save(&path, &state.conversation, &state.provenance(), wait)
                .map(|()| Some(format!("saved '{}'", path.display())))
        }
        SlashCommand::Score => state.score().map(|lines| {
            for line in lines {
                println!("{line}");
            }
            None
        }),
        SlashCommand::Reset => {
            state.conversation.reset();
            Ok(Some("conversation cleared (the case stays loaded)".into()))
        }
        SlashCommand::Stats => Ok(Some(stats_text(state))),
        SlashCommand::Model => Ok(Some(state.model_line())),
    };
    match result {
        Ok(Some(message)) => out.info(&message),
        Ok(None) => {}
        Err(e) => out.error(&format!("{e:#}")),
    }
    Flow::Continue
}

fn stats_text(state: &ChatState) -> String {
    let last = state.conversation.turns.iter().rev().find_map(|t| t.stats);
    let mut text = format!(
        "session: {} answers, {} prompt tokens, {} generated tokens; {} turns in the conversation ({} dropped for context)",
        state.totals.0,
        state.totals.1,
        state.totals.2,
        state.conversation.turns.len(),
        state.conversation.dropped
    );
    if let Some(s) = last {
        text.push_str(&format!(
            "\nlast answer: {} prompt tokens ({} reused), first token {:.0} ms, {} tokens at {:.1} tok/s, context {}/{}",
            s.prompt_tokens, s.reused_tokens, s.ttft_ms, s.completion_tokens, s.tokens_per_second, s.context_used, s.context_size
        ));
    }
    text
}

/// Ask a question and stream the answer to stdout.
fn answer(state: &mut ChatState, question: &str, out: &Out, interrupt: &Arc<AtomicBool>) {
    let (request, dropped) = match state.ask(question) {
        Ok(ready) => ready,
        Err(error) => {
            out.error(&error.to_string());
            return;
        }
    };
    if dropped > 0 {
        out.info(&format!(
            "context full: dropped the oldest {dropped} turn(s); the system prompt and the case are kept"
        ));
    }
    interrupt.store(false, Ordering::SeqCst);
    let mut stdout = std::io::stdout().lock();
    let mut last_char = '\n';
    let mut write_failed = false;
    let result = state.session.backend.generate(
        state.spec,
        request,
        interrupt.clone(),
        &mut |piece| {
            if let Some(c) = piece.chars().last() {
                last_char = c;
            }
            if stdout
                .write_all(piece.as_bytes())
                .and_then(|()| stdout.flush())
                .is_err()
            {
                write_failed = true;
                interrupt.store(true, Ordering::SeqCst);
            }
        },
        &mut |_, _| {},
    );
    if last_char != '\n' {
        let _ = writeln!(stdout);
    }
    let _ = stdout.flush();
    drop(stdout);
    match &result {
        Ok(generation) => {
            if generation.finish_reason == FinishReason::Cancelled {
                out.error("answer cancelled (the partial text is kept, marked cancelled)");
            }
            if !out.quiet {
                eprintln!(
                    "{}",
                    crate::session::answer_line::stats_line(generation, out.color)
                );
            }
        }
        Err(e) => out.error(&e.to_string()),
    }
    if let Some(problem) = state.finish(result.as_ref().map_err(ToString::to_string)) {
        out.error(&problem);
    }
    if write_failed {
        out.error("cannot write the answer to stdout");
    }
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
