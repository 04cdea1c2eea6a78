//! Evaluating a scenario: the exact integer path (`fast`) where its numbers fit, else the
//! decimal reference (`eval`), then the team figures. The one place that chooses between
//! them, so neither path needs the other.
//!
//! Owns: choosing the path. Must not: compute pay itself.

use super::eval::{Evaluation, TeamInputs, decimal_slots, finish_evaluation};
use super::model::Scenario;
use super::shape::Shape;
use rust_decimal::Decimal;

/// Evaluates the whole scenario at its own attainment scale.
pub fn evaluate(scn: &Scenario) -> Evaluation {
    evaluate_with(scn, &TeamInputs::new(scn), scn.assumptions.attainment_scale)
}

/// Evaluates the whole scenario at a given attainment scale.
pub fn evaluate_at(scn: &Scenario, scale: Decimal) -> Evaluation {
    evaluate_with(scn, &TeamInputs::new(scn), scale)
}

/// Evaluates with inputs laid out beforehand (`inputs.fits(scn)` must hold; if it does not,
/// they are rebuilt).
pub fn evaluate_with(scn: &Scenario, inputs: &TeamInputs, scale: Decimal) -> Evaluation {
    let shape = Shape::of(&scn.plan);
    if !inputs.fits_shape(scn, &shape) {
        return evaluate_with(scn, &TeamInputs::new(scn), scale);
    }
    let mut e = match super::fast::evaluate(scn, &shape, inputs, scale) {
        Some(e) => e,
        None => decimal_slots(scn, &shape, inputs, scale),
    };
    finish_evaluation(&mut e, scn, &shape, inputs);
    e
}

/// The evaluation in exact integers, or `None` when a number is too large for it (then
/// [`evaluate_with`] uses [`evaluate_decimal`]). Public for tests.
#[doc(hidden)]
pub fn evaluate_integer(scn: &Scenario, inputs: &TeamInputs, scale: Decimal) -> Option<Evaluation> {
    let shape = Shape::of(&scn.plan);
    if !inputs.fits_shape(scn, &shape) {
        return evaluate_integer(scn, &TeamInputs::new(scn), scale);
    }
    let mut e = super::fast::evaluate(scn, &shape, inputs, scale)?;
    finish_evaluation(&mut e, scn, &shape, inputs);
    Some(e)
}

/// Per CSM, in team order: the plan components (indices) they have no projection for, in
/// plan order. Their pay there rests on `plan.missing_projections` and is shown as assumed.
pub fn assumed_metrics(scn: &Scenario) -> Vec<Vec<usize>> {
    assumed_metrics_with(scn, &TeamInputs::new(scn))
}

/// The same, with inputs laid out beforehand.
pub fn assumed_metrics_with(scn: &Scenario, inputs: &TeamInputs) -> Vec<Vec<usize>> {
    let shape = Shape::of(&scn.plan);
    if !inputs.fits_shape(scn, &shape) {
        return assumed_metrics_with(scn, &TeamInputs::new(scn));
    }
    (0..scn.team.len())
        .map(|i| {
            let mut comps: Vec<usize> = inputs
                .assumed_slots(&shape, i)
                .map(|j| shape.slots[j].component)
                .collect();
            comps.sort_unstable();
            comps.dedup();
            comps
        })
        .collect()
}
