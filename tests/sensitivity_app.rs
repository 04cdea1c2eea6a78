//! The app's view of which levers move the cost (`W`): every lever a step down and up,
//! biggest first, as bars; Enter goes to the lever's slider; the what-if rows set a
//! metric's attainment assumption.

mod common;

use common::screen::{screen, select};
use cscomp_tui::engine::params::Param;
use cscomp_tui::tui::action::Action;
use cscomp_tui::tui::app::App;
use cscomp_tui::tui::mode::Mode;
use rust_decimal_macros::dec;

fn open() -> App {
    App::new(cscomp_tui::scenario::sample(), None, false)
}

#[test]
fn the_levers_view_ranks_and_goes_to_the_slider() {
    let mut a = open();
    a.update(Action::Sensitivity);
    assert!(matches!(a.mode, Mode::Sensitivity { .. }));
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("╭ Which levers move the cost · team cash $1,566,307 · each a step down and up · Enter go to slider · Esc "),
        "{s}"
    );
    assert!(
        s.contains("│›Team attainment                                100%   -$27,065   +$21,428  ━━━━━━━━━━━━━━━━━━━━┃━━━━━━━━━━━━━━━━   │"),
        "{s}"
    );
    assert!(
        s.contains("│ Key activities: written resu…: attainment      100%    -$8,418    +$3,980                ━━━━━━┃━━━                │"),
        "{s}"
    );
    let small = screen(&mut a, 80, 24);
    assert!(
        small.contains(
            "│ Logo churn: Target            5%    -$1,997    +$6,559           ━┃━━        │"
        ),
        "{small}"
    );
    assert!(
        small.contains("│Exact cash · a slider step each, attainment 5 points · CLI: sensitivity"),
        "{small}"
    );
    // The third lever is churn's target: Enter selects its slider.
    a.sensitivity_key('↓');
    a.sensitivity_key('↓');
    a.sensitivity_key('\n');
    assert_eq!(a.mode, Mode::Normal);
    let churn = a
        .doc
        .scn
        .plan
        .components
        .iter()
        .position(|c| c.id == "churn")
        .unwrap();
    assert_eq!(a.editor.param(), Some(Param::Target(churn)));
    // Esc closes without changing anything.
    a.update(Action::Sensitivity);
    a.sensitivity_key('\u{1b}');
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.doc.scn, cscomp_tui::scenario::sample());
}

#[test]
fn a_metrics_attainment_slider_moves_its_projections_only() {
    let mut a = open();
    let churn = a
        .doc
        .scn
        .plan
        .components
        .iter()
        .position(|c| c.id == "churn")
        .unwrap();
    select(&mut a, Param::Attainment(churn));
    for _ in 0..3 {
        a.update(Action::Left);
    }
    assert_eq!(
        a.doc.scn.assumptions.attainment_by_metric.get("churn"),
        Some(&dec!(0.97))
    );
    assert_eq!(a.eval.team.cash, dec!(1565603.63));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("│›  Logo churn          97% ━━●─── │"), "{s}");
    a.update(Action::Undo);
    assert!(a.doc.scn.assumptions.attainment_by_metric.is_empty());
}

/// `D` takes the optimiser's problem in the command line's words; the plan found is applied
/// as one undoable change and its report shown; an impossible one changes nothing and says
/// what binds.
#[test]
fn design_in_the_app_applies_the_plan_found() {
    use common::screen::{key, type_text};
    use ratatui::crossterm::event::KeyCode;
    let mut a = open();
    key(&mut a, KeyCode::Char('D'));
    type_text(
        &mut a,
        "variable_share=15%..30% grr.cap budget 1.56M controllable 50% max-loss 5%",
    );
    key(&mut a, KeyCode::Enter);
    let grr = a
        .doc
        .scn
        .plan
        .components
        .iter()
        .position(|c| c.id == "grr")
        .unwrap();
    assert_eq!(Param::Cap(grr).get(&a.doc.scn), Some(dec!(0.9)));
    assert_eq!(a.eval.team.cash, dec!(1556421.11));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("│ Best plan found:"), "{s}");
    assert!(s.contains("│   grr.cap (Cap): 150% → 90%"), "{s}");
    assert!(
        s.contains("designed: the plan found is applied · u undoes"),
        "{s}"
    );
    key(&mut a, KeyCode::Esc);
    a.update(Action::Undo);
    assert_eq!(a.doc.scn, cscomp_tui::scenario::sample());
    // An impossible budget: nothing changes, and the status says what binds.
    key(&mut a, KeyCode::Char('D'));
    type_text(&mut a, "variable_share budget 1M");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.doc.scn, cscomp_tui::scenario::sample());
    let status = a.status.as_ref().map(|s| s.0.clone()).unwrap_or_default();
    assert_eq!(
        status,
        "not changed: no plan meets every constraint; what binds: cash ≤ $1,000,000.00"
    );
    // A slip in the words stays in the prompt with the reason.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('D'));
    type_text(&mut a, "grr.wieght");
    key(&mut a, KeyCode::Enter);
    assert!(
        matches!(a.mode, Mode::Input { error: Some(ref e), .. } if e.starts_with("--free grr.wieght: `grr.wieght` is not a parameter")),
        "{:?}",
        a.mode
    );
}
