//! Special functions the models need: ln Γ, digamma and trigamma, the Gauss
//! hypergeometric function (BG/NBD, Gamma-Gamma), the regularized incomplete
//! gamma function with the chi-square and normal laws built on it (the
//! survival curves' bands and log-rank test).
//!
//! They are written here rather than taken from `statrs`, which the page's
//! main module then no longer links (BENCHMARKS.md, "Main module size"), and
//! tested against mpmath (`tests/reference/special_functions.py`) and
//! closed forms.

use std::f64::consts::{E, PI};

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

/// Lanczos parameter g and coefficients dₖ for ln Γ: Pugh (2004), *An
/// Analysis of the Lanczos Gamma Approximation*, p. 116 (n = 10, g =
/// 10.900511), relative error below 1e-15 on the positive axis. (The same
/// table statrs used, so the fits did not move when it was dropped.)
const LANCZOS_G: f64 = 10.900511;
const LANCZOS_D: [f64; 11] = [
    2.4857408913875355e-05,
    1.0514237858172197,
    -3.4568709722201625,
    4.512277094668948,
    -2.9828522532357664,
    1.056397115771267,
    -0.19542877319164587,
    0.01709705434044412,
    -0.0005719261174043057,
    4.633994733599057e-06,
    -2.7199490848860772e-09,
];
/// ln π and ln(2 √(e / π)), the constants of Pugh's formula.
const LN_PI: f64 = 1.1447298858494002;
const LN_2_SQRT_E_OVER_PI: f64 = 0.6207822376352452;

/// ln Γ(x), by the Lanczos approximation for x ≥ 1/2 and the reflection
/// formula Γ(x) Γ(1 − x) = π / sin(πx) below.
///
/// ```
/// use segmento::predict::special::ln_gamma;
/// // Γ(5) = 24
/// assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-14);
/// ```
pub fn ln_gamma(x: f64) -> f64 {
    if x < 0.5 {
        let s = LANCZOS_D
            .iter()
            .enumerate()
            .skip(1)
            .fold(LANCZOS_D[0], |s, (k, d)| s + d / (k as f64 - x));
        LN_PI
            - (PI * x).sin().ln()
            - s.ln()
            - LN_2_SQRT_E_OVER_PI
            - (0.5 - x) * ((0.5 - x + LANCZOS_G) / E).ln()
    } else {
        let s = LANCZOS_D
            .iter()
            .enumerate()
            .skip(1)
            .fold(LANCZOS_D[0], |s, (k, d)| s + d / (x + k as f64 - 1.0));
        s.ln() + LN_2_SQRT_E_OVER_PI + (x - 0.5) * ((x - 0.5 + LANCZOS_G) / E).ln()
    }
}

/// Digamma ψ(x) = d/dx ln Γ(x), for x > 0 (NaN elsewhere).
///
/// Below 1e-6, ψ(x) ≈ −γ − 1/x + (π²/6) x. Otherwise shifts x up to 12 with
/// ψ(x) = ψ(x + 1) − 1/x, then uses the asymptotic expansion ψ(x) ~ ln x −
/// 1/(2x) − Σ B₂ₖ / (2k x^2k) to k = 5 (Abramowitz & Stegun 6.3.18), whose
/// next term is below 1e-16 from 12 on.
///
/// ```
/// use segmento::predict::special::digamma;
/// // ψ(1) = −γ
/// assert!((digamma(1.0) + 0.577_215_664_901_532_9).abs() < 1e-14);
/// ```
pub fn digamma(x: f64) -> f64 {
    const EULER_GAMMA: f64 = 0.5772156649015329;
    const ZETA_2: f64 = 1.6449340668482264;
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x <= 1e-6 {
        return -EULER_GAMMA - 1.0 / x + ZETA_2 * x;
    }
    let mut result = 0.0;
    let mut z = x;
    while z < 12.0 {
        result -= 1.0 / z;
        z += 1.0;
    }
    let r = 1.0 / z;
    result += z.ln() - 0.5 * r;
    let r2 = r * r;
    result
        - r2 * (1.0 / 12.0
            - r2 * (1.0 / 120.0 - r2 * (1.0 / 252.0 - r2 * (1.0 / 240.0 - r2 * (1.0 / 132.0)))))
}

/// Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a),
/// for a > 0 and x ≥ 0 (NaN elsewhere).
///
/// Numerical Recipes (3rd ed., §6.2): below x = a + 1 the series of P = 1 −
/// Q, Σ xⁿ / (a (a+1) … (a+n)); above, the continued fraction of Q by the
/// modified Lentz method. Both stop at a relative change of 1e-16.
pub fn gamma_q(a: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const MAX_TERMS: usize = 10_000;
    if !(a > 0.0 && x >= 0.0 && a.is_finite()) {
        return f64::NAN;
    }
    if x == 0.0 {
        return 1.0;
    }
    if x.is_infinite() {
        return 0.0;
    }
    let log_prefactor = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        let mut term = 1.0 / a;
        let mut sum = term;
        for n in 1..MAX_TERMS {
            term *= x / (a + n as f64);
            sum += term;
            if term.abs() < sum.abs() * f64::EPSILON {
                break;
            }
        }
        1.0 - sum * log_prefactor.exp()
    } else {
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut fraction = d;
        for n in 1..MAX_TERMS {
            let an = -(n as f64) * (n as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let delta = d * c;
            fraction *= delta;
            if (delta - 1.0).abs() < f64::EPSILON {
                break;
            }
        }
        log_prefactor.exp() * fraction
    }
}

/// P(X > x) for X chi-square with `degrees_of_freedom`: Q(k/2, x/2).
///
/// ```
/// use segmento::predict::special::chi_square_sf;
/// // With 2 degrees of freedom the law is exponential: P(X > x) = e^(−x/2).
/// assert!((chi_square_sf(3.0, 2) - (-1.5f64).exp()).abs() < 1e-15);
/// ```
pub fn chi_square_sf(x: f64, degrees_of_freedom: u32) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    gamma_q(f64::from(degrees_of_freedom) / 2.0, x / 2.0)
}

/// P(Z ≤ z) for Z standard normal, from Q(1/2, z²/2) = P(|Z| > |z|).
fn normal_cdf(z: f64) -> f64 {
    let two_tails = gamma_q(0.5, z * z / 2.0);
    if z < 0.0 {
        two_tails / 2.0
    } else {
        1.0 - two_tails / 2.0
    }
}

/// The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (NaN elsewhere).
///
/// Acklam's rational approximation (relative error 1.2e-9) refined by two
/// Halley steps on Φ(z) − p, computed on the smaller tail so that p near 1
/// keeps its precision.
///
/// ```
/// use segmento::predict::special::normal_quantile;
/// assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-14);
/// ```
pub fn normal_quantile(p: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) {
        return f64::NAN;
    }
    if p > 0.5 {
        return -normal_quantile(1.0 - p);
    }
    let mut z = acklam_lower_quantile(p);
    for _ in 0..2 {
        let error = normal_cdf(z) - p;
        let u = error * (2.0 * PI).sqrt() * (z * z / 2.0).exp();
        z -= u / (1.0 + z * u / 2.0);
    }
    z
}

/// Acklam's approximation of Φ⁻¹(p) for 0 < p ≤ 1/2 (P. J. Acklam, "An
/// algorithm for computing the inverse normal cumulative distribution
/// function", 2003).
fn acklam_lower_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let poly = |coefficients: &[f64], x: f64| coefficients.iter().fold(0.0, |s, c| s * x + c);
    if p < 0.024_25 {
        let q = (-2.0 * p.ln()).sqrt();
        poly(&C, q) / (poly(&D, q) * q + 1.0)
    } else {
        let q = p - 0.5;
        let r = q * q;
        poly(&A, r) * q / (poly(&B, r) * r + 1.0)
    }
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

    /// `|actual − expected| ≤ tolerance × max(1, |expected|)`.
    fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
        (actual - expected).abs() <= tolerance * expected.abs().max(1.0)
    }

    // Values from mpmath at 50 digits, tests/reference/special_functions.py.
    #[test]
    fn ln_gamma_matches_mpmath() {
        for (x, expected) in [
            (1e-8, 18.42068073818021),
            (0.1, 2.252712651734206),
            (0.5, 0.5723649429247001),
            (1.0, 0.0),
            (1.5, -0.12078223763524522),
            (2.5, 0.2846828704729192),
            (7.3, 7.147892523022248),
            (12.0, 17.502307845873887),
            (25.0, 54.78472939811232),
            (171.5, 709.1431630309282),
            (1e5, 1051287.7089736569),
            (3.2e7, 520999879.0227633),
        ] {
            assert!(
                close(ln_gamma(x), expected, 1e-14),
                "ln Γ({x}) = {}",
                ln_gamma(x)
            );
        }
    }

    // statrs is a native dev-dependency only.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn ln_gamma_and_digamma_equal_statrs_bit_for_bit() {
        for i in 1..4000 {
            let x = 1e-7 * 1.01f64.powi(i);
            let (ours, theirs) = (ln_gamma(x), statrs::function::gamma::ln_gamma(x));
            assert_eq!(ours.to_bits(), theirs.to_bits(), "ln Γ({x})");
            let (ours, theirs) = (digamma(x), statrs::function::gamma::digamma(x));
            assert_eq!(ours.to_bits(), theirs.to_bits(), "ψ({x})");
        }
    }

    #[test]
    fn digamma_matches_mpmath() {
        for (x, expected) in [
            (1e-7, -10000000.5772155),
            (0.1, -10.423754940411076),
            (0.5, -1.9635100260214235),
            (1.0, -0.5772156649015329),
            (2.5, 0.7031566406452432),
            (7.3, 1.9178203356379862),
            (11.9, 2.4339335368825377),
            (12.0, 2.442661679975812),
            (40.0, 3.676327374034843),
            (1e5, 11.512920464961894),
            (3.2e7, 17.281246445139),
        ] {
            assert!(
                close(digamma(x), expected, 1e-14),
                "ψ({x}) = {}",
                digamma(x)
            );
        }
        assert!(digamma(0.0).is_nan() && digamma(-1.5).is_nan());
    }

    #[test]
    fn chi_square_sf_matches_mpmath() {
        for (x, k, expected) in [
            (0.004, 1, 0.9495709711511051),
            (0.5, 1, 0.4795001221869535),
            (3.84, 1, 0.050043521248705106),
            (0.2, 2, 0.9048374180359595),
            (5.99, 2, 0.05003662708658628),
            (7.0, 3, 0.07189777249646513),
            (0.3, 4, 0.9898141728888165),
            (25.0, 4, 5.030981782306206e-05),
            (80.0, 9, 1.6161314156534603e-13),
            (150.0, 3, 2.634913928488044e-32),
        ] {
            let actual = chi_square_sf(x, k);
            assert!(
                (actual - expected).abs() <= 1e-13 * expected,
                "P(χ²({k}) > {x}) = {actual}"
            );
        }
        assert_eq!(chi_square_sf(0.0, 3), 1.0);
        assert_eq!(chi_square_sf(f64::INFINITY, 3), 0.0);
    }

    #[test]
    fn normal_quantile_matches_mpmath() {
        for (p, expected) in [
            (1e-12, -7.034483825301132),
            (0.001, -3.0902323061678136),
            (0.025, -1.9599639845400543),
            (0.1, -1.2815515655446004),
            (0.5, 0.0),
            (0.8, 0.8416212335729144),
            (0.975, 1.9599639845400538),
            (0.995, 2.5758293035489004),
            (1.0 - 1e-9, 5.9978070196016375),
        ] {
            let actual = normal_quantile(p);
            assert!(close(actual, expected, 1e-14), "Φ⁻¹({p}) = {actual}");
        }
        assert!(normal_quantile(0.0).is_nan() && normal_quantile(1.0).is_nan());
    }

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
    fn trigamma_is_the_derivative_of_digamma() {
        for &z in &[0.3, 1.7, 4.2, 9.5, 40.0] {
            let h = 1e-5 * z;
            let numeric = (digamma(z + h) - digamma(z - h)) / (2.0 * h);
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
