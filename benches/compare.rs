//! Speed targets of the comparison: comparing 4, and 8, variants of a 10,000-CSM team,
//! with the cost curve at 21 points, recomputes in under 100 ms after a change.
//!
//! The variants are the generated team's plan with tweaks: 70/30 instead of 80/20, weight
//! moved from GRR to key activities, and no cap on expansion with a bigger C-level SPIF;
//! the 8-variant set adds 75/25, 85/15, a higher burden rate and a bigger SPIF alone.

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::analysis::compare::{Comparer, compare};
use cscomp_tui::engine::Curve;
use cscomp_tui::engine::eval::{TeamInputs, curve_scales};
use cscomp_tui::engine::sweep::team_cash_curve;
use cscomp_tui::scenario::generate::generate;
use rust_decimal::Decimal;
use std::hint::black_box;

fn variants(n: usize) -> Vec<cscomp_tui::engine::Scenario> {
    let base = generate(n);
    let mut a = base.clone();
    a.plan.mix.variable_share = Decimal::new(30, 2);
    let mut b = base.clone();
    b.plan.components[0].weight = Decimal::new(15, 2);
    b.plan.components[2].weight = Decimal::new(30, 2);
    let mut c = base.clone();
    if let Curve::Tiered { cap, .. } = &mut c.plan.components[3].curve {
        *cap = None;
    }
    c.plan.spifs[0].amount = Decimal::new(750, 0);
    vec![base, a, b, c]
}

fn eight(n: usize) -> Vec<cscomp_tui::engine::Scenario> {
    let mut vs = variants(n);
    let base = vs[0].clone();
    let mut d = base.clone();
    d.plan.mix.variable_share = Decimal::new(25, 2);
    let mut e = base.clone();
    e.plan.mix.variable_share = Decimal::new(15, 2);
    let mut f = base.clone();
    f.assumptions.burden_rate = Decimal::new(25, 2);
    let mut g = base.clone();
    g.plan.spifs[0].amount = Decimal::new(1000, 0);
    vs.extend([d, e, f, g]);
    vs
}

/// Recomputing after a plan change and after a team edit, as the compare screen does
/// after every slider step or team edit.
fn recompute_benches(c: &mut Criterion, name: &str, vs: Vec<cscomp_tui::engine::Scenario>) {
    let mut cmp = Comparer::new(vs, None);
    let mut flip = false;
    c.bench_function(&format!("{name}: recompute after a plan change"), |b| {
        b.iter(|| {
            flip = !flip;
            if let Some(plan) = cmp.plan_mut(2) {
                let (grr, act) = if flip { (20, 25) } else { (15, 30) };
                plan.components[0].weight = Decimal::new(grr, 2);
                plan.components[2].weight = Decimal::new(act, 2);
            }
            black_box(cmp.recompute().variants.len())
        })
    });
    c.bench_function(&format!("{name}: recompute after a team edit"), |b| {
        b.iter(|| {
            flip = !flip;
            if let Some(s) = cmp.scenario_mut(1) {
                let v = if flip {
                    Decimal::new(95, 2)
                } else {
                    Decimal::new(90, 2)
                };
                s.team[0].actuals.insert("grr", v);
            }
            black_box(cmp.recompute().variants.len())
        })
    });
    c.bench_function(&format!("{name}: recompute, nothing changed"), |b| {
        b.iter(|| black_box(cmp.recompute().variants.len()))
    });
}

fn benches(c: &mut Criterion) {
    let vs = variants(10_000);
    let scales = curve_scales();
    let inputs = TeamInputs::new(&vs[0]);
    c.bench_function("cost curve 21 points 10000 (sweep)", |b| {
        b.iter(|| team_cash_curve(black_box(&vs[0]), &inputs, &scales))
    });
    c.bench_function("compare 4 x 10000 from scratch", |b| {
        b.iter(|| compare(black_box(&vs), None))
    });
    recompute_benches(c, "compare 4 x 10000", vs);
    recompute_benches(c, "compare 8 x 10000", eight(10_000));
}

criterion_group! {
    name = compare_benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(compare_benches);
