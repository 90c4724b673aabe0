//! `ddx batch` end to end on the real test model: one record per non-blank line, typed errors,
//! determinism, context overflow, provenance, stdin pipelines and exit statuses.

mod common;

use common::{
    ddx, ddx_with_model, fixture, home, ledger_runs, parse_jsonl, records_of, test_model,
};
use predicates::str::contains;
use serde_json::Value;

fn kinds(records: &[Value]) -> Vec<(u64, String)> {
    records
        .iter()
        .map(|r| {
            let line = r["line"].as_u64().expect("line number");
            let kind = if r["status"] == "ok" {
                "ok".to_string()
            } else {
                r["error"]["kind"].as_str().expect("kind").to_string()
            };
            (line, kind)
        })
        .collect()
}

#[test]
fn mixed_good_and_bad_lines_give_one_record_each_in_order() {
    let home = home();
    let out = ddx_with_model(&home)
        .args(["batch", "-n", "8", "-p", "2"])
        .arg(fixture("mixed.jsonl"))
        .assert()
        .code(1)
        .stderr(contains(
            "ddx batch: 10 results (3 ok, 7 errors), 2 blank lines skipped",
        ))
        .get_output()
        .stdout
        .clone();
    let records = parse_jsonl(&out);
    let expected: Vec<(u64, String)> = [
        (1, "ok"),
        (3, "invalid_json"),
        (4, "not_object"),
        (5, "missing_id"),
        (6, "ok"),
        (7, "duplicate_id"),
        (8, "wrong_type"),
        (9, "ok"),
        (11, "empty_case"),
        (12, "wrong_type"),
    ]
    .iter()
    .map(|(l, k)| (*l, (*k).to_string()))
    .collect();
    assert_eq!(kinds(&records), expected);
    for record in &records {
        if record["status"] == "ok" {
            assert!(!record["output"].as_str().expect("output").is_empty());
            assert!(record["usage"]["prompt_tokens"].as_u64().expect("tokens") > 0);
            assert!(["stop", "length"].contains(&record["finish_reason"].as_str().expect("reason")));
            assert_eq!(record["provenance"]["model"]["sha256"], common_sha());
        } else {
            let message = record["error"]["message"].as_str().expect("message");
            assert!(
                message.starts_with(&format!("line {}:", record["line"])),
                "{message}"
            );
        }
    }
    assert_eq!(
        records[0]["meta"],
        serde_json::json!({"batch": 1}),
        "meta passes through"
    );
    assert_eq!(records[7]["id"], 42, "numeric ids stay numbers");
    assert_eq!(records[6]["error"]["field"], "options");
    assert_eq!(records[5]["id"], "p1", "a duplicate keeps its id");
    // The mcq case was rendered with the mcq template, the structured case with differential.
    assert_eq!(records[7]["provenance"]["template"]["name"], "mcq");
    assert_eq!(records[4]["provenance"]["template"]["name"], "differential");
    assert_eq!(records[0]["provenance"]["template"]["name"], "raw");
}

fn common_sha() -> &'static str {
    "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
}

#[test]
fn invalid_utf8_line_is_an_error_record_and_the_run_goes_on() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let mut bytes = b"{\"id\": 1, \"prompt\": \"caf\xe9\"}\n".to_vec();
    bytes.extend_from_slice(b"{\"id\": 2, \"prompt\": \"Say yes.\"}\n");
    std::fs::write(&input, bytes).expect("write");
    let records = records_of(
        ddx_with_model(&home)
            .args(["batch", "-q", "-n", "4"])
            .arg(&input),
        1,
    );
    assert_eq!(
        kinds(&records),
        vec![(1, "invalid_utf8".into()), (2, "ok".into())]
    );
}

#[test]
fn same_seed_gives_identical_outputs() {
    let home = home();
    let run = || {
        records_of(
            ddx_with_model(&home)
                .args([
                    "batch",
                    "-q",
                    "-n",
                    "24",
                    "--temperature",
                    "0.9",
                    "--seed",
                    "7",
                    "-p",
                    "3",
                ])
                .arg(fixture("demo-cases.jsonl")),
            0,
        )
        .iter()
        .map(|r| r["output"].as_str().expect("output").to_string())
        .collect::<Vec<_>>()
    };
    let first = run();
    assert_eq!(first.len(), 5);
    assert_eq!(first, run());
}

#[test]
fn stdin_pipeline_and_output_file() {
    let home = home();
    let out_file = home.path().join("results.jsonl");
    ddx_with_model(&home)
        .args(["batch", "-", "-q", "-n", "4", "-o"])
        .arg(&out_file)
        .write_stdin("{\"id\": \"a\", \"prompt\": \"Hi\"}\n{\"id\": \"b\", \"prompt\": \"Bye\"}")
        .assert()
        .success()
        .stdout("");
    let records = parse_jsonl(&std::fs::read(&out_file).expect("output file"));
    assert_eq!(
        records.iter().map(|r| r["id"].clone()).collect::<Vec<_>>(),
        vec!["a", "b"]
    );
    // A non-empty output file is not overwritten without --force.
    ddx_with_model(&home)
        .args(["batch", "-q", "-o"])
        .arg(&out_file)
        .write_stdin("{\"id\": \"c\", \"prompt\": \"Hi\"}\n")
        .assert()
        .code(2)
        .stderr(contains("--force"));
    assert_eq!(
        parse_jsonl(&std::fs::read(&out_file).expect("output file")).len(),
        2
    );
}

#[test]
fn a_case_over_the_context_is_a_typed_error_with_token_counts() {
    let home = home();
    let long = "fever and cough ".repeat(200);
    let input = format!(
        "{{\"id\": \"long\", \"prompt\": \"{long}\"}}\n{{\"id\": \"short\", \"prompt\": \"Hi\"}}\n"
    );
    let records = records_of(
        ddx_with_model(&home)
            .args(["batch", "-q", "-n", "4", "-c", "128"])
            .write_stdin(input),
        1,
    );
    assert_eq!(records[0]["error"]["kind"], "context_overflow");
    let message = records[0]["error"]["message"].as_str().expect("message");
    assert!(message.contains("only 128 fit"), "{message}");
    assert!(message.contains("needs"), "{message}");
    assert_eq!(records[1]["status"], "ok");
    // From a file, the context is sized from the longest case: a long case after short ones fits.
    let file = home.path().join("mixed-lengths.jsonl");
    let short = (0..3)
        .map(|i| format!("{{\"id\": {i}, \"prompt\": \"Hi\"}}\n"))
        .collect::<String>();
    std::fs::write(
        &file,
        format!("{short}{{\"id\": \"long\", \"prompt\": \"{long}\"}}\n"),
    )
    .expect("write");
    let records = records_of(
        ddx_with_model(&home)
            .args(["batch", "-q", "-n", "2", "-p", "2"])
            .arg(&file),
        0,
    );
    assert_eq!(records.len(), 4);
    assert!(records[3]["usage"]["prompt_tokens"].as_u64().expect("n") > 600);
}

#[test]
fn ask_streams_an_answer_and_reports_stats() {
    let home = home();
    let assert = ddx_with_model(&home)
        .args(["ask", "-n", "12", "What organ does hepatitis affect?"])
        .assert()
        .success()
        .stderr(contains("prompt tokens"))
        .stderr(contains("tok/s"))
        // llama.cpp's own log stays silent without --verbose: stderr is the one stats line.
        .stderr(predicates::function::function(|err: &str| {
            err.lines().count() == 1 && !err.contains("llama_")
        }));
    let out = String::from_utf8(assert.get_output().stdout.clone()).expect("utf8");
    assert!(out.trim().len() > 3, "answer: {out:?}");
    assert!(out.ends_with('\n'));
    // The question can come from stdin; --quiet leaves stderr empty.
    ddx_with_model(&home)
        .args(["ask", "-q", "-n", "4"])
        .write_stdin("Hello")
        .assert()
        .success()
        .stderr("");
}

#[test]
fn ask_over_the_context_is_a_typed_error() {
    let home = home();
    ddx_with_model(&home)
        .args(["ask", "-c", "64"])
        .arg("chest pain ".repeat(80))
        .assert()
        .code(2)
        .stderr(contains("only 64 fit"));
}

#[test]
fn missing_and_broken_model_files_exit_2_naming_the_file() {
    let home = home();
    ddx(&home)
        .args(["batch", "--model", "/nonexistent/model.gguf"])
        .write_stdin("{\"id\": 1, \"prompt\": \"x\"}\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("/nonexistent/model.gguf"));
    let not_gguf = home.path().join("notes.gguf");
    std::fs::write(&not_gguf, "just some text, not a model").expect("write");
    ddx(&home)
        .args(["batch", "--model"])
        .arg(&not_gguf)
        .write_stdin("{\"id\": 1, \"prompt\": \"x\"}\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("notes.gguf").and(contains("not a GGUF file")));
    let truncated = home.path().join("truncated.gguf");
    let bytes = std::fs::read(test_model()).expect("model");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).expect("write");
    ddx(&home)
        .args(["ask", "hi", "--model"])
        .arg(&truncated)
        .assert()
        .code(2)
        .stderr(contains("truncated.gguf").and(contains("truncated")));
}

#[test]
fn no_model_anywhere_says_how_to_get_one() {
    let home = home();
    // DDX_MODEL points nowhere: the message says where it came from.
    ddx(&home)
        .env("DDX_MODEL", home.path().join("missing.gguf"))
        .args(["ask", "hi"])
        .assert()
        .code(2)
        .stderr(contains("DDX_MODEL"));
}

use predicates::prelude::PredicateBooleanExt;

/// A case file of `n` cases of a synthetic workload, as `ddx bench workload NAME` prints them.
fn workload_cases(home: &tempfile::TempDir, name: &str, n: usize) -> std::path::PathBuf {
    let out = ddx(home)
        .args(["bench", "workload", name, "--cases", &n.to_string()])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let path = home.path().join(format!("{name}.jsonl"));
    std::fs::write(&path, out).expect("write");
    path
}

#[test]
fn parallel_batch_reuses_the_shared_prefix_keeps_order_and_is_deterministic() {
    let home = home();
    // Cases that share a long system prompt.
    let input = workload_cases(&home, "annotate", 10);
    let run = |parallel: &str| {
        records_of(
            ddx_with_model(&home)
                .args(["batch", "-q", "-n", "4", "-p", parallel])
                .arg(&input),
            0,
        )
    };
    let first = run("4");
    let ids: Vec<String> = first
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect();
    let expected: Vec<String> = (0..10).map(|i| format!("annotate-{i}")).collect();
    assert_eq!(ids, expected, "results in input order");
    let prompt: u64 = first
        .iter()
        .map(|r| r["usage"]["prompt_tokens"].as_u64().expect("n"))
        .sum();
    let reused: u64 = first
        .iter()
        .map(|r| r["usage"]["reused_prompt_tokens"].as_u64().expect("n"))
        .sum();
    // Only the first case evaluates the ~1,100-token instructions; the other nine copy them.
    let first_prompt = first[0]["usage"]["prompt_tokens"].as_u64().expect("n");
    assert!(
        first_prompt > 900,
        "the workload has a long shared prefix: {first_prompt}"
    );
    assert!(
        reused >= 9 * 900,
        "shared prefix reused: {reused} of {prompt}"
    );
    assert_eq!(first[0]["usage"]["reused_prompt_tokens"], 0);
    assert_eq!(
        outputs(&first),
        outputs(&run("4")),
        "same --parallel, same outputs"
    );
    // A single sequence reuses the prefix too (the previous case's KV is kept).
    let single = run("1");
    assert!(single[1..]
        .iter()
        .all(|r| r["usage"]["reused_prompt_tokens"].as_u64().expect("n") > 900));
}

#[test]
fn cases_sharing_little_get_one_kv_stream_each_and_still_reuse_the_system_prompt() {
    let home = home();
    let input = workload_cases(&home, "long-case", 8);
    let run = || {
        let output = ddx_with_model(&home)
            .args(["batch", "-v", "-n", "4", "-p", "4"])
            .arg(&input)
            .assert()
            .success()
            .get_output()
            .clone();
        (
            parse_jsonl(&output.stdout),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    let (first, stderr) = run();
    assert!(
        stderr.contains("one KV stream per case"),
        "prompts that share under half their tokens get per-case streams: {stderr}"
    );
    let ids: Vec<&str> = first
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    let expected: Vec<String> = (0..8).map(|i| format!("long-case-{i}")).collect();
    assert_eq!(ids, expected, "results in input order");
    assert!(first.iter().all(|r| r["status"] == "ok"), "{first:?}");
    // The system prompt is copied between streams, never evaluated twice by the same run.
    assert_eq!(first[0]["usage"]["reused_prompt_tokens"], 0);
    for r in &first[1..] {
        let reused = r["usage"]["reused_prompt_tokens"].as_u64().expect("n");
        assert!(reused >= 40, "system prompt reused: {r}");
    }
    assert_eq!(
        outputs(&first),
        outputs(&run().0),
        "same --parallel, same outputs"
    );
}

#[test]
fn bench_measures_single_stream_and_batch() {
    let home = home();
    let out = ddx_with_model(&home)
        .args([
            "bench", "single", "-p", "64", "-g", "8", "-r", "2", "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).expect("json");
    assert!(report["pp"]["tokens_per_second"].as_f64().expect("pp") > 0.0);
    assert!(report["tg"]["tokens_per_second"].as_f64().expect("tg") > 0.0);
    let out = ddx_with_model(&home)
        .args([
            "bench",
            "batch",
            "--workload",
            "long-case",
            "--cases",
            "3",
            "--parallel",
            "1,3",
            "-n",
            "4",
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).expect("json");
    let runs = report["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 2);
    for run in runs {
        assert_eq!(run["failed"], 0);
        assert_eq!(run["cases"], 3);
        assert!(run["generated_tokens"].as_u64().expect("gen") > 0);
        assert!(
            run["reused_prompt_tokens"].as_u64().expect("reused") > 0,
            "{run}"
        );
        assert!(run["peak_rss_bytes"].as_u64().expect("rss") > 50_000_000);
    }
}

/// The `output` field of each record, in order.
fn outputs(records: &[Value]) -> Vec<Value> {
    records.iter().map(|r| r["output"].clone()).collect()
}

/// A named pipe (what `ddx batch <(jq ...)` and `mkfifo` give) is opened once: every line gets
/// its result, for ddx cases and for Batch API request lines, and the ledger records the run
/// without reading the pipe again. (It used to be opened several times, for the format, the
/// progress total, the prompt profile and the ledger's hash, which took its lines: the run
/// exited 0 with no results.)
#[test]
fn a_named_pipe_is_read_once_and_loses_no_line() {
    let home = home();
    for (name, fixture_name, lines) in [
        ("cases.fifo", "demo-cases.jsonl", 5),
        ("requests.fifo", "batch_api/openai-input.jsonl", 9),
    ] {
        let text = std::fs::read(fixture(fixture_name)).expect("fixture");
        let fifo = home.path().join(name);
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::write(&fifo, text))
        };
        let out = ddx_with_model(&home)
            .arg("batch")
            .arg(&fifo)
            .args(["--max-tokens", "4", "-p", "2"])
            .timeout(std::time::Duration::from_secs(600))
            .assert()
            .get_output()
            .clone();
        writer.join().expect("writer").expect("the pipe was read");
        let records = parse_jsonl(&out.stdout);
        assert_eq!(
            records.len(),
            lines,
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            records.iter().filter(|r| r["status"] == "ok").count() >= 3,
            "{records:?}"
        );
    }
    let runs = ledger_runs(&home);
    assert_eq!(runs.len(), 2, "both runs are in the ledger: {runs:?}");
}
