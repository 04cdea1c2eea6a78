//! Evaluation: what every CSM earns under a plan, and what the team costs.
//!
//! Callers pass a scenario that `validate` accepted; the bounds it enforces (values within
//! their limits, every actual within 1,000 times its target) keep every product here inside
//! `Decimal`'s range.
//!
//! Two implementations give the same results: `evaluate::evaluate_with` runs the exact integer one
//! in `src/engine/fast.rs` and falls back to [`evaluate_decimal`], the `rust_decimal` reference,
//! when the integer path cannot promise the same answer.
//!
//! Speed: the team's inputs are laid out once per team ([`TeamInputs`], as integer columns
//! when they fit) so that evaluating a plan change needs no lookups by name, results for all
//! CSMs live in two flat vectors, and what does not depend on a CSM's actuals (pay at 0%,
//! 100% and the caps) is computed once per distinct target variable.

use super::curve::{Attainment, Bounds, Payout};
use super::int::{int_at, pow10};
use super::model::{Basis, Component, Csm, Plan, Scenario, Spif};
use super::shape::{Employed, Shape, Slot};
use crate::num::cents;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::HashMap;

mod gate_state;
mod inputs;
mod results;
pub use gate_state::{closed_gate, gate_open_at, gate_result, gates_open_at};
pub use inputs::TeamInputs;
pub(crate) use inputs::{IntColumn, NONE, Values};
pub use results::{
    ActualSpread, ComponentResult, CsmResult, Evaluation, PeriodPay, PeriodResults, TeamResult,
};

/// Base and target variable for a CSM under the plan's mix for their level.
pub fn split_pay(plan: &Plan, csm: &Csm) -> (Decimal, Decimal) {
    plan.mix_for(&csm.level).split(csm.ote)
}

/// A CSM's target for a component: their own, or the plan's default.
pub fn target_for(comp: &Component, csm: &Csm) -> Decimal {
    csm.targets.get(&comp.id).copied().unwrap_or(comp.target)
}

/// The target a CSM is measured against on an annual metric: their own, else the plan's,
/// prorated for a joiner or leaver where the plan says so (docs/periods.md, rule 9).
pub fn target_in_plan(plan: &Plan, comp: &Component, csm: &Csm) -> Decimal {
    if let Some(t) = csm.targets.get(&comp.id) {
        return *t;
    }
    let employed = Shape::employed(plan, csm);
    if employed.is_none() {
        return comp.target;
    }
    let shape = Shape::of(plan);
    let share = shape
        .slots
        .iter()
        .position(|s| s.period.is_none() && plan.components[s.component].id == comp.id)
        .map_or(Decimal::ONE, |j| shape.target_share(j, employed));
    super::shape::prorated_target(comp.target, share)
}

/// Slot `j`'s actual, target, attainment scale and whether a missing projection is assumed
/// at target, for CSM `i`: a closed slot is measured as recorded (scale 1, nothing assumed);
/// a projected one at the team's `scale` times its metric's assumption.
pub(super) fn slot_inputs(
    shape: &Shape,
    inputs: &TeamInputs,
    metric_scales: &[Decimal],
    i: usize,
    j: usize,
    scale: Decimal,
) -> (Option<Decimal>, Decimal, Decimal, bool) {
    let employed = inputs.employed(i);
    let target = inputs
        .target(i, j)
        .unwrap_or_else(|| shape.target_for(j, employed));
    let fixed = shape.fixed_for(j, employed);
    let s = match (fixed, metric_scales.get(shape.slots[j].component)) {
        (true, _) => Decimal::ONE,
        (false, Some(m)) => scale * m,
        (false, None) => scale,
    };
    let assume =
        !fixed && shape.flat.missing_projections == crate::engine::MissingProjection::AtTarget;
    (inputs.actual(i, j), target, s, assume)
}

/// A factor kept within a modifier's bounds (exactly at a bound: the bound itself).
pub fn within(f: Attainment, min: Decimal, max: Decimal) -> Attainment {
    if f.num < min * f.den {
        Attainment::of(min)
    } else if f.num > max * f.den {
        Attainment::of(max)
    } else {
        f
    }
}

/// The product of two exact factors.
pub fn times(a: Attainment, b: Attainment) -> Attainment {
    if b.den == Decimal::ONE && a.den == Decimal::ONE {
        return Attainment::of(a.num * b.num);
    }
    Attainment {
        num: a.num * b.num,
        den: a.den * b.den,
    }
}

/// What a SPIF pays for a number of events.
pub fn spif_payout(spif: &Spif, events: u32) -> Decimal {
    let paid = spif.max_events.map_or(events, |m| events.min(m));
    spif.amount * Decimal::from(paid)
}

/// A component made ready for evaluating many CSMs: its breakpoints scaled by the default
/// target (and by each other target met so far), and its payout factors at 0%, at 100% and
/// at the caps, which do not depend on the CSM.
struct Prepared<'a> {
    comp: &'a Component,
    default: Bounds,
    others: Vec<Bounds>,
    f_zero: Attainment,
    f_full: Attainment,
    f_max: Option<Decimal>,
}

impl Prepared<'_> {
    fn pay(
        &mut self,
        amount: Decimal,
        actual: Option<Decimal>,
        target: Decimal,
        scale: Decimal,
        assume: bool,
    ) -> (Attainment, Payout) {
        let comp = self.comp;
        let a = match actual {
            Some(actual) => Attainment::measure(actual, target, comp.direction, scale),
            // No projection: projected at target when the plan says so (a closed period's
            // missing result never is).
            None if assume => Attainment::measure(target, target, comp.direction, scale),
            None => Attainment::ZERO,
        };
        let bounds = if a.den == self.default.den {
            &self.default
        } else {
            match self.others.iter().position(|b| b.den == a.den) {
                Some(j) => &self.others[j],
                None => {
                    self.others.push(comp.curve.bounds(a.den));
                    &self.others[self.others.len() - 1]
                }
            }
        };
        (a, comp.curve.pay_within(amount, a.num, bounds))
    }
}

/// Per slot, how many CSMs are below its threshold and how many a gate keeps from it.
pub(super) struct SlotCounts {
    below: Vec<usize>,
    gated: Vec<usize>,
}

/// Target variable (mantissa, scale) and the gates open at 100% and at 0%.
type FixedKey = (i128, u32, u128, u128);

/// The plan made ready for evaluating a team, in the decimal engine.
pub(super) struct PreparedPlan<'a> {
    shape: &'a Shape,
    comps: Vec<Prepared<'a>>,
    /// Per target variable: the variable pay at 100%, at 0% and at the caps.
    /// Keyed by target variable and, with gates, which slots' gates are open at 100% and
    /// at 0% (bit per slot; up to 128 slots, beyond which nothing is cached).
    fixed: HashMap<FixedKey, (Decimal, Decimal, Option<Decimal>)>,
    /// The SPIFs at their event limits, or `None` when one has no limit.
    spif_best: Option<Decimal>,
    /// Per plan component, its attainment assumption (empty when none is set).
    metric_scales: Vec<Decimal>,
    /// Per slot, its gates (docs/calculation.md, "Gates"); `any_gate` when one has some.
    gates: Vec<Vec<super::gates::SlotGate>>,
    any_gate: bool,
    /// Per slot, the slots of the modifiers that multiply it (docs/calculation.md,
    /// "Modifiers"); `any_mod` when one has some.
    mods: Vec<Vec<usize>>,
    any_mod: bool,
    /// Per slot, the multiplier of a modifier slot for the CSM being paid.
    mult: Vec<Attainment>,
}

impl<'a> PreparedPlan<'a> {
    pub(super) fn new(shape: &'a Shape, scn: &Scenario) -> Self {
        let plan = &shape.flat;
        let comps = plan
            .components
            .iter()
            .map(|comp| Prepared {
                comp,
                default: comp.curve.bounds(comp.target),
                others: Vec::new(),
                f_zero: comp.curve.factor_exact(Decimal::ZERO),
                f_full: comp.curve.factor_exact(Decimal::ONE),
                f_max: comp.curve.max_factor(),
            })
            .collect();
        let gates = super::gates::resolve(&scn.plan, shape);
        PreparedPlan {
            shape,
            comps,
            fixed: HashMap::new(),
            spif_best: spif_best(shape, None),
            metric_scales: metric_scales(scn),
            any_gate: super::gates::any(&gates),
            gates,
            any_mod: super::gates::any_modifier(&scn.plan),
            mods: super::gates::resolve_modifiers(&scn.plan, shape),
            mult: vec![Attainment::FULL; shape.slots.len()],
        }
    }

    /// Variable pay at 100%, at 0% and at the caps for a target variable, for a CSM
    /// employed in `employed` (none = the whole year).
    pub(super) fn fixed_points(
        &mut self,
        csm: &Csm,
        tv: Decimal,
        employed: Option<Employed>,
        gated: Option<(&TeamInputs, usize)>,
    ) -> (Decimal, Decimal, Option<Decimal>) {
        // Which gates are open at 100% and at 0% (they look at the CSM's own targets).
        let (mut full_mask, mut zero_mask) = (0u128, 0u128);
        if let Some((inputs, i)) = gated {
            for j in 0..self.comps.len().min(128) {
                if gates_open_at(
                    &self.gates,
                    self.shape,
                    inputs,
                    i,
                    employed,
                    j,
                    Decimal::ONE,
                ) {
                    full_mask |= 1 << j;
                }
                if gates_open_at(
                    &self.gates,
                    self.shape,
                    inputs,
                    i,
                    employed,
                    j,
                    Decimal::ZERO,
                ) {
                    zero_mask |= 1 << j;
                }
            }
        }
        let key = (tv.mantissa(), tv.scale(), full_mask, zero_mask);
        // Cached by target variable and gates, which decide them unless the mix changes in
        // the year.
        let cache = employed.is_none()
            && !self.shape.mix_changes()
            && (gated.is_none() || self.comps.len() <= 128);
        if cache && let Some(v) = self.fixed.get(&key) {
            return *v;
        }
        let mut planned = Decimal::ZERO;
        let mut worst = Decimal::ZERO;
        let mut best = Some(Decimal::ZERO);
        for (j, pc) in self.comps.iter().enumerate() {
            let share = self.shape.employed_share(j, employed);
            // A slot the CSM does not earn in (a period outside their employment) has no
            // bearing on their pay, uncapped or not (docs/periods.md, rule 11).
            if share.is_zero() {
                continue;
            }
            // Divided once by the days of a period employed in part (see
            // `Shape::employed_share_exact`).
            let (num, den) = self.shape.employed_share_exact(j, employed);
            let amount = self
                .shape
                .slot_amount(csm, j, tv, pc.comp.weight, employed, num);
            let at = |f: Attainment| {
                let den = if f.den == Decimal::ONE {
                    den
                } else {
                    den * f.den
                };
                cents(if den == Decimal::ONE {
                    amount * f.num
                } else {
                    amount * f.num / den
                })
            };
            // A gate shuts a slot at 100% (or at 0%) when the gating metric's result there
            // does not open it.
            let open = |a: Decimal| match gated {
                Some((inputs, i)) => {
                    gates_open_at(&self.gates, self.shape, inputs, i, employed, j, a)
                }
                None => true,
            };
            // Modifiers at 100%, at 0% and at their upper bounds.
            let (mut f_full, mut f_zero, mut f_max) =
                (pc.f_full, pc.f_zero, pc.f_max.map(Attainment::of));
            for k in &self.mods[j] {
                let c = self.comps[*k].comp;
                if let Some(m) = &c.modifier {
                    f_full = times(
                        f_full,
                        within(c.curve.factor_exact(Decimal::ONE), m.min, m.max),
                    );
                    f_zero = times(
                        f_zero,
                        within(c.curve.factor_exact(Decimal::ZERO), m.min, m.max),
                    );
                    f_max = f_max.map(|f| times(f, Attainment::of(m.max)));
                }
            }
            if open(Decimal::ONE) {
                planned += at(f_full);
            }
            if open(Decimal::ZERO) {
                worst += at(f_zero);
            }
            best = match (best, f_max) {
                (Some(b), Some(m)) => Some(b + at(m)),
                _ => None,
            };
        }
        let v = (planned, worst, best);
        if cache {
            self.fixed.insert(key, v);
        }
        v
    }

    fn spif(&self, events: &[u32]) -> Decimal {
        self.shape
            .flat
            .spifs
            .iter()
            .zip(events)
            .map(|(s, e)| spif_payout(s, *e))
            .sum()
    }

    /// Pays CSM `i`'s slots into `out`; returns (base, target variable, variable), base
    /// and target variable prorated for a joiner or leaver.
    fn pay_csm(
        &mut self,
        csm: &Csm,
        inputs: &TeamInputs,
        i: usize,
        scale: Decimal,
        mut out: Option<&mut Vec<ComponentResult>>,
        mut counts: Option<&mut SlotCounts>,
    ) -> (Decimal, Decimal, Decimal) {
        let shape = self.shape;
        let (base, tv) = split_pay(&shape.flat, csm);
        let employed = inputs.employed(i);
        let mut variable = Decimal::ZERO;
        if self.any_mod {
            // The modifiers' multipliers first: their curve at their attainment, within
            // their bounds.
            for j in 0..self.comps.len() {
                let Some(m) = self.comps[j].comp.modifier.as_ref() else {
                    continue;
                };
                let (min, max) = (m.min, m.max);
                let (actual, target, s, assume) =
                    slot_inputs(shape, inputs, &self.metric_scales, i, j, scale);
                let (_, p) = self.comps[j].pay(Decimal::ONE, actual, target, s, assume);
                self.mult[j] = within(p.factor, min, max);
            }
        }
        for (j, pc) in self.comps.iter_mut().enumerate() {
            let share = shape.employed_share(j, employed);
            if share.is_zero() {
                if let Some(out) = out.as_deref_mut() {
                    out.push(ComponentResult {
                        attainment_exact: Attainment::ZERO,
                        factor_exact: Attainment::ZERO,
                        payout: Decimal::ZERO,
                    });
                }
                continue;
            }
            let (num, den) = shape.employed_share_exact(j, employed);
            let amount = shape.slot_amount(csm, j, tv, pc.comp.weight, employed, num);
            let (actual, target, s, assume) =
                slot_inputs(shape, inputs, &self.metric_scales, i, j, scale);
            let (a, mut p) = pc.pay(amount, actual, target, s, assume);
            // Modifiers multiply the factor; the payout is rounded once from the product.
            for k in &self.mods[j] {
                let m = self.mult[*k];
                if m != Attainment::FULL {
                    p.factor = times(p.factor, m);
                }
            }
            if !self.mods[j].is_empty() {
                p.exact = amount * p.factor.num / p.factor.den;
            }
            if self.any_gate
                && closed_gate(&self.gates, shape, inputs, &self.metric_scales, i, j, scale)
                    .is_some()
            {
                p.exact = Decimal::ZERO;
                p.factor = Attainment::ZERO;
                if let Some(c) = counts.as_deref_mut() {
                    c.gated[j] += 1;
                }
            }
            let payout = cents(if den == Decimal::ONE {
                p.exact
            } else {
                p.exact / den
            });
            variable += payout;
            if p.below_threshold
                && let Some(c) = counts.as_deref_mut()
            {
                c.below[j] += 1;
            }
            if let Some(out) = out.as_deref_mut() {
                out.push(ComponentResult {
                    attainment_exact: a,
                    // A modifier shows its multiplier.
                    factor_exact: if pc.comp.modifier.is_some() {
                        self.mult[j]
                    } else {
                        p.factor
                    },
                    payout,
                });
            }
        }
        let (base, tv) = match shape.mix_changes() {
            true => shape.year_pay(csm, employed),
            false => shape.prorated(base, tv, employed),
        };
        (base, tv, variable)
    }

    /// CSM `i`'s whole result, their slot results appended to `out`.
    pub(super) fn csm_result(
        &mut self,
        csm: &Csm,
        inputs: &TeamInputs,
        i: usize,
        scale: Decimal,
        out: Option<&mut Vec<ComponentResult>>,
        counts: Option<&mut SlotCounts>,
    ) -> CsmResult {
        let (base, tv, variable) = self.pay_csm(csm, inputs, i, scale, out, counts);
        let spif = self.spif(inputs.events(i));
        let employed = inputs.employed(i);
        let gate_inputs = self.any_gate.then_some((inputs, i));
        let (planned_var, worst_var, best_var) = self.fixed_points(
            csm,
            split_pay(&self.shape.flat, csm).1,
            employed,
            gate_inputs,
        );
        let spif_best = match employed {
            None => self.spif_best,
            Some(_) => spif_best(self.shape, employed),
        };
        let ote = match employed {
            None => csm.ote,
            Some(_) => match self.shape.flat.mix_for(&csm.level).basis {
                Basis::OteSplit => base + tv,
                Basis::BonusOnTop => base,
            },
        };
        CsmResult {
            base,
            target_variable: tv,
            variable,
            spif,
            total: base + variable + spif,
            ote,
            planned: base + planned_var + spif,
            worst: base + worst_var,
            upside: best_var.zip(spif_best).map(|(v, s)| base + v + s),
            adjustment: Decimal::ZERO,
        }
    }
}

/// Per plan component, the scenario's attainment assumption; empty when it sets none.
pub(crate) fn metric_scales(scn: &Scenario) -> Vec<Decimal> {
    if scn.assumptions.attainment_by_metric.is_empty() {
        return Vec::new();
    }
    scn.assumptions.scales(&scn.plan, Decimal::ONE)
}

/// The SPIFs at their event limits in the periods a CSM works, or `None` when one has no
/// limit.
fn spif_best(shape: &Shape, employed: Option<Employed>) -> Option<Decimal> {
    shape
        .flat
        .spifs
        .iter()
        .zip(&shape.spif_slots)
        .filter(|(_, slot)| slot.period.is_none_or(|p| Shape::works_in(employed, p)))
        .try_fold(Decimal::ZERO, |acc, (s, _)| {
            s.max_events.map(|m| acc + s.amount * Decimal::from(m))
        })
}

/// What every evaluation does last: with periods, each CSM's and the team's pay by period
/// (in whole cents: a few integer operations per CSM); with joiners or leavers, the team's
/// prorated OTE.
pub(super) fn finish_evaluation(
    e: &mut Evaluation,
    scn: &Scenario,
    shape: &Shape,
    inputs: &TeamInputs,
) {
    if !inputs.employed.is_empty() {
        e.team.ote = e.csms.iter().map(|c| c.ote).sum();
        e.team.downside_pct = lowest_downside(&e.csms);
        finish_team(&mut e.team, scn);
    }
    // A missing value in a slot of actual results is a missing result (paid at 0%); in
    // any other, a missing projection (paid as the plan says, and shown as assumed).
    let per_slot = std::mem::take(&mut e.missing_actuals);
    e.missing_actuals = per_slot
        .iter()
        .zip(&shape.slots)
        .map(|(m, slot)| if slot.fixed { *m } else { 0 })
        .collect();
    e.assumed = per_slot
        .iter()
        .zip(&shape.slots)
        .map(|(m, slot)| if slot.fixed { 0 } else { *m })
        .collect();
    e.assumed_csms = if e.assumed.iter().any(|m| *m > 0) {
        (0..e.csms.len())
            .filter(|&i| inputs.assumed_slots(shape, i).next().is_some())
            .count()
    } else {
        0
    };
    if !shape.periodic {
        return;
    }
    let count = shape.count;
    let n = e.csms.len();
    let comps = scn.plan.components.len();
    let flat = &shape.flat;
    // Where each slot and SPIF slot is paid: its period, or the last for annual ones.
    let paid_in = shape.slots_paid_in();
    let spif_in = shape.spifs_paid_in();
    let spif_cents: Vec<Option<(i128, Option<u32>)>> = flat
        .spifs
        .iter()
        .map(|s| Some((cents_of(s.amount)?, s.max_events)))
        .collect();
    let mut csms = vec![PeriodPay::default(); n * count];
    let mut team = vec![[0i128; 3]; count];
    let mut row = vec![[0i128; 3]; count];
    let summed = std::mem::take(&mut e.period_cents);
    let sums = PeriodSums {
        paid_in: &paid_in,
        spif_in: &spif_in,
        spif_cents: &spif_cents,
    };
    // Recorded payouts replace what the plan computes for their periods: the difference
    // is the CSM's adjustment (docs/periods.md, "Recorded payouts").
    let mut recorded = inputs.recorded.iter().peekable();
    let mut team_adjustment = vec![Decimal::ZERO; count];
    let mut adjusted = false;
    for (i, csm) in scn.team.iter().enumerate() {
        if summed.len() == n * count {
            row.copy_from_slice(&summed[i * count..(i + 1) * count]);
        } else {
            sums.csm(e, shape, inputs, i, csm, &mut row);
        }
        for (p, r) in row.iter().enumerate() {
            let c = |v: i128| Decimal::from_i128_with_scale(v, 2);
            csms[i * count + p] = PeriodPay {
                base: c(r[0]),
                variable: c(r[1]),
                spif: c(r[2]),
                adjustment: Decimal::ZERO,
                total: c(r[0] + r[1] + r[2]),
            };
            for (t, v) in team[p].iter_mut().zip(r) {
                *t += v;
            }
        }
        let mut adjustment = Decimal::ZERO;
        while let Some((_, p, paid)) = recorded.next_if(|(k, _, _)| *k == i) {
            let pay = &mut csms[i * count + p];
            pay.adjustment = *paid - pay.total;
            pay.total = *paid;
            adjustment += pay.adjustment;
            team_adjustment[*p] += pay.adjustment;
        }
        if !adjustment.is_zero() {
            adjusted = true;
            e.csms[i].adjustment = adjustment;
            e.csms[i].total += adjustment;
        }
    }
    if adjusted {
        e.team.adjustment = team_adjustment.iter().sum();
        finish_team(&mut e.team, scn);
    }
    // The guardrails count per plan component: the worst period of a per-period one.
    let per_component = |v: &[usize]| -> Vec<usize> {
        let mut out = vec![0; comps];
        for (slot, x) in shape.slots.iter().zip(v) {
            out[slot.component] = out[slot.component].max(*x);
        }
        out
    };
    e.missing_actuals = per_component(&e.missing_actuals);
    e.assumed = per_component(&e.assumed);
    e.below_threshold = per_component(&e.below_threshold);
    e.gated = per_component(&e.gated);
    let mut spread = vec![ActualSpread::default(); comps];
    for (slot, sp) in shape.slots.iter().zip(&e.actual_spread) {
        if slot.period.is_none() {
            spread[slot.component] = *sp;
        }
    }
    e.actual_spread = spread;
    e.periods = Some(PeriodResults {
        slots: shape.slots.clone(),
        weights: flat.components.iter().map(|c| c.weight).collect(),
        components: comps,
        employed: inputs.employed.clone(),
        count,
        shares: shape.shares.clone(),
        as_of: shape.as_of,
        csms,
        team: team
            .iter()
            .zip(&team_adjustment)
            .map(|(t, a)| {
                let c = |v: i128| Decimal::from_i128_with_scale(v, 2);
                PeriodPay {
                    base: c(t[0]),
                    variable: c(t[1]),
                    spif: c(t[2]),
                    adjustment: *a,
                    total: c(t[0] + t[1] + t[2]) + *a,
                }
            })
            .collect(),
    });
}

/// Where each slot and SPIF slot is paid, and the SPIF amounts in cents.
struct PeriodSums<'a> {
    paid_in: &'a [usize],
    spif_in: &'a [usize],
    spif_cents: &'a [Option<(i128, Option<u32>)>],
}

impl PeriodSums<'_> {
    /// CSM `i`'s base, variable and SPIF pay in each period, in cents, from their results
    /// (the integer path sums the same as it pays).
    fn csm(
        &self,
        e: &Evaluation,
        shape: &Shape,
        inputs: &TeamInputs,
        i: usize,
        csm: &Csm,
        row: &mut [[i128; 3]],
    ) {
        let flat = &shape.flat;
        let employed = inputs.employed(i);
        // The annual base: the CSM's own (whole year), else from the pay mix.
        let base = match employed {
            None => e.csms[i].base,
            Some(_) => split_pay(flat, csm).0,
        };
        for (p, r) in row.iter_mut().enumerate() {
            *r = [0; 3];
            if shape.mix_changes() {
                // The mix in force in each period (docs/periods.md, rule 26).
                r[0] = cents_of(shape.period_pay(csm, p, employed).0).unwrap_or(0);
                continue;
            }
            match employed {
                Some(em) if !em.whole(p) => {
                    if em.contains(p) {
                        let part = shape.employed_part(shape.by_length(base, p), em, p);
                        r[0] = cents_of(part).unwrap_or(0);
                    }
                }
                _ => {
                    r[0] = shape
                        .base_cents(base, p)
                        .unwrap_or_else(|| cents_of(shape.by_length(base, p)).unwrap_or(0));
                }
            }
        }
        let settles = shape.settles(employed);
        for (j, r) in e.slots(i).iter().enumerate() {
            let p = match settles {
                true => shape.paid_in(j, employed),
                false => self.paid_in[j],
            };
            row[p][1] += cents_of(r.payout).unwrap_or(0);
        }
        for (k, events) in inputs.events(i).iter().enumerate() {
            let paid = match self.spif_cents[k] {
                Some((amount, max)) => {
                    amount * i128::from(max.map_or(*events, |m| (*events).min(m)))
                }
                None => cents_of(spif_payout(&flat.spifs[k], *events)).unwrap_or(0),
            };
            row[self.spif_in[k]][2] += paid;
        }
    }
}

/// A money amount in whole cents (`None` when it has a fraction of a cent, or is too large).
fn cents_of(d: Decimal) -> Option<i128> {
    int_at(d, 2)
}

/// The same evaluation in decimal arithmetic throughout: the reference the fast path is
/// tested against, and the path for numbers too large for it.
#[doc(hidden)]
pub fn evaluate_decimal(scn: &Scenario, inputs: &TeamInputs, scale: Decimal) -> Evaluation {
    let shape = Shape::of(&scn.plan);
    if !inputs.fits_shape(scn, &shape) {
        return evaluate_decimal(scn, &TeamInputs::new(scn), scale);
    }
    let mut e = decimal_slots(scn, &shape, inputs, scale);
    finish_evaluation(&mut e, scn, &shape, inputs);
    e
}

/// The decimal engine over the slots, before [`finish_evaluation`].
pub(super) fn decimal_slots(
    scn: &Scenario,
    shape: &Shape,
    inputs: &TeamInputs,
    scale: Decimal,
) -> Evaluation {
    let mut prepared = PreparedPlan::new(shape, scn);
    let stride = shape.slots.len();
    let mut components = Vec::with_capacity(scn.team.len() * stride);
    let mut csms = Vec::with_capacity(scn.team.len());
    let mut counts = SlotCounts {
        below: vec![0; stride],
        gated: vec![0; stride],
    };
    for (i, csm) in scn.team.iter().enumerate() {
        csms.push(prepared.csm_result(
            csm,
            inputs,
            i,
            scale,
            Some(&mut components),
            Some(&mut counts),
        ));
    }
    let team = team_totals(scn, &csms);
    let missing_actuals = inputs.missing.clone();
    Evaluation {
        csms,
        components,
        stride,
        team,
        missing_actuals,
        assumed: Vec::new(),
        assumed_csms: 0,
        below_threshold: counts.below,
        gated: counts.gated,
        actual_spread: inputs.spread.clone(),
        periods: None,
        period_cents: Vec::new(),
    }
}

/// The lowest worst-case pay / OTE across CSMs (zero when there is none).
fn lowest_downside(csms: &[CsmResult]) -> Decimal {
    let mut lowest: Option<&CsmResult> = None;
    for r in csms {
        if !r.ote.is_zero() && lowest.is_none_or(|l| r.worst * l.ote < l.worst * r.ote) {
            lowest = Some(r);
        }
    }
    lowest.map_or(Decimal::ZERO, |l| l.downside_pct())
}

fn team_totals(scn: &Scenario, csms: &[CsmResult]) -> TeamResult {
    let mut t = TeamResult::default();
    // The lowest worst/OTE, found by cross-multiplying rather than dividing for every CSM.
    let mut lowest: Option<&CsmResult> = None;
    for (csm, r) in scn.team.iter().zip(csms) {
        if !r.ote.is_zero() && lowest.is_none_or(|l| r.worst * l.ote < l.worst * r.ote) {
            lowest = Some(r);
        }
        t.ote += csm.ote;
        t.book_arr += csm.book_arr;
        t.base += r.base;
        t.target_variable += r.target_variable;
        t.variable += r.variable;
        t.spif += r.spif;
        t.planned_cost += r.planned;
    }
    t.downside_pct = lowest.map_or(Decimal::ZERO, |l| l.downside_pct());
    finish_team(&mut t, scn);
    t
}

/// Fills in the team's cash, loaded cost and ratios from its sums.
pub(super) fn finish_team(t: &mut TeamResult, scn: &Scenario) {
    t.cash = t.base + t.variable + t.spif + t.adjustment;
    t.loaded_cost = loaded(t.cash, scn.assumptions.burden_rate);
    t.cost_pct_of_arr = if t.book_arr.is_zero() {
        Decimal::ZERO
    } else {
        t.loaded_cost / t.book_arr
    };
    t.pct_of_ote = if t.ote.is_zero() {
        Decimal::ZERO
    } else {
        t.cash / t.ote
    };
}

/// Cash × (1 + burden), to the cent.
pub fn loaded(cash: Decimal, burden: Decimal) -> Decimal {
    cents(cash * (Decimal::ONE + burden))
}

/// Team cash at an attainment scale, without per-CSM detail (for cost curves).
pub fn team_cash_at(scn: &Scenario, inputs: &TeamInputs, scale: Decimal) -> Decimal {
    if !inputs.fits(scn) {
        return team_cash_at(scn, &TeamInputs::new(scn), scale);
    }
    computed_cash_at(scn, inputs, scale) + recorded_adjustment(scn, inputs)
}

/// What recorded payouts add to the team's cash (their difference to what the plan
/// computes for their closed periods), the same at every attainment scale.
pub(crate) fn recorded_adjustment(scn: &Scenario, inputs: &TeamInputs) -> Decimal {
    if inputs.recorded.is_empty() {
        return Decimal::ZERO;
    }
    evaluate_decimal(scn, inputs, Decimal::ONE).team.adjustment
}

/// Team cash at a scale as the plan computes it, before recorded payouts.
fn computed_cash_at(scn: &Scenario, inputs: &TeamInputs, scale: Decimal) -> Decimal {
    let shape = Shape::of(&scn.plan);
    if !inputs.fits_shape(scn, &shape) {
        return computed_cash_at(scn, &TeamInputs::new(scn), scale);
    }
    let mut prepared = PreparedPlan::new(&shape, scn);
    let mut total = Decimal::ZERO;
    for (i, csm) in scn.team.iter().enumerate() {
        let (base, _, variable) = prepared.pay_csm(csm, inputs, i, scale, None, None);
        total += base + variable + prepared.spif(inputs.events(i));
    }
    total
}

/// The scales of the standard cost curve: 50% to 150% in steps of 5% (21 points).
pub fn curve_scales() -> Vec<Decimal> {
    (10..=30).map(|i| Decimal::new(i * 5, 2)).collect()
}

/// Team cash at each scale of [`curve_scales`].
pub fn cost_curve(scn: &Scenario) -> Vec<(Decimal, Decimal)> {
    let inputs = TeamInputs::new(scn);
    let recorded = recorded_adjustment(scn, &inputs);
    curve_scales()
        .into_iter()
        .map(|s| (s, computed_cash_at(scn, &inputs, s) + recorded))
        .collect()
}
