//! What an `sdx run` sets up before it plays: the case file and its bad lines, the encounters
//! left to play (every case at every budget, less those the earlier run finished), how many
//! play at once in how much context, and the provenance every result carries.

use std::collections::{HashSet, VecDeque};

use serde_json::{json, Value};

use super::drive::Slot;
use super::Options;
use crate::app::settings::Settings;
use crate::cases::id_key;
use crate::clinical::sdx::{action, Encounter, Limits, Prices, SeqCase};
use crate::engine::chat::source_sha256;
use crate::engine::{Backend, ContextSpec};
use crate::session::{self, Session};

/// The cases of a file with their line numbers, and an error record for each line that is not one.
pub type CaseFile = (Vec<(usize, SeqCase)>, Vec<Value>);

/// Read the case file: each line that is not a case becomes an error record.
pub fn read_cases(options: &Options) -> anyhow::Result<CaseFile> {
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

/// The price table (the shipped one, with `--prices` entries over it) and its provenance.
pub fn load_prices(options: &Options) -> anyhow::Result<(Prices, Value)> {
    session::sdx::prices::load(options.prices.as_deref())
}

/// The budgets to play every case at (`None`: once, without a budget).
pub fn budgets(options: &Options) -> Vec<Option<f64>> {
    if options.budgets.is_empty() {
        vec![None]
    } else {
        options.budgets.iter().copied().map(Some).collect()
    }
}

/// Every case at every budget, less the encounters the earlier run finished.
pub fn encounters(
    options: &Options,
    cases: &[(usize, SeqCase)],
    prices: &Prices,
) -> VecDeque<Slot> {
    let done = done_keys(options);
    let mut slots = VecDeque::new();
    for (line, case) in cases {
        for budget in budgets(options) {
            if done.contains(&key(&case.id, budget)) {
                continue;
            }
            let limits = Limits {
                max_turns: options.max_turns.max(1),
                budget,
            };
            let encounter = Encounter::new(case.clone(), limits, prices.clone())
                .with_synthetic_absent(options.synthetic_absent);
            slots.push_back(Slot::new(*line, budget, encounter));
        }
    }
    slots
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

/// Encounters at once, context each, and the engine's run shape. Every encounter holds its
/// whole context: its transcript grows each turn.
pub fn size(settings: &Settings, backend: &dyn Backend) -> (u32, u32, ContextSpec) {
    let parallel = settings
        .parallel
        .unwrap_or_else(|| session::default_parallel(backend.info()));
    let n_ctx = backend.info().context_limit(settings.ctx_size).min(4096);
    let plan = session::memory::KvPlan {
        fixed: 0,
        per_sequence: n_ctx,
    };
    let parallel = match session::memory::fit_to_memory(backend.info(), plan, parallel) {
        Some((fits, why)) => {
            crate::warning!("{why}");
            fits
        }
        None => parallel,
    };
    let spec = if settings.batch_invariant {
        ContextSpec::new(n_ctx, parallel)
            .with_kv_layout(crate::engine::KvLayout::PerSequence)
            .with_batch_invariant(true)
    } else {
        ContextSpec::new(n_ctx, parallel)
    };
    (parallel, n_ctx, spec)
}

/// The models that help the solver, for the provenance.
pub struct Helpers<'a> {
    pub judge: Option<Value>,
    pub gatekeeper: Option<Value>,
    pub prices: &'a Value,
}

/// The provenance every result of the run carries: the model, sampling, and the protocol.
pub fn provenance(
    session: &Session,
    settings: &Settings,
    options: &Options,
    parallel: u32,
    helpers: Helpers<'_>,
) -> Value {
    let mut provenance = session::provenance::base(session);
    provenance.insert("sampling".into(), json!(settings.sampling));
    provenance.insert("max_tokens".into(), json!(settings.max_tokens));
    provenance.insert("parallel".into(), json!(parallel));
    provenance.insert(
        "protocol".into(),
        json!({"gatekeeper": if helpers.gatekeeper.is_some() { "model" } else { "deterministic" },
            "synonyms_sha256": source_sha256(include_str!("../../clinical/sdx/synonyms.txt")),
            "diagnoses_sha256": source_sha256(include_str!("../../clinical/sdx/diagnoses.txt")),
            "modifiers_sha256": source_sha256(include_str!("../../clinical/sdx/modifiers.txt")),
            "scoring": if helpers.judge.is_some() { "judge" } else { "name" },
            "prices": helpers.prices,
            "action_schema_sha256": source_sha256(&action::schema().to_string()),
            "panel": options.panel.then(|| crate::clinical::sdx::panel::ROLES.map(|r| r.name)),
            "neutral_answer": "not available",
            "absent": if options.synthetic_absent { "synthetic" } else { "neutral" },
            "max_tests_per_name": crate::clinical::sdx::gatekeeper::MAX_TESTS}),
    );
    if let Some(judge) = helpers.judge {
        provenance.insert("judge".into(), judge);
    }
    if let Some(gatekeeper) = helpers.gatekeeper {
        provenance.insert("gatekeeper".into(), gatekeeper);
    }
    Value::Object(provenance)
}
