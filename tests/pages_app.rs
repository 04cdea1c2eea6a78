//! Pages to print written from the app: the selected CSM's statement and the one-page
//! summary for finance.

mod common;

use common::screen::{key, screen, type_text};
use cscomp_tui::scenario::sample;
use cscomp_tui::tui::action::Action;
use cscomp_tui::tui::app::{App, Mode, Tone};
use cscomp_tui::tui::handle_key;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn clear(a: &mut App) {
    handle_key(a, KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
}

#[test]
fn p_writes_the_selected_csms_statement_as_a_page_and_asks_before_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("alex.html");
    let mut a = App::new(sample(), None, false);
    a.update(Action::StatementPage);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Write Alex Morgan's statement (.html) to"),
        "{s}"
    );
    assert!(s.contains("csm-01.html"), "{s}");
    clear(&mut a);
    type_text(&mut a, out.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal, "{:?}", a.status);
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        html,
        cscomp_tui::output::statements::html::statement(&a.scn, 0).unwrap()
    );
    assert!(html.contains("Alex Morgan"));
    let (msg, tone) = a.status.clone().unwrap();
    assert_eq!(tone, Tone::Info);
    assert!(
        msg.starts_with("wrote Alex Morgan's statement to "),
        "{msg}"
    );
    // Again: the file is there, so the app asks; n keeps it.
    std::fs::write(&out, "kept").unwrap();
    a.update(Action::StatementPage);
    clear(&mut a);
    type_text(&mut a, out.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.mode, Mode::Confirm { .. }), "{:?}", a.mode);
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept");
}

#[test]
fn f_writes_the_one_page_summary_for_finance() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("summary.html");
    let mut a = App::new(sample(), None, false);
    a.update(Action::Right);
    a.update(Action::SummaryPage);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Write the summary for finance (.html) to"),
        "{s}"
    );
    clear(&mut a);
    type_text(&mut a, out.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal, "{:?}", a.status);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..40]
    );
    // The working copy's cash, not the file's.
    let cash = cscomp_tui::num::money(a.eval.team.cash);
    assert!(html.contains(&cash), "{cash}");
    assert!(
        a.status
            .clone()
            .unwrap()
            .0
            .starts_with("wrote the summary for finance to ")
    );
}

/// `X` saves the chart on screen as an SVG picture: the selected metric's payout curve with
/// the team on it, or the cost curve; the file name says which.
#[test]
fn x_saves_the_chart_on_screen_as_a_picture() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = App::new(sample(), None, false);
    a.update(Action::ChartSvg);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Write the chart (.svg) to"), "{s}");
    assert!(s.contains("payout-grr.svg"), "{s}");
    let out = dir.path().join("grr.svg");
    clear(&mut a);
    type_text(&mut a, out.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal, "{:?}", a.status);
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    // Titled: the chart, then the plan, each on a line.
    assert!(
        svg.contains(
            ">Gross revenue retention: payout against attainment, each CSM a point</text>"
        ),
        "{svg}"
    );
    // One point per CSM on the curve.
    assert_eq!(svg.matches("<circle").count(), a.scn.team.len(), "{svg}");
    let (msg, tone) = a.status.clone().unwrap();
    assert_eq!(tone, Tone::Info);
    assert!(msg.starts_with("wrote the chart to "), "{msg}");
    // The cost curve.
    a.chart.mode = cscomp_tui::tui::chart_view::ChartMode::Cost;
    a.update(Action::ChartSvg);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("cost-curve.svg"), "{s}");
    let out = dir.path().join("cost.svg");
    clear(&mut a);
    type_text(&mut a, out.to_str().unwrap());
    key(&mut a, KeyCode::Enter);
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("team attainment"), "{svg}");
}
