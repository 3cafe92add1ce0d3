//! Ingestion notes reach the reader in the report's language.
//!
//! `tests/data/dates-ambiguous.csv` has four orders whose dates are all
//! `dd/mm/yyyy` with day and month both 12 or less, so nothing in the file
//! says whether they are day-first or month-first. Ingestion takes
//! day-first (issue 2) and says so in a note; read by hand, day-first gives
//! C1 on 2024-03-05 and 2024-04-11, C2 on 2024-03-06 and C3 on 2024-12-01,
//! the last date of the file and so the as-of date.

use chrono::NaiveDate;
use segmento::ingest::ingest_bytes;
use segmento::markup::escape;
use segmento::pipeline::{analyze, Config};
use segmento::Language;

const AMBIGUOUS: &[u8] = include_bytes!("data/dates-ambiguous.csv");

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn the_french_report_says_the_date_order_was_assumed_in_french() {
    let config = Config::default();
    let ingested = ingest_bytes(AMBIGUOUS, config.input.clone()).unwrap();
    let c1 = &ingested.customers.customers[0];
    assert_eq!(
        (c1.id.as_str(), c1.first_purchase, c1.last_purchase),
        ("C1", day("2024-03-05"), day("2024-04-11"))
    );
    assert_eq!(ingested.customers.as_of, day("2024-12-01"));
    assert!(ingested.report.date_order_assumed);

    let results = analyze(ingested, &config, &mut |_| {}).unwrap();
    let french = "Les dates de «\u{A0}Date de commande\u{A0}» étaient ambiguës (chaque jour et chaque mois valait 12 ou moins)\u{A0}; elles ont été lues comme jour/mois/année.";
    let english = "Dates in \"Date de commande\" were ambiguous (every day and month was 12 or less); they were read as day/month/year.";
    let report_fr = results.report_html(Language::Fr, "2024-12-02");
    assert!(
        report_fr.contains(french),
        "no French note in the French report"
    );
    assert!(!report_fr.contains("were ambiguous"));
    let report_en = results.report_html(Language::En, "2024-12-02");
    assert!(
        report_en.contains(&*escape(english)),
        "no English note in the English report"
    );
    assert!(!report_en.contains("étaient ambiguës"));

    // summary.json: each note is {key, fr, en}.
    let summary = serde_json::to_value(&results.analysis).unwrap();
    let note = &summary["input"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|note| note["key"] == "date_order_assumed")
        .unwrap();
    assert!(note["fr"].as_str().unwrap().starts_with(french));
    assert!(note["en"].as_str().unwrap().starts_with(english));
}

/// Migrations compare each customer a year before the as-of date
/// (2024-12-01 → 2023-12-01), when no customer of the file had bought yet.
#[test]
fn unavailable_reasons_are_notes_in_both_languages() {
    let config = Config::default();
    let ingested = ingest_bytes(AMBIGUOUS, config.input.clone()).unwrap();
    let results = analyze(ingested, &config, &mut |_| {}).unwrap();
    let summary = serde_json::to_value(&results.analysis).unwrap();
    let reason = &summary["unavailable"]["migrations"];
    assert_eq!(reason["key"], "no_customer_at_compare_date");
    assert_eq!(
        reason["en"],
        "no customer had bought by the compare date 2023-12-01"
    );
    let french = "Aucun client n'avait encore acheté à la date de comparaison (2023-12-01).";
    assert_eq!(reason["fr"], french);
    assert!(results
        .report_html(Language::Fr, "2024-12-02")
        .contains(&*escape(french)));
}
