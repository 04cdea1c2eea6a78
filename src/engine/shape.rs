//! The prepared plan: the plan's rules laid out once as **slots**, the one representation
//! that the evaluation (decimal and integer), the cost sweep and the risk simulation share.
//!
//! A slot is one payout a CSM can earn: an annual component (one attainment for the year),
//! or a per-period component in one period where it counts. A slot is an ordinary
//! component of the *flat plan* ([`Shape::flat`]): its weight is the share of annual target
//! variable it carries (period share × weight in the period), its target the period's. A
//! plan without periods has one slot per component, identical to the plan itself, so
//! nothing changes for it. SPIFs are laid out the same way, one per SPIF and period, each
//! with the SPIF's amount and event limit (so `max_events` caps each period).
//!
//! A slot is *fixed* when it holds actual results (its period is at or before the plan's
//! as-of period; an annual slot when the as-of period is the last): the attainment what-if
//! does not move it, and the risk simulation does not vary it.
//!
//! The rules are in docs/periods.md. Owns: nothing but the layout. Must not: do I/O.

use super::curve::Attainment;
use super::int::{int_at, pow10};
use super::model::{
    AnnualOnChange, Component, Csm, LeaverPolicy, Measure, PayMix, Plan, Spif, Unit,
};
use super::versions::{Versions, mix_differs};
use crate::num::cents;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Where a joiner or leaver is employed: the first and the last period, and the days
/// employed of those two (a start or end by date), as (days employed, days in the period);
/// (1, 1) when the whole period is employed. When `first == last`, `head` holds that
/// period's days and `tail` equals it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Employed {
    pub first: usize,
    pub last: usize,
    pub head: (u32, u32),
    pub tail: (u32, u32),
}

impl Employed {
    /// Whole periods `first` to `last`.
    pub fn periods(first: usize, last: usize) -> Employed {
        Employed {
            first,
            last,
            head: (1, 1),
            tail: (1, 1),
        }
    }

    /// True when the CSM is employed (some days or all) in period `p`.
    pub fn contains(&self, p: usize) -> bool {
        (self.first..=self.last).contains(&p)
    }

    /// Period `p` employed as (days employed, days): (1, 1) for a whole period; for one
    /// outside the employment, (0, 1).
    pub fn days(&self, p: usize) -> (u32, u32) {
        if !self.contains(p) {
            (0, 1)
        } else if p == self.first {
            self.head
        } else if p == self.last {
            self.tail
        } else {
            (1, 1)
        }
    }

    /// The share of period `p` employed, by days: 0, 1, or days employed ÷ days.
    pub fn fraction(&self, p: usize) -> Decimal {
        match self.days(p) {
            (0, _) => Decimal::ZERO,
            (d, n) if d == n || n == 0 => Decimal::ONE,
            (d, n) => Decimal::from(d) / Decimal::from(n),
        }
    }

    /// True when period `p` is employed whole.
    pub fn whole(&self, p: usize) -> bool {
        let (d, n) = self.days(p);
        self.contains(p) && d == n
    }

    /// True when the CSM leaves before the end of a year of `count` periods.
    pub fn leaves(&self, count: usize) -> bool {
        self.last + 1 < count || self.tail.0 != self.tail.1
    }
}

/// True when `employed` (none = the whole year) works in period `p`.
pub fn works(employed: Option<Employed>, p: usize) -> bool {
    employed.is_none_or(|e| e.contains(p))
}

/// The periods a CSM is employed in, from their `start` and `end` (dates, or periods by id
/// or name); `Ok(None)` for the whole year; why not, when a value names neither.
pub fn employment(plan: &Plan, csm: &Csm) -> Result<Option<Employed>, String> {
    if csm.start.is_none() && csm.end.is_none() {
        return Ok(None);
    }
    let count = plan.periods.len().max(1);
    let last = count - 1;
    let date = super::model::file_day;
    let starts = || {
        plan.period_starts().ok_or_else(|| {
            "a date needs the plan's fiscal year (`fiscal_year: (name: \"FY27\", start: \"2026-02-01\")`) to place it in a period".to_string()
        })
    };
    let period = |t: &str| -> Result<usize, String> {
        if !plan.has_periods() {
            return Err(format!(
                "`{}` is not a date (YYYY-MM-DD), and the plan has no periods",
                t.trim()
            ));
        }
        super::versions::period_named(plan, t).ok_or_else(|| {
            let t = t.trim();
            let looks_like_a_day = t.len() == 10
                && t.char_indices().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        c == '-'
                    } else {
                        c.is_ascii_digit()
                    }
                });
            if looks_like_a_day {
                format!("`{t}` is not a day of the calendar")
            } else {
                format!("`{t}` is neither a date (YYYY-MM-DD) nor a plan period")
            }
        })
    };
    let days = |a: chrono::NaiveDate, b: chrono::NaiveDate| -> u32 {
        u32::try_from((b - a).num_days()).unwrap_or(0)
    };
    let mut e = Employed::periods(0, last);
    if let Some(t) = csm.start.as_deref() {
        match date(t) {
            Some(d) => {
                let bounds = starts()?;
                let (first, after) = (bounds[0], bounds[bounds.len() - 1]);
                if d >= after {
                    return Err(format!(
                        "starts on {d} after the plan year ends ({})",
                        after.pred_opt().unwrap_or(after)
                    ));
                }
                if d > first {
                    let p = bounds
                        .windows(2)
                        .position(|w| d >= w[0] && d < w[1])
                        .unwrap_or(0);
                    e.first = p;
                    e.head = (days(d, bounds[p + 1]), days(bounds[p], bounds[p + 1]));
                }
            }
            None => e.first = period(t)?,
        }
    }
    if let Some(t) = csm.end.as_deref() {
        match date(t) {
            Some(d) => {
                let bounds = starts()?;
                let (first, after) = (bounds[0], bounds[bounds.len() - 1]);
                if d < first {
                    return Err(format!(
                        "leaves on {d} before the plan year starts ({first})"
                    ));
                }
                if d.succ_opt().is_some_and(|n| n < after) {
                    let p = bounds
                        .windows(2)
                        .position(|w| d >= w[0] && d < w[1])
                        .unwrap_or(last);
                    e.last = p;
                    e.tail = (days(bounds[p], d) + 1, days(bounds[p], bounds[p + 1]));
                }
            }
            None => e.last = period(t)?,
        }
    }
    if e.last < e.first {
        return Err("leaves before they start".into());
    }
    if e.first == e.last {
        // One period: the days between the start and the end.
        let n = e.head.1.max(e.tail.1);
        let worked = (e.head.0 + e.tail.0).saturating_sub(n);
        let one = match (e.head.0 != e.head.1, e.tail.0 != e.tail.1) {
            (false, false) => (1, 1),
            (true, false) => e.head,
            (false, true) => e.tail,
            (true, true) => (worked, n),
        };
        if one.0 == 0 {
            return Err("leaves before they start".into());
        }
        e.head = one;
        e.tail = one;
    }
    for part in [&mut e.head, &mut e.tail] {
        if part.0 == part.1 {
            *part = (1, 1);
        }
    }
    Ok((e != Employed::periods(0, last)).then_some(e))
}

/// One payout slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The plan component (index into `plan.components`).
    pub component: usize,
    /// The period (index into `plan.periods`), or `None` for an annual slot.
    pub period: Option<usize>,
    /// Holds actual results: the what-if and the simulation leave it alone.
    pub fixed: bool,
    /// The plan version that pays it (0 without changes during the year).
    pub version: usize,
    /// An annual slot of one version when the plan changes during the year: the periods
    /// whose share of target variable it pays (`None` = the whole year).
    pub span: Option<(usize, usize)>,
}

/// One SPIF slot: a SPIF in a period (or the year, without periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpifSlot {
    pub spif: usize,
    pub period: Option<usize>,
    pub fixed: bool,
    /// The plan version that pays it.
    pub version: usize,
}

/// The plan made ready for evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The plan with one component per slot and one SPIF per SPIF slot.
    pub flat: Plan,
    pub slots: Vec<Slot>,
    pub spif_slots: Vec<SpifSlot>,
    /// True when the plan has periods.
    pub periodic: bool,
    /// The number of periods (1 for a plan without periods).
    pub count: usize,
    /// The last actual period, if any.
    pub as_of: Option<usize>,
    /// Per period: its share of target variable.
    pub shares: Vec<Decimal>,
    /// The period each plan version starts in (one version, from 0, without changes).
    pub version_starts: Vec<usize>,
    /// Per period: the cumulative length and target-variable share up to and including it.
    cum_length: Vec<Decimal>,
    cum_share: Vec<Decimal>,
    /// What leavers are paid on the annual metrics.
    pub leavers: LeaverPolicy,
    /// Joiners' and leavers' plan targets (money and counts) are prorated.
    pub prorate_targets: bool,
    /// Per plan version, its pay mixes (the plan's, the levels'), when a change sets the
    /// pay mix; else empty, and the flat plan's mix applies all year.
    pub mixes: Vec<(PayMix, BTreeMap<String, PayMix>)>,
}

/// The id of a slot in the flat plan (internal; never written to a file).
fn slot_id(component: &str, period: &str) -> String {
    format!("{component}@{period}")
}

impl Shape {
    pub fn of(plan: &Plan) -> Shape {
        if !plan.has_periods() {
            let n = plan.components.len();
            return Shape {
                flat: plan.clone(),
                slots: (0..n)
                    .map(|component| Slot {
                        component,
                        period: None,
                        fixed: false,
                        version: 0,
                        span: None,
                    })
                    .collect(),
                spif_slots: (0..plan.spifs.len())
                    .map(|spif| SpifSlot {
                        spif,
                        period: None,
                        fixed: false,
                        version: 0,
                    })
                    .collect(),
                periodic: false,
                count: 1,
                as_of: None,
                version_starts: vec![0],
                shares: vec![Decimal::ONE],
                cum_length: vec![Decimal::ONE],
                cum_share: vec![Decimal::ONE],
                leavers: plan.leavers,
                prorate_targets: plan.prorate_targets,
                mixes: Vec::new(),
            };
        }
        let count = plan.periods.len();
        let as_of = plan.as_of_index();
        let past = |p: usize| as_of.is_some_and(|a| p <= a);
        // A validated plan's changes always apply; were they not to, the plan as written.
        let versions = match plan.changes.is_empty() {
            true => None,
            false => Versions::of(plan).ok(),
        };
        let (starts, plans): (Vec<usize>, Vec<&Plan>) = match &versions {
            Some(v) => (v.starts.clone(), v.plans.iter().collect()),
            None => (vec![0], vec![plan]),
        };
        let at = |p: usize| starts.iter().rposition(|s| *s <= p).unwrap_or(0);
        let latest = plans.len() - 1;
        let mut slots = Vec::new();
        let mut components = Vec::new();
        for (c, comp) in plan.components.iter().enumerate() {
            match comp.measured {
                Measure::Year => {
                    // Each version pays on the periods it is in force (split), or the one
                    // in force at year end on the whole year (latest). Versions in a row
                    // that hold the metric alike are one slot: a metric no change touches
                    // is paid exactly as without changes.
                    let split = plans.len() > 1 && plan.annual_on_change == AnnualOnChange::Split;
                    let mut groups: Vec<(usize, usize, usize)> = Vec::new();
                    if split {
                        for k in 0..plans.len() {
                            let last = starts.get(k + 1).map_or(count - 1, |s| s - 1);
                            match groups.last_mut() {
                                Some((v, _, end))
                                    if plans[*v].components[c] == plans[k].components[c] =>
                                {
                                    *end = last;
                                }
                                _ => groups.push((k, starts[k], last)),
                            }
                        }
                    } else {
                        groups.push((latest, 0, count - 1));
                    }
                    for (k, first, last) in groups {
                        let vc = &plans[k].components[c];
                        let span = (first != 0 || last != count - 1).then_some((first, last));
                        slots.push(Slot {
                            component: c,
                            period: None,
                            fixed: past(count - 1),
                            version: k,
                            span,
                        });
                        let id = match span {
                            Some((first, _)) if first > 0 => {
                                slot_id(&comp.id, &plan.periods[first].id)
                            }
                            _ => comp.id.clone(),
                        };
                        components.push(flat_component(vc, id, vc.weight, vc.target));
                    }
                }
                Measure::Period => {
                    for (p, period) in plan.periods.iter().enumerate() {
                        let k = at(p);
                        let vc = &plans[k].components[c];
                        let w = vc.weight_in(&period.id);
                        if w.is_zero() {
                            continue;
                        }
                        slots.push(Slot {
                            component: c,
                            period: Some(p),
                            fixed: past(p),
                            version: k,
                            span: None,
                        });
                        components.push(flat_component(
                            vc,
                            slot_id(&comp.id, &period.id),
                            period.share() * w,
                            vc.target_in(&period.id),
                        ));
                    }
                }
            }
        }
        let mut spif_slots = Vec::new();
        let mut spifs = Vec::new();
        for s in 0..plan.spifs.len() {
            for (p, period) in plan.periods.iter().enumerate() {
                let k = at(p);
                let spif = &plans[k].spifs[s];
                spif_slots.push(SpifSlot {
                    spif: s,
                    period: Some(p),
                    fixed: past(p),
                    version: k,
                });
                spifs.push(Spif {
                    id: slot_id(&spif.id, &period.id),
                    ..spif.clone()
                });
            }
        }
        let cumulative = |f: &dyn Fn(usize) -> Decimal| {
            let mut acc = Decimal::ZERO;
            (0..count)
                .map(|p| {
                    acc += f(p);
                    acc
                })
                .collect::<Vec<_>>()
        };
        let cum_length = cumulative(&|p| plan.periods[p].length);
        let cum_share = cumulative(&|p| plan.periods[p].share());
        Shape {
            flat: Plan {
                currency: plan.currency,
                mix: plan.mix.clone(),
                level_mix: plan.level_mix.clone(),
                components,
                spifs,
                budget: None,
                periods: Vec::new(),
                as_of: None,
                missing_projections: plan.missing_projections,
                title: None,
                fiscal_year: None,
                status: None,
                notes: String::new(),
                changes: Vec::new(),
                annual_on_change: AnnualOnChange::Split,
                leavers: plan.leavers,
                prorate_targets: plan.prorate_targets,
                review_above: plan.review_above,
            },
            slots,
            spif_slots,
            periodic: true,
            count,
            as_of,
            version_starts: starts,
            shares: plan.periods.iter().map(|p| p.share()).collect(),
            cum_length,
            cum_share,
            leavers: plan.leavers,
            prorate_targets: plan.prorate_targets,
            mixes: if plans.windows(2).any(|w| mix_differs(w[0], w[1])) {
                plans
                    .iter()
                    .map(|v| (v.mix.clone(), v.level_mix.clone()))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// True when the pay mix changes during the year.
    pub fn mix_changes(&self) -> bool {
        !self.mixes.is_empty()
    }

    /// A CSM's annual base and target variable under plan version `k`'s pay mix.
    pub fn split_pay(&self, csm: &Csm, k: usize) -> (Decimal, Decimal) {
        match self.mixes.get(k) {
            Some((mix, levels)) => levels.get(&csm.level).unwrap_or(mix).split(csm.ote),
            None => self.flat.mix_for(&csm.level).split(csm.ote),
        }
    }

    /// Slot `j`'s amount for a CSM employed so: target variable × the slot's weight × the
    /// numerator of [`Shape::employed_share_exact`] (`num`, computed by the caller). With a
    /// pay mix that changes during the year, each period's part of it is taken at the
    /// target variable of the mix in force in that period (docs/periods.md, rule 26), so
    /// a CSM whose mix does not change is paid exactly as without the change.
    pub fn slot_amount(
        &self,
        csm: &Csm,
        j: usize,
        tv: Decimal,
        weight: Decimal,
        employed: Option<Employed>,
        num: Decimal,
    ) -> Decimal {
        if self.mixes.is_empty() || num.is_zero() {
            return tv * weight * num;
        }
        let tv_in = |p: usize| self.split_pay(csm, self.version_in(p)).1;
        let slot = &self.slots[j];
        let (a, b) = match slot.period {
            Some(p) => (p, p),
            None => slot.span.unwrap_or((0, self.count - 1)),
        };
        let tvs: Vec<Decimal> = (a..=b).map(tv_in).collect();
        if tvs.iter().all(|t| *t == tv) {
            return tv * weight * num;
        }
        if slot.period.is_some() {
            return tvs[0] * weight * num;
        }
        // An annual slot: Σ over its employed periods of that period's target variable ×
        // share × the employed fraction (scaled by the same denominator as `num`).
        let (lo, hi) = employed.map_or((a, b), |e| (a.max(e.first), b.min(e.last)));
        let den = self.exact_den(employed);
        (lo..=hi)
            .map(|p| tvs[p - a] * weight * self.shares[p] * self.scaled(employed, den, p))
            .sum()
    }

    /// The target variable a period slot `j` pays a share of: the CSM's under the mix in
    /// force in its period (`tv`, the plan's, when the mix never changes, and for an
    /// annual slot).
    pub fn period_slot_tv(&self, csm: &Csm, j: usize, tv: Decimal) -> Decimal {
        match (self.mixes.is_empty(), self.slots[j].period) {
            (false, Some(p)) => self.split_pay(csm, self.version_in(p)).1,
            _ => tv,
        }
    }

    /// [`Shape::slot_pay`] for a CSM whose target variable is `tv` under the plan's mix:
    /// slot `j` at payout `factor`, in cents, with the mix in force in each period.
    pub fn csm_slot_pay(
        &self,
        csm: &Csm,
        tv: Decimal,
        j: usize,
        employed: Option<Employed>,
        factor: Attainment,
    ) -> Decimal {
        if self.mixes.is_empty() {
            return self.slot_pay(tv * self.flat.components[j].weight, j, employed, factor);
        }
        let (num, den) = self.employed_share_exact(j, employed);
        let amount = self.slot_amount(csm, j, tv, self.flat.components[j].weight, employed, num);
        let den = den * factor.den;
        if den == Decimal::ONE {
            cents(amount * factor.num)
        } else {
            cents(amount * factor.num / den)
        }
    }

    /// The version in force in period `p`.
    pub fn version_in(&self, p: usize) -> usize {
        self.version_starts
            .iter()
            .rposition(|s| *s <= p)
            .unwrap_or(0)
    }

    /// Period `p`'s base and target variable for a CSM employed so (rules 8, 9 and 20 of
    /// docs/periods.md): the period's parts of the annual amounts under the mix in force
    /// in `p`, prorated by days for a period employed in part; zero outside employment.
    pub fn period_pay(
        &self,
        csm: &Csm,
        p: usize,
        employed: Option<Employed>,
    ) -> (Decimal, Decimal) {
        if !works(employed, p) {
            return (Decimal::ZERO, Decimal::ZERO);
        }
        let (base, tv) = self.split_pay(csm, self.version_in(p));
        let (b, t) = (self.by_length(base, p), self.by_share(tv, p));
        match employed {
            Some(e) => (self.employed_part(b, e, p), self.employed_part(t, e, p)),
            None => (b, t),
        }
    }

    /// A CSM's base and target variable for the year: [`Shape::prorated`] of the plan's
    /// split, or, when the pay mix changes during the year, the sums of their periods'
    /// parts under the mix in force in each ([`Shape::period_pay`]).
    pub fn year_pay(&self, csm: &Csm, employed: Option<Employed>) -> (Decimal, Decimal) {
        if self.mixes.is_empty() {
            let (base, tv) = self.flat.mix_for(&csm.level).split(csm.ote);
            return self.prorated(base, tv, employed);
        }
        (0..self.count)
            .map(|p| self.period_pay(csm, p, employed))
            .fold((Decimal::ZERO, Decimal::ZERO), |(b, t), (pb, pt)| {
                (b + pb, t + pt)
            })
    }

    /// Per slot: the period it is paid in (an annual slot with the last).
    pub fn slots_paid_in(&self) -> Vec<usize> {
        let last = self.count - 1;
        self.slots
            .iter()
            .map(|s| s.period.unwrap_or(last))
            .collect()
    }

    /// Per SPIF slot: the period it is paid in.
    pub fn spifs_paid_in(&self) -> Vec<usize> {
        let last = self.count - 1;
        self.spif_slots
            .iter()
            .map(|s| s.period.unwrap_or(last))
            .collect()
    }

    /// The ids of the flat plan's components and SPIFs (what team inputs are laid out for).
    pub fn ids(&self) -> Vec<String> {
        self.flat
            .components
            .iter()
            .map(|c| {
                // Whose result a metric is, and a rate worked out from ARR, decide the
                // actuals laid out for it.
                if c.scope.is_csm() && c.from_arr.is_none() {
                    c.id.clone()
                } else {
                    format!("{}#{:?}#{:?}", c.id, c.scope, c.from_arr)
                }
            })
            .chain(self.flat.spifs.iter().map(|s| format!("spif:{}", s.id)))
            .collect()
    }

    /// Where a CSM is employed, or `None` for the whole year.
    pub fn employed(plan: &Plan, csm: &Csm) -> Option<Employed> {
        if csm.start.is_none() && csm.end.is_none() {
            return None;
        }
        employment(plan, csm).ok().flatten()
    }

    /// Period `p`'s part of an annual amount split by length (base): the amount at the
    /// cumulative length through `p`, less that through `p − 1`, each to the cent, so the
    /// parts add up to the amount exactly.
    pub fn by_length(&self, amount: Decimal, p: usize) -> Decimal {
        part(amount, &self.cum_length, p)
    }

    /// [`Shape::by_length`] in whole cents with integers (`None` when a number is too
    /// large for them; then use `by_length`).
    pub fn base_cents(&self, amount: Decimal, p: usize) -> Option<i128> {
        self.base_part(i64::try_from(int_at(amount, 2)?).ok()?, p)
    }

    /// [`Shape::base_cents`] of an amount already in cents.
    pub fn base_part(&self, b: i64, p: usize) -> Option<i128> {
        // In i64 (a base in cents times a share with a few decimals fits): a 128-bit
        // division costs several times more, on every CSM and period.
        let upto = |k: usize| -> Option<i64> {
            let l = self.cum_length[k];
            let num = b.checked_mul(i64::try_from(l.mantissa()).ok()?)?;
            let den = i64::try_from(pow10(l.scale())?).ok()?;
            let (twice, d2) = (num.checked_mul(2)?, den.checked_mul(2)?);
            Some(if num >= 0 {
                twice.checked_add(den)? / d2
            } else {
                -((den.checked_sub(twice)?) / d2)
            })
        };
        let part = if p == 0 {
            upto(0)?
        } else {
            upto(p)? - upto(p - 1)?
        };
        Some(i128::from(part))
    }

    /// A CSM's base and target variable for the periods they are employed in (rules 8 and
    /// 9 of docs/periods.md): the sums of their periods' parts, by length and by share,
    /// each part of a period employed for some days prorated by days and rounded to the
    /// cent; the annual amounts for the whole year.
    pub fn prorated(
        &self,
        base: Decimal,
        tv: Decimal,
        employed: Option<Employed>,
    ) -> (Decimal, Decimal) {
        match employed {
            None => (base, tv),
            Some(e) => (
                (e.first..=e.last)
                    .map(|p| self.employed_part(self.by_length(base, p), e, p))
                    .sum(),
                (e.first..=e.last)
                    .map(|p| self.employed_part(self.by_share(tv, p), e, p))
                    .sum(),
            ),
        }
    }

    /// A period's part of an amount for a CSM employed some of its days: the part ×
    /// days employed ÷ days, rounded once to the cent; the part itself for a whole period.
    pub fn employed_part(&self, part: Decimal, e: Employed, p: usize) -> Decimal {
        if e.whole(p) {
            part
        } else {
            cents(part * e.fraction(p))
        }
    }

    /// Period `p`'s part of the annual target variable, split the same way by share.
    pub fn by_share(&self, amount: Decimal, p: usize) -> Decimal {
        part(amount, &self.cum_share, p)
    }

    /// The employed share of the year's target variable: Σ share × employed fraction over
    /// the periods `range` (inclusive).
    fn share_over(&self, e: Employed, (a, b): (usize, usize)) -> Decimal {
        let (lo, hi) = (a.max(e.first), b.min(e.last));
        if lo > hi {
            return Decimal::ZERO;
        }
        (lo..=hi)
            .map(|p| {
                if e.whole(p) {
                    self.shares[p]
                } else {
                    self.shares[p] * e.fraction(p)
                }
            })
            .sum()
    }

    /// True when a CSM employed so is a leaver: they leave before the year ends.
    pub fn leaves(&self, employed: Option<Employed>) -> bool {
        employed.is_some_and(|e| e.leaves(self.count))
    }

    /// [`Shape::employed_share`] as an exact fraction (numerator, denominator): the
    /// denominator is 1 unless a period is employed for some of its days, then the days of
    /// those periods, so that `amount × numerator × factor ÷ denominator` is divided once
    /// and a payout that is exactly half a cent rounds as the rule says.
    pub fn employed_share_exact(&self, j: usize, employed: Option<Employed>) -> (Decimal, Decimal) {
        let Some(e) = employed.filter(|e| e.head != (1, 1) || e.tail != (1, 1)) else {
            return (self.employed_share(j, employed), Decimal::ONE);
        };
        let share = self.employed_share(j, employed);
        if share.is_zero() {
            return (Decimal::ZERO, Decimal::ONE);
        }
        let den = self.exact_den(Some(e));
        let slot = &self.slots[j];
        let num = match slot.period {
            Some(p) => self.scaled(Some(e), den, p),
            None => {
                let (a, b) = slot.span.unwrap_or((0, self.count - 1));
                let (lo, hi) = (a.max(e.first), b.min(e.last));
                (lo..=hi)
                    .map(|p| self.shares[p] * self.scaled(Some(e), den, p))
                    .sum()
            }
        };
        (num, den)
    }

    /// The denominator of the exact employed shares of a CSM employed so: 1, or the days of
    /// the periods they work in part.
    fn exact_den(&self, employed: Option<Employed>) -> Decimal {
        match employed.filter(|e| e.head != (1, 1) || e.tail != (1, 1)) {
            None => Decimal::ONE,
            Some(e) if e.first == e.last => Decimal::from(e.head.1.max(1)),
            Some(e) => Decimal::from(u64::from(e.head.1.max(1)) * u64::from(e.tail.1.max(1))),
        }
    }

    /// Period `p`'s employed fraction × `den` (an integer; 1 × den for a whole period).
    fn scaled(&self, employed: Option<Employed>, den: Decimal, p: usize) -> Decimal {
        let Some(e) = employed else {
            return den;
        };
        let (d, n) = e.days(p);
        if d == n {
            return den;
        }
        // den is a product of days, so a multiple of n.
        (den / Decimal::from(n.max(1))).trunc() * Decimal::from(d)
    }

    /// What slot `j` pays a CSM employed so at payout `factor`, in cents: `amount` (target
    /// variable × weight) × the employed share × the factor, divided once by the days of
    /// a period employed in part.
    pub fn slot_pay(
        &self,
        amount: Decimal,
        j: usize,
        employed: Option<Employed>,
        factor: Attainment,
    ) -> Decimal {
        let (num, den) = self.employed_share_exact(j, employed);
        let den = den * factor.den;
        if den == Decimal::ONE {
            cents(amount * num * factor.num)
        } else {
            cents(amount * num * factor.num / den)
        }
    }

    /// True when a CSM employed so works some period for only some of its days.
    pub fn by_days(employed: Option<Employed>) -> bool {
        employed.is_some_and(|e| e.head != (1, 1) || e.tail != (1, 1))
    }

    /// The multiplier of slot `j`'s amount for a CSM employed in `employed` (none = the
    /// whole year): for a period slot the share of the period employed (1, 0, or days
    /// employed ÷ days); for an annual one the employed share of target variable, or 0 for
    /// a leaver whose plan forfeits annual metrics.
    pub fn employed_share(&self, j: usize, employed: Option<Employed>) -> Decimal {
        let slot = &self.slots[j];
        match (slot.period, slot.span, employed) {
            (_, None, None) => Decimal::ONE,
            (Some(p), _, Some(e)) => e.fraction(p),
            (Some(_), Some(_), None) => Decimal::ONE,
            (None, span, e) => {
                if self.leavers == LeaverPolicy::Forfeit && self.leaves(e) {
                    return Decimal::ZERO;
                }
                let span = span.unwrap_or((0, self.count - 1));
                match e {
                    None => self.shares[span.0..=span.1].iter().sum(),
                    Some(e) => self.share_over(e, span),
                }
            }
        }
    }

    /// The factor on the plan's target of slot `j` for a CSM employed in `employed`: the
    /// employed share of the period (a period slot) or of the year's target variable (an
    /// annual one) when the plan prorates targets — or, for a leaver settled at leaving,
    /// always — and the metric is money or a count; else 1. Percentages never prorate.
    pub fn target_share(&self, j: usize, employed: Option<Employed>) -> Decimal {
        let Some(e) = employed else {
            return Decimal::ONE;
        };
        let slot = &self.slots[j];
        // Nor does a team's or a level's target: its result is the group's, not the CSM's.
        if self.flat.components[j].unit == Unit::Percent
            || self.flat.components[j].scope.is_shared()
        {
            return Decimal::ONE;
        }
        let settled = slot.period.is_none() && self.settles(employed);
        if !self.prorate_targets && !settled {
            return Decimal::ONE;
        }
        match slot.period {
            Some(p) => e.fraction(p),
            None => self.share_over(e, (0, self.count - 1)),
        }
    }

    /// The plan's target of slot `j` for a CSM employed so (see [`Shape::target_share`]),
    /// rounded to the cent when prorated.
    pub fn target_for(&self, j: usize, employed: Option<Employed>) -> Decimal {
        prorated_target(
            self.flat.components[j].target,
            self.target_share(j, employed),
        )
    }

    /// True when a CSM employed so is a leaver whose annual metrics are settled when they
    /// leave.
    pub fn settles(&self, employed: Option<Employed>) -> bool {
        self.leavers == LeaverPolicy::SettleAtLeaving && self.leaves(employed)
    }

    /// The period slot `j` is paid in for a CSM employed so: its own period; an annual
    /// slot with the last period, or the leaving period for a leaver settled then.
    pub fn paid_in(&self, j: usize, employed: Option<Employed>) -> usize {
        match (self.slots[j].period, employed) {
            (Some(p), _) => p,
            (None, Some(e)) if self.settles(employed) => e.last,
            (None, _) => self.count - 1,
        }
    }

    /// True when slot `j` holds actual results for a CSM employed so: the slot's own
    /// rule, or, for a leaver settled when leaving, once the leaving period is closed.
    pub fn fixed_for(&self, j: usize, employed: Option<Employed>) -> bool {
        let slot = &self.slots[j];
        if slot.period.is_none()
            && self.settles(employed)
            && let Some(e) = employed
        {
            return self.as_of.is_some_and(|a| e.last <= a);
        }
        slot.fixed
    }

    /// True when the plan changes during the year.
    pub fn versioned(&self) -> bool {
        self.version_starts.len() > 1
    }

    /// True when a CSM employed in `employed` earns in period `p`.
    pub fn works_in(employed: Option<Employed>, p: usize) -> bool {
        works(employed, p)
    }
}

/// A target × the share of it a joiner or leaver is measured against, to the cent; the
/// target itself at a share of 1.
pub fn prorated_target(target: Decimal, share: Decimal) -> Decimal {
    if share == Decimal::ONE {
        target
    } else {
        cents(target * share)
    }
}

fn part(amount: Decimal, cum: &[Decimal], p: usize) -> Decimal {
    let upto = |k: usize| cents(amount * cum[k]);
    if p == 0 {
        upto(0)
    } else {
        upto(p) - upto(p - 1)
    }
}

fn flat_component(comp: &Component, id: String, weight: Decimal, target: Decimal) -> Component {
    Component {
        id,
        name: comp.name.clone(),
        kind: comp.kind,
        weight,
        direction: comp.direction,
        unit: comp.unit,
        target,
        curve: comp.curve.clone(),
        measured: Measure::Year,
        period_targets: Default::default(),
        period_weights: Default::default(),
        weight_locked: comp.weight_locked,
        gates: comp.gates.clone(),
        modifier: comp.modifier.clone(),
        scope: comp.scope,
        from_arr: comp.from_arr,
    }
}
