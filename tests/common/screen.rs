//! Driving the app as a user does, in memory: keys in, the screen as text out.

use cscomp_tui::tui::app::App;
use cscomp_tui::tui::{handle_key, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The screen as text, one line per row, trailing blanks trimmed.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            // A no-break space shows as a space.
            match buf[(x, y)].symbol() {
                "\u{a0}" => line.push(' '),
                sym => line.push_str(sym),
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A key pressed.
pub fn key(app: &mut App, code: KeyCode) {
    handle_key(app, KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Selects the editor's slider of `p`.
pub fn select(app: &mut App, p: cscomp_tui::engine::params::Param) {
    app.editor.row = app
        .editor
        .rows
        .iter()
        .position(|r| *r == cscomp_tui::engine::params::Row::Param(p))
        .expect("the slider");
}
