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
/// Returns an empty vector when there is no value or `groups < 2`.
///
/// Runs in linear time without sorting: a radix select. Each value maps to
/// a 64-bit key that sorts like the number; one pass counts keys by their
/// top 16 bits, which tells which of those 65,536 buckets hold the order
/// statistics needed, and only the keys of those few buckets are gathered
/// and sorted.
///
/// ```
/// use segmento::quantiles::quantile_cut_points;
/// // numpy.quantile([1, 2, 3, 4, 10], [0.25, 0.5, 0.75]) == [2, 3, 4]
/// assert_eq!(quantile_cut_points([10.0, 1.0, 4.0, 2.0, 3.0], 4), vec![2.0, 3.0, 4.0]);
/// // Heavy ties: the cut points collapse onto the tied value.
/// assert_eq!(quantile_cut_points([1.0, 1.0, 1.0, 1.0, 2.0, 5.0], 5), vec![1.0, 1.0, 1.0, 2.0]);
/// ```
pub fn quantile_cut_points<I>(values: I, groups: usize) -> Vec<f64>
where
    I: IntoIterator<Item = f64>,
{
    let keys: Vec<u64> = values.into_iter().map(ascending_key).collect();
    let n = keys.len();
    if n == 0 || groups < 2 {
        return Vec::new();
    }
    let cuts = cut_positions(n, groups);
    let mut needed: Vec<usize> = cuts.iter().flat_map(|&(lo, hi, _)| [lo, hi]).collect();
    needed.sort_unstable();
    needed.dedup();
    let statistics = order_statistics(&keys, &needed);
    let value_at = |rank: usize| {
        needed
            .iter()
            .position(|&r| r == rank)
            .map_or(0.0, |i| value_of_ascending_key(statistics[i]))
    };
    cuts.iter()
        .map(|&(lo, hi, weight)| lerp_like_numpy(value_at(lo), value_at(hi), weight))
        .collect()
}

/// A key that sorts like `value` under `f64::total_cmp` (-0.0 taken as 0.0).
#[inline]
pub(crate) fn ascending_key(value: f64) -> u64 {
    let bits = (value + 0.0).to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The value an [`ascending_key`] was made from.
#[inline]
pub(crate) fn value_of_ascending_key(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 {
        key & !(1 << 63)
    } else {
        !key
    })
}

/// The keys at the ascending, distinct 0-based `ranks` of the sorted keys.
fn order_statistics(keys: &[u64], ranks: &[usize]) -> Vec<u64> {
    const TOP_BITS: u32 = 16;
    let bucket_of = |key: u64| (key >> (64 - TOP_BITS)) as usize;
    let mut counts = vec![0u32; 1 << TOP_BITS];
    for &key in keys {
        counts[bucket_of(key)] += 1;
    }
    // For each rank: its bucket and the number of keys in earlier buckets.
    let mut located = Vec::with_capacity(ranks.len());
    let mut before = 0usize;
    let mut next = ranks.iter().peekable();
    for (bucket, &count) in counts.iter().enumerate() {
        let end = before + count as usize;
        while let Some(&&rank) = next.peek() {
            if rank < end {
                located.push((rank, bucket, before));
                next.next();
            } else {
                break;
            }
        }
        if next.peek().is_none() {
            break;
        }
        before = end;
    }
    // Gather the keys of the buckets holding a needed rank, and sort them:
    // buckets are ordered, so each one's keys form a run of the sorted list.
    let mut wanted = vec![false; 1 << TOP_BITS];
    for &(_, bucket, _) in &located {
        wanted[bucket] = true;
    }
    let mut candidates: Vec<u64> = keys
        .iter()
        .copied()
        .filter(|&key| wanted[bucket_of(key)])
        .collect();
    candidates.sort_unstable();
    // `located` is in rank order, so its buckets never decrease: the offset
    // of each bucket's run grows by the size of each new bucket met.
    let mut statistics = Vec::with_capacity(located.len());
    let mut run_start = 0usize;
    let mut current: Option<usize> = None;
    for &(rank, bucket, before) in &located {
        if let Some(previous) = current {
            if previous != bucket {
                run_start += counts[previous] as usize;
            }
        }
        current = Some(bucket);
        statistics.push(
            candidates
                .get(run_start + rank - before)
                .copied()
                .unwrap_or(0),
        );
    }
    statistics
}

/// The (lower index, upper index, weight) of each type-7 cut point.
fn cut_positions(n: usize, groups: usize) -> Vec<(usize, usize, f64)> {
    (1..groups)
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
        .collect()
}

/// [`quantile_cut_points`] for whole numbers (days, purchase counts): the
/// same cut points, found from a histogram of the values in one pass when
/// their range is small (as days and purchase counts are), else through
/// [`quantile_cut_points`].
///
/// ```
/// use segmento::quantiles::{integer_cut_points, quantile_cut_points};
/// let days = [120, 3, 45, 3, 900, 60, 7];
/// let mut as_floats: Vec<f64> = days.iter().map(|&d| d as f64).collect();
/// assert_eq!(integer_cut_points(days.iter().copied(), 5), quantile_cut_points(as_floats, 5));
/// ```
pub fn integer_cut_points<I>(values: I, groups: usize) -> Vec<f64>
where
    I: ExactSizeIterator<Item = i64> + Clone,
{
    let n = values.len();
    if n == 0 || groups < 2 {
        return Vec::new();
    }
    let (mut min, mut max) = (i64::MAX, i64::MIN);
    for v in values.clone() {
        min = min.min(v);
        max = max.max(v);
    }
    let range = max.abs_diff(min);
    if range > (4 * n as u64).max(1 << 16) {
        return quantile_cut_points(values.map(|v| v as f64), groups);
    }
    let mut counts = vec![0u32; range as usize + 1];
    for v in values {
        counts[(v - min) as usize] += 1;
    }
    let cuts = cut_positions(n, groups);
    let mut needed: Vec<usize> = cuts.iter().flat_map(|&(lo, hi, _)| [lo, hi]).collect();
    needed.sort_unstable();
    needed.dedup();
    // Walk the histogram once, reading off the order statistics in turn.
    let mut order_statistics = Vec::with_capacity(needed.len());
    let mut seen = 0usize; // values strictly below the current bucket
    let mut next = needed.iter().peekable();
    for (offset, &count) in counts.iter().enumerate() {
        seen += count as usize;
        while let Some(&&index) = next.peek() {
            if index < seen {
                order_statistics.push((index, (min + offset as i64) as f64));
                next.next();
            } else {
                break;
            }
        }
    }
    let value_at = |index: usize| {
        order_statistics
            .iter()
            .find(|&&(i, _)| i == index)
            .map_or(0.0, |&(_, v)| v)
    };
    cuts.iter()
        .map(|&(lo, hi, weight)| lerp_like_numpy(value_at(lo), value_at(hi), weight))
        .collect()
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
    // A plain count of comparisons compiles without branches; a NaN value
    // passes no cut point and scores 1.
    1 + cut_points
        .iter()
        .map(|&cut| u8::from(value > cut))
        .sum::<u8>()
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
        .map(|&cut| u8::from(value < cut))
        .sum::<u8>()
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
        let values = vec![5.0, 3.0, 8.0, 1.0, 9.0, 2.0, 7.0, 4.0, 6.0, 0.0, 10.0];
        assert_eq!(
            quantile_cut_points(values.iter().copied(), 5),
            vec![2.0, 4.0, 6.0, 8.0]
        );
        // n = 4, groups = 5: h = 0.6, 1.2, 1.8, 2.4 over [10, 20, 30, 50]:
        // 10 + 0.6*10 = 16; 20 + 0.2*10 = 22; 20 + 0.8*10 = 28; 30 + 0.4*20 = 38.
        let values = [50.0, 10.0, 30.0, 20.0];
        let cuts = quantile_cut_points(values.iter().copied(), 5);
        for (got, want) in cuts.iter().zip([16.0, 22.0, 28.0, 38.0]) {
            assert!((got - want).abs() < 1e-12, "{cuts:?}");
        }
        let many: Vec<f64> = (0..997).map(|i| ((i * 7919) % 1000) as f64 / 3.0).collect();
        // Negative values, -0.0, ties, a narrow range inside one bucket and
        // a wide spread across many.
        let mixed: Vec<f64> = (0..2000)
            .map(|i: i64| match i % 5 {
                0 => -((i * 31) % 97) as f64 * 1.5,
                1 => {
                    if i % 2 == 0 {
                        -0.0
                    } else {
                        0.0
                    }
                }
                2 => 49.9,
                3 => 64.0 + ((i * 13) % 1000) as f64 * 1e-6,
                _ => ((i * 7) as f64).powi(3),
            })
            .collect();
        for groups in 2..=6 {
            let got = quantile_cut_points(mixed.iter().copied(), groups);
            let want = reference(&mixed, groups);
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    g == w || (g - w).abs() < 1e-9 * w.abs().max(1.0),
                    "{got:?} {want:?}"
                );
            }
        }
        for groups in 2..=6 {
            let copy = many.clone();
            let got = quantile_cut_points(copy.iter().copied(), groups);
            let want = reference(&many, groups);
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn integer_cut_points_agree_with_selection() {
        let cases: Vec<Vec<i64>> = vec![
            vec![1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 5, 6],
            (0..1000).map(|i| (i * 7919) % 613).collect(),
            vec![-5, 3, 3, 3, 1_000_000_000, 7],
            vec![42],
        ];
        for values in cases {
            for groups in 2..=5 {
                let floats: Vec<f64> = values.iter().map(|&v| v as f64).collect();
                assert_eq!(
                    integer_cut_points(values.iter().copied(), groups),
                    quantile_cut_points(floats.iter().copied(), groups),
                    "{values:?} {groups}"
                );
            }
        }
        assert!(integer_cut_points(std::iter::empty(), 5).is_empty());
    }

    #[test]
    fn degenerate_inputs() {
        assert!(quantile_cut_points([], 5).is_empty());
        assert!(quantile_cut_points([3.0], 1).is_empty());
        assert_eq!(quantile_cut_points([3.0], 5), vec![3.0; 4]);
        assert_eq!(quantile_cut_points([2.0; 7], 3), vec![2.0; 2]);
        assert_eq!(score_higher_better(&[2.0, 2.0], 2.0), 1);
        assert_eq!(score_lower_better(&[2.0, 2.0], 2.0), 1);
    }
}
