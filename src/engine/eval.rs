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
use super::shape::{Shape, Slot};
use crate::num::cents;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

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
    /// `stride` results per CSM, in slot order (see [`Shape`]; without periods the slots
    /// are the plan's components).
    pub(super) components: Vec<ComponentResult>,
    pub(super) stride: usize,
    pub team: TeamResult,
    /// Per plan component: how many CSMs have no actual result for it in a closed period
    /// (paid at 0%; the worst period of a per-period one).
    pub missing_actuals: Vec<usize>,
    /// Per plan component: how many CSMs have no projection for it, and are paid on the
    /// plan's assumption instead (`plan.missing_projections`; the worst period).
    pub assumed: Vec<usize>,
    /// How many CSMs have no projection for at least one metric.
    pub assumed_csms: usize,
    /// Per plan component: how many CSMs are below its threshold (or first step).
    pub below_threshold: Vec<usize>,
    /// Per plan component: how far apart the team's actuals are (for the
    /// `implausible-attainment` guardrail, so that it need not look at every CSM on every
    /// plan change).
    pub actual_spread: Vec<ActualSpread>,
    /// With periods: what is paid in each period.
    pub periods: Option<PeriodResults>,
    /// Per CSM × period: base, variable and SPIF in cents, when the integer path summed
    /// them as it paid (taken by [`finish_evaluation`]).
    pub(super) period_cents: Vec<[i128; 3]>,
}

/// What a CSM (or the team) is paid in one period. Annual components are paid with the
/// last period of the year.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PeriodPay {
    pub base: Decimal,
    pub variable: Decimal,
    pub spif: Decimal,
    pub total: Decimal,
}

/// The results of a plan with periods, by period.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodResults {
    /// The slots, in the order of [`Evaluation::slots`].
    pub slots: Vec<Slot>,
    /// Per slot: its share of the annual target variable (see [`Shape`]).
    pub weights: Vec<Decimal>,
    /// The number of plan components.
    pub components: usize,
    /// Per CSM: the periods employed when not the whole year (empty when everyone is).
    pub employed: Vec<Option<(usize, usize)>>,
    /// The number of periods.
    pub count: usize,
    /// The last actual period, if any.
    pub as_of: Option<usize>,
    /// `count` per CSM.
    pub csms: Vec<PeriodPay>,
    /// Per period, for the team.
    pub team: Vec<PeriodPay>,
}

/// `sum + w × x` as one fraction, or `None` when it no longer fits a decimal exactly (the
/// caller then uses the decimal sums).
fn add_weighted(sum: Attainment, w: Decimal, x: Attainment) -> Option<Attainment> {
    let exact_mul = |a: Decimal, b: Decimal| {
        let p = a.checked_mul(b)?;
        // A product that had to be rounded to fit is not exact.
        (p.scale() == a.scale() + b.scale() || p.is_zero()).then_some(p)
    };
    let num = exact_mul(sum.num, x.den)?.checked_add(exact_mul(exact_mul(w, x.num)?, sum.den)?)?;
    let den = exact_mul(sum.den, x.den)?;
    Some(Attainment { num, den })
}

impl PeriodResults {
    /// CSM `i`'s pay by period.
    pub fn csm(&self, i: usize) -> &[PeriodPay] {
        let start = i.saturating_mul(self.count).min(self.csms.len());
        let end = start.saturating_add(self.count).min(self.csms.len());
        &self.csms[start..end]
    }

    /// CSM `i`'s result per plan component from their slot results: a per-period
    /// component's payout is the sum of its periods' payouts, its attainment and factor the
    /// averages over the periods the CSM works, weighted by each period's share of target
    /// variable.
    fn by_component(&self, slots: &[ComponentResult], i: usize) -> Vec<ComponentResult> {
        let employed = self.employed.get(i).copied().flatten();
        let mut sums = vec![[Decimal::ZERO; 4]; self.components];
        // The weighted sums also as exact fractions (attainment, factor), while they fit:
        // a year's average is then divided once, so 687/640 is 1.0734375, not a hair below.
        let mut exact: Vec<[Option<Attainment>; 2]> =
            vec![[Some(Attainment::ZERO), Some(Attainment::ZERO)]; self.components];
        let mut single: Vec<Option<ComponentResult>> = vec![None; self.components];
        for (j, r) in slots.iter().enumerate() {
            let slot = self.slots[j];
            let s = &mut sums[slot.component];
            s[0] += r.payout;
            match slot.period {
                None => single[slot.component] = Some(*r),
                Some(p) if Shape::works_in(employed, p) => {
                    let w = self.weights[j];
                    s[1] += w;
                    s[2] += w * r.attainment();
                    s[3] += w * r.factor();
                    let e = &mut exact[slot.component];
                    e[0] = e[0].and_then(|x| add_weighted(x, w, r.attainment_exact));
                    e[1] = e[1].and_then(|x| add_weighted(x, w, r.factor_exact));
                }
                Some(_) => {}
            }
        }
        sums.iter()
            .zip(exact)
            .zip(single)
            .map(|((s, e), one)| match one {
                Some(r) => r,
                None => {
                    let avg = |exact: Option<Attainment>, x: Decimal| {
                        if s[1].is_zero() {
                            return Attainment::ZERO;
                        }
                        exact
                            .and_then(|f| {
                                Some(Attainment {
                                    num: f.num,
                                    den: f.den.checked_mul(s[1])?,
                                })
                            })
                            .unwrap_or_else(|| Attainment::of(x / s[1]))
                    };
                    ComponentResult {
                        attainment_exact: avg(e[0], s[2]),
                        factor_exact: avg(e[1], s[3]),
                        payout: s[0],
                    }
                }
            })
            .collect()
    }

    /// True when period `p` holds actual results.
    pub fn is_actual(&self, p: usize) -> bool {
        self.as_of.is_some_and(|a| p <= a)
    }

    /// Team cash paid in the actual periods, and forecast for the others.
    pub fn paid_and_forecast(&self) -> (Decimal, Decimal) {
        let mut paid = Decimal::ZERO;
        let mut rest = Decimal::ZERO;
        for (p, t) in self.team.iter().enumerate() {
            if self.is_actual(p) {
                paid += t.total;
            } else {
                rest += t.total;
            }
        }
        (paid, rest)
    }
}

/// The spread of one component's actuals across the team, from the team alone (no plan
/// number): what the `implausible-attainment` guardrail needs to know that no CSM can be
/// implausibly far from their target, without looking at each.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ActualSpread {
    /// The smallest and the largest actual among the CSMs measured against the plan's
    /// target (none when there are no such actuals).
    pub on_plan_target: Option<(Decimal, Decimal)>,
    /// Some CSM with a target of their own has an actual below 5% or above 500% of it.
    pub own_off_higher: bool,
    /// Some CSM with a target of their own has an actual above 1.95 times it (attainment
    /// below 5% when lower is better).
    pub own_off_lower: bool,
}

impl ActualSpread {
    /// The spread of an integer column (actuals and own targets at exponent `exp`).
    fn of_column(col: &IntColumn) -> ActualSpread {
        let mut spread = ActualSpread::default();
        let mut range: Option<(i64, i64)> = None;
        for (t, a) in col.target.iter().zip(&col.actual) {
            if *a == NONE {
                continue;
            }
            if *t == NONE {
                range = Some(range.map_or((*a, *a), |(lo, hi)| (lo.min(*a), hi.max(*a))));
            } else {
                let (a, t) = (i128::from(*a), i128::from(*t));
                spread.own_off_higher |= a * 20 < t || a > t * 5;
                spread.own_off_lower |= a * 20 > t * 39;
            }
        }
        spread.on_plan_target =
            range.map(|(lo, hi)| (Decimal::new(lo, col.exp), Decimal::new(hi, col.exp)));
        spread
    }

    fn add_decimal(&mut self, actual: Decimal, target: Option<Decimal>) {
        match target {
            None => {
                self.on_plan_target = Some(match self.on_plan_target {
                    None => (actual, actual),
                    Some((lo, hi)) => (lo.min(actual), hi.max(actual)),
                });
            }
            Some(t) => {
                let twenty = Decimal::from(20);
                self.own_off_higher |= actual * twenty < t || actual > t * Decimal::from(5);
                self.own_off_lower |= actual * twenty > t * Decimal::from(39);
            }
        }
    }
}

impl Evaluation {
    /// The team's pay range: the minimum (every attainment at 0, no SPIFs: the sum of each
    /// CSM's worst case) and the maximum (every metric at its cap, SPIFs at their event
    /// limits: the sum of each CSM's upside), `None` when anything is uncapped. Both are
    /// sums of per-CSM figures already rounded to the cent.
    pub fn pay_range(&self) -> (Decimal, Option<Decimal>) {
        let min = self.csms.iter().map(|c| c.worst).sum();
        let max = self
            .csms
            .iter()
            .try_fold(Decimal::ZERO, |acc, c| c.upside.map(|u| acc + u));
        (min, max)
    }

    /// The component results of CSM `i`, in plan order (empty if `i` is out of range).
    /// With periods, a per-period component's result sums its periods: the payout is the
    /// sum of the periods' payouts, the attainment and factor their averages weighted by
    /// each period's amount.
    pub fn components(&self, i: usize) -> Cow<'_, [ComponentResult]> {
        let slots = stride_at(&self.components, self.stride, i);
        match &self.periods {
            None => Cow::Borrowed(slots),
            Some(p) => Cow::Owned(p.by_component(slots, i)),
        }
    }

    /// The slot results of CSM `i`, in slot order (without periods: the components).
    pub fn slots(&self, i: usize) -> &[ComponentResult] {
        stride_at(&self.components, self.stride, i)
    }
}

fn stride_at<T>(v: &[T], stride: usize, i: usize) -> &[T] {
    let start = i.saturating_mul(stride).min(v.len());
    let end = start.saturating_add(stride).min(v.len());
    &v[start..end]
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
    /// CSMs.
    n: usize,
    /// Per CSM × SPIF: projected events.
    events: Vec<u32>,
    /// The slot and SPIF-slot ids this was built for (see [`Shape::ids`]).
    ids: Vec<String>,
    /// Per CSM: the periods employed, for joiners and leavers (empty when everyone works
    /// the whole year).
    pub(super) employed: Vec<Option<(usize, usize)>>,
    /// Per plan component: how many CSMs have no projected actual for it.
    pub(super) missing: Vec<usize>,
    /// Σ OTE and Σ book ARR over the team.
    pub(super) ote_sum: Decimal,
    pub(super) book_sum: Decimal,
    /// The CSMs' own targets and projected actuals.
    pub(super) values: Values,
    /// Per plan component: among the CSMs measured against the plan's target (no target of
    /// their own), the one with the largest actual in size, and that actual.
    widest: Vec<Option<(usize, Decimal)>>,
    /// Per plan component: the spread of the actuals (see [`ActualSpread`]).
    pub(super) spread: Vec<ActualSpread>,
}

/// Own targets and projected actuals: as integer columns when every number fits (the fast
/// evaluation needs them so), else as decimals (the decimal engine is used then).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Values {
    Ints(TeamInts),
    Decimals {
        /// Per CSM × component: the CSM's own target, if any.
        targets: Vec<Option<Decimal>>,
        /// Per CSM × component: the projected actual, if any.
        actuals: Vec<Option<Decimal>>,
    },
}

/// The value that marks "none" in an integer column: no projected actual, or no own target.
pub(super) const NONE: i64 = i64::MIN;

/// The team's numbers as exact integers (see [`super::int`]).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TeamInts {
    /// OTEs at exponent `e_ote`.
    pub e_ote: u32,
    pub ote: Vec<i64>,
    /// Per CSM: an index into `levels`.
    pub level: Vec<u32>,
    /// The team's distinct levels.
    pub levels: Vec<String>,
    /// Per plan component: the CSMs' actuals and own targets.
    pub cols: Vec<IntColumn>,
}

/// One component's actuals and own targets, all at exponent `exp` ([`NONE`] where absent).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct IntColumn {
    pub exp: u32,
    pub actual: Vec<i64>,
    pub target: Vec<i64>,
    /// The largest magnitude of any value in the column.
    pub max_abs: i128,
}

/// Where each slot's own target and actual, and each SPIF slot's events, are found in a
/// CSM's record: annual slots in `targets`/`actuals`/`spifs`, period slots in the entry of
/// their period.
struct Sources<'a> {
    annual: Order<'a>,
    by_period: Vec<(&'a str, Order<'a>)>,
    spif_annual: Order<'a>,
    spif_by_period: Vec<(&'a str, Order<'a>)>,
}

/// Ids sorted, each with the position of its slot.
type Order<'a> = Vec<(&'a str, usize)>;

impl<'a> Sources<'a> {
    fn new(plan: &'a Plan, shape: &Shape) -> Self {
        let (annual, by_period) = Self::orders(
            plan,
            shape.slots.len(),
            |j| shape.slots[j].period,
            |j| plan.components[shape.slots[j].component].id.as_str(),
        );
        let (spif_annual, spif_by_period) = Self::orders(
            plan,
            shape.spif_slots.len(),
            |j| shape.spif_slots[j].period,
            |j| plan.spifs[shape.spif_slots[j].spif].id.as_str(),
        );
        Sources {
            annual,
            by_period,
            spif_annual,
            spif_by_period,
        }
    }

    /// For `n` slots with their period and id: the annual ones sorted by id with their
    /// positions, and the same for each period (by period id).
    fn orders(
        plan: &'a Plan,
        n: usize,
        period_of: impl Fn(usize) -> Option<usize>,
        id_of: impl Fn(usize) -> &'a str,
    ) -> (Order<'a>, Vec<(&'a str, Order<'a>)>) {
        let of = |period: Option<usize>| {
            sorted_ids_at(
                (0..n)
                    .filter(|j| period_of(*j) == period)
                    .map(|j| (id_of(j), j)),
            )
        };
        let by_period = plan
            .periods
            .iter()
            .enumerate()
            .map(|(p, period)| (period.id.as_str(), of(Some(p))))
            .collect();
        (of(None), by_period)
    }

    /// Fills a CSM's own targets and actuals, per slot.
    fn fill(&self, csm: &Csm, targets: &mut [Option<Decimal>], actuals: &mut [Option<Decimal>]) {
        merge(&csm.targets, &self.annual, targets, Some);
        merge(&csm.actuals, &self.annual, actuals, Some);
        for (pid, pv) in &csm.periods {
            if let Some((_, order)) = self.by_period.iter().find(|(id, _)| *id == pid) {
                merge(&pv.targets, order, targets, Some);
                merge(&pv.actuals, order, actuals, Some);
            }
        }
    }

    /// Fills a CSM's events, per SPIF slot.
    fn fill_events(&self, csm: &Csm, events: &mut [u32]) {
        merge(&csm.spifs, &self.spif_annual, events, |e| e);
        for (pid, pv) in &csm.periods {
            if let Some((_, order)) = self.spif_by_period.iter().find(|(id, _)| *id == pid) {
                merge(&pv.spifs, order, events, |e| e);
            }
        }
    }
}

/// (id, position) pairs sorted by id.
fn sorted_ids_at<'a>(ids: impl Iterator<Item = (&'a str, usize)>) -> Order<'a> {
    let mut v: Vec<(&str, usize)> = ids.collect();
    v.sort_unstable();
    v
}

/// Writes `wrap(map[id])` to `out[position]` for every id of `order` that `map` has. Both
/// are sorted by id, so one pass over each suffices (an id given twice gets the value twice).
fn merge<V: Copy, T>(
    map: &BTreeMap<String, V>,
    order: &[(&str, usize)],
    out: &mut [T],
    wrap: impl Fn(V) -> T,
) {
    let mut k = 0;
    for (key, v) in map {
        let key = key.as_str();
        // Usually the keys are exactly the ids: equality (which compares lengths first) is
        // then the only comparison.
        if order.get(k).is_some_and(|(id, _)| *id == key) {
            out[order[k].1] = wrap(*v);
            k += 1;
            if order.get(k).is_none_or(|(id, _)| *id != key) {
                continue;
            }
        }
        while order.get(k).is_some_and(|(id, _)| *id < key) {
            k += 1;
        }
        let mut q = k;
        while let Some((id, j)) = order.get(q)
            && *id == key
        {
            out[*j] = wrap(*v);
            q += 1;
        }
        if k == order.len() {
            break;
        }
    }
}

impl IntColumn {
    fn with_capacity(n: usize) -> Self {
        IntColumn {
            exp: 0,
            actual: Vec::with_capacity(n),
            target: Vec::with_capacity(n),
            max_abs: 0,
        }
    }

    /// Appends a CSM's own target and actual; `None` when one does not fit.
    fn push(&mut self, target: Option<Decimal>, actual: Option<Decimal>) -> Option<()> {
        let finest = target.iter().chain(&actual).map(|d| d.scale()).max();
        if let Some(e) = finest
            && e > self.exp
        {
            self.rescale(e)?;
        }
        let t = self.int(target)?;
        let a = self.int(actual)?;
        self.target.push(t);
        self.actual.push(a);
        Some(())
    }

    fn int(&mut self, d: Option<Decimal>) -> Option<i64> {
        let Some(d) = d else { return Some(NONE) };
        let m = i64::try_from(d.mantissa()).ok()?;
        let v = m.checked_mul(i64::try_from(pow10(self.exp - d.scale())?).ok()?)?;
        self.max_abs = self.max_abs.max(i128::from(v).abs());
        (v != NONE).then_some(v)
    }

    /// Moves every value to a finer exponent (a value with more decimals has arrived).
    fn rescale(&mut self, exp: u32) -> Option<()> {
        let m = pow10(exp - self.exp)?;
        for v in self.actual.iter_mut().chain(self.target.iter_mut()) {
            if *v != NONE {
                *v = i64::try_from(i128::from(*v).checked_mul(m)?)
                    .ok()
                    .filter(|v| *v != NONE)?;
            }
        }
        self.max_abs = self.max_abs.checked_mul(m)?;
        self.exp = exp;
        Some(())
    }

    /// The decimal at row `i`, if present.
    fn get(&self, v: &[i64], i: usize) -> Option<Decimal> {
        // `exp` is the scale of some decimal, so at most 28: `Decimal::new` accepts it.
        v.get(i)
            .filter(|v| **v != NONE)
            .map(|v| Decimal::new(*v, self.exp))
    }
}

impl TeamInts {
    /// Lays the team out in integers in one pass over each CSM's maps; `None` when some
    /// number does not fit an i64 at its column's exponent.
    fn new(scn: &Scenario, sources: &Sources, comps: usize) -> Option<Self> {
        let n = scn.team.len();
        let e_ote = scn.team.iter().map(|c| c.ote.scale()).max().unwrap_or(0);
        let mut ote = Vec::with_capacity(n);
        // A team has a handful of levels: a look through them beats hashing every name.
        let mut levels: Vec<String> = Vec::new();
        let mut level = Vec::with_capacity(n);
        let mut cols: Vec<IntColumn> = (0..comps).map(|_| IntColumn::with_capacity(n)).collect();
        let mut targets = vec![None; comps];
        let mut actuals = vec![None; comps];
        for c in &scn.team {
            ote.push(i64::try_from(int_at(c.ote, e_ote)?).ok()?);
            let ix = match levels.iter().position(|l| *l == c.level) {
                Some(ix) => ix,
                None => {
                    levels.push(c.level.clone());
                    levels.len() - 1
                }
            };
            level.push(u32::try_from(ix).ok()?);
            targets.fill(None);
            actuals.fill(None);
            sources.fill(c, &mut targets, &mut actuals);
            for ((col, t), a) in cols.iter_mut().zip(&targets).zip(&actuals) {
                col.push(*t, *a)?;
            }
        }
        Some(TeamInts {
            e_ote,
            ote,
            level,
            levels,
            cols,
        })
    }
}

impl TeamInputs {
    pub fn new(scn: &Scenario) -> Self {
        let shape = Shape::of(&scn.plan);
        let n = scn.team.len();
        let comps = shape.slots.len();
        let spifs = shape.spif_slots.len();
        // Ids in sorted order with their slot positions: each CSM's maps, sorted by key
        // too, are then matched in one merge rather than searched once per id (on a large
        // team, every key a search compares is another cache miss).
        let sources = Sources::new(&scn.plan, &shape);
        let mut events = vec![0; n * spifs];
        let mut ote_sum = Decimal::ZERO;
        let mut book_sum = Decimal::ZERO;
        let mut employed = Vec::new();
        for (i, csm) in scn.team.iter().enumerate() {
            sources.fill_events(csm, &mut events[i * spifs..(i + 1) * spifs]);
            ote_sum += csm.ote;
            book_sum += csm.book_arr;
            if let Some(e) = Shape::employed(&scn.plan, csm) {
                if employed.is_empty() {
                    employed = vec![None; n];
                }
                employed[i] = Some(e);
            }
        }
        let values = match TeamInts::new(scn, &sources, comps) {
            Some(ints) => Values::Ints(ints),
            None => {
                let mut targets = vec![None; n * comps];
                let mut actuals = vec![None; n * comps];
                for (i, csm) in scn.team.iter().enumerate() {
                    let row = i * comps..(i + 1) * comps;
                    let (t, a) = (&mut targets[row.clone()], &mut actuals[row]);
                    sources.fill(csm, t, a);
                }
                Values::Decimals { targets, actuals }
            }
        };
        // A CSM not employed in a slot's period is not missing its actual.
        let works = |i: usize, j: usize| {
            shape.slots[j]
                .period
                .is_none_or(|p| Shape::works_in(employed.get(i).copied().flatten(), p))
        };
        let missing = match &values {
            Values::Ints(ints) => ints
                .cols
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    c.actual
                        .iter()
                        .enumerate()
                        .filter(|(i, a)| **a == NONE && works(*i, j))
                        .count()
                })
                .collect(),
            Values::Decimals { actuals, .. } => {
                let mut missing = vec![0; comps];
                for (k, a) in actuals.iter().enumerate() {
                    if a.is_none() && works(k / comps.max(1), k % comps) {
                        missing[k % comps] += 1;
                    }
                }
                missing
            }
        };
        let mut inputs = TeamInputs {
            comps,
            spifs,
            n,
            events,
            ids: shape.ids(),
            employed,
            missing,
            ote_sum,
            book_sum,
            values,
            widest: Vec::new(),
            spread: Vec::new(),
        };
        inputs.spread = match &inputs.values {
            Values::Ints(ints) => ints.cols.iter().map(ActualSpread::of_column).collect(),
            Values::Decimals { .. } => (0..comps)
                .map(|j| {
                    let mut spread = ActualSpread::default();
                    for i in 0..n {
                        if let Some(a) = inputs.actual(i, j) {
                            spread.add_decimal(a, inputs.target(i, j));
                        }
                    }
                    spread
                })
                .collect(),
        };
        inputs.widest = match &inputs.values {
            Values::Ints(ints) => ints
                .cols
                .iter()
                .map(|col| {
                    let mut widest: Option<(usize, i64)> = None;
                    for (i, (t, a)) in col.target.iter().zip(&col.actual).enumerate() {
                        if *t == NONE
                            && *a != NONE
                            && widest.is_none_or(|(_, w)| a.unsigned_abs() > w.unsigned_abs())
                        {
                            widest = Some((i, *a));
                        }
                    }
                    widest.map(|(i, a)| (i, Decimal::new(a, col.exp)))
                })
                .collect(),
            Values::Decimals { .. } => (0..comps)
                .map(|j| {
                    let mut widest: Option<(usize, Decimal)> = None;
                    for i in 0..n {
                        if inputs.target(i, j).is_none()
                            && let Some(a) = inputs.actual(i, j)
                            && widest.is_none_or(|(_, w)| a.abs() > w.abs())
                        {
                            widest = Some((i, a));
                        }
                    }
                    widest
                })
                .collect(),
        };
        inputs
    }

    /// Component `j`: among the CSMs measured against the plan's target, the one with the
    /// largest actual in size, and that actual (what a lower plan target must still allow).
    pub fn widest_on_plan_target(&self, j: usize) -> Option<(usize, Decimal)> {
        self.widest.get(j).copied().flatten()
    }

    /// True when these inputs were built for this plan's slots and a team of this size.
    pub fn fits(&self, scn: &Scenario) -> bool {
        self.fits_shape(scn, &Shape::of(&scn.plan))
    }

    pub(super) fn fits_shape(&self, scn: &Scenario, shape: &Shape) -> bool {
        self.n == scn.team.len()
            && self.events.len() == scn.team.len() * self.spifs
            && self.ids == shape.ids()
    }

    /// The periods CSM `i` is employed in, when not the whole year.
    pub fn employed(&self, i: usize) -> Option<(usize, usize)> {
        self.employed.get(i).copied().flatten()
    }

    /// CSM `i`'s own target for component `j` (plan order), if any.
    pub fn target(&self, i: usize, j: usize) -> Option<Decimal> {
        match &self.values {
            Values::Ints(ints) => {
                let col = ints.cols.get(j)?;
                col.get(&col.target, i)
            }
            Values::Decimals { targets, .. } => targets.get(i * self.comps + j).copied().flatten(),
        }
    }

    /// CSM `i`'s projected actual for component `j` (plan order), if any.
    /// CSM `i`'s slots with no projection: not a slot of actual results, within their
    /// employment, and no value given. Their pay there rests on the plan's assumption.
    pub fn assumed_slots<'s>(
        &'s self,
        shape: &'s Shape,
        i: usize,
    ) -> impl Iterator<Item = usize> + 's {
        let employed = self.employed(i);
        (0..self.comps.min(shape.slots.len())).filter(move |&j| {
            let slot = &shape.slots[j];
            !slot.fixed
                && slot.period.is_none_or(|p| Shape::works_in(employed, p))
                && self.actual(i, j).is_none()
        })
    }

    pub fn actual(&self, i: usize, j: usize) -> Option<Decimal> {
        match &self.values {
            Values::Ints(ints) => {
                let col = ints.cols.get(j)?;
                col.get(&col.actual, i)
            }
            Values::Decimals { actuals, .. } => actuals.get(i * self.comps + j).copied().flatten(),
        }
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

/// The plan made ready for evaluating a team, in the decimal engine.
pub(super) struct PreparedPlan<'a> {
    shape: &'a Shape,
    comps: Vec<Prepared<'a>>,
    /// Per target variable: the variable pay at 100%, at 0% and at the caps.
    fixed: HashMap<(i128, u32), (Decimal, Decimal, Option<Decimal>)>,
    /// The SPIFs at their event limits, or `None` when one has no limit.
    spif_best: Option<Decimal>,
}

impl<'a> PreparedPlan<'a> {
    pub(super) fn new(shape: &'a Shape) -> Self {
        let plan = &shape.flat;
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
        PreparedPlan {
            shape,
            comps,
            fixed: HashMap::new(),
            spif_best: spif_best(shape, None),
        }
    }

    /// Variable pay at 100%, at 0% and at the caps for a target variable, for a CSM
    /// employed in `employed` (none = the whole year).
    fn fixed_points(
        &mut self,
        tv: Decimal,
        employed: Option<(usize, usize)>,
    ) -> (Decimal, Decimal, Option<Decimal>) {
        let key = (tv.mantissa(), tv.scale());
        if employed.is_none()
            && let Some(v) = self.fixed.get(&key)
        {
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
            let amount = tv * pc.comp.weight * share;
            planned += cents(amount * pc.f_full);
            worst += cents(amount * pc.f_zero);
            best = match (best, pc.f_max) {
                (Some(b), Some(m)) => Some(b + cents(amount * m)),
                _ => None,
            };
        }
        let v = (planned, worst, best);
        if employed.is_none() {
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
        mut below: Option<&mut [usize]>,
    ) -> (Decimal, Decimal, Decimal) {
        let shape = self.shape;
        let (base, tv) = split_pay(&shape.flat, csm);
        let employed = inputs.employed(i);
        let mut variable = Decimal::ZERO;
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
            let amount = tv * pc.comp.weight * share;
            let target = inputs.target(i, j).unwrap_or(pc.comp.target);
            let s = if shape.slots[j].fixed {
                Decimal::ONE
            } else {
                scale
            };
            let assume = !shape.slots[j].fixed
                && shape.flat.missing_projections == crate::engine::MissingProjection::AtTarget;
            let (a, p) = pc.pay(amount, inputs.actual(i, j), target, s, assume);
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
        let (base, tv) = shape.prorated(base, tv, employed);
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
        below: Option<&mut [usize]>,
    ) -> CsmResult {
        let (base, tv, variable) = self.pay_csm(csm, inputs, i, scale, out, below);
        let spif = self.spif(inputs.events(i));
        let employed = inputs.employed(i);
        let (planned_var, worst_var, best_var) =
            self.fixed_points(split_pay(&self.shape.flat, csm).1, employed);
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
        }
    }
}

/// The SPIFs at their event limits in the periods a CSM works, or `None` when one has no
/// limit.
fn spif_best(shape: &Shape, employed: Option<(usize, usize)>) -> Option<Decimal> {
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
                total: c(r[0] + r[1] + r[2]),
            };
            for (t, v) in team[p].iter_mut().zip(r) {
                *t += v;
            }
        }
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
        as_of: shape.as_of,
        csms,
        team: team
            .iter()
            .map(|t| {
                let c = |v: i128| Decimal::from_i128_with_scale(v, 2);
                PeriodPay {
                    base: c(t[0]),
                    variable: c(t[1]),
                    spif: c(t[2]),
                    total: c(t[0] + t[1] + t[2]),
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
            if Shape::works_in(employed, p) {
                r[0] = shape
                    .base_cents(base, p)
                    .unwrap_or_else(|| cents_of(shape.by_length(base, p)).unwrap_or(0));
            }
        }
        for (j, r) in e.slots(i).iter().enumerate() {
            row[self.paid_in[j]][1] += cents_of(r.payout).unwrap_or(0);
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
    let mut prepared = PreparedPlan::new(shape);
    let stride = shape.slots.len();
    let mut components = Vec::with_capacity(scn.team.len() * stride);
    let mut csms = Vec::with_capacity(scn.team.len());
    let mut below_threshold = vec![0; stride];
    for (i, csm) in scn.team.iter().enumerate() {
        csms.push(prepared.csm_result(
            csm,
            inputs,
            i,
            scale,
            Some(&mut components),
            Some(&mut below_threshold),
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
        below_threshold,
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
}

/// Cash × (1 + burden), to the cent.
pub fn loaded(cash: Decimal, burden: Decimal) -> Decimal {
    cents(cash * (Decimal::ONE + burden))
}

/// Team cash at an attainment scale, without per-CSM detail (for cost curves).
pub fn team_cash_at(scn: &Scenario, inputs: &TeamInputs, scale: Decimal) -> Decimal {
    let shape = Shape::of(&scn.plan);
    if !inputs.fits_shape(scn, &shape) {
        return team_cash_at(scn, &TeamInputs::new(scn), scale);
    }
    let mut prepared = PreparedPlan::new(&shape);
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
    curve_scales()
        .into_iter()
        .map(|s| (s, team_cash_at(scn, &inputs, s)))
        .collect()
}
