//! What `import-roster` and `import-actuals` share: reading the file into a table, the
//! user's `--map` and the mappings saved for a file's headers, and the lines that say how a
//! file was read (its columns, the rows left out) and how to map what was not found.
//!
//! Owns: the saved mappings' round trip between the settings folder and the importers'
//! options. The formats live in `crate::input`; the file in `crate::scenario::import_memory`.

use super::CliError;
use crate::input::levels::UnknownLevel;
use crate::input::mapping::{ColumnMap, Confidence, Guess, Layout, Use};
use crate::input::roster_sheet;
use crate::input::table::{SkippedRow, Table, skipped_text};
use crate::scenario::import_memory::{ImportMemory, Kind, SavedMapping};
use crate::scenario::paths::{NoHome, Paths};
use crate::scenario::{fsread, io_reason};
use std::path::Path;

/// Reads a file a person exported (a CSV, or a sheet of an `.xlsx`/`.ods` workbook) into a
/// table; `what` names it in messages ("roster", "actuals").
pub fn read_table(file: &Path, sheet: Option<&str>, what: &str) -> Result<Table, CliError> {
    let bytes = fsread::read_regular(file, fsread::MAX_READ_BYTES).map_err(|e| {
        CliError(format!(
            "cannot read {what} `{}`: {}",
            file.display(),
            io_reason(&e)
        ))
    })?;
    if roster_sheet::is_workbook(file) {
        let grid = roster_sheet::read_grid(file, bytes, sheet)
            .map_err(|e| CliError(format!("cannot read {what} `{}`: {e}", file.display())))?;
        return Ok(Table::from_grid(&grid));
    }
    if let Some(s) = sheet {
        return Err(CliError(format!(
            "--sheet {s}: `{}` is not a workbook; --sheet is for .xlsx and .ods files",
            file.display()
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        CliError(format!(
            "{what} `{}` is not UTF-8 text (invalid byte at offset {}); in a spreadsheet, save it as \"CSV UTF-8\"",
            file.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(Table::from_csv(&text))
}

/// The `--map` entries of a command, read for its layout.
pub fn parse_map(layout: Layout, entries: &[String]) -> Result<ColumnMap, CliError> {
    ColumnMap::parse(layout, entries).map_err(|e| CliError(e.join("\n")))
}

/// The mappings saved in the settings folder, and where that is.
pub struct Memory {
    pub paths: Option<Paths>,
    pub saved: ImportMemory,
    /// Why the saved mappings could not be read (they are then ignored).
    pub warning: Option<String>,
}

impl Memory {
    pub fn load(paths: &Result<Paths, NoHome>) -> Memory {
        match paths {
            Ok(p) => {
                let (saved, warning) = ImportMemory::load_or_default(p);
                Memory {
                    paths: Some(p.clone()),
                    saved,
                    warning,
                }
            }
            Err(_) => Memory {
                paths: None,
                saved: ImportMemory::default(),
                warning: None,
            },
        }
    }

    /// Where the mappings are kept, for messages.
    pub fn file_text(&self) -> String {
        self.paths
            .as_ref()
            .map(|p| ImportMemory::file(p).display().to_string())
            .unwrap_or_else(|| "the settings folder".into())
    }

    /// The mapping saved for `headers`, and the line to print. `--forget-mapping`
    /// (`forget`) forgets it at once (not in a dry run), whatever the import then does, and
    /// the import goes without it.
    pub fn saved_for(
        &mut self,
        kind: Kind,
        headers: &[String],
        forget: bool,
        dry_run: bool,
    ) -> (Option<SavedMapping>, String) {
        if !forget {
            return (self.saved.find(kind, headers).cloned(), String::new());
        }
        let mut line = String::new();
        if !dry_run && self.saved.forget(kind, headers) {
            line = match self.save("forgetting the mapping") {
                failed if !failed.is_empty() => failed,
                _ => "Forgot the mapping saved for files with these headers.\n".to_string(),
            };
        }
        (None, line)
    }

    /// Saves, returning the line to print (what was saved, or why it could not be).
    pub fn save(&self, what: &str) -> String {
        let Some(paths) = &self.paths else {
            return format!("Warning: {what} could not be saved: {}\n", NoHome);
        };
        match self.saved.save(paths) {
            Ok(()) => String::new(),
            Err(e) => format!("Warning: {what} could not be saved: {e}\n"),
        }
    }
}

/// The same, in the file's order, for a message: `"Emp Ref" → id, "Email" → ignore`.
pub fn given_text(guess: &Guess) -> String {
    guess
        .columns
        .iter()
        .filter(|c| c.confidence == Some(Confidence::Given))
        .map(|c| format!("{:?} → {}", c.header.trim(), c.guess.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Columns read: "Employee ID" → id, …" when some column was read under another name
/// than its header (a known header of another system, or the user's mapping); else
/// nothing.
pub fn columns_line(guess: &Guess) -> String {
    if !guess.renamed() {
        return String::new();
    }
    let read: Vec<String> = guess
        .columns
        .iter()
        .filter(|c| {
            matches!(c.confidence, Some(Confidence::Known | Confidence::Given))
                && c.applied() != Use::Ignore
        })
        .map(|c| format!("{:?} → {}", c.header.trim(), c.applied().label()))
        .collect();
    format!("Columns read as: {}\n", read.join(", "))
}

/// "Ignored rows: …" when rows were left out.
pub fn skipped_line(rows: &[SkippedRow]) -> String {
    if rows.is_empty() {
        String::new()
    } else {
        format!("Ignored rows (not data): {}\n", skipped_text(rows))
    }
}

/// How to map what was not found: a `--map` line to copy for each required field no
/// column was read as (its closest column, or HEADER, on the left) and for each column
/// that resembles a field or a metric. Empty when there is nothing to suggest.
pub fn map_hint(guess: Option<&Guess>) -> String {
    let Some(g) = guess else {
        return String::new();
    };
    let mut flags: Vec<String> = g
        .suggestions()
        .iter()
        .map(|(h, u)| format!("--map \"{h}={}\"", u.label()))
        .collect();
    for m in g.missing.iter().filter(|m| m.closest.is_empty()) {
        flags.push(format!("--map \"HEADER={}\"", m.field.name()));
    }
    if flags.is_empty() {
        return String::new();
    }
    let dates = g.columns.iter().any(|c| {
        c.confidence == Some(Confidence::Likely)
            && c.guess == Use::Field(crate::input::mapping::Field::Period)
    });
    format!(
        "\nTo read a column of the file as a field, map it (check each suggestion): {}{} (the header on the left as the file writes it; the mapping is saved for files with these headers once an import succeeds).",
        flags.join(" "),
        if dates {
            "; for dates, add --year-start with the plan year's first day (e.g. --year-start 2026-02-01)"
        } else {
            ""
        }
    )
}

/// How to map levels the plan does not have: `--map-level` lines to copy, with the nearest
/// plan level on the right. Empty when every level is known.
pub fn level_hint(unknown: &[UnknownLevel]) -> String {
    if unknown.is_empty() {
        return String::new();
    }
    let flags: Vec<String> = unknown
        .iter()
        .map(|u| {
            let to = u
                .nearest
                .first()
                .cloned()
                .unwrap_or_else(|| "PLAN LEVEL".to_string());
            format!("--map-level \"{}={to}\"", u.level)
        })
        .collect();
    format!(
        "\nTo take a level as one of the plan's, map it (check each suggestion): {} (or LEVEL=default to keep a level with the default pay mix; saved for later imports once an import succeeds).",
        flags.join(" ")
    )
}
