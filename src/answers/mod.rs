//! Answers: what a model's output must look like and how it is read and judged. JSON schemas
//! (the supported subset, and validation of every answer), output constraints compiled to a
//! grammar (`--schema`, `--json`, `--labels`), answers read out of generated text, and ranking a
//! case's options by log-likelihood.
//!
//! May use: cases, engine (through [`crate::engine::Backend`]). Never commands, session, cli or
//! app.

pub mod constraint;
pub mod extract;
pub mod schema;
pub mod scoring;
pub mod stats;
