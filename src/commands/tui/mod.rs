//! `ddx tui`: review a case file in a terminal UI: the case, the conversation with the streamed
//! answer, the ranked differential, and the researcher's own verdicts.
//!
//! Event-driven: one channel receives terminal input (from a reader thread) and engine events
//! (from a forwarder thread per answer), so inference never blocks the UI. After each wake-up
//! every pending event is drained and the screen is drawn at most once per ~16 ms, which keeps
//! streaming at hundreds of tokens per second smooth. `ratatui::init` installs a panic hook that
//! restores the terminal; ours, installed first, also turns bracketed paste off.

mod action;
mod controller;
pub mod differential;
pub mod keymap;
pub mod sdx;
mod state;
mod ui;
mod update;

#[cfg(test)]
mod snapshot_tests;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event as TermEvent};

pub use action::{Action, Effect, Verdict};
pub use state::{ModelStatus, Streaming, TuiState};

use controller::{sync_case, Controller};

use crate::app::exit::Outcome;
use crate::app::settings::{DeidSettings, Settings};
use crate::engine::{Backend, ContextSpec, Event as EngineEvent, GenRequest, Job};
use crate::session::annotations;
use crate::session::interactive::casefile::CaseFile;
use crate::session::interactive::state::ChatState;

/// What `ddx tui` was asked to do.
#[derive(Debug, Default)]
pub struct Options {
    /// The case file to review.
    pub file: Option<PathBuf>,
    /// Open at the case with this id.
    pub case: Option<String>,
    /// Append the reviews to this JSONL file.
    pub annotations: Option<PathBuf>,
    /// `--deid`: cases, typed questions and reviews are de-identified.
    pub deid: Option<DeidSettings>,
    /// `--sdx`: play a sequential-diagnosis case instead of reviewing.
    pub sdx: Option<sdx::Options>,
}

/// Everything the loop waits for.
enum AppEvent {
    Term(TermEvent),
    Engine(EngineEvent),
    InputFailed(String),
}

/// Shortest time between two draws.
const FRAME: Duration = Duration::from_millis(16);

pub fn run(settings: &Settings, args: &Options) -> anyhow::Result<Outcome> {
    if let Some(options) = &args.sdx {
        return sdx::run(settings, options).map(|()| Outcome::Success);
    }
    // Everything that can fail at start fails before the terminal changes, so errors print plainly.
    // The annotations lock is held while the TUI runs, taken before the file is read: one
    // reviewer per annotations file.
    let _annotations_lock = args
        .annotations
        .as_deref()
        .map(|path| crate::session::sink::output_lock::acquire(path, settings.wait))
        .transpose()?;
    let reviewed = match &args.annotations {
        Some(path) => annotations::load(path)?,
        None => Default::default(),
    };
    let (state, mut app) = start(settings, args, reviewed)?;

    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
        previous_hook(info);
    }));
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    let (tx, rx) = mpsc::channel();
    let stop_input = Arc::new(AtomicBool::new(false));
    let reader = spawn_input_reader(tx.clone(), stop_input.clone());
    let mut controller = Controller {
        state,
        tx,
        running: None,
        annotations: args.annotations.clone(),
    };
    let result = event_loop(&mut terminal, &mut app, &mut controller, &rx);
    if let Some(cancel) = &controller.running {
        cancel.store(true, Ordering::SeqCst);
    }
    stop_input.store(true, Ordering::SeqCst);
    let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let _ = reader.join();
    result.map(|()| Outcome::Success)
}

/// The case file (de-identified with --deid), the model and the state, before the terminal
/// changes; `reviewed` is what the annotations file holds (reviews by case id, and how many of
/// its lines could not be read).
fn start(
    settings: &Settings,
    args: &Options,
    reviewed: (HashMap<String, String>, usize),
) -> anyhow::Result<(ChatState, TuiState)> {
    let mut cases = args.file.as_deref().map(CaseFile::load).transpose()?;
    let deid = crate::session::deid::deidentifier(args.deid.as_ref(), settings)?;
    if let (Some(file), Some(deid)) = (cases.as_mut(), deid.as_ref()) {
        file.deidentify(deid);
    }
    let position = match (&cases, &args.case) {
        (Some(file), Some(id)) => file.position(id).with_context(|| {
            format!(
                "case file '{}' has no case with id '{id}'",
                file.path.display()
            )
        })?,
        _ => 0,
    };
    if let Some(name) = &settings.template {
        crate::cases::prompt_templates::Registry::new(Some(settings.paths.prompts_dir()))
            .get(name)?;
    }
    let session = crate::session::start(settings, crate::session::Outgoing::cases(deid.is_some()))?;
    let mut state = ChatState::new(settings, session);
    state.deid = deid;
    let info = state.session.backend.info().clone();
    let mut app = TuiState::new(
        cases.clone(),
        ModelStatus {
            name: info.display_name(),
            quantization: info.quantization.clone(),
            gpu_layers: info.gpu_layers,
            context_used: 0,
            context_size: state.spec.n_ctx_per_seq,
        },
        settings.color,
    );
    app.reviewed = reviewed.0;
    if reviewed.1 > 0 {
        app.notify(
            format!(
                "{} unreadable line(s) in the annotations file were skipped",
                reviewed.1
            ),
            true,
        );
    }
    if let Some(file) = cases {
        state.cases = Some(file);
        if let Err(e) = state.goto(position) {
            app.notify(format!("{e:#}"), true);
        }
        sync_case(&state, &mut app);
    }
    Ok((state, app))
}

fn spawn_input_reader(tx: Sender<AppEvent>, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while !stop.load(Ordering::SeqCst) {
            match crossterm::event::poll(Duration::from_millis(50)) {
                Ok(false) => {}
                Ok(true) => match crossterm::event::read() {
                    Ok(event) => {
                        if tx.send(AppEvent::Term(event)).is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(AppEvent::InputFailed(e.to_string()));
                        break;
                    }
                },
                Err(e) => {
                    let _ = tx.send(AppEvent::InputFailed(e.to_string()));
                    break;
                }
            }
        }
    })
}

/// Generate one streamed answer on a run of its own, its events handed to the screen's channel
/// by a thread named `name`, so the screen never waits on the engine. Returns the run's cancel
/// flag.
fn stream_one(
    backend: &dyn Backend,
    spec: ContextSpec,
    request: GenRequest,
    tx: Sender<AppEvent>,
    name: &str,
) -> anyhow::Result<Arc<AtomicBool>> {
    let cancel = Arc::new(AtomicBool::new(false));
    let run = backend.run(spec, cancel.clone())?;
    run.submit(Job {
        tag: 0,
        request,
        stream: true,
    })?;
    let (jobs, events) = run.into_parts();
    drop(jobs);
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            for event in events {
                if tx.send(AppEvent::Engine(event)).is_err() {
                    break;
                }
            }
        })
        .with_context(|| format!("cannot start the {name} thread"))?;
    Ok(cancel)
}

/// Coalesced redraws: a screen's loop draws at most once per [`FRAME`] and otherwise waits for
/// events, so hundreds of streamed tokens a second cost one draw per frame.
struct Frames {
    dirty: bool,
    last_draw: Option<Instant>,
}

impl Frames {
    fn new() -> Self {
        Self {
            dirty: true,
            last_draw: None,
        }
    }

    /// Draw when the screen changed and a frame has passed, then wait: every pending event (a
    /// burst arrives as one), none after a timeout, `None` once no sender is left.
    fn wait(
        &mut self,
        terminal: &mut ratatui::DefaultTerminal,
        rx: &Receiver<AppEvent>,
        render: impl FnOnce(&mut ratatui::Frame),
    ) -> anyhow::Result<Option<Vec<AppEvent>>> {
        if self.dirty && self.last_draw.is_none_or(|t| t.elapsed() >= FRAME) {
            terminal.draw(render).context("cannot draw the screen")?;
            self.last_draw = Some(Instant::now());
            self.dirty = false;
        }
        let timeout = match (self.dirty, self.last_draw) {
            (true, Some(t)) => FRAME.saturating_sub(t.elapsed()),
            _ => Duration::from_millis(500),
        };
        match rx.recv_timeout(timeout) {
            Ok(first) => {
                self.dirty = true;
                Ok(Some(std::iter::once(first).chain(rx.try_iter()).collect()))
            }
            Err(RecvTimeoutError::Timeout) => Ok(Some(Vec::new())),
            Err(RecvTimeoutError::Disconnected) => Ok(None),
        }
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut TuiState,
    controller: &mut Controller,
    rx: &Receiver<AppEvent>,
) -> anyhow::Result<()> {
    let mut frames = Frames::new();
    loop {
        let Some(events) = frames.wait(terminal, rx, |frame| ui::render(app, frame))? else {
            return Ok(());
        };
        for event in events {
            match event {
                AppEvent::Term(TermEvent::Key(key)) => {
                    if let Some(action) = keymap::action_for(app.mode(), key) {
                        if let Some(effect) = app.update(action) {
                            controller.perform(app, effect)?;
                        }
                    }
                }
                AppEvent::Term(TermEvent::Paste(text)) => {
                    app.update(Action::InputPaste(text));
                }
                AppEvent::Term(_) => {}
                AppEvent::Engine(event) => controller.engine_event(app, event),
                AppEvent::InputFailed(e) => anyhow::bail!("cannot read the terminal: {e}"),
            }
            if app.quit {
                return Ok(());
            }
        }
    }
}
