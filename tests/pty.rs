//! The real binary in a pseudo-terminal: start, move a slider, read the new team cost off
//! the screen, quit, and check the terminal was given back.
#![cfg(unix)]

use expectrl::Session;
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

struct Screen {
    session: expectrl::session::OsSession,
    parser: vt100::Parser,
    raw: Vec<u8>,
}

impl Screen {
    fn start(args: &[&str]) -> Screen {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cscomp-tui"));
        cmd.args(args)
            .env("TERM", "xterm-256color")
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        let mut session = Session::spawn(cmd).expect("spawn in a pty");
        session
            .get_process_mut()
            .set_window_size(120, 40)
            .expect("set the window size");
        Screen {
            session,
            parser: vt100::Parser::new(40.try_into().unwrap(), 120.try_into().unwrap(), 0),
            raw: Vec::new(),
        }
    }

    fn pump(&mut self) -> bool {
        let mut buf = [0u8; 8192];
        match self.session.try_read(&mut buf) {
            Ok(0) => false,
            Ok(n) => {
                self.parser.process(&buf[..n]);
                self.raw.extend_from_slice(&buf[..n]);
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
            if !self.pump() {
                if self.text().contains(needle) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        panic!("screen never showed {needle:?}:\n{}", self.text());
    }

    fn send(&mut self, bytes: &str) {
        self.session.write_all(bytes.as_bytes()).unwrap();
        self.session.flush().unwrap();
    }

    /// Reads until the process closes the terminal (10 s at most).
    fn wait_exit(&mut self) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            self.pump();
            if !self.session.get_process().is_alive().unwrap_or(false) {
                while self.pump() {}
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the app did not exit");
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
    s.send("q");
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
