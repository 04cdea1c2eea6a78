//! The interactive app: terminal set-up and restore, the event loop, and the panes.
//!
//! Owns: the terminal. Must not: compute pay (the engine does) or parse files (scenario does).

pub mod action;
pub mod app;
pub mod files;
pub mod keys;
pub mod params;
pub mod roster_io;
pub mod team_edit;
pub mod ui;
pub mod worker;

use app::{App, Mode};
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::{DefaultTerminal, Terminal, backend::CrosstermBackend};
use std::io::stdout;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Puts the terminal back: mouse capture off, main screen, cooked mode, cursor shown.
/// Safe to call more than once.
pub fn restore_terminal() {
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restores the terminal when dropped: on normal exit, on `?` errors, and while unwinding.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn init_terminal() -> std::io::Result<(DefaultTerminal, TerminalGuard)> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    enable_raw_mode()?;
    let guard = TerminalGuard;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((terminal, guard))
}

/// Opens the app on `file`, else the scenario last open, else the bundled sample. With a
/// data folder, saving, the browser, autosave and crash recovery are on.
pub fn run(
    file: Option<&str>,
    paths: Result<crate::scenario::paths::Paths, crate::scenario::paths::NoHome>,
) -> Result<(), String> {
    let mut app = match &paths {
        Ok(paths) => match files::Files::open_initial(paths, file.map(std::path::Path::new)) {
            Ok(Some((scn, opened))) => {
                let mut app = App::new(scn, Some(opened.path.clone()), true);
                app.files = Some(files::Files::new(paths.clone(), Some(opened)));
                app
            }
            Ok(None) => {
                let mut app = App::new(crate::scenario::sample(), None, true);
                app.files = Some(files::Files::new(paths.clone(), None));
                app
            }
            Err(message) => {
                let mut app = App::load_failed(message, true);
                app.files = Some(files::Files::new(paths.clone(), None));
                app
            }
        },
        Err(_) => match file {
            None => App::new(crate::scenario::sample(), None, true),
            Some(f) => match crate::scenario::load(std::path::Path::new(f)) {
                Ok(scn) => App::new(scn, Some(PathBuf::from(f)), true),
                Err(e) => App::load_failed(e.to_string(), true),
            },
        },
    };
    if let Ok(paths) = &paths
        && app.mode == Mode::Normal
        && let Some(p) = files::offer(paths)
    {
        app.mode = Mode::Recovery(Box::new(p));
    }
    let (mut terminal, guard) =
        init_terminal().map_err(|e| format!("cannot start the terminal app: {e}"))?;
    let result = event_loop(&mut terminal, app);
    drop(guard);
    result.map_err(|e| format!("the terminal failed: {e}"))
}

fn event_loop(terminal: &mut DefaultTerminal, mut app: App) -> std::io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    if let Err(e) = watch_signals(Arc::clone(&stop), Arc::clone(&done)) {
        app.status = Some((format!("signals not handled: {e}"), app::Tone::Error));
    }
    let result = run_loop(terminal, &mut app, &stop);
    done.store(true, Ordering::SeqCst);
    result
}

/// On SIGTERM, SIGHUP or SIGINT the event loop is asked to stop. If it cannot (when the
/// terminal has gone away, crossterm can spin inside its read loop and never return to us),
/// the watcher restores what it can of the terminal and exits the process itself.
fn watch_signals(stop: Arc<AtomicBool>, done: Arc<AtomicBool>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            stop.store(true, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(500));
            if !done.load(Ordering::SeqCst) {
                restore_terminal();
                std::process::exit(128 + sig);
            }
        }
    });
    Ok(())
}

fn run_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    terminal.draw(|f| ui::draw(f, app))?;
    loop {
        let timeout = if app.waiting_for_worker() {
            Duration::from_millis(40)
        } else if app.autosave_due() {
            Duration::from_millis(200)
        } else {
            Duration::from_millis(250)
        };
        let mut redraw = false;
        if event::poll(timeout)? {
            // Handle everything that is queued before drawing once: holding a key down
            // never builds a backlog of frames.
            // Re-evaluation waits until the queue is empty: twenty quick presses on a large
            // team cost one evaluation, not twenty.
            app.defer = true;
            loop {
                handle(app, event::read()?);
                redraw = true;
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            app.defer = false;
            app.flush();
        }
        if app.poll_worker() {
            redraw = true;
        }
        app.tick(std::time::Instant::now());
        if stop.load(Ordering::Relaxed) {
            // Killed (SIGTERM/SIGHUP): keep the work in the recovery file, not the scenario.
            app.autosave_now();
            return Ok(());
        }
        if app.quit {
            app.on_exit();
            return Ok(());
        }
        if redraw {
            terminal.draw(|f| ui::draw(f, app))?;
        }
    }
}

/// Routes one terminal event to the app.
pub fn handle(app: &mut App, ev: Event) {
    match ev {
        Event::Key(key) => handle_key(app, key),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => app.click(m.column, m.row, false),
            MouseEventKind::Drag(MouseButton::Left) => app.click(m.column, m.row, true),
            MouseEventKind::ScrollUp => app.wheel(m.column, m.row, true),
            MouseEventKind::ScrollDown => app.wheel(m.column, m.row, false),
            _ => {}
        },
        // ratatui redraws at the new size on the next draw.
        _ => {}
    }
}

pub fn handle_key(app: &mut App, key: KeyEvent) {
    if key.kind == KeyEventKind::Release {
        return;
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        app.quit = true;
        return;
    }
    let ch = match key.code {
        KeyCode::Char(c) => c,
        KeyCode::Enter => '\n',
        KeyCode::Up => '↑',
        KeyCode::Down => '↓',
        KeyCode::Esc => '\u{1b}',
        _ => '\0',
    };
    let pressed = key.kind == KeyEventKind::Press;
    match &app.mode {
        Mode::Unsaved(_) => {
            if pressed {
                app.answer_unsaved(ch);
            }
            return;
        }
        Mode::ChangedOnDisk { .. } => {
            if pressed {
                app.answer_changed(ch);
            }
            return;
        }
        Mode::Recovery(_) => {
            if pressed {
                app.recovery_key(ch);
            }
            return;
        }
        Mode::Browser { .. } => {
            app.browser_key(ch);
            return;
        }
        _ => {}
    }
    if matches!(app.mode, Mode::Confirm { .. }) {
        if key.kind == KeyEventKind::Press {
            app.answer(matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')));
        }
        return;
    }
    if matches!(app.mode, Mode::Input { .. }) {
        match key.code {
            KeyCode::Enter if key.kind == KeyEventKind::Press => app.input_commit(),
            KeyCode::Esc if key.kind == KeyEventKind::Press => app.input_cancel(),
            KeyCode::Backspace => app.input_backspace(),
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                app.input_clear()
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => app.input_char(c),
            _ => {}
        }
        return;
    }
    if let Some(action) = keys::action_for(&key) {
        app.update(action);
    }
}
