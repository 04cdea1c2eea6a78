//! Plan variants side by side: who earns more, who earns less, what each costs, how the
//! cost moves with team performance, and what differs in the plan.
//!
//! The first scenario is the baseline; every other one is compared against it. CSMs are
//! matched by id: a CSM missing from a variant is `None` there, never zero.
//!
//! [`Comparer`] keeps each variant's laid-out inputs and results, so that after an edit only
//! the edited variant is evaluated again (the TUI calls [`Comparer::recompute`] after every
//! change); [`compare`] is the one-shot form for the command line.
//!
//! Owns: the comparison's figures. Must not: do I/O or touch the terminal.

pub mod diff;

use crate::engine::eval::{Evaluation, TeamInputs, curve_scales};
use crate::engine::evaluate::evaluate_with;
use crate::engine::sweep::team_cash_curve;
use crate::engine::validate::{MAX_SCALE, validate_plan_targets};
use crate::engine::{Assumptions, Finding, Plan, Scenario, guardrails, validate};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::{HashMap, HashSet};

mod figures;
mod results;
#[cfg(test)]
mod tests;
pub use figures::crossing_estimate;
use figures::*;
pub use results::*;

/// The most variants the app and `cscomp-tui compare` put side by side.
pub const MAX_VARIANTS: usize = 8;

/// Compares scenarios (meant for 2 to [`MAX_VARIANTS`]; the first is the baseline) at one attainment
/// scale for all, or each at its own when `scale` is `None`.
pub fn compare(variants: &[Scenario], scale: Option<Decimal>) -> Comparison {
    Comparer::new(variants.to_vec(), scale).into_comparison()
}

/// A computed variant.
#[derive(Debug, Clone)]
struct Computed {
    eval: Evaluation,
    warnings: Vec<Finding>,
    curve: Vec<Decimal>,
    levels: Vec<LevelFigures>,
}

/// Per level: head count, cash, OTE and the spread of % of OTE (see [`LevelFigures`]).
fn level_figures(scn: &Scenario, eval: &Evaluation) -> Vec<LevelFigures> {
    struct Acc {
        csms: usize,
        cash: Decimal,
        ote: Decimal,
        sum: Decimal,
        min: Decimal,
        max: Decimal,
    }
    let mut order: Vec<(&str, Acc)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (csm, r) in scn.team.iter().zip(&eval.csms) {
        let pct = ratio(r.total, r.ote).unwrap_or_default();
        let i = *at.entry(csm.level.as_str()).or_insert_with(|| {
            order.push((
                csm.level.as_str(),
                Acc {
                    csms: 0,
                    cash: Decimal::ZERO,
                    ote: Decimal::ZERO,
                    sum: Decimal::ZERO,
                    min: pct,
                    max: pct,
                },
            ));
            order.len() - 1
        });
        let a = &mut order[i].1;
        a.csms += 1;
        a.cash += r.total;
        a.ote += r.ote;
        a.sum += pct;
        a.min = a.min.min(pct);
        a.max = a.max.max(pct);
    }
    let six = |d: Decimal| d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero);
    order
        .into_iter()
        .map(|(level, a)| LevelFigures {
            level: level.to_string(),
            csms: a.csms,
            cash: a.cash,
            ote: a.ote,
            avg_pct: six(a.sum / Decimal::from(a.csms.max(1))),
            min_pct: six(a.min),
            max_pct: six(a.max),
        })
        .collect()
}

#[derive(Debug, Clone)]
struct Slot {
    scn: Scenario,
    inputs: TeamInputs,
    /// The team changed since `inputs` were laid out.
    team_dirty: bool,
    /// The plan or assumptions changed: everything must be computed again.
    plan_dirty: bool,
    /// Only the comparison scale changed: the cost curve still holds.
    scale_dirty: bool,
    result: Result<Computed, Vec<Finding>>,
    /// Plan and team changes against the baseline, kept until either side changes.
    rules_changes: Option<Vec<String>>,
    team_changes: Option<Vec<String>>,
    /// The team passed validation against the current component and SPIF ids.
    team_valid: bool,
}

impl Slot {
    fn new(scn: Scenario) -> Slot {
        Slot {
            inputs: TeamInputs::new(&scn),
            scn,
            team_dirty: false,
            plan_dirty: true,
            scale_dirty: true,
            result: Err(Vec::new()),
            rules_changes: None,
            team_changes: None,
            team_valid: false,
        }
    }

    fn dirty(&self) -> bool {
        self.team_dirty || self.plan_dirty || self.scale_dirty
    }

    fn compute(&mut self, scale: Option<Decimal>) {
        // What validation says about the team depends on the team and on the plan's
        // component and SPIF ids only (`TeamInputs::fits` checks those ids). After a plan
        // edit that keeps them, a team that passed still passes: validate the plan alone.
        let team_known_valid = self.team_valid && !self.team_dirty && self.inputs.fits(&self.scn);
        if self.team_dirty || !self.inputs.fits(&self.scn) {
            self.inputs = TeamInputs::new(&self.scn);
        }
        let errors = if team_known_valid {
            let mut errors = validate(&without_team(&self.scn));
            // The plan's targets are measured against the team's actuals.
            errors.extend(validate_plan_targets(
                &self.scn.plan,
                &self.scn.team,
                &self.inputs,
            ));
            errors
        } else {
            let errors = validate(&self.scn);
            self.team_valid = errors.is_empty();
            errors
        };
        if !errors.is_empty() {
            self.result = Err(errors);
        } else {
            let at = scale.unwrap_or(self.scn.assumptions.attainment_scale);
            let keep = match &self.result {
                Ok(old) if !self.team_dirty && !self.plan_dirty => Some(old.curve.clone()),
                _ => None,
            };
            let (scn, inputs) = (&self.scn, &self.inputs);
            let evaluate = || {
                let eval = evaluate_with(scn, inputs, at);
                let warnings = guardrails(scn, &eval);
                (eval, warnings)
            };
            let sweep = || team_cash_curve(scn, inputs, &curve_scales());
            let ((eval, warnings), curve) = match keep {
                Some(curve) => (evaluate(), curve),
                // The cost curve and the evaluation are independent: on a machine with two
                // or more cores, compute them side by side (each is a similar amount of work).
                None if parallel() => std::thread::scope(|s| {
                    let curve = s.spawn(sweep);
                    let evaluated = evaluate();
                    let curve = curve
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    (evaluated, curve)
                }),
                None => (evaluate(), sweep()),
            };
            let levels = level_figures(&self.scn, &eval);
            self.result = Ok(Computed {
                eval,
                warnings,
                curve,
                levels,
            });
        }
        self.team_dirty = false;
        self.plan_dirty = false;
        self.scale_dirty = false;
    }
}

/// The scenario's plan and assumptions with an empty team (for validating a plan edit).
fn without_team(scn: &Scenario) -> Scenario {
    Scenario {
        version: scn.version,
        name: String::new(),
        description: String::new(),
        branched_from: None,
        assumptions: scn.assumptions.clone(),
        plan: scn.plan.clone(),
        team: Vec::new(),
        team_results: scn.team_results.clone(),
    }
}

fn clamp_scale(s: Decimal) -> Decimal {
    s.clamp(Decimal::ZERO, MAX_SCALE)
}

/// True when a second core is there to compute a cost curve on.
fn parallel() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// Which CSM of each variant sits on each row of the per-CSM table. Depends on the teams'
/// ids only, so plan edits, and team edits that keep every id in its place, reuse it.
#[derive(Debug, Clone, Default)]
struct Layout {
    /// Per row, per variant: the CSM's index in that variant's team.
    index: Vec<Vec<Option<usize>>>,
    /// Per variant, per CSM of its team: the row.
    rows_of: Vec<Vec<usize>>,
}

impl Layout {
    /// Rows in baseline order, then CSMs only in later variants in their order.
    fn build(slots: &[Slot]) -> (Layout, Vec<CsmRow>) {
        let n = slots.len();
        let mut at: HashMap<&str, usize> = HashMap::new();
        let mut index: Vec<Vec<Option<usize>>> = Vec::new();
        let mut rows_of: Vec<Vec<usize>> = Vec::with_capacity(n);
        let mut rows: Vec<CsmRow> = Vec::new();
        for (k, slot) in slots.iter().enumerate() {
            let mut of = Vec::with_capacity(slot.scn.team.len());
            for (i, csm) in slot.scn.team.iter().enumerate() {
                let row = *at.entry(csm.id.as_str()).or_insert_with(|| {
                    rows.push(CsmRow {
                        id: csm.id.clone(),
                        name: csm.name.clone(),
                        level: csm.level.clone(),
                        cells: vec![None; n],
                    });
                    index.push(vec![None; n]);
                    rows.len() - 1
                });
                index[row][k] = Some(i);
                of.push(row);
            }
            rows_of.push(of);
        }
        (Layout { index, rows_of }, rows)
    }

    /// Every variant's team still has the same ids in the same places.
    fn still_fits(&self, slots: &[Slot], rows: &[CsmRow]) -> bool {
        self.rows_of.len() == slots.len()
            && slots.iter().zip(&self.rows_of).all(|(s, of)| {
                s.scn.team.len() == of.len()
                    && s.scn
                        .team
                        .iter()
                        .zip(of)
                        .all(|(c, &r)| rows.get(r).is_some_and(|row| row.id == c.id))
            })
    }

    /// The rows' names and levels as in the first variant that has each CSM (a team edit
    /// may have renamed one).
    fn refresh_names(&self, slots: &[Slot], rows: &mut [CsmRow]) {
        for (row, index) in rows.iter_mut().zip(&self.index) {
            let first = index
                .iter()
                .enumerate()
                .find_map(|(k, i)| i.and_then(|i| slots.get(k)?.scn.team.get(i)));
            if let Some(c) = first {
                if row.name != c.name {
                    row.name.clone_from(&c.name);
                }
                if row.level != c.level {
                    row.level.clone_from(&c.level);
                }
            }
        }
    }
}

/// Keeps 2–8 variants computed and compares them; after an edit only the edited variant is
/// computed again.
///
/// ```
/// use cscomp_tui::{analysis::compare::Comparer, scenario::sample};
/// use rust_decimal_macros::dec;
/// let mut c = Comparer::new(vec![sample(), sample()], None);
/// if let Some(plan) = c.plan_mut(1) {
///     plan.mix.variable_share = dec!(0.3);
/// }
/// let cmp = c.recompute();
/// assert_eq!(cmp.variants[1].plan_changes, vec!["variable share 20% → 30%"]);
/// ```
#[derive(Debug, Clone)]
pub struct Comparer {
    scale: Option<Decimal>,
    slots: Vec<Slot>,
    layout: Layout,
    /// A team changed, or variants were added, removed or replaced.
    layout_dirty: bool,
    comparison: Comparison,
    /// Each variant against the baseline, as of the last assembly (refreshed with its
    /// column).
    versus: Vec<Option<Versus>>,
    /// How many times a variant was computed (see [`Comparer::evaluations`]).
    evaluations: usize,
}

impl Comparer {
    /// Computes every variant and compares them (`scale` as in [`Comparer::set_scale`]).
    pub fn new(variants: Vec<Scenario>, scale: Option<Decimal>) -> Comparer {
        let scale = scale.map(clamp_scale);
        let mut c = Comparer {
            scale,
            slots: variants.into_iter().map(Slot::new).collect(),
            layout: Layout::default(),
            layout_dirty: true,
            versus: Vec::new(),
            evaluations: 0,
            comparison: Comparison {
                scale,
                variants: Vec::new(),
                rows: Vec::new(),
                levels: Vec::new(),
                curve: CostCurve {
                    scales: curve_scales(),
                    cash: Vec::new(),
                    crossings: Vec::new(),
                },
            },
        };
        c.recompute();
        c
    }

    /// The comparison as of the last [`Comparer::recompute`].
    pub fn comparison(&self) -> &Comparison {
        &self.comparison
    }

    /// The comparison, giving up the comparer.
    pub fn into_comparison(self) -> Comparison {
        self.comparison
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn scale(&self) -> Option<Decimal> {
        self.scale
    }

    /// How many times a variant has been computed since this comparer was made: after an
    /// edit of one variant, [`Comparer::recompute`] adds exactly one.
    pub fn evaluations(&self) -> usize {
        self.evaluations
    }

    pub fn scenario(&self, i: usize) -> Option<&Scenario> {
        self.slots.get(i).map(|s| &s.scn)
    }

    /// Marks variant `i` as edited (`team`: its team may have changed too).
    fn touch(&mut self, i: usize, team: bool) -> Option<&mut Slot> {
        if i >= self.slots.len() {
            return None;
        }
        if i == 0 {
            // The baseline changed: every variant's changes against it are stale.
            for s in &mut self.slots {
                s.rules_changes = None;
                if team {
                    s.team_changes = None;
                }
            }
        }
        self.layout_dirty |= team;
        let slot = &mut self.slots[i];
        slot.plan_dirty = true;
        slot.team_dirty |= team;
        slot.rules_changes = None;
        if team {
            slot.team_changes = None;
        }
        Some(slot)
    }

    /// Edit variant `i`'s plan; its laid-out team inputs are kept (unless component or SPIF
    /// ids change). Call [`Comparer::recompute`] afterwards.
    pub fn plan_mut(&mut self, i: usize) -> Option<&mut Plan> {
        self.touch(i, false).map(|s| &mut s.scn.plan)
    }

    /// Edit variant `i`'s assumptions (burden rate, attainment scale).
    pub fn assumptions_mut(&mut self, i: usize) -> Option<&mut Assumptions> {
        self.touch(i, false).map(|s| &mut s.scn.assumptions)
    }

    /// Edit anything in variant `i`, the team included.
    pub fn scenario_mut(&mut self, i: usize) -> Option<&mut Scenario> {
        self.touch(i, true).map(|s| &mut s.scn)
    }

    /// Replace variant `i` (does nothing when `i` is out of range).
    pub fn replace(&mut self, i: usize, scn: Scenario) {
        if let Some(slot) = self.touch(i, true) {
            *slot = Slot::new(scn);
        }
    }

    /// Rename variant `i`: only its name changes, nothing is computed again.
    pub fn rename(&mut self, i: usize, name: String) {
        if let Some(slot) = self.slots.get_mut(i) {
            slot.scn.name = name;
        }
    }

    /// Add a variant at the end.
    pub fn push(&mut self, scn: Scenario) {
        self.slots.push(Slot::new(scn));
        self.layout_dirty = true;
    }

    /// Remove variant `i`; removing the baseline makes the next one the baseline.
    pub fn remove(&mut self, i: usize) -> Option<Scenario> {
        if i >= self.slots.len() {
            return None;
        }
        let slot = self.slots.remove(i);
        if i == 0 {
            for s in &mut self.slots {
                s.rules_changes = None;
                s.team_changes = None;
            }
        }
        self.layout_dirty = true;
        Some(slot.scn)
    }

    /// Compute every variant at one scale (`Some`) or each at its own (`None`). The cost
    /// curves do not depend on it and are kept. A scale is kept within 0 to 10 (0% to
    /// 1000%), the range a scenario's own `attainment_scale` must be in.
    pub fn set_scale(&mut self, scale: Option<Decimal>) {
        let scale = scale.map(clamp_scale);
        if scale != self.scale {
            self.scale = scale;
            for s in &mut self.slots {
                s.scale_dirty = true;
                s.rules_changes = None;
            }
        }
    }

    /// Computes what changed since the last call and compares again.
    pub fn recompute(&mut self) -> &Comparison {
        let scale = self.scale;
        // Which columns changed: only those are filled in again (all, when the baseline or
        // the rows changed).
        let mut fresh = vec![false; self.slots.len()];
        for (k, s) in self.slots.iter_mut().enumerate() {
            if s.dirty() {
                s.compute(scale);
                self.evaluations += 1;
                fresh[k] = true;
            }
        }
        if let Some((base, rest)) = self.slots.split_first_mut() {
            for s in rest.iter_mut() {
                if s.rules_changes.is_none() {
                    s.rules_changes = Some(diff::rules_changes_named(
                        &base.scn,
                        &s.scn,
                        scale.is_some(),
                    ));
                }
                if s.team_changes.is_none() {
                    s.team_changes = Some(diff::team_changes(&base.scn.team, &s.scn.team));
                }
            }
            base.rules_changes = Some(Vec::new());
            base.team_changes = Some(Vec::new());
        }
        if self.layout_dirty {
            if self.layout.still_fits(&self.slots, &self.comparison.rows) {
                self.layout
                    .refresh_names(&self.slots, &mut self.comparison.rows);
            } else {
                let (layout, rows) = Layout::build(&self.slots);
                self.layout = layout;
                self.comparison.rows = rows;
                fresh.iter_mut().for_each(|f| *f = true);
            }
            self.layout_dirty = false;
        }
        if self.versus.len() != self.slots.len() {
            self.versus = vec![None; self.slots.len()];
            fresh.iter_mut().for_each(|f| *f = true);
        }
        if fresh.first().copied().unwrap_or(false) {
            fresh.iter_mut().for_each(|f| *f = true);
        }
        // Every level, in order: each variant's levels as its figures list them (or as its
        // team has them when it cannot be computed).
        let mut levels: Vec<String> = Vec::new();
        for s in &self.slots {
            match &s.result {
                Ok(r) => {
                    for l in &r.levels {
                        if !levels.contains(&l.level) {
                            levels.push(l.level.clone());
                        }
                    }
                }
                Err(_) => {
                    for c in &s.scn.team {
                        if !levels.contains(&c.level) {
                            levels.push(c.level.clone());
                        }
                    }
                }
            }
        }
        self.comparison.levels = levels;
        self.assemble(&fresh);
        &self.comparison
    }

    /// Fills the comparison from the computed variants (the rows' names are kept); the
    /// cells and the changes against the baseline of the `fresh` columns only.
    fn assemble(&mut self, fresh: &[bool]) {
        let slots = &self.slots;
        let results: Vec<Option<&Computed>> =
            slots.iter().map(|s| s.result.as_ref().ok()).collect();
        fill_cells(&mut self.comparison.rows, &self.layout, &results, fresh);
        let rows = &self.comparison.rows;
        let base = results.first().copied().flatten();
        for (k, cached) in self.versus.iter_mut().enumerate() {
            if fresh.get(k).copied().unwrap_or(true) {
                *cached = match (base, results[k]) {
                    (Some(b), Some(r)) if k > 0 => Some(versus(b, r, rows, k)),
                    _ => None,
                };
            }
        }
        let cache = &self.versus;
        let variants = slots
            .iter()
            .enumerate()
            .map(|(k, slot)| {
                let figures = results[k].map(|r| {
                    let versus = cache.get(k).cloned().flatten();
                    figures(&slot.scn, r, self.scale, versus)
                });
                let mut plan_changes = slot.rules_changes.clone().unwrap_or_default();
                plan_changes.extend(slot.team_changes.iter().flatten().cloned());
                VariantSummary {
                    name: slot.scn.name.clone(),
                    errors: slot.result.as_ref().err().cloned().unwrap_or_default(),
                    figures,
                    plan_changes,
                    own_scale: slot.scn.assumptions.attainment_scale,
                }
            })
            .collect();
        let cash: Vec<Option<Vec<Decimal>>> =
            results.iter().map(|r| r.map(|r| r.curve.clone())).collect();
        let scales = curve_scales();
        let crossings = crossings(&scales, &cash);
        self.comparison.scale = self.scale;
        self.comparison.variants = variants;
        self.comparison.curve = CostCurve {
            scales,
            cash,
            crossings,
        };
    }
}
