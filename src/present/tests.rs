//! Unit tests of the presentation layer on small inline files.

use super::*;
use crate::export::{Cell, Rows};
use crate::ingest::ingest_bytes;
use crate::pipeline::{analyze, Config, Results};
use crate::Language;

fn results(csv: &str, config: &str) -> Results {
    let config: Config = serde_json::from_str(config).unwrap();
    let ingested = ingest_bytes(csv.as_bytes(), config.input.clone()).unwrap();
    analyze(ingested, &config, &mut |_| {}).unwrap()
}

/// Six customers with a margin column and a channel, as of 2024-06-30.
const WITH_MARGIN: &str = "\
client,date,montant,marge,canal,ville
A,2024-06-01,500,200,web,Lyon
A,2024-03-01,300,120,web,Lyon
B,2024-05-15,120,30,magasin,Paris
C,2023-01-10,80,10,web,
D,2024-06-20,40,4,web,Nice
E,2022-09-01,15,1,magasin,Paris
F,2024-06-29,-20,-5,web,Paris
F,2024-01-02,60,15,web,Paris
";

const MARGIN_CONFIG: &str = r#"{"language": "en", "input": {"as_of": "2024-06-30"},
    "abc": {"basis": "margin"}, "rfm": {"bins": 3}}"#;

#[test]
fn customer_rows_follow_the_mapped_attributes_and_the_language() {
    let results = results(WITH_MARGIN, MARGIN_CONFIG);
    let rows = CustomerRows::all(&results);
    let keys: Vec<&str> = rows.columns().iter().map(|c| c.key.as_ref()).collect();
    // City is mapped, name and e-mail are not.
    assert!(keys.contains(&"city"));
    assert!(!keys.contains(&"name"));
    assert_eq!(rows.language(), Language::En);
    assert_eq!(rows.cell(0, "margin"), Cell::Money(320.0));
    assert_eq!(rows.cell(99, "customer_id"), Cell::Empty);
    assert_eq!(rows.cell(0, "no_such_column"), Cell::Empty);
    let labels = |language| {
        let rows = CustomerRows::all(&results).in_language(language);
        (0..6)
            .map(|i| rows.cell(i, "value_tier_label"))
            .collect::<Vec<_>>()
    };
    let (fr, en) = (labels(Language::Fr), labels(Language::En));
    assert!(fr.contains(&Cell::text("Faible valeur")), "{fr:?}");
    assert!(en.contains(&Cell::text("Low value")), "{en:?}");
    // A row index out of range is a row of empty cells, never a panic.
    let mut row = Vec::new();
    CustomerRows::selected(&results, vec![42]).fill_row(0, &mut row);
    assert_eq!(row.len(), keys.len());
    assert!(row.iter().all(|c| *c == Cell::Empty));
}

#[test]
fn margin_basis_shows_margin_columns_and_notes() {
    let results = results(WITH_MARGIN, MARGIN_CONFIG);
    let classes = tables::classes(&results);
    let keys: Vec<&str> = classes.columns.iter().map(|c| c.key.as_ref()).collect();
    assert_eq!(
        keys,
        [
            "class",
            "customers",
            "share_customers",
            "revenue",
            "share_revenue",
            "margin",
            "share_margin"
        ]
    );
    let html = results.report_html(Language::En, "now");
    // Margin 200 + 120 + 30 + 10 + 4 + 1 − 5 + 15 = 375 in the revenue card.
    assert!(html.contains("· margin €375.00"));
    assert!(html.contains("Cumulative share of margin"));
    assert!(!html.contains("No margin column"));
    // 3 bins: a 3×3 map and three score bands.
    let charts = results.charts(Language::En);
    assert_eq!(charts.rfm_grid.as_str().matches("<rect").count() - 1, 9);
    assert_eq!(
        tables::threshold_bands(&results, Language::En).rows.len(),
        3
    );
}

#[test]
fn settings_say_what_was_chosen() {
    let config = r#"{"language": "fr", "input": {"as_of": "2024-06-30"},
        "rfm": {"segment_overrides": {"555": "loyal"}, "monetary": "average_order_value"},
        "points": {"margin_rate": 0.25, "window_years": 1}}"#;
    let csv = "client,date,montant\nA,2024-06-01,500\nB,2024-05-01,20\n";
    let results = results(csv, config);
    let settings = tables::settings(&results, Language::Fr);
    let get = |label: &str| {
        settings
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no setting {label}"))
    };
    assert_eq!(get("Date d'analyse"), "30 juin 2024");
    assert_eq!(
        get("Origine de la date d'analyse"),
        "choisie dans les paramètres"
    );
    assert_eq!(get("Codes RFM réaffectés"), "555 → Fidèles");
    assert_eq!(get("Montant (M)"), "panier moyen");
    assert_eq!(get("Période du score de valeur"), "1 an · somme des années");
    assert!(get("Points de marge").starts_with("marge estimée à 25\u{202F}% du CA"));
    assert!(get("Lecture du fichier").starts_with("CSV · UTF-8 · séparateur «\u{A0},\u{A0}»"));
}

#[test]
fn urls_from_the_data_never_reach_the_report_as_http() {
    let config =
        r#"{"input": {"as_of": "2024-06-30", "file_name": "https://exemple.fr/export.csv"}}"#;
    let csv = "client,date,montant\nhttp://a,2024-06-01,500\nB,2024-05-01,x\n";
    let html = results(csv, config).report_html(Language::Fr, "maintenant");
    assert!(!html.to_ascii_lowercase().contains("http"));
    assert!(html.contains("htt\u{2060}ps://exemple.fr/export.csv"));
}

#[test]
fn one_customer_still_makes_a_whole_report() {
    let csv = "client,date,montant\nA,2024-06-01,500\n";
    let results = results(csv, r#"{"input": {"as_of": "2024-06-30"}}"#);
    let html = results.report_html(Language::Fr, "t");
    assert_eq!(html.matches("<li style=\"border-left-color").count(), 1);
    assert!(html.contains("Toutes les lignes du fichier ont été utilisées."));
    assert!(html.contains("toutes les lignes lues"));
    let page = results.customer_page(&CustomerQuery::default());
    assert_eq!(page.total, 1);
}

#[test]
fn sorting_puts_missing_values_last_either_way() {
    let csv = "\
client,date,montant,ville
A,2024-06-01,500,Paris
B,2024-05-01,20,
C,2024-04-01,80,Amiens
";
    let results = results(csv, r#"{"input": {"as_of": "2024-06-30"}}"#);
    let ids = |sort_by: &str, descending| {
        let page = results.customer_page(&CustomerQuery {
            sort_by: sort_by.into(),
            descending,
            ..CustomerQuery::default()
        });
        page.rows
            .iter()
            .map(|r| r[0].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("city", false), ["C", "A", "B"]);
    assert_eq!(ids("city", true), ["A", "C", "B"]);
    // An unknown column keeps file order (reversed when descending).
    assert_eq!(ids("nope", false), ["A", "B", "C"]);
    assert_eq!(ids("nope", true), ["C", "B", "A"]);
    // Paging past the end gives an empty page, not a panic.
    let page = results.customer_page(&CustomerQuery {
        offset: 10,
        ..CustomerQuery::default()
    });
    assert_eq!((page.total, page.offset, page.rows.len()), (3, 3, 0));
    // An unknown group matches no one.
    let page = results.customer_page(&CustomerQuery {
        filter: Some(CustomerFilter::new(FilterKind::ValueTier, "gold")),
        ..CustomerQuery::default()
    });
    assert_eq!(page.total, 0);
}

#[test]
fn skip_reasons_and_roles_have_labels_in_both_languages() {
    use crate::ingest::{Role, SkipReason};
    for reason in [
        SkipReason::MissingId,
        SkipReason::UnparseableDate,
        SkipReason::UnparseableAmount,
        SkipReason::DuplicateOrder,
        SkipReason::DateAfterAsOf,
        SkipReason::DuplicateCustomer,
        SkipReason::UnparseableOrderCount,
        SkipReason::ReturnWithoutPurchase,
    ] {
        let fr = tables::skip_reason_label(reason, Language::Fr);
        let en = tables::skip_reason_label(reason, Language::En);
        assert!(!fr.is_empty() && !en.is_empty() && fr != en, "{reason}");
    }
    for role in Role::ALL {
        assert!(!tables::role_label(role, Language::Fr).is_empty());
        assert!(!tables::role_label(role, Language::En).is_empty());
    }
}

#[test]
fn tier_colors_run_dark_to_light() {
    let colors = tier_colors(5);
    assert_eq!(colors.len(), 5);
    assert!(colors[0].luminance() < colors[4].luminance());
    assert_eq!(tier_colors(1).len(), 1);
}

#[test]
fn charts_serialize_as_markup_strings() {
    let csv = "client,date,montant\nA,2024-06-01,500\nB,2024-01-01,50\n";
    let charts = results(csv, r#"{"input": {"as_of": "2024-06-30"}}"#).charts(Language::En);
    let json = serde_json::to_value(&charts).unwrap();
    assert_eq!(json["pareto"].as_str(), Some(charts.pareto.as_str()));
    // Cohorts run on any file; the holdout chart needs a calibration date.
    assert_eq!(
        json["cohorts"].as_str(),
        charts.cohorts.as_ref().map(|svg| svg.as_str())
    );
    assert!(json["holdout"].is_null());
}
