//! Whether a CSM's gates are open (see [`crate::engine::gates`]).

use super::*;
use crate::engine::gates::{SlotGate, at_attainment, seen};
use crate::engine::model::Direction;

/// CSM `i`'s result on slot `g` as a gate sees it (see the module's notes), with the team
/// attainment `scale` and per-metric assumptions `metric_scales` (empty for none).
pub fn gate_result(
    shape: &Shape,
    inputs: &TeamInputs,
    metric_scales: &[Decimal],
    i: usize,
    g: usize,
    scale: Decimal,
) -> Decimal {
    let comp = &shape.flat.components[g];
    let (actual, target, s, assume) = slot_inputs(shape, inputs, metric_scales, i, g, scale);
    let actual = match actual {
        Some(a) => a,
        None if assume => target,
        // Counted at 0% attainment.
        None => {
            return match comp.direction {
                Direction::HigherIsBetter => Decimal::ZERO,
                Direction::LowerIsBetter => target + target,
            };
        }
    };
    seen(actual, target, comp.direction, s)
}

/// The first closed gate of slot `j` for CSM `i`, with the result it saw; `None` when the
/// slot pays (no gate, or every gate open).
pub fn closed_gate<'a>(
    gates: &'a [Vec<SlotGate>],
    shape: &Shape,
    inputs: &TeamInputs,
    metric_scales: &[Decimal],
    i: usize,
    j: usize,
    scale: Decimal,
) -> Option<(&'a SlotGate, Decimal)> {
    gates.get(j)?.iter().find_map(|g| {
        let v = gate_result(shape, inputs, metric_scales, i, g.slot, scale);
        (!g.opens(v)).then_some((g, v))
    })
}

/// Whether each gate of slot `j` is open with every metric at attainment `a` (1 for pay at
/// target, 0 for the worst case) for CSM `i`.
pub fn gates_open_at(
    gates: &[Vec<SlotGate>],
    shape: &Shape,
    inputs: &TeamInputs,
    i: usize,
    employed: Option<Employed>,
    j: usize,
    a: Decimal,
) -> bool {
    gates.get(j).is_none_or(|gs| {
        gs.iter()
            .all(|g| gate_open_at(g, shape, inputs, i, employed, a))
    })
}

/// Whether gate `g` is open with its metric at attainment `a` of CSM `i`'s target.
pub fn gate_open_at(
    g: &SlotGate,
    shape: &Shape,
    inputs: &TeamInputs,
    i: usize,
    employed: Option<Employed>,
    a: Decimal,
) -> bool {
    let target = inputs
        .target(i, g.slot)
        .unwrap_or_else(|| shape.target_for(g.slot, employed));
    g.opens(at_attainment(
        target,
        shape.flat.components[g.slot].direction,
        a,
    ))
}
