//! Cost risk: what the plan may cost, how its pay is spread, and who it rewards — a Monte
//! Carlo simulation of the team's year around the projections. The rules are in
//! docs/risk.md.
//!
//! Each CSM's projected attainment on each metric varies by the metric's spread, a
//! standard deviation in points of attainment, made of a team-wide common factor (the
//! correlation share of the variance) and the CSM's own variation, never below 0. SPIF
//! counts vary as Poisson counts around the projection, up to their event limits. A metric
//! with no spread (or a CSM with no projected actual) keeps the exact engine's payout, so
//! with every spread at zero each trial is the deterministic evaluation to the cent.
//!
//! The simulation uses f64 inside (it is an estimate) and counts money in integer cents.
//! Trial t draws from its own xoshiro256++ generator seeded from (seed, t), and trials are
//! merged in a fixed order, so the same scenario and seed give the same figures whatever
//! the number of cores.

use super::eval::{Evaluation, TeamInputs, evaluate_with, split_pay};
use super::model::{Budget, BudgetBasis, Curve, RiskSettings, Scenario};
use super::shape::Shape;
use crate::num::cents;
use rand::SeedableRng;
use rand_distr::{Distribution, Poisson, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use std::sync::atomic::{AtomicU64, Ordering};

/// A payout curve in f64, for the simulation only.
#[derive(Debug, Clone)]
enum FCurve {
    Tiered {
        threshold: f64,
        /// (from, width, rate): the last tier's width is infinite.
        tiers: Vec<(f64, f64, f64)>,
        cap: Option<f64>,
    },
    Steps(Vec<(f64, f64)>),
}

impl FCurve {
    fn of(c: &Curve) -> FCurve {
        let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
        match c {
            Curve::Tiered {
                threshold,
                tiers,
                cap,
            } => FCurve::Tiered {
                threshold: f(*threshold),
                tiers: tiers
                    .iter()
                    .enumerate()
                    .map(|(k, t)| {
                        let width = tiers
                            .get(k + 1)
                            .map_or(f64::INFINITY, |n| f(n.from) - f(t.from));
                        (f(t.from), width, f(t.rate))
                    })
                    .collect(),
                cap: cap.map(f),
            },
            Curve::Steps { steps } => {
                FCurve::Steps(steps.iter().map(|s| (f(s.min), f(s.factor))).collect())
            }
        }
    }

    fn factor(&self, a: f64) -> f64 {
        match self {
            FCurve::Tiered {
                threshold,
                tiers,
                cap,
            } => {
                if a < *threshold {
                    return 0.0;
                }
                let mut f = 0.0;
                for &(from, width, rate) in tiers {
                    if a <= from {
                        break;
                    }
                    f += (a - from).min(width) * rate;
                }
                match cap {
                    Some(c) => f.min(*c),
                    None => f,
                }
            }
            FCurve::Steps(steps) => steps
                .iter()
                .rev()
                .find(|(min, _)| a >= *min)
                .map_or(0.0, |s| s.1),
        }
    }
}

/// What the simulation reports. Money is exact cents turned into `Decimal`; shares are
/// fractions.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskReport {
    pub trials: u32,
    pub seed: u64,
    pub budget: Option<Budget>,
    /// Team cost (cash, or loaded when the budget is for loaded cost) at the projections:
    /// the exact engine's figure.
    pub at_projection: Decimal,
    /// Whether the team figures are cash or fully loaded cost.
    pub basis: BudgetBasis,
    pub mean: Decimal,
    pub p5: Decimal,
    pub p10: Decimal,
    pub p50: Decimal,
    pub p90: Decimal,
    pub p95: Decimal,
    /// The share of trials above the budget.
    pub p_over_budget: Option<Decimal>,
    /// Team cost histogram: (from, to, trials), 20 bins from the lowest to the highest.
    pub cost_histogram: Vec<(Decimal, Decimal, u32)>,
    /// Each CSM's pay as a share of their target pay, over all trials: (from, to, count),
    /// bins of 10 points from 0% to 250% (the last holds everything above).
    pub pay_histogram: Vec<(Decimal, Decimal, u64)>,
    /// Per CSM, in team order.
    pub csms: Vec<CsmRisk>,
    /// How many trials the per-CSM figures come from (all, unless the team is very large).
    pub csm_trials: u32,
    pub health: Health,
    pub fairness: Fairness,
    /// Plain-words warnings: (code, message).
    pub warnings: Vec<(&'static str, String)>,
    /// One sentence on why the expected cost differs from the cost at the projections.
    pub gap: String,
}

impl RiskReport {
    /// What falls in the cost band from `from` (included) to `to`: "P10", "P50", "P90",
    /// "budget" — the marks a histogram puts beside the band.
    pub fn band_marks(&self, from: Decimal, to: Decimal) -> Vec<&'static str> {
        let inside = |x: Decimal| x >= from && x < to;
        let mut out: Vec<&'static str> = [("P10", self.p10), ("P50", self.p50), ("P90", self.p90)]
            .into_iter()
            .filter(|(_, x)| inside(*x))
            .map(|(name, _)| name)
            .collect();
        if self.budget.as_ref().is_some_and(|b| inside(b.amount)) {
            out.push("budget");
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CsmRisk {
    pub p10: Decimal,
    pub p50: Decimal,
    pub p90: Decimal,
    /// P50 as a share of the OTE the CSM can earn: for a joiner or leaver, the OTE of the
    /// periods they are employed in.
    pub pct_of_ote: Decimal,
    /// The share of the variation of this CSM's variable pay that comes from outcome
    /// metrics (retention, churn, NRR, adoption), which the CSM does not fully control.
    pub outcome_share: Decimal,
    /// The share of this CSM's target variable on outcome metrics.
    pub outcome_weight: Decimal,
    /// Pay swings mostly (over half) on metrics the CSM does not control.
    pub flagged: bool,
}

/// Payout-curve health, weighted by metric weight and averaged over CSMs and trials.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    /// Expected share of pay opportunities below the threshold (or first step).
    pub below_threshold: Decimal,
    /// Expected share at or above 100% of target.
    pub at_or_above_target: Decimal,
    /// Expected share at the cap or top step.
    pub at_cap: Decimal,
    /// What a 90th-percentile performer earns against target variable: the 90th percentile
    /// of variable pay ÷ target variable over all CSMs and trials.
    pub leverage: Decimal,
}

impl Health {
    /// The health figures for people: (what, value, the practitioners' aim).
    pub fn rows(&self) -> [(&'static str, String, &'static str); 4] {
        let pct = |d: Decimal| crate::num::pct(d, 1);
        [
            (
                "Below threshold",
                pct(self.below_threshold),
                "aim about 10%",
            ),
            (
                "At or above target",
                pct(self.at_or_above_target),
                "aim 60–70%",
            ),
            ("At the cap or top step", pct(self.at_cap), "aim about 10%"),
            (
                "Leverage (P90 variable ÷ target)",
                format!("{}×", crate::num::plain(self.leverage.round_dp(2))),
                "CS: under 2×",
            ),
        ]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fairness {
    /// Spearman rank correlation, across CSMs at the projections, between pay (as a share
    /// of target pay) and attainment on the metrics CSMs control; `None` with fewer than 3.
    pub rank_correlation: Option<Decimal>,
    pub by_level: Vec<LevelRisk>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LevelRisk {
    pub level: String,
    pub csms: usize,
    /// Expected (mean simulated) cash of the level.
    pub cash: Decimal,
    /// Lowest and highest median pay as a share of OTE among the level's CSMs (each CSM's
    /// [`CsmRisk::pct_of_ote`]).
    pub pct_of_ote: (Decimal, Decimal),
}

/// Bins of 0.1% for variable pay ÷ target variable, 0% to 500% (the last holds the rest).
const RATIO_BINS: usize = 5_001;

/// The chunks trials are split into (fixed, so results never depend on the core count).
const CHUNKS: usize = 16;

/// At most this many (CSM, trial) totals are kept for the per-CSM percentiles.
const MAX_KEPT: usize = 16_000_000;

/// One metric of one CSM, prepared.
#[derive(Clone)]
struct Slot {
    /// Attainment at the projection (after the scale).
    a0: f64,
    /// Target variable × weight, in dollars.
    amount: f64,
    /// Spread; 0 = fixed at the exact payout.
    sigma: f64,
    /// The exact payout in cents (used when the slot does not vary).
    exact: i64,
    metric: usize,
    /// The metric's weight, threshold, ceiling (infinite without one) and whether it is an
    /// outcome metric, copied here so the inner loop reads one struct.
    weight: f64,
    threshold: f64,
    ceiling: f64,
    outcome: bool,
    /// The factor at the projection (for a slot that does not vary).
    f0: f64,
}

/// A SPIF of one CSM: projected count, amount in cents, event limit, and the count's
/// distribution when it varies.
type PreparedSpif = (f64, i64, Option<u32>, Option<Poisson<f64>>);

/// One CSM: base in cents, target variable in dollars, metrics, SPIFs.
type PreparedCsm = (i64, f64, Vec<Slot>, Vec<PreparedSpif>);

struct Prepared {
    curves: Vec<FCurve>,
    csms: Vec<PreparedCsm>,
    /// Per CSM: multipliers from cents to 0.1% bins of target variable, and to 10-point
    /// bins of target pay (0 when the target is 0).
    scales: Vec<(f64, f64)>,
    rho: f64,
}

fn to_cents(d: Decimal) -> i64 {
    (cents(d) * Decimal::ONE_HUNDRED).to_i64().unwrap_or(0)
}

fn from_cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

/// Lays the plan's slots out for the simulation (see [`Shape`]): a slot of actual results
/// (a past period) keeps its exact payout, and so do the SPIF events of past periods.
fn prepare(
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
                    let varies = !slot.fixed && !share.is_zero() && inputs.actual(i, m).is_some();
                    let metric_id = &scn.plan.components[slot.component].id;
                    let a0 = f(cr.attainment());
                    Slot {
                        weight: f(comp.weight),
                        threshold: f(comp.curve.threshold()),
                        ceiling: comp.curve.max_factor().map_or(f64::INFINITY, f),
                        outcome: comp.kind.is_outcome(),
                        f0: FCurve::of(&comp.curve).factor(a0),
                        a0: f(cr.attainment()),
                        amount: f(tv * comp.weight * share),
                        sigma: if varies {
                            f(settings.spread_for(metric_id))
                        } else {
                            0.0
                        },
                        exact: to_cents(cr.payout),
                        metric: m,
                    }
                })
                .collect();
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
            (to_cents(r.base), f(r.target_variable), slots, spifs)
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
    }
}

/// Per-chunk accumulators.
#[derive(Default)]
struct Acc {
    team: Vec<i64>,
    /// Kept per-CSM totals in cents, trial-major (a row of every CSM per trial, written in
    /// order), for the trials of this chunk below the keep limit.
    kept: Vec<u32>,
    kept_trials: usize,
    below: f64,
    at_target: f64,
    at_cap: f64,
    weight_sum: f64,
    /// Variable pay ÷ target variable of every CSM and trial: how many fell in each 0.1%
    /// (the last bin holds everything from 500% up).
    ratios: Vec<u64>,
    /// Per CSM: Σ outcome, Σ variable, Σ outcome×variable, Σ variable² (dollars).
    moments: Vec<[f64; 4]>,
    /// Pay ÷ target pay histogram (26 bins of 10 points).
    pay_hist: Vec<u64>,
}

fn seed_for(seed: u64, trial: u64) -> u64 {
    // splitmix64 of the pair: well-spread, portable seeds for each trial.
    let mut z = seed ^ trial.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn run_chunk(
    p: &Prepared,
    seed: u64,
    trials: std::ops::Range<u64>,
    keep_upto: u64,
    done: &AtomicU64,
) -> Acc {
    let n = p.csms.len();
    let start = trials.start;
    let trials_len = trials.end - trials.start;
    let kept_trials = keep_upto.min(trials.end).saturating_sub(start) as usize;
    let mut acc = Acc {
        kept: vec![0; n * kept_trials],
        kept_trials,
        moments: vec![[0.0; 4]; n],
        pay_hist: vec![0; 26],
        ratios: vec![0; RATIO_BINS],
        ..Default::default()
    };
    let common = p.rho.sqrt();
    let own = (1.0 - p.rho).sqrt();
    let (mut below, mut at_target, mut at_cap) = (0.0, 0.0, 0.0);
    let per_trial_weight: f64 = p
        .csms
        .iter()
        .flat_map(|c| c.2.iter().map(|s| s.weight))
        .sum();
    for t in trials {
        // Counted in batches: one shared counter touched every trial would cost the
        // small teams' fast trials more than the count is worth.
        if (t - start) % 64 == 63 {
            done.fetch_add(64, Ordering::Relaxed);
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed_for(seed, t));
        let z: f64 = StandardNormal.sample(&mut rng);
        let mut team = 0i64;
        for (i, (base, _, slots, spifs)) in p.csms.iter().enumerate() {
            let mut variable = 0i64;
            let mut outcome = 0i64;
            let shared = common * z;
            for s in slots {
                let (a, f, pay) = if s.sigma == 0.0 {
                    (s.a0, s.f0, s.exact)
                } else {
                    let e: f64 = StandardNormal.sample(&mut rng);
                    let a = (s.a0 + s.sigma * (shared + own * e)).max(0.0);
                    let f = p.curves[s.metric].factor(a);
                    // Pay is never negative: adding a half and truncating rounds it to the
                    // cent without a call into the maths library.
                    (a, f, (s.amount * f * 100.0 + 0.5) as i64)
                };
                if a < s.threshold {
                    below += s.weight;
                }
                if a >= 1.0 {
                    at_target += s.weight;
                }
                if f >= s.ceiling - 1e-12 {
                    at_cap += s.weight;
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
            let v = variable as f64 * 0.01;
            let o = outcome as f64 * 0.01;
            let m = &mut acc.moments[i];
            m[0] += o;
            m[1] += v;
            m[2] += o * v;
            m[3] += v * v;
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
        acc.team.push(team);
    }
    acc.below = below;
    acc.at_target = at_target;
    acc.at_cap = at_cap;
    acc.weight_sum = per_trial_weight * (trials_len as f64);
    done.fetch_add(trials_len % 64, Ordering::Relaxed);
    acc
}

/// The value at quantile `q` (nearest rank) of unsorted values, reordering them.
fn select(v: &mut [u32], q: f64) -> Option<u32> {
    if v.is_empty() {
        return None;
    }
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    Some(*v.select_nth_unstable(rank - 1).1)
}

/// The value at quantile `q` of sorted values (nearest rank).
fn quantile<T: Copy>(sorted: &[T], q: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn ratio(x: f64) -> Decimal {
    Decimal::from_f64(x).unwrap_or_default().round_dp(4)
}

/// Simulates the team's year `trials` times from `seed` (see the module doc).
pub fn simulate(scn: &Scenario, settings: &RiskSettings, trials: u32, seed: u64) -> RiskReport {
    simulate_counted(scn, settings, trials, seed, &AtomicU64::new(0))
}

/// [`simulate`], adding one to `done` for every simulated year as it is run (for a
/// progress bar).
pub fn simulate_counted(
    scn: &Scenario,
    settings: &RiskSettings,
    trials: u32,
    seed: u64,
    done: &AtomicU64,
) -> RiskReport {
    let inputs = TeamInputs::new(scn);
    let eval = evaluate_with(scn, &inputs, scn.assumptions.attainment_scale);
    simulate_with_counted(scn, &inputs, &eval, settings, trials, seed, done)
}

/// [`simulate`] from an evaluation already made (the app's) with the team's inputs laid
/// out for it.
pub fn simulate_with(
    scn: &Scenario,
    inputs: &TeamInputs,
    eval: &Evaluation,
    settings: &RiskSettings,
    trials: u32,
    seed: u64,
) -> RiskReport {
    simulate_with_counted(
        scn,
        inputs,
        eval,
        settings,
        trials,
        seed,
        &AtomicU64::new(0),
    )
}

/// [`simulate_with`], counting simulated years in `done` (see [`simulate_counted`]).
pub fn simulate_with_counted(
    scn: &Scenario,
    inputs: &TeamInputs,
    eval: &Evaluation,
    settings: &RiskSettings,
    trials: u32,
    seed: u64,
    done: &AtomicU64,
) -> RiskReport {
    let trials = trials.max(1);
    let p = prepare(scn, inputs, eval, settings);
    let n = p.csms.len();
    let keep = MAX_KEPT
        .checked_div(n)
        .map_or(0, |k| k.min(trials as usize) as u64);
    let total = u64::from(trials);
    let bounds: Vec<std::ops::Range<u64>> = (0..CHUNKS as u64)
        .map(|c| (c * total / CHUNKS as u64)..((c + 1) * total / CHUNKS as u64))
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, CHUNKS);
    let mut results: Vec<Option<Acc>> = (0..CHUNKS).map(|_| None).collect();
    std::thread::scope(|s| {
        let p = &p;
        let bounds = &bounds;
        let done = &done;
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                s.spawn(move || {
                    (w..CHUNKS)
                        .step_by(workers)
                        .map(|c| (c, run_chunk(p, seed, bounds[c].clone(), keep, done)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            if let Ok(v) = h.join() {
                for (c, acc) in v {
                    results[c] = Some(acc);
                }
            }
        }
    });
    // Merge in chunk order.
    let mut team: Vec<i64> = Vec::with_capacity(trials as usize);
    let mut kept: Vec<(Vec<u32>, usize)> = Vec::new();
    let (mut below, mut at_target, mut at_cap, mut wsum) = (0.0, 0.0, 0.0, 0.0);
    let mut ratios: Vec<u64> = vec![0; RATIO_BINS];
    let mut moments = vec![[0.0f64; 4]; n];
    let mut pay_hist = vec![0u64; 26];
    for acc in results.into_iter().flatten() {
        team.extend(acc.team);
        kept.push((acc.kept, acc.kept_trials));
        below += acc.below;
        at_target += acc.at_target;
        at_cap += acc.at_cap;
        wsum += acc.weight_sum;
        for (r, a) in ratios.iter_mut().zip(acc.ratios) {
            *r += a;
        }
        for (m, a) in moments.iter_mut().zip(acc.moments) {
            for k in 0..4 {
                m[k] += a[k];
            }
        }
        for (h, a) in pay_hist.iter_mut().zip(acc.pay_hist) {
            *h += a;
        }
    }
    let burden = scn.assumptions.burden_rate;
    let basis = scn
        .plan
        .budget
        .as_ref()
        .map_or(BudgetBasis::Cash, |b| b.basis);
    // Team figures in the budget's basis, each trial's loaded cost rounded to the cent.
    let mut cost: Vec<i64> = match basis {
        BudgetBasis::Cash => team,
        BudgetBasis::Loaded => team
            .iter()
            .map(|&c| to_cents(super::eval::loaded(from_cents(c), burden)))
            .collect(),
    };
    cost.sort_unstable();
    let q = |x: f64| from_cents(quantile(&cost, x).unwrap_or(0));
    let sum: i128 = cost.iter().map(|&c| i128::from(c)).sum();
    let mean = cents(Decimal::from_i128_with_scale(sum, 2) / Decimal::from(cost.len().max(1)));
    let at_projection = match basis {
        BudgetBasis::Cash => eval.team.cash,
        BudgetBasis::Loaded => eval.team.loaded_cost,
    };
    let budget = scn.plan.budget.clone();
    let p_over_budget = budget.as_ref().map(|b| {
        let limit = to_cents(b.amount);
        let over = cost.iter().filter(|&&c| c > limit).count();
        Decimal::from(over as u64) / Decimal::from(cost.len().max(1) as u64)
    });
    // The cost histogram: 20 bins from the lowest to the highest trial.
    let lo = cost.first().copied().unwrap_or(0);
    let hi = cost.last().copied().unwrap_or(0);
    let width = ((hi - lo) / 20).max(1);
    let mut bins = [0u32; 20];
    for &c in &cost {
        let b = (((c - lo) / width) as usize).min(19);
        bins[b] += 1;
    }
    let cost_histogram = bins
        .iter()
        .enumerate()
        .map(|(k, &count)| {
            let from = lo + width * k as i64;
            let to = if k == 19 { hi } else { from + width };
            (from_cents(from), from_cents(to), count)
        })
        .collect();
    let pay_histogram = pay_hist
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            (
                Decimal::new(k as i64 * 10, 2),
                Decimal::new(k as i64 * 10 + 10, 2),
                c,
            )
        })
        .collect();
    // Per CSM.
    let csm_trials = keep as u32;
    let outcome_weight: Decimal = scn
        .plan
        .components
        .iter()
        .filter(|c| c.kind.is_outcome())
        .map(|c| c.weight)
        .sum();
    let tn = f64::from(trials);
    // Each CSM's kept totals, gathered from the trial-major rows 16 CSMs at a time (one
    // cache line of each row per block).
    let mut per_csm: Vec<Vec<u32>> = (0..n).map(|_| Vec::with_capacity(keep as usize)).collect();
    for block in (0..n).step_by(16) {
        let end = (block + 16).min(n);
        for (k, kt) in &kept {
            for t in 0..*kt {
                let row = &k[t * n..t * n + n];
                for i in block..end {
                    per_csm[i].push(row[i]);
                }
            }
        }
    }
    let csms: Vec<CsmRisk> = (0..n)
        .map(|i| {
            let mine = &mut per_csm[i];
            let mut qi = |x: f64| from_cents(i64::from(select(mine, x).unwrap_or(0)));
            let [so, sv, sov, svv] = moments[i];
            let (mo, mv) = (so / tn, sv / tn);
            let cov = sov / tn - mo * mv;
            let var = svv / tn - mv * mv;
            let share = if var > 1e-9 {
                (cov / var).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let p50 = qi(0.50);
            let ote = eval.csms[i].ote;
            CsmRisk {
                p10: qi(0.10),
                p50,
                p90: qi(0.90),
                pct_of_ote: if ote.is_zero() {
                    Decimal::ZERO
                } else {
                    (p50 / ote).round_dp(4)
                },
                outcome_share: ratio(share),
                outcome_weight,
                flagged: share > 0.5,
            }
        })
        .collect();
    let leverage = {
        let total: u64 = ratios.iter().sum();
        let rank = ((0.9 * total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        let bin = ratios
            .iter()
            .position(|&c| {
                seen += c;
                seen >= rank
            })
            .unwrap_or(0);
        Decimal::new(bin as i64, 3)
    };
    let share = |x: f64| {
        if wsum > 0.0 {
            ratio(x / wsum)
        } else {
            Decimal::ZERO
        }
    };
    let health = Health {
        below_threshold: share(below),
        at_or_above_target: share(at_target),
        at_cap: share(at_cap),
        leverage,
    };
    let fairness = Fairness {
        rank_correlation: rank_correlation(scn, eval),
        by_level: by_level(scn, &csms, &moments, eval, tn),
    };
    let mut warnings = Vec::new();
    health_warnings(&health, &mut warnings);
    let flagged: Vec<&str> = scn
        .team
        .iter()
        .zip(&csms)
        .filter(|(_, r)| r.flagged)
        .map(|(c, _)| c.name.as_str())
        .collect();
    if !flagged.is_empty() {
        let names: Vec<&str> = flagged.iter().take(10).copied().collect();
        let more = flagged.len().saturating_sub(10);
        warnings.push((
            "uncontrolled-pay",
            format!(
                "{} of {n} CSMs have pay that swings mostly on retention, churn, NRR or adoption, which the customer largely decides: {}{}",
                flagged.len(),
                names.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ),
        ));
    }
    if let (Some(p), Some(b)) = (p_over_budget, &budget)
        && p > Decimal::new(5, 1)
    {
        warnings.push((
            "over-budget-likely",
            format!(
                "the plan is more likely than not to exceed its budget of {} ({} of simulated years)",
                crate::num::money(b.amount),
                crate::num::pct(p, 1)
            ),
        ));
    }
    let gap = gap_sentence(mean, at_projection);
    RiskReport {
        trials,
        seed,
        budget,
        at_projection,
        basis,
        mean,
        p5: q(0.05),
        p10: q(0.10),
        p50: q(0.50),
        p90: q(0.90),
        p95: q(0.95),
        p_over_budget,
        cost_histogram,
        pay_histogram,
        csms,
        csm_trials,
        health,
        fairness,
        warnings,
        gap,
    }
}

fn gap_sentence(mean: Decimal, at: Decimal) -> String {
    let d = mean - at;
    let money = crate::num::money;
    if d.is_zero() {
        "The expected cost equals the cost at the projections: nothing about this plan bends the average.".into()
    } else if d.is_sign_positive() {
        format!(
            "The expected cost is {} above the cost at the projections: accelerators pay more for a good year than thresholds and caps save in a bad one.",
            money(d)
        )
    } else {
        format!(
            "The expected cost is {} below the cost at the projections: caps and thresholds cut more from good and bad years than accelerators add.",
            money(-d)
        )
    }
}

fn health_warnings(h: &Health, out: &mut Vec<(&'static str, String)>) {
    let pct = |d: Decimal| crate::num::pct(d, 0);
    if h.below_threshold > Decimal::new(25, 2) {
        out.push((
            "health-below-threshold",
            format!(
                "{} of pay opportunities fall below threshold in an average year; practitioners aim for about 10%: the thresholds may be too high to motivate",
                pct(h.below_threshold)
            ),
        ));
    }
    if h.at_or_above_target < Decimal::new(45, 2) {
        out.push((
            "health-target-hard",
            format!(
                "only {} of pay opportunities reach target in an average year; practitioners aim for 60–70%: the targets may be out of reach",
                pct(h.at_or_above_target)
            ),
        ));
    } else if h.at_or_above_target > Decimal::new(85, 2) {
        out.push((
            "health-target-easy",
            format!(
                "{} of pay opportunities reach target in an average year; practitioners aim for 60–70%: the targets may be too easy",
                pct(h.at_or_above_target)
            ),
        ));
    }
    if h.at_cap > Decimal::new(25, 2) {
        out.push((
            "health-bunched-at-cap",
            format!(
                "{} of pay opportunities end at the cap or top step; about 10% is usual: pay is bunched at the top and the curve stops steering",
                pct(h.at_cap)
            ),
        ));
    }
    if h.leverage > Decimal::new(25, 1) {
        out.push((
            "health-leverage-high",
            format!(
                "a 90th-percentile performer earns {}× target variable; sales plans pay 2–3×, and CS roles, with less variable, warrant less",
                crate::num::plain(h.leverage.round_dp(2))
            ),
        ));
    } else if h.leverage < Decimal::new(11, 1) {
        out.push((
            "health-leverage-low",
            format!(
                "a 90th-percentile performer earns only {}× target variable: top performers are paid barely more than target",
                crate::num::plain(h.leverage.round_dp(2))
            ),
        ));
    }
}

/// Spearman's rank correlation between pay ÷ target pay and the weight-averaged attainment
/// on the metrics CSMs control (activities, customer results, expansion, sentiment), at the
/// projections.
fn rank_correlation(scn: &Scenario, eval: &Evaluation) -> Option<Decimal> {
    let n = scn.team.len();
    if n < 3 {
        return None;
    }
    let plan = &scn.plan;
    let ctrl: Vec<usize> = (0..plan.components.len())
        .filter(|&m| !plan.components[m].kind.is_outcome())
        .collect();
    if ctrl.is_empty() {
        return None;
    }
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let wsum: f64 = ctrl.iter().map(|&m| f(plan.components[m].weight)).sum();
    let xs: Vec<f64> = (0..n)
        .map(|i| {
            let comps = eval.components(i);
            ctrl.iter()
                .map(|&m| {
                    f(plan.components[m].weight) * comps.get(m).map_or(0.0, |c| f(c.attainment()))
                })
                .sum::<f64>()
                / wsum.max(1e-12)
        })
        .collect();
    let ys: Vec<f64> = eval
        .csms
        .iter()
        .map(|r| {
            let t = f(r.base + r.target_variable);
            if t > 0.0 { f(r.total) / t } else { 0.0 }
        })
        .collect();
    let rank = |v: &[f64]| {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
        let mut r = vec![0.0; v.len()];
        let mut k = 0;
        while k < idx.len() {
            let mut j = k;
            while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[k]] {
                j += 1;
            }
            let avg = (k + j) as f64 / 2.0 + 1.0;
            for &i in &idx[k..=j] {
                r[i] = avg;
            }
            k = j + 1;
        }
        r
    };
    let (rx, ry) = (rank(&xs), rank(&ys));
    let mean = (n as f64 + 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (a, b) = (rx[i] - mean, ry[i] - mean);
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some(ratio(sxy / (sxx * syy).sqrt()))
}

fn by_level(
    scn: &Scenario,
    csms: &[CsmRisk],
    moments: &[[f64; 4]],
    eval: &Evaluation,
    trials: f64,
) -> Vec<LevelRisk> {
    let mut levels: Vec<String> = scn.team.iter().map(|c| c.level.clone()).collect();
    levels.sort();
    levels.dedup();
    levels
        .into_iter()
        .map(|level| {
            let members: Vec<usize> = (0..scn.team.len())
                .filter(|&i| scn.team[i].level == level)
                .collect();
            // Expected cash: base and SPIF at projection are exact; the variable is the
            // mean simulated. (The SPIF mean under Poisson is the projection, up to limits.)
            let cash: Decimal = members
                .iter()
                .map(|&i| {
                    let r = &eval.csms[i];
                    let var = Decimal::from_f64(moments[i][1] / trials).unwrap_or_default();
                    cents(r.base + var + r.spif)
                })
                .sum();
            let shares: Vec<Decimal> = members.iter().map(|&i| csms[i].pct_of_ote).collect();
            let lo = shares.iter().copied().min().unwrap_or_default();
            let hi = shares.iter().copied().max().unwrap_or_default();
            LevelRisk {
                level,
                csms: members.len(),
                cash,
                pct_of_ote: (lo, hi),
            }
        })
        .collect()
}
