//! Recorded payouts from a payroll export (`import-payouts`): read with the mapping every
//! import uses, merged all or nothing, and then what the closed periods pay
//! (docs/periods.md, "Recorded payouts").

mod common;

use common::{run, stderr, stdout};
use cscomp_tui::scenario;
use rust_decimal_macros::dec;

/// A copy of the quarterly sample in a folder of its own (actual through Q2).
fn quarterly_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("a folder");
    let plan = dir.path().join("plan.ron");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/quarterly.ron"),
        &plan,
    )
    .expect("copied");
    (dir, plan)
}

#[test]
fn a_payroll_export_records_what_was_paid_and_calc_shows_the_true_up() {
    let (_dir, plan) = quarterly_copy();
    let p = plan.to_str().expect("utf-8");
    let o = run(&[
        "import-payouts",
        "tests/fixtures/payroll/h1-payroll.csv",
        "--into",
        p,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Columns read as: \"Employee Name\" → csm_id, \"Pay Period\" → period, \"Gross Pay\" → paid"),
        "{out}"
    );
    assert!(out.contains("row 8 a total row (\"Total\")"), "{out}");
    // Each payout against what the plan computes, largest differences first.
    assert!(
        out.contains(
            "Recorded payouts against the plan: 4 payouts, recorded − computed +$25.00 in all.
Largest differences:
  csm-01 Alex Morgan, Q2: paid $21,200.00, the plan computes $21,125.00 (+$75.00)
  csm-05 Marcus Chen, Q1: paid $16,350.00, the plan computes $16,400.00 (-$50.00)
"
        ),
        "{out}"
    );
    let s = scenario::load(&plan).expect("loads");
    assert_eq!(s.version, 4);
    let q2 = &s.team[0].periods["Q2"];
    assert_eq!(q2.paid, Some(dec!(21200)));
    assert_eq!(s.team[4].periods["Q1"].paid, Some(dec!(16350)));
    let o = run(&["calc", p, "--by-period"]);
    let out = stdout(&o);
    for line in [
        "Recorded pay adjustment                 $25.00",
        "Paid to date (through Q2)             $677,140.95",
        "  as the plan computes it             $677,115.95",
        "  recorded − computed (to true up)         $25.00",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
}

#[test]
fn a_payout_for_an_open_period_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("a folder");
    let plan = dir.path().join("plan.ron");
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/quarterly.ron"))
            .expect("read")
            .replace("as_of: \"Q2\",", "as_of: \"Q1\",");
    std::fs::write(&plan, &text).expect("written");
    let p = plan.to_str().expect("utf-8");
    let o = run(&[
        "import-payouts",
        "tests/fixtures/payroll/h1-payroll.csv",
        "--into",
        p,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("has a recorded payout for Q2, which does not hold actual results yet"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&plan).expect("read"), text);
    // Closing Q2 with the import records it.
    let o = run(&[
        "import-payouts",
        "tests/fixtures/payroll/h1-payroll.csv",
        "--into",
        p,
        "--as-of",
        "Q2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A payout far from what the plan computes (a digit too many) is named before anything is
/// written.
#[test]
fn a_payout_far_from_the_plan_is_named_in_the_dry_run() {
    let (dir, plan) = quarterly_copy();
    let csv = dir.path().join("payroll.csv");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/payroll/h1-payroll.csv"
    ))
    .expect("read")
    .replace("\"$21,200.00\"", "\"$212,000.00\"");
    std::fs::write(&csv, text).expect("written");
    let o = run(&[
        "import-payouts",
        csv.to_str().expect("utf-8"),
        "--into",
        plan.to_str().expect("utf-8"),
        "--dry-run",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "Check these: paid more than twice, or less than half, what the plan computes (a typo?):
  csm-01 Alex Morgan, Q2: paid $212,000.00, the plan computes $21,125.00 (+$190,875.00)
"
        ),
        "{}",
        stdout(&o)
    );
}
