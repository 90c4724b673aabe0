//! Cases: the record (one JSON object per line of a case file), the line reader that turns a
//! JSONL stream into records or typed errors, the prompt templates that render a case into chat
//! messages, fitting a long timeline into a token budget, calendar helpers, the OpenAI Batch API
//! formats (request lines in, output lines out: [`batch_api`]), `--map` field mappings
//! ([`field_map`]) and deterministic shards of an input ([`shard`]).
//!
//! May use: the engine's message type. Never commands, session, cli or app: everything here is a
//! pure function of its input (templates read the directory a caller names).

pub mod batch_api;
mod dates;
pub mod field_map;
pub mod fit;
mod nested;
pub mod prompt_templates;
mod reader;
mod record;
pub mod shard;

pub use dates::{iso_day_number, pad_date};
pub use nested::section_text;
pub use reader::{decode_object, LineParser, LineReader, Parsed, RawLine};
pub use record::{
    id_key, json_type, parse_id, AnswerOption, Case, CaseError, Section, TimelineEntry, SECTIONS,
};
