//! De-identification: the measured evaluation (recall and precision per identifier type on the
//! two synthetic sets in tests/fixtures/deid/: the planted set written with the first rules and
//! the harder set written apart from them; `tests/fixtures/deid/score.sh` prints the tables), the
//! four failures of issue 21, and the `ddx deid` / `batch --deid` command lines.

mod common;

use common::{ddx, ddx_with_model};
use std::collections::BTreeMap;

use serde_json::{Map, Value};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/deid/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Strip `[[kind:value]]` marks: the plain text and the gold spans (kind, start, end).
fn unmark(marked: &str) -> (String, Vec<(String, usize, usize)>) {
    let mut text = String::new();
    let mut gold = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let inner = &rest[open + 2..];
        let close = inner.find("]]").expect("closed mark");
        let (kind, value) = inner[..close].split_once(':').expect("kind:value");
        gold.push((kind.to_string(), text.len(), text.len() + value.len()));
        text.push_str(value);
        rest = &inner[close + 2..];
    }
    text.push_str(rest);
    (text, gold)
}

#[derive(Default, Debug)]
struct Score {
    gold: usize,
    found: usize,
    detected: usize,
    correct: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Run the rules on every note of a fixture set. A planted identifier counts as found when every
/// letter and digit of it lies inside a span the rules found (a name whose surname is left, or a
/// date whose day is left, is missed); a span found counts as correct when it overlaps a planted
/// identifier of any kind.
fn score_set(name: &str) -> (usize, BTreeMap<String, Score>) {
    let data = std::fs::read_to_string(fixture(name)).expect("evaluation set");
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut notes = 0;
    for line in data.lines() {
        let record: Map<String, Value> = serde_json::from_str(line).expect("record");
        let patient = record["patient"].as_object().expect("patient");
        let (text, gold) = unmark(record["notes"].as_str().expect("notes"));
        let known = ddx::clinical::deid::known_for_patient(patient);
        let found = ddx::clinical::deid::find(&text, &known);
        let covered = |at: usize| found.iter().any(|f| f.start <= at && at < f.end);
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        for (kind, start, end) in &gold {
            let s = scores.entry(kind.clone()).or_default();
            s.gold += 1;
            let whole = text[*start..*end]
                .char_indices()
                .filter(|(_, c)| c.is_alphanumeric())
                .all(|(i, _)| covered(start + i));
            if whole {
                s.found += 1;
            } else {
                eprintln!("{name}: missed {kind}: '{}'", &text[*start..*end]);
            }
        }
        for f in &found {
            let s = scores.entry(f.kind.as_str().to_string()).or_default();
            s.detected += 1;
            if gold
                .iter()
                .any(|(_, a, b)| overlaps((f.start, f.end), (*a, *b)))
            {
                s.correct += 1;
            } else {
                eprintln!(
                    "{name}: false positive {}: '{}'",
                    f.kind.as_str(),
                    &text[f.start..f.end]
                );
            }
        }
        notes += 1;
    }
    eprintln!(
        "== {name}: {notes} synthetic notes\n{:<13} {:>6} {:>8} {:>9} {:>10}",
        "type", "gold", "recall", "detected", "precision"
    );
    for (kind, s) in &scores {
        eprintln!(
            "{kind:<13} {:>6} {:>8.3} {:>9} {:>10.3}",
            s.gold,
            ratio(s.found, s.gold),
            s.detected,
            ratio(s.correct, s.detected)
        );
    }
    eprintln!("--");
    (notes, scores)
}

/// Recall targets: 99% for the pattern types, 95% for names of any kind (the patient's, relatives'
/// and household members', clinicians', organisations').
fn check_targets(scores: &BTreeMap<String, Score>, targets: &[(&str, f64)]) {
    for (kind, target) in targets {
        let s = scores
            .get(*kind)
            .unwrap_or_else(|| panic!("no '{kind}' in the set"));
        assert!(s.gold >= 50, "too few '{kind}' ({}) to measure", s.gold);
        let recall = ratio(s.found, s.gold);
        assert!(
            recall >= *target,
            "recall for '{kind}' is {recall:.3}, under {target}"
        );
    }
    let (correct, detected) = scores
        .values()
        .fold((0, 0), |(c, d), s| (c + s.correct, d + s.detected));
    assert!(
        ratio(correct, detected) >= 0.97,
        "overall precision {:.3}",
        ratio(correct, detected)
    );
    let names = &scores["name"];
    assert!(
        ratio(names.correct, names.detected) >= 0.95,
        "precision of names {:.3}",
        ratio(names.correct, names.detected)
    );
}

/// The planted set (notes.jsonl), written alongside the first rules.
#[test]
fn planted_set_recall_and_precision_per_identifier_type_meet_the_targets() {
    let (_, scores) = score_set("notes.jsonl");
    check_targets(
        &scores,
        &[
            ("date", 0.99),
            ("phone", 0.99),
            ("fax", 0.99),
            ("email", 0.99),
            ("ssn", 0.99),
            ("mrn", 0.99),
            ("zip", 0.99),
            ("url", 0.99),
            ("ip", 0.99),
            ("age", 0.99),
            ("account", 0.99),
            ("health_plan", 0.99),
            ("address", 0.99),
            ("device_id", 0.99),
            ("license", 0.99),
            ("name", 0.95),
            ("clinician", 0.95),
        ],
    );
}

/// The harder set (hard.jsonl), written apart from the rules in other styles (issue 21).
#[test]
fn hard_set_recall_and_precision_per_identifier_type_meet_the_targets() {
    let (_, scores) = score_set("hard.jsonl");
    check_targets(
        &scores,
        &[
            ("date", 0.99),
            ("age", 0.99),
            ("phone", 0.99),
            ("fax", 0.99),
            ("email", 0.99),
            ("ssn", 0.99),
            ("mrn", 0.99),
            ("account", 0.99),
            ("health_plan", 0.99),
            ("zip", 0.99),
            ("url", 0.99),
            ("ip", 0.99),
            ("device_id", 0.99),
            ("license", 0.99),
            ("vehicle", 0.99),
            ("address", 0.99),
            ("name", 0.95),
            ("relative", 0.95),
            ("clinician", 0.95),
            ("organization", 0.95),
        ],
    );
}

fn found_in(text: &str) -> Vec<(String, &'static str)> {
    let known = ddx::clinical::deid::Known::default();
    ddx::clinical::deid::find(text, &known)
        .into_iter()
        .map(|s| (text[s.start..s.end].to_string(), s.kind.as_str()))
        .collect()
}

/// Issue 21, first failure: relatives' names that no structured field announces.
#[test]
fn relatives_names_are_removed_without_a_structured_field() {
    for (text, name) in [
        (
            "Brought in by her husband Amara O'Sullivan after a fall.",
            "Amara O'Sullivan",
        ),
        ("Plan discussed with his daughter Mei Zhang.", "Mei Zhang"),
    ] {
        assert!(
            found_in(text).contains(&(name.to_string(), "name")),
            "'{name}' not found in '{text}': {:?}",
            found_in(text)
        );
    }
}

/// Names in other phrasings (tests/fixtures/deid/phrasings.txt: role words before or after
/// the name, labels, titles, credentials, organisations): every one is removed whole.
#[test]
fn names_in_other_phrasings_are_removed_whole() {
    let data = std::fs::read_to_string(fixture("phrasings.txt")).expect("fixture");
    let known = ddx::clinical::deid::Known::default();
    let mut missed = Vec::new();
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (text, name) = line.split_once('|').expect("text|name");
        let found = ddx::clinical::deid::find(text, &known);
        let start = text.find(name).expect("the name is in the text");
        let whole = text[start..start + name.len()]
            .char_indices()
            .filter(|(_, c)| c.is_alphanumeric())
            .all(|(i, _)| {
                found
                    .iter()
                    .any(|s| s.start <= start + i && start + i < s.end)
            });
        if !whole {
            missed.push(name.to_string());
        }
    }
    assert!(missed.is_empty(), "missed: {missed:?}");
}

/// Issue 21, second failure: phone numbers written with a slash.
#[test]
fn phone_numbers_with_a_slash_are_removed() {
    let text = "Daughter's cell 306/381-4335; fax 306/381-4336.";
    assert_eq!(
        found_in(text),
        [
            ("306/381-4335".to_string(), "phone"),
            ("306/381-4336".to_string(), "fax")
        ]
    );
}

/// Issue 21, third failure: record numbers after `MR` and `Hosp #`.
#[test]
fn record_numbers_after_mr_and_hosp_are_removed() {
    for text in [
        "MR 1359551",
        "Hosp # 1359551",
        "Hosp No. 1359551",
        "Unit No 1359551",
    ] {
        assert_eq!(
            found_in(text),
            [("1359551".to_string(), "mrn")],
            "in '{text}'"
        );
    }
}

/// Identifier-free clinical text (values, doses, scores, codes, years, "may"): nothing is removed.
#[test]
fn clinical_text_without_identifiers_is_left_alone() {
    let text = std::fs::read_to_string(fixture("clean.txt")).expect("fixture");
    let known = ddx::clinical::deid::Known::default();
    let found: Vec<String> = text
        .lines()
        .flat_map(|line| {
            ddx::clinical::deid::find(line, &known)
                .into_iter()
                .map(move |s| format!("{}: '{}'", s.kind.as_str(), &line[s.start..s.end]))
        })
        .collect();
    assert!(found.is_empty(), "false positives: {found:?}");
}

#[test]
fn deid_command_removes_identifiers_reports_counts_and_skips_bad_lines() {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("in.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"id": "a", "patient": {"id": "PT-99812", "name": "Rosa Delgado", "age": 94}, "history": "Rosa Delgado (MRN 4417781) seen 2023-04-05, cell 617-555-0142, rosa.d@example.org.", "timeline": [{"date": "2023-04-05", "kind": "note", "text": "Mrs. Delgado stable."}]}"#,
            "\n{not json SECRET-TEXT\n",
            r#"{"id": "b", "patient": {"id": "PT-99812"}, "notes": "Follow-up 2023-04-12."}"#,
            "\n"
        ),
    )
    .expect("write");
    let out = ddx(&home).args(["deid"]).arg(&input).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "a bad line makes the status 1");
    let stdout = String::from_utf8(out.stdout).expect("utf8");
    let stderr = String::from_utf8(out.stderr).expect("utf8");
    assert!(stderr.contains("line 2"), "{stderr}");
    assert!(
        !stderr.contains("SECRET"),
        "never echo input text: {stderr}"
    );
    let records = common::parse_jsonl(stdout.as_bytes());
    assert_eq!(records.len(), 2);
    for secret in [
        "Rosa",
        "Delgado",
        "4417781",
        "555-0142",
        "rosa.d@",
        "PT-99812",
        "2023-04-05",
    ] {
        assert!(!stdout.contains(secret), "'{secret}' left in {stdout}");
    }
    let counts = &records[0]["deid"]["counts"];
    assert!(counts["name"].as_u64() >= Some(3), "{counts}");
    assert_eq!(counts["email"], 1);
    assert_eq!(records[0]["deid"]["method"], "ddx-safe-harbor-patterns");
    assert_eq!(records[0]["patient"]["age"], "90+");
    // Same patient, same shift: the 7-day interval between the two records survives.
    let first = records[0]["timeline"][0]["date"].as_str().expect("date");
    let later = records[1]["notes"].as_str().expect("notes");
    let day = |d: &str| ddx::cases::iso_day_number(d).expect("date");
    let later_date = &later["Follow-up ".len().."Follow-up ".len() + 10];
    assert_eq!(day(later_date) - day(first), 7, "{first} {later}");

    // The salt was generated in the data directory, private, and never printed.
    let salt_path = home.path().join("data/deid-salt");
    let salt = std::fs::read_to_string(&salt_path).expect("salt file");
    assert!(!stdout.contains(salt.trim()) && !stderr.contains(salt.trim()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&salt_path)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A second run with the same salt gives the same output.
    let again = ddx(&home).args(["deid"]).arg(&input).output().expect("run");
    assert_eq!(String::from_utf8(again.stdout).expect("utf8"), stdout);
}

#[test]
fn year_mode_and_an_explicit_salt_file() {
    let home = tempfile::tempdir().expect("tempdir");
    let salt = home.path().join("salt");
    std::fs::write(&salt, "a long enough user supplied secret").expect("write");
    let out = ddx(&home)
        .args(["deid", "--deid-dates", "year", "--salt-file"])
        .arg(&salt)
        .write_stdin(r#"{"id": 1, "history": "Seen March 4, 2019 and on 3/14."}"#)
        .output()
        .expect("run");
    assert!(out.status.success());
    let record: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(record["history"], "Seen 2019 and on [DATE].");
    assert_eq!(record["deid"]["dates"], "year");
    assert!(
        !home.path().join("data/deid-salt").exists(),
        "no salt generated when one is given"
    );
}

#[test]
fn batch_deid_runs_the_model_on_scrubbed_cases_and_reports_it() {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("cases.jsonl");
    std::fs::write(
        &input,
        r#"{"id": "c1", "patient": {"name": "Tomasz Kowalski", "age": 91, "sex": "M"}, "presentation": "Tomasz Kowalski, phone 617-555-0188, fever and cough since 2024-01-03."}"#,
    )
    .expect("write");
    let (record, _) = one_record(
        ddx_with_model(&home)
            .args([
                "batch",
                "--deid",
                "-c",
                "512",
                "-n",
                "8",
                "--temperature",
                "0",
                "-p",
                "1",
            ])
            .arg(&input),
    );
    assert_eq!(record["status"], "ok");
    let counts = &record["deid"]["counts"];
    assert!(counts["name"].as_u64() >= Some(2), "{record}");
    assert_eq!(counts["phone"], 1);
    assert_eq!(counts["age"], 1);
    assert!(record["usage"]["completion_tokens"].as_u64() > Some(0));
}

/// `batch --score --deid`: the options are scored on the scrubbed case, and the record says so.
#[test]
fn batch_score_deid_scores_the_scrubbed_case_and_reports_it() {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("mcq.jsonl");
    std::fs::write(
        &input,
        r#"{"id": "q1", "patient": {"name": "Tomasz Kowalski"}, "question": "Tomasz Kowalski (phone 617-555-0188) has fever, cough and a lobar consolidation. Most likely diagnosis?", "options": {"A": "Pneumonia", "B": "Call Tomasz Kowalski at 617-555-0188"}, "answer": "A"}"#,
    )
    .expect("write");
    let (record, stdout) = one_record(
        ddx_with_model(&home)
            .args(["batch", "--score", "--deid", "-c", "512"])
            .arg(&input),
    );
    assert_eq!(record["status"], "ok", "{record}");
    let counts = &record["deid"]["counts"];
    assert!(counts["name"].as_u64() >= Some(2), "{record}");
    assert!(counts["phone"].as_u64() >= Some(2), "{record}");
    assert!(
        !stdout.contains("Kowalski") && !stdout.contains("555-0188"),
        "identifiers in the scored output: {stdout}"
    );
    assert_eq!(record["options"].as_array().map(Vec::len), Some(2));
}

/// `--deid-model` with the test model: after the rules, the model is asked about each text field
/// under the JSON schema, for real. A 135M model finds little; what is checked is that the pass
/// ran on every text the rules left something in, that its answers were valid (no failures),
/// and that the record says so. (Removing the spans a model lists is tested on its own in
/// clinical::deid::assist.)
#[test]
fn deid_model_pass_runs_end_to_end_on_the_test_model() {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("in.jsonl");
    std::fs::write(
        &input,
        r#"{"id": "m1", "patient": {"name": "Rosa Delgado"}, "notes": "Rosa Delgado came in with her friend Ikenna, phone 617-555-0142.", "plan": "Review in clinic."}"#,
    )
    .expect("write");
    let out = ddx(&home)
        .args(["deid", "--deid-model"])
        .arg(common::test_model())
        .arg(&input)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("model pass: 2 texts asked"), "{stderr}");
    let record: Value = serde_json::from_slice(&out.stdout).expect("json");
    let block = &record["deid"];
    assert_eq!(
        block["passes"],
        serde_json::json!(["rules", "model"]),
        "{block}"
    );
    assert_eq!(block["model"]["model"], "SmolLM2-135M-Instruct.Q4_1.gguf");
    assert_eq!(block["model"]["texts"], 2, "{block}");
    assert_eq!(block["model"]["failed"], 0, "{block}");
    assert!(block["model"]["listed"].as_u64().is_some(), "{block}");
    let notes = record["notes"].as_str().expect("notes");
    for secret in ["Rosa", "Delgado", "555-0142"] {
        assert!(!notes.contains(secret), "'{secret}' left in {notes}");
    }
}

/// `batch --deid --deid-model`: the cases' model and the de-identification model run in one
/// process (one llama.cpp backend), and every result says which passes ran; `--deid-model`
/// without `--deid` is refused.
#[test]
fn batch_deid_model_runs_both_models_in_one_process() {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("cases.jsonl");
    std::fs::write(
        &input,
        r#"{"id": "c1", "patient": {"name": "Tomasz Kowalski"}, "presentation": "Tomasz Kowalski, fever and cough."}"#,
    )
    .expect("write");
    // `--model` and `--deid-model` are two settings (they once shared clap's id).
    let (record, stdout) = one_record(
        ddx(&home)
            .arg("batch")
            .arg("--model")
            .arg(common::test_model())
            .args(["--deid", "--deid-model"])
            .arg(common::test_model())
            .args(["-c", "512", "-n", "4", "-p", "1"])
            .arg(&input),
    );
    assert_eq!(record["status"], "ok", "{record}");
    assert_eq!(
        record["deid"]["passes"],
        serde_json::json!(["rules", "model"])
    );
    assert_eq!(record["deid"]["model"]["failed"], 0, "{record}");
    assert!(!stdout.contains("Kowalski"));
    let refused = ddx_with_model(&home)
        .args(["batch", "--deid-model"])
        .arg(common::test_model())
        .arg(&input)
        .output()
        .expect("run");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("'--deid-model' works with '--deid'"));
}

/// `chat --deid --deid-model`: typed questions go through both passes before the model, the
/// screen and the saved transcript see them.
#[test]
fn chat_deid_model_scrubs_typed_questions_with_both_passes() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = ddx_with_model(&home)
        .args(["chat", "--deid", "--deid-model"])
        .arg(common::test_model())
        .args(["-c", "1024", "-n", "4"])
        .write_stdin(
            "My neighbour Ikenna Obi saw Rosa on 2024-01-03; is that relevant?\n/save t.jsonl\n",
        )
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("then the model SmolLM2-135M-Instruct.Q4_1.gguf"),
        "{stderr}"
    );
    let transcript = std::fs::read_to_string(home.path().join("t.jsonl")).expect("transcript");
    assert!(
        transcript.contains("My neighbour [NAME] saw"),
        "{transcript}"
    );
    let everything = format!(
        "{transcript}{stderr}{}",
        String::from_utf8_lossy(&out.stdout)
    );
    for secret in ["Ikenna", "Obi", "2024-01-03"] {
        assert!(
            !everything.contains(secret),
            "'{secret}' left: {everything}"
        );
    }
}

/// Run a command that turns one case into one record: it succeeds, and stdout is that record.
fn one_record(cmd: &mut assert_cmd::Command) -> (Value, String) {
    let out = cmd.output().expect("run");
    let stdout = String::from_utf8(out.stdout).expect("utf8");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record = serde_json::from_str(stdout.trim()).expect("json");
    (record, stdout)
}

/// `--deid` with `--verbose`: llama.cpp's own log and ddx's settings lines go to stderr, and none
/// of it carries an identifier of the case (batch, and chat with a typed question and a system
/// prompt naming the patient).
#[test]
fn verbose_logs_carry_no_identifiers_under_deid() {
    let home = tempfile::tempdir().expect("tempdir");
    let input = home.path().join("cases.jsonl");
    std::fs::write(
        &input,
        r#"{"id": "c1", "patient": {"name": "Tomasz Kowalski", "age": 91, "sex": "M"}, "presentation": "Tomasz Kowalski, phone 617-555-0188, fever and cough since 2024-01-03."}"#,
    )
    .expect("write");
    let identifiers = ["Tomasz", "Kowalski", "617-555-0188", "2024-01-03"];
    let batch = ddx_with_model(&home)
        .args(["-v", "batch", "--deid", "-c", "512", "-n", "4", "-p", "1"])
        .arg(&input)
        .output()
        .expect("runs");
    assert!(batch.status.success());
    let chat = ddx_with_model(&home)
        .args(["-v", "chat", "--deid", "-c", "512", "-n", "4"])
        .args(["--system", "You advise Tomasz Kowalski's doctor."])
        .arg("--case")
        .arg(&input)
        .write_stdin("Should Tomasz Kowalski call 617-555-0188 about the fever of 2024-01-03?\n")
        .output()
        .expect("runs");
    assert!(chat.status.success());
    for out in [&batch, &chat] {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("llama"),
            "the verbose log is there: {stderr}"
        );
        let everything = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
        for identifier in identifiers {
            assert!(
                !everything.contains(identifier),
                "'{identifier}' reached the output or the log: {everything}"
            );
        }
    }
}
