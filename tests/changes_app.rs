//! The app's *changes from* selector (`@`): sliders change the plan from the selected
//! period on, the periods before it stay as paid, and the pane says which version it
//! shows (docs/periods.md, "Changes during the year").

mod common;

use common::screen::{screen, select};
use cscomp_tui::engine::params::Param;
use cscomp_tui::tui::action::Action;
use cscomp_tui::tui::app::App;
use rust_decimal_macros::dec;

fn open(file: &str) -> App {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    match cscomp_tui::scenario::load(&path) {
        Ok(s) => App::new(s, None, false),
        Err(e) => panic!("{e}"),
    }
}

fn status(a: &App) -> String {
    a.status
        .as_ref()
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
}

#[test]
fn a_slider_moved_from_q3_on_makes_the_change_and_leaves_q1_and_q2_as_paid() {
    let mut a = open("assets/quarterly.ron");
    assert_eq!(a.editor.period, 2, "opens on the first projected period");
    a.update(Action::ChangesFrom);
    assert!(
        status(&a).starts_with("sliders change the plan from Q3 on"),
        "{}",
        status(&a)
    );
    let s = screen(&mut a, 120, 40);
    assert!(s.starts_with("╭ Plan from Q3 on · projected [ ] @ "), "{s}");
    select(&mut a, Param::Weight(2));
    for _ in 0..10 {
        a.update(Action::Right);
    }
    let plan = &a.scn.plan;
    assert_eq!(
        plan.components[2].weight,
        dec!(0.2),
        "the plan as it started keeps 20%"
    );
    assert_eq!(plan.changes.len(), 1);
    let change = &plan.changes[0];
    assert_eq!(change.effective_from, "Q3");
    assert_eq!(change.components["expansion"].weight, Some(dec!(0.3)));
    assert_eq!(
        change.components["activities"].period_weights.get("Q3"),
        Some(&dec!(0.2))
    );
    assert_eq!(a.eval.team.cash, dec!(1575817.88));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Weight                30% "), "{s}");
    assert!(s.contains("Paid to date (thru Q2)   $677,115.95"), "{s}");
    // One undo step takes the change away again.
    a.update(Action::Undo);
    assert!(a.scn.plan.changes.is_empty());
    assert_eq!(a.eval.team.cash, dec!(1569980.26));
}

#[test]
fn a_change_cannot_start_in_a_closed_period_and_the_pay_mix_changes_from_one() {
    let mut a = open("assets/quarterly.ron");
    a.update(Action::PrevPeriod);
    a.update(Action::ChangesFrom);
    assert_eq!(
        status(&a),
        "Q2 holds actual results: select a projected period with ] to change the plan from there on"
    );
    assert!(!a.editor.from_here);
    a.update(Action::NextPeriod);
    a.update(Action::ChangesFrom);
    select(&mut a, Param::VariableShare);
    a.update(Action::Right);
    // The pay mix from Q3 on: the plan as it started keeps 20%.
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.2));
    assert_eq!(a.scn.plan.changes.len(), 1);
    assert_eq!(
        a.scn.plan.changes[0].mix.as_ref().map(|m| m.variable_share),
        Some(dec!(0.21))
    );
    assert_eq!(a.eval.team.cash, dec!(1569328.53));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Variable share        21% "), "{s}");
    a.update(Action::Undo);
    assert!(a.scn.plan.changes.is_empty());
    // Back to an actual period: the sliders change the plan as it started again.
    a.update(Action::PrevPeriod);
    assert!(!a.editor.from_here);
}

#[test]
fn the_midyear_sample_shows_each_version_and_which_terms_paid() {
    // It opens on the terms in force in Q3, the first projected quarter.
    let mut a = open("assets/midyear.ron");
    let s = screen(&mut a, 120, 40);
    assert!(s.starts_with("╭ Plan from Q3 on · projected [ ] @ "), "{s}");
    assert!(s.contains("Weight                30% "), "{s}");
    a.update(Action::ChangesFrom);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.starts_with("╭ Plan as started · Q3 (projected) @ "),
        "{s}"
    );
    assert!(s.contains("Weight                20% "), "{s}");
    a.update(Action::ChangesFrom);
    // The breakdown by period says from when the terms changed; in a large window it
    // shows expansion paid by both versions.
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("│Expansion ARR                  $8,000.00│"),
        "{s}"
    );
    let s = screen(&mut a, 120, 50);
    for line in [
        "│Expansi… Q1–Q2  130.0%   1.6×  $3,200.00│",
        "│Pay by period · new terms from Q3       │",
        "│incl. recorded pay beyond plan +$75.00  │",
    ] {
        assert!(s.contains(line), "{line}\n{s}");
    }
    // The team table's SPIF column takes the recorded difference, so each row adds up.
    assert!(s.contains("Base Variable SPIF+adj    Total"), "{s}");
    assert!(s.contains("$80,000  $19,205     $575  $99,780"), "{s}");
    let s = screen(&mut a, 160, 110);
    for line in [
        "│Expansion ARR Q1–Q2                               130.0%   1.6×  $3,200.00",
        "│Expansion ARR Q3–Q4                               130.0%   1.6×  $4,800.00",
        "│Gross revenue retention                           103.0% 1.045×  $4,180.00",
    ] {
        assert!(s.contains(line), "{line}\n{s}");
    }
}
