//! The cost-risk view (`R`): the latest simulation of the working copy, refined in the
//! background (synchronously in tests, which have no worker), and how far it is scrolled.
//!
//! Owns: the view's state and its simulation worker. Must not: draw (that is `ui/risk.rs`)
//! or change the document.

use super::action::Action;
use super::document::Document;
use super::mode::Outcome;
use super::risk_worker::RiskWorker;
use crate::engine::risk::RiskReport;

/// The keys the risk view answers, for help and the hint bar.
pub const COMMANDS: &[Action] = &[
    Action::Risk,
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Home,
    Action::End,
    Action::First,
    Action::Last,
];

pub struct RiskView {
    worker: Option<RiskWorker>,
    request: u64,
    pub report: Option<RiskReport>,
    /// The trial count the view refines up to.
    pub target: u32,
    /// First line shown (the view scrolls).
    pub offset: usize,
    /// The furthest it scrolls: the last line at the bottom of the pane (from the last
    /// draw).
    pub max_offset: usize,
}

impl RiskView {
    /// A view of `doc`, simulated at once (on a worker when `background`).
    pub fn open(doc: &Document, background: bool) -> RiskView {
        let settings = doc.scn.assumptions.risk.clone().unwrap_or_default();
        let mut view = RiskView {
            worker: background.then(RiskWorker::start),
            request: 0,
            report: None,
            target: settings.trials.max(1),
            offset: 0,
            max_offset: usize::MAX,
        };
        view.request(doc, false);
        view
    }

    /// What the view's keys are, for where the focus is: `Tab` first only when the view
    /// does not have it.
    pub fn hint(focused: bool) -> String {
        let scroll = if focused {
            "↑↓ scrolls"
        } else {
            "Tab then ↑↓ scrolls"
        };
        format!("cost risk of the working copy, refined in the background · {scroll} · R closes")
    }

    /// Scrolls while the view has the focus.
    pub fn handle(&mut self, action: Action, page: usize) -> Outcome {
        let page = page.max(1) as isize;
        let d = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::Home | Action::First => {
                self.offset = 0;
                return Outcome::done();
            }
            Action::End | Action::Last => {
                self.offset = self.max_offset;
                return Outcome::done();
            }
            _ => return Outcome::ignored(),
        };
        self.offset = ((self.offset as isize + d).max(0) as usize).min(self.max_offset);
        Outcome::done()
    }

    /// Asks for a new simulation of the working copy.
    pub fn request(&mut self, doc: &Document, team_changed: bool) {
        self.target = doc
            .scn
            .assumptions
            .risk
            .as_ref()
            .map_or(10_000, |r| r.trials.max(1));
        match &mut self.worker {
            Some(w) => self.request = w.request(0, &doc.scn, team_changed),
            None => {
                let settings = doc.scn.assumptions.risk.clone().unwrap_or_default();
                self.report = Some(crate::engine::risk::simulate_with(
                    &doc.scn,
                    &doc.inputs,
                    &doc.eval,
                    &settings,
                    settings.trials,
                    settings.seed,
                ));
            }
        }
    }

    /// Takes finished risk steps. True when something new arrived.
    pub fn poll(&mut self) -> bool {
        let Some(w) = &self.worker else { return false };
        let mut changed = false;
        for d in w.finished() {
            if d.id == self.request {
                self.report = Some(d.report);
                changed = true;
            }
        }
        changed
    }

    /// True while the simulation is still being refined.
    pub fn refining(&self) -> bool {
        self.worker.is_some() && self.report.as_ref().is_none_or(|x| x.trials < self.target)
    }
}
