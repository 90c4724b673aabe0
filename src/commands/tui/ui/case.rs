//! The case pane: the case's sections, its timeline in time order (with its labs and
//! medications again as lists), its question, options, prompt or messages.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::super::state::TuiState;
use super::{kind_tag, wrap, wrapped, Theme};
use crate::cases::{iso_day_number, Case};

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

pub(super) fn case_lines(app: &TuiState, theme: Theme, width: usize) -> Vec<Line<'static>> {
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
        timeline_lines(case, theme, width, &mut lines);
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

/// The timeline in time order, then its labs and medications again as lists.
fn timeline_lines(case: &Case, theme: Theme, width: usize, lines: &mut Vec<Line<'static>>) {
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
