//! The after-campaign readout: did the campaign pay, segment by segment,
//! against the control group drawn by [`control`](super::control)?
//!
//! For each segment, with `n₁` target and `n₀` control customers of whom
//! `x₁` and `x₀` responded:
//! - response rates `p₁ = x₁/n₁`, `p₀ = x₀/n₀`; absolute uplift `p₁ − p₀`
//!   (in percentage points) and relative uplift `(p₁ − p₀)/p₀`;
//! - the two-proportion **unpooled Wald interval** (Agresti & Franklin,
//!   *Statistics*, §10.1; Newcombe 1998, method 1):
//!   `p₁ − p₀ ± z·√(p₁(1 − p₁)/n₁ + p₀(1 − p₀)/n₀)`, `z` the normal quantile
//!   of the confidence level (1.96 for 95 %);
//! - incremental revenue and margin: the per-customer difference between
//!   target and control, times the number of target customers
//!   (`(R₁/n₁ − R₀/n₀) · n₁`), i.e. what the contacted customers brought in
//!   beyond what they would have bought anyway;
//! - net gain: incremental margin (incremental revenue when the file has no
//!   margin, flagged in the notes) minus the cost of contacting the target
//!   customers.
//!
//! Verdict: **not significant** when the interval contains 0; **paid** when
//! the uplift is significantly positive and the net gain is ≥ 0; **did not
//! pay** when the uplift is significantly positive but the net gain is
//! negative, or the uplift is significantly negative; **insufficient data**
//! when the target or the control group is empty.
//!
//! The `overall` line combines segments by stratification (weights = each
//! segment's share of target customers, variance Σ wₛ² Varₛ), which is the
//! right pooling for a segment-stratified draw; its control response rate is
//! reweighted to the target's segment mix (Σ wₛ p₀ₛ) so that the two rates it
//! shows differ by exactly the uplift. Segments without a control (or
//! without a target) are left out of it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::control::CampaignGroup;
use super::format::{euros_en, euros_fr, percent_en, percent_fr, points_en, points_fr};
use super::kaplan_meier::z_for_confidence;
use crate::customers::Customers;
use crate::error::{Error, Result};

/// Settings of the readout (config key `uplift`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Confidence level of the intervals (0.95).
    pub confidence: f64,
    /// Cost of contacting one target customer (0), in the file's currency.
    pub cost_per_contact: f64,
    /// Per-segment costs overriding `cost_per_contact` (the campaign P&L's
    /// cost table, when there is one).
    pub cost_by_segment: BTreeMap<String, f64>,
    /// The campaign's channel (a key of the campaign P&L's channel table,
    /// e.g. `courrier`): its cost per contact is used when
    /// `cost_per_contact` is 0.
    pub channel: Option<String>,
    /// First day of the campaign; by default the day after the draw date
    /// recorded in the campaign list.
    #[serde(deserialize_with = "crate::date_text::optional_iso")]
    pub campaign_start: Option<NaiveDate>,
    /// Days after the start counted as a response; by default the campaign
    /// P&L's window (8 weeks).
    pub window_days: Option<u32>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            confidence: 0.95,
            cost_per_contact: 0.0,
            cost_by_segment: BTreeMap::new(),
            channel: None,
            campaign_start: None,
            window_days: None,
        }
    }
}

impl Params {
    /// Checks every setting; the error names the config key.
    pub fn validate(&self) -> Result<()> {
        if !(self.confidence >= 0.5 && self.confidence <= 0.999) {
            return Err(Error::invalid_params(
                "uplift.confidence",
                crate::error_messages::BETWEEN_NOT.with(&[
                    ("min", &0.5),
                    ("max", &0.999),
                    ("value", &self.confidence),
                ]),
            ));
        }
        if !(self.cost_per_contact >= 0.0 && self.cost_per_contact.is_finite()) {
            return Err(Error::invalid_params(
                "uplift.cost_per_contact",
                crate::error_messages::COST_ZERO_OR_MORE,
            ));
        }
        if self.window_days == Some(0) {
            return Err(Error::invalid_params(
                "uplift.window_days",
                crate::error_messages::AT_LEAST_DAYS.with(&[("min", &1)]),
            ));
        }
        for (segment, cost) in &self.cost_by_segment {
            if !(*cost >= 0.0 && cost.is_finite()) {
                return Err(Error::invalid_params(
                    format!("uplift.cost_by_segment.{segment}"),
                    crate::error_messages::COST_ZERO_OR_MORE,
                ));
            }
        }
        Ok(())
    }

    fn cost_for(&self, segment: &str) -> f64 {
        self.cost_by_segment
            .get(segment)
            .copied()
            .unwrap_or(self.cost_per_contact)
    }
}

/// One line of a campaign list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignMember {
    /// Customer id.
    pub id: String,
    /// Segment at the time of the campaign.
    pub segment: String,
    /// Target or control.
    pub group: CampaignGroup,
}

/// What one campaign customer did afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// Segment at the time of the campaign.
    pub segment: String,
    /// Target or control.
    pub group: CampaignGroup,
    /// Bought in the response window.
    pub responded: bool,
    /// Net revenue in the window.
    pub revenue: f64,
    /// Margin in the window.
    pub margin: f64,
}

/// The campaign customers' responses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignResponses {
    /// One per campaign customer.
    pub responses: Vec<Response>,
    /// Whether margins are real (the later file had a margin column).
    pub margin_known: bool,
    /// Campaign customers not found in the later file (counted as not
    /// responding).
    pub not_in_file: u32,
}

/// Responses from a campaign list and a later order file: a customer
/// responded when they have a purchase day (an order, see
/// [`Purchase::is_purchase`](crate::Purchase::is_purchase): a return-only
/// day is not one) after `campaign_date` and up to `campaign_date +
/// window_days` (or the later file's as-of date when `window_days` is
/// `None`); revenue and margin are summed over that window, returns netted.
pub fn responses_from_orders(
    members: &[CampaignMember],
    campaign_date: NaiveDate,
    window_days: Option<u32>,
    later: &Customers,
) -> Result<CampaignResponses> {
    if !later.has_history {
        return Err(Error::analysis(
            "measuring responses needs a later order file (dated purchases), not a customer file",
        ));
    }
    if campaign_date >= later.as_of {
        return Err(Error::analysis(format!(
            "the later file ends on {}, not after the campaign date {campaign_date}",
            later.as_of
        )));
    }
    let window_end = match window_days {
        Some(days) => campaign_date + chrono::Duration::days(i64::from(days)),
        None => later.as_of,
    };
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    index.reserve(later.customers.len());
    for (i, customer) in later.customers.iter().enumerate() {
        index.insert(customer.id.as_str(), i);
    }
    let mut seen: FxHashMap<&str, ()> = FxHashMap::default();
    let mut responses = Vec::with_capacity(members.len());
    let mut not_in_file = 0;
    for member in members {
        if seen.insert(member.id.as_str(), ()).is_some() {
            return Err(Error::analysis(format!(
                "customer {} appears twice in the campaign list",
                member.id
            )));
        }
        let (mut responded, mut revenue, mut margin) = (false, 0.0, 0.0);
        match index.get(member.id.as_str()) {
            Some(&i) => {
                let history = later.history(&later.customers[i]);
                let start = history.partition_point(|p| p.date <= campaign_date);
                for purchase in history[start..].iter().take_while(|p| p.date <= window_end) {
                    responded |= purchase.is_purchase();
                    revenue += purchase.revenue;
                    margin += purchase.margin;
                }
            }
            None => not_in_file += 1,
        }
        responses.push(Response {
            segment: member.segment.clone(),
            group: member.group,
            responded,
            revenue,
            margin,
        });
    }
    Ok(CampaignResponses {
        responses,
        margin_known: later.has_margin,
        not_in_file,
    })
}

/// Tallies of one group in one segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupStats {
    /// Customers.
    pub customers: u32,
    /// Customers who responded.
    pub responders: u32,
    /// `responders / customers` (`None` for an empty group). On the
    /// `overall` line, the control's rate is reweighted to the target's
    /// segment mix (Σ wₛ p₀ₛ), so that target rate − control rate = uplift.
    pub response_rate: Option<f64>,
    /// Total revenue in the window.
    pub revenue: f64,
    /// Total margin in the window.
    pub margin: f64,
}

/// Verdict for a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Significant uplift and a non-negative net gain.
    Paid,
    /// A net loss despite a significant uplift, or a significant drop.
    DidNotPay,
    /// The interval contains 0.
    NotSignificant,
    /// No target or no control customer.
    InsufficientData,
}

/// The readout of one segment (or `all`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentUplift {
    /// Segment key, or `all` for the overall line.
    pub segment: String,
    /// The contacted customers.
    pub target: GroupStats,
    /// The held-out customers.
    pub control: GroupStats,
    /// `p₁ − p₀`.
    pub uplift: Option<f64>,
    /// `(p₁ − p₀) / p₀` (`None` when `p₀ = 0`).
    pub relative_uplift: Option<f64>,
    /// Lower end of the interval of `p₁ − p₀`.
    pub ci_low: Option<f64>,
    /// Upper end.
    pub ci_high: Option<f64>,
    /// Extra responders caused: `uplift × n₁`.
    pub incremental_responders: Option<f64>,
    /// Extra revenue caused.
    pub incremental_revenue: Option<f64>,
    /// Extra margin caused.
    pub incremental_margin: Option<f64>,
    /// Cost of contacting the target customers.
    pub contact_cost: f64,
    /// Incremental margin (or revenue without margins) minus the contact cost.
    pub net_gain: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
    /// The verdict in a French sentence.
    pub verdict_fr: String,
    /// The verdict in an English sentence.
    pub verdict_en: String,
}

/// Result of [`run`]; goes into `summary.json` under `uplift`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// Confidence level.
    pub confidence: f64,
    /// The normal quantile used.
    pub z: f64,
    /// How the interval is computed.
    pub interval_method: String,
    /// Whether net gains use margins (else revenue).
    pub margin_known: bool,
    /// Per segment, in key order.
    pub by_segment: Vec<SegmentUplift>,
    /// All segments with both groups, stratified.
    pub overall: SegmentUplift,
    /// Remarks for the reader, in French.
    pub notes_fr: Vec<String>,
    /// Remarks for the reader, in English.
    pub notes_en: Vec<String>,
}

/// The readout per segment and overall.
///
/// ```
/// use segmento::dynamics::control::CampaignGroup;
/// use segmento::dynamics::uplift::{run, CampaignResponses, Params, Response, Verdict};
/// let response = |group, responded| Response {
///     segment: "vip".into(), group, responded, revenue: if responded { 50.0 } else { 0.0 }, margin: 0.0,
/// };
/// let mut responses = Vec::new();
/// for i in 0..900 { responses.push(response(CampaignGroup::Target, i < 270)); }
/// for i in 0..100 { responses.push(response(CampaignGroup::Control, i < 10)); }
/// let input = CampaignResponses { responses, margin_known: false, not_in_file: 0 };
/// let out = run(&input, &Params::default()).unwrap();
/// assert_eq!(out.by_segment[0].verdict, Verdict::Paid);
/// assert!((out.by_segment[0].uplift.unwrap() - 0.2).abs() < 1e-12);
/// ```
pub fn run(input: &CampaignResponses, params: &Params) -> Result<Output> {
    params.validate()?;
    let z = z_for_confidence(params.confidence)?;
    let mut tallies: BTreeMap<&str, [GroupStats; 2]> = BTreeMap::new();
    for response in &input.responses {
        let pair = tallies
            .entry(response.segment.as_str())
            .or_insert_with(|| [empty_stats(), empty_stats()]);
        let stats = &mut pair[usize::from(response.group == CampaignGroup::Control)];
        stats.customers += 1;
        stats.responders += u32::from(response.responded);
        stats.revenue += response.revenue;
        stats.margin += response.margin;
    }
    let mut by_segment = Vec::with_capacity(tallies.len());
    // Stratified totals over segments with both groups.
    let mut overall_target = empty_stats();
    let mut overall_control = empty_stats();
    let mut weighted_uplift = 0.0;
    let mut weighted_variance = 0.0;
    let mut incremental = [0.0_f64; 3]; // responders, revenue, margin
    let mut contact_cost_total = 0.0;
    let mut strata = Vec::new();
    for (segment, [target, control]) in tallies {
        let estimate = estimate(&target, &control, z);
        let cost = params.cost_for(segment) * f64::from(target.customers);
        if let Some(e) = &estimate {
            strata.push((target.customers, *e));
            incremental[0] += e.uplift * f64::from(target.customers);
            incremental[1] += e.revenue_per_customer_difference * f64::from(target.customers);
            incremental[2] += e.margin_per_customer_difference * f64::from(target.customers);
            contact_cost_total += cost;
            add_stats(&mut overall_target, &target);
            add_stats(&mut overall_control, &control);
        }
        by_segment.push(readout(
            segment.to_string(),
            target,
            control,
            estimate,
            cost,
            input.margin_known,
            params.confidence,
        ));
    }
    let stratified_target: u32 = strata.iter().map(|s| s.0).sum();
    let overall_estimate = (stratified_target > 0).then(|| {
        let (mut target_rate, mut control_rate) = (0.0, 0.0);
        for (n, e) in &strata {
            let w = f64::from(*n) / f64::from(stratified_target);
            weighted_uplift += w * e.uplift;
            weighted_variance += w * w * e.variance;
            target_rate += w * e.target_rate;
            control_rate += w * e.control_rate;
        }
        let half = z * weighted_variance.sqrt();
        Estimate {
            uplift: weighted_uplift,
            variance: weighted_variance,
            ci_low: weighted_uplift - half,
            ci_high: weighted_uplift + half,
            relative: (control_rate > 0.0).then(|| weighted_uplift / control_rate),
            target_rate,
            control_rate,
            revenue_per_customer_difference: incremental[1] / f64::from(stratified_target),
            margin_per_customer_difference: incremental[2] / f64::from(stratified_target),
        }
    });
    let mut overall = readout(
        "all".into(),
        overall_target,
        overall_control,
        overall_estimate,
        contact_cost_total,
        input.margin_known,
        params.confidence,
    );
    if overall_estimate.is_some() {
        overall.incremental_responders = Some(incremental[0]);
    }
    let mut notes_fr = Vec::new();
    let mut notes_en = Vec::new();
    if !input.margin_known {
        notes_fr.push(
            "Le fichier n'a pas de marge : le gain net est calculé sur le chiffre d'affaires supplémentaire, \
             ce qui surestime la rentabilité."
                .to_string(),
        );
        notes_en.push(
            "The file has no margin: the net gain uses the extra revenue, which overstates profitability.".to_string(),
        );
    }
    if input.not_in_file > 0 {
        notes_fr.push(format!(
            "{} clients de la campagne sont absents du fichier récent : comptés comme n'ayant pas acheté.",
            input.not_in_file
        ));
        notes_en.push(format!(
            "{} campaign customers are missing from the recent file: counted as not having bought.",
            input.not_in_file
        ));
    }
    Ok(Output {
        confidence: params.confidence,
        z,
        interval_method:
            "unpooled Wald two-proportion interval: p1 - p0 ± z·sqrt(p1(1-p1)/n1 + p0(1-p0)/n0)"
                .into(),
        margin_known: input.margin_known,
        by_segment,
        overall,
        notes_fr,
        notes_en,
    })
}

fn empty_stats() -> GroupStats {
    GroupStats {
        customers: 0,
        responders: 0,
        response_rate: None,
        revenue: 0.0,
        margin: 0.0,
    }
}

fn add_stats(total: &mut GroupStats, part: &GroupStats) {
    total.customers += part.customers;
    total.responders += part.responders;
    total.revenue += part.revenue;
    total.margin += part.margin;
}

fn rate(stats: &GroupStats) -> Option<f64> {
    (stats.customers > 0).then(|| f64::from(stats.responders) / f64::from(stats.customers))
}

/// The comparison of one target and one control group.
#[derive(Debug, Clone, Copy)]
struct Estimate {
    uplift: f64,
    variance: f64,
    ci_low: f64,
    ci_high: f64,
    relative: Option<f64>,
    /// Response rate of the target (for `all`: weighted by target counts).
    target_rate: f64,
    /// Response rate of the control (for `all`: reweighted to the target's
    /// segment mix, so that `target_rate − control_rate = uplift`).
    control_rate: f64,
    revenue_per_customer_difference: f64,
    margin_per_customer_difference: f64,
}

/// Unpooled Wald estimate; `None` when a group is empty.
fn estimate(target: &GroupStats, control: &GroupStats, z: f64) -> Option<Estimate> {
    let (p1, p0) = (rate(target)?, rate(control)?);
    let (n1, n0) = (f64::from(target.customers), f64::from(control.customers));
    let uplift = p1 - p0;
    let variance = p1 * (1.0 - p1) / n1 + p0 * (1.0 - p0) / n0;
    let half = z * variance.sqrt();
    Some(Estimate {
        uplift,
        variance,
        ci_low: uplift - half,
        ci_high: uplift + half,
        relative: (p0 > 0.0).then(|| uplift / p0),
        target_rate: p1,
        control_rate: p0,
        revenue_per_customer_difference: target.revenue / n1 - control.revenue / n0,
        margin_per_customer_difference: target.margin / n1 - control.margin / n0,
    })
}

/// Builds a segment's line with its verdict and sentences.
fn readout(
    segment: String,
    mut target: GroupStats,
    mut control: GroupStats,
    estimate: Option<Estimate>,
    contact_cost: f64,
    margin_known: bool,
    confidence: f64,
) -> SegmentUplift {
    target.response_rate = estimate.map_or_else(|| rate(&target), |e| Some(e.target_rate));
    control.response_rate = estimate.map_or_else(|| rate(&control), |e| Some(e.control_rate));
    let n1 = f64::from(target.customers);
    let Some(e) = estimate else {
        return SegmentUplift {
            segment,
            target,
            control,
            uplift: None,
            relative_uplift: None,
            ci_low: None,
            ci_high: None,
            incremental_responders: None,
            incremental_revenue: None,
            incremental_margin: None,
            contact_cost,
            net_gain: None,
            verdict: Verdict::InsufficientData,
            verdict_fr: "Impossible de conclure : il faut des clients à la fois dans le groupe cible et dans le \
                         groupe témoin."
                .into(),
            verdict_en: "No conclusion possible: both the target and the control group need customers.".into(),
        };
    };
    let incremental_revenue = e.revenue_per_customer_difference * n1;
    let incremental_margin = e.margin_per_customer_difference * n1;
    let gain = if margin_known {
        incremental_margin
    } else {
        incremental_revenue
    };
    let net = gain - contact_cost;
    let verdict = if e.ci_low > 0.0 {
        if net >= 0.0 {
            Verdict::Paid
        } else {
            Verdict::DidNotPay
        }
    } else if e.ci_high < 0.0 {
        Verdict::DidNotPay
    } else {
        Verdict::NotSignificant
    };
    let (p1, p0) = (
        target.response_rate.unwrap_or(0.0),
        control.response_rate.unwrap_or(0.0),
    );
    let level_fr = percent_fr(confidence);
    let level_en = percent_en(confidence);
    let rates_fr = format!(
        "{} des clients ciblés ont acheté contre {} du groupe témoin",
        percent_fr(p1),
        percent_fr(p0)
    );
    let rates_en = format!(
        "{} of targeted customers bought against {} of the control group",
        percent_en(p1),
        percent_en(p0)
    );
    let interval_fr = format!(
        "IC {level_fr} : {} à {}",
        points_fr(e.ci_low),
        points_fr(e.ci_high)
    );
    let interval_en = format!(
        "{level_en} CI: {} to {}",
        points_en(e.ci_low),
        points_en(e.ci_high)
    );
    let gain_word_fr = if margin_known {
        "marge"
    } else {
        "chiffre d'affaires"
    };
    let gain_word_en = if margin_known { "margin" } else { "revenue" };
    let (verdict_fr, verdict_en) = match verdict {
        Verdict::Paid => (
            format!(
                "Rentable : {rates_fr}, soit {} de plus ({interval_fr}). Gain net estimé : {} de {gain_word_fr} \
                 supplémentaire après {} de frais de contact.",
                points_fr(e.uplift),
                euros_fr(net),
                euros_fr(contact_cost)
            ),
            format!(
                "Paid: {rates_en}, {} more ({interval_en}). Estimated net gain: {} of extra {gain_word_en} after \
                 {} of contact costs.",
                points_en(e.uplift),
                euros_en(net),
                euros_en(contact_cost)
            ),
        ),
        Verdict::DidNotPay if e.ci_low > 0.0 => (
            format!(
                "Non rentable : {rates_fr}, soit {} de plus ({interval_fr}), mais les {} de {gain_word_fr} \
                 supplémentaire ne couvrent pas les {} de frais de contact (perte nette : {}).",
                points_fr(e.uplift),
                euros_fr(gain),
                euros_fr(contact_cost),
                euros_fr(-net)
            ),
            format!(
                "Did not pay: {rates_en}, {} more ({interval_en}), but the {} of extra {gain_word_en} do not \
                 cover the {} of contact costs (net loss: {}).",
                points_en(e.uplift),
                euros_en(gain),
                euros_en(contact_cost),
                euros_en(-net)
            ),
        ),
        Verdict::DidNotPay => (
            format!(
                "Non rentable : {rates_fr} ; la campagne a fait moins bien que l'absence de contact ({interval_fr})."
            ),
            format!("Did not pay: {rates_en}; the campaign did worse than no contact ({interval_en})."),
        ),
        _ => (
            format!(
                "Non significatif : {rates_fr} ; l'écart de {} ({interval_fr}) peut être dû au hasard.",
                points_fr(e.uplift)
            ),
            format!(
                "Not significant: {rates_en}; the difference of {} ({interval_en}) may be due to chance.",
                points_en(e.uplift)
            ),
        ),
    };
    SegmentUplift {
        segment,
        target,
        control,
        uplift: Some(e.uplift),
        relative_uplift: e.relative,
        ci_low: Some(e.ci_low),
        ci_high: Some(e.ci_high),
        incremental_responders: Some(e.uplift * n1),
        incremental_revenue: Some(incremental_revenue),
        incremental_margin: Some(incremental_margin),
        contact_cost,
        net_gain: Some(net),
        verdict,
        verdict_fr,
        verdict_en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_names_the_key() {
        let p = Params {
            cost_per_contact: -1.0,
            ..Params::default()
        };
        assert!(p
            .validate()
            .unwrap_err()
            .to_string()
            .contains("uplift.cost_per_contact"));
    }
}
