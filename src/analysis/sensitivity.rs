//! Which levers matter: every plan parameter and every attainment assumption moved one
//! step down and one step up (weights rebalancing as the sliders do), the team's cash at
//! each, exactly, and with a simulation its P90, ranked by how far the two lie apart.
//!
//! A step depends on the kind of lever (docs/parameters.md, "Sensitivity"): one slider
//! step for the plan's terms, five points for an attainment assumption; each kind's step
//! can be set (`--step attainment=10%`, `--step target=10%` for ±10% of every target).
//!
//! Owns: the sensitivity figures, on the exact engine. Must not: do I/O or format text.

use crate::engine::eval::TeamInputs;
use crate::engine::evaluate::evaluate_with;
use crate::engine::params::{Kind, Param};
use crate::engine::{RiskSettings, Scenario};
use crate::num::{pct_exact, plain};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The kinds of lever, each with its own step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepKind {
    /// Variable shares (the plan's and the levels').
    Share,
    /// Metric weights, for the year or a period.
    Weight,
    /// Targets, for the year or a period: a step is a share of the target.
    Target,
    /// Thresholds and first steps.
    Threshold,
    /// Accelerators and top steps.
    Accelerator,
    Cap,
    /// SPIF amounts.
    Spif,
    /// The burden rate.
    Burden,
    /// The team's attainment and each metric's attainment assumption.
    Attainment,
}

impl StepKind {
    pub const ALL: [StepKind; 9] = [
        StepKind::Share,
        StepKind::Weight,
        StepKind::Target,
        StepKind::Threshold,
        StepKind::Accelerator,
        StepKind::Cap,
        StepKind::Spif,
        StepKind::Burden,
        StepKind::Attainment,
    ];

    /// The word `--step` takes.
    pub fn word(self) -> &'static str {
        match self {
            StepKind::Share => "share",
            StepKind::Weight => "weight",
            StepKind::Target => "target",
            StepKind::Threshold => "threshold",
            StepKind::Accelerator => "accelerator",
            StepKind::Cap => "cap",
            StepKind::Spif => "spif",
            StepKind::Burden => "burden",
            StepKind::Attainment => "attainment",
        }
    }

    /// The kind of a lever (`None`: not a lever).
    pub fn of(p: Param) -> Option<StepKind> {
        Some(match p {
            Param::VariableShare | Param::LevelShare(_) => StepKind::Share,
            Param::Weight(_) | Param::PeriodWeight(..) => StepKind::Weight,
            Param::Target(_) | Param::PeriodTarget(..) => StepKind::Target,
            Param::Threshold(_) | Param::GateLevel(..) => StepKind::Threshold,
            Param::TopRate(_) => StepKind::Accelerator,
            Param::Cap(_) | Param::ModifierMin(_) | Param::ModifierMax(_) => StepKind::Cap,
            Param::SpifAmount(_) => StepKind::Spif,
            Param::BurdenRate => StepKind::Burden,
            Param::Scale | Param::Attainment(_) => StepKind::Attainment,
            Param::Basis
            | Param::LevelBasis(_)
            | Param::AsOf
            | Param::Budget
            | Param::MissingProjections
            | Param::Leavers
            | Param::ProrateTargets => return None,
        })
    }
}

/// How far each kind of lever moves: its own step where one is set, else the default (one
/// slider step; five points for attainment), times `multiple`.
#[derive(Debug, Clone, PartialEq)]
pub struct Steps {
    pub multiple: i64,
    /// Steps set by kind: points for percentages, dollars for SPIFs, a factor for
    /// accelerators, a share of the value for targets.
    pub set: BTreeMap<StepKind, Decimal>,
}

impl Default for Steps {
    fn default() -> Self {
        Steps {
            multiple: 1,
            set: BTreeMap::new(),
        }
    }
}

impl Steps {
    /// `multiple` slider steps (the default steps × `multiple`).
    pub fn times(multiple: i64) -> Steps {
        Steps {
            multiple: multiple.max(1),
            set: BTreeMap::new(),
        }
    }

    /// Reads `--step KIND=VALUE` (`attainment=10%`, `target=5%`, `spif=$100`,
    /// `accelerator=0.25`): the error names the kinds.
    pub fn read(&mut self, text: &str) -> Result<(), String> {
        let kinds = || {
            StepKind::ALL
                .iter()
                .map(|k| k.word())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (k, v) = text
            .split_once('=')
            .ok_or_else(|| format!("`{text}` is not KIND=STEP; the kinds are {}", kinds()))?;
        let kind = StepKind::ALL
            .into_iter()
            .find(|x| x.word().eq_ignore_ascii_case(k.trim()))
            .ok_or_else(|| {
                format!(
                    "`{}` is not a kind of lever; the kinds are {}",
                    k.trim(),
                    kinds()
                )
            })?;
        let v = v.trim();
        let value = match kind {
            StepKind::Spif => crate::num::parse_money_in(v, crate::num::Currency::default()),
            StepKind::Accelerator => {
                crate::num::parse_decimal_in(v, crate::num::Currency::default())
            }
            _ => crate::num::parse_pct(v, Decimal::ONE),
        }
        .map_err(|e| format!("--step {text}: {}", e.0))?;
        if value <= Decimal::ZERO {
            return Err(format!("--step {text}: a step must be above zero"));
        }
        self.set.insert(kind, value);
        Ok(())
    }

    /// The value `dir` (−1 or 1) steps from where `param` stands, within its range, or
    /// `None` when it cannot move that way.
    fn moved(&self, scn: &Scenario, param: Param, dir: i64) -> Option<Option<Decimal>> {
        let kind = StepKind::of(param)?;
        let by = dir * self.multiple;
        let now = param.get(scn);
        let (lo, hi) = param.range(scn);
        let step = match (kind, self.set.get(&kind)) {
            (_, Some(s)) => *s,
            (StepKind::Attainment, None) => Decimal::new(5, 2),
            // One slider step (a cap without one moves as its slider does).
            _ => return Some(param.nudge(scn, by)),
        };
        let Some(now) = now else {
            return Some(param.nudge(scn, by));
        };
        let delta = step * Decimal::from(by);
        let v = match kind {
            StepKind::Target => crate::num::cents(now * (Decimal::ONE + delta)).max(Decimal::ZERO),
            _ => now + delta,
        };
        // A cap moved up past its range is no cap.
        if kind == StepKind::Cap && v > hi {
            return Some(None);
        }
        Some(Some(v.clamp(lo, hi).normalize()))
    }
}

/// One lever: the parameter, where it stands, and the team's cash a step down and a step
/// up (`None` where it cannot move that way: at the end of its range, or refused).
#[derive(Debug, Clone, PartialEq)]
pub struct Lever {
    pub param: Param,
    /// The `--set` path that names it.
    pub path: String,
    pub label: String,
    /// Its value now, as the app shows it.
    pub value: String,
    pub down: Option<Move>,
    pub up: Option<Move>,
    /// The larger distance of the two moves from the current cash.
    pub swing: Decimal,
}

/// A move of a lever: the value it moves to (as shown), the `--set` that makes it, and the
/// team's cash there (and its P90 with a simulation).
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub value: String,
    /// `PATH=VALUE` with the exact value: `calc --set` with it gives `cash`.
    pub set: String,
    pub cash: Decimal,
    pub p90: Option<Decimal>,
}

/// The levers of a plan, biggest swing first.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// The team's cash as the plan stands.
    pub cash: Decimal,
    /// Its P90 when simulated.
    pub p90: Option<Decimal>,
    pub steps: Steps,
    /// The simulation's trials and seed, when P90 is given.
    pub risk: Option<(u32, u64)>,
    pub levers: Vec<Lever>,
}

/// Moves every parameter of `scn` `steps` slider steps down and up.
pub fn sensitivity(scn: &Scenario, steps: i64) -> Sensitivity {
    sensitivity_with(scn, &Steps::times(steps), None)
}

/// The exact text of a value for `--set` (no rounding): `20.5%`, `1.25`, `52500.5`.
fn exact(scn: &Scenario, p: Param, v: Option<Decimal>) -> String {
    match (v, p.kind(scn)) {
        (None, _) => "none".into(),
        (Some(v), Kind::Percent) => pct_exact(v),
        (Some(v), _) => plain(v),
    }
}

/// Moves every lever of `scn` one step (by kind, see [`Steps`]) down and up. Toggles, the
/// as-of period and the budget (which pays nothing) are not levers. With `risk`
/// (settings, trials, seed), each move's P90 of team cost too, every one from the same
/// seed.
pub fn sensitivity_with(
    scn: &Scenario,
    steps: &Steps,
    risk: Option<(&RiskSettings, u32, u64)>,
) -> Sensitivity {
    let inputs = TeamInputs::new(scn);
    let cash_of = |s: &Scenario| {
        evaluate_with(s, &inputs, s.assumptions.attainment_scale)
            .team
            .cash
    };
    let p90_of = |s: &Scenario| {
        risk.map(|(settings, trials, seed)| {
            crate::engine::risk::simulate(s, settings, trials, seed).p90
        })
    };
    let cash = cash_of(scn);
    let locks: Vec<bool> = scn
        .plan
        .components
        .iter()
        .map(|c| c.weight_locked)
        .collect();
    // One working copy: each move resets its plan and assumptions (the team never changes).
    let mut work = scn.clone();
    let mut levers = Vec::new();
    for param in Param::all(scn)
        .into_iter()
        .filter(|p| StepKind::of(*p).is_some())
    {
        let now = param.get(scn);
        let mut moved = |dir: i64| -> Option<Move> {
            let v = steps.moved(scn, param, dir)?;
            if v == now {
                return None;
            }
            work.plan = scn.plan.clone();
            work.assumptions = scn.assumptions.clone();
            param.apply(&mut work, &inputs, v, &locks).ok()?;
            if work.plan == scn.plan && work.assumptions == scn.assumptions {
                return None;
            }
            Some(Move {
                value: param.show(&work),
                set: format!("{}={}", param.path(scn), exact(scn, param, v)),
                cash: cash_of(&work),
                p90: p90_of(&work),
            })
        };
        let (down, up) = (moved(-1), moved(1));
        let swing = [&down, &up]
            .iter()
            .filter_map(|m| m.as_ref().map(|m| (m.cash - cash).abs()))
            .max()
            .unwrap_or(Decimal::ZERO);
        levers.push(Lever {
            param,
            path: param.path(scn),
            label: match (
                param,
                param.component().and_then(|i| scn.plan.components.get(i)),
            ) {
                (Param::Attainment(_), Some(c)) => format!("{}: attainment", c.name),
                (_, Some(c)) => format!("{}: {}", c.name, param.label(scn).trim()),
                (Param::LevelShare(_), None) => {
                    format!("{}: variable share", param.label(scn).trim())
                }
                (_, None) => param.label(scn).trim().to_string(),
            },
            value: param.show(scn),
            down,
            up,
            swing,
        });
    }
    // Biggest swing first; the plan's order among equals.
    levers.sort_by_key(|l| std::cmp::Reverse(l.swing));
    Sensitivity {
        cash,
        p90: p90_of(scn),
        steps: steps.clone(),
        risk: risk.map(|(_, t, s)| (t, s)),
        levers,
    }
}
