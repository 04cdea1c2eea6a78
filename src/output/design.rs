//! The optimiser's report (docs/design.md): the plan found, or the closest and what binds;
//! each constraint with its value and margin; what changes in words; the plan against the
//! current one. As text (the command line, the app) or JSON.

use crate::analysis::design::{
    Budgeted, Candidate, Checked, Constraint, Design, Objective, Problem,
};
use crate::num::{money, pct_exact, plain};
use rust_decimal::Decimal;

/// A constraint's figure and margin in its unit.
fn figure(c: &Checked) -> (String, String) {
    let pts = |d: Decimal| format!("{} points", plain((d * Decimal::ONE_HUNDRED).round_dp(2)));
    match c.constraint {
        Constraint::Budget(..) => (money(c.value), money(c.margin.abs())),
        Constraint::Leverage(_) => (plain(c.value), plain(c.margin.abs())),
        _ => (pct_exact(c.value.round_dp(4)), pts(c.margin.abs())),
    }
}

fn checks_lines(c: &Candidate) -> Vec<String> {
    c.checks
        .iter()
        .map(|x| {
            let (v, m) = figure(x);
            format!(
                "  {}: {v} — {} {m}",
                x.constraint.words(),
                if x.met() { "met by" } else { "MISSED by" }
            )
        })
        .collect()
}

fn values_lines(p: &Problem, c: &Candidate) -> Vec<String> {
    p.free
        .iter()
        .zip(&c.values)
        .map(|(f, v)| {
            format!(
                "  {} ({}): {} → {}",
                f.param.path(p.scn),
                f.param.label(p.scn).trim(),
                f.param.show(p.scn),
                f.param.format(p.scn, *v)
            )
        })
        .collect()
}

fn against(p: &Problem, c: &Candidate) -> Option<String> {
    let s = c.scenario.as_ref()?;
    let (a, b) = (crate::engine::evaluate(p.scn), crate::engine::evaluate(s));
    let gain = a
        .csms
        .iter()
        .zip(&b.csms)
        .filter(|(x, y)| y.total > x.total)
        .count();
    let lose = a
        .csms
        .iter()
        .zip(&b.csms)
        .filter(|(x, y)| y.total < x.total)
        .count();
    let d = b.team.cash - a.team.cash;
    Some(format!(
        "Against the current plan: cash {} → {} ({}{}); {gain} CSMs gain, {lose} lose (the largest loss {}).",
        money(a.team.cash),
        money(b.team.cash),
        if d < Decimal::ZERO { "-" } else { "+" },
        money(d.abs()),
        pct_exact((c.largest_loss * Decimal::ONE_HUNDRED).round_dp(2) / Decimal::ONE_HUNDRED)
    ))
}

/// The report: the plan found (or the closest and what binds), each constraint with its
/// value and margin, the changes in words, and the plan against the current one.
pub fn json(p: &Problem, d: &Design) -> String {
    {
        let cand = |c: &Candidate| {
            serde_json::json!({
                "values": p.free.iter().zip(&c.values).map(|(f, v)| serde_json::json!({
                    "path": f.param.path(p.scn),
                    "from": f.param.get(p.scn).map(plain),
                    "to": plain(*v),
                })).collect::<Vec<_>>(),
                "cash": crate::num::money_plain(c.cash),
                "constraints": c.checks.iter().map(|x| serde_json::json!({
                    "constraint": x.constraint.words(),
                    "value": plain(x.value),
                    "margin": plain(x.margin),
                    "met": x.met(),
                })).collect::<Vec<_>>(),
                "changes": c.scenario.as_ref().map(|s| crate::analysis::compare::diff::rules_changes_named(p.scn, s, false)),
            })
        };
        let v = serde_json::json!({
            "scenario": p.scn.name,
            "evaluated": d.evaluated,
            "exhaustive": d.exhaustive,
            "risk": d.risk.map(|(t, s)| serde_json::json!({"trials": t, "seed": s})),
            "best": d.best.as_ref().map(cand),
            "closest": d.closest.as_ref().map(cand),
        });
        serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
    }
}

/// The report as text.
pub fn text(p: &Problem, d: &Design) -> String {
    let mut out = format!(
        "Design for `{}`: {} free parameter{}, {} plans evaluated ({}).\nObjective: {}.\n",
        crate::text::escape_invisible(&p.scn.name),
        p.free.len(),
        if p.free.len() == 1 { "" } else { "s" },
        d.evaluated,
        if d.exhaustive {
            "every plan on the grid of slider steps"
        } else {
            "a coarse grid, then slider steps from the best"
        },
        match p.objective {
            Objective::Closest => "closest to the current plan (the fewest slider steps)",
            Objective::Controllable => "the most variable pay on controllable metrics",
            Objective::SmallestLoss => "the smallest largest loss for any CSM",
        }
    );
    if let Some((t, s)) = d.risk {
        out += &format!(
            "Simulated constraints: {t} trials, seed {s}; {} plan{} simulated (at most {}), so the plan is the best found among those.\n",
            d.simulations,
            if d.simulations == 1 { "" } else { "s" },
            crate::analysis::design::MAX_SIMULATIONS
        );
    }
    match (&d.best, &d.closest) {
        (Some(b), _) => {
            out += "\nBest plan found:\n";
            for l in values_lines(p, b) {
                out += &l;
                out.push('\n');
            }
            out += "Constraints:\n";
            for l in checks_lines(b) {
                out += &l;
                out.push('\n');
            }
            if let Some(s) = &b.scenario {
                let words = crate::analysis::compare::diff::rules_changes_named(p.scn, s, false);
                out += "What changes:\n";
                if words.is_empty() {
                    out += "  nothing: the current plan already meets every constraint\n";
                }
                for w in words {
                    out += &format!("  - {w}\n");
                }
            }
            if let Some(a) = against(p, b) {
                out += &a;
                out.push('\n');
            }
        }
        (None, Some(c)) => {
            let binding = d.binding();
            let simulated_binds = c.checks.iter().any(|x| {
                !x.met()
                    && matches!(
                        x.constraint,
                        Constraint::Leverage(_)
                            | Constraint::Budget(Budgeted::P50 | Budgeted::P90, _)
                    )
            });
            out += &format!(
                "\n{} What binds: {}.\nThe closest plan (it misses the least):\n",
                if simulated_binds {
                    format!(
                        "No plan simulated ({} of those meeting the other constraints) meets every constraint.",
                        d.simulations
                    )
                } else {
                    "No plan on the grid meets every constraint.".to_string()
                },
                binding.join("; ")
            );
            for l in values_lines(p, c) {
                out += &l;
                out.push('\n');
            }
            out += "Constraints there:\n";
            for l in checks_lines(c) {
                out += &l;
                out.push('\n');
            }
        }
        (None, None) => {
            out +=
                "\nNo plan could be made from these values (the plan refused every combination).\n";
        }
    }
    out
}
