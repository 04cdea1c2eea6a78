//! The checks of plan periods and of each CSM's periods: ids, lengths and shares, as-of,
//! per-period targets and weights, employment spans, results by period.

use super::*;
use crate::engine::shape::employment;

/// The most periods a plan year may have (months).
pub const MAX_PERIODS: usize = 12;

/// The periods, the as-of period, and every component's per-period values.
pub(super) fn check_periods(c: &mut Check, plan: &Plan) {
    let zero = Decimal::ZERO;
    let one = Decimal::ONE;
    let names = || list_ids(plan.periods.iter().map(|p| p.id.as_str()));
    if !plan.has_periods() {
        if let Some(a) = &plan.as_of {
            c.error(
                "unknown-period",
                "plan.as_of",
                format!("names period `{a}`, but the plan has no periods"),
            );
        }
        for (i, comp) in plan.components.iter().enumerate() {
            let loc = format!("plan.components[{i}] ({})", escape_invisible(&comp.id));
            if comp.measured == Measure::Period
                || !comp.period_targets.is_empty()
                || !comp.period_weights.is_empty()
            {
                c.error(
                    "no-periods",
                    &loc,
                    "is measured per period (or has period targets or weights), but the plan has no periods; add `periods` to the plan".into(),
                );
            }
        }
        return;
    }
    if plan.periods.len() > MAX_PERIODS {
        c.error(
            "out-of-range",
            "plan.periods",
            format!(
                "the plan has {} periods; at most {MAX_PERIODS} (months) are allowed",
                plan.periods.len()
            ),
        );
    }
    let mut ids = BTreeSet::new();
    for (i, p) in plan.periods.iter().enumerate() {
        let loc = format!("plan.periods[{i}] ({})", escape_invisible(&p.id));
        if p.id.trim().is_empty() {
            c.error("empty-id", &loc, "the period has no id".into());
        }
        c.id(&|| loc.clone(), &p.id);
        c.text(&|| loc.clone(), "the name", &p.name);
        if !ids.insert(p.id.as_str()) {
            c.error(
                "duplicate-id",
                &loc,
                format!("the id `{}` is used by two periods", p.id),
            );
        }
        if p.length <= zero || p.length > one {
            c.error(
                "out-of-range",
                &loc,
                format!(
                    "length is {}, but it must be above 0% and at most 100%",
                    show_pct(p.length)
                ),
            );
        }
        if let Some(sh) = p.target_share {
            c.range(&loc, "target_share", sh, zero, one, show_pct);
        }
    }
    let lengths: Decimal = plan.periods.iter().map(|p| p.length).sum();
    if lengths != one {
        c.error(
            "period-shares",
            "plan.periods",
            format!(
                "the period lengths add up to {}, not 100%; the periods must cover the year",
                pct_exact(lengths)
            ),
        );
    }
    let shares: Decimal = plan.periods.iter().map(|p| p.share()).sum();
    if shares != one {
        c.error(
            "period-shares",
            "plan.periods",
            format!(
                "the periods' target shares add up to {}, not 100%; all of the target variable must be assigned to periods",
                pct_exact(shares)
            ),
        );
    }
    if let Some(a) = &plan.as_of
        && plan.period_index(a).is_none()
    {
        c.error(
            "unknown-period",
            "plan.as_of",
            format!(
                "names period `{a}`, but the plan's periods are: {}",
                names()
            ),
        );
    }
    for (i, comp) in plan.components.iter().enumerate() {
        let loc = format!("plan.components[{i}] ({})", escape_invisible(&comp.id));
        if comp.measured == Measure::Year
            && (!comp.period_targets.is_empty() || !comp.period_weights.is_empty())
        {
            c.error(
                "not-per-period",
                &loc,
                "has period targets or weights, but is measured for the year; write `measured: Period` or remove them".into(),
            );
        }
        for (pid, v) in &comp.period_targets {
            if plan.period_index(pid).is_none() {
                c.error(
                    "unknown-period",
                    &loc,
                    format!(
                        "period_targets names period `{pid}`, but the plan's periods are: {}",
                        names()
                    ),
                );
            }
            if *v <= zero {
                c.error(
                    "zero-target",
                    &loc,
                    format!(
                        "the target in {pid} is {}; a target must be above zero",
                        show_plain(*v)
                    ),
                );
            } else {
                c.range(
                    &loc,
                    &format!("the target in {pid}"),
                    *v,
                    zero,
                    MAX_METRIC,
                    show_plain,
                );
            }
        }
        for (pid, v) in &comp.period_weights {
            if plan.period_index(pid).is_none() {
                c.error(
                    "unknown-period",
                    &loc,
                    format!(
                        "period_weights names period `{pid}`, but the plan's periods are: {}",
                        names()
                    ),
                );
            }
            c.range(
                &loc,
                &format!("the weight in {pid}"),
                *v,
                zero,
                one,
                show_pct,
            );
        }
    }
    // With changes during the year, the plan as written is in force until the first one
    // (the versions are checked in `changes.rs`).
    let until = match plan.changes.is_empty() {
        true => plan.periods.len(),
        false => crate::engine::versions::Versions::of(plan)
            .ok()
            .and_then(|v| v.starts.get(1).copied())
            .unwrap_or(plan.periods.len()),
    };
    for (k, p) in plan.periods.iter().enumerate().take(until) {
        let sum: Decimal = plan.components.iter().map(|c| c.weight_in(&p.id)).sum();
        if !plan.components.is_empty() && sum != one {
            c.error(
                "weights-sum",
                format!("plan.periods[{k}] ({})", escape_invisible(&p.id)),
                format!(
                    "in {} the weights of the components that count add up to {}, not 100%; every dollar of the period's target variable must be assigned",
                    p.id,
                    pct_exact(sum)
                ),
            );
        }
    }
}

/// A CSM's per-period fields: their periods, results and SPIF events.
/// `in_force(p)`: the plan version in force in period `p` (the plan itself when it does not
/// change during the year).
pub(super) fn check_csm_periods<'p>(
    c: &mut Check,
    i: usize,
    csm: &Csm,
    plan: &'p Plan,
    in_force: &dyn Fn(usize) -> Option<&'p Plan>,
) {
    let loc = || format!("team[{i}] ({})", escape_invisible(&csm.id));
    // Start and end: dates (placed by the fiscal year) or periods by id or name.
    let employed = match employment(plan, csm) {
        Ok(e) => e,
        Err(why) => {
            let what = match (&csm.start, &csm.end) {
                (Some(s), Some(e)) => format!("start `{s}`, end `{e}`"),
                (Some(s), None) => format!("start `{s}`"),
                (None, Some(e)) => format!("end `{e}`"),
                (None, None) => String::new(),
            };
            let code = if why.contains("plan period") {
                "unknown-period"
            } else {
                "out-of-range"
            };
            let names = if why.contains("plan period") {
                format!(
                    "; the plan's periods are: {}",
                    list_ids(plan.periods.iter().map(|p| p.id.as_str()))
                )
            } else {
                String::new()
            };
            c.error(code, loc(), format!("{what}: {why}{names}"));
            None
        }
    };
    if !plan.has_periods() {
        if !csm.periods.is_empty() {
            c.error(
                "no-periods",
                loc(),
                "has results by period, but the plan has no periods".into(),
            );
        }
        return;
    }
    let names = || list_ids(plan.periods.iter().map(|p| p.id.as_str()));
    // "Q1 to Q2", with the days when the start or end is one ("Q1 to Q2 (to 2026-06-19)").
    let span = employed.map_or((String::new(), String::new()), |e| {
        let day = |t: &Option<String>, word: &str| {
            t.as_deref()
                .map(str::trim)
                .filter(|t| crate::engine::file_day(t).is_some())
                .map_or(String::new(), |t| format!(" ({word} {t})"))
        };
        (
            format!("{}{}", plan.periods[e.first].id, day(&csm.start, "from")),
            format!("{}{}", plan.periods[e.last].id, day(&csm.end, "to")),
        )
    });
    for metric in csm.actuals.keys().chain(csm.targets.keys()) {
        if plan
            .component(metric)
            .is_some_and(|comp| comp.measured == Measure::Period)
        {
            c.error(
                "per-period-metric",
                loc(),
                format!(
                    "has a yearly value for `{metric}`, which is measured per period; put it under `periods`, e.g. periods: {{\"{}\": (actuals: {{\"{metric}\": ...}})}}",
                    plan.periods[0].id
                ),
            );
        }
    }
    if !csm.spifs.is_empty() {
        c.error(
            "per-period-spif",
            loc(),
            format!(
                "has SPIF events for the year, but the plan has periods; put them under `periods`, e.g. periods: {{\"{}\": (spifs: {{...}})}}",
                plan.periods[0].id
            ),
        );
    }
    for (pid, pv) in &csm.periods {
        let Some(p) = plan.period_index(pid) else {
            c.error(
                "unknown-period",
                loc(),
                format!(
                    "has results for period `{pid}`, but the plan's periods are: {}",
                    names()
                ),
            );
            continue;
        };
        let works = crate::engine::shape::works(employed, p);
        if let Some(paid) = pv.paid {
            // What payroll paid is recorded once the period is closed.
            if plan.as_of_index().is_none_or(|a| p > a) {
                c.error(
                    "open-period-paid",
                    loc(),
                    format!(
                        "has a recorded payout for {pid}, which does not hold actual results yet; a payout is recorded once its period is closed (set `as_of` to {pid} or later)"
                    ),
                );
            }
            if !works {
                c.error(
                    "not-employed",
                    loc(),
                    format!(
                        "has a recorded payout for {pid}, but is employed only from {} to {}",
                        span.0, span.1
                    ),
                );
            }
            c.cents(&loc, &format!("the payout recorded for {pid}"), paid);
            c.range(
                &loc(),
                &format!("the payout recorded for {pid}"),
                paid,
                Decimal::ZERO,
                super::MAX_PAY,
                show_money,
            );
        }
        if !works && (pv.actuals.values().any(|_| true) || pv.spifs.values().any(|n| *n > 0)) {
            c.error(
                "not-employed",
                loc(),
                format!(
                    "has results in {pid}, but is employed only from {} to {}",
                    span.0, span.1
                ),
            );
        }
        for (metric, v) in pv.actuals.iter().chain(&pv.targets) {
            match plan.component(metric) {
                None => c.error(
                    "unknown-metric",
                    loc(),
                    format!(
                        "has a value in {pid} for `{metric}`, but the plan has no component with that id (it has: {})",
                        list_ids(plan.components.iter().map(|c| c.id.as_str()))
                    ),
                ),
                Some(comp) if comp.measured == Measure::Year => c.error(
                    "per-period-metric",
                    loc(),
                    format!(
                        "has a value in {pid} for `{metric}`, which is measured for the year; put it in `actuals` (or `targets`)"
                    ),
                ),
                Some(comp)
                    if in_force(p)
                        .and_then(|v| v.component(metric))
                        .unwrap_or(comp)
                        .weight_in(pid)
                        .is_zero() =>
                {
                    c.error(
                    "inactive-metric",
                    loc(),
                    format!("has a value in {pid} for `{metric}`, which does not count in {pid} (its weight there is 0%)"),
                    )
                }
                Some(_) => {}
            }
            if v.abs() > MAX_METRIC {
                c.range(
                    &loc(),
                    &format!("the value in {pid} for `{metric}`"),
                    *v,
                    -MAX_METRIC,
                    MAX_METRIC,
                    show_plain,
                );
            }
        }
        for (metric, v) in &pv.targets {
            if *v <= Decimal::ZERO {
                c.error(
                    "zero-target",
                    loc(),
                    format!(
                        "the target in {pid} for `{metric}` is {}; a target must be above zero",
                        show_plain(*v)
                    ),
                );
            }
        }
        for (metric, v) in &pv.actuals {
            if let Some(comp) = plan.component(metric) {
                let target = pv
                    .targets
                    .get(metric)
                    .copied()
                    .unwrap_or(comp.target_in(pid));
                // (The name is written only for a message: this runs for every value.)
                if implausible(*v, target) {
                    check_attainment(c, i, csm, &format!("{metric}` in `{pid}"), *v, target);
                }
            }
        }
        for (spif, n) in &pv.spifs {
            if !plan.spifs.iter().any(|s| s.id == spif) {
                c.error(
                    "unknown-spif",
                    loc(),
                    format!(
                        "has events in {pid} for SPIF `{spif}`, but the plan has no SPIF with that id (it has: {})",
                        list_ids(plan.spifs.iter().map(|s| s.id.as_str()))
                    ),
                );
            }
            if *n > MAX_EVENTS {
                c.error(
                    "out-of-range",
                    loc(),
                    format!(
                        "{n} events in {pid} for `{spif}` is more than the limit of {MAX_EVENTS}"
                    ),
                );
            }
        }
    }
}
