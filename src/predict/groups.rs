//! Predictive groups A, B, C…: customers ranked by a predicted score and cut
//! into groups of homogeneous size, each with its forecast (and, over a
//! holdout, the actual figures beside it).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// What customers are ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ranking {
    /// Predicted value over the horizon (CLV).
    Value,
    /// Probability of at least one purchase over the horizon.
    Probability,
}

/// How the ranking is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupSize {
    /// Groups of about this many customers (the number of groups is
    /// N / size rounded, at least 1); practice is 2,000-3,000.
    TargetSize(u32),
    /// This many groups (fewer when there are fewer customers).
    Count(u32),
}

/// Predictive-group settings (`predict.groups` in the config).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GroupParams {
    /// Ranking score; default `value`.
    pub ranking: Ranking,
    /// Cut rule; default `{"target_size": 2500}`.
    pub size: GroupSize,
    /// With a target size, at least this many groups (default 4): the
    /// 2,500 target is practice for files of tens of thousands of
    /// customers, and on a file of 2,843 customers it would give a single
    /// group, which ranks nothing. Never more groups than customers; an
    /// explicit `count` is taken as given.
    pub min_groups: u32,
}

impl Default for GroupParams {
    fn default() -> Self {
        GroupParams {
            ranking: Ranking::Value,
            size: GroupSize::TargetSize(2500),
            min_groups: 4,
        }
    }
}

impl GroupParams {
    /// Check the settings.
    pub fn validate(&self) -> Result<()> {
        match self.size {
            GroupSize::TargetSize(0) => Err(Error::invalid_params(
                "predict.groups.size.target_size",
                crate::error_messages::AT_LEAST.with(&[("min", &1)]),
            )),
            GroupSize::Count(0) => Err(Error::invalid_params(
                "predict.groups.size.count",
                crate::error_messages::AT_LEAST.with(&[("min", &1)]),
            )),
            _ if self.min_groups == 0 => Err(Error::invalid_params(
                "predict.groups.min_groups",
                crate::error_messages::AT_LEAST.with(&[("min", &1)]),
            )),
            _ => Ok(()),
        }
    }
}

/// One predictive group's forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// "A" (best), "B", …, "Z", "AA", …, "ZZ", "AAA", … (see [`label`])
    pub label: String,
    /// Customers in the group.
    pub customers: usize,
    /// Lowest ranking score in the group (CLV or probability).
    pub min_score: f64,
    /// Highest ranking score in the group.
    pub max_score: f64,
    /// Expected customers buying at least once: Σ P(≥ 1 purchase).
    pub expected_buyers: f64,
    /// Expected purchases (distinct purchase days).
    pub expected_purchases: f64,
    /// Expected revenue: Σ expected purchases × expected spend.
    pub expected_revenue: f64,
    /// Expected margin: expected revenue × margin rate.
    pub expected_margin: f64,
    /// Σ CLV (discounted expected margin).
    pub clv: f64,
    /// Customers who actually bought (holdout only).
    pub actual_buyers: Option<usize>,
    /// Purchase days actually made (holdout only).
    pub actual_purchases: Option<f64>,
    /// Revenue actually made (holdout only).
    pub actual_revenue: Option<f64>,
}

/// One customer's forecast, the input of [`build`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Forecast {
    pub score: f64,
    pub buy_probability: f64,
    pub purchases: f64,
    pub revenue: f64,
    pub clv: f64,
}

impl Forecast {
    /// The forecast of a customer expected to make `purchases` purchases
    /// of `spend` each, scored as `ranking` says.
    pub fn ranked(
        ranking: Ranking,
        buy_probability: f64,
        purchases: f64,
        spend: f64,
        clv: f64,
    ) -> Self {
        Forecast {
            score: match ranking {
                Ranking::Value => clv,
                Ranking::Probability => buy_probability,
            },
            buy_probability,
            purchases,
            revenue: purchases * spend,
            clv,
        }
    }
}

/// Observed outcome of one customer over a holdout period.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Actual {
    pub purchases: f64,
    pub revenue: f64,
}

/// A predictive group's label, stored as its rank (0 = "A"): a `Copy` value
/// so that 250,000 customers do not each carry a heap string. Displays and
/// serialises as the letters. A `u32`, because there are at most as many
/// groups as customers (a `u16` would cap them at 65,536).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct GroupLabel(pub u32);

impl std::fmt::Display for GroupLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&label(self.0 as usize))
    }
}

impl Serialize for GroupLabel {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for GroupLabel {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        index_of(&text)
            .and_then(|i| u32::try_from(i).ok())
            .map(GroupLabel)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "\"{text}\" is not a group label (A, B, …, Z, AA, …)"
                ))
            })
    }
}

/// Spreadsheet-column label of the group at `index` (bijective base 26):
/// A…Z, then AA…ZZ, then AAA…, with no upper bound, so every group gets
/// its own label however many the settings ask for.
///
/// ```
/// use segmento::predict::groups::label;
/// assert_eq!(label(0), "A");
/// assert_eq!(label(26), "AA");
/// assert_eq!(label(702), "AAA");
/// ```
pub fn label(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        rest -= 1;
        letters.push(b'A' + (rest % 26) as u8);
        rest /= 26;
    }
    letters.reverse();
    letters.into_iter().map(char::from).collect()
}

/// The index whose [`label`] is `text` (capital letters only), or `None`.
fn index_of(text: &str) -> Option<usize> {
    if text.is_empty() {
        return None;
    }
    text.bytes()
        .try_fold(0usize, |index, byte| {
            if !byte.is_ascii_uppercase() {
                return None;
            }
            index
                .checked_mul(26)?
                .checked_add(usize::from(byte - b'A') + 1)
        })
        .map(|number| number - 1)
}

/// An f64 as a u64 with the same order as `f64::total_cmp`.
fn sortable_bits(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Sizes of the groups covering `n` customers, differing by at most one
/// (the first n mod groups get one more). A target size gives
/// round(n / target) groups, raised to `min_groups`.
pub(crate) fn sizes(n: usize, size: GroupSize, min_groups: u32) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let groups = match size {
        GroupSize::TargetSize(target) => {
            ((n as f64 / target.max(1) as f64).round() as usize).max(min_groups.max(1) as usize)
        }
        GroupSize::Count(count) => count.max(1) as usize,
    }
    .min(n);
    (0..groups)
        .map(|g| n / groups + usize::from(g < n % groups))
        .collect()
}

/// Rank by score (highest first; ties keep customer order), cut into
/// groups, and total each group. `forecast(i)` is the `i`-th of `customers`
/// customers' forecast, worked out when asked (twice per customer) so that
/// no table of forecasts is built beside the caller's own per-customer
/// arrays. Returns the groups and each customer's group label.
pub(crate) fn build(
    customers: usize,
    forecast: impl Fn(usize) -> Forecast,
    actuals: Option<&[Actual]>,
    params: &GroupParams,
    margin_rate: f64,
) -> (Vec<Group>, Vec<GroupLabel>) {
    // Sort (descending score key, index): integer keys, and the index makes
    // the order total, so an unstable sort is deterministic.
    let mut keyed: Vec<(u64, u32)> = (0..customers)
        .map(|i| (!sortable_bits(forecast(i).score), i as u32))
        .collect();
    keyed.sort_unstable();
    let order: Vec<u32> = keyed.iter().map(|&(_, i)| i).collect();
    drop(keyed);
    let mut labels = vec![GroupLabel::default(); customers];
    let mut groups = Vec::new();
    let mut start = 0;
    for (g, size) in sizes(customers, params.size, params.min_groups)
        .into_iter()
        .enumerate()
    {
        let members = &order[start..start + size];
        start += size;
        let name = GroupLabel(g as u32);
        let mut group = Group {
            label: name.to_string(),
            customers: size,
            min_score: f64::INFINITY,
            max_score: f64::NEG_INFINITY,
            expected_buyers: 0.0,
            expected_purchases: 0.0,
            expected_revenue: 0.0,
            expected_margin: 0.0,
            clv: 0.0,
            actual_buyers: actuals.map(|_| 0),
            actual_purchases: actuals.map(|_| 0.0),
            actual_revenue: actuals.map(|_| 0.0),
        };
        for &i in members {
            let i = i as usize;
            let f = forecast(i);
            labels[i] = name;
            group.min_score = group.min_score.min(f.score);
            group.max_score = group.max_score.max(f.score);
            group.expected_buyers += f.buy_probability;
            group.expected_purchases += f.purchases;
            group.expected_revenue += f.revenue;
            group.clv += f.clv;
            if let Some(actuals) = actuals {
                let a = actuals[i];
                if a.purchases > 0.0 {
                    group.actual_buyers = group.actual_buyers.map(|b| b + 1);
                }
                group.actual_purchases = group.actual_purchases.map(|p| p + a.purchases);
                group.actual_revenue = group.actual_revenue.map(|r| r + a.revenue);
            }
        }
        group.expected_margin = group.expected_revenue * margin_rate;
        groups.push(group);
    }
    (groups, labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_run_a_to_zz() {
        assert_eq!(label(0), "A");
        assert_eq!(label(25), "Z");
        assert_eq!(label(26), "AA");
        assert_eq!(label(27), "AB");
        assert_eq!(label(701), "ZZ");
        // Past ZZ (26 + 26² = 702 two-letter-or-less labels) come three
        // letters: AAA is number 26² + 26 + 1 = 703, index 702; ZZZ is
        // 26³ + 26² + 26 = 18,278, index 18,277; then AAAA.
        assert_eq!(label(702), "AAA");
        assert_eq!(label(18_277), "ZZZ");
        assert_eq!(label(18_278), "AAAA");
        for index in [0, 25, 26, 701, 702, 18_277, 18_278, 250_000] {
            assert_eq!(index_of(&label(index)), Some(index));
        }
        assert_eq!(index_of(""), None);
        assert_eq!(index_of("a"), None);
        assert_eq!(index_of("A1"), None);
        assert_eq!(GroupLabel(27).to_string(), "AB");
        assert_eq!(GroupLabel(702).to_string(), "AAA");
        assert_eq!(serde_json::to_string(&GroupLabel(27)).unwrap(), "\"AB\"");
        assert_eq!(
            serde_json::from_str::<GroupLabel>("\"AB\"").unwrap(),
            GroupLabel(27)
        );
    }

    #[test]
    fn sizes_are_homogeneous() {
        // 10 customers, target 3 → round(3.33) = 3 groups: 4, 3, 3.
        assert_eq!(sizes(10, GroupSize::TargetSize(3), 1), vec![4, 3, 3]);
        // 7,400 customers, target 2,500 → round(2.96) = 3 groups: 2467, 2467, 2466.
        assert_eq!(
            sizes(7400, GroupSize::TargetSize(2500), 1),
            vec![2467, 2467, 2466]
        );
        // Fewer customers than the target → one group, unless a minimum says otherwise.
        assert_eq!(sizes(40, GroupSize::TargetSize(2500), 1), vec![40]);
        // The default minimum of 4 on the demo's 2,843 customers: 711, 711, 711, 710.
        assert_eq!(
            sizes(2843, GroupSize::TargetSize(2500), 4),
            vec![711, 711, 711, 710]
        );
        // The minimum never gives more groups than customers, nor fewer than the target's.
        assert_eq!(sizes(3, GroupSize::TargetSize(2500), 4), vec![1, 1, 1]);
        assert_eq!(sizes(25_000, GroupSize::TargetSize(2500), 4).len(), 10);
        // An explicit count ignores the minimum; 4 groups of 2 customers → 2 groups of 1.
        assert_eq!(sizes(2843, GroupSize::Count(2), 4), vec![1422, 1421]);
        assert_eq!(sizes(2, GroupSize::Count(4), 4), vec![1, 1]);
        assert!(sizes(0, GroupSize::Count(4), 4).is_empty());
        // No cap on the number of groups: a target of 1 on 800 customers
        // gives 800 groups of one (labels A to ADT), a count of 1,000 too.
        assert_eq!(sizes(800, GroupSize::TargetSize(1), 4), vec![1; 800]);
        assert_eq!(sizes(5000, GroupSize::Count(1000), 4), vec![5; 1000]);
        assert!(GroupParams {
            size: GroupSize::Count(1000),
            min_groups: 800,
            ..GroupParams::default()
        }
        .validate()
        .is_ok());
        let err = GroupParams {
            min_groups: 0,
            ..GroupParams::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid setting predict.groups.min_groups: must be at least 1"
        );
    }

    #[test]
    fn groups_by_hand() {
        // Five customers, scores 5, 9, 1, 9, 3 → order (ties by index): 1, 3, 0, 4, 2.
        // Count(2) → sizes 3, 2: A = {1, 3, 0}, B = {4, 2}.
        let f = |score: f64, p: f64, n: f64, rev: f64| Forecast {
            score,
            buy_probability: p,
            purchases: n,
            revenue: rev,
            clv: score,
        };
        let forecasts = [
            f(5.0, 0.5, 1.0, 10.0),
            f(9.0, 0.9, 2.0, 30.0),
            f(1.0, 0.1, 0.2, 2.0),
            f(9.0, 0.8, 1.5, 20.0),
            f(3.0, 0.3, 0.5, 5.0),
        ];
        let actuals = [
            Actual {
                purchases: 1.0,
                revenue: 12.0,
            },
            Actual {
                purchases: 0.0,
                revenue: 0.0,
            },
            Actual {
                purchases: 2.0,
                revenue: 4.0,
            },
            Actual {
                purchases: 3.0,
                revenue: 25.0,
            },
            Actual {
                purchases: 0.0,
                revenue: 0.0,
            },
        ];
        let (groups, labels) = build(
            forecasts.len(),
            |i| forecasts[i],
            Some(&actuals),
            &GroupParams {
                size: GroupSize::Count(2),
                ..GroupParams::default()
            },
            0.25,
        );
        let labels: Vec<String> = labels.iter().map(|l| l.to_string()).collect();
        assert_eq!(labels, vec!["A", "A", "B", "A", "B"]);
        let a = &groups[0];
        // A: buyers 0.9 + 0.8 + 0.5 = 2.2; purchases 2 + 1.5 + 1 = 4.5; revenue 30 + 20 + 10 = 60;
        // margin 60 × 0.25 = 15; clv 9 + 9 + 5 = 23; actual buyers c0, c3 = 2; purchases 4; revenue 37.
        assert_eq!(a.customers, 3);
        assert!((a.expected_buyers - 2.2).abs() < 1e-12);
        assert!((a.expected_purchases - 4.5).abs() < 1e-12);
        assert_eq!(
            (a.expected_revenue, a.expected_margin, a.clv),
            (60.0, 15.0, 23.0)
        );
        assert_eq!((a.min_score, a.max_score), (5.0, 9.0));
        assert_eq!(
            (a.actual_buyers, a.actual_purchases, a.actual_revenue),
            (Some(2), Some(4.0), Some(37.0))
        );
        // B: buyers 0.3 + 0.1 = 0.4; revenue 7 → margin 1.75; actual: c2 bought twice for 4.
        let b = &groups[1];
        assert!((b.expected_buyers - 0.4).abs() < 1e-12);
        assert_eq!((b.expected_revenue, b.expected_margin), (7.0, 1.75));
        assert_eq!(
            (b.actual_buyers, b.actual_purchases, b.actual_revenue),
            (Some(1), Some(2.0), Some(4.0))
        );
    }
}
