//! The trials themselves: each CSM's metrics prepared once, run in fixed chunks of trials
//! with their own generators, and added up in integers; quantiles and their errors.

use super::*;

/// Bins of 0.1% for variable pay ÷ target variable, 0% to 500% (the last holds the rest).
pub(super) const RATIO_BINS: usize = 5_001;

/// The chunks trials are split into (fixed, so results never depend on the core count).
pub(super) const CHUNKS: usize = 16;

/// At most this many (CSM, trial) totals are kept for the per-CSM percentiles.
pub(super) const MAX_KEPT: usize = 16_000_000;

/// One metric of one CSM, prepared.
#[derive(Clone)]
pub(super) struct Slot {
    /// Attainment at the projection (after the scale).
    pub(super) a0: f64,
    /// Target variable × weight, in dollars.
    pub(super) amount: f64,
    /// Spread; 0 = fixed at the exact payout.
    pub(super) sigma: f64,
    /// The skew-normal shape δ of the CSM's own draw (0: symmetric, see [`skew_delta`]).
    pub(super) delta: f64,
    /// The exact payout in cents (used when the slot does not vary).
    pub(super) exact: i64,
    pub(super) metric: usize,
    /// Drawn with the slot before it (one annual result paid by two plan versions).
    pub(super) same_draw: bool,
    /// The metric's weight (in millionths), threshold, ceiling (infinite without one) and
    /// whether it is an outcome metric, copied here so the inner loop reads one struct.
    pub(super) units: i64,
    pub(super) threshold: f64,
    pub(super) ceiling: f64,
    pub(super) outcome: bool,
    /// The factor at the projection (for a slot that does not vary).
    pub(super) f0: f64,
    /// Gates whose metric varies: (its slot, the attainment bound, open at or above the
    /// bound (else at or below)); and whether a gate whose metric does not vary is shut.
    pub(super) gates: Vec<(usize, f64, bool)>,
    pub(super) shut: bool,
    /// Modifiers whose metric varies: (its slot, min, max); and the product of the
    /// multipliers of those that do not (1 without).
    pub(super) mods: Vec<(usize, f64, f64)>,
    pub(super) mod_fixed: f64,
    /// A team or level metric: the group whose one draw a trial gives every CSM in it
    /// (an index into [`Prepared::groups`]) instead of a draw of the CSM's own.
    pub(super) group: Option<u32>,
}

/// A SPIF of one CSM: projected count, amount in cents, event limit, and the count's
/// distribution when it varies.
pub(super) type PreparedSpif = (f64, i64, Option<u32>, Option<Poisson<f64>>);

/// One CSM: base in cents, target variable in dollars, metrics, SPIFs.
pub(super) type PreparedCsm = (i64, f64, Vec<Slot>, Vec<PreparedSpif>);

pub(super) struct Prepared {
    pub(super) curves: Vec<FCurve>,
    pub(super) csms: Vec<PreparedCsm>,
    /// Per CSM: multipliers from cents to 0.1% bins of target variable, and to 10-point
    /// bins of target pay (0 when the target is 0).
    pub(super) scales: Vec<(f64, f64)>,
    pub(super) rho: f64,
    /// Each CSM's level (an index into the sorted levels), and how many levels there are.
    pub(super) level_of: Vec<usize>,
    pub(super) levels: usize,
    /// Some slot has a gate or a modifier whose metric varies: each CSM's attainments are
    /// drawn before they are paid.
    pub(super) gated: bool,
    /// Per group of a team or level metric (its metric, period and level): the skew-normal
    /// shape δ of its draw. Each trial draws one value per group, before the CSMs'.
    pub(super) groups: Vec<f64>,
}

pub(super) fn to_cents(d: Decimal) -> i64 {
    (cents(d) * Decimal::ONE_HUNDRED).to_i64().unwrap_or(0)
}

pub(super) fn from_cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

/// Lays the plan's slots out for the simulation (see [`Shape`]): a slot of actual results
/// (a past period) keeps its exact payout, and so do the SPIF events of past periods.
pub(super) fn prepare(
    scn: &Scenario,
    inputs: &TeamInputs,
    eval: &Evaluation,
    settings: &RiskSettings,
) -> Prepared {
    let shape = Shape::of(&scn.plan);
    // The inputs of the evaluation, unless the plan's slots have changed since.
    let rebuilt;
    let inputs = if inputs.fits_shape(scn, &shape) {
        inputs
    } else {
        rebuilt = TeamInputs::new(scn);
        &rebuilt
    };
    let plan = &shape.flat;
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let curves: Vec<FCurve> = plan
        .components
        .iter()
        .map(|c| FCurve::of(&c.curve))
        .collect();
    let gates = crate::engine::gates::resolve(&scn.plan, &shape);
    let mods = crate::engine::gates::resolve_modifiers(&scn.plan, &shape);
    let metric_scales = crate::engine::eval::metric_scales(scn);
    let mut gated = false;
    // Team and level metrics: one draw per (metric, period, level) group and trial.
    let mut group_keys: Vec<(usize, Option<usize>, String)> = Vec::new();
    let mut groups: Vec<f64> = Vec::new();
    let csms = scn
        .team
        .iter()
        .enumerate()
        .map(|(i, csm)| {
            let r = &eval.csms[i];
            let employed = inputs.employed(i);
            let tv = split_pay(plan, csm).1;
            let slots = plan
                .components
                .iter()
                .zip(eval.slots(i))
                .enumerate()
                .map(|(m, (comp, cr))| {
                    let slot = shape.slots[m];
                    let share = shape.employed_share(m, employed);
                    // A projection assumed at target is a projection: it varies like the
                    // others. A missing one counted at 0% (or a closed period) does not.
                    let projected = inputs.actual(i, m).is_some()
                        || plan.missing_projections == crate::engine::MissingProjection::AtTarget;
                    let varies = !shape.fixed_for(m, employed) && !share.is_zero() && projected;
                    let metric = &scn.plan.components[slot.component];
                    let metric_id = &metric.id;
                    let a0 = f(cr.attainment());
                    let delta = settings
                        .skews
                        .get(metric_id)
                        .map_or(0.0, |g| skew_delta(f(*g)));
                    let group = (varies && metric.scope.is_shared()).then(|| {
                        let level = match metric.scope {
                            crate::engine::Scope::Level => csm.level.to_lowercase(),
                            _ => String::new(),
                        };
                        let key = (slot.component, slot.period, level);
                        let g = match group_keys.iter().position(|k| *k == key) {
                            Some(g) => g,
                            None => {
                                group_keys.push(key);
                                groups.push(delta);
                                groups.len() - 1
                            }
                        };
                        u32::try_from(g).unwrap_or(u32::MAX)
                    });
                    // A team's result varies by the metric's spread, whatever the level.
                    let spread = match metric.scope {
                        crate::engine::Scope::Team => settings.spread_for(metric_id),
                        _ => settings.spread_in(metric_id, &csm.level),
                    };
                    Slot {
                        units: (comp.weight
                            * shape.employed_share(m, None)
                            * Decimal::from(1_000_000))
                        .round()
                        .to_i64()
                        .unwrap_or(0),
                        threshold: f(comp.curve.threshold()),
                        ceiling: comp.curve.max_factor().map_or(f64::INFINITY, f),
                        outcome: comp.kind.is_outcome(),
                        f0: FCurve::of(&comp.curve).factor(a0),
                        a0: f(cr.attainment()),
                        amount: {
                            let (num, den) = shape.employed_share_exact(m, employed);
                            f(shape.slot_amount(csm, m, tv, comp.weight, employed, num) / den)
                        },
                        sigma: if varies { f(spread) } else { 0.0 },
                        delta,
                        exact: to_cents(cr.payout),
                        metric: m,
                        // The versions of one annual metric share its one result.
                        same_draw: m > 0
                            && slot.period.is_none()
                            && slot.span.is_some()
                            && shape.slots[m - 1].component == slot.component,
                        gates: Vec::new(),
                        shut: false,
                        mods: Vec::new(),
                        mod_fixed: 1.0,
                        group,
                    }
                })
                .collect::<Vec<Slot>>();
            // A gate on a metric that varies is checked in every trial on its drawn
            // attainment (the level turned into an attainment of the CSM's target); one on
            // a metric that does not is open or shut as the evaluation found it.
            let mut slots = slots;
            for m in 0..slots.len() {
                if slots[m].sigma == 0.0 {
                    continue;
                }
                for g in gates.get(m).into_iter().flatten() {
                    if slots[g.slot].sigma == 0.0 {
                        let v = crate::engine::eval::gate_result(
                            &shape,
                            inputs,
                            &metric_scales,
                            i,
                            g.slot,
                            scn.assumptions.attainment_scale,
                        );
                        slots[m].shut |= !g.opens(v);
                        continue;
                    }
                    let target = inputs
                        .target(i, g.slot)
                        .unwrap_or_else(|| shape.target_for(g.slot, employed));
                    let t = f(target);
                    if t <= 0.0 {
                        continue;
                    }
                    let ratio = f(g.level) / t;
                    // Higher is better: the result is a × t; lower is better: (2 − a) × t.
                    let (bound, above) = match plan.components[g.slot].direction {
                        crate::engine::Direction::HigherIsBetter => (ratio, g.at_least),
                        crate::engine::Direction::LowerIsBetter => (2.0 - ratio, !g.at_least),
                    };
                    slots[m].gates.push((g.slot, bound, above));
                    gated = true;
                }
                // A modifier on a metric that varies multiplies in every trial; one that
                // does not, by the multiplier the evaluation found.
                for &k in mods.get(m).into_iter().flatten() {
                    let Some(md) = plan.components[k].modifier.as_ref() else {
                        continue;
                    };
                    if slots[k].sigma == 0.0 {
                        slots[m].mod_fixed *= eval.slots(i).get(k).map_or(1.0, |c| f(c.factor()));
                    } else {
                        slots[m].mods.push((k, f(md.min), f(md.max)));
                        gated = true;
                    }
                }
            }
            let spifs = plan
                .spifs
                .iter()
                .zip(&shape.spif_slots)
                .zip(inputs.events(i))
                .map(|((s, slot), events)| {
                    let n = f64::from(*events);
                    let dist = (settings.spif_variation && !slot.fixed && n > 0.0)
                        .then(|| Poisson::new(n).ok())
                        .flatten();
                    (n, to_cents(s.amount), s.max_events, dist)
                })
                .collect();
            // A recorded payout's difference to the plan is as fixed as the base.
            (
                to_cents(r.base + r.adjustment),
                f(r.target_variable),
                slots,
                spifs,
            )
        })
        .collect();
    Prepared {
        curves,
        scales: scn
            .team
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let r = &eval.csms[i];
                let tv = f(r.target_variable);
                let target = f(r.base + r.target_variable);
                (
                    if tv > 0.0 { 10.0 / tv } else { 0.0 },
                    if target > 0.0 { 0.1 / target } else { 0.0 },
                )
            })
            .collect(),
        csms,
        rho: f(settings.correlation).clamp(0.0, 1.0),
        level_of: Vec::new(),
        levels: 0,
        gated,
        groups,
    }
}

/// Per-CSM sums over trials: outcome pay, variable pay (cents), their product and the
/// variable's square (cents²). Integers, so sums merge exactly in any order.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Moments {
    pub(super) outcome: i64,
    pub(super) variable: i64,
    pub(super) cross: i128,
    pub(super) square: i128,
}

/// What a run of trials adds up, all in integers: runs merge to the same figures whatever
/// their sizes and order, so a simulation taken further step by step ends where one run of
/// as many years would.
pub(super) struct Acc {
    /// The team's cost in each trial, in cents, in trial order.
    pub(super) team: Vec<i64>,
    /// Kept per-CSM totals in cents, trial-major (a row of every CSM per trial, written in
    /// order), for the trials below the keep limit.
    pub(super) kept: Vec<u32>,
    /// Below threshold, at or above target, at the cap: per trial, the weight (in millionths)
    /// of the slots that were; summed over trials, and summed squared.
    pub(super) health: [(i128, i128); 3],
    /// Variable pay ÷ target variable of every CSM and trial: how many fell in each 0.1%
    /// (the last bin holds everything from 500% up).
    pub(super) ratios: Vec<u64>,
    pub(super) moments: Vec<Moments>,
    /// Pay ÷ target pay histogram (26 bins of 10 points).
    pub(super) pay_hist: Vec<u64>,
    /// Per level: the level's variable pay in each trial (cents), summed over trials, and
    /// summed squared.
    pub(super) levels: Vec<(i128, i128)>,
}

impl Acc {
    pub(super) fn new(n: usize, levels: usize) -> Acc {
        Acc {
            team: Vec::new(),
            kept: Vec::new(),
            health: [(0, 0); 3],
            ratios: vec![0; RATIO_BINS],
            moments: vec![Moments::default(); n],
            pay_hist: vec![0; 26],
            levels: vec![(0, 0); levels],
        }
    }

    /// Adds the trials of `later`, which follow this one's.
    pub(super) fn merge(&mut self, later: Acc) {
        self.team.extend(later.team);
        self.kept.extend(later.kept);
        for (h, l) in self.health.iter_mut().zip(later.health) {
            h.0 += l.0;
            h.1 += l.1;
        }
        for (r, l) in self.ratios.iter_mut().zip(later.ratios) {
            *r += l;
        }
        for (m, l) in self.moments.iter_mut().zip(later.moments) {
            m.outcome += l.outcome;
            m.variable += l.variable;
            m.cross += l.cross;
            m.square += l.square;
        }
        for (h, l) in self.pay_hist.iter_mut().zip(later.pay_hist) {
            *h += l;
        }
        for (h, l) in self.levels.iter_mut().zip(later.levels) {
            h.0 += l.0;
            h.1 += l.1;
        }
    }
}

pub(super) fn seed_for(seed: u64, trial: u64) -> u64 {
    // splitmix64 of the pair: well-spread, portable seeds for each trial.
    let mut z = seed ^ trial.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Asked between simulated years: true to give up the run (a newer request is waiting).
pub type Stop<'a> = &'a (dyn Fn() -> bool + Sync);

/// Simulates `trials`; `None` when `stop` said to give up.
pub(super) fn run_chunk(
    p: &Prepared,
    seed: u64,
    trials: std::ops::Range<u64>,
    keep_upto: u64,
    done: &AtomicU64,
    stop: Stop,
) -> Option<Acc> {
    let n = p.csms.len();
    let start = trials.start;
    let trials_len = trials.end - trials.start;
    let kept_trials = keep_upto.min(trials.end).saturating_sub(start) as usize;
    let mut acc = Acc::new(n, p.levels);
    acc.kept = vec![0; n * kept_trials];
    let mut level_pay = vec![0i64; p.levels];
    acc.team.reserve(trials_len as usize);
    let common = p.rho.sqrt();
    let own = (1.0 - p.rho).sqrt();
    // With gates, each CSM's attainments are drawn first (in the same order), then paid.
    let widest = p.csms.iter().map(|c| c.2.len()).max().unwrap_or(0);
    let mut drawn = vec![0.0f64; if p.gated { widest } else { 0 }];
    let mut group_draws = vec![0.0f64; p.groups.len()];
    for t in trials {
        if stop() {
            return None;
        }
        // Counted in batches: one shared counter touched every trial would cost the
        // small teams' fast trials more than the count is worth.
        if (t - start) % 64 == 63 {
            done.fetch_add(64, Ordering::Relaxed);
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed_for(seed, t));
        let z: f64 = StandardNormal.sample(&mut rng);
        // One draw per team or level metric, shared by every CSM of the group (none drawn
        // without them: such plans' figures stay as they were).
        for (g, delta) in group_draws.iter_mut().zip(&p.groups) {
            *g = StandardNormal.sample(&mut rng);
            if *delta != 0.0 {
                let u: f64 = StandardNormal.sample(&mut rng);
                *g = skewed(*g, u, *delta);
            }
        }
        let mut team = 0i64;
        let (mut below, mut at_target, mut at_cap) = (0i64, 0i64, 0i64);
        level_pay.fill(0);
        for (i, (base, _, slots, spifs)) in p.csms.iter().enumerate() {
            let mut variable = 0i64;
            let mut outcome = 0i64;
            let shared = common * z;
            let mut e = 0.0;
            if p.gated {
                for (k, s) in slots.iter().enumerate() {
                    drawn[k] = if s.sigma == 0.0 {
                        s.a0
                    } else {
                        draw(s, &mut e, &mut rng, shared, own, &group_draws)
                    };
                }
            }
            for (k, s) in slots.iter().enumerate() {
                let (a, f, pay) = if s.sigma == 0.0 {
                    (s.a0, s.f0, s.exact)
                } else {
                    let a = if p.gated {
                        drawn[k]
                    } else {
                        draw(s, &mut e, &mut rng, shared, own, &group_draws)
                    };
                    let open = !s.shut
                        && s.gates.iter().all(|&(g, bound, above)| {
                            if above {
                                drawn[g] >= bound
                            } else {
                                drawn[g] <= bound
                            }
                        });
                    let mut f = if open {
                        p.curves[s.metric].factor(a) * s.mod_fixed
                    } else {
                        0.0
                    };
                    for &(k, lo, hi) in &s.mods {
                        f *= p.curves[k].factor(drawn[k]).clamp(lo, hi);
                    }
                    // Pay is never negative: adding a half and truncating rounds it to the
                    // cent without a call into the maths library.
                    (a, f, (s.amount * f * 100.0 + 0.5) as i64)
                };
                if a < s.threshold {
                    below += s.units;
                }
                if a >= 1.0 {
                    at_target += s.units;
                }
                if f >= s.ceiling - 1e-12 {
                    at_cap += s.units;
                }
                variable += pay;
                if s.outcome {
                    outcome += pay;
                }
            }
            let mut spif = 0i64;
            for (lambda, amount, max, dist) in spifs {
                let (amount, max) = (*amount, *max);
                let count = match dist {
                    Some(d) => d.sample(&mut rng) as u64,
                    None => *lambda as u64,
                };
                let count = max.map_or(count, |m| count.min(u64::from(m)));
                spif += amount.saturating_mul(count as i64);
            }
            let total = base + variable + spif;
            team += total;
            if t < keep_upto {
                acc.kept[(t - start) as usize * n + i] =
                    u32::try_from(total.max(0)).unwrap_or(u32::MAX);
            }
            if let Some(l) = p.level_of.get(i).and_then(|&k| level_pay.get_mut(k)) {
                *l += variable;
            }
            let m = &mut acc.moments[i];
            m.outcome += outcome;
            m.variable += variable;
            m.cross += i128::from(outcome) * i128::from(variable);
            m.square += i128::from(variable) * i128::from(variable);
            let (per_tv, per_target) = p.scales[i];
            if per_tv > 0.0 {
                // Cents × (1,000 / (100 × target variable)): the ratio in 0.1% bins.
                let bin = (variable as f64 * per_tv + 0.5) as usize;
                acc.ratios[bin.min(RATIO_BINS - 1)] += 1;
            }
            if per_target > 0.0 {
                let bin = ((total.max(0) as f64 * per_target) as usize).min(25);
                acc.pay_hist[bin] += 1;
            }
        }
        for (h, x) in acc.health.iter_mut().zip([below, at_target, at_cap]) {
            h.0 += i128::from(x);
            h.1 += i128::from(x) * i128::from(x);
        }
        for (h, &x) in acc.levels.iter_mut().zip(&level_pay) {
            h.0 += i128::from(x);
            h.1 += i128::from(x) * i128::from(x);
        }
        acc.team.push(team);
    }
    done.fetch_add(trials_len % 64, Ordering::Relaxed);
    Some(acc)
}

/// A varying slot's attainment in one simulated year: its own draw `e` (kept for the next
/// slot when that shares it), or its group's for a team or level metric, mixed with the
/// team's common `shared` part.
#[inline]
fn draw(
    s: &Slot,
    e: &mut f64,
    rng: &mut Xoshiro256PlusPlus,
    shared: f64,
    own: f64,
    groups: &[f64],
) -> f64 {
    if let Some(g) = s.group {
        *e = groups.get(g as usize).copied().unwrap_or(0.0);
    } else if !s.same_draw {
        *e = StandardNormal.sample(rng);
        if s.delta != 0.0 {
            let u: f64 = StandardNormal.sample(rng);
            *e = skewed(*e, u, s.delta);
        }
    }
    (s.a0 + s.sigma * (shared + own * *e)).max(0.0)
}

/// The value at quantile `q` of sorted values (nearest rank).
pub(super) fn quantile<T: Copy>(sorted: &[T], q: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// One standard error of the nearest-rank quantile `q` of sorted values, from the values
/// themselves (no shape assumed): half the distance between the values one binomial
/// standard deviation of ranks, √(n·q·(1−q)), either side of its rank. Zero below 2 values.
pub(super) fn quantile_se<T: Copy + Into<i64>>(sorted: &[T], q: f64) -> i64 {
    let n = sorted.len();
    if n < 2 {
        return 0;
    }
    let nf = n as f64;
    let rank = (q * nf).ceil().clamp(1.0, nf);
    let sd = (nf * q * (1.0 - q)).sqrt();
    let lo = (rank - sd).floor().clamp(1.0, nf) as usize;
    let hi = (rank + sd).ceil().clamp(1.0, nf) as usize;
    let (a, b): (i64, i64) = (sorted[lo - 1].into(), sorted[hi - 1].into());
    (b - a + 1) / 2
}

pub(super) fn ratio(x: f64) -> Decimal {
    Decimal::from_f64(x).unwrap_or_default().round_dp(4)
}

/// A share as a decimal fraction to 0.01% (a standard error rounded up, so never to zero
/// while there is any).
pub(super) fn se_ratio(x: f64) -> Decimal {
    Decimal::from_f64((x * 10_000.0).ceil() / 10_000.0).unwrap_or_default()
}

/// The skew-normal shape δ (−1 to 1) whose distribution has skewness `gamma` (clamped to
/// what a skew-normal reaches, ±0.99): the inverse of
/// γ = (4 − π)/2 × (δ√(2/π))³ ÷ (1 − 2δ²/π)^(3/2), found by bisection.
pub fn skew_delta(gamma: f64) -> f64 {
    let gamma = gamma.clamp(-0.99, 0.99);
    if gamma == 0.0 {
        return 0.0;
    }
    let of = |d: f64| {
        let m = d * (2.0 / std::f64::consts::PI).sqrt();
        (4.0 - std::f64::consts::PI) / 2.0 * m.powi(3)
            / (1.0 - 2.0 * d * d / std::f64::consts::PI).powf(1.5)
    };
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if of(mid) < gamma.abs() {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    ((lo + hi) / 2.0).copysign(gamma)
}

/// A standardised skew-normal draw (mean 0, standard deviation 1, shape δ) from two
/// independent standard normal draws.
pub fn skewed(u0: f64, u1: f64, delta: f64) -> f64 {
    let m = delta * (2.0 / std::f64::consts::PI).sqrt();
    let x = delta * u0.abs() + (1.0 - delta * delta).sqrt() * u1;
    (x - m) / (1.0 - m * m).sqrt()
}

#[cfg(test)]
mod skew_tests {
    use super::*;
    use rand::SeedableRng;

    /// Draws with the shape for a skewness have that skewness, mean 0 and spread 1.
    #[test]
    fn skewed_draws_have_the_skew_asked_for() {
        for gamma in [-0.8, -0.3, 0.4, 0.9] {
            let d = skew_delta(gamma);
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
            let n = 400_000;
            let xs: Vec<f64> = (0..n)
                .map(|_| {
                    let a: f64 = StandardNormal.sample(&mut rng);
                    let b: f64 = StandardNormal.sample(&mut rng);
                    skewed(a, b, d)
                })
                .collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
            let skew =
                xs.iter().map(|x| (x - mean).powi(3)).sum::<f64>() / n as f64 / var.powf(1.5);
            assert!(mean.abs() < 0.01, "{gamma}: mean {mean}");
            assert!((var - 1.0).abs() < 0.01, "{gamma}: variance {var}");
            assert!((skew - gamma).abs() < 0.03, "{gamma}: skew {skew}");
        }
        assert_eq!(skew_delta(0.0), 0.0);
    }
}
