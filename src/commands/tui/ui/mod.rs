//! Drawing: a pure function of [`TuiState`]. Panes: the case (left), the conversation and the input
//! box (middle), the differential (right on wide terminals, under the case on narrow ones when
//! there is one), a message line and a status bar. Colours only when allowed (NO_COLOR).

mod bars;
mod case;
mod chat;
mod diff;

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use ratatui::Frame;

use super::differential;
use super::keymap::Mode;
use super::state::{Focus, TuiState};

pub use case::case_text;

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

/// Where each pane goes on this screen.
struct Panes {
    case: Rect,
    chat: Rect,
    input: Rect,
    diff: Option<Rect>,
}

/// Three columns on a wide terminal; on a narrow one the differential (when there is one) goes
/// under the case. The input box grows with its lines, up to 8 rows.
fn layout(app: &TuiState, main: Rect, has_diff: bool) -> Panes {
    let wide = main.width >= 120;
    let (case, chat_col, diff) = if wide {
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
        if has_diff {
            let [c, d] = Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(left);
            (c, right, Some(d))
        } else {
            (left, right, None)
        }
    };
    let input_lines = u16::try_from(app.input.text.split('\n').count()).unwrap_or(u16::MAX);
    let input_height = input_lines.saturating_add(2).clamp(3, 8);
    let [chat, input] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(input_height)]).areas(chat_col);
    Panes {
        case,
        chat,
        input,
        diff,
    }
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
    let diff = app.latest_answer().and_then(differential::parse);
    let panes = layout(app, main, diff.is_some());
    let n = app
        .cases
        .as_ref()
        .map_or(0, crate::session::interactive::casefile::CaseFile::len);
    draw_case(app, theme, frame, panes.case, n);
    draw_chat(app, theme, frame, panes.chat);
    if let Some(d_area) = panes.diff {
        let width = usize::from(d_area.width.saturating_sub(2));
        draw_pane(
            frame,
            d_area,
            pane(
                " Differential ".into(),
                app.focus == Focus::Differential,
                theme,
            ),
            diff::diff_lines(diff.as_ref(), app, theme, width),
            app.diff_scroll,
        );
    }
    draw_input(app, theme, frame, panes.input);
    frame.render_widget(Paragraph::new(bars::message_line(app, theme)), message);
    bars::render_status(app, theme, frame, status, n);
    if app.help {
        bars::render_help(theme, frame, area);
    }
}

/// The case pane, titled with its place in the file and whether it was reviewed.
fn draw_case(app: &TuiState, theme: Theme, frame: &mut Frame, area: Rect, n: usize) {
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
    let width = usize::from(area.width.saturating_sub(2));
    draw_pane(
        frame,
        area,
        pane(case_title, app.focus == Focus::Case, theme),
        case::case_lines(app, theme, width),
        app.case_scroll,
    );
}

/// The conversation, following the end unless scrolled back.
fn draw_chat(app: &TuiState, theme: Theme, frame: &mut Frame, chat_area: Rect) {
    let width = usize::from(chat_area.width.saturating_sub(2));
    let lines = chat::chat_lines(app, theme, width);
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
}

/// The input box, scrolled to the cursor's line, with the cursor placed while typing.
fn draw_input(app: &TuiState, theme: Theme, frame: &mut Frame, input_area: Rect) {
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
