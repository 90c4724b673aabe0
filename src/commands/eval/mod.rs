//! `ddx eval FILE`: run a model over cases with a gold `answer` and report how well it does.
//!
//! Cases with options (or every case, with `--labels`) are scored by log-likelihood (see
//! [`crate::answers::scoring`]), which also gives calibration (Brier score, ECE). Other cases, or every
//! case with `--generate`, are answered by generation and the answer is read from the text
//! ([`extract::extract_choice`], [`extract::extract_free_text`]); with `--labels` the generation
//! is constrained to the labels. Answers that cannot be read count as wrong and are listed.
//! Lines that are not usable cases (bad JSON, no gold, a gold that names no option) are listed
//! as errors, are not counted in `n`, and make the exit status 1.

mod ledger;
pub mod mapping;
mod table;

use std::fs::File;
use std::io::{BufReader, Write as _};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use indicatif::ProgressBar;
use serde_json::{json, Value};

use crate::answers::constraint::{load_schema, Constraint, SchemaSource};
use crate::answers::extract;
use crate::answers::scoring::{options_for, ScoreFailure, Scoring};
use crate::app::exit::Outcome;
use crate::app::settings::{DeidSettings, Settings};
use crate::cases::{AnswerOption, Case};
use crate::cases::{LineParser, LineReader, Parsed, RawLine};
use crate::engine::{ContextSpec, Event, GenRequest, Job};
use crate::session::annotations::{load_gold, ReviewedGold};
use crate::session::progress::progress_bar;

use crate::answers::stats::metrics::{self, CaseUsage, Prediction};

/// A case with its input line and its gold answer as text.
type GoldCase = (usize, Case, String);

/// A line that could not be evaluated.
fn error_entry(id: Option<&Value>, line: usize, kind: &str, message: &str) -> Value {
    json!({"id": id.cloned().unwrap_or(Value::Null), "line": line, "kind": kind, "message": message})
}

/// The label of the option the gold answer names, or the error entry saying it names none.
fn gold_label(
    gold: &str,
    options: &[AnswerOption],
    id: &Value,
    line: usize,
) -> Result<String, Value> {
    extract::gold_option(gold, options)
        .map(|o| o.label.clone())
        .ok_or_else(|| {
            error_entry(
                Some(id),
                line,
                "gold_not_an_option",
                "the gold 'answer' matches no option label or text",
            )
        })
}

/// Reviews by case id, as gold answers.
type Reviews = std::collections::BTreeMap<String, ReviewedGold>;

/// Put a case's reviewed gold answer in place of the file's; `Err` when a review says the
/// model's answer is wrong, gives no other and the file has none.
fn apply_review(case: &mut Case, reviews: &Reviews) -> Result<bool, &'static str> {
    let Some(review) = reviews.get(&crate::cases::id_key(&case.id)) else {
        return Ok(false);
    };
    match review.answer() {
        Some(answer) => {
            case.answer = Some(Value::String(answer.to_string()));
            Ok(true)
        }
        None if case.answer.is_some() => Ok(false),
        None => Err(
            "a reviewer marked the model's answer wrong without giving the right one, \
                     and the case has no gold 'answer'",
        ),
    }
}

/// Read every line, apply the mappings, keep cases that carry a gold answer (from the reviews
/// first, when given). Also says how many gold answers came from the reviews.
fn load_cases(
    args: &Options,
    maps: &[mapping::FieldMap],
    reviews: Option<&Reviews>,
) -> anyhow::Result<(Vec<GoldCase>, Vec<Value>, usize)> {
    let file = File::open(&args.input)
        .with_context(|| format!("cannot open input file '{}'", args.input.display()))?;
    let mut parser = LineParser::default();
    let (mut cases, mut errors, mut reviewed) = (Vec::new(), Vec::new(), 0);
    for line in LineReader::new(BufReader::new(file), args.max_line_bytes) {
        let (number, raw) =
            line.with_context(|| format!("cannot read '{}'", args.input.display()))?;
        let raw = match raw {
            RawLine::Text(bytes) => match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(mut obj)) => {
                    mapping::apply(&mut obj, maps, number);
                    RawLine::Text(serde_json::to_vec(&obj)?)
                }
                _ => RawLine::Text(bytes),
            },
            other => other,
        };
        match parser.parse(&raw, args.max_line_bytes) {
            Parsed::Blank => {}
            Parsed::Error { id, error, .. } => {
                errors.push(error_entry(id.as_ref(), number, error.kind, &error.message));
            }
            Parsed::Case(mut case) => match reviews.map(|r| apply_review(&mut case, r)) {
                Some(Err(message)) => {
                    errors.push(error_entry(
                        Some(&case.id),
                        number,
                        "reviewed_wrong",
                        message,
                    ));
                }
                Some(Ok(used)) => {
                    reviewed += usize::from(used);
                    push_gold(&mut cases, &mut errors, number, *case);
                }
                None => push_gold(&mut cases, &mut errors, number, *case),
            },
        }
    }
    Ok((cases, errors, reviewed))
}

/// Keep a case with a gold answer; list one without.
fn push_gold(cases: &mut Vec<GoldCase>, errors: &mut Vec<Value>, number: usize, case: Case) {
    match case.answer.as_ref().and_then(extract::gold_text) {
        Some(gold) => cases.push((number, case, gold)),
        None => errors.push(error_entry(
            Some(&case.id),
            number,
            "missing_answer",
            "the case has no gold 'answer' (map one with --map answer=FIELD)",
        )),
    }
}

/// What `ddx eval` was asked to do.
#[derive(Debug, Default)]
pub struct Options {
    /// JSONL file of cases with a gold `answer` (after the mappings).
    pub input: PathBuf,
    /// `FIELD=SOURCE` mappings applied to every record before it is parsed.
    pub map: Vec<String>,
    /// Where the full JSON report goes.
    pub report: Option<PathBuf>,
    /// Reviews whose gold answers override the file's ([`crate::session::annotations`]).
    pub gold: Option<PathBuf>,
    /// A label set every case is scored against (`a,b,c` or `@FILE`).
    pub labels: Option<String>,
    /// The annotate template's instruction with `labels` (text or `@FILE`).
    pub instruction: Option<String>,
    /// Generate answers and read the choice from the text, even for cases with options.
    pub generate: bool,
    /// Longest input line accepted, in bytes.
    pub max_line_bytes: usize,
    /// `--deid`: every case is de-identified before the model sees it (gold answers are read
    /// first, as given).
    pub deid: Option<DeidSettings>,
}

pub fn run(settings: &Settings, args: &Options) -> anyhow::Result<Outcome> {
    // Held until the report is written; taken before anything is read.
    let _report_lock = args
        .report
        .as_deref()
        .map(|path| crate::session::output_lock::acquire(path, settings.wait))
        .transpose()?;
    let maps = mapping::parse_maps(&args.map)?;
    let scoring = Scoring::setup(
        settings.paths.prompts_dir(),
        settings.template.as_deref(),
        args.labels.as_deref(),
        args.instruction.as_deref(),
        settings.ctx_size,
    )?;
    let reviews = match &args.gold {
        Some(path) => {
            let (reviews, bad) = load_gold(path)?;
            if bad > 0 && !settings.quiet {
                eprintln!(
                    "ddx eval: {bad} unreadable line(s) of '{}' skipped",
                    path.display()
                );
            }
            Some(reviews)
        }
        None => None,
    };
    let (mut cases, errors, reviewed) = load_cases(args, &maps, reviews.as_ref())?;
    let deid = crate::session::deid::deidentifier(args.deid.as_ref(), settings)?;
    if let Some(deid) = &deid {
        for (_, case, _) in &mut cases {
            deid.apply(case);
        }
    }
    if cases.is_empty() {
        anyhow::bail!(
            "'{}' has no case with a gold 'answer' ({} lines could not be used)",
            args.input.display(),
            errors.len()
        );
    }
    let session = crate::session::start(settings, crate::session::Outgoing::cases(deid.is_some()))?;
    let needs_scoring = !args.generate
        && cases
            .iter()
            .any(|(_, case, _)| !options_for(case, scoring.labels.as_ref()).is_empty());
    if needs_scoring && !session.backend.can_score() {
        anyhow::bail!(
            "cases with options are scored by the model's log-likelihood of each option, which a \
             served chat model does not give: add --generate to answer them by generation and \
             read the choice from the text"
        );
    }
    let n_ctx = session.backend.info().context_limit(settings.ctx_size);
    let scoring = crate::answers::scoring::Scoring { n_ctx, ..scoring };
    let labels = scoring.labels.clone();
    let started = Instant::now();
    let progress = progress_bar(settings, Some(cases.len() as u64));
    let generated = |case: &Case| args.generate || options_for(case, labels.as_ref()).is_empty();
    let methods: std::collections::BTreeSet<&str> = cases
        .iter()
        .map(|(_, case, _)| if generated(case) { "generate" } else { "score" })
        .collect();
    let method = methods.into_iter().collect::<Vec<_>>().join("+");
    let template = scoring
        .template_for()
        .ok()
        .map(|t| json!({"name": t.name, "sha256": t.sha256}));
    let setup = ledger::RunSetup {
        method: &method,
        template: template.clone(),
    };
    let mut live = ledger::Live::start(settings, args, &session, &setup, errors);
    let mut to_generate = Vec::new();
    for (line, case, gold) in cases {
        let options = options_for(&case, labels.as_ref());
        if generated(&case) {
            to_generate.push((line, case, gold));
            continue;
        }
        let gold_class = match gold_label(&gold, &options, &case.id, line) {
            Ok(label) => label,
            Err(error) => {
                live.error(error);
                continue;
            }
        };
        progress.inc(1);
        match scoring.score(&*session.backend, &case) {
            Ok(scored) => live.prediction(
                line,
                Prediction {
                    id: case.id.clone(),
                    gold: gold_class,
                    predicted: Some(scored.choice().label.clone()),
                    probs: Some(
                        scored
                            .options
                            .iter()
                            .map(|o| (o.label.clone(), o.prob))
                            .collect(),
                    ),
                    reason: None,
                    output: None,
                    free_text: false,
                    usage: Some(CaseUsage {
                        prompt_tokens: u64::from(scored.prompt_tokens),
                        output_tokens: None,
                        latency_ms: scored.elapsed_ms,
                    }),
                },
            ),
            Err(ScoreFailure::Case(e)) => {
                live.error(error_entry(Some(&case.id), line, e.kind, &e.message));
            }
            Err(ScoreFailure::Engine(e)) => {
                live.error(error_entry(Some(&case.id), line, e.kind(), &e.to_string()));
            }
        }
    }
    if !to_generate.is_empty() {
        generate(
            settings,
            &session,
            &scoring,
            to_generate,
            &mut live,
            &progress,
        )?;
    }
    progress.finish_and_clear();
    let order: Vec<String> = labels.map(|l| l.labels).unwrap_or_default();
    let (predictions, errors, metrics) =
        live.finish(&method, started.elapsed().as_secs_f64(), |p| {
            metrics::compute(p, &order)
        });
    let report = json!({
        "ddx_version": env!("CARGO_PKG_VERSION"),
        "input": args.input.display().to_string(),
        "gold": args.gold.as_ref().map(|p| json!({"annotations": p.display().to_string(), "cases": reviewed})),
        "method": method,
        "model": crate::session::provenance::model_block(&session),
        "template": template,
        "metrics": metrics,
        "predictions": predictions,
        "errors": errors,
        "seconds": started.elapsed().as_secs_f64(),
    });
    if let Some(path) = &args.report {
        let mut text = serde_json::to_string_pretty(&report)?;
        text.push('\n');
        std::fs::write(path, text)
            .with_context(|| format!("cannot write the report '{}'", path.display()))?;
    }
    let table = table::render(
        &args.input.display().to_string(),
        &method,
        &metrics,
        &predictions,
        &errors,
    );
    std::io::stdout()
        .lock()
        .write_all(table.as_bytes())
        .context("cannot write the table")?;
    if !settings.quiet {
        eprintln!(
            "ddx eval: {} cases evaluated, {} lines not evaluated, in {:.1} s",
            metrics.n,
            errors.len(),
            started.elapsed().as_secs_f64()
        );
        if let Some(path) = &args.gold {
            eprintln!(
                "ddx eval: {reviewed} gold answers taken from the reviews in '{}'",
                path.display()
            );
        }
    }
    Ok(Outcome::of_run(false, errors.len()))
}

/// Answer cases by generation and read the answer out of the text.
fn generate(
    settings: &Settings,
    session: &crate::session::Session,
    scoring: &crate::answers::scoring::Scoring,
    cases: Vec<GoldCase>,
    live: &mut ledger::Live,
    progress: &ProgressBar,
) -> anyhow::Result<()> {
    let labels = scoring.labels.clone();
    let constraint = match &labels {
        Some(set) => {
            let (schema, origin) = load_schema(&SchemaSource::Labels(set))?;
            Some(Constraint::compile(
                &*session.backend,
                schema,
                origin,
                Some(set.clone()),
            )?)
        }
        None => None,
    };
    let parallel = settings
        .parallel
        .unwrap_or_else(|| crate::session::default_parallel(session.backend.info()));
    let cancel = Arc::new(AtomicBool::new(false));
    crate::app::signals::install(&cancel)?;
    let mut run = session.backend.run(
        ContextSpec::new(scoring.n_ctx, parallel).with_batch_invariant(settings.batch_invariant),
        cancel,
    )?;
    let mut pending = std::collections::HashMap::new();
    for (tag, (line, case, gold)) in cases.into_iter().enumerate() {
        let template = if case.options.is_empty() && labels.is_none() {
            scoring.fixed_template.clone().map_or_else(
                || {
                    scoring
                        .registry
                        .get(crate::cases::prompt_templates::Registry::auto_name(&case))
                },
                Ok,
            )
        } else {
            scoring.template_for()
        };
        let messages = template
            .map_err(|e| crate::cases::CaseError::new("template", None, format!("{e:#}")))
            .and_then(|t| t.render(&case, &scoring.extras));
        match messages {
            Ok(messages) => {
                let tag = tag as u64;
                run.submit(Job {
                    tag,
                    request: GenRequest {
                        messages,
                        sampling: settings.sampling.clone(),
                        max_tokens: settings.max_tokens,
                        stop: settings.stop.clone(),
                        grammar: constraint.as_ref().map(|c| c.grammar.clone()),
                    },
                    stream: false,
                })?;
                pending.insert(tag, (line, case, gold));
            }
            Err(e) => live.error(error_entry(Some(&case.id), line, e.kind, &e.message)),
        }
    }
    run.close();
    while let Some(event) = run.next_event(None) {
        let Event::Finished { tag, result } = event else {
            continue;
        };
        progress.inc(1);
        let Some((line, case, gold)) = pending.remove(&tag) else {
            continue;
        };
        let generation = match result {
            Ok(g) => g,
            Err(e) => {
                live.error(error_entry(Some(&case.id), line, e.kind(), &e.to_string()));
                continue;
            }
        };
        let options = options_for(&case, labels.as_ref());
        let (gold_class, predicted, reason) = if let Some(constraint) = &constraint {
            let Some(gold_class) = extract::gold_option(&gold, &options).map(|o| o.label.clone())
            else {
                live.error(error_entry(
                    Some(&case.id),
                    line,
                    "gold_not_an_option",
                    "the gold 'answer' matches no label",
                ));
                continue;
            };
            match constraint.check(&generation) {
                Ok(value) => (gold_class, value.as_str().map(ToString::to_string), None),
                Err((kind, message)) => (gold_class, None, Some(format!("{kind}: {message}"))),
            }
        } else if !options.is_empty() {
            let gold_class = match gold_label(&gold, &options, &case.id, line) {
                Ok(label) => label,
                Err(error) => {
                    live.error(error);
                    continue;
                }
            };
            match extract::extract_choice(&generation.text, &options) {
                Some(o) => (gold_class, Some(o.label.clone()), None),
                None => (
                    gold_class,
                    None,
                    Some("no single option named in the answer".into()),
                ),
            }
        } else {
            match extract::extract_free_text(&generation.text) {
                Some(claim) if extract::free_text_matches(&claim, &gold) => {
                    (gold.clone(), Some(gold), None)
                }
                Some(claim) => (gold, Some(claim), None),
                None => (gold, None, Some("the answer is empty".into())),
            }
        };
        live.prediction(
            line,
            Prediction {
                id: case.id.clone(),
                gold: gold_class,
                predicted,
                probs: None,
                reason,
                output: Some(generation.text.clone()),
                free_text: constraint.is_none() && options.is_empty(),
                usage: Some(CaseUsage {
                    prompt_tokens: u64::from(generation.prompt_tokens),
                    output_tokens: Some(u64::from(generation.completion_tokens)),
                    latency_ms: generation.timings.total_ms,
                }),
            },
        );
    }
    Ok(())
}
