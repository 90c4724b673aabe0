//! Questions answered from the case's own sentences: the sentences of the opening and of the
//! history that hold what the question names (a symptom, sign, exposure, medication, family
//! member), as the case words them, negations included ("Denies fever." answers "Do you have
//! fever?"), and nothing else of their section. A question that names no such thing but names a
//! history section ("Any past medical history?", "What medications do you take?") is told that
//! section; anything else gets the neutral answer.
//!
//! The question's content words (those left after [`STOP`] and the names of history sections)
//! are cut into phrases where a stop word stood ("chest pain or fever": "chest pain", "fever"); a
//! sentence answers the question when it holds every word of one phrase, compared by [`stem`]
//! ("smoke" is "smokes" and "smoking").

use super::super::case::{Kind, SeqCase};
use super::super::names::{normalise, words, Synonyms};

/// Words of a question that name nothing a sentence could answer.
const STOP: &[&str] = &[
    "do",
    "does",
    "did",
    "you",
    "your",
    "yours",
    "have",
    "has",
    "had",
    "having",
    "any",
    "anything",
    "ever",
    "been",
    "being",
    "be",
    "is",
    "are",
    "was",
    "were",
    "am",
    "what",
    "which",
    "when",
    "how",
    "why",
    "who",
    "whom",
    "where",
    "there",
    "about",
    "tell",
    "me",
    "with",
    "for",
    "to",
    "in",
    "on",
    "at",
    "or",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "get",
    "got",
    "getting",
    "feel",
    "feeling",
    "felt",
    "notice",
    "noticed",
    "experience",
    "experienced",
    "experiencing",
    "suffer",
    "suffered",
    "suffering",
    "from",
    "problem",
    "problems",
    "issue",
    "issues",
    "other",
    "else",
    "recent",
    "recently",
    "lately",
    "can",
    "could",
    "would",
    "should",
    "will",
    "i",
    "my",
    "we",
    "us",
    "since",
    "yes",
    "no",
    "not",
    "like",
    "much",
    "many",
    "often",
    "some",
    "current",
    "currently",
    "take",
    "taking",
    "use",
    "using",
    "know",
    "known",
    "describe",
    "more",
    "else",
    "sir",
    "madam",
    "ok",
    "okay",
    "so",
    "also",
    "patient",
    "today",
    "now",
    "before",
    "past",
    "history",
    "medical",
    "social",
    "family",
    "medication",
    "medications",
    "meds",
    "medicines",
    "drugs",
    "allergy",
    "allergies",
    "allergic",
    "symptom",
    "symptoms",
    "complaint",
    "complaints",
    "condition",
    "conditions",
    "illness",
    "illnesses",
    "previous",
    "review",
    "systems",
    "any",
    "kind",
    "sort",
    "type",
    "well",
    "family",
    "members",
    "relatives",
    "life",
    "lifestyle",
];

/// The history sections a question may name as a whole.
const SECTIONS: &[&str] = &[
    "history of present illness",
    "symptoms",
    "past medical history",
    "social history",
    "family history",
    "medications",
    "allergies",
    "review of systems",
];

/// A word without its common endings: "smoking", "smokes" and "smoke" are all "smok".
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    for suffix in ["ing", "ed", "es", "s"] {
        if w.len() >= suffix.len() + 3 && w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
            break;
        }
    }
    if w.len() >= 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

/// A text cut into sentences: at `;`, `!`, `?`, a line break, or a full stop followed by a
/// space or the end ("38.9 C" stays whole).
pub fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        current.push(c);
        let stop = matches!(c, ';' | '!' | '?' | '\n')
            || (c == '.' && chars.get(i + 1).is_none_or(|n| n.is_whitespace()));
        if stop {
            push_sentence(&mut out, &current);
            current.clear();
        }
    }
    push_sentence(&mut out, &current);
    out
}

fn push_sentence(out: &mut Vec<String>, text: &str) {
    let t = text.trim().trim_end_matches(';').trim();
    if !words(t).is_empty() {
        out.push(t.to_string());
    }
}

/// The question's phrases: runs of content words, stemmed.
fn phrases(question: &str) -> Vec<Vec<String>> {
    let lowered = question.to_lowercase().replace(['\'', '\u{2019}'], " ");
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut run = Vec::new();
    for token in lowered.split(|c: char| !c.is_alphanumeric()) {
        if token.is_empty() {
            continue;
        }
        if STOP.contains(&token) || words(token).is_empty() {
            if !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
        } else {
            run.push(stem(token));
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

fn holds_phrase(sentence: &str, phrase: &[String]) -> bool {
    let stems: Vec<String> = words(sentence).iter().map(|w| stem(w)).collect();
    phrase.iter().all(|p| stems.contains(p))
}

/// Social-history topics a question and a sentence may word differently ("Do you drink
/// alcohol?" and "Denies alcohol use.", "What is your job?" and "Works as a nurse."), as stems.
const TOPIC_GROUPS: &[&[&str]] = &[
    &["alcohol", "drink", "beer", "wine", "spirit", "etoh"],
    &["smok", "cigarette", "tobacco", "cigar", "vap"],
    &["job", "occupation", "work", "employ", "employed"],
];

/// A sentence answers a phrase that names a topic when it holds any word of that topic.
fn holds_topic(sentence: &str, phrase: &[String]) -> bool {
    let stems: Vec<String> = words(sentence).iter().map(|w| stem(w)).collect();
    TOPIC_GROUPS.iter().any(|group| {
        let group: Vec<String> = group.iter().map(|g| stem(g)).collect();
        phrase.iter().any(|p| group.contains(p)) && stems.iter().any(|w| group.contains(w))
    })
}

/// What a question is told: the findings it drew on, and the lines of the answer.
pub struct Told {
    /// Findings told whole.
    pub findings: Vec<usize>,
    /// Findings told in part (some of their sentences).
    pub partly: Vec<usize>,
    pub lines: Vec<String>,
}

/// Answer `question` from the case's opening and history.
pub fn answer(case: &SeqCase, question: &str) -> Told {
    let phrases = phrases(question);
    let mut told = Told {
        findings: Vec::new(),
        partly: Vec::new(),
        lines: Vec::new(),
    };
    let matching = |text: &str| -> Vec<String> {
        sentences(text)
            .into_iter()
            .filter(|s| {
                phrases
                    .iter()
                    .any(|p| holds_phrase(s, p) || holds_topic(s, p))
            })
            .collect()
    };
    let opening = matching(&case.opening);
    if !opening.is_empty() {
        told.lines.push(format!("Opening: {}", opening.join(" ")));
    }
    for (i, f) in case.findings.iter().enumerate() {
        if f.kind != Kind::History {
            continue;
        }
        let said = matching(&f.text);
        if !said.is_empty() {
            if said.len() == sentences(&f.text).len() {
                told.findings.push(i);
            } else {
                told.partly.push(i);
            }
            told.lines.push(format!("{}: {}", f.name(), said.join(" ")));
        }
    }
    if told.lines.is_empty() {
        sections(case, question, &mut told);
    }
    told
}

/// Words the synonym table gives the social history that name one topic of it, not the
/// section: a question about drinking that no sentence answers is not told the whole social
/// history (travel, occupation and the rest were not asked for).
const TOPICS: &[&str] = &[
    "smoke",
    "smokes",
    "smoking",
    "smoker",
    "alcohol",
    "drink",
    "drinks",
    "drinking",
    "occupation",
    "work",
    "works",
    "working",
    "job",
    "drugs",
    "drug",
    "use",
];

/// The history sections the question names, told whole.
fn sections(case: &SeqCase, question: &str, told: &mut Told) {
    let synonyms = Synonyms::shipped();
    let lowered = question.to_lowercase();
    let section_words: Vec<&str> = lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !TOPICS.contains(w))
        .collect();
    let named: Vec<String> = synonyms
        .mentioned(&section_words.join(" "))
        .into_iter()
        .filter(|n| SECTIONS.contains(&n.as_str()))
        .collect();
    for (i, f) in case.findings.iter().enumerate() {
        let names_it = f
            .path
            .iter()
            .any(|p| named.contains(&synonyms.canonical(&normalise(p))));
        if f.kind == Kind::History && names_it {
            told.findings.push(i);
            told.lines.push(format!("{}: {}", f.name(), f.text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn case() -> SeqCase {
        SeqCase::from_value(
            &json!({"OSCE_Examination": {
                "Patient_Actor": {"Demographics": "34-year-old woman",
                    "History": "Three days of fatigue. She denies dysuria. Temperature 38.9 C at home.",
                    "Symptoms": {"Primary_Symptom": "Fatigue, flank pain, and fever",
                        "Secondary_Symptoms": ["Nausea", "No vomiting"]},
                    "Past_Medical_History": "Two urinary tract infections last year.",
                    "Social_History": "Smokes 10 a day. Works as a nurse.",
                    "Family_History": "Mother has type 2 diabetes."},
                "Correct_Diagnosis": "Acute pyelonephritis"}}),
            1,
        )
        .unwrap()
    }

    fn ask(question: &str) -> Vec<String> {
        answer(&case(), question).lines
    }

    #[test]
    fn a_topic_no_sentence_answers_is_not_told_its_whole_section() {
        // "Social History" holds no sentence about drinking or drugs: the question is not told the
        // smoking and the occupation beside it.
        assert!(ask("Do you drink?").is_empty());
        assert!(ask("Any recreational drug use?").is_empty());
        // A topic worded otherwise by the case is told its own sentence only.
        assert_eq!(
            ask("What is your job?"),
            ["Social History: Works as a nurse."]
        );
        assert_eq!(
            ask("Do you use tobacco?"),
            ["Social History: Smokes 10 a day."]
        );
        // The section named as such is still told whole.
        assert_eq!(
            ask("Any social history?"),
            ["Social History: Smokes 10 a day. Works as a nurse."]
        );
    }

    #[test]
    fn a_stated_symptom_is_told_from_the_opening_or_history() {
        assert_eq!(
            ask("Do you have fever?"),
            ["Opening: Presenting complaint: Fatigue, flank pain, and fever."]
        );
        assert_eq!(
            ask("Have you had any nausea?"),
            ["Symptoms / Secondary Symptoms: Nausea"]
        );
    }

    #[test]
    fn a_finding_told_in_part_is_not_told_whole() {
        let told = answer(&case(), "Any dysuria?");
        assert!(told.findings.is_empty());
        assert_eq!(told.partly.len(), 1);
        let told = answer(&case(), "Do you smoke or work?");
        assert_eq!((told.findings.len(), told.partly.len()), (1, 0));
    }

    #[test]
    fn a_denied_symptom_is_told_with_its_negation_and_nothing_else() {
        assert_eq!(ask("Any dysuria?"), ["History: She denies dysuria."]);
        assert_eq!(
            ask("Have you been vomiting?"),
            ["Symptoms / Secondary Symptoms: No vomiting"]
        );
        // Not the rest of the history: "Three days of fatigue" was not asked.
        assert!(!ask("Any dysuria?").concat().contains("fatigue"));
    }

    #[test]
    fn exposures_and_family_members_are_told_by_name() {
        assert_eq!(ask("Do you smoke?"), ["Social History: Smokes 10 a day."]);
        assert_eq!(
            ask("Does your mother have any illnesses?"),
            ["Family History: Mother has type 2 diabetes."]
        );
    }

    #[test]
    fn a_named_section_is_told_whole_and_the_unstated_stays_neutral() {
        assert_eq!(
            ask("Any past medical history?"),
            ["Past Medical History: Two urinary tract infections last year."]
        );
        assert!(ask("Have you had a cough?").is_empty());
        assert!(ask("Have you travelled abroad?").is_empty());
        assert!(ask("Anything else?").is_empty());
    }

    #[test]
    fn sentences_split_at_stops_but_not_inside_numbers() {
        assert_eq!(
            sentences("Temp 38.9 C. Denies cough; no rash\nWell."),
            ["Temp 38.9 C.", "Denies cough", "no rash", "Well."]
        );
        assert_eq!(
            (stem("smoking"), stem("smokes"), stem("smoke")),
            ("smok".into(), "smok".into(), "smok".into())
        );
    }
}
