//! Segment migrations between two dates.
//!
//! Input: the segment of every customer at a first date (`from`, computed on
//! the orders up to that date or read from a saved [`Snapshot`]) and at a
//! second date (`to`), plus the method's [`Ladder`] (its segments ordered
//! from best to worst). Output: the from × to matrix with the later period's
//! revenue, new and lost customers, net flows up and down the ladder, and
//! headline sentences.
//!
//! Definitions:
//! - **new**: in `to`, absent from `from` (not yet a customer at the first
//!   date, or not in the snapshot);
//! - **lost** (per from-segment): customers who moved *into* the ladder's
//!   lost segment (when the method has one, e.g. RFM "lost") from another
//!   segment, plus customers **absent** from `to` (possible only when `from`
//!   is a snapshot: the customer is no longer in the file);
//! - **up / down / stable**: the to-segment is better / worse / the same as
//!   the from-segment on the ladder (moving into the lost segment is "down";
//!   absent customers are counted apart, as `absent`).
//!
//! Headlines (`headlines_fr`, `headlines_en`), in this order:
//! 1. always, the balance: how many moved up, down, stayed, and arrived;
//! 2. the `headline_flows` largest upward cells by customer count, among
//!    cells with at least `min_flow_customers` customers
//!    ("312 clients « Occasionnels » sont devenus « Réguliers »");
//! 3. the `headline_flows` downward cells with the highest share of their
//!    from-segment (ties: more customers first), among cells with at least
//!    `min_flow_customers` customers ("18 % des clients « Champions » ont
//!    glissé vers « À risque »"): a share says how badly a segment is
//!    eroding, a count would only repeat the biggest segment;
//! 4. when customers are absent from the later file, how many.
//!
//! [`Snapshot`]: super::snapshot::Snapshot

use chrono::{Datelike, NaiveDate};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::format::{date_en, date_fr, int_en, int_fr, percent_en, percent_fr};
use crate::customers::Customers;
use crate::error::{Error, Result};

/// Settings of the migration analysis (config key `migrations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// The first date; `None` means one year before the as-of date.
    #[serde(deserialize_with = "crate::date_text::optional_iso")]
    pub compare_date: Option<NaiveDate>,
    /// Smallest cell (in customers) a headline may quote (10).
    pub min_flow_customers: u32,
    /// How many upward and how many downward flows the headlines quote (2).
    pub headline_flows: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            compare_date: None,
            min_flow_customers: 10,
            headline_flows: 2,
        }
    }
}

impl Params {
    /// Checks every setting; the error names the config key.
    pub fn validate(&self) -> Result<()> {
        if self.min_flow_customers == 0 {
            return Err(Error::invalid_params(
                "migrations.min_flow_customers",
                crate::error_messages::AT_LEAST.with(&[("min", &1)]),
            ));
        }
        if self.headline_flows > 10 {
            return Err(Error::invalid_params(
                "migrations.headline_flows",
                crate::error_messages::AT_MOST.with(&[("max", &10)]),
            ));
        }
        Ok(())
    }

    /// The first date for an as-of date: `compare_date`, or the same day one
    /// year earlier (29 February → 28 February). Errors when it is not
    /// before `as_of`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use segmento::dynamics::migrations::Params;
    /// let as_of = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    /// let from = Params::default().from_date(as_of).unwrap();
    /// assert_eq!(from, NaiveDate::from_ymd_opt(2023, 2, 28).unwrap());
    /// ```
    pub fn from_date(&self, as_of: NaiveDate) -> Result<NaiveDate> {
        let date = match self.compare_date {
            Some(date) => date,
            None => previous_year(as_of),
        };
        if date >= as_of {
            return Err(Error::invalid_params(
                "migrations.compare_date",
                crate::error_messages::DATE_BEFORE_AS_OF
                    .with(&[("date", &date), ("as_of", &as_of)]),
            ));
        }
        Ok(date)
    }
}

/// The same day one year earlier; 29 February becomes 28 February.
fn previous_year(date: NaiveDate) -> NaiveDate {
    date.with_year(date.year() - 1)
        .or_else(|| NaiveDate::from_ymd_opt(date.year() - 1, date.month(), 28))
        .unwrap_or(date)
}

/// One segment of a method, for the ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LadderSegment {
    /// Stable key (`champions`, `A`, …), as in the assignments.
    pub key: String,
    /// Label for French readers.
    pub label_fr: String,
    /// Label for English readers.
    pub label_en: String,
}

/// The segments of one method ordered from best to worst.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ladder {
    /// The method (`rfm`, `abc`, `points`, `predictive`).
    pub method: String,
    /// Segments, best first.
    pub segments: Vec<LadderSegment>,
    /// The segment that means "lost", when the method has one.
    pub lost_key: Option<String>,
}

impl Ladder {
    /// Checks that the ladder is usable: segments, unique keys, lost key known.
    pub fn validate(&self) -> Result<()> {
        if self.segments.is_empty() {
            return Err(Error::analysis(format!(
                "the {} ladder has no segment",
                self.method
            )));
        }
        if self.segments.len() > usize::from(u16::MAX) {
            return Err(Error::analysis(format!(
                "the {} ladder has too many segments",
                self.method
            )));
        }
        let mut seen = FxHashSet::default();
        for segment in &self.segments {
            if !seen.insert(segment.key.as_str()) {
                return Err(Error::analysis(format!(
                    "the {} ladder lists segment \"{}\" twice",
                    self.method, segment.key
                )));
            }
        }
        if let Some(lost) = &self.lost_key {
            if !seen.contains(lost.as_str()) {
                return Err(Error::analysis(format!(
                    "the {} ladder's lost segment \"{lost}\" is not one of its segments",
                    self.method
                )));
            }
        }
        Ok(())
    }

    /// Each segment key's index on the ladder, for matching many customers.
    pub fn index_by_key(&self) -> FxHashMap<&str, u16> {
        index_by_key(&self.segments)
    }

    fn index_of(&self, key: &str) -> Option<u16> {
        self.segments
            .iter()
            .position(|s| s.key == key)
            .map(|i| i as u16)
    }

    fn lost_index(&self) -> Option<u16> {
        self.lost_key.as_deref().and_then(|k| self.index_of(k))
    }
}

/// The segment of every customer of one method at one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentAssignment {
    /// The method (`rfm`, `abc`, …).
    pub method: String,
    /// The date the segments describe.
    pub date: NaiveDate,
    /// (customer id, segment key), one entry per customer.
    pub by_customer: Vec<(String, String)>,
}

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Segment at the first date.
    pub from: String,
    /// Segment at the second date.
    pub to: String,
    /// Customers who made this move.
    pub customers: u32,
    /// Their revenue between the two dates (`None` when unknown).
    pub revenue: Option<f64>,
    /// Share of the from-segment's customers (0 to 1; 0 for an empty row).
    pub row_share: f64,
}

/// New customers arriving in one segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCell {
    /// Segment at the second date.
    pub to: String,
    /// Customers absent at the first date.
    pub customers: u32,
    /// Their revenue between the two dates.
    pub revenue: Option<f64>,
}

/// Customers of one from-segment lost by the second date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LostCell {
    /// Segment at the first date.
    pub from: String,
    /// `to_lost_segment + absent`.
    pub customers: u32,
    /// Moved into the method's lost segment.
    pub to_lost_segment: u32,
    /// No longer in the later file (snapshot comparisons only).
    pub absent: u32,
}

/// Customers and later-period revenue of one kind of move.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FlowTotal {
    /// Customers.
    pub customers: u32,
    /// Their revenue between the two dates.
    pub revenue: Option<f64>,
}

/// Moves along the ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flows {
    /// Moved to a better segment.
    pub up: FlowTotal,
    /// Moved to a worse segment (including into the lost segment).
    pub down: FlowTotal,
    /// Same segment.
    pub stable: FlowTotal,
    /// New customers.
    pub new: FlowTotal,
    /// Customers of the first date absent at the second.
    pub absent: u32,
    /// `up − down`.
    pub net: i64,
}

/// How one segment's head count changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentBalance {
    /// The segment.
    pub segment: String,
    /// Customers at the first date.
    pub before: u32,
    /// Customers at the second date.
    pub after: u32,
    /// Arrived from other segments.
    pub inflow: u32,
    /// Left for other segments or absent.
    pub outflow: u32,
    /// New customers arriving here.
    pub new: u32,
    /// `after − before`.
    pub net: i64,
}

/// How one customer moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    /// Not a customer at the first date.
    New,
    /// Better segment.
    Up,
    /// Worse segment.
    Down,
    /// Same segment.
    Stable,
}

impl Movement {
    /// French label for exports.
    pub fn label_fr(self) -> &'static str {
        match self {
            Movement::New => "nouveau",
            Movement::Up => "en progression",
            Movement::Down => "en recul",
            Movement::Stable => "stable",
        }
    }

    /// English label for exports.
    pub fn label_en(self) -> &'static str {
        match self {
            Movement::New => "new",
            Movement::Up => "up",
            Movement::Down => "down",
            Movement::Stable => "stable",
        }
    }
}

/// Per-customer result, aligned with `to.by_customer`: 4 bytes (an
/// `Option<u16>` would make it 6, 20 MB more at 10M rows over four methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomerMigration {
    /// Index of the segment at the first date in [`Output::segments`], or
    /// [`NEW_CUSTOMER`] (a ladder has fewer than `u16::MAX` segments, see
    /// [`Ladder::validate`]).
    previous: u16,
    /// The move.
    pub movement: Movement,
}

/// [`CustomerMigration::previous`] of a customer new since the first date.
const NEW_CUSTOMER: u16 = u16::MAX;

impl CustomerMigration {
    /// Index of the segment at the first date in [`Output::segments`]
    /// (`None`: not a customer then).
    pub fn previous(&self) -> Option<u16> {
        (self.previous != NEW_CUSTOMER).then_some(self.previous)
    }
}

/// Result of [`run`]; goes into `summary.json` under `migrations.<method>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// The method.
    pub method: String,
    /// The first date.
    pub from_date: NaiveDate,
    /// The second date.
    pub to_date: NaiveDate,
    /// The ladder's segments, best first (rows and columns of the matrix).
    pub segments: Vec<LadderSegment>,
    /// The lost segment, when the method has one.
    pub lost_key: Option<String>,
    /// Every from × to pair that at least one customer made, row by row in
    /// ladder order: a move nobody made has no cell (it reads as 0). The
    /// predictive ladder has one group per ~2,500 customers, so a dense
    /// matrix would grow with the square of the file (954,529 cells for
    /// 2.4 million customers, a 77 MB summary, of which 70 % zeros).
    pub matrix: Vec<Cell>,
    /// Customers per segment at the first date (present in `from`).
    pub from_totals: Vec<u32>,
    /// Customers per segment at the second date.
    pub to_totals: Vec<u32>,
    /// The extra row: new customers by segment.
    pub new: Vec<NewCell>,
    /// The extra column: lost customers by from-segment.
    pub lost: Vec<LostCell>,
    /// Moves along the ladder.
    pub flows: Flows,
    /// Head-count changes per segment.
    pub by_segment: Vec<SegmentBalance>,
    /// Headline sentences in French.
    pub headlines_fr: Vec<String>,
    /// Headline sentences in English.
    pub headlines_en: Vec<String>,
    /// Per customer, aligned with `to.by_customer`.
    #[serde(skip)]
    pub customers: Vec<CustomerMigration>,
}

/// Each segment key's index in `segments` (a ladder, best first).
fn index_by_key(segments: &[LadderSegment]) -> FxHashMap<&str, u16> {
    segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i as u16))
        .collect()
}

impl Output {
    /// Each segment key's index in [`Output::segments`], for looking up
    /// the many cells of a large matrix.
    pub fn index_by_key(&self) -> FxHashMap<&str, u16> {
        index_by_key(&self.segments)
    }

    /// Customers who moved from segment `from` to segment `to` (0 when the
    /// matrix has no such cell).
    pub fn customers_moved(&self, from: &str, to: &str) -> u32 {
        self.matrix
            .iter()
            .find(|c| c.from == from && c.to == to)
            .map_or(0, |c| c.customers)
    }

    /// The segment key at the first date of the customer at `to_index` in
    /// `to.by_customer` (`None` for a new customer): `previous_segment` in
    /// `customers.csv`.
    pub fn previous_segment(&self, to_index: usize) -> Option<&str> {
        let index = self.customers.get(to_index)?.previous()?;
        self.segments
            .get(usize::from(index))
            .map(|s| s.key.as_str())
    }
}

/// Why a method that ran at the as-of date has no migration matrix: the
/// predictive groups when the forecasting model fell back to observed rates
/// at either date (groups cut on fallback rates describe RFM segments, not
/// the model's ranking, so moves between them would mean nothing).
/// Goes into `summary.json` under `migrations_skipped.<method>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The reason, in French.
    pub reason_fr: String,
    /// The reason, in English.
    pub reason_en: String,
}

impl Skipped {
    /// The forecasting model was not fitted on the customers as of `date`;
    /// `reason_fr` / `reason_en` are the forecast's own fallback sentences.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use segmento::dynamics::migrations::Skipped;
    /// let date = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    /// let skipped = Skipped::model_fell_back(date, "Trop peu de clients.", "Too few customers.");
    /// assert!(skipped.reason_en.contains("as of 2023-12-31") && skipped.reason_en.ends_with("Too few customers."));
    /// ```
    pub fn model_fell_back(date: NaiveDate, reason_fr: &str, reason_en: &str) -> Self {
        Skipped {
            reason_fr: format!(
                "Pas de matrice de migration des groupes prédictifs : le modèle de prévision n'a pas pu être ajusté sur les clients au {}. {reason_fr}",
                date_fr(date)
            ),
            reason_en: format!(
                "No migration matrix for the predictive groups: the forecasting model could not be fitted on the customers as of {}. {reason_en}",
                date_en(date)
            ),
        }
    }
}

/// Revenue of each customer between two dates (`after` excluded, `through`
/// included), aligned with `customers.customers`: the "later period" revenue
/// of the matrix. `None` without purchase histories.
pub fn period_revenue(
    customers: &Customers,
    after: NaiveDate,
    through: NaiveDate,
) -> Option<Vec<f64>> {
    if !customers.has_history {
        return None;
    }
    Some(
        customers
            .customers
            .iter()
            .map(|c| {
                let history = customers.history(c);
                let start = history.partition_point(|p| p.date <= after);
                history[start..]
                    .iter()
                    .take_while(|p| p.date <= through)
                    .map(|p| p.revenue)
                    .sum()
            })
            .collect(),
    )
}

/// The migration matrix between `from` and `to` for one method.
///
/// `later_revenue`, when known, is each `to` customer's revenue between the
/// two dates, aligned with `to.by_customer` (see [`period_revenue`]).
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::dynamics::migrations::{run, Ladder, LadderSegment, Params, SegmentAssignment};
/// let seg = |k: &str| LadderSegment { key: k.into(), label_fr: k.into(), label_en: k.into() };
/// let ladder = Ladder { method: "abc".into(), segments: vec![seg("A"), seg("B"), seg("C")], lost_key: None };
/// let at = |y, pairs: &[(&str, &str)]| SegmentAssignment {
///     method: "abc".into(),
///     date: NaiveDate::from_ymd_opt(y, 12, 31).unwrap(),
///     by_customer: pairs.iter().map(|(i, s)| (i.to_string(), s.to_string())).collect(),
/// };
/// let from = at(2023, &[("1", "B"), ("2", "A")]);
/// let to = at(2024, &[("1", "A"), ("2", "A"), ("3", "C")]);
/// let out = run(&from, &to, &ladder, None, &Params::default()).unwrap();
/// assert_eq!((out.flows.up.customers, out.flows.stable.customers, out.flows.new.customers), (1, 1, 1));
/// assert_eq!(out.previous_segment(0), Some("B"));
/// assert_eq!(out.previous_segment(2), None);
/// ```
pub fn run(
    from: &SegmentAssignment,
    to: &SegmentAssignment,
    ladder: &Ladder,
    later_revenue: Option<&[f64]>,
    params: &Params,
) -> Result<Output> {
    params.validate()?;
    ladder.validate()?;
    for assignment in [from, to] {
        if assignment.method != ladder.method {
            return Err(Error::analysis(format!(
                "segments of method \"{}\" cannot be compared on the {} ladder",
                assignment.method, ladder.method
            )));
        }
    }
    check_dates(from.date, to.date)?;
    if let Some(revenue) = later_revenue {
        if revenue.len() != to.by_customer.len() {
            return Err(Error::analysis(format!(
                "later-period revenue has {} values for {} customers",
                revenue.len(),
                to.by_customer.len()
            )));
        }
    }
    let k = ladder.segments.len();
    let segment_of = ladder.index_by_key();
    let segments_of = |assignment: &SegmentAssignment| -> Result<Vec<u16>> {
        assignment
            .by_customer
            .iter()
            .map(|(id, key)| {
                segment_of.get(key.as_str()).copied().ok_or_else(|| {
                    let known: Vec<&str> = ladder.segments.iter().map(|s| s.key.as_str()).collect();
                    Error::analysis(format!(
                        "customer {id} is in segment \"{key}\" on {}, which is not a {} segment (known: {})",
                        assignment.date,
                        ladder.method,
                        known.join(", ")
                    ))
                })
            })
            .collect()
    };
    let from_segment = segments_of(from)?;
    let to_segment = segments_of(to)?;
    let matches = match match_in_order(from, to) {
        Some(matches) => matches?,
        None => match_by_id(from, to)?,
    };
    let first = FirstDate::matched(from.date, &from_segment, &matches, k);
    run_matched(&first, to.date, &to_segment, ladder, later_revenue, params)
}

/// The first date's side of a migration, already matched to the customers of
/// the second date: what [`run`] derives from two assignments, and what a
/// snapshot comparison builds directly from its maps (no id or segment
/// string copied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstDate {
    /// The first date.
    pub date: NaiveDate,
    /// For each customer of the second date, the ladder index of their
    /// segment at the first date (`None`: new).
    pub previous: Vec<Option<u16>>,
    /// Customers per ladder segment at the first date.
    pub totals: Vec<u32>,
    /// Customers per ladder segment at the first date who are not among the
    /// second date's.
    pub absent: Vec<u32>,
}

impl FirstDate {
    /// The first date's side from its customers' ladder indices
    /// (`from_segment`) and, for each customer of the second date, their
    /// position among the first date's customers (`matches`, `None`: new).
    /// `k` is the ladder's length, above every index of `from_segment`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use segmento::dynamics::migrations::FirstDate;
    /// let date = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    /// // First date: customers in segments 1, 0, 2; the second date holds
    /// // the second of them, a new customer, then the first.
    /// let first = FirstDate::matched(date, &[1, 0, 2], &[Some(1), None, Some(0)], 3);
    /// assert_eq!(first.previous, [Some(0), None, Some(1)]);
    /// assert_eq!((first.totals, first.absent), (vec![1, 1, 1], vec![0, 0, 1]));
    /// ```
    pub fn matched(
        date: NaiveDate,
        from_segment: &[u16],
        matches: &[Option<u32>],
        k: usize,
    ) -> FirstDate {
        let mut seen = vec![false; from_segment.len()];
        let previous = matches
            .iter()
            .map(|matched| {
                matched.map(|position| {
                    seen[position as usize] = true;
                    from_segment[position as usize]
                })
            })
            .collect();
        let mut first = FirstDate {
            date,
            previous,
            totals: vec![0; k],
            absent: vec![0; k],
        };
        for (&segment, was_seen) in from_segment.iter().zip(&seen) {
            first.totals[usize::from(segment)] += 1;
            if !was_seen {
                first.absent[usize::from(segment)] += 1;
            }
        }
        first
    }
}

/// The migration matrix from a matched [`FirstDate`] to the second date's
/// segments (`to_segment`: ladder indices, one per customer, aligned with
/// `first.previous` and `later_revenue`).
pub fn run_matched(
    first: &FirstDate,
    to_date: NaiveDate,
    to_segment: &[u16],
    ladder: &Ladder,
    later_revenue: Option<&[f64]>,
    params: &Params,
) -> Result<Output> {
    params.validate()?;
    ladder.validate()?;
    let k = ladder.segments.len();
    let lost_index = ladder.lost_index();
    check_dates(first.date, to_date)?;
    let aligned = first.previous.len() == to_segment.len()
        && later_revenue.is_none_or(|r| r.len() == to_segment.len())
        && first.totals.len() == k
        && first.absent.len() == k;
    let in_ladder = to_segment
        .iter()
        .chain(first.previous.iter().flatten())
        .all(|&s| usize::from(s) < k);
    if !aligned || !in_ladder {
        return Err(Error::analysis(format!(
            "the {} migration's two dates do not describe the same customers on its {k}-segment ladder",
            ladder.method
        )));
    }
    let from_totals = first.totals.clone();
    let absent = first.absent.clone();
    let mut counts = vec![0_u32; k * k];
    let mut revenue = vec![0.0_f64; k * k];
    let mut new_counts = vec![0_u32; k];
    let mut new_revenue = vec![0.0_f64; k];
    let mut customers = Vec::with_capacity(to_segment.len());
    for (position, (&previous, &to_index)) in first.previous.iter().zip(to_segment).enumerate() {
        let amount = later_revenue.map_or(0.0, |r| r[position]);
        let record = match previous {
            Some(from_index) => {
                let cell = usize::from(from_index) * k + usize::from(to_index);
                counts[cell] += 1;
                revenue[cell] += amount;
                CustomerMigration {
                    previous: from_index,
                    movement: movement(from_index, to_index),
                }
            }
            None => {
                new_counts[usize::from(to_index)] += 1;
                new_revenue[usize::from(to_index)] += amount;
                CustomerMigration {
                    previous: NEW_CUSTOMER,
                    movement: Movement::New,
                }
            }
        };
        customers.push(record);
    }
    let known_revenue = later_revenue.is_some();
    let money = |x: f64| known_revenue.then_some(x);
    let mut to_totals = new_counts.clone();
    for row in counts.chunks(k) {
        for (total, &count) in to_totals.iter_mut().zip(row) {
            *total += count;
        }
    }
    let key = |i: usize| ladder.segments[i].key.clone();
    let mut matrix = Vec::new();
    let mut up = (0_u32, 0.0);
    let mut down = (0_u32, 0.0);
    let mut stable = (0_u32, 0.0);
    for (f, &from_total) in from_totals.iter().enumerate() {
        for t in 0..k {
            let cell = f * k + t;
            let tally = match t.cmp(&f) {
                std::cmp::Ordering::Less => &mut up,
                std::cmp::Ordering::Greater => &mut down,
                std::cmp::Ordering::Equal => &mut stable,
            };
            tally.0 += counts[cell];
            tally.1 += revenue[cell];
            if counts[cell] == 0 {
                continue;
            }
            matrix.push(Cell {
                from: key(f),
                to: key(t),
                customers: counts[cell],
                revenue: money(revenue[cell]),
                row_share: share(counts[cell], from_total),
            });
        }
    }
    let new: Vec<NewCell> = (0..k)
        .map(|t| NewCell {
            to: key(t),
            customers: new_counts[t],
            revenue: money(new_revenue[t]),
        })
        .collect();
    let lost: Vec<LostCell> = (0..k)
        .map(|f| {
            let to_lost_segment = match lost_index {
                Some(l) if usize::from(l) != f => counts[f * k + usize::from(l)],
                _ => 0,
            };
            LostCell {
                from: key(f),
                customers: to_lost_segment + absent[f],
                to_lost_segment,
                absent: absent[f],
            }
        })
        .collect();
    let by_segment: Vec<SegmentBalance> = (0..k)
        .map(|s| {
            let inflow: u32 = (0..k).filter(|&f| f != s).map(|f| counts[f * k + s]).sum();
            let outflow: u32 = (0..k)
                .filter(|&t| t != s)
                .map(|t| counts[s * k + t])
                .sum::<u32>()
                + absent[s];
            SegmentBalance {
                segment: key(s),
                before: from_totals[s],
                after: to_totals[s],
                inflow,
                outflow,
                new: new_counts[s],
                net: i64::from(to_totals[s]) - i64::from(from_totals[s]),
            }
        })
        .collect();
    let total = |(customers, amount): (u32, f64)| FlowTotal {
        customers,
        revenue: money(amount),
    };
    let flows = Flows {
        up: total(up),
        down: total(down),
        stable: total(stable),
        new: total((new_counts.iter().sum(), new_revenue.iter().sum())),
        absent: absent.iter().sum(),
        net: i64::from(up.0) - i64::from(down.0),
    };
    let mut output = Output {
        method: ladder.method.clone(),
        from_date: first.date,
        to_date,
        segments: ladder.segments.clone(),
        lost_key: ladder.lost_key.clone(),
        matrix,
        from_totals,
        to_totals,
        new,
        lost,
        flows,
        by_segment,
        headlines_fr: Vec::new(),
        headlines_en: Vec::new(),
        customers,
    };
    write_headlines(&mut output, params);
    Ok(output)
}

fn check_dates(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if from >= to {
        return Err(Error::analysis(format!(
            "the first date of a migration ({from}) must be before the second ({to})"
        )));
    }
    Ok(())
}

/// For each `to` customer, its position in `from`, when `from` lists its
/// customers in the same relative order as `to`: the pipeline's case, where
/// both segmentations follow the file's order and the first date only lacks
/// the customers who arrived later. One pass, no hashing of every id.
/// `None` when the order differs (e.g. a snapshot, kept in id order).
///
/// Duplicates are reported when an id is new twice, or both new and
/// matched; an id repeated identically in both assignments cannot come from
/// a [`Customers`] (its ids are unique) and would count as two customers.
fn match_in_order(
    from: &SegmentAssignment,
    to: &SegmentAssignment,
) -> Option<Result<Vec<Option<u32>>>> {
    let expected_new = to.by_customer.len().checked_sub(from.by_customer.len())?;
    let mut matches = Vec::with_capacity(to.by_customer.len());
    let mut next = 0_usize;
    let mut new = 0_usize;
    for (id, _) in &to.by_customer {
        if from
            .by_customer
            .get(next)
            .is_some_and(|(from_id, _)| from_id == id)
        {
            matches.push(Some(next as u32));
            next += 1;
        } else {
            new += 1;
            if new > expected_new {
                return None;
            }
            matches.push(None);
        }
    }
    if next != from.by_customer.len() {
        return None;
    }
    let mut new_ids: FxHashSet<&str> = FxHashSet::default();
    for (matched, (id, _)) in matches.iter().zip(&to.by_customer) {
        if matched.is_none() && !new_ids.insert(id.as_str()) {
            return Some(Err(duplicate(to, id)));
        }
    }
    if !new_ids.is_empty() {
        if let Some((id, _)) = from
            .by_customer
            .iter()
            .find(|(id, _)| new_ids.contains(id.as_str()))
        {
            return Some(Err(duplicate(to, id)));
        }
    }
    Some(Ok(matches))
}

/// For each `to` customer, its position in `from`, by id (any order).
fn match_by_id(from: &SegmentAssignment, to: &SegmentAssignment) -> Result<Vec<Option<u32>>> {
    let mut position_of: FxHashMap<&str, u32> = FxHashMap::default();
    position_of.reserve(from.by_customer.len());
    for (position, (id, _)) in from.by_customer.iter().enumerate() {
        if position_of.insert(id.as_str(), position as u32).is_some() {
            return Err(duplicate(from, id));
        }
    }
    let mut seen = vec![false; from.by_customer.len()];
    let mut new_ids: FxHashSet<&str> = FxHashSet::default();
    to.by_customer
        .iter()
        .map(|(id, _)| match position_of.get(id.as_str()) {
            Some(&position) => {
                if std::mem::replace(&mut seen[position as usize], true) {
                    return Err(duplicate(to, id));
                }
                Ok(Some(position))
            }
            None => {
                if !new_ids.insert(id.as_str()) {
                    return Err(duplicate(to, id));
                }
                Ok(None)
            }
        })
        .collect()
}

fn duplicate(assignment: &SegmentAssignment, id: &str) -> Error {
    Error::analysis(format!(
        "customer {id} appears twice in the {} segments of {}",
        assignment.method, assignment.date
    ))
}

/// Index 0 is the best segment, so a smaller index is a move up.
fn movement(from: u16, to: u16) -> Movement {
    match to.cmp(&from) {
        std::cmp::Ordering::Less => Movement::Up,
        std::cmp::Ordering::Greater => Movement::Down,
        std::cmp::Ordering::Equal => Movement::Stable,
    }
}

fn share(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(whole)
    }
}

/// Writes the headlines by the rule in the module docs.
fn write_headlines(output: &mut Output, params: &Params) {
    let k = output.segments.len();
    let flows = &output.flows;
    // French agreement: 0 and 1 take the singular.
    let fr_count = |n: u32, one: &str, many: &str| {
        format!("{} {}", int_fr(n.into()), if n <= 1 { one } else { many })
    };
    let en_count = |n: u32, one: &str, many: &str| {
        format!("{} {}", int_en(n.into()), if n == 1 { one } else { many })
    };
    let mut fr = vec![format!(
        "Du {} au {} : {} d'un segment ou plus, {}, {} dans leur segment et {}.",
        date_fr(output.from_date),
        date_fr(output.to_date),
        fr_count(
            flows.up.customers,
            "client est monté",
            "clients sont montés"
        ),
        fr_count(flows.down.customers, "est descendu", "sont descendus"),
        fr_count(flows.stable.customers, "est resté", "sont restés"),
        fr_count(
            flows.new.customers,
            "nouveau client est arrivé",
            "nouveaux clients sont arrivés"
        ),
    )];
    let mut en = vec![format!(
        "From {} to {}: {} up one segment or more, {} down, {} in their segment and {}.",
        date_en(output.from_date),
        date_en(output.to_date),
        en_count(flows.up.customers, "customer moved", "customers moved"),
        en_count(flows.down.customers, "moved", "moved"),
        en_count(flows.stable.customers, "stayed", "stayed"),
        en_count(
            flows.new.customers,
            "new customer arrived",
            "new customers arrived"
        ),
    )];
    let big_enough = |c: &&Cell| c.customers >= params.min_flow_customers;
    // By key, once: the matrix may have hundreds of thousands of cells.
    let ranks = output.index_by_key();
    let rank = |key: &str| ranks.get(key).map_or(k, |&i| usize::from(i));
    let label = |key: &str| {
        let s = &output.segments[rank(key).min(k - 1)];
        (s.label_fr.as_str(), s.label_en.as_str())
    };
    // Ties: the better from-segment first, then the better to-segment.
    let by_ladder = |a: &Cell, b: &Cell| {
        rank(&a.from)
            .cmp(&rank(&b.from))
            .then_with(|| rank(&a.to).cmp(&rank(&b.to)))
    };
    let mut upward: Vec<&Cell> = output
        .matrix
        .iter()
        .filter(|c| rank(&c.to) < rank(&c.from))
        .filter(big_enough)
        .collect();
    crate::sorting::sort_by(&mut upward, |a, b| {
        b.customers.cmp(&a.customers).then_with(|| by_ladder(a, b))
    });
    for cell in upward.iter().take(params.headline_flows as usize) {
        let (from_fr, from_en) = label(&cell.from);
        let (to_fr, to_en) = label(&cell.to);
        let n = cell.customers;
        fr.push(if n <= 1 {
            format!(
                "{} client « {from_fr} » est devenu « {to_fr} ».",
                int_fr(n.into())
            )
        } else {
            format!(
                "{} clients « {from_fr} » sont devenus « {to_fr} ».",
                int_fr(n.into())
            )
        });
        en.push(format!(
            "{} \"{from_en}\" {} \"{to_en}\".",
            int_en(n.into()),
            if n == 1 {
                "customer became"
            } else {
                "customers became"
            }
        ));
    }
    let mut downward: Vec<&Cell> = output
        .matrix
        .iter()
        .filter(|c| rank(&c.to) > rank(&c.from))
        .filter(big_enough)
        .collect();
    crate::sorting::sort_by(&mut downward, |a, b| {
        b.row_share
            .total_cmp(&a.row_share)
            .then_with(|| b.customers.cmp(&a.customers))
            .then_with(|| by_ladder(a, b))
    });
    for cell in downward.iter().take(params.headline_flows as usize) {
        let (from_fr, from_en) = label(&cell.from);
        let (to_fr, to_en) = label(&cell.to);
        fr.push(format!(
            "{} des clients « {from_fr} » ont glissé vers « {to_fr} » ({}).",
            percent_fr(cell.row_share),
            fr_count(cell.customers, "client", "clients")
        ));
        en.push(format!(
            "{} of \"{from_en}\" customers slipped to \"{to_en}\" ({}).",
            percent_en(cell.row_share),
            en_count(cell.customers, "customer", "customers")
        ));
    }
    let absent = output.flows.absent;
    if absent > 0 {
        fr.push(format!(
            "{} au {} {} plus dans le fichier récent.",
            fr_count(absent, "client présent", "clients présents"),
            date_fr(output.from_date),
            if absent <= 1 {
                "ne figure"
            } else {
                "ne figurent"
            }
        ));
        en.push(format!(
            "{} on {} {} no longer in the recent file.",
            en_count(absent, "customer present", "customers present"),
            date_en(output.from_date),
            if absent == 1 { "is" } else { "are" }
        ));
    }
    output.headlines_fr = fr;
    output.headlines_en = en;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_move_is_four_bytes_and_new_reads_as_no_previous() {
        assert_eq!(std::mem::size_of::<CustomerMigration>(), 4);
        let new = CustomerMigration {
            previous: NEW_CUSTOMER,
            movement: Movement::New,
        };
        assert_eq!(new.previous(), None);
        let moved = CustomerMigration {
            previous: 0,
            movement: Movement::Up,
        };
        assert_eq!(moved.previous(), Some(0));
    }

    #[test]
    fn previous_year_handles_leap_days() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(previous_year(d(2024, 2, 29)), d(2023, 2, 28));
        assert_eq!(previous_year(d(2024, 12, 31)), d(2023, 12, 31));
        let p = Params {
            compare_date: Some(d(2025, 1, 1)),
            ..Params::default()
        };
        assert!(p
            .from_date(d(2024, 12, 31))
            .unwrap_err()
            .to_string()
            .contains("migrations.compare_date"));
    }

    #[test]
    fn period_revenue_takes_the_half_open_interval() {
        use crate::customers::{Attributes, OwnedCustomer, OwnedCustomers, Purchase};
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let p = |date, revenue| Purchase {
            date,
            revenue,
            margin: 0.0,
            orders: 1,
        };
        let customers = Customers::from_owned(OwnedCustomers {
            as_of: d(2024, 12, 31),
            customers: vec![OwnedCustomer {
                id: "x".into(),
                first_purchase: d(2023, 1, 1),
                last_purchase: d(2024, 12, 31),
                frequency: 3,
                orders: 3,
                revenue: 111.0,
                margin: 0.0,
                first_channel: None,
                last_channel: None,
                attributes: Attributes::default(),
                history: vec![
                    p(d(2023, 1, 1), 1.0),
                    p(d(2023, 12, 31), 10.0),
                    p(d(2024, 12, 31), 100.0),
                ],
            }],
            prospects: vec![],
            has_margin: false,
            has_channel: false,
            has_history: true,
            first_purchase_known: true,
        });
        // (2023-01-01, 2024-12-31]: 10 + 100.
        assert_eq!(
            period_revenue(&customers, d(2023, 1, 1), d(2024, 12, 31)),
            Some(vec![110.0])
        );
        assert_eq!(
            period_revenue(&customers, d(2023, 12, 31), d(2024, 6, 30)),
            Some(vec![0.0])
        );
    }
}
