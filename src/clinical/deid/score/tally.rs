//! Counting one text's detections against its gold spans, the way the i2b2/n2c2
//! de-identification tracks count: by token (a token is a run of letters and digits; it is an
//! identifier when a gold span touches it, removed when a detected span touches it) and by
//! entity (a gold span is found strictly when a detection has exactly its bounds, relaxed when
//! one overlaps it). Removing a token that is not an identifier counts against precision, so a
//! span that is too long is paid for. "Typed" figures also require the detection's HIPAA
//! category to be the gold one's.

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::kind::Kind;
use super::super::patterns::Span;
use super::gold::GoldSpan;

/// The HIPAA Safe Harbor category a kind belongs to (45 CFR 164.514(b)(2)(i)); organisations,
/// which ddx removes but Safe Harbor does not list, are their own row.
pub fn category(kind: Kind) -> &'static str {
    match kind {
        Kind::Name => "names",
        Kind::Organization => "organization",
        Kind::Address | Kind::Zip => "geographic",
        Kind::Date | Kind::Age => "dates",
        Kind::Phone => "phone",
        Kind::Fax => "fax",
        Kind::Email => "email",
        Kind::Ssn => "ssn",
        Kind::Mrn => "mrn",
        Kind::HealthPlan => "health_plan",
        Kind::Account => "account",
        Kind::License => "license",
        Kind::Vehicle => "vehicle",
        Kind::DeviceId => "device",
        Kind::Url => "url",
        Kind::Ip => "ip",
        Kind::OtherId => "other_id",
    }
}

/// Token and entity counts for one category (or all of them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Tokens inside gold spans.
    pub gold_tokens: usize,
    /// Of those, tokens removed (by a detection of any type).
    pub found_tokens: usize,
    /// Tokens inside detected spans.
    pub detected_tokens: usize,
    /// Of those, tokens inside gold spans (of any type).
    pub correct_tokens: usize,
    /// Tokens gold and detected with the same category.
    pub typed_tokens: usize,
    /// Gold spans.
    pub entities: usize,
    /// Gold spans a detection matches exactly (bounds), of any type / of the same category.
    pub strict: usize,
    pub strict_typed: usize,
    /// Gold spans a detection overlaps, of any type / of the same category.
    pub relaxed: usize,
    pub relaxed_typed: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.gold_tokens += other.gold_tokens;
        self.found_tokens += other.found_tokens;
        self.detected_tokens += other.detected_tokens;
        self.correct_tokens += other.correct_tokens;
        self.typed_tokens += other.typed_tokens;
        self.entities += other.entities;
        self.strict += other.strict;
        self.strict_typed += other.strict_typed;
        self.relaxed += other.relaxed;
        self.relaxed_typed += other.relaxed_typed;
    }
}

/// Everything counted over a set of texts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub texts: usize,
    pub overall: Tally,
    pub by_category: BTreeMap<&'static str, Tally>,
    /// Entity counts by the gold label as written ("relative", "clinician", ...).
    pub by_label: BTreeMap<String, Tally>,
    /// Letters and digits inside detected spans, and those of them outside every gold span.
    pub removed_chars: usize,
    pub over_redacted_chars: usize,
}

/// Runs of letters and digits (byte ranges).
pub fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

impl Counts {
    /// Count one text: its gold spans against what was detected in it.
    pub fn add_text(&mut self, text: &str, gold: &[GoldSpan], found: &[Span]) {
        self.texts += 1;
        let mut total = Tally::default();
        for token in tokens(text) {
            let g = gold.iter().find(|s| overlaps(token, (s.start, s.end)));
            let d = found.iter().find(|s| overlaps(token, (s.start, s.end)));
            if let Some(g) = g {
                let t = self.by_category.entry(category(g.kind)).or_default();
                t.gold_tokens += 1;
                total.gold_tokens += 1;
                if d.is_some() {
                    t.found_tokens += 1;
                    total.found_tokens += 1;
                }
            }
            if let Some(d) = d {
                let t = self.by_category.entry(category(d.kind)).or_default();
                t.detected_tokens += 1;
                total.detected_tokens += 1;
                if g.is_some() {
                    t.correct_tokens += 1;
                    total.correct_tokens += 1;
                }
                if g.is_some_and(|g| category(g.kind) == category(d.kind)) {
                    t.typed_tokens += 1;
                    total.typed_tokens += 1;
                }
            }
        }
        for g in gold {
            let entity = entity_tally(g, found);
            self.by_category
                .entry(category(g.kind))
                .or_default()
                .add(&entity);
            self.by_label
                .entry(g.label.clone())
                .or_default()
                .add(&entity);
            total.add(&entity);
        }
        self.overall.add(&total);
        self.count_chars(text, gold, found);
    }

    fn count_chars(&mut self, text: &str, gold: &[GoldSpan], found: &[Span]) {
        for s in found {
            for (i, c) in text[s.start..s.end].char_indices() {
                if !c.is_alphanumeric() {
                    continue;
                }
                let at = s.start + i;
                self.removed_chars += 1;
                if !gold.iter().any(|g| g.start <= at && at < g.end) {
                    self.over_redacted_chars += 1;
                }
            }
        }
    }
}

/// The entity counts of one gold span.
fn entity_tally(g: &GoldSpan, found: &[Span]) -> Tally {
    let same = |d: &Span| category(d.kind) == category(g.kind);
    let exact = |d: &&Span| d.start == g.start && d.end == g.end;
    let touching = |d: &&Span| overlaps((d.start, d.end), (g.start, g.end));
    Tally {
        entities: 1,
        strict: usize::from(found.iter().any(|d| exact(&d))),
        strict_typed: usize::from(found.iter().any(|d| exact(&d) && same(d))),
        relaxed: usize::from(found.iter().any(|d| touching(&d))),
        relaxed_typed: usize::from(found.iter().any(|d| touching(&d) && same(d))),
        ..Tally::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(start: usize, end: usize, kind: Kind) -> GoldSpan {
        GoldSpan {
            start,
            end,
            label: kind.as_str().into(),
            kind,
        }
    }

    fn found(start: usize, end: usize, kind: Kind) -> Span {
        Span {
            start,
            end,
            kind,
            date: None,
        }
    }

    #[test]
    fn tokens_are_runs_of_letters_and_digits() {
        let text = "Mrs. O'Neil, 555-0142; Zoë";
        let got: Vec<&str> = tokens(text).iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(got, ["Mrs", "O", "Neil", "555", "0142", "Zoë"]);
    }

    /// Worked by hand: "Seen by Ann Lee on 3/4 at 12 Elm St" with gold Ann Lee (name), 3/4
    /// (date), 12 Elm St (address); detected "Ann" (name), "3/4 at" (phone: wrong type, one
    /// token too long), nothing on the address.
    #[test]
    fn a_hand_worked_example() {
        let text = "Seen by Ann Lee on 3/4 at 12 Elm St";
        let g = [
            gold(8, 15, Kind::Name),
            gold(19, 22, Kind::Date),
            gold(26, 35, Kind::Address),
        ];
        let d = [found(8, 11, Kind::Name), found(19, 25, Kind::Phone)];
        let mut c = Counts::default();
        c.add_text(text, &g, &d);
        // Gold tokens: Ann Lee 3 4 12 Elm St = 7; removed: Ann 3 4 = 3.
        assert_eq!((c.overall.gold_tokens, c.overall.found_tokens), (7, 3));
        // Detected tokens: Ann 3 4 at = 4; of them gold: 3; typed: Ann = 1.
        assert_eq!(
            (
                c.overall.detected_tokens,
                c.overall.correct_tokens,
                c.overall.typed_tokens
            ),
            (4, 3, 1)
        );
        // Entities: none exact; Ann Lee and 3/4 overlapped; only Ann Lee with its type.
        assert_eq!(
            (
                c.overall.entities,
                c.overall.strict,
                c.overall.relaxed,
                c.overall.relaxed_typed
            ),
            (3, 0, 2, 1)
        );
        let dates = &c.by_category["dates"];
        assert_eq!(
            (dates.gold_tokens, dates.found_tokens, dates.typed_tokens),
            (2, 2, 0)
        );
        let phone = &c.by_category["phone"];
        assert_eq!((phone.detected_tokens, phone.correct_tokens), (3, 2));
        // Letters and digits removed: Ann 3 4 a t = 7; outside gold: "at" = 2.
        assert_eq!((c.removed_chars, c.over_redacted_chars), (7, 2));
    }

    #[test]
    fn a_span_over_the_whole_text_is_paid_for() {
        let text = "Ann saw the nurse today about her cough";
        let mut c = Counts::default();
        c.add_text(
            text,
            &[gold(0, 3, Kind::Name)],
            &[found(0, text.len(), Kind::Name)],
        );
        assert_eq!(c.overall.found_tokens, 1);
        assert_eq!(
            (c.overall.detected_tokens, c.overall.correct_tokens),
            (8, 1)
        );
        assert_eq!(c.overall.strict, 0);
    }
}
