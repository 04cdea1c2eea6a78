//! The document: the scenario being edited and everything that is true of it whatever is on
//! screen — the plan as opened (the baseline), what was last saved, undo and redo, the
//! evaluation and the guardrails it raises.
//!
//! Owns: the working copy and its history. Must not: know about panes, keys or drawing;
//! the app and its components change the document through these methods and read it.

use crate::engine::eval::{Evaluation, TeamInputs};
use crate::engine::evaluate::evaluate_with;
use crate::engine::params::Param;
use crate::engine::{Assumptions, Csm, Finding, Plan, Scenario, guardrails};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::PathBuf;

/// The state a plan change can be undone to.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    plan: Plan,
    assumptions: Assumptions,
    team: Option<Vec<Csm>>,
}

const UNDO_LIMIT: usize = 200;

pub struct Document {
    pub scn: Scenario,
    pub path: Option<PathBuf>,
    /// The plan as it was opened (reset target, change column).
    pub baseline: Scenario,
    /// Each CSM's total under the plan as opened, by CSM id.
    baseline_totals: HashMap<String, Decimal>,
    pub baseline_cash: Decimal,
    /// Team cash of the current plan at the attainment of the plan as opened: what the plan
    /// change alone does, apart from the what-if (`None` while the what-if is unchanged).
    pub plan_effect_cash: Option<Decimal>,
    /// The plan and team as last saved (or as opened), to tell whether there are unsaved
    /// changes: the working copy is compared with what is in the file, not with a history.
    saved: (Plan, Assumptions),
    saved_team: Vec<Csm>,
    /// True while the team differs from `saved_team` (recomputed on every team change).
    team_changed: bool,
    pub inputs: TeamInputs,
    pub eval: Evaluation,
    pub warnings: Vec<Finding>,
    /// Errors in the plan that the editor can fix (a file opened with weights that do not
    /// add up): shown above the guardrails, their sliders marked ✗; saving waits for them.
    pub plan_errors: Vec<Finding>,
    /// Two or more CSMs share a name (the table then shows ids early).
    names_repeat: bool,
    /// The last budget solved for (shown on the team-cost chart when it is for cash).
    pub budget: Option<(crate::analysis::solve::Figure, Decimal)>,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// Bumped on every re-evaluation, so drawing can cache what it derives from results.
    pub eval_gen: u64,
    /// Per CSM, the metrics with no projection, paid on the plan's assumption (empty when
    /// every CSM has every projection).
    pub assumed: Vec<Vec<usize>>,
    /// Per CSM, where they stand against their target to date (empty when the plan has no
    /// closed period: there is nothing to be on track against).
    pub standings: Vec<Option<crate::engine::on_track::OnTrack>>,
}

impl Document {
    /// A document on a valid scenario, evaluated.
    pub fn new(scn: Scenario, path: Option<PathBuf>) -> Document {
        let inputs = TeamInputs::new(&scn);
        let eval = evaluate_with(&scn, &inputs, scn.assumptions.attainment_scale);
        let warnings = guardrails(&scn, &eval);
        let baseline_totals = scn
            .team
            .iter()
            .zip(&eval.csms)
            .map(|(c, r)| (c.id.clone(), r.total))
            .collect();
        let mut doc = Document {
            path,
            baseline: scn.clone_plan_only(),
            baseline_totals,
            baseline_cash: eval.team.cash,
            plan_effect_cash: None,
            saved: (scn.plan.clone(), scn.assumptions.clone()),
            saved_team: scn.team.clone(),
            team_changed: false,
            inputs,
            eval,
            warnings,
            plan_errors: Vec::new(),
            names_repeat: names_repeat(&scn.team),
            budget: None,
            undo: Vec::new(),
            redo: Vec::new(),
            eval_gen: 0,
            assumed: Vec::new(),
            standings: Vec::new(),
            scn,
        };
        doc.find_assumed();
        doc.find_standings();
        doc
    }

    /// The metrics each CSM has no projection for (after an evaluation).
    fn find_assumed(&mut self) {
        self.assumed = if self.eval.assumed_csms > 0 {
            crate::engine::evaluate::assumed_metrics_with(&self.scn, &self.inputs)
        } else {
            Vec::new()
        };
    }

    /// True when CSM `i`'s pay rests on an assumed projection.
    pub fn is_assumed(&self, i: usize) -> bool {
        self.assumed.get(i).is_some_and(|m| !m.is_empty())
    }

    pub fn is_dirty(&self) -> bool {
        self.team_changed || self.scn.plan != self.saved.0 || self.scn.assumptions != self.saved.1
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when two or more CSMs share a name.
    pub fn names_repeat(&self) -> bool {
        self.names_repeat
    }

    /// The weight locks, per component, as the plan holds them.
    pub fn locks(&self) -> Vec<bool> {
        self.scn
            .plan
            .components
            .iter()
            .map(|c| c.weight_locked)
            .collect()
    }

    /// CSM `i`'s total minus their total under the plan as opened; `None` for a CSM who
    /// was not in the team then.
    pub fn change(&self, i: usize) -> Option<Decimal> {
        let csm = self.scn.team.get(i)?;
        let now = self.eval.csms.get(i)?.total;
        self.baseline_totals.get(&csm.id).map(|b| now - *b)
    }

    /// The plan and assumptions as they are now, to undo to.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            plan: self.scn.plan.clone(),
            assumptions: self.scn.assumptions.clone(),
            team: None,
        }
    }

    /// The same, with the team.
    pub fn snapshot_with_team(&self) -> Snapshot {
        let mut s = self.snapshot();
        s.team = Some(self.scn.team.clone());
        s
    }

    /// True when the plan and assumptions are as in `s`.
    pub fn plan_as_in(&self, s: &Snapshot) -> bool {
        s.plan == self.scn.plan && s.assumptions == self.scn.assumptions
    }

    /// The plan and assumptions put back as in `s` (a change that failed half-way).
    pub fn restore_plan(&mut self, s: Snapshot) {
        self.scn.plan = s.plan;
        self.scn.assumptions = s.assumptions;
    }

    /// The plan's budget as it was in `s`.
    pub fn budget_in(s: &Snapshot) -> Option<&crate::engine::Budget> {
        s.plan.budget.as_ref()
    }

    /// Records `s` as the state to undo to (and forgets what could be redone).
    pub fn push_undo(&mut self, s: Snapshot) {
        self.undo.push(s);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Steps back (or forward) one change. `None` when there is nothing to undo (redo);
    /// else whether the step changed the team.
    pub fn step_history(&mut self, undo: bool) -> Option<bool> {
        let (from, to) = if undo {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let s = from.pop()?;
        let mut current = Snapshot {
            plan: self.scn.plan.clone(),
            assumptions: self.scn.assumptions.clone(),
            team: None,
        };
        self.scn.plan = s.plan;
        self.scn.assumptions = s.assumptions;
        let team_swapped = s.team.is_some();
        if let Some(team) = s.team {
            current.team = Some(std::mem::replace(&mut self.scn.team, team));
        }
        to.push(current);
        Some(team_swapped)
    }

    /// Changes the team as one undoable step (the app then re-evaluates).
    pub fn change_team(&mut self, f: impl FnOnce(&mut Vec<Csm>)) {
        let before = self.snapshot_with_team();
        f(&mut self.scn.team);
        self.push_undo(before);
        self.team_changed();
    }

    /// Notes a change of the team: whether it differs from the file, repeated names, the
    /// inputs the evaluation reads.
    pub fn team_changed(&mut self) {
        self.team_changed = self.scn.team != self.saved_team;
        self.names_repeat = names_repeat(&self.scn.team);
        self.inputs = TeamInputs::new(&self.scn);
    }

    /// Where each CSM stands against target to date, from the evaluation.
    fn find_standings(&mut self) {
        self.standings = match crate::engine::on_track::Standings::of(&self.scn) {
            Some(s) => s.all_brief(&self.scn, &self.eval),
            None => Vec::new(),
        };
    }

    /// Evaluates the working copy again: pay, the plan change alone, plan errors still
    /// open, guardrails.
    pub fn evaluate(&mut self) {
        if !self.inputs.fits(&self.scn) {
            self.inputs = TeamInputs::new(&self.scn);
        }
        self.eval = evaluate_with(
            &self.scn,
            &self.inputs,
            self.scn.assumptions.attainment_scale,
        );
        let base_scale = self.baseline.assumptions.attainment_scale;
        self.plan_effect_cash = (self.scn.assumptions.attainment_scale != base_scale)
            .then(|| evaluate_with(&self.scn, &self.inputs, base_scale).team.cash);
        if !self.plan_errors.is_empty() {
            self.plan_errors = crate::engine::validate::validate_plan(&self.scn)
                .into_iter()
                .filter(crate::engine::validate::fixable_in_editor)
                .collect();
        }
        self.warnings = guardrails(&self.scn, &self.eval);
        self.find_assumed();
        self.find_standings();
        self.eval_gen += 1;
    }

    /// True when parameter `p` is one a plan error is about (marked ✗ in the editor).
    pub fn param_has_error(&self, p: Param) -> bool {
        self.plan_errors.iter().any(|e| match (e.code, p) {
            ("weights-sum", Param::PeriodWeight(_, k)) => {
                e.location.starts_with(&format!("plan.periods[{k}] "))
                    || e.location == "plan.components"
            }
            ("weights-sum", Param::Weight(_)) => true,
            (_, Param::VariableShare) => e.location == "plan.mix",
            (_, Param::LevelShare(i)) => self
                .scn
                .plan
                .level_mix
                .keys()
                .nth(i)
                .is_some_and(|l| e.location == format!("plan.level_mix[{l:?}]")),
            (_, Param::Weight(i)) => e.location.starts_with(&format!("plan.components[{i}] ")),
            _ => false,
        })
    }

    /// Marks the working copy as differing from the file (a restored recovery copy of a
    /// scenario whose file is gone or broken).
    pub fn force_dirty(&mut self) {
        self.team_changed = true;
        self.saved_team.clear();
    }

    /// The working copy is now what the file holds.
    pub fn mark_saved(&mut self) {
        self.saved = (self.scn.plan.clone(), self.scn.assumptions.clone());
        if self.team_changed {
            self.saved_team = self.scn.team.clone();
        }
        self.team_changed = false;
    }

    /// Replaces the plan, assumptions and team with `other` as one undoable step (reloading
    /// the file, restoring an autosave). When `as_saved`, `other` is what the file now
    /// holds.
    pub fn replace_undoably(&mut self, other: Scenario, as_saved: bool) {
        let before = self.snapshot_with_team();
        self.push_undo(before);
        self.scn.plan = other.plan;
        self.scn.assumptions = other.assumptions;
        self.scn.team = other.team;
        if as_saved {
            self.scn.name = other.name;
            self.scn.branched_from = other.branched_from;
            self.saved = (self.scn.plan.clone(), self.scn.assumptions.clone());
            self.saved_team = self.scn.team.clone();
        }
    }
}

/// True when two or more CSMs share a name.
fn names_repeat(team: &[Csm]) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(team.len());
    team.iter().any(|c| !seen.insert(c.name.as_str()))
}
