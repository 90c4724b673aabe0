//! Reading answers: gold answers matched to option labels or texts, and a generated answer's
//! choice ([`extract_choice`]) or free-text claim ([`extract_free_text`]) read out of its text.

use serde_json::Value;

use crate::cases::AnswerOption;

/// Lower case, punctuation to spaces, single spaces.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The gold value as text (a string, or a number such as an option index).
pub fn gold_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The option a gold answer names: by label (`B`), then by text.
pub fn gold_option<'a>(gold: &str, options: &'a [AnswerOption]) -> Option<&'a AnswerOption> {
    options
        .iter()
        .find(|o| o.label.trim().eq_ignore_ascii_case(gold.trim()))
        .or_else(|| {
            let g = normalize(gold);
            options.iter().find(|o| normalize(&o.text) == g)
        })
}

/// The option a generated answer chose: `Answer: B`, `(B)`, a leading `B.`, or exactly one
/// option's text appearing in the answer.
pub fn extract_choice<'a>(text: &str, options: &'a [AnswerOption]) -> Option<&'a AnswerOption> {
    let by_label = |label: &str| {
        options
            .iter()
            .find(|o| o.label.trim().eq_ignore_ascii_case(label.trim()))
    };
    let explicit =
        regex::Regex::new(r"(?i)\banswer(?:\s+is)?\s*[:\-]?\s*\(?\s*([A-Za-z0-9]+)\s*\)?")
            .ok()
            .and_then(|re| {
                re.captures_iter(text)
                    .filter_map(|c| c.get(1))
                    .find_map(|m| by_label(m.as_str()))
            });
    if explicit.is_some() {
        return explicit;
    }
    let leading = regex::Regex::new(r"^\s*\(?([A-Za-z0-9]+)[\).:]")
        .ok()
        .and_then(|re| re.captures(text))
        .and_then(|c| c.get(1))
        .and_then(|m| by_label(m.as_str()));
    if leading.is_some() {
        return leading;
    }
    let said = normalize(text);
    let mut named = options
        .iter()
        .filter(|o| !normalize(&o.text).is_empty() && said.contains(&normalize(&o.text)));
    match (named.next(), named.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// A free-text answer's claim: its first non-empty line without an `Answer:`-style prefix.
pub fn extract_free_text(text: &str) -> Option<String> {
    let line = text
        .lines()
        .map(|l| l.trim().trim_start_matches(['*', '#', '-', ' ']))
        .find(|l| !l.is_empty())?;
    let stripped = regex::Regex::new(
        r"(?i)^(?:final\s+)?(?:answer|diagnosis|most likely diagnosis)\s*[:\-]\s*",
    )
    .ok()
    .map_or_else(|| line.to_string(), |re| re.replace(line, "").into_owned());
    let claim = stripped
        .trim()
        .trim_matches(|c: char| c == '*' || c == '.')
        .trim();
    (!claim.is_empty()).then(|| claim.to_string())
}

/// Whether a free-text claim names the gold answer (normalised, either contains the other).
pub fn free_text_matches(claim: &str, gold: &str) -> bool {
    let (c, g) = (normalize(claim), normalize(gold));
    !c.is_empty() && !g.is_empty() && (c == g || c.contains(&g) || g.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Vec<AnswerOption> {
        [
            "Myocardial infarction",
            "Pulmonary embolism",
            "Costochondritis",
        ]
        .iter()
        .zip(["A", "B", "C"])
        .map(|(t, l)| AnswerOption {
            label: l.into(),
            text: (*t).into(),
        })
        .collect()
    }

    #[test]
    fn gold_matches_a_label_or_a_text() {
        let o = options();
        assert_eq!(gold_option("b", &o).map(|o| o.label.as_str()), Some("B"));
        assert_eq!(
            gold_option("costochondritis.", &o).map(|o| o.label.as_str()),
            Some("C")
        );
        assert!(gold_option("Pneumonia", &o).is_none());
    }

    #[test]
    fn choices_are_read_from_generated_text() {
        let o = options();
        let pick = |t: &str| extract_choice(t, &o).map(|o| o.label.clone());
        assert_eq!(pick("Answer: B\nBecause of the D-dimer."), Some("B".into()));
        assert_eq!(pick("The answer is (C)."), Some("C".into()));
        assert_eq!(pick("A. It is an MI."), Some("A".into()));
        assert_eq!(
            pick("This looks like pulmonary embolism."),
            Some("B".into())
        );
        assert_eq!(
            pick("Either myocardial infarction or pulmonary embolism."),
            None
        );
        assert_eq!(pick("I cannot tell."), None);
    }

    #[test]
    fn free_text_claims_are_compared_loosely() {
        assert_eq!(
            extract_free_text("\n**Most likely diagnosis: Myasthenia gravis.**\nMore"),
            Some("Myasthenia gravis".into())
        );
        assert!(free_text_matches(
            "Myasthenia gravis (ocular)",
            "myasthenia gravis"
        ));
        assert!(!free_text_matches(
            "Lambert-Eaton syndrome",
            "Myasthenia gravis"
        ));
        assert_eq!(extract_free_text("  \n "), None);
    }
}
