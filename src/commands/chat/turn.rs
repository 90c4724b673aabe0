//! One line of a chat: a slash command run against the chat's state, or a question whose answer
//! streams to stdout (with the answer's stats line on stderr).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::engine::FinishReason;
use crate::session::interactive::state::ChatState;

use super::command::{self, SlashCommand};
use super::{transcript, Out};

/// What the loop does after a line.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Flow {
    Continue,
    Exit,
}

pub(super) fn announce_case(state: &ChatState, out: &Out) {
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
pub(super) fn handle(
    state: &mut ChatState,
    text: &str,
    out: &Out,
    interrupt: &Arc<AtomicBool>,
) -> Flow {
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
            crate::message!(
                "{}",
                crate::session::answer_line::stats_line(generation, out.color)
            );
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
