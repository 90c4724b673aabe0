//! `--batch-invariant`: each case's output is byte-identical whatever `--parallel`, the other
//! cases in the file, or `ddx ask` (real model, greedy and sampled with a fixed seed).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{ddx_with_model, parse_jsonl};

const CASES: usize = 32;
const NEW_TOKENS: &str = "32";

/// A short, distinct question per case.
fn question(i: usize) -> String {
    let findings = [
        "fever and a productive cough",
        "crushing chest pain on exertion",
        "sudden severe headache and neck stiffness",
        "painless jaundice and weight loss",
        "polyuria, polydipsia and fatigue",
        "unilateral leg swelling after a long flight",
        "right lower quadrant pain and vomiting",
        "a rash on both cheeks and joint pain",
    ];
    format!(
        "A {}-year-old presents with {} for {} days. What is the most likely diagnosis?",
        20 + i * 2,
        findings[i % findings.len()],
        1 + i % 5
    )
}

fn write_cases(path: &Path, ids: &[usize]) {
    let lines: Vec<String> = ids
        .iter()
        .map(|&i| {
            serde_json::json!({
                "id": format!("case-{i}"),
                "messages": [{"role": "user", "content": question(i)}],
            })
            .to_string()
        })
        .collect();
    let mut text = lines.join("\n") + "\n";
    if ids.len() < CASES {
        // The same question twice: the second copy could reuse all of the first one's prompt.
        let again = serde_json::json!({
            "id": format!("again-{}", ids[0]),
            "messages": [{"role": "user", "content": question(ids[0])}],
        });
        text.push_str(&format!("{again}\n"));
    }
    std::fs::write(path, text).expect("cases written");
}

/// `ddx batch --batch-invariant` over `file`: output text by id.
fn batch(
    home: &tempfile::TempDir,
    file: &Path,
    parallel: u32,
    sampling: &[&str],
) -> BTreeMap<String, String> {
    let output = ddx_with_model(home)
        .args([
            "batch",
            "--no-ledger",
            "--batch-invariant",
            "--max-tokens",
            NEW_TOKENS,
        ])
        .args(["--parallel", &parallel.to_string()])
        .args(sampling)
        .arg(file)
        .output()
        .expect("ddx runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    parse_jsonl(&output.stdout)
        .into_iter()
        .map(|r| {
            assert_eq!(r["status"], "ok", "{r}");
            (
                r["id"].as_str().unwrap_or_default().to_string(),
                r["output"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn ask(home: &tempfile::TempDir, i: usize, sampling: &[&str]) -> String {
    let output = ddx_with_model(home)
        .args(["ask", "-q", "--batch-invariant", "-n", NEW_TOKENS])
        .args(sampling)
        .arg(question(i))
        .output()
        .expect("ddx runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .trim_end_matches('\n')
        .to_string()
}

#[test]
fn outputs_do_not_depend_on_parallel_neighbours_or_ask() {
    let home = common::home();
    let all = home.path().join("cases.jsonl");
    write_cases(&all, &(0..CASES).collect::<Vec<_>>());
    // A few of the same cases, in another order and other company.
    let few = home.path().join("few.jsonl");
    write_cases(&few, &[31, 7, 0, 16, 3]);
    for (sampling, parallels) in [
        (&["--temperature", "0"][..], &[3, 8, 16][..]),
        (&["--temperature", "0.8", "--seed", "7"][..], &[3, 16][..]),
    ] {
        let reference = batch(&home, &all, 1, sampling);
        assert_eq!(reference.len(), CASES);
        assert!(reference.values().all(|text| !text.is_empty()));
        for &parallel in parallels {
            let other = batch(&home, &all, parallel, sampling);
            assert_eq!(other.len(), CASES, "--parallel {parallel} ({sampling:?})");
            for (id, text) in &reference {
                assert_eq!(
                    &other[id], text,
                    "{id} at --parallel {parallel} ({sampling:?}) differs from --parallel 1"
                );
            }
        }
        let few_outputs = batch(&home, &few, 3, sampling);
        let few_ids: Vec<&str> = few_outputs.keys().map(String::as_str).collect();
        assert_eq!(
            few_ids,
            ["again-31", "case-0", "case-16", "case-3", "case-31", "case-7"],
            "every one of the few cases has a result ({sampling:?})"
        );
        for (id, text) in few_outputs {
            let id = id.replace("again-", "case-");
            assert_eq!(
                &reference[&id], &text,
                "{id} among other cases ({sampling:?})"
            );
        }
        for i in [0, 13, 31] {
            assert_eq!(
                ask(&home, i, sampling),
                reference[&format!("case-{i}")],
                "case-{i} through ddx ask ({sampling:?})"
            );
        }
    }
}

#[test]
fn flash_attention_on_is_refused() {
    let home = common::home();
    let output = ddx_with_model(&home)
        .args(["ask", "--batch-invariant", "--flash-attn", "on", "hi"])
        .output()
        .expect("ddx runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("batch-invariant") && stderr.contains("flash"),
        "{stderr}"
    );
}
