//! The real binary in a pseudo-terminal: start, move a slider, read the new team cost off
//! the screen, quit, and check the terminal was given back.
#![cfg(unix)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::process::Command;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

struct Screen {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    // Kept open for the session's life.
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _home: Option<tempfile::TempDir>,
}

impl Screen {
    /// Starts the app with its own temporary data folder (never the real home).
    fn start(args: &[&str]) -> Screen {
        let home = tempfile::tempdir().expect("a temporary home");
        let mut s = Screen::start_in(home.path(), args);
        s._home = Some(home);
        s
    }

    fn start_in(home: &std::path::Path, args: &[&str]) -> Screen {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cscomp-tui"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("CSCOMP_HOME", home);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        let child = pty.slave.spawn_command(cmd).expect("spawn in the pty");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        // A thread reads the terminal so the app never blocks on a full buffer.
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Screen {
            child,
            writer,
            output,
            parser: vt100::Parser::new(40.try_into().unwrap(), 120.try_into().unwrap(), 0),
            raw: Vec::new(),
            _master: pty.master,
            _home: None,
        }
    }

    fn pump(&mut self) -> bool {
        match self.output.recv_timeout(Duration::from_millis(30)) {
            Ok(bytes) => {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
                true
            }
            Err(_) => false,
        }
    }

    fn text(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `needle` (10 s at most).
    fn wait_for(&mut self, needle: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if !self.pump() && self.text().contains(needle) {
                return;
            }
        }
        panic!("screen never showed {needle:?}:\n{}", self.text());
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    /// Waits until the process exits (10 s at most) and reads what it wrote last.
    fn wait_exit(&mut self) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            self.pump();
            if let Ok(Some(_)) = self.child.try_wait() {
                while self.pump() {}
                return;
            }
        }
        let _ = self.child.kill();
        panic!("the app did not exit:\n{}", self.text());
    }
}

#[test]
fn slider_changes_the_cost_and_quitting_restores_the_terminal() {
    let mut s = Screen::start(&[]);
    s.wait_for("Cash cost              $1,566,307.04");
    // Five steps right on "Variable share": 20% → 25%.
    for _ in 0..5 {
        s.send("\x1b[C");
    }
    s.wait_for("Cash cost              $1,565,396.34");
    assert!(
        s.text().contains("Variable share        25%"),
        "{}",
        s.text()
    );
    // Unsaved changes: quitting asks first; Esc keeps working, d discards.
    s.send("q");
    s.wait_for("Unsaved changes: s save and quit · d discard and quit · Esc keep working");
    s.send("\x1b");
    s.wait_for("not quitting");
    s.send("q");
    s.wait_for("Unsaved changes");
    s.send("d");
    s.wait_exit();
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(raw.contains("\x1b[?1049h"), "entered the alternate screen");
    assert!(raw.contains("\x1b[?1049l"), "left the alternate screen");
    assert!(
        raw.rfind("\x1b[?1049l") > raw.rfind("\x1b[?1049h"),
        "the last word is leaving it"
    );
    assert!(raw.contains("\x1b[?1000l"), "mouse capture turned off");
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn a_broken_file_shows_the_error_and_offers_the_sample() {
    let mut s = Screen::start(&["tests/fixtures/bad-number.ron"]);
    s.wait_for("Could not open the scenario");
    assert!(
        s.text().contains("`92.7%%` is not a number"),
        "{}",
        s.text()
    );
    s.send("\r");
    s.wait_for("Sample team FY27");
    s.send("q");
    s.wait_exit();
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    let mut s = Screen::start(&[]);
    s.wait_for("Cash cost");
    let pid = s.pid();
    // The shell's own `kill`, so no separate kill program is needed.
    let status = Command::new("sh")
        .args(["-c", &format!("kill -TERM {pid}")])
        .status()
        .unwrap();
    assert!(status.success());
    s.wait_exit();
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(
        raw.rfind("\x1b[?1049l") > raw.rfind("\x1b[?1049h"),
        "left the alternate screen"
    );
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn crash_recovery_restores_the_autosaved_change() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Screen::start_in(home.path(), &[]);
    s.wait_for("Cash cost              $1,566,307.04");
    for _ in 0..5 {
        s.send("\x1b[C");
    }
    s.wait_for("Cash cost              $1,565,396.34");
    // Autosave happens two seconds after the last edit.
    std::thread::sleep(Duration::from_millis(3500));
    s.pump();
    let pid = s.pid();
    // The shell's own `kill`, so no separate kill program is needed.
    let status = Command::new("sh")
        .args(["-c", &format!("kill -KILL {pid}")])
        .status()
        .unwrap();
    assert!(status.success());
    s.wait_exit();
    let recovery: Vec<_> = std::fs::read_dir(home.path().join("recovery"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(recovery.len(), 1, "one recovery file was written");

    let mut s = Screen::start_in(home.path(), &[]);
    s.wait_for("Recover unsaved work");
    assert!(
        s.text().contains("r restore it · d discard it"),
        "{}",
        s.text()
    );
    s.send("r");
    s.wait_for("Cash cost              $1,565,396.34");
    assert!(
        s.text().contains("Variable share        25%"),
        "{}",
        s.text()
    );
    assert!(s.text().contains("[+] unsaved"), "{}", s.text());
    s.send("q");
    s.wait_for("Unsaved changes");
    s.send("d");
    s.wait_exit();
}
