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
use crate::input::levels::{LevelChange, LevelMap, UnknownLevel, check_all, quoted_or};
use crate::input::mapping::{
    ColumnMap, Field as MapField, Guess, Known, Layout, Use, declares_percent, guess, header_score,
};
use crate::input::table::{SkippedRow, Table};
use crate::num::{
    BARE_PERCENT_LIMIT, Currency, Number, bare_percent_slip, check_currency, money, money_plain,
    pct_exact, plain, read_number, whole_cents,
};
use crate::output::report::{safe_cell, write_safe_record};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// At most this many problems are listed in an error report (all are kept in the value).
pub use crate::engine::validate::MAX_LISTED;

/// One thing wrong with a roster file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The row as a spreadsheet numbers it (the header is row 1); `None` for the whole file.
    pub row: Option<u64>,
    /// The column's header as written in the file (or the missing column's name).
    pub column: Option<String>,
    /// The column's letters as a spreadsheet shows them (`D`), for rosters read from a
    /// workbook; `None` for CSV.
    pub letter: Option<String>,
    /// The offending cell, as written.
    pub value: Option<String>,
    /// Why it is refused, in plain words.
    pub reason: String,
}

/// A column as a problem names it: its header and, in a workbook, its letters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col<'a> {
    pub(crate) name: &'a str,
    pub(crate) letter: Option<&'a str>,
}

impl<'a> From<&'a str> for Col<'a> {
    fn from(name: &'a str) -> Self {
        Col { name, letter: None }
    }
}

impl Problem {
    pub(crate) fn at<'a>(
        row: u64,
        column: impl Into<Col<'a>>,
        value: &str,
        reason: impl Into<String>,
    ) -> Problem {
        let column = column.into();
        Problem {
            row: Some(row),
            column: Some(column.name.to_string()),
            letter: column.letter.map(str::to_string),
            value: Some(value.to_string()),
            reason: reason.into(),
        }
    }

    pub(crate) fn header(row: u64, column: Option<Col>, reason: impl Into<String>) -> Problem {
        Problem {
            row: Some(row),
            column: column.map(|c| c.name.to_string()),
            letter: column.and_then(|c| c.letter).map(str::to_string),
            value: None,
            reason: reason.into(),
        }
    }

    pub(crate) fn file(reason: impl Into<String>) -> Problem {
        Problem {
            row: None,
            column: None,
            letter: None,
            value: None,
            reason: reason.into(),
        }
    }
}

/// A cell as shown in a message: quoted, control characters escaped, long text cut.
fn show_value(v: &str) -> String {
    const MAX: usize = 60;
    if v.chars().count() > MAX {
        let cut: String = v.chars().take(MAX).collect();
        format!("{:?}…", cut)
    } else {
        format!("{v:?}")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(r) = self.row {
            place.push(format!("row {r}"));
        }
        match (&self.letter, &self.column) {
            (Some(l), Some(c)) => {
                place.push(format!("column {l} ({})", show_value(c).trim_matches('"')))
            }
            (Some(l), None) => place.push(format!("column {l}")),
            (None, Some(c)) => place.push(format!("column {}", show_value(c))),
            (None, None) => {}
        }
        if let Some(v) = &self.value {
            place.push(format!("value {}", show_value(v)));
        }
        if place.is_empty() {
            f.write_str(&self.reason)
        } else {
            write!(f, "{}: {}", place.join(", "), self.reason)
        }
    }
}

/// Why a roster was refused: every problem found. Nothing is imported when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportErrors {
    pub problems: Vec<Problem>,
    /// How the header was read, when the file had one: a caller can say how to map a
    /// required field no column was found for (`guess.missing`, with the closest columns).
    pub guess: Option<Box<Guess>>,
    /// Levels that are none of the plan's, each with its rows and nearest plan levels
    /// (also among `problems`, one problem each).
    pub unknown_levels: Vec<UnknownLevel>,
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_problems(f, "the roster", &self.problems)
    }
}

/// "`what` has N problems; nothing was imported:" and the problems, at most
/// [`MAX_LISTED`] of them (for every all-or-nothing import).
pub fn write_problems(f: &mut fmt::Formatter<'_>, what: &str, problems: &[Problem]) -> fmt::Result {
    let n = problems.len();
    write!(
        f,
        "{what} has {n} problem{}; nothing was imported:",
        if n == 1 { "" } else { "s" }
    )?;
    for p in problems.iter().take(MAX_LISTED) {
        write!(f, "\n  - {p}")?;
    }
    if n > MAX_LISTED {
        write!(f, "\n  … and {} more", n - MAX_LISTED)?;
    }
    Ok(())
}

impl std::error::Error for ImportErrors {}

/// A roster that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
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

/// A header or id as people write it, folded: case ignored, blanks around it dropped, and
/// every run of spaces, `-` and `_` read as one `_` (`Book ARR`, ` book-arr `, `Book_ARR`
/// are all `book_arr`).
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.trim().chars() {
        if c.is_whitespace() || c == '-' || c == '_' {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('_');
        }
        gap = false;
        out.extend(c.to_lowercase());
    }
    out
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
        f => REQUIRED
            .iter()
            .find(|(_, r)| *r == f)
            .map_or_else(String::new, |(n, _)| n.to_string()),
    }
}

/// Reads the header row into fields, or the problems with it. `uses` says what each column
/// is read as (the known headers and the user's mapping, see `crate::input::mapping`);
/// `header` names the columns in messages. Two columns that mean the same field are refused,
/// naming both; a required field no column holds is named with the closest columns of
/// `guess`.
fn read_header(
    plan: &Plan,
    header: &csv::StringRecord,
    uses: &[Use],
    guess: &Guess,
    row: u64,
    letters: Option<&[String]>,
    formulas: &[bool],
) -> (Vec<Field>, Vec<Problem>) {
    let letter = |j: usize| letters.and_then(|l| l.get(j)).map(String::as_str);
    // How a message names column j: its letters in a workbook, its number in a CSV.
    let number = |j: usize| letter(j).map_or_else(|| (j + 1).to_string(), str::to_string);
    let comp_ids = || plan.components.iter().map(|c| c.id.as_str());
    let spif_ids = || plan.spifs.iter().map(|s| s.id.as_str());
    let mut problems = Vec::new();
    let mut fields = Vec::with_capacity(header.len());
    let mut seen: HashMap<Field, usize> = HashMap::new();
    for (j, raw) in header.iter().enumerate() {
        let h = raw.trim();
        let col = Col {
            name: h,
            letter: letter(j),
        };
        let field = match uses.get(j) {
            _ if h.is_empty() => Field::Blank,
            None | Some(Use::Ignore) => Field::Ignored,
            Some(Use::Field(f)) => match f {
                MapField::Id => Field::Id,
                MapField::Name => Field::Name,
                MapField::FirstName => Field::FirstName,
                MapField::LastName => Field::LastName,
                MapField::Level => Field::Level,
                MapField::Ote => Field::Ote,
                MapField::BookArr => Field::BookArr,
                _ => Field::Ignored,
            },
            Some(Use::Column(text)) => match text.split_once(':') {
                None => Field::Ignored,
                Some((prefix, id)) => {
                    let (prefix, id) = (fold(prefix), id.trim());
                    let (found, what) = match prefix.as_str() {
                        "target" | "actual" => (
                            or_by_name(
                                find_id(comp_ids(), id),
                                plan.components.iter().map(|c| c.name.as_str()),
                                id,
                            ),
                            "metric",
                        ),
                        "spif" => (
                            or_by_name(
                                find_id(spif_ids(), id),
                                plan.spifs.iter().map(|s| s.name.as_str()),
                                id,
                            ),
                            "SPIF",
                        ),
                        // A column computed by formulas whose header is no roster field (a
                        // workbook's own pay columns, named after metrics) is output, not
                        // input: ignored and reported as ignored. Known headers are read
                        // even when their cells are formulas (their computed values).
                        _ if formulas.get(j).copied().unwrap_or(false) => (IdMatch::None, ""),
                        _ => {
                            problems.push(Problem::header(
                                row,
                                Some(col),
                                "unknown column: a column with a `:` must start with `target:`, `actual:` or `spif:`",
                            ));
                            (IdMatch::None, "")
                        }
                    };
                    match found {
                        IdMatch::One(i) if prefix == "target" => Field::Target(i),
                        IdMatch::One(i) if prefix == "actual" => Field::Actual(i),
                        IdMatch::One(i) => Field::Spif(i),
                        IdMatch::Ambiguous(a, b) => {
                            problems.push(Problem::header(
                                row,
                                Some(col),
                                format!(
                                    "`{id}` could be the plan's {what} `{a}` or `{b}`; write the id exactly"
                                ),
                            ));
                            Field::Ignored
                        }
                        IdMatch::None if what.is_empty() => Field::Ignored,
                        IdMatch::None => {
                            let ids = if what == "SPIF" {
                                id_list(spif_ids())
                            } else {
                                id_list(comp_ids())
                            };
                            problems.push(Problem::header(
                                row,
                                Some(col),
                                format!("the plan has no {what} `{id}` (it has: {ids})"),
                            ));
                            Field::Ignored
                        }
                    }
                }
            },
        };
        if !matches!(field, Field::Ignored | Field::Blank) {
            if let Some(first) = seen.get(&field) {
                problems.push(Problem::header(
                    row,
                    Some(col),
                    format!(
                        "columns {} ({:?}) and {} ({h:?}) both mean `{}`; keep one",
                        number(*first),
                        header.get(*first).unwrap_or("").trim(),
                        number(j),
                        field_name(plan, field)
                    ),
                ));
            } else {
                seen.insert(field, j);
            }
        }
        fields.push(field);
    }
    let named = seen.contains_key(&Field::FirstName) || seen.contains_key(&Field::LastName);
    for (name, f) in REQUIRED {
        if seen.contains_key(&f) || (f == Field::Name && named) {
            continue;
        }
        let closest = guess
            .missing
            .iter()
            .find(|m| m.field.name() == name)
            .map(|m| guess.closest_text(m))
            .unwrap_or_default();
        problems.push(Problem::header(
            row,
            None,
            if closest.is_empty() {
                format!("the header has no `{name}` column, which is required")
            } else {
                format!(
                    "the header has no `{name}` column, which is required; the closest: {closest} (if one of them holds it, map it to `{name}`)"
                )
            },
        ));
    }
    (fields, problems)
}

/// Text for id, name and level: surrounding blanks dropped, formula guard undone.
fn text_cell(
    row: u64,
    column: Col,
    raw: &str,
    required: bool,
    problems: &mut Vec<Problem>,
) -> String {
    let t = unescape_text(raw.trim());
    if required && t.is_empty() {
        problems.push(Problem::at(row, column, raw, "this cell is required"));
    } else if let Some(why) = crate::engine::validate::text_problem(t) {
        problems.push(Problem::at(row, column, raw, why));
    }
    t.to_string()
}

/// Reads a number as [`read_number`] does, with a quick path for the plain forms an
/// export writes (`-12`, `0.925`, `92.5%`): same result, no intermediate string. Anything
/// else (`$120,000`, `82,000 USD`, `1_000`, ...) goes through `read_number`.
fn decimal(t: &str) -> Result<Number, crate::num::NumError> {
    let (body, percent) = match t.strip_suffix('%') {
        Some(b) => (b, true),
        None => (t, false),
    };
    let digits = body.strip_prefix('-').unwrap_or(body);
    let plain_form = !digits.is_empty()
        && digits.len() <= 20
        && match digits.split_once('.') {
            Some((i, f)) => {
                !i.is_empty()
                    && !f.is_empty()
                    && i.bytes().all(|b| b.is_ascii_digit())
                    && f.bytes().all(|b| b.is_ascii_digit())
            }
            None => digits.bytes().all(|b| b.is_ascii_digit()),
        };
    if plain_form && let Ok(mut v) = body.parse::<Decimal>() {
        let number = |value: Decimal| Number {
            value,
            percent,
            currency: None,
        };
        if !percent {
            return Ok(number(v.normalize()));
        }
        // Dividing by 100 is moving the decimal point: exact while the scale allows it.
        if v.scale() + 2 <= 28 && v.set_scale(v.scale() + 2).is_ok() {
            return Ok(number(v.normalize()));
        }
    }
    read_number(t)
}

/// What money is called in messages about a column: `dollars`, or the plan's currency.
fn money_word(currency: Currency) -> String {
    if currency.is_dollar() {
        "dollars".into()
    } else {
        format!("money ({currency})")
    }
}

/// How the bare numbers (written without `%`) of a percentage metric's column are read.
/// `87%` is always 87%. Bare numbers are fractions (`0.87` = 87%, as in scenario files),
/// unless the column shows it holds percent points (`87` = 87%): its header says so
/// (`GRR (%)`, `Churn %`, `NRR pct`), or more of its bare numbers are above 10 (which no
/// fraction is) than at most 1. See docs/roster-and-statements.md, "Percentages in
/// imports".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PctReading {
    /// `0.87` is 87%; a bare number above 10 is refused as a lost `%`.
    Fraction,
    /// `87` is 87%. Unless the header declared it, a bare number of 1 or less (not 0) is
    /// refused as ambiguous (0.9% or 90%?).
    Points { declared: bool },
}

/// The bare numbers of a percentage column, counted for [`PctReading`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PctTally {
    /// Above 10: percent points for sure.
    points: usize,
    /// Not 0 and at most 1: fractions most likely.
    fractions: usize,
}

impl PctTally {
    pub(crate) fn add(&mut self, raw: &str) {
        let t = raw.trim();
        if t.is_empty() || t.contains('%') {
            return;
        }
        if let Ok(v) = decimal(t) {
            let a = v.value.abs();
            if a > BARE_PERCENT_LIMIT {
                self.points += 1;
            } else if !a.is_zero() && a <= Decimal::ONE {
                self.fractions += 1;
            }
        }
    }

    pub(crate) fn reading(&self, declared: bool) -> PctReading {
        if declared || self.points > self.fractions {
            PctReading::Points { declared }
        } else {
            PctReading::Fraction
        }
    }
}

/// `v` percent points as a fraction, exactly: 87 → 0.87.
fn from_points(v: Decimal) -> Decimal {
    let mut x = v;
    if x.scale() + 2 <= 28 && x.set_scale(x.scale() + 2).is_ok() {
        x.normalize()
    } else {
        v / Decimal::ONE_HUNDRED
    }
}

/// A number, with the mistakes a unit makes likely refused; money in the plan's
/// `currency`, a percentage column's bare numbers read as `reading` says.
pub(crate) fn number_cell(
    row: u64,
    column: Col,
    raw: &str,
    unit: Unit,
    currency: Currency,
    reading: PctReading,
    problems: &mut Vec<Problem>,
) -> Option<Decimal> {
    let t = raw.trim();
    let n = match decimal(t) {
        Ok(n) => n,
        Err(e) => {
            problems.push(Problem::at(row, column, raw, e.0));
            return None;
        }
    };
    let mut v = n.value;
    let (pct, money) = (n.percent, n.currency.is_some());
    let word = money_word(currency);
    let wrong = match unit {
        Unit::Money if pct => Some(format!("this column is in {word}, not a percentage")),
        Unit::Money => check_currency(t, n.currency, currency).err().map(|e| e.0),
        Unit::Percent if money => Some(format!("this column is a percentage, not {word}")),
        Unit::Percent if pct => None,
        Unit::Percent => match reading {
            PctReading::Fraction => bare_percent_slip(t, v, BARE_PERCENT_LIMIT).map(|e| e.0),
            PctReading::Points { declared } => {
                if !declared && !v.is_zero() && v.abs() <= Decimal::ONE {
                    Some(format!(
                        "`{t}` is ambiguous here: the other bare numbers in this column are percent points (`87` is 87%), so this could be {t}% or {}; write it with `%`",
                        pct_exact(v)
                    ))
                } else {
                    v = from_points(v);
                    None
                }
            }
        },
        Unit::Count if pct || money => Some(format!(
            "this column is a plain number, not a percentage or {word}"
        )),
        _ => None,
    };
    if let Some(reason) = wrong {
        problems.push(Problem::at(row, column, raw, reason));
        return None;
    }
    if v.abs() > MAX_METRIC {
        problems.push(Problem::at(
            row,
            column,
            raw,
            format!("is larger than the limit of {}", plain(MAX_METRIC)),
        ));
        return None;
    }
    if unit == Unit::Money && v.is_sign_negative() && !v.is_zero() {
        problems.push(Problem::at(row, column, raw, "money cannot be negative"));
        return None;
    }
    Some(v)
}

/// OTE or book ARR: dollars and cents in the plan's `currency`, not negative, within `max`.
fn money_cell(
    row: u64,
    column: Col,
    raw: &str,
    max: Decimal,
    currency: Currency,
    problems: &mut Vec<Problem>,
) -> Decimal {
    let t = raw.trim();
    if t.is_empty() {
        problems.push(Problem::at(row, column, raw, "this cell is required"));
        return Decimal::ZERO;
    }
    let Some(v) = number_cell(
        row,
        column,
        raw,
        Unit::Money,
        currency,
        PctReading::Fraction,
        problems,
    ) else {
        return Decimal::ZERO;
    };
    if let Err(e) = whole_cents(t, v) {
        problems.push(Problem::at(row, column, raw, e.0));
    } else if v > max {
        problems.push(Problem::at(
            row,
            column,
            raw,
            format!("is above the limit of {}", money(max)),
        ));
    }
    v
}

pub(crate) fn spif_cell(
    row: u64,
    column: Col,
    raw: &str,
    problems: &mut Vec<Problem>,
) -> Option<u32> {
    let t = raw.trim();
    let reason = match decimal(t).map(|n| (n, n.value)) {
        Err(e) => e.0,
        Ok((n, _)) if n.percent || n.currency.is_some() => {
            "a SPIF count is a number of events, not a percentage or money".into()
        }
        Ok((_, v)) if v.is_sign_negative() && !v.is_zero() => {
            "a SPIF count cannot be negative".into()
        }
        Ok((_, v)) if !v.fract().is_zero() => "a SPIF count is a whole number of events".into(),
        Ok((_, v)) => match u32::try_from(v.trunc().mantissa()) {
            Ok(n) if n <= MAX_EVENTS => return Some(n),
            _ => format!("is more than the limit of {MAX_EVENTS} events"),
        },
    };
    problems.push(Problem::at(row, column, raw, reason));
    None
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
/// are numbered as the sheet numbers them, whatever the line ends (see [`SheetRows`]).
pub fn import_roster_with(
    plan: &Plan,
    csv_text: &str,
    opts: &RosterOptions,
) -> Result<Imported, ImportErrors> {
    import_table(plan, &Table::from_csv(csv_text), opts)
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
        let mut csm = Csm {
            id: String::new(),
            name: String::new(),
            level: String::new(),
            ote: Decimal::ZERO,
            book_arr: Decimal::ZERO,
            targets: BTreeMap::new(),
            actuals: BTreeMap::new(),
            spifs: BTreeMap::new(),
            start: None,
            end: None,
            periods: BTreeMap::new(),
        };
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
        team,
        ignored_columns,
        absent_columns,
        header_row,
        guess: g,
        skipped_rows,
        level_changes,
    })
}

/// A data row's shape, for the all-or-nothing imports: `None` for a blank row (skip it);
/// else whether it has more cells than the header has columns, which is a problem (pushed,
/// with `hint` after the reason).
pub(crate) fn row_shape(
    row: u64,
    record: &csv::StringRecord,
    width: usize,
    hint: &str,
    problems: &mut Vec<Problem>,
) -> Option<bool> {
    if record.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let long = record.len() > width && record.iter().skip(width).any(|c| !c.trim().is_empty());
    if long {
        problems.push(Problem {
            row: Some(row),
            column: None,
            letter: None,
            value: None,
            reason: format!(
                "the row has {} cells but the header has {width} columns{hint}",
                record.len()
            ),
        });
    }
    Some(long)
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

/// A metric value in its unit, exact: `92.7%`, `130000`, `42`.
fn metric_text(unit: Unit, v: Decimal) -> String {
    match unit {
        Unit::Percent => pct_exact(v),
        Unit::Money | Unit::Count => plain(v),
    }
}

/// The header [`export_roster`] writes for a plan.
/// With plan periods, the roster holds the annual components only: per-period results and
/// SPIF events are per period, and come in with `import-actuals` (docs/periods.md).
pub fn header(plan: &Plan) -> Vec<String> {
    let mut h: Vec<String> = REQUIRED.iter().map(|(n, _)| n.to_string()).collect();
    h.extend(roster_components(plan).map(|c| format!("target:{}", c.id)));
    h.extend(roster_components(plan).map(|c| format!("actual:{}", c.id)));
    h.extend(roster_spifs(plan).map(|s| format!("spif:{}", s.id)));
    h
}

/// The components a roster has columns for: all of them, or the annual ones with periods.
fn roster_components(plan: &Plan) -> impl Iterator<Item = &crate::engine::Component> {
    plan.components.iter().filter(|c| c.measured.is_year())
}

/// The SPIFs a roster has columns for: none with periods (their events are per period).
fn roster_spifs(plan: &Plan) -> impl Iterator<Item = &crate::engine::Spif> {
    plan.spifs.iter().filter(|_| !plan.has_periods())
}

/// A roster carries no per-period results: every CSM already on the team keeps their
/// `start`, `end` and results by period (matched by id), so that importing a roster into a
/// plan with periods changes only what the roster holds.
pub fn keep_periods(old: &[Csm], new: &mut [Csm]) {
    if old
        .iter()
        .all(|c| c.start.is_none() && c.end.is_none() && c.periods.is_empty())
    {
        return;
    }
    let by_id: HashMap<&str, &Csm> = old.iter().map(|c| (c.id.as_str(), c)).collect();
    for c in new {
        if let Some(o) = by_id.get(c.id.as_str()) {
            c.start.clone_from(&o.start);
            c.end.clone_from(&o.end);
            c.periods.clone_from(&o.periods);
        }
    }
}

/// The team as roster CSV, in the format [`import_roster`] reads: money as plain dollars and
/// cents, percentage metrics as `92.7%`, blank cells for targets, actuals and SPIF counts
/// the CSM does not have, formula-like text neutralised.
pub fn export_roster(plan: &Plan, team: &[Csm]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::with_capacity(team.len() * 128 + 256));
    // Every cell is neutralised: the header and numbers by `safe_cell` (a no-op for the
    // ids validation allows and the numbers written here), text by `escape_text`.
    write_safe_record(&mut w, &header(plan));
    let mut row: Vec<String> = Vec::new();
    for csm in team {
        row.clear();
        row.push(escape_text(&csm.id));
        row.push(escape_text(&csm.name));
        row.push(escape_text(&csm.level));
        row.push(money_plain(csm.ote));
        row.push(money_plain(csm.book_arr));
        for c in roster_components(plan) {
            row.push(
                csm.targets
                    .get(&c.id)
                    .map_or_else(String::new, |v| metric_text(c.unit, *v)),
            );
        }
        for c in roster_components(plan) {
            row.push(
                csm.actuals
                    .get(&c.id)
                    .map_or_else(String::new, |v| metric_text(c.unit, *v)),
            );
        }
        for s in roster_spifs(plan) {
            row.push(
                csm.spifs
                    .get(&s.id)
                    .map_or_else(String::new, |n| n.to_string()),
            );
        }
        // Text cells are already escaped (reversibly); `safe_cell` leaves them alone.
        write_safe_record(&mut w, &row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// How a new team differs from an old one, matched by CSM id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeamDiff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Id and the columns that changed (`name`, `ote`, `actual:grr`, ...).
    pub changed: Vec<(String, Vec<String>)>,
    pub unchanged: usize,
}

/// Compares two teams CSM by CSM (by id; order is ignored).
pub fn diff(plan: &Plan, old: &[Csm], new: &[Csm]) -> TeamDiff {
    let old_by_id: HashMap<&str, &Csm> = old.iter().map(|c| (c.id.as_str(), c)).collect();
    let new_ids: HashMap<&str, ()> = new.iter().map(|c| (c.id.as_str(), ())).collect();
    let mut d = TeamDiff::default();
    for n in new {
        let Some(o) = old_by_id.get(n.id.as_str()) else {
            d.added.push(n.id.clone());
            continue;
        };
        let mut cols = Vec::new();
        if o.name != n.name {
            cols.push("name".to_string());
        }
        if o.level != n.level {
            cols.push("level".to_string());
        }
        if o.ote != n.ote {
            cols.push("ote".to_string());
        }
        if o.book_arr != n.book_arr {
            cols.push("book_arr".to_string());
        }
        for (what, a, b) in [
            ("target", &o.targets, &n.targets),
            ("actual", &o.actuals, &n.actuals),
        ] {
            for c in &plan.components {
                if a.get(&c.id) != b.get(&c.id) {
                    cols.push(format!("{what}:{}", c.id));
                }
            }
        }
        for s in &plan.spifs {
            if o.spifs.get(&s.id) != n.spifs.get(&s.id) {
                cols.push(format!("spif:{}", s.id));
            }
        }
        if cols.is_empty() {
            d.unchanged += 1;
        } else {
            d.changed.push((n.id.clone(), cols));
        }
    }
    d.removed = old
        .iter()
        .filter(|o| !new_ids.contains_key(o.id.as_str()))
        .map(|o| o.id.clone())
        .collect();
    d
}

impl TeamDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// The counts in one line: "0 added, 12 removed, 1 changed, 2 unchanged".
    pub fn counts(&self) -> String {
        format!(
            "{} added, {} removed, {} changed, {} unchanged",
            self.added.len(),
            self.removed.len(),
            self.changed.len(),
            self.unchanged
        )
    }
}

/// What an import clears because the file has no column for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClearedKind {
    /// Own targets (`target:` columns): those CSMs get the plan's target.
    Targets,
    /// Projected actuals (`actual:` columns): those metrics count as 0% attainment.
    Actuals,
    /// Projected SPIF events (`spif:` columns).
    SpifEvents,
}

/// Values the CSMs had before an import that the import clears, because the file has no
/// column for them (the import replaces the team; a column left out is a blank cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleared {
    pub kind: ClearedKind,
    /// The absent columns that held values, in plan order (`target:expansion`).
    pub columns: Vec<String>,
    /// Ids of the CSMs (in the imported team) that lose a value, in team order.
    pub csms: Vec<String>,
}

/// What importing `imported` over the team `old` clears for lack of a column: for each kind
/// (own targets, actuals, SPIF events), the absent columns for which some CSM kept in the
/// team had a value, and those CSMs. Empty when nothing is lost that way.
pub fn cleared(plan: &Plan, old: &[Csm], imported: &Imported) -> Vec<Cleared> {
    let old_by_id: HashMap<&str, &Csm> = old.iter().map(|c| (c.id.as_str(), c)).collect();
    let kept: Vec<&Csm> = imported
        .team
        .iter()
        .filter_map(|n| old_by_id.get(n.id.as_str()).copied())
        .collect();
    let mut out = Vec::new();
    for kind in [
        ClearedKind::Targets,
        ClearedKind::Actuals,
        ClearedKind::SpifEvents,
    ] {
        let (prefix, ids): (&str, Vec<&str>) = match kind {
            ClearedKind::Targets => (
                "target",
                plan.components.iter().map(|c| c.id.as_str()).collect(),
            ),
            ClearedKind::Actuals => (
                "actual",
                plan.components.iter().map(|c| c.id.as_str()).collect(),
            ),
            ClearedKind::SpifEvents => ("spif", plan.spifs.iter().map(|s| s.id.as_str()).collect()),
        };
        let has = |c: &Csm, id: &str| match kind {
            ClearedKind::Targets => c.targets.contains_key(id),
            ClearedKind::Actuals => c.actuals.contains_key(id),
            ClearedKind::SpifEvents => c.spifs.contains_key(id),
        };
        let absent: Vec<&str> = ids
            .into_iter()
            .filter(|id| imported.absent_columns.contains(&format!("{prefix}:{id}")))
            .collect();
        let columns: Vec<String> = absent
            .iter()
            .filter(|id| kept.iter().any(|c| has(c, id)))
            .map(|id| format!("{prefix}:{id}"))
            .collect();
        if columns.is_empty() {
            continue;
        }
        let csms = kept
            .iter()
            .filter(|c| absent.iter().any(|id| has(c, id)))
            .map(|c| c.id.clone())
            .collect();
        out.push(Cleared {
            kind,
            columns,
            csms,
        });
    }
    out
}

impl Cleared {
    /// The warning, e.g. "the roster has no `target:expansion` column: the own targets of 2
    /// CSMs (csm-02, csm-03) would be cleared, and they would get the plan's targets".
    /// `done` says it in the past tense (the import happened).
    pub fn message(&self, done: bool) -> String {
        let cols: Vec<String> = self.columns.iter().map(|c| format!("`{c}`")).collect();
        let n = self.csms.len();
        let whose = if n == 1 {
            "1 CSM".to_string()
        } else {
            format!("{n} CSMs")
        };
        let (what, then) = match (self.kind, done) {
            (ClearedKind::Targets, false) => ("own targets", "they would get the plan's targets"),
            (ClearedKind::Targets, true) => ("own targets", "they now get the plan's targets"),
            (ClearedKind::Actuals, false) => (
                "projected actuals",
                "those metrics would count as 0% attainment",
            ),
            (ClearedKind::Actuals, true) => (
                "projected actuals",
                "those metrics now count as 0% attainment",
            ),
            (ClearedKind::SpifEvents, false) => (
                "projected SPIF events",
                "those SPIFs would pay them nothing",
            ),
            (ClearedKind::SpifEvents, true) => {
                ("projected SPIF events", "those SPIFs now pay them nothing")
            }
        };
        format!(
            "the roster has no {} column{}: the {what} of {whose} ({}) {} cleared, and {then}",
            join_or(&cols),
            if cols.len() == 1 { "" } else { "s" },
            listed(self.csms.iter().cloned()),
            if done { "were" } else { "would be" },
        )
    }
}

/// "a", "a or b", "a, b or c".
fn join_or(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// At most this many CSMs are named per line of a diff.
const DIFF_LISTED: usize = 20;

fn listed(ids: impl ExactSizeIterator<Item = String>) -> String {
    let n = ids.len();
    let mut s: Vec<String> = ids.take(DIFF_LISTED).collect();
    if n > DIFF_LISTED {
        s.push(format!("and {} more", n - DIFF_LISTED));
    }
    s.join(", ")
}

impl fmt::Display for TeamDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "  added: {}", self.added.len())?;
        if !self.added.is_empty() {
            write!(f, " ({})", listed(self.added.iter().cloned()))?;
        }
        write!(f, "\n  removed: {}", self.removed.len())?;
        if !self.removed.is_empty() {
            write!(f, " ({})", listed(self.removed.iter().cloned()))?;
        }
        write!(f, "\n  changed: {}", self.changed.len())?;
        if !self.changed.is_empty() {
            let items = self
                .changed
                .iter()
                .map(|(id, cols)| format!("{id} [{}]", cols.join(", ")));
            write!(f, " ({})", listed(items))?;
        }
        write!(f, "\n  unchanged: {}", self.unchanged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn quick_number_path_agrees_with_parse_decimal(
            int in "-?[0-9]{1,14}",
            frac in proptest::option::of("[0-9]{1,10}"),
            percent in any::<bool>(),
        ) {
            let t = format!(
                "{int}{}{}",
                frac.map(|f| format!(".{f}")).unwrap_or_default(),
                if percent { "%" } else { "" }
            );
            let quick = decimal(&t).map(|n| n.value.to_string());
            let full = crate::num::parse_decimal(&t).map(|d| d.to_string());
            prop_assert_eq!(quick, full);
        }
    }

    #[test]
    fn formula_guard_is_undone_exactly() {
        for t in [
            "=1+1", "+x", "-x", "@SUM(A1)", "\tx", "\rx", "'=x", "''-x", "'", "''", "'plain",
            "plain", "", "O'Brien",
        ] {
            let e = escape_text(t);
            assert_eq!(unescape_text(&e), t, "{t:?} → {e:?}");
            assert!(
                !formula_like(&e) || e.starts_with('\''),
                "{e:?} is not safe"
            );
            assert!(
                !matches!(e.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                "{e:?}"
            );
        }
        assert_eq!(escape_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_text("'=x"), "''=x");
        assert_eq!(escape_text("'plain"), "'plain");
        assert_eq!(unescape_text("'plain"), "'plain");
    }

    #[test]
    fn problem_text_names_row_column_and_value() {
        let p = Problem::at(3, "OTE", "-5\n", "money cannot be negative");
        assert_eq!(
            p.to_string(),
            "row 3, column \"OTE\", value \"-5\\n\": money cannot be negative"
        );
        let long = "x".repeat(70);
        let p = Problem::at(4, "name", &long, "r");
        assert_eq!(
            p.to_string(),
            format!("row 4, column \"name\", value \"{}\"…: r", "x".repeat(60))
        );
    }
}
