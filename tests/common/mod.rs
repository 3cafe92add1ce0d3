//! Helpers shared by the integration tests: a customer whose totals are
//! those of a purchase history, an order-level file, and the English text of
//! reading notes.

#![allow(dead_code)]

use chrono::NaiveDate;
use segmento::labels::Note;
use segmento::{Attributes, Customer, Customers, Purchase};

/// A customer whose dates, counts and totals are those of `history`
/// (sorted by date, one entry a day), with no channel and no attribute.
pub fn customer_from_history(id: String, history: Vec<Purchase>) -> Customer {
    Customer {
        id: id.into(),
        first_purchase: history[0].date,
        last_purchase: history[history.len() - 1].date,
        frequency: history.len() as u32,
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
pub fn order_level_file(as_of: NaiveDate, customers: Vec<Customer>, has_margin: bool) -> Customers {
    Customers {
        as_of,
        customers,
        prospects: vec![],
        has_margin,
        has_channel: false,
        has_history: true,
        first_purchase_known: true,
    }
}

/// The English text of `notes`, one note a line, for `contains` checks.
pub fn english_notes(notes: &[Note]) -> String {
    notes
        .iter()
        .map(|note| note.en.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}
