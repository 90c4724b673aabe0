//! `ddx tui --sdx CASES.jsonl`: play one sequential-diagnosis case in the terminal UI. The case
//! pane shows the opening and each finding as it is revealed; typed actions go through the same
//! encounter, gatekeeper, prices and limits as `ddx sdx run`; the status bar shows the cost and
//! the turn; the end shows the diagnosis against the gold. No model is loaded.

mod state;
mod view;

#[cfg(test)]
mod snapshot_tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context as _};
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};

pub use state::SdxApp;

use crate::cases::id_key;
use crate::clinical::sdx::{Encounter, Limits, Prices, SeqCase};

/// What `ddx tui --sdx` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub file: PathBuf,
    /// The case's id (or `line-N`); the first case when absent.
    pub case: Option<String>,
    pub max_turns: u32,
    pub budget: Option<f64>,
}

/// The cases of a JSONL file (the forms `ddx sdx run` reads); a bad line is an error.
pub fn load(path: &Path) -> anyhow::Result<Vec<SeqCase>> {
    let (cases, bad) = crate::session::sdx_cases::read(path)?;
    if let Some(b) = bad.first() {
        bail!("'{}' line {}: {}", path.display(), b.line, b.message);
    }
    Ok(cases.into_iter().map(|(_, case)| case).collect())
}

/// The screen for one case of the file.
pub fn app_for(options: &Options) -> anyhow::Result<SdxApp> {
    let cases = load(&options.file)?;
    let n = cases.len();
    let position = match &options.case {
        None => 0,
        Some(want) => match cases.iter().position(|c| id_key(&c.id) == *want) {
            Some(p) => p,
            None => bail!("no case {want} in '{}'", options.file.display()),
        },
    };
    let Some(case) = cases.into_iter().nth(position) else {
        bail!("no case in '{}'", options.file.display());
    };
    let encounter = Encounter::new(
        case,
        Limits {
            max_turns: options.max_turns.max(1),
            budget: options.budget,
        },
        Prices::shipped(),
    );
    Ok(SdxApp::new(encounter, (position, n)))
}

pub fn run(options: &Options) -> anyhow::Result<()> {
    // Errors in the file print plainly, before the screen changes.
    let mut app = app_for(options)?;
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut SdxApp) -> anyhow::Result<()> {
    loop {
        terminal
            .draw(|frame| view::render(app, frame))
            .context("cannot draw the screen")?;
        if !crossterm::event::poll(Duration::from_millis(500))
            .context("cannot read the terminal")?
        {
            continue;
        }
        match crossterm::event::read().context("cannot read the terminal")? {
            Event::Key(key) if key.kind != KeyEventKind::Release => match key.code {
                KeyCode::Esc => return Ok(()),
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Ok(())
                }
                KeyCode::Enter => app.submit(),
                KeyCode::Backspace => {
                    app.input.pop();
                }
                KeyCode::Char(c) if !app.encounter.is_done() => app.input.push(c),
                _ => {}
            },
            Event::Paste(text) if !app.encounter.is_done() => {
                app.input.push_str(&text.replace(['\n', '\r'], " "));
            }
            _ => {}
        }
    }
}
