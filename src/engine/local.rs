//! The local backend's handle: one thread owns the llama.cpp model and its contexts (a
//! `LlamaContext` is not `Send`), and [`Engine`] talks to it through channels. Dropping the handle
//! closes the channel and joins the thread, so llama.cpp is freed in order.

use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::{
    llama, Backend, ContextSpec, EngineConfig, EngineError, Event, LogitsRequest, LogitsResult,
    ModelInfo, RunHandle, ScoreRequest, ScoreResult, SpeedSample, Submission, Tokenizer,
};

/// Requests the engine thread serves.
#[derive(Debug)]
pub(crate) enum Command {
    /// Run jobs with continuous batching until `jobs` is closed and every job has finished.
    Run {
        spec: ContextSpec,
        jobs: Receiver<Submission>,
        events: Sender<Event>,
        cancel: Arc<AtomicBool>,
    },
    /// Measure single-stream prompt and generation speed (llama-bench style).
    Bench {
        n_prompt: u32,
        n_gen: u32,
        reps: u32,
        reply: Sender<Result<Vec<SpeedSample>, EngineError>>,
    },
    /// Compile a JSON schema to a GBNF grammar and check that the model accepts it.
    SchemaToGrammar {
        schema: String,
        reply: Sender<Result<String, EngineError>>,
    },
    /// Score answer options by their log-likelihood after a prompt (no generation).
    Score {
        request: ScoreRequest,
        reply: Sender<Result<ScoreResult, EngineError>>,
    },
    /// Evaluate a text in one sequence and return every position's logits (reference checks).
    Logits {
        request: LogitsRequest,
        reply: Sender<Result<LogitsResult, EngineError>>,
    },
}

/// Handle to the engine thread.
#[derive(Debug)]
pub struct Engine {
    commands: Option<SyncSender<Command>>,
    thread: Option<JoinHandle<()>>,
    info: ModelInfo,
    tokenizer: Tokenizer,
}

impl Engine {
    /// Start the engine thread and load the model; returns once loaded. Check the file first
    /// (`models::check_model_file`): llama.cpp reports a broken file only as "failed to load".
    pub fn start(config: EngineConfig) -> Result<Self, EngineError> {
        let (commands, inbox) = mpsc::sync_channel::<Command>(16);
        let (ready_tx, ready_rx) = mpsc::channel::<Result<(ModelInfo, Tokenizer), EngineError>>();
        let thread = std::thread::Builder::new()
            .name("ddx-engine".into())
            .spawn(move || llama::engine_main(&config, &ready_tx, &inbox))
            .map_err(|e| EngineError::Thread(e.to_string()))?;
        match ready_rx.recv() {
            Ok(Ok((info, tokenizer))) => Ok(Self {
                commands: Some(commands),
                thread: Some(thread),
                info,
                tokenizer,
            }),
            Ok(Err(error)) => {
                let _ = thread.join();
                Err(error)
            }
            Err(_) => {
                let _ = thread.join();
                Err(EngineError::Thread(
                    "the engine thread stopped while loading".into(),
                ))
            }
        }
    }

    fn send(&self, command: Command) -> Result<(), EngineError> {
        self.commands
            .as_ref()
            .ok_or_else(|| EngineError::Thread("engine is shut down".into()))?
            .send(command)
            .map_err(|_| EngineError::Thread("the engine thread has stopped".into()))
    }

    /// Send a command and wait for its one reply.
    fn ask<T>(
        &self,
        command: impl FnOnce(Sender<Result<T, EngineError>>) -> Command,
    ) -> Result<T, EngineError> {
        let (reply, answer) = mpsc::channel();
        self.send(command(reply))?;
        answer
            .recv()
            .map_err(|_| EngineError::Thread("the engine thread has stopped".into()))?
    }
}

impl Backend for Engine {
    fn info(&self) -> &ModelInfo {
        &self.info
    }

    fn tokenizer(&self) -> Tokenizer {
        self.tokenizer.clone()
    }

    fn run(&self, spec: ContextSpec, cancel: Arc<AtomicBool>) -> Result<RunHandle, EngineError> {
        let (jobs_tx, jobs_rx) = mpsc::channel::<Submission>();
        let (events_tx, events_rx) = mpsc::channel::<Event>();
        self.send(Command::Run {
            spec,
            jobs: jobs_rx,
            events: events_tx,
            cancel,
        })?;
        Ok(RunHandle::new(jobs_tx, events_rx))
    }

    fn bench_single(
        &self,
        n_prompt: u32,
        n_gen: u32,
        reps: u32,
    ) -> Result<Vec<SpeedSample>, EngineError> {
        self.ask(|reply| Command::Bench {
            n_prompt,
            n_gen,
            reps,
            reply,
        })
    }

    fn compile_schema(&self, schema: String) -> Result<String, EngineError> {
        self.ask(|reply| Command::SchemaToGrammar { schema, reply })
    }

    fn score(&self, request: ScoreRequest) -> Result<ScoreResult, EngineError> {
        self.ask(|reply| Command::Score { request, reply })
    }

    fn logits(&self, request: LogitsRequest) -> Result<LogitsResult, EngineError> {
        self.ask(|reply| Command::Logits { request, reply })
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        // Closing the command channel ends the engine loop; join so llama.cpp is freed in order.
        self.commands.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
