//! `ddx batch --score`: rank each case's options by log-likelihood instead of generating.
//!
//! Scoring is one prompt evaluation plus one short decode per case, so cases run one after the
//! other on the engine's scoring context (which keeps the shared prompt prefix between cases).
//! Records come out in input order, through the same sink as generated results; a case without
//! options is an error record of kind `no_options`, and the run goes on. With `--deid`, each
//! case is de-identified before it is rendered, and its record gets the same `deid` block as a
//! generated result.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{bail, Context as _};
use serde_json::Value;

use crate::answers::scoring::{self, ScoreFailure, Scoring};
use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::cases::{Case, LineParser, LineReader, Parsed};
use crate::clinical::deid::Deidentifier;
use crate::session::sink::{ResumeState, Row, Sink};
use crate::session::{self, jsonl, Session};

use super::summary::{self, Tally};
use super::{open_sink, reader, record, Options};

/// What scoring a case needs.
struct Scorer<'a> {
    scoring: Scoring,
    session: &'a Session,
    deid: Option<Deidentifier>,
    provenance: Value,
}

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
    let (mut sink, resume) = open_sink(options, settings)?;
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
    let mut provenance = summary::run_provenance(&session, settings, 1);
    provenance["method"] = Value::String("score".into());
    provenance["answer_prefix"] = Value::String(scoring::ANSWER_PREFIX.into());
    if let Ok(t) = scoring.template_for() {
        provenance["template"] = serde_json::json!({"name": t.name, "sha256": t.sha256});
    }
    let cancel = Arc::new(AtomicBool::new(false));
    crate::app::signals::install(&cancel)?;
    let threads = session.backend.info().threads;
    sink.record_run(
        settings,
        summary::ledger_run(settings, options, &provenance, 1, threads),
    );
    sink.begin(settings, total_lines);
    let scorer = Scorer {
        scoring,
        session: &session,
        deid,
        provenance,
    };
    // On an error the sink is dropped unfinished: the ledger keeps the run's rows so far.
    let (tally, interrupted) =
        score_lines(input, options, resume.as_ref(), &scorer, &mut sink, &cancel)?;
    let seconds = sink.finish(tally.ledger_summary(interrupted));
    let mut line = format!(
        "ddx batch --score: {} results ({} ok, {} errors) in {seconds:.1} s",
        tally.results(),
        tally.ok,
        tally.failed
    );
    if tally.blank > 0 {
        line.push_str(&format!(", {} blank lines skipped", tally.blank));
    }
    if interrupted {
        line.push_str(", interrupted (rerun to finish)");
    }
    crate::message!("{line}");
    Ok(Outcome::of_run(interrupted, tally.failed))
}

/// Score every line this run takes, in order, writing each record to the sink; the counts and
/// whether Ctrl-C stopped it.
fn score_lines(
    input: Box<dyn std::io::BufRead + Send>,
    options: &Options,
    resume: Option<&ResumeState>,
    scorer: &Scorer<'_>,
    sink: &mut Sink,
    cancel: &AtomicBool,
) -> anyhow::Result<(Tally, bool)> {
    let mut tally = Tally::default();
    let mut parser = LineParser::default();
    for line in LineReader::new(input, options.max_line_bytes) {
        if cancel.load(Ordering::SeqCst) {
            return Ok((tally, true));
        }
        let (line_number, raw) = line.context("reading the input failed")?;
        let parsed = parser.parse(&raw, options.max_line_bytes);
        match reader::pass_of(&parsed, line_number, options.shard.as_ref(), resume) {
            None => {}
            Some(reader::Pass::Blank) => {
                tally.blank += 1;
                continue;
            }
            Some(_) => continue,
        }
        let (record, gold) = match parsed {
            Parsed::Blank => continue,
            Parsed::Error { id, meta, error } => {
                tally.failed += 1;
                let record =
                    record::case_error_record(id.as_ref(), line_number, &error, meta.as_ref());
                (record, None)
            }
            Parsed::Case(case) => scorer.score(case, line_number, &mut tally),
        };
        sink.write(&record, Row::FromRecord { gold })
            .context("cannot write a result record")?;
    }
    Ok((tally, false))
}

impl Scorer<'_> {
    /// A case's record and its gold label, counted in the tally.
    fn score(
        &self,
        mut case: Box<Case>,
        line: usize,
        tally: &mut Tally,
    ) -> (Value, Option<String>) {
        let gold = reader::gold_of(&case, self.scoring.labels.as_ref());
        // Before the model sees anything, as in generation; the record says what went.
        let notes = self
            .deid
            .as_ref()
            .map(|d| serde_json::json!({"deid": d.apply(&mut case).to_value()}));
        let meta = case.meta.as_ref();
        let result = match self.scoring.score(&*self.session.backend, &case) {
            Ok(scored) => {
                tally.ok += 1;
                scoring::record(&case.id, line, &scored, &self.provenance, meta)
            }
            Err(ScoreFailure::Case(error)) => {
                tally.failed += 1;
                record::case_error_record(Some(&case.id), line, &error, meta)
            }
            Err(ScoreFailure::Engine(error)) => {
                tally.failed += 1;
                record::engine_error_record(&case.id, line, &error, &self.provenance, meta)
            }
        };
        (record::with_notes(result, notes.as_ref()), gold)
    }
}
