use std::time::Instant;
use segmento::ingest::{IngestOptions, Ingestor, Role};
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes = std::fs::read(&args[0]).unwrap();
    let drops: Vec<Role> = args[1..].iter().map(|k| Role::from_key(k).unwrap()).collect();
    let mut options = IngestOptions::default();
    for role in drops { options.columns.insert(role, String::new()); }
    for _ in 0..3 {
        let t = Instant::now();
        let mut ing = Ingestor::new(options.clone()).unwrap();
        for c in bytes.chunks(1 << 20) { ing.push(c).unwrap(); }
        let a = t.elapsed().as_secs_f64();
        let r = ing.finish().unwrap();
        let b = t.elapsed().as_secs_f64();
        println!("push {:.0} ms, total {:.0} ms = {:.0} MB/s ({} customers)", a*1e3, b*1e3, bytes.len() as f64/1e6/b, r.customers.customers.len());
    }
}
