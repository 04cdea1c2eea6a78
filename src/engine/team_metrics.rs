//! Team and level metrics, and NRR or GRR worked out from a book's ARR movements
//! (docs/calculation.md, "Team metrics" and "NRR and GRR from their parts").
//!
//! Both end as an actual per CSM: a team metric's actual is the team's (or the level's) for
//! every CSM in it, and a rate worked out from ARR movements is the actual where none is
//! typed. [`resolved`] writes them so, once, before anything is computed; everything that
//! reads a CSM's actuals then reads the same numbers. A scenario without such metrics is
//! used as it is.
//!
//! Owns: whose result a metric is and the rate of ARR movements. Must not: pay anything.

use super::{ArrMovement, Csm, Measure, Plan, Scenario, Scope, TeamResults, shape};
use crate::text::same_name;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// True when some metric of the plan is a team or level metric or worked out from ARR.
pub fn any(plan: &Plan) -> bool {
    plan.components
        .iter()
        .any(|c| c.scope.is_shared() || c.from_arr.is_some())
}

/// The scenario with every team and level metric's actual written as each CSM's own (and
/// their own targets for it dropped: a team is measured against the plan's target), and
/// every rate worked out from ARR movements written where no actual is typed. The rates
/// worked out for a team or level are written to its results too, so resolving the result
/// again (or one CSM of it with the team's results) changes nothing.
pub fn resolved(scn: &Scenario) -> Cow<'_, Scenario> {
    if !any(&scn.plan) {
        return Cow::Borrowed(scn);
    }
    let results = filled(scn);
    let mut out = scn.clone();
    for csm in &mut out.team {
        resolve_one(&scn.plan, &results, csm);
    }
    out.team_results = results;
    Cow::Owned(out)
}

/// CSM `i` as [`resolved`] writes them (the app's breakdown of one CSM); `None` when there
/// is no CSM `i`.
pub fn resolved_csm(scn: &Scenario, i: usize) -> Option<Cow<'_, Csm>> {
    let csm = scn.team.get(i)?;
    if !any(&scn.plan) {
        return Some(Cow::Borrowed(csm));
    }
    let mut one = csm.clone();
    resolve_one(&scn.plan, &filled(scn), &mut one);
    Some(Cow::Owned(one))
}

/// The slots of a metric: the year, or each period of a per-period metric.
fn slots_of(plan: &Plan, comp: &super::Component) -> Vec<Option<usize>> {
    match comp.measured {
        Measure::Period if plan.has_periods() => (0..plan.periods.len()).map(Some).collect(),
        _ => vec![None],
    }
}

/// The team's results with the rates worked out from ARR movements written in (for a
/// one-CSM copy of the scenario that must see the team's results, not its one CSM's).
pub fn filled(scn: &Scenario) -> TeamResults {
    let mut results = scn.team_results.clone();
    for comp in &scn.plan.components {
        if comp.scope.is_shared() {
            for p in slots_of(&scn.plan, comp) {
                fill_groups(&mut results, scn, comp, p);
            }
        }
    }
    results
}

/// Writes a CSM's actuals of team and level metrics, and of rates worked out from ARR.
fn resolve_one(plan: &Plan, results: &TeamResults, csm: &mut Csm) {
    let employed = shape::Shape::employed(plan, csm);
    for comp in &plan.components {
        if !comp.scope.is_shared() && comp.from_arr.is_none() {
            continue;
        }
        for p in slots_of(plan, comp) {
            if p.is_some_and(|p| !shape::works(employed, p)) {
                continue;
            }
            let pid = p.map(|p| plan.periods[p].id.as_str());
            let value = if comp.scope.is_shared() {
                group_value(plan, results, comp, &csm.level, p)
            } else {
                let typed = actuals_of(csm, pid).and_then(|m| m.get(&comp.id).copied());
                typed.or_else(|| {
                    let rate = comp.from_arr?;
                    rate.of(movement_of(csm, pid)?)
                })
            };
            let (actuals, targets) = match pid {
                None => (&mut csm.actuals, &mut csm.targets),
                Some(pid) => {
                    let pv = csm.periods.entry(pid).or_default();
                    (&mut pv.actuals, &mut pv.targets)
                }
            };
            match value {
                Some(v) => {
                    actuals.insert(&comp.id, v);
                }
                None => {
                    actuals.remove(comp.id.as_str());
                }
            }
            if comp.scope.is_shared() {
                targets.remove(comp.id.as_str());
            }
        }
    }
}

/// A CSM's actuals for the year (`None`) or a period (by id).
fn actuals_of<'c>(csm: &'c Csm, period: Option<&str>) -> Option<&'c super::IdMap<Decimal>> {
    match period {
        None => Some(&csm.actuals),
        Some(p) => csm.periods.get(p).map(|pv| &pv.actuals),
    }
}

/// A CSM's ARR movements for the year (`None`) or a period (by id).
fn movement_of<'c>(csm: &'c Csm, period: Option<&str>) -> Option<&'c ArrMovement> {
    match period {
        None => csm.arr.as_ref(),
        Some(p) => csm.periods.get(p).and_then(|pv| pv.arr.as_ref()),
    }
}

/// The value of `map` for a metric, found by its id or its name (any case).
pub fn for_metric<'m, V>(map: &'m BTreeMap<String, V>, comp: &super::Component) -> Option<&'m V> {
    map.get(&comp.id).or_else(|| {
        map.iter()
            .find(|(k, _)| same_name(k, &comp.id) || same_name(k, &comp.name))
            .map(|(_, v)| v)
    })
}

/// The entry of `map` for a period (by its id or name, any case).
fn for_period<'m, V>(map: &'m BTreeMap<String, V>, plan: &Plan, p: usize) -> Option<&'m V> {
    let period = &plan.periods[p];
    map.get(&period.id).or_else(|| {
        map.iter()
            .find(|(k, _)| same_name(k, &period.id) || same_name(k, &period.name))
            .map(|(_, v)| v)
    })
}

/// The key of a level in the team's results (any case), if it has one.
fn level_key(results: &TeamResults, level: &str) -> Option<String> {
    results.levels.keys().find(|k| same_name(k, level)).cloned()
}

/// The typed result of a team (`level` none) or a level for a metric, for the year or a
/// period.
fn typed(
    plan: &Plan,
    r: &TeamResults,
    comp: &super::Component,
    level: Option<&str>,
    p: Option<usize>,
) -> Option<Decimal> {
    let (actuals, periods) = match level {
        None => (&r.actuals, &r.periods),
        Some(l) => {
            let g = r.levels.get(&level_key(r, l)?)?;
            (&g.actuals, &g.periods)
        }
    };
    match p {
        None => for_metric(actuals, comp).copied(),
        Some(p) => for_metric(&for_period(periods, plan, p)?.0, comp).copied(),
    }
}

/// The result a CSM of `level` is paid on for a team or level metric: the level's own (a
/// level metric), else the team's.
pub fn group_value(
    plan: &Plan,
    results: &TeamResults,
    comp: &super::Component,
    level: &str,
    p: Option<usize>,
) -> Option<Decimal> {
    let own = match comp.scope {
        Scope::Level => typed(plan, results, comp, Some(level), p),
        _ => None,
    };
    own.or_else(|| typed(plan, results, comp, None, p))
}

/// Writes the rates worked out from the CSMs' ARR movements into the team's (and each
/// level's) results where none is typed.
fn fill_groups(
    results: &mut TeamResults,
    scn: &Scenario,
    comp: &super::Component,
    p: Option<usize>,
) {
    let Some(rate) = comp.from_arr else { return };
    let plan = &scn.plan;
    let pid = p.map(|p| plan.periods[p].id.clone());
    let mut team: Option<ArrMovement> = None;
    let mut levels: Vec<(String, ArrMovement)> = Vec::new();
    for csm in &scn.team {
        let Some(m) = movement_of(csm, pid.as_deref()) else {
            continue;
        };
        team = Some(team.map_or(*m, |t| t.plus(m)));
        match levels.iter_mut().find(|(l, _)| same_name(l, &csm.level)) {
            Some((_, t)) => *t = t.plus(m),
            None => levels.push((csm.level.clone(), *m)),
        }
    }
    let write = |map: &mut BTreeMap<String, Decimal>, v: Decimal| {
        map.insert(comp.id.clone(), v);
    };
    if typed(plan, results, comp, None, p).is_none()
        && let Some(v) = team.and_then(|t| rate.of(&t))
    {
        match &pid {
            None => write(&mut results.actuals, v),
            Some(id) => write(&mut results.periods.entry(id.clone()).or_default().0, v),
        }
    }
    if comp.scope != Scope::Level {
        return;
    }
    for (level, m) in levels {
        if typed(plan, results, comp, Some(&level), p).is_some() {
            continue;
        }
        let Some(v) = rate.of(&m) else { continue };
        let key = level_key(results, &level).unwrap_or(level);
        let g = results.levels.entry(key).or_default();
        match &pid {
            None => write(&mut g.actuals, v),
            Some(id) => write(&mut g.periods.entry(id.clone()).or_default().0, v),
        }
    }
}

/// The ARR movements of a team (`level` none) or one level, summed over its CSMs, for the
/// year or a period (by id): what a rate worked out for the group rests on.
pub fn group_movement(
    scn: &Scenario,
    level: Option<&str>,
    period: Option<&str>,
) -> Option<ArrMovement> {
    scn.team
        .iter()
        .filter(|c| level.is_none_or(|l| same_name(l, &c.level)))
        .filter_map(|c| movement_of(c, period))
        .fold(None, |acc: Option<ArrMovement>, m| {
            Some(acc.map_or(*m, |a| a.plus(m)))
        })
}
