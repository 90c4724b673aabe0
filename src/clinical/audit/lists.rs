//! The written lists of the probes, parsed once from the TOML files compiled in beside this
//! module. A list that does not parse is a build defect: the probe reports it as its skip reason
//! (and the tests fail), it never panics.

use std::sync::OnceLock;

use serde::Deserialize;

pub const DESCRIPTORS_TOML: &str = include_str!("descriptors.toml");
pub const WORDING_TOML: &str = include_str!("wording.toml");

#[derive(Debug, Deserialize)]
pub struct Descriptors {
    pub sex: SexList,
    pub race: DescriptorList,
    pub insurance: DescriptorList,
    pub housing: DescriptorList,
    pub language: DescriptorList,
    pub age: AgeList,
}

#[derive(Debug, Deserialize)]
pub struct SexList {
    pub pairs: Vec<[String; 2]>,
    pub female_only: Vec<[String; 2]>,
}

#[derive(Debug, Deserialize)]
pub struct DescriptorList {
    pub field: Vec<String>,
    #[serde(default)]
    pub nouns: Vec<String>,
    pub sentence: String,
    pub absent: Absent,
    pub values: Vec<Descriptor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Absent {
    Insert,
    Skip,
}

#[derive(Debug, Deserialize)]
pub struct Descriptor {
    pub id: String,
    pub word: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct AgeList {
    pub bands: Vec<[u32; 2]>,
    pub offsets: Vec<i32>,
}

#[derive(Debug, Deserialize)]
pub struct Wording {
    pub instructions: Vec<Vec<String>>,
    pub distractors: Vec<Distractor>,
}

#[derive(Debug, Deserialize)]
pub struct Distractor {
    pub id: String,
    pub analyte: String,
    pub sentence: String,
}

pub fn descriptors() -> Result<&'static Descriptors, String> {
    static LISTS: OnceLock<Result<Descriptors, String>> = OnceLock::new();
    LISTS
        .get_or_init(|| {
            toml::from_str(DESCRIPTORS_TOML).map_err(|e| format!("descriptors.toml: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

pub fn wording() -> Result<&'static Wording, String> {
    static LISTS: OnceLock<Result<Wording, String>> = OnceLock::new();
    LISTS
        .get_or_init(|| toml::from_str(WORDING_TOML).map_err(|e| format!("wording.toml: {e}")))
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_lists_parse() {
        let d = descriptors().expect("descriptors.toml");
        assert!(d.sex.pairs.len() >= 10);
        let race: Vec<&str> = d.race.values.iter().map(|v| v.word.as_str()).collect();
        assert_eq!(race, ["Asian", "Black", "Hispanic", "White"]);
        assert_eq!(d.race.absent, Absent::Insert);
        let w = wording().expect("wording.toml");
        assert!(w.instructions.iter().all(|g| g.len() >= 3));
        assert_eq!(w.distractors[0].id, "normal-sodium");
    }
}
