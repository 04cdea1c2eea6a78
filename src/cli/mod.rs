//! The command line: headless commands over the engine, and the door to the TUI.
//!
//! Owns: argument parsing, exit codes, printing. Must not: compute pay itself.

use crate::engine::{self, Computed, Scenario};
use crate::report;
use crate::scenario::{self, LoadError, generate::generate};
use clap::{Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub mod compare;

/// Exit code for bad input (a broken file, invalid numbers, a refused overwrite).
pub const EXIT_INPUT: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "cscomp-tui",
    version,
    about = "Design a Customer Success comp plan and see every CSM's pay and the team's cost.",
    long_about = "Design a Customer Success comp plan and see every CSM's pay and the team's cost.\n\nWith no command, opens the interactive app on FILE (or the bundled sample team).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Scenario file to open in the app (default: the bundled sample team).
    pub file: Option<String>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compute a scenario: every CSM's pay, the team's cost and the guardrail warnings.
    Calc {
        /// Scenario file (RON).
        file: String,
        /// Multiply every attainment by this (1.1 or 110% = everyone 10% above projection).
        #[arg(long, value_parser = parse_scale)]
        scale: Option<Decimal>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Validate a scenario and print its guardrail warnings (exit 2 on errors).
    Check {
        /// Scenario file (RON).
        file: String,
    },
    /// Write a starter scenario: the sample team, or a generated team of N CSMs.
    New {
        /// Where to write it.
        file: PathBuf,
        /// Generate a believable team of this many CSMs instead of the 15-CSM sample.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        team_size: Option<u32>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Compare 2 to 4 scenarios side by side; the first is the baseline.
    Compare {
        /// Scenario files (2 to 4); the first is the baseline.
        #[arg(required = true)]
        scenarios: Vec<String>,
        /// Compute every scenario at this attainment scale (default: each at its own).
        #[arg(long, value_parser = parse_scale)]
        scale: Option<Decimal>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

fn parse_scale(s: &str) -> Result<Decimal, String> {
    let v = crate::num::parse_decimal(s).map_err(|e| e.0)?;
    if v < Decimal::ZERO || v > engine::validate::MAX_SCALE {
        return Err(format!(
            "{s} is outside 0 to 10 (1 means attainment as projected)"
        ));
    }
    Ok(v)
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// A command's failure, already worded for the user.
#[derive(Debug)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<LoadError> for CliError {
    fn from(e: LoadError) -> Self {
        CliError(e.to_string())
    }
}

pub fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        None => crate::tui::run(cli.file.as_deref()).map_err(CliError),
        Some(Command::Calc {
            file,
            scale,
            format,
        }) => {
            let mut scn = open(&file)?;
            if let Some(s) = scale {
                scn.assumptions.attainment_scale = s;
            }
            let computed = compute(&scn, &file)?;
            print!("{}", render(&scn, &computed, format));
            Ok(())
        }
        Some(Command::Check { file }) => {
            let scn = open(&file)?;
            let computed = compute(&scn, &file)?;
            println!(
                "{file}: valid — {} CSMs, {} components, {} SPIFs.",
                scn.team.len(),
                scn.plan.components.len(),
                scn.plan.spifs.len()
            );
            print!("{}", report::warnings_text(&computed.warnings));
            Ok(())
        }
        Some(Command::New {
            file,
            team_size,
            force,
        }) => new(&file, team_size, force),
        Some(Command::Compare {
            scenarios,
            scale,
            format,
        }) => compare::run(&scenarios, scale, format),
    }
}

/// Opens a scenario named on the command line.
pub fn open(file: &str) -> Result<Scenario, CliError> {
    Ok(scenario::load(Path::new(file))?)
}

fn compute(scn: &Scenario, origin: &str) -> Result<Computed, CliError> {
    engine::compute(scn).map_err(|problems| {
        CliError(
            LoadError::Invalid {
                origin: origin.to_string(),
                problems,
            }
            .to_string(),
        )
    })
}

pub fn render(scn: &Scenario, c: &Computed, format: Format) -> String {
    match format {
        Format::Table => report::table(scn, c),
        Format::Csv => report::csv(scn, c),
        Format::Json => report::json(scn, c),
        Format::Markdown => report::markdown(scn, c),
    }
}

fn new(file: &Path, team_size: Option<u32>, force: bool) -> Result<(), CliError> {
    if file.exists() && !force {
        return Err(CliError(format!(
            "{} already exists; pass --force to overwrite it",
            file.display()
        )));
    }
    let scn = match team_size {
        Some(n) => generate(n as usize),
        None => scenario::sample(),
    };
    let text = scenario::to_ron(&scn);
    scenario::store::write_atomic(file, text.as_bytes(), false).map_err(|e| {
        CliError(format!(
            "cannot write {}: {}",
            file.display(),
            scenario::io_reason(&e)
        ))
    })?;
    println!(
        "Wrote {} ({} CSMs). Open it with: cscomp-tui {}",
        file.display(),
        scn.team.len(),
        file.display()
    );
    Ok(())
}
