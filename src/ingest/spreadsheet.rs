//! `.xlsx`, `.xls` and `.ods` through calamine, in memory.

#[cfg(feature = "spreadsheets")]
use std::io::Cursor;

use calamine::{CellErrorType, Data, Range};
#[cfg(feature = "spreadsheets")]
use calamine::{Ods, Reader, Xls, Xlsb, Xlsx};

use super::date::plausible;
use super::engine::{Cell, Record};
use crate::error::{Error, ErrorKind, Result};

/// The spreadsheet format announced by the first bytes: a zip archive is
/// `.ods` when its first entry is the OpenDocument spreadsheet mimetype and
/// `.xlsx` otherwise; an OLE2 compound file is `.xls`.
pub(crate) fn detect_format(start: &[u8]) -> Option<&'static str> {
    if start.starts_with(b"PK\x03\x04") {
        let head = &start[..start.len().min(200)];
        let ods = head
            .windows(46)
            .any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet");
        return Some(if ods { "ods" } else { "xlsx" });
    }
    if start.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some("xls");
    }
    None
}

/// One sheet read into memory.
pub(crate) struct Sheet {
    /// Every sheet name, in workbook order.
    pub(crate) names: Vec<String>,
    /// The sheet read.
    pub(crate) name: String,
    /// Its cells.
    pub(crate) range: Range<Data>,
    /// Notes about the choice of sheet.
    pub(crate) notes: Vec<crate::labels::Note>,
}

impl Sheet {
    /// The 1-based spreadsheet row number of the range's first row.
    pub(crate) fn first_row_number(&self) -> u64 {
        self.range.start().map_or(1, |(row, _)| u64::from(row) + 1)
    }
}

#[cfg(feature = "spreadsheets")]
fn unreadable(format: &str, err: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Format(
        crate::error_messages::WORKBOOK_UNREADABLE.with(&[("format", &format), ("detail", &err)]),
    ))
}

#[cfg(feature = "spreadsheets")]
fn read_sheet<R: Reader<Cursor<Vec<u8>>>>(
    mut workbook: R,
    format: &str,
    wanted: Option<&str>,
) -> Result<Sheet>
where
    R::Error: std::fmt::Display,
{
    let names = workbook.sheet_names();
    if names.is_empty() {
        return Err(Error::new(ErrorKind::Format(
            crate::error_messages::WORKBOOK_NO_SHEET.with(&[("format", &format)]),
        )));
    }
    let mut notes = Vec::new();
    if let Some(wanted) = wanted {
        let name = names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.trim().eq_ignore_ascii_case(wanted.trim()))
            })
            .cloned()
            .ok_or_else(|| {
                let list: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                Error::invalid_params(
                    "input.sheet",
                    crate::error_messages::SHEET_NOT_NAMED
                        .with(&[("name", &wanted), ("sheets", &list.join(", "))]),
                )
            })?;
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| unreadable(format, e))?;
        return Ok(Sheet {
            names,
            name,
            range,
            notes,
        });
    }
    for (position, name) in names.iter().enumerate() {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| unreadable(format, e))?;
        let has_data = range
            .rows()
            .any(|row| row.iter().any(|cell| !SheetRow(row).is_blank_cell(cell)));
        if has_data {
            if position > 0 {
                notes.push(super::notes::sheet_after_empty(name));
            } else if names.len() > 1 {
                notes.push(super::notes::sheet_of_many(name, names.len()));
            }
            return Ok(Sheet {
                names: names.clone(),
                name: name.clone(),
                range,
                notes,
            });
        }
    }
    Err(Error::new(ErrorKind::Format(
        crate::error_messages::WORKBOOK_ALL_EMPTY.with(&[("format", &format)]),
    )))
}

/// Open the workbook and read the requested (or first non-empty) sheet.
#[cfg(not(feature = "spreadsheets"))]
pub(crate) fn open(_bytes: Vec<u8>, format: &str, _wanted: Option<&str>) -> Result<Sheet> {
    // The page's main wasm module leaves calamine's readers out (they are
    // most of its size); its spreadsheet module (`xlsx/`) reads workbooks.
    Err(Error::new(ErrorKind::Format(
        format!(
            "this build does not read spreadsheets: the {format} workbook must be read by the spreadsheet module"
        )
        .into(),
    )))
}

/// Open the workbook and read the requested (or first non-empty) sheet.
#[cfg(feature = "spreadsheets")]
pub(crate) fn open(bytes: Vec<u8>, format: &str, wanted: Option<&str>) -> Result<Sheet> {
    match format {
        "xls" => {
            let workbook = Xls::new(Cursor::new(bytes)).map_err(|e| unreadable(format, e))?;
            read_sheet(workbook, format, wanted)
        }
        "ods" => {
            let workbook = Ods::new(Cursor::new(bytes)).map_err(|e| unreadable(format, e))?;
            read_sheet(workbook, format, wanted)
        }
        _ => match Xlsx::new(Cursor::new(bytes.clone())) {
            Ok(workbook) => read_sheet(workbook, format, wanted),
            Err(xlsx_error) => match Xlsb::new(Cursor::new(bytes)) {
                Ok(workbook) => read_sheet(workbook, "xlsb", wanted),
                Err(_) => Err(unreadable(format, xlsx_error)),
            },
        },
    }
}

/// One spreadsheet row as a [`Record`].
pub(crate) struct SheetRow<'a>(pub(crate) &'a [Data]);

impl SheetRow<'_> {
    #[cfg(feature = "spreadsheets")]
    fn is_blank_cell(&self, cell: &Data) -> bool {
        match cell {
            Data::Empty => true,
            Data::String(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}

fn error_text(error: &CellErrorType) -> &'static [u8] {
    match error {
        CellErrorType::Div0 => b"#DIV/0!",
        CellErrorType::NA => b"#N/A",
        CellErrorType::Name => b"#NAME?",
        CellErrorType::Null => b"#NULL!",
        CellErrorType::Num => b"#NUM!",
        CellErrorType::Ref => b"#REF!",
        CellErrorType::Value => b"#VALUE!",
        CellErrorType::GettingData => b"#DATA!",
    }
}

impl Record for SheetRow<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn cell(&self, index: usize) -> Cell<'_> {
        match self.0.get(index) {
            None | Some(Data::Empty) => Cell::Empty,
            Some(Data::String(text))
            | Some(Data::DateTimeIso(text))
            | Some(Data::DurationIso(text)) => Cell::Text(text.as_bytes()),
            Some(&Data::Float(value)) => Cell::Number(value),
            Some(&Data::Int(value)) => Cell::Number(value as f64),
            Some(Data::DateTime(value)) => {
                if value.is_datetime() {
                    match value.as_datetime().and_then(|dt| plausible(dt.date())) {
                        Some(day) => Cell::Date(day),
                        None => Cell::Number(value.as_f64()),
                    }
                } else {
                    Cell::Number(value.as_f64())
                }
            }
            Some(Data::Bool(true)) => Cell::Text(b"TRUE"),
            Some(Data::Bool(false)) => Cell::Text(b"FALSE"),
            Some(Data::Error(error)) => Cell::Text(error_text(error)),
        }
    }
}
