//! The engine driver of `ddx batch`: it starts the reader and the forwarder of engine events
//! on their threads, then (on the calling thread) collects what they send: it keeps the
//! entries in input order, resubmits a case whose answer does not validate (`--schema-retry`),
//! turns each finished case into its record and hands the records, in input order, to the sink.

use std::collections::{HashMap, VecDeque};
use std::io::BufRead;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::Context as _;
use serde_json::Value;

use super::reader::{self, Channels, ReaderContext};
use super::structured::Constraint;
use super::summary::Tally;
use crate::engine::{EngineError, Event, GenRequest, Generation, Submission};
use crate::session::sink::{Row, Sink};

/// What the reader tells the writer, in input order; the writer queues them as they came.
pub enum Entry {
    /// An error record that is already final (a bad line, or a case that cannot be rendered).
    Failed(Value),
    /// A job submitted to the engine.
    Pending(Box<Submitted>),
}

/// Why a line was not run here: blank, another shard's, or done in the earlier run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Passed {
    pub blank: usize,
    pub skipped: usize,
    pub other_shards: usize,
}

/// What the writer knows about a case submitted to the engine.
pub struct Submitted {
    pub tag: u64,
    pub line: usize,
    pub id: Value,
    pub meta: Option<Value>,
    pub provenance: Arc<Value>,
    /// `deid` and `truncated` blocks for the result, when any.
    pub notes: Option<Value>,
    /// The line's own schema (a Batch API request's `response_format`), over the run's.
    pub constraint: Option<Arc<Constraint>>,
    /// With `--schema-retry`: the request, to run it again, and the attempts that failed.
    pub retry: Option<Box<Retry>>,
    /// The label the case's gold `answer` names, for its ledger row.
    pub gold: Option<String>,
}

/// A case that may run again when its answer does not validate.
pub struct Retry {
    pub request: GenRequest,
    /// `{seed, error, message}` of each attempt that failed validation.
    pub failed: Vec<Value>,
}

/// `--schema-retry`: how often, and where the writer submits the new attempts.
pub struct Retries {
    pub jobs: Option<Sender<Submission>>,
    pub max: u32,
    /// Tags of resubmitted jobs, counting down from the top so they never meet the reader's.
    pub next_tag: u64,
}

pub enum Message {
    Entry(Entry),
    Engine(Event),
    InputDone(Passed),
    InputFailed(String),
}

/// What the collector did: counts, a failure to read the input, a failure to write the output.
pub struct Collected {
    pub tally: Tally,
    pub input_error: Option<String>,
    pub write_error: Option<anyhow::Error>,
    /// The error that ended the run: the model's server stopped answering.
    pub fatal: Option<EngineError>,
}

/// The run's threads and the channels the collector reads.
pub struct Driver {
    messages: Receiver<Message>,
    permits: Receiver<()>,
    threads: [JoinHandle<()>; 2],
    retries: Retries,
}

impl Driver {
    /// Start the reader over `input` and the forwarder of the engine's `events`. The reader may
    /// have `in_flight` jobs in the engine at once; `retry_max` resubmissions per case.
    pub fn start(
        input: Box<dyn BufRead + Send>,
        ctx: ReaderContext,
        engine: (Option<Sender<Submission>>, Receiver<Event>),
        in_flight: usize,
        retry_max: u32,
        cancel: &Arc<AtomicBool>,
    ) -> anyhow::Result<Driver> {
        let (jobs, events) = engine;
        let retries = Retries {
            jobs: if retry_max > 0 { jobs.clone() } else { None },
            max: retry_max,
            next_tag: u64::MAX,
        };
        let (messages_tx, messages) = mpsc::channel::<Message>();
        let (permits_tx, permits) = mpsc::sync_channel::<()>(in_flight);
        let reader = {
            let channels = Channels {
                messages: messages_tx.clone(),
                jobs,
                permits: permits_tx,
            };
            let cancel = cancel.clone();
            std::thread::Builder::new()
                .name("ddx-batch-reader".into())
                .spawn(move || reader::read_input(input, ctx, channels, &cancel))
                .context("cannot start the reader thread")?
        };
        let forwarder = std::thread::Builder::new()
            .name("ddx-batch-events".into())
            .spawn(move || {
                while let Ok(event) = events.recv() {
                    if messages_tx.send(Message::Engine(event)).is_err() {
                        break;
                    }
                }
            })
            .context("cannot start the event thread")?;
        Ok(Driver {
            messages,
            permits,
            threads: [reader, forwarder],
            retries,
        })
    }

    /// Collect until the reader and the engine are done, writing every record to `sink` in
    /// input order; then stop the threads (at once on a write error) and join them.
    pub fn collect(
        self,
        sink: &mut Sink,
        constraint: Option<&Constraint>,
        cancel: &AtomicBool,
    ) -> Collected {
        let Driver {
            messages,
            permits,
            threads,
            retries,
        } = self;
        let mut collector = Collector {
            queue: VecDeque::new(),
            results: HashMap::new(),
            tally: Tally::default(),
            constraint,
            retries,
        };
        let collected = collector.run(&messages, &permits, sink, cancel);
        // On a write error, stop the engine and the reader before reporting it.
        if collected.write_error.is_some() {
            cancel.store(true, Ordering::SeqCst);
        }
        drop(messages);
        drop(permits);
        for thread in threads {
            let _ = thread.join();
        }
        collected
    }
}

/// The collector's state: entries waiting in input order and the results that came back.
pub(super) struct Collector<'a> {
    pub(super) queue: VecDeque<Entry>,
    pub(super) results: HashMap<u64, Result<Generation, EngineError>>,
    pub(super) tally: Tally,
    pub(super) constraint: Option<&'a Constraint>,
    pub(super) retries: Retries,
}

impl Collector<'_> {
    fn run(
        &mut self,
        messages: &Receiver<Message>,
        permits: &Receiver<()>,
        sink: &mut Sink,
        cancel: &AtomicBool,
    ) -> Collected {
        let mut input_done = false;
        let mut fatal: Option<EngineError> = None;
        let mut input_error = None;
        let mut write_error = None;
        while let Ok(message) = messages.recv() {
            match message {
                Message::Entry(entry) => self.queue.push_back(entry),
                Message::Engine(Event::Finished { tag, result }) => {
                    if !cancel.load(Ordering::SeqCst) && self.retry(tag, &result) {
                        continue;
                    }
                    let _ = permits.try_recv();
                    if let Err(error) = &result {
                        if error.ends_run() && fatal.is_none() {
                            // Stop reading and submitting: every further case would fail alike.
                            fatal = Some(error.clone());
                            cancel.store(true, Ordering::SeqCst);
                        }
                    }
                    self.results.insert(tag, result);
                }
                Message::Engine(_) => {}
                Message::InputDone(passed) => {
                    self.tally.passed(passed);
                    input_done = true;
                }
                Message::InputFailed(error) => {
                    input_error = Some(error);
                    input_done = true;
                }
            }
            if let Err(e) = self.write_ready(sink) {
                write_error = Some(e);
                break;
            }
            // The engine's run ends when every job sender is gone: let go of the writer's once
            // no case can need another attempt.
            if (input_done && !self.waiting()) || cancel.load(Ordering::SeqCst) {
                self.retries.jobs = None;
            }
        }
        if write_error.is_none() {
            // Interrupted: write what completed, in input order, past the cases that did not run.
            write_error = self.write_rest(sink).err();
        }
        Collected {
            tally: std::mem::take(&mut self.tally),
            input_error,
            // A failed write ends the run by itself.
            fatal: fatal.filter(|_| write_error.is_none()),
            write_error: write_error.map(write_failure),
        }
    }

    /// Write every record at the front of the queue that is final.
    fn write_ready(&mut self, sink: &mut Sink) -> std::io::Result<()> {
        while let Some(front) = self.queue.front() {
            if let Entry::Pending(case) = front {
                if !self.results.contains_key(&case.tag) {
                    break;
                }
            }
            let Some(entry) = self.queue.pop_front() else {
                break;
            };
            if let Some((record, gold)) = self.settle(entry) {
                sink.write(&record, Row::FromRecord { gold })?;
            }
        }
        Ok(())
    }

    /// Write what is left in the queue (the finished ones; the rest a `--resume` runs again).
    fn write_rest(&mut self, sink: &mut Sink) -> std::io::Result<()> {
        while let Some(entry) = self.queue.pop_front() {
            if let Some((record, gold)) = self.settle(entry) {
                sink.write(&record, Row::FromRecord { gold })?;
            }
        }
        Ok(())
    }

    /// Whether a submitted case is still waiting for the engine.
    fn waiting(&self) -> bool {
        self.queue
            .iter()
            .any(|e| matches!(e, Entry::Pending(c) if !self.results.contains_key(&c.tag)))
    }
}

/// A failed write, as the run reports it (a closed stdout stays a bare broken pipe).
fn write_failure(e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        anyhow::Error::new(e)
    } else {
        anyhow::Error::new(e).context("cannot write a result record")
    }
}
