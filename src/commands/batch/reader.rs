//! The reader stage of `ddx batch`: lines in, cases or typed error records out. On its own
//! thread it parses each line (a ddx case or a Batch API request), passes over what is not
//! this run's (blank, another shard's, done in the earlier run), de-identifies and renders each
//! case, and hands the writer an entry in input order before it submits the case's job to the
//! engine. It may run ahead of the engine only by the permits it holds, so memory stays flat.

use std::io::BufRead;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, SyncSender};
use std::sync::Arc;

use serde_json::Value;

use super::driver::{Entry, Message, Passed, Retry, Submitted};
use super::{input, record, Options};
use crate::answers::constraint::LabelSet;
use crate::answers::extract;
use crate::answers::scoring::options_for;
use crate::app::settings::Settings;
use crate::cases::prompt_templates::Template;
use crate::cases::shard::Shard;
use crate::cases::{Case, CaseError, LineParser, LineReader, Parsed, RawLine};
use crate::engine::{ChatMessage, GenRequest, Job, SamplingParams, Submission, Tokenizer};
use crate::session::jsonl;
use crate::session::prompting::Prompting;
use crate::session::sink::ResumeState;

/// The input, opened, with what was learnt of it before the run.
pub struct Source {
    pub lines: Box<dyn BufRead + Send>,
    /// The lines are OpenAI Batch API requests.
    pub batch_api: bool,
    /// For requests: their schemas and the largest `max_tokens` they ask for.
    pub scan: input::Scan,
    /// Non-blank lines, for the progress bar (unknown for a stream or a shard).
    pub total: Option<u64>,
}

impl Source {
    /// Open the input and decide its format (see [`input::open`]).
    pub fn open(settings: &Settings, options: &Options) -> anyhow::Result<Source> {
        let path = options.input.as_deref();
        let opened = input::open(path, options.input_format, options.max_line_bytes)?;
        let scan = if opened.batch_api {
            let again = input::reopen(path, opened.memory.as_ref())?;
            input::scan(again, options.max_line_bytes)
        } else {
            input::Scan::default()
        };
        if opened.batch_api && settings.template.is_some() {
            crate::note!(
                "the input holds Batch API requests: their messages are used as they are, \
                 and --template is not applied"
            );
        }
        // A shard runs a share of the lines that only the run itself finds out.
        let total = jsonl::count_records(path).filter(|_| options.shard.is_none());
        Ok(Source {
            lines: opened.reader,
            batch_api: opened.batch_api,
            scan,
            total,
        })
    }
}

/// What the reader needs to turn lines into jobs.
pub struct ReaderContext {
    pub max_line_bytes: usize,
    /// Which template each case uses, its variables, and `--labels`.
    pub prompting: Prompting,
    pub sampling: SamplingParams,
    pub max_tokens: u32,
    pub stop: Vec<String>,
    pub provenance_base: Value,
    pub provenances: Vec<(String, Arc<Value>)>,
    pub resume: Option<ResumeState>,
    /// The lines are OpenAI Batch API requests.
    pub batch_api: bool,
    /// Their `response_format` schemas, compiled.
    pub schemas: input::Schemas,
    /// `--shard K/N`.
    pub shard: Option<Shard>,
    /// The output grammar (`--schema`, `--json`, `--labels`).
    pub grammar: Option<String>,
    pub deid: Option<crate::clinical::deid::Deidentifier>,
    pub tokenizer: Tokenizer,
    /// Prompt tokens a case may use: the per-case context minus the answer's max tokens.
    pub prompt_budget: u32,
    /// Keep each request for `--schema-retry`.
    pub keep_requests: bool,
    /// Put the prompt's sha256 (after the chat template) in each result.
    pub prompt_sha256: bool,
}

/// A case rendered and ready for the engine.
struct Rendered {
    case: Box<Case>,
    line: usize,
    template: Arc<Template>,
    messages: Vec<ChatMessage>,
    notes: Option<Value>,
    request: Option<input::LineRequest>,
}

/// Where the reader sends what it reads.
pub struct Channels {
    pub messages: Sender<Message>,
    pub jobs: Option<Sender<Submission>>,
    /// One per job in the engine: the reader waits for room before it submits.
    pub permits: SyncSender<()>,
}

/// Read every line, in order, until the input ends, a send fails (the writer or the engine
/// stopped) or the run is cancelled; then say the input is done.
pub fn read_input(
    input: Box<dyn BufRead + Send>,
    mut ctx: ReaderContext,
    channels: Channels,
    cancel: &AtomicBool,
) {
    let Channels {
        messages,
        jobs,
        permits,
    } = channels;
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
        let (parsed, request) = ctx.parse(&mut parser, &raw);
        if ctx.passes_over(&parsed, line_number, &mut passed) {
            continue;
        }
        let entry = match parsed {
            Parsed::Blank => continue,
            Parsed::Error { id, meta, error } => Entry::Failed(record::case_error_record(
                id.as_ref(),
                line_number,
                &error,
                meta.as_ref(),
            )),
            Parsed::Case(case) => match ctx.render(case, line_number, request) {
                Err(record) => Entry::Failed(record),
                Ok(rendered) => {
                    // Wait for room in the engine before submitting (bounded memory).
                    if permits.send(()).is_err() {
                        break;
                    }
                    tag += 1;
                    let (pending, job) = ctx.submission(rendered, tag);
                    // Tell the writer before the engine can answer.
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
            },
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

impl ReaderContext {
    /// A line as a case (or an error), with a request line's own settings.
    fn parse(
        &self,
        parser: &mut LineParser,
        raw: &RawLine,
    ) -> (Parsed, Option<input::LineRequest>) {
        if self.batch_api {
            input::parse_request_line(parser, raw, self.max_line_bytes, &self.schemas)
        } else {
            (parser.parse(raw, self.max_line_bytes), None)
        }
    }

    /// Whether the line is not this run's (blank, another shard's, done in the earlier run),
    /// counted in `passed`.
    fn passes_over(&self, parsed: &Parsed, line: usize, passed: &mut Passed) -> bool {
        let count = match pass_of(parsed, line, self.shard.as_ref(), self.resume.as_ref()) {
            None => return false,
            Some(Pass::Blank) => &mut passed.blank,
            Some(Pass::OtherShard) => &mut passed.other_shards,
            Some(Pass::Done) => &mut passed.skipped,
        };
        *count += 1;
        true
    }

    /// Choose the case's template and render it ([`ReaderContext::prepare`]); the error record
    /// when it cannot be.
    fn render(
        &self,
        mut case: Box<Case>,
        line: usize,
        request: Option<input::LineRequest>,
    ) -> Result<Rendered, Value> {
        let mut notes = serde_json::Map::new();
        if let Some(request) = &request {
            notes.insert("request".into(), request.note());
        }
        let rendered = self
            .template_for(&case)
            .map_err(|e| CaseError::new("template", None, format!("{e:#}")))
            .and_then(|t| {
                let messages = self.prepare(&mut case, &t, &mut notes)?;
                Ok((t, messages))
            });
        let notes = (!notes.is_empty()).then_some(Value::Object(notes));
        match rendered {
            Ok((template, messages)) => Ok(Rendered {
                case,
                line,
                template,
                messages,
                notes,
                request,
            }),
            Err(error) => Err(record::with_notes(
                record::case_error_record(Some(&case.id), line, &error, case.meta.as_ref()),
                notes.as_ref(),
            )),
        }
    }

    /// The writer's entry for a rendered case and the engine's job for it, under `tag`.
    fn submission(&mut self, rendered: Rendered, tag: u64) -> (Entry, Job) {
        let Rendered {
            case,
            line,
            template,
            messages,
            notes,
            request,
        } = rendered;
        let provenance = self.provenance_for(&template);
        let mut gen_request = GenRequest {
            messages,
            sampling: self.sampling.clone(),
            max_tokens: self.max_tokens,
            stop: self.stop.clone(),
            grammar: self.grammar.clone(),
        };
        if let Some(request) = &request {
            request.apply(&mut gen_request);
        }
        let job = Job {
            tag,
            request: gen_request,
            stream: false,
        };
        let pending = Entry::Pending(Box::new(Submitted {
            gold: gold_of(&case, self.prompting.labels()),
            tag,
            line,
            id: case.id.clone(),
            meta: case.meta.clone(),
            provenance,
            notes,
            constraint: request.and_then(|r| r.constraint),
            retry: self.keep_requests.then(|| {
                Box::new(Retry {
                    request: job.request.clone(),
                    failed: Vec::new(),
                })
            }),
        }));
        (pending, job)
    }

    /// De-identify the case (`--deid`), fit its timeline into the prompt budget, render it.
    /// What was removed or left out goes into `notes` for the result record.
    fn prepare(
        &self,
        case: &mut Case,
        template: &Template,
        notes: &mut serde_json::Map<String, Value>,
    ) -> Result<Vec<ChatMessage>, CaseError> {
        if let Some(deid) = &self.deid {
            notes.insert("deid".into(), deid.apply(case).to_value());
        }
        if !template.passthrough && !case.timeline.is_empty() {
            let mut measure = |c: &Case| {
                let messages = template.render(c, self.prompting.extras())?;
                self.tokenizer
                    .count_tokens(&messages)
                    .map_err(|e| CaseError::new("template", None, e.to_string()))
            };
            if let Some(t) =
                crate::cases::fit::fit_timeline(case, self.prompt_budget, &mut measure)?
            {
                notes.insert("truncated".into(), t.to_value());
            }
        }
        let messages = template.render(case, self.prompting.extras())?;
        if self.prompt_sha256 {
            let prompt = self
                .tokenizer
                .render(&messages)
                .map_err(|e| CaseError::new("template", None, e.to_string()))?;
            notes.insert(
                "prompt_sha256".into(),
                Value::String(crate::engine::chat::source_sha256(&prompt)),
            );
        }
        Ok(messages)
    }

    fn template_for(&self, case: &Case) -> anyhow::Result<Arc<Template>> {
        if self.batch_api {
            // A request's messages are the chat as it is.
            return self.prompting.registry().get("raw");
        }
        self.prompting.template_for(case)
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

/// Why a line is not this run's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    Blank,
    /// `--shard K/N`: another shard's line.
    OtherShard,
    /// `--resume`: the earlier run wrote its record.
    Done,
}

/// `None` when the line is this run's, else why not (for generation and `--score` alike).
pub fn pass_of(
    parsed: &Parsed,
    line: usize,
    shard: Option<&Shard>,
    resume: Option<&ResumeState>,
) -> Option<Pass> {
    let id = match parsed {
        Parsed::Blank => return Some(Pass::Blank),
        Parsed::Case(case) => Some(&case.id),
        Parsed::Error { id, .. } => id.as_ref(),
    };
    if shard.is_some_and(|shard| !shard.takes(&crate::cases::batch_api::record_key(id, line))) {
        return Some(Pass::OtherShard);
    }
    resume
        .is_some_and(|r| r.is_done(id, line))
        .then_some(Pass::Done)
}

/// The label a case's gold `answer` names among its options (or `--labels`), by label or by
/// text as `ddx eval` reads it; `None` without an answer or when it names no option (a gold
/// that is free text is not a label, and is not kept).
pub fn gold_of(case: &Case, labels: Option<&LabelSet>) -> Option<String> {
    let gold = case.answer.as_ref().and_then(extract::gold_text)?;
    extract::gold_option(&gold, &options_for(case, labels)).map(|o| o.label.clone())
}
