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
    Col, IdMatch, PctReading, PctTally, Problem, find_header, find_id, first_values, id_list,
    number_cell, spif_cell, unescape_text,
};
use crate::input::roster_sheet::Grid;
use crate::input::table::{SkippedRow, Table};
use crate::input::words::fold;
use crate::num::plain;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};

/// A hash map with a fast hasher (the keys are the file's own text, not an attacker's
/// choice of collisions worth defending against at the cost of a slower import).
type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
use std::fmt;

mod header;
mod merge;
mod names;
use header::*;
use merge::*;
use names::*;

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
    /// The last period with actual results to set with the values (`--as-of`): the merged
    /// scenario is checked with it, so payouts recorded for the periods it closes are taken.
    pub as_of: Option<String>,
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
    /// What payroll paid the CSM for a closed period (`csm.periods[p].paid`).
    Paid(usize),
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
    /// A recorded payout: what payroll paid for a period.
    Paid,
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
                                    What::Spif(_) | What::Paid => None,
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
            if let (Some(c), Slot::Period(_, k) | Slot::Spif(_, Some(k)) | Slot::Paid(k)) =
                (c, slot)
            {
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
                Slot::Paid(_) => match paid_cell(plan, row, col, raw, p) {
                    Some(v) => Value::Number(v),
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
    let mut applied = merge(scn, form, &entries);
    if let Some(p) = &opts.as_of
        && let Err(e) = set_as_of(&mut applied.scenario, p)
    {
        return Err(ActualsErrors {
            problems: vec![Problem::file(e)],
            guess: Some(Box::new(g)),
        });
    }
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
