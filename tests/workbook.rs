//! The finance workbook (`export-xlsx`) and spreadsheet rosters (`import-roster` of `.xlsx`
//! and `.ods`).
//!
//! The proof that the workbook is the plan: LibreOffice recalculates the exported workbook
//! from its formulas (cached values switched off on load), and every CSM's figures and every
//! team figure must equal `calc --format json` to the cent. Under CI (`CI=true`) these tests
//! fail when `soffice` is missing; elsewhere they skip with a printed reason.

mod common;

use calamine::{Data, Reader};
use common::workbook::*;
use common::{run, stderr, stdout};
use serde_json::Value;
use std::path::Path;

/// Compares a workbook's Team and Summary sheets with `calc --format json`: every CSM's
/// base, target variable, each payout, variable, SPIF, total, planned, at the caps (to the
/// cent) and % of OTE; every team figure. Returns how many figures were compared.
fn assert_matches(book: &Path, team: &str, summary: &str, json: &Value) -> usize {
    let mut b = Book::open(book);
    let rows = b.sheet(team);
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
    };
    let csms = json["csms"].as_array().unwrap();
    assert_eq!(rows.len() - 1, csms.len(), "one row per CSM");
    let mut compared = 0;
    for (i, c) in csms.iter().enumerate() {
        let row = &rows[i + 1];
        let id = c["id"].as_str().unwrap();
        assert_eq!(row[0].to_string(), id);
        for (key, column) in [
            ("base", "Base"),
            ("target_variable", "Target variable"),
            ("variable", "Variable"),
            ("spif", "SPIF"),
            ("total", "Total"),
            ("planned", "Planned (every metric at 100%)"),
        ] {
            let what = format!("{id} {key}");
            assert_eq!(
                cents_of(&row[col(column)], &what),
                json_cents(&c[key], &what),
                "{what}"
            );
            compared += 1;
        }
        let up = &row[col("At the caps (SPIFs at limits)")];
        match c["upside"].as_str() {
            Some(_) => assert_eq!(
                cents_of(up, &format!("{id} upside")),
                json_cents(&c["upside"], id)
            ),
            None => assert_eq!(up.to_string(), "unbounded", "{id} upside"),
        }
        compared += 1;
        let pct = ratio_of(&row[col("% of OTE")], id);
        let want: f64 = c["pct_of_ote"].as_str().unwrap().parse().unwrap();
        assert!(
            (pct - want).abs() <= 5.1e-7,
            "{id} % of OTE {pct} vs {want}"
        );
        compared += 1;
        let comps = c["components"].as_array().unwrap();
        // Payout columns are "<metric name> payout", in plan order.
        let payout_cols: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.ends_with(" payout"))
            .map(|(j, _)| j)
            .collect();
        assert_eq!(payout_cols.len(), comps.len());
        for (comp, j) in comps.iter().zip(&payout_cols) {
            let what = format!("{id} {} payout", comp["id"]);
            assert_eq!(
                cents_of(&row[*j], &what),
                json_cents(&comp["payout"], &what),
                "{what}"
            );
            // The attainment (the column two to the left) and factor (one to the left).
            let att = ratio_of(&row[j - 2], &what);
            let want: f64 = comp["attainment"].as_str().unwrap().parse().unwrap();
            assert!(
                (att - want).abs() <= 5.1e-7,
                "{what}: attainment {att} vs {want}"
            );
            let fac = ratio_of(&row[j - 1], &what);
            let want: f64 = comp["factor"].as_str().unwrap().parse().unwrap();
            assert!(
                (fac - want).abs() <= 5.1e-7,
                "{what}: factor {fac} vs {want}"
            );
            compared += 3;
        }
    }
    let s = b.sheet(summary);
    let t = &json["team"];
    let mut seen = 0;
    // The rows are the team figures in their order (the sheet speaks to people: no key).
    for (row, (key, label, _)) in s[3..].iter().zip(cscomp_tui::output::xlsx::FIGURES) {
        assert_eq!(row[0].to_string(), label, "{key}");
        let key = key.to_string();
        let v = &row[1];
        match key.as_str() {
            "csms" => assert_eq!(
                ratio_of(v, "csms") as u64,
                t["csms"].as_u64().unwrap(),
                "csms"
            ),
            "cost_pct_of_arr" | "pct_of_ote" | "downside_pct_of_ote" => {
                let want: f64 = t[&key].as_str().unwrap().parse().unwrap();
                let got = ratio_of(v, &key);
                assert!((got - want).abs() <= 5.1e-7, "team {key}: {got} vs {want}");
            }
            "maximum_cash" if t[&key].is_null() => assert_eq!(v.to_string(), "unbounded"),
            _ => assert_eq!(cents_of(v, &key), json_cents(&t[&key], &key), "team {key}"),
        }
        seen += 1;
    }
    assert_eq!(seen, 15, "every team figure is on the Summary sheet");
    compared + seen
}

// ---------------------------------------------------------------- the tests

#[test]
fn cached_values_are_the_engines_figures() {
    // Viewers that do not recalculate show the numbers written with the formulas.
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "assets/sample.ron",
        "assets/worked-example.ron",
        "tests/fixtures/workbook/edges.ron",
        "tests/fixtures/workbook/rules.ron",
        "assets/cs-plan-2027.ron",
    ] {
        let out = dir.path().join("cached.xlsx");
        let _ = std::fs::remove_file(&out);
        export(&[f], &out);
        let n = assert_matches(&out, "Team", "Summary", &calc_json(&[f]));
        assert!(n > 30, "{f}: {n} figures");
    }
}

#[test]
fn workbook_recalculates_to_the_cent_like_calc() {
    let Some(lo) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ron");
    let o = run(&["new", big.to_str().unwrap(), "--team-size", "1000"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sources = [
        "assets/sample.ron".to_string(),
        "assets/worked-example.ron".to_string(),
        "tests/fixtures/workbook/edges.ron".to_string(),
        big.display().to_string(),
        "tests/fixtures/workbook/rules.ron".to_string(),
        // Team metrics, rates from ARR movements, a gate and a modifier.
        "assets/cs-plan-2027.ron".to_string(),
    ];
    let mut books = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let out = dir.path().join(format!("book{i}.xlsx"));
        export(&[s], &out);
        books.push(out);
    }
    let recalculated = recalc(lo, &books, &dir.path().join("recalc"));
    for (src, book) in sources.iter().zip(&recalculated) {
        let n = assert_matches(book, "Team", "Summary", &calc_json(&[src]));
        assert!(n > 30, "{src}: {n} figures");
    }
    // The exact half cent: 139,800 × 25% × 15% × 0.8095/0.75 = 5,658.405, whose nearest
    // double is 5,658.40499999999974…, pays 5,658.41 after LibreOffice's recalculation.
    let mut b = Book::open(&recalculated[2]);
    let team = b.sheet("Team");
    let header: Vec<String> = team[0].iter().map(|c| c.to_string()).collect();
    let grr = header.iter().position(|h| h == "GRR payout").unwrap();
    assert_eq!(team[1][0].to_string(), "half-cent");
    assert_eq!(cents_of(&team[1][grr], "half cent"), 565_841);
    assert_eq!(format!("{:.20}", 5658.405_f64), "5658.40499999999974534148");
    // 0.88 / 0.80 in doubles is 1.0999999999999999, and still reaches the 110% step.
    let act = header
        .iter()
        .position(|h| h == "Activities factor")
        .unwrap();
    assert_eq!(ratio_of(&team[1][act], "step"), 1.2);
}

#[test]
fn editing_the_variable_share_in_the_workbook_recalculates_like_calc_set() {
    let Some(lo) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut books = Vec::new();
    for (i, f) in ["assets/sample.ron", "tests/fixtures/workbook/edges.ron"]
        .iter()
        .enumerate()
    {
        let out = dir.path().join(format!("edit{i}.xlsx"));
        export(&[f], &out);
        // The Plan sheet is the first; the variable share is its cell B5.
        set_cell(&out, "xl/worksheets/sheet1.xml", "B5", "0.275");
        books.push(out);
    }
    let recalculated = recalc(lo, &books, &dir.path().join("recalc"));
    for (f, book) in ["assets/sample.ron", "tests/fixtures/workbook/edges.ron"]
        .iter()
        .zip(&recalculated)
    {
        let want = calc_json(&[f, "--set", "variable_share=27.5%"]);
        let before = calc_json(&[f]);
        assert_ne!(
            want["team"]["cash"], before["team"]["cash"],
            "the edit matters"
        );
        assert_matches(book, "Team", "Summary", &want);
    }
}

#[test]
fn several_files_get_a_compare_sheet_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp.xlsx");
    export(
        &["assets/sample.ron", "tests/fixtures/compare/70-30.ron"],
        &out,
    );
    let mut b = Book::open(&out);
    let names = b.wb.sheet_names();
    // The comparison first; each scenario's sheets named after it.
    assert_eq!(
        names,
        [
            "Compare",
            "Sample team FY27 – Plan",
            "Sample team FY27 – Team",
            "Sample team FY27 – Summary",
            "Sample 70-30 – Plan",
            "Sample 70-30 – Team",
            "Sample 70-30 – Summary",
        ]
    );
    let a = calc_json(&["assets/sample.ron"]);
    let z = calc_json(&["tests/fixtures/compare/70-30.ron"]);
    assert_matches(
        &out,
        "Sample team FY27 – Team",
        "Sample team FY27 – Summary",
        &a,
    );
    assert_matches(&out, "Sample 70-30 – Team", "Sample 70-30 – Summary", &z);
    let cmp = b.sheet("Compare");
    let cash = cmp
        .iter()
        .find(|r| r[0] == Data::String("Cash".into()))
        .expect("a cash row");
    let (ca, cz) = (
        json_cents(&a["team"]["cash"], "a"),
        json_cents(&z["team"]["cash"], "z"),
    );
    assert_eq!(cents_of(&cash[1], "cash 1"), ca);
    assert_eq!(cents_of(&cash[2], "cash 2"), cz);
    assert_eq!(cents_of(&cash[3], "change"), cz - ca);
}

#[test]
fn export_refuses_to_overwrite_and_says_where_it_went() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.xlsx");
    let o = run(&[
        "export-xlsx",
        "assets/sample.ron",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        format!(
            "Wrote the workbook (1 scenario, 15 CSM rows) to {}.\n",
            out.display()
        )
    );
    let o = run(&[
        "export-xlsx",
        "assets/sample.ron",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {} already exists; pass --force to overwrite it\n",
            out.display()
        )
    );
}

// ---------------------------------------------------------------- rosters from sheets

#[test]
fn the_team_sheet_imports_back_as_the_same_team() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.xlsx");
    export(&["tests/fixtures/workbook/edges.ron"], &out);
    let scn = dir.path().join("copy.ron");
    std::fs::copy("tests/fixtures/workbook/edges.ron", &scn).unwrap();
    let o = run(&[
        "import-roster",
        out.to_str().unwrap(),
        "--sheet",
        "Team",
        "--into",
        scn.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("unchanged: 4"), "{text}");
    assert!(
        text.contains("Team cash cost: $381,519.36 → $381,519.36"),
        "{text}"
    );
}

/// Writes a roster workbook: a header and rows of cells (numbers as doubles, text as text).
fn roster_book(path: &Path, sheet: &str, rows: &[Vec<Cell>]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Notes").unwrap();
    ws.write_string(0, 0, "not the roster").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    let money = rust_xlsxwriter::Format::new().set_num_format("$#,##0.00");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Cell::T(t) => {
                    ws.write_string(r, c, *t).unwrap();
                }
                Cell::N(n) => {
                    ws.write_number_with_format(r, c, *n, &money).unwrap();
                }
                Cell::F(f, v) => {
                    ws.write_formula(r, c, rust_xlsxwriter::Formula::new(*f).set_result(*v))
                        .unwrap();
                }
                Cell::Blank => {}
            }
        }
    }
    wb.save(path).unwrap();
}

enum Cell {
    T(&'static str),
    N(f64),
    F(&'static str, &'static str),
    Blank,
}

use Cell::{Blank, F, N, T};

fn header_cells() -> Vec<Cell> {
    vec![
        T("ID"),
        T("Name"),
        T("Level"),
        T("OTE"),
        T("Book ARR"),
        T("actual:grr"),
        T("spif:c-level"),
    ]
}

#[test]
fn an_xlsx_roster_reads_numbers_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("roster.xlsx");
    roster_book(
        &book,
        "Roster",
        &[
            header_cells(),
            vec![
                T("a-1"),
                T("Ann"),
                T("CSM I"),
                // $120,000.10 as a double is 120000.10000000000582…: it comes in as 120000.10.
                N(120_000.10),
                N(2_500_000.0),
                N(0.927),
                N(2.0),
            ],
            vec![
                T("b-2"),
                T("Ben"),
                T("CSM I"),
                N(99_999.99),
                N(0.0),
                Blank,
                Blank,
            ],
        ],
    );
    let scn = dir.path().join("s.ron");
    std::fs::copy("assets/sample.ron", &scn).unwrap();
    let o = run(&[
        "import-roster",
        book.to_str().unwrap(),
        "--sheet",
        "roster",
        "--into",
        scn.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&scn).unwrap();
    assert!(text.contains("ote: \"120000.1\""), "{text}");
    assert!(text.contains("ote: \"99999.99\""), "{text}");
    assert!(text.contains("\"grr\": \"0.927\""), "{text}");
    assert!(text.contains("spifs: {\"c-level\": 2}"), "{text}");
    // As the roster CSV shows it: dollars and cents, the percentage exact.
    let o = run(&["export-roster", scn.to_str().unwrap()]);
    let csv = stdout(&o);
    assert!(csv.contains("a-1,Ann,CSM I,120000.10,2500000.00,"), "{csv}");
    assert!(csv.contains(",92.7%,"), "{csv}");
}

#[test]
fn xlsx_roster_problems_name_rows_and_columns_as_the_sheet_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("bad.xlsx");
    let good = |id: &'static str| {
        vec![
            T(id),
            T("X"),
            T("CSM I"),
            N(100_000.0),
            N(1.0),
            N(0.9),
            N(1.0),
        ]
    };
    roster_book(
        &book,
        "Roster",
        &[
            vec![Blank],
            header_cells(),
            good("r3"),
            good("r4"),
            good("r5"),
            good("r6"),
            // Row 7: a computed OTE that left a binary remainder, a negative book, a
            // fractional SPIF count and an error cell.
            vec![
                T("r7"),
                T("Y"),
                T("CSM I"),
                F("=40000.7*3", "120002.09999999999"),
                N(-5.0),
                F("=1/0", "#DIV/0!"),
                N(1.5),
            ],
        ],
    );
    let scn = dir.path().join("s.ron");
    std::fs::copy("assets/sample.ron", &scn).unwrap();
    let before = std::fs::read(&scn).unwrap();
    // Without --sheet the first sheet is read: it has no roster header.
    let o = run(&[
        "import-roster",
        book.to_str().unwrap(),
        "--into",
        scn.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("row 1: the header has no `ote` column, which is required"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "import-roster",
        book.to_str().unwrap(),
        "--sheet",
        "Roster",
        "--into",
        scn.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("the roster has 4 problems; nothing was imported"),
        "{err}"
    );
    for want in [
        "row 7, column D (OTE), value \"120002.09999999999\": `120002.09999999999` has a fraction of a cent",
        "row 7, column E (Book ARR), value \"-5\": money cannot be negative",
        "row 7, column F (actual:grr), value \"#DIV/0!\":",
        "row 7, column G (spif:c-level), value \"1.5\": a SPIF count is a whole number of events",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    assert_eq!(std::fs::read(&scn).unwrap(), before, "nothing was written");
    let o = run(&[
        "import-roster",
        book.to_str().unwrap(),
        "--sheet",
        "Team",
        "--into",
        scn.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: cannot read roster `{}`: the workbook has no sheet `Team` (it has: Notes, Roster)\n",
            book.display()
        )
    );
}

#[test]
fn an_ods_roster_reads_like_its_csv() {
    // tests/fixtures/roster/clean.ods is tests/fixtures/roster/clean.csv saved by
    // LibreOffice Calc (numbers as numbers, percentages formatted as such).
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    std::fs::copy("assets/sample.ron", &a).unwrap();
    std::fs::copy("assets/sample.ron", &b).unwrap();
    let o = run(&[
        "import-roster",
        "tests/fixtures/roster/clean.ods",
        "--into",
        a.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "import-roster",
        "tests/fixtures/roster/clean.csv",
        "--into",
        b.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let roster = |p: &Path| stdout(&run(&["export-roster", p.to_str().unwrap()]));
    assert_eq!(roster(&a), roster(&b));
    assert!(roster(&a).contains("csm-01,Alex Morgan,CSM II,100000.00,3200000.00,"));
}

#[test]
fn the_workbooks_team_sheet_imports_back_for_every_bundled_sample() {
    // Its formula columns (named after metric names, some with a `:`) are output, not
    // input: ignored and reported, never a bad `target:` header.
    let dir = tempfile::tempdir().unwrap();
    for (i, (sample, csms, cash)) in [
        ("assets/sample.ron", 15, "$1,566,307.04"),
        ("assets/worked-example.ron", 1, "$103,960.00"),
    ]
    .into_iter()
    .enumerate()
    {
        let book = dir.path().join(format!("plan-{i}.xlsx"));
        export(&[sample], &book);
        let o = run(&[
            "import-roster",
            book.to_str().unwrap(),
            "--sheet",
            "Team",
            "--into",
            sample,
            "--dry-run",
        ]);
        assert!(o.status.success(), "{sample}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.starts_with("Ignored columns (not used by cscomp-tui): Variable share, Basis, Base, Target variable, "),
            "{out}"
        );
        assert!(
            out.contains(&format!("  unchanged: {csms}\n")),
            "{sample}: {out}"
        );
        assert!(
            out.contains(&format!("Team cash cost: {cash} → {cash}\n")),
            "{sample}: {out}"
        );
    }
}
