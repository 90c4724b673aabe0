//! The ledger from the outside: every batch and eval is recorded, `ddx runs` lists, shows,
//! removes and imports runs, a locked or corrupt ledger never costs a result, a killed run shows
//! as unfinished with the cases it finished, and no patient text reaches the database file.
//! Real model, real SQLite, real child processes; each test has its own DDX_DATA_DIR.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{
    ddx, ddx_process, ddx_with_model, fixture, home, ledger_run, ledger_runs, parse_jsonl,
    test_model,
};
use predicates::prelude::PredicateBooleanExt as _;
use predicates::str::contains;
use serde_json::{json, Value};
use sha2::{Digest as _, Sha256};
use tempfile::TempDir;

fn ledger_file(home: &TempDir) -> PathBuf {
    home.path().join("data/ledger.sqlite3")
}

fn batch(home: &TempDir, input: &Path, output: &Path) -> assert_cmd::assert::Assert {
    ddx_with_model(home)
        .args(["batch", "-n", "6", "-p", "2", "-o"])
        .arg(output)
        .arg(input)
        .assert()
}

fn case_ids(run: &Value) -> Vec<String> {
    run["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn batch_and_eval_are_recorded_and_runs_lists_shows_filters_and_removes_them() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let output = home.path().join("out.jsonl");
    std::fs::write(&input, common::prompt_cases(3)).expect("write");
    batch(&home, &input, &output).success();
    let records = parse_jsonl(&std::fs::read(&output).expect("read"));
    let listed = ledger_runs(&home);
    assert_eq!(listed.len(), 1, "{listed:?}");
    let id = listed[0]["id"].as_str().expect("id").to_string();
    assert_eq!(listed[0]["command"], "batch");
    assert_eq!(listed[0]["counts"], json!({"ok": 3}));
    assert!(listed[0]["finished"].is_string());
    assert_eq!(listed[0]["model"], "SmolLM2-135M-Instruct.Q4_1.gguf");

    let run = ledger_run(&home, &id[..12]);
    assert_eq!(case_ids(&run), ["c0", "c1", "c2"]);
    assert_eq!(
        run["model_sha256"], records[0]["provenance"]["model"]["sha256"],
        "the model's sha256 is the one the records carry"
    );
    assert_eq!(
        run["provenance"]["model"],
        records[0]["provenance"]["model"]
    );
    assert_eq!(
        run["input_sha256"].as_str(),
        Some(hex::encode(Sha256::digest(std::fs::read(&input).expect("read"))).as_str())
    );
    assert_eq!(
        run["output"].as_str().map(PathBuf::from),
        Some(output.canonicalize().expect("abs"))
    );
    assert_eq!(
        run["summary"]["template"],
        records[0]["provenance"]["template"]["name"]
    );
    assert_eq!(
        run["template_sha256"],
        records[0]["provenance"]["template"]["sha256"]
    );
    assert_eq!(run["settings"]["parallel"], 2);
    assert_eq!(run["metrics"]["ok"], 3);
    let usage: u64 = records
        .iter()
        .map(|r| r["usage"]["prompt_tokens"].as_u64().expect("tokens"))
        .sum();
    assert_eq!(run["tokens"]["prompt"], usage);
    assert_eq!(
        run["cases"][1]["prompt_tokens"],
        records[1]["usage"]["prompt_tokens"]
    );
    assert_eq!(
        run["cases"][1]["latency_ms"],
        records[1]["timings"]["total_ms"]
    );
    assert!(run["command_line"]
        .as_array()
        .is_some_and(|a| a.iter().any(|x| x == "batch")));

    // An eval: scored multiple choice, with metrics and gold per case.
    let report = home.path().join("report.json");
    ddx_with_model(&home)
        .args(["eval", "--report"])
        .arg(&report)
        .arg(fixture("eval-mcq.jsonl"))
        .assert()
        .code(1); // two lines of the fixture are not usable cases
    let report: Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("json");
    let listed = ledger_runs(&home);
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["command"], "eval", "newest first");
    let eval = ledger_run(&home, listed[0]["id"].as_str().expect("id"));
    assert_eq!(eval["metrics"]["metrics"], report["metrics"]);
    assert_eq!(eval["metrics"]["method"], "score");
    let correct = eval["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| c["status"] == "correct")
        .count();
    assert_eq!(Some(correct as u64), report["metrics"]["correct"].as_u64());
    assert_eq!(
        eval["summary"]["counts"]["error"].as_u64(),
        report["errors"].as_array().map(|e| e.len() as u64)
    );
    // Rows are written as results arrive (lines that are not cases first): join them by id.
    let predictions = report["predictions"].as_array().expect("predictions");
    assert_eq!(predictions.len(), 3);
    for prediction in predictions {
        let row = eval["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .find(|c| c["id"] == prediction["id"])
            .expect("a row per prediction");
        assert_eq!(row["gold"], prediction["gold"]);
        assert_eq!(row["predicted"], prediction["predicted"]);
        assert!(row["probability"]
            .as_f64()
            .is_some_and(|p| p > 0.0 && p <= 1.0));
    }

    // Filters, the table, rm.
    let filtered = |args: &[&str]| {
        let out = ddx(&home)
            .args(["runs", "list", "--json"])
            .args(args)
            .assert()
            .success();
        parse_jsonl(&out.get_output().stdout).len()
    };
    assert_eq!(filtered(&["--model", "smollm2"]), 2);
    assert_eq!(filtered(&["--model", "gemma"]), 0);
    assert_eq!(filtered(&["--input", "eval-mcq"]), 1);
    assert_eq!(filtered(&["--template", "no-such-template"]), 0);
    assert_eq!(filtered(&["--limit", "1"]), 1);
    ddx(&home).args(["runs", "list"]).assert().success().stdout(
        contains("ID")
            .and(contains(id.as_str()))
            .and(contains("ok 3")),
    );
    ddx(&home)
        .args(["runs", "show", &id])
        .assert()
        .success()
        .stdout(contains("SmolLM2-135M-Instruct.Q4_1.gguf").and(contains("ok 3")));
    ddx(&home)
        .args(["runs", "show", "1999"])
        .assert()
        .code(2)
        .stderr(contains("no run '1999'"));
    ddx(&home).args(["runs", "rm", &id]).assert().success();
    assert_eq!(ledger_runs(&home).len(), 1);
}

#[test]
fn no_ledger_flag_config_key_and_environment_turn_it_off() {
    let home = home();
    let input = home.path().join("in.jsonl");
    std::fs::write(&input, common::prompt_cases(1)).expect("write");
    let run = |extra: &[&str], env: Option<(&str, &str)>| {
        let mut cmd = ddx_with_model(&home);
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        cmd.args(["batch", "-n", "2"])
            .args(extra)
            .arg(&input)
            .assert()
            .success();
    };
    run(&["--no-ledger"], None);
    assert!(!ledger_file(&home).exists(), "--no-ledger opens no ledger");
    run(&[], Some(("DDX_LEDGER", "false")));
    assert!(!ledger_file(&home).exists());
    std::fs::create_dir_all(home.path().join("config")).expect("mkdir");
    std::fs::write(home.path().join("config/config.toml"), "ledger = false\n").expect("write");
    run(&[], None);
    assert!(!ledger_file(&home).exists(), "config key ledger = false");
    ddx(&home)
        .args(["config", "show", "--json"])
        .assert()
        .success()
        .stdout(contains("\"ledger\""));
    std::fs::remove_file(home.path().join("config/config.toml")).expect("rm");
    // DDX_DATA_DIR (set by the hermetic environment) is where the ledger goes.
    run(&[], None);
    assert!(ledger_file(&home).is_file());
    assert_eq!(ledger_runs(&home).len(), 1);
}

#[test]
fn a_locked_ledger_is_a_warning_and_every_result_is_still_written() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let output = home.path().join("out.jsonl");
    std::fs::write(&input, common::prompt_cases(3)).expect("write");
    ddx(&home).args(["runs", "list"]).assert().success();
    let lock = rusqlite::Connection::open(ledger_file(&home)).expect("open");
    lock.execute_batch("BEGIN EXCLUSIVE;")
        .expect("exclusive lock");
    batch(&home, &input, &output)
        .success()
        .stderr(contains("warning").and(contains("locked")));
    assert_eq!(parse_jsonl(&std::fs::read(&output).expect("read")).len(), 3);
    lock.execute_batch("ROLLBACK").expect("release");
    drop(lock);
    assert!(
        ledger_runs(&home).is_empty(),
        "the locked run was not recorded"
    );
}

#[test]
fn a_ledger_of_garbage_bytes_is_a_warning_left_untouched() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let output = home.path().join("out.jsonl");
    std::fs::write(&input, common::prompt_cases(3)).expect("write");
    std::fs::create_dir_all(home.path().join("data")).expect("mkdir");
    let garbage: Vec<u8> = (0..20_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(ledger_file(&home), &garbage).expect("write");
    batch(&home, &input, &output)
        .success()
        .stderr(contains("warning").and(contains("not a database")));
    assert_eq!(parse_jsonl(&std::fs::read(&output).expect("read")).len(), 3);
    assert_eq!(std::fs::read(ledger_file(&home)).expect("read"), garbage);
    ddx(&home)
        .args(["runs", "list"])
        .assert()
        .code(2)
        .stderr(contains("cannot be used"));
}

/// Cases in the run killed mid-way.
const KILLED_CASES: usize = 32;

fn spawn_batch(home: &TempDir, input: &Path, output: &Path) -> Child {
    let mut cmd = ddx_process(home);
    cmd.env("DDX_MODEL", test_model())
        .args(["batch", "-q", "-n", "12", "-p", "1", "-o"])
        .arg(output)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd.spawn().expect("spawn ddx")
}

#[test]
fn a_killed_batch_shows_unfinished_with_its_cases_and_resume_records_a_new_run() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let output = home.path().join("out.jsonl");
    // Long enough that the run is still going when the ledger holds two cases, even on a loaded
    // machine; the test fails (does not skip) if it was not.
    std::fs::write(&input, common::prompt_cases(KILLED_CASES)).expect("write");
    let mut child = spawn_batch(&home, &input, &output);
    // Wait until the ledger holds two cases (reading it while the batch writes: WAL).
    let deadline = Instant::now() + Duration::from_secs(240);
    let id = loop {
        assert!(Instant::now() < deadline, "no run recorded");
        if let Some(run) = ledger_runs(&home).first() {
            if run["counts"]["ok"].as_u64().unwrap_or(0) >= 2 {
                break run["id"].as_str().expect("id").to_string();
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert!(!status.success(), "the run finished before the kill");
    let written: BTreeSet<String> = parse_jsonl(&std::fs::read(&output).expect("read"))
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect();
    assert!(
        written.len() < KILLED_CASES,
        "killed mid-run: {} written",
        written.len()
    );
    let killed = ledger_run(&home, &id);
    assert!(killed["summary"]["finished"].is_null());
    let recorded = case_ids(&killed);
    assert!(recorded.len() >= 2);
    // Every recorded case has its result in the file (a row is written after its record), and
    // at most the one in flight at the kill is in the file but not yet in the ledger.
    assert!(recorded.iter().all(|c| written.contains(c)), "{recorded:?}");
    assert!(
        written.len() - recorded.len() <= 1,
        "{written:?} vs {recorded:?}"
    );
    ddx(&home)
        .args(["runs", "show", &id])
        .assert()
        .success()
        .stdout(contains("unfinished"));
    ddx(&home)
        .args(["runs", "list"])
        .assert()
        .success()
        .stdout(contains("unfinished"));

    // --resume records a new run that names the killed one and holds the rest of the cases.
    ddx_with_model(&home)
        .args(["batch", "-n", "12", "-p", "2", "--resume", "-o"])
        .arg(&output)
        .arg(&input)
        .assert()
        .success();
    let listed = ledger_runs(&home);
    assert_eq!(listed.len(), 2);
    let resumed = ledger_run(&home, listed[0]["id"].as_str().expect("id"));
    assert_eq!(resumed["resumed_from"].as_str(), Some(id.as_str()));
    assert!(resumed["summary"]["finished"].is_string());
    let rest: BTreeSet<String> = case_ids(&resumed).into_iter().collect();
    assert_eq!(rest.len(), KILLED_CASES - written.len());
    assert!(rest.iter().all(|c| !written.contains(c)));
    assert_eq!(resumed["metrics"]["already_done"], written.len());
}

/// `[[kind:value]]` marks out: the plain text and the planted values.
fn unmark(marked: &str) -> (String, Vec<String>) {
    let re = regex::Regex::new(r"\[\[([a-z_]+):(.*?)\]\]").expect("regex");
    let planted = re.captures_iter(marked).map(|c| c[2].to_string()).collect();
    (re.replace_all(marked, "$2").into_owned(), planted)
}

#[test]
fn no_planted_identifier_reaches_the_ledger_file() {
    let home = home();
    let input = home.path().join("notes.jsonl");
    let output = home.path().join("out.jsonl");
    let mut identifiers = BTreeSet::new();
    let mut text = String::new();
    let notes = std::fs::read_to_string(fixture("deid/notes.jsonl")).expect("fixture");
    for line in notes.lines().take(4) {
        let note: Value = serde_json::from_str(line).expect("json");
        let (plain, planted) = unmark(note["notes"].as_str().expect("notes"));
        let name = note["patient"]["name"].as_str().expect("name").to_string();
        identifiers.extend(planted);
        identifiers.insert(name.clone());
        // The note as the case text, and the patient's name in `meta` too.
        text.push_str(&format!(
            "{}\n",
            json!({"id": note["id"], "notes": plain, "meta": {"patient": name}})
        ));
    }
    // Numbers alone (ages, zips) could match a hash or a count by chance: names, addresses,
    // phone numbers, record numbers and dates are what must not be there.
    identifiers.retain(|s| s.len() >= 4 && s.chars().any(|c| !c.is_ascii_digit()));
    assert!(identifiers.len() >= 20, "{identifiers:?}");
    std::fs::write(&input, text).expect("write");
    ddx_with_model(&home)
        .args(["batch", "-n", "8", "--labels", "urgent,routine", "-o"])
        .arg(&output)
        .arg(&input)
        .assert()
        .success();
    // The run went through: its results carry the names (in meta), the ledger has its rows.
    let results = std::fs::read_to_string(&output).expect("read");
    assert!(identifiers.iter().any(|i| results.contains(i.as_str())));
    let run = ledger_run(&home, ledger_runs(&home)[0]["id"].as_str().expect("id"));
    assert_eq!(run["cases"].as_array().map(Vec::len), Some(4));
    assert!(run["cases"][0]["predicted"].is_string(), "{run}");
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(home.path().join("data")).expect("data dir") {
        let path = entry.expect("entry").path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("ledger.sqlite3"))
        {
            bytes.extend(std::fs::read(&path).expect("read"));
        }
    }
    assert!(bytes.len() > 4096);
    let haystack = String::from_utf8_lossy(&bytes).to_lowercase();
    for identifier in &identifiers {
        assert!(
            !haystack.contains(&identifier.to_lowercase()),
            "'{identifier}' is in the ledger"
        );
    }
}

#[test]
fn import_records_a_result_file_made_elsewhere() {
    let elsewhere = home();
    let input = elsewhere.path().join("in.jsonl");
    let output = elsewhere.path().join("shard.jsonl");
    std::fs::write(&input, common::prompt_cases(3)).expect("write");
    ddx_with_model(&elsewhere)
        .args(["batch", "-n", "4", "--no-ledger", "-o"])
        .arg(&output)
        .arg(&input)
        .assert()
        .success();
    let records = parse_jsonl(&std::fs::read(&output).expect("read"));
    let here = home();
    let out = ddx(&here)
        .args(["runs", "import"])
        .arg(&output)
        .assert()
        .success()
        .stderr(contains("imported 3 cases"));
    let id = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let run = ledger_run(&here, id.trim());
    assert_eq!(run["summary"]["command"], "import");
    assert_eq!(run["summary"]["model"], "SmolLM2-135M-Instruct.Q4_1.gguf");
    assert_eq!(
        run["model_sha256"],
        records[0]["provenance"]["model"]["sha256"]
    );
    assert_eq!(
        run["summary"]["template"],
        records[0]["provenance"]["template"]["name"]
    );
    assert_eq!(run["summary"]["counts"], json!({"ok": 3}));
    assert_eq!(case_ids(&run), ["c0", "c1", "c2"]);
    assert_eq!(
        run["settings"]["imported"]["sha256"].as_str(),
        Some(hex::encode(Sha256::digest(std::fs::read(&output).expect("read"))).as_str())
    );
    let not_results = here.path().join("cases.jsonl");
    std::fs::write(&not_results, common::prompt_cases(2)).expect("write");
    ddx(&here)
        .args(["runs", "import"])
        .arg(&not_results)
        .assert()
        .code(2)
        .stderr(contains("no ddx result records"));
    assert_eq!(ledger_runs(&here).len(), 1);
}
