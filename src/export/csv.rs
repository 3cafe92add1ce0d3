//! CSV writers in two dialects.
//!
//! | | standard | Excel (FR) |
//! |---|---|---|
//! | encoding | UTF-8, no BOM | UTF-8 with BOM (so Excel detects UTF-8) |
//! | delimiter | `,` | `;` (French Excel's list separator) |
//! | decimals | `1234.56` | `1234,56` |
//! | dates | `2024-03-12` (ISO 8601) | `12/03/2024` |
//! | yes/no | `true` / `false` | `oui` / `non` |
//! | header | column keys | French headers |
//!
//! Both write no thousands separator (Excel reads `1 234,56` as text), end
//! records with CRLF and quote as RFC 4180 says: a field containing the
//! delimiter, a quote, CR or LF is enclosed in double quotes, inner quotes
//! doubled. Shares are written as shares (`0.18`), money with two decimals,
//! missing or non-finite numbers as an empty field.
//!
//! Dates in the French dialect are day first because that is what a French
//! Excel shows and parses as a date; a program re-reading the file should use
//! the standard dialect, whose ISO dates are unambiguous.
//!
//! **Formula injection.** A spreadsheet opening a CSV runs any field that
//! starts with `=`, `+`, `-` or `@` (or a tab or CR) as a formula. Customer
//! names and ids come from outside, so in both dialects a *text* cell
//! starting with one of those characters gets a leading `'`, which Excel shows
//! as plain text (OWASP, "CSV Injection"). Numbers, money, dates and
//! percentages are typed cells and are never altered: `-12.5` stays `-12.5`.

use std::io::Write;
use std::ops::Range;

use chrono::Datelike;

use super::reserve_for_rows;
use super::table::{Cell, Rows};
use crate::i18n::Language;
use crate::Result;

/// The two CSV flavours offered to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// UTF-8, `,`, dot decimals, ISO dates, keys as headers: for programs.
    #[default]
    Standard,
    /// UTF-8 with BOM, `;`, decimal comma, dd/mm/yyyy, French headers: opens
    /// correctly by double-click in a French Excel.
    ExcelFr,
}

impl CsvDialect {
    fn delimiter(self) -> u8 {
        match self {
            CsvDialect::Standard => b',',
            CsvDialect::ExcelFr => b';',
        }
    }

    fn decimal_comma(self) -> bool {
        self == CsvDialect::ExcelFr
    }
}

/// Writes `rows` as CSV in `dialect` to `out`, row by row.
///
/// ```
/// use segmento::export::{write_csv, Cell, Column, CsvDialect, Table};
/// let mut table = Table::new(vec![Column::known("customer_id"), Column::known("monetary")]);
/// table.push(vec![Cell::text("=HYPERLINK(\"x\")"), Cell::Money(-12.5)]);
/// let mut out = Vec::new();
/// write_csv(&table, CsvDialect::ExcelFr, &mut out).unwrap();
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "\u{feff}Identifiant client;Montant\r\n\"'=HYPERLINK(\"\"x\"\")\";-12,50\r\n"
/// );
/// ```
pub fn write_csv(rows: &dyn Rows, dialect: CsvDialect, out: &mut dyn Write) -> Result<()> {
    let mut out = std::io::BufWriter::new(out);
    write_lines(rows, dialect, 0..rows.row_count(), |line, _| {
        out.write_all(line)
    })?;
    out.flush()?;
    Ok(())
}

/// The CSV as bytes, for a download.
///
/// The buffer is sized from the first rows ([`reserve_for_rows`]) instead
/// of doubling: in wasm, whose memory never shrinks, a doubled buffer and
/// its copy would stay as up to three times the file's size.
pub fn csv_bytes(rows: &dyn Rows, dialect: CsvDialect) -> Result<Vec<u8>> {
    csv_part(rows, dialect, 0..rows.row_count())
}

/// Part of the CSV: the rows `range` (cut to the rows there are), after
/// the BOM and header when the range starts at row 0. The parts of
/// consecutive ranges put end to end are [`csv_bytes`]: the page hands a
/// large list over in parts, so that the whole file never sits in wasm
/// memory, which never shrinks.
///
/// ```
/// use segmento::export::{csv_bytes, csv_part, Cell, Column, CsvDialect, Table};
/// let mut table = Table::new(vec![Column::known("customer_id")]);
/// for id in ["C1", "C2", "C3"] {
///     table.push(vec![Cell::text(id)]);
/// }
/// let first = csv_part(&table, CsvDialect::Standard, 0..2).unwrap();
/// let rest = csv_part(&table, CsvDialect::Standard, 2..10).unwrap();
/// assert_eq!(first, b"customer_id\r\nC1\r\nC2\r\n");
/// assert_eq!(rest, b"C3\r\n");
/// assert_eq!([first, rest].concat(), csv_bytes(&table, CsvDialect::Standard).unwrap());
/// ```
pub fn csv_part(rows: &dyn Rows, dialect: CsvDialect, range: Range<usize>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut body_start = 0;
    let range = range.start.min(rows.row_count())..range.end.min(rows.row_count());
    let total = range.len();
    write_lines(rows, dialect, range, |line, rows_done| {
        out.extend_from_slice(line);
        match rows_done {
            0 => body_start = out.len(),
            done => reserve_for_rows(&mut out, body_start, done, total),
        }
        Ok(())
    })?;
    Ok(out)
}

/// Writes the BOM and header when `range` starts at row 0, then each row
/// of `range` (`range.end <= rows.row_count()`), as lines handed to `emit` with the number
/// of data rows written once the line is out (0 for the header).
fn write_lines(
    rows: &dyn Rows,
    dialect: CsvDialect,
    range: Range<usize>,
    mut emit: impl FnMut(&[u8], usize) -> std::io::Result<()>,
) -> Result<()> {
    let mut line = String::with_capacity(256);
    if range.start == 0 {
        write_header(rows, dialect, &mut line);
        emit(line.as_bytes(), 0)?;
    }
    let mut cells = Vec::with_capacity(rows.columns().len());
    let mut field = String::with_capacity(32);
    for (done, index) in range.enumerate() {
        rows.fill_row(index, &mut cells);
        line.clear();
        for (position, cell) in cells.iter().enumerate() {
            if position > 0 {
                line.push(char::from(dialect.delimiter()));
            }
            field.clear();
            write_cell(&mut field, cell, dialect);
            if let Cell::Text(_) = cell {
                push_field(&mut line, &field, dialect.delimiter());
            } else {
                line.push_str(&field);
            }
        }
        line.push_str("\r\n");
        emit(line.as_bytes(), done + 1)?;
    }
    Ok(())
}

/// The BOM (Excel's dialect) and the header line, into `line`.
fn write_header(rows: &dyn Rows, dialect: CsvDialect, line: &mut String) {
    line.clear();
    if dialect == CsvDialect::ExcelFr {
        line.push('\u{feff}');
    }
    for (index, column) in rows.columns().iter().enumerate() {
        if index > 0 {
            line.push(char::from(dialect.delimiter()));
        }
        let header = match dialect {
            CsvDialect::Standard => &column.key,
            CsvDialect::ExcelFr => &column.header_fr,
        };
        push_field(line, header, dialect.delimiter());
    }
    line.push_str("\r\n");
}

/// The field text of one cell, before quoting.
fn write_cell(field: &mut String, cell: &Cell, dialect: CsvDialect) {
    match cell {
        Cell::Text(text) => {
            if starts_like_a_formula(text) {
                field.push('\'');
            }
            field.push_str(text);
        }
        Cell::Integer(value) => field.push_str(&value.to_string()),
        Cell::Number { value, decimals } => {
            push_plain(field, *value, usize::from(*decimals), dialect)
        }
        Cell::Money(value) => push_plain(field, *value, 2, dialect),
        Cell::Percent { value, decimals } => {
            push_plain(field, *value, usize::from(*decimals) + 2, dialect)
        }
        Cell::Date(day) => field.push_str(&match dialect {
            CsvDialect::Standard => {
                format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
            }
            CsvDialect::ExcelFr => crate::format::date(*day, Language::Fr),
        }),
        Cell::Bool(value) => field.push_str(match (dialect, value) {
            (CsvDialect::Standard, true) => "true",
            (CsvDialect::Standard, false) => "false",
            (CsvDialect::ExcelFr, true) => "oui",
            (CsvDialect::ExcelFr, false) => "non",
        }),
        Cell::Empty => {}
    }
}

/// A number with fixed decimals, no grouping, never `-0`; empty when not finite.
fn push_plain(field: &mut String, value: f64, decimals: usize, dialect: CsvDialect) {
    if !value.is_finite() {
        return;
    }
    let mut text = format!("{value:.decimals$}");
    if text.starts_with('-') && text.bytes().skip(1).all(|b| b == b'0' || b == b'.') {
        text.remove(0);
    }
    if dialect.decimal_comma() {
        text = text.replace('.', ",");
    }
    field.push_str(&text);
}

/// Whether a spreadsheet would read this text as a formula (OWASP CSV injection).
fn starts_like_a_formula(text: &str) -> bool {
    matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Appends `text` as one field, quoted when RFC 4180 requires it.
fn push_field(line: &mut String, text: &str, delimiter: u8) {
    let needs_quotes = text
        .bytes()
        .any(|b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
    if needs_quotes {
        line.push('"');
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{Column, Table};
    use chrono::NaiveDate;

    fn sample() -> Table {
        let mut table = Table::new(vec![
            Column::known("customer_id"),
            Column::known("last_purchase"),
            Column::known("monetary"),
            Column::known("share_revenue"),
            Column::known("p_alive"),
            Column::known("lapsed"),
            Column::known("name"),
        ]);
        table.push(vec![
            Cell::text("C001"),
            Cell::Date(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()),
            Cell::Money(1234.5),
            Cell::percent(0.1834, 1),
            Cell::number(0.87654, 3),
            Cell::Bool(false),
            Cell::text("Dupont, \"Jean\""),
        ]);
        table.push(vec![
            Cell::text("-42"),
            Cell::Empty,
            Cell::Money(-0.001),
            Cell::percent(f64::NAN, 0),
            Cell::number(-3.25, 1),
            Cell::Bool(true),
            Cell::text("ligne 1\nligne 2; fin"),
        ]);
        table
    }

    fn written(dialect: CsvDialect) -> String {
        String::from_utf8(csv_bytes(&sample(), dialect).unwrap()).unwrap()
    }

    #[test]
    fn standard_dialect() {
        // 0.1834 as a share with 1 + 2 decimals → 0.183; 0.87654 with 3 → 0.877;
        // -3.25 with 1 decimal: -3.25 is exact, ties to even → -3.2;
        // -0.001 money rounds to 0.00, written without a sign.
        let expected = "customer_id,last_purchase,monetary,share_revenue,p_alive,lapsed,name\r\n\
                        C001,2024-03-05,1234.50,0.183,0.877,false,\"Dupont, \"\"Jean\"\"\"\r\n\
                        '-42,,0.00,,-3.2,true,\"ligne 1\nligne 2; fin\"\r\n";
        assert_eq!(written(CsvDialect::Standard), expected);
    }

    #[test]
    fn excel_fr_dialect() {
        let expected = "\u{feff}Identifiant client;Dernier achat;Montant;Part du CA;\
                        Probabilité d'être actif;Perdu;Nom\r\n\
                        C001;05/03/2024;1234,50;0,183;0,877;non;\"Dupont, \"\"Jean\"\"\"\r\n\
                        '-42;;0,00;;-3,2;oui;\"ligne 1\nligne 2; fin\"\r\n";
        assert_eq!(written(CsvDialect::ExcelFr), expected);
    }

    #[test]
    fn formula_guard_covers_text_only() {
        for text in ["=1+1", "+33 6 12", "-x", "@SUM(A1)", "\tx", "\rx"] {
            assert!(starts_like_a_formula(text), "{text:?}");
        }
        for text in ["Dupont", "1=1", "", " =x"] {
            assert!(!starts_like_a_formula(text), "{text:?}");
        }
        let mut table = Table::new(vec![Column::known("monetary"), Column::known("name")]);
        table.push(vec![Cell::Money(-5.0), Cell::text("@evil")]);
        let text = String::from_utf8(csv_bytes(&table, CsvDialect::Standard).unwrap()).unwrap();
        assert_eq!(text, "monetary,name\r\n-5.00,'@evil\r\n");
    }

    #[test]
    fn output_reads_back_with_a_csv_parser() {
        // Parse the standard output with csv-core (an independent RFC 4180 reader).
        let bytes = csv_bytes(&sample(), CsvDialect::Standard).unwrap();
        let mut reader = csv_core::Reader::new();
        let mut fields = Vec::new();
        let mut input = &bytes[..];
        let mut output = [0u8; 1024];
        let mut ends = [0usize; 16];
        loop {
            let (result, read, _, n_ends) = reader.read_record(input, &mut output, &mut ends);
            input = &input[read..];
            match result {
                csv_core::ReadRecordResult::Record => {
                    let mut start = 0;
                    let record: Vec<String> = ends[..n_ends]
                        .iter()
                        .map(|&end| {
                            let field = String::from_utf8(output[start..end].to_vec()).unwrap();
                            start = end;
                            field
                        })
                        .collect();
                    fields.push(record);
                }
                csv_core::ReadRecordResult::End => break,
                csv_core::ReadRecordResult::InputEmpty => {
                    if input.is_empty() {
                        let (result, _, _, _) = reader.read_record(&[], &mut output, &mut ends);
                        if result == csv_core::ReadRecordResult::End {
                            break;
                        }
                    }
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(fields.len(), 3);
        assert_eq!(fields[1][6], "Dupont, \"Jean\"");
        assert_eq!(fields[2][6], "ligne 1\nligne 2; fin");
    }
}
