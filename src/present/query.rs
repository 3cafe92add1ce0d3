//! The customer lists behind the page's dialog: one segment, class or tier,
//! one cell of a migration matrix (or everyone), searched, sorted and cut
//! into pages in the core, so a list of 250 000 customers never crosses to
//! the page whole.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::rows::{tier_from_key, tier_key, CustomerRows};
use crate::abc::AbcClass;
use crate::customers::Attribute;
use crate::dynamics::migrations;
use crate::export::{Cell, Rows};
use crate::i18n::Language;
use crate::pipeline::Results;
use crate::points::Tier;
use crate::predict::GroupLabel;
use crate::rfm::Segment;
use crate::segment_keys::SegmentMethod;
use crate::{Error, Result};

/// Most rows one page holds; larger limits are cut to this.
pub const MAX_PAGE_ROWS: usize = 500;
/// Rows per page when the query does not say.
pub const DEFAULT_PAGE_ROWS: usize = 50;

/// Which grouping a [`CustomerFilter`] selects on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterKind {
    /// An RFM segment, by its key (`champions`, `at_risk`, …).
    #[serde(alias = "rfm", alias = "segment")]
    RfmSegment,
    /// An ABC class: `A`, `B` or `C`.
    #[serde(alias = "abc", alias = "class")]
    AbcClass,
    /// A value tier, by its key (`vip`, `very_good`, …).
    #[serde(alias = "tier", alias = "points")]
    ValueTier,
    /// A predictive group of the forecast, by its label (`A`, `B`, …).
    #[serde(alias = "group")]
    PredictiveGroup,
    /// A cell of the value × potential matrix (`AA'`, `BC'`, …). Row P
    /// (prospects) has no purchase and so no place in a customer list.
    #[serde(alias = "cross")]
    CrossCell,
    /// The customers who made one move of a migration matrix: `method`
    /// (`rfm`, `abc`, `points`, `predictive` or its alias `group`), `from` (the segment at the first date,
    /// absent for the "new" row) and `to` (the segment at the as-of date).
    Migration,
}

/// The cells a customer (not a prospect) can be in.
const CUSTOMER_CROSS_CELLS: [&str; 9] = [
    "AA'", "AB'", "AC'", "BA'", "BB'", "BC'", "CA'", "CB'", "CC'",
];

/// The methods a migration filter may name, as their summary keys
/// ([`SegmentMethod::migration_key`]); `tier` and `group` are read as
/// `points` and `predictive`.
const MIGRATION_METHODS: [&str; 4] = ["rfm", "abc", "points", "predictive"];

/// The customers of one segment, class or tier.
///
/// ```
/// use segmento::present::{CustomerFilter, FilterKind};
/// let filter: CustomerFilter =
///     serde_json::from_str(r#"{"kind": "rfm_segment", "key": "champions"}"#).unwrap();
/// assert_eq!(filter.kind, FilterKind::RfmSegment);
/// filter.validate().unwrap();
/// let typo = CustomerFilter::new(FilterKind::RfmSegment, "champion");
/// assert!(typo.validate().unwrap_err().to_string().contains("champion"));
/// let slipped: CustomerFilter = serde_json::from_str(
///     r#"{"kind": "migration", "method": "rfm", "from": "champions", "to": "at_risk"}"#,
/// ).unwrap();
/// assert_eq!(slipped, CustomerFilter::migration("rfm", Some("champions"), "at_risk"));
/// slipped.validate().unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerFilter {
    /// What `key` (or, for a migration, `method`, `from` and `to`) names.
    pub kind: FilterKind,
    /// The segment key, class letter or tier key (empty for a migration).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// Migration only: the method whose matrix the move belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Migration only: the segment at the first date; `None` selects the
    /// "new" row (not yet customers at the first date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Migration only: the segment at the as-of date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Migration only: the move of the comparison with a saved snapshot
    /// (`snapshot_migrations`) rather than between the file's two dates.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub snapshot: bool,
}

/// A resolved filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// The customers of one segment, class or tier now.
    Current(MethodSegment),
    /// The customers of one predictive group.
    Predictive(GroupLabel),
    /// The customers of one cell of the value × potential matrix.
    Cross(&'static str),
    /// A migration move: the method's summary key, the first-date segment
    /// (`None`: new customers) and the as-of segment.
    Migration {
        method: &'static str,
        from: Option<MethodSegment>,
        to: MethodSegment,
        snapshot: bool,
    },
}

/// A segment of one method: an RFM segment, an ABC class, a value tier or a
/// predictive group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MethodSegment {
    Segment(Segment),
    Class(AbcClass),
    Tier(Tier),
    Group(GroupLabel),
}

impl MethodSegment {
    fn key(self) -> Cow<'static, str> {
        match self {
            MethodSegment::Segment(segment) => Cow::Borrowed(segment.key()),
            MethodSegment::Class(class) => Cow::Borrowed(class.as_str()),
            MethodSegment::Tier(tier) => Cow::Borrowed(tier_key(tier)),
            MethodSegment::Group(label) => Cow::Owned(label.to_string()),
        }
    }

    /// The customer's segment of the same method at the as-of date.
    fn current(self, rows: &CustomerRows<'_>, index: usize) -> Option<MethodSegment> {
        match self {
            MethodSegment::Segment(_) => rows.segment_of(index).map(MethodSegment::Segment),
            MethodSegment::Class(_) => rows.class_of(index).map(MethodSegment::Class),
            MethodSegment::Tier(_) => rows.tier_of(index).map(MethodSegment::Tier),
            MethodSegment::Group(_) => rows.predictive_group_of(index).map(MethodSegment::Group),
        }
    }
}

impl CustomerFilter {
    /// A filter on a segment, class or tier key.
    pub fn new(kind: FilterKind, key: impl Into<String>) -> Self {
        CustomerFilter {
            kind,
            key: key.into(),
            method: None,
            from: None,
            to: None,
            snapshot: false,
        }
    }

    /// The customers of an RFM segment.
    pub fn rfm_segment(segment: Segment) -> Self {
        CustomerFilter::new(FilterKind::RfmSegment, segment.key())
    }

    /// The customers of an ABC class.
    pub fn abc_class(class: AbcClass) -> Self {
        CustomerFilter::new(FilterKind::AbcClass, class.as_str())
    }

    /// The customers of a value tier.
    pub fn value_tier(tier: Tier) -> Self {
        CustomerFilter::new(FilterKind::ValueTier, tier_key(tier))
    }

    /// The customers who moved from `from` (`None`: new customers) to `to`
    /// between the two dates of `method`'s migration matrix.
    pub fn migration(method: &str, from: Option<&str>, to: &str) -> Self {
        CustomerFilter {
            kind: FilterKind::Migration,
            key: String::new(),
            method: Some(method.to_string()),
            from: from.map(str::to_string),
            to: Some(to.to_string()),
            snapshot: false,
        }
    }

    /// The same move in the comparison with a saved snapshot.
    pub fn in_snapshot_comparison(mut self) -> Self {
        self.snapshot = true;
        self
    }

    /// Checks that the key (or the migration's method and segments) names
    /// an existing segment, class or tier.
    pub fn validate(&self) -> Result<()> {
        self.group().map(|_| ())
    }

    fn group(&self) -> Result<Group> {
        let method = match self.kind {
            FilterKind::RfmSegment => "rfm",
            FilterKind::AbcClass => "abc",
            FilterKind::ValueTier => "points",
            FilterKind::Migration => return self.migration_group(),
            FilterKind::PredictiveGroup => return self.predictive_group(),
            FilterKind::CrossCell => return self.cross_cell(),
        };
        method_segment(method, "filter.key", &self.key).map(Group::Current)
    }

    fn predictive_group(&self) -> Result<Group> {
        group_label("filter.key", &self.key).map(Group::Predictive)
    }

    fn cross_cell(&self) -> Result<Group> {
        let key = self.key.trim().replace('’', "'");
        CUSTOMER_CROSS_CELLS
            .into_iter()
            .find(|cell| cell.eq_ignore_ascii_case(&key))
            .map(Group::Cross)
            .ok_or_else(|| {
                Error::invalid_params(
                    "filter.key",
                    format!(
                        "\"{}\" is not a cross_cell (expected one of {})",
                        self.key,
                        CUSTOMER_CROSS_CELLS.join(", ")
                    ),
                )
            })
    }

    fn migration_group(&self) -> Result<Group> {
        let method = self.method.as_deref().unwrap_or("").trim();
        let summary_key = serde_json::from_value::<SegmentMethod>(method.into())
            .map(SegmentMethod::migration_key)
            .unwrap_or(method);
        let Some(method) = MIGRATION_METHODS.into_iter().find(|m| *m == summary_key) else {
            return Err(Error::invalid_params(
                "filter.method",
                format!(
                    "\"{method}\" is not a migration method (expected one of {})",
                    MIGRATION_METHODS.join(", ")
                ),
            ));
        };
        let to = self.to.as_deref().unwrap_or("");
        let to = method_segment(method, "filter.to", to)?;
        let from = match self.from.as_deref() {
            Some(from) => Some(method_segment(method, "filter.from", from)?),
            None => None,
        };
        Ok(Group::Migration {
            method,
            from,
            to,
            snapshot: self.snapshot,
        })
    }
}

/// A predictive group label (`A`, …, `Z`, `AA`, …, any case); the error names the
/// setting (`field`).
fn group_label(field: &str, key: &str) -> Result<GroupLabel> {
    let upper = key.trim().to_uppercase();
    serde_json::from_value::<GroupLabel>(serde_json::Value::from(upper)).map_err(|_| {
        Error::invalid_params(
            field,
            format!("\"{key}\" is not a predictive_group (expected letters: A, B, …, Z, AA, …)"),
        )
    })
}

/// Resolves `key` among the segments of `method` (`rfm`, `abc`, `points`,
/// `predictive`); the error names the setting (`field`) and lists the known
/// keys.
fn method_segment(method: &str, field: &str, key: &str) -> Result<MethodSegment> {
    if method == "predictive" {
        return group_label(field, key).map(MethodSegment::Group);
    }
    let key = key.trim();
    let found = match method {
        "rfm" => Segment::from_key(key).map(MethodSegment::Segment),
        "abc" => AbcClass::ALL
            .into_iter()
            .find(|class| class.as_str().eq_ignore_ascii_case(key))
            .map(MethodSegment::Class),
        _ => tier_from_key(key).map(MethodSegment::Tier),
    };
    found.ok_or_else(|| {
        let (name, known) = match method {
            "rfm" => (
                "rfm_segment",
                Segment::LADDER
                    .iter()
                    .map(|s| s.key())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            "abc" => ("abc_class", "A, B, C".to_string()),
            _ => (
                "value_tier",
                "vip, very_good, good, occasional, low_value".to_string(),
            ),
        };
        Error::invalid_params(
            field,
            format!("\"{key}\" is not a {name} (expected one of {known})"),
        )
    })
}

/// A request for one page of a customer list.
///
/// ```
/// use segmento::present::CustomerQuery;
/// let query: CustomerQuery = serde_json::from_str(
///     r#"{"filter": {"kind": "abc_class", "key": "A"}, "search": "dupont",
///         "sort_by": "monetary", "descending": true, "offset": 0, "limit": 50}"#,
/// ).unwrap();
/// assert_eq!(query.limit, 50);
/// assert_eq!(CustomerQuery::default().limit, 50);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomerQuery {
    /// One segment, class or tier; everyone when absent.
    pub filter: Option<CustomerFilter>,
    /// Words to look for in the customer id, name, e-mail and city,
    /// ignoring case and accents (`lefevre` finds `Lefèvre`). Every word
    /// must appear in at least one of those fields.
    pub search: String,
    /// The column to sort on (a key such as `monetary`); file order when
    /// empty or unknown. Segments and tiers sort best first, codes and
    /// numbers by value, text ignoring case and accents; missing values
    /// always come last, and ties keep file order.
    pub sort_by: String,
    /// Sort from the largest (or last) value.
    pub descending: bool,
    /// Rows to skip (for paging).
    pub offset: usize,
    /// Rows to return, at most [`MAX_PAGE_ROWS`] (default
    /// [`DEFAULT_PAGE_ROWS`]).
    pub limit: usize,
    /// Language of the headers and labels; the settings' language when
    /// absent.
    pub language: Option<Language>,
}

impl Default for CustomerQuery {
    fn default() -> Self {
        CustomerQuery {
            filter: None,
            search: String::new(),
            sort_by: String::new(),
            descending: false,
            offset: 0,
            limit: DEFAULT_PAGE_ROWS,
            language: None,
        }
    }
}

/// How the values of a column are to be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    /// Free text (ids, names, labels, codes).
    Text,
    /// A whole number.
    Integer,
    /// A number with decimals (points).
    Number,
    /// An amount in euros.
    Money,
    /// A calendar date, as `YYYY-MM-DD`.
    Date,
}

/// One column of a [`CustomerPage`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageColumn {
    /// Stable key (the `customers.csv` header).
    pub key: String,
    /// Header in the page's language.
    pub label: String,
    /// How its values are shown.
    pub kind: CellKind,
}

/// One page of a customer list.
///
/// `rows[i][j]` is the value of column `columns[j]` for the `i`-th customer
/// of the page, as plain JSON: numbers for counts, amounts and points, an
/// ISO `YYYY-MM-DD` string for dates, a string for text and labels, `null`
/// for a missing value. The page formats them for its locale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerPage {
    /// Customers matching the filter and the search (all pages).
    pub total: usize,
    /// Index of the first row of this page in the sorted list.
    pub offset: usize,
    /// The columns, in display order.
    pub columns: Vec<PageColumn>,
    /// The rows of this page.
    pub rows: Vec<Vec<serde_json::Value>>,
}

impl Results {
    /// One page of a customer list: filtered, searched, sorted, paged.
    ///
    /// A filter whose key names no segment, class or tier matches no one
    /// (the page only asks for groups it was given).
    pub fn customer_page(&self, query: &CustomerQuery) -> CustomerPage {
        let language = query.language.unwrap_or(self.analysis.settings.language);
        let mut selection = self.matching(query.filter.as_ref());
        let rows = CustomerRows::all(self).in_language(language);
        let words: Vec<String> = query.search.split_whitespace().map(fold).collect();
        if !words.is_empty() {
            let mut haystack = String::new();
            selection.retain(|&index| self.matches_search(index, &words, &mut haystack));
        }
        sort(
            &rows,
            &mut selection,
            query.sort_by.trim(),
            query.descending,
        );
        let total = selection.len();
        let offset = query.offset.min(total);
        let end = offset
            .saturating_add(query.limit.min(MAX_PAGE_ROWS))
            .min(total);
        let page =
            CustomerRows::selected(self, selection[offset..end].to_vec()).in_language(language);
        let columns: Vec<PageColumn> = page
            .columns()
            .iter()
            .map(|column| PageColumn {
                key: column.key.to_string(),
                label: column.header(language).to_string(),
                kind: column_kind(&column.key),
            })
            .collect();
        let mut cells = Vec::with_capacity(columns.len());
        let rows = (0..page.row_count())
            .map(|index| {
                page.fill_row(index, &mut cells);
                cells.iter().map(json_value).collect()
            })
            .collect();
        CustomerPage {
            total,
            offset,
            columns,
            rows,
        }
    }

    /// Indices of the customers in `filter` (everyone when `None`), in file
    /// order; none for a key that names no group.
    pub(crate) fn matching(&self, filter: Option<&CustomerFilter>) -> Vec<usize> {
        let all = 0..self.customers.customers.len();
        let Some(filter) = filter else {
            return all.collect();
        };
        let Ok(group) = filter.group() else {
            return Vec::new();
        };
        let rows = CustomerRows::all(self);
        match group {
            Group::Current(segment) => all
                .filter(|&index| segment.current(&rows, index) == Some(segment))
                .collect(),
            Group::Predictive(label) => all
                .filter(|&index| rows.predictive_group_of(index) == Some(label))
                .collect(),
            Group::Cross(cell) => all
                .filter(|&index| rows.cross_cell_of(index) == Some(cell))
                .collect(),
            Group::Migration {
                method,
                from,
                to,
                snapshot,
            } => {
                let outputs = if snapshot {
                    &self.analysis.snapshot_migrations
                } else {
                    &self.analysis.migrations
                };
                match outputs.get(method) {
                    Some(migration) => self.migrated(&rows, migration, from, to),
                    None => Vec::new(),
                }
            }
        }
    }

    /// Indices of the customers who moved from `from` to `to` in one
    /// migration matrix, whose per-customer records are aligned with the
    /// customers.
    fn migrated(
        &self,
        rows: &CustomerRows<'_>,
        migration: &migrations::Output,
        from: Option<MethodSegment>,
        to: MethodSegment,
    ) -> Vec<usize> {
        let from_key = from.map(MethodSegment::key);
        (0..self.customers.customers.len())
            .filter(|&index| {
                to.current(rows, index) == Some(to)
                    && index < migration.customers.len()
                    && migration.previous_segment(index) == from_key.as_deref()
            })
            .collect()
    }

    /// Whether every word is in the customer's id, name, e-mail or city.
    /// The four fields are folded into one reused buffer, separated by a
    /// character no search word contains, so no match spans two fields.
    fn matches_search(&self, index: usize, words: &[String], haystack: &mut String) -> bool {
        let Some(customer) = self.customers.customers.get(index) else {
            return false;
        };
        let attribute = |attribute| self.customers.attribute(customer, attribute);
        haystack.clear();
        for field in [
            Some(customer.id.as_str()),
            attribute(Attribute::Name),
            attribute(Attribute::Email),
            attribute(Attribute::City),
        ]
        .into_iter()
        .flatten()
        {
            fold_into(field, haystack);
            haystack.push('\n');
        }
        words.iter().all(|word| haystack.contains(word.as_str()))
    }
}

/// Lower case without accents, for searching and sorting text:
/// `Zoë L'Haÿ` → `zoe l'hay`.
///
/// ```
/// assert_eq!(segmento::present::fold("Élodie ÇELIK-Œuvre"), "elodie celik-oeuvre");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appending to `out`.
fn fold_into(text: &str, out: &mut String) {
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' | 'ć' | 'č' => out.push('c'),
            'ď' | 'đ' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => out.push('i'),
            'ł' | 'ľ' => out.push('l'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'œ' => out.push_str("oe"),
            'ř' => out.push('r'),
            'ß' => out.push_str("ss"),
            'ś' | 'š' | 'ş' => out.push('s'),
            'ť' | 'ţ' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            c => out.push(c),
        }
    }
}

/// How a column of the customer rows is shown.
fn column_kind(key: &str) -> CellKind {
    match key {
        "first_purchase" | "last_purchase" => CellKind::Date,
        "recency_days" | "frequency" | "orders" | "r_score" | "f_score" | "m_score" => {
            CellKind::Integer
        }
        "monetary" | "margin" | "expected_avg_spend" | "clv" => CellKind::Money,
        "revenue_points" | "margin_points" | "bonus_points" | "value_points" | "p_alive"
        | "expected_purchases" => CellKind::Number,
        _ => CellKind::Text,
    }
}

/// A value to sort on.
#[derive(Debug, Clone, PartialEq)]
enum SortKey {
    Number(f64),
    Text(String),
    Missing,
}

fn sort_key(rows: &CustomerRows<'_>, index: usize, key: &str) -> SortKey {
    // Segments and tiers sort on their ladder (best first), not their names.
    match key {
        "rfm_segment" | "rfm_segment_label" => {
            return rows.segment_of(index).map_or(SortKey::Missing, |s| {
                SortKey::Number(s.ladder_index() as f64)
            });
        }
        "value_tier" | "value_tier_label" => {
            return rows
                .tier_of(index)
                .map_or(SortKey::Missing, |t| SortKey::Number(t as usize as f64));
        }
        _ => {}
    }
    match rows.cell(index, key) {
        Cell::Integer(value) => SortKey::Number(value as f64),
        Cell::Number { value, .. } | Cell::Money(value) | Cell::Percent { value, .. } => {
            if value.is_finite() {
                SortKey::Number(value)
            } else {
                SortKey::Missing
            }
        }
        Cell::Date(day) => SortKey::Number(f64::from(chrono::Datelike::num_days_from_ce(&day))),
        Cell::Bool(value) => SortKey::Number(f64::from(u8::from(value))),
        Cell::Text(text) if text.trim().is_empty() => SortKey::Missing,
        Cell::Text(text) => SortKey::Text(fold(&text)),
        Cell::Empty => SortKey::Missing,
    }
}

/// Sorts `selection` (customer indices) on column `key`; ties and an
/// unknown or empty key keep file order.
fn sort(rows: &CustomerRows<'_>, selection: &mut Vec<usize>, key: &str, descending: bool) {
    let known = !key.is_empty() && rows.columns().iter().any(|c| c.key == key);
    if !known {
        if descending {
            selection.reverse();
        }
        return;
    }
    let mut keyed: Vec<(SortKey, usize)> = selection
        .iter()
        .map(|&index| (sort_key(rows, index, key), index))
        .collect();
    crate::sorting::sort_by(&mut keyed, |(a, a_index), (b, b_index)| {
        let by_value = match (a, b) {
            (SortKey::Missing, SortKey::Missing) => Ordering::Equal,
            (SortKey::Missing, _) => return Ordering::Greater,
            (_, SortKey::Missing) => return Ordering::Less,
            (SortKey::Number(x), SortKey::Number(y)) => x.total_cmp(y),
            (SortKey::Text(x), SortKey::Text(y)) => x.cmp(y),
            // A column holds one kind of value; numbers first if ever mixed.
            (SortKey::Number(_), SortKey::Text(_)) => Ordering::Less,
            (SortKey::Text(_), SortKey::Number(_)) => Ordering::Greater,
        };
        let by_value = if descending {
            by_value.reverse()
        } else {
            by_value
        };
        by_value.then(a_index.cmp(b_index))
    });
    selection.clear();
    selection.extend(keyed.into_iter().map(|(_, index)| index));
}

/// A cell as plain JSON for the page.
fn json_value(cell: &Cell) -> serde_json::Value {
    use serde_json::Value;
    let number =
        |value: f64| serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number);
    match cell {
        Cell::Text(text) => Value::String(text.clone()),
        Cell::Integer(value) => Value::from(*value),
        // Rounded to what the column shows, so the page never prints
        // 150.56000000000003.
        Cell::Number { value, decimals } => number(round_to(*value, *decimals)),
        Cell::Money(value) => number(round_to(*value, 2)),
        Cell::Percent { value, .. } => number(*value),
        Cell::Date(day) => Value::String(day.to_string()),
        Cell::Bool(value) => Value::Bool(*value),
        Cell::Empty => Value::Null,
    }
}

fn round_to(value: f64, decimals: u8) -> f64 {
    let scale = 10f64.powi(i32::from(decimals));
    let rounded = (value * scale).round() / scale;
    if rounded.is_finite() {
        rounded
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_accents() {
        assert_eq!(fold("Zoë LEFÈVRE"), "zoe lefevre");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("ĽUBOŠ"), "lubos");
    }

    #[test]
    fn json_values_are_rounded_to_the_column() {
        assert_eq!(
            json_value(&Cell::Money(150.560_000_000_000_03)).to_string(),
            "150.56"
        );
        assert_eq!(
            json_value(&Cell::number(f64::NAN, 1)),
            serde_json::Value::Null
        );
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        assert_eq!(
            json_value(&Cell::Date(day)),
            serde_json::json!("2024-03-01")
        );
    }

    #[test]
    fn filters_accept_the_page_aliases() {
        let filter: CustomerFilter =
            serde_json::from_str(r#"{"kind": "tier", "key": "vip"}"#).unwrap();
        assert_eq!(filter, CustomerFilter::value_tier(Tier::Vip));
        let class: CustomerFilter = serde_json::from_str(r#"{"kind": "abc", "key": "b"}"#).unwrap();
        assert_eq!(
            class.group().unwrap(),
            Group::Current(MethodSegment::Class(AbcClass::B))
        );
        assert!(serde_json::from_str::<CustomerFilter>(r#"{"kind": "city", "key": "x"}"#).is_err());
        let group: CustomerFilter =
            serde_json::from_str(r#"{"kind": "predictive_group", "key": "ab"}"#).unwrap();
        assert_eq!(group.group().unwrap(), Group::Predictive(GroupLabel(27)));
        let cell: CustomerFilter =
            serde_json::from_str(r#"{"kind": "cross", "key": "ba'"}"#).unwrap();
        assert_eq!(cell.group().unwrap(), Group::Cross("BA'"));
        // Prospects are in no customer list: row P is refused with the cells that exist.
        let prospects = CustomerFilter::new(FilterKind::CrossCell, "PA'");
        assert!(prospects
            .validate()
            .unwrap_err()
            .to_string()
            .contains("CC'"));
    }

    #[test]
    fn migration_filters_name_the_wrong_field() {
        let new_row: CustomerFilter =
            serde_json::from_str(r#"{"kind": "migration", "method": "abc", "to": "a"}"#).unwrap();
        assert_eq!(
            new_row.group().unwrap(),
            Group::Migration {
                method: "abc",
                from: None,
                to: MethodSegment::Class(AbcClass::A),
                snapshot: false,
            }
        );
        let message = |filter: CustomerFilter| filter.validate().unwrap_err().to_string();
        let bad_method = message(CustomerFilter::migration("cohort", None, "A"));
        assert!(bad_method.contains("filter.method") && bad_method.contains("\"cohort\""));
        let group: CustomerFilter = serde_json::from_str(
            r#"{"kind": "migration", "method": "group", "from": "b", "to": "A"}"#,
        )
        .unwrap();
        assert_eq!(
            group.group().unwrap(),
            Group::Migration {
                method: "predictive",
                from: Some(MethodSegment::Group(GroupLabel(1))),
                to: MethodSegment::Group(GroupLabel(0)),
                snapshot: false,
            }
        );
        let bad_group = message(CustomerFilter::migration("predictive", Some("A"), "1"));
        assert!(bad_group.contains("filter.to") && bad_group.contains("predictive_group"));
        let bad_from = message(CustomerFilter::migration("points", Some("gold"), "vip"));
        assert!(bad_from.contains("filter.from") && bad_from.contains("\"gold\""));
        let bad_to = message(CustomerFilter::migration("rfm", Some("lost"), "A"));
        assert!(bad_to.contains("filter.to") && bad_to.contains("rfm_segment"));
    }
}
