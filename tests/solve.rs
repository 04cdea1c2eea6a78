//! Parameter paths and solving a plan parameter for a budget, exactly.

use cscomp_tui::analysis::solve::{Figure, solve};
use cscomp_tui::engine::params::Param;
use cscomp_tui::engine::{self, Scenario};
use cscomp_tui::scenario::sample;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn cash(scn: &Scenario) -> Decimal {
    engine::compute(scn).unwrap().eval.team.cash
}

fn with(scn: &Scenario, p: Param, v: Option<Decimal>) -> Scenario {
    let mut s = scn.clone();
    let inputs = engine::eval::TeamInputs::new(&s);
    let locks = vec![false; s.plan.components.len()];
    p.apply(&mut s, &inputs, v, &locks).unwrap();
    s
}

#[test]
fn every_parameter_has_a_path_that_names_it_back() {
    let s = sample();
    let paths: Vec<String> = Param::all(&s).iter().map(|p| p.path(&s)).collect();
    assert_eq!(
        &paths[..6],
        [
            "variable_share",
            "basis",
            "level.\"Principal CSM\".variable_share",
            "level.\"Principal CSM\".basis",
            "level.\"Senior CSM\".variable_share",
            "level.\"Senior CSM\".basis",
        ]
    );
    assert!(paths.contains(&"grr.accelerator".to_string()));
    assert!(paths.contains(&"activities.first_step".to_string()));
    assert!(paths.contains(&"activities.top_step".to_string()));
    assert!(paths.contains(&"spif.c-level.amount".to_string()));
    // The what-if last: the team's attainment, then each metric's.
    let at = paths.iter().position(|p| p == "attainment_scale").unwrap();
    assert_eq!(
        paths[at + 1..],
        [
            "grr.attainment",
            "churn.attainment",
            "activities.attainment",
            "expansion.attainment",
            "results.attainment",
            "nps.attainment"
        ]
    );
    for p in Param::all(&s) {
        assert_eq!(Param::from_path(&s, &p.path(&s)), Ok(p));
    }
    // Quotes are optional for plain names, and aliases name a step curve's steps.
    assert_eq!(
        Param::from_path(&s, "spif.\"c-level\".amount"),
        Ok(Param::SpifAmount(0))
    );
    assert_eq!(
        Param::from_path(&s, "activities.threshold"),
        Param::from_path(&s, "activities.first_step")
    );
    let e = Param::from_path(&s, "grr.wieght").unwrap_err();
    assert!(
        e.starts_with("`grr.wieght` is not a parameter of this plan; its parameters are: variable_share, basis, "),
        "{e}"
    );
    assert!(Param::from_path(&s, "level.\"Senior").is_err());
}

#[test]
fn variable_share_for_a_cash_budget_is_the_highest_share_within_it() {
    let s = sample();
    // Team cash at 20% is $1,566,307.04; at 25%, $1,565,396.34 (the plan's accelerators
    // make cash fall a little as the share rises, then rise): search, don't assume.
    let budget = dec!(1560000);
    let r = solve(&s, Param::VariableShare, &[], Figure::Cash, budget).unwrap();
    assert!(r.met);
    let v = r.value.unwrap();
    assert!(r.figure <= budget);
    assert_eq!(r.figure, cash(&with(&s, Param::VariableShare, Some(v))));
    // No value on the 0.01% grid comes closer without going over.
    let grid: Vec<Decimal> = (0..=6000).map(|k| Decimal::new(k, 4)).collect();
    let best = grid
        .iter()
        .map(|&g| cash(&with(&s, Param::VariableShare, Some(g))))
        .filter(|c| *c <= budget)
        .max()
        .unwrap();
    assert_eq!(r.figure, best);
}

mod common;
use common::{run, stderr, stdout};

/// `calc --set X=v` prints exactly what `calc` prints for a file with X = v.
#[test]
fn set_on_the_command_line_equals_the_file_edited_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample();
    let cases: Vec<(Vec<&str>, Scenario)> = vec![
        (
            vec!["variable_share=25%"],
            with(&s, Param::VariableShare, Some(dec!(0.25))),
        ),
        (vec!["grr.cap=none"], with(&s, Param::Cap(0), None)),
        (
            vec!["level.\"Senior CSM\".variable_share=28%"],
            with(&s, Param::LevelShare(1), Some(dec!(0.28))),
        ),
        (
            vec!["spif.c-level.amount=750"],
            with(&s, Param::SpifAmount(0), Some(dec!(750))),
        ),
        (
            vec!["activities.top_step=1.5", "attainment_scale=90%"],
            with(
                &with(&s, Param::TopRate(2), Some(dec!(1.5))),
                Param::Scale,
                Some(dec!(0.9)),
            ),
        ),
        (vec!["basis=bonus"], with(&s, Param::Basis, None)),
    ];
    for (sets, edited) in cases {
        let file = dir.path().join("edited.ron");
        std::fs::write(&file, cscomp_tui::scenario::to_ron(&edited)).unwrap();
        for format in ["table", "json", "csv", "markdown"] {
            let mut args = vec!["calc", "assets/sample.ron", "--format", format];
            for set in &sets {
                args.push("--set");
                args.push(set);
            }
            let a = run(&args);
            assert!(a.status.success(), "{sets:?}: {}", stderr(&a));
            let b = run(&["calc", file.to_str().unwrap(), "--format", format]);
            // The scenario's name is the same; only the file differs.
            assert_eq!(stdout(&a), stdout(&b), "{sets:?} {format}");
        }
    }
}

#[test]
fn set_rebalances_weights_like_the_app_and_lock_keeps_one_fixed() {
    let s = sample();
    let inputs = engine::eval::TeamInputs::new(&s);
    let mut locks = vec![false; 6];
    locks[1] = true;
    let mut edited = s.clone();
    Param::Weight(0)
        .apply(&mut edited, &inputs, Some(dec!(0.4)), &locks)
        .unwrap();
    assert_eq!(
        edited.plan.components[1].weight,
        s.plan.components[1].weight
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("edited.ron");
    std::fs::write(&file, cscomp_tui::scenario::to_ron(&edited)).unwrap();
    let a = run(&[
        "calc",
        "assets/sample.ron",
        "--set",
        "grr.weight=40%",
        "--lock",
        "churn",
        "--format",
        "json",
    ]);
    assert!(a.status.success(), "{}", stderr(&a));
    let b = run(&["calc", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(stdout(&a), stdout(&b));
    // Errors name the path and say why.
    let o = run(&["calc", "assets/sample.ron", "--set", "grr.wieght=40%"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: --set: `grr.wieght` is not a parameter of this plan; its parameters are: variable_share, basis,"),
        "{}",
        stderr(&o)
    );
    let o = run(&["calc", "assets/sample.ron", "--set", "variable_share=75%"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--set variable_share=75%: "),
        "{}",
        stderr(&o)
    );
    let o = run(&["calc", "assets/sample.ron", "--set", "variable_share"]);
    assert_eq!(
        stderr(&o),
        "error: --set variable_share: write it as PATH=VALUE, e.g. --set variable_share=25%\n"
    );
    let o = run(&["check", "assets/sample.ron", "--set", "variable_share=35%"]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("variable share for the plan is 35%"),
        "{}",
        stdout(&o)
    );
}

fn solve_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["solve", "assets/sample.ron", "--format", "json"];
    all.extend_from_slice(args);
    let o = run(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn solved_values_for_the_sample_are_exact_and_the_best_on_the_grid() {
    let s = sample();
    let budget = dec!(1560000);
    let at = |p: Param, v: Option<Decimal>| cash(&with(&s, p, v));
    // The GRR cap: cost rises with the cap, so the answer is the highest cap within budget.
    let v = solve_json(&["--param", "grr.cap", "--budget", "1560000"]);
    assert_eq!(v["param"], "grr.cap");
    assert_eq!(v["value"], "0.9395");
    assert_eq!(v["for"], "cash");
    assert_eq!(v["met"], true);
    assert_eq!(
        v["figure"],
        at(Param::Cap(0), Some(dec!(0.9395))).to_string()
    );
    assert!(at(Param::Cap(0), Some(dec!(0.9395))) <= budget);
    assert!(at(Param::Cap(0), Some(dec!(0.9396))) > budget);
    assert_eq!(v["before"]["cash"], "1566307.04");
    // The SPIF amount on its $1 step: the $500 it pays already fits, so it is kept; the
    // amounts that fit are $0 to $653, and the closest to the budget is $653.
    let v = solve_json(&["--param", "spif.c-level.amount", "--budget", "1570000"]);
    assert_eq!(v["value"], "500");
    assert_eq!(v["kept"], true);
    assert_eq!(v["pick"], "nearest");
    assert_eq!(v["ranges"], serde_json::json!([{"from": "0", "to": "653"}]));
    let v = solve_json(&[
        "--param",
        "spif.c-level.amount",
        "--budget",
        "1570000",
        "--pick",
        "closest-to-budget",
    ]);
    assert_eq!(v["value"], "653");
    assert_eq!(v["kept"], false);
    assert!(at(Param::SpifAmount(0), Some(dec!(653))) <= dec!(1570000));
    assert!(at(Param::SpifAmount(0), Some(dec!(654))) > dec!(1570000));
    // Break-even attainment: the plan costs $1.6M if the team reaches 107.33% of projection.
    let o = run(&[
        "solve",
        "assets/sample.ron",
        "--param",
        "attainment_scale",
        "--budget",
        "$1,600,000",
    ]);
    assert!(stdout(&o).contains(
        "The plan's cash is $1,599,970.63 if the team reaches 107.33% of projection: the highest attainment within $1,600,000.00."
    ), "{}", stdout(&o));
    assert_eq!(at(Param::Scale, Some(dec!(1.0733))), dec!(1599970.63));
    assert!(at(Param::Scale, Some(dec!(1.0734))) > dec!(1600000));
    // A budget below what any value costs: says so, and names the nearest.
    let o = run(&[
        "solve",
        "assets/sample.ron",
        "--param",
        "grr.cap",
        "--budget",
        "1000000",
    ]);
    assert!(o.status.success());
    assert!(stdout(&o).contains(
        "No value of grr.cap in its range brings cash to $1,000,000.00 or less; the nearest is grr.cap = 50%, which gives"
    ), "{}", stdout(&o));
    let v = solve_json(&["--param", "grr.cap", "--budget", "1000000"]);
    assert_eq!(v["met"], false);
    assert_eq!(v["value"], "0.5");
    // A budget above the maximum: every cap from the highest attainment up costs the same,
    // and the one closest to the plan's own (150%) is kept.
    let v = solve_json(&["--param", "grr.cap", "--budget", "9000000"]);
    assert_eq!(v["met"], true);
    assert_eq!(v["value"], "1.5");
    assert_eq!(v["figure"], "1566307.04");
    // A locked weight cannot be solved for; the others rebalance around a locked one.
    let o = run(&[
        "solve",
        "assets/sample.ron",
        "--param",
        "grr.weight",
        "--budget",
        "1560000",
        "--lock",
        "grr",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --param grr.weight: that weight is locked (--lock), so it cannot move\n"
    );
    let v = solve_json(&[
        "--param",
        "expansion.weight",
        "--budget",
        "1565000",
        "--lock",
        "grr",
        "--lock",
        "churn",
    ]);
    assert_eq!(v["met"], true);
    let mut locks = vec![false; 6];
    locks[0] = true;
    locks[1] = true;
    let r = solve(&s, Param::Weight(3), &locks, Figure::Cash, dec!(1565000)).unwrap();
    assert_eq!(
        r.scenario.plan.components[0].weight,
        s.plan.components[0].weight
    );
    assert_eq!(
        r.scenario.plan.components[1].weight,
        s.plan.components[1].weight
    );
    assert_eq!(v["figure"], r.figure.to_string());
}

#[test]
fn a_non_monotone_figure_is_searched_not_assumed_monotone() {
    // With every metric at 100%, planned cost hardly moves with the variable share: only
    // the rounding of each payout to the cent moves it, up and down. Find the share whose
    // planned cost comes closest to $1,576,000.00 without going over.
    let s = sample();
    let budget = dec!(1576000.00);
    let planned = |v: Decimal| {
        engine::compute(&with(&s, Param::VariableShare, Some(v)))
            .unwrap()
            .eval
            .team
            .planned_cost
    };
    let grid: Vec<(Decimal, Decimal)> = (0..=6000)
        .map(|k| {
            let v = Decimal::new(k, 4);
            (planned(v), v)
        })
        .collect();
    // It really is not monotone.
    let ups = grid.windows(2).filter(|w| w[1].0 > w[0].0).count();
    let downs = grid.windows(2).filter(|w| w[1].0 < w[0].0).count();
    assert!(ups > 10 && downs > 10, "{ups} up, {downs} down");
    let r = solve(&s, Param::VariableShare, &[], Figure::Planned, budget).unwrap();
    let best = grid
        .iter()
        .filter(|(c, _)| *c <= budget)
        .map(|(c, _)| *c)
        .max()
        .unwrap();
    assert_eq!(r.figure, best);
    assert_eq!(planned(r.value.unwrap()), best);
}

#[test]
fn solving_for_the_simulated_p90_keeps_the_90th_percentile_within_budget() {
    let s = sample();
    let budget = dec!(1600000);
    let r = solve(&s, Param::VariableShare, &[], Figure::P90, budget).unwrap();
    assert!(r.met);
    let p90 = |v: Decimal| {
        let x = with(&s, Param::VariableShare, Some(v));
        cscomp_tui::engine::risk::simulate(
            &x,
            &cscomp_tui::engine::RiskSettings::default(),
            2000,
            1,
        )
        .p90
    };
    let v = r.value.unwrap();
    assert_eq!(r.figure, p90(v));
    assert!(r.figure <= budget);
    // Through the command line too.
    let o = run(&[
        "solve",
        "assets/sample.ron",
        "--param",
        "variable_share",
        "--for",
        "p90",
        "--budget",
        "1600000",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let j: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["for"], "p90");
    assert_eq!(j["value"], v.to_string());
    assert_eq!(j["figure"], r.figure.to_string());
}

/// "What keeps cash under $1.6M?": the variable share as it is (20%) already fits, so it is
/// kept and nothing changes; the answer says which values fit. When it does not fit, the
/// nearest value that does is picked, not the one that spends the budget.
#[test]
fn solve_keeps_a_value_that_fits_and_otherwise_moves_it_as_little_as_the_budget_asks() {
    let v = solve_json(&["--param", "variable_share", "--budget", "1600000"]);
    assert_eq!(v["value"], "0.2");
    assert_eq!(v["kept"], true);
    assert_eq!(v["met"], true);
    assert_eq!(v["figure"], "1566307.04");
    assert_eq!(v["after"], v["before"]);
    assert_eq!(v["ranges"], serde_json::json!([{"from": "0", "to": "0.6"}]));
    let o = run(&[
        "solve",
        "assets/sample.ron",
        "--param",
        "variable_share",
        "--budget",
        "1600000",
    ]);
    assert!(stdout(&o).contains(
        "Cash is $1,600,000.00 or less for variable_share 0%–60%.\nThe value as it is, variable_share = 20%, already fits: cash is $1,566,307.04, $33,692.96 under the budget. Nothing changes.\n"
    ), "{}", stdout(&o));
    // A tighter budget: 20% no longer fits; the nearest share that does is 54.63%.
    let v = solve_json(&["--param", "variable_share", "--budget", "1560000"]);
    assert_eq!(v["value"], "0.5463");
    assert_eq!(v["kept"], false);
    assert_eq!(
        v["ranges"],
        serde_json::json!([{"from": "0.5463", "to": "0.6"}])
    );
    let s = sample();
    assert!(cash(&with(&s, Param::VariableShare, Some(dec!(0.5463)))) <= dec!(1560000));
    assert!(cash(&with(&s, Param::VariableShare, Some(dec!(0.5462)))) > dec!(1560000));
    // On request, today's answer: the value whose cash comes closest to the budget.
    let v = solve_json(&[
        "--param",
        "variable_share",
        "--budget",
        "1600000",
        "--pick",
        "closest-to-budget",
    ]);
    assert_eq!(v["value"], "0");
    assert_eq!(v["pick"], "closest-to-budget");
    // The plan's own budget is the default.
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("budgeted.ron");
    let mut b = sample();
    b.plan.budget = Some(cscomp_tui::engine::Budget {
        amount: dec!(1560000),
        basis: cscomp_tui::engine::BudgetBasis::Cash,
    });
    std::fs::write(&f, cscomp_tui::scenario::to_ron(&b)).unwrap();
    let o = run(&[
        "solve",
        f.to_str().unwrap(),
        "--param",
        "variable_share",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["budget"], "1560000.00");
    assert_eq!(v["value"], "0.5463");
    let o = run(&["solve", "assets/sample.ron", "--param", "variable_share"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("solve needs a budget"),
        "{}",
        stderr(&o)
    );
}
