//! The XLSX workbook: one sheet per table, written in memory.
//!
//! Each sheet has a bold, frozen header row in the chosen language, an
//! autofilter over the data, column widths fitted to the content, and number
//! formats by cell type: thousands separators, euros, percentages, dates
//! (`dd/mm/yyyy` in French, ISO in English). Excel then displays the numbers
//! in the reader's own locale.
//!
//! Text is stored as text, so nothing a customer file contains can become a
//! formula. Excel's limits are respected rather than hit: a table longer than
//! a sheet (1 048 575 data rows) continues on `Name (2)`, `Name (3)`…, and a
//! text longer than a cell can hold (32 767 characters) is cut with `…`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, FormatBorder, RowNum, Workbook, Worksheet,
    XlsxError,
};

use super::table::{Cell, Rows};
use crate::i18n::Language;
use crate::{Error, ErrorKind, Result};

/// One sheet of the workbook: a name and its rows.
pub struct Sheet<'a> {
    /// Sheet name as the user sees it (cut to 31 characters; characters Excel
    /// forbids in names are replaced by `-`).
    pub name: String,
    /// The table.
    pub rows: &'a dyn Rows,
}

/// Data rows per sheet: Excel's 1 048 576 rows minus the header.
const MAX_DATA_ROWS: usize = 1_048_575;
/// Longest text a cell holds.
const MAX_TEXT_CHARS: usize = 32_767;
/// Rows looked at to fit column widths.
const WIDTH_SAMPLE_ROWS: usize = 2_000;

/// Writes the sheets as one XLSX workbook in memory.
///
/// `created` is stored as the document's creation time; passing it in (the
/// core never reads the clock) also makes the bytes reproducible.
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::export::{write_xlsx, Cell, Column, Sheet, Table};
/// use segmento::Language;
/// let mut table = Table::new(vec![Column::known("segment"), Column::known("customers")]);
/// table.push(vec![Cell::text("Champions"), Cell::Integer(312)]);
/// let created = NaiveDate::from_ymd_opt(2025, 1, 31).unwrap().and_hms_opt(9, 30, 0).unwrap();
/// let bytes = write_xlsx(&[Sheet { name: "Segments".into(), rows: &table }], Language::Fr, created).unwrap();
/// assert_eq!(&bytes[..2], b"PK");
/// ```
pub fn write_xlsx(
    sheets: &[Sheet<'_>],
    language: Language,
    created: NaiveDateTime,
) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let creation = ExcelDateTime::from_ymd(
        u16::try_from(created.year()).unwrap_or(1900),
        created.month() as u8,
        created.day() as u8,
    )
    .and_then(|day| {
        day.and_hms(
            created.hour() as u16,
            created.minute() as u8,
            created.second(),
        )
    })
    .map_err(xlsx_error)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&creation));

    let mut formats = Formats::new(language);
    let mut used_names: Vec<String> = Vec::new();
    let mut cells = Vec::new();
    for sheet in sheets {
        let total = sheet.rows.row_count();
        let parts = total.div_ceil(MAX_DATA_ROWS).max(1);
        for part in 0..parts {
            let base = if part == 0 {
                sheet.name.clone()
            } else {
                format!("{} ({})", sheet.name, part + 1)
            };
            let name = unique_sheet_name(&base, &used_names);
            used_names.push(name.to_lowercase());
            let worksheet = workbook.add_worksheet();
            worksheet.set_name(&name).map_err(xlsx_error)?;
            let range = part * MAX_DATA_ROWS..total.min((part + 1) * MAX_DATA_ROWS);
            write_sheet(
                worksheet,
                sheet.rows,
                range,
                language,
                &mut formats,
                &mut cells,
            )
            .map_err(xlsx_error)?;
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

fn write_sheet(
    worksheet: &mut Worksheet,
    rows: &dyn Rows,
    range: std::ops::Range<usize>,
    language: Language,
    formats: &mut Formats,
    cells: &mut Vec<Cell>,
) -> std::result::Result<(), XlsxError> {
    let columns = rows.columns();
    let mut widths: Vec<usize> = columns
        .iter()
        .map(|c| c.header(language).chars().count())
        .collect();
    for (col, column) in columns.iter().enumerate() {
        worksheet.write_string_with_format(
            0,
            col as ColNum,
            column.header(language),
            &formats.header,
        )?;
    }
    for (offset, index) in range.clone().enumerate() {
        rows.fill_row(index, cells);
        let row = (offset + 1) as RowNum;
        for (col, cell) in cells.iter().enumerate().take(columns.len()) {
            let col_num = col as ColNum;
            match cell {
                Cell::Text(text) => worksheet.write_string(row, col_num, fit_text(text))?,
                Cell::Integer(value) => worksheet.write_number_with_format(
                    row,
                    col_num,
                    *value as f64,
                    formats.get(Kind::Number(0)),
                )?,
                Cell::Number { value, decimals } if value.is_finite() => worksheet
                    .write_number_with_format(
                        row,
                        col_num,
                        *value,
                        formats.get(Kind::Number(*decimals)),
                    )?,
                Cell::Money(value) if value.is_finite() => worksheet.write_number_with_format(
                    row,
                    col_num,
                    *value,
                    formats.get(Kind::Money),
                )?,
                Cell::Percent { value, decimals } if value.is_finite() => worksheet
                    .write_number_with_format(
                        row,
                        col_num,
                        *value,
                        formats.get(Kind::Percent(*decimals)),
                    )?,
                Cell::Date(day) => {
                    let date = ExcelDateTime::from_ymd(
                        u16::try_from(day.year()).unwrap_or(1900),
                        day.month() as u8,
                        day.day() as u8,
                    )?;
                    worksheet.write_datetime_with_format(
                        row,
                        col_num,
                        &date,
                        formats.get(Kind::Date),
                    )?
                }
                Cell::Bool(value) => worksheet.write_boolean(row, col_num, *value)?,
                _ => worksheet,
            };
            if offset < WIDTH_SAMPLE_ROWS {
                widths[col] = widths[col].max(display_chars(cell));
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        worksheet.set_column_width(col as ColNum, (*width as f64 + 2.0).clamp(8.0, 60.0))?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    if !columns.is_empty() {
        let last_row = range.len() as RowNum;
        worksheet.autofilter(0, 0, last_row, (columns.len() - 1) as ColNum)?;
    }
    Ok(())
}

/// About how many characters a cell shows, for column widths.
fn display_chars(cell: &Cell) -> usize {
    match cell {
        Cell::Text(text) => text.chars().count().min(60),
        Cell::Integer(value) => value.to_string().len() + 2,
        Cell::Number { value, decimals } => {
            format!("{value:.0}").len() + usize::from(*decimals) + 3
        }
        Cell::Money(value) => format!("{value:.0}").len() + 7,
        Cell::Percent { decimals, .. } => usize::from(*decimals) + 6,
        Cell::Date(_) => 10,
        Cell::Bool(_) => 5,
        Cell::Empty => 0,
    }
}

/// The text, cut with `…` if longer than a cell can hold.
fn fit_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_TEXT_CHARS - 1) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}

/// A sheet name Excel accepts and that no earlier sheet has (names compare
/// case-insensitively in Excel).
fn unique_sheet_name(base: &str, used_lowercase: &[String]) -> String {
    let cleaned: String = base
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim();
    let cleaned = if cleaned.is_empty() { "Sheet" } else { cleaned };
    let mut attempt = 1;
    loop {
        let suffix = if attempt == 1 {
            String::new()
        } else {
            format!(" {attempt}")
        };
        let room = 31 - suffix.chars().count();
        let name: String = cleaned.chars().take(room).collect::<String>() + &suffix;
        if !used_lowercase.contains(&name.to_lowercase()) {
            return name;
        }
        attempt += 1;
    }
}

fn xlsx_error(err: XlsxError) -> Error {
    Error::new(ErrorKind::Format(
        format!("could not write the XLSX file: {err}").into(),
    ))
}

/// Number formats by cell kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Number(u8),
    Money,
    Percent(u8),
    Date,
}

/// The formats of one workbook, built once per kind.
struct Formats {
    language: Language,
    header: Format,
    by_kind: BTreeMap<Kind, Format>,
}

impl Formats {
    fn new(language: Language) -> Self {
        let header = Format::new()
            .set_bold()
            .set_background_color(0xE4E7EB)
            .set_border_bottom(FormatBorder::Thin);
        Formats {
            language,
            header,
            by_kind: BTreeMap::new(),
        }
    }

    fn get(&mut self, kind: Kind) -> &Format {
        let language = self.language;
        self.by_kind
            .entry(kind)
            .or_insert_with(|| Format::new().set_num_format(number_format(kind, language)))
    }
}

/// The Excel number format code of a kind. Codes always use `,` for
/// thousands and `.` for decimals; Excel shows them in the reader's locale.
fn number_format(kind: Kind, language: Language) -> String {
    let decimals = |n: u8| {
        if n == 0 {
            String::new()
        } else {
            format!(".{}", "0".repeat(usize::from(n)))
        }
    };
    match (kind, language) {
        (Kind::Number(n), _) => format!("#,##0{}", decimals(n)),
        (Kind::Money, Language::Fr) => "#,##0.00\\ \"€\"".to_string(),
        (Kind::Money, Language::En) => "\"€\"#,##0.00".to_string(),
        (Kind::Percent(n), _) => format!("0{}%", decimals(n)),
        (Kind::Date, Language::Fr) => "dd/mm/yyyy".to_string(),
        (Kind::Date, Language::En) => "yyyy-mm-dd".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        assert_eq!(unique_sheet_name("Clients", &[]), "Clients");
        assert_eq!(
            unique_sheet_name("Clients", &["clients".into()]),
            "Clients 2"
        );
        assert_eq!(unique_sheet_name("A/B: [x]?", &[]), "A-B- -x--");
        assert_eq!(unique_sheet_name("'quoted'", &[]), "quoted");
        assert_eq!(unique_sheet_name("", &[]), "Sheet");
        let long = "Répartition par segment RFM et par canal";
        let name = unique_sheet_name(long, &[]);
        assert_eq!(name.chars().count(), 31);
        let second = unique_sheet_name(long, &[name.to_lowercase()]);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with(" 2"));
    }

    #[test]
    fn number_format_codes() {
        assert_eq!(number_format(Kind::Number(0), Language::Fr), "#,##0");
        assert_eq!(number_format(Kind::Number(3), Language::En), "#,##0.000");
        assert_eq!(number_format(Kind::Percent(1), Language::Fr), "0.0%");
        assert_eq!(number_format(Kind::Money, Language::Fr), "#,##0.00\\ \"€\"");
        assert_eq!(number_format(Kind::Date, Language::Fr), "dd/mm/yyyy");
    }

    #[test]
    fn long_text_is_cut_to_the_cell_limit() {
        let text = "x".repeat(MAX_TEXT_CHARS + 10);
        let fitted = fit_text(&text);
        assert_eq!(fitted.chars().count(), MAX_TEXT_CHARS);
        assert!(fitted.ends_with('…'));
        assert_eq!(fit_text("court"), "court");
    }
}
