//! RFM: recency, frequency and monetary scores, the combined code (`545`),
//! and eleven named segments with definitions and recommended actions.
//!
//! - [`scores`]: how cut points are chosen (quantiles or custom) and how a
//!   value becomes a score, ties included.
//! - [`segments`]: the segment table and the 125-code map, as data.
//! - [`grid`]: the R×F map for the classic picture.
//! - [`run`] ties them together and returns an [`Output`].

mod analysis;
pub mod grid;
mod params;
pub mod scores;
pub mod segments;

pub use analysis::{run, CustomerRfm, Output, SegmentOverride, SegmentSummary};
pub use grid::{Grid, GridCell};
pub use params::{CustomThresholds, Monetary, Params};
pub use scores::{Dimension, DimensionThresholds, ScoreBand, ThresholdSource, Thresholds};
pub use segments::{
    default_segment, parse_code, to_five_scale, MapRule, Segment, SegmentInfo, SegmentMap,
    DEFAULT_MAP_RULES, SEGMENTS,
};
