//! The workbook's sheets as one compact byte buffer, so that the page's
//! main wasm module (which has the results) can hand them to its
//! spreadsheet module (which has the XLSX writer) without either one
//! linking the other's code.
//!
//! The encoding is exact (numbers as their IEEE 754 bits, dates as day
//! numbers), so [`write_xlsx`](super::write_xlsx) over the unpacked sheets
//! writes the same bytes as over the original ones: the browser's workbook
//! equals the native one.
//!
//! Layout, little-endian: the magic `SGWB1`, the sheet count (`u32`), then
//! per sheet its name, its column count (`u32`) and each column's key,
//! French and English headers, its row count (`u32`) and every row's cells,
//! one per column. A text is its byte length (`u32`) and UTF-8 bytes; a
//! cell is a tag byte and its value.
//!
//! ```
//! use segmento::export::{pack_sheets, unpack_sheets, Cell, Column, Rows, Sheet, Table};
//! let mut table = Table::new(vec![Column::known("segment"), Column::known("customers")]);
//! table.push(vec![Cell::text("Champions"), Cell::Integer(312)]);
//! let packed = pack_sheets(&[Sheet { name: "Segments".into(), rows: &table }]);
//! let sheets = unpack_sheets(&packed)?;
//! assert_eq!(sheets[0].name, "Segments");
//! let mut row = Vec::new();
//! sheets[0].fill_row(0, &mut row);
//! assert_eq!(row, table.rows[0]);
//! assert!(unpack_sheets(&packed[..packed.len() - 1]).is_err());
//! # Ok::<(), segmento::Error>(())
//! ```

use chrono::{Datelike, NaiveDate};

use super::reserve_for_rows;
use super::table::{Cell, Column, Rows};
use super::xlsx::Sheet;
use crate::{Error, ErrorKind, Result};

const MAGIC: &[u8] = b"SGWB1";

const TAG_EMPTY: u8 = 0;
const TAG_TEXT: u8 = 1;
const TAG_INTEGER: u8 = 2;
const TAG_NUMBER: u8 = 3;
const TAG_MONEY: u8 = 4;
const TAG_PERCENT: u8 = 5;
const TAG_DATE: u8 = 6;
const TAG_BOOL: u8 = 7;

/// Packs the sheets, every row read once through [`Rows::fill_row`]; the
/// buffer is sized from a large sheet's first rows (as for `csv_bytes`).
pub fn pack_sheets(sheets: &[Sheet<'_>]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    put_len(&mut out, sheets.len());
    let mut row = Vec::new();
    for sheet in sheets {
        put_text(&mut out, &sheet.name);
        let columns = sheet.rows.columns();
        put_len(&mut out, columns.len());
        for column in columns {
            put_text(&mut out, &column.key);
            put_text(&mut out, &column.header_fr);
            put_text(&mut out, &column.header_en);
        }
        let count = sheet.rows.row_count();
        put_len(&mut out, count);
        let rows_start = out.len();
        for index in 0..count {
            sheet.rows.fill_row(index, &mut row);
            row.resize(columns.len(), Cell::Empty);
            for cell in &row {
                put_cell(&mut out, cell);
            }
            reserve_for_rows(&mut out, rows_start, index + 1, count);
        }
    }
    out
}

/// One unpacked sheet: its name and columns, and its rows still packed
/// (decoded one at a time by [`Rows::fill_row`], so a large customer sheet
/// is never held as cells).
#[derive(Debug, Clone, PartialEq)]
pub struct PackedSheet<'a> {
    /// The sheet's name.
    pub name: String,
    columns: Vec<Column>,
    /// Where each row's first cell starts in `bytes`.
    row_starts: Vec<usize>,
    bytes: &'a [u8],
}

impl Rows for PackedSheet<'_> {
    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn row_count(&self) -> usize {
        self.row_starts.len()
    }

    fn fill_row(&self, index: usize, row: &mut Vec<Cell>) {
        row.clear();
        if let Some(&start) = self.row_starts.get(index) {
            let mut reader = Reader {
                bytes: self.bytes,
                at: start,
            };
            for _ in 0..self.columns.len() {
                // Every row was decoded once by `unpack_sheets`: this cannot fail.
                row.push(reader.cell().unwrap_or_default());
            }
        }
        row.resize(self.columns.len(), Cell::Empty);
    }
}

/// Reads what [`pack_sheets`] wrote, checking every cell, so a damaged or
/// truncated buffer is an error naming the byte where it goes wrong.
pub fn unpack_sheets(bytes: &[u8]) -> Result<Vec<PackedSheet<'_>>> {
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(MAGIC.len()) != Some(MAGIC) {
        return Err(damaged(0, "it does not start with SGWB1"));
    }
    let sheet_count = reader.len().ok_or_else(|| reader.damaged())?;
    let mut sheets = Vec::new();
    for _ in 0..sheet_count {
        let name = reader.text().ok_or_else(|| reader.damaged())?;
        let column_count = reader.len().ok_or_else(|| reader.damaged())?;
        let mut columns = Vec::new();
        for _ in 0..column_count {
            let mut header = || reader.text().ok_or_else(|| reader.damaged());
            let (key, french, english) = (header()?, header()?, header()?);
            columns.push(Column::new(key, french, english));
        }
        let row_count = reader.len().ok_or_else(|| reader.damaged())?;
        let mut row_starts = Vec::new();
        for _ in 0..row_count {
            row_starts.push(reader.at);
            for _ in 0..column_count {
                reader.cell().ok_or_else(|| reader.damaged())?;
            }
        }
        sheets.push(PackedSheet {
            name,
            columns,
            row_starts,
            bytes,
        });
    }
    if reader.at != bytes.len() {
        return Err(damaged(reader.at, "bytes follow the last sheet"));
    }
    Ok(sheets)
}

fn damaged(at: usize, what: &str) -> Error {
    Error::new(ErrorKind::Format(
        format!("the packed workbook sheets are damaged at byte {at}: {what}").into(),
    ))
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    // Sheets, columns, rows and texts stay far below 4 GiB: wasm32's whole memory.
    out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    put_len(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

fn put_cell(out: &mut Vec<u8>, cell: &Cell) {
    match cell {
        Cell::Empty => out.push(TAG_EMPTY),
        Cell::Text(text) => {
            out.push(TAG_TEXT);
            put_text(out, text);
        }
        Cell::Integer(value) => {
            out.push(TAG_INTEGER);
            out.extend_from_slice(&value.to_le_bytes());
        }
        Cell::Number { value, decimals } => put_float(out, TAG_NUMBER, *value, Some(*decimals)),
        Cell::Money(value) => put_float(out, TAG_MONEY, *value, None),
        Cell::Percent { value, decimals } => put_float(out, TAG_PERCENT, *value, Some(*decimals)),
        Cell::Date(day) => {
            out.push(TAG_DATE);
            out.extend_from_slice(&day.num_days_from_ce().to_le_bytes());
        }
        Cell::Bool(value) => out.extend_from_slice(&[TAG_BOOL, u8::from(*value)]),
    }
}

/// A float cell: its tag, its IEEE 754 bits (NaN and -0.0 survive), and
/// its decimals when it has some.
fn put_float(out: &mut Vec<u8>, tag: u8, value: f64, decimals: Option<u8>) {
    out.push(tag);
    out.extend_from_slice(&value.to_bits().to_le_bytes());
    out.extend(decimals);
}

/// A position in the packed bytes; every read is `None` past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn damaged(&self) -> Error {
        damaged(self.at, "a value is cut short or invalid")
    }

    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(count)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.array::<1>()?[0])
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(u32::from_le_bytes(self.array()?)).ok()
    }

    fn float(&mut self) -> Option<f64> {
        Some(f64::from_bits(u64::from_le_bytes(self.array()?)))
    }

    fn text(&mut self) -> Option<String> {
        let len = self.len()?;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }

    fn cell(&mut self) -> Option<Cell> {
        Some(match self.byte()? {
            TAG_EMPTY => Cell::Empty,
            TAG_TEXT => Cell::Text(self.text()?),
            TAG_INTEGER => Cell::Integer(i64::from_le_bytes(self.array()?)),
            TAG_NUMBER => {
                let value = self.float()?;
                Cell::Number {
                    value,
                    decimals: self.byte()?,
                }
            }
            TAG_MONEY => Cell::Money(self.float()?),
            TAG_PERCENT => {
                let value = self.float()?;
                Cell::Percent {
                    value,
                    decimals: self.byte()?,
                }
            }
            TAG_DATE => Cell::Date(NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(
                self.array()?,
            ))?),
            TAG_BOOL => Cell::Bool(match self.byte()? {
                0 => false,
                1 => true,
                _ => return None,
            }),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Table;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// One cell of every kind, with the values an encoding most easily
    /// bends: -0.0, NaN, the smallest subnormal, i64's extremes, a date
    /// before the common era, text with multi-byte characters.
    fn every_kind() -> Table {
        let mut table = Table::new(vec![
            Column::new("id", "N° client", "Customer"),
            Column::known("monetary"),
            Column::new("x", "", "é€😀"),
        ]);
        table.push(vec![
            Cell::text("C😀-é"),
            Cell::Money(-0.0),
            Cell::number(f64::NAN, 4),
        ]);
        table.push(vec![
            Cell::Integer(i64::MIN),
            Cell::Integer(i64::MAX),
            Cell::percent(f64::from_bits(1), 255),
        ]);
        table.push(vec![
            Cell::Date(day(-44, 3, 15)),
            Cell::Date(day(2024, 2, 29)),
            Cell::Bool(true),
        ]);
        // Short and long rows: packed as the writers see them, one cell per column.
        table.push(vec![Cell::Bool(false)]);
        table.push(vec![
            Cell::Empty,
            Cell::text(""),
            Cell::Empty,
            Cell::Integer(9),
        ]);
        table
    }

    fn packed() -> Vec<u8> {
        let table = every_kind();
        let empty = Table::new(Vec::new());
        pack_sheets(&[
            Sheet {
                name: "Clients".into(),
                rows: &table,
            },
            Sheet {
                name: "Vide".into(),
                rows: &empty,
            },
        ])
    }

    /// Cells compared by their bits, so NaN equals itself and -0.0 differs from 0.0.
    fn bits(cell: &Cell) -> String {
        match cell {
            Cell::Number { value, decimals } => format!("number {:x} {decimals}", value.to_bits()),
            Cell::Money(value) => format!("money {:x}", value.to_bits()),
            Cell::Percent { value, decimals } => {
                format!("percent {:x} {decimals}", value.to_bits())
            }
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn every_cell_comes_back_bit_for_bit() {
        let bytes = packed();
        let sheets = unpack_sheets(&bytes).unwrap();
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[0].name, "Clients");
        assert_eq!(sheets[0].columns(), every_kind().columns.as_slice());
        assert_eq!(sheets[0].row_count(), 5);
        let expected = [
            vec![
                Cell::text("C😀-é"),
                Cell::Money(-0.0),
                Cell::number(f64::NAN, 4),
            ],
            vec![
                Cell::Integer(i64::MIN),
                Cell::Integer(i64::MAX),
                Cell::percent(f64::from_bits(1), 255),
            ],
            vec![
                Cell::Date(day(-44, 3, 15)),
                Cell::Date(day(2024, 2, 29)),
                Cell::Bool(true),
            ],
            vec![Cell::Bool(false), Cell::Empty, Cell::Empty],
            vec![Cell::Empty, Cell::text(""), Cell::Empty],
        ];
        let mut row = Vec::new();
        // Rows decode in any order, each from its own start.
        for index in (0..expected.len()).rev() {
            sheets[0].fill_row(index, &mut row);
            let got: Vec<String> = row.iter().map(bits).collect();
            let want: Vec<String> = expected[index].iter().map(bits).collect();
            assert_eq!(got, want, "row {index}");
        }
        assert_eq!(sheets[1].name, "Vide");
        assert_eq!((sheets[1].columns().len(), sheets[1].row_count()), (0, 0));
    }

    #[test]
    fn the_layout_is_the_documented_one() {
        let table = {
            let mut table = Table::new(vec![Column::new("k", "F", "E")]);
            table.push(vec![Cell::Bool(true)]);
            table
        };
        let bytes = pack_sheets(&[Sheet {
            name: "S".into(),
            rows: &table,
        }]);
        let mut expected = b"SGWB1".to_vec();
        expected.extend([1, 0, 0, 0, 1, 0, 0, 0, b'S', 1, 0, 0, 0]);
        expected.extend([1, 0, 0, 0, b'k', 1, 0, 0, 0, b'F', 1, 0, 0, 0, b'E']);
        expected.extend([1, 0, 0, 0, TAG_BOOL, 1]);
        assert_eq!(bytes, expected);
    }

    #[test]
    fn a_cut_or_damaged_buffer_is_an_error_not_a_panic() {
        let bytes = packed();
        for len in 0..bytes.len() {
            let err = unpack_sheets(&bytes[..len]).unwrap_err();
            assert!(err.to_string().contains("damaged at byte"), "{len}: {err}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        let err = unpack_sheets(&longer).unwrap_err().to_string();
        assert!(err.contains(&format!("byte {}", bytes.len())), "{err}");

        // The first cell's tag (after magic, counts, "Clients" and the headers).
        let first_tag = bytes
            .windows(8)
            .position(|w| w == [5, 0, 0, 0, TAG_TEXT, 8, 0, 0])
            .unwrap()
            + 4;
        let mut bad_tag = bytes.clone();
        bad_tag[first_tag] = 42;
        assert!(unpack_sheets(&bad_tag).is_err());
        let mut bad_bool = every_kind();
        bad_bool.rows.truncate(0);
        bad_bool.push(vec![Cell::Bool(true), Cell::Empty, Cell::Empty]);
        let mut bytes = pack_sheets(&[Sheet {
            name: "B".into(),
            rows: &bad_bool,
        }]);
        let at = bytes.len() - 3;
        assert_eq!(bytes[at - 1..at + 1], [TAG_BOOL, 1]);
        bytes[at] = 2;
        assert!(unpack_sheets(&bytes).is_err());
    }
}
