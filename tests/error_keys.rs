//! The errors a user can cause through the file or the ingestion options
//! carry their message key and parameters from where they are built, so the
//! page can word them in French (src/error_messages.rs, `error.<key>` in
//! www/i18n.js); the English text the CLI prints is rendered from them.
//! Every expected value is worked out by hand from the input.

use std::collections::BTreeMap;

use segmento::error_messages::PageError;
use segmento::ingest::{ingest_bytes, preview, IngestOptions, Role};
use segmento::Error;

fn page(err: &Error) -> (String, &'static str, Vec<(&'static str, String)>) {
    let page = PageError::of(err);
    let reason = page.reason.expect("a keyed message");
    (page.message, reason.key, reason.params.0)
}

#[test]
fn a_delimiter_that_cannot_be_one() {
    let options = IngestOptions {
        delimiter: Some('x'),
        ..Default::default()
    };
    let err = ingest_bytes(b"a,b\n1,2\n", options).unwrap_err();
    let (message, key, params) = page(&err);
    assert_eq!(
        message,
        r#"invalid setting input.delimiter: "x" cannot be a delimiter; use ",", ";", "\t" or "|""#
    );
    assert_eq!(key, "delimiter");
    assert_eq!(params, vec![("value", "x".to_string())]);
    assert_eq!(
        PageError::of(&err).setting.as_deref(),
        Some("input.delimiter")
    );
}

#[test]
fn a_column_the_file_does_not_have() {
    let options = IngestOptions {
        columns: BTreeMap::from([(Role::Amount, "Prix".to_string())]),
        ..Default::default()
    };
    let err = ingest_bytes(b"client;date;montant\nA;10/01/2024;100\n", options).unwrap_err();
    let (message, key, params) = page(&err);
    assert_eq!(
        message,
        r#"invalid setting input.columns.amount: no column is named "Prix"; the headers are: "client", "date", "montant""#
    );
    assert_eq!(key, "column_not_named");
    assert_eq!(
        params,
        vec![
            ("name", "Prix".to_string()),
            ("headers", r#""client", "date", "montant""#.to_string())
        ]
    );
}

#[test]
fn an_empty_file() {
    let err = preview(b"  \n", &IngestOptions::default(), 10).unwrap_err();
    let (message, key, params) = page(&err);
    assert_eq!(message, "unreadable input: the file is empty");
    assert_eq!((key, params), ("file_empty", vec![]));
}

#[test]
fn no_usable_row_names_each_reason_and_its_count() {
    // Lines 2 and 3: dates that are not dates; line 4: no customer id.
    let file = "client;date;montant\nA;31/02/2024;10\nB;hier;5\n;10/01/2024;7\n";
    let options = IngestOptions {
        file_name: Some("ventes.csv".into()),
        columns: BTreeMap::from([
            (Role::CustomerId, "client".to_string()),
            (Role::OrderDate, "date".to_string()),
            (Role::Amount, "montant".to_string()),
        ]),
        ..Default::default()
    };
    let err = ingest_bytes(file.as_bytes(), options).unwrap_err();
    let (message, key, params) = page(&err);
    assert_eq!(key, "rows_none_used");
    assert_eq!(params[0], ("count", "3".to_string()));
    // The page's parameter: each reason's key and count, in the reasons' order.
    assert_eq!(
        params[2],
        ("reasons", "missing_id 1; unparseable_date 2".to_string())
    );
    // The English text shows the reasons in words, with an example each.
    assert!(
        message
            .starts_with("no usable row: 3 rows read, none could be used: 1 missing customer id"),
        "{message}"
    );
    assert!(
        message.contains("2 unparseable date (e.g. line 2"),
        "{message}"
    );
    assert!(message.ends_with("(file ventes.csv)"), "{message}");
}
