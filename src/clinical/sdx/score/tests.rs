use super::*;

fn correct(answer: &str, gold: &str) -> bool {
    against(answer, gold, &[]).correct()
}

#[test]
fn matches_by_name_alias_and_table_never_by_containment() {
    let aliases = vec!["Erb-Goldflam disease".to_string()];
    assert_eq!(
        against("Myasthenia Gravis.", "Myasthenia gravis", &aliases),
        Match::Exact
    );
    assert_eq!(
        against("Erb Goldflam disease", "Myasthenia gravis", &aliases),
        Match::Alias
    );
    assert_eq!(against("MG", "Myasthenia gravis", &[]), Match::Exact);
    assert_eq!(
        against("Addison's disease", "Primary adrenal insufficiency", &[]),
        Match::Exact
    );
    assert_eq!(
        against("Graves’ disease", "Graves disease", &[]),
        Match::Exact
    );
    assert_eq!(
        against("Generalised myasthenia gravis", "Myasthenia gravis", &[]),
        Match::Modifier
    );
    assert!(!correct("Myasthenia", "Myasthenia gravis"));
    assert!(!correct("", "Myasthenia gravis"));
    assert!(!correct("Pulmonary hypertension", "Hypertension"));
    assert!(!correct("Lung cancer", "Cancer"));
}

#[test]
fn letters_numbers_and_negating_prefixes_are_significant() {
    assert!(!correct("Hepatitis B", "Hepatitis A"));
    assert!(!correct("Vitamin D deficiency", "Vitamin A deficiency"));
    assert!(!correct(
        "Type B aortic dissection",
        "Type A aortic dissection"
    ));
    assert!(!correct("Non-Hodgkin lymphoma", "Hodgkin lymphoma"));
    assert!(!correct(
        "Non-small cell lung cancer",
        "Small cell lung cancer"
    ));
    assert!(!correct("NSTEMI", "ST-elevation myocardial infarction"));
    assert!(!correct("Pseudogout", "Gout"));
    assert!(correct("Type II diabetes", "Type 2 diabetes mellitus"));
    assert!(!correct("Type I diabetes", "Type 2 diabetes mellitus"));
}

#[test]
fn a_hedge_or_negation_is_wrong_and_named() {
    for answer in [
        "Pneumonia vs pulmonary embolism",
        "Pulmonary embolism or pneumonia",
        "Rule out pulmonary embolism",
        "R/O PE",
        "No pulmonary embolism",
        "Possible pulmonary embolism versus aortic dissection",
        "Pulmonary embolism?",
        "Suspected pulmonary embolism",
        "Pulmonary embolism unlikely",
        "Pulmonary embolism, excluded",
    ] {
        let v = verdict(answer, "Pulmonary embolism", &[]);
        assert_eq!(v.matched, Match::None, "{answer}");
        assert!(v.hedge.is_some(), "{answer}: {v:?}");
    }
    assert_eq!(
        verdict(
            "Myocardial infarction, ruled out",
            "Myocardial infarction",
            &[]
        )
        .hedge,
        Some("ruled".to_string())
    );
    // A word of the gold's own name is not a hedge.
    assert!(correct(
        "Concussion with no loss of consciousness",
        "Concussion with no loss of consciousness (disorder)"
    ));
}

#[test]
fn harmless_modifiers_fold_but_two_sides_of_a_group_clash() {
    assert_eq!(
        against("Appendicitis", "Acute appendicitis", &[]),
        Match::Modifier
    );
    assert!(correct("Left lower lobe pneumonia", "Pneumonia"));
    assert!(correct("Community-acquired pneumonia", "Pneumonia"));
    assert!(!correct("Right pneumothorax", "Left pneumothorax"));
    assert!(!correct(
        "Hospital-acquired pneumonia",
        "Community-acquired pneumonia"
    ));
    assert!(!correct("Chronic pancreatitis", "Acute pancreatitis"));
    // A table name is never cut: ARDS is not the newborn's respiratory distress syndrome.
    assert!(!correct(
        "Acute respiratory distress syndrome",
        "Respiratory distress syndrome"
    ));
    assert!(!correct("Anxiety disorder", "Generalized anxiety disorder"));
}

#[test]
fn spellings_accents_and_word_order_fold() {
    assert!(correct(
        "Guillain-Barré syndrome",
        "Guillain-Barre syndrome"
    ));
    assert!(correct("Iron deficiency anaemia", "Iron deficiency anemia"));
    assert!(correct("Oesophageal varices", "Esophageal varices"));
    assert!(correct("Phyllodes tumour", "Phyllodes tumor"));
    assert!(correct("Lymphoma, non-Hodgkin", "Non-Hodgkin lymphoma"));
    assert!(correct("Pulmonary embolism (PE)", "Pulmonary embolism"));
}

#[test]
fn a_gold_of_several_conditions_is_scored_per_condition() {
    let gold = "Prediabetes; Anemia (disorder)";
    let v = verdict("Anaemia", gold, &[]);
    assert_eq!(v.matched, Match::Exact);
    assert_eq!(v.condition.as_deref(), Some("Anemia"));
    assert_eq!(
        verdict("Pre-diabetes", gold, &[]).condition.as_deref(),
        Some("Prediabetes")
    );
    assert!(!correct("Type 2 diabetes mellitus", gold));
    assert!(!correct("Anemia vs prediabetes", gold));
    // A bracketed abbreviation of the gold is one of its names.
    let v = verdict("BPPV", "Benign Paroxysmal Positional Vertigo (BPPV)", &[]);
    assert!(v.matched.correct(), "{v:?}");
}

#[test]
fn no_name_belongs_to_two_groups_of_the_equivalence_table() {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in include_str!("../diagnoses.txt").lines().enumerate() {
        let line = line.split('#').next().unwrap_or("");
        for name in line
            .split('|')
            .map(diagnosis_words)
            .filter(|n| !n.is_empty())
        {
            if let Some(other) = seen.insert(sorted(&name), i) {
                assert_eq!(
                    other,
                    i,
                    "'{}' is in lines {} and {}",
                    name.join(" "),
                    other + 1,
                    i + 1
                );
            }
        }
    }
    assert!(seen.len() > 300, "{}", seen.len());
}

#[test]
fn no_modifier_is_a_hedge_or_a_negating_prefix() {
    for (words, _, _) in modifiers() {
        for w in words {
            assert!(!HEDGES.contains(&w.as_str()), "{w}");
            assert!(!["non", "pseudo", "chronic", "primary", "secondary"].contains(&w.as_str()));
        }
    }
}
