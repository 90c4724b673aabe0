//! Identifiers found by their shape, where a keyword form alone misses how notes write them:
//! licence plates after any plate, tag or registration word ("(plate 6WUJ504)", "tag 7ABC123",
//! "vehicle reg. KX19 ABC"), VINs without "VIN" (17 characters of the VIN alphabet, letters and
//! digits mixed) and DEA numbers without "DEA" (two letters and seven digits whose check digit
//! holds).
//!
//! A plate's shape alone (letters and digits mixed, 5 to 8 characters) is also the shape of
//! many clinical tokens (HbA1c, SpO2, T2DM): plates are found only after a plate word, and
//! their shape is then required. The clean-text fixture (tests/fixtures/deid/clean.txt) measures
//! the false positives of every pattern here.

use std::sync::LazyLock;

use regex::Regex;

use super::kind::Kind;
use super::patterns::Span;

macro_rules! re {
    ($name:ident, $pattern:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| {
            #[allow(clippy::unwrap_used)] // a constant pattern, covered by every test
            Regex::new($pattern).unwrap()
        });
    };
}

// A plate word, then the plate: upper-case letters and digits, one space or dash allowed.
re!(
    PLATE,
    r"(?i)\b(?:(?:licen[cs]e\s+|registration\s+|number\s+)?plates?|tag|(?:vehicle\s+)?reg(?:istration)?\.?|rego)(?:\s*(?:number|no\.?|#))?\s*[:#(]?\s*((?-i:[A-Z0-9]{1,4}[\s-]?[A-Z0-9]{1,5}))\b"
);
re!(VIN, r"\b[A-HJ-NPR-Z0-9]{17}\b");
re!(DEA, r"\b[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}\b");

/// Letters and digits mixed, 5 to 8 of them (a space or dash between may stand).
fn plate_shape(value: &str) -> bool {
    let chars: Vec<char> = value.chars().filter(char::is_ascii_alphanumeric).collect();
    (5..=8).contains(&chars.len())
        && chars.iter().any(char::is_ascii_digit)
        && chars.iter().any(char::is_ascii_uppercase)
}

/// At least two letters and two digits among the 17 (a run of one kind is a code, not a VIN).
fn vin_shape(value: &str) -> bool {
    value.bytes().filter(u8::is_ascii_digit).count() >= 2
        && value.bytes().filter(u8::is_ascii_uppercase).count() >= 2
}

/// The DEA check digit: (d1 + d3 + d5) + 2 × (d2 + d4 + d6), last digit, equals d7.
fn dea_check(value: &str) -> bool {
    let d: Vec<u32> = value.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() < 7 {
        return false;
    }
    let n = d.len() - 7;
    let d = &d[n..];
    (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]
}

/// Plates, VINs and DEA numbers in `text`.
pub(super) fn find(text: &str, spans: &mut Vec<Span>) {
    for c in PLATE.captures_iter(text) {
        if let Some(m) = c.get(1).filter(|m| plate_shape(m.as_str())) {
            let value = m.as_str().trim_end();
            spans.push(span(m.start(), m.start() + value.len(), Kind::Vehicle));
        }
    }
    for m in VIN.find_iter(text).filter(|m| vin_shape(m.as_str())) {
        spans.push(span(m.start(), m.end(), Kind::Vehicle));
    }
    for m in DEA.find_iter(text).filter(|m| dea_check(m.as_str())) {
        spans.push(span(m.start(), m.end(), Kind::License));
    }
}

fn span(start: usize, end: usize, kind: Kind) -> Span {
    Span {
        start,
        end,
        kind,
        date: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, &'static str)> {
        let mut spans = Vec::new();
        find(text, &mut spans);
        spans
            .iter()
            .map(|s| (&text[s.start..s.end], s.kind.as_str()))
            .collect()
    }

    #[test]
    fn plates_in_the_phrasings_notes_use() {
        for (text, plate) in [
            ("Car towed (plate 6WUJ504) from the lot.", "6WUJ504"),
            ("Security logged tag 7ABC123 at 02:10.", "7ABC123"),
            ("vehicle reg. KX19 ABC noted by police", "KX19 ABC"),
            ("Registration: 4GHT-921.", "4GHT-921"),
            ("plates 8MNP442 (CA)", "8MNP442"),
            ("licence plate ABC 1234", "ABC 1234"),
        ] {
            assert_eq!(found(text), [(plate, "vehicle")], "{text}");
        }
    }

    #[test]
    fn plate_words_before_clinical_tokens_are_left_alone() {
        for text in [
            "growth plate 2 mm wide",
            "plate and screws, tag removed, HbA1c 7.2",
            "registration at 09:00; reg. GP is Dr. Who",
            "tag SPO2 probe",
            "end plate T12 fracture",
            "cribriform plate CSF leak",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn vins_and_dea_numbers_without_their_keyword() {
        assert_eq!(
            found("Car 1HGCM82633A004352 towed; prescriber AB1234563."),
            [("1HGCM82633A004352", "vehicle"), ("AB1234563", "license")]
        );
        // A wrong check digit, or a 17-character run of one kind, is something else.
        assert!(found("Lot AB1234567; accession 12345678901234567.").is_empty());
    }
}
