//! The presentation layer on a hand-made order file: report, CSV and XLSX
//! exports, customer lists and charts.
//!
//! `tests/data/present/commandes.csv` (written by
//! `tests/reference/make_present_fixture.py`) holds 13 customers and 38 data
//! rows, three of which cannot be used. The settings fix the RFM cut points
//! and the tier cut points so every expected value below is worked out by
//! hand from the order list; the arithmetic is in the comments.
//!
//! As-of date 2024-12-31. RFM cut points: recency [30, 90, 180, 365] days
//! (R = 1 + number of cut points strictly above the recency), frequency
//! [1, 2, 3, 5] purchase days and monetary [50, 100, 200, 500] € (F, M = 1 +
//! number of cut points strictly below the value).
//!
//! | id  | recency | F days | revenue | R F M | segment (default map) | ABC | points | tier |
//! |-----|---------|--------|---------|-------|-----------------------|-----|--------|------|
//! | C01 | 5       | 6      | 1200    | 5 5 5 | champions             | A   | 32     | vip |
//! | C02 | 20      | 4      | 300     | 5 4 4 | champions (M 4-5)     | A   | 25.5   | very_good |
//! | C03 | 45      | 4      | 150.56  | 4 4 3 | loyal (M 1-3)         | B   | 20.5   | very_good |
//! | C04 | 10      | 2      | 80      | 5 2 2 | potential_loyalist    | C   | 11.5   | good |
//! | C05 | 3       | 1      | 40      | 5 1 1 | new                   | C   | 4.5    | low_value |
//! | C06 | 60      | 1      | 120     | 4 1 3 | promising             | B   | 12     | good |
//! | C07 | 120     | 3      | 250     | 3 3 4 | need_attention        | A   | 23.5   | very_good |
//! | C08 | 150     | 1      | 30      | 3 1 1 | about_to_sleep        | C   | 4.5    | low_value |
//! | C09 | 200     | 6      | 900     | 2 5 5 | cant_lose_them        | A   | 42     | vip |
//! | C10 | 300     | 3      | 180     | 2 3 3 | at_risk               | B   | 23.5   | very_good |
//! | C11 | 250     | 1      | 20      | 2 1 1 | hibernating           | C   | 4.5    | low_value |
//! | C12 | 500     | 2      | 60      | 1 2 2 | lost                  | C   | 9      | occasional |
//! | C13 | 400     | 1      | 15      | 1 1 1 | lost                  | C   | 4.5    | low_value |
//!
//! Revenue total: 1200 + 300 + 150.56 + 80 + 40 + 120 + 250 + 30 + 900 + 180
//! + 20 + 60 + 15 = 3345.56.
//!
//! ABC (revenue, cut-offs 80 % / 95 %), ranked: C01 1200 (cumulative
//! 1200/3345.56 = 0.359), C09 900 (0.628), C02 300 (0.717), C07 250 (2650 →
//! 0.792 ≤ 0.80: A), C10 180 (2830 → 0.846: B), C03 150.56 (0.891: B), C06
//! 120 (3100.56 → 0.927: B), C04 80 (3180.56 → 0.9507 > 0.95: C), then C12,
//! C05, C08, C11, C13 (C). Class A: 4 of 13 customers (30.8 % → "31 %") for
//! 2650 / 3345.56 = 79.2 % ("79 %") of revenue.
//!
//! Points (3-year window, no margin column so margin points are left out;
//! revenue scale > 100 → 10, 50-100 → 7.5, 10-50 → 2.5, < 10 → 0.5; 2 points
//! per purchase day): e.g. C02 = 2024: 225 € → 10, 2023: 75 € → 7.5, bonus
//! 4 × 2 = 8 → 25.5; C12 = 2023: 30 € → 2.5, 2022: 30 € → 2.5, bonus 4 → 9.
//! Tier cut points [5, 10, 20, 30] (strictly above to move up): vip > 30,
//! very_good (20, 30], good (10, 20], occasional (5, 10], low_value ≤ 5.

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use segmento::export::{unpack_sheets, CsvDialect, Rows};
use segmento::ingest::ingest_bytes;
use segmento::pipeline::{analyze, Config, Results};
use segmento::present::{
    workbook_from_input, CustomerFilter, CustomerQuery, FilterKind, CHART_ID_PREFIX,
};
use segmento::Language;

const ORDERS: &[u8] = include_bytes!("data/present/commandes.csv");

/// The settings the hand-worked table assumes (fixed RFM cut points and tiers;
/// the file name has markup, for the escaping checks).
const CONFIG: &str = include_str!("data/present/config.json");

fn results() -> Results {
    let config: Config = serde_json::from_str(CONFIG).unwrap();
    let ingested = ingest_bytes(ORDERS, config.input.clone()).unwrap();
    analyze(ingested, &config, &mut |_| {}).unwrap()
}

/// French number spacing: narrow no-break space in thousands and before
/// `%`, no-break space before `€`.
const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';

/// The customer ids of the data rows of a standard CSV.
fn csv_ids(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    text.lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap().to_string())
        .collect()
}

#[test]
fn the_fixture_reads_as_worked_out_by_hand() {
    let results = results();
    let analysis = &results.analysis;
    // 35 orders of the 13 customers + 3 unusable rows.
    assert_eq!(analysis.rows.read, 38);
    assert_eq!(analysis.rows.used, 35);
    assert_eq!(analysis.rows.skipped_total(), 3);
    assert_eq!(analysis.customers, 13);
    assert!((analysis.revenue_total - 3345.56).abs() < 1e-9);
    let page = results.customer_page(&CustomerQuery {
        limit: 100,
        ..CustomerQuery::default()
    });
    let column = |key: &str| page.columns.iter().position(|c| c.key == key).unwrap();
    let (code, segment, class, tier) = (
        column("rfm_code"),
        column("rfm_segment"),
        column("abc_class"),
        column("value_tier"),
    );
    let got: Vec<(String, String, String, String)> = page
        .rows
        .iter()
        .map(|row| {
            let text = |i: usize| row[i].as_str().unwrap().to_string();
            (text(code), text(segment), text(class), text(tier))
        })
        .collect();
    let expected = [
        ("555", "champions", "A", "vip"),
        ("544", "champions", "A", "very_good"),
        ("443", "loyal", "B", "very_good"),
        ("522", "potential_loyalist", "C", "good"),
        ("511", "new", "C", "low_value"),
        ("413", "promising", "B", "good"),
        ("334", "need_attention", "A", "very_good"),
        ("311", "about_to_sleep", "C", "low_value"),
        ("255", "cant_lose_them", "A", "vip"),
        ("233", "at_risk", "B", "very_good"),
        ("211", "hibernating", "C", "low_value"),
        ("122", "lost", "C", "occasional"),
        ("111", "lost", "C", "low_value"),
    ];
    let expected: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(got, expected);
    let points = column("value_points");
    let values: Vec<f64> = page
        .rows
        .iter()
        .map(|r| r[points].as_f64().unwrap())
        .collect();
    assert_eq!(
        values,
        [32.0, 25.5, 20.5, 11.5, 4.5, 12.0, 23.5, 4.5, 42.0, 23.5, 4.5, 9.0, 4.5]
    );
}

#[test]
fn french_report_has_the_figures_escaped_and_self_contained() {
    let results = results();
    let html = results.report_html(Language::Fr, "31/12/2024 18:00");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(!html.contains("<script"), "a script tag slipped through");
    assert!(!html.to_ascii_lowercase().contains("http"));
    // The customer called <script> is in the top-customer table, as text.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // The file name is escaped too.
    assert!(html.contains("commandes &lt;test&gt;.csv"));
    // KPIs: 13 customers, revenue 3 345,56 €, 35 rows used, 3 skipped,
    // revenue per customer 3345.56 / 13 = 257.350… → 257,35 €.
    assert!(html.contains("<span class=\"kpi-value\">13</span>"));
    assert!(html.contains(&format!(
        "<span class=\"kpi-value\">3{NNBSP}345,56{NBSP}€</span>"
    )));
    assert!(html.contains(&format!("257,35{NBSP}€ par client")));
    assert!(html.contains("<span class=\"kpi-value\">35</span>"));
    assert!(html.contains("<span class=\"kpi-value\">3</span>"));
    assert!(html.contains("<span class=\"kpi-value\">31/12/2024</span>"));
    // Skipped rows by reason with their line numbers (header = line 1).
    for (reason, line) in [
        ("Identifiant client vide", 7),
        ("Date illisible", 14),
        ("Montant illisible", 22),
    ] {
        assert!(
            html.contains(&format!("<td>{reason}</td><td class=\"num\">{line}</td>")),
            "{reason} at line {line}"
        );
    }
    assert!(html.contains("31/02/2024"));
    // Segment names, the ABC sentence, the margin note.
    for segment in [
        "Champions",
        "Fidèles",
        "À ne pas perdre",
        "Perdus",
        "En hibernation",
    ] {
        assert!(html.contains(segment), "{segment}");
    }
    assert!(html.contains(&format!("31{NNBSP}% des clients font 79{NNBSP}% du CA")));
    assert!(html.contains("Pas de colonne de marge"));
    // The four charts, once each.
    for id in ["rfm-grid", "pareto", "tiers", "segments"] {
        let marker = format!("id=\"{CHART_ID_PREFIX}{id}-title\"");
        assert_eq!(html.matches(&marker).count(), 1, "{id}");
    }
    // Every non-empty segment has an action card, best first; here all 11
    // segments hold customers (see the table at the top).
    let cards = html.split("<ul class=\"next-steps\"").nth(1).unwrap();
    let cards = cards.split("</ul>").next().unwrap();
    let titles: Vec<&str> = cards
        .split("<span class=\"step-title\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Champions",
            "Fidèles",
            "Fidèles potentiels",
            "Nouveaux",
            "Prometteurs",
            "À surveiller",
            "En train de s&#39;endormir",
            "À risque",
            "À ne pas perdre",
            "En hibernation",
            "Perdus"
        ]
    );
}

#[test]
fn english_report_formats_in_english() {
    let html = results().report_html(Language::En, "2024-12-31 18:00");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<span class=\"kpi-value\">€3,345.56</span>"));
    assert!(html.contains("31% of customers make 79% of revenue"));
    assert!(html.contains("Can&#39;t lose them"));
    assert!(!html.contains("<script"));
}

#[test]
fn report_is_deterministic_apart_from_the_timestamp() {
    let a = results().report_html(Language::Fr, "TIME-A");
    let b = results().report_html(Language::Fr, "TIME-A");
    assert_eq!(a, b);
    let c = results().report_html(Language::Fr, "TIME-B");
    assert_ne!(a, c);
    assert_eq!(a.replace("TIME-A", "T"), c.replace("TIME-B", "T"));
}

#[test]
fn filtered_csv_lists_exactly_the_group() {
    let results = results();
    let csv = |kind: FilterKind, key: &str| {
        let filter = CustomerFilter::new(kind, key);
        csv_ids(
            &results
                .customers_csv(CsvDialect::Standard, Some(&filter))
                .unwrap(),
        )
    };
    assert_eq!(csv(FilterKind::RfmSegment, "lost"), ["C12", "C13"]);
    assert_eq!(csv(FilterKind::RfmSegment, "champions"), ["C01", "C02"]);
    assert_eq!(csv(FilterKind::RfmSegment, "loyal"), ["C03"]);
    assert_eq!(csv(FilterKind::AbcClass, "A"), ["C01", "C02", "C07", "C09"]);
    assert_eq!(
        csv(FilterKind::ValueTier, "very_good"),
        ["C02", "C03", "C07", "C10"]
    );
    assert_eq!(csv(FilterKind::ValueTier, "occasional"), ["C12"]);
    let all = results.customers_csv(CsvDialect::Standard, None).unwrap();
    assert_eq!(csv_ids(&all).len(), 13);
    // An unknown key is an error naming it, not an empty file.
    let typo = CustomerFilter::new(FilterKind::RfmSegment, "champion");
    let err = results
        .customers_csv(CsvDialect::Standard, Some(&typo))
        .unwrap_err();
    assert!(err.to_string().contains("\"champion\""));
}

#[test]
fn csv_in_parts_joins_into_the_whole_list() {
    let results = results();
    let very_good = CustomerFilter::new(FilterKind::ValueTier, "very_good");
    // The counts of the table above: 13 customers, 4 of them very good.
    assert_eq!(results.customers_in(None).unwrap(), 13);
    assert_eq!(results.customers_in(Some(&very_good)).unwrap(), 4);
    let typo = CustomerFilter::new(FilterKind::RfmSegment, "champion");
    assert!(results
        .customers_in(Some(&typo))
        .unwrap_err()
        .to_string()
        .contains("\"champion\""));
    for (filter, ids) in [
        (
            None,
            vec![
                "C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "C11", "C12",
                "C13",
            ],
        ),
        (Some(&very_good), vec!["C02", "C03", "C07", "C10"]),
    ] {
        for dialect in [CsvDialect::Standard, CsvDialect::ExcelFr] {
            let whole = results
                .customers_csv_in(Language::Fr, dialect, filter)
                .unwrap();
            for rows_per_part in [1, 3, 5, 13, 50] {
                let mut joined = Vec::new();
                let mut start = 0;
                loop {
                    let part = results
                        .customers_csv_part(
                            Language::Fr,
                            dialect,
                            filter,
                            start..start + rows_per_part,
                        )
                        .unwrap();
                    // Only the first part carries the header (and the BOM).
                    let lines = part
                        .split(|&b| b == b'\n')
                        .filter(|l| !l.is_empty())
                        .count();
                    let header = usize::from(start == 0);
                    assert_eq!(
                        lines,
                        header + rows_per_part.min(ids.len().saturating_sub(start))
                    );
                    joined.extend(part);
                    start += rows_per_part;
                    if start >= ids.len() {
                        break;
                    }
                }
                assert_eq!(joined, whole, "{dialect:?}, {rows_per_part} rows a part");
                if dialect == CsvDialect::Standard {
                    assert_eq!(csv_ids(&joined), ids);
                }
            }
            // Past the end: nothing, not even the header.
            let after = results
                .customers_csv_part(Language::Fr, dialect, filter, 20..30)
                .unwrap();
            assert!(after.is_empty());
        }
    }
}

#[test]
fn excel_csv_has_french_headers_labels_and_decimals() {
    let results = results();
    let filter = CustomerFilter::new(FilterKind::RfmSegment, "loyal");
    let bytes = results
        .customers_csv(CsvDialect::ExcelFr, Some(&filter))
        .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("\u{feff}Identifiant client;Premier achat;Dernier achat;"));
    assert!(header.contains(";Nom;E-mail;Ville"));
    let row = lines.next().unwrap();
    // C03: first purchase 10/10/2023, last 16/11/2024, recency 45, 4 days,
    // 4 orders, 150,56, code 443, Fidèles, class B; the name stays as found.
    assert!(row.starts_with("C03;10/10/2023;16/11/2024;45;4;4;150,56;;;4;4;3;443;loyal;Fidèles;B;"));
    assert!(row.contains(";<script>alert(1)</script>;script@exemple.fr;Lyon"));
    assert!(lines.next().is_none());
    // The English labels on demand.
    let english = results
        .customers_csv_in(Language::En, CsvDialect::Standard, Some(&filter))
        .unwrap();
    assert!(String::from_utf8(english)
        .unwrap()
        .contains(",loyal,Loyal,B,"));
}

#[test]
fn segment_table_csv() {
    let bytes = results()
        .segments_csv(Language::Fr, CsvDialect::Standard)
        .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0]
        .starts_with("rfm_segment,segment,customers,share_customers,revenue,share_revenue,"));
    assert_eq!(lines.len(), 12);
    // Champions: C01 + C02 = 2 of 13 customers (0.154), 1500 € of 3345.56
    // (0.448); mean recency (5 + 20) / 2 = 12.5, written with 0 decimals
    // (Rust's rounding of the exact binary value, ties to even: 12); mean
    // frequency (6 + 4) / 2 = 5.0; mean monetary 1500 / 2 = 750.00.
    assert!(lines[1].starts_with("champions,Champions,2,0.154,1500.00,0.448,12,5.0,750.00,"));
}

/// The page writes the `.xlsx` in its spreadsheet module from the customers
/// sheet the main module packs and the analyses (`report_input`): the bytes
/// must be those of the native workbook, in both languages (so the
/// browser's download equals the library's).
#[test]
fn the_page_workbook_is_the_native_workbook_byte_for_byte() {
    let results = results();
    let created = NaiveDate::from_ymd_opt(2025, 2, 3)
        .unwrap()
        .and_hms_opt(4, 5, 6)
        .unwrap();
    for language in [Language::Fr, Language::En] {
        let packed = results.workbook_customers_packed(language);
        let unpacked = unpack_sheets(&packed).unwrap();
        // The 13 customers of the table above, alone.
        assert_eq!(unpacked.len(), 1);
        assert_eq!(unpacked[0].row_count(), 13);
        let input = results.report_input(language);
        assert!(
            workbook_from_input(&packed, input.as_bytes(), created).unwrap()
                == results.customers_xlsx(language, created).unwrap(),
            "{language:?}"
        );
    }
}

#[test]
fn workbook_has_a_sheet_per_analysis() {
    let results = results();
    let created = NaiveDate::from_ymd_opt(2024, 12, 31)
        .unwrap()
        .and_hms_opt(18, 0, 0)
        .unwrap();
    let bytes = results.customers_xlsx(Language::Fr, created).unwrap();
    assert_eq!(
        bytes,
        results.customers_xlsx(Language::Fr, created).unwrap()
    );
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Clients",
            "Chiffres clés",
            "Segments RFM",
            "Carte RxF",
            "Seuils RFM",
            "Classes ABC",
            "Paliers de valeur",
            "Barèmes de points",
            "Groupes prédictifs",
            "Valeur x potentiel",
            "Campagne",
            "Survie",
            "Lignes du fichier",
            "Lignes écartées",
            "Paramètres",
            "Colonnes utilisées"
        ]
    );
    let customers = book.worksheet_range("Clients").unwrap();
    assert_eq!(customers.height(), 14);
    assert_eq!(
        customers.get_value((0, 0)),
        Some(&Data::String("Identifiant client".into()))
    );
    assert_eq!(
        customers.get_value((3, 0)),
        Some(&Data::String("C03".into()))
    );
    assert_eq!(customers.get_value((3, 6)), Some(&Data::Float(150.56)));
    assert_eq!(
        customers.get_value((3, 14)),
        Some(&Data::String("Fidèles".into()))
    );

    let segments = book.worksheet_range("Segments RFM").unwrap();
    assert_eq!(segments.height(), 12);
    assert_eq!(
        segments.get_value((1, 1)),
        Some(&Data::String("Champions".into()))
    );
    assert_eq!(segments.get_value((1, 2)), Some(&Data::Float(2.0)));
    assert_eq!(
        segments.get_value((11, 0)),
        Some(&Data::String("lost".into()))
    );
    assert_eq!(segments.get_value((11, 2)), Some(&Data::Float(2.0)));

    // R×F map: 25 cells, best R first; (R5, F5) holds C01 only.
    let grid = book.worksheet_range("Carte RxF").unwrap();
    assert_eq!(grid.height(), 26);
    assert_eq!(grid.get_value((1, 0)), Some(&Data::Float(5.0)));
    assert_eq!(grid.get_value((1, 1)), Some(&Data::Float(5.0)));
    assert_eq!(grid.get_value((1, 5)), Some(&Data::Float(1.0)));
    assert_eq!(grid.get_value((1, 7)), Some(&Data::Float(1200.0)));

    let classes = book.worksheet_range("Classes ABC").unwrap();
    assert_eq!(classes.get_value((1, 0)), Some(&Data::String("A".into())));
    assert_eq!(classes.get_value((1, 1)), Some(&Data::Float(4.0)));
    assert_eq!(classes.get_value((1, 3)), Some(&Data::Float(2650.0)));

    let tiers = book.worksheet_range("Paliers de valeur").unwrap();
    let tier_counts: Vec<&Data> = (1..=5).filter_map(|r| tiers.get_value((r, 3))).collect();
    assert_eq!(
        tier_counts,
        [2.0, 4.0, 2.0, 1.0, 4.0]
            .map(Data::Float)
            .iter()
            .collect::<Vec<_>>()
    );

    let rows = book.worksheet_range("Lignes du fichier").unwrap();
    assert_eq!(rows.get_value((1, 1)), Some(&Data::Float(38.0)));
    assert_eq!(rows.get_value((2, 1)), Some(&Data::Float(35.0)));
    let skipped = book.worksheet_range("Lignes écartées").unwrap();
    let lines: Vec<&Data> = (1..skipped.height())
        .filter_map(|r| skipped.get_value((r as u32, 1)))
        .collect();
    assert_eq!(
        lines,
        [7.0, 14.0, 22.0]
            .map(Data::Float)
            .iter()
            .collect::<Vec<_>>()
    );
}

#[test]
fn customer_page_searches_sorts_and_pages() {
    let results = results();
    let ids = |query: CustomerQuery| {
        let page = results.customer_page(&query);
        let id = page
            .columns
            .iter()
            .position(|c| c.key == "customer_id")
            .unwrap();
        (
            page.total,
            page.rows
                .iter()
                .map(|r| r[id].as_str().unwrap().to_string())
                .collect::<Vec<_>>(),
        )
    };
    // Accent- and case-insensitive: "lefevre" finds "Zoë Lefèvre", "besancon"
    // her city; "PARIS" the four Parisians.
    assert_eq!(
        ids(CustomerQuery {
            search: "lefevre".into(),
            ..Default::default()
        })
        .1,
        ["C02"]
    );
    assert_eq!(
        ids(CustomerQuery {
            search: "besancon".into(),
            ..Default::default()
        })
        .1,
        ["C02"]
    );
    assert_eq!(
        ids(CustomerQuery {
            search: "PARIS".into(),
            ..Default::default()
        }),
        (
            4,
            vec!["C01".into(), "C05".into(), "C08".into(), "C11".into()]
        )
    );
    // Every word must match some field: name and city.
    assert_eq!(
        ids(CustomerQuery {
            search: "petit paris".into(),
            ..Default::default()
        })
        .1,
        ["C05"]
    );
    assert_eq!(
        ids(CustomerQuery {
            search: "c1".into(),
            ..Default::default()
        })
        .1,
        ["C10", "C11", "C12", "C13"]
    );
    // By revenue, largest first, five per page.
    let by_revenue = |offset| CustomerQuery {
        sort_by: "monetary".into(),
        descending: true,
        offset,
        limit: 5,
        ..Default::default()
    };
    assert_eq!(
        ids(by_revenue(0)),
        (
            13,
            vec![
                "C01".into(),
                "C09".into(),
                "C02".into(),
                "C07".into(),
                "C10".into()
            ]
        )
    );
    assert_eq!(ids(by_revenue(5)).1, ["C03", "C06", "C04", "C12", "C05"]);
    assert_eq!(ids(by_revenue(10)).1, ["C08", "C11", "C13"]);
    assert!(ids(by_revenue(20)).1.is_empty());
    // Segments sort on the ladder; ties keep file order.
    let by_segment = ids(CustomerQuery {
        sort_by: "rfm_segment_label".into(),
        ..Default::default()
    })
    .1;
    assert_eq!(&by_segment[..4], ["C01", "C02", "C03", "C04"]);
    assert_eq!(&by_segment[11..], ["C12", "C13"]);
    // Recency ascending: C05 (3 days) first, C12 (500) last.
    let by_recency = ids(CustomerQuery {
        sort_by: "recency_days".into(),
        ..Default::default()
    })
    .1;
    assert_eq!(
        (by_recency[0].as_str(), by_recency[12].as_str()),
        ("C05", "C12")
    );
    // Filter and search together.
    assert_eq!(
        ids(CustomerQuery {
            filter: Some(CustomerFilter::new(FilterKind::RfmSegment, "hibernating")),
            search: "paris".into(),
            ..Default::default()
        }),
        (1, vec!["C11".into()])
    );
    // The page's columns and values.
    let page = results.customer_page(&CustomerQuery {
        search: "script".into(),
        limit: 10_000,
        ..Default::default()
    });
    assert_eq!(page.total, 1);
    let value = |key: &str| {
        let i = page.columns.iter().position(|c| c.key == key).unwrap();
        page.rows[0][i].clone()
    };
    assert_eq!(
        value("name"),
        serde_json::json!("<script>alert(1)</script>")
    );
    assert_eq!(value("monetary"), serde_json::json!(150.56));
    assert_eq!(value("last_purchase"), serde_json::json!("2024-11-16"));
    assert_eq!(value("rfm_segment_label"), serde_json::json!("Fidèles"));
    let monetary = page.columns.iter().find(|c| c.key == "monetary").unwrap();
    assert_eq!(monetary.label, "Montant");
    let json = serde_json::to_value(&page).unwrap();
    assert_eq!(
        json["columns"][0],
        serde_json::json!({"key": "customer_id", "label": "Identifiant client", "kind": "text"})
    );
    // Limits are capped, and English on request.
    let english = results.customer_page(&CustomerQuery {
        limit: 10_000,
        language: Some(Language::En),
        ..Default::default()
    });
    assert_eq!(english.rows.len(), 13);
    assert_eq!(english.columns[0].label, "Customer id");
}

#[test]
fn charts_are_svg_with_unique_prefixed_ids() {
    let results = results();
    let charts = results.charts(Language::Fr);
    let json = serde_json::to_value(&charts).unwrap();
    let mut ids = Vec::new();
    for key in ["rfm_grid", "pareto", "tiers", "segments"] {
        let svg = json[key].as_str().unwrap();
        assert!(svg.starts_with("<svg"), "{key}");
        assert!(!svg.contains("http"), "{key}");
        let id = svg
            .split("id=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(id.starts_with(CHART_ID_PREFIX), "{id}");
        ids.push(id.to_string());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4);
    // No calibration date, so no holdout chart; the forecast and dynamics
    // charts are drawn when their analyses ran (tests/present_forecast.rs).
    assert!(json["holdout"].is_null());
    for key in ["groups", "migrations", "survival", "cohorts"] {
        assert!(
            json[key].is_null() || json[key].as_str().unwrap().starts_with("<svg"),
            "{key}"
        );
    }
    // The map: 25 cells; C01 alone in (R5, F5) with 1 200 €.
    let grid = charts.rfm_grid.as_str();
    assert!(grid.contains(">Champions</text>"));
    assert!(grid.contains(">1 client</text>"));
    assert!(grid.contains(&format!(">1{NNBSP}200{NBSP}€</text>")));
    assert_eq!(charts, results.charts(Language::Fr));
}

#[test]
fn writes_the_sample_report_for_people_to_look_at() {
    let results = results();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir).unwrap();
    for (language, name) in [
        (Language::Fr, "present-report.html"),
        (Language::En, "present-report-en.html"),
    ] {
        std::fs::write(
            dir.join(name),
            results.report_html(language, "31/12/2024 18:00"),
        )
        .unwrap();
    }
}

#[test]
fn report_campaign_says_one_sentence_per_segment_on_its_best_channel() {
    // The sentences were one per segment × channel (44 on the demo); the
    // table keeps every channel, the sentences name the best one only.
    let results = results();
    let campaign = results.analysis.campaign.as_ref().expect("campaign ran");
    let document = results.report_document(Language::Fr, "31/12/2024 18:00");
    let section = document
        .sections
        .iter()
        .find(|s| s.id == "campaign")
        .expect("campaign section");
    let definitions: Vec<&Vec<(String, String)>> = section
        .blocks
        .iter()
        .filter_map(|block| match block {
            segmento::report::Block::Definitions(d) => Some(d),
            _ => None,
        })
        .collect();
    // Recommendations first, then the best-channel sentences.
    assert_eq!(definitions.len(), 2);
    let sentences = definitions[1];
    assert_eq!(sentences.len(), campaign.segments.len());
    assert!(
        campaign.channels.len() > 1,
        "several channels, one sentence"
    );
    for ((term, text), segment) in sentences.iter().zip(&campaign.segments) {
        let best = segment
            .channels
            .iter()
            .find(|c| c.channel == segment.best_channel)
            .unwrap();
        assert_eq!(text, &best.sentence.fr);
        assert!(term.starts_with(&segment.label_fr), "{term}");
    }
}
