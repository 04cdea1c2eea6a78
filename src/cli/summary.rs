//! `cscomp-tui summary FILE [--baseline FILE]`: the one page for finance (docs/summary.md).

use super::{CliError, DocFormat, WhatIf, out, outln, store};
use crate::analysis::summary::summarize;
use crate::output::summary;
use crate::scenario::paths::{NoHome, Paths};
use crate::scenario::{io_reason, store::write_atomic};
use std::path::Path;

/// What `summary` was asked for.
pub struct Args<'a> {
    pub file: &'a str,
    pub baseline: Option<&'a str>,
    pub format: DocFormat,
    pub out: Option<&'a Path>,
    pub force: bool,
    pub whatif: &'a WhatIf,
}

/// Loads the plan (with its `--set` what-ifs) and the baseline, and writes the summary to
/// `--out` or standard output.
pub fn run(paths: &Result<Paths, NoHome>, a: &Args) -> Result<(), CliError> {
    if let Some(out) = a.out {
        if out.is_dir() {
            return Err(CliError(format!(
                "`{}` is a folder; --out needs a file name such as summary.html",
                out.display()
            )));
        }
        if out.exists() && !a.force {
            return Err(CliError(format!(
                "{} already exists; pass --force to overwrite it",
                out.display()
            )));
        }
    }
    let (_, scn) = super::load_with(paths, a.file, a.whatif)?;
    let baseline = match a.baseline {
        Some(b) => {
            let base = super::open(paths, b)?;
            if base.plan.currency() != scn.plan.currency() {
                return Err(CliError(format!(
                    "`{}` pays in {} but the baseline `{b}` pays in {}; compare plans that pay in the same currency",
                    a.file,
                    scn.plan.currency(),
                    base.plan.currency()
                )));
            }
            Some(base)
        }
        None => None,
    };
    let s = summarize(&scn, baseline.as_ref());
    let text = match a.format {
        DocFormat::Markdown => summary::markdown(&scn, &s),
        DocFormat::Html => summary::html(&scn, &s),
    };
    let Some(out) = a.out else {
        out!("{text}");
        return Ok(());
    };
    store::create_parent(out)?;
    write_atomic(out, text.as_bytes(), false).map_err(|e| {
        CliError(format!(
            "cannot write `{}`: {}",
            out.display(),
            io_reason(&e)
        ))
    })?;
    outln!("Wrote the summary of {} to {}.", a.file, out.display());
    Ok(())
}
