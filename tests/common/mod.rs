//! Helpers shared by the integration tests: a customer whose totals are
//! those of a purchase history, an order-level file, the English text of
//! reading notes, and the ids of a customer list.

#![allow(dead_code)]

use chrono::NaiveDate;
use segmento::labels::Note;
use segmento::pipeline::Results;
use segmento::present::{CustomerFilter, CustomerQuery};
use segmento::{Attributes, Customers, OwnedCustomer, OwnedCustomers, Purchase};

/// A customer whose dates, counts and totals are those of `history`
/// (sorted by date, one entry a day), with no channel and no attribute.
pub fn customer_from_history(id: String, history: Vec<Purchase>) -> OwnedCustomer {
    // Issue 2's rules: only purchase days (orders > 0) count and date the
    // customer; return-only days are netted into revenue and margin.
    let purchase_days: Vec<&Purchase> = history.iter().filter(|p| p.is_purchase()).collect();
    OwnedCustomer {
        id: id.into(),
        first_purchase: purchase_days[0].date,
        last_purchase: purchase_days[purchase_days.len() - 1].date,
        frequency: purchase_days.len() as u32,
        orders: history.iter().map(|p| p.orders).sum(),
        revenue: history.iter().map(|p| p.revenue).sum(),
        margin: history.iter().map(|p| p.margin).sum(),
        first_channel: None,
        last_channel: None,
        attributes: Attributes::default(),
        history,
    }
}

/// An order-level file (histories and first purchases known) of
/// `customers`, no prospect and no channel, as of `as_of`.
pub fn order_level_file(
    as_of: NaiveDate,
    customers: Vec<OwnedCustomer>,
    has_margin: bool,
) -> Customers {
    Customers::from_owned(OwnedCustomers {
        as_of,
        customers,
        prospects: vec![],
        has_margin,
        has_channel: false,
        has_history: true,
        first_purchase_known: true,
    })
}

/// The English text of `notes`, one note a line, for `contains` checks.
pub fn english_notes(notes: &[Note]) -> String {
    notes
        .iter()
        .map(|note| note.en.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The customer ids of a filtered list (up to 100), in the order the page's
/// query gives them.
pub fn listed_ids(results: &Results, filter: CustomerFilter) -> Vec<String> {
    let page = results.customer_page(&CustomerQuery {
        filter: Some(filter),
        limit: 100,
        ..CustomerQuery::default()
    });
    let id = page
        .columns
        .iter()
        .position(|c| c.key == "customer_id")
        .unwrap();
    page.rows
        .iter()
        .map(|row| row[id].as_str().unwrap().to_string())
        .collect()
}
