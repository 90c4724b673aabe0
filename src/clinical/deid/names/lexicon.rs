//! The vendored word lists (src/clinical/deid/data/, see its README): given names and surnames
//! of the 1990 US Census, common English words (SCOWL), and the words of clinical text that are
//! not names (eponyms, terms, drug brands, places). Compiled into the binary; each list is sorted
//! once at first use and searched by binary search.

use std::sync::LazyLock;

static GIVEN: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| sorted(include_str!("../data/given.txt")));
static SURNAMES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| sorted(include_str!("../data/surnames.txt")));
static ENGLISH: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| sorted(include_str!("../data/english.txt")));
static NOT_NAMES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| sorted(include_str!("../data/not-names.txt")));

/// The entries of a list: one a line, `#` comments and blank lines skipped, sorted (the files are
/// sorted already, except the hand-written one; sorting again costs nothing and makes sure).
fn sorted(text: &'static str) -> Vec<&'static str> {
    let mut items: Vec<&'static str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    items.sort_unstable();
    items.dedup();
    items
}

/// A given name of the census lists (`key` folded by [`fold`]).
pub fn is_given(key: &str) -> bool {
    GIVEN.binary_search(&key).is_ok()
}

/// A surname of the census list (`key` folded by [`fold`]).
pub fn is_surname(key: &str) -> bool {
    SURNAMES.binary_search(&key).is_ok()
}

/// A common English word (`lower`: the word in lower case).
pub fn is_english(lower: &str) -> bool {
    ENGLISH.binary_search(&lower).is_ok()
}

/// A word of clinical text that is not a name (`lower`: folded, in lower case).
pub fn is_not_name(lower: &str) -> bool {
    NOT_NAMES.binary_search(&lower).is_ok()
}

/// A word as the census writes it: upper-case ASCII letters only, accents dropped, apostrophes,
/// hyphens and dots removed ("O'Sullivan" → "OSULLIVAN", "Ramírez" → "RAMIREZ").
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_uppercase());
            continue;
        }
        let plain = match c.to_lowercase().next().unwrap_or(c) {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' | 'ā' | 'ă' => "A",
            'ç' | 'ć' | 'č' => "C",
            'ď' | 'đ' => "D",
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' | 'ē' => "E",
            'ğ' => "G",
            'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' => "I",
            'ł' => "L",
            'ñ' | 'ń' | 'ň' => "N",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' | 'ō' => "O",
            'ř' => "R",
            'ś' | 'š' | 'ş' => "S",
            'ß' => "SS",
            'ť' | 'ţ' => "T",
            'ù' | 'ú' | 'û' | 'ü' | 'ű' | 'ů' | 'ū' => "U",
            'ý' | 'ÿ' => "Y",
            'ź' | 'ż' | 'ž' => "Z",
            'æ' => "AE",
            'œ' => "OE",
            _ => "",
        };
        out.push_str(plain);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_there_and_searchable() {
        assert!(GIVEN.len() > 5000 && SURNAMES.len() > 80_000 && ENGLISH.len() > 30_000);
        assert!(is_given("LINDA") && is_given("MEI") && !is_given("ZHANG"));
        assert!(is_surname("ZHANG") && is_surname("OSULLIVAN"));
        assert!(is_english("type") && !is_english("zhang"));
        assert!(is_not_name("parkinson") && is_not_name("eliquis") && !is_not_name("linda"));
    }

    #[test]
    fn folding() {
        assert_eq!(fold("O'Sullivan"), "OSULLIVAN");
        assert_eq!(fold("Ramírez"), "RAMIREZ");
        assert_eq!(fold("Wiśniewski"), "WISNIEWSKI");
        assert_eq!(fold("Al-Sayed"), "ALSAYED");
    }
}
