//! The second architecture: Gemma 3 270M (Q4_K_M, gemma3, a 262k vocabulary, sliding-window
//! attention, no chat template in the GGUF) through every mode: ask, batch (generation,
//! --schema, --labels, --score), chat and the TUI's structured answer. ddx must choose the gemma
//! format from the architecture, say so, record it, and no answer may run past an end marker.
//! Few cases and small --max-tokens keep CI time modest; assertions are about structure.

mod common;
mod tmux;

use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

/// Markers of Gemma's turns and of ChatML (the old fallback): none may appear in an answer.
const MARKERS: &[&str] = &[
    "<end_of_turn>",
    "<start_of_turn>",
    "<|im_end|>",
    "<|im_start|>",
];

fn gemma(home: &TempDir, args: &[&str]) -> Output {
    let mut cmd = common::ddx(home);
    cmd.env("DDX_MODEL", common::gemma_model())
        .env("NO_COLOR", "1")
        .args(args)
        .args(["--temperature", "0", "--ctx-size", "1024"]);
    cmd.output().expect("ddx runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok_records(out: &Output) -> Vec<Value> {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    common::parse_jsonl(&out.stdout)
}

fn assert_clean(text: &str) {
    for marker in MARKERS {
        assert!(
            !text.contains(marker),
            "the answer runs past {marker}: {text:?}"
        );
    }
}

fn write(home: &TempDir, name: &str, text: &str) -> String {
    let path = home.path().join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("utf8").to_string()
}

/// The provenance of the built-in gemma template.
fn assert_gemma_template(record: &Value) {
    let template = &record["provenance"]["model"]["chat_template"];
    assert_eq!(template["name"], "gemma", "{record}");
    assert_eq!(
        template["sha256"],
        ddx::engine::chat::source_sha256(ddx::engine::chat::builtin("gemma").expect("built-in"))
    );
    assert!(
        template["chosen"]
            .as_str()
            .is_some_and(|c| c.contains("architecture is gemma3")),
        "{record}"
    );
}

#[test]
fn ask_and_batch_generate_in_gemmas_format() {
    let home = common::home();
    let out = gemma(
        &home,
        &[
            "ask",
            "-n",
            "8",
            "--system",
            "Answer briefly.",
            "Name one cause of chest pain.",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "the model has no chat template; using 'gemma' because its architecture is gemma3"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    assert_clean(&String::from_utf8_lossy(&out.stdout));

    let input = write(
        &home,
        "cases.jsonl",
        "{\"id\":\"g1\",\"prompt\":\"List two causes of chest pain.\"}\n\
         {\"id\":\"g2\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"What does a high troponin mean?\"}]}\n",
    );
    let records = ok_records(&gemma(&home, &["batch", "-q", "-n", "8", &input]));
    assert_eq!(records.len(), 2);
    for r in &records {
        assert_eq!(r["status"], "ok", "{r}");
        assert_clean(r["output"].as_str().expect("output"));
        assert_gemma_template(r);
        assert!(
            r["usage"]["completion_tokens"]
                .as_u64()
                .is_some_and(|n| n <= 8),
            "{r}"
        );
    }
}

#[test]
fn batch_schema_labels_and_score_on_gemma() {
    let home = common::home();
    let input = write(
        &home,
        "q.jsonl",
        "{\"id\":\"q1\",\"prompt\":\"Is aspirin an antiplatelet drug? Answer yes or no.\"}\n",
    );
    let schema = common::fixture("schemas/answer.json");
    let records = ok_records(&gemma(
        &home,
        &[
            "batch",
            "-q",
            "-n",
            "16",
            "--schema",
            schema.to_str().expect("utf8"),
            &input,
        ],
    ));
    let answer = records[0]["json"]["answer"]
        .as_str()
        .expect("a schema answer");
    assert!(["yes", "no"].contains(&answer), "{}", records[0]);
    assert_gemma_template(&records[0]);

    let records = ok_records(&gemma(
        &home,
        &["batch", "-q", "-n", "8", "--labels", "yes,no", &input],
    ));
    let label = records[0]["label"].as_str().expect("a label");
    assert!(["yes", "no"].contains(&label), "{}", records[0]);

    let mcq = write(
        &home,
        "mcq.jsonl",
        &format!(
            "{}\n",
            std::fs::read_to_string(common::fixture("eval-mcq.jsonl"))
                .expect("fixture")
                .lines()
                .next()
                .expect("a case")
        ),
    );
    let records = ok_records(&gemma(&home, &["batch", "-q", "--score", &mcq]));
    let options = records[0]["options"].as_array().expect("scored options");
    assert_eq!(options.len(), 4);
    let total: f64 = options
        .iter()
        .map(|o| o["prob"].as_f64().expect("prob"))
        .sum();
    assert!((total - 1.0).abs() < 1e-4, "{}", records[0]);
    assert!(options
        .iter()
        .all(|o| o["logprob"].as_f64().is_some_and(f64::is_finite)));
}

#[test]
fn chat_answers_in_gemmas_format() {
    let home = common::home();
    let mut cmd = common::ddx(&home);
    let out = cmd
        .env("DDX_MODEL", common::gemma_model())
        .args([
            "chat",
            "--max-tokens",
            "8",
            "--ctx-size",
            "1024",
            "--temperature",
            "0",
        ])
        .write_stdin("What causes a dry cough?\nAnd a wet one?\n")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_clean(&stdout);
    let err = stderr(&out);
    let stats: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("prompt tokens"))
        .collect();
    assert_eq!(stats.len(), 2, "one stats line per answer: {err}");
    // The second turn's prompt starts with the first turn as Gemma renders it (question, answer,
    // <end_of_turn>), so its tokens are reused from the KV cache.
    assert!(!stats[1].contains("(0 reused)"), "{err}");
}

#[test]
fn tui_structured_answer_on_gemma() {
    let home = common::home();
    let annotations = home.path().join("review.jsonl");
    let model = common::gemma_model();
    let term = tmux::Tmux::for_ddx("gemma-tui", 100, 30, home.path(), &model);
    term.run_ddx(&format!(
        "tui {} --max-tokens 12 --ctx-size 1024 --annotations {}",
        tmux::quoted(&common::fixture("demo-cases.jsonl")),
        tmux::quoted(&annotations)
    ));
    term.wait_text("Case 1/5 · demo-1");
    term.keys(&["r"]);
    term.wait_for("a finished answer", |s| {
        s.contains("(the case, as the template asks)")
            && s.contains("Model")
            && !s.contains("answering")
            && !s.contains("reading the prompt")
    });
    term.keys(&["a"]);
    term.wait_text("Case 1/5 · demo-1 ✓");
    term.keys(&["q"]);
    let screen = term.wait_text("EXIT=0");
    assert!(!screen.contains("panicked"), "{screen}");
    let reviews =
        common::parse_jsonl(&std::fs::read(&annotations).expect("the review was appended"));
    let review = &reviews[0];
    assert_eq!(
        review["provenance"]["model"]["chat_template"]["name"],
        "gemma"
    );
    assert_eq!(review["provenance"]["template"]["name"], "differential");
    assert_clean(review["model_answer"].as_str().expect("the model's answer"));
}

/// `ddx bench` on Gemma (smallest workloads): single stream and a batch of one long case, with
/// the architecture in each report, so speed figures exist for a second architecture.
#[test]
fn bench_runs_on_gemma() {
    let home = common::home();
    let bench = |args: &[&str]| -> Value {
        let out = common::ddx(&home)
            .env("DDX_MODEL", common::gemma_model())
            .args(["bench"])
            .args(args)
            .arg("--json")
            .output()
            .expect("ddx runs");
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).expect("a JSON report")
    };
    let single = bench(&["single", "-p", "32", "-g", "4", "-r", "1"]);
    assert_eq!(single["architecture"], "gemma3", "{single}");
    assert_eq!(single["quantization"], "Q4_K_M", "{single}");
    for test in ["pp", "tg"] {
        assert!(
            single[test]["tokens_per_second"].as_f64().expect("t/s") > 0.0,
            "{single}"
        );
    }
    let batch = bench(&[
        "batch",
        "--workload",
        "long-case",
        "--cases",
        "1",
        "--parallel",
        "1",
        "-n",
        "4",
    ]);
    assert_eq!(batch["architecture"], "gemma3", "{batch}");
    let run = &batch["runs"][0];
    assert_eq!(run["failed"], 0, "{batch}");
    assert!(
        run["generated_tokens"].as_u64().expect("gen") > 0,
        "{batch}"
    );
    assert!(
        run["cases_per_second"].as_f64().expect("rate") > 0.0,
        "{batch}"
    );
}
