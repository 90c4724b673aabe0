//! Reading FHIR JSON from a reader its caller opened (a file, stdin), one resource at a time.
//!
//! A source whose first line is a whole JSON value is NDJSON (Bulk Data export): it is streamed
//! line by line, so memory does not grow with the file. Anything else is one JSON document (a
//! Bundle or a single resource), parsed whole. Bundles are expanded into their entries. Every
//! problem is reported with the file and its position (line, entry) and reading goes on.

use std::io::BufRead;

use serde_json::Value;

use crate::cases::{LineReader, RawLine};

/// Largest NDJSON line accepted (a note with a large base64 attachment can be big).
const MAX_LINE_BYTES: usize = 256 << 20;

/// Where a resource came from, for messages: "file.ndjson:12" or "bundle.json entry 3".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub file: String,
    pub line: Option<usize>,
    pub entry: Option<usize>,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(entry) = self.entry {
            write!(f, " entry {entry}")?;
        }
        Ok(())
    }
}

/// What the reader hands to its caller.
pub trait Visitor {
    fn resource(&mut self, position: &Position, resource: Value);
    fn error(&mut self, position: &Position, message: &str);
}

/// Read one source, passing every resource (and every problem) to the visitor.
pub fn read(name: &str, reader: impl BufRead, visitor: &mut dyn Visitor) {
    let at = |line: Option<usize>| Position {
        file: name.to_string(),
        line,
        entry: None,
    };
    let mut lines = LineReader::new(reader, MAX_LINE_BYTES);
    let mut head = Vec::new();
    // Find the first non-blank line and decide: NDJSON or one document.
    let first = loop {
        match lines.next() {
            None => return,
            Some(Err(e)) => {
                visitor.error(&at(None), &format!("cannot read: {e}"));
                return;
            }
            Some(Ok((n, RawLine::TooLong { bytes }))) => {
                visitor.error(&at(Some(n)), &format!("line of {bytes} bytes is too long"));
                return;
            }
            Some(Ok((n, RawLine::Text(bytes)))) => {
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    head.push(b'\n');
                    continue;
                }
                break (n, bytes);
            }
        }
    };
    if let Ok(value) = serde_json::from_slice::<Value>(&first.1) {
        handle_value(&at(Some(first.0)), value, visitor);
        read_ndjson(lines, &at, visitor);
    } else {
        read_document(head, &first.1, lines, &at, visitor);
    }
}

/// The lines after the first of an NDJSON source: one resource (or Bundle) a line.
fn read_ndjson(
    lines: LineReader<impl BufRead>,
    at: &dyn Fn(Option<usize>) -> Position,
    visitor: &mut dyn Visitor,
) {
    for line in lines {
        match line {
            Err(e) => {
                visitor.error(&at(None), &format!("cannot read: {e}"));
                return;
            }
            Ok((n, RawLine::TooLong { bytes })) => {
                visitor.error(&at(Some(n)), &format!("line of {bytes} bytes is too long"));
            }
            Ok((n, RawLine::Text(bytes))) => {
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                match serde_json::from_slice::<Value>(&bytes) {
                    Ok(value) => handle_value(&at(Some(n)), value, visitor),
                    Err(e) => visitor.error(
                        &at(Some(n)),
                        &format!(
                            "not valid JSON (column {}): {}",
                            e.column(),
                            e.classify_name()
                        ),
                    ),
                }
            }
        }
    }
}

/// One JSON document over many lines: gathered whole (blank lines before it kept, so that
/// error line numbers stay the file's), then parsed.
fn read_document(
    head: Vec<u8>,
    first: &[u8],
    lines: LineReader<impl BufRead>,
    at: &dyn Fn(Option<usize>) -> Position,
    visitor: &mut dyn Visitor,
) {
    let mut text = head;
    text.extend_from_slice(first);
    text.push(b'\n');
    for line in lines {
        match line {
            Ok((_, RawLine::Text(bytes))) => {
                text.extend_from_slice(&bytes);
                text.push(b'\n');
            }
            Ok((n, RawLine::TooLong { bytes })) => {
                visitor.error(&at(Some(n)), &format!("line of {bytes} bytes is too long"));
                return;
            }
            Err(e) => {
                visitor.error(&at(None), &format!("cannot read: {e}"));
                return;
            }
        }
    }
    match serde_json::from_slice::<Value>(&text) {
        Ok(value) => handle_value(&at(None), value, visitor),
        Err(e) => visitor.error(
            &at(Some(e.line())),
            &format!(
                "not valid JSON (column {}): {}",
                e.column(),
                e.classify_name()
            ),
        ),
    }
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "read error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "unexpected end of input",
        }
    }
}

fn handle_value(position: &Position, value: Value, visitor: &mut dyn Visitor) {
    let is_bundle = value.get("resourceType").and_then(Value::as_str) == Some("Bundle");
    if !is_bundle {
        visitor.resource(position, value);
        return;
    }
    let Value::Object(mut bundle) = value else {
        return;
    };
    let entries = match bundle.remove("entry") {
        None => return,
        Some(Value::Array(entries)) => entries,
        Some(_) => {
            visitor.error(position, "Bundle 'entry' is not an array");
            return;
        }
    };
    for (i, entry) in entries.into_iter().enumerate() {
        let at = Position {
            entry: Some(i),
            ..position.clone()
        };
        match entry {
            Value::Object(mut e) => match e.remove("resource") {
                Some(resource) => handle_value(&at, resource, visitor),
                None => visitor.error(&at, "Bundle entry has no 'resource'"),
            },
            _ => visitor.error(&at, "Bundle entry is not an object"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect {
        resources: Vec<(String, String)>,
        errors: Vec<String>,
    }

    impl Visitor for Collect {
        fn resource(&mut self, position: &Position, resource: Value) {
            let kind = resource["resourceType"].as_str().unwrap_or("?").to_string();
            self.resources.push((position.to_string(), kind));
        }
        fn error(&mut self, position: &Position, message: &str) {
            self.errors.push(format!("{position}: {message}"));
        }
    }

    #[test]
    fn ndjson_lines_are_streamed_and_bad_lines_reported() {
        let input = b"{\"resourceType\":\"Patient\",\"id\":\"a\"}\n\n{oops\n{\"resourceType\":\"Observation\"}\n";
        let mut c = Collect::default();
        read("obs.ndjson", &input[..], &mut c);
        assert_eq!(
            c.resources,
            [
                ("obs.ndjson:1".into(), "Patient".into()),
                ("obs.ndjson:4".into(), "Observation".into())
            ]
        );
        assert_eq!(c.errors.len(), 1);
        assert!(
            c.errors[0].starts_with("obs.ndjson:3: not valid JSON"),
            "{:?}",
            c.errors
        );
    }

    #[test]
    fn pretty_bundles_are_expanded_with_entry_positions() {
        let input = b"{\n \"resourceType\": \"Bundle\",\n \"entry\": [\n {\"resource\": {\"resourceType\": \"Patient\"}},\n {\"fullUrl\": \"x\"}\n ]\n}\n";
        let mut c = Collect::default();
        read("b.json", &input[..], &mut c);
        assert_eq!(c.resources, [("b.json entry 0".into(), "Patient".into())]);
        assert_eq!(c.errors, ["b.json entry 1: Bundle entry has no 'resource'"]);
    }

    #[test]
    fn a_broken_document_names_its_line() {
        let input = b"{\n \"resourceType\": \"Bundle\",\n \"entry\": [\n";
        let mut c = Collect::default();
        read("b.json", &input[..], &mut c);
        assert!(c.resources.is_empty());
        assert!(c.errors[0].starts_with("b.json:"), "{:?}", c.errors);
    }
}
