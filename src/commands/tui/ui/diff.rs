//! The differential pane: the latest answer's differential, ranked, as the model gave it.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::super::differential::Differential;
use super::super::state::TuiState;
use super::{wrapped, Theme};

pub(super) fn diff_lines(
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
