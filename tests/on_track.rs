//! Who is on track (`calc --by-period`, docs/periods.md): each CSM's variable pay to date
//! against target, a standing, and what each per-period metric needs in the open periods.

mod common;

use common::{run, stderr, stdout};
use serde_json::Value;

fn calc(args: &[&str]) -> String {
    let mut a = vec!["calc"];
    a.extend_from_slice(args);
    let o = run(&a);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn the_quarterly_sample_at_mid_year() {
    let t = calc(&["assets/quarterly.ron", "--by-period"]);
    let at = t
        .find("\nWho is on track (through Q2)")
        .expect("the section");
    let lines: Vec<&str> = t[at..].lines().collect();
    assert_eq!(
        lines[6],
        "ID      Name           Paid to date  Variable to date   At target  % of target  Standing     Needs in Q3–Q4"
    );
    // Alex Morgan: $3,125 of $5,000; even at the top step the year's activity pays 98%.
    assert_eq!(
        lines[8],
        "csm-01  Alex Morgan      $43,625.00         $3,125.00   $5,000.00        62.5%  behind       activities cannot, best 98.0%, ebr cannot, best 80.0%"
    );
    // Aiko Tanaka: $5,280 of $4,800 (110%, on track: ahead is over 110%).
    let aiko = lines.iter().find(|l| l.starts_with("csm-08")).unwrap();
    assert!(
        aiko.contains("$5,280.00   $4,800.00       110.0%  on track"),
        "{aiko}"
    );
    // Grace Liu joins in Q3: nothing due yet.
    let grace = lines.iter().find(|l| l.starts_with("csm-16")).unwrap();
    assert_eq!(
        *grace,
        "csm-16  Grace Liu             $0.00             $0.00       $0.00            —  not started  activities 100.0%, ebr 100.0%"
    );

    let j: Value = serde_json::from_str(&calc(&[
        "assets/quarterly.ron",
        "--by-period",
        "--format",
        "json",
    ]))
    .unwrap();
    let alex = &j["on_track"][0];
    assert_eq!(alex["id"], "csm-01");
    assert_eq!(alex["variable_to_date"], "3125.00");
    assert_eq!(alex["target_to_date"], "5000.00");
    assert_eq!(alex["pct_of_target"], "0.625");
    assert_eq!(alex["standing"], "behind");
    assert_eq!(
        alex["needs"]["activities"],
        serde_json::json!({"status": "cannot", "best_share_of_target": "0.98"})
    );
    assert_eq!(
        j["on_track"][15]["needs"]["ebr"],
        serde_json::json!({"status": "needs", "attainment": "1"})
    );

    let csv = calc(&["assets/quarterly.ron", "--by-period", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let first = r.records().next().unwrap().unwrap();
    assert_eq!(&first[col("standing")], "behind");
    assert_eq!(&first[col("variable_to_date")], "3125.00");
    assert_eq!(&first[col("target_to_date")], "5000.00");
    assert_eq!(&first[col("needs:activities")], "cannot");
}

#[test]
fn without_a_closed_period_there_is_no_section() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("open.ron");
    let text = std::fs::read_to_string("assets/quarterly.ron")
        .unwrap()
        .replace("        as_of: \"Q2\",\n", "");
    std::fs::write(&f, text).unwrap();
    let t = calc(&[f.to_str().unwrap(), "--by-period"]);
    assert!(!t.contains("Who is on track"), "{t}");
    let j = calc(&[f.to_str().unwrap(), "--by-period", "--format", "json"]);
    assert!(!j.contains("on_track"));
}
