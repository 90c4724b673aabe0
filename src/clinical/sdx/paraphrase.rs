//! The model-backed gatekeeper's rules (`--gatekeeper-model`). As SDBench's gatekeeper, the model
//! is given the whole case (its opening and findings; never the diagnosis), so that what it says
//! is consistent with the case; but the deterministic matcher still decides what a request
//! reveals, and [`check`] holds the model to it. A reply is refused, and the deterministic answer
//! kept, when it names the gold diagnosis, an alias, or any name of the gold's group in the
//! diagnosis table ("MG" for myasthenia gravis); when it names another diagnosis of that table
//! the deterministic answer did not; when it holds a sentence or a value of the case that the
//! deterministic answer did not tell; or when it drops a value the answer told.
//!
//! With `--absent synthetic`, an order the case holds nothing for goes to the model too, which
//! writes a plausible result ([`synthetic_messages`], checked by [`check_synthetic`]): never a
//! diagnosis, never a sentence or value of the case.

use super::case::SeqCase;
use super::gatekeeper::sentences;
use super::names::{normalise, words, Synonyms};

/// The most characters of the case the model is given.
const CASE_CHARS: usize = 2400;

/// The case as the gatekeeper model reads it: the opening and every finding, not the diagnosis.
pub fn case_text(case: &SeqCase) -> String {
    let mut text = format!("Opening: {}", case.opening);
    for f in &case.findings {
        text.push_str(&format!("\n{}: {}", f.name(), f.text));
    }
    match text.char_indices().nth(CASE_CHARS) {
        Some((cut, _)) => format!("{} [...]", &text[..cut]),
        None => text,
    }
}

/// The gatekeeper model's system and user messages for one request and its revealed answer.
pub fn messages(case: &str, kind: &str, request: &str, answer: &str) -> [String; 2] {
    [
        "You answer a physician's requests about one patient: as the patient for a question, as \
the examiner for an examination, as the laboratory for a test. The case is given for context \
only. Tell only the findings given to tell, as a short, natural reply; keep every value; tell \
nothing else of the case, guess nothing, and never name or suggest a diagnosis."
            .to_string(),
        format!(
            "Case (context only):\n{case}\n\nThe physician's request ({kind}): {request}\n\
Findings to tell:\n{answer}\nYour reply:"
        ),
    ]
}

/// The gatekeeper model's messages for a test the case does not hold (`--absent synthetic`).
pub fn synthetic_messages(case: &str, request: &str) -> [String; 2] {
    [
        "You are the laboratory for one patient. The case does not hold the test the physician \
ordered: write a short, plausible result for it, consistent with the case, as a laboratory \
report would state it. Do not repeat the case's findings, and never name or suggest a diagnosis."
            .to_string(),
        format!("Case:\n{case}\n\nTest ordered: {request}\nResult:"),
    ]
}

/// Why a reply was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the reply is empty")]
    Empty,
    #[error("the reply names the diagnosis")]
    NamesDiagnosis,
    #[error("the reply names a diagnosis the answer did not ({0})")]
    SuggestsDiagnosis(String),
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

/// The text as the diagnosis table is scanned: short words count only in capitals ("MG" is
/// myasthenia gravis, "5 mg" and "Mg 0.7" are not).
fn for_diagnoses(text: &str) -> String {
    plain(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.chars().count() > 3 || t.chars().all(|c| !c.is_lowercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The gold, its aliases and every name of their groups in the diagnosis table.
fn diagnosis_refusal(case: &SeqCase, told: &str, reply: &str) -> Option<Refusal> {
    let said = words(&plain(reply));
    if std::iter::once(&case.diagnosis)
        .chain(&case.aliases)
        .any(|name| names(&said, name))
    {
        return Some(Refusal::NamesDiagnosis);
    }
    let table = Synonyms::diagnoses();
    let gold: Vec<String> = std::iter::once(&case.diagnosis)
        .chain(&case.aliases)
        .map(|d| table.canonical(&normalise(&plain(d))))
        .collect();
    let in_told = table.mentioned(&for_diagnoses(told));
    for named in table.mentioned(&for_diagnoses(reply)) {
        if gold.contains(&named) {
            return Some(Refusal::NamesDiagnosis);
        }
        if !in_told.contains(&named) {
            return Some(Refusal::SuggestsDiagnosis(named));
        }
    }
    None
}

/// A sentence (two words or more) or a value of the case in the reply that `told` does not hold.
fn hidden_refusal(case: &SeqCase, told: &str, reply: &str) -> Option<Refusal> {
    let said = words(&plain(reply));
    let told = words(&plain(told));
    for finding in &case.findings {
        for sentence in sentences(&finding.text) {
            let text = words(&plain(&sentence));
            if text.len() >= 2 && holds(&said, &text) && !holds(&told, &text) {
                return Some(Refusal::HiddenFinding(finding.name()));
            }
            let value = text.iter().find(|w| {
                w.len() >= 2
                    && w.chars().any(|c| c.is_ascii_digit())
                    && said.contains(w)
                    && !told.contains(w)
            });
            if value.is_some() {
                return Some(Refusal::HiddenFinding(finding.name()));
            }
        }
    }
    None
}

/// Check a rephrasing of `answer`, the deterministic answer. Every word with a digit in the
/// answer (a value: "0.01", "12") must be in the reply.
pub fn check(case: &SeqCase, answer: &str, reply: &str) -> Result<(), Refusal> {
    let said = words(&plain(reply));
    if said.is_empty() {
        return Err(Refusal::Empty);
    }
    if let Some(refusal) = diagnosis_refusal(case, answer, reply) {
        return Err(refusal);
    }
    if let Some(refusal) = hidden_refusal(case, answer, reply) {
        return Err(refusal);
    }
    let told = words(answer);
    if let Some(value) = told
        .iter()
        .find(|w| w.chars().any(|c| c.is_ascii_digit()) && !said.contains(w))
    {
        return Err(Refusal::LostValue(value.clone()));
    }
    Ok(())
}

/// Check a synthetic result for a test the case does not hold: not empty, no diagnosis, nothing
/// of the case.
pub fn check_synthetic(case: &SeqCase, reply: &str) -> Result<(), Refusal> {
    if words(&plain(reply)).is_empty() {
        return Err(Refusal::Empty);
    }
    if let Some(refusal) = diagnosis_refusal(case, "", reply) {
        return Err(refusal);
    }
    match hidden_refusal(case, "", reply) {
        Some(refusal) => Err(refusal),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
