//! Diagnosis names folded into the words a clinician compares: case, accents, possessives and
//! punctuation go, British spellings become American ("anaemia" is "anemia", "oesophagus" is
//! "esophagus", "tumour" is "tumor", "-ise" is "-ize"), a roman numeral after "type", "grade",
//! "stage", "class", "factor", "phase" or "nerve" becomes a number, and a plural "s" is dropped.
//! Nothing else is dropped: every letter, number and word of a diagnosis stays significant
//! ("hepatitis a" is not "hepatitis b"), unlike the gatekeeper's test names ([`super::names`]).

/// The words after which a roman numeral is a number ("type ii" is "type 2").
const NUMBERED: &[&str] = &[
    "type", "grade", "stage", "class", "factor", "phase", "nerve", "men",
];

const ROMAN: &[&str] = &[
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
];

/// A diagnosis name as folded words.
pub fn diagnosis_words(text: &str) -> Vec<String> {
    let mut lowered = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut lowered);
    }
    lowered.push(' ');
    let lowered = lowered.replace("'s ", " ").replace("\u{2019}s ", " ");
    let plain: String = lowered
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut out: Vec<String> = Vec::new();
    for word in plain.split_whitespace() {
        let after_number_word = out.last().is_some_and(|w| NUMBERED.contains(&w.as_str()));
        let word = if after_number_word {
            roman(word).unwrap_or_else(|| word.to_string())
        } else {
            word.to_string()
        };
        out.push(plural(&american(&word)));
    }
    out
}

/// Lower case without accents.
fn fold_char(c: char, out: &mut String) {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push_str(folded);
}

/// A roman numeral (optionally with a subtype letter: "iia") as a number.
fn roman(word: &str) -> Option<String> {
    let (numeral, letter) = match word.char_indices().last() {
        Some((i, l @ ('a' | 'b' | 'c'))) if word.len() > 1 => (&word[..i], Some(l)),
        _ => (word, None),
    };
    let n = ROMAN.iter().position(|r| *r == numeral)? + 1;
    Some(format!(
        "{n}{}",
        letter.map(String::from).unwrap_or_default()
    ))
}

/// British spellings as American ones.
fn american(word: &str) -> String {
    let mut w = word
        .replace("ae", "e")
        .replace("oe", "e")
        .replace("sulph", "sulf");
    let len = w.chars().count();
    for (british, american) in [
        ("isations", "izations"),
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("ysed", "yzed"),
        ("yse", "yze"),
        ("ogue", "og"),
    ] {
        if len > british.len() + 2 && w.ends_with(british) {
            w.truncate(w.len() - british.len());
            w.push_str(american);
            return w;
        }
    }
    if len >= 6 && (w.ends_with("our") || w.ends_with("ours")) {
        let at = w.rfind("our").unwrap_or(0);
        w.replace_range(at..at + 3, "or");
    } else if len >= 5 && (w.ends_with("tre") || w.ends_with("bre")) {
        let at = w.len() - 2;
        w.replace_range(at.., "er");
    }
    w
}

/// A plural "s" dropped ("ruptures" is "rupture"), but not from "-ss", "-us", "-is" words or
/// short ones ("ms").
fn plural(word: &str) -> String {
    let keep = word.len() < 4
        || !word.ends_with('s')
        || word.ends_with("ss")
        || word.ends_with("us")
        || word.ends_with("is")
        || word.chars().any(|c| c.is_ascii_digit());
    if keep {
        word.to_string()
    } else {
        word[..word.len() - 1].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> String {
        diagnosis_words(text).join(" ")
    }

    #[test]
    fn letters_numbers_and_short_words_stay() {
        assert_eq!(folded("Hepatitis A"), "hepatitis a");
        assert_eq!(folded("Vitamin B12 deficiency"), "vitamin b12 deficiency");
        assert_eq!(
            folded("Type A aortic dissection"),
            "type a aortic dissection"
        );
        assert_eq!(folded("The disease of a man"), "the disease of a man");
    }

    #[test]
    fn accents_possessives_and_punctuation_fold() {
        assert_eq!(folded("Guillain-Barré syndrome"), "guillain barre syndrome");
        assert_eq!(folded("Ménière's disease"), "meniere disease");
        assert_eq!(folded("Crohn’s disease"), "crohn disease");
        assert_eq!(folded("Wilms' tumour"), "wilm tumor");
        assert_eq!(folded("Behçet disease."), "behcet disease");
    }

    #[test]
    fn british_spellings_become_american() {
        for (british, american) in [
            ("Iron deficiency anaemia", "iron deficiency anemia"),
            ("Oesophageal varices", "esophageal varice"),
            ("Subarachnoid haemorrhage", "subarachnoid hemorrhage"),
            ("Pulmonary oedema", "pulmonary edema"),
            ("Phyllodes tumour", "phyllode tumor"),
            ("Generalised seizure", "generalized seizure"),
            ("Somatisation disorder", "somatization disorder"),
            ("Multinodular goitre", "multinodular goiter"),
            ("Coeliac disease", "celiac disease"),
            ("Sulphonamide allergy", "sulfonamide allergy"),
            ("Foetal alcohol syndrome", "fetal alcohol syndrome"),
        ] {
            assert_eq!(folded(british), american, "{british}");
        }
    }

    #[test]
    fn roman_numerals_after_a_numbering_word_become_numbers() {
        assert_eq!(folded("Type II diabetes"), "type 2 diabete");
        assert_eq!(folded("Cranial nerve VI palsy"), "cranial nerve 6 palsy");
        assert_eq!(folded("MEN IIa"), "men 2a");
        assert_eq!(folded("Factor VIII deficiency"), "factor 8 deficiency");
        // Elsewhere a single letter stays a letter.
        assert_eq!(folded("Vitamin C deficiency"), "vitamin c deficiency");
        assert_eq!(folded("Type C"), "type c");
    }
}
