//! `ddx chat` end to end on the real test model: through a pipe (one answer per line, /set,
//! /save, errors, the context filling up) and through a pseudo-terminal in tmux (prompt,
//! answers, /set, Ctrl-C cancelling an answer and clearing a line, Ctrl-D and the history file).

mod common;
mod tmux;

use regex::Regex;
use serde_json::Value;

/// Stats lines on stderr: (prompt tokens, reused, completion tokens, finish reason).
fn stats(stderr: &str) -> Vec<(u32, u32, u32, String)> {
    let re = Regex::new(
        r"\[(\d+) prompt tokens \((\d+) reused\) · first token \d+ ms · (\d+) tokens at [\d.]+ tok/s · context \d+/\d+ · (\w+)\]",
    )
    .expect("regex");
    re.captures_iter(stderr)
        .map(|c| {
            let n = |i: usize| c[i].parse::<u32>().expect("number");
            (n(1), n(2), n(3), c[4].to_string())
        })
        .collect()
}

/// The REPL waits for input: the last non-empty line is the bare prompt.
fn at_prompt(screen: &str) -> bool {
    screen.lines().rev().find(|l| !l.trim().is_empty()) == Some("ddx>")
}

#[test]
fn pipe_answers_each_question_and_set_changes_the_next_answer() {
    let home = common::home();
    let transcript = home.path().join("t.jsonl");
    let input = format!(
        "/case {}#demo-2\nWhat is the diagnosis?\n/set max_tokens 3\n/set top_p 7\n/frobnicate\nAnd the treatment?\n/stats\n/save {}\n",
        common::fixture("demo-cases.jsonl").display(),
        transcript.display()
    );
    let out = common::ddx_with_model(&home)
        .args(["chat", "--max-tokens", "12", "--ctx-size", "1024"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let s = stats(&stderr);
    assert_eq!(s.len(), 2, "one stats line per answer: {stderr}");
    assert!(s[0].2 >= 1 && s[0].2 <= 12, "{s:?}");
    assert!(
        s[1].2 >= 1 && s[1].2 <= 3,
        "/set max_tokens applies to the next answer: {s:?}"
    );
    assert!(
        s[1].1 > 0,
        "the second turn reuses the first turn's KV cache: {s:?}"
    );
    assert!(s[1].1 >= s[0].0, "the whole first prompt is reused: {s:?}");
    assert!(!stdout.trim().is_empty(), "answers go to stdout");
    for noise in ["ddx>", "\x1b[", "prompt tokens", "error"] {
        assert!(
            !stdout.contains(noise),
            "stdout has only answers ({noise:?}): {stdout}"
        );
    }
    assert!(
        stderr.contains("error: unknown command '/frobnicate' (type /help)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("'top-p' must be between 0 and 1, got '7'"),
        "{stderr}"
    );
    assert!(stderr.contains("session: 2 answers"), "{stderr}");
    assert!(!stderr.contains("\x1b["), "no colours without a terminal");

    let lines =
        common::parse_jsonl(&std::fs::read(&transcript).expect("/save wrote the transcript"));
    let provenance = &lines[0]["data"];
    assert_eq!(lines[0]["type"], "provenance");
    assert_eq!(provenance["case_id"], "demo-2");
    assert_eq!(provenance["max_tokens"], 3);
    assert_eq!(provenance["template"]["name"], "differential");
    assert_eq!(provenance["model"]["quantization"], "Q4_1");
    let answers: Vec<&Value> = lines.iter().filter(|l| l["role"] == "assistant").collect();
    assert_eq!(answers.len(), 2);
    assert!(answers
        .iter()
        .all(|a| !a["content"].as_str().unwrap_or("").is_empty()));
}

#[test]
fn pipe_keeps_going_when_the_context_fills() {
    let home = common::home();
    let questions: String = (1..=6)
        .map(|i| format!("Question number {i}: name one common cause of fever, in a few words.\n"))
        .collect();
    let out = common::ddx_with_model(&home)
        .args([
            "chat",
            "--max-tokens",
            "16",
            "--ctx-size",
            "160",
            "--system",
            "Be brief.",
        ])
        .write_stdin(questions)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stats(&stderr).len(),
        6,
        "every question is answered: {stderr}"
    );
    assert!(
        stderr.contains("context full: dropped the oldest"),
        "the user is told: {stderr}"
    );
    assert!(stats(&stderr).iter().all(|s| s.0 <= 160 - 16), "{stderr}");
}

#[test]
fn pipe_slash_commands_without_generating() {
    let home = common::home();
    let case = format!("{}#demo-4", common::fixture("demo-cases.jsonl").display());
    let out = common::ddx_with_model(&home)
        .args(["chat", "--max-tokens", "2", "--case", &case])
        .write_stdin(format!(
            "/case show\n/next\n/next\n/prev\n/template summary\n/template nope\n/system Be brief.\n\
             /model\n/help\n/reset\n/case missing.jsonl\n/schema missing.json\n/schema off\n\
             /score\n/case {cases}#demo-3\n/score\n/exit\nnever asked\n",
            cases = common::fixture("demo-cases.jsonl").display()
        ))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("case demo-4 (4 of 5)"),
        "--case FILE#ID: {stderr}"
    );
    assert!(
        stdout.contains("List three red flags in a patient with low back pain."),
        "/case show prints the rendered case on stdout: {stdout}"
    );
    assert!(
        stdout.contains("Commands:") && stdout.contains("/schema"),
        "{stdout}"
    );
    assert!(stderr.contains("case demo-5 (5 of 5)"), "{stderr}");
    assert!(
        stderr.contains("already at the last case (5 of 5)"),
        "{stderr}"
    );
    assert!(stderr.contains("template summary"), "{stderr}");
    assert!(stderr.contains("system prompt replaced"), "{stderr}");
    assert!(
        stderr.contains("SmolLM2-135M-Instruct.Q4_1.gguf (llama, Q4_1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cannot open case file 'missing.jsonl'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cannot read schema file 'missing.json'"),
        "{stderr}"
    );
    assert!(stderr.contains("answers are free text"), "{stderr}");
    assert!(
        stats(&stderr).is_empty(),
        "/exit stops before the question: {stderr}"
    );
    assert!(
        stderr.contains("no 'options' to score"),
        "/score on a case without options: {stderr}"
    );
    let ranked: Vec<&str> = stdout.lines().filter(|l| l.contains("  p=")).collect();
    assert_eq!(ranked.len(), 4, "/score ranks the four options: {stdout}");
    assert!(
        ranked[0].starts_with('→'),
        "the best comes first, marked: {stdout}"
    );
    assert!(stdout.contains("A. Type 1 diabetes mellitus"), "{stdout}");
    for line in stderr.lines().filter(|l| l.starts_with("error:")) {
        assert!(line.len() < 200, "errors are one short line: {line}");
    }
}

#[test]
fn terminal_session_set_cancel_clear_and_history() {
    let home = common::home();
    let data = home.path().join("data");
    let model = common::test_model();
    let term = tmux::Tmux::for_ddx("chat", 120, 40, home.path(), &model);
    term.run_ddx("chat --max-tokens 6 --ctx-size 1024");
    term.wait_for("the prompt", at_prompt);

    term.type_text("Name one vital sign.");
    term.keys(&["Enter"]);
    term.wait_for("the first answer's stats", |s| stats(s).len() == 1);

    term.type_text("/set max_tokens 2");
    term.keys(&["Enter"]);
    term.wait_text("max_tokens = 2");
    term.type_text("Name another.");
    term.keys(&["Enter"]);
    let screen = term.wait_for("the second answer's stats", |s| stats(s).len() == 2);
    let second = &stats(&screen)[1];
    assert!(
        second.2 <= 2,
        "/set max_tokens changed the next answer: {screen}"
    );

    // A schema that forces a long answer, so Ctrl-C surely lands while it streams.
    term.type_text(&format!(
        "/schema {}",
        common::fixture("long-array.schema.json").display()
    ));
    term.keys(&["Enter"]);
    term.wait_text("answers follow the schema");
    term.type_text("/set max_tokens 400");
    term.keys(&["Enter"]);
    term.type_text("Digits please.");
    term.keys(&["Enter"]);
    let digits = Regex::new(r"(?m)^\[\d").expect("regex");
    term.wait_for("the answer to start streaming", |s| digits.is_match(s));
    term.keys(&["C-c"]);
    let screen = term.wait_text("answer cancelled");
    let third = stats(&screen);
    assert_eq!(third.len(), 3, "{screen}");
    assert_eq!(third[2].3, "cancelled", "{screen}");
    assert!(third[2].2 < 400, "{screen}");

    // At the prompt, Ctrl-C clears the line: the half-typed text is never sent.
    term.wait_for("the prompt", at_prompt);
    term.type_text("half a line");
    term.keys(&["C-c"]);
    term.type_text("/stats");
    term.keys(&["Enter"]);
    let screen = term.wait_text("session: 3 answers");
    assert_eq!(stats(&screen).len(), 3, "{screen}");

    term.keys(&["C-d"]);
    let screen = term.wait_text("EXIT=0");
    assert!(!screen.contains("panicked"), "{screen}");

    let history = data.join("history.txt");
    let text = std::fs::read_to_string(&history).expect("history saved on Ctrl-D");
    assert!(text.contains("Name one vital sign."), "{text}");
    assert!(text.contains("/set max_tokens 2"), "{text}");
    assert!(!text.contains("half a line"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&history)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "history is private");
    }
}

#[test]
fn deid_cleans_the_case_and_typed_questions_before_the_model() {
    let home = common::home();
    let cases = home.path().join("cases.jsonl");
    std::fs::write(
        &cases,
        "{\"id\": \"p1\", \"patient\": {\"name\": \"Johanna Quist\", \"age\": 54, \"sex\": \"F\"}, \
         \"presentation\": \"Johanna Quist reports chest pain since 2024-03-02. Call 555-867-5309.\"}\n",
    )
    .expect("write");
    let transcript = home.path().join("t.jsonl");
    let input = format!(
        "/case {}#p1\n/case show\nShould Johanna Quist phone 555-867-5309 again?\n/save {}\n",
        cases.display(),
        transcript.display()
    );
    let out = common::ddx_with_model(&home)
        .args(["chat", "--deid", "--max-tokens", "4", "--ctx-size", "1024"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let saved = std::fs::read_to_string(&transcript).expect("/save wrote the transcript");
    let everything = format!("{saved}{}{stderr}", String::from_utf8_lossy(&out.stdout));
    for identifier in ["Johanna", "Quist", "555-867-5309", "2024-03-02"] {
        assert!(
            !everything.contains(identifier),
            "'{identifier}' reached the output: {everything}"
        );
    }
    assert!(saved.contains("chest pain"), "clinical text stays: {saved}");
}

/// With `--deid`, what a terminal session keeps on disk is de-identified too: the history file
/// holds each typed line only as the model saw it (a question naming the patient, their phone
/// number and a date; a system prompt naming them).
#[test]
fn deid_keeps_identifiers_out_of_the_history_file() {
    let home = common::home();
    let data = home.path().join("data");
    let cases = home.path().join("cases.jsonl");
    std::fs::write(
        &cases,
        "{\"id\": \"p1\", \"patient\": {\"name\": \"Johanna Quist\", \"age\": 54, \"sex\": \"F\"}, \
         \"presentation\": \"Chest pain since 2024-03-02.\"}\n",
    )
    .expect("write");
    let model = common::test_model();
    let term = tmux::Tmux::for_ddx("chat-deid", 120, 40, home.path(), &model);
    term.run_ddx(&format!(
        "chat --deid --case {} --max-tokens 2 --ctx-size 1024",
        tmux::quoted(&cases)
    ));
    term.wait_for("the case prompt", |s| {
        s.lines().rev().find(|l| !l.trim().is_empty()) == Some("p1>")
    });
    term.type_text("Should Johanna Quist phone 555-867-5309 about the pain of 2024-03-02?");
    term.keys(&["Enter"]);
    term.wait_for("the answer's stats", |s| stats(s).len() == 1);
    term.type_text("/system You advise Dr. Quist about Johanna Quist.");
    term.keys(&["Enter"]);
    term.wait_text("system prompt replaced");
    term.keys(&["C-d"]);
    let screen = term.wait_text("EXIT=0");
    assert!(!screen.contains("panicked"), "{screen}");

    let history = std::fs::read_to_string(data.join("history.txt")).expect("history saved");
    for identifier in ["Johanna", "Quist", "555-867-5309", "2024-03-02"] {
        assert!(
            !history.contains(identifier),
            "'{identifier}' reached history.txt:\n{history}"
        );
    }
    assert!(
        history.contains("Should") && history.contains("phone") && history.contains("pain"),
        "the question is kept, de-identified:\n{history}"
    );
    assert!(history.contains("/system You advise"), "{history}");
}
