//! `ddx tui` end to end: the real binary and the real test model inside tmux (send-keys,
//! capture-pane): an answer appears, moving between cases shows their ids, a review is
//! appended, quitting leaves a clean shell. Start-up errors print plainly, before any screen.

mod common;
mod tmux;

use std::time::{Duration, Instant};

#[test]
fn review_session_in_a_terminal() {
    let home = common::home();
    let annotations = home.path().join("review.jsonl");
    let model = common::test_model();
    let term = tmux::Tmux::for_ddx("tui", 100, 30, home.path(), &model);
    term.run_ddx(&format!(
        "tui {} --max-tokens 8 --ctx-size 1024 --annotations {}",
        tmux::quoted(&common::fixture("demo-cases.jsonl")),
        tmux::quoted(&annotations)
    ));
    term.wait_text("Case 1/5 · demo-1");
    assert!(term.alternate_screen(), "the TUI uses the alternate screen");

    // Ask about the case as the template asks; wait for the finished answer.
    term.keys(&["r"]);
    let screen = term.wait_for("a finished answer", |s| {
        s.contains("(the case, as the template asks)")
            && s.contains("Model")
            && !s.contains("answering")
            && !s.contains("reading the prompt")
    });
    let lines: Vec<&str> = screen.lines().collect();
    let model_row = lines
        .iter()
        .position(|l| l.contains("Model"))
        .expect("a Model heading");
    // The answer (prose, or JSON when the template has a schema) fills the rows under 'Model'.
    let chat_column: String = lines[model_row + 1..(model_row + 8).min(lines.len())]
        .iter()
        .map(|row| row.chars().skip(46).collect::<String>())
        .collect();
    assert!(
        chat_column.chars().any(char::is_alphanumeric),
        "the answer text shows under 'Model':\n{screen}"
    );

    // Review it, then move: next case, jump by id.
    term.keys(&["a"]);
    term.wait_text("Case 1/5 · demo-1 ✓");
    term.keys(&["n"]);
    term.wait_text("Case 2/5 · demo-2");
    term.keys(&["g"]);
    term.type_text("demo-4");
    term.keys(&["Enter"]);
    term.wait_text("Case 4/5 · demo-4");
    term.keys(&["?"]);
    term.wait_text("review: accept the model's answer");
    term.keys(&["Escape"]);

    term.keys(&["q"]);
    let screen = term.wait_text("EXIT=0");
    assert!(!term.alternate_screen(), "the terminal is restored");
    assert!(
        !screen.contains("Case 4/5"),
        "no TUI left on screen:\n{screen}"
    );
    assert!(!screen.contains("panicked"), "{screen}");

    let reviews =
        common::parse_jsonl(&std::fs::read(&annotations).expect("the review was appended"));
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["case_id"], "demo-1");
    assert_eq!(reviews[0]["verdict"], "accepted");
    assert!(reviews[0]["model_answer"]
        .as_str()
        .is_some_and(|a| !a.is_empty()));
    assert_eq!(reviews[0]["provenance"]["model"]["quantization"], "Q4_1");
    assert!(reviews[0]["timestamp"].as_str().is_some());

    // Reopening shows the case as reviewed.
    term.run_ddx(&format!(
        "tui {} --annotations {}",
        tmux::quoted(&common::fixture("demo-cases.jsonl")),
        tmux::quoted(&annotations)
    ));
    term.wait_text("✓ reviewed: accepted");
    term.keys(&["C-c"]);
    term.wait_for("the second exit", |s| s.matches("EXIT=0").count() == 2);
    assert!(!term.alternate_screen());
}

/// With `--deid`, the reviewer's typed label and note are de-identified before they reach the
/// annotations file, as the case is before it reaches the screen and the model.
#[test]
fn deid_cleans_review_notes_and_labels_before_they_are_written() {
    let home = common::home();
    let annotations = home.path().join("review.jsonl");
    let cases = home.path().join("cases.jsonl");
    std::fs::write(
        &cases,
        "{\"id\": \"p1\", \"patient\": {\"name\": \"Johanna Quist\", \"age\": 54, \"sex\": \"F\"}, \
         \"presentation\": \"Johanna Quist reports chest pain since 2024-03-02.\"}\n",
    )
    .expect("write");
    let model = common::test_model();
    let term = tmux::Tmux::for_ddx("tui-deid", 100, 30, home.path(), &model);
    term.run_ddx(&format!(
        "tui {} --deid --ctx-size 1024 --annotations {}",
        tmux::quoted(&cases),
        tmux::quoted(&annotations)
    ));
    term.wait_text("Case 1/1 · p1");
    let screen = term.screen();
    assert!(
        !screen.contains("Quist") && screen.contains("chest pain"),
        "the case shows de-identified:\n{screen}"
    );
    term.keys(&["l"]);
    term.type_text("Quist family history");
    term.keys(&["Enter"]);
    term.wait_text("case p1: label");
    term.keys(&["o"]);
    term.type_text("Called Johanna Quist at 555-867-5309 on 2024-03-02: chest pain better");
    term.keys(&["Enter"]);
    term.wait_text("case p1: note");
    term.keys(&["q"]);
    let screen = term.wait_text("EXIT=0");
    assert!(!screen.contains("panicked"), "{screen}");

    let text = std::fs::read_to_string(&annotations).expect("the reviews were appended");
    for identifier in ["Johanna", "Quist", "555-867-5309", "2024-03-02"] {
        assert!(
            !text.contains(identifier),
            "'{identifier}' reached the annotations file:\n{text}"
        );
    }
    let reviews = common::parse_jsonl(text.as_bytes());
    assert_eq!(reviews.len(), 2, "{text}");
    assert_eq!(reviews[0]["verdict"], "label");
    assert!(
        reviews[0]["label"]
            .as_str()
            .is_some_and(|l| l.contains("family history")),
        "{text}"
    );
    assert_eq!(reviews[1]["verdict"], "note");
    assert!(
        reviews[1]["note"]
            .as_str()
            .is_some_and(|n| n.contains("chest pain better")),
        "{text}"
    );
}

/// The TUI on a served model (llama-server on loopback): the answer streams in as with a local one.
#[test]
fn review_session_on_a_served_model() {
    let home = common::home();
    let server = common::server::LlamaServer::start(1, &[]);
    let model = common::test_model();
    let term = tmux::Tmux::for_ddx("tui-remote", 100, 30, home.path(), &model);
    term.run_ddx(&format!(
        "tui {} --endpoint {} --max-tokens 8",
        tmux::quoted(&common::fixture("demo-cases.jsonl")),
        server.url()
    ));
    term.wait_text("Case 1/5 · demo-1");
    term.keys(&["r"]);
    term.wait_for("a finished answer", |s| {
        s.contains("(the case, as the template asks)")
            && s.contains("Model")
            && !s.contains("answering")
            && !s.contains("reading the prompt")
    });
    term.keys(&["q"]);
    let screen = term.wait_text("EXIT=0");
    assert!(!screen.contains("panicked"), "{screen}");
}

#[test]
fn start_up_errors_print_plainly_with_status_2() {
    let home = common::home();
    let out = common::ddx_with_model(&home)
        .args(["tui", "missing.jsonl"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot open case file 'missing.jsonl'"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("\x1b[?1049h"),
        "no alternate screen was entered"
    );

    let out = common::ddx_with_model(&home)
        .args(["tui", "--case", "nope"])
        .arg(common::fixture("demo-cases.jsonl"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("has no case with id 'nope'"), "{stderr}");
}

#[test]
fn structured_answer_fills_the_differential_and_esc_cancels() {
    let home = common::home();
    let model = common::test_model();
    let term = tmux::Tmux::for_ddx("tui-diff", 120, 36, home.path(), &model);
    let cases = tmux::quoted(&common::fixture("demo-cases.jsonl"));

    // A template with a JSON schema: the answer is constrained and drawn as ranked bars.
    term.run_ddx(&format!(
        "tui {cases} --case demo-2 --template {} --max-tokens 150 --ctx-size 1024",
        tmux::quoted(&common::fixture("ranked-differential.toml"))
    ));
    term.wait_text("Case 2/5 · demo-2");
    term.keys(&["r"]);
    let screen = term.wait_for("two ranked diagnoses with bars", |s| {
        s.contains("Most likely")
            && s.contains("1. ")
            && s.contains("2. ")
            && s.contains('%')
            && !s.contains("answering")
    });
    assert!(screen.contains('░') || screen.contains('█'), "{screen}");
    term.keys(&["q"]);
    term.wait_text("EXIT=0");

    // A schema that forces a long answer: Esc stops it, the partial text stays, marked.
    term.run_ddx(&format!(
        "tui {cases} --template {} --max-tokens 400 --ctx-size 1024",
        tmux::quoted(&common::fixture("long-answer.toml"))
    ));
    term.wait_text("Case 1/5 · demo-1");
    term.keys(&["r"]);
    term.wait_for("the answer to stream", |s| {
        s.contains("[1") || s.contains("[0") || s.contains("[2")
    });
    term.keys(&["Escape"]);
    let screen = term.wait_text("[cancelled]");
    assert!(screen.contains("answer cancelled"), "{screen}");
    assert!(!screen.contains("answering"), "{screen}");
    term.keys(&["q"]);
    term.wait_for("the second exit", |s| s.matches("EXIT=0").count() == 2);
    assert!(!term.alternate_screen());
}

/// A reasoning model (the test model on a template that prefills `<think>`): the thinking shows
/// as one folded line under 'Model', `t` unfolds it, and the answer under it has no markers.
#[test]
fn reasoning_folds_and_unfolds_in_a_terminal() {
    let home = common::home();
    let template = home.path().join("think.jinja");
    std::fs::write(
        &template,
        "{%- for m in messages -%}\n\
         {{ '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}\n\
         {%- endfor -%}\n\
         {%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n<think>\\n' }}{% endif -%}\n",
    )
    .expect("write");
    let model = common::test_model();
    let term = tmux::Tmux::for_ddx("tui-think", 100, 30, home.path(), &model);
    term.run_ddx(&format!(
        "tui --max-tokens 30 --reasoning-budget 8 --temperature 0 --ctx-size 1024 --chat-template {}",
        tmux::quoted(&template)
    ));
    term.wait_text("Type a question below");
    term.keys(&["i"]);
    term.type_text("Is aspirin an antiplatelet drug?");
    term.keys(&["Enter"]);
    let folded = term.wait_for("a finished answer after folded thinking", |s| {
        s.contains("▸ thinking: 8 tokens (t shows it)")
            && !s.contains("thinking…")
            && !s.contains("reading the prompt")
    });
    assert!(
        !reasoning_row_under("▸ thinking", &folded),
        "folded: no reasoning text:\n{folded}"
    );
    assert!(
        !folded.contains("<think>") && !folded.contains("</think>"),
        "{folded}"
    );
    term.keys(&["Escape", "t"]);
    let shown = term.wait_text("▾ thinking: 8 tokens (t folds it)");
    assert!(
        reasoning_row_under("▾ thinking", &shown),
        "the reasoning shows under its summary:\n{shown}"
    );
    term.keys(&["t"]);
    term.wait_text("▸ thinking: 8 tokens");
    term.keys(&["q"]);
    let screen = term.wait_text("EXIT=0");
    assert!(!screen.contains("panicked"), "{screen}");
}

/// Whether the row under the one with `summary` starts, in the summary's column, with the `│ `
/// that marks reasoning text.
fn reasoning_row_under(summary: &str, screen: &str) -> bool {
    let rows: Vec<Vec<char>> = screen.lines().map(|r| r.chars().collect()).collect();
    let first = summary.chars().next().unwrap_or(' ');
    let Some((row, col)) = rows.iter().enumerate().find_map(|(i, r)| {
        let line: String = r.iter().collect();
        line.find(summary)
            .map(|_| (i, r.iter().position(|c| *c == first).unwrap_or(0)))
    }) else {
        return false;
    };
    rows.get(row + 1)
        .is_some_and(|next| next.get(col) == Some(&'│') && next.get(col + 1) == Some(&' '))
}

/// `ddx tui --sdx`: a person plays the fixture's second case by typing actions; each finding
/// shows in the case pane as it is revealed, the cost and the turn in the status bar, a bad line
/// is refused, and the end shows the diagnosis against the gold. No model is loaded.
#[test]
fn sdx_play_in_a_terminal() {
    let home = common::home();
    let model = common::test_model();
    let term = tmux::Tmux::for_ddx("tui-sdx", 110, 34, home.path(), &model);
    term.run_ddx(&format!(
        "tui --sdx {} --case line-2 --max-turns 6 --budget 5000",
        tmux::quoted(&common::fixture("sdx-cases.jsonl"))
    ));
    term.wait_text("Case 2/3 · line-2");
    assert!(term.alternate_screen(), "the TUI uses the alternate screen");
    term.wait_text("58-year-old man. Presenting complaint");
    term.wait_text("cost $0 of $5000 · turn 1 of 6");

    term.type_text("ask any medical history?");
    term.keys(&["Enter"]);
    term.wait_text("Knee replacement");
    term.wait_text("turn 2 of 6");

    term.type_text("examine lower extremity");
    term.keys(&["Enter"]);
    term.wait_text("Tender calf");
    let screen = term.wait_text("Examination");
    assert!(screen.contains("History"), "findings grouped:\n{screen}");

    term.type_text("palpate the liver");
    term.keys(&["Enter"]);
    term.wait_text("ask QUESTION | examine SYSTEM");

    // The refused line stays in the input: clear it.
    for _ in 0.."palpate the liver".len() {
        term.keys(&["BSpace"]);
    }
    term.type_text("order D-dimer, CT pulmonary angiography");
    term.keys(&["Enter"]);
    term.wait_text("D-dimer 4.2 mg/L");
    let screen = term.wait_text("turn 4 of 6");
    assert!(screen.contains("Tests"), "{screen}");
    assert!(!screen.contains("cost $0 "), "the tests cost:\n{screen}");

    term.type_text("diagnose pulmonary embolism; pneumonia");
    term.keys(&["Enter"]);
    term.wait_text("CORRECT: pulmonary embolism (gold:");
    term.wait_text("Over: Esc quits");

    term.keys(&["Escape"]);
    let screen = term.wait_text("EXIT=0");
    assert!(!term.alternate_screen(), "the terminal is restored");
    assert!(!screen.contains("panicked"), "{screen}");
}

/// `ddx tui --sdx --watch`: the test model plays the fixture's first case, one step per Enter and
/// then on autoplay; its actions and the gatekeeper's answers fill the conversation, the status
/// bar shows the model and its tokens, and the encounter ends with a diagnosis against the gold
/// (the small model is mostly wrong; the protocol is what is tested).
#[test]
fn sdx_watch_the_model_play_in_a_terminal() {
    let home = common::home();
    let model = common::test_model();
    let term = tmux::Tmux::for_ddx("tui-sdx-watch", 110, 34, home.path(), &model);
    term.run_ddx(&format!(
        "tui --sdx {} --watch --max-turns 3 --max-tokens 64 --seed 3",
        tmux::quoted(&common::fixture("sdx-cases.jsonl"))
    ));
    term.wait_text("Enter: the model's next step");
    assert!(term.alternate_screen(), "the TUI uses the alternate screen");
    term.wait_text("cost $0 · turn 1 of 3 · ");

    // Typing is not playing: only the model acts.
    term.type_text("x");
    term.keys(&["Enter"]);
    let screen = term.wait_for("the model's first step", |s| {
        s.contains("Model: ") || s.contains("»: not an action")
    });
    assert!(!screen.contains("You: "), "{screen}");
    term.wait_text(" tokens in ");

    term.keys(&["a"]);
    let screen = term.wait_text("Over: Esc quits");
    assert!(
        ["CORRECT: ", "WRONG: ", "NO DIAGNOSIS"]
            .iter()
            .any(|v| screen.contains(v)),
        "the end shows a verdict:\n{screen}"
    );
    assert!(screen.contains("(gold: Primary adrenal"), "{screen}");
    assert!(screen.contains("· over · "), "{screen}");

    term.keys(&["Escape"]);
    let screen = term.wait_text("EXIT=0");
    assert!(!term.alternate_screen(), "the terminal is restored");
    assert!(!screen.contains("panicked"), "{screen}");
}

/// Quitting while the model is generating a step cancels it and leaves a clean shell. The model
/// is served through a proxy that stalls the step's request: the step is certainly mid-way when
/// Esc is pressed (its request arrived, and it cannot finish), whatever the machine's load.
#[test]
fn sdx_watch_quits_in_the_middle_of_a_step() {
    let home = common::home();
    let model = common::test_model();
    let server = common::server::LlamaServer::start(1, &[]);
    let proxy = common::proxy::FaultProxy::start(server.port);
    proxy.push(&[common::proxy::Fault::Stall(Duration::from_secs(600))]);
    let term = tmux::Tmux::for_ddx("tui-sdx-quit", 100, 30, home.path(), &model);
    term.run_ddx(&format!(
        "tui --sdx {} --watch --max-tokens 512 --endpoint {} --remote-model smol \
         --request-timeout 600",
        tmux::quoted(&common::fixture("sdx-cases.jsonl")),
        proxy.url()
    ));
    term.wait_text("Enter: the model's next step");
    term.keys(&["Enter"]);
    term.wait_text("· thinking");
    let deadline = Instant::now() + Duration::from_secs(60);
    while proxy.seen().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the step's request never arrived"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let pressed = Instant::now();
    term.keys(&["Escape"]);
    let screen = term.wait_text("EXIT=0");
    assert!(
        pressed.elapsed() < Duration::from_secs(60),
        "quitting waited {:?} for the stalled step",
        pressed.elapsed()
    );
    assert_eq!(
        proxy.seen().len(),
        1,
        "the stalled step was the only request"
    );
    assert!(!term.alternate_screen(), "the terminal is restored");
    assert!(!screen.contains("panicked"), "{screen}");
}
