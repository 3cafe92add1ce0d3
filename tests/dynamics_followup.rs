//! What a finished analysis gains afterwards (`src/followup.rs`): the
//! control draw on demand (the page's path) is the CLI's draw, and the
//! snapshot written after an analysis reads back.

use segmento::dynamics::control::{CampaignGroup, Params};
use segmento::dynamics::snapshot::Snapshot;
use segmento::export::CsvDialect;
use segmento::generate::{write_orders_csv, GenerateParams};
use segmento::ingest::ingest_bytes;
use segmento::pipeline::{analyze, Config, Results};
use segmento::segment_keys::SegmentMethod;

fn orders() -> Vec<u8> {
    let mut bytes = Vec::new();
    let params = GenerateParams {
        rows: 3_000,
        seed: 11,
        attributes: false,
        ..GenerateParams::default()
    };
    write_orders_csv(&mut bytes, &params).unwrap();
    bytes
}

fn run(config: &Config) -> Results {
    let ingested = ingest_bytes(&orders(), config.input.clone()).unwrap();
    analyze(ingested, config, &mut |_| {}).unwrap()
}

#[test]
fn the_page_draw_gives_the_cli_groups() {
    for method in [SegmentMethod::Rfm, SegmentMethod::Abc, SegmentMethod::Tier] {
        let params = Params {
            share: 0.2,
            seed: 77,
            method,
            ..Params::default()
        };
        // The CLI: `--control-share 0.2 --seed 77` sets `config.control`.
        let cli = run(&Config {
            control: Some(params.clone()),
            ..Config::default()
        });
        // The page: analyze, then `Session.drawControl`.
        let mut page = run(&Config::default());
        let drawn = page.draw_control(&params).unwrap().clone();
        let cli_draw = cli.analysis.control.as_ref().unwrap();
        assert_eq!(&drawn, cli_draw);
        assert_eq!(drawn.customers, cli_draw.customers);
        assert!(drawn.customers.contains(&Some(CampaignGroup::Control)));
        assert_eq!(
            page.customers_csv(CsvDialect::Standard, None).unwrap(),
            cli.customers_csv(CsvDialect::Standard, None).unwrap(),
            "{method:?}: the exported campaign lists differ"
        );
    }
}

#[test]
fn the_export_records_the_draw_segment_date_and_seed() {
    let mut results = run(&Config::default());
    results
        .draw_control(&Params {
            share: 0.5,
            seed: 5,
            segments: vec!["A".into()],
            method: SegmentMethod::Abc,
        })
        .unwrap();
    // Standard CSV: key headers; the default language is French: French labels.
    let csv =
        String::from_utf8(results.customers_csv(CsvDialect::Standard, None).unwrap()).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (group, segment, date, seed, class) = (
        column("campaign_group"),
        column("campaign_segment"),
        column("campaign_date"),
        column("campaign_seed"),
        column("abc_class"),
    );
    let mut drawn = 0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[class] == "A" {
            drawn += 1;
            assert!(["cible", "témoin"].contains(&cells[group]), "{line}");
            assert_eq!(cells[segment], "A");
            assert_eq!(cells[date], results.analysis.as_of.to_string());
            assert_eq!(cells[seed], "5");
        } else {
            assert_eq!(cells[group], "", "only class A is drawn: {line}");
        }
    }
    assert_eq!(
        drawn,
        results
            .analysis
            .control
            .as_ref()
            .unwrap()
            .selected_customers
    );
}

#[test]
fn the_snapshot_reads_back_and_cannot_be_compared_with_its_own_date() {
    let mut results = run(&Config::default());
    let json = results.snapshot().to_json();
    let back = Snapshot::from_json(json.as_bytes()).unwrap();
    assert_eq!(back.as_of, results.analysis.as_of);
    let rfm = back.assignment("rfm").unwrap();
    assert_eq!(rfm.by_customer.len(), results.analysis.customers);
    let err = results.compare_snapshot(&back).unwrap_err().to_string();
    assert!(err.contains("not before"), "{err}");
}

#[test]
fn the_workbook_and_the_excel_csv_read_back_as_campaign_lists() {
    use segmento::dynamics::campaign_list;
    use segmento::Language;
    let mut results = run(&Config::default());
    let params = Params {
        share: 0.1,
        seed: 31,
        ..Params::default()
    };
    let draw = results.draw_control(&params).unwrap().clone();
    let generated_at = chrono::NaiveDate::from_ymd_opt(2025, 1, 2)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let exports = [
        (
            "liste.xlsx",
            results.customers_xlsx(Language::Fr, generated_at).unwrap(),
        ),
        (
            "list.xlsx",
            results.customers_xlsx(Language::En, generated_at).unwrap(),
        ),
        (
            "liste.csv",
            results
                .customers_csv_in(Language::Fr, CsvDialect::ExcelFr, None)
                .unwrap(),
        ),
    ];
    for (name, bytes) in exports {
        let list = campaign_list::read(&bytes, name).unwrap();
        if name.ends_with(".xlsx") {
            // The page's path: the spreadsheet module turns the workbook
            // into CSV, the main module reads that.
            let csv = campaign_list::workbook_as_csv(&bytes, name).unwrap();
            assert_eq!(campaign_list::read(&csv, name).unwrap(), list, "{name}");
        }
        assert_eq!(list.members.len() as u32, draw.selected_customers, "{name}");
        let controls = list
            .members
            .iter()
            .filter(|m| m.group == CampaignGroup::Control)
            .count();
        assert_eq!(controls as u32, draw.control, "{name}");
        assert_eq!(list.seed, Some(31), "{name}");
        assert_eq!(list.drawn_as_of, Some(results.analysis.as_of), "{name}");
        let segments: std::collections::BTreeSet<&str> =
            list.members.iter().map(|m| m.segment.as_str()).collect();
        let drawn: std::collections::BTreeSet<&str> =
            draw.by_segment.iter().map(|s| s.segment.as_str()).collect();
        assert_eq!(segments, drawn, "{name}");
    }
}

#[test]
fn the_workbook_gains_the_campaign_uplift_sheet() {
    use calamine::Reader;
    use segmento::dynamics::campaign_list;
    use segmento::Language;
    let mut before = run(&Config::default());
    before
        .draw_control(&Params {
            share: 0.3,
            seed: 8,
            ..Params::default()
        })
        .unwrap();
    let list = before.customers_csv(CsvDialect::Standard, None).unwrap();
    let list = campaign_list::read(&list, "liste.csv").unwrap();
    let mut config = Config::default();
    // The same file stands in for the later orders: the start moves back a
    // quarter so that the window holds purchases.
    config.uplift.campaign_start = before
        .analysis
        .as_of
        .checked_sub_days(chrono::Days::new(90));
    let mut after = run(&config);
    after.read_campaign(&list).unwrap();
    let created = chrono::NaiveDate::from_ymd_opt(2025, 1, 2)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let bytes = after.customers_xlsx(Language::En, created).unwrap();
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range("Campaign uplift").unwrap();
    let segments = after
        .analysis
        .uplift
        .as_ref()
        .unwrap()
        .output
        .by_segment
        .len();
    // Header, one row per segment, the overall row.
    assert_eq!(sheet.height(), segments + 2);
    assert_eq!(sheet.get((0, 0)).unwrap().to_string(), "Segment");
    assert_eq!(
        sheet.get((segments + 1, 0)).unwrap().to_string(),
        "All segments"
    );
}
