//! The age counterfactual: the patient's age moved by each written offset when it stays inside
//! the same clinical band (`descriptors.toml`: adult bands only; a child's exact age is
//! clinical). The age is read from `patient.age` and from the text's "54-year-old",
//! "54 years old", "54 yo" and "aged 54"; every place that states it is changed, nothing else.
//! A case stating no age, two different ages, or an age outside the bands is skipped.

use regex::Regex;
use serde_json::{Map, Value};

use super::lists;
use super::text::{map_texts, texts};
use super::{Family, Variant};
use crate::cases::Case;

/// Group 1 is the number in each of the text's ways of stating an age.
const AGE_PATTERN: &str = r"(?i)\b(\d{1,3})(?:(?:\s*-\s*|\s+)(?:year|yr)s?(?:\s*-\s*|\s+)old|\s*(?:yo|y/o)\b)|\baged\s+(\d{1,3})\b";

fn field_age(patient: Option<&Map<String, Value>>) -> Result<Option<u32>, String> {
    match patient.and_then(|p| p.get("age")) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|a| u32::try_from(a).ok())
            .map(Some)
            .ok_or_else(|| "patient.age is not a whole number of years".to_string()),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| "patient.age is not a whole number of years".to_string()),
        Some(_) => Err("patient.age is not a number".to_string()),
    }
}

fn number<'t>(c: &regex::Captures<'t>) -> Option<regex::Match<'t>> {
    c.get(1).or_else(|| c.get(2))
}

pub fn variants(case: &Case) -> Result<Vec<Variant>, String> {
    let list = &lists::descriptors()?.age;
    let re = Regex::new(AGE_PATTERN).map_err(|e| e.to_string())?;
    let mut ages: Vec<u32> = field_age(case.patient.as_ref())?.into_iter().collect();
    for text in texts(case) {
        for c in re.captures_iter(text) {
            ages.extend(number(&c).and_then(|m| m.as_str().parse::<u32>().ok()));
        }
    }
    let age = *ages.first().ok_or("the case states no age")?;
    if ages.iter().any(|a| *a != age) {
        return Err("the case states more than one age".into());
    }
    let band = list
        .bands
        .iter()
        .find(|[lo, hi]| (*lo..=*hi).contains(&age))
        .ok_or("the age is outside the probe's adult bands")?;
    let mut out = Vec::new();
    for offset in &list.offsets {
        let Some(new) = age
            .checked_add_signed(*offset)
            .filter(|a| (band[0]..=band[1]).contains(a))
        else {
            continue;
        };
        let mut changed = map_texts(case, |text| {
            re.replace_all(text, |c: &regex::Captures| {
                let whole = c.get(0).map_or("", |m| m.as_str());
                let Some(m) = number(c) else {
                    return whole.to_string();
                };
                let at = m.start() - c.get(0).map_or(0, |w| w.start());
                format!("{}{new}{}", &whole[..at], &whole[at + m.len()..])
            })
            .into_owned()
        });
        if let Some(patient) = changed.patient.as_mut() {
            match patient.get("age") {
                Some(Value::Number(_)) => {
                    patient.insert("age".into(), Value::from(new));
                }
                Some(Value::String(_)) => {
                    patient.insert("age".into(), Value::String(new.to_string()));
                }
                _ => {}
            }
        }
        let name = format!("{offset:+}");
        let mut params = Map::new();
        params.insert("offset".into(), Value::from(*offset));
        params.insert("band".into(), Value::from(band.to_vec()));
        out.push(Variant {
            family: Family::Age,
            id: format!("age:{name}"),
            params,
            inserted: false,
            group: Some(name),
            case: changed,
        });
    }
    if out.is_empty() {
        return Err("no offset keeps the age inside its band".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::case;
    use super::*;
    use serde_json::json;

    #[test]
    fn the_age_moves_within_its_band_everywhere_it_is_stated() {
        let c = case(json!({"id": 1, "patient": {"age": 54, "sex": "F"},
            "history": "A 54-year-old woman, aged 54, on 54 mg of drug X for 3 years.",
            "question": "This 54 yo woman has which diagnosis?"}));
        let v = variants(&c).expect("variants");
        let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["age:-5", "age:+5"]);
        assert_eq!(
            v[1].case.sections[0].text,
            "A 59-year-old woman, aged 59, on 54 mg of drug X for 3 years."
        );
        assert_eq!(
            v[1].case.question.as_deref(),
            Some("This 59 yo woman has which diagnosis?")
        );
        assert_eq!(v[0].case.patient.as_ref().expect("p")["age"], json!(49));
        assert_eq!(v[0].params["band"], json!([40, 64]));
        // Nothing else changed: the only differing bytes are the ages' last digits (54 → 59).
        let (a, b) = (
            c.sections[0].text.as_bytes(),
            v[1].case.sections[0].text.as_bytes(),
        );
        assert_eq!(a.len(), b.len());
        let differ: Vec<usize> = (0..a.len()).filter(|i| a[*i] != b[*i]).collect();
        assert_eq!(differ, [3, 27]);
    }

    #[test]
    fn band_edges_children_and_conflicts() {
        let edge = case(json!({"id": 2, "history": "A 62 year old man."}));
        let v = variants(&edge).expect("variants");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].case.sections[0].text, "A 57 year old man.");
        let child = case(json!({"id": 3, "history": "A 6-year-old boy."}));
        assert_eq!(
            variants(&child).unwrap_err(),
            "the age is outside the probe's adult bands"
        );
        let none = case(json!({"id": 4, "history": "An elderly man."}));
        assert_eq!(variants(&none).unwrap_err(), "the case states no age");
        let two = case(json!({"id": 5, "patient": {"age": 40}, "history": "A 45-year-old man."}));
        assert_eq!(
            variants(&two).unwrap_err(),
            "the case states more than one age"
        );
    }
}
