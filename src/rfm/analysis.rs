//! `rfm::run`: score every customer, name their segment, and summarise.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::grid::{share, Grid, GridTally};
use super::params::{Monetary, Params};
use super::scores::{
    dimension_thresholds, rule_text, tie_note, Dimension, ThresholdSource, Thresholds,
};
use super::segments::{parse_code, Segment, SegmentMap};
use crate::customers::{Customer, Customers};
use crate::error::{Error, Result};
use crate::i18n::Language;
use crate::labels::Note;
use crate::quantiles::{
    integer_cut_points, quantile_cut_points, score_higher_better, score_lower_better,
};

/// One customer's RFM result (aligned with `Customers::customers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRfm {
    /// Recency score, 1..=bins (bins = most recent).
    pub r_score: u8,
    /// Frequency score, 1..=bins.
    pub f_score: u8,
    /// Monetary score, 1..=bins.
    pub m_score: u8,
    /// The combined code as a number, `r·100 + f·10 + m`: it prints as the
    /// usual code (`545`) and costs no allocation per customer.
    pub code: u16,
    /// The named segment.
    pub segment: Segment,
}

/// One segment's line of the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentSummary {
    /// Stable English key.
    pub key: Segment,
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
    /// One-line definition, French (score ranges of the default map).
    pub definition_fr: String,
    /// One-line definition, English.
    pub definition_en: String,
    /// Customers in the segment.
    pub customers: usize,
    /// Their net revenue.
    pub revenue: f64,
    /// Share of all customers.
    pub share_customers: f64,
    /// Share of total net revenue.
    pub share_revenue: f64,
    /// Mean days since the last purchase (`None` for an empty segment).
    pub mean_recency_days: Option<f64>,
    /// Mean distinct purchase days.
    pub mean_frequency: Option<f64>,
    /// Mean of the monetary value used for M (revenue or average order
    /// value, per `rfm.monetary`).
    pub mean_monetary: Option<f64>,
    /// Recommended action, French.
    pub action_fr: String,
    /// Recommended action, English.
    pub action_en: String,
}

/// A code whose segment the user changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentOverride {
    /// The code, e.g. `545`.
    pub code: String,
    /// The segment of the default map.
    pub default_segment: Segment,
    /// The segment used instead.
    pub segment: Segment,
}

/// The RFM result: what goes under `rfm` in `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// Number of scores per dimension.
    pub bins: u8,
    /// What M measured.
    pub monetary: Monetary,
    /// The date recency is measured at.
    pub as_of: NaiveDate,
    /// Customers scored.
    pub customers_total: usize,
    /// Their total net revenue.
    pub revenue_total: f64,
    /// Cut points actually used, bands and the scoring rule in words.
    pub thresholds: Thresholds,
    /// All eleven segments in ladder order (best → worst), empty ones
    /// included.
    pub segments: Vec<SegmentSummary>,
    /// The R×F map.
    pub grid: Grid,
    /// Codes whose segment was changed by `rfm.segment_overrides`.
    pub overrides: Vec<SegmentOverride>,
    /// Plain sentences about ties and degenerate dimensions.
    pub notes: Vec<Note>,
    /// Per-customer scores and segments, index-aligned with
    /// `Customers::customers` (exported to customers.csv, not the summary).
    #[serde(skip)]
    pub customers: Vec<CustomerRfm>,
}

/// What RFM reads of one customer, packed so the scoring passes stream
/// through 32 bytes per customer instead of the whole record.
struct Columns {
    recency: i64,
    frequency: i64,
    monetary: f64,
    revenue: f64,
}

/// The monetary value used for M.
#[inline]
fn monetary_value(customer: &Customer, monetary: Monetary) -> f64 {
    match monetary {
        Monetary::Revenue => customer.revenue,
        Monetary::AverageOrderValue => customer.average_order_value(),
    }
}

/// Score every customer on R, F and M, map the code to a segment and
/// summarise segments and the R×F map.
///
/// Recency is `as_of - last_purchase` in days, frequency the distinct
/// purchase days, monetary the net revenue or average order value. See
/// [`super::scores`] for the cut points and the treatment of ties, and
/// [`super::segments`] for the map.
///
/// ```
/// use chrono::{Datelike, NaiveDate};
/// use segmento::{Attributes, Customers, OwnedCustomer, OwnedCustomers, rfm};
/// let day = |d| NaiveDate::from_ymd_opt(2024, 1, d).unwrap();
/// let customer = |id: &str, last, frequency, revenue| OwnedCustomer {
///     id: id.into(), first_purchase: day(1), last_purchase: last, frequency,
///     orders: frequency, revenue, margin: 0.0, first_channel: None,
///     last_channel: None, attributes: Attributes::default(), history: vec![],
/// };
/// let customers = Customers::from_owned(OwnedCustomers {
///     as_of: day(31),
///     customers: vec![
///         customer("best", day(30), 9, 900.0),
///         customer("gone", day(1), 1, 20.0),
///     ],
///     prospects: vec![], has_margin: false, has_channel: false,
///     has_history: false, first_purchase_known: false,
/// });
/// let out = rfm::run(&customers, &rfm::Params::default()).unwrap();
/// assert_eq!(out.customers[0].code, 555);
/// assert_eq!(out.customers[0].segment, rfm::Segment::Champions);
/// assert_eq!(out.customers[1].code, 111);
/// assert_eq!(out.customers[1].segment, rfm::Segment::Lost);
/// assert_eq!(out.segments.len(), 11);
/// ```
pub fn run(customers: &Customers, params: &Params) -> Result<Output> {
    params.validate()?;
    let list = &customers.customers;
    let as_of = customers.as_of;
    let bins = params.bins;
    let custom = params.thresholds.clone().unwrap_or_default();

    // One pass over the (large) customer records into compact columns; the
    // rest of the work reads only these.
    let as_of_day = i64::from(as_of.num_days_from_ce());
    let n = list.len();
    let columns: Vec<Columns> = list
        .iter()
        .map(|customer| Columns {
            recency: as_of_day - i64::from(customer.last_purchase.num_days_from_ce()),
            frequency: i64::from(customer.frequency),
            monetary: monetary_value(customer, params.monetary),
            revenue: customer.revenue,
        })
        .collect();
    if let Some(bad) = columns.iter().position(|c| !c.revenue.is_finite()) {
        return Err(Error::analysis(format!(
            "customer {}: net revenue is not a number ({})",
            list[bad].id, list[bad].revenue
        )));
    }
    // Cut points: the user's, or quantiles (a histogram for the whole-number
    // dimensions, a radix select for monetary).
    let (recency_cuts, recency_source) = match &custom.recency {
        Some(cuts) => (cuts.clone(), ThresholdSource::Custom),
        None => (
            integer_cut_points(columns.iter().map(|c| c.recency), usize::from(bins)),
            ThresholdSource::Quantiles,
        ),
    };
    let (frequency_cuts, frequency_source) = match &custom.frequency {
        Some(cuts) => (cuts.clone(), ThresholdSource::Custom),
        None => (
            integer_cut_points(columns.iter().map(|c| c.frequency), usize::from(bins)),
            ThresholdSource::Quantiles,
        ),
    };
    let (monetary_cuts, monetary_source) = match &custom.monetary {
        Some(cuts) => (cuts.clone(), ThresholdSource::Custom),
        None => (
            quantile_cut_points(columns.iter().map(|c| c.monetary), usize::from(bins)),
            ThresholdSource::Quantiles,
        ),
    };

    let map = SegmentMap::new(
        bins,
        params
            .segment_overrides
            .iter()
            .map(|(code, segment)| (code.as_str(), *segment)),
    );

    // Score and tally in one pass.
    let b = usize::from(bins);
    let mut band_counts = [vec![0usize; b], vec![0usize; b], vec![0usize; b]];
    let mut segment_customers = [0usize; 11];
    let mut segment_revenue = [0.0f64; 11];
    let mut segment_recency = [0.0f64; 11];
    let mut segment_frequency = [0.0f64; 11];
    let mut segment_monetary = [0.0f64; 11];
    let mut grid = GridTally::new(bins);
    let mut per_customer = Vec::with_capacity(n);
    let mut revenue_total = 0.0;
    // Cut points padded to four so the three scores unroll to twelve plain
    // comparisons: padding is +∞ where a score counts cuts passed from
    // below and -∞ for recency, so it is never passed.
    let padded = |cuts: &[f64], pad: f64| {
        let mut out = [pad; 4];
        for (slot, &cut) in out.iter_mut().zip(cuts) {
            *slot = cut;
        }
        out
    };
    let recency_fixed = padded(&recency_cuts, f64::NEG_INFINITY);
    let frequency_fixed = padded(&frequency_cuts, f64::INFINITY);
    let monetary_fixed = padded(&monetary_cuts, f64::INFINITY);
    for column in &columns {
        let (recency, frequency, monetary, revenue) = (
            column.recency as f64,
            column.frequency as f64,
            column.monetary,
            column.revenue,
        );
        let r = score_lower_better(&recency_fixed, recency);
        let f = score_higher_better(&frequency_fixed, frequency);
        let m = score_higher_better(&monetary_fixed, monetary);
        let segment = map.segment(r, f, m);
        let s = segment.ladder_index();
        band_counts[0][usize::from(r) - 1] += 1;
        band_counts[1][usize::from(f) - 1] += 1;
        band_counts[2][usize::from(m) - 1] += 1;
        segment_customers[s] += 1;
        segment_revenue[s] += revenue;
        segment_recency[s] += recency;
        segment_frequency[s] += frequency;
        segment_monetary[s] += monetary;
        revenue_total += revenue;
        grid.add(r, f, segment, revenue);
        per_customer.push(CustomerRfm {
            r_score: r,
            f_score: f,
            m_score: m,
            code: u16::from(r) * 100 + u16::from(f) * 10 + u16::from(m),
            segment,
        });
    }
    let customers_total = n;

    let thresholds = Thresholds {
        recency: dimension_thresholds(
            Dimension::Recency,
            recency_source,
            recency_cuts,
            &band_counts[0],
        ),
        frequency: dimension_thresholds(
            Dimension::Frequency,
            frequency_source,
            frequency_cuts,
            &band_counts[1],
        ),
        monetary: dimension_thresholds(
            Dimension::Monetary,
            monetary_source,
            monetary_cuts,
            &band_counts[2],
        ),
        rule_fr: rule_text(bins, Language::Fr),
        rule_en: rule_text(bins, Language::En),
    };

    let segments = Segment::LADDER
        .iter()
        .map(|&segment| {
            let s = segment.ladder_index();
            let info = segment.info();
            let count = segment_customers[s];
            let mean = |sum: f64| (count > 0).then(|| sum / count as f64);
            SegmentSummary {
                key: segment,
                label_fr: info.label_fr.to_string(),
                label_en: info.label_en.to_string(),
                definition_fr: info.definition_fr.to_string(),
                definition_en: info.definition_en.to_string(),
                customers: count,
                revenue: segment_revenue[s],
                share_customers: share(count as f64, customers_total as f64),
                share_revenue: share(segment_revenue[s], revenue_total),
                mean_recency_days: mean(segment_recency[s]),
                mean_frequency: mean(segment_frequency[s]),
                mean_monetary: mean(segment_monetary[s]),
                action_fr: info.action_fr.to_string(),
                action_en: info.action_en.to_string(),
            }
        })
        .collect();

    let default_map = SegmentMap::new(bins, []);
    let overrides = params
        .segment_overrides
        .iter()
        .filter_map(|(code, &segment)| {
            let (r, f, m) = parse_code(code, bins)?;
            Some(SegmentOverride {
                code: code.clone(),
                default_segment: default_map.segment(r, f, m),
                segment,
            })
        })
        .collect();

    let mut notes = Vec::new();
    if customers_total == 0 {
        notes.push(Note::new(
            "no_customer",
            "Aucun client acheteur : aucun score n'a été calculé.",
            "No buying customer: no score was computed.",
        ));
    }
    if bins != 5 {
        notes.push(Note::new(
            "segments_on_five_scale",
            format!(
                "Avec {bins} scores par critère, les scores sont placés sur l'échelle 1-5 pour nommer les segments ({}).",
                scale_list(bins)
            ),
            format!(
                "With {bins} scores per dimension, scores are placed on the 1-5 scale to name segments ({}).",
                scale_list(bins)
            ),
        ));
    }
    notes.extend(
        [
            &thresholds.recency,
            &thresholds.frequency,
            &thresholds.monetary,
        ]
        .into_iter()
        .filter_map(|t| tie_note(t, bins)),
    );
    if !params.segment_overrides.is_empty() {
        notes.push(Note::new(
            "segment_overrides",
            format!(
                "{} code(s) ont un segment choisi par l'utilisateur ; les définitions affichées sont celles de la carte par défaut.",
                params.segment_overrides.len()
            ),
            format!(
                "{} code(s) have a user-chosen segment; the definitions shown are those of the default map.",
                params.segment_overrides.len()
            ),
        ));
    }

    Ok(Output {
        bins,
        monetary: params.monetary,
        as_of,
        customers_total,
        revenue_total,
        thresholds,
        segments,
        grid: grid.finish(&map, customers_total, revenue_total),
        overrides,
        notes,
        customers: per_customer,
    })
}

fn scale_list(bins: u8) -> String {
    (1..=bins)
        .map(|s| format!("{s}→{}", super::segments::to_five_scale(s, bins)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customers::{Attributes, OwnedCustomer, OwnedCustomers};
    use std::collections::BTreeMap;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn customer(
        id: &str,
        recency: i64,
        frequency: u32,
        orders: u32,
        revenue: f64,
    ) -> OwnedCustomer {
        let last = day(2024, 12, 31) - chrono::Duration::days(recency);
        OwnedCustomer {
            id: id.into(),
            first_purchase: last,
            last_purchase: last,
            frequency,
            orders,
            revenue,
            margin: 0.0,
            first_channel: None,
            last_channel: None,
            attributes: Attributes::default(),
            history: vec![],
        }
    }

    fn set(list: Vec<OwnedCustomer>) -> Customers {
        Customers::from_owned(OwnedCustomers {
            as_of: day(2024, 12, 31),
            customers: list,
            prospects: vec![],
            has_margin: false,
            has_channel: false,
            has_history: false,
            first_purchase_known: false,
        })
    }

    #[test]
    fn all_single_purchase_customers_share_f_score_1() {
        let list = (0..10)
            .map(|i| customer(&format!("C{i}"), i * 10, 1, 1, 10.0 * (i + 1) as f64))
            .collect();
        let out = run(&set(list), &Params::default()).unwrap();
        assert_eq!(out.thresholds.frequency.cut_points, vec![1.0; 4]);
        assert!(out.customers.iter().all(|c| c.f_score == 1));
        assert_eq!(out.thresholds.frequency.bands[0].customers, 10);
        assert!(out
            .notes
            .iter()
            .any(|n| n.key == "frequency_scores_tied"
                && n.en.contains("same value (1 purchase day)")));
        // Recency 0, 10, …, 90 days: n = 10, h = 9p = 1.8, 3.6, 5.4, 7.2,
        // cuts 18, 36, 54, 72; R = 1 + #cuts strictly above the recency:
        // 0 and 10 → 5, 20 and 30 → 4, 40 and 50 → 3, 60 and 70 → 2, 80 and 90 → 1.
        let r: Vec<u8> = out.customers.iter().map(|c| c.r_score).collect();
        assert_eq!(r, [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
        // F 1 everywhere: R 5 → new, R 4 → promising, R 3 → about to sleep,
        // R 2 → hibernating, R 1 → lost.
        let segments: Vec<Segment> = out.customers.iter().map(|c| c.segment).collect();
        use Segment::*;
        assert_eq!(
            segments,
            [
                New,
                New,
                Promising,
                Promising,
                AboutToSleep,
                AboutToSleep,
                Hibernating,
                Hibernating,
                Lost,
                Lost
            ]
        );
    }

    #[test]
    fn empty_input_gives_a_full_but_empty_summary() {
        let out = run(&set(vec![]), &Params::default()).unwrap();
        assert_eq!(out.segments.len(), 11);
        assert!(out
            .segments
            .iter()
            .all(|s| s.customers == 0 && s.mean_recency_days.is_none()));
        assert_eq!(out.grid.cells.len(), 25);
        assert!(out.thresholds.recency.cut_points.is_empty());
        assert!(out.notes.iter().any(|n| n.key == "no_customer"));
        assert!(out
            .segments
            .iter()
            .all(|s| s.share_customers == 0.0 && s.share_revenue == 0.0));
        assert!(out.grid.cells.iter().all(|c| c.share_customers == 0.0));
    }

    #[test]
    fn custom_thresholds_average_order_value_and_overrides() {
        let list = vec![
            customer("A", 5, 3, 6, 600.0),  // AOV 100
            customer("B", 400, 1, 1, 50.0), // AOV 50
            customer("C", 30, 2, 2, 300.0), // AOV 150
        ];
        let mut overrides = BTreeMap::new();
        overrides.insert("333".to_string(), Segment::Loyal);
        let params = Params {
            bins: 3,
            monetary: Monetary::AverageOrderValue,
            thresholds: Some(super::super::params::CustomThresholds {
                recency: Some(vec![30.0, 365.0]),
                frequency: Some(vec![1.0, 2.0]),
                monetary: Some(vec![60.0, 120.0]),
            }),
            segment_overrides: overrides,
        };
        let out = run(&set(list), &params).unwrap();
        // A: recency 5 < 30 and < 365 → R 3; F 3 > 1, > 2 → 3; AOV 100 > 60 → M 2.
        // B: 400 → R 1; F 1 → 1; AOV 50 → M 1.
        // C: 30 is not < 30 but < 365 → R 2; F 2 > 1 only → 2; AOV 150 → M 3.
        let codes: Vec<u16> = out.customers.iter().map(|c| c.code).collect();
        assert_eq!(codes, [332, 111, 223]);
        // 332 → 5-scale 553 → loyal; 111 → lost; 223 → 335 → need attention.
        let segments: Vec<Segment> = out.customers.iter().map(|c| c.segment).collect();
        assert_eq!(
            segments,
            [Segment::Loyal, Segment::Lost, Segment::NeedAttention]
        );
        assert_eq!(out.overrides.len(), 1);
        assert_eq!(out.overrides[0].default_segment, Segment::Champions);
        let loyal = &out.segments[Segment::Loyal.ladder_index()];
        assert_eq!(loyal.mean_monetary, Some(100.0));
        assert_eq!(out.grid.cells.len(), 9);
    }

    #[test]
    fn rejects_non_finite_revenue() {
        let err = run(
            &set(vec![customer("X", 1, 1, 1, f64::NAN)]),
            &Params::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("customer X"));
    }
}
