//! Shards and merge: 4 shard processes on one input with one killed mid-run and resumed merge
//! into the unsharded run's results; merge reports what is missing, duplicated or unknown; the
//! README's Slurm, Kubernetes and GNU parallel recipes run as written with their schedulers'
//! environment faked.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{ddx, ddx_process, fixture, hermetic, home, parse_jsonl, test_model};
use predicates::str::contains;
use serde_json::{json, Value};

/// Cases in the sharded run.
const CASES: usize = 32;

/// `ddx batch` on shard `shard` (or all) at fixed settings, as a child process.
fn spawn_shard(
    home: &tempfile::TempDir,
    input: &Path,
    output: &Path,
    shard: Option<&str>,
    resume: bool,
) -> Child {
    let mut cmd = ddx_process(home);
    cmd.env("DDX_MODEL", test_model())
        .args([
            "batch",
            "-q",
            "--no-ledger",
            "-n",
            "10",
            "-p",
            "1",
            "--temperature",
            "0",
            "--seed",
            "3",
            "-o",
        ])
        .arg(output)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(shard) = shard {
        cmd.args(["--shard", shard]);
    }
    if resume {
        cmd.arg("--resume");
    }
    cmd.spawn().expect("spawn ddx")
}

fn lines_in(path: &Path) -> usize {
    std::fs::read(path)
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0)
}

fn outputs_by_id(records: &[Value]) -> HashMap<String, Value> {
    records
        .iter()
        .map(|r| {
            (
                r["id"].as_str().expect("id").to_string(),
                r["output"].clone(),
            )
        })
        .collect()
}

#[test]
fn four_shards_with_one_killed_and_resumed_merge_into_the_unsharded_run() {
    let home = home();
    let input = home.path().join("cases.jsonl");
    // 8 cases a shard: shard 2 is still running when its first result is in, even on a loaded
    // machine (the test fails, not skips, if it was not).
    std::fs::write(&input, common::prompt_cases(CASES)).expect("write");
    let whole = home.path().join("whole.jsonl");
    let shard = |k: usize| home.path().join(format!("shard-{k}.jsonl"));
    let mut children: Vec<Child> = (1..=4)
        .map(|k| spawn_shard(&home, &input, &shard(k), Some(&format!("{k}/4")), false))
        .collect();
    // Shard 2 dies with SIGKILL as soon as it has written a result.
    let deadline = Instant::now() + Duration::from_secs(300);
    while lines_in(&shard(2)) < 1 {
        assert!(Instant::now() < deadline, "shard 2 wrote nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
    children[1].kill().expect("SIGKILL");
    let status = children[1].wait().expect("wait");
    let killed_at = lines_in(&shard(2));
    assert!(
        !status.success(),
        "shard 2 finished before the kill ({status:?}, {killed_at} lines): nothing was resumed"
    );
    let mut unsharded = spawn_shard(&home, &input, &whole, None, false);
    for (i, child) in children.iter_mut().enumerate() {
        if i != 1 {
            assert!(
                child.wait().expect("wait").success(),
                "shard {} failed",
                i + 1
            );
        }
    }
    // Before the resume the merge finds the killed shard's ids missing, and says so.
    let merged = home.path().join("merged.jsonl");
    let shard_files: Vec<PathBuf> = (1..=4).map(shard).collect();
    let summary = ddx(&home)
        .args(["merge", "--json"])
        .arg(&merged)
        .args(&shard_files)
        .arg("--input")
        .arg(&input)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let summary: Value = serde_json::from_slice(&summary).expect("json");
    assert!(
        !summary["missing"].as_array().expect("present").is_empty(),
        "shard 2 was killed after {killed_at} lines ({status:?}): {summary}"
    );
    // Resume the killed shard, then merge: every id once, in input order.
    assert!(spawn_shard(&home, &input, &shard(2), Some("2/4"), true)
        .wait()
        .expect("wait")
        .success());
    let summary = ddx(&home)
        .args(["merge", "--json", "--force"])
        .arg(&merged)
        .args(&shard_files)
        .arg("--input")
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let summary: Value = serde_json::from_slice(&summary).expect("json");
    assert_eq!(summary["complete"], json!(true), "{summary}");
    assert_eq!(summary["records"], json!(CASES));
    let records = parse_jsonl(&std::fs::read(&merged).expect("read"));
    let ids: Vec<String> = records
        .iter()
        .map(|r| r["id"].as_str().expect("present").to_string())
        .collect();
    let want: Vec<String> = (0..CASES).map(|i| format!("c{i}")).collect();
    assert_eq!(ids, want);
    // The shards partition the input: no shard is empty here, none holds another's id.
    let shard_ids: Vec<BTreeSet<String>> = (1..=4)
        .map(|k| {
            parse_jsonl(&std::fs::read(shard(k)).expect("read"))
                .iter()
                .map(|r| r["id"].as_str().expect("id").to_string())
                .collect()
        })
        .collect();
    let sizes: Vec<usize> = shard_ids.iter().map(BTreeSet::len).collect();
    assert!(sizes.iter().all(|&n| n > 0), "an empty shard: {sizes:?}");
    for (a, ids_a) in shard_ids.iter().enumerate() {
        for (b, ids_b) in shard_ids.iter().enumerate().skip(a + 1) {
            let both: Vec<&String> = ids_a.intersection(ids_b).collect();
            assert!(
                both.is_empty(),
                "shards {} and {} both hold {both:?}",
                a + 1,
                b + 1
            );
        }
    }
    // Each shard file holds each of its ids once, and together they hold every id.
    let lines: Vec<usize> = (1..=4).map(|k| lines_in(&shard(k))).collect();
    assert_eq!(lines, sizes, "a shard holds an id twice");
    assert_eq!(sizes.iter().sum::<usize>(), CASES, "{sizes:?}");
    eprintln!("shard sizes {sizes:?}; shard 2 killed after {killed_at} lines ({status:?})");
    // Same outputs as one unsharded run at the same settings.
    assert!(unsharded.wait().expect("wait").success());
    let whole_records = parse_jsonl(&std::fs::read(&whole).expect("read"));
    assert_eq!(whole_records.len(), CASES);
    let (a, b) = (outputs_by_id(&records), outputs_by_id(&whole_records));
    for id in &want {
        assert_eq!(a[id], b[id], "output of {id}");
    }
}

fn record(id: &str, line: usize) -> String {
    format!(
        "{}\n",
        json!({"id": id, "line": line, "status": "ok", "output": id})
    )
}

#[test]
fn merge_reports_missing_duplicate_and_unknown_ids() {
    let home = home();
    let input = home.path().join("cases.jsonl");
    std::fs::write(&input, common::prompt_cases(4)).expect("write");
    let dir = home.path().join("shards");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("a.jsonl"), record("c2", 3) + &record("c0", 1)).expect("write");
    std::fs::write(dir.join("b.jsonl"), record("c0", 1) + &record("zz", 9)).expect("write");
    let out = ddx(&home)
        .args(["merge", "-", "shards", "--input", "cases.jsonl"])
        .assert()
        .code(1)
        .stderr(contains("ddx merge: 2 records"))
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2 ids missing") && stderr.contains("c1, c3"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 ids duplicate") && stderr.contains("c0"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 ids unknown") && stderr.contains("zz"),
        "{stderr}"
    );
    let merged = parse_jsonl(&out.stdout);
    let ids: Vec<&str> = merged
        .iter()
        .map(|r| r["id"].as_str().expect("present"))
        .collect();
    assert_eq!(ids, ["c0", "c2"], "input order, unknown ids left out");
    // Without the input: ordered by input line, nothing to be missing.
    let out = ddx(&home)
        .args(["merge", "-", "shards/b.jsonl", "shards/a.jsonl"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let ids: Vec<String> = parse_jsonl(&out)
        .iter()
        .map(|r| r["id"].as_str().expect("present").to_string())
        .collect();
    assert_eq!(ids, ["c0", "c2", "zz"]);
}

/// PATH with the ddx under test first (the recipes call `ddx`). The GNU parallel recipe runs
/// the real GNU parallel (`.ci/setup.sh` installs it): without it the test fails, saying so.
fn recipe_path(_home: &tempfile::TempDir) -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_ddx"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let dirs = vec![bin];
    let has_parallel = std::process::Command::new("parallel")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has_parallel,
        "GNU parallel is not installed: the README's one-machine recipe needs it (apt-get install \
         parallel; .ci/setup.sh installs it)"
    );
    let mut path = std::env::join_paths(dirs)
        .expect("path")
        .into_string()
        .expect("utf8");
    path.push(':');
    path.push_str(&std::env::var("PATH").unwrap_or_default());
    path
}

fn recipe(home: &tempfile::TempDir, script: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new("bash");
    hermetic(&mut cmd, home);
    cmd.arg(fixture(&format!("recipes/{script}")))
        .env("PATH", recipe_path(home))
        .env("DDX_MODEL", test_model())
        .env("CASES", "cases.jsonl")
        .env("OUT", "results")
        .env("DDX_ARGS", "-q --no-ledger -n 4 -p 1");
    cmd
}

#[test]
fn the_sbatch_array_recipe_covers_the_input_with_tasks_from_0_or_1() {
    let home = home();
    std::fs::write(home.path().join("cases.jsonl"), common::prompt_cases(6)).expect("write");
    // --array=0-2: Slurm counts from SLURM_ARRAY_TASK_MIN.
    for task in 0..3 {
        let status = recipe(&home, "ddx-array.sbatch")
            .env("SLURM_ARRAY_TASK_ID", task.to_string())
            .env("SLURM_ARRAY_TASK_MIN", "0")
            .env("SLURM_ARRAY_TASK_MAX", "2")
            .env("SLURM_ARRAY_TASK_COUNT", "3")
            .status()
            .expect("run the sbatch script");
        assert!(status.success());
    }
    ddx(&home)
        .args([
            "merge",
            "results.jsonl",
            "results",
            "--input",
            "cases.jsonl",
        ])
        .assert()
        .success();
    let merged = parse_jsonl(&std::fs::read(home.path().join("results.jsonl")).expect("read"));
    assert_eq!(merged.len(), 6);
    // Rerunning a task (a node failure) resumes it: nothing runs twice.
    let status = recipe(&home, "ddx-array.sbatch")
        .env("SLURM_ARRAY_TASK_ID", "1")
        .env("SLURM_ARRAY_TASK_MIN", "0")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .status()
        .expect("rerun");
    assert!(status.success());
    let total: usize = (0..3)
        .map(|t| {
            parse_jsonl(
                &std::fs::read(home.path().join(format!("results/shard-{t}.jsonl")))
                    .unwrap_or_default(),
            )
            .len()
        })
        .sum();
    assert_eq!(total, 6);
}

#[test]
fn the_gnu_parallel_recipe_and_the_kubernetes_index_cover_the_input() {
    let home = home();
    std::fs::write(home.path().join("cases.jsonl"), common::prompt_cases(5)).expect("write");
    let status = recipe(&home, "ddx-parallel.sh")
        .env("N", "2")
        .env("CORES", "2")
        .status()
        .expect("run the parallel script");
    assert!(status.success());
    let merged = parse_jsonl(&std::fs::read(home.path().join("results.jsonl")).expect("read"));
    let ids: Vec<&str> = merged
        .iter()
        .map(|r| r["id"].as_str().expect("present"))
        .collect();
    assert_eq!(ids, ["c0", "c1", "c2", "c3", "c4"]);
    // The Indexed Job's pods: JOB_COMPLETION_INDEX 0..N-1 and DDX_SHARD_COUNT = completions.
    let manifest = std::fs::read_to_string(fixture("recipes/ddx-indexed-job.yaml")).expect("read");
    assert!(manifest.contains("completionMode: Indexed"));
    assert!(manifest.contains("completions: 8"));
    assert!(manifest.contains("value: \"8\""));
    assert!(manifest.contains("--shard auto --resume"));
    for index in 0..2 {
        let mut cmd = ddx_process(&home);
        cmd.env("DDX_MODEL", test_model())
            .env("JOB_COMPLETION_INDEX", index.to_string())
            .env("DDX_SHARD_COUNT", "2")
            .args([
                "batch",
                "cases.jsonl",
                "--shard",
                "auto",
                "--resume",
                "-q",
                "--no-ledger",
                "-n",
                "4",
                "-p",
                "1",
                "-o",
            ])
            .arg(format!("k8s/shard-{index}.jsonl"));
        std::fs::create_dir_all(home.path().join("k8s")).expect("mkdir");
        assert!(cmd.status().expect("run").success());
    }
    let out = ddx(&home)
        .args(["merge", "-", "k8s", "--input", "cases.jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let k8s = parse_jsonl(&out);
    assert_eq!(k8s.len(), 5);
    // The same shards as GNU parallel's K/N: same files, line for line.
    for k in 0..2 {
        let a = std::fs::read_to_string(home.path().join(format!("k8s/shard-{k}.jsonl")))
            .expect("read");
        let b = std::fs::read_to_string(home.path().join(format!("results/shard-{}.jsonl", k + 1)))
            .expect("read");
        let ids = |t: &str| {
            parse_jsonl(t.as_bytes())
                .iter()
                .map(|r| r["id"].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&a), ids(&b));
    }
}

#[test]
fn a_request_file_shards_and_merges_in_the_batch_api_format() {
    let home = home();
    let input = fixture("batch_api/openai-input.jsonl");
    for k in 1..=2 {
        let mut cmd = ddx_process(&home);
        cmd.env("DDX_MODEL", test_model())
            .args([
                "batch",
                "-q",
                "--no-ledger",
                "--output-format",
                "openai-batch",
                "--shard",
            ])
            .arg(format!("{k}/2"))
            .arg("-o")
            .arg(format!("s{k}.jsonl"))
            .arg(&input)
            .stdout(Stdio::null());
        // Some lines of the fixture are errors: exit status 1.
        assert_eq!(cmd.status().expect("run").code(), Some(1));
    }
    let out = ddx(&home)
        .args(["merge", "-", "s1.jsonl", "s2.jsonl", "--input"])
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let merged = parse_jsonl(&out);
    let ids: Vec<Value> = merged.iter().map(|l| l["custom_id"].clone()).collect();
    // Every line once, in input order: the lines without an id and the repeated id included.
    assert_eq!(
        ids,
        [
            json!("request-1"),
            json!("request-2"),
            json!("request-3"),
            json!("request-4"),
            json!("request-5"),
            json!("request-6"),
            Value::Null,
            Value::Null,
            json!("request-1"),
        ]
    );
    assert_eq!(merged[8]["error"]["code"], json!("duplicate_id"));
}
