//! Cut points at quantiles of a distribution, and scores against them.
//!
//! RFM scores and value-point tiers both cut a customer distribution into
//! `groups` ordered groups at value thresholds, so that customers with equal
//! values always land in the same group (real files have heavy ties: half the
//! customers often bought exactly once).
//!
//! **Quantile definition.** The cut point for probability `p = k / groups`
//! (k = 1..groups-1) is the sample quantile of type 7 in Hyndman & Fan,
//! "Sample Quantiles in Statistical Packages", *The American Statistician*
//! 50(4), 1996: with the values sorted ascending as `x[0..n)`,
//! `h = (n - 1) p`, `j = floor(h)`, `Q(p) = x[j] + (h - j)(x[j+1] - x[j])`.
//! It is the default of numpy (`method="linear"`), pandas and R, and Excel's
//! `PERCENTILE.INC` / `CENTILE.INCLURE`, so a user can recompute it in a
//! spreadsheet. The interpolation is evaluated exactly as numpy evaluates it
//! (from the upper neighbour when `h - j >= 0.5`), so the cut points agree
//! with numpy to the last bit.
//!
//! **Scoring.** A customer passes a cut point only when strictly better than
//! it; the score is 1 + the number of cut points passed. So customers tied
//! on a cut point take the lower score, and when every customer has the same
//! value all cut points collapse onto it and everyone scores 1.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

/// Where cut points come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdSource {
    /// Type-7 quantiles `k / groups` of the customer distribution.
    Quantiles,
    /// Given by the user in the config.
    Custom,
}

/// The cut points splitting `values` into `groups` groups at the type-7
/// quantiles `k / groups`, k = 1..groups-1 (ascending, possibly equal).
/// `values` is reordered (partially sorted) in place; its content is kept.
/// Returns an empty vector when `values` is empty or `groups < 2`.
///
/// Runs in linear expected time: it selects the few order statistics it
/// needs instead of sorting.
///
/// ```
/// use segmento::quantiles::quantile_cut_points;
/// // numpy.quantile([1, 2, 3, 4, 10], [0.25, 0.5, 0.75]) == [2, 3, 4]
/// let mut values = vec![10.0, 1.0, 4.0, 2.0, 3.0];
/// assert_eq!(quantile_cut_points(&mut values, 4), vec![2.0, 3.0, 4.0]);
/// // Heavy ties: the cut points collapse onto the tied value.
/// let mut once = vec![1.0, 1.0, 1.0, 1.0, 2.0, 5.0];
/// assert_eq!(quantile_cut_points(&mut once, 5), vec![1.0, 1.0, 1.0, 2.0]);
/// ```
pub fn quantile_cut_points(values: &mut [f64], groups: usize) -> Vec<f64> {
    let n = values.len();
    if n == 0 || groups < 2 {
        return Vec::new();
    }
    // For each cut: (lower index, upper index, interpolation weight).
    let cuts: Vec<(usize, usize, f64)> = (1..groups)
        .map(|k| {
            let p = k as f64 / groups as f64;
            let h = p * (n - 1) as f64;
            if h >= (n - 1) as f64 {
                (n - 1, n - 1, 0.0)
            } else {
                let j = h.floor();
                (j as usize, j as usize + 1, h - j)
            }
        })
        .collect();
    let mut needed: Vec<usize> = cuts.iter().flat_map(|&(lo, hi, _)| [lo, hi]).collect();
    needed.sort_unstable();
    needed.dedup();
    select_order_statistics(values, &needed);
    cuts.iter()
        .map(|&(lo, hi, weight)| lerp_like_numpy(values[lo], values[hi], weight))
        .collect()
}

/// Place the order statistics at the ascending, distinct `indices` at their
/// sorted positions. After selecting index `i`, everything right of it is
/// ≥ it, so the next index is selected within the right part only.
fn select_order_statistics(values: &mut [f64], indices: &[usize]) {
    let mut start = 0;
    for &index in indices {
        if index < start || index >= values.len() {
            continue;
        }
        values[start..].select_nth_unstable_by(index - start, f64::total_cmp);
        start = index + 1;
    }
}

/// `a + (b - a) t`, evaluated as numpy's `_lerp` does: from `b` when
/// `t >= 0.5`, which keeps the result exact at `t = 1` and monotone.
fn lerp_like_numpy(a: f64, b: f64, t: f64) -> f64 {
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// Score where higher values are better: 1 + the number of cut points that
/// `value` is strictly above.
///
/// ```
/// use segmento::quantiles::score_higher_better;
/// let cuts = [1.0, 1.0, 2.0, 4.0];
/// assert_eq!(score_higher_better(&cuts, 1.0), 1); // tied on the cut: lower score
/// assert_eq!(score_higher_better(&cuts, 2.0), 3);
/// assert_eq!(score_higher_better(&cuts, 9.0), 5);
/// ```
#[inline]
pub fn score_higher_better(cut_points: &[f64], value: f64) -> u8 {
    1 + cut_points
        .iter()
        .filter(|&&cut| value.total_cmp(&cut) == Ordering::Greater)
        .count() as u8
}

/// Score where lower values are better (recency in days): 1 + the number of
/// cut points that `value` is strictly below.
///
/// ```
/// use segmento::quantiles::score_lower_better;
/// let cuts = [30.0, 90.0, 180.0, 365.0];
/// assert_eq!(score_lower_better(&cuts, 0.0), 5);
/// assert_eq!(score_lower_better(&cuts, 30.0), 4); // tied on the cut: lower score
/// assert_eq!(score_lower_better(&cuts, 400.0), 1);
/// ```
#[inline]
pub fn score_lower_better(cut_points: &[f64], value: f64) -> u8 {
    1 + cut_points
        .iter()
        .filter(|&&cut| value.total_cmp(&cut) == Ordering::Less)
        .count() as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Type 7 by the textbook formula on a fully sorted copy.
    fn reference(values: &[f64], groups: usize) -> Vec<f64> {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        (1..groups)
            .map(|k| {
                let h = (k as f64 / groups as f64) * (n - 1) as f64;
                let j = (h.floor() as usize).min(n - 1);
                let next = (j + 1).min(n - 1);
                sorted[j] + (h - j as f64) * (sorted[next] - sorted[j])
            })
            .collect()
    }

    #[test]
    fn matches_the_textbook_formula() {
        // Hand check, n = 11, groups = 5: h = 10 p = 2, 4, 6, 8 exactly,
        // so the cuts are the sorted values at indices 2, 4, 6, 8.
        let mut values = vec![5.0, 3.0, 8.0, 1.0, 9.0, 2.0, 7.0, 4.0, 6.0, 0.0, 10.0];
        assert_eq!(
            quantile_cut_points(&mut values, 5),
            vec![2.0, 4.0, 6.0, 8.0]
        );
        // n = 4, groups = 5: h = 0.6, 1.2, 1.8, 2.4 over [10, 20, 30, 50]:
        // 10 + 0.6*10 = 16; 20 + 0.2*10 = 22; 20 + 0.8*10 = 28; 30 + 0.4*20 = 38.
        let mut values = vec![50.0, 10.0, 30.0, 20.0];
        let cuts = quantile_cut_points(&mut values, 5);
        for (got, want) in cuts.iter().zip([16.0, 22.0, 28.0, 38.0]) {
            assert!((got - want).abs() < 1e-12, "{cuts:?}");
        }
        let many: Vec<f64> = (0..997).map(|i| ((i * 7919) % 1000) as f64 / 3.0).collect();
        for groups in 2..=6 {
            let mut copy = many.clone();
            let got = quantile_cut_points(&mut copy, groups);
            let want = reference(&many, groups);
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn degenerate_inputs() {
        assert!(quantile_cut_points(&mut [], 5).is_empty());
        assert!(quantile_cut_points(&mut [3.0], 1).is_empty());
        assert_eq!(quantile_cut_points(&mut [3.0], 5), vec![3.0; 4]);
        assert_eq!(quantile_cut_points(&mut [2.0; 7], 3), vec![2.0; 2]);
        assert_eq!(score_higher_better(&[2.0, 2.0], 2.0), 1);
        assert_eq!(score_lower_better(&[2.0, 2.0], 2.0), 1);
    }
}
