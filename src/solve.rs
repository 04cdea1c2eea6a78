//! Goal seek for a plan: the value of one parameter that brings a team figure (cash, loaded
//! cost, planned cost, cost as % of book ARR) as close to a budget as possible without going
//! over it. Every figure comes from the exact engine; only the search is a search.
//!
//! The search never assumes the figure is monotone in the parameter: it scans the whole
//! range at a few points, then narrows every place where the figure crosses the budget
//! (bisection on the parameter's own grid) and the neighbourhood of the best point found,
//! and keeps the best value seen. See docs/parameters.md.

use crate::engine::eval::{TeamInputs, evaluate_with};
use crate::engine::{Scenario, TeamResult};
use crate::tui::params::{Kind, Param};
use rust_decimal::Decimal;

/// The team figure a budget is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Base + variable + SPIFs.
    Cash,
    /// Cash × (1 + burden rate).
    Loaded,
    /// Cash with every metric at exactly 100% attainment.
    Planned,
    /// Loaded cost as a fraction of the team's book ARR.
    CostPctOfArr,
    /// The median simulated team cost (cash, or loaded when the plan's budget is for
    /// loaded cost), from the scenario's risk settings and seed (docs/risk.md).
    P50,
    /// The 90th percentile of the simulated team cost.
    P90,
}

impl Figure {
    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Figure::Cash => "cash",
            Figure::Loaded => "loaded",
            Figure::Planned => "planned",
            Figure::CostPctOfArr => "cost_pct_of_arr",
            Figure::P50 => "p50",
            Figure::P90 => "p90",
        }
    }

    /// The figure of a team result.
    pub fn of(self, t: &TeamResult) -> Decimal {
        match self {
            Figure::Cash => t.cash,
            Figure::Loaded => t.loaded_cost,
            Figure::Planned => t.planned_cost,
            Figure::CostPctOfArr => t.cost_pct_of_arr,
            // Simulated figures are measured in `Search::at`; this is the cost at the
            // projections, their deterministic counterpart.
            Figure::P50 | Figure::P90 => t.cash,
        }
    }

    /// The figure a name means: `cash`, `loaded`, `planned`, `cost_pct_of_arr`.
    pub fn from_name(name: &str) -> Result<Figure, String> {
        match name {
            "cash" => Ok(Figure::Cash),
            "loaded" => Ok(Figure::Loaded),
            "planned" => Ok(Figure::Planned),
            "cost_pct_of_arr" => Ok(Figure::CostPctOfArr),
            "p50" => Ok(Figure::P50),
            "p90" => Ok(Figure::P90),
            _ => Err(format!(
                "`{name}` is not a figure to solve for; use cash, loaded, planned, cost_pct_of_arr, p50 or p90"
            )),
        }
    }

    /// True for a ratio (budget and figure as fractions), false for money.
    pub fn is_ratio(self) -> bool {
        self == Figure::CostPctOfArr
    }
}

/// A budget as typed: money for cash, loaded and planned (`1600000`, `$1,600,000`); a
/// percentage for cost_pct_of_arr (`3.5%` or `0.035`). The error starts with the text.
pub fn parse_budget(figure: Figure, text: &str) -> Result<Decimal, String> {
    let v = crate::num::parse_decimal(text).map_err(|e| format!("{text}: {}", e.0))?;
    if v.is_sign_negative() {
        return Err(format!("{text}: a budget cannot be negative"));
    }
    if !figure.is_ratio() && text.trim_end().ends_with('%') {
        return Err(format!(
            "{text}: {} is money, e.g. 1600000 or $1,600,000",
            figure.name()
        ));
    }
    Ok(v)
}

/// The grid a parameter is solved on: its range and its step (0.01% for percentages, $1
/// for money, 0.01 for rates and factors, 1 for counts). The team attainment is searched
/// from 0% to 300%, wider than its slider.
pub fn grid(param: Param, scn: &Scenario) -> (Decimal, Decimal, Decimal) {
    let (lo, hi) = match param {
        Param::Scale => (Decimal::ZERO, Decimal::from(3)),
        _ => param.range(scn),
    };
    let step = match param.kind(scn) {
        Kind::Percent => Decimal::new(1, 4),
        Kind::Money => Decimal::ONE,
        Kind::Factor => Decimal::new(1, 2),
        Kind::Count | Kind::Toggle => Decimal::ONE,
    };
    (lo, hi, step)
}

/// The outcome of a solve.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// The value found (`None` for a cap: no cap); when `met` is false, the value whose
    /// figure comes nearest the budget from above.
    pub value: Option<Decimal>,
    /// The figure at that value.
    pub figure: Decimal,
    /// True when the figure is at or below the budget.
    pub met: bool,
    /// The team figures before (the scenario as given) and after (with the value).
    pub before: TeamResult,
    pub after: TeamResult,
    /// The scenario with the value applied (weights rebalanced, as the app does).
    pub scenario: Scenario,
    /// How many values were evaluated.
    pub evaluations: usize,
}

/// Why a solve could not run.
#[derive(Debug, Clone, PartialEq)]
pub enum SolveError {
    /// The parameter cannot be solved for (a toggle).
    NotSolvable(String),
    /// No value in the range gives a valid plan.
    NoValidValue(String),
}

impl std::fmt::Display for SolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SolveError::NotSolvable(m) | SolveError::NoValidValue(m) => f.write_str(m),
        }
    }
}

/// The most simulated years a P50/P90 solve runs per value tried.
pub const SOLVE_TRIALS: u32 = 2_000;

/// The simulated P50 or P90 of a plan: the scenario's risk settings and seed, with at most
/// [`SOLVE_TRIALS`] years, so every value tried sees the same random years.
fn simulated(
    scn: &Scenario,
    inputs: &TeamInputs,
    eval: &crate::engine::Evaluation,
    figure: Figure,
) -> Decimal {
    let settings = scn.assumptions.risk.clone().unwrap_or_default();
    let trials = settings.trials.min(SOLVE_TRIALS);
    let r = crate::engine::risk::simulate_with(scn, inputs, eval, &settings, trials, settings.seed);
    if figure == Figure::P90 { r.p90 } else { r.p50 }
}

/// Points of the first scan across the whole range.
const SCAN: u64 = 16;

/// Up to this many CSM evaluations (grid points × team size) every grid point is tried.
const EXHAUSTIVE: u64 = 150_000;

struct Search<'a> {
    base: &'a Scenario,
    work: Scenario,
    inputs: TeamInputs,
    param: Param,
    locks: &'a [bool],
    figure: Figure,
    lo: Decimal,
    step: Decimal,
    /// Grid points 0..n are lo + k × step; a cap also has point n = "no cap".
    n: u64,
    with_none: bool,
    seen: std::collections::HashMap<u64, Option<(Decimal, TeamResult)>>,
    /// Values tried so far (for a progress display).
    done: &'a std::sync::atomic::AtomicU64,
}

impl Search<'_> {
    fn value(&self, k: u64) -> Option<Decimal> {
        if self.with_none && k == self.n {
            None
        } else {
            Some(self.lo + self.step * Decimal::from(k))
        }
    }

    fn last(&self) -> u64 {
        if self.with_none { self.n } else { self.n - 1 }
    }

    /// The figure at grid point `k`, or `None` where the value makes the plan invalid.
    fn at(&mut self, k: u64) -> Option<Decimal> {
        if let Some(r) = self.seen.get(&k) {
            return r.as_ref().map(|x| x.0);
        }
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let v = self.value(k);
        self.work.plan = self.base.plan.clone();
        self.work.assumptions = self.base.assumptions.clone();
        let r = match self
            .param
            .apply(&mut self.work, &self.inputs, v, self.locks)
        {
            Ok(()) => {
                let e = evaluate_with(
                    &self.work,
                    &self.inputs,
                    self.work.assumptions.attainment_scale,
                );
                let f = match self.figure {
                    Figure::P50 | Figure::P90 => {
                        simulated(&self.work, &self.inputs, &e, self.figure)
                    }
                    _ => self.figure.of(&e.team),
                };
                Some((f, e.team))
            }
            Err(_) => None,
        };
        let f = r.as_ref().map(|x| x.0);
        self.seen.insert(k, r);
        f
    }
}

/// Finds the value of `param` that brings `figure` as close to `budget` as possible without
/// exceeding it. `locks` are weight locks (by component), as in the app.
pub fn solve(
    scn: &Scenario,
    param: Param,
    locks: &[bool],
    figure: Figure,
    budget: Decimal,
) -> Result<Solution, SolveError> {
    solve_counted(
        scn,
        param,
        locks,
        figure,
        budget,
        &std::sync::atomic::AtomicU64::new(0),
    )
}

/// [`solve`], adding one to `done` for every value tried (for a progress display).
pub fn solve_counted(
    scn: &Scenario,
    param: Param,
    locks: &[bool],
    figure: Figure,
    budget: Decimal,
    done: &std::sync::atomic::AtomicU64,
) -> Result<Solution, SolveError> {
    if param.is_toggle() {
        return Err(SolveError::NotSolvable(format!(
            "{} is a setting, not a number to solve for",
            param.path(scn)
        )));
    }
    let (lo, hi, step) = grid(param, scn);
    let n = ((hi - lo) / step)
        .floor()
        .to_string()
        .parse::<u64>()
        .unwrap_or(0)
        + 1;
    let inputs = TeamInputs::new(scn);
    let before = evaluate_with(scn, &inputs, scn.assumptions.attainment_scale).team;
    let mut s = Search {
        base: scn,
        work: scn.clone(),
        inputs,
        param,
        locks,
        figure,
        lo,
        step,
        n,
        with_none: matches!(param, Param::Cap(_)),
        seen: std::collections::HashMap::new(),
        done,
    };
    let last = s.last();
    // Where the parameter is now, on the grid: among values that give the same figure, the
    // one closest to it wins (change as little as possible).
    let current = match param.get(scn) {
        None if s.with_none => n,
        None => 0,
        Some(v) => ((v - lo) / step)
            .round()
            .to_string()
            .parse::<u64>()
            .unwrap_or(0)
            .min(last),
    };
    let simulated_figure = matches!(figure, Figure::P50 | Figure::P90);
    if !simulated_figure && n.saturating_mul(scn.team.len().max(1) as u64) <= EXHAUSTIVE {
        // A small team: every point of the grid, so even a figure that is not monotone
        // (cent rounding makes a nearly flat figure jagged) is solved exactly.
        for k in 0..=last {
            s.at(k);
        }
    }
    // 1. Scan the whole range.
    let mut points: Vec<u64> = (0..SCAN).map(|i| i * last / (SCAN - 1)).collect();
    points.dedup();
    for &k in &points {
        s.at(k);
    }
    // 2. Narrow every crossing of the budget between neighbouring scan points.
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let fa = s.at(a);
        let fb = s.at(b);
        if let (Some(fa), Some(fb)) = (fa, fb)
            && (fa <= budget) != (fb <= budget)
        {
            let (mut good, mut bad) = if fa <= budget { (a, b) } else { (b, a) };
            while good.abs_diff(bad) > 1 {
                let mid = good.min(bad) + good.abs_diff(bad) / 2;
                match s.at(mid) {
                    Some(f) if f <= budget => good = mid,
                    Some(_) => bad = mid,
                    None => break,
                }
            }
        }
    }
    // 3. Zoom in around the best point found so far, in case the figure peaks between scan
    // points (a non-monotone figure).
    let best_feasible = |s: &Search| {
        s.seen
            .iter()
            .filter_map(|(k, r)| r.as_ref().map(|x| (*k, x.0)))
            .filter(|(_, f)| *f <= budget)
            .max_by(|a, b| {
                a.1.cmp(&b.1)
                    .then(b.0.abs_diff(current).cmp(&a.0.abs_diff(current)))
                    .then(b.0.cmp(&a.0))
            })
    };
    let mut span = last / (SCAN - 1);
    while span > 1 {
        let Some((k, _)) = best_feasible(&s) else {
            break;
        };
        // A best point next to one over the budget is a crossing already narrowed to the
        // grid step; only a best point inside a feasible stretch (the figure peaks between
        // scan points, or the whole range fits) needs a closer look.
        let over = |j: u64| matches!(s.seen.get(&j), Some(Some((f, _))) if *f > budget);
        let boundary = (k > 0 && over(k - 1)) || (k < last && over(k + 1));
        if boundary || k == 0 || k == last {
            break;
        }
        let from = k.saturating_sub(span);
        let to = (k + span).min(last);
        let pts: Vec<u64> = (0..SCAN)
            .map(|i| from + i * (to - from) / (SCAN - 1))
            .collect();
        for p in pts {
            s.at(p);
        }
        span = (to - from) / (SCAN - 1);
    }
    if let Some((k, _)) = best_feasible(&s) {
        // Bisection and zooming end next to the boundary: look at the neighbours too.
        for p in [k.saturating_sub(1), (k + 1).min(last)] {
            s.at(p);
        }
    }
    let evaluations = s.seen.len();
    let (k, met) = match best_feasible(&s) {
        Some((k, _)) => (k, true),
        None => {
            // Nothing meets the budget: the value that comes nearest from above.
            let nearest = s
                .seen
                .iter()
                .filter_map(|(k, r)| r.as_ref().map(|x| (*k, x.0)))
                .min_by(|a, b| {
                    a.1.cmp(&b.1)
                        .then(a.0.abs_diff(current).cmp(&b.0.abs_diff(current)))
                        .then(a.0.cmp(&b.0))
                });
            match nearest {
                Some((k, _)) => (k, false),
                None => {
                    return Err(SolveError::NoValidValue(format!(
                        "no value of {} gives a valid plan",
                        param.path(scn)
                    )));
                }
            }
        }
    };
    let value = s.value(k);
    let mut scenario = scn.clone();
    param
        .apply(&mut scenario, &s.inputs, value, locks)
        .map_err(SolveError::NoValidValue)?;
    let (figure_value, after) = match s.seen.remove(&k).flatten() {
        Some(x) => x,
        None => {
            let e = evaluate_with(&scenario, &s.inputs, scenario.assumptions.attainment_scale);
            let f = match figure {
                Figure::P50 | Figure::P90 => simulated(&scenario, &s.inputs, &e, figure),
                _ => figure.of(&e.team),
            };
            (f, e.team)
        }
    };
    Ok(Solution {
        value,
        figure: figure_value,
        met,
        before,
        after,
        scenario,
        evaluations,
    })
}
