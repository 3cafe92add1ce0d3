//! The pipeline: one [`Config`], every analysis in order, one [`Results`].
//!
//! Both front ends call [`analyze`] on the output of ingestion, so the CLI
//! and the page produce the same `summary.json` ([`Analysis`]), the same
//! exports and the same report for the same file and settings.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Language;
use crate::ingest::{IngestOptions, IngestReport, Ingested, Role, RowAccounting, Shape};
use crate::{abc, points, rfm, Customers, Result};

// The export rows moved to the presentation layer; their names stay
// reachable here for the front ends written against them.
pub use crate::present::{tier_key, tier_label, CustomerRows};

/// Every setting of an analysis run: what the config JSON holds, what the
/// page's settings form edits, and what the report prints.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Language of the report, the exports' headers and the sentences.
    pub language: Language,
    /// How to read the file: column roles, as-of date, dialect overrides.
    pub input: IngestOptions,
    /// RFM scores and named segments.
    pub rfm: rfm::Params,
    /// ABC / Pareto classes.
    pub abc: abc::Params,
    /// Points-based value score and tiers.
    pub points: points::Params,
}

impl Config {
    /// Checks every section, so a bad setting fails before any work.
    pub fn validate(&self) -> Result<()> {
        self.rfm.validate()?;
        self.abc.validate()?;
        self.points.validate()
    }
}

/// The steps of [`analyze`], reported to the progress callback as each starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Building the per-customer summary (already done when `analyze` runs).
    Customers,
    /// RFM scores and segments.
    Rfm,
    /// ABC classes.
    Abc,
    /// Value points.
    Points,
}

/// What was read: the detected dialect and the column mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputSummary {
    /// The file name, when known.
    pub file_name: Option<String>,
    /// `csv`, `xlsx`, `xls` or `ods`.
    pub format: String,
    /// Detected (or forced) text encoding.
    pub encoding: String,
    /// CSV delimiter (none for spreadsheets).
    pub delimiter: Option<String>,
    /// `,` or `.`.
    pub decimal_separator: String,
    /// `day_first`, `month_first` or `year_first`.
    pub date_order: String,
    /// True when every date was ambiguous and day-first was assumed.
    pub date_order_assumed: bool,
    /// One row per order or one row per customer.
    pub shape: Shape,
    /// Role → header actually used.
    pub columns: std::collections::BTreeMap<Role, String>,
    /// Plain sentences about choices made while reading.
    pub notes: Vec<String>,
}

/// Everything an analysis run found; serialized, it is `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The version of segmento that produced it.
    pub segmento_version: String,
    /// What was read.
    pub input: InputSummary,
    /// Every data row, used or skipped with its reason.
    pub rows: RowAccounting,
    /// Buying customers.
    pub customers: usize,
    /// Customer-level rows without a purchase yet.
    pub prospects: usize,
    /// Net revenue of all customers.
    pub revenue_total: f64,
    /// Total margin, when the file has a margin column.
    pub margin_total: Option<f64>,
    /// The date recency is measured at.
    pub as_of: NaiveDate,
    /// RFM scores, segments and the R×F map.
    pub rfm: rfm::Output,
    /// ABC classes, Pareto curve and Gini.
    pub abc: abc::Output,
    /// Value points and tiers.
    pub points: points::Output,
    /// The settings used.
    pub settings: Config,
}

/// The customers and everything computed about them.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The per-customer summary.
    pub customers: Customers,
    /// The analyses (what `summary.json` holds).
    pub analysis: Analysis,
}

/// Runs every analysis on ingested customers.
///
/// `progress` is told each stage as it starts, so the page can move its bar.
pub fn analyze(
    ingested: Ingested,
    config: &Config,
    progress: &mut dyn FnMut(Stage),
) -> Result<Results> {
    config.validate()?;
    progress(Stage::Customers);
    let Ingested { customers, report } = ingested;
    progress(Stage::Rfm);
    let rfm = rfm::run(&customers, &config.rfm)?;
    progress(Stage::Abc);
    let abc = abc::run(&customers, &config.abc)?;
    progress(Stage::Points);
    let points = points::run(&customers, &config.points)?;
    let analysis = Analysis {
        segmento_version: env!("CARGO_PKG_VERSION").to_string(),
        input: input_summary(&report, &config.input),
        rows: report.rows,
        customers: customers.customers.len(),
        prospects: customers.prospects.len(),
        revenue_total: customers.revenue_total(),
        margin_total: customers
            .has_margin
            .then(|| customers.customers.iter().map(|c| c.margin).sum()),
        as_of: customers.as_of,
        rfm,
        abc,
        points,
        settings: config.clone(),
    };
    Ok(Results {
        customers,
        analysis,
    })
}

fn input_summary(report: &IngestReport, options: &IngestOptions) -> InputSummary {
    InputSummary {
        file_name: options.file_name.clone(),
        format: report.format.clone(),
        encoding: report.encoding.clone(),
        delimiter: report.delimiter.clone(),
        decimal_separator: report.decimal_separator.clone(),
        date_order: report.date_order.clone(),
        date_order_assumed: report.date_order_assumed,
        shape: report.shape,
        columns: report.columns.clone(),
        notes: report.notes.clone(),
    }
}
