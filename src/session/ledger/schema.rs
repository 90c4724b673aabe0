//! The ledger's schema and its migrations. `schema_version` holds one row per migration
//! applied; opening a ledger applies the missing ones in order, each in its own transaction.
//! A migration is never edited once released: a change is a new migration at the end.

use std::path::Path;

use rusqlite::Connection;

use super::LedgerError;

/// Migrations in order: `MIGRATIONS[i]` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: runs and their cases.
    "CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT,
        command_line TEXT NOT NULL,
        host TEXT,
        ddx_version TEXT,
        backend TEXT,
        model TEXT NOT NULL,
        model_sha256 TEXT,
        endpoint TEXT,
        template TEXT,
        template_sha256 TEXT,
        schema_sha256 TEXT,
        input TEXT,
        input_sha256 TEXT,
        output TEXT,
        provenance TEXT NOT NULL,
        settings TEXT NOT NULL,
        metrics TEXT,
        timings TEXT,
        tokens TEXT
     );
     CREATE TABLE cases (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        case_id TEXT NOT NULL,
        status TEXT NOT NULL,
        predicted TEXT,
        gold TEXT,
        probability REAL,
        error_kind TEXT,
        prompt_tokens INTEGER,
        output_tokens INTEGER,
        latency_ms REAL,
        PRIMARY KEY (run_id, seq)
     );",
    // 2: a resumed run names the run it continues; runs are listed by start time.
    "ALTER TABLE runs ADD COLUMN resumed_from TEXT;
     CREATE INDEX runs_started ON runs(started);
     CREATE INDEX runs_output ON runs(output);",
];

/// The version this ddx writes.
pub fn current() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version of an open database (0 for a new one).
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY,
            applied TEXT NOT NULL
         );",
    )?;
    conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |row| row.get(0),
    )
}

/// Apply migrations up to `target` (tests stop early to make an older ledger).
pub fn migrate_to(conn: &Connection, path: &Path, target: i64) -> Result<(), LedgerError> {
    let wrap = |source| LedgerError::Open {
        path: path.to_path_buf(),
        source,
    };
    let found = version(conn).map_err(wrap)?;
    if found > current() {
        return Err(LedgerError::TooNew {
            path: path.to_path_buf(),
            found,
            known: current(),
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let to = index as i64 + 1;
        if to <= found || to > target {
            continue;
        }
        apply(conn, to, sql).map_err(wrap)?;
    }
    Ok(())
}

/// Apply one migration unless another process applied it first (the version is read again
/// under the write lock, so two first runs at once do not both create the tables).
fn apply(conn: &Connection, to: i64, sql: &str) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE;")?;
    let result = (|| {
        if version(conn)? >= to {
            return Ok(());
        }
        conn.execute_batch(sql)?;
        let applied = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        conn.execute(
            "INSERT INTO schema_version (version, applied) VALUES (?1, ?2)",
            rusqlite::params![to, applied],
        )?;
        Ok(())
    })();
    match result {
        Ok(()) => conn.execute_batch("COMMIT;"),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK;");
            Err(e)
        }
    }
}

/// Bring the schema to the current version.
pub fn migrate(conn: &Connection, path: &Path) -> Result<(), LedgerError> {
    migrate_to(conn, path, current())
}
