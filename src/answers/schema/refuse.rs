//! What is refused before any case runs, each naming the keyword and the JSON pointer of its
//! sub-schema: what would abort or hang llama.cpp (a grammar that matches nothing aborts the
//! process on the first sampled token: contradictory bounds, an empty `enum` or `anyOf`), what no
//! answer could satisfy (a `required` property that is never declared, an `enum` or `const`
//! outside the schema's `type`), what no answer could be checked against (a remote or dangling
//! `$ref`), and keywords ddx does not know (a misspelt keyword would otherwise be ignored, and
//! the schema silently relaxed; `x-` vendor keywords are allowed).

use serde_json::{Map, Value};

use super::{error, SchemaError, KEYWORDS};

const TYPES: &[&str] = &[
    "object", "array", "string", "number", "integer", "boolean", "null",
];

/// Keywords whose value is one sub-schema.
const ONE: &[&str] = &[
    "additionalProperties",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
];
/// Keywords whose value is a list of sub-schemas.
const LIST: &[&str] = &["anyOf", "oneOf", "allOf", "prefixItems"];
/// Keywords whose value maps names to sub-schemas.
const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Check the whole schema as the user wrote it.
pub fn check(schema: &Value) -> Result<(), SchemaError> {
    if schema == &Value::Bool(false) {
        return Err(error(
            "#",
            "(schema)",
            "the schema 'false' accepts no answer",
        ));
    }
    check_at(schema, schema, "#", true)
}

/// Check the copy made for the grammar ([`super::for_grammar`]): merging `allOf` parts and the
/// keywords beside alternatives can bring out a contradiction no single part has (a `minimum`
/// in one part above a `maximum` in another, types or enums with nothing in common), which
/// would abort llama.cpp. Only what makes the grammar empty is checked here.
pub fn check_grammar_copy(copy: &Value) -> Result<(), SchemaError> {
    check_at(copy, copy, "#", false).map_err(|mut e| {
        e.message.push_str(
            " (once 'allOf' parts, and the keywords beside 'anyOf', 'oneOf' or '$ref', are \
             combined: no answer can satisfy all of them)",
        );
        e
    })
}

/// `~` and `/` in a JSON pointer token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(root);
    }
    root.pointer(pointer)
}

/// `strict`: the schema as written (unknown keywords, references, `required`, and bounds that
/// cannot apply are checked too); otherwise the grammar copy.
fn check_at(root: &Value, schema: &Value, path: &str, strict: bool) -> Result<(), SchemaError> {
    let obj = match schema {
        Value::Bool(_) => return Ok(()),
        Value::Object(obj) => obj,
        _ => {
            return Err(error(
                path,
                "(schema)",
                "a schema must be a JSON object or true/false",
            ))
        }
    };
    if let Some(key) = obj.keys().find(|k| {
        strict && !k.starts_with("x-") && !KEYWORDS.iter().any(|(name, _, _)| name == &k.as_str())
    }) {
        return Err(error(
            path,
            key,
            "unknown keyword (a misspelling would be ignored and the schema relaxed; \
             vendor keywords start with 'x-')",
        ));
    }
    if strict {
        check_reference(root, obj, path)?;
        check_required(obj, path)?;
    }
    let types = types_of(obj, path)?;
    check_values(obj, types.as_deref(), path)?;
    check_bounds(obj, types.as_deref(), path, strict)?;
    for key in ONE {
        if let Some(sub) = obj.get(*key) {
            check_at(root, sub, &format!("{path}/{key}"), strict)?;
        }
    }
    for key in LIST {
        if let Some(subs) = obj.get(*key) {
            let Value::Array(subs) = subs else {
                return Err(error(path, key, "must be a list of schemas"));
            };
            if subs.is_empty() && *key != "prefixItems" {
                return Err(error(path, key, "is empty: no value can match"));
            }
            for (i, sub) in subs.iter().enumerate() {
                check_at(root, sub, &format!("{path}/{key}/{i}"), strict)?;
            }
        }
    }
    for key in MAP {
        if let Some(subs) = obj.get(*key) {
            let Value::Object(subs) = subs else {
                return Err(error(path, key, "must be an object of schemas"));
            };
            for (name, sub) in subs {
                check_at(root, sub, &format!("{path}/{key}/{}", escape(name)), strict)?;
            }
        }
    }
    match obj.get("items") {
        Some(Value::Array(subs)) => {
            for (i, sub) in subs.iter().enumerate() {
                check_at(root, sub, &format!("{path}/items/{i}"), strict)?;
            }
        }
        Some(sub) => check_at(root, sub, &format!("{path}/items"), strict)?,
        None => {}
    }
    Ok(())
}

fn check_reference(root: &Value, obj: &Map<String, Value>, path: &str) -> Result<(), SchemaError> {
    let Some(reference) = obj.get("$ref") else {
        return Ok(());
    };
    let Some(reference) = reference.as_str() else {
        return Err(error(path, "$ref", "must be a string"));
    };
    if !reference.starts_with("#/") {
        return Err(error(
            path,
            "$ref",
            format!(
                "'{reference}': only references into the same schema ('#/$defs/NAME', \
                 '#/definitions/NAME') can be generated and checked here"
            ),
        ));
    }
    if resolve(root, reference).is_none() {
        return Err(error(
            path,
            "$ref",
            format!("'{reference}' points to nothing in the schema"),
        ));
    }
    Ok(())
}

fn types_of(obj: &Map<String, Value>, path: &str) -> Result<Option<Vec<String>>, SchemaError> {
    let names = match obj.get("type") {
        None => return Ok(None),
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(items)) if items.is_empty() => {
            return Err(error(path, "type", "no type is left: no value can match"))
        }
        Some(Value::Array(items)) => items
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

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n)
            if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) =>
        {
            "integer"
        }
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether `value` has one of `types` (`None`: no `type` keyword; an integer is a number).
pub(super) fn type_matches(types: Option<&[String]>, value: &Value) -> bool {
    let actual = type_name(value);
    types.is_none_or(|ts| {
        ts.iter()
            .any(|t| t == actual || (t == "number" && actual == "integer"))
    })
}

/// `enum` and `const`: some value must be possible under the schema's `type`.
fn check_values(
    obj: &Map<String, Value>,
    types: Option<&[String]>,
    path: &str,
) -> Result<(), SchemaError> {
    if let Some(values) = obj.get("enum") {
        let Value::Array(values) = values else {
            return Err(error(path, "enum", "must be a list of values"));
        };
        if values.is_empty() {
            return Err(error(path, "enum", "is empty: no value can match"));
        }
        if !values.iter().any(|v| type_matches(types, v)) {
            return Err(error(path, "enum", "no value has the schema's 'type'"));
        }
    }
    if let Some(value) = obj.get("const") {
        if !type_matches(types, value) {
            return Err(error(
                path,
                "const",
                "the value does not have the schema's 'type'",
            ));
        }
    }
    Ok(())
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

/// Numeric bounds that admit no number (for integers: no integer, since the grammar rounds
/// fractional bounds inwards and an empty range aborts llama.cpp), and length or count bounds
/// the wrong way round.
fn check_bounds(
    obj: &Map<String, Value>,
    types: Option<&[String]>,
    path: &str,
    strict: bool,
) -> Result<(), SchemaError> {
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
        let only_integers = types.is_some_and(|ts| ts.iter().all(|t| t == "integer"));
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
    let numeric = types.is_none_or(|ts| ts.iter().any(|t| t == "number" || t == "integer"));
    if strict && !numeric && (min.is_some() || max.is_some() || xmin.is_some() || xmax.is_some()) {
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
    for (lo_key, hi_key) in [
        ("minLength", "maxLength"),
        ("minItems", "maxItems"),
        ("minProperties", "maxProperties"),
        ("minContains", "maxContains"),
    ] {
        if let (Some(lo), Some(hi)) = (count(obj, lo_key, path)?, count(obj, hi_key, path)?) {
            if lo > hi {
                return Err(error(
                    path,
                    lo_key,
                    format!("{lo} is more than '{hi_key}' {hi}"),
                ));
            }
        }
    }
    Ok(())
}

/// A `required` property missing from the `properties` beside it is almost always a misspelling
/// (and with `additionalProperties: false` no answer could have it), so it is refused, unless
/// other properties may appear under a schema of their own or parts merged in (`allOf`, `$ref`)
/// may declare it. A `required` without `properties` beside it (as in `oneOf: [{"required":
/// ["a"]}, ...]`) constrains properties declared elsewhere and is allowed.
fn check_required(obj: &Map<String, Value>, path: &str) -> Result<(), SchemaError> {
    let Some(required) = obj.get("required") else {
        return Ok(());
    };
    let Value::Array(names) = required else {
        return Err(error(path, "required", "must be a list of property names"));
    };
    let declared = obj.get("properties").and_then(Value::as_object);
    let closed = obj.get("additionalProperties") == Some(&Value::Bool(false));
    let open = matches!(
        obj.get("additionalProperties"),
        Some(Value::Object(_) | Value::Bool(true))
    ) || ["patternProperties", "allOf", "$ref"]
        .iter()
        .any(|k| obj.contains_key(*k));
    for name in names {
        let Some(name) = name.as_str() else {
            return Err(error(
                path,
                "required",
                "every entry must be a property name",
            ));
        };
        let is_declared = declared.is_some_and(|d| d.contains_key(name));
        if is_declared && declared.and_then(|d| d.get(name)) == Some(&Value::Bool(false)) {
            return Err(error(
                path,
                "required",
                format!("property '{name}' is required but its schema is 'false'"),
            ));
        }
        if !is_declared && !open && (declared.is_some() || closed) {
            return Err(error(
                path,
                "required",
                format!("property '{name}' is required but not declared in 'properties'"),
            ));
        }
    }
    Ok(())
}
