//! Streaming properties: any bytes in any chunking never panic, and the
//! chunking never changes the result.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use segmento::ingest::{ingest_bytes, preview, IngestOptions, Ingested, Ingestor};

fn options() -> IngestOptions {
    IngestOptions {
        file_name: Some("x.csv".into()),
        ..Default::default()
    }
}

/// Push `bytes` cut at the given chunk sizes (cycled).
fn chunked(bytes: &[u8], sizes: &[usize]) -> Result<Ingested, String> {
    let mut ingestor = Ingestor::new(options()).map_err(|e| e.to_string())?;
    let mut rest = bytes;
    let mut sizes = sizes.iter().cycle();
    while !rest.is_empty() {
        let size = (*sizes.next().unwrap_or(&usize::MAX)).clamp(1, rest.len());
        let (chunk, tail) = rest.split_at(size);
        ingestor.push(chunk).map_err(|e| e.to_string())?;
        rest = tail;
    }
    ingestor.finish().map_err(|e| e.to_string())
}

fn whole(bytes: &[u8]) -> Result<Ingested, String> {
    ingest_bytes(bytes, options()).map_err(|e| e.to_string())
}

const HEADERS: [&str; 4] = [
    "N° client;Date de commande;Montant TTC;Canal;N° commande",
    "customer,date,amount,channel,order",
    "Code client\tDate facture\tMontant\tOrigine\tFacture",
    "Client;Date dernier achat;Nb commandes;CA total;Ville",
];
const IDS: [&str; 6] = ["A", "B", "Élodie", "", " C ", "\"D;E\""];
const DATES: [&str; 9] = [
    "05/03/2024",
    "13/03/2024",
    "03/13/2024",
    "2024-03-05",
    "31/02/2024",
    "x",
    "",
    "45356",
    "5 mars 2024",
];
const AMOUNTS: [&str; 10] = [
    "12,50",
    "1.234",
    "1 234,56 €",
    "-3",
    "0",
    "abc",
    "1,234",
    "(2.00)",
    "\"1,5\"",
    "",
];
const OTHERS: [&str; 5] = ["web", "", "magasin", "\"multi\nligne\"", "7"];

fn csv_like() -> impl Strategy<Value = Vec<u8>> {
    let row = (
        0..IDS.len(),
        0..DATES.len(),
        0..AMOUNTS.len(),
        0..OTHERS.len(),
        0..OTHERS.len(),
    );
    (
        0..HEADERS.len(),
        prop::collection::vec(row, 0..40),
        any::<bool>(),
        0..3u8,
    )
        .prop_map(|(header, rows, crlf, encoding)| {
            let separator = match header {
                1 => ",",
                2 => "\t",
                _ => ";",
            };
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = String::from(HEADERS[header]);
            text.push_str(end);
            for (id, date, amount, a, b) in rows {
                let cells = [IDS[id], DATES[date], AMOUNTS[amount], OTHERS[a], OTHERS[b]];
                text.push_str(&cells.join(separator));
                text.push_str(end);
            }
            match encoding {
                0 => text.into_bytes(),
                1 => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
                _ => {
                    let mut bytes = vec![0xFF, 0xFE];
                    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                    bytes
                }
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..3000), sizes in prop::collection::vec(1usize..97, 1..20)) {
        let _ = chunked(&bytes, &sizes);
        let _ = preview(&bytes, &options(), 10);
    }

    #[test]
    fn chunking_never_changes_the_result(bytes in csv_like(), sizes in prop::collection::vec(1usize..50, 1..20)) {
        let expected = whole(&bytes);
        prop_assert_eq!(chunked(&bytes, &sizes), expected.clone());
        prop_assert_eq!(chunked(&bytes, &[1]), expected);
        let _ = preview(&bytes, &options(), 10);
    }

    #[test]
    fn every_data_row_is_accounted_for(bytes in csv_like()) {
        if let Ok(ingested) = whole(&bytes) {
            let rows = &ingested.report.rows;
            prop_assert_eq!(rows.read, rows.used + rows.skipped_total());
            prop_assert!(rows.examples.values().all(|examples| examples.len() <= 5));
            let customers = &ingested.customers;
            let orders: u64 = customers.customers.iter().map(|c| u64::from(c.orders)).sum();
            if customers.has_history {
                // A used row is an order or a return netted (a return is
                // not an order); the returns note counts the latter.
                let returns: u64 = ingested
                    .report
                    .notes
                    .iter()
                    .find(|note| note.key == "returns")
                    .and_then(|note| note.en.split(' ').next()?.parse().ok())
                    .unwrap_or(0);
                prop_assert_eq!(orders + returns, rows.used);
                // Every customer has a purchase day.
                prop_assert!(customers.customers.iter().all(|c| c.frequency >= 1
                    && customers.history(c).iter().any(|p| p.is_purchase())));
            }
        }
    }
}

#[test]
fn large_input_in_random_chunks_crosses_the_sniff_window() {
    // Over 64 KB, so the dialect is decided before the end, with a
    // Windows-1252 character far from the start.
    let mut text = String::from("client;date;montant\n");
    for i in 0..6000 {
        text.push_str(&format!("C{};{:02}/01/2024;{},5\n", i % 300, 1 + i % 12, i));
    }
    text.push_str("Zoé;15/01/2024;1 000,00\n");
    let bytes = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
    assert!(bytes.len() > 70 * 1024);
    let expected = whole(&bytes).unwrap();
    assert_eq!(expected.report.encoding, "windows-1252");
    assert!(expected.customers.customers.iter().any(|c| c.id == "Zoé"));
    for sizes in [vec![1], vec![4096, 3, 65535, 7], vec![65536], vec![100_000]] {
        assert_eq!(chunked(&bytes, &sizes).unwrap(), expected, "{sizes:?}");
    }
}
