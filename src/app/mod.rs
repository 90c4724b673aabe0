//! The application's frame: argv to one dispatch ([`run`]), the settings layers (defaults <
//! config file < `DDX_*` environment < flags), where files live, exit codes, logging, signals and
//! the version text.
//!
//! Only here and in [`crate::cli`] are clap types seen: [`dispatch`] turns each subcommand's
//! arguments into resolved settings and the command's own plain options, and calls the command.
//! Nothing in app but the dispatch uses a command.
//!
//! May use: cli, commands (from the dispatch only), session, cases, answers, clinical, models,
//! engine, clap. It is the top floor: nothing below uses cli, and only commands and session use
//! app (its settings, paths and messages).

mod dispatch;
pub mod exit;
mod logging;
pub mod messages;
pub mod openmp;
pub mod paths;
pub mod settings;
pub mod signals;
pub mod version;

pub use dispatch::run;
