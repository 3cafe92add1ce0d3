//! Downloads: CSV (standard and French Excel dialects) and XLSX, written from
//! one generic [`Table`] of typed cells (or any [`Rows`] source). The page's
//! main wasm module packs a workbook's sheets ([`pack_sheets`]) for its
//! spreadsheet module, which writes the XLSX.

mod csv;
mod packed;
mod table;
mod xlsx;

pub use self::csv::{csv_bytes, csv_part, write_csv, CsvDialect};
pub use packed::{pack_sheets, unpack_sheets, PackedSheet};
pub use table::{Cell, Column, Rows, Table};
pub use xlsx::{write_xlsx, Sheet};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// Rows written before the rest of a large output is sized from them.
const SAMPLE_ROWS: usize = 1024;

/// Sizes `out` for the rows still to come once [`SAMPLE_ROWS`] of `total`
/// are written (those since `rows_start`), with an eighth to spare; does
/// nothing at any other count, or when the output is small.
///
/// Growing by doubling would leave, at the end, a buffer up to twice the
/// output's size, and briefly the old one beside it while it is copied; wasm
/// never gives that memory back. Customer rows are alike enough that the
/// first thousand tell the size of the rest; if they underestimate it, the
/// vector grows as usual from there.
fn reserve_for_rows(out: &mut Vec<u8>, rows_start: usize, rows_done: usize, total: usize) {
    if rows_done != SAMPLE_ROWS || total <= 2 * SAMPLE_ROWS {
        return;
    }
    let per_row = (out.len() - rows_start).div_ceil(rows_done);
    let rest = per_row * (total - rows_done);
    out.reserve_exact(rest + rest / 8);
}
