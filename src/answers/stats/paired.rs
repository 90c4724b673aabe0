//! Classifiers compared on the same cases, by whether each got each case right: the paired 2×2
//! table, McNemar's exact test with its mid-p, the difference in accuracy with Newcombe's
//! interval for paired proportions, and Cochran's Q for three or more classifiers.

use serde::Serialize;

use super::metrics::wilson;
use super::special::{binomial_half_pmf, chi_square_sf};

/// Two classifiers on the same cases: how many each got right alone or together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PairedTable {
    pub both: usize,
    /// A right, B wrong.
    pub only_a: usize,
    /// A wrong, B right.
    pub only_b: usize,
    pub neither: usize,
}

impl PairedTable {
    /// The table of two equally long lists of right (`true`) and wrong answers.
    pub fn from_outcomes(a: &[bool], b: &[bool]) -> Self {
        let mut t = PairedTable {
            both: 0,
            only_a: 0,
            only_b: 0,
            neither: 0,
        };
        for (x, y) in a.iter().zip(b) {
            match (x, y) {
                (true, true) => t.both += 1,
                (true, false) => t.only_a += 1,
                (false, true) => t.only_b += 1,
                (false, false) => t.neither += 1,
            }
        }
        t
    }

    pub fn n(&self) -> usize {
        self.both + self.only_a + self.only_b + self.neither
    }
}

/// McNemar's test on the discordant pairs, exact (conditional binomial) and mid-p.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct McNemar {
    /// Two-sided exact conditional p-value: 2 · P(X ≤ min(b, c)), X ~ Bin(b + c, ½), at most 1.
    pub exact_p: f64,
    /// The mid-p: the exact p-value less the probability of the observed table,
    /// 2 · [P(X ≤ min) − ½ P(X = min)] (Fagerland, Lydersen & Laake 2013).
    pub mid_p: f64,
}

pub fn mcnemar(table: &PairedTable) -> McNemar {
    let n = table.only_a + table.only_b;
    if n == 0 {
        return McNemar {
            exact_p: 1.0,
            mid_p: 1.0,
        };
    }
    let low = table.only_a.min(table.only_b);
    let tail: f64 = (0..=low).map(|k| binomial_half_pmf(k, n)).sum();
    let point = binomial_half_pmf(low, n);
    McNemar {
        exact_p: (2.0 * tail).min(1.0),
        mid_p: (2.0 * (tail - 0.5 * point)).min(1.0),
    }
}

/// 95% interval of A's accuracy minus B's on the same cases: Newcombe's (1998) method 10, the
/// Wilson intervals of both accuracies combined with the correlation φ of the pairs (φ shrunk by
/// n/2 when positive, as in Newcombe's paper and Altman et al., Statistics with Confidence, 2000).
pub fn difference_ci(table: &PairedTable) -> [f64; 2] {
    let n = table.n();
    if n == 0 {
        return [0.0, 0.0];
    }
    let nf = n as f64;
    let (r, s, t, u) = (
        table.both as f64,
        table.only_a as f64,
        table.only_b as f64,
        table.neither as f64,
    );
    let p1 = (r + s) / nf;
    let p2 = (r + t) / nf;
    let [l1, u1] = wilson(table.both + table.only_a, n);
    let [l2, u2] = wilson(table.both + table.only_b, n);
    let margins = (r + s) * (t + u) * (r + t) * (s + u);
    let phi = if margins > 0.0 {
        let cross = r * u - s * t;
        let corrected = if cross > nf / 2.0 {
            cross - nf / 2.0
        } else if cross < 0.0 {
            cross
        } else {
            0.0
        };
        corrected / margins.sqrt()
    } else {
        0.0
    };
    let d = p1 - p2;
    let lower = ((p1 - l1).powi(2) - 2.0 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2).powi(2))
        .max(0.0)
        .sqrt();
    let upper = ((p2 - l2).powi(2) - 2.0 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1).powi(2))
        .max(0.0)
        .sqrt();
    [d - lower, d + upper]
}

/// Cochran's Q: do k ≥ 2 classifiers have the same accuracy on the same cases?
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CochranQ {
    pub q: f64,
    pub df: usize,
    /// Upper tail of χ²(k − 1) at Q.
    pub p: f64,
}

/// Cochran's Q over cases (rows) × classifiers (columns) of right/wrong. `None` with fewer than
/// two classifiers, or when no case has both a right and a wrong answer (Q is then 0/0).
pub fn cochran_q(rows: &[Vec<bool>]) -> Option<CochranQ> {
    let k = rows.first()?.len();
    if k < 2 || rows.iter().any(|r| r.len() != k) {
        return None;
    }
    let columns: Vec<f64> = (0..k)
        .map(|j| rows.iter().filter(|r| r[j]).count() as f64)
        .collect();
    let row_totals: Vec<f64> = rows
        .iter()
        .map(|r| r.iter().filter(|x| **x).count() as f64)
        .collect();
    let total: f64 = row_totals.iter().sum();
    let kf = k as f64;
    let denominator = kf * total - row_totals.iter().map(|l| l * l).sum::<f64>();
    if denominator <= 0.0 {
        return None;
    }
    let numerator = (kf - 1.0) * (kf * columns.iter().map(|c| c * c).sum::<f64>() - total * total);
    let q = numerator / denominator;
    Some(CochranQ {
        q,
        df: k - 1,
        p: chi_square_sf(q, kf - 1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(both: usize, only_a: usize, only_b: usize, neither: usize) -> PairedTable {
        PairedTable {
            both,
            only_a,
            only_b,
            neither,
        }
    }

    /// Fagerland, Lydersen & Laake (2013), "The McNemar test for binary matched-pairs data:
    /// mid-p and asymptotic are better than exact conditional", BMC Med Res Methodol 13:91,
    /// Table 2 (Bentur et al. 2009, airway hyper-responsiveness, n = 21, discordant 1 and 7):
    /// exact conditional p = 0.070, mid-p = 0.039.
    #[test]
    fn mcnemar_matches_fagerland_2013() {
        let m = mcnemar(&table(1, 1, 7, 12));
        assert!((m.exact_p - 18.0 / 256.0).abs() < 1e-12, "{m:?}");
        assert!((m.exact_p - 0.070).abs() < 5e-4 && (m.mid_p - 0.039).abs() < 5e-4);
        assert!((m.mid_p - 10.0 / 256.0).abs() < 1e-12);
        // Symmetric and capped at 1 when the discordant counts are equal, 1 with none.
        assert_eq!(mcnemar(&table(1, 7, 1, 12)), m);
        assert_eq!(mcnemar(&table(5, 3, 3, 5)).exact_p, 1.0);
        assert_eq!(mcnemar(&table(5, 0, 0, 5)).mid_p, 1.0);
    }

    /// Altman, Machin, Bryant & Gardner (2000), Statistics with Confidence, 2nd ed., Table 6.2
    /// (paired 2×2 table 14, 5, 0, 22; n = 41), the example the biostatUZH R package's
    /// `confIntPairedProportion` (Newcombe 1998 as worked on p. 52) documents: difference
    /// 5/41 = 0.122, 95% CI 0.0115 to 0.2265. The interval was recomputed, when this test was
    /// written, from that R function's source with statsmodels' Wilson intervals (0.011483,
    /// 0.226493); it is not taken from this code.
    #[test]
    fn paired_difference_matches_newcombe_method_10() {
        let t = table(14, 5, 0, 22);
        let [lo, hi] = difference_ci(&t);
        assert!(
            (lo - 0.011_483).abs() < 1e-5 && (hi - 0.226_493).abs() < 1e-5,
            "{lo} {hi}"
        );
        // Reversing the runs mirrors the interval.
        let [rlo, rhi] = difference_ci(&table(14, 0, 5, 22));
        assert!((rlo + hi).abs() < 1e-12 && (rhi + lo).abs() < 1e-12);
        // Identical runs: the interval is around 0 and contains it.
        let [lo, hi] = difference_ci(&table(10, 0, 0, 10));
        assert!(lo <= 0.0 && hi >= 0.0);
    }

    /// Sheskin (2011), Handbook of Parametric and Nonparametric Statistical Procedures, ch. 26,
    /// the 12 subjects × 3 conditions of NCSS's Cochran's Q chapter (521): column totals 6, 9,
    /// 3, N = 18, Σ L² = 38, so Q = 2 · (3 · 126 − 324) / (54 − 38) = 6.75, df 2,
    /// p = exp(−6.75 / 2) = 0.0342.
    #[test]
    fn cochran_q_matches_sheskin() {
        let data = [
            [0, 1, 0],
            [1, 1, 0],
            [1, 1, 1],
            [0, 0, 0],
            [1, 0, 0],
            [0, 1, 1],
            [0, 0, 0],
            [1, 1, 0],
            [0, 1, 0],
            [1, 1, 1],
            [0, 1, 0],
            [1, 1, 0],
        ];
        let rows: Vec<Vec<bool>> = data
            .iter()
            .map(|r| r.iter().map(|x| *x == 1).collect())
            .collect();
        let q = cochran_q(&rows).expect("q");
        assert!((q.q - 6.75).abs() < 1e-12 && q.df == 2, "{q:?}");
        assert!((q.p - 0.034_218).abs() < 1e-6, "{q:?}");
        // With two classifiers, Q is McNemar's uncorrected χ² = (b − c)² / (b + c).
        let a = [true, true, false, true, false];
        let b = [true, false, true, false, false];
        let rows: Vec<Vec<bool>> = a.iter().zip(b).map(|(x, y)| vec![*x, y]).collect();
        assert!((cochran_q(&rows).expect("q").q - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(cochran_q(&[vec![true, true], vec![false, false]]), None);
    }
}
