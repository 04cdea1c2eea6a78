//! Cost risk: what the plan may cost, how its pay is spread, and who it rewards — a Monte
//! Carlo simulation of the team's year around the projections. The rules are in
//! docs/risk.md.
//!
//! Each CSM's projected attainment on each metric varies by the metric's spread, a
//! standard deviation in points of attainment, made of a team-wide common factor (the
//! correlation share of the variance) and the CSM's own variation, never below 0. SPIF
//! counts vary as Poisson counts around the projection, up to their event limits. A
//! projection assumed at target (a CSM with none) varies like any other. A metric with no
//! spread (or a missing projection the plan counts at 0%) keeps the exact engine's payout,
//! so with every spread at zero each trial is the deterministic evaluation to the cent.
//!
//! The simulation uses f64 inside (it is an estimate) and counts money in integer cents.
//! Trial t draws from its own xoshiro256++ generator seeded from (seed, t), and what the
//! trials add up is all integers, merged in trial order: the same scenario and seed give the
//! same figures whatever the number of cores, and a [`Simulation`] taken further step by
//! step ends where one run of as many trials does. Each simulated figure carries its
//! standard error ([`Precision`]).

use super::eval::{Evaluation, TeamInputs, split_pay};
use super::evaluate::evaluate_with;
use super::model::{Beyond, Budget, BudgetBasis, Curve, RiskSettings, Scenario, TierMode};
use super::shape::Shape;
use crate::num::cents;
use rand::SeedableRng;
use rand_distr::{Distribution, Poisson, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use std::sync::atomic::{AtomicU64, Ordering};

mod curve;
mod report;
mod trials;
mod words;
use curve::*;
pub use report::{CsmRisk, Fairness, Health, LevelRisk, Precision, RiskReport};
use trials::*;
use words::*;

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
    /// CSMs with no projection for some metric, and the plan's rule for them.
    assumed: (usize, crate::engine::MissingProjection),
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
            assumed: (eval.assumed_csms, scn.plan.missing_projections),
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
        let (assumed, rule) = facts.assumed;
        if assumed > 0 {
            // Missing data must not read as the plan's risk.
            warnings.push((
                "assumed-projections",
                format!(
                    "{} no projection for some metrics and {} {}, so this spread rests on assumed values, not on data: import actuals or projections for a real one",
                    if assumed == 1 {
                        "1 CSM has".to_string()
                    } else {
                        format!("{} CSMs have", crate::num::count(assumed as u64))
                    },
                    if assumed == 1 { "is" } else { "are" },
                    match rule {
                        crate::engine::MissingProjection::AtTarget => {
                            "simulated around target"
                        }
                        crate::engine::MissingProjection::AtZero => "counted at 0% in every year",
                    }
                ),
            ));
        }
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
