//! Speed targets: `export-xlsx` of a 10,000-CSM scenario under 2 s, and an
//! `.xlsx` roster import of 10,000 rows under 1 s.

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::engine::compute_valid;
use cscomp_tui::input::roster::{export_roster, header};
use cscomp_tui::input::roster_sheet::{import_grid, read_grid};
use cscomp_tui::output::xlsx::workbook;
use cscomp_tui::scenario::generate::generate;
use std::hint::black_box;
use std::path::Path;

/// The generated team's roster as a workbook, numbers stored as numbers (percentages as
/// fractions, money as dollars), as a spreadsheet would save it.
fn roster_xlsx(csv: &str) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in csv.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            let number = cell
                .strip_suffix('%')
                // The fraction a spreadsheet stores for 92.7% is the double nearest 0.927
                // (dividing the double 92.7 by 100 can land one unit off).
                .and_then(|p| p.parse::<rust_decimal::Decimal>().ok())
                .and_then(|d| {
                    (d / rust_decimal::Decimal::ONE_HUNDRED)
                        .to_string()
                        .parse()
                        .ok()
                })
                .or_else(|| {
                    if r > 0 && c > 2 {
                        cell.parse::<f64>().ok()
                    } else {
                        None
                    }
                });
            match number {
                Some(v) if r > 0 => ws.write_number(r, c, v).map(|_| ()),
                _ if cell.is_empty() => Ok(()),
                _ => ws.write_string(r, c, cell).map(|_| ()),
            }
            .expect("cell written");
        }
    }
    wb.save_to_buffer().expect("workbook built")
}

fn benches(c: &mut Criterion) {
    let scn = generate(10_000);
    let computed = compute_valid(&scn);
    let mut g = c.benchmark_group("xlsx");
    g.sample_size(10);
    g.bench_function("export-xlsx workbook 10000 CSMs", |b| {
        b.iter(|| workbook(black_box(&[(&scn, &computed)])).expect("built"))
    });
    let csv = export_roster(&scn.plan, &scn.team);
    assert_eq!(
        csv.lines().next().map(|l| l.split(',').count()),
        Some(header(&scn.plan).len())
    );
    let bytes = roster_xlsx(&csv);
    let path = Path::new("roster.xlsx");
    // Only meaningful if the roster is accepted as a whole, as the same team.
    let grid = read_grid(path, bytes.clone(), None).expect("readable");
    match import_grid(&scn.plan, &grid) {
        Ok(r) if r.team == scn.team => {}
        Ok(_) => panic!("the roster workbook must import as the generated team"),
        Err(e) => panic!("{e}"),
    }
    g.bench_function("import xlsx roster 10000 rows", |b| {
        b.iter(|| {
            let grid = read_grid(path, black_box(bytes.clone()), None).expect("readable");
            import_grid(&scn.plan, &grid).expect("imported")
        })
    });
    g.finish();
}

criterion_group!(xlsx, benches);
criterion_main!(xlsx);
