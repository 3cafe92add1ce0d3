//! The streaming front door: [`Ingestor`] (`push` … `finish`) and its
//! conveniences [`ingest_reader`] and [`ingest_bytes`].

use super::csv::{Event, Splitter, TextRecord};
use super::decode::TextEncoding;
use super::engine::{
    is_blank, is_separator_directive, make_plan, Engine, EngineSummary, PendingRows, Plan, Record,
    SAMPLE_ROWS,
};
use super::notes::{self, decimal_reason, Phrase};
use super::options::IngestOptions;
use super::report::{IngestReport, Ingested};
use super::spreadsheet::{self, SheetRow};
use super::text::{
    check_text, detect_bom, detect_bomless_utf16, detect_delimiter, detect_terminator,
    encoding_for_label, TextDecoder,
};
use crate::customers::Customers;
use crate::error::{Error, ErrorKind, Result};

/// Bytes looked at before the dialect of a text file is decided.
pub(crate) const SNIFF_BYTES: usize = 64 * 1024;

/// How a text file is encoded and split, decided from its first bytes.
pub(crate) struct TextDialect {
    /// `None`: tell UTF-8 from Windows-1252 on the fly.
    pub(crate) encoding: Option<(TextEncoding, String)>,
    /// Length of the byte-order mark to skip.
    pub(crate) bom_len: usize,
    pub(crate) delimiter: u8,
    pub(crate) terminator: u8,
}

impl TextDialect {
    pub(crate) fn decoder(&self) -> TextDecoder {
        match &self.encoding {
            Some((encoding, name)) => TextDecoder::known(*encoding, name),
            None => TextDecoder::detecting(),
        }
    }
}

/// The delimiter as the report writes it.
pub(crate) fn delimiter_name(delimiter: u8) -> String {
    (delimiter as char).to_string()
}

/// Check the options that can be checked before reading.
pub(crate) fn validate_options(options: &IngestOptions) -> Result<()> {
    if let Some(delimiter) = options.delimiter {
        if !delimiter.is_ascii()
            || matches!(delimiter, '"' | '\n' | '\r')
            || delimiter.is_ascii_alphanumeric()
        {
            return Err(Error::invalid_params(
                "input.delimiter",
                crate::error_messages::DELIMITER.with(&[("value", &delimiter)]),
            ));
        }
    }
    if let Some(separator) = options.decimal_separator {
        if separator != ',' && separator != '.' {
            return Err(Error::invalid_params(
                "input.decimal_separator",
                crate::error_messages::DECIMAL_SEPARATOR.with(&[("value", &separator)]),
            ));
        }
    }
    if let Some(label) = &options.encoding {
        encoding_for_label(label)?;
    }
    Ok(())
}

/// Decide the encoding, delimiter and line terminator from the first bytes
/// (`complete`: `start` is the whole file).
pub(crate) fn text_dialect(
    start: &[u8],
    options: &IngestOptions,
    complete: bool,
) -> Result<TextDialect> {
    let bom = detect_bom(start);
    let (encoding, bom_len) = match (&options.encoding, bom) {
        (Some(label), bom) => {
            let encoding = encoding_for_label(label)?;
            let bom_len = bom
                .filter(|(e, _, _)| *e == encoding)
                .map_or(0, |(_, _, len)| len);
            let name = if bom_len > 0 && encoding == TextEncoding::Utf8 {
                "utf-8-bom".to_string()
            } else {
                encoding.name()
            };
            (Some((encoding, name)), bom_len)
        }
        (None, Some((encoding, name, len))) => (Some((encoding, name.to_string())), len),
        (None, None) => match detect_bomless_utf16(start) {
            Some((encoding, name)) => (Some((encoding, name.to_string())), 0),
            None => (None, 0),
        },
    };
    let utf16 = encoding
        .as_ref()
        .is_some_and(|(encoding, _)| encoding.is_utf16());
    if !utf16 {
        check_text(&start[bom_len..])?;
    }
    let mut dialect = TextDialect {
        encoding,
        bom_len,
        delimiter: b',',
        terminator: b'\n',
    };
    let window_end = start.len().min(bom_len + SNIFF_BYTES);
    let window_complete = complete && window_end == start.len();
    let mut decoder = dialect.decoder();
    let text = decoder.decode(&start[bom_len..window_end], window_complete);
    if utf16 {
        check_text(text)?;
    }
    dialect.delimiter = match (options.delimiter, separator_directive(text)) {
        (Some(delimiter), _) => delimiter as u8,
        (None, Some(delimiter)) => delimiter,
        (None, None) => detect_delimiter(text, window_complete),
    };
    dialect.terminator = detect_terminator(text);
    Ok(dialect)
}

/// The delimiter named by an Excel `sep=;` first line.
fn separator_directive(text: &[u8]) -> Option<u8> {
    let line = text
        .split(|&b| b == b'\n' || b == b'\r')
        .next()?
        .trim_ascii();
    match line {
        [s, e, p, b'=', delimiter]
            if [*s, *e, *p].eq_ignore_ascii_case(b"sep") && !delimiter.is_ascii_alphanumeric() =>
        {
            Some(*delimiter)
        }
        _ => None,
    }
}

/// The header and the data rows after it (up to `max_rows`), read from
/// decoded text. Blank lines are left out.
pub(crate) fn read_text_rows(
    text: &[u8],
    dialect: &TextDialect,
    complete: bool,
    max_rows: usize,
) -> Result<Option<(Vec<String>, u64, PendingRows)>> {
    let mut splitter = Splitter::new(dialect.delimiter, dialect.terminator, None);
    let mut header: Option<(Vec<String>, u64)> = None;
    let mut rows = PendingRows::default();
    let mut sink = |line: u64, record: TextRecord<'_>| {
        if is_blank(&record) {
            return;
        }
        match &header {
            None if is_separator_directive(&record) => {}
            None => header = Some((header_texts(&record), line)),
            Some((headers, _)) => {
                if rows.len() < max_rows {
                    rows.push(line, &record, headers.len().max(record.len()));
                }
            }
        }
    };
    splitter.feed(text, complete, &mut sink)?;
    Ok(header.map(|(texts, line)| (texts, line, rows)))
}

/// Header cells as text.
pub(crate) fn header_texts(record: &impl Record) -> Vec<String> {
    (0..record.len())
        .map(|i| record.cell(i).text().into_owned())
        .collect()
}

/// Sample rows as text, for the shape detection.
pub(crate) fn sample_texts(rows: &PendingRows) -> Vec<Vec<String>> {
    (0..rows.len())
        .map(|i| {
            let (_, record) = rows.get(i);
            (0..record.len())
                .map(|c| record.cell(c).text().into_owned())
                .collect()
        })
        .collect()
}

/// The decimal separator for columns without evidence, and why.
pub(crate) fn default_decimal(
    options: &IngestOptions,
    delimiter: Option<u8>,
    legacy_encoding: bool,
) -> (u8, Phrase) {
    match options.decimal_separator {
        Some(',') => (b',', decimal_reason::SETTINGS),
        Some(_) => (b'.', decimal_reason::SETTINGS),
        None if delimiter == Some(b';') => (b',', decimal_reason::SEMICOLON),
        None if legacy_encoding => (b',', decimal_reason::WINDOWS_1252),
        None => (b'.', decimal_reason::DEFAULT),
    }
}

struct CsvState {
    decoder: TextDecoder,
    splitter: Splitter,
    engine: Engine,
    dialect: TextDialect,
}

impl CsvState {
    fn feed(&mut self, bytes: &[u8], last: bool, options: &IngestOptions) -> Result<()> {
        let CsvState {
            decoder,
            splitter,
            engine,
            dialect,
        } = self;
        let text = decoder.decode(bytes, last);
        splitter.feed_events(text, last, &mut |event| match event {
            Event::Record(line, record) => engine.on_record(line, &record),
            Event::Upcoming(record) => engine.hint(&record),
        })?;
        let (decimal, reason) =
            default_decimal(options, Some(dialect.delimiter), decoder.is_legacy());
        engine.default_decimal = decimal;
        engine.default_decimal_reason = reason;
        Ok(())
    }
}

enum State {
    Sniffing(Vec<u8>),
    Csv(Box<CsvState>),
    Spreadsheet(Vec<u8>, &'static str),
    Failed(Error),
}

/// Streaming ingestion: push chunks of any size (cut anywhere, even inside
/// a character or a quoted field), then finish.
///
/// ```
/// use segmento::ingest::{IngestOptions, Ingestor};
/// let file = "N° client;Date;Montant\nC1;05/03/2024;12,50\nC2;13/03/2024;1 234,56\nC1;14/03/2024;-2,50\n";
/// let mut ingestor = Ingestor::new(IngestOptions::default())?;
/// for chunk in file.as_bytes().chunks(7) {
///     ingestor.push(chunk)?;
/// }
/// let ingested = ingestor.finish()?;
/// let c1 = &ingested.customers.customers[0];
/// // 12.50 - 2.50: the return of 14/03 is netted, but is no purchase day.
/// assert_eq!((c1.id.as_str(), c1.frequency, c1.revenue), ("C1", 1, 10.0));
/// assert_eq!(ingested.report.date_order, "day_first");
/// assert_eq!(ingested.report.rows.used, 3);
/// # Ok::<(), segmento::Error>(())
/// ```
///
/// Errors name the file, line, column and value where they apply:
///
/// ```
/// use segmento::ingest::{ingest_bytes, IngestOptions};
/// let options = IngestOptions { file_name: Some("ventes.csv".into()), ..Default::default() };
/// let err = ingest_bytes(b"Client;Montant\nC1;12\n", options).unwrap_err();
/// assert!(err.to_string().starts_with("no column for order_date"), "{err}");
/// assert!(err.to_string().contains("file ventes.csv"), "{err}");
/// ```
pub struct Ingestor {
    options: IngestOptions,
    state: State,
    bytes_seen: u64,
    /// The input's size, when the caller knows it (see [`Ingestor::expect_size`]).
    expected_bytes: Option<u64>,
}

impl Ingestor {
    /// A new ingestion; fails on invalid options.
    pub fn new(options: IngestOptions) -> Result<Self> {
        validate_options(&options)?;
        Ok(Ingestor {
            options,
            state: State::Sniffing(Vec::new()),
            bytes_seen: 0,
            expected_bytes: None,
        })
    }

    /// The whole input's size in bytes, when known (a file's size): the
    /// tables that grow with the rows are then sized for the whole file
    /// from the rate of the first chunks, instead of doubling as they
    /// fill. Only memory depends on it, never a result, and a wrong size
    /// costs at most a reallocation.
    pub fn expect_size(&mut self, total_bytes: u64) {
        self.expected_bytes = Some(total_bytes);
    }

    /// Push everything a reader gives, then finish.
    pub fn read_all<R: std::io::Read>(mut self, mut reader: R) -> Result<Ingested> {
        let mut buffer = vec![0u8; 256 * 1024];
        loop {
            let read = match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    // Always an error: names the file and marks the ingestion failed.
                    self.fail_on_error::<()>(Err(err.into()))?;
                    continue;
                }
            };
            self.push(&buffer[..read])?;
        }
        self.finish()
    }

    /// Bytes pushed so far.
    pub fn bytes_seen(&self) -> u64 {
        self.bytes_seen
    }

    /// Feed the next chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.bytes_seen += chunk.len() as u64;
        let result = self.push_inner(chunk);
        self.fail_on_error(result)
    }

    fn fail_on_error<T>(&mut self, result: Result<T>) -> Result<T> {
        result.map_err(|err| {
            let err = match (&self.options.file_name, &err.position().file) {
                (Some(file), None) => err.in_file(file.clone()),
                _ => err,
            };
            self.state = State::Failed(err.clone());
            err
        })
    }

    fn push_inner(&mut self, chunk: &[u8]) -> Result<()> {
        match &mut self.state {
            State::Failed(err) => Err(err.clone()),
            State::Csv(csv) => {
                csv.feed(chunk, false, &self.options)?;
                if let Some(total) = self.expected_bytes {
                    csv.engine.make_room(self.bytes_seen, total);
                }
                Ok(())
            }
            State::Spreadsheet(bytes, _) => {
                bytes.extend_from_slice(chunk);
                Ok(())
            }
            State::Sniffing(buffer) => {
                buffer.extend_from_slice(chunk);
                if buffer.len() >= SNIFF_BYTES {
                    let buffer = std::mem::take(buffer);
                    self.start(buffer, false)?;
                }
                Ok(())
            }
        }
    }

    /// Decide the format from the first bytes and start reading.
    fn start(&mut self, buffer: Vec<u8>, complete: bool) -> Result<()> {
        if let Some(format) = spreadsheet::detect_format(&buffer) {
            self.state = State::Spreadsheet(buffer, format);
            return Ok(());
        }
        if buffer.iter().all(|b| b.is_ascii_whitespace()) && complete {
            return Err(Error::new(ErrorKind::Format(
                crate::error_messages::FILE_EMPTY.into(),
            )));
        }
        let dialect = text_dialect(&buffer, &self.options, complete)?;
        let window_end = buffer.len().min(dialect.bom_len + SNIFF_BYTES);
        let window_complete = complete && window_end == buffer.len();
        let mut decoder = dialect.decoder();
        let text = decoder.decode(&buffer[dialect.bom_len..window_end], window_complete);
        let Some((headers, header_line, rows)) =
            read_text_rows(text, &dialect, window_complete, SAMPLE_ROWS)?
        else {
            return Err(Error::new(ErrorKind::Format(if complete {
                crate::error_messages::NO_HEADER_LINE.into()
            } else {
                crate::error_messages::NO_COMPLETE_LINE.into()
            })));
        };
        let plan = make_plan(headers, header_line, &sample_texts(&rows), &self.options)?;
        plan.check_complete(self.options.file_name.as_deref())?;
        let (decimal, reason) = default_decimal(&self.options, Some(dialect.delimiter), false);
        let engine = Engine::new(plan, &self.options, decimal, reason);
        let splitter = Splitter::new(
            dialect.delimiter,
            dialect.terminator,
            self.options.file_name.clone(),
        );
        let decoder = dialect.decoder();
        let mut csv = Box::new(CsvState {
            decoder,
            splitter,
            engine,
            dialect,
        });
        let bom_len = csv.dialect.bom_len;
        csv.feed(&buffer[bom_len..], false, &self.options)?;
        self.state = State::Csv(csv);
        Ok(())
    }

    /// End of input: the customers and the report.
    pub fn finish(mut self) -> Result<Ingested> {
        let result = self.finish_inner();
        self.fail_on_error(result)
    }

    fn finish_inner(&mut self) -> Result<Ingested> {
        if let State::Sniffing(buffer) = &mut self.state {
            let buffer = std::mem::take(buffer);
            if buffer.is_empty() {
                return Err(Error::new(ErrorKind::Format(
                    crate::error_messages::FILE_EMPTY.into(),
                )));
            }
            self.start(buffer, true)?;
        }
        match std::mem::replace(&mut self.state, State::Sniffing(Vec::new())) {
            State::Failed(err) => Err(err),
            State::Sniffing(_) => Err(Error::new(ErrorKind::Format(
                crate::error_messages::FILE_EMPTY.into(),
            ))),
            State::Csv(mut csv) => {
                csv.feed(&[], true, &self.options)?;
                let CsvState {
                    decoder,
                    engine,
                    dialect,
                    splitter,
                } = *csv;
                let (customers, summary) = engine.finish()?;
                let mut report = report(
                    "csv",
                    decoder.name().to_string(),
                    Some(delimiter_name(dialect.delimiter)),
                    summary,
                );
                if decoder.malformed() {
                    report.notes.push(notes::malformed_bytes(decoder.name()));
                }
                if let Some((line, column)) = splitter.unclosed_quote() {
                    report.notes.push(notes::unclosed_quote(line, column));
                }
                Ok(Ingested { customers, report })
            }
            State::Spreadsheet(bytes, format) => {
                let (customers, report) = ingest_spreadsheet(bytes, format, &self.options)?;
                Ok(Ingested { customers, report })
            }
        }
    }
}

fn report(
    format: &str,
    encoding: String,
    delimiter: Option<String>,
    summary: EngineSummary,
) -> IngestReport {
    IngestReport {
        format: format.to_string(),
        encoding,
        delimiter,
        decimal_separator: summary.decimal_separator.to_string(),
        date_order: summary.date_order.key().to_string(),
        date_order_assumed: summary.date_order_assumed,
        shape: summary.shape,
        columns: summary.columns,
        rows: summary.rows,
        notes: summary.notes,
    }
}

/// The header row and the plan of a sheet.
pub(crate) fn sheet_plan(
    sheet: &spreadsheet::Sheet,
    options: &IngestOptions,
) -> Result<Option<(usize, Plan)>> {
    let mut rows = sheet
        .range
        .rows()
        .enumerate()
        .filter(|(_, row)| !is_blank(&SheetRow(row)));
    let Some((header_index, header_row)) = rows.next() else {
        return Ok(None);
    };
    let headers = header_texts(&SheetRow(header_row));
    let sample: Vec<Vec<String>> = rows
        .take(SAMPLE_ROWS)
        .map(|(_, row)| header_texts(&SheetRow(row)))
        .collect();
    let header_line = sheet.first_row_number() + header_index as u64;
    Ok(Some((
        header_index,
        make_plan(headers, header_line, &sample, options)?,
    )))
}

fn ingest_spreadsheet(
    bytes: Vec<u8>,
    format: &'static str,
    options: &IngestOptions,
) -> Result<(Customers, IngestReport)> {
    let sheet = spreadsheet::open(bytes, format, options.sheet.as_deref())?;
    let Some((_, plan)) = sheet_plan(&sheet, options)? else {
        return Err(Error::new(ErrorKind::Format(
            crate::error_messages::SHEET_EMPTY.with(&[("sheet", &sheet.name)]),
        )));
    };
    plan.check_complete(options.file_name.as_deref())?;
    let (decimal, reason) = default_decimal(options, None, false);
    let mut engine = Engine::new(plan, options, decimal, reason);
    let first_row = sheet.first_row_number();
    for (index, row) in sheet.range.rows().enumerate() {
        engine.on_record(first_row + index as u64, &SheetRow(row));
    }
    let (customers, summary) = engine.finish()?;
    let mut report = report(format, "utf-8".into(), None, summary);
    report.notes.splice(0..0, sheet.notes);
    Ok((customers, report))
}

/// Ingest everything a reader gives (a convenience over [`Ingestor`]).
///
/// ```
/// use segmento::ingest::{ingest_reader, IngestOptions};
/// let file = std::io::Cursor::new("customer,date,amount\nA,2024-01-05,10\nA,2024-01-05,5\nB,2024-02-01,7.5\n");
/// let ingested = ingest_reader(file, IngestOptions::default())?;
/// assert_eq!(ingested.customers.customers.len(), 2);
/// assert_eq!(ingested.customers.customers[0].frequency, 1, "same day: one purchase day");
/// assert_eq!(ingested.customers.customers[0].orders, 2);
/// # Ok::<(), segmento::Error>(())
/// ```
pub fn ingest_reader<R: std::io::Read>(reader: R, options: IngestOptions) -> Result<Ingested> {
    Ingestor::new(options)?.read_all(reader)
}

/// Ingest bytes already in memory (a convenience over [`Ingestor`]).
pub fn ingest_bytes(bytes: &[u8], options: IngestOptions) -> Result<Ingested> {
    let mut ingestor = Ingestor::new(options)?;
    ingestor.push(bytes)?;
    ingestor.finish()
}
