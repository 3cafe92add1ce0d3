//! Times the presentation layer on a synthetic order file the size of the
//! issue's benchmark (about 1M rows, 250k customers):
//!
//! ```text
//! cargo run --release --example present_timing [ROWS]
//! ```
//!
//! It prints how long the charts, the report, the CSV and XLSX exports and a
//! few customer-list pages take, which is what the page waits for after the
//! analysis and on each keystroke of the customer search.

use std::fmt::Write as _;
use std::time::Instant;

use segmento::export::CsvDialect;
use segmento::ingest::ingest_bytes;
use segmento::pipeline::{analyze, Config};
use segmento::present::{CustomerFilter, CustomerQuery, FilterKind};
use segmento::Language;

/// A small deterministic generator (64-bit LCG, Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let customers = rows / 4;
    const NAMES: [&str; 8] = [
        "Dupont", "Martin", "Lefèvre", "Bernard", "Petit", "Durand", "Moreau", "Girard",
    ];
    const CITIES: [&str; 6] = ["Paris", "Lyon", "Besançon", "Nantes", "Lille", "Nice"];
    let mut rng = Lcg(42);
    let mut csv = String::with_capacity(rows * 64);
    csv.push_str("client;nom;ville;date;montant\n");
    for _ in 0..rows {
        // Skewed: low ids buy more often.
        let a = rng.below(customers as u64);
        let b = rng.below(customers as u64);
        let id = a.min(b);
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(12);
        let year = 2021 + rng.below(4);
        let cents = 500 + rng.below(30_000);
        let _ = writeln!(
            csv,
            "C{id:07};{} {id};{};{day:02}/{month:02}/{year};{},{:02}",
            NAMES[(id % 8) as usize],
            CITIES[(id % 6) as usize],
            cents / 100,
            cents % 100
        );
    }
    let config: Config = serde_json::from_str(r#"{"input": {"as_of": "2024-12-31"}}"#).unwrap();

    let start = Instant::now();
    let ingested = ingest_bytes(csv.as_bytes(), config.input.clone()).unwrap();
    let results = analyze(ingested, &config, &mut |_| {}).unwrap();
    println!(
        "{} rows, {} customers: ingest + analyses {:.0} ms",
        rows,
        results.analysis.customers,
        start.elapsed().as_secs_f64() * 1e3
    );

    let time = |label: &str, f: &mut dyn FnMut() -> usize| {
        let start = Instant::now();
        let size = f();
        println!(
            "{label:<44} {:>8.1} ms  ({size} bytes or rows)",
            start.elapsed().as_secs_f64() * 1e3
        );
    };
    time("charts (fr)", &mut || {
        let charts = results.charts(Language::Fr);
        charts.rfm_grid.as_str().len() + charts.pareto.as_str().len()
    });
    time("report_html (fr)", &mut || {
        results.report_html(Language::Fr, "now").len()
    });
    time("customers_csv (standard, all)", &mut || {
        results
            .customers_csv(CsvDialect::Standard, None)
            .unwrap()
            .len()
    });
    time("customers_csv (excel_fr, lost)", &mut || {
        let filter = CustomerFilter::new(FilterKind::RfmSegment, "lost");
        results
            .customers_csv(CsvDialect::ExcelFr, Some(&filter))
            .unwrap()
            .len()
    });
    time("customers_xlsx (fr)", &mut || {
        let created = chrono::NaiveDate::from_ymd_opt(2024, 12, 31)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        results.customers_xlsx(Language::Fr, created).unwrap().len()
    });
    for (label, query) in [
        ("page: all, file order", CustomerQuery::default()),
        (
            "page: all, by revenue desc",
            CustomerQuery {
                sort_by: "monetary".into(),
                descending: true,
                ..CustomerQuery::default()
            },
        ),
        (
            "page: all, by name",
            CustomerQuery {
                sort_by: "name".into(),
                ..CustomerQuery::default()
            },
        ),
        (
            "page: search \"lefevre besancon\"",
            CustomerQuery {
                search: "lefevre besancon".into(),
                ..CustomerQuery::default()
            },
        ),
        (
            "page: champions, by revenue desc",
            CustomerQuery {
                filter: Some(CustomerFilter::new(FilterKind::RfmSegment, "champions")),
                sort_by: "monetary".into(),
                descending: true,
                ..CustomerQuery::default()
            },
        ),
    ] {
        time(label, &mut || results.customer_page(&query).total);
    }
}
