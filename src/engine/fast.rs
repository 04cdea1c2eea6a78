//! The fast evaluation: every result of [`super::eval`]'s decimal engine, computed with
//! exact integers.
//!
//! A `Decimal` operation rescales its operands on every call; most of the engine's time
//! went there (about 25 decimal operations per component payout). Here each component's
//! numbers are brought once per evaluation to decimal exponents chosen from the data (the
//! team's columns are converted once per team, in [`TeamInputs`]), so that every CSM costs
//! only integer multiplications, additions, comparisons and one division per payout (its
//! rounding to the cent, half away from zero, exactly as [`crate::num::cents`]).
//!
//! Before the loop, the largest magnitude every product can reach is bounded from the
//! column maxima; when a bound does not fit 128-bit integers, a result would not fit a
//! `Decimal`, or the decimal engine could round a product or quotient that this path keeps
//! exact (see [`DEC_EXACT`]), [`evaluate`] returns `None` and the decimal engine is used. A CSM with no
//! projected actual for a component is paid by the decimal engine too (attainment zero).
//! The results are equal to the decimal engine's (tests/engine.rs checks this on random
//! plans and teams).
//!
//! Owns: nothing but arithmetic. Must not: do I/O.

use super::curve::Attainment;
use super::eval::{
    ComponentResult, CsmResult, Evaluation, IntColumn, NONE, TeamInputs, TeamResult, Values,
    finish_team, times, within,
};
use super::int::{Int, int_at, pow10, round_div};
use super::model::{Basis, Beyond, Component, Curve, Direction, Scenario, TierMode};
use super::shape::{Employed, Shape as PlanShape};
use crate::num::cents;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Every magnitude outside the per-CSM loop stays below this, so sums fit an i128.
const LIMIT: i128 = i128::BOUND;
/// The largest mantissa a `Decimal` holds.
const DEC_MAX: i128 = (1 << 96) - 1;
/// The largest scale a `Decimal` holds.
const DEC_SCALE: u32 = 28;
/// Below this, a payout's product (target variable × weight × factor numerator, as held
/// here) is one the decimal engine forms exactly, and its division by the target (rounded
/// by `Decimal` to 28 significant digits) cannot move the rounding at the cent: a quotient
/// p/d that is not exactly on a half cent is at least 1/(2d) cents away from one, more than
/// the division's error while p < 5 × 10^26 (2^88 ≈ 3.1 × 10^26). A CSM above it is paid by
/// the decimal engine, so that the answer is always the decimal engine's answer.
const DEC_EXACT: i128 = 1 << 88;

/// `v × 10^-e` as a `Decimal`, or `None` if it does not fit.
#[inline]
fn dec(v: i128, e: u32) -> Option<Decimal> {
    Decimal::try_from_i128_with_scale(v, e).ok()
}

/// `x` (held at exponent `from`) at exponent `to`, rounded half away from zero.
fn rescale(x: i128, from: u32, to: u32) -> Option<i128> {
    if from >= to {
        Some(round_div(x, pow10(from - to)?))
    } else {
        x.checked_mul(pow10(to - from)?)
    }
}

/// `x` with its own scale as exponent.
fn own(x: Decimal) -> (i128, u32) {
    (x.mantissa(), x.scale())
}

/// `Some(x)` when `|x|` is below `limit`.
fn below(x: i128, limit: i128) -> Option<i128> {
    (x.abs() < limit).then_some(x)
}

/// A payout of `tv_c × w × x / 10^shift` cents (tv in cents, w and x integers): the
/// multiplier and divisor of a factor known in advance (steps, caps, fixed points).
#[derive(Clone, Copy)]
struct Fixed<T> {
    x: T,
    den: T,
}

impl<T: Int> Fixed<T> {
    /// Bounded so that `tv_w_max × x` and the divisor stay below `T::BOUND`.
    fn new(w_exp: u32, factor: Decimal, tv_w_max: i128) -> Option<Fixed<T>> {
        let (x, e) = own(factor);
        // amount × factor, as the decimal engine forms it, is exact.
        if 2 + w_exp + e > DEC_SCALE {
            return None;
        }
        below(tv_w_max.checked_mul(x.abs())?, T::BOUND.min(DEC_MAX))?;
        Some(Fixed {
            x: T::from_i128(x)?,
            den: T::from_i128(below(pow10(w_exp + e)?, T::BOUND)?)?,
        })
    }

    /// A factor that is a fraction (a curve drawn by points between two points).
    fn ratio(w_exp: u32, f: Attainment, tv_w_max: i128) -> Option<Fixed<T>> {
        if f.den == Decimal::ONE {
            return Fixed::new(w_exp, f.num, tv_w_max);
        }
        let (n, e_n) = own(f.num);
        let (d, e_d) = own(f.den);
        if 2 + w_exp + e_n > DEC_SCALE {
            return None;
        }
        // amount × num is formed exactly and divided once (see DEC_EXACT).
        below(tv_w_max.checked_mul(n.abs())?, DEC_EXACT)?;
        let x = n.checked_mul(pow10(e_d)?)?;
        below(tv_w_max.checked_mul(x.abs())?, T::BOUND)?;
        Some(Fixed {
            x: T::from_i128(x)?,
            den: T::from_i128(below(d.checked_mul(pow10(w_exp + e_n)?)?, T::BOUND)?)?,
        })
    }

    #[inline]
    fn cents(self, tv_w: T) -> T {
        round_div(tv_w * self.x, self.den)
    }
}

enum Shape<T> {
    Tiered {
        /// At exponent `m` (times a target at `e_x`: at `e_att`).
        threshold: T,
        starts: Vec<T>,
        /// At `e_f - m`: a rate times a part of attainment is at `e_x + e_f`.
        rates: Vec<T>,
        /// The cap at `e_f` (times a target: like the factor numerator), its payout, and
        /// the cap itself.
        cap: Option<(T, Fixed<T>, Decimal)>,
        /// 10^(e_w + e_f): an uncapped payout in cents is tv_c × w × f / (target × this).
        pay_den: T,
        /// Exponent of the factor numerator: `e_x + e_f`.
        e_fac: u32,
        /// The rate of the tier reached applies to the whole attainment.
        flat: bool,
    },
    Points {
        /// Points' attainments at `m` (times a target: at `e_att`).
        ats: Vec<T>,
        /// Per segment: the factor at its start (`pays` at `e_p`), its width (at `m`) and
        /// its rise (at `e_p`). The factor numerator at `e_att + e_p` is
        /// `pays × width × t + (num − at × t) × rise`, over `width × t` (at `e_att`).
        segments: Vec<(T, T, T)>,
        /// 10^(e_w + e_p): a payout in cents is tv_c × w × f / (width × t × this).
        pay_den: T,
        /// Exponent of the factor numerator: `e_att + e_p`.
        e_fac: u32,
        /// The last line goes on beyond the last point (else its factor, `top`).
        extend: bool,
        top: (Decimal, Fixed<T>),
    },
    Steps {
        /// Step minimums at `m`.
        mins: Vec<T>,
        /// Each step's factor and payout.
        factors: Vec<(Decimal, Fixed<T>)>,
    },
}

/// A component's loop in the narrowest integer type its magnitudes allow.
enum Kernel<'a> {
    Small(Prepared<'a, i64>),
    Large(Prepared<'a, i128>),
}

/// A component made ready for the loop.
struct Prepared<'a, T> {
    comp: &'a Component,
    col: &'a IntColumn,
    /// 10^(e_x − col.exp): brings the column to `e_x`.
    mult: T,
    /// Targets and actuals are held at `e_x`; attainment numerators at `e_att`.
    e_x: u32,
    e_att: u32,
    /// The plan's target at `e_x`.
    t_def: T,
    /// The weight at `e_w`.
    w: T,
    /// The attainment scale at `m`.
    scale: T,
    /// A CSM with no projection is projected at target (else paid at 0%).
    assume: bool,
    shape: Shape<T>,
    /// Factors at 0%, 100% and the ceiling (fixed points of the plan).
    f_zero: Fixed<T>,
    f_full: Fixed<T>,
    f_max: Option<Fixed<T>>,
}

impl<'a, T: Int> Prepared<'a, T> {
    /// Chooses exponents and bounds every product the loop can form below `T::BOUND` (and
    /// every number it turns into a `Decimal` below `Decimal`'s limit); `None` when
    /// something does not fit.
    fn new(
        comp: &'a Component,
        col: &'a IntColumn,
        scale: Decimal,
        tv_max: i128,
        assume: bool,
    ) -> Option<Self> {
        let e_x = col.exp.max(comp.target.scale());
        let mult = pow10(e_x - col.exp)?;
        let t_def = int_at(comp.target, e_x)?;
        let (w, e_w) = own(comp.weight);
        let breaks = comp.curve.breakpoints();
        let m = breaks
            .iter()
            .map(|b| b.scale())
            .max()
            .unwrap_or(0)
            .max(scale.scale());
        let e_att = e_x + m;
        let s = int_at(scale, m)?;
        let breaks: Vec<i128> = breaks
            .iter()
            .map(|b| int_at(*b, m))
            .collect::<Option<_>>()?;

        // Magnitudes: targets and actuals, attainment numerators, breakpoints × target.
        let bound = T::BOUND;
        let dec_bound = T::BOUND.min(DEC_MAX);
        let col_max = col.max_abs.checked_mul(mult)?;
        let t_max = below(col_max.max(t_def.abs()), dec_bound)?;
        let raw_max = below(t_max.checked_mul(3)?, bound)?;
        let num_max = below(raw_max.checked_mul(s.abs())?, dec_bound)?;
        let b_max = breaks.iter().map(|b| b.abs()).max().unwrap_or(0);
        let bound_max = below(b_max.checked_mul(t_max)?, bound)?;
        let part_max = below(num_max.checked_add(bound_max)?, bound)?;
        below(tv_max, bound)?;
        let tv_w_max = below(tv_max.checked_mul(w.abs())?, bound.min(DEC_MAX))?;
        if e_att > DEC_SCALE || 2 + e_w > DEC_SCALE {
            return None;
        }
        let int = |v: i128| T::from_i128(v);
        let ints = |v: &[i128]| {
            v.iter()
                .map(|x| T::from_i128(*x))
                .collect::<Option<Vec<T>>>()
        };

        let shape = match &comp.curve {
            Curve::Tiered {
                tiers, cap, mode, ..
            } => {
                let e_r = tiers.iter().map(|t| t.rate.scale()).max().unwrap_or(0);
                let e_c = cap.map_or(0, |c| c.scale());
                let e_f = (e_r + m).max(e_c);
                let rates: Vec<i128> = tiers
                    .iter()
                    .map(|t| int_at(t.rate, e_f - m))
                    .collect::<Option<_>>()?;
                let rate_sum = rates
                    .iter()
                    .try_fold(0i128, |acc, r| acc.checked_add(r.abs()))?;
                let f_max = below(rate_sum.checked_mul(part_max)?, dec_bound)?;
                let cap = match cap {
                    Some(c) => {
                        let unit = int_at(*c, e_f)?;
                        let capped = below(unit.checked_mul(t_max)?, bound)?;
                        below(f_max.max(capped), dec_bound)?;
                        Some((int(unit)?, Fixed::new(e_w, *c, tv_w_max)?, *c))
                    }
                    None => None,
                };
                let pay_den = pow10(e_w + e_f)?;
                below(tv_w_max.checked_mul(f_max)?, bound)?;
                below(t_max.checked_mul(pay_den)?, bound)?;
                if 2 + e_w + e_x + e_f > DEC_SCALE {
                    return None;
                }
                Shape::Tiered {
                    threshold: int(breaks[0])?,
                    starts: ints(&breaks[1..])?,
                    rates: ints(&rates)?,
                    cap,
                    pay_den: int(pay_den)?,
                    e_fac: e_x + e_f,
                    flat: *mode == TierMode::Flat,
                }
            }
            Curve::Points { points, above } => {
                let e_p = points.iter().map(|p| p.pays.scale()).max().unwrap_or(0);
                let pays: Vec<i128> = points
                    .iter()
                    .map(|p| int_at(p.pays, e_p))
                    .collect::<Option<_>>()?;
                let top = *points.last()?;
                let mut segments = Vec::new();
                let mut fn_max = 0i128;
                let mut den_max = 0i128;
                for k in 0..points.len() - 1 {
                    let width = breaks[k + 1].checked_sub(breaks[k])?;
                    let rise = pays[k + 1].checked_sub(pays[k])?;
                    let seg_den = below(width.checked_mul(t_max)?, dec_bound)?;
                    let base = below(pays[k].checked_mul(seg_den)?, dec_bound)?;
                    let f = below(base.checked_add(part_max.checked_mul(rise)?)?, dec_bound)?;
                    fn_max = fn_max.max(f);
                    den_max = den_max.max(seg_den);
                    segments.push((int(pays[k])?, int(width)?, int(rise)?));
                }
                let pay_den = pow10(e_w + e_p)?;
                below(tv_w_max.checked_mul(fn_max)?, bound)?;
                below(den_max.checked_mul(pay_den)?, bound)?;
                if 2 + e_w + e_att + e_p > DEC_SCALE {
                    return None;
                }
                Shape::Points {
                    ats: ints(&breaks)?,
                    segments,
                    pay_den: int(pay_den)?,
                    e_fac: e_att + e_p,
                    extend: *above == Beyond::Extend && points.len() > 1,
                    top: (top.pays, Fixed::new(e_w, top.pays, tv_w_max)?),
                }
            }
            Curve::Steps { steps } => {
                let factors = steps
                    .iter()
                    .map(|st| Some((st.factor, Fixed::new(e_w, st.factor, tv_w_max)?)))
                    .collect::<Option<_>>()?;
                Shape::Steps {
                    mins: ints(&breaks)?,
                    factors,
                }
            }
        };
        let f_max = match comp.curve.max_factor() {
            Some(f) => Some(Fixed::new(e_w, f, tv_w_max)?),
            None => None,
        };
        Some(Prepared {
            comp,
            col,
            mult: int(mult)?,
            e_x,
            e_att,
            t_def: int(t_def)?,
            w: int(w)?,
            scale: int(s)?,
            assume,
            shape,
            f_zero: Fixed::ratio(e_w, comp.curve.factor_exact(Decimal::ZERO), tv_w_max)?,
            f_full: Fixed::ratio(e_w, comp.curve.factor_exact(Decimal::ONE), tv_w_max)?,
            f_max,
        })
    }

    /// CSM `i`'s result on this component, with a target variable of `tv_c` cents (below
    /// `T::BOUND`, as `new` checked); the payout also in cents, and whether the CSM is below
    /// the threshold.
    #[inline]
    fn pay(&self, i: usize, tv_c: i128) -> Option<(ComponentResult, i128, bool)> {
        let actual = self.col.actual[i];
        if actual == NONE {
            return self.pay_decimal(i, tv_c);
        }
        let own = self.col.target[i];
        let t = if own == NONE {
            self.t_def
        } else {
            T::from_i64(own) * self.mult
        };
        let a = T::from_i64(actual) * self.mult;
        let raw = match self.comp.direction {
            Direction::HigherIsBetter => a,
            Direction::LowerIsBetter => (t + t - a).max(T::ZERO),
        };
        let num = raw * self.scale;
        let den = dec(t.into(), self.e_x)?;
        let attainment = Attainment {
            num: dec(num.into(), self.e_att)?,
            den,
        };
        let tv_w = T::from_i128(tv_c)? * self.w;
        let nothing = |attainment| {
            Some((
                ComponentResult {
                    attainment_exact: attainment,
                    factor_exact: Attainment::ZERO,
                    payout: Decimal::ZERO,
                },
                0,
                true,
            ))
        };
        let (factor, payout) = match &self.shape {
            Shape::Tiered {
                threshold,
                starts,
                rates,
                cap,
                pay_den,
                e_fac,
                flat,
            } => {
                if num < *threshold * t {
                    return nothing(attainment);
                }
                // As in `Curve::pay_within`: Σ rate × (the part of num in the tier), or the
                // rate of the tier reached times num.
                let mut f = T::ZERO;
                if *flat {
                    if let Some(k) = starts.iter().rposition(|st| num >= *st * t) {
                        f = rates[k] * num;
                    }
                } else {
                    for (k, rate) in rates.iter().enumerate() {
                        let start = starts[k] * t;
                        if num <= start {
                            break;
                        }
                        let part = match starts.get(k + 1) {
                            Some(next) if num > *next * t => *next * t - start,
                            _ => num - start,
                        };
                        f += *rate * part;
                    }
                }
                match cap {
                    Some((unit, fixed, c)) if f >= *unit * t => {
                        (Attainment::of(*c), fixed.cents(tv_w))
                    }
                    _ => {
                        let product = tv_w * f;
                        // Where the decimal engine's division could round differently at
                        // the cent, it pays this CSM (i64 products never get there).
                        if T::BOUND > DEC_EXACT && product.into() >= DEC_EXACT {
                            return self.pay_decimal(i, tv_c);
                        }
                        (
                            Attainment {
                                num: dec(f.into(), *e_fac)?,
                                den,
                            },
                            round_div(product, t * *pay_den),
                        )
                    }
                }
            }
            Shape::Points {
                ats,
                segments,
                pay_den,
                e_fac,
                extend,
                top,
            } => {
                let Some(k) = ats.iter().rposition(|at| num >= *at * t) else {
                    return nothing(attainment);
                };
                let seg = if k < segments.len() {
                    k
                } else if *extend {
                    k - 1
                } else {
                    let (f, fixed) = *top;
                    return self.paid(attainment, Attainment::of(f), fixed.cents(tv_w));
                };
                let (pays, width, rise) = segments[seg];
                let seg_den = width * t;
                let f = pays * seg_den + (num - ats[seg] * t) * rise;
                let product = tv_w * f;
                if T::BOUND > DEC_EXACT && product.into() >= DEC_EXACT {
                    return self.pay_decimal(i, tv_c);
                }
                (
                    Attainment {
                        num: dec(f.into(), *e_fac)?,
                        den: dec(seg_den.into(), self.e_att)?,
                    },
                    round_div(product, seg_den * *pay_den),
                )
            }
            Shape::Steps { mins, factors } => match mins.iter().rposition(|m| num >= *m * t) {
                Some(k) => {
                    let (f, fixed) = factors[k];
                    (Attainment::of(f), fixed.cents(tv_w))
                }
                None => return nothing(attainment),
            },
        };
        self.paid(attainment, factor, payout)
    }

    /// A result that pays `payout` cents.
    #[inline]
    fn paid(
        &self,
        attainment: Attainment,
        factor: Attainment,
        payout: T,
    ) -> Option<(ComponentResult, i128, bool)> {
        let payout: i128 = payout.into();
        Some((
            ComponentResult {
                attainment_exact: attainment,
                factor_exact: factor,
                payout: dec(payout, 2)?,
            },
            payout,
            false,
        ))
    }

    /// This component's pay at 0%, at 100% and at its ceiling, in cents.
    fn fixed_points(&self, tv_c: i128) -> Option<(i128, i128, Option<i128>)> {
        let tv_w = T::from_i128(tv_c)? * self.w;
        Some((
            self.f_full.cents(tv_w).into(),
            self.f_zero.cents(tv_w).into(),
            self.f_max.map(|f| f.cents(tv_w).into()),
        ))
    }

    /// CSM `i` paid by the decimal engine, as [`super::eval`] pays them: for a CSM with no
    /// projected actual (attainment zero), and where only the decimal engine's rounding
    /// gives its answer.
    #[cold]
    fn pay_decimal(&self, i: usize, tv_c: i128) -> Option<(ComponentResult, i128, bool)> {
        let comp = self.comp;
        let amount = dec(tv_c, 2)? * comp.weight;
        let column = |v: i64| (v != NONE).then(|| Decimal::new(v, self.col.exp));
        let a = match column(self.col.actual[i]) {
            Some(actual) => {
                let target = column(self.col.target[i]).unwrap_or(comp.target);
                Attainment::measure(
                    actual,
                    target,
                    comp.direction,
                    dec(self.scale.into(), self.e_att - self.e_x)?,
                )
            }
            None if self.assume => {
                let target = column(self.col.target[i]).unwrap_or(comp.target);
                Attainment::measure(
                    target,
                    target,
                    comp.direction,
                    dec(self.scale.into(), self.e_att - self.e_x)?,
                )
            }
            None => Attainment::ZERO,
        };
        let p = comp.curve.pay(amount, a);
        let payout = cents(p.exact);
        Some((
            ComponentResult {
                attainment_exact: a,
                factor_exact: p.factor,
                payout,
            },
            int_at(payout, 2)?,
            p.below_threshold,
        ))
    }
}

/// Variable pay at 100%, at 0% and at the ceilings (none when something has no ceiling)
/// for a target variable of `tv_c` cents, in units of 10^-e_m (`to_m` = 10^(e_m − 2)).
fn fixed_points(
    comps: &[Kernel],
    works: &[bool],
    tv_c: i128,
    to_m: i128,
) -> Option<(i128, i128, Option<i128>)> {
    let mut planned = 0i128;
    let mut worst = 0i128;
    let mut best = Some(0i128);
    for (k, _) in comps.iter().zip(works).filter(|(_, w)| **w) {
        let (full, zero, max) = match k {
            Kernel::Small(p) => p.fixed_points(tv_c)?,
            Kernel::Large(p) => p.fixed_points(tv_c)?,
        };
        planned = planned.checked_add(full)?;
        worst = worst.checked_add(zero)?;
        best = match (best, max) {
            (Some(b), Some(m)) => Some(b.checked_add(m)?),
            _ => None,
        };
    }
    Some((
        planned.checked_mul(to_m)?,
        worst.checked_mul(to_m)?,
        match best {
            Some(b) => Some(b.checked_mul(to_m)?),
            None => None,
        },
    ))
}

/// Each slot's kernel, in i64 when its magnitudes allow (most plans), else in i128.
/// `fixed`: per slot, whether it holds actual results (the what-if does not move it).
fn kernels<'k>(
    components: &'k [Component],
    cols: &'k [IntColumn],
    fixed: &[bool],
    scales: &[Decimal],
    tv_max: i128,
    rule: crate::engine::MissingProjection,
) -> Option<Vec<Kernel<'k>>> {
    components
        .iter()
        .zip(cols)
        .zip(fixed)
        .zip(scales)
        .map(|(((c, col), fixed), scale)| {
            // A slot of actual results is not moved by the what-if.
            let scale = if *fixed { Decimal::ONE } else { *scale };
            let assume = !*fixed && rule == crate::engine::MissingProjection::AtTarget;
            match Prepared::<i64>::new(c, col, scale, tv_max, assume) {
                Some(p) => Some(Kernel::Small(p)),
                None => Prepared::<i128>::new(c, col, scale, tv_max, assume).map(Kernel::Large),
            }
        })
        .collect()
}

/// Evaluates like [`super::evaluate::evaluate_with`] (`inputs` must fit `scn`), or `None`
/// when some number is too large for this path.
///
/// A joiner or leaver (pay prorated by period) is paid by kernels made for their span of
/// periods: the annual slots' weights carry the employed share of target variable, and the
/// period slots outside the span pay nothing (docs/periods.md, rule 4).
pub(super) fn evaluate(
    scn: &Scenario,
    shape: &PlanShape,
    inputs: &TeamInputs,
    scale: Decimal,
) -> Option<Evaluation> {
    let Values::Ints(ints) = &inputs.values else {
        return None;
    };
    // A pay mix that changes during the year pays each slot on its version's target
    // variable: the decimal engine does that.
    // A modifier multiplies other metrics' factors by a fraction: with periods or joiners
    // and leavers, the decimal engine pays it.
    let any_mod = super::gates::any_modifier(&scn.plan);
    if shape.mix_changes() || (any_mod && (shape.periodic || !inputs.employed.is_empty())) {
        return None;
    }
    let plan = &shape.flat;
    let n = scn.team.len();
    let stride = plan.components.len();

    // Money is summed at exponent e_m: cents, or finer if an OTE or SPIF amount is.
    let e_sp = plan
        .spifs
        .iter()
        .map(|s| s.amount.scale())
        .max()
        .unwrap_or(0);
    let e_m = ints.e_ote.max(2).max(e_sp);
    let to_m = pow10(e_m - 2)?;
    let ote_to_m = pow10(e_m - ints.e_ote)?;

    // Target variable = cents(OTE × variable share), per CSM.
    let mixes: Vec<(i128, u32, Basis)> = ints
        .levels
        .iter()
        .map(|l| {
            let mix = plan.mix_for(l);
            let (v, e) = own(mix.variable_share);
            (v, e, mix.basis)
        })
        .collect();
    let mut tvs = Vec::with_capacity(n);
    let mut tv_max = 0i128;
    for (ote, level) in ints.ote.iter().zip(&ints.level) {
        let (v, e_v, _) = mixes[*level as usize];
        // The decimal engine's OTE × share is exact only below 2^96 and 28 decimals.
        if ints.e_ote + e_v > DEC_SCALE {
            return None;
        }
        let product = below((*ote as i128).checked_mul(v)?, DEC_MAX)?;
        let tv = rescale(product, ints.e_ote + e_v, 2)?;
        tv_max = tv_max.max(tv.abs());
        tvs.push(tv);
    }
    below(tv_max.checked_mul(to_m)?, LIMIT)?;

    // Each component in i64 when its magnitudes allow (most plans), else in i128.
    let rule = plan.missing_projections;
    let slot_fixed: Vec<bool> = shape.slots.iter().map(|s| s.fixed).collect();
    // Per slot: the team's attainment scale × its metric's attainment assumption.
    let metric = super::eval::metric_scales(scn);
    let slot_scales: Vec<Decimal> = shape
        .slots
        .iter()
        .map(|s| metric.get(s.component).map_or(scale, |m| scale * m))
        .collect();
    let kernels = |components, fixed: &[bool]| {
        kernels(components, &ints.cols, fixed, &slot_scales, tv_max, rule)
    };
    // With changes during the year, a version's annual slot carries its share of the year
    // in its weight (for a CSM employed all year as for the others).
    let whole: Vec<Component>;
    let comps: Vec<Kernel> = if shape.versioned() {
        whole = plan
            .components
            .iter()
            .enumerate()
            .map(|(j, c)| Component {
                weight: c.weight * shape.employed_share(j, None),
                ..c.clone()
            })
            .collect();
        kernels(&whole, &slot_fixed)?
    } else {
        kernels(&plan.components, &slot_fixed)?
    };
    // Joiners and leavers: one set of kernels per employment (a few at most), whose slots
    // carry the employed share in their weight and, where the plan prorates them, the
    // prorated target.
    let spans: Vec<Employed> = {
        let mut v: Vec<Employed> = inputs.employed.iter().flatten().copied().collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // A period employed for some of its days makes a share that is not a short decimal:
    // the decimal engine divides by its days once (this path would round it first).
    if spans.iter().any(|e| PlanShape::by_days(Some(*e))) {
        return None;
    }
    let span_comps: Vec<Vec<Component>> = spans
        .iter()
        .map(|sp| {
            plan.components
                .iter()
                .enumerate()
                .map(|(j, c)| Component {
                    weight: c.weight * shape.employed_share(j, Some(*sp)),
                    target: shape.target_for(j, Some(*sp)),
                    ..c.clone()
                })
                .collect()
        })
        .collect();
    let span_fixed: Vec<Vec<bool>> = spans
        .iter()
        .map(|sp| {
            (0..shape.slots.len())
                .map(|j| shape.fixed_for(j, Some(*sp)))
                .collect()
        })
        .collect();
    let span_kernels: Vec<Vec<Kernel>> = span_comps
        .iter()
        .zip(&span_fixed)
        .map(|(c, f)| kernels(c, f))
        .collect::<Option<_>>()?;
    // Per span: the slots that pay (a period slot outside it does not).
    let span_works: Vec<Vec<bool>> = spans
        .iter()
        .map(|sp| {
            (0..shape.slots.len())
                .map(|j| !shape.employed_share(j, Some(*sp)).is_zero())
                .collect()
        })
        .collect();
    let all_work = vec![true; stride];

    // SPIFs in units of 10^-e_m.
    let spif_amounts: Vec<(i128, Option<u32>)> = plan
        .spifs
        .iter()
        .map(|s| Some((int_at(s.amount, e_m)?, s.max_events)))
        .collect::<Option<_>>()?;
    // The SPIFs at their event limits; none when one has no limit.
    let best_in = |span: Option<Employed>| -> Option<Option<i128>> {
        if !spif_amounts.iter().all(|(_, m)| m.is_some()) {
            return Some(None);
        }
        let mut best = 0i128;
        for ((a, m), slot) in spif_amounts.iter().zip(&shape.spif_slots) {
            if slot.period.is_none_or(|p| PlanShape::works_in(span, p)) {
                best = best.checked_add(a.checked_mul(i128::from(m.unwrap_or(0)))?)?;
            }
        }
        Some(Some(below(best, LIMIT)?))
    };
    let spif_best = best_in(None)?;
    let span_best: Vec<Option<i128>> = spans
        .iter()
        .map(|sp| best_in(Some(*sp)))
        .collect::<Option<_>>()?;

    let mut components = Vec::with_capacity(n * stride);
    let mut csms = Vec::with_capacity(n);
    let mut below_threshold = vec![0; stride];
    // Gates (docs/calculation.md, "Gates"): a shut one zeroes its slot; pay at 100% and at
    // 0% leave out the slots a gate shuts there.
    let gates = super::gates::resolve(&scn.plan, shape);
    let any_gate = super::gates::any(&gates);
    let int_gates = gates::IntGates::new(&gates, shape, &ints.cols, &slot_scales);
    let metric_scales = super::eval::metric_scales(scn);
    let mut gated = vec![0; stride];
    let (mut works_full, mut works_zero) = (Vec::new(), Vec::new());
    // Modifiers (docs/calculation.md, "Modifiers"): applied to the slots' exact factors once
    // every slot of the CSM is paid, and to pay at 100%, 0% and the ceilings by the decimal
    // engine's own rule.
    let mods = super::gates::resolve_modifiers(&scn.plan, shape);
    let mut dec_plan = any_mod.then(|| super::eval::PreparedPlan::new(shape, scn));
    let mut shut = vec![false; stride];
    // Variable pay at 100%, at 0% and at the ceilings, per target variable (in cents).
    // (foldhash: the standard SipHash cost more than the arithmetic it saves.)
    // Keyed by (employment span, target variable): span 0 is the whole year.
    type Points = (i128, i128, Option<i128>);
    let mut fixed: HashMap<(usize, i128), Points, foldhash::fast::FixedState> = HashMap::default();
    let mut sums = [0i128; 5];
    // The CSM with the lowest worst-case pay / OTE, and those two numbers.
    let mut lowest: Option<(usize, i128, i128)> = None;
    // With periods: per CSM × period, base, variable and SPIF in cents, summed as paid.
    let count = shape.count;
    // Where each slot and SPIF slot is paid: its period, or the last for annual ones.
    let paid_in = shape.slots_paid_in();
    let spif_in = shape.spifs_paid_in();
    let mut period_cents: Vec<[i128; 3]> = if shape.periodic {
        vec![[0; 3]; n * count]
    } else {
        Vec::new()
    };
    for (i, csm) in scn.team.iter().enumerate() {
        let employed = inputs.employed(i);
        let span = employed.and_then(|sp| spans.binary_search(&sp).ok());
        let (kernels, works, best) = match span {
            None => (&comps, &all_work, spif_best),
            Some(k) => (&span_kernels[k], &span_works[k], span_best[k]),
        };
        let tv_c = tvs[i];
        let ote = ints.ote[i] as i128;
        let (_, _, basis) = mixes[ints.level[i] as usize];
        let ote_m = ote * ote_to_m;
        let tv_m = tv_c * to_m;
        let base = match basis {
            Basis::OteSplit => ote_m - tv_m,
            Basis::BonusOnTop => ote_m,
        };
        let full_base = base;
        // A joiner's or leaver's base and target variable: the parts of their periods.
        let (base, tv_m) = match employed {
            None => (base, tv_m),
            span => {
                let (b, t) = shape.prorated(dec(base, e_m)?, dec(tv_c, 2)?, span);
                (int_at(b, e_m)?, int_at(t, e_m)?)
            }
        };
        let settles = shape.settles(employed);
        let mut variable = 0i128;
        for (j, pc) in kernels.iter().enumerate() {
            if !works[j] {
                components.push(ComponentResult {
                    attainment_exact: Attainment::ZERO,
                    factor_exact: Attainment::ZERO,
                    payout: Decimal::ZERO,
                });
                continue;
            }
            let (mut result, mut payout, under) = match pc {
                Kernel::Small(p) => p.pay(i, tv_c)?,
                Kernel::Large(p) => p.pay(i, tv_c)?,
            };
            if any_gate
                && !gates[j].is_empty()
                && int_gates.shut(shape, inputs, &ints.cols, &metric_scales, i, j, scale)
            {
                result.factor_exact = Attainment::ZERO;
                result.payout = Decimal::ZERO;
                payout = 0;
                gated[j] += 1;
                shut[j] = true;
            } else {
                shut[j] = false;
            }
            variable = variable.checked_add(payout)?;
            below_threshold[j] += usize::from(under);
            components.push(result);
            if shape.periodic {
                let p = match settles {
                    true => shape.paid_in(j, employed),
                    false => paid_in[j],
                };
                period_cents[i * count + p][1] += payout;
            }
        }
        if any_mod {
            let row = i * stride;
            for (k, c) in plan.components.iter().enumerate() {
                if let Some(m) = &c.modifier {
                    let r = &mut components[row + k];
                    r.factor_exact = within(r.factor_exact, m.min, m.max);
                }
            }
            for j in 0..stride {
                if mods[j].is_empty() || shut[j] || !works[j] {
                    continue;
                }
                let mut f = components[row + j].factor_exact;
                for k in &mods[j] {
                    let m = components[row + k].factor_exact;
                    if m != Attainment::FULL {
                        f = times(f, m);
                    }
                }
                let weight = plan.components[j].weight;
                let new = match gates::modified_cents(tv_c, weight, f) {
                    Some(c) => c,
                    None => int_at(cents(dec(tv_c, 2)? * weight * f.num / f.den), 2)?,
                };
                let old = int_at(components[row + j].payout, 2)?;
                variable = variable.checked_add(new - old)?;
                components[row + j].factor_exact = f;
                components[row + j].payout = dec(new, 2)?;
            }
        }
        let variable = variable.checked_mul(to_m)?;
        let mut spif = 0i128;
        for (k, ((amount, max), events)) in spif_amounts.iter().zip(inputs.events(i)).enumerate() {
            let paid = max.map_or(*events, |m| (*events).min(m));
            let pay = amount.checked_mul(i128::from(paid))?;
            spif = spif.checked_add(pay)?;
            if shape.periodic {
                period_cents[i * count + spif_in[k]][2] += pay / to_m;
            }
        }
        if shape.periodic {
            // The annual base (whole cents), split by period length.
            let full = i64::try_from(full_base / to_m).ok()?;
            for p in 0..count {
                match employed {
                    Some(em) if !em.whole(p) => {
                        if em.contains(p) {
                            let part = dec(shape.base_part(full, p)?, 2)?;
                            let part = shape.employed_part(part, em, p);
                            period_cents[i * count + p][0] = int_at(part, 2)?;
                        }
                    }
                    _ => period_cents[i * count + p][0] = shape.base_part(full, p)?,
                }
            }
        }
        let key = (span.map_or(0, |k| k + 1), tv_c);
        let mut best_var_mod = None;
        let (mut planned_var, mut worst_var, best_var) = match fixed.get(&key) {
            Some(v) => *v,
            None => {
                let v = fixed_points(kernels, works, tv_c, to_m)?;
                fixed.insert(key, v);
                v
            }
        };
        if let Some(dp) = dec_plan.as_mut() {
            let gate_inputs = any_gate.then_some((inputs, i));
            let (p, w, b) = dp.fixed_points(csm, dec(tv_c, 2)?, None, gate_inputs);
            planned_var = int_at(p, e_m)?;
            worst_var = int_at(w, e_m)?;
            best_var_mod = Some(match b {
                Some(b) => Some(int_at(b, e_m)?),
                None => None,
            });
        } else if any_gate {
            let open = |j: usize, full: bool| {
                int_gates.open_at(shape, inputs, &ints.cols, i, employed, j, full)
            };
            works_full.clear();
            works_full.extend((0..stride).map(|j| works[j] && open(j, true)));
            works_zero.clear();
            works_zero.extend((0..stride).map(|j| works[j] && open(j, false)));
            if works_full != *works {
                planned_var = fixed_points(kernels, &works_full, tv_c, to_m)?.0;
            }
            if works_zero != *works {
                worst_var = fixed_points(kernels, &works_zero, tv_c, to_m)?.1;
            }
        }
        let add = |a: i128, b: i128| a.checked_add(b);
        let total = add(add(base, variable)?, spif)?;
        let planned = add(add(base, planned_var)?, spif)?;
        let worst = add(base, worst_var)?;
        let best_var = best_var_mod.unwrap_or(best_var);
        let upside = match best_var.zip(best) {
            Some((v, s)) => Some(add(add(base, v)?, s)?),
            None => None,
        };
        // (A joiner's prorated OTE is compared when the evaluation is finished.)
        if ote != 0 && employed.is_none() {
            let lower = match lowest {
                None => true,
                Some((_, l_worst, l_ote)) => {
                    worst.checked_mul(l_ote)? < l_worst.checked_mul(ote)?
                }
            };
            if lower {
                lowest = Some((i, worst, ote));
            }
        }
        for (s, v) in sums.iter_mut().zip([base, tv_m, variable, spif, planned]) {
            *s = s.checked_add(v)?;
        }
        csms.push(CsmResult {
            base: dec(base, e_m)?,
            target_variable: dec(tv_m, e_m)?,
            variable: dec(variable, e_m)?,
            spif: dec(spif, e_m)?,
            total: dec(total, e_m)?,
            ote: match (employed, basis) {
                (None, _) => csm.ote,
                (Some(_), Basis::OteSplit) => dec(base.checked_add(tv_m)?, e_m)?,
                (Some(_), Basis::BonusOnTop) => dec(base, e_m)?,
            },
            planned: dec(planned, e_m)?,
            worst: dec(worst, e_m)?,
            upside: match upside {
                Some(u) => Some(dec(u, e_m)?),
                None => None,
            },
            adjustment: Decimal::ZERO,
        });
    }
    let [base, tv, variable, spif, planned] = sums;
    let mut team = TeamResult {
        ote: inputs.ote_sum,
        book_arr: inputs.book_sum,
        base: dec(base, e_m)?,
        target_variable: dec(tv, e_m)?,
        variable: dec(variable, e_m)?,
        spif: dec(spif, e_m)?,
        planned_cost: dec(planned, e_m)?,
        downside_pct: lowest.map_or(Decimal::ZERO, |(i, _, _)| csms[i].downside_pct()),
        ..TeamResult::default()
    };
    finish_team(&mut team, scn);
    Some(Evaluation {
        csms,
        components,
        stride,
        periods: None,
        period_cents,
        team,
        missing_actuals: inputs.missing.clone(),
        assumed: Vec::new(),
        assumed_csms: 0,
        gated,
        below_threshold,
        actual_spread: inputs.spread.clone(),
    })
}

mod gates;
#[cfg(test)]
mod tests;
