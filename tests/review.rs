//! Reviews as gold: the annotation file `ddx tui --annotations` writes (`a` accept, `x` wrong,
//! `l` label) gives `ddx eval --gold` its gold answers, on the test model.

mod common;

use serde_json::{json, Value};

fn review(case: &str, verdict: &str, label: Option<&str>, answer: Option<&str>) -> String {
    // The fields `ddx tui` writes (src/session/annotations.rs, `record`).
    json!({"case_id": case, "verdict": verdict, "label": label, "note": null,
           "model_answer": answer, "provenance": {}, "timestamp": "2026-12-02T01:00:00Z"})
    .to_string()
}

#[test]
fn eval_takes_gold_answers_from_reviews() {
    let home = common::home();
    let mut cases = std::fs::read_to_string(common::fixture("eval-report.jsonl")).expect("fixture");
    // Two cases without a gold answer of their own.
    cases.push_str(
        "{\"id\": \"r9\", \"question\": \"Which drug treats absence seizures?\", \"options\": {\"A\": \"Ethosuximide\", \"B\": \"Phenytoin\"}}\n\
         {\"id\": \"r10\", \"question\": \"Which drug treats gout flares?\", \"options\": {\"A\": \"Colchicine\", \"B\": \"Allopurinol\"}}\n",
    );
    let input = home.path().join("cases.jsonl");
    std::fs::write(&input, cases).expect("cases");
    let annotations = home.path().join("review.jsonl");
    let lines = [
        review("r1", "label", Some("C"), Some("B")),
        review("r2", "accepted", None, Some("Intramuscular adrenaline")),
        review("r3", "wrong", None, Some("B")),
        review("r9", "label", Some("A"), None),
        review("r10", "wrong", None, Some("B")),
        review("r5", "note", None, None),
    ];
    std::fs::write(&annotations, lines.join("\n") + "\n").expect("annotations");
    let report = home.path().join("report.json");
    let out = common::ddx_with_model(&home)
        .arg("eval")
        .arg(&input)
        .arg("--gold")
        .arg(&annotations)
        .arg("--report")
        .arg(&report)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("3 gold answers taken from the reviews"),
        "{stderr}"
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    let gold: std::collections::BTreeMap<&str, &str> = report["predictions"]
        .as_array()
        .expect("predictions")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().expect("id"),
                p["gold"].as_str().expect("gold"),
            )
        })
        .collect();
    // The label overrides the file; the accepted answer (an option's text) is its option; a
    // `wrong` alone keeps the file's gold; a case with no gold of its own is evaluated on the
    // reviewer's label; a note changes nothing.
    assert_eq!(gold["r1"], "C");
    assert_eq!(gold["r2"], "B");
    assert_eq!(gold["r3"], "A");
    assert_eq!(gold["r9"], "A");
    assert_eq!(gold["r5"], "D");
    assert_eq!(report["metrics"]["n"], 9);
    // `wrong` with no gold anywhere: listed, not evaluated.
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0]["id"].as_str(), errors[0]["kind"].as_str()),
        (Some("r10"), Some("reviewed_wrong"))
    );
    assert_eq!(report["gold"]["cases"], 3);
}
