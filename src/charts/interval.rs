//! An interval chart (a "forest plot"): one row per category with an
//! estimate, its confidence interval as a whisker, a reference line (zero
//! uplift) and a note on the right. Used for the after-campaign uplift:
//! each segment's target − control response rate with its 95 % interval,
//! the two rates written beside it.

use super::axis::{height_below_value_axis, ticks, Axis, VerticalGrid};
use super::palette::{self, Rgb};
use super::svg::{text_width, wrap, Anchor, ChartMeta, Svg, SvgWriter, TextStyle};
use crate::i18n::Language;

/// One row of an [`IntervalChart`].
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalRow {
    /// Category label, on the left.
    pub label: String,
    /// The estimate (the dot); a non-finite estimate draws only the label.
    pub estimate: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
    /// Text on the right (e.g. "52 % vs 32 %").
    pub note: String,
    /// Colour of the dot and whisker.
    pub color: Rgb,
}

/// Estimates with intervals, one row per category.
///
/// ```
/// use segmento::charts::{palette, Axis, ChartMeta, IntervalChart, IntervalRow, ValueFormat};
/// use segmento::Language;
/// let chart = IntervalChart {
///     meta: ChartMeta::new("uplift", "Uplift", "Target minus control"),
///     language: Language::En,
///     rows: vec![IntervalRow {
///         label: "Champions".into(), estimate: 0.20, low: 0.15, high: 0.25,
///         note: "30% vs 10%".into(), color: palette::SERIES[0],
///     }],
///     value_axis: Axis::new("Uplift", ValueFormat::Percent(0)),
///     reference: 0.0,
/// };
/// let svg = chart.to_svg();
/// assert!(svg.as_str().contains("30% vs 10%") && svg.as_str().contains("<circle"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IntervalChart {
    /// Id, title and description.
    pub meta: ChartMeta,
    /// Language of the numbers.
    pub language: Language,
    /// Rows, top to bottom.
    pub rows: Vec<IntervalRow>,
    /// The value axis (title and format).
    pub value_axis: Axis,
    /// Where the dashed reference line is drawn (0 for "no effect").
    pub reference: f64,
}

const WIDTH: f64 = 720.0;
const ROW: f64 = 30.0;
const LABEL_SIZE: f64 = 12.0;
const TICK_SIZE: f64 = 11.0;

impl IntervalChart {
    /// Draws the chart.
    pub fn to_svg(&self) -> Svg {
        let finite = |v: f64| v.is_finite().then_some(v);
        let (low, high) = self
            .rows
            .iter()
            .flat_map(|r| [finite(r.low), finite(r.high), finite(r.estimate)])
            .flatten()
            .fold((self.reference, self.reference), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        let scale = ticks(&self.value_axis, low, high, 6, true);
        let label_width = self
            .rows
            .iter()
            .map(|r| text_width(&r.label, LABEL_SIZE))
            .fold(0.0, f64::max)
            .min(170.0);
        let note_width = self
            .rows
            .iter()
            .map(|r| text_width(&r.note, LABEL_SIZE))
            .fold(0.0, f64::max)
            .min(200.0);
        let left = label_width + 14.0;
        let right = note_width + 16.0;
        let top = 12.0;
        let plot_width = WIDTH - left - right;
        let bottom = top + self.rows.len() as f64 * ROW;
        let height = height_below_value_axis(&self.value_axis, bottom);
        let px = |v: f64| left + scale.fraction(v) * plot_width;

        let mut svg = SvgWriter::new(&self.meta, WIDTH, height);
        let grid = VerticalGrid {
            top,
            bottom,
            tick_size: TICK_SIZE,
            px: &px,
        };
        grid.draw(&mut svg, &self.value_axis, &scale, self.language);
        let reference = px(self.reference);
        svg.line(
            (reference, top),
            (reference, bottom),
            palette::REFERENCE,
            1.5,
            Some("4 3"),
        );
        let label_style = TextStyle::new(LABEL_SIZE, Anchor::End, palette::TEXT);
        let note_style = TextStyle::new(LABEL_SIZE, Anchor::Start, palette::MUTED_TEXT);
        for (i, row) in self.rows.iter().enumerate() {
            let y = top + (i as f64 + 0.5) * ROW;
            let label = wrap(&row.label, 170.0, LABEL_SIZE, 1);
            let label = label.first().map_or(row.label.as_str(), String::as_str);
            svg.text(left - 8.0, y + LABEL_SIZE * 0.35, label, label_style);
            svg.text(
                WIDTH - right + 8.0,
                y + LABEL_SIZE * 0.35,
                &row.note,
                note_style,
            );
            if !row.estimate.is_finite() {
                continue;
            }
            svg.open_group(&format!("{} — {}", row.label, row.note));
            if row.low.is_finite() && row.high.is_finite() {
                let (x0, x1) = (px(row.low), px(row.high));
                svg.line((x0, y), (x1, y), row.color, 2.0, None);
                svg.line((x0, y - 6.0), (x0, y + 6.0), row.color, 2.0, None);
                svg.line((x1, y - 6.0), (x1, y + 6.0), row.color, 2.0, None);
            }
            svg.dot(px(row.estimate), y, 5.0, row.color);
            svg.close_group();
        }
        if !self.value_axis.title.is_empty() {
            let title_style = TextStyle::new(12.0, Anchor::Middle, palette::TEXT).bold();
            svg.text(
                left + plot_width / 2.0,
                bottom + 30.0 + TICK_SIZE,
                &self.value_axis.title,
                title_style,
            );
        }
        svg.finish()
    }
}
