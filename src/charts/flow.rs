//! A two-column flow diagram (Sankey-like) for segment migrations: the
//! segments at the first date on the left, at the second date on the right,
//! and bands whose thickness is proportional to the customers who moved.

use super::axis::ValueFormat;
use super::palette::{self, Rgb};
use super::svg::{
    bold_text_width, ellipsize, path_point, text_width, Anchor, ChartMeta, Svg, SvgWriter,
    TextStyle, BOLD_FACTOR,
};
use crate::format;
use crate::i18n::Language;

/// A node (segment) on one side of a [`FlowDiagram`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowNode {
    /// Name shown beside the node.
    pub label: String,
    /// Colour; by default a categorical colour, shared by a target with the
    /// same label as a source so a segment keeps its colour on both sides.
    pub color: Option<Rgb>,
}

impl FlowNode {
    /// A node with the default colour.
    pub fn new(label: impl Into<String>) -> Self {
        FlowNode {
            label: label.into(),
            color: None,
        }
    }
}

/// A quantity moving from source `from` to target `to` (indices into
/// [`FlowDiagram::sources`] and [`FlowDiagram::targets`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flow {
    /// Index of the source node.
    pub from: usize,
    /// Index of the target node.
    pub to: usize,
    /// Quantity (customers). Zero, negative or non-finite flows are not drawn.
    pub value: f64,
}

/// Sources on the left, targets on the right, bands between them.
///
/// Nodes are stacked in the order given; each node is as tall as the sum of
/// its flows, and nodes without any flow are not drawn (their row of the
/// migration table still shows them).
///
/// ```
/// use segmento::charts::{ChartMeta, Flow, FlowDiagram, FlowNode, ValueFormat};
/// use segmento::Language;
/// let flows = FlowDiagram {
///     meta: ChartMeta::new("moves", "Migrations", "Où sont allés les clients"),
///     language: Language::Fr,
///     left_title: "2024".into(),
///     right_title: "2025".into(),
///     sources: vec![FlowNode::new("Champions"), FlowNode::new("Nouveaux")],
///     targets: vec![FlowNode::new("Champions"), FlowNode::new("À risque")],
///     flows: vec![
///         Flow { from: 0, to: 0, value: 80.0 },
///         Flow { from: 0, to: 1, value: 20.0 },
///         Flow { from: 1, to: 0, value: 10.0 },
///     ],
///     value_format: ValueFormat::Integer,
/// };
/// assert!(flows.to_svg().as_str().contains("Champions → À risque"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowDiagram {
    /// Id, title and description.
    pub meta: ChartMeta,
    /// Language of the numbers.
    pub language: Language,
    /// Heading over the left column (e.g. the first date).
    pub left_title: String,
    /// Heading over the right column (e.g. the second date).
    pub right_title: String,
    /// Left nodes, top to bottom.
    pub sources: Vec<FlowNode>,
    /// Right nodes, top to bottom.
    pub targets: Vec<FlowNode>,
    /// The flows.
    pub flows: Vec<Flow>,
    /// How node totals are written.
    pub value_format: ValueFormat,
}

const WIDTH: f64 = 720.0;
const NODE_WIDTH: f64 = 12.0;
const NODE_GAP: f64 = 10.0;
const LABEL_SIZE: f64 = 12.0;
const VALUE_SIZE: f64 = 11.0;
/// Widest node label, beyond which it is cut with `…`.
const MAX_LABEL_WIDTH: f64 = 180.0;
/// Vertical room one node label (name + value) needs.
const LABEL_PITCH: f64 = 30.0;

/// A node as placed: its top, its height, its label lines.
struct Placed {
    index: usize,
    top: f64,
    height: f64,
    label_y: f64,
}

impl FlowDiagram {
    /// Draws the diagram.
    pub fn to_svg(&self) -> Svg {
        let flows: Vec<Flow> = self
            .flows
            .iter()
            .copied()
            .filter(|f| {
                f.value.is_finite()
                    && f.value > 0.0
                    && f.from < self.sources.len()
                    && f.to < self.targets.len()
            })
            .collect();
        let total: f64 = flows.iter().map(|f| f.value).sum();
        let out_totals = totals(self.sources.len(), flows.iter().map(|f| (f.from, f.value)));
        let in_totals = totals(self.targets.len(), flows.iter().map(|f| (f.to, f.value)));
        let visible = |t: &[f64]| t.iter().filter(|v| **v > 0.0).count();
        let most_nodes = visible(&out_totals).max(visible(&in_totals)).max(1);
        let plot_height = (most_nodes as f64 * (LABEL_PITCH + 4.0)).max(300.0);
        let top = 34.0;
        let height = top + plot_height + 16.0;

        let label_width = |nodes: &[FlowNode]| {
            nodes
                .iter()
                .map(|n| bold_text_width(&n.label, LABEL_SIZE).min(MAX_LABEL_WIDTH))
                .fold(text_width("12 345 (100 %)", VALUE_SIZE), f64::max)
        };
        let left_x = label_width(&self.sources) + 16.0;
        let right_x = WIDTH - label_width(&self.targets) - 16.0 - NODE_WIDTH;

        let source_colors: Vec<Rgb> = self
            .sources
            .iter()
            .enumerate()
            .map(|(i, n)| n.color.unwrap_or(palette::categorical(i)))
            .collect();
        let target_colors: Vec<Rgb> = self
            .targets
            .iter()
            .enumerate()
            .map(|(j, n)| {
                n.color.unwrap_or_else(|| {
                    match self.sources.iter().position(|s| s.label == n.label) {
                        Some(i) => source_colors[i],
                        None => palette::categorical(self.sources.len() + j),
                    }
                })
            })
            .collect();

        // One scale for both sides, so a band is equally thick at both ends;
        // the side with fewer nodes gets wider gaps.
        let scale = if total > 0.0 {
            (plot_height - (most_nodes as f64 - 1.0) * NODE_GAP) / total
        } else {
            0.0
        };
        let left = place(&out_totals, scale, top, plot_height);
        let right = place(&in_totals, scale, top, plot_height);

        let mut svg = SvgWriter::new(&self.meta, WIDTH, height);
        let heading = TextStyle::new(LABEL_SIZE + 1.0, Anchor::Middle, palette::TEXT).bold();
        svg.text(
            left_x + NODE_WIDTH,
            18.0,
            &self.left_title,
            TextStyle {
                anchor: Anchor::End,
                ..heading
            },
        );
        svg.text(
            right_x,
            18.0,
            &self.right_title,
            TextStyle {
                anchor: Anchor::Start,
                ..heading
            },
        );

        // Bands: leave each source in target order, enter each target in source order.
        let mut source_offsets = vec![0.0; self.sources.len()];
        let mut target_offsets = vec![0.0; self.targets.len()];
        let mut by_source = flows.clone();
        crate::sorting::sort_by_key(&mut by_source, |f| (f.from, f.to));
        let mut entries: Vec<(usize, usize, f64)> = Vec::new();
        for flow in &by_source {
            entries.push((flow.from, flow.to, source_offsets[flow.from]));
            source_offsets[flow.from] += flow.value * scale;
        }
        let mut by_target: Vec<usize> = (0..by_source.len()).collect();
        crate::sorting::sort_positions(&mut by_target, &mut |&a, &b| {
            let key = |k: usize| (by_source[k].to, by_source[k].from);
            key(a).cmp(&key(b))
        });
        let mut target_start = vec![0.0; by_source.len()];
        for k in by_target {
            let flow = by_source[k];
            target_start[k] = target_offsets[flow.to];
            target_offsets[flow.to] += flow.value * scale;
        }
        let x0 = left_x + NODE_WIDTH;
        let x1 = right_x;
        let middle = (x0 + x1) / 2.0;
        for (k, flow) in by_source.iter().enumerate() {
            let (Some(source), Some(target)) = (
                left.iter().find(|p| p.index == flow.from),
                right.iter().find(|p| p.index == flow.to),
            ) else {
                continue;
            };
            let thickness = flow.value * scale;
            let y0 = source.top + entries[k].2;
            let y1 = target.top + target_start[k];
            let mut d = String::new();
            path_point(&mut d, 'M', x0, y0);
            d.push_str(&format!(
                "C{} {} {} {} {} {}",
                super::svg::num(middle),
                super::svg::num(y0),
                super::svg::num(middle),
                super::svg::num(y1),
                super::svg::num(x1),
                super::svg::num(y1)
            ));
            path_point(&mut d, 'L', x1, y1 + thickness);
            d.push_str(&format!(
                "C{} {} {} {} {} {}Z",
                super::svg::num(middle),
                super::svg::num(y1 + thickness),
                super::svg::num(middle),
                super::svg::num(y0 + thickness),
                super::svg::num(x0),
                super::svg::num(y0 + thickness)
            ));
            let tooltip = format!(
                "{} → {}{} {}",
                self.sources[flow.from].label,
                self.targets[flow.to].label,
                self.language.pick("\u{A0}:", ":"),
                self.value_format.label(flow.value, self.language)
            );
            svg.fill_path(&d, source_colors[flow.from], 0.42, Some(&tooltip));
        }

        for (placed, side) in [(&left, Side::Left), (&right, Side::Right)] {
            for node in placed.iter() {
                let (nodes, colors, totals, x) = match side {
                    Side::Left => (&self.sources, &source_colors, &out_totals, left_x),
                    Side::Right => (&self.targets, &target_colors, &in_totals, right_x),
                };
                svg.rect(
                    x,
                    node.top,
                    NODE_WIDTH,
                    node.height,
                    colors[node.index],
                    None,
                );
                let value = totals[node.index];
                let value_text = format!(
                    "{} ({})",
                    self.value_format.label(value, self.language),
                    format::percent(value / total, 0, self.language)
                );
                let (text_x, anchor) = match side {
                    Side::Left => (x - 6.0, Anchor::End),
                    Side::Right => (x + NODE_WIDTH + 6.0, Anchor::Start),
                };
                let name = ellipsize(
                    &nodes[node.index].label,
                    MAX_LABEL_WIDTH / BOLD_FACTOR,
                    LABEL_SIZE,
                );
                svg.text(
                    text_x,
                    node.label_y - 2.0,
                    &name,
                    TextStyle::new(LABEL_SIZE, anchor, palette::TEXT).bold(),
                );
                let muted = TextStyle::new(VALUE_SIZE, anchor, palette::MUTED_TEXT);
                svg.text(text_x, node.label_y + VALUE_SIZE + 1.0, &value_text, muted);
            }
        }
        svg.finish()
    }
}

#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
}

fn totals(len: usize, values: impl Iterator<Item = (usize, f64)>) -> Vec<f64> {
    let mut totals = vec![0.0; len];
    for (index, value) in values {
        totals[index] += value;
    }
    totals
}

/// Stacks the nodes with a positive total down the plot at `scale` px per
/// unit, spreading the spare height into the gaps, then spreads their labels
/// so that no two overlap (each label stays as close as it can to the middle
/// of its node).
fn place(node_totals: &[f64], scale: f64, top: f64, plot_height: f64) -> Vec<Placed> {
    let visible: Vec<usize> = (0..node_totals.len())
        .filter(|&i| node_totals[i] > 0.0)
        .collect();
    if visible.is_empty() || scale <= 0.0 {
        return Vec::new();
    }
    let used: f64 = visible.iter().map(|&i| node_totals[i] * scale).sum();
    let gap = if visible.len() > 1 {
        ((plot_height - used) / (visible.len() - 1) as f64).max(0.0)
    } else {
        0.0
    };
    let mut y = top;
    let mut placed: Vec<Placed> = visible
        .iter()
        .map(|&index| {
            let height = node_totals[index] * scale;
            let node = Placed {
                index,
                top: y,
                height,
                label_y: y + height / 2.0,
            };
            y += height + gap;
            node
        })
        .collect();
    // Push labels down where they would overlap, then back up from the bottom.
    for k in 1..placed.len() {
        let floor = placed[k - 1].label_y + LABEL_PITCH;
        if placed[k].label_y < floor {
            placed[k].label_y = floor;
        }
    }
    let bottom = top + plot_height - LABEL_PITCH / 2.0;
    if let Some(last) = placed.last_mut() {
        last.label_y = last.label_y.min(bottom);
    }
    for k in (0..placed.len().saturating_sub(1)).rev() {
        let ceiling = placed[k + 1].label_y - LABEL_PITCH;
        if placed[k].label_y > ceiling {
            placed[k].label_y = ceiling;
        }
    }
    placed
}
