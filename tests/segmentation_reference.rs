//! RFM cut points, scores and segments, and ABC classes and Gini, on the 400
//! seeded customers of `tests/reference/segmentation_reference.py`, against
//! the numbers numpy/pandas produced there (pasted below; per-customer
//! scores and classes in `tests/data/segmentation/reference_expected_scores.csv`).

mod segmentation_support;

use segmentation_support::{reference_customers, reference_expected};
use segmento::{abc, rfm};

/// numpy.quantile(values, k/bins, method="linear"), printed by the script.
/// (bins, recency, frequency, revenue, average order value)
#[allow(clippy::type_complexity)]
const NUMPY_CUT_POINTS: [(u8, &[f64], &[f64], &[f64], &[f64]); 3] = [
    (
        3,
        &[97.0, 249.0],
        &[1.0, 2.0],
        &[49.9, 124.16],
        &[24.95, 60.06],
    ),
    (
        4,
        &[69.0, 153.0, 308.75],
        &[1.0, 2.0, 3.0],
        &[37.685, 73.72, 182.3625],
        &[18.72625, 39.5275, 76.0625],
    ),
    (
        5,
        &[54.80000000000001, 120.0, 209.39999999999998, 367.0],
        &[1.0, 1.0, 2.0, 3.0],
        &[32.52, 53.606, 101.18199999999996, 223.42200000000014],
        &[
            16.1312,
            29.386000000000003,
            50.60749999999998,
            97.83916666666669,
        ],
    ),
];

/// Score counts and segment counts/revenue per (bins, monetary), printed by
/// the script. Segments in ladder order.
struct Expected {
    bins: u8,
    monetary: rfm::Monetary,
    r: &'static [usize],
    f: &'static [usize],
    m: &'static [usize],
    segments: [usize; 11],
    segment_revenue: [f64; 11],
}

const EXPECTED: [Expected; 6] = [
    Expected {
        bins: 3,
        monetary: rfm::Monetary::Revenue,
        r: &[134, 133, 133],
        f: &[184, 114, 102],
        m: &[153, 114, 133],
        segments: [24, 47, 39, 60, 0, 39, 57, 51, 16, 0, 67],
        segment_revenue: [
            6726.0, 15430.61, 7877.91, 6038.81, 0.0, 6749.38, 4198.82, 5717.74, 8376.79, 0.0,
            5323.07,
        ],
    },
    Expected {
        bins: 3,
        monetary: rfm::Monetary::AverageOrderValue,
        r: &[134, 133, 133],
        f: &[184, 114, 102],
        m: &[145, 122, 133],
        segments: [12, 59, 39, 60, 0, 39, 57, 59, 8, 0, 67],
        segment_revenue: [
            4502.17, 17654.44, 7877.91, 6038.81, 0.0, 6749.38, 4198.82, 7305.51, 6789.02, 0.0,
            5323.07,
        ],
    },
    Expected {
        bins: 4,
        monetary: rfm::Monetary::Revenue,
        r: &[100, 101, 100, 99],
        f: &[184, 114, 53, 49],
        m: &[100, 100, 100, 100],
        segments: [46, 6, 59, 44, 44, 0, 0, 16, 34, 75, 76],
        segment_revenue: [
            15799.2, 130.44, 9405.34, 5135.16, 2358.21, 0.0, 0.0, 449.71, 14776.34, 10896.35,
            7488.38,
        ],
    },
    Expected {
        bins: 4,
        monetary: rfm::Monetary::AverageOrderValue,
        r: &[100, 101, 100, 99],
        f: &[184, 114, 53, 49],
        m: &[100, 100, 100, 100],
        segments: [36, 16, 59, 44, 44, 0, 0, 26, 24, 75, 76],
        segment_revenue: [
            14587.93, 1341.71, 9405.34, 5135.16, 2358.21, 0.0, 0.0, 1613.98, 13612.07, 10896.35,
            7488.38,
        ],
    },
    Expected {
        bins: 5,
        monetary: rfm::Monetary::Revenue,
        r: &[81, 79, 83, 77, 80],
        f: &[184, 0, 114, 53, 49],
        m: &[80, 80, 80, 80, 80],
        segments: [31, 32, 46, 35, 35, 23, 38, 62, 22, 35, 41],
        segment_revenue: [
            11658.94, 6716.53, 8161.75, 4235.61, 2347.83, 4179.89, 2444.94, 7979.62, 12181.7,
            2752.59, 3779.73,
        ],
    },
    Expected {
        bins: 5,
        monetary: rfm::Monetary::AverageOrderValue,
        r: &[81, 79, 83, 77, 80],
        f: &[184, 0, 114, 53, 49],
        m: &[80, 80, 80, 80, 80],
        segments: [20, 43, 46, 35, 35, 23, 38, 70, 14, 35, 41],
        segment_revenue: [
            9845.36, 8530.11, 8161.75, 4235.61, 2347.83, 4179.89, 2444.94, 9344.51, 10816.81,
            2752.59, 3779.73,
        ],
    },
];

fn counts(bands: &[rfm::ScoreBand]) -> Vec<usize> {
    bands.iter().map(|b| b.customers).collect()
}

#[test]
fn cut_points_equal_numpy_bit_for_bit() {
    let customers = reference_customers();
    for (bins, recency, frequency, revenue, aov) in NUMPY_CUT_POINTS {
        for (monetary, expected_m) in [
            (rfm::Monetary::Revenue, revenue),
            (rfm::Monetary::AverageOrderValue, aov),
        ] {
            let params = rfm::Params {
                bins,
                monetary,
                ..rfm::Params::default()
            };
            let out = rfm::run(&customers, &params).unwrap();
            assert_eq!(
                out.thresholds.recency.cut_points, recency,
                "bins {bins} recency"
            );
            assert_eq!(
                out.thresholds.frequency.cut_points, frequency,
                "bins {bins} frequency"
            );
            assert_eq!(
                out.thresholds.monetary.cut_points, expected_m,
                "bins {bins} {monetary:?}"
            );
        }
    }
}

#[test]
fn score_and_segment_counts_equal_pandas() {
    let customers = reference_customers();
    for expected in &EXPECTED {
        let params = rfm::Params {
            bins: expected.bins,
            monetary: expected.monetary,
            ..rfm::Params::default()
        };
        let out = rfm::run(&customers, &params).unwrap();
        let label = format!("bins {} {:?}", expected.bins, expected.monetary);
        assert_eq!(
            counts(&out.thresholds.recency.bands),
            expected.r,
            "{label} R"
        );
        assert_eq!(
            counts(&out.thresholds.frequency.bands),
            expected.f,
            "{label} F"
        );
        assert_eq!(
            counts(&out.thresholds.monetary.bands),
            expected.m,
            "{label} M"
        );
        let segments: Vec<usize> = out.segments.iter().map(|s| s.customers).collect();
        assert_eq!(segments, expected.segments, "{label} segments");
        for (summary, want) in out.segments.iter().zip(expected.segment_revenue) {
            assert!(
                (summary.revenue - want).abs() < 1e-6,
                "{label} {:?}: {} vs {want}",
                summary.key,
                summary.revenue
            );
        }
    }
}

#[test]
fn every_customer_scored_as_pandas_did() {
    let customers = reference_customers();
    let expected = reference_expected();
    assert_eq!(expected.len(), customers.customers.len());
    let out = rfm::run(&customers, &rfm::Params::default()).unwrap();
    let aov = rfm::run(
        &customers,
        &rfm::Params {
            monetary: rfm::Monetary::AverageOrderValue,
            ..rfm::Params::default()
        },
    )
    .unwrap();
    for (i, want) in expected.iter().enumerate() {
        let got = out.customers[i];
        assert_eq!(
            (got.r_score, got.f_score, got.m_score),
            (want.r, want.f, want.m),
            "customer {}",
            customers.customers[i].id
        );
        assert_eq!(
            aov.customers[i].m_score, want.m_aov,
            "customer {}",
            customers.customers[i].id
        );
    }
}

#[test]
fn abc_classes_and_gini_equal_numpy() {
    let customers = reference_customers();
    let expected = reference_expected();
    // (basis, [customers, revenue, value] per class, gini) from the script.
    let cases = [
        (
            abc::Basis::Revenue,
            [
                (136, 53467.73, 53467.73),
                (132, 10007.69, 10007.69),
                (132, 2963.71, 2963.71),
            ],
            0.6177552928872825,
        ),
        (
            abc::Basis::Margin,
            [
                (120, 49921.25, 16828.62),
                (130, 12082.2, 3153.39),
                (150, 4435.68, 936.42),
            ],
            0.6613314636326868,
        ),
    ];
    for (basis, classes, gini) in cases {
        let out = abc::run(
            &customers,
            &abc::Params {
                basis,
                ..abc::Params::default()
            },
        )
        .unwrap();
        for (summary, (n, revenue, value)) in out.classes.iter().zip(classes) {
            assert_eq!(summary.customers, n, "{basis:?} {:?}", summary.class);
            assert!(
                (summary.revenue - revenue).abs() < 1e-6,
                "{basis:?} {:?}",
                summary.class
            );
            assert!(
                (summary.value - value).abs() < 1e-6,
                "{basis:?} {:?}",
                summary.class
            );
        }
        // Trapezoid rule on the Pareto curve vs the ascending-rank formula.
        assert!(
            (out.gini.unwrap() - gini).abs() < 1e-12,
            "{basis:?} gini {:?}",
            out.gini
        );
        for (i, want) in expected.iter().enumerate() {
            let want = match basis {
                abc::Basis::Revenue => &want.abc_revenue,
                abc::Basis::Margin => &want.abc_margin,
            };
            assert_eq!(
                out.customers[i].abc_class.as_str(),
                want,
                "customer {i} {basis:?}"
            );
        }
    }
}
