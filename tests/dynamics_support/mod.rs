//! Shared helpers of the dynamics integration tests: a minimal reader for the
//! small fixture order files (`customer_id,date,revenue,channel`), so the
//! tests do not depend on the ingestion module.

#![allow(dead_code)]

use crate::common::{customer_from_history, order_level_file};
use chrono::NaiveDate;
use segmento::{Customers, OwnedCustomer, Purchase};

/// Reads `customer_id,date,revenue[,channel]` rows (header first) into
/// customers with histories, in order of first appearance. Orders of the same
/// day are merged; the first channel is the channel of the earliest order.
pub fn customers_from_orders(text: &str, as_of: NaiveDate, has_channel: bool) -> Customers {
    let mut order: Vec<String> = Vec::new();
    let mut rows: std::collections::HashMap<String, Vec<(NaiveDate, f64, Option<String>)>> =
        Default::default();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        let id = fields[0].to_string();
        let date = NaiveDate::parse_from_str(fields[1], "%Y-%m-%d").unwrap();
        let revenue: f64 = fields[2].parse().unwrap();
        let channel = fields
            .get(3)
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        if !rows.contains_key(&id) {
            order.push(id.clone());
        }
        rows.entry(id).or_default().push((date, revenue, channel));
    }
    let customers = order
        .into_iter()
        .map(|id| {
            let mut orders = rows.remove(&id).unwrap();
            orders.sort_by_key(|o| o.0);
            let first_channel = orders[0].2.clone();
            let last_channel = orders.last().unwrap().2.clone();
            let mut history: Vec<Purchase> = Vec::new();
            for (date, revenue, _) in &orders {
                // A negative amount is a return: no order (issue 2).
                let orders = u32::from(*revenue >= 0.0);
                match history.last_mut() {
                    Some(p) if p.date == *date => {
                        p.revenue += revenue;
                        p.orders += orders;
                    }
                    _ => history.push(Purchase {
                        date: *date,
                        revenue: *revenue,
                        margin: 0.0,
                        orders,
                    }),
                }
            }
            OwnedCustomer {
                first_channel: first_channel.map(Into::into),
                last_channel: last_channel.map(Into::into),
                ..customer_from_history(id, history)
            }
        })
        .collect();
    let mut customers = order_level_file(as_of, customers, false);
    customers.has_channel = has_channel;
    customers
}

/// `|got − want| ≤ tolerance`, with a readable failure.
pub fn close(got: f64, want: f64, tolerance: f64, what: &str) {
    assert!(
        (got - want).abs() <= tolerance,
        "{what}: got {got}, want {want} (tolerance {tolerance})"
    );
}

/// The date `y-m-d`.
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
