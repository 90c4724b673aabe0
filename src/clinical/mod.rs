//! Clinical transformations of cases: the probes of an audit ([`audit`]), FHIR R4 resources into
//! case records ([`fhir`]) and the removal of Safe Harbor identifiers ([`deid`]), and the
//! sequential-diagnosis protocol ([`sdx`]).
//!
//! Pure transformations: they read what a command hands them (a reader, a record, a salt, for
//! the model-assisted de-identification pass a `deid::SpanLister` that the session implements
//! with a model) and return what they made; no files, no terminal. Word lists are compiled in.
//! May use: cases. Never commands, session, cli or app.

pub mod audit;
pub mod deid;
pub mod fhir;
pub mod sdx;
