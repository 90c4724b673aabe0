//! The memory check before a multi-sequence context: when the KV cells `--parallel` cases need (the
//! shared prefix once plus each case's own part and answer) would not fit in
//! free memory, batch lowers the parallelism, says so on stderr, and still answers every case
//! (real model; `DDX_MEMORY_AVAILABLE` stands in for a small machine or a job's memory limit).

mod common;

use common::{ddx_with_model, fixture, home, parse_jsonl};

/// `ddx batch --parallel 8` over the demo cases as if `available` bytes were free.
fn batch_with_memory(home: &tempfile::TempDir, available: &str) -> std::process::Output {
    ddx_with_model(home)
        .env("DDX_MEMORY_AVAILABLE", available)
        .args(["batch", "--parallel", "8", "--max-tokens", "4"])
        .args(["--template", "summary"])
        .arg(fixture("demo-cases.jsonl"))
        .output()
        .expect("ddx runs")
}

#[test]
fn batch_lowers_parallel_to_what_memory_holds_and_answers_every_case() {
    let home = home();
    // The test model's weights take about 98 MB of these 370 and compute buffers 256 MiB; the
    // shared pool for these cases (their 70 common tokens once, then ~200 per case at 22.5 KiB
    // each on SmolLM2) needs 35 MiB for 8, so a few fit, not 8.
    let output = batch_with_memory(&home, "370M");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let records = parse_jsonl(&output.stdout);
    assert!(
        stderr.contains("8 cases at once need") && stderr.contains("MiB of KV cache"),
        "the lowered parallelism is explained:\n{stderr}"
    );
    let running: u32 = stderr
        .split("running ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("says how many run at once:\n{stderr}"));
    assert!((1..8).contains(&running), "{running} of 8:\n{stderr}");
    // Every line is answered (demo-5 has no sections for the summary template: an error record).
    assert_eq!(records.len(), 5, "{stderr}");
    let ok = records.iter().filter(|r| r["status"] == "ok").count();
    assert_eq!(ok, 4, "{records:?}");

    // With room to spare nothing is said and nothing changes.
    let output = batch_with_memory(&home, "64G");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("cases at once need"));
    assert_eq!(parse_jsonl(&output.stdout).len(), 5);
}
