//! Times RFM + ABC + points on 254,000 synthetic customers (about 1M
//! purchase days), the size of the 1M-row benchmark file.
//!
//! ```text
//! cargo run --release --example segment_bench            # timings
//! cargo run --release --example segment_bench -- --csv /tmp/segment_bench.csv
//!     # also writes recency_days,frequency,orders,revenue for the pandas
//!     # comparison (examples/segment_bench_pandas.py)
//! ```
//!
//! Customers come from a seeded SplitMix64 generator, so every run builds
//! the same data.

use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate};
use segmento::{abc, points, rfm, Customers, Purchase};

#[path = "../tests/common/mod.rs"]
mod common;
use common::{customer_from_history, order_level_file};

const CUSTOMERS: usize = 254_000;
const RUNS: usize = 31;

fn runs() -> usize {
    std::env::var("SEG_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(RUNS)
}

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal by Box-Muller.
    fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit();
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

fn synthetic_customers() -> Customers {
    let as_of = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    let mut rng = SplitMix64(20_241_231);
    let mut customers = Vec::with_capacity(CUSTOMERS);
    for i in 0..CUSTOMERS {
        // Purchase days: geometric, a large share of customers buy once.
        let mut days = 1;
        while days < 60 && rng.unit() < 0.72 {
            days += 1;
        }
        let mut history: Vec<Purchase> = (0..days)
            .map(|_| {
                let back = (rng.unit() * 1460.0) as i64;
                let revenue = if rng.unit() < 0.03 {
                    -(rng.unit() * 40.0).round()
                } else {
                    ((3.6 + 0.9 * rng.normal()).exp() * 100.0).round() / 100.0
                };
                Purchase {
                    date: as_of - Days::days(back),
                    revenue,
                    margin: (revenue * 0.3 * 100.0).round() / 100.0,
                    orders: 1 + u32::from(rng.unit() < 0.1),
                }
            })
            .collect();
        history.sort_by_key(|p| p.date);
        history.dedup_by_key(|p| p.date);
        customers.push(customer_from_history(format!("C{i:06}"), history));
    }
    order_level_file(as_of, customers, true)
}

/// CPU time of this thread (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`), so
/// that time spent waiting for a core on a shared machine is not counted.
fn cpu_time() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let customers = synthetic_customers();
    let purchase_days: usize = customers.customers.iter().map(|c| c.history_len()).sum();
    println!(
        "{} customers, {} purchase days",
        customers.customers.len(),
        purchase_days
    );
    if let Some(pos) = args.iter().position(|a| a == "--csv") {
        let path = args.get(pos + 1).expect("--csv needs a path");
        let mut text = String::from("recency_days,frequency,orders,revenue\n");
        for c in &customers.customers {
            text.push_str(&format!(
                "{},{},{},{}\n",
                c.recency_days(customers.as_of),
                c.frequency,
                c.orders,
                c.revenue
            ));
        }
        std::fs::write(path, text).expect("write csv");
        println!("wrote {path}");
    }

    // `--only rfm|abc|points`: run one module RUNS times (for perf stat).
    if let Some(pos) = args.iter().position(|a| a == "--only") {
        let module = args.get(pos + 1).map(String::as_str).unwrap_or("");
        let mut check = 0usize;
        for _ in 0..runs() {
            check += match module {
                "rfm" => {
                    rfm::run(&customers, &rfm::Params::default())
                        .unwrap()
                        .segments[0]
                        .customers
                }
                "abc" => {
                    abc::run(&customers, &abc::Params::default())
                        .unwrap()
                        .classes[0]
                        .customers
                }
                "points" => {
                    points::run(&customers, &points::Params::default())
                        .unwrap()
                        .tiers[0]
                        .customers
                }
                _ => 0,
            };
        }
        println!("{module} x{RUNS} (checksum {check})");
        return;
    }

    let (rfm_params, abc_params, points_params) = (
        rfm::Params::default(),
        abc::Params::default(),
        points::Params::default(),
    );
    // Wall-clock and on-CPU times per module and for all three.
    let mut wall: [Vec<Duration>; 4] = Default::default();
    let mut cpu: [Vec<Duration>; 4] = Default::default();
    let mut check = 0usize;
    for _ in 0..RUNS {
        let mut marks = vec![(Instant::now(), cpu_time())];
        let r = rfm::run(&customers, &rfm_params).unwrap();
        marks.push((Instant::now(), cpu_time()));
        let a = abc::run(&customers, &abc_params).unwrap();
        marks.push((Instant::now(), cpu_time()));
        let p = points::run(&customers, &points_params).unwrap();
        marks.push((Instant::now(), cpu_time()));
        for step in 0..3 {
            wall[step].push(marks[step + 1].0 - marks[step].0);
            if let (Some(a), Some(b)) = (marks[step].1, marks[step + 1].1) {
                cpu[step].push(b - a);
            }
        }
        wall[3].push(marks[3].0 - marks[0].0);
        if let (Some(a), Some(b)) = (marks[0].1, marks[3].1) {
            cpu[3].push(b - a);
        }
        check += r.segments[0].customers + a.classes[0].customers + p.tiers[0].customers;
    }
    let line = |times: &[Vec<Duration>; 4]| {
        format!(
            "rfm {}, abc {}, points {}, all three {} (best {})",
            ms(median(times[0].clone())),
            ms(median(times[1].clone())),
            ms(median(times[2].clone())),
            ms(median(times[3].clone())),
            ms(*times[3].iter().min().unwrap())
        )
    };
    // The floor: one pass reading one field of every customer record.
    let mut floor = vec![];
    for _ in 0..RUNS {
        let a = cpu_time();
        check += std::hint::black_box(customers.revenue_total()) as usize;
        if let (Some(a), Some(b)) = (a, cpu_time()) {
            floor.push(b - a);
        }
    }
    if !floor.is_empty() {
        println!(
            "one pass over the customer records (revenue_total), on-CPU median: {}",
            ms(median(floor))
        );
    }
    println!("wall-clock, median of {RUNS} runs: {}", line(&wall));
    if !cpu[3].is_empty() {
        println!("on-CPU,     median of {RUNS} runs: {}", line(&cpu));
    }
    println!("(checksum {check})");
}
