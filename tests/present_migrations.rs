//! The customer list behind a migration-matrix cell: the filter
//! `{kind: "migration", method, from, to}` selects exactly the customers who
//! made that move, on a hand-made order file whose ABC classes at both dates
//! are worked out below.
//!
//! As-of date 2024-12-31; the compare date defaults to 2023-12-31. ABC
//! cut-offs 80 % / 95 % of the cumulative revenue (the customer included).
//!
//! | id | orders                          | to 2023-12-31 | to 2024-12-31 |
//! |----|---------------------------------|---------------|---------------|
//! | P  | 2023-03-01 450                  | 450           | 450           |
//! | Q  | 2023-04-01 300                  | 300           | 300           |
//! | R  | 2023-05-01 170                  | 170           | 170           |
//! | S  | 2023-06-01 50, 2024-06-01 2000  | 50            | 2050          |
//! | U  | 2023-07-01 30                   | 30            | 30            |
//! | V  | 2024-02-01 500                  | —             | 500           |
//!
//! 2023-12-31, total 1000: P 0.45 (A), Q 0.75 (A), R 0.92 (B), S 0.97 (C),
//! U 1.00 (C).
//! 2024-12-31, total 3500: S 2050/3500 = 0.586 (A), V 2550/3500 = 0.729 (A),
//! P 3000/3500 = 0.857 (B), Q 3300/3500 = 0.943 (B), R 3470/3500 = 0.991
//! (C), U 1.00 (C).
//!
//! Moves: P and Q A → B, R B → C, S C → A, U C → C, V new → A.
//!
//! Against a saved snapshot of 2024-06-30 (written by hand below: P C,
//! Q A, R A, S B, U C, and W, a customer no longer in the file), the moves
//! are: P C → B, Q A → B, R A → C, S B → A, U C → C, V new → A, and W is
//! absent.

use segmento::dynamics::snapshot::Snapshot;
use segmento::export::CsvDialect;
use segmento::ingest::ingest_bytes;
use segmento::pipeline::{analyze, Config, Results};
use segmento::present::CustomerFilter;

mod common;
use common::listed_ids as listed;

const ORDERS: &str = "customer_id,date,revenue
P,2023-03-01,450
Q,2023-04-01,300
R,2023-05-01,170
S,2023-06-01,50
U,2023-07-01,30
V,2024-02-01,500
S,2024-06-01,2000
";

fn results() -> Results {
    let config: Config = serde_json::from_str(r#"{"input": {"as_of": "2024-12-31"}}"#).unwrap();
    let ingested = ingest_bytes(ORDERS.as_bytes(), config.input.clone()).unwrap();
    analyze(ingested, &config, &mut |_| {}).unwrap()
}

#[test]
fn each_cell_lists_the_customers_who_made_that_move() {
    let results = results();
    let abc =
        |from: Option<&str>, to: &str| listed(&results, CustomerFilter::migration("abc", from, to));
    assert_eq!(abc(Some("A"), "B"), ["P", "Q"]);
    assert_eq!(abc(Some("B"), "C"), ["R"]);
    assert_eq!(abc(Some("C"), "A"), ["S"]);
    assert_eq!(abc(Some("C"), "C"), ["U"]);
    assert_eq!(abc(None, "A"), ["V"]);
    assert!(abc(Some("A"), "A").is_empty());
    assert!(abc(None, "B").is_empty());
}

#[test]
fn the_matrix_counts_agree_with_the_hand_worked_moves() {
    let results = results();
    let migration = &results.analysis.migrations["abc"];
    let cell = |from: &str, to: &str| migration.customers_moved(from, to);
    assert_eq!(
        (
            cell("A", "B"),
            cell("B", "C"),
            cell("C", "A"),
            cell("C", "C")
        ),
        (2, 1, 1, 1)
    );
    let new_a = migration.new.iter().find(|n| n.to == "A").unwrap();
    assert_eq!(new_a.customers, 1);
}

#[test]
fn the_download_of_a_cell_holds_the_same_customers() {
    let results = results();
    let filter = CustomerFilter::migration("abc", Some("A"), "B");
    let csv = results
        .customers_csv(CsvDialect::Standard, Some(&filter))
        .unwrap();
    let text = String::from_utf8(csv).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["P", "Q"]);
    // A move on a method that does not exist is an error naming the field.
    let wrong = CustomerFilter::migration("tiers", Some("vip"), "good");
    let err = results
        .customers_csv(CsvDialect::Standard, Some(&wrong))
        .unwrap_err();
    assert!(err.to_string().contains("filter.method"), "{err}");
}

#[test]
fn a_cell_of_the_snapshot_comparison_lists_its_customers() {
    let mut results = results();
    let snapshot = Snapshot::from_json(
        br#"{"format": "segmento-snapshot", "version": 1, "as_of": "2024-06-30",
            "methods": {"abc": {"P": "C", "Q": "A", "R": "A", "S": "B", "U": "C", "W": "A"}}}"#,
    )
    .unwrap();
    results.compare_snapshot(&snapshot).unwrap();
    let abc = |from: Option<&str>, to: &str| {
        listed(
            &results,
            CustomerFilter::migration("abc", from, to).in_snapshot_comparison(),
        )
    };
    assert_eq!(abc(Some("C"), "B"), ["P"]);
    assert_eq!(abc(Some("A"), "B"), ["Q"]);
    assert_eq!(abc(Some("A"), "C"), ["R"]);
    assert_eq!(abc(Some("B"), "A"), ["S"]);
    assert_eq!(abc(None, "A"), ["V"]);
    // The same cell between the file's own two dates is another list.
    assert_eq!(
        listed(&results, CustomerFilter::migration("abc", Some("A"), "B")),
        ["P", "Q"]
    );
    // The page's JSON for it.
    let filter: CustomerFilter = serde_json::from_str(
        r#"{"kind": "migration", "method": "abc", "from": "B", "to": "A", "snapshot": true}"#,
    )
    .unwrap();
    assert_eq!(listed(&results, filter), ["S"]);
}
