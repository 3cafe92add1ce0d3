//! The prediction analysis: fit BG/NBD and Gamma-Gamma on the file, forecast
//! every customer over the horizon, cut predictive groups, and check the
//! forecast on a holdout period.
//!
//! # Two fits with a holdout
//! With `calibration_end` set, the models are fitted twice:
//! - a **calibration fit** on the purchases up to `calibration_end` (the
//!   customers as [`Customers::as_of_date`] would give them), which predicts
//!   the holdout period (`calibration_end`, `as_of`] and is compared with
//!   what actually happened there ([`Output::holdout`]);
//! - a **full fit** on all purchases up to `as_of`, which gives the
//!   parameters reported in `bgnbd` / `gamma_gamma`, the per-customer
//!   forecasts of the export and the predictive groups: the forecasts a
//!   user acts on use all the data.
//!
//! # Per customer
//! With the BG/NBD fitted (time unit u days, horizon H units):
//! - `p_alive`: note 021 eq. (1); `expected_purchases`: FHL eq. (10) at t = H;
//! - `probability_of_purchase`: P(at least one purchase in H), see
//!   [`BgNbdParams::probability_of_purchase`];
//! - `expected_avg_spend`: Gamma-Gamma E[M | x, m̄] (note 025 eq. (5)), where
//!   x is the number of repeat purchase days and m̄ their mean revenue (the
//!   first purchase is left out, as in FHL 2005 "RFM and CLV" and lifetimes),
//!   or the population mean p v/(q−1) for a customer without repeat spend;
//!   the customer's own revenue per purchase day when the spend model is not
//!   usable;
//! - `clv`: margin over the horizon, discounted monthly (below).
//!
//! # CLV
//! The horizon is cut into months of 365.25/12 days (the last one possibly
//! shorter), t₀ = 0 < t₁ < … < t_K = H. The purchases expected in month k,
//! E[Y(t_k)] − E[Y(t_{k−1})], are valued at the expected spend and margin
//! rate and discounted to today at the end of the month:
//! CLV = m × E[M] × Σ_k (E[Y(t_k)] − E[Y(t_{k−1})]) / (1 + d)^(t_k in years),
//! with d the annual discount rate. This is lifetimes'
//! `customer_lifetime_value` with monthly steps, but with an annual rate
//! compounded to the exact step times and a final partial month.
//!
//! # Margin rate
//! `margin_rate` when set; otherwise the file's margin / revenue when it has
//! a margin column (and positive revenue); otherwise `default_margin_rate`
//! (0.30, a typical gross margin in French retail; set your own).

use super::bgnbd::{self, BgNbdData, BgNbdFit, BgNbdParams, Observation};
use super::empirical::{self, SegmentRate};
use super::gamma_gamma::{self, GammaGammaData, GammaGammaFit};
use super::groups::{self, Actual, Forecast, Group, GroupLabel, GroupParams};
use super::holdout::{self, Holdout};
use super::text::{format_en, format_fr, Message};
use crate::customers::{Customer, Customers, Purchase, PurchaseDays};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Days in a month (365.25 / 12).
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// The model's time unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// One day.
    Day,
    /// Seven days.
    Week,
    /// 365.25 / 12 days.
    Month,
}

impl TimeUnit {
    /// Length of the unit in days.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Day => 1.0,
            TimeUnit::Week => 7.0,
            TimeUnit::Month => DAYS_PER_MONTH,
        }
    }
}

/// Prediction settings (`predict` in the config).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Time unit of the model; default week.
    pub time_unit: TimeUnit,
    /// Forecast horizon in time units; default 52 (weeks).
    pub horizon: f64,
    /// End of the calibration period for the holdout check; none by default.
    #[serde(deserialize_with = "crate::date_text::optional_iso")]
    pub calibration_end: Option<NaiveDate>,
    /// Annual discount rate of the CLV; default 0.10.
    pub annual_discount_rate: f64,
    /// Margin rate applied to revenue; default: observed (see module docs).
    pub margin_rate: Option<f64>,
    /// Margin rate when neither `margin_rate` nor a margin column is given; default 0.30.
    pub default_margin_rate: f64,
    /// L2 penalty λ on the parameters (objective −LL/N + λ Σ θ², lifetimes'
    /// `penalizer_coef`); default 0.
    pub l2_penalty: f64,
    /// Fewest customers with a repeat purchase to fit the models; default 100.
    pub min_repeat_customers: u32,
    /// |Pearson r| between frequency and average spend above which the
    /// Gamma-Gamma independence assumption is flagged; default 0.3.
    pub spend_correlation_warning: f64,
    /// Predictive groups.
    pub groups: GroupParams,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            time_unit: TimeUnit::Week,
            horizon: 52.0,
            calibration_end: None,
            annual_discount_rate: 0.10,
            margin_rate: None,
            default_margin_rate: 0.30,
            l2_penalty: 0.0,
            min_repeat_customers: 100,
            spend_correlation_warning: 0.3,
            groups: GroupParams::default(),
        }
    }
}

impl Params {
    /// Check every setting.
    pub fn validate(&self) -> Result<()> {
        let horizon_days = self.horizon * self.time_unit.days();
        if !(self.horizon.is_finite() && self.horizon > 0.0) || horizon_days > 36525.0 {
            return Err(Error::invalid_params(
                "predict.horizon",
                crate::error_messages::HORIZON_RANGE,
            ));
        }
        if !(self.annual_discount_rate.is_finite() && self.annual_discount_rate > -1.0) {
            return Err(Error::invalid_params(
                "predict.annual_discount_rate",
                crate::error_messages::NUMBER_ABOVE_MINUS_ONE,
            ));
        }
        if let Some(m) = self.margin_rate {
            if !(-1.0..=1.0).contains(&m) {
                return Err(Error::invalid_params(
                    "predict.margin_rate",
                    crate::error_messages::BETWEEN.with(&[("min", &-1), ("max", &1)]),
                ));
            }
        }
        if !(-1.0..=1.0).contains(&self.default_margin_rate) {
            return Err(Error::invalid_params(
                "predict.default_margin_rate",
                crate::error_messages::BETWEEN.with(&[("min", &-1), ("max", &1)]),
            ));
        }
        if !(self.l2_penalty.is_finite() && self.l2_penalty >= 0.0) {
            return Err(Error::invalid_params(
                "predict.l2_penalty",
                crate::error_messages::ZERO_OR_POSITIVE,
            ));
        }
        if self.min_repeat_customers < 2 {
            return Err(Error::invalid_params(
                "predict.min_repeat_customers",
                crate::error_messages::AT_LEAST.with(&[("min", &2)]),
            ));
        }
        if !(0.0..=1.0).contains(&self.spend_correlation_warning) {
            return Err(Error::invalid_params(
                "predict.spend_correlation_warning",
                crate::error_messages::BETWEEN.with(&[("min", &0), ("max", &1)]),
            ));
        }
        self.groups.validate()
    }
}

/// Whether the forecasts come from the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Status {
    /// BG/NBD fitted and converged.
    Fitted,
    /// No usable fit: forecasts are observed rates per RFM segment.
    Fallback {
        /// Why, in French.
        reason_fr: String,
        /// Why, in English.
        reason_en: String,
    },
}

/// The BG/NBD estimates as reported (only for a converged fit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BgNbdSummary {
    /// Shape of the purchase-rate Gamma.
    pub r: f64,
    /// Scale of the purchase-rate Gamma (time units).
    pub alpha: f64,
    /// Dropout Beta, first shape.
    pub a: f64,
    /// Dropout Beta, second shape.
    pub b: f64,
    /// Log-likelihood (FHL eq. (6)).
    pub log_likelihood: f64,
    /// Always true here (a failed fit is never reported).
    pub converged: bool,
    /// Newton iterations on the exact data.
    pub iterations: u64,
    /// Newton iterations of the warm start on binned data.
    pub warm_start_iterations: u64,
    /// Standard errors of r, α, a, b (inverse observed information).
    pub std_errors: Option<BgNbdParams>,
    /// Customers in the fit.
    pub customers: usize,
    /// Customers with at least one repeat purchase.
    pub repeat_customers: usize,
    /// Distinct (x, t_x, T) histories.
    pub distinct_histories: usize,
}

impl BgNbdSummary {
    pub(crate) fn from_fit(fit: &BgNbdFit) -> Self {
        BgNbdSummary {
            r: fit.params.r,
            alpha: fit.params.alpha,
            a: fit.params.a,
            b: fit.params.b,
            log_likelihood: fit.log_likelihood,
            converged: fit.converged,
            iterations: fit.iterations,
            warm_start_iterations: fit.warm_start_iterations,
            std_errors: fit.std_errors,
            customers: fit.customers.round() as usize,
            repeat_customers: fit.repeat_customers.round() as usize,
            distinct_histories: fit.distinct_histories,
        }
    }

    /// The parameters as a [`BgNbdParams`].
    pub fn params(&self) -> BgNbdParams {
        BgNbdParams {
            r: self.r,
            alpha: self.alpha,
            a: self.a,
            b: self.b,
        }
    }
}

/// The Gamma-Gamma estimates as reported (only for a converged fit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaSummary {
    /// Shape of a purchase amount's Gamma.
    pub p: f64,
    /// Shape of ν's Gamma across customers.
    pub q: f64,
    /// Scale of ν's Gamma across customers.
    pub v: f64,
    /// Log-likelihood (note 025 eq. (1a)).
    pub log_likelihood: f64,
    /// Always true here.
    pub converged: bool,
    /// Newton iterations.
    pub iterations: u64,
    /// Standard errors of p, q, v.
    pub std_errors: Option<gamma_gamma::GammaGammaParams>,
    /// Customers in the fit (repeat purchases with positive average spend).
    pub customers: usize,
    /// Pearson correlation between repeat purchases and average spend.
    pub freq_spend_correlation: Option<f64>,
    /// Set when |correlation| exceeds `spend_correlation_warning`.
    pub independence_warning: Option<Message>,
}

/// Where `expected_avg_spend` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpendSource {
    /// Gamma-Gamma conditional expectation.
    GammaGamma,
    /// Each customer's observed revenue per purchase day.
    ObservedAverage,
}

/// Where the margin rate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarginRateSource {
    /// `predict.margin_rate`.
    Setting,
    /// Margin / revenue of the file.
    Observed,
    /// `predict.default_margin_rate`.
    Default,
}

/// Totals over all customers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Totals {
    /// Customers forecast.
    pub customers: usize,
    /// Σ P(at least one purchase in the horizon).
    pub expected_buyers: f64,
    /// Σ expected purchases.
    pub expected_purchases: f64,
    /// Σ expected purchases × expected spend.
    pub expected_revenue: f64,
    /// Expected revenue × margin rate.
    pub expected_margin: f64,
    /// Σ CLV.
    pub clv: f64,
}

/// One customer's forecast (export columns).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CustomerPrediction {
    /// P(alive), NaN when the forecast is the empirical fallback (see
    /// [`CustomerPrediction::p_alive`]): an `Option` would take 8 bytes
    /// more per customer, 20 MB at 10M rows.
    p_alive: f64,
    /// Expected purchase days over the horizon.
    pub expected_purchases: f64,
    /// P(at least one purchase over the horizon).
    pub probability_of_purchase: f64,
    /// Expected spend per purchase.
    pub expected_avg_spend: f64,
    /// Discounted expected margin over the horizon.
    pub clv: f64,
    /// Predictive group ("A" = best; `to_string()` gives the letters).
    pub predictive_group: GroupLabel,
}

impl CustomerPrediction {
    /// P(alive) (none when the forecast is the empirical fallback).
    pub fn p_alive(&self) -> Option<f64> {
        (!self.p_alive.is_nan()).then_some(self.p_alive)
    }
}

/// Field by field, a missing P(alive) equal to a missing one (NaN is not
/// equal to itself).
impl PartialEq for CustomerPrediction {
    fn eq(&self, other: &Self) -> bool {
        // Destructured, so that a new field cannot be left out here.
        let CustomerPrediction {
            p_alive: _,
            expected_purchases,
            probability_of_purchase,
            expected_avg_spend,
            clv,
            predictive_group,
        } = self;
        self.p_alive() == other.p_alive()
            && *expected_purchases == other.expected_purchases
            && *probability_of_purchase == other.probability_of_purchase
            && *expected_avg_spend == other.expected_avg_spend
            && *clv == other.clv
            && *predictive_group == other.predictive_group
    }
}

/// The forecast of a customer who has not bought yet (a prospect), as if
/// acquired today.
///
/// BG/NBD describes customers from their first purchase on; a prospect has
/// none, so whether and when it converts is unknown. Its potential is taken
/// as that of a customer acquired at the analysis date: the repeat
/// purchases a new customer makes over the horizon, E[X(t)] of FHL eq. (9)
/// (x = 0, T = 0, P(alive) = 1), valued at the population mean spend
/// (Gamma-Gamma p v/(q−1), or the mean observed spend without that model)
/// and the margin rate, and discounted monthly like every CLV. The
/// acquisition purchase itself is not counted (it may never happen), so
/// the figure is a prudent potential, directly comparable with customers'
/// CLVs: [`crate::cross`] places prospects in A', B' or C' by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCustomerForecast {
    /// E[X(H)]: repeat purchases over the horizon, FHL eq. (9).
    pub expected_purchases: f64,
    /// Population mean spend per purchase.
    pub expected_avg_spend: f64,
    /// Discounted margin over the horizon.
    pub clv: f64,
}

/// The prediction results (`predict` in summary.json).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// Time unit of the model.
    pub time_unit: TimeUnit,
    /// Horizon in time units.
    pub horizon: f64,
    /// Date the forecasts start from.
    pub as_of: NaiveDate,
    /// Fitted, or fallback with the reason.
    pub status: Status,
    /// BG/NBD estimates (none on fallback).
    pub bgnbd: Option<BgNbdSummary>,
    /// Gamma-Gamma estimates (none when not fitted or not usable).
    pub gamma_gamma: Option<GammaGammaSummary>,
    /// Source of the expected spend.
    pub spend_source: SpendSource,
    /// Margin rate used.
    pub margin_rate: f64,
    /// Where the margin rate comes from.
    pub margin_rate_source: MarginRateSource,
    /// Annual discount rate used.
    pub annual_discount_rate: f64,
    /// Observed rates per segment used on fallback.
    pub fallback_rates: Option<Vec<SegmentRate>>,
    /// Totals over all customers.
    pub totals: Totals,
    /// Holdout check (with `calibration_end`).
    pub holdout: Option<Holdout>,
    /// Predictive groups over the horizon (forecast only; the holdout has
    /// its own groups with actual figures).
    pub groups: Vec<Group>,
    /// A new customer's forecast, the potential of prospects (none on
    /// fallback: without a model there is no rate for someone who never
    /// bought).
    pub new_customer: Option<NewCustomerForecast>,
    /// Things the user should know (fr/en).
    pub warnings: Vec<Message>,
    /// Per customer, index-aligned with `Customers::customers`.
    #[serde(skip)]
    pub customers: Vec<CustomerPrediction>,
}

impl Output {
    /// P(at least one purchase within `window_days` days after `as_of`) for
    /// every customer, from the fitted BG/NBD; `None` on fallback. Used by
    /// the campaign economics for the response rate.
    pub fn purchase_probabilities(
        &self,
        customers: &Customers,
        window_days: f64,
    ) -> Option<Vec<f64>> {
        let summary = self
            .bgnbd
            .as_ref()
            .filter(|_| self.status == Status::Fitted)?;
        let params = summary.params();
        let unit = self.time_unit.days();
        let t = window_days / unit;
        // (x, t_x, T) at the as-of date, as `Histories::at` finds them,
        // without its pass over every purchase for the spend.
        Some(
            customers
                .customers
                .iter()
                .map(|c| {
                    let (x, tx, age) = Histories::summary_days(c, customers.as_of);
                    let observation = Observation {
                        x,
                        t_x: tx as f64 / unit,
                        age: age as f64 / unit,
                    };
                    params.probability_of_purchase(observation, t)
                })
                .collect(),
        )
    }
}

/// Customers' (x, t_x, T) in days and their spend summaries at one date.
#[derive(Debug, Clone, Default)]
pub(crate) struct Histories {
    /// Index of the customer in `Customers::customers`.
    pub index: Vec<u32>,
    pub x: Vec<u32>,
    pub tx_days: Vec<u32>,
    pub age_days: Vec<u32>,
    /// Repeat purchase days and their mean revenue (Gamma-Gamma input).
    pub spend_x: Vec<u32>,
    pub spend_mean: Vec<f64>,
    /// Revenue per purchase day (observed average spend).
    pub average_spend: Vec<f64>,
}

const MAX_DAYS: i64 = (1 << 21) - 1;

/// The repeat purchase days of a history (its purchase days after the
/// first) and their mean net revenue, the Gamma-Gamma input: the revenue
/// of every day after the first purchase day, returns netted in (a return
/// cannot be matched to the order it refunds), over the repeat purchase
/// days. `(0, 0.0)` without a repeat purchase.
fn repeat_spend(history: &[Purchase]) -> (u32, f64) {
    let Some(first) = history.iter().position(Purchase::is_purchase) else {
        return (0, 0.0);
    };
    let after = &history[first + 1..];
    let repeat_days = after.iter().filter(|p| p.is_purchase()).count() as u32;
    if repeat_days == 0 {
        return (0, 0.0);
    }
    let revenue: f64 = after.iter().map(|p| p.revenue).sum();
    (repeat_days, revenue / f64::from(repeat_days))
}

fn clamp_days(days: i64) -> u32 {
    days.clamp(0, MAX_DAYS) as u32
}

impl Histories {
    /// Every buying customer as of `customers.as_of` when `date` is it
    /// (summary fields, histories optional), else as of an earlier `date`
    /// (from the per-day histories, as `Customers::as_of_date` does).
    pub fn at(customers: &Customers, date: NaiveDate) -> Result<Self> {
        let n = customers.customers.len();
        let mut h = Histories {
            index: Vec::with_capacity(n),
            x: Vec::with_capacity(n),
            tx_days: Vec::with_capacity(n),
            age_days: Vec::with_capacity(n),
            spend_x: Vec::with_capacity(n),
            spend_mean: Vec::with_capacity(n),
            average_spend: Vec::with_capacity(n),
        };
        if date >= customers.as_of {
            for (i, c) in customers.customers.iter().enumerate() {
                h.push_summary(i, c, customers);
            }
            return Ok(h);
        }
        if !customers.has_history {
            return Err(Error::analysis(
                "a calibration date needs per-purchase histories",
            ));
        }
        for (i, c) in customers.customers.iter().enumerate() {
            let kept = customers.history_through(c, date);
            // Purchase days only (a return-only day is no purchase, see
            // `Purchase`): a customer with none by `date` is not one yet.
            let Some(days) = PurchaseDays::of(kept) else {
                continue;
            };
            let tx = clamp_days((days.last - days.first).num_days());
            h.index.push(i as u32);
            h.x.push(days.frequency - 1);
            h.tx_days.push(tx);
            h.age_days
                .push(clamp_days((date - days.first).num_days()).max(tx));
            let revenue: f64 = kept.iter().map(|p| p.revenue).sum();
            h.average_spend.push(revenue / f64::from(days.frequency));
            let (repeat_days, repeat_mean) = repeat_spend(kept);
            h.spend_x.push(repeat_days);
            h.spend_mean.push(repeat_mean);
        }
        Ok(h)
    }

    /// A customer's (x, t_x, T), in days, from the summary fields alone.
    fn summary_days(c: &Customer, as_of: NaiveDate) -> (u32, u32, u32) {
        let tx = clamp_days((c.last_purchase - c.first_purchase).num_days());
        let age = clamp_days((as_of - c.first_purchase).num_days()).max(tx);
        (c.frequency.max(1) - 1, tx, age)
    }

    fn push_summary(&mut self, i: usize, c: &Customer, customers: &Customers) {
        let (x, tx, age) = Self::summary_days(c, customers.as_of);
        let history = customers.history(c);
        let frequency = x + 1;
        self.index.push(i as u32);
        self.x.push(x);
        self.tx_days.push(tx);
        self.age_days.push(age);
        self.average_spend.push(c.revenue / frequency as f64);
        if !history.is_empty() {
            let (repeat_days, repeat_mean) = repeat_spend(history);
            self.spend_x.push(repeat_days);
            self.spend_mean.push(repeat_mean);
        } else if frequency >= 2 {
            // No per-day history: the overall average stands for the repeat one.
            self.spend_x.push(frequency - 1);
            self.spend_mean.push(c.revenue / frequency as f64);
        } else {
            self.spend_x.push(0);
            self.spend_mean.push(0.0);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.x.len()
    }

    /// Free the spend columns, read by [`spend_forecasts`] only: the
    /// BG/NBD fit and forecasts need (x, t_x, T) alone.
    fn drop_spend(&mut self) {
        self.spend_x = Vec::new();
        self.spend_mean = Vec::new();
        self.average_spend = Vec::new();
    }

    fn repeat_customers(&self) -> usize {
        self.x.iter().filter(|&&x| x > 0).count()
    }
}

/// One customer's forecast over the horizon: the BG/NBD model's, or the
/// observed rates' of their segment (P(alive) unknown then: NaN).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ModelForecast {
    pub p_alive: f64,
    pub purchases: f64,
    pub buy_probability: f64,
    /// Σ_k (E[Y(t_k)] − E[Y(t_{k−1})]) discount_k: discounted purchases.
    pub discounted_purchases: f64,
}

impl ModelForecast {
    /// The customer's prediction, given their expected spend per purchase
    /// (the predictive group is set later, from every customer's).
    fn prediction(&self, spend: f64, margin_rate: f64) -> CustomerPrediction {
        CustomerPrediction {
            p_alive: self.p_alive,
            expected_purchases: self.purchases,
            probability_of_purchase: self.buy_probability,
            expected_avg_spend: spend,
            clv: margin_rate * spend * self.discounted_purchases,
            predictive_group: GroupLabel::default(),
        }
    }
}

/// Month-end steps of the CLV: (time in units, discount factor).
pub(crate) fn clv_steps(
    unit_days: f64,
    horizon: f64,
    annual_discount_rate: f64,
) -> Vec<(f64, f64)> {
    let month = DAYS_PER_MONTH / unit_days;
    let mut steps = Vec::new();
    let mut k = 1.0;
    loop {
        let t = (k * month).min(horizon);
        let years = t * unit_days / 365.25;
        steps.push((t, (1.0 + annual_discount_rate).powf(-years)));
        // Stop at the horizon (with a tolerance for k·month ≈ H).
        if t >= horizon || horizon - t < 1e-9 * horizon {
            if let Some(last) = steps.last_mut() {
                last.0 = horizon;
            }
            break;
        }
        k += 1.0;
    }
    steps
}

/// One customer's CLV as [`run`] computes it (module docs, "CLV"):
/// margin_rate × spend × Σ_k (E[Y(t_k)] − E[Y(t_{k−1})]) / (1 + d)^(t_k in years),
/// over month-end steps up to `horizon` time units of `unit_days` days.
///
/// ```
/// use segmento::predict::bgnbd::{BgNbdParams, Observation};
/// use segmento::predict::forecast::clv;
/// let params = BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/// let customer = Observation { x: 2, t_x: 30.43, age: 38.86 };
/// let value = clv(&params, customer, 24.66, 0.3, 7.0, 52.0, 0.10).unwrap();
/// assert!(value > 0.0 && value < 0.3 * 24.66 * params.expected_purchases(customer, 52.0).unwrap());
/// ```
pub fn clv(
    params: &BgNbdParams,
    customer: Observation,
    spend: f64,
    margin_rate: f64,
    unit_days: f64,
    horizon: f64,
    annual_discount_rate: f64,
) -> Result<f64> {
    let p_alive = params.p_alive(customer);
    let mut previous = 0.0;
    let mut discounted = 0.0;
    for (t, discount) in clv_steps(unit_days, horizon, annual_discount_rate) {
        let f = p_alive * params.future_purchase_factor(customer.x, customer.age, t)?;
        discounted += (f - previous) * discount;
        previous = f;
    }
    Ok(margin_rate * spend * discounted)
}

/// BG/NBD forecasts at the steps (the last step is the horizon), computed
/// once per distinct (x, T) and then handed to `each`, customer after
/// customer, with P(alive): the caller keeps what it needs of them, so no
/// table of forecasts sits beside its own (98 MB at 10M rows). On an error,
/// `each` has not been called.
pub(crate) fn model_forecasts(
    params: &BgNbdParams,
    h: &Histories,
    unit_days: f64,
    steps: &[(f64, f64)],
    mut each: impl FnMut(ModelForecast),
) -> Result<()> {
    let BgNbdParams { r, alpha, a, b } = *params;
    // ln(α + d/u) for every day d observed.
    let max_day = h.age_days.iter().copied().max().unwrap_or(0) as usize;
    let ln_alpha_plus: Vec<f64> = (0..=max_day)
        .map(|d| (alpha + d as f64 / unit_days).ln())
        .collect();
    let max_x = h.x.iter().copied().max().unwrap_or(0) as usize;
    let ln_dropout: Vec<f64> = (0..=max_x)
        .map(|x| a.ln() - (b + x as f64 - 1.0).ln())
        .collect();

    // Distinct (x, T) pairs in first-seen order: a dense (x, day) index when
    // it is small (the usual case), a hash map otherwise.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut customer_pair = Vec::with_capacity(h.len());
    let days = max_day + 1;
    if (max_x + 1).saturating_mul(days) <= 1 << 23 {
        let mut dense = vec![u32::MAX; (max_x + 1) * days];
        for (&x, &age) in h.x.iter().zip(&h.age_days) {
            let slot = &mut dense[x as usize * days + age as usize];
            if *slot == u32::MAX {
                *slot = pairs.len() as u32;
                pairs.push((x, age));
            }
            customer_pair.push(*slot);
        }
    } else {
        let mut pair_index: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        for (&x, &age) in h.x.iter().zip(&h.age_days) {
            let next = pairs.len() as u32;
            let id = *pair_index.entry((x, age)).or_insert(next);
            if id == next {
                pairs.push((x, age));
            }
            customer_pair.push(id);
        }
    }
    // Per distinct T: the x-free parts of eq. (10) at every step.
    let mut time_terms: Vec<Option<Vec<bgnbd::TimeTerms>>> = vec![None; max_day + 1];
    // Per pair: F(x, T, H), Σ_k ΔF_k × discount_k, P(buy | alive).
    let mut pair_values = Vec::with_capacity(pairs.len());
    let mut table = bgnbd::FactorTable::new(*params);
    let mut factors = vec![0.0; steps.len()];
    for &(x, age_days) in &pairs {
        let terms = time_terms[age_days as usize].get_or_insert_with(|| {
            let age = age_days as f64 / unit_days;
            steps
                .iter()
                .map(|&(t, _)| params.time_terms(age, t))
                .collect()
        });
        table.factors(x, terms, &mut factors)?;
        let mut previous = 0.0;
        let mut discounted = 0.0;
        for (f, &(_, discount)) in factors.iter().zip(steps) {
            discounted += (f - previous) * discount;
            previous = *f;
        }
        let ln_survival = terms.last().map_or(0.0, |t| t.ln_survival());
        let buy = -((r + x as f64) * ln_survival).exp_m1();
        pair_values.push((previous, discounted, buy));
    }
    for i in 0..h.len() {
        let x = h.x[i] as usize;
        let p_alive = if x == 0 {
            1.0
        } else {
            let d = ln_dropout[x]
                + (r + x as f64)
                    * (ln_alpha_plus[h.age_days[i] as usize]
                        - ln_alpha_plus[h.tx_days[i] as usize]);
            1.0 - super::special::logistic(d)
        };
        let (f, discounted, buy) = pair_values[customer_pair[i] as usize];
        each(ModelForecast {
            p_alive,
            purchases: p_alive * f,
            buy_probability: p_alive * buy,
            discounted_purchases: p_alive * discounted,
        });
    }
    Ok(())
}

/// Expected spend per purchase for every customer, and the Gamma-Gamma
/// summary when it was fitted and usable.
pub(crate) fn spend_forecasts(
    h: &Histories,
    params: &Params,
    warnings: &mut Vec<Message>,
) -> (Option<GammaGammaSummary>, SpendSource, Vec<f64>) {
    let (data, _) =
        GammaGammaData::new(h.spend_x.iter().copied().zip(h.spend_mean.iter().copied()));
    let enough = data.customers() >= params.min_repeat_customers as f64;
    let fit: Option<GammaGammaFit> = if enough {
        gamma_gamma::fit(&data, params.l2_penalty).ok()
    } else {
        None
    };
    let usable = fit.as_ref().filter(|f| f.converged && f.params.q > 1.0);
    if let Some(fit) = usable {
        let spend = h
            .spend_x
            .iter()
            .zip(&h.spend_mean)
            .map(|(&x, &m)| {
                if m > 0.0 {
                    fit.params.conditional_expected_spend(x, m)
                } else {
                    fit.params.population_mean_spend()
                }
            })
            .collect();
        let correlation = fit.frequency_spend_correlation;
        let independence_warning = correlation.filter(|r| r.abs() > params.spend_correlation_warning).map(|r| {
            Message::new(
                format!(
                    "La dépense moyenne par achat est corrélée au nombre d'achats (r = {}) : le modèle Gamma-Gamma suppose qu'elles sont indépendantes, les montants prévus sont à prendre avec prudence.",
                    format_fr(r, 2)
                ),
                format!(
                    "Average spend per purchase is correlated with the number of purchases (r = {}): the Gamma-Gamma model assumes they are independent, so treat the forecast amounts with caution.",
                    format_en(r, 2)
                ),
            )
        });
        if let Some(w) = &independence_warning {
            warnings.push(w.clone());
        }
        let summary = GammaGammaSummary {
            p: fit.params.p,
            q: fit.params.q,
            v: fit.params.v,
            log_likelihood: fit.log_likelihood,
            converged: true,
            iterations: fit.iterations,
            std_errors: fit.std_errors,
            customers: fit.customers.round() as usize,
            freq_spend_correlation: correlation,
            independence_warning,
        };
        return (Some(summary), SpendSource::GammaGamma, spend);
    }
    let n = data.customers() as usize;
    warnings.push(if enough {
        Message::new(
            "Le modèle de dépense Gamma-Gamma n'a pas pu être ajusté : la dépense prévue est la dépense moyenne observée de chaque client.",
            "The Gamma-Gamma spend model could not be fitted: the expected spend is each customer's observed average spend.",
        )
    } else {
        Message::new(
            format!(
                "Seulement {n} clients ont une dépense de réachat positive (minimum {}) : la dépense prévue est la dépense moyenne observée de chaque client, sans modèle Gamma-Gamma.",
                params.min_repeat_customers
            ),
            format!(
                "Only {n} customers have positive repeat spend (minimum {}): the expected spend is each customer's observed average spend, without a Gamma-Gamma model.",
                params.min_repeat_customers
            ),
        )
    });
    let positive: Vec<f64> = h
        .average_spend
        .iter()
        .copied()
        .filter(|s| *s > 0.0)
        .collect();
    let population = if positive.is_empty() {
        0.0
    } else {
        positive.iter().sum::<f64>() / positive.len() as f64
    };
    let spend = h
        .average_spend
        .iter()
        .map(|&s| if s > 0.0 { s } else { population })
        .collect();
    (None, SpendSource::ObservedAverage, spend)
}

/// Fit the BG/NBD on `h`, or say (fr/en) why there is no usable fit.
pub(crate) fn fit_bgnbd(
    h: &Histories,
    customers: &Customers,
    unit_days: f64,
    params: &Params,
) -> std::result::Result<BgNbdFit, Message> {
    if h.len() == 0 {
        return Err(Message::new(
            "Aucun client acheteur : pas de modèle de prévision.",
            "No buying customer: no forecasting model.",
        ));
    }
    if !customers.first_purchase_known {
        return Err(Message::new(
            "Les dates de premier achat sont inconnues : le modèle BG/NBD ne peut pas être ajusté. Prévision par les taux observés de chaque segment RFM.",
            "First purchase dates are unknown: the BG/NBD model cannot be fitted. Forecast from each RFM segment's observed rates.",
        ));
    }
    let repeat = h.repeat_customers();
    if repeat < params.min_repeat_customers as usize {
        return Err(Message::new(
            format!(
                "Seulement {repeat} clients ont racheté (il en faut au moins {}) : trop peu pour ajuster le modèle BG/NBD. Prévision par les taux observés de chaque segment RFM.",
                params.min_repeat_customers
            ),
            format!(
                "Only {repeat} customers bought again (at least {} are needed): too few to fit the BG/NBD model. Forecast from each RFM segment's observed rates.",
                params.min_repeat_customers
            ),
        ));
    }
    let triples: Vec<(u32, u32, u32)> = (0..h.len())
        .map(|i| (h.x[i], h.tx_days[i], h.age_days[i]))
        .collect();
    let not_converged = || {
        Message::new(
            "L'ajustement du modèle BG/NBD n'a pas convergé : ses paramètres ne sont pas fiables et ne sont pas affichés. Prévision par les taux observés de chaque segment RFM.",
            "The BG/NBD fit did not converge: its parameters are not reliable and are not shown. Forecast from each RFM segment's observed rates.",
        )
    };
    let data = BgNbdData::from_days(&triples, unit_days).map_err(|_| not_converged())?;
    match bgnbd::fit(&data, params.l2_penalty) {
        Ok(fit) if fit.converged => Ok(fit),
        _ => Err(not_converged()),
    }
}

/// Why a converged fit is not used: its forecasts are not finite numbers.
fn degenerate_fit(model: &BgNbdParams) -> Message {
    let BgNbdParams { r, alpha, a, b } = *model;
    Message::new(
        format!(
            "Le modèle BG/NBD ajusté est dégénéré (r = {r:.3e}, α = {alpha:.3e}, a = {a:.3e}, b = {b:.3e}) : ses prévisions ne sont pas calculables et ne sont pas affichées. Prévision par les taux observés de chaque segment RFM."
        ),
        format!(
            "The fitted BG/NBD model is degenerate (r = {r:.3e}, alpha = {alpha:.3e}, a = {a:.3e}, b = {b:.3e}): its forecasts cannot be computed and are not shown. Forecast from each RFM segment's observed rates."
        ),
    )
}

fn margin_rate(customers: &Customers, date: NaiveDate, params: &Params) -> (f64, MarginRateSource) {
    if let Some(m) = params.margin_rate {
        return (m, MarginRateSource::Setting);
    }
    let (revenue, margin) = totals_at(customers, date);
    if customers.has_margin && revenue > 0.0 {
        let rate = margin / revenue;
        if rate.is_finite() {
            return (rate.clamp(-1.0, 1.0), MarginRateSource::Observed);
        }
    }
    (params.default_margin_rate, MarginRateSource::Default)
}

/// Net revenue and margin of the customers as they stood at the end of
/// `date`, summed as [`Customers::purchases_as_of`]'s copy would sum them
/// (per customer, then over the customers who had bought by then).
fn totals_at(customers: &Customers, date: NaiveDate) -> (f64, f64) {
    if date >= customers.as_of {
        let margin = customers.customers.iter().map(|c| c.margin).sum();
        return (customers.revenue_total(), margin);
    }
    let kept = |c: &Customer| {
        let kept = customers.history_through(c, date);
        PurchaseDays::of(kept).map(|_| kept)
    };
    let total = |amount: fn(&Purchase) -> f64| -> f64 {
        customers
            .customers
            .iter()
            .filter_map(kept)
            .map(|days| days.iter().map(amount).sum::<f64>())
            .sum()
    };
    (total(|p| p.revenue), total(|p| p.margin))
}

/// Run the prediction analysis.
///
/// `fallback_segments` is each customer's RFM segment key (index-aligned
/// with `customers.customers`), used for the observed-rate forecast when the
/// model cannot be fitted; without it the whole file is one segment.
///
/// ```
/// use segmento::predict::{self, Status};
/// use segmento::{Customers, OwnedCustomers};
/// use chrono::NaiveDate;
/// let empty = Customers::from_owned(OwnedCustomers {
///     as_of: NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(),
///     customers: vec![], prospects: vec![],
///     has_margin: false, has_channel: false, has_history: true, first_purchase_known: true,
/// });
/// let out = predict::run(&empty, &predict::Params::default(), None).unwrap();
/// assert!(matches!(out.status, Status::Fallback { .. }));
/// assert!(out.bgnbd.is_none() && out.customers.is_empty());
/// ```
pub fn run(
    customers: &Customers,
    params: &Params,
    fallback_segments: Option<&[&str]>,
) -> Result<Output> {
    let n = customers.customers.len();
    if let Some(segments) = fallback_segments {
        if segments.len() != n {
            return Err(segment_count_error(segments.len(), n));
        }
    }
    run_with_segments(customers, params, &|| {
        fallback_segments.map_or_else(|| vec!["all"; n], <[&str]>::to_vec)
    })
}

/// [`run`] with the segment keys of the observed-rate fallback built only
/// when the model cannot be fitted: on a large file that fits, one key per
/// customer (tens of MB at 10M rows) is never built.
pub fn run_with_segments<'k>(
    customers: &Customers,
    params: &Params,
    segment_keys: &dyn Fn() -> Vec<&'k str>,
) -> Result<Output> {
    match forecast(customers, customers.as_of, params, Some(segment_keys))? {
        Ok(output) => Ok(output),
        // Unreachable: with a fallback allowed, a failed fit falls back.
        Err(reason) => Err(Error::analysis(reason.en)),
    }
}

fn segment_count_error(keys: usize, customers: usize) -> Error {
    Error::analysis(format!(
        "predict: {keys} segment keys for {customers} customers"
    ))
}

/// The model fitted on the customers as they stood at the end of `date`
/// (before the as-of date, no holdout check), without the copy that
/// [`Customers::purchases_as_of`] would make: the same [`Output`] as
/// [`run`] on that copy, aligned with its customers. `Ok(Err(reason))`
/// when the model cannot be fitted then: no observed-rate fallback is
/// worked out (the migrations compare fitted groups only).
pub fn fitted_at(
    customers: &Customers,
    date: NaiveDate,
    params: &Params,
) -> Result<std::result::Result<Output, Message>> {
    if params.calibration_end.is_some() {
        return Err(Error::analysis(
            "predict: the holdout check runs at the as-of date only",
        ));
    }
    forecast(customers, date.min(customers.as_of), params, None)
}

/// [`run`] as of `date` (the as-of date, or an earlier one with
/// per-purchase histories). `fallback`: builds each customer's segment key
/// for the observed-rate forecast when the model cannot be fitted, or
/// `None` to return the reason instead.
fn forecast<'k>(
    customers: &Customers,
    date: NaiveDate,
    params: &Params,
    fallback: Option<&dyn Fn() -> Vec<&'k str>>,
) -> Result<std::result::Result<Output, Message>> {
    params.validate()?;
    if let Some(end) = params.calibration_end {
        if end >= date {
            return Err(Error::invalid_params(
                "predict.calibration_end",
                crate::error_messages::BEFORE_ANALYSIS_DATE.with(&[("as_of", &date)]),
            ));
        }
    }
    let unit_days = params.time_unit.days();
    let (margin_rate, margin_rate_source) = margin_rate(customers, date, params);
    let steps = clv_steps(unit_days, params.horizon, params.annual_discount_rate);
    // The holdout check runs first so that its own per-customer tables are
    // gone before this run's are built; its warnings still come after ours.
    let mut holdout_warnings = Vec::new();
    let holdout = match params.calibration_end {
        Some(end) => holdout::check(customers, end, params, margin_rate, &mut holdout_warnings)?,
        None => None,
    };
    let mut histories = Histories::at(customers, date)?;
    let mut warnings = Vec::new();
    let (gamma_gamma, spend_source, spend) = spend_forecasts(&histories, params, &mut warnings);

    let population_spend = match &gamma_gamma {
        Some(gg) => gamma_gamma::GammaGammaParams {
            p: gg.p,
            q: gg.q,
            v: gg.v,
        }
        .population_mean_spend(),
        None => mean_positive(&histories.average_spend),
    };
    histories.drop_spend();
    // A fit can converge to parameters whose forecasts overflow; those
    // numbers must never be shown, so such a fit falls back like a failed one.
    // Each customer's prediction is written as its forecast comes: the
    // predictions are the one per-customer table built here.
    let n = histories.len();
    let fitted = fit_bgnbd(&histories, customers, unit_days, params).and_then(|fit| {
        let new_customer =
            new_customer_forecast(&fit.params, population_spend, margin_rate, params)
                .map_err(|_| degenerate_fit(&fit.params))?;
        let mut per_customer = Vec::with_capacity(n);
        model_forecasts(&fit.params, &histories, unit_days, &steps, |f| {
            per_customer.push(f.prediction(spend[per_customer.len()], margin_rate));
        })
        .map_err(|_| degenerate_fit(&fit.params))?;
        Ok((fit, per_customer, new_customer))
    });
    let (status, bgnbd, fallback_rates, mut per_customer, new_customer) = match fitted {
        Ok((fit, per_customer, new_customer)) => (
            Status::Fitted,
            Some(BgNbdSummary::from_fit(&fit)),
            None,
            per_customer,
            Some(new_customer),
        ),
        Err(reason) => {
            let Some(segment_keys) = fallback else {
                return Ok(Err(reason));
            };
            let segments = segment_keys();
            if segments.len() != customers.customers.len() {
                return Err(segment_count_error(
                    segments.len(),
                    customers.customers.len(),
                ));
            }
            let horizon_days = params.horizon * unit_days;
            let rates = empirical::window_rates(customers, &segments, horizon_days);
            let by_key: FxHashMap<&str, &SegmentRate> =
                rates.iter().map(|r| (r.segment.as_str(), r)).collect();
            let mut per_customer = Vec::with_capacity(n);
            for (&i, &avg_spend) in histories.index.iter().zip(&spend) {
                let rate = by_key.get(segments[i as usize]);
                let purchases = rate.map_or(0.0, |r| r.purchases_per_customer);
                // Purchases spread evenly over the horizon, discounted monthly.
                let mut previous = 0.0;
                let discounted_purchases = steps
                    .iter()
                    .map(|&(t, discount)| {
                        let share = (t - previous) / params.horizon;
                        previous = t;
                        purchases * share * discount
                    })
                    .sum();
                let observed = ModelForecast {
                    p_alive: f64::NAN,
                    purchases,
                    buy_probability: rate.map_or(0.0, |r| r.buyer_share),
                    discounted_purchases,
                };
                per_customer.push(observed.prediction(avg_spend, margin_rate));
            }
            (
                Status::Fallback {
                    reason_fr: reason.fr,
                    reason_en: reason.en,
                },
                None,
                Some(rates),
                per_customer,
                None,
            )
        }
    };
    // The histories and the spend go before the groups' sort.
    drop((histories, spend));
    let mut totals = Totals {
        customers: n,
        ..Totals::default()
    };
    for c in &per_customer {
        totals.expected_buyers += c.probability_of_purchase;
        totals.expected_purchases += c.expected_purchases;
        totals.expected_revenue += c.expected_purchases * c.expected_avg_spend;
        totals.clv += c.clv;
    }
    totals.expected_margin = totals.expected_revenue * margin_rate;

    let (groups, labels) = groups::build(
        n,
        |i| {
            let c = &per_customer[i];
            Forecast::ranked(
                params.groups.ranking,
                c.probability_of_purchase,
                c.expected_purchases,
                c.expected_avg_spend,
                c.clv,
            )
        },
        None,
        &params.groups,
        margin_rate,
    );
    for (c, label) in per_customer.iter_mut().zip(labels) {
        c.predictive_group = label;
    }
    warnings.extend(holdout_warnings);

    Ok(Ok(Output {
        time_unit: params.time_unit,
        horizon: params.horizon,
        as_of: date,
        status,
        bgnbd,
        gamma_gamma,
        spend_source,
        margin_rate,
        margin_rate_source,
        annual_discount_rate: params.annual_discount_rate,
        fallback_rates,
        totals,
        holdout,
        groups,
        new_customer,
        warnings,
        customers: per_customer,
    }))
}

/// A customer acquired at the analysis date: see [`NewCustomerForecast`].
///
/// ```
/// use segmento::predict::bgnbd::BgNbdParams;
/// use segmento::predict::forecast::{new_customer_forecast, Params};
/// // FHL 2005's CDNOW estimates: a new customer makes E[X(39)] = 1.1967
/// // repeat purchases in 39 weeks (lifetimes'
/// // `expected_number_of_purchases_up_to_time(39)`).
/// let cdnow = BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/// let params = Params { horizon: 39.0, ..Params::default() };
/// let new = new_customer_forecast(&cdnow, 30.0, 0.25, &params).unwrap();
/// assert!((new.expected_purchases - 1.196_723).abs() < 1e-5);
/// assert!(new.clv > 0.0 && new.clv < 0.25 * 30.0 * new.expected_purchases);
/// ```
pub fn new_customer_forecast(
    model: &BgNbdParams,
    population_spend: f64,
    margin_rate: f64,
    params: &Params,
) -> Result<NewCustomerForecast> {
    let unit_days = params.time_unit.days();
    let newcomer = Observation {
        x: 0,
        t_x: 0.0,
        age: 0.0,
    };
    Ok(NewCustomerForecast {
        expected_purchases: model.expected_purchases_new(params.horizon)?,
        expected_avg_spend: population_spend,
        clv: clv(
            model,
            newcomer,
            population_spend,
            margin_rate,
            unit_days,
            params.horizon,
            params.annual_discount_rate,
        )?,
    })
}

/// Mean of the positive values (0 when there are none).
fn mean_positive(values: &[f64]) -> f64 {
    let (sum, n) = values
        .iter()
        .filter(|v| **v > 0.0)
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// Per-customer actual outcome over (start, end]: purchase days and revenue.
pub(crate) fn actuals(
    customers: &Customers,
    h: &Histories,
    start: NaiveDate,
    end: NaiveDate,
) -> Vec<Actual> {
    h.index
        .iter()
        .map(|&i| {
            let mut a = Actual::default();
            for p in customers.history(&customers.customers[i as usize]) {
                if p.date > start && p.date <= end {
                    if p.is_purchase() {
                        a.purchases += 1.0;
                    }
                    a.revenue += p.revenue;
                }
            }
            a
        })
        .collect()
}

/// The model part of [`run`] on per-customer arrays (days), without reading
/// [`Customers`] or building groups: BG/NBD and Gamma-Gamma fits, then each
/// customer's P(alive), expected purchases, P(buy), expected spend and CLV.
/// Returns the CLVs. For the benchmark's like-for-like comparison with
/// lifetimes, which starts from the same arrays.
#[doc(hidden)]
pub fn model_only(
    x: &[u32],
    tx_days: &[u32],
    age_days: &[u32],
    repeat_spend: &[f64],
    params: &Params,
    margin_rate: f64,
) -> Result<Vec<f64>> {
    let n = x.len();
    let h = Histories {
        index: (0..n as u32).collect(),
        x: x.to_vec(),
        tx_days: tx_days.to_vec(),
        age_days: age_days.to_vec(),
        spend_x: x.to_vec(),
        spend_mean: repeat_spend.to_vec(),
        average_spend: repeat_spend.to_vec(),
    };
    let unit_days = params.time_unit.days();
    let mut warnings = Vec::new();
    let (_, _, spend) = spend_forecasts(&h, params, &mut warnings);
    let data = BgNbdData::from_days(
        &(0..n)
            .map(|i| (x[i], tx_days[i], age_days[i]))
            .collect::<Vec<_>>(),
        unit_days,
    )?;
    let fit = bgnbd::fit(&data, params.l2_penalty)?;
    let steps = clv_steps(unit_days, params.horizon, params.annual_discount_rate);
    let mut clvs = Vec::with_capacity(n);
    model_forecasts(&fit.params, &h, unit_days, &steps, |f| {
        clvs.push(f.prediction(spend[clvs.len()], margin_rate).clv);
    })?;
    Ok(clvs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prediction_is_48_bytes_and_the_fallback_has_no_p_alive() {
        assert_eq!(std::mem::size_of::<CustomerPrediction>(), 48);
        let model = ModelForecast {
            p_alive: 0.5,
            purchases: 2.0,
            buy_probability: 0.4,
            discounted_purchases: 1.5,
        };
        // CLV = margin rate × spend × discounted purchases: 0.25 × 40 × 1.5.
        let fitted = model.prediction(40.0, 0.25);
        assert_eq!((fitted.p_alive(), fitted.clv), (Some(0.5), 15.0));
        let fallback = CustomerPrediction {
            p_alive: f64::NAN,
            ..fitted.clone()
        };
        assert_eq!(fallback.p_alive(), None);
        assert_eq!(fallback, fallback.clone());
        assert_ne!(fallback, fitted);
    }

    #[test]
    fn clv_steps_are_month_ends_with_a_final_partial_month() {
        // Weeks, horizon 10 weeks = 70 days: month = 30.4375 days = 4.348214… weeks.
        // Steps at 4.348, 8.696, then 10 (partial).
        let steps = clv_steps(7.0, 10.0, 0.10);
        assert_eq!(steps.len(), 3);
        assert!((steps[0].0 - 30.4375 / 7.0).abs() < 1e-12);
        assert_eq!(steps[2].0, 10.0);
        // Discount at 10 weeks: 1.1^(−70/365.25).
        assert!((steps[2].1 - 1.1f64.powf(-70.0 / 365.25)).abs() < 1e-15);
        // Months, horizon 12: exactly 12 steps ending at 12, the last discounted by 1/1.1.
        let steps = clv_steps(DAYS_PER_MONTH, 12.0, 0.10);
        assert_eq!(steps.len(), 12);
        assert!((steps[11].1 - 1.0 / 1.1).abs() < 1e-15);
    }

    #[test]
    fn return_only_days_are_netted_but_not_purchases() {
        // r buys on Jan 1st (10) and 31st (6), returns on Jan 21st (-4) and
        // Feb 10th (-1); s returns on Jan 11th (-3) before buying on Feb 15th (20).
        let file = "client,date,amount\nr,2024-01-01,10\nr,2024-01-21,-4\ns,2024-01-11,-3\n\
                    r,2024-01-31,6\nr,2024-02-10,-1\ns,2024-02-15,20\n";
        let customers = crate::ingest::ingest_bytes(file.as_bytes(), Default::default())
            .unwrap()
            .customers;
        let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
        // On Feb 12th s has no purchase yet. r: purchase days Jan 1st and
        // 31st -> x = 1, t_x = 30, T = 42 (Jan 1st -> Feb 12th); average
        // spend (10 - 4 + 6 - 1) / 2 = 5.5; repeat spend: the days after
        // Jan 1st, -4 + 6 - 1 = 1, over 1 repeat purchase day.
        let h = Histories::at(&customers, day(2, 12)).unwrap();
        assert_eq!(h.index, vec![0]);
        assert_eq!(
            (h.x[0], h.tx_days[0], h.age_days[0], h.average_spend[0]),
            (1, 30, 42, 5.5)
        );
        assert_eq!((h.spend_x[0], h.spend_mean[0]), (1, 1.0));
        // As of Feb 15th (the summary path): r the same with T = 45; s one
        // purchase day, x = 0, average spend -3 + 20 = 17, no repeat.
        let h = Histories::at(&customers, day(2, 15)).unwrap();
        assert_eq!(h.index, vec![0, 1]);
        assert_eq!((h.x.clone(), h.tx_days.clone()), (vec![1, 0], vec![30, 0]));
        assert_eq!(h.age_days, vec![45, 0]);
        assert_eq!(h.average_spend, vec![5.5, 17.0]);
        assert_eq!(
            (h.spend_x.clone(), h.spend_mean.clone()),
            (vec![1, 0], vec![1.0, 0.0])
        );
        // After Jan 15th: r has one purchase day (Jan 31st) and 1 of net
        // revenue (-4 + 6 - 1); s one (Feb 15th) and 20.
        let got: Vec<(f64, f64)> = actuals(&customers, &h, day(1, 15), day(2, 15))
            .iter()
            .map(|a| (a.purchases, a.revenue))
            .collect();
        assert_eq!(got, vec![(1.0, 1.0), (1.0, 20.0)]);
    }

    #[test]
    fn calibration_histories_agree_with_customers_as_of_date() {
        use crate::customers::{Attributes, OwnedCustomer, OwnedCustomers, Purchase};
        let day = |d: i64| NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(d);
        let customer = |id: &str, days: &[(i64, f64)]| {
            let history: Vec<Purchase> = days
                .iter()
                .map(|&(d, r)| Purchase {
                    date: day(d),
                    revenue: r,
                    margin: 0.0,
                    orders: 1,
                })
                .collect();
            OwnedCustomer {
                id: id.into(),
                first_purchase: history[0].date,
                last_purchase: history[history.len() - 1].date,
                frequency: history.len() as u32,
                orders: history.len() as u32,
                revenue: history.iter().map(|p| p.revenue).sum(),
                margin: 0.0,
                first_channel: None,
                last_channel: None,
                attributes: Attributes::default(),
                history,
            }
        };
        let customers = Customers::from_owned(OwnedCustomers {
            as_of: day(100),
            customers: vec![
                customer("a", &[(0, 10.0), (20, 30.0), (70, 5.0)]),
                customer("b", &[(80, 40.0)]),
                customer("c", &[(10, 8.0), (50, 12.0), (55, 16.0)]),
            ],
            prospects: vec![],
            has_margin: false,
            has_channel: false,
            has_history: true,
            first_purchase_known: true,
        });
        let cut = day(60);
        let h = Histories::at(&customers, cut).unwrap();
        let reference = customers.as_of_date(cut).unwrap();
        assert_eq!(h.index, vec![0, 2]);
        let at_cut = Histories::at(&reference, cut).unwrap();
        assert_eq!(
            (h.x.clone(), h.tx_days.clone(), h.age_days.clone()),
            (at_cut.x, at_cut.tx_days, at_cut.age_days)
        );
        // a: x = 1, t_x = 20, T = 60, repeat spend 30; c: x = 2, t_x = 45, T = 50, repeat spend (12 + 16)/2.
        assert_eq!(
            (h.x[0], h.tx_days[0], h.age_days[0], h.spend_mean[0]),
            (1, 20, 60, 30.0)
        );
        assert_eq!(
            (h.x[1], h.tx_days[1], h.age_days[1], h.spend_mean[1]),
            (2, 45, 50, 14.0)
        );
    }

    #[test]
    fn params_validate() {
        assert!(Params::default().validate().is_ok());
        let bad = Params {
            horizon: 0.0,
            ..Params::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "invalid setting predict.horizon: must be positive and at most 100 years"
        );
        assert!(Params {
            margin_rate: Some(1.5),
            ..Params::default()
        }
        .validate()
        .is_err());
        assert!(Params {
            min_repeat_customers: 1,
            ..Params::default()
        }
        .validate()
        .is_err());
        let json = r#"{"time_unit": "month", "horizon": 12, "groups": {"ranking": "probability", "size": {"count": 4}}}"#;
        let parsed: Params = serde_json::from_str(json).unwrap();
        assert_eq!(parsed.time_unit, TimeUnit::Month);
        assert_eq!(parsed.groups.size, groups::GroupSize::Count(4));
        assert!(serde_json::from_str::<Params>(r#"{"horizn": 3}"#).is_err());
    }

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn generated_customers(rows: u64) -> Customers {
        let params = crate::generate::GenerateParams {
            rows,
            ..Default::default()
        };
        let mut bytes = Vec::new();
        crate::generate::write_orders_csv(&mut bytes, &params).unwrap();
        crate::ingest::ingest_bytes(&bytes, Default::default())
            .unwrap()
            .customers
    }

    #[test]
    fn the_forecast_at_an_earlier_date_is_the_one_on_the_copy_then() {
        // The reference: `run` on the customers copied as of the date, as
        // the migrations computed it before `fitted_at` existed. Equal
        // field by field, floats bit for bit.
        let customers = generated_customers(20_000);
        let params = Params::default();
        for date in [ymd(2023, 6, 30), ymd(2022, 1, 31)] {
            let copy = customers.purchases_as_of(date).unwrap();
            assert!(copy.customers.len() < customers.customers.len());
            let reference = run(&copy, &params, None).unwrap();
            assert_eq!(reference.status, Status::Fitted, "{date}");
            let in_place = fitted_at(&customers, date, &params).unwrap().unwrap();
            assert_eq!(in_place, reference, "{date}");
        }
        // At or after the as-of date it is `run` itself.
        let now = run(&customers, &params, None).unwrap();
        let at_as_of = fitted_at(&customers, customers.as_of, &params).unwrap();
        assert_eq!(at_as_of.unwrap(), now);
    }

    #[test]
    fn an_earlier_date_without_a_fit_gives_the_reason_and_no_fallback() {
        let customers = generated_customers(2_000);
        let params = Params {
            min_repeat_customers: 100_000,
            ..Params::default()
        };
        let reason = fitted_at(&customers, ymd(2023, 6, 30), &params)
            .unwrap()
            .unwrap_err();
        assert!(
            reason.en.contains("at least 100000 are needed"),
            "{}",
            reason.en
        );
        let holdout = Params {
            calibration_end: Some(ymd(2023, 1, 31)),
            ..Params::default()
        };
        assert!(fitted_at(&customers, ymd(2023, 6, 30), &holdout).is_err());
    }

    #[test]
    fn segment_keys_are_built_only_when_the_model_falls_back() {
        let customers = generated_customers(2_000);
        let n = customers.customers.len();
        let calls = std::cell::Cell::new(0);
        let keys = || {
            calls.set(calls.get() + 1);
            (0..n)
                .map(|i| if i % 2 == 0 { "even" } else { "odd" })
                .collect()
        };
        let fitted = run_with_segments(&customers, &Params::default(), &keys).unwrap();
        assert_eq!((fitted.status.clone(), calls.get()), (Status::Fitted, 0));
        assert_eq!(fitted, run(&customers, &Params::default(), None).unwrap());

        let no_fit = Params {
            min_repeat_customers: 100_000,
            ..Params::default()
        };
        let fallback = run_with_segments(&customers, &no_fit, &keys).unwrap();
        assert_eq!(calls.get(), 1);
        assert!(matches!(fallback.status, Status::Fallback { .. }));
        let listed: Vec<&str> = keys();
        assert_eq!(fallback, run(&customers, &no_fit, Some(&listed)).unwrap());
        let rates = fallback.fallback_rates.unwrap();
        assert_eq!(
            rates.iter().map(|r| r.segment.as_str()).collect::<Vec<_>>(),
            ["even", "odd"]
        );
        let short = || vec!["even"; n - 1];
        assert!(run_with_segments(&customers, &no_fit, &short).is_err());
    }
}
