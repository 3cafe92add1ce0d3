//! The presentation of the dynamics follow-ups (`src/followup.rs`): the
//! migrations since a saved snapshot and the after-campaign readout, as a
//! chart and a report section each.

use super::charts::Charts;
use super::rows::{tier_from_key, tier_label};
use super::sections::{migration_table, pick_list};
use crate::charts::{palette, Axis, ChartMeta, IntervalChart, IntervalRow, Svg, ValueFormat};
use crate::dynamics::campaign_list::{Readout, ResponseSource};
use crate::dynamics::uplift::{SegmentUplift, Verdict};
use crate::export::{Cell, Column, Table};
use crate::format;
use crate::i18n::{self, Language};
use crate::pipeline::{Analysis, Results};
use crate::report::{Block, Callout, DataTable, Figure, Section, Tone};
use crate::segment_keys::SegmentMethod;

/// A segment key as people read it: the RFM or tier label when the key is
/// one, else the key itself (ABC classes, predictive groups, `all`).
fn segment_label(analysis: &Analysis, key: &str, lang: Language) -> String {
    if key == "all" {
        return i18n::ALL_SEGMENTS.get(lang).to_string();
    }
    if let Some(summary) = analysis.rfm.segments.iter().find(|s| s.key.key() == key) {
        return lang.pick(&summary.label_fr, &summary.label_en).to_string();
    }
    match tier_from_key(key) {
        Some(tier) => tier_label(&analysis.points, tier, lang),
        None => key.to_string(),
    }
}

fn verdict_color(verdict: Verdict) -> palette::Rgb {
    match verdict {
        Verdict::Paid => palette::SERIES[0],
        Verdict::DidNotPay => palette::SERIES[1],
        Verdict::NotSignificant | Verdict::InsufficientData => palette::REFERENCE,
    }
}

fn rate(value: Option<f64>, lang: Language) -> String {
    value.map_or_else(|| "–".to_string(), |v| format::percent(v, 1, lang))
}

/// Per segment (then all segments together), the uplift and its interval.
pub(super) fn uplift_chart(results: &Results, readout: &Readout, lang: Language) -> Svg {
    let output = &readout.output;
    let row = |line: &SegmentUplift| IntervalRow {
        label: segment_label(&results.analysis, &line.segment, lang),
        estimate: line.uplift.unwrap_or(f64::NAN),
        low: line.ci_low.unwrap_or(f64::NAN),
        high: line.ci_high.unwrap_or(f64::NAN),
        note: i18n::RATE_VERSUS
            .get(lang)
            .replace("{target}", &rate(line.target.response_rate, lang))
            .replace("{control}", &rate(line.control.response_rate, lang)),
        color: verdict_color(line.verdict),
    };
    IntervalChart {
        meta: ChartMeta::new(
            format!("{}uplift", super::CHART_ID_PREFIX),
            i18n::CHART_UPLIFT_TITLE.get(lang),
            i18n::CHART_UPLIFT_DESC.get(lang),
        ),
        language: lang,
        rows: output
            .by_segment
            .iter()
            .chain(std::iter::once(&output.overall))
            .map(row)
            .collect(),
        value_axis: Axis::new(i18n::AXIS_UPLIFT.get(lang), ValueFormat::Percent(0)),
        reference: 0.0,
    }
    .to_svg()
}

/// The readout per segment and overall, for the report and the workbook.
pub(super) fn uplift_table(analysis: &Analysis, readout: &Readout, lang: Language) -> Table {
    let columns = [
        ("segment", "Segment", "Segment"),
        ("target", "Cibles", "Targets"),
        ("target_rate", "Taux cibles", "Target rate"),
        ("control", "Témoins", "Controls"),
        ("control_rate", "Taux témoins", "Control rate"),
        ("uplift", "Écart (points)", "Gap (points)"),
        ("ci", "IC 95 %", "95% CI"),
        ("incremental_revenue", "CA supplémentaire", "Extra revenue"),
        ("net_gain", "Gain net", "Net gain"),
        ("verdict", "Verdict", "Verdict"),
    ];
    let mut table = Table::new(
        columns
            .iter()
            .map(|(key, fr, en)| Column::new(*key, *fr, *en))
            .collect(),
    );
    let points = |v: f64| format::number(v * 100.0, 1, lang);
    let output = &readout.output;
    for line in output.by_segment.iter().chain([&output.overall]) {
        let verdict = match line.verdict {
            Verdict::Paid => lang.pick("a payé", "paid"),
            Verdict::DidNotPay => lang.pick("n'a pas payé", "did not pay"),
            Verdict::NotSignificant => lang.pick("non significatif", "not significant"),
            Verdict::InsufficientData => lang.pick("données insuffisantes", "insufficient data"),
        };
        table.push(vec![
            Cell::text(segment_label(analysis, &line.segment, lang)),
            Cell::Integer(line.target.customers.into()),
            Cell::optional_text(
                line.target
                    .response_rate
                    .map(|r| format::percent(r, 1, lang))
                    .as_deref(),
            ),
            Cell::Integer(line.control.customers.into()),
            Cell::optional_text(
                line.control
                    .response_rate
                    .map(|r| format::percent(r, 1, lang))
                    .as_deref(),
            ),
            Cell::optional_text(line.uplift.map(points).as_deref()),
            Cell::optional_text(
                line.ci_low
                    .zip(line.ci_high)
                    .map(|(low, high)| {
                        format!("{} {} {}", points(low), lang.pick("à", "to"), points(high))
                    })
                    .as_deref(),
            ),
            line.incremental_revenue.map_or(Cell::Empty, Cell::Money),
            line.net_gain.map_or(Cell::Empty, Cell::Money),
            Cell::text(verdict),
        ]);
    }
    table
}

impl Results {
    /// The migrations since a compared snapshot, for the report.
    pub(super) fn snapshot_section(&self, charts: &Charts, lang: Language) -> Option<Section> {
        let all = &self.analysis.snapshot_migrations;
        let first = all.values().next()?;
        let mut section = Section::new("snapshot", i18n::SECTION_SNAPSHOT.get(lang)).with_intro(
            i18n::EXPLAIN_SNAPSHOT
                .get(lang)
                .replace("{date}", &format::date(first.from_date, lang)),
        );
        // RFM first, as in the compare-date section.
        let ordered = SegmentMethod::ALL
            .iter()
            .filter_map(|m| all.get_key_value(m.migration_key()));
        for (method, output) in ordered {
            section = section.with(Block::Subheading(format!(
                "{} ({} → {})",
                method_title(method, lang),
                format::date(output.from_date, lang),
                format::date(output.to_date, lang)
            )));
            for headline in pick_list(lang, &output.headlines_fr, &output.headlines_en) {
                section = section.with(Block::Paragraph(headline.clone()));
            }
            if method == "rfm" {
                if let Some(svg) = &charts.snapshot_migrations {
                    section = section.with(Block::Figure(Figure {
                        svg: svg.clone(),
                        caption: i18n::SECTION_SNAPSHOT.get(lang).to_string(),
                    }));
                }
            }
            section = section.with(Block::Table(DataTable::new(migration_table(output, lang))));
        }
        Some(section)
    }

    /// The after-campaign readout: how responses were counted, the chart,
    /// the table and one verdict sentence per segment.
    pub(super) fn uplift_section(&self, charts: &Charts, lang: Language) -> Option<Section> {
        let readout = self.analysis.uplift.as_ref()?;
        let seed = readout.seed.map_or_else(
            || i18n::SEED_UNKNOWN.get(lang).to_string(),
            |s| s.to_string(),
        );
        let intro = match readout.source {
            ResponseSource::Orders => i18n::EXPLAIN_UPLIFT_ORDERS.get(lang),
            ResponseSource::ResponseFile => i18n::EXPLAIN_UPLIFT_RESPONSES.get(lang),
        }
        .replace("{list}", &readout.list_file)
        .replace(
            "{customers}",
            &format::integer(readout.list_customers.into(), lang),
        )
        .replace("{seed}", &seed)
        .replace(
            "{start}",
            &readout
                .campaign_start
                .map_or_else(String::new, |d| format::date(d, lang)),
        )
        .replace(
            "{end}",
            &readout
                .window_end
                .map_or_else(String::new, |d| format::date(d, lang)),
        );
        let output = &readout.output;
        let mut section = Section::new("uplift", i18n::SECTION_UPLIFT.get(lang)).with_intro(intro);
        for note in pick_list(lang, &output.notes_fr, &output.notes_en) {
            section = section.with(Block::Callout(Callout {
                tone: Tone::Info,
                title: None,
                text: note.clone(),
            }));
        }
        if let Some(svg) = &charts.uplift {
            section = section.with(Block::Figure(Figure {
                svg: svg.clone(),
                caption: i18n::CHART_UPLIFT_TITLE.get(lang).to_string(),
            }));
        }
        section = section.with(Block::Table(DataTable::new(uplift_table(
            &self.analysis,
            readout,
            lang,
        ))));
        for line in output.by_segment.iter().chain([&output.overall]) {
            section = section.with(Block::Paragraph(format!(
                "{}{} {}",
                segment_label(&self.analysis, &line.segment, lang),
                lang.pick("\u{A0}:", ":"),
                lang.pick(&line.verdict_fr, &line.verdict_en)
            )));
        }
        Some(section)
    }
}

fn method_title(method: &str, lang: Language) -> String {
    match method {
        "rfm" => i18n::METHOD_RFM_SHORT.get(lang).to_string(),
        "abc" => i18n::METHOD_ABC_SHORT.get(lang).to_string(),
        "points" => i18n::METHOD_POINTS_SHORT.get(lang).to_string(),
        "predictive" => i18n::SECTION_GROUPS.get(lang).to_string(),
        other => other.to_string(),
    }
}
