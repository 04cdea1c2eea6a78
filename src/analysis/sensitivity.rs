//! Which levers matter: every plan parameter moved one slider step down and one step up
//! (weights rebalancing as the sliders do), the team's cash at each, exactly, ranked by
//! how far the two lie apart. The team attainment what-if is a lever too.
//!
//! Owns: the sensitivity figures, on the exact engine. Must not: do I/O or format text.

use crate::engine::Scenario;
use crate::engine::eval::TeamInputs;
use crate::engine::evaluate::evaluate_with;
use crate::engine::params::Param;
use rust_decimal::Decimal;

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

/// A move of a lever: the value it moves to (as shown) and the team's cash there.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub value: String,
    pub cash: Decimal,
}

/// The levers of a plan, biggest swing first.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// The team's cash as the plan stands.
    pub cash: Decimal,
    /// How many slider steps each move is.
    pub steps: i64,
    pub levers: Vec<Lever>,
}

/// Moves every parameter of `scn` `steps` slider steps down and up. Toggles, the as-of
/// period and the budget (which pays nothing) are not levers.
pub fn sensitivity(scn: &Scenario, steps: i64) -> Sensitivity {
    let inputs = TeamInputs::new(scn);
    let cash_of = |s: &Scenario| {
        evaluate_with(s, &inputs, s.assumptions.attainment_scale)
            .team
            .cash
    };
    let cash = cash_of(scn);
    let locks: Vec<bool> = scn
        .plan
        .components
        .iter()
        .map(|c| c.weight_locked)
        .collect();
    let steps = steps.max(1);
    // One working copy: each move resets its plan and assumptions (the team never changes).
    let mut work = scn.clone();
    let mut levers = Vec::new();
    for param in Param::all(scn)
        .into_iter()
        .filter(|p| !p.is_toggle() && *p != Param::Budget)
    {
        let now = param.get(scn);
        let mut moved = |by: i64| -> Option<Move> {
            let v = param.nudge(scn, by);
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
                cash: cash_of(&work),
            })
        };
        let (down, up) = (moved(-steps), moved(steps));
        let swing = [&down, &up]
            .iter()
            .filter_map(|m| m.as_ref().map(|m| (m.cash - cash).abs()))
            .max()
            .unwrap_or(Decimal::ZERO);
        levers.push(Lever {
            param,
            path: param.path(scn),
            label: match param.component().and_then(|i| scn.plan.components.get(i)) {
                Some(c) => format!("{}: {}", c.name, param.label(scn).trim()),
                None => param.label(scn).trim().to_string(),
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
        steps,
        levers,
    }
}
