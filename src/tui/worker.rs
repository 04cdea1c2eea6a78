//! A background thread that computes team cost curves (21 full evaluations each), so moving
//! a slider on a large team never waits for the chart.

use crate::engine::eval::{TeamInputs, curve_scales};
use crate::engine::{Assumptions, Csm, Plan, Scenario, TeamResults};
use rust_decimal::Decimal;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Current,
    Baseline,
    /// Only carries a new team; computes nothing.
    Team,
}

struct Job {
    id: u64,
    which: Which,
    plan: Plan,
    assumptions: Assumptions,
    /// A new team and its team results, replacing the thread's copy before this job runs.
    team: Option<(Vec<Csm>, TeamResults)>,
}

type Done = (u64, Which, Vec<(Decimal, Decimal)>);

/// A placeholder plan for jobs that carry no plan.
fn empty_plan() -> Plan {
    Plan {
        currency: None,
        mix: crate::engine::PayMix {
            variable_share: Decimal::ZERO,
            basis: crate::engine::Basis::OteSplit,
        },
        level_mix: Default::default(),
        components: Vec::new(),
        spifs: Vec::new(),
        budget: None,
        periods: Vec::new(),
        as_of: None,
        missing_projections: Default::default(),
        title: None,
        fiscal_year: None,
        status: None,
        notes: String::new(),
        changes: Vec::new(),
        annual_on_change: Default::default(),
        leavers: Default::default(),
        prorate_targets: false,
        review_above: None,
    }
}

pub struct CurveWorker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
}

impl CurveWorker {
    /// Starts the thread with its own copy of the team (and the team metrics' results).
    pub fn start(team: (Vec<Csm>, TeamResults)) -> CurveWorker {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        thread::spawn(move || {
            let mut scn = Scenario {
                version: crate::scenario::CURRENT_VERSION,
                name: String::new(),
                description: String::new(),
                branched_from: None,
                assumptions: Assumptions::default(),
                plan: empty_plan(),
                team: team.0,
                team_results: team.1,
            };
            let mut inputs: Option<TeamInputs> = None;
            while let Ok(first) = job_rx.recv() {
                // Skip to the newest job of each kind: only the latest plan matters.
                let mut jobs = vec![first];
                jobs.extend(job_rx.try_iter());
                if let Some((team, results)) = jobs.iter_mut().rev().find_map(|j| j.team.take()) {
                    scn.team = team;
                    scn.team_results = results;
                    inputs = None;
                }
                let mut todo = Vec::new();
                for which in [Which::Baseline, Which::Current] {
                    if let Some(j) = jobs
                        .iter()
                        .filter(|j| j.which == which)
                        .max_by_key(|j| j.id)
                    {
                        todo.push((j.id, j.which, j.plan.clone(), j.assumptions.clone()));
                    }
                }
                for (id, which, plan, assumptions) in todo {
                    scn.plan = plan;
                    scn.assumptions = assumptions;
                    if !inputs.as_ref().is_some_and(|i| i.fits(&scn)) {
                        inputs = Some(TeamInputs::new(&scn));
                    }
                    let Some(inp) = inputs.as_ref() else { continue };
                    let scales = curve_scales();
                    let cash = crate::engine::sweep::team_cash_curve(&scn, inp, &scales);
                    let curve = scales.into_iter().zip(cash).collect();
                    if done_tx.send((id, which, curve)).is_err() {
                        return;
                    }
                }
            }
        });
        CurveWorker { jobs, done }
    }

    pub fn request(&self, id: u64, which: Which, plan: &Plan, assumptions: &Assumptions) {
        // If the thread is gone the chart just shows no curve; nothing else depends on it.
        let _ = self.jobs.send(Job {
            id,
            which,
            plan: plan.clone(),
            assumptions: assumptions.clone(),
            team: None,
        });
    }

    /// Gives the thread a new copy of the team (after team edits).
    pub fn set_team(&self, team: (Vec<Csm>, TeamResults)) {
        let _ = self.jobs.send(Job {
            id: 0,
            which: Which::Team,
            plan: empty_plan(),
            assumptions: Assumptions::default(),
            team: Some(team),
        });
    }

    pub fn finished(&self) -> Vec<Done> {
        self.done.try_iter().collect()
    }
}
