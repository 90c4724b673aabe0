//! `ddx audit --emit-variants`: the variants of a written case file as case lines (ids, meta.audit,
//! options and gold moved together), the per-probe counts and skip reasons on stderr, bad lines
//! reported, and the variants accepted by `ddx batch` on the test model.

mod common;

use std::path::PathBuf;

use common::{ddx, ddx_with_model};
use serde_json::{json, Value};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit/cases.jsonl")
}

fn emit(probes: &str) -> (Vec<Value>, String, Option<i32>) {
    let home = tempfile::tempdir().expect("home");
    let out = ddx(&home)
        .args(["audit", "--probe", probes, "--emit-variants"])
        .arg(fixture())
        .output()
        .expect("run");
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    (
        lines,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn option_probes_move_the_gold_with_its_option_and_count_skips() {
    let (lines, stderr, code) = emit("order,relabel");
    let ids: Vec<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "mcq1~order:shift-1",
            "mcq1~order:shift-2",
            "mcq1~order:shift-3",
            "mcq1~order:seed-0",
            "mcq1~relabel:gold-at-B",
            "mcq1~relabel:gold-at-C",
            "mcq1~relabel:gold-at-D",
            "mcq3~order:shift-1",
            "mcq3~relabel:gold-at-A",
        ]
    );
    for line in &lines {
        let gold = line["answer"].as_str().expect("gold");
        let option = line["options"]
            .as_array()
            .expect("options")
            .iter()
            .find(|o| o["label"] == json!(gold))
            .expect("the gold names an option");
        let right = if line["meta"]["audit"]["case"] == json!("mcq1") {
            "Myocardial infarction"
        } else {
            "Malaria"
        };
        assert_eq!(option["text"], json!(right), "{}", line["id"]);
    }
    let audit = &lines[0]["meta"]["audit"];
    assert_eq!(audit["probe"], json!("order"));
    assert_eq!(audit["params"]["order"], json!(["B", "C", "D", "A"]));
    assert_eq!(audit["probe_sha256"].as_str().map(str::len), Some(64));
    assert_eq!(lines[0]["meta"]["source"], json!("written for ddx"));
    assert!(
        stderr.contains("ddx audit: order: 5 variants of 2 cases, 1 skipped"),
        "{stderr}"
    );
    assert!(
        stderr.contains("order: skipped 1: the case has fewer than two options"),
        "{stderr}"
    );
    assert!(stderr.contains("line 3:"), "{stderr}");
    assert_ne!(
        code,
        Some(0),
        "a line that is not a case makes the exit code non-zero"
    );
}

#[test]
fn demographic_probes_change_the_case_and_say_when_they_inserted() {
    let (lines, stderr, _) = emit("sex,race");
    let by_id = |id: &str| {
        lines
            .iter()
            .find(|l| l["id"] == json!(id))
            .expect(id)
            .clone()
    };
    let female = by_id("mcq1~sex:female");
    assert_eq!(
        female["history"],
        json!("A 58-year-old woman has crushing chest pain. She says her husband drove her in.")
    );
    assert_eq!(female["patient"]["sex"], json!("F"));
    let inserted = by_id("mcq1~race:black");
    assert_eq!(inserted["meta"]["audit"]["inserted"], json!(true));
    assert_eq!(inserted["social_history"], json!("The patient is Black."));
    let changed = by_id("mcq3~race:white");
    assert_eq!(changed["meta"]["audit"]["inserted"], json!(false));
    assert_eq!(
        changed["history"],
        json!("A 30-year-old White woman with fever.")
    );
    assert!(
        stderr.contains("sex: skipped 1: the case states no sex"),
        "{stderr}"
    );
}

#[test]
fn the_run_itself_is_not_offered_yet_and_unknown_probes_are_refused() {
    let home = tempfile::tempdir().expect("home");
    let out = ddx(&home)
        .args(["audit", "--probe", "order"])
        .arg(fixture())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--emit-variants"));
    let out = ddx(&home)
        .args(["audit", "--probe", "gender", "--emit-variants"])
        .arg(fixture())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

/// The variants are cases `ddx batch --score` runs on the real test model: one result each,
/// with the variant's id.
#[test]
fn variants_run_through_batch_on_the_test_model() {
    let home = tempfile::tempdir().expect("home");
    let (lines, _, _) = emit("identity,relabel");
    let variants = home.path().join("variants.jsonl");
    // The multiple-choice cases only: `--score` needs options (case 2 has none).
    let lines: Vec<Value> = lines
        .into_iter()
        .filter(|l| l["options"].is_array())
        .collect();
    assert_eq!(lines.len(), 6);
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&variants, text).expect("write");
    let results = home.path().join("results.jsonl");
    ddx_with_model(&home)
        .args(["batch", "--score", "-o"])
        .arg(&results)
        .arg(&variants)
        .assert()
        .success();
    let got: Vec<Value> = std::fs::read_to_string(&results)
        .expect("results")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let ids: Vec<&Value> = got.iter().map(|r| &r["id"]).collect();
    let want: Vec<&Value> = lines.iter().map(|l| &l["id"]).collect();
    assert_eq!(ids, want);
    assert!(got.iter().all(|r| r["status"] == json!("ok")), "{got:?}");
}

/// Same seed, same variants, byte for byte; another seed, another permutation; a seed whose
/// permutation is a shift (3 here) adds no second copy of it.
#[test]
fn the_seed_fixes_the_permutation() {
    let home = tempfile::tempdir().expect("home");
    let run = |seed: &str| {
        let out = ddx(&home)
            .args([
                "audit",
                "--probe",
                "order",
                "--emit-variants",
                "--seed",
                seed,
            ])
            .arg(fixture())
            .output()
            .expect("run");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let seeded = |stdout: &str| -> Vec<Value> {
        stdout
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("json"))
            .filter(|l| l["meta"]["audit"]["params"]["seed"].is_u64())
            .map(|l| l["meta"]["audit"]["params"]["order"].clone())
            .collect()
    };
    let (one, again, two) = (run("1"), run("1"), run("2"));
    assert_eq!(one, again);
    assert_eq!(seeded(&one), [json!(["C", "A", "D", "B"])]);
    assert_eq!(seeded(&two), [json!(["A", "B", "D", "C"])]);
    assert!(seeded(&run("3")).is_empty());
}
