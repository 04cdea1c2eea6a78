//! A parameter changed from a period on: the change to the plan it makes or edits
//! (docs/periods.md, "Changes during the year"), for `--set PATH=VALUE@Q3` and the app's
//! *Changes from* selector.

use super::*;
use crate::engine::PlanChange;
use crate::engine::versions::{Versions, difference, period_named};

impl Param {
    /// True for the parameters a change from a period can hold: a metric's weight, target
    /// and curve, a SPIF's amount, the pay mix.
    pub fn can_change_from_a_period(self) -> bool {
        matches!(
            self,
            Param::Weight(_)
                | Param::Target(_)
                | Param::Threshold(_)
                | Param::TopRate(_)
                | Param::Cap(_)
                | Param::SpifAmount(_)
                | Param::PeriodWeight(..)
                | Param::PeriodTarget(..)
                | Param::VariableShare
                | Param::LevelShare(_)
                | Param::Basis
                | Param::LevelBasis(_)
        )
    }

    /// Applies a value from period `from` on (0 = the plan as it started, as
    /// [`Param::apply`]): the change from that period is made, or edited, to hold it.
    /// Refused, leaving the scenario unchanged, when the period is closed, the parameter is
    /// not one a change can hold, or the plan would not be valid.
    pub fn apply_from(
        self,
        scn: &mut Scenario,
        inputs: &TeamInputs,
        value: Option<Decimal>,
        locked: &[bool],
        from: usize,
    ) -> Result<(), String> {
        if from == 0 {
            return self.apply_as_started(scn, inputs, value, locked);
        }
        // Settings of the whole year, not terms of the plan (the as-of period, cost
        // assumptions, the budget, the rules for missing projections, leavers and
        // joiners' targets, the what-if) apply as they are, whatever period is selected.
        if matches!(
            self,
            Param::AsOf
                | Param::Budget
                | Param::BurdenRate
                | Param::Scale
                | Param::Attainment(_)
                | Param::MissingProjections
                | Param::Leavers
                | Param::ProrateTargets
        ) {
            return self.apply(scn, inputs, value, locked);
        }
        let plan = &scn.plan;
        let Some(period) = plan.periods.get(from) else {
            return Err("the plan has no such period".into());
        };
        let pid = period.id.clone();
        if plan.as_of_index().is_some_and(|a| from <= a) {
            return Err(format!(
                "{pid} holds actual results; a change can start after the last actual period"
            ));
        }
        if !self.can_change_from_a_period() {
            return Err(format!(
                "{} is not one of the plan's terms; it cannot change from {pid}",
                self.label(scn)
            ));
        }
        if let Some(p) = self.period()
            && p < from
        {
            return Err(format!(
                "{} comes before the change from {pid}",
                plan.periods[p].id
            ));
        }
        let versions = Versions::of(plan)?;
        let at = versions.at(from);
        let starts_here = versions.starts[at] == from;
        let before = if starts_here { at - 1 } else { at };
        // The version in force from `from`, edited as the slider or `--set` would edit a plan.
        let mut version = scn.clone_plan_only();
        version.plan = versions.plans[at].clone();
        self.apply(&mut version, inputs, value, locked)?;
        let made = difference(&versions.plans[before], &version.plan, from);
        let mut next = scn.clone_plan_only();
        let changes = &mut next.plan.changes;
        let k = changes
            .iter()
            .position(|c| period_named(&scn.plan, &c.effective_from) == Some(from));
        let empty = made.is_empty();
        match (k, empty) {
            (Some(k), true) => {
                changes.remove(k);
            }
            (Some(k), false) => {
                changes[k].components = made.components;
                changes[k].spifs = made.spifs;
                changes[k].mix = made.mix;
                changes[k].level_mix = made.level_mix;
            }
            (None, true) => return Ok(()),
            (None, false) => {
                let at = changes
                    .iter()
                    .position(|c| {
                        period_named(&scn.plan, &c.effective_from).is_some_and(|p| p > from)
                    })
                    .unwrap_or(changes.len());
                changes.insert(
                    at,
                    PlanChange {
                        effective_from: pid,
                        ..made
                    },
                );
            }
        }
        if let Some(p) = new_plan_problem(scn, &next) {
            return Err(format!("{}: {}", p.location, p.message));
        }
        scn.plan = next.plan;
        Ok(())
    }
}

impl Param {
    /// Applies a value to the plan as it started. When the plan changes during the year,
    /// the edit reaches every later version whose change does not set this parameter
    /// itself (weights rebalance there too), and each change is worked out again against
    /// the version before it: the plan stays valid in every period.
    fn apply_as_started(
        self,
        scn: &mut Scenario,
        inputs: &TeamInputs,
        value: Option<Decimal>,
        locked: &[bool],
    ) -> Result<(), String> {
        if scn.plan.changes.is_empty() || !self.can_change_from_a_period() {
            return self.apply(scn, inputs, value, locked);
        }
        let old = Versions::of(&scn.plan)?;
        let as_plan = |plan: &crate::engine::Plan| {
            let mut v = scn.clone_plan_only();
            v.plan = plan.clone();
            v
        };
        let mut edited = as_plan(&old.plans[0]);
        self.apply(&mut edited, inputs, value, locked)?;
        let mut before = edited.plan.clone();
        let mut changes = Vec::new();
        for k in 1..old.len() {
            let mut version = as_plan(&old.plans[k]);
            let sets_it = self.get(&version) != self.get(&as_plan(&old.plans[k - 1]));
            if !sets_it {
                self.apply(&mut version, inputs, value, locked)?;
            }
            let made = difference(&before, &version.plan, old.starts[k]);
            let was = &scn.plan.changes[k - 1];
            if !made.is_empty() {
                changes.push(PlanChange {
                    effective_from: was.effective_from.clone(),
                    note: was.note.clone(),
                    ..made
                });
            }
            before = version.plan;
        }
        let mut next = scn.clone_plan_only();
        next.plan = edited.plan;
        next.plan.changes = changes;
        if let Some(p) = new_plan_problem(scn, &next) {
            return Err(format!("{}: {}", p.location, p.message));
        }
        scn.plan = next.plan;
        scn.assumptions = next.assumptions;
        Ok(())
    }
}

/// The plan version in force in period `p`, as a scenario without changes (what the
/// editor shows when it edits the plan from `p` on); `None` when the plan does not change
/// during the year or its changes cannot apply.
pub fn version_at(scn: &Scenario, p: usize) -> Option<Scenario> {
    if scn.plan.changes.is_empty() {
        return None;
    }
    let versions = Versions::of(&scn.plan).ok()?;
    let mut out = scn.clone_plan_only();
    out.plan = versions.plans[versions.at(p)].clone();
    Some(out)
}
