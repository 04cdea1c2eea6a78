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
