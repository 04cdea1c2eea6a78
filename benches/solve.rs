//! Speed targets: a solve on 1,000 CSMs in under 20 ms and on 10,000 CSMs in
//! under 200 ms. Each solves the variable share and the GRR-like first metric's cap for a
//! cash budget 1% under the plan's own cost.

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::analysis::solve::{Figure, solve};
use cscomp_tui::engine::params::Param;
use cscomp_tui::engine::{self, Curve};
use cscomp_tui::scenario::generate::generate;
use rust_decimal::Decimal;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    for n in [1_000usize, 10_000] {
        let scn = generate(n);
        let cash = engine::compute(&scn)
            .map(|c| c.eval.team.cash)
            .unwrap_or_default();
        let budget = cash * Decimal::new(99, 2);
        let locks = vec![false; scn.plan.components.len()];
        c.bench_function(&format!("solve variable_share for cash, {n} CSMs"), |b| {
            b.iter(|| {
                solve(
                    black_box(&scn),
                    Param::VariableShare,
                    &locks,
                    Figure::Cash,
                    budget,
                )
            })
        });
        let cap = scn
            .plan
            .components
            .iter()
            .position(|c| matches!(c.curve, Curve::Tiered { cap: Some(_), .. }))
            .unwrap_or(0);
        c.bench_function(&format!("solve a cap for cash, {n} CSMs"), |b| {
            b.iter(|| {
                solve(
                    black_box(&scn),
                    Param::Cap(cap),
                    &locks,
                    Figure::Cash,
                    budget,
                )
            })
        });
    }
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(group);
