//! Times each stage of `pipeline::analyze` on an order file (the 1M-row
//! benchmark file by default), by timing its progress callback:
//!
//! ```text
//! cargo run --release --example stage_timing -- bench-data/orders-1000000.csv [RUNS]
//! ```
//!
//! Each stage's time runs from its progress call to the next one (the last
//! stage to the return of `analyze`). It prints the best and median, in this
//! thread's CPU time (fair on a shared machine) and in wall time.

use std::time::Instant;

use segmento::ingest::{IngestOptions, Ingestor};
use segmento::pipeline::{analyze, Config, Stage};

/// One measurement: a stage's name with its CPU and wall seconds.
type StageTime = (String, f64, f64);

fn main() {
    if let Err(message) = run(&std::env::args().skip(1).collect::<Vec<_>>()) {
        eprintln!("stage_timing: {message}");
        std::process::exit(1);
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let path = args
        .first()
        .map(String::as_str)
        .unwrap_or("bench-data/orders-1000000.csv");
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let mut all_runs: Vec<Vec<StageTime>> = Vec::new();
    for _ in 0..runs {
        let mut times = Vec::new();
        let (mut cpu, mut wall) = (cpu_seconds(), Instant::now());
        let mut ingestor = Ingestor::new(IngestOptions::default()).map_err(|e| e.to_string())?;
        for chunk in bytes.chunks(1 << 20) {
            ingestor.push(chunk).map_err(|e| e.to_string())?;
        }
        let ingested = ingestor.finish().map_err(|e| e.to_string())?;
        let mut current = "ingest".to_string();
        let mut lap = |next: Option<Stage>| {
            let (now_cpu, now_wall) = (cpu_seconds(), Instant::now());
            times.push((
                current.clone(),
                now_cpu - cpu,
                (now_wall - wall).as_secs_f64(),
            ));
            (cpu, wall) = (now_cpu, now_wall);
            current = next.map(|s| format!("{s:?}")).unwrap_or_default();
        };
        let results = analyze(ingested, &Config::default(), &mut |stage| {
            // `Customers` starts as ingestion ends; it is folded into ingest.
            if stage != Stage::Customers {
                lap(Some(stage));
            }
        })
        .map_err(|e| e.to_string())?;
        lap(None);
        drop(results);
        all_runs.push(times);
    }
    println!("{path}: {runs} runs; ms of this thread's CPU (wall): best / median");
    for (index, (name, _, _)) in all_runs[0].iter().enumerate() {
        let mut cpu: Vec<f64> = all_runs.iter().map(|r| r[index].1).collect();
        let mut wall: Vec<f64> = all_runs.iter().map(|r| r[index].2).collect();
        cpu.sort_by(f64::total_cmp);
        wall.sort_by(f64::total_cmp);
        println!(
            "{name:>9}: {:7.1} / {:7.1}   ({:7.1} / {:7.1})",
            cpu[0] * 1e3,
            cpu[cpu.len() / 2] * 1e3,
            wall[0] * 1e3,
            wall[wall.len() / 2] * 1e3
        );
    }
    Ok(())
}

/// CPU time of this thread, which stays meaningful on a busy machine.
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for clock_gettime to write into.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}
