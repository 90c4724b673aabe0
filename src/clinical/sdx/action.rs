//! The solver's one step per turn: a JSON action, enforced while generating by a grammar made
//! from [`schema`] (or, on a forced turn, [`diagnose_schema`]), and read back by [`parse`].

use serde_json::{json, Value};

/// Longest text of one field, in characters (keeps a turn short for small models).
const MAX_TEXT: u64 = 80;
/// Most tests in one order, and most alternatives in a ranked diagnosis.
const MAX_ITEMS: u64 = 4;

/// One action.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// A question to the patient.
    Ask { question: String },
    /// Examine a body system or sign.
    Examine { system: String },
    /// Order one or more named tests.
    Order { tests: Vec<String> },
    /// Commit to a final diagnosis, optionally with ranked alternatives.
    Diagnose {
        diagnosis: String,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        differential: Vec<String>,
    },
}

fn text() -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": MAX_TEXT})
}

fn list() -> Value {
    json!({"type": "array", "items": text(), "minItems": 1, "maxItems": MAX_ITEMS})
}

fn diagnose_alternative() -> Value {
    json!({"type": "object",
        "properties": {"action": {"const": "diagnose"}, "diagnosis": text(),
            "differential": {"type": "array", "items": text(), "maxItems": MAX_ITEMS}},
        "required": ["action", "diagnosis"], "additionalProperties": false})
}

/// The schema of every action.
pub fn schema() -> Value {
    json!({"anyOf": [
        {"type": "object", "properties": {"action": {"const": "ask"}, "question": text()},
            "required": ["action", "question"], "additionalProperties": false},
        {"type": "object", "properties": {"action": {"const": "examine"}, "system": text()},
            "required": ["action", "system"], "additionalProperties": false},
        {"type": "object", "properties": {"action": {"const": "order"}, "tests": list()},
            "required": ["action", "tests"], "additionalProperties": false},
        diagnose_alternative(),
    ]})
}

/// The schema of a forced turn: only a diagnosis.
pub fn diagnose_schema() -> Value {
    diagnose_alternative()
}

/// Why a reply is not an action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("the reply is not JSON: {0}")]
    NotJson(String),
    #[error("the reply has no known 'action' (ask, examine, order, diagnose)")]
    NoAction,
    #[error("the '{0}' action needs a '{1}' in words (not empty, not a placeholder like \"...\")")]
    Missing(&'static str, &'static str),
}

/// Whether a field says something: a letter or a digit, not only punctuation ("...", the
/// placeholder of the prompt's examples that small models copy).
fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

fn field(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| has_words(s))
        .map(str::to_string)
}

fn items(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| has_words(s))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Read a reply as an action.
pub fn parse(reply: &str) -> Result<Action, ActionError> {
    let value: Value =
        serde_json::from_str(reply.trim()).map_err(|e| ActionError::NotJson(e.to_string()))?;
    match value.get("action").and_then(Value::as_str) {
        Some("ask") => field(&value, "question")
            .map(|question| Action::Ask { question })
            .ok_or(ActionError::Missing("ask", "question")),
        Some("examine") => field(&value, "system")
            .map(|system| Action::Examine { system })
            .ok_or(ActionError::Missing("examine", "system")),
        Some("order") => {
            let tests = items(&value, "tests");
            if tests.is_empty() {
                Err(ActionError::Missing("order", "tests"))
            } else {
                Ok(Action::Order { tests })
            }
        }
        Some("diagnose") => field(&value, "diagnosis")
            .map(|diagnosis| Action::Diagnose {
                diagnosis,
                differential: items(&value, "differential"),
            })
            .ok_or(ActionError::Missing("diagnose", "diagnosis")),
        _ => Err(ActionError::NoAction),
    }
}

/// Read an action typed by a person: `ask QUESTION`, `examine SYSTEM`, `order TEST[, TEST...]`,
/// `diagnose DIAGNOSIS[; ALTERNATIVE...]` (or their first letters `a`, `e`, `o`, `d`).
pub fn from_command(line: &str) -> Result<Action, ActionError> {
    let line = line.trim();
    let (verb, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let list = |sep: char| -> Vec<String> {
        rest.split(sep)
            .map(str::trim)
            .filter(|s| has_words(s))
            .map(str::to_string)
            .collect()
    };
    let need = |action: &'static str, field: &'static str| {
        if !has_words(rest) {
            Err(ActionError::Missing(action, field))
        } else {
            Ok(rest.to_string())
        }
    };
    match verb.to_lowercase().as_str() {
        "ask" | "a" => need("ask", "question").map(|question| Action::Ask { question }),
        "examine" | "e" | "exam" => {
            need("examine", "system").map(|system| Action::Examine { system })
        }
        "order" | "o" => {
            let tests = list(',');
            if tests.is_empty() {
                Err(ActionError::Missing("order", "tests"))
            } else {
                Ok(Action::Order { tests })
            }
        }
        "diagnose" | "d" | "dx" => {
            let mut all = list(';');
            if all.is_empty() {
                return Err(ActionError::Missing("diagnose", "diagnosis"));
            }
            let diagnosis = all.remove(0);
            Ok(Action::Diagnose {
                diagnosis,
                differential: all,
            })
        }
        _ => Err(ActionError::NoAction),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_is_not_an_action() {
        assert_eq!(
            parse(r#"{"action":"ask","question":"..."}"#),
            Err(ActionError::Missing("ask", "question"))
        );
        assert_eq!(
            parse(r#"{"action":"diagnose","diagnosis":" ... ","differential":["..."]}"#),
            Err(ActionError::Missing("diagnose", "diagnosis"))
        );
        assert_eq!(
            parse(r#"{"action":"order","tests":["...", "CBC"]}"#),
            Ok(Action::Order {
                tests: vec!["CBC".into()]
            })
        );
        assert_eq!(
            from_command("d ...; PE"),
            Ok(Action::Diagnose {
                diagnosis: "PE".into(),
                differential: vec![]
            })
        );
        assert!(from_command("ask ?").is_err());
    }

    #[test]
    fn parses_every_action() {
        assert_eq!(
            parse(r#"{"action":"ask","question":"Any fever?"}"#),
            Ok(Action::Ask {
                question: "Any fever?".into()
            })
        );
        assert_eq!(
            parse(r#" {"action":"order","tests":["CBC"," CXR "]} "#),
            Ok(Action::Order {
                tests: vec!["CBC".into(), "CXR".into()]
            })
        );
        assert_eq!(
            parse(r#"{"action":"diagnose","diagnosis":"MG","differential":["LEMS"]}"#),
            Ok(Action::Diagnose {
                diagnosis: "MG".into(),
                differential: vec!["LEMS".into()]
            })
        );
    }

    #[test]
    fn refuses_what_is_not_an_action() {
        assert!(matches!(
            parse("I think it is MG"),
            Err(ActionError::NotJson(_))
        ));
        assert_eq!(parse(r#"{"action":"dance"}"#), Err(ActionError::NoAction));
        assert_eq!(
            parse(r#"{"action":"order","tests":[]}"#),
            Err(ActionError::Missing("order", "tests"))
        );
        assert_eq!(
            parse(r#"{"action":"ask","question":"  "}"#),
            Err(ActionError::Missing("ask", "question"))
        );
    }

    #[test]
    fn reads_what_a_person_types() {
        assert_eq!(
            from_command("order CBC,  chest x-ray ,"),
            Ok(Action::Order {
                tests: vec!["CBC".into(), "chest x-ray".into()]
            })
        );
        assert_eq!(
            from_command("d Graves disease; toxic nodule"),
            Ok(Action::Diagnose {
                diagnosis: "Graves disease".into(),
                differential: vec!["toxic nodule".into()]
            })
        );
        assert_eq!(
            from_command("a Do you smoke?"),
            Ok(Action::Ask {
                question: "Do you smoke?".into()
            })
        );
        assert_eq!(
            from_command("examine"),
            Err(ActionError::Missing("examine", "system"))
        );
        assert_eq!(from_command("dance now"), Err(ActionError::NoAction));
        // What a person types reads back as the JSON the model would write.
        let action = from_command("order CBC").unwrap();
        assert_eq!(parse(&serde_json::to_string(&action).unwrap()), Ok(action));
    }

    #[test]
    fn the_schemas_accept_what_parse_reads() {
        let validator = jsonschema::validator_for(&schema()).unwrap();
        for ok in [
            json!({"action": "ask", "question": "Any fever?"}),
            json!({"action": "order", "tests": ["CBC"]}),
            json!({"action": "diagnose", "diagnosis": "MG"}),
        ] {
            assert!(validator.is_valid(&ok), "{ok}");
            assert!(parse(&ok.to_string()).is_ok());
        }
        assert!(!validator.is_valid(&json!({"action": "order", "tests": []})));
        let forced = jsonschema::validator_for(&diagnose_schema()).unwrap();
        assert!(!forced.is_valid(&json!({"action": "ask", "question": "?"})));
    }
}
