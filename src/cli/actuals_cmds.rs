//! `import-actuals`: actual results from a CRM export merged into a scenario.
//!
//! Owns: reading the file the command names, writing the scenario (atomically, with a
//! `.bak`), remembering a confirmed mapping, and what it prints. The format and the merge
//! live in `crate::input::actuals`.

use super::CliError;
use super::imports;
use super::out;
use crate::engine::{self, Scenario};
use crate::input::actuals::{self, ActualsOptions};
use crate::input::dates::parse_year_start;
use crate::input::mapping::Layout;
use crate::num::money;
use crate::scenario;
use crate::scenario::import_memory::{Kind, SavedMapping};
use crate::scenario::paths::{NoHome, Paths};
use std::path::Path;

fn cash(scn: &Scenario) -> Option<rust_decimal::Decimal> {
    engine::compute(scn).ok().map(|c| c.eval.team.cash)
}

/// Payouts this import records, against what the plan computes for their periods: the
/// total difference, the largest ones, and any far from the plan (a typo in a payroll
/// export is more often a digit too many than a real payout). Empty when it records none.
fn payout_lines(old: &Scenario, new: &Scenario) -> String {
    let Ok(c) = engine::compute(new) else {
        return String::new();
    };
    let Some(pr) = c.eval.periods.as_ref() else {
        return String::new();
    };
    let mut recorded = Vec::new();
    for (i, csm) in new.team.iter().enumerate() {
        for (p, period) in new.plan.periods.iter().enumerate() {
            let paid = csm.periods.get(&period.id).and_then(|v| v.paid);
            let was = old
                .team
                .get(i)
                .and_then(|c| c.periods.get(&period.id))
                .and_then(|v| v.paid);
            if let Some(paid) = paid
                && was != Some(paid)
                && let Some(pay) = pr.csm(i).get(p)
            {
                recorded.push((i, p, paid, pay.computed()));
            }
        }
    }
    if recorded.is_empty() {
        return String::new();
    }
    let signed = crate::output::compare::signed_money;
    let line =
        |&(i, p, paid, computed): &(usize, usize, rust_decimal::Decimal, rust_decimal::Decimal)| {
            format!(
                "  {} {}, {}: paid {}, the plan computes {} ({})\n",
                new.team[i].id,
                new.team[i].name,
                new.plan.periods[p].id,
                money(paid),
                money(computed),
                signed(paid - computed)
            )
        };
    let total: rust_decimal::Decimal = recorded.iter().map(|r| r.2 - r.3).sum();
    let mut out = format!(
        "Recorded payouts against the plan: {}, recorded − computed {} in all.\n",
        plural(recorded.len(), "payout", "payouts"),
        signed(total)
    );
    let two = rust_decimal::Decimal::TWO;
    let far: Vec<_> = recorded
        .iter()
        .filter(|r| r.3 > rust_decimal::Decimal::ZERO && (r.2 > r.3 * two || r.2 * two < r.3))
        .collect();
    if !far.is_empty() {
        out += "Check these: paid more than twice, or less than half, what the plan computes (a typo?):\n";
        for r in &far {
            out += &line(r);
        }
    }
    recorded.sort_by_key(|r| std::cmp::Reverse((r.2 - r.3).abs()));
    let differ: Vec<_> = recorded.iter().filter(|r| r.2 != r.3).take(5).collect();
    if !differ.is_empty() {
        out += "Largest differences:\n";
        for r in differ {
            out += &line(r);
        }
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What `import-actuals` was asked.
pub struct ActualsImport<'a> {
    pub file: &'a Path,
    pub sheet: Option<&'a str>,
    pub into: &'a Path,
    pub as_of: Option<&'a str>,
    pub dry_run: bool,
    /// `--map HEADER=FIELD`.
    pub map: &'a [String],
    /// `--year-start DATE`: the plan year's first day, which places dates in periods.
    pub year_start: Option<&'a str>,
    /// `--forget-mapping`.
    pub forget_mapping: bool,
}

/// `import-actuals FILE --into SCENARIO [--sheet NAME] [--as-of PERIOD] [--map H=F]…
/// [--year-start DATE] [--forget-mapping] [--dry-run]`.
pub fn import(paths: &Result<Paths, NoHome>, args: &ActualsImport) -> Result<(), CliError> {
    let (file, into) = (args.file, args.into);
    let into_s = into.display().to_string();
    let scn = scenario::load(into)?;
    let cli_map = imports::parse_map(Layout::Actuals, args.map)?;
    let cli_start = args
        .year_start
        .map(parse_year_start)
        .transpose()
        .map_err(CliError)?;
    let mut memory = imports::Memory::load(paths);
    let table = imports::read_table(file, args.sheet, "actuals")?;
    let probe = ActualsOptions {
        map: cli_map.clone(),
        year_start: cli_start,
        as_of: None,
    };
    let headers = actuals::actuals_header(&scn, &table, &probe).unwrap_or_default();
    let (saved, forgot_line) =
        memory.saved_for(Kind::Actuals, &headers, args.forget_mapping, args.dry_run);
    let saved_map = saved
        .as_ref()
        .map(|s| crate::input::remembered::saved_columns(Layout::Actuals, s, &headers))
        .unwrap_or_default();
    let saved_start = saved
        .as_ref()
        .and_then(|s| s.year_start.as_deref())
        .and_then(|s| parse_year_start(s).ok());
    let opts = ActualsOptions {
        map: saved_map.overlaid(&cli_map),
        year_start: cli_start.or(saved_start),
        as_of: args.as_of.map(str::to_string),
    };
    let old_as_of = scn.plan.as_of.clone();
    // A period that is not the plan's is named before the file is read.
    if let Some(p) = args.as_of {
        actuals::set_as_of(&mut scn.clone_plan_only(), p).map_err(CliError)?;
    }
    let applied = actuals::import_table(&scn, &table, &opts).map_err(|e| {
        CliError(format!(
            "cannot import `{}`: {e}{}",
            file.display(),
            imports::map_hint(e.guess.as_deref())
        ))
    })?;
    // The import set the as-of period with the values (and checked them with it).
    let mut as_of_line = None;
    if args.as_of.is_some() {
        let new = applied.scenario.plan.as_of.clone().unwrap_or_default();
        if old_as_of.as_deref() != Some(new.as_str()) {
            as_of_line = Some(format!(
                "As of: {} → {new}",
                old_as_of.as_deref().unwrap_or("none")
            ));
        }
    }
    let unchanged = applied.set - applied.changed;
    let mut out = String::new();
    if let Some(w) = &memory.warning {
        out += &format!("Warning: {w}\n");
    }
    out += &forgot_line;
    let mut used_saved: Vec<String> = saved_map
        .entries
        .iter()
        .filter(|(h, _)| cli_map.get(h).is_none())
        .map(|(h, u)| format!("{h:?} → {}", u.label()))
        .collect();
    if cli_start.is_none()
        && let Some(s) = saved_start
        && applied.dated > 0
    {
        used_saved.push(format!("plan year from {}", s.format("%Y-%m-%d")));
    }
    if !used_saved.is_empty() {
        out += &format!(
            "Used the mapping saved for files with these headers: {}. To change it, pass --map \"HEADER=FIELD\" (or --year-start) again; --forget-mapping imports without it and forgets it.\n",
            used_saved.join(", ")
        );
    }
    out += &imports::columns_line(&applied.guess);
    if !applied.ignored_columns.is_empty() {
        out += &format!(
            "Ignored columns (not used by this import): {}\n",
            applied.ignored_columns.join(", ")
        );
    }
    out += &imports::skipped_line(&applied.skipped_rows);
    if applied.dated > 0
        && let Some(s) = opts.year_start
    {
        out += &format!(
            "Dates placed in the plan's periods: {} (the plan year from {}).\n",
            plural(applied.dated, "value", "values"),
            s.format("%Y-%m-%d")
        );
    }
    out += &format!(
        "{} `{}` ({}) into `{into_s}`: {} for {} in {}; {} {}, {unchanged} unchanged.\n",
        if args.dry_run {
            "Dry run: importing"
        } else {
            "Imported"
        },
        file.display(),
        applied.form.label(),
        plural(applied.set, "value", "values"),
        plural(applied.csms, "CSM", "CSMs"),
        applied.where_text(),
        applied.changed,
        if args.dry_run {
            "would change"
        } else {
            "changed"
        },
    );
    if let Some(l) = &as_of_line {
        out += l;
        out.push('\n');
    }
    if let (Some(before), Some(after)) = (cash(&scn), cash(&applied.scenario)) {
        out += &format!("Team cash cost: {} → {}\n", money(before), money(after));
    }
    out += &payout_lines(&scn, &applied.scenario);
    if args.dry_run {
        out += "Nothing was written.\n";
        out!("{out}");
        return Ok(());
    } else if applied.changed == 0 && as_of_line.is_none() {
        out += "Nothing changed; the file was not written.\n";
    } else {
        out += &super::store::write_scenario(into, &applied.scenario)?;
    }
    // Remember what the user confirmed.
    let given = !cli_map.is_empty() || cli_start.is_some();
    if given {
        memory.saved.remember(
            Kind::Actuals,
            &headers,
            SavedMapping {
                columns: crate::input::remembered::given_entries(&applied.guess),
                year_start: opts.year_start.map(|d| d.format("%Y-%m-%d").to_string()),
                ..SavedMapping::default()
            },
        );
        let failed = memory.save("the mapping");
        if !failed.is_empty() {
            out += &failed;
        } else {
            let mut what = Vec::new();
            let columns = imports::given_text(&applied.guess);
            if !columns.is_empty() {
                what.push(columns);
            }
            if let Some(s) = opts.year_start {
                what.push(format!("plan year from {}", s.format("%Y-%m-%d")));
            }
            out += &format!(
                "Saved the mapping for files with these headers ({}): {}. Files with these headers import with it from now on, no flags needed.\n",
                memory.file_text(),
                what.join("; ")
            );
        }
    }
    out!("{out}");
    Ok(())
}
