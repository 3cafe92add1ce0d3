//! The SVG writer shared by every chart: the document shell with its
//! accessible title, fixed-precision coordinates, escaped text, and a rough
//! text-width estimate for layout (there is no font metrics engine in a Web
//! Worker, so widths are estimated from per-character averages of common
//! sans-serif fonts, erring wide).

use std::fmt::{self, Write as _};

use super::palette::Rgb;
use crate::markup::push_escaped;

/// A finished chart: SVG markup, ready to be inserted into the page's DOM or
/// inlined into the report.
///
/// Only the chart builders of this module create one, so its content is
/// trusted markup whose text has been escaped. The `<svg>` element carries no
/// `xmlns` attribute, which HTML does not need and which would put an `http`
/// URL in the self-contained report; [`Svg::to_standalone`] adds it for a
/// `.svg` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Svg(String);

impl Svg {
    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup, by value.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The markup as a standalone `.svg` document (with the SVG namespace).
    pub fn to_standalone(&self) -> String {
        match self.0.strip_prefix("<svg") {
            Some(rest) => format!("<svg xmlns=\"http://www.w3.org/2000/svg\"{rest}"),
            None => self.0.clone(),
        }
    }
}

impl fmt::Display for Svg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What every chart says about itself: an id (unique in the page, used for
/// the `aria-labelledby` references), a title and a description for screen
/// readers. The title is not drawn: the page heading or the report's
/// figure caption shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartMeta {
    /// Unique id in the document, e.g. `rfm-map`. Characters other than ASCII
    /// letters, digits, `-` and `_` are replaced by `-`.
    pub id: String,
    /// Short title, read first by screen readers.
    pub title: String,
    /// One or two sentences saying what the chart shows and its main finding.
    pub description: String,
}

impl ChartMeta {
    /// A title and description under an id.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        ChartMeta {
            id: id.into(),
            title: title.into(),
            description: description.into(),
        }
    }
}

/// One entry of a colour legend.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    /// What the colour stands for.
    pub label: String,
    /// The colour.
    pub color: Rgb,
}

/// The font stack of every chart: local system fonts only.
const FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/// Horizontal anchoring of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// Look of one text element.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextStyle {
    pub size: f64,
    pub anchor: Anchor,
    pub bold: bool,
    pub color: Rgb,
    /// A white outline under the glyphs, so a label stays legible where it
    /// crosses a line.
    pub halo: bool,
}

impl TextStyle {
    pub fn new(size: f64, anchor: Anchor, color: Rgb) -> Self {
        TextStyle {
            size,
            anchor,
            bold: false,
            color,
            halo: false,
        }
    }

    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    pub fn with_halo(mut self) -> Self {
        self.halo = true;
        self
    }
}

/// Builds the markup of one chart.
pub(crate) struct SvgWriter {
    out: String,
}

impl SvgWriter {
    /// Opens the `<svg>` element of a `width` × `height` chart.
    pub fn new(meta: &ChartMeta, width: f64, height: f64) -> Self {
        let id = sanitize_id(&meta.id);
        let mut out = String::with_capacity(8192);
        let (w, h) = (num(width), num(height));
        let _ = write!(
            out,
            "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
             aria-labelledby=\"{id}-title {id}-desc\" class=\"segmento-chart\" \
             font-family=\"{FONT_FAMILY}\" style=\"width:100%;height:auto;max-width:{w}px\">"
        );
        let _ = write!(out, "<title id=\"{id}-title\">");
        push_escaped(&mut out, &meta.title);
        let _ = write!(out, "</title><desc id=\"{id}-desc\">");
        push_escaped(&mut out, &meta.description);
        out.push_str("</desc>");
        let _ = write!(out, "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
        SvgWriter { out }
    }

    /// Closes the document.
    pub fn finish(mut self) -> Svg {
        self.out.push_str("</svg>");
        Svg(self.out)
    }

    /// A filled rectangle, with an optional stroke.
    pub fn rect(
        &mut self,
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        fill: Rgb,
        stroke: Option<Rgb>,
    ) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"",
            num(x),
            num(y),
            num(width.max(0.0)),
            num(height.max(0.0))
        );
        if let Some(stroke) = stroke {
            let _ = write!(self.out, " stroke=\"{stroke}\" stroke-width=\"1\"");
        }
        self.out.push_str("/>");
    }

    /// A filled rectangle with a tooltip (`<title>` child).
    pub fn rect_with_tooltip(
        &mut self,
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        fill: Rgb,
        tooltip: &str,
    ) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>",
            num(x),
            num(y),
            num(width.max(0.0)),
            num(height.max(0.0))
        );
        push_escaped(&mut self.out, tooltip);
        self.out.push_str("</title></rect>");
    }

    /// A straight line; `dash` is an SVG dash array such as `"6 4"`.
    pub fn line(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        stroke: Rgb,
        width: f64,
        dash: Option<&str>,
    ) {
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"",
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1),
            num(width)
        );
        if let Some(dash) = dash {
            let _ = write!(self.out, " stroke-dasharray=\"{dash}\"");
        }
        self.out.push_str("/>");
    }

    /// A path outline (no fill).
    pub fn stroke_path(&mut self, d: &str, stroke: Rgb, width: f64, dash: Option<&str>) {
        let _ = write!(
            self.out,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\" \
             stroke-linejoin=\"round\"",
            num(width)
        );
        if let Some(dash) = dash {
            let _ = write!(self.out, " stroke-dasharray=\"{dash}\"");
        }
        self.out.push_str("/>");
    }

    /// A filled path with an opacity and an optional tooltip.
    pub fn fill_path(&mut self, d: &str, fill: Rgb, opacity: f64, tooltip: Option<&str>) {
        let _ = write!(
            self.out,
            "<path d=\"{d}\" fill=\"{fill}\" fill-opacity=\"{}\" stroke=\"none\"",
            num2(opacity)
        );
        match tooltip {
            Some(tooltip) => {
                self.out.push_str("><title>");
                push_escaped(&mut self.out, tooltip);
                self.out.push_str("</title></path>");
            }
            None => self.out.push_str("/>"),
        }
    }

    /// A small filled circle.
    pub fn dot(&mut self, x: f64, y: f64, radius: f64, fill: Rgb) {
        let _ = write!(
            self.out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\"/>",
            num(x),
            num(y),
            num(radius)
        );
    }

    /// A text whose baseline sits at `y` (so `y` is about 0.35 em below the
    /// visual middle of the text).
    pub fn text(&mut self, x: f64, y: f64, text: &str, style: TextStyle) {
        self.text_element(x, y, text, style, None);
    }

    /// A text turned 90° counter-clockwise around its anchor (y axis titles).
    pub fn text_vertical(&mut self, x: f64, y: f64, text: &str, style: TextStyle) {
        let rotate = format!(" transform=\"rotate(-90 {} {})\"", num(x), num(y));
        self.text_element(x, y, text, style, Some(&rotate));
    }

    fn text_element(&mut self, x: f64, y: f64, text: &str, style: TextStyle, extra: Option<&str>) {
        let anchor = match style.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\" fill=\"{}\"",
            num(x),
            num(y),
            num(style.size),
            style.color
        );
        if style.bold {
            self.out.push_str(" font-weight=\"600\"");
        }
        if style.halo {
            self.out.push_str(
                " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
            );
        }
        if let Some(extra) = extra {
            self.out.push_str(extra);
        }
        self.out.push('>');
        push_escaped(&mut self.out, text);
        self.out.push_str("</text>");
    }

    /// Opens a group with an accessible label (e.g. one series).
    pub fn open_group(&mut self, label: &str) {
        // ARIA allows a label on a <g> only with a role (axe: aria-prohibited-attr).
        self.out.push_str("<g role=\"group\" aria-label=\"");
        push_escaped(&mut self.out, label);
        self.out.push_str("\">");
    }

    /// Opens a group carrying one `data-{name}` attribute (`name` is ASCII
    /// lowercase and dashes, written by the code; `value` is escaped).
    pub fn open_data_group(&mut self, name: &str, value: &str) {
        let _ = write!(self.out, "<g data-{name}=\"");
        push_escaped(&mut self.out, value);
        self.out.push_str("\">");
    }

    /// Closes the group opened last.
    pub fn close_group(&mut self) {
        self.out.push_str("</g>");
    }
}

/// A coordinate with one decimal, without a trailing `.0` and never `-0`:
/// fixed precision keeps the output byte-identical across platforms.
pub(crate) fn num(value: f64) -> String {
    fixed(value, 1)
}

/// A value with two decimals (opacities), trimmed the same way.
pub(crate) fn num2(value: f64) -> String {
    fixed(value, 2)
}

fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "0".to_string();
    }
    let mut text = format!("{value:.decimals$}");
    if text.contains('.') {
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
    }
    if text == "-0" {
        text = "0".to_string();
    }
    text
}

/// Appends a path command with its coordinates, e.g. `M10 20`.
pub(crate) fn path_point(d: &mut String, command: char, x: f64, y: f64) {
    let _ = write!(d, "{command}{} {}", num(x), num(y));
}

/// An id safe for `id` attributes and `aria-labelledby` lists.
fn sanitize_id(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    match cleaned.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => cleaned,
        _ => format!("chart-{cleaned}"),
    }
}

/// Estimated width of `text` at `size` px in a common sans-serif font.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_ems).sum::<f64>() * size
}

/// Estimated advance of one character, in ems.
fn char_ems(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | '’' => 0.28,
        ' ' | '\u{A0}' | '\u{202F}' | 'f' | 't' | 'r' | '(' | ')' | '-' => 0.36,
        'm' | 'w' | 'M' | 'W' | '%' | '@' | '€' => 0.88,
        '0'..='9' => 0.58,
        c if c.is_uppercase() => 0.7,
        _ => 0.6,
    }
}

/// Estimated width of `text` in the semi-bold weight used for titles.
pub(crate) fn bold_text_width(text: &str, size: f64) -> f64 {
    text_width(text, size) * BOLD_FACTOR
}

/// How much wider the semi-bold weight runs than the regular one.
pub(crate) const BOLD_FACTOR: f64 = 1.12;

/// Splits `text` into at most `max_lines` lines of at most `max_width` px,
/// breaking at spaces. A line that still does not fit is cut with `…`.
pub(crate) fn wrap(text: &str, max_width: f64, size: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || text_width(&candidate, size) <= max_width {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    let max_lines = max_lines.max(1);
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(rest);
    }
    lines
        .into_iter()
        .map(|line| ellipsize(&line, max_width, size))
        .collect()
}

/// `text` cut with `…` so that it fits `max_width` px.
pub(crate) fn ellipsize(text: &str, max_width: f64, size: f64) -> String {
    if text_width(text, size) <= max_width {
        return text.to_string();
    }
    // One pass over the characters, so a pathological 10 000-character name
    // costs no more than its length.
    let limit = max_width - text_width("…", size);
    let mut width = 0.0;
    let mut end = 0;
    for (index, c) in text.char_indices() {
        width += char_ems(c) * size;
        if width > limit {
            break;
        }
        end = index + c.len_utf8();
    }
    format!("{}…", text[..end].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_fixed_precision() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num2(0.456), "0.46");
        assert_eq!(num2(0.5), "0.5");
    }

    #[test]
    fn ids_are_sanitized() {
        assert_eq!(sanitize_id("rfm-map"), "rfm-map");
        assert_eq!(sanitize_id("a b\"c"), "a-b-c");
        assert_eq!(sanitize_id("1x"), "chart-1x");
        assert_eq!(sanitize_id(""), "chart-");
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_ellipsizes() {
        let lines = wrap("En train de s'endormir", 80.0, 12.0, 2);
        assert_eq!(lines, vec!["En train de", "s'endormir"]);
        assert_eq!(wrap("Champions", 200.0, 12.0, 2), vec!["Champions"]);
        let cut = wrap("un deux trois quatre cinq six sept", 40.0, 12.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
        assert!(text_width(&cut[1], 12.0) <= 40.0);
    }

    #[test]
    fn standalone_adds_the_namespace() {
        let svg = Svg("<svg viewBox=\"0 0 1 1\"></svg>".into());
        assert_eq!(
            svg.to_standalone(),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"></svg>"
        );
    }
}
