//! The ledger: every `batch` and `eval` run kept in an embedded SQLite database
//! (`ledger.sqlite3` in the data directory, WAL mode, versioned schema in [`schema`]).
//!
//! It owns the database and the shape of what is kept: a run ([`RunSummary`], [`RunDetail`])
//! and its per-case rows ([`CaseRow`]). Only ids and derived values are stored (status, the
//! predicted label, gold, probability, error kind, tokens, latency): never a case's text, never
//! a model's free-text answer. Commands write through a [`Recorder`] (a writer thread, so a
//! batch never waits on the disk, and a locked or corrupt database only costs a warning) and
//! read through [`Ledger`].

mod recorder;
mod rows;
mod run;
pub mod schema;
mod store;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use recorder::{Recorder, RunStart};
pub use rows::{
    case_row_from_error_entry, case_row_from_prediction, case_row_from_record, host_name,
    new_run_id, run_fields_from_provenance,
};
pub use run::{record_run, RunInfo};

/// File name of the ledger inside the data directory.
pub const FILE_NAME: &str = "ledger.sqlite3";

/// What can go wrong with the ledger.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("the ledger '{path}' cannot be used: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the ledger '{path}' has schema version {found}, newer than this ddx knows ({known}): upgrade ddx")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("cannot create the data directory '{path}': {source}")]
    Dir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no run '{0}' in the ledger (`ddx runs list` shows them)")]
    NotFound(String),
    #[error("'{prefix}' names {count} runs: give more of the id")]
    Ambiguous { prefix: String, count: usize },
    #[error("ledger query failed: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("ledger holds a value that is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// A run as `ddx runs list` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub id: String,
    /// `batch`, `eval` or `import`.
    pub command: String,
    /// RFC 3339, UTC.
    pub started: String,
    /// `None` while running, or when the run never finished (a crash, a kill).
    pub finished: Option<String>,
    /// The model file name, or `NAME @ ENDPOINT` for a served model.
    pub model: String,
    /// Template name(s) the cases were rendered with (comma-separated when several).
    pub template: Option<String>,
    /// The input file as given (absolute), `None` for stdin.
    pub input: Option<String>,
    /// Case rows by status (`ok`, `error`; for eval `correct`, `wrong`, `unparsed`, `error`).
    pub counts: BTreeMap<String, u64>,
}

/// Everything the ledger keeps about one run (`ddx runs show --json` is this).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunDetail {
    pub summary: RunSummary,
    /// The run's provenance as its result records carry it (ddx version, backend, model block,
    /// sampling...).
    pub provenance: Value,
    /// Settings of the run that are not in every record (options, threads, parallel...).
    pub settings: Value,
    pub host: Option<String>,
    pub ddx_version: Option<String>,
    /// The command line (arguments as given).
    pub command_line: Vec<String>,
    /// `local` or `remote`.
    pub backend: Option<String>,
    pub model_sha256: Option<String>,
    pub endpoint: Option<String>,
    pub input_sha256: Option<String>,
    /// The results file, `None` for stdout.
    pub output: Option<String>,
    pub template_sha256: Option<String>,
    pub schema_sha256: Option<String>,
    /// The run this one continued (`ddx batch --resume`).
    pub resumed_from: Option<String>,
    /// For eval: everything `ddx eval --json` reports besides the per-case rows.
    pub metrics: Option<Value>,
    /// Wall-clock seconds and the like.
    pub timings: Option<Value>,
    /// Token totals.
    pub tokens: Option<Value>,
    pub cases: Vec<CaseRow>,
}

/// One case of a run: ids and derived values only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRow {
    /// The case id (a JSON string's text, or the JSON of any other id).
    pub id: String,
    pub status: String,
    /// The predicted label (`--labels`, `--score`, eval), never a free-text answer.
    pub predicted: Option<String>,
    pub gold: Option<String>,
    /// Probability of the predicted label (scored runs).
    pub probability: Option<f64>,
    pub error_kind: Option<String>,
    pub prompt_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub latency_ms: Option<f64>,
}

/// Which runs `list` returns: each given field is a case-insensitive substring match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunFilter {
    pub model: Option<String>,
    pub template: Option<String>,
    pub input: Option<String>,
    /// At most this many (newest first).
    pub limit: Option<usize>,
}

/// The fields of a new run row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewRun {
    pub id: String,
    pub command: String,
    pub started: String,
    pub command_line: Vec<String>,
    pub host: Option<String>,
    pub ddx_version: Option<String>,
    pub backend: Option<String>,
    pub model: String,
    pub model_sha256: Option<String>,
    pub endpoint: Option<String>,
    pub template: Option<String>,
    pub template_sha256: Option<String>,
    pub schema_sha256: Option<String>,
    pub input: Option<String>,
    pub input_sha256: Option<String>,
    pub output: Option<String>,
    pub resumed_from: Option<String>,
    pub provenance: Value,
    pub settings: Value,
}

/// How a run ended.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Finish {
    pub finished: String,
    pub metrics: Option<Value>,
    pub timings: Option<Value>,
    pub tokens: Option<Value>,
}

/// An open ledger.
pub struct Ledger {
    conn: rusqlite::Connection,
    path: PathBuf,
}

impl Ledger {
    /// Open (creating and migrating as needed) `ledger.sqlite3` in `dir`.
    pub fn open(dir: &Path) -> Result<Ledger, LedgerError> {
        std::fs::create_dir_all(dir).map_err(|source| LedgerError::Dir {
            path: dir.to_path_buf(),
            source,
        })?;
        Self::open_file(&dir.join(FILE_NAME))
    }

    /// The ledger in the data directory (`DDX_DATA_DIR` moves it).
    pub fn open_default(paths: &crate::app::paths::Paths) -> Result<Ledger, LedgerError> {
        Self::open(&paths.data_dir)
    }

    /// Open the ledger at exactly `path`.
    pub fn open_file(path: &Path) -> Result<Ledger, LedgerError> {
        let wrap = |source| LedgerError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = rusqlite::Connection::open(path).map_err(wrap)?;
        store::configure(&conn).map_err(wrap)?;
        schema::migrate(&conn, path)?;
        Ok(Ledger {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs, newest first.
    pub fn list(&self, filter: &RunFilter) -> Result<Vec<RunSummary>, LedgerError> {
        store::list(&self.conn, filter)
    }

    /// The run whose id is `id_or_prefix`, or the one run whose id starts with it.
    pub fn get(&self, id_or_prefix: &str) -> Result<RunDetail, LedgerError> {
        let id = self.resolve(id_or_prefix)?;
        store::detail(&self.conn, &id)
    }

    /// The full id of the run `id_or_prefix` names.
    pub fn resolve(&self, id_or_prefix: &str) -> Result<String, LedgerError> {
        store::resolve(&self.conn, id_or_prefix)
    }

    /// Delete a run and its case rows (`id` may be a unique prefix). Returns the full id.
    pub fn remove(&self, id: &str) -> Result<String, LedgerError> {
        let id = self.resolve(id)?;
        store::remove(&self.conn, &id)?;
        Ok(id)
    }

    /// Record the start of a run.
    pub fn insert_run(&self, run: &NewRun) -> Result<(), LedgerError> {
        store::insert_run(&self.conn, run)
    }

    /// Append case rows to a run, in one transaction.
    pub fn add_cases(&mut self, run_id: &str, rows: &[CaseRow]) -> Result<(), LedgerError> {
        store::add_cases(&mut self.conn, run_id, rows)
    }

    /// Set a run's template name(s) and hash (templates are known as cases come).
    pub fn set_template(
        &self,
        run_id: &str,
        template: &str,
        sha256: Option<&str>,
    ) -> Result<(), LedgerError> {
        store::set_template(&self.conn, run_id, template, sha256)
    }

    /// Mark a run finished, with its metrics, timings and token totals.
    pub fn finish_run(&self, run_id: &str, finish: &Finish) -> Result<(), LedgerError> {
        store::finish_run(&self.conn, run_id, finish)
    }

    /// The newest run that wrote the results file `output` (for `--resume`).
    pub fn last_run_with_output(&self, output: &str) -> Result<Option<String>, LedgerError> {
        store::last_run_with_output(&self.conn, output)
    }
}

#[cfg(test)]
mod tests;
