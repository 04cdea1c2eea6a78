//! Speed targets: the HTML statements of a 1,000-CSM team (every page, charts included)
//! under 2 s, and the one-page summary of a 10,000-CSM team (evaluation, guardrails, the
//! bounded simulation, the cost curve and the page) under 1 s. Also measured: the same
//! summary against a baseline of the same size, and the statements of a team by quarter.

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::analysis::summary::summarize;
use cscomp_tui::output::statements::html::statement;
use cscomp_tui::output::summary;
use cscomp_tui::scenario::generate::{generate, generate_quarterly};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let team = generate(1_000);
    c.bench_function("HTML statements, 1000 CSMs", |b| {
        b.iter(|| {
            (0..team.team.len())
                .map(|i| statement(black_box(&team), i).map_or(0, |s| s.len()))
                .sum::<usize>()
        })
    });
    let quarterly = generate_quarterly(1_000);
    c.bench_function("HTML statements, 1000 CSMs by quarter", |b| {
        b.iter(|| {
            (0..quarterly.team.len())
                .map(|i| statement(black_box(&quarterly), i).map_or(0, |s| s.len()))
                .sum::<usize>()
        })
    });
    let big = generate(10_000);
    c.bench_function("summary, 10000 CSMs (HTML)", |b| {
        b.iter(|| summary::html(&big, &summarize(black_box(&big), None)))
    });
    let mut baseline = big.clone();
    baseline.plan.mix.variable_share = rust_decimal::Decimal::new(25, 2);
    c.bench_function(
        "summary, 10000 CSMs against a baseline of 10000 (HTML)",
        |b| b.iter(|| summary::html(&big, &summarize(black_box(&big), Some(&baseline)))),
    );
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(group);
