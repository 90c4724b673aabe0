//! What several commands share: starting a model ([`start`]: a local file, or a served model
//! under the governance rule of [`remote`]), provenance, de-identification with its salt and
//! its model-assisted pass ([`deid`]), what sequential diagnosis plays by ([`sdx`]), reviewers'
//! annotations and the gold they give ([`annotations`]), the interactive core of chat and tui
//! ([`interactive`]), the prompting of a run: templates, variables, output constraint
//! ([`prompting`]), JSONL files ([`jsonl`]), the results sink every record-writing command shares
//! ([`sink`]: results files with `--resume` and their locks, ledger rows, progress), runs of the
//! ledger compared ([`run_comparison`]), the line after an answer ([`answer_line`]) and memory
//! readings.
//!
//! May use: app (settings, paths, messages), cases, answers, clinical, models, engine,
//! indicatif (progress bars). Never commands or cli: the face calls down into the session, never
//! the other way.

pub mod annotations;
pub mod answer_line;
pub mod deid;
pub mod interactive;
pub mod jsonl;
pub mod ledger;
pub mod memory;
mod model;
pub mod prompting;
pub mod provenance;
pub mod remote;
pub mod run_comparison;
pub mod sdx;
pub mod sink;

pub use model::{
    chat_template, default_parallel, model_path, start, vocabulary, Origin, Outgoing, Session,
};
