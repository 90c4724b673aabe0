//! The sequential-diagnosis scorer against labelled pairs (`tests/fixtures/sdx/scoring-pairs.jsonl`,
//! written before the scorer, from AgentClinic's gold diagnoses, the equivalence table's groups and
//! issue 28's examples), and `ddx sdx play` scoring a typed diagnosis the way a clinician would.

mod common;

use common::{ddx, home};
use ddx::clinical::sdx::score;
use serde_json::Value;

#[test]
fn the_scorer_agrees_with_every_labelled_pair() {
    let text = std::fs::read_to_string(common::fixture("sdx/scoring-pairs.jsonl")).expect("pairs");
    let (mut agree, mut wrong_counted_correct, mut missed) = (0, Vec::new(), Vec::new());
    let pairs: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a pair"))
        .collect();
    for p in &pairs {
        let (gold, answer) = (
            p["gold"].as_str().expect("gold"),
            p["answer"].as_str().expect("answer"),
        );
        let label = p["correct"].as_bool().expect("correct");
        let v = score::verdict(answer, gold, &[]);
        let line = format!("{answer:?} for {gold:?} ({}): {v:?}", p["rule"]);
        match (label, v.matched.correct()) {
            (true, true) | (false, false) => agree += 1,
            (false, true) => wrong_counted_correct.push(line),
            (true, false) => missed.push(line),
        }
    }
    let n = pairs.len();
    eprintln!(
        "scoring pairs: {agree}/{n} agree; wrong answers counted correct: {}; right answers missed: {}",
        wrong_counted_correct.len(),
        missed.len()
    );
    assert!(n >= 250, "{n} pairs");
    assert!(
        wrong_counted_correct.is_empty() && missed.is_empty(),
        "wrong answers counted correct:\n{}\nright answers missed:\n{}",
        wrong_counted_correct.join("\n"),
        missed.join("\n")
    );
}

/// One case of ddx's sequential form.
fn case(id: &str, diagnosis: &str) -> String {
    format!(
        "{}\n",
        serde_json::json!({"id": id, "opening": "A 30-year-old with jaundice.",
            "tests": {"Liver function tests": "ALT 2400 U/L"},
            "diagnosis": diagnosis})
    )
}

fn play(cases: &str, id: &str, diagnosis: &str) -> String {
    let home = home();
    let path = home.path().join("cases.jsonl");
    std::fs::write(&path, cases).expect("write");
    let out = ddx(&home)
        .args(["sdx", "play"])
        .arg(&path)
        .args(["--case", id])
        .write_stdin(format!("diagnose {diagnosis}\n"))
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn a_played_diagnosis_is_scored_as_a_clinician_would() {
    let cases = case("hep-a", "Hepatitis A") + &case("fhir-1", "Prediabetes; Anemia (disorder)");
    let out = play(&cases, "hep-a", "Hepatitis B");
    assert!(
        out.contains("Diagnosis: Hepatitis B: wrong (gold: Hepatitis A)"),
        "{out}"
    );
    let out = play(&cases, "hep-a", "Hepatitis A or B");
    assert!(out.contains("Hepatitis A or B: wrong"), "{out}");
    assert!(out.contains("\"or\""), "the hedge is named: {out}");
    let out = play(&cases, "hep-a", "Acute hepatitis A");
    assert!(
        out.contains("Acute hepatitis A: correct (gold: Hepatitis A)"),
        "{out}"
    );
    // A gold of several conditions: the one that matched is named.
    let out = play(&cases, "fhir-1", "Anaemia");
    assert!(
        out.contains("Anaemia: correct (gold: Prediabetes; Anemia (disorder); matched: Anemia)"),
        "{out}"
    );
    let out = play(&cases, "fhir-1", "Type 2 diabetes mellitus");
    assert!(out.contains("Type 2 diabetes mellitus: wrong"), "{out}");
}
