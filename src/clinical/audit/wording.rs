//! The wording and distractor probes (`wording.toml`). `wording`: the question's instruction
//! (its ending, case ignored) found in a written group of instructions that ask the same thing,
//! and replaced by each other member (`wording:N` is member N of its group); the rest of the
//! question is kept byte for byte. `distractor`: a normal laboratory sentence appended to the
//! labs section (created if absent), one variant per written sentence, leaving out a sentence
//! whose analyte the case already names (its own value wins); a case that names every analyte,
//! or whose question is not in the list, is skipped.

use serde_json::{Map, Value};

use super::lists;
use super::text::{append_to_section, texts};
use super::{Family, Variant};
use crate::cases::Case;

/// Where `question` ends with `instruction` (ASCII case ignored): the byte where it starts.
fn ends_with_instruction(question: &str, instruction: &str) -> Option<usize> {
    let trimmed = question.trim_end();
    let start = trimmed.len().checked_sub(instruction.len())?;
    let tail = trimmed.get(start..)?;
    tail.eq_ignore_ascii_case(instruction).then_some(start)
}

pub fn wording_variants(case: &Case) -> Result<Vec<Variant>, String> {
    let list = lists::wording()?;
    let question = case.question.as_deref().ok_or("the case has no question")?;
    let found = list
        .instructions
        .iter()
        .enumerate()
        .find_map(|(g, members)| {
            members.iter().enumerate().find_map(|(m, text)| {
                ends_with_instruction(question, text).map(|start| (g, m, start, text.len()))
            })
        });
    let (group, member, start, len) =
        found.ok_or("the question's instruction is not in the probe's list")?;
    Ok(list.instructions[group]
        .iter()
        .enumerate()
        .filter(|(m, _)| *m != member)
        .map(|(m, text)| {
            let mut out = case.clone();
            out.question = Some(format!(
                "{}{}{}",
                &question[..start],
                text,
                &question[start + len..]
            ));
            let mut params = Map::new();
            params.insert("group".into(), Value::from(group));
            params.insert("member".into(), Value::from(m));
            params.insert("original_member".into(), Value::from(member));
            Variant {
                family: Family::Wording,
                id: format!("wording:{m}"),
                params,
                inserted: false,
                group: None,
                case: out,
            }
        })
        .collect())
}

pub fn distractor_variants(case: &Case) -> Result<Vec<Variant>, String> {
    let list = lists::wording()?;
    let all_text = texts(case).join("\n").to_ascii_lowercase();
    let out: Vec<Variant> = list
        .distractors
        .iter()
        .filter(|d| !all_text.contains(&d.analyte.to_ascii_lowercase()))
        .map(|d| {
            let mut changed = case.clone();
            append_to_section(&mut changed, "labs", &d.sentence);
            let mut params = Map::new();
            params.insert("analyte".into(), Value::String(d.analyte.clone()));
            Variant {
                family: Family::Distractor,
                id: format!("distractor:{}", d.id),
                params,
                inserted: true,
                group: None,
                case: changed,
            }
        })
        .collect();
    if out.is_empty() {
        return Err("the case already names every distractor's analyte".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::case;
    use super::*;
    use serde_json::json;

    #[test]
    fn the_instruction_is_rephrased_and_the_stem_kept() {
        let c = case(json!({"id": 1, "question":
            "A 30-year-old has a cough.  what is the most likely diagnosis?\n"}));
        let v = wording_variants(&c).expect("variants");
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].id, "wording:0");
        assert_eq!(
            v[0].case.question.as_deref(),
            Some("A 30-year-old has a cough.  Which of the following is the most likely diagnosis?\n")
        );
        assert_eq!(v[0].params["original_member"], json!(1));
        let other = case(json!({"id": 2, "question": "Explain the findings."}));
        assert_eq!(
            wording_variants(&other).unwrap_err(),
            "the question's instruction is not in the probe's list"
        );
    }

    #[test]
    fn distractors_add_a_normal_lab_unless_the_case_has_it() {
        let c = case(json!({"id": 3, "labs": "Sodium 128 mEq/L.", "history": "Confusion."}));
        let v = distractor_variants(&c).expect("variants");
        let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(
            ids,
            ["distractor:normal-potassium", "distractor:normal-chloride"]
        );
        let labs = v[0]
            .case
            .sections
            .iter()
            .find(|s| s.name == "labs")
            .expect("labs");
        assert_eq!(
            labs.text,
            "Sodium 128 mEq/L. Serum potassium is 4.2 mEq/L (reference 3.5-5.0)."
        );
        assert!(labs.text.starts_with(&c.sections[1].text));
        let all = case(json!({"id": 4, "labs": "Na 140, potassium 4, chloride 100, sodium ok"}));
        assert!(distractor_variants(&all).is_err());
    }
}
