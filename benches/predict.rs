//! Prediction benchmark: fit + predict on 254,000 simulated customers.
//!
//! `cargo bench --bench predict` prints the timings and writes the same
//! customers' (frequency, recency, T, monetary_value) in weeks to
//! `target/predict_bench.csv` for `benches/predict_lifetimes.py`, which
//! times the Python `lifetimes` package on the same work.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/predict_sim/mod.rs"]
mod predict_sim;

use segmento::predict::{self, Params};
use std::io::Write;
use std::time::Instant;

fn main() {
    let customers = predict_sim::simulate(254_000, 3 * 365, 2024, predict_sim::TRUTH);
    let purchase_days: usize = customers.customers.iter().map(|c| c.history_len()).sum();
    let repeaters = customers
        .customers
        .iter()
        .filter(|c| c.frequency > 1)
        .count();
    println!(
        "customers {}, purchase days {purchase_days}, repeat customers {repeaters}",
        customers.customers.len()
    );

    let params = Params::default();
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut last = None;
    for _ in 0..11 {
        let (start, cpu_start) = (Instant::now(), thread_cpu_ms());
        let out = predict::run(&customers, &params, None).expect("prediction");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        cpu_times.push(thread_cpu_ms() - cpu_start);
        last = Some(out);
    }
    times.sort_by(f64::total_cmp);
    cpu_times.sort_by(f64::total_cmp);
    let out = last.expect("one run");
    let fit = out.bgnbd.as_ref().expect("fitted");
    println!(
        "predict::run (BG/NBD + Gamma-Gamma fits, p_alive, E[purchases], spend, CLV, groups): best {:.1} ms, median {:.1} ms",
        times[0],
        times[times.len() / 2]
    );
    println!(
        "  on-CPU time of the thread (Linux schedstat; excludes waiting for a core): best {:.1} ms, median {:.1} ms",
        cpu_times[0],
        cpu_times[cpu_times.len() / 2]
    );
    println!(
        "BG/NBD r {:.4} alpha {:.4} a {:.4} b {:.4} LL {:.2}, {} distinct histories, {} + {} Newton iterations",
        fit.r, fit.alpha, fit.a, fit.b, fit.log_likelihood, fit.distinct_histories, fit.warm_start_iterations, fit.iterations
    );
    if let Some(gg) = &out.gamma_gamma {
        println!(
            "Gamma-Gamma p {:.4} q {:.4} v {:.4} ({} iterations)",
            gg.p, gg.q, gg.v, gg.iterations
        );
    }
    println!(
        "total CLV {:.0}, expected purchases {:.0}",
        out.totals.clv, out.totals.expected_purchases
    );

    // The model alone on the (x, t_x, T, repeat spend) arrays lifetimes gets.
    let as_of = customers.as_of;
    let x: Vec<u32> = customers
        .customers
        .iter()
        .map(|c| c.frequency - 1)
        .collect();
    let tx: Vec<u32> = customers
        .customers
        .iter()
        .map(|c| (c.last_purchase - c.first_purchase).num_days() as u32)
        .collect();
    let age: Vec<u32> = customers
        .customers
        .iter()
        .map(|c| (as_of - c.first_purchase).num_days() as u32)
        .collect();
    let spend: Vec<f64> = customers
        .customers
        .iter()
        .map(|c| {
            let repeat = &customers.history(c)[1..];
            if repeat.is_empty() {
                0.0
            } else {
                repeat.iter().map(|p| p.revenue).sum::<f64>() / repeat.len() as f64
            }
        })
        .collect();
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..11 {
        let (start, cpu_start) = (Instant::now(), thread_cpu_ms());
        let clv =
            predict::forecast::model_only(&x, &tx, &age, &spend, &params, 0.35).expect("model");
        wall.push(start.elapsed().as_secs_f64() * 1000.0);
        cpu.push(thread_cpu_ms() - cpu_start);
        assert_eq!(clv.len(), x.len());
    }
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    println!(
        "model only on (x, t_x, T, spend) arrays (fits + p_alive, E[purchases], spend, CLV): best {:.1} ms, median {:.1} ms; on-CPU best {:.1} ms, median {:.1} ms",
        wall[0], wall[5], cpu[0], cpu[5]
    );

    // The same customers for lifetimes, in weeks (monetary = mean repeat spend).
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/predict_bench.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("csv"));
    writeln!(file, "frequency,recency,T,monetary_value").expect("write");
    for c in &customers.customers {
        let repeat = &customers.history(c)[1..];
        let monetary = if repeat.is_empty() {
            0.0
        } else {
            repeat.iter().map(|p| p.revenue).sum::<f64>() / repeat.len() as f64
        };
        writeln!(
            file,
            "{},{},{},{}",
            c.frequency - 1,
            (c.last_purchase - c.first_purchase).num_days() as f64 / 7.0,
            (customers.as_of - c.first_purchase).num_days() as f64 / 7.0,
            monetary
        )
        .expect("write");
    }
    println!("wrote {}", path.display());

    // The project's own 1M-row generated order file (seed 42), ingested, then predict::run.
    let mut bytes = Vec::new();
    segmento::generate::write_orders_csv(
        &mut bytes,
        &segmento::generate::GenerateParams {
            rows: 1_000_000,
            seed: 42,
            ..Default::default()
        },
    )
    .expect("generate");
    let mut ingestor = segmento::ingest::Ingestor::new(segmento::ingest::IngestOptions::default())
        .expect("ingestor");
    for chunk in bytes.chunks(1 << 20) {
        ingestor.push(chunk).expect("ingest");
    }
    let generated = ingestor.finish().expect("ingest").customers;
    let days: usize = generated.customers.iter().map(|c| c.history_len()).sum();
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    let mut status = String::new();
    for _ in 0..11 {
        let (start, cpu_start) = (Instant::now(), thread_cpu_ms());
        let out = predict::run(&generated, &params, None).expect("prediction");
        wall.push(start.elapsed().as_secs_f64() * 1000.0);
        cpu.push(thread_cpu_ms() - cpu_start);
        status = match &out.bgnbd {
            Some(f) => format!(
                "fitted r {:.4} alpha {:.4} a {:.4} b {:.4}, {} distinct histories",
                f.r, f.alpha, f.a, f.b, f.distinct_histories
            ),
            None => format!("{:?}", out.status),
        };
    }
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    println!(
        "generated 1M-row file ({} customers, {days} purchase days): predict::run best {:.1} ms, median {:.1} ms; on-CPU best {:.1} ms, median {:.1} ms; {status}",
        generated.customers.len(),
        wall[0],
        wall[5],
        cpu[0],
        cpu[5]
    );
}

/// CPU time of this thread in ms (Linux), 0 elsewhere: on a shared machine
/// wall time also counts the time spent waiting for a core.
fn thread_cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(0.0, |ns| ns / 1e6)
}
