//! The 12-customer hand fixture (`tests/data/segmentation/hand_customers.json`,
//! written by `tests/reference/make_hand_fixture.py`): RFM, ABC and points
//! worked out by hand below. As of 2024-12-31, no margin column.
//!
//! | id  | recency | freq | revenue | history in the 3-year window (Y1 = 2024, Y2 = 2023, Y3 = 2022) |
//! |-----|---------|------|---------|-----------------------------------------------------------------|
//! | C01 |      10 |    6 |    1200 | Y3 300 (2 days), Y2 400 (2 days), Y1 500 (2 days)               |
//! | C02 |      10 |    1 |      80 | Y1 80                                                           |
//! | C03 |      25 |    3 |     450 | Y1 450 (3 days)                                                 |
//! | C04 |      40 |    1 |      80 | Y1 80                                                           |
//! | C05 |      60 |    2 |     300 | Y2 100, Y1 200                                                  |
//! | C06 |      90 |    1 |      35 | Y1 35                                                           |
//! | C07 |     120 |    4 |     900 | (300 in 2021, outside) Y3 200, Y2 200, Y1 200                    |
//! | C08 |     200 |    2 |       0 | Y1 120 then a full return −120                                  |
//! | C09 |     300 |    1 |      15 | Y1 15                                                           |
//! | C10 |     400 |    2 |     260 | Y2 300 then a return −40                                        |
//! | C11 |     700 |    5 |    1500 | (900 in 2020-2021, outside) Y3 300, Y2 300                      |
//! | C12 |    1000 |    1 |      45 | Y3 45                                                           |

mod segmentation_support;

use segmentation_support::hand_customers;
use segmento::abc::{self, AbcClass};
use segmento::points::{self, Tier};
use segmento::rfm::{self, Segment};
use segmento::ErrorKind;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn rfm_by_hand() {
    let customers = hand_customers();
    assert_eq!(customers.customers.len(), 12);
    let out = rfm::run(&customers, &rfm::Params::default()).unwrap();

    // n = 12, type-7 quantile index h = 11 p = 2.2, 4.4, 6.6, 8.8.
    // Recency sorted: 10 10 25 40 60 90 120 200 300 400 700 1000
    //   Q.2 = x2 + .2 (x3 - x2) = 25 + .2·15 = 28
    //   Q.4 = x4 + .4 (x5 - x4) = 60 + .4·30 = 72
    //   Q.6 = x6 + .6 (x7 - x6) = 120 + .6·80 = 168
    //   Q.8 = x8 + .8 (x9 - x8) = 300 + .8·100 = 380
    let cuts = &out.thresholds.recency.cut_points;
    for (got, want) in cuts.iter().zip([28.0, 72.0, 168.0, 380.0]) {
        assert!(close(*got, want), "recency {cuts:?}");
    }
    // Frequency sorted: 1 1 1 1 1 2 2 2 3 4 5 6
    //   Q.2 = x2..x3 = 1; Q.4 = 1 + .4·(2 - 1) = 1.4; Q.6 = x6..x7 = 2;
    //   Q.8 = 3 + .8·(4 - 3) = 3.8
    let cuts = &out.thresholds.frequency.cut_points;
    for (got, want) in cuts.iter().zip([1.0, 1.4, 2.0, 3.8]) {
        assert!(close(*got, want), "frequency {cuts:?}");
    }
    // Revenue sorted: 0 15 35 45 80 80 260 300 450 900 1200 1500
    //   Q.2 = 35 + .2·10 = 37; Q.4 = x4..x5 = 80 (tie);
    //   Q.6 = 260 + .6·40 = 284; Q.8 = 450 + .8·450 = 810
    let cuts = &out.thresholds.monetary.cut_points;
    for (got, want) in cuts.iter().zip([37.0, 80.0, 284.0, 810.0]) {
        assert!(close(*got, want), "monetary {cuts:?}");
    }

    // R = 1 + cut points strictly above the recency:
    //   10, 10, 25 → 5; 40, 60 → 4; 90, 120 → 3; 200, 300 → 2; 400+ → 1.
    // F = 1 + cut points strictly below: 1 → 1 (ties on the cut 1 stay at
    //   1, so score 2 is unused); 2 → 3; 3 → 4; 4, 5, 6 → 5.
    // M: 0, 15, 35 → 1; 45 → 2; 80 → 2 (80 is on a cut, not above it);
    //   260 → 3; 300, 450 → 4; 900+ → 5.
    let expected = [
        ("C01", 555, Segment::Champions),
        ("C02", 512, Segment::New),
        ("C03", 544, Segment::Champions),
        ("C04", 412, Segment::Promising),
        ("C05", 434, Segment::PotentialLoyalist),
        ("C06", 311, Segment::AboutToSleep),
        ("C07", 355, Segment::Loyal),
        ("C08", 231, Segment::AtRisk),
        ("C09", 211, Segment::Hibernating),
        ("C10", 133, Segment::AtRisk),
        ("C11", 155, Segment::CantLoseThem),
        ("C12", 112, Segment::Lost),
    ];
    for ((id, code, segment), (customer, result)) in expected
        .iter()
        .zip(customers.customers.iter().zip(&out.customers))
    {
        assert_eq!(customer.id, *id);
        assert_eq!((result.code, result.segment), (*code, *segment), "{id}");
    }
    // Equal values, equal scores: C01/C02 share R 5, C02/C04 share M 2.
    assert_eq!(out.customers[0].r_score, out.customers[1].r_score);
    assert_eq!(out.customers[1].m_score, out.customers[3].m_score);
    // Frequency band counts: F1 = 5 single buyers, F2 empty, F3 = 3, F4 = 1, F5 = 3.
    let f_counts: Vec<usize> = out
        .thresholds
        .frequency
        .bands
        .iter()
        .map(|b| b.customers)
        .collect();
    assert_eq!(f_counts, [5, 0, 3, 1, 3]);
    assert!(out.notes.iter().any(|n| n.key == "frequency_scores_tied"));

    // Segments (ladder order): champions C01 + C03 = 1650; loyal C07 900;
    // potential loyalist C05 300; new C02 80; promising C04 80; need
    // attention none; about to sleep C06 35; at risk C08 0 + C10 260 = 260;
    // can't lose them C11 1500; hibernating C09 15; lost C12 45. Total 4865.
    let customers_per_segment: Vec<usize> = out.segments.iter().map(|s| s.customers).collect();
    assert_eq!(customers_per_segment, [2, 1, 1, 1, 1, 0, 1, 2, 1, 1, 1]);
    let revenue: Vec<f64> = out.segments.iter().map(|s| s.revenue).collect();
    assert_eq!(
        revenue,
        [1650.0, 900.0, 300.0, 80.0, 80.0, 0.0, 35.0, 260.0, 1500.0, 15.0, 45.0]
    );
    assert_eq!(out.revenue_total, 4865.0);
    let champions = &out.segments[0];
    assert_eq!(champions.label_fr, "Champions");
    // Means: recency (10 + 25) / 2 = 17.5; frequency (6 + 3) / 2 = 4.5;
    // monetary (1200 + 450) / 2 = 825; share of revenue 1650 / 4865.
    assert_eq!(champions.mean_recency_days, Some(17.5));
    assert_eq!(champions.mean_frequency, Some(4.5));
    assert_eq!(champions.mean_monetary, Some(825.0));
    assert!(close(champions.share_revenue, 1650.0 / 4865.0));
    assert!(close(champions.share_customers, 2.0 / 12.0));
    let need_attention = &out.segments[5];
    assert_eq!(
        (need_attention.customers, need_attention.mean_recency_days),
        (0, None)
    );

    // Grid: cell (r, f) at (r - 1)·5 + (f - 1). (5, 5) holds C01 only.
    let cell = |r: usize, f: usize| &out.grid.cells[(r - 1) * 5 + (f - 1)];
    assert_eq!(
        (cell(5, 5).customers, cell(5, 5).revenue, cell(5, 5).segment),
        (1, 1200.0, Segment::Champions)
    );
    assert_eq!(
        (cell(1, 5).customers, cell(1, 5).segment),
        (1, Segment::CantLoseThem)
    );
    assert_eq!(
        (cell(2, 3).customers, cell(2, 3).segment),
        (1, Segment::AtRisk)
    );
    // Empty (5, 3): codes 531..535 are all potential loyalist.
    assert_eq!(
        (cell(5, 3).customers, cell(5, 3).segment),
        (0, Segment::PotentialLoyalist)
    );
    assert_eq!(
        out.grid.cells.iter().map(|c| c.customers).sum::<usize>(),
        12
    );
}

#[test]
fn abc_by_hand() {
    let customers = hand_customers();
    let out = abc::run(&customers, &abc::Params::default()).unwrap();
    // Ranked: C11 1500, C01 1200, C07 900, C03 450, C05 300, C10 260,
    // C02 80 (before C04: file order), C04 80, C12 45, C06 35, C09 15, C08 0.
    // Positive total 4865. Cumulative shares: 1500/4865 = .308 A;
    // 2700/4865 = .555 A; 3600/4865 = .740 A; 4050/4865 = .832 B;
    // 4350/4865 = .894 B; 4610/4865 = .948 B; 4690/4865 = .964 C; … C08
    // (value 0) is last and C.
    let ranks: Vec<u32> = out.customers.iter().map(|c| c.rank).collect();
    assert_eq!(ranks, [2, 7, 4, 8, 5, 10, 3, 12, 11, 6, 1, 9]);
    use AbcClass::*;
    let classes: Vec<AbcClass> = out.customers.iter().map(|c| c.abc_class).collect();
    assert_eq!(classes, [A, C, B, C, B, C, A, C, C, B, A, C]);
    assert!(close(out.customers[6].cumulative_share, 3600.0 / 4865.0));
    assert_eq!(out.customers[7].cumulative_share, 1.0);
    // Classes: A 3 customers 3600; B C03 + C05 + C10 = 1010; C 80 + 80 + 45
    // + 35 + 15 + 0 = 255. 3600 + 1010 + 255 = 4865.
    let summary: Vec<(usize, f64)> = out
        .classes
        .iter()
        .map(|c| (c.customers, c.revenue))
        .collect();
    assert_eq!(summary, [(3, 3600.0), (3, 1010.0), (6, 255.0)]);
    // 3 / 12 = 25 % of customers, 3600 / 4865 = 74.0 % of revenue.
    assert_eq!(
        out.sentence_fr,
        "25\u{202f}% des clients font 74\u{202f}% du CA"
    );
    assert_eq!(out.sentence_en, "25% of customers make 74% of revenue");
    // Gini, ascending values x(1..12) = 0 15 35 45 80 80 260 300 450 900 1200 1500:
    // Σ i·x(i) = 0 + 30 + 105 + 180 + 400 + 480 + 1820 + 2400 + 4050 + 9000
    //          + 13200 + 18000 = 49665;
    // G = 2·49665 / (12·4865) − 13/12 = (1191960 − 758940) / 700560
    //   = 433020 / 700560 = 0.618105515…
    assert!(
        close(out.gini.unwrap(), 433020.0 / 700560.0),
        "{:?}",
        out.gini
    );
    assert_eq!(out.curve.len(), 13);
    assert!(out.notes.iter().any(|n| n.key == "non_positive_values"));

    // Missing margin: ranking by margin is refused with the key.
    let err = abc::run(
        &customers,
        &abc::Params {
            basis: abc::Basis::Margin,
            ..abc::Params::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidParams { key, .. } if key == "abc.basis"));
}

#[test]
fn points_by_hand() {
    let customers = hand_customers();
    let out = points::run(&customers, &points::Params::default()).unwrap();
    // No margin column: margin points left out, said plainly.
    assert!(!out.margin_points_included);
    assert!(out.notes.iter().any(|n| n.key == "margin_points_left_out"));
    // Revenue scale per year: > 100 → 10; 50..=100 → 7.5; 10..50 → 2.5;
    // (0, 10) → .5; ≤ 0 → 0. Bonus 2 per purchase day in the window.
    //   C01: 300 → 10, 400 → 10, 500 → 10 = 30; 6 days → 12; total 42
    //   C02: 80 → 7.5; 1 day → 2; 9.5
    //   C03: 450 → 10; 3 days → 6; 16
    //   C04: 80 → 7.5 + 2 = 9.5
    //   C05: Y2 100 → 7.5 (not > 100), Y1 200 → 10 = 17.5; 2 days → 4; 21.5
    //   C06: 35 → 2.5 + 2 = 4.5
    //   C07: 200 → 10 in each of 3 years = 30; 3 days in the window → 6; 36
    //   C08: Y1 net 0 → 0 (not .5); 2 days → 4; 4
    //   C09: 15 → 2.5 + 2 = 4.5
    //   C10: Y2 260 → 10; 2 days → 4; 14
    //   C11: Y3 300 → 10, Y2 300 → 10 = 20; 2 days → 4; 24
    //   C12: Y3 45 → 2.5 + 2 = 4.5
    let expected = [
        (30.0, 12.0, 42.0, Tier::Vip),
        (7.5, 2.0, 9.5, Tier::Occasional),
        (10.0, 6.0, 16.0, Tier::VeryGood),
        (7.5, 2.0, 9.5, Tier::Occasional),
        (17.5, 4.0, 21.5, Tier::VeryGood),
        (2.5, 2.0, 4.5, Tier::LowValue),
        (30.0, 6.0, 36.0, Tier::Vip),
        (0.0, 4.0, 4.0, Tier::LowValue),
        (2.5, 2.0, 4.5, Tier::LowValue),
        (10.0, 4.0, 14.0, Tier::Good),
        (20.0, 4.0, 24.0, Tier::Vip),
        (2.5, 2.0, 4.5, Tier::LowValue),
    ];
    for (i, (revenue_points, bonus, total, tier)) in expected.into_iter().enumerate() {
        let got = out.customers[i];
        assert_eq!(
            (
                got.revenue_points,
                got.margin_points,
                got.bonus_points,
                got.value_points(),
                got.value_tier
            ),
            (revenue_points, 0.0, bonus, total, tier),
            "{}",
            customers.customers[i].id
        );
    }
    // Tier cut points: points sorted 4 4.5 4.5 4.5 9.5 9.5 14 16 21.5 24 36 42,
    // h = 2.2, 4.4, 6.6, 8.8: Q.2 = 4.5; Q.4 = 9.5; Q.6 = 14 + .6·2 = 15.2;
    // Q.8 = 21.5 + .8·2.5 = 23.5. Tier = 1 + cut points strictly below:
    // 4, 4.5 → low value (4.5 ties the cut); 9.5 → occasional; 14 → good;
    // 16, 21.5 → very good; 24, 36, 42 → VIP.
    for (got, want) in out.thresholds.iter().zip([4.5, 9.5, 15.2, 23.5]) {
        assert!(close(*got, want), "{:?}", out.thresholds);
    }
    let tiers: Vec<(usize, f64)> = out.tiers.iter().map(|t| (t.customers, t.revenue)).collect();
    // VIP C01 C07 C11 = 3600; very good C03 C05 = 750; good C10 = 260;
    // occasional C02 C04 = 160; low value C06 C08 C09 C12 = 95. Sum 4865.
    assert_eq!(
        tiers,
        [(3, 3600.0), (2, 750.0), (1, 260.0), (2, 160.0), (4, 95.0)]
    );
    assert_eq!(out.tiers[0].label_fr, "VIP");
    assert_eq!(out.tiers[4].label_en, "Low value");
    assert_eq!(out.tiers[0].min_points, Some(24.0));
    assert_eq!(out.tiers[0].mean_points, Some(34.0)); // (42 + 36 + 24) / 3

    // A 30 % margin rate: yearly margin = .3 × revenue, margin scale
    // > 20 → 20; 10..=20 → 10; 2..10 → 5; (0, 2) → 1.
    //   C01: 90, 120, 150 → 20 × 3 = 60;  C05: 30 → 20, 60 → 20 = 40;
    //   C06: 10.5 → 10;  C09: 4.5 → 5;  C08: 0 → 0;  C12: 13.5 → 10.
    let params = points::Params {
        margin_rate: Some(0.3),
        ..points::Params::default()
    };
    let out = points::run(&customers, &params).unwrap();
    let margin: Vec<f64> = [0, 4, 5, 7, 8, 11]
        .iter()
        .map(|&i| out.customers[i].margin_points)
        .collect();
    assert_eq!(margin, [60.0, 40.0, 10.0, 0.0, 5.0, 10.0]);
    assert!(out
        .notes
        .iter()
        .any(|n| n.key == "margin_estimated_from_rate"));

    // Annual average: C01 1200 / 3 = 400 → 10, bonus 12 / 3 = 4 → 14;
    // C05 300 / 3 = 100 → 7.5 (not > 100), bonus 4 / 3.
    let params = points::Params {
        aggregation: points::Aggregation::AnnualAverage,
        ..points::Params::default()
    };
    let out = points::run(&customers, &params).unwrap();
    assert_eq!(out.customers[0].value_points(), 14.0);
    assert!(close(out.customers[4].value_points(), 7.5 + 4.0 / 3.0));
}
