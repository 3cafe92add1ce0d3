//! Downloads: CSV (standard and French Excel dialects) and XLSX, written from
//! one generic [`Table`] of typed cells (or any [`Rows`] source).

mod csv;
mod table;
mod xlsx;

pub use self::csv::{csv_bytes, write_csv, CsvDialect};
pub use table::{Cell, Column, Rows, Table};
pub use xlsx::{write_xlsx, Sheet};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
