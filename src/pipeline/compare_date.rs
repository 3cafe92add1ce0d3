//! The migrations' two steps. Every customer is segmented again as they
//! stood at the compare date, with the same settings, and each method's two
//! assignments are compared. With the forecast, the model is fitted again on
//! the customers as of the compare date and its groups cut the same way;
//! when it falls back at either date, `skipped` says so instead of a matrix.
//!
//! [`Starts::at_compare_date`] runs before the forecast at the as-of date,
//! while the session holds only the segments: the copy of the customers at
//! the compare date and the second forecast are the second phase's largest
//! tables, and the forecast's own tables would otherwise sit beside them.
//! The second forecast reads the histories in place
//! ([`predict::forecast::fitted_at`]), before the copy that RFM, ABC and
//! points need is made, so those two never meet either (BENCHMARKS.md,
//! "The compare date first"). What outlives the copy is small: each
//! customer's segment index then (2 bytes a method), their forecast group
//! then (4 bytes), and their position at the compare date.
//! [`Starts::finish`] compares them with the segments now, once the
//! forecast at the as-of date exists.

use std::collections::BTreeMap;

use crate::dynamics::migrations::{self, Ladder};
use crate::predict::{self, GroupLabel};
use crate::segment_keys::{self, MethodOutput, OffLadder, SegmentMethod};
use crate::{abc, points, rfm, Customers, Error, Result};

use super::Config;

/// What the migrations keep of the customers at the compare date.
pub(super) struct Starts {
    from_date: chrono::NaiveDate,
    /// Each segmentation's ladder (as of now) and each customer's index on
    /// it then, for RFM, ABC and the value tiers, in that order.
    segmented: Vec<(SegmentMethod, Ladder, Vec<u16>)>,
    /// Each customer's forecast group then, or why there is none.
    groups_then: std::result::Result<Vec<GroupLabel>, migrations::Skipped>,
    /// For each customer of the as-of date, their position at the compare
    /// date (`None`: had not bought yet).
    matches: Vec<Option<u32>>,
}

impl Starts {
    /// Segments the customers as of the compare date: the forecast first
    /// (the largest, on the histories in place), then RFM, ABC and points on
    /// a copy, each read into ladder indices and dropped before the next.
    pub(super) fn at_compare_date(
        customers: &Customers,
        config: &Config,
        (rfm_now, points_now): (&rfm::Output, &points::Output),
    ) -> Result<Starts> {
        let from_date = config.migrations.from_date(customers.as_of)?;
        if !customers.has_history {
            return Err(Error::analysis(
                "migrations need one row per order: this file has one row per customer",
            ));
        }
        if customers.bought_by(from_date) == 0 {
            return Err(Error::analysis(format!(
                "no customer had bought by the compare date {from_date}"
            )));
        }
        // The forecast reads the histories up to the compare date in place;
        // the copy is made after it, for the other three.
        let groups_then = forecast_then(customers, from_date, config)
            .map(|then| then.customers.iter().map(|c| c.predictive_group).collect());
        let earlier = customers
            .purchases_as_of(from_date)
            .ok_or_else(|| Error::analysis("no purchase histories"))?;
        let mut segmented = Vec::with_capacity(3);
        for method in [SegmentMethod::Rfm, SegmentMethod::Abc, SegmentMethod::Tier] {
            let mut ladder = segment_keys::outputs_ladder(method, (rfm_now, points_now), None)?;
            // Each output lives for its statement only.
            let mut indices_then =
                |then| segment_keys::outputs_segment_indices(then, &mut ladder, OffLadder::Extend);
            let then = match method {
                SegmentMethod::Rfm => {
                    indices_then(MethodOutput::Rfm(&rfm::run(&earlier, &config.rfm)?))
                }
                SegmentMethod::Abc => {
                    indices_then(MethodOutput::Abc(&abc::run(&earlier, &config.abc)?))
                }
                _ => indices_then(MethodOutput::Tier(&points::run(&earlier, &config.points)?)),
            }?;
            segmented.push((method, ladder, then));
        }
        // The customers at the compare date are those of the as-of date who
        // had bought by then, in the same order: matched once for every method.
        let matches = positions_in(&earlier, customers)?;
        Ok(Starts {
            from_date,
            segmented,
            groups_then,
            matches,
        })
    }

    /// Each method's migrations from the compare date to the as-of date
    /// (`predict_now`: the forecast at the as-of date, when it ran).
    pub(super) fn finish(
        self,
        customers: &Customers,
        config: &Config,
        (rfm_now, abc_now, points_now): (&rfm::Output, &abc::Output, &points::Output),
        predict_now: Option<&predict::Output>,
        skipped: &mut BTreeMap<String, migrations::Skipped>,
    ) -> Result<BTreeMap<String, migrations::Output>> {
        let Starts {
            from_date,
            segmented,
            groups_then,
            matches,
        } = self;
        let mut starts = Vec::with_capacity(segmented.len() + 1);
        if let Some(now) = predict_now {
            let method = SegmentMethod::Group;
            match fitted_now(now).and(groups_then) {
                Ok(labels) => {
                    let mut ladder =
                        segment_keys::outputs_ladder(method, (rfm_now, points_now), Some(now))?;
                    let then = segment_keys::outputs_segment_indices(
                        MethodOutput::GroupLabels(&labels),
                        &mut ladder,
                        OffLadder::Extend,
                    )?;
                    starts.push((method, ladder, then));
                }
                Err(reason) => {
                    skipped.insert(method.migration_key().to_string(), reason);
                }
            }
        }
        starts.extend(segmented);
        let later_revenue = migrations::period_revenue(customers, from_date, customers.as_of);
        let now_outputs = (rfm_now, abc_now, points_now);
        let mut outputs = BTreeMap::new();
        for (method, mut ladder, from_segment) in starts {
            let now = MethodOutput::of(method, now_outputs, predict_now)?;
            let to_segment =
                segment_keys::outputs_segment_indices(now, &mut ladder, OffLadder::Refuse)?;
            let first = migrations::FirstDate::matched(
                from_date,
                &from_segment,
                &matches,
                ladder.segments.len(),
            );
            let output = migrations::run_matched(
                &first,
                customers.as_of,
                &to_segment,
                &ladder,
                later_revenue.as_deref(),
                &config.migrations,
            )?;
            outputs.insert(ladder.method.clone(), output);
        }
        Ok(outputs)
    }
}

/// `Err` when the forecast at the as-of date fell back: the groups then
/// would have nothing to be compared with.
fn fitted_now(now: &predict::Output) -> std::result::Result<(), migrations::Skipped> {
    match &now.status {
        predict::Status::Fitted => Ok(()),
        predict::Status::Fallback {
            reason_fr,
            reason_en,
        } => Err(migrations::Skipped::model_fell_back(
            now.as_of, reason_fr, reason_en,
        )),
    }
}

/// For each customer of `later`, their position among `earlier`'s
/// customers (`None`: not there), when `earlier`'s customers are some of
/// `later`'s in the same order, as [`Customers::purchases_as_of`] keeps them.
/// Ids are compared, not copied.
fn positions_in(earlier: &Customers, later: &Customers) -> Result<Vec<Option<u32>>> {
    let mut next = 0_usize;
    let matches = later
        .customers
        .iter()
        .map(|customer| {
            let found = earlier
                .customers
                .get(next)
                .is_some_and(|c| *c.id == *customer.id);
            found.then(|| {
                next += 1;
                (next - 1) as u32
            })
        })
        .collect();
    if next != earlier.customers.len() {
        return Err(Error::analysis(
            "the customers at the compare date are not those of the as-of date",
        ));
    }
    Ok(matches)
}

/// The forecast on the customers as they stood at the compare date (no
/// holdout: its calibration end belongs to the as-of date's check). `Err`
/// when the model cannot be fitted then.
fn forecast_then(
    customers: &Customers,
    date: chrono::NaiveDate,
    config: &Config,
) -> std::result::Result<predict::Output, migrations::Skipped> {
    let params = predict::Params {
        calibration_end: None,
        ..config.predict.clone()
    };
    match predict::forecast::fitted_at(customers, date, &params) {
        Ok(Ok(then)) => Ok(then),
        Ok(Err(reason)) => Err(migrations::Skipped::model_fell_back(
            date, &reason.fr, &reason.en,
        )),
        Err(err) => {
            let reason = err.to_string();
            Err(migrations::Skipped::model_fell_back(date, &reason, &reason))
        }
    }
}
