//! The charts of a result, drawn once: the page inserts the SVG into its DOM
//! and the report inlines the very same markup.

use serde::{Serialize, Serializer};

use super::style::segment_color;
use super::words::{count_customers, share_of_customers, share_of_value};
use crate::abc::{self, AbcClass};
use crate::charts::{
    palette, Axis, BarChart, BarSeries, ChartMeta, HeatCell, Heatmap, LineChart, Orientation,
    ReferenceLine, Series, Svg, ValueFormat,
};
use crate::format;
use crate::i18n::{self, Language};
use crate::pipeline::Results;
use crate::rfm;

/// The prefix of every chart id, so the ids (and the `aria-labelledby`
/// references built from them) never collide with the page's own ids.
pub const CHART_ID_PREFIX: &str = "segmento-chart-";

/// Every chart of a result as SVG markup, labelled in one language.
///
/// Serialized as an object of strings (`null` for a chart whose analysis did
/// not run), which is what the page receives:
/// `{"rfm_grid": "<svg …>", "pareto": "<svg …>", …}`. Each chart has a
/// unique id starting with [`CHART_ID_PREFIX`], so all of them can sit in
/// one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Charts {
    /// The R×F heat map: one cell per (recency score, frequency score), with
    /// its dominant segment, customers and revenue, coloured by segment.
    #[serde(serialize_with = "markup")]
    pub rfm_grid: Svg,
    /// The ABC Pareto curve with the diagonal, the class A cut-off and the
    /// class shares.
    #[serde(serialize_with = "markup")]
    pub pareto: Svg,
    /// Value tiers: share of customers and share of revenue per tier.
    #[serde(serialize_with = "markup")]
    pub tiers: Svg,
    /// RFM segments: share of customers and share of revenue per segment.
    #[serde(serialize_with = "markup")]
    pub segments: Svg,
    /// Prediction holdout: cumulative repeat purchases, predicted vs actual
    /// (when the prediction analysis runs with a calibration date).
    #[serde(serialize_with = "optional_markup")]
    pub holdout: Option<Svg>,
    /// Predictive groups: forecast vs actual per group.
    #[serde(serialize_with = "optional_markup")]
    pub groups: Option<Svg>,
    /// Segment migrations between two dates (flow diagram).
    #[serde(serialize_with = "optional_markup")]
    pub migrations: Option<Svg>,
    /// Kaplan-Meier survival by first channel.
    #[serde(serialize_with = "optional_markup")]
    pub survival: Option<Svg>,
    /// Cohort retention heat map.
    #[serde(serialize_with = "optional_markup")]
    pub cohorts: Option<Svg>,
}

fn markup<S: Serializer>(svg: &Svg, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(svg.as_str())
}

fn optional_markup<S: Serializer>(svg: &Option<Svg>, serializer: S) -> Result<S::Ok, S::Error> {
    match svg {
        Some(svg) => serializer.serialize_some(svg.as_str()),
        None => serializer.serialize_none(),
    }
}

impl Results {
    /// Draws every chart of the result, labelled in `language`.
    ///
    /// The same call gives byte-identical markup for the same result; the
    /// report ([`Results::report_html`]) embeds exactly these charts.
    pub fn charts(&self, language: Language) -> Charts {
        Charts {
            rfm_grid: rfm_grid(&self.analysis.rfm, language).to_svg(),
            pareto: pareto(&self.analysis.abc, language).to_svg(),
            tiers: tiers(self, language).to_svg(),
            segments: segments(&self.analysis.rfm, language).to_svg(),
            holdout: None,
            groups: None,
            migrations: None,
            survival: None,
            cohorts: None,
        }
    }
}

fn chart_id(name: &str) -> String {
    format!("{CHART_ID_PREFIX}{name}")
}

/// The R×F map: rows are recency scores (best at the top), columns are
/// frequency scores (best at the right), so recent frequent customers sit
/// top right as in the classic picture.
fn rfm_grid(output: &rfm::Output, lang: Language) -> Heatmap {
    let grid = &output.grid;
    let bins = usize::from(grid.bins);
    let mut cells = Vec::with_capacity(bins * bins);
    for r in (1..=grid.bins).rev() {
        for f in 1..=grid.bins {
            let index = usize::from(r - 1) * bins + usize::from(f - 1);
            let Some(cell) = grid.cells.get(index) else {
                cells.push(HeatCell::default());
                continue;
            };
            cells.push(grid_cell(cell, lang));
        }
    }
    let populated = grid.cells.iter().filter(|c| c.customers > 0).count();
    let description = i18n::CHART_RFM_GRID_DESC
        .get(lang)
        .replace("{cells}", &format::integer(populated as i64, lang))
        .replace("{total}", &format::integer((bins * bins) as i64, lang));
    Heatmap {
        meta: ChartMeta::new(
            chart_id("rfm-grid"),
            i18n::SECTION_RFM_MAP.get(lang),
            description,
        ),
        x_title: i18n::AXIS_FREQUENCY_SCORE
            .get(lang)
            .replace("{best}", &grid.bins.to_string()),
        y_title: i18n::AXIS_RECENCY_SCORE
            .get(lang)
            .replace("{best}", &grid.bins.to_string()),
        columns: (1..=grid.bins).map(|f| format!("F{f}")).collect(),
        rows: (1..=grid.bins).rev().map(|r| format!("R{r}")).collect(),
        cells,
        legend: Vec::new(),
    }
}

fn grid_cell(cell: &rfm::GridCell, lang: Language) -> HeatCell {
    let label = super::rows::segment_label(cell.segment, lang);
    let color = segment_color(cell.segment);
    let revenue = if cell.revenue.abs() >= 10_000.0 {
        format::money_compact(cell.revenue, lang)
    } else {
        format::money_with_decimals(cell.revenue, 0, lang)
    };
    let colon = lang.pick("\u{A0}:", ":");
    let mut tooltip = format!(
        "R{} F{} — {label}{colon} {}, {} ({} {})",
        cell.r,
        cell.f,
        count_customers(cell.customers, lang),
        format::money(cell.revenue, lang),
        format::share(cell.share_revenue, lang),
        i18n::OF_REVENUE.get(lang),
    );
    if let Some(share) = cell.segment_share.filter(|share| *share < 1.0) {
        tooltip.push_str(
            &i18n::GRID_CELL_MIXED
                .get(lang)
                .replace("{share}", &format::share(share, lang))
                .replace("{segment}", label),
        );
    }
    if cell.customers == 0 {
        // An empty cell keeps its segment's hue, faded, so the map still reads
        // as regions while the eye goes to the populated cells.
        return HeatCell {
            title: Some(label.to_string()),
            lines: vec![count_customers(0, lang)],
            fill: Some(color.mix(palette::WHITE, 0.78)),
            tooltip: Some(tooltip),
        };
    }
    HeatCell {
        title: Some(label.to_string()),
        lines: vec![count_customers(cell.customers, lang), revenue],
        fill: Some(color),
        tooltip: Some(tooltip),
    }
}

/// Share of customers (x, largest first) against cumulative share of value.
fn pareto(output: &abc::Output, lang: Language) -> LineChart {
    let basis = output.basis;
    let curve: Vec<(f64, f64)> = output
        .curve
        .iter()
        .map(|p| (p.share_customers, p.share_value))
        .collect();
    let mut references = Vec::new();
    let class = |c: AbcClass| output.classes.iter().find(|s| s.class == c);
    if output.positive_value_total > 0.0 {
        references.push(ReferenceLine::Horizontal {
            y: output.a_cutoff,
            label: share_of_value(output.a_cutoff, basis, lang),
        });
        if let Some(a) = class(AbcClass::A) {
            references.push(ReferenceLine::Vertical {
                x: a.share_customers,
                label: format!(
                    "A{} {}",
                    lang.pick("\u{A0}:", ":"),
                    share_of_customers(a.share_customers, lang)
                ),
            });
            if let Some(b) = class(AbcClass::B).filter(|b| b.customers > 0) {
                let end = a.share_customers + b.share_customers;
                // Both labels sit at the top of the plot: the B one only when
                // it cannot run into the A one (a label spans about a quarter
                // of the plot's width).
                let label = if b.share_customers >= 0.26 {
                    format!(
                        "A+B{} {}",
                        lang.pick("\u{A0}:", ":"),
                        share_of_customers(end, lang)
                    )
                } else {
                    String::new()
                };
                references.push(ReferenceLine::Vertical { x: end, label });
            }
        }
    }
    let description = if lang == Language::Fr {
        output.sentence_fr.clone()
    } else {
        output.sentence_en.clone()
    };
    LineChart {
        meta: ChartMeta::new(
            chart_id("pareto"),
            i18n::CHART_PARETO_TITLE.get(lang),
            description,
        ),
        language: lang,
        x_axis: Axis::new(
            i18n::AXIS_SHARE_OF_CUSTOMERS_RANKED.get(lang),
            ValueFormat::Percent(0),
        )
        .with_bounds(0.0, 1.0),
        y_axis: Axis::new(
            match basis {
                abc::Basis::Revenue => i18n::AXIS_CUMULATIVE_REVENUE.get(lang),
                abc::Basis::Margin => i18n::AXIS_CUMULATIVE_MARGIN.get(lang),
            },
            ValueFormat::Percent(0),
        )
        .with_bounds(0.0, 1.0),
        series: vec![
            Series::line(i18n::SERIES_CUSTOMERS_RANKED.get(lang), curve),
            Series::line(
                i18n::SERIES_EQUAL_SPLIT.get(lang),
                vec![(0.0, 0.0), (1.0, 1.0)],
            )
            .dashed()
            .with_color(palette::REFERENCE),
        ],
        references,
    }
}

/// Share of customers and of revenue per value tier, best tier first.
fn tiers(results: &Results, lang: Language) -> BarChart {
    let output = &results.analysis.points;
    let categories: Vec<String> = output
        .tiers
        .iter()
        .map(|t| lang.pick(&t.label_fr, &t.label_en).to_string())
        .collect();
    BarChart {
        meta: ChartMeta::new(
            chart_id("tiers"),
            i18n::CHART_TIERS_TITLE.get(lang),
            i18n::CHART_TIERS_DESC.get(lang),
        ),
        language: lang,
        orientation: Orientation::Horizontal,
        categories,
        series: share_series(
            output.tiers.iter().map(|t| t.share_customers),
            output.tiers.iter().map(|t| t.share_revenue),
            lang,
        ),
        value_axis: Axis::new(i18n::AXIS_SHARE.get(lang), ValueFormat::Percent(0)),
        category_title: String::new(),
        show_values: true,
        category_colors: Vec::new(),
    }
}

/// Share of customers and of revenue per RFM segment, in ladder order.
fn segments(output: &rfm::Output, lang: Language) -> BarChart {
    BarChart {
        meta: ChartMeta::new(
            chart_id("segments"),
            i18n::CHART_SEGMENTS_TITLE.get(lang),
            i18n::CHART_SEGMENTS_DESC.get(lang),
        ),
        language: lang,
        orientation: Orientation::Horizontal,
        categories: output
            .segments
            .iter()
            .map(|s| lang.pick(&s.label_fr, &s.label_en).to_string())
            .collect(),
        series: share_series(
            output.segments.iter().map(|s| s.share_customers),
            output.segments.iter().map(|s| s.share_revenue),
            lang,
        ),
        value_axis: Axis::new(i18n::AXIS_SHARE.get(lang), ValueFormat::Percent(0)),
        category_title: String::new(),
        show_values: true,
        category_colors: Vec::new(),
    }
}

fn share_series(
    customers: impl Iterator<Item = f64>,
    revenue: impl Iterator<Item = f64>,
    lang: Language,
) -> Vec<BarSeries> {
    vec![
        BarSeries {
            name: i18n::SERIES_SHARE_CUSTOMERS.get(lang).into(),
            values: customers.collect(),
            color: Some(palette::series(0)),
        },
        BarSeries {
            name: i18n::SERIES_SHARE_REVENUE.get(lang).into(),
            values: revenue.collect(),
            color: Some(palette::series(1)),
        },
    ]
}
