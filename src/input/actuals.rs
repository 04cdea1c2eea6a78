//! Actual results from a CRM or CS-platform export: per-period actuals, annual
//! actuals and SPIF events merged into a scenario, all or nothing, every problem listed by
//! row and column, in one round (docs/periods.md, "Importing actuals").
//!
//! Owns: reading the layouts (long: `csm_id, metric, period, value`, one value a row;
//! wide: `csm_id` and one column per metric — `actual:<metric>[:<period>]`,
//! `spif:<id>[:<period>]`, or the metric's id or name — with an optional period column
//! giving the period of every value in its row) into values, and merging them into a copy
//! of the scenario. Must not: touch the file system or the terminal (the CLI does that), or
//! compute pay.
//!
//! Cells are read with the roster's rules (`crate::input::roster`): the same headers of
//! other systems (`crate::input::mapping`), the same strict numbers (`84%` or `0.84` for a
//! percentage, `$130,000` for money, whole numbers for SPIF events) and the same limits.
//! CSMs are named by id or full name; metrics, SPIFs and periods by id or name; a period
//! may be a date of the plan year when its first day is given.

use crate::engine::validate::{MAX_ATTAINMENT, Severity, implausible, validate};
use crate::engine::{Measure, Plan, Scenario};
use crate::input::dates::{SlashOrder, parse_date, period_of, slash_order};
use crate::input::mapping::{
    ColumnMap, Confidence, Field as MapField, Guess, Known, Layout, Use, declares_percent, guess,
    header_key, header_score,
};
use crate::input::roster::{
    Col, IdMatch, PctReading, PctTally, Problem, find_header, find_id, first_values, fold, id_list,
    number_cell, spif_cell, unescape_text,
};
use crate::input::roster_sheet::Grid;
use crate::input::table::{SkippedRow, Table};
use crate::num::plain;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};

/// A hash map with a fast hasher (the keys are the file's own text, not an attacker's
/// choice of collisions worth defending against at the cost of a slower import).
type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
use std::fmt;

/// The layout of an actuals file, told by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `csm_id, metric, period, value`: one value a row.
    Long,
    /// `csm_id` and one column per metric (and period), with an optional period column.
    Wide,
}

impl Form {
    pub fn label(self) -> &'static str {
        match self {
            Form::Long => "long form",
            Form::Wide => "wide form",
        }
    }
}

/// Why an actuals file was refused: every problem found. Nothing is imported when there is
/// one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActualsErrors {
    pub problems: Vec<Problem>,
    /// How the header was read, when the file had one (see `roster::ImportErrors::guess`).
    pub guess: Option<Box<Guess>>,
}

impl fmt::Display for ActualsErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::input::roster::write_problems(f, "the file", &self.problems)
    }
}

impl std::error::Error for ActualsErrors {}

/// A file that passed every check, merged into the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The scenario with the file's values in; it passes `engine::validate`.
    pub scenario: Scenario,
    pub form: Form,
    /// Values the file gives.
    pub set: usize,
    /// Of those, the ones that differ from the scenario's (new or another number).
    pub changed: usize,
    /// The CSMs the file gives values for.
    pub csms: usize,
    /// The periods it gives values for, in plan order.
    pub periods: Vec<String>,
    /// True when it gives annual values (metrics measured for the year).
    pub year: bool,
    /// Headers of columns this import does not use (e.g. `csm_name`), which were ignored.
    pub ignored_columns: Vec<String>,
    /// The header's row, as the sheet numbers it.
    pub header_row: u64,
    /// How each column was read.
    pub guess: Guess,
    /// Rows left out: title rows above the header, total rows, notes under the table.
    pub skipped_rows: Vec<SkippedRow>,
    /// Values whose period was a date, placed by the plan year's first day.
    pub dated: usize,
}

impl Applied {
    /// "Q1, Q3 and the year", "the year", "Q2".
    pub fn where_text(&self) -> String {
        let mut parts: Vec<String> = self.periods.clone();
        if self.year {
            parts.push("the year".into());
        }
        match parts.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }
}

/// How [`import_table`] reads a file beyond its own header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActualsOptions {
    /// The user's column mapping (`Owner=csm_id`, `Health (%)=actual:nps`), on top of the
    /// known headers.
    pub map: ColumnMap,
    /// The first day of the plan year: a date in the period column falls in the period
    /// that holds it (periods laid end to end by their lengths). Without it a date is
    /// refused.
    pub year_start: Option<NaiveDate>,
}

/// Where a value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Slot {
    /// An annual component's actual (`csm.actuals`).
    Year(usize),
    /// A per-period component's actual in a period (`csm.periods[p].actuals`).
    Period(usize, usize),
    /// A SPIF's events in a period, or for the year in a plan without periods.
    Spif(usize, Option<usize>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Number(Decimal),
    Events(u32),
}

/// One value read from the file.
struct Entry {
    row: u64,
    csm: usize,
    slot: Slot,
    value: Value,
    /// The period came from a date.
    dated: bool,
}

/// A metric or a SPIF of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum What {
    Metric(usize),
    Spif(usize),
}

/// The period of a wide column's values: its header's (`actual:activities:Q1`; `None` for
/// the year), or each row's (from the period column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ColPeriod {
    Own(Option<usize>),
    Row,
}

/// What a column of the header holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Csm,
    /// Long form.
    Metric,
    Period,
    Value,
    /// Wide form: a value column.
    Column(What, ColPeriod),
    /// Not ours (reported, then left alone).
    Ignored,
    /// No header; its cells must be blank.
    Blank,
}

/// A period as a cell names it: the plan's period, or the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PeriodRef {
    period: Option<usize>,
    /// Placed by a date.
    dated: bool,
}

/// Reads a CSV export and merges it into a copy of `scn`. Either every row is right and the
/// merged scenario comes back, or nothing does and every problem is listed.
pub fn import_csv(scn: &Scenario, text: &str) -> Result<Applied, ActualsErrors> {
    import_table(scn, &Table::from_csv(text), &ActualsOptions::default())
}

/// [`import_csv`] with a mapping and a plan-year start.
pub fn import_csv_with(
    scn: &Scenario,
    text: &str,
    opts: &ActualsOptions,
) -> Result<Applied, ActualsErrors> {
    import_table(scn, &Table::from_csv(text), opts)
}

/// Reads a sheet of a workbook (see `roster_sheet::read_grid`) as [`import_csv`] reads a CSV.
pub fn import_grid(scn: &Scenario, grid: &Grid) -> Result<Applied, ActualsErrors> {
    import_table(scn, &Table::from_grid(grid), &ActualsOptions::default())
}

fn known(scn: &Scenario) -> Known<'_> {
    Known {
        plan: Some(&scn.plan),
        team: &scn.team,
        levels: &[],
    }
}

fn actuals_score(known: &Known, map: &ColumnMap, r: &csv::StringRecord) -> usize {
    let headers: Vec<&str> = r.iter().collect();
    header_score(Layout::Actuals, &headers, known, map)
}

/// The header of a table as this import reads it (after title rows), for a caller that
/// keys something by it (the command line's saved mappings); `None` without a header.
pub fn actuals_header(scn: &Scenario, table: &Table, opts: &ActualsOptions) -> Option<Vec<String>> {
    let k = known(scn);
    let h = find_header(table, |r| actuals_score(&k, &opts.map, r)).ok()?;
    Some(
        table.rows[h]
            .1
            .iter()
            .map(|c| c.trim().to_string())
            .collect(),
    )
}

/// The CSMs of the team by id and by full name.
struct Csms<'a> {
    by_id: Map<&'a str, usize>,
    by_folded_id: Map<String, Vec<usize>>,
    by_name: Map<String, Vec<usize>>,
    team: &'a [crate::engine::Csm],
}

/// A name as compared: letter case and runs of blanks ignored.
fn name_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl<'a> Csms<'a> {
    fn new(team: &'a [crate::engine::Csm]) -> Csms<'a> {
        let mut c = Csms {
            by_id: Map::with_capacity_and_hasher(team.len(), Default::default()),
            by_folded_id: Map::default(),
            by_name: Map::default(),
            team,
        };
        for (i, m) in team.iter().enumerate() {
            c.by_id.insert(m.id.as_str(), i);
            c.by_folded_id.entry(fold(&m.id)).or_default().push(i);
            c.by_name.entry(name_key(&m.name)).or_default().push(i);
        }
        c
    }

    /// A CSM by id (exactly, else ignoring case, blanks, `-` and `_`) or full name.
    fn find(&self, text: &str) -> Result<usize, String> {
        if let Some(i) = self.by_id.get(text) {
            return Ok(*i);
        }
        let ids = |v: &[usize]| {
            v.iter()
                .map(|i| self.team[*i].id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(v) = self.by_folded_id.get(&fold(text)) {
            return match v.as_slice() {
                [one] => Ok(*one),
                _ => Err(format!(
                    "could be the CSMs {}; write the id exactly",
                    ids(v)
                )),
            };
        }
        match self.by_name.get(&name_key(text)).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(v) => Err(format!(
                "{} CSMs are named {text:?} ({}); give the id instead",
                v.len(),
                ids(v)
            )),
            None => Err("the scenario has no CSM with this id or name".into()),
        }
    }
}

/// A metric or SPIF by id or name. `kind`: `""` for either, `"actual"` for metrics only,
/// `"spif"` for SPIFs only. Ids match exactly, then ignoring case, blanks, `-` and `_`;
/// names ignoring case and blanks, then ignoring punctuation too. Two that match at the
/// same step are refused, naming both.
fn find_what(plan: &Plan, kind: &str, text: &str) -> Result<What, String> {
    let cands: Vec<(What, &str, &str)> = plan
        .components
        .iter()
        .enumerate()
        .filter(|_| kind != "spif")
        .map(|(i, c)| (What::Metric(i), c.id.as_str(), c.name.as_str()))
        .chain(
            plan.spifs
                .iter()
                .enumerate()
                .filter(|_| kind != "actual")
                .map(|(i, s)| (What::Spif(i), s.id.as_str(), s.name.as_str())),
        )
        .collect();
    let (f, n, k) = (fold(text), name_key(text), header_key(text));
    // Ids exactly, ids folded, names, names by their words.
    let matches = |step: u8, id: &str, name: &str| match step {
        0 => id == text,
        1 => fold(id) == f,
        2 => name_key(name) == n,
        _ => !k.is_empty() && (header_key(name) == k || header_key(id) == k),
    };
    for step in 0..4 {
        let hits: Vec<&(What, &str, &str)> = cands
            .iter()
            .filter(|(_, id, name)| matches(step, id, name))
            .collect();
        match hits.as_slice() {
            [] => continue,
            [(w, _, _)] => return Ok(*w),
            [a, b, ..] => {
                let label = |w: &What, id: &str| match w {
                    What::Metric(_) => format!("metric `{id}`"),
                    What::Spif(_) => format!("SPIF `{id}`"),
                };
                return Err(format!(
                    "could be {} or {}; write the id exactly",
                    label(&a.0, a.1),
                    label(&b.0, b.1)
                ));
            }
        }
    }
    Err(match kind {
        "spif" => format!(
            "the plan has no such SPIF (it has: {})",
            id_list(plan.spifs.iter().map(|s| s.id.as_str()))
        ),
        _ => format!(
            "the plan has no such metric (it has: {}; SPIF events are written spif:<id>)",
            id_list(plan.components.iter().map(|c| c.id.as_str()))
        ),
    })
}

/// A metric cell of the long form: `grr`, `Gross revenue retention`, `spif:c-level`,
/// `actual:grr`, a SPIF's name.
fn resolve_what(plan: &Plan, raw: &str) -> Result<What, String> {
    let text = unescape_text(raw.trim());
    if text.is_empty() {
        return Err("the metric is missing".into());
    }
    // A whole name first: a metric's name may hold a colon.
    let whole = find_what(plan, "", text);
    if whole.is_ok() || !text.contains(':') {
        return whole;
    }
    let (prefix, id) = text.split_once(':').unwrap_or(("", text));
    match fold(prefix).as_str() {
        "spif" => find_what(plan, "spif", id.trim()),
        "actual" => find_what(plan, "actual", id.trim()),
        _ => Err("a metric is a component id (`grr`) or `spif:<id>` for SPIF events".into()),
    }
}

/// A period cell: blank, `year`, `FY`, `full year` or a fiscal year (`FY27`, `FY 2027`)
/// for the year; a period by id (`Q1`, `q1`) or name (`Q1 FY27`); or a date of the plan
/// year when `year_start` is given.
fn resolve_period(
    plan: &Plan,
    raw: &str,
    year_start: Option<NaiveDate>,
    order: SlashOrder,
) -> Result<PeriodRef, String> {
    let text = unescape_text(raw.trim());
    let year = PeriodRef {
        period: None,
        dated: false,
    };
    if text.is_empty() || matches!(fold(text).as_str(), "year" | "fy" | "full_year" | "annual") {
        return Ok(year);
    }
    // `FY27`, `FY 2027`: the year, unless the plan names a period so.
    let fiscal_year = || {
        let f = fold(text).replace('_', "");
        f.strip_prefix("fy")
            .is_some_and(|y| matches!(y.len(), 2 | 4) && y.bytes().all(|b| b.is_ascii_digit()))
    };
    if !plan.has_periods() {
        if fiscal_year() {
            return Ok(year);
        }
        return Err(
            "the scenario has no periods, so only annual values can be imported into it: leave the period blank".into(),
        );
    }
    let ids = || plan.periods.iter().map(|p| p.id.as_str());
    match find_id(ids(), text) {
        IdMatch::One(k) => {
            return Ok(PeriodRef {
                period: Some(k),
                dated: false,
            });
        }
        IdMatch::Ambiguous(a, b) => {
            return Err(format!(
                "could be period `{a}` or `{b}`; write the id exactly"
            ));
        }
        IdMatch::None => {}
    }
    let (n, k) = (name_key(text), header_key(text));
    for by_key in [false, true] {
        let hits: Vec<usize> = (0..plan.periods.len())
            .filter(|i| {
                let name = &plan.periods[*i].name;
                if by_key {
                    !k.is_empty() && header_key(name) == k
                } else {
                    name_key(name) == n
                }
            })
            .collect();
        match hits.as_slice() {
            [] => continue,
            [one] => {
                return Ok(PeriodRef {
                    period: Some(*one),
                    dated: false,
                });
            }
            [a, b, ..] => {
                return Err(format!(
                    "could be period `{}` or `{}`; write the id exactly",
                    plan.periods[*a].id, plan.periods[*b].id
                ));
            }
        }
    }
    if fiscal_year() {
        return Ok(year);
    }
    if let Ok(date) = parse_date(text, Some(order)) {
        return match year_start {
            Some(start) => period_of(plan, start, date).map(|k| PeriodRef {
                period: Some(k),
                dated: true,
            }),
            None => Err(format!(
                "is a date ({}); to place dates in the plan's periods, give the first day of the plan year (--year-start)",
                date.format("%Y-%m-%d")
            )),
        };
    }
    Err(format!(
        "the plan has no such period (it has: {}; blank or `year` for the year)",
        id_list(ids())
    ))
}

/// The slot a metric or SPIF takes in a period (`None`: the year), or why it has none there.
fn slot_for(plan: &Plan, what: What, k: Option<usize>) -> Result<Slot, String> {
    let periods = || id_list(plan.periods.iter().map(|p| p.id.as_str()));
    match what {
        What::Spif(s) => {
            if k.is_none() && plan.has_periods() {
                return Err(format!(
                    "SPIF events are counted per period; give the period ({})",
                    periods()
                ));
            }
            Ok(Slot::Spif(s, k))
        }
        What::Metric(m) => {
            let comp = &plan.components[m];
            match (comp.measured, k) {
                (Measure::Year, None) => Ok(Slot::Year(m)),
                (Measure::Year, Some(_)) => Err(format!(
                    "`{}` is measured for the year; leave the period blank (or write `year`)",
                    comp.id
                )),
                (Measure::Period, None) => Err(format!(
                    "`{}` is measured per period; give the period ({})",
                    comp.id,
                    periods()
                )),
                (Measure::Period, Some(k)) => {
                    let pid = &plan.periods[k].id;
                    if comp.weight_in(pid).is_zero() {
                        Err(format!(
                            "`{}` does not count in {pid} (its weight there is 0%)",
                            comp.id
                        ))
                    } else {
                        Ok(Slot::Period(m, k))
                    }
                }
            }
        }
    }
}

/// "`activities` in Q1", "`grr` for the year", "SPIF `c-level` in Q3".
fn slot_text(plan: &Plan, slot: Slot) -> String {
    match slot {
        Slot::Year(m) => format!("`{}` for the year", plan.components[m].id),
        Slot::Period(m, k) => format!("`{}` in {}", plan.components[m].id, plan.periods[k].id),
        Slot::Spif(s, None) => format!("SPIF `{}` for the year", plan.spifs[s].id),
        Slot::Spif(s, Some(k)) => format!("SPIF `{}` in {}", plan.spifs[s].id, plan.periods[k].id),
    }
}

fn what_text(plan: &Plan, what: What) -> String {
    match what {
        What::Metric(m) => format!("`{}`", plan.components[m].id),
        What::Spif(s) => format!("SPIF `{}`", plan.spifs[s].id),
    }
}

/// Reads the header into fields; problems go to `problems`.
#[allow(clippy::too_many_arguments)]
fn read_header(
    plan: &Plan,
    uses: &[Use],
    row: u64,
    names: &[Col],
    form: Form,
    has_period: bool,
    period_hint: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Vec<Field> {
    let mut fields = Vec::with_capacity(names.len());
    let mut seen: Vec<(Field, usize)> = Vec::new();
    for (j, col) in names.iter().enumerate() {
        let h = col.name;
        let field = match uses.get(j) {
            _ if h.is_empty() => Field::Blank,
            None | Some(Use::Ignore) => Field::Ignored,
            Some(Use::Field(f)) => match (f, form) {
                (MapField::CsmId, _) => Field::Csm,
                (MapField::Metric, Form::Long) => Field::Metric,
                (MapField::Period, _) => Field::Period,
                (MapField::Value, Form::Long) => Field::Value,
                _ => Field::Ignored,
            },
            Some(Use::Column(_)) if form == Form::Long => Field::Ignored,
            Some(Use::Column(text)) => {
                wide_column(plan, text, row, *col, has_period, period_hint, problems)
            }
        };
        if !matches!(field, Field::Ignored | Field::Blank) {
            if let Some((_, first)) = seen.iter().find(|(f, _)| *f == field) {
                let what = match field {
                    Field::Column(w, ColPeriod::Own(k)) => match slot_for(plan, w, k) {
                        Ok(slot) => slot_text(plan, slot),
                        Err(_) => what_text(plan, w),
                    },
                    Field::Column(w, ColPeriod::Row) => what_text(plan, w),
                    Field::Csm => "the CSM id".into(),
                    Field::Metric => "`metric`".into(),
                    Field::Period => "`period`".into(),
                    _ => "`value`".into(),
                };
                problems.push(Problem::header(
                    row,
                    Some(*col),
                    format!(
                        "columns {} ({}) and {} ({h}) both give {what}; keep one",
                        names[*first].letter.unwrap_or(""),
                        names[*first].name,
                        col.letter.unwrap_or(""),
                    ),
                ));
                // Its cells are not read again (they would all be given twice).
                fields.push(Field::Ignored);
                continue;
            }
            seen.push((field, j));
        }
        fields.push(field);
    }
    fields
}

/// A message about a missing period, with the column that may hold the periods.
fn with_period_hint(reason: String, header: &str) -> String {
    format!("{reason}; the column {header:?} may hold the periods (or dates): map it to `period`")
}

/// A wide form's value column, from its header as the mapping reads it (`actual:grr`,
/// `actual:activities:Q1`, `spif:c-level:Q3`); a problem with it is pushed and the column
/// ignored.
fn wide_column(
    plan: &Plan,
    text: &str,
    row: u64,
    col: Col,
    has_period: bool,
    period_hint: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Field {
    let Some((prefix, rest)) = text.split_once(':') else {
        return Field::Ignored;
    };
    let prefix = fold(prefix);
    let kind = match prefix.as_str() {
        "actual" | "spif" => prefix.as_str(),
        "target" => {
            problems.push(Problem::header(
                row,
                Some(col),
                "this import reads actual results: `actual:<metric>[:<period>]` and `spif:<id>:<period>` columns (own targets come in with import-roster)",
            ));
            return Field::Ignored;
        }
        _ => {
            problems.push(Problem::header(
                row,
                Some(col),
                "unknown column: a column with a `:` must be `actual:<metric>[:<period>]` or `spif:<id>:<period>`",
            ));
            return Field::Ignored;
        }
    };
    let (metric, period) = match rest.split_once(':') {
        Some((m, p)) => (m.trim(), p.trim()),
        None => (rest.trim(), ""),
    };
    let what = find_what(plan, kind, metric);
    let k = if period.is_empty() {
        None
    } else {
        match resolve_period(plan, period, None, SlashOrder::MonthFirst) {
            Ok(p) => Some(p.period),
            Err(reason) => {
                problems.push(Problem::header(row, Some(col), reason));
                return Field::Ignored;
            }
        }
    };
    let what = match what {
        Ok(w) => w,
        Err(reason) => {
            problems.push(Problem::header(row, Some(col), reason));
            return Field::Ignored;
        }
    };
    let own = match k {
        Some(k) => ColPeriod::Own(k),
        None if has_period => ColPeriod::Row,
        None => ColPeriod::Own(None),
    };
    if let ColPeriod::Own(k) = own
        && let Err(reason) = slot_for(plan, what, k)
    {
        let reason = match (k, period_hint) {
            (None, Some(h)) => with_period_hint(reason, h),
            _ => reason,
        };
        problems.push(Problem::header(row, Some(col), reason));
        return Field::Ignored;
    }
    Field::Column(what, own)
}

/// Reads an actuals table (a CSV's rows or a sheet's) and merges it into a copy of `scn`:
/// every row right and the merged scenario back, or nothing and every problem listed, in
/// one round (the header's, every row's metric, period, CSM and value together).
pub fn import_table(
    scn: &Scenario,
    table: &Table,
    opts: &ActualsOptions,
) -> Result<Applied, ActualsErrors> {
    let plan = &scn.plan;
    let k = known(scn);
    let h = find_header(table, |r| actuals_score(&k, &opts.map, r)).map_err(|p| ActualsErrors {
        problems: vec![p],
        guess: None,
    })?;
    let (header_row, header) = (table.rows[h].0, &table.rows[h].1);
    let first_col = table.first_col.unwrap_or(0);
    let letters: Vec<String> = (0..header.len())
        .map(|j| crate::output::xlsx::col_name(first_col.saturating_add(j as u16)))
        .collect();
    let names: Vec<Col> = header
        .iter()
        .enumerate()
        .map(|(j, h)| Col {
            name: h.trim(),
            letter: Some(letters[j].as_str()),
        })
        .collect();
    let headers: Vec<&str> = header.iter().collect();
    let sample: Vec<usize> = (h + 1..table.rows.len()).take(20).collect();
    let first = first_values(table, &sample);
    let g = guess(Layout::Actuals, &headers, &first, &k, &opts.map);
    let uses = g.applied();
    let form = if uses.contains(&Use::Field(MapField::Metric)) {
        Form::Long
    } else {
        Form::Wide
    };
    let has_period = uses.contains(&Use::Field(MapField::Period));
    let mut problems = Vec::new();
    // A column that may hold the periods (a date column), for the messages.
    let period_hint = if has_period {
        None
    } else {
        g.columns
            .iter()
            .find(|c| {
                c.confidence == Some(Confidence::Likely) && c.guess == Use::Field(MapField::Period)
            })
            .map(|c| c.header.trim())
    };
    let fields = read_header(
        plan,
        &uses,
        header_row,
        &names,
        form,
        has_period,
        period_hint,
        &mut problems,
    );
    header_requirements(&fields, &g, form, header_row, &mut problems);
    for u in &g.unmatched {
        problems.push(Problem::header(
            header_row,
            None,
            format!(
                "the mapping names a column {u:?} that the header does not have (its columns: {})",
                names
                    .iter()
                    .map(|c| c.name)
                    .filter(|h| !h.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let col_of = |f: Field| fields.iter().position(|x| *x == f);
    let csm_col = col_of(Field::Csm);
    let (data, skipped_rows) = table.sort_rows(h, csm_col);
    let (mc, pc, vc) = (
        col_of(Field::Metric),
        col_of(Field::Period),
        col_of(Field::Value),
    );
    let order = slash_order(pc.into_iter().flat_map(|pc| {
        data.iter()
            .map(move |&i| table.rows[i].1.get(pc).unwrap_or(""))
    }));
    // Each distinct cell text is looked up once.
    let mut whats: Map<&str, Result<What, String>> = Map::default();
    let mut periods: Map<&str, Result<PeriodRef, String>> = Map::default();
    let mut csms_seen: Map<&str, Result<usize, String>> = Map::default();
    let csms = Csms::new(&scn.team);
    // How bare numbers of percentage metrics are read: per metric in the long form's value
    // column, per column in the wide form.
    let mut tallies: Map<(usize, usize), PctTally> = Map::default();
    for &i in &data {
        let record = &table.rows[i].1;
        let cell = |j: usize| record.get(j).unwrap_or("");
        match form {
            Form::Long => {
                let (Some(mc), Some(vc)) = (mc, vc) else {
                    break;
                };
                let what = whats
                    .entry(cell(mc))
                    .or_insert_with(|| resolve_what(plan, cell(mc)));
                if let Ok(What::Metric(m)) = what {
                    tallies.entry((vc, *m)).or_default().add(cell(vc));
                }
            }
            Form::Wide => {
                for (j, f) in fields.iter().enumerate() {
                    if let Field::Column(What::Metric(m), _) = f {
                        tallies.entry((j, *m)).or_default().add(cell(j));
                    }
                }
            }
        }
    }
    let readings: Map<(usize, usize), PctReading> = tallies
        .into_iter()
        .map(|((j, m), t)| ((j, m), t.reading(declares_percent(names[j].name))))
        .collect();
    let mut entries: Vec<(Entry, usize)> = Vec::new();
    let mut blank_with_data: Vec<usize> = Vec::new();
    for &i in &data {
        let (row, record) = (table.rows[i].0, &table.rows[i].1);
        match crate::input::roster::row_shape(
            row,
            record,
            fields.len(),
            " (a number such as $130,000 written without quotes splits in two; quote it or leave out the comma)",
            &mut problems,
        ) {
            None | Some(true) => continue,
            Some(false) => {}
        }
        let cell = |j: usize| record.get(j).unwrap_or("");
        for (j, f) in fields.iter().enumerate() {
            if *f == Field::Blank && !cell(j).trim().is_empty() && !blank_with_data.contains(&j) {
                blank_with_data.push(j);
                problems.push(Problem::at(
                    row,
                    names[j],
                    cell(j),
                    "this column has values but no header; name it or remove it",
                ));
            }
        }
        // The CSM.
        let csm = match csm_col {
            None => None,
            Some(c) => {
                let raw = cell(c);
                let id = unescape_text(raw.trim());
                let found = if id.is_empty() {
                    Err("the CSM id is missing".to_string())
                } else {
                    csms_seen
                        .entry(raw)
                        .or_insert_with(|| csms.find(id))
                        .clone()
                };
                match found {
                    Ok(i) => Some(i),
                    Err(reason) => {
                        problems.push(Problem::at(row, names[c], raw, reason));
                        None
                    }
                }
            }
        };
        // The row's period, when a column has one.
        let mut row_period = |problems: &mut Vec<Problem>| -> Option<PeriodRef> {
            let pc = pc?;
            let r = periods
                .entry(cell(pc))
                .or_insert_with(|| resolve_period(plan, cell(pc), opts.year_start, order));
            match r {
                Ok(p) => Some(*p),
                Err(reason) => {
                    problems.push(Problem::at(row, names[pc], cell(pc), reason.clone()));
                    None
                }
            }
        };
        // The values of the row: (column of the value, slot, dated).
        let mut given: Vec<(usize, Slot, bool)> = Vec::new();
        match form {
            Form::Long => {
                let Some(mc) = mc else { continue };
                let what = whats
                    .entry(cell(mc))
                    .or_insert_with(|| resolve_what(plan, cell(mc)))
                    .clone();
                if let Err(reason) = &what {
                    problems.push(Problem::at(row, names[mc], cell(mc), reason.clone()));
                }
                let period = match pc {
                    Some(_) => row_period(&mut problems),
                    None => Some(PeriodRef {
                        period: None,
                        dated: false,
                    }),
                };
                let mut placed = false;
                if let (Ok(what), Some(p)) = (&what, period) {
                    match slot_for(plan, *what, p.period) {
                        Ok(slot) => {
                            placed = true;
                            if let Some(vc) = vc
                                && !cell(vc).trim().is_empty()
                            {
                                given.push((vc, slot, p.dated));
                            }
                        }
                        Err(reason) => {
                            // About the period: named at the period cell when there is one.
                            let j = pc.unwrap_or(mc);
                            let reason = match (pc, period_hint) {
                                (None, Some(h)) => with_period_hint(reason, h),
                                _ => reason,
                            };
                            problems.push(Problem::at(row, names[j], cell(j), reason));
                        }
                    }
                }
                // A value with nowhere to go is still checked, so that every problem of
                // the row is named at once.
                if !placed && let Some(vc) = vc {
                    let reading = match &what {
                        Ok(What::Metric(m)) => readings.get(&(vc, *m)).copied(),
                        _ => None,
                    };
                    check_value(
                        plan,
                        row,
                        names[vc],
                        cell(vc),
                        what.ok(),
                        reading,
                        &mut problems,
                    );
                }
            }
            Form::Wide => {
                let needs_row = fields.iter().enumerate().any(|(j, f)| {
                    matches!(f, Field::Column(_, ColPeriod::Row)) && !cell(j).trim().is_empty()
                });
                let rp = if needs_row {
                    row_period(&mut problems)
                } else {
                    None
                };
                for (j, f) in fields.iter().enumerate() {
                    let Field::Column(what, cp) = *f else {
                        continue;
                    };
                    if cell(j).trim().is_empty() {
                        continue;
                    }
                    let (k, dated) = match cp {
                        ColPeriod::Own(k) => (k, false),
                        ColPeriod::Row => match rp {
                            Some(p) => (p.period, p.dated),
                            None => {
                                let reading = match what {
                                    What::Metric(m) => readings.get(&(j, m)).copied(),
                                    What::Spif(_) => None,
                                };
                                check_value(
                                    plan,
                                    row,
                                    names[j],
                                    cell(j),
                                    Some(what),
                                    reading,
                                    &mut problems,
                                );
                                continue;
                            }
                        },
                    };
                    match slot_for(plan, what, k) {
                        Ok(slot) => given.push((j, slot, dated)),
                        Err(reason) => {
                            let reason = match (what, k) {
                                (What::Metric(m), Some(k))
                                    if plan.components[m].measured.is_year() =>
                                {
                                    format!(
                                        "`{}` is measured for the year, but this row is for {}: give the year's value on a row whose period is blank or `year`, or leave the column out",
                                        plan.components[m].id, plan.periods[k].id
                                    )
                                }
                                _ => reason,
                            };
                            problems.push(Problem::at(row, names[j], cell(j), reason));
                        }
                    }
                }
            }
        }
        for (j, slot, dated) in given {
            let raw = cell(j);
            let col = names[j];
            let p = &mut problems;
            let c = csm.map(|i| &scn.team[i]);
            // Employed in that period?
            if let (Some(c), Slot::Period(_, k) | Slot::Spif(_, Some(k))) = (c, slot) {
                let first = c.start.as_deref().and_then(|s| plan.period_index(s));
                let last = c.end.as_deref().and_then(|s| plan.period_index(s));
                let (first, last) = (first.unwrap_or(0), last.unwrap_or(plan.periods.len() - 1));
                if !(first..=last).contains(&k) {
                    p.push(Problem::at(
                        row,
                        col,
                        raw,
                        format!(
                            "{} is employed only from {} to {}, so has no results in {}",
                            c.id, plan.periods[first].id, plan.periods[last].id, plan.periods[k].id
                        ),
                    ));
                    continue;
                }
            }
            let value = match slot {
                Slot::Year(m) | Slot::Period(m, _) => {
                    let comp = &plan.components[m];
                    let reading = readings
                        .get(&(j, m))
                        .copied()
                        .unwrap_or(PctReading::Fraction);
                    let Some(v) =
                        number_cell(row, col, raw, comp.unit, plan.currency(), reading, p)
                    else {
                        continue;
                    };
                    let target = match (slot, c) {
                        (Slot::Period(_, k), c) => {
                            let pid = &plan.periods[k].id;
                            c.and_then(|c| c.periods.get(pid))
                                .and_then(|pv| pv.targets.get(&comp.id))
                                .copied()
                                .unwrap_or_else(|| comp.target_in(pid))
                        }
                        (_, c) => c
                            .and_then(|c| c.targets.get(&comp.id))
                            .copied()
                            .unwrap_or(comp.target),
                    };
                    if implausible(v, target) {
                        p.push(Problem::at(
                            row,
                            col,
                            raw,
                            format!(
                                "is more than {MAX_ATTAINMENT} times its target ({}); check that both are in the same unit",
                                plain(target)
                            ),
                        ));
                        continue;
                    }
                    Value::Number(v)
                }
                Slot::Spif(..) => match spif_cell(row, col, raw, p) {
                    Some(n) => Value::Events(n),
                    None => continue,
                },
            };
            let Some(i) = csm else { continue };
            entries.push((
                Entry {
                    row,
                    csm: i,
                    slot,
                    value,
                    dated,
                },
                j,
            ));
        }
    }
    if let Some(e) = &table.error {
        problems.push(e.clone());
    }
    // The same value twice.
    let mut first_row: Map<(usize, Slot), (u64, bool)> =
        Map::with_capacity_and_hasher(entries.len(), Default::default());
    for (e, j) in &entries {
        if let Some((first, dated)) = first_row.get(&(e.csm, e.slot)) {
            let why = if *dated || e.dated {
                "; dates of one period give one value"
            } else {
                ""
            };
            problems.push(Problem {
                row: Some(e.row),
                column: Some(names[*j].name.to_string()),
                letter: names[*j].letter.map(str::to_string),
                value: None,
                reason: format!(
                    "{} {} is already given on row {first}; give each value once{why}",
                    scn.team[e.csm].id,
                    slot_text(plan, e.slot)
                ),
            });
        } else {
            first_row.insert((e.csm, e.slot), (e.row, e.dated));
        }
    }
    problems.sort_by_key(|p| p.row);
    if entries.is_empty() && problems.is_empty() {
        problems.push(Problem::file(
            "the file gives no values (every value cell is blank); nothing to import",
        ));
    }
    if !problems.is_empty() {
        return Err(ActualsErrors {
            problems,
            guess: Some(Box::new(g)),
        });
    }
    let applied = merge(scn, form, &entries);
    let errors: Vec<Problem> = validate(&applied.scenario)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            Problem::file(format!(
                "with these values the scenario would not be valid: {f}"
            ))
        })
        .collect();
    if !errors.is_empty() {
        return Err(ActualsErrors {
            problems: errors,
            guess: None,
        });
    }
    Ok(Applied {
        ignored_columns: fields
            .iter()
            .zip(&names)
            .filter(|(f, _)| **f == Field::Ignored)
            .map(|(_, n)| n.name.to_string())
            .collect(),
        header_row,
        guess: g,
        skipped_rows,
        dated: entries.iter().filter(|(e, _)| e.dated).count(),
        ..applied
    })
}

/// Checks a value whose slot is unknown (its metric, period or CSM is wrong), as far as
/// what is known allows: in the metric's unit, as SPIF events, or as a number.
fn check_value(
    plan: &Plan,
    row: u64,
    col: Col,
    raw: &str,
    what: Option<What>,
    reading: Option<PctReading>,
    problems: &mut Vec<Problem>,
) {
    if raw.trim().is_empty() {
        return;
    }
    match what {
        Some(What::Metric(m)) => {
            let unit = plan.components[m].unit;
            number_cell(
                row,
                col,
                raw,
                unit,
                plan.currency(),
                reading.unwrap_or(PctReading::Fraction),
                problems,
            );
        }
        Some(What::Spif(_)) => {
            spif_cell(row, col, raw, problems);
        }
        None => {
            if let Err(e) = crate::num::parse_decimal(raw.trim()) {
                problems.push(Problem::at(row, col, raw, e.0));
            }
        }
    }
}

/// The columns a layout cannot do without, named with the closest columns when missing.
fn header_requirements(
    fields: &[Field],
    g: &Guess,
    form: Form,
    row: u64,
    problems: &mut Vec<Problem>,
) {
    let has = |f: Field| fields.contains(&f);
    let closest = |f: MapField| {
        g.missing
            .iter()
            .find(|m| m.field == f)
            .map(|m| g.closest_text(m))
            .filter(|t| !t.is_empty())
            .map(|t| {
                format!(
                    "; the closest: {t} (if one of them holds it, map it to `{}`)",
                    f.name()
                )
            })
            .unwrap_or_default()
    };
    if !has(Field::Csm) {
        problems.push(Problem::header(
            row,
            None,
            format!(
                "the header has no `csm_id` column, which is required{}",
                closest(MapField::CsmId)
            ),
        ));
    }
    match form {
        Form::Long => {
            if !has(Field::Value) {
                problems.push(Problem::header(
                    row,
                    None,
                    format!(
                        "the header has a `metric` column but no `value` column (the long form is csm_id, metric, period, value){}",
                        closest(MapField::Value)
                    ),
                ));
            }
        }
        Form::Wide => {
            if !fields.iter().any(|f| matches!(f, Field::Column(..)))
                && !problems.iter().any(|p| p.column.is_some())
            {
                problems.push(Problem::header(
                    row,
                    None,
                    "the header has neither a `metric` column (long form: csm_id, metric, period, value) nor columns of the plan's metrics (wide form: csm_id, then `actual:activities:Q1`, `spif:c-level:Q3`, or a metric's id or name)",
                ));
            }
        }
    }
}

/// The values merged into a copy of the scenario, and the counts of the summary.
fn merge(scn: &Scenario, form: Form, entries: &[(Entry, usize)]) -> Applied {
    let plan = &scn.plan;
    let mut out = scn.clone();
    let mut changed = 0;
    let mut csms = BTreeSet::new();
    let mut periods = BTreeSet::new();
    let mut year = false;
    for (e, _) in entries {
        csms.insert(e.csm);
        let c = &mut out.team[e.csm];
        let old_new = match (e.slot, e.value) {
            (Slot::Year(m), Value::Number(v)) => {
                year = true;
                let old = c.actuals.insert(plan.components[m].id.clone(), v);
                old != Some(v)
            }
            (Slot::Period(m, k), Value::Number(v)) => {
                periods.insert(k);
                let pv = c.periods.entry(plan.periods[k].id.clone()).or_default();
                let old = pv.actuals.insert(plan.components[m].id.clone(), v);
                old != Some(v)
            }
            (Slot::Spif(s, None), Value::Events(n)) => {
                year = true;
                let old = c.spifs.insert(plan.spifs[s].id.clone(), n);
                old != Some(n)
            }
            (Slot::Spif(s, Some(k)), Value::Events(n)) => {
                periods.insert(k);
                let pv = c.periods.entry(plan.periods[k].id.clone()).or_default();
                let old = pv.spifs.insert(plan.spifs[s].id.clone(), n);
                old != Some(n)
            }
            _ => false,
        };
        if old_new {
            changed += 1;
        }
    }
    Applied {
        scenario: out,
        form,
        set: entries.len(),
        changed,
        csms: csms.len(),
        periods: periods
            .into_iter()
            .map(|k| plan.periods[k].id.clone())
            .collect(),
        year,
        ignored_columns: Vec::new(),
        header_row: 0,
        guess: Guess {
            layout: Layout::Actuals,
            columns: Vec::new(),
            missing: Vec::new(),
            unmatched: Vec::new(),
        },
        skipped_rows: Vec::new(),
        dated: 0,
    }
}

/// Sets the plan's as-of period (the last one with actual results) by id, matched as the
/// file's periods are; returns the previous one. Refused for a plan without periods.
pub fn set_as_of(scn: &mut Scenario, period: &str) -> Result<Option<String>, String> {
    let plan = &mut scn.plan;
    if !plan.has_periods() {
        return Err("--as-of: the scenario has no periods".into());
    }
    let t = period.trim();
    match find_id(plan.periods.iter().map(|p| p.id.as_str()), t) {
        IdMatch::One(k) => {
            let id = plan.periods[k].id.clone();
            Ok(plan.as_of.replace(id))
        }
        IdMatch::None => Err(format!(
            "--as-of {t}: the plan has no such period (it has: {})",
            id_list(plan.periods.iter().map(|p| p.id.as_str()))
        )),
        IdMatch::Ambiguous(a, b) => Err(format!(
            "--as-of {t}: could be period `{a}` or `{b}`; write the id exactly"
        )),
    }
}
