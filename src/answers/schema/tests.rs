use serde_json::{json, Value};

use super::*;

fn refused(schema: Value) -> SchemaError {
    check(&schema).expect_err("should be refused")
}

fn keyword_of(schema: Value) -> String {
    refused(schema).keyword
}

#[test]
fn the_schemas_people_write_are_accepted() {
    for schema in [
        json!({"type": "string", "pattern": "^[A-TV-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$"}),
        json!({"type": "string", "pattern": "[0-9]"}),
        json!({"type": "string", "format": "date-time"}),
        json!({"type": "string", "format": "email"}),
        json!({"$defs": {"a": {"type": "string"}}, "type": "array", "items": {"$ref": "#/$defs/a"}}),
        json!({"$schema": "http://json-schema.org/draft-07/schema#",
               "definitions": {"a": {"type": "string"}}, "type": "array",
               "items": [{"$ref": "#/definitions/a"}], "additionalItems": false}),
        json!({"oneOf": [{"type": "string"}, {"type": "object", "properties": {"x": {"type": "integer"}}}]}),
        json!({"type": "array", "prefixItems": [{"type": "integer"}, {"type": "integer"}], "items": false}),
        json!({"type": "object", "properties": {"a": {}, "b": {}}, "minProperties": 1,
               "dependentRequired": {"a": ["b"]}}),
        json!({"type": "object", "properties": {"a": {"type": "string"}},
               "if": {"properties": {"a": {"const": "yes"}}}, "then": {"required": ["a"]}}),
        json!({"type": "number", "minimum": 0, "maximum": 1, "multipleOf": 0.5}),
        json!({"type": "integer", "minimum": 1.5, "maximum": 2}),
        json!({"type": ["string", "null"], "maxLength": 4}),
        json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
               "anyOf": [{"required": ["a"]}, {"required": ["b"]}]}),
        json!({"x-origin": "lab", "type": "boolean"}),
        labels_schema(&["yes".into(), "no".into()], true),
    ] {
        check(&schema).unwrap_or_else(|e| panic!("{schema}: {e}"));
    }
}

#[test]
fn refusals_name_the_keyword_and_where_it_is() {
    let e = refused(json!({"properties": {"a": {"oneOf": []}}}));
    assert_eq!(
        (e.keyword.as_str(), e.path.as_str()),
        ("oneOf", "#/properties/a")
    );
    let e = refused(
        json!({"type": "object", "properties": {"dose": {"type": "number", "maximun": 5}}}),
    );
    assert_eq!(
        (e.keyword.as_str(), e.path.as_str()),
        ("maximun", "#/properties/dose")
    );
    assert!(e.to_string().contains("unknown keyword"), "{e}");
    let e = refused(json!({"$ref": "https://example.org/schemas/lab.json"}));
    assert_eq!((e.keyword.as_str(), e.path.as_str()), ("$ref", "#"));
    assert_eq!(keyword_of(json!({"$ref": "#/$defs/missing"})), "$ref");
    let e = refused(
        json!({"type": "object", "properties": {"when": {"type": "string", "format": "fhir-instant"}}}),
    );
    assert!(e.to_string().contains("fhir-instant"), "{e}");
    assert!(e.path.contains("/properties/when"), "{e:?}");
}

#[test]
fn contradictions_are_refused_before_they_reach_llama_cpp() {
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
    assert_eq!(
        keyword_of(json!({"type": "object", "properties": {"a": false}, "required": ["a"]})),
        "required"
    );
    assert_eq!(keyword_of(json!({"type": "strng"})), "type");
    assert_eq!(
        keyword_of(json!({"type": "string", "minimum": 1})),
        "minimum"
    );
    // Each part alone is fine; together they leave no integer, which would abort llama.cpp.
    let e = refused(json!({"allOf": [{"type": "integer", "minimum": 5}, {"maximum": 1}]}));
    assert_eq!(e.keyword, "minimum");
    assert!(e.message.contains("allOf"), "{e}");
    assert_eq!(
        keyword_of(json!({"allOf": [{"type": "string"}, {"type": "integer"}]})),
        "type"
    );
    assert_eq!(
        keyword_of(json!({"allOf": [{"enum": ["a"]}, {"enum": ["b"]}]})),
        "enum"
    );
    assert_eq!(keyword_of(json!(false)), "(schema)");
}

#[test]
fn the_keyword_table_knows_every_keyword_once() {
    for (i, (name, _, _)) in KEYWORDS.iter().enumerate() {
        assert!(
            !KEYWORDS[..i].iter().any(|(n, _, _)| n == name),
            "{name} twice"
        );
    }
    for generated in ["pattern", "format", "$ref", "prefixItems", "allOf", "oneOf"] {
        assert!(KEYWORDS
            .iter()
            .any(|(n, t, _)| *n == generated && *t == Treatment::Generated));
    }
}

#[test]
fn validation_names_the_pointer_and_the_rule() {
    let schema = json!({
        "type": "object",
        "properties": {
            "dx": {"type": "string", "maxLength": 5},
            "p": {"type": "number", "minimum": 0, "maximum": 1},
            "n": {"type": "integer"},
            "tags": {"type": "array", "items": {"enum": ["a", "b"]}, "maxItems": 2,
                     "uniqueItems": true}
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
    assert!(err(json!({"dx": "MI", "p": 1.5})).starts_with("/p: 'maximum'"));
    assert!(err(json!({"dx": "MI", "p": 0, "n": 1.5})).contains("'type'"));
    assert!(err(json!({"dx": "MI", "p": 0, "tags": ["c"]})).starts_with("/tags/0: 'enum'"));
    assert!(err(json!({"dx": "MI", "p": 0, "tags": ["a", "a"]})).contains("'uniqueItems'"));
    assert!(err(json!({"dx": "MI", "p": 0, "x": 1})).contains("additionalProperties"));
    assert!(err(json!({"dx": "toolong", "p": 0})).contains("maxLength"));
    assert!(err(json!([])).starts_with("the root: 'type'"));
}

#[test]
fn validation_never_repeats_the_answer() {
    let schema =
        json!({"type": "object", "properties": {"name": {"type": "string", "maxLength": 3}}});
    let message = validate(&schema, &json!({"name": "Jane Doe"})).expect_err("too long");
    assert!(!message.contains("Jane"), "{message}");
}

#[test]
fn formats_are_asserted() {
    let schema = json!({"type": "string", "format": "date"});
    assert_eq!(validate(&schema, &json!("2024-02-29")), Ok(()));
    assert!(validate(&schema, &json!("2023-02-29")).is_err());
    let uuid = json!({"type": "string", "format": "uuid"});
    assert!(validate(&uuid, &json!("not-a-uuid")).is_err());
}

/// The shape the TUI draws: the built-in differential template's schema passes the check
/// and accepts a complete answer.
#[test]
fn differential_template_schema_has_the_agreed_shape() {
    let template = crate::cases::prompt_templates::Registry::new(None)
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

/// The README's table of keywords is the one [`keyword_table`] makes from [`KEYWORDS`].
#[test]
fn the_readme_keyword_table_is_this_one() {
    let readme = include_str!("../../../README.md");
    let table = keyword_table();
    assert!(
        readme.contains(&table),
        "README.md's keyword table is out of date; it should read:\n{table}"
    );
}
