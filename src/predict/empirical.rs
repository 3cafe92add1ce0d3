//! Observed purchase rates per segment: the forecast used when the BG/NBD
//! model cannot be fitted, and the campaign's response rate when there is
//! no model.
//!
//! For a window of W days ending at the analysis date, a segment's
//! *exposed* customers are those whose first purchase is at least W days
//! old (they could have bought during the whole window). Over them:
//! - **buyer share** π = share with at least one purchase day in the window
//!   (known from the last purchase date alone);
//! - **purchases per customer** μ = mean number of purchase days in the
//!   window (needs per-day histories; without them μ = max(ρW, π), see below).
//!
//! The forecast assumes the next window looks like the last one, segment by
//! segment (a persistence forecast). When a segment has no exposed customer
//! (only recent customers, or a window longer than the data) the segment's
//! repeat rate per unit of customer tenure, ρ = Σ repeat purchases / Σ days
//! since first purchase, gives μ = ρW and π = 1 − e^(−ρW) (Poisson); ρ falls
//! back to the whole file's when the segment has no tenure at all.

use crate::customers::Customers;
use chrono::Duration;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a segment's rates come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateSource {
    /// Observed over the segment's exposed customers in the last window.
    LastWindow,
    /// From the segment's repeat rate per unit of tenure (Poisson).
    TenureRate,
}

/// Observed rates of one segment over one window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentRate {
    /// Segment key.
    pub segment: String,
    /// Customers in the segment.
    pub customers: usize,
    /// Of which exposed over the whole window.
    pub exposed: usize,
    /// Share of customers expected to buy at least once in a window.
    pub buyer_share: f64,
    /// Purchase days per customer expected in a window.
    pub purchases_per_customer: f64,
    /// Repeat purchases per day of tenure in the segment.
    pub repeat_rate_per_day: f64,
    /// How `buyer_share` and `purchases_per_customer` were obtained.
    pub source: RateSource,
}

/// Observed rates per segment over a window of `window_days` days ending at
/// `customers.as_of`. `segments` is index-aligned with `customers.customers`.
/// The result is sorted by segment key.
pub fn window_rates<S: AsRef<str>>(
    customers: &Customers,
    segments: &[S],
    window_days: f64,
) -> Vec<SegmentRate> {
    #[derive(Default)]
    struct Tally {
        customers: usize,
        exposed: usize,
        buyers: usize,
        window_purchases: f64,
        repeat_purchases: f64,
        tenure_days: f64,
    }
    let window_start = customers.as_of - Duration::days(window_days.ceil() as i64);
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for (customer, segment) in customers.customers.iter().zip(segments) {
        let tally = tallies.entry(segment.as_ref()).or_default();
        let repeat = customer.frequency.saturating_sub(1) as f64;
        let tenure = (customers.as_of - customer.first_purchase)
            .num_days()
            .max(0) as f64;
        tally.customers += 1;
        tally.repeat_purchases += repeat;
        tally.tenure_days += tenure;
        total.repeat_purchases += repeat;
        total.tenure_days += tenure;
        if customer.first_purchase <= window_start {
            tally.exposed += 1;
            let bought = customer.last_purchase > window_start;
            if bought {
                tally.buyers += 1;
            }
            tally.window_purchases += if customers.has_history {
                customers
                    .history(customer)
                    .iter()
                    .filter(|p| {
                        p.is_purchase() && p.date > window_start && p.date <= customers.as_of
                    })
                    .count() as f64
            } else {
                f64::NAN // filled below from the tenure rate
            };
        }
    }
    let global_rate = if total.tenure_days > 0.0 {
        total.repeat_purchases / total.tenure_days
    } else {
        0.0
    };
    tallies
        .into_iter()
        .map(|(segment, t)| {
            let rate = if t.tenure_days > 0.0 {
                t.repeat_purchases / t.tenure_days
            } else {
                global_rate
            };
            let expected = rate * window_days;
            if t.exposed > 0 {
                let share = t.buyers as f64 / t.exposed as f64;
                let purchases = if t.window_purchases.is_nan() {
                    expected.max(share)
                } else {
                    t.window_purchases / t.exposed as f64
                };
                SegmentRate {
                    segment: segment.to_string(),
                    customers: t.customers,
                    exposed: t.exposed,
                    buyer_share: share,
                    purchases_per_customer: purchases,
                    repeat_rate_per_day: rate,
                    source: RateSource::LastWindow,
                }
            } else {
                SegmentRate {
                    segment: segment.to_string(),
                    customers: t.customers,
                    exposed: 0,
                    buyer_share: -(-expected).exp_m1(),
                    purchases_per_customer: expected,
                    repeat_rate_per_day: rate,
                    source: RateSource::TenureRate,
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customers::{Attributes, OwnedCustomer, OwnedCustomers, Purchase};
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(d as i64 - 1)
    }

    fn customer(days: &[u32]) -> OwnedCustomer {
        let history: Vec<Purchase> = days
            .iter()
            .map(|&d| Purchase {
                date: day(d),
                revenue: 10.0,
                margin: 3.0,
                orders: 1,
            })
            .collect();
        OwnedCustomer {
            id: format!("c{}", days[0]).into(),
            first_purchase: day(days[0]),
            last_purchase: day(*days.last().unwrap()),
            frequency: days.len() as u32,
            orders: days.len() as u32,
            revenue: 10.0 * days.len() as f64,
            margin: 3.0 * days.len() as f64,
            first_channel: None,
            last_channel: None,
            attributes: Attributes::default(),
            history,
        }
    }

    #[test]
    fn rates_by_hand() {
        // As of day 100, window 30 days: window = days 71..=100 (start = day 70).
        // Segment "a": c1 (days 1, 50, 80, 90) exposed, 2 purchases in window;
        //              c2 (day 10) exposed, none; c3 (day 95) not exposed.
        //   π = 1/2, μ = (2 + 0)/2 = 1.
        //   tenure: c1 99, c2 90, c3 5 days = 194; repeats 3 → ρ = 3/194.
        // Segment "b": c4 (days 80, 85) only, not exposed → tenure rate:
        //   ρ = 1/20 per day → μ = 1.5, π = 1 − e^−1.5.
        let customers = Customers::from_owned(OwnedCustomers {
            as_of: day(100),
            customers: vec![
                customer(&[1, 50, 80, 90]),
                customer(&[10]),
                customer(&[95]),
                customer(&[80, 85]),
            ],
            prospects: vec![],
            has_margin: true,
            has_channel: false,
            has_history: true,
            first_purchase_known: true,
        });
        let segments: Vec<String> = ["a", "a", "a", "b"].iter().map(|s| s.to_string()).collect();
        let rates = window_rates(&customers, &segments, 30.0);
        assert_eq!(rates.len(), 2);
        let a = &rates[0];
        assert_eq!(
            (a.customers, a.exposed, a.source),
            (3, 2, RateSource::LastWindow)
        );
        assert_eq!(a.buyer_share, 0.5);
        assert_eq!(a.purchases_per_customer, 1.0);
        assert!((a.repeat_rate_per_day - 3.0 / 194.0).abs() < 1e-15);
        let b = &rates[1];
        assert_eq!(b.source, RateSource::TenureRate);
        assert!((b.purchases_per_customer - 1.5).abs() < 1e-12);
        assert!((b.buyer_share - (1.0 - (-1.5f64).exp())).abs() < 1e-12);
    }
}
