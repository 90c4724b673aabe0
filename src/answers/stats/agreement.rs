//! Agreement between raters on nominal labels (a model's answers are a rater's labels, and so are
//! a reviewer's): Cohen's kappa for two raters, Fleiss' kappa for several raters who all rated
//! every case, and Krippendorff's alpha (nominal) for several raters with missing ratings.

use std::collections::BTreeMap;

/// Cohen's (1960) kappa of two raters over the same cases: (p_o − p_e) / (1 − p_e). `None` with
/// no case, or when chance agreement is already perfect (both raters always give one label).
pub fn cohen_kappa<S: AsRef<str>>(a: &[S], b: &[S]) -> Option<f64> {
    let n = a.len().min(b.len());
    if n == 0 {
        return None;
    }
    let mut margin_a: BTreeMap<&str, f64> = BTreeMap::new();
    let mut margin_b: BTreeMap<&str, f64> = BTreeMap::new();
    let mut agree = 0usize;
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (x.as_ref(), y.as_ref());
        *margin_a.entry(x).or_default() += 1.0;
        *margin_b.entry(y).or_default() += 1.0;
        agree += usize::from(x == y);
    }
    let nf = n as f64;
    let observed = agree as f64 / nf;
    let chance: f64 = margin_a
        .iter()
        .map(|(label, count)| count * margin_b.get(label).copied().unwrap_or(0.0))
        .sum::<f64>()
        / (nf * nf);
    (chance < 1.0).then(|| (observed - chance) / (1.0 - chance))
}

/// Fleiss' (1971) kappa of several raters who each rated every case: `units[i]` holds the
/// labels case i received. `None` unless every case has the same number (≥ 2) of labels, or
/// when chance agreement is perfect.
pub fn fleiss_kappa<S: AsRef<str>>(units: &[Vec<S>]) -> Option<f64> {
    let raters = units.first()?.len();
    if raters < 2 || units.iter().any(|u| u.len() != raters) {
        return None;
    }
    let counts: Vec<BTreeMap<&str, usize>> = units
        .iter()
        .map(|u| {
            let mut m = BTreeMap::new();
            for label in u {
                *m.entry(label.as_ref()).or_default() += 1;
            }
            m
        })
        .collect();
    fleiss_from_counts(&counts, raters)
}

fn fleiss_from_counts(counts: &[BTreeMap<&str, usize>], raters: usize) -> Option<f64> {
    let (n_units, r) = (counts.len() as f64, raters as f64);
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    let mut p_bar = 0.0;
    for unit in counts {
        let mut same = 0.0;
        for (label, c) in unit {
            let c = *c as f64;
            *totals.entry(label).or_default() += c;
            same += c * (c - 1.0);
        }
        p_bar += same / (r * (r - 1.0));
    }
    p_bar /= n_units;
    let p_e: f64 = totals.values().map(|t| (t / (n_units * r)).powi(2)).sum();
    (p_e < 1.0).then(|| (p_bar - p_e) / (1.0 - p_e))
}

/// Krippendorff's alpha for nominal data: `units[i][j]` is rater j's label for case i, `None`
/// when j did not rate it. Cases with fewer than two labels are not pairable and are left out
/// (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"). `None` when fewer than two
/// labels are pairable or all pairable labels are the same (no expected disagreement).
pub fn krippendorff_alpha_nominal<S: AsRef<str>>(units: &[Vec<Option<S>>]) -> Option<f64> {
    // Coincidences o[c][k], summed over pairable units.
    let mut coincidence: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    for unit in units {
        let values: Vec<&str> = unit.iter().flatten().map(AsRef::as_ref).collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        for (i, c) in values.iter().enumerate() {
            for (j, k) in values.iter().enumerate() {
                if i != j {
                    *coincidence.entry((c, k)).or_default() += 1.0 / (m as f64 - 1.0);
                }
            }
        }
    }
    let mut margins: BTreeMap<&str, f64> = BTreeMap::new();
    for ((c, _), o) in &coincidence {
        *margins.entry(c).or_default() += o;
    }
    let n: f64 = margins.values().sum();
    if n < 2.0 {
        return None;
    }
    let observed: f64 = coincidence
        .iter()
        .filter(|((c, k), _)| c != k)
        .map(|(_, o)| o)
        .sum();
    let expected: f64 = margins
        .iter()
        .flat_map(|(c, nc)| {
            margins
                .iter()
                .filter(move |(k, _)| *k != c)
                .map(move |(_, nk)| nc * nk)
        })
        .sum();
    (expected > 0.0).then(|| 1.0 - (n - 1.0) * observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expand a row of category counts into that many labels.
    fn labels(counts: &[usize]) -> Vec<String> {
        counts
            .iter()
            .enumerate()
            .flat_map(|(c, n)| std::iter::repeat_n(format!("c{c}"), *n))
            .collect()
    }

    /// The two-rater example of Wikipedia's "Cohen's kappa" article (50 grant proposals; yes/yes
    /// 20, yes/no 5, no/yes 10, no/no 15): p_o = 0.7, p_e = 0.5, κ = 0.4. Cohen (1960)'s own
    /// definition κ = (p_o − p_e) / (1 − p_e).
    #[test]
    fn cohen_kappa_matches_the_textbook_example() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        for (x, y, n) in [
            ("yes", "yes", 20),
            ("yes", "no", 5),
            ("no", "yes", 10),
            ("no", "no", 15),
        ] {
            a.extend(std::iter::repeat_n(x, n));
            b.extend(std::iter::repeat_n(y, n));
        }
        assert!((cohen_kappa(&a, &b).expect("kappa") - 0.4).abs() < 1e-12);
        assert!((cohen_kappa(&a, &a).expect("kappa") - 1.0).abs() < 1e-12);
        assert_eq!(cohen_kappa(&["x", "x"], &["x", "x"]), None);
        assert_eq!(cohen_kappa::<&str>(&[], &[]), None);
    }

    /// The worked example of Wikipedia's "Fleiss' kappa" article (10 subjects, 14 raters, 5
    /// categories): P̄ = 0.378, P̄_e = 0.213, κ = 0.210. statsmodels' fleiss_kappa gives
    /// 0.20993 on the same table.
    #[test]
    fn fleiss_kappa_matches_the_worked_example() {
        let table = [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ];
        let units: Vec<Vec<String>> = table.iter().map(|r| labels(r)).collect();
        let kappa = fleiss_kappa(&units).expect("kappa");
        assert!((kappa - 0.209_930).abs() < 1e-5, "{kappa}");
        // Unequal numbers of ratings are refused.
        assert_eq!(fleiss_kappa(&[vec!["a", "b"], vec!["a"]]), None);
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: 4
    /// observers, 12 units, values 1–5 with missing data; nominal α = 0.743.
    #[test]
    fn krippendorff_alpha_matches_example_c() {
        let rows: [[Option<u8>; 12]; 4] = [
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(1),
                Some(4),
                Some(1),
                Some(2),
                None,
                None,
                None,
            ],
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(2),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                None,
                Some(3),
            ],
            [
                None,
                Some(3),
                Some(3),
                Some(3),
                Some(2),
                Some(3),
                Some(4),
                Some(2),
                Some(2),
                Some(5),
                Some(1),
                None,
            ],
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(4),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                Some(1),
                None,
            ],
        ];
        let units: Vec<Vec<Option<String>>> = (0..12)
            .map(|u| rows.iter().map(|r| r[u].map(|v| v.to_string())).collect())
            .collect();
        let alpha = krippendorff_alpha_nominal(&units).expect("alpha");
        assert!((alpha - 0.743).abs() < 5e-4, "{alpha}");
        // No expected disagreement (one label throughout): undefined.
        let same: Vec<Vec<Option<&str>>> = vec![vec![Some("a"), Some("a")]; 3];
        assert_eq!(krippendorff_alpha_nominal(&same), None);
    }
}
