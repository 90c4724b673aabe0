//! Draws the sequential-diagnosis screen: the case (the opening, then each revealed finding under
//! history, examination or tests), the conversation with the gatekeeper, the input line, a
//! message line and the status bar (case, cost, turn).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use super::state::{SdxApp, Speaker, WATCH_HELP};
use crate::cases::id_key;
use crate::clinical::sdx::Kind;

/// Lines that fit a pane of this height when the text is wrapped at this width (rough: by
/// characters), so the newest lines of a long log stay in view.
fn scroll_to_end(lines: &[Line<'_>], width: u16, height: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(width)).sum();
    u16::try_from(rows.saturating_sub(usize::from(height))).unwrap_or(u16::MAX)
}

/// A bordered pane of wrapped lines, scrolled so that the newest stay in view.
fn newest_in_view(frame: &mut Frame, lines: Vec<Line<'_>>, title: String, area: Rect) {
    let inner = Block::bordered().inner(area);
    let scroll = scroll_to_end(&lines, inner.width, inner.height);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::bordered().title(title)),
        area,
    );
}

/// The end of a line that fits `width` columns (a long reply shows its newest part).
fn tail(text: &str, width: u16) -> String {
    let width = usize::from(width.max(2));
    let n = text.chars().count();
    if n <= width {
        return text.to_string();
    }
    let kept: String = text.chars().skip(n + 1 - width).collect();
    format!("…{kept}")
}

pub fn render(app: &SdxApp, frame: &mut Frame) {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let [main, message, status] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    let [case_area, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(main);
    let [chat_area, input_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(right);

    case_pane(app, frame, case_area, bold);
    chat_pane(app, frame, chat_area, bold);
    input_pane(app, frame, input_area);

    let help = app.watch.as_ref().map(|_| (WATCH_HELP.to_string(), false));
    if let Some((text, error)) = app.message.as_ref().or(help.as_ref()) {
        let style = if *error { bold } else { Style::default() };
        frame.render_widget(Paragraph::new(Span::styled(text.clone(), style)), message);
    }
    frame.render_widget(
        Paragraph::new(format!(" sdx · {} ", app.status()))
            .style(Style::default().add_modifier(Modifier::REVERSED)),
        status,
    );
}

/// The case: the opening, then what was revealed, grouped.
fn case_pane(app: &SdxApp, frame: &mut Frame, case_area: Rect, bold: Style) {
    let case = app.encounter.case();
    let mut lines = vec![Line::from(case.opening.clone()), Line::from("")];
    for (kind, title) in [
        (Kind::History, "History"),
        (Kind::Exam, "Examination"),
        (Kind::Test, "Tests"),
    ] {
        let found = app.revealed(kind);
        if found.is_empty() {
            continue;
        }
        lines.push(Line::styled(title, bold));
        for (name, text) in found {
            lines.push(Line::from(format!("· {name}: {text}")));
        }
    }
    let title = format!(
        " Case {}/{} · {} ",
        app.position.0 + 1,
        app.position.1,
        id_key(&case.id)
    );
    newest_in_view(frame, lines, title, case_area);
}

/// The conversation with the gatekeeper.
fn chat_pane(app: &SdxApp, frame: &mut Frame, chat_area: Rect, bold: Style) {
    let mut lines = Vec::new();
    for (who, text) in &app.log {
        let (label, style) = match who {
            Speaker::Player if app.watch.is_some() => ("Model", bold),
            Speaker::Player => ("You", bold),
            Speaker::Gatekeeper => ("Patient", Style::default()),
            Speaker::Note => ("»", bold),
        };
        for (i, row) in text.split('\n').enumerate() {
            if i == 0 {
                lines.push(Line::from(vec![
                    Span::styled(format!("{label}: "), style),
                    Span::raw(row.to_string()),
                ]));
            } else {
                lines.push(Line::from(format!("  {row}")));
            }
        }
    }
    newest_in_view(
        frame,
        lines,
        " Sequential diagnosis ".to_string(),
        chat_area,
    );
}

/// The input line, or the model's reply as it streams.
fn input_pane(app: &SdxApp, frame: &mut Frame, input_area: Rect) {
    let done = app.encounter.is_done();
    let (title, text) = match &app.watch {
        _ if done => (" Over: Esc quits ", format!("> {}", app.input)),
        Some(w) => match &w.reply {
            Some(reply) => (" The model's action (streaming) ", format!("> {reply}")),
            None if w.autoplay => (" Autoplay: a pauses ", String::from("> …")),
            None => (" Enter: the model's next step ", String::from(">")),
        },
        None => (" Your action (Enter) ", format!("> {}", app.input)),
    };
    frame.render_widget(
        Paragraph::new(tail(&text, Block::bordered().inner(input_area).width))
            .block(Block::bordered().title(title)),
        input_area,
    );
    if !done && app.watch.is_none() {
        let x = input_area.x + 3 + u16::try_from(app.input.chars().count()).unwrap_or(u16::MAX);
        frame.set_cursor_position((
            x.min(input_area.right().saturating_sub(2)),
            input_area.y + 1,
        ));
    }
}
