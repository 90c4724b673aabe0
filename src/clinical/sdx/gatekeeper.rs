//! The deterministic gatekeeper: reveals the hidden findings a request names, and nothing else.
//!
//! - `ask`: answered from the case's own sentences ([`ask`]): the sentences of the opening and
//!   history that hold what the question names, negations included; a question that names only
//!   a history section ("Any past medical history?") is told that section.
//! - `examine`: as `order` below, and also every system or body part the request names anywhere
//!   in its words ("the patient's calves" is the lower extremity; "heart and lungs" both).
//! - `examine` and `order`: the request, normalised ([`super::names::words`]) and mapped to its
//!   canonical name, matches a finding when one of the names on the finding's path is the same
//!   canonical name, or, for names of two words or more, is held by the request ("MRI brain with
//!   contrast" for "MRI Brain"); a broad request (a kind of test or sample: "MRI", "imaging",
//!   "blood", see [`BROAD`]) also matches names that hold its words ("MRI Brain"). A matched name
//!   reveals everything under it ("CBC" reveals every count of the blood count).
//! - `order` reveals whole tests ([`test_of`]: "Complete Blood Count / WBC" belongs to the test
//!   "Complete Blood Count"); a request that would reveal more than [`MAX_TESTS`] tests ("labs",
//!   "imaging", "culture", "reports") reveals nothing and asks the solver to name the tests.
//!
//! What the case does not hold gets the **neutral answer**: "not available", the same words for
//! every case (they name only the request). "Within normal limits" was not chosen: it would
//! claim a normal result the case does not state. The neutral answer still tells the solver that
//! the case's author did not write the test down; `--absent synthetic` with a gatekeeper model
//! writes a plausible result instead, as SDBench does.

mod ask;

pub use ask::{sentences, stem};

use super::case::{Finding, Kind, SeqCase};
use super::names::{normalise, words, Synonyms};

/// Names of a kind of test or a sample, not one test: such a request also reveals the findings
/// whose names hold it ("MRI" reveals "MRI Brain"). Any other request must name the finding (or
/// hold its whole name): "TSH" does not reveal "TSH receptor antibodies".
const BROAD: &[&str] = &[
    "blood",
    "imaging",
    "x ray",
    "ct",
    "mri",
    "ultrasound",
    "biopsy",
    "blood cultures",
    "urinalysis",
    "electrocardiogram",
    "serum electrolytes",
];

/// Names that group tests without being one ("Blood Tests / AChR Antibodies" is the test
/// "AChR Antibodies"), compared by canonical name.
const CONTAINERS: &[&str] = &[
    "blood",
    "imaging",
    "reports",
    "report",
    "procedures",
    "investigations",
    "microbiology",
    "other",
];

/// Leaf names that say what part of a test's report a text is, not which test.
const REPORT_PARTS: &[&str] = &[
    "report",
    "impression",
    "value",
    "interpretation",
    "comment",
    "conclusion",
];

/// The most tests one requested name may reveal; a broader request must name them.
pub const MAX_TESTS: usize = 4;

/// What the solver asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request<'a> {
    Ask(&'a str),
    Examine(&'a str),
    Order(&'a str),
}

/// One test an order revealed: its name (a path) and its findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Test {
    pub path: Vec<String>,
    pub findings: Vec<usize>,
}

impl Test {
    /// The name a price is looked up by: the innermost name of the test's path.
    pub fn price_name(&self) -> &str {
        self.path.last().map(String::as_str).unwrap_or_default()
    }
}

/// The gatekeeper's answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reveal {
    /// Indices into the case's findings told whole.
    pub findings: Vec<usize>,
    /// Findings told in part (a question told some of their sentences): never counted as
    /// revealed, so that nothing shows their whole text.
    pub partly: Vec<usize>,
    /// What the solver is told.
    pub answer: String,
    /// For an order: the tests revealed, in the case's order.
    pub tests: Vec<Test>,
    /// For an order: it named more than [`MAX_TESTS`] tests and revealed nothing.
    pub too_broad: bool,
}

/// The neutral answer to a question the case holds no answer to.
pub const NOTHING_TO_ADD: &str = "The patient has nothing to add about that (not available).";

/// The neutral answer to a request the case holds nothing for; it names only the request.
pub fn not_available(request: &Request<'_>) -> String {
    match request {
        Request::Ask(_) => NOTHING_TO_ADD.to_string(),
        Request::Examine(what) => format!("Examination of {}: not available.", what.trim()),
        Request::Order(what) => format!("{}: not available.", what.trim()),
    }
}

/// The answer to an order that names too many tests; it names only the request.
pub fn too_broad(what: &str) -> String {
    format!(
        "{}: this would reveal more than {MAX_TESTS} tests; order the tests you want by name \
(nothing was done or charged).",
        what.trim()
    )
}

/// The findings, one line each: `name: text`.
pub fn render(case: &SeqCase, findings: &[usize]) -> String {
    findings
        .iter()
        .filter_map(|&i| case.findings.get(i))
        .map(|f| format!("{}: {}", f.name(), f.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Answer one request from the case.
pub fn answer(case: &SeqCase, request: &Request<'_>) -> Reveal {
    let synonyms = Synonyms::shipped();
    let mut reveal = Reveal {
        findings: Vec::new(),
        partly: Vec::new(),
        answer: String::new(),
        tests: Vec::new(),
        too_broad: false,
    };
    match request {
        Request::Ask(question) => {
            let told = ask::answer(case, question);
            reveal.findings = told.findings;
            reveal.partly = told.partly;
            reveal.answer = told.lines.join("\n");
        }
        Request::Examine(what) => {
            // A system or body part named anywhere in the request counts ("the patient's calves").
            let named = synonyms.mentioned(what);
            reveal.findings = select(case, Kind::Exam, |f| {
                names_match(synonyms, what, f)
                    || f.path
                        .iter()
                        .any(|p| named.contains(&synonyms.canonical(&normalise(p))))
            });
            reveal.answer = render(case, &reveal.findings);
        }
        Request::Order(what) => {
            let findings = select(case, Kind::Test, |f| names_match(synonyms, what, f));
            let tests = tests_of(case, &findings);
            if tests.len() > MAX_TESTS {
                reveal.too_broad = true;
                reveal.answer = too_broad(what);
                return reveal;
            }
            reveal.findings = findings;
            reveal.tests = tests;
            reveal.answer = render(case, &reveal.findings);
        }
    }
    if reveal.answer.is_empty() {
        reveal.findings.clear();
        reveal.answer = not_available(request);
    }
    reveal
}

/// The test a finding belongs to: its path without the part of the report it is ("Findings"),
/// and without the component it is ("WBC" of "Complete Blood Count") unless its parent only
/// groups tests ("Blood Tests / AChR Antibodies" is a test of its own).
pub fn test_of(finding: &Finding) -> Vec<String> {
    let synonyms = Synonyms::shipped();
    let mut path = finding.path.clone();
    while path.len() > 1 {
        let last = normalise(&path[path.len() - 1]);
        if last.is_empty() || REPORT_PARTS.contains(&last.as_str()) {
            path.pop();
        } else {
            break;
        }
    }
    if path.len() >= 2 {
        let parent = synonyms.canonical(&normalise(&path[path.len() - 2]));
        if !CONTAINERS.contains(&parent.as_str()) {
            path.pop();
        }
    }
    path
}

/// The findings grouped by their test, in the case's order.
fn tests_of(case: &SeqCase, findings: &[usize]) -> Vec<Test> {
    let mut tests: Vec<Test> = Vec::new();
    for &i in findings {
        let path = test_of(&case.findings[i]);
        match tests.iter_mut().find(|t| t.path == path) {
            Some(t) => t.findings.push(i),
            None => tests.push(Test {
                path,
                findings: vec![i],
            }),
        }
    }
    tests
}

fn select(case: &SeqCase, kind: Kind, matches: impl Fn(&Finding) -> bool) -> Vec<usize> {
    case.findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == kind && matches(f))
        .map(|(i, _)| i)
        .collect()
}

/// Whether `haystack` holds `needle`'s words in a row.
fn holds(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && needle.len() <= haystack.len()
        && haystack.windows(needle.len()).any(|w| w == needle)
}

fn names_match(synonyms: &Synonyms, request: &str, finding: &Finding) -> bool {
    let req_words = words(request);
    if req_words.is_empty() {
        return false;
    }
    let req = synonyms.canonical(&req_words.join(" "));
    let req_canon: Vec<String> = req.split(' ').map(str::to_string).collect();
    let broad = BROAD.contains(&req.as_str());
    finding.path.iter().any(|name| {
        let name_words = words(name);
        if name_words.is_empty() {
            return false;
        }
        let canon = synonyms.canonical(&name_words.join(" "));
        let canon_words: Vec<String> = canon.split(' ').map(str::to_string).collect();
        canon == req
            || (broad && (holds(&name_words, &req_words) || holds(&canon_words, &req_canon)))
            || (name_words.len() >= 2 && holds(&req_words, &name_words))
    })
}

#[cfg(test)]
mod tests;
