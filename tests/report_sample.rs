//! A full sample report built from made-up section data through the public
//! API only, in French and English. It checks the report is self-contained
//! and escaped, and writes `target/report-sample.html` (and `-en.html`) so a
//! person can open or print it.
//!
//! The numbers are invented but consistent (shares sum to 100 %, flows to
//! the node totals); this file also shows how an analysis output is turned
//! into report sections.

use chrono::NaiveDate;
use segmento::charts::{
    palette, Axis, BandPoint, BarChart, BarSeries, ChartMeta, Flow, FlowDiagram, FlowNode,
    HeatCell, Heatmap, LegendItem, LineChart, Orientation, ReferenceLine, Rgb, Series, ValueFormat,
};
use segmento::export::{Cell, Column, Table};
use segmento::report::{Block, Callout, DataTable, Document, Figure, Kpi, NextStep, Section, Tone};
use segmento::{format, i18n, Language};

/// (key, French, English, position on the value ladder 0..1, action fr, action en)
const SEGMENTS: [(&str, &str, &str, f64, &str, &str); 11] = [
    (
        "champions",
        "Champions",
        "Champions",
        1.0,
        "Remercier et récompenser : avant-premières, cadeaux.",
        "Thank and reward: previews, gifts.",
    ),
    (
        "loyal",
        "Fidèles",
        "Loyal",
        0.9,
        "Offres premium et programme de fidélité.",
        "Premium offers and loyalty programme.",
    ),
    (
        "potential_loyalist",
        "Fidèles potentiels",
        "Potential loyalist",
        0.78,
        "Augmenter la fréquence de contact.",
        "Raise contact frequency.",
    ),
    (
        "new",
        "Nouveaux",
        "New",
        0.68,
        "Accueillir, faire découvrir la gamme.",
        "Welcome them, show the range.",
    ),
    (
        "promising",
        "Prometteurs",
        "Promising",
        0.6,
        "Deuxième achat : offre ciblée.",
        "Second purchase: targeted offer.",
    ),
    (
        "need_attention",
        "À surveiller",
        "Need attention",
        0.5,
        "Relance personnalisée.",
        "Personalised follow-up.",
    ),
    (
        "about_to_sleep",
        "En train de s'endormir",
        "About to sleep",
        0.4,
        "Offre « dernière chance ».",
        "\"Last chance\" offer.",
    ),
    (
        "at_risk",
        "À risque",
        "At risk",
        0.28,
        "Offre de réactivation forte.",
        "Strong reactivation offer.",
    ),
    (
        "cant_lose",
        "À ne pas perdre",
        "Can't lose them",
        0.18,
        "Appel ou courrier personnel.",
        "Personal call or letter.",
    ),
    (
        "hibernating",
        "En hibernation",
        "Hibernating",
        0.1,
        "E-mail uniquement, coût minimal.",
        "E-mail only, minimal cost.",
    ),
    (
        "lost",
        "Perdus",
        "Lost",
        0.0,
        "Ne plus contacter par courrier.",
        "Stop paid mailings.",
    ),
];

/// The classic R×F map: segment index for recency score r and frequency score f (1..=5).
fn segment_of(r: usize, f: usize) -> usize {
    match (r, f) {
        (5, 4..=5) => 0,
        (3..=4, 4..=5) => 1,
        (4..=5, 2..=3) => 2,
        (5, 1) => 3,
        (4, 1) => 4,
        (3, 3) => 5,
        (3, 1..=2) => 6,
        (1..=2, 3..=4) => 7,
        (1..=2, 5) => 8,
        (1, 1) => 10,
        _ => 9,
    }
}

fn segment_color(index: usize) -> Rgb {
    palette::diverging(SEGMENTS[index].3)
}

fn label(index: usize, lang: Language) -> &'static str {
    lang.pick(SEGMENTS[index].1, SEGMENTS[index].2)
}

/// Made-up customers and revenue per R×F cell.
fn cell_figures(r: usize, f: usize) -> (i64, f64) {
    let customers = (40 + 37 * r * f + 11 * (5 - f) * (6 - r)) as i64;
    let revenue = customers as f64 * (28.0 + 19.0 * f as f64 + 4.5 * r as f64);
    (customers, revenue)
}

fn rf_map(lang: Language) -> Heatmap {
    let mut cells = Vec::new();
    for r in (1..=5).rev() {
        for f in 1..=5 {
            let (customers, revenue) = cell_figures(r, f);
            let segment = segment_of(r, f);
            cells.push(HeatCell {
                title: Some(label(segment, lang).to_string()),
                lines: vec![
                    format!(
                        "{} {}",
                        format::integer(customers, lang),
                        lang.pick("clients", "customers")
                    ),
                    format::money_compact(revenue, lang),
                ],
                fill: Some(segment_color(segment)),
                tooltip: Some(format!("R{r} F{f} — {}", label(segment, lang))),
                data: None,
            });
        }
    }
    Heatmap {
        meta: ChartMeta::new(
            "rf-map",
            i18n::SECTION_RFM_MAP.get(lang),
            lang.pick(
                "Clients et chiffre d'affaires par note de récence et de fréquence, colorés par segment.",
                "Customers and revenue by recency and frequency score, coloured by segment.",
            ),
        ),
        x_title: lang.pick("Fréquence (note F)", "Frequency (F score)").into(),
        y_title: lang.pick("Récence (note R)", "Recency (R score)").into(),
        columns: (1..=5).map(|f| f.to_string()).collect(),
        rows: (1..=5).rev().map(|r| r.to_string()).collect(),
        cells,
        legend: Vec::new(),
    }
}

fn segment_totals() -> Vec<(i64, f64)> {
    let mut totals = vec![(0i64, 0.0f64); SEGMENTS.len()];
    for r in 1..=5 {
        for f in 1..=5 {
            let (customers, revenue) = cell_figures(r, f);
            let s = segment_of(r, f);
            totals[s].0 += customers;
            totals[s].1 += revenue;
        }
    }
    totals
}

fn segment_table(lang: Language) -> DataTable {
    let totals = segment_totals();
    let customers: i64 = totals.iter().map(|t| t.0).sum();
    let revenue: f64 = totals.iter().map(|t| t.1).sum();
    let mut table = Table::new(vec![
        Column::known("segment"),
        Column::known("customers"),
        Column::known("share_customers"),
        Column::known("revenue"),
        Column::known("share_revenue"),
        Column::known("action"),
    ]);
    for (index, (n, rev)) in totals.iter().enumerate() {
        table.push(vec![
            Cell::text(label(index, lang)),
            Cell::Integer(*n),
            Cell::percent(*n as f64 / customers as f64, 1),
            Cell::Money(*rev),
            Cell::percent(rev / revenue, 1),
            Cell::text(lang.pick(SEGMENTS[index].4, SEGMENTS[index].5)),
        ]);
    }
    DataTable {
        caption: Some(
            lang.pick("Les 11 segments RFM", "The 11 RFM segments")
                .into(),
        ),
        table,
        max_rows: None,
        total: Some(vec![
            Cell::text(lang.pick("Total", "Total")),
            Cell::Integer(customers),
            Cell::percent(1.0, 1),
            Cell::Money(revenue),
            Cell::percent(1.0, 1),
            Cell::Empty,
        ]),
        swatches: (0..SEGMENTS.len()).map(segment_color).collect(),
    }
}

fn pareto(lang: Language) -> LineChart {
    // A Lorenz-like curve: L(p) = 1 - (1 - p)^k with k chosen so that L(0.18) ≈ 0.8.
    let k = (0.2f64).ln() / (0.82f64).ln();
    let points: Vec<(f64, f64)> = (0..=50)
        .map(|i| i as f64 / 50.0)
        .map(|p| (p, 1.0 - (1.0 - p).powf(k)))
        .collect();
    LineChart {
        meta: ChartMeta::new(
            "pareto",
            lang.pick("Courbe de Pareto", "Pareto curve"),
            lang.pick(
                "18 % des clients font 80 % du chiffre d'affaires.",
                "18% of customers make 80% of revenue.",
            ),
        ),
        language: lang,
        x_axis: Axis::new(
            lang.pick(
                "Part des clients (du plus gros au plus petit)",
                "Share of customers (largest first)",
            ),
            ValueFormat::Percent(0),
        )
        .with_bounds(0.0, 1.0),
        y_axis: Axis::new(
            lang.pick("Part cumulée du CA", "Cumulative share of revenue"),
            ValueFormat::Percent(0),
        )
        .with_bounds(0.0, 1.0),
        series: vec![
            Series::line(lang.pick("Clients", "Customers"), points),
            Series::line(
                lang.pick("Répartition égale", "Equal split"),
                vec![(0.0, 0.0), (1.0, 1.0)],
            )
            .dashed()
            .with_color(palette::REFERENCE),
        ],
        references: vec![
            ReferenceLine::Horizontal {
                y: 0.8,
                label: lang.pick("80 % du CA", "80% of revenue").into(),
            },
            ReferenceLine::Vertical {
                x: 0.18,
                label: lang.pick("18 % des clients", "18% of customers").into(),
            },
        ],
    }
}

fn abc_table(lang: Language) -> DataTable {
    let mut table = Table::new(vec![
        Column::known("class"),
        Column::known("customers"),
        Column::known("share_customers"),
        Column::known("revenue"),
        Column::known("share_revenue"),
    ]);
    for (class, n, share_n, rev, share_rev) in [
        ("A", 1_312, 0.18, 1_046_250.0, 0.80),
        ("B", 1_823, 0.25, 196_171.88, 0.15),
        ("C", 4_155, 0.57, 65_390.62, 0.05),
    ] {
        table.push(vec![
            Cell::text(class),
            Cell::Integer(n),
            Cell::percent(share_n, 0),
            Cell::Money(rev),
            Cell::percent(share_rev, 0),
        ]);
    }
    DataTable {
        caption: Some(lang.pick("Classes ABC", "ABC classes").into()),
        ..DataTable::new(table)
    }
}

fn tiers(lang: Language) -> BarChart {
    let names = [
        ("VIP", "VIP"),
        ("Très bons", "Very good"),
        ("Bons", "Good"),
        ("Occasionnels", "Occasional"),
        ("Faible valeur", "Low value"),
    ];
    BarChart {
        meta: ChartMeta::new(
            "tiers",
            lang.pick("Paliers de valeur", "Value tiers"),
            lang.pick(
                "Nombre de clients par palier de valeur.",
                "Customers per value tier.",
            ),
        ),
        language: lang,
        orientation: Orientation::Horizontal,
        categories: names
            .iter()
            .map(|n| lang.pick(n.0, n.1).to_string())
            .collect(),
        series: vec![BarSeries {
            name: lang.pick("Clients", "Customers").into(),
            values: vec![364.0, 1_094.0, 1_458.0, 2_187.0, 2_187.0],
            color: None,
        }],
        value_axis: Axis::new(lang.pick("Clients", "Customers"), ValueFormat::Integer),
        category_title: String::new(),
        show_values: true,
        category_colors: [1.0, 0.8, 0.6, 0.4, 0.2]
            .iter()
            .map(|t| palette::sequential(*t))
            .collect(),
    }
}

fn holdout(lang: Language) -> LineChart {
    let actual: Vec<(f64, f64)> = (0..=26)
        .map(|w| (w as f64, 41.0 * w as f64 + 9.0 * ((w as f64) * 0.9).sin()))
        .collect();
    let predicted: Vec<(f64, f64)> = (0..=26).map(|w| (w as f64, 39.5 * w as f64)).collect();
    LineChart {
        meta: ChartMeta::new(
            "holdout",
            lang.pick("Suivi de la prévision", "Forecast tracking"),
            lang.pick(
                "Achats répétés cumulés, prévus et réels, sur 26 semaines.",
                "Cumulative repeat purchases, predicted and actual, over 26 weeks.",
            ),
        ),
        language: lang,
        x_axis: Axis::new(
            lang.pick("Semaines après la calibration", "Weeks after calibration"),
            ValueFormat::Integer,
        ),
        y_axis: Axis::new(
            lang.pick("Achats répétés cumulés", "Cumulative repeat purchases"),
            ValueFormat::Integer,
        ),
        series: vec![
            Series::line(lang.pick("Réel", "Actual"), actual),
            Series::line(lang.pick("Prévu", "Predicted"), predicted).dashed(),
        ],
        references: vec![],
    }
}

fn groups(lang: Language) -> BarChart {
    BarChart {
        meta: ChartMeta::new(
            "groups",
            lang.pick("Groupes prédictifs", "Predictive groups"),
            lang.pick(
                "Chiffre d'affaires prévu et réel par groupe.",
                "Predicted and actual revenue per group.",
            ),
        ),
        language: lang,
        orientation: Orientation::Vertical,
        categories: ["A", "B", "C", "D"].iter().map(|g| g.to_string()).collect(),
        series: vec![
            BarSeries {
                name: lang.pick("Prévu", "Predicted").into(),
                values: vec![182_000.0, 96_500.0, 41_200.0, 12_800.0],
                color: None,
            },
            BarSeries {
                name: lang.pick("Réel", "Actual").into(),
                values: vec![176_430.0, 101_020.0, 38_900.0, 14_100.0],
                color: None,
            },
        ],
        value_axis: Axis::new(
            lang.pick("Chiffre d'affaires", "Revenue"),
            ValueFormat::Money,
        ),
        category_title: lang.pick("Groupe", "Group").into(),
        show_values: true,
        category_colors: vec![],
    }
}

fn migrations(lang: Language) -> FlowDiagram {
    let used = [0usize, 1, 2, 3, 7, 9, 10];
    let nodes: Vec<FlowNode> = used
        .iter()
        .map(|&s| FlowNode {
            label: label(s, lang).into(),
            color: Some(segment_color(s)),
        })
        .collect();
    let mut flows = Vec::new();
    for (i, _) in used.iter().enumerate() {
        for (j, _) in used.iter().enumerate() {
            let value = if i == j {
                300.0 - 25.0 * i as f64
            } else if (i as i64 - j as i64).abs() == 1 {
                60.0 + 7.0 * j as f64
            } else if (i + j) % 3 == 0 {
                18.0
            } else {
                0.0
            };
            flows.push(Flow {
                from: i,
                to: j,
                value,
            });
        }
    }
    FlowDiagram {
        meta: ChartMeta::new(
            "migrations",
            lang.pick("Migrations entre segments", "Segment migrations"),
            lang.pick(
                "Segments au 30/06/2024 (gauche) et au 30/06/2025 (droite).",
                "Segments on 2024-06-30 (left) and 2025-06-30 (right).",
            ),
        ),
        language: lang,
        left_title: format::date(NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(), lang),
        right_title: format::date(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(), lang),
        sources: nodes.clone(),
        targets: nodes,
        flows,
        value_format: ValueFormat::Integer,
    }
}

fn migration_matrix(lang: Language) -> Heatmap {
    // All 11 segments, plus the "new" row and the "lost" column of issue 6.
    let n = SEGMENTS.len();
    let mut cells = Vec::new();
    for i in 0..=n {
        for j in 0..=n {
            let share = if i == n {
                if j < n {
                    1.0 / n as f64
                } else {
                    f64::NAN
                }
            } else if i == j {
                0.52
            } else if j == n {
                0.08
            } else {
                0.40 / (n - 1) as f64
            };
            cells.push(if share.is_nan() {
                HeatCell::default()
            } else {
                HeatCell {
                    title: None,
                    lines: vec![format::percent(share, 0, lang)],
                    fill: Some(palette::sequential(share)),
                    tooltip: None,
                    data: None,
                }
            });
        }
    }
    let mut rows: Vec<String> = (0..n).map(|s| label(s, lang).to_string()).collect();
    let mut columns = rows.clone();
    rows.push(lang.pick("Nouveaux clients", "New customers").into());
    columns.push(lang.pick("Partis", "Gone").into());
    Heatmap {
        meta: ChartMeta::new(
            "migration-matrix",
            lang.pick("Matrice de migration", "Migration matrix"),
            lang.pick(
                "Part de chaque segment de départ arrivée dans chaque segment.",
                "Share of each starting segment ending in each segment.",
            ),
        ),
        x_title: lang
            .pick("Segment à la seconde date", "Segment at the second date")
            .into(),
        y_title: lang
            .pick("Segment à la première date", "Segment at the first date")
            .into(),
        columns,
        rows,
        cells,
        legend: vec![
            LegendItem {
                label: lang.pick("peu", "few").into(),
                color: palette::sequential(0.1),
            },
            LegendItem {
                label: lang.pick("beaucoup", "many").into(),
                color: palette::sequential(0.9),
            },
        ],
    }
}

fn survival(lang: Language) -> LineChart {
    let channel = |name: &str, hazard: f64| {
        let points: Vec<(f64, f64)> = (0..=24)
            .map(|m| (m as f64 * 30.4, (-hazard * m as f64).exp()))
            .collect();
        let band: Vec<BandPoint> = points
            .iter()
            .enumerate()
            .map(|(m, (x, s))| {
                let width = 0.012 * (m as f64).sqrt();
                BandPoint {
                    x: *x,
                    low: (s - width).max(0.0),
                    high: (s + width).min(1.0),
                }
            })
            .collect();
        Series::step(name, points).with_band(band)
    };
    LineChart {
        meta: ChartMeta::new(
            "survival",
            lang.pick("Survie par canal", "Survival by channel"),
            lang.pick(
                "Part des clients encore actifs selon l'ancienneté, par canal de premier achat.",
                "Share of customers still active by time since first purchase, by first channel.",
            ),
        ),
        language: lang,
        x_axis: Axis::new(
            lang.pick("Jours depuis le premier achat", "Days since first purchase"),
            ValueFormat::Integer,
        ),
        y_axis: Axis::new(
            lang.pick("Clients encore actifs", "Customers still active"),
            ValueFormat::Percent(0),
        )
        .with_bounds(0.0, 1.0),
        series: vec![
            channel(lang.pick("Boutique", "Shop"), 0.045),
            channel("Web", 0.07),
            channel(lang.pick("Catalogue", "Catalogue"), 0.11),
        ],
        references: vec![ReferenceLine::Vertical {
            x: 365.0,
            label: lang.pick("12 mois", "12 months").into(),
        }],
    }
}

fn cohorts(lang: Language) -> Heatmap {
    let months = 12;
    let mut cells = Vec::new();
    let mut rows = Vec::new();
    for c in 0..months {
        rows.push(format!("{}-{:02}", 2024, c + 1));
        for m in 0..months {
            if m < months - c {
                let share = if m == 0 {
                    1.0
                } else {
                    0.42 * (-0.09 * m as f64).exp() + 0.01 * (c % 3) as f64
                };
                cells.push(HeatCell {
                    title: None,
                    lines: vec![format::percent(share, 0, lang)],
                    fill: Some(palette::sequential(share)),
                    tooltip: None,
                    data: None,
                });
            } else {
                cells.push(HeatCell::default());
            }
        }
    }
    Heatmap {
        meta: ChartMeta::new(
            "cohorts",
            lang.pick("Rétention par cohorte", "Cohort retention"),
            lang.pick(
                "Part de chaque cohorte mensuelle qui achète encore n mois plus tard.",
                "Share of each monthly cohort still buying n months later.",
            ),
        ),
        x_title: lang
            .pick(
                "Mois depuis le premier achat",
                "Months since first purchase",
            )
            .into(),
        y_title: lang
            .pick(
                "Cohorte (mois du premier achat)",
                "Cohort (month of first purchase)",
            )
            .into(),
        columns: (0..months).map(|m| m.to_string()).collect(),
        rows,
        cells,
        legend: Vec::new(),
    }
}

fn top_customers(lang: Language) -> DataTable {
    let mut table = Table::new(vec![
        Column::known("customer_id"),
        Column::known("name"),
        Column::known("last_purchase"),
        Column::known("frequency"),
        Column::known("monetary"),
        Column::known("rfm_segment_label"),
    ]);
    let names = [
        "Martin Dupont",
        "<script>alert(1)</script>",
        "Société Générale des Vins & Cie",
        "Zoë L'Haÿ-les-Roses",
        "=HYPERLINK(\"x\")",
    ];
    for (i, name) in names.iter().enumerate() {
        table.push(vec![
            Cell::text(format!("C{:05}", 100 + i * 37)),
            Cell::text(*name),
            Cell::Date(NaiveDate::from_ymd_opt(2025, 6, 28 - i as u32 * 3).unwrap()),
            Cell::Integer(42 - 5 * i as i64),
            Cell::Money(12_450.8 - 1_730.25 * i as f64),
            Cell::text(label(i % 3, lang)),
        ]);
    }
    for i in 0..40 {
        table.push(vec![
            Cell::text(format!("C{:05}", 900 + i)),
            Cell::Empty,
            Cell::Empty,
            Cell::Integer(3),
            Cell::Money(150.0),
            Cell::text(label(9, lang)),
        ]);
    }
    DataTable {
        caption: Some(lang.pick("Meilleurs clients", "Top customers").into()),
        max_rows: Some(10),
        swatches: vec![],
        total: None,
        table,
    }
}

fn sample_report(lang: Language) -> Document {
    let totals = segment_totals();
    let customers: i64 = totals.iter().map(|t| t.0).sum();
    let revenue: f64 = totals.iter().map(|t| t.1).sum();
    let mut rows_table = Table::new(vec![
        Column::new("reason", "Motif", "Reason"),
        Column::new("rows", "Lignes", "Rows"),
        Column::new("example", "Exemple", "Example"),
    ]);
    rows_table.push(vec![
        Cell::text(lang.pick("Date illisible", "Unreadable date")),
        Cell::Integer(112),
        Cell::text("ligne 4 512 : « 31/02/2024 »"),
    ]);
    rows_table.push(vec![
        Cell::text(lang.pick("Identifiant client vide", "Empty customer id")),
        Cell::Integer(37),
        Cell::text("ligne 18 007"),
    ]);
    rows_table.push(vec![
        Cell::text(lang.pick("Montant non numérique", "Non-numeric amount")),
        Cell::Integer(4),
        Cell::text("ligne 90 211 : « N/A »"),
    ]);

    Document {
        language: lang,
        title: i18n::REPORT_TITLE.get(lang).into(),
        file_name: "commandes 2023-2025 <export>.csv".into(),
        generated_at: "30/06/2025 14:05".into(),
        settings: vec![
            (i18n::AS_OF.get(lang).into(), format::date_long(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(), lang)),
            (lang.pick("Notes RFM", "RFM bins").into(), "5".into()),
            (lang.pick("Montant RFM", "RFM monetary").into(), lang.pick("chiffre d'affaires net", "net revenue").into()),
            (lang.pick("Base ABC", "ABC basis").into(), lang.pick("chiffre d'affaires", "revenue").into()),
            (lang.pick("Seuils ABC", "ABC cut-offs").into(), format!("{} / {}", format::percent(0.8, 0, lang), format::percent(0.95, 0, lang))),
            (lang.pick("Fenêtre des points", "Points window").into(), lang.pick("3 ans", "3 years").into()),
        ],
        sections: vec![
            Section::new("rows", i18n::SECTION_ROWS.get(lang))
                .with_intro(i18n::EXPLAIN_ROWS.get(lang))
                .with(Block::Kpis(vec![
                    Kpi::new(lang.pick("Lignes lues", "Rows read"), Cell::Integer(1_000_153)),
                    Kpi::new(lang.pick("Lignes utilisées", "Rows used"), Cell::Integer(1_000_000)).with_detail(format::percent(0.999847, 2, lang)),
                    Kpi::new(lang.pick("Lignes écartées", "Rows skipped"), Cell::Integer(153)),
                ]))
                .with(Block::Table(DataTable { caption: Some(lang.pick("Lignes écartées par motif", "Skipped rows by reason").into()), ..DataTable::new(rows_table) })),
            Section::new("kpis", i18n::SECTION_KPIS.get(lang)).with(Block::Kpis(vec![
                Kpi::new(lang.pick("Clients", "Customers"), Cell::Integer(customers)).with_detail(lang.pick("dont 214 prospects sans achat", "plus 214 prospects with no purchase")),
                Kpi::new(lang.pick("Chiffre d'affaires", "Revenue"), Cell::text(format::money_with_decimals(revenue, 0, lang))),
                Kpi::new(lang.pick("Panier moyen", "Average order"), Cell::Money(63.4)),
                Kpi::new(lang.pick("Clients actifs (12 mois)", "Active customers (12 months)"), Cell::percent(0.412, 1)),
            ])),
            Section::new("rfm-map", i18n::SECTION_RFM_MAP.get(lang))
                .with_intro(i18n::EXPLAIN_RFM_MAP.get(lang))
                .with(Block::Figure(Figure { svg: rf_map(lang).to_svg(), caption: lang.pick("Lecture : la case en haut à droite (R 5, F 5) regroupe les Champions.", "How to read: the top-right cell (R 5, F 5) holds the Champions.").into() })),
            Section::new("segments", i18n::SECTION_SEGMENTS.get(lang))
                .with_intro(i18n::EXPLAIN_RFM.get(lang))
                .with(Block::Table(segment_table(lang)))
                .with(Block::Subheading(lang.pick("Définitions", "Definitions").into()))
                .with(Block::Definitions(vec![
                    (label(0, lang).into(), lang.pick("Ont acheté très récemment et souvent.", "Bought very recently and often.").into()),
                    (label(7, lang).into(), lang.pick("Achetaient souvent, mais plus depuis longtemps.", "Used to buy often, but not for a long time.").into()),
                    (label(10, lang).into(), lang.pick("Un seul achat, il y a longtemps.", "One purchase, long ago.").into()),
                ]))
                .with(Block::Table(top_customers(lang))),
            Section::new("abc", i18n::SECTION_ABC.get(lang))
                .with_intro(i18n::EXPLAIN_ABC.get(lang))
                .with(Block::Callout(Callout { tone: Tone::Success, title: None, text: lang.pick("18 % des clients font 80 % du CA (indice de Gini : 0,71).", "18% of customers make 80% of revenue (Gini index: 0.71).").into() }))
                .with(Block::Figure(Figure { svg: pareto(lang).to_svg(), caption: lang.pick("Plus la courbe s'éloigne de la diagonale, plus le CA est concentré.", "The further the curve bows from the diagonal, the more concentrated revenue is.").into() }))
                .with(Block::Table(abc_table(lang))),
            Section::new("points", i18n::SECTION_POINTS.get(lang))
                .with_intro(i18n::EXPLAIN_POINTS.get(lang))
                .with(Block::Callout(Callout { tone: Tone::Warning, title: Some(lang.pick("Pas de colonne de marge", "No margin column").into()), text: lang.pick("Le fichier n'a pas de marge : les points de marge sont laissés de côté et le score ne compte que le chiffre d'affaires et la fréquence.", "The file has no margin: margin points are left out and the score counts revenue and frequency only.").into() }))
                .with(Block::Figure(Figure { svg: tiers(lang).to_svg(), caption: lang.pick("Répartition des clients par palier.", "Customers by tier.").into() })),
            Section::new("holdout", i18n::SECTION_HOLDOUT.get(lang))
                .with_intro(i18n::EXPLAIN_HOLDOUT.get(lang))
                .with(Block::Figure(Figure { svg: holdout(lang).to_svg(), caption: lang.pick("Écart total : +1,8 % (prévu 1 027, réel 1 009).", "Total gap: +1.8% (predicted 1,027, actual 1,009).").into() }))
                .with(Block::Figure(Figure { svg: groups(lang).to_svg(), caption: lang.pick("Chaque groupe compte environ 2 500 clients.", "Each group holds about 2,500 customers.").into() })),
            Section::new("migrations", i18n::SECTION_MIGRATIONS.get(lang))
                .with_intro(i18n::EXPLAIN_MIGRATIONS.get(lang))
                .with(Block::Callout(Callout { tone: Tone::Info, title: None, text: lang.pick("312 occasionnels sont devenus réguliers ; 18 % des Champions ont glissé vers À risque.", "312 occasional customers became regulars; 18% of Champions slipped to At risk.").into() }))
                .with(Block::Figure(Figure { svg: migrations(lang).to_svg(), caption: lang.pick("L'épaisseur de chaque flux est proportionnelle au nombre de clients.", "Each band's thickness is proportional to its number of customers.").into() }))
                .with(Block::Figure(Figure { svg: migration_matrix(lang).to_svg(), caption: lang.pick("Pourcentages en ligne : chaque ligne fait 100 %.", "Row percentages: each row adds up to 100%.").into() })),
            Section::new("survival", i18n::SECTION_SURVIVAL.get(lang))
                .with_intro(i18n::EXPLAIN_SURVIVAL.get(lang))
                .with(Block::Figure(Figure { svg: survival(lang).to_svg(), caption: lang.pick("Zones ombrées : intervalle de confiance à 95 % (Greenwood).", "Shaded areas: 95% confidence band (Greenwood).").into() })),
            Section::new("cohorts", i18n::SECTION_COHORTS.get(lang))
                .with_intro(i18n::EXPLAIN_COHORTS.get(lang))
                .with(Block::Figure(Figure { svg: cohorts(lang).to_svg(), caption: lang.pick("Cases vides : mois pas encore écoulés.", "Empty cells: months not yet elapsed.").into() })),
            Section::new("next", i18n::SECTION_NEXT_STEPS.get(lang)).with(Block::NextSteps(
                [0usize, 1, 7, 8, 10]
                    .iter()
                    .map(|&s| NextStep {
                        title: label(s, lang).into(),
                        detail: Some(format!("{} {} · {} {}", format::integer(totals[s].0, lang), lang.pick("clients", "customers"), format::percent(totals[s].1 / revenue, 0, lang), lang.pick("du CA", "of revenue"))),
                        action: lang.pick(SEGMENTS[s].4, SEGMENTS[s].5).into(),
                        color: Some(segment_color(s)),
                    })
                    .collect(),
            )),
        ],
    }
}

fn target_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target")
}

#[test]
fn sample_report_is_self_contained_escaped_and_written() {
    for (lang, file) in [
        (Language::Fr, "report-sample.html"),
        (Language::En, "report-sample-en.html"),
    ] {
        let html = sample_report(lang).to_html();
        assert!(html.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{}\">", lang.code())));
        assert!(!html.contains("<script"), "a script tag slipped through");
        assert!(
            !html.to_lowercase().contains("http"),
            "an external reference slipped through"
        );
        assert!(!html.contains("url("), "no CSS resource either");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("commandes 2023-2025 &lt;export&gt;.csv"));
        // The truncated top-customer table says how many rows the export holds.
        let note = lang.pick("10 premières lignes sur 45", "First 10 rows of 45");
        assert!(html.contains(note), "{note}");
        // Deterministic: the same model gives the same bytes.
        assert_eq!(html, sample_report(lang).to_html());
        std::fs::create_dir_all(target_dir()).unwrap();
        std::fs::write(target_dir().join(file), &html).unwrap();
    }
}

/// Balanced tags: every opened non-void element is closed in order.
#[test]
fn sample_report_tags_are_balanced() {
    let html = sample_report(Language::Fr).to_html();
    let body = &html[html.find("<html").unwrap()..];
    let void = [
        "meta", "br", "img", "input", "link", "hr", "col", "source", "wbr",
    ];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').unwrap() + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let self_closing = tag.ends_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if tag.starts_with('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.as_str()),
                "unbalanced </{name}>"
            );
        } else if !self_closing && !void.contains(&name.as_str()) {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}
