//! From records to customers: the per-column format decisions, the row
//! rules and the per-customer aggregation shared by every input format.

use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::collections::BTreeMap;

use super::date::{date_of, excel_serial_day, scan_date, DateScan, LastDate};
use super::daylog::{DayLog, Histories, NO_CHANNEL};
use super::intern::{hash_of, Hot, Interner, OrderIdSet};
use super::notes::{self, Phrase};
use super::number::{parse_amount, parse_count, scan_decimal, DecimalEvidence};
use super::options::{DateOrder, IngestOptions, Role, Shape};
use super::report::{RowAccounting, RowExample, SkipReason};
use super::roles::{describe_role, list_headers, match_roles};
use crate::customers::{
    Attribute, AttributeTable, ChannelId, CompactString, Customer, CustomerParts, Customers,
    Prospect, Purchase, PurchaseDays, Span, UNSET,
};
use crate::error::{Error, ErrorKind, Position, Result};
use crate::labels::Note;

/// Rows kept while a column's decimal separator or date order is still
/// undecided. Past this, the default is taken (and said in the notes).
pub(crate) const PENDING_ROWS_CAP: usize = 200_000;

/// How many data rows after the header the shape detection looks at.
pub(crate) const SAMPLE_ROWS: usize = 1000;

/// One cell, whatever the input format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    /// Empty.
    Empty,
    /// Text (CSV fields, spreadsheet strings), UTF-8 unless the file lied.
    Text(&'a [u8]),
    /// A spreadsheet number.
    Number(f64),
    /// A spreadsheet date cell, as a day number.
    Date(i32),
}

impl<'a> Cell<'a> {
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim_ascii().is_empty(),
            _ => false,
        }
    }

    /// The cell as a key (customer or order id): trimmed bytes, integers
    /// without `.0`, dates in ISO. No UTF-8 check on this hot path: keys
    /// become text (lossily if they must) only at the end.
    #[inline]
    pub(crate) fn key(&self) -> Cow<'a, [u8]> {
        match *self {
            Cell::Text(bytes) => Cow::Borrowed(bytes.trim_ascii()),
            Cell::Empty => Cow::Borrowed(&[]),
            _ => match self.text() {
                Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
                Cow::Owned(text) => Cow::Owned(text.into_bytes()),
            },
        }
    }

    /// The cell as text: trimmed text, integers without `.0`, dates in ISO.
    pub(crate) fn text(&self) -> Cow<'a, str> {
        match *self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text.trim()),
                Err(_) => Cow::Owned(String::from_utf8_lossy(bytes).trim().to_string()),
            },
            Cell::Number(value) => Cow::Owned(format_number(value)),
            Cell::Date(day) => Cow::Owned(date_of(day).to_string()),
        }
    }
}

/// `12` for 12.0, `12.5` otherwise.
pub(crate) fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// A row of cells.
pub(crate) trait Record {
    /// Number of cells.
    fn len(&self) -> usize;
    /// The `index`-th cell ([`Cell::Empty`] past the end).
    fn cell(&self, index: usize) -> Cell<'_>;
}

impl Record for super::csv::TextRecord<'_> {
    fn len(&self) -> usize {
        self.fields.len()
    }

    #[inline]
    fn cell(&self, index: usize) -> Cell<'_> {
        let field = self.field(index);
        if field.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(field)
        }
    }
}

/// A buffered cell; text lives in [`PendingRows::bytes`].
#[derive(Debug, Clone, Copy)]
enum StoredCell {
    Empty,
    Text(usize, usize),
    Number(f64),
    Date(i32),
}

/// Rows waiting for a column decision, in file order, without a heap
/// allocation per row.
#[derive(Default)]
pub(crate) struct PendingRows {
    bytes: Vec<u8>,
    cells: Vec<StoredCell>,
    rows: Vec<(u64, usize, usize)>,
    next: usize,
}

impl PendingRows {
    pub(crate) fn len(&self) -> usize {
        self.rows.len() - self.next
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.next == self.rows.len()
    }

    pub(crate) fn push(&mut self, line: u64, record: &impl Record, width: usize) {
        let first = self.cells.len();
        for index in 0..width.min(record.len()) {
            let stored = match record.cell(index) {
                Cell::Empty => StoredCell::Empty,
                Cell::Text(text) => {
                    let start = self.bytes.len();
                    self.bytes.extend_from_slice(text);
                    StoredCell::Text(start, self.bytes.len())
                }
                Cell::Number(value) => StoredCell::Number(value),
                Cell::Date(day) => StoredCell::Date(day),
            };
            self.cells.push(stored);
        }
        self.rows.push((line, first, self.cells.len()));
    }

    pub(crate) fn get(&self, row: usize) -> (u64, StoredRecord<'_>) {
        let (line, first, end) = self.rows[row];
        (
            line,
            StoredRecord {
                bytes: &self.bytes,
                cells: &self.cells[first..end],
            },
        )
    }

    fn clear_if_done(&mut self) {
        if self.is_empty() {
            self.bytes.clear();
            self.cells.clear();
            self.rows.clear();
            self.next = 0;
        }
    }
}

pub(crate) struct StoredRecord<'a> {
    bytes: &'a [u8],
    cells: &'a [StoredCell],
}

impl Record for StoredRecord<'_> {
    fn len(&self) -> usize {
        self.cells.len()
    }

    fn cell(&self, index: usize) -> Cell<'_> {
        match self.cells.get(index) {
            None | Some(StoredCell::Empty) => Cell::Empty,
            Some(&StoredCell::Text(start, end)) => Cell::Text(&self.bytes[start..end]),
            Some(&StoredCell::Number(value)) => Cell::Number(value),
            Some(&StoredCell::Date(day)) => Cell::Date(day),
        }
    }
}

/// The columns to read and the file shape, decided from the header and
/// the first rows.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) shape: Shape,
    pub(crate) headers: Vec<String>,
    /// 1-based line (CSV) or row (spreadsheet) of the header: the first
    /// non-blank one that is not a `sep=` directive, wherever it is.
    pub(crate) header_line: u64,
    pub(crate) columns: BTreeMap<Role, usize>,
    /// Required roles no column matched (an error for ingestion, shown by
    /// the preview).
    pub(crate) missing: Vec<Role>,
    pub(crate) notes: Vec<Note>,
}

impl Plan {
    /// Role → header text.
    pub(crate) fn column_names(&self) -> BTreeMap<Role, String> {
        crate::sorting::map_from(
            self.columns
                .iter()
                .map(|(&role, &index)| (role, self.headers[index].clone())),
        )
    }

    /// The error for the first missing required role, if any.
    pub(crate) fn check_complete(&self, file_name: Option<&str>) -> Result<()> {
        match self.missing.first() {
            None => Ok(()),
            Some(&role) => Err(Error::new(ErrorKind::MissingColumn {
                role: format!("{} ({})", role.key(), describe_role(role)),
                headers: list_headers(&self.headers),
            })
            .at(Position {
                file: file_name.map(str::to_string),
                line: Some(self.header_line),
                ..Default::default()
            })),
        }
    }
}

/// The roles each shape needs.
fn required_roles(shape: Shape) -> &'static [Role] {
    match shape {
        Shape::Orders => &[Role::CustomerId, Role::OrderDate, Role::Amount],
        Shape::Customers => &[
            Role::CustomerId,
            Role::LastPurchase,
            Role::OrderCount,
            Role::TotalAmount,
        ],
    }
}

/// Decide the columns and the shape from the headers (found on
/// `header_line`) and the first rows (`sample[row][column]`, as text).
pub(crate) fn make_plan(
    headers: Vec<String>,
    header_line: u64,
    sample: &[Vec<String>],
    options: &IngestOptions,
) -> Result<Plan> {
    let matched = match_roles(&headers, &options.columns)?;
    let mut columns = matched.columns;
    let mut notes = matched.notes;
    let has = |columns: &BTreeMap<Role, usize>, role| columns.contains_key(&role);
    let shape = match options.shape {
        Some(shape) => shape,
        None => {
            let level_columns = has(&columns, Role::OrderCount) || has(&columns, Role::TotalAmount);
            let id_column = columns
                .get(&Role::CustomerId)
                .or_else(|| columns.get(&Role::Email))
                .copied();
            let unique = id_column.is_some_and(|index| {
                let mut seen = FxHashSet::default();
                sample
                    .iter()
                    .filter_map(|row| {
                        row.get(index)
                            .map(|id| id.trim())
                            .filter(|id| !id.is_empty())
                    })
                    .all(|id| seen.insert(id))
            });
            let dated = has(&columns, Role::LastPurchase) || has(&columns, Role::OrderDate);
            // Without any order date, customer-level columns speak for
            // themselves (a duplicated id is then a data error, counted).
            let only_customer_level = level_columns
                && has(&columns, Role::LastPurchase)
                && !has(&columns, Role::OrderDate);
            if only_customer_level || (level_columns && unique && dated) {
                let found: Vec<&str> = [Role::OrderCount, Role::TotalAmount, Role::LastPurchase]
                    .iter()
                    .filter_map(|role| columns.get(role).map(|&i| headers[i].as_str()))
                    .collect();
                notes.push(notes::customer_level_file(&found));
                Shape::Customers
            } else {
                Shape::Orders
            }
        }
    };
    // Columns named for the other shape stand in for a missing one.
    let stand_ins: &[(Role, Role)] = match shape {
        Shape::Orders => &[
            (Role::Amount, Role::TotalAmount),
            (Role::OrderDate, Role::LastPurchase),
            (Role::Margin, Role::TotalMargin),
        ],
        Shape::Customers => &[
            (Role::TotalAmount, Role::Amount),
            (Role::LastPurchase, Role::OrderDate),
            (Role::TotalMargin, Role::Margin),
        ],
    };
    for &(wanted, stand_in) in stand_ins {
        if !columns.contains_key(&wanted) && !options.columns.contains_key(&wanted) {
            if let Some(index) = columns.remove(&stand_in) {
                columns.insert(wanted, index);
                notes.push(notes::column_stand_in(&headers[index], wanted));
            }
        }
    }
    // Without an id column, the e-mail identifies the customer.
    if !columns.contains_key(&Role::CustomerId) && !options.columns.contains_key(&Role::CustomerId)
    {
        if let Some(&index) = columns.get(&Role::Email) {
            columns.insert(Role::CustomerId, index);
            notes.push(notes::email_as_id(&headers[index]));
        }
    }
    // Roles of the other shape are not read; drop them so the report shows
    // only the columns actually used.
    let other_shape: &[Role] = match shape {
        Shape::Orders => &[
            Role::LastPurchase,
            Role::FirstPurchase,
            Role::OrderCount,
            Role::TotalAmount,
            Role::TotalMargin,
        ],
        Shape::Customers => &[
            Role::OrderDate,
            Role::Amount,
            Role::OrderId,
            Role::Margin,
            Role::Quantity,
        ],
    };
    for role in other_shape {
        columns.remove(role);
    }
    let missing = required_roles(shape)
        .iter()
        .copied()
        .filter(|role| !columns.contains_key(role))
        .collect();
    Ok(Plan {
        shape,
        headers,
        header_line,
        columns,
        missing,
        notes,
    })
}

/// Decision state of a date column.
#[derive(Debug, Clone)]
pub(crate) struct DateColumn {
    pub(crate) index: usize,
    /// `Some(true)` day-first, `Some(false)` month-first, `None` undecided.
    pub(crate) day_first: Option<bool>,
    /// Decided by the caller's `date_order`.
    given: bool,
    /// Decided by default after no evidence.
    pub(crate) assumed: bool,
    /// Some `05/03/2024`-style date was seen.
    pub(crate) pair_seen: bool,
    /// The line and value that decided.
    evidence: Option<(u64, String)>,
    cache_raw: Vec<u8>,
    cache_day: Option<i32>,
}

impl DateColumn {
    pub(crate) fn new(index: usize, order: Option<DateOrder>) -> Self {
        DateColumn {
            index,
            day_first: order.map(|o| o != DateOrder::MonthFirst),
            given: order.is_some(),
            assumed: false,
            pair_seen: false,
            evidence: None,
            cache_raw: Vec::new(),
            cache_day: None,
        }
    }

    fn decided(&self) -> bool {
        self.day_first.is_some()
    }

    /// Learn from one cell; true when the cell is ambiguous and the column undecided.
    pub(crate) fn observe(&mut self, line: u64, cell: Cell<'_>) -> bool {
        if self.day_first.is_some() {
            return false;
        }
        let Cell::Text(text) = cell else { return false };
        let scan = scan_date(text);
        if let Some(day_first) = scan.evidence() {
            self.day_first = Some(day_first);
            self.evidence = Some((line, String::from_utf8_lossy(text).trim().to_string()));
            return false;
        }
        scan.is_ambiguous()
    }

    #[inline]
    pub(crate) fn read(&mut self, cell: Cell<'_>) -> Option<i32> {
        match cell {
            Cell::Empty => None,
            Cell::Date(day) => Some(day),
            Cell::Number(serial) => excel_serial_day(serial),
            Cell::Text(text) => {
                if text == self.cache_raw.as_slice() {
                    return self.cache_day;
                }
                let scan = scan_date(text);
                if let DateScan::Pair { .. } = scan {
                    self.pair_seen = true;
                }
                let day = scan.resolve(self.day_first.unwrap_or(true));
                if text.len() <= 40 {
                    self.cache_raw.clear();
                    self.cache_raw.extend_from_slice(text);
                    self.cache_day = day;
                }
                day
            }
        }
    }

    pub(crate) fn order(&self) -> DateOrder {
        match self.day_first {
            Some(false) => DateOrder::MonthFirst,
            _ if self.pair_seen || self.given => DateOrder::DayFirst,
            _ => DateOrder::YearFirst,
        }
    }
}

/// Decision state of a number column.
#[derive(Debug, Clone)]
pub(crate) struct NumberColumn {
    pub(crate) index: usize,
    pub(crate) decimal: Option<u8>,
    defaulted: bool,
    ambiguous_seen: bool,
}

impl NumberColumn {
    pub(crate) fn new(index: usize, given: Option<u8>) -> Self {
        NumberColumn {
            index,
            decimal: given,
            defaulted: false,
            ambiguous_seen: false,
        }
    }

    pub(crate) fn observe(&mut self, cell: Cell<'_>) -> bool {
        if self.decimal.is_some() {
            return false;
        }
        let Cell::Text(text) = cell else { return false };
        match scan_decimal(text) {
            DecimalEvidence::Decides(separator) => {
                self.decimal = Some(separator);
                false
            }
            DecimalEvidence::Ambiguous => {
                self.ambiguous_seen = true;
                true
            }
            _ => false,
        }
    }

    #[inline]
    pub(crate) fn read(&self, cell: Cell<'_>, fallback: u8) -> Option<f64> {
        match cell {
            Cell::Empty | Cell::Date(_) => None,
            Cell::Number(value) => value.is_finite().then_some(value),
            Cell::Text(text) => parse_amount(text, self.decimal.unwrap_or(fallback)),
        }
    }
}

/// One row of a customer-level file.
#[derive(Debug, Clone)]
struct LevelCustomer {
    prospect: bool,
    first: i32,
    last: i32,
    orders: u32,
    revenue: f64,
    margin: f64,
    channel: u32,
}

/// The carried attributes, as bits of `attributes_missing`.
const ATTRIBUTE_ROLES: [Role; 7] = [
    Role::Name,
    Role::Email,
    Role::Postcode,
    Role::City,
    Role::BirthDate,
    Role::Age,
    Role::Sex,
];

/// Attribute values of every customer, in one arena: `spans[customer * n + k]`
/// is the value of the `k`-th mapped attribute column ([`UNSET`]: none).
///
/// A value seen before in the same column points at its first copy, so a
/// city or postcode repeated over millions of customers is stored once
/// (at 10M rows, 176 MB of attributes went to 60 MB; BENCHMARKS.md).
#[derive(Debug, Clone, Default)]
struct AttributeStore {
    arena: Vec<u8>,
    spans: Vec<(u32, u32)>,
    /// Per column, the first copy of each value by its hash; at most
    /// [`SHARED_VALUES_PER_COLUMN`] values, so that a column of unique
    /// values (e-mails) costs a bounded table, not one entry per customer.
    first_copies: Vec<FxHashMap<u64, (u32, u32)>>,
}

/// How many distinct values per attribute column are remembered for
/// sharing: more than France's postcodes or communes.
const SHARED_VALUES_PER_COLUMN: usize = 1 << 16;

impl AttributeStore {
    /// Where `value`, of attribute column `column`, is in the arena:
    /// its first copy when the column had it before, else a new copy.
    /// `None` past 4 GiB of attribute text (offsets are 32-bit).
    fn store(&mut self, column: usize, value: &[u8]) -> Option<(u32, u32)> {
        if self.first_copies.len() <= column {
            self.first_copies
                .resize_with(column + 1, FxHashMap::default);
        }
        let hash = hash_of(value);
        let known = &mut self.first_copies[column];
        if let Some(&(start, end)) = known.get(&hash) {
            // A different value with the same hash is stored anew.
            if self.arena.get(start as usize..end as usize) == Some(value) {
                return Some((start, end));
            }
        }
        let start = self.arena.len();
        let span = (
            u32::try_from(start).ok()?,
            u32::try_from(start + value.len()).ok()?,
        );
        self.arena.extend_from_slice(value);
        if known.len() < SHARED_VALUES_PER_COLUMN {
            known.entry(hash).or_insert(span);
        }
        Some(span)
    }

    /// The store as the customers' attribute table, `columns` naming its
    /// columns. The arena moves when it is valid UTF-8 value by value (the
    /// usual case); otherwise each value is converted, lossily when it must.
    fn into_table(self, columns: Vec<Attribute>) -> AttributeTable {
        let AttributeStore {
            mut arena,
            mut spans,
            first_copies,
        } = self;
        drop(first_copies);
        // Both grew by doubling; the table keeps them for the session.
        arena.shrink_to_fit();
        spans.shrink_to_fit();
        match String::from_utf8(arena) {
            Ok(text)
                if spans.iter().all(|&(start, end)| {
                    (start, end) == UNSET
                        || (text.is_char_boundary(start as usize)
                            && text.is_char_boundary(end as usize))
                }) =>
            {
                AttributeTable {
                    columns,
                    text,
                    spans,
                }
            }
            Ok(text) => Self::converted(text.as_bytes(), spans, columns),
            Err(error) => Self::converted(error.as_bytes(), spans, columns),
        }
    }

    fn converted(arena: &[u8], spans: Vec<(u32, u32)>, columns: Vec<Attribute>) -> AttributeTable {
        let mut text = String::with_capacity(arena.len());
        let spans = spans
            .into_iter()
            .map(|span| {
                if span == UNSET {
                    return UNSET;
                }
                let start = text.len();
                text.push_str(&String::from_utf8_lossy(
                    &arena[span.0 as usize..span.1 as usize],
                ));
                (start as u32, text.len() as u32)
            })
            .collect();
        AttributeTable {
            columns,
            text,
            spans,
        }
    }
}

/// The customer attribute an attribute role carries.
fn attribute_of(role: Role) -> Attribute {
    match role {
        Role::Name => Attribute::Name,
        Role::Email => Attribute::Email,
        Role::Postcode => Attribute::Postcode,
        Role::City => Attribute::City,
        Role::BirthDate => Attribute::BirthDate,
        Role::Age => Attribute::Age,
        _ => Attribute::Sex,
    }
}

/// Counters kept for the notes.
#[derive(Debug, Clone, Default)]
struct Tally {
    returns: u64,
    zero_amounts: u64,
    margin_unreadable: u64,
    margin_example: Option<RowExample>,
    blank_rows: u64,
    blank_pending: u64,
    first_purchase_missing: u64,
    first_after_last: u64,
    invalid_text: u64,
}

const REASONS: [SkipReason; 8] = [
    SkipReason::MissingId,
    SkipReason::UnparseableDate,
    SkipReason::UnparseableAmount,
    SkipReason::DuplicateOrder,
    SkipReason::DateAfterAsOf,
    SkipReason::DuplicateCustomer,
    SkipReason::UnparseableOrderCount,
    SkipReason::ReturnWithoutPurchase,
];

/// A return row read before any order of its customer: skipped at the end
/// if the customer never buys (a customer has at least one purchase day).
#[derive(Debug, Clone)]
struct EarlyReturn {
    customer: u32,
    line: u64,
    /// The amount as found, for the row examples.
    value: CompactString,
}

fn reason_index(reason: SkipReason) -> usize {
    REASONS.iter().position(|&r| r == reason).unwrap_or(0)
}

/// What the engine hands back besides the customers.
pub(crate) struct EngineSummary {
    pub(crate) rows: RowAccounting,
    pub(crate) decimal_separator: char,
    pub(crate) date_order: DateOrder,
    pub(crate) date_order_assumed: bool,
    pub(crate) columns: BTreeMap<Role, String>,
    pub(crate) shape: Shape,
    pub(crate) notes: Vec<Note>,
}

/// Channels compared inline ([`Engine::channel_of`]): how many, and up to
/// what length in bytes.
const RECENT_CHANNELS: usize = 8;
const SHORT_CHANNEL: usize = 16;

/// The row processor.
pub(crate) struct Engine {
    plan: Plan,
    file_name: Option<String>,
    id_column: usize,
    order_id_column: Option<usize>,
    channel_column: Option<usize>,
    count_column: Option<usize>,
    /// (bit, role, column) of each mapped attribute; the bit is `1 << k`
    /// for the `k`-th entry.
    attribute_columns: Vec<(u8, Role, usize)>,
    attribute_mask: u8,
    /// Width of the stored rows: every used column fits.
    width: usize,
    date: DateColumn,
    first_date: Option<DateColumn>,
    amount: NumberColumn,
    margin: Option<NumberColumn>,
    all_decided: bool,
    /// Decimal separator for columns with no evidence.
    pub(crate) default_decimal: u8,
    pub(crate) default_decimal_reason: Phrase,
    pending: PendingRows,
    header_seen: bool,
    explicit_as_of: Option<i32>,
    max_day: Option<i32>,
    /// Earliest day of a used order row.
    min_day: Option<i32>,
    read: u64,
    used: u64,
    skipped: [u64; REASONS.len()],
    examples: [Vec<RowExample>; REASONS.len()],
    /// Return rows read while their customer had no order yet, in file order.
    returns_before_purchase: Vec<EarlyReturn>,
    ids: Interner,
    days: DayLog,
    /// The date of the last day logged.
    calendar: LastDate,
    level_customers: Vec<LevelCustomer>,
    attributes: AttributeStore,
    channels: Interner,
    /// The first channels seen, by (length, zero-padded bytes).
    recent_channels: Vec<((usize, [u8; SHORT_CHANNEL]), u32)>,
    order_ids: OrderIdSet,
    tally: Tally,
    forced_at_cap: bool,
}

impl Engine {
    /// An engine for a complete plan (see [`Plan::check_complete`]).
    /// `default_decimal` is `,` or `.`, with the reason for that default.
    pub(crate) fn new(
        plan: Plan,
        options: &IngestOptions,
        default_decimal: u8,
        default_decimal_reason: Phrase,
    ) -> Self {
        let column = |role| plan.columns.get(&role).copied();
        let (date_role, amount_role, margin_role) = match plan.shape {
            Shape::Orders => (Role::OrderDate, Role::Amount, Role::Margin),
            Shape::Customers => (Role::LastPurchase, Role::TotalAmount, Role::TotalMargin),
        };
        let given_decimal = options
            .decimal_separator
            .map(|c| if c == ',' { b',' } else { b'.' });
        let date = DateColumn::new(column(date_role).unwrap_or(0), options.date_order);
        let first_date = match plan.shape {
            Shape::Customers => {
                column(Role::FirstPurchase).map(|i| DateColumn::new(i, options.date_order))
            }
            Shape::Orders => None,
        };
        let amount = NumberColumn::new(column(amount_role).unwrap_or(0), given_decimal);
        let margin = column(margin_role).map(|i| NumberColumn::new(i, given_decimal));
        let attribute_columns: Vec<(u8, Role, usize)> = ATTRIBUTE_ROLES
            .iter()
            .filter_map(|&role| column(role).map(|index| (role, index)))
            .enumerate()
            .map(|(k, (role, index))| (1u8 << k, role, index))
            .collect();
        let attribute_mask = attribute_columns
            .iter()
            .fold(0, |mask, (bit, _, _)| mask | bit);
        let width = plan.columns.values().copied().max().map_or(1, |m| m + 1);
        let mut engine = Engine {
            id_column: column(Role::CustomerId).unwrap_or(0),
            order_id_column: column(Role::OrderId).filter(|_| plan.shape == Shape::Orders),
            channel_column: column(Role::Channel),
            count_column: column(Role::OrderCount).filter(|_| plan.shape == Shape::Customers),
            attribute_columns,
            attribute_mask,
            width,
            date,
            first_date,
            amount,
            margin,
            all_decided: false,
            default_decimal,
            default_decimal_reason,
            pending: PendingRows::default(),
            header_seen: false,
            explicit_as_of: options.as_of.map(super::date::day_of),
            max_day: None,
            min_day: None,
            read: 0,
            used: 0,
            skipped: [0; REASONS.len()],
            examples: Default::default(),
            returns_before_purchase: Vec::new(),
            ids: Interner::default(),
            days: DayLog::default(),
            calendar: LastDate::default(),
            level_customers: Vec::new(),
            attributes: AttributeStore::default(),
            channels: Interner::default(),
            recent_channels: Vec::with_capacity(RECENT_CHANNELS),
            order_ids: OrderIdSet::default(),
            tally: Tally::default(),
            forced_at_cap: false,
            file_name: options.file_name.clone(),
            plan,
        };
        engine.update_all_decided();
        engine
    }

    fn update_all_decided(&mut self) {
        self.all_decided = self.date.decided()
            && self.first_date.as_ref().is_none_or(DateColumn::decided)
            && self.amount.decimal.is_some()
            && self.margin.as_ref().is_none_or(|m| m.decimal.is_some());
    }

    /// Learn from a row; true when some undecided column cannot read it yet.
    fn observe(&mut self, line: u64, record: &impl Record) -> bool {
        let mut ambiguous = self.date.observe(line, record.cell(self.date.index));
        if let Some(first) = &mut self.first_date {
            ambiguous |= first.observe(line, record.cell(first.index));
        }
        ambiguous |= self.amount.observe(record.cell(self.amount.index));
        if let Some(margin) = &mut self.margin {
            ambiguous |= margin.observe(record.cell(margin.index));
        }
        self.update_all_decided();
        ambiguous
    }

    /// Take the defaults for every undecided column.
    fn force_defaults(&mut self) {
        if self.date.day_first.is_none() {
            self.date.day_first = Some(true);
            self.date.assumed = true;
        }
        if let Some(first) = &mut self.first_date {
            if first.day_first.is_none() {
                first.day_first = Some(true);
                first.assumed = true;
            }
        }
        // A margin column without evidence follows the amount column.
        let amount_decimal = self.amount.decimal;
        if self.amount.decimal.is_none() {
            self.amount.decimal = Some(self.default_decimal);
            self.amount.defaulted = true;
        }
        if let Some(margin) = &mut self.margin {
            if margin.decimal.is_none() {
                margin.decimal = Some(amount_decimal.unwrap_or(self.default_decimal));
                margin.defaulted = true;
            }
        }
        self.update_all_decided();
    }

    /// One record from the reader (the header included: the first non-blank record).
    pub(crate) fn on_record(&mut self, line: u64, record: &impl Record) {
        if is_blank(record) {
            if self.header_seen {
                self.tally.blank_pending += 1;
            }
            return;
        }
        if !self.header_seen {
            if !is_separator_directive(record) {
                self.header_seen = true;
            }
            return;
        }
        self.tally.blank_rows += self.tally.blank_pending;
        self.tally.blank_pending = 0;
        if self.all_decided && self.pending.is_empty() {
            self.process(line, record);
            return;
        }
        let ambiguous = self.observe(line, record);
        if self.pending.is_empty() && !ambiguous {
            self.process(line, record);
            return;
        }
        self.pending.push(line, record, self.width);
        self.drain_pending();
        if self.pending.len() >= PENDING_ROWS_CAP {
            self.forced_at_cap = true;
            self.force_defaults();
            self.drain_pending();
        }
    }

    /// A record announced some records ahead of its processing: start
    /// loading its customer's hash slot now, so that the cache miss (the
    /// per-customer table is far larger than the CPU caches in a file with
    /// many customers) overlaps with the processing of the records before it.
    #[inline]
    pub(crate) fn hint(&self, record: &impl Record) {
        if self.all_decided && self.plan.shape == Shape::Orders {
            self.ids.touch(hash_of(&record.cell(self.id_column).key()));
        }
    }

    /// Process buffered rows from the front while they can be read.
    fn drain_pending(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        while !pending.is_empty() {
            let (line, record) = pending.get(pending.next);
            if !self.all_decided && self.observe(line, &record) {
                break;
            }
            self.process(line, &record);
            pending.next += 1;
        }
        pending.clear_if_done();
        self.pending = pending;
    }

    /// Skip the rows of the customers who have returns and no order at all
    /// (all their rows are in `returns_before_purchase`): with no purchase
    /// day they are no customer, and their returns are netted against
    /// nothing. The as-of date then comes from the rows still used.
    fn skip_returns_without_purchase(&mut self, histories: &Histories) {
        let early = std::mem::take(&mut self.returns_before_purchase);
        let reason = reason_index(SkipReason::ReturnWithoutPurchase);
        let column = self.plan.headers.get(self.amount.index);
        let buys = |customer: u32| {
            histories
                .days
                .get(customer as usize)
                .is_some_and(|days| histories.of(days).iter().any(Purchase::is_purchase))
        };
        let mut skipped = 0u64;
        for row in early.into_iter().filter(|row| !buys(row.customer)) {
            skipped += 1;
            if self.examples[reason].len() < 5 {
                self.examples[reason].push(RowExample {
                    line: row.line,
                    column: column.cloned(),
                    value: row.value.into(),
                });
            }
        }
        if skipped == 0 {
            return;
        }
        self.skipped[reason] += skipped;
        self.used = self.used.saturating_sub(skipped);
        self.tally.returns = self.tally.returns.saturating_sub(skipped);
        // The latest day of the customers kept (their return-only days
        // included: a used row).
        self.max_day = histories
            .days
            .iter()
            .map(|days| histories.of(days))
            .filter(|history| history.iter().any(Purchase::is_purchase))
            .filter_map(|history| history.last())
            .map(|last| super::date::day_of(last.date))
            .max();
    }

    fn skip(&mut self, reason: SkipReason, line: u64, column: usize, cell: Cell<'_>) {
        let index = reason_index(reason);
        self.skipped[index] += 1;
        if self.examples[index].len() < 5 {
            self.examples[index].push(RowExample {
                line,
                column: self.plan.headers.get(column).cloned(),
                value: cell.text().into_owned(),
            });
        }
    }

    fn channel_of(&mut self, record: &impl Record) -> u32 {
        let Some(column) = self.channel_column else {
            return NO_CHANNEL;
        };
        let key = record.cell(column).key();
        if key.is_empty() {
            return NO_CHANNEL;
        }
        // Channels are few: the first ones seen are compared inline, a few
        // word comparisons instead of a hash and a probe.
        let short = key.len() <= SHORT_CHANNEL;
        let mut padded = [0u8; SHORT_CHANNEL];
        if short {
            padded[..key.len()].copy_from_slice(&key);
            let wanted = (key.len(), padded);
            if let Some(&(_, index)) = self.recent_channels.iter().find(|(k, _)| *k == wanted) {
                return index;
            }
        }
        let index = self.channels.intern(&key).0 as u32;
        if short && self.recent_channels.len() < RECENT_CHANNELS {
            self.recent_channels.push(((key.len(), padded), index));
        }
        index
    }

    fn margin_of(&mut self, line: u64, record: &impl Record) -> f64 {
        let Some(margin) = &self.margin else {
            return 0.0;
        };
        let cell = record.cell(margin.index);
        if cell.is_blank() {
            return 0.0;
        }
        match margin.read(cell, self.default_decimal) {
            Some(value) => value,
            None => {
                self.tally.margin_unreadable += 1;
                if self.tally.margin_example.is_none() {
                    self.tally.margin_example = Some(RowExample {
                        line,
                        column: self.plan.headers.get(margin.index).cloned(),
                        value: cell.text().into_owned(),
                    });
                }
                0.0
            }
        }
    }

    /// Store the row's non-empty attributes among `only_missing`; returns the bits set.
    fn set_attributes(&mut self, customer: usize, record: &impl Record, only_missing: u8) -> u8 {
        let day_first = self.date.day_first.unwrap_or(true);
        let mut set = 0u8;
        let width = self.attribute_columns.len();
        if self.attributes.spans.len() < (customer + 1) * width {
            self.attributes.spans.resize((customer + 1) * width, UNSET);
        }
        for (k, &(bit, role, column)) in self.attribute_columns.iter().enumerate() {
            if only_missing & bit == 0 {
                continue;
            }
            let cell = record.cell(column);
            // Bytes, trimmed; they become text (checked as UTF-8) at the end.
            let value: Cow<'_, [u8]> = match (role, cell) {
                (_, cell) if cell.is_blank() => continue,
                (Role::BirthDate, Cell::Date(day)) => {
                    Cow::Owned(date_of(day).to_string().into_bytes())
                }
                (Role::BirthDate, Cell::Number(serial)) => Cow::Owned(
                    excel_serial_day(serial)
                        .map_or_else(|| format_number(serial), |d| date_of(d).to_string())
                        .into_bytes(),
                ),
                (Role::BirthDate, Cell::Text(text)) => match scan_date(text).resolve(day_first) {
                    Some(day) => Cow::Owned(date_of(day).to_string().into_bytes()),
                    None => cell.key(),
                },
                (_, cell) => cell.key(),
            };
            // Text past 4 GiB of attributes is not kept.
            let Some(span) = self.attributes.store(k, &value) else {
                continue;
            };
            self.attributes.spans[customer * width + k] = span;
            set |= bit;
        }
        set
    }

    /// Apply the row rules to one readable row.
    fn process(&mut self, line: u64, record: &impl Record) {
        self.read += 1;
        match self.plan.shape {
            Shape::Orders => self.process_order(line, record),
            Shape::Customers => self.process_customer_row(line, record),
        }
    }

    #[inline]
    fn process_order(&mut self, line: u64, record: &impl Record) {
        let id_cell = record.cell(self.id_column);
        let id = id_cell.key();
        if id.is_empty() {
            return self.skip(SkipReason::MissingId, line, self.id_column, id_cell);
        }
        // The customer's slot is almost always a cache miss: start loading
        // it now, so that it arrives while the rest of the row is parsed.
        // Not on wasm, where touching loads slots in batches: this slot is
        // the look-ahead's (`hint`), already loaded.
        let id_hash = hash_of(&id);
        #[cfg(target_arch = "x86_64")]
        self.ids.touch(id_hash);
        let date_cell = record.cell(self.date.index);
        let Some(day) = self.date.read(date_cell) else {
            return self.skip(
                SkipReason::UnparseableDate,
                line,
                self.date.index,
                date_cell,
            );
        };
        let amount_cell = record.cell(self.amount.index);
        let Some(amount) = self.amount.read(amount_cell, self.default_decimal) else {
            return self.skip(
                SkipReason::UnparseableAmount,
                line,
                self.amount.index,
                amount_cell,
            );
        };
        if self.explicit_as_of.is_some_and(|as_of| day > as_of) {
            return self.skip(SkipReason::DateAfterAsOf, line, self.date.index, date_cell);
        }
        if let Some(column) = self.order_id_column {
            let cell = record.cell(column);
            let order_id = cell.key();
            if !order_id.is_empty() && !self.order_ids.insert(&order_id) {
                return self.skip(SkipReason::DuplicateOrder, line, column, cell);
            }
        }
        let margin = self.margin_of(line, record);
        // A zero amount is an order; a negative one is a return: netted
        // into the day's revenue and margin, but neither an order nor a
        // purchase day, nor a channel (see `Purchase`).
        let order = amount >= 0.0;
        let channel = if order {
            self.channel_of(record)
        } else {
            NO_CHANNEL
        };
        let row = Purchase {
            date: self.calendar.date(day),
            revenue: amount,
            margin,
            orders: u32::from(order),
        };
        let next_entry = self.days.len() as u32;
        let fresh = Hot {
            last_day: day,
            last_entry: next_entry,
            attributes_missing: self.attribute_mask,
            purchased: order,
        };
        let (index, new, hot) = self.ids.entry(&id, id_hash, fresh);
        let missing = hot.attributes_missing;
        if !order && (new || !hot.purchased) {
            // No order of this customer yet: if none ever comes, this row
            // is skipped at the end (`SkipReason::ReturnWithoutPurchase`).
            self.returns_before_purchase.push(EarlyReturn {
                customer: index as u32,
                line,
                value: CompactString::new(amount_cell.text()),
            });
        }
        hot.purchased |= order;
        if !new && hot.last_day == day {
            // Another order of the customer's latest purchase day.
            self.days.merge(hot.last_entry as usize, &row, channel);
        } else {
            hot.last_day = day;
            hot.last_entry = next_entry;
            self.days.push(row, index as u32, channel);
        }
        if missing != 0 {
            let set = self.set_attributes(index, record, missing);
            if set != 0 {
                if let Some(hot) = self.ids.hot_mut(&id) {
                    hot.attributes_missing &= !set;
                }
            }
        }
        if amount < 0.0 {
            self.tally.returns += 1;
        } else if amount == 0.0 {
            self.tally.zero_amounts += 1;
        }
        self.used += 1;
        self.max_day = Some(self.max_day.map_or(day, |max| max.max(day)));
        self.min_day = Some(self.min_day.map_or(day, |min| min.min(day)));
    }

    fn process_customer_row(&mut self, line: u64, record: &impl Record) {
        let id_cell = record.cell(self.id_column);
        let id = id_cell.key();
        if id.is_empty() {
            return self.skip(SkipReason::MissingId, line, self.id_column, id_cell);
        }
        if self.ids.find(&id).is_some() {
            return self.skip(SkipReason::DuplicateCustomer, line, self.id_column, id_cell);
        }
        let decimal = self.amount.decimal.unwrap_or(self.default_decimal);
        let mut count = None;
        if let Some(column) = self.count_column {
            let cell = record.cell(column);
            count = match cell {
                cell if cell.is_blank() => None,
                Cell::Number(value)
                    if value >= 0.0 && value.fract() == 0.0 && value <= f64::from(u32::MAX) =>
                {
                    Some(value as u32)
                }
                Cell::Text(text) => match parse_count(text, decimal) {
                    Some(count) => Some(count),
                    None => {
                        return self.skip(SkipReason::UnparseableOrderCount, line, column, cell)
                    }
                },
                _ => return self.skip(SkipReason::UnparseableOrderCount, line, column, cell),
            };
        }
        let date_cell = record.cell(self.date.index);
        let prospect = count == Some(0) || (date_cell.is_blank() && count.is_none());
        let mut row = LevelCustomer {
            prospect,
            first: 0,
            last: 0,
            orders: 0,
            revenue: 0.0,
            margin: 0.0,
            channel: NO_CHANNEL,
        };
        if !prospect {
            let Some(day) = self.date.read(date_cell) else {
                return self.skip(
                    SkipReason::UnparseableDate,
                    line,
                    self.date.index,
                    date_cell,
                );
            };
            let amount_cell = record.cell(self.amount.index);
            let Some(revenue) = self.amount.read(amount_cell, self.default_decimal) else {
                return self.skip(
                    SkipReason::UnparseableAmount,
                    line,
                    self.amount.index,
                    amount_cell,
                );
            };
            if self.explicit_as_of.is_some_and(|as_of| day > as_of) {
                return self.skip(SkipReason::DateAfterAsOf, line, self.date.index, date_cell);
            }
            let mut first = day;
            if let Some(first_column) = &mut self.first_date {
                match first_column.read(record.cell(first_column.index)) {
                    Some(first_day) if first_day <= day => first = first_day,
                    Some(_) => self.tally.first_after_last += 1,
                    None => self.tally.first_purchase_missing += 1,
                }
            }
            row.first = first;
            row.last = day;
            row.orders = count.unwrap_or(1).max(1);
            row.revenue = revenue;
            row.margin = self.margin_of(line, record);
            row.channel = self.channel_of(record);
            self.max_day = Some(self.max_day.map_or(day, |max| max.max(day)));
        }
        let (index, _) = self.ids.intern(&id);
        self.level_customers.push(row);
        self.set_attributes(index, record, self.attribute_mask);
        self.used += 1;
    }

    /// `bytes_read` of an input of `total_bytes` are read: the day log
    /// makes room for the rest (see [`DayLog::make_room`]).
    pub(crate) fn make_room(&mut self, bytes_read: u64, total_bytes: u64) {
        self.days.make_room(bytes_read, total_bytes);
    }

    /// End of input: decide what is still undecided, process what is
    /// buffered, and build the customers.
    pub(crate) fn finish(mut self) -> Result<(Customers, EngineSummary)> {
        self.force_defaults();
        self.drain_pending();
        // Ingest state not needed any more goes before the customers are built.
        self.order_ids = OrderIdSet::default();
        self.ids.release_table();
        self.channels.release_table();
        // Order files: every customer's days, and the rows of customers
        // who only returned goods, skipped (the row accounting below
        // needs them).
        let histories = match (self.plan.shape, self.min_day, self.max_day) {
            (Shape::Orders, Some(_), Some(_)) => {
                let log = std::mem::take(&mut self.days);
                let histories = log.into_histories(self.ids.len());
                self.skip_returns_without_purchase(&histories);
                Some(histories)
            }
            _ => None,
        };
        let mut notes = std::mem::take(&mut self.plan.notes);
        let file = self.file_name.clone();
        let mut rows = RowAccounting {
            read: self.read,
            used: self.used,
            ..Default::default()
        };
        for (index, &reason) in REASONS.iter().enumerate() {
            if self.skipped[index] > 0 {
                rows.skipped.insert(reason, self.skipped[index]);
                rows.examples
                    .insert(reason, std::mem::take(&mut self.examples[index]));
            }
        }
        if self.read == 0 {
            return Err(Error::new(ErrorKind::NoUsableRow(
                crate::error_messages::HEADER_NO_ROWS.into(),
            ))
            .at(Position {
                file,
                ..Default::default()
            }));
        }
        let Some(max_day) = self.max_day.or(self.explicit_as_of) else {
            return Err(
                Error::new(ErrorKind::NoUsableRow(rows.none_used(self.read))).at(Position {
                    file,
                    ..Default::default()
                }),
            );
        };
        if self.used == 0 || (self.plan.shape == Shape::Customers && self.max_day.is_none()) {
            let text = if rows.skipped.is_empty() {
                crate::error_messages::ROWS_ALL_PROSPECTS.with(&[("count", &self.read)])
            } else {
                rows.none_used(self.read)
            };
            return Err(Error::new(ErrorKind::NoUsableRow(text)).at(Position {
                file,
                ..Default::default()
            }));
        }
        let as_of = self.explicit_as_of.unwrap_or(max_day);

        // Notes, in the order a reader wants them.
        let headers = &self.plan.headers;
        if self.date.assumed && self.date.pair_seen {
            notes.push(notes::date_order_assumed(
                &headers[self.date.index],
                self.forced_at_cap,
            ));
        } else if let (false, Some((line, value))) = (self.date.given, &self.date.evidence) {
            notes.push(notes::date_order_found(
                &headers[self.date.index],
                self.date.day_first == Some(true),
                *line,
                value,
            ));
        }
        for column in std::iter::once(&self.amount).chain(self.margin.as_ref()) {
            if column.defaulted && column.ambiguous_seen {
                notes.push(notes::decimal_separator_assumed(
                    &headers[column.index],
                    column.decimal == Some(b','),
                    self.default_decimal_reason,
                ));
            }
        }
        if self.tally.returns > 0 {
            notes.push(notes::returns(self.tally.returns));
        }
        if self.tally.zero_amounts > 0 {
            notes.push(notes::zero_amounts(self.tally.zero_amounts));
        }
        if let Some(example) = &self.tally.margin_example {
            notes.push(notes::margin_unreadable(
                self.tally.margin_unreadable,
                example,
            ));
        }
        let duplicates = self.skipped[reason_index(SkipReason::DuplicateOrder)];
        if duplicates * 10 > self.read {
            if let Some(column) = self.order_id_column {
                notes.push(notes::many_duplicate_orders(duplicates, &headers[column]));
            }
        }
        if self.tally.blank_rows > 0 {
            notes.push(notes::blank_rows(self.tally.blank_rows));
        }
        let id_text = ArenaText::new(self.ids.arena());
        self.tally.invalid_text = (0..self.ids.len())
            .filter(|&i| {
                let (start, end) = self.ids.span(i);
                !id_text.is_valid(start, end)
            })
            .count() as u64;
        if self.tally.invalid_text > 0 {
            notes.push(notes::invalid_text_ids(self.tally.invalid_text));
        }
        if self.tally.first_purchase_missing > 0 {
            notes.push(notes::first_purchase_missing(
                self.tally.first_purchase_missing,
            ));
        }
        if self.tally.first_after_last > 0 {
            notes.push(notes::first_after_last(self.tally.first_after_last));
        }

        let columns = self.plan.column_names();
        let channel_names: Vec<CompactString> = (0..self.channels.len())
            .map(|i| text_of(self.channels.get(i)))
            .collect();
        let channel_id = |index: u32| {
            (index != NO_CHANNEL)
                .then(|| ChannelId::from_index(index as usize))
                .flatten()
        };
        let attributes = std::mem::take(&mut self.attributes).into_table(
            self.attribute_columns
                .iter()
                .map(|&(_, role, _)| attribute_of(role))
                .collect(),
        );
        let id_of = |index: usize| {
            let (start, end) = self.ids.span(index);
            id_text.get(start, end)
        };
        let mut customers = Vec::new();
        let mut prospects = Vec::new();
        let mut purchases = Vec::new();
        match (self.plan.shape, histories) {
            (Shape::Orders, Some(histories)) => {
                customers.reserve(self.ids.len());
                for (index, days) in histories.days.iter().enumerate() {
                    let history = histories.of(days);
                    // A customer whose rows were all returns has no
                    // purchase day: its rows were skipped above. Its days
                    // stay in the purchase array, unreferenced.
                    let Some(purchase_days) = PurchaseDays::of(history) else {
                        continue;
                    };
                    customers.push(Customer {
                        id: id_of(index),
                        first_purchase: purchase_days.first,
                        last_purchase: purchase_days.last,
                        frequency: purchase_days.frequency,
                        orders: purchase_days.orders,
                        revenue: history.iter().map(|p| p.revenue).sum(),
                        margin: history.iter().map(|p| p.margin).sum(),
                        first_channel: channel_id(days.first_channel),
                        last_channel: channel_id(days.last_channel),
                        history: Span {
                            start: days.start,
                            len: days.len,
                        },
                        attributes: index as u32,
                    });
                }
                purchases = histories.purchases;
            }
            (Shape::Orders, None) => {}
            (Shape::Customers, _) => {
                for (index, row) in self.level_customers.iter().enumerate() {
                    if row.prospect {
                        prospects.push(Prospect {
                            id: id_of(index),
                            attributes: index as u32,
                        });
                        continue;
                    }
                    let channel = channel_id(row.channel);
                    customers.push(Customer {
                        id: id_of(index),
                        first_purchase: date_of(row.first),
                        last_purchase: date_of(row.last),
                        frequency: row.orders,
                        orders: row.orders,
                        revenue: row.revenue,
                        margin: row.margin,
                        first_channel: channel,
                        last_channel: channel,
                        history: Span::default(),
                        attributes: index as u32,
                    });
                }
                if !prospects.is_empty() {
                    notes.push(notes::prospects(prospects.len() as u64));
                }
            }
        }
        let shape = self.plan.shape;
        let customers = Customers::from_parts(CustomerParts {
            as_of: date_of(as_of),
            customers,
            prospects,
            has_margin: self.margin.is_some(),
            has_channel: self.channel_column.is_some(),
            has_history: shape == Shape::Orders,
            first_purchase_known: shape == Shape::Orders || self.first_date.is_some(),
            purchases,
            channels: channel_names,
            attributes,
        });
        let summary = EngineSummary {
            rows,
            decimal_separator: if self.amount.decimal == Some(b',') {
                ','
            } else {
                '.'
            },
            date_order: self.date.order(),
            date_order_assumed: self.date.assumed && self.date.pair_seen,
            columns,
            shape,
            notes,
        };
        Ok((customers, summary))
    }
}

/// Byte strings packed in one arena, read as text with one UTF-8 check of
/// the whole arena instead of one per string. In the usual case the arena
/// is valid UTF-8, and a string in it is then valid exactly when both its
/// ends are character boundaries.
struct ArenaText<'a> {
    bytes: &'a [u8],
    text: Option<&'a str>,
}

impl<'a> ArenaText<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        ArenaText {
            bytes,
            text: std::str::from_utf8(bytes).ok(),
        }
    }

    /// Whether `bytes[start..end]` is valid UTF-8.
    fn is_valid(&self, start: usize, end: usize) -> bool {
        match self.text {
            Some(text) => text.get(start..end).is_some(),
            None => std::str::from_utf8(&self.bytes[start..end]).is_ok(),
        }
    }

    /// `bytes[start..end]` as text (lossy when not valid UTF-8).
    fn get(&self, start: usize, end: usize) -> CompactString {
        match self.text.and_then(|text| text.get(start..end)) {
            Some(text) => CompactString::new(text),
            None => text_of(&self.bytes[start..end]),
        }
    }
}

/// Bytes as text: a plain copy when valid UTF-8 (the usual case), else lossy.
fn text_of(bytes: &[u8]) -> CompactString {
    CompactString::from_utf8_lossy(bytes)
}

/// Excel's `sep=;` first line, which names the delimiter and is not the header.
pub(crate) fn is_separator_directive(record: &impl Record) -> bool {
    match record.cell(0) {
        Cell::Text(text) => {
            let text = text.trim_ascii();
            text.len() <= 6
                && text.len() >= 4
                && text[..4].eq_ignore_ascii_case(b"sep=")
                && (1..=2).contains(&record.len())
        }
        _ => false,
    }
}

pub(crate) fn is_blank(record: &impl Record) -> bool {
    (0..record.len()).all(|index| record.cell(index).is_blank())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(store: &AttributeStore, (start, end): (u32, u32)) -> &[u8] {
        &store.arena[start as usize..end as usize]
    }

    #[test]
    fn a_value_repeated_in_a_column_is_stored_once() {
        let mut store = AttributeStore::default();
        let lyon = store.store(1, b"Lyon").unwrap();
        let nice = store.store(1, b"Nice").unwrap();
        assert_eq!(store.store(1, b"Lyon"), Some(lyon));
        // The same text in another column is that column's own copy.
        let name = store.store(0, b"Lyon").unwrap();
        assert_ne!(name, lyon);
        assert_eq!(store.arena, b"LyonNiceLyon");
        assert_eq!(
            (text(&store, lyon), text(&store, nice), text(&store, name)),
            (&b"Lyon"[..], &b"Nice"[..], &b"Lyon"[..])
        );
    }

    #[test]
    fn past_the_remembered_values_a_new_value_is_copied_each_time() {
        let mut store = AttributeStore::default();
        for i in 0..SHARED_VALUES_PER_COLUMN {
            store.store(0, i.to_string().as_bytes()).unwrap();
        }
        let before = store.arena.len();
        let first = store.store(0, b"late").unwrap();
        let second = store.store(0, b"late").unwrap();
        assert_ne!(first, second);
        assert_eq!(store.arena.len(), before + 8);
        assert_eq!(text(&store, second), b"late");
        // A value remembered before the cap is still shared.
        let zero = store.store(0, b"0").unwrap();
        assert_eq!(zero, (0, 1));
    }
}
