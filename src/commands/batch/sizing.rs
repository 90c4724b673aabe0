//! How big the engine's run is: cases at once and context per case. KV memory is parallel ×
//! per-case context, and the KV layout depends on how much the prompts share, so the prompts
//! are measured first when the input can be read twice (a file, not a pipe); then the plan is
//! fitted to the memory there is.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use super::{input, Options};
use crate::app::settings::Settings;
use crate::cases::{Case, LineParser, LineReader, Parsed};
use crate::engine::{ContextSpec, KvLayout, PromptProfile};
use crate::session::memory::KvPlan;
use crate::session::prompting::Prompting;
use crate::session::{self, jsonl, Session};

/// The run's size.
pub struct Sizing {
    pub parallel: u32,
    /// Context tokens of each case (its prompt and its answer).
    pub n_ctx_per_seq: u32,
    /// The answer's most tokens: the command line's, or a request line's when larger.
    pub max_tokens: u32,
    pub spec: ContextSpec,
}

impl Sizing {
    /// Prompt tokens a case may use: the per-case context minus the answer's max tokens.
    pub fn prompt_budget(&self) -> u32 {
        self.n_ctx_per_seq.saturating_sub(self.max_tokens)
    }
}

/// Size the run for the input (`scan_max_tokens`: the largest `max_tokens` a request line
/// asks for).
pub fn plan(
    settings: &Settings,
    options: &Options,
    session: &Session,
    batch_api: bool,
    scan_max_tokens: Option<u32>,
    prompting: &Prompting,
) -> Sizing {
    let info = session.backend.info();
    // A request line's max_tokens may be over the command line's: size the context for it.
    let max_tokens = settings.max_tokens.max(scan_max_tokens.unwrap_or(0));
    let parallel = settings
        .parallel
        .unwrap_or_else(|| session::default_parallel(info));
    let ctx_limit = info.context_limit(settings.ctx_size);
    let profile = measure_prompts(options, session, batch_api, prompting);
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
            let plan = session::memory::kv_plan(profile, kv_layout, max_tokens, n_ctx_per_seq);
            (n_ctx_per_seq, kv_layout, plan)
        }
        _ => {
            let plan = KvPlan {
                fixed: 0,
                per_sequence: ctx_limit,
            };
            (ctx_limit, KvLayout::Shared, plan)
        }
    };
    let parallel = match session::memory::fit_to_memory(info, plan, parallel) {
        Some((fits, why)) => {
            crate::warning!("{why}");
            fits
        }
        None => parallel,
    };
    let spec = session::memory::planned_spec(n_ctx_per_seq, parallel, kv_layout, plan)
        .with_batch_invariant(settings.batch_invariant);
    if settings.verbose {
        say_plan(session, &spec, profile.as_ref(), ctx_limit);
    }
    Sizing {
        parallel,
        n_ctx_per_seq,
        max_tokens,
        spec,
    }
}

/// The profile of the rendered prompts, when the input can be read twice (a file, not a pipe).
fn measure_prompts(
    options: &Options,
    session: &Session,
    batch_api: bool,
    prompting: &Prompting,
) -> Option<PromptProfile> {
    let path = options
        .input
        .as_deref()
        .filter(|p| !jsonl::is_stream(Some(p)))?;
    let tokenizer = session.backend.tokenizer();
    let measure = |case: &Case, profile: &mut PromptProfile| {
        let Ok(template) = prompting.template_for(case) else {
            return;
        };
        if let Ok(messages) = template.render(case, prompting.extras()) {
            let _ = tokenizer.profile(&messages, profile);
        }
    };
    profile_prompts(path, options.max_line_bytes, batch_api, &measure)
}

/// `--verbose`: the run's shape.
fn say_plan(
    session: &Session,
    spec: &ContextSpec,
    profile: Option<&PromptProfile>,
    ctx_limit: u32,
) {
    let info = session.backend.info();
    let shared = profile.map_or(String::new(), |p| {
        format!(
            " (every prompt starts with the same {} tokens, of {} on average)",
            p.shared(),
            p.mean()
        )
    });
    crate::note!(
        "{} cases at once, {} tokens of context per case (limit {ctx_limit}), {} of {} cells{shared}, {} threads, {} GPU layers",
        spec.n_parallel,
        spec.n_ctx_per_seq,
        spec.kv_layout,
        spec.kv_cells(),
        info.threads,
        info.gpu_layers
    );
}

/// Profile the rendered prompts of a case file (cases that fail are skipped: they become error
/// records later). Streams the file, so memory stays flat.
fn profile_prompts(
    path: &Path,
    max_line_bytes: usize,
    batch_api: bool,
    measure: &dyn Fn(&Case, &mut PromptProfile),
) -> Option<PromptProfile> {
    let file = File::open(path).ok()?;
    let mut parser = LineParser::default();
    let mut profile = PromptProfile::default();
    for line in LineReader::new(BufReader::new(file), max_line_bytes) {
        let (_, raw) = line.ok()?;
        let parsed = if batch_api {
            let schemas = input::Schemas::default();
            input::parse_request_line(&mut parser, &raw, max_line_bytes, &schemas).0
        } else {
            parser.parse(&raw, max_line_bytes)
        };
        if let Parsed::Case(case) = parsed {
            measure(&case, &mut profile);
        }
    }
    Some(profile)
}
