//! The cohort retention table on a hand fixture, and on the survival order
//! file against pandas (`tests/reference/survival_lifelines.py`, last part).

mod common;
mod dynamics_support;

use dynamics_support::{customers_from_orders, day};
use segmento::dynamics::cohorts::{run, Params, Period};

/// Orders (customer, date):
/// - a: 2024-01-05, 2024-01-20, 2024-03-02 → cohort 2024-01, months 0 (once), 2;
/// - b: 2024-01-31, 2024-02-01            → cohort 2024-01, months 0, 1;
/// - c: 2024-02-10                        → cohort 2024-02, month 0;
/// - d: 2024-02-28, 2024-03-10            → cohort 2024-02, months 0, 1;
/// - e: 2023-11-15, 2024-01-15            → cohort 2023-11, months 0, 2;
/// - f: 2024-01-10, then only a return on 2024-02-20 → cohort 2024-01, month 0 only.
const ORDERS: &str = "customer_id,date,revenue
a,2024-01-05,10
a,2024-01-20,10
a,2024-03-02,10
b,2024-01-31,10
b,2024-02-01,10
c,2024-02-10,10
d,2024-02-28,10
d,2024-03-10,10
e,2023-11-15,10
e,2024-01-15,10
f,2024-01-10,10
f,2024-02-20,-10
";

#[test]
fn hand_fixture_by_month() {
    let customers = customers_from_orders(ORDERS, day(2024, 3, 31), false);
    let out = run(&customers, &Params::default()).unwrap();
    assert!(out.available && out.current_period_complete);
    assert_eq!(out.columns, 25);
    let keys: Vec<&str> = out.cohorts.iter().map(|c| c.key.as_str()).collect();
    // Every month from the first cohort to the as-of month, empty ones included.
    assert_eq!(
        keys,
        vec!["2023-11", "2023-12", "2024-01", "2024-02", "2024-03"]
    );
    assert_eq!(out.cohorts[0].label_fr, "novembre 2023");
    let sizes: Vec<u32> = out.cohorts.iter().map(|c| c.customers).collect();
    assert_eq!(sizes, vec![1, 0, 3, 2, 0]);
    // 2023-11 observed for 5 months (Nov → Mar): e bought in months 0 and 2.
    assert_eq!(&out.cohorts[0].buyers[..5], &[1, 0, 1, 0, 0]);
    assert_eq!(
        &out.cohorts[0].retention[..6],
        &[Some(1.0), Some(0.0), Some(1.0), Some(0.0), Some(0.0), None]
    );
    assert_eq!(out.cohorts[0].complete_periods, 5);
    // An empty cohort has no shares.
    assert!(out.cohorts[1].retention.iter().all(Option::is_none));
    // 2024-01: a, b and f in month 0, b in month 1 (f's return does not
    // count), a in month 2.
    assert_eq!(out.cohorts[2].buyers[..3], [3, 1, 1]);
    assert_eq!(
        out.cohorts[2].retention[..4],
        [Some(1.0), Some(1.0 / 3.0), Some(1.0 / 3.0), None]
    );
    // 2024-02: c and d, then d in March.
    assert_eq!(
        &out.cohorts[3].retention[..3],
        &[Some(1.0), Some(0.5), None]
    );
    // Average over complete cells, weighted by cohort size:
    // month 0: 6/6; month 1: (0 + 1 + 1)/(1 + 3 + 2) = 1/3; month 2: (1 + 1)/(1 + 3);
    // months 3 and 4: 0/1 (only 2023-11 reaches them); month 5: none.
    assert_eq!(out.average[0], Some(1.0));
    assert_eq!(out.average[1], Some(2.0 / 6.0));
    assert_eq!(out.average[2], Some(0.5));
    assert_eq!(&out.average[3..6], &[Some(0.0), Some(0.0), None]);
    assert!(out.notes_en.is_empty());
}

#[test]
fn partial_current_month_is_left_out_of_the_average() {
    // As of 2024-03-15 March is unfinished: the last column of each cohort is
    // shown but not complete. Month 1's average then only uses 2023-11 and
    // 2024-01 (2024-02's month 1 is March): (0 + 1)/(1 + 3) = 1/4.
    let customers = customers_from_orders(ORDERS, day(2024, 3, 15), false);
    let out = run(&customers, &Params::default()).unwrap();
    assert!(!out.current_period_complete);
    assert_eq!(out.cohorts[3].retention[1], Some(0.5));
    assert_eq!(out.cohorts[3].complete_periods, 1);
    assert_eq!(out.average[1], Some(0.25));
    assert!(out.notes_en.iter().any(|n| n.contains("provisional")));
}

#[test]
fn quarters_and_truncation() {
    let customers = customers_from_orders(ORDERS, day(2024, 3, 31), false);
    let params = Params {
        period: Period::Quarter,
        max_periods: 4,
        max_cohorts: 1,
    };
    let out = run(&customers, &params).unwrap();
    // Only 2024-Q1 shown (a, b, c, d, f, all buying in Q1 only); e's 2023-Q4
    // cohort is counted as omitted.
    assert_eq!(out.cohorts.len(), 1);
    assert_eq!(
        (
            out.cohorts[0].key.as_str(),
            out.cohorts[0].label_fr.as_str()
        ),
        ("2024-Q1", "T1 2024")
    );
    assert_eq!(out.cohorts[0].customers, 5);
    assert_eq!(out.cohorts[0].buyers, vec![5, 0, 0, 0, 0]);
    assert_eq!((out.omitted_cohorts, out.omitted_customers), (1, 1));
    assert!(out.notes_en[0].contains("1 older cohort (1 customer) is not"));
}

#[test]
fn no_history_gives_a_note() {
    let mut customers = customers_from_orders(ORDERS, day(2024, 3, 31), false);
    customers.has_history = false;
    let out = run(&customers, &Params::default()).unwrap();
    assert!(!out.available && out.cohorts.is_empty());
    assert!(out.notes_en[0].contains("order history"));
}

#[test]
fn matches_pandas_on_the_survival_orders() {
    let text = std::fs::read_to_string("tests/data/dynamics/survival_orders.csv").unwrap();
    let customers = customers_from_orders(&text, day(2024, 12, 31), true);
    let out = run(&customers, &Params::default()).unwrap();
    assert_eq!(out.cohorts.len(), 36);
    // From `python3 tests/reference/survival_lifelines.py` (pandas periods):
    let expected: [(&str, u32, [u32; 7]); 3] = [
        ("2022-01", 5, [5, 0, 0, 0, 1, 2, 2]),
        ("2023-06", 13, [13, 5, 2, 1, 1, 3, 3]),
        ("2024-06", 15, [15, 4, 3, 4, 1, 5, 5]),
    ];
    for (key, size, buyers) in expected {
        let cohort = out.cohorts.iter().find(|c| c.key == key).unwrap();
        assert_eq!(cohort.customers, size, "{key}");
        assert_eq!(&cohort.buyers[..7], &buyers, "{key}");
    }
}
