//! Evaluation: what every CSM earns under a plan, and what the team costs.
//!
//! Callers pass a scenario that `validate` accepted; the bounds it enforces keep every
//! product here far inside `Decimal`'s range.

use super::curve::Attainment;
use super::model::{Basis, Csm, Plan, Scenario};
use crate::num::cents;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub struct ComponentResult {
    /// Target used for this CSM (their own, or the plan's default).
    pub target: Decimal,
    /// Projected actual, if the CSM has one.
    pub actual: Option<Decimal>,
    /// Attainment after the team scale (1 = 100%).
    pub attainment: Decimal,
    pub factor: Decimal,
    /// Rounded to cents.
    pub payout: Decimal,
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
    /// total / OTE.
    pub pct_of_ote: Decimal,
    /// One per plan component, in plan order.
    pub components: Vec<ComponentResult>,
    /// One per plan SPIF, in plan order.
    pub spifs: Vec<Decimal>,
    /// Pay at exactly 100% attainment on every component (plus projected SPIFs).
    pub planned: Decimal,
    /// Worst-case pay (all attainments 0, no SPIFs) as a fraction of OTE.
    pub downside_pct: Decimal,
    /// Pay at the caps (SPIFs at their event limit), or `None` when something is uncapped.
    pub upside: Option<Decimal>,
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
    pub csms: Vec<CsmResult>,
    pub team: TeamResult,
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

/// A CSM's pay with the scale applied, without the per-component detail.
/// Returns (base, variable, spif).
pub fn csm_cash(plan: &Plan, csm: &Csm, scale: Decimal) -> (Decimal, Decimal, Decimal) {
    let (base, tv) = split_pay(plan, csm);
    let mut variable = Decimal::ZERO;
    for comp in &plan.components {
        let target = csm.targets.get(&comp.id).copied().unwrap_or(comp.target);
        let a = match csm.actuals.get(&comp.id) {
            Some(actual) => Attainment::measure(*actual, target, comp.direction, scale),
            None => Attainment::ZERO,
        };
        variable += cents(comp.curve.pay(tv * comp.weight, a).exact);
    }
    (base, variable, spif_total(plan, csm))
}

fn spif_pay(amount: Decimal, events: u32, max: Option<u32>) -> Decimal {
    let paid = max.map_or(events, |m| events.min(m));
    amount * Decimal::from(paid)
}

fn spif_total(plan: &Plan, csm: &Csm) -> Decimal {
    plan.spifs
        .iter()
        .map(|s| {
            spif_pay(
                s.amount,
                csm.spifs.get(&s.id).copied().unwrap_or(0),
                s.max_events,
            )
        })
        .sum()
}

/// Evaluates one CSM in full detail.
pub fn evaluate_csm(plan: &Plan, csm: &Csm, scale: Decimal) -> CsmResult {
    let (base, tv) = split_pay(plan, csm);
    let mut components = Vec::with_capacity(plan.components.len());
    let mut variable = Decimal::ZERO;
    let mut planned_var = Decimal::ZERO;
    let mut worst_var = Decimal::ZERO;
    let mut best_var = Some(Decimal::ZERO);
    for comp in &plan.components {
        let target = csm.targets.get(&comp.id).copied().unwrap_or(comp.target);
        let actual = csm.actuals.get(&comp.id).copied();
        let a = match actual {
            Some(actual) => Attainment::measure(actual, target, comp.direction, scale),
            None => Attainment::ZERO,
        };
        let amount = tv * comp.weight;
        let p = comp.curve.pay(amount, a);
        let payout = cents(p.exact);
        variable += payout;
        planned_var += cents(comp.curve.pay(amount, Attainment::FULL).exact);
        worst_var += cents(comp.curve.pay(amount, Attainment::ZERO).exact);
        best_var = match (best_var, comp.curve.max_factor()) {
            (Some(b), Some(m)) => Some(b + cents(amount * m)),
            _ => None,
        };
        components.push(ComponentResult {
            target,
            actual,
            attainment: a.value(),
            factor: p.factor,
            payout,
        });
    }
    let mut spifs = Vec::with_capacity(plan.spifs.len());
    let mut spif = Decimal::ZERO;
    let mut best_spif = Some(Decimal::ZERO);
    for s in &plan.spifs {
        let pay = spif_pay(
            s.amount,
            csm.spifs.get(&s.id).copied().unwrap_or(0),
            s.max_events,
        );
        spif += pay;
        spifs.push(pay);
        best_spif = match (best_spif, s.max_events) {
            (Some(b), Some(m)) => Some(b + s.amount * Decimal::from(m)),
            _ => None,
        };
    }
    let total = base + variable + spif;
    let ratio = |x: Decimal| {
        if csm.ote.is_zero() {
            Decimal::ZERO
        } else {
            x / csm.ote
        }
    };
    CsmResult {
        base,
        target_variable: tv,
        variable,
        spif,
        total,
        pct_of_ote: ratio(total),
        components,
        spifs,
        planned: base + planned_var + spif,
        downside_pct: ratio(base + worst_var),
        upside: best_var.zip(best_spif).map(|(v, s)| base + v + s),
    }
}

/// Evaluates the whole scenario at its own attainment scale.
pub fn evaluate(scn: &Scenario) -> Evaluation {
    evaluate_at(scn, scn.assumptions.attainment_scale)
}

/// Evaluates the whole scenario at a given attainment scale.
pub fn evaluate_at(scn: &Scenario, scale: Decimal) -> Evaluation {
    let csms: Vec<CsmResult> = scn
        .team
        .iter()
        .map(|c| evaluate_csm(&scn.plan, c, scale))
        .collect();
    let team = team_totals(scn, &csms);
    Evaluation { csms, team }
}

fn team_totals(scn: &Scenario, csms: &[CsmResult]) -> TeamResult {
    let mut t = TeamResult {
        downside_pct: if csms.is_empty() {
            Decimal::ZERO
        } else {
            Decimal::MAX
        },
        ..TeamResult::default()
    };
    for (csm, r) in scn.team.iter().zip(csms) {
        t.ote += csm.ote;
        t.book_arr += csm.book_arr;
        t.base += r.base;
        t.target_variable += r.target_variable;
        t.variable += r.variable;
        t.spif += r.spif;
        t.planned_cost += r.planned;
        t.downside_pct = t.downside_pct.min(r.downside_pct);
    }
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
pub fn team_cash_at(scn: &Scenario, scale: Decimal) -> Decimal {
    scn.team
        .iter()
        .map(|c| {
            let (b, v, s) = csm_cash(&scn.plan, c, scale);
            b + v + s
        })
        .sum()
}

/// The scales of the standard cost curve: 50% to 150% in steps of 5% (21 points).
pub fn curve_scales() -> Vec<Decimal> {
    (10..=30).map(|i| Decimal::new(i * 5, 2)).collect()
}

/// Team cash at each scale of [`curve_scales`].
pub fn cost_curve(scn: &Scenario) -> Vec<(Decimal, Decimal)> {
    curve_scales()
        .into_iter()
        .map(|s| (s, team_cash_at(scn, s)))
        .collect()
}
