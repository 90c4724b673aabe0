//! A final diagnosis against the gold, as a clinician compares names (issue 28):
//! - names are folded ([`super::fold`]: case, accents, possessives, punctuation, British spellings,
//!   roman numerals after "type"), and word order does not matter ("lymphoma, non-Hodgkin");
//!   nothing else is dropped, so letters, numbers and words such as "non" stay significant;
//! - the shipped table of equivalent diagnoses (`diagnoses.txt`) maps a name to its group
//!   ("Addison's disease" is "primary adrenal insufficiency"); a table name is never cut by a
//!   modifier unless its group says so ("acute myeloid leukemia" is not "myeloid leukemia");
//! - a harmless modifier of the written list (`modifiers.txt`: "acute", left/right/bilateral,
//!   "generalised", a lobe) may be added or dropped, but two sides of one group never match;
//! - a hedge or negation ("vs", "or", "rule out", "r/o", "not", "no", "possible", "suspected",
//!   "unlikely", "excluded", "?", ...) that the gold does not hold makes the answer wrong: the final
//!   diagnosis is one diagnosis;
//! - a gold of several conditions ("Prediabetes; Anemia (disorder)") is scored per condition, and
//!   SNOMED semantic tags ("(disorder)", "(finding)") are ignored; the verdict names the condition
//!   that matched. A case's aliases are further golds.
//!
//! There is no containment: "cancer" is not "lung cancer", and "pulmonary hypertension" is not
//! "hypertension". The labelled pairs of `tests/fixtures/sdx/scoring-pairs.jsonl` check these rules.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::fold::diagnosis_words;

/// How a diagnosis matched the gold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    /// The same name, or names of one group of the equivalence table.
    Exact,
    /// One of the case's aliases.
    Alias,
    /// The same once harmless modifiers are dropped.
    Modifier,
    None,
}

impl Match {
    pub fn correct(self) -> bool {
        self != Match::None
    }
}

/// A diagnosis scored against the gold.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verdict {
    pub matched: Match,
    /// The gold condition (or alias) that matched.
    pub condition: Option<String>,
    /// The hedge or negation that kept the diagnosis from counting (`None` when there is none).
    pub hedge: Option<String>,
}

/// Words that hedge or negate a diagnosis: an answer holding one the gold does not hold is wrong.
const HEDGES: &[&str] = &[
    "not",
    "no",
    "vs",
    "versus",
    "v",
    "or",
    "possible",
    "possibly",
    "probable",
    "probably",
    "likely",
    "unlikely",
    "suspected",
    "suspect",
    "suspicion",
    "excluded",
    "exclude",
    "excluding",
    "ruled",
    "rule",
    "query",
    "questionable",
    "presumed",
    "presumptive",
    "differential",
    "either",
    "consider",
    "maybe",
];

/// SNOMED CT semantic tags, ignored at the end of a name.
const SEMANTIC_TAGS: &[&str] = &[
    "disorder",
    "finding",
    "situation",
    "clinical finding",
    "disease",
    "morphologic abnormality",
    "observable entity",
    "event",
    "procedure",
    "qualifier value",
];

/// A group of the equivalence table: its first name, and whether modifiers may be cut from its
/// names (a line starting with "~").
struct Group {
    canonical: String,
    cuttable: bool,
}

/// The equivalence table: folded names (sorted words) to their group.
fn table() -> &'static HashMap<String, Group> {
    static TABLE: OnceLock<HashMap<String, Group>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for line in include_str!("diagnoses.txt").lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let (line, cuttable) = match line.strip_prefix('~') {
                Some(rest) => (rest, true),
                None => (line, false),
            };
            let mut names = line
                .split('|')
                .map(diagnosis_words)
                .filter(|w| !w.is_empty());
            let Some(head) = names.next() else { continue };
            let canonical = head.join(" ");
            for name in std::iter::once(head).chain(names) {
                map.entry(sorted(&name)).or_insert_with(|| Group {
                    canonical: canonical.clone(),
                    cuttable,
                });
            }
        }
        map
    })
}

/// A name's key: its group's (`=name`) when the table knows it, else its sorted words.
fn key(words: &[String]) -> String {
    let sorted = sorted(words);
    table()
        .get(&sorted)
        .map_or(sorted, |g| format!("={}", g.canonical))
}

/// One alternative of the modifier list: its words, its group and its place in the group.
type Modifier = (Vec<String>, usize, usize);

/// The modifier list, longest alternatives first.
fn modifiers() -> &'static Vec<Modifier> {
    static LIST: OnceLock<Vec<Modifier>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut list = Vec::new();
        let groups = include_str!("modifiers.txt")
            .lines()
            .map(|l| l.split('#').next().unwrap_or(""))
            .filter(|l| !l.trim().is_empty());
        for (group, line) in groups.enumerate() {
            for (alt, name) in line.split('|').enumerate() {
                let words = diagnosis_words(name);
                if !words.is_empty() {
                    list.push((words, group, alt));
                }
            }
        }
        list.sort_by_key(|(w, _, _)| std::cmp::Reverse(w.len()));
        list
    })
}

fn sorted(words: &[String]) -> String {
    let mut w = words.to_vec();
    w.sort();
    w.join(" ")
}

/// One name reduced for comparison: its keys, each with the modifiers cut to reach it.
#[derive(Debug)]
struct Form {
    keys: Vec<(String, Vec<(usize, usize)>)>,
}

impl Form {
    fn of(text: &str) -> Option<Form> {
        let words = diagnosis_words(text);
        let mut keys = Vec::new();
        if let Some(group) = table().get(&sorted(&words)) {
            keys.push((format!("={}", group.canonical), Vec::new()));
            if !group.cuttable {
                return Some(Form { keys });
            }
        }
        let (rest, cut) = cut_modifiers(&words);
        if !rest.is_empty() {
            keys.push((key(&rest), cut));
        }
        (!keys.is_empty()).then_some(Form { keys })
    }

    /// The same diagnosis, and whether that took dropping a modifier (the closest pair first).
    fn matches(&self, gold: &Form) -> Option<bool> {
        let mut found = None;
        for (key, cut) in &self.keys {
            for (gold_key, gold_cut) in &gold.keys {
                let clash = cut.iter().any(|(g, a)| {
                    gold_cut
                        .iter()
                        .any(|(gold_g, gold_a)| g == gold_g && a != gold_a)
                });
                if key == gold_key && !clash {
                    let modified = !cut.is_empty() || !gold_cut.is_empty();
                    if !modified {
                        return Some(false);
                    }
                    found = Some(true);
                }
            }
        }
        found
    }
}

/// The words without the listed modifiers, and which were cut.
fn cut_modifiers(words: &[String]) -> (Vec<String>, Vec<(usize, usize)>) {
    let mut keep = vec![true; words.len()];
    let mut cut = Vec::new();
    for (phrase, group, alt) in modifiers() {
        let n = phrase.len();
        for start in 0..words.len().saturating_sub(n - 1) {
            if keep[start..start + n].iter().all(|k| *k) && words[start..start + n] == phrase[..] {
                keep[start..start + n].iter_mut().for_each(|k| *k = false);
                cut.push((*group, *alt));
            }
        }
    }
    let rest = words
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(w, _)| w.clone())
        .collect();
    (rest, cut)
}

/// A name without its trailing SNOMED semantic tags.
fn without_tags(name: &str) -> &str {
    let mut name = name.trim();
    while let Some(open) = name.strip_suffix(')').and_then(|n| n.rfind('(')) {
        let tag = name[open + 1..name.len() - 1].trim().to_lowercase();
        if !SEMANTIC_TAGS.contains(&tag.as_str()) {
            break;
        }
        name = name[..open].trim_end();
    }
    name
}

/// The text outside brackets and each bracketed part ("BPPV" of "Benign ... vertigo (BPPV)").
fn bracketed(name: &str) -> (String, Vec<String>) {
    let (mut outside, mut inside, mut depth) = (String::new(), Vec::new(), 0usize);
    for c in name.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                if depth == 1 {
                    inside.push(String::new());
                }
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => inside.last_mut().into_iter().for_each(|s| s.push(c)),
            _ => outside.push(c),
        }
    }
    (outside, inside)
}

/// The hedges and negations of an answer that the gold does not hold.
fn hedge(answer: &str, gold: &str) -> Option<String> {
    if answer.contains('?') && !gold.contains('?') {
        return Some("?".into());
    }
    let (words, gold) = (diagnosis_words(answer), diagnosis_words(gold));
    if words.windows(2).any(|w| w[0] == "r" && w[1] == "o") {
        return Some("r/o".into());
    }
    words
        .iter()
        .find(|w| HEDGES.contains(&w.as_str()) && !gold.contains(w))
        .cloned()
}

/// The forms a gold condition is known by: the whole, the text outside brackets, each bracket.
fn gold_forms(condition: &str) -> Vec<Form> {
    let (outside, inside) = bracketed(condition);
    std::iter::once(condition.to_string())
        .chain(std::iter::once(outside))
        .chain(inside)
        .filter_map(|t| Form::of(&t))
        .collect()
}

/// Score a diagnosis against the gold (conditions separated by ";") and the case's aliases.
pub fn verdict(diagnosis: &str, gold: &str, aliases: &[String]) -> Verdict {
    let answer = without_tags(diagnosis);
    let answer_forms: Vec<Form> = [answer.to_string(), bracketed(answer).0]
        .iter()
        .filter_map(|t| Form::of(t))
        .collect();
    let conditions = gold
        .split([';', '\n'])
        .map(without_tags)
        .filter(|c| !c.is_empty())
        .map(|c| (c, false))
        .chain(aliases.iter().map(|a| (without_tags(a), true)));
    let mut hedged = None;
    for (condition, alias) in conditions {
        if let Some(h) = hedge(answer, condition) {
            hedged.get_or_insert(h);
            continue;
        }
        for gold_form in gold_forms(condition) {
            let modified = answer_forms.iter().find_map(|a| a.matches(&gold_form));
            if let Some(modified) = modified {
                let matched = match (alias, modified) {
                    (true, _) => Match::Alias,
                    (false, true) => Match::Modifier,
                    (false, false) => Match::Exact,
                };
                return Verdict {
                    matched,
                    condition: Some(condition.to_string()),
                    hedge: None,
                };
            }
        }
    }
    Verdict {
        matched: Match::None,
        condition: None,
        hedge: hedged,
    }
}

/// How a diagnosis compares with the gold and its aliases ([`verdict`]'s match).
pub fn against(diagnosis: &str, gold: &str, aliases: &[String]) -> Match {
    verdict(diagnosis, gold, aliases).matched
}

#[cfg(test)]
mod tests;
