//! Downloads: CSV (standard and French Excel dialects) and XLSX, written from
//! one generic [`Table`] of typed cells (or any [`Rows`] source). The page's
//! main wasm module packs a workbook's sheets ([`pack_sheets`]) for its
//! spreadsheet module, which writes the XLSX.

mod csv;
mod packed;
mod table;
mod xlsx;

pub use self::csv::{csv_bytes, write_csv, CsvDialect};
pub use packed::{pack_sheets, unpack_sheets, PackedSheet};
pub use table::{Cell, Column, Rows, Table};
pub use xlsx::{write_xlsx, Sheet};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
