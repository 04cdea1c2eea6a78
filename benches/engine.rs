//! Speed targets of the engine and the file: evaluating 1,000 CSMs × 6 components
//! under 1 ms and 10,000 under 10 ms; `calc` on a 10,000-CSM file under 150 ms end to end
//! (read + parse + validate + evaluate + render; process start-up is measured separately).

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::engine::{self, evaluate};
use cscomp_tui::scenario::generate::{generate, generate_quarterly};
use cscomp_tui::scenario::{parse, parse_unchecked, parse_unchecked_general, to_ron};
use cscomp_tui::{cli, engine::eval};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    for n in [15usize, 1_000, 10_000] {
        let s = generate(n);
        c.bench_function(&format!("evaluate {n} CSMs x 6 components"), |b| {
            b.iter(|| evaluate(black_box(&s)))
        });
    }
    for n in [1_000usize, 10_000] {
        let s = generate(n);
        c.bench_function(&format!("lay out team inputs {n}"), |b| {
            b.iter(|| eval::TeamInputs::new(black_box(&s)))
        });
        let inputs = eval::TeamInputs::new(&s);
        c.bench_function(&format!("re-evaluate {n} after a plan change"), |b| {
            b.iter(|| {
                evaluate::evaluate_with(black_box(&s), &inputs, s.assumptions.attainment_scale)
            })
        });
    }
    let s = generate(10_000);
    c.bench_function("validate + evaluate + guardrails 10000", |b| {
        b.iter(|| engine::compute(black_box(&s)))
    });
    c.bench_function("cost curve 21 points 10000", |b| {
        b.iter(|| eval::cost_curve(black_box(&s)))
    });
    let text = to_ron(&s);
    c.bench_function("calc pipeline 10000 (parse+compute+table)", |b| {
        b.iter(|| {
            let scn = parse(black_box(&text), "bench").unwrap();
            let comp = engine::compute(&scn).unwrap();
            cli::render(&scn, &comp, cli::Format::Table)
        })
    });
    c.bench_function("parse 10000", |b| {
        b.iter(|| parse(black_box(&text), "bench"))
    });
    // The same file read without the quick team reader, by RON's reader alone (the
    // numbers are checked by `parse` in both).
    c.bench_function("read 10000 (team by the quick reader)", |b| {
        b.iter(|| parse_unchecked(black_box(&text), "bench"))
    });
    c.bench_function("read 10000 (all by the general RON reader)", |b| {
        b.iter(|| parse_unchecked_general(black_box(&text), "bench"))
    });
    c.bench_function("to_ron 10000", |b| b.iter(|| to_ron(black_box(&s))));

    // Plan periods: 10,000 CSMs × 4 quarters × 6 metrics (3 per quarter, 3 for
    // the year). A slider step is a re-evaluation with the team laid out (target 10 ms).
    let q = generate_quarterly(10_000);
    let inputs = eval::TeamInputs::new(&q);
    c.bench_function(
        "periods: re-evaluate 10000 x 4 quarters after a plan change",
        |b| {
            b.iter(|| {
                evaluate::evaluate_with(black_box(&q), &inputs, q.assumptions.attainment_scale)
            })
        },
    );
    c.bench_function("periods: lay out team inputs 10000 x 4 quarters", |b| {
        b.iter(|| eval::TeamInputs::new(black_box(&q)))
    });
    c.bench_function("periods: cost curve 21 points 10000 x 4 quarters", |b| {
        b.iter(|| eval::cost_curve(black_box(&q)))
    });
    let text = to_ron(&q);
    c.bench_function("periods: parse 10000 x 4 quarters", |b| {
        b.iter(|| parse(black_box(&text), "bench"))
    });
    c.bench_function(
        "periods: read 10000 x 4 quarters (team by the quick reader)",
        |b| b.iter(|| parse_unchecked(black_box(&text), "bench")),
    );
    c.bench_function(
        "periods: read 10000 x 4 quarters (all by the general RON reader)",
        |b| b.iter(|| parse_unchecked_general(black_box(&text), "bench")),
    );
    c.bench_function(
        "periods: calc --by-period pipeline 10000 (parse+compute+table)",
        |b| {
            b.iter(|| {
                let scn = parse(black_box(&text), "bench").unwrap();
                let comp = engine::compute(&scn).unwrap();
                cli::render_by_period(&scn, &comp, cli::Format::Table)
            })
        },
    );
}

criterion_group! {
    name = engine_benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(engine_benches);
