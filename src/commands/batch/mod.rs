//! `ddx batch`: JSONL cases in, one JSONL result per non-blank line out, in input order.
//!
//! A run is three stages, as ripgrep keeps its searcher apart from its printer: the reader
//! ([`reader`], on its own thread: lines to rendered cases or typed error records, with
//! [`input`] for the two input formats), the engine driver ([`driver`]: submits, collects and
//! retries, and puts each line's record out in input order; [`settle`] makes the record) and
//! the results sink every record-writing command shares ([`crate::session::sink`]: the file,
//! `--resume`, its lock, the ledger and the progress bar). The reader may run ahead of the
//! engine by a bounded number of jobs, so memory does not grow with the size of the input.
//! [`sizing`] decides how many cases run at once; [`summary`] is what is said of the run.

mod driver;
mod input;
mod reader;
mod record;
mod score;
mod settle;
mod sizing;
mod structured;
mod summary;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::bail;

use crate::app::exit::Outcome;
use crate::app::settings::{DeidSettings, Settings};
use crate::cases::batch_api::OutputFormat;
use crate::cases::shard::Shard;
use crate::session::prompting::Prompting;
use crate::session::sink::{ResultsMode, ResumeState, Sink};
use crate::session::{self, Session};
pub use input::InputFormat;

use driver::{Collected, Driver};
use reader::{ReaderContext, Source};

/// What `ddx batch` was asked to do.
#[derive(Debug, Default)]
pub struct Options {
    /// JSONL case file; stdin when absent or `-`.
    pub input: Option<PathBuf>,
    /// Results file; stdout when absent.
    pub output: Option<PathBuf>,
    /// Replace a non-empty results file.
    pub force: bool,
    /// Continue the run the results file holds.
    pub resume: bool,
    /// With `resume`: run the cases of earlier error records again.
    pub retry_errors: bool,
    /// Longest input line accepted, in bytes.
    pub max_line_bytes: usize,
    /// `--prompt-sha256`: each result carries the sha256 of its prompt after the chat template.
    pub prompt_sha256: bool,
    pub answers: AnswerOptions,
    /// `--deid`: de-identify every case before anything else sees it.
    pub deid: Option<DeidSettings>,
    /// `--input-format`: ddx cases or OpenAI Batch API requests.
    pub input_format: InputFormat,
    /// `--output-format`: ddx result records or OpenAI Batch API output objects.
    pub output_format: OutputFormat,
    /// `--shard K/N`: only the lines whose id hashes into shard K.
    pub shard: Option<Shard>,
}

/// What answers must look like, or how they are chosen: declared once, with the prompting.
pub use crate::session::prompting::AnswerOptions;

/// The stages of a run: open the input, check the answer options, open the results, load the
/// model, size the run, start the engine, read and collect into the sink, say how it went.
pub fn run(settings: &Settings, options: &Options) -> anyhow::Result<Outcome> {
    if options.answers.score {
        if options.input_format == InputFormat::OpenAiBatch {
            bail!("--score ranks the options of ddx cases: a Batch API request file has none");
        }
        return score::run(settings, options);
    }
    let source = Source::open(settings, options)?;
    // Template, variables and schema, once; schema problems are errors before anything is
    // written or loaded.
    let prompting = Prompting::new(settings, &options.answers)?;
    let (mut sink, resume) = open_sink(options, settings)?;
    let deid = session::deid::beside_model(options.deid.as_ref(), settings)?;
    let session = session::start(settings, session::Outgoing::cases(deid.is_some()))?;
    let constraint = prompting.compile(&*session.backend)?;
    // Before the engine's run starts: it cannot compile a grammar while it generates.
    let schemas = input::Schemas::compile(&*session.backend, source.scan.schemas);
    let scan_max_tokens = source.scan.max_tokens;
    let sizing = sizing::plan(
        settings,
        options,
        &session,
        source.batch_api,
        scan_max_tokens,
        &prompting,
    );
    let cancel = Arc::new(AtomicBool::new(false));
    crate::app::signals::install(&cancel)?;
    let engine = session.backend.run(sizing.spec, cancel.clone())?;
    let mut provenance = summary::run_provenance(&session, settings, sizing.parallel);
    if let Some(c) = &constraint {
        provenance["output_schema"] = c.provenance();
    }
    let mut run_provenance = provenance.clone();
    if let Some(t) = prompting.fixed_template() {
        run_provenance["template"] = serde_json::json!({"name": t.name, "sha256": t.sha256});
    }
    let threads = session.backend.info().threads;
    sink.record_run(
        settings,
        summary::ledger_run(settings, options, &run_provenance, sizing.parallel, threads),
    );
    let retry_max = schema_retries(options, settings, constraint.is_some());
    let ctx = ReaderContext {
        max_line_bytes: options.max_line_bytes,
        prompting,
        sampling: settings.sampling.clone(),
        max_tokens: settings.max_tokens,
        stop: settings.stop.clone(),
        provenance_base: provenance,
        provenances: Vec::new(),
        resume,
        batch_api: source.batch_api,
        schemas,
        shard: options.shard,
        grammar: constraint.as_ref().map(|c| c.grammar.clone()),
        deid,
        tokenizer: session.backend.tokenizer(),
        prompt_budget: sizing.prompt_budget(),
        keep_requests: retry_max > 0,
        prompt_sha256: options.prompt_sha256,
    };
    // Jobs in the engine at once: more than `parallel`, so the engine never waits on the reader
    // while the reader waits on the engine.
    let in_flight = sizing.parallel as usize * 4 + 16;
    let driver = Driver::start(
        source.lines,
        ctx,
        engine.into_parts(),
        in_flight,
        retry_max,
        &cancel,
    )?;
    sink.begin(settings, source.total);
    let collected = driver.collect(&mut sink, constraint.as_ref(), &cancel);
    finish(sink, collected, &session, &cancel)
}

/// Where the results go, opened as `--force`/`--resume` say (before the model loads).
fn open_sink(
    options: &Options,
    settings: &Settings,
) -> anyhow::Result<(Sink, Option<ResumeState>)> {
    let mode = ResultsMode {
        force: options.force,
        resume: options.resume,
        retry_errors: options.retry_errors,
        wait: settings.wait,
    };
    Sink::open(options.output.as_deref(), mode, options.output_format)
}

/// Close the run in the ledger, say how it went, and turn what stopped it into the outcome.
fn finish(
    sink: Sink,
    collected: Collected,
    session: &Session,
    cancel: &AtomicBool,
) -> anyhow::Result<Outcome> {
    let Collected {
        tally,
        input_error,
        write_error,
        fatal,
    } = collected;
    let interrupted = cancel.load(Ordering::SeqCst);
    let seconds = sink.finish(tally.ledger_summary(interrupted));
    if let Some(error) = write_error {
        if crate::app::exit::is_broken_pipe(&error) {
            crate::note!(
                "the output was closed after {} results; stopped",
                tally.results()
            );
            return Ok(Outcome::Success);
        }
        return Err(error.context(format!("stopped after writing {} results", tally.results())));
    }
    crate::note!(
        "{} on {}",
        tally.line(seconds, interrupted),
        session.backend.info().placement()
    );
    if let Some(error) = fatal {
        bail!(
            "{error}. Stopped after {} results; the {} cases not done run with `--resume`",
            tally.results(),
            tally.cancelled
        );
    }
    if let Some(error) = input_error {
        bail!("reading the input failed: {error}");
    }
    Ok(Outcome::of_run(interrupted, tally.failed))
}

/// How often a case whose answer does not validate runs again (`--schema-retry`): 0 without a
/// schema, and 0 with greedy decoding, where a new seed gives the same answer (said on stderr).
fn schema_retries(options: &Options, settings: &Settings, constrained: bool) -> u32 {
    let asked = options.answers.schema_retry;
    if asked == 0 || !constrained {
        if asked > 0 {
            crate::note!("--schema-retry applies to --schema, --json and --labels; ignored");
        }
        return 0;
    }
    if settings.sampling.temperature <= 0.0 {
        crate::note!(
            "--schema-retry needs --temperature above 0: with greedy decoding a new seed gives \
             the same answer, so cases are not retried"
        );
        return 0;
    }
    asked
}
