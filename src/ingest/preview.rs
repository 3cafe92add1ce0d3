//! What the mapping screen shows before the real ingestion.

use std::collections::BTreeMap;

use super::date::{date_of, scan_date};
use super::engine::{
    is_blank, make_plan, Cell, DateColumn, NumberColumn, Plan, Record, SAMPLE_ROWS,
};
use super::ingestor::{
    default_decimal, delimiter_name, header_texts, read_text_rows, sample_texts, text_dialect,
    validate_options,
};
use super::number::{parse_amount, parse_count};
use super::options::{IngestOptions, Role, Shape};
use super::report::{CellValue, Preview, PreviewCell, PreviewRow};
use super::spreadsheet::{self, SheetRow};
use crate::error::{Error, ErrorKind, Result};

/// Text input shorter than this is taken to be the whole file; longer input
/// is taken to be the start of a file, whose last line may be cut.
pub const PREVIEW_WHOLE_FILE_BELOW: usize = 256 * 1024;

/// Column decisions made from every row of the preview.
struct Decisions {
    date: Option<DateColumn>,
    first_date: Option<DateColumn>,
    amount: Option<NumberColumn>,
    margin: Option<NumberColumn>,
}

impl Decisions {
    fn new(plan: &Plan, options: &IngestOptions) -> Self {
        let (date_role, amount_role, margin_role) = match plan.shape {
            Shape::Orders => (Role::OrderDate, Role::Amount, Role::Margin),
            Shape::Customers => (Role::LastPurchase, Role::TotalAmount, Role::TotalMargin),
        };
        let given = options.decimal_separator.map(|c| c as u8);
        let column = |role| plan.columns.get(&role).copied();
        Decisions {
            date: column(date_role).map(|i| DateColumn::new(i, options.date_order)),
            first_date: column(Role::FirstPurchase)
                .filter(|_| plan.shape == Shape::Customers)
                .map(|i| DateColumn::new(i, options.date_order)),
            amount: column(amount_role).map(|i| NumberColumn::new(i, given)),
            margin: column(margin_role).map(|i| NumberColumn::new(i, given)),
        }
    }

    fn observe(&mut self, line: u64, record: &impl Record) {
        for date in [&mut self.date, &mut self.first_date].into_iter().flatten() {
            date.observe(line, record.cell(date.index));
        }
        for number in [&mut self.amount, &mut self.margin].into_iter().flatten() {
            number.observe(record.cell(number.index));
        }
    }

    fn force_defaults(&mut self, decimal: u8) {
        for date in [&mut self.date, &mut self.first_date].into_iter().flatten() {
            if date.day_first.is_none() {
                date.day_first = Some(true);
                date.assumed = true;
            }
        }
        let amount_decimal = self.amount.as_ref().and_then(|a| a.decimal);
        if let Some(amount) = &mut self.amount {
            amount.decimal.get_or_insert(decimal);
        }
        if let Some(margin) = &mut self.margin {
            margin
                .decimal
                .get_or_insert(amount_decimal.unwrap_or(decimal));
        }
    }
}

fn separator_name(decimal: u8) -> &'static str {
    if decimal == b',' {
        ","
    } else {
        "."
    }
}

fn preview_cell(role: Role, cell: Cell<'_>, decisions: &mut Decisions, plan: &Plan) -> PreviewCell {
    let raw = cell.text().into_owned();
    let required = matches!(
        role,
        Role::CustomerId
            | Role::OrderDate
            | Role::Amount
            | Role::LastPurchase
            | Role::OrderCount
            | Role::TotalAmount
    );
    if cell.is_blank() {
        let error = required.then(|| "empty".to_string());
        return PreviewCell {
            raw,
            value: None,
            error,
        };
    }
    let (value, error) = match role {
        Role::OrderDate | Role::LastPurchase | Role::FirstPurchase => {
            let column = if role == Role::FirstPurchase {
                &mut decisions.first_date
            } else {
                &mut decisions.date
            };
            match column.as_mut().and_then(|c| c.read(cell)) {
                Some(day) => (Some(CellValue::Date(date_of(day))), None),
                None => (None, Some("not a date".to_string())),
            }
        }
        Role::Amount | Role::TotalAmount | Role::Margin | Role::TotalMargin => {
            let column = if matches!(role, Role::Amount | Role::TotalAmount) {
                &decisions.amount
            } else {
                &decisions.margin
            };
            match column {
                Some(column) => {
                    let decimal = column.decimal.unwrap_or(b'.');
                    match column.read(cell, decimal) {
                        Some(value) => (Some(CellValue::Number(value)), None),
                        None => (
                            None,
                            Some(format!(
                                "not an amount with \"{}\" as decimal separator",
                                separator_name(decimal)
                            )),
                        ),
                    }
                }
                None => (None, None),
            }
        }
        Role::OrderCount => {
            let decimal = decisions
                .amount
                .as_ref()
                .and_then(|a| a.decimal)
                .unwrap_or(b'.');
            let count = match cell {
                Cell::Number(value) if value >= 0.0 && value.fract() == 0.0 => Some(value),
                Cell::Text(text) => parse_count(text, decimal).map(f64::from),
                _ => None,
            };
            match count {
                Some(count) => (Some(CellValue::Number(count)), None),
                None => (None, Some("not a whole number".to_string())),
            }
        }
        Role::Quantity => {
            let decimal = decisions
                .amount
                .as_ref()
                .and_then(|a| a.decimal)
                .unwrap_or(b'.');
            let value = match cell {
                Cell::Number(value) => Some(value),
                Cell::Text(text) => parse_amount(text, decimal),
                _ => None,
            };
            (
                Some(value.map_or_else(|| CellValue::Text(raw.clone()), CellValue::Number)),
                None,
            )
        }
        Role::BirthDate => {
            let day_first = decisions
                .date
                .as_ref()
                .and_then(|d| d.day_first)
                .unwrap_or(true);
            let day = match cell {
                Cell::Date(day) => Some(day),
                Cell::Text(text) => scan_date(text).resolve(day_first),
                _ => None,
            };
            (
                Some(day.map_or_else(
                    || CellValue::Text(raw.clone()),
                    |d| CellValue::Date(date_of(d)),
                )),
                None,
            )
        }
        _ => (Some(CellValue::Text(raw.clone())), None),
    };
    let _ = plan;
    PreviewCell { raw, value, error }
}

/// Read the start of a file (for CSV, the first ~256 KB is plenty; a
/// spreadsheet must be whole) and show how it would be ingested: dialect,
/// headers, guessed roles, shape and the first `max_rows` rows as values,
/// with a plain-English error on each cell that cannot be read.
///
/// Missing required columns are listed in [`Preview::missing`] rather than
/// being an error, so the mapping screen can ask for them.
///
/// ```
/// use segmento::ingest::{preview, CellValue, IngestOptions, Role};
/// let file = "N° client;Date de commande;Montant TTC\nC1;05/03/2024;12,50\nC2;13/03/2024;12,x\n";
/// let shown = preview(file.as_bytes(), &IngestOptions::default(), 10)?;
/// assert_eq!(shown.delimiter.as_deref(), Some(";"));
/// assert_eq!(shown.columns[&Role::Amount], "Montant TTC");
/// assert_eq!(shown.rows[0].cells[&Role::Amount].value, Some(CellValue::Number(12.5)));
/// assert!(shown.rows[1].cells[&Role::Amount].error.is_some());
/// # Ok::<(), segmento::Error>(())
/// ```
pub fn preview(bytes: &[u8], options: &IngestOptions, max_rows: usize) -> Result<Preview> {
    preview_inner(bytes, options, max_rows).map_err(|err| {
        match (&options.file_name, &err.position().file) {
            (Some(file), None) => err.in_file(file.clone()),
            _ => err,
        }
    })
}

fn preview_inner(bytes: &[u8], options: &IngestOptions, max_rows: usize) -> Result<Preview> {
    validate_options(options)?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(ErrorKind::Format(
            crate::error_messages::FILE_EMPTY.into(),
        )));
    }
    if let Some(format) = spreadsheet::detect_format(bytes) {
        let sheet = spreadsheet::open(bytes.to_vec(), format, options.sheet.as_deref())?;
        let mut rows = sheet
            .range
            .rows()
            .enumerate()
            .filter(|(_, row)| !is_blank(&SheetRow(row)))
            .map(|(index, row)| (sheet.first_row_number() + index as u64, row));
        let Some((header_line, header_row)) = rows.next() else {
            return Err(Error::new(ErrorKind::Format(
                crate::error_messages::SHEET_EMPTY.with(&[("sheet", &sheet.name)]),
            )));
        };
        let headers = header_texts(&SheetRow(header_row));
        let sample: Vec<Vec<String>> = rows
            .take(SAMPLE_ROWS)
            .map(|(_, row)| header_texts(&SheetRow(row)))
            .collect();
        let plan = make_plan(headers, header_line, &sample, options)?;
        let mut decisions = Decisions::new(&plan, options);
        let first_row = sheet.first_row_number();
        let data_rows = || {
            sheet
                .range
                .rows()
                .enumerate()
                .filter(|(_, row)| !is_blank(&SheetRow(row)))
                .skip(1)
                .map(|(index, row)| (first_row + index as u64, SheetRow(row)))
        };
        for (line, record) in data_rows() {
            decisions.observe(line, &record);
        }
        let (decimal, _) = default_decimal(options, None, false);
        decisions.force_defaults(decimal);
        let shown = data_rows()
            .take(max_rows)
            .map(|(line, record)| row_of(line, &record, &plan, &mut decisions))
            .collect();
        let mut notes = sheet.notes.clone();
        notes.extend(plan.notes.iter().cloned());
        return Ok(assemble(
            plan,
            decisions,
            shown,
            notes,
            format,
            "utf-8".into(),
            None,
            sheet.names.clone(),
            Some(sheet.name.clone()),
        ));
    }
    let complete = bytes.len() < PREVIEW_WHOLE_FILE_BELOW;
    let dialect = text_dialect(bytes, options, complete)?;
    let mut decoder = dialect.decoder();
    let text = decoder.decode(&bytes[dialect.bom_len..], complete);
    let Some((headers, header_line, rows)) = read_text_rows(text, &dialect, complete, usize::MAX)?
    else {
        return Err(Error::new(ErrorKind::Format(
            crate::error_messages::NO_HEADER_LINE.into(),
        )));
    };
    let sample: Vec<Vec<String>> = sample_texts(&rows).into_iter().take(SAMPLE_ROWS).collect();
    let plan = make_plan(headers, header_line, &sample, options)?;
    let mut decisions = Decisions::new(&plan, options);
    for index in 0..rows.len() {
        let (line, record) = rows.get(index);
        decisions.observe(line, &record);
    }
    let (decimal, _) = default_decimal(options, Some(dialect.delimiter), decoder.is_legacy());
    decisions.force_defaults(decimal);
    let shown = (0..rows.len().min(max_rows))
        .map(|index| {
            let (line, record) = rows.get(index);
            row_of(line, &record, &plan, &mut decisions)
        })
        .collect();
    let notes = plan.notes.clone();
    Ok(assemble(
        plan,
        decisions,
        shown,
        notes,
        "csv",
        decoder.name().to_string(),
        Some(delimiter_name(dialect.delimiter)),
        Vec::new(),
        None,
    ))
}

fn row_of(line: u64, record: &impl Record, plan: &Plan, decisions: &mut Decisions) -> PreviewRow {
    let cells: BTreeMap<Role, PreviewCell> =
        crate::sorting::map_from(plan.columns.iter().map(|(&role, &index)| {
            (
                role,
                preview_cell(role, record.cell(index), decisions, plan),
            )
        }));
    PreviewRow { line, cells }
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    plan: Plan,
    decisions: Decisions,
    rows: Vec<PreviewRow>,
    mut notes: Vec<crate::labels::Note>,
    format: &str,
    encoding: String,
    delimiter: Option<String>,
    sheets: Vec<String>,
    sheet: Option<String>,
) -> Preview {
    let date_order = decisions
        .date
        .as_ref()
        .map_or(super::options::DateOrder::DayFirst, DateColumn::order);
    let date_order_assumed = decisions
        .date
        .as_ref()
        .is_some_and(|d| d.assumed && d.pair_seen);
    if date_order_assumed {
        notes.push(super::notes::preview_date_order_assumed());
    }
    let decimal = decisions
        .amount
        .as_ref()
        .and_then(|a| a.decimal)
        .unwrap_or(b'.');
    Preview {
        format: format.to_string(),
        encoding,
        delimiter,
        decimal_separator: separator_name(decimal).to_string(),
        date_order: date_order.key().to_string(),
        date_order_assumed,
        sheets,
        sheet,
        headers: plan.headers.clone(),
        columns: plan.column_names(),
        missing: plan.missing.clone(),
        shape: plan.shape,
        rows,
        notes,
    }
}
