//! The self-contained HTML report, shared by the CLI and the page.
//!
//! A report is a [`Document`] (title, file, timestamp, settings) made of
//! [`Section`]s, each a heading, a plain-words explanation and [`Block`]s: key
//! figures, tables, charts, callouts, definitions and "what to do next" cards.
//! [`Document::to_html`] writes one HTML file with inline CSS (A4 print
//! layout included) and inline SVG, no script and no external resource; every
//! value from the data is escaped.

mod html;
mod model;

pub use model::{Block, Callout, DataTable, Document, Figure, Kpi, NextStep, Section, Tone};

#[cfg(test)]
mod tests;
