//! Reading a sequential-diagnosis case file, shared by `ddx sdx` (which turns a bad line into an
//! error record and plays the rest) and `ddx tui --sdx` (which refuses the file): one reader, so
//! both accept exactly the same lines.

use std::path::Path;

use anyhow::Context as _;
use serde_json::Value;

use crate::clinical::sdx::SeqCase;

/// A line that is not a playable case: its number, its `id` when it is JSON with one, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct BadLine {
    pub line: usize,
    pub id: Value,
    pub message: String,
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
                SeqCase::from_value(&v, n).map_err(|e| e.to_string()),
            ),
            Err(e) => (Value::Null, Err(e.to_string())),
        };
        match parsed {
            Ok(case) => cases.push((n, case)),
            Err(message) => bad.push(BadLine {
                line: n,
                id,
                message,
            }),
        }
    }
    Ok((cases, bad))
}
