//! `export-xlsx`: the finance workbook (see `crate::output::xlsx` and docs/workbook.md).

use super::outln;
use super::{CliError, store};
use crate::engine;
use crate::scenario::paths::{NoHome, Paths};
use crate::scenario::{io_reason, store::write_atomic};
use std::path::Path;

/// `export-xlsx FILE [FILE...] --out plan.xlsx [--force]`.
pub fn export(
    paths: &Result<Paths, NoHome>,
    files: &[String],
    out: &Path,
    force: bool,
) -> Result<(), CliError> {
    if out.is_dir() {
        return Err(CliError(format!(
            "`{}` is a folder; --out needs a file name such as plan.xlsx",
            out.display()
        )));
    }
    if out.exists() && !force {
        return Err(CliError(format!(
            "{} already exists; pass --force to overwrite it",
            out.display()
        )));
    }
    let mut scenarios = Vec::with_capacity(files.len());
    for f in files {
        let scn = super::open(paths, f)?;
        let computed = engine::compute_valid(&scn);
        scenarios.push((scn, computed));
    }
    let books: Vec<_> = scenarios.iter().map(|(s, c)| (s, c)).collect();
    let bytes = crate::output::xlsx::workbook(&books).map_err(CliError)?;
    store::create_parent(out)?;
    write_atomic(out, &bytes, false).map_err(|e| {
        CliError(format!(
            "cannot write `{}`: {}",
            out.display(),
            io_reason(&e)
        ))
    })?;
    let csms: usize = scenarios.iter().map(|(s, _)| s.team.len()).sum();
    outln!(
        "Wrote {} ({} scenario{}, {csms} CSM row{}) to {}.",
        if scenarios.len() > 1 {
            "the workbook with a Compare sheet"
        } else {
            "the workbook"
        },
        scenarios.len(),
        if scenarios.len() == 1 { "" } else { "s" },
        if csms == 1 { "" } else { "s" },
        out.display()
    );
    Ok(())
}
