//! The store's commands: `paths`, `list`, and resolving FILE arguments that name a saved
//! scenario. See docs/storage.md.
//!
//! Owns: printing the store's folders and list. Must not: decide anything about files
//! (that is `scenario::store`'s).

use super::CliError;
use super::out;
use crate::num;
use crate::scenario::names;
use crate::scenario::paths::{NoHome, Paths};
use crate::scenario::store::{Entry, Status, Store, StoreError};
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError(e.to_string())
    }
}

impl From<NoHome> for CliError {
    fn from(e: NoHome) -> Self {
        CliError(e.to_string())
    }
}

/// The file a FILE argument means: an existing file or any path, else a saved scenario's
/// file name, stem or name (see `Store::resolve`).
pub fn resolve(paths: &Result<Paths, NoHome>, arg: &str) -> Result<PathBuf, CliError> {
    match paths {
        Ok(p) => Ok(Store::new(p.clone()).resolve(arg)?),
        // Without a data folder only paths work; the loader explains a missing file.
        Err(_) => Ok(PathBuf::from(arg)),
    }
}

/// Writes a scenario file the user keeps (`--into`, `--write`, `new --force`): nothing when
/// it already holds exactly these bytes (its backup stays the version before), else
/// atomically with the previous version kept as `NAME.bak`. A symbolic link is followed to
/// the file it points to, and the line returned says so; a read-only file is refused.
/// Returns the line that tells the user what was written.
pub fn write_scenario(into: &Path, scn: &crate::engine::Scenario) -> Result<String, CliError> {
    let text = crate::scenario::to_ron(scn);
    let bytes = text.as_bytes();
    use crate::scenario::{fsread, io_reason, store};
    let shown = into.display().to_string();
    let cannot = |e: &std::io::Error| CliError(format!("cannot write `{shown}`: {}", io_reason(e)));
    let target = store::link_target(into).map_err(|e| cannot(&e))?;
    let current =
        fsread::read_if_exists(&target, fsread::MAX_READ_BYTES).map_err(|e| cannot(&e))?;
    if current.as_deref() == Some(bytes) {
        return Ok("Nothing changed; the file was not written.\n".to_string());
    }
    store::write_atomic(into, bytes, true).map_err(|e| cannot(&e))?;
    let target_s = target.display().to_string();
    // The save is in the file's history (docs/storage.md); a history that cannot be
    // written is said, and the file written stands.
    let history = match crate::history::record_after(into, current.as_deref(), scn, bytes) {
        Ok(_) => String::new(),
        Err(why) => format!("The file was written, but not recorded in its history: {why}\n"),
    };
    Ok(history
        + &match (target != into, current.is_some()) {
            (false, true) => format!("The previous file is kept as `{shown}.bak`.\n"),
            (false, false) => String::new(),
            (true, true) => format!(
                "`{shown}` is a link: the file it points to, `{target_s}`, was written, and its previous version is kept as `{target_s}.bak`.\n"
            ),
            (true, false) => {
                format!("`{shown}` is a link: the file it points to, `{target_s}`, was written.\n")
            }
        })
}

/// Records a scenario written some other way (`new`) in its file's history; the note to
/// print when that fails.
pub fn record_history(file: &Path, scn: &crate::engine::Scenario, bytes: &[u8]) -> String {
    match crate::history::record(file, scn, bytes) {
        Ok(_) => String::new(),
        Err(why) => format!("The file was written, but not recorded in its history: {why}\n"),
    }
}

/// Where `new ARG` writes, and the scenario name to give it when ARG is a name.
pub fn new_target(
    paths: &Result<Paths, NoHome>,
    arg: &str,
) -> Result<(PathBuf, Option<String>), CliError> {
    let is_path = arg.contains('/')
        || Path::new(arg)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    if is_path {
        return Ok((PathBuf::from(arg), None));
    }
    let paths = paths.as_ref().map_err(|e| CliError(e.to_string()))?;
    let (path, is_name) = Store::new(paths.clone()).new_target(arg)?;
    Ok((path, is_name.then(|| names::clean_name(arg)).flatten()))
}

/// Creates the folder a file goes into.
pub fn create_parent(file: &Path) -> Result<(), CliError> {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() && !d.exists() => {
            std::fs::create_dir_all(d).map_err(|e| {
                CliError(format!(
                    "cannot create the folder {}: {}",
                    d.display(),
                    crate::scenario::io_reason(&e)
                ))
            })
        }
        _ => Ok(()),
    }
}

/// `cscomp-tui paths`.
pub fn paths(paths: &Result<Paths, NoHome>) -> Result<(), CliError> {
    let p = paths.as_ref().map_err(|e| CliError(e.to_string()))?;
    out!("{}", paths_text(p));
    Ok(())
}

/// The text of `cscomp-tui paths`.
pub fn paths_text(p: &Paths) -> String {
    let mut out = String::new();
    for (label, dir) in p.folders() {
        out.push_str(&format!("{label:<10} {}\n", dir.display()));
    }
    out.push_str(&format!("(chosen by {})\n", p.origin.label()));
    out
}

/// `cscomp-tui list`.
pub fn list(paths: &Result<Paths, NoHome>) -> Result<(), CliError> {
    let p = paths.as_ref().map_err(|e| CliError(e.to_string()))?;
    let store = Store::new(p.clone());
    if let Some(note) = Store::stale_temps_note(store.remove_stale_temps(None)) {
        eprintln!("note: {note}");
    }
    let entries = store.list()?;
    out!("{}", list_text(p, &entries));
    Ok(())
}

/// The text of `cscomp-tui list`: a header and one line per file, columns aligned by
/// display width; broken files show `broken:` and the reason in place of the figures.
pub fn list_text(p: &Paths, entries: &[Entry]) -> String {
    if entries.is_empty() {
        return format!(
            "No saved scenarios in {}.\nSave one with: cscomp-tui new NAME\n",
            p.scenarios.display()
        );
    }
    let rows: Vec<[String; 5]> = entries
        .iter()
        .map(|e| {
            let modified = e.modified.map_or_else(
                || "-".to_string(),
                |t| {
                    chrono::DateTime::<chrono::Local>::from(t)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                },
            );
            let name = one_line(e.display_name());
            let file = one_line(&e.file_name);
            match &e.status {
                Status::Ok(s) => [
                    name,
                    file,
                    modified,
                    s.team_size.to_string(),
                    num::money(s.cash),
                ],
                Status::Pending => [name, file, modified, "-".into(), "(not read yet)".into()],
                Status::Broken(b) => [
                    name,
                    file,
                    modified,
                    "-".into(),
                    format!("broken: {}", one_line(&b.reason)),
                ],
            }
        })
        .collect();
    let header = ["NAME", "FILE", "MODIFIED", "CSMS", "CASH COST"].map(String::from);
    let is_money = |c: &str| c.starts_with('$') || c.starts_with("-$") || c == "CASH COST";
    let mut widths = [0usize; 5];
    for r in std::iter::once(&header).chain(rows.iter()) {
        for (i, (w, c)) in widths.iter_mut().zip(r.iter()).enumerate() {
            // A broken file's reason is free text after the columns: it sets no width.
            if i < 4 || is_money(c) {
                *w = (*w).max(c.width());
            }
        }
    }
    let mut out = String::new();
    for r in std::iter::once(&header).chain(rows.iter()) {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            let pad = widths[i].saturating_sub(c.width());
            match i {
                // Numbers right-aligned, except a broken file's reason.
                3 => line.push_str(&format!("{}{c}", " ".repeat(pad))),
                4 if is_money(c) => line.push_str(&format!("{}{c}", " ".repeat(pad))),
                4 => line.push_str(c),
                _ => line.push_str(&format!("{c}{}", " ".repeat(pad))),
            }
            if i < 4 {
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let broken = entries.iter().filter(|e| e.broken().is_some()).count();
    out.push_str(&format!(
        "{} scenario{} in {}{}\n",
        entries.len(),
        if entries.len() == 1 { "" } else { "s" },
        p.scenarios.display(),
        if broken > 0 {
            format!(" ({broken} broken)")
        } else {
            String::new()
        }
    ));
    out
}

/// Control characters (a newline in a name) would break the one-line-per-file layout, and
/// a direction override (U+202E) would disguise it: both are shown escaped (`\u{202e}`).
fn one_line(s: &str) -> String {
    crate::text::escape_invisible(s).into_owned()
}
