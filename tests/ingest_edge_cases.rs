//! Edge cases of ingestion: bad input gives clear errors, never panics;
//! options override detection; the preview shows what ingestion will do.

mod common;

use chrono::NaiveDate;
use common::english_notes;
use segmento::generate::{write_orders_csv, GenerateParams};
use segmento::ingest::{
    ingest_bytes, preview, CellValue, DateOrder, IngestOptions, Ingestor, Role, Shape, SkipReason,
};
use segmento::ErrorKind;

fn options() -> IngestOptions {
    IngestOptions {
        file_name: Some("commandes.csv".into()),
        ..Default::default()
    }
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn empty_and_blank_files() {
    for input in [&b""[..], b"   \n\r\n  "] {
        let err = ingest_bytes(input, options()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unreadable input: the file is empty (file commandes.csv)"
        );
    }
}

#[test]
fn header_only() {
    let err = ingest_bytes(b"client;date;montant\r\n", options()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NoUsableRow(_)), "{err}");
    assert!(
        err.to_string().contains("header line but no data rows"),
        "{err}"
    );
}

#[test]
fn binary_garbage_is_refused() {
    let garbage: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let err = ingest_bytes(&garbage, options()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Format(_)), "{err}");
    let err = ingest_bytes(b"PK\x03\x04 not really a zip", options()).unwrap_err();
    assert!(
        err.to_string().contains("xlsx workbook cannot be read"),
        "{err}"
    );
}

#[test]
fn missing_required_column_lists_the_headers() {
    let err = ingest_bytes(
        "Référence;Date de commande;Quantité\nA;05/03/2024;2\n".as_bytes(),
        options(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "no column for customer_id (customer id) was found; the headers are: \"Référence\", \"Date de commande\", \"Quantité\" (file commandes.csv, line 1)"
    );
    let err = ingest_bytes(b"Client;Date\nA;05/03/2024\n", options()).unwrap_err();
    assert!(err.to_string().starts_with("no column for amount"), "{err}");
    // The error names the header line actually read: here after Excel's
    // `sep=` line (1) and two blank lines (2, 3), line 4.
    let err = ingest_bytes(
        b"sep=;\r\n\r\n  \r\nClient;Date\r\nA;05/03/2024\r\n",
        options(),
    )
    .unwrap_err();
    assert_eq!(err.position().line, Some(4), "{err}");
    assert!(
        err.to_string().ends_with("(file commandes.csv, line 4)"),
        "{err}"
    );
}

#[test]
fn column_overrides_and_disabling_a_role() {
    let file = "Client;Date;Montant HT;Montant TTC;N° commande\nA;05/03/2024;10;12;1\nA;06/03/2024;5;6;1\n";
    let ingested = ingest_bytes(file.as_bytes(), options()).unwrap();
    assert_eq!(ingested.report.columns[&Role::Amount], "Montant TTC");
    assert_eq!(ingested.report.rows.skipped[&SkipReason::DuplicateOrder], 1);
    let mut settings = options();
    settings.columns.insert(Role::Amount, "Montant HT".into());
    settings.columns.insert(Role::OrderId, String::new());
    let ingested = ingest_bytes(file.as_bytes(), settings).unwrap();
    assert_eq!(ingested.report.columns[&Role::Amount], "Montant HT");
    assert!(!ingested.report.columns.contains_key(&Role::OrderId));
    assert_eq!(ingested.customers.customers[0].revenue, 15.0);
    assert_eq!(ingested.customers.customers[0].orders, 2);
}

#[test]
fn excel_separator_line_names_the_delimiter() {
    let file = "sep=,\r\nclient,date,amount\r\nA;1,2024-01-02,3\r\nB;2,2024-01-03,4\r\n";
    let ingested = ingest_bytes(file.as_bytes(), options()).unwrap();
    assert_eq!(ingested.report.delimiter.as_deref(), Some(","));
    assert_eq!(ingested.customers.customers[0].id, "A;1");
    assert_eq!(ingested.report.rows.read, 2);
}

#[test]
fn explicit_as_of_skips_later_rows() {
    let file = "client,date,amount\nA,2024-01-01,10\nA,2024-02-01,20\nB,2024-03-01,30\n";
    let settings = IngestOptions {
        as_of: Some(day("2024-02-15")),
        ..options()
    };
    let ingested = ingest_bytes(file.as_bytes(), settings).unwrap();
    assert_eq!(ingested.customers.as_of, day("2024-02-15"));
    assert_eq!(ingested.customers.customers.len(), 1);
    assert_eq!(ingested.report.rows.skipped[&SkipReason::DateAfterAsOf], 1);
    assert_eq!(
        ingested.report.rows.examples[&SkipReason::DateAfterAsOf][0].value,
        "2024-03-01"
    );
    assert_eq!(
        ingested.customers.customers[0].recency_days(ingested.customers.as_of),
        14
    );
    let settings = IngestOptions {
        as_of: Some(day("2023-01-01")),
        ..options()
    };
    let err = ingest_bytes(file.as_bytes(), settings).unwrap_err();
    assert!(
        err.to_string().contains("3 date after the as-of date"),
        "{err}"
    );
}

#[test]
fn dialect_overrides() {
    // Month-first forced although nothing in the data says so.
    let file = "client;date;montant\nA;05/03/2024;1.234\n";
    let settings = IngestOptions {
        date_order: Some(DateOrder::MonthFirst),
        decimal_separator: Some('.'),
        ..options()
    };
    let ingested = ingest_bytes(file.as_bytes(), settings).unwrap();
    assert_eq!(
        ingested.customers.customers[0].last_purchase,
        day("2024-05-03")
    );
    assert_eq!(ingested.customers.customers[0].revenue, 1.234);
    assert_eq!(ingested.report.date_order, "month_first");
    // The same file by default: day-first assumed, decimal comma (semicolon file).
    let ingested = ingest_bytes(file.as_bytes(), options()).unwrap();
    assert_eq!(
        ingested.customers.customers[0].last_purchase,
        day("2024-03-05")
    );
    assert_eq!(ingested.customers.customers[0].revenue, 1234.0);
    assert!(ingested.report.date_order_assumed);
    let notes = english_notes(&ingested.report.notes);
    assert!(notes.contains("were ambiguous"), "{notes}");
    assert!(notes.contains("semicolon"), "{notes}");
    // Encoding and delimiter given explicitly.
    let latin = b"client|date|montant\n\xc9ric|2024-01-02|3\n";
    let settings = IngestOptions {
        encoding: Some("latin1".into()),
        delimiter: Some('|'),
        ..options()
    };
    let ingested = ingest_bytes(latin, settings).unwrap();
    assert_eq!(ingested.customers.customers[0].id, "Éric");
    assert_eq!(ingested.report.encoding, "windows-1252");
}

/// The ingestion options live under `input` in the configuration: their
/// errors name the setting by its full path, as every other setting error
/// does (`rfm.bins`), so that the page can find and label it.
#[test]
fn option_errors_name_the_setting_by_its_path() {
    let key_of =
        |settings: IngestOptions| match Ingestor::new(settings).err().map(|e| e.kind().clone()) {
            Some(ErrorKind::InvalidParams { key, .. }) => key,
            other => panic!("an invalid setting expected, got {other:?}"),
        };
    assert_eq!(
        key_of(IngestOptions {
            decimal_separator: Some(';'),
            ..options()
        }),
        "input.decimal_separator"
    );
    assert_eq!(
        key_of(IngestOptions {
            delimiter: Some('"'),
            ..options()
        }),
        "input.delimiter"
    );
    assert_eq!(
        key_of(IngestOptions {
            encoding: Some("klingon".into()),
            ..options()
        }),
        "input.encoding"
    );
    let file = "client;date;montant\nA;05/03/2024;1\n";
    let err = ingest_bytes(
        file.as_bytes(),
        IngestOptions {
            columns: [(Role::Amount, "Prix".to_string())].into_iter().collect(),
            ..options()
        },
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid setting input.columns.amount: no column is named \"Prix\""),
        "{err}"
    );
    let sheet = ingest_bytes(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/commandes.xlsx"
        ))
        .unwrap(),
        IngestOptions {
            sheet: Some("Nope".into()),
            ..options()
        },
    )
    .unwrap_err();
    assert!(
        sheet
            .to_string()
            .starts_with("invalid setting input.sheet: no sheet is named \"Nope\""),
        "{sheet}"
    );
}

#[test]
fn a_later_cell_contradicting_the_decimal_separator_is_unparseable() {
    let file = "client;date;montant\nA;2024-01-02;12,50\nB;2024-01-03;12.5\nC;2024-01-04;1.234,5\n";
    let ingested = ingest_bytes(file.as_bytes(), options()).unwrap();
    assert_eq!(
        ingested.report.rows.skipped[&SkipReason::UnparseableAmount],
        1
    );
    assert_eq!(
        ingested.report.rows.examples[&SkipReason::UnparseableAmount][0].value,
        "12.5"
    );
    assert_eq!(ingested.customers.customers[1].revenue, 1234.5);
}

#[test]
fn ambiguous_amounts_wait_for_evidence() {
    // 1.234 could be 1,234 or 1.234: the later 2.50 decides the point.
    let file = "client,date,amount\nA,2024-01-02,1.234\nB,2024-01-03,2.50\n";
    let ingested = ingest_bytes(file.as_bytes(), options()).unwrap();
    assert_eq!(ingested.customers.customers[0].revenue, 1.234);
    assert_eq!(
        ingested.customers.customers[0].id, "A",
        "buffered rows keep their order"
    );
    let file = "client;date;montant\nA;2024-01-02;1.234\nB;2024-01-03;2,50\n";
    let ingested = ingest_bytes(file.as_bytes(), options()).unwrap();
    assert_eq!(ingested.customers.customers[0].revenue, 1234.0);
}

#[test]
fn undecided_columns_are_defaulted_after_the_buffer_cap() {
    // 200 001 ambiguous dates, then one that proves month-first: too late,
    // day-first is assumed at the cap, and the late date is unparseable.
    let mut file = String::from("client,date,amount\n");
    for i in 0..200_001 {
        file.push_str(&format!(
            "C{},0{}/0{}/2024,1\n",
            i % 1000,
            1 + i % 9,
            1 + (i / 9) % 9
        ));
    }
    file.push_str("Z,03/25/2024,1\n");
    let ingested = ingest_bytes(file.as_bytes(), options()).unwrap();
    assert!(ingested.report.date_order_assumed);
    assert_eq!(
        ingested.report.rows.skipped[&SkipReason::UnparseableDate],
        1
    );
    assert!(
        english_notes(&ingested.report.notes).contains("200 000 rows"),
        "{:?}",
        ingested.report.notes
    );
}

#[test]
fn email_identifies_customers_without_an_id_column() {
    let file = "E-mail;Date;Montant\nann@x.fr;05/03/2024;10\nANN@x.fr;13/03/2024;5\nann@x.fr;14/03/2024;1\n";
    let ingested = ingest_bytes(file.as_bytes(), options()).unwrap();
    assert_eq!(ingested.report.columns[&Role::CustomerId], "E-mail");
    assert_eq!(
        ingested.customers.customers.len(),
        2,
        "ids are compared exactly, as found (trimmed)"
    );
    assert!(english_notes(&ingested.report.notes).contains("identified by their e-mail"));
}

#[test]
fn shape_from_options() {
    let file = "client;dernier achat;commandes;total\nA;05/03/2024;3;120\nB;;0;0\n";
    let settings = IngestOptions {
        shape: Some(Shape::Customers),
        ..options()
    };
    let ingested = ingest_bytes(file.as_bytes(), settings).unwrap();
    assert_eq!(ingested.report.shape, Shape::Customers);
    assert_eq!(ingested.customers.customers[0].frequency, 3);
    assert_eq!(ingested.customers.customers[0].revenue, 120.0);
    assert_eq!(ingested.customers.prospects.len(), 1);
    assert!(!ingested.customers.first_purchase_known);
}

#[test]
fn out_of_order_rows_build_sorted_histories() {
    let file = "client,date,amount,channel\nA,2024-03-01,1,shop\nA,2024-01-01,2,web\nA,2024-02-01,4,mail\nA,2024-01-01,8,phone\nA,2024-03-01,16,kiosk\n";
    let ingested = ingest_bytes(file.as_bytes(), options()).unwrap();
    let customers = &ingested.customers;
    let a = &customers.customers[0];
    let days: Vec<(String, f64, u32)> = customers
        .history(a)
        .iter()
        .map(|p| (p.date.to_string(), p.revenue, p.orders))
        .collect();
    assert_eq!(
        days,
        [
            ("2024-01-01".into(), 10.0, 2),
            ("2024-02-01".into(), 4.0, 1),
            ("2024-03-01".into(), 17.0, 2)
        ]
    );
    assert_eq!((a.frequency, a.orders, a.revenue), (3, 5, 31.0));
    // Earliest day: first row seen that day (web); latest day: first row seen (shop).
    assert_eq!(
        (
            customers.channel(a.first_channel),
            customers.channel(a.last_channel)
        ),
        (Some("web"), Some("shop"))
    );
}

#[test]
fn preview_shows_roles_values_and_cell_errors() {
    let file = "N° client;Date de commande;Montant TTC;Ville\nC1;05/03/2024;12,50;Paris\nC2;13/03/2024;12,x;\n;31/02/2024;3;Lyon\n";
    let shown = preview(file.as_bytes(), &options(), 2).unwrap();
    assert_eq!(shown.format, "csv");
    assert_eq!(shown.delimiter.as_deref(), Some(";"));
    assert_eq!(shown.decimal_separator, ",");
    assert_eq!(shown.date_order, "day_first");
    assert_eq!(
        shown.headers,
        ["N° client", "Date de commande", "Montant TTC", "Ville"]
    );
    assert_eq!(shown.columns[&Role::City], "Ville");
    assert!(shown.missing.is_empty());
    assert_eq!(shown.rows.len(), 2);
    let first = &shown.rows[0];
    assert_eq!(first.line, 2);
    assert_eq!(
        first.cells[&Role::OrderDate].value,
        Some(CellValue::Date(day("2024-03-05")))
    );
    assert_eq!(
        first.cells[&Role::Amount].value,
        Some(CellValue::Number(12.5))
    );
    assert_eq!(
        shown.rows[1].cells[&Role::Amount].error.as_deref(),
        Some("not an amount with \",\" as decimal separator")
    );
    let json = serde_json::to_value(&shown).unwrap();
    assert_eq!(
        json["rows"][0]["cells"]["order_date"]["value"],
        "2024-03-05"
    );
    // Missing roles are shown, not an error.
    let shown = preview(b"Client;Quantite\nA;2\n", &options(), 5).unwrap();
    assert_eq!(shown.missing, [Role::OrderDate, Role::Amount]);
}

#[test]
fn preview_of_a_spreadsheet_lists_sheets() {
    let bytes = std::fs::read(format!(
        "{}/tests/data/commandes.xlsx",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let shown = preview(&bytes, &options(), 3).unwrap();
    assert_eq!(shown.format, "xlsx");
    assert_eq!(shown.sheets, ["Commandes", "Notes"]);
    assert_eq!(shown.sheet.as_deref(), Some("Commandes"));
    assert_eq!(
        shown.rows[0].cells[&Role::OrderDate].value,
        Some(CellValue::Date(day("2024-01-15")))
    );
    assert_eq!(
        shown.rows[2].cells[&Role::Amount].value,
        Some(CellValue::Number(12.5))
    );
}

#[test]
fn generated_file_reads_back_as_designed() {
    let mut file = Vec::new();
    let params = GenerateParams {
        rows: 20_000,
        seed: 3,
        ..Default::default()
    };
    write_orders_csv(&mut file, &params).unwrap();
    let ingested = ingest_bytes(&file, options()).unwrap();
    let report = &ingested.report;
    assert_eq!((report.rows.read, report.rows.used), (20_000, 20_000));
    assert_eq!(report.delimiter.as_deref(), Some(";"));
    assert_eq!(report.decimal_separator, ",");
    assert_eq!(report.date_order, "day_first");
    for role in [
        Role::OrderId,
        Role::CustomerId,
        Role::OrderDate,
        Role::Amount,
        Role::Margin,
        Role::Channel,
        Role::Name,
        Role::Postcode,
        Role::City,
    ] {
        assert!(report.columns.contains_key(&role), "{role} not recognised");
    }
    let customers = &ingested.customers.customers;
    let share = |f: &dyn Fn(&&segmento::Customer) -> bool| {
        customers.iter().filter(f).count() as f64 / customers.len() as f64
    };
    let rows_per_customer = 20_000.0 / customers.len() as f64;
    assert!(
        (3.2..4.8).contains(&rows_per_customer),
        "{rows_per_customer} rows per customer"
    );
    let one_timers = share(&|c| c.frequency == 1);
    assert!((0.40..0.60).contains(&one_timers), "{one_timers} buy once");
    assert!(
        customers.iter().any(|c| ingested
            .customers
            .history(c)
            .iter()
            .any(|p| p.revenue < 0.0)),
        "returns present"
    );
    let last = ingested.customers.as_of;
    assert!(
        last >= day("2024-11-15") && last <= day("2025-01-31"),
        "ends around the end date: {last}"
    );
    // Windows-1252 output reads the same.
    let mut legacy = Vec::new();
    write_orders_csv(
        &mut legacy,
        &GenerateParams {
            encoding_utf8: false,
            ..params
        },
    )
    .unwrap();
    let legacy = ingest_bytes(&legacy, options()).unwrap();
    assert_eq!(legacy.report.encoding, "windows-1252");
    assert_eq!(legacy.customers, ingested.customers);
}

/// ISO-8859-15 (Latin-9) goes through encoding_rs, which the page's main
/// module leaves out; the bytes below differ from Windows-1252: 0xA4 is
/// `€` (`¤` in 1252) and 0xBC is `Œ` (`¼`).
#[cfg(feature = "legacy-encodings")]
#[test]
fn a_latin9_file_reads_its_euro_and_oe_ligature() {
    let file = b"client;date;montant;nom\nC1;02/01/2024;12,50 \xa4;\xbcdipe\nC1;03/01/2024;7,50 \xa4;\xbcdipe\n";
    let settings = IngestOptions {
        encoding: Some("ISO-8859-15".into()),
        ..options()
    };
    assert!(segmento::ingest::reads_encoding("iso-8859-15"));
    let ingested = ingest_bytes(file, settings).unwrap();
    assert_eq!(ingested.report.encoding, "iso-8859-15");
    let customer = &ingested.customers.customers[0];
    assert_eq!(
        ingested
            .customers
            .attribute(customer, segmento::Attribute::Name),
        Some("Œdipe")
    );
    assert_eq!((customer.frequency, customer.revenue), (2, 20.0));
}

#[test]
fn an_unclosed_quote_loses_no_later_row() {
    // Line 3 opens a quote in the name column that nothing closes. Read as a
    // quoted field it would hold lines 4 and 5; read as text, every row counts.
    let file = "client;nom;date;montant\n\
                C1;Dupont;05/03/2024;10,00\n\
                C2;\"Martin;06/03/2024;20,00\n\
                C3;Durand;07/03/2024;30,00\n\
                C1;Dupont;08/03/2024;5,00\n";
    let ingested = ingest_bytes(file.as_bytes(), options()).unwrap();
    assert_eq!(ingested.report.rows.read, 4);
    assert_eq!(ingested.report.rows.used, 4);
    assert_eq!(ingested.customers.customers.len(), 3);
    // 10 + 20 + 30 + 5, by hand.
    assert_eq!(ingested.customers.revenue_total(), 65.0);
    let notes = english_notes(&ingested.report.notes);
    assert!(
        notes.contains("Line 3, column 2: a quote opens a field and is never closed"),
        "{notes}"
    );
}
