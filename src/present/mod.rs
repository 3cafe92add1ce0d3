//! What people see and download: the analyses of a [`Results`] turned into
//! charts, the HTML report, the CSV and XLSX exports and the page's customer
//! lists.
//!
//! Everything here reads the analysis outputs and formats them; nothing is
//! computed twice. The charts are drawn once ([`Results::charts`]) and the
//! same SVG goes into the page's DOM and the report; every number is
//! formatted by [`crate::format`], every string comes from [`crate::i18n`].
//!
//! | what | call |
//! |---|---|
//! | charts for the page | [`Results::charts`] → [`Charts`] |
//! | the report | [`Results::report_html`] |
//! | customers as CSV (all, or one group) | [`Results::customers_csv`], [`Results::customers_csv_in`] |
//! | the workbook | [`Results::customers_xlsx`] |
//! | the segment table as CSV | [`Results::segments_csv`] |
//! | one page of a customer list | [`Results::customer_page`] |
//!
//! [`Results`]: crate::pipeline::Results
//! [`Results::charts`]: crate::pipeline::Results::charts
//! [`Results::report_html`]: crate::pipeline::Results::report_html
//! [`Results::customers_csv`]: crate::pipeline::Results::customers_csv
//! [`Results::customers_csv_in`]: crate::pipeline::Results::customers_csv_in
//! [`Results::customers_xlsx`]: crate::pipeline::Results::customers_xlsx
//! [`Results::segments_csv`]: crate::pipeline::Results::segments_csv
//! [`Results::customer_page`]: crate::pipeline::Results::customer_page

mod campaign_readout;
mod charts;
mod comparison;
mod exports;
mod query;
mod report;
mod rows;
mod sections;
mod style;
mod tables;
mod words;

pub use charts::{Charts, CHART_ID_PREFIX};
pub use comparison::{MethodComparison, SnapshotComparison};
pub use exports::workbook_from_input;
pub use query::{
    fold, CellKind, CustomerFilter, CustomerPage, CustomerQuery, FilterKind, PageColumn,
    DEFAULT_PAGE_ROWS, MAX_PAGE_ROWS,
};
pub use report::report_html_from_input;
pub use rows::{tier_from_key, tier_key, tier_label, CustomerRows};
pub use style::{class_color, segment_color, tier_colors};
pub use words::{count_customers, share_of_customers, share_of_value};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
