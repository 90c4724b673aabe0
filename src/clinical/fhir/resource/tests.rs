use super::*;

fn item(v: Value) -> Item {
    match convert(&v).expect("valid") {
        Converted::Item(i) => i,
        other => panic!("not an item: {other:?}"),
    }
}

#[test]
fn references_resolve_to_ids() {
    assert_eq!(reference_id("Patient/123"), "123");
    assert_eq!(reference_id("urn:uuid:abc-1"), "abc-1");
    assert_eq!(reference_id("https://x.org/fhir/Patient/9"), "9");
}

#[test]
fn observation_keeps_value_unit_range_interpretation_and_coding() {
    let i = item(json!({"resourceType": "Observation", "status": "final",
        "category": [{"coding": [{"code": "laboratory"}]}],
        "code": {"coding": [{"system": "http://loinc.org", "code": "2823-3", "display": "Potassium"}]},
        "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2020-01-02T10:00:00Z",
        "valueQuantity": {"value": 5.91234, "unit": "mmol/L"},
        "referenceRange": [{"low": {"value": 3.5, "unit": "mmol/L"}, "high": {"value": 5.1, "unit": "mmol/L"}}],
        "interpretation": [{"coding": [{"code": "H", "display": "High"}]}]}));
    assert_eq!(i.patient, "p1");
    assert_eq!(i.entry["kind"], "lab");
    assert_eq!(i.entry["date"], "2020-01-02");
    assert_eq!(
        i.entry["text"],
        "Potassium: 5.91 mmol/L (ref 3.5-5.1 mmol/L) [High]"
    );
    assert_eq!(i.entry["code"]["code"], "2823-3");
    assert_eq!(i.entry["unit"], "mmol/L");
    assert_eq!(i.entry["interpretation"], "High");
}

#[test]
fn quantity_comparators_are_kept() {
    let i = item(
        json!({"resourceType": "Observation", "code": {"text": "CRP"},
        "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2020-01-02",
        "valueQuantity": {"value": 5, "comparator": "<", "unit": "mg/L"}}),
    );
    assert_eq!(i.entry["text"], "CRP: <5 mg/L");
}

#[test]
fn blood_pressure_components() {
    let i = item(
        json!({"resourceType": "Observation", "category": [{"coding": [{"code": "vital-signs"}]}],
        "code": {"text": "Blood Pressure"}, "subject": {"reference": "urn:uuid:p"}, "effectiveDateTime": "2020-01-02",
        "component": [{"code": {"text": "Systolic"}, "valueQuantity": {"value": 120, "unit": "mm[Hg]"}},
                      {"code": {"text": "Diastolic"}, "valueQuantity": {"value": 80.0, "unit": "mm[Hg]"}}]}),
    );
    assert_eq!(i.entry["kind"], "vital");
    assert_eq!(
        i.entry["text"],
        "Blood Pressure: Systolic 120 mm[Hg], Diastolic 80 mm[Hg]"
    );
}

#[test]
fn notes_decode_text_and_count_binary() {
    let data = base64::engine::general_purpose::STANDARD.encode("Pt seen for cough.");
    let i = item(
        json!({"resourceType": "DocumentReference", "subject": {"reference": "Patient/p"},
        "date": "2021-05-01T09:00:00Z", "type": {"text": "Progress note"},
        "content": [{"attachment": {"contentType": "text/plain", "data": data}},
                    {"attachment": {"contentType": "application/pdf", "data": "JVBERi0="}}]}),
    );
    assert_eq!(i.entry["kind"], "note");
    assert_eq!(i.entry["text"], "Progress note\nPt seen for cough.");
    assert_eq!((i.text_attachments, i.binary_attachments), (1, 1));
}

#[test]
fn condition_status_and_abatement() {
    let i = item(
        json!({"resourceType": "Condition", "subject": {"reference": "Patient/p"},
        "clinicalStatus": {"coding": [{"code": "resolved"}]}, "onsetDateTime": "2019-02-01",
        "abatementDateTime": "2019-03-01T00:00:00Z", "code": {"coding": [{"system": "s", "code": "1", "display": "Bronchitis"}]}}),
    );
    assert_eq!(i.entry["text"], "Bronchitis (resolved, abated 2019-03-01)");
    assert_eq!(i.entry["clinical_status"], "resolved");
}

#[test]
fn malformed_and_unknown_resources() {
    assert!(convert(&json!({"id": "x"})).is_err());
    assert!(convert(&json!({"resourceType": "Observation", "code": {"text": "x"}})).is_err());
    let bad_value = json!({"resourceType": "Observation", "code": {"text": "x"}, "subject": {"reference": "Patient/p"},
        "valueQuantity": {"value": "SECRET"}});
    let e = convert(&bad_value).expect_err("malformed");
    assert!(!e.0.contains("SECRET"));
    assert_eq!(
        convert(&json!({"resourceType": "Claim"})).expect("ok"),
        Converted::Unknown("Claim".into())
    );
}

#[test]
fn numbers_print_without_float_noise() {
    assert_eq!(format_number(168.80253), "168.8");
    assert_eq!(format_number(80.0), "80");
}
