//! A background thread for the cost-risk view: after every change it simulates a first
//! estimate (200 trials) at once, then refines it in steps up to the full count, giving up
//! a step as soon as a newer plan arrives — so a slider never waits for it.

use crate::engine::risk::{RiskReport, simulate};
use crate::engine::{Csm, Plan, RiskSettings, Scenario};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread;

/// The trial counts of the refining steps, up to the settings' own count.
pub const STEPS: [u32; 4] = [200, 1_000, 3_000, 10_000];

struct Job {
    id: u64,
    plan: Plan,
    assumptions: crate::engine::Assumptions,
    team: Option<Vec<Csm>>,
}

/// A finished step: the request it answers, and the report (its `trials` says how far).
pub type Done = (u64, RiskReport);

pub struct RiskWorker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
}

impl RiskWorker {
    /// Starts the thread with its own copy of the scenario (team included).
    pub fn start(scn: &Scenario) -> RiskWorker {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        let mut scn = scn.clone();
        thread::spawn(move || {
            let mut next: Option<Job> = None;
            loop {
                let job = match next.take() {
                    Some(j) => j,
                    None => match job_rx.recv() {
                        Ok(j) => j,
                        Err(_) => return,
                    },
                };
                // Only the newest request matters; the newest team any of them carried.
                let mut job = job;
                let mut team = job.team.take();
                for mut j in job_rx.try_iter() {
                    if let Some(t) = j.team.take() {
                        team = Some(t);
                    }
                    job = j;
                }
                if let Some(t) = team {
                    scn.team = t;
                }
                scn.plan = job.plan.clone();
                scn.assumptions = job.assumptions.clone();
                let settings: RiskSettings = scn.assumptions.risk.clone().unwrap_or_default();
                let full = settings.trials.max(1);
                let mut steps: Vec<u32> = STEPS.iter().copied().filter(|&s| s < full).collect();
                steps.push(full);
                for trials in steps {
                    let r = simulate(&scn, &settings, trials, settings.seed);
                    if done_tx.send((job.id, r)).is_err() {
                        return;
                    }
                    match job_rx.try_recv() {
                        Ok(newer) => {
                            next = Some(newer);
                            break;
                        }
                        Err(TryRecvError::Empty) => {}
                        Err(TryRecvError::Disconnected) => return,
                    }
                }
            }
        });
        RiskWorker { jobs, done }
    }

    /// Asks for the risk of this plan (and a new team, when it changed).
    pub fn request(&self, id: u64, scn: &Scenario, team_changed: bool) {
        let _ = self.jobs.send(Job {
            id,
            plan: scn.plan.clone(),
            assumptions: scn.assumptions.clone(),
            team: team_changed.then(|| scn.team.clone()),
        });
    }

    /// Every step finished since the last call.
    pub fn finished(&self) -> Vec<Done> {
        self.done.try_iter().collect()
    }
}
