//! Goal seek for a plan: the value of one parameter that brings a team figure (cash, loaded
//! cost, planned cost, cost as % of book ARR) as close to a budget as possible without going
//! over it. Every figure comes from the exact engine; only the search is a search.
//!
//! The search never assumes the figure is monotone in the parameter: it scans the whole
//! range at a few points, then narrows every place where the figure crosses the budget
//! (bisection on the parameter's own grid) and the neighbourhood of the best point found,
//! and keeps the best value seen. See docs/parameters.md.

use crate::engine::eval::TeamInputs;
use crate::engine::evaluate::evaluate_with;
use crate::engine::params::{Kind, Param};
use crate::engine::{Scenario, TeamResult};
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

/// A budget as typed: money for cash, loaded and planned (`1600000`, `$1,600,000`,
/// `1.6M`); a percentage for cost_pct_of_arr (`3.5%` or `0.035`). The error starts with
/// the text. Money is read as USD; [`parse_budget_in`] reads it in a plan's currency.
pub fn parse_budget(figure: Figure, text: &str) -> Result<Decimal, String> {
    parse_budget_in(figure, text, crate::num::Currency::USD)
}

/// [`parse_budget`] for a plan that pays in `currency`.
pub fn parse_budget_in(
    figure: Figure,
    text: &str,
    currency: crate::num::Currency,
) -> Result<Decimal, String> {
    let v = crate::num::parse_decimal_in(text, currency).map_err(|e| format!("{text}: {}", e.0))?;
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

/// Which of the values that meet the budget a solve picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The value as it is when it already meets the budget, else the value nearest to it
    /// that does: change the plan as little as the budget asks. What a leader asking "what
    /// keeps cash under $1.6M?" means, for every plan parameter.
    Nearest,
    /// The value whose figure comes closest to the budget from below (spend the budget):
    /// for the attainment scale, the break-even attainment.
    ClosestToBudget,
}

impl Pick {
    /// The pick a parameter is solved with unless asked otherwise: the nearest value for a
    /// plan parameter, the closest to the budget for the attainment scale (the question
    /// there is "how well can the team do before the plan costs more than the budget").
    pub fn default_for(param: Param) -> Pick {
        if param == Param::Scale {
            Pick::ClosestToBudget
        } else {
            Pick::Nearest
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Pick::Nearest => "nearest",
            Pick::ClosestToBudget => "closest-to-budget",
        }
    }

    pub fn from_name(name: &str) -> Result<Pick, String> {
        match name.trim().to_lowercase().replace('_', "-").as_str() {
            "nearest" => Ok(Pick::Nearest),
            "closest-to-budget" | "closest" => Ok(Pick::ClosestToBudget),
            other => Err(format!(
                "`{other}` is not a pick: write nearest (keep the value if it fits, else the nearest that does) or closest-to-budget"
            )),
        }
    }
}

/// One stretch of values that meet the budget, from `from` to `to` (both included; `None`
/// is "no cap").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub from: Option<Decimal>,
    pub to: Option<Decimal>,
}

impl Range {
    /// The stretch as people read it: `0%–60%`, or one value when it is a single step
    /// (`value` shows an end, `None` being "no cap").
    pub fn text(&self, value: impl Fn(Option<Decimal>) -> String) -> String {
        if self.from == self.to {
            value(self.from)
        } else {
            format!("{}–{}", value(self.from), value(self.to))
        }
    }
}

/// A solved value as shown: the parameter's own format, `None` being "no cap".
pub fn show_value(param: Param, scn: &Scenario, v: Option<Decimal>) -> String {
    match v {
        Some(v) => param.format(scn, v),
        None => "no cap".into(),
    }
}

/// The outcome of a solve.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// The value found (`None` for a cap: no cap); when `met` is false, the value whose
    /// figure comes nearest the budget from above.
    pub value: Option<Decimal>,
    /// True when the value as given already met the budget and was kept (nothing changes).
    pub kept: bool,
    /// How the value was picked.
    pub pick: Pick,
    /// The values that meet the budget, in stretches from low to high, to the parameter's
    /// step (empty when none does).
    pub ranges: Vec<Range>,
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

    /// Bisects between every two neighbouring values tried of which one meets the budget
    /// and the other does not, until they are one step apart: every stretch that meets
    /// the budget is then known to the step (within what the values tried can see).
    fn narrow(&mut self, budget: Decimal) {
        loop {
            let mut tried: Vec<(u64, Option<bool>)> = self
                .seen
                .iter()
                .map(|(k, r)| (*k, r.as_ref().map(|x| x.0 <= budget)))
                .collect();
            tried.sort_unstable_by_key(|t| t.0);
            let gap = tried.windows(2).find_map(|w| {
                let ((a, fa), (b, fb)) = (w[0], w[1]);
                (b - a > 1 && fa.is_some() && fb.is_some() && fa != fb).then_some((a, b))
            });
            let Some((a, b)) = gap else { return };
            self.at(a + (b - a) / 2);
        }
    }

    /// The stretches of values tried that meet the budget, as grid points (first, last):
    /// a run of values tried that all meet it, with nothing between them that does not.
    fn stretches(&self, budget: Decimal) -> Vec<(u64, u64)> {
        let mut tried: Vec<(u64, bool)> = self
            .seen
            .iter()
            .map(|(k, r)| (*k, r.as_ref().is_some_and(|x| x.0 <= budget)))
            .collect();
        tried.sort_unstable_by_key(|t| t.0);
        let mut out: Vec<(u64, u64)> = Vec::new();
        let mut open: Option<(u64, u64)> = None;
        for (k, fits) in tried {
            match (fits, open.as_mut()) {
                (true, Some(run)) => run.1 = k,
                (true, None) => open = Some((k, k)),
                (false, _) => out.extend(open.take()),
            }
        }
        out.extend(open);
        out
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
    solve_with(
        scn,
        param,
        locks,
        figure,
        budget,
        Pick::default_for(param),
        &std::sync::atomic::AtomicU64::new(0),
    )
}

/// [`solve`] with the pick chosen, adding one to `done` for every value tried (for a
/// progress display).
pub fn solve_with(
    scn: &Scenario,
    param: Param,
    locks: &[bool],
    figure: Figure,
    budget: Decimal,
    pick: Pick,
    done: &std::sync::atomic::AtomicU64,
) -> Result<Solution, SolveError> {
    if param == Param::Budget {
        return Err(SolveError::NotSolvable(
            "the budget is what a solve meets, not a value to solve for".into(),
        ));
    }
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
    // 1. Scan the whole range, and the value as it is now.
    let mut points: Vec<u64> = (0..SCAN).map(|i| i * last / (SCAN - 1)).collect();
    points.dedup();
    for &k in &points {
        s.at(k);
    }
    s.at(current);
    // 2. Narrow every crossing of the budget between neighbouring values tried to the
    // parameter's step, so each stretch that meets the budget is known to the step.
    s.narrow(budget);
    // 3. Closest to the budget: zoom in around the best point found so far, in case the
    // figure peaks between the values tried (a non-monotone figure).
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
    if pick == Pick::ClosestToBudget {
        let mut span = last / (SCAN - 1);
        while span > 1 {
            let Some((k, _)) = best_feasible(&s) else {
                break;
            };
            // A best point next to one over the budget is a crossing already narrowed to
            // the grid step; only a best point inside a feasible stretch (the figure peaks
            // between scan points, or the whole range fits) needs a closer look.
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
        s.narrow(budget);
    }
    let stretches = s.stretches(budget);
    let ranges: Vec<Range> = stretches
        .iter()
        .map(|&(a, b)| Range {
            from: s.value(a),
            to: s.value(b),
        })
        .collect();
    let fits_now = matches!(s.seen.get(&current), Some(Some((f, _))) if *f <= budget);
    let evaluations = s.seen.len();
    if pick == Pick::Nearest && fits_now {
        // The value as it is already meets the budget: keep it exactly (off the grid too),
        // with the figures already computed for it.
        let f = match figure {
            Figure::P50 | Figure::P90 => {
                let e = evaluate_with(scn, &s.inputs, scn.assumptions.attainment_scale);
                simulated(scn, &s.inputs, &e, figure)
            }
            _ => figure.of(&before),
        };
        return Ok(Solution {
            value: param.get(scn),
            kept: true,
            pick,
            ranges,
            figure: f,
            met: f <= budget,
            before: before.clone(),
            after: before,
            scenario: scn.clone(),
            evaluations,
        });
    }
    let nearest_feasible = stretches
        .iter()
        .map(|&(a, b)| if current < a { a } else { b })
        .min_by(|x, y| {
            x.abs_diff(current).cmp(&y.abs_diff(current)).then_with(|| {
                let f = |k: &u64| s.seen.get(k).cloned().flatten().map(|r| r.0);
                f(x).cmp(&f(y))
            })
        });
    let chosen = match pick {
        Pick::Nearest => nearest_feasible,
        Pick::ClosestToBudget => best_feasible(&s).map(|(k, _)| k),
    };
    let (k, met) = match chosen {
        Some(k) => (k, true),
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
        kept: false,
        pick,
        ranges,
        figure: figure_value,
        met,
        before,
        after,
        scenario,
        evaluations,
    })
}
