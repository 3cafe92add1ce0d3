//! The browser boundary: thin adapters from JavaScript values to the core
//! and back. Nothing here computes anything; it deserializes, calls the
//! core, and serializes.
//!
//! The page's worker (`www/worker.js`) uses it as:
//!
//! ```js
//! const defaults = defaultConfig();
//! const preview = preview(firstBytes, { file_name: 'ventes.csv' }, 20);
//! const analyzer = new Analyzer(config);          // config: partial JSON config
//! for await (const chunk of file.stream()) analyzer.push(chunk);
//! const session = analyzer.finish(stage => ...);  // consumes the analyzer: the segments
//! session.summary(); session.charts('fr'); session.customerPage(query);
//! session.complete(stage => ...);                 // forecasts and dynamics
//! session.customersCsv('excel_fr', filter, 'fr');
//! reportHtml(session.reportInput('fr'), '2024-12-31T10:00:00Z'); // spreadsheet module
//! ```
//!
//! Spreadsheets go through the page's second module (`xlsx/`, fetched at
//! idle), which this build leaves out: it reads a workbook into
//! `{customers, report}` for `analyzeIngested`, writes the `.xlsx` from
//! `session.workbookCustomers('fr')` and `session.reportInput('fr')`, and
//! the HTML report from `session.reportInput('fr')`. So does text in an encoding this build
//! does not decode (`readsEncoding(label)` is false: ISO-8859-15, Shift_JIS…).
//!
//! The analysis comes in two phases, so the page can show the segments
//! while the rest is computed: `finish` and `analyzeIngested` run
//! [`pipeline::segment`] (RFM, ABC, points; `summary().completeness` is
//! `"segments"`), and `Session.complete` runs [`pipeline::complete`]. The
//! report, the exports, the snapshot and the control draw need the complete
//! results and refuse until then.
//!
//! Every export returns `Result<_, JsError>`: a core error reaches
//! JavaScript as an `Error` whose message is the core's readable sentence
//! (file, line, column, value). A panic is a bug; the hook installed at
//! start-up prints it to the console instead of a bare "unreachable".

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::dynamics::campaign_list::{self, CampaignList};
use crate::dynamics::control;
use crate::dynamics::snapshot::Snapshot;
use crate::error_messages::PageError;
use crate::export::CsvDialect;
use crate::ingest::{self, IngestOptions, IngestReport, Ingested, Ingestor};
use crate::pipeline::{self, Config, Results, Stage};
use crate::present::{CustomerFilter, CustomerQuery};
use crate::{Customers, Language};

#[wasm_bindgen(start)]
fn start() {
    crate::trap_watch::install_panic_hook(console_error_panic_hook::hook);
}

/// Whether this module panicked. Read by the worker after the module
/// trapped, when the instance is otherwise unusable: a trap without a panic
/// is an allocation that failed (see [`crate::trap_watch`]).
#[wasm_bindgen]
pub fn panicked() -> bool {
    crate::trap_watch::panicked()
}

/// Every value that crosses the boundary goes out as JSON, parsed by the
/// browser: the page sees exactly the JSON of `summary.json` (maps as plain
/// objects, `None` as `null`), and the module holds one serializer per type
/// (serde_json's, which the snapshots need anyway) instead of two. (Reading
/// values in through JSON too was tried: serde_json's deserializers came
/// out 13 KiB gzipped larger than serde_wasm_bindgen's.)
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(|err| JsError::new(&err.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("a result could not be read back as JSON"))
}

/// Reads a JS value into a core type; `undefined` and `null` give the
/// type's default (every configuration type has one). A value that does
/// not fit is an invalid setting named by `key`, the value's place in the
/// configuration (`input` for the ingestion options, `config` for the
/// whole configuration): `invalid setting input: unknown field ...`, the
/// same shape as the core's own setting errors, which the page reads.
fn from_js<T: DeserializeOwned + Default>(key: &str, value: JsValue) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|err| into_error(crate::Error::invalid_params(key, err.to_string())))
}

/// A core error, thrown with its message key and parameters for the page
/// (`src/error_messages.rs`): the JS error's message is the [`PageError`]
/// as JSON, which the worker reads back (`messageOf` in `www/worker.js`).
fn into_error(err: crate::Error) -> JsError {
    JsError::new(&PageError::of(&err).to_json())
}

/// Reads a `"fr"` / `"en"` language code through `Language`'s serde
/// names, the ones the configuration uses.
fn language(code: &str) -> Result<Language, JsError> {
    use serde::de::{value::Error, IntoDeserializer};
    use serde::Deserialize;
    Language::deserialize(IntoDeserializer::<Error>::into_deserializer(code))
        .map_err(|err| JsError::new(&format!("language: {err}")))
}

/// A customer filter from the page (`null` or `undefined`: every customer).
fn customer_filter(filter: JsValue) -> Result<Option<CustomerFilter>, JsError> {
    if filter.is_undefined() || filter.is_null() {
        return Ok(None);
    }
    serde_wasm_bindgen::from_value(filter)
        .map(Some)
        .map_err(|err| JsError::new(&err.to_string()))
}

/// Reads a CSV dialect name.
fn dialect(name: &str) -> Result<CsvDialect, JsError> {
    match name {
        "standard" => Ok(CsvDialect::Standard),
        "excel_fr" => Ok(CsvDialect::ExcelFr),
        other => Err(JsError::new(&format!(
            "unknown CSV dialect \"{other}\" (expected \"standard\" or \"excel_fr\")"
        ))),
    }
}

/// The default configuration, as the JSON object the settings form edits.
#[wasm_bindgen(js_name = defaultConfig)]
pub fn default_config() -> Result<JsValue, JsError> {
    to_js(&Config::default())
}

/// Whether this module reads text in the encoding a WHATWG label names
/// (UTF-8, UTF-16 and Windows-1252 under any of their labels). The page
/// hands a file in any other encoding to the spreadsheet module, which
/// links every WHATWG decoder (`TextIngestor`, `previewSpreadsheet`).
#[wasm_bindgen(js_name = readsEncoding)]
pub fn reads_encoding(label: &str) -> bool {
    ingest::reads_encoding(label)
}

/// What the mapping screen shows: the detected dialect, headers, guessed
/// roles and the first `max_rows` rows as they would be read. `bytes` is
/// the start of a text file (cut after a line end) or a whole spreadsheet.
#[wasm_bindgen]
pub fn preview(bytes: &[u8], options: JsValue, max_rows: usize) -> Result<JsValue, JsError> {
    let options: IngestOptions = from_js("input", options)?;
    let preview = ingest::preview(bytes, &options, max_rows).map_err(into_error)?;
    to_js(&preview)
}

/// A streaming analysis: `push` the file's chunks in order, then `finish`.
#[wasm_bindgen]
pub struct Analyzer {
    ingestor: Ingestor,
    config: Config,
    campaign_list: Option<CampaignList>,
}

#[wasm_bindgen]
impl Analyzer {
    /// Starts an analysis with a (partial) configuration object; missing
    /// keys take their defaults, unknown keys are an error.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Analyzer, JsError> {
        let config: Config = from_js("config", config)?;
        config.validate().map_err(into_error)?;
        let ingestor = Ingestor::new(config.input.clone()).map_err(into_error)?;
        Ok(Analyzer {
            ingestor,
            config,
            campaign_list: None,
        })
    }

    /// The file's size in bytes: reading sizes its tables for it.
    #[wasm_bindgen(js_name = expectSize)]
    pub fn expect_size(&mut self, total_bytes: f64) {
        self.ingestor.expect_size(total_bytes as u64);
    }

    /// Feeds the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.ingestor.push(chunk).map_err(into_error)
    }

    /// Bytes pushed so far.
    #[wasm_bindgen(js_name = bytesSeen)]
    pub fn bytes_seen(&self) -> f64 {
        self.ingestor.bytes_seen() as f64
    }

    /// Ends the input and runs the first phase (RFM, ABC, points, and the
    /// campaign list's readout when one is attached); `Session.complete`
    /// runs the rest. `on_stage`, when given, is called with each stage's
    /// name (`"rfm"`, `"abc"`, ...) as it starts. Consumes the analyzer.
    pub fn finish(self, on_stage: Option<js_sys::Function>) -> Result<Session, JsError> {
        let ingested = self.ingestor.finish().map_err(into_error)?;
        segment(
            ingested,
            &self.config,
            self.campaign_list.as_ref(),
            on_stage,
        )
    }
}

/// Runs the first phase on a file already ingested by the spreadsheet
/// module (its `ingestSpreadsheet` or `TextIngestor.finish` result:
/// `customers`, packed by [`Customers::to_packed`], and `report`, the
/// [`IngestReport`] as a JS value), as [`Analyzer::finish`] does; `config`
/// and `on_stage` as for [`Analyzer`], and an optional campaign list (bytes
/// and file name) as for [`Analyzer::attach_campaign_list`]. (The customers
/// come packed rather than through serde: their deserializer, with
/// chrono's date parser, weighed about 10 KB gzipped here. The report, read
/// through serde_wasm_bindgen, costs less than as JSON.)
#[wasm_bindgen(js_name = analyzeIngested)]
pub fn analyze_ingested(
    config: JsValue,
    customers: &[u8],
    report: JsValue,
    campaign_list_bytes: Option<Vec<u8>>,
    campaign_list_name: Option<String>,
    on_stage: Option<js_sys::Function>,
) -> Result<Session, JsError> {
    let config: Config = from_js("config", config)?;
    config.validate().map_err(into_error)?;
    let customers = Customers::from_packed(customers).map_err(into_error)?;
    let report: IngestReport = serde_wasm_bindgen::from_value(report)
        .map_err(|err| JsError::new(&format!("invalid spreadsheet data: {err}")))?;
    let campaign_list = match campaign_list_bytes {
        Some(bytes) => {
            let name = campaign_list_name.unwrap_or_default();
            Some(campaign_list::read(&bytes, &name).map_err(into_error)?)
        }
        None => None,
    };
    segment(
        Ingested { customers, report },
        &config,
        campaign_list.as_ref(),
        on_stage,
    )
}

/// Calls `on_stage` (when given) with each stage's name; progress is
/// advisory, so a failing callback does not fail the analysis.
fn stage_reporter(on_stage: Option<js_sys::Function>) -> impl FnMut(Stage) {
    move |stage: Stage| {
        if let Some(callback) = &on_stage {
            if let Ok(name) = to_js(&stage) {
                let _ = callback.call1(&JsValue::NULL, &name);
            }
        }
    }
}

fn segment(
    ingested: Ingested,
    config: &Config,
    campaign_list: Option<&CampaignList>,
    on_stage: Option<js_sys::Function>,
) -> Result<Session, JsError> {
    let mut progress = stage_reporter(on_stage);
    let mut results = pipeline::segment(ingested, config, &mut progress).map_err(into_error)?;
    // The readout reads the orders and the settings only: it belongs with
    // the first phase, so a list that does not fit fails the run at once.
    if let Some(list) = campaign_list {
        results.read_campaign(list).map_err(into_error)?;
    }
    Ok(Session { results })
}

/// The results of one analysis, kept in the worker while the page shows
/// them, so customer lists and exports are computed on demand. Made with
/// the segments only; [`Session::complete`] adds the rest.
#[wasm_bindgen]
pub struct Session {
    results: Results,
}

impl Session {
    /// The complete results, or an error naming what waits for them.
    fn complete_results(&self, what: &str) -> Result<&Results, JsError> {
        if self.results.analysis.completeness.is_complete() {
            Ok(&self.results)
        } else {
            Err(JsError::new(&format!(
                "{what} needs the forecasts and dynamics: call complete() first"
            )))
        }
    }

    /// As [`Session::complete_results`], for the follow-ups that change the results.
    fn complete_results_mut(&mut self, what: &str) -> Result<&mut Results, JsError> {
        self.complete_results(what)?;
        Ok(&mut self.results)
    }
}

#[wasm_bindgen]
impl Session {
    /// The second phase: the forecast, the value × potential matrix, the
    /// campaign plan, migrations, survival and cohorts (`on_stage` as for
    /// [`Analyzer::finish`]: `"predict"`, then `"dynamics"`). Nothing to do
    /// when already complete; on an error the segments stay as they were.
    pub fn complete(&mut self, on_stage: Option<js_sys::Function>) -> Result<(), JsError> {
        let mut progress = stage_reporter(on_stage);
        pipeline::complete(&mut self.results, &mut progress).map_err(into_error)
    }

    /// True once [`Session::complete`] has run.
    #[wasm_bindgen(js_name = isComplete)]
    pub fn is_complete(&self) -> bool {
        self.results.analysis.completeness.is_complete()
    }

    /// The summary: exactly the content of `summary.json` (with
    /// `completeness: "segments"` before [`Session::complete`]).
    pub fn summary(&self) -> Result<JsValue, JsError> {
        to_js(&self.results.analysis)
    }

    /// Every chart as SVG markup, labelled in `language`:
    /// `{rfm_grid, pareto, tiers, segments, holdout, …}` (`null` for a chart
    /// whose analysis did not run).
    pub fn charts(&self, language_code: &str) -> Result<JsValue, JsError> {
        to_js(&self.results.charts(language(language_code)?))
    }

    /// One page of a customer list: `{filter, search, sort_by, descending,
    /// offset, limit, language}`.
    #[wasm_bindgen(js_name = customerPage)]
    pub fn customer_page(&self, query: JsValue) -> Result<JsValue, JsError> {
        let query: CustomerQuery = from_js("query", query)?;
        if let Some(filter) = &query.filter {
            filter.validate().map_err(into_error)?;
        }
        to_js(&self.results.customer_page(&query))
    }

    /// The customers (all, or those of `filter`, e.g. `{kind: "rfm", key:
    /// "champions"}`) as CSV: `dialect` is `"standard"` or `"excel_fr"`;
    /// labels in `language`.
    #[wasm_bindgen(js_name = customersCsv)]
    pub fn customers_csv(
        &self,
        dialect_name: &str,
        filter: JsValue,
        language_code: &str,
    ) -> Result<Vec<u8>, JsError> {
        self.customers_csv_part(dialect_name, filter, language_code, 0, usize::MAX)
    }

    /// Rows `start` to `start + count` of [`Session::customers_csv`], with
    /// the header when `start` is 0: the worker joins the parts in a `Blob`,
    /// so a large list never sits whole in wasm memory.
    #[wasm_bindgen(js_name = customersCsvPart)]
    pub fn customers_csv_part(
        &self,
        dialect_name: &str,
        filter: JsValue,
        language_code: &str,
        start: usize,
        count: usize,
    ) -> Result<Vec<u8>, JsError> {
        self.complete_results("the customers export")?
            .customers_csv_part(
                language(language_code)?,
                dialect(dialect_name)?,
                customer_filter(filter)?.as_ref(),
                start..start.saturating_add(count),
            )
            .map_err(into_error)
    }

    /// How many customers the CSV of `filter` lists (all without one).
    #[wasm_bindgen(js_name = customersCount)]
    pub fn customers_count(&self, filter: JsValue) -> Result<usize, JsError> {
        self.complete_results("the customers export")?
            .customers_in(customer_filter(filter)?.as_ref())
            .map_err(into_error)
    }

    /// The customers sheet of the `.xlsx` download, packed for the
    /// spreadsheet module's `writeWorkbook`, which makes the other sheets
    /// (one per analysis) from `reportInput` in the same language.
    #[wasm_bindgen(js_name = workbookCustomers)]
    pub fn workbook_customers(&self, language_code: &str) -> Result<Vec<u8>, JsError> {
        Ok(self
            .complete_results("the workbook")?
            .workbook_customers_packed(language(language_code)?))
    }

    /// What the spreadsheet module's `reportHtml` writes the self-contained
    /// HTML report in `language_code` from (JSON: the analyses and the few
    /// figures of single customers the report shows). The report's code
    /// lives in that module, loaded at idle, to keep this one small; the
    /// bytes are the CLI's `report.html`.
    #[wasm_bindgen(js_name = reportInput)]
    pub fn report_input(&self, language_code: &str) -> Result<String, JsError> {
        Ok(self
            .complete_results("the report")?
            .report_input(language(language_code)?))
    }
}

// --- Dynamic segmentation (issue 6): snapshots, control draw, campaign readout ---

#[wasm_bindgen]
impl Analyzer {
    /// Reads a campaign list (the customers export with `campaign_group`,
    /// or a response file with a `responded` column) whose results the
    /// file being analyzed (the later orders) measures. Call before
    /// `finish`; the summary then has `uplift`, the charts `uplift`, and the
    /// report an after-campaign section.
    #[wasm_bindgen(js_name = attachCampaignList)]
    pub fn attach_campaign_list(&mut self, bytes: &[u8], file_name: &str) -> Result<(), JsError> {
        self.campaign_list = Some(campaign_list::read(bytes, file_name).map_err(into_error)?);
        Ok(())
    }
}

#[wasm_bindgen]
impl Session {
    /// The segmentation snapshot of this session (all methods at the as-of
    /// date): the same bytes as the CLI's `snapshot.json`.
    #[wasm_bindgen(js_name = snapshotJson)]
    pub fn snapshot_json(&self) -> Result<String, JsError> {
        Ok(self.complete_results("the snapshot")?.snapshot().to_json())
    }

    /// Compares this session against a saved snapshot and remembers it
    /// (exports then carry the snapshot's `previous_*` segments, the report
    /// its section): `{from_date, to_date, methods: {rfm: {matrix, new,
    /// lost, flows, headlines, …}, …}, charts: {rfm: "<svg …>", …}}`.
    /// The snapshot file is read by the spreadsheet module's
    /// `packSnapshot(bytes)` (the CLI's reader, its checks and messages),
    /// which hands it here packed: this module links no JSON reader for it.
    #[wasm_bindgen(js_name = compareSnapshot)]
    pub fn compare_snapshot(
        &mut self,
        packed_snapshot: &[u8],
        language_code: &str,
    ) -> Result<JsValue, JsError> {
        let language = language(language_code)?;
        let snapshot = Snapshot::from_packed(packed_snapshot).map_err(into_error)?;
        self.complete_results_mut("the snapshot comparison")?
            .compare_snapshot(&snapshot)
            .map_err(into_error)?;
        to_js(&self.results.snapshot_comparison(language))
    }

    /// Draws a control group: `{method: "rfm"|"abc"|"tier"|"group",
    /// segments: [keys] (empty = all), share, seed}` → `{seed, share,
    /// method, algorithm, by_segment: [{segment, customers, target,
    /// control}], selected_customers, target, control}`. The exports then
    /// carry `campaign_group`, the report the seed and share.
    #[wasm_bindgen(js_name = drawControl)]
    pub fn draw_control(&mut self, params: JsValue) -> Result<JsValue, JsError> {
        let params: control::Params = from_js("control", params)?;
        let draw = self
            .complete_results_mut("the control draw")?
            .draw_control(&params)
            .map_err(into_error)?;
        to_js(draw)
    }
}
