//! The command line: headless commands over the engine, and the door to the TUI.
//!
//! Owns: argument parsing, exit codes, printing. Must not: compute pay itself.

pub mod store;

use crate::engine::{self, Computed, Scenario};
use crate::output::report;
use crate::scenario::paths::{NoHome, Paths};
use crate::scenario::{self, LoadError, generate::generate};
use clap::{Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod actuals_cmds;
mod calibrate;
pub mod compare;
pub mod design;
mod imports;
mod progress;
pub mod risk;
mod roster_cmds;
mod sensitivity;
mod summary;
pub mod whatif;
mod xlsx_cmds;

/// Exit code for bad input (a broken file, invalid numbers, a refused overwrite).
pub const EXIT_INPUT: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "cscomp-tui",
    version,
    about = "Design a Customer Success comp plan and see every CSM's pay and the team's cost.",
    long_about = "Design a Customer Success comp plan and see every CSM's pay and the team's cost.\n\nWith no command, opens the interactive app on FILE (or the bundled sample team)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Scenario file to open in the app (default: the bundled sample team).
    pub file: Option<String>,
    /// Keep scenarios, settings and recovery files under DIR instead of the usual folders
    /// (also: the CSCOMP_HOME environment variable).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
}

/// The formats of a document for people: statements and the summary.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    Markdown,
    Html,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compute a scenario: every CSM's pay, the team's cost and the guardrail warnings.
    Calc {
        /// Scenario file (RON), or the name of a saved scenario.
        file: String,
        /// Multiply every attainment by this (1.1 or 110% = everyone 10% above projection).
        #[arg(long, value_parser = parse_scale)]
        scale: Option<Decimal>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Add each period's figures: per CSM and for the team, with paid to date and the
        /// forecast for the rest of the year (docs/periods.md).
        #[arg(long)]
        by_period: bool,
        #[command(flatten)]
        whatif: WhatIf,
    },
    /// Which levers move the team's cost: every plan parameter and attainment assumption one
    /// step down and up, the team's cash at each (exact), biggest effect first (see
    /// docs/parameters.md, "Sensitivity").
    Sensitivity {
        /// Scenario file (RON), or the name of a saved scenario.
        file: String,
        /// How many steps each move is (each kind's step × this).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(i64).range(1..=100))]
        steps: i64,
        /// A kind of lever's step, e.g. attainment=10% (points), target=5% (of each
        /// target), weight=2%, share=1%, threshold=5%, cap=10%, burden=1%, spif=$100,
        /// accelerator=0.25 (repeatable).
        #[arg(long = "step")]
        step: Vec<String>,
        /// Also simulate each move's P90 of team cost (docs/risk.md): slower.
        #[arg(long)]
        risk: bool,
        /// With --risk: simulated years (default: the file's, else 10,000).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        trials: Option<u32>,
        /// With --risk: the seed (default: the file's, else 1).
        #[arg(long)]
        seed: Option<u64>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        whatif: WhatIf,
    },
    /// Find the plan that meets a budget and the practitioners' constraints: free parameters
    /// searched on a grid, the best plan by an objective, each constraint with its margin
    /// (see docs/design.md).
    Design {
        /// Scenario file (RON), or the name of a saved scenario.
        file: String,
        /// A parameter to search, by its path, with its range (default: its slider's), e.g.
        /// variable_share=15%..30% or grr.cap (repeatable).
        #[arg(long = "free", value_name = "PARAM[=LOW..HIGH]", required = true)]
        free: Vec<String>,
        /// The budget (money; default: the plan's), e.g. 1600000 or $1.6M.
        #[arg(long)]
        budget: Option<String>,
        /// What the budget is for: cash, loaded, p50 or p90 (default: the plan's budget's).
        #[arg(long = "for")]
        figure: Option<String>,
        /// The share of CSMs paid at or above target, as a range, e.g. 55%..70%.
        #[arg(long)]
        at_target: Option<String>,
        /// The share of results below a metric's threshold, at most, e.g. 10%.
        #[arg(long)]
        below_threshold: Option<String>,
        /// Leverage, P90 variable ÷ target variable, at most, e.g. 1.5 (simulated).
        #[arg(long)]
        leverage: Option<String>,
        /// Controllable metrics' share of the variable pay, at least, e.g. 50%.
        #[arg(long)]
        controllable: Option<String>,
        /// No CSM's pay at the projections falls by more than this, e.g. 5%.
        #[arg(long)]
        max_loss: Option<String>,
        /// Every variable share within this range, e.g. 20%..30%.
        #[arg(long)]
        variable_share: Option<String>,
        /// closest (default), controllable or smallest-loss.
        #[arg(long)]
        objective: Option<String>,
        /// Simulated years for p50, p90 and leverage (default: the file's, at most 2,000).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        trials: Option<u32>,
        /// Seed of the simulated constraints (default: the file's).
        #[arg(long)]
        seed: Option<u64>,
        /// Save the plan found as a new scenario file (the previous OUT kept as OUT.bak).
        #[arg(long, value_name = "OUT")]
        write: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Estimate the cost-risk simulation's spreads and common factor from past years whose
    /// results are all actual, and write them into a scenario (see docs/risk.md,
    /// "Calibrating from history").
    Calibrate {
        /// History: scenario files (or saved names) whose periods are all actual, one per
        /// year; a plan without periods counts as a year of results.
        #[arg(required = true)]
        history: Vec<String>,
        /// The scenario whose risk assumptions are written (the old file kept as NAME.bak).
        #[arg(long, value_name = "SCENARIO")]
        into: String,
        /// Show the fit without writing anything.
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Validate a scenario and print its guardrail warnings (exit 2 on errors).
    Check {
        /// Scenario file (RON), or the name of a saved scenario.
        file: String,
        #[command(flatten)]
        whatif: WhatIf,
    },
    /// Simulate the plan's cost risk: P5–P95 of team cost, the chance of exceeding the
    /// budget, payout-curve health and who the plan rewards (see docs/risk.md).
    Risk {
        /// Scenario file (RON), or the name of a saved scenario.
        file: String,
        /// Simulated years (default: the file's, else 10,000).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        trials: Option<u32>,
        /// Seed of the random numbers (default: the file's, else 1).
        #[arg(long)]
        seed: Option<u64>,
        /// Budget in money (default: the plan's), e.g. 1600000, $1,600,000 or 1.6M.
        #[arg(long)]
        budget: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        whatif: WhatIf,
    },
    /// Find the value of one plan parameter that brings a team figure as close to a budget
    /// as possible without exceeding it (see docs/parameters.md).
    Solve {
        /// Scenario file (RON), or the name of a saved scenario.
        file: String,
        /// The parameter to solve for, by its path: variable_share, grr.cap,
        /// spif."c-level".amount, attainment_scale, ...
        #[arg(long)]
        param: String,
        /// The figure the budget is for: cash, loaded, planned, cost_pct_of_arr, or the
        /// simulated p50 or p90 of team cost (docs/risk.md). Default: what the plan's
        /// budget is for (cash or loaded), else cash.
        #[arg(long = "for", value_parser = whatif::figure)]
        figure: Option<crate::analysis::solve::Figure>,
        /// The budget: money (1600000, $1,600,000, 1.6M) or, for cost_pct_of_arr, a
        /// percentage. Default: the plan's budget.
        #[arg(long)]
        budget: Option<String>,
        /// Which value that meets the budget to pick: nearest (the value as it is when it
        /// fits, else the nearest that does; the default) or closest-to-budget (the one
        /// whose figure comes closest to the budget; the default for attainment_scale).
        #[arg(long, value_parser = crate::analysis::solve::Pick::from_name)]
        pick: Option<crate::analysis::solve::Pick>,
        /// Compute at this attainment scale (110% = everyone 10% above projection).
        #[arg(long, value_parser = parse_scale)]
        scale: Option<Decimal>,
        /// Save the solved scenario to this file (its previous version kept as .bak).
        #[arg(long, value_name = "OUT")]
        write: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        whatif: WhatIf,
    },
    /// Write a starter scenario: the sample team, or a generated team of N CSMs.
    New {
        /// Where to write it: a path (with a `/` or ending in .ron), or a name to save it
        /// under in the scenarios folder.
        file: String,
        /// Generate a believable team of this many CSMs instead of the 15-CSM sample.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        team_size: Option<u32>,
        /// Put the plan on four quarters (docs/periods.md): the bundled quarterly sample,
        /// or with --team-size a generated team by quarter.
        #[arg(long)]
        quarterly: bool,
        /// The currency the plan pays in, as an ISO code (EUR, GBP, CAD, ...); default USD.
        #[arg(long, value_name = "CODE", value_parser = parse_currency)]
        currency: Option<crate::num::Currency>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Replace a scenario's team with a roster CSV (all or nothing; see docs/roster-and-statements.md).
    ImportRoster {
        /// Roster CSV, .xlsx or .ods: id, name, level, ote, book_arr, start, end,
        /// target:<metric>, actual:<metric>, spif:<id>. HR exports are read as they come: their own headers
        /// (Employee ID, Annual OTE (USD), First Name + Last Name, ...), title rows above
        /// the header and total rows are recognised (docs/roster-and-statements.md).
        csv: PathBuf,
        /// The sheet to read from a .xlsx or .ods workbook (default: the first).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Scenario file (RON) whose team is replaced; the old file is kept as NAME.bak.
        #[arg(long, value_name = "SCENARIO")]
        into: PathBuf,
        /// Check the roster and show what would change, without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Read a column of the file as a field, e.g. --map "Employee Ref=id" (repeatable).
        /// Left: a header of the file; right: id, name, first_name, last_name, level, ote,
        /// book_arr, start, end, target:<metric>, actual:<metric>, spif:<id> or ignore (both sides
        /// matched ignoring case). Saved for files with the same headers once the import
        /// succeeds.
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        map: Vec<String>,
        /// Take a level of the roster as one of the plan's, e.g. --map-level "Sr. CSM=Senior
        /// CSM" (repeatable; saved once the import succeeds). A level the plan does not have
        /// is refused until it is mapped.
        #[arg(long = "map-level", value_name = "LEVEL=PLAN LEVEL")]
        map_level: Vec<String>,
        /// Import without the mapping saved for files with these headers, and forget it.
        #[arg(long)]
        forget_mapping: bool,
    },
    /// Merge actual results from a CRM export, or what payroll paid from a payroll export
    /// (import-payouts), into a scenario (all or nothing; see docs/periods.md, "Importing
    /// actuals" and "Recorded payouts").
    #[command(visible_alias = "import-payouts")]
    ImportActuals {
        /// CSV, .xlsx or .ods: long form `csm_id,metric,period,value`, or wide form
        /// `csm_id,actual:<metric>:<period>,spif:<id>:<period>,paid:<period>,...` (or a
        /// column per metric named by its id or name, with a period column). CRM,
        /// CS-platform and payroll headers (Account Owner, KPI, Fiscal Period, Actual,
        /// Employee ID, Pay Period, Gross Pay, ...) are recognised; CSMs are named by id or
        /// full name, metrics, SPIFs and periods by id or name.
        csv: PathBuf,
        /// The sheet to read from a .xlsx or .ods workbook (default: the first).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Scenario file (RON) to merge into; the old file is kept as NAME.bak.
        #[arg(long, value_name = "SCENARIO")]
        into: PathBuf,
        /// Also set the last period with actual results (the plan's `as_of`).
        #[arg(long, value_name = "PERIOD")]
        as_of: Option<String>,
        /// Check the file and show what would change, without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Read a column of the file as a field, e.g. --map "Success Manager=csm_id"
        /// (repeatable). Left: a header of the file; right: csm_id, metric, period, value,
        /// actual:<metric>[:<period>], spif:<id>[:<period>], paid[:<period>] or ignore
        /// (both sides matched ignoring case). Saved for files with the same headers once the import succeeds.
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        map: Vec<String>,
        /// The first day of the plan year (e.g. 2026-02-01): dates in the period column
        /// (2026-03-31, 3/31/2026, Excel serial days) fall in the period that holds them.
        /// Saved with the mapping.
        #[arg(long, value_name = "DATE")]
        year_start: Option<String>,
        /// Import without the mapping saved for files with these headers, and forget it.
        #[arg(long)]
        forget_mapping: bool,
    },
    /// Write a scenario's team as roster CSV (the format import-roster reads).
    ExportRoster {
        /// Scenario file (RON).
        file: String,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Overwrite --out if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write the finance workbook (.xlsx): the plan as formulas that recompute in Excel or
    /// LibreOffice (see docs/workbook.md); with several scenarios, a Compare sheet too.
    ExportXlsx {
        /// Scenario files (RON) or saved scenarios' names; the first is the baseline.
        #[arg(required = true)]
        files: Vec<String>,
        /// The workbook to write (.xlsx).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Overwrite --out if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write one pay-plan statement per CSM into a folder: Markdown, or HTML pages that
    /// print to PDF (see docs/roster-and-statements.md).
    Statements {
        /// Scenario file (RON).
        file: String,
        /// Folder to write into (created if missing; statements of the same CSMs are replaced).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = DocFormat::Markdown)]
        format: DocFormat,
    },
    /// One page for finance: the plan's cost against its budget and a baseline, what it
    /// could cost, cash by period, payout-curve health, what changed and who gains and
    /// loses (see docs/summary.md).
    Summary {
        /// Scenario file (RON), or the name of a saved scenario.
        file: String,
        /// The scenario to compare with (the plan as it is today, say).
        #[arg(long, value_name = "FILE")]
        baseline: Option<String>,
        /// Markdown, or an HTML page that prints on one A4 or Letter page.
        #[arg(long, value_enum, default_value_t = DocFormat::Markdown)]
        format: DocFormat,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Overwrite --out if it exists.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        whatif: WhatIf,
    },
    /// Print the folders in use: scenarios, settings, recovery, trash, cache.
    Paths,
    /// List the saved scenarios: name, file, modified, team size, cash cost.
    List,
    /// A scenario file's history: every save with what changed (`FILE@N` names a save in
    /// any command); `--compare` shows two saves side by side, `--restore` writes one as a
    /// new scenario.
    History {
        /// Scenario file (RON), or the name of a saved scenario.
        file: String,
        /// Compare save A with save B (or with the file as it is now), as `compare` does.
        #[arg(long, num_args = 1..=2, value_names = ["A", "B"])]
        compare: Vec<u32>,
        /// Write save N as a new scenario (never over an existing file).
        #[arg(long, value_name = "N", conflicts_with = "compare")]
        restore: Option<u32>,
        /// Where --restore writes (default: beside the file, `<name> (save N).ron`).
        #[arg(long, requires = "restore")]
        out: Option<PathBuf>,
    },
    /// Compare 2 to 8 scenarios side by side; the first is the baseline.
    Compare {
        /// Scenario files (2 to 8); the first is the baseline.
        #[arg(required = true)]
        scenarios: Vec<String>,
        /// Compute every scenario at this attainment scale (default: the baseline's, so a
        /// difference is the plans', not their what-ifs).
        #[arg(long, value_parser = parse_scale, conflicts_with = "own_scale")]
        scale: Option<Decimal>,
        /// Compute each scenario at its own attainment scale (its saved what-if).
        #[arg(long)]
        own_scale: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// With --format csv: the by-level table (head count, cash, % of OTE per level and
        /// scenario) instead of the per-CSM table.
        #[arg(long)]
        by_level: bool,
        #[command(flatten)]
        whatif: WhatIf,
    },
}

/// What-ifs without editing the file: `--set PATH=VALUE` (repeatable, applied in order, with
/// the app's validation and weight rebalancing) and `--lock PATH` (weights kept fixed).
#[derive(clap::Args, Debug, Default, Clone)]
pub struct WhatIf {
    /// Set a plan parameter first, e.g. --set variable_share=25% --set grr.cap=none
    /// (repeatable; see docs/parameters.md for the paths).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Keep this weight fixed while --set (or solve) rebalances the others: grr or grr.weight.
    #[arg(long = "lock", value_name = "PATH")]
    pub lock: Vec<String>,
}

/// `--scale`: a percentage by the rule of scenario files (`110%` or `1.1`; a bare `80` is
/// refused as a missing `%`), within the file's limits for `attainment_scale`.
fn parse_scale(s: &str) -> Result<Decimal, String> {
    let max = engine::validate::MAX_SCALE;
    let v = crate::num::parse_pct(s, max).map_err(|e| e.0)?;
    if v < Decimal::ZERO || v > max {
        return Err(format!(
            "`{}` is {}, but the scale must be between 0% and {} (100% means attainment as projected)",
            s.trim(),
            crate::num::pct_exact(v),
            crate::num::pct_exact(max)
        ));
    }
    Ok(v)
}

/// `--currency`: an ISO 4217 code (`EUR`, `gbp`).
fn parse_currency(s: &str) -> Result<crate::num::Currency, String> {
    crate::num::Currency::parse(s).map_err(|e| e.0)
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = run(cli);
    // Output that could not be written (other than to a reader that went away) fails the
    // command, after whatever it did.
    let result = result.and(output::failure().map_or(Ok(()), Err));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// Standard output for the commands: a reader that goes away (`| head`) ends the output
/// quietly, as Unix tools do — the rest is dropped, the command still finishes its work (a
/// file it writes is still written) and exits as it would have. Any other failure to write
/// is reported when the command ends.
pub mod output {
    use std::io::Write;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};

    static CLOSED: AtomicBool = AtomicBool::new(false);
    static FAILED: Mutex<Option<String>> = Mutex::new(None);

    fn note(e: &std::io::Error) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CLOSED.store(true, Ordering::SeqCst);
        } else if let Ok(mut f) = FAILED.lock() {
            f.get_or_insert_with(|| format!("cannot write the output: {e}"));
            CLOSED.store(true, Ordering::SeqCst);
        }
    }

    /// Writes formatted text (the `out!` macro).
    pub fn write(args: std::fmt::Arguments) {
        if CLOSED.load(Ordering::SeqCst) {
            return;
        }
        let mut o = std::io::stdout().lock();
        if let Err(e) = o.write_fmt(args).and_then(|()| o.flush()) {
            note(&e);
        }
    }

    /// Writes with `f` to standard output (large outputs written as they are made).
    pub fn stream(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
        if CLOSED.load(Ordering::SeqCst) {
            return;
        }
        let mut o = std::io::stdout().lock();
        if let Err(e) = f(&mut o).and_then(|()| o.flush()) {
            note(&e);
        }
    }

    /// The failure to report, if writing failed for another reason than a closed pipe.
    pub fn failure() -> Option<super::CliError> {
        FAILED.lock().ok()?.take().map(super::CliError)
    }
}

/// `print!` for the commands, through [`output`].
macro_rules! out {
    ($($t:tt)*) => { $crate::cli::output::write(format_args!($($t)*)) };
}

/// `println!` for the commands, through [`output`].
macro_rules! outln {
    ($($t:tt)*) => {{
        $crate::cli::output::write(format_args!($($t)*));
        $crate::cli::output::write(format_args!("\n"));
    }};
}
pub(crate) use {out, outln};

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
    // Choosing the folders reads no file; commands that need them report a failure.
    let paths = Paths::resolve(cli.data_dir.as_deref());
    match cli.command {
        None => {
            // FILE may name a saved scenario, like every command's FILE.
            let file = match &cli.file {
                Some(f) => Some(store::resolve(&paths, f)?.display().to_string()),
                None => None,
            };
            crate::tui::run(file.as_deref(), paths).map_err(CliError)
        }
        Some(_) if cli.file.is_some() => Err(CliError(
            "give the scenario after the command (e.g. `cscomp-tui calc FILE`), not before it"
                .into(),
        )),
        Some(Command::Calc {
            file,
            scale,
            format,
            by_period,
            whatif,
        }) => {
            // Loading validates; `--scale` was checked against the same range as it was read.
            let (_, mut scn) = load_with(&paths, &file, &whatif)?;
            if let Some(s) = scale {
                scn.assumptions.attainment_scale = s;
            }
            let computed = engine::compute_valid(&scn);
            // The machine formats are written as they are made (a large team's report is
            // never held whole in memory).
            match (format, by_period) {
                (Format::Json, _) => {
                    output::stream(|w| report::write_json(w, &scn, &computed, by_period))
                }
                (Format::Csv, false) => output::stream(|w| report::write_csv(w, &scn, &computed)),
                (Format::Csv, true) => {
                    output::stream(|w| report::periods::write_csv(w, &scn, &computed))
                }
                (_, true) => out!("{}", render_by_period(&scn, &computed, format)),
                (_, false) => out!("{}", render(&scn, &computed, format)),
            }
            // The process ends here: taking a large team apart piece by piece would only
            // make it end later (the system takes the memory back whole).
            std::mem::forget((scn, computed));
            Ok(())
        }
        Some(Command::Sensitivity {
            file,
            steps,
            step,
            risk,
            trials,
            seed,
            format,
            whatif,
        }) => {
            let (_, scn) = load_with(&paths, &file, &whatif)?;
            let mut st = crate::analysis::sensitivity::Steps::times(steps);
            for s in &step {
                st.read(s).map_err(CliError)?;
            }
            if !risk && (trials.is_some() || seed.is_some()) {
                return Err(CliError(
                    "--trials and --seed go with --risk (the P90 of each move)".into(),
                ));
            }
            let settings = scn.assumptions.risk.clone().unwrap_or_default();
            let trials = trials.unwrap_or(settings.trials);
            let seed = seed.unwrap_or(settings.seed);
            let s = crate::analysis::sensitivity::sensitivity_with(
                &scn,
                &st,
                risk.then_some((&settings, trials, seed)),
            );
            out!("{}", sensitivity::render(&scn, &s, format));
            Ok(())
        }
        Some(Command::Design {
            file,
            free,
            budget,
            figure,
            at_target,
            below_threshold,
            leverage,
            controllable,
            max_loss,
            variable_share,
            objective,
            trials,
            seed,
            write,
            format,
        }) => {
            if format == Format::Csv {
                return Err(CliError(
                    "design prints a report: --format table, markdown or json".into(),
                ));
            }
            let scn = open(&paths, &file)?;
            let args = design::Request {
                free,
                budget,
                figure,
                at_target,
                below_threshold,
                leverage,
                controllable,
                max_loss,
                variable_share,
                objective,
                trials,
                seed,
            };
            let problem = design::problem(&scn, &args)?;
            let d = crate::analysis::design::design(&problem);
            let mut out = design::render(&problem, &d, format);
            let Some(best) = &d.best else {
                out!("{out}");
                let binding = d.binding();
                return Err(CliError(format!(
                    "no plan meets every constraint; what binds: {}",
                    if binding.is_empty() {
                        "every combination was refused".to_string()
                    } else {
                        binding.join("; ")
                    }
                )));
            };
            match (&write, &best.scenario) {
                (Some(out_path), Some(s)) => {
                    let mut s = s.clone();
                    s.branched_from = Some(scn.name.clone());
                    s.name = format!("{} (designed)", scn.name);
                    let note = store::write_scenario(out_path, &s)?;
                    if format != Format::Json {
                        out += &format!("Written to {}.\n{note}", out_path.display());
                    }
                }
                (None, _) if format != Format::Json => {
                    out += "Save it: add --write OUT.ron (a new scenario beside this one).\n";
                }
                _ => {}
            }
            out!("{out}");
            Ok(())
        }
        Some(Command::Calibrate {
            history,
            into,
            dry_run,
            format,
        }) => {
            if format == Format::Csv {
                return Err(CliError(
                    "calibrate prints a report: --format table, markdown or json".into(),
                ));
            }
            let (path, mut scn) = open_at(&paths, &into)?;
            let mut years = Vec::new();
            for h in &history {
                let s = open(&paths, h)?;
                if let Some(why) = crate::analysis::calibrate::not_history(&s) {
                    return Err(CliError(format!(
                        "{h}: {why}; calibrate reads years that are over"
                    )));
                }
                years.push(s);
            }
            let c = crate::analysis::calibrate::calibrate(&scn, &years);
            let mut out = calibrate::render(&scn, &history, &c, format);
            let any = c
                .metrics
                .iter()
                .any(|m| m.verdict == crate::analysis::calibrate::Verdict::Calibrated);
            if format == Format::Json {
                out!("{out}");
            }
            if !any {
                return Err(CliError(
                    "nothing calibrated: no metric of the plan has results for enough CSMs in the history; nothing was written".into(),
                ));
            }
            let on = chrono::Local::now().date_naive().to_string();
            crate::analysis::calibrate::write_into(&mut scn, &c, history.clone(), on);
            if format != Format::Json {
                out += "\n";
                out += &crate::analysis::calibrate::source_words(&scn);
                out += "\n";
                if dry_run {
                    out += "Nothing was written.\n";
                } else {
                    out += &format!("Written into {}.\n", path.display());
                    out += &store::write_scenario(&path, &scn)?;
                }
                out!("{out}");
            } else if !dry_run {
                store::write_scenario(&path, &scn)?;
            }
            Ok(())
        }
        Some(Command::Check { file, whatif }) => {
            let (path, scn) = load_with(&paths, &file, &whatif)?;
            let computed = engine::compute_valid(&scn);
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            outln!(
                "{}: valid — {}, {}, {}.",
                path.display(),
                plural(scn.team.len(), "CSM", "CSMs"),
                plural(scn.plan.components.len(), "component", "components"),
                plural(scn.plan.spifs.len(), "SPIF", "SPIFs")
            );
            out!("{}", report::warnings_text(&computed.warnings));
            Ok(())
        }
        Some(Command::New {
            file,
            team_size,
            quarterly,
            currency,
            force,
        }) => {
            let (path, name) = store::new_target(&paths, &file)?;
            new(&path, name, team_size, quarterly, currency, force)
        }
        Some(Command::Summary {
            file,
            baseline,
            format,
            out,
            force,
            whatif,
        }) => summary::run(
            &paths,
            &summary::Args {
                file: &file,
                baseline: baseline.as_deref(),
                format,
                out: out.as_deref(),
                force,
                whatif: &whatif,
            },
        ),
        Some(Command::Paths) => store::paths(&paths),
        Some(Command::List) => store::list(&paths),
        Some(Command::History {
            file,
            compare: saves,
            restore,
            out,
        }) => {
            let path = store::resolve(&paths, &file)?;
            if !path.exists() {
                return Err(CliError(format!("no scenario file {}", path.display())));
            }
            match (saves.as_slice(), restore) {
                ([], None) => {
                    out!("{}", history_text(&path, &file, cli.data_dir.as_deref())?);
                    Ok(())
                }
                (_, Some(n)) => restore_save(&path, n, out.as_deref()),
                (ab, None) => {
                    let mut args: Vec<String> = ab.iter().map(|n| format!("{file}@{n}")).collect();
                    if args.len() == 1 {
                        args.push(file.clone());
                    }
                    compare::run(
                        &paths,
                        &args,
                        compare::At::Baseline,
                        Format::Table,
                        false,
                        &WhatIf::default(),
                    )
                }
            }
        }
        Some(Command::ImportRoster {
            csv,
            sheet,
            into,
            dry_run,
            map,
            map_level,
            forget_mapping,
        }) => {
            let into = store::resolve(&paths, &into.display().to_string())?;
            roster_cmds::import(
                &paths,
                &roster_cmds::RosterImport {
                    file: &csv,
                    sheet: sheet.as_deref(),
                    into: &into,
                    dry_run,
                    map: &map,
                    map_level: &map_level,
                    forget_mapping,
                },
            )
        }
        Some(Command::ImportActuals {
            csv,
            sheet,
            into,
            as_of,
            dry_run,
            map,
            year_start,
            forget_mapping,
        }) => {
            let into = store::resolve(&paths, &into.display().to_string())?;
            actuals_cmds::import(
                &paths,
                &actuals_cmds::ActualsImport {
                    file: &csv,
                    sheet: sheet.as_deref(),
                    into: &into,
                    as_of: as_of.as_deref(),
                    dry_run,
                    map: &map,
                    year_start: year_start.as_deref(),
                    forget_mapping,
                },
            )
        }
        Some(Command::ExportXlsx { files, out, force }) => {
            xlsx_cmds::export(&paths, &files, &out, force)
        }
        Some(Command::ExportRoster { file, out, force }) => {
            roster_cmds::export(open(&paths, &file)?, out.as_deref(), force)
        }
        Some(Command::Statements { file, out, format }) => {
            roster_cmds::write_statements(open(&paths, &file)?, &out, format)
        }
        Some(Command::Compare {
            scenarios,
            scale,
            own_scale,
            format,
            by_level,
            whatif,
        }) => {
            let at = match (scale, own_scale) {
                (_, true) => compare::At::Own,
                (Some(s), false) => compare::At::Scale(s),
                (None, false) => compare::At::Baseline,
            };
            compare::run(&paths, &scenarios, at, format, by_level, &whatif)
        }
        Some(Command::Risk {
            file,
            trials,
            seed,
            budget,
            format,
            whatif,
        }) => {
            let (_, scn) = load_with(&paths, &file, &whatif)?;
            risk::run(scn, trials, seed, budget.as_deref(), format)
        }
        Some(Command::Solve {
            file,
            param,
            figure,
            budget,
            pick,
            scale,
            write,
            format,
            whatif,
        }) => {
            let mut scn = open(&paths, &file)?;
            if let Some(s) = scale {
                scn.assumptions.attainment_scale = s;
            }
            whatif::apply_sets(&mut scn, &whatif.set, &whatif.lock)?;
            // The plan's own budget unless the command names one.
            let plan_budget = scn.plan.budget.clone();
            let figure = figure.unwrap_or(match plan_budget.as_ref().map(|b| b.basis) {
                Some(engine::BudgetBasis::Loaded) => crate::analysis::solve::Figure::Loaded,
                _ => crate::analysis::solve::Figure::Cash,
            });
            let budget = match (&budget, &plan_budget) {
                (Some(b), _) => whatif::budget(figure, b, scn.plan.currency())?,
                (None, Some(b)) if !figure.is_ratio() => b.amount,
                _ => {
                    return Err(CliError(
                        "solve needs a budget: give --budget (e.g. --budget 1600000), or set the plan's budget"
                            .into(),
                    ));
                }
            };
            let args = whatif::SolveArgs {
                param: &param,
                figure,
                budget,
                pick,
                lock: &whatif.lock,
                format,
            };
            let (text, solution) = whatif::run_solve(&scn, &args)?;
            out!("{text}");
            if let Some(out) = write {
                if !solution.met {
                    return Err(CliError(format!(
                        "no value of {param} meets the budget, so nothing was written to `{}`",
                        out.display()
                    )));
                }
                store::create_parent(&out)?;
                let note = store::write_scenario(&out, &solution.scenario)?;
                eprint!("Wrote the solved scenario to {}\n{note}", out.display());
            }
            Ok(())
        }
    }
}

/// Opens a scenario named on the command line and applies its `--set`/`--lock` what-ifs.
fn load_with(
    paths: &Result<Paths, NoHome>,
    file: &str,
    whatif: &WhatIf,
) -> Result<(PathBuf, Scenario), CliError> {
    let (path, mut scn) = open_at(paths, file)?;
    whatif::apply_sets(&mut scn, &whatif.set, &whatif.lock)?;
    Ok((path, scn))
}

/// An argument as a shell takes it back: in single quotes when it has spaces or quotes.
fn shell_word(a: &str) -> String {
    if !a.is_empty()
        && a.chars()
            .all(|c| c.is_alphanumeric() || "-_./@#+=:,".contains(c))
    {
        a.to_string()
    } else {
        format!("'{}'", a.replace('\'', r"'\''"))
    }
}

/// `history FILE`: the saves, newest first, each with what changed.
fn history_text(path: &Path, arg: &str, data_dir: Option<&Path>) -> Result<String, CliError> {
    let all = crate::history::entries(path).map_err(CliError)?;
    let folder = crate::history::folder_of(path);
    if all.is_empty() {
        return Ok(format!(
            "{} has no history yet: every save from now on is recorded (in {}).\n",
            path.display(),
            folder.display()
        ));
    }
    let mut out = format!(
        "History of {}: {} save{} (kept in {}).\n\n",
        path.display(),
        all.len(),
        if all.len() == 1 { "" } else { "s" },
        folder.display()
    );
    let width = all.last().map_or(2, |e| e.n.to_string().len() + 1);
    for e in all.iter().rev() {
        let head = format!("{:>width$}  {}  ", format!("#{}", e.n), e.when());
        let pad = " ".repeat(head.chars().count());
        for (k, line) in e.changes.iter().enumerate() {
            out += if k == 0 { &head } else { &pad };
            out += line;
            out += "\n";
        }
        if e.copy.is_none() {
            out += &format!(
                "{pad}(no copy kept: only the last {} saves keep one)\n",
                crate::history::KEEP_COPIES
            );
        }
    }
    let (first, last) = (all[0].n, all[all.len() - 1].n);
    // The commands to copy say the data folder the user gave, so they find the same file.
    let dir = data_dir.map_or(String::new(), |d| {
        format!(" --data-dir {}", shell_word(&d.display().to_string()))
    });
    let at = format!("{}{dir}", shell_word(&format!("{arg}@{first}")));
    let arg = &format!("{}{dir}", shell_word(arg));
    out += &match first == last {
        true => {
            format!("\nAgainst the file as it is now: cscomp-tui history {arg} --compare {last}\n")
        }
        false => format!(
            "\nSide by side: cscomp-tui history {arg} --compare {first} {last} (any save is FILE@N: cscomp-tui calc {at})\n"
        ),
    };
    out +=
        &format!("Back to a save, as a new scenario: cscomp-tui history {arg} --restore {first}\n");
    Ok(out)
}

/// `history FILE --restore N`: save N as a new scenario file, never over another.
fn restore_save(path: &Path, n: u32, out: Option<&Path>) -> Result<(), CliError> {
    let (scn, target) = crate::history::restorable(path, n, out).map_err(CliError)?;
    store::create_parent(&target)?;
    let note = store::write_scenario(&target, &scn)?;
    outln!(
        "Wrote save #{n} of {} as a new scenario, \"{}\", to {}. The file itself is unchanged.",
        path.display(),
        scn.name,
        target.display()
    );
    out!("{note}");
    Ok(())
}

/// Opens a scenario named on the command line: a file, the name of a saved scenario, or
/// either with `@N` for the scenario as it was saved the N-th time (its history).
pub fn open(paths: &Result<Paths, NoHome>, file: &str) -> Result<Scenario, CliError> {
    Ok(open_at(paths, file)?.1)
}

/// [`open`], with the file's path.
fn open_at(paths: &Result<Paths, NoHome>, file: &str) -> Result<(PathBuf, Scenario), CliError> {
    let path = store::resolve(paths, file);
    if !path.as_ref().is_ok_and(|p| p.exists())
        && let Some((name, n)) = crate::history::split_ref(file)
        && let Ok(real) = store::resolve(paths, name)
        && real.exists()
    {
        let scn = crate::history::saved(&real, n).map_err(CliError)?;
        return Ok((real, scn));
    }
    let path = path?;
    let scn = scenario::load(&path)?;
    Ok((path, scn))
}

pub fn render(scn: &Scenario, c: &Computed, format: Format) -> String {
    match format {
        Format::Table => report::table(scn, c),
        Format::Csv => report::csv(scn, c),
        Format::Json => report::json(scn, c),
        Format::Markdown => report::markdown(scn, c),
    }
}

/// The report with each period's figures (`calc --by-period`).
pub fn render_by_period(scn: &Scenario, c: &engine::Computed, format: Format) -> String {
    match format {
        Format::Table => {
            report::table(scn, c)
                + &report::periods::table(scn, c)
                + &report::on_track::table(scn, c)
        }
        Format::Csv => report::periods::csv(scn, c),
        Format::Json => report::json_with(scn, c, true),
        Format::Markdown => {
            report::markdown(scn, c)
                + &report::periods::markdown(scn, c)
                + &report::on_track::markdown(scn, c)
        }
    }
}

/// Writes a starter scenario to `file`; `name`, when given, becomes its name.
fn new(
    file: &Path,
    name: Option<String>,
    team_size: Option<u32>,
    quarterly: bool,
    currency: Option<crate::num::Currency>,
    force: bool,
) -> Result<(), CliError> {
    if file.exists() && !force {
        return Err(CliError(format!(
            "{} already exists; pass --force to overwrite it",
            file.display()
        )));
    }
    let mut scn = match (team_size, quarterly) {
        (Some(n), false) => generate(n as usize),
        (Some(n), true) => scenario::generate::generate_quarterly(n as usize),
        (None, false) => scenario::sample(),
        (None, true) => scenario::parse(scenario::QUARTERLY_RON, "assets/quarterly.ron")
            .map_err(|e| CliError(e.to_string()))?,
    };
    if let Some(n) = name {
        scn.name = n;
    }
    // The starter's money is written as plain amounts, so it reads the same in any currency.
    // USD is every plan's currency unless it names another, so it is not written.
    scn.plan.currency = currency.filter(|c| *c != crate::num::Currency::USD);
    // A new plan takes the rules a new plan should have: a leaver forfeits the annual
    // metrics not yet due, and joiners' and leavers' targets are prorated.
    scn.plan.leavers = crate::engine::LeaverPolicy::Forfeit;
    scn.plan.prorate_targets = true;
    let text = scenario::to_ron(&scn);
    store::create_parent(file)?;
    // An overwrite (--force) keeps the previous version as NAME.ron.bak.
    scenario::store::write_atomic(file, text.as_bytes(), true).map_err(|e| {
        CliError(format!(
            "cannot write {}: {}",
            file.display(),
            scenario::io_reason(&e)
        ))
    })?;
    eprint!("{}", store::record_history(file, &scn, text.as_bytes()));
    outln!(
        "Wrote {} ({} CSMs). Open it with: cscomp-tui {}",
        file.display(),
        scn.team.len(),
        shell_word(&file.display().to_string())
    );
    Ok(())
}
