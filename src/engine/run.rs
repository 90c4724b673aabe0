//! The caller's side of a run: jobs go in, events come out, in the order the backend produces
//! them. Every backend hands out the same handle, so modes drive local and served models alike.

use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use super::{EngineError, Event, Job, Submission};

/// The caller's side of a run.
#[derive(Debug)]
pub struct RunHandle {
    jobs: Option<Sender<Submission>>,
    events: Receiver<Event>,
}

impl RunHandle {
    /// A handle over a backend's job and event channels.
    pub fn new(jobs: Sender<Submission>, events: Receiver<Event>) -> Self {
        Self {
            jobs: Some(jobs),
            events,
        }
    }

    /// Queue a job. The engine admits jobs in submission order.
    pub fn submit(&self, job: Job) -> Result<(), EngineError> {
        self.jobs
            .as_ref()
            .ok_or_else(|| EngineError::Thread("run already closed".into()))?
            .send(Submission::Job(job))
            .map_err(|_| EngineError::Thread("the engine stopped taking jobs".into()))
    }

    /// Split into the job sender (to hand to a producer thread) and the event receiver.
    pub fn into_parts(self) -> (Option<Sender<Submission>>, Receiver<Event>) {
        (self.jobs, self.events)
    }

    /// No more jobs: the run ends once the queued ones finish.
    pub fn close(&mut self) {
        self.jobs.take();
    }

    /// Next event; `None` once the run is over (or the timeout passed, when one is given).
    pub fn next_event(&self, timeout: Option<Duration>) -> Option<Event> {
        match timeout {
            None => self.events.recv().ok(),
            Some(t) => self.events.recv_timeout(t).ok(),
        }
    }
}
