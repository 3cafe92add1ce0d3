//! The charts of a result, drawn once: the page inserts the SVG into its DOM
//! and the report inlines the very same markup.

use serde::{Serialize, Serializer};

use super::style::segment_color;
use super::words::{count_customers, share_of_customers, share_of_value};
use crate::abc::{self, AbcClass};
use crate::charts::{
    palette, Axis, BandPoint, BarChart, BarSeries, ChartMeta, Flow, FlowDiagram, FlowNode,
    HeatCell, Heatmap, LegendItem, LineChart, Orientation, ReferenceLine, Rgb, Series, Svg,
    ValueFormat,
};
use crate::cross;
use crate::dynamics::{cohorts, migrations, survival};
use crate::format;
use crate::i18n::{self, Language};
use crate::pipeline::Results;
use crate::predict::{Group, Holdout};
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
    /// The value × potential matrix: customers and past revenue per cell,
    /// coloured by strategy group.
    #[serde(serialize_with = "optional_markup")]
    pub cross: Option<Svg>,
    /// Segment migrations between two dates (flow diagram).
    #[serde(serialize_with = "optional_markup")]
    pub migrations: Option<Svg>,
    /// Kaplan-Meier survival by first channel.
    #[serde(serialize_with = "optional_markup")]
    pub survival: Option<Svg>,
    /// Cohort retention heat map.
    #[serde(serialize_with = "optional_markup")]
    pub cohorts: Option<Svg>,
    /// RFM migrations since a compared snapshot (flow diagram); every
    /// method's comes from [`Results::snapshot_charts`].
    #[serde(serialize_with = "optional_markup")]
    pub snapshot_migrations: Option<Svg>,
    /// After-campaign uplift per segment with its interval.
    #[serde(serialize_with = "optional_markup")]
    pub uplift: Option<Svg>,
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
            holdout: self
                .analysis
                .predict
                .as_ref()
                .and_then(|p| p.holdout.as_ref())
                .filter(|h| !h.tracking.is_empty())
                .map(|h| holdout_tracking(h, language).to_svg()),
            groups: self
                .analysis
                .predict
                .as_ref()
                .filter(|p| !p.groups.is_empty())
                .map(|p| predictive_groups(&p.groups, language).to_svg()),
            cross: self
                .analysis
                .cross
                .as_ref()
                .map(|c| cross_matrix(c, self.analysis.prospects > 0, language).to_svg()),
            migrations: self
                .analysis
                .migrations
                .get("rfm")
                .filter(|m| !m.matrix.is_empty() || !m.new.is_empty())
                .map(|m| migration_flows(m, language, "migrations").to_svg()),
            survival: self
                .analysis
                .survival
                .as_ref()
                .filter(|s| s.available && s.groups.iter().any(|g| !g.curve.is_empty()))
                .map(|s| survival_curves(s, language).to_svg()),
            cohorts: self
                .analysis
                .cohorts
                .as_ref()
                .filter(|c| c.available && !c.cohorts.is_empty() && c.columns > 0)
                .map(|c| cohort_retention(c, language).to_svg()),
            snapshot_migrations: self
                .analysis
                .snapshot_migrations
                .get("rfm")
                .map(|m| migration_flows(m, language, "snapshot-rfm").to_svg()),
            uplift: self
                .analysis
                .uplift
                .as_ref()
                .map(|readout| super::campaign_readout::uplift_chart(self, readout, language)),
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
            data: Some(("segment", cell.segment.key().to_string())),
        };
    }
    HeatCell {
        title: Some(label.to_string()),
        lines: vec![count_customers(cell.customers, lang), revenue],
        fill: Some(color),
        tooltip: Some(tooltip),
        data: Some(("segment", cell.segment.key().to_string())),
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

/// Cumulative repeat purchases in the holdout period, day by day: the
/// calibration model's forecast against what customers actually bought.
fn holdout_tracking(holdout: &Holdout, lang: Language) -> LineChart {
    let predicted: Vec<(f64, f64)> = holdout
        .tracking
        .iter()
        .map(|p| (f64::from(p.day) / 7.0, p.predicted_cumulative))
        .collect();
    let actual: Vec<(f64, f64)> = holdout
        .tracking
        .iter()
        .map(|p| (f64::from(p.day) / 7.0, p.actual_cumulative))
        .collect();
    let description = i18n::CHART_HOLDOUT_DESC
        .get(lang)
        .replace("{start}", &format::date(holdout.calibration_end, lang))
        .replace(
            "{predicted}",
            &format::number(holdout.predicted_repeat_purchases, 0, lang),
        )
        .replace(
            "{actual}",
            &format::number(holdout.actual_repeat_purchases, 0, lang),
        );
    LineChart {
        meta: ChartMeta::new(
            chart_id("holdout"),
            i18n::CHART_HOLDOUT_TITLE.get(lang),
            description,
        ),
        language: lang,
        x_axis: Axis::new(
            i18n::AXIS_WEEKS_AFTER_CALIBRATION.get(lang),
            ValueFormat::Integer,
        )
        .with_bounds(
            0.0,
            (holdout.length.max(1.0)).max(predicted.last().map_or(1.0, |p| p.0)),
        ),
        y_axis: Axis::new(
            i18n::AXIS_CUMULATIVE_PURCHASES.get(lang),
            ValueFormat::Integer,
        ),
        series: vec![
            Series::line(i18n::SERIES_PREDICTED.get(lang), predicted)
                .dashed()
                .with_color(palette::series(0)),
            Series::line(i18n::SERIES_ACTUAL.get(lang), actual).with_color(palette::series(1)),
        ],
        references: Vec::new(),
    }
}

/// Expected revenue over the horizon per predictive group, with the revenue
/// actually bought in the holdout period next to it when there is one.
fn predictive_groups(groups: &[Group], lang: Language) -> BarChart {
    let mut series = vec![BarSeries {
        name: i18n::SERIES_EXPECTED_REVENUE.get(lang).into(),
        values: groups.iter().map(|g| g.expected_revenue).collect(),
        color: Some(palette::series(0)),
    }];
    if groups.iter().all(|g| g.actual_revenue.is_some()) {
        series.push(BarSeries {
            name: i18n::SERIES_ACTUAL_REVENUE.get(lang).into(),
            values: groups
                .iter()
                .map(|g| g.actual_revenue.unwrap_or(0.0))
                .collect(),
            color: Some(palette::series(1)),
        });
    }
    BarChart {
        meta: ChartMeta::new(
            chart_id("groups"),
            i18n::SECTION_GROUPS.get(lang),
            i18n::CHART_GROUPS_DESC.get(lang),
        ),
        language: lang,
        orientation: Orientation::Vertical,
        categories: groups.iter().map(|g| g.label.clone()).collect(),
        series,
        value_axis: Axis::new(i18n::AXIS_REVENUE.get(lang), ValueFormat::Money),
        category_title: i18n::SECTION_GROUPS.get(lang).into(),
        show_values: groups.len() <= 8,
        category_colors: Vec::new(),
    }
}

/// The strategy colours of the matrix: core business, growth potential,
/// both (AA'), manage at low cost.
const CROSS_COLORS: [Rgb; 4] = [
    palette::CATEGORICAL[0],
    palette::CATEGORICAL[2],
    palette::CATEGORICAL[3],
    palette::CATEGORICAL[5],
];

/// The value × potential matrix: current value down (A at the top, P for
/// prospects when the file has some), potential across (A' at the left);
/// each cell with its customers and past revenue, coloured by its strategy
/// group (cells in none stay blank).
fn cross_matrix(output: &cross::Output, with_prospects: bool, lang: Language) -> Heatmap {
    let rows: Vec<&str> = if with_prospects {
        vec!["A", "B", "C", "P"]
    } else {
        vec!["A", "B", "C"]
    };
    let potentials = ["A'", "B'", "C'"];
    let strategy_label = |key: &str| -> String {
        output
            .strategies
            .iter()
            .find(|s| s.key == key)
            .map_or(key, |s| lang.pick(&s.label_fr, &s.label_en))
            .to_string()
    };
    let mut cells = Vec::with_capacity(rows.len() * potentials.len());
    for value in &rows {
        for potential in potentials {
            let Some(cell) = output.cell(value, potential) else {
                cells.push(HeatCell::default());
                continue;
            };
            let groups: Vec<&str> = output
                .strategies
                .iter()
                .filter(|s| s.cells.contains(&cell.cell))
                .map(|s| s.key.as_str())
                .collect();
            let fill = match groups.as_slice() {
                ["core_business"] => Some(CROSS_COLORS[0]),
                ["growth_potential"] => Some(CROSS_COLORS[1]),
                [_, _] => Some(CROSS_COLORS[2]),
                ["low_cost"] => Some(CROSS_COLORS[3]),
                _ => None,
            };
            let names: Vec<String> = groups.iter().map(|g| strategy_label(g)).collect();
            let colon = lang.pick("\u{A0}:", ":");
            cells.push(HeatCell {
                title: Some(cell.cell.clone()),
                lines: vec![
                    count_customers(cell.customers, lang),
                    format::money_compact(cell.revenue, lang),
                ],
                fill: fill.map(|f| {
                    if cell.customers == 0 {
                        f.mix(palette::WHITE, 0.78)
                    } else {
                        f
                    }
                }),
                tooltip: Some(format!(
                    "{}{colon} {}, {}{}",
                    cell.cell,
                    count_customers(cell.customers, lang),
                    format::money(cell.revenue, lang),
                    if names.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", names.join(", "))
                    }
                )),
                // Prospects (row P) have no customer list.
                data: (*value != "P").then(|| ("cell", cell.cell.clone())),
            });
        }
    }
    let legend = [
        ("core_business", 0),
        ("growth_potential", 1),
        ("both", 2),
        ("low_cost", 3),
    ]
    .into_iter()
    .map(|(key, color)| LegendItem {
        label: if key == "both" {
            format!(
                "{} + {}",
                strategy_label("core_business"),
                strategy_label("growth_potential")
            )
        } else {
            strategy_label(key)
        },
        color: CROSS_COLORS[color],
    })
    .collect();
    Heatmap {
        meta: ChartMeta::new(
            chart_id("cross"),
            i18n::SECTION_CROSS.get(lang),
            i18n::CAPTION_CROSS_GRID.get(lang),
        ),
        x_title: i18n::AXIS_POTENTIAL.get(lang).into(),
        y_title: i18n::AXIS_CURRENT_VALUE.get(lang).into(),
        columns: potentials.iter().map(|p| p.to_string()).collect(),
        rows: rows.iter().map(|r| r.to_string()).collect(),
        cells,
        legend,
    }
}

/// RFM segments at the first date (left) flowing to the second (right);
/// customers new since the first date enter from a "new" node.
pub(super) fn migration_flows(
    output: &migrations::Output,
    lang: Language,
    name: &str,
) -> FlowDiagram {
    let label = |key: &str| -> String {
        output.segments.iter().find(|s| s.key == key).map_or_else(
            || key.to_string(),
            |s| lang.pick(&s.label_fr, &s.label_en).to_string(),
        )
    };
    let color = |key: &str| crate::rfm::Segment::from_key(key).map(segment_color);
    let node = |key: &str| FlowNode {
        label: label(key),
        color: color(key),
    };
    let mut sources: Vec<FlowNode> = output.segments.iter().map(|s| node(&s.key)).collect();
    let targets: Vec<FlowNode> = output.segments.iter().map(|s| node(&s.key)).collect();
    // By key, once: the predictive ladder can have hundreds of groups.
    let positions = output.index_by_key();
    let index = |key: &str| positions.get(key).map(|&i| usize::from(i));
    let mut flows = Vec::new();
    for cell in &output.matrix {
        if let (Some(from), Some(to)) = (index(&cell.from), index(&cell.to)) {
            if cell.customers > 0 {
                flows.push(Flow {
                    from,
                    to,
                    value: f64::from(cell.customers),
                });
            }
        }
    }
    if output.new.iter().any(|n| n.customers > 0) {
        let new_index = sources.len();
        sources.push(FlowNode {
            label: i18n::NEW_CUSTOMERS.get(lang).into(),
            color: Some(palette::REFERENCE),
        });
        for cell in &output.new {
            if let Some(to) = index(&cell.to).filter(|_| cell.customers > 0) {
                flows.push(Flow {
                    from: new_index,
                    to,
                    value: f64::from(cell.customers),
                });
            }
        }
    }
    FlowDiagram {
        meta: ChartMeta::new(
            chart_id(name),
            i18n::SECTION_MIGRATIONS.get(lang),
            i18n::CHART_MIGRATIONS_DESC
                .get(lang)
                .replace("{from}", &format::date(output.from_date, lang))
                .replace("{to}", &format::date(output.to_date, lang)),
        ),
        language: lang,
        left_title: format::date(output.from_date, lang),
        right_title: format::date(output.to_date, lang),
        sources,
        targets,
        flows,
        value_format: ValueFormat::Integer,
    }
}

/// Kaplan-Meier step curves (share still active by days since the first
/// purchase), one per channel group, with their confidence bands.
fn survival_curves(output: &survival::Output, lang: Language) -> LineChart {
    let mut series = Vec::new();
    let max_day = output
        .groups
        .iter()
        .flat_map(|g| g.curve.last())
        .map(|p| f64::from(p.t))
        .fold(0.0_f64, f64::max);
    for (index, group) in output
        .groups
        .iter()
        .filter(|g| !g.curve.is_empty())
        .enumerate()
    {
        let points = group
            .curve
            .iter()
            .map(|p| (f64::from(p.t) / 30.4375, p.survival))
            .collect();
        let color = if group.kind == survival::GroupKind::All {
            palette::REFERENCE
        } else {
            palette::categorical(index)
        };
        let mut line =
            Series::step(lang.pick(&group.label_fr, &group.label_en), points).with_color(color);
        if group.kind == survival::GroupKind::All {
            line = line.dashed();
        } else {
            line = line.with_band(
                group
                    .curve
                    .iter()
                    .map(|p| BandPoint {
                        x: f64::from(p.t) / 30.4375,
                        low: p.lower,
                        high: p.upper,
                    })
                    .collect(),
            );
        }
        series.push(line);
    }
    let description = i18n::CHART_SURVIVAL_DESC.get(lang).replace(
        "{days}",
        &format::integer(i64::from(output.inactivity_days), lang),
    );
    LineChart {
        meta: ChartMeta::new(
            chart_id("survival"),
            i18n::SECTION_SURVIVAL.get(lang),
            description,
        ),
        language: lang,
        x_axis: Axis::new(
            i18n::AXIS_MONTHS_SINCE_FIRST.get(lang),
            ValueFormat::Integer,
        )
        .with_bounds(0.0, (max_day / 30.4375).max(1.0)),
        y_axis: Axis::new(i18n::AXIS_STILL_ACTIVE.get(lang), ValueFormat::Percent(0))
            .with_bounds(0.0, 1.0),
        series,
        references: vec![ReferenceLine::Horizontal {
            y: 0.5,
            label: i18n::MEDIAN.get(lang).into(),
        }],
    }
}

/// Acquisition cohorts (rows) × periods since acquisition (columns): the
/// share of the cohort buying in that period, darker for more.
fn cohort_retention(output: &cohorts::Output, lang: Language) -> Heatmap {
    let columns = output.columns as usize;
    let period_prefix = match output.period {
        cohorts::Period::Month => lang.pick("M", "M"),
        cohorts::Period::Quarter => lang.pick("T", "Q"),
    };
    let mut cells = Vec::with_capacity(output.cohorts.len() * columns);
    for cohort in &output.cohorts {
        let label = lang.pick(&cohort.label_fr, &cohort.label_en);
        for column in 0..columns {
            match cohort.retention.get(column).copied().flatten() {
                Some(share) => {
                    // Period 0 is 100 % by construction: shading it would
                    // swamp the scale, so the colour runs over 0-60 %.
                    let fill = palette::sequential((share / 0.6).clamp(0.0, 1.0));
                    cells.push(HeatCell {
                        title: None,
                        lines: vec![format::percent(share, 0, lang)],
                        fill: Some(fill),
                        tooltip: Some(format!(
                            "{label}, {period_prefix}{column}{} {} ({})",
                            lang.pick("\u{A0}:", ":"),
                            format::percent(share, 1, lang),
                            count_customers(
                                cohort.buyers.get(column).copied().unwrap_or(0) as usize,
                                lang
                            ),
                        )),
                        data: None,
                    });
                }
                None => cells.push(HeatCell::default()),
            }
        }
    }
    Heatmap {
        meta: ChartMeta::new(
            chart_id("cohorts"),
            i18n::SECTION_COHORTS.get(lang),
            i18n::CHART_COHORTS_DESC.get(lang),
        ),
        x_title: match output.period {
            cohorts::Period::Month => i18n::AXIS_MONTHS_SINCE_ACQUISITION.get(lang),
            cohorts::Period::Quarter => i18n::AXIS_QUARTERS_SINCE_ACQUISITION.get(lang),
        }
        .into(),
        y_title: i18n::AXIS_COHORT.get(lang).into(),
        columns: (0..columns)
            .map(|c| format!("{period_prefix}{c}"))
            .collect(),
        rows: output
            .cohorts
            .iter()
            .map(|c| lang.pick(&c.label_fr, &c.label_en).to_string())
            .collect(),
        cells,
        legend: Vec::new(),
    }
}
