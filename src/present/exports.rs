//! The downloads of a result: the customer list (all or one group) as CSV,
//! the workbook with a sheet per analysis, and the segment table as CSV.

use chrono::NaiveDateTime;

use super::campaign_readout;
use super::query::CustomerFilter;
use super::rows::CustomerRows;
use super::sections;
use super::tables;
use crate::export::{csv_bytes, pack_sheets, write_xlsx, CsvDialect, Rows, Sheet};
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
        let selection = match filter {
            Some(filter) => {
                filter.validate()?;
                self.matching(Some(filter))
            }
            None => (0..self.customers.customers.len()).collect(),
        };
        let rows = CustomerRows::selected(self, selection).in_language(language);
        csv_bytes(&rows, dialect)
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
        self.with_workbook_sheets(language, |sheets| write_xlsx(sheets, language, created))
    }

    /// The sheets of [`Results::customers_xlsx`], packed for the page's
    /// spreadsheet module: [`write_xlsx`] over
    /// [`unpack_sheets`](crate::export::unpack_sheets) of them writes the
    /// same bytes.
    pub fn workbook_sheets_packed(&self, language: Language) -> Vec<u8> {
        self.with_workbook_sheets(language, pack_sheets)
    }

    /// Builds the workbook's sheets in order and hands them to `write`.
    fn with_workbook_sheets<T>(
        &self,
        language: Language,
        write: impl FnOnce(&[Sheet<'_>]) -> T,
    ) -> T {
        let lang = language;
        let customers = CustomerRows::all(self).in_language(lang);
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
            sheet(i18n::SHEET_CUSTOMERS, &customers),
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
