//! Prediction (issue 5): BG/NBD purchase counts and Gamma-Gamma spend,
//! per-customer P(alive), expected purchases, expected spend and CLV, a
//! holdout check, predictive groups A, B, C…, and the empirical fallback.
//!
//! The analysis is [`run`]; see [`forecast`] for the method and its choices.

pub mod bgnbd;
pub mod empirical;
pub mod forecast;
pub mod gamma_gamma;
pub mod groups;
pub mod holdout;
mod optimize;
pub mod special;
pub mod text;

pub use forecast::{
    run, BgNbdSummary, CustomerPrediction, GammaGammaSummary, MarginRateSource, Output, Params,
    SpendSource, Status, TimeUnit, Totals,
};
pub use groups::{Group, GroupLabel, GroupParams, GroupSize, Ranking};
pub use holdout::{FrequencyRow, Holdout, TrackingPoint};
pub use text::Message;
