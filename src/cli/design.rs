//! `design FILE --free PARAM[=LOW..HIGH] ...`: the plan optimiser on the command line
//! (docs/design.md): the constraints as flags, the report as text or JSON, `--write` to save
//! the plan found.

use super::{CliError, Format};
use crate::analysis::design::{
    Budgeted, Candidate, Checked, Constraint, Design, Free, Objective, Problem,
};
use crate::engine::Scenario;
use crate::engine::params::Param;
use crate::num::{money, pct_exact, plain};
use rust_decimal::Decimal;

/// The command's flags, as typed.
#[derive(Debug, Clone, Default)]
pub struct Args {
    pub free: Vec<String>,
    pub budget: Option<String>,
    pub figure: Option<String>,
    pub at_target: Option<String>,
    pub below_threshold: Option<String>,
    pub leverage: Option<String>,
    pub controllable: Option<String>,
    pub max_loss: Option<String>,
    pub variable_share: Option<String>,
    pub objective: Option<String>,
    pub trials: Option<u32>,
    pub seed: Option<u64>,
}

fn pct_arg(flag: &str, t: &str) -> Result<Decimal, CliError> {
    crate::num::parse_pct(t, Decimal::ONE).map_err(|e| CliError(format!("--{flag} {t}: {}", e.0)))
}

/// `55%..70%` (also `55%-70%`).
fn range_arg(flag: &str, t: &str) -> Result<(Decimal, Decimal), CliError> {
    let (a, b) = t
        .split_once("..")
        .or_else(|| t.split_once('–'))
        .ok_or_else(|| CliError(format!("--{flag} {t}: give a range, e.g. 55%..70%")))?;
    let (lo, hi) = (pct_arg(flag, a)?, pct_arg(flag, b)?);
    if lo > hi {
        return Err(CliError(format!(
            "--{flag} {t}: the low end is above the high end"
        )));
    }
    Ok((lo, hi))
}

/// `grr.cap`, `grr.cap=120%..200%`: the parameter and its range (its slider's by default).
fn free_arg(scn: &Scenario, t: &str) -> Result<Free, CliError> {
    let (path, range) = match t.split_once('=') {
        Some((p, r)) => (p, Some(r)),
        None => (t, None),
    };
    let param = Param::from_path(scn, path).map_err(|e| CliError(format!("--free {t}: {e}")))?;
    if param.is_toggle() || matches!(param, Param::AsOf | Param::Budget) {
        return Err(CliError(format!(
            "--free {t}: {} is a setting, not a number to search",
            param.label(scn).trim()
        )));
    }
    let (mut low, mut high) = param.range(scn);
    if let Some(r) = range {
        let (a, b) = r.split_once("..").ok_or_else(|| {
            CliError(format!(
                "--free {t}: give the range as LOW..HIGH, e.g. {path}=20%..30%"
            ))
        })?;
        let read = |x: &str| -> Result<Decimal, CliError> {
            param
                .parse(scn, x)
                .map_err(|e| CliError(format!("--free {t}: {e}")))?
                .ok_or_else(|| CliError(format!("--free {t}: `{x}` is not a value")))
        };
        (low, high) = (read(a)?, read(b)?);
        if low > high {
            return Err(CliError(format!(
                "--free {t}: the low end is above the high end"
            )));
        }
    }
    Ok(Free { param, low, high })
}

/// The problem the flags describe.
pub fn problem<'a>(scn: &'a Scenario, a: &Args) -> Result<Problem<'a>, CliError> {
    if a.free.is_empty() {
        return Err(CliError(
            "give at least one --free parameter to search".into(),
        ));
    }
    let free = a
        .free
        .iter()
        .map(|t| free_arg(scn, t))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, f) in free.iter().enumerate() {
        if free[..i].iter().any(|g| g.param == f.param) {
            return Err(CliError(format!(
                "--free {}: given twice",
                f.param.path(scn)
            )));
        }
    }
    let mut constraints = Vec::new();
    let figure = match a.figure.as_deref() {
        None => match scn.plan.budget.as_ref().map(|b| b.basis) {
            Some(crate::engine::BudgetBasis::Loaded) => Budgeted::Loaded,
            _ => Budgeted::Cash,
        },
        Some("cash") => Budgeted::Cash,
        Some("loaded") => Budgeted::Loaded,
        Some("p50") => Budgeted::P50,
        Some("p90") => Budgeted::P90,
        Some(x) => {
            return Err(CliError(format!(
                "--for {x}: the budget is for cash, loaded, p50 or p90"
            )));
        }
    };
    let budget = match &a.budget {
        Some(t) => Some(
            crate::analysis::solve::parse_budget_in(
                crate::analysis::solve::Figure::Cash,
                t,
                scn.plan.currency(),
            )
            .map_err(|e| CliError(format!("--budget {e}")))?,
        ),
        None => scn.plan.budget.as_ref().map(|b| b.amount),
    };
    if let Some(b) = budget {
        constraints.push(Constraint::Budget(figure, b));
    } else if a.figure.is_some() {
        return Err(CliError(
            "--for needs --budget (or a budget in the plan)".into(),
        ));
    }
    if let Some(t) = &a.at_target {
        let (lo, hi) = range_arg("at-target", t)?;
        constraints.push(Constraint::AtTarget(lo, hi));
    }
    if let Some(t) = &a.below_threshold {
        constraints.push(Constraint::BelowThreshold(pct_arg("below-threshold", t)?));
    }
    if let Some(t) = &a.leverage {
        let v = crate::num::parse_decimal_in(t, scn.plan.currency())
            .map_err(|e| CliError(format!("--leverage {t}: {}", e.0)))?;
        constraints.push(Constraint::Leverage(v));
    }
    if let Some(t) = &a.controllable {
        constraints.push(Constraint::Controllable(pct_arg("controllable", t)?));
    }
    if let Some(t) = &a.max_loss {
        constraints.push(Constraint::MaxLoss(pct_arg("max-loss", t)?));
    }
    if let Some(t) = &a.variable_share {
        let (lo, hi) = range_arg("variable-share", t)?;
        constraints.push(Constraint::VariableShare(lo, hi));
    }
    let objective = match a.objective.as_deref() {
        None | Some("closest") => Objective::Closest,
        Some("controllable") => Objective::Controllable,
        Some("smallest-loss") | Some("smallest_loss") => Objective::SmallestLoss,
        Some(x) => {
            return Err(CliError(format!(
                "--objective {x}: choose closest, controllable or smallest-loss"
            )));
        }
    };
    let settings = scn.assumptions.risk.clone().unwrap_or_default();
    let trials = a.trials.unwrap_or(settings.trials.min(2_000));
    let seed = a.seed.unwrap_or(settings.seed);
    Ok(Problem {
        scn,
        free,
        constraints,
        objective,
        risk: (settings, trials, seed),
    })
}

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
pub fn render(p: &Problem, d: &Design, format: Format) -> String {
    if format == Format::Json {
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
        return serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    }
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
            let binding: Vec<String> = c
                .checks
                .iter()
                .filter(|x| !x.met())
                .map(|x| x.constraint.words())
                .collect();
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
