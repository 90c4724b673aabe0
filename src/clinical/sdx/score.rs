//! A final diagnosis against the gold: the same name after normalisation and the shipped table of
//! equivalent diagnoses (`diagnoses.txt`: "Addison's disease" is "primary adrenal insufficiency"), one of
//! the case's aliases, or the gold's words all in the answer ("generalised myasthenia gravis"
//! for "myasthenia gravis"). Never the other way round: "cancer" is not "lung cancer".

use super::names::{normalise, words, Synonyms};

/// How a diagnosis matched the gold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    Exact,
    Alias,
    Contains,
    None,
}

impl Match {
    pub fn correct(self) -> bool {
        self != Match::None
    }
}

fn same(a: &str, b: &str) -> bool {
    let s = Synonyms::diagnoses();
    let (a, b) = (normalise(a), normalise(b));
    !a.is_empty() && (a == b || s.canonical(&a) == s.canonical(&b))
}

fn contains(answer: &str, gold: &str) -> bool {
    let (answer, gold) = (words(answer), words(gold));
    !gold.is_empty() && gold.iter().all(|w| answer.contains(w))
}

/// Compare a diagnosis with the gold and its aliases.
pub fn against(diagnosis: &str, gold: &str, aliases: &[String]) -> Match {
    if same(diagnosis, gold) {
        Match::Exact
    } else if aliases.iter().any(|a| same(diagnosis, a)) {
        Match::Alias
    } else if contains(diagnosis, gold) || aliases.iter().any(|a| contains(diagnosis, a)) {
        Match::Contains
    } else {
        Match::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_by_name_alias_and_containment_only_one_way() {
        let aliases = vec!["Erb-Goldflam disease".to_string()];
        assert_eq!(
            against("Myasthenia Gravis.", "Myasthenia gravis", &aliases),
            Match::Exact
        );
        assert_eq!(
            against("Erb Goldflam disease", "Myasthenia gravis", &aliases),
            Match::Alias
        );
        // The shipped table of equivalent diagnoses, possessives and abbreviations included.
        assert_eq!(against("MG", "Myasthenia gravis", &[]), Match::Exact);
        assert_eq!(
            against("Addison's disease", "Primary adrenal insufficiency", &[]),
            Match::Exact
        );
        assert_eq!(
            against("Graves’ disease", "Graves disease", &[]),
            Match::Exact
        );
        assert_eq!(against("heart attack", "STEMI", &[]), Match::None);
        assert_eq!(
            against(
                "Generalised myasthenia gravis",
                "Myasthenia gravis",
                &aliases
            ),
            Match::Contains
        );
        assert_eq!(
            against("Myasthenia", "Myasthenia gravis", &aliases),
            Match::None
        );
        assert_eq!(against("", "Myasthenia gravis", &aliases), Match::None);
    }
}
