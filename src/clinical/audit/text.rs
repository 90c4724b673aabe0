//! Text helpers the probes share: whole-word substitution that keeps the word's case, every
//! free text of a case (sections, question, options, prompt), and a sentence appended to a
//! section (created in its usual place when absent).

use crate::cases::{Case, Section, SECTIONS};

/// A word of a text: its byte range and the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// The runs of ASCII letters of `text`.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, c.is_ascii_alphabetic()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(Word {
                    start: s,
                    end: i,
                    text: &text[s..i],
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// True for an abbreviation-like token that no word list may touch: two or more capitals
/// (MR, MS, HE, HER) or letters run together with a digit (HER2).
pub fn is_protected(text: &str, word: &Word) -> bool {
    let all_caps = word.text.len() > 1 && word.text.chars().all(|c| c.is_ascii_uppercase());
    let touches_digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    all_caps
        || touches_digit(text[word.end..].chars().next())
        || touches_digit(text[..word.start].chars().next_back())
}

/// `replacement` written in the case of `original` (lower, Capitalized or UPPER).
pub fn keep_case(original: &str, replacement: &str) -> String {
    let mut chars = original.chars();
    match chars.next() {
        Some(first) if first.is_ascii_uppercase() => {
            if original.len() > 1 && chars.all(|c| c.is_ascii_uppercase()) {
                replacement.to_ascii_uppercase()
            } else {
                let mut out = replacement.to_string();
                if let Some(head) = out.get_mut(0..1) {
                    head.make_ascii_uppercase();
                }
                out
            }
        }
        _ => replacement.to_string(),
    }
}

/// `text` with each word for which `swap(text, index, words)` returns a replacement replaced;
/// every other byte is kept.
pub fn replace_words(
    text: &str,
    mut swap: impl FnMut(&str, usize, &[Word]) -> Option<String>,
) -> String {
    let list = words(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (i, word) in list.iter().enumerate() {
        if let Some(new) = swap(text, i, &list) {
            out.push_str(&text[at..word.start]);
            out.push_str(&new);
            at = word.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// Every free text of a case, in a fixed order.
pub fn texts(case: &Case) -> Vec<&str> {
    let mut out: Vec<&str> = case.sections.iter().map(|s| s.text.as_str()).collect();
    out.extend(case.question.as_deref());
    out.extend(case.options.iter().map(|o| o.text.as_str()));
    out.extend(case.prompt.as_deref());
    out
}

/// The case with `f` applied to every free text (see [`texts`]).
pub fn map_texts(case: &Case, mut f: impl FnMut(&str) -> String) -> Case {
    let mut out = case.clone();
    for section in &mut out.sections {
        section.text = f(&section.text);
    }
    out.question = out.question.as_deref().map(&mut f);
    for option in &mut out.options {
        option.text = f(&option.text);
    }
    out.prompt = out.prompt.as_deref().map(&mut f);
    out
}

/// Append `sentence` to the section `name` (one of [`SECTIONS`]), separated by a space, or by
/// nothing after a line break; a missing section is created after the sections that come
/// before it in [`SECTIONS`].
pub fn append_to_section(case: &mut Case, name: &str, sentence: &str) {
    if let Some(section) = case.sections.iter_mut().find(|s| s.name == name) {
        if !(section.text.is_empty() || section.text.ends_with(char::is_whitespace)) {
            section.text.push(' ');
        }
        section.text.push_str(sentence);
        return;
    }
    let rank = |n: &str| SECTIONS.iter().position(|(s, _)| *s == n);
    let own = rank(name).unwrap_or(SECTIONS.len());
    let at = case
        .sections
        .iter()
        .position(|s| rank(&s.name).is_none_or(|r| r > own))
        .unwrap_or(case.sections.len());
    let title = SECTIONS
        .iter()
        .find(|(s, _)| *s == name)
        .map_or(name, |(_, t)| t);
    case.sections.insert(
        at,
        Section {
            name: name.to_string(),
            title: title.to_string(),
            text: sentence.to_string(),
        },
    );
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use serde_json::Value;

    pub fn case(value: Value) -> Case {
        Case::from_object(value.as_object().expect("object")).expect("case")
    }

    /// Diff check independent of the substitution code: the two texts split into the same
    /// words and gaps, every gap is byte-identical, and each changed word is an allowed pair.
    pub fn assert_only_words_changed(before: &str, after: &str, allowed: &[(&str, &str)]) {
        let (a, b) = (words(before), words(after));
        assert_eq!(a.len(), b.len(), "word count changed:\n{before}\n{after}");
        let gaps = |text: &str, list: &[Word]| -> Vec<String> {
            let mut at = 0;
            let mut out = Vec::new();
            for w in list {
                out.push(text[at..w.start].to_string());
                at = w.end;
            }
            out.push(text[at..].to_string());
            out
        };
        assert_eq!(
            gaps(before, &a),
            gaps(after, &b),
            "bytes outside words changed"
        );
        for (x, y) in a.iter().zip(&b) {
            if x.text != y.text {
                assert!(
                    allowed.contains(&(x.text, y.text)),
                    "unexpected change {} -> {}",
                    x.text,
                    y.text
                );
            }
        }
    }

    #[test]
    fn words_keep_case_and_abbreviations_are_protected() {
        assert_eq!(keep_case("He", "she"), "She");
        assert_eq!(keep_case("he", "she"), "she");
        assert_eq!(keep_case("HIS", "her"), "HER");
        let text = "MR and HER2 in Mr Smith";
        let list = words(text);
        let protected: Vec<bool> = list.iter().map(|w| is_protected(text, w)).collect();
        assert_eq!(protected, [true, false, true, false, false, false]);
    }

    #[test]
    fn a_sentence_goes_to_its_section_or_a_new_one_in_place() {
        let mut c = case(serde_json::json!({"id": 1, "history": "Cough.", "exam": "Clear."}));
        append_to_section(&mut c, "social_history", "Smokes.");
        let names: Vec<&str> = c.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["history", "social_history", "exam"]);
        assert_eq!(c.sections[1].title, "Social history");
        append_to_section(&mut c, "history", "Fever.");
        assert_eq!(c.sections[0].text, "Cough. Fever.");
    }
}
