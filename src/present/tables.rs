//! The summary tables of a result, in one language: what the XLSX sheets,
//! the per-segment CSV downloads and the report's tables are made of.

use crate::abc::{AbcClass, Basis};
use crate::export::{Cell, Column, Table};
use crate::i18n::{self, Language};
use crate::ingest::{Role, SkipReason};
use crate::pipeline::Results;
use crate::points::{MarginSource, Scale};
use crate::rfm::{self, Dimension, Monetary, ThresholdSource};
use crate::{format, Customers};

/// The RFM segments, best first: key, label, size, shares, means, definition
/// and recommended action.
pub(crate) fn segments(results: &Results, lang: Language) -> Table {
    let mut table = Table::new(
        [
            "rfm_segment",
            "segment",
            "customers",
            "share_customers",
            "revenue",
            "share_revenue",
            "mean_recency_days",
            "mean_frequency",
            "mean_monetary",
            "definition",
            "action",
        ]
        .into_iter()
        .map(Column::known)
        .collect(),
    );
    for segment in &results.analysis.rfm.segments {
        table.push(vec![
            Cell::text(segment.key.key()),
            Cell::text(lang.pick(&segment.label_fr, &segment.label_en)),
            count(segment.customers),
            Cell::percent(segment.share_customers, 1),
            Cell::Money(segment.revenue),
            Cell::percent(segment.share_revenue, 1),
            segment
                .mean_recency_days
                .map_or(Cell::Empty, |v| Cell::number(v, 0)),
            segment
                .mean_frequency
                .map_or(Cell::Empty, |v| Cell::number(v, 1)),
            segment.mean_monetary.map_or(Cell::Empty, Cell::Money),
            Cell::text(lang.pick(&segment.definition_fr, &segment.definition_en)),
            Cell::text(lang.pick(&segment.action_fr, &segment.action_en)),
        ]);
    }
    table
}

/// The R×F map as a list: one row per (R, F) cell, R from best to worst.
pub(crate) fn grid(results: &Results, lang: Language) -> Table {
    let mut table = Table::new(
        [
            "r_score",
            "f_score",
            "rfm_segment",
            "segment",
            "segment_share",
            "customers",
            "share_customers",
            "revenue",
            "share_revenue",
        ]
        .into_iter()
        .map(Column::known)
        .collect(),
    );
    let mut cells: Vec<&rfm::GridCell> = results.analysis.rfm.grid.cells.iter().collect();
    crate::sorting::sort_by(&mut cells, |a, b| b.r.cmp(&a.r).then(b.f.cmp(&a.f)));
    for cell in cells {
        table.push(vec![
            Cell::Integer(cell.r.into()),
            Cell::Integer(cell.f.into()),
            Cell::text(cell.segment.key()),
            Cell::text(super::rows::segment_label(cell.segment, lang)),
            cell.segment_share
                .map_or(Cell::Empty, |s| Cell::percent(s, 0)),
            count(cell.customers),
            Cell::percent(cell.share_customers, 1),
            Cell::Money(cell.revenue),
            Cell::percent(cell.share_revenue, 1),
        ]);
    }
    table
}

/// The score bands of R, F and M: the range of values earning each score.
pub(crate) fn thresholds(results: &Results, lang: Language) -> Table {
    let mut table = Table::new(
        [
            "dimension",
            "score",
            "range",
            "min",
            "max",
            "customers",
            "source",
        ]
        .into_iter()
        .map(Column::known)
        .collect(),
    );
    let thresholds = &results.analysis.rfm.thresholds;
    for dimension in [
        &thresholds.recency,
        &thresholds.frequency,
        &thresholds.monetary,
    ] {
        for band in dimension.bands.iter().rev() {
            table.push(vec![
                Cell::text(dimension_name(dimension.dimension, results, lang)),
                Cell::Integer(band.score.into()),
                Cell::text(lang.pick(&band.label_fr, &band.label_en)),
                band.min.map_or(Cell::Empty, |v| Cell::number(v, 2)),
                band.max.map_or(Cell::Empty, |v| Cell::number(v, 2)),
                count(band.customers),
                Cell::text(source_name(dimension.source, lang)),
            ]);
        }
    }
    table
}

/// The score bands side by side, one row per score (best first): what the
/// report shows under the R×F map.
pub(crate) fn threshold_bands(results: &Results, lang: Language) -> Table {
    let thresholds = &results.analysis.rfm.thresholds;
    let mut table = Table::new(vec![
        Column::known("score"),
        Column::new(
            "recency",
            dimension_name(Dimension::Recency, results, Language::Fr),
            dimension_name(Dimension::Recency, results, Language::En),
        ),
        Column::new(
            "frequency",
            dimension_name(Dimension::Frequency, results, Language::Fr),
            dimension_name(Dimension::Frequency, results, Language::En),
        ),
        Column::new(
            "monetary",
            dimension_name(Dimension::Monetary, results, Language::Fr),
            dimension_name(Dimension::Monetary, results, Language::En),
        ),
    ]);
    let band = |d: &rfm::DimensionThresholds, score: u8| {
        d.bands
            .iter()
            .find(|b| b.score == score)
            .map_or(Cell::Empty, |b| {
                Cell::text(lang.pick(&b.label_fr, &b.label_en))
            })
    };
    for score in (1..=results.analysis.rfm.bins).rev() {
        table.push(vec![
            Cell::Integer(score.into()),
            band(&thresholds.recency, score),
            band(&thresholds.frequency, score),
            band(&thresholds.monetary, score),
        ]);
    }
    table
}

/// The name of an RFM dimension as measured in this run.
pub(crate) fn dimension_name(
    dimension: Dimension,
    results: &Results,
    lang: Language,
) -> &'static str {
    match dimension {
        Dimension::Recency => i18n::DIMENSION_RECENCY.get(lang),
        Dimension::Frequency => i18n::DIMENSION_FREQUENCY.get(lang),
        Dimension::Monetary => match results.analysis.rfm.monetary {
            Monetary::Revenue => i18n::DIMENSION_MONETARY_REVENUE.get(lang),
            Monetary::AverageOrderValue => i18n::DIMENSION_MONETARY_AOV.get(lang),
        },
    }
}

fn source_name(source: ThresholdSource, lang: Language) -> &'static str {
    match source {
        ThresholdSource::Quantiles => i18n::SOURCE_QUANTILES.get(lang),
        ThresholdSource::Custom => i18n::SOURCE_CUSTOM.get(lang),
    }
}

/// ABC classes A, B, C with sizes and shares (and margin columns when
/// classes are ranked by margin).
pub(crate) fn classes(results: &Results) -> Table {
    let abc = &results.analysis.abc;
    let by_margin = abc.basis == Basis::Margin;
    let mut keys = vec![
        "class",
        "customers",
        "share_customers",
        "revenue",
        "share_revenue",
    ];
    if by_margin {
        keys.extend(["margin", "share_margin"]);
    }
    let mut table = Table::new(keys.into_iter().map(Column::known).collect());
    for class in &abc.classes {
        let mut row = vec![
            Cell::text(class.class.as_str()),
            count(class.customers),
            Cell::percent(class.share_customers, 1),
            Cell::Money(class.revenue),
            Cell::percent(class.share_revenue, 1),
        ];
        if by_margin {
            row.extend([
                Cell::Money(class.value),
                Cell::percent(class.share_value, 1),
            ]);
        }
        table.push(row);
    }
    table
}

/// The total row of [`classes`].
pub(crate) fn classes_total(results: &Results, lang: Language) -> Vec<Cell> {
    let abc = &results.analysis.abc;
    let mut row = vec![
        Cell::text(i18n::TOTAL.get(lang)),
        count(abc.customers_total),
        Cell::percent(
            share(abc.customers_total as f64, abc.customers_total as f64),
            1,
        ),
        Cell::Money(abc.revenue_total),
        Cell::percent(share(abc.revenue_total, abc.revenue_total), 1),
    ];
    if abc.basis == Basis::Margin {
        row.extend([
            Cell::Money(abc.value_total),
            Cell::percent(share(abc.value_total, abc.value_total), 1),
        ]);
    }
    row
}

/// The value tiers, best first.
pub(crate) fn tiers(results: &Results, lang: Language) -> Table {
    let mut table = Table::new(
        [
            "value_tier",
            "tier",
            "points_range",
            "customers",
            "share_customers",
            "revenue",
            "share_revenue",
            "mean_points",
            "min_points",
            "max_points",
        ]
        .into_iter()
        .map(Column::known)
        .collect(),
    );
    for tier in &results.analysis.points.tiers {
        table.push(vec![
            Cell::text(super::rows::tier_key(tier.key)),
            Cell::text(lang.pick(&tier.label_fr, &tier.label_en)),
            Cell::text(points_range(
                tier.lower_threshold,
                tier.upper_threshold,
                lang,
            )),
            count(tier.customers),
            Cell::percent(tier.share_customers, 1),
            Cell::Money(tier.revenue),
            Cell::percent(tier.share_revenue, 1),
            tier.mean_points.map_or(Cell::Empty, |v| Cell::number(v, 1)),
            tier.min_points.map_or(Cell::Empty, |v| Cell::number(v, 1)),
            tier.max_points.map_or(Cell::Empty, |v| Cell::number(v, 1)),
        ]);
    }
    table
}

/// A tier's points range in words: strictly above the lower cut point, up
/// to the upper one included.
pub(crate) fn points_range(lower: Option<f64>, upper: Option<f64>, lang: Language) -> String {
    let num = |v: f64| format::number_trimmed(v, 2, lang);
    match (lower, upper) {
        (Some(lo), Some(hi)) => i18n::RANGE_ABOVE_UP_TO
            .get(lang)
            .replace("{low}", &num(lo))
            .replace("{high}", &num(hi)),
        (Some(lo), None) => i18n::RANGE_ABOVE.get(lang).replace("{low}", &num(lo)),
        (None, Some(hi)) => i18n::RANGE_UP_TO.get(lang).replace("{high}", &num(hi)),
        (None, None) => i18n::RANGE_ANY.get(lang).to_string(),
    }
}

/// The points scales as used: annual revenue, annual margin (marked when
/// left out) and the purchase bonus.
pub(crate) fn scales(results: &Results, lang: Language) -> Table {
    let points = &results.analysis.points;
    let mut table = Table::new(
        ["scale", "range", "points"]
            .into_iter()
            .map(Column::known)
            .collect(),
    );
    let mut push_scale = |name: &str, rows: &[crate::points::ScaleRow]| {
        for row in rows {
            table.push(vec![
                Cell::text(name),
                Cell::text(lang.pick(&row.label_fr, &row.label_en)),
                Cell::number(row.points, 1),
            ]);
        }
    };
    push_scale(i18n::SCALE_REVENUE.get(lang), &points.scales.revenue.rows);
    if points.margin_points_included {
        push_scale(i18n::SCALE_MARGIN.get(lang), &points.scales.margin.rows);
    }
    table.push(vec![
        Cell::text(i18n::SCALE_BONUS.get(lang)),
        Cell::text(i18n::SCALE_BONUS_RANGE.get(lang)),
        Cell::number(points.scales.purchase_bonus, 1),
    ]);
    table
}

/// One scale's rows (range → points), for the report.
pub(crate) fn scale_rows(scale_rows: &[crate::points::ScaleRow], lang: Language) -> Table {
    let mut table = Table::new(vec![Column::known("range"), Column::known("points")]);
    for row in scale_rows {
        table.push(vec![
            Cell::text(lang.pick(&row.label_fr, &row.label_en)),
            Cell::number(row.points, 1),
        ]);
    }
    table
}

/// A plain-words label of a scale, for settings: `> 100 → 10 ; …`.
pub(crate) fn scale_summary(scale: &Scale, lang: Language) -> String {
    scale
        .rows()
        .iter()
        .filter(|row| row.points > 0.0 || row.max != Some(0.0))
        .map(|row| {
            format!(
                "{} → {}",
                lang.pick(&row.label_fr, &row.label_en),
                format::number_trimmed(row.points, 2, lang)
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// Rows read, used and skipped per reason, with their share of rows read.
pub(crate) fn row_accounting(results: &Results, lang: Language) -> Table {
    let rows = &results.analysis.rows;
    let mut table = Table::new(
        ["item", "rows", "share_rows"]
            .into_iter()
            .map(Column::known)
            .collect(),
    );
    let read = rows.read as f64;
    let mut push = |label: &str, n: u64| {
        table.push(vec![
            Cell::text(label),
            Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX)),
            Cell::percent(share(n as f64, read), 1),
        ]);
    };
    push(i18n::ROWS_READ.get(lang), rows.read);
    push(i18n::ROWS_USED.get(lang), rows.used);
    for (reason, n) in &rows.skipped {
        push(&skip_reason_label(*reason, lang), *n);
    }
    table
}

/// Skipped rows per reason, for the report.
pub(crate) fn skipped_by_reason(results: &Results, lang: Language) -> Table {
    let rows = &results.analysis.rows;
    let mut table = Table::new(
        ["reason", "rows", "share_rows"]
            .into_iter()
            .map(Column::known)
            .collect(),
    );
    for (reason, n) in &rows.skipped {
        table.push(vec![
            Cell::text(skip_reason_label(*reason, lang)),
            Cell::Integer(i64::try_from(*n).unwrap_or(i64::MAX)),
            Cell::percent(share(*n as f64, rows.read as f64), 1),
        ]);
    }
    table
}

/// The examples of skipped rows: reason, line, column and raw value.
pub(crate) fn skipped_examples(results: &Results, lang: Language) -> Table {
    let mut table = Table::new(
        ["reason", "line", "column", "raw_value"]
            .into_iter()
            .map(Column::known)
            .collect(),
    );
    for (reason, examples) in &results.analysis.rows.examples {
        for example in examples {
            table.push(vec![
                Cell::text(skip_reason_label(*reason, lang)),
                Cell::Integer(i64::try_from(example.line).unwrap_or(i64::MAX)),
                Cell::optional_text(example.column.as_deref()),
                if example.value.is_empty() {
                    Cell::text(i18n::EMPTY_VALUE.get(lang))
                } else {
                    Cell::text(example.value.as_str())
                },
            ]);
        }
    }
    table
}

/// Why a row was skipped, in words.
pub(crate) fn skip_reason_label(reason: SkipReason, lang: Language) -> String {
    let text = match reason {
        SkipReason::MissingId => i18n::SKIP_MISSING_ID,
        SkipReason::UnparseableDate => i18n::SKIP_UNPARSEABLE_DATE,
        SkipReason::UnparseableAmount => i18n::SKIP_UNPARSEABLE_AMOUNT,
        SkipReason::DuplicateOrder => i18n::SKIP_DUPLICATE_ORDER,
        SkipReason::DateAfterAsOf => i18n::SKIP_DATE_AFTER_AS_OF,
        SkipReason::DuplicateCustomer => i18n::SKIP_DUPLICATE_CUSTOMER,
        SkipReason::UnparseableOrderCount => i18n::SKIP_UNPARSEABLE_ORDER_COUNT,
        SkipReason::ReturnWithoutPurchase => i18n::SKIP_RETURN_WITHOUT_PURCHASE,
    };
    text.get(lang).to_string()
}

/// The column mapping: each role used and the file's header.
pub(crate) fn column_mapping(results: &Results, lang: Language) -> Table {
    let mut table = Table::new(vec![Column::known("role"), Column::known("header")]);
    for (role, header) in &results.analysis.input.columns {
        table.push(vec![
            Cell::text(role_label(*role, lang)),
            Cell::text(header.as_str()),
        ]);
    }
    table
}

/// What a column role means, in words.
pub(crate) fn role_label(role: Role, lang: Language) -> &'static str {
    let text = match role {
        Role::CustomerId => i18n::ROLE_CUSTOMER_ID,
        Role::OrderDate => i18n::ROLE_ORDER_DATE,
        Role::Amount => i18n::ROLE_AMOUNT,
        Role::OrderId => i18n::ROLE_ORDER_ID,
        Role::Margin => i18n::ROLE_MARGIN,
        Role::Quantity => i18n::ROLE_QUANTITY,
        Role::Channel => i18n::ROLE_CHANNEL,
        Role::Name => i18n::ROLE_NAME,
        Role::Email => i18n::ROLE_EMAIL,
        Role::Postcode => i18n::ROLE_POSTCODE,
        Role::City => i18n::ROLE_CITY,
        Role::BirthDate => i18n::ROLE_BIRTH_DATE,
        Role::Age => i18n::ROLE_AGE,
        Role::Sex => i18n::ROLE_SEX,
        Role::LastPurchase => i18n::ROLE_LAST_PURCHASE,
        Role::FirstPurchase => i18n::ROLE_FIRST_PURCHASE,
        Role::OrderCount => i18n::ROLE_ORDER_COUNT,
        Role::TotalAmount => i18n::ROLE_TOTAL_AMOUNT,
        Role::TotalMargin => i18n::ROLE_TOTAL_MARGIN,
    };
    text.get(lang)
}

/// Every setting used, as label/value pairs: the report's settings box and
/// the workbook's settings sheet.
pub(crate) fn settings(results: &Results, lang: Language) -> Vec<(String, String)> {
    let analysis = &results.analysis;
    let config = &analysis.settings;
    let input = &analysis.input;
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push =
        |label: &i18n::Text, value: String| out.push((label.get(lang).to_string(), value));

    push(&i18n::AS_OF, format::date_long(analysis.as_of, lang));
    push(
        &i18n::SETTING_AS_OF_SOURCE,
        if config.input.as_of.is_some() {
            i18n::AS_OF_GIVEN.get(lang).to_string()
        } else {
            i18n::AS_OF_LAST_ORDER.get(lang).to_string()
        },
    );
    push(&i18n::SETTING_FILE_READ, file_reading(results, lang));

    // RFM
    let rfm = &analysis.rfm;
    let custom: Vec<&str> = [
        (&rfm.thresholds.recency, "R"),
        (&rfm.thresholds.frequency, "F"),
        (&rfm.thresholds.monetary, "M"),
    ]
    .into_iter()
    .filter(|(d, _)| d.source == ThresholdSource::Custom)
    .map(|(_, name)| name)
    .collect();
    let cuts = if custom.is_empty() {
        i18n::SOURCE_QUANTILES.get(lang).to_string()
    } else {
        format!("{} ({})", i18n::SOURCE_CUSTOM.get(lang), custom.join(", "))
    };
    push(&i18n::SETTING_RFM_BINS, format!("{} · {cuts}", rfm.bins));
    push(
        &i18n::SETTING_RFM_MONETARY,
        match rfm.monetary {
            Monetary::Revenue => i18n::MONETARY_REVENUE.get(lang).to_string(),
            Monetary::AverageOrderValue => i18n::MONETARY_AOV.get(lang).to_string(),
        },
    );
    if !rfm.overrides.is_empty() {
        let list: Vec<String> = rfm
            .overrides
            .iter()
            .map(|o| {
                format!(
                    "{} → {}",
                    o.code,
                    super::rows::segment_label(o.segment, lang)
                )
            })
            .collect();
        push(&i18n::SETTING_RFM_OVERRIDES, list.join(", "));
    }

    // ABC
    let abc = &analysis.abc;
    push(
        &i18n::SETTING_ABC_BASIS,
        match abc.basis {
            Basis::Revenue => i18n::BASIS_REVENUE.get(lang).to_string(),
            Basis::Margin => i18n::BASIS_MARGIN.get(lang).to_string(),
        },
    );
    push(
        &i18n::SETTING_ABC_CUTOFFS,
        format!(
            "A ≤ {} · B ≤ {}",
            format::share(abc.a_cutoff, lang),
            format::share(abc.b_cutoff, lang)
        ),
    );

    // Points
    let points = &analysis.points;
    let aggregation = match points.aggregation {
        crate::points::Aggregation::Sum => i18n::AGGREGATION_SUM.get(lang),
        crate::points::Aggregation::AnnualAverage => i18n::AGGREGATION_AVERAGE.get(lang),
    };
    push(
        &i18n::SETTING_POINTS_WINDOW,
        format!(
            "{} · {aggregation}",
            if points.window_years == 1 {
                i18n::ONE_YEAR.get(lang).to_string()
            } else {
                i18n::YEARS
                    .get(lang)
                    .replace("{n}", &points.window_years.to_string())
            }
        ),
    );
    push(
        &i18n::SETTING_POINTS_REVENUE_SCALE,
        scale_summary(&points.scales.revenue.scale, lang),
    );
    push(
        &i18n::SETTING_POINTS_MARGIN,
        match points.margin_source {
            MarginSource::Column => format!(
                "{} · {}",
                i18n::MARGIN_FROM_COLUMN.get(lang),
                scale_summary(&points.scales.margin.scale, lang)
            ),
            MarginSource::Rate => format!(
                "{} · {}",
                i18n::MARGIN_FROM_RATE.get(lang).replace(
                    "{rate}",
                    &format::share(points.margin_rate.unwrap_or(0.0), lang)
                ),
                scale_summary(&points.scales.margin.scale, lang)
            ),
            MarginSource::None => i18n::MARGIN_LEFT_OUT.get(lang).to_string(),
        },
    );
    push(
        &i18n::SETTING_POINTS_BONUS,
        i18n::POINTS_PER_PURCHASE.get(lang).replace(
            "{points}",
            &format::number_trimmed(points.scales.purchase_bonus, 2, lang),
        ),
    );
    push(
        &i18n::SETTING_POINTS_TIERS,
        format!(
            "{} · {}",
            points.tiers.len(),
            source_name(points.thresholds_source, lang)
        ),
    );
    if input.shape == crate::ingest::Shape::Customers {
        push(
            &i18n::SETTING_SHAPE,
            i18n::SHAPE_CUSTOMERS.get(lang).to_string(),
        );
    }
    out
}

/// How the file was read, in one line: `CSV · UTF-8 · séparateur « ; » · …`.
pub(crate) fn file_reading(results: &Results, lang: Language) -> String {
    let input = &results.analysis.input;
    let mut parts = vec![input.format.to_uppercase(), input.encoding.to_uppercase()];
    if let Some(delimiter) = &input.delimiter {
        let shown = if delimiter == "\t" {
            i18n::TAB.get(lang).to_string()
        } else {
            delimiter.clone()
        };
        parts.push(i18n::DELIMITER.get(lang).replace("{value}", &shown));
    }
    parts.push(
        i18n::DECIMAL_SEPARATOR
            .get(lang)
            .replace("{value}", &input.decimal_separator),
    );
    let order = match input.date_order.as_str() {
        "day_first" => i18n::DATE_ORDER_DAY_FIRST.get(lang),
        "month_first" => i18n::DATE_ORDER_MONTH_FIRST.get(lang),
        "year_first" => i18n::DATE_ORDER_YEAR_FIRST.get(lang),
        other => other,
    };
    parts.push(order.to_string());
    parts.join(" · ")
}

/// The settings as a two-column table (for the workbook).
pub(crate) fn settings_table(results: &Results, lang: Language) -> Table {
    let mut table = Table::new(vec![Column::known("setting"), Column::known("value")]);
    for (label, value) in settings(results, lang) {
        table.push(vec![Cell::text(label), Cell::text(value)]);
    }
    table
}

/// Key figures as a two-column table (for the workbook's first sheet).
pub(crate) fn key_figures(results: &Results, file_name: &str, lang: Language) -> Table {
    let analysis = &results.analysis;
    let customers: &Customers = &results.customers;
    let mut table = Table::new(vec![Column::known("item"), Column::known("value")]);
    let mut push = |label: &i18n::Text, value: Cell| {
        table.push(vec![Cell::text(label.get(lang)), value]);
    };
    push(&i18n::FILE, Cell::text(file_name));
    push(&i18n::AS_OF, Cell::Date(analysis.as_of));
    push(&i18n::KPI_CUSTOMERS, count(analysis.customers));
    push(&i18n::KPI_PROSPECTS, count(analysis.prospects));
    push(&i18n::KPI_REVENUE, Cell::Money(analysis.revenue_total));
    if let Some(margin) = analysis.margin_total {
        push(&i18n::KPI_MARGIN, Cell::Money(margin));
    }
    push(
        &i18n::KPI_REVENUE_PER_CUSTOMER,
        Cell::Money(share(
            analysis.revenue_total,
            customers.customers.len() as f64,
        )),
    );
    push(
        &i18n::ROWS_READ,
        Cell::Integer(clamp_u64(analysis.rows.read)),
    );
    push(
        &i18n::ROWS_USED,
        Cell::Integer(clamp_u64(analysis.rows.used)),
    );
    push(
        &i18n::ROWS_SKIPPED,
        Cell::Integer(clamp_u64(analysis.rows.skipped_total())),
    );
    let class_a = analysis.abc.classes.iter().find(|c| c.class == AbcClass::A);
    if let Some(a) = class_a {
        push(&i18n::KPI_CLASS_A, Cell::percent(a.share_customers, 1));
    }
    push(
        &i18n::KPI_GINI,
        analysis
            .abc
            .gini
            .map_or(Cell::Empty, |g| Cell::number(g, 2)),
    );
    table
}

/// A count as an integer cell.
pub(crate) fn count(n: usize) -> Cell {
    Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

pub(crate) fn clamp_u64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// `part / total`, 0 when the total is 0.
pub(crate) fn share(part: f64, total: f64) -> f64 {
    if total == 0.0 {
        0.0
    } else {
        part / total
    }
}
