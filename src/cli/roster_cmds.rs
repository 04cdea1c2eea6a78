//! The roster and statement commands: `import-roster`, `export-roster` and `statements`.
//!
//! Owns: reading and writing the files these commands name, and what they print. The
//! formats and texts themselves live in `crate::input::roster` and `crate::output::statements`.

use super::{CliError, DocFormat};
use super::{out, outln};
use crate::engine::{self, Scenario};
use crate::input::roster::{self, diff};
use crate::num::money;
use crate::output::statements;
use crate::scenario::{self, io_reason, store::write_atomic};
use std::path::Path;

/// Opens a scenario at a path the command line already resolved.
fn open(file: &str) -> Result<Scenario, CliError> {
    Ok(scenario::load(Path::new(file))?)
}

/// Reads a text file a person made (a CSV export), with a clear message when it is not
/// UTF-8.
fn read_text(path: &Path, what: &str) -> Result<String, CliError> {
    let bytes =
        scenario::fsread::read_regular(path, scenario::fsread::MAX_READ_BYTES).map_err(|e| {
            CliError(format!(
                "cannot read {what} `{}`: {}",
                path.display(),
                io_reason(&e)
            ))
        })?;
    String::from_utf8(bytes).map_err(|e| {
        CliError(format!(
            "{what} `{}` is not UTF-8 text (invalid byte at offset {}); in a spreadsheet, save it as \"CSV UTF-8\"",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// "1 CSM", "15 CSMs".
fn csms(n: usize) -> String {
    if n == 1 {
        "1 CSM".into()
    } else {
        format!("{n} CSMs")
    }
}

fn cash(scn: &Scenario, origin: &str) -> Result<rust_decimal::Decimal, CliError> {
    engine::compute(scn).map(|c| c.eval.team.cash).map_err(|p| {
        CliError(
            scenario::LoadError::Invalid {
                origin: origin.to_string(),
                problems: p,
            }
            .to_string(),
        )
    })
}

/// Why a roster file gave no team.
pub enum RosterError {
    /// The file could not be read at all (the message says so in full).
    Read(String),
    /// It was read, and its rows were refused.
    Invalid(roster::ImportErrors),
}

/// Reads a roster file for a plan: a CSV, or a sheet of an `.xlsx`/`.ods` workbook.
pub fn read_roster(
    plan: &crate::engine::Plan,
    file: &Path,
    sheet: Option<&str>,
) -> Result<roster::Imported, RosterError> {
    use crate::input::roster_sheet;
    if roster_sheet::is_workbook(file) {
        let bytes = scenario::fsread::read_regular(file, scenario::fsread::MAX_READ_BYTES)
            .map_err(|e| {
                RosterError::Read(format!(
                    "cannot read roster `{}`: {}",
                    file.display(),
                    io_reason(&e)
                ))
            })?;
        let grid = roster_sheet::read_grid(file, bytes, sheet).map_err(|e| {
            RosterError::Read(format!("cannot read roster `{}`: {e}", file.display()))
        })?;
        return roster_sheet::import_grid(plan, &grid).map_err(RosterError::Invalid);
    }
    if let Some(s) = sheet {
        return Err(RosterError::Read(format!(
            "--sheet {s}: `{}` is not a workbook; --sheet is for .xlsx and .ods files",
            file.display()
        )));
    }
    let text = read_text(file, "roster").map_err(|e| RosterError::Read(e.0))?;
    roster::import_roster(plan, &text).map_err(RosterError::Invalid)
}

/// `import-roster TEAM.csv|TEAM.xlsx --into SCENARIO [--sheet NAME] [--dry-run]`: replaces
/// the scenario's team with the roster, all or nothing.
pub fn import(csv: &Path, sheet: Option<&str>, into: &Path, dry_run: bool) -> Result<(), CliError> {
    let into_s = into.display().to_string();
    let mut scn = open(&into_s)?;
    let mut imported = read_roster(&scn.plan, csv, sheet).map_err(|e| match e {
        RosterError::Read(m) => CliError(m),
        RosterError::Invalid(e) => CliError(format!(
            "cannot import `{}` into `{into_s}`: {e}",
            csv.display()
        )),
    })?;
    roster::keep_periods(&scn.team, &mut imported.team);
    let changes = diff(&scn.plan, &scn.team, &imported.team);
    let cleared = roster::cleared(&scn.plan, &scn.team, &imported);
    let before = cash(&scn, &into_s)?;
    let old_len = scn.team.len();
    scn.team = imported.team;
    let after = cash(&scn, &into_s)?;
    let mut out = String::new();
    if !imported.ignored_columns.is_empty() {
        out += &format!(
            "Ignored columns (not used by cscomp-tui): {}\n",
            imported.ignored_columns.join(", ")
        );
    }
    out += &format!(
        "{} `{}` into `{into_s}` {} its team of {} with {}:\n{changes}\nTeam cash cost: {} → {}\n",
        if dry_run {
            "Dry run: importing"
        } else {
            "Imported"
        },
        csv.display(),
        if dry_run { "would replace" } else { "replaced" },
        csms(old_len),
        csms(scn.team.len()),
        money(before),
        money(after)
    );
    for c in &cleared {
        out += &format!("Warning: {}.\n", c.message(!dry_run));
    }
    if dry_run {
        out += "Nothing was written.\n";
    } else {
        out += &super::store::write_scenario(into, scenario::to_ron(&scn).as_bytes())?;
    }
    out!("{out}");
    Ok(())
}

/// `export-roster SCENARIO [--out FILE] [--force]`: the team as roster CSV.
pub fn export(file: &str, out: Option<&Path>, force: bool) -> Result<(), CliError> {
    let scn = open(file)?;
    let text = roster::export_roster(&scn.plan, &scn.team);
    let Some(out) = out else {
        out!("{text}");
        return Ok(());
    };
    if out.exists() && !force {
        return Err(CliError(format!(
            "{} already exists; pass --force to overwrite it",
            out.display()
        )));
    }
    write_atomic(out, text.as_bytes(), false).map_err(|e| {
        CliError(format!(
            "cannot write `{}`: {}",
            out.display(),
            io_reason(&e)
        ))
    })?;
    outln!("Wrote {} to {}.", csms(scn.team.len()), out.display());
    Ok(())
}

/// `statements SCENARIO --out DIR [--format html]`: one plan statement per CSM, Markdown or
/// HTML.
pub fn write_statements(file: &str, dir: &Path, format: DocFormat) -> Result<(), CliError> {
    let scn = open(file)?;
    let cannot = |e: std::io::Error| {
        CliError(format!(
            "cannot write statements to `{}`: {}",
            dir.display(),
            io_reason(&e)
        ))
    };
    if dir.exists() && !dir.is_dir() {
        return Err(CliError(format!(
            "`{}` is a file; --out needs a folder",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(cannot)?;
    let names = match format {
        DocFormat::Markdown => statements::file_names(&scn),
        DocFormat::Html => statements::file_names_as(&scn, "html"),
    };
    for (i, name) in names.iter().enumerate() {
        let text = match format {
            DocFormat::Markdown => statements::statement(&scn, i),
            DocFormat::Html => statements::html::statement(&scn, i),
        }
        .unwrap_or_default();
        // Replaced, never written through: a link in the folder is swapped for the new
        // file, so nothing outside the folder is touched.
        write_atomic(&dir.join(name), text.as_bytes(), false).map_err(cannot)?;
    }
    let shown = match names.as_slice() {
        [] => String::new(),
        [one] => format!(" ({one})"),
        [first, .., last] => format!(" ({first} … {last})"),
    };
    outln!(
        "Wrote {} statement{} to {}{shown}.",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        dir.display()
    );
    Ok(())
}
