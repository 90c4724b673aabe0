//! The descriptor counterfactuals: race/ethnicity, insurance, housing and language, from the
//! written lists of `descriptors.toml`. The case's own descriptor is read from `patient.<field>`
//! or from its text (a listed word or alias, whole word, any case; for race only right before a
//! patient noun, so "white blood cells" is not race), and each variant puts another listed
//! descriptor in every place it was stated. A case that states none gets the probe's fixed
//! sentence appended to its social history, one variant per descriptor, marked `inserted`; a
//! case that states two different descriptors is skipped (which one would change is unclear).

use regex::Regex;
use serde_json::{Map, Value};

use super::lists::{self, Absent, Descriptor, DescriptorList};
use super::text::{append_to_section, map_texts, texts};
use super::{Family, Variant};
use crate::cases::Case;

fn list_for(family: Family) -> Result<&'static DescriptorList, String> {
    let d = lists::descriptors()?;
    match family {
        Family::Race => Ok(&d.race),
        Family::Insurance => Ok(&d.insurance),
        Family::Housing => Ok(&d.housing),
        Family::Language => Ok(&d.language),
        other => Err(format!("{} is not a descriptor probe", other.name())),
    }
}

/// Every spelling of a descriptor, longest first (so "no health insurance" wins over "no").
fn spellings(value: &Descriptor) -> Vec<&str> {
    let mut all: Vec<&str> = std::iter::once(value.word.as_str())
        .chain(value.aliases.iter().map(String::as_str))
        .collect();
    all.sort_by_key(|s| std::cmp::Reverse(s.len()));
    all
}

/// The pattern of all spellings; group 1 is the descriptor, group 2 the patient noun after it
/// (required when the list has nouns).
fn pattern(list: &DescriptorList) -> Result<Regex, String> {
    let mut all: Vec<&str> = list.values.iter().flat_map(spellings).collect();
    all.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let words = all
        .iter()
        .map(|s| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|");
    let tail = if list.nouns.is_empty() {
        "()".to_string()
    } else {
        let nouns = list
            .nouns
            .iter()
            .map(|s| regex::escape(s))
            .collect::<Vec<_>>();
        format!(r"(\s+(?:{})\b)", nouns.join("|"))
    };
    Regex::new(&format!(r"(?i)\b({words})\b{tail}")).map_err(|e| e.to_string())
}

fn value_of<'a>(list: &'a DescriptorList, spelling: &str) -> Option<&'a Descriptor> {
    list.values.iter().find(|v| {
        spellings(v)
            .iter()
            .any(|s| s.eq_ignore_ascii_case(spelling.trim()))
    })
}

/// The descriptor the case states (field or text), `None` when it states none.
fn stated<'a>(
    list: &'a DescriptorList,
    re: &Regex,
    case: &Case,
) -> Result<Option<&'a Descriptor>, String> {
    let mut found: Vec<&Descriptor> = Vec::new();
    for key in &list.field {
        match case.patient.as_ref().and_then(|p| p.get(key)) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => found.push(
                value_of(list, s)
                    .ok_or_else(|| format!("patient.{key} is not in the probe's list"))?,
            ),
            Some(_) => return Err(format!("patient.{key} is not a string")),
        }
    }
    for text in texts(case) {
        for m in re.captures_iter(text) {
            found.extend(m.get(1).and_then(|g| value_of(list, g.as_str())));
        }
    }
    match found.first() {
        None => Ok(None),
        Some(first) if found.iter().all(|f| f.id == first.id) => Ok(Some(first)),
        Some(_) => Err("the case states more than one of the probe's descriptors".into()),
    }
}

fn variant(family: Family, to: &Descriptor, inserted: bool, case: Case) -> Variant {
    let mut params = Map::new();
    params.insert("to".into(), Value::String(to.id.clone()));
    Variant {
        family,
        id: format!("{}:{}", family.name(), to.id),
        params,
        inserted,
        group: Some(to.id.clone()),
        case,
    }
}

pub fn variants(family: Family, case: &Case) -> Result<Vec<Variant>, String> {
    let list = list_for(family)?;
    let re = pattern(list)?;
    let Some(from) = stated(list, &re, case)? else {
        if list.absent == Absent::Skip {
            return Err(format!("the case states no {}", family.name()));
        }
        return Ok(list
            .values
            .iter()
            .map(|to| {
                let mut out = case.clone();
                let sentence = list.sentence.replace("{word}", &to.word);
                append_to_section(&mut out, "social_history", &sentence);
                variant(family, to, true, out)
            })
            .collect());
    };
    Ok(list
        .values
        .iter()
        .filter(|to| to.id != from.id)
        .map(|to| {
            let mut out = map_texts(case, |text| {
                re.replace_all(text, |c: &regex::Captures| {
                    format!("{}{}", to.word, c.get(2).map_or("", |m| m.as_str()))
                })
                .into_owned()
            });
            if let Some(patient) = out.patient.as_mut() {
                for key in &list.field {
                    if let Some(Value::String(_)) = patient.get(key) {
                        patient.insert(key.clone(), Value::String(to.word.clone()));
                    }
                }
            }
            variant(family, to, false, out)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::{assert_only_words_changed, case};
    use super::*;
    use serde_json::json;

    #[test]
    fn a_stated_race_becomes_each_other_race_and_white_cells_stay() {
        let c = case(json!({"id": 1,
            "history": "A 40-year-old Black woman with fatigue. White blood cells 4.1.",
            "question": "Which of the following is the most likely diagnosis?"}));
        let v = variants(Family::Race, &c).expect("variants");
        let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["race:asian", "race:hispanic", "race:white"]);
        assert_eq!(
            v[2].case.sections[0].text,
            "A 40-year-old White woman with fatigue. White blood cells 4.1."
        );
        assert!(v.iter().all(|x| !x.inserted));
        assert_eq!(v[0].group.as_deref(), Some("asian"));
        assert_only_words_changed(
            &c.sections[0].text,
            &v[1].case.sections[0].text,
            &[("Black", "Hispanic")],
        );
        assert_eq!(v[0].case.question, c.question);
    }

    #[test]
    fn aliases_and_fields_are_read_and_rewritten() {
        let c = case(json!({"id": 2, "patient": {"race": "African American"},
            "history": "An African American male with cough."}));
        let v = variants(Family::Race, &c).expect("variants");
        assert_eq!(v[0].case.sections[0].text, "An Asian male with cough.");
        assert_eq!(
            v[0].case.patient.as_ref().expect("p")["race"],
            json!("Asian")
        );
        let odd = case(json!({"id": 3, "patient": {"race": "Martian"}}));
        assert_eq!(
            variants(Family::Race, &odd).unwrap_err(),
            "patient.race is not in the probe's list"
        );
        let two = case(json!({"id": 4, "history": "A White man; his Black patient."}));
        assert!(variants(Family::Race, &two).is_err());
    }

    #[test]
    fn an_absent_descriptor_is_inserted_and_said_so() {
        let c = case(json!({"id": 5, "history": "Cough.", "exam": "Clear lungs."}));
        let v = variants(Family::Insurance, &c).expect("variants");
        assert_eq!(v.len(), 4);
        assert!(v.iter().all(|x| x.inserted));
        let social = &v[1].case.sections[1];
        assert_eq!(
            (social.name.as_str(), social.text.as_str()),
            ("social_history", "The patient has Medicaid.")
        );
        assert_eq!(v[1].case.sections[0], c.sections[0]);
        assert_eq!(v[1].case.sections[2], c.sections[1]);
        let housed = case(json!({"id": 6, "social_history": "He is homeless."}));
        let v = variants(Family::Housing, &housed).expect("variants");
        assert_eq!(v[0].case.sections[0].text, "He is stably housed.");
        assert!(!v[0].inserted);
    }
}
