//! The model gatekeeper's checks, on replies written here to break each rule.

use super::*;
use serde_json::json;

fn case() -> SeqCase {
    SeqCase::from_value(
        &json!({"opening": "A 30-year-old woman with palpitations.",
            "diagnosis": "Graves disease", "aliases": ["Diffuse toxic goitre"],
            "history": {"Weight": "Lost 15 kg in two months.",
                "Past medical history": "Type 2 diabetes. Appendicectomy at age 9."},
            "tests": {"TSH": "Undetectable, below 0.01 mU/L",
                "TSH receptor antibodies": "Strongly positive at 12 IU/L",
                "Free T4": "Normal."}}),
        1,
    )
    .unwrap()
}

const ANSWER: &str = "TSH: Undetectable, below 0.01 mU/L";

#[test]
fn a_faithful_rephrasing_passes() {
    let reply = "The lab reports the TSH is undetectable, below 0.01 mU/L.";
    assert_eq!(check(&case(), ANSWER, reply), Ok(()));
}

#[test]
fn naming_the_diagnosis_an_alias_or_a_name_of_its_group_is_refused() {
    let c = case();
    for reply in [
        "TSH undetectable below 0.01, this is Graves' disease.",
        "Suppressed TSH below 0.01, likely GRAVES   DISEASE!",
        "Below 0.01: consistent with a diffuse toxic goitre.",
        "TSH below 0.01, think of Basedow disease.",
    ] {
        assert_eq!(
            check(&c, ANSWER, reply),
            Err(Refusal::NamesDiagnosis),
            "{reply}"
        );
    }
    let mg = SeqCase::from_value(
        &json!({"opening": "Double vision.", "diagnosis": "Myasthenia gravis",
            "exam": {"Eyes": "Ptosis worse on upward gaze."}}),
        1,
    )
    .unwrap();
    let told = "Eyes: Ptosis worse on upward gaze.";
    assert_eq!(
        check(&mg, told, "Ptosis worse on upward gaze, typical of MG."),
        Err(Refusal::NamesDiagnosis)
    );
    // Milligrams are not myasthenia gravis.
    assert_eq!(
        check(
            &mg,
            told,
            "Ptosis worse on upward gaze; she takes 5 mg of nothing."
        ),
        Ok(())
    );
}

#[test]
fn another_diagnosis_is_refused_unless_the_answer_told_it() {
    let c = case();
    assert_eq!(
        check(
            &c,
            ANSWER,
            "TSH below 0.01 mU/L, so hypothyroidism is unlikely."
        ),
        Err(Refusal::SuggestsDiagnosis("hypothyroidism".into()))
    );
    let told = "Past medical history: Type 2 diabetes.";
    assert_eq!(check(&c, told, "She has type 2 diabetes."), Ok(()));
}

#[test]
fn a_sentence_or_value_not_told_is_refused_and_shared_texts_are_not() {
    let c = case();
    assert_eq!(
        check(
            &c,
            ANSWER,
            "TSH is undetectable below 0.01; antibodies strongly positive at 12 IU/L."
        ),
        Err(Refusal::HiddenFinding("TSH receptor antibodies".into()))
    );
    // A sentence of a finding that was told only in part.
    let told = "Past medical history: Type 2 diabetes.";
    assert_eq!(
        check(&c, told, "Type 2 diabetes, and appendicectomy at age 9."),
        Err(Refusal::HiddenFinding("Past medical history".into()))
    );
    assert_eq!(
        check(&c, ANSWER, "TSH below 0.01 mU/L; she lost 15 kg."),
        Err(Refusal::HiddenFinding("Weight".into()))
    );
    // One-word texts ("Normal.") say nothing on their own.
    assert_eq!(
        check(&c, ANSWER, "TSH below 0.01 mU/L, rest normal."),
        Ok(())
    );
    assert_eq!(
        check(&c, ANSWER, "TSH undetectable."),
        Err(Refusal::LostValue("0".into()))
    );
    assert_eq!(check(&c, ANSWER, " ... "), Err(Refusal::Empty));
}

#[test]
fn a_synthetic_result_holds_nothing_of_the_case_and_no_diagnosis() {
    let c = case();
    assert_eq!(check_synthetic(&c, "Serum ammonia 32 umol/L."), Ok(()));
    assert_eq!(
        check_synthetic(&c, "Ammonia normal; Graves disease likely."),
        Err(Refusal::NamesDiagnosis)
    );
    assert_eq!(
        check_synthetic(&c, "Ammonia 30; type 2 diabetes."),
        Err(Refusal::SuggestsDiagnosis(
            "type 2 diabetes mellitus".into()
        ))
    );
    assert_eq!(
        check_synthetic(&c, "Ammonia normal, TSH 0.01."),
        Err(Refusal::HiddenFinding("TSH".into()))
    );
    assert_eq!(check_synthetic(&c, ""), Err(Refusal::Empty));
}

#[test]
fn the_model_reads_the_case_but_never_the_diagnosis() {
    let c = case();
    let text = case_text(&c);
    assert!(text.contains("Strongly positive at 12 IU/L"));
    assert!(!text.contains("Graves") && !text.contains("goitre"));
    let [_, user] = messages(&text, "order", "TSH", ANSWER);
    assert!(user.contains("Findings to tell:\nTSH: Undetectable"));
}
