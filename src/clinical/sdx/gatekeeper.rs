//! The deterministic gatekeeper: reveals the hidden findings a request names, and nothing else.
//!
//! - `ask`: the question's words are scanned for history names and their synonyms (longest name
//!   first: "past medical history" is not also "history"); every history finding under a named
//!   section is told.
//! - `examine`: as `order` below, and also every system or body part the request names anywhere
//!   in its words ("the patient's calves" is the lower extremity; "heart and lungs" both).
//! - `examine` and `order`: the request, normalised ([`super::names::words`]) and mapped to its
//!   canonical name, matches a finding when one of the names on the finding's path is the same
//!   canonical name, or, for names of two words or more, is held by the request ("MRI brain with
//!   contrast" for "MRI Brain"); a broad request (a kind of test or sample: "MRI", "imaging",
//!   "blood", see [`BROAD`]) also matches names that hold its words ("MRI Brain"). A matched name
//!   reveals everything under it ("blood tests" reveals every blood test).
//!
//! What the case does not hold gets the **neutral answer**: "not available", the same words for
//! every case (they name only the request). "Within normal limits" was not chosen: it would
//! claim a normal result the case does not state, and the difference between "normal" and
//! "not recorded" would then tell the solver which tests the case author wrote down.

use super::case::{Finding, Kind, SeqCase};
use super::names::{normalise, words, Synonyms};

/// Names of a kind of test or a sample, not one test: such a request also reveals the findings
/// whose names hold it ("MRI" reveals "MRI Brain"). Any other request must name the finding (or
/// hold its whole name): "TSH" does not reveal "TSH receptor antibodies".
const BROAD: &[&str] = &[
    "blood",
    "imaging",
    "x ray",
    "ct",
    "mri",
    "ultrasound",
    "biopsy",
    "blood cultures",
    "urinalysis",
    "electrocardiogram",
    "serum electrolytes",
];

/// What the solver asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request<'a> {
    Ask(&'a str),
    Examine(&'a str),
    Order(&'a str),
}

/// The gatekeeper's answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reveal {
    /// Indices into the case's findings.
    pub findings: Vec<usize>,
    /// What the solver is told.
    pub answer: String,
}

/// The neutral answer to a question the case holds no answer to.
pub const NOTHING_TO_ADD: &str = "The patient has nothing to add about that (not available).";

/// The neutral answer to a request the case holds nothing for; it names only the request.
pub fn not_available(request: &Request<'_>) -> String {
    match request {
        Request::Ask(_) => NOTHING_TO_ADD.to_string(),
        Request::Examine(what) => format!("Examination of {}: not available.", what.trim()),
        Request::Order(what) => format!("{}: not available.", what.trim()),
    }
}

/// Answer one request from the case.
pub fn answer(case: &SeqCase, request: &Request<'_>) -> Reveal {
    let synonyms = Synonyms::shipped();
    let findings: Vec<usize> = match request {
        Request::Ask(question) => {
            let named = synonyms.mentioned(question);
            select(case, Kind::History, |f| {
                f.path
                    .iter()
                    .any(|p| named.contains(&synonyms.canonical(&normalise(p))))
            })
        }
        Request::Examine(what) => {
            // A system or body part named anywhere in the request counts ("the patient's calves").
            let named = synonyms.mentioned(what);
            select(case, Kind::Exam, |f| {
                names_match(synonyms, what, f)
                    || f.path
                        .iter()
                        .any(|p| named.contains(&synonyms.canonical(&normalise(p))))
            })
        }
        Request::Order(what) => select(case, Kind::Test, |f| names_match(synonyms, what, f)),
    };
    if findings.is_empty() {
        return Reveal {
            findings,
            answer: not_available(request),
        };
    }
    let answer = findings
        .iter()
        .map(|&i| {
            let f = &case.findings[i];
            format!("{}: {}", f.name(), f.text)
        })
        .collect::<Vec<_>>()
        .join("\n");
    Reveal { findings, answer }
}

fn select(case: &SeqCase, kind: Kind, matches: impl Fn(&Finding) -> bool) -> Vec<usize> {
    case.findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == kind && matches(f))
        .map(|(i, _)| i)
        .collect()
}

/// Whether `haystack` holds `needle`'s words in a row.
fn holds(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && needle.len() <= haystack.len()
        && haystack.windows(needle.len()).any(|w| w == needle)
}

fn names_match(synonyms: &Synonyms, request: &str, finding: &Finding) -> bool {
    let req_words = words(request);
    if req_words.is_empty() {
        return false;
    }
    let req = synonyms.canonical(&req_words.join(" "));
    let req_canon: Vec<String> = req.split(' ').map(str::to_string).collect();
    let broad = BROAD.contains(&req.as_str());
    finding.path.iter().any(|name| {
        let name_words = words(name);
        if name_words.is_empty() {
            return false;
        }
        let canon = synonyms.canonical(&name_words.join(" "));
        let canon_words: Vec<String> = canon.split(' ').map(str::to_string).collect();
        canon == req
            || (broad && (holds(&name_words, &req_words) || holds(&canon_words, &req_canon)))
            || (name_words.len() >= 2 && holds(&req_words, &name_words))
    })
}

#[cfg(test)]
mod tests {
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
}
