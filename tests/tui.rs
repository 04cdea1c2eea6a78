//! The interactive screen, driven through actions and keys and read off a TestBackend.

use cscomp_tui::engine::params::Param;
use cscomp_tui::engine::risk::simulate;
use cscomp_tui::engine::risk_words::{money_about, share_about};
use cscomp_tui::engine::{self, Curve, Scenario};
use cscomp_tui::num::money;
use cscomp_tui::scenario::{generate::generate, sample};
use cscomp_tui::tui::action::Action;
use cscomp_tui::tui::app::{App, Focus, Mode, SortCol};
use cscomp_tui::tui::{handle_key, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

mod common;
use common::screen::{key, screen, select, type_text};

/// The error a prompt shows (panics when no prompt is open).
fn prompt_error(a: &App) -> Option<String> {
    match &a.mode {
        Mode::Input { error, .. } => error.clone(),
        m => panic!("{m:?}"),
    }
}

fn app() -> App {
    App::new(sample(), None, false)
}

/// The text right of column `from` (the compare screen beside the plan editor), each
/// screen line without its borders, all joined by spaces: a sentence wrapped over lines
/// reads whole again.
fn compare_text(s: &str, from: usize) -> String {
    s.lines()
        .map(|l| {
            let t: String = l.chars().skip(from).collect();
            t.trim_matches(|c: char| c == '│' || c.is_whitespace())
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn cash_of(scn: &Scenario) -> Decimal {
    engine::compute(scn).unwrap().eval.team.cash
}

#[test]
fn opening_screen_120x40() {
    let mut a = app();
    insta::assert_snapshot!("open_120x40", screen(&mut a, 120, 40));
}

#[test]
fn opening_screen_80x24() {
    let mut a = app();
    insta::assert_snapshot!("open_80x24", screen(&mut a, 80, 24));
}

#[test]
fn raising_variable_share_five_points_updates_the_team_cost() {
    let mut a = app();
    for _ in 0..5 {
        a.update(Action::Right);
    }
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.25));
    let mut expected = sample();
    expected.plan.mix.variable_share = dec!(0.25);
    let cash = cash_of(&expected);
    assert_eq!(cash, dec!(1565396.34));
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains(&format!("Cash cost              {}", money(cash))),
        "{s}"
    );
    assert!(s.contains("vs opened              -$911 (-0.1%)"), "{s}");
    assert!(s.contains(" [+] unsaved "), "{s}");
    insta::assert_snapshot!("variable_share_25_120x40", s);
}

#[test]
fn shift_moves_ten_steps_and_home_end_jump() {
    let mut a = app();
    a.update(Action::BigRight);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.3));
    a.update(Action::End);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.6));
    a.update(Action::Home);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0));
    // Three undoable steps, each restoring the exact value.
    a.update(Action::Undo);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.6));
    a.update(Action::Undo);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.3));
    a.update(Action::Undo);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.2));
    assert!(!a.is_dirty());
    handle_key(
        &mut a,
        KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL),
    );
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.3));
}

#[test]
fn holding_a_key_makes_one_undo_step() {
    let mut a = app();
    for _ in 0..7 {
        a.update(Action::Right);
    }
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.27));
    a.update(Action::Undo);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.2));
    a.update(Action::Redo);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.27));
}

#[test]
fn weights_stay_at_100_and_respect_locks() {
    let mut a = app();
    select(&mut a, Param::Weight(1));
    a.update(Action::ToggleLock);
    assert!(a.locks()[1]);
    select(&mut a, Param::Weight(0));
    for _ in 0..10 {
        a.update(Action::Right);
    }
    let w: Vec<Decimal> = a.scn.plan.components.iter().map(|c| c.weight).collect();
    assert_eq!(w[0], dec!(0.35));
    assert_eq!(w[1], dec!(0.1));
    assert_eq!(w.iter().sum::<Decimal>(), Decimal::ONE);
    assert_eq!(
        w[2..],
        [dec!(0.1692), dec!(0.1693), dec!(0.1269), dec!(0.0846)]
    );
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Weight                10% ●──── lock"), "{s}");
}

#[test]
fn typed_values_are_validated_and_esc_cancels() {
    let mut a = app();
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.mode, Mode::Input { .. }));
    for _ in 0..5 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "75%");
    key(&mut a, KeyCode::Enter);
    match &a.mode {
        Mode::Input { error, .. } => assert_eq!(
            error.as_deref(),
            Some("Variable share must be between 0% and 60%")
        ),
        m => panic!("expected the prompt to stay open, got {m:?}"),
    }
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Variable share (e.g. 22.5%): 75%▏  Variable share must be between 0% and 60%"),
        "{s}"
    );
    for _ in 0..3 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "22.5%");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.225));
    // Esc cancels without a change.
    key(&mut a, KeyCode::Enter);
    type_text(&mut a, "9");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.225));
}

#[test]
fn a_refused_change_says_why_and_changes_nothing() {
    let mut a = app();
    select(&mut a, Param::Threshold(2)); // key activities: first step at 80%
    let before = a.scn.clone();
    a.update(Action::End); // 150% is above the next step (100%)
    assert_eq!(a.scn, before);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Not applied: plan.components[2] (activities): step 2 starts at 100%"),
        "{s}"
    );
}

#[test]
fn cap_past_the_top_means_no_cap_and_warns() {
    let mut a = app();
    select(&mut a, Param::Cap(0));
    a.update(Action::End);
    a.update(Action::Right);
    assert!(matches!(
        a.scn.plan.components[0].curve,
        Curve::Tiered { cap: None, .. }
    ));
    assert_eq!(a.warnings.len(), 1);
    assert_eq!(a.warnings[0].code, "uncapped-accelerator");
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("›Cap                no cap ━━━━━━━━━●"), "{s}");
    assert!(s.contains("Guardrails: 1 warning"), "{s}");
}

#[test]
fn reset_returns_to_the_plan_as_opened_and_is_undoable() {
    let mut a = app();
    a.update(Action::BigRight);
    a.update(Action::Down);
    a.update(Action::Right); // basis → bonus on top
    assert_eq!(a.scn.plan.mix.basis, cscomp_tui::engine::Basis::BonusOnTop);
    a.update(Action::Reset);
    assert_eq!(a.scn.plan, sample().plan);
    a.update(Action::Undo);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.3));
    assert_eq!(a.scn.plan.mix.basis, cscomp_tui::engine::Basis::BonusOnTop);
}

#[test]
fn table_sorts_by_any_column() {
    let mut a = app();
    a.update(Action::FocusNext);
    assert_eq!(a.focus, Focus::Table);
    // team order → name → level → base → variable → SPIF → total.
    for _ in 0..6 {
        a.update(Action::SortNext);
    }
    assert_eq!(a.table.sort, SortCol::Total);
    assert!(a.table.descending);
    let first = a.table.order[0];
    assert_eq!(a.scn.team[first].name, "Mateo Rossi");
    a.update(Action::SortReverse);
    assert_eq!(a.scn.team[a.table.order[0]].name, "Ethan Brooks");
    a.update(Action::Home);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("sorted by total ↑"), "{s}");
    assert!(s.contains("Ethan Brooks · CSM I · OTE $72,000 "), "{s}");
}

/// Mid-year, the table says who is on track; sorting by it puts the worst first, and the
/// column stays on screen while the table is sorted by it, even at 80×24.
#[test]
fn table_sorts_by_who_is_on_track() {
    let scn =
        cscomp_tui::scenario::load(std::path::Path::new("assets/joiners-leavers.ron")).unwrap();
    let mut a = App::new(scn, None, false);
    a.update(Action::FocusNext);
    for _ in 0..9 {
        a.update(Action::SortNext);
    }
    assert_eq!(a.table.sort, SortCol::Standing);
    assert!(!a.table.descending);
    let names: Vec<&str> = a
        .table
        .order
        .iter()
        .map(|i| a.scn.team[*i].name.as_str())
        .collect();
    // Behind first (the lowest share of target first), those who left and those not
    // started yet last.
    assert_eq!(names[0], "Priya Raman");
    assert_eq!(names[14], "Ethan Brooks");
    assert_eq!(names[15], "Grace Liu");
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Name             Total vs opened On track↑"),
        "{s}"
    );
    assert!(s.contains("Priya Raman    $71,692        $0 behind"), "{s}");
    // A plan with no closed period has no such column, and sorting skips it.
    let mut b = app();
    b.update(Action::FocusNext);
    for _ in 0..9 {
        b.update(Action::SortNext);
    }
    assert_eq!(b.table.sort, SortCol::Team);
    assert!(!screen(&mut b, 120, 40).contains("On track"));
}

/// At 80 columns a long path still comes with its label: the key hints give way first,
/// and the path is cut from the left.
#[test]
fn a_prompt_keeps_its_label_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir
        .path()
        .join("customer-success")
        .join("compensation-plans")
        .join("fiscal-year-2027");
    std::fs::create_dir_all(&deep).unwrap();
    let file = deep.join("quarterly-team-plan.ron");
    std::fs::copy("assets/quarterly.ron", &file).unwrap();
    let scn = cscomp_tui::scenario::load(&file).unwrap();
    let mut a = App::new(scn, Some(file.clone()), false);
    a.update(Action::ExportWorkbook);
    let s = screen(&mut a, 80, 24);
    let last = s.lines().last().unwrap_or("");
    assert!(last.starts_with(" Export workbook (.xlsx) to: …"), "{last}");
    assert!(
        last.contains("fiscal-year-2027/quarterly-team-plan.xlsx▏"),
        "{last}"
    );
    // Wide enough, the key hints are back.
    let s = screen(&mut a, 200, 40);
    assert!(s.contains("Enter applies · Esc cancels"), "{s}");
}

#[test]
fn help_lists_every_key_of_the_table() {
    let mut a = app();
    a.update(Action::ToggleHelp);
    // Tall enough for the table in one column (each help text on one line).
    let s = screen(
        &mut a,
        120,
        cscomp_tui::tui::keys::BINDINGS.len() as u16 + 5,
    );
    for b in cscomp_tui::tui::keys::BINDINGS {
        assert!(s.contains(b.help), "help misses {}", b.help);
    }
    a.update(Action::Quit); // Esc/q closes help first
    assert_eq!(a.mode, Mode::Normal);
    assert!(!a.quit);
    a.update(Action::Quit);
    assert!(a.quit);
}

/// In a window too short for one column and too narrow for two full ones (100×30), the
/// two columns wrap within themselves and the whole table still fits.
#[test]
fn help_fits_a_100_by_30_window() {
    let mut a = app();
    a.update(Action::ToggleHelp);
    let s = screen(&mut a, 100, 30);
    for b in cscomp_tui::tui::keys::BINDINGS {
        assert!(s.contains(b.label), "help misses {}\n{s}", b.label);
        for word in b.help.split_whitespace() {
            assert!(
                s.contains(word),
                "help misses {word:?} of {:?}\n{s}",
                b.help
            );
        }
    }
    assert!(s.contains("the wheel scrolls"), "{s}");
}

/// At 80×24 the key table does not fit: it scrolls, and End shows its last lines.
#[test]
fn help_scrolls_in_an_80_by_24_window() {
    let mut a = app();
    a.update(Action::ToggleHelp);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Keys (↑↓ PgUp PgDn scroll · ? or Esc closes)"),
        "{s}"
    );
    let first = cscomp_tui::tui::keys::BINDINGS[0].help;
    assert!(s.contains(first), "{s}");
    assert!(!s.contains("the wheel scrolls"), "{s}");
    a.update(Action::End);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("the wheel scrolls"), "{s}");
    assert!(!s.contains(first), "{s}");
    // Scrolling past the end stays at the end; Home goes back to the top.
    a.update(Action::Down);
    assert_eq!(screen(&mut a, 80, 24), s);
    a.update(Action::Home);
    assert!(screen(&mut a, 80, 24).contains(first));
    a.update(Action::Close);
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn cost_chart_shows_current_and_opened() {
    let mut a = app();
    a.update(Action::ToggleChart);
    a.update(Action::BigRight);
    let s = screen(&mut a, 120, 40);
    // The title reads out the exact cash at the current setting; the legend has a line
    // of its own.
    assert!(
        s.contains(&format!(
            "Team cash at 100%: {} (c)",
            money(a.eval.team.cash)
        )),
        "{s}"
    );
    assert!(s.contains("━ as opened  ━ current  ┃ now"), "{s}");
    let cur = a.chart.cost_current.clone().unwrap();
    assert_eq!(cur.len(), 21);
    let mut expected = sample();
    expected.plan.mix.variable_share = dec!(0.3);
    expected.assumptions.attainment_scale = dec!(1.5);
    assert_eq!(cur[20].1, cash_of(&expected));
    assert_eq!(
        a.chart.cost_baseline.clone().unwrap()[10].1,
        dec!(1566307.04)
    );
}

#[test]
fn mouse_click_selects_and_drag_sets_a_slider() {
    let mut a = app();
    let _ = screen(&mut a, 120, 40);
    let (bx, bw) = a.hits.bar;
    let (y, _) = a.hits.editor_rows[0]; // variable share
    a.click(bx + bw - 1, y, false);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.6));
    a.click(bx, y, true);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0));
    // Click a CSM in the table.
    let (first, shown) = a.hits.table_rows.clone();
    a.click(a.hits.table.x + 3, first + 2, false);
    assert_eq!(a.focus, Focus::Table);
    assert_eq!(a.table.selected, shown[2]);
    // Wheel over the bar nudges.
    let _ = screen(&mut a, 120, 40);
    a.wheel(bx + 1, y, true);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.01));
}

#[test]
fn never_panics_at_any_small_size() {
    let mut a = app();
    for w in 1..=20 {
        for h in 1..=10 {
            let s = screen(&mut a, w, h);
            assert!(h < 2 || w < 8 || s.contains("Enlarge"), "{w}x{h}: {s}");
        }
    }
    for (w, h) in [
        (59, 16),
        (60, 15),
        (60, 16),
        (61, 17),
        (100, 30),
        (200, 60),
        (300, 100),
        (80, 24),
    ] {
        let _ = screen(&mut a, w, h);
    }
    a.update(Action::ToggleHelp);
    for (w, h) in [(60, 16), (30, 5), (200, 60)] {
        let _ = screen(&mut a, w, h);
    }
    // Every layout of the help: one column, two full ones, two narrow ones.
    for w in (60..=130).step_by(7) {
        for h in (16..=40).step_by(3) {
            let s = screen(&mut a, w, h);
            assert!(
                s.contains(" Keys (") && s.contains("Esc closes)"),
                "{w}x{h}: {s}"
            );
        }
    }
}

#[test]
fn ten_thousand_csms_scroll_and_render() {
    let mut a = App::new(generate(10_000), None, false);
    a.update(Action::FocusNext);
    a.update(Action::End);
    let s = screen(&mut a, 200, 60);
    assert!(s.contains("Team: 10000 CSMs"), "{s}");
    assert_eq!(a.table.selected, 9_999);
    assert!(s.contains(&a.scn.team[9_999].name));
}

#[test]
fn a_file_that_fails_offers_the_sample() {
    let mut a = App::load_failed("cannot read scenario `x.ron`: no such file".into(), false);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("cannot read scenario `x.ron`: no such file"),
        "{s}"
    );
    assert!(
        s.contains("Enter: open the bundled sample team instead · q: quit"),
        "{s}"
    );
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.scn.name, "Sample team FY27");
}

/// A joiner's first day is typed in the CSM's form as people write dates (or a period),
/// and the form shows the target prorated for it.
#[test]
fn the_csm_form_takes_a_start_day_and_shows_the_prorated_target() {
    let scn =
        cscomp_tui::scenario::load(std::path::Path::new("assets/joiners-leavers.ron")).unwrap();
    let mut a = App::new(scn, None, false);
    a.update(Action::FocusNext);
    a.update(Action::End); // Grace Liu, the last
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::CsmForm { csm: 15, row: 0 });
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Starts"), "{s}");
    assert!(s.contains("15 September 2026"), "{s}");
    assert!(s.contains("to the end of the year"), "{s}");
    assert!(
        s.contains("Expansion ARR: target                              $37,771.74 (prorated)"),
        "{s}"
    );
    // Down to "Starts" (after id, name, level, OTE, book ARR), then a US-written day.
    for _ in 0..5 {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    for _ in 0..10 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "8/1/2026");
    key(&mut a, KeyCode::Enter);
    // 1 August is Q3's first day: she now earns all of Q3.
    assert_eq!(a.scn.team[15].start.as_deref(), Some("2026-08-01"));
    assert_eq!(a.eval.csms[15].base, dec!(32000.00));
    // A period by its name is stored by its id; nonsense is refused with the reason.
    key(&mut a, KeyCode::Enter);
    for _ in 0..10 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "Q3 FY27");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.scn.team[15].start.as_deref(), Some("Q3"));
    key(&mut a, KeyCode::Enter);
    for _ in 0..10 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "someday");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("`someday` is neither a plan period nor a day"),
        "{s}"
    );
    assert_eq!(a.scn.team[15].start.as_deref(), Some("Q3"));
}

#[test]
fn team_editor_changes_a_csm_and_undo_restores_it() {
    let mut a = app();
    a.update(Action::FocusNext); // team table, Alex Morgan selected
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::CsmForm { csm: 0, row: 0 });
    // Down to "Gross revenue retention: actual" (after id, name, level, OTE, book ARR).
    for _ in 0..5 {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Gross revenue retention: actual (e.g. 92.5%; empty for none): 92.7%▏"),
        "{s}"
    );
    for _ in 0..5 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "60%");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::CsmForm { csm: 0, row: 5 });
    assert_eq!(a.scn.team[0].actuals["grr"], dec!(0.6));
    // GRR 60% of 90% target = 66.7% attainment: 20,000 × 25% × 0.666…= 3,333.33.
    assert_eq!(a.eval.components(0)[0].payout, dec!(3333.33));
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Gross revenue retention: actual                    60%"),
        "{s}"
    );
    assert!(
        s.contains("Projected total $101,761.90 = 101.8% of OTE"),
        "{s}"
    );
    // A bad value keeps the prompt open with the reason.
    key(&mut a, KeyCode::Up);
    key(&mut a, KeyCode::Up); // OTE
    key(&mut a, KeyCode::Enter);
    for _ in 0..10 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "-1");
    key(&mut a, KeyCode::Enter);
    match &a.mode {
        Mode::Input { error, .. } => assert_eq!(
            error.as_deref(),
            Some("ote is -$1, but it must be between $0 and $1,000,000,000")
        ),
        m => panic!("{m:?}"),
    }
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
    assert!(a.is_dirty());
    a.update(Action::Undo);
    assert_eq!(a.scn.team, sample().team);
    assert_eq!(a.eval.team.cash, dec!(1566307.04));
}

#[test]
fn adding_and_removing_csms() {
    let mut a = app();
    a.update(Action::FocusNext);
    a.update(Action::AddCsm);
    assert_eq!(a.scn.team.len(), 16);
    assert_eq!(a.scn.team[15].id, "csm-new-16");
    assert_eq!(a.mode, Mode::CsmForm { csm: 15, row: 1 });
    key(&mut a, KeyCode::Esc);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Team: 16 CSMs"), "{s}");
    // The new CSM has no baseline: the change column says so.
    assert_eq!(a.change(15), None);
    // Remove Alex Morgan: asks first, "n" keeps.
    a.update(Action::Home);
    a.update(Action::DeleteCsm);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Remove Alex Morgan (csm-01) from the team? y/n"),
        "{s}"
    );
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.scn.team.len(), 16);
    a.update(Action::DeleteCsm);
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(a.scn.team.len(), 15);
    assert_eq!(a.scn.team[0].id, "csm-02");
    // Changes still match by id after the removal.
    assert_eq!(a.change(0), Some(dec!(0)));
    a.update(Action::Undo);
    assert_eq!(a.scn.team.len(), 16);
    assert_eq!(a.scn.team[0].id, "csm-01");
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut a = app();
    for _ in 0..5 {
        key(&mut a, KeyCode::Right);
    }
    key(&mut a, KeyCode::Char('q'));
    assert_eq!(a.mode, Mode::Unsaved(cscomp_tui::tui::session::Then::Quit));
    assert!(!a.quit);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
    key(&mut a, KeyCode::Char('u'));
    assert!(
        !a.is_dirty(),
        "undo back to the file's plan is not a change"
    );
    key(&mut a, KeyCode::Char('q'));
    assert!(a.quit);
    // And with a change, d discards.
    let mut a = app();
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Char('q'));
    key(&mut a, KeyCode::Char('d'));
    assert!(a.quit);
}

mod files {
    use super::*;
    use cscomp_tui::scenario::paths::{Origin, Paths};
    use cscomp_tui::tui::session::Files;
    use std::time::{Duration, Instant};

    /// An app on a scenario saved in a temporary data folder.
    fn saved_app(home: &std::path::Path) -> App {
        let paths = Paths::under(home, Origin::Flag);
        let store = cscomp_tui::scenario::store::Store::new(paths.clone());
        let opened = store.save_new(&sample()).unwrap();
        let (scn, opened) = store.open(&opened.path).unwrap();
        let mut a = App::new(scn, Some(opened.path.clone()), false);
        a.files = Some(Files::new(paths, Some(opened)));
        a
    }

    #[test]
    fn ctrl_s_saves_and_a_change_on_disk_is_never_overwritten_silently() {
        let home = tempfile::tempdir().unwrap();
        let mut a = saved_app(home.path());
        let path = a.path.clone().unwrap();
        a.update(Action::Right);
        handle_key(
            &mut a,
            KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
        );
        assert!(!a.is_dirty());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("variable_share: \"21%\""), "{text}");
        // Someone edits the file by hand; our next save asks instead of overwriting.
        let by_hand = text.replace("Sample team FY27", "Edited by hand");
        std::fs::write(&path, &by_hand).unwrap();
        a.update(Action::Right);
        handle_key(
            &mut a,
            KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
        );
        assert!(matches!(a.mode, Mode::ChangedOnDisk { .. }));
        let s = screen(&mut a, 120, 40);
        assert!(
            s.contains("changed on disk since it was opened: r reload it · o overwrite it"),
            "{s}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), by_hand);
        // r reloads the file from disk.
        key(&mut a, KeyCode::Char('r'));
        assert_eq!(a.scn.name, "Edited by hand");
        assert_eq!(a.scn.plan.mix.variable_share, dec!(0.21));
        assert!(!a.is_dirty());
    }

    #[test]
    fn branching_to_a_name_already_saved_is_refused() {
        let home = tempfile::tempdir().unwrap();
        let mut a = saved_app(home.path());
        let files_before = std::fs::read_dir(home.path().join("scenarios"))
            .unwrap()
            .count();
        a.update(Action::BigRight);
        a.update(Action::Branch);
        // The prompt starts with the open scenario's own name: Enter would take it again.
        key(&mut a, KeyCode::Enter);
        assert!(matches!(a.mode, Mode::Input { .. }), "{:?}", a.mode);
        let s = screen(&mut a, 120, 40);
        assert!(
            s.contains("a scenario named `Sample team FY27` already exists"),
            "{s}"
        );
        // Nothing of the message is cut, at 120 columns or at 80: it wraps below the prompt.
        for (w, h) in [(120, 40), (80, 24)] {
            let s = screen(&mut a, w, h);
            let mut last: Vec<&str> = s.lines().rev().take(3).collect();
            last.reverse();
            let bottom = last.join(" ");
            assert!(bottom.contains("choose another name"), "{w}x{h}:\n{s}");
        }
        assert_eq!(
            std::fs::read_dir(home.path().join("scenarios"))
                .unwrap()
                .count(),
            files_before
        );
    }

    #[test]
    fn branching_saves_a_variant_that_records_its_origin() {
        let home = tempfile::tempdir().unwrap();
        let mut a = saved_app(home.path());
        let first = a.path.clone().unwrap();
        a.update(Action::BigRight);
        a.update(Action::Branch);
        for _ in 0..30 {
            key(&mut a, KeyCode::Backspace);
        }
        type_text(&mut a, "FY27 at 30%");
        key(&mut a, KeyCode::Enter);
        assert_eq!(a.mode, Mode::Normal);
        let variant = a.path.clone().unwrap();
        assert_ne!(variant, first);
        assert_eq!(variant.file_name().unwrap(), "FY27 at 30%.ron");
        let saved = cscomp_tui::scenario::load(&variant).unwrap();
        assert_eq!(saved.name, "FY27 at 30%");
        assert_eq!(saved.branched_from.as_deref(), Some("Sample team FY27"));
        assert_eq!(saved.plan.mix.variable_share, dec!(0.3));
        assert!(!a.is_dirty());
        // The original file is untouched.
        let orig = cscomp_tui::scenario::load(&first).unwrap();
        assert_eq!(orig.plan.mix.variable_share, dec!(0.2));
        // The browser lists both, with their cost against the open one.
        a.update(Action::Browse);
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("FY27 at 30% (open)"), "{s}");
        assert!(s.contains("Sample team FY27"), "{s}");
        // Open the other one from the browser.
        key(&mut a, KeyCode::Down);
        key(&mut a, KeyCode::Enter);
        assert_eq!(a.path.as_ref(), Some(&first));
        assert_eq!(a.scn.plan.mix.variable_share, dec!(0.2));
    }

    #[test]
    fn the_browser_shows_broken_files_and_trashes_instead_of_deleting() {
        let home = tempfile::tempdir().unwrap();
        let mut a = saved_app(home.path());
        let dir = home.path().join("scenarios");
        std::fs::write(dir.join("broken.ron"), "(version: 1, name: ").unwrap();
        a.update(Action::Browse);
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("broken.ron"), "{s}");
        assert!(
            s.contains("broken: line 1, column 19: Expected string"),
            "{s}"
        );
        // The open scenario cannot be trashed from under the app.
        key(&mut a, KeyCode::Char('d'));
        let s = screen(&mut a, 120, 40);
        assert!(
            s.contains("this scenario is open: open another one before moving it to the trash"),
            "{s}"
        );
        // Trash the broken file: asks, then moves it into trash/.
        key(&mut a, KeyCode::Up);
        key(&mut a, KeyCode::Char('d'));
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("to the trash? y/n"), "{s}");
        key(&mut a, KeyCode::Char('y'));
        assert!(!dir.join("broken.ron").exists());
        let trashed: Vec<_> = std::fs::read_dir(home.path().join("trash"))
            .unwrap()
            .collect();
        assert_eq!(trashed.len(), 1);
    }

    fn ctrl_s(a: &mut App) {
        handle_key(a, KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    }

    #[test]
    fn reload_after_a_change_on_disk_is_undoable_and_keeps_the_edits_in_recovery() {
        let home = tempfile::tempdir().unwrap();
        let mut a = saved_app(home.path());
        let path = a.path.clone().unwrap();
        // Another copy of the app saves 25%.
        let mut other = cscomp_tui::scenario::load(&path).unwrap();
        other.plan.mix.variable_share = dec!(0.25);
        std::fs::write(&path, cscomp_tui::scenario::to_ron(&other)).unwrap();
        // This copy edits to 22%, saves, and answers r(eload).
        a.update(Action::Right);
        a.update(Action::Right);
        ctrl_s(&mut a);
        assert!(matches!(a.mode, Mode::ChangedOnDisk { .. }));
        key(&mut a, KeyCode::Char('r'));
        assert_eq!(a.scn.plan.mix.variable_share, dec!(0.25));
        assert!(!a.is_dirty());
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("u brings your unsaved changes back"), "{s}");
        // The replaced edits are in the recovery folder as well.
        let rec: Vec<String> = std::fs::read_dir(home.path().join("recovery"))
            .unwrap()
            .flatten()
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect();
        assert_eq!(rec.len(), 1);
        assert!(rec[0].contains("variable_share: \"22%\""), "{}", rec[0]);
        // u brings them back, and they are unsaved against the reloaded file.
        a.update(Action::Undo);
        assert_eq!(a.scn.plan.mix.variable_share, dec!(0.22));
        assert!(a.is_dirty());
        // Saving now is against the reloaded file: no second "changed on disk".
        ctrl_s(&mut a);
        assert_eq!(a.mode, Mode::Normal);
        assert!(!a.is_dirty());
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("variable_share: \"22%\"")
        );
    }

    #[test]
    fn unsaved_means_different_from_the_file_not_edited_since_opening() {
        let home = tempfile::tempdir().unwrap();
        let mut a = saved_app(home.path());
        // A team edit undone: the team is the file's again.
        a.change_team(|t| {
            t.pop();
        });
        assert!(a.is_dirty());
        a.update(Action::Undo);
        assert!(!a.is_dirty());
        let s = screen(&mut a, 120, 40);
        assert!(!s.contains("[+] unsaved"), "{s}");
        // The same team imported again changes nothing either.
        let team = a.scn.team.clone();
        a.change_team(|t| *t = team);
        assert!(!a.is_dirty());
        // After saving a team edit, undoing it is unsaved; redoing it is not.
        a.change_team(|t| {
            t.pop();
        });
        ctrl_s(&mut a);
        assert!(!a.is_dirty());
        a.update(Action::Undo);
        assert!(a.is_dirty());
        a.update(Action::Redo);
        assert!(!a.is_dirty());
    }

    #[test]
    fn a_save_is_an_undo_boundary_and_separate_presses_are_separate_steps() {
        let home = tempfile::tempdir().unwrap();
        let mut a = saved_app(home.path());
        // Right, Ctrl-s, Left, u: back to the saved 21%.
        a.update(Action::Right);
        ctrl_s(&mut a);
        a.update(Action::Left);
        assert_eq!(a.scn.plan.mix.variable_share, dec!(0.2));
        a.update(Action::Undo);
        assert_eq!(a.scn.plan.mix.variable_share, dec!(0.21));
        assert!(!a.is_dirty());
        // Quick presses merge (holding a key); a pause of more than a second splits.
        a.update(Action::Right);
        a.update(Action::Right);
        std::thread::sleep(cscomp_tui::tui::app::MERGE_WINDOW + Duration::from_millis(100));
        a.update(Action::Right);
        assert_eq!(a.scn.plan.mix.variable_share, dec!(0.24));
        a.update(Action::Undo);
        assert_eq!(a.scn.plan.mix.variable_share, dec!(0.23));
        a.update(Action::Undo);
        assert_eq!(a.scn.plan.mix.variable_share, dec!(0.21));
    }

    #[test]
    fn restoring_an_autosave_is_undoable_and_shows_against_the_file() {
        let home = tempfile::tempdir().unwrap();
        let mut a = saved_app(home.path());
        let path = a.path.clone().unwrap();
        for _ in 0..5 {
            a.update(Action::Right);
        }
        a.autosave_now();
        drop(a);
        // Next start: the recovery offer, restore.
        let paths = Paths::under(home.path(), Origin::Flag);
        let store = cscomp_tui::scenario::store::Store::new(paths.clone());
        let (scn, opened) = store.open(&path).unwrap();
        let mut b = App::new(scn, Some(path.clone()), false);
        b.files = Some(Files::new(paths.clone(), Some(opened)));
        let pending = cscomp_tui::tui::files::offer(&paths).unwrap();
        b.mode = Mode::Recovery(Box::new(pending));
        key(&mut b, KeyCode::Char('r'));
        assert_eq!(b.scn.plan.mix.variable_share, dec!(0.25));
        assert!(b.is_dirty());
        // "vs opened" is against the file: the restore's own effect shows.
        assert_ne!(b.baseline_cash, cash_of(&b.scn));
        b.update(Action::Undo);
        assert_eq!(b.scn.plan.mix.variable_share, dec!(0.2));
        assert!(!b.is_dirty());
    }

    #[test]
    fn renaming_in_the_browser_says_so() {
        let home = tempfile::tempdir().unwrap();
        let mut a = saved_app(home.path());
        a.update(Action::Right);
        a.update(Action::Save);
        a.update(Action::Browse);
        key(&mut a, KeyCode::Char('n'));
        type_text(&mut a, "Renamed plan");
        key(&mut a, KeyCode::Enter);
        let s = screen(&mut a, 120, 40);
        assert!(
            s.contains("renamed to \"Renamed plan\" (Renamed plan.ron)"),
            "{s}"
        );
        assert!(!s.contains("saved to"), "{s}");
    }

    #[test]
    fn a_file_whose_weights_do_not_add_up_opens_with_the_error_marked_and_saves_once_fixed() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path(), Origin::Flag);
        let path = home.path().join("plan.ron");
        std::fs::copy("tests/fixtures/weights-sum.ron", &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let store = cscomp_tui::scenario::store::Store::new(paths.clone());
        let (scn, opened, problems) = store.open_for_editing(&path).unwrap();
        assert_eq!(problems.len(), 1);
        let mut a = App::new(scn, Some(path.clone()), false);
        a.files = Some(Files::new(paths, Some(opened)));
        a.set_plan_errors(problems);
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("1 error to fix · 0 warnings"), "{s}");
        assert!(s.contains("✗ error: the weights add up to 105%,"), "{s}");
        assert!(s.contains("│✗Weight                45%"), "{s}");
        // Saving waits for the fix; the file is untouched.
        a.update(Action::Save);
        let s = screen(&mut a, 120, 40);
        assert!(
            s.contains(
                "not saved: the weights add up to 105%, not 100% — fix the sliders marked ✗ first"
            ),
            "{s}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        // Other sliders still move while the error stands…
        select(&mut a, Param::VariableShare);
        a.update(Action::Right);
        assert_eq!(a.scn.plan.mix.variable_share, dec!(0.21));
        // …and moving a weight rebalances the others to exactly 100%, which fixes it.
        select(&mut a, Param::Weight(0));
        a.update(Action::Left);
        assert!(a.plan_errors.is_empty());
        let sum: Decimal = a.scn.plan.components.iter().map(|c| c.weight).sum();
        assert_eq!(sum, Decimal::ONE);
        let s = screen(&mut a, 120, 40);
        assert!(!s.contains("✗"), "{s}");
        a.update(Action::Save);
        assert!(cscomp_tui::scenario::load(&path).is_ok());
        // A file with an error the editor cannot fix still refuses to open.
        let bad = home.path().join("bad.ron");
        std::fs::copy("tests/fixtures/zero-target.ron", &bad).unwrap();
        assert!(store.open_for_editing(&bad).is_err());
    }

    #[test]
    fn edits_are_autosaved_two_seconds_after_they_stop() {
        let home = tempfile::tempdir().unwrap();
        let mut a = saved_app(home.path());
        a.update(Action::Right);
        let now = Instant::now();
        a.tick(now);
        let recovery = home.path().join("recovery");
        let count = || std::fs::read_dir(&recovery).map_or(0, |d| d.count());
        assert_eq!(count(), 0, "not before two seconds");
        a.tick(now + Duration::from_secs(3));
        assert_eq!(count(), 1);
        // Saving clears the recovery copy.
        a.update(Action::Save);
        assert_eq!(count(), 0);
    }
}

#[test]
fn compare_screen_follows_the_working_copy_live() {
    let mut a = app();
    a.update(Action::Compare);
    let s = compare_text(&screen(&mut a, 140, 45), 41);
    assert!(s.contains("Plan A or plan B?"), "{s}");
    assert!(
        s.contains("[2] Sample team FY27 (editing) cash $1,566,307.04 · loaded $1,910,894.59 $0.00 (0.0%) cash against [1] 0 gain · 0 lose · 15 same"),
        "{s}"
    );
    // Edit the plan from the compare screen: 80/20 → 70/30.
    a.update(Action::BigRight);
    let c = a.compare.as_ref().unwrap().comparer.comparison().clone();
    let working = c.variants[1].figures.as_ref().unwrap();
    // Independently computed by the compare fixtures (Python fractions): $1,564,485.60.
    assert_eq!(working.cash, dec!(1564485.60));
    let vs = working.versus.as_ref().unwrap();
    assert_eq!((vs.gain, vs.lose), (4, 6));
    let s = compare_text(&screen(&mut a, 140, 45), 41);
    assert!(s.contains("-$1,821.44 (-0.1%) cash against [1]"), "{s}");
    assert!(
        s.contains("Sample team FY27 (editing) costs more than Sample team FY27 (as opened) above about 101% team attainment (less below)."),
        "{s}"
    );
    // The plan pane names the change: Tab to the answer, the CSMs, the levels, the plan.
    for _ in 0..4 {
        a.update(Action::FocusNext);
    }
    let s = screen(&mut a, 140, 45);
    assert!(s.contains("[plan]"), "{s}");
    assert!(s.contains("  • variable share 20% → 30%"), "{s}");
    a.update(Action::Compare);
    assert!(a.compare.is_none());
    assert_eq!(a.focus, Focus::Editor);
}

#[test]
fn plan_statement_and_roster_import_from_the_app() {
    let mut a = app();
    a.update(Action::Statement);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Plan statement: Alex Morgan"), "{s}");
    assert!(s.contains("Below 50% of target this pays nothing"), "{s}");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);

    // A roster with errors changes nothing and says why, row by row.
    let dir = env!("CARGO_MANIFEST_DIR");
    a.update(Action::ImportRoster);
    type_text(&mut a, &format!("{dir}/tests/fixtures/roster/errors.csv"));
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.mode, Mode::Text { .. }));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Roster not imported: nothing changed"), "{s}");
    assert!(s.contains("row "), "{s}");
    assert_eq!(a.scn.team, sample().team);
    key(&mut a, KeyCode::Esc);

    // A clean roster replaces the team, undoably.
    a.update(Action::ImportRoster);
    type_text(&mut a, &format!("{dir}/tests/fixtures/roster/clean.csv"));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.scn.team.len(), 3);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Team: 3 CSMs"), "{s}");
    a.update(Action::Undo);
    assert_eq!(a.scn.team, sample().team);
}

#[test]
fn an_empty_team_never_panics() {
    let mut scn = sample();
    scn.team.clear();
    let mut a = App::new(scn, None, false);
    for act in [
        Action::Right,
        Action::FocusNext,
        Action::Down,
        Action::End,
        Action::Edit,
        Action::DeleteCsm,
        Action::Statement,
        Action::SortNext,
        Action::ToggleChart,
        Action::FocusNext,
        Action::Compare,
    ] {
        a.update(act);
        let _ = screen(&mut a, 120, 40);
        let _ = screen(&mut a, 80, 24);
    }
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Plan A or plan B?"), "{s}");
    a.update(Action::Compare);
    a.update(Action::AddCsm);
    assert_eq!(a.scn.team.len(), 1);
    assert_eq!(a.scn.team[0].id, "csm-new-1");
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Team: 1 CSM ·"), "{s}");
}

#[test]
fn compare_screen_snapshots() {
    let mut a = app();
    a.update(Action::BigRight);
    a.update(Action::Compare);
    insta::assert_snapshot!("compare_120x40", screen(&mut a, 120, 40));
    insta::assert_snapshot!("compare_80x24", screen(&mut a, 80, 24));
}

#[test]
fn the_plan_basis_never_rewrites_a_levels_own_basis_and_round_trips_byte_for_byte() {
    // Only Senior CSM on bonus on top.
    let mut scn = sample();
    scn.plan.level_mix.get_mut("Senior CSM").unwrap().basis = engine::Basis::BonusOnTop;
    let text = cscomp_tui::scenario::to_ron(&scn);
    let mut a = App::new(
        cscomp_tui::scenario::parse(&text, "x.ron").unwrap(),
        None,
        false,
    );
    select(&mut a, Param::Basis);
    a.update(Action::Right);
    assert_eq!(a.scn.plan.mix.basis, engine::Basis::BonusOnTop);
    assert_eq!(
        a.scn.plan.level_mix["Principal CSM"].basis,
        engine::Basis::OteSplit
    );
    a.update(Action::Right);
    assert_eq!(cscomp_tui::scenario::to_ron(&a.scn), text);
    // Each level's basis is its own row, shown next to its share, and toggles alone.
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("   Senior CSM          25% "), "{s}");
    assert!(s.contains("     basis    bonus on top ←→ toggles"), "{s}");
    select(&mut a, Param::LevelBasis(1));
    a.update(Action::Right);
    assert_eq!(
        a.scn.plan.level_mix["Senior CSM"].basis,
        engine::Basis::OteSplit
    );
    assert_eq!(a.scn.plan.mix.basis, engine::Basis::OteSplit);
}

#[test]
fn the_what_if_has_a_key_and_the_team_cost_says_what_it_shows() {
    let mut a = app();
    key(&mut a, KeyCode::Char('w'));
    assert_eq!(a.param(), Some(Param::Scale));
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("what-if: ←→ scales every projection (100% = as projected)"),
        "{s}"
    );
    assert!(s.contains("What-if (w): projections ×"), "{s}");
    // A plan change and the what-if at once: the change is split between them.
    select(&mut a, Param::VariableShare);
    a.update(Action::BigRight);
    let plan_only = cash_of(&a.scn);
    key(&mut a, KeyCode::Char('w'));
    for _ in 0..20 {
        a.update(Action::Left);
    }
    assert_eq!(a.scn.assumptions.attainment_scale, dec!(0.8));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("at 80% of projected attainment (w)"), "{s}");
    let plan = plan_only - a.baseline_cash;
    let what_if = a.eval.team.cash - plan_only;
    assert!(
        s.contains(&format!(
            " from the plan change{:>15}",
            cscomp_tui::num::money_delta(plan)
        )),
        "{s}"
    );
    assert!(
        s.contains(&format!(
            " from the what-if{:>19}",
            cscomp_tui::num::money_delta(what_if)
        )),
        "{s}"
    );
    let (min, max) = a.eval.pay_range();
    assert_eq!((min, max), (dec!(1113700.00), Some(dec!(1825904.50))));
    assert!(s.contains("Minimum (all at 0%)    $1,113,700.00"), "{s}");
    assert!(s.contains("Maximum (all capped)   $1,825,904.50"), "{s}");
    assert!(s.contains("Worst case per CSM      70.0% of OTE"), "{s}");
    // The small layout says it too.
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("at 80% of projected attainment (w)"), "{s}");
}

#[test]
fn g_and_shift_g_move_and_never_change_a_value() {
    let mut a = app();
    let before = a.scn.clone();
    key(&mut a, KeyCode::Char('G'));
    // The last row: the last metric's attainment assumption, under the what-if.
    let last = a.scn.plan.components.len() - 1;
    assert_eq!(a.param(), Some(Param::Attainment(last)));
    key(&mut a, KeyCode::Char('g'));
    assert_eq!(a.param(), Some(Param::VariableShare));
    assert_eq!(a.scn, before);
    // Home/End are the value keys in the plan pane.
    key(&mut a, KeyCode::End);
    assert_eq!(a.scn.plan.mix.variable_share, dec!(0.6));
    // In the team table g/G (and Home/End) go to the first/last CSM.
    a.focus = Focus::Table;
    key(&mut a, KeyCode::Char('G'));
    assert_eq!(a.selected_pos(), a.scn.team.len() - 1);
    key(&mut a, KeyCode::Char('g'));
    assert_eq!(a.selected_pos(), 0);
}

#[test]
fn a_weight_pushed_up_and_back_restores_the_others_and_typed_weights_say_what_happened() {
    let mut a = app();
    let original: Vec<Decimal> = a.scn.plan.components.iter().map(|c| c.weight).collect();
    select(&mut a, Param::Weight(0));
    // Up to 100% (every other weight at 0), in one gesture…
    a.update(Action::End);
    assert_eq!(a.scn.plan.components[0].weight, dec!(1));
    assert!(
        a.scn.plan.components[1..]
            .iter()
            .all(|c| c.weight.is_zero())
    );
    // …and back in several: the others return to their proportions, not equal shares.
    for _ in 0..75 {
        a.update(Action::Left);
    }
    let now: Vec<Decimal> = a.scn.plan.components.iter().map(|c| c.weight).collect();
    assert_eq!(now, original);
    // A typed weight with more decimals than weights keep.
    a.update(Action::Edit);
    type_text(&mut a, "45.123456789%");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.scn.plan.components[0].weight, dec!(0.4512));
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("45.123456789% rounded to 45.12% (weights are kept to 0.01%)"),
        "{s}"
    );
    // A typed weight the locks cannot make room for.
    select(&mut a, Param::Weight(2));
    a.update(Action::ToggleLock);
    let locked = a.scn.plan.components[2].weight;
    select(&mut a, Param::Weight(0));
    a.update(Action::Edit);
    type_text(&mut a, "95%");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.scn.plan.components[0].weight, Decimal::ONE - locked);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains(&format!(
            "set to {} rather than 95%: {} is locked (x unlocks a weight)",
            cscomp_tui::num::pct_exact(Decimal::ONE - locked),
            cscomp_tui::num::pct_exact(locked)
        )),
        "{s}"
    );
}

fn buffer(app: &mut App, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    t.backend().buffer().clone()
}

/// The cell where `text` first appears on screen.
fn find(buf: &ratatui::buffer::Buffer, text: &str) -> Option<(u16, u16)> {
    let area = buf.area;
    for y in 0..area.height {
        let row: String = (0..area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(i) = row.find(text) {
            // Columns count characters, not bytes.
            return Some((row[..i].chars().count() as u16, y));
        }
    }
    None
}

#[test]
fn plan_statement_is_formatted_and_scrolls_no_further_than_its_end() {
    use ratatui::style::{Color, Modifier};
    for (w, h) in [(120u16, 40u16), (80, 24)] {
        let mut a = app();
        a.update(Action::Statement);
        let top = screen(&mut a, w, h);
        for raw in ["| ---", "**", "###", "## ", "# Pay"] {
            assert!(!top.contains(raw), "{raw:?} at {w}x{h}:\n{top}");
        }
        insta::assert_snapshot!(format!("statement_top_{w}x{h}"), top);
        // Headings and bold are styled.
        let buf = buffer(&mut a, w, h);
        let (x, y) = find(&buf, "Pay plan statement: Alex Morgan").unwrap();
        let (_, title_y) = find(&buf, " Plan statement: Alex Morgan").unwrap();
        assert!(y > title_y, "the heading is below the popup's title");
        assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
        assert_eq!(buf[(x, y)].fg, Color::Cyan);
        let (x, y) = find(&buf, "Sample team FY27").unwrap();
        assert!(
            buf[(x, y)].modifier.contains(Modifier::BOLD),
            "**plan name**"
        );

        // Down as often as you like stops with the last line at the bottom.
        for _ in 0..500 {
            a.update(Action::Down);
        }
        let end = screen(&mut a, w, h);
        insta::assert_snapshot!(format!("statement_end_{w}x{h}"), end);
        assert!(end.contains("Best case (every metric at its cap"), "{end}");
        a.update(Action::PageDown);
        a.update(Action::End);
        assert_eq!(
            screen(&mut a, w, h),
            end,
            "End and PageDown stay at the end"
        );
        if w == 120 {
            let buf = buffer(&mut a, w, h);
            let (x, y) = find(&buf, "Total  ").unwrap();
            assert!(buf[(x, y)].modifier.contains(Modifier::BOLD), "**Total**");
            let (x, y) = find(&buf, "Part  ").unwrap();
            let header = buf[(x, y)].modifier;
            assert!(header.contains(Modifier::BOLD | Modifier::UNDERLINED));
        }
        // The wheel scrolls too, three lines a notch, and no further than the end.
        a.wheel(10, 10, false);
        assert_eq!(screen(&mut a, w, h), end);
        a.wheel(10, 10, true);
        let up3 = screen(&mut a, w, h);
        assert_ne!(up3, end);
        for _ in 0..3 {
            a.update(Action::Down);
        }
        assert_eq!(screen(&mut a, w, h), end);
        for _ in 0..3 {
            a.update(Action::Up);
        }
        assert_eq!(screen(&mut a, w, h), up3);
        a.update(Action::End);
        // One step up moves; Home goes back to the top.
        a.update(Action::Up);
        assert_ne!(screen(&mut a, w, h), end);
        a.update(Action::Home);
        assert_eq!(screen(&mut a, w, h), top);
    }
}

#[test]
fn plan_statement_shows_over_the_compare_screen_too() {
    let mut a = app();
    a.update(Action::Compare);
    a.update(Action::Statement);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("╭ Plan statement: Alex Morgan · ↑↓ scroll"),
        "{s}"
    );
    assert!(s.contains(" Pay plan statement: Alex Morgan "), "{s}");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
    assert!(a.compare.is_some());
}

/// `path` written from the home folder: `~/../../…`, so that a fixture or a temporary file
/// can be named with `~` wherever the home folder is.
fn via_home(path: &std::path::Path) -> String {
    let home = std::env::var("HOME").expect("HOME is set for the tests");
    let ups = std::path::Path::new(&home).components().count();
    let rest = path.strip_prefix("/").unwrap().display().to_string();
    format!("~/{}{rest}", "../".repeat(ups))
}

fn fixture_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/roster")
        .join(name)
}

#[test]
fn roster_import_expands_home_and_says_what_was_added_removed_and_changed() {
    use cscomp_tui::tui::app::Tone;
    use cscomp_tui::tui::roster_io::show_path;
    let clean = fixture_path("clean.csv");
    let mut a = app();
    key(&mut a, KeyCode::Char('i'));
    type_text(&mut a, &via_home(&clean));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.scn.team.len(), 3);
    assert_eq!(
        a.status,
        Some((
            format!(
                "imported 3 CSMs from {}: 0 added, 12 removed, 1 changed, 2 unchanged (u undoes)",
                show_path(&clean)
            ),
            Tone::Info
        ))
    );
    a.update(Action::Undo);
    assert_eq!(a.scn.team, sample().team);

    // A path longer than a value prompt takes, and one in quotes, as dragged in.
    let long = format!(
        "{}/{}tests/fixtures/roster/quirks.csv",
        env!("CARGO_MANIFEST_DIR"),
        "./".repeat(40)
    );
    key(&mut a, KeyCode::Char('i'));
    type_text(&mut a, &format!("'{long}'"));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.scn.team.len(), 4, "{:?}", a.status);
    assert_eq!(
        a.status.as_ref().map(|s| s.0.as_str()),
        Some(
            format!(
                "imported 4 CSMs from {}: 0 added, 11 removed, 4 changed, 0 unchanged (u undoes); ignored columns: Email",
                show_path(std::path::Path::new(&long))
            )
            .as_str()
        )
    );
    // quirks.csv leaves out two actual: columns, which clears them: a report says so.
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("╭ Roster imported · u undoes · Esc close"),
        "{s}"
    );
    assert!(s.contains(" Warning: the roster has no `actual:activities` or `actual:results` columns: the projected "), "{s}");

    // ~someone is refused with a reason, in the prompt.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('i'));
    type_text(&mut a, "~bob/team.csv");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains(
            "`~bob/team.csv`: only ~ and ~/… (your home folder) are understood; write the full path"
        ),
        "{s}"
    );
}

#[test]
fn roster_import_in_the_app_reports_own_targets_it_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-targets.csv");
    let scn = sample();
    // The sample's roster without its target: columns.
    let csv = cscomp_tui::input::roster::export_roster(&scn.plan, &scn.team);
    let text: String = csv
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            let mut keep = cells[..5].to_vec();
            keep.extend(&cells[11..]);
            keep.join(",") + "\n"
        })
        .collect();
    std::fs::write(&path, text).unwrap();
    let mut a = app();
    a.update(Action::ImportRoster);
    type_text(&mut a, path.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    let shown = cscomp_tui::tui::roster_io::show_path(&path);
    match &a.mode {
        Mode::Text { body, .. } => assert_eq!(
            body,
            &format!(
                "Imported 15 CSMs from {shown}: 0 added, 0 removed, 10 changed, 5 unchanged.
  added: 0
  removed: 0
  changed: 10 (csm-02 [target:expansion], csm-03 [target:expansion], csm-04 [target:expansion], csm-05 [target:expansion], csm-10 [target:expansion], csm-11 [target:expansion], csm-12 [target:expansion], csm-13 [target:expansion], csm-14 [target:expansion], csm-15 [target:expansion])
  unchanged: 5

Warning: the roster has no `target:expansion` column: the own targets of 10 CSMs (csm-02, csm-03, csm-04, csm-05, csm-10, csm-11, csm-12, csm-13, csm-14, csm-15) were cleared, and they now get the plan's targets.

u undoes the import."
            )
        ),
        m => panic!("{m:?}"),
    }
    assert!(a.scn.team.iter().all(|c| c.targets.is_empty()));
    key(&mut a, KeyCode::Esc);
    a.update(Action::Undo);
    assert_eq!(a.scn.team, sample().team);
}

#[test]
fn roster_export_from_the_app_asks_where_and_says_where_it_went() {
    use cscomp_tui::tui::app::Tone;
    use cscomp_tui::tui::roster_io::show_path;
    let dir = tempfile::tempdir().unwrap();
    let scn_path = dir.path().join("team.ron");
    let mut a = App::new(sample(), Some(scn_path.clone()), false);
    let want = cscomp_tui::input::roster::export_roster(&a.scn.plan, &a.scn.team);
    // The default: beside the scenario file.
    key(&mut a, KeyCode::Char('e'));
    let csv = dir.path().join("team.csv");
    match &a.mode {
        Mode::Input { buffer, .. } => assert_eq!(buffer, &show_path(&csv)),
        m => panic!("{m:?}"),
    }
    let s = screen(&mut a, 160, 40);
    assert!(
        s.contains(&format!(
            "\n Export roster CSV to (a .csv file; ~ is your home folder): {}▏  Enter applies · Esc cancels\n",
            show_path(&csv)
        )),
        "{s}"
    );
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), want);
    let done = Some((
        format!("exported 15 CSMs to {}", show_path(&csv)),
        Tone::Info,
    ));
    assert_eq!(a.status, done);

    // Again: the file is there, so it asks; n keeps it, y replaces it.
    a.change_team(|t| t.truncate(2));
    key(&mut a, KeyCode::Char('e'));
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains(&format!(
            " {} exists: replace it with the team's roster? y/n",
            show_path(&csv)
        )),
        "{s}"
    );
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), want);
    key(&mut a, KeyCode::Char('e'));
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('y'));
    let two = cscomp_tui::input::roster::export_roster(&a.scn.plan, &a.scn.team);
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), two);
    assert_eq!(
        a.status,
        Some((
            format!("exported 2 CSMs to {}", show_path(&csv)),
            Tone::Info
        ))
    );

    // Typed with ~, and into a folder that does not exist.
    let other = dir.path().join("other.csv");
    key(&mut a, KeyCode::Char('e'));
    type_text(&mut a, &via_home(&other));
    key(&mut a, KeyCode::Enter);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), two);
    key(&mut a, KeyCode::Char('e'));
    let missing = dir.path().join("nope/x.csv");
    type_text(&mut a, missing.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        prompt_error(&a),
        Some(format!(
            "not exported: cannot write {}: no such file",
            show_path(&missing)
        ))
    );
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('e'));
    type_text(&mut a, dir.path().to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        prompt_error(&a),
        Some(format!(
            "{} is a folder; add a file name such as team.csv",
            show_path(dir.path())
        ))
    );
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
    // A scenario never saved: in the folder the app runs in, named after the scenario.
    let mut b = app();
    key(&mut b, KeyCode::Char('e'));
    match &b.mode {
        Mode::Input { buffer, .. } => assert_eq!(
            buffer,
            &show_path(
                &std::env::current_dir()
                    .unwrap()
                    .join("Sample team FY27.csv")
            )
        ),
        m => panic!("{m:?}"),
    }
}

// ---- the compare screen ----------------------------------------------------

/// An app on the sample saved in a temporary data folder, with `n` plans on the compare
/// screen: [1] the sample as opened, the marked scenarios, and the working copy last. With
/// 2 the working copy goes to 70/30 (the crossing the command line reports too); with 4
/// and 8 it goes to 90/10 and the marks are the compare fixtures and tweaks of the sample.
fn compare_app(home: &std::path::Path, n: usize) -> App {
    use cscomp_tui::scenario::paths::{Origin, Paths};
    use cscomp_tui::tui::session::Files;
    let paths = Paths::under(home, Origin::Flag);
    let store = cscomp_tui::scenario::store::Store::new(paths.clone());
    let opened = store.save_new(&sample()).unwrap();
    let (scn, opened) = store.open(&opened.path).unwrap();
    let mut a = App::new(scn, Some(opened.path.clone()), false);
    a.files = Some(Files::new(paths, Some(opened)));
    let fixture = |name: &str| {
        cscomp_tui::scenario::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/compare")
                .join(name),
        )
        .unwrap()
    };
    let tweak = |name: &str, f: fn(&mut Scenario)| {
        let mut s = sample();
        s.name = name.into();
        f(&mut s);
        s
    };
    let marks: Vec<Scenario> = [
        fixture("70-30.ron"),
        fixture("activities-weight.ron"),
        fixture("team-change.ron"),
        tweak("Share 25", |s| s.plan.mix.variable_share = dec!(0.25)),
        tweak("Burden 25", |s| s.assumptions.burden_rate = dec!(0.25)),
        tweak("SPIF 750", |s| s.plan.spifs[0].amount = dec!(750)),
    ]
    .into_iter()
    .take(n.saturating_sub(2))
    .collect();
    for s in &marks {
        let o = a.files.as_ref().unwrap().store.save_new(s).unwrap();
        a.compare_marks.push(o.path);
    }
    if n == 2 {
        a.update(Action::BigRight);
    } else {
        a.update(Action::BigLeft);
    }
    a.update(Action::Compare);
    assert_eq!(a.compare.as_ref().unwrap().comparer.len(), n);
    a
}

#[test]
fn compare_screen_snapshots_at_three_sizes_with_2_4_and_8_plans() {
    for n in [2, 4, 8] {
        let home = tempfile::tempdir().unwrap();
        let mut a = compare_app(home.path(), n);
        for (w, h) in [(80, 24), (100, 30), (160, 50)] {
            insta::assert_snapshot!(format!("compare_{n}_plans_{w}x{h}"), screen(&mut a, w, h));
        }
    }
}

#[test]
fn compare_detail_panes_snapshots() {
    let home = tempfile::tempdir().unwrap();
    let mut a = compare_app(home.path(), 4);
    // Tab: the answer, then each detail pane in turn.
    a.update(Action::FocusNext);
    insta::assert_snapshot!("compare_4_answer_focused_100x30", screen(&mut a, 100, 30));
    for name in ["csms", "levels", "plan", "guardrails", "curves"] {
        a.update(Action::FocusNext);
        insta::assert_snapshot!(format!("compare_4_{name}_100x30"), screen(&mut a, 100, 30));
        insta::assert_snapshot!(format!("compare_4_{name}_160x50"), screen(&mut a, 160, 50));
    }
}

/// At 80×24 the answer stands whole: names, figures and the crossing sentence, nothing cut
/// (no `…` anywhere on the compare side); with 8 plans it scrolls by whole plans and every
/// plan's card shows whole on the way.
#[test]
fn at_80x24_the_answer_is_whole_with_the_crossing_and_the_names() {
    let home = tempfile::tempdir().unwrap();
    let mut a = compare_app(home.path(), 2);
    let s = screen(&mut a, 80, 24);
    let right: Vec<String> = s.lines().map(|l| l.chars().skip(36).collect()).collect();
    assert!(right.iter().all(|l| !l.contains('…')), "{s}");
    let t = compare_text(&s, 36);
    for want in [
        "[1] Sample team FY27 (as opened) is the baseline: cash $1,566,307.04 · loaded $1,910,894.59",
        "[2] Sample team FY27 (editing) cash $1,564,485.60 · loaded $1,908,672.43",
        "-$1,821.44 (-0.1%) cash against [1]",
        "4 gain · 6 lose · 5 same",
        "biggest gain: Alex Morgan +$1,576.79 (+1.5%)",
        "biggest loss: Priya Raman -$2,083.59 (-2.8%)",
        "Sample team FY27 (editing) costs more than Sample team FY27 (as opened) above about 101% team attainment (less below).",
    ] {
        assert!(t.contains(want), "{want}\n{s}");
    }
    // The change shown is the difference of the cash shown: 1,564,485.60 − 1,566,307.04.
    assert_eq!(dec!(1564485.60) - dec!(1566307.04), dec!(-1821.44));

    let mut a = compare_app(home.path().join("8").as_path(), 8);
    a.update(Action::FocusNext);
    assert_eq!(
        a.compare.as_ref().unwrap().focus,
        Some(cscomp_tui::tui::compare_view::Pane::Answer)
    );
    let mut seen = String::new();
    // The plans at a glance first (a compact table of all seven), then each card in turn.
    for _ in 0..8 {
        let s = screen(&mut a, 80, 24);
        let right: Vec<String> = s.lines().map(|l| l.chars().skip(36).collect()).collect();
        assert!(right.iter().all(|l| !l.contains('…')), "{s}");
        seen += &compare_text(&s, 36);
        seen.push(' ');
        a.update(Action::Down);
    }
    for want in [
        "[2] Sample 70/30",
        "[3] Sample, activities over GRR",
        "biggest loss: Mateo Rossi -$2,221.67 (-1.5%)",
        "[4] Sample, new hire",
        "0 gain · 0 lose · 14 same · 1 new · 1 gone",
        "[6] Burden 25 cash $1,566,307.04 · loaded $1,957,883.80",
        "Burden 25 costs the same as Sample team FY27 (as opened) at every team attainment from 50% to 150%.",
        "[7] SPIF 750",
        "[8] Sample team FY27 (editing)",
        "biggest gain: Priya Raman +$2,083.57 (+2.8%)",
        "Sample team FY27 (editing) costs less than Sample team FY27 (as opened) above about 101% team attainment (more below).",
    ] {
        assert!(seen.contains(want), "{want}\n{seen}");
    }
    assert!(seen.contains("↑ 6 more plans · ↑↓ scroll"), "{seen}");
    for want in [
        "cash vs [1] gain·lose",
        "[2] $1,564,485.60 -$1,821.44 4↑ 6↓",
        "[8] $1,568,128.52 +$1,821.48 6↑ 4↓",
    ] {
        let flat = seen.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(want), "{want}\n{seen}");
    }
}

/// Every Tab stop highlights a pane: the plan editor, the answer, then each detail pane,
/// and back to the editor.
#[test]
fn every_tab_stop_on_the_compare_screen_highlights_its_pane() {
    use ratatui::style::Color;
    let home = tempfile::tempdir().unwrap();
    let mut a = compare_app(home.path(), 4);
    let titles = [
        "╭ Plan ",
        "╭ Plan A or plan B?",
        "╭ [CSMs]",
        "╭ CSMs [levels]",
        "╭ CSMs levels [plan]",
        "╭ CSMs levels plan [guardrails]",
        "╭ CSMs levels plan guardrails [curves]",
        "╭ Plan ",
    ];
    for (i, title) in titles.iter().enumerate() {
        if i > 0 {
            a.update(Action::FocusNext);
        }
        // Tall enough for the curves pane's second frame under four plans' answer.
        let buf = buffer(&mut a, 160, 52);
        let (x, y) = find(&buf, title).unwrap_or_else(|| panic!("{title}"));
        assert_eq!(buf[(x, y)].fg, Color::Cyan, "stop {i}: {title}");
        // Only the focused pane is highlighted (the curves pane is the chart and, under
        // it, the points: two frames).
        let cyan_corners = buf
            .content
            .iter()
            .filter(|c| c.symbol() == "╭" && c.fg == Color::Cyan)
            .count();
        assert_eq!(
            cyan_corners,
            if i == 6 { 2 } else { 1 },
            "stop {i}: {title}"
        );
    }
    // Shift-Tab goes back.
    a.update(Action::FocusPrev);
    assert_eq!(
        a.compare.as_ref().unwrap().focus,
        Some(cscomp_tui::tui::compare_view::Pane::Curves)
    );
}

#[test]
fn the_csm_table_sorts_by_change_filters_and_finds() {
    use cscomp_tui::tui::app::Tone;
    let home = tempfile::tempdir().unwrap();
    let mut a = compare_app(home.path(), 2);
    a.update(Action::FocusNext);
    a.update(Action::FocusNext);
    let rows = |a: &mut App| -> Vec<String> {
        let s = screen(a, 160, 50);
        let start = s.lines().position(|l| l.contains(" Name ")).unwrap() + 1;
        s.lines()
            .skip(start)
            .map(|l| {
                l.chars()
                    .skip(48)
                    .take(22)
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .take_while(|n| !n.is_empty())
            .collect()
    };
    assert_eq!(rows(&mut a).len(), 15);
    a.update(Action::SortNext);
    let by_gain = rows(&mut a);
    assert_eq!(by_gain[0], "Alex Morgan");
    assert_eq!(by_gain[14], "Priya Raman");
    a.update(Action::SortReverse);
    assert_eq!(rows(&mut a)[0], "Priya Raman");
    let s = screen(&mut a, 160, 50);
    assert!(s.contains("15 CSMs · by change in [2], loss first"), "{s}");
    // Gainers, then losers, then all.
    handle_key(
        &mut a,
        KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE),
    );
    let gain = rows(&mut a);
    assert_eq!(
        gain,
        [
            "Sofia Alvarez",
            "Aiko Tanaka",
            "Daniel Weiss",
            "Alex Morgan"
        ]
    );
    assert!(screen(&mut a, 160, 50).contains("4 of 15 gain in [2]"));
    key(&mut a, KeyCode::Char('f'));
    assert_eq!(rows(&mut a).len(), 6);
    assert!(screen(&mut a, 160, 50).contains("6 of 15 lose in [2]"));
    // Find a CSM hidden by the filter: the filter goes, the row is highlighted.
    key(&mut a, KeyCode::Char('/'));
    type_text(&mut a, "mensah");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(
        a.status,
        Some((
            "found Grace Mensah (csm-12) (showing all CSMs)".into(),
            Tone::Info
        ))
    );
    let s = screen(&mut a, 160, 50);
    assert!(s.contains("›Grace Mensah"), "{s}");
    // By id too; nothing found says so and keeps the prompt.
    key(&mut a, KeyCode::Char('/'));
    type_text(&mut a, "CSM-02");
    key(&mut a, KeyCode::Enter);
    assert!(screen(&mut a, 160, 50).contains("›Priya Raman"));
    key(&mut a, KeyCode::Char('/'));
    type_text(&mut a, "nobody");
    key(&mut a, KeyCode::Enter);
    match &a.mode {
        Mode::Input { error, .. } => {
            assert_eq!(
                error.as_deref(),
                Some("no CSM's name or id contains \"nobody\"")
            )
        }
        m => panic!("{m:?}"),
    }
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
}

/// A marked scenario that is the one open, or has the same plan, team and assumptions as a
/// column already there, is not shown again; a branched variant goes by its name.
#[test]
fn the_same_scenario_is_never_shown_twice_and_columns_go_by_name() {
    let home = tempfile::tempdir().unwrap();
    let mut a = compare_app(home.path(), 2);
    a.update(Action::Compare);
    let open = a.path.clone().unwrap();
    a.compare_marks.push(open);
    // A copy of the sample under another name: the same as [1] as opened.
    let mut copy = sample();
    copy.name = "Copy of the sample".into();
    let o = a.files.as_ref().unwrap().store.save_new(&copy).unwrap();
    a.compare_marks.push(o.path);
    a.update(Action::Compare);
    let c = a.compare.as_ref().unwrap().comparer.comparison();
    let names: Vec<&str> = c.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        ["Sample team FY27 (as opened)", "Sample team FY27 (editing)"]
    );
    assert_eq!(
        a.status.as_ref().map(|s| s.0.as_str()),
        Some(
            "comparing 2 plans; not shown twice: Sample team FY27 is the one open; Copy of the sample is the same as a column shown"
        )
    );
    // Branch the working copy: its column takes the new name at once.
    a.update(Action::Compare);
    a.compare_marks.clear();
    a.update(Action::Branch);
    type_text(&mut a, "Plan B");
    key(&mut a, KeyCode::Enter);
    a.update(Action::Compare);
    a.update(Action::Right);
    let s = compare_text(&screen(&mut a, 120, 40), 40);
    assert!(
        s.contains("[1] Sample team FY27 (as opened) is the baseline"),
        "{s}"
    );
    assert!(s.contains("[2] Plan B (editing)"), "{s}");
    assert!(!s.contains("working copy"), "{s}");
}

#[test]
fn m_writes_the_comparison_as_markdown_where_the_user_says() {
    use cscomp_tui::tui::app::Tone;
    use cscomp_tui::tui::roster_io::show_path;
    let home = tempfile::tempdir().unwrap();
    let mut a = compare_app(home.path(), 4);
    // Outside the compare screen m only says where it works.
    a.update(Action::Compare);
    key(&mut a, KeyCode::Char('m'));
    assert_eq!(a.mode, Mode::Normal);
    a.update(Action::Compare);
    key(&mut a, KeyCode::Char('m'));
    // The scenario is in the data folder: the suggestion is in the folder the app runs in.
    let stem = a
        .path
        .as_ref()
        .unwrap()
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    match &a.mode {
        Mode::Input { buffer, .. } => assert_eq!(
            buffer,
            &show_path(
                &std::env::current_dir()
                    .unwrap()
                    .join(format!("{stem}-compare.md"))
            )
        ),
        m => panic!("{m:?}"),
    }
    let out = home.path().join("for-finance.md");
    key(&mut a, KeyCode::Char('x')); // the first key typed replaces the suggestion
    key(&mut a, KeyCode::Backspace);
    type_text(&mut a, &via_home(&out));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    let want = a.compare_markdown().unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), want);
    assert_eq!(
        a.status,
        Some((
            format!("wrote the comparison of 4 plans to {}", show_path(&out)),
            Tone::Info
        ))
    );
    // The text is compare --format markdown's for these scenarios, then what the cards
    // say of cost risk.
    let c = a.compare.as_ref().unwrap();
    let scenarios: Vec<Scenario> = (0..c.comparer.len())
        .map(|i| c.comparer.scenario(i).unwrap().clone())
        .collect();
    let own = show_path(a.path.as_ref().unwrap());
    let sources: Vec<String> = (0..4)
        .map(|i| match i {
            0 => "as opened in the app".to_string(),
            3 => format!("working copy of {own}"),
            _ => show_path(&a.compare_marks[i - 1]),
        })
        .collect();
    let body = cscomp_tui::output::compare::markdown(
        &cscomp_tui::analysis::compare::compare(
            &scenarios,
            Some(scenarios[0].assumptions.attainment_scale),
        ),
        &sources,
    );
    assert!(want.starts_with(&body), "{want}");
    let risk = &want[body.len()..];
    assert!(risk.starts_with("\n## Cost risk\n\n- [1] Sample team FY27 (as opened): risk (10000 years): P50 $1,561,800 ± $400 · P90 $1,612,600 ± $600\n"), "{risk}");
    assert_eq!(risk.matches("\n- [").count(), 4, "{risk}");
    assert!(
        risk.contains("- [4] Sample team FY27 (editing): risk ("),
        "{risk}"
    );
    assert!(
        want.starts_with("# Plan comparison\n\n4 scenarios,"),
        "{want}"
    );
    assert!(
        want.contains("| [4] | Sample team FY27 (editing) |"),
        "{want}"
    );
    assert!(want.contains("\n## By level\n"), "{want}");
    // Again: it asks before replacing; n keeps the file.
    std::fs::write(&out, "mine").unwrap();
    key(&mut a, KeyCode::Char('m'));
    type_text(&mut a, out.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 160, 40);
    assert!(
        s.contains(&format!(
            " {} exists: replace it with the comparison? y/n",
            show_path(&out)
        )),
        "{s}"
    );
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    key(&mut a, KeyCode::Char('m'));
    type_text(&mut a, out.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), want);
    // A folder is refused with a reason.
    key(&mut a, KeyCode::Char('m'));
    type_text(&mut a, home.path().to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        prompt_error(&a),
        Some(format!(
            "{} is a folder; add a file name such as compare.md",
            show_path(home.path())
        ))
    );
}

#[test]
fn the_table_names_the_level_shows_ids_when_names_repeat_and_says_what_pct_is_of() {
    let mut a = app();
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains(
            "│Name          Level             Base Variable   SPIF    Total  % OTE vs opened│"
        ),
        "{s}"
    );
    assert!(
        s.contains(
            "│Fatima Haddad Senior CSM     $90,750  $36,940 $1,000 $128,690 106.4%        $0│"
        ),
        "{s}"
    );
    // Two CSMs of one name: the ids come first.
    let mut scn = sample();
    scn.team[1].name = scn.team[0].name.clone();
    let mut b = App::new(scn, None, false);
    let s = screen(&mut b, 120, 40);
    assert!(s.contains("│ID↑    Name"), "{s}");
    assert!(s.contains("│csm-02 Alex Morgan"), "{s}");
    // Under bonus on top the % is of target pay (OTE + bonus), and the breakdown says so.
    let mut scn = sample();
    scn.plan.mix.basis = engine::Basis::BonusOnTop;
    scn.plan.level_mix.clear();
    let mut c = App::new(scn, None, false);
    let s = screen(&mut c, 120, 40);
    assert!(s.contains("% target vs opened│"), "{s}");
    let r = &c.eval.csms[0];
    assert_eq!(r.base + r.target_variable, dec!(120000));
    assert!(
        s.contains(&format!(
            "= {} of target pay, {} of OTE",
            cscomp_tui::num::pct(r.total / dec!(120000), 1),
            cscomp_tui::num::pct(r.pct_of_ote(), 1)
        )),
        "{s}"
    );
}

#[test]
fn no_color_draws_without_any_colour_and_meaning_stays_in_signs() {
    use ratatui::style::Color;
    let mut a = app();
    a.update(Action::BigRight);
    let colours = |a: &mut App| {
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        t.draw(|f| ui::draw(f, a)).unwrap();
        t.backend()
            .buffer()
            .content
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count()
    };
    assert!(colours(&mut a) > 0);
    a.no_color = true;
    assert_eq!(colours(&mut a), 0);
    // Gains and losses still read without colour: every change has a sign.
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("+$"), "{s}");
    assert!(s.contains("-$"), "{s}");
}

#[test]
fn dollar_solves_the_selected_slider_for_a_budget_as_one_undoable_step() {
    let mut a = app();
    select(&mut a, Param::Cap(0));
    key(&mut a, KeyCode::Char('$'));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Solve Cap so that cash ≤"), "{s}");
    type_text(&mut a, "1560000");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    let expected = cscomp_tui::analysis::solve::solve(
        &sample(),
        Param::Cap(0),
        &[false; 6],
        cscomp_tui::analysis::solve::Figure::Cash,
        dec!(1560000),
    )
    .unwrap();
    assert_eq!(a.eval.team.cash, expected.figure);
    assert!(a.eval.team.cash <= dec!(1560000));
    // 150% does not fit: the nearest cap that does, and which caps fit.
    assert_eq!(expected.value, Some(dec!(0.9395)));
    assert_eq!(
        a.status.as_ref().map(|s| s.0.as_str()),
        Some(
            format!(
                "solved: Cap 150% → 93.95%, the nearest value that fits: cash {} (budget $1,560,000.00); fits for 50%–93.95% · u undoes",
                money(expected.figure)
            )
            .as_str()
        )
    );
    // The whole message shows, at 120 columns and at 80.
    for (w, h) in [(120, 40), (80, 24)] {
        let s = screen(&mut a, w, h);
        let mut last: Vec<&str> = s.lines().rev().take(3).collect();
        last.reverse();
        let joined = last
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(joined.contains("fits for 50%–93.95% · u undoes"), "{s}");
        assert!(joined.contains("solved: Cap 150% → 93.95%"), "{s}");
    }
    // The budget is a line on the team-cost chart, named in its legend.
    a.update(Action::ToggleChart);
    let s = screen(&mut a, 160, 50);
    assert!(s.contains("budget $1.56M"), "{s}");
    // Undoing the solve keeps the budget that was typed; a second undo removes it.
    a.update(Action::Undo);
    let mut budgeted = sample();
    budgeted.plan.budget = Some(cscomp_tui::engine::Budget {
        amount: dec!(1560000),
        basis: cscomp_tui::engine::BudgetBasis::Cash,
    });
    assert_eq!(a.scn, budgeted);
    a.update(Action::Undo);
    assert_eq!(a.scn, sample());
    // A value that already fits is kept, and the answer says so.
    select(&mut a, Param::VariableShare);
    key(&mut a, KeyCode::Char('$'));
    type_text(&mut a, "1600000");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.scn.plan.mix, sample().plan.mix);
    assert_eq!(
        a.status.as_ref().map(|s| s.0.as_str()),
        Some(
            "already fits: Variable share = 20% gives cash $1,566,307.04, $33,692.96 under the budget of $1,600,000.00; fits for 0%–60% · nothing changed"
        )
    );
    a.update(Action::Undo);
    assert_eq!(a.scn, sample());
    // A budget that cannot be met changes nothing and says why.
    key(&mut a, KeyCode::Char('$'));
    type_text(&mut a, "100");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.scn, sample());
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("not changed: no Variable share in its range brings cash to $100.00 or less"),
        "{s}"
    );
}

#[test]
fn workbook_export_from_the_app_asks_where_and_says_where_it_went() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    use cscomp_tui::tui::app::Tone;
    use cscomp_tui::tui::roster_io::show_path;
    let dir = tempfile::tempdir().unwrap();
    let mut a = App::new(sample(), Some(dir.path().join("team.ron")), false);
    key(&mut a, KeyCode::Char('E'));
    let book = dir.path().join("team.xlsx");
    match &a.mode {
        Mode::Input { buffer, .. } => assert_eq!(buffer, &show_path(&book)),
        m => panic!("{m:?}"),
    }
    let s = screen(&mut a, 160, 40);
    assert!(
        s.contains(" Export workbook (.xlsx) to (an .xlsx file; ~ is your home folder): "),
        "{s}"
    );
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(
        a.status,
        Some((
            format!("exported the workbook (15 CSMs) to {}", show_path(&book)),
            Tone::Info
        ))
    );
    // The workbook holds the working copy's figures.
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Sample team FY27 – Plan",
            "Sample team FY27 – Team",
            "Sample team FY27 – Summary"
        ]
    );
    let team = wb.worksheet_range("Sample team FY27 – Team").unwrap();
    let header: Vec<String> = team
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let total = header.iter().position(|h| h == "Total").unwrap();
    let computed = cscomp_tui::engine::compute(&a.scn).unwrap();
    for (row, r) in team.rows().skip(1).zip(&computed.eval.csms) {
        assert_eq!(
            row[total],
            Data::Float(r.total.to_string().parse().unwrap())
        );
    }
    // Again: the file is there, so it asks first.
    key(&mut a, KeyCode::Char('E'));
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains(&format!(
            " {} exists: replace it with the workbook? y/n",
            show_path(&book)
        )),
        "{s}"
    );
    let before = std::fs::read(&book).unwrap();
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(std::fs::read(&book).unwrap(), before);
    // Through ~, and a folder is refused with the reason.
    let other = dir.path().join("other.xlsx");
    key(&mut a, KeyCode::Char('E'));
    type_text(&mut a, &via_home(&other));
    key(&mut a, KeyCode::Enter);
    assert!(other.exists());
    key(&mut a, KeyCode::Char('E'));
    type_text(&mut a, dir.path().to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    match &a.mode {
        Mode::Input { error, .. } => assert_eq!(
            error.as_deref(),
            Some(
                format!(
                    "{} is a folder; add a file name such as plan.xlsx",
                    show_path(dir.path())
                )
                .as_str()
            )
        ),
        m => panic!("{m:?}"),
    }
}

#[test]
fn the_app_imports_a_roster_from_the_first_sheet_of_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("roster.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["id", "name", "level", "ote", "book_arr", "actual:grr"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "n-1").unwrap();
    ws.write_string(1, 1, "New One").unwrap();
    ws.write_string(1, 2, "CSM I").unwrap();
    ws.write_number(1, 3, 88_000.55).unwrap();
    ws.write_number(1, 4, 1_000_000).unwrap();
    ws.write_number(1, 5, 0.915).unwrap();
    ws.write_string(2, 0, "n-2").unwrap();
    ws.write_string(2, 1, "Bad Ote").unwrap();
    ws.write_number(2, 3, -1).unwrap();
    ws.write_number(2, 4, 0).unwrap();
    wb.save(&book).unwrap();
    let mut a = app();
    key(&mut a, KeyCode::Char('i'));
    type_text(&mut a, book.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    match &a.mode {
        Mode::Text { body, .. } => assert_eq!(
            body,
            "the roster has 1 problem; nothing was imported:\n  - row 3, column D (ote), value \"-1\": money cannot be negative"
        ),
        m => panic!("{m:?}"),
    }
    assert_eq!(a.scn.team, sample().team);
    // Fixed: the whole team is replaced, the numbers exactly as the cells show them.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["id", "name", "level", "ote", "book_arr", "actual:grr"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "n-1").unwrap();
    ws.write_string(1, 1, "New One").unwrap();
    ws.write_string(1, 2, "CSM I").unwrap();
    ws.write_number(1, 3, 88_000.55).unwrap();
    ws.write_number(1, 4, 1_000_000).unwrap();
    ws.write_number(1, 5, 0.915).unwrap();
    wb.save(&book).unwrap();
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('i'));
    type_text(&mut a, book.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.scn.team.len(), 1);
    assert_eq!(a.scn.team[0].ote.to_string(), "88000.55");
    assert_eq!(a.scn.team[0].actuals["grr"].to_string(), "0.915");
}

/// Every pane of the compare screen, with 8 plans, at sizes from the smallest the app draws
/// to a large one, scrolled to both ends: never a panic.
#[test]
fn the_compare_screen_never_panics_at_any_size() {
    let home = tempfile::tempdir().unwrap();
    let mut a = compare_app(home.path(), 8);
    for _stop in 0..8 {
        for (w, h) in [(60, 16), (61, 17), (80, 24), (99, 31), (120, 40), (200, 60)] {
            let _ = screen(&mut a, w, h);
            a.update(Action::End);
            a.update(Action::Right);
            let _ = screen(&mut a, w, h);
            a.update(Action::Home);
            a.update(Action::Left);
        }
        a.update(Action::FocusNext);
    }
}

/// An accepted but implausible actual says so where it was typed, and the
/// guardrails list it.
#[test]
fn an_implausible_actual_is_flagged_where_it_is_typed() {
    let mut a = app();
    a.update(Action::FocusNext); // team table, Alex Morgan selected
    key(&mut a, KeyCode::Enter);
    for _ in 0..5 {
        key(&mut a, KeyCode::Down); // Gross revenue retention: actual
    }
    key(&mut a, KeyCode::Enter);
    for _ in 0..5 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "870%");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::CsmForm { csm: 0, row: 5 });
    assert_eq!(a.scn.team[0].actuals["grr"], dec!(8.7));
    assert_eq!(
        a.status.as_ref().map(|s| s.0.as_str()),
        Some(
            "applied, but check it: an actual of 870% against a target of 90% puts Gross revenue retention at 966.7% attainment (below 5% or above 500% is more often a unit slip or a typo)"
        )
    );
    let w: Vec<String> = a
        .warnings
        .iter()
        .filter(|w| w.code == "implausible-attainment")
        .map(|w| format!("{}: {}", w.location, w.message))
        .collect();
    assert_eq!(
        w,
        vec![
            "plan.components[0] (grr): 1 of 15 CSMs have an actual for Gross revenue retention that puts their attainment below 5% or above 500% of target, which is more often a unit slip (87 for 87%) or a typo than a real projection: csm-01 (966.7%)"
        ]
    );
    // A plausible value says nothing.
    key(&mut a, KeyCode::Enter);
    for _ in 0..5 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "0.9");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.scn.team[0].actuals["grr"], dec!(0.9));
    assert!(
        !a.status.as_ref().is_some_and(|s| s.0.contains("check it")),
        "{:?}",
        a.status
    );
}

#[test]
fn the_risk_view_shows_the_simulation_and_follows_the_sliders() {
    let mut a = app();
    key(&mut a, KeyCode::Char('R'));
    let expected = cscomp_tui::engine::risk::simulate(
        &sample(),
        &cscomp_tui::engine::RiskSettings::default(),
        10_000,
        1,
    );
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Cost risk · 10000 simulated years (seed 1) · R closes"),
        "{s}"
    );
    assert!(
        s.contains(&format!(
            "Team cash at the projections  {}",
            money(expected.at_projection)
        )),
        "{s}"
    );
    assert!(
        s.contains(&format!(
            "Expected (mean of the years)  {}",
            cscomp_tui::engine::risk_words::money_about(
                expected.mean,
                expected.precision.mean,
                money
            )
        )),
        "{s}"
    );
    assert!(
        s.contains("  in 9 of 10 simulated years the team costs this or less"),
        "{s}"
    );
    insta::assert_snapshot!("risk_120x40", s);
    insta::assert_snapshot!("risk_80x24", screen(&mut a, 80, 24));
    // A slider change re-simulates the working copy.
    a.update(Action::BigRight);
    let moved = cscomp_tui::engine::risk::simulate(
        &a.scn,
        &cscomp_tui::engine::RiskSettings::default(),
        10_000,
        1,
    );
    assert_eq!(a.risk.as_ref().unwrap().report.as_ref(), Some(&moved));
    // A budget solved with $ is recorded on the plan and measured here.
    key(&mut a, KeyCode::Char('$'));
    type_text(&mut a, "1600000");
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        a.scn.plan.budget.as_ref().map(|b| b.amount),
        Some(dec!(1600000))
    );
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains(&format!("│Budget{}$1,600,000", " ".repeat(24))),
        "{s}"
    );
    assert!(s.contains("of the years"), "{s}");
    key(&mut a, KeyCode::Char('R'));
    assert!(a.risk.is_none());
}

/// The rows inside the pane that starts at column `from` on the top line, without their
/// borders.
fn pane_text(s: &str, from: usize) -> Vec<String> {
    s.lines()
        .skip(1)
        .map(|l| l.chars().skip(from).collect::<String>())
        .take_while(|t| !t.starts_with('╰'))
        .map(|t| {
            t.trim_start_matches('│')
                .trim_end_matches(|c: char| c == '│' || c.is_whitespace())
                .to_string()
        })
        .collect()
}

#[test]
fn the_risk_view_at_80x24_says_what_each_figure_means_keeps_labels_apart_and_scrolls_to_its_end() {
    let mut scn = sample();
    scn.plan.budget = Some(engine::Budget {
        amount: dec!(1600000),
        basis: engine::BudgetBasis::Cash,
    });
    let mut a = App::new(scn, None, false);
    key(&mut a, KeyCode::Char('R'));
    // The sliders have the focus: Tab first.
    let status = a.status.as_ref().map(|s| s.0.clone()).unwrap_or_default();
    assert!(status.contains("Tab then ↑↓ scrolls"), "{status}");
    let first = screen(&mut a, 80, 24);
    insta::assert_snapshot!("risk_budget_80x24", first);
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Table);
    let status = a.status.as_ref().map(|s| s.0.clone()).unwrap_or_default();
    assert!(
        status.contains("↑↓ scrolls") && !status.contains("Tab"),
        "{status}"
    );
    // Read the whole view a line at a time, as far as ↓ goes.
    let mut seen: Vec<String> = pane_text(&first, 36);
    let rows = seen.len();
    assert!(rows >= 18, "{first}");
    let mut last = first.clone();
    for _ in 0..400 {
        key(&mut a, KeyCode::Down);
        let s = screen(&mut a, 80, 24);
        if s == last {
            break;
        }
        seen.push(pane_text(&s, 36)[rows - 1].clone());
        last = s;
    }
    let text = seen.join("\n");
    // ↓ stops with the last line at the bottom of the pane, not in a blank pane.
    let pane = pane_text(&last, 36);
    assert!(!pane[rows - 1].is_empty(), "{last}");
    insta::assert_snapshot!("risk_budget_80x24_end", last);
    key(&mut a, KeyCode::Up);
    assert_ne!(
        screen(&mut a, 80, 24),
        last,
        "↑ moves at once after the end"
    );
    // Labels and values never run together, and the aims stay.
    for joined in ["000over", "attainmentrank", "CSMs$", "target1", "step1"] {
        assert!(!text.contains(joined), "{joined}\n{text}");
    }
    assert!(
        text.contains("Pay vs controllable attainment\n  rank correlation 0.62"),
        "{text}"
    );
    assert_eq!(text.matches("aim about 10%").count(), 2, "{text}");
    assert!(text.contains("aim 60–70%"), "{text}");
    assert!(text.contains("CS: under 2×"), "{text}");
    let budget = text.lines().find(|l| l.starts_with("Budget")).unwrap();
    assert!(budget.ends_with("  $1,600,000"), "{budget}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("Over budget in   ") && l.ends_with("% of the years")),
        "{text}"
    );
    // Every figure says what it means, in words, under it (read whole across lines).
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for meaning in [
        "what the team costs if every CSM lands exactly on their projection",
        "the average simulated year: what the plan costs in the long run",
        "in 1 of 10 simulated years the team costs this or less",
        "the middle year: half the simulated years cost less, half more",
        "in 9 of 10 simulated years the team costs this or less; 1 year in 10 costs more",
        "9 in 10 simulated years cost between these two",
        "the share of simulated years in which the team costs more than the budget: about 1 year in",
        "misses the threshold and earns nothing for that metric",
        "the share where a CSM reaches 100% of target or more",
        "the most the curve pays",
        "9 in 10 CSM-years earn at most 1.2× their target variable",
        "CSMs who do better on what they control are paid more, fairly consistently",
        "Simulated figures are rounded to what 10,000 simulated years can tell apart",
    ] {
        assert!(flat.contains(meaning), "{meaning}\n{text}");
    }
    // Opened with the pane already focused, the hint says no Tab.
    key(&mut a, KeyCode::Char('R'));
    a.focus = Focus::Table;
    key(&mut a, KeyCode::Char('R'));
    let status = a.status.as_ref().map(|s| s.0.clone()).unwrap_or_default();
    assert!(
        status.contains("↑↓ scrolls") && !status.contains("Tab"),
        "{status}"
    );
    // At 120×40 too: the view ends at the bottom of the pane.
    for _ in 0..400 {
        key(&mut a, KeyCode::Down);
    }
    let s = screen(&mut a, 120, 40);
    let pane = pane_text(&s, 40);
    assert!(pane.len() >= 36 && !pane[pane.len() - 1].is_empty(), "{s}");
    assert!(
        s.contains("Pay vs controllable attainment    rank correlation 0.62"),
        "{s}"
    );
}

#[test]
fn the_compare_screen_gives_each_plan_its_p50_p90_and_chance_over_budget() {
    let mut scn = sample();
    scn.plan.budget = Some(engine::Budget {
        amount: dec!(1600000),
        basis: engine::BudgetBasis::Cash,
    });
    let mut a = App::new(scn.clone(), None, false);
    a.update(Action::Compare);
    let r = cscomp_tui::engine::risk::simulate(
        &scn,
        &cscomp_tui::engine::RiskSettings::default(),
        10_000,
        1,
    );
    let s = screen(&mut a, 160, 50);
    let line = format!(
        "[1] risk (10000 years): P50 {} · P90 {} · over $1,600,000 in {} of years",
        money_about(r.p50, r.precision.p50, cscomp_tui::num::money_whole),
        money_about(r.p90, r.precision.p90, cscomp_tui::num::money_whole),
        share_about(r.p_over_budget.unwrap(), r.precision.p_over_budget.unwrap())
    );
    assert!(s.contains(&line), "{line}\n{s}");
    assert!(line.contains(" ± $"), "{line}");
}

/// Polls the app's background work until `done` says so (at most two minutes).
fn poll_until(a: &mut App, mut done: impl FnMut(&mut App) -> bool) {
    let start = std::time::Instant::now();
    while !done(a) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "still waiting"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        a.poll_worker();
    }
}

#[test]
fn the_risk_worker_refines_one_simulation_step_by_step_and_drops_it_for_a_newer_request() {
    use cscomp_tui::engine::risk::refine_steps;
    use cscomp_tui::tui::risk_worker::RiskWorker;
    // Results that arrive together are taken in order, none dropped.
    let pending = std::cell::RefCell::new(std::collections::VecDeque::new());
    let wait = |w: &RiskWorker| loop {
        let mut p = pending.borrow_mut();
        p.extend(w.finished());
        if let Some(d) = p.pop_front() {
            return d;
        }
        drop(p);
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    // The sample: every step in turn, ending where one run of the full count ends.
    let scn = sample();
    let mut w = RiskWorker::start();
    let id = w.request(0, &scn, false);
    let mut got = Vec::new();
    let mut last = None;
    while got.last() != Some(&10_000) {
        let d = wait(&w);
        assert_eq!((d.slot, d.id), (0, id));
        got.push(d.report.trials);
        last = Some(d.report);
    }
    assert_eq!(got, refine_steps(90, 10_000));
    let full = simulate(&scn, &engine::RiskSettings::default(), 10_000, 1);
    assert_eq!(last, Some(full));
    // 10,000 CSMs: a first estimate of 50 years, then refining; a newer request gives
    // that up at once and starts again from a first estimate.
    let big = generate(10_000);
    let id = w.request(1, &big, false);
    let first = wait(&w);
    assert_eq!((first.slot, first.id), (1, id));
    assert_eq!(first.report.trials, refine_steps(60_000, 10_000)[0]);
    assert_eq!(first.report.trials, 50);
    let mut moved = big.clone();
    moved.plan.mix.variable_share = dec!(0.3);
    let newer = w.request(1, &moved, false);
    let mut d = wait(&w);
    // A step of the old request may have finished before the new one arrived.
    while d.id != newer {
        assert!(d.report.trials <= 200, "{}", d.report.trials);
        d = wait(&w);
    }
    assert_eq!(d.report.trials, 50);
    let exact = engine::compute(&moved).unwrap().eval.team.cash;
    assert_eq!(d.report.at_projection, exact);
}

#[test]
fn the_risk_view_and_the_compare_cards_refine_in_the_background_to_the_full_count() {
    let mut scn = sample();
    scn.plan.budget = Some(engine::Budget {
        amount: dec!(1600000),
        basis: engine::BudgetBasis::Cash,
    });
    let mut a = App::new(scn.clone(), None, true);
    key(&mut a, KeyCode::Char('R'));
    poll_until(&mut a, |a| !a.waiting_for_worker());
    let full = simulate(&scn, &engine::RiskSettings::default(), 10_000, 1);
    assert_eq!(a.risk.as_ref().unwrap().report.as_ref(), Some(&full));
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Cost risk · 10000 simulated years (seed 1) · R closes"),
        "{s}"
    );
    // The compare screen: every plan's card refined to the full count too.
    a.update(Action::Compare);
    poll_until(&mut a, |a| !a.waiting_for_worker());
    let s = screen(&mut a, 160, 50);
    let line = format!(
        "[1] risk (10000 years): P50 {} · P90 {}",
        money_about(full.p50, full.precision.p50, cscomp_tui::num::money_whole),
        money_about(full.p90, full.precision.p90, cscomp_tui::num::money_whole),
    );
    assert!(s.contains(&line), "{line}\n{s}");
    // A slider moves the working copy: its card starts again and refines again.
    a.update(Action::BigRight);
    let moved = simulate(&a.scn, &engine::RiskSettings::default(), 10_000, 1);
    poll_until(&mut a, |a| !a.waiting_for_worker());
    let s = compare_text(&screen(&mut a, 160, 50), 0);
    let line = format!(
        "risk (10000 years): P50 {}",
        money_about(moved.p50, moved.precision.p50, cscomp_tui::num::money_whole)
    );
    assert!(s.contains(&line), "{line}\n{s}");
}

#[test]
fn on_ten_thousand_csms_a_first_estimate_shows_with_its_precision_while_refining() {
    // 1,000 years instead of 10,000, to keep the test short: steps of 50, 200, 500, 1,000.
    let mut big = generate(10_000);
    big.assumptions.risk = Some(engine::RiskSettings {
        trials: 1_000,
        ..engine::RiskSettings::default()
    });
    let mut a = App::new(big, None, true);
    key(&mut a, KeyCode::Char('R'));
    poll_until(&mut a, |a| a.risk.as_ref().unwrap().report.is_some());
    let r = a.risk.as_ref().unwrap().report.clone().unwrap();
    assert_eq!(r.trials, 50);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Cost risk · 50 of 1000 simulated years, refining… · R closes"),
        "{s}"
    );
    // Rounded to what 50 years can tell: the P90 is a round figure with its ±.
    let shown = money_about(r.p90, r.precision.p90, cscomp_tui::num::money_whole);
    assert!(shown.contains(",000 ± $"), "{shown}");
    assert!(
        s.contains(&format!("P90                           {shown}")),
        "{s}"
    );
    assert!(
        s.contains("Simulated figures are rounded to what 50 simulated years can tell apart"),
        "{s}"
    );
    // And the compare screen's cards, from a first estimate on.
    key(&mut a, KeyCode::Char('R'));
    a.update(Action::Compare);
    poll_until(&mut a, |a| {
        a.compare
            .as_ref()
            .is_some_and(|v| v.risk.iter().all(|r| r.is_some()))
    });
    let s = compare_text(&screen(&mut a, 160, 50), 0);
    assert!(
        s.contains("[1] risk (50 of 1000 years so far, refining): P50 $"),
        "{s}"
    );
}

// ---- plans with periods ---------------------------------------------------

fn quarterly() -> App {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/quarterly.ron");
    App::new(cscomp_tui::scenario::load(&path).unwrap(), None, false)
}

fn activities(a: &App) -> usize {
    a.scn
        .plan
        .components
        .iter()
        .position(|c| c.id == "activities")
        .unwrap()
}

#[test]
fn quarterly_screens_120x40_and_80x24() {
    let mut a = quarterly();
    let s = screen(&mut a, 120, 40);
    // The period selector opens on the first projected period after as-of (Q2).
    assert!(s.contains("Plan · period Q3 (projected) [ ]"), "{s}");
    assert!(s.contains("Target (Q3)"), "{s}");
    // Paid to date + forecast = full year, as printed.
    assert!(s.contains("Paid to date (thru Q2)   $677,115.95"), "{s}");
    assert!(s.contains("Forecast Q3–Q4           $892,864.31"), "{s}");
    assert!(s.contains("Full year              $1,569,980.26"), "{s}");
    assert_eq!(
        dec!(677115.95) + dec!(892864.31),
        dec!(1569980.26),
        "the printed parts add up"
    );
    insta::assert_snapshot!("quarterly_120x40", s);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Paid thru Q2"), "{s}");
    assert!(s.contains("Q3 proj"), "{s}");
    insta::assert_snapshot!("quarterly_80x24", s);
}

#[test]
fn a_per_period_target_moves_only_its_period_and_copies_forward() {
    let mut a = quarterly();
    let i = activities(&a);
    select(&mut a, Param::PeriodTarget(i, 2));
    let before = screen(&mut a, 120, 40);
    assert!(
        before.contains(" Q3 proj         96.8%   0.5×    $625.00"),
        "{before}"
    );
    // 95% → 90%: Q3 only.
    for _ in 0..10 {
        a.update(Action::Left);
    }
    let c = &a.scn.plan.components[i];
    assert_eq!(c.period_targets.get("Q3"), Some(&dec!(0.9)));
    assert_eq!(c.target_in("Q2"), dec!(0.95));
    assert_eq!(c.target_in("Q4"), dec!(0.95));
    assert_eq!(c.target_in("Q1"), dec!(0.8));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Target (Q3)           90%"), "{s}");
    // Alex Morgan: 92% of a 90% target is 102.2%: the full 1× of 25% × 25% × $20,000.
    assert!(
        s.contains(" Q3 proj        102.2%     1×  $1,250.00"),
        "{s}"
    );
    assert!(
        s.contains(" Q4 proj         98.9%   0.5×    $625.00"),
        "{s}"
    );
    // Actual periods are paid as they were.
    assert!(s.contains("Paid to date (thru Q2)   $677,115.95"), "{s}");
    // Copy forward: Q4 gets 90% too, as one undoable step.
    handle_key(
        &mut a,
        KeyEvent::new(KeyCode::Char('}'), KeyModifiers::NONE),
    );
    assert_eq!(a.scn.plan.components[i].target_in("Q4"), dec!(0.9));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("copied to Q4 (u undoes)"), "{s}");
    assert!(
        s.contains(" Q4 proj        104.4%     1×  $1,250.00"),
        "{s}"
    );
    a.update(Action::Undo);
    assert_eq!(a.scn.plan.components[i].target_in("Q4"), dec!(0.95));
    assert_eq!(a.scn.plan.components[i].target_in("Q3"), dec!(0.9));
    a.update(Action::Undo);
    assert_eq!(a.scn.plan.components[i].target_in("Q3"), dec!(0.95));
    // The same screen but for the status line ("undone").
    let body = |s: &str| s.lines().take(39).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&screen(&mut a, 120, 40)), body(&before));
}

#[test]
fn the_period_selector_moves_the_per_period_sliders() {
    let mut a = quarterly();
    let i = activities(&a);
    select(&mut a, Param::PeriodWeight(i, 2));
    handle_key(
        &mut a,
        KeyEvent::new(KeyCode::Char('['), KeyModifiers::NONE),
    );
    handle_key(
        &mut a,
        KeyEvent::new(KeyCode::Char('['), KeyModifiers::NONE),
    );
    assert_eq!(a.editor.period, 0);
    assert_eq!(a.param(), Some(Param::PeriodWeight(i, 0)));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Plan · period Q1 (actual) [ ]"), "{s}");
    assert!(s.contains("Weight (Q1)           50%"), "{s}");
    // Q2 holds actual results: its weights stay as they were paid.
    handle_key(
        &mut a,
        KeyEvent::new(KeyCode::Char(']'), KeyModifiers::NONE),
    );
    a.update(Action::BigRight);
    assert_eq!(a.scn.plan.components[i].weight_in("Q2"), dec!(0.25));
    assert!(
        a.status
            .as_ref()
            .is_some_and(|s| s.0.starts_with("Q2 holds actual results")),
        "{:?}",
        a.status
    );
    // A weight in Q3 rebalances with the other per-period metric in Q3 only.
    handle_key(
        &mut a,
        KeyEvent::new(KeyCode::Char(']'), KeyModifiers::NONE),
    );
    a.update(Action::BigRight);
    let plan = &a.scn.plan;
    assert_eq!(plan.components[i].weight_in("Q3"), dec!(0.35));
    assert_eq!(plan.components[4].weight_in("Q3"), dec!(0.15));
    assert_eq!(plan.components[i].weight_in("Q4"), dec!(0.25));
    assert_eq!(plan.components[i].weight_in("Q2"), dec!(0.25));
    assert_eq!(plan.components[4].weight_in("Q1"), dec!(0));
    assert!(cscomp_tui::engine::validate::validate_plan(&a.scn).is_empty());
    // The CLI path names the same slider.
    assert_eq!(
        Param::from_path(&a.scn, "activities.weight.Q2"),
        Ok(Param::PeriodWeight(i, 1))
    );
    assert_eq!(
        Param::from_path(&a.scn, "activities.target.Q4"),
        Ok(Param::PeriodTarget(i, 3))
    );
    assert_eq!(Param::from_path(&a.scn, "as_of"), Ok(Param::AsOf));
}

#[test]
fn actual_through_moves_paid_to_date_and_undo_restores() {
    let mut a = quarterly();
    select(&mut a, Param::AsOf);
    a.update(Action::Right);
    assert_eq!(a.scn.plan.as_of.as_deref(), Some("Q3"));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Actual through         Q3"), "{s}");
    let pr = a.eval.periods.as_ref().unwrap();
    let (paid, rest) = pr.paid_and_forecast();
    let q: Vec<Decimal> = pr.team.iter().map(|t| t.total).collect();
    assert_eq!(paid, q[0] + q[1] + q[2]);
    assert!(
        s.contains(&format!("Paid to date (thru Q3) {}", money(paid))),
        "{s}"
    );
    assert!(
        s.contains(&format!("Forecast Q4              {}", money(rest))),
        "{s}"
    );
    assert!(s.contains(" Q3 act "), "{s}");
    // Right again: the whole year; again: none actual.
    a.update(Action::Right);
    assert_eq!(a.scn.plan.as_of.as_deref(), Some("Q4"));
    a.update(Action::Right);
    assert_eq!(a.scn.plan.as_of, None);
    assert!(screen(&mut a, 120, 40).contains("Paid to date (none actual)"));
    a.update(Action::Undo);
    a.update(Action::Undo);
    a.update(Action::Undo);
    assert_eq!(a.scn.plan.as_of.as_deref(), Some("Q2"));
    assert!(screen(&mut a, 120, 40).contains("Paid to date (thru Q2)   $677,115.95"));
}

#[test]
fn quarterly_plan_statement_shows_pay_by_quarter() {
    let mut a = quarterly();
    a.table.selected = a.scn.team.iter().position(|c| c.id == "csm-16").unwrap();
    a.update(Action::Statement);
    let mut seen = screen(&mut a, 120, 40);
    assert!(seen.contains("Plan statement: Grace Liu"), "{seen}");
    for _ in 0..200 {
        a.update(Action::Down);
        seen += &screen(&mut a, 120, 40);
    }
    for raw in ["| ---", "**", "###"] {
        assert!(!seen.contains(raw), "{raw:?}:\n{seen}");
    }
    for text in [
        "Employed",
        "Q3–Q4 (joins in Q3)",
        "$32,000.00 of annual $64,000.00",
        "Your pay by quarter",
        "$22,393.33",
        "$39,393.33",
        "in each of your quarters",
    ] {
        assert!(seen.contains(text), "{text:?} not shown:\n{seen}");
    }
}

/// After the screen grows, the per-CSM table scrolls back to show as many plans as fit: no
/// stale scroll ("plans 4–4 of 4" where two fit).
#[test]
fn the_compare_table_scrolls_back_when_the_screen_grows() {
    let home = tempfile::tempdir().unwrap();
    let mut a = compare_app(home.path(), 4);
    // The per-CSM pane, then the last plan selected on a narrow screen.
    a.update(Action::FocusNext);
    a.update(Action::FocusNext);
    for _ in 0..3 {
        key(&mut a, KeyCode::Right);
        screen(&mut a, 100, 30);
    }
    let narrow = screen(&mut a, 100, 30);
    assert!(narrow.contains("plans 4–4 of 4 ←→"), "{narrow}");
    let wide = screen(&mut a, 160, 50);
    assert!(wide.contains("plans 3–4 of 4 ←→"), "{wide}");
}

/// The budget is a plan input: a row in the plan, typed like any money value, drawn on the
/// cost chart, measured by the risk view and kept in the file.
#[test]
fn the_budget_is_a_row_of_the_plan() {
    let mut a = app();
    select(&mut a, Param::Budget);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("│›Budget               none Enter      │"),
        "{s}"
    );
    let s = screen(&mut a, 160, 50);
    assert!(s.contains("Budget               none Enter sets it"), "{s}");
    key(&mut a, KeyCode::Enter);
    type_text(&mut a, "$1,600,000");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(
        a.scn.plan.budget,
        Some(cscomp_tui::engine::Budget {
            amount: dec!(1600000),
            basis: cscomp_tui::engine::BudgetBasis::Cash,
        })
    );
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("│›Budget         $1,600,000 ←→ ±$10k   │"),
        "{s}"
    );
    // An arrow moves it by $10,000; "none" clears it; both undo.
    key(&mut a, KeyCode::Right);
    assert_eq!(
        a.scn.plan.budget.as_ref().map(|b| b.amount),
        Some(dec!(1610000))
    );
    a.update(Action::ToggleChart);
    let s = screen(&mut a, 160, 50);
    assert!(s.contains("budget $1.61M"), "{s}");
    a.update(Action::Undo);
    assert_eq!(
        a.scn.plan.budget.as_ref().map(|b| b.amount),
        Some(dec!(1600000))
    );
    // The file keeps it; `--set budget=` sets it on the command line, for risk and solve.
    let text = cscomp_tui::scenario::to_ron(&a.scn);
    assert!(
        text.contains("budget: Some((\n            amount: \"1600000\""),
        "{text}"
    );
    key(&mut a, KeyCode::Enter);
    type_text(&mut a, "none");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.scn.plan.budget, None);
}

/// The compare screen compares at the baseline's attainment; moving the working copy's
/// what-if says so instead of showing the what-if as the plan's cost, and A switches to
/// each plan at its own.
#[test]
fn the_compare_screen_names_a_different_whatif_and_a_switches_to_each_its_own() {
    let home = tempfile::tempdir().unwrap();
    let mut a = compare_app(home.path(), 2);
    select(&mut a, Param::Scale);
    for _ in 0..4 {
        key(&mut a, KeyCode::Left);
    }
    assert_eq!(a.scn.assumptions.attainment_scale, dec!(0.96));
    let s = screen(&mut a, 120, 40);
    let flat = compare_text(&s, 40);
    assert!(
        flat.contains(
            "Every plan is compared at team attainment 100% ([1]'s what-if); [2] carries 96%."
        ),
        "{s}"
    );
    key(&mut a, KeyCode::Char('A'));
    let s = screen(&mut a, 120, 40);
    let flat = compare_text(&s, 40);
    assert!(
        flat.contains("Each plan is computed at its own what-if ([1] at 100%, [2] at 96%)"),
        "{s}"
    );
    let status = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        status.contains("each plan at its own what-if attainment · A: all at [1]'s"),
        "{s}"
    );
}

/// Titles and lines use the room there is and shorten at words when there is none: the
/// chart names the metric (not "…written results strat"), the guardrails title says less
/// rather than being cut, and the compact warnings line says what is wrong, not a code.
#[test]
fn titles_shorten_at_words_and_the_warnings_line_speaks_words() {
    let mut a = app();
    select(&mut a, Param::Weight(2));
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("╭ Key activities payout (c) "), "{s}");
    assert!(!s.contains("written results strat"), "{s}");
    select(&mut a, Param::VariableShare);
    key(&mut a, KeyCode::Enter);
    for _ in 0..5 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "55%");
    key(&mut a, KeyCode::Enter);
    assert!(a.warnings.len() >= 2, "{:?}", a.warnings);
    let n = a.warnings.len();
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains(&format!("╭ {n} warnings (1–{n}; Tab, ↑↓) ")),
        "{s}"
    );
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!("⚠ {n} warnings (Tab): variable share for…")),
        "{s}"
    );
    assert!(!s.contains("variable-share,"), "{s}");
}

/// T moves weight from the selected metric to one named by id or name; the others stay.
/// Locks are part of the plan: saved with it and restored when it is opened again.
#[test]
fn weight_moves_between_two_metrics_and_locks_are_saved_with_the_plan() {
    let mut a = app();
    let before: Vec<Decimal> = a.scn.plan.components.iter().map(|c| c.weight).collect();
    select(&mut a, Param::Weight(0));
    key(&mut a, KeyCode::Char('T'));
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Move weight from Gross revenue retention to"),
        "{s}"
    );
    type_text(&mut a, "Key activities: written results strategy 5%");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    let after: Vec<Decimal> = a.scn.plan.components.iter().map(|c| c.weight).collect();
    assert_eq!(after[0], before[0] - dec!(0.05));
    assert_eq!(after[2], before[2] + dec!(0.05));
    for i in [1, 3, 4, 5] {
        assert_eq!(after[i], before[i], "metric {i} stays");
    }
    assert_eq!(
        a.status.as_ref().map(|s| s.0.as_str()),
        Some(
            "moved 5% of weight: Gross revenue retention 20% · Key activities: written results strategy 25% · the others unchanged · u undoes"
        )
    );
    // By id too; a locked metric refuses, and says how to unlock.
    select(&mut a, Param::Weight(1));
    a.update(Action::ToggleLock);
    select(&mut a, Param::Weight(0));
    key(&mut a, KeyCode::Char('T'));
    type_text(&mut a, "churn 5%");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Logo churn's weight is locked: unlock it (x) first"),
        "{s}"
    );
    key(&mut a, KeyCode::Esc);
    // The lock is in the file, and a plan opened again has it.
    let text = cscomp_tui::scenario::to_ron(&a.scn);
    assert!(text.contains("weight_locked: true"), "{text}");
    let again = cscomp_tui::scenario::parse(&text, "again.ron").unwrap();
    let b = App::new(again, None, false);
    assert_eq!(b.locks(), vec![false, true, false, false, false, false]);
    a.update(Action::Undo);
    assert!(!a.locks()[1], "undo takes the lock back");
}

/// The budget prompt reads money as people write it, like every money value.
#[test]
fn the_budget_prompt_reads_money_as_people_write_it() {
    for typed in [
        "1.6M",
        "1,600k",
        "$1.6m",
        "1.6 M",
        "USD 1.6M",
        "$ 1,600,000",
        "1,600,000 USD",
        "USD 1,600,000",
    ] {
        let mut a = app();
        select(&mut a, Param::Budget);
        key(&mut a, KeyCode::Enter);
        type_text(&mut a, typed);
        key(&mut a, KeyCode::Enter);
        assert_eq!(a.mode, Mode::Normal, "{typed}: {:?}", prompt_error(&a));
        assert_eq!(
            a.scn.plan.budget.as_ref().map(|b| b.amount),
            Some(dec!(1600000)),
            "{typed}"
        );
    }
    // A negative budget is refused in parentheses as it is with a sign; another currency
    // is refused by name.
    let mut a = app();
    select(&mut a, Param::Budget);
    for (typed, error) in [
        (
            "-1,600,000",
            "Budget must be between $0 and $1,000,000,000,000",
        ),
        (
            "(1,600,000)",
            "Budget must be between $0 and $1,000,000,000,000",
        ),
        ("1.6M EUR", "`1.6M EUR` is in EUR but this plan pays in USD"),
    ] {
        key(&mut a, KeyCode::Enter);
        type_text(&mut a, typed);
        key(&mut a, KeyCode::Enter);
        assert_eq!(prompt_error(&a).as_deref(), Some(error), "{typed}");
        key(&mut a, KeyCode::Esc);
    }
    assert_eq!(a.scn.plan.budget, None);
}

#[test]
fn a_plan_that_cannot_leave_as_a_workbook_says_so_before_a_path_is_asked() {
    let mut scn =
        cscomp_tui::scenario::parse(cscomp_tui::scenario::QUARTERLY_RON, "assets/quarterly.ron")
            .unwrap();
    scn.plan.components[0].weight = Decimal::new(25, 2);
    let mut a = App::new(scn, None, false);
    a.update(Action::ExportWorkbook);
    assert_eq!(a.mode, Mode::Normal);
    let (msg, tone) = a.status.clone().unwrap();
    assert_eq!(tone, cscomp_tui::tui::app::Tone::Error);
    assert!(
        msg.starts_with(
            "not exported: the plan has 4 errors to fix first (in Q1 the weights of the components that count add up to 105%"
        ),
        "{msg}"
    );
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("not exported:"), "{s}");
}

/// With the background worker, cost curves wait until the cost chart is shown, then
/// arrive for the plan as it is then (and as opened), equal to the curves computed inline.
#[test]
fn cost_curves_are_computed_when_the_cost_chart_is_shown() {
    let mut a = App::new(sample(), None, true);
    // Payout chart: nothing is asked of the worker, and nothing is awaited.
    a.update(Action::BigRight);
    assert!(!a.waiting_for_worker());
    assert!(a.chart.cost_current.is_none());
    a.update(Action::ToggleChart);
    poll_until(&mut a, |a| !a.waiting_for_worker());
    let current = cscomp_tui::engine::eval::cost_curve(&a.scn);
    assert_eq!(a.chart.cost_current.as_ref(), Some(&current));
    let opened = cscomp_tui::engine::eval::cost_curve(&sample());
    assert_eq!(a.chart.cost_baseline.as_ref(), Some(&opened));
    // Shown, a step asks at once.
    a.update(Action::BigRight);
    poll_until(&mut a, |a| !a.waiting_for_worker());
    let moved = cscomp_tui::engine::eval::cost_curve(&a.scn);
    assert_eq!(a.chart.cost_current.as_ref(), Some(&moved));
    assert_ne!(moved, current);
}
