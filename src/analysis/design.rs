//! The plan optimiser (docs/design.md): the plan, among the values of a few free parameters,
//! that meets every constraint and is best by an objective — closest to the current plan,
//! most pay on what CSMs control, or the smallest largest loss for any CSM.
//!
//! **Method.** A deterministic grid search. Each free parameter takes the values of its
//! slider from its low to its high end in slider steps (and its current value). When all the
//! combinations number at most [`MAX_PLANS`], every one is evaluated: the answer is the
//! brute-force optimum over that grid. When there are more, each parameter is sampled at
//! evenly spaced points (the ends and the current value among them) so the combinations stay
//! within [`MAX_PLANS`], and the best plan found is then improved one slider step at a time,
//! parameter by parameter, while a step makes it better and keeps it feasible. Every plan
//! is the engine's, to the cent; plans are compared by their deterministic figures first,
//! and a simulated constraint (P50, P90, leverage) is checked, best plan first, only on plans
//! that meet all the others, each with the same trials and seed: at most
//! [`MAX_SIMULATIONS`] of them, skipping a plan whose cash plus its predicted gap to the
//! simulated figure (its target variable × the largest gap-to-target-variable ratio seen
//! so far) is over the budget. A grid search is slower than
//! a clever one, but it needs no smoothness (payout curves have steps and caps), cannot be
//! trapped by a local optimum on the grid, and gives the same answer every time.
//!
//! Owns: the search and the constraints' figures. Must not: do I/O or format text.

use crate::engine::eval::TeamInputs;
use crate::engine::evaluate::evaluate_with;
use crate::engine::params::Param;
use crate::engine::{Evaluation, RiskSettings, Scenario};
use rust_decimal::Decimal;

/// At most this many plans are evaluated on the grid (before the local steps).
pub const MAX_PLANS: usize = 2_000;

/// At most this many plans are simulated for the simulated constraints.
pub const MAX_SIMULATIONS: usize = 16;

/// What a budget is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budgeted {
    Cash,
    Loaded,
    P50,
    P90,
}

impl Budgeted {
    pub fn name(self) -> &'static str {
        match self {
            Budgeted::Cash => "cash",
            Budgeted::Loaded => "loaded cost",
            Budgeted::P50 => "P50 of cash",
            Budgeted::P90 => "P90 of cash",
        }
    }
    fn simulated(self) -> bool {
        matches!(self, Budgeted::P50 | Budgeted::P90)
    }
}

/// One constraint, each optional on the command line.
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    /// The figure at or under the amount.
    Budget(Budgeted, Decimal),
    /// The share of CSMs paid at or above their target variable, within (low, high).
    AtTarget(Decimal, Decimal),
    /// The share of CSM results below a metric's threshold, at most this.
    BelowThreshold(Decimal),
    /// Leverage, (P90 of team cash − base) ÷ target variable, at most this (simulated).
    Leverage(Decimal),
    /// Controllable metrics' share of the variable weight, at least this.
    Controllable(Decimal),
    /// No CSM's pay at the projections falls by more than this share against the current
    /// plan.
    MaxLoss(Decimal),
    /// Every variable share (the plan's and the levels') within (low, high).
    VariableShare(Decimal, Decimal),
}

impl Constraint {
    fn simulated(&self) -> bool {
        match self {
            Constraint::Budget(b, _) => b.simulated(),
            Constraint::Leverage(_) => true,
            _ => false,
        }
    }

    /// The constraint in words: "cash ≤ $1,600,000.00".
    pub fn words(&self) -> String {
        use crate::num::{money, pct_exact, plain};
        match self {
            Constraint::Budget(b, v) => format!("{} ≤ {}", b.name(), money(*v)),
            Constraint::AtTarget(lo, hi) => format!(
                "CSMs paid at or above target: {}–{}",
                pct_exact(*lo),
                pct_exact(*hi)
            ),
            Constraint::BelowThreshold(v) => {
                format!("results below threshold ≤ {}", pct_exact(*v))
            }
            Constraint::Leverage(v) => format!("leverage (P90 variable ÷ target) ≤ {}", plain(*v)),
            Constraint::Controllable(v) => {
                format!(
                    "controllable metrics' share of variable ≥ {}",
                    pct_exact(*v)
                )
            }
            Constraint::MaxLoss(v) => format!("no CSM loses more than {}", pct_exact(*v)),
            Constraint::VariableShare(lo, hi) => format!(
                "variable shares within {}–{}",
                pct_exact(*lo),
                pct_exact(*hi)
            ),
        }
    }
}

/// What makes one feasible plan better than another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// The fewest slider steps from the current plan (then the lower cash).
    #[default]
    Closest,
    /// The largest share of variable weight on controllable metrics (then the fewest steps).
    Controllable,
    /// The smallest largest loss of pay for any CSM (then the fewest steps).
    SmallestLoss,
}

/// A free parameter and the values it may take.
#[derive(Debug, Clone, PartialEq)]
pub struct Free {
    pub param: Param,
    pub low: Decimal,
    pub high: Decimal,
}

/// A constraint's figure on a plan and its margin (positive: met by that much).
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub constraint: Constraint,
    pub value: Decimal,
    pub margin: Decimal,
}

impl Checked {
    pub fn met(&self) -> bool {
        self.margin >= Decimal::ZERO
    }
}

/// A plan the search looked at.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub values: Vec<Decimal>,
    /// The plan itself: kept for the plans reported, not for every plan looked at.
    pub scenario: Option<Scenario>,
    pub cash: Decimal,
    /// The team's target variable pay.
    pub target_variable: Decimal,
    pub checks: Vec<Checked>,
    /// Slider steps from the current plan.
    pub steps: Decimal,
    pub controllable: Decimal,
    pub largest_loss: Decimal,
}

impl Candidate {
    pub fn feasible(&self) -> bool {
        self.checks.iter().all(Checked::met)
    }
}

/// The answer: the best feasible plan, or none and the closest plan with what binds.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    pub best: Option<Candidate>,
    /// With no feasible plan: the plan that misses the constraints by the least.
    pub closest: Option<Candidate>,
    /// How many plans were evaluated, and whether every grid combination was.
    pub evaluated: usize,
    pub exhaustive: bool,
    /// The simulation's trials and seed, when a constraint is simulated.
    pub risk: Option<(u32, u64)>,
    /// How many plans were simulated.
    pub simulations: usize,
}

impl Design {
    /// With no plan meeting every constraint: the constraints the closest plan misses, in
    /// words (empty when every combination was refused).
    pub fn binding(&self) -> Vec<String> {
        self.closest
            .iter()
            .flat_map(|c| c.checks.iter().filter(|x| !x.met()))
            .map(|x| x.constraint.words())
            .collect()
    }
}

/// The controllable metrics' share of the variable weight: annual weights, and per-period
/// weights averaged over the periods by their share of target variable.
pub fn controllable_share(scn: &Scenario) -> Decimal {
    let plan = &scn.plan;
    let shares: Vec<Decimal> = if plan.has_periods() {
        plan.periods.iter().map(|p| p.share()).collect()
    } else {
        vec![Decimal::ONE]
    };
    let ids: Vec<Option<String>> = if plan.has_periods() {
        plan.periods.iter().map(|p| Some(p.id.clone())).collect()
    } else {
        vec![None]
    };
    plan.components
        .iter()
        .filter(|c| !c.kind.is_outcome())
        .map(|c| {
            shares
                .iter()
                .zip(&ids)
                .map(|(s, id)| match id {
                    Some(id) => *s * c.weight_in(id),
                    None => *s * c.weight,
                })
                .sum::<Decimal>()
        })
        .sum()
}

/// Every variable share of a plan: the plan's and its levels'.
fn variable_shares(scn: &Scenario) -> Vec<Decimal> {
    std::iter::once(scn.plan.mix.variable_share)
        .chain(scn.plan.level_mix.values().map(|m| m.variable_share))
        .collect()
}

/// The search's fixed inputs.
pub struct Problem<'a> {
    pub scn: &'a Scenario,
    pub free: Vec<Free>,
    pub constraints: Vec<Constraint>,
    pub objective: Objective,
    /// Settings, trials and seed of the simulated constraints.
    pub risk: (RiskSettings, u32, u64),
}

impl Problem<'_> {
    /// The grid values of each free parameter: its slider steps from low to high, or,
    /// coarsened, evenly spaced points; the current value among them.
    fn grid(&self, coarse: bool) -> Vec<Vec<Decimal>> {
        let d = self.free.len().max(1) as f64;
        let per = (MAX_PLANS as f64).powf(1.0 / d).floor().max(2.0) as usize;
        self.free
            .iter()
            .map(|f| {
                let step = f.param.step(self.scn);
                let mut v = Vec::new();
                let mut x = f.low;
                while x <= f.high && v.len() <= 100_000 {
                    v.push(x);
                    x += step;
                }
                if v.last() != Some(&f.high) {
                    v.push(f.high);
                }
                if coarse && v.len() > per {
                    let n = v.len() - 1;
                    v = (0..per).map(|i| v[i * n / (per - 1)]).collect();
                }
                if let Some(now) = f.param.get(self.scn)
                    && now >= f.low
                    && now <= f.high
                    && !v.contains(&now)
                {
                    v.push(now);
                    v.sort();
                }
                v
            })
            .collect()
    }

    /// The plan with the free parameters at `values`, or `None` when the plan refuses one
    /// or applying one moves another away from its value (weights that rebalance).
    fn plan_at(&self, s: &mut Scenario, inputs: &TeamInputs, values: &[Decimal]) -> Option<()> {
        let locks: Vec<bool> = self
            .scn
            .plan
            .components
            .iter()
            .map(|c| c.weight_locked)
            .collect();
        s.plan = self.scn.plan.clone();
        s.assumptions = self.scn.assumptions.clone();
        for (f, v) in self.free.iter().zip(values) {
            f.param.apply(s, inputs, Some(*v), &locks).ok()?;
        }
        self.free
            .iter()
            .zip(values)
            .all(|(f, v)| f.param.get(s) == Some(*v))
            .then_some(())
    }

    /// The plan at `values`, with the team.
    pub fn scenario_at(&self, values: &[Decimal]) -> Option<Scenario> {
        let mut s = self.scn.clone();
        self.plan_at(&mut s, &TeamInputs::new(self.scn), values)?;
        Some(s)
    }

    /// A plan's deterministic figures and checks; simulated checks are left for later
    /// (counted as met).
    fn candidate(
        &self,
        work: &mut Scenario,
        inputs: &TeamInputs,
        now: &Evaluation,
        values: &[Decimal],
    ) -> Option<Candidate> {
        self.plan_at(work, inputs, values)?;
        let s = &*work;
        let e = evaluate_with(s, inputs, s.assumptions.attainment_scale);
        let n = Decimal::from(s.team.len().max(1));
        let largest_loss = now
            .csms
            .iter()
            .zip(&e.csms)
            .filter(|(a, _)| a.total > Decimal::ZERO)
            .map(|(a, b)| ((a.total - b.total) / a.total).max(Decimal::ZERO))
            .max()
            .unwrap_or(Decimal::ZERO);
        let controllable = controllable_share(s);
        let steps = self
            .free
            .iter()
            .zip(values)
            .map(|(f, v)| {
                let was = f.param.get(self.scn).unwrap_or(f.low);
                ((*v - was).abs() / f.param.step(self.scn)).round_dp(6)
            })
            .sum();
        let checks = self
            .constraints
            .iter()
            .map(|c| {
                let (value, margin) = match c {
                    Constraint::Budget(b, amount) => {
                        let v = match b {
                            Budgeted::Loaded => e.team.loaded_cost,
                            _ => e.team.cash,
                        };
                        // Simulated figures are measured later.
                        (
                            v,
                            if b.simulated() {
                                Decimal::ZERO
                            } else {
                                *amount - v
                            },
                        )
                    }
                    Constraint::AtTarget(lo, hi) => {
                        let at = Decimal::from(
                            e.csms
                                .iter()
                                .filter(|r| r.variable >= r.target_variable)
                                .count(),
                        ) / n;
                        (at, (at - lo).min(*hi - at))
                    }
                    Constraint::BelowThreshold(most) => {
                        let results = Decimal::from((e.stride * s.team.len()).max(1));
                        let below =
                            Decimal::from(e.below_threshold.iter().sum::<usize>()) / results;
                        (below, *most - below)
                    }
                    Constraint::Leverage(_) => (Decimal::ZERO, Decimal::ZERO),
                    Constraint::Controllable(least) => (controllable, controllable - least),
                    Constraint::MaxLoss(most) => (largest_loss, *most - largest_loss),
                    Constraint::VariableShare(lo, hi) => {
                        let v = variable_shares(s);
                        let low = v.iter().copied().min().unwrap_or(Decimal::ZERO);
                        let high = v.iter().copied().max().unwrap_or(Decimal::ZERO);
                        (
                            if low < *lo { low } else { high },
                            (low - lo).min(*hi - high),
                        )
                    }
                };
                Checked {
                    constraint: c.clone(),
                    value,
                    margin,
                }
            })
            .collect();
        Some(Candidate {
            values: values.to_vec(),
            cash: e.team.cash,
            target_variable: e.team.target_variable,
            scenario: None,
            checks,
            steps,
            controllable,
            largest_loss,
        })
    }

    /// Fills in the simulated checks of a candidate.
    fn simulate(&self, c: &mut Candidate) {
        if !self.constraints.iter().any(Constraint::simulated) {
            return;
        }
        let Some(s) = self.scenario_at(&c.values) else {
            return;
        };
        let (settings, trials, seed) = &self.risk;
        let r = crate::engine::risk::simulate(&s, settings, *trials, *seed);
        let e = crate::engine::evaluate(&s);
        for ch in &mut c.checks {
            match &ch.constraint {
                Constraint::Budget(Budgeted::P50, amount) => {
                    ch.value = r.p50;
                    ch.margin = *amount - r.p50;
                }
                Constraint::Budget(Budgeted::P90, amount) => {
                    ch.value = r.p90;
                    ch.margin = *amount - r.p90;
                }
                Constraint::Leverage(most) => {
                    let tv = e.team.target_variable;
                    let v = if tv.is_zero() {
                        Decimal::ZERO
                    } else {
                        ((r.p90 - e.team.base) / tv).round_dp(4)
                    };
                    ch.value = v;
                    ch.margin = *most - v;
                }
                _ => {}
            }
        }
    }

    /// Orders feasible plans: the best first.
    fn key(&self, c: &Candidate) -> (Decimal, Decimal, Decimal) {
        match self.objective {
            Objective::Closest => (c.steps, c.cash, Decimal::ZERO),
            Objective::Controllable => (-c.controllable, c.steps, c.cash),
            Objective::SmallestLoss => (c.largest_loss, c.steps, c.cash),
        }
    }

    /// How far a plan misses its constraints, each miss relative to its size.
    fn shortfall(c: &Candidate) -> Decimal {
        c.checks
            .iter()
            .filter(|x| !x.met())
            .map(|x| {
                let scale = match &x.constraint {
                    Constraint::Budget(_, v) => v.abs().max(Decimal::ONE),
                    _ => Decimal::ONE,
                };
                -x.margin / scale
            })
            .sum()
    }
}

/// Searches the plan (see the module's notes on the method).
pub fn design(p: &Problem) -> Design {
    let inputs = TeamInputs::new(p.scn);
    let now = evaluate_with(p.scn, &inputs, p.scn.assumptions.attainment_scale);
    let full = p.grid(false);
    let total: usize = full
        .iter()
        .map(Vec::len)
        .try_fold(1usize, |a, n| a.checked_mul(n))
        .unwrap_or(usize::MAX);
    let exhaustive = total <= MAX_PLANS;
    let grid = if exhaustive { full } else { p.grid(true) };
    let mut evaluated = 0usize;
    let mut candidates = Vec::new();
    let mut work = p.scn.clone();
    let combinations: usize = grid.iter().map(Vec::len).product();
    for n in 0..combinations {
        // The n-th combination, the last parameter fastest.
        let mut rest = n;
        let mut values = vec![Decimal::ZERO; grid.len()];
        for (k, g) in grid.iter().enumerate().rev() {
            values[k] = g[rest % g.len()];
            rest /= g.len();
        }
        evaluated += 1;
        if let Some(c) = p.candidate(&mut work, &inputs, &now, &values) {
            candidates.push(c);
        }
    }
    // Best first among those meeting the deterministic constraints; the simulated ones are
    // checked in that order until one holds.
    let mut feasible: Vec<&Candidate> = candidates.iter().filter(|c| c.feasible()).collect();
    feasible.sort_by(|a, b| p.key(a).cmp(&p.key(b)).then(a.values.cmp(&b.values)));
    let mut sims = Simulations::new(p);
    let mut best = None;
    for c in &feasible {
        if sims.spent() {
            break;
        }
        if let Some(c) = sims.check(p, c) {
            best = Some(c);
            break;
        }
    }
    // None passed in the objective's order: the simulations left go to the plans with the
    // most room under the simulated budget as predicted, and the best of those that pass
    // is taken.
    if best.is_none() && sims.any && !sims.spent() {
        let mut by_room: Vec<&&Candidate> = feasible.iter().collect();
        by_room.sort_by(|a, b| {
            sims.predicted(b)
                .cmp(&sims.predicted(a))
                .then(p.key(a).cmp(&p.key(b)))
        });
        let mut passed: Vec<Candidate> = Vec::new();
        for c in by_room {
            if sims.spent() {
                break;
            }
            if sims.tried.iter().any(|t| t.values == c.values) {
                continue;
            }
            sims.skip = false;
            if let Some(c) = sims.check(p, c) {
                passed.push(c);
            }
        }
        best = passed
            .into_iter()
            .min_by(|a, b| p.key(a).cmp(&p.key(b)).then(a.values.cmp(&b.values)));
    }
    // Beyond the grid: one slider step at a time while it helps.
    if !exhaustive && let Some(mut b) = best.clone() {
        let mut improved = true;
        while improved {
            improved = false;
            for (k, f) in p.free.iter().enumerate() {
                for dir in [-1i64, 1] {
                    let mut v = b.values.clone();
                    v[k] += f.param.step(p.scn) * Decimal::from(dir);
                    if v[k] < f.low || v[k] > f.high {
                        continue;
                    }
                    evaluated += 1;
                    let Some(c) = p.candidate(&mut work, &inputs, &now, &v) else {
                        continue;
                    };
                    if !c.feasible() || p.key(&c) >= p.key(&b) || sims.spent() {
                        continue;
                    }
                    if let Some(c) = sims.check(p, &c) {
                        b = c;
                        improved = true;
                    }
                }
            }
        }
        best = Some(b);
    }
    // With no answer: the plan that misses the least, among those simulated when a
    // simulated constraint is what failed them.
    let closest = match best {
        Some(_) => None,
        None => {
            let pool: Vec<&Candidate> = if sims.tried.is_empty() {
                candidates.iter().collect()
            } else {
                sims.tried.iter().collect()
            };
            pool.into_iter()
                .min_by(|a, b| {
                    Problem::shortfall(a)
                        .cmp(&Problem::shortfall(b))
                        .then(p.key(a).cmp(&p.key(b)))
                })
                .cloned()
                .map(|mut c| {
                    if sims.tried.is_empty() {
                        p.simulate(&mut c);
                    }
                    c
                })
        }
    };
    let with_plan = |c: Option<Candidate>| {
        c.map(|mut c| {
            c.scenario = p.scenario_at(&c.values);
            c
        })
    };
    Design {
        best: with_plan(best),
        closest: with_plan(closest),
        evaluated,
        exhaustive,
        risk: p
            .constraints
            .iter()
            .any(Constraint::simulated)
            .then_some((p.risk.1, p.risk.2)),
        simulations: sims.count,
    }
}

/// The simulations a search spends: at most [`MAX_SIMULATIONS`], skipping a plan whose
/// cash plus its predicted gap to the simulated budget figure is over the budget: the gap
/// is the plan's target variable times the largest ratio of gap to target variable seen
/// so far (the spread of a team's cost grows with its variable pay; the largest ratio
/// spends the simulations on plans likely to pass, at the risk of passing over a plan a
/// little better).
struct Simulations {
    count: usize,
    /// The largest (simulated figure − cash) ÷ target variable seen.
    ratio: Option<Decimal>,
    /// The simulated budget, if any: (figure, amount).
    budget: Option<Decimal>,
    /// Plans simulated and found to miss.
    tried: Vec<Candidate>,
    any: bool,
    /// Skip plans predicted to fail.
    skip: bool,
}

impl Simulations {
    fn new(p: &Problem) -> Simulations {
        Simulations {
            count: 0,
            ratio: None,
            budget: p.constraints.iter().find_map(|c| match c {
                Constraint::Budget(b, amount) if b.simulated() => Some(*amount),
                _ => None,
            }),
            tried: Vec::new(),
            any: p.constraints.iter().any(Constraint::simulated),
            skip: true,
        }
    }

    /// The predicted room under the simulated budget (larger is safer); 0 without one.
    fn predicted(&self, c: &Candidate) -> Decimal {
        match self.budget {
            Some(amount) => {
                amount - c.cash - self.ratio.unwrap_or(Decimal::ZERO) * c.target_variable
            }
            None => Decimal::ZERO,
        }
    }

    fn spent(&self) -> bool {
        self.any && self.count >= MAX_SIMULATIONS
    }

    /// The plan with its simulated checks, when it meets them all.
    fn check(&mut self, p: &Problem, c: &Candidate) -> Option<Candidate> {
        if !self.any {
            return Some(c.clone());
        }
        if let (true, Some(k), Some(amount)) = (self.skip, self.ratio, self.budget)
            && c.cash + k * c.target_variable > amount
        {
            return None;
        }
        let mut c = c.clone();
        p.simulate(&mut c);
        self.count += 1;
        if let Some(ch) = c
            .checks
            .iter()
            .find(|x| matches!(&x.constraint, Constraint::Budget(b, _) if b.simulated()))
            && !c.target_variable.is_zero()
        {
            let k = (ch.value - c.cash) / c.target_variable;
            self.ratio = Some(self.ratio.map_or(k, |x| x.max(k)));
        }
        if c.feasible() {
            Some(c)
        } else {
            self.tried.push(c);
            None
        }
    }
}

/// A design problem as typed: the command line's flags, or the app's prompt
/// ([`Request::from_words`]). Errors name the flag.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    pub free: Vec<String>,
    pub budget: Option<String>,
    pub figure: Option<String>,
    pub at_target: Option<String>,
    pub below_threshold: Option<String>,
    pub leverage: Option<String>,
    pub controllable: Option<String>,
    pub max_loss: Option<String>,
    pub variable_share: Option<String>,
    pub objective: Option<String>,
    pub trials: Option<u32>,
    pub seed: Option<u64>,
}

fn pct_arg(flag: &str, t: &str) -> Result<Decimal, String> {
    crate::num::parse_pct(t, Decimal::ONE).map_err(|e| format!("--{flag} {t}: {}", e.0))
}

/// `55%..70%`.
fn range_arg(flag: &str, t: &str) -> Result<(Decimal, Decimal), String> {
    let (a, b) = t
        .split_once("..")
        .ok_or_else(|| format!("--{flag} {t}: give a range, e.g. 55%..70%"))?;
    let (lo, hi) = (pct_arg(flag, a)?, pct_arg(flag, b)?);
    if lo > hi {
        return Err(format!("--{flag} {t}: the low end is above the high end"));
    }
    Ok((lo, hi))
}

/// `grr.cap`, `grr.cap=120%..200%`: the parameter and its range (its slider's by default).
fn free_arg(scn: &Scenario, t: &str) -> Result<Free, String> {
    let (path, range) = match t.split_once('=') {
        Some((p, r)) => (p, Some(r)),
        None => (t, None),
    };
    let param = Param::from_path(scn, path).map_err(|e| format!("--free {t}: {e}"))?;
    if param.is_toggle() || matches!(param, Param::AsOf | Param::Budget) {
        return Err(format!(
            "--free {t}: {} is a setting, not a number to search",
            param.label(scn).trim()
        ));
    }
    let (mut low, mut high) = param.range(scn);
    if let Some(r) = range {
        let (a, b) = r.split_once("..").ok_or_else(|| {
            format!("--free {t}: give the range as LOW..HIGH, e.g. {path}=20%..30%")
        })?;
        let read = |x: &str| -> Result<Decimal, String> {
            param
                .parse(scn, x)
                .map_err(|e| format!("--free {t}: {e}"))?
                .ok_or_else(|| format!("--free {t}: `{x}` is not a value"))
        };
        (low, high) = (read(a)?, read(b)?);
        if low > high {
            return Err(format!("--free {t}: the low end is above the high end"));
        }
    }
    Ok(Free { param, low, high })
}

impl Request {
    /// Reads the app's prompt: parameter paths (each optionally `=LOW..HIGH`) are free, and
    /// `budget 1.6M`, `for p90`, `at-target 55%..70%`, `below-threshold 10%`,
    /// `leverage 1.5`, `controllable 50%`, `max-loss 5%`, `variable-share 20%..30%`,
    /// `objective controllable` set the rest (the command line's flags without `--`).
    pub fn from_words(text: &str) -> Result<Request, String> {
        let mut r = Request::default();
        let mut words = text.split_whitespace();
        while let Some(w) = words.next() {
            // Keywords are written with hyphens: `variable_share` is the parameter,
            // `variable-share` the constraint.
            let key = w.trim_start_matches('-').to_lowercase();
            let slot = match key.as_str() {
                "budget" => &mut r.budget,
                "for" => &mut r.figure,
                "at-target" => &mut r.at_target,
                "below-threshold" => &mut r.below_threshold,
                "leverage" => &mut r.leverage,
                "controllable" => &mut r.controllable,
                "max-loss" => &mut r.max_loss,
                "variable-share" => &mut r.variable_share,
                "objective" => &mut r.objective,
                "free" => {
                    let v = words.next().ok_or("`free` needs a parameter path")?;
                    r.free.push(v.to_string());
                    continue;
                }
                _ => {
                    r.free.push(w.to_string());
                    continue;
                }
            };
            let v = words
                .next()
                .ok_or_else(|| format!("`{w}` needs a value, e.g. {w} 50%"))?;
            *slot = Some(v.to_string());
        }
        Ok(r)
    }

    /// The problem the request describes, or what is wrong with it.
    pub fn problem<'a>(&self, scn: &'a Scenario) -> Result<Problem<'a>, String> {
        if self.free.is_empty() {
            return Err(
                "give at least one free parameter to search (its path, e.g. variable_share)".into(),
            );
        }
        let free = self
            .free
            .iter()
            .map(|t| free_arg(scn, t))
            .collect::<Result<Vec<_>, _>>()?;
        for (i, f) in free.iter().enumerate() {
            if free[..i].iter().any(|g| g.param == f.param) {
                return Err(format!("--free {}: given twice", f.param.path(scn)));
            }
        }
        let mut constraints = Vec::new();
        let figure = match self.figure.as_deref() {
            None => match scn.plan.budget.as_ref().map(|b| b.basis) {
                Some(crate::engine::BudgetBasis::Loaded) => Budgeted::Loaded,
                _ => Budgeted::Cash,
            },
            Some("cash") => Budgeted::Cash,
            Some("loaded") => Budgeted::Loaded,
            Some("p50") => Budgeted::P50,
            Some("p90") => Budgeted::P90,
            Some(x) => {
                return Err(format!(
                    "--for {x}: the budget is for cash, loaded, p50 or p90"
                ));
            }
        };
        let budget = match &self.budget {
            Some(t) => Some(
                crate::analysis::solve::parse_budget_in(
                    crate::analysis::solve::Figure::Cash,
                    t,
                    scn.plan.currency(),
                )
                .map_err(|e| format!("--budget {e}"))?,
            ),
            None => scn.plan.budget.as_ref().map(|b| b.amount),
        };
        match budget {
            Some(b) => constraints.push(Constraint::Budget(figure, b)),
            None if self.figure.is_some() => {
                return Err("--for needs --budget (or a budget in the plan)".into());
            }
            None => {}
        }
        if let Some(t) = &self.at_target {
            let (lo, hi) = range_arg("at-target", t)?;
            constraints.push(Constraint::AtTarget(lo, hi));
        }
        if let Some(t) = &self.below_threshold {
            constraints.push(Constraint::BelowThreshold(pct_arg("below-threshold", t)?));
        }
        if let Some(t) = &self.leverage {
            let v = crate::num::parse_decimal_in(t, scn.plan.currency())
                .map_err(|e| format!("--leverage {t}: {}", e.0))?;
            constraints.push(Constraint::Leverage(v));
        }
        if let Some(t) = &self.controllable {
            constraints.push(Constraint::Controllable(pct_arg("controllable", t)?));
        }
        if let Some(t) = &self.max_loss {
            constraints.push(Constraint::MaxLoss(pct_arg("max-loss", t)?));
        }
        if let Some(t) = &self.variable_share {
            let (lo, hi) = range_arg("variable-share", t)?;
            constraints.push(Constraint::VariableShare(lo, hi));
        }
        let objective = match self.objective.as_deref() {
            None | Some("closest") => Objective::Closest,
            Some("controllable") => Objective::Controllable,
            Some("smallest-loss") | Some("smallest_loss") => Objective::SmallestLoss,
            Some(x) => {
                return Err(format!(
                    "--objective {x}: choose closest, controllable or smallest-loss"
                ));
            }
        };
        let settings = scn.assumptions.risk.clone().unwrap_or_default();
        let trials = self.trials.unwrap_or(settings.trials.min(2_000));
        let seed = self.seed.unwrap_or(settings.seed);
        Ok(Problem {
            scn,
            free,
            constraints,
            objective,
            risk: (settings, trials, seed),
        })
    }
}
