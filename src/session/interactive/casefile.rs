//! A case file held in memory for interactive modes: every line parsed once, bad lines kept as
//! errors (so positions match the file), looked up by id or by position.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cases::{id_key, Case};
use crate::cases::{LineParser, LineReader, Parsed};

/// Longest line read from a case file (as `ddx batch`'s default).
const MAX_LINE_BYTES: usize = 1 << 20;

/// One non-blank line of the file.
#[derive(Debug, Clone)]
pub struct CaseEntry {
    /// 1-based line number.
    pub line: usize,
    /// The record's id as text, or `line N` when it has none.
    pub id: String,
    /// The case, or why the line is not a usable case (never quoting the line's text).
    pub case: Result<Case, String>,
    /// With `--deid`: the patient object as it was, kept in memory only, so identifiers the
    /// user types about this patient are recognised and removed too.
    pub identity: Option<serde_json::Map<String, serde_json::Value>>,
}

/// A loaded case file.
#[derive(Debug, Clone)]
pub struct CaseFile {
    pub path: PathBuf,
    pub entries: Vec<CaseEntry>,
}

impl CaseFile {
    /// Read and parse every line of `path`.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let file = File::open(path)
            .with_context(|| format!("cannot open case file '{}'", path.display()))?;
        let mut parser = LineParser::default();
        let mut entries = Vec::new();
        for item in LineReader::new(BufReader::new(file), MAX_LINE_BYTES) {
            let (line, raw) =
                item.with_context(|| format!("cannot read case file '{}'", path.display()))?;
            match parser.parse(&raw, MAX_LINE_BYTES) {
                Parsed::Blank => {}
                Parsed::Case(case) => entries.push(CaseEntry {
                    line,
                    id: id_key(&case.id),
                    case: Ok(*case),
                    identity: None,
                }),
                Parsed::Error { id, error, .. } => entries.push(CaseEntry {
                    line,
                    id: id.as_ref().map_or_else(|| format!("line {line}"), id_key),
                    case: Err(format!("{}, line {line}: {error}", path.display())),
                    identity: None,
                }),
            }
        }
        if entries.is_empty() {
            anyhow::bail!("case file '{}' has no cases", path.display());
        }
        Ok(Self {
            path: path.to_path_buf(),
            entries,
        })
    }

    /// De-identify every valid case in place (`--deid`); returns how many identifiers went.
    pub fn deidentify(&mut self, deid: &crate::clinical::deid::Deidentifier) -> u64 {
        let mut removed = 0;
        for entry in &mut self.entries {
            if let Ok(case) = &mut entry.case {
                entry.identity.clone_from(&case.patient);
                let report = deid.apply(case);
                removed += report.to_value()["counts"].as_object().map_or(0, |counts| {
                    counts
                        .values()
                        .filter_map(serde_json::Value::as_u64)
                        .sum::<u64>()
                });
            }
        }
        removed
    }

    /// Position of the case with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.id == id)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Split `FILE#ID` into the file and the id.
pub fn split_case_arg(arg: &str) -> (PathBuf, Option<String>) {
    match arg.rsplit_once('#') {
        Some((file, id)) if !file.is_empty() && !id.is_empty() => {
            (PathBuf::from(file), Some(id.to_string()))
        }
        _ => (PathBuf::from(arg), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_cases_and_keeps_bad_lines_in_place() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"presentation\":\"x\"}\n\nnot json\n{\"id\":7,\"prompt\":\"y\"}\n",
        )
        .expect("write");
        let file = CaseFile::load(&path).expect("load");
        assert_eq!(file.len(), 3);
        assert_eq!(file.entries[0].id, "a");
        assert_eq!(file.entries[1].id, "line 3");
        let error = file.entries[1].case.as_ref().expect_err("bad line");
        assert!(
            error.contains("line 3") && !error.contains("not json"),
            "{error}"
        );
        assert_eq!(file.position("7"), Some(2));
        assert_eq!(file.position("nope"), None);
    }

    #[test]
    fn missing_and_empty_files_are_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(CaseFile::load(&dir.path().join("none.jsonl")).is_err());
        let empty = dir.path().join("e.jsonl");
        std::fs::write(&empty, "\n").expect("write");
        assert!(CaseFile::load(&empty)
            .expect_err("empty")
            .to_string()
            .contains("no cases"));
    }

    #[test]
    fn splits_file_and_id() {
        assert_eq!(
            split_case_arg("a.jsonl#x"),
            (PathBuf::from("a.jsonl"), Some("x".into()))
        );
        assert_eq!(split_case_arg("a.jsonl"), (PathBuf::from("a.jsonl"), None));
        assert_eq!(
            split_case_arg("a.jsonl#"),
            (PathBuf::from("a.jsonl#"), None)
        );
    }
}
