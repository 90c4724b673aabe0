//! Finding identifiers in free text: the HIPAA Safe Harbor pattern types in the formats notes
//! use, the patient's own identifiers wherever they recur ([`Known`]), dates
//! ([`super::date_finder`]) and names without a structured field ([`super::names`]).
//!
//! [`find`] is pure: text in, non-overlapping [`Span`]s out, so the evaluation sets in
//! tests/fixtures/deid/ measure exactly what `ddx deid` removes. Identifiers introduced by a
//! keyword (MRN, Hosp #, Acct, member id, serial, licence, plate) are found by the value after
//! the keyword; the keyword itself stays, so "MRN: [MRN]" still reads naturally.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::dates::{DateOrder, FoundDate};
use super::kind::Kind;
use super::known::Known;

/// One identifier found in text (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// For dates: what was parsed, so it can be shifted or cut to the year.
    pub date: Option<FoundDate>,
}

macro_rules! re {
    ($name:ident, $pattern:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| {
            #[allow(clippy::unwrap_used)] // a constant pattern, covered by every test
            Regex::new($pattern).unwrap()
        });
    };
}

/// US states and territories, by abbreviation and name (they stay; a ZIP after one goes).
const STATES: &str = r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR|AB|BC|MB|NB|NL|NS|ON|PE|QC|SK|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming)";

/// Street suffixes, any case ("St", "STREET").
const STREET: &str = r"(?i:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Corner|Crossing|Row|Loop|Path|Pike|Alley|Heights|Ridge)";

re!(URL, r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>"'\])]+"#);
re!(EMAIL, r"(?i)\b\w[\w.%+-]*@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b");
re!(IPV4, r"\b\d{1,3}(?:\.\d{1,3}){3}\b");
re!(IPV6, r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}");
re!(SSN, r"\b\d{3}-\d{2}-\d{4}\b");
re!(
    SSN_KEYWORD,
    r"(?i)\b(?:SSN|social security(?: number| no\.?| #)?|SS#|SS no\.?)\s*[:#]?\s*(\d{3}[- ]?\d{2}[- ]?\d{4})\b"
);
// Area code in brackets or followed by a separator (space, dot, dash or slash), then seven
// digits, with an optional +1 or 1 before and an extension after.
re!(
    PHONE,
    r"(?:\+?\b1[\s.\-/]?|\+1\s?)?(?:\(\d{3}\)\s?|\b\d{3}(?:[\s.\-/]|\s?/\s?))\d{3}[\s.\-]\d{4}\b(?:\s*,?\s*(?i:x|ext\.?|extension|#)\s*\d{1,5}\b)?"
);
// Ten digits in one run, as a North American number is (area code and exchange from 2 to 9).
re!(PHONE_RUN, r"\b[2-9]\d{2}[2-9]\d{6}\b");
re!(
    PHONE_KEYWORD,
    r"(?i)\b(?:phone|tel|telephone|cell|mobile|pager|fax|call(?:ed)?(?: at)?|contact)\b[^\d\n]{0,12}(\d{10}|\d{3}-\d{4})\b"
);
// Code systems whose codes are long runs of digits: such a run is a code, not a phone number.
re!(
    CODE_KEYWORD,
    r"(?i)\b(?:snomed(?:\s*ct)?|loinc|cpt|icd(?:-?\d+)?(?:-cm)?|ndc|rxnorm|rxcui|npi|code|dea|csn|fin|acct|account|mrn|encounter|enc|member|policy|claim|order|accession|lot|serial|s/n|sn)\b[^\n]{0,12}$"
);
re!(
    MRN,
    r"(?i)\b(?:MRN|MR\s*#|MR\s*no\.?|MR[\s:]|med(?:ical)?\.?\s*rec(?:ord)?\.?(?:\s*(?:number|no\.?|#))?|chart(?:\s*(?:number|no\.?|#))|patient\s*(?:id|#|number|no\.?)|pt\.?\s*(?:id|#)|hosp(?:ital)?\.?\s*(?:number|no\.?|#|id)|unit\s*(?:number|no\.?|#)|UR\s*(?:number|no\.?|#)|URN|EMR\s*(?:id|#|number|no\.?)|hospital number)\s*(?:is\s+)?[:#]?\s*([A-Z0-9][A-Z0-9-]{3,})"
);
re!(
    ACCOUNT,
    r"(?i)\b(?:account|acct\.?|billing|encounter|enc\.?|visit)(?:\s*(?:number|no\.?|#|id))\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{3,})|\b(?:account|acct\.?)\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{4,})|\b(?:FIN|CSN|HAR)\s*[:#]?\s*(\d{5,})"
);
re!(
    HEALTH_PLAN,
    r"(?i)\b(?:member|subscriber|policy|insurance|health plan|beneficiary|medicaid|medicare|MBI|group|plan)(?: id| number| no\.?| #|#)?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{4,})"
);
// A Medicare Beneficiary Identifier wherever it stands: 11 characters in a fixed pattern of
// digits and letters (no S, L, O, I, B or Z), with optional dashes after the 4th and 7th.
re!(
    MBI,
    r"\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}\b"
);
re!(
    DEVICE,
    r"(?i)\b(?:(?:serial(?: number| no\.?| #)?|S/N|device id|device identifier|UDI|IMEI|model(?: number| no\.?))\s*[:#]?|SN\s*[:#]|SN\s)\s*([A-Z0-9][A-Z0-9-]{3,})"
);
re!(
    LICENSE,
    r"(?i)\b(?:licen[cs]e(?: number| no\.?| #)?|(?-i:DL)\s*[#:]|DEA(?: number| no\.?| #)?|NPI(?: number)?|certificate(?: number| no\.?)|passport(?: number| no\.?)?)\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{4,})"
);
// Plates follow "licence plate", "plate #" or "plate number"; a bare "plate" is too often bone.
re!(
    VEHICLE,
    r"(?i)\b(?:licen[cs]e\s+plate(?:\s*(?:number|no\.?|#))?|plate\s*(?:number|no\.?|#)|tag\s*(?:number|no\.?|#))\s*[:#]?\s*((?-i:[A-Z0-9]{1,4}[\s-]?[A-Z0-9]{2,5}))\b|\bVIN\s*[:#]?\s*([A-HJ-NPR-Z0-9]{17})\b"
);
re!(PO_BOX, r"(?i)\bP\.?\s?O\.?\s+Box\s+\d+");
re!(ZIP_PLUS4, r"\b\d{5}-\d{4}\b");
re!(
    ZIP_KEYWORD,
    r"(?i)\b(?:zip|zip code|postal code|zipcode)\s*[:#]?\s*(\d{5}(?:-\d{4})?)\b"
);
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a constant pattern, covered by every test
    Regex::new(&format!(
        r"\b\d{{1,6}}\s+(?:[NSEW]\.?\s+)?(?:(?:[A-Z][A-Za-z'.-]*|\d{{1,3}}(?:st|nd|rd|th))\s+){{1,4}}{STREET}\b\.?(?:,?\s+(?i:Apt|Apartment|Unit|Suite|Ste|Flat|#)\.?\s*[A-Za-z0-9-]+)?"
    ))
    .unwrap()
});
// What follows a street address or a PO box: ", City, ST 02108" (city 1, state 2, ZIP 3).
static ADDRESS_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a constant pattern, covered by every test
    Regex::new(&format!(
        r"^,?\s+((?:[A-Z][A-Za-z'.-]+\s?){{1,3}}?),?\s+(?:({STATES})\b,?\s*)?(\d{{5}}(?:-\d{{4}})?)?\b"
    ))
    .unwrap()
});
static STATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a constant pattern, covered by every test
    Regex::new(&format!("^{STATES}$")).unwrap()
});
// "Dayton, OH 45402": the city before a state and a ZIP (city 1, ZIP 2).
static CITY_STATE_ZIP: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a constant pattern, covered by every test
    Regex::new(&format!(
        r"\b((?:[A-Z][A-Za-z'.-]+\s){{0,2}}[A-Z][A-Za-z'.-]+),\s+{STATES},?\s+(\d{{5}}(?:-\d{{4}})?)\b"
    ))
    .unwrap()
});
static ZIP_STATE: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a constant pattern, covered by every test
    Regex::new(&format!(r"\b{STATES},?\s+(\d{{5}}(?:-\d{{4}})?)\b")).unwrap()
});
re!(
    AGE,
    r"(?i)\b(9\d|1[0-4]\d)(?:\s*|-)(?:years?|yrs?|y/?o|y\.o\.|yo)\b"
);
re!(AGE_KEYWORD, r"(?i)\b(?:age|aged|age:)\s*(9\d|1[0-4]\d)\b");
re!(
    AGE_WORDS,
    r"(?i)\b(ninety(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|one hundred(?:[\s-](?:and[\s-])?\w+)?)[\s-](?:years?|yrs?|y/?o)\b"
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

fn whole(m: regex::Match<'_>, kind: Kind) -> Span {
    Span {
        start: m.start(),
        end: m.end(),
        kind,
        date: None,
    }
}

/// Up to `n` bytes of `text` before `at`, cut at a character boundary.
fn before(text: &str, at: usize, n: usize) -> &str {
    let mut from = at.saturating_sub(n);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..at]
}

/// Phone or fax, by what precedes the number.
fn phone_kind(text: &str, at: usize) -> Kind {
    let lead = before(text, at, 24).to_ascii_lowercase();
    if lead.contains("fax") || lead.trim_end().ends_with("f:") {
        Kind::Fax
    } else {
        Kind::Phone
    }
}

/// Every identifier in `text`, sorted and non-overlapping (the longest wins at each place);
/// all-numeric dates are read month first.
pub fn find(text: &str, known: &Known) -> Vec<Span> {
    find_ordered(text, known, DateOrder::MonthFirst)
}

/// [`find`], with all-numeric dates read in `order` when both readings are possible.
pub fn find_ordered(text: &str, known: &Known, order: DateOrder) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for (re, kind) in &known.literals {
        for c in re.captures_iter(text) {
            spans.extend(group_span(&c, *kind));
        }
    }
    contacts(text, &mut spans);
    numbers(text, &mut spans);
    super::shapes::find(text, &mut spans);
    places(text, &mut spans);
    super::date_finder::find_dates(text, order, &mut spans);
    for re in [&*AGE, &*AGE_KEYWORD, &*AGE_WORDS] {
        spans.extend(
            re.captures_iter(text)
                .filter_map(|c| group_span(&c, Kind::Age)),
        );
    }
    super::names::find(text, &mut spans);
    resolve_spans(spans, text)
}

/// URLs, emails, IP addresses and phone numbers.
fn contacts(text: &str, spans: &mut Vec<Span>) {
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
    for m in PHONE.find_iter(text) {
        spans.push(whole(m, phone_kind(text, m.start())));
    }
    for m in PHONE_RUN.find_iter(text) {
        if !CODE_KEYWORD.is_match(before(text, m.start(), 24)) {
            spans.push(whole(m, phone_kind(text, m.start())));
        }
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
}

/// SSNs and the numbers introduced by a keyword (record, account, plan, device, licence, plate).
fn numbers(text: &str, spans: &mut Vec<Span>) {
    spans.extend(SSN.find_iter(text).map(|m| whole(m, Kind::Ssn)));
    spans.extend(
        SSN_KEYWORD
            .captures_iter(text)
            .filter_map(|c| group_span(&c, Kind::Ssn)),
    );
    spans.extend(MBI.find_iter(text).map(|m| whole(m, Kind::HealthPlan)));
    for (re, kind) in [
        (&*MRN, Kind::Mrn),
        (&*ACCOUNT, Kind::Account),
        (&*HEALTH_PLAN, Kind::HealthPlan),
        (&*DEVICE, Kind::DeviceId),
        (&*LICENSE, Kind::License),
        (&*VEHICLE, Kind::Vehicle),
    ] {
        for c in re.captures_iter(text) {
            if let Some(s) = group_span(&c, kind) {
                if has_digit(&text[s.start..s.end]) {
                    spans.push(s);
                }
            }
        }
    }
}

/// Street addresses with the city and ZIP after them, PO boxes, cities before a state and ZIP,
/// ZIP codes after a state or a keyword, and ZIP+4 codes wherever they stand.
fn places(text: &str, spans: &mut Vec<Span>) {
    let tail = |end: usize, spans: &mut Vec<Span>| {
        if let Some(c) = ADDRESS_TAIL.captures(&text[end..]) {
            // A city only before a state or a ZIP code, which say it is one; a state is no city.
            let Some(city) = c.get(1).filter(|city| {
                (c.get(2).is_some() || c.get(3).is_some())
                    && !STATE_ONLY.is_match(city.as_str().trim())
            }) else {
                return;
            };
            let city_text = city.as_str().trim_end();
            spans.push(Span {
                start: end + city.start(),
                end: end + city.start() + city_text.len(),
                kind: Kind::Address,
                date: None,
            });
            if let Some(zip) = c.get(3) {
                spans.push(Span {
                    start: end + zip.start(),
                    end: end + zip.end(),
                    kind: Kind::Zip,
                    date: None,
                });
            }
        }
    };
    for m in ADDRESS.find_iter(text).chain(PO_BOX.find_iter(text)) {
        spans.push(whole(m, Kind::Address));
        tail(m.end(), spans);
    }
    for c in CITY_STATE_ZIP.captures_iter(text) {
        spans.extend(group_span(&c, Kind::Address));
    }
    spans.extend(ZIP_PLUS4.find_iter(text).map(|m| whole(m, Kind::Zip)));
    for re in [&*ZIP_STATE, &*ZIP_KEYWORD] {
        spans.extend(
            re.captures_iter(text)
                .filter_map(|c| group_span(&c, Kind::Zip)),
        );
    }
}

/// What may stand between two parts of one name: a comma and a space ("ZHANG, MEI"), middle
/// initials ("Grace M. Bennett") or particles ("Ngozi van der Merwe").
fn name_gap(gap: &str) -> bool {
    if gap.chars().all(|c| c == ' ' || c == ',') && gap.len() <= 2 {
        return true;
    }
    if !gap.starts_with(' ') || !gap.ends_with(' ') || gap.len() > 12 {
        return false;
    }
    gap.split_whitespace().all(|w| {
        let initial =
            w.len() == 2 && w.starts_with(|c: char| c.is_ascii_uppercase()) && w.ends_with('.');
        initial || super::names::is_particle(w)
    })
}

/// Longest first at each start; drop spans overlapping an accepted one; merge adjacent names.
pub(super) fn resolve_spans(mut spans: Vec<Span>, text: &str) -> Vec<Span> {
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
            if last.kind == Kind::Name && span.kind == Kind::Name && name_gap(gap) {
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

    fn kinds(text: &str) -> Vec<(String, &'static str)> {
        find(text, &Known::default())
            .into_iter()
            .map(|s| (text[s.start..s.end].to_string(), s.kind.as_str()))
            .collect()
    }

    fn assert_found(text: &str, want: &[(&str, &str)]) {
        let got = kinds(text);
        for (value, kind) in want {
            assert!(
                got.contains(&(value.to_string(), kind)),
                "{value} as {kind} not in {got:?}"
            );
        }
    }

    #[test]
    fn pattern_types() {
        assert_found(
            "Call (617) 555-0134 or fax 617.555.0199; mail jo@x.org; SSN 123-45-6789; MRN: A12345; \
             see https://ex.org/a. from 10.0.0.12 and fe80::1ff:fe23:4567:890a; lives at 12 Elm Street, Boston, MA 02139.",
            &[
                ("(617) 555-0134", "phone"),
                ("617.555.0199", "fax"),
                ("jo@x.org", "email"),
                ("123-45-6789", "ssn"),
                ("A12345", "mrn"),
                ("https://ex.org/a", "url"),
                ("10.0.0.12", "ip"),
                ("fe80::1ff:fe23:4567:890a", "ip"),
                ("12 Elm Street", "address"),
                ("Boston", "address"),
                ("02139", "zip"),
            ],
        );
    }

    #[test]
    fn phones_in_every_format() {
        for phone in [
            "306/381-4335",
            "(306)381-4335",
            "306 381 4335",
            "+1 306 381 4335",
            "+1-306-381-4335",
            "+1 (306) 381-4335",
            "1-306-381-4335",
            "306-381-4335 x204",
            "306-381-4335 ext. 12",
            "(306) 381-4335, ext 7",
            "+1.306.381.4335",
            "3063814335",
        ] {
            let text = format!("Cell {phone}; BP 120/80.");
            assert_eq!(kinds(&text), [(phone.to_string(), "phone")], "{text}");
        }
        assert!(kinds("SNOMED 2345678901, LOINC 4548-4").is_empty());
    }

    #[test]
    fn record_numbers_plans_plates_and_serials() {
        assert_found(
            "MR 1359551. Hosp # 2231. Unit No: 7788123. Med Rec # 5512345. Acct 55872011. \
             Encounter # 99123456. CSN: 1234567890. Medicare 1EG4-TE5-MK73. Plate # 7ABC123. \
             Licence plate ABC 1234. VIN 1HGCM82633A004352. SN: 2W9384A. DL# D1234567.",
            &[
                ("1359551", "mrn"),
                ("7788123", "mrn"),
                ("5512345", "mrn"),
                ("55872011", "account"),
                ("99123456", "account"),
                ("1234567890", "account"),
                ("1EG4-TE5-MK73", "health_plan"),
                ("7ABC123", "vehicle"),
                ("ABC 1234", "vehicle"),
                ("1HGCM82633A004352", "vehicle"),
                ("2W9384A", "device_id"),
                ("D1234567", "license"),
            ],
        );
        assert!(kinds("moderate MR. MR 2+ with growth plate 2 mm").is_empty());
    }

    #[test]
    fn zip_plus_four_and_cities_of_other_addresses() {
        assert_found(
            "Old address 2847 Juniper Blvd, Dayton, OH 74384-1016; also 02139-4307; Tulsa, OK 74101.",
            &[
                ("2847 Juniper Blvd", "address"),
                ("Dayton", "address"),
                ("74384-1016", "zip"),
                ("02139-4307", "zip"),
                ("Tulsa", "address"),
                ("74101", "zip"),
            ],
        );
    }

    #[test]
    fn ages_over_89_in_figures_and_words() {
        assert_found(
            "A 93-year-old; 92yo; aged 95; ninety-two-year-old; 91 years of age.",
            &[
                ("93", "age"),
                ("92", "age"),
                ("95", "age"),
                ("ninety-two", "age"),
                ("91", "age"),
            ],
        );
    }

    #[test]
    fn text_with_wide_characters_never_panics() {
        let text = "Joaquín Brooks (grandson) at +1 (454) 927-1186; Müller, fax 617/555-0199 ☎";
        let found = kinds(text);
        assert!(
            found.contains(&("617/555-0199".to_string(), "fax")),
            "{found:?}"
        );
    }

    #[test]
    fn clinical_numbers_are_left_alone() {
        let text = "BP 120/80, HR 88, Na 140 mmol/L, metformin 500 mg BID, ICD-10 E11.9, LOINC 2823-3, 2 of 3 criteria, since 2019.";
        assert_eq!(kinds(text), Vec::<(String, &str)>::new());
    }
}
