//! The native command-line front end.

fn main() {
    eprintln!("segmento: the CLI is being assembled");
    std::process::exit(2);
}
