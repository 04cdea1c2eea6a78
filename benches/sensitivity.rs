//! Speed target: the sensitivity of a 1,000-CSM plan (every lever a step down and up, each
//! move evaluated exactly) in under 100 ms; 10,000 CSMs and a quarterly 1,000 beside it.
//! The baseline in the same run: one evaluation of the same team.

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::analysis::sensitivity::sensitivity;
use cscomp_tui::engine;
use cscomp_tui::scenario::generate::{generate, generate_quarterly};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    for (name, scn) in [
        ("1,000 CSMs", generate(1_000)),
        ("1,000 CSMs by quarter", generate_quarterly(1_000)),
        ("10,000 CSMs", generate(10_000)),
    ] {
        c.bench_function(&format!("one evaluation, {name}"), |b| {
            b.iter(|| engine::evaluate(black_box(&scn)))
        });
        c.bench_function(&format!("sensitivity, {name}"), |b| {
            b.iter(|| sensitivity(black_box(&scn), 1))
        });
    }
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(group);
