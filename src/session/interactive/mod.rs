//! The interactive core that `ddx chat` and `ddx tui` share: a case file held in memory
//! ([`casefile`]), one conversation about a case with its context fitting ([`conversation`]),
//! and the state of a session ([`state`]): model, case, template, settings, de-identification.
//! Nothing here owns a terminal or prints; each mode shows what these return.

pub mod casefile;
pub mod conversation;
pub mod state;
