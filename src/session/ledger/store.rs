//! The SQL behind [`super::Ledger`]: connection settings, inserts, queries.

use std::collections::BTreeMap;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension as _, Row, TransactionBehavior};
use serde_json::Value;

use super::{CaseRow, Finish, LedgerError, NewRun, RunDetail, RunFilter, RunSummary};

/// How long a statement waits for another process's lock before giving up. Writes happen on
/// the recorder's own thread, so waiting never slows a batch.
const BUSY_TIMEOUT: Duration = Duration::from_millis(2000);

/// WAL (readers never block the writer; a crash loses at most the last transaction),
/// `synchronous = NORMAL` (durable at checkpoints, safe against corruption), foreign keys on.
pub fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Reading the mode also checks that the file is a database at all.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
}

fn json_text(value: &Value) -> Result<String, LedgerError> {
    Ok(serde_json::to_string(value)?)
}

pub fn insert_run(conn: &Connection, run: &NewRun) -> Result<(), LedgerError> {
    conn.execute(
        "INSERT INTO runs (id, command, started, command_line, host, ddx_version, backend, model,
            model_sha256, endpoint, template, template_sha256, schema_sha256, input, input_sha256,
            output, resumed_from, provenance, settings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            run.id,
            run.command,
            run.started,
            serde_json::to_string(&run.command_line)?,
            run.host,
            run.ddx_version,
            run.backend,
            run.model,
            run.model_sha256,
            run.endpoint,
            run.template,
            run.template_sha256,
            run.schema_sha256,
            run.input,
            run.input_sha256,
            run.output,
            run.resumed_from,
            json_text(&run.provenance)?,
            json_text(&run.settings)?,
        ],
    )?;
    Ok(())
}

pub fn add_cases(conn: &mut Connection, run_id: &str, rows: &[CaseRow]) -> Result<(), LedgerError> {
    // IMMEDIATE: take the write lock first (waiting up to the busy timeout), so a second process
    // writing the same ledger is waited for instead of failing the upgrade from a read.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let next: i64 = tx.query_row(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM cases WHERE run_id = ?1",
            [run_id],
            |row| row.get(0),
        )?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO cases (run_id, seq, case_id, status, predicted, gold, probability,
                error_kind, prompt_tokens, output_tokens, latency_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for (offset, row) in rows.iter().enumerate() {
            insert.execute(params![
                run_id,
                next + offset as i64,
                row.id,
                row.status,
                row.predicted,
                row.gold,
                row.probability,
                row.error_kind,
                row.prompt_tokens.map(|n| n as i64),
                row.output_tokens.map(|n| n as i64),
                row.latency_ms,
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

pub fn set_template(
    conn: &Connection,
    run_id: &str,
    template: &str,
    sha256: Option<&str>,
) -> Result<(), LedgerError> {
    conn.execute(
        "UPDATE runs SET template = ?2, template_sha256 = ?3 WHERE id = ?1",
        params![run_id, template, sha256],
    )?;
    Ok(())
}

pub fn finish_run(conn: &Connection, run_id: &str, finish: &Finish) -> Result<(), LedgerError> {
    let text = |v: &Option<Value>| v.as_ref().map(json_text).transpose();
    conn.execute(
        "UPDATE runs SET finished = ?2, metrics = ?3, timings = ?4, tokens = ?5 WHERE id = ?1",
        params![
            run_id,
            finish.finished,
            text(&finish.metrics)?,
            text(&finish.timings)?,
            text(&finish.tokens)?,
        ],
    )?;
    Ok(())
}

pub fn last_run_with_output(
    conn: &Connection,
    output: &str,
) -> Result<Option<String>, LedgerError> {
    Ok(conn
        .query_row(
            "SELECT id FROM runs WHERE output = ?1 ORDER BY started DESC, id DESC LIMIT 1",
            [output],
            |row| row.get(0),
        )
        .optional()?)
}

pub fn resolve(conn: &Connection, id_or_prefix: &str) -> Result<String, LedgerError> {
    let exact: Option<String> = conn
        .query_row("SELECT id FROM runs WHERE id = ?1", [id_or_prefix], |row| {
            row.get(0)
        })
        .optional()?;
    if let Some(id) = exact {
        return Ok(id);
    }
    if id_or_prefix.is_empty() {
        return Err(LedgerError::NotFound(id_or_prefix.into()));
    }
    let mut stmt = conn.prepare("SELECT id FROM runs WHERE substr(id, 1, length(?1)) = ?1")?;
    let ids = stmt
        .query_map([id_or_prefix], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    match ids.as_slice() {
        [id] => Ok(id.clone()),
        [] => Err(LedgerError::NotFound(id_or_prefix.into())),
        _ => Err(LedgerError::Ambiguous {
            prefix: id_or_prefix.into(),
            count: ids.len(),
        }),
    }
}

pub fn remove(conn: &Connection, id: &str) -> Result<(), LedgerError> {
    conn.execute("DELETE FROM cases WHERE run_id = ?1", [id])?;
    conn.execute("DELETE FROM runs WHERE id = ?1", [id])?;
    Ok(())
}

fn counts(conn: &Connection, id: &str) -> Result<BTreeMap<String, u64>, LedgerError> {
    let mut stmt = conn
        .prepare_cached("SELECT status, COUNT(*) FROM cases WHERE run_id = ?1 GROUP BY status")?;
    let rows = stmt.query_map([id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
    })?;
    let mut counts = BTreeMap::new();
    for row in rows {
        let (status, n) = row?;
        counts.insert(status, n.max(0) as u64);
    }
    Ok(counts)
}

const SUMMARY_COLUMNS: &str = "id, command, started, finished, model, template, input";

fn summary_row(row: &Row) -> rusqlite::Result<RunSummary> {
    Ok(RunSummary {
        id: row.get(0)?,
        command: row.get(1)?,
        started: row.get(2)?,
        finished: row.get(3)?,
        model: row.get(4)?,
        template: row.get(5)?,
        input: row.get(6)?,
        counts: BTreeMap::new(),
    })
}

/// Case-insensitive substring match, as SQL `instr` on lowercased text.
fn matches(value: Option<&str>, wanted: Option<&String>) -> bool {
    match wanted {
        None => true,
        Some(w) => value.is_some_and(|v| v.to_lowercase().contains(&w.to_lowercase())),
    }
}

pub fn list(conn: &Connection, filter: &RunFilter) -> Result<Vec<RunSummary>, LedgerError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {SUMMARY_COLUMNS}, model_sha256 FROM runs ORDER BY started DESC, id DESC"
    ))?;
    let rows = stmt.query_map([], |row| {
        Ok((summary_row(row)?, row.get::<_, Option<String>>(7)?))
    })?;
    let mut runs = Vec::new();
    for row in rows {
        let (mut summary, sha) = row?;
        let model_hit = matches(Some(&summary.model), filter.model.as_ref())
            || matches(sha.as_deref(), filter.model.as_ref());
        if !model_hit
            || !matches(summary.template.as_deref(), filter.template.as_ref())
            || !matches(summary.input.as_deref(), filter.input.as_ref())
        {
            continue;
        }
        summary.counts = counts(conn, &summary.id)?;
        runs.push(summary);
        if filter.limit.is_some_and(|limit| runs.len() >= limit) {
            break;
        }
    }
    Ok(runs)
}

/// One run with its case rows.
pub fn detail(conn: &Connection, id: &str) -> Result<RunDetail, LedgerError> {
    let mut detail = conn
        .query_row(
            &format!(
                "SELECT {SUMMARY_COLUMNS}, provenance, settings, host, ddx_version, command_line,
                    backend, model_sha256, endpoint, input_sha256, output, template_sha256,
                    schema_sha256, resumed_from, metrics, timings, tokens
                 FROM runs WHERE id = ?1"
            ),
            [id],
            |row| {
                Ok(RunDetail {
                    summary: summary_row(row)?,
                    provenance: json_at(row, 7)?,
                    settings: json_at(row, 8)?,
                    host: row.get(9)?,
                    ddx_version: row.get(10)?,
                    command_line: json_at(row, 11)?,
                    backend: row.get(12)?,
                    model_sha256: row.get(13)?,
                    endpoint: row.get(14)?,
                    input_sha256: row.get(15)?,
                    output: row.get(16)?,
                    template_sha256: row.get(17)?,
                    schema_sha256: row.get(18)?,
                    resumed_from: row.get(19)?,
                    metrics: optional_json_at(row, 20)?,
                    timings: optional_json_at(row, 21)?,
                    tokens: optional_json_at(row, 22)?,
                    cases: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| LedgerError::NotFound(id.into()))?;
    detail.summary.counts = counts(conn, id)?;
    detail.cases = cases(conn, id)?;
    Ok(detail)
}

/// The JSON text of column `index`, parsed.
fn json_at<T: serde::de::DeserializeOwned>(row: &Row, index: usize) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The JSON text of column `index`, parsed, where the column may be NULL.
fn optional_json_at(row: &Row, index: usize) -> rusqlite::Result<Option<Value>> {
    let text: Option<String> = row.get(index)?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                index,
                rusqlite::types::Type::Text,
                Box::new(e),
            )
        })
    })
    .transpose()
}

fn cases(conn: &Connection, id: &str) -> Result<Vec<CaseRow>, LedgerError> {
    let mut stmt = conn.prepare(
        "SELECT case_id, status, predicted, gold, probability, error_kind, prompt_tokens,
            output_tokens, latency_ms
         FROM cases WHERE run_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id], |row| {
        Ok(CaseRow {
            id: row.get(0)?,
            status: row.get(1)?,
            predicted: row.get(2)?,
            gold: row.get(3)?,
            probability: row.get(4)?,
            error_kind: row.get(5)?,
            prompt_tokens: row.get::<_, Option<i64>>(6)?.map(|n| n.max(0) as u64),
            output_tokens: row.get::<_, Option<i64>>(7)?.map(|n| n.max(0) as u64),
            latency_ms: row.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
