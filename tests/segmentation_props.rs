//! Properties of the three segmentation methods on random customer sets
//! (heavy ties included): every customer gets exactly one segment, class
//! and tier; scores are monotone in their values and equal values get equal
//! scores; revenue is preserved across segments, classes and tiers.

#![cfg(not(target_arch = "wasm32"))]

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
mod common;

use common::{customer_from_history, order_level_file};
use segmento::{abc, points, rfm, Customer, Customers, Purchase};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()
}

/// A purchase: (days before as-of, net revenue, margin, orders). Amounts
/// come from a small set half the time, so ties are frequent.
fn purchase() -> impl Strategy<Value = (i64, f64, f64, u32)> {
    let amount = prop_oneof![
        prop::sample::select(vec![0.0, 10.0, 49.9, 50.0, 100.0, -20.0]),
        -50.0f64..800.0,
    ];
    (
        prop_oneof![prop::sample::select(vec![0i64, 30, 365, 800]), 0i64..1600],
        amount,
        -5.0f64..60.0,
        1u32..3,
    )
}

fn customers_strategy() -> impl Strategy<Value = Customers> {
    (
        prop::collection::vec(prop::collection::vec(purchase(), 1..5), 0..60),
        any::<bool>(),
    )
        .prop_map(|(rows, has_margin)| {
            let customers = rows
                .into_iter()
                .enumerate()
                .map(|(i, purchases)| {
                    let mut history: Vec<Purchase> = purchases
                        .into_iter()
                        .map(|(days, revenue, margin, orders)| Purchase {
                            date: as_of() - Duration::days(days),
                            revenue,
                            margin: if has_margin { margin } else { 0.0 },
                            orders,
                        })
                        .collect();
                    history.sort_by_key(|p| p.date);
                    history.dedup_by_key(|p| p.date);
                    customer_from_history(format!("P{i}"), history)
                })
                .collect();
            order_level_file(as_of(), customers, has_margin)
        })
}

fn rfm_params() -> impl Strategy<Value = rfm::Params> {
    (3u8..=5, any::<bool>(), any::<bool>()).prop_map(|(bins, aov, custom_frequency)| rfm::Params {
        bins,
        monetary: if aov {
            rfm::Monetary::AverageOrderValue
        } else {
            rfm::Monetary::Revenue
        },
        thresholds: custom_frequency.then(|| rfm::CustomThresholds {
            frequency: Some((1..bins).map(f64::from).collect()),
            ..Default::default()
        }),
        ..rfm::Params::default()
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn rfm_one_segment_each_monotone_scores(customers in customers_strategy(), params in rfm_params()) {
        let out = rfm::run(&customers, &params).unwrap();
        let list = &customers.customers;
        prop_assert_eq!(out.customers.len(), list.len());
        prop_assert_eq!(out.segments.len(), 11);
        prop_assert_eq!(out.segments.iter().map(|s| s.customers).sum::<usize>(), list.len());
        prop_assert_eq!(out.grid.cells.iter().map(|c| c.customers).sum::<usize>(), list.len());
        let revenue: f64 = out.segments.iter().map(|s| s.revenue).sum();
        prop_assert!(close(revenue, customers.revenue_total()));
        let map = rfm::SegmentMap::new(params.bins, []);
        for c in &out.customers {
            for s in [c.r_score, c.f_score, c.m_score] {
                prop_assert!((1..=params.bins).contains(&s));
            }
            prop_assert_eq!(c.code, u16::from(c.r_score) * 100 + u16::from(c.f_score) * 10 + u16::from(c.m_score));
            prop_assert_eq!(c.segment, map.segment(c.r_score, c.f_score, c.m_score));
        }
        let monetary = |c: &Customer| match params.monetary {
            rfm::Monetary::Revenue => c.revenue,
            rfm::Monetary::AverageOrderValue => c.average_order_value(),
        };
        for (i, a) in list.iter().enumerate() {
            for (j, b) in list.iter().enumerate() {
                let (sa, sb) = (out.customers[i], out.customers[j]);
                // Recency: fewer days is better.
                if a.recency_days(customers.as_of) <= b.recency_days(customers.as_of) {
                    prop_assert!(sa.r_score >= sb.r_score);
                }
                if a.frequency <= b.frequency {
                    prop_assert!(sa.f_score <= sb.f_score);
                }
                if monetary(a) <= monetary(b) {
                    prop_assert!(sa.m_score <= sb.m_score);
                }
                if a.last_purchase == b.last_purchase {
                    prop_assert_eq!(sa.r_score, sb.r_score);
                }
                if a.frequency == b.frequency {
                    prop_assert_eq!(sa.f_score, sb.f_score);
                }
                if monetary(a) == monetary(b) {
                    prop_assert_eq!(sa.m_score, sb.m_score);
                }
            }
        }
    }

    #[test]
    fn abc_one_class_each_revenue_preserved(customers in customers_strategy(), a_cutoff in 0.3f64..0.9, gap in 0.01f64..0.3) {
        let params = abc::Params {
            basis: if customers.has_margin { abc::Basis::Margin } else { abc::Basis::Revenue },
            a_cutoff,
            b_cutoff: (a_cutoff + gap).min(1.0),
        };
        let out = abc::run(&customers, &params).unwrap();
        let list = &customers.customers;
        prop_assert_eq!(out.classes.iter().map(|c| c.customers).sum::<usize>(), list.len());
        let revenue: f64 = out.classes.iter().map(|c| c.revenue).sum();
        prop_assert!(close(revenue, customers.revenue_total()));
        let mut ranks: Vec<u32> = out.customers.iter().map(|c| c.rank).collect();
        ranks.sort_unstable();
        prop_assert_eq!(ranks, (1..=list.len() as u32).collect::<Vec<_>>());
        let value = |c: &Customer| if customers.has_margin { c.margin } else { c.revenue };
        for (i, a) in list.iter().enumerate() {
            for (j, b) in list.iter().enumerate() {
                let (ca, cb) = (out.customers[i], out.customers[j]);
                if value(a) > value(b) {
                    prop_assert!(ca.rank < cb.rank && ca.abc_class <= cb.abc_class);
                }
            }
            if value(a) <= 0.0 {
                prop_assert_eq!(out.customers[i].abc_class, abc::AbcClass::C);
            }
        }
        prop_assert!(out.curve.len() <= abc::MAX_CURVE_POINTS);
        if let Some(gini) = out.gini {
            prop_assert!((-1e-9..1.0).contains(&gini));
            prop_assert!(out.customers.iter().any(|c| c.abc_class == abc::AbcClass::A));
            let last = out.curve.last().unwrap();
            prop_assert!(close(last.share_customers, 1.0) && close(last.share_value, 1.0));
        }
    }

    #[test]
    fn points_one_tier_each_monotone(customers in customers_strategy(), four in any::<bool>(), average in any::<bool>(), window in 1u8..=5) {
        let params = points::Params {
            tiers: if four { 4 } else { 5 },
            aggregation: if average { points::Aggregation::AnnualAverage } else { points::Aggregation::Sum },
            window_years: window,
            ..points::Params::default()
        };
        let out = points::run(&customers, &params).unwrap();
        let list = &customers.customers;
        prop_assert_eq!(out.tiers.len(), usize::from(params.tiers));
        prop_assert_eq!(out.tiers.iter().map(|t| t.customers).sum::<usize>(), list.len());
        let revenue: f64 = out.tiers.iter().map(|t| t.revenue).sum();
        prop_assert!(close(revenue, customers.revenue_total()));
        let rank = |tier: points::Tier| out.tiers.iter().position(|t| t.key == tier).unwrap();
        for a in &out.customers {
            prop_assert!(a.value_points() >= 0.0);
            prop_assert!(close(a.value_points(), a.revenue_points + a.margin_points + a.bonus_points));
            if !customers.has_margin {
                prop_assert_eq!(a.margin_points, 0.0);
            }
            for b in &out.customers {
                // Tiers are listed best first: more points, no worse tier.
                if a.value_points() > b.value_points() {
                    prop_assert!(rank(a.value_tier) <= rank(b.value_tier));
                }
                if a.value_points() == b.value_points() {
                    prop_assert_eq!(a.value_tier, b.value_tier);
                }
            }
        }
    }

    /// The default revenue scale is monotone in the yearly amount.
    #[test]
    fn default_scales_are_monotone(x in -100.0f64..1000.0, y in -100.0f64..1000.0) {
        for scale in [points::Scale::default_revenue(), points::Scale::default_margin()] {
            if x <= y {
                prop_assert!(scale.points(x) <= scale.points(y));
            }
        }
    }
}
