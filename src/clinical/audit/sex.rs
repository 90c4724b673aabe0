//! The sex counterfactual: every gendered word of the case swapped to the other sex (pronouns,
//! the nouns of `descriptors.toml`), and `patient.sex`/`patient.gender` made to agree, written
//! in the case's own format (`F` ↔ `M`, `female` ↔ `male`). Swapping both ways keeps a case
//! consistent where it speaks of the spouse too ("his wife says she" → "her husband says he").
//!
//! The ambiguous pronouns follow one written rule, by the next token: `her` becomes `him` when
//! it ends a clause (punctuation or the end of the text follows) or a function word follows
//! ("told her that", "gave her the"), else `his` ("her chest"); `his` becomes `hers` by the same
//! test ("the choice was his.") else `her`. Known limit: a bare noun after a two-object verb
//! reads as possessive ("gave her aspirin" → "gave his aspirin"). Abbreviations are never
//! touched (MR, MS, HE, HER2: see `text::is_protected`). The case states its sex by the patient
//! field or else by the majority of its gendered words; a case that states none is skipped.

use serde_json::{Map, Value};

use super::text::{is_protected, keep_case, map_texts, replace_words, texts, words, Word};
use super::{lists, Family, Variant};
use crate::cases::Case;

/// Words after which `her`/`his` stand alone (object or possessive pronoun).
const CLAUSE_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "an",
    "and",
    "as",
    "at",
    "back",
    "because",
    "before",
    "but",
    "by",
    "down",
    "for",
    "from",
    "home",
    "if",
    "in",
    "into",
    "now",
    "of",
    "off",
    "on",
    "or",
    "out",
    "over",
    "since",
    "so",
    "some",
    "than",
    "that",
    "the",
    "then",
    "this",
    "through",
    "to",
    "today",
    "under",
    "until",
    "up",
    "was",
    "when",
    "while",
    "with",
    "yesterday",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sex {
    Male,
    Female,
}

/// Whether the word at `i` stands alone: punctuation (not a space or hyphen) or the end of the
/// text follows it, or a function word does.
fn stands_alone(text: &str, i: usize, list: &[Word]) -> bool {
    let after = &text[list[i].end..];
    match after.trim_start().chars().next() {
        None => true,
        Some(c) if !c.is_ascii_alphanumeric() && c != '-' => true,
        _ => list
            .get(i + 1)
            .is_some_and(|next| CLAUSE_WORDS.contains(&next.text.to_ascii_lowercase().as_str())),
    }
}

/// The other-sex form of one word, if it is gendered.
fn swap_word(pairs: &[(String, String)], text: &str, i: usize, list: &[Word]) -> Option<String> {
    let word = &list[i];
    if is_protected(text, word) {
        return None;
    }
    let lower = word.text.to_ascii_lowercase();
    let new = match lower.as_str() {
        "her" if stands_alone(text, i, list) => "him".to_string(),
        "her" => "his".to_string(),
        "his" if stands_alone(text, i, list) => "hers".to_string(),
        "his" => "her".to_string(),
        "him" => "her".to_string(),
        "hers" => "his".to_string(),
        _ => pairs
            .iter()
            .find_map(|(a, b)| (*a == lower).then(|| b.clone()))?,
    };
    Some(keep_case(word.text, &new))
}

/// (word, other-sex word) both ways, plus the female-only titles.
fn swap_table() -> Result<Vec<(String, String)>, String> {
    let list = &lists::descriptors()?.sex;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for [m, f] in &list.pairs {
        pairs.push((m.clone(), f.clone()));
        pairs.push((f.clone(), m.clone()));
    }
    pairs.extend(list.female_only.iter().map(|[f, m]| (f.clone(), m.clone())));
    Ok(pairs)
}

fn field_sex(patient: &Map<String, Value>) -> Result<Option<(&'static str, Sex)>, String> {
    for key in ["sex", "gender"] {
        match patient.get(key) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => {
                return match s.trim().to_ascii_lowercase().as_str() {
                    "m" | "male" | "man" => Ok(Some((key, Sex::Male))),
                    "f" | "female" | "woman" => Ok(Some((key, Sex::Female))),
                    _ => Err(format!("patient.{key} is neither male nor female")),
                };
            }
            Some(_) => return Err(format!("patient.{key} is not a string")),
        }
    }
    Ok(None)
}

fn text_sex(case: &Case, list: &lists::SexList) -> Option<Sex> {
    let male_word = |w: &str| matches!(w, "him" | "his") || list.pairs.iter().any(|[m, _]| m == w);
    let female_word = |w: &str| {
        matches!(w, "her" | "hers")
            || list.pairs.iter().any(|[_, f]| f == w)
            || list.female_only.iter().any(|[f, _]| f == w)
    };
    let (mut male, mut female) = (0usize, 0usize);
    for text in texts(case) {
        for word in words(text) {
            if is_protected(text, &word) {
                continue;
            }
            let lower = word.text.to_ascii_lowercase();
            male += usize::from(male_word(&lower));
            female += usize::from(female_word(&lower));
        }
    }
    match male.cmp(&female) {
        std::cmp::Ordering::Greater => Some(Sex::Male),
        std::cmp::Ordering::Less => Some(Sex::Female),
        std::cmp::Ordering::Equal => None,
    }
}

/// `value` turned to `to`, in its own format (one letter or a word, its case kept).
fn rewrite_field(value: &str, to: Sex) -> String {
    let word = match (value.trim().len(), to) {
        (1, Sex::Male) => "m",
        (1, Sex::Female) => "f",
        (_, Sex::Male) if value.trim().eq_ignore_ascii_case("woman") => "man",
        (_, Sex::Female) if value.trim().eq_ignore_ascii_case("man") => "woman",
        (_, Sex::Male) => "male",
        (_, Sex::Female) => "female",
    };
    keep_case(value.trim(), word)
}

pub fn variants(case: &Case) -> Result<Vec<Variant>, String> {
    let field = match &case.patient {
        Some(patient) => field_sex(patient)?,
        None => None,
    };
    let list = &lists::descriptors()?.sex;
    let from = field
        .map(|(_, s)| s)
        .or_else(|| text_sex(case, list))
        .ok_or_else(|| "the case states no sex".to_string())?;
    let to = if from == Sex::Male {
        Sex::Female
    } else {
        Sex::Male
    };
    let pairs = swap_table()?;
    let mut out = map_texts(case, |text| {
        replace_words(text, |t, i, list| swap_word(&pairs, t, i, list))
    });
    if let (Some((key, _)), Some(patient)) = (field, out.patient.as_mut()) {
        if let Some(Value::String(s)) = patient.get(key) {
            let new = rewrite_field(s, to);
            patient.insert(key.to_string(), Value::String(new));
        }
    }
    let name = if to == Sex::Male { "male" } else { "female" };
    let mut params = Map::new();
    params.insert("to".into(), Value::String(name.into()));
    Ok(vec![Variant {
        family: Family::Sex,
        id: format!("sex:{name}"),
        params,
        inserted: false,
        group: Some(name.to_string()),
        case: out,
    }])
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::{assert_only_words_changed, case};
    use super::*;
    use serde_json::json;

    fn swap(text: &str) -> String {
        let pairs = swap_table().expect("lists");
        replace_words(text, |t, i, list| swap_word(&pairs, t, i, list))
    }

    const HE: &str = "He says his knee hurts when he kneels; the pain wakes him. He treats \
                      himself with ice, and the choice is his.";
    const SHE: &str = "She says her knee hurts when she kneels; the pain wakes her. She treats \
                       herself with ice, and the choice is hers.";

    #[test]
    fn pronouns_agree_both_ways() {
        assert_eq!(swap(HE), SHE);
        assert_eq!(swap(SHE), HE);
    }

    #[test]
    fn her_follows_the_written_rule() {
        assert_eq!(swap("Her chest hurts."), "His chest hurts.");
        assert_eq!(swap("We examined her."), "We examined him.");
        assert_eq!(
            swap("We told her that it was benign"),
            "We told him that it was benign"
        );
        assert_eq!(swap("gave her the results"), "gave him the results");
        assert_eq!(swap("saw her, then left"), "saw him, then left");
        // The documented limit: a bare noun after a two-object verb reads as possessive.
        assert_eq!(swap("gave her aspirin"), "gave his aspirin");
    }

    #[test]
    fn nouns_titles_and_abbreviations() {
        assert_eq!(
            swap("A 54-year-old man; Mr Lee's wife says he has MR and MS."),
            "A 54-year-old woman; Ms Lee's husband says she has MR and MS."
        );
        assert_eq!(
            swap("Mrs Lee, a lady, HER2 positive"),
            "Mr Lee, a gentleman, HER2 positive"
        );
        // Relatives other than the spouse keep their sex: their history is clinical.
        assert_eq!(
            swap("His mother had breast cancer."),
            "Her mother had breast cancer."
        );
    }

    #[test]
    fn the_case_changes_only_in_its_gendered_words_and_sex_field() {
        let c = case(json!({"id": "c1", "patient": {"age": 61, "sex": "M"},
            "history": "A 61-year-old man with chest pain. He says his father died at 50.\n\nHe smokes.",
            "question": "What is his most likely diagnosis?",
            "options": {"A": "MI", "B": "His anxiety"}, "answer": "A"}));
        let v = variants(&c).expect("variant");
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].id.as_str(), v[0].group.as_deref()),
            ("sex:female", Some("female"))
        );
        let out = &v[0].case;
        assert_eq!(out.patient.as_ref().expect("patient")["sex"], json!("F"));
        assert_eq!(out.patient.as_ref().expect("patient")["age"], json!(61));
        let allowed = [
            ("man", "woman"),
            ("He", "She"),
            ("his", "her"),
            ("His", "Her"),
        ];
        for (before, after) in texts(&c).into_iter().zip(texts(out)) {
            assert_only_words_changed(before, after, &allowed);
        }
        assert_eq!(
            (&out.id, &out.answer, &out.timeline),
            (&c.id, &c.answer, &c.timeline)
        );
        // And back again.
        let back = variants(out).expect("back");
        assert_eq!(back[0].case, c);
    }

    #[test]
    fn sex_comes_from_the_field_or_the_pronouns_or_the_case_is_skipped() {
        let by_text = case(json!({"id": 1, "history": "She has a cough; her sister too."}));
        assert_eq!(variants(&by_text).expect("v")[0].id, "sex:male");
        let word_field =
            case(json!({"id": 2, "patient": {"gender": "Female"}, "history": "Cough."}));
        let v = variants(&word_field).expect("v");
        assert_eq!(
            v[0].case.patient.as_ref().expect("p")["gender"],
            json!("Male")
        );
        let none = case(json!({"id": 3, "history": "Cough for two weeks."}));
        assert_eq!(variants(&none).unwrap_err(), "the case states no sex");
        let other = case(json!({"id": 4, "patient": {"sex": "intersex"}}));
        assert_eq!(
            variants(&other).unwrap_err(),
            "patient.sex is neither male nor female"
        );
    }
}
