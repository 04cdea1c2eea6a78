//! Plan versions: the plan as it started and the changes made to it during the year, each
//! from a period on (docs/periods.md, "Changes during the year").
//!
//! Version 0 is the plan as written; version k is version k − 1 with change k − 1 applied.
//! A version is in force from its change's period until the next change. The versions are
//! ordinary plans without changes, so everything that reads a plan reads a version.
//!
//! Owns: applying changes, finding the version in force, and describing a change made by
//! editing a version (the difference of two plans). Must not: evaluate or do I/O.

use super::model::{ComponentChange, Measure, Plan, PlanChange, SpifChange};
use crate::text::same_name;
use std::collections::BTreeMap;

/// The versions of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Versions {
    /// The period each version starts in (0 for the plan as it started).
    pub starts: Vec<usize>,
    /// Each version as a plan without changes.
    pub plans: Vec<Plan>,
}

impl Versions {
    /// The versions of a plan, or why its changes cannot be applied (the location and the
    /// reason: `plan.changes[0] (from Q3): ...`).
    pub fn of(plan: &Plan) -> Result<Versions, String> {
        let mut base = plan.clone();
        base.changes = Vec::new();
        let mut starts = vec![0];
        let mut plans = vec![base];
        for (k, change) in plan.changes.iter().enumerate() {
            let at = || format!("plan.changes[{k}] (from {})", change.effective_from);
            let from = period_named(plan, &change.effective_from).ok_or_else(|| {
                format!(
                    "{}: `effective_from` names no period of the plan; its periods are {}",
                    at(),
                    period_list(plan)
                )
            })?;
            if from == 0 {
                return Err(format!(
                    "{}: a change from the first period is the plan itself; edit the plan instead",
                    at()
                ));
            }
            let before = *starts.last().unwrap_or(&0);
            if from <= before {
                return Err(format!(
                    "{}: changes must be listed in period order, each from a later period than the one before",
                    at()
                ));
            }
            let mut next = plans[plans.len() - 1].clone();
            apply(&mut next, change, from).map_err(|e| format!("{}: {e}", at()))?;
            starts.push(from);
            plans.push(next);
        }
        Ok(Versions { starts, plans })
    }

    /// The version in force in period `p`.
    pub fn at(&self, p: usize) -> usize {
        self.starts.iter().rposition(|s| *s <= p).unwrap_or(0)
    }

    /// The periods version `k` is in force (first, last), of a year of `count` periods.
    pub fn range(&self, k: usize, count: usize) -> (usize, usize) {
        let last = self
            .starts
            .get(k + 1)
            .map_or(count.saturating_sub(1), |s| s.saturating_sub(1));
        (self.starts[k], last)
    }

    pub fn len(&self) -> usize {
        self.plans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.plans.is_empty()
    }
}

/// A period by id, else by name (any case).
pub fn period_named(plan: &Plan, name: &str) -> Option<usize> {
    let name = name.trim();
    plan.period_index(name).or_else(|| {
        plan.periods
            .iter()
            .position(|p| same_name(&p.id, name) || same_name(&p.name, name))
    })
}

fn period_list(plan: &Plan) -> String {
    plan.periods
        .iter()
        .map(|p| format!("`{}`", p.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The position of the (id, name) pair `name` names: by id exactly, else by id or name in
/// any case.
fn named<'a>(
    items: impl Iterator<Item = (&'a String, &'a String)> + Clone,
    name: &str,
) -> Option<usize> {
    items.clone().position(|(id, _)| id == name).or_else(|| {
        items
            .clone()
            .position(|(id, n)| same_name(id, name) || same_name(n, name))
    })
}

/// Applies a change from period `from` to a plan.
fn apply(plan: &mut Plan, change: &PlanChange, from: usize) -> Result<(), String> {
    for (name, cc) in &change.components {
        let i = named(plan.components.iter().map(|c| (&c.id, &c.name)), name)
            .ok_or_else(|| format!("`{name}` is not a metric of the plan"))?;
        let periods = |map: &BTreeMap<String, rust_decimal::Decimal>, what: &str| {
            let mut out = Vec::new();
            for (pid, v) in map {
                let p = period_named(plan, pid).ok_or_else(|| {
                    format!("{name}: {what} names period `{pid}`, which the plan does not have")
                })?;
                if p < from {
                    return Err(format!(
                        "{name}: {what} of {} comes before the change takes effect",
                        plan.periods[p].id
                    ));
                }
                out.push((plan.periods[p].id.clone(), *v));
            }
            Ok::<_, String>(out)
        };
        let targets = periods(&cc.period_targets, "a period target")?;
        let weights = periods(&cc.period_weights, "a period weight")?;
        let comp = &mut plan.components[i];
        if comp.measured == Measure::Year && !(targets.is_empty() && weights.is_empty()) {
            return Err(format!(
                "{name} is measured for the year; it has no per-period targets or weights"
            ));
        }
        if let Some(w) = cc.weight {
            comp.weight = w;
        }
        if let Some(t) = cc.target {
            comp.target = t;
        }
        if let Some(curve) = &cc.curve {
            comp.curve = curve.clone();
        }
        for (pid, v) in targets {
            comp.period_targets.insert(pid, v);
        }
        for (pid, v) in weights {
            comp.period_weights.insert(pid, v);
        }
    }
    for (name, sc) in &change.spifs {
        let s = named(plan.spifs.iter().map(|s| (&s.id, &s.name)), name)
            .ok_or_else(|| format!("`{name}` is not a SPIF of the plan"))?;
        let spif = &mut plan.spifs[s];
        if let Some(a) = sc.amount {
            spif.amount = a;
        }
        if let Some(m) = sc.max_events {
            spif.max_events = Some(m);
        }
    }
    if let Some(mix) = &change.mix {
        plan.mix = mix.clone();
    }
    for (level, mix) in &change.level_mix {
        // Levels the plan gives a mix of their own, found in any case (a change does not
        // add one: the plan's levels stay the same all year).
        let key = plan
            .level_mix
            .keys()
            .find(|k| *k == level)
            .or_else(|| plan.level_mix.keys().find(|k| same_name(k, level)))
            .cloned()
            .ok_or_else(|| {
                format!(
                    "`{level}` has no pay mix of its own in the plan; give it one in `plan.level_mix` first"
                )
            })?;
        plan.level_mix.insert(key, mix.clone());
    }
    Ok(())
}

/// The change that turns version `before` into `after` from period `from` on: every metric
/// and SPIF setting and every pay mix that differs (per-period values only from `from`
/// on). Settings a change cannot hold (periods, the budget) are not compared; the caller
/// refuses edits of those. A level mix removed in `after` is not a change either: a
/// change sets mixes, it does not remove them.
pub fn difference(before: &Plan, after: &Plan, from: usize) -> PlanChange {
    let mut components = BTreeMap::new();
    for (b, a) in before.components.iter().zip(&after.components) {
        let mut cc = ComponentChange::default();
        if a.weight != b.weight {
            cc.weight = Some(a.weight);
        }
        if a.target != b.target {
            cc.target = Some(a.target);
        }
        if a.curve != b.curve {
            cc.curve = Some(a.curve.clone());
        }
        for period in after.periods.iter().skip(from) {
            let pid = &period.id;
            if a.measured == Measure::Period {
                if a.target_in(pid) != b.target_in(pid) {
                    cc.period_targets.insert(pid.clone(), a.target_in(pid));
                }
                if a.weight_in(pid) != b.weight_in(pid) {
                    cc.period_weights.insert(pid.clone(), a.weight_in(pid));
                }
            }
        }
        if !cc.is_empty() {
            components.insert(a.id.clone(), cc);
        }
    }
    let mut spifs = BTreeMap::new();
    for (b, a) in before.spifs.iter().zip(&after.spifs) {
        let mut sc = SpifChange::default();
        if a.amount != b.amount {
            sc.amount = Some(a.amount);
        }
        if a.max_events != b.max_events {
            sc.max_events = a.max_events;
        }
        if sc != SpifChange::default() {
            spifs.insert(a.id.clone(), sc);
        }
    }
    let level_mix = after
        .level_mix
        .iter()
        .filter(|(level, m)| before.level_mix.get(*level) != Some(*m))
        .map(|(level, m)| (level.clone(), m.clone()))
        .collect();
    PlanChange {
        effective_from: after
            .periods
            .get(from)
            .map_or(String::new(), |p| p.id.clone()),
        note: String::new(),
        components,
        spifs,
        mix: (after.mix != before.mix).then(|| after.mix.clone()),
        level_mix,
    }
}

/// True when two plans pay their levels with different mixes.
pub fn mix_differs(a: &Plan, b: &Plan) -> bool {
    a.mix != b.mix || a.level_mix != b.level_mix
}

#[cfg(test)]
mod tests;
