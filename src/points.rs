//! The points value score: annual revenue points, annual margin points and
//! a bonus per purchase, summed over the last years and cut into named
//! tiers (VIP, Très bons, Bons, Occasionnels, Faible valeur).
//!
//! **Default scales** (the method French consultancies publish), applied to
//! one year's amounts:
//! - revenue: > 100 → 10; 50-100 → 7.5; 10-50 → 2.5; < 10 → 0.5;
//! - margin: > 20 → 20; 10-20 → 10; 2-10 → 5; < 2 → 1;
//! - bonus: +2 per purchase.
//!
//! **Boundaries.** "> 100" is strictly above: exactly 100 scores 7.5. A
//! bound shared by two ranges belongs to the higher one (exactly 50 → 7.5,
//! exactly 10 → 2.5), so "< 10" stays strictly below 10. In the config a
//! scale is a list of bands from the highest, each `{from, from_inclusive,
//! points}`: an amount earns the points of the first band it reaches (at or
//! above `from` when inclusive, strictly above otherwise), else
//! `base_points`. The base points (0.5 and 1) are for buyers: **a year whose
//! net revenue (or margin) is zero or negative scores 0**, not 0.5, so a
//! year without purchase or one cancelled by returns earns nothing.
//!
//! **Window.** Year k (k = 1..window_years, default 3) is the period
//! `(as_of − k years, as_of − (k − 1) years]`. With `aggregation = sum` (the
//! default), each year is scored with the annual scales and the years are
//! added. With `annual_average`, the window's average annual revenue and
//! margin (totals divided by `window_years`) are scored once, and the bonus
//! counts purchases per year on average.
//!
//! **Purchases.** The bonus counts purchase days in the window: the same
//! distinct days [`Customer::frequency`] counts (several orders on one day
//! are one purchase).
//!
//! **Margin.** With a margin column, its values are used. Without one,
//! `margin_rate` (when set) estimates each year's margin as revenue × rate;
//! otherwise margin points are left out and a note says so plainly.
//!
//! **Customer-level files** (no dated history) only give totals. A customer
//! whose last purchase is before the window scores 0. Otherwise the totals
//! (revenue, margin, purchase days) are taken as the window's activity,
//! spread evenly over the window years from the one holding the first
//! purchase (the oldest window year when the first purchase is older) to the
//! one holding the last purchase. When first purchase dates are unknown, the
//! totals all go to the last purchase's year. A note says so.
//!
//! **Tiers.** By default the tier cut points are the type-7 quantiles of the
//! customers' points (see [`crate::quantiles`]); a customer is in the tier
//! above a cut point only when strictly above it, so equal points always
//! share a tier and customers tied on a cut point take the lower tier.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::customers::{Customer, Customers, Purchase};
use crate::error::{Error, Result};
use crate::format;
use crate::i18n::Language;
use crate::labels::Note;
use crate::quantiles::{quantile_cut_points, score_higher_better, ThresholdSource};

/// Most bands a scale may have.
pub const MAX_BANDS: usize = 8;

/// One band of a points scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleBand {
    /// Lower bound of the band.
    pub from: f64,
    /// Whether an amount exactly at `from` earns this band (default true).
    #[serde(default = "default_true")]
    pub from_inclusive: bool,
    /// Points earned.
    pub points: f64,
}

fn default_true() -> bool {
    true
}

/// A points scale for one year's amount. When a scale is given in the
/// config, both `bands` and `base_points` are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Bands from the highest `from` down (strictly descending `from`), at
    /// most [`MAX_BANDS`].
    pub bands: Vec<ScaleBand>,
    /// Points of a positive amount below every band.
    pub base_points: f64,
}

impl Scale {
    /// The default annual revenue scale: > 100 → 10; 50-100 → 7.5;
    /// 10-50 → 2.5; < 10 → 0.5.
    pub fn default_revenue() -> Scale {
        Scale {
            bands: vec![
                ScaleBand {
                    from: 100.0,
                    from_inclusive: false,
                    points: 10.0,
                },
                ScaleBand {
                    from: 50.0,
                    from_inclusive: true,
                    points: 7.5,
                },
                ScaleBand {
                    from: 10.0,
                    from_inclusive: true,
                    points: 2.5,
                },
            ],
            base_points: 0.5,
        }
    }

    /// The default annual margin scale: > 20 → 20; 10-20 → 10; 2-10 → 5;
    /// < 2 → 1.
    pub fn default_margin() -> Scale {
        Scale {
            bands: vec![
                ScaleBand {
                    from: 20.0,
                    from_inclusive: false,
                    points: 20.0,
                },
                ScaleBand {
                    from: 10.0,
                    from_inclusive: true,
                    points: 10.0,
                },
                ScaleBand {
                    from: 2.0,
                    from_inclusive: true,
                    points: 5.0,
                },
            ],
            base_points: 1.0,
        }
    }

    /// Points of one year's amount: 0 when the amount is zero or negative.
    ///
    /// ```
    /// use segmento::points::Scale;
    /// let revenue = Scale::default_revenue();
    /// assert_eq!(revenue.points(100.01), 10.0);
    /// assert_eq!(revenue.points(100.0), 7.5);
    /// assert_eq!(revenue.points(50.0), 7.5);
    /// assert_eq!(revenue.points(49.99), 2.5);
    /// assert_eq!(revenue.points(10.0), 2.5);
    /// assert_eq!(revenue.points(9.99), 0.5);
    /// assert_eq!(revenue.points(0.0), 0.0);
    /// assert_eq!(revenue.points(-30.0), 0.0);
    /// ```
    #[inline]
    pub fn points(&self, amount: f64) -> f64 {
        if amount <= 0.0 || amount.is_nan() {
            return 0.0;
        }
        for band in &self.bands {
            if amount > band.from || (band.from_inclusive && amount == band.from) {
                return band.points;
            }
        }
        self.base_points
    }

    fn validate(&self, key: &str) -> Result<()> {
        if self.bands.len() > MAX_BANDS {
            return Err(Error::invalid_params(
                format!("{key}.bands"),
                crate::error_messages::BANDS_AT_MOST
                    .with(&[("max", &MAX_BANDS), ("count", &self.bands.len())]),
            ));
        }
        for (i, band) in self.bands.iter().enumerate() {
            if !(band.from.is_finite() && band.from >= 0.0) {
                return Err(Error::invalid_params(
                    format!("{key}.bands[{i}].from"),
                    crate::error_messages::NUMBER_ZERO_OR_MORE.with(&[("value", &band.from)]),
                ));
            }
            if !(band.points.is_finite() && band.points >= 0.0) {
                return Err(Error::invalid_params(
                    format!("{key}.bands[{i}].points"),
                    crate::error_messages::NUMBER_ZERO_OR_MORE.with(&[("value", &band.points)]),
                ));
            }
            if i > 0 && band.from >= self.bands[i - 1].from {
                return Err(Error::invalid_params(
                    format!("{key}.bands"),
                    crate::error_messages::BANDS_DESCENDING,
                ));
            }
        }
        if !(self.base_points.is_finite() && self.base_points >= 0.0) {
            return Err(Error::invalid_params(
                format!("{key}.base_points"),
                crate::error_messages::NUMBER_ZERO_OR_MORE.with(&[("value", &self.base_points)]),
            ));
        }
        Ok(())
    }

    /// The scale as rows of a table, from the highest band down, ending
    /// with the base row and the "zero or negative" row.
    pub fn rows(&self) -> Vec<ScaleRow> {
        let mut rows = Vec::with_capacity(self.bands.len() + 2);
        let mut upper: Option<(f64, bool)> = None; // (bound, inclusive)
        for band in &self.bands {
            rows.push(ScaleRow::new(
                Some((band.from, band.from_inclusive)),
                upper,
                band.points,
            ));
            upper = Some((band.from, !band.from_inclusive));
        }
        rows.push(ScaleRow::new(Some((0.0, false)), upper, self.base_points));
        rows.push(ScaleRow {
            min: None,
            min_inclusive: false,
            max: Some(0.0),
            max_inclusive: true,
            points: 0.0,
            label_fr: "0 ou moins (aucun achat net)".to_string(),
            label_en: "0 or less (no net purchase)".to_string(),
        });
        rows
    }
}

/// One row of a scale as shown to a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleRow {
    /// Lower bound (`None`: unbounded).
    pub min: Option<f64>,
    /// Whether `min` is in the row.
    pub min_inclusive: bool,
    /// Upper bound (`None`: unbounded).
    pub max: Option<f64>,
    /// Whether `max` is in the row.
    pub max_inclusive: bool,
    /// Points of the row.
    pub points: f64,
    /// The range in words, French (`de 50 à 100`).
    pub label_fr: String,
    /// The range in words, English (`50 to 100`).
    pub label_en: String,
}

impl ScaleRow {
    fn new(min: Option<(f64, bool)>, max: Option<(f64, bool)>, points: f64) -> ScaleRow {
        let label = |lang: Language| {
            let num = |v: f64| format::number_trimmed(v, 2, lang);
            match (min, max, lang) {
                (Some((lo, true)), None, Language::Fr) => format!("{} ou plus", num(lo)),
                (Some((lo, true)), None, Language::En) => format!("{} or more", num(lo)),
                (Some((lo, false)), None, Language::Fr) => format!("plus de {}", num(lo)),
                (Some((lo, false)), None, Language::En) => format!("over {}", num(lo)),
                (Some((lo, true)), Some((hi, true)), Language::Fr) => {
                    format!("de {} à {}", num(lo), num(hi))
                }
                (Some((lo, true)), Some((hi, true)), Language::En) => {
                    format!("{} to {}", num(lo), num(hi))
                }
                (Some((lo, true)), Some((hi, false)), Language::Fr) => {
                    format!("de {} à moins de {}", num(lo), num(hi))
                }
                (Some((lo, true)), Some((hi, false)), Language::En) => {
                    format!("{} to under {}", num(lo), num(hi))
                }
                (Some((lo, false)), Some((hi, true)), Language::Fr) => {
                    format!("plus de {} et jusqu'à {}", num(lo), num(hi))
                }
                (Some((lo, false)), Some((hi, true)), Language::En) => {
                    format!("over {} up to {}", num(lo), num(hi))
                }
                (Some((lo, false)), Some((hi, false)), Language::Fr) => {
                    format!("plus de {} et moins de {}", num(lo), num(hi))
                }
                (Some((lo, false)), Some((hi, false)), Language::En) => {
                    format!("over {} and under {}", num(lo), num(hi))
                }
                (None, _, Language::Fr) => "toute valeur".to_string(),
                (None, _, Language::En) => "any value".to_string(),
            }
        };
        ScaleRow {
            min: min.map(|(v, _)| v),
            min_inclusive: min.is_some_and(|(_, inclusive)| inclusive),
            max: max.map(|(v, _)| v),
            max_inclusive: max.is_some_and(|(_, inclusive)| inclusive),
            points,
            label_fr: label(Language::Fr),
            label_en: label(Language::En),
        }
    }
}

/// How the window's years are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Score each year and add the years (the default).
    #[default]
    Sum,
    /// Score the window's average annual amounts once; the bonus counts
    /// purchases per year on average.
    AnnualAverage,
}

/// A tier's labels, to rename the tiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierLabel {
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
}

/// Settings of the points value score (the `points` key of the config).
///
/// ```
/// use segmento::points::{Aggregation, Params};
/// let params: Params = serde_json::from_str(
///     r#"{"window_years": 2, "aggregation": "annual_average", "tiers": 4,
///         "tier_thresholds": [5, 20, 40], "margin_rate": 0.3}"#,
/// ).unwrap();
/// assert_eq!(params.aggregation, Aggregation::AnnualAverage);
/// assert_eq!(params.purchase_bonus, 2.0);
/// params.validate().unwrap();
/// let bad = Params { window_years: 6, ..Params::default() };
/// assert_eq!(bad.validate().unwrap_err().to_string(),
///            "invalid setting points.window_years: must be from 1 to 5 (got 6)");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Annual revenue scale.
    pub revenue_scale: Scale,
    /// Annual margin scale.
    pub margin_scale: Scale,
    /// Points per purchase day in the window (default 2).
    pub purchase_bonus: f64,
    /// Years in the window, 1 to 5 (default 3).
    pub window_years: u8,
    /// Sum of yearly scores (default) or score of the annual average.
    pub aggregation: Aggregation,
    /// Number of tiers, 4 or 5 (default 5).
    pub tiers: u8,
    /// `tiers - 1` strictly ascending cut points on the points total; a
    /// customer is in the tier above a cut point when strictly above it.
    /// Default: quantiles of the customers' points.
    pub tier_thresholds: Option<Vec<f64>>,
    /// Tier labels from the best tier down (`tiers` entries). Default:
    /// VIP / Très bons / Bons / Occasionnels / Faible valeur (4 tiers drop
    /// Très bons).
    pub tier_labels: Option<Vec<TierLabel>>,
    /// Margin rate (0 to 1) estimating margin as revenue × rate when the
    /// file has no margin column.
    pub margin_rate: Option<f64>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            revenue_scale: Scale::default_revenue(),
            margin_scale: Scale::default_margin(),
            purchase_bonus: 2.0,
            window_years: 3,
            aggregation: Aggregation::Sum,
            tiers: 5,
            tier_thresholds: None,
            tier_labels: None,
            margin_rate: None,
        }
    }
}

impl Params {
    /// Check every setting; the error names the offending key.
    pub fn validate(&self) -> Result<()> {
        self.revenue_scale.validate("points.revenue_scale")?;
        self.margin_scale.validate("points.margin_scale")?;
        if !(self.purchase_bonus.is_finite() && self.purchase_bonus >= 0.0) {
            return Err(Error::invalid_params(
                "points.purchase_bonus",
                crate::error_messages::NUMBER_ZERO_OR_MORE.with(&[("value", &self.purchase_bonus)]),
            ));
        }
        if !(1..=5).contains(&self.window_years) {
            return Err(Error::invalid_params(
                "points.window_years",
                crate::error_messages::FROM_TO_GOT.with(&[
                    ("min", &1),
                    ("max", &5),
                    ("value", &self.window_years),
                ]),
            ));
        }
        if !(4..=5).contains(&self.tiers) {
            return Err(Error::invalid_params(
                "points.tiers",
                crate::error_messages::TIERS_CHOICE.with(&[("value", &self.tiers)]),
            ));
        }
        if let Some(cuts) = &self.tier_thresholds {
            let expected = usize::from(self.tiers) - 1;
            if cuts.len() != expected {
                return Err(Error::invalid_params(
                    "points.tier_thresholds",
                    crate::error_messages::CUT_POINTS_COUNT_TIERS.with(&[
                        ("expected", &expected),
                        ("tiers", &self.tiers),
                        ("count", &cuts.len()),
                    ]),
                ));
            }
            if cuts.iter().any(|c| !c.is_finite()) || cuts.windows(2).any(|w| w[0] >= w[1]) {
                return Err(Error::invalid_params(
                    "points.tier_thresholds",
                    crate::error_messages::CUT_POINTS_NUMBERS_ASCENDING,
                ));
            }
        }
        if let Some(labels) = &self.tier_labels {
            if labels.len() != usize::from(self.tiers) {
                return Err(Error::invalid_params(
                    "points.tier_labels",
                    crate::error_messages::LABEL_PER_TIER
                        .with(&[("tiers", &self.tiers), ("count", &labels.len())]),
                ));
            }
        }
        if let Some(rate) = self.margin_rate {
            if !(rate.is_finite() && (0.0..=1.0).contains(&rate)) {
                return Err(Error::invalid_params(
                    "points.margin_rate",
                    crate::error_messages::SHARE.with(&[("value", &rate)]),
                ));
            }
        }
        Ok(())
    }
}

/// A value tier. Serialized as its snake_case key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The best tier.
    Vip,
    /// Second tier (5 tiers only).
    VeryGood,
    /// Middle tier.
    Good,
    /// Second lowest tier.
    Occasional,
    /// The lowest tier.
    LowValue,
}

impl Tier {
    /// The tiers in use, best first.
    pub fn ladder(tiers: u8) -> &'static [Tier] {
        if tiers == 4 {
            &[Tier::Vip, Tier::Good, Tier::Occasional, Tier::LowValue]
        } else {
            &[
                Tier::Vip,
                Tier::VeryGood,
                Tier::Good,
                Tier::Occasional,
                Tier::LowValue,
            ]
        }
    }

    /// Default French and English labels.
    pub fn default_labels(self) -> (&'static str, &'static str) {
        match self {
            Tier::Vip => ("VIP", "VIP"),
            Tier::VeryGood => ("Très bons", "Very good"),
            Tier::Good => ("Bons", "Good"),
            Tier::Occasional => ("Occasionnels", "Occasional"),
            Tier::LowValue => ("Faible valeur", "Low value"),
        }
    }
}

/// Where margins came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarginSource {
    /// The file's margin column.
    Column,
    /// Revenue × `points.margin_rate`.
    Rate,
    /// No margin: margin points left out.
    None,
}

/// A scale as used, with its rows in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleSummary {
    /// The scale as configured.
    pub scale: Scale,
    /// The scale as a table, highest band first.
    pub rows: Vec<ScaleRow>,
}

/// The scales used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scales {
    /// Annual revenue scale.
    pub revenue: ScaleSummary,
    /// Annual margin scale (reported even when margin points are left out).
    pub margin: ScaleSummary,
    /// Points per purchase day.
    pub purchase_bonus: f64,
}

/// One year of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowYear {
    /// 1 = the most recent year.
    pub year: u8,
    /// The year starts the day after this date (exclusive).
    pub after: NaiveDate,
    /// The year ends on this date (inclusive).
    pub until: NaiveDate,
}

/// One tier's line of the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierSummary {
    /// Stable key.
    pub key: Tier,
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
    /// Points strictly above this bound (`None` for the lowest tier).
    pub lower_threshold: Option<f64>,
    /// Points up to this bound included (`None` for the top tier).
    pub upper_threshold: Option<f64>,
    /// Lowest points of a customer in the tier (`None` when empty).
    pub min_points: Option<f64>,
    /// Highest points of a customer in the tier.
    pub max_points: Option<f64>,
    /// Mean points.
    pub mean_points: Option<f64>,
    /// Customers in the tier.
    pub customers: usize,
    /// Their net revenue (whole file, not only the window).
    pub revenue: f64,
    /// Share of all customers.
    pub share_customers: f64,
    /// Share of total net revenue.
    pub share_revenue: f64,
}

/// One customer's points (aligned with `Customers::customers`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CustomerPoints {
    /// Revenue points.
    pub revenue_points: f64,
    /// Margin points (0 when left out).
    pub margin_points: f64,
    /// Purchase bonus.
    pub bonus_points: f64,
    /// The tier.
    pub value_tier: Tier,
    /// Purchase days counted in the window.
    pub purchases_in_window: u32,
}

/// The points result: what goes under `points` in `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// Scales used.
    pub scales: Scales,
    /// Years in the window.
    pub window_years: u8,
    /// The window's years, most recent first.
    pub years: Vec<WindowYear>,
    /// How years are combined.
    pub aggregation: Aggregation,
    /// Where margins came from.
    pub margin_source: MarginSource,
    /// The margin rate applied (only when `margin_source` is `rate`).
    pub margin_rate: Option<f64>,
    /// Whether margin points count in the total.
    pub margin_points_included: bool,
    /// Whether dated purchase histories were used (false for
    /// customer-level files, scored on their totals).
    pub history_used: bool,
    /// Tier cut points actually used, ascending.
    pub thresholds: Vec<f64>,
    /// Quantiles or custom.
    pub thresholds_source: ThresholdSource,
    /// Tiers, best first, empty ones included.
    pub tiers: Vec<TierSummary>,
    /// Customers scored.
    pub customers_total: usize,
    /// Their total net revenue.
    pub revenue_total: f64,
    /// The method in words, French.
    pub rule_fr: String,
    /// The method in words, English.
    pub rule_en: String,
    /// Plain sentences: margin left out or estimated, customer-level file,
    /// tied tiers.
    pub notes: Vec<Note>,
    /// Per-customer breakdown, index-aligned with `Customers::customers`.
    #[serde(skip)]
    pub customers: Vec<CustomerPoints>,
}

impl CustomerPoints {
    /// Total: revenue + margin + bonus (computed, not kept: 8 bytes per
    /// customer, 20 MB at 10M rows).
    pub fn value_points(&self) -> f64 {
        self.revenue_points + self.margin_points + self.bonus_points
    }
}

/// Yearly amounts of one customer inside the window, by slot (see
/// [`slot_of`]); the last slot collects purchases outside the window.
struct Window {
    revenue: [f64; 6],
    margin: [f64; 6],
    purchases: u32,
}

/// The slot of `date` in the window: 0 for year 1 (the most recent) to
/// `W - 1` for year W, and `W` when outside the window (after `as_of` or on
/// or before the window start). `starts[k]` is the exclusive start of year
/// k + 1. Counted without branches: purchases fall in random years, and a
/// mispredicted branch per purchase costs more than the whole count.
#[inline]
fn slot_of(date: NaiveDate, as_of: NaiveDate, starts: &[NaiveDate]) -> usize {
    let years_past: usize = starts.iter().map(|&start| usize::from(date <= start)).sum();
    if date > as_of {
        starts.len()
    } else {
        years_past
    }
}

/// The window year (1-based) holding `date`, if inside the window.
#[inline]
fn year_of(date: NaiveDate, as_of: NaiveDate, starts: &[NaiveDate]) -> Option<usize> {
    let slot = slot_of(date, as_of, starts);
    (slot < starts.len()).then_some(slot + 1)
}

/// A [`Scale`] laid out for branch-free lookups in the scoring loop. Each
/// band becomes one strict threshold: "at least `from`" is "above the float
/// just below `from`". Bands descend, so the bands an amount reaches are a
/// suffix and the first one reached is the number of thresholds the amount
/// does not exceed; `points` holds one entry per band plus the base points.
struct ScaleTable<const N: usize> {
    /// Thresholds, highest first, padded at the end with -∞ (exceeded by
    /// every amount, so the padding is never counted).
    above: [f64; N],
    points: [f64; MAX_BANDS + 1],
}

impl<const N: usize> ScaleTable<N> {
    /// The table of `scale`, which must have at most `N` bands.
    fn new(scale: &Scale) -> ScaleTable<N> {
        let mut table = ScaleTable {
            above: [f64::NEG_INFINITY; N],
            points: [0.0; MAX_BANDS + 1],
        };
        for (i, band) in scale.bands.iter().take(N).enumerate() {
            table.above[i] = if band.from_inclusive {
                band.from.next_down()
            } else {
                band.from
            };
            table.points[i] = band.points;
        }
        table.points[scale.bands.len().min(N)] = scale.base_points;
        table
    }

    /// Same result as [`Scale::points`].
    #[inline(always)]
    fn points(&self, amount: f64) -> f64 {
        // A count of comparisons over a fixed-size array: unrolled, no
        // data-dependent branch.
        let mut not_reached = 0usize;
        for threshold in self.above {
            not_reached += usize::from(amount <= threshold);
        }
        let points = self.points[not_reached.min(MAX_BANDS)];
        if amount > 0.0 {
            points
        } else {
            0.0
        }
    }
}

/// The per-run constants of the scoring loop.
struct Scoring<'a, const N: usize> {
    params: &'a Params,
    revenue: ScaleTable<N>,
    margin: ScaleTable<N>,
    /// margin = margin column × `column_weight` + revenue × `rate`: (1, 0)
    /// with a margin column, (0, rate) with a margin rate, (0, 0) without.
    column_weight: f64,
    rate: f64,
    with_margin: bool,
    as_of: NaiveDate,
    starts: &'a [NaiveDate],
}

/// What the scoring loop returns.
struct Scored {
    per_customer: Vec<CustomerPoints>,
    revenues: Vec<f64>,
    totals_used: usize,
    inactive: usize,
}

/// Points of every customer (tier not yet set).
fn score_customers<const N: usize>(customers: &Customers, scoring: &Scoring<N>) -> Result<Scored> {
    let list = &customers.customers;
    let mut per_customer = Vec::with_capacity(list.len());
    let mut revenues = Vec::with_capacity(list.len());
    let mut totals_used = 0usize;
    let mut inactive = 0usize;
    for customer in list {
        if !(customer.revenue.is_finite() && customer.margin.is_finite()) {
            return Err(Error::analysis(format!(
                "customer {}: revenue or margin is not a number",
                customer.id
            )));
        }
        let history = customers.history(customer);
        let use_history = customers.has_history && !history.is_empty();
        let (revenue_points, margin_points, bonus_points, purchases) = if use_history {
            score_window(&history_window(history, scoring), scoring)
        } else {
            totals_used += 1;
            score_totals(customer, customers.first_purchase_known, scoring)
        };
        inactive += usize::from(purchases == 0);
        revenues.push(customer.revenue);
        per_customer.push(CustomerPoints {
            revenue_points,
            margin_points,
            bonus_points,
            value_tier: Tier::LowValue,
            purchases_in_window: purchases,
        });
    }
    Ok(Scored {
        per_customer,
        revenues,
        totals_used,
        inactive,
    })
}

/// Score every customer and cut the totals into tiers. See the module docs
/// for the method.
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::{points, Attributes, Customers, OwnedCustomer, OwnedCustomers, Purchase};
/// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let purchase = |date, revenue| Purchase { date, revenue, margin: revenue * 0.25, orders: 1 };
/// let history = vec![purchase(day(2022, 3, 1), 120.0), purchase(day(2024, 2, 1), 60.0)];
/// let customer = OwnedCustomer {
///     id: "C1".into(), first_purchase: day(2022, 3, 1), last_purchase: day(2024, 2, 1),
///     frequency: 2, orders: 2, revenue: 180.0, margin: 45.0, first_channel: None,
///     last_channel: None, attributes: Attributes::default(), history,
/// };
/// let customers = Customers::from_owned(OwnedCustomers {
///     as_of: day(2024, 12, 31), customers: vec![customer], prospects: vec![],
///     has_margin: true, has_channel: false, has_history: true, first_purchase_known: true,
/// });
/// let out = points::run(&customers, &points::Params::default()).unwrap();
/// let c = out.customers[0];
/// // Year 1 (2024): revenue 60 → 7.5, margin 15 → 10. Year 3 (2022): 120 → 10, margin 30 → 20.
/// assert_eq!((c.revenue_points, c.margin_points, c.bonus_points), (17.5, 30.0, 4.0));
/// assert_eq!(c.value_points(), 51.5);
/// ```
pub fn run(customers: &Customers, params: &Params) -> Result<Output> {
    params.validate()?;
    let as_of = customers.as_of;
    let window_years = usize::from(params.window_years);
    let starts: Vec<NaiveDate> = (1..=params.window_years)
        .map(|k| {
            as_of
                .checked_sub_months(Months::new(12 * u32::from(k)))
                .unwrap_or(NaiveDate::MIN)
        })
        .collect();
    let years: Vec<WindowYear> = (0..window_years)
        .map(|k| WindowYear {
            year: k as u8 + 1,
            after: starts[k],
            until: if k == 0 { as_of } else { starts[k - 1] },
        })
        .collect();

    let margin_source = if customers.has_margin {
        MarginSource::Column
    } else if params.margin_rate.is_some() {
        MarginSource::Rate
    } else {
        MarginSource::None
    };
    let margin_rate = params
        .margin_rate
        .filter(|_| margin_source == MarginSource::Rate);
    let with_margin = margin_source != MarginSource::None;
    let column_weight = if margin_source == MarginSource::Column {
        1.0
    } else {
        0.0
    };
    let rate = margin_rate.unwrap_or(0.0);
    let most_bands = params
        .revenue_scale
        .bands
        .len()
        .max(params.margin_scale.bands.len());
    // The scoring loop is compiled for tables of 4 bands (the default
    // scales have 3) or of the most allowed, chosen once per run.
    let scored = if most_bands <= 4 {
        score_customers(
            customers,
            &Scoring::<4> {
                params,
                revenue: ScaleTable::new(&params.revenue_scale),
                margin: ScaleTable::new(&params.margin_scale),
                column_weight,
                rate,
                with_margin,
                as_of,
                starts: &starts,
            },
        )
    } else {
        score_customers(
            customers,
            &Scoring::<MAX_BANDS> {
                params,
                revenue: ScaleTable::new(&params.revenue_scale),
                margin: ScaleTable::new(&params.margin_scale),
                column_weight,
                rate,
                with_margin,
                as_of,
                starts: &starts,
            },
        )
    }?;
    let Scored {
        mut per_customer,
        revenues,
        totals_used,
        inactive,
    } = scored;
    let list = &customers.customers;

    // Tier cut points and tiers.
    let tiers = usize::from(params.tiers);
    let (thresholds, thresholds_source) = match &params.tier_thresholds {
        Some(cuts) => (cuts.clone(), ThresholdSource::Custom),
        None => (
            quantile_cut_points(per_customer.iter().map(|c| c.value_points()), tiers),
            ThresholdSource::Quantiles,
        ),
    };
    let ladder = Tier::ladder(params.tiers);
    let mut tier_customers = vec![0usize; tiers];
    let mut tier_revenue = vec![0.0f64; tiers];
    let mut tier_points = vec![0.0f64; tiers];
    let mut tier_min = vec![f64::INFINITY; tiers];
    let mut tier_max = vec![f64::NEG_INFINITY; tiers];
    let mut revenue_total = 0.0;
    for (result, &revenue) in per_customer.iter_mut().zip(&revenues) {
        // Level 1 = lowest tier; ladder index 0 = best tier.
        let points = result.value_points();
        let level = usize::from(score_higher_better(&thresholds, points));
        let t = tiers - level.min(tiers);
        result.value_tier = ladder[t];
        tier_customers[t] += 1;
        tier_revenue[t] += revenue;
        tier_points[t] += points;
        tier_min[t] = tier_min[t].min(points);
        tier_max[t] = tier_max[t].max(points);
        revenue_total += revenue;
    }
    let n = list.len();
    let share = |part: f64, total: f64| if total == 0.0 { 0.0 } else { part / total };
    let tier_summaries: Vec<TierSummary> = ladder
        .iter()
        .enumerate()
        .map(|(t, &tier)| {
            let level = tiers - t; // 1 = lowest
            let (label_fr, label_en) = match &params.tier_labels {
                Some(labels) => (labels[t].label_fr.clone(), labels[t].label_en.clone()),
                None => {
                    let (fr, en) = tier.default_labels();
                    (fr.to_string(), en.to_string())
                }
            };
            let count = tier_customers[t];
            let filled = count > 0;
            TierSummary {
                key: tier,
                label_fr,
                label_en,
                lower_threshold: (level >= 2)
                    .then(|| thresholds.get(level - 2).copied())
                    .flatten(),
                upper_threshold: (level < tiers)
                    .then(|| thresholds.get(level - 1).copied())
                    .flatten(),
                min_points: filled.then_some(tier_min[t]),
                max_points: filled.then_some(tier_max[t]),
                mean_points: filled.then(|| tier_points[t] / count as f64),
                customers: count,
                revenue: tier_revenue[t],
                share_customers: share(count as f64, n as f64),
                share_revenue: share(tier_revenue[t], revenue_total),
            }
        })
        .collect();

    let notes = notes(
        params,
        customers,
        margin_source,
        totals_used,
        inactive,
        &tier_summaries,
        thresholds_source,
    );
    Ok(Output {
        scales: Scales {
            revenue: ScaleSummary {
                rows: params.revenue_scale.rows(),
                scale: params.revenue_scale.clone(),
            },
            margin: ScaleSummary {
                rows: params.margin_scale.rows(),
                scale: params.margin_scale.clone(),
            },
            purchase_bonus: params.purchase_bonus,
        },
        window_years: params.window_years,
        years,
        aggregation: params.aggregation,
        margin_source,
        margin_rate,
        margin_points_included: with_margin,
        history_used: customers.has_history,
        thresholds,
        thresholds_source,
        tiers: tier_summaries,
        customers_total: n,
        revenue_total,
        rule_fr: rule_text(params, Language::Fr),
        rule_en: rule_text(params, Language::En),
        notes,
        customers: per_customer,
    })
}

/// The customer's yearly revenue and margin inside the window, from the
/// dated history.
fn history_window<const N: usize>(history: &[Purchase], scoring: &Scoring<N>) -> Window {
    let outside = scoring.starts.len();
    let mut window = Window {
        revenue: [0.0; 6],
        margin: [0.0; 6],
        purchases: 0,
    };
    for purchase in history {
        let slot = slot_of(purchase.date, scoring.as_of, scoring.starts);
        window.revenue[slot] += purchase.revenue;
        window.margin[slot] +=
            purchase.margin * scoring.column_weight + purchase.revenue * scoring.rate;
        // A return-only day nets its amounts but earns no purchase bonus.
        window.purchases += u32::from(slot < outside && purchase.is_purchase());
    }
    window
}

/// (revenue points, margin points, bonus, purchases) of a window.
#[inline(always)]
fn score_window<const N: usize>(window: &Window, scoring: &Scoring<N>) -> (f64, f64, f64, u32) {
    let params = scoring.params;
    let years = scoring.starts.len();
    let purchases = window.purchases;
    match params.aggregation {
        Aggregation::Sum => {
            let mut revenue_points = 0.0;
            let mut margin_points = 0.0;
            for k in 0..years {
                revenue_points += scoring.revenue.points(window.revenue[k]);
                margin_points += scoring.margin.points(window.margin[k]);
            }
            if !scoring.with_margin {
                margin_points = 0.0;
            }
            (
                revenue_points,
                margin_points,
                params.purchase_bonus * f64::from(purchases),
                purchases,
            )
        }
        Aggregation::AnnualAverage => {
            let y = years as f64;
            let revenue: f64 = window.revenue[..years].iter().sum();
            let margin: f64 = window.margin[..years].iter().sum();
            (
                scoring.revenue.points(revenue / y),
                if scoring.with_margin {
                    scoring.margin.points(margin / y)
                } else {
                    0.0
                },
                params.purchase_bonus * f64::from(purchases) / y,
                purchases,
            )
        }
    }
}

/// Customer-level rows: totals spread evenly over the window years from the
/// first purchase's year (or the last's when unknown) to the last's.
fn score_totals<const N: usize>(
    customer: &Customer,
    first_known: bool,
    scoring: &Scoring<N>,
) -> (f64, f64, f64, u32) {
    let years = scoring.starts.len();
    let Some(last_year) = year_of(customer.last_purchase, scoring.as_of, scoring.starts) else {
        return (0.0, 0.0, 0.0, 0);
    };
    let first_year = if first_known {
        year_of(customer.first_purchase, scoring.as_of, scoring.starts).unwrap_or(years)
    } else {
        last_year
    }
    .max(last_year);
    let covered = first_year - last_year + 1;
    let mut window = Window {
        revenue: [0.0; 6],
        margin: [0.0; 6],
        purchases: customer.frequency,
    };
    let margin = customer.margin * scoring.column_weight + customer.revenue * scoring.rate;
    for k in last_year..=first_year {
        window.revenue[k - 1] = customer.revenue / covered as f64;
        window.margin[k - 1] = margin / covered as f64;
    }
    score_window(&window, scoring)
}

fn notes(
    params: &Params,
    customers: &Customers,
    margin_source: MarginSource,
    totals_used: usize,
    inactive: usize,
    tiers: &[TierSummary],
    thresholds_source: ThresholdSource,
) -> Vec<Note> {
    let mut notes = Vec::new();
    match margin_source {
        MarginSource::None => notes.push(Note::new(
            "margin_points_left_out",
            "Le fichier n'a pas de colonne de marge : les points de marge sont laissés de côté, \
             le score ne compte que le chiffre d'affaires et les achats. Indiquez un taux de marge \
             (points.margin_rate) pour les estimer.",
            "The file has no margin column: margin points are left out, and the score counts only \
             revenue and purchases. Set a margin rate (points.margin_rate) to estimate them.",
        )),
        MarginSource::Rate => {
            let rate = params.margin_rate.unwrap_or(0.0);
            notes.push(Note::new(
                "margin_estimated_from_rate",
                format!(
                    "Le fichier n'a pas de colonne de marge : la marge est estimée à {} du chiffre d'affaires \
                     (points.margin_rate).",
                    format::share(rate, Language::Fr)
                ),
                format!(
                    "The file has no margin column: margin is estimated at {} of revenue (points.margin_rate).",
                    format::share(rate, Language::En)
                ),
            ));
        }
        MarginSource::Column => {
            if let Some(rate) = params.margin_rate {
                notes.push(Note::new(
                    "margin_rate_ignored",
                    format!(
                        "Le fichier a une colonne de marge : elle est utilisée, et le taux de marge configuré ({}) ne l'est pas.",
                        format::share(rate, Language::Fr)
                    ),
                    format!(
                        "The file has a margin column: it is used, and the configured margin rate ({}) is not.",
                        format::share(rate, Language::En)
                    ),
                ));
            }
        }
    }
    if totals_used > 0 {
        notes.push(Note::new(
            "customer_totals_spread_over_years",
            format!(
                "{totals_used} client(s) sans historique daté (fichier clients) : leurs totaux sont comptés comme \
                 l'activité de la fenêtre, répartis également sur les années de la fenêtre entre leur premier \
                 et leur dernier achat ; un client dont le dernier achat précède la fenêtre a 0 point."
            ),
            format!(
                "{totals_used} customer(s) without a dated history (customer-level file): their totals count as the \
                 window's activity, spread evenly over the window years between their first and last purchase; \
                 a customer whose last purchase is before the window scores 0."
            ),
        ));
    }
    if inactive > 0 {
        notes.push(Note::new(
            "no_purchase_in_window",
            format!(
                "{inactive} client(s) n'ont aucun achat dans les {} dernière(s) année(s) : 0 point.",
                params.window_years
            ),
            format!(
                "{inactive} customer(s) have no purchase in the last {} year(s): 0 points.",
                params.window_years
            ),
        ));
    }
    let used = tiers.iter().filter(|t| t.customers > 0).count();
    if thresholds_source == ThresholdSource::Quantiles
        && used < tiers.len()
        && !customers.customers.is_empty()
    {
        notes.push(Note::new(
            "tiers_tied",
            format!(
                "Seuls {used} niveaux sur {} sont occupés : beaucoup de clients ont exactement le même nombre de points, \
                 et des clients à égalité sont toujours dans le même niveau.",
                tiers.len()
            ),
            format!(
                "Only {used} of {} tiers hold customers: many customers have exactly the same points, and tied \
                 customers always share a tier.",
                tiers.len()
            ),
        ));
    }
    notes
}

fn rule_text(params: &Params, lang: Language) -> String {
    let bonus = format::number_trimmed(params.purchase_bonus, 2, lang);
    let w = params.window_years;
    match (lang, params.aggregation) {
        (Language::Fr, Aggregation::Sum) => format!(
            "Chacune des {w} dernière(s) année(s) avant la date d'analyse est notée avec les barèmes annuels \
             (chiffre d'affaires, marge), puis les années sont additionnées ; chaque jour d'achat de la période \
             ajoute {bonus} points. Une année sans achat net (CA ou marge nul ou négatif) vaut 0 point. \
             Les niveaux sont coupés aux quantiles des points (sauf seuils personnalisés) ; il faut dépasser \
             strictement un seuil pour monter d'un niveau."
        ),
        (Language::Fr, Aggregation::AnnualAverage) => format!(
            "Le chiffre d'affaires et la marge moyens par an sur les {w} dernière(s) année(s) sont notés une fois \
             avec les barèmes annuels ; chaque jour d'achat ajoute {bonus} points, divisés par {w} (achats par an). \
             Un montant nul ou négatif vaut 0 point. Les niveaux sont coupés aux quantiles des points (sauf seuils \
             personnalisés) ; il faut dépasser strictement un seuil pour monter d'un niveau."
        ),
        (Language::En, Aggregation::Sum) => format!(
            "Each of the last {w} year(s) before the analysis date is scored with the annual scales (revenue, \
             margin) and the years are added; each purchase day in the period adds {bonus} points. A year without \
             net purchase (zero or negative revenue or margin) scores 0. Tiers are cut at quantiles of the points \
             (unless custom cut points are set); a customer moves up a tier only when strictly above its cut point."
        ),
        (Language::En, Aggregation::AnnualAverage) => format!(
            "The average yearly revenue and margin over the last {w} year(s) are scored once with the annual \
             scales; each purchase day adds {bonus} points, divided by {w} (purchases per year). A zero or negative \
             amount scores 0. Tiers are cut at quantiles of the points (unless custom cut points are set); a \
             customer moves up a tier only when strictly above its cut point."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customers::{Attributes, OwnedCustomer, OwnedCustomers, Purchase};

    #[test]
    fn a_customer_s_points_are_32_bytes_and_their_total_is_the_sum() {
        assert_eq!(std::mem::size_of::<CustomerPoints>(), 32);
        let points = CustomerPoints {
            revenue_points: 17.5,
            margin_points: 30.0,
            bonus_points: 4.0,
            value_tier: Tier::LowValue,
            purchases_in_window: 2,
        };
        assert_eq!(points.value_points(), 51.5);
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn with_history(id: &str, purchases: &[(NaiveDate, f64, f64)]) -> OwnedCustomer {
        let history: Vec<Purchase> = purchases
            .iter()
            .map(|&(date, revenue, margin)| Purchase {
                date,
                revenue,
                margin,
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
            margin: history.iter().map(|p| p.margin).sum(),
            first_channel: None,
            last_channel: None,
            attributes: Attributes::default(),
            history,
        }
    }

    fn set(list: Vec<OwnedCustomer>, has_margin: bool, has_history: bool) -> Customers {
        Customers::from_owned(OwnedCustomers {
            as_of: day(2024, 12, 31),
            customers: list,
            prospects: vec![],
            has_margin,
            has_channel: false,
            has_history,
            first_purchase_known: true,
        })
    }

    #[test]
    fn default_scales_at_every_boundary() {
        let revenue = Scale::default_revenue();
        let cases = [
            (150.0, 10.0),
            (100.0, 7.5),
            (75.0, 7.5),
            (50.0, 7.5),
            (49.0, 2.5),
            (10.0, 2.5),
            (9.0, 0.5),
            (0.01, 0.5),
            (0.0, 0.0),
            (-5.0, 0.0),
        ];
        for (amount, points) in cases {
            assert_eq!(revenue.points(amount), points, "revenue {amount}");
        }
        let margin = Scale::default_margin();
        let cases = [
            (21.0, 20.0),
            (20.0, 10.0),
            (10.0, 10.0),
            (9.99, 5.0),
            (2.0, 5.0),
            (1.99, 1.0),
            (0.0, 0.0),
            (-1.0, 0.0),
        ];
        for (amount, points) in cases {
            assert_eq!(margin.points(amount), points, "margin {amount}");
        }
        let labels: Vec<String> = revenue
            .rows()
            .into_iter()
            .map(|r| format!("{} → {}", r.label_en, r.points))
            .collect();
        assert_eq!(
            labels,
            [
                "over 100 → 10",
                "50 to 100 → 7.5",
                "10 to under 50 → 2.5",
                "over 0 and under 10 → 0.5",
                "0 or less (no net purchase) → 0"
            ]
        );
        assert_eq!(revenue.rows()[1].label_fr, "de 50 à 100");
    }

    #[test]
    fn branch_free_table_agrees_with_the_scale() {
        let mut odd = Scale::default_margin();
        odd.bands[0].from_inclusive = true;
        odd.bands[2].from_inclusive = false;
        for scale in [
            Scale::default_revenue(),
            Scale::default_margin(),
            odd,
            Scale {
                bands: vec![],
                base_points: 3.0,
            },
        ] {
            let table = ScaleTable::<MAX_BANDS>::new(&scale);
            for i in -300..3000 {
                let amount = f64::from(i) / 10.0;
                assert_eq!(
                    table.points(amount),
                    scale.points(amount),
                    "{amount} {scale:?}"
                );
            }
        }
    }

    #[test]
    fn years_are_half_open_on_the_old_side() {
        // as_of 2024-12-31: year 1 = (2023-12-31, 2024-12-31], year 2 =
        // (2022-12-31, 2023-12-31], year 3 = (2021-12-31, 2022-12-31].
        let as_of = day(2024, 12, 31);
        let starts = [day(2023, 12, 31), day(2022, 12, 31), day(2021, 12, 31)];
        assert_eq!(year_of(day(2024, 12, 31), as_of, &starts), Some(1));
        assert_eq!(year_of(day(2024, 1, 1), as_of, &starts), Some(1));
        assert_eq!(year_of(day(2023, 12, 31), as_of, &starts), Some(2));
        assert_eq!(year_of(day(2022, 1, 1), as_of, &starts), Some(3));
        assert_eq!(year_of(day(2021, 12, 31), as_of, &starts), None);
        assert_eq!(year_of(day(2025, 1, 1), as_of, &starts), None);
    }

    #[test]
    fn sum_and_annual_average_by_hand() {
        // Year 1: 40 + 30 = 70 revenue (margin 14), 2 days; year 2: nothing;
        // year 3: 200 (margin 50), 1 day; before the window: 500, 1 day.
        let c = with_history(
            "C",
            &[
                (day(2020, 5, 1), 500.0, 100.0),
                (day(2022, 6, 1), 200.0, 50.0),
                (day(2024, 3, 1), 40.0, 8.0),
                (day(2024, 9, 1), 30.0, 6.0),
            ],
        );
        let customers = set(vec![c], true, true);
        let out = run(&customers, &Params::default()).unwrap();
        let p = out.customers[0];
        // Sum: revenue 70 → 7.5, 0 → 0, 200 → 10 = 17.5; margin 14 → 10,
        // 0 → 0, 50 → 20 = 30; bonus 3 days × 2 = 6; total 53.5.
        assert_eq!(
            (
                p.revenue_points,
                p.margin_points,
                p.bonus_points,
                p.value_points()
            ),
            (17.5, 30.0, 6.0, 53.5)
        );
        assert_eq!(p.purchases_in_window, 3);
        let params = Params {
            aggregation: Aggregation::AnnualAverage,
            ..Params::default()
        };
        let p = run(&customers, &params).unwrap().customers[0];
        // Average: revenue 270 / 3 = 90 → 7.5; margin 64 / 3 = 21.33 → 20;
        // bonus 2 × 3 / 3 = 2; total 29.5.
        assert_eq!(
            (
                p.revenue_points,
                p.margin_points,
                p.bonus_points,
                p.value_points()
            ),
            (7.5, 20.0, 2.0, 29.5)
        );
    }

    #[test]
    fn returns_cancel_a_year_and_margin_sources() {
        // Year 1: 60 then -60 (a full return): net 0 → 0 points, not 0.5;
        // the two days still count as purchase days (bonus 4).
        let c = with_history(
            "R",
            &[
                (day(2024, 2, 1), 60.0, 20.0),
                (day(2024, 2, 10), -60.0, -20.0),
            ],
        );
        let out = run(&set(vec![c.clone()], false, true), &Params::default()).unwrap();
        let p = out.customers[0];
        assert_eq!(
            (p.revenue_points, p.margin_points, p.bonus_points),
            (0.0, 0.0, 4.0)
        );
        assert_eq!(out.margin_source, MarginSource::None);
        assert!(!out.margin_points_included);
        assert!(out.notes.iter().any(|n| n.key == "margin_points_left_out"));
        // Margin rate 25 % on 80 revenue: margin 20 → 10 points (not > 20).
        let c = with_history("M", &[(day(2024, 2, 1), 80.0, 0.0)]);
        let params = Params {
            margin_rate: Some(0.25),
            ..Params::default()
        };
        let out = run(&set(vec![c.clone()], false, true), &params).unwrap();
        assert_eq!(out.customers[0].margin_points, 10.0);
        assert_eq!(out.margin_rate, Some(0.25));
        assert!(out
            .notes
            .iter()
            .any(|n| n.key == "margin_estimated_from_rate" && n.fr.contains("25\u{202F}%")));
        // With a margin column the rate is ignored (and said so).
        let out = run(&set(vec![c], true, true), &params).unwrap();
        assert_eq!(out.customers[0].margin_points, 0.0); // margin 0 → 0 points
        assert_eq!(out.margin_source, MarginSource::Column);
        assert!(out.notes.iter().any(|n| n.key == "margin_rate_ignored"));
    }

    #[test]
    fn customer_level_totals() {
        let mut c = with_history(
            "T",
            &[
                (day(2022, 6, 1), 150.0, 30.0),
                (day(2024, 6, 1), 150.0, 30.0),
            ],
        );
        c.history.clear();
        c.frequency = 4;
        // First purchase in year 3, last in year 1: 3 covered years of
        // 300 / 3 = 100 → 7.5 each (100 is not > 100) = 22.5; margin 20 per
        // year → 10 each = 30; bonus 4 × 2 = 8; total 60.5.
        let customers = set(vec![c.clone()], true, false);
        let out = run(&customers, &Params::default()).unwrap();
        let p = out.customers[0];
        assert_eq!(
            (p.revenue_points, p.margin_points, p.bonus_points),
            (22.5, 30.0, 8.0)
        );
        assert!(!out.history_used);
        assert!(out
            .notes
            .iter()
            .any(|n| n.key == "customer_totals_spread_over_years"));
        // First purchase unknown: the totals are the last purchase's year:
        // 300 → 10, margin 60 → 20, bonus 8 → 38.
        let mut unknown = customers.clone();
        unknown.first_purchase_known = false;
        let p = run(&unknown, &Params::default()).unwrap().customers[0];
        assert_eq!(p.value_points(), 38.0);
        // Last purchase before the window: 0.
        c.last_purchase = day(2021, 12, 31);
        c.first_purchase = day(2020, 1, 1);
        let p = run(&set(vec![c], true, false), &Params::default())
            .unwrap()
            .customers[0];
        assert_eq!((p.value_points(), p.purchases_in_window), (0.0, 0));
    }

    #[test]
    fn tiers_by_quantile_and_custom() {
        // Ten customers with 0, 0, 0, 0, 2.5, 2.5, 10, 20, 40, 80 points:
        // one purchase each is +2, so use a zero bonus to control the totals.
        let amounts = [0.0, 0.0, 0.0, 0.0, 5.0, 5.0, 30.0, 60.0, 150.0, 150.0];
        let list: Vec<OwnedCustomer> = amounts
            .iter()
            .enumerate()
            .map(|(i, &a)| with_history(&format!("C{i}"), &[(day(2024, 6, 1), a, 0.0)]))
            .collect();
        let params = Params {
            purchase_bonus: 0.0,
            ..Params::default()
        };
        let out = run(&set(list.clone(), false, true), &params).unwrap();
        let points: Vec<f64> = out.customers.iter().map(|c| c.value_points()).collect();
        assert_eq!(points, [0.0, 0.0, 0.0, 0.0, 0.5, 0.5, 2.5, 7.5, 10.0, 10.0]);
        // Sorted points, n = 10, h = 9p = 1.8, 3.6, 5.4, 7.2:
        // cut 1 = 0 + 0.8·0 = 0; cut 2 = 0 + 0.6·(0.5 − 0) = 0.3;
        // cut 3 = 0.5 + 0.4·(2.5 − 0.5) = 1.3; cut 4 = 7.5 + 0.2·(10 − 7.5) = 8.
        let expected = [0.0, 0.3, 1.3, 8.0];
        for (got, want) in out.thresholds.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{:?}", out.thresholds);
        }
        // Level = 1 + cut points strictly below: 0 → 1 (low value, not above
        // 0); 0.5 → 3 (above 0 and 0.3: good); 2.5 → 4 (very good); 7.5 → 4
        // (not above 8); 10 → 5 (VIP). Occasional (level 2) is empty: the
        // tie at 0 swallows it.
        let tiers: Vec<Tier> = out.customers.iter().map(|c| c.value_tier).collect();
        use Tier::*;
        assert_eq!(
            tiers,
            [LowValue, LowValue, LowValue, LowValue, Good, Good, VeryGood, VeryGood, Vip, Vip]
        );
        let counts: Vec<usize> = out.tiers.iter().map(|t| t.customers).collect();
        assert_eq!(counts, [2, 2, 2, 0, 4]);
        assert_eq!(out.tiers[0].lower_threshold, Some(8.0));
        assert_eq!(out.tiers[0].upper_threshold, None);
        assert_eq!(out.tiers[4].lower_threshold, None);
        assert_eq!(out.tiers[4].upper_threshold, Some(0.0));
        assert!(out.notes.iter().any(|n| n.key == "tiers_tied"));
        // Custom cut points with 4 tiers: [0, 1, 5] → 0 low, 0.5 occasional,
        // 2.5 good, 7.5 vip, 10 vip.
        let params = Params {
            purchase_bonus: 0.0,
            tiers: 4,
            tier_thresholds: Some(vec![0.0, 1.0, 5.0]),
            ..Params::default()
        };
        let out = run(&set(list, false, true), &params).unwrap();
        let tiers: Vec<Tier> = out.customers.iter().map(|c| c.value_tier).collect();
        assert_eq!(
            tiers,
            [LowValue, LowValue, LowValue, LowValue, Occasional, Occasional, Good, Vip, Vip, Vip]
        );
        let labels: Vec<&str> = out.tiers.iter().map(|t| t.label_fr.as_str()).collect();
        assert_eq!(labels, ["VIP", "Bons", "Occasionnels", "Faible valeur"]);
    }

    #[test]
    fn empty_input_and_customers_outside_the_window() {
        let out = run(&set(vec![], false, true), &Params::default()).unwrap();
        assert_eq!(out.tiers.len(), 5);
        assert!(out
            .tiers
            .iter()
            .all(|t| t.customers == 0 && t.mean_points.is_none()));
        assert!(out.thresholds.is_empty());
        // Everyone lapsed before the window: all 0 points, all low value.
        let old = vec![
            with_history("A", &[(day(2020, 1, 1), 500.0, 0.0)]),
            with_history("B", &[(day(2019, 1, 1), 50.0, 0.0)]),
        ];
        let out = run(&set(old, false, true), &Params::default()).unwrap();
        assert!(out
            .customers
            .iter()
            .all(|c| c.value_points() == 0.0 && c.value_tier == Tier::LowValue));
        assert!(out
            .notes
            .iter()
            .any(|n| n.key == "no_purchase_in_window" && n.en.starts_with("2 customer")));
    }

    #[test]
    fn invalid_settings_name_their_key() {
        let key_of = |params: Params| match params.validate().unwrap_err().kind() {
            crate::ErrorKind::InvalidParams { key, .. } => key.clone(),
            other => panic!("{other:?}"),
        };
        let mut scale = Scale::default_revenue();
        scale.bands[1].from = 200.0;
        assert_eq!(
            key_of(Params {
                revenue_scale: scale,
                ..Params::default()
            }),
            "points.revenue_scale.bands"
        );
        assert_eq!(
            key_of(Params {
                tiers: 3,
                ..Params::default()
            }),
            "points.tiers"
        );
        assert_eq!(
            key_of(Params {
                margin_rate: Some(1.5),
                ..Params::default()
            }),
            "points.margin_rate"
        );
        assert_eq!(
            key_of(Params {
                tier_thresholds: Some(vec![1.0, 2.0]),
                ..Params::default()
            }),
            "points.tier_thresholds"
        );
        let json = serde_json::to_string(&Params::default()).unwrap();
        let back: Params = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Params::default());
        assert!(serde_json::from_str::<Params>(r#"{"window": 3}"#).is_err());
    }
}
