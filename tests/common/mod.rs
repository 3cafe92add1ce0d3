//! Builders of `Customers` shared by the integration tests: a customer whose
//! totals are those of a purchase history, and an order-level file.

#![allow(dead_code)]

use chrono::NaiveDate;
use segmento::{Attributes, Customer, Customers, Purchase};

/// A customer whose dates, counts and totals are those of `history`
/// (sorted by date, one entry a day), with no channel and no attribute.
pub fn customer_from_history(id: String, history: Vec<Purchase>) -> Customer {
    Customer {
        id,
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
