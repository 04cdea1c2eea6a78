//! Speed targets: importing a 10,000-row roster under 200 ms. Also measured:
//! exporting it, and one plan statement in a team of 10,000.

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::input::roster::{export_roster, import_roster};
use cscomp_tui::output::statements::statement;
use cscomp_tui::scenario::generate::generate;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let scn = generate(10_000);
    let csv = export_roster(&scn.plan, &scn.team);
    // The benchmark is only meaningful if the roster is accepted as a whole.
    match import_roster(&scn.plan, &csv) {
        Ok(r) if r.team == scn.team => {}
        _ => panic!("the generated roster must import back identically"),
    }
    c.bench_function("import roster 10000 rows", |b| {
        b.iter(|| import_roster(black_box(&scn.plan), black_box(&csv)))
    });
    c.bench_function("export roster 10000 rows", |b| {
        b.iter(|| export_roster(black_box(&scn.plan), black_box(&scn.team)))
    });
    c.bench_function("statement of one CSM in a team of 10000", |b| {
        b.iter(|| statement(black_box(&scn), 9_999))
    });
}

criterion_group!(roster, benches);
criterion_main!(roster);
