//! Calibrating the simulation from history (docs/risk.md, "Calibrating from history"):
//! on synthetic years drawn from known spreads the estimates fall within their bands, the
//! common factor is found, a metric with five CSMs is flagged and one the history does not
//! measure is left; the command writes the spreads and says where they came from.

mod common;

use common::{run, stderr, stdout};
use cscomp_tui::analysis::calibrate::{Verdict, calibrate};
use cscomp_tui::engine::{Csm, PeriodValues, Scenario};
use cscomp_tui::scenario::{QUARTERLY_RON, parse, to_ron};
use rand::SeedableRng;
use rand_distr::{Distribution, Normal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

fn quarterly() -> Scenario {
    parse(QUARTERLY_RON, "q").unwrap()
}

/// A year of `n` CSMs, every quarter actual: GRR (annual, target 90%) drawn with spread
/// `sd_grr` around 100%; written-strategy activities (per quarter) with spread `sd_act` of
/// which a share `rho` is common to the quarter.
fn year(n: usize, seed: u64, sd_grr: f64, sd_act: f64, rho: f64) -> Scenario {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let z = Normal::new(0.0, 1.0).unwrap();
    let mut s = quarterly();
    s.plan.as_of = Some("Q4".into());
    let template = s.team[0].clone();
    let quarter: Vec<f64> = (0..4).map(|_| z.sample(&mut rng)).collect();
    let dec = |x: f64| Decimal::from_f64(x).unwrap().round_dp(6);
    s.team = (0..n)
        .map(|i| {
            let mut c = Csm {
                id: format!("c{i}"),
                name: format!("CSM {i}"),
                level: if i % 2 == 0 {
                    "CSM I".into()
                } else {
                    "CSM II".into()
                },
                start: None,
                end: None,
                ..template.clone()
            };
            c.actuals.clear();
            c.targets.clear();
            c.periods.clear();
            let grr = (1.0 + sd_grr * z.sample(&mut rng)).max(0.0);
            c.actuals.insert("grr", dec(grr * 0.9));
            for (p, q) in ["Q1", "Q2", "Q3", "Q4"].iter().enumerate() {
                let e = z.sample(&mut rng);
                let a =
                    (1.0 + sd_act * (rho.sqrt() * quarter[p] + (1.0 - rho).sqrt() * e)).max(0.0);
                let target = if p == 0 { 0.8 } else { 0.95 };
                let mut pv = PeriodValues::default();
                pv.actuals.insert("activities", dec(a * target));
                c.periods.insert(q, pv);
            }
            c
        })
        .collect();
    s
}

#[test]
fn estimates_fall_within_their_bands_on_known_spreads() {
    for seed in [1u64, 2, 3] {
        // Five years of 240 CSMs: 20 quarters for the common factor.
        let years: Vec<Scenario> = (0..5)
            .map(|y| year(240, seed * 100 + y, 0.08, 0.15, 0.3))
            .collect();
        let c = calibrate(&quarterly(), &years);
        let m = |id: &str| c.metrics.iter().find(|m| m.id == id).unwrap();
        let grr = m("grr");
        assert_eq!(grr.verdict, Verdict::Calibrated);
        assert_eq!((grr.n, grr.csms, grr.groups), (1200, 240, 5));
        assert!(
            grr.band.0 <= 0.08 && 0.08 <= grr.band.1,
            "seed {seed}: {grr:?}"
        );
        assert!((grr.mean - 1.0).abs() < 0.01, "{grr:?}");
        assert!(grr.skew.abs() < 0.3, "{grr:?}");
        let act = m("activities");
        assert_eq!((act.n, act.groups), (4800, 20));
        assert!(
            act.band.0 <= 0.15 && 0.15 <= act.band.1,
            "seed {seed}: {act:?}"
        );
        assert!(act.band.1 - act.band.0 < 0.08, "seed {seed}: {act:?}");
        let rho = act.common.unwrap();
        assert!((rho - 0.3).abs() < 0.2, "seed {seed}: common factor {rho}");
        // The fitted quantiles of a normal history lie close to the observed ones.
        for (_, observed, fitted) in &act.quantiles {
            assert!((observed - fitted).abs() < 0.05, "{act:?}");
        }
        // Metrics the history has no results for are not calibrated.
        assert_eq!(m("churn").verdict, Verdict::NotMeasured);
        assert_eq!(m("ebr").verdict, Verdict::NotMeasured);
        assert!(c.correlation.is_some());
    }
}

#[test]
fn a_metric_with_five_csms_is_flagged_and_left_alone() {
    let mut y = year(40, 9, 0.1, 0.1, 0.0);
    for (i, c) in y.team.iter_mut().enumerate().take(5) {
        c.actuals
            .insert("expansion", Decimal::from(80_000 + 10_000 * i as i64));
    }
    let c = calibrate(&quarterly(), &[y.clone()]);
    let e = c.metrics.iter().find(|m| m.id == "expansion").unwrap();
    assert_eq!((e.verdict.clone(), e.csms), (Verdict::TooFew, 5));
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("fy26.ron");
    std::fs::write(&history, to_ron(&y)).unwrap();
    let plan = dir.path().join("plan.ron");
    std::fs::write(&plan, to_ron(&quarterly())).unwrap();
    let o = run(&[
        "calibrate",
        history.to_str().unwrap(),
        "--into",
        plan.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("- Expansion ARR: only 5 CSMs: too few to say anything (fewer than 10); its spread stays 15%.\n"),
        "{text}"
    );
    assert!(
        text.contains("- Logo churn: the history has no results for it: not calibrated; its spread stays 15%.\n"),
        "{text}"
    );
    // Only the calibrated metrics are written, with where they came from.
    let written = cscomp_tui::scenario::load(&plan).unwrap();
    assert_eq!(written.version, 6);
    let risk = written.assumptions.risk.unwrap();
    let cal = risk.calibrated.clone().unwrap();
    assert_eq!(
        cal.metrics,
        vec!["grr".to_string(), "activities".to_string()]
    );
    assert_eq!(cal.from, vec![history.to_str().unwrap().to_string()]);
    assert!(!risk.spreads.contains_key("expansion"));
    // Each level with 10 CSMs or more (20 each here) gets its own spreads.
    let levels: Vec<&String> = risk.level_spreads.keys().collect();
    assert_eq!(levels, ["CSM I", "CSM II"]);
    assert_eq!(
        risk.level_spreads["CSM I"].0.keys().collect::<Vec<_>>(),
        ["activities", "grr"]
    );
    assert_eq!(cal.on.len(), 10);
    // `risk` says where its spreads come from.
    let o = run(&["risk", plan.to_str().unwrap(), "--trials", "200"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let line = stdout(&o).lines().nth(1).unwrap().to_string();
    assert!(
        line.starts_with("Spreads: Gross revenue retention ")
            && line.contains(&format!(
                " calibrated from {} on {} (and per level: CSM I, CSM II); the others 15% (typed); common factor ",
                history.to_str().unwrap(),
                cal.on
            )),
        "{line}"
    );
}

#[test]
fn a_year_not_over_and_an_empty_history_are_refused() {
    let o = run(&[
        "calibrate",
        "assets/quarterly.ron",
        "--into",
        "assets/quarterly.ron",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: assets/quarterly.ron: its year is not over: Q1–Q2 hold actual results, Q3–Q4 are projections (as_of: \"Q2\"); calibrate reads years that are over\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut empty = year(12, 1, 0.1, 0.1, 0.0);
    for c in &mut empty.team {
        c.actuals.clear();
        c.periods.clear();
    }
    let history = dir.path().join("empty.ron");
    std::fs::write(&history, to_ron(&empty)).unwrap();
    let plan = dir.path().join("plan.ron");
    std::fs::write(&plan, to_ron(&quarterly())).unwrap();
    let before = std::fs::read(&plan).unwrap();
    let o = run(&[
        "calibrate",
        history.to_str().unwrap(),
        "--into",
        plan.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nothing calibrated"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&plan).unwrap(), before);
}

/// A level's own spread is the one its CSMs are simulated with: with every other spread at
/// zero, only that level's pay varies.
#[test]
fn a_levels_own_spread_is_what_its_csms_are_simulated_with() {
    use cscomp_tui::engine::{LevelSpreads, RiskSettings};
    let s = cscomp_tui::scenario::sample();
    let still = RiskSettings {
        spread: Decimal::ZERO,
        spif_variation: false,
        ..RiskSettings::default()
    };
    let cash = cscomp_tui::engine::evaluate(&s).team.cash;
    let r = cscomp_tui::engine::risk::simulate(&s, &still, 500, 3);
    assert_eq!((r.p10, r.p90), (cash, cash));
    let mut one = still.clone();
    let level = s.team[0].level.clone();
    let mut spreads = LevelSpreads::default();
    for c in &s.plan.components {
        spreads.0.insert(c.id.clone(), Decimal::new(3, 1));
    }
    one.level_spreads.insert(level.clone(), spreads);
    let r = cscomp_tui::engine::risk::simulate(&s, &one, 500, 3);
    assert!(r.p90 > cash && r.p10 < cash, "{} {} {}", r.p10, cash, r.p90);
    for (c, x) in s.team.iter().zip(&r.csms) {
        if c.level != level {
            assert_eq!(x.p10, x.p90, "{} does not vary", c.id);
        }
    }
}
