//! Speed targets of the interactive screen: one slider step to recomputed state
//! (10,000 CSMs under 10 ms; the 15-CSM sample under 1 ms), drawing a frame at 200×60
//! (under 5 ms; sample under 1 ms), and start-up to the first frame (under 100 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::engine::params::{Param, Row};
use cscomp_tui::scenario::generate::{generate, generate_quarterly};
use cscomp_tui::scenario::sample;
use cscomp_tui::tui::action::Action;
use cscomp_tui::tui::app::App;
use cscomp_tui::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

/// The generated team's plan written with the plan rules: a curve by points (uncapped past
/// its last point), flat tiers, two gates (expansion on GRR, outcomes on churn) and NPS as
/// a 0.9×–1.1× modifier on every other metric.
fn with_plan_rules(mut scn: cscomp_tui::engine::Scenario) -> cscomp_tui::engine::Scenario {
    use cscomp_tui::engine::{Beyond, Curve, Gate, Modifier, Point, TierMode};
    use rust_decimal::Decimal;
    let pct = |v: i64| Decimal::new(v, 2);
    let comps = &mut scn.plan.components;
    comps[0].curve = Curve::Points {
        points: vec![
            Point {
                at: pct(90),
                pays: pct(50),
            },
            Point {
                at: pct(100),
                pays: pct(100),
            },
            Point {
                at: pct(115),
                pays: pct(150),
            },
        ],
        above: Beyond::Extend,
    };
    let nps = comps.iter().position(|c| c.id == "nps");
    let results = comps.iter().position(|c| c.id == "results");
    if let (Some(nps), Some(results)) = (nps, results) {
        let moved = comps[nps].weight;
        comps[results].weight += moved;
        comps[nps].weight = Decimal::ZERO;
        comps[nps].modifier = Some(Modifier {
            min: pct(90),
            max: pct(110),
            metrics: Vec::new(),
        });
    }
    for c in comps.iter_mut() {
        if let Curve::Tiered { mode, .. } = &mut c.curve
            && c.id == "expansion"
        {
            *mode = TierMode::Flat;
        }
        let gate = match c.id.as_str() {
            "expansion" => Some(("grr", Some(pct(90)), None)),
            "results" => Some(("churn", None, Some(pct(6)))),
            _ => None,
        };
        if let Some((metric, at_least, at_most)) = gate {
            c.gates = vec![Gate {
                metric: metric.into(),
                at_least,
                at_most,
            }];
        }
    }
    scn
}

fn benches(c: &mut Criterion) {
    for (label, scn) in [
        ("sample 15", sample()),
        ("10000", generate(10_000)),
        // Points, flat tiers and gates, target 10 ms.
        ("10000 with plan rules", with_plan_rules(generate(10_000))),
        // Plan periods: 10,000 CSMs × 4 quarters × 6 metrics, target 10 ms.
        ("10000 x 4 quarters", generate_quarterly(10_000)),
        // The same with the sliders changing the plan from Q3 on (a change during the
        // year, made and edited by every step), target 10 ms.
        (
            "10000 x 4 quarters, changed from Q3",
            generate_quarterly(10_000),
        ),
    ] {
        // Background curve worker on, as in the real app: the step itself never waits for it.
        let mut app = App::new(scn.clone(), None, true);
        if label.ends_with("from Q3") {
            // Q3 is the first projected quarter: `@` there, on the first metric's weight.
            app.update(Action::ChangesFrom);
            let row = app
                .editor
                .rows
                .iter()
                .position(|r| matches!(r, Row::Param(Param::Weight(_))));
            app.editor.row = row.unwrap_or(app.editor.row);
            app.update(Action::Right);
            assert_eq!(app.scn.plan.changes.len(), 1, "the change from Q3");
        }
        let mut up = true;
        c.bench_function(&format!("slider step → recomputed state, {label}"), |b| {
            b.iter(|| {
                // Alternate so the value keeps changing and never sticks at a range end.
                app.update(if up { Action::Right } else { Action::Left });
                up = !up;
                black_box(&app.eval.team.cash);
            })
        });
        let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
        c.bench_function(&format!("draw a frame at 200x60, {label}"), |b| {
            b.iter(|| {
                term.draw(|f| ui::draw(f, &mut app)).unwrap();
            })
        });
    }
    // Opening a large file: reading and checking it, laying out the app, the first frame.
    let text = cscomp_tui::scenario::to_ron(&generate_quarterly(10_000));
    c.bench_function(
        "start-up to first frame (10000 x 4 quarters file, 120x40)",
        |b| {
            // The app is taken apart after the clock stops: a user's app is not.
            b.iter_with_large_drop(|| {
                let scn = cscomp_tui::scenario::parse(black_box(&text), "bench").unwrap();
                let mut app = App::new(scn, None, true);
                let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
                term.draw(|f| ui::draw(f, &mut app)).unwrap();
                app
            })
        },
    );
    c.bench_function("start-up to first frame (sample, 120x40)", |b| {
        b.iter(|| {
            let mut app = App::new(sample(), None, true);
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            term.draw(|f| ui::draw(f, &mut app)).unwrap();
        })
    });
}

criterion_group! {
    name = tui_benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(tui_benches);
