//! `import-actuals`: actual results from a CRM export merged into a scenario with
//! periods, through the real binary, on scratch copies of assets/quarterly.ron and
//! assets/sample.ron.

use cscomp_tui::engine::{Csm, Scenario};
use cscomp_tui::scenario;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::{Path, PathBuf};

mod common;
use common::{run, stderr, stdout};

/// A scratch copy of a bundled scenario, in its own folder.
fn scratch(from: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.ron");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(from), &path).unwrap();
    (dir, path)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn load(p: &Path) -> Scenario {
    scenario::load(p).unwrap()
}

fn csm<'a>(scn: &'a mut Scenario, id: &str) -> &'a mut Csm {
    scn.team.iter_mut().find(|c| c.id == id).unwrap()
}

fn set_period(scn: &mut Scenario, id: &str, period: &str, metric: &str, v: Decimal) {
    csm(scn, id)
        .periods
        .entry(period)
        .or_default()
        .actuals
        .insert(metric, v);
}

fn import(csv: &Path, into: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "import-actuals",
        csv.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// The quarterly sample with the values both forms of the test file give: csm-01's Q3
/// activities 95% and executive reviews 77%, 2 C-level meetings in Q3 and GRR 90% for the
/// year; csm-02's expansion $31,000; csm-16's Q3 reviews at 60% (as they already are).
fn expected_after_import() -> Scenario {
    let mut want = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/quarterly.ron"));
    set_period(&mut want, "csm-01", "Q3", "activities", dec!(0.95));
    set_period(&mut want, "csm-01", "Q3", "ebr", dec!(0.77));
    csm(&mut want, "csm-01")
        .periods
        .get_mut("Q3")
        .unwrap()
        .spifs
        .insert("c-level", 2);
    csm(&mut want, "csm-01").actuals.insert("grr", dec!(0.9));
    csm(&mut want, "csm-02")
        .actuals
        .insert("expansion", dec!(31000));
    want
}

const LONG: &str = "\
CSM ID,Metric,Period,Value,CSM name
csm-01,activities,Q3,95%,Alex Morgan
csm-01,ebr,q3,0.77,Alex Morgan
csm-01,spif:c-level,Q3,2,Alex Morgan
csm-01,grr,,0.9,Alex Morgan
csm-02,expansion,FY,\"$31,000\",Priya Raman

csm-16,ebr,Q3,60%,Grace Liu
";

const WIDE: &str = "\
csm_id,name,actual:activities:Q3,actual:ebr:Q3,spif:c-level:Q3,actual:grr,Actual: Expansion
csm-01,Alex,95%,0.77,2,90%,
csm-02,Priya,,,,,\"$31,000\"
csm-16,Grace,,60%,,,
";

fn assert_imported(form: &str, text: &str) {
    let (dir, into) = scratch("assets/quarterly.ron");
    let before = std::fs::read(&into).unwrap();
    let csv = write(dir.path(), "actuals.csv", text);
    let o = import(&csv, &into, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = load(&into);
    let want = expected_after_import();
    assert_eq!(got.team, want.team, "exactly the given values changed");
    assert_eq!(got.plan, want.plan);
    assert_eq!(
        std::fs::read(dir.path().join("team.ron.bak")).unwrap(),
        before,
        "the previous file is kept as .bak"
    );
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "Imported `{}` ({form}) into `{}`: 6 values for 3 CSMs in Q3 and the year; 5 changed, 1 unchanged.\n",
            csv.display(),
            into.display()
        )),
        "{out}"
    );
}

#[test]
fn long_form_changes_exactly_the_given_values() {
    assert_imported("long form", LONG);
}

#[test]
fn wide_form_changes_exactly_the_given_values() {
    assert_imported("wide form", WIDE);
}

#[test]
fn calc_after_the_import_pays_the_new_actuals() {
    let (dir, into) = scratch("assets/quarterly.ron");
    let csv = write(dir.path(), "actuals.csv", LONG);
    assert!(import(&csv, &into, &[]).status.success());
    let o = run(&["calc", into.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // csm-01, CSM II: OTE $100,000 at 20% variable: base $80,000, target variable $20,000.
    //   grr (20%, year): 0.9 / 0.9 = 100% → 1.0 × $4,000 = $4,000
    //   churn (10%, year, lower is better): 2 − 0.04/0.05 = 120% → 1.2 × $2,000 = $2,400
    //   expansion (20%, year): 130,000 / 100,000 = 130% → 1 + 0.3 × 2 = 1.6 × $4,000 = $6,400
    //   activities (Q1 50%, else 25%, of each quarter's $5,000):
    //     Q1 0.82/0.8 = 102.5% → 1 × $2,500; Q2 0.9/0.95 → 0.5 × $1,250;
    //     Q3 0.95/0.95 = 100% → 1 × $1,250; Q4 0.94/0.95 → 0.5 × $1,250: $5,000
    //   ebr (25% from Q2): Q2 0.5/0.7 = 71% → 0; Q3 0.77/0.7 = 110% → 1.2 × $1,250 = $1,500;
    //     Q4 0.58/0.7 = 83% → 0.5 × $1,250 = $625: $2,125
    //   variable $19,925; SPIF: 1 meeting in Q2 + 2 in Q3 at $500 = $1,500
    //   total $80,000 + $19,925 + $1,500 = $101,425
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.starts_with("csm-01"))
        .expect("csm-01's line");
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        &cells[cells.len() - 5..],
        [
            "$80,000.00",
            "$19,925.00",
            "$1,500.00",
            "$101,425.00",
            "101.4%"
        ],
        "{line}"
    );
}

#[test]
fn every_bad_row_is_named_by_row_and_column_and_nothing_is_written() {
    let (dir, into) = scratch("assets/quarterly.ron");
    let before = std::fs::read(&into).unwrap();
    let csv = write(
        dir.path(),
        "bad.csv",
        "csm_id,metric,period,value
csm-99,activities,Q3,90%
csm-01,nope,Q3,90%
csm-01,activities,Q7,90%
csm-01,ebr,Q1,90%
csm-01,grr,Q2,90%
csm-01,activities,,90%
csm-16,activities,Q1,90%
csm-01,activities,Q3,abc
csm-01,activities,Q4,87
csm-02,expansion,,12%
csm-02,activities,Q3,90%
csm-02,activities,Q3,91%
csm-03,spif:c-level,,1
csm-03,spif:c-level,Q3,1.5
csm-03,spif:c-level,Q4,-1
csm-03,expansion,,$130,000
csm-03,activities,Q3,950
csm-04,expansion,,\"$60,000,001\"
",
    );
    let o = import(&csv, &into, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for line in [
        "the file has 15 problems; nothing was imported:",
        "  - row 2, column A (csm_id), value \"csm-99\": the scenario has no CSM with this id or name\n",
        "  - row 3, column B (metric), value \"nope\": the plan has no such metric (it has: grr, churn, expansion, activities, ebr; SPIF events are written spif:<id>)\n",
        "  - row 4, column C (period), value \"Q7\": the plan has no such period (it has: Q1, Q2, Q3, Q4; blank or `year` for the year)\n",
        "  - row 5, column C (period), value \"Q1\": `ebr` does not count in Q1 (its weight there is 0%)\n",
        "  - row 6, column C (period), value \"Q2\": `grr` is measured for the year; leave the period blank (or write `year`)\n",
        "  - row 7, column C (period), value \"\": `activities` is measured per period; give the period (Q1, Q2, Q3, Q4)\n",
        "  - row 8, column D (value), value \"90%\": csm-16 is employed only from Q3 to Q4, so has no results in Q1\n",
        "  - row 9, column D (value), value \"abc\": `abc` is not a number",
        "  - row 11, column D (value), value \"12%\": this column is in dollars, not a percentage\n",
        "  - row 13, column D (value): csm-02 `activities` in Q3 is already given on row 12; give each value once\n",
        "  - row 14, column C (period), value \"\": SPIF events are counted per period; give the period (Q1, Q2, Q3, Q4)\n",
        "  - row 15, column D (value), value \"1.5\": a SPIF count is a whole number of events\n",
        "  - row 16, column D (value), value \"-1\": a SPIF count cannot be negative\n",
        "  - row 17: the row has 5 cells but the header has 4 columns",
        "  - row 19, column D (value), value \"$60,000,001\": is more than 1000 times its target (60000); check that both are in the same unit\n",
    ] {
        assert!(err.contains(line), "missing {line:?} in:\n{err}");
    }
    // The bare numbers given for `activities` (87 on row 10, 950 on row 18) are all above
    // 10, so they are percent points (87%, 950%), not lost `%` signs.
    assert!(!err.contains("row 10") && !err.contains("row 18"), "{err}");
    assert_eq!(
        std::fs::read(&into).unwrap(),
        before,
        "the file is untouched"
    );
    assert!(!dir.path().join("team.ron.bak").exists());
}

#[test]
fn bad_wide_headers_are_named_by_column() {
    let (dir, into) = scratch("assets/quarterly.ron");
    let before = std::fs::read(&into).unwrap();
    let csv = write(
        dir.path(),
        "bad.csv",
        "csm_id,actual:ebr:Q1,actual:grr:Q2,actual:nope:Q1,target:grr,actual:activities,spif:c-level,actual:activities:Q1,actual:activities:q1
csm-01,1,1,1,1,1,1,1,1
",
    );
    let o = import(&csv, &into, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for line in [
        "the file has 7 problems; nothing was imported:",
        "  - row 1, column B (actual:ebr:Q1): `ebr` does not count in Q1 (its weight there is 0%)\n",
        "  - row 1, column C (actual:grr:Q2): `grr` is measured for the year; leave the period blank (or write `year`)\n",
        "  - row 1, column D (actual:nope:Q1): the plan has no such metric",
        "  - row 1, column E (target:grr): this import reads actual results",
        "  - row 1, column F (actual:activities): `activities` is measured per period; give the period (Q1, Q2, Q3, Q4)\n",
        "  - row 1, column G (spif:c-level): SPIF events are counted per period",
        "  - row 1, column I (actual:activities:q1): columns H (actual:activities:Q1) and I (actual:activities:q1) both give `activities` in Q1; keep one\n",
    ] {
        assert!(err.contains(line), "missing {line:?} in:\n{err}");
    }
    assert_eq!(std::fs::read(&into).unwrap(), before);
}

#[test]
fn a_wide_row_naming_one_csm_twice_is_a_duplicate() {
    let (dir, into) = scratch("assets/quarterly.ron");
    let csv = write(
        dir.path(),
        "dup.csv",
        "csm_id,actual:activities:Q3,actual:ebr:Q3\ncsm-01,90%,\ncsm-01,,50%\ncsm-01,91%,\n",
    );
    let o = import(&csv, &into, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the file has 1 problem; nothing was imported:\n  - row 4, column B (actual:activities:Q3): csm-01 `activities` in Q3 is already given on row 2; give each value once\n"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_dry_run_writes_nothing() {
    let (dir, into) = scratch("assets/quarterly.ron");
    let before = std::fs::read(&into).unwrap();
    let csv = write(dir.path(), "actuals.csv", WIDE);
    let o = import(&csv, &into, &["--dry-run", "--as-of", "q3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Ignored columns (not used by this import): name\n"));
    assert!(out.contains(": 6 values for 3 CSMs in Q3 and the year; 5 would change, 1 unchanged.\nAs of: Q2 → Q3\nTeam cash cost: $1,569,980.26 → $1,573,027.92\nNothing was written.\n"), "{out}");
    assert_eq!(std::fs::read(&into).unwrap(), before);
    assert!(!dir.path().join("team.ron.bak").exists());
}

#[test]
fn as_of_is_set_with_the_import_and_checked() {
    let (dir, into) = scratch("assets/quarterly.ron");
    let before = std::fs::read(&into).unwrap();
    let csv = write(dir.path(), "actuals.csv", LONG);
    let o = import(&csv, &into, &["--as-of", "Q9"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --as-of Q9: the plan has no such period (it has: Q1, Q2, Q3, Q4)\n"
    );
    assert_eq!(std::fs::read(&into).unwrap(), before);
    let o = import(&csv, &into, &["--as-of", "Q3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("As of: Q2 → Q3\n"));
    let got = load(&into);
    assert_eq!(got.plan.as_of.as_deref(), Some("Q3"));
    assert_eq!(got.team, expected_after_import().team);
}

#[test]
fn importing_the_same_values_again_changes_nothing() {
    let (dir, into) = scratch("assets/quarterly.ron");
    let csv = write(dir.path(), "actuals.csv", LONG);
    assert!(import(&csv, &into, &[]).status.success());
    let after = std::fs::read(&into).unwrap();
    let o = import(&csv, &into, &[]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("0 changed, 6 unchanged.\n")
            && stdout(&o).contains("Nothing changed; the file was not written.\n"),
        "{}",
        stdout(&o)
    );
    assert_eq!(std::fs::read(&into).unwrap(), after);
}

#[test]
fn a_scenario_without_periods_takes_annual_values_only() {
    let (dir, into) = scratch("assets/sample.ron");
    let before = std::fs::read(&into).unwrap();
    let csv = write(
        dir.path(),
        "per-period.csv",
        "csm_id,metric,period,value\ncsm-01,grr,Q1,90%\ncsm-01,spif:c-level,Q1,1\n",
    );
    let o = import(&csv, &into, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("  - row 2, column C (period), value \"Q1\": the scenario has no periods, so only annual values can be imported into it: leave the period blank\n")
            && err.contains("  - row 3, column C (period), value \"Q1\": the scenario has no periods"),
        "{err}"
    );
    assert_eq!(std::fs::read(&into).unwrap(), before);
    let o = import(&csv, &into, &["--as-of", "Q1"]);
    assert_eq!(o.status.code(), Some(2));

    // Annual values (and SPIF events for the year) go in.
    let csv = write(
        dir.path(),
        "annual.csv",
        "csm_id,metric,period,value\ncsm-01,grr,,91%\ncsm-01,nps,year,40\ncsm-02,spif:c-level,,3\n",
    );
    let o = import(&csv, &into, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(": 3 values for 2 CSMs in the year;"));
    let mut want = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.ron"));
    csm(&mut want, "csm-01").actuals.insert("grr", dec!(0.91));
    csm(&mut want, "csm-01").actuals.insert("nps", dec!(40));
    csm(&mut want, "csm-02").spifs.insert("c-level", 3);
    assert_eq!(load(&into), want);

    let o = import(&csv, &into, &["--as-of", "Q1"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "error: --as-of: the scenario has no periods\n");
}

#[test]
fn actuals_come_in_from_a_workbook_too() {
    let (dir, into) = scratch("assets/quarterly.ron");
    let book = dir.path().join("actuals.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["csm_id", "metric", "period", "value"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, &str, f64); 5] = [
        ("csm-01", "activities", "Q3", 0.95),
        ("csm-01", "ebr", "Q3", 0.77),
        ("csm-01", "spif:c-level", "Q3", 2.0),
        ("csm-01", "grr", "", 0.9),
        ("csm-02", "expansion", "year", 31000.0),
    ];
    for (r, (id, m, p, v)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, *m).unwrap();
        ws.write_string(r, 2, *p).unwrap();
        ws.write_number(r, 3, *v).unwrap();
    }
    ws.write_string(6, 0, "csm-16").unwrap();
    ws.write_string(6, 1, "activities").unwrap();
    ws.write_string(6, 2, "Q1").unwrap();
    ws.write_number(6, 3, 0.9).unwrap();
    wb.save(&book).unwrap();
    let before = std::fs::read(&into).unwrap();
    let o = import(&book, &into, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("  - row 7, column D (value), value \"0.9\": csm-16 is employed only from Q3 to Q4, so has no results in Q1\n"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&into).unwrap(), before);

    // Without the bad row the same values go in as from the CSV.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["csm_id", "metric", "period", "value"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (id, m, p, v)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, *m).unwrap();
        ws.write_string(r, 2, *p).unwrap();
        ws.write_number(r, 3, *v).unwrap();
    }
    wb.save(&book).unwrap();
    let o = import(&book, &into, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(load(&into).team, expected_after_import().team);
}

#[test]
fn a_file_without_values_or_with_an_unknown_layout_is_refused() {
    let (dir, into) = scratch("assets/quarterly.ron");
    for (text, msg) in [
        ("", "the file is empty: it has no header row"),
        (
            "csm_id,name\ncsm-01,Alex\n",
            "the header has neither a `metric` column",
        ),
        (
            "csm_id,metric,period,value\ncsm-01,activities,Q3,\n",
            "the file gives no values (every value cell is blank); nothing to import",
        ),
        (
            "metric,period,value\n",
            "the header has no `csm_id` column, which is required",
        ),
    ] {
        let csv = write(dir.path(), "a.csv", text);
        let o = import(&csv, &into, &[]);
        assert_eq!(o.status.code(), Some(2), "{text:?}");
        assert!(stderr(&o).contains(msg), "{text:?}: {}", stderr(&o));
    }
}
