//! What `ddx sdx` and `ddx tui --sdx` share, so a case plays the same whichever face runs it:
//! one reader of case files ([`cases`]), one way to load the price table with its provenance
//! ([`prices`]), one way a turn of an encounter becomes a request to the engine ([`turn`]), and
//! one summary of results per budget ([`summary`]).

pub mod case_file;
pub mod prices;
pub mod summary;
pub mod turn;
