//! JSON schemas as people write them, end to end on the test model: the clinical fixture
//! schemas under tests/fixtures/schemas/clinical run and every `ok` answer validates; the
//! schemas under refused/ stop the run before the model loads, naming the keyword and where it
//! is; the schemas under mismatch/ make answers the grammar cannot hold to the schema, which
//! become `schema_mismatch` records; `--schema-retry` runs such cases again with new seeds; and
//! ddx's validator agrees with Python's `jsonschema` on the fixture answers.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

fn schemas(group: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(common::fixture(&format!("schemas/{group}")))
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON")
}

/// Demo cases (by line, from 0), as a case file in `dir`.
fn cases(dir: &Path, lines: &[usize]) -> PathBuf {
    let path = dir.join("cases.jsonl");
    let text: Vec<String> = std::fs::read_to_string(common::fixture("demo-cases.jsonl"))
        .expect("fixture")
        .lines()
        .enumerate()
        .filter(|(i, _)| lines.contains(i))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    std::fs::write(&path, text.concat()).expect("write");
    path
}

fn batch(home: &TempDir, input: &Path, schema: &Path, extra: &[&str]) -> Output {
    let mut cmd = common::ddx_with_model(home);
    cmd.env("NO_COLOR", "1")
        .arg("batch")
        .arg(input)
        .arg("--schema")
        .arg(schema)
        .args(["--ctx-size", "1024", "--max-tokens", "160"]);
    if !extra.contains(&"--temperature") {
        cmd.args(["--temperature", "0"]);
    }
    cmd.args(extra).output().expect("ddx runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn name(path: &Path) -> String {
    path.file_stem()
        .expect("file name")
        .to_string_lossy()
        .into_owned()
}

/// Every clinical fixture schema runs on the test model: no schema is refused, llama.cpp's
/// converter never warns that it relaxed one, every record is `ok` or a schema error that keeps
/// the raw output, every `ok` answer validates against the full schema, and where the grammar
/// enforces every keyword (`x-grammar-enforces-all`) no answer is a `schema_mismatch`.
#[test]
fn clinical_schemas_run_and_every_ok_answer_validates() {
    let home = common::home();
    // One case: the model spends most of its time on free text, where grammar sampling is slow.
    let input = cases(home.path(), &[1]);
    let all = schemas("clinical");
    assert!(all.len() >= 20, "at least 20 clinical schemas");
    let (mut ok, mut total) = (0, 0);
    let mut table = Vec::new();
    for path in &all {
        let schema = read_json(path);
        let out = batch(&home, &input, path, &[]);
        let err = stderr(&out);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}: {err}",
            name(path)
        );
        assert!(
            !err.contains("JSON schema conversion"),
            "{}: the converter relaxed the schema: {err}",
            name(path)
        );
        let records = common::parse_jsonl(&out.stdout);
        assert_eq!(records.len(), 1, "{}", name(path));
        let mut verdicts = Vec::new();
        for r in &records {
            total += 1;
            if r["status"] == "ok" {
                ok += 1;
                ddx::answers::schema::validate(&schema, &r["json"]).unwrap_or_else(|e| {
                    panic!("{}: an ok answer breaks the schema: {e}", name(path))
                });
                verdicts.push("ok".to_string());
            } else {
                let kind = r["error"]["kind"].as_str().unwrap_or_default();
                assert!(
                    kind == "schema_mismatch" || kind == "schema_incomplete",
                    "{}: {r}",
                    name(path)
                );
                // Where every keyword is one the grammar enforces (the README's table), an
                // answer can only be cut, never wrong.
                assert!(
                    kind != "schema_mismatch" || schema.get("x-grammar-enforces-all").is_none(),
                    "{}: the grammar let through an answer that breaks the schema: {r}",
                    name(path)
                );
                assert!(r["output"].is_string(), "the raw answer is kept: {r}");
                assert!(r.get("json").is_none(), "{r}");
                verdicts.push(kind.to_string());
            }
        }
        table.push(format!("{:32} {}", name(path), verdicts.join(", ")));
    }
    eprintln!("{}\n{ok} of {total} answers ok", table.join("\n"));
    assert!(
        ok * 10 >= total * 6,
        "most answers follow their schema: {ok} of {total}\n{}",
        table.join("\n")
    );
}

/// Schemas that would abort llama.cpp or that no answer could meet or be checked against stop
/// the run with exit status 2 before the model loads (the model path does not exist), naming
/// the keyword and the JSON pointer; nothing is written.
#[test]
fn refused_schemas_stop_the_run_before_the_model_loads() {
    let home = common::home();
    let input = cases(home.path(), &[0]);
    let all = schemas("refused");
    assert!(all.len() >= 10);
    for path in &all {
        let expect = &read_json(path)["x-expect"];
        let output = home.path().join(format!("{}.jsonl", name(path)));
        let out = common::ddx(&home)
            .arg("batch")
            .arg(&input)
            .arg("--schema")
            .arg(path)
            .arg("-o")
            .arg(&output)
            .args(["--model", "/nonexistent/model.gguf"])
            .output()
            .expect("runs");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{}: {err}", name(path));
        let keyword = expect["keyword"].as_str().expect("keyword");
        let at = expect["at"].as_str().expect("at");
        assert!(
            err.contains(&format!("'{keyword}'")) && err.contains(&format!("'{at}'")),
            "{}: names '{keyword}' at '{at}': {err}",
            name(path)
        );
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(
            !err.contains("nonexistent"),
            "refused before the model: {err}"
        );
        assert!(!output.exists(), "nothing is written for a refused schema");
    }
}

/// Answers that parse but break a rule the grammar cannot enforce (uniqueness, if/then, the
/// calendar, property counts, multiples, bounds of non-integers, `not`) are `schema_mismatch`
/// records naming the pointer and the rule; the raw output is kept, `json` is absent.
#[test]
fn answers_the_grammar_cannot_hold_to_the_schema_are_schema_mismatch() {
    let home = common::home();
    let input = cases(home.path(), &[0]);
    for path in &schemas("mismatch") {
        let expect = &read_json(path)["x-expect"];
        let out = batch(&home, &input, path, &[]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: {}",
            name(path),
            stderr(&out)
        );
        let records = common::parse_jsonl(&out.stdout);
        let r = &records[0];
        assert_eq!(r["error"]["kind"], "schema_mismatch", "{}: {r}", name(path));
        let message = r["error"]["message"].as_str().expect("message");
        let pointer = expect["pointer"].as_str().expect("pointer");
        let rule = expect["rule"].as_str().expect("rule");
        assert!(
            message.contains(&format!("at {pointer}: '{rule}'")),
            "{}: {message}",
            name(path)
        );
        assert!(r["output"].is_string() && r.get("json").is_none(), "{r}");
    }
}

/// `--schema-retry N` runs a case whose answer does not validate again with the next seeds,
/// and records each failed attempt; with greedy decoding it says why it does not retry.
#[test]
fn schema_retry_runs_failing_cases_again_with_new_seeds() {
    let home = common::home();
    let input = cases(home.path(), &[0]);
    let schema = common::fixture("schemas/mismatch/organ-systems-not-unique.json");
    let out = batch(
        &home,
        &input,
        &schema,
        &["--temperature", "0.8", "--seed", "7", "--schema-retry", "2"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let r = &common::parse_jsonl(&out.stdout)[0];
    assert_eq!(r["error"]["kind"], "schema_mismatch", "{r}");
    let failed = r["schema_retry"]["failed"].as_array().expect("attempts");
    let seeds: Vec<u64> = failed
        .iter()
        .map(|f| f["seed"].as_u64().expect("seed"))
        .collect();
    assert_eq!(seeds, [7, 8], "{r}");
    assert!(
        failed.iter().all(|f| f["error"] == "schema_mismatch"),
        "{r}"
    );
    assert_eq!(r["schema_retry"]["seed"], 9, "the last attempt's seed: {r}");

    // A schema every answer meets: no retry, no record of one.
    let fine = common::fixture("schemas/clinical/sepsis-if-then.json");
    let out = batch(
        &home,
        &input,
        &fine,
        &["--temperature", "0.8", "--seed", "7", "--schema-retry", "2"],
    );
    let r = &common::parse_jsonl(&out.stdout)[0];
    if r["status"] == "ok" {
        assert!(r.get("schema_retry").is_none(), "{r}");
    }

    let out = batch(&home, &input, &schema, &["--schema-retry", "2"]);
    assert!(
        stderr(&out).contains("--schema-retry needs --temperature above 0"),
        "{}",
        stderr(&out)
    );
    let r = &common::parse_jsonl(&out.stdout)[0];
    assert!(r.get("schema_retry").is_none(), "{r}");
}

/// `/schema` in chat takes the same checks: a refused schema is refused with its keyword, and
/// an answer that breaks a schema is shown as a schema error (pointer and rule).
#[test]
fn chat_schemas_are_checked_and_answers_validated() {
    let home = common::home();
    let refused = common::fixture("schemas/refused/age-bounds-inverted.json");
    let mismatch = common::fixture("schemas/mismatch/organ-systems-not-unique.json");
    let out = common::ddx_with_model(&home)
        .args([
            "chat",
            "--max-tokens",
            "60",
            "--ctx-size",
            "1024",
            "--temperature",
            "0",
        ])
        .write_stdin(format!(
            "/schema {}\n/schema {}\nWhich organ systems are involved?\n",
            refused.display(),
            mismatch.display()
        ))
        .output()
        .expect("runs");
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("'minimum'") && err.contains("'#/properties/age'"),
        "{err}"
    );
    assert!(err.contains("answers follow the schema"), "{err}");
    assert!(
        err.contains(
            "schema_mismatch: the answer breaks the schema at /organ_systems: 'uniqueItems'"
        ),
        "{err}"
    );
}

/// ddx's validator and Python's `jsonschema` give the same verdict, and break the same rules at
/// the same places, on every fixture answer.
#[test]
fn validators_agree_with_python_jsonschema() {
    let schemas_dir = common::fixture("schemas");
    let answers = common::fixture("schemas/answers.jsonl");
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts/crosscheck-validators.py");
    let mut python = std::process::Command::new("python3");
    if let Some(deps) = common::python_deps() {
        python.env("PYTHONPATH", deps);
    }
    let out = python
        .arg(&script)
        .arg(&schemas_dir)
        .arg(&answers)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "Python's jsonschema is needed (bash .ci/setup.sh --tests installs it): {}",
        stderr(&out)
    );
    let theirs = common::parse_jsonl(&out.stdout);
    let ours: Vec<Value> = std::fs::read_to_string(&answers)
        .expect("answers")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(theirs.len(), ours.len());
    let (mut valid, mut invalid) = (0, 0);
    for (entry, verdict) in ours.iter().zip(&theirs) {
        let schema = read_json(&schemas_dir.join(entry["schema"].as_str().expect("path")));
        let validator = ddx::answers::schema::Validator::new(&schema).expect("compiles");
        let found: Vec<(String, String)> = validator
            .violations(&entry["answer"])
            .into_iter()
            .map(|v| (v.pointer, v.rule))
            .collect();
        let expected: Vec<(String, String)> = verdict["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| {
                let (pointer, rule) = e.as_str().expect("text").rsplit_once(' ').expect("pair");
                (pointer.trim_end_matches('/').to_string(), rule.to_string())
            })
            .collect();
        // The same rules are broken, at the same place: Python names the array for an extra
        // tuple item (`items: false`), ddx the item itself, so a pointer below Python's counts.
        let rules = |errors: &[(String, String)]| -> BTreeSet<String> {
            errors.iter().map(|(_, rule)| rule.clone()).collect()
        };
        let same_place = expected.iter().all(|(pointer, rule)| {
            found
                .iter()
                .any(|(p, r)| r == rule && (p == pointer || p.starts_with(&format!("{pointer}/"))))
        });
        assert!(
            rules(&found) == rules(&expected) && same_place,
            "{} answer {}: ddx and Python disagree: {found:?} against {expected:?}",
            entry["schema"],
            entry["answer"]
        );
        if found.is_empty() {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert!(
        valid >= 30 && invalid >= 30,
        "{valid} valid, {invalid} invalid"
    );
}
