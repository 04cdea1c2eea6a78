//! The team as a spreadsheet: reading a roster CSV into CSMs (all or nothing, with every
//! problem listed by row and column) and writing the team back in the same format.
//!
//! Owns: roster CSV text <-> `Vec<Csm>`, and comparing two teams. Must not: touch the file
//! system or the terminal (the CLI and the TUI do that), or compute pay.
//!
//! The format (docs/roster-and-statements.md): a header row with `id, name, level, ote,
//! book_arr`, then `target:<metric id>`, `actual:<metric id>` and `spif:<spif id>` columns,
//! in any order, headers matched ignoring case, blanks, `-` and `_` (`Book ARR` is
//! `book_arr`), or under the names HR systems give them (`crate::input::mapping`), below any
//! title rows of a report (`crate::input::table`). Levels may be checked against the plan's
//! (`crate::input::levels`). Text cells that a spreadsheet would run as a formula are written with a
//! leading `'` and read back without it, so that export → import gives the identical team.

use crate::engine::validate::{
    MAX_ATTAINMENT, MAX_EVENTS, MAX_METRIC, MAX_MONEY, MAX_PAY, id_allowed, id_message, implausible,
};
use crate::engine::{Csm, Plan, Unit};
use crate::input::levels::{LevelChange, LevelMap, check_all, quoted_or};
use crate::input::mapping::{
    ColumnMap, Field as MapField, Guess, Known, Layout, Use, declares_percent, guess, header_score,
};
use crate::input::table::{SkippedRow, Table};
use crate::input::words::fold;
use crate::num::{
    BARE_PERCENT_LIMIT, Currency, Number, bare_percent_slip, check_currency, money, money_plain,
    pct_exact, plain, read_number, whole_cents,
};
use crate::output::report::{safe_cell, write_safe_record};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fmt;

mod cells;
mod changes;
mod header;
#[cfg(test)]
mod tests;
pub(crate) use cells::PctTally;
use cells::*;
pub(crate) use cells::{PctReading, number_cell, spif_cell};
pub use changes::*;
use header::*;

mod rows;
pub(crate) use rows::row_shape;

pub use crate::input::problems::*;

/// A roster that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The roster has a start or end column: its days replace the team's.
    pub employment: bool,
    /// The team, in file order. It passes `engine::validate` with the plan it was read for.
    pub team: Vec<Csm>,
    /// Headers of columns this tool does not use (e.g. `email`), which were ignored.
    pub ignored_columns: Vec<String>,
    /// The plan's `target:`, `actual:` and `spif:` columns the file does not have (as
    /// [`header`] names them), in plan order: the import leaves those values blank.
    pub absent_columns: Vec<String>,
    /// The header's row, as the sheet numbers it.
    pub header_row: u64,
    /// How each column was read (`guess.renamed()` is true when some column was read
    /// under another name than its header, or by the user's mapping).
    pub guess: Guess,
    /// Rows left out: title rows above the header, total rows, notes under the table.
    pub skipped_rows: Vec<SkippedRow>,
    /// Levels taken as one of the plan's: written in another case, or mapped by the user.
    pub level_changes: Vec<LevelChange>,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Field {
    Id,
    Name,
    /// First and last name, joined into the name when there is no name column.
    FirstName,
    LastName,
    Level,
    Ote,
    BookArr,
    /// The first and last day employed: a day in the plan year makes a joiner or leaver.
    Start,
    End,
    /// Index into the plan's components.
    Target(usize),
    Actual(usize),
    /// Index into the plan's SPIFs.
    Spif(usize),
    /// Not ours (kept out of the team).
    Ignored,
    /// No header; its cells must be blank.
    Blank,
}

const REQUIRED: [(&str, Field); 5] = [
    ("id", Field::Id),
    ("name", Field::Name),
    ("level", Field::Level),
    ("ote", Field::Ote),
    ("book_arr", Field::BookArr),
];

/// Text that starts like a formula, possibly behind apostrophes: `=…`, `'=…`, `''-…`.
/// Exactly these get one more leading `'` on export and lose one on import, so the two are
/// inverse for every text.
fn formula_like(text: &str) -> bool {
    let rest = text.trim_start_matches('\'');
    safe_cell(rest) != rest
}

/// A text cell for export: neutralised (see [`report::safe_cell`](crate::output::report::safe_cell))
/// so that a spreadsheet shows it rather than runs it.
pub fn escape_text(text: &str) -> String {
    if formula_like(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Undoes [`escape_text`]: a leading `'` in front of formula-like text is dropped.
pub fn unescape_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

/// How a `target:`, `actual:` or `spif:` id matched the plan's ids.
pub(crate) enum IdMatch {
    One(usize),
    None,
    /// Two of the plan's ids fold to the wanted one.
    Ambiguous(String, String),
}

/// Matches `target:`, `actual:` and `spif:` ids: exactly, or else folded (see [`fold`])
/// when that names exactly one.
pub(crate) fn find_id<'a>(ids: impl Iterator<Item = &'a str> + Clone, wanted: &str) -> IdMatch {
    if let Some(i) = ids.clone().position(|id| id == wanted) {
        return IdMatch::One(i);
    }
    let wanted = fold(wanted);
    let mut found = ids.enumerate().filter(|(_, id)| fold(id) == wanted);
    match (found.next(), found.next()) {
        (Some((i, _)), None) => IdMatch::One(i),
        (Some((_, a)), Some((_, b))) => IdMatch::Ambiguous(a.to_string(), b.to_string()),
        _ => IdMatch::None,
    }
}

/// An id match, or else the one name equal to `wanted` ignoring case and runs of blanks
/// (`actual:Gross revenue retention`).
fn or_by_name<'a>(found: IdMatch, names: impl Iterator<Item = &'a str>, wanted: &str) -> IdMatch {
    if !matches!(found, IdMatch::None) {
        return found;
    }
    let key = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let wanted = key(wanted);
    let hits: Vec<usize> = names
        .enumerate()
        .filter(|(_, n)| key(n) == wanted)
        .map(|(i, _)| i)
        .collect();
    match hits.as_slice() {
        [one] => IdMatch::One(*one),
        _ => IdMatch::None,
    }
}

pub(crate) fn id_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = ids.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// What a field's column is called in the format (`book_arr`, `target:grr`).
fn field_name(plan: &Plan, field: Field) -> String {
    match field {
        Field::Target(i) => format!("target:{}", plan.components[i].id),
        Field::Actual(i) => format!("actual:{}", plan.components[i].id),
        Field::Spif(i) => format!("spif:{}", plan.spifs[i].id),
        Field::FirstName => "first_name".into(),
        Field::LastName => "last_name".into(),
        Field::Start => "start".into(),
        Field::End => "end".into(),
        f => REQUIRED
            .iter()
            .find(|(_, r)| *r == f)
            .map_or_else(String::new, |(n, _)| n.to_string()),
    }
}

/// How [`import_roster_with`] and [`import_table`] read a roster beyond its own header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterOptions {
    /// The user's column mapping (`Employee Ref=id`), on top of the known headers
    /// (`crate::input::mapping`).
    pub map: ColumnMap,
    /// The levels the roster's levels must be among (`levels::known_levels`): a level that
    /// is none of them is refused, naming the nearest. `None` takes any level (a plan
    /// without per-level pay mixes pays every level alike).
    pub levels: Option<Vec<String>>,
    /// The user's level mapping (`Sr. CSM=Senior CSM`).
    pub level_map: LevelMap,
}

/// Reads a roster for `plan` with the known headers of HR exports and no level check (see
/// [`import_roster_with`]).
pub fn import_roster(plan: &Plan, csv_text: &str) -> Result<Imported, ImportErrors> {
    import_table(plan, &Table::from_csv(csv_text), &RosterOptions::default())
}

/// Reads a roster CSV for `plan`. Either every row is right and the whole team comes back,
/// or nothing does and every problem is listed (by row, column, value and reason), in one
/// round: header, cells and levels together.
///
/// The team that comes back passes `engine::validate` with `plan`: every rule validate
/// applies to a CSM (ids present and unique, money and metric values within the engine's
/// limits, targets above zero, actuals at most 1,000 times their target, SPIF counts within
/// the limit, no unknown metric or SPIF) is
/// checked here cell by cell, so that the problem can name its row and column. (Running
/// validate itself as well would double the time of a 10,000-row import; the tests check
/// that the two agree.)
///
/// Accepts what spreadsheet exports contain: a UTF-8 byte-order mark, CRLF, LF or CR line
/// ends, quoted fields, `$120,000`, `92.5%`, blank optional cells, extra columns (ignored
/// and reported), blank rows and trailing blank cells; and what HR reports add: other
/// systems' headers (`Employee ID`, `Annual OTE (USD)`, first and last name), title rows
/// above the header, total rows and notes under the table (left out and reported). Rows
/// are numbered as the sheet numbers them, whatever the line ends (see `crate::input::table`).
pub fn import_roster_with(
    plan: &Plan,
    csv_text: &str,
    opts: &RosterOptions,
) -> Result<Imported, ImportErrors> {
    import_table(plan, &Table::from_csv(csv_text), opts)
}

/// Where a table's header is, for an importer: its index in the table's rows, or the
/// problem when there is none (an empty file, columns not separated by commas).
pub(crate) fn find_header(
    table: &Table,
    score: impl Fn(&csv::StringRecord) -> usize,
) -> Result<usize, Problem> {
    let Some(h) = table.locate_header(score) else {
        if let Some(e) = &table.error {
            return Err(e.clone());
        }
        return Err(Problem::file(match &table.sheet {
            Some(s) => format!("sheet `{s}` is empty: it has no header row"),
            None => "the file is empty: it has no header row".to_string(),
        }));
    };
    let (row, header) = &table.rows[h];
    if table.first_col.is_none()
        && header.len() == 1
        && let Some(sep) = [';', '\t', '|']
            .into_iter()
            .find(|c| header[0].contains(*c))
    {
        return Err(Problem::header(
            *row,
            None,
            format!(
                "the columns are separated by {sep:?}, not commas; save the sheet as \"CSV UTF-8 (comma delimited)\""
            ),
        ));
    }
    Ok(h)
}

/// The first rows under a header that hold something (at most five), as cells: what a
/// guess looks at.
pub(crate) fn first_values<'t>(table: &'t Table, data: &[usize]) -> Vec<Vec<&'t str>> {
    data.iter()
        .map(|&i| &table.rows[i].1)
        .filter(|r| !crate::input::table::blank(r))
        .take(5)
        .map(|r| r.iter().collect())
        .collect()
}

/// The header of a table as a roster import reads it (after title rows), for a caller
/// that keys something by it (the command line's saved mappings); `None` when the table
/// has no header.
pub fn roster_header(plan: &Plan, table: &Table, opts: &RosterOptions) -> Option<Vec<String>> {
    let known = Known {
        plan: Some(plan),
        team: &[],
        levels: opts.levels.as_deref().unwrap_or(&[]),
    };
    let h = find_header(table, |r| roster_score(&known, &opts.map, r)).ok()?;
    Some(
        table.rows[h]
            .1
            .iter()
            .map(|c| c.trim().to_string())
            .collect(),
    )
}

fn roster_score(known: &Known, map: &ColumnMap, r: &csv::StringRecord) -> usize {
    let headers: Vec<&str> = r.iter().collect();
    header_score(Layout::Roster, &headers, known, map)
}

/// Reads a roster from a table (a CSV's rows or a sheet's): see [`import_roster_with`].
pub fn import_table(
    plan: &Plan,
    table: &Table,
    opts: &RosterOptions,
) -> Result<Imported, ImportErrors> {
    let fail = |problems, guess| {
        Err(ImportErrors {
            problems,
            guess,
            unknown_levels: Vec::new(),
        })
    };
    let known = Known {
        plan: Some(plan),
        team: &[],
        levels: opts.levels.as_deref().unwrap_or(&[]),
    };
    let h = match find_header(table, |r| roster_score(&known, &opts.map, r)) {
        Ok(h) => h,
        Err(p) => return fail(vec![p], None),
    };
    let (header_row, header) = (&table.rows[h].0, &table.rows[h].1);
    let header_row = *header_row;
    let letters = table.letters(header.len());
    let headers: Vec<&str> = header.iter().collect();
    let sample: Vec<usize> = (h + 1..table.rows.len()).take(20).collect();
    let first = first_values(table, &sample);
    let g = guess(Layout::Roster, &headers, &first, &known, &opts.map);
    let uses = g.applied();
    let (fields, mut problems) = read_header(
        plan,
        header,
        &uses,
        &g,
        header_row,
        letters.as_deref(),
        &table.formulas,
    );
    for u in &g.unmatched {
        problems.push(Problem::header(
            header_row,
            None,
            format!(
                "the mapping names a column {u:?} that the header does not have (its columns: {})",
                headers
                    .iter()
                    .map(|h| h.trim())
                    .filter(|h| !h.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let key = fields.iter().position(|f| *f == Field::Id);
    let (data, skipped_rows) = table.sort_rows(h, key);
    let names: Vec<Col> = header
        .iter()
        .enumerate()
        .map(|(j, h)| Col {
            name: h.trim(),
            letter: letters.as_ref().and_then(|l| l.get(j)).map(String::as_str),
        })
        .collect();
    let currency = plan.currency();
    // How each percentage column's bare numbers are read (docs: "Percentages in imports").
    let readings: Vec<PctReading> = fields
        .iter()
        .enumerate()
        .map(|(j, f)| match *f {
            Field::Target(i) | Field::Actual(i) if plan.components[i].unit == Unit::Percent => {
                let mut tally = PctTally::default();
                for &r in &data {
                    tally.add(table.rows[r].1.get(j).unwrap_or(""));
                }
                tally.reading(declares_percent(names[j].name))
            }
            _ => PctReading::Fraction,
        })
        .collect();
    let mut team = Vec::with_capacity(data.len());
    let mut rows: Vec<u64> = Vec::with_capacity(data.len());
    let mut blank_with_data: Vec<usize> = Vec::new();
    let first_col = fields.iter().position(|f| *f == Field::FirstName);
    let last_col = fields.iter().position(|f| *f == Field::LastName);
    let has_name = fields.contains(&Field::Name);
    for &i in &data {
        let (row, record) = (table.rows[i].0, &table.rows[i].1);
        if row_shape(row, record, fields.len(), "", &mut problems).is_none() {
            continue;
        }
        let mut csm = Csm::default();
        let mut parts: [String; 2] = Default::default();
        for (j, field) in fields.iter().enumerate() {
            // A short row (some tools drop trailing empty cells) reads as blank cells.
            let raw = record.get(j).unwrap_or("");
            let col = names[j];
            let blank = raw.trim().is_empty();
            let p = &mut problems;
            match *field {
                Field::Id => {
                    csm.id = text_cell(row, col, raw, true, p);
                    if !csm.id.is_empty()
                        && !csm.id.chars().any(char::is_control)
                        && !id_allowed(&csm.id)
                    {
                        p.push(Problem::at(row, col, raw, id_message(&csm.id)));
                    }
                }
                Field::Name => csm.name = text_cell(row, col, raw, true, p),
                Field::FirstName if !has_name => parts[0] = text_cell(row, col, raw, false, p),
                Field::LastName if !has_name => parts[1] = text_cell(row, col, raw, false, p),
                Field::FirstName | Field::LastName => {}
                Field::Level => csm.level = text_cell(row, col, raw, false, p),
                Field::Ote => csm.ote = money_cell(row, col, raw, MAX_PAY, currency, p),
                Field::BookArr => csm.book_arr = money_cell(row, col, raw, MAX_MONEY, currency, p),
                Field::Start | Field::End if blank => {}
                Field::Start | Field::End => {
                    let start = *field == Field::Start;
                    if let Some(v) = employment_cell(plan, row, col, raw, start, p) {
                        match start {
                            true => csm.start = v,
                            false => csm.end = v,
                        }
                    }
                }
                Field::Target(_) | Field::Actual(_) | Field::Spif(_) if blank => {}
                Field::Target(i) => {
                    let comp = &plan.components[i];
                    if let Some(v) = number_cell(row, col, raw, comp.unit, currency, readings[j], p)
                    {
                        if v <= Decimal::ZERO {
                            p.push(Problem::at(
                                row,
                                col,
                                raw,
                                "a target must be above zero (attainment is actual ÷ target); leave the cell blank to use the plan's target",
                            ));
                        } else {
                            csm.targets.insert(comp.id.clone(), v);
                        }
                    }
                }
                Field::Actual(i) => {
                    let comp = &plan.components[i];
                    if let Some(v) = number_cell(row, col, raw, comp.unit, currency, readings[j], p)
                    {
                        csm.actuals.insert(comp.id.clone(), v);
                    }
                }
                Field::Spif(i) => {
                    if let Some(n) = spif_cell(row, col, raw, p) {
                        csm.spifs.insert(plan.spifs[i].id.clone(), n);
                    }
                }
                Field::Ignored => {}
                Field::Blank if blank => {}
                Field::Blank => {
                    if !blank_with_data.contains(&j) {
                        blank_with_data.push(j);
                        problems.push(Problem {
                            row: Some(row),
                            column: None,
                            letter: None,
                            value: Some(raw.to_string()),
                            reason: format!(
                                "column {} has values but no header; name it or remove it",
                                names[j]
                                    .letter
                                    .map_or_else(|| (j + 1).to_string(), str::to_string)
                            ),
                        });
                    }
                }
            }
        }
        // First and last name, joined, when the roster has no full name.
        if !has_name && (first_col.is_some() || last_col.is_some()) {
            let joined: Vec<&str> = parts
                .iter()
                .map(String::as_str)
                .filter(|s| !s.is_empty())
                .collect();
            if joined.is_empty() {
                let j = first_col.or(last_col).unwrap_or(0);
                problems.push(Problem::at(
                    row,
                    names[j],
                    record.get(j).unwrap_or(""),
                    "the name is required: the first and last name are both blank",
                ));
            }
            csm.name = joined.join(" ");
        }
        // Each actual within reach of its target (the CSM's own, else the plan's).
        for (j, field) in fields.iter().enumerate() {
            let Field::Actual(i) = *field else { continue };
            let comp = &plan.components[i];
            let (Some(a), target) = (
                csm.actuals.get(&comp.id),
                csm.targets.get(&comp.id).copied().unwrap_or(comp.target),
            ) else {
                continue;
            };
            if implausible(*a, target) {
                problems.push(Problem::at(
                    row,
                    names[j],
                    record.get(j).unwrap_or(""),
                    format!(
                        "is more than {MAX_ATTAINMENT} times its target ({}); check that both are in the same unit",
                        plain(target)
                    ),
                ));
            }
        }
        team.push(csm);
        rows.push(row);
    }
    if let Some(e) = &table.error {
        problems.push(e.clone());
    }
    let id_column = names
        .get(fields.iter().position(|f| *f == Field::Id).unwrap_or(0))
        .copied()
        .unwrap_or(Col {
            name: "id",
            letter: None,
        });
    let mut first_row_of: HashMap<&str, u64> = HashMap::with_capacity(team.len());
    for (csm, row) in team.iter().zip(&rows) {
        if csm.id.is_empty() {
            continue;
        }
        if let Some(first) = first_row_of.insert(&csm.id, *row) {
            first_row_of.insert(&csm.id, first);
            problems.push(Problem::at(
                *row,
                id_column,
                &csm.id,
                format!("the id is already used on row {first}; ids must be unique"),
            ));
        }
    }
    // Levels: every one the plan's, or mapped to one, before anything is written.
    let mut level_changes = Vec::new();
    let mut unknown_levels = Vec::new();
    if let Some(known_levels) = opts.levels.as_ref().filter(|l| !l.is_empty())
        && let Some(lc) = fields.iter().position(|f| *f == Field::Level)
    {
        let report = check_all(
            team.iter().zip(&rows).map(|(c, r)| (*r, c.level.as_str())),
            known_levels,
            &opts.level_map,
        );
        for u in &report.unknown {
            let first = u.rows.first().copied().unwrap_or(header_row);
            let also = if u.rows.len() > 1 {
                format!(
                    " (on rows {})",
                    crate::input::levels::rows_text(&u.rows, 10)
                )
            } else {
                String::new()
            };
            let near = if u.nearest.is_empty() {
                String::new()
            } else {
                format!("; nearest: {}", quoted_or(&u.nearest))
            };
            problems.push(Problem::at(
                first,
                names[lc],
                &u.level,
                format!(
                    "the plan has no level {:?}{also}, so it would get the default pay mix; map it to one of the plan's levels ({}), or to `default` to keep it with the default mix{near}",
                    u.level,
                    crate::input::levels::list(known_levels)
                ),
            ));
        }
        for c in &report.changes {
            for csm in team.iter_mut().filter(|m| m.level.trim() == c.from) {
                csm.level.clone_from(&c.to);
            }
        }
        level_changes = report.changes;
        unknown_levels = report.unknown;
    }
    // One row's problems together, in file order (the sort is stable).
    problems.sort_by_key(|p| p.row);
    if team.is_empty() && problems.is_empty() {
        problems.push(Problem::file(
            "the file has a header but no CSM rows; nothing to import",
        ));
    }
    if !problems.is_empty() {
        return Err(ImportErrors {
            problems,
            guess: Some(Box::new(g)),
            unknown_levels,
        });
    }
    let ignored_columns = fields
        .iter()
        .zip(&names)
        .filter(|(f, _)| {
            **f == Field::Ignored || (has_name && matches!(**f, Field::FirstName | Field::LastName))
        })
        .map(|(_, n)| n.name.to_string())
        .collect();
    // The columns a roster has (see [`header`]): with periods, the annual components only.
    let yearly = |i: &usize| plan.components[*i].measured.is_year();
    let absent_columns = (0..plan.components.len())
        .filter(yearly)
        .map(Field::Target)
        .chain((0..plan.components.len()).filter(yearly).map(Field::Actual))
        .chain(
            (0..plan.spifs.len())
                .filter(|_| !plan.has_periods())
                .map(Field::Spif),
        )
        .filter(|f| !fields.contains(f))
        .map(|f| field_name(plan, f))
        .collect();
    Ok(Imported {
        employment: fields
            .iter()
            .any(|f| matches!(f, Field::Start | Field::End)),
        team,
        ignored_columns,
        absent_columns,
        header_row,
        guess: g,
        skipped_rows,
        level_changes,
    })
}
