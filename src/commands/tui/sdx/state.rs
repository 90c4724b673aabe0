//! The sequential-diagnosis screen's state and its pure update: a typed action goes through the
//! same [`Encounter`] (gatekeeper, prices, limits) as `ddx sdx run`; the answers land in a log the
//! conversation pane shows. No terminal, no engine, no files.

use crate::clinical::sdx::{action, Encounter, Kind, Measured};

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
}

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
        };
        app.note_forced();
        app
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
            let note = "You must diagnose now.".to_string();
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
        if self.encounter.is_done() {
            format!(
                "cost ${:.0}{budget} · turns: {} · over",
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
                "cost ${:.0}{budget} · turn {} of {}{forced}",
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
