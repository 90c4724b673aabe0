//! An encounter must never start with the answer in view. This module knows every name of a
//! case's gold diagnosis ([`GoldNames`]: the gold, its aliases, each without a trailing
//! `(disorder)`-style tag, and their equivalents in the shipped diagnosis table) and whether a
//! text names one of them, so that a case record's reason for the visit or an entry that names
//! the gold is kept out of the opening ([`super::record`]) and a hand-written opening that names
//! it is refused ([`refuse_named`]) with the case's field, never its text.

use super::case::CaseError;
use super::names::{words, Synonyms};

/// Every name of a gold diagnosis, as normalised words.
#[derive(Debug, Clone)]
pub struct GoldNames {
    /// The gold and its aliases (and each without its trailing parenthesis), as word lists.
    phrases: Vec<Vec<String>>,
    /// Their canonical names in the diagnosis table, where the table knows them.
    canonical: Vec<String>,
}

impl GoldNames {
    /// The names of `diagnosis` (several golds may be joined by `;`) and its `aliases`.
    pub fn new(diagnosis: &str, aliases: &[String]) -> GoldNames {
        let table = Synonyms::diagnoses();
        let mut phrases: Vec<Vec<String>> = Vec::new();
        let mut canonical = Vec::new();
        let names = diagnosis
            .split(';')
            .chain(aliases.iter().map(String::as_str));
        for name in names {
            for variant in [name, without_tag(name)] {
                let found = words(variant);
                if found.is_empty() || phrases.contains(&found) {
                    continue;
                }
                // Only a name the table knows has a canonical name that `mentioned` returns.
                canonical.push(table.canonical(&found.join(" ")));
                phrases.push(found);
            }
        }
        GoldNames { phrases, canonical }
    }

    /// Whether `text` names the gold: one of its names as whole words (after normalisation), or
    /// a name the diagnosis table counts as the same. The table's names of one or two letters
    /// ("PE", "MG") are not looked for in free text, where they are mostly something else.
    pub fn named_in(&self, text: &str) -> bool {
        let found = words(text);
        if self
            .phrases
            .iter()
            .any(|p| found.windows(p.len()).any(|w| w == p.as_slice()))
        {
            return true;
        }
        let long: Vec<String> = found.into_iter().filter(|w| w.len() > 2).collect();
        let mentioned = Synonyms::diagnoses().mentioned(&long.join(" "));
        self.canonical.iter().any(|c| mentioned.contains(c))
    }
}

/// `Viral sinusitis (disorder)` -> `Viral sinusitis`: a terminology's tag (or a status) is not
/// part of the name.
pub fn without_tag(name: &str) -> &str {
    let trimmed = name.trim();
    match trimmed.rsplit_once(" (") {
        Some((head, rest)) if rest.ends_with(')') && !head.trim().is_empty() => head.trim(),
        _ => trimmed,
    }
}

/// Refuse a case whose opening names its gold: the first `(field, text)` that does is named in
/// the error (the field only; the text may be patient text).
pub fn refuse_named(names: &GoldNames, fields: &[(&str, &str)]) -> Result<(), CaseError> {
    match fields.iter().find(|(_, text)| names.named_in(text)) {
        Some((field, _)) => Err(CaseError::Leak((*field).to_string())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_gold_by_its_words_its_tagless_name_aliases_and_the_table() {
        let gold = GoldNames::new("Viral sinusitis (disorder)", &[]);
        assert!(gold.named_in("Encounter for symptom (AMB); reason: Viral sinusitis (disorder)"));
        assert!(gold.named_in("known VIRAL-sinusitis, worse"));
        assert!(!gold.named_in("Encounter for symptom (AMB)"));
        assert!(
            !gold.named_in("sinusitis"),
            "a broader name is not the gold"
        );
        let addison = GoldNames::new("Primary adrenal insufficiency", &[]);
        assert!(addison.named_in("42-year-old woman with Addison's disease"));
        assert!(!addison.named_in("42-year-old woman, tired and dizzy"));
        let mg = GoldNames::new("Myasthenia gravis", &["Erb-Goldflam disease".into()]);
        assert!(mg.named_in("Erb Goldflam disease suspected"));
        assert!(
            !mg.named_in("Takes aspirin 75 mg daily"),
            "a two-letter abbreviation of the table is not looked for"
        );
        let two = GoldNames::new("Hypertension; Heart failure", &[]);
        assert!(two.named_in("Follow-up of heart failure"));
    }

    #[test]
    fn a_named_gold_is_refused_with_the_field_only() {
        let gold = GoldNames::new("Graves disease", &["Graves' disease".into()]);
        let err = refuse_named(
            &gold,
            &[
                ("Demographics", "30-year-old woman"),
                ("opening", "Graves' disease, palpitations"),
            ],
        )
        .unwrap_err();
        assert_eq!(err, CaseError::Leak("opening".into()));
        let message = err.to_string();
        assert!(message.contains("'opening'") && !message.contains("palpitations"));
        assert!(refuse_named(&gold, &[("opening", "Palpitations")]).is_ok());
    }

    #[test]
    fn every_kind_of_case_is_refused_when_its_opening_names_the_gold() {
        use super::super::SeqCase;
        use serde_json::json;
        let ddx = json!({"id": "g-1", "opening": "Woman with Graves disease and palpitations.",
            "diagnosis": "Graves disease"});
        assert_eq!(
            SeqCase::from_value(&ddx, 1),
            Err(CaseError::Leak("opening".into()))
        );
        let alias = json!({"id": "g-2", "opening": "Known Basedow's disease, palpitations.",
            "diagnosis": "Thyrotoxicosis", "aliases": ["Basedow disease"]});
        assert_eq!(
            SeqCase::from_value(&alias, 1),
            Err(CaseError::Leak("opening".into()))
        );
        let osce = |demographics: &str, symptom: &str| {
            json!({"OSCE_Examination": {"Objective_for_Doctor": "Assess the patient.",
                "Patient_Actor": {"Demographics": demographics,
                    "Symptoms": {"Primary_Symptom": symptom}},
                "Correct_Diagnosis": "Myasthenia gravis"}})
        };
        assert_eq!(
            SeqCase::from_value(&osce("35-year-old woman", "Myasthenia gravis flare"), 1),
            Err(CaseError::Leak(
                "Patient_Actor.Symptoms.Primary_Symptom".into()
            ))
        );
        assert_eq!(
            SeqCase::from_value(
                &osce("35-year-old woman with myasthenia gravis", "Ptosis"),
                1
            ),
            Err(CaseError::Leak("Patient_Actor.Demographics".into()))
        );
        assert!(SeqCase::from_value(&osce("35-year-old woman", "Double vision"), 1).is_ok());
    }
}
