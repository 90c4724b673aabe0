//! `ddx batch --score`: rank each case's options by log-likelihood instead of generating.
//!
//! Scoring is one prompt evaluation plus one short decode per case, so cases run one after the
//! other on the engine's scoring context (which keeps the shared prompt prefix between cases).
//! Records come out in input order; a case without options is an error record of kind
//! `no_options`, and the run goes on. With `--deid`, each case is de-identified before it is
//! rendered, and its record gets the same `deid` block as a generated result.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context as _};
use serde_json::Value;

use crate::answers::scoring::{self, ScoreFailure, Scoring};
use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::cases::{LineParser, LineReader, Parsed};
use crate::session::progress::progress_bar;
use crate::session::{self, jsonl};

use super::{open_results, record, run_provenance, write_line, Options};

pub fn run(settings: &Settings, options: &Options) -> anyhow::Result<Outcome> {
    let input = jsonl::open_input(options.input.as_deref())?;
    let total_lines = jsonl::count_records(options.input.as_deref());
    let mut scoring = Scoring::setup(
        settings.paths.prompts_dir(),
        settings.template.as_deref(),
        options.answers.labels.as_deref(),
        options.answers.instruction.as_deref(),
        settings.ctx_size,
    )?;
    let jsonl::Results { mut out, resume } = open_results(options, settings)?;
    let deid = session::deid::deidentifier(options.deid.as_ref(), settings)?;
    let session = session::start(settings, session::Outgoing::cases(deid.is_some()))?;
    if !session.backend.can_score() {
        bail!(
            "--score needs the model's log-likelihood of each option, which a served chat model \
             does not give: drop --score to answer by generation (with --labels, answers are \
             constrained to the labels)"
        );
    }
    scoring.n_ctx = session.backend.info().context_limit(settings.ctx_size);
    let mut provenance = run_provenance(&session, settings, 1);
    provenance["method"] = Value::String("score".into());
    provenance["answer_prefix"] = Value::String(scoring::ANSWER_PREFIX.into());
    if let Ok(t) = scoring.template_for() {
        provenance["template"] = serde_json::json!({"name": t.name, "sha256": t.sha256});
    }
    let cancel = Arc::new(AtomicBool::new(false));
    crate::app::signals::install(&cancel)?;
    let recorder = super::ledger::start(
        settings,
        options,
        &provenance,
        1,
        session.backend.info().threads,
    );
    let progress = progress_bar(settings, total_lines);
    let started = Instant::now();
    let (mut ok, mut failed, mut blank) = (0usize, 0usize, 0usize);
    let mut interrupted = false;
    let mut parser = LineParser::default();
    for line in LineReader::new(input, options.max_line_bytes) {
        if cancel.load(Ordering::SeqCst) {
            interrupted = true;
            break;
        }
        let (line_number, raw) = line.context("reading the input failed")?;
        let parsed = parser.parse(&raw, options.max_line_bytes);
        let id = match &parsed {
            Parsed::Blank => None,
            Parsed::Case(case) => Some(&case.id),
            Parsed::Error { id, .. } => id.as_ref(),
        };
        if let Some(shard) = &options.shard {
            if !matches!(parsed, Parsed::Blank)
                && !shard.takes(&crate::cases::batch_api::record_key(id, line_number))
            {
                continue;
            }
        }
        if !matches!(parsed, Parsed::Blank)
            && resume.as_ref().is_some_and(|r| r.is_done(id, line_number))
        {
            continue;
        }
        let mut gold = None;
        let record = match parsed {
            Parsed::Blank => {
                blank += 1;
                continue;
            }
            Parsed::Error { id, meta, error } => {
                failed += 1;
                record::case_error_record(id.as_ref(), line_number, &error, meta.as_ref())
            }
            Parsed::Case(mut case) => {
                gold = super::ledger::gold_of(&case, scoring.labels.as_ref());
                // Before the model sees anything, as in generation; the record says what went.
                let notes = deid
                    .as_ref()
                    .map(|d| serde_json::json!({"deid": d.apply(&mut case).to_value()}));
                let result = match scoring.score(&*session.backend, &case) {
                    Ok(scored) => {
                        ok += 1;
                        scoring::record(
                            &case.id,
                            line_number,
                            &scored,
                            &provenance,
                            case.meta.as_ref(),
                        )
                    }
                    Err(ScoreFailure::Case(error)) => {
                        failed += 1;
                        record::case_error_record(
                            Some(&case.id),
                            line_number,
                            &error,
                            case.meta.as_ref(),
                        )
                    }
                    Err(ScoreFailure::Engine(error)) => {
                        failed += 1;
                        record::engine_error_record(
                            &case.id,
                            line_number,
                            &error,
                            &provenance,
                            case.meta.as_ref(),
                        )
                    }
                };
                record::with_notes(result, notes.as_ref())
            }
        };
        write_line(&mut *out, &record, options.output_format, super::unix_now())
            .context("cannot write a result record")?;
        if let Some(recorder) = &recorder {
            recorder.record_with_gold(&record, gold);
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    if let Some(recorder) = recorder {
        let tally = super::Tally {
            ok,
            failed,
            blank,
            ..super::Tally::default()
        };
        super::ledger::finish(
            recorder,
            &tally,
            started.elapsed().as_secs_f64(),
            interrupted,
        );
    }
    if !settings.quiet {
        let mut summary = format!(
            "ddx batch --score: {} results ({ok} ok, {failed} errors) in {:.1} s",
            ok + failed,
            started.elapsed().as_secs_f64()
        );
        if blank > 0 {
            summary.push_str(&format!(", {blank} blank lines skipped"));
        }
        if interrupted {
            summary.push_str(", interrupted (rerun to finish)");
        }
        eprintln!("{summary}");
    }
    Ok(Outcome::of_run(interrupted, failed))
}
