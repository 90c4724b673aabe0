//! `ddx sdx`: sequential diagnosis end to end on the test model over OSCE-format cases (and the
//! ddx form), with the protocol's guards checked on every prompt of every encounter: no prompt
//! holds a hidden finding before the gatekeeper revealed it, nor the gold diagnosis; costs add
//! up; every encounter ends with a diagnosis turn; `--resume` plays only what is missing.

mod common;

use std::collections::HashMap;

use common::{ddx, ddx_with_model, fixture, home, parse_jsonl};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::{json, Value};

/// Every leaf text of a JSON value.
fn leaves(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| leaves(v, out)),
        Value::Object(m) => m.values().for_each(|v| leaves(v, out)),
        _ => {}
    }
}

/// Per case id: the hidden findings' texts and the gold diagnosis, read from the fixture.
fn hidden(fixture_text: &str) -> HashMap<String, (Vec<String>, String)> {
    let mut out = HashMap::new();
    for (i, line) in fixture_text.lines().enumerate() {
        let v: Value = serde_json::from_str(line).expect("well-formed");
        let (id, findings, gold) = match v.get("OSCE_Examination") {
            Some(o) => {
                let mut f = Vec::new();
                let mut actor = o["Patient_Actor"].clone();
                let actor = actor.as_object_mut().expect("well-formed");
                actor.remove("Demographics");
                actor["Symptoms"]
                    .as_object_mut()
                    .expect("well-formed")
                    .remove("Primary_Symptom");
                leaves(&Value::Object(actor.clone()), &mut f);
                leaves(&o["Physical_Examination_Findings"], &mut f);
                leaves(&o["Test_Results"], &mut f);
                let gold = o["Correct_Diagnosis"]
                    .as_str()
                    .expect("well-formed")
                    .to_string();
                (format!("line-{}", i + 1), f, gold)
            }
            None => {
                let mut f = Vec::new();
                for k in ["history", "exam", "tests"] {
                    leaves(&v[k], &mut f);
                }
                (
                    v["id"].as_str().expect("well-formed").to_string(),
                    f,
                    v["diagnosis"].as_str().expect("well-formed").to_string(),
                )
            }
        };
        out.insert(id, (findings, gold));
    }
    out
}

/// Every string the solver itself wrote in an encounter (its requests, its diagnoses): a prompt
/// may repeat those, and they are taken out before the leak checks.
fn solver_text(result: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for step in result["transcript"].as_array().expect("well-formed") {
        if let Some(action) = step.get("action") {
            leaves(action, &mut out);
        }
        // The panel's notes (--panel) are the same model's words too.
        for note in step["panel"].as_array().into_iter().flatten() {
            leaves(&note["notes"], &mut out);
        }
    }
    out.retain(|s| !["ask", "examine", "order", "diagnose"].contains(&s.as_str()));
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out
}

/// Gatekeeper answers of the steps before `turn`.
fn revealed_before(result: &Value, turn: u64) -> String {
    let mut text = String::new();
    for step in result["transcript"].as_array().expect("well-formed") {
        if step["turn"].as_u64().expect("well-formed") < turn {
            for r in step["reveals"].as_array().into_iter().flatten() {
                text.push_str(r["answer"].as_str().expect("well-formed"));
                text.push('\n');
            }
        }
    }
    text
}

/// No prompt holds the gold diagnosis, nor a hidden finding before it was revealed (the solver's
/// own words taken out).
fn assert_no_leaks(
    hidden: &HashMap<String, (Vec<String>, String)>,
    by_id: &HashMap<String, &Value>,
    prompts: &[Value],
) {
    for p in prompts {
        let id = p["id"].as_str().expect("well-formed");
        let result = by_id[id];
        let (findings, gold) = &hidden[id];
        let mut text: String = p["messages"]
            .as_array()
            .expect("well-formed")
            .iter()
            .map(|m| m["content"].as_str().expect("well-formed"))
            .collect::<Vec<_>>()
            .join("\n");
        for own in solver_text(result) {
            text = text.replace(&own, "");
        }
        let lower = text.to_lowercase();
        assert!(
            !lower.contains(&gold.to_lowercase()),
            "the gold diagnosis in {text}"
        );
        let told = revealed_before(result, p["turn"].as_u64().expect("well-formed"));
        for f in findings {
            if text.contains(f.as_str()) {
                assert!(
                    told.contains(f.as_str()),
                    "'{f}' before it was revealed:\n{text}"
                );
            }
        }
    }
}

#[test]
fn encounters_run_end_to_end_on_the_test_model_and_no_prompt_leaks() {
    let home = home();
    let cases = fixture("sdx-cases.jsonl");
    let out = ddx_with_model(&home)
        .args(["sdx", "run"])
        .arg(&cases)
        .args([
            "-o",
            "sdx.jsonl",
            "--prompt-log",
            "prompts.jsonl",
            "--max-turns",
            "4",
        ])
        .args(["-p", "3", "--max-tokens", "96", "--seed", "3"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("accuracy") && stderr.contains("3 encounters"),
        "{stderr}"
    );
    let results = parse_jsonl(&std::fs::read(home.path().join("sdx.jsonl")).expect("well-formed"));
    let prompts =
        parse_jsonl(&std::fs::read(home.path().join("prompts.jsonl")).expect("well-formed"));
    assert_eq!(results.len(), 3);
    let hidden = hidden(&std::fs::read_to_string(&cases).expect("well-formed"));
    let prices: HashMap<&str, f64> = HashMap::from([("visit", 300.0)]);
    let mut by_id = HashMap::new();
    for r in &results {
        let id = r["id"].as_str().expect("well-formed").to_string();
        assert_eq!(r["status"], "ok", "{r}");
        // Every encounter ends with a diagnosis turn within the limit.
        let turns = r["turns"].as_u64().expect("well-formed");
        assert!((1..=4).contains(&turns), "{r}");
        let transcript = r["transcript"].as_array().expect("well-formed");
        let last = transcript.last().expect("well-formed");
        match r["ending"].as_str().expect("well-formed") {
            "diagnosed" | "turn_limit" | "malformed" => {
                assert_eq!(last["action"]["action"], "diagnose", "{r}");
                assert!(r["diagnosis"].is_string());
            }
            "no_diagnosis" => assert!(r["diagnosis"].is_null()),
            other => panic!("unexpected ending {other}"),
        }
        if r["ending"] == "turn_limit" {
            assert_eq!(turns, 4);
        }
        // Costs add up: each step is its tests' prices (or the visit fee), the total their sum.
        let mut total = 0.0;
        for step in transcript {
            let cost = step["cost"].as_f64().expect("well-formed");
            match step["action"]["action"].as_str() {
                Some("order") => {
                    let sum: f64 = step["reveals"]
                        .as_array()
                        .expect("well-formed")
                        .iter()
                        .map(|r| r["price"].as_f64().expect("well-formed"))
                        .sum();
                    assert_eq!(cost, sum, "{step}");
                }
                Some("ask" | "examine") => assert!(cost == 0.0 || cost == prices["visit"]),
                _ => assert_eq!(cost, 0.0),
            }
            total += cost;
            assert_eq!(step["total_cost"].as_f64().expect("well-formed"), total);
        }
        assert_eq!(r["cost"].as_f64().expect("well-formed"), total);
        assert_eq!(r["provenance"]["protocol"]["gatekeeper"], "deterministic");
        by_id.insert(id, r);
    }
    // One prompt per step of every transcript, each checked.
    let steps: usize = results
        .iter()
        .map(|r| r["transcript"].as_array().expect("well-formed").len())
        .sum();
    assert_eq!(prompts.len(), steps);
    assert_no_leaks(&hidden, &by_id, &prompts);
    // The report reads the results back.
    ddx(&home)
        .args(["sdx", "report", "sdx.jsonl"])
        .assert()
        .success()
        .stdout(contains("none").and(contains("encounters")));
}

#[test]
fn the_turn_limit_forces_a_diagnosis_and_resume_plays_only_what_is_missing() {
    let home = home();
    let cases = fixture("sdx-cases.jsonl");
    let run = |extra: &[&str]| {
        ddx_with_model(&home)
            .args(["sdx", "run"])
            .arg(&cases)
            .args([
                "-o",
                "sdx.jsonl",
                "--max-turns",
                "1",
                "--max-tokens",
                "128",
                "-p",
                "3",
            ])
            .args(["--budget", "100,5000"])
            .args(extra)
            .assert()
            .success()
    };
    run(&[]);
    let path = home.path().join("sdx.jsonl");
    let first = parse_jsonl(&std::fs::read(&path).expect("well-formed"));
    assert_eq!(first.len(), 6, "3 cases x 2 budgets");
    // The run is in the ledger: one row per encounter, correctness but no diagnosis text.
    let runs = ddx(&home)
        .args(["runs", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let runs = parse_jsonl(&runs);
    assert_eq!(runs.len(), 1);
    let id = runs[0]["id"].as_str().expect("run id").to_string();
    let shown = ddx(&home)
        .args(["runs", "show", &id, "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let shown: Value = serde_json::from_slice(&shown).expect("JSON");
    assert_eq!(shown["summary"]["command"], "sdx", "{shown}");
    assert_eq!(shown["cases"].as_array().expect("cases").len(), 6);
    assert!(!shown.to_string().contains("Primary adrenal insufficiency"));
    // `ddx report` shows accuracy against cost per budget (not a correct/wrong class table).
    let md = ddx(&home)
        .args(["report", &id, "--format", "md"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8_lossy(&md);
    assert!(md.contains("Sequential diagnosis, per budget"), "{md}");
    assert!(
        md.contains("| $100 | name | 3 |") && md.contains("| $5000 | name | 3 |"),
        "{md}"
    );
    assert!(!md.contains("| class |"), "{md}");
    ddx(&home)
        .args(["report", &id, "-q", "-o", "report.html"])
        .assert()
        .success();
    let html = std::fs::read_to_string(home.path().join("report.html")).expect("written");
    assert!(html.contains(r#"data-plot="sdx-cost" data-marks="2""#));
    assert!(html.contains(r#"data-budget="100.0""#) && html.contains(r#"data-budget="5000.0""#));
    for r in &first {
        assert_eq!(r["turns"], 1);
        assert!(
            r["ending"] == "turn_limit" || r["ending"] == "no_diagnosis",
            "{r}"
        );
        assert_eq!(r["transcript"][0]["forced"], true);
    }
    // Keep two records and a cut line: --resume plays the four missing encounters only.
    let text = std::fs::read_to_string(&path).expect("well-formed");
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&path, format!("{}\n{}\n{{\"id\":", lines[0], lines[1])).expect("well-formed");
    run(&["--resume"]);
    let second = parse_jsonl(&std::fs::read(&path).expect("well-formed"));
    assert_eq!(second.len(), 6);
    let mut keys: Vec<String> = second
        .iter()
        .map(|r| format!("{}/{}", r["id"], r["budget"]))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 6);
    // Nothing left: the model is not even loaded.
    ddx(&home)
        .args(["sdx", "run"])
        .arg(&cases)
        .args([
            "-o",
            "sdx.jsonl",
            "--resume",
            "--budget",
            "100,5000",
            "--max-turns",
            "1",
        ])
        .assert()
        .success()
        .stderr(contains("no encounter left"));
}

#[test]
fn a_bad_price_table_is_refused_before_the_model_loads() {
    let home = home();
    std::fs::write(home.path().join("p.toml"), "visit = -5\n").expect("well-formed");
    ddx(&home)
        .args(["sdx", "run"])
        .arg(fixture("sdx-cases.jsonl"))
        .args(["--prices", "p.toml", "--model", "missing.gguf"])
        .assert()
        .code(2)
        .stderr(contains("prices are finite and not negative"));
    // The same table and message on screen, before the screen changes.
    ddx(&home)
        .args(["tui", "--sdx"])
        .arg(fixture("sdx-cases.jsonl"))
        .args(["--prices", "p.toml", "--watch", "--model", "missing.gguf"])
        .assert()
        .code(2)
        .stderr(contains("the price table 'p.toml'"))
        .stderr(contains("prices are finite and not negative"));
}

#[test]
fn encounters_run_over_a_served_model() {
    let server = common::server::LlamaServer::start(3, &[]);
    let home = home();
    let out = ddx(&home)
        .args([
            "sdx",
            "run",
            "--endpoint",
            &server.url(),
            "--remote-model",
            "smol",
        ])
        .arg(fixture("sdx-cases.jsonl"))
        .args(["--max-turns", "2", "--max-tokens", "96", "-p", "3"])
        .assert()
        .success()
        .get_output()
        .clone();
    let results = parse_jsonl(&out.stdout);
    assert_eq!(results.len(), 3);
    for r in &results {
        assert_eq!(r["status"], "ok", "{r}");
        assert_eq!(r["provenance"]["backend"], "remote");
        let turns = r["turns"].as_u64().expect("turns");
        assert!((1..=2).contains(&turns), "{r}");
        let ending = r["ending"].as_str().expect("ending");
        assert!(
            ["diagnosed", "turn_limit", "malformed", "no_diagnosis"].contains(&ending),
            "{r}"
        );
        assert!(
            r["diagnosis"].is_string() || r["ending"] == "no_diagnosis",
            "{r}"
        );
    }
}

#[test]
fn a_person_plays_a_case_through_the_same_gatekeeper_and_prices() {
    let home = home();
    let out = ddx(&home)
        .args(["sdx", "play"])
        .arg(fixture("sdx-cases.jsonl"))
        .args(["--case", "ddx-form-1"])
        .write_stdin(
            "ask Any family history?\nexamine eyes\nwhat now\norder TSH, serum ammonia\n\
             diagnose Graves' disease; toxic nodule\n",
        )
        .assert()
        .success()
        .stderr(contains("no known 'action'"))
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("Patient: 30-year-old woman"), "{stdout}");
    assert!(stdout.contains("Family history: Mother treated for a goitre."));
    assert!(stdout.contains("Eyes: Lid lag and proptosis bilaterally."));
    assert!(stdout.contains("Thyroid function / TSH: TSH below 0.01 mU/L"));
    assert!(stdout.contains("serum ammonia: not available."));
    // Never revealed: not asked for.
    assert!(!stdout.contains("Strongly positive") && !stdout.contains("Free T4 48"));
    assert!(!stdout.contains("Three months of feeling hot"));
    // One visit ($300) for the question and examination, TSH ($16.80), ammonia (lab default, $20).
    assert!(
        stdout.contains(
            "Diagnosis: Graves' disease: correct (gold: Graves disease). Cost $337, turns: 4."
        ),
        "{stdout}"
    );
    // The turn limit forces a diagnosis; an input that ends first gives none.
    ddx(&home)
        .args(["sdx", "play", "--max-turns", "2"])
        .arg(fixture("sdx-cases.jsonl"))
        .write_stdin("ask How long has this been going on?\n")
        .assert()
        .success()
        .stdout(contains("You must diagnose now.").and(contains(
            "No diagnosis (gold: Primary adrenal insufficiency)",
        )));
}

#[test]
fn a_judge_model_grades_each_diagnosis_on_the_rubric() {
    let home = home();
    let out = ddx_with_model(&home)
        .args(["sdx", "run"])
        .arg(fixture("sdx-cases.jsonl"))
        .args(["--max-turns", "1", "--max-tokens", "128", "-p", "3"])
        // The solver samples; the judge must still run greedy.
        .args(["--temperature", "0.8", "--seed", "7"])
        .arg("--judge-model")
        .arg(common::test_model())
        .assert()
        .success()
        .get_output()
        .clone();
    let results = parse_jsonl(&out.stdout);
    assert_eq!(results.len(), 3);
    let mut judged = 0;
    for r in &results {
        let judge = &r["provenance"]["judge"];
        assert!(judge["rubric"]
            .as_str()
            .expect("rubric")
            .contains("4 and 5 count as correct"));
        assert!(judge["prompt_sha256"].is_string() && judge["model"]["sha256"].is_string());
        assert_eq!(
            judge["sampling"]["temperature"], 0.0,
            "the judge runs greedy: {judge}"
        );
        assert_eq!(r["provenance"]["sampling"]["temperature"], 0.8);
        assert_eq!(r["provenance"]["protocol"]["scoring"], "judge");
        assert_eq!(
            judge["shown"],
            json!(["opening", "diagnosis", "differential", "gold"])
        );
        // Every encounter says the judge scored it; none falls back to the name match.
        assert_eq!(r["method"], "judge", "{r}");
        assert_eq!(r["status"], "ok", "the judge failed: {r}");
        assert!(r["name_correct"].is_boolean(), "{r}");
        if r["diagnosis"].is_string() {
            assert_eq!(r["judge"]["ran"], true, "the judge did not run: {r}");
            let score = r["judge"]["score"].as_u64().expect("a score");
            assert!((1..=5).contains(&score), "{r}");
            assert!(
                r["judge"]["reason"]
                    .as_str()
                    .is_some_and(|s| !s.trim().is_empty()),
                "{r}"
            );
            assert_eq!(r["correct"], score >= 4, "{r}");
            judged += 1;
        } else {
            assert_eq!(
                (&r["correct"], &r["judge"]["ran"]),
                (&json!(false), &json!(false))
            );
        }
    }
    assert!(
        judged > 0,
        "no encounter reached a diagnosis for the judge to grade"
    );
    // The summary says the judge scored these.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("scored by") && stderr.contains(" judge "),
        "{stderr}"
    );
}

#[test]
fn an_encounter_the_judge_cannot_grade_is_an_error_counted_apart() {
    // The judge's context holds at most 2,048 tokens, the solver's 4,096: an opening longer than
    // the judge's context makes the real judge fail (its prompt does not fit), and that encounter
    // must become a judge error, never a name match.
    let home = home();
    let long = "The patient describes intermittent chest discomfort on exertion. ".repeat(260);
    let cases = [
        json!({"id": "long", "opening": long, "tests": {"Troponin": "Raised"},
            "diagnosis": "Myocardial infarction"}),
        json!({"id": "short", "opening": "A 30-year-old with jaundice.",
            "tests": {"Liver function tests": "ALT 2400 U/L"}, "diagnosis": "Hepatitis A"}),
    ];
    let input: String = cases.iter().map(|c| format!("{c}\n")).collect();
    std::fs::write(home.path().join("cases.jsonl"), input).expect("write");
    let out = ddx_with_model(&home)
        .args(["sdx", "run"])
        .arg(home.path().join("cases.jsonl"))
        .args(["--max-turns", "1", "--max-tokens", "256", "-p", "2"])
        .arg("--judge-model")
        .arg(common::test_model())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let results = parse_jsonl(&out.stdout);
    let by_id = |id: &str| results.iter().find(|r| r["id"] == id).expect(id).clone();
    let long = by_id("long");
    assert!(
        long["diagnosis"].is_string(),
        "the solver gave no diagnosis: {long}"
    );
    assert_eq!(long["status"], "error", "{long}");
    assert_eq!(long["error"]["kind"], "judge", "{long}");
    assert_eq!(
        (&long["method"], &long["judge"]["ran"]),
        (&json!("judge"), &json!(false))
    );
    assert!(
        long.get("correct").is_none(),
        "a judge error has no verdict: {long}"
    );
    assert!(long["name_correct"].is_boolean(), "{long}");
    let short = by_id("short");
    assert_eq!(
        (&short["status"], &short["judge"]["ran"]),
        (&json!("ok"), &json!(true)),
        "{short}"
    );
    // The summary counts it as a judge error, apart from the encounters and engine errors.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let row = stderr
        .lines()
        .find(|l| l.starts_with("none ") && l.contains(" judge "))
        .unwrap_or_else(|| panic!("no judge row: {stderr}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[2], "1", "one encounter graded: {row}");
    assert_eq!(cells.last(), Some(&"1"), "one judge error: {row}");
    assert_eq!(cells[cells.len() - 2], "0", "no engine error: {row}");
}

#[test]
fn a_case_record_plays_its_timeline_up_to_the_index_date() {
    // Records as `ddx import fhir` writes them: the first has its diagnosis recorded on the
    // index visit, the second a reviewer's answer; the third has no gold and is not playable.
    let home = home();
    let records = [
        serde_json::json!({"id": "pat-1", "patient": {"sex": "female", "age": 52},
            "timeline": [
                {"date": "2020-01-01", "kind": "observation", "text": "Smoking status: Never smoker"},
                {"date": "2021-06-01", "kind": "lab", "text": "Hemoglobin: 12.1 g/dL"},
                {"date": "2022-03-01", "kind": "encounter", "text": "Encounter (AMB)"},
                {"date": "2022-03-01", "kind": "lab", "text": "Ferritin: 4 ng/mL"},
                {"date": "2022-03-01", "kind": "vital", "text": "Heart rate: 104 /min"},
                {"date": "2022-03-01", "kind": "condition", "text": "Iron deficiency anemia (active)"},
                {"date": "2023-01-01", "kind": "lab", "text": "Transferrin saturation: 31 %"}]}),
        serde_json::json!({"id": "pat-2", "patient": {"sex": "male", "age": 67},
            "answer": "Heart failure", "index_date": "2022-05-02",
            "sections": [{"name": "chief_complaint", "title": "Chief complaint", "text": "Breathless on exertion"}],
            "timeline": [
                {"date": "2019-02-01", "kind": "condition", "text": "Hypertension (active)"},
                {"date": "2022-05-02", "kind": "lab", "text": "NT-proBNP: 2400 pg/mL"},
                {"date": "2022-05-02", "kind": "vital", "text": "Oxygen saturation: 93 %"}]}),
        serde_json::json!({"id": "pat-3", "timeline": [
                {"date": "2022-03-01", "kind": "lab", "text": "Glucose: 5.1 mmol/L"}]}),
    ];
    let input: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(home.path().join("records.jsonl"), input).expect("write");
    let out = ddx_with_model(&home)
        .args(["sdx", "run", "records.jsonl", "-o", "sdx.jsonl"])
        .args(["--prompt-log", "prompts.jsonl", "--max-turns", "3"])
        .args(["-p", "2", "--max-tokens", "96", "--seed", "3"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let results = parse_jsonl(&std::fs::read(home.path().join("sdx.jsonl")).expect("written"));
    assert_eq!(results.len(), 3, "{stderr}");
    let by_id: HashMap<&str, &Value> = results
        .iter()
        .map(|r| (r["id"].as_str().expect("id"), r))
        .collect();
    for id in ["pat-1", "pat-2"] {
        let r = by_id[id];
        assert_eq!(r["status"], "ok", "{r}");
        let transcript = r["transcript"].as_array().expect("transcript");
        let last = transcript.last().expect("a step");
        if r["ending"] != "no_diagnosis" {
            assert_eq!(last["action"]["action"], "diagnose", "{r}");
        }
    }
    // The unplayable record is an error record that says why; the others still ran.
    let bad = by_id["pat-3"];
    assert_eq!(bad["status"], "error", "{bad}");
    assert!(
        bad["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("index date")),
        "{bad}"
    );
    // No solver prompt holds the gold, a value after the index date, or a hidden value before
    // the gatekeeper revealed it.
    let hidden: HashMap<String, (Vec<String>, String)> = [
        (
            "pat-1",
            vec!["Never smoker", "12.1 g/dL", "4 ng/mL", "104 /min", "31 %"],
            "Iron deficiency anemia",
        ),
        (
            "pat-2",
            vec!["Hypertension", "2400 pg/mL", "93 %"],
            "Heart failure",
        ),
    ]
    .into_iter()
    .map(|(id, values, gold)| {
        let values = values.into_iter().map(String::from).collect();
        (id.to_string(), (values, gold.to_string()))
    })
    .collect();
    let prompts = parse_jsonl(&std::fs::read(home.path().join("prompts.jsonl")).expect("written"));
    assert!(!prompts.is_empty());
    let played: HashMap<String, &Value> = ["pat-1", "pat-2"]
        .into_iter()
        .map(|id| (id.to_string(), by_id[id]))
        .collect();
    assert_no_leaks(&hidden, &played, &prompts);
    for p in &prompts {
        assert!(
            !p["messages"].to_string().contains("31 %"),
            "a value after the index date: {p}"
        );
    }
    // The opening is all the solver starts with.
    let first = prompts
        .iter()
        .find(|p| p["id"] == "pat-2" && p["turn"] == 1)
        .expect("first prompt");
    assert!(first.to_string().contains("Breathless on exertion"));
}

#[test]
fn a_gatekeeper_model_rephrases_only_what_was_revealed_and_leaks_nothing() {
    let home = home();
    let cases = fixture("sdx-cases.jsonl");
    ddx_with_model(&home)
        .args(["sdx", "run"])
        .arg(&cases)
        .args(["-o", "sdx.jsonl", "--prompt-log", "prompts.jsonl"])
        .args([
            "--max-turns",
            "4",
            "-p",
            "3",
            "--max-tokens",
            "96",
            "--seed",
            "3",
        ])
        .arg("--gatekeeper-model")
        .arg(common::test_model())
        .assert()
        .success();
    let results = parse_jsonl(&std::fs::read(home.path().join("sdx.jsonl")).expect("well-formed"));
    let prompts =
        parse_jsonl(&std::fs::read(home.path().join("prompts.jsonl")).expect("well-formed"));
    assert_eq!(results.len(), 3);
    let mut by_id = HashMap::new();
    // Every way a reply may be refused (paraphrase::Refusal): a refusal must say which.
    let reasons = [
        "the reply is empty",
        "the reply names the diagnosis",
        "the reply names a diagnosis the answer did not",
        "the reply holds a finding that was not revealed",
        "the reply drops the value",
    ];
    let (mut called, mut accepted, mut refused) = (0, 0, Vec::new());
    for r in &results {
        assert_eq!(r["status"], "ok", "{r}");
        assert_eq!(r["provenance"]["protocol"]["gatekeeper"], "model");
        assert_eq!(r["provenance"]["protocol"]["absent"], "neutral");
        let g = &r["provenance"]["gatekeeper"];
        assert!(g["prompt_sha256"].is_string() && g["model"]["sha256"].is_string());
        for step in r["transcript"].as_array().expect("well-formed") {
            for reveal in step["reveals"].as_array().into_iter().flatten() {
                // Findings told whole, or in part (a question told some of their sentences).
                let revealed = !reveal["findings"].as_array().expect("names").is_empty()
                    || reveal.get("partly").is_some();
                let record = &reveal["gatekeeper"];
                // Only answers that revealed findings go to the gatekeeper model.
                assert_eq!(record.is_object(), revealed, "{reveal}");
                if !revealed {
                    continue;
                }
                // The model was called and answered: its reply and its token counts are kept.
                assert!(record.get("error").is_none(), "{reveal}");
                assert!(record["paraphrase"].is_string(), "{reveal}");
                assert!(
                    record["prompt_tokens"].as_u64().unwrap_or(0) > 0,
                    "{reveal}"
                );
                assert!(
                    record["completion_tokens"].as_u64().unwrap_or(0) > 0,
                    "{reveal}"
                );
                called += 1;
                if record["fell_back"] == true {
                    let why = record["refused"].as_str().expect("a refusal says why");
                    assert!(reasons.iter().any(|r| why.starts_with(r)), "{why}");
                    assert!(reveal.get("deterministic_answer").is_none(), "{reveal}");
                    refused.push(why.to_string());
                } else {
                    assert_eq!(reveal["answer"], record["paraphrase"], "{reveal}");
                    assert!(reveal["deterministic_answer"].is_string());
                    accepted += 1;
                }
            }
        }
        by_id.insert(r["id"].as_str().expect("well-formed").to_string(), r);
    }
    // The test solver seldom asks for anything the case holds: the calls are counted here, and
    // `a_gatekeeper_model_rephrases_a_played_case_without_giving_it_away` makes them for sure.
    eprintln!(
        "{called} answers went to the gatekeeper model: {accepted} used, refused: {refused:?}"
    );
    assert_eq!(called, accepted + refused.len());
    let hidden = hidden(&std::fs::read_to_string(&cases).expect("well-formed"));
    assert_no_leaks(&hidden, &by_id, &prompts);
}

#[test]
fn the_panel_speaks_before_each_action_and_its_prompts_leak_nothing() {
    let home = home();
    let cases = fixture("sdx-cases.jsonl");
    ddx_with_model(&home)
        .args(["sdx", "run"])
        .arg(&cases)
        .args([
            "-o",
            "sdx.jsonl",
            "--prompt-log",
            "prompts.jsonl",
            "--panel",
        ])
        .args([
            "--max-turns",
            "2",
            "-p",
            "3",
            "--max-tokens",
            "96",
            "--seed",
            "3",
        ])
        .assert()
        .success();
    let results = parse_jsonl(&std::fs::read(home.path().join("sdx.jsonl")).expect("well-formed"));
    let prompts =
        parse_jsonl(&std::fs::read(home.path().join("prompts.jsonl")).expect("well-formed"));
    assert_eq!(results.len(), 3);
    let roles = [
        "hypothesis keeper",
        "test chooser",
        "challenger",
        "cost steward",
        "checklist",
    ];
    let mut by_id = HashMap::new();
    let mut turns = 0;
    for r in &results {
        assert_eq!(r["status"], "ok", "{r}");
        assert_eq!(r["provenance"]["protocol"]["panel"], json!(roles));
        for step in r["transcript"].as_array().expect("well-formed") {
            let panel = step["panel"]
                .as_array()
                .expect("every step has the panel's notes");
            let spoke: Vec<&str> = panel
                .iter()
                .map(|n| n["role"].as_str().expect("a role"))
                .collect();
            assert_eq!(spoke, roles, "{step}");
            for note in panel {
                assert!(note["notes"].is_string() && note["ms"].as_f64().expect("ms") > 0.0);
                assert!(note["completion_tokens"].as_u64().is_some());
            }
            turns += 1;
        }
        assert!(
            r["timing"]["panel_ms"].as_f64().expect("panel_ms") > 0.0,
            "{r}"
        );
        assert!(r["timing"]["engine_ms"].as_f64() >= r["timing"]["panel_ms"].as_f64());
        by_id.insert(r["id"].as_str().expect("well-formed").to_string(), r);
    }
    // Five role prompts per turn (retries reuse their turn's notes), each leak-checked.
    let role_prompts = prompts.iter().filter(|p| p["role"].is_string()).count();
    let retries = prompts.iter().filter(|p| p["retry"] == true).count();
    assert_eq!(
        role_prompts,
        5 * (turns - retries),
        "{turns} turns, {retries} retries"
    );
    for p in prompts.iter().filter(|p| p["role"].is_null()) {
        assert!(p["messages"][1]["content"]
            .as_str()
            .expect("well-formed")
            .contains("Your panel's notes:\n- hypothesis keeper:"));
    }
    let hidden = hidden(&std::fs::read_to_string(&cases).expect("well-formed"));
    assert_no_leaks(&hidden, &by_id, &prompts);
}

#[test]
fn a_gatekeeper_model_rephrases_a_played_case_without_giving_it_away() {
    let home = home();
    let out = ddx(&home)
        .args(["sdx", "play"])
        .arg(fixture("sdx-cases.jsonl"))
        .args(["--case", "ddx-form-1"])
        .arg("--gatekeeper-model")
        .arg(common::test_model())
        .write_stdin(
            "ask Any family history?\nexamine eyes\norder TSH, serum ammonia\n\
             diagnose Graves' disease\n",
        )
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}\n{stderr}");
    // The model was called once for each of the three answers that revealed findings (family
    // history, eyes, TSH), and each call was used or refused for a stated reason.
    let notes: Vec<&str> = stderr
        .lines()
        .map(|l| l.trim_start_matches("> "))
        .filter(|l| l.starts_with("(gatekeeper model: "))
        .collect();
    assert_eq!(notes.len(), 3, "{stderr}");
    let reasons = [
        "the reply is empty",
        "the reply names the diagnosis",
        "the reply names a diagnosis the answer did not",
        "the reply holds a finding that was not revealed",
        "the reply drops the value",
    ];
    for note in &notes {
        let used = *note == "(gatekeeper model: its words)";
        let refused = note
            .strip_prefix("(gatekeeper model: not used, ")
            .is_some_and(|why| reasons.iter().any(|r| why.starts_with(r)));
        assert!(used || refused, "{note}");
    }
    let (answers, outcome) = stdout.split_once("Diagnosis:").expect("an outcome");
    // Whatever the model wrote, nothing hidden and not the diagnosis reaches the player.
    let lower = answers.to_lowercase();
    assert!(!lower.contains("graves"), "{answers}");
    assert!(!answers.contains("Strongly positive") && !answers.contains("Free T4 48"));
    assert!(!answers.contains("Three months of feeling hot"));
    // Not-available answers are never sent to the model; costs are the matcher's.
    assert!(answers.contains("serum ammonia: not available."));
    assert!(outcome.contains("correct (gold: Graves disease). Cost $337, turns: 4."));
}

/// Imports the Synthea-style fixture as `ddx sdx run` would read it.
fn imported_synthea(home: &tempfile::TempDir) -> Value {
    let out = ddx(home)
        .args(["import", "fhir"])
        .arg(fixture("fhir/synthea-sinusitis.json"))
        .args(["-o", "records.jsonl"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = parse_jsonl(&std::fs::read(home.path().join("records.jsonl")).expect("written"));
    assert_eq!(records.len(), 1);
    records[0].clone()
}

/// What follows from the diagnosis in the Synthea-style fixture: the medication, the care plan,
/// the note and report written that day, and the gold's code.
const SINUSITIS_TREATMENT: &[&str] = &[
    "Amoxicillin",
    "three times daily",
    "Respiratory therapy",
    "avoid exercise",
    "Deep breathing",
    "Assessment and Plan",
    "History and physical note",
    "444814009",
];

#[test]
fn an_imported_synthea_encounter_never_shows_its_diagnosis_or_treatment() {
    let home = home();
    let record = imported_synthea(&home);
    // The import keeps the visit's reason, the diagnosis itself: the bait.
    let timeline = record["timeline"].to_string();
    assert!(
        timeline.contains("Encounter for symptom (AMB); reason: Viral sinusitis (disorder)"),
        "{timeline}"
    );
    assert!(timeline.contains("Amoxicillin") && timeline.contains("Assessment and Plan"));
    let out = ddx_with_model(&home)
        .args(["sdx", "run", "records.jsonl", "-o", "sdx.jsonl"])
        .args(["--prompt-log", "prompts.jsonl", "--max-turns", "5"])
        .args(["-p", "1", "--max-tokens", "96", "--seed", "5"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let results = parse_jsonl(&std::fs::read(home.path().join("sdx.jsonl")).expect("written"));
    assert_eq!(results.len(), 1, "{stderr}");
    let result = &results[0];
    assert_eq!(result["status"], "ok", "{result}");
    // The gold as a clinician writes it: SNOMED CT's "(disorder)" is terminology.
    assert_eq!(result["gold"], "Viral sinusitis", "{result}");
    let id = result["id"].as_str().expect("id").to_string();
    let prompts = parse_jsonl(&std::fs::read(home.path().join("prompts.jsonl")).expect("written"));
    assert_eq!(
        prompts.len(),
        result["transcript"].as_array().expect("transcript").len()
    );
    // Every prompt, for the gold and each of its names, and for what followed from it (never
    // revealed, so never allowed in a prompt; the solver's own words taken out).
    let by_id: HashMap<String, &Value> = HashMap::from([(id.clone(), result)]);
    let treatment: Vec<String> = SINUSITIS_TREATMENT.iter().map(|t| t.to_string()).collect();
    for name in [
        "Viral sinusitis (disorder)",
        "Viral sinusitis",
        "viral-sinusitis",
    ] {
        let hidden = HashMap::from([(id.clone(), (treatment.clone(), name.to_string()))]);
        assert_no_leaks(&hidden, &by_id, &prompts);
    }
    // The opening keeps why they came, without the reason that is the diagnosis.
    let first = prompts[0]["messages"].to_string();
    assert!(
        first.contains(
            "34-year-old male, seen on 2022-03-01. Presenting with: Encounter for symptom (AMB)."
        ),
        "{first}"
    );
}

#[test]
fn a_played_synthea_encounter_reveals_no_treatment_and_a_record_without_gold_says_so() {
    let home = home();
    let mut record = imported_synthea(&home);
    // Asked for everything that could give it away, the gatekeeper reveals none of it.
    let out = ddx(&home)
        .args(["sdx", "play", "records.jsonl"])
        .write_stdin(
            "ask What medications are you taking?\nask Any past visits?\nask Any notes?\n\
             ask past medical history\norder sinus CT, care plan\n\
             examine vital signs\ndiagnose Viral sinusitis\n",
        )
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let (play, outcome) = stdout.split_once("Diagnosis:").expect("an outcome");
    assert!(play.contains("Encounter for symptom (AMB)"), "{stdout}");
    assert!(
        play.contains("Acute bronchitis") && play.contains("37.9 Cel"),
        "{stdout}"
    );
    for leak in SINUSITIS_TREATMENT.iter().chain(&["sinusitis"]) {
        assert!(
            !play.to_lowercase().contains(&leak.to_lowercase()),
            "'{leak}' shown before the diagnosis:\n{stdout}"
        );
    }
    assert!(
        outcome.contains("correct (gold: Viral sinusitis)"),
        "{stdout}"
    );
    // Without its index-date condition the record has no gold: `--case` says so by its id.
    let id = record["id"].as_str().expect("id").to_string();
    let timeline = record["timeline"].as_array_mut().expect("timeline");
    timeline.retain(|e| !(e["kind"] == "condition" && e["date"] == "2022-03-01"));
    std::fs::write(home.path().join("no-gold.jsonl"), format!("{record}\n")).expect("write");
    ddx(&home)
        .args(["sdx", "play", "no-gold.jsonl", "--case", &id])
        .write_stdin("")
        .assert()
        .failure()
        .stderr(
            contains(format!(
                "case {id} has no gold diagnosis: no answer, nor a condition recorded on the index date"
            ))
            .and(contains("no case").not()),
        );
    ddx(&home)
        .args(["sdx", "play", "no-gold.jsonl", "--case", "nope"])
        .write_stdin("")
        .assert()
        .failure()
        .stderr(contains("no case nope in"));
}

#[test]
fn a_hand_written_opening_that_names_the_gold_is_an_error_record_naming_the_field() {
    let home = home();
    let cases = [
        json!({"id": "leaky", "opening": "58-year-old man with a pulmonary embolism.",
            "tests": {"CTPA": "Filling defect"}, "diagnosis": "Pulmonary embolism"}),
        json!({"id": "fine", "opening": "58-year-old man, suddenly breathless.",
            "tests": {"CTPA": "Filling defect"}, "diagnosis": "Pulmonary embolism"}),
    ];
    let input: String = cases.iter().map(|c| format!("{c}\n")).collect();
    std::fs::write(home.path().join("cases.jsonl"), input).expect("write");
    let out = ddx_with_model(&home)
        .args([
            "sdx",
            "run",
            "cases.jsonl",
            "-o",
            "sdx.jsonl",
            "--max-turns",
            "1",
        ])
        .args(["--max-tokens", "64", "--seed", "3"])
        .output()
        .expect("runs");
    let results = parse_jsonl(&std::fs::read(home.path().join("sdx.jsonl")).expect("written"));
    assert_eq!(results.len(), 2, "{}", String::from_utf8_lossy(&out.stderr));
    let leaky = results.iter().find(|r| r["id"] == "leaky").expect("leaky");
    assert_eq!(leaky["status"], "error", "{leaky}");
    let message = leaky["error"]["message"].as_str().expect("message");
    assert!(
        message.contains("opening names its gold diagnosis (field 'opening')")
            && !message.contains("58-year-old"),
        "{message}"
    );
    let fine = results.iter().find(|r| r["id"] == "fine").expect("fine");
    assert_eq!(fine["status"], "ok", "{fine}");
    // `play` refuses it the same way.
    ddx(&home)
        .args(["sdx", "play", "cases.jsonl", "--case", "leaky"])
        .write_stdin("")
        .assert()
        .failure()
        .stderr(contains("case leaky in").and(contains("field 'opening'")));
}
