//! Survival by first channel against Python's lifelines.
//!
//! The fixture `tests/data/dynamics/survival_orders.csv` (800 customers,
//! 3 706 orders, channels web / shop / phone / fair (16 customers, pooled
//! into "other") / missing ("unknown")) and every expected number below come
//! from `tests/reference/survival_lifelines.py` (lifelines 0.30.3): it derives
//! lapse and lifetimes with pandas from the orders, fits
//! `KaplanMeierFitter` per group, and runs `multivariate_logrank_test`.
//! Whole curves are compared through the sums of S, of both bands and of the
//! at-risk counts over every step of the lifelines event table.

mod common;
mod dynamics_support;

use dynamics_support::{close, customers_from_orders, day};
use segmento::dynamics::survival::{run, Censoring, Group, Params};

struct Expected {
    channel: &'static str,
    customers: u32,
    in_curve: u32,
    events: u32,
    steps: usize,
    median: Option<u32>,
    median_interval: (Option<u32>, Option<u32>),
    sum_s: f64,
    sum_lower: f64,
    sum_upper: f64,
    sum_at_risk: u64,
    /// (S, lower, upper, at risk) at 182, 365 and 730 days.
    at: [(f64, f64, f64, u32); 3],
}

// Pasted from `python3 tests/reference/survival_lifelines.py`.
const LAPSE_HORIZON: [Expected; 6] = [
    Expected {
        channel: "all",
        customers: 800,
        in_curve: 679,
        events: 570,
        steps: 414,
        median: Some(207),
        median_interval: (Some(179), Some(257)),
        sum_s: 166.31511021003584,
        sum_lower: 152.31141587537974,
        sum_upper: 180.39009396654745,
        sum_at_risk: 102526,
        at: [
            (
                0.5345710182008976,
                0.4956828482042394,
                0.5718431160237792,
                339,
            ),
            (
                0.37596690409002587,
                0.33827794458597055,
                0.413575290566673,
                222,
            ),
            (
                0.1914165120522434,
                0.16021397267678628,
                0.22477563370976658,
                92,
            ),
        ],
    },
    Expected {
        channel: "web",
        customers: 359,
        in_curve: 314,
        events: 287,
        steps: 196,
        median: Some(128),
        median_interval: (Some(95), Some(157)),
        sum_s: 74.94973022501762,
        sum_lower: 65.6461992191242,
        sum_upper: 84.30846522093796,
        sum_at_risk: 22478,
        at: [
            (
                0.4208722861956065,
                0.36500723808478897,
                0.4756194965088877,
                125,
            ),
            (
                0.2290181694144473,
                0.18240581875746253,
                0.27892224695423107,
                63,
            ),
            (
                0.08426442406844291,
                0.055181060718198095,
                0.1209575616265094,
                22,
            ),
        ],
    },
    Expected {
        channel: "shop",
        customers: 252,
        in_curve: 211,
        events: 157,
        steps: 175,
        median: Some(508),
        median_interval: (Some(400), Some(583)),
        sum_s: 86.46514617360167,
        sum_lower: 75.14448869828045,
        sum_upper: 97.33696480181783,
        sum_at_risk: 16026,
        at: [
            (
                0.6794800113367142,
                0.6107796809424171,
                0.7386868384673902,
                134,
            ),
            (
                0.5759666555228932,
                0.5044290052170916,
                0.6409620087180615,
                108,
            ),
            (
                0.3634910594423983,
                0.29360868019865294,
                0.4335749014189064,
                55,
            ),
        ],
    },
    Expected {
        channel: "phone",
        customers: 115,
        in_curve: 96,
        events: 82,
        steps: 80,
        median: Some(190),
        median_interval: (Some(168), Some(391)),
        sum_s: 36.73196418091196,
        sum_lower: 29.516789020248417,
        sum_upper: 43.60423014818926,
        sum_at_risk: 3363,
        at: [
            (
                0.5331441749585412,
                0.42732166714228187,
                0.627955253987138,
                48,
            ),
            (
                0.41772659964451603,
                0.31566363601367925,
                0.5164158381063866,
                35,
            ),
            (
                0.17594400503028104,
                0.10175318993221982,
                0.2668144363335669,
                11,
            ),
        ],
    },
    Expected {
        channel: "other",
        customers: 16,
        in_curve: 11,
        events: 6,
        steps: 10,
        median: Some(389),
        median_interval: (Some(0), None),
        sum_s: 5.545454545454544,
        sum_lower: 2.3300183154365035,
        sum_upper: 7.8610422828271105,
        sum_at_risk: 56,
        at: [
            (
                0.7272727272727271,
                0.37078740021222617,
                0.902833076806713,
                6,
            ),
            (
                0.6060606060606059,
                0.25067690214736627,
                0.8342266994167805,
                5,
            ),
            (
                0.3636363636363636,
                0.08981149106361182,
                0.6540225465060664,
                1,
            ),
        ],
    },
    Expected {
        channel: "unknown",
        customers: 58,
        in_curve: 47,
        events: 38,
        steps: 38,
        median: Some(245),
        median_interval: (Some(119), Some(350)),
        sum_s: 17.30680433651821,
        sum_lower: 12.246703199612858,
        sum_upper: 22.043807439742015,
        sum_at_risk: 765,
        at: [
            (
                0.6055438483905103,
                0.4483763872493854,
                0.7307334762686492,
                26,
            ),
            (
                0.3134465753688059,
                0.18090056040729968,
                0.45513532239871246,
                11,
            ),
            (
                0.1316475616548985,
                0.039961637907396624,
                0.2789124064706342,
                3,
            ),
        ],
    },
];
const LAPSE_HORIZON_LOGRANK: (f64, u32, f64) = (78.09066918134522, 4, 4.419555274241163e-16);

const AS_OF: [Expected; 6] = [
    Expected {
        channel: "all",
        customers: 800,
        in_curve: 800,
        events: 570,
        steps: 478,
        median: Some(299),
        median_interval: (Some(258), Some(351)),
        sum_s: 217.35683213415348,
        sum_lower: 201.04714283270957,
        sum_upper: 233.56730894366734,
        sum_at_risk: 143257,
        at: [
            (
                0.6031310355397531,
                0.5676448473692286,
                0.6366878209126682,
                437,
            ),
            (
                0.4569128392807228,
                0.42003707773409804,
                0.49298500520697647,
                273,
            ),
            (
                0.26452137935769904,
                0.2293338720878585,
                0.3009152141028323,
                121,
            ),
        ],
    },
    Expected {
        channel: "web",
        customers: 359,
        in_curve: 359,
        events: 287,
        steps: 228,
        median: Some(172),
        median_interval: (Some(133), Some(207)),
        sum_s: 96.37698318031833,
        sum_lower: 85.36510458985353,
        sum_upper: 107.38328211005665,
        sum_at_risk: 30604,
        at: [
            (
                0.488930149641997,
                0.43501325296982213,
                0.5405900371978503,
                156,
            ),
            (
                0.3037780652064334,
                0.25346346594658575,
                0.35548591231139465,
                82,
            ),
            (
                0.1313662672847268,
                0.09203895783366679,
                0.17780838842272134,
                24,
            ),
        ],
    },
    Expected {
        channel: "shop",
        customers: 252,
        in_curve: 252,
        events: 157,
        steps: 208,
        median: Some(583),
        median_interval: (Some(508), Some(744)),
        sum_s: 113.58615273677329,
        sum_lower: 100.49893389838915,
        sum_upper: 125.90237442236882,
        sum_at_risk: 23021,
        at: [
            (
                0.7312064834351344,
                0.6708876605469348,
                0.7822858848419406,
                171,
            ),
            (
                0.6385333752453527,
                0.5732635411717569,
                0.6965265701639406,
                125,
            ),
            (
                0.4369594188356012,
                0.36707061923625467,
                0.5046259580093824,
                72,
            ),
        ],
    },
    Expected {
        channel: "phone",
        customers: 115,
        in_curve: 115,
        events: 82,
        steps: 98,
        median: Some(380),
        median_interval: (Some(187), Some(498)),
        sum_s: 50.169626410395665,
        sum_lower: 41.40065175480912,
        sum_upper: 58.44809782524675,
        sum_at_risk: 5018,
        at: [
            (
                0.6058002775951492,
                0.5083655111515052,
                0.6898352684193687,
                64,
            ),
            (
                0.5048202723581245,
                0.4062787284509543,
                0.5952654153325874,
                42,
            ),
            (
                0.24517666319655504,
                0.1567576130882112,
                0.34422522772563935,
                16,
            ),
        ],
    },
    Expected {
        channel: "other",
        customers: 16,
        in_curve: 16,
        events: 6,
        steps: 15,
        median: None,
        median_interval: (Some(227), None),
        sum_s: 10.065746753246755,
        sum_lower: 5.54282378473048,
        sum_upper: 12.774225442661551,
        sum_at_risk: 121,
        at: [
            (
                0.8125000000000001,
                0.5246043108266494,
                0.9353522579658297,
                12,
            ),
            (
                0.7386363636363638,
                0.44175710805445206,
                0.8937433976020097,
                7,
            ),
            (
                0.5275974025974027,
                0.21717661535282937,
                0.7651019947339891,
                3,
            ),
        ],
    },
    Expected {
        channel: "unknown",
        customers: 58,
        in_curve: 58,
        events: 38,
        steps: 48,
        median: Some(301),
        median_interval: (Some(240), Some(522)),
        sum_s: 24.987484482152176,
        sum_lower: 18.680310622181153,
        sum_upper: 30.642687080386928,
        sum_at_risk: 1230,
        at: [
            (
                0.6857835205283715,
                0.5482246883006168,
                0.7892260794442153,
                34,
            ),
            (
                0.4116856418589373,
                0.27096366722080384,
                0.5470553178233991,
                17,
            ),
            (
                0.2520524337911862,
                0.12545828616380866,
                0.4005418790194695,
                6,
            ),
        ],
    },
];
const AS_OF_LOGRANK: (f64, u32, f64) = (81.98418657898239, 4, 6.614965862651044e-17);

const S_TOLERANCE: f64 = 1e-12;
const BAND_TOLERANCE: f64 = 1e-10;

fn check_group(group: &Group, want: &Expected) {
    let name = want.channel;
    assert_eq!(group.channel, name);
    assert_eq!(
        (group.customers, group.in_curve, group.events),
        (want.customers, want.in_curve, want.events),
        "{name}: counts"
    );
    assert_eq!(group.censored, group.in_curve - group.events);
    assert_eq!(group.curve.len(), want.steps, "{name}: steps");
    assert_eq!(group.median_days, want.median, "{name}: median");
    assert_eq!(
        (group.median_lower_days, group.median_upper_days),
        want.median_interval,
        "{name}: median interval"
    );
    let sum = |f: fn(&segmento::dynamics::survival::CurvePoint) -> f64| {
        group.curve.iter().map(f).sum::<f64>()
    };
    // Sums over a few hundred steps: allow the per-step tolerance times the steps.
    let steps = want.steps as f64;
    close(
        sum(|p| p.survival),
        want.sum_s,
        S_TOLERANCE * steps,
        &format!("{name}: ΣS"),
    );
    close(
        sum(|p| p.lower),
        want.sum_lower,
        BAND_TOLERANCE,
        &format!("{name}: Σlower"),
    );
    close(
        sum(|p| p.upper),
        want.sum_upper,
        BAND_TOLERANCE,
        &format!("{name}: Σupper"),
    );
    let at_risk: u64 = group.curve.iter().map(|p| u64::from(p.at_risk)).sum();
    assert_eq!(at_risk, want.sum_at_risk, "{name}: Σ at risk");
    for (t, (s, lower, upper, n)) in [182_u32, 365, 730].into_iter().zip(want.at) {
        let row = group.at_days.iter().find(|a| a.t == t).unwrap();
        close(
            row.survival.unwrap(),
            s,
            S_TOLERANCE,
            &format!("{name}: S({t})"),
        );
        close(
            row.lower.unwrap(),
            lower,
            BAND_TOLERANCE,
            &format!("{name}: lower({t})"),
        );
        close(
            row.upper.unwrap(),
            upper,
            BAND_TOLERANCE,
            &format!("{name}: upper({t})"),
        );
        assert_eq!(row.at_risk, n, "{name}: at risk at {t}");
    }
    let (s6, s12, s24) = (want.at[0].0, want.at[1].0, want.at[2].0);
    close(
        group.s_6m.unwrap(),
        s6,
        S_TOLERANCE,
        &format!("{name}: s_6m"),
    );
    close(
        group.s_12m.unwrap(),
        s12,
        S_TOLERANCE,
        &format!("{name}: s_12m"),
    );
    close(
        group.s_24m.unwrap(),
        s24,
        S_TOLERANCE,
        &format!("{name}: s_24m"),
    );
}

fn fixture() -> segmento::Customers {
    let text = std::fs::read_to_string("tests/data/dynamics/survival_orders.csv").unwrap();
    customers_from_orders(&text, day(2024, 12, 31), true)
}

fn check(censoring: Censoring, expected: &[Expected], logrank: (f64, u32, f64)) {
    let params = Params {
        censoring,
        // Every step in the curve, so whole curves can be compared.
        max_curve_points: 100_000,
        ..Params::default()
    };
    let out = run(&fixture(), &params).unwrap();
    assert!(out.available);
    let channels: Vec<&str> = out.groups.iter().map(|g| g.channel.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.channel).collect();
    assert_eq!(channels, want);
    for (group, want) in out.groups.iter().zip(expected) {
        check_group(group, want);
    }
    let test = out.logrank.unwrap();
    assert_eq!(test.df, logrank.1);
    close(test.statistic, logrank.0, 1e-9, "log-rank statistic");
    // p is tiny here (≈ 1e-16): compare relatively.
    close(
        test.p_value / logrank.2,
        1.0,
        1e-9,
        "log-rank p-value (relative)",
    );
    assert_eq!(
        out.logrank_groups,
        vec!["web", "shop", "phone", "other", "unknown"]
    );
}

#[test]
fn lapse_horizon_censoring_matches_lifelines() {
    check(
        Censoring::LapseHorizon,
        &LAPSE_HORIZON,
        LAPSE_HORIZON_LOGRANK,
    );
}

#[test]
fn as_of_censoring_matches_lifelines() {
    check(Censoring::AsOf, &AS_OF, AS_OF_LOGRANK);
}

#[test]
fn per_customer_fields_and_suggestion() {
    let customers = fixture();
    let out = run(&customers, &Params::default()).unwrap();
    assert_eq!(out.customers.len(), 800);
    let lapsed = out.customers.iter().filter(|c| c.lapsed).count();
    assert_eq!(lapsed, 570);
    // The first customer in the file, C0000: orders 2018-06-03 … see the CSV.
    let c0 = &customers.customers[0];
    let expected_lifetime = if (customers.as_of - c0.last_purchase).num_days() >= 365 {
        (c0.last_purchase - c0.first_purchase).num_days()
    } else {
        (customers.as_of - c0.first_purchase).num_days()
    };
    assert_eq!(i64::from(out.customers[0].lifetime_days), expected_lifetime);
    // numpy: 2 906 gaps from 632 repeat customers, 90th percentile 196 days,
    // median 62 → suggestion ⌈196 / 30⌉ × 30 = 210 days.
    let s = out.suggestion.unwrap();
    assert_eq!((s.gaps, s.repeat_customers), (2906, 632));
    assert_eq!((s.gap_quantile_days, s.median_gap_days), (196.0, 62.0));
    assert_eq!(out.suggested_inactivity_days, Some(210));
    assert!(
        out.suggestion_fr.contains("210 jours"),
        "{}",
        out.suggestion_fr
    );
}

#[test]
fn charts_get_at_most_the_asked_points() {
    let params = Params {
        max_curve_points: 50,
        ..Params::default()
    };
    let out = run(&fixture(), &params).unwrap();
    for group in &out.groups {
        assert!(
            group.curve.len() <= 50,
            "{}: {}",
            group.channel,
            group.curve.len()
        );
        assert_eq!(group.curve.first().map(|p| p.t), Some(0));
        // S never increases along the curve.
        assert!(group
            .curve
            .windows(2)
            .all(|w| w[1].survival <= w[0].survival && w[1].t > w[0].t));
    }
}
