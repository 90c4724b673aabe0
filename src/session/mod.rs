//! What several commands share: starting a model ([`start`]: a local file, or a served model
//! under the governance rule of [`remote`]), provenance, de-identification with its salt and
//! its model-assisted pass ([`deid`]), what sequential diagnosis plays by ([`sdx`]), reviewers' annotations and the gold they give ([`annotations`]), the interactive core of chat and tui ([`interactive`]), JSONL files
//! ([`jsonl`]), the results sink every record-writing command shares ([`sink`]: results files
//! with `--resume` and their locks, ledger rows, progress), stats lines and memory readings.
//!
//! May use: app (settings, paths), cases, answers, clinical, models, engine. Never commands or
//! cli: the face calls down into the session, never the other way.

pub mod annotations;
pub mod answer_line;
pub mod deid;
pub mod interactive;
pub mod jsonl;
pub mod ledger;
pub mod memory;
mod model;
pub mod provenance;
pub mod remote;
pub mod sdx;
pub mod sink;

/// The Batch API's pure conversions live in the domain; kept here at their old path for the
/// commands that still name it (convert, merge, runs import, the dispatch).
pub use crate::cases::batch_api;
pub use model::{
    chat_template, default_parallel, model_path, start, vocabulary, Origin, Outgoing, Session,
};
/// Kept at its old path for the commands that lock a file they write whole (chat, tui, merge).
pub use sink::output_lock;
