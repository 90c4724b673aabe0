//! Sequential diagnosis (`ddx sdx`): the model must ask for every finding, pay for every test and
//! commit to a diagnosis. This folder holds the protocol, pure and unit-tested: the case
//! ([`case`]: AgentClinic OSCE records and ddx's own form; [`record`]: a case record's
//! timeline up to its index date), names and the shipped synonym table
//! ([`names`]), the guard that keeps the gold out of the opening ([`leak`]), the deterministic
//! gatekeeper ([`gatekeeper`]), the price table ([`prices`]), the solver's JSON action
//! ([`action`]), one encounter as a state machine ([`encounter`]), the diagnosis against the gold
//! by name ([`fold`], [`score`]) and the judge's rubric ([`judge`]). Driving encounters over a
//! model is the command's.

pub mod action;
pub mod case;
pub mod encounter;
pub mod fold;
pub mod gatekeeper;
pub mod judge;
pub mod leak;
pub mod names;
pub mod panel;
pub mod paraphrase;
pub mod prices;
pub mod record;
pub mod score;

pub use action::Action;
pub use case::{Finding, Kind, SeqCase};
pub use encounter::rephrase::ToRephrase;
pub use encounter::{Encounter, Ending, Forced, Limits, Measured, Outcome, Turn};
pub use prices::Prices;
