//! Special functions the prediction models need beyond `statrs`.
//!
//! `statrs` provides ln Γ and ψ (digamma); it has no trigamma and no Gauss
//! hypergeometric function, so the two are written here with explicit
//! convergence checks and tested against closed forms.

use crate::error::{Error, Result};

/// Largest number of series terms summed before giving up.
const MAX_SERIES_TERMS: usize = 500_000;

/// Relative precision at which a series is considered converged.
const SERIES_TOLERANCE: f64 = 1e-15;

/// Trigamma ψ₁(z) = d²/dz² ln Γ(z), for z > 0.
///
/// Shifts z up to 20 with ψ₁(z) = ψ₁(z + 1) + 1/z², then uses the asymptotic
/// expansion ψ₁(z) ~ 1/z + 1/(2z²) + Σ B₂ₖ / z^(2k+1) (Abramowitz & Stegun
/// 6.4.12), whose next term, B₁₂/z¹³, is below 3e-18 once z ≥ 20.
pub fn trigamma(z: f64) -> f64 {
    if !(z.is_finite() && z > 0.0) {
        return f64::NAN;
    }
    let mut z = z;
    let mut shifted = 0.0;
    while z < 20.0 {
        shifted += 1.0 / (z * z);
        z += 1.0;
    }
    let inv = 1.0 / z;
    let inv2 = inv * inv;
    // Bernoulli numbers B2 = 1/6, B4 = -1/30, B6 = 1/42, B8 = -1/30, B10 = 5/66.
    let tail = inv2
        * (1.0 / 6.0
            + inv2
                * (-1.0 / 30.0 + inv2 * (1.0 / 42.0 + inv2 * (-1.0 / 30.0 + inv2 * (5.0 / 66.0)))));
    shifted + inv + 0.5 * inv2 + inv * tail
}

/// Numerically stable ln(1 + e^d) (softplus) and e^d / (1 + e^d) (logistic).
#[inline]
pub fn softplus_and_logistic(d: f64) -> (f64, f64) {
    if d > 0.0 {
        let e = (-d).exp();
        (d + e.ln_1p(), 1.0 / (1.0 + e))
    } else {
        let e = d.exp();
        (e.ln_1p(), e / (1.0 + e))
    }
}

/// 1 / (1 + e^(−d)) (logistic), stable at both ends.
#[inline]
pub fn logistic(d: f64) -> f64 {
    if d > 0.0 {
        1.0 / (1.0 + (-d).exp())
    } else {
        let e = d.exp();
        e / (1.0 + e)
    }
}

/// Gauss hypergeometric function ₂F₁(a, b; c; z) by its power series
/// Σ (a)ₙ (b)ₙ / ((c)ₙ n!) zⁿ, for |z| < 1 and c not a non-positive integer.
///
/// Summation stops when the last term, and a geometric bound on the rest of
/// the series, are both below 1e-15 of the running sum. Returns an error when
/// the series does not converge within the term budget (|z| too close to 1
/// with slowly decaying terms) so that a caller never uses a truncated value.
///
/// ```
/// use segmento::predict::special::hyp2f1;
/// // ₂F₁(1, 1; 2; z) = -ln(1 - z) / z
/// let z = 0.6;
/// let exact = -(1.0f64 - z).ln() / z;
/// assert!((hyp2f1(1.0, 1.0, 2.0, z).unwrap() - exact).abs() < 1e-13);
/// ```
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Result<f64> {
    if !(z.abs() < 1.0 && [a, b, c].iter().all(|v| v.is_finite())) {
        return Err(Error::analysis(format!(
            "hypergeometric series 2F1({a}, {b}; {c}; {z}) is outside |z| < 1"
        )));
    }
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 0..MAX_SERIES_TERMS {
        let n = n as f64;
        let denominator = (c + n) * (n + 1.0);
        if denominator == 0.0 {
            return Err(Error::analysis(format!(
                "hypergeometric series 2F1({a}, {b}; {c}; {z}) has a pole (c is a non-positive integer)"
            )));
        }
        let ratio = (a + n) * (b + n) / denominator * z;
        term *= ratio;
        sum += term;
        if term == 0.0 {
            return Ok(sum);
        }
        if series_converged(term, ratio, z, sum) {
            return Ok(sum);
        }
    }
    Err(Error::analysis(format!(
        "hypergeometric series 2F1({a}, {b}; {c}; {z}) did not converge in {MAX_SERIES_TERMS} terms"
    )))
}

/// Whether a series with last term `term`, last term ratio `ratio` (whose
/// limit is `z`) and running sum `sum` can stop: the term and a geometric
/// bound on the tail are both negligible.
#[inline]
pub(crate) fn series_converged(term: f64, ratio: f64, z: f64, sum: f64) -> bool {
    let q = ratio.abs().max(z.abs());
    if q >= 1.0 {
        return false;
    }
    let scale = SERIES_TOLERANCE * sum.abs().max(f64::MIN_POSITIVE);
    term.abs() <= scale && term.abs() * q / (1.0 - q) <= scale
}

/// The budget of series terms, shared with the BG/NBD expectation series.
pub(crate) const fn max_series_terms() -> usize {
    MAX_SERIES_TERMS
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    #[test]
    fn trigamma_matches_closed_forms() {
        // ψ₁(1) = π²/6, ψ₁(1/2) = π²/2, ψ₁(2) = π²/6 − 1.
        assert!((trigamma(1.0) - PI * PI / 6.0).abs() < 1e-14);
        assert!((trigamma(0.5) - PI * PI / 2.0).abs() < 1e-13);
        assert!((trigamma(2.0) - (PI * PI / 6.0 - 1.0)).abs() < 1e-14);
        // Large argument: ψ₁(z) ≈ 1/z + 1/(2z²).
        let z = 1e6;
        assert!((trigamma(z) - (1.0 / z + 0.5 / (z * z))).abs() < 1e-18);
        assert!(trigamma(0.0).is_nan());
    }

    #[test]
    fn trigamma_is_the_derivative_of_statrs_digamma() {
        for &z in &[0.3, 1.7, 4.2, 9.5, 40.0] {
            let h = 1e-5 * z;
            let numeric = (statrs::function::gamma::digamma(z + h)
                - statrs::function::gamma::digamma(z - h))
                / (2.0 * h);
            assert!(
                (trigamma(z) - numeric).abs() < 1e-7 * trigamma(z),
                "z = {z}"
            );
        }
    }

    #[test]
    fn softplus_is_stable_at_both_ends() {
        let (sp, lg) = softplus_and_logistic(800.0);
        assert_eq!(sp, 800.0);
        assert_eq!(lg, 1.0);
        let (sp, lg) = softplus_and_logistic(-800.0);
        assert_eq!(sp, 0.0);
        assert_eq!(lg, 0.0);
        let (sp, lg) = softplus_and_logistic(0.0);
        assert!((sp - 2f64.ln()).abs() < 1e-15);
        assert_eq!(lg, 0.5);
        for d in [-30.0, -1.5, 0.0, 2.0, 40.0] {
            assert_eq!(logistic(d), softplus_and_logistic(d).1);
        }
    }

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // ₂F₁(a, b; b; z) = (1 − z)^(−a)
        for &z in &[-0.9, -0.3, 0.2, 0.7, 0.95] {
            let v = hyp2f1(0.7, 2.3, 2.3, z).unwrap();
            assert!((v - (1.0 - z).powf(-0.7)).abs() < 1e-12 * v, "z = {z}");
        }
        // ₂F₁(1/2, 1; 3/2; z²) = atanh(z) / z
        let z: f64 = 0.8;
        let v = hyp2f1(0.5, 1.0, 1.5, z * z).unwrap();
        assert!((v - z.atanh() / z).abs() < 1e-13);
        assert!(hyp2f1(1.0, 1.0, 2.0, 1.0).is_err());
        assert!(hyp2f1(1.0, 1.0, -2.0, 0.5).is_err());
    }
}
