//! Line charts with several series: Pareto/Lorenz curves, Kaplan-Meier
//! survival steps with confidence bands, predicted-vs-actual tracking.

use super::axis::{ticks, Axis, Ticks};
use super::palette::{self, Rgb};
use super::svg::{path_point, text_width, Anchor, ChartMeta, Svg, SvgWriter, TextStyle};
use crate::i18n::Language;

/// How consecutive points of a series are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Interpolation {
    /// Straight segments.
    #[default]
    Linear,
    /// Horizontal then vertical: the value holds until the next point
    /// (Kaplan-Meier curves, cumulative counts).
    Step,
}

/// One point of a confidence band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandPoint {
    /// Position on the x axis.
    pub x: f64,
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// One series of a [`LineChart`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Name shown in the legend (an empty name is left out of the legend).
    pub name: String,
    /// Points `(x, y)`; drawn in order of x. Points with a non-finite
    /// coordinate cannot be placed and are not drawn.
    pub points: Vec<(f64, f64)>,
    /// How points are joined.
    pub interpolation: Interpolation,
    /// Dashed line (e.g. a prediction, or a reference diagonal).
    pub dashed: bool,
    /// Shaded confidence band, joined with the same interpolation.
    pub band: Vec<BandPoint>,
    /// Colour; by default the series palette colour of its position.
    pub color: Option<Rgb>,
}

impl Series {
    /// A solid straight-line series.
    ///
    /// ```
    /// use segmento::charts::Series;
    /// let s = Series::line("Actual", vec![(0.0, 0.0), (1.0, 5.0)]).dashed();
    /// assert!(s.dashed);
    /// ```
    pub fn line(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Series {
            name: name.into(),
            points,
            ..Series::default()
        }
    }

    /// A step series (Kaplan-Meier).
    pub fn step(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Series {
            interpolation: Interpolation::Step,
            ..Series::line(name, points)
        }
    }

    /// The same series, dashed.
    pub fn dashed(mut self) -> Self {
        self.dashed = true;
        self
    }

    /// The same series with a confidence band.
    pub fn with_band(mut self, band: Vec<BandPoint>) -> Self {
        self.band = band;
        self
    }

    /// The same series in a given colour.
    pub fn with_color(mut self, color: Rgb) -> Self {
        self.color = Some(color);
        self
    }
}

/// A labelled reference line across the plot (the 80 % line of a Pareto
/// curve, the calibration end of a holdout, the 12-month mark of a survival
/// curve).
#[derive(Debug, Clone, PartialEq)]
pub enum ReferenceLine {
    /// A horizontal line at this y value.
    Horizontal {
        /// Value on the y axis.
        y: f64,
        /// Label drawn above the line at the right.
        label: String,
    },
    /// A vertical line at this x value.
    Vertical {
        /// Value on the x axis.
        x: f64,
        /// Label drawn at the top, beside the line.
        label: String,
    },
}

/// A chart of one or more series over two value axes.
///
/// ```
/// use segmento::charts::{Axis, ChartMeta, LineChart, ReferenceLine, Series, ValueFormat, palette};
/// use segmento::Language;
/// let pareto = LineChart {
///     meta: ChartMeta::new("pareto", "Courbe de Pareto", "18 % des clients font 80 % du CA"),
///     language: Language::Fr,
///     x_axis: Axis::new("Part des clients", ValueFormat::Percent(0)).with_bounds(0.0, 1.0),
///     y_axis: Axis::new("Part du CA", ValueFormat::Percent(0)).with_bounds(0.0, 1.0),
///     series: vec![
///         Series::line("Clients", vec![(0.0, 0.0), (0.18, 0.8), (1.0, 1.0)]),
///         Series::line("Égalité", vec![(0.0, 0.0), (1.0, 1.0)]).dashed().with_color(palette::REFERENCE),
///     ],
///     references: vec![ReferenceLine::Horizontal { y: 0.8, label: "80 % du CA".into() }],
/// };
/// assert!(pareto.to_svg().as_str().starts_with("<svg"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChart {
    /// Id, title and description.
    pub meta: ChartMeta,
    /// Language of the tick labels.
    pub language: Language,
    /// Horizontal axis.
    pub x_axis: Axis,
    /// Vertical axis.
    pub y_axis: Axis,
    /// Series, drawn in order (later ones on top).
    pub series: Vec<Series>,
    /// Reference lines.
    pub references: Vec<ReferenceLine>,
}

const WIDTH: f64 = 720.0;
const PLOT_HEIGHT: f64 = 300.0;
const TICK_SIZE: f64 = 11.0;
const LABEL_SIZE: f64 = 12.0;
const AXIS_TITLE_SIZE: f64 = 12.0;
const DASH: &str = "6 4";

impl LineChart {
    /// Draws the chart.
    pub fn to_svg(&self) -> Svg {
        let finite = |(x, y): &(f64, f64)| x.is_finite() && y.is_finite();
        let xs = self.series.iter().flat_map(|s| {
            s.points
                .iter()
                .filter(|p| finite(p))
                .map(|p| p.0)
                .chain(s.band.iter().map(|b| b.x))
        });
        let ys = self.series.iter().flat_map(|s| {
            s.points
                .iter()
                .filter(|p| finite(p))
                .map(|p| p.1)
                .chain(s.band.iter().flat_map(|b| [b.low, b.high]))
        });
        let (x_min, x_max) = bounds(xs);
        let (y_min, y_max) = bounds(ys);
        let x_ticks = ticks(&self.x_axis, x_min, x_max, 7, false);
        let y_ticks = ticks(&self.y_axis, y_min, y_max, 6, true);
        let lang = self.language;

        let legend = self.legend_rows();
        let legend_height = legend.len() as f64 * 20.0;
        let y_labels: Vec<String> = y_ticks
            .values
            .iter()
            .map(|v| self.y_axis.format.tick(*v, y_ticks.step, lang))
            .collect();
        let y_label_width = y_labels
            .iter()
            .map(|l| text_width(l, TICK_SIZE))
            .fold(0.0, f64::max);
        let left = y_label_width
            + 14.0
            + if self.y_axis.title.is_empty() {
                0.0
            } else {
                22.0
            };
        let top = 12.0 + legend_height + if legend.is_empty() { 0.0 } else { 8.0 };
        let right = 24.0;
        let plot = Plot {
            left,
            top,
            width: WIDTH - left - right,
            height: PLOT_HEIGHT,
            x: x_ticks,
            y: y_ticks,
        };
        let bottom = 22.0
            + if self.x_axis.title.is_empty() {
                0.0
            } else {
                22.0
            };
        let height = top + PLOT_HEIGHT + bottom + 6.0;

        let mut svg = SvgWriter::new(&self.meta, WIDTH, height);
        self.draw_grid(&mut svg, &plot, &y_labels);
        for (index, series) in self.series.iter().enumerate() {
            let color = series.color.unwrap_or(palette::series(index));
            if !series.band.is_empty() {
                draw_band(&mut svg, &plot, series, color);
            }
        }
        for reference in &self.references {
            draw_reference_line(&mut svg, &plot, reference);
        }
        for (index, series) in self.series.iter().enumerate() {
            let color = series.color.unwrap_or(palette::series(index));
            draw_series(&mut svg, &plot, series, color);
        }
        for reference in &self.references {
            draw_reference_label(&mut svg, &plot, reference);
        }
        self.draw_axis_titles(&mut svg, &plot);
        let mut y = 12.0;
        for row in &legend {
            for (x, index) in row {
                let series = &self.series[*index];
                let color = series.color.unwrap_or(palette::series(*index));
                let dash = series.dashed.then_some(DASH);
                svg.line(
                    (left + x, y + 7.0),
                    (left + x + 22.0, y + 7.0),
                    color,
                    2.5,
                    dash,
                );
                let style = TextStyle::new(LABEL_SIZE, Anchor::Start, palette::TEXT);
                svg.text(left + x + 28.0, y + 11.0, &series.name, style);
            }
            y += 20.0;
        }
        svg.finish()
    }

    /// Legend entries laid out in rows: (x offset, series index).
    fn legend_rows(&self) -> Vec<Vec<(f64, usize)>> {
        let mut rows: Vec<Vec<(f64, usize)>> = Vec::new();
        let mut x = 0.0;
        let available = WIDTH - 120.0;
        for (index, series) in self
            .series
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.name.is_empty())
        {
            let item_width = 28.0 + text_width(&series.name, LABEL_SIZE) + 18.0;
            if rows.is_empty() || (x > 0.0 && x + item_width > available) {
                rows.push(Vec::new());
                x = 0.0;
            }
            if let Some(row) = rows.last_mut() {
                row.push((x, index));
            }
            x += item_width;
        }
        rows
    }

    fn draw_grid(&self, svg: &mut SvgWriter, plot: &Plot, y_labels: &[String]) {
        let tick_style = TextStyle::new(TICK_SIZE, Anchor::End, palette::MUTED_TEXT);
        for (value, label) in plot.y.values.iter().zip(y_labels) {
            let y = plot.py(*value);
            svg.line(
                (plot.left, y),
                (plot.left + plot.width, y),
                palette::GRID,
                1.0,
                None,
            );
            svg.text(plot.left - 8.0, y + TICK_SIZE * 0.35, label, tick_style);
        }
        let x_style = TextStyle::new(TICK_SIZE, Anchor::Middle, palette::MUTED_TEXT);
        let bottom = plot.top + plot.height;
        for value in &plot.x.values {
            let x = plot.px(*value);
            svg.line((x, bottom), (x, bottom + 5.0), palette::AXIS, 1.0, None);
            let label = self.x_axis.format.tick(*value, plot.x.step, self.language);
            svg.text(x, bottom + 8.0 + TICK_SIZE, &label, x_style);
        }
        svg.line(
            (plot.left, bottom),
            (plot.left + plot.width, bottom),
            palette::AXIS,
            1.0,
            None,
        );
        svg.line(
            (plot.left, plot.top),
            (plot.left, bottom),
            palette::AXIS,
            1.0,
            None,
        );
    }

    fn draw_axis_titles(&self, svg: &mut SvgWriter, plot: &Plot) {
        let style = TextStyle::new(AXIS_TITLE_SIZE, Anchor::Middle, palette::TEXT).bold();
        if !self.x_axis.title.is_empty() {
            let y = plot.top + plot.height + 22.0 + 20.0;
            svg.text(plot.left + plot.width / 2.0, y, &self.x_axis.title, style);
        }
        if !self.y_axis.title.is_empty() {
            svg.text_vertical(
                16.0,
                plot.top + plot.height / 2.0,
                &self.y_axis.title,
                style,
            );
        }
    }
}

/// The plot area and its scales.
struct Plot {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    x: Ticks,
    y: Ticks,
}

impl Plot {
    fn px(&self, x: f64) -> f64 {
        self.left + self.x.fraction(x) * self.width
    }

    fn py(&self, y: f64) -> f64 {
        self.top + (1.0 - self.y.fraction(y)) * self.height
    }
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
}

/// The points joined as drawn: for a step series, a horizontal then a
/// vertical move between consecutive points.
fn joined(points: &[(f64, f64)], interpolation: Interpolation) -> Vec<(f64, f64)> {
    let mut sorted: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    crate::sorting::sort_by(&mut sorted, |a, b| a.0.total_cmp(&b.0));
    if interpolation == Interpolation::Linear {
        return sorted;
    }
    let mut out = Vec::with_capacity(sorted.len() * 2);
    for (index, point) in sorted.iter().enumerate() {
        if index > 0 {
            out.push((point.0, sorted[index - 1].1));
        }
        out.push(*point);
    }
    out
}

fn draw_series(svg: &mut SvgWriter, plot: &Plot, series: &Series, color: Rgb) {
    let points = joined(&series.points, series.interpolation);
    if points.is_empty() {
        return;
    }
    let mut d = String::new();
    for (index, (x, y)) in points.iter().enumerate() {
        path_point(
            &mut d,
            if index == 0 { 'M' } else { 'L' },
            plot.px(*x),
            plot.py(*y),
        );
    }
    svg.open_group(&series.name);
    svg.stroke_path(&d, color, 2.5, series.dashed.then_some(DASH));
    svg.close_group();
}

fn draw_band(svg: &mut SvgWriter, plot: &Plot, series: &Series, color: Rgb) {
    let highs: Vec<(f64, f64)> = series.band.iter().map(|b| (b.x, b.high)).collect();
    let lows: Vec<(f64, f64)> = series.band.iter().map(|b| (b.x, b.low)).collect();
    let upper = joined(&highs, series.interpolation);
    let lower = joined(&lows, series.interpolation);
    if upper.is_empty() || lower.is_empty() {
        return;
    }
    let mut d = String::new();
    for (index, (x, y)) in upper.iter().chain(lower.iter().rev()).enumerate() {
        path_point(
            &mut d,
            if index == 0 { 'M' } else { 'L' },
            plot.px(*x),
            plot.py(*y),
        );
    }
    d.push('Z');
    svg.fill_path(&d, color, 0.18, None);
}

/// The dashed line of a reference (drawn under the series).
fn draw_reference_line(svg: &mut SvgWriter, plot: &Plot, reference: &ReferenceLine) {
    let (from, to) = match reference {
        ReferenceLine::Horizontal { y, .. } if y.is_finite() => {
            let py = plot.py(*y);
            ((plot.left, py), (plot.left + plot.width, py))
        }
        ReferenceLine::Vertical { x, .. } if x.is_finite() => {
            let px = plot.px(*x);
            ((px, plot.top), (px, plot.top + plot.height))
        }
        _ => return,
    };
    svg.line(from, to, palette::REFERENCE, 1.2, Some("3 3"));
}

/// The label of a reference (drawn over the series, with a halo).
fn draw_reference_label(svg: &mut SvgWriter, plot: &Plot, reference: &ReferenceLine) {
    let style = TextStyle::new(LABEL_SIZE, Anchor::End, palette::TEXT).with_halo();
    match reference {
        ReferenceLine::Horizontal { y, label } if y.is_finite() => {
            let py = plot.py(*y);
            svg.text(plot.left + plot.width - 4.0, py - 5.0, label, style);
        }
        ReferenceLine::Vertical { x, label } if x.is_finite() => {
            let px = plot.px(*x);
            // Label to the right of the line, or to its left near the right edge.
            let fits_right = px + 6.0 + text_width(label, LABEL_SIZE) <= plot.left + plot.width;
            let (x, anchor) = if fits_right {
                (px + 5.0, Anchor::Start)
            } else {
                (px - 5.0, Anchor::End)
            };
            let style = TextStyle { anchor, ..style };
            svg.text(x, plot.top + LABEL_SIZE + 2.0, label, style);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_join_holds_the_value_until_the_next_point() {
        let joined = joined(&[(2.0, 0.5), (0.0, 1.0), (1.0, 0.8)], Interpolation::Step);
        assert_eq!(
            joined,
            vec![(0.0, 1.0), (1.0, 1.0), (1.0, 0.8), (2.0, 0.8), (2.0, 0.5)]
        );
    }

    #[test]
    fn non_finite_points_are_skipped() {
        let joined = joined(
            &[(0.0, 1.0), (f64::NAN, 2.0), (1.0, f64::INFINITY)],
            Interpolation::Linear,
        );
        assert_eq!(joined, vec![(0.0, 1.0)]);
    }
}
