//! The exact (Clopper-Pearson) interval of a binomial proportion, for rates that are often 0 or
//! small (an audit's flip rate), where Wilson's interval is not what published audits report.
//! The bounds are quantiles of beta distributions, found by bisection on the regularized
//! incomplete beta function (continued fraction, Numerical Recipes, 3rd ed., §6.4).

use super::special::ln_gamma;

/// Clopper-Pearson 95% interval of k successes in n trials: the lower bound is the 2.5% quantile
/// of Beta(k, n − k + 1) (0 when k = 0), the upper the 97.5% quantile of Beta(k + 1, n − k)
/// (1 when k = n). `[0, 0]` when n = 0 (nothing was measured); k above n is read as n.
pub fn clopper_pearson(k: usize, n: usize) -> [f64; 2] {
    if n == 0 {
        return [0.0, 0.0];
    }
    let k = k.min(n);
    let (kf, nf) = (k as f64, n as f64);
    let lower = if k == 0 {
        0.0
    } else {
        beta_quantile(0.025, kf, nf - kf + 1.0)
    };
    let upper = if k == n {
        1.0
    } else {
        beta_quantile(0.975, kf + 1.0, nf - kf)
    };
    [lower, upper]
}

/// The x in (0, 1) with I_x(a, b) = p, by bisection (I_x is increasing in x); 200 halvings
/// reach the resolution of an f64.
fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if regularized_incomplete_beta(mid, a, b) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and x in [0, 1].
pub fn regularized_incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    // The continued fraction converges fast below the mean; above it, use the symmetry
    // I_x(a, b) = 1 − I_{1−x}(b, a).
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_continued_fraction(x, a, b) / a
    } else {
        1.0 - ln_front.exp() * beta_continued_fraction(1.0 - x, b, a) / b
    }
}

/// The continued fraction of I_x(a, b) by the modified Lentz method.
fn beta_continued_fraction(x: f64, a: f64, b: f64) -> f64 {
    let tiny = 1e-300;
    let guard = |v: f64| if v.abs() < tiny { tiny } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..10_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let even = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + even * d);
        c = guard(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + odd * d);
        c = guard(1.0 + odd / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const REFERENCE: &str = include_str!("../../../tests/fixtures/audit/reference.json");

    /// Closed forms: with k = 0 the upper bound solves (1 − p)^n = 0.025, with k = n the lower
    /// bound solves p^n = 0.025 (the "rule of three" family; e.g. Hanley & Lippman-Hand 1983,
    /// JAMA 249:1743). 0/10 → upper 1 − 0.025^(1/10) = 0.3085.
    #[test]
    fn clopper_pearson_matches_its_closed_forms() {
        for n in [1usize, 3, 10, 57, 400] {
            let exact_upper = 1.0 - 0.025_f64.powf(1.0 / n as f64);
            let [lo, hi] = clopper_pearson(0, n);
            assert!(lo == 0.0 && (hi - exact_upper).abs() < 1e-12, "{n}: {hi}");
            let [lo, hi] = clopper_pearson(n, n);
            assert!((lo - 0.025_f64.powf(1.0 / n as f64)).abs() < 1e-12 && hi == 1.0);
        }
        assert!((clopper_pearson(0, 10)[1] - 0.3085).abs() < 1e-4);
        assert_eq!(clopper_pearson(0, 0), [0.0, 0.0]);
    }

    /// Every (k, n) of tests/fixtures/audit/reference.json, computed by statsmodels'
    /// proportion_confint(method="beta") and SciPy's binomtest(...).proportion_ci("exact").
    #[test]
    fn clopper_pearson_matches_scipy_and_statsmodels() {
        let reference: Value = serde_json::from_str(REFERENCE).expect("fixture");
        let rows = reference["clopper_pearson"].as_array().expect("rows");
        assert!(rows.len() >= 10);
        for row in rows {
            let k = row["k"].as_u64().expect("k") as usize;
            let n = row["n"].as_u64().expect("n") as usize;
            let want = [
                row["ci"][0].as_f64().expect("lo"),
                row["ci"][1].as_f64().expect("hi"),
            ];
            let got = clopper_pearson(k, n);
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() < 1e-9, "{k}/{n}: {got:?} vs {want:?}");
            }
        }
    }

    #[test]
    fn incomplete_beta_matches_closed_forms() {
        // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b.
        for x in [0.01, 0.3, 0.5, 0.77, 0.999] {
            assert!((regularized_incomplete_beta(x, 1.0, 1.0) - x).abs() < 1e-13);
            assert!((regularized_incomplete_beta(x, 4.0, 1.0) - x.powi(4)).abs() < 1e-13);
            let want = 1.0 - (1.0 - x).powi(7);
            assert!((regularized_incomplete_beta(x, 1.0, 7.0) - want).abs() < 1e-13);
        }
    }
}
