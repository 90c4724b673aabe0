//! The copy of a schema that goes to llama.cpp's grammar converter
//! (`common/json-schema.cpp` and `common/json-schema-to-grammar.cpp` in the pinned llama.cpp).
//!
//! The converter reads a subset of JSON Schema, and outside it either fails, prints a warning
//! straight to stderr and accepts any string, or builds a grammar that means something else:
//! `true`/`false` sub-schemas are errors, `items` wins over `prefixItems`, `anyOf`/`oneOf` and
//! `$ref` win over every keyword beside them, `allOf` is merged only for some object shapes (and
//! gives `{}` for a string), a `required` property that is not declared is never written, and
//! `\d` or `\w` in a pattern are "unsupported escapes". This copy says the same as the schema or
//! less, in the form the converter reads right:
//! - `true` becomes `{}`; `false` properties and alternatives are dropped;
//! - `allOf` parts are merged here (properties, required, types, enums, bounds); keywords beside
//!   `anyOf`/`oneOf` are merged into each alternative, and beside a `$ref` into its target;
//! - with `prefixItems`, `items` is dropped (the tuple is generated exactly); `items: false` alone
//!   becomes `maxItems: 0`;
//! - a required property that is not declared is declared (any value, or the
//!   `additionalProperties` schema), so it is written;
//! - an `enum` keeps only the values of the schema's `type`;
//! - patterns: `\d`, `\w`, `\s` and escaped punctuation are translated; a pattern the converter
//!   cannot turn into a grammar is dropped from the copy (it stays in the schema that validates).
//!
//! Whatever the copy cannot express, validation of the answer against the full schema enforces.

use serde_json::{Map, Value};

/// How many `$ref` targets or `allOf` parts are inlined into each other at most; deeper (or
/// recursive) ones stay references.
const MERGE_DEPTH: usize = 8;
/// The largest repetition count in a pattern turned into a grammar (a larger one would blow up
/// the grammar; such a pattern is validated only).
const MAX_REPEAT: u64 = 1000;

/// Keywords that say nothing about which values are valid; they stay beside a `$ref` or an
/// `anyOf` without being merged into it.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "$schema",
    "$id",
    "$comment",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$defs",
    "definitions",
];

/// Keywords whose value is one sub-schema the converter reads.
const ONE: &[&str] = &["items", "additionalProperties"];
/// Keywords whose value is a list of sub-schemas the converter reads.
const LIST: &[&str] = &["anyOf", "oneOf", "allOf", "prefixItems"];
/// Keywords whose value maps names to sub-schemas the converter reads (directly or by `$ref`).
const MAP: &[&str] = &["properties", "$defs", "definitions"];

/// The copy of `schema` for the grammar converter (see the module docs).
pub fn for_grammar(schema: &Value) -> Value {
    Normalizer { root: schema }.node(schema, 0)
}

struct Normalizer<'a> {
    root: &'a Value,
}

impl Normalizer<'_> {
    fn node(&self, schema: &Value, depth: usize) -> Value {
        match schema {
            Value::Bool(true) => Value::Object(Map::new()),
            Value::Object(obj) => Value::Object(self.object(obj, depth)),
            other => other.clone(),
        }
    }

    fn object(&self, obj: &Map<String, Value>, depth: usize) -> Map<String, Value> {
        let mut out = Map::new();
        for (key, value) in obj {
            let value = if ONE.contains(&key.as_str()) {
                match value {
                    // `items` as a list: a draft-07 tuple.
                    Value::Array(subs) => {
                        Value::Array(subs.iter().map(|s| self.node(s, depth)).collect())
                    }
                    one => self.node(one, depth),
                }
            } else if LIST.contains(&key.as_str()) {
                match value {
                    Value::Array(subs) => Value::Array(
                        subs.iter()
                            .filter(|s| {
                                !(matches!(key.as_str(), "anyOf" | "oneOf")
                                    && s == &&Value::Bool(false))
                            })
                            .map(|s| self.node(s, depth))
                            .collect(),
                    ),
                    other => other.clone(),
                }
            } else if MAP.contains(&key.as_str()) {
                match value {
                    Value::Object(subs) => Value::Object(
                        subs.iter()
                            .filter(|(_, s)| !(key == "properties" && s == &&Value::Bool(false)))
                            .map(|(name, s)| (name.clone(), self.node(s, depth)))
                            .collect(),
                    ),
                    other => other.clone(),
                }
            } else {
                value.clone()
            };
            out.insert(key.clone(), value);
        }
        fix_array(&mut out);
        fix_string(&mut out);
        fix_counts(&mut out);
        let mut out = self.combine(out, depth);
        fix_enum(&mut out);
        fix_required(&mut out);
        out
    }

    /// Merge `allOf` parts, and the keywords beside a `$ref` or `anyOf`/`oneOf` into it.
    fn combine(&self, mut out: Map<String, Value>, depth: usize) -> Map<String, Value> {
        if let Some(parts) = out.remove("allOf") {
            if depth < MERGE_DEPTH {
                for part in parts.as_array().into_iter().flatten() {
                    let part = self.inline(part, depth + 1);
                    if let Value::Object(part) = part {
                        out = merge(&out, &part);
                    }
                }
                return self.object(&out, depth + 1);
            }
        }
        if out.contains_key("$ref") && has_constraints(&out, &["$ref"]) && depth < MERGE_DEPTH {
            if let Some(Value::Object(target)) = out
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| resolve(self.root, r))
                .map(|t| self.node(t, depth + 1))
            {
                out.remove("$ref");
                let merged = merge(&out, &target);
                return self.object(&merged, depth + 1);
            }
        }
        let key = if out.contains_key("oneOf") {
            "oneOf"
        } else {
            "anyOf"
        };
        if out.contains_key(key) && has_constraints(&out, &[key]) && depth < MERGE_DEPTH {
            let mut rest = out.clone();
            rest.retain(|k, _| k != key && !ANNOTATIONS.contains(&k.as_str()));
            if let Some(Value::Array(alternatives)) = out.get(key) {
                let merged: Vec<Value> = alternatives
                    .iter()
                    .map(|alt| match self.inline(alt, depth + 1) {
                        Value::Object(alt) => {
                            Value::Object(self.object(&merge(&rest, &alt), depth + 1))
                        }
                        other => other,
                    })
                    .collect();
                // The keywords beside stay too: the converter ignores them next to `anyOf`, and a
                // `$ref` may point into them.
                out.insert(key.to_string(), Value::Array(merged));
            }
        }
        out
    }

    /// A part of a combination, with a lone `$ref` replaced by its (normalized) target.
    fn inline(&self, part: &Value, depth: usize) -> Value {
        if let Value::Object(obj) = part {
            if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
                if !has_constraints(obj, &["$ref"]) {
                    if let Some(target) = resolve(self.root, reference) {
                        return self.node(target, depth);
                    }
                }
            }
        }
        part.clone()
    }
}

fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        Some(root)
    } else {
        root.pointer(pointer)
    }
}

/// Whether the schema has keywords that constrain values, besides `except`.
fn has_constraints(obj: &Map<String, Value>, except: &[&str]) -> bool {
    obj.keys().any(|k| {
        !except.contains(&k.as_str()) && !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-")
    })
}

/// The two schemas at once, as far as the grammar needs it: what cannot be merged keeps the
/// first schema's value (validation checks the rest).
fn merge(a: &Map<String, Value>, b: &Map<String, Value>) -> Map<String, Value> {
    let mut out = a.clone();
    for (key, theirs) in b {
        let Some(ours) = a.get(key) else {
            out.insert(key.clone(), theirs.clone());
            continue;
        };
        let merged = match key.as_str() {
            "properties" | "$defs" | "definitions" => match (ours, theirs) {
                (Value::Object(x), Value::Object(y)) => {
                    let mut all = x.clone();
                    for (name, sub) in y {
                        let value = match (x.get(name), sub) {
                            (Some(Value::Object(p)), Value::Object(q)) => {
                                Value::Object(merge(p, q))
                            }
                            (Some(existing), _) => existing.clone(),
                            (None, _) => sub.clone(),
                        };
                        all.insert(name.clone(), value);
                    }
                    Value::Object(all)
                }
                _ => ours.clone(),
            },
            "items" | "additionalProperties" => match (ours, theirs) {
                (Value::Bool(false), _) | (_, Value::Bool(false)) => Value::Bool(false),
                (Value::Object(x), Value::Object(y)) => Value::Object(merge(x, y)),
                _ => ours.clone(),
            },
            "required" => {
                let mut names = ours.as_array().cloned().unwrap_or_default();
                for name in theirs.as_array().into_iter().flatten() {
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
                Value::Array(names)
            }
            "type" => intersect_types(ours, theirs),
            "enum" => Value::Array(
                ours.as_array()
                    .into_iter()
                    .flatten()
                    .filter(|v| theirs.as_array().is_some_and(|t| t.contains(v)))
                    .cloned()
                    .collect(),
            ),
            "const" if ours != theirs => {
                // No value is both: an empty enum, which the check then refuses.
                out.insert("enum".into(), Value::Array(Vec::new()));
                ours.clone()
            }
            "minimum" | "exclusiveMinimum" | "minLength" | "minItems" | "minProperties"
            | "minContains" => larger(ours, theirs, true),
            "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" | "maxProperties"
            | "maxContains" => larger(ours, theirs, false),
            _ => ours.clone(),
        };
        out.insert(key.clone(), merged);
    }
    out
}

fn larger(a: &Value, b: &Value, want_larger: bool) -> Value {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) if (y > x) == want_larger && x != y => b.clone(),
        _ => a.clone(),
    }
}

fn type_list(value: &Value) -> Vec<String> {
    match value {
        Value::String(t) => vec![t.clone()],
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(ToString::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// Types allowed by both (`integer` is a `number`).
fn intersect_types(a: &Value, b: &Value) -> Value {
    let (xs, ys) = (type_list(a), type_list(b));
    let mut both: Vec<String> = Vec::new();
    for x in &xs {
        for y in &ys {
            let common = if x == y {
                Some(x.as_str())
            } else if (x == "number" && y == "integer") || (x == "integer" && y == "number") {
                Some("integer")
            } else {
                None
            };
            if let Some(t) = common {
                if !both.iter().any(|b| b == t) {
                    both.push(t.to_string());
                }
            }
        }
    }
    match both.as_slice() {
        [one] => Value::String(one.clone()),
        _ => Value::Array(both.into_iter().map(Value::String).collect()),
    }
}

/// `prefixItems` with `items` beside it: the converter would take `items` for the tuple.
fn fix_array(out: &mut Map<String, Value>) {
    if out.contains_key("prefixItems") {
        out.remove("items");
        if let Some(Value::Array(items)) = out.get_mut("prefixItems") {
            for item in items.iter_mut() {
                if item == &Value::Bool(false) {
                    *item = Value::Object(Map::new());
                }
            }
        }
    } else if out.get("items") == Some(&Value::Bool(false)) {
        out.remove("items");
        out.insert("maxItems".into(), Value::from(0));
    }
}

/// A pattern the converter can translate, translated; one it cannot, dropped.
fn fix_string(out: &mut Map<String, Value>) {
    let Some(Value::String(pattern)) = out.get("pattern") else {
        return;
    };
    match translate_pattern(pattern) {
        Some(translated) => {
            out.insert("pattern".into(), Value::String(translated));
        }
        None => {
            out.remove("pattern");
        }
    }
}

/// Counts written as `3.0`: the converter wants JSON integers.
fn fix_counts(out: &mut Map<String, Value>) {
    for key in ["minLength", "maxLength", "minItems", "maxItems"] {
        if let Some(Value::Number(n)) = out.get(key) {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0) {
                if !n.is_u64() {
                    out.insert(key.into(), Value::from(f as u64));
                }
            }
        }
    }
}

/// The converter writes every `enum` value whatever the `type`: keep those of the type.
fn fix_enum(out: &mut Map<String, Value>) {
    let Some(types) = out.get("type").map(type_list) else {
        return;
    };
    if let Some(Value::Array(values)) = out.get_mut("enum") {
        values.retain(|v| super::refuse::type_matches(Some(&types), v));
    }
}

/// Declare required properties that are not declared, so the grammar writes them.
fn fix_required(out: &mut Map<String, Value>) {
    let Some(Value::Array(required)) = out.get("required") else {
        return;
    };
    let extra = match out.get("additionalProperties") {
        Some(Value::Bool(false)) => return,
        Some(Value::Object(schema)) => Value::Object(schema.clone()),
        _ => Value::Object(Map::new()),
    };
    let missing: Vec<String> = required
        .iter()
        .filter_map(Value::as_str)
        .filter(|name| {
            !out.get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| p.contains_key(*name))
        })
        .map(ToString::to_string)
        .collect();
    if missing.is_empty() {
        return;
    }
    let properties = out
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(properties) = properties {
        for name in missing {
            properties.insert(name, extra.clone());
        }
    }
}

/// Regular-expression characters the converter takes escaped outside a character class.
const REGEX_SPECIAL: &str = "^$.[]()|{}*+?";

/// A pattern in the form the converter turns into a grammar that matches the same strings or
/// fewer, or `None` when it cannot (then only validation checks the pattern).
///
/// The converter takes only anchored patterns (`^...$`) of literals, `.`, character classes,
/// groups (`(...)`, `(?:...)`), `|` and the quantifiers `* + ? {n} {n,} {n,m}`, with the escapes
/// `\t \r \n \xHH \uHHHH` and escaped special characters. This turns `\d \w \s` (and `\D \W \S`
/// outside classes) into classes and other escaped punctuation into `\xHH`, and refuses
/// lookarounds, backreferences, word boundaries, named groups, property escapes, inner anchors
/// and empty alternatives.
pub(super) fn translate_pattern(pattern: &str) -> Option<String> {
    let inner = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let trailing_backslashes = inner.chars().rev().take_while(|c| *c == '\\').count();
    if inner.is_empty() || trailing_backslashes % 2 == 1 {
        return None;
    }
    let chars: Vec<char> = inner.chars().collect();
    let mut out = String::from("^");
    let mut i = 0;
    let mut in_class = false;
    let mut depth = 0usize;
    // At the start of an alternative: nothing to repeat, and `|` or `)` would leave it empty.
    let mut at_start = true;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let next = *chars.get(i + 1)?;
            i += 2;
            let piece = escape(next, &chars, &mut i, in_class)?;
            out.push_str(&piece);
            at_start = false;
            continue;
        }
        if in_class {
            in_class = class_char(c, &mut out)?;
            i += 1;
            continue;
        }
        match c {
            '[' => {
                i = open_class(&chars, i, &mut out)?;
                in_class = true;
                at_start = false;
            }
            '(' => {
                i = open_group(&chars, i, &mut out)?;
                depth += 1;
                at_start = true;
            }
            ')' => {
                if at_start || depth == 0 {
                    return None;
                }
                depth -= 1;
                out.push(')');
                i += 1;
            }
            '|' => {
                if at_start {
                    return None;
                }
                out.push('|');
                i += 1;
                at_start = true;
            }
            '*' | '+' | '?' => {
                if at_start {
                    return None;
                }
                out.push(c);
                i += 1;
            }
            '{' => {
                if at_start {
                    return None;
                }
                i = repeat(&chars, i, &mut out)?;
            }
            '^' | '$' | ']' | '}' => return None,
            _ => {
                out.push(c);
                i += 1;
                at_start = false;
            }
        }
    }
    if in_class || depth != 0 || at_start {
        return None;
    }
    out.push('$');
    Some(out)
}

/// The translation of the escape `\{next}` (its characters after `next` start at `chars[*i]`,
/// and `*i` moves past any it takes), or `None` for an escape the converter refuses.
fn escape(next: char, chars: &[char], i: &mut usize, in_class: bool) -> Option<String> {
    Some(match next {
        'd' => class("0-9", in_class),
        'w' => class("a-zA-Z0-9_", in_class),
        's' => class(" \\t\\n\\r\\x0B\\x0C", in_class),
        'D' if !in_class => "[^0-9]".to_string(),
        'W' if !in_class => "[^a-zA-Z0-9_]".to_string(),
        'S' if !in_class => "[^ \\t\\n\\r\\x0B\\x0C]".to_string(),
        't' | 'n' | 'r' => format!("\\{next}"),
        'f' => "\\x0C".to_string(),
        'v' => "\\x0B".to_string(),
        '0' if !chars.get(*i).is_some_and(char::is_ascii_digit) => "\\x00".to_string(),
        'x' | 'u' => {
            let n = if next == 'x' { 2 } else { 4 };
            let hex: String = chars.get(*i..*i + n)?.iter().collect();
            if !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                return None;
            }
            *i += n;
            format!("\\{next}{hex}")
        }
        p if p.is_ascii_punctuation() => {
            if !in_class && REGEX_SPECIAL.contains(p) {
                format!("\\{p}")
            } else {
                format!("\\x{:02X}", p as u32)
            }
        }
        _ => return None,
    })
}

/// A `{n}`, `{n,}` or `{n,m}` quantifier starting at `chars[i]`, copied to `out` when its
/// bounds are numbers within [`MAX_REPEAT`] and in order; the index after it.
fn repeat(chars: &[char], i: usize, out: &mut String) -> Option<usize> {
    let close = chars[i..].iter().position(|&x| x == '}')? + i;
    let body: String = chars[i + 1..close].iter().collect();
    let (low, high) = match body.split_once(',') {
        Some((low, high)) => (low, Some(high)),
        None => (body.as_str(), None),
    };
    let count = |s: &str| -> Option<u64> {
        if s.is_empty() || !s.chars().all(|d| d.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().filter(|n| *n <= MAX_REPEAT)
    };
    let low_n = count(low)?;
    if let Some(high) = high {
        if !high.is_empty() && count(high)? < low_n {
            return None;
        }
    }
    out.push('{');
    out.push_str(&body);
    out.push('}');
    Some(close + 1)
}

/// One character inside a class, copied to `out` (`"` as `\\x22`; a nested `[` refused);
/// whether the class is still open after it.
fn class_char(c: char, out: &mut String) -> Option<bool> {
    match c {
        '[' => None,
        '"' => {
            out.push_str("\\x22");
            Some(true)
        }
        _ => {
            out.push(c);
            Some(c != ']')
        }
    }
}

/// The `[` or `[^` that opens a class at `chars[i]`, copied to `out`; the index after it.
/// `[]` matches nothing and `[^]` anything in ECMAScript: neither translates.
fn open_class(chars: &[char], mut i: usize, out: &mut String) -> Option<usize> {
    out.push('[');
    i += 1;
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    if chars.get(i) == Some(&']') {
        return None;
    }
    Some(i)
}

/// The `(` or `(?:` that opens a group at `chars[i]`, copied to `out`; the index after it.
/// Other `(?` groups (lookarounds, named groups) do not translate.
fn open_group(chars: &[char], i: usize, out: &mut String) -> Option<usize> {
    if chars.get(i + 1) != Some(&'?') {
        out.push('(');
        return Some(i + 1);
    }
    if chars.get(i + 2) != Some(&':') {
        return None;
    }
    out.push_str("(?:");
    Some(i + 3)
}

/// A shorthand class: its ranges inside a class, a class of them outside.
fn class(ranges: &str, in_class: bool) -> String {
    if in_class {
        ranges.to_string()
    } else {
        format!("[{ranges}]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patterns_translate_to_what_the_converter_reads() {
        let t = |p: &str| translate_pattern(p);
        assert_eq!(
            t(r"^[A-TV-Z]\d{2}(\.\d{1,4})?$").as_deref(),
            Some(r"^[A-TV-Z][0-9]{2}(\.[0-9]{1,4})?$")
        );
        assert_eq!(
            t(r"^\w+\s\w+$").as_deref(),
            Some(r"^[a-zA-Z0-9_]+[ \t\n\r\x0B\x0C][a-zA-Z0-9_]+$")
        );
        assert_eq!(t(r"^[\d\-/]+$").as_deref(), Some(r"^[0-9\x2D/]+$"));
        assert_eq!(t(r"^a\/b$").as_deref(), Some(r"^a\x2Fb$"));
        assert_eq!(t(r"^(?:mg|g)$").as_deref(), Some("^(?:mg|g)$"));
        assert_eq!(t(r#"^["a]$"#).as_deref(), Some(r"^[\x22a]$"));
        for unsupported in [
            "abc",       // not anchored
            "^abc",      // no end anchor
            r"^abc\$",   // the last $ is a literal
            "^(?=a)a$",  // lookahead
            "^(?<y>a)$", // named group
            r"^(a)\1$",  // backreference
            r"^\bword$", // word boundary
            r"^\p{L}+$", // property escape
            "^a|^b$",    // inner anchor
            "^(|a)$",    // empty alternative
            "^a||b$",    // empty alternative
            "^[]$",      // empty class
            "^*a$",      // nothing to repeat
            "^a{2000}$", // too long a repetition
            "^a{3,1}$",  // a backwards count
            "^(a$",      // unbalanced
            "^$",        // the empty string only
            r"^[\D]$",   // a negated shorthand inside a class
        ] {
            assert_eq!(t(unsupported), None, "{unsupported}");
        }
    }

    #[test]
    fn booleans_false_and_tuples_take_the_converter_shape() {
        let schema = json!({
            "type": "object",
            "properties": {
                "bp": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "integer"}],
                       "items": false},
                "none": {"type": "array", "items": false},
                "any": true,
                "never": false
            },
            "required": ["bp"]
        });
        let copy = for_grammar(&schema);
        assert_eq!(copy["properties"]["bp"].get("items"), None);
        assert_eq!(copy["properties"]["none"]["maxItems"], json!(0));
        assert_eq!(copy["properties"]["any"], json!({}));
        assert_eq!(copy["properties"].get("never"), None);
    }

    #[test]
    fn all_of_parts_are_merged() {
        let schema = json!({
            "$defs": {"coded": {"type": "object", "properties": {"code": {"type": "string"}},
                                "required": ["code"]}},
            "allOf": [
                {"$ref": "#/$defs/coded"},
                {"properties": {"value": {"type": "integer", "minimum": 0}}, "required": ["value"]},
                {"properties": {"value": {"maximum": 300}}}
            ]
        });
        let copy = for_grammar(&schema);
        assert_eq!(copy.get("allOf"), None);
        assert_eq!(copy["type"], json!("object"));
        assert_eq!(copy["required"], json!(["code", "value"]));
        assert_eq!(
            copy["properties"]["value"],
            json!({"type": "integer", "minimum": 0, "maximum": 300})
        );
        let strings = for_grammar(
            &json!({"type": "string", "allOf": [{"maxLength": 5}, {"minLength": 2}, {"maxLength": 3}]}),
        );
        assert_eq!(
            strings,
            json!({"type": "string", "maxLength": 3, "minLength": 2})
        );
        let types =
            for_grammar(&json!({"allOf": [{"type": ["number", "string"]}, {"type": "integer"}]}));
        assert_eq!(types["type"], json!("integer"));
        let enums = for_grammar(
            &json!({"allOf": [{"enum": ["a", "b", 1]}, {"enum": ["b", 1]}], "type": "string"}),
        );
        assert_eq!(enums["enum"], json!(["b"]));
    }

    #[test]
    fn keywords_beside_alternatives_and_references_are_merged_in() {
        let schema = json!({
            "type": "object",
            "properties": {"icd10": {"type": "string"}, "snomed": {"type": "string"}},
            "oneOf": [{"required": ["icd10"]}, {"required": ["snomed"]}]
        });
        let copy = for_grammar(&schema);
        assert_eq!(copy["oneOf"][0]["required"], json!(["icd10"]));
        assert_eq!(
            copy["oneOf"][1]["properties"]["snomed"]["type"],
            json!("string")
        );
        assert_eq!(copy["oneOf"][1]["type"], json!("object"));
        let reference = json!({
            "definitions": {"dose": {"type": "object", "properties": {"mg": {"type": "number"}}}},
            "$ref": "#/definitions/dose",
            "required": ["mg"]
        });
        let copy = for_grammar(&reference);
        assert_eq!(copy.get("$ref"), None);
        assert_eq!(copy["required"], json!(["mg"]));
        assert_eq!(copy["properties"]["mg"]["type"], json!("number"));
        // A reference with only annotations beside it stays a reference.
        let plain = json!({"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a", "title": "A"});
        assert_eq!(for_grammar(&plain)["$ref"], json!("#/$defs/a"));
    }

    #[test]
    fn recursive_references_stay_references() {
        let schema = json!({
            "$defs": {"problem": {"type": "object",
                "properties": {"name": {"type": "string"},
                               "complications": {"type": "array", "items": {"$ref": "#/$defs/problem"}}},
                "required": ["name"]}},
            "$ref": "#/$defs/problem",
            "required": ["complications"]
        });
        let copy = for_grammar(&schema);
        assert_eq!(copy["required"], json!(["complications", "name"]));
        assert_eq!(
            copy["properties"]["complications"]["items"],
            json!({"$ref": "#/$defs/problem"})
        );
    }

    #[test]
    fn required_properties_get_declared_and_enums_keep_their_type() {
        let copy = for_grammar(&json!({"type": "object", "required": ["a"],
                                        "additionalProperties": {"type": "integer"}}));
        assert_eq!(copy["properties"]["a"], json!({"type": "integer"}));
        let closed = json!({"type": "object", "properties": {}, "required": ["a"],
                            "additionalProperties": false});
        assert_eq!(for_grammar(&closed), closed);
        let copy = for_grammar(&json!({"type": "string", "enum": ["a", 1, null]}));
        assert_eq!(copy["enum"], json!(["a"]));
        let copy = for_grammar(&json!({"type": "array", "minItems": 2.0}));
        assert_eq!(copy["minItems"], json!(2));
    }
}
