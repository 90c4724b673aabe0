use serde_json::json;

use super::*;

fn case() -> SeqCase {
    SeqCase::from_value(
        &json!({"id": "p1", "opening": "60-year-old man with two days of cough.",
            "history": {"Social history": "Smokes 20 a day.", "Past medical history": "Diabetes."},
            "exam": {"Respiratory": {"Auscultation": "Crackles at the right base."},
                "Vital signs": "Temperature 38.9 C."},
            "tests": {"Complete blood count": "WBC 15,000.",
                "Chest X-ray": "Right lower lobe consolidation."},
            "diagnosis": "Community-acquired pneumonia", "aliases": ["CAP"]}),
        1,
    )
    .unwrap()
}

fn limits(max_turns: u32, budget: Option<f64>) -> Limits {
    Limits { max_turns, budget }
}

/// Play replies in turn; at every turn, check the prompt holds no finding not yet revealed and
/// never the gold diagnosis.
fn play(encounter: &mut Encounter, replies: &[&str]) {
    for reply in replies {
        let turn = encounter.next().expect("the encounter is not over");
        let prompt = format!("{}\n{}", turn.system, turn.user);
        for (i, f) in encounter.case().findings.iter().enumerate() {
            if !encounter.revealed().contains(&i) {
                assert!(
                    !prompt.contains(&f.text),
                    "'{}' leaked into\n{prompt}",
                    f.text
                );
            }
        }
        assert!(!prompt.to_lowercase().contains("pneumonia"), "{prompt}");
        encounter.reply(reply, Measured::default());
    }
}

#[test]
fn a_full_encounter_reveals_what_was_asked_and_charges_the_table() {
    let prices = Prices::shipped();
    let mut e = Encounter::new(case(), limits(10, None), prices.clone());
    play(
        &mut e,
        &[
            r#"{"action":"ask","question":"Do you smoke?"}"#,
            r#"{"action":"examine","system":"lungs"}"#,
            r#"{"action":"order","tests":["CBC","CXR","serum ammonia"]}"#,
            r#"{"action":"ask","question":"Any past medical history?"}"#,
            r#"{"action":"diagnose","diagnosis":"Pneumonia, community-acquired","differential":["Lung cancer"]}"#,
        ],
    );
    assert!(e.next().is_none());
    let expected = prices.visit
        + prices.test("CBC").price
        + prices.test("CXR").price
        + prices.test("serum ammonia").price
        + prices.visit;
    assert_eq!(e.cost(), expected);
    assert_eq!(expected, 300.0 + 7.77 + 33.0 + 20.0 + 300.0);
    let step_sum: f64 = e.steps().iter().map(|s| s.cost).sum();
    assert_eq!(step_sum, e.cost());
    let revealed: Vec<String> = e
        .revealed()
        .iter()
        .map(|&i| e.case().findings[i].name())
        .collect();
    assert_eq!(
        revealed,
        [
            "Social history",
            "Respiratory / Auscultation",
            "Complete blood count",
            "Chest X-ray",
            "Past medical history"
        ]
    );
    let o = e.outcome();
    assert_eq!(o.ending, Some(Ending::Diagnosed));
    assert_eq!((o.turns, o.matched), (5, score::Match::Exact));
    assert_eq!(o.differential, ["Lung cancer"]);
}

#[test]
fn the_turn_limit_forces_a_diagnosis() {
    let mut e = Encounter::new(case(), limits(3, None), Prices::shipped());
    play(
        &mut e,
        &[
            r#"{"action":"ask","question":"Do you smoke?"}"#,
            r#"{"action":"examine","system":"vitals"}"#,
        ],
    );
    let turn = e.next().unwrap();
    assert!(turn.forced && turn.user.contains("no turns left"));
    e.reply(
        r#"{"action":"diagnose","diagnosis":"Bronchitis"}"#,
        Measured::default(),
    );
    let o = e.outcome();
    assert_eq!(o.ending, Some(Ending::Forced(Forced::TurnLimit)));
    assert_eq!((o.diagnosis.as_deref(), o.turns), (Some("Bronchitis"), 3));
    assert!(!o.matched.correct());
}

#[test]
fn the_budget_forces_a_diagnosis() {
    let mut e = Encounter::new(case(), limits(10, Some(100.0)), Prices::shipped());
    play(&mut e, &[r#"{"action":"ask","question":"Do you smoke?"}"#]);
    assert!(e.next().unwrap().forced);
    // A forced turn takes only a diagnosis: anything else is a bad reply.
    play(&mut e, &[r#"{"action":"order","tests":["CBC"]}"#]);
    assert!(e.next().unwrap().retry);
    play(&mut e, &[r#"{"action":"diagnose","diagnosis":"CAP"}"#]);
    let o = e.outcome();
    assert_eq!(o.ending, Some(Ending::Forced(Forced::Budget)));
    assert_eq!((o.matched.correct(), o.cost), (true, 300.0));
}

#[test]
fn a_malformed_reply_gets_one_retry_then_a_forced_diagnosis() {
    let mut e = Encounter::new(case(), limits(10, None), Prices::shipped());
    play(&mut e, &["I think this is a chest infection"]);
    let retry = e.next().unwrap();
    assert!(retry.retry && !retry.forced);
    assert!(retry.user.contains("not a valid action"));
    play(&mut e, &["{\"action\": \"ask\""]);
    let forced = e.next().unwrap();
    assert!(forced.forced && !forced.retry);
    play(
        &mut e,
        &[r#"{"action":"diagnose","diagnosis":"Pneumonia"}"#],
    );
    let o = e.outcome();
    assert_eq!(o.ending, Some(Ending::Forced(Forced::Malformed)));
    assert_eq!(o.diagnosis.as_deref(), Some("Pneumonia"));
    assert_eq!(
        e.steps().iter().filter(|s| s.malformed.is_some()).count(),
        2
    );
}

#[test]
fn bad_replies_to_a_forced_turn_end_without_a_diagnosis() {
    let mut e = Encounter::new(case(), limits(1, None), Prices::shipped());
    play(&mut e, &["nonsense", "more nonsense"]);
    assert!(e.is_done());
    let o = e.outcome();
    assert_eq!((o.ending, o.diagnosis), (Some(Ending::NoDiagnosis), None));
    assert!(!o.matched.correct());
    // Whatever comes after is ignored.
    e.reply("{}", Measured::default());
    assert_eq!(e.steps().len(), 2);
}
