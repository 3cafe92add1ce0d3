//! Bar charts, horizontal or vertical, with series side by side (tiers,
//! segments, predicted vs actual per group).

use super::axis::{height_below_value_axis, ticks, Axis, Ticks, VerticalGrid};
use super::heatmap::{draw_legend, legend_layout};
use super::palette::{self, Rgb};
use super::svg::{
    bold_text_width, text_width, wrap, Anchor, ChartMeta, LegendItem, Svg, SvgWriter, TextStyle,
};
use crate::i18n::Language;

/// Direction of the bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    /// Bars grow to the right; categories are listed down the left side
    /// (best for long labels such as segment names).
    #[default]
    Horizontal,
    /// Bars grow upwards; categories along the bottom.
    Vertical,
}

/// One series of a [`BarChart`]: one value per category.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarSeries {
    /// Name in the legend (the legend is drawn when there are two series or more).
    pub name: String,
    /// One value per category, in category order; a missing or non-finite
    /// value draws no bar.
    pub values: Vec<f64>,
    /// Colour; by default the series palette colour of its position.
    pub color: Option<Rgb>,
}

/// Bars for a list of categories, one bar per series side by side.
///
/// ```
/// use segmento::charts::{Axis, BarChart, BarSeries, ChartMeta, Orientation, ValueFormat};
/// use segmento::Language;
/// let tiers = BarChart {
///     meta: ChartMeta::new("tiers", "Paliers", "Clients par palier de valeur"),
///     language: Language::Fr,
///     orientation: Orientation::Horizontal,
///     categories: vec!["VIP".into(), "Bons".into()],
///     series: vec![BarSeries { name: "Clients".into(), values: vec![120.0, 480.0], color: None }],
///     value_axis: Axis::new("Clients", ValueFormat::Integer),
///     category_title: String::new(),
///     show_values: true,
///     category_colors: vec![],
/// };
/// assert!(tiers.to_svg().as_str().contains(">480</text>"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    /// Id, title and description.
    pub meta: ChartMeta,
    /// Language of the numbers.
    pub language: Language,
    /// Direction of the bars.
    pub orientation: Orientation,
    /// Category labels, in drawing order (top to bottom, or left to right).
    pub categories: Vec<String>,
    /// Series drawn side by side within each category.
    pub series: Vec<BarSeries>,
    /// The value axis (title, format, optional bounds).
    pub value_axis: Axis,
    /// Title of the category axis (may be empty).
    pub category_title: String,
    /// Write each bar's value at its end.
    pub show_values: bool,
    /// With a single series, one colour per category (cycled); ignored otherwise.
    pub category_colors: Vec<Rgb>,
}

const WIDTH: f64 = 720.0;
const TICK_SIZE: f64 = 11.0;
const LABEL_SIZE: f64 = 12.0;
const VALUE_SIZE: f64 = 11.0;
const AXIS_TITLE_SIZE: f64 = 12.0;

impl BarChart {
    /// Draws the chart.
    pub fn to_svg(&self) -> Svg {
        let values = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .filter(|v| v.is_finite());
        let (low, high) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let scale = ticks(&self.value_axis, low, high, 6, true);
        match self.orientation {
            Orientation::Horizontal => self.horizontal(&scale),
            Orientation::Vertical => self.vertical(&scale),
        }
    }

    fn color(&self, series: usize, category: usize) -> Rgb {
        if self.series.len() == 1 && !self.category_colors.is_empty() {
            return self.category_colors[category % self.category_colors.len()];
        }
        self.series
            .get(series)
            .and_then(|s| s.color)
            .unwrap_or(palette::series(series))
    }

    fn legend(&self) -> Vec<LegendItem> {
        if self.series.len() < 2 {
            return Vec::new();
        }
        (0..self.series.len())
            .map(|i| LegendItem {
                label: self.series[i].name.clone(),
                color: self.color(i, 0),
            })
            .collect()
    }

    fn value(&self, series: usize, category: usize) -> Option<f64> {
        self.series[series]
            .values
            .get(category)
            .copied()
            .filter(|v| v.is_finite())
    }

    fn value_label(&self, value: f64) -> String {
        self.value_axis.format.label(value, self.language)
    }

    fn tooltip(&self, series: usize, category: usize, value: f64) -> String {
        let name = &self.series[series].name;
        let label = self.value_label(value);
        let colon = self.language.pick("\u{A0}:", ":");
        if name.is_empty() {
            format!("{}{colon} {label}", self.categories[category])
        } else {
            format!("{} — {name}{colon} {label}", self.categories[category])
        }
    }

    fn horizontal(&self, scale: &Ticks) -> Svg {
        let n = self.series.len().max(1);
        let thickness = if n == 1 { 22.0 } else { 15.0 };
        let band = n as f64 * thickness + (n - 1) as f64 * 2.0 + 14.0;
        let label_width = self
            .categories
            .iter()
            .map(|c| text_width(c, LABEL_SIZE))
            .fold(0.0, f64::max)
            .min(190.0);
        let widest_value = self.widest_value_label();
        let left =
            (label_width + 12.0).max(bold_text_width(&self.category_title, AXIS_TITLE_SIZE) + 12.0);
        let right = if self.show_values {
            widest_value + 14.0
        } else {
            20.0
        };
        let legend = self.legend();
        let (legend_rows, legend_height) = legend_layout(&legend, WIDTH - left);
        // The category title heads the label column, above the first bar.
        let title_room = if self.category_title.is_empty() {
            0.0
        } else {
            20.0
        };
        let top = 10.0 + legend_height + title_room;
        let plot_width = WIDTH - left - right;
        let plot_height = self.categories.len() as f64 * band;
        let bottom_axis = top + plot_height;
        let height = height_below_value_axis(&self.value_axis, bottom_axis);
        let px = |v: f64| left + scale.fraction(v) * plot_width;

        let mut svg = SvgWriter::new(&self.meta, WIDTH, height);
        draw_legend(&mut svg, &legend_rows, left, 6.0);
        let grid = VerticalGrid {
            top,
            bottom: bottom_axis,
            tick_size: TICK_SIZE,
            px: &px,
        };
        grid.draw(&mut svg, &self.value_axis, scale, self.language);
        let zero = px(0.0);
        for (c, category) in self.categories.iter().enumerate() {
            let band_top = top + c as f64 * band;
            let lines = wrap(category, 190.0, LABEL_SIZE, 2);
            let first_baseline =
                band_top + band / 2.0 - (lines.len() as f64 - 1.0) * 7.5 + LABEL_SIZE * 0.35;
            for (i, line) in lines.iter().enumerate() {
                let style = TextStyle::new(LABEL_SIZE, Anchor::End, palette::TEXT);
                svg.text(left - 8.0, first_baseline + i as f64 * 15.0, line, style);
            }
            for s in 0..self.series.len() {
                let Some(value) = self.value(s, c) else {
                    continue;
                };
                let y = band_top + 7.0 + s as f64 * (thickness + 2.0);
                let end = px(value);
                let (x, w) = if end >= zero {
                    (zero, end - zero)
                } else {
                    (end, zero - end)
                };
                svg.rect_with_tooltip(
                    x,
                    y,
                    w,
                    thickness,
                    self.color(s, c),
                    &self.tooltip(s, c, value),
                );
                if self.show_values {
                    let style = TextStyle::new(VALUE_SIZE, Anchor::Start, palette::TEXT);
                    let baseline = y + thickness / 2.0 + VALUE_SIZE * 0.35;
                    if value >= 0.0 {
                        svg.text(end + 4.0, baseline, &self.value_label(value), style);
                    } else {
                        let style = TextStyle {
                            anchor: Anchor::End,
                            ..style
                        };
                        svg.text(end - 4.0, baseline, &self.value_label(value), style);
                    }
                }
            }
        }
        svg.line((zero, top), (zero, bottom_axis), palette::AXIS, 1.0, None);
        svg.line(
            (left, bottom_axis),
            (left + plot_width, bottom_axis),
            palette::AXIS,
            1.0,
            None,
        );
        let title_style = TextStyle::new(AXIS_TITLE_SIZE, Anchor::Middle, palette::TEXT).bold();
        if !self.value_axis.title.is_empty() {
            svg.text(
                left + plot_width / 2.0,
                bottom_axis + 44.0,
                &self.value_axis.title,
                title_style,
            );
        }
        if !self.category_title.is_empty() {
            let style = TextStyle {
                anchor: Anchor::End,
                ..title_style
            };
            svg.text(left - 8.0, top - 8.0, &self.category_title, style);
        }
        svg.finish()
    }

    fn vertical(&self, scale: &Ticks) -> Svg {
        let n = self.series.len().max(1);
        let legend = self.legend();
        let tick_labels: Vec<String> = scale
            .values
            .iter()
            .map(|v| self.value_axis.format.tick(*v, scale.step, self.language))
            .collect();
        let tick_width = tick_labels
            .iter()
            .map(|l| text_width(l, TICK_SIZE))
            .fold(0.0, f64::max);
        let left = tick_width
            + 14.0
            + if self.value_axis.title.is_empty() {
                0.0
            } else {
                22.0
            };
        let (legend_rows, legend_height) = legend_layout(&legend, WIDTH - left);
        let top = 10.0 + legend_height + if self.show_values { 14.0 } else { 0.0 };
        let plot_width = WIDTH - left - 16.0;
        let plot_height = 260.0;
        let band = plot_width / self.categories.len().max(1) as f64;
        let bar_width = ((band * 0.72) / n as f64).min(48.0);
        let label_lines: Vec<Vec<String>> = self
            .categories
            .iter()
            .map(|c| wrap(c, band - 6.0, LABEL_SIZE, 3))
            .collect();
        let label_rows = label_lines.iter().map(Vec::len).max().unwrap_or(1) as f64;
        let bottom_axis = top + plot_height;
        let labels_end = bottom_axis + 6.0 + label_rows * 15.0;
        let height = labels_end
            + if self.category_title.is_empty() {
                0.0
            } else {
                22.0
            }
            + 8.0;
        let py = |v: f64| top + (1.0 - scale.fraction(v)) * plot_height;

        let mut svg = SvgWriter::new(&self.meta, WIDTH, height);
        draw_legend(&mut svg, &legend_rows, left, 6.0);
        let tick_style = TextStyle::new(TICK_SIZE, Anchor::End, palette::MUTED_TEXT);
        for (value, label) in scale.values.iter().zip(&tick_labels) {
            let y = py(*value);
            svg.line((left, y), (left + plot_width, y), palette::GRID, 1.0, None);
            svg.text(left - 8.0, y + TICK_SIZE * 0.35, label, tick_style);
        }
        let zero = py(0.0);
        for (c, lines) in label_lines.iter().enumerate() {
            let band_left = left + c as f64 * band;
            let group_width = n as f64 * bar_width + (n - 1) as f64 * 2.0;
            let first_x = band_left + (band - group_width) / 2.0;
            for s in 0..self.series.len() {
                let Some(value) = self.value(s, c) else {
                    continue;
                };
                let x = first_x + s as f64 * (bar_width + 2.0);
                let end = py(value);
                let (y, h) = if end <= zero {
                    (end, zero - end)
                } else {
                    (zero, end - zero)
                };
                svg.rect_with_tooltip(
                    x,
                    y,
                    bar_width,
                    h,
                    self.color(s, c),
                    &self.tooltip(s, c, value),
                );
                let label = self.value_label(value);
                if self.show_values && text_width(&label, VALUE_SIZE) <= bar_width + 10.0 {
                    let style = TextStyle::new(VALUE_SIZE, Anchor::Middle, palette::TEXT);
                    let baseline = if value >= 0.0 {
                        end - 4.0
                    } else {
                        end + VALUE_SIZE + 2.0
                    };
                    svg.text(x + bar_width / 2.0, baseline, &label, style);
                }
            }
            let style = TextStyle::new(LABEL_SIZE, Anchor::Middle, palette::TEXT);
            for (i, line) in lines.iter().enumerate() {
                svg.text(
                    band_left + band / 2.0,
                    bottom_axis + 18.0 + i as f64 * 15.0,
                    line,
                    style,
                );
            }
        }
        svg.line(
            (left, zero),
            (left + plot_width, zero),
            palette::AXIS,
            1.0,
            None,
        );
        let title_style = TextStyle::new(AXIS_TITLE_SIZE, Anchor::Middle, palette::TEXT).bold();
        if !self.category_title.is_empty() {
            svg.text(
                left + plot_width / 2.0,
                labels_end + 16.0,
                &self.category_title,
                title_style,
            );
        }
        if !self.value_axis.title.is_empty() {
            svg.text_vertical(
                16.0,
                top + plot_height / 2.0,
                &self.value_axis.title,
                title_style,
            );
        }
        svg.finish()
    }

    fn widest_value_label(&self) -> f64 {
        self.series
            .iter()
            .flat_map(|s| s.values.iter())
            .filter(|v| v.is_finite())
            .map(|v| text_width(&self.value_label(*v), VALUE_SIZE))
            .fold(0.0, f64::max)
    }
}
