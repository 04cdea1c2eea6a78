//! Speed targets: 10,000 trials of a 1,000-CSM × 6-metric team in under 1 s on
//! the 2-core machine (both cores), and a first estimate (200 trials) within 50 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::engine::RiskSettings;
use cscomp_tui::engine::risk::simulate;
use cscomp_tui::scenario::generate::generate;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let settings = RiskSettings::default();
    let team = generate(1_000);
    c.bench_function("risk 200 trials, 1000 CSMs (first estimate)", |b| {
        b.iter(|| simulate(black_box(&team), &settings, 200, 1))
    });
    c.bench_function("risk 10000 trials, 1000 CSMs", |b| {
        b.iter(|| simulate(black_box(&team), &settings, 10_000, 1))
    });
    let big = generate(10_000);
    c.bench_function("risk 200 trials, 10000 CSMs (first estimate)", |b| {
        b.iter(|| simulate(black_box(&big), &settings, 200, 1))
    });
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(group);
