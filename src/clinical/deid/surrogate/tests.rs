use super::*;

fn salt(s: &str) -> Salt {
    Salt::from_bytes(s.as_bytes().to_vec())
}

fn shape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => '9',
            'a'..='z' => 'a',
            'A'..='Z' => 'A',
            other => other,
        })
        .collect()
}

#[test]
fn the_same_value_gets_the_same_surrogate_within_a_patient_and_across_runs() {
    let a = salt("a salt of sixteen bytes or more");
    let full = surrogate(&a, "p1", Kind::Name, "Rosa Delgado");
    let again = surrogate(
        &salt("a salt of sixteen bytes or more"),
        "p1",
        Kind::Name,
        "Rosa Delgado",
    );
    assert_eq!(full, again);
    // Word by word: the surname alone, and the name written surname first in capitals.
    let surname = surrogate(&a, "p1", Kind::Name, "Delgado");
    assert!(full.ends_with(&surname), "{full} / {surname}");
    let caps = surrogate(&a, "p1", Kind::Name, "DELGADO, ROSA");
    assert_eq!(
        caps,
        format!(
            "{}, {}",
            surname.to_uppercase(),
            full.split(' ').next().expect("given").to_uppercase()
        )
    );
    // A phone number written two ways gets the same digits.
    let p1 = surrogate(&a, "p1", Kind::Phone, "617-555-0142");
    let p2 = surrogate(&a, "p1", Kind::Phone, "(617) 555-0142");
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    assert_eq!(digits(&p1), digits(&p2));
    // Another salt or another patient: another surrogate (for these values).
    assert_ne!(
        surrogate(
            &salt("another salt of sixteen bytes"),
            "p1",
            Kind::Name,
            "Rosa Delgado"
        ),
        full
    );
    assert_ne!(surrogate(&a, "p2", Kind::Phone, "617-555-0142"), p1);
}

#[test]
fn a_surrogate_is_never_the_original() {
    let s = salt("a salt of sixteen bytes or more");
    // Every name the surrogates are drawn from, as an original: the draw must skip itself.
    for (i, name) in GIVEN.iter().chain(SURNAMES.iter()).enumerate() {
        for patient in ["p1", "p2", "p3"] {
            let fake = surrogate(&s, patient, Kind::Name, name);
            assert_ne!(fake.to_lowercase(), name.to_lowercase(), "{patient} {i}");
            assert!(!fake.is_empty() && fake != "[NAME]", "{name} -> {fake}");
        }
    }
    for (kind, values) in [
        (
            Kind::Phone,
            &[
                "617-555-0142",
                "+1 (306) 381-4335",
                "3063814335",
                "222-222-2222",
            ][..],
        ),
        (Kind::Ssn, &["123-45-6789", "111-11-1111"][..]),
        (Kind::Mrn, &["A12345", "0000000"][..]),
        (Kind::Vehicle, &["6WUJ504", "1HGCM82633A004352"][..]),
        (Kind::Email, &["mary.smith@example.org"][..]),
        (Kind::Address, &["12 Elm Street", "Dayton"][..]),
        (
            Kind::Organization,
            &["Riverside Medical Center", "Medical Center"][..],
        ),
        (Kind::Url, &["https://ex.org/a"][..]),
        (Kind::Ip, &["10.0.0.12", "fe80::1"][..]),
    ] {
        for value in values {
            for n in 0..50 {
                let patient = format!("patient-{n}");
                let fake = surrogate(&s, &patient, kind, value);
                let plain = |v: &str| {
                    v.chars()
                        .filter(|c| c.is_alphanumeric())
                        .collect::<String>()
                        .to_lowercase()
                };
                assert_ne!(plain(&fake), plain(value), "{kind:?} {value} for {patient}");
            }
        }
    }
}

#[test]
fn numbers_keep_their_format_and_phones_stay_plausible() {
    let s = salt("a salt of sixteen bytes or more");
    for value in [
        "(617) 555-0142",
        "306/381-4335",
        "+1 306 381 4335",
        "306-381-4335 x204",
    ] {
        for n in 0..20 {
            let fake = surrogate(&s, &format!("p{n}"), Kind::Phone, value);
            assert_eq!(shape(&fake), shape(value), "{value} -> {fake}");
            let digits: Vec<u8> = fake.bytes().filter(u8::is_ascii_digit).collect();
            let area = usize::from(value.starts_with("+1"));
            assert!(
                digits[area] >= b'2' && digits[area + 3] >= b'2',
                "{value} -> {fake}"
            );
            if area == 1 {
                assert_eq!(digits[0], b'1', "{fake}");
            }
        }
    }
    let ssn = surrogate(&s, "p", Kind::Ssn, "123-45-6789");
    assert_eq!(shape(&ssn), "999-99-9999");
    assert_eq!(
        shape(&surrogate(&s, "p", Kind::Vehicle, "6WUJ504")),
        shape("6WUJ504")
    );
    let address = surrogate(&s, "p", Kind::Address, "5105 Oak Lane, Apt 40");
    assert!(address.contains(" Lane, Apt "), "{address}");
    assert!(surrogate(&s, "p", Kind::Email, "a@b.org").ends_with("@example.org"));
    assert!(
        surrogate(&s, "p", Kind::Organization, "Riverside Medical Center")
            .ends_with(" Medical Center")
    );
}

#[test]
fn replace_parses_its_two_names() {
    assert_eq!(Replace::parse("Surrogates"), Some(Replace::Surrogates));
    assert_eq!(Replace::parse("tags"), Some(Replace::Tags));
    assert_eq!(Replace::parse("fake"), None);
    assert_eq!(Replace::default().as_str(), "tags");
}
