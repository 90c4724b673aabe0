//! `ddx import fhir` on fixture Bundles and Bulk Data NDJSON, and a long timeline fitted into a
//! small context by `ddx batch` with the real test model.

mod common;

use common::{ddx, ddx_with_model};

use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/fhir/{name}", env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    code: Option<i32>,
    cases: Vec<Value>,
    stderr: String,
}

fn import(args: &[&str]) -> Run {
    let home = tempfile::tempdir().expect("tempdir");
    let out = ddx(&home)
        .args(["import", "fhir"])
        .args(args)
        .output()
        .expect("run");
    Run {
        code: out.status.code(),
        cases: common::parse_jsonl(&out.stdout),
        stderr: String::from_utf8(out.stderr).expect("utf8"),
    }
}

fn entries<'a>(case: &'a Value, kind: &str) -> Vec<&'a Value> {
    case["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["kind"] == kind)
        .collect()
}

#[test]
fn a_transaction_bundle_gives_one_chronological_case_with_every_resource_type() {
    let run = import(&[&fixture("bundle-transaction.json")]);
    // One malformed resource and one without a type: reported with their position, status 1.
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "bundle-transaction.json entry 15: Observation: 'valueQuantity.value' must be a number"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("entry 16: the resource has no 'resourceType'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("skipped (not used): Claim 1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("2 text attachments decoded, 1 binary skipped"),
        "{}",
        run.stderr
    );
    assert_eq!(run.cases.len(), 1);
    let case = &run.cases[0];
    assert_eq!(case["id"], "pat-1");
    assert_eq!(case["patient"]["name"], "Elena Marsh");
    assert_eq!(case["patient"]["age"], 64, "age at the last entry");
    let timeline = case["timeline"].as_array().expect("timeline");
    let dates: Vec<&str> = timeline
        .iter()
        .map(|e| e["date"].as_str().expect("date"))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted, "chronological order");
    for kind in [
        "encounter",
        "condition",
        "lab",
        "vital",
        "medication",
        "procedure",
        "immunization",
        "allergy",
        "report",
        "note",
    ] {
        assert!(!entries(case, kind).is_empty(), "no '{kind}' entry");
    }
    assert_eq!(
        entries(case, "medication").len(),
        2,
        "MedicationRequest and MedicationStatement"
    );
    // Same day: the encounter comes before what happened during it.
    let same_day: Vec<&str> = timeline
        .iter()
        .filter(|e| e["date"] == "2020-01-15")
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(same_day[0], "encounter");
    let k = entries(case, "lab")[0];
    assert_eq!(
        k["code"],
        json!({"system": "http://loinc.org", "code": "2823-3", "display": "Potassium [Moles/volume] in Serum or Plasma"})
    );
    assert_eq!(
        (k["value"].as_f64(), k["unit"].as_str()),
        (Some(5.9), Some("mmol/L"))
    );
    assert_eq!(k["reference_range"], "3.5-5.1 mmol/L");
    assert_eq!(k["interpretation"], "High");
    let conditions = entries(case, "condition");
    assert_eq!(conditions[0]["clinical_status"], "active");
    assert_eq!(conditions[1]["abatement"], "2020-02-01T00:00:00+00:00");
    assert!(entries(case, "vital")[0]["text"]
        .as_str()
        .expect("text")
        .contains("Systolic Blood Pressure 152 mm[Hg]"));
    let note = entries(case, "note")[0]["text"].as_str().expect("text");
    assert!(
        note.contains("ECG: peaked T waves"),
        "decoded note text: {note}"
    );
    assert!(entries(case, "report")[0]["text"]
        .as_str()
        .expect("text")
        .contains("Hb 11.2 g/dL"));
    assert_eq!(entries(case, "allergy")[0]["criticality"], "high");
}

#[test]
fn index_date_keeps_the_past_only_with_day_offsets() {
    let run = import(&[
        &fixture("bundle-transaction.json"),
        "--index-date",
        "2021-06-02",
        "-q",
    ]);
    let case = &run.cases[0];
    assert_eq!(case["index_date"], "2021-06-02");
    assert_eq!(case["patient"]["age"], 63, "age at the index date");
    let timeline = case["timeline"].as_array().expect("timeline");
    assert!(timeline
        .iter()
        .all(|e| e["date"].as_str().expect("date") <= "2021-06-02"));
    assert!(
        entries(case, "note").is_empty(),
        "the note of 2021-06-03 is after the index date"
    );
    let last = timeline.last().expect("entry");
    assert_eq!(last["day"], 0);
    assert_eq!(timeline[0]["day"], -3970);
    // Nothing from after the index date leaks: the bronchitis that resolved later is active.
    let early = import(&[
        &fixture("bundle-transaction.json"),
        "--index-date",
        "2020-01-20",
        "-q",
    ]);
    let bronchitis = entries(&early.cases[0], "condition")
        .into_iter()
        .find(|c| c["code"]["code"] == "10509002")
        .expect("bronchitis");
    assert_eq!(bronchitis["text"], "Acute bronchitis (active)");
    assert_eq!(bronchitis["clinical_status"], "active");
    assert!(bronchitis.get("abatement").is_none());
    assert!(!early.cases[0].to_string().contains("2020-02-01"));
    let bad = import(&[
        &fixture("bundle-transaction.json"),
        "--index-date",
        "June 2021",
    ]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("'--index-date'"), "{}", bad.stderr);
}

#[test]
fn per_encounter_gives_one_case_per_encounter() {
    let run = import(&[
        &fixture("bundle-transaction.json"),
        "--per",
        "encounter",
        "-q",
    ]);
    let ids: Vec<&str> = run
        .cases
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["pat-1/enc-1", "pat-1/enc-2"]);
    assert_eq!(run.cases[1]["index_date"], "2021-06-02");
    assert_eq!(run.cases[1]["meta"]["encounter_id"], "enc-2");
    let kinds: Vec<&str> = run.cases[1]["timeline"]
        .as_array()
        .expect("t")
        .iter()
        .map(|e| e["kind"].as_str().expect("k"))
        .collect();
    assert_eq!(kinds, ["encounter", "lab", "report", "note"]);
}

#[test]
fn bulk_ndjson_and_searchset_bundles_group_by_patient_across_files() {
    let run = import(&[&fixture("bulk"), &fixture("bundle-searchset.json")]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("Observation.ndjson:3: not valid JSON"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Device 1"), "{}", run.stderr);
    let ids: Vec<&str> = run
        .cases
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), 3);
    for id in ["pat-10", "pat-11", "pat-2"] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    let p11 = run
        .cases
        .iter()
        .find(|c| c["id"] == "pat-11")
        .expect("pat-11");
    assert_eq!(
        p11["timeline"].as_array().expect("t").len(),
        2,
        "lab from NDJSON plus immunization from the collection Bundle"
    );
    let p10 = run
        .cases
        .iter()
        .find(|c| c["id"] == "pat-10")
        .expect("pat-10");
    let kinds: Vec<&str> = p10["timeline"]
        .as_array()
        .expect("t")
        .iter()
        .map(|e| e["kind"].as_str().expect("k"))
        .collect();
    assert_eq!(kinds, ["observation", "condition", "encounter", "lab"]);
    let p2 = run
        .cases
        .iter()
        .find(|c| c["id"] == "pat-2")
        .expect("pat-2");
    assert_eq!(
        p2["timeline"].as_array().expect("t").len(),
        2,
        "absolute references resolve too"
    );
}

#[test]
fn stdin_and_deid() {
    let home = tempfile::tempdir().expect("tempdir");
    let bundle = std::fs::read(fixture("bundle-transaction.json")).expect("fixture");
    let out = ddx(&home)
        .args(["import", "fhir", "-", "--deid", "-q"])
        .write_stdin(bundle)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf8");
    for secret in [
        "Elena",
        "Marsh",
        "555-201-3344",
        "Willow",
        "Easton",
        "MRN-448811",
        "02356",
        "1958-04-12",
        "pat-1",
    ] {
        assert!(!text.contains(secret), "'{secret}' left in the output");
    }
    let case: Value = serde_json::from_str(text.trim()).expect("json");
    assert!(case["id"].as_str().expect("id").starts_with("p-"));
    assert_eq!(case["patient"]["address"]["zip3"], "023");
    assert!(case["deid"]["counts"]["name"].as_u64() >= Some(2));
    assert!(
        case["timeline"].as_array().expect("t").len() >= 14,
        "nothing clinical is lost"
    );
}

/// Issue 21: a Synthea-style bundle whose DocumentReference note repeats the patient's address
/// ("Lives at 12 Elm St, Boston 02108."). The patient's postal code, known from
/// `Patient.address`, goes wherever it recurs, as street and city do; so do their email and a
/// phone number written another way.
#[test]
fn the_patients_own_postal_code_email_and_phone_leave_the_notes_too() {
    use base64::Engine as _;
    let note = "Lives at 12 Elm St, Boston 02108. Reach her at (617) 555-0199 or \
                ROSA.ALVES@EXAMPLE.ORG. Her old ZIP was 02108 too.";
    let bundle = json!({"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1",
            "name": [{"family": "Alves", "given": ["Rosa"]}], "gender": "female", "birthDate": "1950-02-03",
            "telecom": [{"system": "phone", "value": "617-555-0199"}, {"system": "email", "value": "rosa.alves@example.org"}],
            "address": [{"line": ["12 Elm St"], "city": "Boston", "state": "MA", "postalCode": "02108"}]}},
        {"fullUrl": "urn:uuid:d1", "resource": {"resourceType": "DocumentReference", "id": "d1", "status": "current",
            "subject": {"reference": "urn:uuid:p1"}, "date": "2021-06-03T12:00:00+00:00",
            "content": [{"attachment": {"contentType": "text/plain",
                "data": base64::engine::general_purpose::STANDARD.encode(note)}}]}}
    ]});
    let home = tempfile::tempdir().expect("tempdir");
    let out = ddx(&home)
        .args(["import", "fhir", "-", "--deid", "-q"])
        .write_stdin(bundle.to_string())
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf8");
    for secret in [
        "02108",
        "Elm",
        "Boston",
        "555-0199",
        "ROSA.ALVES",
        "rosa.alves",
    ] {
        assert!(!text.contains(secret), "'{secret}' left in {text}");
    }
    let case: Value = serde_json::from_str(text.trim()).expect("json");
    assert_eq!(case["patient"]["address"]["zip3"], "021");
    assert!(
        case["deid"]["counts"]["zip"].as_u64() >= Some(3),
        "{}",
        case["deid"]
    );
}

/// One patient with thousands of observations: the import streams it and batch fits the
/// timeline into a 1024-token context, keeping the active problem and saying what went.
#[test]
fn thousands_of_observations_are_fitted_into_the_context_with_a_truncated_block() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("export");
    std::fs::create_dir_all(&dir).expect("dir");
    let mut lines = vec![
        json!({"resourceType": "Patient", "id": "big", "gender": "male", "birthDate": "1950-01-01"}).to_string(),
        json!({"resourceType": "Condition", "clinicalStatus": {"coding": [{"code": "active"}]}, "code": {"text": "Type 2 diabetes mellitus"}, "subject": {"reference": "Patient/big"}, "onsetDateTime": "2001-01-01"}).to_string(),
    ];
    for i in 0..3000u32 {
        let day = chrono_like_date(i);
        let (name, value) = if i % 3 == 0 {
            ("Glucose", 5.0 + f64::from(i % 40) / 10.0)
        } else {
            ("Heart rate", 60.0 + f64::from(i % 30))
        };
        lines.push(json!({"resourceType": "Observation", "category": [{"coding": [{"code": if i % 3 == 0 {"laboratory"} else {"vital-signs"}}]}],
            "code": {"text": name}, "subject": {"reference": "Patient/big"}, "effectiveDateTime": day, "valueQuantity": {"value": value, "unit": "u"}}).to_string());
    }
    std::fs::write(dir.join("all.ndjson"), lines.join("\n")).expect("write");
    let cases = home.path().join("cases.jsonl");
    ddx(&home)
        .args(["import", "fhir", "-q", "-o"])
        .arg(&cases)
        .arg(&dir)
        .assert()
        .success();
    let out = ddx_with_model(&home)
        .args([
            "batch",
            "-c",
            "1024",
            "-n",
            "8",
            "--temperature",
            "0",
            "-p",
            "1",
            "--template",
            "summary",
        ])
        .arg(&cases)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(record["status"], "ok");
    let t = &record["truncated"];
    assert_eq!(t["fits"], true, "{t}");
    let dropped = t["entries_dropped"].as_u64().expect("dropped");
    assert!(dropped > 2500, "{t}");
    assert_eq!(dropped + t["entries_kept"].as_u64().expect("kept"), 3001);
    let by_kind: u64 = t["by_kind"]
        .as_object()
        .expect("by kind")
        .values()
        .map(|v| v.as_u64().expect("n"))
        .sum();
    assert_eq!(by_kind, dropped);
    assert!(
        t["by_kind"].get("condition").is_none(),
        "the active problem is never dropped: {t}"
    );
    let prompt = record["usage"]["prompt_tokens"].as_u64().expect("tokens");
    assert!(
        prompt <= 1024 - 8,
        "prompt of {prompt} tokens over the budget"
    );
    assert!(t["tokens_before"].as_u64() > Some(10_000), "{t}");
}

/// Day `i` after 2010-01-01 as an ISO date (no date library needed in the test).
fn chrono_like_date(i: u32) -> String {
    let mut days = i;
    let (mut y, mut m) = (2010u32, 1u32);
    loop {
        let len = match m {
            2 if y % 4 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if days < len {
            return format!("{y}-{m:02}-{:02}", days + 1);
        }
        days -= len;
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
}

/// When even the active problems and summary lines exceed the budget, the case fails with
/// `context_overflow` and its record still says what was left out.
#[test]
fn a_case_too_big_even_after_fitting_fails_openly() {
    let home = tempfile::tempdir().expect("tempdir");
    let timeline: Vec<Value> = (0..50)
        .map(|i| json!({"date": format!("2020-01-{:02}", i % 28 + 1), "kind": "lab", "text": format!("Sodium: {} mmol/L", 130 + i % 10)}))
        .collect();
    let case = json!({"id": "huge", "presentation": "chest pain radiating to the left arm ".repeat(200), "timeline": timeline});
    let out = ddx_with_model(&home)
        .args(["batch", "-c", "512", "-n", "8", "-p", "1", "-q"])
        .write_stdin(case.to_string())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let record: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(record["status"], "error");
    assert_eq!(record["error"]["kind"], "context_overflow");
    assert_eq!(record["truncated"]["fits"], false);
    assert_eq!(record["truncated"]["entries_dropped"], 50);
}

#[test]
fn a_synthea_bundle_keeps_each_visits_reason_as_text_and_coding() {
    // Shaped as Synthea writes it: the index visit's reasonCode is the condition it diagnosed
    // (what `ddx sdx` must keep out of the opening; see tests/sdx.rs).
    let run = import(&[&fixture("synthea-sinusitis.json")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("CarePlan 1") && run.stderr.contains("Claim 1"),
        "{}",
        run.stderr
    );
    let case = &run.cases[0];
    assert_eq!(case["patient"]["age"], 34, "age at the last entry");
    let visits = entries(case, "encounter");
    assert_eq!(visits.len(), 3);
    assert_eq!(
        visits[2]["text"],
        "Encounter for symptom (AMB); reason: Viral sinusitis (disorder)"
    );
    assert_eq!(
        visits[2]["reason"],
        json!({"system": "http://snomed.info/sct", "code": "444814009", "display": "Viral sinusitis (disorder)"})
    );
    assert!(
        visits[0].get("reason").is_none(),
        "a check-up has no reason"
    );
    let index_day: Vec<&str> = case["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["date"] == "2022-03-01")
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        index_day,
        [
            "encounter",
            "vital",
            "vital",
            "condition",
            "medication",
            "report",
            "note"
        ]
    );
}
