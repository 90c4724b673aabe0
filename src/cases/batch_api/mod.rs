//! The OpenAI Batch API formats, as pure conversions: request lines in ([`input`]: a line to a
//! case and its own settings) and output lines out ([`output`]: a ddx result record to a Batch
//! API output object and back). Reading and writing the files is the session's
//! ([`crate::session::sink`] writes output lines).

pub mod input;
pub mod output;

pub use input::{
    custom_id, is_request, parse_request, record_key, response_schema, Overrides, Request,
    CHAT_URLS,
};
pub use output::{as_record, is_output_object, output_object, to_record, OutputFormat};
