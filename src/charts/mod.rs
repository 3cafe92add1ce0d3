//! Charts drawn once, in Rust, as SVG strings: inserted into the page's DOM
//! and inlined in the HTML report.
//!
//! Every chart is a plain struct of labels and numbers with a `to_svg()`
//! method. The output is deterministic (same input, byte-identical SVG),
//! scales to its container (`viewBox`, `width:100%`), carries an accessible
//! name (`role="img"`, `<title>`, `<desc>`), uses colour-blind-safe colours
//! written inline (so printing keeps them), and escapes every text.
//!
//! - [`Heatmap`]: the R×F map, migration matrices, cohort retention tables;
//! - [`LineChart`]: Pareto/Lorenz curves, Kaplan-Meier steps with bands,
//!   predicted-vs-actual tracking;
//! - [`BarChart`]: tiers, segments, groups predicted vs actual;
//! - [`FlowDiagram`]: migrations between two dates;
//! - [`IntervalChart`]: estimates with confidence intervals (campaign uplift).

mod axis;
mod bar;
mod flow;
mod heatmap;
mod interval;
mod line;
pub mod palette;
mod svg;

pub use axis::{Axis, ValueFormat};
pub use bar::{BarChart, BarSeries, Orientation};
pub use flow::{Flow, FlowDiagram, FlowNode};
pub use heatmap::{HeatCell, Heatmap};
pub use interval::{IntervalChart, IntervalRow};
pub use line::{BandPoint, Interpolation, LineChart, ReferenceLine, Series};
pub use palette::Rgb;
pub use svg::{ChartMeta, LegendItem, Svg};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
