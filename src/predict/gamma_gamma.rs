//! The Gamma-Gamma model of average spend per purchase (Fader, Hardie & Lee
//! 2005, "RFM and CLV: using iso-value curves for customer base analysis",
//! Journal of Marketing Research 42(4), 415-430, §"monetary value"; written
//! out in Fader & Hardie 2013, "The Gamma-Gamma model of monetary value",
//! note 025, whose equation numbers are cited below).
//!
//! A customer's purchase amounts are Gamma(p, ν) around their own mean p/ν;
//! ν ~ Gamma(q, v) across customers. The model assumes spend is independent
//! of purchase frequency, which is checked with the Pearson correlation
//! between x and m̄ on the fitted customers.
//!
//! ```
//! use segmento::predict::gamma_gamma::GammaGammaParams;
//! // Published CDNOW estimates (note 025).
//! let params = GammaGammaParams { p: 6.25, q: 3.74, v: 15.44 };
//! // A customer with 2 repeat purchases averaging 22.35 $.
//! let spend = params.conditional_expected_spend(2, 22.35);
//! assert!((spend - 24.66).abs() < 0.05);
//! ```

use super::optimize::{self, Evaluation, Objective};
use super::special::{digamma, ln_gamma, trigamma};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The Gamma-Gamma parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaParams {
    /// Shape of each purchase amount's Gamma distribution.
    pub p: f64,
    /// Shape of the Gamma distribution of ν across customers.
    pub q: f64,
    /// Scale (rate) of the Gamma distribution of ν across customers.
    pub v: f64,
}

impl GammaGammaParams {
    /// E[M | p, q, v, m̄, x], the expected average spend per purchase of a
    /// customer with `x` purchases averaging `average_spend` (note 025,
    /// eq. (5)): a weighted mean of the population mean p v/(q−1) and the
    /// customer's own average, with weight p x/(p x + q − 1) on the latter.
    /// With x = 0 it is the population mean. Needs q > 1 (else the mean is
    /// infinite and the result is +∞).
    pub fn conditional_expected_spend(&self, x: u32, average_spend: f64) -> f64 {
        let GammaGammaParams { p, q, v } = *self;
        if q <= 1.0 {
            return f64::INFINITY;
        }
        let px = p * x as f64;
        (p * v + px * average_spend) / (px + q - 1.0)
    }

    /// Population mean spend per purchase, p v / (q − 1).
    pub fn population_mean_spend(&self) -> f64 {
        self.conditional_expected_spend(0, 0.0)
    }
}

/// Customers' (x, m̄) ready for the likelihood: x purchases with average
/// spend m̄ > 0 each.
#[derive(Debug, Clone, PartialEq)]
pub struct GammaGammaData {
    x: Vec<f64>,
    ln_mean: Vec<f64>,
    x_times_mean: Vec<f64>,
    weight: Vec<f64>,
    count_by_x: Vec<f64>,
    customers: f64,
    sum_ln_mean: f64,
    sum_x_ln_mean: f64,
    sum_x_ln_x: f64,
    correlation: Option<f64>,
}

impl GammaGammaData {
    /// Build from (x, m̄) pairs; pairs with x = 0 or m̄ ≤ 0 (or not finite)
    /// are left out, as the model is defined for positive spend on at least
    /// one purchase. Returns the data and the number of pairs left out.
    pub fn new(customers: impl IntoIterator<Item = (u32, f64)>) -> (Self, usize) {
        let mut data = GammaGammaData {
            x: Vec::new(),
            ln_mean: Vec::new(),
            x_times_mean: Vec::new(),
            weight: Vec::new(),
            count_by_x: Vec::new(),
            customers: 0.0,
            sum_ln_mean: 0.0,
            sum_x_ln_mean: 0.0,
            sum_x_ln_x: 0.0,
            correlation: None,
        };
        let mut left_out = 0;
        let mut means = Vec::new();
        for (x, mean) in customers {
            if x == 0 || !(mean.is_finite() && mean > 0.0) {
                left_out += 1;
                continue;
            }
            let xf = x as f64;
            data.x.push(xf);
            data.x_times_mean.push(xf * mean);
            data.weight.push(1.0);
            if data.count_by_x.len() <= x as usize {
                data.count_by_x.resize(x as usize + 1, 0.0);
            }
            data.count_by_x[x as usize] += 1.0;
            let ln_mean = mean.ln();
            data.ln_mean.push(ln_mean);
            data.sum_ln_mean += ln_mean;
            data.sum_x_ln_mean += xf * ln_mean;
            data.sum_x_ln_x += xf * xf.ln();
            means.push(mean);
        }
        data.customers = data.x.len() as f64;
        data.correlation = pearson(&data.x, &means);
        (data, left_out)
    }

    /// The same customers with ln m̄ rounded to `bins` steps over its range
    /// (per x, with weights): an approximation with far fewer rows, used
    /// only to find a starting point for the exact fit.
    fn coarsened(&self, bins: usize) -> GammaGammaData {
        let ln_means: Vec<f64> = self
            .x_times_mean
            .iter()
            .zip(&self.x)
            .map(|(xm, x)| (xm / x).ln())
            .collect();
        let lo = ln_means.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = ln_means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut rank_of_x = vec![usize::MAX; self.count_by_x.len()];
        let mut x_of_rank = Vec::new();
        for (x, &count) in self.count_by_x.iter().enumerate() {
            if count > 0.0 {
                rank_of_x[x] = x_of_rank.len();
                x_of_rank.push(x);
            }
        }
        let width = bins + 1;
        if hi <= lo || x_of_rank.len() * width > 16_000_000 {
            return self.clone();
        }
        let step = (hi - lo) / bins as f64;
        let mut grid = vec![0.0f64; x_of_rank.len() * width];
        for i in 0..self.x.len() {
            let bin = (((ln_means[i] - lo) / step).round() as usize).min(bins);
            grid[rank_of_x[self.x[i] as usize] * width + bin] += self.weight[i];
        }
        let mut coarse = GammaGammaData {
            x: Vec::new(),
            ln_mean: Vec::new(),
            x_times_mean: Vec::new(),
            weight: Vec::new(),
            count_by_x: vec![0.0; self.count_by_x.len()],
            customers: 0.0,
            sum_ln_mean: 0.0,
            sum_x_ln_mean: 0.0,
            sum_x_ln_x: 0.0,
            correlation: self.correlation,
        };
        for (cell, &w) in grid.iter().enumerate() {
            if w > 0.0 {
                let x = x_of_rank[cell / width];
                let (xf, ln_mean) = (x as f64, lo + (cell % width) as f64 * step);
                coarse.x.push(xf);
                coarse.ln_mean.push(ln_mean);
                coarse.x_times_mean.push(xf * ln_mean.exp());
                coarse.weight.push(w);
                coarse.count_by_x[x] += w;
                coarse.customers += w;
                coarse.sum_ln_mean += w * ln_mean;
                coarse.sum_x_ln_mean += w * xf * ln_mean;
                coarse.sum_x_ln_x += w * xf * xf.ln();
            }
        }
        coarse
    }

    /// Number of customers in the fit.
    pub fn customers(&self) -> f64 {
        self.customers
    }

    /// Pearson correlation between x and m̄ (`None` when either is constant
    /// or there are fewer than 3 customers).
    pub fn frequency_spend_correlation(&self) -> Option<f64> {
        self.correlation
    }

    /// Log-likelihood Σ ln f(m̄ | p, q, v, x) (note 025, eq. (1a), the form
    /// lifetimes uses, without the constant Jacobian term), with its gradient
    /// and Hessian in (p, q, v):
    /// ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + v).
    pub fn log_likelihood(&self, params: GammaGammaParams) -> f64 {
        self.derivatives(params).0
    }

    fn derivatives(&self, params: GammaGammaParams) -> (f64, [f64; 3], [[f64; 3]; 3]) {
        let GammaGammaParams { p, q, v } = params;
        let n = self.customers;
        // Terms depending on x only.
        let (mut ll, mut g_p, mut g_q) = (0.0, 0.0, 0.0);
        let (mut h_pp, mut h_pq, mut h_qq) = (0.0, 0.0, 0.0);
        for (x, &count) in self.count_by_x.iter().enumerate() {
            if count == 0.0 {
                continue;
            }
            let xf = x as f64;
            let (px, pxq) = (p * xf, p * xf + q);
            ll += count * (ln_gamma(pxq) - ln_gamma(px));
            let (psi_pxq, psi_px) = (digamma(pxq), digamma(px));
            let (tri_pxq, tri_px) = (trigamma(pxq), trigamma(px));
            g_p += count * xf * (psi_pxq - psi_px);
            g_q += count * psi_pxq;
            h_pp += count * xf * xf * (tri_pxq - tri_px);
            h_pq += count * xf * tri_pxq;
            h_qq += count * tri_pxq;
        }
        // Terms with ln(x m̄ + v), summed per customer.
        let (mut s_ln, mut s_x_ln, mut s_inv, mut s_x_inv, mut s_inv2, mut s_x_inv2) =
            (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for ((&x, &xm), &w) in self.x.iter().zip(&self.x_times_mean).zip(&self.weight) {
            let denominator = xm + v;
            let ln = w * denominator.ln();
            let inv = 1.0 / denominator;
            let w_inv = w * inv;
            s_ln += ln;
            s_x_ln += x * ln;
            s_inv += w_inv;
            s_x_inv += x * w_inv;
            s_inv2 += w_inv * inv;
            s_x_inv2 += x * w_inv * inv;
        }
        ll += -n * ln_gamma(q) + n * q * v.ln() + p * self.sum_x_ln_mean - self.sum_ln_mean
            + p * self.sum_x_ln_x
            - p * s_x_ln
            - q * s_ln;
        g_p += self.sum_x_ln_mean + self.sum_x_ln_x - s_x_ln;
        g_q += -n * digamma(q) + n * v.ln() - s_ln;
        let g_v = n * q / v - (p * s_x_inv + q * s_inv);
        h_qq -= n * trigamma(q);
        let h_pv = -s_x_inv;
        let h_qv = n / v - s_inv;
        let h_vv = -n * q / (v * v) + p * s_x_inv2 + q * s_inv2;
        (
            ll,
            [g_p, g_q, g_v],
            [[h_pp, h_pq, h_pv], [h_pq, h_qq, h_qv], [h_pv, h_qv, h_vv]],
        )
    }
}

fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 3 {
        return None;
    }
    let mean_x = x.iter().sum::<f64>() / n as f64;
    let mean_y = y.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mean_x) * (b - mean_y);
        sxx += (a - mean_x) * (a - mean_x);
        syy += (b - mean_y) * (b - mean_y);
    }
    let r = sxy / (sxx * syy).sqrt();
    r.is_finite().then_some(r)
}

struct Likelihood<'a> {
    data: &'a GammaGammaData,
    l2_penalty: f64,
}

impl Objective for Likelihood<'_> {
    fn evaluate(&self, theta: &[f64]) -> Option<Evaluation> {
        let p: Vec<f64> = theta.iter().map(|t| t.exp()).collect();
        let params = GammaGammaParams {
            p: p[0],
            q: p[1],
            v: p[2],
        };
        let (ll, g, h) = self.data.derivatives(params);
        Some(super::bgnbd::log_space_objective(
            ll,
            &g,
            &h,
            &p,
            self.data.customers,
            self.l2_penalty,
        ))
    }
}

/// A Gamma-Gamma maximum-likelihood fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaFit {
    /// p, q, v.
    pub params: GammaGammaParams,
    /// Σ ln f at the estimate (eq. (1a), unpenalised).
    pub log_likelihood: f64,
    /// Gradient vanished and Hessian positive definite (as for BG/NBD).
    pub converged: bool,
    /// Trust-region Newton iterations on the exact data.
    pub iterations: u64,
    /// Iterations of the warm start on binned spends.
    pub warm_start_iterations: u64,
    /// Standard errors of p, q, v from the inverse observed information
    /// (analytic Hessian); `None` when not positive definite.
    pub std_errors: Option<GammaGammaParams>,
    /// Customers in the fit (x ≥ 1, m̄ > 0).
    pub customers: f64,
    /// Pearson correlation between x and m̄ over those customers.
    pub frequency_spend_correlation: Option<f64>,
}

/// Fit the Gamma-Gamma model by maximum likelihood (trust-region Newton in
/// log-parameters, objective −LL/N + λ(p² + q² + v²) as for BG/NBD).
///
/// Starts from p = 1, q = 2 and v equal to the mean of m̄ (so that the
/// population mean p v/(q−1) starts at the observed mean), first on the data
/// with ln m̄ binned in 256 steps, then on the exact data from that optimum.
pub fn fit(data: &GammaGammaData, l2_penalty: f64) -> Result<GammaGammaFit> {
    if data.customers < 2.0 {
        return Err(Error::analysis(
            "Gamma-Gamma: fewer than 2 customers with repeat spend",
        ));
    }
    let mean_spend: f64 = data
        .x_times_mean
        .iter()
        .zip(&data.x)
        .map(|(xm, x)| xm / x)
        .sum::<f64>()
        / data.customers;
    let start = [0.0, 2f64.ln(), mean_spend.max(1e-9).ln()];
    let coarse = data.coarsened(256);
    let (warm, minimum) = optimize::minimise_warm_started(
        &Likelihood {
            data: &coarse,
            l2_penalty,
        },
        &Likelihood { data, l2_penalty },
        &start,
        200,
        1e-7,
    );
    let params = GammaGammaParams {
        p: minimum.theta[0].exp(),
        q: minimum.theta[1].exp(),
        v: minimum.theta[2].exp(),
    };
    let natural = [params.p, params.q, params.v];
    let (ll, hessian) = match &minimum.evaluation {
        Some(e) => super::bgnbd::natural_from_log_space(e, &natural, data.customers, l2_penalty),
        None => {
            let (ll, _, h) = data.derivatives(params);
            (ll, h.iter().map(|row| row.to_vec()).collect())
        }
    };
    let std_errors = optimize::standard_errors(&hessian).map(|se| GammaGammaParams {
        p: se[0],
        q: se[1],
        v: se[2],
    });
    Ok(GammaGammaFit {
        params,
        log_likelihood: ll,
        converged: minimum.converged && ll.is_finite(),
        iterations: minimum.iterations,
        warm_start_iterations: warm.iterations,
        std_errors,
        customers: data.customers,
        frequency_spend_correlation: data.correlation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_likelihood_matches_equation_1a_for_one_customer() {
        // x = 3, m̄ = 20, (p, q, v) = (2, 3, 10):
        // lnΓ(9) − lnΓ(6) − lnΓ(3) + 3 ln 10 + 5 ln 20 + 6 ln 3 − 9 ln 70
        // = ln(40320/120/2) + 3 ln 10 + 5 ln 20 + 6 ln 3 − 9 ln 70
        let (data, left_out) = GammaGammaData::new([(3, 20.0), (0, 5.0), (2, -1.0)]);
        assert_eq!(left_out, 2);
        let expected = (168f64).ln() + 3.0 * 10f64.ln() + 5.0 * 20f64.ln() + 6.0 * 3f64.ln()
            - 9.0 * 70f64.ln();
        let ll = data.log_likelihood(GammaGammaParams {
            p: 2.0,
            q: 3.0,
            v: 10.0,
        });
        assert!((ll - expected).abs() < 1e-11, "{ll} vs {expected}");
    }

    #[test]
    fn analytic_derivatives_match_finite_differences() {
        let (data, _) = GammaGammaData::new([(1, 12.0), (2, 30.0), (5, 18.5), (3, 22.0), (1, 7.5)]);
        let base = [1.7, 2.9, 11.0];
        let at = |v: [f64; 3]| {
            data.derivatives(GammaGammaParams {
                p: v[0],
                q: v[1],
                v: v[2],
            })
        };
        let (_, g, h) = at(base);
        for i in 0..3 {
            let step = 1e-5 * base[i];
            let (mut up, mut down) = (base, base);
            up[i] += step;
            down[i] -= step;
            let ((lu, gu, _), (ld, gd, _)) = (at(up), at(down));
            assert!(((lu - ld) / (2.0 * step) - g[i]).abs() < 1e-6 * (1.0 + g[i].abs()));
            for j in 0..3 {
                let numeric = (gu[j] - gd[j]) / (2.0 * step);
                assert!(
                    (numeric - h[i][j]).abs() < 1e-5 * (1.0 + h[i][j].abs()),
                    "{i} {j}"
                );
            }
        }
    }

    #[test]
    fn conditional_spend_weights_own_average_by_p_x() {
        // p = 2, q = 3, v = 10: population mean 2·10/2 = 10; x = 4, m̄ = 25:
        // weight 8/(8+2) = 0.8 → 0.2·10 + 0.8·25 = 22.
        let params = GammaGammaParams {
            p: 2.0,
            q: 3.0,
            v: 10.0,
        };
        assert!((params.conditional_expected_spend(4, 25.0) - 22.0).abs() < 1e-12);
        assert!((params.population_mean_spend() - 10.0).abs() < 1e-12);
        assert!(GammaGammaParams {
            p: 2.0,
            q: 0.9,
            v: 10.0
        }
        .population_mean_spend()
        .is_infinite());
    }

    #[test]
    fn pearson_correlation_by_hand() {
        // x = 1, 2, 3; y = 2, 4, 7: means 2, 13/3; sxy = (−1)(−7/3) + 0 + (1)(8/3) = 5,
        // sxx = 2, syy = 49/9 + 1/9 + 64/9 = 114/9 → r = 5 / sqrt(2 · 114/9) = 0.99340...
        let r = pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 7.0]).unwrap();
        assert!((r - 5.0 / (2.0f64 * 114.0 / 9.0).sqrt()).abs() < 1e-15);
        assert!(pearson(&[1.0, 1.0, 1.0], &[2.0, 4.0, 7.0]).is_none());
    }
}
