//! The prediction analysis end to end: simulated data with known truth,
//! hand-worked holdout and fallback examples, determinism.

mod common;
mod predict_sim;

use chrono::Duration;
use predict_sim::{customer, day, file, simulate, TRUTH};
use segmento::predict::bgnbd::Observation;
use segmento::predict::{self, GroupSize, Params, Status, TimeUnit};
use segmento::ErrorKind;

#[test]
fn simulated_file_recovers_the_truth_and_is_consistent() {
    let customers = simulate(6000, 3 * 365, 7, TRUTH);
    let params = Params {
        groups: predict::GroupParams {
            size: GroupSize::TargetSize(1000),
            ..Default::default()
        },
        ..Params::default()
    };
    let out = predict::run(&customers, &params, None).unwrap();
    assert_eq!(out.status, Status::Fitted);
    let fit = out.bgnbd.as_ref().unwrap();
    // Sampling error on 6,000 customers: the estimates land near the truth
    // (r 0.8, α 6 weeks, a 0.7, b 3); the shapes a, b are the least precise.
    assert!((fit.r - TRUTH.r).abs() < 0.2 * TRUTH.r, "r {}", fit.r);
    assert!(
        (fit.alpha - TRUTH.alpha).abs() < 0.3 * TRUTH.alpha,
        "alpha {}",
        fit.alpha
    );
    assert!((fit.a - TRUTH.a).abs() < 0.5 * TRUTH.a, "a {}", fit.a);
    assert!((fit.b - TRUTH.b).abs() < 0.6 * TRUTH.b, "b {}", fit.b);
    let se = fit.std_errors.unwrap();
    assert!(se.r > 0.0 && se.r < 0.2);
    let gg = out.gamma_gamma.as_ref().unwrap();
    assert!(
        (gg.p - TRUTH.p_spend).abs() < 0.3 * TRUTH.p_spend,
        "p {}",
        gg.p
    );
    // Observed margin rate: margins are 35 % of revenue (rounded to cents).
    assert!((out.margin_rate - 0.35).abs() < 1e-3);
    assert_eq!(out.margin_rate_source, predict::MarginRateSource::Observed);
    // Groups: 6 groups of 1,000, A best; totals add up.
    assert_eq!(out.groups.len(), 6);
    assert!(out.groups.iter().all(|g| g.customers == 1000));
    assert!(out
        .groups
        .windows(2)
        .all(|w| w[0].min_score >= w[1].max_score));
    let sum: f64 = out.groups.iter().map(|g| g.expected_revenue).sum();
    assert!((sum - out.totals.expected_revenue).abs() < 1e-6 * sum);
    assert_eq!(out.customers.len(), 6000);
    // Per customer: CLV = margin × spend × discounted purchases ≤ margin × spend × purchases.
    for c in &out.customers {
        let p = c.p_alive().unwrap();
        assert!((0.0..=1.0).contains(&p));
        assert!(c.probability_of_purchase <= c.expected_purchases + 1e-12);
        assert!(c.clv <= out.margin_rate * c.expected_avg_spend * c.expected_purchases + 1e-9);
        assert!(c.clv >= 0.0);
    }
}

#[test]
fn per_customer_forecasts_match_the_model_formulas() {
    let customers = simulate(3000, 2 * 365, 11, TRUTH);
    let params = Params {
        time_unit: TimeUnit::Day,
        horizon: 180.0,
        ..Params::default()
    };
    let out = predict::run(&customers, &params, None).unwrap();
    let p = out.bgnbd.as_ref().unwrap().params();
    for (c, pred) in customers.customers.iter().zip(&out.customers).step_by(97) {
        let o = Observation {
            x: c.frequency - 1,
            t_x: (c.last_purchase - c.first_purchase).num_days() as f64,
            age: (customers.as_of - c.first_purchase).num_days() as f64,
        };
        assert!((pred.p_alive().unwrap() - p.p_alive(o)).abs() < 1e-12);
        let e = p.expected_purchases(o, 180.0).unwrap();
        assert!((pred.expected_purchases - e).abs() < 1e-10 * e.max(1.0));
        assert!((pred.probability_of_purchase - p.probability_of_purchase(o, 180.0)).abs() < 1e-12);
        let clv = predict::forecast::clv(
            &p,
            o,
            pred.expected_avg_spend,
            out.margin_rate,
            1.0,
            180.0,
            0.10,
        )
        .unwrap();
        assert!(
            (pred.clv - clv).abs() < 1e-10 * clv.max(1.0),
            "{} vs {clv}",
            pred.clv
        );
    }
    // The campaign helper gives the same probabilities for a 180-day window.
    let probs = out.purchase_probabilities(&customers, 180.0).unwrap();
    assert!((probs[0] - out.customers[0].probability_of_purchase).abs() < 1e-12);
}

#[test]
fn holdout_by_hand() {
    // As of day 100, calibration end day 60: holdout (60, 100] = 40 days.
    // Calibration (≤ day 60)          x  holdout purchase days
    //   A: 0, 10, 30, | 70, 95         2  2
    //   B: 5, | 65                     0  1
    //   C: 20, 40, 50                  2  0
    //   D: 1, 59, | 61, 62, 99         1  3
    //   E: 30, 31                      1  0
    //   F: 80 (acquired in holdout: not scored)
    let customers = file(
        100,
        vec![
            customer(
                "A",
                &[(0, 10.0), (10, 20.0), (30, 30.0), (70, 40.0), (95, 50.0)],
            ),
            customer("B", &[(5, 15.0), (65, 25.0)]),
            customer("C", &[(20, 12.0), (40, 18.0), (50, 24.0)]),
            customer(
                "D",
                &[(1, 8.0), (59, 9.0), (61, 10.0), (62, 11.0), (99, 12.0)],
            ),
            customer("E", &[(30, 5.0), (31, 7.0)]),
            customer("F", &[(80, 100.0)]),
        ],
    );
    let params = Params {
        time_unit: TimeUnit::Day,
        horizon: 30.0,
        calibration_end: Some(day(60)),
        min_repeat_customers: 2,
        groups: predict::GroupParams {
            size: GroupSize::Count(2),
            ..Default::default()
        },
        ..Params::default()
    };
    let out = predict::run(&customers, &params, None).unwrap();
    let h = out.holdout.as_ref().expect("holdout");
    assert_eq!(
        (h.calibration_end, h.holdout_end, h.length),
        (day(60), day(100), 40.0)
    );
    assert_eq!(h.customers, 5);
    // Actual: 2 + 1 + 0 + 3 + 0 = 6 repeat purchase days.
    assert_eq!(h.actual_repeat_purchases, 6.0);
    // Predicted with the calibration parameters, customer by customer.
    let p = h.calibration_fit.params();
    let calib = [
        (2, 30.0, 60.0, 2.0),
        (0, 0.0, 55.0, 1.0),
        (2, 30.0, 40.0, 0.0),
        (1, 58.0, 59.0, 3.0),
        (1, 1.0, 30.0, 0.0),
    ];
    let predicted: Vec<f64> = calib
        .iter()
        .map(|&(x, t_x, age, _)| {
            p.expected_purchases(Observation { x, t_x, age }, 40.0)
                .unwrap()
        })
        .collect();
    let total: f64 = predicted.iter().sum();
    assert!((h.predicted_repeat_purchases - total).abs() < 1e-10);
    let mae = calib
        .iter()
        .zip(&predicted)
        .map(|(c, e)| (e - c.3).abs())
        .sum::<f64>()
        / 5.0;
    let rmse = (calib
        .iter()
        .zip(&predicted)
        .map(|(c, e)| (e - c.3).powi(2))
        .sum::<f64>()
        / 5.0)
        .sqrt();
    assert!((h.mae - mae).abs() < 1e-12 && (h.rmse - rmse).abs() < 1e-12);
    // By calibration frequency: x = 0 → B; x = 1 → D, E; x = 2 → A, C.
    let row = |k: usize| &h.by_frequency[k];
    assert_eq!((row(0).customers, row(0).actual), (1, 1.0));
    assert_eq!(
        (row(1).customers, row(1).actual, row(1).actual_mean),
        (2, 3.0, 1.5)
    );
    assert_eq!((row(2).customers, row(2).actual), (2, 2.0));
    assert_eq!(row(7).frequency, "7+");
    assert!((row(1).predicted - (predicted[3] + predicted[4])).abs() < 1e-12);
    // Tracking, weekly: days 7, 14, …, 35, then 40.
    // Holdout purchase offsets (day − 60): 1, 2 (D), 5 (B), 10 (A), 35 (A), 39 (D).
    let days: Vec<u32> = h.tracking.iter().map(|t| t.day).collect();
    assert_eq!(days, vec![7, 14, 21, 28, 35, 40]);
    let actual: Vec<f64> = h.tracking.iter().map(|t| t.actual_cumulative).collect();
    assert_eq!(actual, vec![3.0, 4.0, 4.0, 4.0, 5.0, 6.0]);
    assert!((h.tracking[5].predicted_cumulative - total).abs() < 1e-10);
    let at_7: f64 = calib
        .iter()
        .map(|&(x, t_x, age, _)| {
            p.expected_purchases(Observation { x, t_x, age }, 7.0)
                .unwrap()
        })
        .sum();
    assert!((h.tracking[0].predicted_cumulative - at_7).abs() < 1e-10);
    // Holdout groups (2): actual figures add up to the holdout totals;
    // revenue: A 40 + 50, B 25, D 10 + 11 + 12 = 148.
    let actual_purchases: f64 = h.groups.iter().map(|g| g.actual_purchases.unwrap()).sum();
    let actual_revenue: f64 = h.groups.iter().map(|g| g.actual_revenue.unwrap()).sum();
    let actual_buyers: usize = h.groups.iter().map(|g| g.actual_buyers.unwrap()).sum();
    assert_eq!(
        (actual_purchases, actual_revenue, actual_buyers),
        (6.0, 148.0, 3)
    );
    // The main groups are a forecast only.
    assert!(out.groups.iter().all(|g| g.actual_buyers.is_none()));
}

#[test]
fn fallback_uses_segment_rates_and_never_shows_a_fit() {
    // Too few repeat customers for the default minimum of 100.
    // As of day 100, horizon 4 weeks = 28 days: window (72, 100].
    // Segment "loyal": A (0, 10, 30, 70, 95) exposed, 1 purchase day in window;
    //                  D (1, 59, 61, 62, 99) exposed, 1 → π = 1, μ = 1.
    // Segment "other": B (5, 65): exposed, no purchase → π = 0, μ = 0;
    //                  C (20, 40, 50), E (30, 31) exposed, none → π = 0.
    //                  F (80) not exposed.
    let customers = file(
        100,
        vec![
            customer(
                "A",
                &[(0, 10.0), (10, 20.0), (30, 30.0), (70, 40.0), (95, 50.0)],
            ),
            customer("B", &[(5, 15.0), (65, 25.0)]),
            customer("C", &[(20, 12.0), (40, 18.0), (50, 24.0)]),
            customer(
                "D",
                &[(1, 8.0), (59, 9.0), (61, 10.0), (62, 11.0), (99, 12.0)],
            ),
            customer("E", &[(30, 5.0), (31, 7.0)]),
            customer("F", &[(80, 100.0)]),
        ],
    );
    let segments = ["loyal", "other", "other", "loyal", "other", "other"];
    let params = Params {
        horizon: 4.0,
        margin_rate: Some(0.5),
        annual_discount_rate: 0.0,
        ..Params::default()
    };
    let out = predict::run(&customers, &params, Some(&segments)).unwrap();
    match &out.status {
        Status::Fallback {
            reason_fr,
            reason_en,
        } => {
            assert!(
                reason_fr.contains("Seulement 5 clients ont racheté"),
                "{reason_fr}"
            );
            assert!(
                reason_en.contains("Only 5 customers bought again"),
                "{reason_en}"
            );
        }
        other => panic!("expected a fallback, got {other:?}"),
    }
    assert!(out.bgnbd.is_none());
    let a = &out.customers[0];
    assert_eq!(
        (a.p_alive(), a.expected_purchases, a.probability_of_purchase),
        (None, 1.0, 1.0)
    );
    // Observed average spend (no Gamma-Gamma on 5 customers): A 150 / 5 = 30.
    assert_eq!(a.expected_avg_spend, 30.0);
    // CLV without discounting: 0.5 × 30 × 1 = 15.
    assert!((a.clv - 15.0).abs() < 1e-12);
    assert_eq!(out.customers[1].expected_purchases, 0.0);
    assert_eq!(out.fallback_rates.as_ref().unwrap().len(), 2);
    // Customer-level file without first purchase dates → fallback with that reason.
    let mut no_dates = customers.clone();
    no_dates.first_purchase_known = false;
    let params = Params {
        min_repeat_customers: 2,
        ..Params::default()
    };
    let out = predict::run(&no_dates, &params, None).unwrap();
    assert!(
        matches!(&out.status, Status::Fallback { reason_en, .. } if reason_en.starts_with("First purchase dates are unknown"))
    );
}

#[test]
fn invalid_inputs_are_errors() {
    let customers = file(100, vec![customer("A", &[(0, 10.0), (50, 20.0)])]);
    let params = Params {
        calibration_end: Some(day(100)),
        ..Params::default()
    };
    let err = predict::run(&customers, &params, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid setting predict.calibration_end: must be before the analysis date 2024-04-10"
    );
    assert!(
        matches!(err.kind(), ErrorKind::InvalidParams { key, .. } if key == "predict.calibration_end"),
        "{err:?}"
    );
    // Two fallback segment keys for the file's one customer.
    let segments = ["x"; 2];
    let err = predict::run(&customers, &Params::default(), Some(&segments)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Analysis(_)), "{err:?}");
    assert_eq!(err.to_string(), "predict: 2 segment keys for 1 customers");
}

#[test]
fn runs_are_deterministic() {
    let customers = simulate(2000, 2 * 365, 3, TRUTH);
    let params = Params {
        calibration_end: Some(predict_sim::start() + Duration::days(500)),
        ..Params::default()
    };
    let first = predict::run(&customers, &params, None).unwrap();
    let second = predict::run(&customers, &params, None).unwrap();
    assert_eq!(first, second);
    assert_eq!(
        serde_json::to_string(&first).unwrap(),
        serde_json::to_string(&second).unwrap()
    );
    assert!(first.holdout.is_some());
}
