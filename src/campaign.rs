//! Campaign economics per segment: is a paid contact worth it?
//!
//! For each segment × channel:
//! - **response rate**: the mean over the segment's customers of
//!   P(at least one purchase within the campaign window) from the BG/NBD
//!   ([`predict::Output::purchase_probabilities`]); without a fitted model,
//!   the segment's observed buyer share over the last window of the same
//!   length ([`predict::empirical::window_rates`]). It is the probability of
//!   buying in the window, so treating it as the response to the contact
//!   credits the contact with every purchase; each channel's
//!   `response_multiplier` (default 1.0) is there to encode a channel's real
//!   lift or attribution share when it is known. Rates are capped at 1.
//! - **expected revenue** = Σ over customers of response probability ×
//!   expected spend per purchase (Gamma-Gamma, or observed average) ×
//!   multiplier; **expected margin** = revenue × margin rate;
//!   **cost** = contacts × cost per contact; **net margin** = margin − cost;
//!   **ROI** = net margin / cost;
//! - **break-even response rate** = cost per contact / (margin per response),
//!   margin per response = (expected revenue / expected responses) × margin rate.
//!
//! # Recommendation
//! A segment is worth contacting when its best channel (highest net margin;
//! the cheaper one on a tie) has a positive net margin. The recommended
//! yearly contact frequency is one contact per purchase the segment's
//! customers are expected to make in a year (rounded up, at least one),
//! capped by the number of campaign windows in a year: contacting more often
//! than customers buy, or more often than one campaign can run its course,
//! spends without return. Expected purchases per year come from the
//! forecast over the prediction horizon, scaled to 365.25 days, or from the
//! observed rate over the last year without a model.
//!
//! # Budget
//! With a budget, segments and channels are chosen greedily by marginal net
//! margin per euro (the classic greedy for a multiple-choice knapsack): for
//! each segment, the channels that are worth their extra cost form a
//! sequence of upgrades (none → cheap channel → dearer channel with more net
//! margin), keeping only upgrades on the concave frontier; all upgrades of
//! all segments are taken in decreasing net margin per extra euro while the
//! budget lasts, the last one partially (part of the segment's customers).
//! Without a budget the plan is each worthwhile segment's best channel.

use crate::customers::Customers;
use crate::error::{Error, Result};
use crate::predict::empirical;
use crate::predict::text::{format_en, format_fr};
use crate::predict::{self, Message};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A contact channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Identifier, e.g. `courrier`.
    pub key: String,
    /// French name as shown ("courrier").
    pub label_fr: String,
    /// English name as shown ("mail").
    pub label_en: String,
    /// Cost per contact in euros.
    pub cost_per_contact: f64,
    /// Factor on the model's purchase probability for this channel; 1.0
    /// by default (see module docs).
    #[serde(default = "one")]
    pub response_multiplier: f64,
}

fn one() -> f64 {
    1.0
}

impl Channel {
    fn new(key: &str, fr: &str, en: &str, cost: f64) -> Self {
        Channel {
            key: key.into(),
            label_fr: fr.into(),
            label_en: en.into(),
            cost_per_contact: cost,
            response_multiplier: 1.0,
        }
    }
}

/// Which segmentation the campaign is planned on. The caller passes the
/// matching keys to [`run`]; this records the user's choice in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentBy {
    /// RFM segments.
    Rfm,
    /// Predictive groups A, B, C…
    PredictiveGroup,
    /// ABC classes (Pareto classes of `abc.rs`). Written `"abc_class"`;
    /// `"value_tier"`, its first name, is still read (configs saved before
    /// the rename), although the value tiers are the points' ladder.
    #[serde(alias = "value_tier")]
    AbcClass,
}

/// Campaign settings (`campaign` in the config).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Channels and their costs; default courrier 1.20 €, catalogue 2.50 €,
    /// e-mail 0.01 €, téléphone 4.00 €.
    pub channels: Vec<Channel>,
    /// Campaign window in weeks; default 8.
    pub window_weeks: f64,
    /// Budget in euros; none by default.
    pub budget: Option<f64>,
    /// Margin rate; default the prediction's (or observed / 0.30 as there).
    pub margin_rate: Option<f64>,
    /// Segmentation to plan on; default RFM.
    pub segment_by: SegmentBy,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            channels: vec![
                Channel::new("courrier", "courrier", "mail", 1.20),
                Channel::new("catalogue", "catalogue", "catalogue", 2.50),
                Channel::new("email", "e-mail", "e-mail", 0.01),
                Channel::new("telephone", "téléphone", "phone", 4.00),
            ],
            window_weeks: 8.0,
            budget: None,
            margin_rate: None,
            segment_by: SegmentBy::Rfm,
        }
    }
}

impl Params {
    /// Check every setting.
    pub fn validate(&self) -> Result<()> {
        if self.channels.is_empty() {
            return Err(Error::invalid_params(
                "campaign.channels",
                crate::error_messages::AT_LEAST_ONE_CHANNEL,
            ));
        }
        for (i, c) in self.channels.iter().enumerate() {
            if c.key.trim().is_empty() || self.channels[..i].iter().any(|o| o.key == c.key) {
                return Err(Error::invalid_params(
                    "campaign.channels.key",
                    crate::error_messages::CHANNEL_KEY_REPEATED.with(&[("channel", &c.key)]),
                ));
            }
            if !(c.cost_per_contact.is_finite() && c.cost_per_contact >= 0.0) {
                return Err(Error::invalid_params(
                    "campaign.channels.cost_per_contact",
                    crate::error_messages::CHANNEL_ZERO_OR_POSITIVE.with(&[("channel", &c.key)]),
                ));
            }
            if !(c.response_multiplier.is_finite() && c.response_multiplier >= 0.0) {
                return Err(Error::invalid_params(
                    "campaign.channels.response_multiplier",
                    crate::error_messages::CHANNEL_ZERO_OR_POSITIVE.with(&[("channel", &c.key)]),
                ));
            }
        }
        if !(self.window_weeks > 0.0 && self.window_weeks <= 520.0) {
            return Err(Error::invalid_params(
                "campaign.window_weeks",
                crate::error_messages::BETWEEN.with(&[("min", &0), ("max", &520)]),
            ));
        }
        if let Some(b) = self.budget {
            if !(b.is_finite() && b >= 0.0) {
                return Err(Error::invalid_params(
                    "campaign.budget",
                    crate::error_messages::ZERO_OR_POSITIVE,
                ));
            }
        }
        if let Some(m) = self.margin_rate {
            if !(-1.0..=1.0).contains(&m) {
                return Err(Error::invalid_params(
                    "campaign.margin_rate",
                    crate::error_messages::BETWEEN.with(&[("min", &-1), ("max", &1)]),
                ));
            }
        }
        Ok(())
    }
}

/// One segment × channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelEconomics {
    /// Channel key.
    pub channel: String,
    /// Customers contacted (the whole segment).
    pub contacts: usize,
    /// Expected response rate.
    pub response_rate: f64,
    /// Expected responding customers.
    pub expected_responses: f64,
    /// Expected revenue.
    pub expected_revenue: f64,
    /// Expected margin.
    pub expected_margin: f64,
    /// Expected margin per contact.
    pub margin_per_contact: f64,
    /// Contact cost.
    pub cost: f64,
    /// Expected margin − cost.
    pub net_margin: f64,
    /// Net margin / cost (none when the cost is zero).
    pub roi: Option<f64>,
    /// Response rate at which the margin pays the contact (none when a
    /// response brings no positive margin).
    pub break_even_response_rate: Option<f64>,
    /// "Relancer par courrier : …" / "Ne pas relancer par courrier : …".
    pub sentence: Message,
}

/// One segment's economics and recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentPlan {
    /// Segment key.
    pub segment: String,
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
    /// Customers in the segment.
    pub customers: usize,
    /// Mean probability of buying in the window (before multipliers).
    pub purchase_probability: f64,
    /// Expected spend per purchase (response-weighted mean).
    pub spend_per_response: f64,
    /// Expected purchases per customer per year.
    pub purchases_per_year: f64,
    /// Per channel.
    pub channels: Vec<ChannelEconomics>,
    /// Whether contacting is worth it.
    pub contact: bool,
    /// The best channel (highest net margin).
    pub best_channel: String,
    /// Recommended contacts per customer per year (0 when not worth it).
    pub contacts_per_year: u32,
    /// The recommendation in one sentence.
    pub recommendation: Message,
}

/// Contacts chosen for one segment and channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// Segment key.
    pub segment: String,
    /// Channel key.
    pub channel: String,
    /// Customers contacted.
    pub contacts: usize,
    /// Cost.
    pub cost: f64,
    /// Expected responses.
    pub expected_responses: f64,
    /// Expected revenue.
    pub expected_revenue: f64,
    /// Expected margin.
    pub expected_margin: f64,
    /// Expected margin − cost.
    pub net_margin: f64,
}

/// The campaign plan (`campaign.plan`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The budget, if any.
    pub budget: Option<f64>,
    /// What to send to whom.
    pub selections: Vec<Selection>,
    /// Σ cost.
    pub total_cost: f64,
    /// Σ expected revenue.
    pub total_expected_revenue: f64,
    /// Σ expected margin.
    pub total_expected_margin: f64,
    /// Σ net margin.
    pub total_net_margin: f64,
}

/// The campaign analysis (`campaign` in summary.json).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// Segmentation planned on.
    pub segment_by: SegmentBy,
    /// Window in weeks.
    pub window_weeks: f64,
    /// Margin rate used.
    pub margin_rate: f64,
    /// Whether response rates come from the BG/NBD model (else observed).
    pub model_response: bool,
    /// Channels as used.
    pub channels: Vec<Channel>,
    /// Per segment, sorted by key.
    pub segments: Vec<SegmentPlan>,
    /// The plan.
    pub plan: Plan,
}

/// Where a customer's purchases per year come from.
enum YearlyPurchases<'a> {
    /// The forecast's expected purchases, times horizons per year.
    Model(&'a predict::Output, f64),
    /// Their segment's observed purchases over the past year.
    Observed(Vec<empirical::SegmentRate>),
}

/// Plan a campaign. `segments` is each customer's segment key
/// (index-aligned with `customers.customers`), `segment_labels` maps keys to
/// (French, English) labels (the key is shown when missing).
pub fn run<S: AsRef<str>>(
    customers: &Customers,
    segments: &[S],
    segment_labels: &BTreeMap<String, (String, String)>,
    predictions: Option<&predict::Output>,
    params: &Params,
) -> Result<Output> {
    params.validate()?;
    let n = customers.customers.len();
    if segments.len() != n {
        return Err(Error::analysis(format!(
            "campaign: {} segment keys for {n} customers",
            segments.len()
        )));
    }
    if let Some(p) = predictions {
        if p.customers.len() != n {
            return Err(Error::analysis(format!(
                "campaign: {} predictions for {n} customers",
                p.customers.len()
            )));
        }
    }
    let window_days = params.window_weeks * 7.0;
    let margin_rate = params
        .margin_rate
        .or(predictions.map(|p| p.margin_rate))
        .unwrap_or_else(|| observed_margin_rate(customers));

    // Per customer: response probability, spend, purchases per year; only
    // the probabilities are a table (the model's, or the segments' rates),
    // the rest is read customer by customer.
    let model = predictions.and_then(|p| {
        let probabilities = p.purchase_probabilities(customers, window_days)?;
        Some((probabilities, p, 365.25 / (p.horizon * p.time_unit.days())))
    });
    let model_response = model.is_some();
    let lookup =
        |rates: &[empirical::SegmentRate], key: &str, f: fn(&empirical::SegmentRate) -> f64| {
            rates.iter().find(|r| r.segment == key).map_or(0.0, f)
        };
    let (probability, yearly_rates) = match model {
        Some((probabilities, p, per_year)) => (probabilities, YearlyPurchases::Model(p, per_year)),
        None => {
            let window = empirical::window_rates(customers, segments, window_days);
            let year = empirical::window_rates(customers, segments, 365.25);
            let probabilities = segments
                .iter()
                .map(|s| lookup(&window, s.as_ref(), |r| r.buyer_share))
                .collect();
            (probabilities, YearlyPurchases::Observed(year))
        }
    };
    let purchases_per_year = |i: usize, key: &str| match &yearly_rates {
        YearlyPurchases::Model(p, per_year) => p.customers[i].expected_purchases * per_year,
        YearlyPurchases::Observed(year) => lookup(year, key, |r| r.purchases_per_customer),
    };
    let spend = |i: usize| match predictions {
        Some(p) => p.customers[i].expected_avg_spend,
        None => {
            let c = &customers.customers[i];
            c.revenue / c.frequency.max(1) as f64
        }
    };

    #[derive(Default)]
    struct Tally {
        customers: usize,
        probability: f64,
        revenue: f64,
        purchases_per_year: f64,
    }
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for i in 0..n {
        let key = segments[i].as_ref();
        let t = tallies.entry(key).or_default();
        t.customers += 1;
        t.probability += probability[i];
        t.revenue += probability[i] * spend(i).max(0.0);
        t.purchases_per_year += purchases_per_year(i, key);
    }
    let windows_per_year = (52.0 / params.window_weeks).floor().max(1.0) as u32;
    let segment_plans: Vec<SegmentPlan> = tallies
        .into_iter()
        .map(|(key, t)| {
            let count = t.customers as f64;
            let (label_fr, label_en) = segment_labels
                .get(key)
                .cloned()
                .unwrap_or_else(|| (key.to_string(), key.to_string()));
            let spend_per_response = if t.probability > 0.0 {
                t.revenue / t.probability
            } else {
                0.0
            };
            let channels: Vec<ChannelEconomics> = params
                .channels
                .iter()
                .map(|c| {
                    channel_economics(
                        c,
                        t.customers,
                        t.probability / count,
                        spend_per_response,
                        margin_rate,
                    )
                })
                .collect();
            let best = channels
                .iter()
                .enumerate()
                .max_by(|(i, a), (j, b)| {
                    a.net_margin
                        .total_cmp(&b.net_margin)
                        .then(
                            params.channels[*j]
                                .cost_per_contact
                                .total_cmp(&params.channels[*i].cost_per_contact),
                        )
                        .then(j.cmp(i))
                })
                .map_or(0, |(i, _)| i);
            let contact = channels[best].net_margin > 0.0;
            let purchases_per_year = t.purchases_per_year / count;
            let contacts_per_year = if contact {
                (purchases_per_year.ceil().max(1.0) as u32).min(windows_per_year)
            } else {
                0
            };
            let recommendation = recommend(
                &params.channels[best],
                &channels[best],
                contact,
                contacts_per_year,
                &params.channels,
            );
            SegmentPlan {
                segment: key.to_string(),
                label_fr,
                label_en,
                customers: t.customers,
                purchase_probability: t.probability / count,
                spend_per_response,
                purchases_per_year,
                best_channel: params.channels[best].key.clone(),
                channels,
                contact,
                contacts_per_year,
                recommendation,
            }
        })
        .collect();
    let plan = plan(&segment_plans, params);
    Ok(Output {
        segment_by: params.segment_by,
        window_weeks: params.window_weeks,
        margin_rate,
        model_response,
        channels: params.channels.clone(),
        segments: segment_plans,
        plan,
    })
}

fn observed_margin_rate(customers: &Customers) -> f64 {
    let revenue = customers.revenue_total();
    if customers.has_margin && revenue > 0.0 {
        let rate = customers.customers.iter().map(|c| c.margin).sum::<f64>() / revenue;
        if rate.is_finite() {
            return rate.clamp(-1.0, 1.0);
        }
    }
    predict::Params::default().default_margin_rate
}

fn channel_economics(
    channel: &Channel,
    contacts: usize,
    purchase_probability: f64,
    spend_per_response: f64,
    margin_rate: f64,
) -> ChannelEconomics {
    let count = contacts as f64;
    let response_rate = (purchase_probability * channel.response_multiplier).min(1.0);
    let expected_responses = response_rate * count;
    let expected_revenue = expected_responses * spend_per_response;
    let expected_margin = expected_revenue * margin_rate;
    let cost = count * channel.cost_per_contact;
    let net_margin = expected_margin - cost;
    let margin_per_response = spend_per_response * margin_rate;
    let margin_per_contact = if contacts > 0 {
        expected_margin / count
    } else {
        0.0
    };
    let (fr, en) = (
        format_fr(margin_per_contact, 2),
        format_en(margin_per_contact, 2),
    );
    let (cost_fr, cost_en) = (
        format_fr(channel.cost_per_contact, 2),
        format_en(channel.cost_per_contact, 2),
    );
    let sentence = if net_margin > 0.0 {
        Message::new(
            format!(
                "Relancer par {} : marge attendue {fr} € > coût {cost_fr} €",
                channel.label_fr
            ),
            format!(
                "Contact by {}: expected margin €{en} > cost €{cost_en}",
                channel.label_en
            ),
        )
    } else {
        Message::new(
            format!(
                "Ne pas relancer par {} : marge attendue {fr} € < coût {cost_fr} €",
                channel.label_fr
            ),
            format!(
                "Do not contact by {}: expected margin €{en} < cost €{cost_en}",
                channel.label_en
            ),
        )
    };
    ChannelEconomics {
        channel: channel.key.clone(),
        contacts,
        response_rate,
        expected_responses,
        expected_revenue,
        expected_margin,
        margin_per_contact,
        cost,
        net_margin,
        roi: (cost > 0.0).then(|| net_margin / cost),
        break_even_response_rate: (margin_per_response > 0.0)
            .then(|| channel.cost_per_contact / margin_per_response),
        sentence,
    }
}

fn recommend(
    channel: &Channel,
    economics: &ChannelEconomics,
    contact: bool,
    contacts_per_year: u32,
    all: &[Channel],
) -> Message {
    let (m_fr, m_en) = (
        format_fr(economics.margin_per_contact, 2),
        format_en(economics.margin_per_contact, 2),
    );
    let (c_fr, c_en) = (
        format_fr(channel.cost_per_contact, 2),
        format_en(channel.cost_per_contact, 2),
    );
    let rate_fr = format_fr(economics.response_rate * 100.0, 1);
    let rate_en = format_en(economics.response_rate * 100.0, 1);
    if contact {
        let times_fr = if contacts_per_year == 1 {
            "1 fois".to_string()
        } else {
            format!("{contacts_per_year} fois")
        };
        let times_en = if contacts_per_year == 1 {
            "once".to_string()
        } else {
            format!("{contacts_per_year} times")
        };
        Message::new(
            format!(
                "Relancer par {} {times_fr} par an : marge attendue {m_fr} € par contact > coût {c_fr} € (réponse attendue {rate_fr} %)",
                channel.label_fr
            ),
            format!(
                "Contact by {} {times_en} a year: expected margin €{m_en} per contact > cost €{c_en} ({rate_en}% expected response)",
                channel.label_en
            ),
        )
    } else if all.len() > 1 {
        Message::new(
            format!(
                "Ne pas relancer : aucun canal n'est rentable ; même par {}, marge attendue {m_fr} € < coût {c_fr} €",
                channel.label_fr
            ),
            format!(
                "Do not contact: no channel pays; even by {}, expected margin €{m_en} < cost €{c_en}",
                channel.label_en
            ),
        )
    } else {
        economics.sentence.clone()
    }
}

/// The plan: best channels without a budget, the greedy under one.
fn plan(segments: &[SegmentPlan], params: &Params) -> Plan {
    let selection = |s: &SegmentPlan, c: &ChannelEconomics, contacts: usize| {
        let share = if c.contacts > 0 {
            contacts as f64 / c.contacts as f64
        } else {
            0.0
        };
        Selection {
            segment: s.segment.clone(),
            channel: c.channel.clone(),
            contacts,
            cost: c.cost * share,
            expected_responses: c.expected_responses * share,
            expected_revenue: c.expected_revenue * share,
            expected_margin: c.expected_margin * share,
            net_margin: c.net_margin * share,
        }
    };
    let mut selections = Vec::new();
    match params.budget {
        None => {
            for s in segments.iter().filter(|s| s.contact) {
                if let Some(c) = s.channels.iter().find(|c| c.channel == s.best_channel) {
                    selections.push(selection(s, c, s.customers));
                }
            }
        }
        Some(budget) => {
            // Upgrades on each segment's concave (cost, net margin) frontier.
            struct Upgrade {
                segment: usize,
                from: Option<usize>,
                to: usize,
                extra_cost: f64,
                extra_net: f64,
            }
            let mut upgrades: Vec<Upgrade> = Vec::new();
            for (si, s) in segments.iter().enumerate() {
                let mut options: Vec<usize> = (0..s.channels.len())
                    .filter(|&c| s.channels[c].net_margin > 0.0)
                    .collect();
                crate::sorting::sort_positions(&mut options, &mut |&a, &b| {
                    s.channels[a].cost.total_cmp(&s.channels[b].cost).then(
                        s.channels[b]
                            .net_margin
                            .total_cmp(&s.channels[a].net_margin),
                    )
                });
                // Upper concave hull from the origin (no contact).
                let mut hull: Vec<usize> = Vec::new();
                let point = |o: Option<usize>| {
                    o.map_or((0.0, 0.0), |c| {
                        (s.channels[c].cost, s.channels[c].net_margin)
                    })
                };
                for o in options {
                    let (cost, net) = point(Some(o));
                    if net <= point(hull.last().copied()).1 {
                        continue; // dearer and no better
                    }
                    while let Some(&last) = hull.last() {
                        let before = point(hull.len().checked_sub(2).map(|k| hull[k]));
                        let (lc, ln) = point(Some(last));
                        // Drop `last` if it lies on or below the chord before → o.
                        let slope_last = (ln - before.1) / (lc - before.0).max(f64::MIN_POSITIVE);
                        let slope_new = (net - before.1) / (cost - before.0).max(f64::MIN_POSITIVE);
                        if slope_new >= slope_last {
                            hull.pop();
                        } else {
                            break;
                        }
                    }
                    hull.push(o);
                }
                let mut previous: Option<usize> = None;
                for &o in &hull {
                    let (from_cost, from_net) = point(previous);
                    let (cost, net) = point(Some(o));
                    upgrades.push(Upgrade {
                        segment: si,
                        from: previous,
                        to: o,
                        extra_cost: cost - from_cost,
                        extra_net: net - from_net,
                    });
                    previous = Some(o);
                }
            }
            let efficiency = |u: &Upgrade| {
                if u.extra_cost > 0.0 {
                    u.extra_net / u.extra_cost
                } else {
                    f64::INFINITY
                }
            };
            let mut order: Vec<usize> = (0..upgrades.len()).collect();
            crate::sorting::sort_positions(&mut order, &mut |&a, &b| {
                efficiency(&upgrades[b])
                    .total_cmp(&efficiency(&upgrades[a]))
                    .then(a.cmp(&b))
            });
            // Contacts per (segment, channel).
            let mut chosen: Vec<Vec<usize>> =
                segments.iter().map(|s| vec![0; s.channels.len()]).collect();
            let mut remaining = budget;
            for k in order {
                let u = &upgrades[k];
                let s = &segments[u.segment];
                let moved = if u.extra_cost <= remaining + 1e-9 {
                    s.customers
                } else {
                    // Partial: as many customers as the rest of the budget pays for.
                    let per_customer = u.extra_cost / s.customers.max(1) as f64;
                    (remaining / per_customer).floor() as usize
                };
                if moved == 0 {
                    break;
                }
                if let Some(from) = u.from {
                    chosen[u.segment][from] -= moved.min(chosen[u.segment][from]);
                }
                chosen[u.segment][u.to] += moved;
                remaining -= u.extra_cost * moved as f64 / s.customers.max(1) as f64;
                if moved < s.customers {
                    break;
                }
            }
            for (si, s) in segments.iter().enumerate() {
                for (ci, &contacts) in chosen[si].iter().enumerate() {
                    if contacts > 0 {
                        selections.push(selection(s, &s.channels[ci], contacts));
                    }
                }
            }
        }
    }
    Plan {
        budget: params.budget,
        total_cost: selections.iter().map(|s| s.cost).sum(),
        total_expected_revenue: selections.iter().map(|s| s.expected_revenue).sum(),
        total_expected_margin: selections.iter().map(|s| s.expected_margin).sum(),
        total_net_margin: selections.iter().map(|s| s.net_margin).sum(),
        selections,
    }
}
