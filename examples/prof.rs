use cscomp_tui::tui::{action::Action, app::App, ui};
use ratatui::{Terminal, backend::TestBackend};
fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let scn = if which.contains("big") {
        cscomp_tui::scenario::generate::generate(10_000)
    } else {
        cscomp_tui::scenario::sample()
    };
    let mut app = App::new(scn, None, !which.contains("inline"));
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let t = std::time::Instant::now();
    let n = 20;
    for i in 0..n {
        if which.contains("step") {
            app.update(if i % 2 == 0 {
                Action::Right
            } else {
                Action::Left
            });
        } else {
            term.draw(|f| ui::draw(f, &mut app)).unwrap();
        }
    }
    eprintln!("{:?}", t.elapsed() / n);
}
