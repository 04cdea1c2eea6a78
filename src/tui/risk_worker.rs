//! A background thread for cost-risk estimates. After every change it makes a first
//! estimate at once — a few years, fewer the larger the team (`engine::risk::refine_steps`)
//! — then takes that same simulation further, step by step, to the full count, reporting
//! after each step. Each request is for a slot (the risk view has one, the compare screen
//! one per plan). A newer request gives up the step under way at once (the years already
//! finished are kept), and first estimates go before refining, so a slider never waits.

use crate::engine::eval::TeamInputs;
use crate::engine::evaluate::evaluate_with;
use crate::engine::risk::{RiskReport, Simulation, refine_steps};
use crate::engine::{Assumptions, Plan, RiskSettings, Scenario};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

struct Job {
    slot: usize,
    id: u64,
    plan: Plan,
    assumptions: Assumptions,
    /// The whole scenario, the first time a slot is asked for and when its team changed.
    scenario: Option<Box<Scenario>>,
}

/// A finished step: the slot and request it answers, and the report (its `trials` says how
/// far it has got).
#[derive(Debug)]
pub struct Done {
    pub slot: usize,
    pub id: u64,
    pub report: RiskReport,
}

/// What the thread does for a slot.
enum State {
    /// Asked for, not started.
    Asked,
    /// Under way: the simulation, its steps and the next step to finish.
    Refining(Box<Simulation>, Vec<u32>, usize),
    /// At the full count (or nothing to do).
    Idle,
}

struct Slot {
    id: u64,
    scn: Scenario,
    state: State,
}

impl Slot {
    /// How far along it is: the next step's index (first estimates first); `None` when idle.
    fn rank(&self) -> Option<usize> {
        match &self.state {
            State::Asked => Some(0),
            State::Refining(_, _, next) => Some(*next),
            State::Idle => None,
        }
    }
}

pub struct RiskWorker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
    /// Requests sent so far: the thread gives up the step under way when it moves.
    sent: Arc<AtomicU64>,
    /// The slots the thread has a scenario for.
    known: Vec<bool>,
}

impl RiskWorker {
    /// Starts the thread; it waits for requests.
    pub fn start() -> RiskWorker {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        let sent = Arc::new(AtomicU64::new(0));
        let seen_by_thread = Arc::clone(&sent);
        thread::spawn(move || run(&job_rx, &done_tx, seen_by_thread));
        RiskWorker {
            jobs,
            done,
            sent,
            known: Vec::new(),
        }
    }

    /// Asks for the risk of `scn` in `slot` (with its team when `team_changed`, or when the
    /// thread has none for the slot yet). Returns the request's id.
    pub fn request(&mut self, slot: usize, scn: &Scenario, team_changed: bool) -> u64 {
        if self.known.len() <= slot {
            self.known.resize(slot + 1, false);
        }
        let whole = team_changed || !self.known[slot];
        self.known[slot] = true;
        // The id counts requests: sent first, then counted, so that the thread, which reads
        // the count before taking what was sent, never misses a request it was stopped for.
        let id = self.sent.load(Ordering::SeqCst) + 1;
        let _ = self.jobs.send(Job {
            slot,
            id,
            plan: scn.plan.clone(),
            assumptions: scn.assumptions.clone(),
            scenario: whole.then(|| Box::new(scn.clone())),
        });
        self.sent.store(id, Ordering::SeqCst);
        id
    }

    /// Every step finished since the last call.
    pub fn finished(&self) -> Vec<Done> {
        self.done.try_iter().collect()
    }
}

/// Takes a request: the slot starts again from its first estimate.
fn take(slots: &mut Vec<Option<Slot>>, job: Job) {
    if slots.len() <= job.slot {
        slots.resize_with(job.slot + 1, || None);
    }
    let entry = &mut slots[job.slot];
    let mut scn = match (job.scenario, entry.take()) {
        (Some(s), _) => *s,
        (None, Some(old)) => old.scn,
        // Never asked with a scenario: nothing to simulate.
        (None, None) => return,
    };
    scn.plan = job.plan;
    scn.assumptions = job.assumptions;
    *entry = Some(Slot {
        id: job.id,
        scn,
        state: State::Asked,
    });
}

fn run(jobs: &Receiver<Job>, done: &Sender<Done>, sent: Arc<AtomicU64>) {
    let mut slots: Vec<Option<Slot>> = Vec::new();
    let counted = AtomicU64::new(0);
    // The count is shared with the worker's owner only: alone with it, nobody is asking.
    let gone = || Arc::strong_count(&sent) == 1;
    loop {
        if gone() {
            return;
        }
        let busy = slots.iter().flatten().any(|s| s.rank().is_some());
        if !busy {
            match jobs.recv() {
                Ok(j) => take(&mut slots, j),
                Err(_) => return,
            }
        }
        // Read before taking what was sent: a request counted after this stops the step.
        let seen = sent.load(Ordering::SeqCst);
        for j in jobs.try_iter() {
            take(&mut slots, j);
        }
        // The slot least far along, the first of them on a tie.
        let Some(k) = (0..slots.len())
            .filter_map(|k| slots[k].as_ref().and_then(Slot::rank).map(|r| (r, k)))
            .min()
            .map(|(_, k)| k)
        else {
            continue;
        };
        let Some(slot) = slots[k].as_mut() else {
            continue;
        };
        if matches!(slot.state, State::Asked) {
            let settings: RiskSettings = slot.scn.assumptions.risk.clone().unwrap_or_default();
            let inputs = TeamInputs::new(&slot.scn);
            let eval = evaluate_with(&slot.scn, &inputs, slot.scn.assumptions.attainment_scale);
            let sim = Simulation::new(&slot.scn, &inputs, &eval, &settings, settings.seed);
            let steps = refine_steps(sim.cells_per_year(), settings.trials.max(1));
            slot.state = State::Refining(Box::new(sim), steps, 0);
        }
        let State::Refining(sim, steps, next) = &mut slot.state else {
            continue;
        };
        let Some(&target) = steps.get(*next) else {
            slot.state = State::Idle;
            continue;
        };
        let stop = || sent.load(Ordering::Relaxed) != seen || gone();
        if !sim.run(target, &counted, &stop) {
            // A newer request: take it, then carry on from the years already finished.
            continue;
        }
        let report = sim.report();
        *next += 1;
        if *next >= steps.len() {
            slot.state = State::Idle;
        }
        if done
            .send(Done {
                slot: k,
                id: slot.id,
                report,
            })
            .is_err()
        {
            return;
        }
    }
}
