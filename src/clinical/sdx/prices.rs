//! What each action costs: a price per named test, a default per test class, and a visit fee
//! for questions and examinations. The table ships with ddx (`prices.toml`, compiled in, its
//! sources stated there); a file of the same form overrides it entry by entry.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::names::{normalise, Synonyms};

/// The price table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Prices {
    /// One visit: a run of questions and examinations up to the next order.
    pub visit: f64,
    /// Default price of a test of each class (`lab`, `imaging`, `physiology`, `procedure`).
    pub classes: BTreeMap<String, f64>,
    /// Words in a test's name that put it in a class (the class `lab` otherwise).
    pub class_words: BTreeMap<String, Vec<String>>,
    /// Prices by canonical test name.
    pub tests: BTreeMap<String, f64>,
}

/// A table file ddx cannot use.
#[derive(Debug, thiserror::Error)]
pub enum PriceError {
    #[error("not a price table: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("the price of '{0}' is {1}: prices are finite and not negative")]
    Bad(String, f64),
    #[error("the table has no default price for the class 'lab'")]
    NoLab,
}

/// What overrides may hold: any of the table's entries.
#[derive(Debug, Default, Deserialize)]
struct Partial {
    visit: Option<f64>,
    #[serde(default)]
    classes: BTreeMap<String, f64>,
    #[serde(default)]
    class_words: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    tests: BTreeMap<String, f64>,
}

/// The price of one ordered test, and how it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct TestPrice {
    pub price: f64,
    /// `table` (by name) or `class:<name>` (the class default).
    pub basis: String,
}

impl Prices {
    /// The table that ships with ddx.
    pub fn shipped() -> Prices {
        Self::parse_full(include_str!("prices.toml")).unwrap_or_else(|_| Prices {
            visit: 0.0,
            classes: BTreeMap::from([("lab".to_string(), 0.0)]),
            class_words: BTreeMap::new(),
            tests: BTreeMap::new(),
        })
    }

    fn parse_full(text: &str) -> Result<Prices, PriceError> {
        Prices::shipped_empty().merge(text)
    }

    fn shipped_empty() -> Prices {
        Prices {
            visit: 0.0,
            classes: BTreeMap::new(),
            class_words: BTreeMap::new(),
            tests: BTreeMap::new(),
        }
    }

    /// This table with the entries of `text` (a TOML file of the same form) put over it.
    pub fn merge(mut self, text: &str) -> Result<Prices, PriceError> {
        let partial: Partial = toml::from_str(text)?;
        if let Some(v) = partial.visit {
            self.visit = v;
        }
        self.classes.extend(partial.classes);
        self.class_words.extend(partial.class_words);
        for (name, price) in partial.tests {
            self.tests.insert(canonical(&name), price);
        }
        let all = std::iter::once(("visit".to_string(), self.visit))
            .chain(self.classes.iter().map(|(k, v)| (k.clone(), *v)))
            .chain(self.tests.iter().map(|(k, v)| (k.clone(), *v)));
        for (name, price) in all {
            if !price.is_finite() || price < 0.0 {
                return Err(PriceError::Bad(name, price));
            }
        }
        if !self.classes.contains_key("lab") {
            return Err(PriceError::NoLab);
        }
        Ok(self)
    }

    /// The price of ordering `test`: by name after normalisation and synonyms, else its class's
    /// default.
    pub fn test(&self, test: &str) -> TestPrice {
        let name = canonical(test);
        if let Some(price) = self.tests.get(&name) {
            return TestPrice {
                price: *price,
                basis: "table".into(),
            };
        }
        let padded = format!(" {name} ");
        let class = self
            .class_words
            .iter()
            .find(|(_, words)| {
                words
                    .iter()
                    .any(|w| padded.contains(&format!(" {} ", normalise(w))))
            })
            .map(|(class, _)| class.as_str())
            .unwrap_or("lab");
        let price = self
            .classes
            .get(class)
            .or_else(|| self.classes.get("lab"))
            .copied()
            .unwrap_or(0.0);
        TestPrice {
            price,
            basis: format!("class:{class}"),
        }
    }
}

fn canonical(name: &str) -> String {
    Synonyms::shipped().canonical(&normalise(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses_and_prices_by_name_synonym_and_class() {
        let p = Prices::parse_full(include_str!("prices.toml")).unwrap();
        assert_eq!(p, Prices::shipped());
        assert_eq!(p.visit, 300.0);
        assert_eq!(p.test("CBC").price, 7.77);
        assert_eq!(p.test("complete blood count").basis, "table");
        assert_eq!(p.test("CXR").price, 33.0);
        assert_eq!(p.test("MRI of the knee").basis, "class:imaging");
        assert_eq!(p.test("MRI of the knee").price, 250.0);
        assert_eq!(p.test("Serum ammonia").basis, "class:lab");
        assert_eq!(p.test("Liver biopsy").basis, "class:procedure");
    }

    #[test]
    fn every_shipped_price_names_its_code_and_where_its_amount_comes_from() {
        let text = include_str!("prices.toml");
        let rows = text
            .lines()
            .skip_while(|l| l.trim() != "[tests]")
            .skip(1)
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let mut n = 0;
        for row in rows {
            n += 1;
            let (_, source) = row.split_once('#').unwrap_or((row, ""));
            let coded = source.contains("CLFS") || source.contains("PFS");
            let sourced = source.contains("PFS 2026")
                || source.contains("PFS 2025")
                || source.contains("CLFS 2026")
                || source.contains("not found; estimate");
            assert!(
                coded && sourced,
                "a price without its code or source: {row}"
            );
        }
        assert_eq!(n, Prices::shipped().tests.len());
        // The EEG (CPT 95816) is no longer a third of its fee-schedule amount.
        assert_eq!(Prices::shipped().test("EEG").price, 414.0);
    }

    #[test]
    fn a_file_overrides_entry_by_entry() {
        let p = Prices::shipped()
            .merge("visit = 100\n[tests]\nCBC = 50\n[classes]\nimaging = 1000\n")
            .unwrap();
        assert_eq!(p.visit, 100.0);
        assert_eq!(p.test("full blood count").price, 50.0);
        assert_eq!(p.test("Knee MRI").price, 1000.0);
        assert_eq!(p.test("CXR").price, 33.0);
        assert!(matches!(
            Prices::shipped().merge("visit = -1"),
            Err(PriceError::Bad(..))
        ));
        assert!(Prices::shipped().merge("visit = ").is_err());
    }
}
