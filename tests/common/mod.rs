//! Shared helpers for the CLI tests: a hermetic `ddx` command and the test model's path.
#![allow(dead_code)]

pub mod proxy;
pub mod server;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The default test model, fetched by `models/fetch-default-model.sh`.
pub fn test_model() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/SmolLM2-135M-Instruct.Q4_1.gguf");
    assert!(
        path.is_file(),
        "the test model is missing: run `bash models/fetch-default-model.sh` first ({})",
        path.display()
    );
    path
}

/// The second test model, Gemma 3 270M Q4_K_M (architecture gemma3, no chat template), fetched
/// by `models/fetch-gemma-model.sh` (`.ci/setup.sh --tests` does).
pub fn gemma_model() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/gemma-3-270m-q4_k_m.gguf");
    assert!(
        path.is_file(),
        "the Gemma test model is missing: run `bash models/fetch-gemma-model.sh` first ({})",
        path.display()
    );
    path
}

/// A fixture file under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Give `cmd` a clean environment: only PATH, with config, data and cache directories inside
/// `home`, which is also the working directory, and one CPU thread for the model: tests run two
/// at a time on two cores, and llama.cpp's threads slow down by orders of magnitude when they
/// outnumber the cores (each waits at every barrier for one that is not running).
pub fn hermetic<'c>(
    cmd: &'c mut std::process::Command,
    home: &TempDir,
) -> &'c mut std::process::Command {
    cmd.env_clear()
        .env("DDX_THREADS", "1")
        .env("DDX_CONFIG_DIR", home.path().join("config"))
        .env("DDX_DATA_DIR", home.path().join("data"))
        .env("DDX_CACHE_DIR", home.path().join("cache"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(home.path())
}

/// The `ddx` binary as a plain process (for tests that send it signals), hermetic.
pub fn ddx_process(home: &TempDir) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ddx"));
    hermetic(&mut cmd, home);
    cmd
}

/// `ddx` with a clean environment: config, data and cache directories inside `home`.
pub fn ddx(home: &TempDir) -> Command {
    Command::from_std(ddx_process(home))
}

/// `ddx` with the test model selected through DDX_MODEL.
pub fn ddx_with_model(home: &TempDir) -> Command {
    let mut cmd = ddx(home);
    cmd.env("DDX_MODEL", test_model());
    cmd
}

/// Parse JSONL output: every line must be one JSON object.
pub fn parse_jsonl(stdout: &[u8]) -> Vec<serde_json::Value> {
    let text = std::str::from_utf8(stdout).expect("output is UTF-8");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "output must end with a newline"
    );
    text.lines()
        .map(|line| {
            let value: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            assert!(value.is_object(), "not an object: {line}");
            value
        })
        .collect()
}

/// The runs of the ledger under `home`: `ddx runs list --json`, one object per run.
pub fn ledger_runs(home: &TempDir) -> Vec<serde_json::Value> {
    parse_jsonl(
        &ddx(home)
            .args(["runs", "list", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    )
}

/// One run of the ledger under `home`: `ddx runs show RUN --json`.
pub fn ledger_run(home: &TempDir, run: &str) -> serde_json::Value {
    let out = ddx(home)
        .args(["runs", "show", run, "--json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).expect("runs show --json is JSON")
}

/// Run `cmd`, check its exit status is `code`, and parse its stdout as JSONL records.
pub fn records_of(cmd: &mut Command, code: i32) -> Vec<serde_json::Value> {
    parse_jsonl(&cmd.assert().code(code).get_output().stdout)
}

/// A tiny GGUF file at `dir/name` (architecture `arch`, one 4-element F32 tensor): it passes
/// ddx's header checks without any weights (the architecture check aside).
pub fn tiny_gguf(dir: &Path, name: &str, arch: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, ddx::models::gguf::minimal_file(arch, true)).expect("write gguf");
    path
}

/// `n` raw prompt records (`c0`, `c1`, ...) as JSONL, one short question each.
pub fn prompt_cases(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{}\n",
                serde_json::json!({"id": format!("c{i}"), "prompt": format!("Name a fact about organ {i}.")})
            )
        })
        .collect()
}

pub fn home() -> TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// Where `.ci/setup.sh --tests` puts Python's `jsonschema` when the system has none.
pub fn python_deps() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("HOME")?).join(".cache/ddx/python-jsonschema");
    dir.is_dir().then_some(dir)
}
