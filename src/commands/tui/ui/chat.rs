//! The conversation pane: the turns, the answer streaming in, and its reasoning when shown.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::super::state::TuiState;
use super::{wrapped, Theme};

/// A hint before the first question, and a note when old turns were dropped for context.
fn preamble(app: &TuiState, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if app.conversation.turns.is_empty() && app.streaming.is_none() {
        let hint = if app.conversation.case_messages.is_empty() {
            "Type a question below and press Enter."
        } else {
            "Press r to ask about this case as the template asks, or type a question below (Enter sends)."
        };
        lines.extend(wrapped(hint, width, theme.dim(), ""));
    }
    if app.conversation.dropped > 0 {
        lines.push(Line::styled(
            format!(
                "({} oldest turn(s) no longer fit the context; the case is kept)",
                app.conversation.dropped
            ),
            theme.dim(),
        ));
    }
    lines
}

pub(super) fn chat_lines(app: &TuiState, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = preamble(app, theme, width);
    let turns = &app.conversation.turns;
    let you = theme.fg(Color::Cyan).add_modifier(Modifier::BOLD);
    let model = theme.fg(Color::Green).add_modifier(Modifier::BOLD);
    for (i, turn) in turns.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled("You", you));
        let question = if turn.user.is_empty() {
            "(the case, as the template asks)"
        } else {
            &turn.user
        };
        lines.extend(wrapped(question, width, Style::new(), ""));
        let streaming_here = i + 1 == turns.len() && turn.finish.is_none() && turn.error.is_none();
        let mut head = vec![Span::styled("Model", model)];
        if turn.cancelled() {
            head.push(Span::styled(" [cancelled]", theme.error()));
        } else if turn.finish == Some(crate::engine::FinishReason::Length) {
            head.push(Span::styled(" [cut at the token limit]", theme.dim()));
        }
        lines.push(Line::from(head));
        let streaming = app.streaming.as_ref().filter(|_| streaming_here);
        let thinking = match streaming {
            Some(s) => {
                (s.reasoning_tokens > 0).then_some((s.reasoning.as_str(), s.reasoning_tokens))
            }
            None => turn
                .reasoning
                .as_deref()
                .map(|text| (text, turn.stats.map_or(0, |s| s.reasoning_tokens))),
        };
        if let Some((text, tokens)) = thinking {
            lines.extend(reasoning_lines(
                text,
                tokens,
                app.show_reasoning,
                theme,
                width,
            ));
        }
        if let Some(s) = streaming {
            let mut body = wrapped(&format!("{}▌", s.text), width, Style::new(), "");
            if s.text.is_empty() {
                let waiting = if thinking.is_some() {
                    "▌ (thinking…)"
                } else {
                    "▌ (reading the prompt…)"
                };
                body = vec![Line::styled(waiting, theme.dim())];
            }
            lines.extend(body);
        } else if streaming_here {
            lines.push(Line::styled("▌ (reading the prompt…)", theme.dim()));
        } else {
            lines.extend(wrapped(&turn.assistant, width, Style::new(), ""));
        }
        if let Some(error) = &turn.error {
            lines.extend(wrapped(
                &format!("error: {error}"),
                width,
                theme.error(),
                "",
            ));
        }
    }
    lines
}

/// A reasoning block: one summary line when folded, the text under it when shown.
fn reasoning_lines(
    text: &str,
    tokens: u32,
    shown: bool,
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let (mark, hint) = if shown {
        ("▾", "t folds it")
    } else {
        ("▸", "t shows it")
    };
    let mut lines = vec![Line::styled(
        format!("{mark} thinking: {tokens} tokens ({hint})"),
        theme.dim(),
    )];
    if shown {
        lines.extend(wrapped(text.trim(), width, theme.dim(), "│ "));
    }
    lines
}
