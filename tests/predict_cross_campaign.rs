//! Value × potential matrix and campaign economics on hand-worked examples.

mod common;
mod predict_sim;

use predict_sim::{customer, file, simulate, TRUTH};
use segmento::campaign::{self, SegmentBy};
use segmento::cross;
use segmento::predict::{self, Params};
use segmento::{Attributes, Customers, ErrorKind, OwnedProspect};
use std::collections::BTreeMap;

fn keys(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Adds prospects with these ids and no attribute.
fn add_prospects(customers: &mut Customers, ids: &[&str]) {
    let mut owned = customers.to_owned_customers();
    for id in ids {
        owned.prospects.push(OwnedProspect {
            id: (*id).into(),
            attributes: Attributes::default(),
        });
    }
    *customers = Customers::from_owned(owned);
}

/// Sets the customers' predicted values by hand, in file order.
fn set_predicted_values(predictions: &mut predict::Output, values: &[f64]) {
    for (p, v) in predictions.customers.iter_mut().zip(values) {
        p.clv = *v;
    }
}

/// The value × potential cell of each customer, in file order.
fn customer_cells(out: &cross::Output) -> Vec<&str> {
    out.customers.iter().map(|c| c.cross_cell()).collect()
}

#[test]
fn cross_matrix_by_hand() {
    // Revenues: A 150, B 40, C 54, D 50, E 12, F 100 (total 406).
    let mut customers = file(
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
    add_prospects(&mut customers, &["P1", "P2"]);
    let mut predictions = predict::run(&customers, &Params::default(), None).unwrap();
    // Predicted values set by hand: 10, 50, 4, 30, 6, 0 (total 100).
    // Ranked: B 50 (cum 0.50 A'), D 30 (0.80 A'), A 10 (0.90 B'), E 6 (0.96 C'), C 4 (1.0 C'), F 0 (C').
    set_predicted_values(&mut predictions, &[10.0, 50.0, 4.0, 30.0, 6.0, 0.0]);
    let abc = keys(&["A", "A", "B", "C", "C", "C"]);
    let out = cross::run(&customers, &abc, &predictions, &cross::Params::default()).unwrap();
    assert_eq!(
        customer_cells(&out),
        vec!["AB'", "AA'", "BC'", "CA'", "CC'", "CC'"]
    );
    assert!(out
        .prospects
        .iter()
        .all(|p| p.cross_cell() == "PC'" && p.potential_class() == "C'"));
    let cell = |name: &str| out.matrix.iter().find(|c| c.cell == name).unwrap();
    assert_eq!(out.matrix.len(), 12);
    assert_eq!(
        (
            cell("AA'").customers,
            cell("AA'").revenue,
            cell("AA'").predicted_value
        ),
        (1, 40.0, 50.0)
    );
    assert_eq!((cell("CC'").customers, cell("CC'").revenue), (2, 112.0)); // E 12 + F 100
    assert_eq!((cell("PC'").customers, cell("PC'").revenue), (2, 0.0));
    assert_eq!(cell("BA'").customers, 0);
    // Strategy groups (8 customers and prospects in all):
    // core AA' + AB' = B, A: 2 customers (0.25), revenue 190/406, value 60/100;
    // growth AA' + CA' = B, D: 2, revenue 90, value 0.8;
    // low cost BC' + CC' = C, E, F: 3 (0.375), revenue 166, value 0.1.
    let s = &out.strategies;
    assert_eq!(
        (s[0].label_fr.as_str(), s[0].label_en.as_str()),
        ("Fond de commerce", "Core business")
    );
    assert_eq!(s[0].cells, keys(&["AA'", "AB'", "AC'"]));
    assert_eq!(
        (s[0].customers, s[0].revenue, s[0].customer_share),
        (2, 190.0, 0.25)
    );
    assert!(
        (s[0].revenue_share - 190.0 / 406.0).abs() < 1e-15
            && (s[0].predicted_value_share - 0.6).abs() < 1e-15
    );
    assert_eq!(s[1].label_fr, "Potentiel de développement");
    assert_eq!(s[1].cells, keys(&["AA'", "BA'", "CA'", "PA'"]));
    assert_eq!((s[1].customers, s[1].revenue), (2, 90.0));
    assert!((s[1].predicted_value_share - 0.8).abs() < 1e-15);
    assert_eq!(
        (s[2].label_fr.as_str(), s[2].label_en.as_str()),
        ("À gérer à l'économie", "Manage at low cost")
    );
    assert_eq!(s[2].cells, keys(&["BB'", "BC'", "CB'", "CC'"]));
    assert_eq!(
        (s[2].customers, s[2].revenue, s[2].customer_share),
        (3, 166.0, 0.375)
    );
    assert!(s
        .iter()
        .all(|s| !s.action_fr.is_empty() && !s.action_en.is_empty()));
    // Misaligned or unknown classes are errors.
    let err = cross::run(
        &customers,
        &abc[..5],
        &predictions,
        &cross::Params::default(),
    )
    .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Analysis(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "cross: 5 ABC classes and 6 predictions for 6 customers"
    );
    // The sixth customer, F, has class "X".
    let bad = keys(&["A", "A", "B", "C", "C", "X"]);
    let err = cross::run(&customers, &bad, &predictions, &cross::Params::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Analysis(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "cross: ABC class \"X\" of customer F is not A, B or C"
    );
}

#[test]
fn prospects_take_a_new_customers_potential() {
    // The hand example above: customer values 10, 50, 4, 30, 6, 0 give
    // floors A' 30 (D) and B' 10 (A). Two prospects, each worth what a new
    // customer is worth.
    let mut customers = file(
        100,
        vec![
            customer("A", &[(0, 10.0), (95, 50.0)]),
            customer("B", &[(5, 15.0), (65, 25.0)]),
            customer("C", &[(20, 12.0)]),
            customer("D", &[(1, 8.0), (99, 12.0)]),
            customer("E", &[(30, 5.0)]),
            customer("F", &[(80, 100.0)]),
        ],
    );
    add_prospects(&mut customers, &["P1", "P2"]);
    let mut predictions = predict::run(&customers, &Params::default(), None).unwrap();
    // Six customers are too few for a fit: no new-customer forecast, prospects stay PC'.
    assert!(predictions.new_customer.is_none());
    set_predicted_values(&mut predictions, &[10.0, 50.0, 4.0, 30.0, 6.0, 0.0]);
    let abc = keys(&["A", "A", "B", "C", "C", "C"]);
    let place = |predictions: &predict::Output| {
        cross::run(&customers, &abc, predictions, &cross::Params::default()).unwrap()
    };
    assert!(place(&predictions)
        .prospects
        .iter()
        .all(|p| p.cross_cell() == "PC'"));
    for (value, cell) in [(35.0, "PA'"), (30.0, "PA'"), (12.0, "PB'"), (9.0, "PC'")] {
        predictions.new_customer = Some(predict::NewCustomerForecast {
            expected_purchases: 1.0,
            expected_avg_spend: value,
            clv: value,
        });
        let out = place(&predictions);
        assert!(
            out.prospects.iter().all(|p| p.cross_cell() == cell),
            "{value} → {cell}"
        );
        let row = out.matrix.iter().find(|c| c.cell == cell).unwrap();
        assert_eq!(
            (row.customers, row.revenue, row.predicted_value),
            (2, 0.0, 2.0 * value)
        );
        // Customers keep their classes: prospects do not move the cut-offs.
        assert_eq!(
            customer_cells(&out),
            vec!["AB'", "AA'", "BC'", "CA'", "CC'", "CC'"]
        );
    }
    // In PA' the prospects join the growth-potential group: B (AA'), D (CA'), P1, P2.
    predictions.new_customer.as_mut().unwrap().clv = 35.0;
    assert_eq!(place(&predictions).strategies[1].customers, 4);
}

/// As of day 200, window 8 weeks = 56 days → window (144, 200].
/// S1: c1 (0: 100, 150: 100), c2 (10: 50, 190: 70), c3 (20: 80), c4 (30: 40, 100: 60):
///     all exposed, c1 and c2 bought → share 0.5; average spends 100, 60, 80, 50.
/// S2: c5 (5: 30), c6 (40: 20, 60: 20): share 0.
/// S3: c7 (10: 20, 150: 20), c8 (15: 30), c9 (20: 25), c10 (25: 25), c11 (30: 25): share 0.2.
fn campaign_file() -> (segmento::Customers, Vec<String>) {
    let customers = file(
        200,
        vec![
            customer("c1", &[(0, 100.0), (150, 100.0)]),
            customer("c2", &[(10, 50.0), (190, 70.0)]),
            customer("c3", &[(20, 80.0)]),
            customer("c4", &[(30, 40.0), (100, 60.0)]),
            customer("c5", &[(5, 30.0)]),
            customer("c6", &[(40, 20.0), (60, 20.0)]),
            customer("c7", &[(10, 20.0), (150, 20.0)]),
            customer("c8", &[(15, 30.0)]),
            customer("c9", &[(20, 25.0)]),
            customer("c10", &[(25, 25.0)]),
            customer("c11", &[(30, 25.0)]),
        ],
    );
    let segments = keys(&[
        "S1", "S1", "S1", "S1", "S2", "S2", "S3", "S3", "S3", "S3", "S3",
    ]);
    (customers, segments)
}

#[test]
fn campaign_economics_by_hand() {
    let (customers, segments) = campaign_file();
    let mut labels = BTreeMap::new();
    labels.insert(
        "S1".to_string(),
        ("Fidèles".to_string(), "Loyal".to_string()),
    );
    let params = campaign::Params {
        margin_rate: Some(0.12),
        ..campaign::Params::default()
    };
    let out = campaign::run(&customers, &segments, &labels, None, &params).unwrap();
    assert!(!out.model_response);
    assert_eq!(out.segment_by, SegmentBy::Rfm);
    let s1 = &out.segments[0];
    assert_eq!(
        (
            s1.segment.as_str(),
            s1.label_fr.as_str(),
            s1.label_en.as_str()
        ),
        ("S1", "Fidèles", "Loyal")
    );
    // Response-weighted spend: 0.5 × (100 + 60 + 80 + 50) / (4 × 0.5) = 72.5.
    assert_eq!(
        (s1.customers, s1.purchase_probability, s1.spend_per_response),
        (4, 0.5, 72.5)
    );
    // Courrier: 2 responses × 72.5 = 145 revenue, margin 17.4, cost 4 × 1.20 = 4.8, net 12.6,
    // ROI 12.6 / 4.8 = 2.625, break-even 1.20 / (72.5 × 0.12) = 0.137931…
    let courrier = &s1.channels[0];
    assert_eq!(courrier.channel, "courrier");
    assert!((courrier.expected_responses - 2.0).abs() < 1e-12);
    assert!((courrier.expected_revenue - 145.0).abs() < 1e-12);
    assert!((courrier.expected_margin - 17.4).abs() < 1e-12);
    assert!((courrier.cost - 4.8).abs() < 1e-12 && (courrier.net_margin - 12.6).abs() < 1e-12);
    assert!((courrier.roi.unwrap() - 2.625).abs() < 1e-12);
    assert!((courrier.break_even_response_rate.unwrap() - 1.2 / 8.7).abs() < 1e-12);
    // Best channel: e-mail, net 17.4 − 0.04 = 17.36.
    assert_eq!(s1.best_channel, "email");
    assert!((s1.channels[2].net_margin - 17.36).abs() < 1e-12);
    // Purchases per year without a model: nobody has a year of history, so the tenure rate:
    // 3 repeat purchases / (200 + 190 + 180 + 170) days × 365.25 = 1.4807… → 2 contacts a year.
    assert!((s1.purchases_per_year - 3.0 / 740.0 * 365.25).abs() < 1e-12);
    assert!(s1.contact);
    assert_eq!(s1.contacts_per_year, 2);
    assert_eq!(
        s1.recommendation.fr,
        "Relancer par e-mail 2 fois par an : marge attendue 4,35 € par contact > coût 0,01 € (réponse attendue 50,0 %)"
    );
    // S2 nobody buys: no channel pays, the best (least bad) is e-mail.
    let s2 = &out.segments[1];
    assert!(!s2.contact && s2.contacts_per_year == 0);
    assert_eq!(
        s2.recommendation.fr,
        "Ne pas relancer : aucun canal n'est rentable ; même par e-mail, marge attendue 0,00 € < coût 0,01 €"
    );
    // S3: share 0.2, spend 25 → courrier margin per contact 0.2 × 25 × 0.12 = 0.60 < 1.20.
    let s3 = &out.segments[2];
    assert_eq!(
        s3.channels[0].sentence.fr,
        "Ne pas relancer par courrier : marge attendue 0,60 € < coût 1,20 €"
    );
    assert_eq!(
        s3.channels[0].sentence.en,
        "Do not contact by mail: expected margin €0.60 < cost €1.20"
    );
    assert_eq!(
        s3.channels[2].sentence.fr,
        "Relancer par e-mail : marge attendue 0,60 € > coût 0,01 €"
    );
    // No budget: the plan is each worthwhile segment's best channel: S1 e-mail, S3 e-mail.
    let plan = &out.plan;
    assert_eq!(plan.selections.len(), 2);
    assert!((plan.total_cost - 0.09).abs() < 1e-12);
    assert!((plan.total_net_margin - (17.36 + 2.95)).abs() < 1e-12);
}

#[test]
fn budget_greedy_by_hand() {
    // Courrier with a response multiplier of 1.5:
    // S1 courrier: rate 0.75, revenue 217.5, margin 26.1, cost 4.8, net 21.3.
    // S1 frontier: e-mail (cost 0.04, net 17.36) then courrier (+4.76, +3.94: 0.8277 per €).
    // S3 courrier: margin 4.5 < cost 6 → out; S3 e-mail (0.05, 2.95: 59 per €).
    // Greedy with 2.50 €: S1 e-mail (434 per €) → 2.46 left; S3 e-mail → 2.41 left;
    // S1 → courrier costs 1.19 per customer: 2 customers (2.38) → 0.03 left.
    let (customers, segments) = campaign_file();
    let mut params = campaign::Params {
        margin_rate: Some(0.12),
        budget: Some(2.5),
        ..campaign::Params::default()
    };
    params.channels[0].response_multiplier = 1.5;
    let out = campaign::run(&customers, &segments, &BTreeMap::new(), None, &params).unwrap();
    let pick = |segment: &str, channel: &str| {
        out.plan
            .selections
            .iter()
            .find(|s| s.segment == segment && s.channel == channel)
            .map(|s| s.contacts)
    };
    assert_eq!(pick("S1", "courrier"), Some(2));
    assert_eq!(pick("S1", "email"), Some(2));
    assert_eq!(pick("S3", "email"), Some(5));
    assert_eq!(out.plan.selections.len(), 3);
    // Totals: cost 2.40 + 0.02 + 0.05 = 2.47; revenue 108.75 + 72.5 + 25 = 206.25;
    // net 10.65 + 8.68 + 2.95 = 22.28.
    assert!((out.plan.total_cost - 2.47).abs() < 1e-12);
    assert!((out.plan.total_expected_revenue - 206.25).abs() < 1e-12);
    assert!((out.plan.total_net_margin - 22.28).abs() < 1e-12);
    assert!(out.plan.total_cost <= 2.5);
}

#[test]
fn campaign_uses_the_model_when_fitted() {
    let customers = simulate(3000, 2 * 365, 5, TRUTH);
    let groups = predict::GroupParams {
        size: predict::GroupSize::Count(4),
        ..Default::default()
    };
    let predictions = predict::run(
        &customers,
        &Params {
            groups,
            ..Params::default()
        },
        None,
    )
    .unwrap();
    let segments: Vec<String> = predictions
        .customers
        .iter()
        .map(|c| c.predictive_group.to_string())
        .collect();
    let params = campaign::Params {
        segment_by: SegmentBy::PredictiveGroup,
        ..campaign::Params::default()
    };
    let out = campaign::run(
        &customers,
        &segments,
        &BTreeMap::new(),
        Some(&predictions),
        &params,
    )
    .unwrap();
    assert!(out.model_response);
    assert_eq!(out.margin_rate, predictions.margin_rate);
    // Response rate of a group = mean P(buy within 8 weeks) of its customers.
    let probs = predictions
        .purchase_probabilities(&customers, 56.0)
        .unwrap();
    let a: Vec<f64> = segments
        .iter()
        .zip(&probs)
        .filter(|(s, _)| *s == "A")
        .map(|(_, p)| *p)
        .collect();
    let mean = a.iter().sum::<f64>() / a.len() as f64;
    assert!((out.segments[0].purchase_probability - mean).abs() < 1e-12);
    // Group A (best CLV) responds more than group D.
    assert_eq!(out.segments.len(), 4);
    assert!(
        out.segments[0].purchase_probability > out.segments.last().unwrap().purchase_probability
    );
    // Deterministic.
    let again = campaign::run(
        &customers,
        &segments,
        &BTreeMap::new(),
        Some(&predictions),
        &params,
    )
    .unwrap();
    assert_eq!(out, again);
}

#[test]
fn campaign_params_validate() {
    assert!(campaign::Params::default().validate().is_ok());
    let mut p = campaign::Params::default();
    p.channels[1].key = "courrier".into();
    let err = p.validate().unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidParams { key, .. } if key == "campaign.channels.key"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "invalid setting campaign.channels.key: \"courrier\" is empty or repeated"
    );
    let p = campaign::Params {
        window_weeks: 0.0,
        ..campaign::Params::default()
    };
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "invalid setting campaign.window_weeks: must be between 0 and 520"
    );
    let json = r#"{"budget": 500, "channels": [{"key": "sms", "label_fr": "SMS", "label_en": "text", "cost_per_contact": 0.08}]}"#;
    let parsed: campaign::Params = serde_json::from_str(json).unwrap();
    assert_eq!(parsed.channels[0].response_multiplier, 1.0);
    assert_eq!(parsed.budget, Some(500.0));
}
