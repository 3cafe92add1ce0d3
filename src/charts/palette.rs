//! Colours: colour-blind-safe palettes and the text colour that stays
//! readable (WCAG AA) on any cell.
//!
//! Colours are written inline as `#rrggbb` in every chart, so a printed report
//! or a chart copied out of the page keeps them (no CSS variables).
//!
//! Sources of the palettes:
//! - series colours: Okabe & Ito (2008), "Color Universal Design", darkened
//!   where needed so that every line and bar reaches the 3:1 contrast against
//!   white that WCAG 2.1 (1.4.11) asks of graphical objects;
//! - categorical fills: Paul Tol's "muted" and "light" schemes (Tol 2021,
//!   "Colour Schemes", SRON/EPS/TN/09-002);
//! - sequential: ColorBrewer "Blues" (single hue, safe for every kind of
//!   colour blindness);
//! - diverging: Paul Tol's "sunset" scheme.

use std::fmt;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The colour from `0xRRGGBB`.
    ///
    /// ```
    /// use segmento::charts::Rgb;
    /// assert_eq!(Rgb::hex(0x0072B2).to_string(), "#0072b2");
    /// ```
    pub const fn hex(rgb: u32) -> Rgb {
        Rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
    }

    /// Relative luminance as defined by WCAG 2.1 (0 for black, 1 for white).
    pub fn luminance(self) -> f64 {
        fn channel(value: u8) -> f64 {
            let c = f64::from(value) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG 2.1 contrast ratio between two colours, from 1 to 21.
    ///
    /// ```
    /// use segmento::charts::{palette, Rgb};
    /// assert!((palette::BLACK.contrast(palette::WHITE) - 21.0).abs() < 1e-9);
    /// ```
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    /// Black or white, whichever contrasts more with this background. The
    /// worse of the two is never below 4.58:1, above the 4.5:1 of WCAG AA.
    ///
    /// ```
    /// use segmento::charts::{palette, Rgb};
    /// assert_eq!(Rgb::hex(0x08306B).text_color(), palette::WHITE);
    /// assert_eq!(Rgb::hex(0xDEEBF7).text_color(), palette::BLACK);
    /// ```
    pub fn text_color(self) -> Rgb {
        if self.contrast(BLACK) >= self.contrast(WHITE) {
            BLACK
        } else {
            WHITE
        }
    }

    /// Linear mix: `self` at `t = 0`, `other` at `t = 1`, rounded per channel.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let blend = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(
            blend(self.0, other.0),
            blend(self.1, other.1),
            blend(self.2, other.2),
        )
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Black, for text on light cells.
pub const BLACK: Rgb = Rgb(0, 0, 0);
/// White, for text on dark cells and the chart background.
pub const WHITE: Rgb = Rgb(255, 255, 255);
/// Body text of charts (15.9:1 on white).
pub const TEXT: Rgb = Rgb::hex(0x1F2933);
/// Secondary text: tick labels, notes (7.0:1 on white).
pub const MUTED_TEXT: Rgb = Rgb::hex(0x52606D);
/// Axis lines.
pub const AXIS: Rgb = Rgb::hex(0x7B8794);
/// Grid lines.
pub const GRID: Rgb = Rgb::hex(0xE4E7EB);
/// Fill of an empty cell.
pub const EMPTY_CELL: Rgb = Rgb::hex(0xF5F7FA);
/// Neutral grey for reference series (the diagonal of a Lorenz curve).
pub const REFERENCE: Rgb = Rgb::hex(0x616E7C);

/// Colours of lines and bars on white, in order of use. Each reaches 3:1
/// against white; neighbours stay apart for every kind of colour blindness.
pub const SERIES: [Rgb; 6] = [
    Rgb::hex(0x0072B2), // blue (Okabe-Ito)
    Rgb::hex(0xD55E00), // vermillion (Okabe-Ito)
    Rgb::hex(0x00795C), // bluish green, darkened
    Rgb::hex(0xAA3377), // purple (Tol bright)
    Rgb::hex(0x8A6A00), // ochre, a darkened Okabe-Ito yellow
    Rgb::hex(0x4D4D4D), // grey
];

/// The series colour number `index`, cycling after six.
pub fn series(index: usize) -> Rgb {
    SERIES[index % SERIES.len()]
}

/// Fills for categories shown with their label on top (segments in a map,
/// nodes of a flow): Tol "muted" then Tol "light", twelve in all.
pub const CATEGORICAL: [Rgb; 12] = [
    Rgb::hex(0x332288), // indigo
    Rgb::hex(0x88CCEE), // cyan
    Rgb::hex(0x44AA99), // teal
    Rgb::hex(0x117733), // green
    Rgb::hex(0x999933), // olive
    Rgb::hex(0xDDCC77), // sand
    Rgb::hex(0xCC6677), // rose
    Rgb::hex(0x882255), // wine
    Rgb::hex(0xAA4499), // purple
    Rgb::hex(0x77AADD), // light blue
    Rgb::hex(0xEE8866), // orange
    Rgb::hex(0xBBCC33), // pear
];

/// The categorical fill number `index`, cycling after twelve.
pub fn categorical(index: usize) -> Rgb {
    CATEGORICAL[index % CATEGORICAL.len()]
}

/// ColorBrewer "Blues", light to dark.
const BLUES: [Rgb; 9] = [
    Rgb::hex(0xF7FBFF),
    Rgb::hex(0xDEEBF7),
    Rgb::hex(0xC6DBEF),
    Rgb::hex(0x9ECAE1),
    Rgb::hex(0x6BAED6),
    Rgb::hex(0x4292C6),
    Rgb::hex(0x2171B5),
    Rgb::hex(0x08519C),
    Rgb::hex(0x08306B),
];

/// Tol "sunset", from red (bad) to blue (good).
const SUNSET: [Rgb; 11] = [
    Rgb::hex(0xA50026),
    Rgb::hex(0xDD3D2D),
    Rgb::hex(0xF67E4B),
    Rgb::hex(0xFDB366),
    Rgb::hex(0xFEDA8B),
    Rgb::hex(0xEAECCC),
    Rgb::hex(0xC2E4EF),
    Rgb::hex(0x98CAE1),
    Rgb::hex(0x6EA6CD),
    Rgb::hex(0x4A7BB7),
    Rgb::hex(0x364B9A),
];

/// A sequential fill for a value scaled to `t` in 0..=1 (light = low,
/// dark = high), for heat maps of counts, revenue or retention.
///
/// ```
/// use segmento::charts::{palette, Rgb};
/// assert_eq!(palette::sequential(0.0), Rgb::hex(0xF7FBFF));
/// assert_eq!(palette::sequential(1.0), Rgb::hex(0x08306B));
/// ```
pub fn sequential(t: f64) -> Rgb {
    interpolate(&BLUES, t)
}

/// A diverging fill for `t` in 0..=1: red at 0 (lost, slipping), pale in the
/// middle, blue at 1 (best, climbing). Suits segments ordered on a value ladder.
pub fn diverging(t: f64) -> Rgb {
    interpolate(&SUNSET, t)
}

/// Piecewise-linear interpolation between evenly spaced stops.
fn interpolate(stops: &[Rgb], t: f64) -> Rgb {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let last = stops.len() - 1;
    let position = t * last as f64;
    let index = (position.floor() as usize).min(last.saturating_sub(1));
    stops[index].mix(stops[index + 1], position - index as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luminance_and_contrast_match_wcag_examples() {
        // WCAG reference values: white 1.0, black 0.0; #777777 on white is 4.48:1.
        assert!((WHITE.luminance() - 1.0).abs() < 1e-12);
        assert_eq!(BLACK.luminance(), 0.0);
        assert!((Rgb::hex(0x777777).contrast(WHITE) - 4.48).abs() < 0.01);
    }

    #[test]
    fn series_colours_reach_three_to_one_on_white() {
        for colour in SERIES {
            assert!(
                colour.contrast(WHITE) >= 3.0,
                "{colour}: {}",
                colour.contrast(WHITE)
            );
        }
    }

    #[test]
    fn chart_text_colours_reach_aa_on_white() {
        for colour in [TEXT, MUTED_TEXT] {
            assert!(colour.contrast(WHITE) >= 4.5, "{colour}");
        }
        assert!(MUTED_TEXT.contrast(EMPTY_CELL) >= 4.5);
    }

    #[test]
    fn text_on_any_fill_reaches_aa() {
        let mut fills: Vec<Rgb> = CATEGORICAL.to_vec();
        fills.extend(SERIES);
        for step in 0..=100 {
            let t = f64::from(step) / 100.0;
            fills.push(sequential(t));
            fills.push(diverging(t));
        }
        // And a coarse sweep of the whole cube.
        for r in (0..=255).step_by(15) {
            for g in (0..=255).step_by(15) {
                for b in (0..=255).step_by(15) {
                    fills.push(Rgb(r as u8, g as u8, b as u8));
                }
            }
        }
        for fill in fills {
            let ratio = fill.contrast(fill.text_color());
            assert!(ratio >= 4.5, "{fill}: {ratio}");
        }
    }

    #[test]
    fn interpolation_hits_stops_and_midpoints() {
        // Halfway between #F7FBFF and #DEEBF7 (1/16 of the scale):
        // (247+222)/2 = 234.5 → 235, (251+235)/2 = 243, (255+247)/2 = 251.
        assert_eq!(sequential(1.0 / 16.0), Rgb(235, 243, 251));
        assert_eq!(sequential(0.5), Rgb::hex(0x6BAED6));
        assert_eq!(diverging(0.5), Rgb::hex(0xEAECCC));
        assert_eq!(sequential(f64::NAN), sequential(0.0));
        assert_eq!(sequential(7.0), sequential(1.0));
    }
}
