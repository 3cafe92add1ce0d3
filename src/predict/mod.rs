//! Prediction: BG/NBD purchase counts, Gamma-Gamma spend, CLV, holdout
//! check and predictive groups (issue 5).

pub mod bgnbd;
pub mod gamma_gamma;
mod optimize;
pub mod special;
