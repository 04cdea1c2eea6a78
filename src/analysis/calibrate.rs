//! Risk from history: each metric's attainment spread, skew and common factor estimated
//! from scenarios whose results are all actual (last year's, or several years'), with how
//! well the fit holds (docs/risk.md, "Calibrating from history").
//!
//! Estimators, per metric of the plan being calibrated (matched in each history file by id,
//! else by name):
//! - an observation is one CSM's attainment on the metric in one year (an annual metric) or
//!   one period (a per-period one), measured as the engine measures it (actual ÷ target;
//!   2 − actual ÷ target when lower is better), the CSM's own target where they have one;
//! - **spread**: the sample standard deviation of the observations, with a 95% band from
//!   the standard error of the variance, `√((m₄ − s⁴ (n − 3)/(n − 1)) / n)`, which holds for
//!   skewed and heavy-tailed results as well as normal ones, with `n` the effective number
//!   of results when a common factor ties those of a year or period together
//!   (`n ÷ (1 + (n̄ − 1) ρ)`, n̄ results per group);
//! - **skew**: the sample skewness `m₃ / s³`; beyond ±0.1 the CSMs' own draws of the metric
//!   are skew-normal with that skewness (clamped to ±0.99, what a skew-normal reaches);
//! - **common factor**: the share of the variance shared by everyone in the same year or
//!   period (a good or bad quarter for the whole team), the intraclass correlation of a
//!   one-way analysis of variance over those groups; it needs two groups or more, and is
//!   pooled over the metrics (weighted by their observations) into the one `correlation`
//!   the simulation uses;
//! - **fit**: observed quantiles (P10, P25, P50, P75, P90) against the normal with the
//!   estimated mean and spread.
//!
//! A metric with fewer than [`MIN_CSMS`] CSMs is reported and left as it is; one the history
//! does not measure is not calibrated. A level with results for [`MIN_CSMS`] CSMs or more
//! gets its own spread of each calibrated metric.
//!
//! Owns: the estimates. Must not: read or write files.

use crate::engine::curve::Attainment;
use crate::engine::eval::target_for;
use crate::engine::{Component, Measure, Scenario};
use crate::text::same_name;
use rust_decimal::prelude::ToPrimitive;
use std::collections::{BTreeMap, BTreeSet};

/// Fewer CSMs than this and a metric's spread says nothing to rely on.
pub const MIN_CSMS: usize = 10;

/// The quantiles the fit compares.
pub const QUANTILES: [f64; 5] = [0.10, 0.25, 0.50, 0.75, 0.90];

/// What the history says about one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricFit {
    pub id: String,
    pub name: String,
    /// Observations (CSM-years or CSM-periods), and the distinct CSMs (by id) among them.
    pub n: usize,
    pub csms: usize,
    /// The years or periods the observations fall in.
    pub groups: usize,
    pub mean: f64,
    pub spread: f64,
    /// The spread's 95% band.
    pub band: (f64, f64),
    pub skew: f64,
    /// The share of the variance common to a year or period, when there are two or more.
    pub common: Option<f64>,
    /// (quantile, observed, fitted).
    pub quantiles: Vec<(f64, f64, f64)>,
    /// Per level with at least [`MIN_CSMS`] CSMs: (level, observations, spread).
    pub by_level: Vec<(String, usize, f64)>,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Estimated and written.
    Calibrated,
    /// Too few CSMs to say anything.
    TooFew,
    /// No history file has a result for it.
    NotMeasured,
}

/// The calibration of a plan from history.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    pub metrics: Vec<MetricFit>,
    /// The pooled common factor, when some metric has two groups or more.
    pub correlation: Option<f64>,
}

/// The year or period a result belongs to: (history file, period; `None` for the year).
type Group = (usize, Option<usize>);

/// One result: its group, the CSM's id and level, and the attainment.
type Observation = (Group, String, String, f64);

/// One history file's observations of a plan metric.
fn observations(history: &Scenario, file: usize, comp: &Component) -> Vec<Observation> {
    let Some(h) = history
        .plan
        .components
        .iter()
        .find(|c| c.id == comp.id)
        .or_else(|| {
            history
                .plan
                .components
                .iter()
                .find(|c| same_name(&c.id, &comp.id) || same_name(&c.name, &comp.name))
        })
    else {
        return Vec::new();
    };
    let value = |actual, target| {
        Attainment::measure(actual, target, h.direction, rust_decimal::Decimal::ONE)
            .value()
            .to_f64()
    };
    let mut out = Vec::new();
    for csm in &history.team {
        match h.measured {
            Measure::Year => {
                let actual = csm.actuals.get(&h.id).copied().or_else(|| {
                    // A plan with periods keeps an annual result in the last period.
                    history
                        .plan
                        .periods
                        .last()
                        .and_then(|p| csm.periods.get(&p.id))
                        .and_then(|pv| pv.actuals.get(&h.id).copied())
                });
                if let Some(a) = actual.and_then(|a| value(a, target_for(h, csm)))
                    && a.is_finite()
                {
                    out.push(((file, None), csm.id.clone(), csm.level.clone(), a));
                }
            }
            Measure::Period => {
                for (p, period) in history.plan.periods.iter().enumerate() {
                    let Some(pv) = csm.periods.get(&period.id) else {
                        continue;
                    };
                    let Some(actual) = pv.actuals.get(&h.id) else {
                        continue;
                    };
                    let target = pv
                        .targets
                        .get(&h.id)
                        .copied()
                        .unwrap_or_else(|| h.target_in(&period.id));
                    if let Some(a) = value(*actual, target).filter(|a| a.is_finite()) {
                        out.push(((file, Some(p)), csm.id.clone(), csm.level.clone(), a));
                    }
                }
            }
        }
    }
    out
}

/// The sample quantile at `q` of sorted values (linear between order statistics).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo as f64)
}

/// The standard normal quantile (Acklam's rational approximation; |error| < 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383_577_518_672_69e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    let tail = |q: f64| {
        let q = (-2.0 * q.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail(p)
    } else if p > 1.0 - 0.02425 {
        -tail(1.0 - p)
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// The intraclass correlation of values in groups (one-way ANOVA), clipped to [0, 1];
/// `None` with fewer than two groups.
fn common_factor(groups: &BTreeMap<Group, Vec<f64>>) -> Option<f64> {
    let k = groups.len();
    let n: usize = groups.values().map(Vec::len).sum();
    if k < 2 || n <= k {
        return None;
    }
    let grand = groups.values().flatten().sum::<f64>() / n as f64;
    let mut between = 0.0;
    let mut within = 0.0;
    for g in groups.values() {
        let m = g.iter().sum::<f64>() / g.len() as f64;
        between += g.len() as f64 * (m - grand).powi(2);
        within += g.iter().map(|x| (x - m).powi(2)).sum::<f64>();
    }
    let msb = between / (k - 1) as f64;
    let msw = within / (n - k) as f64;
    let sizes: f64 = groups.values().map(|g| (g.len() * g.len()) as f64).sum();
    let n0 = (n as f64 - sizes / n as f64) / (k - 1) as f64;
    let var_b = ((msb - msw) / n0).max(0.0);
    let total = var_b + msw;
    (total > 0.0).then(|| (var_b / total).clamp(0.0, 1.0))
}

/// Calibrates the metrics of `plan` from `history` (each scenario's results all actual).
pub fn calibrate(plan: &Scenario, history: &[Scenario]) -> Calibration {
    let mut metrics = Vec::new();
    let mut pooled = (0.0, 0usize);
    for comp in &plan.plan.components {
        let obs: Vec<_> = history
            .iter()
            .enumerate()
            .flat_map(|(f, h)| observations(h, f, comp))
            .collect();
        let n = obs.len();
        let csms = obs
            .iter()
            .map(|(_, id, _, _)| id.as_str())
            .collect::<BTreeSet<_>>()
            .len();
        let mut groups: BTreeMap<Group, Vec<f64>> = BTreeMap::new();
        for (g, _, _, a) in &obs {
            groups.entry(*g).or_default().push(*a);
        }
        let values: Vec<f64> = obs.iter().map(|o| o.3).collect();
        let mean = if n > 0 {
            values.iter().sum::<f64>() / n as f64
        } else {
            0.0
        };
        let moment = |k: i32| values.iter().map(|x| (x - mean).powi(k)).sum::<f64>() / n as f64;
        let common = common_factor(&groups);
        let (spread, band, skew) = if n >= 2 {
            let s2 = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            let s = s2.sqrt();
            let m4 = moment(4);
            // Results that share a year or period are not independent: the band is as wide
            // as the effective number of results, n ÷ (1 + (n̄ − 1) × common factor).
            let per_group = n as f64 / groups.len().max(1) as f64;
            let nf = (n as f64 / (1.0 + (per_group - 1.0) * common.unwrap_or(0.0))).max(2.0);
            let var_s2 = ((m4 - s2 * s2 * (nf - 3.0) / (nf - 1.0)) / nf).max(0.0);
            let se = if s > 0.0 {
                var_s2.sqrt() / (2.0 * s)
            } else {
                0.0
            };
            let skew = if s > 0.0 { moment(3) / s.powi(3) } else { 0.0 };
            (s, ((s - 1.96 * se).max(0.0), s + 1.96 * se), skew)
        } else {
            (0.0, (0.0, 0.0), 0.0)
        };
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let quantiles = QUANTILES
            .iter()
            .map(|q| {
                (
                    *q,
                    quantile(&sorted, *q),
                    (mean + normal_quantile(*q) * spread).max(0.0),
                )
            })
            .collect();
        let mut levels: BTreeMap<&str, (BTreeSet<&str>, Vec<f64>)> = BTreeMap::new();
        for (_, id, level, a) in &obs {
            let e = levels.entry(level.as_str()).or_default();
            e.0.insert(id.as_str());
            e.1.push(*a);
        }
        let by_level = levels
            .into_iter()
            .filter(|(_, (ids, _))| ids.len() >= MIN_CSMS)
            .map(|(level, (_, v))| {
                let m = v.iter().sum::<f64>() / v.len() as f64;
                let s = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>()
                    / (v.len().max(2) - 1) as f64)
                    .sqrt();
                (level.to_string(), v.len(), s)
            })
            .collect();
        let verdict = if n == 0 {
            Verdict::NotMeasured
        } else if csms < MIN_CSMS {
            Verdict::TooFew
        } else {
            Verdict::Calibrated
        };
        if let (Some(c), Verdict::Calibrated) = (common, &verdict) {
            pooled.0 += c * n as f64;
            pooled.1 += n;
        }
        metrics.push(MetricFit {
            id: comp.id.clone(),
            name: comp.name.clone(),
            n,
            csms,
            groups: groups.len(),
            mean,
            spread,
            band,
            skew,
            common,
            quantiles,
            by_level,
            verdict,
        });
    }
    Calibration {
        metrics,
        correlation: (pooled.1 > 0).then(|| pooled.0 / pooled.1 as f64),
    }
}

/// Why a history scenario cannot calibrate anything, if it cannot: a plan with periods
/// whose last period is not actual.
pub fn not_history(h: &Scenario) -> Option<String> {
    let plan = &h.plan;
    if !plan.has_periods() {
        return None;
    }
    let last = plan.periods.len() - 1;
    match plan.as_of_index() {
        Some(a) if a == last => None,
        Some(a) => Some(format!(
            "its year is not over: {} hold actual results, {}–{} are projections (as_of: \"{}\")",
            if a == 0 {
                plan.periods[0].id.clone()
            } else {
                format!("{}–{}", plan.periods[0].id, plan.periods[a].id)
            },
            plan.periods[a + 1].id,
            plan.periods[last].id,
            plan.periods[a].id
        )),
        None => Some("none of its periods holds actual results (it has no `as_of`)".into()),
    }
}

/// Writes the calibrated spreads (and the common factor, when estimated) into a scenario's
/// risk assumptions, with where they came from: spreads to a hundredth of a point, the
/// common factor to a tenth of a point. Metrics not calibrated keep what they had.
pub fn write_into(scn: &mut Scenario, c: &Calibration, from: Vec<String>, on: String) {
    use rust_decimal::Decimal;
    use rust_decimal::prelude::FromPrimitive;
    let mut risk = scn.assumptions.risk.clone().unwrap_or_default();
    let mut metrics = Vec::new();
    for m in c
        .metrics
        .iter()
        .filter(|m| m.verdict == Verdict::Calibrated)
    {
        if let Some(s) = Decimal::from_f64(m.spread) {
            risk.spreads.insert(m.id.clone(), s.round_dp(4).normalize());
            metrics.push(m.id.clone());
        }
        // A skew that says something (beyond ±0.1) is drawn skewed.
        risk.skews.remove(&m.id);
        if m.skew.abs() >= 0.1
            && let Some(g) = Decimal::from_f64(m.skew.clamp(-0.99, 0.99))
        {
            risk.skews.insert(m.id.clone(), g.round_dp(2).normalize());
        }
        // Levels with enough CSMs get their own spread.
        for (level, _, s) in &m.by_level {
            if let Some(s) = Decimal::from_f64(*s) {
                risk.level_spreads
                    .entry(level.clone())
                    .or_default()
                    .0
                    .insert(m.id.clone(), s.round_dp(4).normalize());
            }
        }
    }
    let correlation = match c.correlation.and_then(Decimal::from_f64) {
        Some(r) if !metrics.is_empty() => {
            risk.correlation = r.round_dp(3).normalize();
            true
        }
        _ => false,
    };
    risk.calibrated = (!metrics.is_empty()).then_some(crate::engine::Calibrated {
        from,
        on,
        metrics,
        correlation,
    });
    scn.assumptions.risk = Some(risk);
}

/// Where the simulation's spreads come from, in words: "spreads: grr 8.21% and churn 15.4%
/// calibrated from fy26.ron on 2026-12-03; the others typed (15%); common factor 30%,
/// typed".
pub fn source_words(scn: &Scenario) -> String {
    use crate::num::pct_exact;
    let risk = scn.assumptions.risk.clone().unwrap_or_default();
    let typed_default = scn.assumptions.risk.is_none();
    let plan = &scn.plan;
    let named = |id: &str| {
        plan.components
            .iter()
            .find(|c| c.id == id)
            .map_or(id.to_string(), |c| c.name.clone())
    };
    let calibrated: Vec<&String> = risk
        .calibrated
        .as_ref()
        .map(|c| c.metrics.iter().collect())
        .unwrap_or_default();
    let own: Vec<String> = plan
        .components
        .iter()
        .filter(|c| !calibrated.contains(&&c.id))
        .filter_map(|c| {
            risk.spreads
                .get(&c.id)
                .map(|s| format!("{} {}", c.name, pct_exact(*s)))
        })
        .collect();
    let mut parts = Vec::new();
    if let Some(c) = &risk.calibrated {
        let list: Vec<String> = c
            .metrics
            .iter()
            .map(|m| format!("{} {}", named(m), pct_exact(risk.spread_for(m))))
            .collect();
        parts.push(format!(
            "{} calibrated from {} on {}",
            list.join(", "),
            c.from.join(", "),
            c.on
        ));
    }
    if !own.is_empty() {
        parts.push(format!("{} typed", own.join(", ")));
    }
    if !risk.level_spreads.is_empty() {
        let levels: Vec<&str> = risk.level_spreads.keys().map(String::as_str).collect();
        match (risk.calibrated.is_some(), parts.first_mut()) {
            (true, Some(first)) => *first += &format!(" (and per level: {})", levels.join(", ")),
            _ => parts.push(format!("own spreads for {}", levels.join(", "))),
        }
    }
    let others = plan
        .components
        .iter()
        .any(|c| !calibrated.contains(&&c.id) && !risk.spreads.contains_key(&c.id));
    if others {
        let rest = if parts.is_empty() {
            "every metric"
        } else {
            "the others"
        };
        parts.push(format!(
            "{rest} {} ({})",
            pct_exact(risk.spread),
            if typed_default {
                "the default"
            } else {
                "typed"
            }
        ));
    }
    let common = match (&risk.calibrated, typed_default) {
        (Some(c), _) if c.correlation => "calibrated",
        (_, true) => "the default",
        _ => "typed",
    };
    let skews: Vec<String> = plan
        .components
        .iter()
        .filter_map(|c| {
            risk.skews
                .get(&c.id)
                .map(|g| format!("{} {}", c.name, crate::num::plain(*g)))
        })
        .collect();
    format!(
        "Spreads: {}; common factor {} ({common}){}.",
        parts.join("; "),
        pct_exact(risk.correlation),
        if skews.is_empty() {
            String::new()
        } else {
            format!("; skewed draws: {}", skews.join(", "))
        }
    )
}
