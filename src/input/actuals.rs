//! Actual results from a CRM or CS-platform export: per-period actuals, annual
//! actuals and SPIF events merged into a scenario, all or nothing, every problem listed by
//! row and column (docs/periods.md, "Importing actuals").
//!
//! Owns: reading the two layouts (long: `csm_id, metric, period, value`, one value a row;
//! wide: `csm_id` and `actual:<metric>[:<period>]` / `spif:<id>:<period>` columns) into
//! values, and merging them into a copy of the scenario. Must not: touch the file system or
//! the terminal (the CLI does that), or compute pay.
//!
//! Cells are read with the roster's rules (`crate::input::roster`): the same header folding, the
//! same strict numbers (`84%` or `0.84` for a percentage, a bare `84` refused with "did you
//! mean 84%?", `$130,000` for money, whole numbers for SPIF events) and the same limits.

use crate::engine::validate::{MAX_ATTAINMENT, Severity, implausible, validate};
use crate::engine::{Measure, Plan, Scenario};
use crate::input::roster::{
    Col, IdMatch, Problem, csv_rows, find_id, fold, id_list, number_cell, spif_cell, unescape_text,
};
use crate::input::roster_sheet::Grid;
use crate::num::plain;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// The layout of an actuals file, told by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `csm_id, metric, period, value`: one value a row.
    Long,
    /// `csm_id` and one column per metric and period (`actual:activities:Q1`).
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
}

/// Which of the two named parts of a slot a problem is about (in the long form they are
/// separate columns).
enum Part {
    Metric,
    Period,
}

/// Reads a CSV export and merges it into a copy of `scn`. Either every row is right and the
/// merged scenario comes back, or nothing does and every problem is listed.
pub fn import_csv(scn: &Scenario, text: &str) -> Result<Applied, ActualsErrors> {
    let (header, header_row, rows) =
        csv_rows(text).map_err(|p| ActualsErrors { problems: vec![p] })?;
    import_records(scn, &header, header_row, rows)
}

/// Reads a sheet of a workbook (see `roster_sheet::read_grid`) as [`import_csv`] reads a CSV:
/// the first row that is not blank is the header.
pub fn import_grid(scn: &Scenario, grid: &Grid) -> Result<Applied, ActualsErrors> {
    let blank = |cells: &[String]| cells.iter().all(|c| c.trim().is_empty());
    let Some(h) = grid.rows.iter().position(|(_, cells)| !blank(cells)) else {
        return Err(ActualsErrors {
            problems: vec![Problem::file(format!(
                "sheet `{}` is empty: it has no header row",
                grid.sheet
            ))],
        });
    };
    let (header_row, cells) = &grid.rows[h];
    let header = csv::StringRecord::from(cells.clone());
    let rows = grid.rows[h + 1..]
        .iter()
        .map(|(row, cells)| Ok((*row, csv::StringRecord::from(cells.clone()))))
        .collect();
    // Columns are named by their letters in both formats; a sheet may start further right.
    let offset = grid.first_col;
    import_with_offset(scn, &header, *header_row, rows, offset)
}

fn import_records(
    scn: &Scenario,
    header: &csv::StringRecord,
    header_row: u64,
    rows: Vec<Result<(u64, csv::StringRecord), Problem>>,
) -> Result<Applied, ActualsErrors> {
    import_with_offset(scn, header, header_row, rows, 0)
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
    Slot(Slot),
    /// Not ours (reported, then left alone).
    Ignored,
    /// No header; its cells must be blank.
    Blank,
}

/// Headers naming the CSM id column (folded).
const CSM_HEADERS: [&str; 3] = ["csm_id", "id", "csm"];

fn import_with_offset(
    scn: &Scenario,
    header: &csv::StringRecord,
    header_row: u64,
    rows: Vec<Result<(u64, csv::StringRecord), Problem>>,
    first_col: u16,
) -> Result<Applied, ActualsErrors> {
    let plan = &scn.plan;
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
    let form = if header.iter().any(|h| fold(h) == "metric") {
        Form::Long
    } else {
        Form::Wide
    };
    let mut problems = Vec::new();
    let fields = read_header(plan, header, header_row, &names, form, &mut problems);
    if !problems.is_empty() {
        return Err(ActualsErrors { problems });
    }
    let csm_index: HashMap<&str, usize> = scn
        .team
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let col_of = |f: Field| fields.iter().position(|x| *x == f);
    let mut entries: Vec<(Entry, usize)> = Vec::new();
    let mut blank_with_data: Vec<usize> = Vec::new();
    for item in rows {
        let (row, record) = match item {
            Ok(r) => r,
            Err(p) => {
                problems.push(p);
                break;
            }
        };
        match crate::input::roster::row_shape(
            row,
            &record,
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
        let id_col = col_of(Field::Csm).unwrap_or(0);
        let raw_id = cell(id_col);
        let id = unescape_text(raw_id.trim());
        let csm = if id.is_empty() {
            problems.push(Problem::at(
                row,
                names[id_col],
                raw_id,
                "the CSM id is missing",
            ));
            None
        } else if let Some(i) = csm_index.get(id) {
            Some(*i)
        } else {
            problems.push(Problem::at(
                row,
                names[id_col],
                raw_id,
                "the scenario has no CSM with this id",
            ));
            None
        };
        // The values of the row: (column of the value, slot).
        let mut given: Vec<(usize, Slot)> = Vec::new();
        match form {
            Form::Long => {
                let (mc, vc) = (
                    col_of(Field::Metric).unwrap_or(0),
                    col_of(Field::Value).unwrap_or(0),
                );
                let pc = col_of(Field::Period);
                let period = pc.map_or("", cell);
                match resolve(plan, cell(mc), period) {
                    Ok(slot) => {
                        if !cell(vc).trim().is_empty() {
                            given.push((vc, slot));
                        }
                    }
                    Err((part, reason)) => {
                        let j = match (part, pc) {
                            (Part::Period, Some(pc)) => pc,
                            _ => mc,
                        };
                        problems.push(Problem::at(row, names[j], cell(j), reason));
                    }
                }
            }
            Form::Wide => {
                for (j, f) in fields.iter().enumerate() {
                    if let Field::Slot(slot) = f
                        && !cell(j).trim().is_empty()
                    {
                        given.push((j, *slot));
                    }
                }
            }
        }
        let Some(i) = csm else { continue };
        let c = &scn.team[i];
        for (j, slot) in given {
            let raw = cell(j);
            let col = names[j];
            let p = &mut problems;
            // Employed in that period?
            if let Slot::Period(_, k) | Slot::Spif(_, Some(k)) = slot {
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
                    let Some(v) = number_cell(row, col, raw, comp.unit, plan.currency(), p) else {
                        continue;
                    };
                    let target = match slot {
                        Slot::Period(_, k) => {
                            let pid = &plan.periods[k].id;
                            c.periods
                                .get(pid)
                                .and_then(|pv| pv.targets.get(&comp.id))
                                .copied()
                                .unwrap_or_else(|| comp.target_in(pid))
                        }
                        _ => c.targets.get(&comp.id).copied().unwrap_or(comp.target),
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
            entries.push((
                Entry {
                    row,
                    csm: i,
                    slot,
                    value,
                },
                j,
            ));
        }
    }
    // The same value twice.
    let mut first_row: HashMap<(usize, Slot), u64> = HashMap::new();
    for (e, j) in &entries {
        if let Some(first) = first_row.get(&(e.csm, e.slot)) {
            problems.push(Problem::at(
                e.row,
                names[*j],
                "",
                format!(
                    "{} {} is already given on row {first}; give each value once",
                    scn.team[e.csm].id,
                    slot_text(plan, e.slot)
                ),
            ));
            // The value of a duplicate is not the point; drop it from the message.
            if let Some(last) = problems.last_mut() {
                last.value = None;
            }
        } else {
            first_row.insert((e.csm, e.slot), e.row);
        }
    }
    problems.sort_by_key(|p| p.row);
    if entries.is_empty() && problems.is_empty() {
        problems.push(Problem::file(
            "the file gives no values (every value cell is blank); nothing to import",
        ));
    }
    if !problems.is_empty() {
        return Err(ActualsErrors { problems });
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
        return Err(ActualsErrors { problems: errors });
    }
    Ok(Applied {
        ignored_columns: fields
            .iter()
            .zip(&names)
            .filter(|(f, _)| **f == Field::Ignored)
            .map(|(_, n)| n.name.to_string())
            .collect(),
        ..applied
    })
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
    }
}

/// Reads the header into fields; problems go to `problems`.
fn read_header(
    plan: &Plan,
    header: &csv::StringRecord,
    row: u64,
    names: &[Col],
    form: Form,
    problems: &mut Vec<Problem>,
) -> Vec<Field> {
    let mut fields = Vec::with_capacity(header.len());
    let mut seen: Vec<(Field, usize)> = Vec::new();
    for (j, raw) in header.iter().enumerate() {
        let h = raw.trim();
        let folded = fold(h);
        let field = if h.is_empty() {
            Field::Blank
        } else if CSM_HEADERS.contains(&folded.as_str()) {
            Field::Csm
        } else if form == Form::Long {
            match folded.as_str() {
                "metric" => Field::Metric,
                "period" => Field::Period,
                "value" => Field::Value,
                _ => Field::Ignored,
            }
        } else if let Some((prefix, rest)) = h.split_once(':') {
            let (metric, period) = match rest.split_once(':') {
                Some((m, p)) => (m, p),
                None => (rest, ""),
            };
            let prefix = fold(prefix);
            let named = match prefix.as_str() {
                "actual" => Some(metric.to_string()),
                "spif" => Some(format!("spif:{metric}")),
                _ => None,
            };
            match named {
                None => {
                    let why = if prefix == "target" {
                        "this import reads actual results: `actual:<metric>[:<period>]` and `spif:<id>:<period>` columns (own targets come in with import-roster)"
                    } else {
                        "unknown column: a column with a `:` must be `actual:<metric>[:<period>]` or `spif:<id>:<period>`"
                    };
                    problems.push(Problem::header(row, Some(names[j]), why));
                    Field::Ignored
                }
                Some(m) => match resolve(plan, &m, period) {
                    Ok(slot) => Field::Slot(slot),
                    Err((_, reason)) => {
                        problems.push(Problem::header(row, Some(names[j]), reason));
                        Field::Ignored
                    }
                },
            }
        } else {
            Field::Ignored
        };
        if !matches!(field, Field::Ignored | Field::Blank) {
            if let Some((_, first)) = seen.iter().find(|(f, _)| *f == field) {
                let what = match field {
                    Field::Slot(slot) => slot_text(plan, slot),
                    Field::Csm => "the CSM id".into(),
                    _ => format!("`{}`", fold(h)),
                };
                problems.push(Problem::header(
                    row,
                    Some(names[j]),
                    format!(
                        "columns {} ({}) and {} ({h}) both give {what}; keep one",
                        names[*first].letter.unwrap_or(""),
                        names[*first].name,
                        names[j].letter.unwrap_or(""),
                    ),
                ));
            } else {
                seen.push((field, j));
            }
        }
        fields.push(field);
    }
    let has = |f: Field| fields.contains(&f);
    if !has(Field::Csm) {
        problems.push(Problem::header(
            row,
            None,
            "the header has no `csm_id` column, which is required",
        ));
    }
    match form {
        Form::Long => {
            if !has(Field::Value) {
                problems.push(Problem::header(
                    row,
                    None,
                    "the header has a `metric` column but no `value` column (the long form is csm_id, metric, period, value)",
                ));
            }
        }
        Form::Wide => {
            if !fields.iter().any(|f| matches!(f, Field::Slot(_)))
                && !problems.iter().any(|p| p.column.is_some())
            {
                problems.push(Problem::header(
                    row,
                    None,
                    "the header has neither a `metric` column (long form: csm_id, metric, period, value) nor `actual:` or `spif:` columns (wide form: csm_id, actual:activities:Q1, ...)",
                ));
            }
        }
    }
    fields
}

/// The slot a metric and a period name: `activities` + `Q1`, `grr` + `` (or `year`),
/// `spif:c-level` + `Q3`. Ids match exactly, else folded when that names exactly one.
fn resolve(plan: &Plan, metric: &str, period: &str) -> Result<Slot, (Part, String)> {
    let metric = unescape_text(metric.trim());
    let period = unescape_text(period.trim());
    let periods = || id_list(plan.periods.iter().map(|p| p.id.as_str()));
    if metric.is_empty() {
        return Err((Part::Metric, "the metric is missing".into()));
    }
    // The period: none for the year.
    let k = if period.is_empty() || matches!(fold(period).as_str(), "year" | "fy") {
        None
    } else if !plan.has_periods() {
        return Err((
            Part::Period,
            "the scenario has no periods, so only annual values can be imported into it: leave the period blank".into(),
        ));
    } else {
        match find_id(plan.periods.iter().map(|p| p.id.as_str()), period) {
            IdMatch::One(k) => Some(k),
            IdMatch::None => {
                return Err((
                    Part::Period,
                    format!(
                        "the plan has no such period (it has: {}; blank or `year` for the year)",
                        periods()
                    ),
                ));
            }
            IdMatch::Ambiguous(a, b) => {
                return Err((
                    Part::Period,
                    format!("could be period `{a}` or `{b}`; write the id exactly"),
                ));
            }
        }
    };
    let (prefix, id) = match metric.split_once(':') {
        Some((p, id)) => (fold(p), id.trim()),
        None => (String::new(), metric),
    };
    match prefix.as_str() {
        "spif" => {
            let s = match find_id(plan.spifs.iter().map(|s| s.id.as_str()), id) {
                IdMatch::One(s) => s,
                IdMatch::None => {
                    return Err((
                        Part::Metric,
                        format!(
                            "the plan has no such SPIF (it has: {})",
                            id_list(plan.spifs.iter().map(|s| s.id.as_str()))
                        ),
                    ));
                }
                IdMatch::Ambiguous(a, b) => {
                    return Err((
                        Part::Metric,
                        format!("could be SPIF `{a}` or `{b}`; write the id exactly"),
                    ));
                }
            };
            if k.is_none() && plan.has_periods() {
                return Err((
                    Part::Period,
                    format!(
                        "SPIF events are counted per period; give the period ({})",
                        periods()
                    ),
                ));
            }
            Ok(Slot::Spif(s, k))
        }
        "" | "actual" => {
            let m = match find_id(plan.components.iter().map(|c| c.id.as_str()), id) {
                IdMatch::One(m) => m,
                IdMatch::None => {
                    return Err((
                        Part::Metric,
                        format!(
                            "the plan has no such metric (it has: {}; SPIF events are written spif:<id>)",
                            id_list(plan.components.iter().map(|c| c.id.as_str()))
                        ),
                    ));
                }
                IdMatch::Ambiguous(a, b) => {
                    return Err((
                        Part::Metric,
                        format!("could be metric `{a}` or `{b}`; write the id exactly"),
                    ));
                }
            };
            let comp = &plan.components[m];
            match (comp.measured, k) {
                (Measure::Year, None) => Ok(Slot::Year(m)),
                (Measure::Year, Some(_)) => Err((
                    Part::Period,
                    format!(
                        "`{}` is measured for the year; leave the period blank (or write `year`)",
                        comp.id
                    ),
                )),
                (Measure::Period, None) => Err((
                    Part::Period,
                    format!(
                        "`{}` is measured per period; give the period ({})",
                        comp.id,
                        periods()
                    ),
                )),
                (Measure::Period, Some(k)) => {
                    let pid = &plan.periods[k].id;
                    if comp.weight_in(pid).is_zero() {
                        Err((
                            Part::Period,
                            format!(
                                "`{}` does not count in {pid} (its weight there is 0%)",
                                comp.id
                            ),
                        ))
                    } else {
                        Ok(Slot::Period(m, k))
                    }
                }
            }
        }
        _ => Err((
            Part::Metric,
            "a metric is a component id (`grr`) or `spif:<id>` for SPIF events".into(),
        )),
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
