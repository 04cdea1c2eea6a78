//! Rosters from spreadsheets: the first sheet (or a named one) of an `.xlsx` or `.ods`
//! workbook, read into the same rows and cells the CSV importer reads, so that one importer
//! (`roster::import_records`) serves both: the same header matching, the same all-or-nothing
//! rules and the same messages, with rows and columns named as the spreadsheet shows them
//! (`row 7, column D (ote)`).
//!
//! Owns: turning workbook bytes into text cells. Must not: touch the file system.
//!
//! Numbers are read exactly: a number cell holds a binary double, which is turned into the
//! shortest decimal that reads back as the same double (Rust's float formatting), so
//! $120,000.10, stored as 120000.09999999999126885…, comes in as `120000.1`. That text then
//! goes through the same checks as a CSV cell: money with more than whole cents (a formula
//! that left 132000.00000000001 behind) is refused, not rounded. Dates come in as
//! `YYYY-MM-DD` (or with the time) and are refused where a number is needed; error cells as
//! their code (`#DIV/0!`); TRUE/FALSE as text.

use crate::engine::Plan;
use crate::roster::{ImportErrors, Imported, Problem, import_records};
use calamine::{Data, Ods, Reader, Xlsx};
use std::io::Cursor;
use std::path::Path;

/// True when the path names a workbook this reads (`.xlsx`, `.xlsm`, `.ods`), by extension.
pub fn is_workbook(path: &Path) -> bool {
    workbook_kind(path).is_some()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Ods,
}

fn workbook_kind(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" => Some(Kind::Xlsx),
        "ods" => Some(Kind::Ods),
        _ => None,
    }
}

/// One sheet as text cells: its name, and its rows as the sheet numbers them (1 = the top
/// row), each cell under its column's letters.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub sheet: String,
    /// (row number, cells from `first_col`).
    pub rows: Vec<(u64, Vec<String>)>,
    /// The 0-based column of the first cell of every row.
    pub first_col: u16,
}

/// Reads one sheet of a workbook (`sheet`, or the first) from its bytes; `path` tells the
/// format by its extension. The message says what is wrong: not a workbook, no such sheet
/// (naming the sheets there are).
pub fn read_grid(path: &Path, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Grid, String> {
    let kind = workbook_kind(path).unwrap_or(Kind::Xlsx);
    match kind {
        Kind::Xlsx => {
            let wb = Xlsx::new(Cursor::new(bytes))
                .map_err(|e| format!("not a readable .xlsx workbook ({e})"))?;
            grid_of(wb, sheet)
        }
        Kind::Ods => {
            let wb = Ods::new(Cursor::new(bytes))
                .map_err(|e| format!("not a readable .ods spreadsheet ({e})"))?;
            grid_of(wb, sheet)
        }
    }
}

fn grid_of<R: Reader<Cursor<Vec<u8>>>>(mut wb: R, sheet: Option<&str>) -> Result<Grid, String>
where
    R::Error: std::fmt::Display,
{
    let names = wb.sheet_names();
    let name = match sheet {
        Some(want) => names
            .iter()
            .find(|n| n.as_str() == want)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(want)))
            .cloned()
            .ok_or_else(|| {
                format!(
                    "the workbook has no sheet `{want}` (it has: {})",
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| "the workbook has no sheets".to_string())?,
    };
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            (
                u64::from(row0) + i as u64 + 1,
                cells.iter().map(text_of).collect(),
            )
        })
        .collect();
    Ok(Grid {
        sheet: name,
        rows,
        first_col: u16::try_from(col0).unwrap_or(u16::MAX),
    })
}

/// A cell as the text the CSV importer would have read (see the module documentation).
pub fn text_of(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if d.time() == chrono::NaiveTime::MIN => d.format("%Y-%m-%d").to_string(),
            Some(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => format!("date {}", float_text(dt.as_f64())),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// The shortest decimal that reads back as the same double; whole numbers without `.0`.
pub fn float_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    let s = format!("{f}");
    // `{}` on f64 is the shortest round-trip form and never uses an exponent.
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// Reads a roster from a sheet: the first row that is not blank is the header, as in a CSV.
pub fn import_grid(plan: &Plan, grid: &Grid) -> Result<Imported, ImportErrors> {
    let blank = |cells: &[String]| cells.iter().all(|c| c.trim().is_empty());
    let Some(h) = grid.rows.iter().position(|(_, cells)| !blank(cells)) else {
        return Err(ImportErrors {
            problems: vec![Problem {
                row: None,
                column: None,
                letter: None,
                value: None,
                reason: format!("sheet `{}` is empty: it has no header row", grid.sheet),
            }],
        });
    };
    let (header_row, header_cells) = &grid.rows[h];
    let width = header_cells.len();
    let letters: Vec<String> = (0..width)
        .map(|j| crate::xlsx::col_name(grid.first_col.saturating_add(j as u16)))
        .collect();
    let header = csv::StringRecord::from(header_cells.clone());
    let records = grid.rows[h + 1..]
        .iter()
        .map(|(row, cells)| Ok((*row, csv::StringRecord::from(cells.clone()))));
    import_records(plan, &header, *header_row, Some(&letters), records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_come_in_as_their_shortest_decimal() {
        assert_eq!(float_text(120000.1), "120000.1");
        assert_eq!(float_text(120000.0), "120000");
        assert_eq!(float_text(0.927), "0.927");
        assert_eq!(float_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_text(1e21), "1000000000000000000000");
        assert_eq!(float_text(-5.0), "-5");
    }
}
