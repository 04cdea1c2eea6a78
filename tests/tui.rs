//! The interactive screen, driven through actions and keys and read off a TestBackend.

use cscomp_tui::engine::{self, Curve, Scenario};
use cscomp_tui::num::money;
use cscomp_tui::scenario::{generate::generate, sample};
use cscomp_tui::tui::action::Action;
use cscomp_tui::tui::app::{App, Focus, Mode, SortCol};
use cscomp_tui::tui::params::Param;
use cscomp_tui::tui::{handle_key, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn app() -> App {
    App::new(sample(), None, false)
}

fn key(app: &mut App, code: KeyCode) {
    handle_key(app, KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
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

fn select(a: &mut App, p: Param) {
    a.row = a
        .rows
        .iter()
        .position(|r| *r == cscomp_tui::tui::params::Row::Param(p))
        .unwrap();
}

#[test]
fn weights_stay_at_100_and_respect_locks() {
    let mut a = app();
    select(&mut a, Param::Weight(1));
    a.update(Action::ToggleLock);
    assert!(a.locks[1]);
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
    assert_eq!(a.sort, SortCol::Total);
    assert!(a.descending);
    let first = a.order[0];
    assert_eq!(a.scn.team[first].name, "Mateo Rossi");
    a.update(Action::SortReverse);
    assert_eq!(a.scn.team[a.order[0]].name, "Ethan Brooks");
    a.update(Action::Home);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("sorted by total ↑"), "{s}");
    assert!(s.contains("Ethan Brooks · CSM I · OTE $72,000.00"), "{s}");
}

#[test]
fn help_lists_every_key_of_the_table() {
    let mut a = app();
    a.update(Action::ToggleHelp);
    let s = screen(&mut a, 120, 40);
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
    assert!(s.contains("Team cash vs attainment"), "{s}");
    let cur = a.cost_current.clone().unwrap();
    assert_eq!(cur.len(), 21);
    let mut expected = sample();
    expected.plan.mix.variable_share = dec!(0.3);
    expected.assumptions.attainment_scale = dec!(1.5);
    assert_eq!(cur[20].1, cash_of(&expected));
    assert_eq!(a.cost_baseline.clone().unwrap()[10].1, dec!(1566307.04));
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
    assert_eq!(a.selected, shown[2]);
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
    assert_eq!(a.selected, 9_999);
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
        s.contains("Gross revenue retention: actual       60%"),
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
    assert_eq!(a.mode, Mode::Unsaved(cscomp_tui::tui::files::Then::Quit));
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
    use cscomp_tui::tui::files::Files;
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
    let s = screen(&mut a, 140, 45);
    assert!(s.contains("Compare: first column is the baseline"), "{s}");
    assert!(s.contains("same plan"), "{s}");
    // Edit the plan from the compare screen: 80/20 → 70/30.
    a.update(Action::BigRight);
    let c = a.compare.as_ref().unwrap().comparer.comparison().clone();
    let working = c.variants[1].figures.as_ref().unwrap();
    // Independently computed by the compare fixtures (Python fractions): $1,564,485.60.
    assert_eq!(working.cash, dec!(1564485.60));
    let vs = working.versus.as_ref().unwrap();
    assert_eq!((vs.gain, vs.lose), (4, 6));
    let s = screen(&mut a, 140, 45);
    assert!(s.contains("• variable share 20% → 30%"), "{s}");
    assert!(s.contains("-$1,821 (-0.1%)"), "{s}");
    assert!(s.contains("becomes dearer than the baseline"), "{s}");
    a.update(Action::Compare);
    assert!(a.compare.is_none());
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
    assert!(s.contains("Compare: first column is the baseline"), "{s}");
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

/// Issue 11: an accepted but implausible actual says so where it was typed, and the
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
