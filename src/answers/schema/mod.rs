//! JSON schemas for constrained output, the way people write them: checked before any case runs,
//! turned into the form llama.cpp's grammar converter handles, and enforced on every answer by a
//! maintained JSON Schema validator (the `jsonschema` crate: drafts 2020-12, 2019-09 and 07, with
//! format assertion on).
//!
//! Every keyword falls in one of three groups ([`KEYWORDS`] lists them, and the README's table is
//! made from the same list):
//! - **enforced while generating** (the grammar allows only answers that keep it) and validated;
//! - **validated only**: the grammar cannot express it (bounds of non-integer numbers,
//!   `uniqueItems`, `not`, `if`/`then`/`else`, ...), so an answer that breaks it is a
//!   `schema_mismatch` record naming the JSON pointer and the rule;
//! - **refused up front** (exit status 2, naming the keyword and where it is): what would abort or
//!   hang llama.cpp (contradictory bounds, empty `enum`), what no answer could satisfy (a
//!   `required` property that is never declared) and what no answer could be checked against (a
//!   remote `$ref`, an unknown `format`).

mod grammar;
mod refuse;

use std::path::Path;

use anyhow::Context as _;
use serde_json::{json, Value};

pub use grammar::for_grammar;

/// How the pinned llama.cpp and ddx treat each keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// The grammar enforces it while generating; validation checks it too.
    Generated,
    /// Only validation checks it: an answer that breaks it becomes `schema_mismatch`.
    Validated,
    /// An annotation: no effect on which answers are valid.
    Annotation,
}

/// Every keyword ddx knows, with its treatment and what exactly the grammar does with it.
pub const KEYWORDS: &[(&str, Treatment, &str)] = &[
    ("type", Treatment::Generated, "one type, or a list (any of them)"),
    ("properties", Treatment::Generated, "the declared properties: required ones first, then the others, each in declaration order"),
    ("required", Treatment::Generated, "always written; one not declared in `properties` is written with any value (or the `additionalProperties` schema)"),
    ("additionalProperties", Treatment::Generated, "`false` or absent: no other property is written; a schema: other properties of that schema may be"),
    ("enum", Treatment::Generated, "values of any JSON type (those outside the schema's `type` are left out)"),
    ("const", Treatment::Generated, "a value of any JSON type"),
    ("anyOf", Treatment::Generated, "one of the alternatives; keywords beside it are merged into each"),
    ("oneOf", Treatment::Generated, "one of the alternatives, as `anyOf` (that exactly one matches is validated)"),
    ("allOf", Treatment::Generated, "merged into one schema (properties, required, types, enums, bounds); what does not merge is validated only"),
    ("$ref", Treatment::Generated, "references into the schema (`#/$defs/...`, `#/definitions/...`), recursive ones too; keywords beside it are merged into the target"),
    ("$defs", Treatment::Generated, "targets of references"),
    ("definitions", Treatment::Generated, "targets of references (draft-07)"),
    ("items", Treatment::Generated, "one schema for every item; a list (draft-07) is a tuple; `false`: an empty array"),
    ("prefixItems", Treatment::Generated, "a tuple of exactly these items (`items` beside it is validated only)"),
    ("minItems", Treatment::Generated, "arrays with one item schema; validated only for tuples"),
    ("maxItems", Treatment::Generated, "arrays with one item schema; validated only for tuples"),
    ("minimum", Treatment::Generated, "integers (a fractional bound rounded inwards); validated only for other numbers"),
    ("maximum", Treatment::Generated, "integers (a fractional bound rounded inwards); validated only for other numbers"),
    ("exclusiveMinimum", Treatment::Generated, "integers; validated only for other numbers"),
    ("exclusiveMaximum", Treatment::Generated, "integers; validated only for other numbers"),
    ("minLength", Treatment::Generated, "strings without a `pattern` or a generated `format`; validated only otherwise"),
    ("maxLength", Treatment::Generated, "strings without a `pattern` or a generated `format`; validated only otherwise"),
    ("pattern", Treatment::Generated, "anchored patterns (`^...$`) of literals, `.`, classes, groups, alternation and quantifiers, with `\\d` `\\w` `\\s` translated; others (unanchored, lookarounds, backreferences, `\\b`, `\\p{..}`) validated only"),
    ("format", Treatment::Generated, "`date`, `time`, `date-time`, `uuid` (the grammar allows day 31 in every month: the calendar is validated); `email`, `ipv4`, `uri` and the other known formats validated only; an unknown format is refused"),
    ("multipleOf", Treatment::Validated, ""),
    ("uniqueItems", Treatment::Validated, ""),
    ("contains", Treatment::Validated, ""),
    ("minContains", Treatment::Validated, ""),
    ("maxContains", Treatment::Validated, ""),
    ("minProperties", Treatment::Validated, ""),
    ("maxProperties", Treatment::Validated, ""),
    ("patternProperties", Treatment::Validated, ""),
    ("propertyNames", Treatment::Validated, ""),
    ("dependentRequired", Treatment::Validated, ""),
    ("dependentSchemas", Treatment::Validated, ""),
    ("dependencies", Treatment::Validated, ""),
    ("not", Treatment::Validated, ""),
    ("if", Treatment::Validated, ""),
    ("then", Treatment::Validated, ""),
    ("else", Treatment::Validated, ""),
    ("unevaluatedProperties", Treatment::Validated, ""),
    ("unevaluatedItems", Treatment::Validated, ""),
    ("additionalItems", Treatment::Validated, ""),
    ("title", Treatment::Annotation, ""),
    ("description", Treatment::Annotation, ""),
    ("$schema", Treatment::Annotation, "picks the draft: 2020-12 (the default), 2019-09 or 07"),
    ("$id", Treatment::Annotation, ""),
    ("$comment", Treatment::Annotation, ""),
    ("default", Treatment::Annotation, ""),
    ("examples", Treatment::Annotation, ""),
    ("deprecated", Treatment::Annotation, ""),
    ("readOnly", Treatment::Annotation, ""),
    ("writeOnly", Treatment::Annotation, ""),
];

/// The README's keyword table, made from [`KEYWORDS`] (a test keeps the README in step).
pub fn keyword_table() -> String {
    let mut out = String::from(
        "| Keyword | While generating (the grammar) | Every answer (validation) |\n|---|---|---|\n",
    );
    for (name, treatment, note) in KEYWORDS {
        let (generating, validating) = match treatment {
            Treatment::Generated => (note.to_string(), "checked"),
            Treatment::Validated => (
                "not enforced".to_string(),
                "checked: a breach is `schema_mismatch`",
            ),
            Treatment::Annotation => (
                if note.is_empty() { "no effect" } else { note }.to_string(),
                "no effect",
            ),
        };
        out.push_str(&format!("| `{name}` | {generating} | {validating} |\n"));
    }
    out
}

/// A schema problem, found before any case runs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("schema keyword '{keyword}' at '{path}': {message}")]
pub struct SchemaError {
    /// The offending keyword, e.g. `$ref` or `minimum`.
    pub keyword: String,
    /// JSON pointer of the sub-schema, `#` for the root.
    pub path: String,
    pub message: String,
}

pub(crate) fn error(path: &str, keyword: &str, message: impl Into<String>) -> SchemaError {
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

/// Check a schema before any case runs: nothing in it is refused ([`refuse`]), the validator
/// compiles it (the meta-schema, local references, known formats), and the copy for the grammar
/// ([`for_grammar`]) can match something.
pub fn check(schema: &Value) -> Result<(), SchemaError> {
    refuse::check(schema)?;
    Validator::new(schema)?;
    refuse::check_grammar_copy(&for_grammar(schema))
}

/// A compiled validator for one schema (shared by the threads that check answers).
#[derive(Debug, Clone)]
pub struct Validator(std::sync::Arc<jsonschema::Validator>);

impl Validator {
    pub fn new(schema: &Value) -> Result<Self, SchemaError> {
        jsonschema::options()
            .should_validate_formats(true)
            .should_ignore_unknown_formats(false)
            .build(schema)
            .map(|v| Self(std::sync::Arc::new(v)))
            .map_err(|e| {
                let at = e.instance_path().to_string();
                let (parent, keyword) = at.rsplit_once('/').unwrap_or(("", "(schema)"));
                error(
                    &format!("#{parent}"),
                    if keyword.is_empty() {
                        "(schema)"
                    } else {
                        keyword
                    },
                    e.masked().to_string(),
                )
            })
    }

    /// Check an answer. The error names the JSON pointer of the first failing value and the
    /// rule (never the value itself: it may be patient text).
    pub fn validate(&self, value: &Value) -> Result<(), String> {
        match self.violations(value).into_iter().next() {
            None => Ok(()),
            Some(v) => {
                let at = if v.pointer.is_empty() {
                    "the root"
                } else {
                    &v.pointer
                };
                Err(format!("{at}: '{}': {}", v.rule, v.message))
            }
        }
    }

    /// Every rule the answer breaks.
    pub fn violations(&self, value: &Value) -> Vec<Violation> {
        self.0
            .iter_errors(value)
            .map(|e| Violation {
                pointer: e.instance_path().to_string(),
                rule: e
                    .schema_path()
                    .to_string()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                message: e.masked().to_string(),
            })
            .collect()
    }
}

/// One rule an answer breaks: where (a JSON pointer, empty for the root), which keyword, and
/// the validator's message without the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub pointer: String,
    pub rule: String,
    pub message: String,
}

/// Check a value against a schema (compiling the validator each time: for one-off checks).
pub fn validate(schema: &Value, value: &Value) -> Result<(), String> {
    Validator::new(schema)
        .map_err(|e| e.to_string())?
        .validate(value)
}

#[cfg(test)]
mod tests;
