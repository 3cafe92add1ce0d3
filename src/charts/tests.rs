//! Chart tests: well-formed XML (parsed with roxmltree, an independent XML
//! parser), escaping, accessibility attributes, determinism, colours and
//! geometry worked out by hand.

use super::*;
use crate::i18n::Language;

const NASTY: &str = "<script>alert(\"x\")</script> & 'co' \u{1}";

fn heatmap(language: Language) -> Heatmap {
    let scores = ["5", "4", "3", "2", "1"];
    let mut cells = Vec::new();
    for r in 0..5 {
        for f in 0..5 {
            let t = (r * 5 + f) as f64 / 24.0;
            cells.push(HeatCell {
                title: Some(if r == 0 && f == 0 {
                    NASTY.to_string()
                } else {
                    "En train de s'endormir".into()
                }),
                lines: vec![
                    format!("{} clients", 10 * (r + f)),
                    crate::format::money(1234.5, language),
                ],
                fill: Some(palette::sequential(t)),
                tooltip: Some(format!("R{} F{}", 5 - r, f + 1)),
                data: None,
            });
        }
    }
    Heatmap {
        meta: ChartMeta::new("rf map", NASTY, NASTY),
        x_title: "Fréquence".into(),
        y_title: "Récence".into(),
        columns: scores.iter().rev().map(|s| s.to_string()).collect(),
        rows: scores.iter().map(|s| s.to_string()).collect(),
        cells,
        legend: vec![LegendItem {
            label: NASTY.into(),
            color: palette::categorical(0),
        }],
    }
}

fn pareto(language: Language) -> LineChart {
    LineChart {
        meta: ChartMeta::new("pareto", "Pareto", "Concentration du CA"),
        language,
        x_axis: Axis::new("Part des clients", ValueFormat::Percent(0)).with_bounds(0.0, 1.0),
        y_axis: Axis::new("Part du CA", ValueFormat::Percent(0)).with_bounds(0.0, 1.0),
        series: vec![
            Series::line(
                NASTY,
                vec![(0.0, 0.0), (0.18, 0.8), (0.5, 0.95), (1.0, 1.0)],
            ),
            Series::line("Égalité", vec![(0.0, 0.0), (1.0, 1.0)])
                .dashed()
                .with_color(palette::REFERENCE),
        ],
        references: vec![
            ReferenceLine::Horizontal {
                y: 0.8,
                label: "80 % du CA".into(),
            },
            ReferenceLine::Vertical {
                x: 0.18,
                label: NASTY.into(),
            },
        ],
    }
}

fn survival() -> LineChart {
    let band = vec![
        BandPoint {
            x: 0.0,
            low: 1.0,
            high: 1.0,
        },
        BandPoint {
            x: 100.0,
            low: 0.6,
            high: 0.8,
        },
        BandPoint {
            x: 400.0,
            low: 0.3,
            high: 0.5,
        },
    ];
    LineChart {
        meta: ChartMeta::new("km", "Survie", "Kaplan-Meier"),
        language: Language::Fr,
        x_axis: Axis::new("Jours", ValueFormat::Integer),
        y_axis: Axis::new("Clients actifs", ValueFormat::Percent(0)).with_bounds(0.0, 1.0),
        series: vec![
            Series::step("Web", vec![(0.0, 1.0), (100.0, 0.7), (400.0, 0.4)]).with_band(band),
        ],
        references: vec![],
    }
}

fn bars(orientation: Orientation) -> BarChart {
    BarChart {
        meta: ChartMeta::new("groups", "Groupes", "Prévu et réel"),
        language: Language::Fr,
        orientation,
        categories: vec!["A".into(), NASTY.into(), "C".into()],
        series: vec![
            BarSeries {
                name: "Prévu".into(),
                values: vec![100.0, 50.0, f64::NAN],
                color: None,
            },
            BarSeries {
                name: "Réel".into(),
                values: vec![90.0, -20.0, 10.0],
                color: None,
            },
        ],
        value_axis: Axis::new("Achats", ValueFormat::Integer),
        category_title: "Groupe".into(),
        show_values: true,
        category_colors: vec![],
    }
}

fn flows() -> FlowDiagram {
    FlowDiagram {
        meta: ChartMeta::new("flows", "Migrations", "De 2024 à 2025"),
        language: Language::Fr,
        left_title: "2024".into(),
        right_title: "2025".into(),
        sources: vec![
            FlowNode::new("Champions"),
            FlowNode::new(NASTY),
            FlowNode::new("Vide"),
        ],
        targets: vec![FlowNode::new("Champions"), FlowNode::new("À risque")],
        flows: vec![
            Flow {
                from: 0,
                to: 0,
                value: 80.0,
            },
            Flow {
                from: 0,
                to: 1,
                value: 20.0,
            },
            Flow {
                from: 1,
                to: 0,
                value: 10.0,
            },
            Flow {
                from: 2,
                to: 1,
                value: 0.0,
            },
            Flow {
                from: 9,
                to: 0,
                value: 5.0,
            },
        ],
        value_format: ValueFormat::Integer,
    }
}

fn all_charts() -> Vec<Svg> {
    vec![
        heatmap(Language::Fr).to_svg(),
        heatmap(Language::En).to_svg(),
        pareto(Language::Fr).to_svg(),
        pareto(Language::En).to_svg(),
        survival().to_svg(),
        bars(Orientation::Horizontal).to_svg(),
        bars(Orientation::Vertical).to_svg(),
        flows().to_svg(),
        Heatmap::default().to_svg(),
        LineChart::default().to_svg(),
        BarChart::default().to_svg(),
        FlowDiagram::default().to_svg(),
    ]
}

#[test]
fn heat_cells_carry_their_data_attribute_around_rect_and_text() {
    let cell = |data| HeatCell {
        title: Some("Champions".into()),
        lines: vec!["3 clients".into()],
        fill: Some(palette::categorical(0)),
        tooltip: None,
        data,
    };
    let map = Heatmap {
        meta: ChartMeta::new("grid", "Grid", "Two cells"),
        x_title: String::new(),
        y_title: String::new(),
        columns: vec!["F1".into(), "F2".into()],
        rows: vec!["R1".into()],
        cells: vec![cell(Some(("segment", "a\"b".to_string()))), cell(None)],
        legend: Vec::new(),
    };
    let svg = map.to_svg();
    let doc = roxmltree::Document::parse(svg.as_str()).unwrap();
    let marked: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("data-segment").is_some())
        .collect();
    // One group, its value escaped, holding the cell's rectangle and text.
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].attribute("data-segment"), Some("a\"b"));
    assert!(marked[0].children().any(|n| n.has_tag_name("rect")));
    assert!(marked[0]
        .descendants()
        .any(|n| n.text() == Some("Champions")));
}

#[test]
fn every_chart_is_well_formed_and_accessible() {
    for svg in all_charts() {
        let text = svg.as_str();
        let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{e}: {text}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(root
            .attribute("viewBox")
            .is_some_and(|v| v.starts_with("0 0 ")));
        assert!(root
            .attribute("style")
            .is_some_and(|s| s.contains("width:100%")));
        let labelled_by: Vec<&str> = root
            .attribute("aria-labelledby")
            .unwrap()
            .split(' ')
            .collect();
        let mut children = root.children().filter(|n| n.is_element());
        let title = children.next().unwrap();
        let desc = children.next().unwrap();
        assert_eq!(
            (title.tag_name().name(), desc.tag_name().name()),
            ("title", "desc")
        );
        assert_eq!(
            labelled_by,
            vec![
                title.attribute("id").unwrap(),
                desc.attribute("id").unwrap()
            ]
        );
        // Self-contained: no namespace URL, no link, no script, no CSS variable.
        for forbidden in ["http", "<script", "var(--", "href"] {
            assert!(!text.contains(forbidden), "{forbidden} in {text}");
        }
        assert!(svg
            .to_standalone()
            .contains("xmlns=\"http://www.w3.org/2000/svg\""));
        // Every numeric attribute is a plain number with at most one decimal
        // (opacity two), never NaN.
        assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    }
}

#[test]
fn data_text_is_escaped_and_survives_parsing() {
    let svg = heatmap(Language::Fr).to_svg();
    assert!(svg
        .as_str()
        .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"));
    let doc = roxmltree::Document::parse(svg.as_str()).unwrap();
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    // The parsed title is the original text, control character replaced.
    assert_eq!(
        title.text(),
        Some("<script>alert(\"x\")</script> & 'co' \u{FFFD}")
    );
    for svg in [
        pareto(Language::Fr).to_svg(),
        bars(Orientation::Vertical).to_svg(),
        flows().to_svg(),
    ] {
        assert!(!svg.as_str().contains("<script"));
    }
}

#[test]
fn output_is_deterministic() {
    let first: Vec<String> = all_charts().into_iter().map(Svg::into_string).collect();
    let second: Vec<String> = all_charts().into_iter().map(Svg::into_string).collect();
    assert_eq!(first, second);
}

#[test]
fn ids_make_title_references_unique_per_chart() {
    let svg = heatmap(Language::Fr).to_svg();
    assert!(svg
        .as_str()
        .contains("aria-labelledby=\"rf-map-title rf-map-desc\""));
}

#[test]
fn cell_text_takes_the_contrasting_colour() {
    let svg = heatmap(Language::Fr).to_svg();
    let doc = roxmltree::Document::parse(svg.as_str()).unwrap();
    let attr =
        |n: &roxmltree::Node, name: &str| -> f64 { n.attribute(name).unwrap().parse().unwrap() };
    let texts: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .collect();
    let mut checked = 0;
    for cell in doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.children().any(|c| c.has_tag_name("title")))
    {
        let (x, y, w, h) = (
            attr(&cell, "x"),
            attr(&cell, "y"),
            attr(&cell, "width"),
            attr(&cell, "height"),
        );
        let fill = parse_hex(cell.attribute("fill").unwrap());
        for text in texts.iter().filter(|t| {
            let (tx, ty) = (attr(t, "x"), attr(t, "y"));
            tx > x && tx < x + w && ty > y && ty < y + h
        }) {
            let color = parse_hex(text.attribute("fill").unwrap());
            assert!(fill.contrast(color) >= 4.5, "{fill} / {color}");
            checked += 1;
        }
    }
    // 25 cells, each with a title (one or two lines) and two lines.
    assert!(checked >= 25 * 3, "{checked}");
}

fn parse_hex(hex: &str) -> Rgb {
    let value = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
    Rgb::hex(value)
}

/// All `(x, y)` pairs of a path's `d` attribute.
fn path_points(d: &str) -> Vec<(f64, f64)> {
    let numbers: Vec<f64> = d
        .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    numbers.chunks(2).map(|p| (p[0], p[1])).collect()
}

#[test]
fn pareto_curve_meets_the_80_percent_line_at_18_percent() {
    let svg = pareto(Language::Fr).to_svg();
    let doc = roxmltree::Document::parse(svg.as_str()).unwrap();
    let curve = doc
        .descendants()
        .find(|n| n.has_tag_name("path") && n.attribute("stroke") == Some("#0072b2"))
        .unwrap();
    let points = path_points(curve.attribute("d").unwrap());
    assert_eq!(points.len(), 4);
    let lines: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("line") && n.attribute("stroke-dasharray") == Some("3 3"))
        .collect();
    let horizontal_y: f64 = lines[0].attribute("y1").unwrap().parse().unwrap();
    let vertical_x: f64 = lines[1].attribute("x1").unwrap().parse().unwrap();
    // The second point (18 %, 80 %) sits where the two reference lines cross.
    assert_eq!(points[1], (vertical_x, horizontal_y));
    // The plot is 300 px high from 0 % to 100 %: 80 % is 60 px below the top,
    // i.e. 240 px above the origin (first point).
    assert!((points[0].1 - points[1].1 - 240.0).abs() < 0.11);
    // Labels are in French form with a narrow no-break space.
    assert!(svg.as_str().contains(">80\u{202F}%</text>"));
    assert!(pareto(Language::En)
        .to_svg()
        .as_str()
        .contains(">80%</text>"));
}

#[test]
fn kaplan_meier_steps_and_band() {
    let svg = survival().to_svg();
    let doc = roxmltree::Document::parse(svg.as_str()).unwrap();
    let curve = doc
        .descendants()
        .find(|n| n.has_tag_name("path") && n.attribute("fill") == Some("none"))
        .unwrap();
    let p = path_points(curve.attribute("d").unwrap());
    // (0,1) (100,1) (100,0.7) (400,0.7) (400,0.4): horizontal then vertical moves.
    assert_eq!(p.len(), 5);
    assert_eq!(p[0].1, p[1].1);
    assert_eq!(p[1].0, p[2].0);
    assert_eq!(p[2].1, p[3].1);
    assert_eq!(p[3].0, p[4].0);
    // 1.0 → 0.7 is 30 % of a 300 px plot: 90 px.
    assert!((p[2].1 - p[1].1 - 90.0).abs() < 0.11);
    let band = doc
        .descendants()
        .find(|n| n.has_tag_name("path") && n.attribute("fill-opacity").is_some())
        .unwrap();
    let d = band.attribute("d").unwrap();
    assert!(d.ends_with('Z'));
    // Upper stepped edge (5 points) then lower stepped edge back (5 points).
    assert_eq!(path_points(d).len(), 10);
}

#[test]
fn horizontal_bars_are_proportional_to_values() {
    let svg = bars(Orientation::Horizontal).to_svg();
    let doc = roxmltree::Document::parse(svg.as_str()).unwrap();
    let bars: Vec<(f64, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.children().any(|c| c.has_tag_name("title")))
        .map(|n| {
            (
                n.attribute("x").unwrap().parse().unwrap(),
                n.attribute("width").unwrap().parse().unwrap(),
            )
        })
        .collect();
    // 5 finite values (the NaN draws nothing): 100, 90, 50, -20, 10.
    assert_eq!(bars.len(), 5);
    let unit = bars[0].1 / 100.0;
    assert!((bars[1].1 - 90.0 * unit).abs() < 0.15);
    assert!((bars[2].1 - 50.0 * unit).abs() < 0.15);
    // The negative bar ends at zero, where the positive ones start.
    assert!((bars[3].0 + bars[3].1 - bars[0].0).abs() < 0.15);
    assert!((bars[3].1 - 20.0 * unit).abs() < 0.15);
    assert!(svg.as_str().contains(">-20</text>"));
}

#[test]
fn flow_nodes_are_proportional_and_invalid_flows_ignored() {
    let svg = flows().to_svg();
    let doc = roxmltree::Document::parse(svg.as_str()).unwrap();
    let heights: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("width") == Some("12"))
        .map(|n| n.attribute("height").unwrap().to_string())
        .collect();
    // Valid flows total 110 (the zero flow and the one from a missing source
    // are not drawn). Two nodes per side at most: 300 px − one 10 px gap =
    // 290 px for 110 customers. Left: 100 → 263.6, 10 → 26.4; right: 90 →
    // 237.3, 20 → 52.7. The "Vide" source has no flow and no node.
    assert_eq!(heights, ["263.6", "26.4", "237.3", "52.7"]);
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("path")).count(),
        3
    );
    assert!(svg.as_str().contains("Champions → À risque\u{A0}: 20"));
    assert!(svg.as_str().contains(">100 (91\u{202F}%)</text>"));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![
            -1e9..1e9f64,
            Just(0.0),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(1e300),
        ]
    }

    /// What a text becomes once escaped and parsed back: forbidden control
    /// characters are replaced.
    fn parsed_form(text: &str) -> String {
        text.chars()
            .map(|c| {
                if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_labels_and_values_give_well_formed_svg(
            labels in proptest::collection::vec(".{0,40}", 1..6),
            values in proptest::collection::vec(value(), 1..6),
            title in ".{0,60}",
        ) {
            let meta = ChartMeta::new("p", title.clone(), title.clone());
            let n = labels.len().min(values.len());
            let bars = BarChart {
                meta: meta.clone(),
                categories: labels[..n].to_vec(),
                series: vec![BarSeries { name: labels[0].clone(), values: values[..n].to_vec(), color: None }],
                show_values: true,
                ..BarChart::default()
            };
            let vertical = BarChart { orientation: Orientation::Vertical, ..bars.clone() };
            let line = LineChart {
                meta: meta.clone(),
                series: vec![Series::step(labels[0].clone(), values.iter().enumerate().map(|(i, v)| (i as f64, *v)).collect())],
                references: vec![ReferenceLine::Horizontal { y: values[0], label: labels[0].clone() }],
                ..LineChart::default()
            };
            let heatmap = Heatmap {
                meta: meta.clone(),
                columns: labels.clone(),
                rows: labels.clone(),
                cells: values.iter().map(|v| HeatCell { title: Some(labels[0].clone()), lines: vec![v.to_string()], fill: Some(palette::sequential(*v)), tooltip: None, data: None }).collect(),
                ..Heatmap::default()
            };
            let flow = FlowDiagram {
                meta,
                sources: labels.iter().map(FlowNode::new).collect(),
                targets: labels.iter().rev().map(FlowNode::new).collect(),
                flows: values.iter().enumerate().map(|(i, v)| Flow { from: i % labels.len(), to: (i * 7) % labels.len(), value: *v }).collect(),
                ..FlowDiagram::default()
            };
            for svg in [bars.to_svg(), vertical.to_svg(), line.to_svg(), heatmap.to_svg(), flow.to_svg()] {
                let doc = roxmltree::Document::parse(svg.as_str());
                prop_assert!(doc.is_ok(), "{:?}\n{}", doc.err(), svg.as_str());
                let doc = doc.unwrap();
                let parsed_title = doc.root_element().children().find(|n| n.has_tag_name("title")).and_then(|n| n.text()).unwrap_or("").to_string();
                prop_assert_eq!(parsed_title, parsed_form(&title));
                for node in doc.descendants().filter(|n| n.is_element()) {
                    for attribute in node.attributes() {
                        let geometric = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "d", "viewBox", "transform", "font-size", "fill-opacity", "stroke-width"];
                        if geometric.contains(&attribute.name()) {
                            let value = attribute.value();
                            prop_assert!(!value.contains("NaN") && !value.contains("inf"), "{}={}", attribute.name(), value);
                        }
                    }
                }
            }
        }
    }
}
