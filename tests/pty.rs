//! The real binary in a pseudo-terminal: start, move a slider, read the new team cost off
//! the screen, quit, and check the terminal was given back.
#![cfg(unix)]

mod common;

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

/// Sends `sig` to the app (with the shell's own `kill`, so no separate kill program is
/// needed), waits for it to end and checks the terminal was given back.
fn signal_gives_the_terminal_back(sig: &str) -> Screen {
    let mut s = Screen::start(&[]);
    s.wait_for("Cash cost");
    let pid = s.pid();
    let status = Command::new("sh")
        .args(["-c", &format!("kill -{sig} {pid}")])
        .status()
        .unwrap();
    assert!(status.success());
    s.wait_exit();
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(
        raw.rfind("\x1b[?1049l") > raw.rfind("\x1b[?1049h"),
        "{sig}: left the alternate screen"
    );
    assert!(!s.parser.screen().alternate_screen());
    s
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    signal_gives_the_terminal_back("TERM");
}

#[test]
fn saving_a_linked_scenario_writes_the_file_it_points_to() {
    let home = tempfile::tempdir().unwrap();
    let real = home.path().join("real.ron");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.ron"),
        &real,
    )
    .unwrap();
    let link = home.path().join("plan.ron");
    std::os::unix::fs::symlink("real.ron", &link).unwrap();
    let mut s = Screen::start_in(home.path(), &[link.to_str().unwrap()]);
    s.wait_for("Cash cost              $1,566,307.04");
    s.send("\x1b[C");
    s.wait_for("Variable share        21%");
    s.send("\x13");
    s.wait_for("saved to");
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link is still a link");
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(text.contains("variable_share: \"21%\""), "{text}");
    assert!(home.path().join("real.ron.bak").exists());
    assert!(!home.path().join("plan.ron.bak").exists());
    s.send("q");
    s.wait_exit();
}

#[test]
fn ctrl_c_leaves_at_once_and_keeps_the_edit_in_recovery() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Screen::start_in(home.path(), &[]);
    s.wait_for("Cash cost              $1,566,307.04");
    s.send("\x1b[C");
    s.wait_for("Variable share        21%");
    s.send("\x03");
    s.wait_exit();
    let recovery = recovery_texts(home.path());
    assert_eq!(recovery.len(), 1, "one recovery file was written");
    assert!(
        recovery[0].contains("variable_share: \"21%\""),
        "{}",
        recovery[0]
    );
    let mut s = Screen::start_in(home.path(), &[]);
    s.wait_for("Recover unsaved work");
    s.send("d");
    s.wait_for("Cash cost              $1,566,307.04");
    s.send("q");
    s.wait_exit();
}

#[test]
fn an_abort_still_gives_the_terminal_back() {
    // SIGABRT is what a refused allocation ends in; no panic hook runs.
    let s = signal_gives_the_terminal_back("ABRT");
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(
        raw.rfind("\x1b[?1000l") > raw.rfind("\x1b[?1000h"),
        "mouse capture off"
    );
}

#[test]
fn a_hostile_spreadsheet_is_refused_and_the_edit_is_already_in_recovery() {
    // A 2 KB workbook with one cell at the last row and column (once an abort that left the
    // terminal in raw mode and lost the last edit), and one that unpacks to a gigabyte.
    let home = tempfile::tempdir().unwrap();
    let corner = home.path().join("corner.xlsx");
    let data =
        common::sheets::rows_xml(common::sheets::ROSTER) + &common::sheets::lone_cell("XFD1048576");
    common::sheets::xlsx(
        &corner,
        r#"<dimension ref="A1:XFD1048576"/>"#,
        &data,
        &[],
        0,
    );
    let spaces = home.path().join("spaces.xlsx");
    common::sheets::xlsx(&spaces, "", "", &[], 1 << 30);
    let mut s = Screen::start_in(home.path(), &[]);
    s.wait_for("Cash cost              $1,566,307.04");
    s.send("\x1b[C");
    s.wait_for("Variable share        21%");
    s.send("i");
    s.wait_for("Import roster");
    s.send(&format!("{}\r", corner.display()));
    s.wait_for("the row has 16384 cells but the header has 5 columns");
    // The edit was kept before the file was read, without waiting for the autosave.
    let recovery = recovery_texts(home.path());
    assert_eq!(recovery.len(), 1, "one recovery file was written");
    assert!(
        recovery[0].contains("variable_share: \"21%\""),
        "{}",
        recovery[0]
    );
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    s.pump();
    s.send("i");
    s.wait_for("Import roster CSV");
    s.send(&format!("{}\r", spaces.display()));
    s.wait_for("spaces.xlsx: the workb");
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    s.send("q");
    s.wait_for("Unsaved changes");
    s.send("d");
    s.wait_exit();
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

/// The app in a pseudo-terminal whose master side this test owns outright, so that it can
/// close the terminal the way a closed window or a killed tmux session does.
#[cfg(target_os = "linux")]
mod closed_terminal {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    pub struct RawPty {
        pub master: Option<OwnedFd>,
        pub child: Child,
        pub parser: vt100::Parser,
    }

    impl RawPty {
        pub fn start(home: &std::path::Path, args: &[&str]) -> RawPty {
            let (mut m, mut s) = (0, 0);
            let ws = libc::winsize {
                ws_row: 40,
                ws_col: 120,
                ws_xpixel: 0,
                ws_ypixel: 0,
            };
            // SAFETY: out-pointers to two ints and a valid winsize.
            let rc = unsafe {
                libc::openpty(&mut m, &mut s, std::ptr::null_mut(), std::ptr::null(), &ws)
            };
            assert_eq!(rc, 0, "openpty");
            // SAFETY: openpty returned two fresh descriptors that we now own.
            let (master, slave) = unsafe { (OwnedFd::from_raw_fd(m), OwnedFd::from_raw_fd(s)) };
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_cscomp-tui"));
            cmd.args(args)
                .env("TERM", "xterm-256color")
                .env("CSCOMP_HOME", home)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .stdin(Stdio::from(slave.try_clone().unwrap()))
                .stdout(Stdio::from(slave.try_clone().unwrap()))
                .stderr(Stdio::from(slave));
            let master_fd = master.as_raw_fd();
            // SAFETY: only async-signal-safe calls between fork and exec.
            unsafe {
                cmd.pre_exec(move || {
                    libc::close(master_fd);
                    libc::setsid();
                    libc::ioctl(0, libc::TIOCSCTTY, 0);
                    Ok(())
                });
            }
            let child = cmd.spawn().expect("spawn the app");
            RawPty {
                master: Some(master),
                child,
                parser: vt100::Parser::new(40.try_into().unwrap(), 120.try_into().unwrap(), 0),
            }
        }

        /// Reads what the app drew for up to 30 ms.
        fn pump(&mut self) {
            let Some(fd) = self.master.as_ref().map(|m| m.as_raw_fd()) else {
                return;
            };
            let mut p = [libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            }];
            // SAFETY: one valid pollfd.
            if unsafe { libc::poll(p.as_mut_ptr(), 1, 30) } > 0 {
                let mut buf = [0u8; 16384];
                // SAFETY: a valid buffer of that length.
                let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
                if n > 0 {
                    self.parser.process(&buf[..n as usize]);
                }
            }
        }

        pub fn wait_for(&mut self, needle: &str) {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(10) {
                self.pump();
                if self.parser.screen().contents().contains(needle) {
                    return;
                }
            }
            panic!(
                "screen never showed {needle:?}:\n{}",
                self.parser.screen().contents()
            );
        }

        pub fn send(&mut self, bytes: &str) {
            let fd = self.master.as_ref().unwrap().as_raw_fd();
            // SAFETY: a valid buffer of that length.
            let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
            assert_eq!(n, bytes.len() as isize);
        }

        /// Closes the terminal: the master side goes away, as when its window closes.
        pub fn close(&mut self) {
            self.master = None;
        }

        /// Waits for the app to exit (10 s at most).
        pub fn wait_exit(&mut self) -> std::process::ExitStatus {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(10) {
                self.pump();
                if let Ok(Some(st)) = self.child.try_wait() {
                    return st;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = self.child.kill();
            panic!("the app did not exit after its terminal closed");
        }
    }
}

/// The recovery files in `home`, as text.
fn recovery_texts(home: &std::path::Path) -> Vec<String> {
    match std::fs::read_dir(home.join("recovery")) {
        Ok(rd) => rd
            .flatten()
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect(),
        Err(_) => vec![],
    }
}

#[cfg(target_os = "linux")]
#[test]
fn closing_the_terminal_right_after_an_edit_keeps_it_in_recovery() {
    let home = tempfile::tempdir().unwrap();
    // A saved scenario, opened by name.
    let out = Command::new(env!("CARGO_BIN_EXE_cscomp-tui"))
        .args(["new", "Plan"])
        .env("CSCOMP_HOME", home.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut t = closed_terminal::RawPty::start(home.path(), &["Plan"]);
    t.wait_for("Cash cost              $1,566,307.04");
    t.send("\x1b[C");
    t.wait_for("Variable share        21%");
    // Well within the two seconds before an autosave.
    t.close();
    let started = Instant::now();
    t.wait_exit();
    assert!(started.elapsed() < Duration::from_secs(5));
    let texts = recovery_texts(home.path());
    assert_eq!(texts.len(), 1, "one recovery file: {texts:?}");
    assert!(
        texts[0].contains("variable_share: \"21%\""),
        "the edit is in it:\n{}",
        texts[0]
    );
}

#[cfg(target_os = "linux")]
#[test]
fn sighup_and_sigterm_right_after_an_edit_keep_it_in_recovery() {
    for sig in ["HUP", "TERM"] {
        let home = tempfile::tempdir().unwrap();
        let mut t = closed_terminal::RawPty::start(home.path(), &[]);
        t.wait_for("Cash cost              $1,566,307.04");
        t.send("\x1b[C");
        t.wait_for("Variable share        21%");
        let pid = t.child.id();
        let status = Command::new("sh")
            .args(["-c", &format!("kill -{sig} {pid}")])
            .status()
            .unwrap();
        assert!(status.success());
        t.wait_exit();
        let texts = recovery_texts(home.path());
        assert_eq!(texts.len(), 1, "{sig}: one recovery file: {texts:?}");
        assert!(texts[0].contains("variable_share: \"21%\""), "{sig}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_autosave_failure_shows_at_once_without_a_key() {
    let home = tempfile::tempdir().unwrap();
    // A file where the recovery folder should be: every autosave fails.
    std::fs::write(home.path().join("recovery"), b"in the way").unwrap();
    let mut t = closed_terminal::RawPty::start(home.path(), &[]);
    t.wait_for("Cash cost              $1,566,307.04");
    t.send("\x1b[C");
    t.wait_for("Variable share        21%");
    // No key after the edit: the failure must still appear when the autosave runs.
    t.wait_for("autosave failed");
    t.send("q");
    t.wait_for("Unsaved changes");
    t.send("d");
    t.wait_exit();
}
