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
//! Trial t draws from its own xoshiro256++ generator seeded from (seed, t), and what the
//! trials add up is all integers, merged in trial order: the same scenario and seed give the
//! same figures whatever the number of cores, and a [`Simulation`] taken further step by
//! step ends where one run of as many trials does. Each simulated figure carries its
//! standard error ([`Precision`]).

use super::eval::{Evaluation, TeamInputs, split_pay};
use super::evaluate::evaluate_with;
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
    /// How precisely the trials so far pin the simulated figures down.
    pub precision: Precision,
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

/// One standard error of each simulated figure: about how far a rerun of as many years with
/// another seed would move it (zero when nothing varies). Money in dollars, shares as
/// fractions. Percentiles: half the gap between the values one binomial standard deviation
/// of ranks either side; the mean: the standard deviation of the years ÷ √years; shares of
/// years: √(p(1−p)/years), p kept at least one year from 0 and 1.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Precision {
    pub mean: Decimal,
    pub p5: Decimal,
    pub p10: Decimal,
    pub p50: Decimal,
    pub p90: Decimal,
    pub p95: Decimal,
    pub p_over_budget: Option<Decimal>,
    pub below_threshold: Decimal,
    pub at_or_above_target: Decimal,
    pub at_cap: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CsmRisk {
    pub p10: Decimal,
    pub p50: Decimal,
    pub p90: Decimal,
    /// One standard error of P10, P50 and P90 (see [`Precision`]).
    pub se: [Decimal; 3],
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
    /// One standard error of `cash` (see [`Precision`]).
    pub cash_se: Decimal,
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
    /// The metric's weight (in millionths), threshold, ceiling (infinite without one) and
    /// whether it is an outcome metric, copied here so the inner loop reads one struct.
    units: i64,
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
    /// Each CSM's level (an index into the sorted levels), and how many levels there are.
    level_of: Vec<usize>,
    levels: usize,
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
                        units: (comp.weight * Decimal::from(1_000_000))
                            .round()
                            .to_i64()
                            .unwrap_or(0),
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
        level_of: Vec::new(),
        levels: 0,
    }
}

/// Per-CSM sums over trials: outcome pay, variable pay (cents), their product and the
/// variable's square (cents²). Integers, so sums merge exactly in any order.
#[derive(Debug, Default, Clone, Copy)]
struct Moments {
    outcome: i64,
    variable: i64,
    cross: i128,
    square: i128,
}

/// What a run of trials adds up, all in integers: runs merge to the same figures whatever
/// their sizes and order, so a simulation taken further step by step ends where one run of
/// as many years would.
struct Acc {
    /// The team's cost in each trial, in cents, in trial order.
    team: Vec<i64>,
    /// Kept per-CSM totals in cents, trial-major (a row of every CSM per trial, written in
    /// order), for the trials below the keep limit.
    kept: Vec<u32>,
    /// Below threshold, at or above target, at the cap: per trial, the weight (in millionths)
    /// of the slots that were; summed over trials, and summed squared.
    health: [(i128, i128); 3],
    /// Variable pay ÷ target variable of every CSM and trial: how many fell in each 0.1%
    /// (the last bin holds everything from 500% up).
    ratios: Vec<u64>,
    moments: Vec<Moments>,
    /// Pay ÷ target pay histogram (26 bins of 10 points).
    pay_hist: Vec<u64>,
    /// Per level: the level's variable pay in each trial (cents), summed over trials, and
    /// summed squared.
    levels: Vec<(i128, i128)>,
}

impl Acc {
    fn new(n: usize, levels: usize) -> Acc {
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
    fn merge(&mut self, later: Acc) {
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

fn seed_for(seed: u64, trial: u64) -> u64 {
    // splitmix64 of the pair: well-spread, portable seeds for each trial.
    let mut z = seed ^ trial.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Asked between simulated years: true to give up the run (a newer request is waiting).
pub type Stop<'a> = &'a (dyn Fn() -> bool + Sync);

/// Simulates `trials`; `None` when `stop` said to give up.
fn run_chunk(
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
        let mut team = 0i64;
        let (mut below, mut at_target, mut at_cap) = (0i64, 0i64, 0i64);
        level_pay.fill(0);
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

/// The value at quantile `q` of sorted values (nearest rank).
fn quantile<T: Copy>(sorted: &[T], q: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// One standard error of the nearest-rank quantile `q` of sorted values, from the values
/// themselves (no shape assumed): half the distance between the values one binomial
/// standard deviation of ranks, √(n·q·(1−q)), either side of its rank. Zero below 2 values.
fn quantile_se<T: Copy + Into<i64>>(sorted: &[T], q: f64) -> i64 {
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

fn ratio(x: f64) -> Decimal {
    Decimal::from_f64(x).unwrap_or_default().round_dp(4)
}

/// A share as a decimal fraction to 0.01% (a standard error rounded up, so never to zero
/// while there is any).
fn se_ratio(x: f64) -> Decimal {
    Decimal::from_f64((x * 10_000.0).ceil() / 10_000.0).unwrap_or_default()
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
    let mut sim = Simulation::new(scn, inputs, eval, settings, seed);
    sim.run(trials.max(1), done, &|| false);
    sim.report()
}

/// The most (CSM × metric × year) cells a first estimate simulates: about a tenth of a
/// second on one core, so that even on 10,000 CSMs a first estimate shows within half a
/// second of a change.
const FIRST_CELLS: usize = 3_000_000;

/// The most cells one run of a simulation covers before what it did is kept: how much
/// work a newer request can make the app give up (about a quarter of a second).
const RUN_CELLS: usize = 16_000_000;

/// The years of a first estimate and of each refining step after it, ending at `full`: at
/// most 200 years first, fewer on a large team (at least 20, [`FIRST_CELLS`]), then 500,
/// 1,000, 2,000, 5,000, 10,000, 20,000… on to the full count.
pub fn refine_steps(cells_per_year: usize, full: u32) -> Vec<u32> {
    let full = full.max(1);
    let first = (FIRST_CELLS / cells_per_year.max(1)).clamp(20, 200) as u32;
    let mut steps = vec![first.min(full)];
    let mut scale = 100u64;
    'out: loop {
        for m in [2u64, 5, 10] {
            let s = m * scale;
            if s >= u64::from(full) {
                break 'out;
            }
            if s > u64::from(first) {
                steps.push(s as u32);
            }
        }
        scale *= 10;
    }
    if steps.last() != Some(&full) {
        steps.push(full);
    }
    steps
}

/// What the report needs of the scenario and its evaluation, taken when a simulation
/// starts (so that it can be taken further on another thread).
struct Facts {
    budget: Option<Budget>,
    basis: BudgetBasis,
    burden: Decimal,
    at_projection: Decimal,
    outcome_weight: Decimal,
    rank_correlation: Option<Decimal>,
    names: Vec<String>,
    /// The levels, sorted, and each CSM's (an index into them).
    levels: Vec<String>,
    level_of: Vec<usize>,
    /// Per CSM: base and SPIFs as projected (exact), and the OTE they can earn (prorated
    /// for a joiner or leaver).
    fixed: Vec<Decimal>,
    ote: Vec<Decimal>,
    /// The weight (in millionths) of every slot of the team, in one trial.
    units: i64,
}

/// Per-CSM percentiles from the kept years, and their standard errors (cents).
type CsmQuantiles = Vec<([u32; 3], [i64; 3])>;

/// A simulation that can be taken further: [`Simulation::run`] adds years (each run's
/// years spread over the cores), and [`Simulation::report`] reports on the years so far.
/// Whatever the steps, the figures are those of one run of as many years.
pub struct Simulation {
    p: Prepared,
    seed: u64,
    /// Trials below this keep each CSM's total, for the per-CSM percentiles.
    keep: u64,
    acc: Acc,
    /// The per-CSM percentiles, once every kept trial is in (the kept totals are then
    /// let go).
    per_csm: Option<CsmQuantiles>,
    facts: Facts,
}

impl Simulation {
    /// Lays the team out for simulating from `seed`; no year is simulated yet.
    pub fn new(
        scn: &Scenario,
        inputs: &TeamInputs,
        eval: &Evaluation,
        settings: &RiskSettings,
        seed: u64,
    ) -> Simulation {
        let mut p = prepare(scn, inputs, eval, settings);
        let n = p.csms.len();
        let keep = MAX_KEPT.checked_div(n).unwrap_or(0) as u64;
        let mut levels: Vec<String> = scn.team.iter().map(|c| c.level.clone()).collect();
        levels.sort();
        levels.dedup();
        let level_of = scn
            .team
            .iter()
            .map(|c| levels.binary_search(&c.level).unwrap_or(0))
            .collect::<Vec<usize>>();
        p.level_of = level_of.clone();
        p.levels = levels.len();
        let basis = scn
            .plan
            .budget
            .as_ref()
            .map_or(BudgetBasis::Cash, |b| b.basis);
        let units = p
            .csms
            .iter()
            .flat_map(|c| c.2.iter().map(|s| s.units))
            .sum();
        let facts = Facts {
            budget: scn.plan.budget.clone(),
            basis,
            burden: scn.assumptions.burden_rate,
            at_projection: match basis {
                BudgetBasis::Cash => eval.team.cash,
                BudgetBasis::Loaded => eval.team.loaded_cost,
            },
            outcome_weight: scn
                .plan
                .components
                .iter()
                .filter(|c| c.kind.is_outcome())
                .map(|c| c.weight)
                .sum(),
            rank_correlation: rank_correlation(scn, eval),
            names: scn.team.iter().map(|c| c.name.clone()).collect(),
            levels,
            level_of,
            fixed: eval.csms.iter().map(|r| r.base + r.spif).collect(),
            ote: eval.csms.iter().map(|r| r.ote).collect(),
            units,
        };
        Simulation {
            acc: Acc::new(n, p.levels),
            p,
            seed,
            keep,
            per_csm: None,
            facts,
        }
    }

    /// The years simulated so far.
    pub fn trials(&self) -> u32 {
        self.acc.team.len() as u32
    }

    /// (CSM × metric × year) cells in one simulated year: what a year costs to simulate.
    pub fn cells_per_year(&self) -> usize {
        self.p.csms.iter().map(|c| c.2.len().max(1)).sum()
    }

    /// Simulates on until `trials` years are done, counting them in `done`. Gives up when
    /// `stop` says so, keeping the runs finished before (each at most [`RUN_CELLS`]);
    /// returns whether it got there.
    pub fn run(&mut self, trials: u32, done: &AtomicU64, stop: Stop) -> bool {
        let per_run = (RUN_CELLS / self.cells_per_year().max(1)).max(1) as u64;
        while self.trials() < trials {
            let from = u64::from(self.trials());
            let to = (from + per_run).min(u64::from(trials));
            match self.run_once(from..to, done, stop) {
                Some(acc) => self.acc.merge(acc),
                None => return false,
            }
        }
        if self.per_csm.is_none() && u64::from(self.trials()) >= self.keep {
            self.per_csm = Some(self.csm_quantiles());
            self.acc.kept = Vec::new();
        }
        true
    }

    /// Trials `range`, split into [`CHUNKS`] fixed chunks that the cores take in turn, and
    /// merged in order.
    fn run_once(&self, range: std::ops::Range<u64>, done: &AtomicU64, stop: Stop) -> Option<Acc> {
        let len = range.end - range.start;
        let bounds: Vec<std::ops::Range<u64>> = (0..CHUNKS as u64)
            .map(|c| {
                range.start + c * len / CHUNKS as u64..range.start + (c + 1) * len / CHUNKS as u64
            })
            .filter(|b| !b.is_empty())
            .collect();
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, bounds.len().max(1));
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut results: Vec<Option<Acc>> = (0..bounds.len()).map(|_| None).collect();
        let (p, seed, keep) = (&self.p, self.seed, self.keep);
        std::thread::scope(|s| {
            let (bounds, next) = (&bounds, &next);
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    s.spawn(move || {
                        let mut mine = Vec::new();
                        loop {
                            let c = next.fetch_add(1, Ordering::Relaxed);
                            let Some(b) = bounds.get(c) else { break };
                            match run_chunk(p, seed, b.clone(), keep, done, stop) {
                                Some(acc) => mine.push((c, acc)),
                                None => break,
                            }
                        }
                        mine
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
        let mut out = Acc::new(p.csms.len(), p.levels);
        for acc in results {
            out.merge(acc?);
        }
        Some(out)
    }

    /// Each CSM's P10, P50 and P90 from the kept totals, and their standard errors.
    fn csm_quantiles(&self) -> CsmQuantiles {
        let n = self.p.csms.len();
        let kept = &self.acc.kept;
        let rows = kept.len().checked_div(n).unwrap_or(0);
        // Each CSM's kept totals, gathered from the trial-major rows 16 CSMs at a time (one
        // cache line of each row per block).
        let mut per_csm: Vec<Vec<u32>> = (0..n).map(|_| Vec::with_capacity(rows)).collect();
        for block in (0..n).step_by(16) {
            let end = (block + 16).min(n);
            for t in 0..rows {
                let row = &kept[t * n..t * n + n];
                for i in block..end {
                    per_csm[i].push(row[i]);
                }
            }
        }
        per_csm
            .into_iter()
            .map(|mut mine| {
                mine.sort_unstable();
                let q = [0.10, 0.50, 0.90];
                (
                    q.map(|x| quantile(&mine, x).unwrap_or(0)),
                    q.map(|x| quantile_se(&mine, x)),
                )
            })
            .collect()
    }

    /// The report on the years simulated so far.
    pub fn report(&self) -> RiskReport {
        let facts = &self.facts;
        let acc = &self.acc;
        let n = self.p.csms.len();
        let trials = self.trials();
        let tn = f64::from(trials.max(1));
        // Team figures in the budget's basis, each trial's loaded cost rounded to the cent.
        let mut cost: Vec<i64> = match facts.basis {
            BudgetBasis::Cash => acc.team.clone(),
            BudgetBasis::Loaded => acc
                .team
                .iter()
                .map(|&c| to_cents(super::eval::loaded(from_cents(c), facts.burden)))
                .collect(),
        };
        cost.sort_unstable();
        let q = |x: f64| from_cents(quantile(&cost, x).unwrap_or(0));
        let qse = |x: f64| from_cents(quantile_se(&cost, x));
        let sum: i128 = cost.iter().map(|&c| i128::from(c)).sum();
        let mean = cents(Decimal::from_i128_with_scale(sum, 2) / Decimal::from(cost.len().max(1)));
        // In dollars.
        let mean_se = {
            let m = sum as f64 / tn;
            let ss: f64 = cost.iter().map(|&c| (c as f64 - m).powi(2)).sum();
            if trials > 1 {
                (ss / (tn - 1.0) / tn).sqrt() / 100.0
            } else {
                0.0
            }
        };
        let budget = facts.budget.clone();
        let p_over_budget = budget.as_ref().map(|b| {
            let limit = to_cents(b.amount);
            let over = cost.iter().filter(|&&c| c > limit).count();
            Decimal::from(over as u64) / Decimal::from(cost.len().max(1) as u64)
        });
        let p_over_budget_se = p_over_budget.map(|p| {
            // A share of 0 or 1 is still known only to about one year in the count.
            let p = p.to_f64().unwrap_or(0.0);
            let floor = 1.0 / tn;
            let p = if trials > 1 {
                p.clamp(floor, 1.0 - floor)
            } else {
                0.5
            };
            se_ratio((p * (1.0 - p) / tn).sqrt())
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
        let pay_histogram = acc
            .pay_hist
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
        let csm_trials = self.keep.min(u64::from(trials)) as u32;
        let computed;
        let per_csm = match &self.per_csm {
            Some(x) => x,
            None => {
                computed = self.csm_quantiles();
                &computed
            }
        };
        let csms: Vec<CsmRisk> = (0..n)
            .map(|i| {
                let (qs, ses) = per_csm.get(i).copied().unwrap_or_default();
                let [p10, p50, p90] = qs.map(|c| from_cents(i64::from(c)));
                let m = acc.moments[i];
                // Cov(outcome, variable) ÷ Var(variable), from exact integer sums.
                let t = i128::from(trials);
                let cov = t * m.cross - i128::from(m.outcome) * i128::from(m.variable);
                let var = t * m.square - i128::from(m.variable) * i128::from(m.variable);
                let share = if var > 0 {
                    (cov as f64 / var as f64).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let ote = facts.ote.get(i).copied().unwrap_or_default();
                CsmRisk {
                    p10,
                    p50,
                    p90,
                    se: ses.map(from_cents),
                    pct_of_ote: if ote.is_zero() {
                        Decimal::ZERO
                    } else {
                        (p50 / ote).round_dp(4)
                    },
                    outcome_share: ratio(share),
                    outcome_weight: facts.outcome_weight,
                    flagged: share > 0.5,
                }
            })
            .collect();
        let leverage = {
            let total: u64 = acc.ratios.iter().sum();
            let rank = ((0.9 * total as f64).ceil() as u64).max(1);
            let mut seen = 0;
            let bin = acc
                .ratios
                .iter()
                .position(|&c| {
                    seen += c;
                    seen >= rank
                })
                .unwrap_or(0);
            Decimal::new(bin as i64, 3)
        };
        // Each health share: the mean of the trials' shares, and its standard error.
        let health_share = |k: usize| {
            let w = facts.units as f64;
            if w <= 0.0 || trials == 0 {
                return (Decimal::ZERO, Decimal::ZERO);
            }
            let (s1, s2) = acc.health[k];
            let mean = s1 as f64 / tn / w;
            let se = if trials > 1 {
                let var = (s2 as f64 - (s1 as f64).powi(2) / tn) / (tn - 1.0) / (w * w);
                (var.max(0.0) / tn).sqrt()
            } else {
                0.0
            };
            (ratio(mean), se_ratio(se))
        };
        let [
            (below, below_se),
            (at_target, at_target_se),
            (at_cap, at_cap_se),
        ] = [0, 1, 2].map(health_share);
        let health = Health {
            below_threshold: below,
            at_or_above_target: at_target,
            at_cap,
            leverage,
        };
        let fairness = Fairness {
            rank_correlation: facts.rank_correlation,
            by_level: self.by_level(&csms),
        };
        let mut warnings = Vec::new();
        health_warnings(&health, &mut warnings);
        let flagged: Vec<&str> = facts
            .names
            .iter()
            .zip(&csms)
            .filter(|(_, r)| r.flagged)
            .map(|(c, _)| c.as_str())
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
        let mean_se = Decimal::from_f64(mean_se).map_or(Decimal::ZERO, cents);
        let gap = gap_sentence(mean, facts.at_projection, mean_se);
        RiskReport {
            trials,
            seed: self.seed,
            budget,
            at_projection: facts.at_projection,
            basis: facts.basis,
            mean,
            p5: q(0.05),
            p10: q(0.10),
            p50: q(0.50),
            p90: q(0.90),
            p95: q(0.95),
            p_over_budget,
            precision: Precision {
                mean: mean_se,
                p5: qse(0.05),
                p10: qse(0.10),
                p50: qse(0.50),
                p90: qse(0.90),
                p95: qse(0.95),
                p_over_budget: p_over_budget_se,
                below_threshold: below_se,
                at_or_above_target: at_target_se,
                at_cap: at_cap_se,
            },
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

    /// Head count, expected cash and the range of median pay as a share of OTE, by level.
    fn by_level(&self, csms: &[CsmRisk]) -> Vec<LevelRisk> {
        let facts = &self.facts;
        let trials = i64::from(self.trials().max(1));
        facts
            .levels
            .iter()
            .enumerate()
            .map(|(k, level)| {
                let members: Vec<usize> = (0..facts.level_of.len())
                    .filter(|&i| facts.level_of[i] == k)
                    .collect();
                // Expected cash: base and SPIFs at projection are exact; the variable is
                // the mean simulated. (The SPIF mean under Poisson is the projection, up to
                // limits.)
                let cash: Decimal = members
                    .iter()
                    .map(|&i| {
                        let variable = Decimal::from(self.acc.moments[i].variable)
                            / Decimal::from(trials)
                            / Decimal::ONE_HUNDRED;
                        cents(facts.fixed[i] + variable)
                    })
                    .sum();
                let (s1, s2) = self.acc.levels.get(k).copied().unwrap_or_default();
                let t = trials as f64;
                let cash_se = if trials > 1 {
                    let var = (s2 as f64 - (s1 as f64).powi(2) / t) / (t - 1.0);
                    Decimal::from_f64((var.max(0.0) / t).sqrt() / 100.0)
                        .map_or(Decimal::ZERO, cents)
                } else {
                    Decimal::ZERO
                };
                let shares: Vec<Decimal> = members.iter().map(|&i| csms[i].pct_of_ote).collect();
                let lo = shares.iter().copied().min().unwrap_or_default();
                let hi = shares.iter().copied().max().unwrap_or_default();
                LevelRisk {
                    level: level.clone(),
                    csms: members.len(),
                    cash,
                    cash_se,
                    pct_of_ote: (lo, hi),
                }
            })
            .collect()
    }
}

/// One sentence on the gap between the expected cost and the cost at the projections, the
/// gap rounded to what the mean's standard error `se` allows.
fn gap_sentence(mean: Decimal, at: Decimal, se: Decimal) -> String {
    use crate::num::money_rounded;
    let d = mean - at;
    if d.is_zero() {
        "The expected cost equals the cost at the projections: nothing about this plan bends the average.".into()
    } else if d.abs() < se * Decimal::TWO {
        format!(
            "The expected cost is within the simulation's precision (± {}) of the cost at the projections: more simulated years would tell whether the curves bend the average up or down.",
            money_rounded(se, se)
        )
    } else if d.is_sign_positive() {
        format!(
            "The expected cost is {} above the cost at the projections: accelerators pay more for a good year than thresholds and caps save in a bad one.",
            money_rounded(d, se)
        )
    } else {
        format!(
            "The expected cost is {} below the cost at the projections: caps and thresholds cut more from good and bad years than accelerators add.",
            money_rounded(-d, se)
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
