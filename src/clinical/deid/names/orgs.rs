//! Organisations: hospitals and employers after a cue ("works at Kessler Logistics",
//! "transferred from St. Brendan's Hospital") or before a head noun ("Riverside Medical
//! Center"), with one word that says which organisation it is.

use super::cues::{
    CAPS_STOPS, GENERIC, ORG_HEADS, ORG_JOINERS, ORG_PHRASES, STATE_WORDS, WEAK_ORG_HEADS,
};
use super::tokens::{Shape, Token};
use super::{calendar, in_list, not_name, Finder};
use crate::clinical::deid::kind::Kind;

impl Finder<'_> {
    /// Organisations after a cue ("works at Kessler Logistics") or before a head noun
    /// ("Riverside Medical Center").
    pub(super) fn organisations(&mut self) {
        for i in 0..self.tokens.len() {
            let n = self.phrase_at(i, ORG_PHRASES);
            if n > 0 {
                let mut j = i + n;
                if matches!(self.lower(j), "the" | "a") && self.linked(j + 1) {
                    j += 1;
                }
                if let Some(last) = self.take_org(j) {
                    if self.distinctive(j, last) {
                        self.emit(j, last, Kind::Organization);
                    }
                }
            }
            let t = &self.tokens[i];
            if t.capitalised() && in_list(&t.lower, ORG_HEADS) && !self.covered[i] {
                if let Some(first) = self.org_start(i) {
                    let weak = in_list(&t.lower, WEAK_ORG_HEADS);
                    if first < i
                        && self.distinctive(first, i)
                        && !(weak && first + 1 == i && !self.distinctive(first, first))
                    {
                        self.emit(first, i, Kind::Organization);
                    }
                }
            }
        }
    }

    /// Whether word `i` may be part of an organisation's name (`first`: its first word).
    fn org_word(&self, i: usize, first: bool) -> bool {
        let Some(t) = self.token(i) else {
            return false;
        };
        if t.caps_line && in_list(&t.lower, CAPS_STOPS) {
            return false;
        }
        match t.shape {
            Shape::Title | Shape::Upper => true,
            Shape::Lower => !first && in_list(&t.lower, ORG_JOINERS),
            Shape::Initial | Shape::Number => false,
        }
    }

    /// Words `i` and `i - 1` are close enough to be in one organisation's name.
    fn org_linked(&self, i: usize) -> bool {
        let Some(t) = self.token(i) else {
            return false;
        };
        let gap = t.before;
        t.joined()
            || gap.trim() == "&"
            || (gap.starts_with('.')
                && gap[1..].chars().all(char::is_whitespace)
                && !gap[1..].is_empty()
                && i > 0
                && matches!(
                    self.lower(i - 1),
                    "st" | "inc" | "co" | "corp" | "ltd" | "mt"
                ))
    }

    /// The last word of the organisation starting at word `i`.
    fn take_org(&self, i: usize) -> Option<usize> {
        if !self.org_word(i, true) || self.token(i).is_some_and(not_name) {
            return None;
        }
        let mut last = i;
        let mut j = i + 1;
        while j < self.tokens.len() && j - i < 8 && self.org_linked(j) && self.org_word(j, false) {
            if self.tokens[j].capitalised() {
                last = j;
            }
            if self.tokens[j].possessive && !self.token(j + 1).is_some_and(Token::capitalised) {
                break;
            }
            j += 1;
        }
        Some(last)
    }

    /// The first word of the organisation whose name ends with the head noun at word `head`.
    fn org_start(&self, head: usize) -> Option<usize> {
        let mut first = head;
        while first > 0
            && head - first < 6
            && self.org_linked(first)
            && self.org_word(first - 1, false)
        {
            if self.tokens[first - 1].shape == Shape::Lower
                && !self.token(first - 2).is_some_and(Token::capitalised)
            {
                break;
            }
            first -= 1;
        }
        while first < head && self.tokens[first].shape == Shape::Lower {
            first += 1;
        }
        Some(first)
    }

    /// Some word of words `from..=to` names which organisation it is (a state's name does,
    /// before other words: "Maine Medical Center").
    fn distinctive(&self, from: usize, to: usize) -> bool {
        (from..=to).any(|k| {
            let t = &self.tokens[k];
            t.capitalised()
                && !in_list(&t.lower, GENERIC)
                && !in_list(&t.lower, ORG_HEADS)
                && (!not_name(t) || (in_list(&t.lower, STATE_WORDS) && k < to))
                && !Self::abbreviation(t)
                && !calendar(t)
        })
    }
}
