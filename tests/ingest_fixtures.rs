//! Fixture files → expected customers, totals and skip counts.
//!
//! Every expected value below was computed independently by
//! `tests/reference/fixtures_reference.py` (pandas, with the dialect of each
//! file given explicitly); its output is kept in
//! `tests/reference/fixtures_reference.out`. The fixtures themselves are
//! written by `tests/reference/make_fixtures.py`.

mod common;

use chrono::NaiveDate;
use common::english_notes;
use segmento::ingest::{ingest_bytes, IngestOptions, Ingested, Role, Shape, SkipReason};
use segmento::{ErrorKind, OwnedCustomer};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn ingest(name: &str) -> Ingested {
    let options = IngestOptions {
        file_name: Some(name.into()),
        ..Default::default()
    };
    let bytes = fixture(name);
    let whole = ingest_bytes(&bytes, options.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    // Streaming in small chunks must give exactly the same result.
    for chunk in [1, 3, 7, 64] {
        let mut ingestor = segmento::ingest::Ingestor::new(options.clone()).unwrap();
        for part in bytes.chunks(chunk) {
            ingestor.push(part).unwrap();
        }
        assert_eq!(
            ingestor.finish().unwrap(),
            whole,
            "{name} pushed in chunks of {chunk}"
        );
    }
    whole
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Customer `id`, in the owned shape (history, channels and attributes inline).
fn customer(ingested: &Ingested, id: &str) -> OwnedCustomer {
    ingested
        .customers
        .to_owned_customers()
        .customers
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no customer {id}"))
}

#[track_caller]
fn assert_close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

/// (id, first, last, frequency, orders, revenue, margin)
type Expected<'a> = (&'a str, &'a str, &'a str, u32, u32, f64, f64);

#[track_caller]
fn assert_customers(ingested: &Ingested, expected: &[Expected<'_>]) {
    let ids: Vec<&str> = ingested
        .customers
        .customers
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let expected_ids: Vec<&str> = expected.iter().map(|e| e.0).collect();
    assert_eq!(ids, expected_ids, "customers in order of first appearance");
    for &(id, first, last, frequency, orders, revenue, margin) in expected {
        let c = customer(ingested, id);
        assert_eq!(
            (c.first_purchase, c.last_purchase),
            (day(first), day(last)),
            "{id}"
        );
        assert_eq!((c.frequency, c.orders), (frequency, orders), "{id}");
        assert_close(c.revenue, revenue);
        assert_close(c.margin, margin);
        assert_eq!(
            c.history.iter().filter(|p| p.is_purchase()).count(),
            frequency as usize,
            "{id}: one purchase per distinct purchase day"
        );
        assert!(
            c.history.windows(2).all(|w| w[0].date < w[1].date),
            "{id}: history sorted"
        );
    }
}

#[track_caller]
fn assert_accounting(
    ingested: &Ingested,
    read: u64,
    used: u64,
    skipped: &[(SkipReason, u64, u64, &str)],
) {
    let rows = &ingested.report.rows;
    assert_eq!((rows.read, rows.used), (read, used));
    assert_eq!(rows.read, rows.used + rows.skipped_total());
    assert_eq!(rows.skipped.len(), skipped.len(), "{:?}", rows.skipped);
    for &(reason, count, line, value) in skipped {
        assert_eq!(rows.skipped[&reason], count, "{reason}");
        let example = &rows.examples[&reason][0];
        assert_eq!(
            (example.line, example.value.as_str()),
            (line, value),
            "{reason}"
        );
    }
}

#[test]
fn windows_1252_semicolon_file_with_euro_amounts() {
    let ingested = ingest("commandes-windows1252.csv");
    let report = &ingested.report;
    assert_eq!(report.format, "csv");
    assert_eq!(report.encoding, "windows-1252");
    assert_eq!(report.delimiter.as_deref(), Some(";"));
    assert_eq!(report.decimal_separator, ",");
    assert_eq!(report.date_order, "day_first");
    assert!(!report.date_order_assumed);
    assert_eq!(report.shape, Shape::Orders);
    assert_eq!(report.columns[&Role::CustomerId], "N° client");
    assert_eq!(report.columns[&Role::OrderDate], "Date de commande");
    assert_eq!(report.columns[&Role::Amount], "Montant TTC");
    assert_eq!(report.columns[&Role::OrderId], "N° commande");
    assert_eq!(report.columns[&Role::Margin], "Marge");
    assert_eq!(report.columns[&Role::Channel], "Canal");
    assert_accounting(
        &ingested,
        11,
        7,
        &[
            (SkipReason::MissingId, 1, 8, ""),
            (SkipReason::UnparseableDate, 1, 9, "31/02/2024"),
            (SkipReason::UnparseableAmount, 1, 10, "12,x €"),
            (SkipReason::DuplicateOrder, 1, 7, "F0002"),
        ],
    );
    let example = &report.rows.examples[&SkipReason::UnparseableAmount][0];
    assert_eq!(example.column.as_deref(), Some("Montant TTC"));
    assert_customers(
        &ingested,
        &[
            // The 2 March row is a return alone that day: netted, but no
            // purchase day and no order.
            ("C001", "2024-01-05", "2024-01-05", 1, 2, 1210.00, 302.50),
            ("C002", "2024-01-13", "2024-03-28", 2, 2, 1045.90, 262.10),
            ("C003", "2024-02-20", "2024-02-20", 1, 1, 0.00, 0.00),
            ("C005", "2024-03-30", "2024-03-30", 1, 1, 7.50, 0.00),
        ],
    );
    let customers = &ingested.customers;
    assert_eq!(customers.as_of, day("2024-03-30"));
    assert_close(customers.revenue_total(), 2263.40);
    assert!(
        customers.has_margin
            && customers.has_channel
            && customers.has_history
            && customers.first_purchase_known
    );
    let c001 = customer(&ingested, "C001");
    assert_eq!(
        (c001.first_channel.as_deref(), c001.last_channel.as_deref()),
        (Some("Web"), Some("Web"))
    );
    assert_eq!(
        c001.history[0].orders, 2,
        "two orders on 5 January merged into one purchase day"
    );
    assert_close(c001.history[0].revenue, 1244.56);
    assert_eq!(c001.attributes.name.as_deref(), Some("Hélène Dupont"));
    assert_eq!(c001.attributes.postcode.as_deref(), Some("75011"));
    assert_eq!(c001.attributes.city.as_deref(), Some("Paris"));
    let c002 = customer(&ingested, "C002");
    assert_eq!(
        (c002.first_channel.as_deref(), c002.last_channel.as_deref()),
        (Some("Magasin"), Some("Catalogue"))
    );
    assert_eq!(c002.attributes.name.as_deref(), Some("François Lefèvre"));
    let c003 = customer(&ingested, "C003");
    assert_eq!(
        c003.attributes.name.as_deref(),
        Some("Müller; Anaïs"),
        "quoted field holding the delimiter"
    );
    assert_eq!(c003.first_channel.as_deref(), Some("Téléphone"));
    let notes = english_notes(&report.notes);
    for expected in [
        "1 rows with a negative amount",
        "1 orders had a zero amount",
        "1 margin values could not be read",
        "1 blank rows were ignored",
        "read as day/month/year (line 3: \"13/01/2024\")",
    ] {
        assert!(
            notes.contains(expected),
            "missing note {expected:?} in\n{notes}"
        );
    }
}

#[test]
fn utf8_bom_file_with_iso_dates_and_quoted_line_breaks() {
    let ingested = ingest("orders-utf8-bom.csv");
    let report = &ingested.report;
    assert_eq!(report.encoding, "utf-8-bom");
    assert_eq!(report.delimiter.as_deref(), Some(","));
    assert_eq!(report.decimal_separator, ".");
    assert_eq!(report.date_order, "year_first");
    assert_eq!(report.columns[&Role::CustomerId], "CustomerID");
    assert_eq!(report.columns[&Role::OrderDate], "InvoiceDate");
    assert_eq!(report.columns[&Role::Amount], "Revenue");
    assert_eq!(report.columns[&Role::OrderId], "InvoiceNo");
    // Line 7: the quoted line break in INV-3 counts as a line.
    assert_accounting(
        &ingested,
        6,
        5,
        &[(SkipReason::UnparseableAmount, 1, 7, "1e3")],
    );
    assert_customers(
        &ingested,
        &[
            // INV-4 (29 February) is a return alone that day.
            ("CUST-1", "2023-11-02", "2023-11-02", 1, 2, 125.25, 50.10),
            ("CUST-2", "2024-01-10", "2024-01-10", 1, 1, 75.00, 30.00),
            ("CUST-3", "2024-03-01", "2024-03-01", 1, 1, 0.00, 0.00),
        ],
    );
    assert_eq!(ingested.customers.as_of, day("2024-03-01"));
    assert_close(ingested.customers.revenue_total(), 200.25);
    assert_eq!(
        customer(&ingested, "CUST-1").attributes.name.as_deref(),
        Some("Ann \"Annie\" Smith")
    );
    assert_eq!(
        customer(&ingested, "CUST-2").attributes.name.as_deref(),
        Some("Bob\nMartin")
    );
    let cust1 = customer(&ingested, "CUST-1");
    assert_eq!(
        (
            cust1.first_channel.as_deref(),
            cust1.last_channel.as_deref()
        ),
        (Some("web"), Some("web"))
    );
}

#[test]
fn us_file_with_month_first_dates_and_dollar_amounts() {
    let ingested = ingest("orders-us.csv");
    let report = &ingested.report;
    assert_eq!(report.encoding, "utf-8");
    assert_eq!(report.delimiter.as_deref(), Some(","));
    assert_eq!(report.decimal_separator, ".");
    assert_eq!(report.date_order, "month_first");
    assert!(!report.date_order_assumed);
    assert_accounting(&ingested, 5, 5, &[]);
    assert_customers(
        &ingested,
        &[
            // A-3 (1 April, "(20.00)") is a return alone that day.
            ("1001", "2024-03-05", "2024-03-05", 1, 1, 1214.56, 0.0),
            ("1002", "2024-03-15", "2024-03-15", 1, 2, 20.00, 0.0),
            ("1003", "2024-12-31", "2024-12-31", 1, 1, 2000.00, 0.0),
        ],
    );
    assert_eq!(ingested.customers.as_of, day("2024-12-31"));
    assert!(!ingested.customers.has_margin);
    assert_eq!(
        customer(&ingested, "1001").attributes.email.as_deref(),
        Some("ann@example.com")
    );
}

#[test]
fn utf16_tab_file_with_ambiguous_dates_assumes_day_first() {
    let ingested = ingest("commandes-utf16.txt");
    let report = &ingested.report;
    assert_eq!(report.encoding, "utf-16le");
    assert_eq!(report.delimiter.as_deref(), Some("\t"));
    assert_eq!(report.date_order, "day_first");
    assert!(report.date_order_assumed);
    assert_eq!(
        report.columns[&Role::Amount],
        "Montant TTC",
        "TTC is preferred over HT"
    );
    let notes = english_notes(&report.notes);
    assert!(
        notes.contains("\"Montant TTC\" was used rather than \"Montant HT\""),
        "{notes}"
    );
    assert!(notes.contains("ambiguous"), "{notes}");
    assert_accounting(&ingested, 3, 3, &[]);
    assert_customers(
        &ingested,
        &[
            ("A1", "2024-03-05", "2024-04-07", 2, 2, 18.0, 0.0),
            ("A2", "2024-03-06", "2024-03-06", 1, 1, 120.0, 0.0),
        ],
    );
    let a1 = customer(&ingested, "A1");
    assert_eq!(
        (a1.first_channel.as_deref(), a1.last_channel.as_deref()),
        (Some("web"), Some("magasin"))
    );
    assert_eq!(a1.attributes.sex.as_deref(), Some("F"));
    assert_eq!(a1.attributes.birth_date.as_deref(), Some("1985-07-14"));
}

#[test]
fn customer_level_file() {
    let ingested = ingest("clients.csv");
    let report = &ingested.report;
    assert_eq!(report.shape, Shape::Customers);
    assert_eq!(report.columns[&Role::LastPurchase], "Date dernier achat");
    assert_eq!(report.columns[&Role::FirstPurchase], "Date premier achat");
    assert_eq!(report.columns[&Role::OrderCount], "Nb commandes");
    assert_eq!(report.columns[&Role::TotalAmount], "CA total");
    assert_eq!(report.columns[&Role::TotalMargin], "Marge totale");
    assert_accounting(
        &ingested,
        6,
        4,
        &[
            (SkipReason::DuplicateCustomer, 1, 5, "K1"),
            (SkipReason::UnparseableDate, 1, 6, "xx"),
        ],
    );
    let customers = &ingested.customers;
    assert!(!customers.has_history);
    assert!(customers.first_purchase_known);
    assert_eq!(customers.as_of, day("2024-12-20"));
    let ids: Vec<&str> = customers.customers.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["K1", "K2", "K5"]);
    for (id, first, last, orders, revenue, margin) in [
        ("K1", "2022-01-12", "2024-11-15", 7, 1520.40, 410.0),
        ("K2", "2024-06-03", "2024-06-03", 1, 89.90, 20.0),
        ("K5", "2021-02-01", "2024-12-20", 12, 2400.0, 600.0),
    ] {
        let c = customer(&ingested, id);
        assert_eq!(
            (c.first_purchase, c.last_purchase),
            (day(first), day(last)),
            "{id}"
        );
        assert_eq!((c.frequency, c.orders), (orders, orders), "{id}");
        assert_close(c.revenue, revenue);
        assert_close(c.margin, margin);
        assert!(c.history.is_empty());
    }
    assert_eq!(customers.prospects.len(), 1);
    assert_eq!(customers.prospects[0].id, "K3");
    assert_eq!(
        customers.to_owned_customers().prospects[0]
            .attributes
            .name
            .as_deref(),
        Some("Chloé Petit")
    );
    assert_eq!(
        customer(&ingested, "K1").attributes.city.as_deref(),
        Some("Paris")
    );
}

#[test]
fn spreadsheets_with_date_cells_serials_text_numbers_and_empty_rows() {
    for (name, format) in [
        ("commandes.xlsx", "xlsx"),
        ("commandes.ods", "ods"),
        ("commandes.xls", "xls"),
    ] {
        let ingested = ingest(name);
        let report = &ingested.report;
        assert_eq!(report.format, format);
        assert_eq!(report.delimiter, None);
        assert_accounting(&ingested, 6, 5, &[(SkipReason::UnparseableDate, 1, 7, "")]);
        assert_customers(
            &ingested,
            &[
                ("C1", "2024-01-15", "2024-03-02", 2, 2, 112.50, 0.0),
                // The -10 of 15 March is a return alone that day.
                ("C2", "2024-02-01", "2024-02-01", 1, 1, 40.25, 0.0),
                ("C3", "2024-03-10", "2024-03-10", 1, 1, 80.0, 0.0),
            ],
        );
        assert_eq!(ingested.customers.as_of, day("2024-03-15"), "{name}");
        assert_eq!(
            customer(&ingested, "C1").attributes.postcode.as_deref(),
            Some("75011"),
            "{name}"
        );
    }
}

#[test]
fn spreadsheet_sheet_can_be_chosen_by_name() {
    let bytes = fixture("commandes.xlsx");
    let options = IngestOptions {
        sheet: Some("Nope".into()),
        ..Default::default()
    };
    let err = ingest_bytes(&bytes, options).unwrap_err();
    assert!(
        err.to_string().contains("\"Commandes\", \"Notes\""),
        "{err}"
    );
    let options = IngestOptions {
        sheet: Some("Notes".into()),
        ..Default::default()
    };
    let err = ingest_bytes(&bytes, options).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::MissingColumn { .. }),
        "{err}"
    );
}

#[test]
fn a_file_without_usable_rows_is_a_clear_error() {
    let options = IngestOptions {
        file_name: Some("all-bad.csv".into()),
        ..Default::default()
    };
    let err = ingest_bytes(&fixture("all-bad.csv"), options).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NoUsableRow(_)), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("3 rows read, none could be used"),
        "{message}"
    );
    assert!(message.contains("1 missing customer id"), "{message}");
    assert!(message.contains("value \"pas une date\""), "{message}");
    assert!(message.contains("file all-bad.csv"), "{message}");
}
