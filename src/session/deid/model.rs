//! The model-assisted de-identification pass (`--deid-model`): a second model, local or served,
//! that [`crate::clinical::deid`] asks about each text field after its rules, through the
//! [`SpanLister`] interface.
//!
//! The model runs on a thread of its own, which starts it and owns it; the lister talks to that
//! thread through a channel, so it can be shared by the threads that de-identify cases. Every
//! answer is constrained to [`assist::SCHEMA`] and checked against it before its spans are used;
//! generation is greedy. Answers are kept per text (up to [`CACHE_LIMIT`] texts), so the same
//! field text (a code display, a unit) is asked about once.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use anyhow::{anyhow, Context as _};

use crate::answers::constraint::Constraint;
use crate::answers::schema;
use crate::app::settings::{Settings, Source};
use crate::clinical::deid::assist::{self, AssistError, Listed, SpanLister};
use crate::engine::{ChatMessage, ContextSpec, FinishReason, GenRequest, SamplingParams};
use crate::session::{Origin, Outgoing, Session};

/// Texts whose answers are kept.
const CACHE_LIMIT: usize = 4096;
/// Most tokens of one answer (8 spans of up to 48 characters fit).
const MAX_TOKENS: u32 = 480;
/// Context of one question: the instruction, a piece of at most [`assist::CHUNK_CHARS`]
/// characters and the answer.
const CONTEXT: u32 = 2048;

type Reply = Sender<Result<Vec<Listed>, AssistError>>;

/// The model that lists identifiers, on its own thread.
#[derive(Debug)]
pub struct ModelLister {
    name: String,
    jobs: Mutex<Option<Sender<(String, Reply)>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
    cache: Mutex<HashMap<String, Vec<Listed>>>,
}

/// The settings of the de-identification model: the command's, with `model` naming it (a GGUF
/// path or a registered name) or `endpoint` pointing at it (a URL), and `threads` CPU threads.
fn model_settings(settings: &Settings, model: &str, threads: u32) -> Settings {
    let mut s = settings.clone();
    s.threads = threads;
    // Chosen here (half the CPU, beside the cases' model): the engine keeps it as given.
    s.sources.insert("threads", Source::Flag);
    s.remote.model = None;
    if model.starts_with("http://") || model.starts_with("https://") {
        s.remote.endpoint = Some(model.to_string());
        s.model = None;
    } else {
        s.remote.endpoint = None;
        s.model = Some(model.to_string());
        s.sources.insert("model", Source::Flag);
    }
    s
}

/// What the model answers with, compiled for its backend, and the question's context.
struct Asker {
    session: Session,
    constraint: Constraint,
    spec: ContextSpec,
    sampling: SamplingParams,
}

impl Asker {
    fn start(settings: &Settings) -> anyhow::Result<(Self, String)> {
        // The rules have run on every text this model sees: it gets de-identified text.
        let session = crate::session::start(settings, Outgoing::DeidentifiedCases)?;
        let schema =
            schema::parse(assist::SCHEMA).context("internal: the de-identification schema")?;
        let constraint = Constraint::compile(&*session.backend, schema, "deid-model".into(), None)?;
        let info = session.backend.info();
        let spec = ContextSpec::new(info.context_limit(CONTEXT), 1);
        let name = match &session.origin {
            Origin::Local { .. } => info.file_name.clone(),
            Origin::Remote { model, .. } => model.clone(),
        };
        let sampling = SamplingParams {
            temperature: 0.0,
            ..settings.sampling.clone()
        };
        Ok((
            Self {
                session,
                constraint,
                spec,
                sampling,
            },
            name,
        ))
    }

    fn ask(&self, text: &str) -> Result<Vec<Listed>, AssistError> {
        let messages = assist::messages(text)
            .into_iter()
            .map(|(role, content)| ChatMessage::new(role, content))
            .collect();
        let request = GenRequest {
            messages,
            sampling: self.sampling.clone(),
            max_tokens: MAX_TOKENS,
            stop: Vec::new(),
            grammar: Some(self.constraint.grammar.clone()),
        };
        let generation = self
            .session
            .backend
            .generate(
                self.spec,
                request,
                Arc::new(AtomicBool::new(false)),
                &mut |_| {},
                &mut |_, _| {},
            )
            .map_err(|e| AssistError::Model(e.to_string()))?;
        if generation.finish_reason == FinishReason::Cancelled {
            return Err(AssistError::Model("cancelled".into()));
        }
        let value = self
            .constraint
            .check(&generation)
            .map_err(|(_, message)| AssistError::Answer(message))?;
        assist::parse_answer(&value.to_string())
    }
}

fn serve(asker: &Asker, jobs: &Receiver<(String, Reply)>) {
    while let Ok((text, reply)) = jobs.recv() {
        // The asker may have gone (the lister dropped): nothing to tell.
        let _ = reply.send(asker.ask(&text));
    }
}

impl ModelLister {
    /// Start `model` (a GGUF path, a registered name, or an endpoint URL) with the command's
    /// settings and `threads` CPU threads; returns once it is loaded and its schema compiled.
    pub fn start(settings: &Settings, model: &str, threads: u32) -> anyhow::Result<Self> {
        let settings = model_settings(settings, model, threads);
        let (jobs_tx, jobs_rx) = mpsc::channel::<(String, Reply)>();
        let (ready_tx, ready_rx) = mpsc::channel::<anyhow::Result<String>>();
        let thread = std::thread::Builder::new()
            .name("ddx-deid-model".into())
            .spawn(move || match Asker::start(&settings) {
                Ok((asker, name)) => {
                    if ready_tx.send(Ok(name)).is_ok() {
                        serve(&asker, &jobs_rx);
                    }
                }
                Err(error) => {
                    let _ = ready_tx.send(Err(error));
                }
            })
            .context("cannot start the de-identification model's thread")?;
        let name = ready_rx
            .recv()
            .map_err(|_| anyhow!("the de-identification model's thread ended before it started"))?
            .with_context(|| format!("cannot start the de-identification model '{model}'"))?;
        Ok(Self {
            name,
            jobs: Mutex::new(Some(jobs_tx)),
            thread: Mutex::new(Some(thread)),
            cache: Mutex::new(HashMap::new()),
        })
    }
}

impl SpanLister for ModelLister {
    fn name(&self) -> &str {
        &self.name
    }

    fn list(&self, text: &str) -> Result<Vec<Listed>, AssistError> {
        let gone = || AssistError::Model("the de-identification model has stopped".into());
        if let Some(hit) = self.cache.lock().map_err(|_| gone())?.get(text) {
            return Ok(hit.clone());
        }
        let (reply_tx, reply_rx) = mpsc::channel();
        self.jobs
            .lock()
            .map_err(|_| gone())?
            .as_ref()
            .ok_or_else(gone)?
            .send((text.to_string(), reply_tx))
            .map_err(|_| gone())?;
        let listed = reply_rx.recv().map_err(|_| gone())??;
        let mut cache = self.cache.lock().map_err(|_| gone())?;
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(text.to_string(), listed.clone());
        Ok(listed)
    }
}

impl Drop for ModelLister {
    /// Close the channel, then wait for the thread, so the model is freed in order.
    fn drop(&mut self) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.take();
        }
        if let Some(thread) = self.thread.lock().ok().and_then(|mut t| t.take()) {
            let _ = thread.join();
        }
    }
}
