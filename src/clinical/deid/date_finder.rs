//! Dates in free text, in the forms notes use: ISO and numeric (month or day first, two- or
//! four-digit years), month names with days and ordinals ("March 3rd, 2021", "the 3rd of March",
//! "the third of March", "Aug 14 '22"), month and year ("June 2018", "March of 2019"), compact
//! forms ("20190304", "25AUG2023"). Each found date keeps what it said, so it can be shifted or
//! cut to its year and written back in the same style.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::dates::{full_year, month_number, DateOrder, FoundDate, Style};
use super::kind::Kind;
use super::patterns::Span;

const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)\.?";
const MONTH3: &str = r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const ORDINAL_WORDS: [&str; 31] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
    "twenty-eighth",
    "twenty-ninth",
    "thirtieth",
    "thirty-first",
];

/// The day an ordinal word names ("twenty-first" → 21; a space may stand for the hyphen).
fn ordinal_day(word: &str) -> Option<u32> {
    let word = word.to_ascii_lowercase().replace(' ', "-");
    ORDINAL_WORDS
        .iter()
        .position(|w| *w == word)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn compile(pattern: &str) -> Regex {
    #[allow(clippy::unwrap_used)] // constant patterns, covered by every test
    Regex::new(pattern).unwrap()
}

fn ordinal_words() -> String {
    ORDINAL_WORDS
        .iter()
        .rev()
        .map(|w| w.replace('-', "[- ]"))
        .collect::<Vec<_>>()
        .join("|")
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b",
    )
});
static YMD: LazyLock<Regex> = LazyLock::new(|| compile(r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b"));
static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| compile(r"\b((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\b"));
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| compile(r"\b(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2})\b"));
static SHORT: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)\b(?:on|since|from|until|till|dated|by|starting|through|thru|of|to|and|due|before|after)\s+(\d{1,2})/(\d{1,2})\b",
    )
});
static MONTH_YEAR_NUMERIC: LazyLock<Regex> = LazyLock::new(|| compile(r"\b(\d{1,2})/(\d{4})\b"));
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b({MONTH})\s+((?i:the)\s+)?(\d{{1,2}})((?i:st|nd|rd|th))?\b(?:,?\s+(\d{{4}}\b|'\d{{2}}\b))?"
    ))
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b(\d{{1,2}})(?i:st|nd|rd|th)?(?:\s+(?i:of)\s+|[\s-]+)({MONTH})(?:,?[\s-]+(\d{{4}}|\d{{2}})\b)?"
    ))
});
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b({MONTH}),?\s+(?:(?i:of)\s+)?(\d{{4}}\b|'\d{{2}}\b)"
    ))
});
static COMPACT_MONTH: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"\b(\d{{1,2}})({MONTH3})(\d{{4}}|\d{{2}})\b")));
static WORD_DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b(?i:({}))\s+(?i:of)\s+({MONTH})(?:,?\s+(\d{{4}})\b)?",
        ordinal_words()
    ))
});
static WORD_MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b({MONTH})\s+((?i:the)\s+)?(?i:({}))\b(?:,?\s+(\d{{4}})\b)?",
        ordinal_words()
    ))
});

fn valid_day(month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Month and day of a numeric date `a/b`, and whether it was read day first.
fn month_day(a: u32, b: u32, order: DateOrder) -> Option<(u32, u32, bool)> {
    match (valid_day(a, b), valid_day(b, a)) {
        (true, true) if order == DateOrder::DayFirst => Some((b, a, true)),
        (true, _) => Some((a, b, false)),
        (false, true) => Some((b, a, true)),
        (false, false) => None,
    }
}

/// A year written `'19` or `2019`.
fn year_of(text: &str) -> Option<i32> {
    full_year(text.trim_start_matches('\''))
}

fn push(out: &mut Vec<Span>, start: usize, end: usize, found: FoundDate) {
    out.push(Span {
        start,
        end,
        kind: Kind::Date,
        date: Some(found),
    });
}

fn whole(c: &Captures<'_>) -> std::ops::Range<usize> {
    c.get(0).map_or(0..0, |w| w.range())
}

fn num(c: &Captures<'_>, i: usize) -> Option<u32> {
    c.get(i).and_then(|m| m.as_str().parse::<u32>().ok())
}

/// Every date in `text`, added to `out` (overlaps are resolved by the caller).
pub fn find_dates(text: &str, order: DateOrder, out: &mut Vec<Span>) {
    numeric_dates(text, order, out);
    named_dates(text, out);
}

/// Numeric dates: ISO, year-first and compact, day and month with a year, day and month alone,
/// month and year.
fn numeric_dates(text: &str, order: DateOrder, out: &mut Vec<Span>) {
    iso_dates(text, out);
    day_month_dates(text, order, out);
    month_year_dates(text, out);
}

/// `2024-03-05` (a time of day after it is kept as written), `2024/03/05`, `20240305`.
fn iso_dates(text: &str, out: &mut Vec<Span>) {
    for c in ISO.captures_iter(text) {
        let (Some(y), Some(m), Some(d)) = (c.get(1), num(&c, 2), num(&c, 3)) else {
            continue;
        };
        if valid_day(m, d) {
            let w = whole(&c);
            // Keep the time of day as written: only the date part is replaced.
            let end = if w.len() > 10 { w.start + 10 } else { w.end };
            let found = FoundDate {
                year: full_year(y.as_str()),
                month: m,
                day: d,
                style: Style::Iso,
            };
            push(out, w.start, end, found);
        }
    }
    for (re, style) in [(&*YMD, Style::Iso), (&*COMPACT, Style::Compact)] {
        for c in re.captures_iter(text) {
            let (Some(y), Some(m), Some(d)) = (c.get(1), num(&c, 2), num(&c, 3)) else {
                continue;
            };
            if valid_day(m, d) {
                let w = whole(&c);
                let found = FoundDate {
                    year: full_year(y.as_str()),
                    month: m,
                    day: d,
                    style,
                };
                push(out, w.start, w.end, found);
            }
        }
    }
}

/// `05/03/2024` or `3.5.24` (the separators must agree), and `5/3` without a year after a
/// word such as "on" or "since", read in the given day/month order.
fn day_month_dates(text: &str, order: DateOrder, out: &mut Vec<Span>) {
    for c in NUMERIC.captures_iter(text) {
        let (Some(a), Some(b), Some(y)) = (num(&c, 1), num(&c, 3), c.get(5)) else {
            continue;
        };
        let sep = c.get(2).map_or("/", |s| s.as_str());
        if c.get(4).map(|s| s.as_str()) != Some(sep) {
            continue;
        }
        let Some((month, day, day_first)) = month_day(a, b, order) else {
            continue;
        };
        let w = whole(&c);
        let found = FoundDate {
            year: full_year(y.as_str()),
            month,
            day,
            style: Style::Numeric {
                sep: sep.chars().next().unwrap_or('/'),
                day_first,
            },
        };
        push(out, w.start, w.end, found);
    }
    for c in SHORT.captures_iter(text) {
        let (Some(a), Some(b), Some(first), Some(second)) =
            (num(&c, 1), num(&c, 2), c.get(1), c.get(2))
        else {
            continue;
        };
        if let Some((month, day, day_first)) = month_day(a, b, order) {
            let found = FoundDate {
                year: None,
                month,
                day,
                style: Style::Numeric {
                    sep: '/',
                    day_first,
                },
            };
            push(out, first.start(), second.end(), found);
        }
    }
}

/// `03/2024`: a month and year, dated the first of the month.
fn month_year_dates(text: &str, out: &mut Vec<Span>) {
    for c in MONTH_YEAR_NUMERIC.captures_iter(text) {
        let (Some(m), Some(y)) = (num(&c, 1), c.get(2)) else {
            continue;
        };
        if (1..=12).contains(&m) {
            let w = whole(&c);
            let found = FoundDate {
                year: full_year(y.as_str()),
                month: m,
                day: 1,
                style: Style::NumericMonthYear,
            };
            push(out, w.start, w.end, found);
        }
    }
}

fn long_name(name: &str) -> bool {
    name.trim_end_matches('.').len() > 4 || name.eq_ignore_ascii_case("may")
}

fn named_dates(text: &str, out: &mut Vec<Span>) {
    // "March 4, 2019" / "March the 4th" (name 1, "the" 2, day 3, suffix 4, year 5) and
    // "4 March 2019" (day 1, name 2, year 3).
    for c in MONTH_FIRST.captures_iter(text) {
        let (Some(name), Some(d)) = (c.get(1), num(&c, 3)) else {
            continue;
        };
        let year = c.get(5).and_then(|y| year_of(y.as_str()));
        // "May 22nd", "May. 22", "May the 22nd" are the month, not the verb.
        let unambiguous = c.get(2).is_some() || c.get(4).is_some() || name.as_str().ends_with('.');
        month_name_date(out, &c, name.as_str(), d, year, unambiguous, false);
    }
    for c in DAY_FIRST.captures_iter(text) {
        let (Some(name), Some(d)) = (c.get(2), num(&c, 1)) else {
            continue;
        };
        let year = c.get(3).and_then(|y| year_of(y.as_str()));
        month_name_date(out, &c, name.as_str(), d, year, true, true);
    }
    for c in WORD_DAY_FIRST.captures_iter(text) {
        let (Some(word), Some(name)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let Some(d) = ordinal_day(word.as_str()) else {
            continue;
        };
        let year = c.get(3).and_then(|y| year_of(y.as_str()));
        month_name_date(out, &c, name.as_str(), d, year, true, true);
    }
    for c in WORD_MONTH_FIRST.captures_iter(text) {
        let (Some(name), Some(word)) = (c.get(1), c.get(3)) else {
            continue;
        };
        let Some(d) = ordinal_day(word.as_str()) else {
            continue;
        };
        let year = c.get(4).and_then(|y| year_of(y.as_str()));
        month_name_date(out, &c, name.as_str(), d, year, c.get(2).is_some(), false);
    }
    for c in COMPACT_MONTH.captures_iter(text) {
        let (Some(d), Some(name), Some(y)) = (num(&c, 1), c.get(2), c.get(3)) else {
            continue;
        };
        month_name_date(out, &c, name.as_str(), d, year_of(y.as_str()), true, true);
    }
    for c in MONTH_YEAR.captures_iter(text) {
        let (Some(name), Some(y)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let Some(m) = month_number(name.as_str()) else {
            continue;
        };
        let w = whole(&c);
        let found = FoundDate {
            year: year_of(y.as_str()),
            month: m,
            day: 1,
            style: Style::MonthYear {
                long: long_name(name.as_str()),
            },
        };
        push(out, w.start, w.end, found);
    }
}

/// A date written with a month name. "May 5" without a year is too often the verb: May needs a
/// year, or "the" before the day, or to come after the day.
fn month_name_date(
    out: &mut Vec<Span>,
    c: &Captures<'_>,
    name: &str,
    day: u32,
    year: Option<i32>,
    unambiguous: bool,
    day_first: bool,
) {
    let Some(m) = month_number(name) else {
        return;
    };
    if !valid_day(m, day) || (m == 5 && year.is_none() && !unambiguous) {
        return;
    }
    let w = whole(c);
    let found = FoundDate {
        year,
        month: m,
        day,
        style: Style::MonthName {
            long: long_name(name),
            day_first,
        },
    };
    push(out, w.start, w.end, found);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str, order: DateOrder) -> Vec<(String, Option<i32>, u32, u32)> {
        let mut out = Vec::new();
        find_dates(text, order, &mut out);
        let spans = super::super::patterns::resolve_spans(out, text);
        spans
            .into_iter()
            .filter_map(|s| {
                let d = s.date?;
                Some((text[s.start..s.end].to_string(), d.year, d.month, d.day))
            })
            .collect()
    }

    #[test]
    fn words_ordinals_and_short_years() {
        let got = dates(
            "Seen March 3rd, 2021, the 3rd of March 2021, the third of March, June twenty-first, 2019, \
             March the 4th, Aug 14 '22, 25AUG2023, 4 Aug 19, MARCH 4, 2019.",
            DateOrder::MonthFirst,
        );
        let want = [
            ("March 3rd, 2021", Some(2021), 3, 3),
            ("3rd of March 2021", Some(2021), 3, 3),
            ("third of March", None, 3, 3),
            ("June twenty-first, 2019", Some(2019), 6, 21),
            ("March the 4th", None, 3, 4),
            ("Aug 14 '22", Some(2022), 8, 14),
            ("25AUG2023", Some(2023), 8, 25),
            ("4 Aug 19", Some(2019), 8, 4),
            ("MARCH 4, 2019", Some(2019), 3, 4),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(t, y, m, d)| (t.to_string(), *y, *m, *d))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn day_first_by_order_or_by_necessity() {
        assert_eq!(
            dates("on 03/04/2021 and 13/04/2021", DateOrder::MonthFirst),
            [
                ("03/04/2021".to_string(), Some(2021), 3, 4),
                ("13/04/2021".to_string(), Some(2021), 4, 13)
            ]
        );
        assert_eq!(
            dates("on 03/04/21", DateOrder::DayFirst),
            [("03/04/21".to_string(), Some(2021), 4, 3)]
        );
    }

    #[test]
    fn may_the_verb_is_not_a_date() {
        assert!(dates(
            "she may 2 weeks later return; May 5 we shall see",
            DateOrder::MonthFirst
        )
        .is_empty());
        assert_eq!(dates("May the 4th", DateOrder::MonthFirst).len(), 1);
        assert_eq!(
            dates(
                "May. 22nd; MAY 22ND; 22ND OF MAY 2019; DECEMBER OF 2024",
                DateOrder::MonthFirst
            )
            .len(),
            4
        );
    }
}
