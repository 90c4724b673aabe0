//! Batch never loses work: resume, interrupts, kill -9, output failures and a bad-input
//! battery, all against the real test model and real child processes.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{
    ddx, ddx_process, ddx_with_model, hermetic, home, parse_jsonl, records_of, test_model,
};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::{json, Value};

fn ids_once(records: &[Value], n: usize) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in records {
        *seen
            .entry(r["id"].as_str().expect("string id").to_string())
            .or_default() += 1;
    }
    for i in 0..n {
        assert_eq!(
            seen.get(&format!("c{i}")),
            Some(&1),
            "id c{i} must appear exactly once: {seen:?}"
        );
    }
    assert_eq!(records.len(), n);
}

/// Cases in the runs interrupted mid-way.
const INTERRUPTED_CASES: usize = 40;

/// Start `ddx batch IN -o OUT` as a child process of its own.
fn spawn_batch(home: &tempfile::TempDir, input: &Path, output: &Path) -> Child {
    let mut cmd = ddx_process(home);
    cmd.env("DDX_MODEL", test_model())
        .args(["batch", "-q", "-n", "12", "-p", "2", "-o"])
        .arg(output)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd.spawn().expect("spawn ddx")
}

/// Wait until the output file holds at least `n` complete lines.
fn wait_for_lines(path: &Path, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        let lines = std::fs::read(path)
            .map(|b| b.iter().filter(|&&c| c == b'\n').count())
            .unwrap_or(0);
        if lines >= n {
            return;
        }
        assert!(Instant::now() < deadline, "no output appeared");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn signal(child: &Child, name: &str) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(status.success());
}

#[test]
fn ctrl_c_writes_whole_lines_exits_130_and_resume_completes() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let output = home.path().join("out.jsonl");
    // Long enough that the run is still going when its second record is in, even on a loaded
    // machine; the test fails (does not skip) if it was not.
    std::fs::write(&input, common::prompt_cases(INTERRUPTED_CASES)).expect("write");
    let child = spawn_batch(&home, &input, &output);
    wait_for_lines(&output, 2);
    signal(&child, "INT");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(130),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let partial = parse_jsonl(&std::fs::read(&output).expect("read"));
    // The interrupt landed mid-run: some cases were written, not all.
    assert!(
        (2..INTERRUPTED_CASES).contains(&partial.len()),
        "{} of {INTERRUPTED_CASES} records before the interrupt",
        partial.len()
    );
    assert!(
        partial.iter().all(|r| r["status"] == "ok"),
        "no cancelled case is written as a result"
    );
    ddx_with_model(&home)
        .args(["batch", "-n", "12", "-p", "2", "--resume", "-o"])
        .arg(&output)
        .arg(&input)
        .assert()
        .success()
        .stderr(contains(format!(
            "{} already done (skipped)",
            partial.len()
        )));
    ids_once(
        &parse_jsonl(&std::fs::read(&output).expect("read")),
        INTERRUPTED_CASES,
    );
}

#[test]
fn kill_9_then_resume_holds_every_id_exactly_once() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let output = home.path().join("out.jsonl");
    std::fs::write(&input, common::prompt_cases(INTERRUPTED_CASES)).expect("write");
    let mut child = spawn_batch(&home, &input, &output);
    wait_for_lines(&output, 1);
    signal(&child, "KILL");
    let status = child.wait().expect("wait");
    let before = parse_jsonl(&std::fs::read(&output).expect("read")).len();
    assert!(
        !status.success() && before < INTERRUPTED_CASES,
        "the run finished before the kill ({status:?}, {before} records)"
    );
    // Simulate the worst moment: a record cut in the middle of its line.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&output)
        .and_then(|mut f| f.write_all(b"{\"id\": \"c11\", \"line\": 12, \"status\": \"o"))
        .expect("append");
    ddx_with_model(&home)
        .args(["batch", "-n", "12", "-p", "2", "--resume", "-o"])
        .arg(&output)
        .arg(&input)
        .assert()
        .success()
        .stderr(contains("removed a cut-off final line"));
    ids_once(
        &parse_jsonl(&std::fs::read(&output).expect("read")),
        INTERRUPTED_CASES,
    );
}

#[test]
fn resume_retries_errors_unless_told_not_to() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let output = home.path().join("out.jsonl");
    std::fs::write(&input, common::prompt_cases(3)).expect("write");
    let earlier = [
        json!({"id": "c0", "line": 1, "status": "ok", "output": "kept"}),
        json!({"id": "c1", "line": 2, "status": "error", "error": {"kind": "decode", "message": "line 2: x"}}),
    ];
    let text: String = earlier.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&output, &text).expect("write");
    ddx_with_model(&home)
        .args(["batch", "-n", "4", "--resume", "--no-retry-errors", "-o"])
        .arg(&output)
        .arg(&input)
        .assert()
        .success()
        .stderr(contains("2 already done"));
    let records = parse_jsonl(&std::fs::read(&output).expect("read"));
    assert_eq!(records.len(), 3);
    assert_eq!(records[1]["status"], "error", "the error record was kept");
    std::fs::write(&output, &text).expect("write");
    ddx_with_model(&home)
        .args(["batch", "-n", "4", "--resume", "-o"])
        .arg(&output)
        .arg(&input)
        .assert()
        .success();
    let records = parse_jsonl(&std::fs::read(&output).expect("read"));
    assert_eq!(records[0]["output"], "kept", "ok records are untouched");
    assert!(records.iter().all(|r| r["status"] == "ok"));
    ids_once(&records, 3);
}

#[test]
fn existing_output_needs_resume_or_force() {
    let home = home();
    let output = home.path().join("out.jsonl");
    std::fs::write(&output, "{\"id\": 1}\n").expect("write");
    ddx(&home)
        .args(["batch", "-o"])
        .arg(&output)
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(contains("--resume").and(contains("--force")));
    ddx(&home)
        .args(["batch", "--resume"])
        .write_stdin("")
        .assert()
        .code(2);
}

#[test]
fn closed_stdout_is_a_clean_stop() {
    let home = home();
    let input = home.path().join("in.jsonl");
    std::fs::write(&input, common::prompt_cases(12)).expect("write");
    let script = format!(
        "'{}' batch -n 8 -p 2 '{}' | head -1 > '{}'; echo \"${{PIPESTATUS[0]}}\"",
        env!("CARGO_BIN_EXE_ddx"),
        input.display(),
        home.path().join("first.jsonl").display()
    );
    let out = hermetic(&mut std::process::Command::new("bash"), &home)
        .arg("-c")
        .arg(script)
        .env("DDX_MODEL", test_model())
        .output()
        .expect("bash");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "0",
        "stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        parse_jsonl(&std::fs::read(home.path().join("first.jsonl")).expect("read")).len(),
        1
    );
}

#[test]
fn full_disk_and_unwritable_output_are_clear_errors() {
    let home = home();
    ddx_with_model(&home)
        .args(["batch", "-q", "-n", "2", "-o", "/dev/full"])
        .write_stdin(common::prompt_cases(2))
        .assert()
        .code(2)
        .stderr(contains("No space left on device"));
    ddx(&home)
        .args(["batch", "-o", "/nonexistent-dir/out.jsonl"])
        .write_stdin(common::prompt_cases(1))
        .assert()
        .code(2)
        .stderr(contains(
            "cannot write output file '/nonexistent-dir/out.jsonl'",
        ));
}

#[test]
fn unsupported_architecture_exits_2_before_reading_cases() {
    let home = home();
    let model = common::tiny_gguf(home.path(), "future.gguf", "quantum-transformer");
    ddx(&home)
        .args(["batch", "--model"])
        .arg(&model)
        .write_stdin(common::prompt_cases(1))
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            contains("future.gguf")
                .and(contains("quantum-transformer"))
                .and(contains("not supported")),
        );
}

#[test]
fn oversized_lines_and_template_errors_are_records_and_the_run_goes_on() {
    let home = home();
    let prompts = home.path().join("config/prompts");
    std::fs::create_dir_all(&prompts).expect("mkdir");
    std::fs::write(
        prompts.join("typo.toml"),
        "user = \"{{ case.presentaton }}\"\n",
    )
    .expect("write");
    let big = format!("{}\n", json!({"id": "big", "prompt": "x".repeat(500)}));
    let input = format!("{big}{}", json!({"id": "small", "prompt": "Hi"}));
    let records = records_of(
        ddx_with_model(&home)
            .args(["batch", "-q", "-n", "2", "--max-line-bytes", "200"])
            .write_stdin(input),
        1,
    );
    assert_eq!(records[0]["error"]["kind"], "line_too_long");
    assert!(records[0]["error"]["message"]
        .as_str()
        .expect("msg")
        .contains("limit of 200"));
    assert_eq!(records[1]["status"], "ok");
    let records = records_of(
        ddx_with_model(&home)
            .args(["batch", "-q", "-n", "2", "--template", "typo"])
            .write_stdin(format!("{}\n", json!({"id": 1, "presentation": "cough"}))),
        1,
    );
    assert_eq!(records[0]["error"]["kind"], "template");
    assert!(records[0]["error"]["message"]
        .as_str()
        .expect("msg")
        .contains("typo"));
}

/// A small deterministic generator (xorshift), so the property test needs no extra crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_interleavings_of_good_and_bad_lines_keep_count_and_ids() {
    let bad: [&[u8]; 8] = [
        b"{not json",
        b"[1, 2]",
        b"{\"prompt\": \"no id\"}",
        b"{\"id\": {\"x\": 1}, \"prompt\": \"bad id\"}",
        b"{\"id\": \"w\", \"options\": 3}",
        b"\"a string\"",
        b"{\"id\": \"u\", \"prompt\": \"\xff\xfe\"}",
        b"   ",
    ];
    for seed in [1u64, 7, 1234] {
        let home = home();
        let mut rng = Rng(seed * 0x9E37_79B9_7F4A_7C15);
        let mut input = Vec::new();
        let (mut non_blank, mut good) = (0, 0);
        for i in 0..30 {
            if rng.next().is_multiple_of(3) {
                input.extend_from_slice(
                    format!(
                        "{}\n",
                        json!({"id": format!("g{seed}-{i}"), "prompt": "Yes or no?"})
                    )
                    .as_bytes(),
                );
                good += 1;
                non_blank += 1;
            } else {
                let line = bad[(rng.next() % bad.len() as u64) as usize];
                // Unique ids for the type and UTF-8 errors, so they are not duplicates instead.
                let line: Vec<u8> = if line.starts_with(b"{\"id\": \"w\"") {
                    format!("{{\"id\": \"w{i}\", \"options\": 3}}").into_bytes()
                } else if line.starts_with(b"{\"id\": \"u\"") {
                    let mut l = format!("{{\"id\": \"u{i}\", \"prompt\": \"").into_bytes();
                    l.extend_from_slice(b"\xff\xfe\"}");
                    l
                } else {
                    line.to_vec()
                };
                if !line.iter().all(u8::is_ascii_whitespace) {
                    non_blank += 1;
                }
                input.extend_from_slice(&line);
                input.push(b'\n');
            }
        }
        let out = ddx_with_model(&home)
            .args(["batch", "-q", "-n", "1", "-p", "3"])
            .write_stdin(input)
            .assert()
            .get_output()
            .stdout
            .clone();
        let records = parse_jsonl(&out);
        assert_eq!(
            records.len(),
            non_blank,
            "seed {seed}: one record per non-blank line"
        );
        let ok: Vec<&Value> = records.iter().filter(|r| r["status"] == "ok").collect();
        let failed_good: Vec<&Value> = records
            .iter()
            .filter(|r| {
                r["status"] != "ok" && r["id"].as_str().is_some_and(|id| id.starts_with('g'))
            })
            .collect();
        assert_eq!(
            ok.len(),
            good,
            "seed {seed}: every good line succeeds: {failed_good:?}"
        );
        let mut lines: Vec<u64> = records
            .iter()
            .map(|r| r["line"].as_u64().expect("line"))
            .collect();
        let sorted = {
            let mut s = lines.clone();
            s.sort_unstable();
            s
        };
        assert_eq!(lines, sorted, "seed {seed}: input order");
        lines.dedup();
        assert_eq!(lines.len(), records.len());
    }
}
