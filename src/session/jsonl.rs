//! JSONL files for every command that reads or writes records: the input (a file, or stdin for
//! nothing or `-`), an output file that is never overwritten by accident, and one whole line per
//! record. A run's results file (locked, resumable) is opened through [`super::sink`].

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use anyhow::{bail, Context as _};
use serde_json::Value;

use crate::cases::{LineReader, RawLine};

/// Whether `path` means stdin (no path, or `-`).
pub fn is_stdin(path: Option<&Path>) -> bool {
    path.is_none_or(|p| p == Path::new("-"))
}

/// Whether `path` can only be read once: stdin, or not a regular file (a named pipe, the
/// `/dev/fd/N` of a shell's `<(...)`, a device). Such an input is opened once and never read
/// ahead (for a count, a profile or a hash), since a second reader would take its lines.
pub fn is_stream(path: Option<&Path>) -> bool {
    is_stdin(path) || path.is_some_and(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_file()))
}

/// The records' source: the file, or stdin.
pub fn open_input(path: Option<&Path>) -> anyhow::Result<Box<dyn BufRead + Send>> {
    Ok(match path {
        Some(path) if !is_stdin(Some(path)) => {
            Box::new(BufReader::new(File::open(path).with_context(|| {
                format!("cannot open input file '{}'", path.display())
            })?))
        }
        _ => Box::new(BufReader::new(std::io::stdin())),
    })
}

/// Non-blank lines of a file (for a progress bar's total); `None` for stdin, a pipe or when
/// unreadable.
pub fn count_records(path: Option<&Path>) -> Option<u64> {
    let path = path.filter(|p| !is_stream(Some(p)))?;
    let file = File::open(path).ok()?;
    let mut count = 0;
    for line in LineReader::new(BufReader::new(file), usize::MAX) {
        match line.ok()? {
            (_, RawLine::Text(bytes)) if bytes.iter().all(u8::is_ascii_whitespace) => {}
            _ => count += 1,
        }
    }
    Some(count)
}

/// How an existing, non-empty output file may be continued, for the refusal's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Only `--force` replaces it.
    Refuse,
    /// `--resume` continues it, `--force` replaces it.
    Resumable,
}

/// Create `path` for writing; a non-empty file is replaced only with `force`.
pub fn create_output(path: &Path, force: bool, existing: Existing) -> anyhow::Result<File> {
    if path.metadata().is_ok_and(|m| m.is_file() && m.len() > 0) && !force {
        let hint = match existing {
            Existing::Refuse => "pass --force to overwrite it",
            Existing::Resumable => "pass --resume to continue that run, or --force to overwrite it",
        };
        bail!(
            "output file '{}' already exists and is not empty: {hint}",
            path.display()
        );
    }
    File::create(path).with_context(|| format!("cannot write output file '{}'", path.display()))
}

/// A buffered writer to the file (see [`create_output`]), or to stdout when there is none.
pub fn output_or_stdout(path: Option<&Path>, force: bool) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
        Some(path) => Box::new(std::io::BufWriter::new(create_output(
            path,
            force,
            Existing::Refuse,
        )?)),
    })
}

/// Write one record as one line, in a single write: a reader of the file never sees half a line.
pub fn write_record(out: &mut dyn Write, record: &Value) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(record).map_err(std::io::Error::other)?;
    line.push(b'\n');
    out.write_all(&line)
}
