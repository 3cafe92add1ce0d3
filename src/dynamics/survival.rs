//! Customer survival by first acquisition channel.
//!
//! **Lapse.** A customer is *lapsed* at the as-of date when their last
//! purchase is at least `inactivity_days` old. Their **lifetime** runs from
//! the first to the last purchase (0 days for a one-time buyer) and ends with
//! the event. Other customers are still active: right-censored.
//!
//! **Where active customers are censored** ([`Censoring`]). A lapse on day
//! `T` (the last purchase) only becomes visible `inactivity_days` later. At
//! the as-of date, a lifetime is therefore observed as ended exactly when
//! `T ≤ as_of − inactivity_days − first_purchase`; that bound `c` is the
//! customer's real follow-up. The default, [`Censoring::LapseHorizon`],
//! censors active customers at `c` (administrative censoring, independent of
//! the lifetime, so Kaplan-Meier is consistent); customers first seen within
//! the last `inactivity_days` have `c < 0`: nothing can be known about their
//! lapse yet and they stay out of the curves (they are counted in
//! `customers` but not in `in_curve`). [`Censoring::AsOf`] censors them at
//! the as-of date instead (duration = first purchase → as-of): it credits
//! every active customer with survival up to today although some of them have
//! already made their last purchase, which biases S upwards. On a simulated
//! file (`tests/reference/survival_censoring_bias.py`: 40 000 customers,
//! true S(12 months) = 0.423), `AsOf` gives 0.520 and `LapseHorizon` 0.430.
//! The per-customer `lifetime_days` export is the observed tenure either way:
//! first → last purchase when lapsed, first purchase → as-of otherwise.
//!
//! **Estimation** is [`kaplan_meier`](super::kaplan_meier) (lifelines'
//! estimator, Greenwood variance, log(−log) bands), per first channel and
//! overall, with the k-group log-rank test across channels.
//!
//! **Inactivity suggestion.** Among customers with at least two purchase
//! days, every gap between consecutive purchase days is pooled; the
//! suggested threshold is the 90th percentile of those gaps (linear
//! interpolation, as numpy's default), rounded up to a whole number of
//! 30-day months (at least 30 days): 9 repurchases out of 10 come sooner, so
//! a longer silence is a good sign the customer is gone. Gaps are only seen
//! inside the file's time span, so very long gaps are under-represented;
//! the suggestion is a starting point, shown with its reasoning.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::format::{
    count_en, count_fr, decimal_en, decimal_fr, int_en, int_fr, percent_en, percent_fr,
};
use super::kaplan_meier::{logrank, DayCounts, KaplanMeier, LogRank};
use crate::customers::Customers;
use crate::error::{Error, Result};

/// Where customers who have not lapsed are censored (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Censoring {
    /// At `as_of − inactivity_days − first_purchase`, the last day on which a
    /// lapse could already be seen (default, unbiased).
    LapseHorizon,
    /// At the as-of date (duration = first purchase → as-of; biased upwards).
    AsOf,
}

/// Settings of the survival analysis (config key `survival`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Days without purchase after which a customer counts as lapsed (365).
    pub inactivity_days: u32,
    /// Where active customers are censored (`lapse_horizon`).
    pub censoring: Censoring,
    /// Confidence level of the bands (0.95).
    pub confidence: f64,
    /// Channels with fewer customers are pooled into "other channels" (30).
    pub min_group_customers: u32,
    /// Quantile of the inter-purchase gaps used for the suggestion (0.9).
    pub suggestion_quantile: f64,
    /// Most points per curve sent to charts (300).
    pub max_curve_points: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            inactivity_days: 365,
            censoring: Censoring::LapseHorizon,
            confidence: 0.95,
            min_group_customers: 30,
            suggestion_quantile: 0.9,
            max_curve_points: 300,
        }
    }
}

impl Params {
    /// Checks every setting; the error names the config key.
    pub fn validate(&self) -> Result<()> {
        if !(1..=3650).contains(&self.inactivity_days) {
            return Err(Error::invalid_params(
                "survival.inactivity_days",
                crate::error_messages::BETWEEN_DAYS_NOT.with(&[
                    ("min", &1),
                    ("max", &3650),
                    ("value", &self.inactivity_days),
                ]),
            ));
        }
        if !(self.confidence >= 0.5 && self.confidence <= 0.999) {
            return Err(Error::invalid_params(
                "survival.confidence",
                crate::error_messages::BETWEEN_NOT.with(&[
                    ("min", &0.5),
                    ("max", &0.999),
                    ("value", &self.confidence),
                ]),
            ));
        }
        if self.min_group_customers == 0 {
            return Err(Error::invalid_params(
                "survival.min_group_customers",
                crate::error_messages::AT_LEAST.with(&[("min", &1)]),
            ));
        }
        if !(self.suggestion_quantile >= 0.5 && self.suggestion_quantile <= 0.99) {
            return Err(Error::invalid_params(
                "survival.suggestion_quantile",
                crate::error_messages::BETWEEN_NOT.with(&[
                    ("min", &0.5),
                    ("max", &0.99),
                    ("value", &self.suggestion_quantile),
                ]),
            ));
        }
        if self.max_curve_points < 10 {
            return Err(Error::invalid_params(
                "survival.max_curve_points",
                crate::error_messages::AT_LEAST.with(&[("min", &10)]),
            ));
        }
        Ok(())
    }
}

/// What a survival group holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// Every customer (channel key `all`).
    All,
    /// The customers whose first order came through one channel.
    Channel,
    /// Channels too small to stand alone, pooled (channel key `other`).
    Other,
    /// Customers whose first order has no channel (channel key `unknown`).
    Unknown,
}

/// One point of a survival curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Days since the first purchase.
    pub t: u32,
    /// Estimated share of customers still active beyond `t`.
    pub survival: f64,
    /// Lower confidence bound.
    pub lower: f64,
    /// Upper confidence bound.
    pub upper: f64,
    /// Customers still observed at `t`.
    pub at_risk: u32,
}

/// The curve read at a fixed day, for the report's table. The estimate is
/// `None` beyond the longest observed lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AtDay {
    /// Days since the first purchase.
    pub t: u32,
    /// S(t).
    pub survival: Option<f64>,
    /// Lower confidence bound.
    pub lower: Option<f64>,
    /// Upper confidence bound.
    pub upper: Option<f64>,
    /// Customers still observed at `t`.
    pub at_risk: u32,
}

/// The fixed days of [`Group::at_days`]: 0, 3, 6, 12, 24 and 36 months.
pub const TABLE_DAYS: [u32; 6] = [0, 91, 182, 365, 730, 1095];

/// Survival of one group of customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// `all`, the channel as found in the file, `other` or `unknown`.
    pub channel: String,
    /// What the group holds.
    pub kind: GroupKind,
    /// Label for French readers.
    pub label_fr: String,
    /// Label for English readers.
    pub label_en: String,
    /// Customers of the group.
    pub customers: u32,
    /// Customers whose lifetime enters the curve (see [`Censoring`]).
    pub in_curve: u32,
    /// Lapsed customers (events).
    pub events: u32,
    /// Customers in the curve still active (censored).
    pub censored: u32,
    /// Median lifetime in days: first day with S ≤ 0.5 (`None`: not reached).
    pub median_days: Option<u32>,
    /// Lower end of the median's confidence interval (from the lower band).
    pub median_lower_days: Option<u32>,
    /// Upper end of the median's confidence interval (`None`: not reached).
    pub median_upper_days: Option<u32>,
    /// S at 182 days.
    pub s_6m: Option<f64>,
    /// S at 365 days.
    pub s_12m: Option<f64>,
    /// S at 730 days.
    pub s_24m: Option<f64>,
    /// The curve at [`TABLE_DAYS`].
    pub at_days: Vec<AtDay>,
    /// The curve for charts: every step, or at most `max_curve_points`
    /// evenly spaced days when there are more steps.
    pub curve: Vec<CurvePoint>,
}

/// How the inactivity suggestion was derived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InactivitySuggestion {
    /// The suggested threshold in days.
    pub suggested_days: u32,
    /// The quantile used (0.9).
    pub quantile: f64,
    /// That quantile of the gaps, in days.
    pub gap_quantile_days: f64,
    /// Median gap in days.
    pub median_gap_days: f64,
    /// Number of gaps observed.
    pub gaps: u64,
    /// Customers with at least two purchase days.
    pub repeat_customers: u32,
}

/// Per-customer survival fields for `customers.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CustomerSurvival {
    /// No purchase for `inactivity_days` or more at the as-of date.
    pub lapsed: bool,
    /// First → last purchase when lapsed; first purchase → as-of otherwise.
    pub lifetime_days: u32,
}

/// Result of [`run`]; goes into `summary.json` under `survival`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// False when the file cannot give lifetimes (see the notes).
    pub available: bool,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The lapse threshold used.
    pub inactivity_days: u32,
    /// Where active customers are censored.
    pub censoring: Censoring,
    /// Confidence level of the bands.
    pub confidence: f64,
    /// How the bands are computed.
    pub band_method: String,
    /// The suggested threshold, when the histories allow one.
    pub suggested_inactivity_days: Option<u32>,
    /// How the suggestion was derived.
    pub suggestion: Option<InactivitySuggestion>,
    /// The suggestion and its reasoning, in French.
    pub suggestion_fr: String,
    /// The suggestion and its reasoning, in English.
    pub suggestion_en: String,
    /// `all` first, then channels by size, then `other`, then `unknown`.
    pub groups: Vec<Group>,
    /// Log-rank test across the channel groups (at least two needed).
    pub logrank: Option<LogRank>,
    /// Channel groups compared by the log-rank test, in order.
    pub logrank_groups: Vec<String>,
    /// Remarks for the reader, in French.
    pub notes_fr: Vec<String>,
    /// Remarks for the reader, in English.
    pub notes_en: Vec<String>,
    /// Per customer, aligned with [`Customers::customers`].
    #[serde(skip)]
    pub customers: Vec<CustomerSurvival>,
}

/// Lapse, lifetimes and Kaplan-Meier curves per first channel.
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::dynamics::survival::{run, Params};
/// use segmento::{Attributes, Customers, OwnedCustomer, OwnedCustomers};
/// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let customer = |id: &str, first, last| OwnedCustomer {
///     id: id.into(), first_purchase: first, last_purchase: last, frequency: 1, orders: 1,
///     revenue: 10.0, margin: 0.0, first_channel: None, last_channel: None,
///     attributes: Attributes::default(), history: vec![],
/// };
/// let customers = Customers::from_owned(OwnedCustomers {
///     as_of: day(2025, 1, 1),
///     customers: vec![
///         customer("a", day(2020, 1, 1), day(2021, 1, 1)),  // lapsed after 366 days
///         customer("b", day(2020, 6, 1), day(2024, 12, 1)), // active
///     ],
///     prospects: vec![], has_margin: false, has_channel: false,
///     has_history: false, first_purchase_known: true,
/// });
/// let out = run(&customers, &Params::default()).unwrap();
/// assert!(out.customers[0].lapsed && !out.customers[1].lapsed);
/// assert_eq!(out.customers[0].lifetime_days, 366);
/// assert_eq!(out.groups[0].channel, "all");
/// assert_eq!(out.groups[0].events, 1);
/// ```
pub fn run(customers: &Customers, params: &Params) -> Result<Output> {
    params.validate()?;
    let as_of = customers.as_of;
    let mut output = Output {
        available: false,
        as_of,
        inactivity_days: params.inactivity_days,
        censoring: params.censoring,
        confidence: params.confidence,
        band_method:
            "Greenwood variance, log(-log) transform (exponential Greenwood, as lifelines)".into(),
        suggested_inactivity_days: None,
        suggestion: None,
        suggestion_fr: String::new(),
        suggestion_en: String::new(),
        groups: Vec::new(),
        logrank: None,
        logrank_groups: Vec::new(),
        notes_fr: Vec::new(),
        notes_en: Vec::new(),
        customers: Vec::new(),
    };
    if !customers.first_purchase_known || customers.customers.is_empty() {
        let histogram = customers.has_history.then(|| {
            let mut histogram = GapHistogram::default();
            for customer in &customers.customers {
                histogram.add_customer(customers.history(customer));
            }
            histogram
        });
        suggest_inactivity(histogram.as_ref(), params, &mut output);
        let (fr, en) = if customers.customers.is_empty() {
            (
                "Aucun client acheteur : pas de courbe de survie.",
                "No buying customer: no survival curve.",
            )
        } else {
            (
                "Les courbes de survie ont besoin de la date du premier achat de chaque client : \
                 ce fichier n'en a pas (ajoutez les commandes, ou une colonne « premier achat »).",
                "Survival curves need each customer's first purchase date, which this file lacks \
                 (provide the orders, or a first-purchase column).",
            )
        };
        output.notes_fr.push(fr.into());
        output.notes_en.push(en.into());
        return Ok(output);
    }

    // One pass over the customers (the summary is large and each customer's
    // channel and history sit elsewhere in memory): lifetimes counted by raw
    // channel, and the gaps for the suggestion.
    let inactivity = i64::from(params.inactivity_days);
    let mut channels = RawChannels::default();
    let mut histogram = GapHistogram::default();
    let mut per_customer = Vec::with_capacity(customers.customers.len());
    let mut too_recent = 0_u32;
    for customer in &customers.customers {
        let recency = (as_of - customer.last_purchase).num_days();
        let tenure = (as_of - customer.first_purchase).num_days();
        let span = (customer.last_purchase - customer.first_purchase).num_days();
        if recency < 0 {
            return Err(Error::analysis(format!(
                "customer {}: the last purchase ({}) is after the as-of date ({as_of})",
                customer.id, customer.last_purchase
            )));
        }
        if span < 0 {
            return Err(Error::analysis(format!(
                "customer {}: the first purchase ({}) is after the last one ({})",
                customer.id, customer.first_purchase, customer.last_purchase
            )));
        }
        let lapsed = recency >= inactivity;
        let lifetime_days = if lapsed { span } else { tenure } as u32;
        per_customer.push(CustomerSurvival {
            lapsed,
            lifetime_days,
        });
        let channel = if customers.has_channel {
            customers.channel(customer.first_channel)
        } else {
            None
        };
        let raw = channels.of(channel);
        let observation = if lapsed {
            Some((span, true))
        } else {
            match params.censoring {
                Censoring::AsOf => Some((tenure, false)),
                Censoring::LapseHorizon => {
                    let horizon = tenure - inactivity;
                    (horizon >= 0).then_some((horizon, false))
                }
            }
        };
        match observation {
            Some((days, event)) => raw.counts.add(days as u32, event),
            None => too_recent += 1,
        }
        if customers.has_history {
            histogram.add_customer(customers.history(customer));
        }
    }
    suggest_inactivity(
        customers.has_history.then_some(&histogram),
        params,
        &mut output,
    );
    output.customers = per_customer;
    output.available = true;

    let mut all = DayCounts::default();
    for raw in channels.all() {
        all.merge(&raw.counts);
    }
    let total = customers.customers.len() as u32;
    output.groups.push(describe_group(
        "all".into(),
        GroupKind::All,
        total,
        &all,
        params,
    )?);
    if customers.has_channel {
        let groups = channels.into_groups(params.min_group_customers);
        let mut compared = Vec::new();
        for group in &groups.groups {
            output.groups.push(describe_group(
                group.key.clone(),
                group.kind,
                group.customers,
                &group.counts,
                params,
            )?);
            if group.counts.total() > 0 {
                compared.push(group);
            }
        }
        let compared_counts: Vec<&DayCounts> = compared.iter().map(|g| &g.counts).collect();
        output.logrank = logrank(&compared_counts);
        if output.logrank.is_some() {
            output.logrank_groups = compared.iter().map(|g| g.key.clone()).collect();
        } else {
            output.notes_fr.push(
                "Le test du log-rank compare au moins deux canaux : ce fichier n'en a qu'un \
                 exploitable."
                    .into(),
            );
            output.notes_en.push(
                "The log-rank test compares at least two channels; this file has only one usable."
                    .into(),
            );
        }
        if groups.pooled_channels > 0 {
            let pooled = groups.pooled_channels as u64;
            let min = u64::from(params.min_group_customers);
            output.notes_fr.push(format!(
                "{} de moins de {} {} dans « Autres canaux ».",
                count_fr(pooled, "canal", "canaux"),
                count_fr(min, "client", "clients"),
                if pooled <= 1 {
                    "est regroupé"
                } else {
                    "sont regroupés"
                }
            ));
            output.notes_en.push(format!(
                "{} with fewer than {} {} into \"Other channels\".",
                count_en(pooled, "channel", "channels"),
                count_en(min, "customer", "customers"),
                if pooled == 1 {
                    "is pooled"
                } else {
                    "are pooled"
                }
            ));
        }
        if let Some(unknown) = groups.groups.iter().find(|g| g.kind == GroupKind::Unknown) {
            let n = u64::from(unknown.customers);
            output.notes_fr.push(format!(
                "{} de canal sur leur première commande : ce groupe est nommé « Canal inconnu ».",
                count_fr(n, "client n'a pas", "clients n'ont pas")
            ));
            output.notes_en.push(format!(
                "{} no channel on their first order: this group is named \"Unknown channel\".",
                count_en(n, "customer has", "customers have")
            ));
        }
    } else {
        output.notes_fr.push(
            "Le fichier n'a pas de colonne de canal : seule la courbe d'ensemble est montrée. \
             Ajoutez le canal de chaque commande (colonne « canal ») pour comparer la survie par canal \
             d'acquisition."
                .into(),
        );
        output.notes_en.push(
            "The file has no channel column, so only the overall curve is shown. Add each order's \
             channel (a \"channel\" column) to compare survival by acquisition channel."
                .into(),
        );
    }
    if too_recent > 0 {
        let n = u64::from(too_recent);
        output.notes_fr.push(format!(
            "{} leur premier achat il y a moins de {} jours : {} pas encore être {} perdus et {} dans \
             les courbes.",
            count_fr(n, "client a fait", "clients ont fait"),
            int_fr(params.inactivity_days as i64),
            if n <= 1 { "il ne peut" } else { "ils ne peuvent" },
            if n <= 1 { "déclaré" } else { "déclarés" },
            if n <= 1 { "n'entre pas" } else { "n'entrent pas" }
        ));
        output.notes_en.push(format!(
            "{} their first purchase less than {} days ago: they cannot be lapsed yet and stay out of \
             the curves.",
            count_en(n, "customer made", "customers made"),
            int_en(params.inactivity_days as i64)
        ));
    }
    Ok(output)
}

/// Lifetimes of the customers of one channel as found in the file.
#[derive(Default)]
struct RawChannel {
    customers: u32,
    counts: DayCounts,
}

/// Lifetimes by first channel as found in the file (trimmed; empty or
/// missing → unknown).
#[derive(Default)]
struct RawChannels<'a> {
    index_of: FxHashMap<&'a str, usize>,
    names: Vec<&'a str>,
    channels: Vec<RawChannel>,
    unknown: RawChannel,
}

impl<'a> RawChannels<'a> {
    /// The channel record of a customer (counting the customer).
    fn of(&mut self, channel: Option<&'a str>) -> &mut RawChannel {
        let raw = match channel.map(str::trim).filter(|c| !c.is_empty()) {
            Some(name) => {
                let next = self.names.len();
                let index = *self.index_of.entry(name).or_insert(next);
                if index == next {
                    self.names.push(name);
                    self.channels.push(RawChannel::default());
                }
                &mut self.channels[index]
            }
            // Also every customer of a file without a channel column.
            None => &mut self.unknown,
        };
        raw.customers += 1;
        raw
    }

    fn all(&self) -> impl Iterator<Item = &RawChannel> {
        self.channels.iter().chain(std::iter::once(&self.unknown))
    }

    /// Channel groups ordered by size (ties by name), then `other` (channels
    /// under `min_group_customers`), then `unknown`.
    fn into_groups(self, min_group_customers: u32) -> ChannelGroups {
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        crate::sorting::sort_positions(&mut order, &mut |&a, &b| {
            self.channels[b]
                .customers
                .cmp(&self.channels[a].customers)
                .then_with(|| self.names[a].cmp(self.names[b]))
        });
        let mut groups = Vec::new();
        let mut other = GroupCounts {
            key: "other".into(),
            kind: GroupKind::Other,
            customers: 0,
            counts: DayCounts::default(),
        };
        let mut pooled_channels = 0;
        for index in order {
            let channel = &self.channels[index];
            if channel.customers >= min_group_customers {
                groups.push(GroupCounts {
                    key: self.names[index].to_string(),
                    kind: GroupKind::Channel,
                    customers: channel.customers,
                    counts: channel.counts.clone(),
                });
            } else {
                pooled_channels += 1;
                other.customers += channel.customers;
                other.counts.merge(&channel.counts);
            }
        }
        if pooled_channels > 0 {
            groups.push(other);
        }
        if self.unknown.customers > 0 {
            groups.push(GroupCounts {
                key: "unknown".into(),
                kind: GroupKind::Unknown,
                customers: self.unknown.customers,
                counts: self.unknown.counts,
            });
        }
        ChannelGroups {
            groups,
            pooled_channels,
        }
    }
}

/// One survival group with its lifetimes.
struct GroupCounts {
    key: String,
    kind: GroupKind,
    customers: u32,
    counts: DayCounts,
}

/// The channel groups of a file.
struct ChannelGroups {
    groups: Vec<GroupCounts>,
    pooled_channels: usize,
}

/// Fits and summarises one group.
fn describe_group(
    channel: String,
    kind: GroupKind,
    customers: u32,
    counts: &DayCounts,
    params: &Params,
) -> Result<Group> {
    let (label_fr, label_en) = match kind {
        GroupKind::All => ("Tous les clients".to_string(), "All customers".to_string()),
        GroupKind::Other => ("Autres canaux".to_string(), "Other channels".to_string()),
        GroupKind::Unknown => ("Canal inconnu".to_string(), "Unknown channel".to_string()),
        GroupKind::Channel => (channel.clone(), channel.clone()),
    };
    let mut group = Group {
        channel,
        kind,
        label_fr,
        label_en,
        customers,
        in_curve: counts.total(),
        events: counts.events_total(),
        censored: counts.total() - counts.events_total(),
        median_days: None,
        median_lower_days: None,
        median_upper_days: None,
        s_6m: None,
        s_12m: None,
        s_24m: None,
        at_days: TABLE_DAYS
            .iter()
            .map(|&t| AtDay {
                t,
                survival: None,
                lower: None,
                upper: None,
                at_risk: 0,
            })
            .collect(),
        curve: Vec::new(),
    };
    if counts.total() == 0 {
        return Ok(group);
    }
    let km = KaplanMeier::fit(counts, params.confidence)?;
    group.median_days = km.median();
    (group.median_lower_days, group.median_upper_days) = km.median_interval();
    group.s_6m = km.survival_at(182);
    group.s_12m = km.survival_at(365);
    group.s_24m = km.survival_at(730);
    group.at_days = TABLE_DAYS
        .iter()
        .map(|&t| {
            let step = km.step_at(t);
            AtDay {
                t,
                survival: step.map(|s| s.survival),
                lower: step.map(|s| s.lower),
                upper: step.map(|s| s.upper),
                at_risk: km.at_risk_at(t),
            }
        })
        .collect();
    group.curve = chart_points(&km, params.max_curve_points as usize);
    Ok(group)
}

/// Every step when there are few; otherwise the curve read at `max_points`
/// evenly spaced days from 0 to the last time (a step chart drawn through
/// them differs from the exact curve by less than one grid interval).
fn chart_points(km: &KaplanMeier, max_points: usize) -> Vec<CurvePoint> {
    if km.steps.len() <= max_points {
        return km
            .steps
            .iter()
            .map(|s| CurvePoint {
                t: s.t,
                survival: s.survival,
                lower: s.lower,
                upper: s.upper,
                at_risk: s.at_risk,
            })
            .collect();
    }
    let last = km.last_time() as f64;
    let mut points: Vec<CurvePoint> = Vec::with_capacity(max_points);
    for k in 0..max_points {
        let t = (k as f64 * last / (max_points - 1) as f64).round() as u32;
        if points.last().is_some_and(|p| p.t == t) {
            continue;
        }
        if let Some(step) = km.step_at(t) {
            points.push(CurvePoint {
                t,
                survival: step.survival,
                lower: step.lower,
                upper: step.upper,
                at_risk: km.at_risk_at(t),
            });
        }
    }
    points
}

/// The smallest numbers of gaps and repeat customers for a suggestion.
const MIN_GAPS: u64 = 30;
const MIN_REPEAT_CUSTOMERS: u32 = 10;

/// Gaps in days between consecutive purchase days of repeat customers.
#[derive(Default)]
struct GapHistogram {
    /// Count by gap length in days.
    counts: Vec<u64>,
    gaps: u64,
    repeat_customers: u32,
}

impl GapHistogram {
    /// Add the gaps between a customer's consecutive purchase days
    /// (return-only days are not purchases and make no gap).
    fn add_customer(&mut self, history: &[crate::customers::Purchase]) {
        let mut purchases = history.iter().filter(|p| p.is_purchase());
        let Some(mut previous) = purchases.next() else {
            return;
        };
        let mut repeat = false;
        for purchase in purchases {
            if !repeat {
                repeat = true;
                self.repeat_customers += 1;
            }
            let gap = (purchase.date - previous.date).num_days();
            previous = purchase;
            if gap <= 0 {
                continue;
            }
            let gap = gap as usize;
            if gap >= self.counts.len() {
                self.counts.resize(gap + 1, 0);
            }
            self.counts[gap] += 1;
            self.gaps += 1;
        }
    }
}

/// Derives the inactivity suggestion from the inter-purchase gaps (`None`
/// without purchase histories).
fn suggest_inactivity(histogram: Option<&GapHistogram>, params: &Params, output: &mut Output) {
    let current_fr = int_fr(params.inactivity_days as i64);
    let current_en = int_en(params.inactivity_days as i64);
    let Some(histogram) = histogram else {
        output.suggestion_fr = format!(
            "Pas de suggestion de seuil d'inactivité : il faut l'historique des commandes pour mesurer \
             les délais entre achats. Seuil utilisé : {current_fr} jours."
        );
        output.suggestion_en = format!(
            "No inactivity suggestion: the order history is needed to measure the time between purchases. \
             Threshold used: {current_en} days."
        );
        return;
    };
    let (gaps, repeat_customers) = (histogram.gaps, histogram.repeat_customers);
    let histogram = &histogram.counts;
    if gaps < MIN_GAPS || repeat_customers < MIN_REPEAT_CUSTOMERS {
        output.suggestion_fr = format!(
            "Pas de suggestion de seuil d'inactivité : trop peu de réachats pour la calculer ({} délais entre \
             achats chez {} clients ; il en faut au moins {MIN_GAPS} chez {MIN_REPEAT_CUSTOMERS} clients). \
             Seuil utilisé : {current_fr} jours.",
            int_fr(gaps as i64),
            int_fr(repeat_customers as i64)
        );
        output.suggestion_en = format!(
            "No inactivity suggestion: too few repeat purchases ({} gaps between purchases from {} customers; \
             at least {MIN_GAPS} from {MIN_REPEAT_CUSTOMERS} customers are needed). Threshold used: {current_en} days.",
            int_en(gaps as i64),
            int_en(repeat_customers as i64)
        );
        return;
    }
    let quantile = histogram_quantile(histogram, gaps, params.suggestion_quantile);
    let median = histogram_quantile(histogram, gaps, 0.5);
    let suggested = (((quantile / 30.0).ceil() as u32) * 30).max(30);
    output.suggested_inactivity_days = Some(suggested);
    output.suggestion = Some(InactivitySuggestion {
        suggested_days: suggested,
        quantile: params.suggestion_quantile,
        gap_quantile_days: quantile,
        median_gap_days: median,
        gaps,
        repeat_customers,
    });
    let share_fr = percent_fr(params.suggestion_quantile);
    let share_en = percent_en(params.suggestion_quantile);
    output.suggestion_fr = format!(
        "Chez vos {} clients qui ont acheté au moins deux fois, {share_fr} des réachats arrivent au plus {} jours \
         après l'achat précédent (médiane : {} jours, sur {} délais entre achats). Au-delà, un retour devient \
         rare : nous suggérons de considérer un client comme perdu après {} jours sans achat ({} jours arrondis \
         au mois supérieur). Seuil utilisé : {current_fr} jours.",
        int_fr(repeat_customers as i64),
        decimal_fr(quantile, 0),
        decimal_fr(median, 0),
        int_fr(gaps as i64),
        int_fr(suggested as i64),
        decimal_fr(quantile, 0),
    );
    output.suggestion_en = format!(
        "Among your {} customers who bought at least twice, {share_en} of repeat purchases come at most {} days \
         after the previous one (median: {} days, over {} gaps between purchases). Beyond that, a return is \
         rare: we suggest counting a customer as lapsed after {} days without a purchase ({} days rounded up \
         to a whole month). Threshold used: {current_en} days.",
        int_en(repeat_customers as i64),
        decimal_en(quantile, 0),
        decimal_en(median, 0),
        int_en(gaps as i64),
        int_en(suggested as i64),
        decimal_en(quantile, 0),
    );
}

/// The `q` quantile of the values counted in `histogram` (value = index),
/// with numpy's default linear interpolation between order statistics:
/// position `h = (n − 1) q`, value `x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])`.
fn histogram_quantile(histogram: &[u64], n: u64, q: f64) -> f64 {
    let position = (n - 1) as f64 * q;
    let below = position.floor() as u64;
    let fraction = position - below as f64;
    let value_at = |rank: u64| -> f64 {
        // The value of the order statistic of 0-based `rank`.
        let mut seen = 0_u64;
        for (value, &count) in histogram.iter().enumerate() {
            seen += count;
            if seen > rank {
                return value as f64;
            }
        }
        (histogram.len().saturating_sub(1)) as f64
    };
    let low = value_at(below);
    if fraction == 0.0 {
        return low;
    }
    let high = value_at((below + 1).min(n - 1));
    low + fraction * (high - low)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customers::{Attributes, CompactString, OwnedCustomer, OwnedCustomers, Purchase};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn gaps_run_between_purchase_days_only() {
        let entry = |d, revenue: f64| Purchase {
            date: day(2024, 1, d),
            revenue,
            margin: 0.0,
            orders: u32::from(revenue >= 0.0),
        };
        let mut histogram = GapHistogram::default();
        // Returns on the 1st (before any purchase), the 6th and the 30th:
        // the one gap is 3rd -> 13th, 10 days.
        histogram.add_customer(&[
            entry(1, -2.0),
            entry(3, 5.0),
            entry(6, -5.0),
            entry(13, 8.0),
            entry(30, -1.0),
        ]);
        // One purchase day and a return: no gap, no repeat customer.
        histogram.add_customer(&[entry(2, 5.0), entry(9, -5.0)]);
        assert_eq!((histogram.gaps, histogram.repeat_customers), (1, 1));
        assert_eq!(histogram.counts.iter().position(|&n| n == 1), Some(10));
    }

    fn customer(id: &str, channel: Option<&str>, dates: &[NaiveDate]) -> OwnedCustomer {
        let history: Vec<Purchase> = dates
            .iter()
            .map(|&date| Purchase {
                date,
                revenue: 10.0,
                margin: 0.0,
                orders: 1,
            })
            .collect();
        OwnedCustomer {
            id: id.into(),
            first_purchase: dates[0],
            last_purchase: *dates.last().unwrap(),
            frequency: dates.len() as u32,
            orders: dates.len() as u32,
            revenue: 10.0 * dates.len() as f64,
            margin: 0.0,
            first_channel: channel.map(CompactString::from),
            last_channel: None,
            attributes: Attributes::default(),
            history,
        }
    }

    fn file(as_of: NaiveDate, customers: Vec<OwnedCustomer>, has_channel: bool) -> Customers {
        Customers::from_owned(OwnedCustomers {
            as_of,
            customers,
            prospects: vec![],
            has_margin: false,
            has_channel,
            has_history: true,
            first_purchase_known: true,
        })
    }

    #[test]
    fn lapse_and_censoring_follow_the_definitions() {
        let as_of = day(2024, 12, 31);
        let c = vec![
            // Lapsed: last purchase 2023-06-30, 550 days before as-of → event at 180 days.
            customer("a", Some("web"), &[day(2023, 1, 1), day(2023, 6, 30)]),
            // Active, first purchase 2022-01-01: tenure 1095, horizon 1095 − 365 = 730.
            customer("b", Some("web"), &[day(2022, 1, 1), day(2024, 12, 1)]),
            // Active, first purchase 2024-06-01: tenure 213 < 365 → out of the curve.
            customer("c", Some("shop"), &[day(2024, 6, 1)]),
            // Exactly 365 days without purchase → lapsed, one-time buyer: event at 0.
            customer("d", None, &[day(2024, 1, 1)]),
        ];
        let out = run(&file(as_of, c.clone(), true), &Params::default()).unwrap();
        let per: Vec<(bool, u32)> = out
            .customers
            .iter()
            .map(|c| (c.lapsed, c.lifetime_days))
            .collect();
        assert_eq!(
            per,
            vec![(true, 180), (false, 1095), (false, 213), (true, 0)]
        );
        let all = &out.groups[0];
        assert_eq!(
            (all.customers, all.in_curve, all.events, all.censored),
            (4, 3, 2, 1)
        );
        // Steps: t=0: n=3, d=1 → 2/3; t=180: n=2, d=1 → 1/3; t=730: censored.
        let s: Vec<(u32, u32, f64)> = all
            .curve
            .iter()
            .map(|p| (p.t, p.at_risk, p.survival))
            .collect();
        assert_eq!(s.len(), 3);
        assert!((s[0].2 - 2.0 / 3.0).abs() < 1e-12 && s[0].1 == 3);
        assert!((s[1].2 - 1.0 / 3.0).abs() < 1e-12 && s[1].0 == 180 && s[1].1 == 2);
        assert_eq!(s[2].0, 730);
        assert_eq!(all.median_days, Some(180));
        let keys: Vec<&str> = out.groups.iter().map(|g| g.channel.as_str()).collect();
        // web has 2 customers, shop 1: both under 30 → pooled into "other".
        assert_eq!(keys, vec!["all", "other", "unknown"]);
        assert!(out
            .notes_en
            .iter()
            .any(|n| n.contains("less than 365 days ago")));

        let as_of_params = Params {
            censoring: Censoring::AsOf,
            min_group_customers: 1,
            ..Params::default()
        };
        let out = run(&file(as_of, c, true), &as_of_params).unwrap();
        let all = &out.groups[0];
        assert_eq!((all.in_curve, all.events), (4, 2));
        let keys: Vec<&str> = out.groups.iter().map(|g| g.channel.as_str()).collect();
        assert_eq!(keys, vec!["all", "web", "shop", "unknown"]);
        assert_eq!(out.logrank.as_ref().map(|l| l.df), Some(2));
    }

    #[test]
    fn without_channel_column_only_the_overall_curve() {
        let as_of = day(2024, 12, 31);
        let c = vec![customer("a", None, &[day(2020, 1, 1), day(2021, 1, 1)])];
        let out = run(&file(as_of, c, false), &Params::default()).unwrap();
        assert_eq!(out.groups.len(), 1);
        assert!(out.logrank.is_none());
        assert!(out.notes_en.iter().any(|n| n.contains("no channel column")));
    }

    #[test]
    fn purchases_after_as_of_are_an_error() {
        let c = vec![customer("zz", None, &[day(2025, 2, 1)])];
        let err = run(&file(day(2024, 12, 31), c, false), &Params::default()).unwrap_err();
        assert!(err.to_string().contains("zz"));
    }

    #[test]
    fn quantile_matches_numpy_linear() {
        // numpy.quantile([1, 2, 2, 10], 0.9) = 2 + 0.7 × (10 − 2) = 7.6
        let mut h = vec![0_u64; 11];
        h[1] = 1;
        h[2] = 2;
        h[10] = 1;
        assert!((histogram_quantile(&h, 4, 0.9) - 7.6).abs() < 1e-12);
        assert_eq!(histogram_quantile(&h, 4, 0.5), 2.0);
    }

    #[test]
    fn suggestion_rounds_the_90th_percentile_up_to_months() {
        // 12 customers with gaps 10, 20, …, 120 days (one per customer) and 12
        // more with 100 days: 24 gaps… too few (< 30), then 36 gaps.
        let as_of = day(2024, 12, 31);
        let mut c = Vec::new();
        for i in 0..36 {
            let gap = if i < 12 { 10 * (i as i64 + 1) } else { 100 };
            let first = day(2023, 1, 1);
            c.push(customer(
                &format!("c{i}"),
                None,
                &[first, first + chrono::Duration::days(gap)],
            ));
        }
        let out = run(&file(as_of, c, false), &Params::default()).unwrap();
        // Sorted gaps: 10..=90 (9 values), then 100 × 25 (with the 100 of i = 9),
        // 110, 120. numpy.quantile(gaps, 0.9): h = 35 × 0.9 = 31.5 → x[31] = 100,
        // x[32] = 100 → 100 → suggestion 120 days.
        let suggestion = out.suggestion.unwrap();
        assert_eq!(suggestion.gap_quantile_days, 100.0);
        assert_eq!(out.suggested_inactivity_days, Some(120));
        assert!(out.suggestion_en.contains("120 days"));
    }

    #[test]
    fn validate_names_the_key() {
        let p = Params {
            inactivity_days: 0,
            ..Params::default()
        };
        assert!(p
            .validate()
            .unwrap_err()
            .to_string()
            .contains("survival.inactivity_days"));
    }
}
