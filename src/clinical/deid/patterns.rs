//! Finding identifiers in free text: the HIPAA Safe Harbor pattern types, plus the patient's own
//! names and identifiers wherever they recur.
//!
//! [`find`] is pure: text in, non-overlapping [`Span`]s out, so the evaluation set in
//! tests/fixtures/deid/ measures exactly what `ddx deid` removes. Identifiers introduced by a
//! keyword (MRN, account, member id, serial, licence) are found by the value after the keyword;
//! the keyword itself stays, so "MRN: [MRN]" still reads naturally.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::dates::{full_year, month_number, FoundDate, Style};

/// Identifier types, as counted in the `deid` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Name,
    Date,
    Age,
    Phone,
    Fax,
    Email,
    Ssn,
    Mrn,
    Account,
    HealthPlan,
    Address,
    Zip,
    Url,
    Ip,
    DeviceId,
    License,
    OtherId,
}

/// Three-digit ZIP prefixes whose area had 20,000 people or fewer in the 2000 Census (HHS
/// de-identification guidance): Safe Harbor requires them to be written as 000.
const SPARSE_ZIP3: &[&str] = &[
    "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
    "879", "884", "890", "893",
];

/// What a ZIP code may keep under Safe Harbor: its first three digits, or `000` for a sparsely
/// populated prefix or anything that is not a US ZIP code.
pub fn zip3(zip: &str) -> String {
    let zip = zip.trim();
    let digits = zip.len() >= 5 && zip.as_bytes()[..5].iter().all(u8::is_ascii_digit);
    match zip.get(..3) {
        Some(prefix) if digits && !SPARSE_ZIP3.contains(&prefix) => prefix.to_string(),
        _ => "000".to_string(),
    }
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Date => "date",
            Self::Age => "age",
            Self::Phone => "phone",
            Self::Fax => "fax",
            Self::Email => "email",
            Self::Ssn => "ssn",
            Self::Mrn => "mrn",
            Self::Account => "account",
            Self::HealthPlan => "health_plan",
            Self::Address => "address",
            Self::Zip => "zip",
            Self::Url => "url",
            Self::Ip => "ip",
            Self::DeviceId => "device_id",
            Self::License => "license",
            Self::OtherId => "other_id",
        }
    }

    /// The placeholder written in place of the identifier (dates, ages and ZIPs are rewritten).
    pub fn placeholder(self) -> &'static str {
        match self {
            Self::Name => "[NAME]",
            Self::Date => "[DATE]",
            Self::Age => "90+",
            Self::Phone => "[PHONE]",
            Self::Fax => "[FAX]",
            Self::Email => "[EMAIL]",
            Self::Ssn => "[SSN]",
            Self::Mrn => "[MRN]",
            Self::Account => "[ACCOUNT]",
            Self::HealthPlan => "[HEALTH_PLAN]",
            Self::Address => "[ADDRESS]",
            Self::Zip => "[ZIP]",
            Self::Url => "[URL]",
            Self::Ip => "[IP]",
            Self::DeviceId => "[DEVICE_ID]",
            Self::License => "[LICENSE]",
            Self::OtherId => "[ID]",
        }
    }
}

/// One identifier found in text (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// For dates: what was parsed, so it can be shifted or cut to the year.
    pub date: Option<FoundDate>,
}

/// What is known about the patient from structured fields: literal strings to remove.
#[derive(Debug, Default)]
pub struct Known {
    literals: Vec<(Regex, Kind)>,
}

impl Known {
    /// Add literal values (names, identifiers, address parts) of one kind. Name values are split
    /// into words, each matched case-insensitively on its own ("DOE, JANE" and "Jane" both hit).
    pub fn add(&mut self, kind: Kind, values: &[String]) {
        let mut words: Vec<String> = Vec::new();
        for value in values {
            if kind == Kind::Name {
                for w in value.split(|c: char| c.is_whitespace() || c == ',') {
                    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                    // Initials and titles are too short to be matched safely on their own.
                    if w.chars().count() >= 2 && !is_title(w) {
                        words.push(regex::escape(w));
                    }
                }
            } else if value.trim().chars().count() >= 3 {
                words.push(regex::escape(value.trim()));
            }
        }
        if words.is_empty() {
            return;
        }
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words.dedup();
        let pattern = if kind == Kind::Name {
            format!(r"(?i)\b({})\b", words.join("|"))
        } else {
            format!(r"(?i)({})", words.join("|"))
        };
        if let Ok(re) = Regex::new(&pattern) {
            self.literals.push((re, kind));
        }
    }
}

fn is_title(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "mr" | "mrs" | "ms" | "miss" | "mx" | "dr" | "jr" | "sr" | "ii" | "iii" | "md" | "phd"
    )
}

macro_rules! re {
    ($name:ident, $pattern:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| {
            #[allow(clippy::unwrap_used)] // a constant pattern, covered by every test
            Regex::new($pattern).unwrap()
        });
    };
}

const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)\.?";

re!(URL, r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>"'\])]+"#);
re!(
    EMAIL,
    r"(?i)\b[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b"
);
re!(IPV4, r"\b\d{1,3}(?:\.\d{1,3}){3}\b");
re!(IPV6, r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}");
re!(SSN, r"\b\d{3}-\d{2}-\d{4}\b");
re!(
    SSN_KEYWORD,
    r"(?i)\b(?:SSN|social security(?: number| no\.?| #)?|SS#)\s*[:#]?\s*(\d{3}[- ]?\d{2}[- ]?\d{4})\b"
);
re!(
    PHONE,
    r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b(?:\s*(?:x|ext\.?)\s*\d{1,5}\b)?"
);
re!(
    PHONE_KEYWORD,
    r"(?i)\b(?:phone|tel|telephone|cell|mobile|pager|fax|call(?:ed)?(?: at)?|contact)\b[^\d\n]{0,12}(\d{10}|\d{3}-\d{4})\b"
);
re!(
    MRN,
    r"(?i)\b(?:MRN|MR#|MR no\.?|medical record(?: number| no\.?| #)?|chart(?: number| no\.?| #)|patient id|hospital number)\s*(?:is\s+)?[:#]?\s*([A-Z0-9][A-Z0-9-]{3,})"
);
re!(
    ACCOUNT,
    r"(?i)\b(?:account|acct\.?|billing|encounter|visit)(?: number| no\.?| #|#)\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{3,})|\b(?:account|acct\.?)\s*[:#]\s*([A-Z0-9][A-Z0-9-]{3,})"
);
re!(
    HEALTH_PLAN,
    r"(?i)\b(?:member|subscriber|policy|insurance|health plan|beneficiary|medicaid|medicare|group|plan)(?: id| number| no\.?| #|#)?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{4,})"
);
re!(
    DEVICE,
    r"(?i)\b(?:serial(?: number| no\.?| #)?|S/N|device id|device identifier|UDI|IMEI|model(?: number| no\.?))\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{3,})"
);
re!(
    LICENSE,
    r"(?i)\b(?:licen[cs]e(?: number| no\.?| #)?|DEA(?: number| no\.?| #)?|NPI(?: number)?|certificate(?: number| no\.?)|plate(?: number)?|VIN|passport(?: number| no\.?)?)\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{4,})"
);
re!(
    ADDRESS,
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][A-Za-z0-9'.-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Corner|Crossing|Row|Loop|Path|Pike|Alley|Heights|Ridge)\b\.?(?:,?\s+(?:Apt|Apartment|Unit|Suite|Ste|#)\.?\s*[A-Za-z0-9-]+)?"
);
re!(PO_BOX, r"(?i)\bP\.?\s?O\.?\s+Box\s+\d+");
re!(
    ZIP_STATE,
    r"\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming),?\s+(\d{5}(?:-\d{4})?)\b"
);
re!(
    ZIP_KEYWORD,
    r"(?i)\b(?:zip|zip code|postal code|zipcode)\s*[:#]?\s*(\d{5}(?:-\d{4})?)\b"
);
re!(
    DATE_ISO,
    r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
);
re!(DATE_YMD, r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b");
re!(
    DATE_COMPACT,
    r"\b((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\b"
);
re!(
    DATE_NUMERIC,
    r"\b(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2})\b"
);
re!(
    DATE_SHORT,
    r"(?i)\b(?:on|since|from|until|till|dated|by|starting|through|thru|of|to|and|due|before|after)\s+(\d{1,2})/(\d{1,2})\b"
);
re!(DATE_MONTH_YEAR_NUMERIC, r"\b(\d{1,2})/(\d{4})\b");
static DATE_MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a constant pattern, covered by every test
    Regex::new(&format!(
        r"\b({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"
    ))
    .unwrap()
});
static DATE_DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a constant pattern, covered by every test
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of\s+|[\s-]+)({MONTH}),?(?:[\s-]+(\d{{4}})\b)?"
    ))
    .unwrap()
});
static DATE_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a constant pattern, covered by every test
    Regex::new(&format!(r"\b({MONTH}),?\s+(?:of\s+)?(\d{{4}})\b")).unwrap()
});
re!(
    AGE,
    r"(?i)\b(9\d|1[0-4]\d)(?:\s*|-)(?:years?|yrs?|y/?o|y\.o\.|yo)\b"
);
re!(AGE_KEYWORD, r"(?i)\b(?:age|aged|age:)\s*(9\d|1[0-4]\d)\b");
re!(
    TITLE_NAME,
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Nurse|Sister)\.?\s+((?:[A-Z]\.\s+)?[A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+)?)"
);
re!(
    SIGNED_NAME,
    r"\b(?:[Ss]igned by|[Dd]ictated by|[Ss]een by|[Rr]eviewed by|[Ee]xamined by|[Aa]ttending|[Rr]eferred by|[Cc]c|[Pp]rovider|[Pp]hysician|PCP)\s*:?\s+([A-Z][a-z'-]+(?:\s+[A-Z]\.)?\s+[A-Z][a-zA-Z'-]+)"
);
re!(
    CREDENTIAL_NAME,
    r"\b([A-Z][a-z'-]+(?:\s+[A-Z]\.)?\s+[A-Z][a-zA-Z'-]+),?\s+(?:MD|M\.D\.|DO|RN|NP|PA-C|PA|PhD|FNP|APRN)\b"
);

fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

fn group_span(caps: &Captures<'_>, kind: Kind) -> Option<Span> {
    let m = (1..caps.len()).find_map(|i| caps.get(i))?;
    Some(Span {
        start: m.start(),
        end: m.end(),
        kind,
        date: None,
    })
}

fn valid_day(month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

fn date_span(start: usize, end: usize, found: FoundDate) -> Span {
    Span {
        start,
        end,
        kind: Kind::Date,
        date: Some(found),
    }
}

/// The date a whole match stands for.
fn matched_date(c: &Captures<'_>, found: FoundDate) -> Span {
    let whole = c.get(0).map_or(0..0, |w| w.range());
    date_span(whole.start, whole.end, found)
}

fn find_dates(text: &str, out: &mut Vec<Span>) {
    let num = |c: &Captures<'_>, i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    for c in DATE_ISO.captures_iter(text) {
        let (Some(y), Some(m), Some(d)) = (c.get(1), num(&c, 2), num(&c, 3)) else {
            continue;
        };
        if valid_day(m, d) {
            let whole = c.get(0).map_or(0..0, |w| w.range());
            // Keep the time of day as written: only the date part is replaced.
            let date_end = whole.start + 10.min(whole.len());
            let end = if whole.len() > 10 {
                date_end
            } else {
                whole.end
            };
            out.push(date_span(
                whole.start,
                end,
                FoundDate {
                    year: full_year(y.as_str()),
                    month: m,
                    day: d,
                    style: Style::Iso,
                },
            ));
        }
    }
    for (re, style) in [(&*DATE_YMD, Style::Iso), (&*DATE_COMPACT, Style::Compact)] {
        for c in re.captures_iter(text) {
            let (Some(y), Some(m), Some(d)) = (c.get(1), num(&c, 2), num(&c, 3)) else {
                continue;
            };
            if valid_day(m, d) {
                out.push(matched_date(
                    &c,
                    FoundDate {
                        year: full_year(y.as_str()),
                        month: m,
                        day: d,
                        style,
                    },
                ));
            }
        }
    }
    for c in DATE_NUMERIC.captures_iter(text) {
        let (Some(m), Some(d), Some(y)) = (num(&c, 1), num(&c, 3), c.get(5)) else {
            continue;
        };
        let sep = c.get(2).map_or("/", |s| s.as_str());
        if c.get(4).map(|s| s.as_str()) != Some(sep) || !valid_day(m, d) {
            continue;
        }
        let sep = sep.chars().next().unwrap_or('/');
        out.push(matched_date(
            &c,
            FoundDate {
                year: full_year(y.as_str()),
                month: m,
                day: d,
                style: Style::Numeric(sep),
            },
        ));
    }
    for c in DATE_SHORT.captures_iter(text) {
        let (Some(m), Some(d), Some(first)) = (num(&c, 1), num(&c, 2), c.get(1)) else {
            continue;
        };
        let end = c.get(2).map_or(first.end(), |x| x.end());
        if valid_day(m, d) {
            out.push(date_span(
                first.start(),
                end,
                FoundDate {
                    year: None,
                    month: m,
                    day: d,
                    style: Style::Numeric('/'),
                },
            ));
        }
    }
    for c in DATE_MONTH_YEAR_NUMERIC.captures_iter(text) {
        let (Some(m), Some(y)) = (num(&c, 1), c.get(2)) else {
            continue;
        };
        if (1..=12).contains(&m) {
            out.push(matched_date(
                &c,
                FoundDate {
                    year: full_year(y.as_str()),
                    month: m,
                    day: 1,
                    style: Style::NumericMonthYear,
                },
            ));
        }
    }
    let long =
        |name: &str| name.trim_end_matches('.').len() > 4 || name.eq_ignore_ascii_case("may");
    // "March 4, 2019" (name in group 1, day in 2) and "4 March 2019" (day in 1, name in 2).
    for (pattern, day_first) in [(&*DATE_MONTH_FIRST, false), (&*DATE_DAY_FIRST, true)] {
        let (name_group, day_group) = if day_first { (2, 1) } else { (1, 2) };
        for c in pattern.captures_iter(text) {
            let (Some(name), Some(d)) = (c.get(name_group), num(&c, day_group)) else {
                continue;
            };
            let Some(m) = month_number(name.as_str()) else {
                continue;
            };
            // "May 5" without a year is too often the verb; require a year for May.
            if !valid_day(m, d) || (m == 5 && c.get(3).is_none()) {
                continue;
            }
            out.push(matched_date(
                &c,
                FoundDate {
                    year: c.get(3).and_then(|y| full_year(y.as_str())),
                    month: m,
                    day: d,
                    style: Style::MonthName {
                        long: long(name.as_str()),
                        day_first,
                    },
                },
            ));
        }
    }
    for c in DATE_MONTH_YEAR.captures_iter(text) {
        let (Some(name), Some(y)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let Some(m) = month_number(name.as_str()) else {
            continue;
        };
        out.push(matched_date(
            &c,
            FoundDate {
                year: full_year(y.as_str()),
                month: m,
                day: 1,
                style: Style::MonthYear {
                    long: long(name.as_str()),
                },
            },
        ));
    }
}

/// Every identifier in `text`, sorted and non-overlapping (the longest wins at each place).
pub fn find(text: &str, known: &Known) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let whole = |m: regex::Match<'_>, kind: Kind| Span {
        start: m.start(),
        end: m.end(),
        kind,
        date: None,
    };
    for (re, kind) in &known.literals {
        for c in re.captures_iter(text) {
            if let Some(s) = group_span(&c, *kind) {
                spans.push(s);
            }
        }
    }
    for m in URL.find_iter(text) {
        let trimmed = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
        spans.push(Span {
            start: m.start(),
            end: m.start() + trimmed.len(),
            kind: Kind::Url,
            date: None,
        });
    }
    spans.extend(EMAIL.find_iter(text).map(|m| whole(m, Kind::Email)));
    spans.extend(
        IPV4.find_iter(text)
            .filter(|m| m.as_str().parse::<Ipv4Addr>().is_ok())
            .map(|m| whole(m, Kind::Ip)),
    );
    spans.extend(
        IPV6.find_iter(text)
            .filter(|m| {
                m.as_str().matches(':').count() >= 2 && m.as_str().parse::<Ipv6Addr>().is_ok()
            })
            .map(|m| whole(m, Kind::Ip)),
    );
    spans.extend(SSN.find_iter(text).map(|m| whole(m, Kind::Ssn)));
    spans.extend(
        SSN_KEYWORD
            .captures_iter(text)
            .filter_map(|c| group_span(&c, Kind::Ssn)),
    );
    for m in PHONE.find_iter(text) {
        let before = &text[m.start().saturating_sub(24)..m.start()];
        let before = before.get(..).unwrap_or_default().to_ascii_lowercase();
        let kind = if before.contains("fax") {
            Kind::Fax
        } else {
            Kind::Phone
        };
        spans.push(whole(m, kind));
    }
    for c in PHONE_KEYWORD.captures_iter(text) {
        let kind = if c
            .get(0)
            .is_some_and(|m| m.as_str().to_ascii_lowercase().starts_with("fax"))
        {
            Kind::Fax
        } else {
            Kind::Phone
        };
        spans.extend(group_span(&c, kind));
    }
    for (re, kind) in [
        (&*MRN, Kind::Mrn),
        (&*ACCOUNT, Kind::Account),
        (&*HEALTH_PLAN, Kind::HealthPlan),
        (&*DEVICE, Kind::DeviceId),
        (&*LICENSE, Kind::License),
    ] {
        for c in re.captures_iter(text) {
            if let Some(s) = group_span(&c, kind) {
                if has_digit(&text[s.start..s.end]) {
                    spans.push(s);
                }
            }
        }
    }
    spans.extend(ADDRESS.find_iter(text).map(|m| whole(m, Kind::Address)));
    spans.extend(PO_BOX.find_iter(text).map(|m| whole(m, Kind::Address)));
    spans.extend(
        ZIP_STATE
            .captures_iter(text)
            .filter_map(|c| group_span(&c, Kind::Zip)),
    );
    spans.extend(
        ZIP_KEYWORD
            .captures_iter(text)
            .filter_map(|c| group_span(&c, Kind::Zip)),
    );
    find_dates(text, &mut spans);
    spans.extend(
        AGE.captures_iter(text)
            .filter_map(|c| group_span(&c, Kind::Age)),
    );
    spans.extend(
        AGE_KEYWORD
            .captures_iter(text)
            .filter_map(|c| group_span(&c, Kind::Age)),
    );
    for re in [&*TITLE_NAME, &*SIGNED_NAME, &*CREDENTIAL_NAME] {
        spans.extend(
            re.captures_iter(text)
                .filter_map(|c| group_span(&c, Kind::Name)),
        );
    }
    resolve(spans, text)
}

/// Longest first at each start; drop spans overlapping an accepted one; merge adjacent names.
fn resolve(mut spans: Vec<Span>, text: &str) -> Vec<Span> {
    spans.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
    });
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if span.start >= span.end {
            continue;
        }
        if let Some(last) = out.last_mut() {
            if span.start < last.end {
                // Overlap: keep the longer one.
                if span.end - span.start > last.end - last.start {
                    *last = span;
                }
                continue;
            }
            let gap = &text[last.end..span.start];
            if last.kind == Kind::Name
                && span.kind == Kind::Name
                && gap.chars().all(|c| c == ' ' || c == ',')
                && gap.len() <= 2
            {
                last.end = span.end;
                continue;
            }
        }
        out.push(span);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip3_keeps_three_digits_except_sparse_prefixes() {
        assert_eq!(zip3("02139"), "021");
        assert_eq!(zip3("02139-4307"), "021");
        assert_eq!(zip3(" 10001 "), "100");
        for sparse in ["03601", "05901", "69201", "82301", "89301-1234"] {
            assert_eq!(zip3(sparse), "000", "{sparse}");
        }
        for odd in ["", "021", "K1A 0B1", "0213x"] {
            assert_eq!(zip3(odd), "000", "{odd:?}");
        }
    }

    fn kinds(text: &str) -> Vec<(String, &'static str)> {
        find(text, &Known::default())
            .into_iter()
            .map(|s| (text[s.start..s.end].to_string(), s.kind.as_str()))
            .collect()
    }

    #[test]
    fn pattern_types() {
        let got = kinds(
            "Call (617) 555-0134 or fax 617.555.0199; mail jo@x.org; SSN 123-45-6789; MRN: A12345; \
             see https://ex.org/a. from 10.0.0.12 and fe80::1ff:fe23:4567:890a; lives at 12 Elm Street, Boston, MA 02139.",
        );
        let want = [
            ("(617) 555-0134", "phone"),
            ("617.555.0199", "fax"),
            ("jo@x.org", "email"),
            ("123-45-6789", "ssn"),
            ("A12345", "mrn"),
            ("https://ex.org/a", "url"),
            ("10.0.0.12", "ip"),
            ("fe80::1ff:fe23:4567:890a", "ip"),
            ("12 Elm Street", "address"),
            ("02139", "zip"),
        ];
        for (text, kind) in want {
            assert!(
                got.contains(&(text.to_string(), kind)),
                "{text} as {kind} not in {got:?}"
            );
        }
    }

    #[test]
    fn dates_and_ages() {
        let got = kinds("Seen 2019-03-04T10:00, 3/4/2019, March 4, 2019, 4 Mar 2019, in June 2018, on 3/14. A 93-year-old; age 95. BP 120/80, Hb 12.5, 10:30:45.");
        let dates: Vec<_> = got
            .iter()
            .filter(|(_, k)| *k == "date")
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(
            dates,
            [
                "2019-03-04",
                "3/4/2019",
                "March 4, 2019",
                "4 Mar 2019",
                "June 2018",
                "3/14"
            ]
        );
        let ages: Vec<_> = got
            .iter()
            .filter(|(_, k)| *k == "age")
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(ages, ["93", "95"]);
        assert_eq!(got.len(), 8, "{got:?}");
    }

    #[test]
    fn names_from_fields_and_titles() {
        let mut known = Known::default();
        known.add(Kind::Name, &["Jane Q. Doe".into()]);
        let text = "DOE, JANE seen by Dr. Alan Grant; Jane reports pain. Signed by Mary Smith, MD";
        let found: Vec<_> = find(text, &known)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(found, ["DOE, JANE", "Alan Grant", "Jane", "Mary Smith"]);
    }

    #[test]
    fn clinical_numbers_are_left_alone() {
        let text = "BP 120/80, HR 88, Na 140 mmol/L, metformin 500 mg BID, ICD-10 E11.9, LOINC 2823-3, 2 of 3 criteria, since 2019.";
        assert_eq!(kinds(text), Vec::<(String, &str)>::new());
    }
}
