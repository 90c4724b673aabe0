//! Recording a run while it goes: a writer thread owns the ledger connection, so the command's
//! own threads only derive a small row and send it. The thread commits whatever has arrived in
//! one transaction (so rows reach the disk within moments of their results, and a crash loses
//! at most the last few) and never stops the run: when the ledger cannot be opened or written
//! (locked by another process, not a database) it says so once on stderr (unless `-q`) and
//! drops the rest.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use serde_json::Value;

use super::rows::{case_row_from_record, file_sha256};
use super::{CaseRow, Finish, Ledger, NewRun};

/// Most rows in one transaction.
const MAX_BATCH: usize = 512;

/// What a run starts with.
#[derive(Debug, Clone, Default)]
pub struct RunStart {
    pub run: NewRun,
    /// The input file to hash (on the writer thread, so a large input never delays the run).
    pub hash_input: Option<PathBuf>,
    /// `--resume`: the run is linked to the last run that wrote the same results file.
    pub resume: bool,
}

enum Message {
    Row {
        row: CaseRow,
        template: Option<(String, Option<String>)>,
    },
    Finish(Finish),
}

/// A run being recorded.
pub struct Recorder {
    id: String,
    sender: Option<Sender<Message>>,
    thread: Option<JoinHandle<()>>,
}

impl Recorder {
    /// Start recording `start.run` in the ledger of `dir`. Never fails: problems with the
    /// ledger are warnings on stderr, from the writer thread.
    pub fn start(dir: &Path, start: RunStart) -> Recorder {
        let id = start.run.id.clone();
        let (sender, receiver) = mpsc::channel();
        let dir = dir.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("ddx-ledger".into())
            .spawn(move || write(&dir, start, &receiver))
            .map_err(|e| {
                // A note, not a warning: -q keeps the ledger's problems quiet.
                crate::note!("warning: the run is not recorded in the ledger: {e}");
            })
            .ok();
        Recorder {
            id,
            sender: thread.as_ref().map(|_| sender),
            thread,
        }
    }

    /// The run's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Record one result record (see [`case_row_from_record`] for what is kept).
    pub fn record(&self, record: &Value) {
        self.row(case_row_from_record(record), template_of(record));
    }

    /// [`Recorder::record`], with the case's gold label (from its input, which the result
    /// record does not carry).
    pub fn record_with_gold(&self, record: &Value, gold: Option<String>) {
        let template = template_of(record);
        let mut row = case_row_from_record(record);
        row.gold = gold.or(row.gold);
        self.row(row, template);
    }

    /// Record one case row.
    pub fn row(&self, row: CaseRow, template: Option<(String, Option<String>)>) {
        if let Some(sender) = &self.sender {
            let _ = sender.send(Message::Row { row, template });
        }
    }

    /// Mark the run finished and wait for the writer to be done.
    pub fn finish(mut self, finish: Finish) {
        if let Some(sender) = self.sender.take() {
            let _ = sender.send(Message::Finish(finish));
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Recorder {
    /// Not finished (an error ended the run): the rows so far are written, the run stays
    /// unfinished.
    fn drop(&mut self) {
        self.sender.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The template a result record names in its provenance.
fn template_of(record: &Value) -> Option<(String, Option<String>)> {
    record
        .pointer("/provenance/template/name")
        .and_then(Value::as_str)
        .map(|name| {
            let sha = record
                .pointer("/provenance/template/sha256")
                .and_then(Value::as_str);
            (name.to_string(), sha.map(ToString::to_string))
        })
}

/// A problem with the ledger: said as a note (`-q` keeps it quiet), the run goes on.
fn warn(error: &dyn std::fmt::Display) {
    crate::note!(
        "warning: {error}; the run goes on without the ledger (results are still written)"
    );
}

/// The writer thread.
/// (Over 80 lines: the thread's one life: open, start the run, commit what arrives, finish.)
fn write(dir: &Path, start: RunStart, messages: &Receiver<Message>) {
    let mut ledger = match Ledger::open(dir) {
        Ok(ledger) => ledger,
        Err(e) => return warn(&e),
    };
    let RunStart {
        mut run,
        hash_input,
        resume,
    } = start;
    if let Some(path) = &hash_input {
        run.input_sha256 = file_sha256(path);
    }
    if resume {
        if let Some(output) = &run.output {
            run.resumed_from = ledger.last_run_with_output(output).ok().flatten();
        }
    }
    if let Err(e) = ledger.insert_run(&run) {
        return warn(&format!(
            "cannot record the run in '{}': {e}",
            ledger.path().display()
        ));
    }
    let mut templates: Vec<(String, Option<String>)> = run
        .template
        .clone()
        .map(|t| vec![(t, run.template_sha256.clone())])
        .unwrap_or_default();
    let mut rows = Vec::new();
    let mut finish = None;
    while let Ok(first) = messages.recv() {
        let mut next = Some(first);
        let mut new_template = false;
        while let Some(message) = next.take() {
            match message {
                Message::Row { row, template } => {
                    rows.push(row);
                    if let Some(t) = template {
                        if !templates.iter().any(|(name, _)| *name == t.0) {
                            templates.push(t);
                            new_template = true;
                        }
                    }
                }
                Message::Finish(f) => finish = Some(f),
            }
            if rows.len() < MAX_BATCH && finish.is_none() {
                next = messages.try_recv().ok();
            }
        }
        let written = ledger.add_cases(&run.id, &rows).and_then(|()| {
            if new_template {
                let names: Vec<&str> = templates.iter().map(|(n, _)| n.as_str()).collect();
                // One template: its hash; several: no single hash.
                let sha = match templates.as_slice() {
                    [(_, sha)] => sha.as_deref(),
                    _ => None,
                };
                ledger.set_template(&run.id, &names.join(","), sha)
            } else {
                Ok(())
            }
        });
        if let Err(e) = written {
            return warn(&format!(
                "cannot write to the ledger '{}': {e}",
                ledger.path().display()
            ));
        }
        rows.clear();
        if let Some(f) = finish.take() {
            if let Err(e) = ledger.finish_run(&run.id, &f) {
                warn(&format!(
                    "cannot write to the ledger '{}': {e}",
                    ledger.path().display()
                ));
            }
            return;
        }
    }
}
