//! What an evaluation gives: each CSM's pay and each component's result, the team's
//! figures, and pay by period.

use super::*;

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
    /// What payroll recorded for the closed periods less what the plan computes for them
    /// (zero without recorded payouts): part of `total`, so that base + variable + SPIF +
    /// adjustment = total (docs/periods.md, "Recorded payouts").
    pub adjustment: Decimal,
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
    /// Recorded pay less computed pay over the periods with recorded payouts (part of
    /// `cash`).
    pub adjustment: Decimal,
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
    pub(crate) components: Vec<ComponentResult>,
    pub(crate) stride: usize,
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
    /// Per plan component: how many CSMs a gate keeps from being paid on it (the worst
    /// period of a per-period one).
    pub gated: Vec<usize>,
    /// Per plan component: how far apart the team's actuals are (for the
    /// `implausible-attainment` guardrail, so that it need not look at every CSM on every
    /// plan change).
    pub actual_spread: Vec<ActualSpread>,
    /// With periods: what is paid in each period.
    pub periods: Option<PeriodResults>,
    /// Per CSM × period: base, variable and SPIF in cents, when the integer path summed
    /// them as it paid (taken by [`finish_evaluation`]).
    pub(crate) period_cents: Vec<[i128; 3]>,
}

/// What a CSM (or the team) is paid in one period. Annual components are paid with the
/// last period of the year.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PeriodPay {
    pub base: Decimal,
    pub variable: Decimal,
    pub spif: Decimal,
    /// A recorded payout less what the plan computes for the period (zero without one).
    pub adjustment: Decimal,
    /// What the period pays: base + variable + SPIF + adjustment (the recorded payout
    /// when there is one).
    pub total: Decimal,
}

impl PeriodPay {
    /// What the plan computes for the period: base + variable + SPIF.
    pub fn computed(&self) -> Decimal {
        self.total - self.adjustment
    }
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
    pub employed: Vec<Option<crate::engine::shape::Employed>>,
    /// The number of periods.
    pub count: usize,
    /// Per period: its share of the annual target variable.
    pub shares: Vec<Decimal>,
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
            // An annual metric paid by several plan versions: weighted by each version's
            // amount (its weight × the shares of its periods the CSM works).
            let span_share = |(a, b): (usize, usize)| -> Decimal {
                let hi = b.min(self.shares.len().saturating_sub(1));
                (a..=hi)
                    .map(|p| match employed {
                        None => self.shares[p],
                        Some(e) if e.whole(p) => self.shares[p],
                        Some(e) => self.shares[p] * e.fraction(p),
                    })
                    .sum()
            };
            let weight = match (slot.period, slot.span) {
                (None, None) => {
                    single[slot.component] = Some(*r);
                    continue;
                }
                (None, Some(span)) => Some(self.weights[j] * span_share(span)),
                (Some(p), _) if Shape::works_in(employed, p) => Some(match employed {
                    Some(e) if !e.whole(p) => self.weights[j] * e.fraction(p),
                    _ => self.weights[j],
                }),
                (Some(_), _) => None,
            };
            match weight {
                Some(w) if !w.is_zero() => {
                    s[1] += w;
                    s[2] += w * r.attainment();
                    s[3] += w * r.factor();
                    let e = &mut exact[slot.component];
                    e[0] = e[0].and_then(|x| add_weighted(x, w, r.attainment_exact));
                    e[1] = e[1].and_then(|x| add_weighted(x, w, r.factor_exact));
                }
                _ => {}
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
    pub(crate) fn of_column(col: &IntColumn) -> ActualSpread {
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

    pub(crate) fn add_decimal(&mut self, actual: Decimal, target: Option<Decimal>) {
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
