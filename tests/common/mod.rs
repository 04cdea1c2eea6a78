//! Helpers shared by the integration tests that run the real binary.
#![allow(dead_code)]

pub mod periods;
pub mod screen;
pub mod sheets;
pub mod workbook;

use std::process::{Command, Output};

/// The binary, run from the project folder (fixtures are named relative to it).
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cscomp-tui"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The number of cases a property test runs: `default`, or PROPTEST_CASES when it is set
/// (so a soak run such as `PROPTEST_CASES=1200 cargo test --release` reaches every
/// property test, including those that choose their own count).
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The binary with its data folder (and current folder) in `home`, times in UTC.
pub fn run_in(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cscomp-tui"))
        .args(args)
        .env("CSCOMP_HOME", home)
        .env("TZ", "UTC")
        .current_dir(home)
        .output()
        .expect("the binary runs")
}

/// A file's modification time to the minute, as `list` prints it under TZ=UTC.
pub fn modified_minute(p: &std::path::Path) -> String {
    let t = std::fs::metadata(p).unwrap().modified().unwrap();
    chrono::DateTime::<chrono::Utc>::from(t)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Weights in proportion to `raw`, to 0.01%, summing to exactly 100% (the last takes the
/// rounding remainder): what the property tests' generated plans use.
pub fn split_weights(raw: &[i64]) -> Vec<rust_decimal::Decimal> {
    use rust_decimal::Decimal;
    let total: i64 = raw.iter().sum();
    let mut left = Decimal::ONE;
    raw.iter()
        .enumerate()
        .map(|(i, &w)| {
            let weight = if i + 1 == raw.len() {
                left
            } else {
                (Decimal::from(w) / Decimal::from(total)).round_dp(4)
            };
            left -= weight;
            weight
        })
        .collect()
}
