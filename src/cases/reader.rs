//! Reading JSONL input: lines of bounded size, each parsed into a case or a typed error.
//!
//! A line longer than the limit is never held in memory: its bytes are counted and skipped.
//! Every error names the line and, where there is one, the field; none quotes the line's text.

use std::collections::HashSet;
use std::io::{BufRead, ErrorKind};

use serde_json::{Map, Value};

use crate::cases::{id_key, parse_id, Case, CaseError};

/// One physical input line.
#[derive(Debug, PartialEq, Eq)]
pub enum RawLine {
    Text(Vec<u8>),
    TooLong { bytes: usize },
}

/// Reads `\n`-terminated lines (a final line without a newline counts too), `\r\n` tolerated.
#[derive(Debug)]
pub struct LineReader<R> {
    inner: R,
    line_number: usize,
    max_bytes: usize,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(inner: R, max_bytes: usize) -> Self {
        Self {
            inner,
            line_number: 0,
            max_bytes,
        }
    }
}

impl<R: BufRead> Iterator for LineReader<R> {
    type Item = std::io::Result<(usize, RawLine)>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut line = Vec::new();
        let mut total = 0usize;
        let mut seen_any = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if buf.is_empty() {
                if !seen_any {
                    return None;
                }
                break;
            }
            seen_any = true;
            let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            total += chunk.len();
            if total <= self.max_bytes {
                line.extend_from_slice(chunk);
            } else if !line.is_empty() {
                line = Vec::new();
            }
            let consumed = done.unwrap_or(chunk.len());
            self.inner.consume(consumed);
            if done.is_some() {
                break;
            }
        }
        self.line_number += 1;
        if line.last() == Some(&b'\r') && total <= self.max_bytes {
            line.pop();
            total -= 1;
        }
        if total > self.max_bytes {
            return Some(Ok((self.line_number, RawLine::TooLong { bytes: total })));
        }
        Some(Ok((self.line_number, RawLine::Text(line))))
    }
}

/// A line after parsing.
#[derive(Debug)]
pub enum Parsed {
    /// Empty or whitespace only: skipped and counted.
    Blank,
    Case(Box<Case>),
    /// Not usable; `id` is given when the record had a valid one.
    Error {
        id: Option<Value>,
        meta: Option<Value>,
        error: CaseError,
    },
}

/// Parses lines and tracks ids already seen in this input.
#[derive(Debug, Default)]
pub struct LineParser {
    seen: HashSet<String>,
}

/// A line's JSON object: `Ok(None)` for a blank line, a typed error for a line that is too long,
/// not UTF-8, not JSON or not an object (never quoting the line).
pub fn decode_object(
    raw: &RawLine,
    max_bytes: usize,
) -> Result<Option<Map<String, Value>>, CaseError> {
    let bytes = match raw {
        RawLine::TooLong { bytes } => {
            return Err(CaseError::new(
                "line_too_long",
                None,
                format!(
                    "the line has {bytes} bytes, over the limit of {max_bytes} (--max-line-bytes)"
                ),
            ))
        }
        RawLine::Text(bytes) => bytes,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        CaseError::new(
            "invalid_utf8",
            None,
            format!(
                "the line is not valid UTF-8 (bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        CaseError::new(
            "invalid_json",
            None,
            format!(
                "the line is not valid JSON: {} at column {}",
                json_error_kind(&e),
                e.column()
            ),
        )
    })?;
    match value {
        Value::Object(obj) => Ok(Some(obj)),
        other => Err(CaseError::new(
            "not_object",
            None,
            format!(
                "the line is {}, not a JSON object",
                crate::cases::json_type(&other)
            ),
        )),
    }
}

impl LineParser {
    pub fn parse(&mut self, raw: &RawLine, max_bytes: usize) -> Parsed {
        let obj = match decode_object(raw, max_bytes) {
            Ok(Some(obj)) => obj,
            Ok(None) => return Parsed::Blank,
            Err(error) => {
                return Parsed::Error {
                    id: None,
                    meta: None,
                    error,
                }
            }
        };
        self.parse_object(&obj)
    }

    /// Note an id as seen; false when it already appeared in this input.
    pub fn claim(&mut self, id: &Value) -> bool {
        self.seen.insert(id_key(id))
    }

    /// Parse a decoded line: its id (unique in this input), then the case.
    pub fn parse_object(&mut self, obj: &Map<String, Value>) -> Parsed {
        let meta = obj.get("meta").filter(|m| !m.is_null()).cloned();
        let id = match parse_id(obj) {
            Ok(id) => id,
            Err(error) => {
                return Parsed::Error {
                    id: None,
                    meta,
                    error,
                }
            }
        };
        if !self.seen.insert(id_key(&id)) {
            return Parsed::Error {
                id: Some(id),
                meta,
                error: CaseError::new(
                    "duplicate_id",
                    Some("id"),
                    "this id already appeared earlier in the input",
                ),
            };
        }
        match Case::from_object(obj) {
            Ok(case) => Parsed::Case(Box::new(case)),
            Err(error) => Parsed::Error {
                id: Some(id),
                meta,
                error,
            },
        }
    }
}

/// serde_json's error text without its "at line 1 column N" tail (the column is given apart).
fn json_error_kind(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<(usize, RawLine)> {
        LineReader::new(input, max)
            .map(|r| r.expect("io"))
            .collect()
    }

    #[test]
    fn splits_lines_and_keeps_a_final_unterminated_one() {
        let got = lines(b"a\r\n\nbc", 10);
        assert_eq!(
            got,
            vec![
                (1, RawLine::Text(b"a".to_vec())),
                (2, RawLine::Text(Vec::new())),
                (3, RawLine::Text(b"bc".to_vec()))
            ]
        );
    }

    #[test]
    fn long_lines_are_counted_not_kept() {
        let mut input = vec![b'x'; 100];
        input.extend_from_slice(b"\nok\n");
        let reader = std::io::BufReader::with_capacity(8, &input[..]);
        let got: Vec<_> = LineReader::new(reader, 10)
            .map(|r| r.expect("io"))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, RawLine::TooLong { bytes: 100 }),
                (2, RawLine::Text(b"ok".to_vec()))
            ]
        );
    }

    fn kind(parser: &mut LineParser, line: &[u8]) -> &'static str {
        match parser.parse(&RawLine::Text(line.to_vec()), 100) {
            Parsed::Blank => "blank",
            Parsed::Case(_) => "case",
            Parsed::Error { error, .. } => error.kind,
        }
    }

    #[test]
    fn every_bad_line_has_its_own_kind() {
        let mut p = LineParser::default();
        assert_eq!(kind(&mut p, b"   "), "blank");
        assert_eq!(kind(&mut p, b"{\"id\":1,\"prompt\":\"x\"}"), "case");
        assert_eq!(kind(&mut p, b"{\"id\":1,\"prompt\":\"y\"}"), "duplicate_id");
        assert_eq!(kind(&mut p, b"{oops"), "invalid_json");
        assert_eq!(kind(&mut p, b"\xff\xfe"), "invalid_utf8");
        assert_eq!(kind(&mut p, b"[1,2]"), "not_object");
        assert_eq!(kind(&mut p, b"{\"prompt\":\"x\"}"), "missing_id");
        assert_eq!(kind(&mut p, b"{\"id\":true}"), "invalid_id");
        assert_eq!(kind(&mut p, b"{\"id\":2,\"options\":\"A\"}"), "wrong_type");
    }

    #[test]
    fn json_errors_do_not_quote_the_line() {
        let mut p = LineParser::default();
        let Parsed::Error { error, .. } = p.parse(
            &RawLine::Text(b"{\"id\": 1, \"prompt\": SECRET}".to_vec()),
            100,
        ) else {
            panic!("expected an error")
        };
        assert!(!error.message.contains("SECRET"), "{}", error.message);
        assert!(error.message.contains("column"), "{}", error.message);
    }
}
