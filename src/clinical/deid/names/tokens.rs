//! Words of a text as the name finder sees them: their place (byte offsets), their shape
//! (capitalised, all capitals, lower case, an initial, a number), the text between them, and
//! their dictionary keys.

use super::lexicon;

/// How a word is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Capital first letter, then not all capitals ("Mei", "O'Sullivan", "McAllister").
    Title,
    /// Two or more letters, all capitals ("ZHANG", "ICU").
    Upper,
    /// Lower-case first letter ("husband", "van").
    Lower,
    /// One capital letter followed by a dot ("J.").
    Initial,
    /// Anything with a digit.
    Number,
}

/// One word.
#[derive(Debug, Clone)]
pub struct Token<'t> {
    /// Byte offsets of the word (a possessive 's and an initial's dot excluded).
    pub start: usize,
    pub end: usize,
    pub text: &'t str,
    pub shape: Shape,
    /// Followed by 's or ’s.
    pub possessive: bool,
    /// The text between the previous word (or the start) and this one.
    pub before: &'t str,
    /// Census key ([`lexicon::fold`]) and lower-case form.
    pub key: String,
    pub lower: String,
    /// On a line written mostly in capitals, where capitals say nothing about names.
    pub caps_line: bool,
}

impl Token<'_> {
    /// Capitalised or all capitals: a word that may be part of a name.
    pub fn capitalised(&self) -> bool {
        matches!(self.shape, Shape::Title | Shape::Upper)
    }

    /// Only spaces (one line break at most) between this word and the previous one.
    pub fn joined(&self) -> bool {
        !self.before.is_empty()
            && self.before.chars().all(char::is_whitespace)
            && self.before.matches('\n').count() <= 1
    }

    /// The word's parts, when it is hyphenated ("Reed-Sternberg"), else the word.
    pub fn parts(&self) -> impl Iterator<Item = &str> {
        self.lower.split('-').filter(|p| !p.is_empty())
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The words of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|(_, c)| *c);
    let offset = |i: usize| chars.get(i).map_or(text.len(), |(o, _)| *o);
    let mut tokens = Vec::new();
    let mut previous_end = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        // Letters and digits, joined by an apostrophe or a hyphen between two of them.
        while j < chars.len() {
            let c = chars[j].1;
            if c.is_alphanumeric() {
                j += 1;
            } else if (is_apostrophe(c) || c == '-')
                && j > start
                && at(j + 1).is_some_and(char::is_alphanumeric)
            {
                // A possessive 's ends the word.
                if is_apostrophe(c)
                    && matches!(at(j + 1), Some('s' | 'S'))
                    && !at(j + 2).is_some_and(char::is_alphanumeric)
                {
                    break;
                }
                j += 1;
            } else {
                break;
            }
        }
        let (s, e) = (offset(start), offset(j));
        let word = &text[s..e];
        let possessive = at(j).is_some_and(is_apostrophe) && matches!(at(j + 1), Some('s' | 'S'));
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        let shape = if word.chars().any(|c| c.is_ascii_digit()) {
            Shape::Number
        } else if letters.len() == 1 && letters[0].is_uppercase() && at(j) == Some('.') {
            Shape::Initial
        } else if letters.first().is_some_and(|c| c.is_uppercase()) {
            if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
                Shape::Upper
            } else {
                Shape::Title
            }
        } else {
            Shape::Lower
        };
        tokens.push(Token {
            start: s,
            end: e,
            text: word,
            shape,
            possessive,
            before: &text[previous_end.min(s)..s],
            key: lexicon::fold(word),
            lower: word.to_lowercase(),
            caps_line: false,
        });
        previous_end = if possessive { offset(j + 2) } else { e };
        i = if possessive { j + 2 } else { j };
    }
    mark_caps_lines(text, &mut tokens);
    tokens
}

/// Flag the words of lines whose letters are at least 80% capitals (20 letters or more).
fn mark_caps_lines(text: &str, tokens: &mut [Token<'_>]) {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let (upper, letters) = line
            .chars()
            .filter(|c| c.is_alphabetic())
            .fold((0, 0), |(u, l), c| {
                (u + usize::from(c.is_uppercase()), l + 1)
            });
        if letters >= 20 && upper * 5 >= letters * 4 {
            for t in tokens
                .iter_mut()
                .filter(|t| t.start >= line_start && t.start < line_end)
            {
                t.caps_line = true;
            }
        }
        line_start = line_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_shapes_and_gaps() {
        let text = "Husband Amara O'Sullivan's wife, J. Zhang-Li (MRN 12345) ICU";
        let tokens = tokenize(text);
        let words: Vec<(&str, Shape)> = tokens.iter().map(|t| (t.text, t.shape)).collect();
        assert_eq!(
            words,
            [
                ("Husband", Shape::Title),
                ("Amara", Shape::Title),
                ("O'Sullivan", Shape::Title),
                ("wife", Shape::Lower),
                ("J", Shape::Initial),
                ("Zhang-Li", Shape::Title),
                ("MRN", Shape::Upper),
                ("12345", Shape::Number),
                ("ICU", Shape::Upper),
            ]
        );
        assert!(tokens[2].possessive && tokens[2].joined());
        assert_eq!(tokens[3].before, " ");
        assert!(!tokens[4].joined() && !tokens[5].joined());
        assert_eq!(tokens[5].before, ". ");
        assert_eq!(tokens[5].parts().collect::<Vec<_>>(), ["zhang", "li"]);
        assert!(tokens.iter().all(|t| !t.caps_line));
        assert!(tokenize("BROUGHT IN BY WIFE MEI ZHANG, C/O SOB")[0].caps_line);
    }
}
