//! Names as the gatekeeper and the price table compare them: normalised words, and the synonym
//! table that ships with ddx (`synonyms.txt`, compiled in).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Words that say nothing about which finding is meant ("CBC results" is "CBC").
const FILLER: &[&str] = &[
    "exam",
    "examination",
    "examine",
    "test",
    "tests",
    "result",
    "results",
    "findings",
    "finding",
    "level",
    "levels",
    "panel",
    "study",
    "the",
    "of",
    "a",
    "an",
    "please",
    "check",
    "order",
    "and",
];

/// Lower case, a possessive "'s" dropped, anything but letters and digits a space, filler words
/// dropped.
pub fn words(text: &str) -> Vec<String> {
    let lowered: String = text
        .replace("'s", "")
        .replace("'S", "")
        .replace("\u{2019}s", "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    lowered
        .split_whitespace()
        .filter(|w| !FILLER.contains(w))
        .map(str::to_string)
        .collect()
}

/// [`words`] joined by single spaces.
pub fn normalise(text: &str) -> String {
    words(text).join(" ")
}

/// The synonym table: every normalised name to its group's canonical name.
pub struct Synonyms {
    canonical: HashMap<String, String>,
    /// Every name, longest (in words) first, for scanning free text.
    phrases: Vec<(Vec<String>, String)>,
}

impl Synonyms {
    /// The table that ships with ddx.
    pub fn shipped() -> &'static Synonyms {
        static TABLE: OnceLock<Synonyms> = OnceLock::new();
        TABLE.get_or_init(|| Synonyms::parse(include_str!("synonyms.txt")))
    }

    /// The diagnoses the scorer counts as the same (`diagnoses.txt`).
    pub fn diagnoses() -> &'static Synonyms {
        static TABLE: OnceLock<Synonyms> = OnceLock::new();
        TABLE.get_or_init(|| Synonyms::parse(include_str!("diagnoses.txt")))
    }

    /// Groups of ` | `-separated names, canonical first; `#` starts a comment.
    pub fn parse(text: &str) -> Synonyms {
        let mut canonical = HashMap::new();
        let mut phrases = Vec::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut names = line.split('|').map(normalise).filter(|n| !n.is_empty());
            let Some(head) = names.next() else { continue };
            for name in std::iter::once(head.clone()).chain(names) {
                if canonical.contains_key(&name) {
                    continue;
                }
                phrases.push((
                    name.split(' ').map(str::to_string).collect::<Vec<String>>(),
                    head.clone(),
                ));
                canonical.insert(name, head.clone());
            }
        }
        phrases.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        Synonyms { canonical, phrases }
    }

    /// The canonical name of a normalised name (itself when the table does not know it).
    pub fn canonical(&self, name: &str) -> String {
        self.canonical
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// The canonical names a free text mentions, matching the longest names first so that
    /// "past medical history" is not also "history".
    pub fn mentioned(&self, text: &str) -> Vec<String> {
        let words = words(text);
        let mut used = vec![false; words.len()];
        let mut found = Vec::new();
        for (phrase, head) in &self.phrases {
            let n = phrase.len();
            if n == 0 || n > words.len() {
                continue;
            }
            for start in 0..=words.len() - n {
                if used[start..start + n].iter().any(|u| *u) {
                    continue;
                }
                if words[start..start + n] == phrase[..] {
                    used[start..start + n].iter_mut().for_each(|u| *u = true);
                    if !found.contains(head) {
                        found.push(head.clone());
                    }
                }
            }
        }
        found
    }

    /// Every name of the table, for checks.
    pub fn len(&self) -> usize {
        self.canonical.len()
    }

    pub fn is_empty(&self) -> bool {
        self.canonical.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_punctuation_and_filler() {
        assert_eq!(normalise("Chest X-ray results"), "chest x ray");
        assert_eq!(normalise("  CBC  "), "cbc");
        assert_eq!(normalise("Neurological_Examination"), "neurological");
    }

    #[test]
    fn the_shipped_table_maps_common_names() {
        let s = Synonyms::shipped();
        assert!(s.len() > 150);
        assert_eq!(s.canonical("cbc"), "complete blood count");
        assert_eq!(s.canonical(&normalise("CXR")), "chest x ray");
        assert_eq!(s.canonical(&normalise("chest radiograph")), "chest x ray");
        assert_eq!(s.canonical(&normalise("EKG")), "electrocardiogram");
        assert_eq!(s.canonical("unknown thing"), "unknown thing");
    }

    #[test]
    fn no_name_belongs_to_two_groups() {
        let text = include_str!("synonyms.txt");
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("");
            let mut names: Vec<String> = line.split('|').map(normalise).collect();
            names.retain(|n| !n.is_empty());
            names.dedup();
            for name in names {
                if let Some(other) = seen.insert(name.clone(), i) {
                    assert_eq!(
                        other,
                        i,
                        "'{name}' is in two groups (lines {} and {})",
                        other + 1,
                        i + 1
                    );
                }
            }
        }
    }

    #[test]
    fn mentions_prefer_the_longest_name() {
        let s = Synonyms::shipped();
        assert_eq!(
            s.mentioned("Any past medical history?"),
            ["past medical history"]
        );
        let mut m = s.mentioned("Do you smoke, and what medications do you take?");
        m.sort();
        assert_eq!(m, ["medications", "social history"]);
    }
}
