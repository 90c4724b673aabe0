//! The differential of a structured answer, read defensively: while an answer streams its JSON
//! is unfinished, so the text is closed (open strings, arrays and objects) and cut back to the
//! last complete member until it parses. Anything unusable yields `None`, never an error.

use serde_json::Value;

/// One ranked diagnosis.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    pub name: String,
    /// 0..=1 (percentages are scaled down).
    pub likelihood: Option<f64>,
}

/// What the differential pane shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Differential {
    pub most_likely: Option<String>,
    /// Highest likelihood first.
    pub diagnoses: Vec<Diagnosis>,
    pub red_flags: Vec<String>,
    pub next_steps: Vec<String>,
}

/// Parse an answer (complete or partial) into a differential, when it has one.
pub fn parse(text: &str) -> Option<Differential> {
    let start = text.find('{')?;
    let value = parse_lenient(&text[start..])?;
    let object = value.as_object()?;
    let strings = |key: &str| -> Vec<String> {
        object
            .get(key)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|s| !s.trim().is_empty())
                    .map(ToString::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut diagnoses: Vec<Diagnosis> = object
        .get("differential")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| {
                    let name = item.get("diagnosis")?.as_str()?.trim();
                    if name.is_empty() {
                        return None;
                    }
                    let likelihood = item.get("likelihood").and_then(Value::as_f64).map(|l| {
                        if l > 1.0 {
                            (l / 100.0).min(1.0)
                        } else {
                            l.max(0.0)
                        }
                    });
                    Some(Diagnosis {
                        name: name.to_string(),
                        likelihood,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    diagnoses.sort_by(|a, b| {
        b.likelihood
            .unwrap_or(-1.0)
            .partial_cmp(&a.likelihood.unwrap_or(-1.0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let most_likely = object
        .get("most_likely")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(ToString::to_string);
    if most_likely.is_none() && diagnoses.is_empty() {
        return None;
    }
    Some(Differential {
        most_likely,
        diagnoses,
        red_flags: strings("red_flags"),
        next_steps: strings("next_steps"),
    })
}

/// Where a left-to-right scan of JSON text is with respect to strings.
#[derive(Default)]
struct StringState {
    in_string: bool,
    escaped: bool,
}

impl StringState {
    /// Advance over `c`; true when `c` is structure (outside every string, not a quote).
    fn structural(&mut self, c: char) -> bool {
        if self.in_string {
            match (self.escaped, c) {
                (true, _) => self.escaped = false,
                (false, '\\') => self.escaped = true,
                (false, '"') => self.in_string = false,
                _ => {}
            }
            return false;
        }
        if c == '"' {
            self.in_string = true;
            return false;
        }
        true
    }
}

/// Close what is open at the end of `text`: a string, then arrays and objects.
fn closers(text: &str) -> Option<String> {
    let mut stack = Vec::new();
    let mut strings = StringState::default();
    for c in text.chars() {
        if !strings.structural(c) {
            continue;
        }
        match c {
            '{' => stack.push('}'),
            '[' => stack.push(']'),
            '}' | ']' if stack.pop() != Some(c) => return None,
            _ => {}
        }
    }
    let mut out = String::new();
    if strings.in_string {
        if strings.escaped {
            return None;
        }
        out.push('"');
    }
    out.extend(stack.iter().rev());
    Some(out)
}

/// Byte offsets where the text may be cut: before each comma outside strings, and after each
/// opening bracket.
fn cut_points(text: &str) -> Vec<usize> {
    let mut strings = StringState::default();
    text.char_indices()
        .filter(|&(_, c)| strings.structural(c))
        .filter_map(|(i, c)| match c {
            ',' => Some(i),
            '{' | '[' => Some(i + 1),
            _ => None,
        })
        .collect()
}

fn try_close(prefix: &str) -> Option<Value> {
    let prefix = prefix.trim_end();
    let suffix = closers(prefix)?;
    serde_json::from_str(&format!("{prefix}{suffix}")).ok()
}

/// Parse JSON that may be cut anywhere.
pub fn parse_lenient(text: &str) -> Option<Value> {
    if let Ok(value) = serde_json::from_str::<Value>(text.trim()) {
        return Some(value);
    }
    // A complete object followed by other text (a code fence, a remark).
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    if let Some(Ok(value)) = stream.next() {
        return Some(value);
    }
    if let Some(value) = try_close(text) {
        return Some(value);
    }
    cut_points(text)
        .into_iter()
        .rev()
        .take(64)
        .find_map(|cut| try_close(&text[..cut]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"{"most_likely": "Meningococcal meningitis", "differential": [
        {"diagnosis": "Viral meningitis", "likelihood": 0.2, "supporting_findings": ["fever"], "against": []},
        {"diagnosis": "Meningococcal meningitis", "likelihood": 0.7, "supporting_findings": ["rash"], "against": []}],
        "key_findings": ["petechiae"], "red_flags": ["petechial rash"], "next_steps": ["blood cultures"]}"#;

    #[test]
    fn a_complete_answer_is_ranked() {
        let d = parse(FULL).expect("differential");
        assert_eq!(d.most_likely.as_deref(), Some("Meningococcal meningitis"));
        assert_eq!(d.diagnoses[0].name, "Meningococcal meningitis");
        assert_eq!(d.diagnoses[0].likelihood, Some(0.7));
        assert_eq!(d.red_flags, ["petechial rash"]);
        assert_eq!(d.next_steps, ["blood cultures"]);
    }

    #[test]
    fn every_prefix_of_a_streamed_answer_parses_or_is_none_without_panicking() {
        let mut seen_partial = false;
        for (i, _) in FULL.char_indices() {
            if let Some(d) = parse(&FULL[..i]) {
                if d.diagnoses.len() == 1 {
                    seen_partial = true;
                }
            }
        }
        assert!(
            seen_partial,
            "a half-streamed differential shows its first diagnosis"
        );
    }

    #[test]
    fn a_cut_string_is_closed() {
        let d = parse(r#"{"most_likely": "Acute myocardial infar"#).expect("partial");
        assert_eq!(d.most_likely.as_deref(), Some("Acute myocardial infar"));
    }

    #[test]
    fn percentages_and_fences_are_tolerated() {
        let d =
            parse("```json\n{\"differential\": [{\"diagnosis\": \"X\", \"likelihood\": 65}]}\n```")
                .expect("fenced");
        assert_eq!(d.diagnoses[0].likelihood, Some(0.65));
    }

    #[test]
    fn prose_and_other_shapes_are_none() {
        assert!(parse("The most likely diagnosis is an MI.").is_none());
        assert!(parse(r#"{"answer": "A"}"#).is_none());
        assert!(parse("{\"differential\": [{\"diagnosis\": 5}]}").is_none());
        assert!(parse("}{][").is_none());
    }
}
