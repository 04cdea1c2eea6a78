//! Who is on track, mid-year (docs/periods.md, "Who is on track"): per CSM, the variable pay
//! the closed periods paid against what they would have paid at target, the attainment each
//! metric measured per period needs in the open periods for its year to reach target, and
//! a plain standing.
//!
//! Owns: those figures, from an evaluation. Must not: change pay or do I/O.

use super::Computed;
use super::curve::Attainment;
use super::eval::{Evaluation, split_pay};
use super::model::{Measure, Scenario};
use super::shape::{Employed, Shape};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Where a CSM stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Target variable pay for the year is out of reach: the closed periods' pay and every
    /// open payout at its cap add up to less.
    CannotReach,
    /// Variable pay to date under 90% of its target.
    Behind,
    /// From 90% to 110%.
    OnTrack,
    /// Over 110%.
    Ahead,
    /// Left during the year, in a closed period: nothing is open for them.
    Left,
    /// Joins after the closed periods: nothing was due yet.
    NotStarted,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::CannotReach => "cannot reach target",
            Standing::Behind => "behind",
            Standing::OnTrack => "on track",
            Standing::Ahead => "ahead",
            Standing::Left => "left",
            Standing::NotStarted => "not started",
        }
    }

    /// The label in a narrow column.
    pub fn short(self) -> &'static str {
        match self {
            Standing::CannotReach => "out of reach",
            s => s.label(),
        }
    }

    /// Worst first: out of reach, behind, on track, ahead; those who left last.
    pub fn rank(self) -> u8 {
        match self {
            Standing::CannotReach => 0,
            Standing::Behind => 1,
            Standing::OnTrack => 2,
            Standing::Ahead => 3,
            Standing::Left => 4,
            Standing::NotStarted => 5,
        }
    }
}

/// What a metric needs in the open periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The closed periods already paid its target for the year.
    Met,
    /// This attainment in each open period brings the year to target.
    Attainment(Decimal),
    /// No attainment does: the curve's cap is too low to make up the shortfall. The share of
    /// its year's target the metric pays at best (every open period at the cap; none when
    /// it has no open period).
    OutOfReach(Option<Decimal>),
    /// Measured for the year: the year's result against its target (100%).
    Year,
}

/// One CSM's standing.
#[derive(Debug, Clone, PartialEq)]
pub struct OnTrack {
    /// What the closed periods paid (their totals, recorded pay included).
    pub pay_to_date: Decimal,
    /// The variable pay of the closed periods' per-period metrics, and what they would
    /// have paid at 100% attainment.
    pub variable_to_date: Decimal,
    pub target_to_date: Decimal,
    pub standing: Standing,
    /// Per plan component, in plan order.
    pub needs: Vec<Need>,
}

impl OnTrack {
    /// Variable to date as a share of its target (none when nothing was due).
    pub fn ratio(&self) -> Option<Decimal> {
        (!self.target_to_date.is_zero()).then(|| self.variable_to_date / self.target_to_date)
    }
}

/// What every CSM's standing is computed from: the plan's layout and its last closed
/// period.
pub struct Standings {
    shape: Shape,
    as_of: usize,
    /// Per slot: its curve's factor at 100%, and at most (none when uncapped) — the same
    /// for every CSM.
    at_target: Vec<Attainment>,
    at_most: Vec<Option<Decimal>>,
}

impl Standings {
    /// `None` when the plan has no periods or none is closed: there is nothing to be on
    /// track against.
    pub fn of(scn: &Scenario) -> Option<Standings> {
        let as_of = scn.plan.as_of_index()?;
        let shape = Shape::of(&scn.plan);
        let curves = || shape.flat.components.iter().map(|fc| &fc.curve);
        let at_target = curves().map(|c| c.factor_exact(Decimal::ONE)).collect();
        let at_most = curves().map(|c| c.max_factor()).collect();
        Some(Standings {
            shape,
            as_of,
            at_target,
            at_most,
        })
    }

    /// Every CSM's standing, in team order ([`Standings::csm`]); a large team's is worked
    /// out on two threads when there are two cores, each on half of the team.
    pub fn all(&self, scn: &Scenario, eval: &Evaluation) -> Vec<Option<OnTrack>> {
        self.every(scn, eval, true)
    }

    /// [`Standings::all`] without what each metric needs (`needs` left empty): the
    /// standings and pay to date alone, which the app's team table shows on every step.
    pub fn all_brief(&self, scn: &Scenario, eval: &Evaluation) -> Vec<Option<OnTrack>> {
        self.every(scn, eval, false)
    }

    fn every(&self, scn: &Scenario, eval: &Evaluation, needs: bool) -> Vec<Option<OnTrack>> {
        let n = scn.team.len();
        if !needs {
            // Quick enough on one core: the other is left to the app's cost-curve worker.
            let mut known = HashMap::default();
            return (0..n)
                .map(|i| self.brief(scn, eval, i, &mut known))
                .collect();
        }
        let part = |r: std::ops::Range<usize>| -> Vec<Option<OnTrack>> {
            r.map(|i| self.csm_with(scn, eval, i, true)).collect()
        };
        let two_cores = std::thread::available_parallelism().is_ok_and(|c| c.get() > 1);
        if !two_cores || n < 2_000 {
            return part(0..n);
        }
        let half = n / 2;
        let (mut first, second) = std::thread::scope(|sc| {
            let other = sc.spawn(|| part(half..n));
            (part(0..half), other.join())
        });
        first.extend(second.unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        first
    }

    /// CSM `i`'s standing (`None` without results by period).
    pub fn csm(&self, scn: &Scenario, eval: &Evaluation, i: usize) -> Option<OnTrack> {
        self.csm_with(scn, eval, i, true)
    }

    /// CSM `i`'s standing without needs, what depends only on the plan and the CSM's
    /// target variable, level and employment worked out once per such CSM (see [`Fixed`]).
    fn brief<'s>(
        &self,
        scn: &'s Scenario,
        eval: &Evaluation,
        i: usize,
        known: &mut HashMap<(Decimal, &'s str, Option<Employed>), Fixed>,
    ) -> Option<OnTrack> {
        let periods = eval.periods.as_ref()?;
        let csm = scn.team.get(i)?;
        let employed = Shape::employed(&scn.plan, csm);
        let tv = split_pay(&self.shape.flat, csm).1;
        let key = (tv, csm.level.as_str(), employed);
        let fixed = known
            .entry(key)
            .or_insert_with(|| self.fixed(csm, tv, employed));
        let slots = eval.slots(i);
        let pay = |j: &usize| slots.get(*j).map_or(Decimal::ZERO, |r| r.payout);
        let earned: Decimal = fixed.closed_periods.iter().map(pay).sum();
        let best = fixed
            .open_caps
            .map(|caps| caps + fixed.closed.iter().map(pay).sum::<Decimal>());
        let pay_to_date = periods.csm(i)[..=self.as_of].iter().map(|p| p.total).sum();
        Some(self.judged(
            employed,
            pay_to_date,
            earned,
            fixed.target,
            fixed.year_target,
            best,
            Vec::new(),
        ))
    }

    /// What a CSM's standing takes from the plan alone, for a target variable and an
    /// employment.
    fn fixed(&self, csm: &crate::engine::Csm, tv: Decimal, employed: Option<Employed>) -> Fixed {
        let shape = &self.shape;
        let mut out = Fixed {
            year_target: Decimal::ZERO,
            target: Decimal::ZERO,
            open_caps: Some(Decimal::ZERO),
            closed: Vec::new(),
            closed_periods: Vec::new(),
        };
        for (j, slot) in shape.slots.iter().enumerate() {
            if shape.employed_share(j, employed).is_zero() {
                continue;
            }
            let at_target = shape.csm_slot_pay(csm, tv, j, employed, self.at_target[j]);
            out.year_target += at_target;
            let closed =
                slot.period.is_some_and(|p| p <= self.as_of) || shape.fixed_for(j, employed);
            if closed {
                out.closed.push(j);
            } else {
                out.open_caps = match (out.open_caps, self.at_most[j]) {
                    (Some(b), Some(m)) => {
                        Some(b + shape.csm_slot_pay(csm, tv, j, employed, Attainment::of(m)))
                    }
                    _ => None,
                };
            }
            if slot.period.is_some_and(|p| p <= self.as_of) {
                out.target += at_target;
                out.closed_periods.push(j);
            }
        }
        out
    }

    /// The standing from the figures to date.
    #[allow(clippy::too_many_arguments)]
    fn judged(
        &self,
        employed: Option<Employed>,
        pay_to_date: Decimal,
        earned: Decimal,
        target: Decimal,
        year_target: Decimal,
        best: Option<Decimal>,
        needs: Vec<Need>,
    ) -> OnTrack {
        let count = self.shape.count;
        let as_of = self.as_of;
        let ratio = (!target.is_zero()).then(|| earned / target);
        let year_open = as_of + 1 < count;
        let left = employed.is_some_and(|e| e.leaves(count) && e.last <= as_of);
        let later = employed.is_some_and(|e| e.first > as_of);
        let standing = if left {
            Standing::Left
        } else if later && target.is_zero() {
            Standing::NotStarted
        } else if year_open && best.is_some_and(|b| b < year_target) {
            Standing::CannotReach
        } else {
            match ratio {
                Some(r) if r < Decimal::new(9, 1) => Standing::Behind,
                Some(r) if r > Decimal::new(11, 1) => Standing::Ahead,
                _ => Standing::OnTrack,
            }
        };
        let needs = match left && !needs.is_empty() {
            true => needs.iter().map(|_| Need::Met).collect(),
            false => needs,
        };
        OnTrack {
            pay_to_date,
            variable_to_date: earned,
            target_to_date: target,
            standing,
            needs,
        }
    }

    /// CSM `i`'s standing, with what each metric needs in the open periods when `with_needs`.
    fn csm_with(
        &self,
        scn: &Scenario,
        eval: &Evaluation,
        i: usize,
        with_needs: bool,
    ) -> Option<OnTrack> {
        let plan = &scn.plan;
        let periods = eval.periods.as_ref()?;
        let csm = scn.team.get(i)?;
        let (shape, as_of) = (&self.shape, self.as_of);
        let comps = plan.components.len();
        let employed = Shape::employed(plan, csm);
        let (_, tv) = split_pay(&shape.flat, csm);
        let slots = eval.slots(i);
        let mut earned = Decimal::ZERO;
        let mut target = Decimal::ZERO;
        // Per component: target pay for the year, paid so far, open amounts, open curve.
        let mut year = vec![Decimal::ZERO; comps];
        let mut paid = vec![Decimal::ZERO; comps];
        let mut open = vec![Decimal::ZERO; comps];
        let mut curve = vec![None; comps];
        // Per component: its open slots (slot, target variable × weight), to check a need
        // against the cents the engine would pay.
        let mut open_slots: Vec<Vec<(usize, Decimal)>> = vec![Vec::new(); comps];
        // The year at target, and at best: what is paid, and every open payout at its cap
        // (none when a cap is missing: then anything is within reach).
        let mut year_target = Decimal::ZERO;
        let mut best = Some(Decimal::ZERO);
        for (j, slot) in shape.slots.iter().enumerate() {
            let share = shape.employed_share(j, employed);
            if share.is_zero() {
                continue;
            }
            let fc = &shape.flat.components[j];
            // Open amounts are of period slots: their period's target variable.
            let tv_p = shape.period_slot_tv(csm, j, tv);
            let amount = tv_p * fc.weight * share;
            let at_target = shape.csm_slot_pay(csm, tv, j, employed, self.at_target[j]);
            let pay = slots.get(j).map_or(Decimal::ZERO, |r| r.payout);
            year_target += at_target;
            let closed = slot.period.is_some_and(|p| p <= as_of) || shape.fixed_for(j, employed);
            best = match (best, closed) {
                (Some(b), true) => Some(b + pay),
                (Some(b), false) => self.at_most[j]
                    .map(|m| b + shape.csm_slot_pay(csm, tv, j, employed, Attainment::of(m))),
                (None, _) => None,
            };
            let Some(p) = slot.period else { continue };
            let c = slot.component;
            year[c] += at_target;
            if p <= as_of {
                earned += pay;
                target += at_target;
                paid[c] += pay;
            } else {
                open[c] += amount;
                open_slots[c].push((j, tv_p * fc.weight));
                // The curve of the first open period.
                curve[c].get_or_insert(&fc.curve);
            }
        }
        let needs: Vec<Need> = plan
            .components
            .iter()
            .take(if with_needs { comps } else { 0 })
            .enumerate()
            .map(|(c, comp)| match comp.measured {
                Measure::Year => Need::Year,
                Measure::Period => {
                    let short = year[c] - paid[c];
                    if short <= Decimal::ZERO {
                        return Need::Met;
                    }
                    // What the open slots pay, in cents, at attainment `a`.
                    let pays = |a: Decimal| -> Decimal {
                        open_slots[c]
                            .iter()
                            .map(|(j, base)| {
                                let f = shape.flat.components[*j].curve.factor_exact(a);
                                shape.slot_pay(*base, *j, employed, f)
                            })
                            .sum()
                    };
                    // Each open payout is rounded to the cent: the rounding can carry the
                    // year to target a hair below the exact ratio (half a cent a slot).
                    let slack = Decimal::new(5, 3) * Decimal::from(open_slots[c].len());
                    let low = (short - slack).max(Decimal::ZERO);
                    let reached = |r: Decimal| {
                        curve[c]
                            .and_then(|cv| cv.attainment_for(r))
                            .filter(|a| pays(*a) >= short)
                    };
                    let early = (!open[c].is_zero())
                        .then(|| reached(low / open[c]))
                        .flatten();
                    if let Some(a) = early {
                        return Need::Attainment(a);
                    }
                    match (curve[c], open[c].is_zero()) {
                        (Some(cv), false) => match cv.attainment_for(short / open[c]) {
                            Some(a) => Need::Attainment(a),
                            None => Need::OutOfReach(
                                cv.max_factor()
                                    .and_then(|m| (paid[c] + open[c] * m).checked_div(year[c])),
                            ),
                        },
                        _ => Need::OutOfReach(None),
                    }
                }
            })
            .collect();
        let pay_to_date = periods.csm(i)[..=as_of].iter().map(|p| p.total).sum();
        Some(self.judged(
            employed,
            pay_to_date,
            earned,
            target,
            year_target,
            best,
            needs,
        ))
    }
}

/// What a CSM's standing takes from the plan alone (see [`Standings::brief`]).
struct Fixed {
    /// Pay at target for the year, and for the closed periods' per-period slots.
    year_target: Decimal,
    target: Decimal,
    /// Every open slot at its cap (none when one has no cap).
    open_caps: Option<Decimal>,
    /// The slots paid already (closed periods, results fixed), and among them the closed
    /// periods' own slots.
    closed: Vec<usize>,
    closed_periods: Vec<usize>,
}

/// Each CSM's standing, when the plan has periods and at least one is closed; `None`
/// otherwise (there is nothing to be on track against).
pub fn on_track(scn: &Scenario, computed: &Computed) -> Option<Vec<OnTrack>> {
    let s = Standings::of(scn)?;
    computed.eval.periods.as_ref()?;
    s.all(scn, &computed.eval).into_iter().collect()
}

#[cfg(test)]
mod tests;
