//! The special functions the tests need: the log-gamma function, binomial probabilities and the
//! chi-square upper tail (through the regularized incomplete gamma function, as in Numerical
//! Recipes, 3rd ed., §6.2).

/// ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; about 15 significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + G + 0.5;
    let sum = C
        .iter()
        .enumerate()
        .skip(1)
        .fold(C[0], |acc, (i, c)| acc + c / (x + i as f64));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// P(X = k) for X ~ Binomial(n, 1/2), computed in logs so that large n does not underflow.
pub fn binomial_half_pmf(k: usize, n: usize) -> f64 {
    let (k, n) = (k as f64, n as f64);
    let ln_choose = ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0);
    (ln_choose - n * std::f64::consts::LN_2).exp()
}

/// P(X ≥ x) for X ~ χ²(df).
pub fn chi_square_sf(x: f64, df: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    upper_gamma_regularized(df / 2.0, x / 2.0)
}

/// Q(a, x) = Γ(a, x) / Γ(a): a series below a + 1, a continued fraction above.
fn upper_gamma_regularized(a: f64, x: f64) -> f64 {
    let ln_front = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..1000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        (1.0 - sum * ln_front.exp()).clamp(0.0, 1.0)
    } else {
        // Modified Lentz's method.
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-15 {
                break;
            }
        }
        (ln_front.exp() * h).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_gamma_gives_factorials() {
        // Γ(n + 1) = n!: 10! = 3 628 800; Γ(1/2) = √π.
        assert!((ln_gamma(11.0) - 3_628_800f64.ln()).abs() < 1e-10);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-10);
    }

    #[test]
    fn binomial_half_matches_counting() {
        // C(8, 1) / 2^8 = 8 / 256.
        assert!((binomial_half_pmf(1, 8) - 8.0 / 256.0).abs() < 1e-12);
        let total: f64 = (0..=3000).map(|k| binomial_half_pmf(k, 3000)).sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
    }

    #[test]
    fn chi_square_tail_matches_closed_forms_and_tables() {
        // df = 2: P(X ≥ x) = exp(−x/2) exactly.
        for x in [0.1, 1.0, 6.75, 30.0] {
            assert!(
                (chi_square_sf(x, 2.0) - (-x / 2.0).exp()).abs() < 1e-12,
                "{x}"
            );
        }
        // Critical values from any χ² table: 3.841 (df 1), 7.815 (df 3), 18.307 (df 10) at 0.05.
        assert!((chi_square_sf(3.841_458_820_694_124, 1.0) - 0.05).abs() < 1e-9);
        assert!((chi_square_sf(7.814_727_903_251_178, 3.0) - 0.05).abs() < 1e-9);
        assert!((chi_square_sf(18.307_038_053_275_146, 10.0) - 0.05).abs() < 1e-9);
        assert_eq!(chi_square_sf(0.0, 3.0), 1.0);
    }
}
