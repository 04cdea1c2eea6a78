//! The plan's parameters, the vocabulary every front end speaks: `--set` and `solve --param`
//! paths, the app's sliders, the budget. What each is called, its range, step and units, and
//! how a new value is applied to the scenario (weights rebalance; every change is validated
//! and refused with a reason if it would make the plan impossible).
//!
//! Owns: parameter paths, kinds and values. Must not: touch the terminal or files.

use crate::engine::eval::TeamInputs;
use crate::engine::rebalance::rebalance;
use crate::engine::validate::{new_plan_problem, validate_plan_targets};
use crate::engine::{Curve, Measure, Scenario, Unit};
use crate::num::{money_whole, parse_decimal_in, parse_money_in, parse_pct, pct_exact, plain};
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Param {
    VariableShare,
    Basis,
    /// Variable share of the n-th level override (in `level_mix` order).
    LevelShare(usize),
    /// Basis (OTE split / bonus on top) of the n-th level override: its own setting, never
    /// changed by the plan's basis.
    LevelBasis(usize),
    Weight(usize),
    Target(usize),
    Threshold(usize),
    /// Tiered: the top tier's rate (the accelerator). Steps: the top step's factor.
    TopRate(usize),
    /// Tiered only; past the top of the range means "no cap".
    Cap(usize),
    /// The level of a component's gate (component, gate index), in the gating metric's
    /// unit.
    GateLevel(usize, usize),
    /// A modifier's lowest and highest multiplier (component index).
    ModifierMin(usize),
    ModifierMax(usize),
    SpifAmount(usize),
    BurdenRate,
    Scale,
    /// One metric's attainment assumption (component index): its projections' attainment
    /// × this, on top of the team's `Scale`.
    Attainment(usize),
    /// A per-period component's weight in one period (component, period index).
    PeriodWeight(usize, usize),
    /// A per-period component's target in one period (component, period index).
    PeriodTarget(usize, usize),
    /// The last period with actual results: the value is how many periods are actual
    /// (0 = none, k + 1 = through period k).
    AsOf,
    /// The plan's budget (cash, or loaded cost when the plan says so); `None` is no budget.
    Budget,
    /// What a metric with no projection is paid on: at target, or 0% (a toggle).
    MissingProjections,
    /// What leavers are paid on the annual metrics (forfeit, settle at leaving, pay at
    /// year end: a toggle through the three).
    Leavers,
    /// Joiners' and leavers' plan targets prorated, or whole-year (a toggle).
    ProrateTargets,
}

/// One line of the editor: a group heading or a parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Header(String),
    Param(Param),
}

/// The period the editor opens on: the first projected one after the as-of period, else
/// the first (0 without periods).
pub fn default_period(scn: &Scenario) -> usize {
    let plan = &scn.plan;
    match plan.as_of_index() {
        Some(a) if a + 1 < plan.periods.len() => a + 1,
        _ => 0,
    }
}

/// The editor's rows for a scenario, in display order (per-period sliders on the period
/// the editor opens on).
pub fn rows(scn: &Scenario) -> Vec<Row> {
    rows_at(scn, default_period(scn))
}

/// The editor's rows with the per-period sliders on period `period`.
pub fn rows_at(scn: &Scenario, period: usize) -> Vec<Row> {
    let periodic = scn.plan.has_periods();
    let period = period.min(scn.plan.periods.len().saturating_sub(1));
    let mut out = vec![
        Row::Header("Pay mix".into()),
        Row::Param(Param::VariableShare),
        Row::Param(Param::Basis),
    ];
    for i in 0..scn.plan.level_mix.len() {
        out.push(Row::Param(Param::LevelShare(i)));
        out.push(Row::Param(Param::LevelBasis(i)));
    }
    for (i, c) in scn.plan.components.iter().enumerate() {
        let mut kind = match c.modifier {
            Some(_) => "modifier".to_string(),
            None => c.kind.label().to_string(),
        };
        // Whose result it pays on, and where the result comes from.
        if c.scope.is_shared() {
            kind += &format!(", {}", c.scope.words());
        }
        if c.from_arr.is_some() {
            kind += ", from ARR";
        }
        out.push(Row::Header(format!("{} ({kind})", c.name)));
        if periodic && c.measured == Measure::Period {
            out.push(Row::Param(Param::PeriodWeight(i, period)));
            out.push(Row::Param(Param::PeriodTarget(i, period)));
        } else {
            out.push(Row::Param(Param::Weight(i)));
            out.push(Row::Param(Param::Target(i)));
        }
        out.push(Row::Param(Param::Threshold(i)));
        out.push(Row::Param(Param::TopRate(i)));
        if matches!(c.curve, Curve::Tiered { .. }) {
            out.push(Row::Param(Param::Cap(i)));
        }
        for k in 0..c.gates.len() {
            out.push(Row::Param(Param::GateLevel(i, k)));
        }
        if c.modifier.is_some() {
            out.push(Row::Param(Param::ModifierMin(i)));
            out.push(Row::Param(Param::ModifierMax(i)));
        }
    }
    if !scn.plan.spifs.is_empty() {
        out.push(Row::Header("SPIFs (per event)".into()));
        for i in 0..scn.plan.spifs.len() {
            out.push(Row::Param(Param::SpifAmount(i)));
        }
    }
    out.push(Row::Header("Cost".into()));
    out.push(Row::Param(Param::BurdenRate));
    out.push(Row::Param(Param::Budget));
    if shows_missing_rule(scn) {
        out.push(Row::Param(Param::MissingProjections));
    }
    let partial_year = scn
        .team
        .iter()
        .any(|c| c.start.is_some() || c.end.is_some());
    if periodic || partial_year {
        out.push(Row::Header("Periods".into()));
    }
    if periodic {
        out.push(Row::Param(Param::AsOf));
    }
    if periodic || partial_year {
        out.push(Row::Param(Param::Leavers));
        out.push(Row::Param(Param::ProrateTargets));
    }
    out.push(Row::Header("What-if (w): projections ×".into()));
    out.push(Row::Param(Param::Scale));
    for i in 0..scn.plan.components.len() {
        out.push(Row::Param(Param::Attainment(i)));
    }
    out
}

/// True when `csm` has a result for every metric: in every period for a metric measured
/// by period, for the year otherwise.
fn has_every_result(scn: &Scenario, csm: &crate::engine::Csm) -> bool {
    scn.plan.components.iter().all(|c| match c.measured {
        Measure::Period => scn.plan.periods.iter().all(|p| {
            csm.periods
                .get(&p.id)
                .is_some_and(|pv| pv.actuals.contains_key(&c.id))
        }),
        Measure::Year => csm.actuals.contains_key(&c.id),
    })
}

/// The missing-projection rule has a row in the editor when it matters: some CSM lacks a
/// projection, or the plan has chosen 0%.
fn shows_missing_rule(scn: &Scenario) -> bool {
    if !scn.plan.missing_projections.is_default() {
        return true;
    }
    if !scn.plan.has_periods() {
        return scn.team.iter().any(|csm| {
            scn.plan
                .components
                .iter()
                .any(|c| !csm.actuals.contains_key(&c.id))
        });
    }
    // A team with a result for every metric in every period (and for the year's metrics)
    // lacks no projection: no need to lay the team out to find one.
    if scn.team.iter().all(|c| has_every_result(scn, c)) {
        return false;
    }
    // Team metrics' results are the team's: the team laid out knows them.
    if crate::engine::team_metrics::any(&scn.plan) {
        return crate::engine::assumed_metrics(scn)
            .iter()
            .any(|m| !m.is_empty());
    }
    // The first CSM with a projected slot (within their employment, not closed) and no
    // value for it is enough.
    let shape = crate::engine::shape::Shape::of(&scn.plan);
    scn.team.iter().any(|csm| {
        let employed = crate::engine::shape::Shape::employed(&scn.plan, csm);
        shape.slots.iter().enumerate().any(|(j, s)| {
            let id = &scn.plan.components[s.component].id;
            let given = match s.period {
                None => csm.actuals.contains_key(id),
                Some(p) => csm
                    .periods
                    .get(&scn.plan.periods[p].id)
                    .is_some_and(|pv| pv.actuals.contains_key(id)),
            };
            !given
                && !shape.fixed_for(j, employed)
                && !shape.employed_share(j, employed).is_zero()
                && s.period
                    .is_none_or(|p| crate::engine::shape::Shape::works_in(employed, p))
        })
    })
}

fn d(n: i64, scale: u32) -> Decimal {
    Decimal::new(n, scale)
}

/// How a value is shown and typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Percent,
    Money,
    Factor,
    Count,
    Toggle,
}

impl Param {
    /// The component index this parameter belongs to, if any.
    /// The parameter's stable path, as `--set`, `solve --param` and the docs name it:
    /// `variable_share`, `level."Senior CSM".variable_share`, `grr.weight`,
    /// `grr.threshold` (`activities.first_step` on a step curve), `grr.accelerator`
    /// (`activities.top_step`), `grr.cap`, `spif."c-level".amount`, `burden_rate`,
    /// `attainment_scale`. See docs/parameters.md.
    pub fn path(self, scn: &Scenario) -> String {
        let plan = &scn.plan;
        let comp = |i: usize| {
            plan.components
                .get(i)
                .map_or("?".to_string(), |c| quote(&c.id))
        };
        let steps = |i: usize| {
            matches!(
                plan.components.get(i).map(|c| &c.curve),
                Some(Curve::Steps { .. })
            )
        };
        let points = |i: usize| {
            matches!(
                plan.components.get(i).map(|c| &c.curve),
                Some(Curve::Points { .. })
            )
        };
        let level = |i: usize| {
            plan.level_mix
                .keys()
                .nth(i)
                .map_or("?".to_string(), |l| quote(l))
        };
        let period = |p: usize| {
            plan.periods
                .get(p)
                .map_or("?".to_string(), |x| quote(&x.id))
        };
        match self {
            Param::VariableShare => "variable_share".into(),
            Param::Basis => "basis".into(),
            Param::LevelShare(i) => format!("level.{}.variable_share", level(i)),
            Param::LevelBasis(i) => format!("level.{}.basis", level(i)),
            Param::Weight(i) => format!("{}.weight", comp(i)),
            Param::Target(i) => format!("{}.target", comp(i)),
            Param::Threshold(i) if steps(i) => format!("{}.first_step", comp(i)),
            Param::Threshold(i) if points(i) => format!("{}.first_point", comp(i)),
            Param::TopRate(i) if points(i) => format!("{}.top_point", comp(i)),
            Param::Threshold(i) => format!("{}.threshold", comp(i)),
            Param::TopRate(i) if steps(i) => format!("{}.top_step", comp(i)),
            Param::TopRate(i) => format!("{}.accelerator", comp(i)),
            Param::Cap(i) => format!("{}.cap", comp(i)),
            Param::GateLevel(i, k) => {
                format!("{}.gate.{}", comp(i), quote(&gate_metric(scn, i, k)))
            }
            Param::ModifierMin(i) => format!("{}.modifier.min", comp(i)),
            Param::ModifierMax(i) => format!("{}.modifier.max", comp(i)),
            Param::SpifAmount(i) => format!(
                "spif.{}.amount",
                plan.spifs.get(i).map_or("?".to_string(), |s| quote(&s.id))
            ),
            Param::BurdenRate => "burden_rate".into(),
            Param::Scale => "attainment_scale".into(),
            Param::Attainment(i) => format!("{}.attainment", comp(i)),
            Param::PeriodWeight(i, p) => format!("{}.weight.{}", comp(i), period(p)),
            Param::PeriodTarget(i, p) => format!("{}.target.{}", comp(i), period(p)),
            Param::AsOf => "as_of".into(),
            Param::Budget => "budget".into(),
            Param::MissingProjections => "missing_projections".into(),
            Param::Leavers => "leavers".into(),
            Param::ProrateTargets => "prorate_targets".into(),
        }
    }

    /// Every parameter of a scenario, in the editor's order (a per-period slider once per
    /// period).
    pub fn all(scn: &Scenario) -> Vec<Param> {
        let n = scn.plan.periods.len();
        let mut rows = rows_at(scn, 0);
        if !rows.contains(&Row::Param(Param::MissingProjections)) {
            // A setting of the plan even while every projection is there: after the budget.
            let at = rows
                .iter()
                .position(|r| *r == Row::Param(Param::Budget))
                .map_or(rows.len(), |b| b + 1);
            rows.insert(at, Row::Param(Param::MissingProjections));
        }
        rows.into_iter()
            .filter_map(|r| match r {
                Row::Param(p) => Some(p),
                Row::Header(_) => None,
            })
            .flat_map(|p| match p {
                Param::PeriodWeight(i, _) => (0..n).map(|k| Param::PeriodWeight(i, k)).collect(),
                Param::PeriodTarget(i, _) => (0..n).map(|k| Param::PeriodTarget(i, k)).collect(),
                p => vec![p],
            })
            .collect()
    }

    /// The period a per-period slider acts on.
    pub fn period(self) -> Option<usize> {
        match self {
            Param::PeriodWeight(_, p) | Param::PeriodTarget(_, p) => Some(p),
            _ => None,
        }
    }

    /// The same slider on period `p` (other sliders are returned as they are).
    pub fn in_period(self, p: usize) -> Param {
        match self {
            Param::PeriodWeight(i, _) => Param::PeriodWeight(i, p),
            Param::PeriodTarget(i, _) => Param::PeriodTarget(i, p),
            other => other,
        }
    }

    /// The parameter a path names (see [`Param::path`]); quotes around a name are
    /// optional when it has only letters, digits, `-` and `_`. The error names the path and
    /// lists the paths the scenario has.
    pub fn from_path(scn: &Scenario, path: &str) -> Result<Param, String> {
        let wanted = split_path(path.trim())
            .ok_or_else(|| format!("`{path}` is not a parameter path (an unclosed quote?)"))?;
        let plan = &scn.plan;
        let aliases = |p: Param| -> Vec<Vec<String>> {
            let mut out = vec![split_path(&p.path(scn)).unwrap_or_default()];
            // `threshold` and `accelerator` also name a step curve's first and top step,
            // and the other way round.
            if let Some(i) = p.component() {
                let id = plan
                    .components
                    .get(i)
                    .map_or(String::new(), |c| c.id.clone());
                match p {
                    Param::Threshold(_) => {
                        out.push(vec![id.clone(), "threshold".into()]);
                        out.push(vec![id.clone(), "first_point".into()]);
                        out.push(vec![id, "first_step".into()]);
                    }
                    Param::TopRate(_) => {
                        out.push(vec![id.clone(), "accelerator".into()]);
                        out.push(vec![id.clone(), "top_point".into()]);
                        out.push(vec![id, "top_step".into()]);
                    }
                    _ => {}
                }
            }
            out
        };
        let all = Param::all(scn);
        if let Some(p) = all.iter().find(|p| aliases(**p).contains(&wanted)) {
            return Ok(*p);
        }
        let known: Vec<String> = all.iter().map(|p| p.path(scn)).collect();
        Err(format!(
            "`{path}` is not a parameter of this plan; its parameters are: {}",
            known.join(", ")
        ))
    }

    /// True for the settings that toggle between values (the bases, the as-of period).
    pub fn is_toggle(self) -> bool {
        matches!(
            self,
            Param::Basis
                | Param::LevelBasis(_)
                | Param::AsOf
                | Param::MissingProjections
                | Param::Leavers
                | Param::ProrateTargets
        )
    }

    pub fn component(self) -> Option<usize> {
        match self {
            Param::Weight(i)
            | Param::Target(i)
            | Param::PeriodWeight(i, _)
            | Param::PeriodTarget(i, _)
            | Param::Threshold(i)
            | Param::TopRate(i)
            | Param::Cap(i)
            | Param::GateLevel(i, _)
            | Param::ModifierMin(i)
            | Param::ModifierMax(i)
            | Param::Attainment(i) => Some(i),
            _ => None,
        }
    }

    pub fn label(self, scn: &Scenario) -> String {
        match self {
            Param::VariableShare => "Variable share".into(),
            Param::Basis => "Basis".into(),
            Param::LevelBasis(_) => "    basis".into(),
            Param::LevelShare(i) => scn
                .plan
                .level_mix
                .keys()
                .nth(i)
                .map_or("Level".into(), |l| format!("  {l}")),
            Param::Weight(_) => "Weight".into(),
            Param::Target(_) => "Target".into(),
            Param::Threshold(i) => match scn.plan.components.get(i).map(|c| &c.curve) {
                Some(Curve::Steps { .. }) => "First step at".into(),
                Some(Curve::Points { .. }) => "First point at".into(),
                _ => "Threshold".into(),
            },
            Param::TopRate(i) => match scn.plan.components.get(i).map(|c| &c.curve) {
                Some(Curve::Steps { .. }) => "Top step pays".into(),
                Some(Curve::Points { .. }) => "Top point pays".into(),
                Some(Curve::Tiered {
                    mode: crate::engine::TierMode::Flat,
                    ..
                }) => "Top rate (flat)".into(),
                _ => "Accelerator".into(),
            },
            Param::Cap(_) => "Cap".into(),
            Param::ModifierMin(_) => "Modifier at least".into(),
            Param::ModifierMax(_) => "Modifier at most".into(),
            Param::GateLevel(i, k) => {
                let at_least = scn
                    .plan
                    .components
                    .get(i)
                    .and_then(|c| c.gates.get(k))
                    .is_none_or(|g| g.level().1);
                format!(
                    "Gate {} {}",
                    if at_least { "≥" } else { "≤" },
                    gate_metric(scn, i, k)
                )
            }
            Param::SpifAmount(i) => scn
                .plan
                .spifs
                .get(i)
                .map_or("SPIF".into(), |s| s.name.clone()),
            Param::BurdenRate => "Burden rate".into(),
            Param::Scale => "Team attainment".into(),
            Param::Attainment(i) => scn
                .plan
                .components
                .get(i)
                .map_or("  Metric".into(), |c| format!("  {}", c.name)),
            Param::PeriodWeight(_, p) => format!("Weight ({})", period_id(scn, p)),
            Param::PeriodTarget(_, p) => format!("Target ({})", period_id(scn, p)),
            Param::AsOf => "Actual through".into(),
            Param::MissingProjections => "No projection".into(),
            Param::Leavers => "Leavers".into(),
            Param::ProrateTargets => "Joiner targets".into(),
            Param::Budget => match scn.plan.budget.as_ref().map(|b| b.basis) {
                Some(crate::engine::BudgetBasis::Loaded) => "Loaded budget".into(),
                _ => "Budget".into(),
            },
        }
    }

    pub fn kind(self, scn: &Scenario) -> Kind {
        match self {
            Param::Basis
            | Param::LevelBasis(_)
            | Param::AsOf
            | Param::MissingProjections
            | Param::Leavers
            | Param::ProrateTargets => Kind::Toggle,
            Param::Target(i) | Param::PeriodTarget(i, _) => {
                match scn.plan.components.get(i).map(|c| c.unit) {
                    Some(Unit::Money) => Kind::Money,
                    Some(Unit::Count) => Kind::Count,
                    _ => Kind::Percent,
                }
            }
            Param::TopRate(i) => match scn.plan.components.get(i).map(|c| &c.curve) {
                Some(Curve::Points { .. }) => Kind::Percent,
                _ => Kind::Factor,
            },
            Param::GateLevel(i, k) => match gate_component(scn, i, k).map(|c| c.unit) {
                Some(Unit::Money) => Kind::Money,
                Some(Unit::Count) => Kind::Count,
                _ => Kind::Percent,
            },
            Param::SpifAmount(_) | Param::Budget => Kind::Money,
            _ => Kind::Percent,
        }
    }

    /// The current value; `None` for "no cap" (and for the basis toggle).
    pub fn get(self, scn: &Scenario) -> Option<Decimal> {
        let plan = &scn.plan;
        let comp = |i: usize| plan.components.get(i);
        match self {
            Param::VariableShare => Some(plan.mix.variable_share),
            Param::Basis
            | Param::LevelBasis(_)
            | Param::MissingProjections
            | Param::Leavers
            | Param::ProrateTargets => None,
            Param::LevelShare(i) => plan.level_mix.values().nth(i).map(|m| m.variable_share),
            Param::Weight(i) => comp(i).map(|c| c.weight),
            Param::Target(i) => comp(i).map(|c| c.target),
            Param::Threshold(i) => comp(i).map(|c| c.curve.threshold()),
            Param::TopRate(i) => comp(i).and_then(|c| match &c.curve {
                Curve::Tiered { tiers, .. } => tiers.last().map(|t| t.rate),
                Curve::Steps { steps } => steps.last().map(|s| s.factor),
                Curve::Points { points, .. } => points.last().map(|p| p.pays),
            }),
            Param::Cap(i) => comp(i).and_then(|c| match &c.curve {
                Curve::Tiered { cap, .. } => *cap,
                Curve::Steps { .. } | Curve::Points { .. } => None,
            }),
            Param::SpifAmount(i) => plan.spifs.get(i).map(|s| s.amount),
            Param::GateLevel(i, k) => comp(i).and_then(|c| c.gates.get(k)).map(|g| g.level().0),
            Param::ModifierMin(i) => comp(i).and_then(|c| c.modifier.as_ref()).map(|m| m.min),
            Param::ModifierMax(i) => comp(i).and_then(|c| c.modifier.as_ref()).map(|m| m.max),
            Param::BurdenRate => Some(scn.assumptions.burden_rate),
            Param::Scale => Some(scn.assumptions.attainment_scale),
            Param::Attainment(i) => comp(i).map(|c| scn.assumptions.metric_scale(c)),
            Param::PeriodWeight(i, p) => {
                let pid = &plan.periods.get(p)?.id;
                comp(i).map(|c| c.weight_in(pid))
            }
            Param::PeriodTarget(i, p) => {
                let pid = &plan.periods.get(p)?.id;
                comp(i).map(|c| c.target_in(pid))
            }
            Param::AsOf => Some(Decimal::from(plan.as_of_index().map_or(0, |a| a + 1))),
            Param::Budget => plan.budget.as_ref().map(|b| b.amount),
        }
    }

    /// (min, max) of the slider.
    pub fn range(self, scn: &Scenario) -> (Decimal, Decimal) {
        match self {
            Param::VariableShare | Param::LevelShare(_) => (d(0, 0), d(60, 2)),
            Param::Basis
            | Param::LevelBasis(_)
            | Param::MissingProjections
            | Param::Leavers
            | Param::ProrateTargets => (d(0, 0), d(1, 0)),
            Param::Weight(_) | Param::PeriodWeight(..) => (d(0, 0), d(1, 0)),
            Param::AsOf => (d(0, 0), Decimal::from(scn.plan.periods.len())),
            Param::Target(_) | Param::PeriodTarget(..) => match self.kind(scn) {
                Kind::Money => (d(1000, 0), d(10_000_000, 0)),
                Kind::Count => (d(1, 0), d(1000, 0)),
                _ => (d(5, 3), d(2, 0)),
            },
            Param::ModifierMin(_) | Param::ModifierMax(_) => (d(0, 0), d(2, 0)),
            Param::GateLevel(..) => match self.kind(scn) {
                Kind::Money => (d(0, 0), d(10_000_000, 0)),
                Kind::Count => (d(0, 0), d(1000, 0)),
                _ => (d(0, 0), d(2, 0)),
            },
            Param::Threshold(_) => (d(0, 0), d(15, 1)),
            Param::TopRate(_) => (d(0, 0), d(5, 0)),
            Param::Cap(_) => (d(5, 1), d(4, 0)),
            Param::SpifAmount(_) => (d(0, 0), d(10_000, 0)),
            Param::BurdenRate => (d(0, 0), d(60, 2)),
            Param::Scale | Param::Attainment(_) => (d(50, 2), d(150, 2)),
            Param::Budget => (d(0, 0), crate::engine::validate::MAX_MONEY),
        }
    }

    /// One arrow-key step.
    pub fn step(self, scn: &Scenario) -> Decimal {
        match self {
            Param::AsOf => d(1, 0),
            Param::Target(_) | Param::PeriodTarget(..) => match self.kind(scn) {
                Kind::Money => d(5000, 0),
                Kind::Count => d(1, 0),
                _ => d(5, 3),
            },
            Param::Threshold(_) => d(5, 2),
            Param::TopRate(_) | Param::Cap(_) => d(1, 1),
            Param::GateLevel(..) => match self.kind(scn) {
                Kind::Money => d(5000, 0),
                Kind::Count => d(1, 0),
                _ => d(1, 2),
            },
            Param::SpifAmount(_) => d(50, 0),
            Param::Budget => d(10_000, 0),
            _ => d(1, 2),
        }
    }

    /// The value with its unit, as shown next to the slider.
    pub fn show(self, scn: &Scenario) -> String {
        match self {
            Param::Basis => return scn.plan.mix.basis.label().into(),
            Param::LevelBasis(i) => {
                return scn
                    .plan
                    .level_mix
                    .values()
                    .nth(i)
                    .map_or("—", |m| m.basis.label())
                    .into();
            }
            Param::MissingProjections => {
                return match scn.plan.missing_projections {
                    crate::engine::MissingProjection::AtTarget => "at target".into(),
                    crate::engine::MissingProjection::AtZero => "at 0%".into(),
                };
            }
            Param::Leavers => {
                return match scn.plan.leavers {
                    crate::engine::LeaverPolicy::Forfeit => "forfeit".into(),
                    crate::engine::LeaverPolicy::SettleAtLeaving => "settle".into(),
                    crate::engine::LeaverPolicy::PayAtYearEnd => "year end".into(),
                };
            }
            Param::ProrateTargets => {
                return match scn.plan.prorate_targets {
                    true => "prorated".into(),
                    false => "full year".into(),
                };
            }
            Param::AsOf => {
                return match scn.plan.as_of_index() {
                    Some(a) => period_id(scn, a),
                    None => "none".into(),
                };
            }
            _ => {}
        }
        match (self, self.get(scn)) {
            (Param::Cap(_), None) => "no cap".into(),
            (Param::Budget, None) => "none".into(),
            (_, None) => "—".into(),
            (_, Some(v)) => self.format(scn, v),
        }
    }

    pub fn format(self, scn: &Scenario, v: Decimal) -> String {
        match self.kind(scn) {
            Kind::Percent => pct_exact(v.round_dp(6)),
            Kind::Money => money_whole(v),
            Kind::Factor => format!("{}×", plain(v)),
            Kind::Count => plain(v),
            Kind::Toggle => String::new(),
        }
    }

    /// What to type, for the input prompt.
    pub fn hint(self, scn: &Scenario) -> &'static str {
        match (self, self.kind(scn)) {
            (Param::Cap(_), _) => "e.g. 150% or none",
            (_, Kind::Percent) => "e.g. 22.5%",
            (_, Kind::Money) => "e.g. $120,000",
            (_, Kind::Factor) => "e.g. 1.5",
            (_, Kind::Count) => "e.g. 40",
            (Param::AsOf, _) => "a period id or none",
            (Param::MissingProjections, _) => "target or 0%",
            (Param::Leavers, _) => "forfeit, settle or year end",
            (Param::ProrateTargets, _) => "prorated or whole year",
            (_, Kind::Toggle) => "ote or bonus",
        }
    }

    /// Reads what the user typed, by the rule scenario files follow (docs/scenario-format.md,
    /// "Numbers"): percent parameters take `22.5%` or the fraction `0.225`, and a bare number
    /// above the parameter's range (`30` for a weight) is refused as a missing `%`; money
    /// is dollars and cents (`$1.6M`, `1,600k`, `USD 1,600,000`), in the plan's currency;
    /// a cap takes `none`.
    pub fn parse(self, scn: &Scenario, text: &str) -> Result<Option<Decimal>, String> {
        let t = text.trim();
        if matches!(self, Param::Cap(_) | Param::Budget)
            && ["none", "no", "no cap", "no budget", "off"].contains(&t.to_lowercase().as_str())
        {
            return Ok(None);
        }
        let (lo, hi) = self.range(scn);
        let currency = scn.plan.currency();
        let v = match (self, self.kind(scn)) {
            (_, Kind::Percent) => parse_pct(t, hi),
            (Param::SpifAmount(_) | Param::Budget, _) => parse_money_in(t, currency),
            _ => parse_decimal_in(t, currency),
        }
        .map_err(|e| e.0)?;
        if v < lo || v > hi {
            return Err(format!(
                "{} must be between {} and {}",
                self.label(scn),
                self.format(scn, lo),
                self.format(scn, hi)
            ));
        }
        Ok(Some(v))
    }

    /// The value `steps` steps away (negative = down), clamped to the range. A cap moved past
    /// its top becomes "no cap", and moved down from "no cap" returns to the top.
    pub fn nudge(self, scn: &Scenario, steps: i64) -> Option<Decimal> {
        let (lo, hi) = self.range(scn);
        let step = self.step(scn);
        match (self, self.get(scn)) {
            (Param::Cap(_), None) if steps < 0 => {
                Some((hi + step * Decimal::from(steps + 1)).clamp(lo, hi))
            }
            (Param::Cap(_), None) => None,
            (Param::Budget, None) => None,
            (Param::Cap(_), Some(v)) if steps > 0 && v >= hi => None,
            (_, cur) => {
                let cur = cur.unwrap_or(lo);
                // Snap to the step grid so values stay round (0.2 + 0.01 × n). From a value
                // between grid points, the first step goes to the next one in the direction
                // of travel (4.5 steps up to 5 and down to 4, never past one).
                let at = cur / step;
                let from = match steps.signum() {
                    1 => at.floor(),
                    -1 => at.ceil(),
                    _ => at.round(),
                };
                let snapped = (from + Decimal::from(steps)) * step;
                Some(snapped.clamp(lo, hi).normalize())
            }
        }
    }
}

/// The plan component gate `k` of component `i` looks at.
fn gate_component(scn: &Scenario, i: usize, k: usize) -> Option<&crate::engine::Component> {
    let g = scn.plan.components.get(i)?.gates.get(k)?;
    let m = crate::engine::gates::gating_component(&scn.plan, g)?;
    scn.plan.components.get(m)
}

/// The id of the metric gate `k` of component `i` looks at (as written when not found).
fn gate_metric(scn: &Scenario, i: usize, k: usize) -> String {
    match gate_component(scn, i, k) {
        Some(c) => c.id.clone(),
        None => scn
            .plan
            .components
            .get(i)
            .and_then(|c| c.gates.get(k))
            .map_or("?".to_string(), |g| g.metric.clone()),
    }
}

/// The id of period `p` ("?" when there is none).
fn period_id(scn: &Scenario, p: usize) -> String {
    scn.plan
        .periods
        .get(p)
        .map_or("?".to_string(), |x| x.id.clone())
}

/// A path segment as written: bare when it is only letters, digits, `-` and `_`, else in
/// double quotes.
fn quote(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\\\""))
    }
}

/// `level."Senior CSM".variable_share` → `["level", "Senior CSM", "variable_share"]`;
/// `None` for an unclosed quote.
fn split_path(path: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if !quoted && cur.is_empty() => quoted = true,
            '"' if quoted => quoted = false,
            '\\' if quoted => cur.push(chars.next()?),
            '.' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    if quoted {
        return None;
    }
    out.push(cur);
    Some(out)
}

mod apply;
mod from;
pub use from::version_at;

#[cfg(test)]
mod tests;
