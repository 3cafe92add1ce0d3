//! The native command-line front end: a thin layer over the core library.
//!
//! ```text
//! segmento analyze INPUT [--config CONFIG.json] [--as-of YYYY-MM-DD] [--out DIR] ...
//! segmento generate --rows N [--seed S] [--out FILE]
//! segmento demo --out FILE
//! segmento serve [--dir www] [--port 8080]
//! ```

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("segmento: {message}");
            ExitCode::FAILURE
        }
    }
}
