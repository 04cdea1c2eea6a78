//! Reading one cell: text, money in the plan's currency, metric values in their unit
//! (percentages by the column's rule), SPIF event counts.

use super::*;

/// Text for id, name and level: surrounding blanks dropped, formula guard undone.
pub(super) fn text_cell(
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
pub(super) fn decimal(t: &str) -> Result<Number, crate::num::NumError> {
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
pub(super) fn money_word(currency: Currency) -> String {
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
    pub(super) points: usize,
    /// Not 0 and at most 1: fractions most likely.
    pub(super) fractions: usize,
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
pub(super) fn from_points(v: Decimal) -> Decimal {
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
pub(super) fn money_cell(
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

/// A start or end column: a day in any form [`crate::input::dates::parse_date`] reads
/// (hire and termination dates as HR exports write them) or a plan period by id or name.
/// A day before the plan year (a hire years ago) or after it (no end in sight) is the
/// whole year: `Some(None)`. `None` when the cell is refused (a problem is recorded).
pub(super) fn employment_cell(
    plan: &Plan,
    row: u64,
    column: Col,
    raw: &str,
    start: bool,
    problems: &mut Vec<Problem>,
) -> Option<Option<String>> {
    use crate::input::dates::PeriodOrDay;
    let t = unescape_text(raw.trim());
    let day = match PeriodOrDay::read(plan, t) {
        Ok(PeriodOrDay::Period(id)) => return Some(Some(id)),
        Ok(PeriodOrDay::Day(d)) => d,
        Err(why) => {
            problems.push(Problem::at(
                row,
                column,
                raw,
                format!("is neither a day nor a plan period: {why}"),
            ));
            return None;
        }
    };
    let Some(bounds) = plan.period_starts() else {
        problems.push(Problem::at(
            row,
            column,
            raw,
            "a day needs the plan's fiscal year to place it (plan.fiscal_year, e.g. FY27 from 2026-02-01); set it, or leave this column out",
        ));
        return None;
    };
    let (first, after) = (bounds[0], bounds[bounds.len() - 1]);
    let last = after.pred_opt().unwrap_or(after);
    let iso = |d: chrono::NaiveDate| PeriodOrDay::Day(d).file_text();
    match start {
        true if day <= first => Some(None),
        true if day > last => {
            problems.push(Problem::at(
                row,
                column,
                raw,
                format!(
                    "starts after the plan year ends ({}); leave them out of this year's roster",
                    iso(last)
                ),
            ));
            None
        }
        false if day >= last => Some(None),
        false if day < first => {
            problems.push(Problem::at(
                row,
                column,
                raw,
                format!(
                    "left before the plan year starts ({}); leave them out of this year's roster",
                    iso(first)
                ),
            ));
            None
        }
        _ => Some(Some(iso(day))),
    }
}
