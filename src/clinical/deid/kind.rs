//! Identifier types: their names in the `deid` block, the placeholders written in their place,
//! and what a ZIP code may keep under Safe Harbor.

/// Identifier types, as counted in the `deid` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Name,
    Organization,
    Date,
    Age,
    Phone,
    Fax,
    Email,
    Ssn,
    Mrn,
    Account,
    HealthPlan,
    Address,
    Zip,
    Url,
    Ip,
    DeviceId,
    License,
    Vehicle,
    OtherId,
}

/// Three-digit ZIP prefixes whose area had 20,000 people or fewer in the 2000 Census (HHS
/// de-identification guidance): Safe Harbor requires them to be written as 000.
const SPARSE_ZIP3: &[&str] = &[
    "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
    "879", "884", "890", "893",
];

/// What a ZIP code may keep under Safe Harbor: its first three digits, or `000` for a sparsely
/// populated prefix or anything that is not a US ZIP code.
pub fn zip3(zip: &str) -> String {
    let zip = zip.trim();
    let digits = zip.len() >= 5 && zip.as_bytes()[..5].iter().all(u8::is_ascii_digit);
    match zip.get(..3) {
        Some(prefix) if digits && !SPARSE_ZIP3.contains(&prefix) => prefix.to_string(),
        _ => "000".to_string(),
    }
}

impl Kind {
    /// Every kind, in the order of the enum.
    pub const ALL: [Kind; 19] = [
        Self::Name,
        Self::Organization,
        Self::Date,
        Self::Age,
        Self::Phone,
        Self::Fax,
        Self::Email,
        Self::Ssn,
        Self::Mrn,
        Self::Account,
        Self::HealthPlan,
        Self::Address,
        Self::Zip,
        Self::Url,
        Self::Ip,
        Self::DeviceId,
        Self::License,
        Self::Vehicle,
        Self::OtherId,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Organization => "organization",
            Self::Date => "date",
            Self::Age => "age",
            Self::Phone => "phone",
            Self::Fax => "fax",
            Self::Email => "email",
            Self::Ssn => "ssn",
            Self::Mrn => "mrn",
            Self::Account => "account",
            Self::HealthPlan => "health_plan",
            Self::Address => "address",
            Self::Zip => "zip",
            Self::Url => "url",
            Self::Ip => "ip",
            Self::DeviceId => "device_id",
            Self::License => "license",
            Self::Vehicle => "vehicle",
            Self::OtherId => "other_id",
        }
    }

    /// The kind named `name` (as [`Kind::as_str`] writes it), if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The placeholder written in place of the identifier (dates, ages and ZIPs are rewritten).
    pub fn placeholder(self) -> &'static str {
        match self {
            Self::Name => "[NAME]",
            Self::Organization => "[ORGANIZATION]",
            Self::Date => "[DATE]",
            Self::Age => "90+",
            Self::Phone => "[PHONE]",
            Self::Fax => "[FAX]",
            Self::Email => "[EMAIL]",
            Self::Ssn => "[SSN]",
            Self::Mrn => "[MRN]",
            Self::Account => "[ACCOUNT]",
            Self::HealthPlan => "[HEALTH_PLAN]",
            Self::Address => "[ADDRESS]",
            Self::Zip => "[ZIP]",
            Self::Url => "[URL]",
            Self::Ip => "[IP]",
            Self::DeviceId => "[DEVICE_ID]",
            Self::License => "[LICENSE]",
            Self::Vehicle => "[VEHICLE]",
            Self::OtherId => "[ID]",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip3_keeps_three_digits_except_sparse_prefixes() {
        assert_eq!(zip3("02139"), "021");
        assert_eq!(zip3("02139-4307"), "021");
        assert_eq!(zip3(" 10001 "), "100");
        for sparse in ["03601", "05901", "69201", "82301", "89301-1234"] {
            assert_eq!(zip3(sparse), "000", "{sparse}");
        }
        for odd in ["", "021", "K1A 0B1", "0213x"] {
            assert_eq!(zip3(odd), "000", "{odd:?}");
        }
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("nickname"), None);
    }
}
