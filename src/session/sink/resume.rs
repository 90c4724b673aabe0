//! `--resume`: pick up a batch run where it stopped.
//!
//! The output file is the only state. Ids with an `"ok"` record are done and skipped; error
//! records are dropped and their lines processed again (unless `--no-retry-errors`). A final
//! line cut short by a crash (no newline, or not JSON) is removed before anything is appended,
//! so the file stays valid JSONL and, once the run completes, holds one record per input line.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use anyhow::Context as _;
use serde_json::Value;

use crate::cases::id_key;

/// What the existing output says is already done.
#[derive(Debug, Default)]
pub struct ResumeState {
    /// Ids whose record is kept (ok, or error when errors are not retried).
    pub done_ids: HashSet<String>,
    /// Lines whose kept error record has no id (only when errors are not retried).
    pub done_lines: HashSet<usize>,
    /// Records kept from the earlier run.
    pub kept: usize,
    /// Error records dropped to be retried.
    pub retried: usize,
    /// Bytes of a cut-off final line that were removed.
    pub repaired_bytes: usize,
    /// Complete lines that were not JSON objects and were removed.
    pub dropped_invalid: usize,
}

impl ResumeState {
    /// True when this input line's record is already in the output.
    pub fn is_done(&self, id: Option<&Value>, line: usize) -> bool {
        match id {
            Some(id) => self.done_ids.contains(&id_key(id)),
            None => self.done_lines.contains(&line),
        }
    }
}

/// Read `path` (if it exists), repair it in place, and return what is done.
pub fn prepare(path: &Path, retry_errors: bool) -> anyhow::Result<ResumeState> {
    let mut state = ResumeState::default();
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(state),
        Err(e) => {
            return Err(e)
                .with_context(|| format!("cannot read output file '{}' to resume", path.display()))
        }
    };
    let mut reader = BufReader::new(file);
    let mut kept_bytes: Vec<u8> = Vec::new();
    let mut rewrite = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .with_context(|| format!("cannot read output file '{}' to resume", path.display()))?;
        if n == 0 {
            break;
        }
        let complete = line.last() == Some(&b'\n');
        let record = serde_json::from_slice::<Value>(&line)
            .ok()
            .filter(Value::is_object);
        // An OpenAI Batch API output line (`--output-format openai-batch`) counts as its record.
        let record = record.map(|r| crate::cases::batch_api::as_record(r, 0));
        let Some(record) = record.filter(|_| complete) else {
            if complete {
                state.dropped_invalid += 1;
            } else {
                state.repaired_bytes = line.len();
            }
            rewrite = true;
            continue;
        };
        let id = record.get("id").filter(|v| !v.is_null());
        let ok = record.get("status").and_then(Value::as_str) == Some("ok");
        if ok || !retry_errors {
            match id {
                Some(id) => {
                    state.done_ids.insert(id_key(id));
                }
                None => {
                    if let Some(n) = record.get("line").and_then(Value::as_u64) {
                        state
                            .done_lines
                            .insert(usize::try_from(n).unwrap_or(usize::MAX));
                    }
                }
            }
            state.kept += 1;
            kept_bytes.extend_from_slice(&line);
        } else {
            state.retried += 1;
            rewrite = true;
        }
    }
    if rewrite {
        // Write the kept records to a sibling file, then rename: a crash here loses nothing.
        let tmp = path.with_extension("resume.tmp");
        let mut out =
            File::create(&tmp).with_context(|| format!("cannot write '{}'", tmp.display()))?;
        out.write_all(&kept_bytes)
            .and_then(|()| out.sync_all())
            .with_context(|| format!("cannot write '{}'", tmp.display()))?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot replace '{}'", path.display()))?;
    }
    Ok(state)
}

/// Open the output for appending after [`prepare`].
pub fn open_append(path: &Path) -> anyhow::Result<File> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot write output file '{}'", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_ok_records_drops_errors_and_repairs_a_cut_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"line\":1,\"status\":\"ok\"}\n{\"id\":\"b\",\"line\":2,\"status\":\"error\"}\n\
             {\"id\":null,\"line\":3,\"status\":\"error\"}\n{\"id\":\"c\",\"line\":4,\"sta",
        )
        .unwrap();
        let state = prepare(&path, true).unwrap();
        assert_eq!(
            (state.kept, state.retried, state.repaired_bytes > 0),
            (1, 2, true)
        );
        assert!(state.is_done(Some(&Value::from("a")), 9));
        assert!(!state.is_done(Some(&Value::from("b")), 2));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"id\":\"a\",\"line\":1,\"status\":\"ok\"}\n"
        );
    }

    #[test]
    fn without_retry_errors_are_kept_and_count_as_done() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let text = "{\"id\":\"b\",\"line\":2,\"status\":\"error\"}\n{\"id\":null,\"line\":3,\"status\":\"error\"}\n";
        std::fs::write(&path, text).unwrap();
        let state = prepare(&path, false).unwrap();
        assert!(state.is_done(Some(&Value::from("b")), 2));
        assert!(state.is_done(None, 3));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "nothing to repair: untouched"
        );
    }

    #[test]
    fn a_missing_file_is_an_empty_state() {
        let dir = tempfile::tempdir().unwrap();
        let state = prepare(&dir.path().join("none.jsonl"), true).unwrap();
        assert_eq!(state.kept, 0);
    }
}
