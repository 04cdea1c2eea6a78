//! `import-actuals`: actual results from a CRM export merged into a scenario.
//!
//! Owns: reading the file the command names, writing the scenario (atomically, with a
//! `.bak`), and what it prints. The format and the merge live in `crate::input::actuals`.

use super::CliError;
use super::out;
use crate::engine::{self, Scenario};
use crate::input::actuals::{self, Applied};
use crate::input::roster_sheet;
use crate::num::money;
use crate::scenario::{self, fsread, io_reason};
use std::path::Path;

fn cash(scn: &Scenario) -> Option<rust_decimal::Decimal> {
    engine::compute(scn).ok().map(|c| c.eval.team.cash)
}

fn read(file: &Path) -> Result<Vec<u8>, CliError> {
    fsread::read_regular(file, fsread::MAX_READ_BYTES).map_err(|e| {
        CliError(format!(
            "cannot read actuals `{}`: {}",
            file.display(),
            io_reason(&e)
        ))
    })
}

/// Reads an actuals file (CSV, or a sheet of an .xlsx/.ods workbook) into `scn`.
fn read_actuals(scn: &Scenario, file: &Path, sheet: Option<&str>) -> Result<Applied, CliError> {
    let refused =
        |e: actuals::ActualsErrors| CliError(format!("cannot import `{}`: {e}", file.display()));
    if roster_sheet::is_workbook(file) {
        let grid = roster_sheet::read_grid(file, read(file)?, sheet)
            .map_err(|e| CliError(format!("cannot read actuals `{}`: {e}", file.display())))?;
        return actuals::import_grid(scn, &grid).map_err(refused);
    }
    if let Some(s) = sheet {
        return Err(CliError(format!(
            "--sheet {s}: `{}` is not a workbook; --sheet is for .xlsx and .ods files",
            file.display()
        )));
    }
    let text = String::from_utf8(read(file)?).map_err(|e| {
        CliError(format!(
            "actuals `{}` is not UTF-8 text (invalid byte at offset {}); in a spreadsheet, save it as \"CSV UTF-8\"",
            file.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    actuals::import_csv(scn, &text).map_err(refused)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `import-actuals FILE --into SCENARIO [--sheet NAME] [--as-of PERIOD] [--dry-run]`.
pub fn import(
    file: &Path,
    sheet: Option<&str>,
    into: &Path,
    as_of: Option<&str>,
    dry_run: bool,
) -> Result<(), CliError> {
    let into_s = into.display().to_string();
    let scn = scenario::load(into)?;
    let mut applied = read_actuals(&scn, file, sheet)?;
    let mut as_of_line = None;
    if let Some(p) = as_of {
        let old = actuals::set_as_of(&mut applied.scenario, p).map_err(CliError)?;
        let new = applied.scenario.plan.as_of.clone().unwrap_or_default();
        if old.as_deref() != Some(new.as_str()) {
            as_of_line = Some(format!(
                "As of: {} → {new}",
                old.as_deref().unwrap_or("none")
            ));
        }
        let errors: Vec<String> = engine::validate::validate(&applied.scenario)
            .into_iter()
            .filter(|f| f.severity == engine::validate::Severity::Error)
            .map(|f| format!("\n  - {f}"))
            .collect();
        if !errors.is_empty() {
            return Err(CliError(format!(
                "--as-of {p}: the scenario would not be valid; nothing was imported:{}",
                errors.concat()
            )));
        }
    }
    let unchanged = applied.set - applied.changed;
    let mut out = String::new();
    if !applied.ignored_columns.is_empty() {
        out += &format!(
            "Ignored columns (not used by import-actuals): {}\n",
            applied.ignored_columns.join(", ")
        );
    }
    out += &format!(
        "{} `{}` ({}) into `{into_s}`: {} for {} in {}; {} {}, {unchanged} unchanged.\n",
        if dry_run {
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
        if dry_run { "would change" } else { "changed" },
    );
    if let Some(l) = &as_of_line {
        out += l;
        out.push('\n');
    }
    if let (Some(before), Some(after)) = (cash(&scn), cash(&applied.scenario)) {
        out += &format!("Team cash cost: {} → {}\n", money(before), money(after));
    }
    if dry_run {
        out += "Nothing was written.\n";
    } else if applied.changed == 0 && as_of_line.is_none() {
        out += "Nothing changed; the file was not written.\n";
    } else {
        out += &super::store::write_scenario(into, scenario::to_ron(&applied.scenario).as_bytes())?;
    }
    out!("{out}");
    Ok(())
}
