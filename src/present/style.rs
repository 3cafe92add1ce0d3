//! The colours that stand for segments, tiers and classes, shared by the
//! charts, the report's table swatches and its action cards, so a segment
//! is the same colour everywhere.

use crate::abc::AbcClass;
use crate::charts::{palette, Rgb};
use crate::rfm::Segment;

/// A segment's colour: its place on the value ladder on a diverging scale,
/// blue for the best customers through pale to red for the lost ones, so the
/// R×F map reads at a glance as healthy (top right) to lapsed (bottom left).
///
/// ```
/// use segmento::present::segment_color;
/// use segmento::rfm::Segment;
/// assert_ne!(segment_color(Segment::Champions), segment_color(Segment::Lost));
/// ```
pub fn segment_color(segment: Segment) -> Rgb {
    // Positions on the ladder, spread so that neighbours on the R×F map
    // (Champions/Loyal, At risk/Can't lose them) stay distinguishable.
    let position = match segment {
        Segment::Champions => 1.0,
        Segment::Loyal => 0.88,
        Segment::PotentialLoyalist => 0.76,
        Segment::New => 0.68,
        Segment::Promising => 0.6,
        Segment::NeedAttention => 0.5,
        Segment::AboutToSleep => 0.4,
        Segment::AtRisk => 0.3,
        Segment::CantLoseThem => 0.18,
        Segment::Hibernating => 0.1,
        Segment::Lost => 0.0,
    };
    palette::diverging(position)
}

/// The colours of `count` value tiers, best first: dark to light blue.
pub fn tier_colors(count: usize) -> Vec<Rgb> {
    let steps = count.max(2) - 1;
    (0..count)
        .map(|i| palette::sequential(0.9 - 0.65 * i as f64 / steps as f64))
        .collect()
}

/// An ABC class's colour.
pub fn class_color(class: AbcClass) -> Rgb {
    match class {
        AbcClass::A => palette::sequential(0.9),
        AbcClass::B => palette::sequential(0.6),
        AbcClass::C => palette::sequential(0.3),
    }
}
