//! A plan's title, fiscal year, status and notes: read, checked, and shown wherever the plan
//! is named to people instead of the file's name.

mod common;

use common::{run, stderr, stdout};
use cscomp_tui::engine::{FiscalYear, PlanStatus};
use cscomp_tui::scenario::{parse, sample, to_ron};

fn titled() -> cscomp_tui::engine::Scenario {
    let mut s = sample();
    s.plan.title = Some("FY27 Customer Success variable pay".into());
    s.plan.fiscal_year = Some(FiscalYear {
        name: "FY27".into(),
        start: "2026-02-01".into(),
    });
    s.plan.status = Some(PlanStatus::Proposed);
    s.plan.notes = "Agreed with finance on 12 November.\nCap review in Q3.".into();
    s
}

fn write(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("plan.ron");
    std::fs::write(&p, text).unwrap();
    let p = p.to_str().unwrap().to_string();
    (dir, p)
}

#[test]
fn the_plan_is_named_by_its_title_in_reports_and_statements() {
    let s = titled();
    let text = to_ron(&s);
    assert!(text.contains("version: 3"), "{text}");
    assert!(
        text.contains("title: \"FY27 Customer Success variable pay\""),
        "{text}"
    );
    assert_eq!(parse(&text, "plan.ron").unwrap().plan, s.plan);
    let (_d, path) = write(&text);

    let o = run(&["calc", &path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with(
        "FY27 Customer Success variable pay · FY27, 1 February 2026 – 31 January 2027 · proposed — Sample team FY27 (attainment scale 100%)\n"
    ), "{}", stdout(&o));

    let o = run(&["calc", &path, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        json["plan"],
        serde_json::json!({
            "title": "FY27 Customer Success variable pay",
            "fiscal_year": {"name": "FY27", "start": "2026-02-01", "end": "2027-01-31"},
            "status": "proposed",
            "notes": "Agreed with finance on 12 November.\nCap review in Q3."
        })
    );

    let st = cscomp_tui::output::statements::statement(&s, 0).unwrap();
    assert!(st.contains(
        "How you are paid under the plan **FY27 Customer Success variable pay**. It runs for FY27, 1 February 2026 – 31 January 2027. This plan is a proposed, not yet approved."
    ), "{st}");
    assert!(!st.contains("Sample team FY27"), "{st}");
}

#[test]
fn a_plan_without_them_reports_as_before() {
    let o = run(&["calc", "assets/sample.ron", "--format", "json"]);
    assert!(!stdout(&o).contains("\"plan\""));
}

#[test]
fn a_bad_first_day_and_an_older_version_are_refused_with_the_reason() {
    let mut s = titled();
    s.plan.fiscal_year = Some(FiscalYear {
        name: "FY27".into(),
        start: "2026-02-30".into(),
    });
    let (_d, path) = write(&to_ron(&s));
    let o = run(&["check", &path]);
    assert!(!o.status.success());
    let e = stdout(&o) + &stderr(&o);
    assert!(
        e.contains("`2026-02-30` is not a date: write the fiscal year's first day as YYYY-MM-DD"),
        "{e}"
    );
    let v1 = to_ron(&titled()).replace("version: 3", "version: 1");
    let (_d, path) = write(&v1);
    let o = run(&["calc", &path]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("which need `version: 3`"),
        "{}",
        stderr(&o)
    );
}
