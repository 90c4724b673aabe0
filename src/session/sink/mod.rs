//! The results sink every command that writes records shares (as ripgrep's printer is apart
//! from its searcher): a run's results file ([`Results`]: JSONL or OpenAI Batch API output,
//! `-o FILE` or stdout, `--force`/`--resume`, the file's lock), its ledger rows (one start and
//! one finish for every command), and its progress bar. A command says three things: open the
//! results of this run ([`Sink::open`], then [`Sink::record_run`] and [`Sink::begin`] once the
//! model is up), write this record ([`Sink::write`], in the order the command decides), and
//! finish with this summary ([`Sink::finish`]).
//!
//! A command that writes no record file (eval's report is one JSON document) takes
//! [`Sink::without_records`] and sends ledger rows with [`Sink::row`]; one that writes several
//! files (one per variant) opens a [`Results`] per file and sends their rows here.
//!
//! May use: app (settings, messages), cases (the Batch API output conversion), session (jsonl,
//! ledger). Never commands.

pub mod output_lock;
pub mod progress;
mod results;
pub mod resume;

use std::path::Path;
use std::time::Instant;

use indicatif::ProgressBar;
use serde_json::{json, Value};

use crate::app::settings::Settings;
use crate::cases::batch_api::OutputFormat;
use crate::session::ledger::{self, CaseRow, Finish, Recorder, RunInfo};
pub use results::{Results, ResultsMode};
pub use resume::ResumeState;

/// What the ledger keeps of a written record.
#[derive(Debug, Clone)]
pub enum Row {
    /// The row read off the result record ([`ledger::case_row_from_record`]), with the gold label
    /// its case named (the record does not carry it).
    FromRecord { gold: Option<String> },
    /// A row the command built.
    Given(CaseRow),
}

/// How a run ended, for its ledger row: the command's own metrics and token totals. The finish
/// time and the seconds since [`Sink::begin`] are added here.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub metrics: Option<Value>,
    pub tokens: Option<Value>,
}

/// A run's results, ledger rows and progress.
pub struct Sink {
    results: Option<Results>,
    recorder: Option<Recorder>,
    progress: ProgressBar,
    started: Instant,
}

impl Sink {
    /// Open where the results go (see [`Results::open`]), before the model loads, so a refused
    /// file costs nothing; with `--resume`, what the earlier run did.
    pub fn open(
        path: Option<&Path>,
        mode: ResultsMode,
        format: OutputFormat,
    ) -> anyhow::Result<(Sink, Option<ResumeState>)> {
        let (results, resume) = Results::open(path, mode, format)?;
        let mut sink = Sink::without_records();
        sink.results = Some(results);
        Ok((sink, resume))
    }

    /// A sink for a run whose records go nowhere but the ledger (eval: its report is written
    /// whole at the end).
    pub fn without_records() -> Sink {
        Sink {
            results: None,
            recorder: None,
            progress: ProgressBar::hidden(),
            started: Instant::now(),
        }
    }

    /// Start the run's ledger row (unless the ledger is off).
    pub fn record_run(&mut self, settings: &Settings, run: RunInfo<'_>) {
        self.recorder = ledger::record_run(settings, run);
    }

    /// The work starts now: the clock of the summary starts, and a progress bar over `total`
    /// cases shows (where a person watches; `None`: a count without a total).
    pub fn begin(&mut self, settings: &Settings, total: Option<u64>) {
        self.progress = progress::progress_bar(settings, total);
        self.started = Instant::now();
    }

    /// [`Sink::begin`] without a progress bar (for runs whose units are not cases).
    pub fn begin_quietly(&mut self) {
        self.started = Instant::now();
    }

    /// Write one record as one whole, flushed line; keep its ledger row; count it. An error is
    /// the results file's (a closed stdout is a broken pipe).
    pub fn write(&mut self, record: &Value, row: Row) -> std::io::Result<()> {
        if let Some(results) = &mut self.results {
            results.write(record)?;
        }
        if let Some(recorder) = &self.recorder {
            match row {
                Row::FromRecord { gold } => recorder.record_with_gold(record, gold),
                Row::Given(row) => recorder.row(row, None),
            }
        }
        self.progress.inc(1);
        Ok(())
    }

    /// Keep a ledger row of a case that has no record here.
    pub fn row(&self, row: CaseRow) {
        if let Some(recorder) = &self.recorder {
            recorder.row(row, None);
        }
    }

    /// Count one case on the progress bar without writing anything.
    pub fn tick(&self) {
        self.progress.inc(1);
    }

    /// Seconds since [`Sink::begin`].
    pub fn elapsed(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// Clear the progress bar before a message is written below it.
    pub fn clear_progress(&self) {
        self.progress.finish_and_clear();
    }

    /// End the run: the progress bar goes, and the ledger marks the run finished with the
    /// summary and its seconds (also after Ctrl-C: the summary says so). Returns the seconds.
    pub fn finish(self, summary: Summary) -> f64 {
        self.progress.finish_and_clear();
        let seconds = self.elapsed();
        if let Some(recorder) = self.recorder {
            recorder.finish(Finish {
                finished: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                metrics: summary.metrics,
                timings: Some(json!({"seconds": (seconds * 1000.0).round() / 1000.0})),
                tokens: summary.tokens,
            });
        }
        seconds
    }
}

#[cfg(test)]
mod tests;
