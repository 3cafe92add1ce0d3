//! The customers a workbook or a legacy-encoded file gives cross from the
//! page's spreadsheet module to its main module packed
//! (`Customers::to_packed` / `from_packed`): the analyses of the unpacked
//! customers must be those of the original ones, byte for byte. A saved
//! snapshot crosses packed too (`Snapshot::to_packed` / `from_packed`).

use segmento::export::CsvDialect;
use segmento::generate::{write_orders_csv, GenerateParams};
use segmento::ingest::{ingest_bytes, IngestOptions, Ingested};
use segmento::pipeline::{analyze, Config};
use segmento::Customers;

/// Every export and the summary of `ingested`, analysed as it is and after
/// a trip through the packed form, are the same bytes.
fn assert_same_analysis(ingested: Ingested, what: &str) {
    let packed = ingested.customers.to_packed();
    let unpacked = Customers::from_packed(&packed).unwrap();
    assert_eq!(
        unpacked.to_packed(),
        packed,
        "{what}: packing is not stable"
    );
    let config = Config::default();
    let again = Ingested {
        customers: unpacked,
        report: ingested.report.clone(),
    };
    let original = analyze(ingested, &config, &mut |_| {}).unwrap();
    let crossed = analyze(again, &config, &mut |_| {}).unwrap();
    assert_eq!(
        serde_json::to_string(&original.analysis).unwrap(),
        serde_json::to_string(&crossed.analysis).unwrap(),
        "{what}: summary"
    );
    assert!(
        original.customers_csv(CsvDialect::Standard, None).unwrap()
            == crossed.customers_csv(CsvDialect::Standard, None).unwrap(),
        "{what}: customers.csv"
    );
    assert_eq!(
        original.snapshot().to_json(),
        crossed.snapshot().to_json(),
        "{what}: snapshot"
    );
}

#[test]
fn a_generated_file_with_channels_margins_and_attributes() {
    let mut bytes = Vec::new();
    let params = GenerateParams {
        rows: 4_000,
        seed: 5,
        attributes: true,
        ..GenerateParams::default()
    };
    write_orders_csv(&mut bytes, &params).unwrap();
    let ingested = ingest_bytes(&bytes, IngestOptions::default()).unwrap();
    assert!(ingested.customers.has_channel && ingested.customers.has_history);
    assert_same_analysis(ingested, "generated");
}

#[test]
fn a_workbook_and_a_customer_level_file_with_prospects() {
    let workbook = ingest_bytes(
        include_bytes!("data/commandes.xlsx"),
        IngestOptions {
            file_name: Some("commandes.xlsx".into()),
            ..IngestOptions::default()
        },
    )
    .unwrap();
    assert_same_analysis(workbook, "commandes.xlsx");
    let clients =
        ingest_bytes(include_bytes!("data/clients.csv"), IngestOptions::default()).unwrap();
    assert_same_analysis(clients, "clients.csv");
}

#[test]
fn cut_or_altered_bytes_are_an_error_naming_the_byte_never_a_panic() {
    let csv = "client;date;montant;canal;ville\nA;02/01/2024;10;web;Lyon\nB;03/01/2024;20;shop;\nA;05/02/2024;30;shop;Lyon\n";
    let ingested = ingest_bytes(csv.as_bytes(), IngestOptions::default()).unwrap();
    let packed = ingested.customers.to_packed();
    for cut in 0..packed.len() {
        let err = Customers::from_packed(&packed[..cut]).unwrap_err();
        assert!(
            err.to_string()
                .contains("packed customers are damaged at byte"),
            "{err}"
        );
    }
    let mut longer = packed.clone();
    longer.push(0);
    let err = Customers::from_packed(&longer).unwrap_err().to_string();
    assert!(err.contains(&format!("byte {}", packed.len())), "{err}");
    // Any single byte changed: an error or customers, never a panic.
    for at in 0..packed.len() {
        for value in [0u8, 0x7f, 0xff] {
            let mut altered = packed.clone();
            altered[at] = value;
            let _ = Customers::from_packed(&altered);
        }
    }
}

/// A saved snapshot crosses the same way: the page's second module reads
/// the file (`Snapshot::from_json`) and the main module gets it packed.
#[test]
fn a_snapshot_read_back_packed_is_the_same_snapshot() {
    use segmento::dynamics::snapshot::Snapshot;
    let mut bytes = Vec::new();
    let params = GenerateParams {
        rows: 3_000,
        seed: 9,
        attributes: false,
        ..GenerateParams::default()
    };
    write_orders_csv(&mut bytes, &params).unwrap();
    let ingested = ingest_bytes(&bytes, IngestOptions::default()).unwrap();
    let results = analyze(ingested, &Config::default(), &mut |_| {}).unwrap();
    let json = results.snapshot().to_json();
    let snapshot = Snapshot::from_json(json.as_bytes()).unwrap();
    assert!(snapshot.methods.len() >= 3 && snapshot.methods["rfm"].len() > 100);
    let packed = snapshot.to_packed();
    assert_eq!(Snapshot::from_packed(&packed).unwrap(), snapshot);
    // Cut anywhere or with a byte more: an error naming the byte.
    for cut in (0..packed.len()).step_by(97).chain([packed.len() - 1]) {
        let err = Snapshot::from_packed(&packed[..cut])
            .unwrap_err()
            .to_string();
        assert!(err.contains("packed snapshot is damaged at byte"), "{err}");
    }
    let mut longer = packed.clone();
    longer.push(1);
    assert!(Snapshot::from_packed(&longer).is_err());
    for at in 0..64 {
        let mut altered = packed.clone();
        altered[at] = 0xff;
        let _ = Snapshot::from_packed(&altered);
    }
}
