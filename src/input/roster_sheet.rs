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
use crate::input::roster::{ImportErrors, Imported, RosterOptions, import_table};
pub use crate::input::table::Grid;
use crate::input::table::Table;
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

/// How much of a workbook is read at the most. A spreadsheet is a zip of XML files: a few
/// kilobytes can declare a grid of 17 billion cells or unpack to gigabytes, so every sheet
/// is read within these bounds and a file beyond them is refused with a message that names
/// the bound, before anything large is held in memory.
pub mod limits {
    /// The unpacked size of all the files inside the workbook together.
    pub const UNPACKED_BYTES: u64 = 128 << 20;
    /// Files inside the workbook.
    pub const ENTRIES: usize = 10_000;
    /// The cells of the sheet's used area (rows × columns from the first cell that holds
    /// something to the last): a 100,000-CSM roster of 20 columns is 2,000,000.
    pub const GRID_CELLS: u64 = 4_000_000;
    /// Characters in one cell (Excel's own limit).
    pub const CELL_CHARS: usize = 32_767;
}

/// Reads one sheet of a workbook (`sheet`, or the first) from its bytes; `path` tells the
/// format by its extension. The message says what is wrong: not a workbook, no such sheet
/// (naming the sheets there are), or a bound in [`limits`] that the file goes beyond.
///
/// Memory stays bounded whatever the file declares: the zip is unpacked once into nothing to
/// measure it, `.xlsx` cells are read one by one as they stand in the sheet (never a grid as
/// large as the sheet's declared dimension), and an `.ods` sheet's repeated rows and columns
/// are counted before the spreadsheet reader expands them.
/// The names of a workbook's sheets, in order (checked against the same bounds as
/// [`read_grid`] before anything is unpacked).
pub fn sheet_names(path: &Path, bytes: &[u8]) -> Result<Vec<String>, String> {
    let kind = workbook_kind(path).unwrap_or(Kind::Xlsx);
    check_package(bytes, kind).map_err(|e| match e {
        PackageError::NotZip(e) => format!("not a readable workbook ({e})"),
        PackageError::Limit(m) => m,
    })?;
    match kind {
        Kind::Xlsx => Xlsx::new(Cursor::new(bytes))
            .map(|wb| wb.sheet_names())
            .map_err(|e| format!("not a readable .xlsx workbook ({e})")),
        Kind::Ods => Ods::new(Cursor::new(bytes))
            .map(|wb| wb.sheet_names())
            .map_err(|e| format!("not a readable .ods spreadsheet ({e})")),
    }
}

pub fn read_grid(path: &Path, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Grid, String> {
    let kind = workbook_kind(path).unwrap_or(Kind::Xlsx);
    let what = match kind {
        Kind::Xlsx => "an .xlsx workbook",
        Kind::Ods => "an .ods spreadsheet",
    };
    check_package(&bytes, kind).map_err(|e| match e {
        PackageError::NotZip(e) => format!("not a readable {} ({e})", &what[3..]),
        PackageError::Limit(m) => m,
    })?;
    match kind {
        Kind::Xlsx => {
            let mut wb = Xlsx::new(Cursor::new(bytes))
                .map_err(|e| format!("not a readable .xlsx workbook ({e})"))?;
            let name = pick_sheet(wb.sheet_names(), sheet)?;
            let mut reader = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
            let mut cells = Sparse::default();
            while let Some(cell) = reader
                .next_cell_with_formula_metadata()
                .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?
            {
                let (row, col) = cell.pos;
                if cell.formula.is_some() {
                    cells.formula(col);
                }
                cells.push(row, col, text_of(&Data::from(cell.value)))?;
            }
            drop(reader);
            cells.into_grid(name)
        }
        Kind::Ods => {
            let mut wb = Ods::new(Cursor::new(bytes))
                .map_err(|e| format!("not a readable .ods spreadsheet ({e})"))?;
            let name = pick_sheet(wb.sheet_names(), sheet)?;
            let range = wb
                .worksheet_range(&name)
                .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
            let mut cells = Sparse::default();
            for (row, col, data) in range.used_cells() {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                cells.push(r0 + row as u32, c0 + col as u32, text_of(data))?;
            }
            if let Ok(formulas) = wb.worksheet_formula(&name) {
                let (_, c0) = formulas.start().unwrap_or((0, 0));
                for (_, col, f) in formulas.used_cells() {
                    if !f.is_empty() {
                        cells.formula(c0 + col as u32);
                    }
                }
            }
            cells.into_grid(name)
        }
    }
}

enum PackageError {
    NotZip(String),
    Limit(String),
}

fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes >> 20)
}

/// Unpacks every file of the zip into nothing, stopping at [`limits::UNPACKED_BYTES`], and
/// for an `.ods` counts the cells its sheets expand to.
fn check_package(bytes: &[u8], kind: Kind) -> Result<(), PackageError> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| PackageError::NotZip(e.to_string()))?;
    if zip.len() > limits::ENTRIES {
        return Err(PackageError::Limit(format!(
            "the workbook holds {} files; a workbook is read with at most {}",
            crate::num::count(zip.len() as u64),
            crate::num::count(limits::ENTRIES as u64)
        )));
    }
    let too_big = || {
        PackageError::Limit(format!(
            "the workbook unpacks to more than {}; a workbook is read up to {} unpacked (a roster or results sheet is far smaller: save the sheet alone, or as CSV)",
            mib(limits::UNPACKED_BYTES),
            mib(limits::UNPACKED_BYTES)
        ))
    };
    let mut left = limits::UNPACKED_BYTES;
    for i in 0..zip.len() {
        let entry = zip
            .by_index(i)
            .map_err(|e| PackageError::NotZip(e.to_string()))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let mut limited = entry.take(left + 1);
        let read = if kind == Kind::Ods && name == "content.xml" {
            let mut counter = CountingReader {
                inner: &mut limited,
                count: 0,
            };
            let outcome = ods_expanded_cells(&mut counter);
            let n = counter.count;
            match outcome {
                Ok(cells) if cells > limits::GRID_CELLS => {
                    return Err(PackageError::Limit(format!(
                        "a sheet of the spreadsheet repeats rows and columns to {} cells; a sheet is read up to {} cells",
                        crate::num::count(cells),
                        crate::num::count(limits::GRID_CELLS)
                    )));
                }
                Ok(_) => {
                    // The rest of the entry (after the last element) still counts.
                    n + std::io::copy(&mut limited, &mut std::io::sink())
                        .map_err(|e| PackageError::NotZip(e.to_string()))?
                }
                Err(_) if n > left => n,
                Err(e) => return Err(PackageError::NotZip(e)),
            }
        } else {
            std::io::copy(&mut limited, &mut std::io::sink())
                .map_err(|e| PackageError::NotZip(e.to_string()))?
        };
        if read > left {
            return Err(too_big());
        }
        left -= read;
    }
    Ok(())
}

struct CountingReader<'a, R> {
    inner: &'a mut R,
    count: u64,
}

impl<R: std::io::Read> std::io::Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// The most cells any one sheet of an ODS `content.xml` expands to: per row, the columns up
/// to its last cell that holds something (repeats counted), times the row's repeats; rows
/// after the last row that holds something are not counted (the reader drops them).
fn ods_expanded_cells<R: std::io::Read>(reader: R) -> Result<u64, String> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(reader));
    let mut buf = Vec::new();
    let mut worst = 0u64;
    let (mut sheet_cells, mut pending_rows) = (0u64, 0u64);
    let (mut row_rep, mut row_width, mut row_filled) = (1u64, 0u64, 0u64);
    let mut cell: Option<(u64, bool)> = None;
    let rep = |e: &quick_xml::events::BytesStart, key: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| a.value.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let end_row = |row_rep: u64, row_filled: u64, sheet_cells: &mut u64, pending: &mut u64| {
        if row_filled == 0 {
            *pending = pending.saturating_add(row_rep);
        } else {
            // Blank rows before this one are kept by the reader (as empty rows).
            *sheet_cells = sheet_cells
                .saturating_add(*pending)
                .saturating_add(row_rep.saturating_mul(row_filled));
            *pending = 0;
        }
    };
    loop {
        let ev = xml
            .read_event_into(&mut buf)
            .map_err(|e| format!("content.xml: {e}"))?;
        match ev {
            Event::Start(e) | Event::Empty(e) if matches!(e.name().as_ref(), "table:table") => {
                sheet_cells = 0;
                pending_rows = 0;
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                row_rep = rep(&e, "table:number-rows-repeated");
                row_width = 0;
                row_filled = 0;
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                let r = rep(&e, "table:number-rows-repeated");
                end_row(r, 0, &mut sheet_cells, &mut pending_rows);
            }
            Event::Start(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let has_value = e
                    .attributes()
                    .flatten()
                    .any(|a| matches!(a.key.as_ref(), "office:value-type" | "table:formula"));
                cell = Some((rep(&e, "table:number-columns-repeated"), has_value));
            }
            Event::Text(_) | Event::CData(_) => {
                if let Some((n, _)) = cell {
                    cell = Some((n, true));
                }
            }
            Event::End(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                if let Some((n, filled)) = cell.take() {
                    row_width = row_width.saturating_add(n);
                    if filled {
                        row_filled = row_width;
                    }
                }
            }
            Event::Empty(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let n = rep(&e, "table:number-columns-repeated");
                let filled = e
                    .attributes()
                    .flatten()
                    .any(|a| matches!(a.key.as_ref(), "office:value-type" | "table:formula"));
                row_width = row_width.saturating_add(n);
                if filled {
                    row_filled = row_width;
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                end_row(row_rep, row_filled, &mut sheet_cells, &mut pending_rows);
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                worst = worst.max(sheet_cells);
            }
            Event::Eof => break,
            _ => {}
        }
        if sheet_cells > limits::GRID_CELLS {
            return Ok(sheet_cells);
        }
        buf.clear();
    }
    Ok(worst.max(sheet_cells))
}

/// The cells that hold something, as the sheet places them, within [`limits`].
#[derive(Default)]
struct Sparse {
    cells: Vec<(u32, u32, String)>,
    /// Columns with a formula in them.
    formula_cols: std::collections::BTreeSet<u32>,
}

impl Sparse {
    fn formula(&mut self, col: u32) {
        self.formula_cols.insert(col);
    }

    fn push(&mut self, row: u32, col: u32, text: String) -> Result<(), String> {
        if text.is_empty() {
            return Ok(());
        }
        if text.chars().count() > limits::CELL_CHARS {
            return Err(format!(
                "cell {}{} holds more than {} characters, the most a spreadsheet cell holds",
                crate::output::xlsx::col_name(u16::try_from(col).unwrap_or(u16::MAX)),
                u64::from(row) + 1,
                crate::num::count(limits::CELL_CHARS as u64)
            ));
        }
        if self.cells.len() as u64 >= limits::GRID_CELLS {
            return Err(format!(
                "the sheet has more than {} cells that hold something; a sheet is read up to {} cells",
                crate::num::count(limits::GRID_CELLS),
                crate::num::count(limits::GRID_CELLS)
            ));
        }
        self.cells.push((row, col, text));
        Ok(())
    }

    /// The rows from the first that holds something to the last, each from the leftmost
    /// column used anywhere to its own last cell; refused when that area is beyond
    /// [`limits::GRID_CELLS`].
    fn into_grid(mut self, sheet: String) -> Result<Grid, String> {
        self.cells.sort_by_key(|(r, c, _)| (*r, *c));
        let Some(first_col) = self.cells.iter().map(|(_, c, _)| *c).min() else {
            return Ok(Grid {
                sheet,
                rows: Vec::new(),
                first_col: 0,
                formulas: Vec::new(),
            });
        };
        let first_row = self.cells.first().map_or(0, |c| c.0);
        let last_row = self.cells.last().map_or(0, |c| c.0);
        let last_col = self
            .cells
            .iter()
            .map(|(_, c, _)| *c)
            .max()
            .unwrap_or(first_col);
        // Dense cells: each row that holds something, as wide as its last cell (blank rows
        // are left out: the importers skip them, and rows keep the sheet's numbers).
        let mut area = 0u64;
        let mut i = 0;
        while i < self.cells.len() {
            let row = self.cells[i].0;
            let mut j = i;
            while j + 1 < self.cells.len() && self.cells[j + 1].0 == row {
                j += 1;
            }
            area = area.saturating_add(u64::from(self.cells[j].1 - first_col) + 1);
            i = j + 1;
        }
        if area > limits::GRID_CELLS {
            return Err(format!(
                "the sheet's used area runs from {}{} to {}{}, {} cells in its rows; a sheet is read up to {} cells (delete what stands outside the table, or save the table alone)",
                crate::output::xlsx::col_name(u16::try_from(first_col).unwrap_or(u16::MAX)),
                u64::from(first_row) + 1,
                crate::output::xlsx::col_name(u16::try_from(last_col).unwrap_or(u16::MAX)),
                u64::from(last_row) + 1,
                crate::num::count(area),
                crate::num::count(limits::GRID_CELLS)
            ));
        }
        let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
        let formula_cols = std::mem::take(&mut self.formula_cols);
        for (row, col, text) in self.cells {
            let at = (col - first_col) as usize;
            match rows.last_mut() {
                Some((r, line)) if *r == u64::from(row) + 1 => {
                    if line.len() <= at {
                        line.resize(at + 1, String::new());
                    }
                    line[at] = text;
                }
                _ => {
                    let mut line = vec![String::new(); at + 1];
                    line[at] = text;
                    rows.push((u64::from(row) + 1, line));
                }
            }
        }
        let formulas = (first_col..=last_col)
            .map(|c| formula_cols.contains(&c))
            .collect();
        Ok(Grid {
            sheet,
            rows,
            first_col: u16::try_from(first_col).unwrap_or(u16::MAX),
            formulas,
        })
    }
}

/// The sheet asked for (exactly, else ignoring case), or the first.
fn pick_sheet(names: Vec<String>, sheet: Option<&str>) -> Result<String, String> {
    let list = |names: &[String]| {
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    };
    match sheet {
        Some(want) => {
            if let Some(n) = names
                .iter()
                .find(|n| n.as_str() == want)
                .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(want)))
            {
                return Ok(n.clone());
            }
            // The tool's own workbooks name sheets after the scenario ("FY27 – Team"):
            // `--sheet Team` finds the one Team sheet.
            let tail = format!("{}{}", crate::output::xlsx::SHEET_SEPARATOR, want).to_lowercase();
            let kind: Vec<String> = names
                .iter()
                .filter(|n| n.to_lowercase().ends_with(&tail))
                .cloned()
                .collect();
            match kind.as_slice() {
                [one] => Ok(one.clone()),
                [] => Err(format!(
                    "the workbook has no sheet `{want}` (it has: {})",
                    list(&names)
                )),
                several => Err(format!(
                    "the workbook has {} sheets called `{want}` ({}): name the one to read",
                    several.len(),
                    list(several)
                )),
            }
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| "the workbook has no sheets".to_string()),
    }
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

/// Reads a roster from a sheet as a CSV is read (see `roster::import_roster`): the header
/// is the first row that reads as one, under any title rows.
pub fn import_grid(plan: &Plan, grid: &Grid) -> Result<Imported, ImportErrors> {
    import_table(plan, &Table::from_grid(grid), &RosterOptions::default())
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
