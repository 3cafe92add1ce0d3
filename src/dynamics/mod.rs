//! Dynamic segmentation (issue 6): how customers move between segments over
//! time, how long they stay, and whether campaigns pay against a control.
//!
//! - [`migrations`]: the from-segment × to-segment matrix between two dates,
//!   new and lost customers, net flows along the value ladder, headlines;
//! - [`snapshot`]: the versioned JSON snapshot of segment assignments that
//!   lets next month's file be compared without the old orders;
//! - [`survival`]: lapse, lifetimes, Kaplan-Meier curves by first channel,
//!   the log-rank test and the inactivity-threshold suggestion, on top of
//!   the estimator in [`kaplan_meier`];
//! - [`cohorts`]: the acquisition-cohort retention table;
//! - [`control`]: the seeded, segment-stratified control-group draw;
//! - [`uplift`]: the after-campaign readout of target versus control;
//! - [`campaign_list`]: reading a campaign list (or response file) back.

mod format;

pub mod campaign_list;
pub mod cohorts;
pub mod control;
pub mod kaplan_meier;
pub mod migrations;
pub mod snapshot;
pub mod survival;
pub mod uplift;
