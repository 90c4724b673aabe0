//! `ddx batch`: JSONL cases in, one JSONL result per non-blank line out, in input order.
//!
//! Three threads cooperate: a reader parses and renders lines and submits jobs to the engine;
//! a forwarder passes engine events on; the writer (this thread) puts every line's record out
//! in input order, one whole line per write, flushed at once. The reader may run ahead of the
//! engine by a bounded number of jobs, so memory does not grow with the size of the input.

mod input;
mod ledger;
mod record;
mod score;
mod structured;

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context as _};
use indicatif::ProgressBar;
use serde_json::{json, Value};

use crate::app::exit::Outcome;
use crate::app::settings::DeidSettings;
use crate::app::settings::Settings;
use crate::cases::prompt_templates::{Extras, Registry, Template};
use crate::cases::shard::Shard;
use crate::cases::{LineParser, LineReader, Parsed};
use crate::engine::{
    EngineError, Event, FinishReason, GenRequest, Generation, Job, KvLayout, PromptProfile,
    Submission,
};
use crate::session::batch_api::{output_object, OutputFormat};
use crate::session::ledger::Recorder;
use crate::session::memory::KvPlan;
use crate::session::progress::progress_bar;
use crate::session::resume::ResumeState;
use crate::session::{self, jsonl, Session};
pub use input::InputFormat;

/// What the reader tells the writer, in input order; the writer queues them as they came.
enum Entry {
    /// An error record that is already final (a bad line, or a case that cannot be rendered).
    Failed(Value),
    /// A job submitted to the engine.
    Pending(Box<Submitted>),
}

/// Why a line was not run here: another shard's, or done in the earlier run.
#[derive(Debug, Default, Clone, Copy)]
struct Passed {
    blank: usize,
    skipped: usize,
    other_shards: usize,
}

/// What the writer knows about a case submitted to the engine.
struct Submitted {
    tag: u64,
    line: usize,
    id: Value,
    meta: Option<Value>,
    provenance: Arc<Value>,
    /// `deid` and `truncated` blocks for the result, when any.
    notes: Option<Value>,
    /// The line's own schema (a Batch API request's `response_format`), over the run's.
    constraint: Option<Arc<structured::Constraint>>,
    /// With `--schema-retry`: the request, to run it again, and the attempts that failed.
    retry: Option<Box<Retry>>,
    /// The label the case's gold `answer` names, for its ledger row.
    gold: Option<String>,
}

/// A case that may run again when its answer does not validate.
struct Retry {
    request: GenRequest,
    /// `{seed, error, message}` of each attempt that failed validation.
    failed: Vec<Value>,
}

/// `--schema-retry`: how often, and where the writer submits the new attempts.
struct Retries {
    jobs: Option<Sender<Submission>>,
    max: u32,
    /// Tags of resubmitted jobs, counting down from the top so they never meet the reader's.
    next_tag: u64,
}

enum Message {
    Entry(Entry),
    Engine(Event),
    InputDone(Passed),
    InputFailed(String),
}

/// Counts for the summary line.
#[derive(Debug, Default)]
struct Tally {
    ok: usize,
    failed: usize,
    blank: usize,
    skipped: usize,
    other_shards: usize,
    cancelled: usize,
    prompt_tokens: u64,
    reused_tokens: u64,
    completion_tokens: u64,
}

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

/// What answers must look like, or how they are chosen.
#[derive(Debug, Default, Clone)]
pub struct AnswerOptions {
    /// A JSON schema file every answer follows.
    pub schema: Option<PathBuf>,
    /// The template's own schema.
    pub json: bool,
    /// A label set (`a,b,c` or `@FILE`): each answer is one of them.
    pub labels: Option<String>,
    /// With `labels`: each answer lists every label that applies.
    pub multi_label: bool,
    /// The annotate template's instruction (text or `@FILE`).
    pub instruction: Option<String>,
    /// Rank options by log-likelihood instead of generating.
    pub score: bool,
    /// Run a case again, with a new seed, when its answer does not validate (at most this often).
    pub schema_retry: u32,
}

pub fn run(settings: &Settings, options: &Options) -> anyhow::Result<Outcome> {
    if options.answers.score {
        if options.input_format == InputFormat::OpenAiBatch {
            bail!("--score ranks the options of ddx cases: a Batch API request file has none");
        }
        return score::run(settings, options);
    }
    let opened = input::open(
        options.input.as_deref(),
        options.input_format,
        options.max_line_bytes,
    )?;
    let batch_api = opened.batch_api;
    let scan = if batch_api {
        input::scan(
            input::reopen(options.input.as_deref(), opened.memory.as_ref())?,
            options.max_line_bytes,
        )
    } else {
        input::Scan::default()
    };
    let input = opened.reader;
    if batch_api && settings.template.is_some() && !settings.quiet {
        eprintln!(
            "ddx batch: the input holds Batch API requests: their messages are used as they are, \
             and --template is not applied"
        );
    }
    // A shard runs a share of the lines that only the run itself finds out.
    let total_lines =
        jsonl::count_records(options.input.as_deref()).filter(|_| options.shard.is_none());
    let registry = Registry::new(Some(settings.paths.prompts_dir()));
    // Schema problems are errors before anything is written or loaded.
    let structured_output = structured::Output::resolve(&options.answers, settings, &registry)?;
    let jsonl::Results {
        out: mut output,
        resume,
    } = open_results(options, settings)?;
    let fixed_template = structured_output.fixed_template.clone();
    let deid = session::deid::beside_model(options.deid.as_ref(), settings)?;
    let session = session::start(settings, session::Outgoing::cases(deid.is_some()))?;
    let constraint = structured_output.compile(&*session.backend)?;
    let schemas = input::Schemas::compile(&*session.backend, scan.schemas);
    // A request line's max_tokens may be over the command line's: size the context for it.
    let max_tokens = settings.max_tokens.max(scan.max_tokens.unwrap_or(0));
    let parallel = settings
        .parallel
        .unwrap_or_else(|| session::default_parallel(session.backend.info()));
    let ctx_limit = session.backend.info().context_limit(settings.ctx_size);
    // KV memory is parallel × per-case context, and the KV layout depends on how much the prompts
    // share: measure the prompts first when the input can be read twice (a file, not a pipe).
    let profile = match options.input.as_deref() {
        Some(path) if !jsonl::is_stream(Some(path)) => {
            let tokenizer = session.backend.tokenizer();
            let measure = |case: &crate::cases::Case, profile: &mut PromptProfile| {
                let template = match &fixed_template {
                    Some(t) => t.clone(),
                    None => match registry.get(Registry::auto_name(case)) {
                        Ok(t) => t,
                        Err(_) => return,
                    },
                };
                if let Ok(messages) = template.render(case, &structured_output.extras) {
                    let _ = tokenizer.profile(&messages, profile);
                }
            };
            profile_prompts(path, options.max_line_bytes, batch_api, &measure)
        }
        _ => None,
    };
    let (n_ctx_per_seq, kv_layout, plan) = match &profile {
        Some(profile) if profile.count() > 0 => {
            // Room for the answer, plus slack for text that de-identification lengthens.
            let longest = profile.longest();
            let need = longest + longest / 10 + 64 + max_tokens;
            let n_ctx_per_seq = need.div_ceil(256).saturating_mul(256).min(ctx_limit);
            // Batch-invariant runs keep one stream per case (no shared pool).
            let kv_layout = if settings.batch_invariant {
                KvLayout::PerSequence
            } else {
                profile.kv_layout()
            };
            (
                n_ctx_per_seq,
                kv_layout,
                session::memory::kv_plan(profile, kv_layout, max_tokens, n_ctx_per_seq),
            )
        }
        _ => (
            ctx_limit,
            KvLayout::Shared,
            KvPlan {
                fixed: 0,
                per_sequence: ctx_limit,
            },
        ),
    };
    let parallel = match session::memory::fit_to_memory(session.backend.info(), plan, parallel) {
        Some((fits, why)) => {
            eprintln!("ddx batch: {why}");
            fits
        }
        None => parallel,
    };
    let spec = session::memory::planned_spec(n_ctx_per_seq, parallel, kv_layout, plan)
        .with_batch_invariant(settings.batch_invariant);
    if settings.verbose {
        eprintln!(
            "ddx batch: {} cases at once, {} tokens of context per case (limit {ctx_limit}), {kv_layout} of {} cells{}, {} threads, {} GPU layers",
            parallel,
            n_ctx_per_seq,
            spec.kv_cells(),
            profile.as_ref().map_or(String::new(), |p| format!(
                " (every prompt starts with the same {} tokens, of {} on average)",
                p.shared(),
                p.mean()
            )),
            session.backend.info().threads,
            session.backend.info().gpu_layers
        );
    }
    let cancel = Arc::new(AtomicBool::new(false));
    crate::app::signals::install(&cancel)?;
    let run = session.backend.run(spec, cancel.clone())?;
    let (jobs, events) = run.into_parts();
    let retry_max = schema_retries(options, settings, constraint.is_some());
    let retries = Retries {
        jobs: if retry_max > 0 { jobs.clone() } else { None },
        max: retry_max,
        next_tag: u64::MAX,
    };
    let (messages_tx, messages_rx) = mpsc::channel::<Message>();
    // Jobs in the engine at once: more than `parallel`, so the engine never waits on the reader
    // while the reader waits on the engine.
    let (permits_tx, permits_rx) = mpsc::sync_channel::<()>(parallel as usize * 4 + 16);
    let mut provenance_base = run_provenance(&session, settings, parallel);
    if let Some(c) = &constraint {
        provenance_base["output_schema"] = c.provenance();
    }
    let mut run_provenance_value = provenance_base.clone();
    if let Some(t) = &fixed_template {
        run_provenance_value["template"] = json!({"name": t.name, "sha256": t.sha256});
    }
    let recorder = ledger::start(
        settings,
        options,
        &run_provenance_value,
        parallel,
        session.backend.info().threads,
    );
    let reader = {
        let messages = messages_tx.clone();
        let cancel = cancel.clone();
        let provenances: Vec<(String, Arc<Value>)> = Vec::new();
        let ctx = ReaderContext {
            max_line_bytes: options.max_line_bytes,
            registry,
            fixed_template,
            sampling: settings.sampling.clone(),
            max_tokens: settings.max_tokens,
            stop: settings.stop.clone(),
            provenance_base,
            provenances,
            resume,
            batch_api,
            schemas,
            shard: options.shard,
            grammar: constraint.as_ref().map(|c| c.grammar.clone()),
            extras: structured_output.extras.clone(),
            labels: structured_output.labels().cloned(),
            deid,
            tokenizer: session.backend.tokenizer(),
            prompt_budget: n_ctx_per_seq.saturating_sub(max_tokens),
            keep_requests: retry_max > 0,
            prompt_sha256: options.prompt_sha256,
        };
        std::thread::Builder::new()
            .name("ddx-batch-reader".into())
            .spawn(move || read_input(input, ctx, &messages, jobs, &permits_tx, &cancel))
            .context("cannot start the reader thread")?
    };
    let forwarder = {
        let messages = messages_tx;
        std::thread::Builder::new()
            .name("ddx-batch-events".into())
            .spawn(move || {
                while let Ok(event) = events.recv() {
                    if messages.send(Message::Engine(event)).is_err() {
                        break;
                    }
                }
            })
            .context("cannot start the event thread")?
    };
    let progress = progress_bar(settings, total_lines);
    let started = Instant::now();
    let written = write_results(
        &messages_rx,
        &permits_rx,
        Sink {
            out: &mut *output,
            progress: &progress,
            recorder: recorder.as_ref(),
            format: options.output_format,
            created: unix_now(),
        },
        constraint.as_ref(),
        retries,
        &cancel,
    );
    progress.finish_and_clear();
    // On a write error, stop the engine and the reader before reporting it.
    if written.write_error.is_some() {
        cancel.store(true, Ordering::SeqCst);
    }
    drop(messages_rx);
    drop(permits_rx);
    let _ = reader.join();
    let _ = forwarder.join();
    let Written {
        tally,
        input_error,
        write_error,
        fatal,
    } = written;
    let interrupted = cancel.load(Ordering::SeqCst);
    if let Some(recorder) = recorder {
        ledger::finish(
            recorder,
            &tally,
            started.elapsed().as_secs_f64(),
            interrupted,
        );
    }
    if let Some(error) = write_error {
        if crate::app::exit::is_broken_pipe(&error) {
            if !settings.quiet {
                eprintln!(
                    "ddx batch: the output was closed after {} results; stopped",
                    tally.ok + tally.failed
                );
            }
            return Ok(Outcome::Success);
        }
        return Err(error.context(format!(
            "stopped after writing {} results",
            tally.ok + tally.failed
        )));
    }
    if !settings.quiet {
        eprintln!(
            "{} on {}",
            summary(&tally, started.elapsed().as_secs_f64(), interrupted),
            session.backend.info().placement()
        );
    }
    if let Some(error) = fatal {
        bail!(
            "{error}. Stopped after {} results; the {} cases not done run with `--resume`",
            tally.ok + tally.failed,
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
        if asked > 0 && !settings.quiet {
            eprintln!(
                "ddx batch: --schema-retry applies to --schema, --json and --labels; ignored"
            );
        }
        return 0;
    }
    if settings.sampling.temperature <= 0.0 {
        if !settings.quiet {
            eprintln!(
                "ddx batch: --schema-retry needs --temperature above 0: with greedy decoding a new \
                 seed gives the same answer, so cases are not retried"
            );
        }
        return 0;
    }
    asked
}

/// Profile the rendered prompts of a case file (cases that fail are skipped: they become error
/// records later). Streams the file, so memory stays flat.
fn profile_prompts(
    path: &Path,
    max_line_bytes: usize,
    batch_api: bool,
    measure: &dyn Fn(&crate::cases::Case, &mut PromptProfile),
) -> Option<PromptProfile> {
    let file = File::open(path).ok()?;
    let mut parser = LineParser::default();
    let mut profile = PromptProfile::default();
    for line in LineReader::new(BufReader::new(file), max_line_bytes) {
        let (_, raw) = line.ok()?;
        let parsed = if batch_api {
            input::parse_request_line(
                &mut parser,
                &raw,
                max_line_bytes,
                &input::Schemas::default(),
            )
            .0
        } else {
            parser.parse(&raw, max_line_bytes)
        };
        if let Parsed::Case(case) = parsed {
            measure(&case, &mut profile);
        }
    }
    Some(profile)
}

/// Provenance every result of this run carries (the template is filled in per case).
fn run_provenance(session: &Session, settings: &Settings, parallel: u32) -> Value {
    let mut value = session::provenance::base(session);
    value.insert("template".into(), Value::Null);
    value.insert("sampling".into(), serde_json::json!(settings.sampling));
    value.insert("max_tokens".into(), serde_json::json!(settings.max_tokens));
    value.insert("stop".into(), serde_json::json!(settings.stop));
    value.insert("ctx_size".into(), serde_json::json!(settings.ctx_size));
    value.insert("parallel".into(), serde_json::json!(parallel));
    Value::Object(value)
}

struct ReaderContext {
    max_line_bytes: usize,
    registry: Registry,
    fixed_template: Option<Arc<Template>>,
    sampling: crate::engine::SamplingParams,
    max_tokens: u32,
    stop: Vec<String>,
    provenance_base: Value,
    provenances: Vec<(String, Arc<Value>)>,
    resume: Option<ResumeState>,
    /// The lines are OpenAI Batch API requests.
    batch_api: bool,
    /// Their `response_format` schemas, compiled.
    schemas: input::Schemas,
    /// `--shard K/N`.
    shard: Option<Shard>,
    /// The output grammar (`--schema`, `--json`, `--labels`).
    grammar: Option<String>,
    /// Template variables besides `case` (`instruction`, `labels`).
    extras: Extras,
    /// `--labels`: what a gold answer names, for the ledger.
    labels: Option<crate::answers::constraint::LabelSet>,
    deid: Option<crate::clinical::deid::Deidentifier>,
    tokenizer: crate::engine::Tokenizer,
    /// Prompt tokens a case may use: the per-case context minus the answer's max tokens.
    prompt_budget: u32,
    /// Keep each request for `--schema-retry`.
    keep_requests: bool,
    /// Put the prompt's sha256 (after the chat template) in each result.
    prompt_sha256: bool,
}

impl ReaderContext {
    /// De-identify the case (`--deid`), fit its timeline into the prompt budget, render it.
    /// What was removed or left out goes into `notes` for the result record.
    fn prepare(
        &self,
        case: &mut crate::cases::Case,
        template: &Template,
        notes: &mut serde_json::Map<String, Value>,
    ) -> Result<Vec<crate::engine::ChatMessage>, crate::cases::CaseError> {
        if let Some(deid) = &self.deid {
            notes.insert("deid".into(), deid.apply(case).to_value());
        }
        if !template.passthrough && !case.timeline.is_empty() {
            let mut measure = |c: &crate::cases::Case| {
                let messages = template.render(c, &self.extras)?;
                self.tokenizer
                    .count_tokens(&messages)
                    .map_err(|e| crate::cases::CaseError::new("template", None, e.to_string()))
            };
            if let Some(t) =
                crate::cases::fit::fit_timeline(case, self.prompt_budget, &mut measure)?
            {
                notes.insert("truncated".into(), t.to_value());
            }
        }
        let messages = template.render(case, &self.extras)?;
        if self.prompt_sha256 {
            let prompt = self
                .tokenizer
                .render(&messages)
                .map_err(|e| crate::cases::CaseError::new("template", None, e.to_string()))?;
            notes.insert(
                "prompt_sha256".into(),
                Value::String(crate::engine::chat::source_sha256(&prompt)),
            );
        }
        Ok(messages)
    }

    fn template_for(&self, case: &crate::cases::Case) -> anyhow::Result<Arc<Template>> {
        if self.batch_api {
            // A request's messages are the chat as it is.
            return self.registry.get("raw");
        }
        match &self.fixed_template {
            Some(t) => Ok(t.clone()),
            None => self.registry.get(Registry::auto_name(case)),
        }
    }

    fn provenance_for(&mut self, template: &Template) -> Arc<Value> {
        if let Some((_, p)) = self
            .provenances
            .iter()
            .find(|(name, _)| *name == template.name)
        {
            return p.clone();
        }
        let mut value = self.provenance_base.clone();
        value["template"] = serde_json::json!({"name": template.name, "sha256": template.sha256});
        let value = Arc::new(value);
        self.provenances
            .push((template.name.clone(), value.clone()));
        value
    }
}

fn read_input(
    input: Box<dyn BufRead + Send>,
    mut ctx: ReaderContext,
    messages: &Sender<Message>,
    jobs: Option<Sender<Submission>>,
    permits: &SyncSender<()>,
    cancel: &AtomicBool,
) {
    let mut parser = LineParser::default();
    let mut passed = Passed::default();
    let mut tag = 0u64;
    for line in LineReader::new(input, ctx.max_line_bytes) {
        if cancel.load(Ordering::SeqCst) {
            break;
        }
        let (line_number, raw) = match line {
            Ok(line) => line,
            Err(e) => {
                let _ = messages.send(Message::InputFailed(e.to_string()));
                return;
            }
        };
        let (parsed, request) = if ctx.batch_api {
            input::parse_request_line(&mut parser, &raw, ctx.max_line_bytes, &ctx.schemas)
        } else {
            (parser.parse(&raw, ctx.max_line_bytes), None)
        };
        let id = match &parsed {
            Parsed::Blank => None,
            Parsed::Case(case) => Some(&case.id),
            Parsed::Error { id, .. } => id.as_ref(),
        };
        if let Some(shard) = &ctx.shard {
            if !matches!(parsed, Parsed::Blank)
                && !shard.takes(&crate::cases::batch_api::record_key(id, line_number))
            {
                passed.other_shards += 1;
                continue;
            }
        }
        if !matches!(parsed, Parsed::Blank)
            && ctx
                .resume
                .as_ref()
                .is_some_and(|r| r.is_done(id, line_number))
        {
            passed.skipped += 1;
            continue;
        }
        let entry = match parsed {
            Parsed::Blank => {
                passed.blank += 1;
                continue;
            }
            Parsed::Error { id, meta, error } => Entry::Failed(record::case_error_record(
                id.as_ref(),
                line_number,
                &error,
                meta.as_ref(),
            )),
            Parsed::Case(mut case) => {
                // De-identify before anything renders the case; fit the timeline to the budget.
                let mut notes = serde_json::Map::new();
                if let Some(request) = &request {
                    notes.insert("request".into(), request.note());
                }
                let rendered = ctx
                    .template_for(&case)
                    .map_err(|e| crate::cases::CaseError::new("template", None, format!("{e:#}")))
                    .and_then(|t| {
                        let messages = ctx.prepare(&mut case, &t, &mut notes)?;
                        Ok((t, messages))
                    });
                let notes = (!notes.is_empty()).then_some(Value::Object(notes));
                match rendered {
                    Err(error) => Entry::Failed(record::with_notes(
                        record::case_error_record(
                            Some(&case.id),
                            line_number,
                            &error,
                            case.meta.as_ref(),
                        ),
                        notes.as_ref(),
                    )),
                    Ok((template, messages_for_model)) => {
                        let provenance = ctx.provenance_for(&template);
                        // Wait for room in the engine before submitting (bounded memory).
                        if permits.send(()).is_err() {
                            break;
                        }
                        tag += 1;
                        let mut gen_request = GenRequest {
                            messages: messages_for_model,
                            sampling: ctx.sampling.clone(),
                            max_tokens: ctx.max_tokens,
                            stop: ctx.stop.clone(),
                            grammar: ctx.grammar.clone(),
                        };
                        if let Some(request) = &request {
                            request.apply(&mut gen_request);
                        }
                        let job = Job {
                            tag,
                            request: gen_request,
                            stream: false,
                        };
                        // Tell the writer before the engine can answer.
                        let pending = Entry::Pending(Box::new(Submitted {
                            gold: ledger::gold_of(&case, ctx.labels.as_ref()),
                            tag,
                            line: line_number,
                            id: case.id.clone(),
                            meta: case.meta.clone(),
                            provenance,
                            notes,
                            constraint: request.and_then(|r| r.constraint),
                            retry: ctx.keep_requests.then(|| {
                                Box::new(Retry {
                                    request: job.request.clone(),
                                    failed: Vec::new(),
                                })
                            }),
                        }));
                        if messages.send(Message::Entry(pending)).is_err() {
                            break;
                        }
                        let submitted = jobs
                            .as_ref()
                            .is_some_and(|j| j.send(Submission::Job(job)).is_ok());
                        if !submitted {
                            break;
                        }
                        continue;
                    }
                }
            }
        };
        if messages.send(Message::Entry(entry)).is_err() {
            break;
        }
    }
    // Retries (`--schema-retry`) may still come from the writer: the engine stops waiting for
    // more input to fill its sequences.
    if let Some(jobs) = &jobs {
        let _ = jobs.send(Submission::InputEnded);
    }
    drop(jobs);
    let _ = messages.send(Message::InputDone(passed));
}

/// Write a record (as a Batch API output object with `--output-format openai-batch`) and flush
/// it, so a live run's file is always whole lines, and up to date.
fn write_line(
    out: &mut dyn Write,
    record: &Value,
    format: OutputFormat,
    created: u64,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Ddx => jsonl::write_record(out, record)?,
        OutputFormat::OpenAiBatch => jsonl::write_record(out, &output_object(record, created))?,
    }
    out.flush()
}

/// Seconds since the Unix epoch (the `created` of Batch API output objects).
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Where results go, opened as `--force`/`--resume` say.
fn open_results(options: &Options, settings: &Settings) -> anyhow::Result<jsonl::Results> {
    jsonl::open_results(
        options.output.as_deref(),
        jsonl::ResultsMode {
            force: options.force,
            resume: options.resume,
            retry_errors: options.retry_errors,
            quiet: settings.quiet,
            wait: settings.wait,
        },
        "ddx batch",
    )
}

/// Where the writer puts each record: the results, the progress bar, the ledger.
struct Sink<'a> {
    out: &'a mut dyn Write,
    progress: &'a ProgressBar,
    recorder: Option<&'a Recorder>,
    format: OutputFormat,
    created: u64,
}

/// What the writer did: counts, a failure to read the input, a failure to write the output.
struct Written {
    tally: Tally,
    input_error: Option<String>,
    write_error: Option<anyhow::Error>,
    /// The error that ended the run: the model's server stopped answering.
    fatal: Option<EngineError>,
}

fn write_results(
    messages: &Receiver<Message>,
    permits: &Receiver<()>,
    sink: Sink<'_>,
    constraint: Option<&structured::Constraint>,
    mut retries: Retries,
    cancel: &AtomicBool,
) -> Written {
    let Sink {
        out,
        progress,
        recorder,
        format,
        created,
    } = sink;
    let mut tally = Tally::default();
    let mut input_done = false;
    let mut fatal: Option<EngineError> = None;
    let mut queue: VecDeque<Entry> = VecDeque::new();
    let mut results: HashMap<u64, Result<Generation, EngineError>> = HashMap::new();
    let mut input_error = None;
    let failed_write = |tally: Tally, input_error: Option<String>, e: std::io::Error| {
        let error = if e.kind() == std::io::ErrorKind::BrokenPipe {
            anyhow::Error::new(e)
        } else {
            anyhow::Error::new(e).context("cannot write a result record")
        };
        Written {
            tally,
            input_error,
            write_error: Some(error),
            fatal: None,
        }
    };
    while let Ok(message) = messages.recv() {
        match message {
            Message::Entry(entry) => queue.push_back(entry),
            Message::Engine(Event::Finished { tag, result }) => {
                if !cancel.load(Ordering::SeqCst)
                    && retry(&mut retries, &mut queue, tag, &result, constraint)
                {
                    continue;
                }
                let _ = permits.try_recv();
                if let Err(error) = &result {
                    if error.ends_run() && fatal.is_none() {
                        // Stop reading and submitting: every further case would fail the same way.
                        fatal = Some(error.clone());
                        cancel.store(true, Ordering::SeqCst);
                    }
                }
                results.insert(tag, result);
            }
            Message::Engine(_) => {}
            Message::InputDone(passed) => {
                tally.blank = passed.blank;
                tally.skipped = passed.skipped;
                tally.other_shards = passed.other_shards;
                input_done = true;
            }
            Message::InputFailed(error) => {
                input_error = Some(error);
                input_done = true;
            }
        }
        // Write every record at the front of the queue that is final.
        while let Some(front) = queue.front() {
            if let Entry::Pending(case) = front {
                if !results.contains_key(&case.tag) {
                    break;
                }
            }
            let Some(entry) = queue.pop_front() else {
                break;
            };
            if let Some((record, gold)) = settle(entry, &mut results, &mut tally, constraint) {
                if let Err(e) = write_line(out, &record, format, created) {
                    return failed_write(tally, input_error, e);
                }
                if let Some(recorder) = recorder {
                    recorder.record_with_gold(&record, gold);
                }
                progress.inc(1);
            }
        }
        // The engine's run ends when every job sender is gone: let go of the writer's once no
        // case can need another attempt.
        let waiting = queue
            .iter()
            .any(|e| matches!(e, Entry::Pending(c) if !results.contains_key(&c.tag)));
        if (input_done && !waiting) || cancel.load(Ordering::SeqCst) {
            retries.jobs = None;
        }
    }
    // Interrupted: write what completed, in input order, past the cases that did not run.
    while let Some(entry) = queue.pop_front() {
        if let Some((record, gold)) = settle(entry, &mut results, &mut tally, constraint) {
            if let Err(e) = write_line(out, &record, format, created) {
                return failed_write(tally, input_error, e);
            }
            if let Some(recorder) = recorder {
                recorder.record_with_gold(&record, gold);
            }
        }
    }
    Written {
        tally,
        input_error,
        write_error: None,
        fatal,
    }
}

/// `--schema-retry`: when the answer of a case does not validate and it has attempts left,
/// submit it again with the next seed, and remember the failed attempt. Returns whether it did
/// (the result is then dropped: the new attempt's result replaces it).
fn retry(
    retries: &mut Retries,
    queue: &mut VecDeque<Entry>,
    tag: u64,
    result: &Result<Generation, EngineError>,
    constraint: Option<&structured::Constraint>,
) -> bool {
    let (Some(jobs), Ok(generation)) = (&retries.jobs, result) else {
        return false;
    };
    if generation.finish_reason == FinishReason::Cancelled {
        return false;
    }
    let Some(case) = queue.iter_mut().find_map(|e| match e {
        Entry::Pending(c) if c.tag == tag => Some(c),
        _ => None,
    }) else {
        return false;
    };
    let Some(constraint) = case.constraint.as_deref().or(constraint) else {
        return false;
    };
    let Err((kind, message)) = constraint.check(generation) else {
        return false;
    };
    let Some(retry) = case.retry.as_mut() else {
        return false;
    };
    if retry.failed.len() >= retries.max as usize {
        return false;
    }
    let seed = retry.request.sampling.seed;
    retry
        .failed
        .push(json!({"seed": seed, "error": kind, "message": message}));
    let mut request = retry.request.clone();
    request.sampling.seed = seed.wrapping_add(1);
    retry.request.sampling.seed = request.sampling.seed;
    let new_tag = retries.next_tag;
    let job = Job {
        tag: new_tag,
        request,
        stream: false,
    };
    if jobs.send(Submission::Job(job)).is_err() {
        return false;
    }
    retries.next_tag -= 1;
    case.tag = new_tag;
    let mut notes = match case.notes.take() {
        Some(Value::Object(notes)) => notes,
        _ => serde_json::Map::new(),
    };
    notes.insert(
        "schema_retry".into(),
        json!({"failed": retry.failed, "seed": retry.request.sampling.seed}),
    );
    case.notes = Some(Value::Object(notes));
    true
}

/// The record an entry becomes, counted in the tally; `None` for a case that did not finish
/// (cancelled, or never answered because the run was interrupted): it is not written, so a
/// `--resume` runs it again.
fn settle(
    entry: Entry,
    results: &mut HashMap<u64, Result<Generation, EngineError>>,
    tally: &mut Tally,
    constraint: Option<&structured::Constraint>,
) -> Option<(Value, Option<String>)> {
    let case = match entry {
        Entry::Failed(record) => {
            tally.failed += 1;
            return Some((record, None));
        }
        Entry::Pending(case) => case,
    };
    // Not done: cancelled, or failed because the server stopped answering (`--resume` reruns it).
    let result = results.remove(&case.tag).filter(|result| match result {
        Ok(g) => g.finish_reason != FinishReason::Cancelled,
        Err(e) => !e.ends_run(),
    });
    let Some(result) = result else {
        tally.cancelled += 1;
        return None;
    };
    let record = counted_record(tally, result, &case, constraint);
    Some((record, case.gold))
}

/// The record of a finished case, counted in the tally (ok or failed, and its tokens).
fn counted_record(
    tally: &mut Tally,
    result: Result<Generation, EngineError>,
    case: &Submitted,
    constraint: Option<&structured::Constraint>,
) -> Value {
    match result {
        Ok(generation) => {
            tally.prompt_tokens += u64::from(generation.prompt_tokens);
            tally.reused_tokens += u64::from(generation.reused_tokens);
            tally.completion_tokens += u64::from(generation.completion_tokens);
            let (record, failed) = structured::result_record(
                &case.id,
                case.line,
                &generation,
                &case.provenance,
                case.meta.as_ref(),
                case.constraint.as_deref().or(constraint),
                case.notes.as_ref(),
            );
            if failed {
                tally.failed += 1;
            } else {
                tally.ok += 1;
            }
            record
        }
        Err(error) => {
            tally.failed += 1;
            record::with_notes(
                record::engine_error_record(
                    &case.id,
                    case.line,
                    &error,
                    &case.provenance,
                    case.meta.as_ref(),
                ),
                case.notes.as_ref(),
            )
        }
    }
}

fn summary(tally: &Tally, seconds: f64, interrupted: bool) -> String {
    let records = tally.ok + tally.failed;
    let mut text = format!(
        "ddx batch: {records} results ({} ok, {} errors)",
        tally.ok, tally.failed
    );
    if tally.skipped > 0 {
        text.push_str(&format!(", {} already done (skipped)", tally.skipped));
    }
    if tally.other_shards > 0 {
        text.push_str(&format!(
            ", {} lines left to other shards",
            tally.other_shards
        ));
    }
    if tally.blank > 0 {
        text.push_str(&format!(", {} blank lines skipped", tally.blank));
    }
    if interrupted {
        text.push_str(&format!(
            ", interrupted: {} cases not done (rerun to finish them)",
            tally.cancelled
        ));
    }
    let rate = if seconds > 0.0 {
        tally.completion_tokens as f64 / seconds
    } else {
        0.0
    };
    text.push_str(&format!(
        "; {} prompt tokens ({} reused), {} generated in {:.1} s ({:.1} tok/s)",
        tally.prompt_tokens, tally.reused_tokens, tally.completion_tokens, seconds, rate
    ));
    text
}
