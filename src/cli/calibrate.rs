//! `calibrate HISTORY... --into FILE`: the simulation's spreads and common factor estimated
//! from years whose results are all actual, with a report of how well they fit (docs/risk.md,
//! "Calibrating from history").

use super::Format;
use crate::analysis::calibrate::{Calibration, MIN_CSMS, MetricFit, Verdict};
use crate::engine::Scenario;
use crate::output::report::aligned;

fn pts(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// What a metric's line says about its fit and what was done.
fn verdict(m: &MetricFit, was: &str) -> String {
    match m.verdict {
        Verdict::Calibrated => {
            let mut s = format!(
                "spread {} (95% band {}–{})",
                pts(m.spread),
                pts(m.band.0),
                pts(m.band.1)
            );
            if m.skew.abs() >= 0.1 {
                s += &format!(
                    "; skewed ({:+.2}): results reach further {} the mean, and are drawn so{}",
                    m.skew,
                    if m.skew > 0.0 { "above" } else { "below" },
                    if m.skew.abs() > 0.99 {
                        " as far as a skew-normal goes (±0.99)"
                    } else {
                        ""
                    }
                );
            }
            s
        }
        Verdict::TooFew => format!(
            "only {} CSM{}: too few to say anything (fewer than {MIN_CSMS}); its spread stays {was}",
            m.csms,
            if m.csms == 1 { "" } else { "s" }
        ),
        Verdict::NotMeasured => {
            format!("the history has no results for it: not calibrated; its spread stays {was}")
        }
    }
}

/// The fit report.
pub fn render(scn: &Scenario, from: &[String], c: &Calibration, format: Format) -> String {
    let risk = scn.assumptions.risk.clone().unwrap_or_default();
    let was = |m: &MetricFit| crate::num::pct_exact(risk.spread_for(&m.id));
    match format {
        Format::Json => {
            let metrics: Vec<serde_json::Value> = c
                .metrics
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "id": m.id,
                        "name": m.name,
                        "calibrated": m.verdict == Verdict::Calibrated,
                        "verdict": verdict(m, &was(m)),
                        "observations": m.n,
                        "csms": m.csms,
                        "groups": m.groups,
                        "mean": m.mean,
                        "spread": m.spread,
                        "spread_band": [m.band.0, m.band.1],
                        "skew": m.skew,
                        "common_factor": m.common,
                        "quantiles": m.quantiles.iter().map(|(q, o, f)| serde_json::json!({"q": q, "observed": o, "fitted": f})).collect::<Vec<_>>(),
                        "by_level": m.by_level.iter().map(|(l, n, s)| serde_json::json!({"level": l, "observations": n, "spread": s})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let v = serde_json::json!({
                "scenario": scn.name,
                "from": from,
                "common_factor": c.correlation,
                "metrics": metrics,
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        _ => {
            let mut out = format!(
                "Calibrating `{}` from {} ({} file{})\n\n",
                crate::text::escape_invisible(&scn.name),
                from.join(", "),
                from.len(),
                if from.len() == 1 { "" } else { "s" }
            );
            let header = [
                "Metric",
                "Results",
                "CSMs",
                "Mean",
                "Spread",
                "Skew",
                "Common",
                "P10 obs/fit",
                "P50 obs/fit",
                "P90 obs/fit",
            ]
            .map(String::from);
            let q = |m: &MetricFit, i: usize| {
                m.quantiles.get(i).map_or("—".into(), |(_, o, f)| {
                    format!("{} / {}", pts(*o), pts(*f))
                })
            };
            let rows: Vec<Vec<String>> = c
                .metrics
                .iter()
                .map(|m| {
                    if m.n == 0 {
                        return vec![
                            m.name.clone(),
                            "0".into(),
                            "0".into(),
                            "—".into(),
                            "—".into(),
                            "—".into(),
                            "—".into(),
                            "—".into(),
                            "—".into(),
                            "—".into(),
                        ];
                    }
                    vec![
                        m.name.clone(),
                        m.n.to_string(),
                        m.csms.to_string(),
                        pts(m.mean),
                        pts(m.spread),
                        format!("{:+.2}", m.skew),
                        m.common.map_or("—".into(), pts),
                        q(m, 0),
                        q(m, 2),
                        q(m, 4),
                    ]
                })
                .collect();
            out += &aligned(
                &header,
                &rows,
                &[false, true, true, true, true, true, true, true, true, true],
            );
            out += "\n";
            for m in &c.metrics {
                out += &format!("- {}: {}.\n", m.name, verdict(m, &was(m)));
                for (level, n, s) in &m.by_level {
                    out += &format!("    {level}: {n} results, spread {}\n", pts(*s));
                }
            }
            out += &match c.correlation {
                Some(r) => format!(
                    "\nCommon factor (the share of the variance a whole year or period shares): {}, pooled over the calibrated metrics.\n",
                    pts(r)
                ),
                None => format!(
                    "\nCommon factor: not estimated (it needs results from two years or periods or more); it stays {}.\n",
                    crate::num::pct_exact(risk.correlation)
                ),
            };
            out += "Results: one per CSM and year for a metric measured over the year, per CSM and period for one measured each period. Obs/fit: the observed quantile against the normal with the same mean and spread.\n";
            out
        }
    }
}
