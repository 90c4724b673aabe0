//! `ddx sdx`: sequential diagnosis. `run` plays every case of a file (at every `--budget`) as an
//! encounter over one run of the engine and writes one result per encounter (JSONL, in the
//! order they end, resumable, through the results sink [`crate::session::sink`]); `report`
//! prints accuracy, cost and turns per budget of result files; `play` lets a person play one
//! case in the terminal. The protocol itself (cases, gatekeeper, prices, actions, scoring) is
//! [`crate::clinical::sdx`]; [`setup`] prepares a run, [`drive`] plays it, [`record`] writes it.

mod aside;
mod drive;
mod gatekeeper;
mod judge;
mod play;
mod record;
mod setup;

use std::collections::VecDeque;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::cases::batch_api::OutputFormat;
use crate::cases::id_key;
use crate::engine::RunHandle;
use crate::session::sdx::summary;
use crate::session::sink::{ResultsMode, ResumeState, Row, Sink};
use crate::session::{self, jsonl};

use drive::{Hooks, Slot, TurnConfig};
pub use play::{play, PlayOptions};
use setup::load_prices;

/// What `ddx sdx run` was asked to do.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// JSONL case file (OSCE records or ddx's sequential form).
    pub input: PathBuf,
    /// Results file; stdout when absent.
    pub output: Option<PathBuf>,
    pub force: bool,
    pub resume: bool,
    pub retry_errors: bool,
    /// Actions per encounter, the final diagnosis included.
    pub max_turns: u32,
    /// Budgets to play every case at (empty: once, without a budget).
    pub budgets: Vec<f64>,
    /// A price table overriding the shipped one, entry by entry.
    pub prices: Option<PathBuf>,
    /// Write every prompt the solver is sent to this file (JSONL).
    pub prompt_log: Option<PathBuf>,
    /// A model that grades each diagnosis on the 5-point rubric (>= 4 correct).
    pub judge_model: Option<String>,
    /// A model that rephrases what the deterministic gatekeeper reveals (checked, with fallback).
    pub gatekeeper_model: Option<String>,
    /// Before each action the model plays MAI-DxO's panel roles in turn.
    pub panel: bool,
    /// `--absent synthetic`: the gatekeeper model writes results for tests the case lacks.
    pub synthetic_absent: bool,
}

/// `--absent synthetic` needs a model to write the results.
pub fn check_absent(synthetic_absent: bool, gatekeeper_model: bool) -> anyhow::Result<()> {
    if synthetic_absent && !gatekeeper_model {
        anyhow::bail!(
            "--absent synthetic needs --gatekeeper-model: only a gatekeeper model can write a \
result for a test the case does not hold (the deterministic gatekeeper answers 'not available')"
        );
    }
    Ok(())
}

/// The stages of a run: read the cases, open the results (and write the bad lines), set up the
/// encounters left, load the models, play them all through the sink, say how it went.
pub fn run(settings: &Settings, options: &Options) -> anyhow::Result<Outcome> {
    check_absent(options.synthetic_absent, options.gatekeeper_model.is_some())?;
    let (cases, bad) = setup::read_cases(options)?;
    let (prices, prices_provenance) = load_prices(options)?;
    let mode = ResultsMode {
        force: options.force,
        resume: options.resume,
        retry_errors: options.retry_errors,
        wait: settings.wait,
    };
    let (mut sink, resume) = Sink::open(options.output.as_deref(), mode, OutputFormat::Ddx)?;
    let prompt_log = open_prompt_log(options)?;
    let slots = setup::encounters(options, &cases, &prices);
    let mut written = write_bad_lines(&mut sink, bad, options, resume.as_ref())?;
    if slots.is_empty() {
        crate::note!("no encounter left to play");
        return Ok(Outcome::of_run(false, written.len()));
    }
    let session = session::start(settings, session::Outgoing::cases(false))?;
    let backend = &*session.backend;
    let config = TurnConfig::new(settings, backend, options.panel)?;
    let (parallel, n_ctx, spec) = setup::size(settings, backend);
    let helpers = Helpers::start(settings, options)?;
    let provenance = setup::provenance(
        &session,
        settings,
        options,
        parallel,
        setup::Helpers {
            judge: helpers.judge.as_ref().map(judge::Judge::provenance),
            gatekeeper: helpers
                .gatekeeper
                .as_ref()
                .map(gatekeeper::Gatekeeper::provenance),
            prices: &prices_provenance,
        },
    );
    if settings.verbose {
        crate::note!(
            "{} encounters ({} cases x {} budgets), {parallel} at once, {n_ctx} tokens of context each",
            slots.len(),
            cases.len(),
            setup::budgets(options).len()
        );
    }
    let cancel = Arc::new(AtomicBool::new(false));
    crate::app::signals::install(&cancel)?;
    let engine = backend.run(spec, cancel.clone())?;
    sink.record_run(
        settings,
        record::ledger_run(settings, options, &provenance, parallel),
    );
    sink.begin_quietly();
    let play = Play {
        settings,
        config: &config,
        helpers: &helpers,
        provenance: &provenance,
        window: parallel as usize * 2,
        cancel: &cancel,
    };
    let left = play.all(engine, slots, &mut sink, prompt_log, &mut written)?;
    let interrupted = cancel.load(Ordering::SeqCst);
    let rows = summary::rows(&written);
    let seconds = sink.finish(record::ledger_summary(&rows, interrupted, left));
    let failed = written
        .iter()
        .filter(|r| r.get("status").and_then(Value::as_str) != Some("ok"))
        .count();
    crate::message!("{}", summary::table(&rows).trim_end_matches('\n'));
    crate::note!(
        "{} encounters in {seconds:.1} s on {}{}",
        written.len(),
        backend.info().placement(),
        if interrupted {
            format!("; interrupted, {left} not played (continue with --resume)")
        } else {
            String::new()
        }
    );
    Ok(Outcome::of_run(interrupted, failed))
}

/// `--prompt-log FILE`: every prompt the solver is sent, as JSONL.
fn open_prompt_log(options: &Options) -> anyhow::Result<Option<std::io::BufWriter<std::fs::File>>> {
    let Some(path) = &options.prompt_log else {
        return Ok(None);
    };
    let file = std::fs::File::create(path)
        .with_context(|| format!("cannot write the prompt log '{}'", path.display()))?;
    Ok(Some(std::io::BufWriter::new(file)))
}

/// Write the error records of the lines that are not cases (those the earlier run did not
/// already write); they are written before the run's ledger row, so they have no case rows.
fn write_bad_lines(
    sink: &mut Sink,
    bad: Vec<Value>,
    options: &Options,
    resume: Option<&ResumeState>,
) -> anyhow::Result<Vec<Value>> {
    let method = if options.judge_model.is_some() {
        "judge"
    } else {
        "name"
    };
    let mut written = Vec::new();
    for mut record in bad {
        record["method"] = json!(method);
        let line = record["line"].as_u64().unwrap_or(0) as usize;
        if resume.is_none_or(|s| !s.is_done(None, line)) {
            sink.write(&record, Row::Given(record::ledger_row(&record)))?;
            written.push(record);
        }
    }
    Ok(written)
}

/// The models that help the solver: a judge that grades, a gatekeeper that rephrases.
struct Helpers {
    judge: Option<judge::Judge>,
    gatekeeper: Option<gatekeeper::Gatekeeper>,
}

impl Helpers {
    /// Start the models `--judge-model` and `--gatekeeper-model` name.
    fn start(settings: &Settings, options: &Options) -> anyhow::Result<Helpers> {
        Ok(Helpers {
            judge: match &options.judge_model {
                Some(model) => Some(judge::Judge::start(settings, model)?),
                None => None,
            },
            gatekeeper: match &options.gatekeeper_model {
                Some(model) => Some(gatekeeper::Gatekeeper::start(settings, model)?),
                None => None,
            },
        })
    }
}

/// What playing the encounters needs.
struct Play<'a> {
    settings: &'a Settings,
    config: &'a TurnConfig,
    helpers: &'a Helpers,
    provenance: &'a Value,
    /// Encounters in flight at once.
    window: usize,
    cancel: &'a Arc<AtomicBool>,
}

impl Play<'_> {
    /// Play every slot over `engine`, logging prompts, letting the helpers in, and writing each
    /// encounter's record to the sink as it ends (into `written` too). Returns how many were
    /// not played (after Ctrl-C).
    fn all(
        &self,
        engine: RunHandle,
        slots: VecDeque<Slot>,
        sink: &mut Sink,
        mut prompt_log: Option<std::io::BufWriter<std::fs::File>>,
        written: &mut Vec<Value>,
    ) -> anyhow::Result<usize> {
        let mut log_error = None;
        let mut on_prompt = |slot: &Slot, turn: &crate::clinical::sdx::Turn, messages: &[_]| {
            if let Some(log) = prompt_log.as_mut() {
                let entry = json!({"id": slot.encounter.case().id, "budget": slot.budget,
                    "turn": slot.encounter.turns() + 1, "retry": turn.retry,
                    "forced": turn.forced, "role": slot.role, "messages": messages});
                if let Err(e) = jsonl::write_record(log, &entry) {
                    log_error.get_or_insert(e);
                }
            }
        };
        let mut on_reply = |slot: &mut Slot| {
            if let Some(g) = &self.helpers.gatekeeper {
                g.rephrase(&mut slot.encounter, self.cancel);
            }
        };
        let mut on_done = |slot: Slot| self.done(slot, sink, written);
        let stop = || self.cancel.load(Ordering::SeqCst);
        let hooks = Hooks {
            on_prompt: &mut on_prompt,
            on_reply: &mut on_reply,
            on_done: &mut on_done,
        };
        let left = drive::drive(engine, slots, self.window, self.config, hooks, &stop)?;
        if let Some(log) = prompt_log.as_mut() {
            log.flush().context("cannot write the prompt log")?;
        }
        if let Some(e) = log_error {
            return Err(e).context("cannot write the prompt log");
        }
        Ok(left.len())
    }

    /// An encounter is over: grade it (with a judge), write its record, keep its ledger row.
    fn done(&self, slot: Slot, sink: &mut Sink, written: &mut Vec<Value>) -> anyhow::Result<()> {
        let mut r = record::record(&slot, self.provenance);
        if let Some(j) = &self.helpers.judge {
            j.grade(&mut r, &slot.encounter.case().opening, self.cancel);
        }
        sink.write(&r, Row::Given(record::ledger_row(&r)))
            .context("cannot write a result")?;
        if self.settings.verbose {
            let verdict = if r["correct"] == json!(true) {
                "correct"
            } else {
                "wrong"
            };
            crate::note!(
                "{} done: {verdict} (${:.0}, {} turns)",
                id_key(&r["id"]),
                r["cost"].as_f64().unwrap_or(0.0),
                r["turns"]
            );
        }
        written.push(r);
        Ok(())
    }
}

/// What `ddx sdx report` was asked to do.
#[derive(Debug, Default, Clone)]
pub struct ReportOptions {
    pub files: Vec<PathBuf>,
    pub json: bool,
}

/// Accuracy, cost and turns per budget over result files, to stdout.
pub fn report(options: &ReportOptions) -> anyhow::Result<Outcome> {
    let mut records = Vec::new();
    for path in &options.files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read '{}'", path.display()))?;
        records.extend(
            text.lines()
                .filter_map(|l| serde_json::from_str::<Value>(l).ok()),
        );
    }
    let rows = summary::rows(&records);
    let mut stdout = std::io::stdout().lock();
    if options.json {
        writeln!(
            stdout,
            "{}",
            serde_json::to_string_pretty(&json!({"budgets": rows}))?
        )?;
    } else {
        write!(stdout, "{}", summary::table(&rows))?;
    }
    Ok(Outcome::Success)
}
