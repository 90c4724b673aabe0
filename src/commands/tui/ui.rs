//! Drawing: a pure function of [`TuiState`]. Panes: the case (left), the conversation and the input
//! box (middle), the differential (right on wide terminals, under the case on narrow ones when
//! there is one), a message line and a status bar. Colours only when allowed (NO_COLOR).

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, LineGauge, Paragraph};
use ratatui::Frame;

use super::differential::{self, Differential};
use super::keymap::{Mode, BINDINGS};
use super::state::{Focus, TuiState};
use crate::cases::{iso_day_number, Case};

/// Styles, or none of them when colour is off (bold and reverse stay: they are not colour).
#[derive(Clone, Copy)]
struct Theme {
    color: bool,
}

impl Theme {
    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    fn heading(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }

    fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            self.dim()
        }
    }

    fn kind(self, kind: &str) -> Style {
        let color = match kind_tag(kind) {
            "LAB" => Color::Magenta,
            "MED" => Color::Green,
            "PROC" => Color::Blue,
            "IMG" => Color::LightBlue,
            "VIT" => Color::Yellow,
            "DX" => Color::Red,
            _ => Color::Gray,
        };
        self.fg(color).add_modifier(Modifier::BOLD)
    }
}

/// A short tag per timeline entry kind, so kinds stay distinct without colour.
fn kind_tag(kind: &str) -> &'static str {
    let k = kind.to_ascii_lowercase();
    if k.contains("lab") {
        "LAB"
    } else if k.contains("med") || k.contains("drug") || k.contains("prescri") {
        "MED"
    } else if k.contains("proc") || k.contains("ecg") || k.contains("surg") {
        "PROC"
    } else if k.contains("imag") || k.contains("radio") || k.contains("scan") {
        "IMG"
    } else if k.contains("vital") {
        "VIT"
    } else if k.contains("diag") || k.contains("dx") || k.contains("problem") {
        "DX"
    } else if k.contains("note") || k.contains("visit") || k.contains("encounter") {
        "NOTE"
    } else {
        "EVT"
    }
}

/// Greedy word wrap by characters; words longer than the width are split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut len = 0;
        for word in paragraph.split(' ') {
            let mut word: Vec<char> = word.chars().collect();
            while word.len() > width {
                if len > 0 {
                    out.push(std::mem::take(&mut line));
                    len = 0;
                }
                out.push(word.drain(..width).collect());
            }
            let wlen = word.len();
            if len > 0 && len + 1 + wlen > width {
                out.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.extend(word);
            len += wlen;
        }
        out.push(line);
    }
    out
}

fn wrapped<'a>(text: &str, width: usize, style: Style, indent: &str) -> Vec<Line<'a>> {
    wrap(text, width.saturating_sub(indent.chars().count()))
        .into_iter()
        .map(|l| Line::styled(format!("{indent}{l}"), style))
        .collect()
}

/// A section's text, keeping the indentation of structured findings (see
/// [`crate::cases::section_text`]): a wrapped line continues under its own text, and a line
/// that opens a group (`Vital Signs:`) is bold.
fn section_lines(text: &str, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        let hanging = indent + if body.starts_with("- ") { 2 } else { 0 };
        let style = if body.ends_with(':') {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let room = width.saturating_sub(hanging).max(8);
        for (i, part) in wrap(body, room).into_iter().enumerate() {
            let pad = if i == 0 { indent } else { hanging };
            out.push(Line::styled(format!("{}{part}", " ".repeat(pad)), style));
        }
    }
    out
}

/// Everything searchable in a case, as one text.
pub fn case_text(case: &Case) -> String {
    let mut text = String::new();
    for s in &case.sections {
        text.push_str(&s.text);
        text.push('\n');
    }
    for e in &case.timeline {
        text.push_str(&e.text);
        text.push('\n');
    }
    for part in [&case.question, &case.prompt].into_iter().flatten() {
        text.push_str(part);
        text.push('\n');
    }
    for o in &case.options {
        text.push_str(&o.text);
        text.push('\n');
    }
    if let Some(messages) = &case.messages {
        for m in messages {
            text.push_str(&m.content);
            text.push('\n');
        }
    }
    text
}

/// Sort key putting timeline entries in time order (dates, then day offsets, then as given).
fn chronological(case: &Case) -> Vec<&crate::cases::TimelineEntry> {
    let mut entries: Vec<_> = case.timeline.iter().collect();
    entries.sort_by_key(|e| {
        e.date
            .as_deref()
            .and_then(iso_day_number)
            .or(e.day)
            .unwrap_or(i64::MAX)
    });
    entries
}

fn case_lines(app: &TuiState, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let Some(file) = &app.cases else {
        lines.push(Line::raw("No case file open."));
        lines.push(Line::styled("Start with: ddx tui FILE", theme.dim()));
        lines.push(Line::raw(""));
        lines.extend(wrapped(
            "You can still ask the model questions in the input box.",
            width,
            theme.dim(),
            "",
        ));
        return lines;
    };
    let Some(entry) = file.entries.get(app.position) else {
        return lines;
    };
    let case = match &entry.case {
        Ok(case) => case,
        Err(error) => {
            lines.push(Line::styled(
                format!("Case {} cannot be used:", entry.id),
                theme.error(),
            ));
            lines.extend(wrapped(error, width, theme.error(), ""));
            return lines;
        }
    };
    let mut head = vec![Span::styled(
        entry.id.clone(),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if let Some(patient) = case.patient_line() {
        head.push(Span::raw(format!(" · {patient}")));
    }
    lines.push(Line::from(head));
    if let Some(verdict) = app.reviewed.get(&entry.id) {
        lines.push(Line::styled(
            format!("✓ reviewed: {verdict}"),
            theme.fg(Color::Green),
        ));
    }
    for s in &case.sections {
        lines.push(Line::raw(""));
        lines.push(Line::styled(s.title.clone(), theme.heading()));
        lines.extend(section_lines(&s.text, width));
    }
    if !case.timeline.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Timeline", theme.heading()));
        for e in chronological(case) {
            let tag = kind_tag(&e.kind);
            let prefix = format!("{} {tag:<4} ", e.when);
            let body = wrap(&e.text, width.saturating_sub(prefix.chars().count()).max(8));
            for (i, part) in body.into_iter().enumerate() {
                if i == 0 {
                    lines.push(Line::from(vec![
                        Span::styled(format!("{} ", e.when), theme.dim()),
                        Span::styled(format!("{tag:<4} "), theme.kind(&e.kind)),
                        Span::raw(part),
                    ]));
                } else {
                    lines.push(Line::raw(format!(
                        "{}{part}",
                        " ".repeat(prefix.chars().count())
                    )));
                }
            }
        }
        for (title, tag) in [("Labs", "LAB"), ("Medications", "MED")] {
            let picked: Vec<_> = chronological(case)
                .into_iter()
                .filter(|e| kind_tag(&e.kind) == tag)
                .collect();
            if !picked.is_empty() {
                lines.push(Line::raw(""));
                lines.push(Line::styled(title, theme.heading()));
                for e in picked {
                    lines.extend(wrapped(&format!("• {}", e.text), width, Style::new(), ""));
                }
            }
        }
    }
    if let Some(question) = &case.question {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Question", theme.heading()));
        lines.extend(wrapped(question, width, Style::new(), ""));
    }
    for o in &case.options {
        lines.extend(wrapped(
            &format!("{}. {}", o.label, o.text),
            width,
            Style::new(),
            "  ",
        ));
    }
    if let Some(prompt) = &case.prompt {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Prompt", theme.heading()));
        lines.extend(wrapped(prompt, width, Style::new(), ""));
    }
    if let Some(messages) = &case.messages {
        for m in messages {
            lines.push(Line::raw(""));
            lines.push(Line::styled(m.role.clone(), theme.heading()));
            lines.extend(wrapped(&m.content, width, Style::new(), ""));
        }
    }
    lines
}

fn chat_lines(app: &TuiState, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let turns = &app.conversation.turns;
    if turns.is_empty() && app.streaming.is_none() {
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

fn diff_lines(
    d: Option<&Differential>,
    app: &TuiState,
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let Some(d) = d else {
        let text = if app.latest_answer().is_some() {
            "The answer has no structured differential."
        } else {
            "Ranked diagnoses appear here when the template asks for structured output."
        };
        lines.extend(wrapped(text, width, theme.dim(), ""));
        return lines;
    };
    if let Some(most) = &d.most_likely {
        lines.push(Line::styled("Most likely", theme.heading()));
        lines.extend(wrapped(
            most,
            width,
            Style::new().add_modifier(Modifier::BOLD),
            "",
        ));
        lines.push(Line::raw(""));
    }
    let bar_width = width.saturating_sub(6).max(4);
    for (rank, dx) in d.diagnoses.iter().enumerate() {
        lines.extend(wrapped(
            &format!("{}. {}", rank + 1, dx.name),
            width,
            Style::new(),
            "",
        ));
        match dx.likelihood {
            Some(l) => {
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    clippy::cast_precision_loss
                )]
                let filled = ((l * bar_width as f64).round() as usize).min(bar_width);
                lines.push(Line::from(vec![
                    Span::styled("█".repeat(filled), theme.fg(Color::Magenta)),
                    Span::styled("░".repeat(bar_width - filled), theme.dim()),
                    Span::raw(format!(" {:>3.0}%", l * 100.0)),
                ]));
            }
            None => lines.push(Line::styled("(no likelihood)", theme.dim())),
        }
    }
    for (title, items) in [("Red flags", &d.red_flags), ("Next steps", &d.next_steps)] {
        if !items.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(title, theme.heading()));
            for item in items {
                lines.extend(wrapped(&format!("• {item}"), width, Style::new(), ""));
            }
        }
    }
    lines
}

fn pane(title: String, focused: bool, theme: Theme) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(theme.border(focused))
        .title(title)
}

/// Draw lines in a bordered pane, scrolled from the top (clamped to the content).
fn draw_pane(
    frame: &mut Frame,
    area: Rect,
    block: Block<'static>,
    lines: Vec<Line<'static>>,
    scroll: u16,
) {
    let visible = usize::from(area.height.saturating_sub(2));
    let max = lines.len().saturating_sub(visible);
    let offset = usize::from(scroll).min(max);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0)),
        area,
    );
}

/// Draw the whole screen.
pub fn render(app: &TuiState, frame: &mut Frame) {
    let theme = Theme { color: app.color };
    let area = frame.area();
    let [main, message, status] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let answer = app.latest_answer();
    let diff = answer.and_then(differential::parse);
    let wide = main.width >= 120;
    let (case_area, chat_col, diff_area) = if wide {
        let [c, m, d] = Layout::horizontal([
            Constraint::Percentage(34),
            Constraint::Percentage(40),
            Constraint::Percentage(26),
        ])
        .areas(main);
        (c, m, Some(d))
    } else {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(main);
        if diff.is_some() {
            let [c, d] = Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(left);
            (c, right, Some(d))
        } else {
            (left, right, None)
        }
    };
    let input_lines = u16::try_from(app.input.text.split('\n').count()).unwrap_or(u16::MAX);
    let input_height = input_lines.saturating_add(2).clamp(3, 8);
    let [chat_area, input_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(input_height)]).areas(chat_col);

    // Case.
    let n = app
        .cases
        .as_ref()
        .map_or(0, crate::session::interactive::casefile::CaseFile::len);
    let case_title = match app.case_id() {
        Some(id) => {
            let mark = if app.reviewed.contains_key(id) {
                " ✓"
            } else {
                ""
            };
            format!(" Case {}/{n} · {id}{mark} ", app.position + 1)
        }
        None => " Case ".to_string(),
    };
    let width = usize::from(case_area.width.saturating_sub(2));
    draw_pane(
        frame,
        case_area,
        pane(case_title, app.focus == Focus::Case, theme),
        case_lines(app, theme, width),
        app.case_scroll,
    );

    // Conversation, following the end unless scrolled back.
    let width = usize::from(chat_area.width.saturating_sub(2));
    let lines = chat_lines(app, theme, width);
    let visible = usize::from(chat_area.height.saturating_sub(2));
    let bottom = lines.len().saturating_sub(visible);
    let from_top = bottom.saturating_sub(usize::from(app.chat_scroll_back));
    let template = if app.template.is_empty() {
        "-"
    } else {
        &app.template
    };
    let chat_title = if app.generating() {
        format!(" Conversation · {template} · answering (Esc stops) ")
    } else {
        format!(" Conversation · {template} ")
    };
    draw_pane(
        frame,
        chat_area,
        pane(chat_title, app.focus == Focus::Chat, theme),
        lines,
        u16::try_from(from_top).unwrap_or(u16::MAX),
    );

    // Differential.
    if let Some(d_area) = diff_area {
        let width = usize::from(d_area.width.saturating_sub(2));
        draw_pane(
            frame,
            d_area,
            pane(
                " Differential ".into(),
                app.focus == Focus::Differential,
                theme,
            ),
            diff_lines(diff.as_ref(), app, theme, width),
            app.diff_scroll,
        );
    }

    // Input.
    let focused = app.focus == Focus::Input;
    let input_title = if focused {
        " Question · Enter sends · Alt-Enter new line "
    } else {
        " Question (i to type) "
    };
    let input_visible = usize::from(input_area.height.saturating_sub(2));
    let input_lines: Vec<&str> = app.input.text.split('\n').collect();
    let cursor_line = app.input.text[..app.input.cursor].matches('\n').count();
    let first = (cursor_line + 1).saturating_sub(input_visible);
    let shown: Vec<Line> = input_lines
        .iter()
        .skip(first)
        .take(input_visible)
        .map(|l| Line::raw((*l).to_string()))
        .collect();
    frame.render_widget(
        Paragraph::new(shown).block(pane(input_title.into(), focused, theme)),
        input_area,
    );
    if app.mode() == Mode::Input {
        let line_start = app.input.text[..app.input.cursor]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let col = app.input.text[line_start..app.input.cursor].chars().count();
        let x = input_area.x
            + 1
            + u16::try_from(col)
                .unwrap_or(u16::MAX)
                .min(input_area.width.saturating_sub(3));
        let y = input_area.y + 1 + u16::try_from(cursor_line - first).unwrap_or(0);
        frame.set_cursor_position(Position::new(x, y));
    }

    // Message line: a prompt, a message, or a hint.
    let message_line = if let Some((kind, text)) = &app.prompt {
        Line::from(vec![
            Span::styled(format!("{}: ", kind.title()), theme.heading()),
            Span::raw(format!("{text}▌")),
            Span::styled("  (Enter confirms, Esc cancels)", theme.dim()),
        ])
    } else if let Some((text, error)) = &app.message {
        Line::styled(
            text.clone(),
            if *error {
                theme.error()
            } else {
                theme.fg(Color::Green)
            },
        )
    } else {
        Line::styled(
            "? help · n/p case · g jump · / find · i type · r run · a/x/l/o review · q quit",
            theme.dim(),
        )
    };
    frame.render_widget(Paragraph::new(message_line), message);

    render_status(app, theme, frame, status, n);

    if app.help {
        render_help(theme, frame, area);
    }
}

fn render_status(app: &TuiState, theme: Theme, frame: &mut Frame, area: Rect, n: usize) {
    let m = &app.model;
    let wide = area.width >= 120;
    let keep = if wide { 32 } else { 12 };
    let mut name: String = m.name.chars().take(keep).collect();
    if m.name.chars().count() > keep {
        name.push('…');
    }
    let left = format!(" {name} {} ", m.quantization);
    let reviewed = app.cases.as_ref().map_or(0, |f| {
        f.entries
            .iter()
            .filter(|e| app.reviewed.contains_key(&e.id))
            .count()
    });
    let case = if n > 0 {
        if wide {
            format!(" case {}/{n} · {reviewed} reviewed", app.position + 1)
        } else {
            format!(" case {}/{n} ✓{reviewed}", app.position + 1)
        }
    } else {
        " no case file".to_string()
    };
    let right = format!(
        " {}/{} │ {:.1} tok/s │ GPU {} │{case}{}",
        m.context_used,
        m.context_size,
        app.tokens_per_second,
        m.gpu_layers,
        if wide { " │ ? help" } else { "" }
    );
    let left_w = u16::try_from(left.chars().count()).unwrap_or(u16::MAX);
    let gauge_w = area
        .width
        .saturating_sub(left_w)
        .saturating_sub(u16::try_from(right.chars().count()).unwrap_or(0))
        .clamp(6, 20);
    let [l, g, r] = Layout::horizontal([
        Constraint::Length(left_w),
        Constraint::Length(gauge_w),
        Constraint::Min(0),
    ])
    .areas(area);
    let bar = Style::new().add_modifier(Modifier::REVERSED);
    frame.render_widget(Paragraph::new(Line::styled(left, bar)), l);
    let ratio = if m.context_size > 0 {
        (f64::from(m.context_used) / f64::from(m.context_size)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    frame.render_widget(
        LineGauge::default()
            .ratio(ratio)
            .label("ctx")
            .filled_style(theme.fg(if ratio > 0.85 {
                Color::Red
            } else {
                Color::Green
            }))
            .unfilled_style(theme.dim()),
        g,
    );
    frame.render_widget(Paragraph::new(Line::styled(right, bar)), r);
}

fn render_help(theme: Theme, frame: &mut Frame, area: Rect) {
    let height = u16::try_from(BINDINGS.len() + 4)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let width = 72.min(area.width);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let mut lines: Vec<Line> = BINDINGS
        .iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(
                    format!(" {keys:<20}"),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw((*what).to_string()),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(" ? or Esc closes this help", theme.dim()));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .border_type(BorderType::Double)
                .border_style(theme.border(true))
                .title(" Keys "),
        ),
        popup,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_on_words_and_splits_long_ones() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("x\n\ny", 5), ["x", "", "y"]);
    }

    #[test]
    fn kinds_get_distinct_tags() {
        assert_eq!(kind_tag("lab"), "LAB");
        assert_eq!(kind_tag("medication"), "MED");
        assert_eq!(kind_tag("procedure"), "PROC");
        assert_eq!(kind_tag("imaging"), "IMG");
        assert_eq!(kind_tag("vitals"), "VIT");
        assert_eq!(kind_tag("diagnosis"), "DX");
        assert_eq!(kind_tag("note"), "NOTE");
        assert_eq!(kind_tag("other"), "EVT");
    }
}
