//! Ingestion throughput on one file, single-threaded.
//!
//! ```text
//! cargo run --release --example ingest_bench -- --generate 1000000 bench-data/orders-1m.csv
//! cargo run --release --example ingest_bench -- bench-data/orders-1m.csv [RUNS]
//! ```
//!
//! The file is read into memory first and pushed in 1 MiB chunks, as the
//! browser's `File.stream()` would, so only parsing and aggregation are timed.

use std::time::Instant;

use segmento::generate::{write_orders_csv, GenerateParams};
use segmento::ingest::{IngestOptions, Ingestor};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(message) = run(&args) {
        eprintln!("ingest_bench: {message}");
        std::process::exit(1);
    }
}

fn run(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) == Some("--generate") {
        let rows: u64 = args.get(1).and_then(|r| r.parse().ok()).ok_or("--generate ROWS PATH")?;
        let path = args.get(2).ok_or("--generate ROWS PATH")?;
        if let Some(parent) = std::path::Path::new(path).parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        let file = std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?;
        let mut writer = std::io::BufWriter::new(file);
        let started = Instant::now();
        write_orders_csv(&mut writer, &GenerateParams { rows, seed: 42, ..Default::default() }).map_err(|e| e.to_string())?;
        println!("wrote {rows} rows to {path} in {:.2} s", started.elapsed().as_secs_f64());
        return Ok(());
    }
    let path = args.first().ok_or("usage: ingest_bench FILE [RUNS] | --generate ROWS PATH")?;
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(8);
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let megabytes = bytes.len() as f64 / 1e6;
    let mut best = f64::INFINITY;
    let mut times = Vec::new();
    let mut summary = String::new();
    for _ in 0..runs {
        let started = Instant::now();
        let mut ingestor = Ingestor::new(IngestOptions::default()).map_err(|e| e.to_string())?;
        for chunk in bytes.chunks(1 << 20) {
            ingestor.push(chunk).map_err(|e| e.to_string())?;
        }
        let ingested = ingestor.finish().map_err(|e| e.to_string())?;
        let seconds = started.elapsed().as_secs_f64();
        best = best.min(seconds);
        times.push(seconds);
        summary = format!(
            "{} rows read, {} used, {} customers, revenue {:.2}, as of {}",
            ingested.report.rows.read,
            ingested.report.rows.used,
            ingested.customers.customers.len(),
            ingested.customers.revenue_total(),
            ingested.customers.as_of
        );
    }
    times.sort_by(f64::total_cmp);
    println!("{path}: {megabytes:.1} MB; {summary}");
    println!(
        "best of {runs}: {:.1} ms = {:.0} MB/s (median {:.1} ms = {:.0} MB/s)",
        best * 1e3,
        megabytes / best,
        times[times.len() / 2] * 1e3,
        megabytes / times[times.len() / 2]
    );
    Ok(())
}
