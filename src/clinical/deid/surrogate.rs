//! Surrogates: realistic fake values where identifiers were ("hiding in plain sight", as the
//! i2b2 corpora and Philter do), instead of tags such as `[NAME]`. A surrogate is drawn from a
//! keyed hash of the salt, the patient and the original value, so the same real value always gets
//! the same fake one within a patient and across runs with the same salt, and it is never the
//! original. Names come from short lists of common 1990 US Census given names and surnames
//! (data/surrogate-*.txt, public domain); each word of a name is replaced on its own, so "Rosa
//! Delgado", "Delgado" and "DELGADO, ROSA" stay consistent. Numbers keep their format (a fake
//! phone number is written as the real one was); emails, URLs and IP addresses become reserved
//! example values. Dates keep the per-patient shift and ages over 89 and ZIP codes what Safe
//! Harbor allows, as with tags: they are not handled here.

use std::sync::LazyLock;

use sha2::{Digest as _, Sha256};

use super::kind::Kind;
use super::names::lexicon;
use super::salt::Salt;

/// What stands where an identifier was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Replace {
    /// `[NAME]`, `[PHONE]`, ...
    #[default]
    Tags,
    /// Realistic fake values.
    Surrogates,
}

impl Replace {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tags => "tags",
            Self::Surrogates => "surrogates",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "tags" => Some(Self::Tags),
            "surrogates" => Some(Self::Surrogates),
            _ => None,
        }
    }
}

fn list(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

static GIVEN: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| list(include_str!("data/surrogate-given.txt")));
static SURNAMES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| list(include_str!("data/surrogate-surnames.txt")));

/// Words of an organisation's name that say what it is and stay ("Medical Center").
const ORG_HEADS: &[&str] = &[
    "hospital",
    "medical",
    "center",
    "centre",
    "clinic",
    "clinics",
    "health",
    "healthcare",
    "nursing",
    "home",
    "manor",
    "school",
    "inc",
    "llc",
    "ltd",
    "corp",
    "co",
    "company",
    "university",
    "college",
    "care",
    "rehab",
    "rehabilitation",
    "memorial",
    "regional",
    "general",
    "community",
    "of",
    "the",
    "and",
    "group",
    "services",
    "pharmacy",
    "lab",
    "labs",
    "laboratories",
    "hospice",
    "institute",
    "st",
    "saint",
    "county",
    "city",
];

/// Words of an address that stay (street types, units).
const ADDRESS_KEEP: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "dr",
    "court",
    "ct",
    "way",
    "place",
    "pl",
    "terrace",
    "ter",
    "circle",
    "cir",
    "parkway",
    "pkwy",
    "highway",
    "hwy",
    "square",
    "sq",
    "trail",
    "trl",
    "apt",
    "apartment",
    "unit",
    "suite",
    "ste",
    "flat",
    "po",
    "box",
    "p",
    "o",
    "n",
    "s",
    "e",
    "w",
    "north",
    "south",
    "east",
    "west",
    "floor",
];

/// A stream of pseudo-random numbers keyed by the salt, the patient, a purpose and a value.
struct Draw {
    seed: [u8; 32],
    block: [u8; 32],
    counter: u32,
    at: usize,
}

impl Draw {
    fn new(salt: &Salt, patient: &str, purpose: &str, value: &str) -> Self {
        let mut h = Sha256::new();
        for part in [
            salt.bytes(),
            patient.as_bytes(),
            purpose.as_bytes(),
            value.as_bytes(),
        ] {
            h.update(part);
            h.update([0]);
        }
        let seed: [u8; 32] = h.finalize().into();
        Self {
            seed,
            block: seed,
            counter: 0,
            at: 0,
        }
    }

    fn byte(&mut self) -> u8 {
        if self.at == self.block.len() {
            self.counter += 1;
            let mut h = Sha256::new();
            h.update(self.seed);
            h.update(self.counter.to_le_bytes());
            self.block = h.finalize().into();
            self.at = 0;
        }
        self.at += 1;
        self.block[self.at - 1]
    }

    /// A number below `n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        let v = u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()]);
        v as usize % n.max(1)
    }
}

/// Write `word` in the case `like` is written in (all capitals, all lower case, or capitalised).
fn in_case_of(word: &str, like: &str) -> String {
    let letters: Vec<char> = like.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        word.to_uppercase()
    } else if letters.iter().all(|c| c.is_lowercase()) {
        word.to_lowercase()
    } else {
        word.to_string()
    }
}

/// A fake name word for `word`: a given name for a census given name, else a surname.
fn name_word(salt: &Salt, patient: &str, word: &str) -> String {
    let key = lexicon::fold(word);
    let list = if lexicon::is_given(&key) {
        &*GIVEN
    } else {
        &*SURNAMES
    };
    let mut draw = Draw::new(salt, patient, "name", &key);
    let first = draw.below(list.len());
    let pick = (0..list.len())
        .map(|i| list[(first + i) % list.len()])
        .find(|c| lexicon::fold(c) != key)
        .unwrap_or("Smith");
    in_case_of(pick, word)
}

/// Replace every word of `text` for which `replace_word` says so by a fake name word; a single
/// letter (an initial) becomes another letter.
fn words(salt: &Salt, patient: &str, text: &str, replace_word: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        if word.chars().count() == 1 {
            out.push_str(&letters_and_digits(salt, patient, "initial", word));
        } else if replace_word(word) {
            out.push_str(&name_word(salt, patient, word));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphabetic() || (c == '\'' && !word.is_empty()) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The same format with other letters and digits: each digit a digit, each letter a letter of
/// the same case; the draw is keyed by the letters and digits alone, so "617-555-0142" and
/// "(617) 555-0142" get the same fake digits.
fn letters_and_digits(salt: &Salt, patient: &str, purpose: &str, value: &str) -> String {
    let key: String = value.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut draw = Draw::new(salt, patient, purpose, &key.to_ascii_uppercase());
    value
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from(b'0' + draw.below(10) as u8)
            } else if c.is_ascii_alphabetic() {
                let l = char::from(b'A' + draw.below(26) as u8);
                if c.is_ascii_lowercase() {
                    l.to_ascii_lowercase()
                } else {
                    l
                }
            } else {
                c
            }
        })
        .collect()
}

/// Set the digit at `index` (counting digits only) of `value` to one of `allowed`.
fn fix_digit(value: &mut String, index: usize, allowed: &[u8], pick: usize) {
    let at = value
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .nth(index)
        .map(|(i, _)| i);
    if let Some(i) = at {
        let digit = char::from(allowed[pick % allowed.len()]);
        value.replace_range(i..i + 1, digit.encode_utf8(&mut [0; 4]));
    }
}

/// A North American phone number in the original's format: area code and exchange from 2 to 9,
/// a leading country code 1 kept.
fn phone(salt: &Salt, patient: &str, value: &str, attempt: usize) -> String {
    let purpose = format!("phone{attempt}");
    let mut fake = letters_and_digits(salt, patient, &purpose, value);
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let country = usize::from(digits.len() >= 11 && digits.starts_with('1'));
    if country == 1 {
        fix_digit(&mut fake, 0, b"1", 0);
    }
    let two_to_nine = b"23456789";
    let mut draw = Draw::new(salt, patient, &format!("area{attempt}"), &digits);
    let (area, exchange) = (draw.below(8), draw.below(8));
    fix_digit(&mut fake, country, two_to_nine, area);
    fix_digit(&mut fake, country + 3, two_to_nine, exchange);
    fake
}

/// The fake value for `original`, of `kind`, for this patient; `attempt` draws another.
fn fake(salt: &Salt, patient: &str, kind: Kind, original: &str, attempt: usize) -> String {
    let purpose = format!("{}{attempt}", kind.as_str());
    let mut draw = Draw::new(salt, patient, &purpose, &original.to_lowercase());
    match kind {
        Kind::Name => words(salt, patient, original, |_| true),
        Kind::Organization => {
            let fake = words(salt, patient, original, |w| {
                !ORG_HEADS.contains(&w.to_lowercase().as_str())
            });
            if fake == original {
                format!("{} {original}", SURNAMES[draw.below(SURNAMES.len())])
            } else {
                fake
            }
        }
        Kind::Address => {
            let fake = words(salt, patient, original, |w| {
                !ADDRESS_KEEP.contains(&w.to_lowercase().as_str())
            });
            letters_and_digits_only_digits(salt, patient, &fake, attempt)
        }
        Kind::Phone | Kind::Fax => phone(salt, patient, original, attempt),
        Kind::Email => {
            let given = GIVEN[draw.below(GIVEN.len())].to_lowercase();
            let surname = SURNAMES[draw.below(SURNAMES.len())].to_lowercase();
            format!("{given}.{surname}@example.org")
        }
        Kind::Url => format!("https://www.example.org/{:06x}", draw.below(1 << 24)),
        Kind::Ip if original.contains(':') => format!("2001:db8::{:x}", draw.below(1 << 16)),
        Kind::Ip => format!("198.51.100.{}", draw.below(254) + 1),
        Kind::Ssn => {
            let mut fake = letters_and_digits(salt, patient, &purpose, original);
            fix_digit(&mut fake, 0, b"12345678", draw.below(8));
            fake
        }
        Kind::Date | Kind::Age | Kind::Zip => kind.placeholder().to_string(),
        _ => letters_and_digits(salt, patient, &purpose, original),
    }
}

/// Digits only (house numbers): letters were handled as words.
fn letters_and_digits_only_digits(
    salt: &Salt,
    patient: &str,
    text: &str,
    attempt: usize,
) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let mut draw = Draw::new(salt, patient, &format!("house{attempt}"), &digits);
    text.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from(b'0' + draw.below(10) as u8)
            } else {
                c
            }
        })
        .collect()
}

/// The surrogate for `original` (of `kind`) in the records of `patient`: never the original
/// (compared without case, spaces and punctuation); a tag when no other value can be drawn.
pub fn surrogate(salt: &Salt, patient: &str, kind: Kind, original: &str) -> String {
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let was = plain(original);
    (0..8)
        .map(|attempt| fake(salt, patient, kind, original, attempt))
        .find(|f| plain(f) != was)
        .unwrap_or_else(|| kind.placeholder().to_string())
}

#[cfg(test)]
mod tests;
