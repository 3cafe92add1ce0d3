//! What ingestion tells about the file: the detected dialect, the columns
//! used, and an account of every data row.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::options::{Role, Shape};
use crate::customers::Customers;
use crate::labels::Note;

/// The result of a successful ingestion.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    /// The per-customer summary.
    pub customers: Customers,
    /// How the file was read.
    pub report: IngestReport,
}

/// How a file was read. It becomes the `input` and `rows` keys of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestReport {
    /// `csv`, `xlsx`, `xls` or `ods`.
    pub format: String,
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `windows-1252`, ... (for
    /// spreadsheets, `utf-8`: their text is Unicode by construction).
    pub encoding: String,
    /// `;`, `,`, `\t` or `|`; `None` for spreadsheets.
    pub delimiter: Option<String>,
    /// `,` or `.`: the decimal separator of the amount column.
    pub decimal_separator: String,
    /// `day_first`, `month_first` or `year_first` (the order date column).
    pub date_order: String,
    /// True when every date was ambiguous and day-first was assumed.
    pub date_order_assumed: bool,
    /// One row per order or per customer.
    pub shape: Shape,
    /// Role → header actually used.
    pub columns: BTreeMap<Role, String>,
    /// The account of every data row.
    pub rows: RowAccounting,
    /// Sentences about choices made and things worth knowing, in French and
    /// English (in `summary.json`: `{"key", "fr", "en"}` objects).
    pub notes: Vec<Note>,
}

/// Every data row is either used or skipped for one reason:
/// `read == used + sum(skipped)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RowAccounting {
    /// Data rows read (blank lines and the header are not data rows).
    pub read: u64,
    /// Rows that contributed to the summary.
    pub used: u64,
    /// Skipped rows per reason (only reasons that occurred).
    pub skipped: BTreeMap<SkipReason, u64>,
    /// Up to five examples per reason.
    pub examples: BTreeMap<SkipReason, Vec<RowExample>>,
}

impl RowAccounting {
    /// Total skipped rows.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// The error's text when none of the `read` rows could be used: the
    /// reasons in English with an example each (`{skips}`), and for the
    /// page each reason's key and count (`{reasons}`:
    /// `unparseable_date 3; missing_id 1`).
    pub(crate) fn none_used(&self, read: u64) -> crate::Text {
        use std::fmt::Write;
        let mut reasons = String::new();
        for (reason, count) in &self.skipped {
            let separator = if reasons.is_empty() { "" } else { "; " };
            let _ = write!(reasons, "{separator}{} {count}", reason.key());
        }
        crate::error_messages::ROWS_NONE_USED.with(&[
            ("count", &read),
            ("skips", &self.describe_skips()),
            ("reasons", &reasons),
        ])
    }

    /// One sentence summarising skipped rows, e.g.
    /// `3 unparseable date (e.g. line 4, column "Date", value "31/02/2024")`.
    pub fn describe_skips(&self) -> String {
        let parts: Vec<String> = self
            .skipped
            .iter()
            .map(|(reason, count)| {
                let example = self
                    .examples
                    .get(reason)
                    .and_then(|examples| examples.first())
                    .map(|example| format!(" (e.g. {example})"))
                    .unwrap_or_default();
                format!("{count} {}{example}", reason.describe())
            })
            .collect();
        parts.join("; ")
    }
}

/// Why a data row was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    /// The customer id cell is empty.
    MissingId,
    /// The date is empty or not a date.
    UnparseableDate,
    /// The amount is empty or not a number (or contradicts the column's
    /// decimal separator).
    UnparseableAmount,
    /// The order id was already seen on an earlier row.
    DuplicateOrder,
    /// The date is after the as-of date.
    DateAfterAsOf,
    /// Customer-level files: the customer id was already seen.
    DuplicateCustomer,
    /// Customer-level files: the order count is not a whole number ≥ 0.
    UnparseableOrderCount,
    /// Order files: a return (negative amount) of a customer who has no
    /// order in the file at all, so no purchase day to net it against.
    ReturnWithoutPurchase,
}

impl SkipReason {
    /// The snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            SkipReason::MissingId => "missing_id",
            SkipReason::UnparseableDate => "unparseable_date",
            SkipReason::UnparseableAmount => "unparseable_amount",
            SkipReason::DuplicateOrder => "duplicate_order",
            SkipReason::DateAfterAsOf => "date_after_as_of",
            SkipReason::DuplicateCustomer => "duplicate_customer",
            SkipReason::UnparseableOrderCount => "unparseable_order_count",
            SkipReason::ReturnWithoutPurchase => "return_without_purchase",
        }
    }

    /// A short English description (`missing customer id`, ...).
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::MissingId => "missing customer id",
            SkipReason::UnparseableDate => "unparseable date",
            SkipReason::UnparseableAmount => "unparseable amount",
            SkipReason::DuplicateOrder => "duplicate order",
            SkipReason::DateAfterAsOf => "date after the as-of date",
            SkipReason::DuplicateCustomer => "duplicate customer",
            SkipReason::UnparseableOrderCount => "unparseable order count",
            SkipReason::ReturnWithoutPurchase => "return without purchase",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One skipped row, as an example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowExample {
    /// 1-based line (CSV) or row (spreadsheet) number.
    pub line: u64,
    /// The header of the offending column.
    pub column: Option<String>,
    /// The raw value as found.
    pub value: String,
}

/// `line 4, column "Date", value "31/02/2024"`, quoted as a
/// [`Position`](crate::Position) is (a quote in a value escaped).
impl fmt::Display for RowExample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(column) = &self.column {
            write!(f, ", column {}", crate::error::quoted(column))?;
        }
        write!(f, ", value {}", crate::error::quoted(&self.value))
    }
}

/// What the mapping screen shows before the real ingestion: the detected
/// dialect, the headers, the guessed roles and the first rows as they would
/// be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    /// `csv`, `xlsx`, `xls` or `ods`.
    pub format: String,
    /// The detected (or given) encoding.
    pub encoding: String,
    /// The CSV delimiter; `None` for spreadsheets.
    pub delimiter: Option<String>,
    /// The decimal separator of the amount column.
    pub decimal_separator: String,
    /// `day_first`, `month_first` or `year_first`.
    pub date_order: String,
    /// True when the dates seen were all ambiguous and day-first was assumed.
    pub date_order_assumed: bool,
    /// Sheet names (spreadsheets only), in workbook order.
    pub sheets: Vec<String>,
    /// The sheet read (spreadsheets only).
    pub sheet: Option<String>,
    /// Every header, in file order.
    pub headers: Vec<String>,
    /// Role → header, guessed or given.
    pub columns: BTreeMap<Role, String>,
    /// Required roles that no column matched.
    pub missing: Vec<Role>,
    /// The detected (or given) shape.
    pub shape: Shape,
    /// The first data rows as they would be read.
    pub rows: Vec<PreviewRow>,
    /// The same notes ingestion would give, as far as the preview can tell.
    pub notes: Vec<Note>,
}

/// One data row of a [`Preview`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// 1-based line or spreadsheet row number.
    pub line: u64,
    /// Every mapped role's cell.
    pub cells: BTreeMap<Role, PreviewCell>,
}

/// One cell of a [`PreviewRow`]: the raw text, the value as it would be
/// read, or why it cannot be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewCell {
    /// The cell as found.
    pub raw: String,
    /// The value as read (absent when empty or unreadable).
    pub value: Option<CellValue>,
    /// Why the cell cannot be read, in plain English.
    pub error: Option<String>,
}

/// A value read from a cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CellValue {
    /// A number (amounts, margins, counts).
    Number(f64),
    /// A date (serialised as ISO `YYYY-MM-DD`).
    Date(NaiveDate),
    /// Text (ids, channels, attributes).
    Text(String),
}
