//! What-ifs on the command line: `--set PATH=VALUE` (and `--lock PATH`) on calc, check and
//! compare, and the `solve` command. Values follow the one rule for numbers the app's
//! prompts follow; weights rebalance exactly as in the app. See docs/parameters.md.

use super::{CliError, Format};
use crate::analysis::solve::show_value;
use crate::analysis::solve::{Figure, Solution};
use crate::engine::Scenario;
use crate::engine::eval::TeamInputs;
use crate::engine::params::Param;
use crate::engine::versions::period_named;
use crate::num::{money, money_plain, pct, plain};
use rust_decimal::Decimal;

/// The weight locks `--lock PATH` asks for (each PATH a weight, `grr.weight`, or a metric
/// id, `grr`), by component.
pub fn locks(scn: &Scenario, lock: &[String]) -> Result<Vec<bool>, CliError> {
    // The plan's own locks, then the command's.
    let mut out: Vec<bool> = scn
        .plan
        .components
        .iter()
        .map(|c| c.weight_locked)
        .collect();
    for l in lock {
        let path = if l.contains('.') {
            l.clone()
        } else {
            format!("{l}.weight")
        };
        match Param::from_path(scn, &path).map_err(|e| CliError(format!("--lock: {e}")))? {
            Param::Weight(i) => out[i] = true,
            p => {
                return Err(CliError(format!(
                    "--lock {l}: only weights can be locked, and {} is not a weight",
                    p.path(scn)
                )));
            }
        }
    }
    Ok(out)
}

/// Applies every `--set PATH=VALUE`, in order, with the app's validation and rebalancing.
pub fn apply_sets(scn: &mut Scenario, sets: &[String], lock: &[String]) -> Result<(), CliError> {
    if sets.is_empty() {
        return Ok(());
    }
    let locked = locks(scn, lock)?;
    let inputs = TeamInputs::new(scn);
    for set in sets {
        let Some((path, value)) = set.split_once('=') else {
            return Err(CliError(format!(
                "--set {set}: write it as PATH=VALUE, e.g. --set variable_share=25%"
            )));
        };
        let param = Param::from_path(scn, path).map_err(|e| CliError(format!("--set: {e}")))?;
        let path = param.path(scn);
        // `VALUE@PERIOD`: from that period on (a change to the plan during the year).
        let whole = value;
        let (value, from) = match value.rsplit_once('@') {
            Some((v, period)) => match period_named(&scn.plan, period) {
                Some(p) => (v, Some(p)),
                None => {
                    let ids: Vec<&str> = scn.plan.periods.iter().map(|p| p.id.as_str()).collect();
                    return Err(CliError(if ids.is_empty() {
                        format!(
                            "--set {path}={value}: `{period}` is not a period; the plan has no periods"
                        )
                    } else {
                        format!(
                            "--set {path}={value}: `{period}` is not a period of the plan ({})",
                            ids.join(", ")
                        )
                    }));
                }
            },
            None => (value, None),
        };
        if from == Some(0) {
            return Err(CliError(format!(
                "--set {path}={whole}: {} is the first period, so a change from it is the plan itself; leave out the @",
                scn.plan.periods[0].id
            )));
        }
        if let Some(p) = from
            && !param.can_change_from_a_period()
        {
            let err = param
                .apply_from(scn, &inputs, None, &locked, p.max(1))
                .err()
                .unwrap_or_default();
            return Err(CliError(format!(
                "--set {path}={value}@{}: {err}",
                scn.plan.periods[p].id
            )));
        }
        if param == Param::AsOf {
            let v = value.trim();
            // An empty value is a slip (a missing variable in a script), never "none".
            let k = if ["none", "no"].contains(&v.to_lowercase().as_str()) {
                0
            } else {
                match scn.plan.period_index(v) {
                    Some(k) => k + 1,
                    None => {
                        let ids: Vec<&str> =
                            scn.plan.periods.iter().map(|p| p.id.as_str()).collect();
                        return Err(CliError(format!(
                            "--set as_of={value}: write a period id ({}) or none",
                            ids.join(", ")
                        )));
                    }
                }
            };
            param
                .apply(scn, &inputs, Some(Decimal::from(k)), &locked)
                .map_err(|e| CliError(format!("--set {path}={value}: not applied: {e}")))?;
            continue;
        }
        if param == Param::MissingProjections {
            use crate::engine::MissingProjection::{AtTarget, AtZero};
            let v = value.trim().to_lowercase();
            let wanted = match v.as_str() {
                "target" | "at target" | "at_target" | "attarget" | "100%" => AtTarget,
                "0%" | "0" | "zero" | "at 0%" | "at zero" | "at_zero" | "atzero" => AtZero,
                _ => {
                    return Err(CliError(format!(
                        "--set {path}={value}: a missing projection is counted at `target` or at `0%`"
                    )));
                }
            };
            if scn.plan.missing_projections != wanted {
                param
                    .apply(scn, &inputs, None, &locked)
                    .map_err(|e| CliError(format!("--set {path}={value}: not applied: {e}")))?;
            }
            continue;
        }
        if param == Param::Leavers || param == Param::ProrateTargets {
            let v = value.trim().to_lowercase();
            let apply_until = |scn: &mut Scenario, done: &dyn Fn(&Scenario) -> bool| {
                // A toggle steps through its values: at most three steps reach any of them.
                for _ in 0..3 {
                    if done(scn) {
                        return Ok(());
                    }
                    param
                        .apply(scn, &inputs, None, &locked)
                        .map_err(|e| CliError(format!("--set {path}={value}: not applied: {e}")))?;
                }
                Ok::<(), CliError>(())
            };
            if param == Param::Leavers {
                let Some(wanted) = crate::engine::LeaverPolicy::parse(&v) else {
                    return Err(CliError(format!(
                        "--set {path}={value}: leavers are paid by one of `forfeit`, `settle_at_leaving` or `pay_at_year_end`"
                    )));
                };
                apply_until(scn, &|s: &Scenario| s.plan.leavers == wanted)?;
            } else {
                let wanted = match v.as_str() {
                    "true" | "yes" | "on" | "prorated" | "prorate" => true,
                    "false" | "no" | "off" | "whole year" | "whole_year" | "full year" => false,
                    _ => {
                        return Err(CliError(format!(
                            "--set {path}={value}: joiners' and leavers' targets are `prorated` (true) or `whole year` (false)"
                        )));
                    }
                };
                apply_until(scn, &|s: &Scenario| s.plan.prorate_targets == wanted)?;
            }
            continue;
        }
        if param.is_toggle() {
            let v = value.trim().to_lowercase();
            let now = param.show(scn).to_lowercase();
            let wanted = match v.as_str() {
                "ote" | "ote split" | "ote_split" | "otesplit" => "ote split",
                "bonus" | "bonus on top" | "bonus_on_top" | "bonusontop" => "bonus on top",
                _ => {
                    return Err(CliError(format!(
                        "--set {path}={value}: a basis is `ote` (OTE split) or `bonus` (bonus on top)"
                    )));
                }
            };
            // From a period on: the basis in force there, changed from there.
            let at = from.unwrap_or(0);
            let now = match crate::engine::params::version_at(scn, at) {
                Some(v) if at > 0 => param.show(&v).to_lowercase(),
                _ => now,
            };
            if now != wanted {
                param
                    .apply_from(scn, &inputs, None, &locked, at)
                    .map_err(|e| CliError(format!("--set {path}={whole}: not applied: {e}")))?;
            }
            continue;
        }
        let v = param
            .parse(scn, value)
            .map_err(|e| CliError(format!("--set {path}={value}: {e}")))?;
        param
            .apply_from(scn, &inputs, v, &locked, from.unwrap_or(0))
            .map_err(|e| CliError(format!("--set {path}={whole}: not applied: {e}")))?;
        if from.is_some() {
            continue;
        }
        if let (Param::Weight(i), Some(v)) = (param, v)
            && scn.plan.components[i].weight != v
        {
            eprintln!(
                "note: --set {path}={value}: set to {} (weights are kept to 0.01% and locked weights do not move)",
                param.show(scn)
            );
        }
    }
    Ok(())
}

/// The `--for` of `solve`.
pub fn figure(name: &str) -> Result<Figure, String> {
    Figure::from_name(name)
}

/// A budget as typed, in the plan's `currency` (see [`crate::analysis::solve::parse_budget`]).
pub fn budget(
    figure: Figure,
    text: &str,
    currency: crate::num::Currency,
) -> Result<Decimal, CliError> {
    crate::analysis::solve::parse_budget_in(figure, text, currency)
        .map_err(|e| CliError(format!("--budget {e}")))
}

/// A change to the cent with its sign: `+$33,691.08`, `-$6,308.65`, `$0.00`.
fn delta(v: Decimal) -> String {
    if v.is_zero() {
        money(Decimal::ZERO)
    } else if v.is_sign_negative() {
        format!("-{}", money(-v))
    } else {
        format!("+{}", money(v))
    }
}

fn show_figure(figure: Figure, v: Decimal) -> String {
    if figure.is_ratio() {
        pct(v, 2)
    } else {
        money(v)
    }
}

/// "Meets the budget for 0%–54.63%": the stretches of values that fit, in words.
fn ranges_sentence(
    scn: &Scenario,
    param: Param,
    figure: Figure,
    ranges: &[crate::analysis::solve::Range],
    budget: &str,
) -> String {
    let path = param.path(scn);
    if ranges.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = ranges
        .iter()
        .map(|r| r.text(|v| show_value(param, scn, v)))
        .collect();
    let list = match parts.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    format!(
        "{} is {budget} or less for {path} {list}.\n",
        capitalised(figure.name())
    )
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Runs `solve` on a scenario (after `--set`), prints the result, and writes the solved
/// scenario to `write` when asked.
pub struct SolveArgs<'a> {
    pub param: &'a str,
    pub figure: Figure,
    pub budget: Decimal,
    /// The pick asked for; the parameter's default when `None`.
    pub pick: Option<crate::analysis::solve::Pick>,
    pub lock: &'a [String],
    pub format: Format,
}

/// The solution as text (table) or JSON.
pub fn run_solve(scn: &Scenario, a: &SolveArgs) -> Result<(String, Solution), CliError> {
    let param = Param::from_path(scn, a.param).map_err(|e| CliError(format!("--param: {e}")))?;
    let locked = locks(scn, a.lock)?;
    if let Param::Weight(i) = param
        && locked.get(i) == Some(&true)
    {
        return Err(CliError(format!(
            "--param {}: that weight is locked (--lock), so it cannot move",
            param.path(scn)
        )));
    }
    let sol = super::progress::run("Solving", "values tried", None, |done| {
        let pick = a
            .pick
            .unwrap_or(crate::analysis::solve::Pick::default_for(param));
        crate::analysis::solve::solve_with(scn, param, &locked, a.figure, a.budget, pick, done)
    })
    .map_err(|e| CliError(e.to_string()))?;
    let text = match a.format {
        Format::Json => json(scn, param, a, &sol),
        _ => table(scn, param, a, &sol),
    };
    Ok((text, sol))
}

fn figures_json(t: &crate::engine::TeamResult) -> serde_json::Value {
    serde_json::json!({
        "cash": money_plain(t.cash),
        "loaded": money_plain(t.loaded_cost),
        "planned": money_plain(t.planned_cost),
        "cost_pct_of_arr": plain(t.cost_pct_of_arr.round_dp(6)),
    })
}

fn json(scn: &Scenario, param: Param, a: &SolveArgs, s: &Solution) -> String {
    let fig = |v: Decimal| {
        if a.figure.is_ratio() {
            plain(v.round_dp(6))
        } else {
            money_plain(v)
        }
    };
    let ranges: Vec<serde_json::Value> = s
        .ranges
        .iter()
        .map(|r| {
            serde_json::json!({
                "from": r.from.map(plain),
                "to": r.to.map(plain),
            })
        })
        .collect();
    let v = serde_json::json!({
        "param": param.path(scn),
        "value": s.value.map(plain),
        "for": a.figure.name(),
        "figure": fig(s.figure),
        "budget": fig(a.budget),
        "met": s.met,
        "kept": s.kept,
        "pick": s.pick.name(),
        "ranges": ranges,
        "before": figures_json(&s.before),
        "after": figures_json(&s.after),
    });
    let mut out = serde_json::to_string_pretty(&v).unwrap_or_default();
    out.push('\n');
    out
}

fn table(scn: &Scenario, param: Param, a: &SolveArgs, s: &Solution) -> String {
    let path = param.path(scn);
    let before_value = show_value(param, scn, param.get(scn));
    let after_value = show_value(param, &s.scenario, s.value);
    let mut out = format!(
        "Solve {path} so that {} ≤ {}\n\n",
        a.figure.name(),
        show_figure(a.figure, a.budget)
    );
    let rows: Vec<Vec<String>> = vec![
        vec![path.clone(), before_value, after_value, String::new()],
        vec![
            "Cash".into(),
            money(s.before.cash),
            money(s.after.cash),
            delta(s.after.cash - s.before.cash),
        ],
        vec![
            "Fully loaded cost".into(),
            money(s.before.loaded_cost),
            money(s.after.loaded_cost),
            delta(s.after.loaded_cost - s.before.loaded_cost),
        ],
        vec![
            "Planned at 100%".into(),
            money(s.before.planned_cost),
            money(s.after.planned_cost),
            delta(s.after.planned_cost - s.before.planned_cost),
        ],
        vec![
            "Loaded cost % of book ARR".into(),
            pct(s.before.cost_pct_of_arr, 2),
            pct(s.after.cost_pct_of_arr, 2),
            String::new(),
        ],
    ];
    let header = ["", "before", "solved", "change"].map(String::from);
    out.push_str(&crate::output::report::aligned(
        &header,
        &rows,
        &[false, true, true, true],
    ));
    out.push('\n');
    let fig = show_figure(a.figure, s.figure);
    let budget = show_figure(a.figure, a.budget);
    out.push_str(&ranges_sentence(scn, param, a.figure, &s.ranges, &budget));
    if s.kept {
        let under = if a.figure.is_ratio() {
            String::new()
        } else {
            format!(", {} under the budget", money(a.budget - s.figure))
        };
        out.push_str(&format!(
            "The value as it is, {path} = {}, already fits: {} is {fig}{under}. Nothing changes.\n",
            show_value(param, scn, s.value),
            a.figure.name()
        ));
    } else if s.met && s.pick == crate::analysis::solve::Pick::Nearest {
        let under = if a.figure.is_ratio() {
            String::new()
        } else {
            format!(", {} under the budget", money(a.budget - s.figure))
        };
        out.push_str(&format!(
            "{path} = {} does not fit; the nearest value that does is {}, which gives {} {fig}{under}.\n",
            show_value(param, scn, param.get(scn)),
            show_value(param, &s.scenario, s.value),
            a.figure.name()
        ));
    } else if s.met {
        let under = if a.figure.is_ratio() {
            String::new()
        } else {
            format!(", {} under the budget", money(a.budget - s.figure))
        };
        if param == Param::Scale {
            out.push_str(&format!(
                "The plan's {} is {fig} if the team reaches {} of projection: the highest attainment within {budget}.\n",
                a.figure.name(),
                show_value(param, scn, s.value)
            ));
        } else {
            out.push_str(&format!(
                "With {path} = {}, {} is {fig}{under}.\n",
                show_value(param, &s.scenario, s.value),
                a.figure.name()
            ));
        }
    } else {
        out.push_str(&format!(
            "No value of {path} in its range brings {} to {budget} or less; the nearest is {} = {}, which gives {fig}.\n",
            a.figure.name(),
            path,
            show_value(param, &s.scenario, s.value),
        ));
    }
    // Guardrails the solved plan trips that the plan as given did not.
    let warn = |x: &Scenario| crate::engine::compute_valid(x).warnings;
    let had: Vec<(&str, String)> = warn(scn)
        .iter()
        .map(|w| (w.code, w.location.clone()))
        .collect();
    for w in warn(&s.scenario) {
        if !had.contains(&(w.code, w.location.clone())) {
            out.push_str(&format!("warning ({}): {}\n", w.code, w.message));
        }
    }
    out
}
