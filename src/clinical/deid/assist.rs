//! The optional model-assisted pass (`--deid-model`): after the rules, a language model is asked,
//! per text field, to list the identifiers it still sees, as JSON constrained by [`SCHEMA`]
//! (`{"identifiers": [{"type", "text"}]}`); every listed span that occurs in the text is removed.
//!
//! Nothing here runs a model: the session implements [`SpanLister`] with a backend and hands it
//! to the [`super::Deidentifier`]. What is here is what the pass means, and is pure: the question
//! ([`messages`]), the schema, reading the answer ([`parse_answer`]), cutting long texts
//! ([`chunks`]) and removing what was listed ([`remove_listed`]). The rules stay sufficient for
//! what they claim; the model can only remove more, never put anything back.

use serde_json::Value;

use super::kind::{zip3, Kind};
use super::names::lexicon;

/// The answer's JSON schema: a list of (type, exact text) spans.
pub const SCHEMA: &str = r#"{"type": "object", "properties": {"identifiers": {"type": "array", "maxItems": 8, "items": {"type": "object", "properties": {"type": {"type": "string", "enum": ["name", "organization", "date", "age", "phone", "fax", "email", "ssn", "mrn", "account", "health_plan", "address", "zip", "url", "ip", "device_id", "license", "vehicle", "other_id"]}, "text": {"type": "string", "minLength": 1, "maxLength": 48}}, "required": ["type", "text"], "additionalProperties": false}}}, "required": ["identifiers"], "additionalProperties": false}"#;

/// The longest piece of text asked about at once, in characters (about 400 tokens): longer
/// fields are asked about in pieces cut at white space.
pub const CHUNK_CHARS: usize = 1500;

/// The instruction the model gets.
const SYSTEM: &str = "You find personal identifiers left in clinical text that was already de-identified. \
Identifiers are: names of people (patients, relatives, friends, clinicians), names of hospitals and \
employers, dates, ages over 89, phone and fax numbers, emails, social security numbers, medical record, \
account and insurance numbers, street addresses, cities, ZIP codes, web addresses, IP addresses, device \
serial numbers, licence numbers and vehicle plates. Words in square brackets such as [NAME] were removed \
already: ignore them. Disease names, drug names, eponyms (Parkinson disease, Murphy sign) and clinical \
values are not identifiers. Copy each identifier exactly as written in the text. If there is none, \
answer with an empty list.";

/// One span the model listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub kind: Kind,
    pub text: String,
}

/// Why the model gave no usable list for a text.
#[derive(Debug, thiserror::Error)]
pub enum AssistError {
    #[error("the de-identification model failed: {0}")]
    Model(String),
    #[error("the de-identification model's answer is not the expected JSON: {0}")]
    Answer(String),
}

/// Lists what identifiers a model still sees in a text (implemented by the session with a
/// backend; by tests with canned answers).
pub trait SpanLister: Send + Sync + std::fmt::Debug {
    /// The model's name, for the `deid` block (a file name or a registered name).
    fn name(&self) -> &str;

    /// The spans the model lists for `text` (at most [`CHUNK_CHARS`] characters).
    fn list(&self, text: &str) -> Result<Vec<Listed>, AssistError>;
}

/// The conversation that asks about `text`: (role, content) pairs, system first.
pub fn messages(text: &str) -> [(&'static str, String); 2] {
    [
        ("system", SYSTEM.to_string()),
        (
            "user",
            format!("Text:\n\"\"\"\n{text}\n\"\"\"\nList every identifier left in this text."),
        ),
    ]
}

/// The spans of an answer that follows [`SCHEMA`] (unknown types count as `other_id`).
pub fn parse_answer(answer: &str) -> Result<Vec<Listed>, AssistError> {
    let value: Value =
        serde_json::from_str(answer.trim()).map_err(|e| AssistError::Answer(e.to_string()))?;
    let items = value
        .get("identifiers")
        .and_then(Value::as_array)
        .ok_or_else(|| AssistError::Answer("no 'identifiers' list".into()))?;
    Ok(items
        .iter()
        .filter_map(|item| {
            let text = item.get("text").and_then(Value::as_str)?;
            let kind = item
                .get("type")
                .and_then(Value::as_str)
                .and_then(Kind::parse)
                .unwrap_or(Kind::OtherId);
            Some(Listed {
                kind,
                text: text.to_string(),
            })
        })
        .collect())
}

/// `text` in pieces of at most `max` characters, cut at white space where it can be.
pub fn chunks(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.chars().count() > max {
        let limit = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        let cut = rest[..limit]
            .rfind(char::is_whitespace)
            .filter(|&i| i > 0)
            .unwrap_or(limit);
        out.push(&rest[..cut]);
        rest = rest[cut..].trim_start();
    }
    if !rest.trim().is_empty() {
        out.push(rest);
    }
    out
}

/// Whether a listed span may be removed: it is not a placeholder or a whole long text, and it
/// looks like an identifier of the type the model gave it. A weak model lists common words and
/// whole clauses; those stay.
fn removable(listed: &Listed) -> bool {
    let t = listed.text.trim();
    let n = t.chars().count();
    (2..=48).contains(&n) && !t.contains('[') && !t.contains(']') && plausible(listed.kind, t)
}

/// A word of a name: capitalised, an initial or a particle, and not only a common word.
fn name_word(word: &str) -> bool {
    let word = word.trim_matches(|c: char| c == ',' || c == '(' || c == ')');
    word.chars().next().is_some_and(char::is_uppercase) || super::names::is_particle(word)
}

/// Every word is a common English word or one of the not-names, and none is a census given
/// name ("Chest Pain", "Patient"; not "Grace").
fn only_common_words(text: &str) -> bool {
    text.split_whitespace().all(|w| {
        let key = lexicon::fold(w);
        let lower = key.to_ascii_lowercase();
        !lexicon::is_given(&key)
            && (lexicon::is_english(&lower) || lexicon::is_not_name(&lower) || lower.len() < 2)
    })
}

/// Whether `text` looks like an identifier of `kind`.
fn plausible(kind: Kind, text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    match kind {
        Kind::Name => {
            words.len() <= 5
                && digits == 0
                && words.iter().all(|w| name_word(w))
                && !only_common_words(text)
        }
        Kind::Organization => {
            words.len() <= 8
                && words.first().is_some_and(|w| name_word(w))
                && !only_common_words(text)
        }
        Kind::Date => {
            digits > 0
                || words.iter().any(|w| {
                    super::dates::month_number(w.trim_matches(|c: char| !c.is_alphabetic()))
                        .is_some()
                })
        }
        Kind::Age => text
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse::<u32>()
            .is_ok_and(|a| a > 89),
        Kind::Email => text.contains('@'),
        Kind::Url => text.contains('.') || text.contains('/'),
        Kind::Address => {
            words.len() <= 8
                && (digits > 0 || words.first().is_some_and(|w| name_word(w)))
                && !only_common_words(text)
        }
        Kind::Phone
        | Kind::Fax
        | Kind::Ssn
        | Kind::Mrn
        | Kind::Account
        | Kind::HealthPlan
        | Kind::Zip
        | Kind::Ip
        | Kind::DeviceId
        | Kind::License
        | Kind::Vehicle
        | Kind::OtherId => words.len() <= 4 && digits >= 2,
    }
}

/// What replaces a listed span.
fn replacement(listed: &Listed) -> String {
    match listed.kind {
        Kind::Zip => zip3(listed.text.trim()),
        kind => kind.placeholder().to_string(),
    }
}

/// Remove every occurrence of every listed span from `text` (whole words only where the span
/// starts or ends with a letter or digit). Returns the text and the kind of each removal.
pub fn remove_listed(text: &str, listed: &[Listed]) -> (String, Vec<Kind>) {
    let mut out = text.to_string();
    let mut removed = Vec::new();
    // Longest first, so a listed "Mei Zhang" goes before a listed "Mei".
    let mut order: Vec<&Listed> = listed.iter().filter(|l| removable(l)).collect();
    order.sort_by_key(|l| std::cmp::Reverse(l.text.trim().len()));
    for item in order {
        let needle = item.text.trim();
        let with = replacement(item);
        let mut next = String::with_capacity(out.len());
        let mut at = 0;
        while let Some(found) = out[at..].find(needle) {
            let start = at + found;
            let end = start + needle.len();
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            let inside_word = (word(needle.chars().next()) && word(out[..start].chars().last()))
                || (word(needle.chars().last()) && word(out[end..].chars().next()));
            next.push_str(&out[at..start]);
            if inside_word {
                next.push_str(needle);
            } else {
                next.push_str(&with);
                removed.push(item.kind);
            }
            at = end;
        }
        next.push_str(&out[at..]);
        out = next;
    }
    (out, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(kind: Kind, text: &str) -> Listed {
        Listed {
            kind,
            text: text.into(),
        }
    }

    #[test]
    fn listed_spans_that_occur_are_removed_whole_words_only() {
        let text = "Seen with Keiko Tanaka and Keiko again; Keikoan stays; call 555 0199.";
        let (clean, kinds) = remove_listed(
            text,
            &[
                listed(Kind::Name, "Keiko"),
                listed(Kind::Name, "Keiko Tanaka"),
                listed(Kind::Phone, "555 0199"),
                listed(Kind::Name, "Not In Text"),
            ],
        );
        assert_eq!(
            clean,
            "Seen with [NAME] and [NAME] again; Keikoan stays; call [PHONE]."
        );
        assert_eq!(kinds, [Kind::Name, Kind::Phone, Kind::Name]);
    }

    #[test]
    fn placeholders_common_words_clauses_and_young_ages_are_not_removed() {
        let text = "[NAME] is 45 and the Patient is 93; Chest Pain since Tuesday; fever 2 days.";
        let (clean, kinds) = remove_listed(
            text,
            &[
                listed(Kind::Name, "[NAME]"),
                listed(Kind::Name, "Patient"),
                listed(Kind::Name, "Chest Pain"),
                listed(Kind::Name, "the Patient is 93"),
                listed(Kind::Phone, "fever"),
                listed(Kind::Date, "fever 2"),
                listed(Kind::Age, "45"),
                listed(Kind::Age, "93"),
                listed(Kind::OtherId, "f"),
            ],
        );
        assert_eq!(
            clean,
            "[NAME] is 45 and the Patient is 90+; Chest Pain since Tuesday; [DATE] days."
        );
        assert_eq!(kinds, [Kind::Date, Kind::Age]);
    }

    #[test]
    fn answers_are_read_and_long_texts_cut() {
        let spans = parse_answer(r#"{"identifiers": [{"type": "name", "text": "Mei"}, {"type": "nickname", "text": "X1"}]}"#)
            .expect("parses");
        assert_eq!(
            spans,
            [listed(Kind::Name, "Mei"), listed(Kind::OtherId, "X1")]
        );
        assert!(parse_answer("{\"identifiers\": ").is_err());
        assert!(parse_answer("[]").is_err());
        let text = "word ".repeat(1000);
        let pieces = chunks(&text, CHUNK_CHARS);
        assert!(pieces.iter().all(|p| p.chars().count() <= CHUNK_CHARS));
        let words: usize = pieces.iter().map(|p| p.split_whitespace().count()).sum();
        assert_eq!(words, 1000);
        assert_eq!(chunks("short", CHUNK_CHARS), ["short"]);
        assert!(chunks("   ", CHUNK_CHARS).is_empty());
        let schema: Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
        assert_eq!(schema["required"][0], "identifiers");
    }
}
