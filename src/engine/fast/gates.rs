//! Gates checked in integers where the numbers allow (the common case: the gating metric's
//! actual is given, and the CSM works the whole year), else by the decimal engine's rule
//! ([`super::closed_gate`], [`super::gates_open_at`]): the same answer either way, exactly.

use super::*;
use crate::engine::eval::{gate_open_at, gate_result};
use crate::engine::gates::{SlotGate, at_attainment};
use crate::engine::int::pow10;

/// One gate made ready: the result `a × s` (the actual at the column's exponent `e` times
/// the slot's attainment scale) against the level, as `a × s_m × lhs` against `rhs`, both
/// at exponent `e + s_e + level_e`. `None` when the numbers do not fit, or the metric is
/// lower-is-better at a scale other than 1 (its result then depends on the target).
struct Ready {
    s_m: i128,
    lhs: i128,
    rhs: i128,
}

/// The gates of every slot, with their integer form and whether each is open at 100% and
/// at 0% of the plan's target (for pay at target and the worst case).
pub(super) struct IntGates<'g> {
    gates: &'g [Vec<SlotGate>],
    ready: Vec<Vec<Option<Ready>>>,
    at_plan_target: Vec<Vec<(bool, bool)>>,
}

impl<'g> IntGates<'g> {
    pub(super) fn new(
        gates: &'g [Vec<SlotGate>],
        shape: &PlanShape,
        cols: &[IntColumn],
        slot_scales: &[Decimal],
    ) -> IntGates<'g> {
        let ready = gates
            .iter()
            .map(|gs| {
                gs.iter()
                    .map(|g| {
                        let col = cols.get(g.slot)?;
                        let s = match shape.slots[g.slot].fixed {
                            true => Decimal::ONE,
                            false => *slot_scales.get(g.slot)?,
                        };
                        let comp = &shape.flat.components[g.slot];
                        if comp.direction == Direction::LowerIsBetter && s != Decimal::ONE {
                            return None;
                        }
                        let (s_m, s_e) = (s.mantissa(), s.scale());
                        let (l_m, l_e) = (g.level.mantissa(), g.level.scale());
                        Some(Ready {
                            s_m,
                            lhs: pow10(l_e)?,
                            rhs: l_m.checked_mul(pow10(col.exp.checked_add(s_e)?)?)?,
                        })
                    })
                    .collect()
            })
            .collect();
        let at_plan_target = gates
            .iter()
            .map(|gs| {
                gs.iter()
                    .map(|g| {
                        let comp = &shape.flat.components[g.slot];
                        let at = |a| g.opens(at_attainment(comp.target, comp.direction, a));
                        (at(Decimal::ONE), at(Decimal::ZERO))
                    })
                    .collect()
            })
            .collect();
        IntGates {
            gates,
            ready,
            at_plan_target,
        }
    }

    /// True when a gate of slot `j` is shut for CSM `i`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn shut(
        &self,
        shape: &PlanShape,
        inputs: &TeamInputs,
        cols: &[IntColumn],
        metric_scales: &[Decimal],
        i: usize,
        j: usize,
        scale: Decimal,
    ) -> bool {
        let Some(gs) = self.gates.get(j) else {
            return false;
        };
        let whole_year = inputs.employed(i).is_none();
        gs.iter().enumerate().any(|(k, g)| {
            let quick = self.ready[j][k]
                .as_ref()
                .filter(|_| whole_year)
                .and_then(|r| {
                    let a = *cols.get(g.slot)?.actual.get(i)?;
                    if a == NONE {
                        return None;
                    }
                    let v = i128::from(a).checked_mul(r.s_m)?.checked_mul(r.lhs)?;
                    Some(if g.at_least { v < r.rhs } else { v > r.rhs })
                });
            quick.unwrap_or_else(|| {
                !g.opens(gate_result(shape, inputs, metric_scales, i, g.slot, scale))
            })
        })
    }

    /// Whether every gate of slot `j` is open with each gating metric at attainment 1
    /// (`full`) or 0 of the CSM's target, for CSM `i` employed so.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn open_at(
        &self,
        shape: &PlanShape,
        inputs: &TeamInputs,
        cols: &[IntColumn],
        i: usize,
        employed: Option<Employed>,
        j: usize,
        full: bool,
    ) -> bool {
        let Some(gs) = self.gates.get(j) else {
            return true;
        };
        let plan_target = |slot: usize| {
            employed.is_none()
                && cols
                    .get(slot)
                    .is_some_and(|c| c.target.get(i) == Some(&NONE))
        };
        gs.iter().enumerate().all(|(k, g)| {
            if plan_target(g.slot) {
                let (at_full, at_zero) = self.at_plan_target[j][k];
                return if full { at_full } else { at_zero };
            }
            let a = if full { Decimal::ONE } else { Decimal::ZERO };
            gate_open_at(g, shape, inputs, i, employed, a)
        })
    }
}

/// A modified slot's payout in cents: target variable (cents) × weight × the exact factor
/// `f`, rounded once, half away from zero. `None` when a number is negative or a product
/// does not fit (the decimal engine's rule then pays it).
pub(super) fn modified_cents(tv_c: i128, weight: Decimal, f: Attainment) -> Option<i128> {
    let (w_m, w_e) = (weight.mantissa(), weight.scale());
    let (n_m, n_e) = (f.num.mantissa(), f.num.scale());
    let (d_m, d_e) = (f.den.mantissa(), f.den.scale());
    if tv_c < 0 || w_m < 0 || n_m < 0 || d_m <= 0 {
        return None;
    }
    // tv_c × (w_m ÷ 10^w_e) × (n_m ÷ 10^n_e) ÷ (d_m ÷ 10^d_e)
    let top = tv_c
        .checked_mul(w_m)?
        .checked_mul(n_m)?
        .checked_mul(pow10(d_e)?)?;
    let bottom = d_m.checked_mul(pow10(w_e.checked_add(n_e)?)?)?;
    // round_div's bound: 2 × top + bottom must fit.
    top.checked_mul(2)?.checked_add(bottom)?;
    bottom.checked_mul(2)?;
    Some(crate::engine::int::round_div(top, bottom))
}
