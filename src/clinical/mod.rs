//! Clinical transformations of cases: FHIR R4 resources into case records ([`fhir`]) and the
//! removal of Safe Harbor identifiers ([`deid`]).
//!
//! Pure transformations: they read what a command hands them (a reader, a record, a salt) and
//! return what they made; no files, no terminal. May use: cases. Never commands, session, cli or
//! app.

pub mod deid;
pub mod fhir;
