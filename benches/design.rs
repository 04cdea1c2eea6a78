//! Speed targets: an optimiser run with 3 free parameters and deterministic constraints on
//! 1,000 CSMs in under 2 s; with a P90 constraint in under 10 s. The baseline in the same
//! run: one evaluation of the team.

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::analysis::design::{Budgeted, Constraint, Free, Objective, Problem, design};
use cscomp_tui::engine::params::Param;
use cscomp_tui::engine::{self, RiskSettings};
use cscomp_tui::scenario::generate::generate;
use rust_decimal::Decimal;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let scn = generate(1_000);
    let cash = engine::evaluate(&scn).team.cash;
    let cap = scn
        .plan
        .components
        .iter()
        .position(|c| matches!(c.curve, engine::Curve::Tiered { cap: Some(_), .. }))
        .unwrap_or(0);
    let free = vec![
        Free {
            param: Param::VariableShare,
            low: Decimal::new(15, 2),
            high: Decimal::new(30, 2),
        },
        Free {
            param: Param::Cap(cap),
            low: Decimal::new(12, 1),
            high: Decimal::new(2, 0),
        },
        Free {
            param: Param::Weight(3),
            low: Decimal::new(10, 2),
            high: Decimal::new(30, 2),
        },
    ];
    let common = vec![
        Constraint::Controllable(Decimal::new(50, 2)),
        Constraint::MaxLoss(Decimal::new(5, 2)),
    ];
    c.bench_function("one evaluation, 1,000 CSMs", |b| {
        b.iter(|| engine::evaluate(black_box(&scn)))
    });
    for (name, budget) in [("cash", Budgeted::Cash), ("P90", Budgeted::P90)] {
        let mut constraints = common.clone();
        constraints.push(Constraint::Budget(budget, cash * Decimal::new(102, 2)));
        let p = Problem {
            scn: &scn,
            free: free.clone(),
            constraints,
            objective: Objective::Closest,
            risk: (RiskSettings::default(), 2_000, 1),
        };
        c.bench_function(
            &format!("design, 3 free parameters, {name} budget, 1,000 CSMs"),
            |b| b.iter(|| design(black_box(&p))),
        );
    }
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(group);
