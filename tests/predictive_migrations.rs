//! Predictive-group migrations between two dates, on an order file whose
//! group ranking at both dates is clear by construction.
//!
//! As-of date 2024-12-31, compare date 2023-12-31; predictive groups cut
//! into 2 groups of equal size by the probability of buying over the next
//! 4 weeks (`ranking: probability`, `horizon: 4`, `size: {count: 2}`; a
//! small `l2_penalty` keeps the fit on such regular, made-up buyers away from
//! degenerate dropout parameters).
//!
//! | customers | orders (50 € each), k = i mod 7 + 1, d = 10 + 3 (i mod 5) |
//! |-----------|-------------------------------------------------------------|
//! | x01 … x20 | every d days from 2023-01-0k to 2023-12-20, then nothing   |
//! | y01 … y20 | every 120 days from 2022-01-0k to 2023-12-31, then every d |
//! |           | days from 2024-01-0k to 2024-12-20                          |
//!
//! On 2023-12-31 each x has bought every 10 to 22 days all year, the last
//! time less than 3 weeks ago, and each y every 4 months: under BG/NBD
//! (Fader, Hardie & Lee 2005) the posterior purchase rate of an x,
//! Gamma(r + x, α + T) with x ≈ 15-35 over T ≈ 51 weeks, is several times
//! a y's (x ≈ 5 over T ≈ 104 weeks), and an x with t_x ≈ T is almost
//! surely alive: every x ranks above every y, so A = the x's, B = the y's.
//! On 2024-12-31 it is the other way round: the y's have bought every 10 to
//! 22 days up to the last 2 weeks, while the x's, after 15-35 purchases in
//! 2023, have been silent for a year; P(alive) carries the factor
//! ((α + t_x) / (α + T))^(r + x) ≈ 2^-(r + x), about 0: A = the y's,
//! B = the x's.
//!
//! Hence 20 x's move A → B (down), 20 y's B → A (up), nobody is new or
//! stable.
//!
//! Adding 20 customers who first bought in 2024 and asking for 50 repeat
//! customers, the model fits on 2024-12-31 (60 repeat customers) but not on
//! 2023-12-31 (the 40 x's and y's): no matrix, and the reason names the
//! compare date. With the default 100, it falls back already at the as-of
//! date.
//!
//! Against a snapshot of 2024-06-30 written by hand (x's in A, y's in B,
//! and "gone", no longer in the file, in A), the x's move A → B, the y's
//! B → A and one customer is absent.

use chrono::{Duration, NaiveDate};
use segmento::export::CsvDialect;
use segmento::i18n::Language;
use segmento::ingest::ingest_bytes;
use segmento::pipeline::{analyze, Config, Results};
use segmento::present::CustomerFilter;

mod common;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Orders every `days` days from `start` through `end`.
fn every(days: i64, id: &str, start: NaiveDate, end: NaiveDate, lines: &mut String) {
    let mut date = start;
    while date <= end {
        lines.push_str(&format!("{id},{date},50\n"));
        date += Duration::days(days);
    }
}

fn orders() -> String {
    let mut lines = String::from("customer_id,date,revenue\n");
    for i in 1..=20_u32 {
        let offset = i % 7 + 1;
        let interval = i64::from(10 + i % 5 * 3);
        every(
            interval,
            &format!("x{i:02}"),
            day(2023, 1, offset),
            day(2023, 12, 20),
            &mut lines,
        );
        let y = format!("y{i:02}");
        every(120, &y, day(2022, 1, offset), day(2023, 12, 31), &mut lines);
        every(
            interval,
            &y,
            day(2024, 1, offset),
            day(2024, 12, 20),
            &mut lines,
        );
    }
    lines
}

/// `orders()` and 20 customers who first bought in 2024, every 14 days.
fn orders_with_newcomers() -> String {
    let mut lines = orders();
    for i in 1..=20_u32 {
        let id = format!("n{i:02}");
        every(
            14,
            &id,
            day(2024, 1, i % 7 + 1),
            day(2024, 12, 20),
            &mut lines,
        );
    }
    lines
}

fn results(min_repeat_customers: u32) -> Results {
    results_of(&orders(), min_repeat_customers)
}

fn results_of(orders: &str, min_repeat_customers: u32) -> Results {
    let config: Config = serde_json::from_str(&format!(
        r#"{{"input": {{"as_of": "2024-12-31"}},
            "migrations": {{"compare_date": "2023-12-31"}},
            "predict": {{"min_repeat_customers": {min_repeat_customers}, "l2_penalty": 0.001, "horizon": 4,
                         "groups": {{"ranking": "probability", "size": {{"count": 2}}}}}}}}"#
    ))
    .unwrap();
    let ingested = ingest_bytes(orders.as_bytes(), config.input.clone()).unwrap();
    analyze(ingested, &config, &mut |_| {}).unwrap()
}

fn ids(prefix: char) -> Vec<String> {
    (1..=20).map(|i| format!("{prefix}{i:02}")).collect()
}

/// The customer ids of a filtered list, sorted.
fn listed(results: &Results, filter: CustomerFilter) -> Vec<String> {
    let mut listed = common::listed_ids(results, filter);
    listed.sort();
    listed
}

#[test]
fn groups_swap_between_the_two_dates() {
    let results = results(10);
    let analysis = &results.analysis;
    assert!(analysis.migrations_skipped.is_empty());
    let migration = &analysis.migrations["predictive"];
    let report = results.report_html(Language::En, "2025-01-01");
    assert!(
        report.contains("Predictive groups (2023-12-31"),
        "a report table"
    );
    let keys: Vec<&str> = migration.segments.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["A", "B"]);
    let cell = |from: &str, to: &str| migration.customers_moved(from, to);
    assert_eq!(
        (
            cell("A", "A"),
            cell("A", "B"),
            cell("B", "A"),
            cell("B", "B")
        ),
        (0, 20, 20, 0)
    );
    let flows = &migration.flows;
    assert_eq!(
        (
            flows.up.customers,
            flows.down.customers,
            flows.stable.customers,
            flows.new.customers
        ),
        (20, 20, 0, 0)
    );
    // Revenue between the dates: the y's 2024 orders, 50 € each; the x's
    // bought nothing in 2024.
    let y_orders_2024 = orders()
        .lines()
        .filter(|line| line.starts_with('y') && line.contains(",2024-"))
        .count();
    assert_eq!(flows.up.revenue, Some(50.0 * y_orders_2024 as f64));
    assert_eq!(flows.down.revenue, Some(0.0));
}

#[test]
fn the_cells_list_and_export_the_customers_who_moved() {
    let results = results(10);
    // The page sends `group`; the summary key is `predictive`.
    let up: CustomerFilter =
        serde_json::from_str(r#"{"kind": "migration", "method": "group", "from": "B", "to": "A"}"#)
            .unwrap();
    assert_eq!(listed(&results, up), ids('y'));
    assert_eq!(
        listed(
            &results,
            CustomerFilter::migration("predictive", Some("A"), "B")
        ),
        ids('x')
    );
    assert!(listed(
        &results,
        CustomerFilter::migration("predictive", Some("A"), "A")
    )
    .is_empty());
    let csv =
        String::from_utf8(results.customers_csv(CsvDialect::Standard, None).unwrap()).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let previous = header
        .iter()
        .position(|c| *c == "previous_predictive_group")
        .expect("a previous_predictive_group column");
    let group = header
        .iter()
        .position(|c| *c == "predictive_group")
        .unwrap();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let expected = if cells[0].starts_with('x') {
            ("A", "B")
        } else {
            ("B", "A")
        };
        assert_eq!((cells[previous], cells[group]), expected, "{line}");
    }
}

#[test]
fn a_fallback_at_either_date_is_said_instead_of_a_matrix() {
    let then = results_of(&orders_with_newcomers(), 50);
    assert!(!then.analysis.migrations.contains_key("predictive"));
    assert!(then.analysis.migrations.contains_key("rfm"));
    let skipped = &then.analysis.migrations_skipped["predictive"];
    assert!(
        skipped.reason_en.contains("as of 2023-12-31"),
        "{}",
        skipped.reason_en
    );
    assert!(
        skipped.reason_en.contains("Only 40 customers"),
        "{}",
        skipped.reason_en
    );
    assert!(
        skipped.reason_fr.contains("31/12/2023"),
        "{}",
        skipped.reason_fr
    );
    let header = String::from_utf8(then.customers_csv(CsvDialect::Standard, None).unwrap())
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(!header.contains("previous_predictive_group"), "{header}");
    // The report says it where the matrix would be.
    let report = then.report_html(Language::En, "2025-01-01");
    assert!(
        report.contains("as of 2023-12-31"),
        "the report names the reason"
    );

    let now = results_of(&orders_with_newcomers(), 100);
    let skipped = &now.analysis.migrations_skipped["predictive"];
    assert!(
        skipped.reason_en.contains("as of 2024-12-31"),
        "{}",
        skipped.reason_en
    );
}

#[test]
fn a_snapshot_of_predictive_groups_is_compared_and_listed() {
    use segmento::dynamics::snapshot::Snapshot;
    let mut results = results(10);
    // Written by hand on 2024-06-30: the x's in A, the y's in B, and "gone",
    // a customer no longer in the file, in A.
    let mut groups: Vec<String> = ids('x')
        .iter()
        .map(|id| format!("\"{id}\": \"A\""))
        .chain(ids('y').iter().map(|id| format!("\"{id}\": \"B\"")))
        .collect();
    groups.push("\"gone\": \"A\"".to_string());
    let json = format!(
        r#"{{"format": "segmento-snapshot", "version": 1, "as_of": "2024-06-30",
            "methods": {{"predictive": {{{}}}}}}}"#,
        groups.join(", ")
    );
    results
        .compare_snapshot(&Snapshot::from_json(json.as_bytes()).unwrap())
        .unwrap();
    let migration = &results.analysis.snapshot_migrations["predictive"];
    assert_eq!(
        (
            migration.flows.up.customers,
            migration.flows.down.customers,
            migration.flows.absent
        ),
        (20, 20, 1)
    );
    let moved = |from: &str, to: &str| {
        let filter: CustomerFilter = serde_json::from_str(&format!(
            r#"{{"kind": "migration", "method": "group", "from": "{from}", "to": "{to}", "snapshot": true}}"#
        ))
        .unwrap();
        listed(&results, filter)
    };
    assert_eq!(moved("A", "B"), ids('x'));
    assert_eq!(moved("B", "A"), ids('y'));
    assert!(moved("A", "A").is_empty());
}

/// Without the penalty, the fit on these regular, made-up buyers converges
/// to dropout parameters whose expectations overflow (a and b in the tens of
/// thousands and millions): that fit is said to be degenerate and falls back
/// to observed rates, instead of failing the forecast or showing its numbers.
#[test]
fn a_degenerate_fit_falls_back_and_says_so() {
    let config: Config = serde_json::from_str(
        r#"{"input": {"as_of": "2024-12-31"},
            "migrations": {"compare_date": "2023-12-31"},
            "predict": {"min_repeat_customers": 10, "l2_penalty": 0.0, "horizon": 4,
                        "groups": {"ranking": "probability", "size": {"count": 2}}}}"#,
    )
    .unwrap();
    let ingested = ingest_bytes(orders().as_bytes(), config.input.clone()).unwrap();
    let results = analyze(ingested, &config, &mut |_| {}).unwrap();
    let summary = serde_json::to_value(&results.analysis).unwrap();
    let status = &summary["predict"]["status"];
    assert_eq!(status["kind"], "fallback", "{status}");
    let reason = status["reason_en"].as_str().unwrap();
    assert!(
        reason.starts_with("The fitted BG/NBD model is degenerate"),
        "{reason}"
    );
    assert!(status["reason_fr"].as_str().unwrap().contains("dégénéré"));
    // No parameter of that fit is reported as a model, and the forecast ran.
    assert!(summary["predict"]["bgnbd"].is_null());
    assert!(summary["unavailable"].get("predict").is_none());
    // The matrix needs a model at both dates: the as-of fit is the degenerate one.
    let skipped = summary["migrations_skipped"]["predictive"]["reason_en"]
        .as_str()
        .unwrap();
    assert!(skipped.contains("degenerate"), "{skipped}");
}
