//! `ddx runs list|show|rm|import|compare`: the ledger of `batch` and `eval` runs
//! ([`crate::session::ledger`]). Tables and JSON go to stdout, notes to stderr.

mod compare;
mod import;
mod show;

use std::io::Write as _;

use anyhow::Context as _;

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::session::ledger::{Ledger, RunFilter, RunSummary};

pub use compare::{compare, CompareOptions};
pub use import::import;
pub use show::show;

/// The ledger, or an error that says where it is.
fn open(settings: &Settings) -> anyhow::Result<Ledger> {
    Ok(Ledger::open_default(&settings.paths)?)
}

/// `ddx runs list`.
pub fn list(settings: &Settings, filter: &RunFilter, json: bool) -> anyhow::Result<Outcome> {
    let ledger = open(settings)?;
    let runs = ledger.list(filter)?;
    let mut out = std::io::stdout().lock();
    if json {
        for run in &runs {
            writeln!(out, "{}", serde_json::to_string(run)?)?;
        }
    } else {
        out.write_all(table(&runs).as_bytes())?;
    }
    out.flush().context("cannot write the list")?;
    if runs.is_empty() {
        crate::note!("no runs recorded in '{}'", ledger.path().display());
    }
    Ok(Outcome::Success)
}

/// `ok 3, error 1`.
fn counts_text(run: &RunSummary) -> String {
    if run.counts.is_empty() {
        return "-".into();
    }
    run.counts
        .iter()
        .map(|(status, n)| format!("{status} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The aligned table of `runs list`.
fn table(runs: &[RunSummary]) -> String {
    let header = [
        "ID", "COMMAND", "STARTED", "FINISHED", "MODEL", "TEMPLATE", "INPUT", "CASES",
    ];
    let rows: Vec<[String; 8]> = runs
        .iter()
        .map(|run| {
            [
                run.id.clone(),
                run.command.clone(),
                run.started.clone(),
                run.finished.clone().unwrap_or_else(|| "unfinished".into()),
                run.model.clone(),
                run.template.clone().unwrap_or_else(|| "-".into()),
                run.input.clone().unwrap_or_else(|| "(stdin)".into()),
                counts_text(run),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  "));
            }
        }
        text.trim_end().to_string() + "\n"
    };
    let mut text = line(header.to_vec());
    for row in &rows {
        text.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    text
}

/// `ddx runs rm`.
pub fn rm(settings: &Settings, runs: &[String]) -> anyhow::Result<Outcome> {
    let ledger = open(settings)?;
    // Resolve every id first, so a typo removes nothing.
    let ids = runs
        .iter()
        .map(|run| ledger.resolve(run))
        .collect::<Result<Vec<_>, _>>()?;
    for id in ids {
        ledger.remove(&id)?;
        crate::note!("removed {id}");
    }
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn the_table_aligns_and_marks_unfinished_runs() {
        let run = |id: &str, finished: Option<&str>| RunSummary {
            id: id.into(),
            command: "batch".into(),
            started: "2026-01-01T00:00:00Z".into(),
            finished: finished.map(Into::into),
            model: "m.gguf".into(),
            template: None,
            input: None,
            counts: BTreeMap::from([("ok".into(), 2), ("error".into(), 1)]),
        };
        let text = table(&[run("a", Some("2026-01-01T00:01:00Z")), run("bbbbbb", None)]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with("a       batch"), "{text}");
        assert!(lines[2].contains("unfinished") && lines[2].ends_with("error 1, ok 2"));
        assert_eq!(lines[0].find("COMMAND"), lines[2].find("batch"));
    }
}
