//! One results file (or stdout): opened as `--force`/`--resume` say, held under its lock
//! ([`super::output_lock`]) for as long as it is open, and written one whole, flushed line per
//! record, as ddx records or as OpenAI Batch API output objects.

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use super::output_lock::{self, OutputLock};
use super::resume::{self, ResumeState};
use crate::cases::batch_api::{output_object, OutputFormat};
use crate::session::jsonl::{self, Existing};

/// How to open a results file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResultsMode {
    /// Replace a non-empty file.
    pub force: bool,
    /// Continue the run the file holds.
    pub resume: bool,
    /// With `resume`: drop earlier error records so their cases run again.
    pub retry_errors: bool,
    /// Wait for another run writing the file to end instead of refusing (`--wait`).
    pub wait: bool,
}

/// A results file (or stdout), open for writing whole lines.
pub struct Results {
    out: Box<dyn Write + Send>,
    format: OutputFormat,
    /// The `created` of Batch API output objects: the Unix time the results were opened.
    created: u64,
}

impl Results {
    /// Open where results go: stdout, a new file, or (with `--resume`) the earlier run's file,
    /// repaired and opened for appending, with what that run already did. What the repair did
    /// is said on stderr (unless `-q`). A file is locked first: while another run writes it,
    /// this refuses (or with `wait` waits) before anything is read or written.
    pub fn open(
        path: Option<&Path>,
        mode: ResultsMode,
        format: OutputFormat,
    ) -> anyhow::Result<(Results, Option<ResumeState>)> {
        let (out, resume) = open_file(path, mode)?;
        let results = Results {
            out,
            format,
            created: unix_now(),
        };
        Ok((results, resume))
    }

    /// Write a record as one line (a Batch API output object with `--output-format
    /// openai-batch`) and flush it, so a live run's file is always whole lines, and up to date.
    pub fn write(&mut self, record: &Value) -> std::io::Result<()> {
        match self.format {
            OutputFormat::Ddx => jsonl::write_record(&mut *self.out, record)?,
            OutputFormat::OpenAiBatch => {
                jsonl::write_record(&mut *self.out, &output_object(record, self.created))?;
            }
        }
        self.out.flush()
    }
}

fn open_file(
    path: Option<&Path>,
    mode: ResultsMode,
) -> anyhow::Result<(Box<dyn Write + Send>, Option<ResumeState>)> {
    let Some(path) = path else {
        return Ok((Box::new(std::io::stdout()), None));
    };
    let lock = output_lock::acquire(path, mode.wait)?;
    if !mode.resume {
        let file = jsonl::create_output(path, mode.force, Existing::Resumable)?;
        return Ok((
            Box::new(Locked {
                inner: file,
                _lock: lock,
            }),
            None,
        ));
    }
    let state = resume::prepare(path, mode.retry_errors)?;
    say_repaired(path, &state);
    let file = resume::open_append(path)?;
    Ok((
        Box::new(Locked {
            inner: file,
            _lock: lock,
        }),
        Some(state),
    ))
}

/// What `--resume` found and repaired in the earlier run's file.
fn say_repaired(path: &Path, state: &ResumeState) {
    if state.repaired_bytes > 0 {
        crate::note!(
            "removed a cut-off final line ({} bytes) from '{}'",
            state.repaired_bytes,
            path.display()
        );
    }
    if state.dropped_invalid > 0 {
        crate::note!(
            "removed {} lines that were not JSON records from '{}'",
            state.dropped_invalid,
            path.display()
        );
    }
    crate::note!(
        "resuming '{}': {} records kept, {} error records to retry",
        path.display(),
        state.kept,
        state.retried
    );
}

/// A writer that holds its file's lock as long as it lives.
struct Locked<W> {
    inner: W,
    _lock: OutputLock,
}

impl<W: Write> Write for Locked<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.inner.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Seconds since the Unix epoch.
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
