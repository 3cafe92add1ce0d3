//! The Kaplan-Meier estimator with Greenwood bands, and the k-group log-rank
//! test, on lifetimes measured in whole days.
//!
//! Both follow Python's `lifelines` (0.30) exactly, so the numbers can be
//! checked against it:
//!
//! - **Estimator** (Kaplan & Meier 1958, eq. 3): at each distinct time `t`
//!   with `n` customers at risk and `d` events, `S(t) = Π (1 − d/n)`,
//!   accumulated as `Σ [ln(n − d) − ln n]` and exponentiated, as lifelines does.
//!   Ties: every lifetime that ends at `t` (event or censoring) is at risk at
//!   `t`, so events come before censorings at the same time.
//! - **Variance** (Greenwood 1926): `V(t) = Σ d / (n (n − d))`, with the term
//!   set to 0 when `n = d` (lifelines' convention; `S` is then 0 anyway).
//! - **Bands**: the "exponential Greenwood" interval on the log(−log) scale
//!   (Kalbfleisch & Prentice 2002, §1.4; lifelines' only KM interval):
//!   `exp(−exp(ln(−ln S) ∓ z √V / ln S))`, which stays inside [0, 1]. Where
//!   the formula is undefined (`S = 1`, no variance yet) both bounds are 1.
//! - **Quantiles** (median): the first step time at which the curve is at or
//!   below `q` (lifelines' `qth_survival_time`); none when it never gets there.
//! - **Log-rank** (Mantel 1966; Klein & Moeschberger 2003, §7.3): observed
//!   minus expected events per group, the hypergeometric covariance, and
//!   `U = Zᵀ V⁻ Z` over the first k − 1 groups (V⁻ the Moore-Penrose inverse,
//!   as lifelines' `multivariate_logrank_test`), chi-square with k − 1 degrees
//!   of freedom.
//!
//! The time axis always starts with a row at `t = 0`, as in lifelines.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::predict::special::{chi_square_sf, normal_quantile};

/// How many lifetimes of one group ended on each day, by kind. Index = day.
///
/// ```
/// use segmento::dynamics::kaplan_meier::DayCounts;
/// let mut counts = DayCounts::default();
/// counts.add(3, true); // a lifetime of 3 days that ended with the event
/// counts.add(5, false); // still going after 5 days (censored)
/// assert_eq!(counts.total(), 2);
/// assert_eq!(counts.events_total(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayCounts {
    /// Events (lifetimes that ended with the event) by day.
    events: Vec<u32>,
    /// All lifetimes that ended (event or censoring) by day.
    removed: Vec<u32>,
    total: u32,
    events_total: u32,
}

impl DayCounts {
    /// Records one lifetime of `day` days; `event` is false when censored.
    pub fn add(&mut self, day: u32, event: bool) {
        let index = day as usize;
        if index >= self.removed.len() {
            self.events.resize(index + 1, 0);
            self.removed.resize(index + 1, 0);
        }
        self.removed[index] += 1;
        self.total += 1;
        if event {
            self.events[index] += 1;
            self.events_total += 1;
        }
    }

    /// Adds every lifetime of `other` to these counts.
    pub fn merge(&mut self, other: &DayCounts) {
        if other.removed.len() > self.removed.len() {
            self.events.resize(other.removed.len(), 0);
            self.removed.resize(other.removed.len(), 0);
        }
        for (mine, theirs) in self.events.iter_mut().zip(&other.events) {
            *mine += theirs;
        }
        for (mine, theirs) in self.removed.iter_mut().zip(&other.removed) {
            *mine += theirs;
        }
        self.total += other.total;
        self.events_total += other.events_total;
    }

    /// Number of lifetimes recorded.
    pub fn total(&self) -> u32 {
        self.total
    }

    /// Number of lifetimes that ended with the event.
    pub fn events_total(&self) -> u32 {
        self.events_total
    }

    /// The longest recorded lifetime, if any.
    pub fn max_day(&self) -> Option<u32> {
        self.removed.iter().rposition(|&r| r > 0).map(|d| d as u32)
    }
}

/// One row of the Kaplan-Meier table: a distinct time (or `t = 0`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Time in days.
    pub t: u32,
    /// Lifetimes still running at `t` (ending at `t` or later).
    pub at_risk: u32,
    /// Events at `t`.
    pub events: u32,
    /// Censorings at `t`.
    pub censored: u32,
    /// S(t), the estimated share surviving beyond `t`.
    pub survival: f64,
    /// Greenwood's cumulative variance term Σ d / (n (n − d)).
    pub greenwood: f64,
    /// Lower bound of the confidence band at `t`.
    pub lower: f64,
    /// Upper bound of the confidence band at `t`.
    pub upper: f64,
}

/// A fitted Kaplan-Meier curve.
///
/// ```
/// use segmento::dynamics::kaplan_meier::{DayCounts, KaplanMeier};
/// let mut counts = DayCounts::default();
/// for (day, event) in [(0, true), (3, true), (3, false), (5, true)] {
///     counts.add(day, event);
/// }
/// let km = KaplanMeier::fit(&counts, 0.95).unwrap();
/// // S(0) = 3/4, S(3) = 3/4 × 2/3 = 1/2, S(5) = 0.
/// assert!((km.survival_at(3).unwrap() - 0.5).abs() < 1e-12);
/// assert_eq!(km.median(), Some(3));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KaplanMeier {
    /// Confidence level of the bands (e.g. 0.95).
    pub confidence: f64,
    /// The table, one row per distinct time, starting at `t = 0`.
    pub steps: Vec<Step>,
}

/// Two-sided standard normal quantile for a confidence level (1.96 for 0.95).
pub fn z_for_confidence(confidence: f64) -> Result<f64> {
    if !(confidence > 0.0 && confidence < 1.0) {
        return Err(Error::analysis(format!(
            "the confidence level must be between 0 and 1 (exclusive), not {confidence}"
        )));
    }
    Ok(normal_quantile(1.0 - (1.0 - confidence) / 2.0))
}

impl KaplanMeier {
    /// Fits the curve on one group's counts. Errors when the group is empty.
    pub fn fit(counts: &DayCounts, confidence: f64) -> Result<KaplanMeier> {
        if counts.total == 0 {
            return Err(Error::analysis(
                "a survival curve needs at least one customer",
            ));
        }
        let z = z_for_confidence(confidence)?;
        let mut steps = Vec::new();
        let mut at_risk = counts.total;
        let mut log_survival = 0.0_f64;
        let mut greenwood = 0.0_f64;
        for (day, (&removed, &events)) in counts.removed.iter().zip(&counts.events).enumerate() {
            if removed == 0 && day != 0 {
                continue;
            }
            let n = at_risk as f64;
            let d = events as f64;
            // ln(n − d) − ln(n): lifelines' additive form of Π (1 − d/n).
            log_survival += (n - d).ln() - n.ln();
            // Greenwood's term; lifelines sets the n = d case (1/0) to 0.
            let term = d / (n * (n - d));
            if term.is_finite() {
                greenwood += term;
            }
            let survival = log_survival.exp();
            let (lower, upper) = log_log_band(survival, greenwood, z);
            steps.push(Step {
                t: day as u32,
                at_risk,
                events,
                censored: removed - events,
                survival,
                greenwood,
                lower,
                upper,
            });
            at_risk -= removed;
        }
        Ok(KaplanMeier { confidence, steps })
    }

    /// The last step time (the longest lifetime observed).
    pub fn last_time(&self) -> u32 {
        self.steps.last().map_or(0, |s| s.t)
    }

    /// Index of the step in force at `t` (the last step at or before `t`).
    fn step_index_at(&self, t: u32) -> usize {
        self.steps.partition_point(|s| s.t <= t).saturating_sub(1)
    }

    /// The step in force at `t`, as lifelines' `predict` / `survival_function_at_times`
    /// would report it, or `None` beyond the last observed time while the
    /// curve has not reached 0 (the estimator says nothing there; lifelines
    /// would repeat its last value).
    pub fn step_at(&self, t: u32) -> Option<&Step> {
        let step = &self.steps[self.step_index_at(t)];
        if t > self.last_time() && step.survival > 0.0 {
            return None;
        }
        Some(step)
    }

    /// S(t); see [`KaplanMeier::step_at`] for times beyond the data.
    pub fn survival_at(&self, t: u32) -> Option<f64> {
        self.step_at(t).map(|s| s.survival)
    }

    /// Lifetimes still running at `t` (ending at `t` or later).
    pub fn at_risk_at(&self, t: u32) -> u32 {
        let next = self.steps.partition_point(|s| s.t < t);
        self.steps.get(next).map_or(0, |s| s.at_risk)
    }

    /// First step time at which `column` is at or below `q` (lifelines'
    /// `qth_survival_time` on that column), or `None` if it never is.
    fn first_time_at_or_below(&self, q: f64, column: impl Fn(&Step) -> f64) -> Option<u32> {
        self.steps.iter().find(|s| column(s) <= q).map(|s| s.t)
    }

    /// Median survival: the first time at which S ≤ 0.5 (`None`: not reached).
    pub fn median(&self) -> Option<u32> {
        self.first_time_at_or_below(0.5, |s| s.survival)
    }

    /// Confidence interval of the median, read off the bands as lifelines'
    /// `median_survival_times(kmf.confidence_interval_)` does: the first
    /// times at which the lower and the upper band reach 0.5.
    pub fn median_interval(&self) -> (Option<u32>, Option<u32>) {
        (
            self.first_time_at_or_below(0.5, |s| s.lower),
            self.first_time_at_or_below(0.5, |s| s.upper),
        )
    }
}

/// The exponential Greenwood ("log(−log)") band at one time, as lifelines.
fn log_log_band(survival: f64, greenwood: f64, z: f64) -> (f64, f64) {
    let v = survival.ln();
    let half_width = z * greenwood.sqrt() / v;
    let lower = (-((-v).ln() - half_width).exp()).exp();
    let upper = (-((-v).ln() + half_width).exp()).exp();
    // 0/0 at S = 1 (no event yet): lifelines fills both bounds with 1.
    let fill = |x: f64| if x.is_nan() { 1.0 } else { x };
    (fill(lower), fill(upper))
}

/// Result of the k-group log-rank test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogRank {
    /// The chi-square statistic `Zᵀ V⁻ Z`.
    pub statistic: f64,
    /// Degrees of freedom: number of groups − 1.
    pub df: u32,
    /// P(χ²(df) ≥ statistic).
    pub p_value: f64,
}

/// The log-rank test that all `groups` share one survival curve, as
/// `lifelines.statistics.multivariate_logrank_test`. `None` with fewer than
/// two non-empty groups.
///
/// ```
/// use segmento::dynamics::kaplan_meier::{logrank, DayCounts};
/// let mut a = DayCounts::default();
/// let mut b = DayCounts::default();
/// for d in [1, 2, 3] { a.add(d, true); }
/// for d in [4, 5, 6] { b.add(d, true); }
/// let test = logrank(&[&a, &b]).unwrap();
/// assert_eq!(test.df, 1);
/// assert!(test.p_value < 0.05);
/// ```
pub fn logrank(groups: &[&DayCounts]) -> Option<LogRank> {
    let groups: Vec<&DayCounts> = groups.iter().copied().filter(|g| g.total > 0).collect();
    let k = groups.len();
    if k < 2 {
        return None;
    }
    let days = groups.iter().map(|g| g.removed.len()).max().unwrap_or(0);
    let mut at_risk: Vec<f64> = groups.iter().map(|g| g.total as f64).collect();
    // Observed − expected per group, and the covariance of the first k − 1.
    let mut z = vec![0.0_f64; k];
    let m = k - 1;
    let mut covariance = vec![0.0_f64; m * m];
    let mut removed_today = vec![0.0_f64; k];
    for day in 0..days {
        let mut n = 0.0;
        let mut d = 0.0;
        let mut any_removed = false;
        for (j, g) in groups.iter().enumerate() {
            let removed = g.removed.get(day).copied().unwrap_or(0);
            let events = g.events.get(day).copied().unwrap_or(0);
            removed_today[j] = removed as f64;
            any_removed |= removed > 0;
            n += at_risk[j];
            d += events as f64;
        }
        if d > 0.0 {
            for (j, g) in groups.iter().enumerate() {
                let events = g.events.get(day).copied().unwrap_or(0) as f64;
                z[j] += events - at_risk[j] * d / n;
            }
            // Hypergeometric variance factor; lifelines replaces the 0/0 and
            // x/0 of a single customer at risk by 1.
            let mut ratio = (n - d) / (n - 1.0);
            if !ratio.is_finite() {
                ratio = 1.0;
            }
            let factor = ratio * d / (n * n);
            for a in 0..m {
                for b in 0..m {
                    let diagonal = if a == b { n * at_risk[a] } else { 0.0 };
                    covariance[a * m + b] += factor * (diagonal - at_risk[a] * at_risk[b]);
                }
            }
        }
        if any_removed {
            for j in 0..k {
                at_risk[j] -= removed_today[j];
            }
        }
    }
    let statistic = quadratic_form_pinv(&covariance, &z[..m], m);
    let df = m as u32;
    let p_value = chi_square_sf(statistic, df);
    Some(LogRank {
        statistic,
        df,
        p_value,
    })
}

/// `xᵀ A⁺ x` for a symmetric m × m matrix `A` (row-major), with the
/// Moore-Penrose inverse taken as numpy's `pinv` does: eigenvalues below
/// 1e-15 × the largest are treated as zero.
fn quadratic_form_pinv(matrix: &[f64], x: &[f64], m: usize) -> f64 {
    let (eigenvalues, eigenvectors) = symmetric_eigen(matrix, m);
    let largest = eigenvalues.iter().fold(0.0_f64, |acc, v| acc.max(v.abs()));
    let cutoff = 1e-15 * largest;
    let mut total = 0.0;
    for (i, &lambda) in eigenvalues.iter().enumerate() {
        if lambda.abs() <= cutoff {
            continue;
        }
        // Projection of x on the i-th eigenvector (column i).
        let projection: f64 = (0..m).map(|r| eigenvectors[r * m + i] * x[r]).sum();
        total += projection * projection / lambda;
    }
    total
}

/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi
/// rotations (Golub & Van Loan 2013, §8.5). Returns the eigenvalues and the
/// eigenvectors as the columns of a row-major matrix.
fn symmetric_eigen(matrix: &[f64], m: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = matrix.to_vec();
    let mut v = vec![0.0; m * m];
    for i in 0..m {
        v[i * m + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..m)
            .flat_map(|p| (0..m).filter(move |&q| q != p).map(move |q| (p, q)))
            .map(|(p, q)| a[p * m + q] * a[p * m + q])
            .sum();
        let scale: f64 = a.iter().map(|x| x * x).sum();
        if off <= 1e-30 * scale || off == 0.0 {
            break;
        }
        for p in 0..m {
            for q in (p + 1)..m {
                let apq = a[p * m + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * m + q] - a[p * m + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..m {
                    let arp = a[r * m + p];
                    let arq = a[r * m + q];
                    a[r * m + p] = c * arp - s * arq;
                    a[r * m + q] = s * arp + c * arq;
                }
                for r in 0..m {
                    let apr = a[p * m + r];
                    let aqr = a[q * m + r];
                    a[p * m + r] = c * apr - s * aqr;
                    a[q * m + r] = s * apr + c * aqr;
                }
                for r in 0..m {
                    let vrp = v[r * m + p];
                    let vrq = v[r * m + q];
                    v[r * m + p] = c * vrp - s * vrq;
                    v[r * m + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    ((0..m).map(|i| a[i * m + i]).collect(), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(lifetimes: &[(u32, bool)]) -> DayCounts {
        let mut c = DayCounts::default();
        for &(d, e) in lifetimes {
            c.add(d, e);
        }
        c
    }

    #[test]
    fn small_table_matches_hand_and_lifelines() {
        // durations [0,0,3,3,5,7,7,9], events [1,0,1,0,1,1,0,1].
        // S(0) = 7/8 = 0.875; S(3) = 0.875 × 5/6 = 0.7291666…;
        // S(5) = × 3/4 = 0.546875; S(7) = × 2/3 = 0.3645833…; S(9) = 0.
        // lifelines 0.30.3 bands: t=0 (0.387000, 0.981393), t=3 (0.276390,
        // 0.925353), t=7 (0.053396, 0.706476), t=9 (0, 0); median 7;
        // median interval (0, 9).
        let km = KaplanMeier::fit(
            &counts(&[
                (0, true),
                (0, false),
                (3, true),
                (3, false),
                (5, true),
                (7, true),
                (7, false),
                (9, true),
            ]),
            0.95,
        )
        .unwrap();
        let s: Vec<f64> = km.steps.iter().map(|s| s.survival).collect();
        let expected = [
            0.875,
            0.875 * 5.0 / 6.0,
            0.546875,
            0.546875 * 2.0 / 3.0,
            0.0,
        ];
        for (got, want) in s.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        let at_risk: Vec<u32> = km.steps.iter().map(|s| s.at_risk).collect();
        assert_eq!(at_risk, vec![8, 6, 4, 3, 1]);
        let bands = [
            (0.387000, 0.981393),
            (0.276390, 0.925353),
            (0.137238, 0.832429),
            (0.053396, 0.706476),
            (0.0, 0.0),
        ];
        for (step, (lo, hi)) in km.steps.iter().zip(bands) {
            assert!(
                (step.lower - lo).abs() < 5e-7 && (step.upper - hi).abs() < 5e-7,
                "{step:?}"
            );
        }
        assert_eq!(km.median(), Some(7));
        assert_eq!(km.median_interval(), (Some(0), Some(9)));
        assert_eq!(km.survival_at(8), Some(km.steps[3].survival));
        assert_eq!(km.survival_at(100), Some(0.0));
        assert_eq!(km.at_risk_at(4), 4);
        assert_eq!(km.at_risk_at(10), 0);
    }

    #[test]
    fn curve_without_event_at_zero_starts_at_one_with_unit_bands() {
        // lifelines: durations [2,3,3,5], events [0,1,0,0] → S = 1, 1, 2/3, 2/3,
        // band at 3 = (0.054073, 0.945206), median not reached.
        let km = KaplanMeier::fit(
            &counts(&[(2, false), (3, true), (3, false), (5, false)]),
            0.95,
        )
        .unwrap();
        assert_eq!(km.steps[0].t, 0);
        assert_eq!((km.steps[0].lower, km.steps[0].upper), (1.0, 1.0));
        assert!((km.steps[2].lower - 0.054073).abs() < 5e-7);
        assert!((km.steps[2].upper - 0.945206).abs() < 5e-7);
        assert_eq!(km.median(), None);
        assert_eq!(km.survival_at(6), None);
    }

    #[test]
    fn z_matches_scipy() {
        // scipy.stats.norm.ppf(0.975) = 1.959963984540054
        assert!((z_for_confidence(0.95).unwrap() - 1.959963984540054).abs() < 1e-12);
        assert!(z_for_confidence(1.0).is_err());
    }

    #[test]
    fn logrank_matches_lifelines_docstring_example() {
        // lifelines' docstring example: G = [0,0,0,0,1,1,1,1,1,2,2,2],
        // T = [5,3,9,8,7,4,4,3,2,5,6,7], E = [1,1,1,1,1,1,0,0,1,1,1,0].
        // (values printed by tests/reference/kaplan_meier_small.py).
        let g0 = counts(&[(5, true), (3, true), (9, true), (8, true)]);
        let g1 = counts(&[(7, true), (4, true), (4, false), (3, false), (2, true)]);
        let g2 = counts(&[(5, true), (6, true), (7, false)]);
        let test = logrank(&[&g0, &g1, &g2]).unwrap();
        assert_eq!(test.df, 2);
        assert!(
            (test.statistic - LIFELINES_DOC_STATISTIC).abs() < 1e-9,
            "{}",
            test.statistic
        );
        assert!(
            (test.p_value - LIFELINES_DOC_P).abs() < 1e-9,
            "{}",
            test.p_value
        );
        // The statistic does not depend on which group is left out.
        let reordered = logrank(&[&g2, &g0, &g1]).unwrap();
        assert!((reordered.statistic - test.statistic).abs() < 1e-9);
    }

    // From tests/reference/kaplan_meier_small.py (lifelines 0.30.3).
    const LIFELINES_DOC_STATISTIC: f64 = 1.0800467314891906;
    const LIFELINES_DOC_P: f64 = 0.5827346361862382;

    #[test]
    fn logrank_needs_two_groups() {
        let g0 = counts(&[(5, true)]);
        assert!(logrank(&[&g0]).is_none());
        assert!(logrank(&[&g0, &DayCounts::default()]).is_none());
    }
}
