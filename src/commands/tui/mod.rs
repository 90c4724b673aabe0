//! `ddx tui`: review a case file in a terminal UI: the case, the conversation with the streamed
//! answer, the ranked differential, and the researcher's own verdicts.
//!
//! Event-driven: one channel receives terminal input (from a reader thread) and engine events
//! (from a forwarder thread per answer), so inference never blocks the UI. After each wake-up
//! every pending event is drained and the screen is drawn at most once per ~16 ms, which keeps
//! streaming at hundreds of tokens per second smooth. `ratatui::init` installs a panic hook that
//! restores the terminal; ours, installed first, also turns bracketed paste off.

mod action;
pub mod differential;
pub mod keymap;
pub mod sdx;
mod state;
mod ui;

#[cfg(test)]
mod snapshot_tests;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event as TermEvent};

pub use action::{Action, Effect, Verdict};
pub use state::{ModelStatus, Streaming, TuiState};

use crate::app::exit::Outcome;
use crate::app::settings::{DeidSettings, Settings};
use crate::engine::{Backend, ContextSpec, Event as EngineEvent, FinishReason, GenRequest, Job};
use crate::session::annotations;
use crate::session::interactive::casefile::CaseFile;
use crate::session::interactive::conversation::TurnStats;
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
    // Held while the TUI runs, taken before the file is read: one reviewer per annotations file.
    let _annotations_lock = args
        .annotations
        .as_deref()
        .map(|path| crate::session::output_lock::acquire(path, settings.wait))
        .transpose()?;
    let reviewed = match &args.annotations {
        Some(path) => annotations::load(path)?,
        None => Default::default(),
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

/// Performs effects: the engine, the session state, the annotations file.
struct Controller {
    state: ChatState,
    tx: Sender<AppEvent>,
    /// Cancel flag of the answer being generated.
    running: Option<Arc<AtomicBool>>,
    annotations: Option<PathBuf>,
}

fn sync_case(state: &ChatState, app: &mut TuiState) {
    let template = state.template.as_ref().map_or("", |t| t.name.as_str());
    app.show_case(state.position, state.conversation.clone(), template);
    app.model.context_used = state
        .session
        .backend
        .count_tokens(&state.conversation.messages())
        .unwrap_or(0);
}

impl Controller {
    fn perform(&mut self, app: &mut TuiState, effect: Effect) -> anyhow::Result<()> {
        match effect {
            Effect::Quit => {}
            Effect::Cancel => {
                if let Some(cancel) = &self.running {
                    cancel.store(true, Ordering::SeqCst);
                    app.notify("stopping the answer…", false);
                }
            }
            Effect::Goto(position) => {
                if let Err(e) = self.state.goto(position) {
                    app.notify(format!("{e:#}"), true);
                }
                sync_case(&self.state, app);
            }
            Effect::Send(question) => self.send(app, &question)?,
            Effect::Annotate(verdict) => self.annotate(app, &verdict),
        }
        Ok(())
    }

    fn send(&mut self, app: &mut TuiState, question: &str) -> anyhow::Result<()> {
        let (request, dropped) = match self.state.ask(question) {
            Ok(ready) => ready,
            Err(e) => {
                app.notify(e.to_string(), true);
                return Ok(());
            }
        };
        if dropped > 0 {
            app.notify(
                format!("context full: dropped the oldest {dropped} turn(s); the system prompt and the case are kept"),
                false,
            );
        }
        let cancel = stream_one(
            &*self.state.session.backend,
            self.state.spec,
            request,
            self.tx.clone(),
            "ddx-tui-answer",
        )?;
        self.running = Some(cancel);
        app.conversation = self.state.conversation.clone();
        app.streaming = Some(Streaming::default());
        app.tokens_per_second = 0.0;
        Ok(())
    }

    fn engine_event(&mut self, app: &mut TuiState, event: EngineEvent) {
        match event {
            EngineEvent::Started { prompt_tokens, .. } => {
                if let Some(s) = &mut app.streaming {
                    s.prompt_tokens = prompt_tokens;
                }
                app.model.context_used = prompt_tokens;
            }
            EngineEvent::Token { text, .. } => {
                app.on_token(&text);
                app.model.context_used = app.model.context_used.saturating_add(1);
            }
            EngineEvent::Reasoning { text, .. } => {
                app.on_reasoning(&text);
                app.model.context_used = app.model.context_used.saturating_add(1);
            }
            EngineEvent::Finished { result, .. } => {
                self.running = None;
                let problem = self
                    .state
                    .finish(result.as_ref().map_err(ToString::to_string));
                app.streaming = None;
                app.conversation = self.state.conversation.clone();
                match result {
                    Ok(generation) => {
                        let stats = TurnStats::from_generation(&generation);
                        app.tokens_per_second = stats.tokens_per_second;
                        app.model.context_used = stats.context_used;
                        app.model.context_size = stats.context_size;
                        if generation.finish_reason == FinishReason::Cancelled {
                            app.notify("answer cancelled (the partial text is kept)", true);
                        } else if let Some(problem) = problem {
                            app.notify(problem, true);
                        }
                    }
                    Err(e) => app.notify(e.to_string(), true),
                }
            }
        }
    }

    fn annotate(&mut self, app: &mut TuiState, verdict: &Verdict) {
        let Some(path) = self.annotations.clone() else {
            app.notify(
                "start ddx tui with --annotations FILE to record reviews",
                true,
            );
            return;
        };
        let Some(id) = self.state.case_id().map(ToString::to_string) else {
            return;
        };
        let review = match verdict {
            Verdict::Accepted => annotations::Review {
                verdict: "accepted",
                label: None,
                note: None,
            },
            Verdict::Wrong => annotations::Review {
                verdict: "wrong",
                label: None,
                note: None,
            },
            // Typed text is de-identified (--deid) before it reaches the file.
            Verdict::Label(l) => annotations::Review {
                verdict: "label",
                label: Some(self.state.scrub(l)),
                note: None,
            },
            Verdict::Note(n) => annotations::Review {
                verdict: "note",
                label: None,
                note: Some(self.state.scrub(n)),
            },
        };
        let answer = self
            .state
            .conversation
            .turns
            .iter()
            .rev()
            .find(|t| t.finish.is_some())
            .map(|t| t.assistant.as_str());
        let record = annotations::record(&id, &review, answer, &self.state.provenance());
        match annotations::append(&path, &record) {
            Ok(()) => {
                app.reviewed.insert(id.clone(), review.verdict.to_string());
                app.notify(
                    format!("case {id}: {} → {}", review.verdict, path.display()),
                    false,
                );
            }
            Err(e) => app.notify(format!("{e:#}"), true),
        }
    }
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
