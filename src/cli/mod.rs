//! Command-line parsing and the subcommands. Every error comes back as one
//! sentence for stderr; `main` turns it into a non-zero exit.

mod analyze;
mod args;
mod serve;

use args::Args;

const USAGE: &str = "\
usage:
  segmento analyze INPUT [--config CONFIG.json] [--as-of YYYY-MM-DD] [--out DIR]
                         [--language fr|en] [--calibration-end YYYY-MM-DD]
                         [--time-unit day|week|month] [--horizon N]
                         [--compare-date YYYY-MM-DD] [--inactivity-days N]
                         [--control-share F] [--seed N] [--snapshot OLD.json]
                         [--campaign-list LIST.csv] [--campaign-start YYYY-MM-DD]
  segmento generate --rows N [--seed S] [--out FILE]
  segmento demo --out FILE
  segmento serve [--dir DIR] [--port PORT]";

/// Runs one command line (without the program name).
pub fn run(raw: &[String]) -> Result<(), String> {
    let Some((command, rest)) = raw.split_first() else {
        return Err(format!("no command given\n{USAGE}"));
    };
    let mut args = Args::new(rest);
    match command.as_str() {
        "analyze" => analyze::run(&mut args),
        "generate" => generate(&mut args),
        "demo" => demo(&mut args),
        "serve" => {
            let dir = args.value("--dir")?.unwrap_or_else(|| "www".to_string());
            let port = args.parsed("--port")?.unwrap_or(8080u16);
            args.finish()?;
            serve::serve(std::path::Path::new(&dir), port)
                .map_err(|e| format!("cannot serve {dir}: {e}"))
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command \"{other}\"\n{USAGE}")),
    }
}

/// `segmento generate`: a seeded, realistic French order file for benchmarks.
fn generate(args: &mut Args) -> Result<(), String> {
    let rows = args.parsed("--rows")?.ok_or("generate needs --rows N")?;
    let seed = args.parsed("--seed")?.unwrap_or(42u64);
    let out = args.value("--out")?;
    args.finish()?;
    let params = segmento::generate::GenerateParams {
        rows,
        seed,
        ..Default::default()
    };
    write_generated(out.as_deref(), &params)
}

/// `segmento demo`: the bundled demo file of the page (a few thousand customers).
fn demo(args: &mut Args) -> Result<(), String> {
    let out = args.value("--out")?.ok_or("demo needs --out FILE")?;
    args.finish()?;
    // About 3 000 customers: enough for every analysis to say something.
    let params = segmento::generate::GenerateParams {
        rows: 12_000,
        seed: 2024,
        ..Default::default()
    };
    write_generated(Some(&out), &params)
}

fn write_generated(
    out: Option<&str>,
    params: &segmento::generate::GenerateParams,
) -> Result<(), String> {
    use std::io::Write;
    match out {
        Some(path) => {
            if let Some(parent) = std::path::Path::new(path).parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            let file =
                std::fs::File::create(path).map_err(|e| format!("cannot create {path}: {e}"))?;
            let mut writer = std::io::BufWriter::new(file);
            segmento::generate::write_orders_csv(&mut writer, params)
                .and_then(|()| writer.flush())
                .map_err(|e| format!("cannot write {path}: {e}"))
        }
        None => {
            let stdout = std::io::stdout();
            let mut writer = std::io::BufWriter::new(stdout.lock());
            segmento::generate::write_orders_csv(&mut writer, params)
                .and_then(|()| writer.flush())
                .map_err(|e| format!("cannot write to stdout: {e}"))
        }
    }
}
