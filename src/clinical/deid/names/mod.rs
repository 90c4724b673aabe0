//! Names that no structured field announces: relatives, household members, employers,
//! clinicians, and the organisations a patient works at or comes from.
//!
//! A name is found by what stands around it, checked against what it is made of:
//! - a cue before it (a kinship or role word: "her husband Amara O'Sullivan"; a phrase:
//!   "accompanied by", "spoke with"; a label: "NOK:"), a role after it in brackets or after a
//!   comma ("Mei Zhang (daughter)"), a title before it ("Dr. Okafor") or a credential after it
//!   ("Priya Raman, MD", "OSEI, ELENA MBBS");
//! - without a cue, a given name of the census lists followed by a surname or an unknown
//!   capitalised word ("Linda Okonkwo"), an unknown capitalised word followed by a census surname
//!   ("Amara O'Sullivan"), or a lone census given name that is not an English word ("Linda").
//!
//! Precision comes from what a name is not: a common English word ("Type", "Will"), a word of
//! clinical text that is also a name (eponyms, terms, drug brands, places, in the vendored
//! not-names list), a word with a drug or disease suffix, a month followed by a day, or a name
//! followed by a noun that makes it an eponym ("Wilson disease", "Murphy's sign", "Austin Flint
//! murmur"). Organisations follow "works at", "transferred from", ... or end with a head noun
//! ("Riverside Medical Center"), and need one word that is not generic.

mod cues;
pub(super) mod lexicon;
mod orgs;
mod tokens;

use cues::{
    AMBIGUOUS_CREDENTIALS, CREDENTIALS, EPONYM_NOUNS, FILLERS, MONTHS, PARTICLES, PHRASES, ROLES,
    TERM_SUFFIXES, TITLES, WEEKDAYS,
};
use tokens::{Shape, Token};

use super::kind::Kind;
use super::patterns::Span;

/// Phrases that introduce a name only before a colon ("Name: ...", "Re: ...").
const LABELS: &[&[&str]] = &[&["re"], &["name"], &["patient", "name"], &["author"]];

/// A name particle written in lower case ("van", "der", "de", "la").
pub(super) fn is_particle(word: &str) -> bool {
    word.chars().all(char::is_lowercase) && in_list(word, PARTICLES)
}

/// How the first word of a name is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// After a cue word: a census given name, or a capitalised word that is not a common word.
    Cue,
    /// After a title or before a credential: anything capitalised that is not a common word.
    Title,
}

/// Every name and organisation in `text`, added to `out`.
pub fn find(text: &str, out: &mut Vec<Span>) {
    let tokens = tokens::tokenize(text);
    let mut finder = Finder {
        covered: vec![false; tokens.len()],
        tokens,
        out: Vec::new(),
    };
    finder.cued();
    finder.organisations();
    finder.free();
    let mut found = finder.out;
    found.sort_by_key(|s| (s.start, s.end));
    found.dedup();
    out.extend(found);
}

struct Finder<'t> {
    tokens: Vec<Token<'t>>,
    covered: Vec<bool>,
    out: Vec<Span>,
}

fn in_list(word: &str, list: &[&str]) -> bool {
    list.contains(&word)
}

fn english(t: &Token<'_>) -> bool {
    t.parts().all(lexicon::is_english)
}

fn given(t: &Token<'_>) -> bool {
    lexicon::is_given(&t.key)
}

fn surname(t: &Token<'_>) -> bool {
    lexicon::is_surname(&t.key)
}

fn known_name(t: &Token<'_>) -> bool {
    given(t) || surname(t)
}

/// In the not-names list, whole or by one of its hyphenated parts ("Reed-Sternberg").
fn not_name(t: &Token<'_>) -> bool {
    let whole = t.key.to_ascii_lowercase();
    lexicon::is_not_name(&whole)
        || (t.text.contains('-')
            && t.text
                .split('-')
                .any(|p| lexicon::is_not_name(&lexicon::fold(p).to_ascii_lowercase())))
}

/// An unknown word with the suffix of a drug or a medical term ("Amiodarone", "Nephrology").
fn term_like(t: &Token<'_>) -> bool {
    !known_name(t)
        && TERM_SUFFIXES
            .iter()
            .any(|s| t.lower.len() > s.len() + 2 && t.lower.ends_with(s))
}

/// Written like a brand ("FreeStyle", "BiPAP", "MitraClip"): a capital inside the word that
/// name spellings do not explain (Mc, Mac, O', D', De, La, Van, after a hyphen).
fn brand_like(t: &Token<'_>) -> bool {
    if t.shape != Shape::Title {
        return false;
    }
    let chars: Vec<char> = t.text.chars().collect();
    (1..chars.len()).any(|i| {
        chars[i].is_uppercase() && {
            let before: String = chars[..i].iter().collect();
            let prev = chars[i - 1];
            !(prev == '-'
                || prev == '\''
                || prev == '’'
                || [
                    "Mc", "Mac", "De", "Di", "Da", "La", "Le", "Van", "Von", "Du", "St",
                ]
                .contains(&before.as_str()))
        }
    })
}

/// A month or weekday name.
fn calendar(t: &Token<'_>) -> bool {
    in_list(&t.lower, MONTHS) || in_list(&t.lower, WEEKDAYS)
}

impl<'t> Finder<'t> {
    fn token(&self, i: usize) -> Option<&Token<'t>> {
        self.tokens.get(i)
    }

    fn lower(&self, i: usize) -> &str {
        self.token(i).map_or("", |t| t.lower.as_str())
    }

    /// Token `i` follows token `i - 1` closely enough to be part of the same name: spaces only,
    /// or the dot and space after an initial or an abbreviation ("J. Zhang", "St. Luke's").
    fn linked(&self, i: usize) -> bool {
        let Some(t) = self.token(i) else {
            return false;
        };
        if t.joined() {
            return true;
        }
        let after_dot = t.before.starts_with('.') && t.before[1..].chars().all(char::is_whitespace);
        after_dot
            && !t.before[1..].is_empty()
            && i > 0
            && self.tokens[i - 1].shape == Shape::Initial
    }

    /// A capitalised word on a line that is not in capitals but written in capitals itself:
    /// an abbreviation ("ED", "ICU") unless it is a census name of three letters or more.
    fn abbreviation(t: &Token<'_>) -> bool {
        let name = known_name(t) && t.lower.chars().count() >= 3 && !not_name(t) && !english(t);
        t.shape == Shape::Upper && !t.caps_line && !name
    }

    /// A month followed by a day ("June 4", "June the 4th"): a date, not a name.
    fn month_date(&self, i: usize) -> bool {
        self.token(i).is_some_and(calendar)
            && (self.token(i + 1).is_some_and(|t| t.shape == Shape::Number)
                || (self.lower(i + 1) == "the"
                    && self.token(i + 2).is_some_and(|t| t.shape == Shape::Number)))
    }

    /// Whether word `i` may start a name.
    fn may_start(&self, i: usize, start: Start) -> bool {
        let Some(t) = self.token(i) else {
            return false;
        };
        if !t.capitalised() || self.month_date(i) {
            return false;
        }
        match start {
            // A month after a role word is a name ("daughter June", "wife Jun"); a date was
            // ruled out above.
            Start::Cue => {
                !Self::abbreviation(t)
                    && (given(t)
                        || in_list(&t.lower, MONTHS)
                        || !(not_name(t)
                            || english(t)
                            || term_like(t)
                            || in_list(&t.lower, WEEKDAYS)))
            }
            Start::Title => Self::name_like(t),
        }
    }

    /// After a title or before a credential, where capitals are a convention ("ROSENTHAL, YUKI
    /// APRN"): a census name, or a word that is not a common word, a term or (in capitals) one
    /// of the not-names.
    fn name_like(t: &Token<'_>) -> bool {
        if t.shape == Shape::Upper && !t.caps_line {
            t.lower.chars().count() >= 3 && (known_name(t) || !(not_name(t) || english(t)))
        } else {
            known_name(t) || !(english(t) || term_like(t) || not_name(t))
        }
    }

    /// Whether word `i` may continue a name begun before it.
    fn may_continue(&self, i: usize, start: Start) -> bool {
        let Some(t) = self.token(i) else {
            return false;
        };
        if !t.capitalised() {
            return false;
        }
        match start {
            Start::Title => Self::name_like(t),
            Start::Cue => {
                !Self::abbreviation(t)
                    && (known_name(t)
                        || !(english(t) || term_like(t) || not_name(t) || calendar(t)))
            }
        }
    }

    /// Particles ("van der") at word `j` lead to a capitalised word of the same name.
    fn particles_then_name(&self, mut j: usize) -> bool {
        while self
            .token(j)
            .is_some_and(|t| t.shape == Shape::Lower && in_list(&t.lower, PARTICLES))
        {
            j += 1;
            if !self.linked(j) {
                return false;
            }
        }
        self.token(j).is_some_and(Token::capitalised)
    }

    /// The last word of the name that starts at word `i`, if one does: up to four words,
    /// with initials and particles between them.
    fn take_name(&self, i: usize, start: Start) -> Option<usize> {
        let mut j = i;
        let mut last = None;
        let mut words = 0;
        while let Some(t) = self.token(j) {
            if j > i && !self.linked(j) {
                break;
            }
            match t.shape {
                Shape::Initial => {}
                Shape::Lower if in_list(&t.lower, PARTICLES) && self.particles_then_name(j) => {}
                // A credential ends the name before it ("Raman MD"); an eponym noun is never
                // part of one ("SISTER MARY JOSEPH NODULE").
                Shape::Title | Shape::Upper
                    if in_list(&t.lower, CREDENTIALS) || in_list(&t.lower, EPONYM_NOUNS) =>
                {
                    break
                }
                Shape::Title | Shape::Upper => {
                    let ok = if words == 0 {
                        self.may_start(j, start)
                    } else {
                        self.may_continue(j, start)
                    };
                    if !ok {
                        break;
                    }
                    last = Some(j);
                    words += 1;
                    if t.possessive || words == 4 {
                        break;
                    }
                }
                _ => break,
            }
            j += 1;
        }
        last
    }

    /// The name ending at word `last` is an eponym: a noun such as "disease" or "sign" follows
    /// it (after 's, or after "and" and another capitalised word: "Kernig and Brudzinski signs").
    fn eponymous(&self, last: usize) -> bool {
        let noun = |i: usize| self.linked(i) && in_list(self.lower(i), EPONYM_NOUNS);
        let next = last + 1;
        noun(next)
            || (self.linked(next)
                && self.token(next).is_some_and(Token::capitalised)
                && !self.tokens[last].possessive
                && noun(next + 1))
            || ((self.lower(next) == "and"
                || self.token(next).is_some_and(|t| t.before.contains('&')))
                && self.token(next + 1).is_some_and(Token::capitalised)
                && (noun(next + 2) || noun(next + 1)))
            || (self
                .token(next)
                .is_some_and(|t| t.before.trim() == "-" || t.before.trim() == "–")
                && self.token(next).is_some_and(Token::capitalised)
                && noun(next + 1))
    }

    fn emit(&mut self, from: usize, to: usize, kind: Kind) {
        if kind == Kind::Name && self.eponymous(to) {
            return;
        }
        for c in &mut self.covered[from..=to] {
            *c = true;
        }
        self.out.push(Span {
            start: self.tokens[from].start,
            end: self.tokens[to].end,
            kind,
            date: None,
        });
    }

    /// How many words of the phrase starting at word `i` match one of `phrases` (0 if none).
    fn phrase_at(&self, i: usize, phrases: &[&[&str]]) -> usize {
        phrases
            .iter()
            .filter(|p| {
                p.iter().enumerate().all(|(k, w)| {
                    self.lower(i + k) == *w
                        && (k == 0 || self.token(i + k).is_some_and(Token::joined))
                })
            })
            .map(|p| p.len())
            .max()
            .unwrap_or(0)
    }

    /// Whether word `i` is a cue of its own (a role word or the start of a phrase).
    fn is_cue(&self, i: usize) -> bool {
        in_list(self.lower(i), ROLES) || self.phrase_at(i, PHRASES) > 0
    }

    /// After a cue that ends before word `i`: skip what may stand between the cue and the name,
    /// then take the name.
    fn after_cue(&mut self, mut i: usize) {
        let Some(first) = self.token(i) else {
            return;
        };
        // Between the cue and what follows: spaces, a comma, a colon, a bracket or a dash.
        if !first
            .before
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, ',' | ':' | '(' | '-' | '–' | '"'))
            || first.before.matches('\n').count() > 1
        {
            return;
        }
        for _ in 0..4 {
            let lower = self.lower(i);
            if in_list(lower, FILLERS) || in_list(lower, TITLES) {
                i += 1;
            } else {
                break;
            }
        }
        if self.is_cue(i) || in_list(self.lower(i), TITLES) {
            return;
        }
        if let Some(last) = self.take_name(i, Start::Cue) {
            self.emit(i, last, Kind::Name);
        }
    }

    /// The name that ends at word `end` (before a role in brackets or a credential): the longest
    /// run of words that makes a name.
    fn name_ending_at(&self, end: usize, start: Start) -> Option<usize> {
        (end.saturating_sub(4)..=end).find(|&k| self.take_name(k, start) == Some(end))
    }

    /// Cue words, titles and credentials.
    fn cued(&mut self) {
        for i in 0..self.tokens.len() {
            let lower = self.lower(i).to_string();
            // A role word: the name after it, or before it in brackets or after a comma.
            if in_list(&lower, ROLES) {
                self.after_cue(i + 1);
                let before = self.tokens[i].before.trim();
                if i > 0 && matches!(before, "(" | "," | "-" | "–") {
                    if let Some(k) = self.name_ending_at(i - 1, Start::Cue) {
                        self.emit(k, i - 1, Kind::Name);
                    }
                }
                continue;
            }
            let n = self.phrase_at(i, PHRASES);
            if n > 0 {
                self.after_cue(i + n);
                continue;
            }
            let n = self.phrase_at(i, LABELS);
            if n > 0
                && self
                    .token(i + n)
                    .is_some_and(|t| t.before.trim_start().starts_with(':'))
            {
                self.after_cue(i + n);
                continue;
            }
            // A title: "Dr. Okafor", "Mrs Zhang", "DR GALLAGHER".
            if in_list(&lower, TITLES) && self.tokens[i].shape != Shape::Lower {
                let next = i + 1;
                if self.token(next).is_some_and(|t| {
                    let gap = t.before.trim_start_matches('.');
                    !gap.is_empty() && gap.chars().all(char::is_whitespace)
                }) {
                    if let Some(last) = self.take_name(next, Start::Title) {
                        self.emit(next, last, Kind::Name);
                    }
                }
                continue;
            }
            self.credential(i);
        }
    }

    /// A credential at word `i` ("MD", "RN, BSN"): the name before it.
    fn credential(&mut self, i: usize) {
        let t = &self.tokens[i];
        if t.shape == Shape::Lower || !in_list(&t.lower, CREDENTIALS) {
            return;
        }
        let ambiguous = in_list(&t.lower, AMBIGUOUS_CREDENTIALS);
        // "RN: Jo Kim": a credential used as a label.
        if self.token(i + 1).is_some_and(|n| n.before.trim() == ":") {
            self.after_cue(i + 1);
            return;
        }
        if i == 0 {
            return;
        }
        // Walk back over a chain of credentials ("MD, PhD", "RN, BSN").
        let mut end = i - 1;
        loop {
            let before = self.tokens[end + 1].before.trim();
            if !(before.is_empty() || before == ",") {
                return;
            }
            if in_list(self.lower(end), CREDENTIALS)
                && self.tokens[end].shape != Shape::Lower
                && end > 0
            {
                end -= 1;
            } else {
                break;
            }
        }
        let comma = self.tokens[end + 1].before.trim() == ",";
        let Some(mut k) = self.name_ending_at(end, Start::Title) else {
            return;
        };
        // "OSEI, ELENA MBBS": the surname before a comma belongs to the name.
        if k > 0 && self.tokens[k].before.trim() == "," && self.tokens[k].shape != Shape::Initial {
            if let Some(s) = self.name_ending_at(k - 1, Start::Title) {
                if s == k - 1 {
                    k = s;
                }
            }
        }
        if ambiguous {
            let words = (k..=end)
                .filter(|&w| self.tokens[w].shape != Shape::Initial)
                .count();
            let initialled = self.tokens[k].shape == Shape::Initial;
            let number_after = self.token(i + 1).is_some_and(|n| n.shape == Shape::Number);
            if number_after || !(comma || words >= 2 || initialled) {
                return;
            }
        }
        self.emit(k, end, Kind::Name);
    }

    /// Names without a cue: a census given name and a surname (or an unknown capitalised word),
    /// an unknown capitalised word and a census surname, a lone census given name.
    fn free(&mut self) {
        let mut i = 0;
        while i < self.tokens.len() {
            // "St. Jude", "Saint Luke": a place, a hospital or a saint, not a person here.
            let after_saint = i > 0
                && matches!(self.lower(i - 1), "st" | "saint")
                && self.tokens[i]
                    .before
                    .trim_start_matches('.')
                    .trim()
                    .is_empty();
            if self.covered[i]
                || !self.tokens[i].capitalised()
                || self.month_date(i)
                || after_saint
                || brand_like(&self.tokens[i])
            {
                i += 1;
                continue;
            }
            if let Some(j) = self.pair(i) {
                let last = self.extend(j);
                self.emit(i, last, Kind::Name);
                i = last + 1;
                continue;
            }
            let t = &self.tokens[i];
            if t.shape == Shape::Title
                && !t.caps_line
                && given(t)
                && t.lower.chars().count() >= 3
                && !english(t)
                && !not_name(t)
                && !calendar(t)
            {
                self.emit(i, i, Kind::Name);
            }
            i += 1;
        }
    }

    /// The second word of a two-word name starting at word `i`, if it is one.
    fn pair(&self, i: usize) -> Option<usize> {
        let t = &self.tokens[i];
        let mut j = i + 1;
        if self.token(j).is_some_and(|u| u.shape == Shape::Initial) && self.linked(j) {
            j += 1;
        }
        let u = self.token(j)?;
        if !self.linked(j) || !u.capitalised() || self.covered[j] || t.possessive || brand_like(u) {
            return None;
        }
        let caps = t.caps_line || t.shape == Shape::Upper || u.shape == Shape::Upper;
        let ok = if caps {
            given(t)
                && known_name(u)
                && !english(t)
                && !english(u)
                && !not_name(t)
                && !not_name(u)
                && t.lower.chars().count() >= 3
                && u.lower.chars().count() >= 3
        } else if given(t) {
            // A month after a name is a date ("Echo April 1994").
            let second =
                !calendar(u) && (surname(u) || !(english(u) || not_name(u) || term_like(u)));
            let weak_first = english(t) || not_name(t) || calendar(t);
            second
                && u.shape == Shape::Title
                && !(english(t) && english(u))
                && (!weak_first || (surname(u) && !english(u) && !not_name(u)))
        } else {
            t.shape == Shape::Title
                && u.shape == Shape::Title
                && !(english(t) || not_name(t) || term_like(t) || calendar(t))
                && surname(u)
                && !english(u)
                && !not_name(u)
        };
        ok.then_some(j)
    }

    /// A name found without a cue may go on: "Mei Ling Zhang".
    fn extend(&self, mut last: usize) -> usize {
        while last + 1 < self.tokens.len()
            && !self.tokens[last].possessive
            && self.linked(last + 1)
            && !self.covered[last + 1]
            && self.tokens[last + 1].shape == Shape::Title
            && surname(&self.tokens[last + 1])
            && !english(&self.tokens[last + 1])
        {
            last += 1;
        }
        last
    }
}

#[cfg(test)]
mod tests;
