//! The chart pane: which chart is shown (a component's payout curve with the team on it, or
//! the team's cost against attainment), the cost curves computed in the background, and
//! what drawing caches between frames.
//!
//! Owns: the chart's state and the cost-curve worker. Must not: draw (that is
//! `ui/chart.rs`) or change the document.

use super::action::Action;
use super::document::Document;
use super::mode::Outcome;
use super::worker::{CurveWorker, Which};
use crate::engine::Scenario;
use rust_decimal::Decimal;

/// The keys the chart answers, for help and the hint bar.
pub const COMMANDS: &[Action] = &[Action::ToggleChart, Action::Left, Action::Right];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartMode {
    /// Payout factor against attainment for the selected component, CSMs marked.
    Payout,
    /// Team cash against the team attainment scale, current plan and baseline.
    Cost,
}

/// Plot positions of the team on a payout curve: (component, eval_gen, points).
pub type ChartPoints = (usize, u64, Vec<(f64, f64)>);

/// A payout curve sampled for plotting: (the curve, the attainment range, points).
pub type CurveLine = (crate::engine::Curve, f64, Vec<(f64, f64)>);

/// Cost curves asked for while the chart shows a payout curve: the working copy's plan and
/// assumptions, and the baseline's when it is wanted too. Sent when the chart turns to cost.
type Pending = (
    (crate::engine::Plan, crate::engine::Assumptions),
    Option<(crate::engine::Plan, crate::engine::Assumptions)>,
);

pub struct ChartView {
    pub mode: ChartMode,
    worker: Option<CurveWorker>,
    /// The curves to ask the worker for once the cost chart is shown (a slider step on a
    /// large team then leaves both cores to the app while the payout chart is up).
    pending: Option<Pending>,
    /// Latest cost curves (scale, team cash) for the current plan and the baseline.
    pub cost_current: Option<Vec<(Decimal, Decimal)>>,
    pub cost_baseline: Option<Vec<(Decimal, Decimal)>>,
    request: u64,
    /// The payout chart's CSM points, deduplicated, for one component and evaluation.
    pub points: Option<ChartPoints>,
    /// The plotted curve, sampled again only when the curve or the range changes.
    pub line: Option<CurveLine>,
}

impl ChartView {
    /// The chart of `team`; `background` computes cost curves on a worker thread (tests
    /// compute them inline).
    pub fn new(scn: &Scenario, background: bool) -> ChartView {
        ChartView {
            mode: ChartMode::Payout,
            worker: background
                .then(|| CurveWorker::start((scn.team.clone(), scn.team_results.clone()))),
            pending: None,
            cost_current: None,
            cost_baseline: None,
            request: 0,
            points: None,
            line: None,
        }
    }

    /// True when curves are computed in the background (the app runs its other workers
    /// then too).
    pub fn has_worker(&self) -> bool {
        self.worker.is_some()
    }

    pub fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::ToggleChart => {
                self.mode = match self.mode {
                    ChartMode::Payout => ChartMode::Cost,
                    ChartMode::Cost => ChartMode::Payout,
                };
                if self.mode == ChartMode::Cost {
                    self.send_pending();
                }
                Outcome::done()
            }
            _ => Outcome::ignored(),
        }
    }

    /// Asks for the cost curve of the working copy (and of the plan as opened).
    pub fn request_curves(&mut self, doc: &Document, with_baseline: bool) {
        self.request += 1;
        match &self.worker {
            Some(_) => {
                let current = (doc.scn.plan.clone(), doc.scn.assumptions.clone());
                let baseline = match (with_baseline, self.pending.take()) {
                    (true, _) => {
                        Some((doc.baseline.plan.clone(), doc.baseline.assumptions.clone()))
                    }
                    (false, Some((_, b))) => b,
                    (false, None) => None,
                };
                self.pending = Some((current, baseline));
                if self.mode == ChartMode::Cost {
                    self.send_pending();
                }
            }
            None => {
                self.cost_current = Some(crate::engine::eval::cost_curve(&doc.scn));
                if with_baseline {
                    let mut b = doc.scn.clone();
                    b.plan = doc.baseline.plan.clone();
                    b.assumptions = doc.baseline.assumptions.clone();
                    self.cost_baseline = Some(crate::engine::eval::cost_curve(&b));
                }
            }
        }
    }

    /// Sends the curves asked for to the worker.
    fn send_pending(&mut self) {
        let (Some(w), Some(((plan, assumptions), baseline))) = (&self.worker, self.pending.take())
        else {
            return;
        };
        self.cost_current = None;
        w.request(self.request, Which::Current, &plan, &assumptions);
        if let Some((plan, assumptions)) = baseline {
            w.request(self.request, Which::Baseline, &plan, &assumptions);
        }
    }

    /// The team changed: the worker gets it, and the baseline's curve is drawn again.
    pub fn set_team(&mut self, scn: &Scenario) {
        if let Some(w) = &self.worker {
            w.set_team((scn.team.clone(), scn.team_results.clone()));
            self.cost_baseline = None;
        }
    }

    /// Takes finished curves from the worker. True when something new arrived.
    pub fn poll(&mut self) -> bool {
        let Some(w) = &self.worker else {
            return false;
        };
        let mut changed = false;
        for (id, which, curve) in w.finished() {
            match which {
                Which::Current if id == self.request => {
                    self.cost_current = Some(curve);
                    changed = true;
                }
                Which::Baseline => {
                    self.cost_baseline = Some(curve);
                    changed = true;
                }
                _ => {}
            }
        }
        changed
    }

    /// True while a curve is being computed in the background.
    pub fn waiting(&self) -> bool {
        // Curves held back while the payout chart is up are not awaited.
        self.worker.is_some()
            && self.pending.is_none()
            && (self.cost_current.is_none() || self.cost_baseline.is_none())
    }
}
