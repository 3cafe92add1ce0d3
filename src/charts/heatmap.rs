//! A grid of labelled cells: the R×F map, migration matrices, cohort tables.

use super::palette::{self, Rgb};
use super::svg::{
    bold_text_width, text_width, wrap, Anchor, ChartMeta, LegendItem, Svg, SvgWriter, TextStyle,
    BOLD_FACTOR,
};

/// One cell of a [`Heatmap`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeatCell {
    /// Bold first line (e.g. the segment name), wrapped on up to two lines.
    pub title: Option<String>,
    /// Further lines (e.g. `312 clients`, `45 678 €`), one text line each.
    pub lines: Vec<String>,
    /// Fill colour; `None` draws an empty (pale grey) cell. Text colour is
    /// chosen automatically for WCAG AA contrast on this fill.
    pub fill: Option<Rgb>,
    /// Tooltip shown on hover (the page) and read by screen readers.
    pub tooltip: Option<String>,
    /// What the cell stands for, as a `data-` attribute of the cell's group
    /// (`("segment", "champions")` → `data-segment="champions"`): the page
    /// opens that customer list when the cell is clicked.
    pub data: Option<(&'static str, String)>,
}

/// A grid of labelled, coloured cells with axis titles.
///
/// Rows are drawn top to bottom in the order given, columns left to right.
/// `cells` is row-major: the cell of row `r` and column `c` is
/// `cells[r * columns.len() + c]`; missing cells are drawn empty and cells
/// beyond `rows.len() × columns.len()` are not drawn.
///
/// ```
/// use segmento::charts::{palette, ChartMeta, HeatCell, Heatmap};
/// let map = Heatmap {
///     meta: ChartMeta::new("rf", "R×F", "Customers by recency and frequency score"),
///     x_title: "Fréquence".into(),
///     y_title: "Récence".into(),
///     columns: vec!["1".into(), "2".into()],
///     rows: vec!["2".into(), "1".into()],
///     cells: vec![
///         HeatCell { title: Some("Nouveaux".into()), lines: vec!["12".into()], fill: Some(palette::categorical(1)), tooltip: None, data: None },
///         HeatCell::default(),
///         HeatCell::default(),
///         HeatCell { title: Some("Perdus".into()), lines: vec!["40".into()], fill: Some(palette::categorical(6)), tooltip: None, data: None },
///     ],
///     legend: vec![],
/// };
/// let svg = map.to_svg();
/// assert!(svg.as_str().contains(">Nouveaux</text>"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Heatmap {
    /// Id, title and description.
    pub meta: ChartMeta,
    /// Title under the column labels.
    pub x_title: String,
    /// Title left of the row labels (drawn vertically).
    pub y_title: String,
    /// Column labels, left to right.
    pub columns: Vec<String>,
    /// Row labels, top to bottom.
    pub rows: Vec<String>,
    /// Cells, row-major.
    pub cells: Vec<HeatCell>,
    /// Colour legend drawn under the grid (may be empty).
    pub legend: Vec<LegendItem>,
}

const TITLE_SIZE: f64 = 12.0;
const LINE_SIZE: f64 = 11.0;
const LABEL_SIZE: f64 = 12.0;
const AXIS_TITLE_SIZE: f64 = 13.0;
const LINE_HEIGHT: f64 = 1.3;
const PAD: f64 = 6.0;
const GAP: f64 = 2.0;

impl Heatmap {
    /// Draws the grid.
    pub fn to_svg(&self) -> Svg {
        let empty = HeatCell::default();
        let cell_at =
            |r: usize, c: usize| self.cells.get(r * self.columns.len() + c).unwrap_or(&empty);
        let cols = self.columns.len().max(1);

        // Cell width: what the widest single-line content needs, within bounds
        // that keep a 5-column map and a 25-column cohort table readable.
        let widest_line = self
            .cells
            .iter()
            .flat_map(|cell| cell.lines.iter().map(|line| text_width(line, LINE_SIZE)))
            // Column labels wrap at spaces (up to three lines): their longest
            // word must fit.
            .chain(
                self.columns
                    .iter()
                    .flat_map(|label| label.split_whitespace())
                    .map(|word| text_width(word, LABEL_SIZE).min(110.0)),
            )
            .fold(0.0, f64::max);
        // A title wraps at spaces, so its longest word is what must fit.
        let widest_title_word = self
            .cells
            .iter()
            .filter_map(|cell| cell.title.as_deref())
            .flat_map(str::split_whitespace)
            .map(|word| bold_text_width(word, TITLE_SIZE))
            .fold(0.0, f64::max);
        // Few columns (the R×F map) get roomy cells; many (cohorts) tight ones.
        let min_width = if cols <= 6 { 120.0 } else { 40.0 };
        let cell_width = (widest_line.max(widest_title_word) + 2.0 * PAD).clamp(min_width, 150.0);
        let title_width = (cell_width - 2.0 * PAD) / BOLD_FACTOR;
        let title_lines = |cell: &HeatCell| -> Vec<String> {
            cell.title
                .as_deref()
                .map(|title| wrap(title, title_width, TITLE_SIZE, 2))
                .unwrap_or_default()
        };
        let most_lines = self
            .cells
            .iter()
            .map(|cell| title_lines(cell).len() + cell.lines.len())
            .max()
            .unwrap_or(1)
            .max(1);
        let cell_height = (most_lines as f64 * TITLE_SIZE * LINE_HEIGHT + 2.0 * PAD).max(30.0);

        let row_label_width = self
            .rows
            .iter()
            .map(|label| text_width(label, LABEL_SIZE).min(170.0))
            .fold(0.0, f64::max);
        let grid_height = self.rows.len() as f64 * cell_height;
        // The y title runs along the rows when it fits their height, else it
        // sits above the row labels.
        let y_title_vertical = bold_text_width(&self.y_title, AXIS_TITLE_SIZE) <= grid_height - 8.0;
        let (y_title_band, grid_top) = match (self.y_title.is_empty(), y_title_vertical) {
            (true, _) => (0.0, 8.0),
            (false, true) => (24.0, 8.0),
            (false, false) => (0.0, 30.0),
        };
        let grid_left = y_title_band + row_label_width + 10.0;
        let grid_width = cols as f64 * cell_width;

        let column_label_lines: Vec<Vec<String>> = self
            .columns
            .iter()
            .map(|label| wrap(label, cell_width - 4.0, LABEL_SIZE, 3))
            .collect();
        let column_label_rows = column_label_lines.iter().map(Vec::len).max().unwrap_or(1) as f64;
        let labels_bottom =
            grid_top + grid_height + 6.0 + column_label_rows * LABEL_SIZE * LINE_HEIGHT;
        let x_title_bottom = if self.x_title.is_empty() {
            labels_bottom
        } else {
            labels_bottom + 22.0
        };
        let width = (grid_left + grid_width + 12.0)
            .max(bold_text_width(&self.x_title, AXIS_TITLE_SIZE) + 24.0)
            .max(if y_title_vertical {
                0.0
            } else {
                bold_text_width(&self.y_title, AXIS_TITLE_SIZE) + 24.0
            });
        let (legend_rows, legend_height) = legend_layout(&self.legend, width);
        let height = x_title_bottom + legend_height + 8.0;

        let mut svg = SvgWriter::new(&self.meta, width, height);

        for (r, row_label) in self.rows.iter().enumerate() {
            let y = grid_top + r as f64 * cell_height;
            let style = TextStyle::new(LABEL_SIZE, Anchor::End, palette::TEXT);
            let label = super::svg::ellipsize(row_label, 170.0, LABEL_SIZE);
            svg.text(
                grid_left - 8.0,
                y + cell_height / 2.0 + LABEL_SIZE * 0.35,
                &label,
                style,
            );
            for c in 0..self.columns.len() {
                let x = grid_left + c as f64 * cell_width;
                draw_cell(
                    &mut svg,
                    cell_at(r, c),
                    &title_lines(cell_at(r, c)),
                    x,
                    y,
                    cell_width,
                    cell_height,
                );
            }
        }

        let label_style = TextStyle::new(LABEL_SIZE, Anchor::Middle, palette::TEXT);
        for (c, lines) in column_label_lines.iter().enumerate() {
            let x = grid_left + (c as f64 + 0.5) * cell_width;
            for (i, line) in lines.iter().enumerate() {
                let y = grid_top + grid_height + 6.0 + (i as f64 + 0.8) * LABEL_SIZE * LINE_HEIGHT;
                svg.text(x, y, line, label_style);
            }
        }
        let axis_style = TextStyle::new(AXIS_TITLE_SIZE, Anchor::Middle, palette::TEXT).bold();
        if !self.x_title.is_empty() {
            svg.text(
                grid_left + grid_width / 2.0,
                labels_bottom + 16.0,
                &self.x_title,
                axis_style,
            );
        }
        if !self.y_title.is_empty() && y_title_vertical {
            svg.text_vertical(
                16.0,
                grid_top + grid_height / 2.0,
                &self.y_title,
                axis_style,
            );
        } else if !self.y_title.is_empty() {
            let style = TextStyle {
                anchor: Anchor::Start,
                ..axis_style
            };
            svg.text(12.0, 18.0, &self.y_title, style);
        }
        draw_legend(&mut svg, &legend_rows, 12.0, x_title_bottom + 6.0);
        svg.finish()
    }
}

fn draw_cell(
    svg: &mut SvgWriter,
    cell: &HeatCell,
    title_lines: &[String],
    x: f64,
    y: f64,
    w: f64,
    h: f64,
) {
    if let Some((name, value)) = &cell.data {
        svg.open_data_group(name, value);
    }
    let fill = cell.fill.unwrap_or(palette::EMPTY_CELL);
    let (inner_x, inner_y, inner_w, inner_h) = (x + GAP / 2.0, y + GAP / 2.0, w - GAP, h - GAP);
    match &cell.tooltip {
        Some(tooltip) => svg.rect_with_tooltip(inner_x, inner_y, inner_w, inner_h, fill, tooltip),
        None => svg.rect(inner_x, inner_y, inner_w, inner_h, fill, None),
    }
    let text_color = if cell.fill.is_some() {
        fill.text_color()
    } else {
        palette::MUTED_TEXT
    };
    let line_count = title_lines.len() + cell.lines.len();
    let block_height = line_count as f64 * TITLE_SIZE * LINE_HEIGHT;
    let mut baseline = y + (h - block_height) / 2.0 + TITLE_SIZE;
    let centre = x + w / 2.0;
    for line in title_lines {
        svg.text(
            centre,
            baseline,
            line,
            TextStyle::new(TITLE_SIZE, Anchor::Middle, text_color).bold(),
        );
        baseline += TITLE_SIZE * LINE_HEIGHT;
    }
    for line in &cell.lines {
        let fitted = super::svg::ellipsize(line, w - 2.0 * PAD, LINE_SIZE);
        svg.text(
            centre,
            baseline,
            &fitted,
            TextStyle::new(LINE_SIZE, Anchor::Middle, text_color),
        );
        baseline += TITLE_SIZE * LINE_HEIGHT;
    }
    if cell.data.is_some() {
        svg.close_group();
    }
}

/// Legend items placed left to right, wrapping into rows that fit `width`.
pub(crate) fn legend_layout(
    items: &[LegendItem],
    width: f64,
) -> (Vec<Vec<(f64, &LegendItem)>>, f64) {
    let mut rows: Vec<Vec<(f64, &LegendItem)>> = Vec::new();
    let mut x = 0.0;
    for item in items {
        let item_width = 18.0 + text_width(&item.label, LABEL_SIZE) + 16.0;
        if rows.is_empty() || (x + item_width > width - 24.0 && x > 0.0) {
            rows.push(Vec::new());
            x = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((x, item));
        }
        x += item_width;
    }
    let height = rows.len() as f64 * 20.0;
    (rows, height)
}

/// Draws legend rows from `(left, top)`: a swatch then the label.
pub(crate) fn draw_legend(
    svg: &mut SvgWriter,
    rows: &[Vec<(f64, &LegendItem)>],
    left: f64,
    top: f64,
) {
    for (r, row) in rows.iter().enumerate() {
        let y = top + r as f64 * 20.0;
        for (x, item) in row {
            svg.rect(
                left + x,
                y + 2.0,
                12.0,
                12.0,
                item.color,
                Some(palette::AXIS),
            );
            let style = TextStyle::new(LABEL_SIZE, Anchor::Start, palette::TEXT);
            svg.text(left + x + 18.0, y + 12.5, &item.label, style);
        }
    }
}
