//! The deterministic gatekeeper's tests.
use super::*;
use serde_json::json;

fn case() -> SeqCase {
    SeqCase::from_value(
        &json!({"OSCE_Examination": {
            "Patient_Actor": {"Demographics": "60-year-old man",
                "History": "Two days of cough.",
                "Symptoms": {"Primary_Symptom": "Cough", "Secondary_Symptoms": ["Fever"]},
                "Past_Medical_History": "Type 2 diabetes.",
                "Social_History": "Smokes 20 a day."},
            "Physical_Examination_Findings": {
                "Vital_Signs": {"Temperature": "38.9 C"},
                "Respiratory_Examination": {"Auscultation": "Crackles at the right base."}},
            "Test_Results": {
                "Complete_Blood_Count": {"WBC": "15,000 /uL"},
                "Imaging": {"Chest_X-Ray": {"Findings": "Right lower lobe consolidation."}},
                "MRI_Brain": {"Findings": "Normal."}},
            "Correct_Diagnosis": "Community-acquired pneumonia"}}),
        1,
    )
    .unwrap()
}

fn names(case: &SeqCase, reveal: &Reveal) -> Vec<String> {
    reveal
        .findings
        .iter()
        .map(|&i| case.findings[i].name())
        .collect()
}

#[test]
fn tests_match_by_synonym_and_name() {
    let c = case();
    for request in [
        "CBC",
        "complete blood count",
        "Full blood count",
        "cbc results",
    ] {
        let r = answer(&c, &Request::Order(request));
        assert_eq!(names(&c, &r), ["Complete Blood Count / WBC"], "{request}");
    }
    for request in ["CXR", "chest x-ray", "Chest radiograph"] {
        let r = answer(&c, &Request::Order(request));
        assert_eq!(
            names(&c, &r),
            ["Imaging / Chest X-Ray / Findings"],
            "{request}"
        );
        assert!(r.answer.contains("consolidation"));
    }
    let r = answer(&c, &Request::Order("MRI brain with contrast"));
    assert_eq!(names(&c, &r), ["MRI Brain / Findings"]);
    let r = answer(&c, &Request::Order("imaging"));
    assert_eq!(names(&c, &r), ["Imaging / Chest X-Ray / Findings"]);
}

#[test]
fn examination_by_system_and_synonym() {
    let c = case();
    let r = answer(&c, &Request::Examine("lungs"));
    assert_eq!(names(&c, &r), ["Respiratory Examination / Auscultation"]);
    let r = answer(&c, &Request::Examine("vitals"));
    assert_eq!(names(&c, &r), ["Vital Signs / Temperature"]);
    // An examination never reveals a test, nor a test an examination.
    assert!(answer(&c, &Request::Order("respiratory"))
        .findings
        .is_empty());
    assert!(answer(&c, &Request::Examine("CBC")).findings.is_empty());
}

#[test]
fn limbs_by_their_common_names() {
    let c = SeqCase::from_value(
        &json!({"id": "dvt", "opening": "58-year-old man, breathless.",
            "exam": {"Lower extremity": "Tender swollen left calf."},
            "diagnosis": "Deep vein thrombosis"}),
        1,
    )
    .unwrap();
    for request in ["legs", "the patient's calves", "Lower limbs", "calf"] {
        let r = answer(&c, &Request::Examine(request));
        assert_eq!(names(&c, &r), ["Lower extremity"], "{request}");
    }
    assert!(answer(&c, &Request::Examine("arms")).findings.is_empty());
    let r = answer(&c, &Request::Examine("heart and legs"));
    assert_eq!(names(&c, &r), ["Lower extremity"]);
}

#[test]
fn questions_reveal_the_sections_they_name() {
    let c = case();
    let r = answer(&c, &Request::Ask("Do you smoke?"));
    assert_eq!(names(&c, &r), ["Social History"]);
    let r = answer(&c, &Request::Ask("Any past medical history?"));
    assert_eq!(names(&c, &r), ["Past Medical History"]);
    let r = answer(&c, &Request::Ask("What is your favourite colour?"));
    assert_eq!((r.findings.len(), r.answer.as_str()), (0, NOTHING_TO_ADD));
}

#[test]
fn the_neutral_answer_does_not_depend_on_the_case() {
    let a = case();
    let mut b = case();
    b.findings.clear();
    b.diagnosis = "Something else".into();
    for request in [
        Request::Order("serum ammonia"),
        Request::Examine("fundoscopy"),
        Request::Ask("Have you travelled?"),
    ] {
        let (ra, rb) = (answer(&a, &request), answer(&b, &request));
        assert!(ra.findings.is_empty());
        assert_eq!(ra.answer, rb.answer);
        assert_eq!(ra.answer, not_available(&request));
    }
}

#[test]
fn a_specific_test_does_not_reveal_another_that_shares_a_word() {
    let c = SeqCase::from_value(
        &json!({"opening": "x", "diagnosis": "y", "tests": {
            "Thyroid function": {"TSH": "low", "Free T4": "high"},
            "TSH receptor antibodies": "positive"}}),
        1,
    )
    .unwrap();
    let r = answer(&c, &Request::Order("TSH"));
    assert_eq!(names(&c, &r), ["Thyroid function / TSH"]);
    let r = answer(&c, &Request::Order("thyroid function tests"));
    assert_eq!(
        names(&c, &r),
        ["Thyroid function / TSH", "Thyroid function / Free T4"]
    );
}

#[test]
fn an_empty_request_reveals_nothing() {
    let c = case();
    for request in ["", "  ", "the results", "tests"] {
        assert!(answer(&c, &Request::Order(request)).findings.is_empty());
    }
}

fn paths(reveal: &Reveal) -> Vec<String> {
    reveal.tests.iter().map(|t| t.path.join(" / ")).collect()
}

#[test]
fn an_order_reveals_whole_tests_each_named() {
    let c = case();
    let r = answer(&c, &Request::Order("CBC"));
    assert_eq!(paths(&r), ["Complete Blood Count"]);
    let r = answer(&c, &Request::Order("imaging"));
    assert_eq!(paths(&r), ["Imaging / Chest X-Ray"]);
    let r = answer(&c, &Request::Order("MRI"));
    assert_eq!(paths(&r), ["MRI Brain"]);
    let c = SeqCase::from_value(
        &json!({"opening": "x", "diagnosis": "y", "tests": {
            "Blood tests": {"AChR antibodies": "Elevated", "Creatine kinase": "Normal"}}}),
        1,
    )
    .unwrap();
    // A group of tests is not a test: each antibody or enzyme is one.
    let r = answer(&c, &Request::Order("blood tests"));
    assert_eq!(
        paths(&r),
        [
            "Blood tests / AChR antibodies",
            "Blood tests / Creatine kinase"
        ]
    );
}

#[test]
fn an_order_that_names_more_than_four_tests_reveals_nothing() {
    let c = SeqCase::from_value(
        &json!({"opening": "x", "diagnosis": "y", "tests": {"Laboratory": {
            "Sodium": "130", "Potassium": "5.9", "Urea": "9", "Creatinine": "120",
            "Glucose": "4.2"}, "Blood culture 1": "No growth"}}),
        1,
    )
    .unwrap();
    for request in ["labs", "blood", "laboratory"] {
        let r = answer(&c, &Request::Order(request));
        assert!(r.too_broad && r.findings.is_empty() && r.tests.is_empty());
        assert_eq!(r.answer, too_broad(request));
        assert!(!r.answer.contains("Sodium"));
    }
    // Named one by one, each is told.
    let r = answer(&c, &Request::Order("Sodium"));
    assert_eq!(paths(&r), ["Laboratory / Sodium"]);
    assert!(!r.too_broad);
}
