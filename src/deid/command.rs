//! `ddx deid`: JSONL case records in, the same records de-identified out, each with a `deid`
//! block. A line that is not a JSON object is reported on stderr by line number (never echoed:
//! it may hold identifiers) and left out of the output; the exit status is then 1.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use anyhow::{bail, Context as _};
use serde_json::Value;

use super::Deidentifier;
use crate::batch::{LineReader, RawLine};
use crate::exit::Outcome;

/// Largest line accepted (a case with long notes can be large).
const MAX_LINE_BYTES: usize = 64 << 20;

pub fn run(
    deid: &Deidentifier,
    input: Option<&Path>,
    output: Option<&Path>,
    force: bool,
    quiet: bool,
) -> anyhow::Result<Outcome> {
    let reader: Box<dyn BufRead> = match input {
        None => Box::new(BufReader::new(std::io::stdin())),
        Some(p) if p == Path::new("-") => Box::new(BufReader::new(std::io::stdin())),
        Some(path) => {
            Box::new(BufReader::new(File::open(path).with_context(|| {
                format!("cannot open input file '{}'", path.display())
            })?))
        }
    };
    let mut out: Box<dyn Write> = match output {
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
        Some(path) => {
            if path.metadata().is_ok_and(|m| m.is_file() && m.len() > 0) && !force {
                bail!(
                    "output file '{}' already exists and is not empty: pass --force to overwrite it",
                    path.display()
                );
            }
            Box::new(std::io::BufWriter::new(File::create(path).with_context(
                || format!("cannot write output file '{}'", path.display()),
            )?))
        }
    };
    let (mut records, mut failed, mut removed) = (0usize, 0usize, 0usize);
    let mut report = |line: usize, message: &str| {
        failed += 1;
        if !quiet {
            eprintln!("ddx deid: line {line}: {message}; the line is left out");
        }
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
        record.insert("deid".into(), deid_report.to_value());
        let mut text = serde_json::to_vec(&record).context("cannot encode a record")?;
        text.push(b'\n');
        out.write_all(&text).context("cannot write a record")?;
        records += 1;
    }
    out.flush().context("cannot write a record")?;
    if !quiet {
        eprintln!(
            "ddx deid: {records} records, {removed} identifiers removed (dates: {}){}",
            deid.mode().as_str(),
            if failed > 0 {
                format!(", {failed} lines left out (listed above)")
            } else {
                String::new()
            }
        );
    }
    Ok(if failed > 0 {
        Outcome::RecordsFailed
    } else {
        Outcome::Success
    })
}
