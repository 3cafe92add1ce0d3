//! Prediction (issue 5): BG/NBD purchase counts and Gamma-Gamma spend,
//! per-customer P(alive), expected purchases, expected spend and CLV, a
//! holdout check, predictive groups A, B, C…, and an empirical fallback.
//!
//! The analysis is [`run`]; [`forecast`] documents the method and its
//! choices (two fits with a holdout, CLV, margin rate), [`bgnbd`] and
//! [`gamma_gamma`] the models with their paper equations, [`empirical`] the
//! fallback, [`holdout`] and [`groups`] the checks and groups.
//!
//! ```
//! use segmento::predict::{self, Params, Status, TimeUnit};
//! use segmento::{Attributes, Customers, OwnedCustomer, OwnedCustomers, Purchase};
//! use chrono::NaiveDate;
//!
//! let day = |d: i64| NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(d);
//! let customer = |id: &str, days: &[i64]| {
//!     let history: Vec<Purchase> =
//!         days.iter().map(|&d| Purchase { date: day(d), revenue: 50.0, margin: 20.0, orders: 1 }).collect();
//!     OwnedCustomer {
//!         id: id.into(),
//!         first_purchase: history[0].date,
//!         last_purchase: history[history.len() - 1].date,
//!         frequency: history.len() as u32,
//!         orders: history.len() as u32,
//!         revenue: 50.0 * days.len() as f64,
//!         margin: 20.0 * days.len() as f64,
//!         first_channel: None,
//!         last_channel: None,
//!         attributes: Attributes::default(),
//!         history,
//!     }
//! };
//! let customers = Customers::from_owned(OwnedCustomers {
//!     as_of: day(365),
//!     customers: vec![customer("a", &[0, 40, 200]), customer("b", &[100]), customer("c", &[30, 300])],
//!     prospects: vec![],
//!     has_margin: true,
//!     has_channel: false,
//!     has_history: true,
//!     first_purchase_known: true,
//! });
//! // Three customers are far too few for the model: the forecast falls back
//! // to observed rates per segment and says why, in French and English.
//! let segments = ["loyal", "new", "loyal"];
//! let out = predict::run(&customers, &Params::default(), Some(&segments)).unwrap();
//! assert!(matches!(out.status, Status::Fallback { .. }));
//! assert!(out.bgnbd.is_none());
//! assert_eq!(out.customers.len(), 3);
//! assert_eq!(out.time_unit, TimeUnit::Week);
//! assert!((out.margin_rate - 0.4).abs() < 1e-12); // observed margin / revenue
//! ```

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
    run, BgNbdSummary, CustomerPrediction, GammaGammaSummary, MarginRateSource,
    NewCustomerForecast, Output, Params, SpendSource, Status, TimeUnit, Totals,
};
pub use groups::{Group, GroupLabel, GroupParams, GroupSize, Ranking};
pub use holdout::{FrequencyRow, Holdout, TrackingPoint};
pub use text::Message;
