//! The guardrails of a good CSM plan: warnings about plans that pay for the wrong things,
//! and attainments that look like a unit slip. They never block a calculation.

use super::eval::Evaluation;
use super::model::{Basis, Component, Direction, MetricKind, Plan, Scenario};
use super::validate::{Finding, Severity};
use crate::num::{pct, pct_exact};
use crate::text::escape_invisible;
use rust_decimal::Decimal;

/// Attainment (before the team-wide scale) below this or above [`PLAUSIBLE_MAX`] is
/// flagged by the `implausible-attainment` warning: 5%.
pub const PLAUSIBLE_MIN: Decimal = Decimal::from_parts(5, 0, 0, false, 2);
/// 500%.
pub const PLAUSIBLE_MAX: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
/// At most this many CSMs are named in one `implausible-attainment` warning.
pub const IMPLAUSIBLE_NAMED: usize = 10;

/// The attainment (before the scale) that `actual` gives against a positive `target` on
/// `comp`, when it is below [`PLAUSIBLE_MIN`] or above [`PLAUSIBLE_MAX`]: accepted, but
/// probably a unit slip (87 for 87%) or a typo. `None` when it is plausible.
pub fn implausible_attainment(
    comp: &Component,
    actual: Decimal,
    target: Decimal,
) -> Option<Decimal> {
    if target <= Decimal::ZERO {
        return None;
    }
    // Compared by multiplication: this runs for every actual on every plan change.
    let twenty = Decimal::from(20);
    let off = match comp.direction {
        // a = actual / target: a < 5% or a > 500%.
        Direction::HigherIsBetter => actual * twenty < target || actual > target * PLAUSIBLE_MAX,
        // a = max(0, 2 − actual / target), at most 200%: a < 5% when actual > 1.95 × target.
        Direction::LowerIsBetter => actual * twenty > target * Decimal::from(39),
    };
    if !off {
        return None;
    }
    let ratio = actual.checked_div(target)?;
    Some(match comp.direction {
        Direction::HigherIsBetter => ratio,
        Direction::LowerIsBetter => (Decimal::TWO - ratio).max(Decimal::ZERO),
    })
}

/// `a < b`, as `Decimal`'s own comparison says, in one 128-bit multiplication when both
/// mantissas fit in 64 bits (as metric values do); `Decimal::cmp` otherwise.
fn less(a: Decimal, b: Decimal) -> bool {
    let (sa, sb) = (a.scale(), b.scale());
    let (ma, mb) = (a.mantissa(), b.mantissa());
    if sa == sb {
        return ma < mb;
    }
    let fits = |m: i128| m.unsigned_abs() < 1 << 63;
    if sa.abs_diff(sb) <= 18 && fits(ma) && fits(mb) {
        let p = 10i128.pow(sa.abs_diff(sb));
        return if sa < sb { ma * p < mb } else { ma < mb * p };
    }
    a < b
}

/// The plausible actuals against `target` on `comp`: at least the first (if any) and at
/// most the second, exactly the actuals [`implausible_attainment`] lets pass.
fn plausible_bounds(comp: &Component, target: Decimal) -> (Option<Decimal>, Decimal) {
    match comp.direction {
        // 5% ≤ actual / target ≤ 500%.
        Direction::HigherIsBetter => (Some(target * PLAUSIBLE_MIN), target * PLAUSIBLE_MAX),
        // 2 − actual / target ≥ 5%: actual ≤ 1.95 × target.
        Direction::LowerIsBetter => (None, target * Decimal::new(195, 2)),
    }
}

/// The `implausible-attainment` warnings: per component, the CSMs whose projected actual
/// puts attainment below 5% or above 500% of their target (the first
/// [`IMPLAUSIBLE_NAMED`] named, with their attainment).
fn implausible_warnings(scn: &Scenario, eval: &Evaluation) -> Vec<Finding> {
    let plan = &scn.plan;
    // Which components can have an implausible actual at all: from the team's spread of
    // actuals (laid out once per team), so that a plan change looks at no CSM unless one is
    // off. Without a spread (an evaluation of another shape), every component is looked at.
    let suspect: Vec<bool> = plan
        .components
        .iter()
        .enumerate()
        .map(|(j, comp)| {
            let Some(sp) = eval.actual_spread.get(j) else {
                return true;
            };
            let (lo, hi) = plausible_bounds(comp, comp.target);
            let own = match comp.direction {
                Direction::HigherIsBetter => sp.own_off_higher,
                Direction::LowerIsBetter => sp.own_off_lower,
            };
            own || sp
                .on_plan_target
                .is_some_and(|(min, max)| lo.is_some_and(|lo| min < lo) || max > hi)
        })
        .collect();
    if !suspect.contains(&true) {
        return Vec::new();
    }
    let mut found: Vec<Vec<(usize, Decimal)>> = vec![Vec::new(); plan.components.len()];
    // This runs on every plan change in the app: against the plan's target (the usual
    // case) an actual is checked with two comparisons to bounds worked out once, and the
    // CSM's actuals (sorted by id) are matched to the components (sorted once) in one walk.
    let bounds: Vec<(Option<Decimal>, Decimal)> = plan
        .components
        .iter()
        .map(|c| plausible_bounds(c, c.target))
        .collect();
    let mut order: Vec<(&str, usize)> = plan
        .components
        .iter()
        .enumerate()
        .map(|(j, c)| (c.id.as_str(), j))
        .collect();
    order.sort_unstable();
    for (i, csm) in scn.team.iter().enumerate() {
        let mut k = 0;
        let mut own = csm.targets.iter().peekable();
        for (metric, actual) in &csm.actuals {
            let metric = metric.as_str();
            // Usually the keys are exactly the ids, in order: equality (which compares
            // lengths first) is then the only comparison.
            if order.get(k).is_none_or(|(id, _)| *id != metric) {
                while order.get(k).is_some_and(|(id, _)| *id < metric) {
                    k += 1;
                }
            }
            let Some(&(id, j)) = order.get(k) else { break };
            if id != metric {
                continue;
            }
            k += 1;
            if !suspect[j] {
                continue;
            }
            let comp = &plan.components[j];
            while own.peek().is_some_and(|(t, _)| t.as_str() < metric) {
                own.next();
            }
            let (lo, hi) = match own.peek() {
                Some((t, v)) if t.as_str() == metric => plausible_bounds(comp, **v),
                _ => bounds[j],
            };
            if lo.is_some_and(|lo| less(*actual, lo)) || less(hi, *actual) {
                let target = csm.targets.get(metric).copied().unwrap_or(comp.target);
                if let Some(a) = implausible_attainment(comp, *actual, target) {
                    found[j].push((i, a));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (j, hits) in found.iter().enumerate() {
        let Some(comp) = plan.components.get(j) else {
            continue;
        };
        if hits.is_empty() {
            continue;
        }
        let named = first_named(hits, IMPLAUSIBLE_NAMED, |(i, a)| {
            let csm = scn.team.get(*i)?;
            Some(format!("{} ({})", escape_invisible(&csm.id), pct(*a, 1)))
        });
        out.push(Finding {
            severity: Severity::Warning,
            code: "implausible-attainment",
            location: format!("plan.components[{j}] ({})", escape_invisible(&comp.id)),
            message: format!(
                "{} of {} CSMs have an actual for {} that puts their attainment below 5% or above 500% of target, which is more often a unit slip (87 for 87%) or a typo than a real projection: {}",
                hits.len(),
                scn.team.len(),
                comp.name,
                named
            ),
        });
    }
    out
}

/// How many CSMs a windfall-review warning names before "and N more".
const REVIEW_NAMED: usize = 5;

/// Windfall review: per metric, the CSMs paid above `plan.review_above` times its target
/// pay (the factor, exactly: payout ÷ target pay), in any of its slots.
fn windfall_review(scn: &Scenario, eval: &Evaluation) -> Vec<Finding> {
    let Some(limit) = scn.plan.review_above else {
        return Vec::new();
    };
    let shape = super::shape::Shape::of(&scn.plan);
    let mut found: Vec<Vec<(usize, Option<usize>, Decimal)>> =
        vec![Vec::new(); scn.plan.components.len()];
    for i in 0..scn.team.len() {
        for (slot, r) in shape.slots.iter().zip(eval.slots(i)) {
            let f = r.factor_exact;
            if f.den > Decimal::ZERO && f.num > limit * f.den {
                let hits = &mut found[slot.component];
                // One entry per CSM and metric: the highest slot.
                match hits.last_mut() {
                    Some(h) if h.0 == i => {
                        if f.value() > h.2 {
                            *h = (i, slot.period, f.value());
                        }
                    }
                    _ => hits.push((i, slot.period, f.value())),
                }
            }
        }
    }
    let mut out = Vec::new();
    for (j, hits) in found.iter().enumerate() {
        let Some(comp) = scn.plan.components.get(j) else {
            continue;
        };
        if hits.is_empty() {
            continue;
        }
        let named = first_named(hits, REVIEW_NAMED, |(i, p, f)| {
            let csm = scn.team.get(*i)?;
            let when = p
                .and_then(|p| scn.plan.periods.get(p))
                .map_or(String::new(), |p| {
                    format!(" in {}", escape_invisible(&p.id))
                });
            Some(format!(
                "{}{when} ({})",
                escape_invisible(&csm.id),
                pct(*f, 1)
            ))
        });
        out.push(Finding {
            severity: Severity::Warning,
            code: "windfall-review",
            location: format!("plan.components[{j}] ({})", escape_invisible(&comp.id)),
            message: format!(
                "{} of {} CSMs are paid above {} of their target pay on {}; the plan sends these for review before payout: {}",
                hits.len(),
                scn.team.len(),
                pct_exact(limit),
                comp.name,
                named
            ),
        });
    }
    out
}

/// The first `limit` of `hits` as `name` words them, then "and N more" for the rest, joined
/// with commas.
fn first_named<T>(hits: &[T], limit: usize, name: impl Fn(&T) -> Option<String>) -> String {
    let mut named: Vec<String> = hits.iter().take(limit).filter_map(name).collect();
    if hits.len() > limit {
        named.push(format!("and {} more", hits.len() - limit));
    }
    named.join(", ")
}

/// Team and level metrics: the CSMs who have a result or target of their own for one,
/// which the team's result replaces (an import that wrote the team's NRR on every CSM, or a
/// metric made a team metric after the fact).
fn team_metric_own_results(scn: &Scenario) -> Vec<Finding> {
    let mut out = Vec::new();
    for (j, comp) in scn.plan.components.iter().enumerate() {
        if !comp.scope.is_shared() {
            continue;
        }
        let id = comp.id.as_str();
        let own: Vec<&str> = scn
            .team
            .iter()
            .filter(|c| {
                c.actuals.contains_key(id)
                    || c.targets.contains_key(id)
                    || c.periods
                        .values()
                        .any(|pv| pv.actuals.contains_key(id) || pv.targets.contains_key(id))
            })
            .map(|c| c.id.as_str())
            .collect();
        if own.is_empty() {
            continue;
        }
        let named = first_named(&own, REVIEW_NAMED, |id| {
            Some(escape_invisible(id).into_owned())
        });
        out.push(Finding {
            severity: Severity::Warning,
            code: "team-metric-own-result",
            location: format!("plan.components[{j}] ({})", escape_invisible(id)),
            message: format!(
                "{} of {} CSMs have a result or target of their own for {}, a {} metric; they are not used: every CSM is paid on the {}'s result against the plan's target ({})",
                own.len(),
                scn.team.len(),
                comp.name,
                comp.scope.words(),
                comp.scope.words(),
                named
            ),
        });
    }
    out
}

/// The guardrails of a good CSM plan, as warnings. `eval` must be the scenario's evaluation.
/// A plan that changes during the year is checked in every version: what a version brings
/// that the plan as it started does not is named with the change
/// (`plan.changes[0] (from Q3): plan.components[2] (expansion)`).
pub fn guardrails(scn: &Scenario, eval: &Evaluation) -> Vec<Finding> {
    let mut out = guardrails_of(&scn.plan, scn, eval);
    out.extend(windfall_review(scn, eval));
    out.extend(team_metric_own_results(scn));
    if scn.plan.changes.is_empty() {
        return out;
    }
    let Ok(versions) = super::versions::Versions::of(&scn.plan) else {
        return out;
    };
    for k in 1..versions.len() {
        let from = scn
            .plan
            .periods
            .get(versions.starts[k])
            .map_or("?", |p| p.id.as_str());
        for f in guardrails_of(&versions.plans[k], scn, eval) {
            if !out
                .iter()
                .any(|x| x.code == f.code && x.message.ends_with(&f.message))
            {
                out.push(Finding {
                    location: format!("plan.changes[{}] (from {from}): {}", k - 1, f.location),
                    message: format!("from {from} on: {}", f.message),
                    ..f
                });
            }
        }
    }
    out
}

/// The guardrails of one version of the plan (the plan itself without changes).
fn guardrails_of(plan: &Plan, scn: &Scenario, eval: &Evaluation) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut warn = |code: &'static str, location: String, message: String| {
        out.push(Finding {
            severity: Severity::Warning,
            code,
            location,
            message,
        })
    };
    let low = Decimal::new(20, 2);
    let high = Decimal::new(30, 2);
    let half = Decimal::new(50, 2);
    let mut mixes = vec![("plan.mix".to_string(), "the plan", &plan.mix)];
    for (level, mix) in &plan.level_mix {
        mixes.push((format!("plan.level_mix[{level:?}]"), level.as_str(), mix));
    }
    for (loc, who, mix) in mixes {
        let v = mix.variable_share;
        if v < low || v > high {
            let why = if v > high {
                match mix.basis {
                    Basis::OteSplit => {
                        "this much pay at risk reads as a threat and pushes CSMs toward selling over helping"
                    }
                    Basis::BonusOnTop => "a bonus this large makes the role behave like sales",
                }
            } else {
                "so little variable pay barely steers behaviour"
            };
            warn(
                "variable-share",
                loc,
                format!(
                    "variable share for {who} is {}, outside the usual 20–30% of OTE: {why}",
                    pct_exact(v)
                ),
            );
        }
    }
    let outcome: Decimal = plan
        .components
        .iter()
        .filter(|c| c.kind.is_outcome())
        .map(|c| c.weight)
        .sum();
    if outcome > half {
        warn(
            "outcome-heavy",
            "plan.components".into(),
            format!(
                "retention, churn, NRR and adoption carry {} of the variable pay; they depend largely on the customer, so keep them at or below 50% and pay the rest on what the CSM controls",
                pct_exact(outcome)
            ),
        );
    }
    let expansion: Decimal = plan
        .components
        .iter()
        .filter(|c| c.kind == MetricKind::Expansion)
        .map(|c| c.weight)
        .sum();
    if expansion > half {
        warn(
            "expansion-heavy",
            "plan.components".into(),
            format!(
                "expansion carries {} of the variable pay; expansion-led plans push CSMs to sell upgrades to customers who are not ready while struggling accounts are neglected",
                pct_exact(expansion)
            ),
        );
    }
    let n = scn.team.len();
    for (i, comp) in plan.components.iter().enumerate() {
        let loc = format!("plan.components[{i}] ({})", escape_invisible(&comp.id));
        if comp.curve.has_accelerator() && comp.curve.max_factor().is_none() {
            warn(
                "uncapped-accelerator",
                loc.clone(),
                format!(
                    "{} has an accelerator but no cap: one outlier (a single large deal) can pay far beyond plan",
                    comp.name
                ),
            );
        }
        let threshold = comp.curve.threshold();
        let below = eval.below_threshold.get(i).copied().unwrap_or(0);
        if n > 0 && threshold > Decimal::ZERO && below * 2 > n {
            warn(
                "threshold-zero",
                loc.clone(),
                format!(
                    "{below} of {n} CSMs are below the {} threshold of {} and earn nothing on it; a bar most cannot reach stops motivating{}",
                    pct_exact(threshold),
                    comp.name,
                    assumed_note(plan, eval, i)
                ),
            );
        }
        let gated = eval.gated.get(i).copied().unwrap_or(0);
        if n > 0 && gated * 2 > n {
            let gates: Vec<String> = comp
                .gates
                .iter()
                .map(|g| {
                    let (level, at_least) = g.level();
                    let gm = super::gates::gating_component(plan, g)
                        .and_then(|m| plan.components.get(m));
                    format!(
                        "{} {} {}",
                        gm.map_or(g.metric.as_str(), |m| m.name.as_str()),
                        if at_least { "at least" } else { "at most" },
                        match gm.map(|m| m.unit) {
                            Some(super::model::Unit::Percent) => pct_exact(level),
                            Some(super::model::Unit::Money) => crate::num::money(level),
                            _ => crate::num::plain(level),
                        }
                    )
                })
                .collect();
            warn(
                "gate-closed",
                loc.clone(),
                format!(
                    "{gated} of {n} CSMs are paid nothing on {} because its gate is shut ({}); a gate most of the team cannot open takes this pay off the table",
                    comp.name,
                    gates.join(" and ")
                ),
            );
        }
        let missing = eval.missing_actuals.get(i).copied().unwrap_or(0);
        if missing > 0 {
            // A closed period's result is never assumed: the past is not a what-if.
            warn(
                "missing-actual",
                loc,
                format!(
                    "{missing} of {n} CSMs have no actual result for {} in a closed period; they are counted at 0% attainment there",
                    comp.name
                ),
            );
        }
    }
    // Missing projections: one warning for the team, naming what is missing, so that what
    // is missing data is never read as a fault of the plan.
    if eval.assumed_csms > 0 {
        let k = eval.assumed_csms;
        let rule = plan.missing_projections.words();
        let what: Vec<String> = plan
            .components
            .iter()
            .zip(&eval.assumed)
            .filter(|(_, m)| **m > 0)
            .map(|(c, m)| format!("{} {}", c.name, crate::num::count(*m as u64)))
            .collect();
        let every = eval.assumed.iter().all(|m| *m == n);
        let message = if every && k == n {
            format!(
                "{} have no projections; they are counted {rule}. Import actuals or projections to see real pay",
                csms_word(k)
            )
        } else {
            format!(
                "{} of {n} CSMs have no projection for some metrics ({}); they are counted {rule} there. Import actuals or projections to see real pay",
                crate::num::count(k as u64),
                what.join(", ")
            )
        };
        // A team metric's result is given once, for the team.
        let teams: Vec<&str> = plan
            .components
            .iter()
            .zip(&eval.assumed)
            .filter(|(c, m)| **m > 0 && c.scope.is_shared())
            .map(|(c, _)| c.name.as_str())
            .collect();
        let message = if teams.is_empty() {
            message
        } else {
            format!(
                "{message}; {} {} paid on the team's result: give it once in the scenario's team_results",
                teams.join(", "),
                if teams.len() == 1 { "is" } else { "are" }
            )
        };
        warn("missing-projection", "team".into(), message);
    }
    if n > 0 && plan.mix.basis == Basis::OteSplit && eval.team.downside_pct < Decimal::new(70, 2) {
        warn(
            "deep-downside",
            "plan.mix".into(),
            format!(
                "in the worst case a CSM is paid {} of market OTE; consider paying the market salary with a bonus on top",
                pct(eval.team.downside_pct, 1)
            ),
        );
    }
    // Curves that break the promise of target pay.
    for (i, comp) in plan.components.iter().enumerate() {
        let loc = format!("plan.components[{i}] ({})", comp.id);
        let at_target = comp.curve.factor_at(Decimal::ONE);
        let ceiling = comp.curve.max_factor();
        let threshold = comp.curve.threshold();
        if ceiling.is_some_and(|c| c < Decimal::ONE) {
            warn(
                "cap-below-target",
                loc.clone(),
                format!(
                    "{} pays at most {} of its target: even a CSM far above target never earns the target variable this metric promises",
                    comp.name,
                    pct_exact(ceiling.unwrap_or_default())
                ),
            );
        } else if at_target < Decimal::ONE && threshold <= Decimal::ONE {
            // (A threshold above target has its own warning below.)
            warn(
                "below-target-pay",
                loc.clone(),
                format!(
                    "{} pays {} of its target at 100% attainment: a CSM exactly on target earns less than the target variable",
                    comp.name,
                    pct_exact(at_target)
                ),
            );
        }
        if threshold >= Decimal::ONE {
            warn(
                "threshold-at-target",
                loc,
                format!(
                    "{} pays nothing below {} attainment, at or above target: a CSM who just misses target earns nothing on it",
                    comp.name,
                    pct_exact(threshold)
                ),
            );
        }
    }
    out.extend(implausible_warnings(scn, eval));
    out
}

/// "1 CSM" / "24 CSMs".
fn csms_word(k: usize) -> String {
    if k == 1 {
        "1 CSM".into()
    } else {
        format!("{} CSMs", crate::num::count(k as u64))
    }
}

/// For a warning that rests on attainment: how many of the CSMs it counts have no
/// projection for component `i` and are counted at 0% by the plan's rule ("" when none).
fn assumed_note(plan: &Plan, eval: &Evaluation, i: usize) -> String {
    let m = eval.assumed.get(i).copied().unwrap_or(0);
    if m == 0 || plan.missing_projections != crate::engine::MissingProjection::AtZero {
        return String::new();
    }
    format!(
        " (this rests on missing data: {} no projection and counted at 0%)",
        if m == 1 {
            "1 CSM has".to_string()
        } else {
            format!("{} CSMs have", crate::num::count(m as u64))
        }
    )
}
