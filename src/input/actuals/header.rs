//! Reading an actuals file's header: the long form (`csm_id,metric,period,value`) or the
//! wide form (`actual:activities:Q1`), with other systems' headers and the user's mapping.

use super::*;

/// Reads the header into fields; problems go to `problems`.
#[allow(clippy::too_many_arguments)]
pub(super) fn read_header(
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
pub(super) fn with_period_hint(reason: String, header: &str) -> String {
    format!("{reason}; the column {header:?} may hold the periods (or dates): map it to `period`")
}

/// A wide form's value column, from its header as the mapping reads it (`actual:grr`,
/// `actual:activities:Q1`, `spif:c-level:Q3`); a problem with it is pushed and the column
/// ignored.
pub(super) fn wide_column(
    plan: &Plan,
    text: &str,
    row: u64,
    col: Col,
    has_period: bool,
    period_hint: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Field {
    // `paid` (the row's period) or `paid:Q1`: what payroll paid.
    let (prefix, rest) = match text.split_once(':') {
        Some((p, r)) => (p, r),
        None if is_paid(text) => ("paid", ""),
        None => return Field::Ignored,
    };
    let prefix = if is_paid(prefix) {
        "paid".to_string()
    } else {
        fold(prefix)
    };
    let kind = match prefix.as_str() {
        "actual" | "spif" | "paid" => prefix.as_str(),
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
    // `paid:Q1`: the part after the colon is the period.
    let (metric, period) = if kind == "paid" {
        ("paid", if period.is_empty() { metric } else { period })
    } else {
        (metric, period)
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
