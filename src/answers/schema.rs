//! JSON schemas for constrained output: the supported subset, checked before any case runs, and
//! validation of each answer after it is generated.
//!
//! Generation is constrained by a grammar that llama.cpp compiles from the schema. That compiler
//! silently relaxes keywords it does not understand, and turns a contradictory schema (`minimum`
//! above `maximum`, an empty `enum`) into a grammar that matches nothing, which aborts the process
//! on the first sampled token. So ddx fails closed: [`check`] accepts only the keywords listed in
//! [`SUPPORTED`] and rejects contradictions, naming the keyword and where it is; [`validate`]
//! checks every parsed answer against the same subset (the grammar does not enforce `minimum` and
//! `maximum` of non-integer numbers, so validation is the last word).

use std::path::Path;

use anyhow::Context as _;
use serde_json::{json, Map, Value};

/// Keywords ddx understands. Anything else is an error naming the keyword.
pub const SUPPORTED: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "anyOf",
    // Annotations: no effect on what is valid.
    "title",
    "description",
    "$schema",
    "$id",
    "$comment",
    "default",
    "examples",
];

const TYPES: &[&str] = &[
    "object", "array", "string", "number", "integer", "boolean", "null",
];

/// A schema problem, found before any case runs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("schema keyword '{keyword}' at '{path}': {message}")]
pub struct SchemaError {
    /// The offending keyword, e.g. `pattern` or `minimum`.
    pub keyword: String,
    /// JSON pointer of the sub-schema, `#` for the root.
    pub path: String,
    pub message: String,
}

fn error(path: &str, keyword: &str, message: impl Into<String>) -> SchemaError {
    SchemaError {
        keyword: keyword.to_string(),
        path: path.to_string(),
        message: message.into(),
    }
}

/// Read a schema file; errors name the file, then the keyword.
pub fn load(path: &Path) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read schema file '{}'", path.display()))?;
    parse(&text).with_context(|| format!("invalid schema file '{}'", path.display()))
}

/// Parse and [`check`] a schema given as JSON text.
pub fn parse(text: &str) -> anyhow::Result<Value> {
    let value: Value = serde_json::from_str(text).context("not valid JSON")?;
    check(&value)?;
    Ok(value)
}

/// The schema of a label set: one label, or with `multi` a non-empty list of distinct labels.
pub fn labels_schema(labels: &[String], multi: bool) -> Value {
    let one = json!({"type": "string", "enum": labels});
    if multi {
        json!({"type": "array", "items": one, "minItems": 1, "maxItems": labels.len()})
    } else {
        one
    }
}

/// Check that a schema uses only supported keywords and can be satisfied.
pub fn check(schema: &Value) -> Result<(), SchemaError> {
    check_at(schema, "#")
}

fn types_of(obj: &Map<String, Value>, path: &str) -> Result<Option<Vec<String>>, SchemaError> {
    let names = match obj.get("type") {
        None => return Ok(None),
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(|t| {
                t.as_str()
                    .map(ToString::to_string)
                    .ok_or_else(|| error(path, "type", "every entry must be a type name"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(error(
                path,
                "type",
                "must be a type name or a non-empty list of them",
            ))
        }
    };
    for name in &names {
        if !TYPES.contains(&name.as_str()) {
            return Err(error(
                path,
                "type",
                format!(
                    "unknown type '{name}' (expected one of {})",
                    TYPES.join(", ")
                ),
            ));
        }
    }
    Ok(Some(names))
}

fn number(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<f64>, SchemaError> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or_else(|| error(path, key, "must be a number")),
    }
}

fn count(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<u64>, SchemaError> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| error(path, key, "must be a whole number, 0 or more")),
    }
}

fn check_at(schema: &Value, path: &str) -> Result<(), SchemaError> {
    let Value::Object(obj) = schema else {
        return Err(error(
            path,
            "(schema)",
            "a schema must be a JSON object ('true'/'false' schemas are not supported)",
        ));
    };
    if let Some(key) = obj.keys().find(|k| !SUPPORTED.contains(&k.as_str())) {
        return Err(error(
            path,
            key,
            format!(
                "unsupported keyword (ddx supports: {})",
                SUPPORTED[..16].join(", ")
            ),
        ));
    }
    let types = types_of(obj, path)?;
    let allows = |t: &str| {
        types.as_ref().is_none_or(|ts| {
            ts.iter()
                .any(|x| x == t || (t == "integer" && x == "number"))
        })
    };
    if let Some(values) = obj.get("enum") {
        let Value::Array(values) = values else {
            return Err(error(path, "enum", "must be a list of values"));
        };
        if values.is_empty() {
            return Err(error(path, "enum", "is empty: no value can match"));
        }
        if !values.iter().any(|v| type_matches(types.as_deref(), v)) {
            return Err(error(path, "enum", "no value has the schema's 'type'"));
        }
    }
    if let Some(value) = obj.get("const") {
        if !type_matches(types.as_deref(), value) {
            return Err(error(
                path,
                "const",
                "the value does not have the schema's 'type'",
            ));
        }
    }
    // Numbers.
    let min = number(obj, "minimum", path)?;
    let max = number(obj, "maximum", path)?;
    let xmin = number(obj, "exclusiveMinimum", path)?;
    let xmax = number(obj, "exclusiveMaximum", path)?;
    let low = [min.map(|m| (m, false)), xmin.map(|m| (m, true))]
        .into_iter()
        .flatten()
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let high = [max.map(|m| (m, false)), xmax.map(|m| (m, true))]
        .into_iter()
        .flatten()
        .min_by(|a, b| a.0.total_cmp(&b.0));
    if let (Some((lo, lo_ex)), Some((hi, hi_ex))) = (low, high) {
        let only_integers = types
            .as_ref()
            .is_some_and(|ts| ts.iter().all(|t| t == "integer"));
        let empty = if only_integers {
            let first = if lo_ex { lo.floor() + 1.0 } else { lo.ceil() };
            let last = if hi_ex { hi.ceil() - 1.0 } else { hi.floor() };
            first > last
        } else {
            lo > hi || ((lo_ex || hi_ex) && lo >= hi)
        };
        if empty {
            let keyword = if min.is_some() {
                "minimum"
            } else {
                "exclusiveMinimum"
            };
            return Err(error(
                path,
                keyword,
                format!("no number lies between the lower bound {lo} and the upper bound {hi}"),
            ));
        }
    }
    // Strings.
    let min_len = count(obj, "minLength", path)?;
    let max_len = count(obj, "maxLength", path)?;
    if let (Some(lo), Some(hi)) = (min_len, max_len) {
        if lo > hi {
            return Err(error(
                path,
                "minLength",
                format!("{lo} is more than 'maxLength' {hi}"),
            ));
        }
    }
    // Arrays.
    let min_items = count(obj, "minItems", path)?;
    let max_items = count(obj, "maxItems", path)?;
    if let (Some(lo), Some(hi)) = (min_items, max_items) {
        if lo > hi {
            return Err(error(
                path,
                "minItems",
                format!("{lo} is more than 'maxItems' {hi}"),
            ));
        }
    }
    if let Some(items) = obj.get("items") {
        if items.is_array() {
            return Err(error(
                path,
                "items",
                "a list of schemas (tuple form) is not supported; give one schema",
            ));
        }
        check_at(items, &format!("{path}/items"))?;
    }
    // Objects.
    let mut declared: Vec<&str> = Vec::new();
    if let Some(props) = obj.get("properties") {
        let Value::Object(props) = props else {
            return Err(error(path, "properties", "must be an object of schemas"));
        };
        for (name, sub) in props {
            declared.push(name);
            check_at(sub, &format!("{path}/properties/{name}"))?;
        }
    }
    if let Some(required) = obj.get("required") {
        let Value::Array(names) = required else {
            return Err(error(path, "required", "must be a list of property names"));
        };
        for name in names {
            let Some(name) = name.as_str() else {
                return Err(error(
                    path,
                    "required",
                    "every entry must be a property name",
                ));
            };
            if !declared.contains(&name) {
                return Err(error(
                    path,
                    "required",
                    format!("property '{name}' is required but not declared in 'properties'"),
                ));
            }
        }
    }
    match obj.get("additionalProperties") {
        None | Some(Value::Bool(_)) => {}
        Some(sub) => check_at(sub, &format!("{path}/additionalProperties"))?,
    }
    if let Some(any_of) = obj.get("anyOf") {
        let Value::Array(subs) = any_of else {
            return Err(error(path, "anyOf", "must be a list of schemas"));
        };
        if subs.is_empty() {
            return Err(error(path, "anyOf", "is empty: no value can match"));
        }
        for (i, sub) in subs.iter().enumerate() {
            check_at(sub, &format!("{path}/anyOf/{i}"))?;
        }
    }
    if !allows("number")
        && !allows("integer")
        && (min.is_some() || max.is_some() || xmin.is_some() || xmax.is_some())
    {
        // Harmless in JSON Schema, but almost always a mistake: say so rather than ignore it.
        let keyword = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
            .into_iter()
            .find(|k| obj.contains_key(*k))
            .unwrap_or("minimum");
        return Err(error(
            path,
            keyword,
            "applies to numbers, but 'type' allows none",
        ));
    }
    Ok(())
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if is_integer(n) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn is_integer(n: &serde_json::Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

fn type_matches(types: Option<&[String]>, value: &Value) -> bool {
    let Some(types) = types else {
        return true;
    };
    let actual = type_name(value);
    types
        .iter()
        .any(|t| t == actual || (t == "number" && actual == "integer"))
}

/// Check a value against a schema that passed [`check`]. The error names the first failing
/// location and keyword (never the value itself: it may be patient text).
pub fn validate(schema: &Value, value: &Value) -> Result<(), String> {
    validate_at(schema, value, "$")
}

fn validate_at(schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let Value::Object(s) = schema else {
        return Ok(());
    };
    let fail = |keyword: &str, what: String| Err(format!("{at}: '{keyword}': {what}"));
    let types = s.get("type").map(|t| match t {
        Value::String(t) => vec![t.clone()],
        Value::Array(ts) => ts
            .iter()
            .filter_map(|t| t.as_str().map(ToString::to_string))
            .collect(),
        _ => Vec::new(),
    });
    if !type_matches(types.as_deref(), value) {
        return fail(
            "type",
            format!(
                "expected {}, got {}",
                types.unwrap_or_default().join(" or "),
                type_name(value)
            ),
        );
    }
    if let Some(Value::Array(options)) = s.get("enum") {
        if !options.iter().any(|o| json_equal(o, value)) {
            return fail("enum", "the value is not one of the allowed values".into());
        }
    }
    if let Some(expected) = s.get("const") {
        if !json_equal(expected, value) {
            return fail("const", "the value differs from the constant".into());
        }
    }
    if let Some(any_of) = s.get("anyOf").and_then(Value::as_array) {
        if !any_of.iter().any(|sub| validate_at(sub, value, at).is_ok()) {
            return fail("anyOf", "the value matches none of the alternatives".into());
        }
    }
    match value {
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            let bound = |k: &str| s.get(k).and_then(Value::as_f64);
            if bound("minimum").is_some_and(|m| x < m) {
                return fail("minimum", format!("{x} is below the minimum"));
            }
            if bound("maximum").is_some_and(|m| x > m) {
                return fail("maximum", format!("{x} is above the maximum"));
            }
            if bound("exclusiveMinimum").is_some_and(|m| x <= m) {
                return fail("exclusiveMinimum", format!("{x} is not above the bound"));
            }
            if bound("exclusiveMaximum").is_some_and(|m| x >= m) {
                return fail("exclusiveMaximum", format!("{x} is not below the bound"));
            }
        }
        Value::String(text) => {
            let n = text.chars().count() as u64;
            if s.get("minLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| n < m)
            {
                return fail("minLength", format!("{n} characters is too short"));
            }
            if s.get("maxLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| n > m)
            {
                return fail("maxLength", format!("{n} characters is too long"));
            }
        }
        Value::Array(items) => {
            let n = items.len() as u64;
            if s.get("minItems")
                .and_then(Value::as_u64)
                .is_some_and(|m| n < m)
            {
                return fail("minItems", format!("{n} items is too few"));
            }
            if s.get("maxItems")
                .and_then(Value::as_u64)
                .is_some_and(|m| n > m)
            {
                return fail("maxItems", format!("{n} items is too many"));
            }
            if let Some(item_schema) = s.get("items") {
                for (i, item) in items.iter().enumerate() {
                    validate_at(item_schema, item, &format!("{at}[{i}]"))?;
                }
            }
        }
        Value::Object(fields) => {
            let props = s.get("properties").and_then(Value::as_object);
            if let Some(required) = s.get("required").and_then(Value::as_array) {
                for name in required.iter().filter_map(Value::as_str) {
                    if !fields.contains_key(name) {
                        return fail("required", format!("property '{name}' is missing"));
                    }
                }
            }
            for (name, field) in fields {
                let child = format!("{at}.{name}");
                match props.and_then(|p| p.get(name)) {
                    Some(sub) => validate_at(sub, field, &child)?,
                    None => match s.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            return fail(
                                "additionalProperties",
                                format!("property '{name}' is not allowed"),
                            )
                        }
                        Some(sub @ Value::Object(_)) => validate_at(sub, field, &child)?,
                        _ => {}
                    },
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// JSON equality where 1 and 1.0 are the same number.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyword_of(schema: Value) -> String {
        check(&schema).expect_err("should be rejected").keyword
    }

    #[test]
    fn unsupported_keywords_are_named() {
        assert_eq!(
            keyword_of(json!({"type": "string", "pattern": "^a+$"})),
            "pattern"
        );
        assert_eq!(
            keyword_of(
                json!({"type": "object", "properties": {"x": {"type": "string", "format": "email"}}})
            ),
            "format"
        );
        let e = check(&json!({"properties": {"a": {"oneOf": []}}})).expect_err("rejected");
        assert_eq!(
            (e.keyword.as_str(), e.path.as_str()),
            ("oneOf", "#/properties/a")
        );
        assert_eq!(keyword_of(json!({"$ref": "#/defs/x"})), "$ref");
    }

    #[test]
    fn contradictions_are_rejected_before_they_reach_llama_cpp() {
        assert_eq!(
            keyword_of(json!({"type": "integer", "minimum": 5, "maximum": 1})),
            "minimum"
        );
        assert_eq!(
            keyword_of(json!({"type": "integer", "minimum": 1.2, "maximum": 1.8})),
            "minimum"
        );
        assert_eq!(
            keyword_of(json!({"type": "number", "exclusiveMinimum": 1, "maximum": 1})),
            "exclusiveMinimum"
        );
        assert_eq!(keyword_of(json!({"enum": []})), "enum");
        assert_eq!(
            keyword_of(json!({"type": "string", "enum": [1, 2]})),
            "enum"
        );
        assert_eq!(
            keyword_of(json!({"type": "string", "minLength": 3, "maxLength": 2})),
            "minLength"
        );
        assert_eq!(
            keyword_of(json!({"type": "array", "minItems": 3, "maxItems": 2})),
            "minItems"
        );
        assert_eq!(
            keyword_of(json!({"type": "object", "properties": {"a": {}}, "required": ["b"]})),
            "required"
        );
        assert_eq!(keyword_of(json!({"type": "strng"})), "type");
        assert_eq!(keyword_of(json!({"type": "array", "items": [{}]})), "items");
        assert_eq!(
            keyword_of(json!({"type": "string", "minimum": 1})),
            "minimum"
        );
    }

    #[test]
    fn satisfiable_schemas_pass() {
        for schema in [
            json!({"type": "number", "minimum": 0, "maximum": 1}),
            json!({"type": "integer", "minimum": 1.5, "maximum": 2}),
            json!({"type": ["string", "null"], "maxLength": 4}),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
            labels_schema(&["yes".into(), "no".into()], true),
            json!({"title": "t", "description": "d", "type": "object",
                   "properties": {"a": {"type": "boolean"}}, "required": ["a"],
                   "additionalProperties": false}),
        ] {
            check(&schema).unwrap_or_else(|e| panic!("{schema}: {e}"));
        }
    }

    #[test]
    fn validation_follows_the_keywords() {
        let schema = json!({
            "type": "object",
            "properties": {
                "dx": {"type": "string", "maxLength": 5},
                "p": {"type": "number", "minimum": 0, "maximum": 1},
                "n": {"type": "integer"},
                "tags": {"type": "array", "items": {"enum": ["a", "b"]}, "maxItems": 2}
            },
            "required": ["dx", "p"],
            "additionalProperties": false
        });
        assert_eq!(
            validate(
                &schema,
                &json!({"dx": "MI", "p": 0.5, "n": 2.0, "tags": ["a"]})
            ),
            Ok(())
        );
        let err = |v: Value| validate(&schema, &v).expect_err("invalid");
        assert!(err(json!({"dx": "MI"})).contains("'required'"));
        assert!(err(json!({"dx": "MI", "p": 1.5})).starts_with("$.p: 'maximum'"));
        assert!(err(json!({"dx": "MI", "p": 0, "n": 1.5})).contains("'type'"));
        assert!(err(json!({"dx": "MI", "p": 0, "tags": ["c"]})).starts_with("$.tags[0]: 'enum'"));
        assert!(err(json!({"dx": "MI", "p": 0, "x": 1})).contains("additionalProperties"));
        assert!(err(json!({"dx": "toolong", "p": 0})).contains("maxLength"));
        assert!(err(json!([])).contains("'type'"));
    }

    /// The shape the TUI draws: the built-in differential template's schema passes the check
    /// and accepts a complete answer.
    #[test]
    fn differential_template_schema_has_the_agreed_shape() {
        let template = crate::cases::templates::Registry::new(None)
            .get("differential")
            .expect("built-in");
        let schema = parse(template.schema.as_deref().expect("declares a schema")).expect("valid");
        let answer = json!({
            "most_likely": "Acute coronary syndrome",
            "differential": [{"diagnosis": "STEMI", "likelihood": 0.7,
                              "supporting_findings": ["ST elevation"], "against": []}],
            "key_findings": ["chest pain"], "red_flags": ["hypotension"], "next_steps": ["ECG"]
        });
        assert_eq!(validate(&schema, &answer), Ok(()));
        let mut wrong = answer.clone();
        wrong["differential"][0]["likelihood"] = json!(1.5);
        assert!(validate(&schema, &wrong).is_err());
        let mut missing = answer;
        missing.as_object_mut().map(|o| o.remove("red_flags"));
        assert!(validate(&schema, &missing).is_err());
    }

    #[test]
    fn label_schemas_accept_labels_only() {
        let labels = vec!["yes".to_string(), "no".to_string()];
        assert_eq!(
            validate(&labels_schema(&labels, false), &json!("no")),
            Ok(())
        );
        assert!(validate(&labels_schema(&labels, false), &json!("maybe")).is_err());
        let multi = labels_schema(&labels, true);
        assert_eq!(validate(&multi, &json!(["yes", "no"])), Ok(()));
        assert!(validate(&multi, &json!([])).is_err());
    }
}
