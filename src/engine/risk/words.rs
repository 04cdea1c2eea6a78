//! What the simulation says in words: the gap between the expected cost and the cost at
//! the projections, warnings about the plan's health, and the rank correlation of pay with
//! results.

use super::*;

/// One sentence on the gap between the expected cost and the cost at the projections, the
/// gap rounded to what the mean's standard error `se` allows.
pub(super) fn gap_sentence(mean: Decimal, at: Decimal, se: Decimal) -> String {
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

pub(super) fn health_warnings(h: &Health, out: &mut Vec<(&'static str, String)>) {
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
pub(super) fn rank_correlation(scn: &Scenario, eval: &Evaluation) -> Option<Decimal> {
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
