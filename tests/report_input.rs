//! The page writes its report in the spreadsheet module, from
//! `Results::report_input` (the analyses and the few figures of single
//! customers the report shows, as JSON): the bytes must equal the CLI's
//! `Results::report_html` for every section a report can have. The
//! workbook too, from that input and the packed customers sheet.

use segmento::dynamics::campaign_list;
use segmento::dynamics::control::Params;
use segmento::dynamics::snapshot::Snapshot;
use segmento::export::CsvDialect;
use segmento::generate::{write_orders_csv, GenerateParams};
use segmento::ingest::ingest_bytes;
use segmento::pipeline::{analyze, Config, Results};
use segmento::present::{report_html_from_input, workbook_from_input};
use segmento::Language;

fn run(bytes: &[u8], config: &Config) -> Results {
    let ingested = ingest_bytes(bytes, config.input.clone()).unwrap();
    analyze(ingested, config, &mut |_| {}).unwrap()
}

fn generated(rows: u64, attributes: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let params = GenerateParams {
        rows,
        seed: 11,
        attributes,
        ..GenerateParams::default()
    };
    write_orders_csv(&mut bytes, &params).unwrap();
    bytes
}

/// The report written from `report_input` equals `report_html`, and the
/// workbook `customers_xlsx`, in both languages; returns the French one for section checks.
fn assert_same_report(results: &Results, what: &str) -> String {
    let mut french = String::new();
    for language in [Language::Fr, Language::En] {
        let direct = results.report_html(language, "2025-01-02T09:00:00Z");
        let input = results.report_input(language);
        let written = report_html_from_input(input.as_bytes(), "2025-01-02T09:00:00Z").unwrap();
        assert!(
            direct == written,
            "{what}, {language:?}: the reports differ"
        );
        // The workbook is written there from the same input and the
        // customers sheet.
        let created = chrono::NaiveDate::from_ymd_opt(2025, 1, 2)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let workbook = workbook_from_input(
            &results.workbook_customers_packed(language),
            input.as_bytes(),
            created,
        )
        .unwrap();
        assert!(
            workbook == results.customers_xlsx(language, created).unwrap(),
            "{what}, {language:?}: the workbooks differ"
        );
        if language == Language::Fr {
            french = direct;
        }
    }
    french
}

#[test]
fn a_generated_file_with_names_channels_and_attributes() {
    let results = run(&generated(6_000, true), &Config::default());
    let html = assert_same_report(&results, "generated, attributes");
    // The top customers table and the segment means come from single
    // customers: they must be in the report, not empty.
    assert!(html.contains("id=\"s-abc\""));
    assert!(results
        .report_input(Language::Fr)
        .contains("\"top_customers\":[["));
}

#[test]
fn the_control_draw_the_campaign_readout_and_a_snapshot_comparison() {
    let orders = generated(3_000, false);
    let mut before = run(&orders, &Config::default());
    before
        .draw_control(&Params {
            share: 0.3,
            seed: 8,
            ..Params::default()
        })
        .unwrap();
    assert_same_report(&before, "with a control draw");
    let list = before.customers_csv(CsvDialect::Standard, None).unwrap();
    let list = campaign_list::read(&list, "liste.csv").unwrap();
    let mut config = Config::default();
    let start = before
        .analysis
        .as_of
        .checked_sub_days(chrono::Days::new(90))
        .unwrap();
    config.uplift.campaign_start = Some(start);
    let mut after = run(&orders, &config);
    after.read_campaign(&list).unwrap();
    let earlier = run(
        &orders,
        &serde_json::from_str(&format!(r#"{{"input": {{"as_of": "{start}"}}}}"#)).unwrap(),
    );
    let snapshot = Snapshot::from_json(earlier.snapshot().to_json().as_bytes()).unwrap();
    after.compare_snapshot(&snapshot).unwrap();
    let html = assert_same_report(&after, "with the readout and a snapshot");
    for id in [
        "s-uplift",
        "s-snapshot",
        "s-migrations",
        "s-survival",
        "s-cohorts",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no section {id}");
    }
}

#[test]
fn the_hand_worked_fixture_and_a_customer_level_file() {
    let config: Config = serde_json::from_str(include_str!("data/present/config.json")).unwrap();
    let results = run(include_bytes!("data/present/commandes.csv"), &config);
    assert_same_report(&results, "tests/data/present");
    let results = run(include_bytes!("data/clients.csv"), &Config::default());
    assert_same_report(&results, "tests/data/clients.csv");
}

#[test]
fn damaged_report_data_is_an_error_not_a_report() {
    let err = report_html_from_input(b"{\"language\": \"fr\"}", "x").unwrap_err();
    assert!(err.to_string().contains("report data"), "{err}");
}
