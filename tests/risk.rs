//! The cost-risk simulation: exact where nothing varies, reproducible, and right against
//! closed forms (docs/risk.md).

mod common;
use common::{run, stderr, stdout};
use cscomp_tui::engine::risk::simulate;
use cscomp_tui::engine::{self, RiskSettings, Scenario};
use cscomp_tui::scenario::{parse, sample};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal_macros::dec;

fn no_variation() -> RiskSettings {
    RiskSettings {
        spread: Decimal::ZERO,
        spif_variation: false,
        ..RiskSettings::default()
    }
}

/// One CSM, one metric (weight 100%) with target variable $10,000, at 100% attainment.
fn one_metric(curve: &str) -> Scenario {
    parse(
        &format!(
            r#"(
    version: 1,
    name: "One metric",
    plan: (
        mix: (variable_share: "10%", basis: OteSplit),
        components: [
            (id: "m", name: "Metric", kind: Activity, weight: "100%", target: "100", unit: Count,
             curve: {curve}),
        ],
    ),
    team: [
        (id: "c1", name: "One", level: "L", ote: "100000", book_arr: "1000000", actuals: {{"m": "100"}}),
    ],
)"#
        ),
        "one.ron",
    )
    .unwrap()
}

#[test]
fn with_every_spread_at_zero_every_trial_is_the_engine_to_the_cent() {
    let s = sample();
    let exact = engine::compute(&s).unwrap().eval;
    let r = simulate(&s, &no_variation(), 500, 7);
    assert_eq!(r.at_projection, exact.team.cash);
    for q in [r.mean, r.p5, r.p10, r.p50, r.p90, r.p95] {
        assert_eq!(q, exact.team.cash);
    }
    for (x, e) in r.csms.iter().zip(&exact.csms) {
        assert_eq!((x.p10, x.p50, x.p90), (e.total, e.total, e.total));
    }
    // The worked example too, whose payouts include an exact half cent elsewhere.
    let w = parse(include_str!("../assets/worked-example.ron"), "w.ron").unwrap();
    let r = simulate(&w, &no_variation(), 50, 1);
    assert_eq!(r.p50, dec!(103960.00));
}

#[test]
fn the_same_seed_gives_the_same_figures_and_another_seed_differs() {
    let s = sample();
    let settings = RiskSettings::default();
    let a = simulate(&s, &settings, 2000, 42);
    let b = simulate(&s, &settings, 2000, 42);
    assert_eq!(a, b);
    let c = simulate(&s, &settings, 2000, 43);
    assert_ne!(a.mean, c.mean);
    assert_ne!(a.p90, c.p90);
    // And through the command line, byte for byte.
    let args = [
        "risk",
        "assets/sample.ron",
        "--trials",
        "1000",
        "--seed",
        "9",
        "--format",
        "json",
    ];
    assert_eq!(stdout(&run(&args)), stdout(&run(&args)));
}

#[test]
fn a_linear_uncapped_curve_costs_on_average_what_it_costs_at_the_projection() {
    // f(a) = a, attainment 100% ± 15 points: E[pay] = $10,000 (P(a < 0) is negligible).
    let s = one_metric(r#"Tiered(threshold: "0%", tiers: [(from: "0%", rate: "1")])"#);
    let r = simulate(&s, &RiskSettings::default(), 20_000, 3);
    let at = r.at_projection.to_f64().unwrap();
    let mean = r.mean.to_f64().unwrap();
    let se = 10_000.0 * 0.15 / (20_000f64).sqrt();
    assert_eq!(at, 100_000.0);
    assert!(
        (mean - at).abs() < 3.0 * se,
        "mean {mean}, at {at}, se {se}"
    );
}

/// Φ and φ of the standard normal.
fn phi(x: f64) -> f64 {
    (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt()
}
fn big_phi(x: f64) -> f64 {
    // Numerical integration of φ from -8 to x (Simpson, fine grid).
    let (a, n) = (-8.0, 20_000);
    let h = (x - a) / n as f64;
    let mut s = phi(a) + phi(x);
    for k in 1..n {
        let t = a + h * k as f64;
        s += if k % 2 == 1 { 4.0 } else { 2.0 } * phi(t);
    }
    s * h / 3.0
}

#[test]
fn a_capped_curve_pays_its_expected_value_within_three_standard_errors() {
    // f(a) = min(a, 1.2): E[min(X, c)] = c − ((c − μ)Φ(d) + σφ(d)), d = (c − μ)/σ.
    let s = one_metric(r#"Tiered(threshold: "0%", tiers: [(from: "0%", rate: "1")], cap: "120%")"#);
    let trials = 20_000;
    let r = simulate(&s, &RiskSettings::default(), trials, 11);
    let (mu, sigma, c) = (1.0f64, 0.15f64, 1.2f64);
    let d = (c - mu) / sigma;
    let expected = 90_000.0 + 10_000.0 * (c - ((c - mu) * big_phi(d) + sigma * phi(d)));
    let mean = r.mean.to_f64().unwrap();
    // The pay's standard deviation is at most 10,000 × σ.
    let se = 10_000.0 * sigma / (trials as f64).sqrt();
    assert!(
        (mean - expected).abs() < 3.0 * se,
        "mean {mean}, expected {expected}, se {se}"
    );
    // Capping makes the average cost lower than the cost at the projection, and says so.
    assert!(r.mean < r.at_projection);
    assert!(r.gap.starts_with("The expected cost is $"), "{}", r.gap);
    assert!(
        r.gap.contains("below the cost at the projections"),
        "{}",
        r.gap
    );
}

#[test]
fn full_correlation_makes_the_team_move_as_one() {
    // Two identical CSMs: with correlation 100% they are paid the same in every year, so
    // every team percentile is exactly twice the CSM's.
    let mut s = one_metric(
        r#"Tiered(threshold: "50%", tiers: [(from: "0%", rate: "1"), (from: "100%", rate: "1.5")], cap: "150%")"#,
    );
    let mut twin = s.team[0].clone();
    twin.id = "c2".into();
    twin.name = "Two".into();
    s.team.push(twin);
    let together = RiskSettings {
        correlation: Decimal::ONE,
        ..RiskSettings::default()
    };
    let r = simulate(&s, &together, 4000, 5);
    assert_eq!(r.p10, r.csms[0].p10 * dec!(2));
    assert_eq!(r.p50, r.csms[0].p50 * dec!(2));
    assert_eq!(r.p90, r.csms[0].p90 * dec!(2));
    assert_eq!(r.csms[0], r.csms[1]);
    // Independent, the spread of the team is narrower than twice one CSM's.
    let apart = RiskSettings {
        correlation: Decimal::ZERO,
        ..RiskSettings::default()
    };
    let r = simulate(&s, &apart, 4000, 5);
    assert!(r.p90 - r.p10 < (r.csms[0].p90 - r.csms[0].p10) * dec!(2));
}

#[test]
fn health_and_fairness_are_exact_on_a_small_team_that_does_not_vary() {
    // The worked example's CSM at projection: GRR 103% (threshold 50%, cap 150%: reached
    // neither floor nor cap), activities 105% (steps 80/100/110%: not the top step),
    // expansion 130% (cap 200%). Every opportunity is above threshold, all at or above
    // target, none at a cap.
    let w = parse(include_str!("../assets/worked-example.ron"), "w.ron").unwrap();
    let r = simulate(&w, &no_variation(), 10, 1);
    assert_eq!(r.health.below_threshold, dec!(0));
    assert_eq!(r.health.at_or_above_target, dec!(1));
    assert_eq!(r.health.at_cap, dec!(0));
    // Variable $23,960 on a target of $20,000.
    assert_eq!(r.health.leverage, dec!(1.198));
    assert_eq!(r.csms[0].outcome_share, dec!(0));
    assert!(!r.csms[0].flagged);
    // GRR is the only outcome metric: 40% of the target variable rests on it.
    assert_eq!(r.csms[0].outcome_weight, dec!(0.4));
    assert_eq!(r.fairness.rank_correlation, None);
    // Activities at 115% instead: the top step (110%) is reached, 30% of the weight.
    let mut top = w.clone();
    top.team[0].actuals.insert("activities", dec!(0.92));
    let r = simulate(&top, &no_variation(), 10, 1);
    assert_eq!(r.health.at_cap, dec!(0.3));
    // Three CSMs whose pay ranks exactly as their controllable attainment: correlation 1.
    let mut three = sample();
    three.team.truncate(3);
    for (k, c) in three.team.iter_mut().enumerate() {
        c.level = "L".into();
        c.ote = dec!(100000);
        for v in c.actuals.values_mut() {
            *v *= Decimal::ONE + Decimal::new(k as i64, 1);
        }
    }
    let r = simulate(&three, &no_variation(), 10, 1);
    assert_eq!(r.fairness.rank_correlation, Some(dec!(1)));
    assert_eq!(r.fairness.by_level.len(), 1);
    assert_eq!(r.fairness.by_level[0].csms, 3);
    let exact = engine::compute(&three).unwrap().eval;
    assert_eq!(r.fairness.by_level[0].cash, exact.team.cash);
}

#[test]
fn the_command_line_reports_in_four_formats_and_refuses_bad_flags() {
    let o = run(&[
        "risk",
        "assets/sample.ron",
        "--trials",
        "2000",
        "--seed",
        "3",
        "--budget",
        "1600000",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["trials"], 2000);
    assert_eq!(v["seed"], 3);
    assert_eq!(v["budget"], "1600000.00");
    assert_eq!(v["team"]["at_projection"], "1566307.04");
    for k in ["mean", "p5", "p10", "p50", "p90", "p95"] {
        let s = v["team"][k].as_str().unwrap();
        assert!(s.split_once('.').unwrap().1.len() == 2, "{k}: {s}");
    }
    let p: Decimal = v["team"]["p_over_budget"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(p > dec!(0) && p < dec!(1));
    for k in [
        "below_threshold",
        "at_or_above_target",
        "at_cap",
        "leverage",
    ] {
        assert!(v["health"][k].is_string(), "{k}");
    }
    assert_eq!(v["csms"].as_array().unwrap().len(), 15);
    assert_eq!(v["csms"][0]["id"], "csm-01");
    let table = stdout(&run(&["risk", "assets/sample.ron", "--trials", "500"]));
    assert!(
        table.starts_with("Sample team FY27 — cost risk, 500 simulated years (seed 1)\n"),
        "{table}"
    );
    assert!(
        table.contains("Team cash at the projections  $1,566,307.04\n"),
        "{table}"
    );
    let csv = stdout(&run(&[
        "risk",
        "assets/sample.ron",
        "--trials",
        "500",
        "--format",
        "csv",
    ]));
    assert!(
        csv.starts_with(
            "id,name,level,p10,p50,p90,outcome_share,flagged\ncsm-01,Alex Morgan,CSM II,"
        ),
        "{csv}"
    );
    let md = stdout(&run(&[
        "risk",
        "assets/sample.ron",
        "--trials",
        "500",
        "--format",
        "markdown",
    ]));
    assert!(md.starts_with("# Sample team FY27: cost risk\n"), "{md}");
    let o = run(&["risk", "assets/sample.ron", "--trials", "0"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["risk", "assets/sample.ron", "--budget", "12%"]);
    assert_eq!(
        stderr(&o),
        "error: --budget 12%: a budget is money, e.g. 1600000 or $1,600,000\n"
    );
}

#[test]
fn a_long_simulation_draws_no_progress_where_stderr_is_not_a_terminal() {
    // Long enough (several seconds in a test build) for the progress bar to be due: with
    // standard error captured, nothing is drawn and the report is the same.
    let d = tempfile::tempdir().unwrap();
    let big = d.path().join("big.ron");
    let o = common::run(&["new", big.to_str().unwrap(), "--team-size", "3000"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let o = common::run(&[
        "risk",
        big.to_str().unwrap(),
        "--trials",
        "1500",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert_eq!(common::stderr(&o), "");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["trials"], 1500);
}

fn quarterly() -> Scenario {
    parse(
        include_str!("../assets/quarterly.ron"),
        "assets/quarterly.ron",
    )
    .unwrap()
}

#[test]
fn a_joiners_pay_is_a_share_of_the_ote_of_their_employed_periods() {
    // Grace Liu (csm-16) joins in Q3: her OTE of $80,000 is prorated to the two quarters
    // she works, and her pay is a share of that, not of the full year's OTE.
    let q = quarterly();
    let i = q.team.iter().position(|c| c.id == "csm-16").unwrap();
    let exact = engine::compute(&q).unwrap().eval;
    let prorated = exact.csms[i].ote;
    assert!(prorated < q.team[i].ote, "{prorated}");
    let r = simulate(&q, &RiskSettings::default(), 1000, 1);
    let share = r.csms[i].pct_of_ote;
    assert_eq!(share, (r.csms[i].p50 / prorated).round_dp(4));
    assert!(share > dec!(0.9) && share < dec!(1.1), "{share}");
    // Her level's range of median pay no longer starts near half of OTE.
    let level = r
        .fairness
        .by_level
        .iter()
        .find(|l| l.level == "CSM I")
        .unwrap();
    assert!(level.pct_of_ote.0 > dec!(0.8), "{:?}", level.pct_of_ote);
    // The command line says the same, per CSM and by level.
    let o = run(&[
        "risk",
        "assets/quarterly.ron",
        "--trials",
        "1000",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let grace = &v["csms"][i];
    assert_eq!(grace["name"], "Grace Liu");
    let shown: Decimal = grace["p50_pct_of_ote"].as_str().unwrap().parse().unwrap();
    assert_eq!(shown, share);
    let table = stdout(&run(&["risk", "assets/quarterly.ron", "--trials", "1000"]));
    let row = table
        .lines()
        .find(|l| l.starts_with("csm-16"))
        .unwrap_or_default();
    let pct = cscomp_tui::num::pct(share, 0);
    assert!(row.contains(&pct), "{pct} in {row}\n{table}");
}

#[test]
fn a_simulation_taken_further_in_steps_reports_what_one_run_does() {
    use cscomp_tui::engine::eval::TeamInputs;
    use cscomp_tui::engine::evaluate::evaluate_with;
    use cscomp_tui::engine::risk::Simulation;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    let s = sample();
    let settings = RiskSettings::default();
    let inputs = TeamInputs::new(&s);
    let eval = evaluate_with(&s, &inputs, s.assumptions.attainment_scale);
    let done = AtomicU64::new(0);
    let mut sim = Simulation::new(&s, &inputs, &eval, &settings, 5);
    assert!(sim.run(37, &done, &|| false));
    assert_eq!(sim.report(), simulate(&s, &settings, 37, 5));
    // A run told to stop gives up, and what it gave up is simulated again later.
    let asked = AtomicUsize::new(0);
    let stop = || asked.fetch_add(1, Ordering::Relaxed) > 100;
    assert!(!sim.run(3000, &done, &stop));
    assert!(sim.trials() < 3000);
    assert!(sim.run(3000, &done, &|| false));
    assert_eq!(sim.trials(), 3000);
    assert_eq!(sim.report(), simulate(&s, &settings, 3000, 5));
    // The quarterly sample, whose joiner and past periods take other paths.
    let q = quarterly();
    let inputs = TeamInputs::new(&q);
    let eval = evaluate_with(&q, &inputs, q.assumptions.attainment_scale);
    let mut sim = Simulation::new(&q, &inputs, &eval, &settings, 9);
    for step in [20, 200, 1000] {
        assert!(sim.run(step, &done, &|| false));
    }
    assert_eq!(sim.report(), simulate(&q, &settings, 1000, 9));
}

#[test]
fn refining_starts_from_a_small_first_estimate_on_a_large_team_and_ends_at_the_full_count() {
    use cscomp_tui::engine::risk::refine_steps;
    // 15 CSMs × 6 metrics: 200 years first, as before.
    assert_eq!(
        refine_steps(90, 10_000),
        [200, 500, 1000, 2000, 5000, 10_000]
    );
    // 10,000 CSMs × 6 metrics: 3,000,000 cells at most first (50 years).
    assert_eq!(
        refine_steps(60_000, 10_000),
        [50, 200, 500, 1000, 2000, 5000, 10_000]
    );
    // Never under 20 years, never past the count asked for.
    assert_eq!(refine_steps(600_000, 10_000)[0], 20);
    assert_eq!(refine_steps(90, 150), [150]);
    assert_eq!(refine_steps(90, 3000), [200, 500, 1000, 2000, 3000]);
    assert_eq!(refine_steps(90, 1), [1]);
}

#[test]
fn each_simulated_figure_carries_its_standard_error() {
    // f(a) = a: pay = $90,000 + $10,000 × a, a ~ N(100%, 15 points): a normal pay with
    // standard deviation $1,500. The mean's standard error is $1,500 ÷ √n; P90's is
    // √(0.9 × 0.1 ÷ n) ÷ φ(1.2816) × $1,500 = 1.709 × $1,500 ÷ √n.
    let s = one_metric(r#"Tiered(threshold: "0%", tiers: [(from: "0%", rate: "1")])"#);
    let n = 20_000u32;
    let r = simulate(&s, &RiskSettings::default(), n, 3);
    let root = f64::from(n).sqrt();
    let near = |got: Decimal, want: f64, tol: f64| {
        let got = got.to_f64().unwrap();
        assert!((got - want).abs() <= want * tol, "{got} vs {want}");
    };
    near(r.precision.mean, 1500.0 / root, 0.05);
    near(r.precision.p90, 1.709 * 1500.0 / root, 0.25);
    near(r.precision.p10, 1.709 * 1500.0 / root, 0.25);
    near(r.precision.p50, 1.2533 * 1500.0 / root, 0.25);
    // Fewer years, less precision: about √(20,000 ÷ 200) = 10 times the error.
    let few = simulate(&s, &RiskSettings::default(), 200, 3);
    assert!(
        few.precision.p90 > r.precision.p90 * dec!(5),
        "{:?}",
        few.precision
    );
    // Nothing varies: every figure is exact.
    let r = simulate(&sample(), &no_variation(), 300, 1);
    assert_eq!(r.precision, Default::default());
    assert!(r.csms.iter().all(|c| c.se == [Decimal::ZERO; 3]));
    // A chance over budget is known to about a year in the count even at 0%.
    let mut b = sample();
    b.plan.budget = Some(engine::Budget {
        amount: dec!(10000000),
        basis: engine::BudgetBasis::Cash,
    });
    let r = simulate(&b, &RiskSettings::default(), 400, 1);
    assert_eq!(r.p_over_budget, Some(Decimal::ZERO));
    assert_eq!(r.precision.p_over_budget, Some(dec!(0.0025)));
}

#[test]
fn figures_are_shown_to_the_precision_their_sample_supports() {
    use cscomp_tui::engine::risk_words::{money_about, money_rounded, share_about, step};
    use cscomp_tui::num::{money, money_whole};
    assert_eq!(step(dec!(12345), Decimal::ONE), dec!(10000));
    assert_eq!(step(dec!(9.99), Decimal::ONE), dec!(1));
    assert_eq!(step(dec!(0.4), Decimal::ONE), Decimal::ZERO);
    assert_eq!(
        money_about(dec!(1612599.31), dec!(12345), money_whole),
        "$1,610,000 ± $10,000"
    );
    assert_eq!(
        money_about(dec!(1612599.31), dec!(690), money_whole),
        "$1,612,600 ± $700"
    );
    assert_eq!(
        money_about(dec!(1612599.31), dec!(960), money_whole),
        "$1,612,600 ± $1,000"
    );
    // Exact when nothing varies.
    assert_eq!(
        money_about(dec!(1566307.04), Decimal::ZERO, money),
        "$1,566,307.04"
    );
    assert_eq!(money_rounded(dec!(5416.50), dec!(410)), "$5,400");
    assert_eq!(share_about(dec!(0.1712), dec!(0.0038)), "17.1% ± 0.4%");
    assert_eq!(share_about(dec!(0.1712), dec!(0.027)), "17% ± 3%");
    // The sample team over 20 years: P90 to the nearest $10,000, said with its ±.
    let r = simulate(&sample(), &RiskSettings::default(), 20, 1);
    assert_eq!(
        step(r.precision.p90, Decimal::ONE),
        dec!(10000),
        "{:?}",
        r.precision
    );
}

#[test]
fn the_command_line_says_what_each_figure_means_and_how_precise_it_is() {
    let args = |format: &'static str| {
        [
            "risk",
            "assets/sample.ron",
            "--trials",
            "500",
            "--budget",
            "1600000",
            "--format",
            format,
        ]
    };
    let r = simulate(
        &{
            let mut s = sample();
            s.plan.budget = Some(engine::Budget {
                amount: dec!(1600000),
                basis: engine::BudgetBasis::Cash,
            });
            s
        },
        &RiskSettings::default(),
        500,
        1,
    );
    let p90 = cscomp_tui::engine::risk_words::money_about(
        r.p90,
        r.precision.p90,
        cscomp_tui::num::money_whole,
    );
    assert!(p90.contains(" ± $"), "{p90}");
    let table = stdout(&run(&args("table")));
    // Each figure: its label, its value to the precision 500 years allow, and below it
    // what it means.
    let lines: Vec<&str> = table.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("P90 "))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(lines[at].ends_with(&p90), "{}", lines[at]);
    assert_eq!(
        lines[at + 1].trim(),
        "in 9 of 10 simulated years the team costs this or less; 1 year in 10 costs more"
    );
    for meaning in [
        "what the team costs if every CSM lands exactly on their projection",
        "the middle year: half the simulated years cost less, half more",
        "the share of simulated years in which the team costs more than the budget: about 1 year in",
        "the share where a CSM reaches 100% of target or more",
        "9 in 10 CSM-years earn at most",
        "CSMs who do better on what they control are paid more",
        "Simulated figures are rounded to what 500 simulated years can tell apart",
        "P50 % of OTE: the middle year's pay as a share of the OTE",
        "Median % of OTE: the lowest and highest",
    ] {
        // Wrapped over lines: read whole again.
        let flat = table.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(meaning), "{meaning}\n{table}");
    }
    assert!(
        table.contains("Team cash at the projections    $1,566,307.04\n"),
        "{table}"
    );
    let md = stdout(&run(&args("markdown")));
    assert!(md.contains("| Figure | Value | What it means |\n"), "{md}");
    assert!(
        md.contains(&format!(
            "| P90 | {p90} | in 9 of 10 simulated years the team costs this or less; 1 year in 10 costs more |\n"
        )),
        "{md}"
    );
    // JSON keeps its keys and exact values, and adds each figure's meaning and standard
    // error beside them.
    let v: serde_json::Value = serde_json::from_str(&stdout(&run(&args("json")))).unwrap();
    assert_eq!(v["team"]["p90"], cscomp_tui::num::money_plain(r.p90));
    assert_eq!(
        v["team"]["standard_error"]["p90"],
        cscomp_tui::num::money_plain(r.precision.p90)
    );
    assert_eq!(
        v["team"]["meaning"]["p90"],
        "in 9 of 10 simulated years the team costs this or less; 1 year in 10 costs more"
    );
    for k in [
        "at_projection",
        "mean",
        "p5",
        "p10",
        "p50",
        "p95",
        "p_over_budget",
    ] {
        assert!(v["team"]["meaning"][k].is_string(), "{k}");
    }
    for k in [
        "below_threshold",
        "at_or_above_target",
        "at_cap",
        "leverage",
    ] {
        assert!(v["health"]["meaning"][k].is_string(), "{k}");
    }
    assert!(v["fairness"]["meaning"]["rank_correlation"].is_string());
    assert!(v["csms"][0]["standard_error"]["p90"].is_string());
}

#[test]
fn gates_and_modifiers_in_the_simulation() {
    use cscomp_tui::engine::{Gate, Modifier};
    let s = sample();
    let settings = RiskSettings::default();
    let plain = simulate(&s, &settings, 2000, 42);
    let exp = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "expansion")
        .unwrap();
    // A gate that is always open draws the same years and pays the same: every figure
    // equal.
    let mut open = s.clone();
    open.plan.components[exp].gates = vec![Gate {
        metric: "grr".into(),
        at_least: Some(dec!(0)),
        at_most: None,
    }];
    assert_eq!(simulate(&open, &settings, 2000, 42), plain);
    // A gate nobody opens takes expansion pay out of every simulated year.
    let mut shut = s.clone();
    shut.plan.components[exp].gates = vec![Gate {
        metric: "grr".into(),
        at_least: Some(dec!(5)),
        at_most: None,
    }];
    let a = simulate(&shut, &settings, 2000, 42);
    assert!(a.mean < plain.mean);
    // With no spread, the gated simulation is the engine to the cent.
    let exact = engine::evaluate(&shut);
    let r = simulate(&shut, &no_variation(), 100, 3);
    assert_eq!(r.p50, exact.team.cash);
    // A modifier fixed at 1× (bounds 1–1) changes nothing; with spread it moves pay.
    let nps = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "nps")
        .unwrap();
    let results = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "results")
        .unwrap();
    let mut one = s.clone();
    let moved = one.plan.components[nps].weight;
    one.plan.components[results].weight += moved;
    one.plan.components[nps].weight = dec!(0);
    one.plan.components[nps].modifier = Some(Modifier {
        min: dec!(1),
        max: dec!(1),
        metrics: Vec::new(),
    });
    let exact = engine::evaluate(&one);
    let r = simulate(&one, &no_variation(), 100, 3);
    assert_eq!(r.p50, exact.team.cash);
    let mut wide = one.clone();
    if let Some(m) = wide.plan.components[nps].modifier.as_mut() {
        m.min = dec!(0.5);
        m.max = dec!(1.5);
    }
    let a = simulate(&one, &settings, 2000, 42);
    let b = simulate(&wide, &settings, 2000, 42);
    assert_ne!(a.p90, b.p90);
}
