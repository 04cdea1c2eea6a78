//! What a simulation reports: costs with their standard errors, each CSM's spread, the
//! plan's health and fairness, and the levels.

use super::*;

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
