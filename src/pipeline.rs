//! The pipeline: one [`Config`], every analysis in order, one [`Results`].
//!
//! Both front ends run it on the output of ingestion, so the CLI and the
//! page produce the same `summary.json` ([`Analysis`]), the same exports and
//! the same report for the same file and settings. It runs in two phases:
//! [`segment`] (RFM, ABC, points: what the page shows first) and
//! [`complete`] (the forecast, the value × potential matrix, the campaign
//! plan, migrations, survival, cohorts and the control draw). [`analyze`]
//! runs both, as the CLI does; the page shows the segments between the two.

mod compare_date;

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dynamics::{campaign_list, cohorts, control, migrations, survival, uplift};
use crate::i18n::{self, Language};
use crate::ingest::{IngestOptions, IngestReport, Ingested, Role, RowAccounting, Shape};
use crate::labels::{unavailable_note, Note};
use crate::segment_keys::{self, SegmentMethod};
use crate::{abc, campaign, cross, points, predict, rfm, Customers, Error, Result};

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
    /// BG/NBD + Gamma-Gamma forecasts, holdout check and predictive groups.
    pub predict: predict::Params,
    /// Current value × potential matrix.
    pub cross: cross::Params,
    /// Campaign P&L per segment and channel.
    pub campaign: campaign::Params,
    /// Segment migrations between the compare date and the as-of date.
    pub migrations: migrations::Params,
    /// Survival by first channel (inactivity period, censoring).
    pub survival: survival::Params,
    /// Cohort retention table.
    pub cohorts: cohorts::Params,
    /// A random control group, drawn only when this is set.
    pub control: Option<control::Params>,
    /// The after-campaign readout: campaign start, response window, costs.
    pub uplift: uplift::Params,
    /// A saved snapshot to compare against (a path, read by the CLI; the
    /// page passes the file's bytes to `Session.compareSnapshot`).
    pub snapshot: Option<String>,
    /// A campaign list to read the campaign's results against (a path, read
    /// by the CLI; the page uses `Analyzer.attachCampaignList`).
    pub campaign_list: Option<String>,
}

impl Config {
    /// Checks every section, so a bad setting fails before any work.
    pub fn validate(&self) -> Result<()> {
        self.rfm.validate()?;
        self.abc.validate()?;
        self.points.validate()?;
        self.predict.validate()?;
        self.cross.validate()?;
        self.campaign.validate()?;
        self.migrations.validate()?;
        self.survival.validate()?;
        self.cohorts.validate()?;
        self.uplift.validate()?;
        match &self.control {
            Some(control) => control.validate(),
            None => Ok(()),
        }
    }
}

/// The steps of [`analyze`], reported to the progress callback as each
/// starts: the first four in [`segment`], the last two in [`complete`].
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
    /// BG/NBD and Gamma-Gamma fits, forecasts, cross matrix and campaign.
    Predict,
    /// Migrations, survival, cohorts and the control draw.
    Dynamics,
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
    /// Sentences about choices made while reading, in French and English.
    pub notes: Vec<Note>,
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
    /// Forecasts per customer and group, with the holdout check.
    pub predict: Option<predict::Output>,
    /// Current value × potential matrix.
    pub cross: Option<cross::Output>,
    /// Campaign P&L per segment and channel.
    pub campaign: Option<campaign::Output>,
    /// Segment migrations per method (`rfm`, `abc`, `points`, and
    /// `predictive` when the model was fitted at both dates).
    pub migrations: BTreeMap<String, migrations::Output>,
    /// Methods with no migration matrix although they ran, with why (the
    /// predictive groups when the model fell back at either date).
    #[serde(default)]
    pub migrations_skipped: BTreeMap<String, migrations::Skipped>,
    /// Kaplan-Meier survival by first channel.
    pub survival: Option<survival::Output>,
    /// Cohort retention table.
    pub cohorts: Option<cohorts::Output>,
    /// The control draw, when one was asked for.
    pub control: Option<control::Draw>,
    /// Migrations from a saved snapshot to the as-of date, per method (same
    /// shape as `migrations`); empty unless a snapshot was compared.
    #[serde(default)]
    pub snapshot_migrations: BTreeMap<String, migrations::Output>,
    /// The after-campaign readout, when a campaign list was given.
    pub uplift: Option<campaign_list::Readout>,
    /// Analyses that could not run on this file, with the reason.
    /// In `summary.json`, each value is a `{"key", "fr", "en"}` note (see
    /// [`unavailable_note`]).
    pub unavailable: BTreeMap<String, Note>,
    /// The settings used.
    pub settings: Config,
    /// Whether the second phase ([`complete`]) has run. While it is
    /// `segments`, the forecast, matrix, campaign, migrations, survival,
    /// cohorts and control draw are *not computed yet*: their fields are
    /// empty and `unavailable` does not list them. Left out of a finished
    /// `summary.json`.
    #[serde(default, skip_serializing_if = "Completeness::is_complete")]
    pub completeness: Completeness,
}

/// How far the pipeline has gone for a [`Results`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completeness {
    /// [`segment`] ran: RFM, ABC and points are there; the rest waits for
    /// [`complete`].
    Segments,
    /// Every analysis ran (those that could not run say why in `unavailable`).
    #[default]
    Complete,
}

impl Completeness {
    /// True once [`complete`] has run.
    pub fn is_complete(&self) -> bool {
        *self == Completeness::Complete
    }
}

/// The customers and everything computed about them.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The per-customer summary.
    pub customers: Customers,
    /// The analyses (what `summary.json` holds).
    pub analysis: Analysis,
}

/// Runs every analysis on ingested customers: [`segment`], then [`complete`].
///
/// `progress` is told each stage as it starts, so the page can move its bar.
pub fn analyze(
    ingested: Ingested,
    config: &Config,
    progress: &mut dyn FnMut(Stage),
) -> Result<Results> {
    let mut results = segment(ingested, config, progress)?;
    complete(&mut results, progress)?;
    Ok(results)
}

/// The first phase: checks the whole config, then runs RFM, ABC and points.
/// The [`Results`] it gives has `completeness` [`Completeness::Segments`]:
/// everything the segments need (KPIs, row accounting, the R×F map, classes,
/// tiers, customer lists) and nothing of the second phase yet.
///
/// ```
/// use segmento::ingest::{ingest_bytes, IngestOptions};
/// use segmento::pipeline::{complete, segment, Completeness, Config};
///
/// let csv = b"client;date;montant\nA;02/01/2024;10\nB;03/01/2024;20\nA;05/02/2024;30\n";
/// let ingested = ingest_bytes(csv, IngestOptions::default()).unwrap();
/// let mut results = segment(ingested, &Config::default(), &mut |_| {}).unwrap();
/// assert_eq!(results.analysis.completeness, Completeness::Segments);
/// assert!(results.analysis.cohorts.is_none());
/// complete(&mut results, &mut |_| {}).unwrap();
/// assert_eq!(results.analysis.completeness, Completeness::Complete);
/// ```
pub fn segment(
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
        predict: None,
        cross: None,
        campaign: None,
        migrations: BTreeMap::new(),
        migrations_skipped: BTreeMap::new(),
        survival: None,
        cohorts: None,
        control: None,
        snapshot_migrations: BTreeMap::new(),
        uplift: None,
        unavailable: BTreeMap::new(),
        settings: config.clone(),
        completeness: Completeness::Segments,
    };
    Ok(Results {
        customers,
        analysis,
    })
}

/// The second phase, on the results of [`segment`] with the settings they
/// record: the forecast, the value × potential matrix, the campaign plan,
/// migrations, survival, cohorts, and the control draw when one is set.
/// Nothing to do when `results` are complete already.
///
/// An analysis that cannot run on this file goes into `unavailable`; only a
/// failed control draw is an error, and `completeness` then stays
/// [`Completeness::Segments`].
pub fn complete(results: &mut Results, progress: &mut dyn FnMut(Stage)) -> Result<()> {
    if results.analysis.completeness.is_complete() {
        return Ok(());
    }
    let Results {
        customers,
        analysis,
    } = results;
    let config = &analysis.settings;
    let (rfm, abc, points) = (&analysis.rfm, &analysis.abc, &analysis.points);
    let mut unavailable = BTreeMap::new();
    progress(Stage::Predict);
    // The compare date's segmentations run first, beside the segments
    // alone (see `compare_date`).
    let migration_starts = compare_date::Starts::at_compare_date(customers, config, (rfm, points));
    // The RFM keys shape the observed-rate fallback only: built if it runs.
    let rfm_keys = || rfm.customers.iter().map(|c| c.segment.key()).collect();
    let predict = keep_available(
        "predict",
        predict::forecast::run_with_segments(customers, &config.predict, &rfm_keys),
        &mut unavailable,
    );
    let cross = predict.as_ref().and_then(|predictions| {
        let classes = abc.customers.iter().map(|c| c.abc_class.as_str());
        keep_available(
            "cross",
            cross::run(customers, classes, predictions, &config.cross),
            &mut unavailable,
        )
    });
    let campaign = keep_available(
        "campaign",
        run_campaign(customers, config, rfm, abc, predict.as_ref()),
        &mut unavailable,
    );
    progress(Stage::Dynamics);
    let mut migrations_skipped = BTreeMap::new();
    let migrations = migration_starts
        .and_then(|starts| {
            starts.finish(
                customers,
                config,
                (rfm, abc, points),
                predict.as_ref(),
                &mut migrations_skipped,
            )
        })
        .unwrap_or_else(|err| {
            unavailable.insert("migrations".to_string(), unavailable_note(&err));
            BTreeMap::new()
        });
    let survival = keep_available(
        "survival",
        survival::run(customers, &config.survival),
        &mut unavailable,
    );
    let cohorts = keep_available(
        "cohorts",
        cohorts::run(customers, &config.cohorts),
        &mut unavailable,
    );
    analysis.predict = predict;
    analysis.cross = cross;
    analysis.campaign = campaign;
    analysis.migrations = migrations;
    analysis.migrations_skipped = migrations_skipped;
    analysis.survival = survival;
    analysis.cohorts = cohorts;
    analysis.unavailable.append(&mut unavailable);
    if let Some(params) = &analysis.settings.control {
        analysis.control = Some(draw_control(customers, analysis, params)?);
    }
    analysis.completeness = Completeness::Complete;
    Ok(())
}

/// Each segment key's (French, English) label.
type SegmentLabels = BTreeMap<String, (String, String)>;

/// Plans the campaign on the segmentation the user picked.
fn run_campaign(
    customers: &Customers,
    config: &Config,
    rfm: &rfm::Output,
    abc: &abc::Output,
    predict: Option<&predict::Output>,
) -> Result<campaign::Output> {
    // Borrowed keys where they are static: one `String` per customer would
    // cost tens of MB on a large file.
    let (keys, labels): (Vec<Cow<'static, str>>, SegmentLabels) = match config.campaign.segment_by {
        campaign::SegmentBy::Rfm => (
            rfm.customers
                .iter()
                .map(|c| Cow::Borrowed(c.segment.key()))
                .collect(),
            crate::sorting::map_from(rfm.segments.iter().map(|s| {
                (
                    s.key.key().to_string(),
                    (s.label_fr.clone(), s.label_en.clone()),
                )
            })),
        ),
        campaign::SegmentBy::AbcClass => (
            abc.customers
                .iter()
                .map(|c| Cow::Borrowed(c.abc_class.as_str()))
                .collect(),
            crate::sorting::map_from(abc::AbcClass::ALL.iter().map(|c| {
                (
                    c.as_str().to_string(),
                    i18n::ABC_CLASS_NAME.both_with("{class}", c.as_str()),
                )
            })),
        ),
        campaign::SegmentBy::PredictiveGroup => {
            let predictions = predict.ok_or_else(|| {
                Error::analysis(
                    "the campaign is planned on predictive groups, but the forecast is unavailable",
                )
            })?;
            let keys: Vec<Cow<'static, str>> = predictions
                .customers
                .iter()
                .map(|c| Cow::Owned(c.predictive_group.to_string()))
                .collect();
            let labels = crate::sorting::map_from(keys.iter().map(|k| {
                (
                    k.to_string(),
                    i18n::PREDICTIVE_GROUP_NAME.both_with("{group}", k),
                )
            }));
            (keys, labels)
        }
    };
    campaign::run(customers, &keys, &labels, predict, &config.campaign)
}

/// A secondary analysis that fails leaves the others standing: its reason
/// goes into `unavailable` for the page and the report to show.
fn keep_available<T>(
    name: &str,
    result: Result<T>,
    unavailable: &mut BTreeMap<String, Note>,
) -> Option<T> {
    result
        .map_err(|err| unavailable.insert(name.to_string(), unavailable_note(&err)))
        .ok()
}

/// Pairs each customer's id with their key (`keys` aligned with `population`).
pub(crate) fn assignment(
    method: SegmentMethod,
    date: NaiveDate,
    population: &Customers,
    keys: Vec<String>,
) -> migrations::SegmentAssignment {
    migrations::SegmentAssignment {
        method: method.migration_key().to_string(),
        date,
        by_customer: population
            .customers
            .iter()
            .map(|c| c.id.as_str().to_owned())
            .zip(keys)
            .collect(),
    }
}

/// The control draw on an analysis: the customers' ids with their keys under
/// `params.method`, drawn by [`control::draw`]. The CLI (`--control-share`,
/// `--seed`, through [`analyze`]) and the page (`Session.drawControl`) both
/// come here, so the same seed gives the same groups on both.
pub fn draw_control(
    customers: &Customers,
    analysis: &Analysis,
    params: &control::Params,
) -> Result<control::Draw> {
    let keys = segment_keys::customer_keys(analysis, params.method)?;
    let by_segment: Vec<(String, String)> = customers
        .customers
        .iter()
        .map(|c| c.id.as_str().to_owned())
        .zip(keys)
        .collect();
    control::draw(&by_segment, params)
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
