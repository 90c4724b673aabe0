//! ddx: a local clinical case-reasoning workbench over GGUF models.
//!
//! The folders are the architecture, from the face down (tests/architecture.rs keeps it so):
//!
//! - [`cli`]: the clap definitions; [`app`]: argv to one dispatch, settings layers, paths, exit
//!   codes, logging, signals, version. Nothing below them sees a clap type.
//! - [`commands`]: one module per subcommand; no command uses another.
//! - [`session`]: what several commands share: starting a model, provenance, the conversation
//!   core of chat and tui, JSONL input and output with resume.
//! - [`cases`], [`answers`], [`clinical`], [`models`]: the domain: case records and templates,
//!   constrained output and scoring, FHIR import and de-identification, model files.
//! - [`engine`]: the only user of llama.cpp, behind the [`engine::Backend`] interface.
//!
//! ddx is decision support for researchers, not medical advice.

// Tests may unwrap: a panic there is a failed test, not a crash of the tool.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod answers;
pub mod app;
pub mod cases;
pub mod cli;
pub mod clinical;
pub mod commands;
pub mod engine;
pub mod models;
pub mod session;
