//! Progress on standard error for commands that run for more than a second: a bar when the
//! amount of work is known (simulated years), a counter when it is not (values tried by a
//! solve). Nothing is drawn when standard error is not a terminal (a script, a pipe, a log
//! file), and nothing for work that ends within the first second.
//!
//! Owns: the bar. Must not: do the work (the caller's closure does, on a thread of its own).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long work runs before a bar appears.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// Runs `work` (which adds to the counter it is given as it goes) on a thread of its own,
/// and, once it has taken more than a second, shows `what` with its progress: out of
/// `total` when known (`unit` names what is counted).
pub fn run<T: Send>(
    what: &str,
    unit: &str,
    total: Option<u64>,
    work: impl FnOnce(&AtomicU64) -> T + Send,
) -> T {
    let done = AtomicU64::new(0);
    let start = Instant::now();
    std::thread::scope(|s| {
        // The work says when it is done, so the answer never waits for the next tick.
        let (finished, wait) = std::sync::mpsc::channel::<()>();
        let done = &done;
        let handle = s.spawn(move || {
            let out = work(done);
            let _ = finished.send(());
            out
        });
        let mut bar: Option<ProgressBar> = None;
        while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
            wait.recv_timeout(Duration::from_millis(50))
        {
            if bar.is_none() && start.elapsed() >= QUIET_FOR {
                bar = Some(new_bar(what, unit, total));
            }
            if let Some(b) = &bar {
                b.set_position(done.load(Ordering::Relaxed));
            }
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        match handle.join() {
            Ok(v) => v,
            // The work panicked: let it surface as it would have without the bar.
            Err(p) => std::panic::resume_unwind(p),
        }
    })
}

fn new_bar(what: &str, unit: &str, total: Option<u64>) -> ProgressBar {
    let target = ProgressDrawTarget::stderr_with_hz(10);
    match total {
        Some(n) => {
            let b = ProgressBar::with_draw_target(Some(n), target);
            if let Ok(style) = ProgressStyle::with_template(&format!(
                "{what} {{bar:30}} {{human_pos}}/{{human_len}} {unit} · {{elapsed}} · about {{eta}} left"
            )) {
                b.set_style(style);
            }
            b
        }
        None => {
            let b = ProgressBar::with_draw_target(None, target);
            if let Ok(style) = ProgressStyle::with_template(&format!(
                "{what} {{spinner}} {{human_pos}} {unit} · {{elapsed}}"
            )) {
                b.set_style(style);
            }
            b
        }
    }
}
