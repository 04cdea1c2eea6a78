//! Checks of team and level metrics and their results, and of NRR or GRR worked out from
//! ARR movements.

use super::*;
use crate::engine::model::{ArrMovement, Component, Direction, GroupActuals, Scope, Unit};
use crate::text::same_name;
use std::collections::BTreeMap;

/// The plan's rules for these metrics, the team's results and the CSMs' ARR movements.
pub(super) fn check_team_metrics(c: &mut Check, scn: &Scenario) {
    let plan = &scn.plan;
    for (k, comp) in plan.components.iter().enumerate() {
        let loc = format!("plan.components[{k}] ({})", comp.id);
        if comp.from_arr.is_some()
            && (comp.unit != Unit::Percent || comp.direction != Direction::HigherIsBetter)
        {
            c.error(
                "bad-arr",
                &loc,
                "a rate worked out from ARR (from_arr) is a percentage where higher is better: give the metric unit: Percent and direction: HigherIsBetter".into(),
            );
        }
    }
    let r = &scn.team_results;
    let shared = |k: &String| {
        plan.components
            .iter()
            .find(|c| c.id == *k || same_name(k, &c.id) || same_name(k, &c.name))
    };
    let check_values = |c: &mut Check,
                        loc: &str,
                        values: &BTreeMap<String, Decimal>,
                        level: bool,
                        period: bool| {
        for (metric, v) in values {
            let Some(comp) = shared(metric) else {
                c.error(
                    "bad-team-metric",
                    loc,
                    format!(
                        "has a result for `{metric}`, but the plan has no metric with that id or name (it has: {})",
                        list_ids(plan.components.iter().map(|c| c.id.as_str()))
                    ),
                );
                continue;
            };
            if let Some(m) = wrong_place(comp, level, period, plan.has_periods()) {
                c.error("bad-team-metric", loc, format!("`{metric}`: {m}"));
            }
            if v.abs() > MAX_METRIC {
                c.range(
                    loc,
                    &format!("the result for `{metric}`"),
                    *v,
                    -MAX_METRIC,
                    MAX_METRIC,
                    show_plain,
                );
            }
        }
    };
    let check_periods = |c: &mut Check,
                         loc: &str,
                         periods: &BTreeMap<String, GroupActuals>,
                         level: bool| {
        for (pid, values) in periods {
            if !plan
                .periods
                .iter()
                .any(|p| p.id == *pid || same_name(pid, &p.id) || same_name(pid, &p.name))
            {
                c.error(
                    "bad-team-metric",
                    loc,
                    format!(
                        "has results for a period `{pid}`, but the plan has no period with that id or name (it has: {})",
                        list_ids(plan.periods.iter().map(|p| p.id.as_str()))
                    ),
                );
                continue;
            }
            check_values(c, &format!("{loc}.periods[{pid}]"), &values.0, level, true);
        }
    };
    check_values(c, "team_results", &r.actuals, false, false);
    check_periods(c, "team_results", &r.periods, false);
    for (level, g) in &r.levels {
        let loc = format!("team_results.levels[{level}]");
        check_values(c, &loc, &g.actuals, true, false);
        check_periods(c, &loc, &g.periods, true);
    }
    let before = c.out.len();
    for (i, csm) in scn.team.iter().enumerate() {
        let loc = || format!("team[{i}] ({})", csm.id);
        if let Some(m) = &csm.arr {
            check_movement(c, &loc, "arr", m);
        }
        for (pid, pv) in &csm.periods {
            if let Some(m) = &pv.arr {
                check_movement(c, &loc, &format!("periods[{pid}].arr"), m);
            }
        }
    }
    // The results worked out (and the team's typed ones) against their targets, as a
    // CSM's typed actual is: within 1,000 times the target. Only once what they rest on
    // is sound.
    if c.out.len() == before && crate::engine::team_metrics::any(plan) {
        check_worked_out(c, scn);
    }
}

/// A result the engine will pay on that is more than [`MAX_ATTAINMENT`] times its target:
/// a team's or a level's (once, where it is written or worked out), or a CSM's rate worked
/// out from ARR movements (a starting ARR of cents against movements in millions).
fn check_worked_out(c: &mut Check, scn: &Scenario) {
    let plan = &scn.plan;
    let resolved = crate::engine::team_metrics::resolved(scn);
    let r = &resolved.team_results;
    let group = |c: &mut Check,
                 loc: &str,
                 values: &BTreeMap<String, Decimal>,
                 period: Option<&str>| {
        for (metric, v) in values {
            let Some(comp) = plan.components.iter().find(|c| {
                c.scope.is_shared()
                    && (c.id == *metric || same_name(metric, &c.id) || same_name(metric, &c.name))
            }) else {
                continue;
            };
            let target = period.map_or(comp.target, |p| comp.target_in(p));
            if implausible(*v, target) {
                c.error(
                    "implausible-actual",
                    loc,
                    format!(
                        "the result for `{metric}` ({}) is more than {MAX_ATTAINMENT} times its target ({}); check that both are in the same unit",
                        show_plain(*v),
                        show_plain(target)
                    ),
                );
            }
        }
    };
    let period_id = |k: &String| {
        plan.periods
            .iter()
            .find(|p| p.id == *k || same_name(k, &p.id) || same_name(k, &p.name))
            .map(|p| p.id.as_str())
    };
    group(c, "team_results", &r.actuals, None);
    for (k, v) in &r.periods {
        group(c, &format!("team_results.periods[{k}]"), &v.0, period_id(k));
    }
    for (level, g) in &r.levels {
        let loc = format!("team_results.levels[{level}]");
        group(c, &loc, &g.actuals, None);
        for (k, v) in &g.periods {
            group(c, &format!("{loc}.periods[{k}]"), &v.0, period_id(k));
        }
    }
    for (i, (csm, was)) in resolved.team.iter().zip(&scn.team).enumerate() {
        for comp in plan
            .components
            .iter()
            .filter(|c| c.from_arr.is_some() && c.scope.is_csm())
        {
            let id = comp.id.as_str();
            if let (Some(v), false) = (csm.actuals.get(id), was.actuals.contains_key(id)) {
                let target = csm.targets.get(id).copied().unwrap_or(comp.target);
                check_attainment(c, i, csm, id, *v, target);
            }
            for (pid, pv) in &csm.periods {
                let typed = was
                    .periods
                    .get(pid)
                    .is_some_and(|w| w.actuals.contains_key(id));
                if let (Some(v), false) = (pv.actuals.get(id), typed) {
                    let target = pv.targets.get(id).copied().unwrap_or(comp.target_in(pid));
                    check_attainment(c, i, csm, id, *v, target);
                }
            }
        }
    }
}

/// Why a result for `comp` does not belong where it is written, if it does not.
fn wrong_place(comp: &Component, level: bool, period: bool, has_periods: bool) -> Option<String> {
    match comp.scope {
        Scope::Csm => Some(format!(
            "{} is paid on each CSM's own result, which goes with the CSM; give the metric scope: Team (or Level) to pay it on the team's",
            comp.id
        )),
        Scope::Team if level => Some(format!(
            "{} is a team metric: one result for the whole team, not per level (scope: Level pays each level on its own)",
            comp.id
        )),
        _ if period && comp.measured == Measure::Year => Some(format!(
            "{} is measured for the year: its result goes in `actuals`, not a period's",
            comp.id
        )),
        _ if !period && comp.measured == Measure::Period && has_periods => Some(format!(
            "{} is measured per period: its results go in `periods`, one per period",
            comp.id
        )),
        _ => None,
    }
}

/// ARR movements: whole cents, none below zero (contraction and churn are written as the
/// amounts lost), none past the largest amount.
fn check_movement(c: &mut Check, loc: &dyn Fn() -> String, at: &str, m: &ArrMovement) {
    for (what, v) in [
        ("start", m.start),
        ("expansion", m.expansion),
        ("contraction", m.contraction),
        ("churn", m.churn),
    ] {
        let what = format!("{at}.{what}");
        c.cents(loc, &what, v);
        if v < Decimal::ZERO || v > MAX_MONEY {
            c.range(&loc(), &what, v, Decimal::ZERO, MAX_MONEY, show_money);
        }
    }
}
