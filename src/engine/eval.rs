//! Evaluation: what every CSM earns under a plan, and what the team costs.
//!
//! Callers pass a scenario that `validate` accepted; the bounds it enforces keep every
//! product here far inside `Decimal`'s range.
//!
//! Speed: the team's inputs are laid out once per team ([`TeamInputs`]) so that evaluating a
//! plan change needs no lookups by name, results for all CSMs live in two flat vectors, and
//! what does not depend on a CSM's actuals (pay at 0%, 100% and the caps) is computed once
//! per distinct target variable.

use super::curve::{Attainment, Bounds, Payout};
use super::model::{Basis, Component, Csm, Plan, Scenario, Spif};
use crate::num::cents;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One component's result for one CSM.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComponentResult {
    /// Attainment after the team scale, exact (1 = 100%).
    pub attainment_exact: Attainment,
    /// Payout factor, exact.
    pub factor_exact: Attainment,
    /// Rounded to cents.
    pub payout: Decimal,
}

impl ComponentResult {
    /// Attainment as one decimal (divides; for display and reports).
    pub fn attainment(&self) -> Decimal {
        self.attainment_exact.value()
    }

    /// Payout factor as one decimal (divides; for display and reports).
    pub fn factor(&self) -> Decimal {
        self.factor_exact.value()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CsmResult {
    pub base: Decimal,
    pub target_variable: Decimal,
    /// Σ component payouts.
    pub variable: Decimal,
    /// Σ SPIF payouts.
    pub spif: Decimal,
    pub total: Decimal,
    pub ote: Decimal,
    /// Pay at exactly 100% attainment on every component (plus projected SPIFs).
    pub planned: Decimal,
    /// Worst-case pay: all attainments 0, no SPIFs.
    pub worst: Decimal,
    /// Pay at the caps (SPIFs at their event limit), or `None` when something is uncapped.
    pub upside: Option<Decimal>,
}

impl CsmResult {
    fn of_ote(&self, x: Decimal) -> Decimal {
        if self.ote.is_zero() {
            Decimal::ZERO
        } else {
            x / self.ote
        }
    }

    /// total / OTE.
    pub fn pct_of_ote(&self) -> Decimal {
        self.of_ote(self.total)
    }

    /// Worst-case pay as a fraction of OTE.
    pub fn downside_pct(&self) -> Decimal {
        self.of_ote(self.worst)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TeamResult {
    pub ote: Decimal,
    pub base: Decimal,
    pub target_variable: Decimal,
    pub variable: Decimal,
    pub spif: Decimal,
    pub cash: Decimal,
    /// cash × (1 + burden rate), to the cent.
    pub loaded_cost: Decimal,
    /// Team cash at exactly 100% attainment.
    pub planned_cost: Decimal,
    pub book_arr: Decimal,
    /// loaded cost / book ARR (zero when the book is empty).
    pub cost_pct_of_arr: Decimal,
    /// The lowest worst-case pay as a fraction of OTE across the team.
    pub downside_pct: Decimal,
    /// cash / OTE for the whole team.
    pub pct_of_ote: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// One per CSM, in team order.
    pub csms: Vec<CsmResult>,
    /// `stride` results per CSM, in plan component order.
    components: Vec<ComponentResult>,
    stride: usize,
    pub team: TeamResult,
    /// Per plan component: how many CSMs have no projected actual for it.
    pub missing_actuals: Vec<usize>,
    /// Per plan component: how many CSMs are below its threshold (or first step).
    pub below_threshold: Vec<usize>,
}

impl Evaluation {
    /// The component results of CSM `i`, in plan order (empty if `i` is out of range).
    pub fn components(&self, i: usize) -> &[ComponentResult] {
        let start = i.saturating_mul(self.stride).min(self.components.len());
        let end = start.saturating_add(self.stride).min(self.components.len());
        &self.components[start..end]
    }
}

/// Base and target variable for a CSM under the plan's mix for their level.
pub fn split_pay(plan: &Plan, csm: &Csm) -> (Decimal, Decimal) {
    let mix = plan.mix_for(&csm.level);
    let target_variable = cents(csm.ote * mix.variable_share);
    let base = match mix.basis {
        Basis::OteSplit => csm.ote - target_variable,
        Basis::BonusOnTop => csm.ote,
    };
    (base, target_variable)
}

/// A CSM's target for a component: their own, or the plan's default.
pub fn target_for(comp: &Component, csm: &Csm) -> Decimal {
    csm.targets.get(&comp.id).copied().unwrap_or(comp.target)
}

/// What a SPIF pays for a number of events.
pub fn spif_payout(spif: &Spif, events: u32) -> Decimal {
    let paid = spif.max_events.map_or(events, |m| events.min(m));
    spif.amount * Decimal::from(paid)
}

/// The team's per-metric inputs laid out in plan order. Depends on the team and on the ids
/// of the plan's components and SPIFs, not on any plan number: rebuild it when those change.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamInputs {
    comps: usize,
    spifs: usize,
    /// Per CSM × component: the CSM's own target, if any.
    targets: Vec<Option<Decimal>>,
    /// Per CSM × component: the projected actual, if any.
    actuals: Vec<Option<Decimal>>,
    /// Per CSM × SPIF: projected events.
    events: Vec<u32>,
    /// The component and SPIF ids this was built for.
    ids: Vec<String>,
}

impl TeamInputs {
    pub fn new(scn: &Scenario) -> Self {
        let plan = &scn.plan;
        let n = scn.team.len();
        let mut targets = Vec::with_capacity(n * plan.components.len());
        let mut actuals = Vec::with_capacity(n * plan.components.len());
        let mut events = Vec::with_capacity(n * plan.spifs.len());
        for csm in &scn.team {
            for comp in &plan.components {
                targets.push(csm.targets.get(&comp.id).copied());
                actuals.push(csm.actuals.get(&comp.id).copied());
            }
            for s in &plan.spifs {
                events.push(csm.spifs.get(&s.id).copied().unwrap_or(0));
            }
        }
        TeamInputs {
            comps: plan.components.len(),
            spifs: plan.spifs.len(),
            targets,
            actuals,
            events,
            ids: Self::ids_of(plan),
        }
    }

    fn ids_of(plan: &Plan) -> Vec<String> {
        plan.components
            .iter()
            .map(|c| c.id.clone())
            .chain(plan.spifs.iter().map(|s| format!("spif:{}", s.id)))
            .collect()
    }

    /// True when these inputs were built for this plan's ids and a team of this size.
    pub fn fits(&self, scn: &Scenario) -> bool {
        self.targets.len() == scn.team.len() * self.comps
            && self.events.len() == scn.team.len() * self.spifs
            && self.ids == Self::ids_of(&scn.plan)
    }

    /// CSM `i`'s own target for component `j` (plan order), if any.
    pub fn target(&self, i: usize, j: usize) -> Option<Decimal> {
        self.targets.get(i * self.comps + j).copied().flatten()
    }

    /// CSM `i`'s projected actual for component `j` (plan order), if any.
    pub fn actual(&self, i: usize, j: usize) -> Option<Decimal> {
        self.actuals.get(i * self.comps + j).copied().flatten()
    }

    /// CSM `i`'s projected events per SPIF (plan order).
    pub fn events(&self, i: usize) -> &[u32] {
        let start = (i * self.spifs).min(self.events.len());
        let end = (start + self.spifs).min(self.events.len());
        &self.events[start..end]
    }
}

/// A component made ready for evaluating many CSMs: its breakpoints scaled by the default
/// target (and by each other target met so far), and its payout factors at 0%, at 100% and
/// at the caps, which do not depend on the CSM.
struct Prepared<'a> {
    comp: &'a Component,
    default: Bounds,
    others: Vec<Bounds>,
    f_zero: Decimal,
    f_full: Decimal,
    f_max: Option<Decimal>,
}

impl Prepared<'_> {
    fn pay(
        &mut self,
        amount: Decimal,
        actual: Option<Decimal>,
        target: Decimal,
        scale: Decimal,
    ) -> (Attainment, Payout) {
        let comp = self.comp;
        let a = match actual {
            Some(actual) => Attainment::measure(actual, target, comp.direction, scale),
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

/// The plan made ready for evaluating a team.
struct PreparedPlan<'a> {
    plan: &'a Plan,
    comps: Vec<Prepared<'a>>,
    /// Per target variable: the variable pay at 100%, at 0% and at the caps.
    fixed: HashMap<(i128, u32), (Decimal, Decimal, Option<Decimal>)>,
    /// The SPIFs at their event limits, or `None` when one has no limit.
    spif_best: Option<Decimal>,
}

impl<'a> PreparedPlan<'a> {
    fn new(plan: &'a Plan) -> Self {
        let comps = plan
            .components
            .iter()
            .map(|comp| Prepared {
                comp,
                default: comp.curve.bounds(comp.target),
                others: Vec::new(),
                f_zero: comp.curve.factor_at(Decimal::ZERO),
                f_full: comp.curve.factor_at(Decimal::ONE),
                f_max: comp.curve.max_factor(),
            })
            .collect();
        let spif_best = plan.spifs.iter().try_fold(Decimal::ZERO, |acc, s| {
            s.max_events.map(|m| acc + s.amount * Decimal::from(m))
        });
        PreparedPlan {
            plan,
            comps,
            fixed: HashMap::new(),
            spif_best,
        }
    }

    /// Variable pay at 100%, at 0% and at the caps for a target variable.
    fn fixed_points(&mut self, tv: Decimal) -> (Decimal, Decimal, Option<Decimal>) {
        let key = (tv.mantissa(), tv.scale());
        if let Some(v) = self.fixed.get(&key) {
            return *v;
        }
        let mut planned = Decimal::ZERO;
        let mut worst = Decimal::ZERO;
        let mut best = Some(Decimal::ZERO);
        for pc in &self.comps {
            let amount = tv * pc.comp.weight;
            planned += cents(amount * pc.f_full);
            worst += cents(amount * pc.f_zero);
            best = match (best, pc.f_max) {
                (Some(b), Some(m)) => Some(b + cents(amount * m)),
                _ => None,
            };
        }
        let v = (planned, worst, best);
        self.fixed.insert(key, v);
        v
    }

    fn spif(&self, events: &[u32]) -> Decimal {
        self.plan
            .spifs
            .iter()
            .zip(events)
            .map(|(s, e)| spif_payout(s, *e))
            .sum()
    }

    /// Pays CSM `i`'s components into `out`; returns (base, target variable, variable).
    fn pay_csm(
        &mut self,
        csm: &Csm,
        inputs: &TeamInputs,
        i: usize,
        scale: Decimal,
        mut out: Option<&mut Vec<ComponentResult>>,
        mut below: Option<&mut [usize]>,
    ) -> (Decimal, Decimal, Decimal) {
        let (base, tv) = split_pay(self.plan, csm);
        let row = i * inputs.comps;
        let mut variable = Decimal::ZERO;
        for (j, pc) in self.comps.iter_mut().enumerate() {
            let amount = tv * pc.comp.weight;
            let target = inputs.targets[row + j].unwrap_or(pc.comp.target);
            let (a, p) = pc.pay(amount, inputs.actuals[row + j], target, scale);
            let payout = cents(p.exact);
            variable += payout;
            if p.below_threshold
                && let Some(b) = below.as_deref_mut()
            {
                b[j] += 1;
            }
            if let Some(out) = out.as_deref_mut() {
                out.push(ComponentResult {
                    attainment_exact: a,
                    factor_exact: p.factor,
                    payout,
                });
            }
        }
        (base, tv, variable)
    }

    fn events<'b>(&self, inputs: &'b TeamInputs, i: usize) -> &'b [u32] {
        &inputs.events[i * inputs.spifs..(i + 1) * inputs.spifs]
    }
}

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
    if !inputs.fits(scn) {
        return evaluate_with(scn, &TeamInputs::new(scn), scale);
    }
    let mut prepared = PreparedPlan::new(&scn.plan);
    let stride = scn.plan.components.len();
    let mut components = Vec::with_capacity(scn.team.len() * stride);
    let mut csms = Vec::with_capacity(scn.team.len());
    let mut below_threshold = vec![0; stride];
    for (i, csm) in scn.team.iter().enumerate() {
        let (base, tv, variable) = prepared.pay_csm(
            csm,
            inputs,
            i,
            scale,
            Some(&mut components),
            Some(&mut below_threshold),
        );
        let spif = prepared.spif(prepared.events(inputs, i));
        let (planned_var, worst_var, best_var) = prepared.fixed_points(tv);
        csms.push(CsmResult {
            base,
            target_variable: tv,
            variable,
            spif,
            total: base + variable + spif,
            ote: csm.ote,
            planned: base + planned_var + spif,
            worst: base + worst_var,
            upside: best_var.zip(prepared.spif_best).map(|(v, s)| base + v + s),
        });
    }
    let team = team_totals(scn, &csms);
    let mut missing_actuals = vec![0; stride];
    for (k, a) in inputs.actuals.iter().enumerate() {
        if a.is_none() {
            missing_actuals[k % stride] += 1;
        }
    }
    Evaluation {
        csms,
        components,
        stride,
        team,
        missing_actuals,
        below_threshold,
    }
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
    t.cash = t.base + t.variable + t.spif;
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
    t
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
    let mut prepared = PreparedPlan::new(&scn.plan);
    let mut total = Decimal::ZERO;
    for (i, csm) in scn.team.iter().enumerate() {
        let (base, _, variable) = prepared.pay_csm(csm, inputs, i, scale, None, None);
        total += base + variable + prepared.spif(prepared.events(inputs, i));
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
    curve_scales()
        .into_iter()
        .map(|s| (s, team_cash_at(scn, &inputs, s)))
        .collect()
}
