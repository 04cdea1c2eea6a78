//! Speed target: importing 100,000 rows of long-form actuals (one value a row, as CRMs and
//! CS platforms export them) well under 1 s — by ids, and by CSM, metric and period names.

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::engine::Scenario;
use cscomp_tui::input::actuals::import_csv;
use cscomp_tui::scenario::generate::generate_quarterly;
use std::fmt::Write;
use std::hint::black_box;

const ROWS: usize = 100_000;

/// The scenario's own per-period results and SPIF events as `rows` long-form rows:
/// `csm_id,metric,period,value`, or with `names` the CSM's full name, the metric's or
/// SPIF's name and the period's name.
fn long_form(scn: &Scenario, rows: usize, names: bool) -> String {
    let plan = &scn.plan;
    let mut out = String::with_capacity(rows * 48);
    out.push_str("CSM,Metric,Period,Value\n");
    let mut n = 0;
    'all: for c in &scn.team {
        for p in &plan.periods {
            let Some(pv) = c.periods.get(&p.id) else {
                continue;
            };
            for (m, v) in &pv.actuals {
                let comp = plan.component(m).expect("a plan metric");
                let (who, what, when) = if names {
                    (&c.name, &comp.name, &p.name)
                } else {
                    (&c.id, &comp.id, &p.id)
                };
                let _ = writeln!(out, "{who},{what},{when},{v}");
                n += 1;
                if n == rows {
                    break 'all;
                }
            }
            for (s, k) in &pv.spifs {
                let spif = plan.spifs.iter().find(|x| x.id == s).expect("a plan SPIF");
                let (who, what, when) = if names {
                    (c.name.clone(), spif.name.clone(), &p.name)
                } else {
                    (c.id.clone(), format!("spif:{}", spif.id), &p.id)
                };
                let _ = writeln!(out, "\"{who}\",\"{what}\",{when},{k}");
                n += 1;
                if n == rows {
                    break 'all;
                }
            }
        }
    }
    assert_eq!(
        n, rows,
        "the generated team gives {n} values, fewer than {rows}"
    );
    out
}

fn benches(c: &mut Criterion) {
    let mut scn = generate_quarterly(12_000);
    // Full names that tell every CSM apart, as a CRM's owner names do.
    for m in &mut scn.team {
        m.name = format!("{} {}", m.name, &m.id[4..]);
    }
    for names in [false, true] {
        let csv = long_form(&scn, ROWS, names);
        // Only meaningful if the whole file is accepted.
        match import_csv(&scn, &csv) {
            Ok(a) if a.set == ROWS => {}
            Ok(a) => panic!("{} values read of {ROWS}", a.set),
            Err(e) => panic!("the generated file must import: {e}"),
        }
        let label = if names {
            "import actuals 100000 long-form rows by names"
        } else {
            "import actuals 100000 long-form rows"
        };
        c.bench_function(label, |b| {
            b.iter(|| import_csv(black_box(&scn), black_box(&csv)))
        });
    }
}

criterion_group! {
    name = actuals;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(actuals);
