//! The per-customer export rows: one row per buying customer, every score
//! column. The same rows feed `customers.csv`, the XLSX customer sheet, the
//! page's customer-list dialog and the filtered downloads.

use crate::abc::AbcClass;
use crate::customers::Attribute;
use crate::export::{Cell, Column, Rows};
use crate::i18n::Language;
use crate::ingest::Role;
use crate::pipeline::{Analysis, Results};
use crate::points::{self, Tier};
use crate::predict::GroupLabel;
use crate::rfm::Segment;

/// The per-customer export: one row per buying customer, every score column.
///
/// Columns are the stable keys of `customers.csv` (headers in each language
/// come from [`crate::i18n::column_header`]); the attribute columns (name,
/// e-mail, …) appear only when the file has them. Labels inside the cells
/// (segment and tier names) are in the chosen language: the settings' one
/// by default, another with [`CustomerRows::in_language`].
///
/// Rows are built on demand ([`Rows::fill_row`]), so writing 250 000
/// customers never holds every cell at once.
pub struct CustomerRows<'a> {
    results: &'a Results,
    language: Language,
    columns: Vec<Column>,
    /// Indices into `results.customers.customers` (all, or a filtered list).
    selection: Vec<usize>,
}

/// The score and summary columns, always present, in export order.
const SCORE_COLUMNS: [&str; 22] = [
    "customer_id",
    "first_purchase",
    "last_purchase",
    "recency_days",
    "frequency",
    "orders",
    "monetary",
    "margin",
    "first_channel",
    "r_score",
    "f_score",
    "m_score",
    "rfm_code",
    "rfm_segment",
    "rfm_segment_label",
    "abc_class",
    "revenue_points",
    "margin_points",
    "bonus_points",
    "value_points",
    "value_tier",
    "value_tier_label",
];

/// Columns present only when their analysis ran (forecast, cross matrix,
/// migrations, survival, control draw), in export order.
const OPTIONAL_COLUMNS: [&str; 17] = [
    "p_alive",
    "expected_purchases",
    "expected_avg_spend",
    "clv",
    "predictive_group",
    "potential_class",
    "cross_cell",
    "previous_rfm_segment",
    "previous_abc_class",
    "previous_value_tier",
    "previous_predictive_group",
    "lapsed",
    "lifetime_days",
    "campaign_group",
    "campaign_segment",
    "campaign_date",
    "campaign_seed",
];

/// Attribute roles carried to the exports when the file has them.
const ATTRIBUTE_COLUMNS: [(Role, &str); 7] = [
    (Role::Name, "name"),
    (Role::Email, "email"),
    (Role::Postcode, "postcode"),
    (Role::City, "city"),
    (Role::BirthDate, "birth_date"),
    (Role::Age, "age"),
    (Role::Sex, "sex"),
];

impl<'a> CustomerRows<'a> {
    /// Every customer, in file order.
    pub fn all(results: &'a Results) -> Self {
        Self::selected(results, (0..results.customers.customers.len()).collect())
    }

    /// The customers at these indices (into `results.customers.customers`),
    /// in this order. Indices out of range give empty rows.
    pub fn selected(results: &'a Results, selection: Vec<usize>) -> Self {
        let mapped = &results.analysis.input.columns;
        let analysis = &results.analysis;
        let mut columns: Vec<Column> = SCORE_COLUMNS.into_iter().map(Column::known).collect();
        columns.extend(
            OPTIONAL_COLUMNS
                .into_iter()
                .filter(|key| match *key {
                    "potential_class" | "cross_cell" => analysis.cross.is_some(),
                    "previous_rfm_segment" => previous_migrations(analysis).contains_key("rfm"),
                    "previous_abc_class" => previous_migrations(analysis).contains_key("abc"),
                    "previous_value_tier" => previous_migrations(analysis).contains_key("points"),
                    "previous_predictive_group" => {
                        previous_migrations(analysis).contains_key("predictive")
                    }
                    "lapsed" | "lifetime_days" => analysis.survival.is_some(),
                    "campaign_group" | "campaign_segment" | "campaign_date" | "campaign_seed" => {
                        analysis.control.is_some()
                    }
                    _ => analysis.predict.is_some(),
                })
                .map(Column::known),
        );
        columns.extend(
            ATTRIBUTE_COLUMNS
                .iter()
                .filter(|(role, _)| mapped.contains_key(role))
                .map(|(_, key)| Column::known(key)),
        );
        CustomerRows {
            results,
            language: results.analysis.settings.language,
            columns,
            selection,
        }
    }

    /// The same rows with segment and tier labels in `language`.
    pub fn in_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// The language of the labels in the cells.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The customer indices shown, in row order.
    pub fn selection(&self) -> &[usize] {
        &self.selection
    }

    /// The cell of column `key` for the customer at `customer_index` (an
    /// index into `results.customers.customers`); [`Cell::Empty`] for an
    /// unknown column, a missing value or an index out of range.
    pub fn cell(&self, customer_index: usize, key: &str) -> Cell {
        let customers = &self.results.customers;
        let analysis = &self.results.analysis;
        let Some(customer) = customers.customers.get(customer_index) else {
            return Cell::Empty;
        };
        let attribute = |attribute| Cell::optional_text(customers.attribute(customer, attribute));
        let rfm = analysis.rfm.customers.get(customer_index);
        let abc = analysis.abc.customers.get(customer_index);
        let points = analysis.points.customers.get(customer_index);
        let language = self.language;
        match key {
            "customer_id" => Cell::text(customer.id.as_str()),
            "first_purchase" => Cell::Date(customer.first_purchase),
            "last_purchase" => Cell::Date(customer.last_purchase),
            "recency_days" => Cell::Integer(customer.recency_days(customers.as_of)),
            "frequency" => Cell::Integer(customer.frequency.into()),
            "orders" => Cell::Integer(customer.orders.into()),
            "monetary" => Cell::Money(customer.revenue),
            "margin" if customers.has_margin => Cell::Money(customer.margin),
            "first_channel" => Cell::optional_text(customers.channel(customer.first_channel)),
            "name" => attribute(Attribute::Name),
            "email" => attribute(Attribute::Email),
            "postcode" => attribute(Attribute::Postcode),
            "city" => attribute(Attribute::City),
            "birth_date" => attribute(Attribute::BirthDate),
            "age" => attribute(Attribute::Age),
            "sex" => attribute(Attribute::Sex),
            "r_score" => rfm.map_or(Cell::Empty, |rfm| Cell::Integer(rfm.r_score.into())),
            "f_score" => rfm.map_or(Cell::Empty, |rfm| Cell::Integer(rfm.f_score.into())),
            "m_score" => rfm.map_or(Cell::Empty, |rfm| Cell::Integer(rfm.m_score.into())),
            // Text, not a number: "545" is a code, and a sheet must not sum it.
            "rfm_code" => rfm.map_or(Cell::Empty, |rfm| Cell::text(rfm.code.to_string())),
            "rfm_segment" => rfm.map_or(Cell::Empty, |rfm| Cell::text(rfm.segment.key())),
            "rfm_segment_label" => rfm.map_or(Cell::Empty, |rfm| {
                Cell::text(segment_label(rfm.segment, language))
            }),
            "abc_class" => abc.map_or(Cell::Empty, |abc| Cell::text(abc.abc_class.as_str())),
            "revenue_points" => points.map_or(Cell::Empty, |p| Cell::number(p.revenue_points, 1)),
            "margin_points" => points.map_or(Cell::Empty, |p| Cell::number(p.margin_points, 1)),
            "bonus_points" => points.map_or(Cell::Empty, |p| Cell::number(p.bonus_points, 1)),
            "value_points" => points.map_or(Cell::Empty, |p| Cell::number(p.value_points(), 1)),
            "value_tier" => points.map_or(Cell::Empty, |p| Cell::text(tier_key(p.value_tier))),
            "value_tier_label" => points.map_or(Cell::Empty, |p| {
                Cell::text(tier_label(&analysis.points, p.value_tier, language))
            }),
            "p_alive" | "expected_purchases" | "expected_avg_spend" | "clv"
            | "predictive_group" => prediction_cell(analysis, customer_index, key),
            "potential_class" | "cross_cell" => {
                match analysis
                    .cross
                    .as_ref()
                    .and_then(|c| c.customers.get(customer_index))
                {
                    Some(cell) if key == "potential_class" => Cell::text(cell.potential_class()),
                    Some(cell) => Cell::text(cell.cross_cell()),
                    None => Cell::Empty,
                }
            }
            "previous_rfm_segment" => previous_segment(analysis, "rfm", customer_index),
            "previous_abc_class" => previous_segment(analysis, "abc", customer_index),
            "previous_value_tier" => previous_segment(analysis, "points", customer_index),
            "previous_predictive_group" => previous_segment(analysis, "predictive", customer_index),
            "lapsed" | "lifetime_days" => {
                match analysis
                    .survival
                    .as_ref()
                    .and_then(|s| s.customers.get(customer_index))
                {
                    Some(s) if key == "lapsed" => Cell::Bool(s.lapsed),
                    Some(s) => Cell::Integer(s.lifetime_days.into()),
                    None => Cell::Empty,
                }
            }
            "campaign_group" | "campaign_segment" | "campaign_date" | "campaign_seed" => {
                campaign_cell(analysis, key, customer_index, language)
            }
            _ => Cell::Empty,
        }
    }

    /// The segment of the customer at `customer_index`.
    pub(crate) fn segment_of(&self, customer_index: usize) -> Option<Segment> {
        let rfm = &self.results.analysis.rfm.customers;
        rfm.get(customer_index).map(|rfm| rfm.segment)
    }

    /// The ABC class of the customer at `customer_index`.
    pub(crate) fn class_of(&self, customer_index: usize) -> Option<AbcClass> {
        let abc = &self.results.analysis.abc.customers;
        abc.get(customer_index).map(|abc| abc.abc_class)
    }

    /// The predictive group of the customer at `customer_index`.
    pub(crate) fn predictive_group_of(&self, customer_index: usize) -> Option<GroupLabel> {
        let predict = self.results.analysis.predict.as_ref()?;
        predict
            .customers
            .get(customer_index)
            .map(|p| p.predictive_group)
    }

    /// The value × potential cell of the customer at `customer_index`.
    pub(crate) fn cross_cell_of(&self, customer_index: usize) -> Option<&str> {
        let cross = self.results.analysis.cross.as_ref()?;
        cross.customers.get(customer_index).map(|c| c.cross_cell())
    }

    /// The value tier of the customer at `customer_index`.
    pub(crate) fn tier_of(&self, customer_index: usize) -> Option<Tier> {
        let points = &self.results.analysis.points.customers;
        points.get(customer_index).map(|points| points.value_tier)
    }
}

impl Rows for CustomerRows<'_> {
    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn row_count(&self) -> usize {
        self.selection.len()
    }

    fn fill_row(&self, index: usize, row: &mut Vec<Cell>) {
        row.clear();
        let Some(&customer_index) = self.selection.get(index) else {
            row.resize(self.columns.len(), Cell::Empty);
            return;
        };
        row.extend(
            self.columns
                .iter()
                .map(|column| self.cell(customer_index, &column.key)),
        );
    }
}

/// A segment's label in `language`.
pub(crate) fn segment_label(segment: Segment, language: Language) -> &'static str {
    let info = segment.info();
    language.pick(info.label_fr, info.label_en)
}

/// The snake_case key of a tier, as serialized.
///
/// ```
/// use segmento::points::Tier;
/// assert_eq!(segmento::present::tier_key(Tier::VeryGood), "very_good");
/// ```
pub fn tier_key(tier: Tier) -> &'static str {
    match tier {
        Tier::Vip => "vip",
        Tier::VeryGood => "very_good",
        Tier::Good => "good",
        Tier::Occasional => "occasional",
        Tier::LowValue => "low_value",
    }
}

/// The tier whose key is `key` (`vip`, `very_good`, …).
pub fn tier_from_key(key: &str) -> Option<Tier> {
    [
        Tier::Vip,
        Tier::VeryGood,
        Tier::Good,
        Tier::Occasional,
        Tier::LowValue,
    ]
    .into_iter()
    .find(|tier| tier_key(*tier) == key)
}

/// A tier's label as the user named it (or the default), in `language`.
pub fn tier_label(output: &points::Output, tier: Tier, language: Language) -> String {
    output
        .tiers
        .iter()
        .find(|summary| summary.key == tier)
        .map(|summary| {
            language
                .pick(&summary.label_fr, &summary.label_en)
                .to_string()
        })
        .unwrap_or_else(|| {
            let (fr, en) = tier.default_labels();
            language.pick(fr, en).to_string()
        })
}

fn prediction_cell(analysis: &Analysis, customer_index: usize, key: &str) -> Cell {
    let Some(p) = analysis
        .predict
        .as_ref()
        .and_then(|p| p.customers.get(customer_index))
    else {
        return Cell::Empty;
    };
    match key {
        "p_alive" => p
            .p_alive()
            .map_or(Cell::Empty, |value| Cell::number(value, 4)),
        "expected_purchases" => Cell::number(p.expected_purchases, 3),
        "expected_avg_spend" => Cell::Money(p.expected_avg_spend),
        "clv" => Cell::Money(p.clv),
        _ => Cell::text(p.predictive_group.to_string()),
    }
}

/// The migrations the `previous_*` columns come from: a compared snapshot's
/// when there is one, else the compare date's.
fn previous_migrations(
    analysis: &Analysis,
) -> &std::collections::BTreeMap<String, crate::dynamics::migrations::Output> {
    if analysis.snapshot_migrations.is_empty() {
        &analysis.migrations
    } else {
        &analysis.snapshot_migrations
    }
}

/// The campaign list columns: the group, and on the same row what lets the
/// list be read back after the campaign (the segment drawn in, the draw's
/// as-of date and seed), so that a list edited in a spreadsheet still works.
fn campaign_cell(
    analysis: &Analysis,
    key: &str,
    customer_index: usize,
    language: Language,
) -> Cell {
    let Some(draw) = analysis.control.as_ref() else {
        return Cell::Empty;
    };
    let Some(Some(group)) = draw.customers.get(customer_index) else {
        return Cell::Empty;
    };
    match key {
        "campaign_group" => Cell::text(language.pick(group.label_fr(), group.label_en())),
        "campaign_segment" => Cell::optional_text(
            crate::segment_keys::customer_key(analysis, draw.method, customer_index).as_deref(),
        ),
        "campaign_date" => Cell::text(analysis.as_of.to_string()),
        _ => Cell::text(draw.seed.to_string()),
    }
}

fn previous_segment(analysis: &Analysis, method: &str, customer_index: usize) -> Cell {
    let previous = previous_migrations(analysis)
        .get(method)
        .and_then(|m| m.previous_segment(customer_index));
    Cell::optional_text(previous)
}
