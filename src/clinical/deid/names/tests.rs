//! Tests of the name finder: cues, titles, credentials, cue-less names, organisations, and
//! what is not a name.

use super::*;

fn names(text: &str) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    find(text, &mut out);
    crate::clinical::deid::patterns::resolve_spans(out, text)
        .into_iter()
        .map(|s| (text[s.start..s.end].to_string(), s.kind.as_str()))
        .collect()
}

fn only(text: &str) -> Vec<String> {
    names(text).into_iter().map(|(t, _)| t).collect()
}

#[test]
fn relatives_after_cues_and_before_roles() {
    assert_eq!(
        only("Brought in by her husband Amara O'Sullivan."),
        ["Amara O'Sullivan"]
    );
    assert_eq!(
        only("Discussed with his daughter Mei Zhang, who agrees."),
        ["Mei Zhang"]
    );
    assert_eq!(only("NOK: Kwabena Mensah - son."), ["Kwabena Mensah"]);
    assert_eq!(
        only("Left a voicemail for Ngozi Adebayo (niece)."),
        ["Ngozi Adebayo"]
    );
    assert_eq!(only("Husband Emre is very supportive."), ["Emre"]);
    assert_eq!(
        only("Lives with partner Gregory van der Merwe."),
        ["Gregory van der Merwe"]
    );
    assert_eq!(
        only("BROUGHT IN BY HIS WIFE MEI ZHANG WHO STATES"),
        ["MEI ZHANG"]
    );
}

#[test]
fn clinicians_by_title_and_credential() {
    assert_eq!(only("Seen by Dr. Okafor today."), ["Okafor"]);
    assert_eq!(only("Signed: Priya Raman, MD, PhD"), ["Priya Raman"]);
    assert_eq!(
        only("Triage RN: ROSENTHAL, YUKI APRN."),
        ["ROSENTHAL, YUKI"]
    );
    assert_eq!(only("J. Alvarez, RN"), ["J. Alvarez"]);
    assert!(only("Baltimore, MD 21201").is_empty());
}

#[test]
fn names_without_cues() {
    assert_eq!(
        only("Linda Okonkwo will collect the prescriptions."),
        ["Linda Okonkwo"]
    );
    // A surname of rank 88,799 in the census list.
    assert_eq!(only("Amara Aalderink called."), ["Amara Aalderink"]);
    assert_eq!(only("Then Linda called back."), ["Linda"]);
}

#[test]
fn organisations() {
    assert_eq!(
        names("Works at Kessler Logistics as a driver; transferred from St. Brendan's Hospital."),
        [
            ("Kessler Logistics".to_string(), "organization"),
            ("St. Brendan's Hospital".to_string(), "organization")
        ]
    );
    assert_eq!(
        only("Follows at Riverside Medical Center."),
        ["Riverside Medical Center"]
    );
    assert!(only("Transferred from the ED to the ICU, then discharged to Home Health.").is_empty());
}

#[test]
fn eponyms_terms_and_family_history_are_not_names() {
    for text in [
        "Wilson disease excluded; Murphy's sign negative; Austin Flint murmur absent.",
        "Mother: Type 2 diabetes. Father - MI at 55. Brother: Crohn disease. Daughter - ADHD.",
        "Sister Mary Joseph nodule absent; Kernig and Brudzinski signs negative.",
        "Plan: Will follow up. May need echo. Frank blood. Grant application.",
        "Discussed with Cardiology; seen by Neurology; spoke with the charge nurse.",
        "Lou Gehrig disease; Ann Arbor stage IIA; Bence Jones protein; Graves disease.",
        "Started Eliquis and Lasix; Consultant Geriatrician review; Home Health.",
        "Spoke with daughter June 4 about discharge.",
    ] {
        assert_eq!(only(text), Vec::<String>::new(), "{text}");
    }
}
