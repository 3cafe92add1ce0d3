//! Where the memory of an analysis goes: the heap after each step of what
//! the page does with a file, and the peak inside each step.
//!
//! ```text
//! segmento generate --rows 1000000 --out bench-data/orders-1000000.csv
//! cargo run --release --example memory_profile -- bench-data/orders-1000000.csv
//! ```
//!
//! A counting global allocator wraps the system one and keeps the bytes
//! live, the peak since the step began, and the number of allocations. The
//! steps are those of the page's worker (`www/worker.js`): the file pushed
//! into [`Ingestor`] in 1 MiB chunks, `finish`, [`pipeline::segment`], the
//! summary and charts crossing the boundary, [`pipeline::complete`], the
//! summary and charts again, then the downloads (report, customers CSV,
//! workbook sheets) and a customer-list page. Then what the session holds,
//! part by part, and the second phase's pieces replayed one at a time.
//!
//! The summary crosses the boundary through `serde_wasm_bindgen`, which
//! builds JavaScript objects and leaves nothing in the wasm heap; it is
//! measured here by serializing to a sink (the serializer's own buffers,
//! not the JSON text). The sizes are those of a 64-bit build: in wasm32 a
//! `String` or `Vec` header is 12 bytes instead of 24, so structs of
//! pointers are smaller there, while the bytes they point to are the same.
//! A `realloc` counts as a move (old and new block both live at its peak).
//! wasm's allocator never returns memory to the system, so the page's
//! linear memory is about the largest peak below plus fragmentation.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs::File;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use segmento::dynamics::{cohorts, survival};
use segmento::export::CsvDialect;
use segmento::ingest::Ingestor;
use segmento::pipeline::{self, Config, Results, Stage};
use segmento::present::CustomerQuery;
use segmento::{abc, points, predict, rfm, Language};

/// The system allocator, counting.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call forwards to `System` with the same arguments; the
// counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        if !ptr.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as a move (the new block allocated before the old one is
        // freed), as wasm's dlmalloc does when a block cannot grow in place;
        // glibc moves large blocks with `mremap` instead, without the copy.
        let moved = System.realloc(ptr, layout, new_size);
        if !moved.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            grew(new_size);
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The counters at the start of a step.
struct Step {
    name: &'static str,
    live_before: usize,
    allocations_before: usize,
    started: Instant,
}

/// What one step measured.
struct Row {
    name: &'static str,
    live: usize,
    peak: usize,
    above_start: usize,
    allocations: usize,
    millis: f64,
}

/// The steps measured so far.
#[derive(Default)]
struct Profile {
    rows: Vec<Row>,
}

const MB: f64 = 1e6;

fn mb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / MB)
}

impl Profile {
    fn begin(&self, name: &'static str) -> Step {
        let live = LIVE.load(Relaxed);
        PEAK.store(live, Relaxed);
        Step {
            name,
            live_before: live,
            allocations_before: ALLOCATIONS.load(Relaxed),
            started: Instant::now(),
        }
    }

    fn end(&mut self, step: Step) {
        let (live, peak) = (LIVE.load(Relaxed), PEAK.load(Relaxed));
        self.rows.push(Row {
            name: step.name,
            live,
            peak,
            above_start: peak - step.live_before,
            allocations: ALLOCATIONS.load(Relaxed) - step.allocations_before,
            millis: step.started.elapsed().as_secs_f64() * 1e3,
        });
    }

    fn print(&self, customers: usize) {
        let per_customer = |bytes: usize| format!("{:.0}", bytes as f64 / customers.max(1) as f64);
        println!(
            "| step | live after (MB) | peak in step (MB) | peak above start (MB) | live B/customer | peak B/customer | allocations | time |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|---:|");
        for row in &self.rows {
            println!(
                "| {} | {} | {} | +{} | {} | {} | {} | {:.0} ms |",
                row.name,
                mb(row.live),
                mb(row.peak),
                mb(row.above_start),
                per_customer(row.live),
                per_customer(row.peak),
                row.allocations,
                row.millis,
            );
        }
        if let Some(row) = self.rows.iter().max_by_key(|row| row.peak) {
            println!(
                "\n{customers} customers; largest peak {} MB ({} B/customer) in \"{}\"",
                mb(row.peak),
                per_customer(row.peak),
                row.name
            );
        }
    }
}

/// Heap bytes owned by `value`, measured by cloning it (a clone's vectors
/// are sized exactly, so spare capacity of the original is not counted).
fn owned_bytes<T: Clone>(value: &T) -> usize {
    let before = LIVE.load(Relaxed);
    let copy = value.clone();
    let bytes = LIVE.load(Relaxed) - before;
    drop(copy);
    bytes
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: memory_profile FILE.csv")?;
    let mut file = File::open(&path)?;
    let config = Config::default();
    let mut profile = Profile::default();
    println!("{path}\n");

    // The worker reads the file in chunks and copies each into wasm memory.
    let step = profile.begin("push (1 MiB chunks)");
    let mut ingestor = Ingestor::new(config.input.clone())?;
    ingestor.expect_size(file.metadata()?.len());
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let read = file.read(&mut chunk)?;
        if read == 0 {
            break;
        }
        ingestor.push(&chunk[..read])?;
    }
    drop(chunk);
    profile.end(step);

    let step = profile.begin("finish");
    let ingested = ingestor.finish()?;
    profile.end(step);

    let step = profile.begin("segment (RFM, ABC, points)");
    let mut results = pipeline::segment(ingested, &config, &mut |_| {})?;
    profile.end(step);
    boundary(&mut profile, &results, "segments")?;

    // The progress callback splits the second phase where it reports the
    // dynamics stage: forecast, matrix and campaign before, the rest after.
    let mut step =
        Some(profile.begin("complete: compare-date segmentations, predict, cross, campaign"));
    let mut split = |stage: Stage| {
        if stage == Stage::Dynamics {
            if let Some(done) = step.take() {
                profile.end(done);
            }
            step = Some(profile.begin("complete: migrations, survival, cohorts"));
        }
    };
    pipeline::complete(&mut results, &mut split)?;
    if let Some(done) = step.take() {
        profile.end(done);
    }
    boundary(&mut profile, &results, "complete")?;

    let step = profile.begin("report HTML");
    let report = results.report_html(Language::Fr, "2024-12-31 10:00");
    let report_bytes = report.len();
    drop(report);
    profile.end(step);

    let step = profile.begin("customers CSV (Excel FR), whole (the CLI's)");
    let csv = results.customers_csv_in(Language::Fr, CsvDialect::ExcelFr, None)?;
    let csv_bytes = csv.len();
    drop(csv);
    profile.end(step);

    // What the page's worker does (www/worker.js, `csvInParts`): each part
    // leaves wasm memory before the next is written.
    let step = profile.begin("customers CSV (Excel FR), in parts of 50 000 (the page's)");
    let mut start = 0;
    loop {
        let part = results.customers_csv_part(
            Language::Fr,
            CsvDialect::ExcelFr,
            None,
            start..start + 50_000,
        )?;
        drop(part);
        start += 50_000;
        if start >= results.customers.customers.len() {
            break;
        }
    }
    profile.end(step);

    let step = profile.begin("workbook customers sheet (packed)");
    let sheets = results.workbook_customers_packed(Language::Fr);
    let sheets_bytes = sheets.len();
    drop(sheets);
    profile.end(step);

    let step = profile.begin("customer page (50 rows)");
    let page = results.customer_page(&CustomerQuery::default());
    drop(page);
    profile.end(step);

    let customers = results.customers.customers.len();
    profile.print(customers);
    println!(
        "outputs: report {} MB, customers CSV {} MB, packed sheets {} MB\n",
        mb(report_bytes),
        mb(csv_bytes),
        mb(sheets_bytes),
    );
    holdings(&results);
    dynamics_parts(&results)?;
    Ok(())
}

/// The second phase's pieces one by one, in the order `pipeline::complete`
/// runs them, each dropped where it drops them (the per-method segment
/// indices and matches that outlive the compare date's copy, a few bytes
/// per customer, are left out; here the session already holds the second
/// phase's results, which the page's does not while these run).
fn dynamics_parts(results: &Results) -> Result<(), Box<dyn std::error::Error>> {
    let (customers, config) = (&results.customers, &results.analysis.settings);
    let mut profile = Profile::default();
    // The compare date's segmentations come first (`pipeline/compare_date.rs`).
    let from_date = config.migrations.from_date(customers.as_of)?;
    let step = profile.begin("predict::run at the compare date (in place)");
    let params = predict::Params {
        calibration_end: None,
        ..config.predict.clone()
    };
    let predicted_then = predict::forecast::fitted_at(customers, from_date, &params)?;
    profile.end(step);
    drop(predicted_then);
    let step = profile.begin("Customers::purchases_as_of (the copy)");
    let earlier = customers
        .purchases_as_of(from_date)
        .ok_or("no purchase histories")?;
    profile.end(step);
    let step = profile.begin("RFM, ABC, points at the compare date");
    let then = (
        rfm::run(&earlier, &config.rfm)?,
        abc::run(&earlier, &config.abc)?,
        points::run(&earlier, &config.points)?,
    );
    profile.end(step);
    drop((then, earlier));
    let step = profile.begin("predict::run (RFM keys built only on a fallback)");
    let rfm_keys = || {
        (results.analysis.rfm.customers.iter())
            .map(|c| c.segment.key())
            .collect()
    };
    let predicted = predict::forecast::run_with_segments(customers, &config.predict, &rfm_keys)?;
    profile.end(step);
    drop(predicted);
    let step = profile.begin("survival::run");
    let survival = survival::run(customers, &config.survival)?;
    profile.end(step);
    drop(survival);
    let step = profile.begin("cohorts::run");
    let cohorts = cohorts::run(customers, &config.cohorts)?;
    profile.end(step);
    drop(cohorts);
    println!("\nThe second phase's pieces, each kept while the next runs:\n");
    profile.print(customers.customers.len());
    Ok(())
}

/// What the session keeps between requests, part by part.
fn holdings(results: &Results) {
    let analysis = &results.analysis;
    let customers = results.customers.customers.len().max(1);
    let (purchase_bytes, attribute_bytes) = results.customers.shared_table_bytes();
    let parts = [
        (
            "customers (their summaries)",
            owned_bytes(&results.customers),
        ),
        ("purchase days (shared table)", purchase_bytes),
        ("attributes (shared table)", attribute_bytes),
        ("rfm", owned_bytes(&analysis.rfm)),
        ("abc", owned_bytes(&analysis.abc)),
        ("points", owned_bytes(&analysis.points)),
        ("predict", owned_bytes(&analysis.predict)),
        ("cross", owned_bytes(&analysis.cross)),
        ("campaign", owned_bytes(&analysis.campaign)),
        ("migrations", owned_bytes(&analysis.migrations)),
        ("survival", owned_bytes(&analysis.survival)),
        ("cohorts", owned_bytes(&analysis.cohorts)),
        (
            "everything else",
            owned_bytes(&analysis.input) + owned_bytes(&analysis.rows),
        ),
    ];
    println!(
        "`Customer` is {} bytes inline (64-bit), `Purchase` {}; {} purchase days\n",
        std::mem::size_of::<segmento::Customer>(),
        std::mem::size_of::<segmento::Purchase>(),
        results
            .customers
            .customers
            .iter()
            .map(|c| c.history_len())
            .sum::<usize>(),
    );
    println!("| what the session holds | MB | B/customer |");
    println!("|---|---:|---:|");
    for (name, bytes) in parts {
        println!(
            "| {name} | {} | {:.0} |",
            mb(bytes),
            bytes as f64 / customers as f64
        );
    }
}

/// What the worker does after each phase: the summary and the charts.
fn boundary(
    profile: &mut Profile,
    results: &Results,
    phase: &'static str,
) -> Result<(), Box<dyn std::error::Error>> {
    let segments = phase == "segments";
    let step = profile.begin(if segments {
        "summary → page (segments)"
    } else {
        "summary → page (complete)"
    });
    serde_json::to_writer(std::io::sink(), &results.analysis)?;
    profile.end(step);
    let step = profile.begin(if segments {
        "charts (segments)"
    } else {
        "charts (complete)"
    });
    let charts = results.charts(Language::Fr);
    drop(charts);
    profile.end(step);
    Ok(())
}
