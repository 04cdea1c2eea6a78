//! The interactive app: terminal set-up and restore, the event loop, and the panes.
//!
//! Owns: the terminal. Must not: compute pay (the engine does) or parse files (scenario does).

pub mod action;
pub mod app;
pub mod chart_view;
pub mod compare_keys;
pub mod compare_view;
pub mod design_view;
pub mod document;
pub mod editor;
pub mod files;
pub mod history_view;
pub mod import_form;
pub mod keys;
pub mod modal;
pub mod mode;
pub mod plan_info;
pub mod risk_view;

pub mod risk_worker;
pub mod roster_io;
pub mod sensitivity_view;
pub mod session;
pub mod team_edit;
pub mod team_table;
pub mod ui;
pub mod worker;

use crate::scenario::recovery::Autosave;
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
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
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

/// The terminal's settings before raw mode, for [`restore_on_abort`].
#[cfg(unix)]
static COOKED: std::sync::OnceLock<libc::termios> = std::sync::OnceLock::new();

/// On SIGABRT (an allocation the system refused, or any other abort, which no panic hook
/// sees) the terminal is given back before the process ends: mouse capture off, the main
/// screen, the cursor shown and the settings from before raw mode. Only async-signal-safe
/// calls: `write` of fixed bytes and `tcsetattr` of settings saved at start-up.
#[cfg(unix)]
fn restore_on_abort() {
    // SAFETY: tcgetattr writes into a zeroed termios we own; STDIN is the terminal.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDIN_FILENO, &mut t) == 0 {
            let _ = COOKED.set(t);
        }
    }
    let handler = || {
        const RESET: &[u8] =
            b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?1049l\x1b[?25h\r\n";
        // SAFETY: write(2) and tcsetattr(3) are async-signal-safe; the buffer is static
        // and the termios was saved before the handler was installed.
        unsafe {
            libc::write(libc::STDOUT_FILENO, RESET.as_ptr().cast(), RESET.len());
            if let Some(t) = COOKED.get() {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, t);
            }
            // Then end as an abort does: the default action, raised again (delivered when
            // this handler returns).
            libc::signal(libc::SIGABRT, libc::SIG_DFL);
            libc::raise(libc::SIGABRT);
        }
    };
    // SAFETY: the handler only makes async-signal-safe calls (above).
    let _ = unsafe { signal_hook::low_level::register(signal_hook::consts::SIGABRT, handler) };
}

#[cfg(not(unix))]
fn restore_on_abort() {}

fn init_terminal() -> std::io::Result<(DefaultTerminal, TerminalGuard)> {
    restore_on_abort();
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
        Ok(paths) => match session::Files::open_initial(paths, file.map(std::path::Path::new)) {
            Ok(Some((scn, opened, problems))) => {
                let mut app = App::new(scn, Some(opened.path.clone()), true);
                app.files = Some(session::Files::new(paths.clone(), Some(opened)));
                app.set_plan_errors(problems);
                app
            }
            Ok(None) => {
                let mut app = App::new(crate::scenario::sample(), None, true);
                app.files = Some(session::Files::new(paths.clone(), None));
                app
            }
            Err(message) => {
                let mut app = App::load_failed(message, true);
                app.files = Some(session::Files::new(paths.clone(), None));
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
    if let Ok(paths) = &paths {
        // Temporary files of saves that were killed midway: remove them and say so.
        let store = crate::scenario::store::Store::new(paths.clone());
        let removed = store.remove_stale_temps(app.path.as_deref());
        if let Some(note) = crate::scenario::store::Store::stale_temps_note(removed)
            && app.status.is_none()
        {
            app.status = Some((note, app::Tone::Info));
        }
    }
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

/// The newest edit not yet in a recovery file, handed from the event loop to the signal
/// watcher so that the watcher can keep it even if the event loop never comes back.
type Emergency = Arc<Mutex<Option<(Arc<Autosave>, u64, crate::engine::Scenario)>>>;

fn event_loop(terminal: &mut DefaultTerminal, mut app: App) -> std::io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let emergency: Emergency = Arc::new(Mutex::new(None));
    if let Err(e) = watch_signals(Arc::clone(&stop), Arc::clone(&done), Arc::clone(&emergency)) {
        app.status = Some((format!("signals not handled: {e}"), app::Tone::Error));
    }
    let events = spawn_reader();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_loop(terminal, &mut app, &stop, &events, &emergency)
    }));
    // Every way out that is not a normal quit keeps the work in the recovery file first:
    // a signal, a terminal that went away, an error drawing, a panic.
    let result = match result {
        Ok(Ok(Exit::Quit)) => Ok(()),
        Ok(Ok(Exit::Stopped)) => {
            app.autosave_now();
            Ok(())
        }
        Ok(Err(e)) => {
            app.autosave_now();
            Err(e)
        }
        Err(panic) => {
            app.autosave_now();
            done.store(true, Ordering::SeqCst);
            std::panic::resume_unwind(panic);
        }
    };
    done.store(true, Ordering::SeqCst);
    result
}

/// How the event loop ended.
enum Exit {
    /// The user quit (recovery files are cleared).
    Quit,
    /// A signal or a closed terminal: the caller writes the recovery file.
    Stopped,
}

/// Reads terminal events on a thread of its own, so that the event loop is never stuck
/// inside the terminal library: when the terminal goes away, crossterm can spin in its
/// read loop forever, and the event loop must still be free to save the work and exit.
fn spawn_reader() -> Receiver<std::io::Result<Event>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let ev = event::read();
            let failed = ev.is_err();
            if tx.send(ev).is_err() || failed {
                return;
            }
        }
    });
    rx
}

/// True when the terminal has gone away (its window closed, the SSH connection dropped,
/// the tmux session killed): standard input reports a hang-up or an error.
#[cfg(unix)]
fn terminal_gone() -> bool {
    let mut fds = [libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    }];
    // SAFETY: one valid pollfd, no timeout.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), 1, 0) };
    n > 0 && fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

#[cfg(not(unix))]
fn terminal_gone() -> bool {
    false
}

/// How long the watcher waits for the event loop to save and exit after a signal before it
/// saves the last handed-over edit itself and exits.
const STOP_GRACE: Duration = Duration::from_secs(3);

/// On SIGTERM, SIGHUP or SIGINT the event loop is asked to stop (it writes the recovery
/// file and exits). If it does not within [`STOP_GRACE`] (stuck), the watcher writes the
/// newest edit the loop handed over, restores what it can of the terminal and exits the
/// process itself.
fn watch_signals(
    stop: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
    emergency: Emergency,
) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            stop.store(true, Ordering::SeqCst);
            let start = std::time::Instant::now();
            while start.elapsed() < STOP_GRACE {
                if done.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let taken = match emergency.lock() {
                Ok(mut g) => g.take(),
                Err(p) => p.into_inner().take(),
            };
            if let Some((autosave, ticket, scn)) = taken {
                // A ticket older than one the loop already wrote is dropped by `write`.
                let _ = autosave.write(ticket, &scn);
            }
            restore_terminal();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

fn run_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
    events: &Receiver<std::io::Result<Event>>,
    emergency: &Emergency,
) -> std::io::Result<Exit> {
    terminal.draw(|f| ui::draw(f, app))?;
    let mut handed_over = 0;
    loop {
        let timeout = if app.waiting_for_worker() {
            Duration::from_millis(40)
        } else if app.autosave_due() {
            Duration::from_millis(200)
        } else {
            Duration::from_millis(250)
        };
        let mut redraw = false;
        match events.recv_timeout(timeout) {
            Ok(first) => {
                // Handle everything that is queued before drawing once: holding a key down
                // never builds a backlog of frames.
                // Re-evaluation waits until the queue is empty: twenty quick presses on a
                // large team cost one evaluation, not twenty.
                app.defer = true;
                let mut next = Some(first);
                while let Some(ev) = next {
                    handle(app, ev?);
                    redraw = true;
                    next = if app.quit || app.interrupted || stop.load(Ordering::Relaxed) {
                        None
                    } else {
                        events.try_recv().ok()
                    };
                }
                app.defer = false;
                app.flush();
                // Hand the newest edit to the signal watcher, in case this loop gets stuck.
                if let Some((autosave, ticket, scn)) = app.unsaved_edit(handed_over) {
                    handed_over = ticket;
                    if let Ok(mut g) = emergency.lock() {
                        *g = Some((autosave, ticket, scn));
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            // The reader stopped: the terminal is gone.
            Err(RecvTimeoutError::Disconnected) => return Ok(Exit::Stopped),
        }
        if app.poll_worker() {
            redraw = true;
        }
        let status = app.status.clone();
        app.tick(std::time::Instant::now());
        // An autosave failure (or anything else the tick reports) shows at once.
        redraw |= app.status != status;
        if stop.load(Ordering::Relaxed) || app.interrupted || terminal_gone() {
            // Killed (SIGTERM/SIGHUP), Ctrl-c, or the terminal closed: keep the work in
            // the recovery file (the caller writes it), not the scenario.
            return Ok(Exit::Stopped);
        }
        if app.quit {
            app.on_exit();
            return Ok(Exit::Quit);
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
        // Leave at once, as a terminal program does on Ctrl-c, but like SIGINT: unsaved
        // work stays in the recovery file and is offered at the next start.
        app.interrupted = true;
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
        Mode::History { .. } => {
            if pressed {
                app.history_key(ch);
            }
            return;
        }
        Mode::Sensitivity { .. } => {
            if pressed {
                app.sensitivity_key(ch);
            }
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
