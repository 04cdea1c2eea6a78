//! Speed targets: importing a 10,000-row roster under 200 ms, in the tool's own format and
//! as an HR system exports it (title rows, other headers, a total row, levels checked).
//! Also measured: exporting it, and one plan statement in a team of 10,000.

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::engine::Scenario;
use cscomp_tui::input::levels::known_levels;
use cscomp_tui::input::roster::{RosterOptions, export_roster, import_roster, import_roster_with};
use cscomp_tui::output::statements::statement;
use cscomp_tui::scenario::generate::generate;
use std::fmt::Write;
use std::hint::black_box;

/// The team as a Workday-style report: two title rows, the system's own headers, columns
/// the tool does not use, amounts with thousands separators, and a total row.
fn hr_export(scn: &Scenario) -> String {
    let mut out = String::from(
        "Employee Roster Report\nGenerated 2026-11-30\n\nEmployee ID,Worker,Business Title,Hire Date,Annual OTE (USD),Book of Business ARR,Work Email\n",
    );
    for c in &scn.team {
        let _ = writeln!(
            out,
            "{},{},{},03/01/2021,\"{}\",\"{}\",{}@example.com",
            c.id,
            c.name,
            c.level,
            cscomp_tui::num::money_plain(c.ote),
            cscomp_tui::num::money_plain(c.book_arr),
            c.id
        );
    }
    out.push_str("Grand Total,,,,,,\n");
    out
}

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
    let hr = hr_export(&scn);
    let opts = RosterOptions {
        levels: known_levels(&scn.plan, &scn.team),
        ..RosterOptions::default()
    };
    match import_roster_with(&scn.plan, &hr, &opts) {
        Ok(r) if r.team.len() == scn.team.len() && r.team[0].ote == scn.team[0].ote => {}
        Ok(_) => panic!("the HR export must give the same team"),
        Err(e) => panic!("the HR export must import: {e}"),
    }
    c.bench_function("import roster 10000 rows as an HR export", |b| {
        b.iter(|| import_roster_with(black_box(&scn.plan), black_box(&hr), black_box(&opts)))
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
