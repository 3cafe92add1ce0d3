//! Ingestion: the core's front door.
//!
//! Bytes in (CSV in any common dialect, `.xlsx`, `.xls`, `.ods`), a
//! per-customer summary ([`Customers`](crate::Customers)) and an account of
//! every row ([`IngestReport`]) out. [`Ingestor`] is a chunked state machine
//! (`push` … `finish`) so a browser can stream a large file through it;
//! memory grows with the number of customers, not rows.

mod csv;
mod date;
mod daylog;
mod decode;
mod engine;
mod ingestor;
mod intern;
mod notes;
pub(crate) mod number;
mod options;
mod preview;
mod report;
mod roles;
mod spreadsheet;
mod text;

pub(crate) use decode::{decode_whole, encode_windows_1252};
pub use ingestor::{ingest_bytes, ingest_reader, Ingestor};
pub use options::{DateOrder, IngestOptions, Role, Shape};
pub use preview::preview;
pub use report::{
    CellValue, IngestReport, Ingested, Preview, PreviewCell, PreviewRow, RowAccounting, RowExample,
    SkipReason,
};
pub use roles::{guess_roles, normalize_header};
pub use text::reads_encoding;
