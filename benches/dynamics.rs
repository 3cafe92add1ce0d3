//! Benchmark of the dynamics modules on a synthetic file the size of the
//! issue's reference (≈ 254 000 customers, 1 000 000 orders), seeded.
//!
//! Times, best and median of 11 runs:
//! - two-date migrations on precomputed assignments (incl. the later-period
//!   revenue from histories), for one method;
//! - survival: lapse, Kaplan-Meier by first channel and overall, log-rank,
//!   inactivity suggestion;
//! - the monthly cohort table.
//!
//! Run: `cargo bench --bench dynamics` (add `-- --dump-km /tmp/km.csv` to
//! write the lifetimes for `tests/reference/bench_lifelines.py`).

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use segmento::dynamics::migrations::{self, Ladder, LadderSegment, SegmentAssignment};
use segmento::dynamics::snapshot::Snapshot;
use segmento::dynamics::{cohorts, survival};
use segmento::{Attributes, Customers, OwnedCustomer, OwnedCustomers, Purchase};

/// SplitMix64 (Steele, Lea & Flood 2014): enough for synthetic data.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.uniform()).ln()
    }
}

const CUSTOMERS: usize = 254_000;
const CHANNELS: [&str; 5] = ["web", "boutique", "salon", "téléphone", "parrainage"];

fn synthetic() -> Customers {
    let mut rng = SplitMix(20_241_231);
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    let span = (as_of - start).num_days();
    let mut customers = Vec::with_capacity(CUSTOMERS);
    let mut orders = 0_usize;
    for i in 0..CUSTOMERS {
        let first = (rng.uniform() * span as f64) as i64;
        let channel = (rng.next() % 20) as usize;
        let life = rng.exponential(700.0);
        // Gaps averaging ~185 days give ≈ 3.9 orders per customer overall.
        let mut day = first;
        let mut history = Vec::new();
        loop {
            history.push(Purchase {
                date: start + chrono::Duration::days(day),
                revenue: 20.0 + rng.uniform() * 180.0,
                margin: 0.0,
                orders: 1,
            });
            let gap = 1 + rng.exponential(185.0) as i64;
            if (day - first + gap) as f64 > life || day + gap > span {
                break;
            }
            day += gap;
        }
        orders += history.len();
        customers.push(OwnedCustomer {
            id: format!("C{i:07}").into(),
            first_purchase: history[0].date,
            last_purchase: history.last().unwrap().date,
            frequency: history.len() as u32,
            orders: history.len() as u32,
            revenue: history.iter().map(|p| p.revenue).sum(),
            margin: 0.0,
            first_channel: (channel < 19).then(|| CHANNELS[channel % 5].into()),
            last_channel: None,
            attributes: Attributes::default(),
            history,
        });
    }
    eprintln!(
        "synthetic file: {} customers, {} orders",
        customers.len(),
        orders
    );
    Customers::from_owned(OwnedCustomers {
        as_of,
        customers,
        prospects: vec![],
        has_margin: false,
        has_channel: true,
        has_history: true,
        first_purchase_known: true,
    })
}

/// A stand-in RFM-like segmentation: recency × frequency buckets.
fn segments(customers: &Customers) -> SegmentAssignment {
    SegmentAssignment {
        method: "rfm".into(),
        date: customers.as_of,
        by_customer: customers
            .customers
            .iter()
            .map(|c| {
                let recency = c.recency_days(customers.as_of);
                let key = match (recency, c.frequency) {
                    (r, f) if r < 180 && f >= 4 => "champions",
                    (r, f) if r < 365 && f >= 3 => "loyal",
                    (r, _) if r < 180 => "recent",
                    (r, _) if r < 365 => "occasional",
                    (r, f) if r < 730 && f >= 3 => "at_risk",
                    (r, _) if r < 730 => "hibernating",
                    _ => "lost",
                };
                (c.id.to_string(), key.to_string())
            })
            .collect(),
    }
}

fn ladder() -> Ladder {
    let keys = [
        "champions",
        "loyal",
        "recent",
        "occasional",
        "at_risk",
        "hibernating",
        "lost",
    ];
    Ladder {
        method: "rfm".into(),
        segments: keys
            .iter()
            .map(|k| LadderSegment {
                key: k.to_string(),
                label_fr: k.to_string(),
                label_en: k.to_string(),
            })
            .collect(),
        lost_key: Some("lost".into()),
    }
}

/// CPU time of the calling thread: unlike wall time, it leaves out the time
/// the thread waits for a core on a shared machine.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Best wall time, median wall time, best thread CPU time.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> [Duration; 3] {
    let mut wall = Vec::with_capacity(runs);
    let mut cpu = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (start, start_cpu) = (Instant::now(), thread_cpu_time());
        std::hint::black_box(f());
        wall.push(start.elapsed());
        cpu.push(thread_cpu_time() - start_cpu);
    }
    wall.sort();
    cpu.sort();
    [wall[0], wall[runs / 2], cpu[0]]
}

fn main() {
    let customers = synthetic();
    let from_date = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    let earlier = customers.as_of_date(from_date).unwrap();
    let from = segments(&earlier);
    let to = segments(&customers);
    let ladder = ladder();
    let params = migrations::Params::default();
    let survival_params = survival::Params::default();
    let cohort_params = cohorts::Params::default();

    if let Some(path) = std::env::args().skip_while(|a| a != "--dump-km").nth(1) {
        // Lifetimes as survival::run builds them (lapse-horizon censoring).
        let out = survival::run(&customers, &survival_params).unwrap();
        let mut text = String::from("duration,event,channel\n");
        for (c, s) in customers.customers.iter().zip(&out.customers) {
            let tenure = (customers.as_of - c.first_purchase).num_days();
            let duration = if s.lapsed {
                i64::from(s.lifetime_days)
            } else {
                tenure - 365
            };
            if duration >= 0 {
                let channel = customers.channel(c.first_channel).unwrap_or("unknown");
                text.push_str(&format!("{duration},{},{channel}\n", u8::from(s.lapsed)));
            }
        }
        std::fs::write(&path, text).unwrap();
        eprintln!("lifetimes written to {path}");
    }

    // Numbers to set beside tests/reference/bench_lifelines.py's.
    let check = survival::run(&customers, &survival_params).unwrap();
    let all = &check.groups[0];
    let logrank = check.logrank.as_ref().unwrap();
    println!(
        "check: {} lifetimes, S(365) all = {:?}, median all = {:?}, log-rank statistic {:?}, p {:?}",
        all.in_curve,
        all.s_12m.unwrap(),
        all.median_days,
        logrank.statistic,
        logrank.p_value
    );

    let runs = 11;
    let migrations_time = time(runs, || {
        let revenue = migrations::period_revenue(&customers, from_date, customers.as_of).unwrap();
        migrations::run(&from, &to, &ladder, Some(&revenue), &params).unwrap()
    });
    let survival_time = time(runs, || {
        survival::run(&customers, &survival_params).unwrap()
    });
    let cohorts_time = time(runs, || cohorts::run(&customers, &cohort_params).unwrap());
    let total_time = time(runs, || {
        let revenue = migrations::period_revenue(&customers, from_date, customers.as_of).unwrap();
        let m = migrations::run(&from, &to, &ladder, Some(&revenue), &params).unwrap();
        let s = survival::run(&customers, &survival_params).unwrap();
        let c = cohorts::run(&customers, &cohort_params).unwrap();
        (m, s, c)
    });
    let as_of_time = time(5, || customers.as_of_date(from_date).unwrap());
    // Snapshots (one method): write the earlier segments, read them back,
    // and migrate from them by id (the snapshot is in id order, the file is not).
    let mut snapshot = Snapshot::new(from_date);
    snapshot.add(&from).unwrap();
    let json = snapshot.to_json();
    let snapshot_write = time(runs, || {
        let mut written = Snapshot::new(from_date);
        written.add(&from).unwrap();
        written.to_json()
    });
    let snapshot_read = time(runs, || Snapshot::from_json(json.as_bytes()).unwrap());
    let from_snapshot = snapshot.assignment(&from.method).unwrap();
    let snapshot_migrations = time(runs, || {
        let revenue = migrations::period_revenue(&customers, from_date, customers.as_of).unwrap();
        migrations::run(&from_snapshot, &to, &ladder, Some(&revenue), &params).unwrap()
    });
    // The comparison step of `compareSnapshot`, one method, both ways: by
    // copying (the snapshot's pairs, the file's ids and keys into two
    // assignments, then a hash of every id), as before 2026-12-04; and
    // matched in place (ids and segments borrowed, against one id → index
    // map built once per comparison and timed apart).
    let revenue = migrations::period_revenue(&customers, from_date, customers.as_of).unwrap();
    let current_keys: Vec<&str> = to.by_customer.iter().map(|(_, k)| k.as_str()).collect();
    let compare_copying = time(runs, || {
        let from = snapshot.assignment(&from.method).unwrap();
        let to = SegmentAssignment {
            method: to.method.clone(),
            date: to.date,
            by_customer: customers
                .customers
                .iter()
                .map(|c| c.id.to_string())
                .zip(current_keys.iter().map(|k| k.to_string()))
                .collect(),
        };
        migrations::run(&from, &to, &ladder, Some(&revenue), &params).unwrap()
    });
    // Built once per comparison, shared by its (up to four) methods.
    let id_index = || -> FxHashMap<&str, u32> {
        customers
            .customers
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i as u32))
            .collect()
    };
    let id_index_time = time(runs, id_index);
    let position_of = id_index();
    let compare_matched = time(runs, || {
        let mut ladder = ladder.clone();
        let first = snapshot
            .first_date(
                &from.method,
                &position_of,
                customers.customers.len(),
                &mut ladder,
            )
            .unwrap();
        let index_of = ladder.index_by_key();
        let to_segment: Vec<u16> = current_keys.iter().map(|k| index_of[k]).collect();
        migrations::run_matched(
            &first,
            to.date,
            &to_segment,
            &ladder,
            Some(&revenue),
            &params,
        )
        .unwrap()
    });
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("dynamics benchmark, ms: best wall / median wall / best thread CPU ({runs} runs)");
    for (name, [best, median, cpu]) in [
        ("migrations (1 method, 2 dates)", migrations_time),
        ("survival (KM by channel, log-rank)", survival_time),
        ("cohorts (monthly, 24 periods)", cohorts_time),
        ("all three", total_time),
        ("(not ours) Customers::as_of_date", as_of_time),
        ("snapshot write (1 method, to JSON)", snapshot_write),
        ("snapshot read (1 method, from JSON)", snapshot_read),
        ("migrations from a snapshot (by id)", snapshot_migrations),
        ("compare step, copying (before)", compare_copying),
        ("id → index map (once per comparison)", id_index_time),
        ("compare step, matched (map built)", compare_matched),
    ] {
        println!(
            "  {name:<36} {:7.1} / {:7.1} / {:7.1}",
            ms(best),
            ms(median),
            ms(cpu)
        );
    }
}
