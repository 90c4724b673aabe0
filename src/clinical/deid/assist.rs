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

/// The answer's JSON schema: a list of (type, exact text) spans.
pub const SCHEMA: &str = r#"{"type": "object", "properties": {"identifiers": {"type": "array", "maxItems": 12, "items": {"type": "object", "properties": {"type": {"type": "string", "enum": ["name", "organization", "date", "age", "phone", "fax", "email", "ssn", "mrn", "account", "health_plan", "address", "zip", "url", "ip", "device_id", "license", "vehicle", "other_id"]}, "text": {"type": "string", "minLength": 1, "maxLength": 60}}, "required": ["type", "text"], "additionalProperties": false}}}, "required": ["identifiers"], "additionalProperties": false}"#;

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

/// Whether a listed span may be removed: it is not a placeholder, not a common word (an
/// identifier has a capital, a digit, an @ or a slash), and not a whole long text.
fn removable(listed: &Listed) -> bool {
    let t = listed.text.trim();
    let n = t.chars().count();
    (2..=60).contains(&n)
        && !t.contains('[')
        && !t.contains(']')
        && t.chars()
            .any(|c| c.is_uppercase() || c.is_ascii_digit() || c == '@' || c == '/')
        && (listed.kind != Kind::Age
            || t.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse::<u32>()
                .is_ok_and(|a| a > 89))
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
    fn placeholders_common_words_and_young_ages_are_not_removed() {
        let text = "[NAME] is 45 and the patient is 93; fever.";
        let (clean, kinds) = remove_listed(
            text,
            &[
                listed(Kind::Name, "[NAME]"),
                listed(Kind::Name, "patient"),
                listed(Kind::Age, "45"),
                listed(Kind::Age, "93"),
                listed(Kind::OtherId, "f"),
            ],
        );
        assert_eq!(clean, "[NAME] is 45 and the patient is 90+; fever.");
        assert_eq!(kinds, [Kind::Age]);
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
