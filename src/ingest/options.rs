//! What the caller can tell ingestion: column roles, file shape, dialect
//! overrides and the as-of date.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a column means. Headers are matched to roles automatically (see
/// [`guess_roles`](crate::ingest::guess_roles)); [`IngestOptions::columns`]
/// overrides the guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The customer identifier (required).
    CustomerId,
    /// The date of the order (required for order files).
    OrderDate,
    /// The amount of the order (required for order files).
    Amount,
    /// The order (or invoice, ticket) number, used to skip duplicates.
    OrderId,
    /// The margin of the order.
    Margin,
    /// The quantity of items (recognised so it is never taken for the amount).
    Quantity,
    /// The sales channel (web, shop, ...).
    Channel,
    /// Customer name.
    Name,
    /// E-mail address.
    Email,
    /// Postcode.
    Postcode,
    /// City.
    City,
    /// Birth date.
    BirthDate,
    /// Age in years.
    Age,
    /// Sex or title.
    Sex,
    /// Customer-level files: date of the last purchase (required).
    LastPurchase,
    /// Customer-level files: date of the first purchase.
    FirstPurchase,
    /// Customer-level files: number of orders (required).
    OrderCount,
    /// Customer-level files: total amount bought (required).
    TotalAmount,
    /// Customer-level files: total margin.
    TotalMargin,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 19] = [
        Role::CustomerId,
        Role::OrderDate,
        Role::Amount,
        Role::OrderId,
        Role::Margin,
        Role::Quantity,
        Role::Channel,
        Role::Name,
        Role::Email,
        Role::Postcode,
        Role::City,
        Role::BirthDate,
        Role::Age,
        Role::Sex,
        Role::LastPurchase,
        Role::FirstPurchase,
        Role::OrderCount,
        Role::TotalAmount,
        Role::TotalMargin,
    ];

    /// The key as written in settings and in `summary.json` (`customer_id`, ...).
    ///
    /// ```
    /// use segmento::ingest::Role;
    /// assert_eq!(Role::OrderDate.key(), "order_date");
    /// ```
    pub fn key(self) -> &'static str {
        match self {
            Role::CustomerId => "customer_id",
            Role::OrderDate => "order_date",
            Role::Amount => "amount",
            Role::OrderId => "order_id",
            Role::Margin => "margin",
            Role::Quantity => "quantity",
            Role::Channel => "channel",
            Role::Name => "name",
            Role::Email => "email",
            Role::Postcode => "postcode",
            Role::City => "city",
            Role::BirthDate => "birth_date",
            Role::Age => "age",
            Role::Sex => "sex",
            Role::LastPurchase => "last_purchase",
            Role::FirstPurchase => "first_purchase",
            Role::OrderCount => "order_count",
            Role::TotalAmount => "total_amount",
            Role::TotalMargin => "total_margin",
        }
    }

    /// The role whose [`key`](Role::key) is `key`.
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.key() == key)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Whether a file has one row per order or one row per customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// One row per order (or invoice, ticket).
    Orders,
    /// One row per customer, with last purchase date, order count and total.
    Customers,
}

/// How the parts of a `05/03/2024`-style date are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `05/03/2024` is 5 March (France, most of Europe).
    DayFirst,
    /// `05/03/2024` is 3 May (United States).
    MonthFirst,
    /// `2024-03-05`, `2024/03/05`, `20240305` (ISO and its relatives).
    YearFirst,
}

impl DateOrder {
    /// The snake_case name used in reports.
    pub fn key(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "day_first",
            DateOrder::MonthFirst => "month_first",
            DateOrder::YearFirst => "year_first",
        }
    }
}

/// Settings for one ingestion. Every field is optional: by default
/// everything is detected from the file.
///
/// ```
/// use segmento::ingest::{IngestOptions, Role};
/// let options: IngestOptions = serde_json::from_str(
///     r#"{"file_name": "ventes.csv", "as_of": "2024-12-31", "columns": {"amount": "Montant HT"}}"#,
/// ).unwrap();
/// assert_eq!(options.columns[&Role::Amount], "Montant HT");
/// assert!(serde_json::from_str::<IngestOptions>(r#"{"colums": {}}"#).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestOptions {
    /// The file name as the user knows it, used in error messages.
    pub file_name: Option<String>,
    /// The date at which recency is measured. Default: the last order date
    /// in the file. Rows dated after it are skipped (`date_after_as_of`).
    #[serde(deserialize_with = "crate::date_text::optional_iso")]
    pub as_of: Option<NaiveDate>,
    /// Role → header overrides, matched exactly (then ignoring case and
    /// accents). An empty header text means "do not use this role" (e.g.
    /// `"order_id": ""` for files with one row per product line).
    pub columns: BTreeMap<Role, String>,
    /// The file shape; `None` detects it.
    pub shape: Option<Shape>,
    /// The spreadsheet sheet to read; `None` reads the first non-empty one.
    pub sheet: Option<String>,
    /// The CSV delimiter; `None` detects it among `,` `;` tab `|`.
    pub delimiter: Option<char>,
    /// The decimal separator (`,` or `.`); `None` decides it per column.
    pub decimal_separator: Option<char>,
    /// The order of `05/03/2024`-style dates; `None` decides it per column.
    pub date_order: Option<DateOrder>,
    /// The text encoding (e.g. `windows-1252`, `utf-8`, `utf-16le`); `None` detects it.
    pub encoding: Option<String>,
}
