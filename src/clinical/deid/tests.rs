//! Tests of the [`Deidentifier`]: records, parsed cases and typed text, both passes.

use std::sync::Mutex;

use super::*;
use serde_json::json;

fn deid(mode: DateMode) -> Deidentifier {
    Deidentifier::new(Salt::from_bytes(b"test salt".to_vec()), mode)
}

#[test]
fn offsets_are_per_patient_and_never_zero() {
    let d = deid(DateMode::Shift);
    assert_eq!(d.offset_days("a"), d.offset_days("a"));
    let offsets: Vec<i64> = (0..50).map(|i| d.offset_days(&i.to_string())).collect();
    assert!(offsets.iter().all(|o| *o != 0 && o.abs() <= 365));
    assert!(offsets.iter().any(|o| *o != offsets[0]));
    let other = Deidentifier::new(Salt::from_bytes(b"other".to_vec()), DateMode::Shift);
    assert_ne!(d.pseudonym("123"), other.pseudonym("123"));
}

#[test]
fn a_record_loses_its_identifiers_and_keeps_its_clinical_content() {
    let mut record = json!({
        "id": "c1",
        "patient": {"id": "MRN77123", "name": "Jane Doe", "sex": "female", "age": 93,
                    "birth_date": "1931-02-03", "telecom": ["555-767-7476", "jane.doe@example.org"],
                    "address": {"line": ["12 Elm Street"], "city": "Springfield", "state": "MA", "zip": "01887"}},
        "index_date": "2024-03-02",
        "history": "Mrs. Doe (MRN77123) from Springfield 01887, phone (555) 767-7476, JANE.DOE@EXAMPLE.ORG, has type 2 diabetes since 2019.",
        "timeline": [{"date": "2024-03-01", "kind": "lab", "text": "HbA1c 8.1 %", "code": {"system": "http://loinc.org", "code": "4548-4"}}]
    });
    let d = deid(DateMode::Year);
    let report = d.apply_record(record.as_object_mut().expect("object"));
    let text = record.to_string();
    for secret in [
        "Jane",
        "JANE",
        "Doe",
        "MRN77123",
        "Springfield",
        "767-7476",
        "1931",
        "01887",
        "Elm",
    ] {
        assert!(!text.contains(secret), "{secret} left in {text}");
    }
    assert!(text.contains("type 2 diabetes since 2019"));
    assert!(text.contains("http://loinc.org"));
    assert_eq!(record["patient"]["age"], "90+");
    assert_eq!(record["patient"]["address"]["zip3"], "018");
    assert_eq!(record["timeline"][0]["date"], "2024");
    assert_eq!(record["id"], "c1");
    assert!(
        report.counts["name"] >= 2 && report.counts["phone"] >= 2 && report.counts["zip"] >= 2,
        "{report:?}"
    );
    assert_eq!(report.passes, ["rules"]);
    assert!(report.model.is_none());
}

#[test]
fn shifted_dates_keep_intervals_within_a_patient() {
    let d = deid(DateMode::Shift);
    let mut record = json!({"id": 1, "patient": {"id": "p"}, "notes": "Admitted 2024-03-01, discharged 2024-03-05.",
        "timeline": [{"date": "2024-03-01", "text": "x"}, {"date": "2024-03-05", "text": "y"}]});
    d.apply_record(record.as_object_mut().expect("object"));
    let a = iso_day_number(record["timeline"][0]["date"].as_str().expect("date")).expect("day");
    let b = iso_day_number(record["timeline"][1]["date"].as_str().expect("date")).expect("day");
    assert_eq!(b - a, 4);
    assert!(!record["notes"]
        .as_str()
        .expect("text")
        .contains("2024-03-01"));
}

#[test]
fn day_first_dates_follow_the_order_setting() {
    let d = deid(DateMode::Shift).with_date_order(DateOrder::DayFirst);
    let mut record = json!({"id": 1, "patient": {"id": "p"}, "notes": "Seen 03/04/2021."});
    let report = d.apply_record(record.as_object_mut().expect("object"));
    assert_eq!(report.date_order, "day-first");
    let offset = d.offset_days("p");
    let want =
        chrono::NaiveDate::from_ymd_opt(2021, 4, 3).expect("date") + chrono::Duration::days(offset);
    assert_eq!(
        record["notes"],
        format!(
            "Seen {}/{}/{}.",
            chrono::Datelike::day(&want),
            chrono::Datelike::month(&want),
            chrono::Datelike::year(&want)
        )
    );
}

#[test]
fn free_text_for_chat() {
    let d = deid(DateMode::Year);
    let patient = json!({"name": "Ann Lee"});
    let (clean, report) = d.apply_text(
        "Ann Lee, seen 2024-02-03, call 617-555-0100",
        patient.as_object(),
        "session-1",
    );
    assert_eq!(clean, "[NAME], seen 2024, call [PHONE]");
    assert_eq!(report.total(), 3);
}

/// Typed text (chat, tui) loses the patient's own postal code, email and phone too.
#[test]
fn typed_text_loses_the_patients_own_address_parts_email_and_phone() {
    let d = deid(DateMode::Year);
    let patient = json!({"name": "Rosa Alves", "telecom": ["617-555-0199", "rosa.alves@example.org"],
        "address": {"line": ["12 Elm St"], "city": "Boston", "district": "Suffolk", "state": "MA", "zip": "02108"}});
    let (clean, report) = d.apply_text(
        "Is 02108-1234 near Suffolk? Write ROSA.ALVES@EXAMPLE.ORG or call 617 555 0199 from Boston.",
        patient.as_object(),
        "s",
    );
    assert_eq!(
        clean,
        "Is 021 near [ADDRESS]? Write [EMAIL] or call [PHONE] from [ADDRESS]."
    );
    assert_eq!(report.counts["zip"], 1);
}

#[test]
fn a_parsed_case_is_scrubbed_everywhere() {
    let mut case = Case::from_object(
        json!({"id": "x", "patient": {"name": "Ann Lee"}, "presentation": "Ann Lee, email ann@lee.org",
               "question": "Is Ann at risk?", "timeline": [{"date": "2020-01-01", "text": "call Ann at 617-555-0100"}]})
        .as_object()
        .expect("object"),
    )
    .expect("case");
    let report = deid(DateMode::Year).apply(&mut case);
    assert_eq!(case.sections[0].text, "[NAME], email [EMAIL]");
    assert_eq!(case.question.as_deref(), Some("Is [NAME] at risk?"));
    assert_eq!(case.timeline[0].when, "2020");
    assert_eq!(case.timeline[0].text, "call [NAME] at [PHONE]");
    assert_eq!(report.counts["email"], 1);
}

/// A lister with canned answers that records what it was asked.
#[derive(Debug, Default)]
struct Canned {
    answers: Vec<(&'static str, Vec<Listed>)>,
    asked: Mutex<Vec<String>>,
}

impl SpanLister for Canned {
    fn name(&self) -> &str {
        "canned"
    }

    fn list(&self, text: &str) -> Result<Vec<Listed>, AssistError> {
        self.asked
            .lock()
            .map_err(|e| AssistError::Model(e.to_string()))?
            .push(text.to_string());
        if text.contains("FAIL") {
            return Err(AssistError::Model("refused".into()));
        }
        Ok(self
            .answers
            .iter()
            .filter(|(when, _)| text.contains(when))
            .flat_map(|(_, spans)| spans.clone())
            .collect())
    }
}

#[test]
fn the_model_pass_runs_after_the_rules_and_is_recorded() {
    let lister = Arc::new(Canned {
        answers: vec![(
            "Ikenna",
            vec![
                Listed {
                    kind: Kind::Name,
                    text: "Ikenna".into(),
                },
                Listed {
                    kind: Kind::Name,
                    text: "Quang".into(),
                },
            ],
        )],
        ..Canned::default()
    });
    let d = deid(DateMode::Year).with_lister(lister.clone());
    let mut record = json!({"id": "m1", "patient": {"name": "Ann Lee"},
        "notes": "Ann Lee came with Ikenna on 2024-02-03.", "plan": "FAIL here", "kind": "12"});
    let report = d.apply_record(record.as_object_mut().expect("object"));
    // The model sees the rules' output, never what they removed.
    let asked = lister.asked.lock().expect("lock").clone();
    assert!(
        asked.contains(&"[NAME] came with Ikenna on 2024.".to_string()),
        "{asked:?}"
    );
    assert!(asked.iter().all(|t| !t.contains("Ann")));
    assert_eq!(record["notes"], "[NAME] came with [NAME] on 2024.");
    assert_eq!(report.passes, ["rules", "model"]);
    let pass = report.model.as_ref().expect("model pass");
    assert_eq!(pass.model, "canned");
    // "12" has no letter worth asking about? It has an alphanumeric: it is asked, lists nothing.
    assert_eq!(
        (pass.texts, pass.listed, pass.removed, pass.failed),
        (3, 2, 1, 1)
    );
    assert_eq!(pass.counts["name"], 1);
    assert_eq!(report.to_value()["passes"], json!(["rules", "model"]));
}
