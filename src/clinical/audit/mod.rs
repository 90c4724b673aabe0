//! Audit probes: deterministic transformations of a case that should not change a sound answer
//! (the patient's sex, race, age within its band, insurance, housing or language; the order and
//! letters of the options; the wording of the question's instruction; an irrelevant normal lab),
//! plus the unchanged case as a control. `ddx audit` runs every variant and reports whether the
//! answer flipped (`answers::stats::audit`).
//!
//! Each variant is recorded with its id (`sex:female`, `order:shift-2`, ...), its parameters,
//! whether the attribute was inserted rather than changed, and the sha256 of the probe's
//! definition (its written lists and [`RULES_VERSION`]), so a result says exactly which
//! transformation made it. A case a probe cannot transform is a [`Skip`] with a reason, for the
//! caller to count; nothing is dropped silently. The written lists are `descriptors.toml` and
//! `wording.toml` beside this file, compiled in.
//!
//! Pure: no I/O, no randomness beyond the caller's seed. May use: cases.

mod age;
mod descriptors;
mod lists;
mod options;
mod record;
mod sex;
mod text;
mod wording;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::cases::Case;

pub use record::variant_record;

/// Bumped whenever a probe's rules (the code, not the lists) change; part of every sha256.
pub const RULES_VERSION: u32 = 1;

/// A family of probes, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Identity,
    Sex,
    Race,
    Age,
    Insurance,
    Housing,
    Language,
    Order,
    Relabel,
    Wording,
    Distractor,
}

impl Family {
    pub const ALL: [Family; 11] = [
        Family::Identity,
        Family::Sex,
        Family::Race,
        Family::Age,
        Family::Insurance,
        Family::Housing,
        Family::Language,
        Family::Order,
        Family::Relabel,
        Family::Wording,
        Family::Distractor,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::Identity => "identity",
            Family::Sex => "sex",
            Family::Race => "race",
            Family::Age => "age",
            Family::Insurance => "insurance",
            Family::Housing => "housing",
            Family::Language => "language",
            Family::Order => "order",
            Family::Relabel => "relabel",
            Family::Wording => "wording",
            Family::Distractor => "distractor",
        }
    }

    pub fn parse(name: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The written list the family reads, if any (part of its sha256).
    fn definition(self) -> &'static str {
        match self {
            Family::Identity | Family::Order | Family::Relabel => "",
            Family::Wording | Family::Distractor => lists::WORDING_TOML,
            _ => lists::DESCRIPTORS_TOML,
        }
    }

    /// sha256 (hex) of the family's name, [`RULES_VERSION`] and written list.
    pub fn sha256(self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(format!(
            "ddx audit probe {} rules {RULES_VERSION}\n",
            self.name()
        ));
        hasher.update(self.definition());
        hex::encode(hasher.finalize())
    }
}

/// One variant of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub family: Family,
    /// `sex:female`, `order:shift-2`, `relabel:gold-at-C`, `wording:3`, `identity`, ...
    pub id: String,
    pub params: Map<String, Value>,
    /// True when the case did not state the attribute and the probe inserted it.
    pub inserted: bool,
    /// The group the variant states, for demographic probes (`female`, `black`, `+5`).
    pub group: Option<String>,
    pub case: Case,
}

/// Why a probe made no variant of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub family: Family,
    pub reason: String,
}

/// What a probe made of one case.
pub type Outcome = Result<Vec<Variant>, Skip>;

/// The variants of `case` under `family`; `seed` drives the seeded permutation of `order`.
pub fn variants(family: Family, case: &Case, seed: u64) -> Outcome {
    let skip = |reason: &str| Skip {
        family,
        reason: reason.to_string(),
    };
    if family != Family::Identity && case.messages.is_some() {
        return Err(skip("chat-message cases are not transformed"));
    }
    match family {
        Family::Identity => Ok(vec![Variant {
            family,
            id: "identity".into(),
            params: Map::new(),
            inserted: false,
            group: None,
            case: case.clone(),
        }]),
        Family::Sex => sex::variants(case).map_err(|r| skip(&r)),
        Family::Race | Family::Insurance | Family::Housing | Family::Language => {
            descriptors::variants(family, case).map_err(|r| skip(&r))
        }
        Family::Age => age::variants(case).map_err(|r| skip(&r)),
        Family::Order => options::order_variants(case, seed).map_err(|r| skip(&r)),
        Family::Relabel => options::relabel_variants(case).map_err(|r| skip(&r)),
        Family::Wording => wording::wording_variants(case).map_err(|r| skip(&r)),
        Family::Distractor => wording::distractor_variants(case).map_err(|r| skip(&r)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_round_trip_their_names() {
        for family in Family::ALL {
            assert_eq!(Family::parse(family.name()), Some(family));
        }
        assert_eq!(Family::parse("gender"), None);
    }

    /// The sha256 is a pure function of the definition: fixed here so that an edit of a written
    /// list or of RULES_VERSION shows up as a failing test (update the value on purpose).
    #[test]
    fn provenance_sha256_is_stable_and_distinct() {
        let all: Vec<String> = Family::ALL.iter().map(|f| f.sha256()).collect();
        assert!(all.iter().all(|h| h.len() == 64));
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
        assert_eq!(Family::Identity.sha256(), Family::Identity.sha256());
        let mut hasher = Sha256::new();
        hasher.update(b"ddx audit probe identity rules 1\n");
        assert_eq!(Family::Identity.sha256(), hex::encode(hasher.finalize()));
        assert_eq!(Family::Sex.sha256(), KNOWN_SEX_SHA256);
    }

    /// Recomputed outside ddx: Python's hashlib.sha256(b"ddx audit probe sex rules 1\n" +
    /// the bytes of descriptors.toml).
    const KNOWN_SEX_SHA256: &str =
        "7e6b1e5bbb2622ec344a9e700cf0e60bf78631d5178a46defdf4cda9880dbd07";

    #[test]
    fn chat_cases_are_skipped_with_a_reason_except_by_the_control() {
        let case = text::tests::case(serde_json::json!({
            "id": "m", "messages": [{"role": "user", "content": "He has chest pain."}]}));
        let skip = variants(Family::Sex, &case, 0).unwrap_err();
        assert_eq!(skip.reason, "chat-message cases are not transformed");
        let same = variants(Family::Identity, &case, 0).expect("identity");
        assert_eq!(same[0].case, case);
        assert_eq!(same[0].id, "identity");
    }
}
