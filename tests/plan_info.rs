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

/// The plan's title, fiscal year, status and notes are edited in the app (`I`): each
/// field typed as people write it, checked as the file is, one undoable step each, and
/// shown in the status bar at once.
#[test]
fn the_plan_info_form_edits_title_year_status_and_notes() {
    use common::screen::{key, screen, type_text};
    use cscomp_tui::tui::action::Action;
    use cscomp_tui::tui::app::App;
    use ratatui::crossterm::event::KeyCode;
    let mut a = App::new(sample(), None, false);
    a.update(Action::PlanInfo);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("╭ Plan · ↑↓ field · Enter edit · Esc close "),
        "{s}"
    );
    assert!(s.contains("│ Title       —"), "{s}");
    // Title.
    key(&mut a, KeyCode::Enter);
    type_text(&mut a, "FY27 CS variable pay");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.scn.plan.title.as_deref(), Some("FY27 CS variable pay"));
    // The year's first day, as people write it; the name follows from the year it ends in.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    type_text(&mut a, "1 Feb 2026");
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        a.scn.plan.fiscal_year,
        Some(FiscalYear {
            name: "FY27".into(),
            start: "2026-02-01".into()
        })
    );
    // A day that is not one stays in the prompt with why.
    key(&mut a, KeyCode::Enter);
    type_text(&mut a, "31 Feb 2026");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("is not a date"), "{s}");
    key(&mut a, KeyCode::Esc);
    // Status steps through draft, proposed, approved.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.scn.plan.status, Some(PlanStatus::Proposed));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("│ Status      proposed"), "{s}");
    assert!(
        s.lines()
            .last()
            .is_some_and(|l| l.starts_with(" FY27 CS variable pay (proposed)")),
        "{s}"
    );
    // Each is one undoable step.
    a.update(Action::Undo);
    assert_eq!(a.scn.plan.status, Some(PlanStatus::Draft));
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, cscomp_tui::tui::mode::Mode::Normal);
    // Saved, the file holds them.
    let text = to_ron(&a.scn);
    assert!(text.contains("title: \"FY27 CS variable pay\""), "{text}");
    assert!(text.contains("status: Draft"), "{text}");
}
