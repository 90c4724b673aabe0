//! `ddx tui --sdx CASES.jsonl`: play one sequential-diagnosis case in the terminal UI, or with
//! `--watch` watch the model play it step by step. The case pane shows the opening and each
//! finding as it is revealed; actions (typed, or the model's grammar-constrained replies) go
//! through the same encounter, gatekeeper, prices and limits as `ddx sdx run`; the status bar
//! shows the cost and the turn; the end shows the diagnosis against the gold. A model is loaded
//! only to watch.
//!
//! Event-driven like the review screen: terminal input and the engine's events of the step in
//! flight arrive on one channel, so a streaming step never blocks the keys.

mod player;
mod state;
mod view;

#[cfg(test)]
mod snapshot_tests;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;

use anyhow::bail;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use state::SdxApp;

use super::{spawn_input_reader, AppEvent, Frames};
use crate::app::settings::Settings;
use crate::cases::id_key;
use crate::clinical::sdx::{Encounter, Limits, SeqCase};
use crate::engine::Event as EngineEvent;
use player::Player;

/// What `ddx tui --sdx` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub file: PathBuf,
    /// The case's id (or `line-N`); the first case when absent.
    pub case: Option<String>,
    pub max_turns: u32,
    pub budget: Option<f64>,
    /// A price table over the shipped one (`--prices`).
    pub prices: Option<PathBuf>,
    /// The model plays; the person watches (`--watch`).
    pub watch: bool,
}

/// The cases of a JSONL file (the forms `ddx sdx run` reads); a bad line is an error.
pub fn load(path: &Path) -> anyhow::Result<Vec<SeqCase>> {
    let (cases, bad) = crate::session::sdx::case_file::read(path)?;
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
            None => {
                let ids: Vec<String> = cases.iter().take(10).map(|c| id_key(&c.id)).collect();
                let more = if n > ids.len() { ", ..." } else { "" };
                bail!(
                    "no case {want} in '{}' (its cases: {}{more})",
                    options.file.display(),
                    ids.join(", ")
                )
            }
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
        crate::session::sdx::prices::load(options.prices.as_deref())?.0,
    );
    Ok(SdxApp::new(encounter, (position, n)))
}

pub fn run(settings: &Settings, options: &Options) -> anyhow::Result<()> {
    // Errors in the file, the prices or the model print plainly, before the screen changes.
    let mut app = app_for(options)?;
    let (tx, rx) = mpsc::channel();
    let mut player = match options.watch {
        true => Some(Player::start(settings, tx.clone())?),
        false => None,
    };
    if let Some(p) = &player {
        app = app.watching(p.name());
    }
    let mut terminal = ratatui::init();
    let stop_input = Arc::new(AtomicBool::new(false));
    let reader = spawn_input_reader(tx, stop_input.clone());
    let result = event_loop(&mut terminal, &mut app, player.as_mut(), &rx);
    if let Some(p) = &player {
        p.cancel();
    }
    stop_input.store(true, Ordering::SeqCst);
    ratatui::restore();
    let _ = reader.join();
    result
}

/// Start the model's next step when the screen wants one.
fn step(app: &mut SdxApp, player: Option<&mut Player>) {
    let (Some(player), Some(turn)) = (player, app.encounter.next()) else {
        return;
    };
    if !app.can_step() {
        return;
    }
    match player.step(&turn) {
        Ok(()) => app.step_started(),
        Err(e) => {
            if let Some(w) = &mut app.watch {
                w.autoplay = false;
            }
            app.message = Some((format!("{e:#}"), true));
        }
    }
}

/// A key: typing and Enter when you play; steps and autoplay when you watch.
fn key(app: &mut SdxApp, player: Option<&mut Player>, key: KeyEvent) {
    let quit = matches!(key.code, KeyCode::Esc)
        || (key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL));
    if quit {
        app.quit = true;
        return;
    }
    if app.watch.is_some() {
        match key.code {
            KeyCode::Enter | KeyCode::Char('n' | ' ') => step(app, player),
            KeyCode::Char('a') => {
                app.toggle_autoplay();
                if app.wants_step() {
                    step(app, player);
                }
            }
            KeyCode::Char('q') => app.quit = true,
            _ => {}
        }
        return;
    }
    match key.code {
        KeyCode::Enter => app.submit(),
        KeyCode::Backspace => {
            app.input.pop();
        }
        KeyCode::Char(c) if !app.encounter.is_done() => app.input.push(c),
        _ => {}
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut SdxApp,
    mut player: Option<&mut Player>,
    rx: &Receiver<AppEvent>,
) -> anyhow::Result<()> {
    let mut frames = Frames::new();
    loop {
        let Some(events) = frames.wait(terminal, rx, |frame| view::render(app, frame))? else {
            return Ok(());
        };
        for event in events {
            match event {
                AppEvent::Term(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                    key(app, player.as_deref_mut(), k);
                }
                AppEvent::Term(Event::Paste(text))
                    if app.watch.is_none() && !app.encounter.is_done() =>
                {
                    app.input.push_str(&text.replace(['\n', '\r'], " "));
                }
                AppEvent::Term(_) => {}
                AppEvent::Engine(EngineEvent::Token { text, .. }) => app.step_token(&text),
                AppEvent::Engine(EngineEvent::Finished { result, .. }) => {
                    if let Some(p) = player.as_deref_mut() {
                        p.finished();
                    }
                    app.step_finished(result.map_err(|e| e.to_string()));
                }
                AppEvent::Engine(_) => {}
                AppEvent::InputFailed(e) => bail!("cannot read the terminal: {e}"),
            }
            if app.quit {
                return Ok(());
            }
        }
        if app.wants_step() {
            step(app, player.as_deref_mut());
        }
    }
}
