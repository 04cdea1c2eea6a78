//! Applying a parameter's value to a scenario: the plan changed as the slider or `--set`
//! asks, weights rebalanced around the locked ones, refused when the plan would not be valid.

use super::*;

impl Param {
    /// Applies a value to the scenario. `inputs` are the team's, laid out for `scn`;
    /// `locked` are the weight locks (by component). Refused, leaving the scenario
    /// unchanged, when the plan would not be valid.
    pub fn apply(
        self,
        scn: &mut Scenario,
        inputs: &TeamInputs,
        value: Option<Decimal>,
        locked: &[bool],
    ) -> Result<(), String> {
        let mut next = scn.clone_plan_only();
        {
            let plan = &mut next.plan;
            match (self, value) {
                (Param::Basis, _) => {
                    // The plan's own basis only: a level's basis is its own setting.
                    plan.mix.basis = plan.mix.basis.toggled();
                }
                (Param::LevelBasis(i), _) => {
                    if let Some(m) = plan.level_mix.values_mut().nth(i) {
                        m.basis = m.basis.toggled();
                    }
                }
                (Param::MissingProjections, _) => {
                    use crate::engine::MissingProjection::{AtTarget, AtZero};
                    plan.missing_projections = match plan.missing_projections {
                        AtTarget => AtZero,
                        AtZero => AtTarget,
                    };
                }
                (Param::Leavers, _) => {
                    use crate::engine::LeaverPolicy::{Forfeit, PayAtYearEnd, SettleAtLeaving};
                    plan.leavers = match plan.leavers {
                        Forfeit => SettleAtLeaving,
                        SettleAtLeaving => PayAtYearEnd,
                        PayAtYearEnd => Forfeit,
                    };
                }
                (Param::ProrateTargets, _) => plan.prorate_targets = !plan.prorate_targets,
                (Param::Budget, v) => {
                    let basis = plan
                        .budget
                        .as_ref()
                        .map_or(crate::engine::BudgetBasis::Cash, |b| b.basis);
                    plan.budget = v.map(|amount| crate::engine::Budget { amount, basis });
                }
                (Param::Cap(i), v) => {
                    if let Some(Curve::Tiered { cap, .. }) =
                        plan.components.get_mut(i).map(|c| &mut c.curve)
                    {
                        *cap = v;
                    }
                }
                (Param::AsOf, v) => {
                    // None steps to the next setting (none, the first period, …, the last).
                    let n = plan.periods.len();
                    let now = plan.as_of_index().map_or(0, |a| a + 1);
                    let k = match v {
                        Some(v) => usize::try_from(v.trunc().mantissa()).unwrap_or(0).min(n),
                        None => (now + 1) % (n + 1),
                    };
                    // A period whose pay is recorded stays closed.
                    let recorded = scn
                        .team
                        .iter()
                        .flat_map(|c| c.periods.iter())
                        .filter(|(_, v)| v.paid.is_some())
                        .filter_map(|(pid, _)| plan.period_index(pid))
                        .max();
                    if let Some(r) = recorded
                        && k <= r
                    {
                        return Err(format!(
                            "{} has a recorded payout: a period whose pay is recorded stays closed",
                            plan.periods[r].id
                        ));
                    }
                    plan.as_of = k.checked_sub(1).map(|a| plan.periods[a].id.clone());
                }
                (_, None) => return Ok(()),
                (Param::VariableShare, Some(v)) => plan.mix.variable_share = v,
                (Param::LevelShare(i), Some(v)) => {
                    if let Some(m) = plan.level_mix.values_mut().nth(i) {
                        m.variable_share = v;
                    }
                }
                (Param::Weight(i), Some(v))
                    if plan.has_periods()
                        && plan
                            .components
                            .iter()
                            .any(|c| c.measured == Measure::Period) =>
                {
                    // An annual weight counts in every period: the per-period components
                    // absorb the change in each period; the weight is what every period
                    // leaves room for.
                    let n = plan.periods.len();
                    let mut v = v;
                    for p in 0..n {
                        let mut trial = plan.clone();
                        set_period_weight(&mut trial, locked, i, p, v);
                        v = v.min(trial.components[i].weight_in(&plan.periods[p].id));
                    }
                    for p in 0..n {
                        set_period_weight(plan, locked, i, p, v);
                    }
                }
                (Param::Weight(i), Some(v)) => {
                    let weights: Vec<Decimal> = plan.components.iter().map(|c| c.weight).collect();
                    // A modifier's weight stays 0%: it pays through what it multiplies.
                    let held: Vec<bool> = plan
                        .components
                        .iter()
                        .enumerate()
                        .map(|(k, c)| {
                            c.modifier.is_some() || locked.get(k).copied().unwrap_or(false)
                        })
                        .collect();
                    let new = rebalance(&weights, &held, i, v);
                    for (c, w) in plan.components.iter_mut().zip(new) {
                        c.weight = w;
                    }
                }
                (Param::Target(i), Some(v)) => {
                    if let Some(c) = plan.components.get_mut(i) {
                        c.target = v;
                    }
                }
                (Param::Threshold(i), Some(v)) => {
                    match plan.components.get_mut(i).map(|c| &mut c.curve) {
                        Some(Curve::Tiered { threshold, .. }) => *threshold = v,
                        Some(Curve::Steps { steps }) => {
                            if let Some(s) = steps.first_mut() {
                                s.min = v;
                            }
                        }
                        Some(Curve::Points { points, .. }) => {
                            if let Some(p) = points.first_mut() {
                                p.at = v;
                            }
                        }
                        None => {}
                    }
                }
                (Param::TopRate(i), Some(v)) => {
                    match plan.components.get_mut(i).map(|c| &mut c.curve) {
                        Some(Curve::Tiered { tiers, .. }) => {
                            if let Some(t) = tiers.last_mut() {
                                t.rate = v;
                            }
                        }
                        Some(Curve::Steps { steps }) => {
                            if let Some(s) = steps.last_mut() {
                                s.factor = v;
                            }
                        }
                        Some(Curve::Points { points, .. }) => {
                            if let Some(p) = points.last_mut() {
                                p.pays = v;
                            }
                        }
                        None => {}
                    }
                }
                (Param::GateLevel(i, k), Some(v)) => {
                    if let Some(g) = plan.components.get_mut(i).and_then(|c| c.gates.get_mut(k)) {
                        match (g.at_least.is_some(), g.at_most.is_some()) {
                            (_, true) if g.at_least.is_none() => g.at_most = Some(v),
                            _ => g.at_least = Some(v),
                        }
                    }
                }
                (Param::ModifierMin(i), Some(v)) => {
                    if let Some(m) = plan.components.get_mut(i).and_then(|c| c.modifier.as_mut()) {
                        m.min = v;
                    }
                }
                (Param::ModifierMax(i), Some(v)) => {
                    if let Some(m) = plan.components.get_mut(i).and_then(|c| c.modifier.as_mut()) {
                        m.max = v;
                    }
                }
                (Param::SpifAmount(i), Some(v)) => {
                    if let Some(s) = plan.spifs.get_mut(i) {
                        s.amount = v;
                    }
                }
                (Param::BurdenRate, Some(v)) => next.assumptions.burden_rate = v,
                (Param::Scale, Some(v)) => next.assumptions.attainment_scale = v,
                (Param::Attainment(i), Some(v)) => {
                    if let Some(c) = plan.components.get(i) {
                        // Kept under the metric's id; 100% is no assumption at all.
                        let a = &mut next.assumptions.attainment_by_metric;
                        a.retain(|k, _| {
                            !(k == &c.id
                                || crate::text::same_name(k, &c.id)
                                || crate::text::same_name(k, &c.name))
                        });
                        if v != Decimal::ONE {
                            a.insert(c.id.clone(), v);
                        }
                    }
                }
                (Param::PeriodTarget(i, p), Some(v)) => {
                    let pid = plan.periods.get(p).map(|x| x.id.clone());
                    if let (Some(pid), Some(c)) = (pid, plan.components.get_mut(i)) {
                        if v == c.target {
                            c.period_targets.remove(&pid);
                        } else {
                            c.period_targets.insert(pid, v);
                        }
                    }
                }
                (Param::PeriodWeight(i, p), Some(v)) => set_period_weight(plan, locked, i, p, v),
            }
        }
        // Refused when the change brings a new problem.
        if let Some(p) = new_plan_problem(scn, &next) {
            return Err(format!("{}: {}", p.location, p.message));
        }
        // A lower target must leave every CSM's actual within reach of it.
        if let Param::Target(_) | Param::PeriodTarget(..) = self
            && let Some(p) = validate_plan_targets(&next.plan, &scn.team, inputs)
                .into_iter()
                .next()
        {
            return Err(format!("{}: {}", p.location, p.message));
        }
        scn.plan = next.plan;
        scn.assumptions = next.assumptions;
        Ok(())
    }
}

/// Sets a component's weight in period `p` (an annual one's for the year). The difference is spread over the
/// other per-period components that count in that period (unlocked ones, in proportion);
/// the annual weights, which count in every period, stay. A component not counting in
/// the period (0%) stays at 0%.
pub(super) fn set_period_weight(
    plan: &mut crate::engine::Plan,
    locked: &[bool],
    i: usize,
    p: usize,
    v: Decimal,
) {
    let Some(pid) = plan.periods.get(p).map(|x| x.id.clone()) else {
        return;
    };
    let weights: Vec<Decimal> = plan.components.iter().map(|c| c.weight_in(&pid)).collect();
    let fixed: Vec<bool> = plan
        .components
        .iter()
        .enumerate()
        .map(|(j, c)| {
            j != i
                && (c.measured == Measure::Year
                    || locked.get(j) == Some(&true)
                    || weights[j].is_zero())
        })
        .collect();
    let new = rebalance(&weights, &fixed, i, v);
    for (j, c) in plan.components.iter_mut().enumerate() {
        if c.measured == Measure::Year {
            if j == i {
                c.weight = new[j];
            }
        } else if new[j] != weights[j] {
            // An entry equal to the component's own weight says nothing: none is kept, so
            // the file lists only the periods that differ.
            if new[j] == c.weight {
                c.period_weights.remove(&pid);
            } else {
                c.period_weights.insert(pid.clone(), new[j]);
            }
        }
    }
}
