//! The downloads of a result: the customer list (all or one group) as CSV,
//! the workbook with a sheet per analysis, and the segment table as CSV.

use std::ops::Range;

use chrono::NaiveDateTime;

use super::campaign_readout;
use super::query::CustomerFilter;
use super::rows::CustomerRows;
use super::sections;
use super::tables;
use crate::export::{
    csv_bytes, csv_part, pack_sheets, unpack_sheets, write_xlsx, CsvDialect, Rows, Sheet,
};
use crate::i18n::{self, Language};
use crate::pipeline::Results;
use crate::Result;

impl Results {
    /// The customers as CSV, every score column: all of them, or only those
    /// of one segment, class or tier (`filter`), in file order. Segment and
    /// tier labels are in the settings' language.
    ///
    /// An unknown filter key (a segment that does not exist) is an error
    /// naming the key, so a typo never downloads an empty list silently.
    pub fn customers_csv(
        &self,
        dialect: CsvDialect,
        filter: Option<&CustomerFilter>,
    ) -> Result<Vec<u8>> {
        self.customers_csv_in(self.analysis.settings.language, dialect, filter)
    }

    /// [`Results::customers_csv`] with segment and tier labels in `language`
    /// (the page's language may differ from the settings').
    pub fn customers_csv_in(
        &self,
        language: Language,
        dialect: CsvDialect,
        filter: Option<&CustomerFilter>,
    ) -> Result<Vec<u8>> {
        self.customers_csv_part(language, dialect, filter, 0..usize::MAX)
    }

    /// Rows `rows` (cut to those there are) of [`Results::customers_csv_in`],
    /// with the BOM and header when `rows` starts at 0: consecutive parts
    /// put end to end are the whole CSV. The page asks for a large list
    /// in parts of some thousands of customers and joins them outside wasm
    /// memory (a `Blob`), which would otherwise keep the whole file's size
    /// for good.
    pub fn customers_csv_part(
        &self,
        language: Language,
        dialect: CsvDialect,
        filter: Option<&CustomerFilter>,
        rows: Range<usize>,
    ) -> Result<Vec<u8>> {
        let selection = self.filtered(filter)?;
        let table = CustomerRows::selected(self, selection).in_language(language);
        csv_part(&table, dialect, rows)
    }

    /// How many customers [`Results::customers_csv_in`] lists for `filter`
    /// (an unknown key is the same error).
    pub fn customers_in(&self, filter: Option<&CustomerFilter>) -> Result<usize> {
        Ok(match filter {
            Some(_) => self.filtered(filter)?.len(),
            None => self.customers.customers.len(),
        })
    }

    /// The customers of `filter` (all without one), in file order.
    fn filtered(&self, filter: Option<&CustomerFilter>) -> Result<Vec<usize>> {
        Ok(match filter {
            Some(filter) => {
                filter.validate()?;
                self.matching(Some(filter))
            }
            None => (0..self.customers.customers.len()).collect(),
        })
    }

    /// The RFM segment table as CSV: key, label, customers, shares, means,
    /// definition and recommended action, best segment first.
    pub fn segments_csv(&self, language: Language, dialect: CsvDialect) -> Result<Vec<u8>> {
        csv_bytes(&tables::segments(self, language), dialect)
    }

    /// The workbook: a sheet of every customer with every score column
    /// (headers in `language`), then one sheet per analysis: key figures,
    /// RFM segments, the R×F map, the RFM score thresholds, the ABC classes,
    /// the value tiers and their scales, the row accounting, the skipped-row
    /// examples, the settings used and the column mapping.
    ///
    /// `created` is the document's creation time (the core never reads the
    /// clock); the bytes depend only on the result, `language` and `created`.
    pub fn customers_xlsx(&self, language: Language, created: NaiveDateTime) -> Result<Vec<u8>> {
        let customers = CustomerRows::all(self).in_language(language);
        self.with_workbook_sheets(&customers, language, |sheets| {
            write_xlsx(sheets, language, created)
        })
    }

    /// The workbook's customers sheet, packed for the page's spreadsheet
    /// module, which writes the workbook ([`workbook_from_input`]) from it
    /// and [`Results::report_input`]: the other sheets are made there from
    /// the analyses, so their code stays out of the page's main module.
    pub fn workbook_customers_packed(&self, language: Language) -> Vec<u8> {
        let customers = CustomerRows::all(self).in_language(language);
        pack_sheets(&[named_sheet(i18n::SHEET_CUSTOMERS, language, &customers)])
    }

    /// Builds the workbook's sheets in order and hands them to `write`.
    /// Builds the workbook's sheets in order, `customers` first, and hands
    /// them to `write`. Reads the analyses only (not `self.customers`), so
    /// [`workbook_from_input`] can call it on the analyses alone.
    fn with_workbook_sheets<T>(
        &self,
        customers: &dyn Rows,
        language: Language,
        write: impl FnOnce(&[Sheet<'_>]) -> T,
    ) -> T {
        let lang = language;
        let file_name = self
            .analysis
            .input
            .file_name
            .clone()
            .unwrap_or_else(|| i18n::UNNAMED_FILE.get(lang).to_string());
        let key_figures = tables::key_figures(self, &file_name, lang);
        let segments = tables::segments(self, lang);
        let grid = tables::grid(self, lang);
        let thresholds = tables::thresholds(self, lang);
        let classes = tables::classes(self);
        let tiers = tables::tiers(self, lang);
        let scales = tables::scales(self, lang);
        let rows = tables::row_accounting(self, lang);
        let examples = tables::skipped_examples(self, lang);
        let settings = tables::settings_table(self, lang);
        let columns = tables::column_mapping(self, lang);
        let analysis = &self.analysis;
        let groups = analysis
            .predict
            .as_ref()
            .filter(|p| !p.groups.is_empty())
            .map(|p| sections::groups_table(&p.groups));
        let cross = analysis.cross.as_ref().map(sections::cross_table);
        let campaign = analysis
            .campaign
            .as_ref()
            .map(|c| sections::campaign_table(c, lang));
        let survival = analysis
            .survival
            .as_ref()
            .filter(|s| s.available)
            .map(|s| sections::survival_table(s, lang));
        let uplift = analysis
            .uplift
            .as_ref()
            .map(|readout| campaign_readout::uplift_table(analysis, readout, lang));
        let sheet = |name: i18n::Text, rows| named_sheet(name, lang, rows);
        let mut sheets = vec![
            sheet(i18n::SHEET_CUSTOMERS, customers),
            sheet(i18n::SHEET_KEY_FIGURES, &key_figures),
            sheet(i18n::SHEET_SEGMENTS, &segments),
            sheet(i18n::SHEET_GRID, &grid),
            sheet(i18n::SHEET_THRESHOLDS, &thresholds),
            sheet(i18n::SHEET_CLASSES, &classes),
            sheet(i18n::SHEET_TIERS, &tiers),
            sheet(i18n::SHEET_SCALES, &scales),
            sheet(i18n::SHEET_ROWS, &rows),
            sheet(i18n::SHEET_SKIPPED, &examples),
            sheet(i18n::SHEET_SETTINGS, &settings),
            sheet(i18n::SHEET_COLUMNS, &columns),
        ];
        // The forecast and dynamics sheets go after the segment sheets, only
        // for the analyses that ran.
        let extra = [
            (i18n::SHEET_GROUPS, &groups),
            (i18n::SHEET_CROSS, &cross),
            (i18n::SHEET_CAMPAIGN, &campaign),
            (i18n::SHEET_SURVIVAL, &survival),
            (i18n::SHEET_UPLIFT, &uplift),
        ];
        let position = sheets.len() - 4;
        for (offset, (name, table)) in extra
            .iter()
            .filter_map(|(name, table)| table.as_ref().map(|t| (*name, t as &dyn Rows)))
            .enumerate()
        {
            sheets.insert(position + offset, sheet(name, table));
        }
        write(&sheets)
    }
}

fn named_sheet<'a>(name: i18n::Text, language: Language, rows: &'a dyn Rows) -> Sheet<'a> {
    Sheet {
        name: name.get(language).to_string(),
        rows,
    }
}

/// The workbook of [`Results::customers_xlsx`] (same bytes), written from
/// [`Results::workbook_customers_packed`] and [`Results::report_input`] in
/// the same language: the page's spreadsheet module calls it.
///
/// ```
/// use segmento::ingest::{ingest_bytes, IngestOptions};
/// use segmento::pipeline::{analyze, Config};
/// use segmento::present::workbook_from_input;
/// use segmento::Language;
///
/// let csv = b"client;date;montant\nA;02/01/2024;10\nB;03/01/2024;20\nA;05/02/2024;30\n";
/// let ingested = ingest_bytes(csv, IngestOptions::default()).unwrap();
/// let results = analyze(ingested, &Config::default(), &mut |_| {}).unwrap();
/// let created = chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let customers = results.workbook_customers_packed(Language::En);
/// let input = results.report_input(Language::En);
/// assert_eq!(
///     workbook_from_input(&customers, input.as_bytes(), created).unwrap(),
///     results.customers_xlsx(Language::En, created).unwrap()
/// );
/// ```
pub fn workbook_from_input(
    customers: &[u8],
    input: &[u8],
    created: NaiveDateTime,
) -> Result<Vec<u8>> {
    let sheets = unpack_sheets(customers)?;
    let customers = sheets.first().ok_or_else(|| {
        crate::Error::new(crate::ErrorKind::Format(
            "the packed workbook sheets hold no customers sheet".into(),
        ))
    })?;
    let (results, language) = super::report::results_from_input(input)?;
    results.with_workbook_sheets(customers, language, |sheets| {
        write_xlsx(sheets, language, created)
    })
}
