//! Checking what a row could not place, what the header must hold, and merging the rows
//! read into a copy of the scenario.

use super::*;

/// Checks a value whose slot is unknown (its metric, period or CSM is wrong), as far as
/// what is known allows: in the metric's unit, as SPIF events, or as a number.
pub(super) fn check_value(
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
        Some(What::Paid) => {
            paid_cell(plan, row, col, raw, problems);
        }
        None => {
            if let Err(e) = crate::num::parse_decimal(raw.trim()) {
                problems.push(Problem::at(row, col, raw, e.0));
            }
        }
    }
}

/// A recorded payout's cell: money in the plan's currency, $0 or more.
pub(super) fn paid_cell(
    plan: &Plan,
    row: u64,
    col: Col,
    raw: &str,
    problems: &mut Vec<Problem>,
) -> Option<Decimal> {
    let v = number_cell(
        row,
        col,
        raw,
        crate::engine::Unit::Money,
        plan.currency(),
        PctReading::Fraction,
        problems,
    )?;
    if v < Decimal::ZERO {
        problems.push(Problem::at(
            row,
            col,
            raw,
            "a recorded payout is what was paid, $0 or more",
        ));
        return None;
    }
    Some(v)
}

/// The columns a layout cannot do without, named with the closest columns when missing.
pub(super) fn header_requirements(
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
pub(super) fn merge(scn: &Scenario, form: Form, entries: &[(Entry, usize)]) -> Applied {
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
            (Slot::Paid(k), Value::Number(v)) => {
                periods.insert(k);
                let pv = c.periods.entry(plan.periods[k].id.clone()).or_default();
                pv.paid.replace(v) != Some(v)
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
