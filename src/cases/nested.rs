//! A section whose value is structured (AgentClinic's `Patient_Actor`, an exam by system): the
//! JSON object becomes indented headings and `key: value` lines, so the model and the reader
//! see prose-like text rather than one raw JSON string.
//!
//! Keys keep their order; `snake_case` keys read as words (`Primary_Symptom` → `Primary
//! Symptom`). A key whose value is an object or a list of objects is a heading line ending in
//! `:` with its contents indented by two spaces; a list of plain values is one line joined by
//! `; `. Nothing is dropped: numbers and booleans print as JSON does, `null` as `none`.

use serde_json::Value;

/// Two spaces per level of nesting.
const INDENT: &str = "  ";

/// The text of a section value: a string as is, anything else as indented lines.
pub fn section_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => {
            let mut lines = Vec::new();
            push_value(&mut lines, None, other, 0);
            lines.join("\n")
        }
    }
}

/// A key as words: underscores to spaces.
fn label(key: &str) -> String {
    key.replace('_', " ").trim().to_string()
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some("none".to_string()),
        Value::String(text) => Some(text.clone()),
        Value::Bool(_) | Value::Number(_) => Some(value.to_string()),
        Value::Array(items) if items.iter().all(|i| scalar(i).is_some()) => Some(
            items
                .iter()
                .filter_map(scalar)
                .collect::<Vec<_>>()
                .join("; "),
        ),
        _ => None,
    }
}

fn push_value(lines: &mut Vec<String>, key: Option<&str>, value: &Value, depth: usize) {
    let pad = INDENT.repeat(depth);
    if let Some(text) = scalar(value) {
        match key {
            Some(key) => lines.push(format!("{pad}{}: {text}", label(key))),
            None => lines.push(format!("{pad}{text}")),
        }
        return;
    }
    let inner = match key {
        Some(key) => {
            lines.push(format!("{pad}{}:", label(key)));
            depth + 1
        }
        None => depth,
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                push_value(lines, Some(k), v, inner);
            }
        }
        Value::Array(items) => {
            for item in items {
                let mut block = Vec::new();
                push_value(&mut block, None, item, 0);
                let pad = INDENT.repeat(inner);
                for (i, line) in block.iter().enumerate() {
                    let mark = if i == 0 { "- " } else { "  " };
                    lines.push(format!("{pad}{mark}{line}"));
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_string_is_kept_as_is() {
        assert_eq!(section_text(&json!("Chest pain.")), "Chest pain.");
    }

    #[test]
    fn nested_objects_become_indented_headings_and_key_value_lines() {
        let actor = json!({
            "Demographics": "35-year-old female",
            "Symptoms": {
                "Primary_Symptom": "Double vision",
                "Secondary_Symptoms": ["Difficulty climbing stairs", "Weakness in upper limbs"]
            },
            "Vital_Signs": {"Heart_Rate": "72 bpm", "Febrile": false, "Weight_kg": 61.5, "Notes": null}
        });
        assert_eq!(
            section_text(&actor),
            "Demographics: 35-year-old female\n\
             Symptoms:\n  \
               Primary Symptom: Double vision\n  \
               Secondary Symptoms: Difficulty climbing stairs; Weakness in upper limbs\n\
             Vital Signs:\n  \
               Heart Rate: 72 bpm\n  \
               Febrile: false\n  \
               Weight kg: 61.5\n  \
               Notes: none"
        );
    }

    #[test]
    fn lists_of_objects_are_bulleted_blocks() {
        let tests = json!({"Labs": [
            {"Test": "CBC", "Result": {"WBC": "12.1"}},
            {"Test": "CRP", "Result": "high"}
        ]});
        assert_eq!(
            section_text(&tests),
            "Labs:\n  \
               - Test: CBC\n    \
                 Result:\n      \
                   WBC: 12.1\n  \
               - Test: CRP\n    \
                 Result: high"
        );
    }
}
