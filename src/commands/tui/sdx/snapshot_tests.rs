//! Whole-screen snapshots of the sequential-diagnosis screen on ratatui's TestBackend, over the
//! fixture's first case (primary adrenal insufficiency) and the shipped prices: the opening,
//! after questions, an examination and tests (findings grouped, cost in the status bar), a turn
//! limit forcing the diagnosis, and the end screen against the gold.

use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::{app_for, Options, SdxApp};

fn app(max_turns: u32, budget: Option<f64>) -> SdxApp {
    app_for(&Options {
        file: std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sdx-cases.jsonl"),
        case: None,
        max_turns,
        budget,
        prices: None,
        watch: false,
    })
    .expect("fixture")
}

fn screen(app: &SdxApp, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|f| super::view::render(app, f))
        .expect("draw");
    terminal.backend().to_string()
}

fn play(app: &mut SdxApp, lines: &[&str]) {
    for line in lines {
        app.input = (*line).to_string();
        app.submit();
    }
}

#[test]
fn sdx_opening_100x30() {
    insta::assert_snapshot!(screen(&app(10, None), 100, 30));
}

#[test]
fn sdx_after_reveals_100x30() {
    let mut a = app(10, Some(1000.0));
    play(
        &mut a,
        &[
            "ask what is your past medical history?",
            "examine vital signs",
            "order serum electrolytes, morning cortisol",
        ],
    );
    assert!(a.status().contains("turn 4 of 10"), "{}", a.status());
    insta::assert_snapshot!(screen(&a, 100, 30));
}

#[test]
fn sdx_bad_action_and_forced_diagnosis_100x30() {
    let mut a = app(2, None);
    play(&mut a, &["palpate the abdomen", "ask any weight loss?"]);
    assert!(a.status().contains("diagnose now"), "{}", a.status());
    play(&mut a, &["order CBC"]);
    assert_eq!(a.input, "order CBC", "a refused line stays for editing");
    assert!(!a.encounter.is_done());
    a.input.clear();
    insta::assert_snapshot!(screen(&a, 100, 30));
}

#[test]
fn sdx_end_correct_100x30() {
    let mut a = app(10, None);
    play(
        &mut a,
        &[
            "order ACTH stimulation test",
            "diagnose primary adrenal insufficiency; hypothyroidism",
        ],
    );
    assert!(a.encounter.is_done());
    assert!(a.verdict().starts_with("CORRECT"), "{}", a.verdict());
    insta::assert_snapshot!(screen(&a, 100, 30));
}

#[test]
fn sdx_end_wrong_80x24() {
    let mut a = app(10, None);
    play(&mut a, &["d pulmonary embolism"]);
    assert!(a.verdict().starts_with("WRONG"), "{}", a.verdict());
    insta::assert_snapshot!(screen(&a, 80, 24));
}

/// A finished step of the model, as the engine reports it.
fn generation(text: &str, finish_reason: crate::engine::FinishReason) -> crate::engine::Generation {
    crate::engine::Generation {
        text: text.to_string(),
        reasoning: None,
        finish_reason,
        prompt_tokens: 200,
        reused_tokens: 0,
        completion_tokens: 20,
        timings: crate::engine::Timings {
            total_ms: 500.0,
            ..crate::engine::Timings::default()
        },
        context_used: 220,
        context_size: 4096,
        served: None,
    }
}

fn watch(max_turns: u32) -> SdxApp {
    app(max_turns, None).watching("SmolLM2 135M")
}

/// One step of the model: started, streamed in pieces, finished.
fn model_step(a: &mut SdxApp, reply: &str) {
    assert!(a.can_step(), "idle before a step");
    a.step_started();
    assert!(!a.can_step(), "one step at a time");
    let (first, rest) = reply.split_at(reply.len() / 2);
    a.step_token(first);
    a.step_token(rest);
    a.step_finished(Ok(generation(reply, crate::engine::FinishReason::Stop)));
}

#[test]
fn sdx_watch_streaming_100x30() {
    let mut a = watch(4);
    model_step(
        &mut a,
        r#"{"action":"ask","question":"Any past medical history?"}"#,
    );
    a.step_started();
    a.step_token(r#"{"action":"order","tests":["serum electrolytes","#);
    assert!(a.status().ends_with("· thinking"), "{}", a.status());
    assert!(a.status().contains("20 tokens in 0.5 s"), "{}", a.status());
    insta::assert_snapshot!(screen(&a, 100, 30));
}

#[test]
fn sdx_watch_model_plays_to_the_end_100x30() {
    let mut a = watch(3);
    a.toggle_autoplay();
    assert!(a.wants_step());
    model_step(&mut a, r#"{"action":"examine","system":"vital signs"}"#);
    // Not an action: one corrective retry of the same turn, then the turn limit forces a diagnosis.
    model_step(&mut a, "I would like to examine the skin");
    assert!(a.message.as_ref().is_some_and(|(_, error)| *error));
    model_step(&mut a, r#"{"action":"order","tests":["morning cortisol"]}"#);
    assert!(a.status().contains("diagnose now"), "{}", a.status());
    model_step(
        &mut a,
        r#"{"action":"diagnose","diagnosis":"Addison's disease","differential":["hypothyroidism"]}"#,
    );
    assert!(a.encounter.is_done());
    assert!(!a.can_step() && !a.wants_step(), "nothing after the end");
    assert!(a.verdict().starts_with("CORRECT"), "{}", a.verdict());
    insta::assert_snapshot!(screen(&a, 100, 30));
}

#[test]
fn a_cancelled_or_failed_step_leaves_the_encounter_and_stops_autoplay() {
    let mut a = watch(4);
    a.toggle_autoplay();
    a.step_started();
    a.step_token(r#"{"action":"ask""#);
    a.step_finished(Ok(generation(
        r#"{"action":"ask""#,
        crate::engine::FinishReason::Cancelled,
    )));
    assert_eq!(
        a.encounter.steps().len(),
        0,
        "a cancelled step is not a turn"
    );
    assert!(
        !a.wants_step() && a.can_step(),
        "autoplay stops; Enter asks again"
    );
    a.toggle_autoplay();
    a.step_started();
    a.step_finished(Err("the engine stopped".into()));
    assert_eq!(a.encounter.steps().len(), 0);
    assert!(!a.wants_step());
    let (message, error) = a.message.clone().expect("a message");
    assert!(error && message.contains("the engine stopped"), "{message}");
}

#[test]
fn typing_does_nothing_while_the_model_plays() {
    let mut a = watch(4);
    play(&mut a, &["ask any history?"]);
    assert!(a.encounter.steps().is_empty());
}

#[test]
fn a_price_table_over_the_shipped_one_sets_the_costs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let prices = dir.path().join("prices.toml");
    std::fs::write(
        &prices,
        "visit = 150.0\n[tests]\n\"morning cortisol\" = 33.0\n",
    )
    .expect("writable");
    let mut a = app_for(&Options {
        file: std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sdx-cases.jsonl"),
        case: None,
        max_turns: 10,
        budget: None,
        prices: Some(prices),
        watch: false,
    })
    .expect("fixture");
    play(
        &mut a,
        &[
            "ask any weight loss?",
            "order morning cortisol, serum electrolytes",
        ],
    );
    // The visit and the overridden test from the file, the electrolytes from the shipped table.
    assert!(a.status().starts_with("cost $190 "), "{}", a.status());
}
