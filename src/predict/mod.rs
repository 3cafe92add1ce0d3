//! Prediction: BG/NBD purchase counts, Gamma-Gamma spend, CLV, holdout
//! check and predictive groups (issue 5).

pub mod bgnbd;
mod optimize;
pub mod special;
