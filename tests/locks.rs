//! One writer per output file, from the outside: a second `ddx batch` on a file another batch is
//! writing stops with exit 2 naming the holder, before it reads or writes anything; `--wait`
//! starts when the first ends; a stale lock file is taken over, one from another host never;
//! every other writer (sdx run, merge, eval --report, the TUI's annotations, chat's /save) holds
//! the same lock. And the
//! ledger items: two runs recording at once both land, a scored batch's gold reaches the ledger
//! (so `ddx report` gives accuracy), a killed eval shows unfinished with the cases it did, and
//! ledger warnings respect `-q`. Real model, real child processes, no fixed sleep decides an
//! outcome: a test waits for evidence (a record written, a line on stderr) before it goes on.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use common::{
    ddx, ddx_process, ddx_with_model, fixture, home, ledger_run, ledger_runs, parse_jsonl,
    test_model,
};
use predicates::prelude::PredicateBooleanExt as _;
use predicates::str::contains;
use serde_json::Value;
use tempfile::TempDir;

/// A `ddx` child with the test model, stdout dropped and stderr readable line by line.
fn spawn(home: &TempDir, args: &[&str]) -> (Child, Receiver<String>) {
    let mut cmd = ddx_process(home);
    cmd.env("DDX_MODEL", test_model())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn ddx");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// Wait (up to 5 minutes) until `ready` is true, polling.
fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(300);
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn records(path: &Path) -> Vec<Value> {
    parse_jsonl(&std::fs::read(path).unwrap_or_default())
}

/// Complete lines in `path` so far (a writer may be mid-line).
fn lines_written(path: &Path) -> usize {
    std::fs::read(path)
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0)
}

fn ids(path: &Path) -> Vec<String> {
    records(path)
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

fn lock_file(output: &Path) -> std::path::PathBuf {
    ddx::session::sink::output_lock::lock_path(output)
}

fn this_host() -> String {
    ddx::session::ledger::host_name().expect("a host name")
}

/// A pid that no process has: a child that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().expect("true");
    let pid = child.id();
    child.wait().expect("wait");
    assert!(!Path::new(&format!("/proc/{pid}")).exists());
    pid
}

/// The first stderr line containing `text` (within 2 minutes).
fn said_within(rx: &Receiver<String>, text: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) if line.contains(text) => return line,
            Ok(_) => {}
            Err(e) => panic!("no line with '{text}' on stderr: {e}"),
        }
    }
}

fn collect(rx: &Receiver<String>) -> String {
    rx.try_iter().collect::<Vec<_>>().join("\n")
}

#[test]
fn a_second_writer_is_refused_by_name_and_a_waiting_one_resumes_after_the_first() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let more = home.path().join("more.jsonl");
    let output = home.path().join("out.jsonl");
    std::fs::write(&input, common::prompt_cases(12)).expect("write");
    // The waiting run's input: the same 12 cases and 2 more.
    std::fs::write(&more, common::prompt_cases(14)).expect("write");
    let out = output.to_str().expect("utf-8");
    let (mut first, _first_err) = spawn(
        &home,
        &["batch", "-n", "48", "-p", "1", "-o", out, "in.jsonl"],
    );
    wait_for("the first run's first record", || {
        lines_written(&output) >= 1
    });
    assert!(
        first.try_wait().expect("poll").is_none(),
        "the first run must still be writing"
    );
    assert!(lock_file(&output).exists());

    // A second writer (a too-early --resume) is refused before it reads or writes anything.
    let before = std::fs::read(&output).expect("read");
    let refused = ddx_with_model(&home)
        .args(["batch", "--resume", "-o", out, "in.jsonl"])
        .assert()
        .code(2)
        .stderr(contains(format!(
            "{out} is being written by ddx pid {} on {} since ",
            first.id(),
            this_host()
        )))
        .stderr(contains("--wait"))
        .stderr(contains("resuming").not());
    drop(refused);
    let after = std::fs::read(&output).expect("read");
    assert!(
        after.starts_with(&before),
        "the refused run changed what was written"
    );

    // With --wait it starts when the first ends, and resumes from what the first wrote.
    let (mut waiting, waiting_err) = spawn(
        &home,
        &[
            "batch",
            "--wait",
            "--resume",
            "-n",
            "8",
            "-o",
            out,
            "more.jsonl",
        ],
    );
    let said = said_within(&waiting_err, "waiting for");
    assert!(said.contains(&format!("pid {}", first.id())), "{said}");
    assert!(first.wait().expect("wait").success());
    let status = waiting.wait().expect("wait");
    let rest = collect(&waiting_err);
    assert!(status.success(), "{rest}");
    assert!(rest.contains("resuming"), "{rest}");
    assert!(rest.contains("12 records kept"), "{rest}");

    let written = ids(&output);
    let unique: BTreeSet<&String> = written.iter().collect();
    assert_eq!(written.len(), 14, "{written:?}");
    assert_eq!(unique.len(), 14, "every id exactly once: {written:?}");
    assert!(!lock_file(&output).exists(), "the lock file is removed");
}

#[test]
fn a_stale_lock_file_is_taken_over_and_one_from_another_host_never() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let output = home.path().join("out.jsonl");
    std::fs::write(&input, common::prompt_cases(2)).expect("write");
    let out = output.to_str().expect("utf-8");

    let foreign = serde_json::json!({"pid": 4121, "host": "node-7-elsewhere",
        "started": "2026-01-02T14:02:00+00:00"});
    std::fs::write(lock_file(&output), foreign.to_string()).expect("write");
    ddx_with_model(&home)
        .args(["batch", "-n", "4", "-o", out, "in.jsonl"])
        .assert()
        .code(2)
        .stderr(contains(
            "is being written by ddx pid 4121 on node-7-elsewhere since 2026-01-02",
        ))
        .stderr(contains("never taken over automatically"));
    assert!(!output.exists(), "nothing written");
    assert!(lock_file(&output).exists(), "left in place");

    let stale = serde_json::json!({"pid": dead_pid(), "host": this_host(),
        "started": "2026-01-02T14:02:00+00:00"});
    std::fs::write(lock_file(&output), stale.to_string()).expect("write");
    ddx_with_model(&home)
        .args(["batch", "-n", "4", "-o", out, "in.jsonl"])
        .assert()
        .success()
        .stderr(contains("took over the stale lock"));
    assert_eq!(ids(&output), ["c0", "c1"]);
    assert!(!lock_file(&output).exists());
}

#[test]
fn every_writer_holds_the_lock_sdx_run_merge_eval_report_tui_and_chat_save() {
    let home = home();
    let shard = home.path().join("shard.jsonl");
    std::fs::write(&shard, "{\"id\":\"a\",\"status\":\"ok\"}\n").expect("write");
    let merged = home.path().join("merged.jsonl");
    let sdx_out = home.path().join("sdx.jsonl");
    let report = home.path().join("report.json");
    let transcript = home.path().join("chat.md");
    let annotations = home.path().join("reviews.jsonl");
    // This test process holds the locks, as another run would.
    let held: Vec<_> = [&merged, &sdx_out, &report, &transcript, &annotations]
        .iter()
        .map(|p| ddx::session::sink::output_lock::acquire(p, false).expect("lock"))
        .collect();
    let holder = format!("is being written by ddx pid {}", std::process::id());
    ddx(&home)
        .arg("merge")
        .arg(&merged)
        .arg(&shard)
        .assert()
        .code(2)
        .stderr(contains(holder.as_str()));
    assert!(!merged.exists());
    ddx_with_model(&home)
        .args(["sdx", "run", "-o"])
        .arg(&sdx_out)
        .arg(fixture("sdx-cases.jsonl"))
        .assert()
        .code(2)
        .stderr(contains(holder.as_str()));
    assert!(!sdx_out.exists());
    ddx_with_model(&home)
        .args(["eval", "--report"])
        .arg(&report)
        .arg(fixture("eval-mcq.jsonl"))
        .assert()
        .code(2)
        .stderr(contains(holder.as_str()));
    assert!(!report.exists());
    ddx_with_model(&home)
        .args(["chat", "-n", "4"])
        .write_stdin(format!("/save {}\n", transcript.display()))
        .assert()
        .stderr(contains(holder.as_str()));
    assert!(!transcript.exists());
    ddx_with_model(&home)
        .arg("tui")
        .arg(fixture("demo-cases.jsonl"))
        .arg("--annotations")
        .arg(&annotations)
        .assert()
        .code(2)
        .stderr(contains(holder.as_str()));
    assert!(!annotations.exists());

    // merge --wait waits while the lock is held and writes once it is let go.
    let (mut waiting, said) = spawn(
        &home,
        &[
            "merge",
            "--wait",
            merged.to_str().expect("utf-8"),
            shard.to_str().expect("utf-8"),
        ],
    );
    said_within(&said, "waiting for");
    assert!(waiting.try_wait().expect("poll").is_none());
    drop(held);
    assert!(waiting.wait().expect("wait").success());
    assert_eq!(ids(&merged), ["a"]);
}

#[test]
fn two_runs_recording_at_once_both_land_in_the_ledger() {
    let home = home();
    std::fs::write(home.path().join("in.jsonl"), common::prompt_cases(6)).expect("write");
    let (mut a, a_err) = spawn(
        &home,
        &["batch", "-n", "24", "-p", "1", "-o", "a.jsonl", "in.jsonl"],
    );
    let (mut b, b_err) = spawn(
        &home,
        &["batch", "-n", "24", "-p", "1", "-o", "b.jsonl", "in.jsonl"],
    );
    assert!(a.wait().expect("wait").success(), "{}", collect(&a_err));
    assert!(b.wait().expect("wait").success(), "{}", collect(&b_err));
    let listed = ledger_runs(&home);
    assert_eq!(listed.len(), 2, "{listed:?}");
    for run in &listed {
        let shown = ledger_run(&home, run["id"].as_str().expect("id"));
        assert!(shown["summary"]["finished"].is_string(), "{shown}");
        assert_eq!(shown["cases"].as_array().map(Vec::len), Some(6), "{shown}");
    }
    let warnings = format!("{}{}", collect(&a_err), collect(&b_err));
    assert!(!warnings.contains("warning"), "{warnings}");
}

#[test]
fn a_scored_batch_records_the_gold_so_report_gives_accuracy() {
    let home = home();
    ddx_with_model(&home)
        .args(["batch", "--score", "-o", "out.jsonl"])
        .arg(fixture("eval-mcq.jsonl"))
        .assert()
        .success();
    let listed = ledger_runs(&home);
    let id = listed[0]["id"].as_str().expect("id");
    let shown = ledger_run(&home, id);
    let golds: Vec<Option<&str>> = shown["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["gold"].as_str())
        .collect();
    // The fixture's gold answers, as labels ("Protamine sulfate" is option B by its text); q4
    // has no answer and q5's ("Z") names no option: no gold.
    assert_eq!(
        golds,
        [Some("A"), Some("B"), Some("B"), None, None],
        "{shown}"
    );
    ddx(&home)
        .args(["report", id, "--format", "md"])
        .assert()
        .success()
        .stdout(contains("**Accuracy ").and(contains("no gold label").not()));
}

#[test]
fn a_killed_eval_shows_unfinished_with_the_cases_it_did() {
    let home = home();
    let cases: String = (0..20)
        .map(|i| {
            format!(
                "{}\n",
                serde_json::json!({"id": format!("q{i}"),
                    "question": format!("Which organ does disease number {i} affect first?"),
                    "options": ["Liver", "Heart", "Lung", "Kidney"], "answer": "Heart"})
            )
        })
        .collect();
    std::fs::write(home.path().join("cases.jsonl"), cases).expect("write");
    let (mut eval, _err) = spawn(
        &home,
        &[
            "eval",
            "-q",
            "--generate",
            "-n",
            "48",
            "-p",
            "1",
            "cases.jsonl",
        ],
    );
    let mut id = String::new();
    wait_for("two eval cases in the ledger", || {
        let Some(run) = ledger_runs(&home).first().cloned() else {
            return false;
        };
        id = run["id"].as_str().expect("id").to_string();
        ledger_run(&home, &id)["cases"]
            .as_array()
            .map_or(0, Vec::len)
            >= 2
    });
    assert!(eval.try_wait().expect("poll").is_none(), "still running");
    eval.kill().expect("SIGKILL");
    let _ = eval.wait();
    let killed = ledger_run(&home, &id);
    assert!(killed["summary"]["finished"].is_null(), "{killed}");
    let done = killed["cases"].as_array().expect("cases");
    assert!(done.len() >= 2 && done.len() < 20, "{}", done.len());
    assert!(done.iter().all(|c| c["gold"] == "B"), "{done:?}");
    ddx(&home)
        .args(["runs", "list"])
        .assert()
        .success()
        .stdout(contains("unfinished"));
}

#[test]
fn ledger_warnings_respect_quiet() {
    let home = home();
    std::fs::write(home.path().join("in.jsonl"), common::prompt_cases(1)).expect("write");
    // A ledger that cannot be opened: a directory where the database file goes.
    std::fs::create_dir_all(home.path().join("data/ledger.sqlite3")).expect("mkdir");
    ddx_with_model(&home)
        .args(["batch", "-n", "2", "-o", "loud.jsonl", "in.jsonl"])
        .assert()
        .success()
        .stderr(contains("warning"));
    let quiet = ddx_with_model(&home)
        .args(["batch", "-q", "-n", "2", "-o", "quiet.jsonl", "in.jsonl"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&quiet.get_output().stderr).to_string();
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(records(&home.path().join("quiet.jsonl")).len(), 1);
}
