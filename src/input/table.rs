//! A table as an export holds it: every row as the sheet numbers it, from a CSV or from a
//! sheet of a workbook; where its header is (under the title rows a report puts above it);
//! and the rows a report adds that are not data (a "Grand Total" row, notes under the
//! table), which the importers leave out and report.
//!
//! Owns: rows and their numbers, the header's place, rows that are not data. Must not:
//! read files, or know what a column means (the importers and `mapping` do).

use crate::input::problems::Problem;
use csv::StringRecord;

/// One sheet as text cells: its name, and its rows as the sheet numbers them (1 = the top
/// row), each cell under its column's letters.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub sheet: String,
    /// (row number, cells from `first_col`).
    pub rows: Vec<(u64, Vec<String>)>,
    /// The 0-based column of the first cell of every row.
    pub first_col: u16,
    /// For each column from `first_col`, whether any of its cells is a formula (a
    /// workbook's computed columns, which an import ignores).
    pub formulas: Vec<bool>,
}

/// Rows of a CSV or a sheet, before the header is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The sheet's name, for a workbook.
    pub sheet: Option<String>,
    /// Every row read, with its number as the sheet shows it (1 = the first line). Rows
    /// may be blank.
    pub rows: Vec<(u64, StringRecord)>,
    /// For a workbook, the 0-based column of the first cell of every row: columns are named
    /// by their letters from there. `None` for a CSV.
    pub first_col: Option<u16>,
    /// For each column, whether any of its cells is a formula (a workbook's computed
    /// columns).
    pub formulas: Vec<bool>,
    /// The problem that ended the reading of a CSV early, if any.
    pub error: Option<Problem>,
}

/// How many rows that hold something are searched for the header.
const HEADER_SEARCH: usize = 30;

impl Table {
    /// Every row of a CSV (a byte-order mark dropped), numbered as a spreadsheet numbers
    /// them whatever the line ends (see `roster::SheetRows`).
    pub fn from_csv(text: &str) -> Table {
        let (rows, error) = csv_all_rows(text);
        Table {
            sheet: None,
            rows,
            first_col: None,
            formulas: Vec::new(),
            error,
        }
    }

    /// Every row of a sheet read by `roster_sheet::read_grid`.
    pub fn from_grid(grid: &Grid) -> Table {
        Table {
            sheet: Some(grid.sheet.clone()),
            rows: grid
                .rows
                .iter()
                .map(|(r, cells)| (*r, StringRecord::from(cells.clone())))
                .collect(),
            first_col: Some(grid.first_col),
            formulas: grid.formulas.clone(),
            error: None,
        }
    }

    /// The column letters of a workbook's columns (`None` for a CSV), `width` of them.
    pub fn letters(&self, width: usize) -> Option<Vec<String>> {
        self.first_col.map(|c| {
            (0..width)
                .map(|j| crate::output::xlsx::col_name(c.saturating_add(j as u16)))
                .collect()
        })
    }

    /// The index (into [`Table::rows`]) of the header: among the first rows that hold
    /// something, the first that `score` gives 2 or more (two columns it knows), else the
    /// first row that holds something. `None` when every row is blank.
    pub fn locate_header(&self, score: impl Fn(&StringRecord) -> usize) -> Option<usize> {
        let mut first = None;
        for (i, (_, r)) in self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, (_, r))| !blank(r))
            .take(HEADER_SEARCH)
        {
            first.get_or_insert(i);
            if filled(r) >= 2 && score(r) >= 2 {
                return Some(i);
            }
        }
        first
    }

    /// Sorts the rows under the header at `h` into data rows (indices into
    /// [`Table::rows`], blank rows included, for the importers to number and skip) and rows
    /// that are not data: those above the header that hold something (a report's title),
    /// total rows (whose first cell that holds something reads "Total", "Grand Total",
    /// "Subtotal", "Sum", "Average" or "Count", and whose `key` column — the CSM's — is blank
    /// or that cell), and notes under the table (rows of one cell each at the end, set
    /// apart from the data by a blank row or a total row, in a table of three columns or
    /// more).
    pub fn sort_rows(&self, h: usize, key: Option<usize>) -> (Vec<usize>, Vec<SkippedRow>) {
        let mut skipped: Vec<SkippedRow> = self.rows[..h]
            .iter()
            .filter(|(_, r)| !blank(r))
            .map(|(row, r)| SkippedRow {
                row: *row,
                kind: Skip::Title,
                text: first_text(r).to_string(),
            })
            .collect();
        let width = self.rows.get(h).map_or(0, |(_, r)| r.len());
        let body = h + 1..self.rows.len();
        let is_total = |r: &StringRecord| {
            let Some((j, text)) = r.iter().enumerate().find(|(_, c)| !c.trim().is_empty()) else {
                return false;
            };
            total_like(text)
                && key.is_none_or(|k| k == j || r.get(k).is_none_or(|c| c.trim().is_empty()))
        };
        // Notes at the end: one cell each, after a blank row or a total row.
        let mut notes_from = self.rows.len();
        if width >= 3 {
            let mut i = self.rows.len();
            let mut start = self.rows.len();
            while i > h + 1 {
                let (_, r) = &self.rows[i - 1];
                if blank(r) {
                    i -= 1;
                    continue;
                }
                if filled(r) == 1 && !is_total(r) {
                    start = i - 1;
                    i -= 1;
                    continue;
                }
                break;
            }
            if start < self.rows.len() {
                // What stands before the notes: a blank row, or a total row.
                let before = &self.rows[h + 1..start];
                let apart = match before.iter().rev().find(|(_, r)| !blank(r)) {
                    None => false,
                    Some((_, r)) => is_total(r) || before.last().is_some_and(|(_, r)| blank(r)),
                };
                if apart {
                    notes_from = start;
                }
            }
        }
        let mut data = Vec::with_capacity(self.rows.len().saturating_sub(h + 1));
        for i in body {
            let (row, r) = &self.rows[i];
            if i >= notes_from {
                if !blank(r) {
                    skipped.push(SkippedRow {
                        row: *row,
                        kind: Skip::Note,
                        text: first_text(r).to_string(),
                    });
                }
            } else if !blank(r) && is_total(r) {
                skipped.push(SkippedRow {
                    row: *row,
                    kind: Skip::Total,
                    text: first_text(r).to_string(),
                });
            } else {
                data.push(i);
            }
        }
        (data, skipped)
    }
}

/// Why a row was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Skip {
    /// Above the header: a report's title, its date, its filters.
    Title,
    /// A total, subtotal or summary row.
    Total,
    /// A note under the table (a report's footer).
    Note,
}

/// A row left out of an import, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    /// As the sheet numbers it.
    pub row: u64,
    pub kind: Skip,
    /// Its first cell that holds something.
    pub text: String,
}

/// The rows left out, in one line: `1–3 above the header ("Employee Roster Report",
/// "Generated 2026-11-30"); 28, a total ("Grand Total"); 30–31, notes under the table
/// ("Confidential")`.
pub fn skipped_text(rows: &[SkippedRow]) -> String {
    let mut parts = Vec::new();
    for kind in [Skip::Title, Skip::Total, Skip::Note] {
        let these: Vec<&SkippedRow> = rows.iter().filter(|r| r.kind == kind).collect();
        if these.is_empty() {
            continue;
        }
        let numbers: Vec<u64> = these.iter().map(|r| r.row).collect();
        let mut texts: Vec<String> = Vec::new();
        for r in &these {
            let t = cut(&r.text, 40);
            if !texts.contains(&t) {
                texts.push(t);
            }
        }
        let shown: Vec<String> = texts.iter().take(3).map(|t| format!("{t:?}")).collect();
        let more = if texts.len() > 3 { ", …" } else { "" };
        let what = match (kind, these.len()) {
            (Skip::Title, _) => "above the header",
            (Skip::Total, 1) => "a total row",
            (Skip::Total, _) => "total rows",
            (Skip::Note, 1) => "a note under the table",
            (Skip::Note, _) => "notes under the table",
        };
        parts.push(format!(
            "{} {what} ({}{more})",
            ranges(&numbers),
            shown.join(", ")
        ));
    }
    parts.join("; ")
}

/// `1–3, 7, 9–10` (runs of consecutive numbers joined), at most 8 runs then "…".
pub fn ranges(numbers: &[u64]) -> String {
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for &n in numbers {
        match runs.last_mut() {
            Some((_, b)) if *b + 1 == n => *b = n,
            _ => runs.push((n, n)),
        }
    }
    let mut out: Vec<String> = runs
        .iter()
        .take(8)
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    if runs.len() > 8 {
        out.push("…".into());
    }
    format!(
        "{} {}",
        if numbers.len() == 1 { "row" } else { "rows" },
        out.join(", ")
    )
}

fn cut(t: &str, max: usize) -> String {
    let t = t.trim();
    if t.chars().count() > max {
        let s: String = t.chars().take(max).collect();
        format!("{s}…")
    } else {
        t.to_string()
    }
}

/// True when every cell is blank.
pub fn blank(r: &StringRecord) -> bool {
    r.iter().all(|c| c.trim().is_empty())
}

/// How many cells hold something.
fn filled(r: &StringRecord) -> usize {
    r.iter().filter(|c| !c.trim().is_empty()).count()
}

fn first_text(r: &StringRecord) -> &str {
    r.iter()
        .map(str::trim)
        .find(|c| !c.is_empty())
        .unwrap_or("")
}

/// Text a report writes on a total or summary row: `Total`, `Grand Total`, `Grand Totals
/// (24 records)`, `Subtotal`, `Sum`, `Average`, `Count: 24`, `TOTAL`.
pub fn total_like(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let first = match words.as_slice() {
        ["grand", second, ..] => *second,
        [first, ..] => *first,
        [] => return false,
    };
    matches!(
        first,
        "total" | "totals" | "subtotal" | "subtotals" | "sum" | "average" | "avg" | "count"
    ) && (words.len() <= 4 || lower.contains('('))
}

/// Every row of a CSV with its number as the sheet shows it, and the problem that ended
/// the reading early, if any (for [`Table::from_csv`]).
pub(crate) fn csv_all_rows(csv_text: &str) -> (Vec<(u64, csv::StringRecord)>, Option<Problem>) {
    let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    let sheet = SheetRows::new(text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => rows.push((sheet.of(record.position()), record.clone())),
            Ok(false) => return (rows, None),
            Err(e) => return (rows, Some(csv_problem(&e, &sheet))),
        }
    }
}

fn csv_problem(e: &csv::Error, sheet: &SheetRows) -> Problem {
    Problem {
        row: e.position().map(|p| sheet.of(Some(p))),
        column: None,
        letter: None,
        value: None,
        reason: format!("the file cannot be read as CSV: {e}"),
    }
}

/// The sheet's rows, as a spreadsheet numbers them: every line end outside a quoted cell
/// (CRLF, LF or a lone CR) starts a new row, blank lines are rows too, and a quoted cell
/// with line breaks inside stays on its row. The csv reader's own line count follows `\n`
/// only and starts a record's position before the blank lines it skips, so rows are
/// counted here from the text instead.
struct SheetRows<'a> {
    text: &'a [u8],
    /// Byte offset where each row starts: row 1 at 0.
    starts: Vec<usize>,
}

impl<'a> SheetRows<'a> {
    /// One pass over the text with the reader's quoting rules (a `"` opens a quoted cell
    /// only at the start of a cell; `""` inside one is a quote).
    fn new(text: &'a str) -> SheetRows<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let (mut quoted, mut cell_start) = (false, true);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if quoted {
                if b == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 1;
                    } else {
                        quoted = false;
                    }
                }
            } else {
                match b {
                    b'"' if cell_start => quoted = true,
                    b'\r' | b'\n' => {
                        if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                            i += 1;
                        }
                        starts.push(i + 1);
                        cell_start = true;
                        i += 1;
                        continue;
                    }
                    _ => {}
                }
                cell_start = b == b',';
            }
            i += 1;
        }
        SheetRows {
            text: bytes,
            starts,
        }
    }

    /// The row of the record the reader reported at `pos`: the reader's position is where
    /// it started reading, before the line ends it skipped, so those are stepped over.
    fn of(&self, pos: Option<&csv::Position>) -> u64 {
        let Some(pos) = pos else { return 1 };
        let mut b = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
        while self.text.get(b).is_some_and(|c| matches!(c, b'\r' | b'\n')) {
            b += 1;
        }
        self.starts.partition_point(|s| *s <= b) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_told_from_names() {
        for t in [
            "Total",
            "Grand Total",
            "Grand Totals (24 records)",
            "TOTAL:",
            "Subtotal",
            "Count: 24",
            "Average",
        ] {
            assert!(total_like(t), "{t}");
        }
        for t in ["Totally Fine Ltd", "Alex Morgan", "", "csm-01"] {
            assert!(!total_like(t), "{t}");
        }
    }

    #[test]
    fn title_rows_totals_and_notes_are_set_apart() {
        let text = "Employee Roster Report\nGenerated 2026-11-30\n\nid,name,level,ote,book_arr\n\
                    csm-01,A,CSM I,1,1\n\ncsm-02,B,CSM I,1,1\nGrand Total,,,2,2\n\n\
                    Confidential Information\nGenerated by Jane\n";
        let t = Table::from_csv(text);
        let h = t
            .locate_header(|r| r.iter().filter(|c| c.len() > 2).count())
            .unwrap();
        assert_eq!(t.rows[h].0, 4);
        let (data, skipped) = t.sort_rows(h, Some(0));
        let rows: Vec<u64> = data.iter().map(|i| t.rows[*i].0).collect();
        assert_eq!(rows, vec![5, 7], "a CSV reader skips blank lines");
        assert_eq!(
            skipped_text(&skipped),
            "rows 1–2 above the header (\"Employee Roster Report\", \"Generated 2026-11-30\"); \
             row 8 a total row (\"Grand Total\"); rows 10–11 notes under the table \
             (\"Confidential Information\", \"Generated by Jane\")"
        );
    }

    #[test]
    fn a_last_row_of_one_cell_next_to_the_data_is_data() {
        let t = Table::from_csv("id,name,level\ncsm-01,A,B\ncsm-02\n");
        let (data, skipped) = t.sort_rows(0, Some(0));
        assert_eq!(data.len(), 2);
        assert!(skipped.is_empty());
    }
}
