//! Loading public evaluation formats without preprocessing, and reading answers out of text.
//!
//! `--map FIELD=SOURCE` copies a record's `SOURCE` (a dotted path into nested objects) to the
//! case field `FIELD` before the case is parsed; a list of strings going to a text field is
//! joined with blank lines (PubMedQA's `CONTEXTS`). Gold answers are matched to option labels
//! or texts; generated answers are read by [`extract_choice`] and [`extract_free_text`].

use anyhow::bail;
use serde_json::{Map, Value};

use crate::case::AnswerOption;

/// Case fields whose value is structured, so lists are not joined into text.
const STRUCTURED: &[&str] = &[
    "id", "options", "timeline", "messages", "patient", "sections", "meta", "answer",
];

/// One `FIELD=SOURCE` mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    pub field: String,
    pub source: Vec<String>,
}

/// Parse `--map` values.
pub fn parse_maps(values: &[String]) -> anyhow::Result<Vec<FieldMap>> {
    values
        .iter()
        .map(|v| {
            let Some((field, source)) = v.split_once('=') else {
                bail!("'--map {v}': expected FIELD=SOURCE, e.g. question=QUESTION");
            };
            let (field, source) = (field.trim(), source.trim());
            if field.is_empty() || source.is_empty() {
                bail!("'--map {v}': FIELD and SOURCE must not be empty");
            }
            Ok(FieldMap {
                field: field.to_string(),
                source: source.split('.').map(ToString::to_string).collect(),
            })
        })
        .collect()
}

fn lookup<'a>(obj: &'a Map<String, Value>, path: &[String]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let mut value = obj.get(first)?;
    for key in rest {
        value = value.as_object()?.get(key)?;
    }
    Some(value)
}

/// Apply the mappings to a record; a record without `id` gets its line number.
pub fn apply(obj: &mut Map<String, Value>, maps: &[FieldMap], line: usize) {
    let mut updates = Vec::new();
    for map in maps {
        if let Some(value) = lookup(obj, &map.source) {
            let value = match value {
                Value::Array(items)
                    if !STRUCTURED.contains(&map.field.as_str())
                        && items.iter().all(Value::is_string) =>
                {
                    Value::String(
                        items
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join("\n\n"),
                    )
                }
                Value::Number(n) if map.field == "id" => Value::Number(n.clone()),
                other => other.clone(),
            };
            updates.push((map.field.clone(), value));
        }
    }
    for (field, value) in updates {
        obj.insert(field, value);
    }
    if !obj.contains_key("id") {
        obj.insert("id".into(), Value::from(line));
    }
}

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
    use serde_json::json;

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
    fn maps_copy_nested_fields_and_join_text_lists() {
        let maps = parse_maps(&[
            "question=QUESTION".into(),
            "notes=CONTEXTS".into(),
            "answer=final_decision".into(),
            "presentation=case.history".into(),
        ])
        .expect("parses");
        let mut obj = json!({"QUESTION": "q?", "CONTEXTS": ["a", "b"], "final_decision": "yes",
                             "case": {"history": "h"}})
        .as_object()
        .cloned()
        .expect("object");
        apply(&mut obj, &maps, 7);
        assert_eq!(obj["question"], "q?");
        assert_eq!(obj["notes"], "a\n\nb");
        assert_eq!(obj["answer"], "yes");
        assert_eq!(obj["presentation"], "h");
        assert_eq!(obj["id"], 7);
        assert!(parse_maps(&["question".into()]).is_err());
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
