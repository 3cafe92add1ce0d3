//! Running the `segmento` binary in a scratch directory, for the tests that
//! go through the CLI's files (`--snapshot`, `--campaign-list`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh directory under the system temp dir, named after the test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("segmento-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `segmento args…` in `dir`; returns (success, stderr).
pub fn segmento(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_segmento"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs `segmento args…` and fails the test with its stderr if it fails.
pub fn segmento_ok(dir: &Path, args: &[&str]) -> String {
    let (ok, stderr) = segmento(dir, args);
    assert!(ok, "segmento {args:?} failed: {stderr}");
    stderr
}

/// A CSV written by segmento (standard dialect: key headers, no quoting
/// needed for the columns read here) as rows of key → cell.
pub fn read_csv(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    lines
        .map(|line| {
            header
                .iter()
                .cloned()
                .zip(line.split(',').map(str::to_string))
                .collect()
        })
        .collect()
}

/// `summary.json` of an output directory.
pub fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap()
}

/// Runs `segmento analyze INPUT --out OUT options…` in `dir`; returns
/// (success, stderr).
pub fn analyze(dir: &Path, input: &str, out: &str, options: &[&str]) -> (bool, String) {
    let mut args = vec!["analyze", input, "--out", out];
    args.extend_from_slice(options);
    segmento(dir, &args)
}

/// Runs `segmento analyze INPUT --out OUT options…` and fails the test with
/// its stderr if it fails; returns the stderr.
pub fn analyze_ok(dir: &Path, input: &str, out: &str, options: &[&str]) -> String {
    let (ok, stderr) = analyze(dir, input, out, options);
    assert!(ok, "segmento analyze {input} {options:?} failed: {stderr}");
    stderr
}

/// Runs `segmento analyze INPUT --out OUT options…`, which must fail;
/// returns its stderr, for the test to check the message.
pub fn analyze_fails(dir: &Path, input: &str, out: &str, options: &[&str]) -> String {
    let (ok, stderr) = analyze(dir, input, out, options);
    assert!(
        !ok,
        "segmento analyze {input} {options:?} should have failed"
    );
    stderr
}
