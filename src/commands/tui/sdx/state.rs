//! The sequential-diagnosis screen's state and its pure update: a typed action, or the model's
//! reply when you watch it play, goes through the same [`Encounter`] (gatekeeper, prices,
//! limits) as `ddx sdx run`; the answers land in a log the conversation pane shows. No terminal,
//! no engine, no files.

use crate::clinical::sdx::{action, Encounter, Kind, Measured};
use crate::engine::{FinishReason, Generation};

/// Who said a line of the conversation log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    /// The player (a person or the model).
    Player,
    /// The gatekeeper's answer.
    Gatekeeper,
    /// Notes: forced turns, bad actions, the outcome.
    Note,
}

/// The screen's state.
#[derive(Debug, Clone)]
pub struct SdxApp {
    pub encounter: Encounter,
    /// The case's position and the number of cases in the file, for the title.
    pub position: (usize, usize),
    pub log: Vec<(Speaker, String)>,
    pub input: String,
    /// A one-line message under the panes: (text, is it an error).
    pub message: Option<(String, bool)>,
    pub quit: bool,
    /// `--watch`: the model plays and the person watches.
    pub watch: Option<Watch>,
}

/// Watching the model play: the step in flight and how steps are taken.
#[derive(Debug, Clone, Default)]
pub struct Watch {
    /// The model's name, for the status bar.
    pub model: String,
    /// The reply streamed so far while a step is in flight.
    pub reply: Option<String>,
    /// Take the next step as soon as one ends.
    pub autoplay: bool,
    /// Engine time of the steps so far, and their generated tokens.
    pub engine_ms: f64,
    pub completion_tokens: u64,
}

pub const WATCH_HELP: &str =
    "Enter/n: the model's next step · a: autoplay on/off · Esc: quit (cancels a step)";

pub const HELP: &str = "ask QUESTION | examine SYSTEM | order TEST, TEST | diagnose DX; ALT  (or a, e, o, d) · Esc quits";

impl SdxApp {
    pub fn new(encounter: Encounter, position: (usize, usize)) -> Self {
        let mut app = Self {
            encounter,
            position,
            log: Vec::new(),
            input: String::new(),
            message: Some((HELP.to_string(), false)),
            quit: false,
            watch: None,
        };
        app.note_forced();
        app
    }

    /// The model plays (`--watch`): the help and the labels change.
    pub fn watching(mut self, model: impl Into<String>) -> Self {
        self.watch = Some(Watch {
            model: model.into(),
            ..Watch::default()
        });
        self.message = Some((WATCH_HELP.to_string(), false));
        self
    }

    /// Watching, idle, and the encounter not over: the model may take a step.
    pub fn can_step(&self) -> bool {
        self.watch.as_ref().is_some_and(|w| w.reply.is_none()) && !self.encounter.is_done()
    }

    /// Whether the next step should start on its own (autoplay).
    pub fn wants_step(&self) -> bool {
        self.can_step() && self.watch.as_ref().is_some_and(|w| w.autoplay)
    }

    /// A step was sent to the model.
    pub fn step_started(&mut self) {
        if let Some(w) = &mut self.watch {
            w.reply = Some(String::new());
        }
    }

    /// Streamed text of the step in flight.
    pub fn step_token(&mut self, text: &str) {
        if let Some(reply) = self.watch.as_mut().and_then(|w| w.reply.as_mut()) {
            reply.push_str(text);
        }
    }

    /// Autoplay on or off.
    pub fn toggle_autoplay(&mut self) {
        if let Some(w) = &mut self.watch {
            w.autoplay = !w.autoplay;
        }
    }

    /// The step ended: its reply goes to the encounter like a typed action; a cancelled or
    /// failed step leaves the encounter where it was and stops autoplay.
    pub fn step_finished(&mut self, result: Result<Generation, String>) {
        let Some(w) = &mut self.watch else { return };
        w.reply = None;
        match result {
            Ok(g) if g.finish_reason == FinishReason::Cancelled => {
                w.autoplay = false;
                self.message = Some(("step cancelled: Enter asks again".to_string(), true));
            }
            Ok(g) => {
                w.engine_ms += g.timings.total_ms;
                w.completion_tokens += u64::from(g.completion_tokens);
                self.take(&g.text, crate::session::sdx::turn::measured(&g));
            }
            Err(e) => {
                w.autoplay = false;
                self.message = Some((format!("the model failed this step: {e}"), true));
            }
        }
    }

    /// Revealed findings of one kind, in the order they came: (name, text).
    pub fn revealed(&self, kind: Kind) -> Vec<(String, String)> {
        let case = self.encounter.case();
        self.encounter
            .revealed()
            .iter()
            .filter_map(|&i| case.findings.get(i))
            .filter(|f| f.kind == kind)
            .map(|f| (f.name(), f.text.clone()))
            .collect()
    }

    /// The player typed a line and pressed Enter.
    pub fn submit(&mut self) {
        let line = std::mem::take(&mut self.input);
        if line.trim().is_empty() || self.encounter.is_done() {
            return;
        }
        if self.watch.is_some() {
            return;
        }
        let forced = self.encounter.next().is_some_and(|t| t.forced);
        match action::from_command(&line) {
            Ok(a) if forced && !matches!(a, action::Action::Diagnose { .. }) => {
                self.input = line;
                self.message = Some((
                    "only a diagnosis now: diagnose DIAGNOSIS[; ALTERNATIVE...]".to_string(),
                    true,
                ));
            }
            Ok(a) => match serde_json::to_string(&a) {
                Ok(json) => self.take(&json, Measured::default()),
                Err(e) => self.message = Some((e.to_string(), true)),
            },
            Err(e) => {
                self.input = line;
                self.message = Some((format!("{e}. {HELP}"), true));
            }
        }
    }

    /// A reply (a JSON action, from the player's line or the model) goes to the encounter; what
    /// the gatekeeper answered goes to the log.
    pub fn take(&mut self, reply: &str, measured: Measured) {
        let before = self.encounter.steps().len();
        self.encounter.reply(reply, measured);
        self.message = None;
        let steps = self.encounter.steps()[before..].to_vec();
        for step in steps {
            if let Some(m) = &step.malformed {
                let error = m["error"].as_str().unwrap_or("not an action");
                if step.forced {
                    self.message = Some((format!("{error}: only a diagnosis now"), true));
                } else {
                    self.message = Some((error.to_string(), true));
                }
                self.log.push((
                    Speaker::Note,
                    format!(
                        "not an action ({error}): {}",
                        m["reply"].as_str().unwrap_or("")
                    ),
                ));
            }
            if let Some(a) = &step.action {
                self.log.push((Speaker::Player, describe(a)));
            }
            for r in &step.reveals {
                let mut answer = r["answer"].as_str().unwrap_or("").to_string();
                if let Some(p) = r["price"].as_f64() {
                    answer = format!("{answer} (${p:.0})");
                }
                self.log.push((Speaker::Gatekeeper, answer));
            }
        }
        if self.encounter.is_done() {
            self.log.push((Speaker::Note, self.verdict()));
        } else {
            self.note_forced();
        }
    }

    fn note_forced(&mut self) {
        if self.encounter.next().is_some_and(|t| t.forced) {
            let who = if self.watch.is_some() {
                "The model"
            } else {
                "You"
            };
            let note = format!("{who} must diagnose now.");
            if self.log.last().map(|(_, l)| l) != Some(&note) {
                self.log.push((Speaker::Note, note));
            }
        }
    }

    /// The end: the diagnosis against the gold, cost and turns.
    pub fn verdict(&self) -> String {
        let o = self.encounter.outcome();
        let gold = &self.encounter.case().diagnosis;
        match &o.diagnosis {
            Some(d) => format!(
                "{}: {d} (gold: {gold}). Cost ${:.0}, turns: {}.",
                if o.matched.correct() {
                    "CORRECT"
                } else {
                    "WRONG"
                },
                o.cost,
                o.turns
            ),
            None => format!(
                "NO DIAGNOSIS (gold: {gold}). Cost ${:.0}, turns: {}.",
                o.cost, o.turns
            ),
        }
    }

    /// The status line's encounter part: cost, budget, turn.
    pub fn status(&self) -> String {
        let l = self.encounter.limits();
        let budget = l.budget.map(|b| format!(" of ${b:.0}")).unwrap_or_default();
        let model = self.watch.as_ref().map_or(String::new(), |w| {
            let state = if w.reply.is_some() {
                " · thinking"
            } else if w.autoplay && !self.encounter.is_done() {
                " · autoplay"
            } else {
                ""
            };
            let engine = if w.engine_ms > 0.0 {
                format!(
                    " · {} tokens in {:.1} s",
                    w.completion_tokens,
                    w.engine_ms / 1000.0
                )
            } else {
                String::new()
            };
            format!(" · {}{engine}{state}", w.model)
        });
        if self.encounter.is_done() {
            format!(
                "cost ${:.0}{budget} · turns: {} · over{model}",
                self.encounter.cost(),
                self.encounter.turns()
            )
        } else {
            let forced = if self.encounter.next().is_some_and(|t| t.forced) {
                " · diagnose now"
            } else {
                ""
            };
            format!(
                "cost ${:.0}{budget} · turn {} of {}{forced}{model}",
                self.encounter.cost(),
                self.encounter.turns() + 1,
                l.max_turns
            )
        }
    }
}

/// One action as the log shows it.
pub fn describe(a: &action::Action) -> String {
    match a {
        action::Action::Ask { question } => format!("ask: {question}"),
        action::Action::Examine { system } => format!("examine: {system}"),
        action::Action::Order { tests } => format!("order: {}", tests.join(", ")),
        action::Action::Diagnose {
            diagnosis,
            differential,
        } if differential.is_empty() => format!("diagnose: {diagnosis}"),
        action::Action::Diagnose {
            diagnosis,
            differential,
        } => format!("diagnose: {diagnosis} (also: {})", differential.join("; ")),
    }
}
