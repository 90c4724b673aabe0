//! `ddx sdx`: sequential diagnosis. `run` plays every case of a file (at every `--budget`) as an
//! encounter over one run of the engine and writes one result per encounter (JSONL, in the
//! order they end, resumable); `report` prints accuracy, cost and turns per budget of result
//! files; `play` lets a person play one case in the terminal. The protocol itself (cases, gatekeeper, prices, actions, scoring) is
//! [`crate::clinical::sdx`].

mod aside;
mod drive;
mod gatekeeper;
mod judge;
mod ledger;
mod play;

use std::collections::{HashSet, VecDeque};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::cases::id_key;
use crate::clinical::sdx::{action, score, Encounter, Ending, Limits, Prices, SeqCase};
use crate::engine::chat::source_sha256;
use crate::engine::ContextSpec;
use crate::session::sdx::summary;
use crate::session::{self, jsonl};

use drive::{Hooks, Slot, TurnConfig};
pub use play::{play, PlayOptions};

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

/// The cases of a file with their line numbers, and an error record for each line that is not one.
type CaseFile = (Vec<(usize, SeqCase)>, Vec<Value>);

/// Read the case file: each line that is not a case becomes an error record.
fn read_cases(options: &Options) -> anyhow::Result<CaseFile> {
    let (cases, bad) = session::sdx::case_file::read(&options.input)?;
    let errors = bad
        .into_iter()
        .map(|b| {
            json!({"id": b.id, "line": b.line, "status": "error",
                "error": {"kind": "bad_case", "message": b.message}})
        })
        .collect();
    Ok((cases, errors))
}

fn load_prices(options: &Options) -> anyhow::Result<(Prices, Value)> {
    session::sdx::prices::load(options.prices.as_deref())
}

/// `(id, budget)` of the results the earlier run kept (after `--resume` repaired the file).
fn done_keys(options: &Options) -> HashSet<String> {
    let Some(path) = options.output.as_deref().filter(|_| options.resume) else {
        return HashSet::new();
    };
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|r| r.get("id").is_some_and(|v| !v.is_null()))
        .map(|r| key(&r["id"], r.get("budget").and_then(Value::as_f64)))
        .collect()
}

fn key(id: &Value, budget: Option<f64>) -> String {
    format!("{}\u{1f}{budget:?}", id_key(id))
}

/// The result record of an encounter, scored by name (`method: name`; the judge regrades it).
fn record(slot: &Slot, provenance: &Value) -> Value {
    let e = &slot.encounter;
    let case = e.case();
    let mut r = json!({"id": case.id, "line": slot.line, "budget": slot.budget,
        "max_turns": e.limits().max_turns, "format": case.format, "method": "name"});
    if let Some(error) = &slot.error {
        r["status"] = json!("error");
        r["error"] = json!({"kind": "engine", "message": error});
        r["transcript"] = json!(e.steps());
        r["provenance"] = provenance.clone();
        return r;
    }
    let o = e.outcome();
    let ending = match o.ending {
        Some(Ending::Diagnosed) => json!("diagnosed"),
        Some(Ending::Forced(why)) => json!(why),
        Some(Ending::NoDiagnosis) | None => json!("no_diagnosis"),
    };
    r["status"] = json!("ok");
    r["diagnosis"] = json!(o.diagnosis);
    r["differential"] = json!(o.differential);
    r["gold"] = json!(case.diagnosis);
    r["correct"] = json!(o.matched.correct());
    r["match"] = json!(o.matched);
    if let Some(d) = &o.diagnosis {
        let v = score::verdict(d, &case.diagnosis, &case.aliases);
        r["matched_condition"] = json!(v.condition);
        if let Some(hedge) = v.hedge {
            r["hedge"] = json!(hedge);
        }
    }
    r["cost"] = json!(o.cost);
    r["turns"] = json!(o.turns);
    r["ending"] = ending;
    r["revealed"] = json!(e.revealed().len());
    r["hidden"] = json!(case.findings.len());
    r["timing"] = json!({"engine_ms": slot.engine_ms,
        "wall_ms": slot.started.elapsed().as_secs_f64() * 1000.0});
    // Notes a retried turn reused were generated once.
    let notes: Vec<&Value> = e
        .steps()
        .iter()
        .flat_map(|s| &s.panel)
        .filter(|n| n["reused"] != json!(true))
        .collect();
    if !notes.is_empty() {
        let sum = |field: &str| notes.iter().filter_map(|n| n[field].as_f64()).sum::<f64>();
        r["timing"]["panel_ms"] = json!(sum("ms"));
        r["panel_tokens"] = json!({"prompt": sum("prompt_tokens"),
            "completion": sum("completion_tokens")});
    }
    r["transcript"] = json!(e.steps());
    r["provenance"] = provenance.clone();
    r
}

pub fn run(settings: &Settings, options: &Options) -> anyhow::Result<Outcome> {
    check_absent(options.synthetic_absent, options.gatekeeper_model.is_some())?;
    let (cases, bad) = read_cases(options)?;
    let (prices, prices_provenance) = load_prices(options)?;
    let jsonl::Results { mut out, resume } = jsonl::open_results(
        options.output.as_deref(),
        jsonl::ResultsMode {
            force: options.force,
            resume: options.resume,
            retry_errors: options.retry_errors,
            quiet: settings.quiet,
            wait: settings.wait,
        },
        "ddx sdx",
    )?;
    let done = done_keys(options);
    let mut prompt_log = match &options.prompt_log {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write the prompt log '{}'", path.display()))?,
        )),
        None => None,
    };
    let budgets: Vec<Option<f64>> = if options.budgets.is_empty() {
        vec![None]
    } else {
        options.budgets.iter().copied().map(Some).collect()
    };
    let limits = |budget| Limits {
        max_turns: options.max_turns.max(1),
        budget,
    };
    let mut slots = VecDeque::new();
    for (line, case) in &cases {
        for budget in &budgets {
            if done.contains(&key(&case.id, *budget)) {
                continue;
            }
            slots.push_back(Slot::new(
                *line,
                *budget,
                Encounter::new(case.clone(), limits(*budget), prices.clone())
                    .with_synthetic_absent(options.synthetic_absent),
            ));
        }
    }
    let mut written = Vec::new();
    let method = if options.judge_model.is_some() {
        "judge"
    } else {
        "name"
    };
    for mut record in bad {
        record["method"] = json!(method);
        let line = record["line"].as_u64().unwrap_or(0) as usize;
        if resume.as_ref().is_none_or(|s| !s.is_done(None, line)) {
            jsonl::write_record(&mut out, &record)?;
            written.push(record);
        }
    }
    if slots.is_empty() {
        out.flush()?;
        if !settings.quiet {
            eprintln!("ddx sdx: no encounter left to play");
        }
        return Ok(Outcome::of_run(false, written.len()));
    }
    let session = session::start(settings, session::Outgoing::cases(false))?;
    let backend = &*session.backend;
    let config = TurnConfig::new(settings, backend, options.panel)?;
    let parallel = settings
        .parallel
        .unwrap_or_else(|| session::default_parallel(backend.info()));
    let n_ctx = backend.info().context_limit(settings.ctx_size).min(4096);
    // Every encounter holds its whole context: its transcript grows each turn.
    let plan = session::memory::KvPlan {
        fixed: 0,
        per_sequence: n_ctx,
    };
    let parallel = match session::memory::fit_to_memory(backend.info(), plan, parallel) {
        Some((fits, why)) => {
            eprintln!("ddx sdx: {why}");
            fits
        }
        None => parallel,
    };
    let judge = match &options.judge_model {
        Some(model) => Some(judge::Judge::start(settings, model)?),
        None => None,
    };
    let gatekeeper = match &options.gatekeeper_model {
        Some(model) => Some(gatekeeper::Gatekeeper::start(settings, model)?),
        None => None,
    };
    let mut provenance = session::provenance::base(&session);
    provenance.insert("sampling".into(), json!(settings.sampling));
    provenance.insert("max_tokens".into(), json!(settings.max_tokens));
    provenance.insert("parallel".into(), json!(parallel));
    provenance.insert(
        "protocol".into(),
        json!({"gatekeeper": if gatekeeper.is_some() { "model" } else { "deterministic" },
            "synonyms_sha256": source_sha256(include_str!("../../clinical/sdx/synonyms.txt")),
            "diagnoses_sha256": source_sha256(include_str!("../../clinical/sdx/diagnoses.txt")),
            "modifiers_sha256": source_sha256(include_str!("../../clinical/sdx/modifiers.txt")),
            "scoring": if judge.is_some() { "judge" } else { "name" },
            "prices": prices_provenance,
            "action_schema_sha256": source_sha256(&action::schema().to_string()),
            "panel": options.panel.then(|| crate::clinical::sdx::panel::ROLES.map(|r| r.name)),
            "neutral_answer": "not available",
            "absent": if options.synthetic_absent { "synthetic" } else { "neutral" },
            "max_tests_per_name": crate::clinical::sdx::gatekeeper::MAX_TESTS}),
    );
    if let Some(j) = &judge {
        provenance.insert("judge".into(), j.provenance());
    }
    if let Some(g) = &gatekeeper {
        provenance.insert("gatekeeper".into(), g.provenance());
    }
    let provenance = Value::Object(provenance);
    if settings.verbose {
        eprintln!(
            "ddx sdx: {} encounters ({} cases x {} budgets), {parallel} at once, {n_ctx} tokens of context each",
            slots.len(),
            cases.len(),
            budgets.len()
        );
    }
    let cancel = Arc::new(AtomicBool::new(false));
    crate::app::signals::install(&cancel)?;
    let spec = if settings.batch_invariant {
        ContextSpec::new(n_ctx, parallel)
            .with_kv_layout(crate::engine::KvLayout::PerSequence)
            .with_batch_invariant(true)
    } else {
        ContextSpec::new(n_ctx, parallel)
    };
    let run = backend.run(spec, cancel.clone())?;
    let recorder = ledger::start(settings, options, &provenance, parallel);
    let started = Instant::now();
    let mut log_error = None;
    let mut on_prompt = |slot: &Slot, turn: &crate::clinical::sdx::Turn, messages: &[_]| {
        if let Some(log) = prompt_log.as_mut() {
            let entry = json!({"id": slot.encounter.case().id, "budget": slot.budget,
                "turn": slot.encounter.turns() + 1, "retry": turn.retry, "forced": turn.forced,
                "role": slot.role,
                "messages": messages});
            if let Err(e) = jsonl::write_record(log, &entry) {
                log_error.get_or_insert(e);
            }
        }
    };
    let mut on_reply = |slot: &mut Slot| {
        if let Some(g) = &gatekeeper {
            g.rephrase(&mut slot.encounter, &cancel);
        }
    };
    let mut on_done = |slot: Slot| -> anyhow::Result<()> {
        let mut r = record(&slot, &provenance);
        if let Some(j) = &judge {
            j.grade(&mut r, &slot.encounter.case().opening, &cancel);
        }
        jsonl::write_record(&mut out, &r).context("cannot write a result")?;
        out.flush().context("cannot write a result")?;
        if let Some(recorder) = &recorder {
            recorder.row(ledger::row(&r), None);
        }
        if !settings.quiet && settings.verbose {
            eprintln!(
                "ddx sdx: {} done: {} (${:.0}, {} turns)",
                id_key(&r["id"]),
                if r["correct"] == json!(true) {
                    "correct"
                } else {
                    "wrong"
                },
                r["cost"].as_f64().unwrap_or(0.0),
                r["turns"]
            );
        }
        written.push(r);
        Ok(())
    };
    let stop = || cancel.load(Ordering::SeqCst);
    let left = drive::drive(
        run,
        slots,
        parallel as usize * 2,
        &config,
        Hooks {
            on_prompt: &mut on_prompt,
            on_reply: &mut on_reply,
            on_done: &mut on_done,
        },
        &stop,
    )?;
    if let Some(log) = prompt_log.as_mut() {
        log.flush().context("cannot write the prompt log")?;
    }
    if let Some(e) = log_error {
        return Err(e).context("cannot write the prompt log");
    }
    let interrupted = cancel.load(Ordering::SeqCst);
    let rows = summary::rows(&written);
    if let Some(recorder) = recorder {
        ledger::finish(
            recorder,
            &rows,
            started.elapsed().as_secs_f64(),
            interrupted,
            left.len(),
        );
    }
    let failed = written
        .iter()
        .filter(|r| r.get("status").and_then(Value::as_str) != Some("ok"))
        .count();
    if !settings.quiet {
        eprint!("{}", summary::table(&rows));
        eprintln!(
            "ddx sdx: {} encounters in {:.1} s on {}{}",
            written.len(),
            started.elapsed().as_secs_f64(),
            backend.info().placement(),
            if interrupted {
                format!(
                    "; interrupted, {} not played (continue with --resume)",
                    left.len()
                )
            } else {
                String::new()
            }
        );
    }
    Ok(Outcome::of_run(interrupted, failed))
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
