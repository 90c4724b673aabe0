//! Reading a sequential-diagnosis case file, shared by `ddx sdx` (which turns a bad line into an
//! error record and plays the rest), `ddx sdx play` and `ddx tui --sdx` (which refuses the file):
//! one reader, so all accept exactly the same lines. A case whose opening would show its gold is
//! one of the bad lines ([`crate::clinical::sdx::leak`]).

use std::path::Path;

use anyhow::Context as _;
use serde_json::Value;

use crate::clinical::sdx::case::CaseError;
use crate::clinical::sdx::SeqCase;

/// A line that is not a playable case: its number, its `id` when it is JSON with one, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct BadLine {
    pub line: usize,
    pub id: Value,
    pub message: String,
    /// Why the case is refused, when the line is JSON (`None`: not JSON).
    pub error: Option<CaseError>,
}

/// The cases of a file with their line numbers, and the lines that are not cases.
pub type CaseFile = (Vec<(usize, SeqCase)>, Vec<BadLine>);

/// Read a JSONL case file.
pub fn read(path: &Path) -> anyhow::Result<CaseFile> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read '{}'", path.display()))?;
    let mut cases = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        // A line that is JSON but not a playable case keeps its id.
        let (id, parsed) = match serde_json::from_str::<Value>(line) {
            Ok(v) => (
                v.get("id").cloned().unwrap_or(Value::Null),
                SeqCase::from_value(&v, n).map_err(|e| (e.to_string(), Some(e))),
            ),
            Err(e) => (Value::Null, Err((e.to_string(), None))),
        };
        match parsed {
            Ok(case) => cases.push((n, case)),
            Err((message, error)) => bad.push(BadLine {
                line: n,
                id,
                message,
                error,
            }),
        }
    }
    Ok((cases, bad))
}
