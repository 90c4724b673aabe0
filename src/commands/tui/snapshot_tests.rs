//! Whole-screen snapshots on ratatui's TestBackend: the demo case file, a streamed answer, a
//! structured differential and the help overlay, at 80x24 and 160x48. Colour is off, so the
//! snapshots show text and layout only.

use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::action::Action;
use super::state::{ModelStatus, Streaming, TuiState};
use crate::cases::prompt_templates::{Extras, Registry};
use crate::engine::FinishReason;
use crate::session::interactive::casefile::CaseFile;
use crate::session::interactive::conversation::TurnStats;

fn app_at(position: usize) -> TuiState {
    app_from("demo-cases.jsonl", position)
}

fn app_from(fixture: &str, position: usize) -> TuiState {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let file = CaseFile::load(&path).expect("fixture");
    let case = file.entries[position].case.clone().expect("valid case");
    let template = Registry::new(None)
        .get(Registry::auto_name(&case))
        .expect("template");
    let mut app = TuiState::new(
        Some(file),
        ModelStatus {
            name: "Smollm2 135M 8k Lc100K Mix1 Ep2".into(),
            quantization: "Q4_1".into(),
            gpu_layers: 0,
            context_used: 251,
            context_size: 1024,
        },
        false,
    );
    let mut conversation = app.conversation.clone();
    conversation.case_messages = template.render(&case, &Extras::new()).expect("render");
    app.show_case(position, conversation, &template.name);
    app
}

fn screen(app: &TuiState, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| super::ui::render(app, f)).expect("draw");
    terminal.backend().to_string()
}

const DIFFERENTIAL: &str = r#"{"most_likely": "Inferior STEMI", "differential": [{"diagnosis": "Inferior STEMI", "likelihood": 0.8, "supporting_findings": ["ST elevation II, III, aVF"], "against": []}, {"diagnosis": "Aortic dissection", "likelihood": 0.1, "supporting_findings": ["hypertension"], "against": ["no pulse deficit"]}, {"diagnosis": "Pericarditis", "likelihood": 0.05, "supporting_findings": [], "against": ["regional ST elevation"]}], "key_findings": ["troponin 2.4"], "red_flags": ["ongoing chest pain"], "next_steps": ["cath lab activation"]}"#;

fn with_answer(mut app: TuiState, answer: &str) -> TuiState {
    app.conversation.push_question("");
    let turn = app.conversation.pending_mut().expect("pending");
    turn.assistant = answer.into();
    turn.finish = Some(FinishReason::Stop);
    app.tokens_per_second = 112.4;
    app
}

#[test]
fn case_loaded_80x24() {
    insta::assert_snapshot!(screen(&app_at(0), 80, 24));
}

/// AgentClinic-style sections whose values are objects: indented headings and `key: value`
/// lines, not one raw JSON string.
#[test]
fn structured_sections_100x40() {
    let screen = screen(&app_from("osce-sections.jsonl", 0), 100, 40);
    assert!(!screen.contains('{'), "no raw JSON:\n{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn case_loaded_160x48() {
    insta::assert_snapshot!(screen(&app_at(0), 160, 48));
}

#[test]
fn answer_streaming_80x24() {
    let mut app = app_at(1);
    app.conversation
        .push_question("What is the most likely diagnosis?");
    app.streaming = Some(Streaming::default());
    for piece in [
        "Bacterial",
        " meningitis",
        ", most likely",
        " meningococcal",
    ] {
        app.on_token(piece);
    }
    app.tokens_per_second = 98.0;
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn differential_shown_80x24() {
    insta::assert_snapshot!(screen(&with_answer(app_at(0), DIFFERENTIAL), 80, 24));
}

#[test]
fn differential_shown_160x48() {
    insta::assert_snapshot!(screen(&with_answer(app_at(0), DIFFERENTIAL), 160, 48));
}

#[test]
fn differential_while_streaming_shows_the_ranked_part() {
    let mut app = app_at(0);
    app.conversation.push_question("");
    app.streaming = Some(Streaming {
        text: DIFFERENTIAL[..DIFFERENTIAL.find("Pericarditis").expect("in text")].into(),
        tokens: 40,
        ..Streaming::default()
    });
    let text = screen(&app, 160, 48);
    assert!(text.contains("1. Inferior STEMI"), "{text}");
    assert!(text.contains("2. Aortic dissection"), "{text}");
    assert!(!text.contains("3. "), "{text}");
}

/// A finished answer from a model that thought first (312 tokens of reasoning).
fn with_reasoning(show: bool) -> TuiState {
    let mut app = with_answer(app_at(0), DIFFERENTIAL);
    let turn = app.conversation.turns.last_mut().expect("a turn");
    turn.reasoning = Some(
        "Crushing chest pain with ST elevation in II, III and aVF and a raised troponin: \
         an inferior STEMI until shown otherwise. Check pulses for dissection."
            .into(),
    );
    turn.stats = Some(TurnStats {
        prompt_tokens: 251,
        reused_tokens: 0,
        completion_tokens: 420,
        reasoning_tokens: 312,
        ttft_ms: 80.0,
        tokens_per_second: 112.4,
        context_used: 671,
        context_size: 1024,
    });
    if show {
        app.update(Action::ToggleReasoning);
    }
    app
}

#[test]
fn reasoning_folded_160x48() {
    let text = screen(&with_reasoning(false), 160, 48);
    assert!(
        text.contains("▸ thinking: 312 tokens (t shows it)"),
        "{text}"
    );
    assert!(!text.contains("Check pulses"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn reasoning_shown_160x48() {
    let text = screen(&with_reasoning(true), 160, 48);
    assert!(
        text.contains("▾ thinking: 312 tokens (t folds it)"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn reasoning_streams_above_the_answer_and_stays_out_of_the_differential() {
    let mut app = app_at(0);
    app.conversation.push_question("");
    app.streaming = Some(Streaming::default());
    app.update(Action::ToggleReasoning);
    for piece in ["ST elevation", " inferior;", " \"most_likely\" is STEMI"] {
        app.on_reasoning(piece);
    }
    let thinking = screen(&app, 160, 48);
    assert!(thinking.contains("▾ thinking: 3 tokens"), "{thinking}");
    assert!(thinking.contains("(thinking…)"), "{thinking}");
    assert!(
        !thinking.contains("1. "),
        "the differential sees no reasoning: {thinking}"
    );
    app.on_token(&DIFFERENTIAL[..DIFFERENTIAL.find("Aortic").expect("in text")]);
    let answering = screen(&app, 160, 48);
    assert!(answering.contains("1. Inferior STEMI"), "{answering}");
    assert_eq!(app.streaming.as_ref().map(|s| s.tokens), Some(4));
}

#[test]
fn help_overlay_80x24() {
    let mut app = app_at(0);
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn prompt_line_and_review_mark() {
    let mut app = app_at(2);
    app.reviewed.insert("demo-3".into(), "accepted".into());
    app.update(Action::StartJump);
    app.update(Action::PromptChar('d'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Jump to case id: d▌"), "{text}");
    assert!(text.contains("Case 3/5 · demo-3 ✓"), "{text}");
    assert!(text.contains("case 3/5 ✓1"), "{text}");
}

#[test]
fn no_color_draws_without_colours() {
    let draw = |color: bool| {
        let mut app = with_answer(app_at(0), DIFFERENTIAL);
        app.color = color;
        let mut terminal = Terminal::new(TestBackend::new(120, 30)).expect("terminal");
        terminal.draw(|f| super::ui::render(&app, f)).expect("draw");
        terminal.backend().buffer().content().iter().any(|cell| {
            cell.fg != ratatui::style::Color::Reset || cell.bg != ratatui::style::Color::Reset
        })
    };
    assert!(draw(true), "colours when allowed");
    assert!(!draw(false), "none with NO_COLOR");
}
