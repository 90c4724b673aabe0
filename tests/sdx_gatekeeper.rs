//! `ddx sdx play`: the gatekeeper answers questions from the case's own sentences (a stated
//! symptom, a denied one with its negation, nothing for what the case does not say), charges
//! every revealed test at its own price, asks for names when a request would reveal more than
//! four tests, cuts an order to what the budget allows, and refuses `--absent synthetic`
//! without a gatekeeper model.

mod common;

use common::{ddx, home};
use predicates::str::contains;

/// An AgentClinic-form case whose opening names fever and whose history denies dysuria.
const CASE: &str = r#"{"OSCE_Examination": {"Objective_for_Doctor": "Assess the patient.", "Patient_Actor": {"Demographics": "34-year-old woman", "History": "Three days of feeling unwell. She denies dysuria. No recent travel.", "Symptoms": {"Primary_Symptom": "Fatigue, flank pain, and fever", "Secondary_Symptoms": ["Nausea", "No vomiting"]}, "Past_Medical_History": "Two urinary tract infections last year.", "Social_History": "Smokes 10 a day. Works as a nurse."}, "Physical_Examination_Findings": {"Vital_Signs": {"Temperature": "38.9 C"}}, "Test_Results": {"Laboratory": {"Sodium": "Sodium 136 mmol/L", "Potassium": "Potassium 4.2 mmol/L", "Creatinine": "Creatinine 88 umol/L", "CRP": "CRP 180 mg/L", "Lactate": "Lactate 1.1 mmol/L"}, "Complete_Blood_Count": {"WBC": "WBC 17,000 /uL", "Hemoglobin": "Hemoglobin 128 g/L"}, "Urinalysis": {"Findings": "Nitrite positive, leukocytes 3+"}, "Renal_Ultrasound": {"Findings": "Right renal pelvis mildly dilated"}}, "Correct_Diagnosis": "Acute pyelonephritis"}}"#;

fn play(home: &tempfile::TempDir, args: &[&str], input: &str) -> (String, String) {
    let cases = home.path().join("case.jsonl");
    std::fs::write(&cases, format!("{CASE}\n")).expect("written");
    let out = ddx(home)
        .args(["sdx", "play"])
        .arg(&cases)
        .args(args)
        .write_stdin(input.to_string())
        .assert()
        .success()
        .get_output()
        .clone();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn questions_are_answered_from_the_case_sentences_negations_kept() {
    let home = home();
    let (stdout, _) = play(
        &home,
        &[],
        "ask Do you have fever?\nask Do you have any dysuria?\nask Have you had a cough?\n\
         ask Do you smoke?\ndiagnose pyelonephritis\n",
    );
    let answers: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with('[') && !l.starts_with("Patient:"))
        .collect();
    // A stated symptom: the opening's sentence that names it.
    assert_eq!(
        answers[0], "Opening: Presenting complaint: Fatigue, flank pain, and fever.",
        "{stdout}"
    );
    // A denied symptom: the sentence with its negation, not the rest of the history.
    assert!(
        stdout.contains("History: She denies dysuria.") && !stdout.contains("No recent travel"),
        "{stdout}"
    );
    // What the case does not say: the neutral answer.
    assert!(
        stdout.contains("The patient has nothing to add about that (not available)."),
        "{stdout}"
    );
    // An exposure: its sentence only, not the occupation beside it.
    assert!(stdout.contains("Social History: Smokes 10 a day.") && !stdout.contains("nurse"));
    // Never another section: the past medical history was not asked.
    assert!(!stdout.contains("urinary tract infections"), "{stdout}");
}

#[test]
fn a_name_for_more_than_four_tests_reveals_nothing_and_tests_are_priced_each() {
    let home = home();
    let (stdout, _) = play(
        &home,
        &[],
        "order labs\norder CBC, urinalysis\ndiagnose pyelonephritis\n",
    );
    assert!(
        stdout.contains("labs: this would reveal more than 4 tests; order the tests you want by name (nothing was done or charged)."),
        "{stdout}"
    );
    assert!(!stdout.contains("Sodium 136") && !stdout.contains("CRP 180"));
    // CBC ($7.77) and urinalysis ($3.17) at their own prices: $10.94, the broad request nothing.
    assert!(stdout.contains("Complete Blood Count / WBC: WBC 17,000 /uL"));
    assert!(stdout.contains("Urinalysis / Findings: Nitrite positive"));
    assert!(stdout.contains("Cost $11, turns: 3."), "{stdout}");
}

#[test]
fn an_order_past_the_budget_is_cut_and_says_what_was_not_done() {
    let home = home();
    // $300 visit, then $40 left: the CBC ($7.77) fits, the ultrasound ($120) does not with $32.23
    // left, the CRP ($5.18) after it does: $312.95.
    let (stdout, _) = play(
        &home,
        &["--budget", "340"],
        "ask Do you have fever?\norder CBC, abdominal ultrasound, CRP\ndiagnose pyelonephritis\n",
    );
    assert!(stdout.contains("WBC 17,000"), "{stdout}");
    assert!(
        stdout.contains("abdominal ultrasound: not done: it would pass the budget ($32 left)."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Laboratory / CRP: CRP 180 mg/L"),
        "{stdout}"
    );
    assert!(stdout.contains("Cost $313, turns: 3."), "{stdout}");
}

#[test]
fn synthetic_results_need_a_gatekeeper_model() {
    let home = home();
    let cases = home.path().join("case.jsonl");
    std::fs::write(&cases, format!("{CASE}\n")).expect("written");
    for command in ["play", "run"] {
        ddx(&home)
            .args(["sdx", command])
            .arg(&cases)
            .args(["--absent", "synthetic"])
            .write_stdin("diagnose x\n")
            .assert()
            .failure()
            .stderr(contains("--absent synthetic needs --gatekeeper-model"));
    }
}
