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
