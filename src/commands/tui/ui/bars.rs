//! The lines around the panes: the message line (a prompt, a message or a hint), the status
//! bar (model, context, speed) and the help overlay.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, LineGauge, Paragraph};
use ratatui::Frame;

use super::super::keymap::BINDINGS;
use super::super::state::TuiState;
use super::Theme;

/// The message line: a prompt being typed, a message, or a hint of the keys.
pub(super) fn message_line(app: &TuiState, theme: Theme) -> Line<'static> {
    if let Some((kind, text)) = &app.prompt {
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
    }
}

pub(super) fn render_status(app: &TuiState, theme: Theme, frame: &mut Frame, area: Rect, n: usize) {
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

pub(super) fn render_help(theme: Theme, frame: &mut Frame, area: Rect) {
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
