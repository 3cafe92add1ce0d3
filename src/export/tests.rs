//! XLSX round trips: write a workbook, read it back with calamine (an
//! independent reader) and with a plain unzip of its XML parts.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use super::*;
use crate::Language;

fn created() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 6, 30)
        .unwrap()
        .and_hms_opt(14, 5, 9)
        .unwrap()
}

fn customers() -> Table {
    let mut table = Table::new(vec![
        Column::known("customer_id"),
        Column::known("name"),
        Column::known("last_purchase"),
        Column::known("frequency"),
        Column::known("monetary"),
        Column::known("p_alive"),
        Column::known("share_revenue"),
        Column::known("lapsed"),
    ]);
    table.push(vec![
        Cell::text("C001"),
        Cell::text("=cmd|' /C calc'!A0"),
        Cell::Date(NaiveDate::from_ymd_opt(2024, 12, 24).unwrap()),
        Cell::Integer(7),
        Cell::Money(1234.56),
        Cell::number(0.8765, 4),
        Cell::percent(0.125, 1),
        Cell::Bool(false),
    ]);
    table.push(vec![
        Cell::text("C002"),
        Cell::Empty,
        Cell::Date(NaiveDate::from_ymd_opt(2023, 1, 2).unwrap()),
        Cell::Integer(1),
        Cell::Money(-15.0),
        Cell::number(f64::NAN, 4),
        Cell::percent(0.0, 1),
        Cell::Bool(true),
    ]);
    table
}

fn segments() -> Table {
    let mut table = Table::new(vec![Column::known("segment"), Column::known("customers")]);
    table.push(vec![Cell::text("Champions"), Cell::Integer(312)]);
    table
}

fn workbook(language: Language) -> Vec<u8> {
    let customers = customers();
    let segments = segments();
    let sheets = [
        Sheet {
            name: "Clients".into(),
            rows: &customers,
        },
        Sheet {
            name: "Segments RFM".into(),
            rows: &segments,
        },
    ];
    write_xlsx(&sheets, language, created()).unwrap()
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(name).unwrap();
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

#[test]
fn cells_read_back_with_their_types() {
    let bytes = workbook(Language::Fr);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["Clients".to_string(), "Segments RFM".to_string()]
    );
    let range = book.worksheet_range("Clients").unwrap();
    assert_eq!(range.get_size(), (3, 8));
    let header: Vec<String> = (0..8)
        .map(|c| range.get((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Identifiant client",
            "Nom",
            "Dernier achat",
            "Fréquence (jours d'achat)",
            "Montant",
            "Probabilité d'être actif",
            "Part du CA",
            "Perdu"
        ]
    );
    assert_eq!(range.get((1, 0)), Some(&Data::String("C001".into())));
    // Text stays text in XLSX: no quote is added, and it is not a formula.
    assert_eq!(
        range.get((1, 1)),
        Some(&Data::String("=cmd|' /C calc'!A0".into()))
    );
    match range.get((1, 2)) {
        Some(Data::DateTime(date)) => {
            assert_eq!(
                date.as_datetime().unwrap().date(),
                NaiveDate::from_ymd_opt(2024, 12, 24).unwrap()
            )
        }
        other => panic!("expected a date, got {other:?}"),
    }
    assert_eq!(range.get((1, 3)), Some(&Data::Float(7.0)));
    assert_eq!(range.get((1, 4)), Some(&Data::Float(1234.56)));
    assert_eq!(range.get((1, 5)), Some(&Data::Float(0.8765)));
    assert_eq!(range.get((1, 6)), Some(&Data::Float(0.125)));
    assert_eq!(range.get((1, 7)), Some(&Data::Bool(false)));
    assert_eq!(range.get((2, 1)), Some(&Data::Empty));
    assert_eq!(range.get((2, 4)), Some(&Data::Float(-15.0)));
    // NaN cannot be stored: the cell is left blank.
    assert_eq!(range.get((2, 5)), Some(&Data::Empty));
    assert_eq!(range.get((2, 7)), Some(&Data::Bool(true)));

    let english: Xlsx<_> = Xlsx::new(Cursor::new(workbook(Language::En))).unwrap();
    let mut english = english;
    let range = english.worksheet_range("Clients").unwrap();
    assert_eq!(
        range.get((0, 3)),
        Some(&Data::String("Frequency (purchase days)".into()))
    );
}

#[test]
fn header_is_bold_frozen_and_filtered_with_number_formats() {
    let bytes = workbook(Language::Fr);
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A1:H3"/>"#), "{sheet}");
    assert!(sheet.contains("<cols>"));
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("<b/>"));
    for code in [
        "#,##0.00\\ &quot;€&quot;",
        "dd/mm/yyyy",
        "0.0%",
        "#,##0.0000",
    ] {
        assert!(styles.contains(code), "missing {code} in {styles}");
    }
    let english = part(&workbook(Language::En), "xl/styles.xml");
    assert!(english.contains("&quot;€&quot;#,##0.00") && english.contains("yyyy-mm-dd"));
}

#[test]
fn workbook_bytes_are_reproducible() {
    assert_eq!(workbook(Language::Fr), workbook(Language::Fr));
    let core = part(&workbook(Language::Fr), "docProps/core.xml");
    assert!(core.contains("2025-06-30T14:05:09Z"), "{core}");
}

#[test]
fn an_empty_table_still_gets_its_header() {
    let empty = Table::new(vec![Column::known("segment")]);
    let bytes = write_xlsx(
        &[Sheet {
            name: "Vide".into(),
            rows: &empty,
        }],
        Language::En,
        created(),
    )
    .unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Vide").unwrap();
    assert_eq!(range.get((0, 0)), Some(&Data::String("Segment".into())));
    assert_eq!(range.get_size(), (1, 1));
}

/// Parses CSV bytes with csv-core (an independent RFC 4180 reader).
fn parse_csv(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut records = Vec::new();
    let mut input = bytes;
    let mut output = vec![0u8; bytes.len() + 1];
    let mut ends = vec![0usize; 64];
    loop {
        let (result, read, _, n_ends) = reader.read_record(input, &mut output, &mut ends);
        input = &input[read..];
        match result {
            csv_core::ReadRecordResult::Record => {
                let mut start = 0;
                let record = ends[..n_ends]
                    .iter()
                    .map(|&end| {
                        let field = String::from_utf8(output[start..end].to_vec()).unwrap();
                        start = end;
                        field
                    })
                    .collect();
                records.push(record);
            }
            csv_core::ReadRecordResult::End => return records,
            csv_core::ReadRecordResult::InputEmpty => {}
            other => panic!("unexpected {other:?}"),
        }
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Any text survives both dialects: parsed back, each field equals the
        /// original, with a leading `'` exactly when it starts like a formula.
        #[test]
        fn text_round_trips_through_both_dialects(texts in proptest::collection::vec("\\PC{0,12}|[=+\\-@\",;\\r\\n ]{1,6}", 1..8)) {
            let mut table = Table::new(vec![Column::known("name"), Column::known("monetary")]);
            for text in &texts {
                table.push(vec![Cell::text(text.clone()), Cell::Money(-1.5)]);
            }
            for (dialect, delimiter, money) in [(CsvDialect::Standard, b',', "-1.50"), (CsvDialect::ExcelFr, b';', "-1,50")] {
                let bytes = csv_bytes(&table, dialect).unwrap();
                let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
                let records = parse_csv(body, delimiter);
                prop_assert_eq!(records.len(), texts.len() + 1);
                for (record, text) in records[1..].iter().zip(&texts) {
                    let guarded = matches!(text.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
                    let expected = if guarded { format!("'{text}") } else { text.clone() };
                    prop_assert_eq!(&record[0], &expected);
                    prop_assert_eq!(record[1].as_str(), money);
                }
            }
        }
    }
}

/// `n` customers of one id and one amount each; ids longer from row 3 000,
/// so the first thousand rows underestimate the rest.
fn many_customers(n: usize) -> Table {
    let mut table = Table::new(vec![
        Column::known("customer_id"),
        Column::known("monetary"),
    ]);
    for i in 0..n {
        let id = if i < 3000 {
            format!("C{i:05}")
        } else {
            format!("CLIENT-{i:09}")
        };
        table.push(vec![Cell::text(id), Cell::Money(12.5)]);
    }
    table
}

#[test]
fn csv_bytes_are_sized_from_the_first_rows() {
    // 5 000 rows of "C00001,12.50\r\n" (14 bytes) after a 22-byte header:
    // 70 022 bytes, whose doubling capacity would be 131 072.
    let mut table = Table::new(vec![
        Column::known("customer_id"),
        Column::known("monetary"),
    ]);
    for i in 0..5000 {
        table.push(vec![Cell::text(format!("C{i:05}")), Cell::Money(12.5)]);
    }
    let bytes = csv_bytes(&table, CsvDialect::Standard).unwrap();
    assert_eq!(bytes.len(), 22 + 14 * 5000);
    assert!(
        bytes.capacity() * 10 <= bytes.len() * 12,
        "capacity {} for {} bytes",
        bytes.capacity(),
        bytes.len()
    );
}

#[test]
fn csv_bytes_equal_the_streamed_csv_when_the_estimate_is_short() {
    let table = many_customers(6000);
    for dialect in [CsvDialect::Standard, CsvDialect::ExcelFr] {
        let mut streamed = Vec::new();
        write_csv(&table, dialect, &mut streamed).unwrap();
        let bytes = csv_bytes(&table, dialect).unwrap();
        assert_eq!(bytes, streamed);
        // 3 000 rows of 14 bytes and 3 000 of 24, plus the header.
        let header = if dialect == CsvDialect::Standard {
            22
        } else {
            "\u{feff}Identifiant client;Montant\r\n".len()
        };
        assert_eq!(bytes.len(), header + 3000 * 14 + 3000 * 24);
    }
}

#[test]
fn packed_sheets_are_sized_from_the_first_rows_and_unpack_whole() {
    let table = many_customers(6000);
    let packed = pack_sheets(&[Sheet {
        name: "Clients".into(),
        rows: &table,
    }]);
    // Per row: two tags, the id's length and bytes, a money's 8 bytes.
    let rows_bytes = 3000 * (1 + 4 + 6 + 1 + 8) + 3000 * (1 + 4 + 16 + 1 + 8);
    assert!(packed.len() > rows_bytes);
    let sheets = unpack_sheets(&packed).unwrap();
    let mut row = Vec::new();
    for index in [0, 1023, 1024, 2999, 3000, 5999] {
        sheets[0].fill_row(index, &mut row);
        assert_eq!(row, table.rows[index], "row {index}");
    }
    let mut uniform = Table::new(vec![
        Column::known("customer_id"),
        Column::known("monetary"),
    ]);
    for i in 0..5000 {
        uniform.push(vec![Cell::text(format!("C{i:05}")), Cell::Money(12.5)]);
    }
    let packed = pack_sheets(&[Sheet {
        name: "Clients".into(),
        rows: &uniform,
    }]);
    assert!(
        packed.capacity() * 10 <= packed.len() * 12,
        "capacity {} for {} bytes",
        packed.capacity(),
        packed.len()
    );
}
