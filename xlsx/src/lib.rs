//! The page's spreadsheet module: the part of segmento that reads `.xlsx`,
//! `.xls` and `.ods` (calamine), text in the encodings the main module leaves
//! out (ISO-8859-15, Mac Roman, Shift_JIS…: encoding_rs), and writes `.xlsx`
//! (rust_xlsxwriter), and writes the HTML report, built apart from the main module so the page becomes
//! interactive without it.
//! The page's worker fetches it at idle, right after the page has loaded,
//! so nothing is fetched once a file is dropped.
//!
//! Thin adapters over the core, as `src/wasm.rs`:
//!
//! ```js
//! const shown = previewSpreadsheet(bytes, { file_name: 'ventes.xlsx' }, 20);
//! const ingested = ingestSpreadsheet(bytes, config.input);  // {customers, report}
//! // main module: the segments
//! const session = analyzeIngested(config, ingested.customers, ingested.report);
//! ingested.free();
//! session.complete();                                         // forecasts and dynamics
//! const input = session.reportInput('fr');                  // main module: the analyses
//! const xlsx = writeWorkbook(session.workbookCustomers('fr'), input, new Date().toISOString());
//! const html = reportHtml(session.reportInput('fr'), '31/12/2024 18:00');
//!
//! // A CSV in ISO-8859-15 (the main module's `readsEncoding` said no):
//! const ingestor = new TextIngestor(config.input);
//! for await (const chunk of file.stream()) ingestor.push(chunk);
//! const ingested = ingestor.finish();
//! const session = analyzeIngested(config, ingested.customers, ingested.report);
//! ```
//!
//! A saved snapshot is read here too (`packSnapshot(bytes)`, handed packed
//! to the main module's `session.compareSnapshot`).
//!
//! A workbook gives the same customers as in the CLI (the core's own
//! spreadsheet path runs here), and the written workbook the same bytes as
//! `Results::customers_xlsx` for the same creation time.

#![cfg(target_arch = "wasm32")]
#![warn(missing_docs)]

use chrono::NaiveDateTime;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use segmento::dynamics::campaign_list;
use segmento::dynamics::snapshot::Snapshot;
use segmento::ingest::{self, IngestOptions, IngestReport, Ingested, Ingestor};
use segmento::present::{report_html_from_input, workbook_from_input};

/// The main module's serializer settings (`src/wasm.rs`): plain objects,
/// `null` for `None`, numbers for 64-bit integers.
const SERIALIZER: serde_wasm_bindgen::Serializer =
    serde_wasm_bindgen::Serializer::json_compatible();

#[wasm_bindgen(start)]
fn start() {
    segmento::trap_watch::install_panic_hook(console_error_panic_hook::hook);
}

/// Whether this module panicked, for the worker to read after it trapped
/// (as the main module's, see `segmento::trap_watch`).
#[wasm_bindgen]
pub fn panicked() -> bool {
    segmento::trap_watch::panicked()
}

fn into_error(err: impl std::fmt::Display) -> JsError {
    JsError::new(&err.to_string())
}

/// A core error with its message key and parameters for the page, as the
/// main module throws it (`into_error` in `src/wasm.rs`).
fn core_error(err: segmento::Error) -> JsError {
    JsError::new(&segmento::error_messages::PageError::of(&err).to_json())
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&SERIALIZER).map_err(into_error)
}

/// Reads the ingestion options; `undefined` and `null` give the defaults.
/// Options that do not fit are an invalid setting `input` (the options'
/// place in the configuration), as in the main module.
fn ingest_options(value: JsValue) -> Result<IngestOptions, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(IngestOptions::default());
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|err| core_error(segmento::Error::invalid_params("input", err.to_string())))
}

/// What the mapping screen shows for a whole workbook, or for the start of
/// a text file in an encoding the main module does not read (as the main
/// module's `preview` does for the others).
#[wasm_bindgen(js_name = previewSpreadsheet)]
pub fn preview_spreadsheet(
    bytes: &[u8],
    options: JsValue,
    max_rows: usize,
) -> Result<JsValue, JsError> {
    let options = ingest_options(options)?;
    let preview = ingest::preview(bytes, &options, max_rows).map_err(core_error)?;
    to_js(&preview)
}

/// The core's ingestion result, as the main module's `analyzeIngested`
/// reads it: the customers packed ([`segmento::Customers::to_packed`],
/// exact, with no deserializer to link in the main module) and the
/// ingestion report as a JS value.
#[wasm_bindgen(getter_with_clone)]
pub struct IngestedParts {
    /// [`segmento::Customers::to_packed`]'s bytes.
    pub customers: Vec<u8>,
    /// The [`IngestReport`].
    pub report: JsValue,
}

/// Reads a whole workbook into `{customers, report}` for the main module's
/// `analyzeIngested`.
#[wasm_bindgen(js_name = ingestSpreadsheet)]
pub fn ingest_spreadsheet(bytes: &[u8], options: JsValue) -> Result<IngestedParts, JsError> {
    let ingested = ingest::ingest_bytes(bytes, ingest_options(options)?).map_err(core_error)?;
    to_js_ingested(&ingested)
}

/// Streaming ingestion of a text file in an encoding the main module does
/// not read: `push` the chunks, then `finish` gives `{customers, report}`
/// for the main module's `analyzeIngested`, as `ingestSpreadsheet` does.
#[wasm_bindgen]
pub struct TextIngestor {
    ingestor: Ingestor,
}

#[wasm_bindgen]
impl TextIngestor {
    /// Starts an ingestion with the page's `config.input` options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<TextIngestor, JsError> {
        let ingestor = Ingestor::new(ingest_options(options)?).map_err(core_error)?;
        Ok(TextIngestor { ingestor })
    }

    /// The file's size in bytes: reading sizes its tables for it.
    #[wasm_bindgen(js_name = expectSize)]
    pub fn expect_size(&mut self, total_bytes: f64) {
        self.ingestor.expect_size(total_bytes as u64);
    }

    /// Feeds the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.ingestor.push(chunk).map_err(core_error)
    }

    /// Ends the input: the customers and the ingestion report. Consumes
    /// the ingestor.
    pub fn finish(self) -> Result<IngestedParts, JsError> {
        let ingested = self.ingestor.finish().map_err(core_error)?;
        to_js_ingested(&ingested)
    }
}

fn to_js_ingested(ingested: &Ingested) -> Result<IngestedParts, JsError> {
    let report: &IngestReport = &ingested.report;
    Ok(IngestedParts {
        customers: ingested.customers.to_packed(),
        report: to_js(report)?,
    })
}

/// Writes the `.xlsx` download from the main module's
/// `session.workbookCustomers(language)` (the customers sheet) and
/// `session.reportInput(language)` (the analyses, for the other sheets);
/// `generated_at` (the page's clock, ISO 8601 UTC such as
/// `2025-01-31T09:30:00.000Z`) is the document's creation time. The bytes
/// are those of the CLI's `Results::customers_xlsx`.
#[wasm_bindgen(js_name = writeWorkbook)]
pub fn write_workbook(
    packed_customers: &[u8],
    input: &str,
    generated_at: &str,
) -> Result<Vec<u8>, JsError> {
    let created =
        NaiveDateTime::parse_from_str(generated_at.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S%.f")
            .map_err(|err| JsError::new(&format!("invalid time \"{generated_at}\": {err}")))?;
    workbook_from_input(packed_customers, input.as_bytes(), created).map_err(core_error)
}

/// A workbook campaign list as CSV, which the main module's
/// `attachCampaignList` reads (it leaves calamine out).
#[wasm_bindgen(js_name = campaignListCsv)]
pub fn campaign_list_csv(bytes: &[u8], file_name: &str) -> Result<Vec<u8>, JsError> {
    campaign_list::workbook_as_csv(bytes, file_name).map_err(core_error)
}

/// The self-contained HTML report, from the main module's
/// `session.reportInput(language)` (in that language): the bytes of the
/// CLI's `report.html` for the same file and settings. `generated_at` is
/// printed as given.
#[wasm_bindgen(js_name = reportHtml)]
pub fn report_html(input: &str, generated_at: &str) -> Result<String, JsError> {
    report_html_from_input(input.as_bytes(), generated_at).map_err(core_error)
}

/// A saved snapshot file (`snapshot.json`) read with the CLI's reader
/// (its checks and messages) and packed for the main module's
/// `session.compareSnapshot(packed, language)`.
#[wasm_bindgen(js_name = packSnapshot)]
pub fn pack_snapshot(bytes: &[u8]) -> Result<Vec<u8>, JsError> {
    Snapshot::from_json(bytes)
        .map(|snapshot| snapshot.to_packed())
        .map_err(core_error)
}
