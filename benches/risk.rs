//! Speed targets: 10,000 trials of a 1,000-CSM × 6-metric team in under 1 s on the 2-core
//! machine (both cores); a first estimate (200 trials) on 1,000 CSMs within 50 ms; and on
//! 10,000 CSMs the app's first estimate (the first of `refine_steps`, from the scenario as
//! the background thread gets it: evaluated, laid out, simulated and reported) within
//! 0.5 s, measured here against the full 10,000-trial simulation of the same team.

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::engine::eval::TeamInputs;
use cscomp_tui::engine::evaluate::evaluate_with;
use cscomp_tui::engine::risk::{RiskReport, Simulation, refine_steps, simulate};
use cscomp_tui::engine::{RiskSettings, Scenario};
use cscomp_tui::scenario::generate::generate;
use std::hint::black_box;
use std::sync::atomic::AtomicU64;

/// What the app's background thread does before the risk view first shows figures.
fn first_estimate(scn: &Scenario, settings: &RiskSettings) -> RiskReport {
    let inputs = TeamInputs::new(scn);
    let eval = evaluate_with(scn, &inputs, scn.assumptions.attainment_scale);
    let mut sim = Simulation::new(scn, &inputs, &eval, settings, settings.seed);
    let first = refine_steps(sim.cells_per_year(), settings.trials)[0];
    sim.run(first, &AtomicU64::new(0), &|| false);
    sim.report()
}

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
    c.bench_function("risk 200 trials, 10000 CSMs", |b| {
        b.iter(|| simulate(black_box(&big), &settings, 200, 1))
    });
    c.bench_function(
        "risk first estimate, 10000 CSMs (the app's first step)",
        |b| b.iter(|| first_estimate(black_box(&big), &settings)),
    );
    c.bench_function(
        "risk 10000 trials, 10000 CSMs (baseline: the full count)",
        |b| b.iter(|| simulate(black_box(&big), &settings, 10_000, 1)),
    );
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(group);
