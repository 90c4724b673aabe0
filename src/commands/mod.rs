//! One module per subcommand, all of the same shape: public entry points (`run`, or one per
//! sub-subcommand such as `models::list`) that take resolved settings and the command's own plain
//! options (never clap types: the dispatch in [`crate::app`] builds them) and return an exit
//! outcome. A command never uses another command: what two of them share lives in
//! [`crate::session`] or below.
//!
//! May use: session, app (settings, paths, exit outcomes, messages), cases, answers, clinical,
//! models, engine, crossterm, indicatif, ratatui, rustyline. Never cli or clap (the dispatch
//! turns clap's types into each command's own options), and never another command.

pub mod ask;
pub mod audit;
pub mod batch;
pub mod bench;
pub mod chat;
pub mod config;
pub mod convert;
pub mod deid;
pub mod eval;
pub mod generate;
pub mod import;
pub mod merge;
pub mod models;
pub mod render;
pub mod report;
pub mod runs;
pub mod sdx;
pub mod templates;
pub mod tui;
