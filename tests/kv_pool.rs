//! The shared KV pool sized by what cases share: a pool smaller than every sequence's full
//! context admits a case only when its own prompt and answer fit in the free cells, so a case
//! that shares less than planned (nothing at all, or a long own part) waits instead of failing
//! mid-decode (real model, real llama.cpp context).

mod common;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use common::test_model;
use ddx::engine::{
    Backend, ChatMessage, ContextSpec, Engine, EngineConfig, Event, FinishReason, FlashAttention,
    GenRequest, GpuLayers, Job, KvLayout, SamplingParams,
};

fn engine() -> Engine {
    Engine::start(EngineConfig {
        model_path: test_model(),
        gpu_layers: GpuLayers::Count(0),
        threads: 1,
        fit_threads: false,
        flash_attention: FlashAttention::Off,
        verbose_llama_logs: false,
        chat_template: None,
        reasoning: ddx::engine::ReasoningConfig::default(),
        offload: ddx::engine::OffloadConfig::default(),
    })
    .expect("model loads")
}

fn job(tag: u64, system: &str, user: &str, max_tokens: u32) -> Job {
    Job {
        tag,
        request: GenRequest {
            messages: vec![
                ChatMessage::new("system", system),
                ChatMessage::new("user", user),
            ],
            sampling: SamplingParams::default(),
            max_tokens,
            stop: Vec::new(),
            grammar: None,
        },
        stream: false,
    }
}

/// Run `jobs` in one run of `spec`; every job's result, by tag.
fn run(engine: &Engine, spec: ContextSpec, jobs: Vec<Job>) -> Vec<(u64, ddx::engine::Generation)> {
    let mut handle = engine
        .run(spec, Arc::new(AtomicBool::new(false)))
        .expect("run starts");
    let n = jobs.len();
    for job in jobs {
        handle.submit(job).expect("submitted");
    }
    handle.close();
    let mut results = Vec::new();
    while let Some(event) = handle.next_event(None) {
        if let Event::Finished { tag, result } = event {
            let generation = result.unwrap_or_else(|e| panic!("case {tag} failed: {e}"));
            results.push((tag, generation));
        }
    }
    assert_eq!(results.len(), n, "every case has a result");
    results.sort_by_key(|(tag, _)| *tag);
    results
}

/// The engine's `ddx::kv` debug lines, captured: the scheduler says when a case waits for cells.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Captured {
    /// Capture the engine's KV debug lines from every thread (this file's only test does).
    fn install() -> Self {
        let captured = Captured::default();
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("ddx::kv=debug"))
            .with_writer(captured.clone())
            .with_ansi(false)
            .try_init()
            .expect("the only subscriber");
        captured
    }

    /// The tags of the cases that waited for free cells since the last call.
    fn waited(&self) -> Vec<u64> {
        let text = String::from_utf8(std::mem::take(&mut *self.0.lock().expect("lock")))
            .expect("UTF-8 log");
        let mut tags: Vec<u64> = text
            .lines()
            .filter(|l| l.contains("a case waits for free KV cells"))
            .filter_map(|l| {
                let rest = &l[l.find("tag=")? + 4..];
                rest.split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse()
                    .ok()
            })
            .collect();
        tags.sort_unstable();
        tags
    }
}

/// A long shared instruction (about 300 tokens), as a batch template's system prompt gives.
fn shared_system() -> String {
    "You are a careful clinician. Read the case and name the most likely diagnosis, then two \
     alternatives, each with one line of reasoning. "
        .repeat(10)
}

#[test]
fn cases_that_share_less_than_planned_wait_for_cells_and_all_finish() {
    let captured = Captured::install();
    let engine = engine();
    let system = shared_system();
    let answer = 24;
    let mut jobs: Vec<Job> = (0..6)
        .map(|i| {
            job(
                i,
                &system,
                &format!("Case {i}: fever and cough for {} days.", i + 2),
                answer,
            )
        })
        .collect();
    // Larger than planned: an own part of several hundred tokens.
    jobs.push(job(
        6,
        &system,
        &"Chest pain on exertion, relieved by rest, with sweating. ".repeat(30),
        answer,
    ));
    // Shares nothing with the others.
    jobs.push(job(
        7,
        "Summarize in one line.",
        &"A dry cough and weight loss over three months in a smoker. ".repeat(8),
        answer,
    ));
    // 4 sequences of up to 768 tokens, but a pool of 768 cells in all: room for the ~300-token
    // prefix once plus 4 x (own + answer) of the short cases; the long case (~380 own tokens) or
    // the one that shares nothing does not fit beside the others and must wait for cells.
    let spec = ContextSpec::new(768, 4)
        .with_kv_layout(KvLayout::Shared)
        .with_pool_cells(768);
    assert_eq!(spec.kv_cells(), 768);
    let results = run(&engine, spec, jobs.clone());
    // One of the two cases that share less than planned waited for cells (which one depends on
    // the schedule: with this model, the one that shares nothing, case 7).
    let waited = captured.waited();
    assert!(
        waited.iter().any(|tag| [6, 7].contains(tag)),
        "a case that shares less than planned waited for cells (cases that waited: {waited:?})"
    );
    for (tag, generation) in &results {
        assert!(
            generation.completion_tokens > 0 && !generation.text.is_empty(),
            "case {tag}: {generation:?}"
        );
        assert!(
            matches!(
                generation.finish_reason,
                FinishReason::Stop | FinishReason::Length
            ),
            "case {tag}: {:?}",
            generation.finish_reason
        );
    }
    assert!(
        results[6].1.prompt_tokens > 500,
        "the long case is long: {}",
        results[6].1.prompt_tokens
    );
    assert!(
        results[1].1.reused_tokens > 250,
        "the shared prefix is stored once and reused: {}",
        results[1].1.reused_tokens
    );

    // The smallest pool there is (one sequence's context): everything runs, one after another
    // where needed.
    let tight = ContextSpec::new(700, 4)
        .with_kv_layout(KvLayout::Shared)
        .with_pool_cells(1);
    assert_eq!(tight.kv_cells(), 700);
    let results = run(&engine, tight, jobs);
    assert!(results.iter().all(|(_, g)| g.completion_tokens > 0));
    let waited = captured.waited();
    assert!(
        waited.len() >= 2,
        "with one sequence's cells for four sequences, cases wait: {waited:?}"
    );
}
