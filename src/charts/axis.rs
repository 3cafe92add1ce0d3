//! Value axes: "nice" tick positions and locale-aware tick labels.

use super::palette;
use super::svg::{Anchor, SvgWriter, TextStyle};
use crate::format;
use crate::i18n::Language;

/// How the values of an axis (and value labels on bars) are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValueFormat {
    /// A count: `1 234`.
    #[default]
    Integer,
    /// A plain number with this many decimals: `2,5`.
    Number(u8),
    /// A share (0.18) written as a percentage with this many decimals: `18 %`.
    Percent(u8),
    /// Euros: with cents in value labels, shortened (`12 k€`) on ticks.
    Money,
}

impl ValueFormat {
    /// The text of one value label (on a bar, in a legend).
    ///
    /// ```
    /// use segmento::charts::ValueFormat;
    /// use segmento::Language;
    /// assert_eq!(ValueFormat::Percent(1).label(0.25, Language::En), "25.0%");
    /// assert_eq!(ValueFormat::Money.label(1234.5, Language::En), "€1,234.50");
    /// ```
    pub fn label(self, value: f64, language: Language) -> String {
        match self {
            ValueFormat::Integer => format::number(value, 0, language),
            ValueFormat::Number(decimals) => format::number(value, usize::from(decimals), language),
            ValueFormat::Percent(decimals) => {
                format::percent(value, usize::from(decimals), language)
            }
            ValueFormat::Money if value.abs() >= 10_000.0 => format::money_compact(value, language),
            ValueFormat::Money => format::money(value, language),
        }
    }

    /// The text of a tick at `value` on an axis whose ticks are `step` apart:
    /// as many decimals as the step needs, compact forms for large amounts.
    pub fn tick(self, value: f64, step: f64, language: Language) -> String {
        match self {
            ValueFormat::Integer | ValueFormat::Number(_) if value.abs() >= 10_000.0 => {
                format::number_compact(value, language)
            }
            ValueFormat::Integer | ValueFormat::Number(_) => {
                format::number(value, decimals_for_step(step), language)
            }
            ValueFormat::Percent(_) => {
                format::percent(value, decimals_for_step(step * 100.0), language)
            }
            ValueFormat::Money if value.abs() >= 1_000.0 || step >= 1_000.0 => {
                format::money_compact(value, language)
            }
            ValueFormat::Money => {
                format::money_with_decimals(value, decimals_for_step(step), language)
            }
        }
    }
}

/// Decimals needed to tell ticks `step` apart: 0 for 1, 2, 5, 10…; 1 for
/// 0.5, 0.25 → 2…
fn decimals_for_step(step: f64) -> usize {
    if !step.is_finite() || step <= 0.0 {
        return 0;
    }
    let mut decimals = 0;
    let mut scaled = step;
    while decimals < 6 && (scaled - scaled.round()).abs() > 1e-9 * scaled.abs().max(1.0) {
        scaled *= 10.0;
        decimals += 1;
    }
    decimals
}

/// One value axis: its title, number format and optional fixed bounds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Axis {
    /// Title drawn along the axis (may be empty).
    pub title: String,
    /// How ticks are labelled.
    pub format: ValueFormat,
    /// Lower bound; by default a round number at or below the data.
    pub min: Option<f64>,
    /// Upper bound; by default a round number at or above the data.
    pub max: Option<f64>,
}

impl Axis {
    /// An axis with a title and a format, bounds from the data.
    pub fn new(title: impl Into<String>, format: ValueFormat) -> Self {
        Axis {
            title: title.into(),
            format,
            min: None,
            max: None,
        }
    }

    /// The same axis with fixed bounds (e.g. 0..1 for shares).
    pub fn with_bounds(mut self, min: f64, max: f64) -> Self {
        self.min = Some(min);
        self.max = Some(max);
        self
    }
}

/// Tick positions of an axis, and the domain they span.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    pub values: Vec<f64>,
    pub step: f64,
    pub min: f64,
    pub max: f64,
}

impl Ticks {
    /// Where `value` falls between `min` (0) and `max` (1), clamped.
    pub fn fraction(&self, value: f64) -> f64 {
        if self.max <= self.min {
            return 0.0;
        }
        ((value - self.min) / (self.max - self.min)).clamp(0.0, 1.0)
    }
}

/// Ticks for data between `data_min` and `data_max`, at most about
/// `target_count` of them, at steps of 1, 2, 2.5 or 5 × 10^k (Heckbert 1990,
/// "Nice numbers for graph labels", Graphics Gems). Fixed bounds of the axis
/// win over the data; zero is always included when the data does not cross it
/// so that bars and counts start from zero.
pub(crate) fn ticks(
    axis: &Axis,
    data_min: f64,
    data_max: f64,
    target_count: usize,
    include_zero: bool,
) -> Ticks {
    let (mut low, mut high) =
        if data_min.is_finite() && data_max.is_finite() && data_min <= data_max {
            (data_min, data_max)
        } else {
            (0.0, 1.0)
        };
    if include_zero {
        low = low.min(0.0);
        high = high.max(0.0);
    }
    if let Some(min) = axis.min.filter(|v| v.is_finite()) {
        low = min;
    }
    if let Some(max) = axis.max.filter(|v| v.is_finite()) {
        high = max;
    }
    if high <= low {
        high = if low == 0.0 { 1.0 } else { low + low.abs() };
    }
    let rough = (high - low) / target_count.max(2).saturating_sub(1) as f64;
    let exponent = rough.log10().floor() as i32;
    let residual = rough / 10f64.powi(exponent);
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|n| *n >= residual - 1e-9)
        .unwrap_or(10.0);
    // Tick `index` is index × nice × 10^exponent. Below 1 the power of ten
    // divides (10^-k is not a binary fraction, 10^k is exact up to 10^22):
    // index × nice is an exact integer or half-integer, so one division
    // gives the double nearest the decimal value (3 × 2 / 10 = 0.6, where
    // 3 × 0.2 = 0.6000000000000001).
    let power = 10f64.powi(exponent.abs());
    let at = |index: f64| {
        if exponent < 0 {
            index * nice / power
        } else {
            index * nice * power
        }
    };
    let step = at(1.0);
    let first = if axis.min.is_some() {
        low
    } else {
        (low / step).floor() * step
    };
    let last = if axis.max.is_some() {
        high
    } else {
        (high / step).ceil() * step
    };
    let mut values = Vec::new();
    let mut index = (first / step).ceil();
    while at(index) <= last + step * 1e-9 && values.len() < 50 {
        // From the integer count, not by adding steps: no accumulated error.
        let value = at(index);
        values.push(if value.abs() < step * 1e-9 {
            0.0
        } else {
            value
        });
        index += 1.0;
    }
    Ticks {
        values,
        step,
        min: first,
        max: last,
    }
}

/// The height of a chart whose horizontal value axis sits at `axis_y`: room
/// for the tick labels, then for the axis title when there is one.
pub(crate) fn height_below_value_axis(axis: &Axis, axis_y: f64) -> f64 {
    let title = if axis.title.is_empty() { 0.0 } else { 22.0 };
    axis_y + 24.0 + title + 6.0
}

/// Where a horizontal value axis is drawn: the plot's vertical extent and
/// the pixel position of a value.
pub(crate) struct VerticalGrid<'a> {
    /// Top of the grid lines.
    pub top: f64,
    /// Bottom of the grid lines; the tick labels go under it.
    pub bottom: f64,
    /// Font size of the tick labels.
    pub tick_size: f64,
    /// The horizontal pixel of a value.
    pub px: &'a dyn Fn(f64) -> f64,
}

impl VerticalGrid<'_> {
    /// Draws one vertical grid line per tick, its label under the plot.
    pub(crate) fn draw(&self, svg: &mut SvgWriter, axis: &Axis, scale: &Ticks, language: Language) {
        let tick_style = TextStyle::new(self.tick_size, Anchor::Middle, palette::MUTED_TEXT);
        for value in &scale.values {
            let x = (self.px)(*value);
            svg.line((x, self.top), (x, self.bottom), palette::GRID, 1.0, None);
            let label = axis.format.tick(*value, scale.step, language);
            svg.text(x, self.bottom + 8.0 + self.tick_size, &label, tick_style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{En, Fr};

    #[test]
    fn ticks_of_a_share_axis() {
        let axis = Axis::new("", ValueFormat::Percent(0)).with_bounds(0.0, 1.0);
        let t = ticks(&axis, 0.0, 1.0, 6, false);
        // Each tick is the double nearest its decimal value (0.6, not
        // 3 × 0.2 = 0.6000000000000001).
        assert_eq!(t.values, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        let labels: Vec<String> = t
            .values
            .iter()
            .map(|v| axis.format.tick(*v, t.step, En))
            .collect();
        assert_eq!(labels, ["0%", "20%", "40%", "60%", "80%", "100%"]);
    }

    #[test]
    fn ticks_are_the_nearest_doubles_of_decimals() {
        // 0..0.7 with 8 ticks: rough step 0.1 → ticks 0, 0.1, …, 0.7 (3 × 0.1
        // would be 0.30000000000000004, 7 × 0.1 0.7000000000000001).
        let t = ticks(&Axis::default(), 0.0, 0.7, 8, false);
        assert_eq!(t.values, vec![0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
        assert_eq!(t.step, 0.1);
        // Steps of 0.025 (2.5 × 10^-2): 0.075 is 3 × 2.5 / 100.
        let t = ticks(&Axis::default(), 0.0, 0.1, 5, false);
        assert_eq!(t.values, vec![0.0, 0.025, 0.05, 0.075, 0.1]);
    }

    #[test]
    fn ticks_extend_to_round_numbers() {
        // Data 0..=873 with 6 ticks: rough step 174.6 → nice 200, last tick 1 000.
        let t = ticks(&Axis::default(), 3.0, 873.0, 6, true);
        assert_eq!(t.values, vec![0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]);
        assert_eq!((t.min, t.max), (0.0, 1000.0));
        // Negative data: -37..12 with 5 ticks → rough 12.25 → step 20.
        let t = ticks(&Axis::default(), -37.0, 12.0, 5, true);
        assert_eq!(t.values, vec![-40.0, -20.0, 0.0, 20.0]);
    }

    #[test]
    fn degenerate_ranges_still_give_an_axis() {
        let t = ticks(&Axis::default(), 0.0, 0.0, 5, true);
        assert_eq!((t.min, t.max), (0.0, 1.0));
        let t = ticks(&Axis::default(), f64::NAN, 3.0, 5, true);
        assert_eq!((t.min, t.max), (0.0, 1.0));
    }

    #[test]
    fn tick_labels_follow_the_step() {
        assert_eq!(ValueFormat::Number(2).tick(2.5, 0.5, Fr), "2,5");
        assert_eq!(ValueFormat::Integer.tick(400.0, 200.0, Fr), "400");
        assert_eq!(ValueFormat::Integer.tick(40_000.0, 20_000.0, En), "40K");
        assert_eq!(
            ValueFormat::Money.tick(250_000.0, 50_000.0, Fr),
            "250\u{A0}k€"
        );
        assert_eq!(ValueFormat::Money.tick(25.0, 5.0, En), "€25");
        assert_eq!(
            ValueFormat::Percent(0).tick(0.025, 0.025, Fr),
            "2,5\u{202F}%"
        );
        assert_eq!(decimals_for_step(0.25), 2);
    }
}
