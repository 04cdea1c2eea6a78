//! Helpers shared by the integration tests that run the real binary.
#![allow(dead_code)]

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
