//! Field mappings (`--map FIELD=SOURCE`): loading public evaluation formats without
//! preprocessing (used by `ddx eval`). Pure: a JSON object in, the same object mapped out.
//!
//! `--map FIELD=SOURCE` copies a record's `SOURCE` (a dotted path into nested objects) to the
//! case field `FIELD` before the case is parsed; a list of strings going to a text field is
//! joined with blank lines (PubMedQA's `CONTEXTS`).

use anyhow::bail;
use serde_json::{Map, Value};

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
}
