//! The model-backed gatekeeper's rules (`--gatekeeper-model`): the deterministic matcher still
//! decides what a request reveals; a model only rephrases that answer. Its prompt holds the
//! request and the deterministic answer, nothing else of the case. [`check`] refuses a rephrasing
//! that names the gold diagnosis or an alias, or that holds the text of a finding the
//! deterministic answer did not reveal; the encounter then keeps the deterministic answer.

use super::case::SeqCase;
use super::names::{normalise, words, Synonyms};

/// The gatekeeper model's system and user messages for one request and its revealed answer.
pub fn messages(kind: &str, request: &str, answer: &str) -> [String; 2] {
    [
        "You speak for a patient's record to a physician. Rephrase the findings you are given as \
a short, natural reply: as the patient for a question, as the examiner for an examination, as \
the laboratory for a test. Use only the findings given and keep every value; add nothing, guess \
nothing, and never name or suggest a diagnosis."
            .to_string(),
        format!(
            "The physician's request ({kind}): {request}\nFindings to tell:\n{answer}\nYour reply:"
        ),
    ]
}

/// Why a rephrasing was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the reply is empty")]
    Empty,
    #[error("the reply names the diagnosis")]
    NamesDiagnosis,
    #[error("the reply holds a finding that was not revealed ({0})")]
    HiddenFinding(String),
    #[error("the reply drops the value '{0}'")]
    LostValue(String),
}

/// Whether `haystack` holds `needle`'s words in a row.
fn holds(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && needle.len() <= haystack.len()
        && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether the reply names `name`, or the canonical name of its synonym group, in a row.
fn names(reply: &[String], name: &str) -> bool {
    let name = plain(name);
    let canonical = Synonyms::shipped().canonical(&normalise(&name));
    holds(reply, &words(&name)) || holds(reply, &words(&canonical))
}

/// Apostrophes dropped, so that "Graves' disease" is "Graves disease".
fn plain(text: &str) -> String {
    text.replace(['\'', '\u{2019}'], "")
}

/// Check a rephrasing of `answer`, the deterministic answer that revealed the findings `shown`.
/// Every word with a digit in the answer (a value: "0.01", "12") must be in the reply.
/// A hidden finding counts when its text (two words or more) is in the reply in a row and not
/// in the deterministic answer (findings may share a text: "Normal.").
pub fn check(case: &SeqCase, shown: &[usize], answer: &str, reply: &str) -> Result<(), Refusal> {
    let said = words(&plain(reply));
    if said.is_empty() {
        return Err(Refusal::Empty);
    }
    if std::iter::once(&case.diagnosis)
        .chain(&case.aliases)
        .any(|name| names(&said, name))
    {
        return Err(Refusal::NamesDiagnosis);
    }
    let told = words(answer);
    for (i, finding) in case.findings.iter().enumerate() {
        if shown.contains(&i) {
            continue;
        }
        let text = words(&finding.text);
        if text.len() >= 2 && holds(&said, &text) && !holds(&told, &text) {
            return Err(Refusal::HiddenFinding(finding.name()));
        }
    }
    if let Some(value) = told
        .iter()
        .find(|w| w.chars().any(|c| c.is_ascii_digit()) && !said.contains(w))
    {
        return Err(Refusal::LostValue(value.clone()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn case() -> SeqCase {
        SeqCase::from_value(
            &json!({"opening": "A 30-year-old woman with palpitations.",
                "diagnosis": "Graves disease", "aliases": ["Diffuse toxic goitre"],
                "history": {"Weight": "Lost 5 kg in two months."},
                "tests": {"TSH": "Undetectable, below 0.01 mU/L",
                    "TSH receptor antibodies": "Strongly positive at 12 IU/L",
                    "Free T4": "Normal."}}),
            1,
        )
        .unwrap()
    }

    fn index(case: &SeqCase, name: &str) -> usize {
        case.findings.iter().position(|f| f.name() == name).unwrap()
    }

    #[test]
    fn a_faithful_rephrasing_passes() {
        let c = case();
        let tsh = index(&c, "TSH");
        let answer = "TSH: Undetectable, below 0.01 mU/L";
        let reply = "The lab reports the TSH is undetectable, below 0.01 mU/L.";
        assert_eq!(check(&c, &[tsh], answer, reply), Ok(()));
    }

    #[test]
    fn naming_the_diagnosis_or_an_alias_is_refused() {
        let c = case();
        let tsh = index(&c, "TSH");
        let answer = "TSH: Undetectable, below 0.01 mU/L";
        for reply in [
            "TSH undetectable, this is Graves' disease.",
            "Suppressed TSH, likely GRAVES   DISEASE!",
            "Consistent with a diffuse toxic goitre.",
        ] {
            assert_eq!(
                check(&c, &[tsh], answer, reply),
                Err(Refusal::NamesDiagnosis),
                "{reply}"
            );
        }
    }

    #[test]
    fn a_finding_not_revealed_is_refused_and_shared_texts_are_not() {
        let c = case();
        let tsh = index(&c, "TSH");
        let answer = "TSH: Undetectable, below 0.01 mU/L";
        let reply = "TSH is undetectable; antibodies strongly positive at 12 IU/L.";
        assert_eq!(
            check(&c, &[tsh], answer, reply),
            Err(Refusal::HiddenFinding("TSH receptor antibodies".into()))
        );
        // One-word texts ("Normal.") say nothing on their own.
        assert_eq!(
            check(&c, &[tsh], answer, "TSH below 0.01 mU/L, rest normal."),
            Ok(())
        );
        // A rephrasing keeps every value it was given.
        assert_eq!(
            check(&c, &[tsh], answer, "TSH undetectable."),
            Err(Refusal::LostValue("0".into()))
        );
        assert_eq!(check(&c, &[tsh], answer, " ... "), Err(Refusal::Empty));
    }
}
