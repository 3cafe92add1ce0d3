//! Reading a campaign list back after the campaign: the customers export
//! with its `campaign_group` column (as segmento wrote it, or as a marketer
//! saved it again from Excel), optionally with a `responded` column when the
//! responses come from a response file rather than from a later order file.
//!
//! Columns are found by their key (`customer_id`, `campaign_group`, …) or
//! by their French or English header, compared after
//! [`normalize_header`] (case, accents, punctuation):
//!
//! | what | keys and headers accepted |
//! |---|---|
//! | customer id (required) | `customer_id`, « Identifiant client », "Customer id", `id` |
//! | group (required) | `campaign_group`, « Groupe de campagne », "Campaign group", `groupe`, `group` |
//! | segment | `campaign_segment`, « Segment de campagne », "Campaign segment", `segment`; else `all` |
//! | as-of date of the draw | `campaign_date`, « Date du tirage », "Draw date" |
//! | seed of the draw | `campaign_seed`, « Graine du tirage », "Draw seed" |
//! | responded (response file) | `responded`, « A répondu », "Responded", `reponse`, `response` |
//! | revenue of the response | `response_revenue`, « CA de la réponse », "Response revenue" |
//!
//! Rows whose group cell is empty are customers outside the campaign and are
//! skipped. Text files may be UTF-8 (with or without BOM), UTF-16 with BOM or
//! Windows-1252 (Excel's "CSV" on a French Windows), delimited by `;`, `,`,
//! tab or `|`; workbooks may be `.xlsx`, `.xls` or `.ods` (first sheet).

#[cfg(feature = "spreadsheets")]
use std::io::Cursor;

#[cfg(feature = "spreadsheets")]
use calamine::{Data, Reader};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::control::CampaignGroup;
use super::uplift::{self, CampaignMember};
use crate::date_text;
use crate::error::{Error, ErrorKind, Position, Result};
use crate::ingest::number::{self, DecimalEvidence};
use crate::ingest::{decode_whole, normalize_header};

/// A campaign list as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignList {
    /// The file name, for messages.
    pub file_name: String,
    /// Campaign customers (non-empty group), in file order.
    pub members: Vec<CampaignMember>,
    /// The as-of date the draw was made at, when the list records it.
    pub drawn_as_of: Option<NaiveDate>,
    /// The seed of the draw, when the list records it.
    pub seed: Option<u64>,
    /// Per member, `(responded, revenue)` when the list is a response file.
    pub responses: Option<Vec<(bool, f64)>>,
}

/// Where the responses of a readout came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseSource {
    /// Purchases in the later order file, within the response window.
    Orders,
    /// The `responded` column of a response file.
    ResponseFile,
}

/// The after-campaign readout as `summary.json` holds it under `uplift`:
/// the [`uplift::Output`] fields plus where the list and responses came
/// from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Readout {
    /// The campaign list's file name.
    pub list_file: String,
    /// Campaign customers in the list.
    pub list_customers: u32,
    /// The seed of the draw, when the list records it.
    pub seed: Option<u64>,
    /// The as-of date of the draw, when the list records it.
    pub drawn_as_of: Option<NaiveDate>,
    /// Orders or a response file.
    pub source: ResponseSource,
    /// First day counted as a response (orders only).
    pub campaign_start: Option<NaiveDate>,
    /// Last day counted (orders only).
    pub window_end: Option<NaiveDate>,
    /// Cost of one contact used for the net gain (when uniform).
    pub cost_per_contact: f64,
    /// The readout itself.
    #[serde(flatten)]
    pub output: uplift::Output,
}

/// Column aliases, already normalized by [`normalize_header`].
const ID: &[&str] = &[
    "customer id",
    "identifiant client",
    "id",
    "customer",
    "client",
];
const GROUP: &[&str] = &["campaign group", "groupe de campagne", "groupe", "group"];
const SEGMENT: &[&str] = &["campaign segment", "segment de campagne", "segment"];
const DRAW_DATE: &[&str] = &["campaign date", "date du tirage", "draw date"];
const SEED: &[&str] = &["campaign seed", "graine du tirage", "draw seed"];
const RESPONDED: &[&str] = &["responded", "a repondu", "reponse", "response"];
const REVENUE: &[&str] = &["response revenue", "ca de la reponse", "revenue"];

/// Reads a campaign list from its bytes. Errors name the file, the line,
/// the column and the value.
///
/// ```
/// use segmento::dynamics::campaign_list::read;
/// use segmento::dynamics::control::CampaignGroup;
/// let text = "Identifiant client;Groupe de campagne;Segment de campagne;Date du tirage;Graine du tirage\n\
///             C1;cible;champions;2024-12-31;7\nC2;témoin;champions;2024-12-31;7\nC3;;lost;;\n";
/// let list = read(text.as_bytes(), "liste.csv").unwrap();
/// assert_eq!(list.members.len(), 2);
/// assert_eq!(list.members[1].group, CampaignGroup::Control);
/// assert_eq!(list.seed, Some(7));
/// let err = read(b"id;campaign_group\nC1;peut-etre\n", "liste.csv").unwrap_err();
/// assert!(err.to_string().contains("liste.csv") && err.to_string().contains("line 2"));
/// ```
pub fn read(bytes: &[u8], file_name: &str) -> Result<CampaignList> {
    read_table(bytes)
        .and_then(|table| list_from_table(&table, file_name))
        .map_err(|err| match err.position().file {
            Some(_) => err,
            None => err.in_file(file_name),
        })
}

/// A header row and data rows with their 1-based line numbers.
struct Table {
    headers: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

fn list_from_table(table: &Table, file_name: &str) -> Result<CampaignList> {
    let normalized: Vec<String> = table.headers.iter().map(|h| normalize_header(h)).collect();
    let find = |aliases: &[&str]| {
        aliases.iter().find_map(|alias| {
            let alias = normalize_header(alias);
            normalized.iter().position(|h| *h == alias)
        })
    };
    let missing = |what: &str| {
        Error::new(ErrorKind::MissingColumn {
            role: what.to_string(),
            headers: table.headers.join(", "),
        })
    };
    let id_column = find(ID).ok_or_else(|| missing("customer_id"))?;
    let group_column = find(GROUP).ok_or_else(|| missing("campaign_group"))?;
    let segment_column = find(SEGMENT);
    let date_column = find(DRAW_DATE);
    let seed_column = find(SEED);
    let responded_column = find(RESPONDED);
    let revenue_column = find(REVENUE).filter(|_| responded_column.is_some());

    let mut list = CampaignList {
        file_name: file_name.to_string(),
        members: Vec::new(),
        drawn_as_of: None,
        seed: None,
        responses: responded_column.map(|_| Vec::new()),
    };
    let revenue_decimal = revenue_column.map_or(b'.', |column| {
        decimal_separator(
            table
                .rows
                .iter()
                .map(|(_, cells)| cells.get(column).map_or("", |c| c.trim())),
        )
    });
    let (mut draw_date_line, mut seed_line) = (None, None);
    let mut seen = rustc_hash::FxHashMap::default();
    for (line, cells) in &table.rows {
        let cell = |column: usize| cells.get(column).map_or("", |c| c.trim());
        let at = |column: usize| Position {
            file: Some(file_name.to_string()),
            line: Some(*line),
            column: Some(table.headers[column].clone()),
            value: Some(cell(column).to_string()),
        };
        let group_text = cell(group_column);
        if group_text.is_empty() {
            continue;
        }
        let group = CampaignGroup::parse(group_text).ok_or_else(|| {
            Error::new(ErrorKind::Format(
                crate::error_messages::LIST_GROUP_VALUE.into(),
            ))
            .at(at(group_column))
        })?;
        let id = cell(id_column);
        if id.is_empty() {
            return Err(
                Error::new(ErrorKind::Format(crate::error_messages::LIST_NO_ID.into()))
                    .at(at(id_column)),
            );
        }
        if let Some(first) = seen.insert(id.to_string(), *line) {
            return Err(Error::new(ErrorKind::Format(
                crate::error_messages::LIST_ID_TWICE.with(&[("id", &id), ("line", &first)]),
            ))
            .at(at(id_column)));
        }
        let segment = segment_column
            .map(cell)
            .filter(|s| !s.is_empty())
            .unwrap_or("all");
        list.members.push(CampaignMember {
            id: id.to_string(),
            segment: segment.to_string(),
            group,
        });
        // The draw date and seed are the same on every row that gives them.
        if let Some(column) = date_column.filter(|&c| !cell(c).is_empty()) {
            let date = date_text::parse_iso_or_day_first(cell(column)).ok_or_else(|| {
                Error::new(ErrorKind::Format(
                    crate::error_messages::LIST_DRAW_DATE.into(),
                ))
                .at(at(column))
            })?;
            match draw_date_line {
                None => (list.drawn_as_of, draw_date_line) = (Some(date), Some(*line)),
                Some(first) if list.drawn_as_of != Some(date) => {
                    return Err(Error::new(ErrorKind::Format(
                        crate::error_messages::LIST_DRAW_DATE_DIFFERS.with(&[("line", &first)]),
                    ))
                    .at(at(column)));
                }
                Some(_) => {}
            }
        }
        if let Some(column) = seed_column.filter(|&c| !cell(c).is_empty()) {
            let seed: u64 = cell(column).parse().map_err(|_| {
                Error::new(ErrorKind::Format(crate::error_messages::LIST_SEED.into()))
                    .at(at(column))
            })?;
            match seed_line {
                None => (list.seed, seed_line) = (Some(seed), Some(*line)),
                Some(first) if list.seed != Some(seed) => {
                    return Err(Error::new(ErrorKind::Format(
                        crate::error_messages::LIST_SEED_DIFFERS.with(&[("line", &first)]),
                    ))
                    .at(at(column)));
                }
                Some(_) => {}
            }
        }
        if let (Some(responses), Some(column)) = (list.responses.as_mut(), responded_column) {
            let responded = parse_flag(cell(column)).ok_or_else(|| {
                Error::new(ErrorKind::Format(
                    crate::error_messages::LIST_RESPONSE.into(),
                ))
                .at(at(column))
            })?;
            let revenue = match revenue_column.map(cell).filter(|c| !c.is_empty()) {
                None => 0.0,
                Some(text) => {
                    number::parse_amount(text.as_bytes(), revenue_decimal).ok_or_else(|| {
                        Error::new(ErrorKind::Format(
                            crate::error_messages::LIST_REVENUE.into(),
                        ))
                        .at(at(revenue_column.unwrap_or(column)))
                    })?
                }
            };
            responses.push((responded, revenue));
        }
    }
    if list.members.is_empty() {
        return Err(Error::new(ErrorKind::Format(
            crate::error_messages::LIST_NO_GROUP.with(&[("column", &table.headers[group_column])]),
        )));
    }
    Ok(list)
}

fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "1" | "oui" | "yes" | "true" | "vrai" | "x" | "y" | "o" => Some(true),
        "" | "0" | "non" | "no" | "false" | "faux" | "n" => Some(false),
        _ => None,
    }
}

/// The revenue column's decimal separator, decided from all of its values as
/// ingestion decides an amount column's: the first value only one separator
/// reads (`12,50`, `1.234,56`) settles it; with only ambiguous values
/// (`1,234`) or none, the French comma, as the page's own lists are written.
fn decimal_separator<'a>(values: impl Iterator<Item = &'a str>) -> u8 {
    values
        .filter_map(|text| match number::scan_decimal(text.as_bytes()) {
            DecimalEvidence::Decides(separator) => Some(separator),
            _ => None,
        })
        .next()
        .unwrap_or(b',')
}

fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn read_table(bytes: &[u8]) -> Result<Table> {
    if is_workbook(bytes) {
        read_workbook(bytes)
    } else {
        read_text(bytes)
    }
}

/// The page's main wasm module leaves calamine out: its worker turns a
/// workbook list into CSV with the spreadsheet module's [`workbook_as_csv`]
/// first, so reaching this is a bug of the caller, said plainly.
#[cfg(not(feature = "spreadsheets"))]
fn read_workbook(_bytes: &[u8]) -> Result<Table> {
    Err(Error::new(ErrorKind::Format(
        "this build reads campaign-list workbooks through the spreadsheet module".into(),
    )))
}

/// A workbook campaign list's first sheet as UTF-8 CSV (comma-delimited,
/// dates ISO), which [`read`] takes like any exported list: the spreadsheet
/// wasm module's half of reading a workbook list in the browser.
#[cfg(feature = "spreadsheets")]
pub fn workbook_as_csv(bytes: &[u8], file_name: &str) -> Result<Vec<u8>> {
    let table = read_workbook(bytes).map_err(|err| err.in_file(file_name))?;
    let mut csv = Vec::new();
    for row in std::iter::once(&table.headers).chain(table.rows.iter().map(|(_, row)| row)) {
        for (i, field) in row.iter().enumerate() {
            if i > 0 {
                csv.push(b',');
            }
            if field.contains([',', '"', '\n', '\r']) {
                csv.push(b'"');
                csv.extend_from_slice(field.replace('"', "\"\"").as_bytes());
                csv.push(b'"');
            } else {
                csv.extend_from_slice(field.as_bytes());
            }
        }
        csv.extend_from_slice(b"\r\n");
    }
    Ok(csv)
}

#[cfg(feature = "spreadsheets")]
fn read_workbook(bytes: &[u8]) -> Result<Table> {
    let unreadable = |err: &dyn std::fmt::Display| {
        Error::new(ErrorKind::Format(
            crate::error_messages::LIST_WORKBOOK_UNREADABLE.with(&[("detail", err)]),
        ))
    };
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable(&"it has no sheet"))?
        .map_err(|e| unreadable(&e))?;
    let first_line = range.start().map_or(1, |(row, _)| u64::from(row) + 1);
    let mut rows = range
        .rows()
        .enumerate()
        .map(|(i, row)| (first_line + i as u64, row.iter().map(cell_text).collect()));
    let (_, headers) = rows
        .next()
        .ok_or_else(|| unreadable(&"its first sheet is empty"))?;
    Ok(Table {
        headers,
        rows: rows.collect(),
    })
}

#[cfg(feature = "spreadsheets")]
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", *v as i64),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.date().to_string())
            .unwrap_or_else(|| dt.to_string()),
        other => other.to_string(),
    }
}

fn read_text(bytes: &[u8]) -> Result<Table> {
    // UTF-8 or UTF-16 with a byte-order mark, else UTF-8 when valid, else Windows-1252.
    let text = decode_whole(bytes);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b';', b',', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut input = text.as_bytes();
    let mut records = Vec::new();
    let (mut output, mut ends) = (vec![0; 4096], vec![0; 64]);
    let mut line = 1_u64;
    loop {
        let record_line = line;
        let (mut out_len, mut end_len) = (0, 0);
        loop {
            let (result, read, written, ends_written) =
                reader.read_record(input, &mut output[out_len..], &mut ends[end_len..]);
            line += input[..read].iter().filter(|&&b| b == b'\n').count() as u64;
            input = &input[read..];
            out_len += written;
            end_len += ends_written;
            match result {
                csv_core::ReadRecordResult::OutputFull => output.resize(output.len() * 2, 0),
                csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => break,
            }
        }
        if end_len == 0 {
            break;
        }
        let mut fields = Vec::with_capacity(end_len);
        let mut start = 0;
        for &end in &ends[..end_len] {
            fields.push(String::from_utf8_lossy(&output[start..end]).into_owned());
            start = end;
        }
        if !(fields.len() == 1 && fields[0].trim().is_empty()) {
            records.push((record_line, fields));
        }
    }
    let mut rows = records.into_iter();
    let (_, headers) = rows
        .next()
        .ok_or_else(|| Error::new(ErrorKind::Format(crate::error_messages::LIST_EMPTY.into())))?;
    Ok(Table {
        headers,
        rows: rows.collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_excel_french_csv_in_windows_1252() {
        // "témoin" in Windows-1252 is t, 0xE9, m, o, i, n.
        let mut bytes =
            b"N\xb0;Identifiant client;Groupe de campagne;Segment de campagne;Date du tirage\r\n"
                .to_vec();
        bytes.extend_from_slice(
            b"1;C1;t\xe9moin;loyal;31/12/2024\r\n2;C2;cible;loyal;31/12/2024\r\n",
        );
        let list = read(&bytes, "liste.csv").unwrap();
        assert_eq!(list.members[0].group, CampaignGroup::Control);
        assert_eq!(list.members[1].segment, "loyal");
        assert_eq!(list.drawn_as_of, NaiveDate::from_ymd_opt(2024, 12, 31));
        assert_eq!(list.responses, None);
    }

    #[test]
    fn reads_a_response_file_with_revenue() {
        let text = "customer_id,campaign_group,responded,response_revenue\nA,target,yes,\"12,50\"\nB,control,0,\n";
        let list = read(text.as_bytes(), "r.csv").unwrap();
        assert_eq!(list.responses, Some(vec![(true, 12.5), (false, 0.0)]));
        assert_eq!(list.members[0].segment, "all");
    }

    #[test]
    fn revenue_separators_are_decided_for_the_whole_column() {
        // `1.234,56` settles the decimal comma for the column, so `1.000`
        // is a thousand; with a decimal point settled by `12.5`, `1,234`
        // is 1234. Values worked out by hand.
        let comma = "id;campaign_group;responded;response_revenue\nA;cible;oui;1.234,56\nB;cible;oui;1.000\nC;témoin;non;\n";
        let list = read(comma.as_bytes(), "r.csv").unwrap();
        assert_eq!(
            list.responses,
            Some(vec![(true, 1234.56), (true, 1000.0), (false, 0.0)])
        );
        let point = "id,campaign_group,responded,response_revenue\nA,target,yes,12.5\nB,target,yes,\"1,234\"\n";
        let list = read(point.as_bytes(), "r.csv").unwrap();
        assert_eq!(list.responses, Some(vec![(true, 12.5), (true, 1234.0)]));
    }

    #[test]
    fn errors_name_file_line_column_and_value() {
        let cases: [(&str, &str); 7] = [
            ("id;campaign_group\nC1;cible\nC1;témoin\n", "line 3"),
            ("id;campaign_group;campaign_seed\nC1;cible;sept\n", "the draw seed must be a whole number"),
            (
                "id;campaign_group;campaign_seed\nC1;cible;7\nC2;cible;8\n",
                "the draw seed differs from line 2's: a list holds one draw (file liste.csv, line 3",
            ),
            (
                "id;campaign_group;draw_date\nC1;cible;2024-12-31\nC2;cible;2024-12-30\n",
                "the draw date differs from line 2's: a list holds one draw (file liste.csv, line 3",
            ),
            (
                "id;campaign_group;responded\nC1;cible;peut-être\n",
                "value \"peut-être\"",
            ),
            ("id;segment\nC1;x\n", "campaign_group"),
            ("id;campaign_group\nC1;\n", "no row of the campaign list"),
        ];
        for (text, expected) in cases {
            let err = read(text.as_bytes(), "liste.csv").unwrap_err().to_string();
            assert!(err.contains(expected), "{err} should contain {expected}");
            assert!(err.contains("liste.csv"), "{err} should name the file");
        }
    }
}
