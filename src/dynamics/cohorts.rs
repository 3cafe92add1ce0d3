//! The acquisition-cohort retention table: customers grouped by the month
//! (or quarter) of their first purchase, and for each later period the share
//! of the cohort who bought in that period.
//!
//! Column `j` of cohort `c` covers the `j`-th period after acquisition
//! (column 0 is the acquisition period itself, 100 % by construction). A
//! customer counts once per period however many times they bought; a later
//! period counts only with a purchase day in it (an order, zero amount
//! included; a day holding only returns is not a purchase, see
//! [`Purchase::is_purchase`](crate::Purchase::is_purchase)). Columns
//! not reached yet at the as-of date are `None`; the period containing the
//! as-of date is shown but is partial unless the as-of date is its last day
//! (`complete_periods` tells how many columns of a cohort are complete, and
//! the `average` row only uses complete columns, weighted by cohort size).

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::format::{count_en, count_fr, int_en, int_fr};
use crate::customers::Customers;
use crate::error::{Error, Result};
use crate::format;
use crate::i18n::Language;

/// The length of a cohort period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
}

impl Period {
    /// A running index of the period containing `date` (months or quarters
    /// since year 0).
    fn index(self, date: NaiveDate) -> i64 {
        let month = i64::from(date.month0());
        let year = i64::from(date.year());
        match self {
            Period::Month => year * 12 + month,
            Period::Quarter => year * 4 + month / 3,
        }
    }

    /// First day of the period with running index `index`.
    fn start(self, index: i64) -> Option<NaiveDate> {
        let (year, month0) = match self {
            Period::Month => (index.div_euclid(12), index.rem_euclid(12)),
            Period::Quarter => (index.div_euclid(4), index.rem_euclid(4) * 3),
        };
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month0 as u32 + 1, 1)
    }

    /// Key and labels of the period starting on `start`.
    fn names(self, start: NaiveDate) -> (String, String, String) {
        let year = start.year();
        match self {
            Period::Month => (
                format!("{year}-{:02}", start.month()),
                format!("{} {year}", format::month_name(start, Language::Fr)),
                format!("{} {year}", format::month_name(start, Language::En)),
            ),
            Period::Quarter => {
                let q = start.month0() / 3 + 1;
                (
                    format!("{year}-Q{q}"),
                    format!("T{q} {year}"),
                    format!("Q{q} {year}"),
                )
            }
        }
    }
}

/// Settings of the cohort table (config key `cohorts`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Month or quarter (`month`).
    pub period: Period,
    /// Columns after the acquisition period (24): columns 0 to 24.
    pub max_periods: u32,
    /// Most recent cohorts shown (36); older ones are counted in the notes.
    pub max_cohorts: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            period: Period::Month,
            max_periods: 24,
            max_cohorts: 36,
        }
    }
}

impl Params {
    /// Checks every setting; the error names the config key.
    pub fn validate(&self) -> Result<()> {
        if !(1..=120).contains(&self.max_periods) {
            return Err(Error::invalid_params(
                "cohorts.max_periods",
                crate::error_messages::BETWEEN.with(&[("min", &1), ("max", &120)]),
            ));
        }
        if !(1..=240).contains(&self.max_cohorts) {
            return Err(Error::invalid_params(
                "cohorts.max_cohorts",
                crate::error_messages::BETWEEN.with(&[("min", &1), ("max", &240)]),
            ));
        }
        Ok(())
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    /// `2024-01` or `2024-Q1`.
    pub key: String,
    /// `janvier 2024`, `T1 2024`.
    pub label_fr: String,
    /// `January 2024`, `Q1 2024`.
    pub label_en: String,
    /// First day of the acquisition period.
    pub start: NaiveDate,
    /// Customers acquired in the period.
    pub customers: u32,
    /// Customers who bought in each period since acquisition (column 0 first).
    pub buyers: Vec<u32>,
    /// `buyers / customers`, `None` for periods not reached yet (or an
    /// empty cohort).
    pub retention: Vec<Option<f64>>,
    /// Leading columns that are fully observed.
    pub complete_periods: u32,
}

/// Result of [`run`]; goes into `summary.json` under `cohorts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// False when the file has no purchase histories (see the notes).
    pub available: bool,
    /// Month or quarter.
    pub period: Period,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Whether the as-of date closes its period (else the last column of
    /// each cohort is partial).
    pub current_period_complete: bool,
    /// Columns per cohort: `max_periods + 1`.
    pub columns: u32,
    /// Cohorts, oldest first.
    pub cohorts: Vec<Cohort>,
    /// Per column, the share of all shown cohorts' customers who bought,
    /// over the cohorts for which that column is complete.
    pub average: Vec<Option<f64>>,
    /// Cohorts older than the ones shown.
    pub omitted_cohorts: u32,
    /// Their customers.
    pub omitted_customers: u32,
    /// Remarks for the reader, in French.
    pub notes_fr: Vec<String>,
    /// Remarks for the reader, in English.
    pub notes_en: Vec<String>,
}

/// Builds the retention table.
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::dynamics::cohorts::{run, Params};
/// use segmento::{Attributes, Customers, OwnedCustomer, OwnedCustomers, Purchase};
/// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let buy = |date| Purchase { date, revenue: 10.0, margin: 0.0, orders: 1 };
/// let customer = |id: &str, dates: &[NaiveDate]| OwnedCustomer {
///     id: id.into(), first_purchase: dates[0], last_purchase: *dates.last().unwrap(),
///     frequency: dates.len() as u32, orders: dates.len() as u32, revenue: 0.0, margin: 0.0,
///     first_channel: None, last_channel: None, attributes: Attributes::default(),
///     history: dates.iter().map(|&d| buy(d)).collect(),
/// };
/// let customers = Customers::from_owned(OwnedCustomers {
///     as_of: day(2024, 3, 31),
///     customers: vec![
///         customer("a", &[day(2024, 1, 5), day(2024, 2, 9)]),
///         customer("b", &[day(2024, 1, 20)]),
///     ],
///     prospects: vec![], has_margin: false, has_channel: false,
///     has_history: true, first_purchase_known: true,
/// });
/// let out = run(&customers, &Params::default()).unwrap();
/// let january = &out.cohorts[0];
/// assert_eq!(january.key, "2024-01");
/// assert_eq!(&january.retention[..4], &[Some(1.0), Some(0.5), Some(0.0), None]);
/// ```
pub fn run(customers: &Customers, params: &Params) -> Result<Output> {
    params.validate()?;
    let as_of = customers.as_of;
    let period = params.period;
    let columns = params.max_periods as usize + 1;
    let current = period.index(as_of);
    let next_start = period.start(current + 1);
    let current_period_complete = next_start.and_then(|d| d.pred_opt()) == Some(as_of);
    let mut output = Output {
        available: false,
        period,
        as_of,
        current_period_complete,
        columns: columns as u32,
        cohorts: Vec::new(),
        average: vec![None; columns],
        omitted_cohorts: 0,
        omitted_customers: 0,
        notes_fr: Vec::new(),
        notes_en: Vec::new(),
    };
    if !customers.has_history {
        output.notes_fr.push(
            "La table des cohortes a besoin de l'historique des commandes (un fichier de commandes, \
             pas un fichier clients)."
                .into(),
        );
        output.notes_en.push(
            "The cohort table needs the order history (an order file, not a customer file).".into(),
        );
        return Ok(output);
    }
    // One pass: rows for the most recent `max_cohorts` periods, trimmed
    // afterwards to the first cohort that exists.
    let window_start = current - i64::from(params.max_cohorts) + 1;
    let window = params.max_cohorts as usize;
    let mut sizes = vec![0_u32; window];
    let mut buyers = vec![0_u32; window * columns];
    let mut omitted_periods: FxHashSet<i64> = FxHashSet::default();
    let mut first_cohort = i64::MAX;
    for customer in &customers.customers {
        if customer.last_purchase > as_of {
            return Err(Error::analysis(format!(
                "customer {}: the last purchase ({}) is after the as-of date ({as_of})",
                customer.id, customer.last_purchase
            )));
        }
        let history = customers.history(customer);
        // The acquisition is the first purchase day: a return dated
        // earlier is no purchase.
        let Some(first_index) = history.iter().position(|p| p.is_purchase()) else {
            continue;
        };
        let first = &history[first_index];
        let cohort = period.index(first.date);
        first_cohort = first_cohort.min(cohort);
        if cohort < window_start {
            omitted_periods.insert(cohort);
            output.omitted_customers += 1;
            continue;
        }
        let row = (cohort - window_start) as usize;
        sizes[row] += 1;
        let cells = &mut buyers[row * columns..(row + 1) * columns];
        // Column 0 is the acquisition itself; later periods count when the
        // customer had a purchase day in them (a return-only day is not one).
        cells[0] += 1;
        let mut last_column = 0_usize;
        for purchase in &history[first_index + 1..] {
            let column = (period.index(purchase.date) - cohort) as usize;
            if column >= columns {
                break;
            }
            if column != last_column && purchase.is_purchase() {
                cells[column] += 1;
                last_column = column;
            }
        }
    }
    if first_cohort == i64::MAX {
        output.notes_fr.push("Aucun achat : pas de cohorte.".into());
        output.notes_en.push("No purchase: no cohort.".into());
        return Ok(output);
    }
    output.omitted_cohorts = omitted_periods.len() as u32;
    let first_shown = first_cohort.max(window_start);
    let skipped = (first_shown - window_start) as usize;
    let sizes = &sizes[skipped..];
    let buyers = &buyers[skipped * columns..];

    let mut average_buyers = vec![0_u64; columns];
    let mut average_customers = vec![0_u64; columns];
    for (row, &size) in sizes.iter().enumerate() {
        let index = first_shown + row as i64;
        let start = period
            .start(index)
            .ok_or_else(|| Error::analysis("a cohort date is out of the calendar's range"))?;
        let (key, label_fr, label_en) = period.names(start);
        let observed = (current - index + 1) as usize;
        let complete = if current_period_complete {
            observed
        } else {
            observed - 1
        };
        let row_buyers = buyers[row * columns..(row + 1) * columns].to_vec();
        let retention = (0..columns)
            .map(|j| (j < observed && size > 0).then(|| f64::from(row_buyers[j]) / f64::from(size)))
            .collect();
        for j in 0..complete.min(columns) {
            average_buyers[j] += u64::from(row_buyers[j]);
            average_customers[j] += u64::from(size);
        }
        output.cohorts.push(Cohort {
            key,
            label_fr,
            label_en,
            start,
            customers: size,
            buyers: row_buyers,
            retention,
            complete_periods: complete.min(columns) as u32,
        });
    }
    output.average = average_buyers
        .iter()
        .zip(&average_customers)
        .map(|(&b, &n)| (n > 0).then(|| b as f64 / n as f64))
        .collect();
    output.available = true;
    if output.omitted_cohorts > 0 {
        let omitted = u64::from(output.omitted_cohorts);
        let customers_omitted = u64::from(output.omitted_customers);
        output.notes_fr.push(format!(
            "Seules les {} cohortes les plus récentes sont montrées ; {} ({}) {}.",
            int_fr(params.max_cohorts.into()),
            count_fr(omitted, "cohorte plus ancienne", "cohortes plus anciennes"),
            count_fr(customers_omitted, "client", "clients"),
            if omitted <= 1 {
                "ne l'est pas"
            } else {
                "ne le sont pas"
            }
        ));
        output.notes_en.push(format!(
            "Only the {} most recent cohorts are shown; {} ({}) {} not.",
            int_en(params.max_cohorts.into()),
            count_en(omitted, "older cohort", "older cohorts"),
            count_en(customers_omitted, "customer", "customers"),
            if omitted == 1 { "is" } else { "are" }
        ));
    }
    if !current_period_complete {
        output.notes_fr.push(
            "La dernière colonne de chaque cohorte couvre la période en cours, pas encore terminée : \
             sa part d'acheteurs est provisoire."
                .into(),
        );
        output.notes_en.push(
            "Each cohort's last column covers the current, unfinished period: its share of buyers is \
             provisional."
                .into(),
        );
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_indexes_round_trip() {
        let d = NaiveDate::from_ymd_opt(2024, 11, 17).unwrap();
        for period in [Period::Month, Period::Quarter] {
            let start = period.start(period.index(d)).unwrap();
            assert_eq!(period.index(start), period.index(d));
        }
        assert_eq!(
            Period::Quarter.start(Period::Quarter.index(d)),
            NaiveDate::from_ymd_opt(2024, 10, 1)
        );
        assert_eq!(
            Period::Quarter
                .names(NaiveDate::from_ymd_opt(2024, 10, 1).unwrap())
                .1,
            "T4 2024"
        );
    }

    #[test]
    fn validate_names_the_key() {
        let p = Params {
            max_periods: 0,
            ..Params::default()
        };
        assert!(p
            .validate()
            .unwrap_err()
            .to_string()
            .contains("cohorts.max_periods"));
    }
}
