//! A team without projections is priced at target, not at zero, and everything that rests on
//! that assumption says so: the warning, `calc` in every format, the statement, the app.

mod common;

use common::screen::{key, screen};
use common::{run, stdout};
use cscomp_tui::engine::{self, MissingProjection};
use cscomp_tui::scenario::{sample, to_ron};
use cscomp_tui::tui::action::Action;
use cscomp_tui::tui::app::{App, Focus};
use ratatui::crossterm::event::KeyCode;
use rust_decimal::Decimal;

/// The sample team with every projected actual removed (as an HR export brings it).
fn no_projections() -> cscomp_tui::engine::Scenario {
    let mut s = sample();
    for c in &mut s.team {
        c.actuals.clear();
    }
    s
}

fn write(s: &cscomp_tui::engine::Scenario) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("team.ron");
    std::fs::write(&p, to_ron(s)).unwrap();
    let p = p.to_str().unwrap().to_string();
    (dir, p)
}

#[test]
fn calc_prices_a_team_without_projections_at_target_and_marks_it() {
    let s = no_projections();
    let c = engine::compute_valid(&s);
    // At 100% on every metric, variable pay is exactly the target variable.
    let tv: Decimal = c.eval.csms.iter().map(|r| r.target_variable).sum();
    assert_eq!(c.eval.team.variable, tv);
    let (_d, path) = write(&s);

    let o = run(&["calc", &path, "--format", "json"]);
    assert!(o.status.success());
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let comps = json["csms"][0]["components"].as_array().unwrap();
    assert_eq!(comps.len(), s.plan.components.len());
    for comp in comps {
        assert_eq!(comp["assumed"], true, "{comp}");
        assert_eq!(comp["actual"], serde_json::Value::Null);
        assert_eq!(comp["attainment"], "1");
    }
    assert_eq!(json["team"]["variable"], cscomp_tui::num::money_plain(tv));
    let codes: Vec<&str> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"missing-projection"), "{codes:?}");
    assert!(!codes.contains(&"threshold-zero"), "{codes:?}");

    let o = run(&["calc", &path, "--format", "csv"]);
    let text = stdout(&o);
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with(",assumed"));
    assert!(lines.next().unwrap().ends_with(",all"));

    let o = run(&["calc", &path]);
    let text = stdout(&o);
    assert!(text.contains("Assumed"), "{text}");
    assert!(text.contains(
        "[missing-projection] 15 CSMs have no projections; they are counted at target. Import actuals or projections to see real pay"
    ), "{text}");
}

#[test]
fn the_plan_can_count_them_at_zero_from_the_command_line() {
    let s = no_projections();
    let (_d, path) = write(&s);
    let o = run(&[
        "calc",
        &path,
        "--set",
        "missing_projections=0%",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["team"]["variable"], "0.00");
    assert_eq!(json["csms"][0]["components"][0]["assumed"], true);
    let o = run(&["calc", &path, "--set", "missing_projections=maybe"]);
    assert!(!o.status.success());
    assert!(
        common::stderr(&o).contains("a missing projection is counted at `target` or at `0%`"),
        "{}",
        common::stderr(&o)
    );
}

#[test]
fn a_team_with_every_projection_prints_as_before() {
    let o = run(&["calc", "assets/sample.ron", "--format", "csv"]);
    assert!(!stdout(&o).lines().next().unwrap().contains("assumed"));
    let o = run(&["calc", "assets/sample.ron", "--format", "json"]);
    assert!(!stdout(&o).contains("\"assumed\""));
}

#[test]
fn the_statement_says_the_value_is_assumed() {
    let s = no_projections();
    let text = cscomp_tui::output::statements::statement(&s, 0).unwrap();
    assert!(
        text.contains(
            "- Your projection: none entered yet, so it is assumed at target (100% of target)"
        ),
        "{text}"
    );
}

#[test]
fn the_app_marks_assumed_pay_and_toggles_the_rule() {
    let mut a = App::new(no_projections(), None, false);
    let screen_text = screen(&mut a, 120, 40);
    assert!(
        screen_text.contains("sorted by team order (s) · ~ assumed"),
        "{screen_text}"
    );
    assert!(screen_text.contains("~100.0%"), "{screen_text}");
    assert!(
        screen_text.contains("~ no projection: counted at target"),
        "{screen_text}"
    );
    let at_target = a.eval.team.cash;

    // Select the rule's row and toggle it: the team is then paid at 0% on every metric.
    let row = a
        .editor
        .rows
        .iter()
        .position(|r| *r == engine::params::Row::Param(engine::params::Param::MissingProjections))
        .unwrap();
    a.editor.row = row;
    a.focus = Focus::Editor;
    let screen_text = screen(&mut a, 120, 40);
    assert!(
        screen_text.contains("›No projection   at target ←→ toggles"),
        "{screen_text}"
    );
    key(&mut a, KeyCode::Right);
    assert_eq!(a.scn.plan.missing_projections, MissingProjection::AtZero);
    assert!(a.eval.team.cash < at_target);
    let screen_text = screen(&mut a, 120, 40);
    assert!(
        screen_text.contains("›No projection       at 0% ←→ toggles"),
        "{screen_text}"
    );
    assert!(screen_text.contains("· ~ assumed"), "{screen_text}");
    a.update(Action::Undo);
    assert_eq!(a.scn.plan.missing_projections, MissingProjection::AtTarget);
    assert_eq!(a.eval.team.cash, at_target);

    // The sample itself has every projection: no marks, no row.
    let mut full = App::new(sample(), None, false);
    let text = screen(&mut full, 120, 40);
    assert!(!text.contains('~'), "{text}");
    assert!(!text.contains("No projection"), "{text}");
}

#[test]
fn risk_simulates_a_team_without_projections_around_its_planned_cost() {
    let s = no_projections();
    let settings = s.assumptions.risk.clone().unwrap_or_default();
    let r = cscomp_tui::engine::risk::simulate(&s, &settings, 400, 7);
    let c = engine::compute_valid(&s);
    // Around the planned cost, and varying: not pinned at base pay.
    let planned = c.eval.team.cash;
    assert!(
        r.p50 > planned * Decimal::new(9, 1) && r.p50 < planned * Decimal::new(11, 1),
        "{} vs {planned}",
        r.p50
    );
    assert!(r.p90 > r.p50, "{} {}", r.p90, r.p50);
    let base: Decimal = c.eval.csms.iter().map(|x| x.base).sum();
    assert!(r.p50 > base + (planned - base) / Decimal::TWO);
    // And it says the spread rests on assumed values.
    let (code, message) = &r.warnings[0];
    assert_eq!(*code, "assumed-projections");
    assert_eq!(
        message,
        "15 CSMs have no projection for some metrics and are simulated around target, so this spread rests on assumed values, not on data: import actuals or projections for a real one"
    );
    // A team with every projection has no such warning.
    let full = sample();
    let r = cscomp_tui::engine::risk::simulate(&full, &settings, 50, 7);
    assert!(r.warnings.iter().all(|(c, _)| *c != "assumed-projections"));
}
