//! segmento: customer segmentation that runs on the visitor's own machine.
//!
//! The core reads bytes (never paths), builds a per-customer summary
//! ([`Customers`]) and runs analyses on it. Two thin front ends sit on top:
//! the native CLI (`src/main.rs`) and the browser boundary (`src/wasm.rs`).

pub mod campaign;
pub mod cross;
pub mod customers;
pub mod error;
pub mod predict;

pub use customers::{Attributes, Customer, Customers, Prospect, Purchase};
pub use error::{Error, ErrorKind, Position, Result};
