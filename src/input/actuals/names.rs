//! Finding what a row names: a CSM by id or full name, a metric or SPIF by id or name, a
//! period by id, name or date, and the slot they make.

use super::*;

/// The CSMs of the team by id and by full name.
pub(super) struct Csms<'a> {
    pub(super) by_id: Map<&'a str, usize>,
    pub(super) by_folded_id: Map<String, Vec<usize>>,
    pub(super) by_name: Map<String, Vec<usize>>,
    pub(super) team: &'a [crate::engine::Csm],
}

/// A name as compared: letter case and runs of blanks ignored.
pub(super) fn name_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl<'a> Csms<'a> {
    pub(super) fn new(team: &'a [crate::engine::Csm]) -> Csms<'a> {
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
    pub(super) fn find(&self, text: &str) -> Result<usize, String> {
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
pub(super) fn find_what(plan: &Plan, kind: &str, text: &str) -> Result<What, String> {
    // What payroll paid for a period (unless the plan has a metric or SPIF by that name).
    let named = |x: &str| {
        plan.components
            .iter()
            .any(|c| fold(&c.id) == fold(x) || name_key(&c.name) == name_key(x))
            || plan
                .spifs
                .iter()
                .any(|s| fold(&s.id) == fold(x) || name_key(&s.name) == name_key(x))
    };
    if matches!(kind, "" | "paid") && is_paid(text) && !named(text) {
        return Ok(What::Paid);
    }
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
                    What::Paid => "the recorded payout".to_string(),
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

/// True for the words payroll exports use for what was paid: `paid`, `Gross pay`, `Total
/// paid`, `Amount paid`, `Total pay`, `Gross earnings`.
pub(super) fn is_paid(text: &str) -> bool {
    matches!(
        header_key(text).as_str(),
        "paid"
            | "gross pay"
            | "total paid"
            | "amount paid"
            | "total pay"
            | "gross earnings"
            | "recorded payout"
            | "payout recorded"
            | "gross"
    )
}

/// A metric cell of the long form: `grr`, `Gross revenue retention`, `spif:c-level`,
/// `actual:grr`, a SPIF's name.
pub(super) fn resolve_what(plan: &Plan, raw: &str) -> Result<What, String> {
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
pub(super) fn resolve_period(
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
pub(super) fn slot_for(plan: &Plan, what: What, k: Option<usize>) -> Result<Slot, String> {
    let periods = || id_list(plan.periods.iter().map(|p| p.id.as_str()));
    match what {
        What::Paid => match k {
            Some(k) => Ok(Slot::Paid(k)),
            None => Err(format!(
                "a payout is recorded for a period; give the period ({})",
                periods()
            )),
        },
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
pub(super) fn slot_text(plan: &Plan, slot: Slot) -> String {
    match slot {
        Slot::Year(m) => format!("`{}` for the year", plan.components[m].id),
        Slot::Period(m, k) => format!("`{}` in {}", plan.components[m].id, plan.periods[k].id),
        Slot::Spif(s, None) => format!("SPIF `{}` for the year", plan.spifs[s].id),
        Slot::Spif(s, Some(k)) => format!("SPIF `{}` in {}", plan.spifs[s].id, plan.periods[k].id),
        Slot::Paid(k) => format!("the payout recorded for {}", plan.periods[k].id),
    }
}

pub(super) fn what_text(plan: &Plan, what: What) -> String {
    match what {
        What::Metric(m) => format!("`{}`", plan.components[m].id),
        What::Spif(s) => format!("SPIF `{}`", plan.spifs[s].id),
        What::Paid => "the recorded payout".to_string(),
    }
}
