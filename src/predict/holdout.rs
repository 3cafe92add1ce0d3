//! The holdout check: fit on purchases up to `calibration_end`, predict the
//! period (`calibration_end`, `as_of`], and compare with what happened.
//!
//! Only customers who had bought by `calibration_end` are scored (customers
//! acquired during the holdout are outside the model's population), and
//! every purchase day of theirs in the holdout is a repeat purchase.

use super::forecast::{
    actuals, clv_steps, fit_bgnbd, model_forecasts, spend_forecasts, BgNbdSummary, Histories,
    ModelForecast, Params,
};
use super::groups::{self, Forecast, Group};
use super::text::Message;
use crate::customers::Customers;
use crate::error::Result;
use chrono::{Duration, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Predicted against actual repeat purchases of the customers with one
/// calibration frequency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrequencyRow {
    /// Repeat purchases in the calibration period: "0" … "6", then "7+".
    pub frequency: String,
    /// Customers with that frequency.
    pub customers: usize,
    /// Σ predicted holdout purchases.
    pub predicted: f64,
    /// Σ actual holdout purchases.
    pub actual: f64,
    /// Predicted per customer.
    pub predicted_mean: f64,
    /// Actual per customer.
    pub actual_mean: f64,
}

/// A point of the cumulative tracking curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackingPoint {
    /// Days since `calibration_end`.
    pub day: u32,
    /// The date.
    pub date: NaiveDate,
    /// Σ expected purchases of the calibration customers since `calibration_end`.
    pub predicted_cumulative: f64,
    /// Purchase days they actually made since `calibration_end`.
    pub actual_cumulative: f64,
}

/// Result of the holdout check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holdout {
    /// Last day of the calibration period.
    pub calibration_end: NaiveDate,
    /// Last day of the holdout period (the analysis date).
    pub holdout_end: NaiveDate,
    /// Holdout length in time units.
    pub length: f64,
    /// The calibration fit that made the predictions.
    pub calibration_fit: BgNbdSummary,
    /// Customers scored (bought by `calibration_end`).
    pub customers: usize,
    /// Σ predicted repeat purchases over the holdout.
    pub predicted_repeat_purchases: f64,
    /// Σ actual repeat purchases (purchase days) over the holdout.
    pub actual_repeat_purchases: f64,
    /// By calibration frequency 0 … 6, 7+.
    pub by_frequency: Vec<FrequencyRow>,
    /// Mean absolute error per customer.
    pub mae: f64,
    /// Root mean squared error per customer.
    pub rmse: f64,
    /// Weekly cumulative purchases, predicted and actual (last point at the
    /// holdout end).
    pub tracking: Vec<TrackingPoint>,
    /// Predictive groups cut on the calibration forecast over the holdout,
    /// with the actual figures.
    pub groups: Vec<Group>,
}

/// Run the holdout check. `Ok(None)` (with a warning) when it cannot be
/// done on this file; the caller has checked `calibration_end < as_of`.
pub(crate) fn check(
    customers: &Customers,
    calibration_end: NaiveDate,
    params: &Params,
    margin_rate: f64,
    warnings: &mut Vec<Message>,
) -> Result<Option<Holdout>> {
    if !customers.has_history {
        warnings.push(Message::new(
            "Le contrôle sur période de validation demande un fichier de commandes (historique par achat) : il n'est pas fait.",
            "The holdout check needs an order-level file (per-purchase history): it is skipped.",
        ));
        return Ok(None);
    }
    let unit_days = params.time_unit.days();
    let h = Histories::at(customers, calibration_end)?;
    let fit = match fit_bgnbd(&h, customers, unit_days, params) {
        Ok(fit) => fit,
        Err(reason) => {
            warnings.push(Message::new(
                format!(
                    "Contrôle sur période de validation impossible : {}",
                    reason.fr
                ),
                format!("Holdout check not possible: {}", reason.en),
            ));
            return Ok(None);
        }
    };
    let holdout_days = (customers.as_of - calibration_end).num_days().max(1) as u32;
    let length = holdout_days as f64 / unit_days;
    let steps = clv_steps(unit_days, length, params.annual_discount_rate);
    let mut forecasts = Vec::with_capacity(h.len());
    model_forecasts(&fit.params, &h, unit_days, &steps, |f| forecasts.push(f))?;
    let outcome = actuals(customers, &h, calibration_end, customers.as_of);
    let mut calibration_warnings = Vec::new();
    let (_, _, spend) = spend_forecasts(&h, params, &mut calibration_warnings);

    let n = h.x.len();
    let (mut predicted_total, mut actual_total, mut abs_error, mut sq_error) = (0.0, 0.0, 0.0, 0.0);
    let mut rows: Vec<FrequencyRow> = (0..8)
        .map(|k| FrequencyRow {
            frequency: if k == 7 { "7+".into() } else { k.to_string() },
            customers: 0,
            predicted: 0.0,
            actual: 0.0,
            predicted_mean: 0.0,
            actual_mean: 0.0,
        })
        .collect();
    for i in 0..n {
        let (predicted, actual) = (forecasts[i].purchases, outcome[i].purchases);
        predicted_total += predicted;
        actual_total += actual;
        abs_error += (predicted - actual).abs();
        sq_error += (predicted - actual) * (predicted - actual);
        let row = &mut rows[h.x[i].min(7) as usize];
        row.customers += 1;
        row.predicted += predicted;
        row.actual += actual;
    }
    for row in &mut rows {
        if row.customers > 0 {
            row.predicted_mean = row.predicted / row.customers as f64;
            row.actual_mean = row.actual / row.customers as f64;
        }
    }
    let count = n.max(1) as f64;

    let tracking = tracking_curve(
        customers,
        &h,
        &fit.params,
        unit_days,
        calibration_end,
        holdout_days,
        &forecasts,
    )?;

    // The per-customer arrays left are the forecasts, the spend and the
    // outcome: `h` goes before the groups' sort.
    drop(h);
    let (groups, _) = groups::build(
        n,
        |i| {
            Forecast::ranked(
                params.groups.ranking,
                forecasts[i].buy_probability,
                forecasts[i].purchases,
                spend[i],
                margin_rate * spend[i] * forecasts[i].discounted_purchases,
            )
        },
        Some(&outcome),
        &params.groups,
        margin_rate,
    );

    Ok(Some(Holdout {
        calibration_end,
        holdout_end: customers.as_of,
        length,
        calibration_fit: BgNbdSummary::from_fit(&fit),
        customers: n,
        predicted_repeat_purchases: predicted_total,
        actual_repeat_purchases: actual_total,
        by_frequency: rows,
        mae: abs_error / count,
        rmse: (sq_error / count).sqrt(),
        tracking,
        groups,
    }))
}

/// Weekly cumulative expected purchases (Σ P(alive) × F(x, T, t) by
/// distinct (x, T)) against cumulative actual purchase days.
fn tracking_curve(
    customers: &Customers,
    h: &Histories,
    params: &super::bgnbd::BgNbdParams,
    unit_days: f64,
    calibration_end: NaiveDate,
    holdout_days: u32,
    forecasts: &[ModelForecast],
) -> Result<Vec<TrackingPoint>> {
    let mut days: Vec<u32> = (1..)
        .map(|k| 7 * k)
        .take_while(|&d| d < holdout_days)
        .collect();
    days.push(holdout_days);
    // Σ P(alive) per distinct (x, T), in first-seen order.
    let mut pairs: FxHashMap<(u32, u32), usize> = FxHashMap::default();
    let mut keys: Vec<(u32, u32)> = Vec::new();
    let mut alive: Vec<f64> = Vec::new();
    for ((&x, &age), f) in h.x.iter().zip(&h.age_days).zip(forecasts) {
        let next = keys.len();
        let id = *pairs.entry((x, age)).or_insert(next);
        if id == next {
            keys.push((x, age));
            alive.push(0.0);
        }
        alive[id] += f.p_alive;
    }
    let mut predicted = vec![0.0; days.len()];
    let mut table = super::bgnbd::FactorTable::new(*params);
    let mut factors = vec![0.0; days.len()];
    for (&(x, age_days), &weight) in keys.iter().zip(&alive) {
        let age = age_days as f64 / unit_days;
        let terms: Vec<_> = days
            .iter()
            .map(|&d| params.time_terms(age, d as f64 / unit_days))
            .collect();
        table.factors(x, &terms, &mut factors)?;
        for (p, f) in predicted.iter_mut().zip(&factors) {
            *p += weight * f;
        }
    }
    // Actual purchase days per day offset, then cumulated.
    let mut per_day = vec![0.0; holdout_days as usize + 1];
    for &i in &h.index {
        for p in customers.history(&customers.customers[i as usize]) {
            let offset = (p.date - calibration_end).num_days();
            if p.is_purchase() && offset >= 1 && offset <= holdout_days as i64 {
                per_day[offset as usize] += 1.0;
            }
        }
    }
    let mut cumulative = 0.0;
    let mut next_day = 0;
    let mut points = Vec::with_capacity(days.len());
    for (k, &d) in days.iter().enumerate() {
        while next_day <= d as usize {
            cumulative += per_day[next_day];
            next_day += 1;
        }
        points.push(TrackingPoint {
            day: d,
            date: calibration_end + Duration::days(d as i64),
            predicted_cumulative: predicted[k],
            actual_cumulative: cumulative,
        });
    }
    Ok(points)
}
