//! The plan optimiser (docs/design.md): on small problems it is brute force over the grid;
//! every plan it returns meets every constraint when checked again through the engine and
//! the simulation; an infeasible problem names what binds; `--write` saves the plan found.

mod common;

use common::{run, stderr, stdout};
use cscomp_tui::analysis::design::{
    Budgeted, Constraint, Free, Objective, Problem, controllable_share, design,
};
use cscomp_tui::engine::params::Param;
use cscomp_tui::engine::{RiskSettings, Scenario, evaluate};
use cscomp_tui::scenario::sample;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn problem(
    scn: &Scenario,
    free: Vec<Free>,
    constraints: Vec<Constraint>,
    objective: Objective,
) -> Problem<'_> {
    Problem {
        scn,
        free,
        constraints,
        objective,
        risk: (RiskSettings::default(), 300, 5),
    }
}

fn cap_of(s: &Scenario, id: &str) -> Param {
    Param::Cap(s.plan.components.iter().position(|c| c.id == id).unwrap())
}

/// The plan at these values made with `--set`, as a user would.
fn set(s: &Scenario, sets: &[String]) -> Option<Scenario> {
    let mut w = s.clone();
    cscomp_tui::cli::whatif::apply_sets(&mut w, sets, &[]).ok()?;
    Some(w)
}

#[test]
fn a_small_problem_is_brute_force_over_the_grid() {
    let s = sample();
    let cap = cap_of(&s, "grr");
    let free = vec![
        Free {
            param: Param::VariableShare,
            low: dec!(0.15),
            high: dec!(0.25),
        },
        Free {
            param: cap,
            low: dec!(1.2),
            high: dec!(2.0),
        },
    ];
    let now = evaluate(&s);
    let mut feasible = 0;
    for (budget, loss, objective) in [
        (dec!(1566000), dec!(0.05), Objective::Closest),
        (dec!(1560000), dec!(0.05), Objective::Closest),
        (dec!(1570000), dec!(0.10), Objective::SmallestLoss),
        (dec!(1500000), dec!(0.10), Objective::Closest),
    ] {
        let constraints = vec![
            Constraint::Budget(Budgeted::Cash, budget),
            Constraint::MaxLoss(loss),
        ];
        let d = design(&problem(&s, free.clone(), constraints, objective));
        assert!(d.exhaustive);
        // Brute force: every value of both sliders, made with --set, checked here.
        let mut best: Option<((Decimal, Decimal, Decimal), Vec<Decimal>)> = None;
        for i in 0..=10 {
            for j in 0..=8 {
                let (v, c) = (
                    dec!(0.15) + Decimal::new(i, 2),
                    dec!(1.2) + Decimal::new(j, 1),
                );
                let Some(w) = set(&s, &[format!("variable_share={v}"), format!("grr.cap={c}")])
                else {
                    continue;
                };
                let e = evaluate(&w);
                let worst = now
                    .csms
                    .iter()
                    .zip(&e.csms)
                    .map(|(a, b)| ((a.total - b.total) / a.total).max(Decimal::ZERO))
                    .max()
                    .unwrap();
                if e.team.cash > budget || worst > loss {
                    continue;
                }
                let steps = (v - dec!(0.2)).abs() / dec!(0.01) + (c - dec!(1.5)).abs() / dec!(0.1);
                let key = match objective {
                    Objective::SmallestLoss => (worst, steps, e.team.cash),
                    _ => (steps, e.team.cash, Decimal::ZERO),
                };
                if best.as_ref().is_none_or(|(k, _)| key < *k) {
                    best = Some((key, vec![v, c]));
                }
            }
        }
        let brute = best.map(|(_, v)| v.iter().map(|x| x.normalize()).collect::<Vec<_>>());
        let found = d
            .best
            .map(|b| b.values.iter().map(|x| x.normalize()).collect::<Vec<_>>());
        assert_eq!(found, brute, "budget {budget}");
        feasible += usize::from(brute.is_some());
    }
    // Some of the problems have an answer, and the last none.
    assert!(feasible >= 2, "{feasible}");
}

#[test]
fn the_plan_found_meets_every_constraint_checked_again() {
    let s = sample();
    let w = Param::Weight(
        s.plan
            .components
            .iter()
            .position(|c| c.id == "expansion")
            .unwrap(),
    );
    let free = vec![
        Free {
            param: Param::VariableShare,
            low: dec!(0.15),
            high: dec!(0.30),
        },
        Free {
            param: cap_of(&s, "grr"),
            low: dec!(1.2),
            high: dec!(2.0),
        },
        Free {
            param: w,
            low: dec!(0),
            high: dec!(0.4),
        },
    ];
    let constraints = vec![
        Constraint::Budget(Budgeted::P90, dec!(1600000)),
        Constraint::Controllable(dec!(0.5)),
        Constraint::MaxLoss(dec!(0.05)),
        Constraint::VariableShare(dec!(0.15), dec!(0.30)),
        Constraint::BelowThreshold(dec!(0.10)),
    ];
    let p = problem(&s, free, constraints, Objective::Controllable);
    let d = design(&p);
    assert_eq!(d.risk, Some((300, 5)));
    let b = d.best.expect("a plan");
    let plan = b.scenario.clone().expect("the plan");
    // Made again with --set from the values reported, the same plan.
    let again = set(
        &s,
        &[
            format!("variable_share={}", b.values[0]),
            format!("grr.cap={}", b.values[1]),
            format!("expansion.weight={}", b.values[2]),
        ],
    )
    .unwrap();
    assert_eq!(again.plan, plan.plan);
    let e = evaluate(&plan);
    assert_eq!(e.team.cash, b.cash);
    let p90 = cscomp_tui::engine::risk::simulate(&plan, &RiskSettings::default(), 300, 5).p90;
    assert!(p90 <= dec!(1600000), "{p90}");
    assert!(controllable_share(&plan) >= dec!(0.5));
    let now = evaluate(&s);
    for (a, x) in now.csms.iter().zip(&e.csms) {
        assert!((a.total - x.total) / a.total <= dec!(0.05));
    }
    let below: usize = e.below_threshold.iter().sum();
    assert!(Decimal::from(below) / Decimal::from(e.slots(0).len() * s.team.len()) <= dec!(0.10));
    assert!(b.checks.iter().all(|c| c.margin >= Decimal::ZERO));
    assert_eq!(b.controllable, controllable_share(&plan));
}

#[test]
fn an_infeasible_problem_names_what_binds_and_the_closest_plan() {
    let o = run(&[
        "design",
        "assets/sample.ron",
        "--free",
        "variable_share=15%..25%",
        "--budget",
        "$1,400,000",
        "--controllable",
        "50%",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: no plan meets every constraint; what binds: cash ≤ $1,400,000.00\n"
    );
    let text = stdout(&o);
    assert!(text.contains("No plan on the grid meets every constraint. What binds: cash ≤ $1,400,000.00.\nThe closest plan (it misses the least):\n  variable_share (Variable share): 20% → 25%\n"), "{text}");
    assert!(
        text.contains("  controllable metrics' share of variable ≥ 50%: 65% — met by 15 points\n"),
        "{text}"
    );
}

#[test]
fn the_command_reports_and_writes_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("designed.ron");
    let o = run(&[
        "design",
        "assets/sample.ron",
        "--free",
        "variable_share=15%..30%",
        "--free",
        "grr.cap",
        "--budget",
        "1560000",
        "--max-loss",
        "5%",
        "--write",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("Design for `Sample team FY27`: 2 free parameters, "),
        "{text}"
    );
    assert!(text.contains("(every plan on the grid of slider steps).\nObjective: closest to the current plan (the fewest slider steps).\n\nBest plan found:\n"), "{text}");
    assert!(text.contains("  cash ≤ $1,560,000.00: $"), "{text}");
    let written = cscomp_tui::scenario::load(&out).unwrap();
    assert_eq!(written.name, "Sample team FY27 (designed)");
    assert!(evaluate(&written).team.cash <= dec!(1560000));
    let json = run(&[
        "design",
        "assets/sample.ron",
        "--free",
        "variable_share=15%..30%",
        "--budget",
        "1565000",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["exhaustive"], true);
    assert_eq!(v["best"]["values"][0]["path"], "variable_share");
    for (args, message) in [
        (
            vec!["--free", "basis"],
            "error: --free basis: Basis is a setting, not a number to search\n",
        ),
        (
            vec!["--free", "variable_share=30%..20%"],
            "error: --free variable_share=30%..20%: the low end is above the high end\n",
        ),
        (
            vec!["--free", "variable_share", "--objective", "cheapest"],
            "error: --objective cheapest: choose closest, controllable or smallest-loss\n",
        ),
        (
            vec!["--free", "variable_share", "--format", "csv"],
            "error: design prints a report: --format table, markdown or json\n",
        ),
    ] {
        let mut a = vec!["design", "assets/sample.ron"];
        a.extend(args);
        let o = run(&a);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(stderr(&o), message);
    }
}
