//! The judge: a model grades a final diagnosis against the gold on a written 5-point rubric, as
//! SDBench does; a score of 4 or 5 counts correct. The rubric, the prompt and the answer's schema
//! live here so that results can record exactly what the judge was shown.

use serde_json::{json, Value};

/// The rubric the judge applies.
pub const RUBRIC: &str = "Score how well the candidate diagnosis matches the reference diagnosis:\n\
5 = the same diagnosis (synonyms and spelling variants included);\n\
4 = the same disease, with a minor difference in specificity, subtype or cause that would not change management;\n\
3 = closely related but a different diagnosis, or too general to act on;\n\
2 = the same organ system or category, but a different disease;\n\
1 = unrelated, or no diagnosis.\n\
Scores of 4 and 5 count as correct.";

/// The lowest score that counts correct.
pub const CORRECT_FROM: u64 = 4;

/// The judge's system and user messages for one diagnosis.
pub fn messages(candidate: &str, reference: &str) -> [String; 2] {
    [
        format!("You grade diagnoses against a reference. {RUBRIC}\nReply with JSON: {{\"score\": 1-5, \"reason\": \"...\"}}."),
        format!("Reference diagnosis: {reference}\nCandidate diagnosis: {candidate}\nScore (JSON):"),
    ]
}

/// The schema of the judge's answer.
pub fn schema() -> Value {
    json!({"type": "object",
        "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5},
            "reason": {"type": "string", "maxLength": 200}},
        "required": ["score", "reason"], "additionalProperties": false})
}

/// The score of a judge's answer, when it holds one from 1 to 5.
pub fn score(reply: &str) -> Option<u64> {
    serde_json::from_str::<Value>(reply.trim())
        .ok()?
        .get("score")
        .and_then(Value::as_u64)
        .filter(|s| (1..=5).contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_score_and_refuses_what_is_out_of_range() {
        assert_eq!(score(r#"{"score": 4, "reason": "subtype"}"#), Some(4));
        assert_eq!(score(r#"{"score": 9, "reason": ""}"#), None);
        assert_eq!(score("five"), None);
        let m = messages("MG", "Myasthenia gravis");
        assert!(m[0].contains("4 = the same disease"));
        assert!(m[1].contains("Reference diagnosis: Myasthenia gravis"));
    }
}
