//! The patient's own identifiers, known from structured fields, as matchers that find them
//! wherever they recur in text: names word by word, phone numbers by their digits whatever the
//! separators, ZIP codes with or without their +4, everything else as written (any case).

use regex::Regex;

use super::kind::Kind;

/// What is known about the patient from structured fields: matchers for literal values.
#[derive(Debug, Default)]
pub struct Known {
    pub(super) literals: Vec<(Regex, Kind)>,
}

impl Known {
    /// Add values of one kind. Name values are split into words, each matched on its own and in
    /// any case ("DOE, JANE", "Jane" and "jane" all hit: the patient's own name goes even where it
    /// is also a word, "Rose", "Mark"). Phone numbers match by their digits, ZIP codes with an
    /// optional +4, other values as written, in any case.
    pub fn add(&mut self, kind: Kind, values: &[String]) {
        match kind {
            Kind::Name => self.add_names(values),
            Kind::Phone | Kind::Fax => {
                let patterns: Vec<String> =
                    values.iter().filter_map(|v| phone_pattern(v)).collect();
                self.push(kind, &patterns, "", "");
            }
            Kind::Zip => {
                let patterns: Vec<String> = values
                    .iter()
                    .filter_map(|v| {
                        let five = v.trim().get(..5)?;
                        five.bytes()
                            .all(|b| b.is_ascii_digit())
                            .then(|| format!(r"{five}(?:-\d{{4}})?"))
                    })
                    .collect();
                self.push(kind, &patterns, r"\b", r"\b");
            }
            _ => {
                let mut words: Vec<String> = Vec::new();
                for value in values {
                    let value = value.trim();
                    if value.chars().count() >= 3 {
                        words.push(literal(value));
                    }
                }
                self.push(kind, &words, "", "");
            }
        }
    }

    fn add_names(&mut self, values: &[String]) {
        let mut words: Vec<String> = Vec::new();
        for value in values {
            for w in value.split(|c: char| c.is_whitespace() || c == ',') {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                // Initials and titles are too short to be matched safely on their own.
                if w.chars().count() >= 2 && !is_title(w) {
                    words.push(regex::escape(w));
                }
            }
        }
        self.push(Kind::Name, &words, r"(?i)\b", r"\b");
    }

    /// One matcher for the alternatives `words` (longest first), wrapped in `open` and `close`.
    fn push(&mut self, kind: Kind, words: &[String], open: &str, close: &str) {
        let mut words = words.to_vec();
        if words.is_empty() {
            return;
        }
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words.dedup();
        let pattern = format!("{open}({}){close}", words.join("|"));
        if let Ok(re) = Regex::new(&pattern) {
            self.literals.push((re, kind));
        }
    }
}

/// A value as written, any case, not inside a longer word or number.
fn literal(value: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let open = if word(value.chars().next()) {
        r"\b"
    } else {
        ""
    };
    let close = if word(value.chars().last()) {
        r"\b"
    } else {
        ""
    };
    format!("(?i:{open}{}{close})", regex::escape(value))
}

/// A phone number by its digits (the last ten, or seven), with any of the separators notes use
/// between the groups, an optional +1 and an optional extension.
fn phone_pattern(value: &str) -> Option<String> {
    let digits: Vec<char> = value.chars().filter(char::is_ascii_digit).collect();
    let sep = r"[\s.\-/]{0,2}";
    let group = |d: &[char]| d.iter().collect::<String>();
    let body = match digits.len() {
        7 => format!("{}{sep}{}", group(&digits[..3]), group(&digits[3..])),
        n if n >= 10 => {
            let d = &digits[n - 10..];
            format!(
                r"(?:\+?1{sep})?\(?{}\)?{sep}{}{sep}{}",
                group(&d[..3]),
                group(&d[3..6]),
                group(&d[6..])
            )
        }
        _ => return None,
    };
    Some(format!(
        r"(?:\b|\+|\(){body}\b(?:\s*,?\s*(?:x|ext\.?|extension)\s*\d{{1,5}}\b)?"
    ))
}

/// Courtesy titles and suffixes of a name, never matched on their own.
pub(super) fn is_title(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "mr" | "mrs" | "ms" | "miss" | "mx" | "dr" | "jr" | "sr" | "ii" | "iii" | "md" | "phd"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(known: &Known, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (re, _) in &known.literals {
            for c in re.captures_iter(text) {
                if let Some(m) = c.get(1) {
                    out.push(m.as_str().to_string());
                }
            }
        }
        out
    }

    #[test]
    fn phones_match_whatever_the_separators() {
        let mut known = Known::default();
        known.add(Kind::Phone, &["617-555-0199".into()]);
        for text in [
            "(617) 555-0199",
            "617/555-0199",
            "617.555.0199",
            "+1 617 555 0199",
            "6175550199",
        ] {
            assert_eq!(hits(&known, text).len(), 1, "{text}");
        }
        assert!(hits(&known, "16175550199 7").len() <= 1);
        assert!(hits(&known, "617-555-0198").is_empty());
    }

    #[test]
    fn zips_and_name_words() {
        let mut known = Known::default();
        known.add(Kind::Zip, &["02108".into()]);
        known.add(Kind::Name, &["Mark Rose Okafor".into()]);
        let mut found = hits(
            &known,
            "Boston 02108-4412, not 021080; Mark and OKAFOR; roses",
        );
        found.sort();
        assert_eq!(found, ["02108-4412", "Mark", "OKAFOR"]);
    }
}
