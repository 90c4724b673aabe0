//! The judge: a model grades a final diagnosis against the gold on a written 5-point rubric, as
//! SDBench does (arXiv 2506.22405); a score of 4 or 5 counts correct. Like SDBench's judge it sees
//! the case's opening, the final diagnosis, the differential and the gold; only the final
//! diagnosis is graded. The rubric, the prompt and the answer's schema live here so that results
//! can record exactly what the judge was shown, and [`read`] refuses any reply that is not a
//! score with its reason: a judge that fails is an error, never a silent fallback to names.

use serde_json::{json, Value};

/// The rubric the judge applies.
pub const RUBRIC: &str = "Score how well the candidate's final diagnosis matches the reference diagnosis:\n\
5 = the same diagnosis (synonyms and spelling variants included);\n\
4 = the same disease, with a minor difference in specificity, subtype or cause that would not change management;\n\
3 = closely related but a different diagnosis, or too general to act on;\n\
2 = the same organ system or category, but a different disease;\n\
1 = unrelated, or no diagnosis.\n\
A candidate that hedges between diagnoses (\"A or B\", \"A vs B\", \"rule out A\"), or negates one (\"not A\"), is not one final diagnosis: score it 3 at most. \
The differential is context only: grade the final diagnosis.\n\
Scores of 4 and 5 count as correct.";

/// The lowest score that counts correct.
pub const CORRECT_FROM: u64 = 4;

/// What the judge is shown about one encounter.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    /// The case's opening, as the solver first saw it.
    pub opening: &'a str,
    pub diagnosis: &'a str,
    pub differential: &'a [String],
    pub gold: &'a str,
}

/// The judge's system and user messages for one diagnosis.
pub fn messages(shown: &Shown) -> [String; 2] {
    let differential = if shown.differential.is_empty() {
        "(none given)".to_string()
    } else {
        shown.differential.join("; ")
    };
    [
        format!("You grade diagnoses against a reference. {RUBRIC}\nReply with JSON: {{\"score\": 1-5, \"reason\": \"...\"}}."),
        format!(
            "Case: {}\nReference diagnosis: {}\nCandidate's final diagnosis: {}\nCandidate's differential: {differential}\nScore (JSON):",
            shown.opening, shown.gold, shown.diagnosis
        ),
    ]
}

/// The schema of the judge's answer.
pub fn schema() -> Value {
    json!({"type": "object",
        "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5},
            "reason": {"type": "string", "maxLength": 200}},
        "required": ["score", "reason"], "additionalProperties": false})
}

/// Why a judge's reply cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadReply {
    #[error("the judge's reply is not JSON")]
    NotJson,
    #[error("the judge's reply has no score from 1 to 5")]
    NoScore,
    #[error("the judge's reply has no reason")]
    NoReason,
}

/// The score and reason of a judge's reply.
pub fn read(reply: &str) -> Result<(u64, String), BadReply> {
    let value: Value = serde_json::from_str(reply.trim()).map_err(|_| BadReply::NotJson)?;
    let score = value
        .get("score")
        .and_then(Value::as_u64)
        .filter(|s| (1..=5).contains(s))
        .ok_or(BadReply::NoScore)?;
    let reason = value
        .get("reason")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or(BadReply::NoReason)?;
    Ok((score, reason.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_score_with_its_reason_and_refuses_anything_else() {
        assert_eq!(
            read(r#"{"score": 4, "reason": "subtype"}"#),
            Ok((4, "subtype".to_string()))
        );
        assert_eq!(
            read(r#"{"score": 9, "reason": "x"}"#),
            Err(BadReply::NoScore)
        );
        assert_eq!(
            read(r#"{"score": 5, "reason": " "}"#),
            Err(BadReply::NoReason)
        );
        assert_eq!(read(r#"{"score": 5}"#), Err(BadReply::NoReason));
        assert_eq!(read("five"), Err(BadReply::NotJson));
        assert_eq!(read(""), Err(BadReply::NotJson));
    }

    #[test]
    fn the_judge_sees_the_opening_diagnosis_differential_and_gold() {
        let differential = vec!["Lambert-Eaton syndrome".to_string()];
        let m = messages(&Shown {
            opening: "35-year-old woman with double vision",
            diagnosis: "MG",
            differential: &differential,
            gold: "Myasthenia gravis",
        });
        assert!(m[0].contains("4 = the same disease") && m[0].contains("hedges"));
        assert!(m[1].contains("Case: 35-year-old woman with double vision"));
        assert!(m[1].contains("Reference diagnosis: Myasthenia gravis"));
        assert!(m[1].contains("final diagnosis: MG"));
        assert!(m[1].contains("differential: Lambert-Eaton syndrome"));
    }
}
