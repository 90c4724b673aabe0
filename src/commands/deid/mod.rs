//! `ddx deid`: JSONL case records in, the same records de-identified out, each with a `deid`
//! block; the closing line on stderr sums them (and the model-assisted pass, when it ran). A
//! line that is not a JSON object is reported on stderr by line number (never echoed: it may
//! hold identifiers) and left out of the output; the exit status is then 1.

pub mod score;

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use serde_json::Value;

use crate::app::exit::Outcome;
use crate::cases::{LineReader, RawLine};
use crate::clinical::deid::Deidentifier;
use crate::session::jsonl::{open_input, output_or_stdout, write_record};

/// Largest line accepted (a case with long notes can be large).
const MAX_LINE_BYTES: usize = 64 << 20;

/// What `ddx deid` was asked to do.
#[derive(Debug)]
pub struct Options {
    pub input: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub force: bool,
}

pub fn run(deid: &Deidentifier, options: &Options) -> anyhow::Result<Outcome> {
    let reader = open_input(options.input.as_deref())?;
    let mut out = output_or_stdout(options.output.as_deref(), options.force)?;
    let (mut records, mut failed, mut removed) = (0usize, 0usize, 0usize);
    // The model-assisted pass, summed over records: texts asked about, spans removed, failures.
    let mut model = (0usize, 0usize, 0usize);
    let mut report = |line: usize, message: &str| {
        failed += 1;
        crate::note!("line {line}: {message}; the line is left out");
    };
    for line in LineReader::new(reader, MAX_LINE_BYTES) {
        let (n, raw) = line.context("cannot read the input")?;
        let bytes = match raw {
            RawLine::TooLong { bytes } => {
                report(
                    n,
                    &format!("{bytes} bytes is over the limit of {MAX_LINE_BYTES}"),
                );
                continue;
            }
            RawLine::Text(bytes) => bytes,
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let mut record = match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                report(n, "not a JSON object");
                continue;
            }
            Err(e) => {
                report(n, &format!("not valid JSON (column {})", e.column()));
                continue;
            }
        };
        let deid_report = deid.apply_record(&mut record);
        removed += deid_report.total();
        if let Some(pass) = &deid_report.model {
            model = (
                model.0 + pass.texts,
                model.1 + pass.removed,
                model.2 + pass.failed,
            );
        }
        record.insert("deid".into(), deid_report.to_value());
        write_record(&mut *out, &Value::Object(record)).context("cannot write a record")?;
        records += 1;
    }
    out.flush().context("cannot write a record")?;
    crate::note!(
        "{records} records, {removed} identifiers removed (dates: {}){}{}",
        deid.mode().as_str(),
        if deid.has_model_pass() {
            format!(
                "; model pass: {} texts asked, {} spans removed, {} texts failed",
                model.0, model.1, model.2
            )
        } else {
            String::new()
        },
        if failed > 0 {
            let lines = if failed == 1 { "line" } else { "lines" };
            format!(", {failed} {lines} left out (listed above)")
        } else {
            String::new()
        }
    );
    Ok(Outcome::of_run(false, failed))
}
