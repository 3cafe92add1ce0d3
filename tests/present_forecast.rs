//! The forecast, campaign and dynamics parts of the report, charts and
//! workbook, on the 13-customer hand-made file of `tests/present.rs`
//! (`tests/data/present/commandes.csv`, no channel column).
//!
//! 13 customers is far below `predict.min_repeat_customers` (default 100),
//! so the BG/NBD fit is skipped: the report must say so and show no fitted
//! parameter. The campaign uses the default cost table (courrier 1.20 € a
//! contact); the two "lost" customers (C12, C13) cost 2 × 1.20 = 2.40 € by
//! mail.

use chrono::NaiveDate;
use segmento::ingest::ingest_bytes;
use segmento::pipeline::{analyze, Config, Results};
use segmento::present::CHART_ID_PREFIX;
use segmento::Language;

const ORDERS: &[u8] = include_bytes!("data/present/commandes.csv");

const CONFIG: &str = r#"{
    "language": "fr",
    "input": {"as_of": "2024-12-31", "file_name": "commandes.csv"},
    "rfm": {"thresholds": {
        "recency": [30, 90, 180, 365],
        "frequency": [1, 2, 3, 5],
        "monetary": [50, 100, 200, 500]
    }},
    "points": {"tier_thresholds": [5, 10, 20, 30]},
    "control": {"share": 0.5, "seed": 4242}
}"#;

const NBSP: char = '\u{A0}';

fn results() -> Results {
    let config: Config = serde_json::from_str(CONFIG).unwrap();
    let ingested = ingest_bytes(ORDERS, config.input.clone()).unwrap();
    analyze(ingested, &config, &mut |_| {}).unwrap()
}

#[test]
fn the_report_has_the_forecast_and_dynamics_sections_in_both_languages() {
    let results = results();
    let fr = results.report_html(Language::Fr, "2025-01-02 10:00");
    let en = results.report_html(Language::En, "2025-01-02 10:00");
    for title in [
        "Prévision",
        "Valeur × potentiel",
        "Rentabilité des campagnes",
        "Migrations",
        "Survie par canal",
        "Cohortes",
        "Groupe témoin",
    ] {
        assert!(fr.contains(&format!(">{title}</h2>")), "missing {title}");
    }
    for title in [
        "Forecast",
        "Value × potential",
        "Campaign P&amp;L",
        "Migrations",
        "Survival by channel",
        "Cohorts",
        "Control group",
    ] {
        assert!(en.contains(&format!(">{title}</h2>")), "missing {title}");
    }
    for html in [&fr, &en] {
        assert!(!html.contains("<script"));
        assert!(!html.to_lowercase().contains("http"));
    }
}

#[test]
fn a_skipped_fit_is_said_plainly_and_shows_no_parameter() {
    let results = results();
    let predict = results.analysis.predict.as_ref().unwrap();
    assert!(matches!(
        predict.status,
        segmento::predict::Status::Fallback { .. }
    ));
    let fr = results.report_html(Language::Fr, "");
    assert!(fr.contains("Modèle non ajusté"));
    assert!(fr.contains("aucun paramètre de modèle"));
    for fitted_only in [
        "BG/NBD r",
        "Log-vraisemblance",
        "Gamma-Gamma p",
        "Paramètres du modèle",
    ] {
        assert!(
            !fr.contains(fitted_only),
            "{fitted_only} shown for a skipped fit"
        );
    }
    let en = results.report_html(Language::En, "");
    assert!(en.contains("Model not fitted"));
}

#[test]
fn the_campaign_sentences_use_the_french_cost_table() {
    let results = results();
    let campaign = results.analysis.campaign.as_ref().unwrap();
    let lost = campaign
        .segments
        .iter()
        .find(|s| s.segment == "lost")
        .unwrap();
    let mail = lost
        .channels
        .iter()
        .find(|c| c.channel == "courrier")
        .unwrap();
    // C12 and C13 at 1.20 € each.
    assert_eq!(mail.contacts, 2);
    assert!((mail.cost - 2.40).abs() < 1e-9);
    // Every channel has the same response here (observed rates), so the
    // cheapest, e-mail at 0.01 €, has the best net margin: the report's one
    // sentence for the segment is about e-mail; courrier stays in the table.
    assert_eq!(lost.best_channel, "email");
    let fr = results.report_html(Language::Fr, "");
    assert!(fr.contains(&format!("coût 0,01{NBSP}€")));
    assert!(fr.contains(&format!("2,40{NBSP}€")));
    assert!(fr.contains("par e-mail"));
    assert!(
        !fr.contains(&format!("coût 1,20{NBSP}€")),
        "no sentence per channel"
    );
}

#[test]
fn survival_without_a_channel_column_says_so() {
    let results = results();
    assert!(!results.customers.has_channel);
    let fr = results.report_html(Language::Fr, "");
    assert!(fr.contains("pas de colonne de canal"));
    let en = results.report_html(Language::En, "");
    assert!(en.contains("The file has no channel column"));
}

#[test]
fn the_control_draw_is_reported_with_its_seed_and_counts() {
    let results = results();
    let draw = results.analysis.control.as_ref().unwrap();
    assert_eq!(draw.seed, 4242);
    // Half of the 13 customers, stratified by segment: each segment holds
    // out half of its customers give or take one, so the total is within
    // one customer per segment of 6.5.
    assert_eq!(draw.target + draw.control, 13);
    let fr = results.report_html(Language::Fr, "");
    assert!(fr.contains("graine 4242"));
    assert!(fr.contains(&format!("Part témoin{NBSP}: 50,0")));
}

#[test]
fn the_new_charts_have_unique_prefixed_ids_and_are_deterministic() {
    let results = results();
    let charts = results.charts(Language::Fr);
    // No calibration date: no holdout chart.
    assert!(charts.holdout.is_none());
    let json = serde_json::to_value(&charts).unwrap();
    let mut ids = Vec::new();
    for (name, svg) in json.as_object().unwrap() {
        let Some(svg) = svg.as_str() else { continue };
        let start = svg.find("id=\"").unwrap() + 4;
        let id = &svg[start..start + svg[start..].find('"').unwrap()];
        assert!(id.starts_with(CHART_ID_PREFIX), "{name}: {id}");
        ids.push(id.to_string());
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count);
    assert!(charts.cohorts.is_some());
    assert_eq!(charts, results.charts(Language::Fr));
}

#[test]
fn the_workbook_has_the_campaign_and_survival_sheets() {
    use calamine::{Reader, Xlsx};
    let results = results();
    let created = NaiveDate::from_ymd_opt(2025, 1, 2)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    let bytes = results.customers_xlsx(Language::Fr, created).unwrap();
    let book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    for sheet in [
        "Groupes prédictifs",
        "Valeur x potentiel",
        "Campagne",
        "Survie",
    ] {
        assert!(
            names.iter().any(|n| n == sheet),
            "{sheet} missing: {names:?}"
        );
    }
}
