//! What `ddx eval` reads: every line of the case file, mapped (`--map`), with its gold answer
//! (from the reviews first, with `--gold`); a line that cannot be evaluated becomes an error
//! entry `{id, line, kind, message}`.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use anyhow::Context as _;
use serde_json::{json, Value};

use super::Options;
use crate::answers::extract;
use crate::cases::field_map::{self, FieldMap};
use crate::cases::{AnswerOption, Case};
use crate::cases::{LineParser, LineReader, Parsed, RawLine};
use crate::session::annotations::{load_gold, ReviewedGold};

/// A case with its input line and its gold answer as text.
pub type GoldCase = (usize, Case, String);

/// A line that could not be evaluated.
pub fn error_entry(id: Option<&Value>, line: usize, kind: &str, message: &str) -> Value {
    json!({"id": id.cloned().unwrap_or(Value::Null), "line": line, "kind": kind, "message": message})
}

/// The label of the option the gold answer names, or the error entry saying it names none.
pub fn gold_label(
    gold: &str,
    options: &[AnswerOption],
    id: &Value,
    line: usize,
) -> Result<String, Value> {
    extract::gold_option(gold, options)
        .map(|o| o.label.clone())
        .ok_or_else(|| {
            error_entry(
                Some(id),
                line,
                "gold_not_an_option",
                "the gold 'answer' matches no option label or text",
            )
        })
}

/// Reviews by case id, as gold answers.
pub type Reviews = std::collections::BTreeMap<String, ReviewedGold>;

/// Put a case's reviewed gold answer in place of the file's; `Err` when a review says the
/// model's answer is wrong, gives no other and the file has none.
fn apply_review(case: &mut Case, reviews: &Reviews) -> Result<bool, &'static str> {
    let Some(review) = reviews.get(&crate::cases::id_key(&case.id)) else {
        return Ok(false);
    };
    match review.answer() {
        Some(answer) => {
            case.answer = Some(Value::String(answer.to_string()));
            Ok(true)
        }
        None if case.answer.is_some() => Ok(false),
        None => Err(
            "a reviewer marked the model's answer wrong without giving the right one, \
                     and the case has no gold 'answer'",
        ),
    }
}

/// Read every line, apply the mappings, keep cases that carry a gold answer (from the reviews
/// first, when given). Also says how many gold answers came from the reviews.
pub fn load_cases(
    args: &Options,
    maps: &[FieldMap],
    reviews: Option<&Reviews>,
) -> anyhow::Result<(Vec<GoldCase>, Vec<Value>, usize)> {
    let file = File::open(&args.input)
        .with_context(|| format!("cannot open input file '{}'", args.input.display()))?;
    let mut parser = LineParser::default();
    let (mut cases, mut errors, mut reviewed) = (Vec::new(), Vec::new(), 0);
    for line in LineReader::new(BufReader::new(file), args.max_line_bytes) {
        let (number, raw) =
            line.with_context(|| format!("cannot read '{}'", args.input.display()))?;
        let raw = match raw {
            RawLine::Text(bytes) => match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(mut obj)) => {
                    field_map::apply(&mut obj, maps, number);
                    RawLine::Text(serde_json::to_vec(&obj)?)
                }
                _ => RawLine::Text(bytes),
            },
            other => other,
        };
        match parser.parse(&raw, args.max_line_bytes) {
            Parsed::Blank => {}
            Parsed::Error { id, error, .. } => {
                errors.push(error_entry(id.as_ref(), number, error.kind, &error.message));
            }
            Parsed::Case(mut case) => match reviews.map(|r| apply_review(&mut case, r)) {
                Some(Err(message)) => {
                    errors.push(error_entry(
                        Some(&case.id),
                        number,
                        "reviewed_wrong",
                        message,
                    ));
                }
                Some(Ok(used)) => {
                    reviewed += usize::from(used);
                    push_gold(&mut cases, &mut errors, number, *case);
                }
                None => push_gold(&mut cases, &mut errors, number, *case),
            },
        }
    }
    Ok((cases, errors, reviewed))
}

/// Keep a case with a gold answer; list one without.
fn push_gold(cases: &mut Vec<GoldCase>, errors: &mut Vec<Value>, number: usize, case: Case) {
    match case.answer.as_ref().and_then(extract::gold_text) {
        Some(gold) => cases.push((number, case, gold)),
        None => errors.push(error_entry(
            Some(&case.id),
            number,
            "missing_answer",
            "the case has no gold 'answer' (map one with --map answer=FIELD)",
        )),
    }
}

/// The reviews of `--gold`, by case id (unreadable lines are skipped, with a note).
pub fn read_reviews(path: &Path) -> anyhow::Result<Reviews> {
    let (reviews, bad) = load_gold(path)?;
    if bad > 0 {
        crate::note!("{bad} unreadable line(s) of '{}' skipped", path.display());
    }
    Ok(reviews)
}
