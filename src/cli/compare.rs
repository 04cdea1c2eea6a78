//! `cscomp-tui compare A B [C … H]`: plan variants side by side.
//!
//! Owns: resolving the arguments to scenarios and printing the comparison. The figures come
//! from `crate::analysis::compare`.

use super::out;
use super::{CliError, Format};
use crate::analysis::compare::Comparer;
use crate::engine::Scenario;
use crate::output::compare as report;
use crate::scenario::paths::{NoHome, Paths};
use rust_decimal::Decimal;

/// The fewest and the most scenarios a comparison takes.
pub const MIN_VARIANTS: usize = 2;
pub const MAX_VARIANTS: usize = crate::analysis::compare::MAX_VARIANTS;

/// Turns one command-line argument into a scenario and the label it is shown with. Today
/// an argument is a scenario file's path; this is the one place to teach it more (such as
/// the names of saved scenarios).
pub fn resolve_scenario_arg(
    paths: &Result<Paths, NoHome>,
    arg: &str,
) -> Result<(Scenario, String), CliError> {
    let scn = super::open(paths, arg)?;
    Ok((scn, arg.to_string()))
}

/// Which attainment the scenarios are compared at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum At {
    /// The baseline's own (the default).
    Baseline,
    /// One given scale for every scenario.
    Scale(Decimal),
    /// Each at its own.
    Own,
}

/// Runs `compare`: loads every scenario (a broken one stops it with exit code 2), compares
/// them and prints the result in the chosen format (`by_level`: CSV prints the by-level
/// table instead of the per-CSM one; the other formats always have both).
pub fn run(
    paths: &Result<Paths, NoHome>,
    args: &[String],
    at: At,
    format: Format,
    by_level: bool,
    whatif: &super::WhatIf,
) -> Result<(), CliError> {
    if !(MIN_VARIANTS..=MAX_VARIANTS).contains(&args.len()) {
        return Err(CliError(format!(
            "compare takes {MIN_VARIANTS} to {MAX_VARIANTS} scenarios (the first is the baseline), but {} {} given",
            args.len(),
            if args.len() == 1 { "was" } else { "were" }
        )));
    }
    let mut scenarios = Vec::with_capacity(args.len());
    let mut sources = Vec::with_capacity(args.len());
    for (i, arg) in args.iter().enumerate() {
        let (mut scn, source) = resolve_scenario_arg(paths, arg)?;
        // `--set` changes the proposals, never the baseline they are compared with.
        if i > 0 {
            super::whatif::apply_sets(&mut scn, &whatif.set, &whatif.lock)
                .map_err(|e| CliError(format!("{arg}: {e}")))?;
        }
        scenarios.push(scn);
        sources.push(source);
    }
    // Differences between amounts in two currencies mean nothing.
    let base = scenarios
        .first()
        .map(|b| b.plan.currency())
        .unwrap_or_default();
    if let Some(i) = scenarios.iter().position(|s| s.plan.currency() != base) {
        return Err(CliError(format!(
            "`{}` pays in {} but the baseline `{}` pays in {base}; compare plans that pay in the same currency",
            sources[i],
            scenarios[i].plan.currency(),
            sources[0]
        )));
    }
    let scale = match at {
        At::Baseline => scenarios.first().map(|b| b.assumptions.attainment_scale),
        At::Scale(s) => Some(s),
        At::Own => None,
    };
    let cmp = Comparer::new(scenarios, scale).into_comparison();
    let text = match format {
        Format::Table => report::table(&cmp, &sources),
        Format::Markdown => report::markdown(&cmp, &sources),
        Format::Json => report::json(&cmp, &sources),
        Format::Csv if by_level => report::csv_levels(&cmp),
        Format::Csv => report::csv(&cmp),
    };
    out!("{text}");
    Ok(())
}
