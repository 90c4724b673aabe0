//! `ddx bench batch`: a workload (synthetic, or a case file rendered as `ddx batch` renders it)
//! run at several `--parallel` values, each a row of wall time, throughput, reused prompt tokens,
//! time to first token and peak RSS against the planned pool's promise.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context as _};
use serde::Serialize;

use super::table::{write_json, write_table};
use super::{mean_sd, unknown_workload, workloads};
use crate::app::exit::Outcome;
use crate::app::settings::{Settings, Source};
use crate::cases::{LineParser, LineReader, Parsed};
use crate::engine::{
    ChatMessage, ContextSpec, Event, GenRequest, Job, KvLayout, ModelInfo, PromptProfile, RunHandle,
};
use crate::session::memory::{self, peak_rss_bytes, reset_peak_rss, KvPlan};
use crate::session::prompting::Prompting;
use crate::session::Session;

/// One batch measurement.
#[derive(Debug, Serialize)]
pub(super) struct BatchRow {
    pub(super) parallel: u32,
    /// `planned` (the shared prefix once plus each case's own part and answer) or `full`
    /// (a whole context per case, the sizing before the planned pool).
    pub(super) kv_pool: &'static str,
    /// KV cells the context held.
    pub(super) kv_cells: u32,
    pub(super) cases: usize,
    pub(super) failed: usize,
    pub(super) wall_seconds: f64,
    pub(super) cases_per_second: f64,
    pub(super) prompt_tokens: u64,
    pub(super) reused_prompt_tokens: u64,
    pub(super) evaluated_prompt_tokens_per_second: f64,
    pub(super) generated_tokens: u64,
    pub(super) generated_tokens_per_second: f64,
    pub(super) mean_ttft_ms: f64,
    /// A served model: the mean time per request outside the server's own work (ddx, HTTP,
    /// loopback), where the server reports its time.
    pub(super) mean_client_overhead_ms: Option<f64>,
    /// A served model: the mean time ddx itself spent per request (encoding, event handling).
    pub(super) mean_ddx_ms: Option<f64>,
    pub(super) peak_rss_bytes: Option<u64>,
    /// The peak the planned pool promises: model + KV(prefix + parallel x (own + answer)) +
    /// 150 MB, for a local model.
    pub(super) rss_target_bytes: Option<u64>,
}

/// What the RSS target allows beside the model and the KV cache.
const RSS_SLACK_BYTES: u64 = 150_000_000;

/// The cases measured: their name, their messages and the answer budget.
pub(super) struct Cases {
    pub(super) name: String,
    pub(super) messages: Vec<Vec<ChatMessage>>,
    pub(super) max_tokens: u32,
}

/// How the context is sized for the cases: per-case context, KV layout and the planned pool.
pub(super) struct Sizing {
    pub(super) profile: PromptProfile,
    pub(super) per_seq: u32,
    pub(super) layout: KvLayout,
    pub(super) plan: KvPlan,
}

/// `ddx bench batch`: a workload at several `--parallel` values.
pub fn batch(
    settings: &Settings,
    workload: Option<&str>,
    input: Option<&std::path::Path>,
    n_cases: usize,
    parallel: &[u32],
    full_kv: bool,
    as_json: bool,
) -> anyhow::Result<Outcome> {
    let cases = choose_cases(settings, workload, input, n_cases)?;
    if cases.messages.is_empty() {
        bail!("the workload has no cases");
    }
    // A case file may hold patient text; the synthetic workloads do not.
    let outgoing = if input.is_some() {
        crate::session::Outgoing::Cases
    } else {
        crate::session::Outgoing::NoCases
    };
    let session = crate::session::start(settings, outgoing)?;
    let sizing = Sizing::measure(&session, &cases)?;
    let mut rows = Vec::new();
    for (p, kv_pool) in runs(parallel, full_kv)? {
        let row = measure(&session, settings, &cases, &sizing, p, kv_pool)?;
        if !as_json {
            crate::note!(
                "{} at --parallel {p} ({kv_pool} KV pool): {:.2} s",
                cases.name,
                row.wall_seconds
            );
        }
        rows.push(row);
    }
    let info = session.backend.info();
    let mut out = std::io::stdout().lock();
    if as_json {
        write_json(&mut out, info, &cases, &sizing, &rows)?;
    } else {
        write_table(&mut out, info, &cases, &sizing, &rows)?;
    }
    Ok(Outcome::Success)
}

/// The case file's cases, or the named synthetic workload (`long-case` by default) with its
/// own answer length unless `--max-tokens` was set.
fn choose_cases(
    settings: &Settings,
    workload: Option<&str>,
    input: Option<&std::path::Path>,
    n_cases: usize,
) -> anyhow::Result<Cases> {
    if let Some(path) = input {
        return Ok(Cases {
            name: path.display().to_string(),
            messages: load_cases(settings, path)?,
            max_tokens: settings.max_tokens,
        });
    }
    let name = workload.unwrap_or("long-case");
    let w = workloads::build(name, n_cases).ok_or_else(|| unknown_workload(name))?;
    let max_tokens = if settings
        .sources
        .get("max_tokens")
        .is_some_and(|s| *s != Source::Default)
    {
        settings.max_tokens
    } else {
        w.max_tokens
    };
    Ok(Cases {
        name: w.name,
        messages: w.cases,
        max_tokens,
    })
}

/// A case file's cases, rendered through the template `ddx batch` would choose.
fn load_cases(
    settings: &Settings,
    path: &std::path::Path,
) -> anyhow::Result<Vec<Vec<ChatMessage>>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open '{}'", path.display()))?;
    let prompting = Prompting::from_settings(settings)?;
    let mut parser = LineParser::default();
    let mut cases = Vec::new();
    for line in LineReader::new(std::io::BufReader::new(file), 1 << 20) {
        let (number, raw) = line?;
        if let Parsed::Case(case) = parser.parse(&raw, 1 << 20) {
            let template = prompting.template_for(&case)?;
            match template.render(&case, prompting.extras()) {
                Ok(messages) => cases.push(messages),
                Err(e) => crate::warning!("line {number} skipped: {e}"),
            }
        }
    }
    Ok(cases)
}

impl Sizing {
    /// Measure the prompts: the longest with its answer sizes each sequence's context.
    fn measure(session: &Session, cases: &Cases) -> anyhow::Result<Self> {
        let tokenizer = session.backend.tokenizer();
        let mut profile = PromptProfile::default();
        for case in &cases.messages {
            tokenizer.profile(&case[..], &mut profile)?;
        }
        let per_seq = session
            .backend
            .info()
            .context_limit(profile.longest() + cases.max_tokens + 1);
        let layout = profile.kv_layout();
        let plan = memory::kv_plan(&profile, layout, cases.max_tokens, per_seq);
        Ok(Self {
            profile,
            per_seq,
            layout,
            plan,
        })
    }

    /// The peak RSS the planned pool promises at `p` sequences (a local model only).
    fn rss_target(&self, info: &ModelInfo, max_tokens: u32, p: u32) -> Option<u64> {
        let own = self.profile.longest().saturating_sub(self.profile.shared());
        let cells = u64::from(self.profile.shared()) + u64::from(p) * u64::from(own + max_tokens);
        (info.kv_bytes_per_token > 0)
            .then(|| info.size_bytes + cells * info.kv_bytes_per_token + RSS_SLACK_BYTES)
    }

    /// The context of one measurement: the planned pool, or a whole context per case.
    fn spec(&self, p: u32, kv_pool: &str, batch_invariant: bool) -> ContextSpec {
        match kv_pool {
            "planned" => memory::planned_spec(self.per_seq, p, self.layout, self.plan),
            _ => ContextSpec::new(self.per_seq, p).with_kv_layout(self.layout),
        }
        .with_batch_invariant(batch_invariant)
    }
}

/// Each `--parallel` value with each KV pool measured (`full` too with `--full-kv`).
fn runs(parallel: &[u32], full_kv: bool) -> anyhow::Result<Vec<(u32, &'static str)>> {
    let pools: &[&'static str] = if full_kv {
        &["planned", "full"]
    } else {
        &["planned"]
    };
    let mut runs = Vec::new();
    for &p in parallel {
        if p == 0 {
            bail!("'--parallel' values must be at least 1");
        }
        runs.extend(pools.iter().map(|pool| (p, *pool)));
    }
    Ok(runs)
}

/// Run every case once at `p` sequences in the given KV pool, and time it.
fn measure(
    session: &Session,
    settings: &Settings,
    cases: &Cases,
    sizing: &Sizing,
    p: u32,
    kv_pool: &'static str,
) -> anyhow::Result<BatchRow> {
    reset_peak_rss();
    let cancel = Arc::new(AtomicBool::new(false));
    let spec = sizing.spec(p, kv_pool, settings.batch_invariant);
    let started = Instant::now();
    let mut run = session.backend.run(spec, cancel)?;
    for (i, messages) in cases.messages.iter().enumerate() {
        run.submit(Job {
            tag: i as u64,
            request: GenRequest {
                messages: messages.clone(),
                sampling: settings.sampling.clone(),
                max_tokens: cases.max_tokens,
                stop: settings.stop.clone(),
                grammar: None,
            },
            stream: false,
        })?;
    }
    run.close();
    let tally = Tally::collect(&run);
    let wall = started.elapsed().as_secs_f64();
    let info = session.backend.info();
    Ok(BatchRow {
        parallel: p,
        kv_pool,
        kv_cells: spec.kv_cells(),
        cases: cases.messages.len(),
        failed: tally.failed,
        wall_seconds: wall,
        cases_per_second: cases.messages.len() as f64 / wall,
        prompt_tokens: tally.prompt_tokens,
        reused_prompt_tokens: tally.reused_prompt_tokens,
        evaluated_prompt_tokens_per_second: (tally.prompt_tokens - tally.reused_prompt_tokens)
            as f64
            / wall,
        generated_tokens: tally.generated_tokens,
        generated_tokens_per_second: tally.generated_tokens as f64 / wall,
        mean_ttft_ms: mean_sd(&tally.ttft).0,
        mean_client_overhead_ms: (!tally.overhead.is_empty()).then(|| mean_sd(&tally.overhead).0),
        mean_ddx_ms: (!tally.own.is_empty()).then(|| mean_sd(&tally.own).0),
        peak_rss_bytes: peak_rss_bytes(),
        rss_target_bytes: sizing.rss_target(info, cases.max_tokens, p),
    })
}

/// What the finished cases of one measurement add up to.
#[derive(Default)]
struct Tally {
    failed: usize,
    prompt_tokens: u64,
    reused_prompt_tokens: u64,
    generated_tokens: u64,
    ttft: Vec<f64>,
    /// A served model: time per request outside the server's own.
    overhead: Vec<f64>,
    /// A served model: time per request in ddx itself.
    own: Vec<f64>,
}

impl Tally {
    /// Every event until the run ends.
    fn collect(run: &RunHandle) -> Self {
        let mut tally = Self::default();
        while let Some(event) = run.next_event(None) {
            let Event::Finished { result, .. } = event else {
                continue;
            };
            let Ok(g) = result else {
                tally.failed += 1;
                continue;
            };
            tally.prompt_tokens += u64::from(g.prompt_tokens);
            tally.reused_prompt_tokens += u64::from(g.reused_tokens);
            tally.generated_tokens += u64::from(g.completion_tokens);
            tally.ttft.push(g.timings.ttft_ms);
            if let Some(served) = &g.served {
                if let Some(server) = served.server_ms {
                    tally.overhead.push(g.timings.total_ms - server);
                }
                tally.own.extend(served.client_ms);
            }
        }
        tally
    }
}
