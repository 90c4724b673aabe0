//! What several commands share: starting a model ([`start`]: a local file, or a served model
//! under the governance rule of [`remote`]), provenance, de-identification with its salt and
//! its model-assisted pass ([`deid`]), what sequential diagnosis plays by ([`sdx`]), reviewers' annotations and the gold they give ([`annotations`]), the interactive core of chat and tui ([`interactive`]), the prompting of a run: templates, variables, output constraint ([`prompting`]), JSONL input and results
//! with `--resume` ([`jsonl`], [`resume`]), one writer per output file ([`output_lock`]), OpenAI Batch API output lines ([`batch_api`]), runs of the ledger compared ([`run_comparison`]),
//! progress bars, stats lines and memory readings.
//!
//! May use: app (settings, paths, messages), cases, answers, clinical, models, engine,
//! indicatif (progress bars). Never commands or cli: the face calls down into the session, never
//! the other way.

pub mod annotations;
pub mod answer_line;
pub mod batch_api;
pub mod deid;
pub mod interactive;
pub mod jsonl;
pub mod ledger;
pub mod memory;
mod model;
pub mod output_lock;
pub mod progress;
pub mod prompting;
pub mod provenance;
pub mod remote;
pub mod resume;
pub mod run_comparison;
pub mod sdx;

pub use model::{
    chat_template, default_parallel, model_path, start, vocabulary, Origin, Outgoing, Session,
};
