//! Builders shared by the segmentation fixture tests: they build
//! `Customers` values directly (not through ingestion).

#![allow(dead_code)]

use chrono::{Duration, NaiveDate};
use segmento::{Attributes, Customers, OwnedCustomer, OwnedCustomers};

/// The directory of the segmentation fixtures.
pub fn data_path(name: &str) -> String {
    format!(
        "{}/tests/data/segmentation/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The hand-worked 12-customer fixture.
pub fn hand_customers() -> Customers {
    let text = std::fs::read_to_string(data_path("hand_customers.json")).expect("fixture file");
    Customers::from_owned(serde_json::from_str(&text).expect("fixture is a Customers JSON"))
}

pub const REFERENCE_AS_OF: (i32, u32, u32) = (2024, 12, 31);

/// A customer-level row: totals only, last purchase `recency_days` before
/// `as_of`.
pub fn summary_customer(
    id: &str,
    as_of: NaiveDate,
    recency_days: i64,
    frequency: u32,
    orders: u32,
    revenue: f64,
    margin: f64,
) -> OwnedCustomer {
    let last = as_of - Duration::days(recency_days);
    OwnedCustomer {
        id: id.into(),
        first_purchase: last,
        last_purchase: last,
        frequency,
        orders,
        revenue,
        margin,
        first_channel: None,
        last_channel: None,
        attributes: Attributes::default(),
        history: vec![],
    }
}

/// The 400 seeded customers of `tests/reference/segmentation_reference.py`.
pub fn reference_customers() -> Customers {
    let (y, m, d) = REFERENCE_AS_OF;
    let as_of = NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let text =
        std::fs::read_to_string(data_path("reference_customers.csv")).expect("reference file");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("id,recency_days,frequency,orders,revenue,margin")
    );
    let customers = lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            summary_customer(
                cells[0],
                as_of,
                cells[1].parse().unwrap(),
                cells[2].parse().unwrap(),
                cells[3].parse().unwrap(),
                cells[4].parse().unwrap(),
                cells[5].parse().unwrap(),
            )
        })
        .collect();
    Customers::from_owned(OwnedCustomers {
        as_of,
        customers,
        prospects: vec![],
        has_margin: true,
        has_channel: false,
        has_history: false,
        first_purchase_known: false,
    })
}

/// Per-customer expectations written by the reference script.
pub struct ExpectedScores {
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub m_aov: u8,
    pub abc_revenue: String,
    pub abc_margin: String,
}

pub fn reference_expected() -> Vec<ExpectedScores> {
    let text =
        std::fs::read_to_string(data_path("reference_expected_scores.csv")).expect("expected file");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id,r,f,m,m_aov,abc_revenue,abc_margin"));
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            ExpectedScores {
                r: cells[1].parse().unwrap(),
                f: cells[2].parse().unwrap(),
                m: cells[3].parse().unwrap(),
                m_aov: cells[4].parse().unwrap(),
                abc_revenue: cells[5].to_string(),
                abc_margin: cells[6].to_string(),
            }
        })
        .collect()
}
