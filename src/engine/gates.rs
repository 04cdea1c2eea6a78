//! Gates: a component pays only when another metric's result reaches a level ("expansion
//! pays only if GRR ≥ 90%"). The rules are in docs/calculation.md, "Gates".
//!
//! A gate looks at the gating metric's result in its own unit, as the what-if sees it: the
//! actual for a higher-is-better metric times its attainment scale; for a lower-is-better
//! one, `2 × target − (2 × target − actual) × scale` (the actual itself at a scale of 1).
//! A missing projection counts as the engine counts it: at target, or at 0% attainment
//! (0 for higher is better, twice the target for lower is better). A per-period component
//! is gated by the same period's result of a per-period metric, or by the year's result of
//! an annual one.
//!
//! Owns: nothing but arithmetic. Must not: do I/O.

use super::model::{Direction, Gate, Plan};
use super::shape::Shape;
use rust_decimal::Decimal;

/// A gate of a slot, resolved to the slot whose result it looks at.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotGate {
    /// The slot of the gating metric.
    pub slot: usize,
    pub level: Decimal,
    /// Open at or above `level` (else at or below).
    pub at_least: bool,
}

impl SlotGate {
    /// True when a result `v` opens the gate (exactly at the level it does).
    pub fn opens(&self, v: Decimal) -> bool {
        if self.at_least {
            v >= self.level
        } else {
            v <= self.level
        }
    }
}

/// The plan component a gate names, by id or else by name in any case.
pub fn gating_component(plan: &Plan, gate: &Gate) -> Option<usize> {
    plan.components
        .iter()
        .position(|c| c.id == gate.metric)
        .or_else(|| {
            plan.components.iter().position(|c| {
                crate::text::same_name(&gate.metric, &c.id)
                    || crate::text::same_name(&gate.metric, &c.name)
            })
        })
}

/// Per slot of `shape`, its gates resolved to slots (empty for an ungated slot). A gate
/// whose metric or slot cannot be found (validation refuses such a plan) is left out.
pub fn resolve(plan: &Plan, shape: &Shape) -> Vec<Vec<SlotGate>> {
    shape
        .slots
        .iter()
        .enumerate()
        .map(|(j, slot)| {
            shape.flat.components[j]
                .gates
                .iter()
                .filter_map(|g| {
                    let c = gating_component(plan, g)?;
                    let per_period = plan.components[c].measured == super::model::Measure::Period;
                    let candidates = || {
                        shape
                            .slots
                            .iter()
                            .enumerate()
                            .filter(move |(_, s)| s.component == c)
                    };
                    let found = match (slot.period, per_period) {
                        (Some(p), true) => candidates()
                            .find(|(_, s)| s.period == Some(p))
                            .map(|(k, _)| k),
                        (_, true) => None,
                        // An annual metric's slot: the one of the same plan version, else
                        // its first.
                        (_, false) => candidates()
                            .find(|(_, s)| s.period.is_none() && s.version == slot.version)
                            .or_else(|| candidates().find(|(_, s)| s.period.is_none()))
                            .map(|(k, _)| k),
                    }?;
                    let (level, at_least) = g.level();
                    Some(SlotGate {
                        slot: found,
                        level,
                        at_least,
                    })
                })
                .collect()
        })
        .collect()
}

/// True when any slot is gated.
pub fn any(gates: &[Vec<SlotGate>]) -> bool {
    gates.iter().any(|g| !g.is_empty())
}

/// An actual as the what-if sees it at attainment scale `s`.
pub fn seen(actual: Decimal, target: Decimal, direction: Direction, s: Decimal) -> Decimal {
    if s == Decimal::ONE {
        return actual;
    }
    match direction {
        Direction::HigherIsBetter => actual * s,
        Direction::LowerIsBetter => {
            let two = target + target;
            two - (two - actual) * s
        }
    }
}

/// The gating metric's result at a plain attainment `a` of its target (for pay at 100% and
/// at 0%).
pub fn at_attainment(target: Decimal, direction: Direction, a: Decimal) -> Decimal {
    match direction {
        Direction::HigherIsBetter => target * a,
        Direction::LowerIsBetter => target * (Decimal::TWO - a),
    }
}

/// The plan components modifier component `m` multiplies: those it names (by id or name),
/// or every other non-modifier metric when it names none.
pub fn modified_by(plan: &Plan, m: usize) -> Vec<usize> {
    let Some(modifier) = plan.components.get(m).and_then(|c| c.modifier.as_ref()) else {
        return Vec::new();
    };
    plan.components
        .iter()
        .enumerate()
        .filter(|(c, comp)| {
            *c != m
                && comp.modifier.is_none()
                && (modifier.metrics.is_empty()
                    || modifier.metrics.iter().any(|name| {
                        *name == comp.id
                            || crate::text::same_name(name, &comp.id)
                            || crate::text::same_name(name, &comp.name)
                    }))
        })
        .map(|(c, _)| c)
        .collect()
}

/// Per slot of `shape`, the slots of the modifiers that multiply it (the same period's for
/// a per-period metric, the year's for an annual one).
pub fn resolve_modifiers(plan: &Plan, shape: &Shape) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); shape.slots.len()];
    for (m, comp) in plan.components.iter().enumerate() {
        if comp.modifier.is_none() {
            continue;
        }
        let targets = modified_by(plan, m);
        for (j, slot) in shape.slots.iter().enumerate() {
            if !targets.contains(&slot.component) {
                continue;
            }
            let found = shape
                .slots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.component == m && s.period == slot.period)
                .min_by_key(|(_, s)| s.version.abs_diff(slot.version))
                .map(|(k, _)| k);
            if let Some(k) = found {
                out[j].push(k);
            }
        }
    }
    out
}

/// True when a plan has a modifier.
pub fn any_modifier(plan: &Plan) -> bool {
    plan.components.iter().any(|c| c.modifier.is_some())
}
