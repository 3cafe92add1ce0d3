//! The generic table every export writes: named columns of typed cells.

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::format;
use crate::i18n::{self, Language};

/// A typed cell. The type decides how each writer shows it: a CSV dialect's
/// decimal separator and date order, an XLSX number format, the report's
/// locale formatting and right alignment.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub enum Cell {
    /// Free text (names, ids, segment labels). Never interpreted as a number
    /// or a formula.
    Text(String),
    /// A count or whole number.
    Integer(i64),
    /// A measure written with exactly `decimals` decimals.
    Number {
        /// The value.
        value: f64,
        /// Decimals written.
        decimals: u8,
    },
    /// An amount in euros (two decimals).
    Money(f64),
    /// A share (0.18 for 18 %). CSV files hold the share itself with
    /// `decimals + 2` decimals (`0.18`); the XLSX and the report show `18 %`.
    Percent {
        /// The share.
        value: f64,
        /// Decimals of the percentage.
        decimals: u8,
    },
    /// A calendar date.
    Date(NaiveDate),
    /// Yes or no.
    Bool(bool),
    /// No value.
    #[default]
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    /// A text cell, or [`Cell::Empty`] for `None`.
    pub fn optional_text(value: Option<&str>) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Text(v.to_string()))
    }

    /// A number with `decimals` decimals.
    pub fn number(value: f64, decimals: u8) -> Cell {
        Cell::Number { value, decimals }
    }

    /// A share shown as a percentage with `decimals` decimals.
    pub fn percent(value: f64, decimals: u8) -> Cell {
        Cell::Percent { value, decimals }
    }

    /// The cell as a person reads it in `language`: `1 234,56 €`, `18 %`,
    /// `12/03/2024`, `oui`; an empty or non-finite cell is an em dash.
    ///
    /// ```
    /// use segmento::export::Cell;
    /// use segmento::Language;
    /// assert_eq!(Cell::Money(1234.5).to_display(Language::En), "€1,234.50");
    /// assert_eq!(Cell::percent(0.18, 0).to_display(Language::Fr), "18\u{202F}%");
    /// assert_eq!(Cell::Empty.to_display(Language::Fr), "\u{2014}");
    /// ```
    pub fn to_display(&self, language: Language) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Integer(value) => format::integer(*value, language),
            Cell::Number { value, decimals } => {
                format::number(*value, usize::from(*decimals), language)
            }
            Cell::Money(value) => format::money(*value, language),
            Cell::Percent { value, decimals } => {
                format::percent(*value, usize::from(*decimals), language)
            }
            Cell::Date(day) => format::date(*day, language),
            Cell::Bool(value) => language
                .pick(
                    if *value { "oui" } else { "non" },
                    if *value { "yes" } else { "no" },
                )
                .to_string(),
            Cell::Empty => format::MISSING.to_string(),
        }
    }

    /// Whether the cell holds a quantity (aligned right in the report).
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Cell::Integer(_) | Cell::Number { .. } | Cell::Money(_) | Cell::Percent { .. }
        )
    }
}

/// A column: a stable key (the header of the standard CSV, the name other
/// programs rely on) and a header in each language for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Stable English key, e.g. `recency_days`.
    pub key: Cow<'static, str>,
    /// French header, e.g. `Récence (jours)`.
    pub header_fr: Cow<'static, str>,
    /// English header, e.g. `Recency (days)`.
    pub header_en: Cow<'static, str>,
}

impl Column {
    /// A column with explicit headers.
    ///
    /// ```
    /// use segmento::export::Column;
    /// let column = Column::new("seed", "Graine", "Seed");
    /// assert_eq!(column.key, "seed");
    /// ```
    pub fn new(
        key: impl Into<Cow<'static, str>>,
        header_fr: impl Into<Cow<'static, str>>,
        header_en: impl Into<Cow<'static, str>>,
    ) -> Column {
        Column {
            key: key.into(),
            header_fr: header_fr.into(),
            header_en: header_en.into(),
        }
    }

    /// A column whose headers come from the shared table
    /// ([`i18n::column_header`]); an unknown key is its own header.
    ///
    /// ```
    /// use segmento::export::Column;
    /// use segmento::Language;
    /// assert_eq!(Column::known("recency_days").header(Language::Fr), "Récence (jours)");
    /// assert_eq!(Column::known("x_custom").header(Language::En), "x_custom");
    /// ```
    pub fn known(key: &'static str) -> Column {
        match i18n::column_header(key) {
            Some(text) => Column::new(key, text.fr, text.en),
            None => Column::new(key, key, key),
        }
    }

    /// The header for people in `language`.
    pub fn header(&self, language: Language) -> &str {
        language.pick(&self.header_fr, &self.header_en)
    }
}

/// Anything the writers can read row by row.
///
/// [`Table`] holds its rows; a caller with hundreds of thousands of customers
/// can instead implement this trait over its analysis outputs and build each
/// row on demand, so the export never holds every cell at once.
pub trait Rows {
    /// The columns, in order.
    fn columns(&self) -> &[Column];
    /// How many rows there are.
    fn row_count(&self) -> usize;
    /// Replaces the content of `row` with the cells of row `index`
    /// (`index < row_count()`), one per column.
    fn fill_row(&self, index: usize, row: &mut Vec<Cell>);
}

/// A table held in memory.
///
/// ```
/// use segmento::export::{Cell, Column, Table};
/// let mut table = Table::new(vec![Column::known("segment"), Column::known("customers")]);
/// table.push(vec![Cell::text("Champions"), Cell::Integer(312)]);
/// assert_eq!(table.rows.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows; each has one cell per column (missing cells are empty,
    /// extra cells are not written).
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }
}

impl Rows for Table {
    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn fill_row(&self, index: usize, row: &mut Vec<Cell>) {
        row.clear();
        if let Some(cells) = self.rows.get(index) {
            row.extend(cells.iter().take(self.columns.len()).cloned());
        }
        row.resize(self.columns.len(), Cell::Empty);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_padded_and_cut_to_the_columns() {
        let mut table = Table::new(vec![Column::known("segment"), Column::known("customers")]);
        table.push(vec![Cell::text("A")]);
        table.push(vec![Cell::text("B"), Cell::Integer(1), Cell::Integer(2)]);
        let mut row = Vec::new();
        table.fill_row(0, &mut row);
        assert_eq!(row, vec![Cell::text("A"), Cell::Empty]);
        table.fill_row(1, &mut row);
        assert_eq!(row, vec![Cell::text("B"), Cell::Integer(1)]);
    }
}
