//! The interface every backend implements: the local llama.cpp engine ([`super::Engine`]) today,
//! served models (OpenAI-compatible servers, Azure) next. Modes hold a `dyn Backend` and never
//! know which one runs.
//!
//! A backend generates through runs ([`Backend::run`]): jobs in, [`super::Event`]s out, as many
//! in flight as the run's shape allows. What a backend cannot do (a served model has no logits,
//! no local benchmark) is an [`EngineError::Unsupported`] naming the operation.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::{
    ChatMessage, ContextSpec, EngineError, Event, GenRequest, Generation, Job, LogitsRequest,
    LogitsResult, ModelInfo, RunHandle, ScoreRequest, ScoreResult, SpeedSample, Tokenizer,
};

/// A model that answers requests.
pub trait Backend: std::fmt::Debug {
    /// Facts about the model, for provenance, stats and placement lines.
    fn info(&self) -> &ModelInfo;

    /// Renders and counts prompts as this model sees them, from any thread.
    fn tokenizer(&self) -> Tokenizer;

    /// Start a run; feed jobs into the returned handle and read events until it closes.
    fn run(&self, spec: ContextSpec, cancel: Arc<AtomicBool>) -> Result<RunHandle, EngineError>;

    /// llama-bench style single-stream speed: `reps` runs after one warm-up.
    fn bench_single(
        &self,
        n_prompt: u32,
        n_gen: u32,
        reps: u32,
    ) -> Result<Vec<SpeedSample>, EngineError>;

    /// Compile a JSON schema into the constraint this backend enforces (the request's
    /// `grammar`): a GBNF grammar probed against the model locally, the schema itself for a
    /// served model.
    fn compile_schema(&self, schema: String) -> Result<String, EngineError>;

    /// Score answer options by log-likelihood (see [`ScoreRequest`]).
    fn score(&self, request: ScoreRequest) -> Result<ScoreResult, EngineError>;

    /// Whether [`Backend::score`] works here (a served chat model gives no log-likelihoods).
    fn can_score(&self) -> bool {
        true
    }

    /// Every position's logits for a text evaluated in one sequence (for reference checks).
    fn logits(&self, request: LogitsRequest) -> Result<LogitsResult, EngineError>;

    /// Generate one answer, streaming its text to `on_token`; `on_start` gets the prompt's
    /// tokens and how many of them were reused from earlier work.
    fn generate(
        &self,
        spec: ContextSpec,
        request: GenRequest,
        cancel: Arc<AtomicBool>,
        on_token: &mut dyn FnMut(&str),
        on_start: &mut dyn FnMut(u32, u32),
    ) -> Result<Generation, EngineError> {
        let streams = Streams {
            on_token,
            on_reasoning: &mut |_| {},
            on_start,
        };
        self.generate_streams(spec, request, cancel, streams)
    }

    /// [`Backend::generate`], with the reasoning block (of a model that thinks) streamed to
    /// its own callback as well.
    fn generate_streams(
        &self,
        spec: ContextSpec,
        request: GenRequest,
        cancel: Arc<AtomicBool>,
        streams: Streams<'_>,
    ) -> Result<Generation, EngineError> {
        let Streams {
            on_token,
            on_reasoning,
            on_start,
        } = streams;
        let mut run = self.run(spec, cancel)?;
        run.submit(Job {
            tag: 0,
            request,
            stream: true,
        })?;
        run.close();
        let mut outcome = None;
        while let Some(event) = run.next_event(None) {
            match event {
                Event::Started {
                    prompt_tokens,
                    reused_tokens,
                    ..
                } => on_start(prompt_tokens, reused_tokens),
                Event::Token { text, .. } => on_token(&text),
                Event::Reasoning { text, .. } => on_reasoning(&text),
                Event::Finished { result, .. } => outcome = Some(result),
            }
        }
        outcome.unwrap_or_else(|| {
            Err(EngineError::Thread(
                "the engine ended the run without a result".into(),
            ))
        })
    }

    /// Tokens the messages take after the chat template.
    fn count_tokens(&self, messages: &[ChatMessage]) -> Result<u32, EngineError> {
        self.tokenizer().count_tokens(messages)
    }
}

/// Where [`Backend::generate_streams`] sends a generation's pieces as they come.
pub struct Streams<'a> {
    /// The answer's text.
    pub on_token: &'a mut dyn FnMut(&str),
    /// The reasoning block's text.
    pub on_reasoning: &'a mut dyn FnMut(&str),
    /// The prompt's tokens and how many of them were reused.
    pub on_start: &'a mut dyn FnMut(u32, u32),
}
