//! `ddx eval FILE`: run a model over cases with a gold `answer` and report how well it does.
//!
//! Cases with options (or every case, with `--labels`) are scored by log-likelihood (see
//! [`crate::answers::scoring`]), which also gives calibration (Brier score, ECE). Other cases, or every
//! case with `--generate`, are answered by generation and the answer is read from the text
//! ([`crate::answers::extract`]); with `--labels` the generation
//! is constrained to the labels. Answers that cannot be read count as wrong and are listed.
//! Lines that are not usable cases (bad JSON, no gold, a gold that names no option) are listed
//! as errors, are not counted in `n`, and make the exit status 1.

mod generate;
mod live;
mod load;
mod table;

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::answers::scoring::{options_for, ScoreFailure, Scoring};
use crate::answers::stats::metrics::{self, CaseUsage, Metrics, Prediction};
use crate::app::exit::Outcome;
use crate::app::settings::{DeidSettings, Settings};
use crate::cases::field_map;
use crate::session::Session;

use live::{Live, RunSetup};
use load::{error_entry, gold_label, GoldCase};

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

/// The stages of an eval: lock the report, read the cases with their gold answers, load the
/// model, score or generate each case (rows to the ledger as they come), then the report, the
/// table and the summary.
pub fn run(settings: &Settings, args: &Options) -> anyhow::Result<Outcome> {
    // Held until the report is written; taken before anything is read.
    let _report_lock = args
        .report
        .as_deref()
        .map(|path| crate::session::sink::output_lock::acquire(path, settings.wait))
        .transpose()?;
    let maps = field_map::parse_maps(&args.map)?;
    let scoring = Scoring::setup(
        settings.paths.prompts_dir(),
        settings.template.as_deref(),
        args.labels.as_deref(),
        args.instruction.as_deref(),
        settings.ctx_size,
    )?;
    let reviews = args.gold.as_deref().map(load::read_reviews).transpose()?;
    let (mut cases, errors, reviewed) = load::load_cases(args, &maps, reviews.as_ref())?;
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
    let n_ctx = session.backend.info().context_limit(settings.ctx_size);
    let scoring = Scoring { n_ctx, ..scoring };
    let generated = |case: &crate::cases::Case| {
        args.generate || options_for(case, scoring.labels.as_ref()).is_empty()
    };
    let method = method_of(&cases, &generated, &session)?;
    let template = scoring
        .template_for()
        .ok()
        .map(|t| json!({"name": t.name, "sha256": t.sha256}));
    let setup = RunSetup {
        method: &method,
        template: template.clone(),
    };
    let total = cases.len() as u64;
    let mut live = Live::start(settings, args, &session, &setup, errors, total);
    let (to_generate, to_score): (Vec<GoldCase>, Vec<GoldCase>) =
        cases.into_iter().partition(|(_, case, _)| generated(case));
    score_all(&session, &scoring, to_score, &mut live);
    if !to_generate.is_empty() {
        generate::generate(settings, &session, &scoring, to_generate, &mut live)?;
    }
    let order: Vec<String> = scoring.labels.clone().map(|l| l.labels).unwrap_or_default();
    let (predictions, errors, metrics, seconds) =
        live.finish(&method, |p| metrics::compute(p, &order));
    let evaluated = Evaluated {
        method: &method,
        template,
        reviewed,
        metrics: &metrics,
        predictions: &predictions,
        errors: &errors,
        seconds,
    };
    report(args, &session, &evaluated)?;
    Ok(Outcome::of_run(false, errors.len()))
}

/// How the cases are answered: `score`, `generate` or `score+generate`; an error when some
/// must be scored and the model cannot score.
fn method_of(
    cases: &[GoldCase],
    generated: &dyn Fn(&crate::cases::Case) -> bool,
    session: &Session,
) -> anyhow::Result<String> {
    let methods: std::collections::BTreeSet<&str> = cases
        .iter()
        .map(|(_, case, _)| if generated(case) { "generate" } else { "score" })
        .collect();
    if methods.contains("score") && !session.backend.can_score() {
        anyhow::bail!(
            "cases with options are scored by the model's log-likelihood of each option, which a \
             served chat model does not give: add --generate to answer them by generation and \
             read the choice from the text"
        );
    }
    Ok(methods.into_iter().collect::<Vec<_>>().join("+"))
}

/// Score each case with options by the log-likelihood of each option.
fn score_all(session: &Session, scoring: &Scoring, cases: Vec<GoldCase>, live: &mut Live) {
    for (line, case, gold) in cases {
        let options = options_for(&case, scoring.labels.as_ref());
        let gold_class = match gold_label(&gold, &options, &case.id, line) {
            Ok(label) => label,
            Err(error) => {
                live.error(error);
                continue;
            }
        };
        live.tick();
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
}

/// What an eval found.
struct Evaluated<'a> {
    method: &'a str,
    template: Option<Value>,
    /// Gold answers taken from the reviews.
    reviewed: usize,
    metrics: &'a Metrics,
    predictions: &'a [Prediction],
    errors: &'a [Value],
    seconds: f64,
}

/// The JSON report (`--report`), the table on stdout, the summary on stderr.
fn report(args: &Options, session: &Session, e: &Evaluated<'_>) -> anyhow::Result<()> {
    if let Some(path) = &args.report {
        let report = json!({
            "ddx_version": env!("CARGO_PKG_VERSION"),
            "input": args.input.display().to_string(),
            "gold": args.gold.as_ref().map(|p| json!({"annotations": p.display().to_string(), "cases": e.reviewed})),
            "method": e.method,
            "model": crate::session::provenance::model_block(session),
            "template": e.template,
            "metrics": e.metrics,
            "predictions": e.predictions,
            "errors": e.errors,
            "seconds": e.seconds,
        });
        let mut text = serde_json::to_string_pretty(&report)?;
        text.push('\n');
        std::fs::write(path, text)
            .with_context(|| format!("cannot write the report '{}'", path.display()))?;
    }
    let input = args.input.display().to_string();
    let table = table::render(&input, e.method, e.metrics, e.predictions, e.errors);
    std::io::stdout()
        .lock()
        .write_all(table.as_bytes())
        .context("cannot write the table")?;
    crate::note!(
        "{} cases evaluated, {} lines not evaluated, in {:.1} s",
        e.metrics.n,
        e.errors.len(),
        e.seconds
    );
    if let Some(path) = &args.gold {
        crate::note!(
            "{} gold answers taken from the reviews in '{}'",
            e.reviewed,
            path.display()
        );
    }
    Ok(())
}
