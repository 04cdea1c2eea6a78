//! The one-page summary for finance: what the plan costs against its budget and a
//! baseline, what it could cost (a bounded cost-risk simulation), cash by period, the
//! payout-curve health, what changed against the baseline and who gains and loses.
//!
//! Owns: gathering those figures from the engine, the risk simulation and the comparison.
//! Must not: compute pay itself, do I/O or touch the terminal.

use super::compare::{Comparer, Comparison, Move};
use crate::engine::eval::{TeamInputs, cost_curve, loaded};
use crate::engine::evaluate::evaluate_with;
use crate::engine::risk::{RiskReport, Simulation};
use crate::engine::{BudgetBasis, Computed, Scenario, guardrails};
use rust_decimal::Decimal;
use std::sync::atomic::AtomicU64;

/// The most (CSM × metric × year) cells the summary's simulation covers: about a quarter
/// of a second on two cores, so the summary of a 10,000-CSM team stays well under a second
/// (200 simulated years of 10,000 CSMs × 6 metrics); a small team gets the scenario's full
/// count.
pub const SUMMARY_CELLS: usize = 12_000_000;

/// The fewest simulated years the summary reports on, however large the team.
pub const MIN_TRIALS: u32 = 20;

/// How many CSMs the summary names among those who gain and those who lose the most.
pub const NAMED: usize = 3;

/// The simulated years the summary runs for a team of `cells_per_year` cells, when the
/// scenario asks for `full`.
pub fn summary_trials(cells_per_year: usize, full: u32) -> u32 {
    let bounded = (SUMMARY_CELLS / cells_per_year.max(1)).min(u32::MAX as usize) as u32;
    bounded.max(MIN_TRIALS).min(full.max(1))
}

/// Everything the summary shows.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The plan's results and guardrail warnings, as `calc` computes them.
    pub computed: Computed,
    /// The simulation, on the scenario's own risk settings, bounded to [`summary_trials`].
    pub risk: RiskReport,
    /// The simulated years the scenario's settings ask for (what `risk` runs).
    pub full_trials: u32,
    /// The team's cost on the budget's basis (cash, else loaded cost) at team attainment
    /// 50%–150%.
    pub curve: Vec<(Decimal, Decimal)>,
    /// Against the baseline, when there is one.
    pub baseline: Option<Baseline>,
}

/// The plan against a baseline scenario.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The baseline and the plan, compared at the plan's attainment scale.
    pub comparison: Comparison,
    /// The baseline's cost curve on the same basis as [`Summary::curve`]; `None` when the
    /// baseline cannot be computed.
    pub curve: Option<Vec<(Decimal, Decimal)>>,
    /// The CSMs who gain the most (largest first), and those who lose the most.
    pub gainers: Vec<Move>,
    pub losers: Vec<Move>,
}

impl Summary {
    /// The basis the budget is for (cash without a budget).
    pub fn basis(&self, scn: &Scenario) -> BudgetBasis {
        scn.plan
            .budget
            .as_ref()
            .map_or(BudgetBasis::Cash, |b| b.basis)
    }
}

/// The summary of a valid scenario, against `baseline` when given (also valid: a loaded
/// file is).
pub fn summarize(scn: &Scenario, baseline: Option<&Scenario>) -> Summary {
    let inputs = TeamInputs::new(scn);
    let eval = evaluate_with(scn, &inputs, scn.assumptions.attainment_scale);
    let settings = scn.assumptions.risk.clone().unwrap_or_default();
    let (risk, curve) = std::thread::scope(|s| {
        // The cost curve and the simulation are independent; the simulation spreads its
        // years over the cores, the curve takes one on the side.
        let curve = s.spawn(|| cost_curve(scn));
        let mut sim = Simulation::new(scn, &inputs, &eval, &settings, settings.seed);
        let trials = summary_trials(sim.cells_per_year(), settings.trials);
        sim.run(trials, &AtomicU64::new(0), &|| false);
        let curve = curve
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (sim.report(), curve)
    });
    let burden = scn.assumptions.burden_rate;
    let basis = scn
        .plan
        .budget
        .as_ref()
        .map_or(BudgetBasis::Cash, |b| b.basis);
    let on_basis = |curve: Vec<(Decimal, Decimal)>| -> Vec<(Decimal, Decimal)> {
        match basis {
            BudgetBasis::Cash => curve,
            BudgetBasis::Loaded => curve
                .into_iter()
                .map(|(s, c)| (s, loaded(c, burden)))
                .collect(),
        }
    };
    let warnings = guardrails(scn, &eval);
    let baseline = baseline.map(|b| {
        let cmp = Comparer::new(
            vec![b.clone(), scn.clone()],
            Some(scn.assumptions.attainment_scale),
        )
        .into_comparison();
        // On the budget's basis; a baseline's loaded cost carries its own burden rate.
        let base_curve = cmp.curve.cash.first().cloned().flatten().map(|cash| {
            let scales = cmp.curve.scales.iter().copied();
            match basis {
                BudgetBasis::Cash => scales.zip(cash).collect(),
                BudgetBasis::Loaded => scales
                    .zip(cash)
                    .map(|(s, c)| (s, loaded(c, b.assumptions.burden_rate)))
                    .collect(),
            }
        });
        let (gainers, losers) = movers(&cmp);
        Baseline {
            comparison: cmp,
            curve: base_curve,
            gainers,
            losers,
        }
    });
    Summary {
        computed: Computed { eval, warnings },
        risk,
        full_trials: settings.trials,
        curve: on_basis(curve),
        baseline,
    }
}

/// The [`NAMED`] CSMs who gain the most against the baseline and the [`NAMED`] who lose
/// the most (largest first; ties in team order).
fn movers(cmp: &Comparison) -> (Vec<Move>, Vec<Move>) {
    let mut moves: Vec<Move> = cmp
        .rows
        .iter()
        .filter_map(|row| {
            let cell = row.cells.get(1)?.as_ref()?;
            let change = cell.change?;
            Some(Move {
                id: row.id.clone(),
                name: row.name.clone(),
                change,
                change_pct: cell.change_pct(),
            })
        })
        .collect();
    moves.sort_by_key(|m| std::cmp::Reverse(m.change));
    let gainers: Vec<Move> = moves
        .iter()
        .filter(|m| m.change > Decimal::ZERO)
        .take(NAMED)
        .cloned()
        .collect();
    moves.sort_by_key(|m| m.change);
    let losers: Vec<Move> = moves
        .into_iter()
        .filter(|m| m.change < Decimal::ZERO)
        .take(NAMED)
        .collect();
    (gainers, losers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trials_are_bounded_by_the_team_and_the_settings() {
        assert_eq!(summary_trials(90, 10_000), 10_000);
        assert_eq!(summary_trials(60_000, 10_000), 200);
        assert_eq!(summary_trials(6_000_000, 10_000), MIN_TRIALS);
        assert_eq!(summary_trials(90, 500), 500);
        assert_eq!(summary_trials(0, 0), 1);
    }

    #[test]
    fn the_summary_carries_calc_figures_and_the_baseline() {
        let scn = crate::scenario::sample();
        let mut b = scn.clone();
        b.plan.mix.variable_share = Decimal::new(25, 2);
        let s = summarize(&scn, Some(&b));
        assert_eq!(s.computed, crate::engine::compute_valid(&scn));
        assert_eq!(s.risk.trials, 10_000);
        assert_eq!(s.curve.len(), 21);
        let base = s.baseline.as_ref().map(|x| &x.comparison);
        assert!(base.is_some_and(|c| !c.variants[1].plan_changes.is_empty()));
        let x = s
            .baseline
            .as_ref()
            .map(|x| (x.gainers.len(), x.losers.len()));
        assert!(x.is_some_and(|(g, l)| g > 0 && l > 0 && g <= NAMED && l <= NAMED));
    }
}
