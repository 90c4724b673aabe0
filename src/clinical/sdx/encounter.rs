//! One encounter as a state machine: it says what to ask the solver next ([`Encounter::next`]),
//! takes the solver's reply ([`Encounter::reply`]), asks the gatekeeper, charges the price and
//! keeps the transcript, until a diagnosis ends it. Pure: the command that drives it owns the
//! model, the clock and the files.
//!
//! Rules:
//! - `max_turns` counts the solver's actions, the diagnosis included: when only one is left, the
//!   turn is a forced diagnosis (a grammar that allows only `diagnose`). So does reaching the
//!   budget.
//! - A reply that is not an action gets one corrective retry (the same turn, with what was wrong);
//!   a second bad reply makes the next turn a forced diagnosis; a bad reply to a forced turn ends
//!   the encounter without a diagnosis. Nothing here panics on what a model writes.
//! - The solver's prompt is made only from the opening and the transcript: the gatekeeper's
//!   answers to what was asked. Hidden findings and the gold diagnosis never enter it otherwise.

use serde_json::{json, Value};

use super::action::{self, Action};
use super::case::SeqCase;
use super::gatekeeper::{self, Request};
use super::prices::Prices;
use super::score::{self, Match};

/// Limits of an encounter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Actions the solver may take, the final diagnosis included (at least 1).
    pub max_turns: u32,
    /// Cost after which the next turn is a forced diagnosis.
    pub budget: Option<f64>,
}

/// Why the next turn is a forced diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Forced {
    TurnLimit,
    Budget,
    Malformed,
}

/// How the encounter ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    /// The solver chose to diagnose.
    Diagnosed,
    /// A forced diagnosis turn, and why it was forced.
    Forced(Forced),
    /// The forced turn's reply was not a diagnosis either.
    NoDiagnosis,
}

/// What the solver is asked on one turn.
#[derive(Debug, Clone)]
pub struct Turn {
    pub system: String,
    pub user: String,
    /// Only a diagnosis is allowed (use the grammar of [`action::diagnose_schema`]).
    pub forced: bool,
    /// The same turn again, after a reply that was not an action.
    pub retry: bool,
}

/// Figures the driver measured for one reply.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Measured {
    pub ms: f64,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
}

/// One step of the transcript.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Step {
    /// The solver's turn (retries share their turn's number).
    pub turn: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// The reply, when it was not an action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub malformed: Option<Value>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub forced: bool,
    /// The gatekeeper's answer, per request.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reveals: Vec<Value>,
    /// The findings each reveal showed (indices into the case's findings).
    #[serde(skip)]
    pub shown: Vec<Vec<usize>>,
    /// The panel's notes before this action (`--panel`), one per role.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub panel: Vec<Value>,
    pub cost: f64,
    pub total_cost: f64,
    #[serde(flatten)]
    pub measured: Measured,
}

/// One encounter.
#[derive(Debug, Clone)]
pub struct Encounter {
    case: SeqCase,
    limits: Limits,
    prices: Prices,
    steps: Vec<Step>,
    /// Findings revealed so far (indices into the case's findings).
    revealed: Vec<usize>,
    cost: f64,
    /// Actions taken (retries excluded).
    turns: u32,
    /// The last action was a question or examination: the visit goes on.
    in_visit: bool,
    /// The last reply was malformed: this is its retry.
    retrying: Option<String>,
    forced: Option<Forced>,
    ending: Option<Ending>,
    diagnosis: Option<(String, Vec<String>)>,
    /// `--absent synthetic`: an order the case holds nothing for goes to the gatekeeper model.
    synthetic_absent: bool,
}

const SYSTEM: &str = "You are a physician working up a patient step by step. You know only what \
you are told. Each turn, reply with exactly one JSON action:\n\
{\"action\": \"ask\", \"question\": \"...\"} to ask the patient a question;\n\
{\"action\": \"examine\", \"system\": \"...\"} to examine a body system or sign;\n\
{\"action\": \"order\", \"tests\": [\"...\"]} to order tests by name (each test has a price);\n\
{\"action\": \"diagnose\", \"diagnosis\": \"...\", \"differential\": [\"...\"]} to commit to a \
final diagnosis (this ends the encounter).\n\
Be accurate and spend no more than you must.";

impl Encounter {
    pub fn new(case: SeqCase, limits: Limits, prices: Prices) -> Self {
        Self {
            case,
            limits: Limits {
                max_turns: limits.max_turns.max(1),
                ..limits
            },
            prices,
            steps: Vec::new(),
            revealed: Vec::new(),
            cost: 0.0,
            turns: 0,
            in_visit: false,
            retrying: None,
            forced: None,
            ending: None,
            diagnosis: None,
            synthetic_absent: false,
        }
    }

    pub fn case(&self) -> &SeqCase {
        &self.case
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Findings revealed so far, in the order they were.
    pub fn revealed(&self) -> &[usize] {
        &self.revealed
    }

    pub fn cost(&self) -> f64 {
        self.cost
    }

    pub fn turns(&self) -> u32 {
        self.turns
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    pub fn ending(&self) -> Option<Ending> {
        self.ending
    }

    pub fn is_done(&self) -> bool {
        self.ending.is_some()
    }

    /// Why the coming turn is forced, if it is.
    fn forced_now(&self) -> Option<Forced> {
        if let Some(f) = self.forced {
            return Some(f);
        }
        if self.turns + 1 >= self.limits.max_turns {
            return Some(Forced::TurnLimit);
        }
        match self.limits.budget {
            Some(b) if self.cost >= b => Some(Forced::Budget),
            _ => None,
        }
    }

    /// What to ask the solver now; `None` once the encounter is over.
    pub fn next(&self) -> Option<Turn> {
        if self.ending.is_some() {
            return None;
        }
        let forced = self.forced_now();
        let mut user = format!("Patient: {}\n", self.case.opening);
        if !self.steps.is_empty() {
            user.push_str("\nSo far:\n");
            for step in &self.steps {
                let Some(action) = &step.action else { continue };
                user.push_str(&format!(
                    "- You: {}\n",
                    serde_json::to_string(action).unwrap_or_default()
                ));
                for reveal in &step.reveals {
                    let answer = reveal.get("answer").and_then(Value::as_str).unwrap_or("");
                    user.push_str(&format!("  Answer: {}\n", answer.replace('\n', "\n  ")));
                }
            }
        }
        let left = self.limits.max_turns.saturating_sub(self.turns);
        user.push_str(&format!(
            "\nCost so far: ${:.0}{}. Turns left: {left}.\n",
            self.cost,
            self.limits
                .budget
                .map(|b| format!(" of a ${b:.0} budget"))
                .unwrap_or_default()
        ));
        if let Some(error) = &self.retrying {
            user.push_str(&format!(
                "\nYour last reply was not a valid action ({error}). Reply with one JSON action only.\n"
            ));
        }
        match forced {
            Some(why) => user.push_str(&format!(
                "\n{} You must now give your final diagnosis: {{\"action\": \"diagnose\", ...}}.\n",
                match why {
                    Forced::TurnLimit => "You have no turns left.",
                    Forced::Budget => "The budget is spent.",
                    Forced::Malformed => "Your replies were not valid actions.",
                }
            )),
            None => user.push_str("\nYour next action (JSON):\n"),
        }
        Some(Turn {
            system: SYSTEM.to_string(),
            user,
            forced: forced.is_some(),
            retry: self.retrying.is_some(),
        })
    }

    /// Take the solver's reply to the turn [`Encounter::next`] gave.
    pub fn reply(&mut self, reply: &str, measured: Measured) {
        if self.ending.is_some() {
            return;
        }
        let forced = self.forced_now();
        let turn = self.turns + 1;
        let parsed = action::parse(reply).and_then(|a| match (&a, forced) {
            (Action::Diagnose { .. }, _) | (_, None) => Ok(a),
            (_, Some(_)) => Err(action::ActionError::NoAction),
        });
        let action = match parsed {
            Ok(a) => a,
            Err(error) => {
                self.malformed(turn, reply, &error, forced.is_some(), measured);
                return;
            }
        };
        self.retrying = None;
        self.turns = turn;
        let mut step = Step {
            action: Some(action.clone()),
            ..self.blank_step(turn, forced.is_some(), measured)
        };
        match &action {
            Action::Diagnose {
                diagnosis,
                differential,
            } => {
                self.diagnosis = Some((diagnosis.clone(), differential.clone()));
                self.ending = Some(match forced {
                    Some(f) => Ending::Forced(f),
                    None => Ending::Diagnosed,
                });
            }
            Action::Ask { question } => {
                step.cost = self.visit_fee();
                let (r, shown) = self.reveal(&Request::Ask(question));
                step.reveals.push(r);
                step.shown.push(shown);
            }
            Action::Examine { system } => {
                step.cost = self.visit_fee();
                let (r, shown) = self.reveal(&Request::Examine(system));
                step.reveals.push(r);
                step.shown.push(shown);
            }
            Action::Order { tests } => {
                self.in_visit = false;
                for test in tests {
                    let (r, shown) = self.order(test, step.cost);
                    step.cost += r["price"].as_f64().unwrap_or(0.0);
                    step.reveals.push(r);
                    step.shown.push(shown);
                }
            }
        }
        self.cost += step.cost;
        step.total_cost = self.cost;
        self.steps.push(step);
    }

    /// A step of turn `turn` that has done nothing yet: no action, nothing revealed, no cost.
    fn blank_step(&self, turn: u32, forced: bool, measured: Measured) -> Step {
        Step {
            turn,
            action: None,
            malformed: None,
            forced,
            reveals: Vec::new(),
            shown: Vec::new(),
            panel: Vec::new(),
            cost: 0.0,
            total_cost: self.cost,
            measured,
        }
    }

    /// A reply that is not an action: kept as a malformed step; the solver is asked again once,
    /// then forced to diagnose, and a forced turn that fails again ends without a diagnosis.
    fn malformed(
        &mut self,
        turn: u32,
        reply: &str,
        error: &action::ActionError,
        forced: bool,
        measured: Measured,
    ) {
        self.steps.push(Step {
            malformed: Some(json!({"reply": reply, "error": error.to_string()})),
            ..self.blank_step(turn, forced, measured)
        });
        if forced && self.retrying.is_some() || self.forced.is_some() {
            // A forced turn, already retried (or forced by bad replies): over.
            self.turns = turn;
            self.ending = Some(Ending::NoDiagnosis);
        } else if self.retrying.is_some() {
            self.retrying = None;
            self.forced = Some(Forced::Malformed);
        } else {
            self.retrying = Some(error.to_string());
        }
    }

    /// Keep the panel's notes (`--panel`) with the last step.
    pub fn attach_panel(&mut self, notes: Vec<Value>) {
        if let Some(step) = self.steps.last_mut() {
            step.panel = notes;
        }
    }

    /// The visit fee, charged once for a run of questions and examinations.
    fn visit_fee(&mut self) -> f64 {
        if self.in_visit {
            0.0
        } else {
            self.in_visit = true;
            self.prices.visit
        }
    }

    fn reveal(&mut self, request: &Request<'_>) -> (Value, Vec<usize>) {
        let (kind, text) = match request {
            Request::Ask(t) => ("ask", t),
            Request::Examine(t) => ("examine", t),
            Request::Order(t) => ("order", t),
        };
        let r = gatekeeper::answer(&self.case, request);
        self.mark_revealed(&r.findings);
        let mut out = json!({"request": kind, "text": text, "findings": self.names(&r.findings),
            "answer": r.answer});
        if !r.partly.is_empty() {
            out["partly"] = json!(self.names(&r.partly));
        }
        // What the gatekeeper model may rephrase: everything this answer drew on.
        let shown = r.findings.iter().chain(&r.partly).copied().collect();
        (out, shown)
    }

    fn names(&self, findings: &[usize]) -> Vec<String> {
        findings
            .iter()
            .map(|&i| self.case.findings[i].name())
            .collect()
    }

    fn mark_revealed(&mut self, findings: &[usize]) {
        for i in findings {
            if !self.revealed.contains(i) {
                self.revealed.push(*i);
            }
        }
    }

    /// The result once over: the diagnosis, how it compares with the gold, what it cost.
    pub fn outcome(&self) -> Outcome {
        let (diagnosis, differential) = self.diagnosis.clone().unwrap_or_default();
        let matched = if self.diagnosis.is_some() {
            score::against(&diagnosis, &self.case.diagnosis, &self.case.aliases)
        } else {
            Match::None
        };
        Outcome {
            diagnosis: self.diagnosis.as_ref().map(|_| diagnosis),
            differential,
            matched,
            cost: self.cost,
            turns: self.turns,
            ending: self.ending,
        }
    }
}

/// The result of an encounter.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub diagnosis: Option<String>,
    pub differential: Vec<String>,
    pub matched: Match,
    pub cost: f64,
    pub turns: u32,
    pub ending: Option<Ending>,
}

mod order;
pub mod rephrase;
#[cfg(test)]
mod tests;
