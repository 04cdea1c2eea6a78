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
pub mod report;

use crate::engine::eval::{Evaluation, TeamInputs, curve_scales};
use crate::engine::evaluate::evaluate_with;
use crate::engine::sweep::team_cash_curve;
use crate::engine::validate::{MAX_SCALE, validate_plan_targets};
use crate::engine::{Assumptions, Finding, Plan, Scenario, guardrails, validate};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::{HashMap, HashSet};

/// One CSM's pay in one variant.
#[derive(Debug, Clone, PartialEq)]
pub struct CsmCell {
    pub total: Decimal,
    pub ote: Decimal,
    /// total − the baseline's total; `None` in the baseline column, or when the CSM is not
    /// in the baseline (or the baseline cannot be computed).
    pub change: Option<Decimal>,
    /// The baseline's total when `change` is known.
    pub baseline_total: Option<Decimal>,
}

impl CsmCell {
    /// total / OTE (zero when OTE is zero).
    pub fn pct_of_ote(&self) -> Decimal {
        ratio(self.total, self.ote).unwrap_or_default()
    }

    /// change / the baseline's total; `None` without a change or when that total is zero.
    /// (Divides on demand: a screen shows a few dozen rows, not 10,000.)
    pub fn change_pct(&self) -> Option<Decimal> {
        ratio(self.change?, self.baseline_total?)
    }
}

/// One CSM across the variants.
#[derive(Debug, Clone, PartialEq)]
pub struct CsmRow {
    pub id: String,
    /// Name and level as in the first variant that has this CSM.
    pub name: String,
    pub level: String,
    /// One per variant; `None`: the CSM is not in that variant's team (or that variant
    /// cannot be computed — see [`VariantSummary::errors`]).
    pub cells: Vec<Option<CsmCell>>,
}

/// A CSM who gains or loses the most against the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub id: String,
    pub name: String,
    pub change: Decimal,
    pub change_pct: Option<Decimal>,
}

/// A variant against the baseline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Versus {
    pub cash_change: Decimal,
    /// cash change / the baseline's cash (`None` when that is zero).
    pub cash_change_pct: Option<Decimal>,
    pub loaded_cost_change: Decimal,
    pub planned_cost_change: Decimal,
    /// CSMs in both teams.
    pub matched: usize,
    /// Matched CSMs who earn more, less, or the same.
    pub gain: usize,
    pub lose: usize,
    pub same: usize,
    /// CSMs only in this variant / only in the baseline.
    pub added: usize,
    pub removed: usize,
    pub biggest_gain: Option<Move>,
    pub biggest_loss: Option<Move>,
    /// Guardrail warnings (code and message) this variant has and the baseline has not…
    pub warnings_new: Vec<Finding>,
    /// …and those the baseline has and this variant has not.
    pub warnings_gone: Vec<Finding>,
}

/// One level's pay in one variant.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelFigures {
    pub level: String,
    /// Head count.
    pub csms: usize,
    /// Σ the level's CSMs' total pay (the levels' cash adds up to the variant's cash).
    pub cash: Decimal,
    pub ote: Decimal,
    /// The mean of the level's CSMs' total / OTE (each CSM counts once; a CSM with no OTE
    /// counts as 0%), and the lowest and highest of them: fractions rounded half away from
    /// zero to six decimals (0.0001%).
    pub avg_pct: Decimal,
    pub min_pct: Decimal,
    pub max_pct: Decimal,
}

/// A variant's team figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The attainment scale these figures were computed at.
    pub scale: Decimal,
    pub csms: usize,
    pub ote: Decimal,
    pub base: Decimal,
    pub target_variable: Decimal,
    pub variable: Decimal,
    pub spif: Decimal,
    pub cash: Decimal,
    pub burden_rate: Decimal,
    pub loaded_cost: Decimal,
    pub planned_cost: Decimal,
    pub book_arr: Decimal,
    /// Loaded cost / book ARR.
    pub cost_pct_of_arr: Decimal,
    /// The lowest worst case (all attainments 0, no SPIFs) as a fraction of OTE.
    pub downside_pct: Decimal,
    /// Per level, in the order the levels first appear in this variant's team.
    pub levels: Vec<LevelFigures>,
    pub warnings: Vec<Finding>,
    /// Against the baseline; `None` for the baseline itself and when the baseline cannot
    /// be computed.
    pub versus: Option<Versus>,
}

/// One variant's column.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantSummary {
    pub name: String,
    /// Why the variant cannot be computed; when not empty, `figures` is `None`.
    pub errors: Vec<Finding>,
    pub figures: Option<Figures>,
    /// What differs from the baseline, in words (empty for the baseline).
    pub plan_changes: Vec<String>,
    /// The attainment scale the scenario carries (its what-if), whatever it was compared
    /// at.
    pub own_scale: Decimal,
}

/// Which way a variant's cost line crosses the baseline's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Becomes {
    Dearer,
    Cheaper,
}

/// Between two neighbouring scales of the cost curve, a variant's cash goes from one side
/// of the baseline's to the other.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossing {
    /// Index of the variant (≥ 1).
    pub variant: usize,
    /// The last scale on the old side and the first on the new side.
    pub from: Decimal,
    pub to: Decimal,
    pub becomes: Becomes,
}

/// Team cash against the team attainment scale, per variant.
#[derive(Debug, Clone, PartialEq)]
pub struct CostCurve {
    /// 50% to 150% in steps of 5%.
    pub scales: Vec<Decimal>,
    /// Per variant, cash at each scale; `None` when the variant cannot be computed.
    pub cash: Vec<Option<Vec<Decimal>>>,
    /// In variant order, then scale order.
    pub crossings: Vec<Crossing>,
}

/// Everything the compare screen and `cscomp-tui compare` show.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The one scale every variant was computed at, or `None`: each at its own.
    pub scale: Option<Decimal>,
    pub variants: Vec<VariantSummary>,
    pub rows: Vec<CsmRow>,
    /// Every level of every variant's team: the baseline's in the order they first appear
    /// in its team, then levels only later variants have, in their order.
    pub levels: Vec<String>,
    pub curve: CostCurve,
}

impl Comparison {
    /// What the figures assume about attainment, in a sentence, when it needs saying: the
    /// scenarios carry different what-ifs (attainment scales), so comparing them at one
    /// scale differs from comparing each at its own. `None` when every scenario carries
    /// the scale they are compared at.
    pub fn whatif_note(&self) -> Option<String> {
        let label = |k: usize| format!("[{}]", k + 1);
        let pct = crate::num::pct_exact;
        match self.scale {
            Some(at) => {
                let other: Vec<String> = self
                    .variants
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.own_scale != at)
                    .map(|(k, v)| format!("{} carries {}", label(k), pct(v.own_scale)))
                    .collect();
                (!other.is_empty()).then(|| {
                    format!(
                        "Every plan is compared at team attainment {} ([1]'s what-if); {}. The difference is the plans', not the assumptions' (each at its own what-if: --own-scale, or A on the compare screen).",
                        pct(at),
                        other.join(", ")
                    )
                })
            }
            None => {
                let first = self.variants.first()?.own_scale;
                let differ = self.variants.iter().any(|v| v.own_scale != first);
                differ.then(|| {
                    let each: Vec<String> = self
                        .variants
                        .iter()
                        .enumerate()
                        .map(|(k, v)| format!("{} at {}", label(k), pct(v.own_scale)))
                        .collect();
                    format!(
                        "Each plan is computed at its own what-if ({}): the difference mixes the plans with their assumptions about attainment.",
                        each.join(", ")
                    )
                })
            }
        }
    }
}

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

/// Puts each `fresh` variant's totals into the rows, with the changes against the baseline
/// (when the baseline is fresh, every variant is).
fn fill_cells(rows: &mut [CsmRow], layout: &Layout, results: &[Option<&Computed>], fresh: &[bool]) {
    for (row, index) in rows.iter_mut().zip(&layout.index) {
        for (k, cell) in row.cells.iter_mut().enumerate() {
            if !fresh.get(k).copied().unwrap_or(true) {
                continue;
            }
            *cell = match (
                index.get(k).copied().flatten(),
                results.get(k).copied().flatten(),
            ) {
                (Some(i), Some(r)) => r.eval.csms.get(i).map(|c| CsmCell {
                    total: c.total,
                    ote: c.ote,
                    change: None,
                    baseline_total: None,
                }),
                _ => None,
            };
        }
        let Some(base) = row.cells.first().and_then(|c| c.as_ref()).map(|c| c.total) else {
            continue;
        };
        for (k, cell) in row.cells.iter_mut().enumerate().skip(1) {
            if let Some(cell) = cell
                && fresh.get(k).copied().unwrap_or(true)
            {
                cell.change = Some(cell.total - base);
                cell.baseline_total = Some(base);
            }
        }
    }
}

fn ratio(x: Decimal, of: Decimal) -> Option<Decimal> {
    (!of.is_zero()).then(|| x / of)
}

fn figures(
    scn: &Scenario,
    r: &Computed,
    scale: Option<Decimal>,
    versus: Option<Versus>,
) -> Figures {
    let t = &r.eval.team;
    Figures {
        scale: scale.unwrap_or(scn.assumptions.attainment_scale),
        csms: scn.team.len(),
        ote: t.ote,
        base: t.base,
        target_variable: t.target_variable,
        variable: t.variable,
        spif: t.spif,
        cash: t.cash,
        burden_rate: scn.assumptions.burden_rate,
        loaded_cost: t.loaded_cost,
        planned_cost: t.planned_cost,
        book_arr: t.book_arr,
        cost_pct_of_arr: t.cost_pct_of_arr,
        downside_pct: t.downside_pct,
        levels: r.levels.clone(),
        warnings: r.warnings.clone(),
        versus,
    }
}

fn versus(base: &Computed, r: &Computed, rows: &[CsmRow], k: usize) -> Versus {
    let (bt, t) = (&base.eval.team, &r.eval.team);
    let mut v = Versus {
        cash_change: t.cash - bt.cash,
        cash_change_pct: ratio(t.cash - bt.cash, bt.cash),
        loaded_cost_change: t.loaded_cost - bt.loaded_cost,
        planned_cost_change: t.planned_cost - bt.planned_cost,
        ..Versus::default()
    };
    for row in rows {
        match (&row.cells[0], &row.cells[k]) {
            (Some(_), Some(cell)) => {
                v.matched += 1;
                let change = cell.change.unwrap_or_default();
                let mv = || Move {
                    id: row.id.clone(),
                    name: row.name.clone(),
                    change,
                    change_pct: cell.change_pct(),
                };
                if change > Decimal::ZERO {
                    v.gain += 1;
                    if v.biggest_gain.as_ref().is_none_or(|b| change > b.change) {
                        v.biggest_gain = Some(mv());
                    }
                } else if change < Decimal::ZERO {
                    v.lose += 1;
                    if v.biggest_loss.as_ref().is_none_or(|b| change < b.change) {
                        v.biggest_loss = Some(mv());
                    }
                } else {
                    v.same += 1;
                }
            }
            (None, Some(_)) => v.added += 1,
            (Some(_), None) => v.removed += 1,
            (None, None) => {}
        }
    }
    let key = |f: &Finding| (f.code, f.message.clone());
    let in_base: HashSet<_> = base.warnings.iter().map(key).collect();
    let in_this: HashSet<_> = r.warnings.iter().map(key).collect();
    v.warnings_new = r
        .warnings
        .iter()
        .filter(|f| !in_base.contains(&key(f)))
        .cloned()
        .collect();
    v.warnings_gone = base
        .warnings
        .iter()
        .filter(|f| !in_this.contains(&key(f)))
        .cloned()
        .collect();
    v
}

/// About where between `x.from` and `x.to` the two lines cross, read off the straight lines
/// between the two points (a fraction, rounded to 0.1%): the cost curve is known at its
/// points only, so this is an estimate within that interval.
pub fn crossing_estimate(curve: &CostCurve, x: &Crossing) -> Option<Decimal> {
    let p = curve.scales.iter().position(|s| *s == x.from)?;
    let q = curve.scales.iter().position(|s| *s == x.to)?;
    let base = curve.cash.first()?.as_ref()?;
    let line = curve.cash.get(x.variant)?.as_ref()?;
    let d0 = (*line.get(p)? - *base.get(p)?).abs();
    let d1 = (*line.get(q)? - *base.get(q)?).abs();
    let at = x.from + (x.to - x.from) * d0 / (d0 + d1).max(Decimal::new(1, 2));
    Some(at.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero))
}

/// Where each variant's cash line crosses the baseline's: between two neighbouring scales
/// where the difference changes sign (a scale where the two are equal is passed over).
fn crossings(scales: &[Decimal], cash: &[Option<Vec<Decimal>>]) -> Vec<Crossing> {
    let mut out = Vec::new();
    let Some(Some(base)) = cash.first() else {
        return out;
    };
    for (k, line) in cash.iter().enumerate().skip(1) {
        let Some(line) = line else { continue };
        let mut last: Option<(usize, bool)> = None;
        for (p, (x, b)) in line.iter().zip(base).enumerate() {
            if x == b {
                continue;
            }
            let dearer = x > b;
            if let Some((q, was)) = last
                && was != dearer
            {
                out.push(Crossing {
                    variant: k,
                    from: scales[q],
                    to: scales[p],
                    becomes: if dearer {
                        Becomes::Dearer
                    } else {
                        Becomes::Cheaper
                    },
                });
            }
            last = Some((p, dearer));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::sample;
    use rust_decimal_macros::dec;

    fn pair() -> Comparer {
        let mut b = sample();
        b.name = "B".into();
        b.plan.mix.variable_share = dec!(0.3);
        Comparer::new(vec![sample(), b], None)
    }

    #[test]
    fn an_edit_recomputes_only_the_edited_variant_and_matches_a_fresh_comparison() {
        let mut c = pair();
        assert_eq!(c.evaluations(), 2);
        if let Some(plan) = c.plan_mut(1) {
            plan.components[0].weight = dec!(0.15);
            plan.components[2].weight = dec!(0.30);
        }
        c.recompute();
        assert_eq!(c.evaluations(), 3);
        let scenarios: Vec<Scenario> = (0..c.len())
            .filter_map(|i| c.scenario(i).cloned())
            .collect();
        assert_eq!(c.comparison(), &compare(&scenarios, None));
        // Nothing changed: nothing is computed.
        c.recompute();
        assert_eq!(c.evaluations(), 3);
        // A team edit lays out the inputs again and still agrees.
        if let Some(s) = c.scenario_mut(1) {
            s.team[0].actuals.insert("grr".into(), dec!(0.99));
        }
        c.recompute();
        assert_eq!(c.evaluations(), 4);
        let scenarios: Vec<Scenario> = (0..c.len())
            .filter_map(|i| c.scenario(i).cloned())
            .collect();
        assert_eq!(c.comparison(), &compare(&scenarios, None));
    }

    /// Team edits that keep the ids in place reuse the rows and refill only the edited
    /// column (all of them when the baseline is edited); any edit agrees with a fresh
    /// comparison.
    #[test]
    fn incremental_columns_agree_with_a_fresh_comparison() {
        let mut c = pair();
        c.push(sample());
        let fresh = |c: &Comparer| {
            let scenarios: Vec<Scenario> = (0..c.len())
                .filter_map(|i| c.scenario(i).cloned())
                .collect();
            compare(&scenarios, None)
        };
        type Edit = fn(&mut Comparer);
        let edits: [Edit; 7] = [
            |c| {
                if let Some(s) = c.scenario_mut(2) {
                    s.team[1].name = "Renamed".into();
                    s.team[1].level = "Senior CSM".into();
                    s.team[1].actuals.insert("grr".into(), dec!(0.97));
                }
            },
            |c| {
                if let Some(s) = c.scenario_mut(0) {
                    s.team[0].ote = dec!(120000);
                    s.team[2].name = "New name".into();
                }
            },
            |c| {
                if let Some(p) = c.plan_mut(1) {
                    p.mix.variable_share = dec!(0.25);
                }
            },
            |c| {
                if let Some(s) = c.scenario_mut(1) {
                    s.team.remove(3);
                }
            },
            |c| {
                if let Some(s) = c.scenario_mut(1) {
                    s.team.swap(0, 1);
                }
            },
            |c| {
                c.remove(1);
            },
            |c| c.push(sample()),
        ];
        for (i, edit) in edits.iter().enumerate() {
            edit(&mut c);
            let got = c.recompute().clone();
            assert_eq!(got, fresh(&c), "edit {i}");
        }
    }

    #[test]
    fn a_plan_edit_that_breaks_the_plan_is_reported_and_a_fix_recovers() {
        let mut c = pair();
        if let Some(plan) = c.plan_mut(1) {
            plan.components[0].weight = dec!(0.5);
        }
        let cmp = c.recompute();
        let codes: Vec<&str> = cmp.variants[1].errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, vec!["weights-sum"]);
        assert!(cmp.variants[1].figures.is_none());
        if let Some(plan) = c.plan_mut(1) {
            plan.components[0].weight = dec!(0.25);
        }
        let fixed = c.recompute().clone();
        assert_eq!(fixed, pair().into_comparison());
        // A team edit is validated in full.
        if let Some(s) = c.scenario_mut(1) {
            s.team[0].ote = dec!(-1);
        }
        let codes: Vec<&str> = c.recompute().variants[1]
            .errors
            .iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(codes, vec!["negative"]);
    }

    #[test]
    fn a_new_scale_keeps_the_curves_and_agrees_with_a_fresh_comparison() {
        let mut c = pair();
        c.set_scale(Some(dec!(1.1)));
        let cmp = c.recompute().clone();
        assert_eq!(c.evaluations(), 4);
        assert_eq!(
            cmp,
            compare(
                &[sample(), c.scenario(1).cloned().unwrap()],
                Some(dec!(1.1))
            )
        );
        assert_eq!(
            cmp.variants[0].figures.as_ref().map(|f| f.scale),
            Some(dec!(1.1))
        );
        // At 110% the team's cash is the cost curve's 110% point.
        let fig = cmp.variants[0].figures.as_ref().unwrap();
        assert_eq!(Some(fig.cash), cmp.curve.cash[0].as_ref().map(|l| l[12]));
    }

    #[test]
    fn warnings_that_differ_are_listed_both_ways() {
        let mut b = sample();
        b.plan.mix.variable_share = dec!(0.35);
        let cmp = compare(&[sample(), b.clone()], None);
        let vs = cmp.variants[1]
            .figures
            .as_ref()
            .and_then(|f| f.versus.clone())
            .unwrap();
        let codes: Vec<&str> = vs.warnings_new.iter().map(|f| f.code).collect();
        // 35% is above 30%; an OTE split of 35% leaves 65% of OTE in the worst case.
        assert_eq!(codes, vec!["variable-share", "deep-downside"]);
        assert!(vs.warnings_gone.is_empty());
        let back = compare(&[b, sample()], None);
        let vs = back.variants[1]
            .figures
            .as_ref()
            .and_then(|f| f.versus.clone())
            .unwrap();
        let gone: Vec<&str> = vs.warnings_gone.iter().map(|f| f.code).collect();
        assert_eq!(gone, vec!["variable-share", "deep-downside"]);
        assert!(vs.warnings_new.is_empty());
    }

    #[test]
    fn a_variant_that_cannot_be_computed_says_why_and_the_others_still_show() {
        let mut b = sample();
        b.plan.components[0].weight = dec!(0.3);
        let cmp = compare(&[sample(), b], None);
        let v = &cmp.variants[1];
        assert_eq!(v.errors.len(), 1);
        assert_eq!(v.errors[0].code, "weights-sum");
        assert!(v.figures.is_none());
        assert!(
            cmp.rows
                .iter()
                .all(|r| r.cells[0].is_some() && r.cells[1].is_none())
        );
        assert!(cmp.curve.cash[1].is_none());
        assert!(cmp.curve.cash[0].is_some());
        assert!(cmp.curve.crossings.is_empty());
    }

    #[test]
    fn removing_the_baseline_makes_the_next_one_the_baseline() {
        let mut c = pair();
        c.push(sample());
        c.remove(0);
        let cmp = c.recompute();
        assert_eq!(cmp.variants[0].name, "B");
        assert!(cmp.variants[0].plan_changes.is_empty());
        assert_eq!(
            cmp.variants[1].plan_changes,
            vec!["variable share 30% → 20%"]
        );
    }

    #[test]
    fn crossings_skip_equal_points_and_go_both_ways() {
        let s: Vec<Decimal> = [50, 55, 60, 65, 70]
            .iter()
            .map(|p| Decimal::new(*p, 2))
            .collect();
        let base = vec![dec!(10), dec!(10), dec!(10), dec!(10), dec!(10)];
        let line = vec![dec!(9), dec!(10), dec!(11), dec!(12), dec!(9)];
        let got = crossings(&s, &[Some(base.clone()), Some(line), None]);
        assert_eq!(
            got,
            vec![
                Crossing {
                    variant: 1,
                    from: dec!(0.5),
                    to: dec!(0.6),
                    becomes: Becomes::Dearer
                },
                Crossing {
                    variant: 1,
                    from: dec!(0.65),
                    to: dec!(0.7),
                    becomes: Becomes::Cheaper
                },
            ]
        );
        assert!(crossings(&s, &[None, Some(base)]).is_empty());
    }
}
