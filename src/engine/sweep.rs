//! Team cash at many attainment scales at once (cost curves), exactly and fast.
//!
//! [`super::eval::team_cash_at`] runs the whole decimal engine once per scale. Most of that
//! work does not depend on the scale: each CSM's base, SPIFs and target variable, each
//! component's amount, target and raw attainment, and the curve's breakpoints times the
//! target. Here that work is done once and turned into integers at one decimal exponent per
//! component, chosen from the data so that nothing is rounded; each scale then costs only
//! integer multiplications, additions and comparisons. Rounding a payout to the cent needs a
//! division, but between neighbouring scales a tiered payout grows by the same step while
//! the attainment stays inside one tier, so the quotient and remainder are carried forward
//! and a division happens only where the step changes. The loop runs in `i64` when every
//! magnitude allows it, else in `i128`.
//!
//! The result is the same to the cent as `team_cash_at`: every component payout is the same
//! exact rational number, rounded half away from zero at the cent (tests/sweep.rs checks it
//! against the engine, including random plans). When a number is too large for 128-bit
//! integers, the decimal engine is used instead.
//!
//! Owns: nothing but arithmetic. Must not: do I/O.

use super::eval::{TeamInputs, spif_payout, split_pay, team_cash_at};
use super::int::{Int, int_at, pow10, round_div};
use super::model::{Curve, Direction, Scenario, TierMode};
use super::shape::Shape;
use rust_decimal::Decimal;

/// Team cash at each of `scales`, exactly as [`team_cash_at`] computes it, in one pass over
/// the team. `inputs` must fit `scn` (they are rebuilt if not).
pub fn team_cash_curve(scn: &Scenario, inputs: &TeamInputs, scales: &[Decimal]) -> Vec<Decimal> {
    if !inputs.fits(scn) {
        return team_cash_curve(scn, &TeamInputs::new(scn), scales);
    }
    match fast_curve(scn, inputs, scales) {
        Some(v) => {
            // Recorded payouts replace closed periods, the same at every scale.
            let recorded = super::eval::recorded_adjustment(scn, inputs);
            v.into_iter().map(|c| c + recorded).collect()
        }
        // Gates (one metric's pay depends on another's result) and curves by points (a
        // denominator per segment): one evaluation per scale, the integer one where it
        // applies.
        None if scn.plan.components.iter().any(|c| {
            !c.gates.is_empty() || c.modifier.is_some() || matches!(c.curve, Curve::Points { .. })
        }) =>
        {
            scales
                .iter()
                .map(|s| super::evaluate::evaluate_with(scn, inputs, *s).team.cash)
                .collect()
        }
        None => scales
            .iter()
            .map(|s| team_cash_at(scn, inputs, *s))
            .collect(),
    }
}

/// The number of decimal places `x` is held with.
fn exponent(x: Decimal) -> u32 {
    x.scale()
}

/// The scale-independent inputs of one CSM on one component.
struct Cell {
    /// Attainment numerator before the scale (0 when there is no actual).
    raw: Decimal,
    /// Attainment denominator: the target (1 when there is no actual, as the engine does).
    den: Decimal,
    /// Target variable × weight.
    amount: Decimal,
}

/// Computes the curve with integers; `None` if some number does not fit.
///
/// It works on the plan's slots (see [`Shape`]); a slot of actual results pays the same at
/// every scale. A joiner's or leaver's slots carry their employed share (docs/periods.md).
fn fast_curve(scn: &Scenario, inputs: &TeamInputs, scales: &[Decimal]) -> Option<Vec<Decimal>> {
    let shape = Shape::of(&scn.plan);
    let plan = &shape.flat;
    // Gates make one metric's pay depend on another's result: the decimal engine sweeps.
    if plan
        .components
        .iter()
        .any(|c| !c.gates.is_empty() || c.modifier.is_some())
    {
        return None;
    }
    let n = scn.team.len();
    let e_s = scales.iter().map(|s| exponent(*s)).max().unwrap_or(0);
    let s_int: Vec<i128> = scales
        .iter()
        .map(|s| int_at(*s, e_s))
        .collect::<Option<_>>()?;
    if s_int.iter().any(|s| *s < 0) {
        return None;
    }
    // The scale of a slot of actual results: 100%.
    let one = vec![pow10(e_s)?];
    let s_max = s_int.iter().copied().max().unwrap_or(0).max(pow10(e_s)?);

    // A leaver whose annual metrics were settled when they left is paid the same at every
    // scale while the rest of the slot moves; a period employed for some of its days makes
    // a share divided once by its days: the decimal path handles both.
    // So does a pay mix that changes during the year.
    if shape.mix_changes()
        || (0..n).any(|i| {
            let e = inputs.employed(i);
            Shape::by_days(e)
                || shape.settles(e)
                    && (0..shape.slots.len()).any(|j| shape.fixed_for(j, e) != shape.slots[j].fixed)
        })
    {
        return None;
    }
    // Pay that does not depend on the scale, and each CSM's target variable.
    let mut fixed = Decimal::ZERO;
    let mut tvs = Vec::with_capacity(n);
    for (i, csm) in scn.team.iter().enumerate() {
        let (base, tv) = split_pay(plan, csm);
        let base = shape.prorated(base, tv, inputs.employed(i)).0;
        let spif: Decimal = plan
            .spifs
            .iter()
            .zip(inputs.events(i))
            .map(|(s, e)| spif_payout(s, *e))
            .sum();
        fixed += base + spif;
        tvs.push(tv);
    }
    // Each component's payouts at every scale, in cents. The components are independent:
    // on a large team with two or more cores, half of them go to a second thread.
    let metric = super::eval::metric_scales(scn);
    let component_cents = |j: usize| -> Option<Vec<i128>> {
        let comp = &plan.components[j];
        let assume = !shape.slots[j].fixed
            && plan.missing_projections == crate::engine::MissingProjection::AtTarget;
        // The metric's attainment assumption multiplies its projections' attainment as the
        // scale does: folded into the numerator (a slot of actual results has none).
        let ms = match metric.get(shape.slots[j].component) {
            Some(m) if !shape.slots[j].fixed && *m != Decimal::ONE => Some(*m),
            _ => None,
        };
        let cells: Vec<Cell> = tvs
            .iter()
            .enumerate()
            .map(|(i, tv)| {
                let target = inputs
                    .target(i, j)
                    .unwrap_or_else(|| shape.target_for(j, inputs.employed(i)));
                let (raw, den) = match inputs.actual(i, j) {
                    Some(actual) => (
                        match comp.direction {
                            Direction::HigherIsBetter => actual,
                            Direction::LowerIsBetter => {
                                (target + target - actual).max(Decimal::ZERO)
                            }
                        },
                        target,
                    ),
                    // No projection: at target when the plan says so (never in a slot
                    // of actual results).
                    None if assume => (target, target),
                    None => (Decimal::ZERO, Decimal::ONE),
                };
                let raw = ms.map_or(raw, |m| raw * m);
                Cell {
                    raw,
                    den,
                    amount: match inputs.employed(i) {
                        None if shape.slots[j].span.is_none() => *tv * comp.weight,
                        span => *tv * comp.weight * shape.employed_share(j, span),
                    },
                }
            })
            .collect();
        // A slot of actual results pays the same at every scale: paid once, at 100%.
        let s_int = if shape.slots[j].fixed { &one } else { &s_int };
        let mut cents = vec![0i128; s_int.len()];
        let prepared = prepare(&comp.curve, &cells, e_s, s_max)?;
        if prepared.max_magnitude < i64::BOUND {
            let s: Vec<i64> = s_int.iter().map(|v| *v as i64).collect();
            prepared.add_payouts::<i64>(&cells, &s, &mut cents)?;
        } else {
            prepared.add_payouts::<i128>(&cells, s_int, &mut cents)?;
        }
        if cents.len() < scales.len() {
            cents = vec![cents.first().copied().unwrap_or(0); scales.len()];
        }
        Some(cents)
    };
    let comps = plan.components.len();
    let all = |range: std::ops::Range<usize>| -> Option<Vec<i128>> {
        let mut sum = vec![0i128; scales.len()];
        for j in range {
            for (t, c) in sum.iter_mut().zip(component_cents(j)?) {
                *t += c;
            }
        }
        Some(sum)
    };
    let two_cores = std::thread::available_parallelism().is_ok_and(|c| c.get() > 1);
    let cents = if two_cores && n >= 1_000 && comps >= 2 {
        let half = comps / 2;
        let (a, b) = std::thread::scope(|sc| {
            let other = sc.spawn(|| all(half..comps));
            let mine = all(0..half);
            (mine, other.join())
        });
        let b = b.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let (a, b) = (a?, b?);
        a.iter().zip(&b).map(|(x, y)| x + y).collect()
    } else {
        all(0..comps)?
    };
    Some(
        cents
            .into_iter()
            .map(|c| fixed + Decimal::from_i128_with_scale(c, 2))
            .collect(),
    )
}

/// A component's curve in integer form, at exponents that suit every CSM's numbers.
struct Prepared<'a> {
    curve: &'a Curve,
    /// Raw attainment numerators are held at `e_n - e_s` decimals (so that raw × scale is at
    /// `e_n`), targets at `e_d`, amounts at `e_a`.
    e_num_raw: u32,
    e_d: u32,
    e_a: u32,
    /// Breakpoints (threshold, tier starts or step minimums) at `e_n - e_d`: times a target
    /// at `e_d` they are at `e_n`, like raw × scale.
    threshold: i128,
    starts: Vec<i128>,
    /// Tier rates at `e_f - e_n`: a rate times a part of attainment is at `e_f`.
    rates: Vec<i128>,
    /// The cap at `e_f - e_d`: times a target it is at `e_f`, like the factor numerator.
    cap: Option<i128>,
    /// Step factors at `e_fac`.
    factors: Vec<i128>,
    /// A payout in cents is `amount × factor × num_mul / (target × den_mul)` (tiered) or
    /// `amount × factor × num_mul / den_mul` (steps): the powers of ten that bring the
    /// exponents together.
    num_mul: i128,
    den_mul: i128,
    /// The largest magnitude any product in the loop can reach.
    max_magnitude: i128,
}

/// Chooses exponents and converts; bounds every product of [`Prepared::add_payouts`].
/// `None` when the numbers are too large for 128-bit integers.
fn prepare<'a>(curve: &'a Curve, cells: &[Cell], e_s: u32, s_max: i128) -> Option<Prepared<'a>> {
    let max_exp = |f: &dyn Fn(&Cell) -> Decimal| cells.iter().map(|c| exponent(f(c))).max();
    let e_raw = max_exp(&|c| c.raw).unwrap_or(0);
    let e_d = max_exp(&|c| c.den).unwrap_or(0);
    let e_a = max_exp(&|c| c.amount).unwrap_or(0);
    let breaks = curve.breakpoints();
    let e_b = breaks.iter().map(|x| exponent(*x)).max().unwrap_or(0);
    let e_n = (e_raw + e_s).max(e_b + e_d);
    let bound = i128::BOUND;
    let mut biggest = 0i128;
    let mut fits = |x: i128| {
        biggest = biggest.max(x.abs());
        (x.abs() < bound).then_some(x)
    };

    let max_of = |f: &dyn Fn(&Cell) -> Option<i128>| {
        cells
            .iter()
            .try_fold(0i128, |m, c| f(c).map(|v| m.max(v.abs())))
    };
    let raw_max = fits(max_of(&|c| int_at(c.raw, e_n - e_s))?)?;
    let d_max = fits(max_of(&|c| int_at(c.den, e_d))?)?;
    let a_max = fits(max_of(&|c| int_at(c.amount, e_a))?)?;
    let num_max = fits(raw_max.checked_mul(s_max)?)?;
    let breaks_int: Vec<i128> = breaks
        .iter()
        .map(|b| int_at(*b, e_n - e_d))
        .collect::<Option<_>>()?;
    let break_max = breaks_int.iter().copied().max().unwrap_or(0);
    fits(break_max.checked_mul(d_max)?)?;

    let mut p = match curve {
        // A curve drawn by points has a denominator per segment: the decimal engine sweeps it.
        Curve::Points { .. } => return None,
        Curve::Tiered { tiers, cap, .. } => {
            let e_r = tiers.iter().map(|t| exponent(t.rate)).max().unwrap_or(0);
            let e_c = cap.map_or(0, exponent);
            let e_f = (e_r + e_n).max(e_c + e_d);
            let rates: Vec<i128> = tiers
                .iter()
                .map(|t| int_at(t.rate, e_f - e_n))
                .collect::<Option<_>>()?;
            let cap_int = match cap {
                Some(c) => Some(int_at(*c, e_f - e_d)?),
                None => None,
            };
            // The factor numerator never exceeds Σ rate × (largest attainment), nor the
            // running sum of its terms.
            let rate_sum = rates.iter().try_fold(0i128, |s, r| s.checked_add(*r))?;
            let f_max = fits(rate_sum.checked_mul(num_max)?)?;
            for r in &rates {
                fits(r.checked_mul(num_max)?)?;
            }
            let cap_max = match cap_int {
                Some(c) => fits(c.checked_mul(d_max)?)?,
                None => 0,
            };
            let (num_mul, den_mul) = split_pow10(e_a + e_f, e_d + 2)?;
            let am_max = fits(a_max.checked_mul(num_mul)?)?;
            fits(am_max.checked_mul(f_max.max(cap_max))?)?;
            fits(d_max.checked_mul(den_mul)?)?;
            Prepared {
                curve,
                e_num_raw: e_n - e_s,
                e_d,
                e_a,
                threshold: breaks_int[0],
                starts: breaks_int[1..].to_vec(),
                rates,
                cap: cap_int,
                factors: Vec::new(),
                num_mul,
                den_mul,
                max_magnitude: 0,
            }
        }
        Curve::Steps { steps } => {
            let e_fac = steps.iter().map(|s| exponent(s.factor)).max().unwrap_or(0);
            let factors: Vec<i128> = steps
                .iter()
                .map(|s| int_at(s.factor, e_fac))
                .collect::<Option<_>>()?;
            let f_max = factors.iter().copied().max().unwrap_or(0);
            let (num_mul, den_mul) = split_pow10(e_a + e_fac, 2)?;
            let am_max = fits(a_max.checked_mul(num_mul)?)?;
            fits(am_max.checked_mul(f_max)?)?;
            fits(den_mul)?;
            Prepared {
                curve,
                e_num_raw: e_n - e_s,
                e_d,
                e_a,
                threshold: 0,
                starts: breaks_int,
                rates: Vec::new(),
                cap: None,
                factors,
                num_mul,
                den_mul,
                max_magnitude: 0,
            }
        }
    };
    p.max_magnitude = biggest;
    Some(p)
}

/// For a value held at `held` decimals that is wanted at `wanted` decimals: the powers of
/// ten (numerator, denominator) that convert it.
fn split_pow10(held: u32, wanted: u32) -> Option<(i128, i128)> {
    if held >= wanted {
        Some((1, pow10(held - wanted)?))
    } else {
        Some((pow10(wanted - held)?, 1))
    }
}

impl Prepared<'_> {
    /// Adds every CSM's payout in cents at each scale to `cents`. Every magnitude was
    /// bounded below `T::BOUND` by [`prepare`], so plain arithmetic cannot overflow.
    fn add_payouts<T: Int>(&self, cells: &[Cell], s: &[T], cents: &mut [i128]) -> Option<()> {
        let conv = |v: &[i128]| {
            v.iter()
                .map(|x| T::from_i128(*x))
                .collect::<Option<Vec<T>>>()
        };
        let break_unit = conv(&self.starts)?;
        let rates = conv(&self.rates)?;
        let factors = conv(&self.factors)?;
        let threshold_unit = T::from_i128(self.threshold)?;
        let cap_unit = match self.cap {
            Some(c) => Some(T::from_i128(c)?),
            None => None,
        };
        let num_mul = T::from_i128(self.num_mul)?;
        let den_mul = T::from_i128(self.den_mul)?;
        let s_max = s.iter().copied().max().unwrap_or(T::ZERO);
        let mut starts = vec![T::ZERO; break_unit.len()];
        let mut step_cents: Vec<Option<T>> = vec![None; factors.len()];
        // Payouts that are the same at every scale (no actual, or zero attainment).
        let mut constant = 0i128;
        for cell in cells {
            let raw = T::from_i128(int_at(cell.raw, self.e_num_raw)?)?;
            let d = T::from_i128(int_at(cell.den, self.e_d)?)?;
            let a = T::from_i128(int_at(cell.amount, self.e_a)?)?;
            for (st, b) in starts.iter_mut().zip(&break_unit) {
                *st = *b * d;
            }
            match self.curve {
                Curve::Points { .. } => return None,
                Curve::Tiered { mode, .. } => {
                    let flat = *mode == TierMode::Flat;
                    let threshold = threshold_unit * d;
                    // Attainment at or below zero pays nothing on a tiered curve, and an
                    // attainment that stays under the threshold at the top scale neither.
                    if raw <= T::ZERO || raw * s_max < threshold {
                        continue;
                    }
                    let am = a * num_mul;
                    let den = d * den_mul;
                    let two_den = T::TWO * den;
                    let cap = cap_unit.map(|c| c * d);
                    // The payout in cents is q, where 2 × am × f + den = q × 2den + r. From one
                    // scale to the next, am × f grows by the same step while the attainment
                    // stays inside one tier, so q and r are carried forward by adding that
                    // step's quotient and remainder: a division only when the step changes.
                    let (mut n_prev, mut q, mut r) = (T::ZERO, T::ZERO, den);
                    let (mut step, mut dq, mut dr) = (T::ZERO, T::ZERO, T::ZERO);
                    for (p, sc) in s.iter().enumerate() {
                        let num = raw * *sc;
                        let mut f = T::ZERO;
                        if num >= threshold && flat {
                            // The rate of the tier reached, on the whole attainment.
                            if let Some(k) = starts.iter().rposition(|st| num >= *st) {
                                f = rates[k] * num;
                            }
                            if let Some(c) = cap {
                                f = f.min(c);
                            }
                        } else if num >= threshold {
                            for (k, start) in starts.iter().enumerate() {
                                if num <= *start {
                                    break;
                                }
                                let part = match starts.get(k + 1) {
                                    Some(next) if num > *next => *next - *start,
                                    _ => num - *start,
                                };
                                f += rates[k] * part;
                            }
                            if let Some(c) = cap {
                                f = f.min(c);
                            }
                        }
                        let n = am * f;
                        if n > n_prev {
                            let delta = n - n_prev;
                            if delta != step {
                                step = delta;
                                dq = (T::TWO * delta) / two_den;
                                dr = (T::TWO * delta) % two_den;
                            }
                            q += dq;
                            r += dr;
                            if r >= two_den {
                                r = r - two_den;
                                q += T::ONE;
                            }
                        } else if n < n_prev {
                            let t = T::TWO * n + den;
                            q = t / two_den;
                            r = t % two_den;
                        }
                        n_prev = n;
                        cents[p] += q.into();
                    }
                }
                Curve::Steps { .. } => {
                    if raw < T::ZERO {
                        continue;
                    }
                    step_cents.iter_mut().for_each(|c| *c = None);
                    let mut pay = |k: usize| {
                        *step_cents[k]
                            .get_or_insert_with(|| round_div(a * num_mul * factors[k], den_mul))
                    };
                    if raw == T::ZERO {
                        // Attainment 0 at every scale: the step at 0%, if there is one.
                        if let Some(k) = starts.iter().rposition(|min| *min <= T::ZERO) {
                            constant += pay(k).into();
                        }
                        continue;
                    }
                    for (p, sc) in s.iter().enumerate() {
                        let num = raw * *sc;
                        if let Some(k) = starts.iter().rposition(|min| num >= *min) {
                            cents[p] += pay(k).into();
                        }
                    }
                }
            }
        }
        for c in cents.iter_mut() {
            *c += constant;
        }
        Some(())
    }
}
