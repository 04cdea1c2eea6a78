//! The cost-risk figures in words: what each one means for someone who is no statistician,
//! and the precision rule — a simulated figure is shown only to the digits its sample can
//! tell apart (docs/risk.md). Shared by the `risk` command and the app's risk view.

use super::BudgetBasis;
use super::risk::RiskReport;
use crate::num::{money, money_whole, pct, plain, round_to};
pub use crate::num::{money_rounded, step};
use rust_decimal::{Decimal, RoundingStrategy};

/// The standard error as shown beside a figure: to one significant figure, at least `step`.
fn se_shown(se: Decimal, step: Decimal) -> Decimal {
    round_to(se, step).max(step)
}

/// A simulated amount as the sample supports it: `$1,612,600 ± $700` (one standard error),
/// or exactly — `exact` formats it — when nothing varies (under a dollar).
pub fn money_about(value: Decimal, se: Decimal, exact: fn(Decimal) -> String) -> String {
    let s = step(se, Decimal::ONE);
    if s.is_zero() {
        return exact(value);
    }
    format!(
        "{} ± {}",
        money_whole(round_to(value, s)),
        money_whole(se_shown(se, s))
    )
}

/// [`money_about`] in a plan's currency, exact figures to the cent: `€1,612,600 ± €700`.
pub fn money_about_in(value: Decimal, se: Decimal, currency: crate::num::Currency) -> String {
    let s = step(se, Decimal::ONE);
    if s.is_zero() {
        return crate::num::money_in(value, currency);
    }
    format!(
        "{} ± {}",
        crate::num::money_whole_in(round_to(value, s), currency),
        crate::num::money_whole_in(se_shown(se, s), currency)
    )
}

/// A simulated share rounded to what its standard error allows: `52.8%`, `53%` (never more
/// than one decimal).
pub fn share_rounded(value: Decimal, se: Decimal) -> String {
    let s = step(se, Decimal::new(1, 3));
    if s.is_zero() {
        return pct(value, 1);
    }
    pct(
        round_to(value, s),
        if s >= Decimal::new(1, 2) { 0 } else { 1 },
    )
}

/// A simulated share as the sample supports it: `17.1% ± 0.4%`.
pub fn share_about(value: Decimal, se: Decimal) -> String {
    let s = step(se, Decimal::new(1, 3));
    if s.is_zero() {
        return pct(value, 1);
    }
    let dp = if s >= Decimal::new(1, 2) { 0 } else { 1 };
    format!(
        "{} ± {}",
        pct(round_to(value, s), dp),
        pct(se_shown(se, s), dp)
    )
}

/// The precision rule in one sentence, for `trials` simulated years.
pub fn precision_note(trials: u32) -> String {
    format!(
        "Simulated figures are rounded to what {} simulated {} can tell apart; ± is one standard error: a rerun with another seed lands that close about 2 times in 3.",
        crate::num::count(u64::from(trials)),
        if trials == 1 { "year" } else { "years" }
    )
}

/// One figure of the report: its key in JSON, its label (the practitioner's term), its
/// value as the sample supports it, and what it means in plain words.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub key: &'static str,
    pub label: String,
    pub value: String,
    pub meaning: String,
    /// What practitioners aim for, for the health figures.
    pub aim: Option<&'static str>,
}

fn figure(key: &'static str, label: impl Into<String>, value: String, meaning: String) -> Figure {
    Figure {
        key,
        label: label.into(),
        value,
        meaning,
        aim: None,
    }
}

/// "cash" or "loaded cost".
pub fn basis_name(b: BudgetBasis) -> &'static str {
    match b {
        BudgetBasis::Cash => "cash",
        BudgetBasis::Loaded => "loaded cost",
    }
}

/// What a share of years means as a frequency: "about 1 year in 6".
fn how_often(p: Decimal) -> String {
    if p.is_zero() {
        "none of them".into()
    } else if p >= Decimal::ONE {
        "every one of them".into()
    } else if p > Decimal::new(5, 1) {
        "more likely than not".into()
    } else {
        let n =
            (Decimal::ONE / p).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        if n <= Decimal::TWO {
            "about 1 year in 2".into()
        } else {
            format!("about 1 year in {}", plain(n))
        }
    }
}

/// The team's cost figures: at the projections, the mean, P5 to P95, and the budget with
/// the chance of exceeding it.
pub fn team_figures(r: &RiskReport) -> Vec<Figure> {
    let b = basis_name(r.basis);
    let pr = &r.precision;
    let p = |x: Decimal, se: Decimal| money_about(x, se, money_whole);
    let mut out = vec![
        figure(
            "at_projection",
            format!("Team {b} at the projections"),
            money(r.at_projection),
            "what the team costs if every CSM lands exactly on their projection (exact, not simulated)".into(),
        ),
        figure(
            "mean",
            format!("Expected team {b} (mean)"),
            money_about(r.mean, pr.mean, money),
            "the average simulated year: what the plan costs in the long run".into(),
        ),
        figure(
            "p5",
            "P5",
            p(r.p5, pr.p5),
            "in 1 of 20 simulated years the team costs this or less".into(),
        ),
        figure(
            "p10",
            "P10",
            p(r.p10, pr.p10),
            "in 1 of 10 simulated years the team costs this or less: a lean year".into(),
        ),
        figure(
            "p50",
            "P50 (median)",
            p(r.p50, pr.p50),
            "the middle year: half the simulated years cost less, half more".into(),
        ),
        figure(
            "p90",
            "P90",
            p(r.p90, pr.p90),
            "in 9 of 10 simulated years the team costs this or less; 1 year in 10 costs more"
                .into(),
        ),
        figure(
            "p95",
            "P95",
            p(r.p95, pr.p95),
            "in 19 of 20 simulated years the team costs this or less".into(),
        ),
    ];
    if let (Some(budget), Some(over)) = (&r.budget, r.p_over_budget) {
        out.push(figure(
            "budget",
            format!("Budget ({b})"),
            money(budget.amount),
            format!("the budget measured against (the plan's, or --budget), for {b}"),
        ));
        out.push(figure(
            "p_over_budget",
            "Chance of exceeding the budget",
            share_about(over, pr.p_over_budget.unwrap_or_default()),
            format!(
                "the share of simulated years in which the team costs more than the budget: {}",
                how_often(over)
            ),
        ));
    }
    out
}

/// What the rank correlation between pay and controllable attainment says, for its value.
pub fn rank_correlation_meaning(c: Option<Decimal>) -> String {
    let Some(c) = c else {
        return "needs at least 3 CSMs who differ, and a metric they control".into();
    };
    let head = if c >= Decimal::new(8, 1) {
        "CSMs who do better on what they control are paid more, almost without exception"
    } else if c >= Decimal::new(5, 1) {
        "CSMs who do better on what they control are paid more, fairly consistently"
    } else if c >= Decimal::new(2, 1) {
        "CSMs who do better on what they control tend to be paid more, but loosely: outcomes they don't control weigh about as much"
    } else if c > Decimal::new(-2, 1) {
        "pay hardly follows how well CSMs do on what they control"
    } else {
        "CSMs who do better on what they control tend to be paid less"
    };
    format!(
        "{head} (CSMs ranked at their projections by pay as a share of target pay and by attainment on the metrics they control: 1 is the same order, 0 no link)"
    )
}

/// The payout-curve health figures and the rank correlation.
pub fn health_figures(r: &RiskReport) -> Vec<Figure> {
    let h = &r.health;
    let pr = &r.precision;
    let aims = h.rows().map(|(label, _, aim)| (label, aim));
    let mut out = vec![
        Figure {
            key: "below_threshold",
            label: aims[0].0.into(),
            value: share_rounded(h.below_threshold, pr.below_threshold),
            meaning: "of the pay at stake (each metric by its weight), the share where a CSM misses the threshold and earns nothing for that metric, in an average simulated year".into(),
            aim: Some(aims[0].1),
        },
        Figure {
            key: "at_or_above_target",
            label: aims[1].0.into(),
            value: share_rounded(h.at_or_above_target, pr.at_or_above_target),
            meaning: "the share where a CSM reaches 100% of target or more".into(),
            aim: Some(aims[1].1),
        },
        Figure {
            key: "at_cap",
            label: aims[2].0.into(),
            value: share_rounded(h.at_cap, pr.at_cap),
            meaning: "the share where a CSM is already paid the most the curve pays: doing even better earns nothing more".into(),
            aim: Some(aims[2].1),
        },
    ];
    let lev = plain(h.leverage.round_dp(2));
    out.push(Figure {
        key: "leverage",
        label: aims[3].0.into(),
        value: format!("{lev}×"),
        meaning: format!(
            "9 in 10 CSM-years earn at most {lev}× their target variable; the best 1 in 10 earn more"
        ),
        aim: Some(aims[3].1),
    });
    out.push(figure(
        "rank_correlation",
        "Rank correlation, pay vs controllable attainment",
        r.fairness
            .rank_correlation
            .map_or("—".into(), |c| plain(c.round_dp(2))),
        rank_correlation_meaning(r.fairness.rank_correlation),
    ));
    out
}

/// What the by-level columns mean.
pub const LEVEL_MEANING: &str = "Expected cash: the level's average simulated cash. Median % of OTE: the lowest and highest, among the level's CSMs, of each one's middle-year (P50) pay as a share of their OTE — for a joiner or leaver, the OTE of the periods they are employed in.";

/// What the per-CSM columns mean.
pub const CSM_MEANING: &str = "P10, P50, P90: in 1 of 10 simulated years the CSM earns P10 or less, in half of them P50 or less, in 9 of 10 P90 or less. P50 % of OTE: the middle year's pay as a share of the OTE they can earn (prorated for a joiner or leaver). Swing from outcomes: how much of the ups and downs of their variable pay comes from retention, churn, NRR or adoption, which the customer largely decides; over half is flagged.";

/// What the cost histogram shows.
pub const HISTOGRAM_MEANING: &str =
    "how many simulated years cost this much, in bands from the cheapest year to the dearest";
