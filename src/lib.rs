//! segmento: customer segmentation that runs on the visitor's own machine.
//!
//! The core reads bytes (never paths), builds a per-customer summary
//! ([`Customers`]) and runs analyses on it. Two thin front ends sit on top:
//! the native CLI (`src/main.rs`) and the browser boundary (`src/wasm.rs`).

// Every public item is documented: clippy runs with `-D warnings` (make
// lint), which turns this warning into an error.
#![warn(missing_docs)]

pub mod campaign;
pub mod cross;
pub mod customers;
pub mod date_text;
pub mod dynamics;
pub mod error;
pub mod error_messages;
pub mod generate;
pub mod ingest;
pub mod trap_watch;

// Output layer: charts, exports, the HTML report, and their strings.
pub mod charts;
pub mod export;
pub mod format;
pub mod i18n;
pub mod markup;
pub mod report;

pub mod followup;
pub mod pipeline;
pub mod predict;
// What people see and download: charts, report, exports, customer lists.
pub mod present;
mod sorting;

// The browser boundary (wasm-bindgen adapters), compiled for wasm32 only,
// and not when `xlsx/` links the core into the spreadsheet module.
#[cfg(all(target_arch = "wasm32", feature = "page-boundary"))]
pub mod wasm;

pub use customers::{
    Attribute, Attributes, ChannelId, Customer, Customers, OwnedCustomer, OwnedCustomers,
    OwnedProspect, Prospect, Purchase,
};
pub use error::{Error, ErrorKind, Position, Result, Text};
pub use i18n::Language;

// Segmentation (issue 3).
pub mod abc;
pub mod labels;
pub mod points;
pub mod quantiles;
pub mod rfm;
pub mod segment_keys;
