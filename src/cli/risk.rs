//! `cscomp-tui risk`: the cost-risk simulation in four formats (docs/risk.md).

use super::out;
use super::{CliError, Format};
use crate::engine::risk::RiskReport;
use crate::engine::{BudgetBasis, Scenario};
use crate::num::{money, money_plain, pct, plain};
use rust_decimal::Decimal;

fn basis_name(b: BudgetBasis) -> &'static str {
    match b {
        BudgetBasis::Cash => "cash",
        BudgetBasis::Loaded => "loaded cost",
    }
}

/// The report in the asked format.
pub fn render(scn: &Scenario, r: &RiskReport, format: Format) -> String {
    match format {
        Format::Json => json(scn, r),
        Format::Csv => csv(scn, r),
        Format::Markdown => markdown(scn, r),
        Format::Table => table(scn, r),
    }
}

fn ratio(d: Decimal) -> String {
    plain(d.round_dp(4))
}

fn json(scn: &Scenario, r: &RiskReport) -> String {
    let csms: Vec<serde_json::Value> = scn
        .team
        .iter()
        .zip(&r.csms)
        .map(|(c, x)| {
            serde_json::json!({
                "id": c.id,
                "name": c.name,
                "p10": money_plain(x.p10),
                "p50": money_plain(x.p50),
                "p90": money_plain(x.p90),
                "p50_pct_of_ote": ratio(x.pct_of_ote),
                "outcome_share": ratio(x.outcome_share),
                "flagged": x.flagged,
            })
        })
        .collect();
    let v = serde_json::json!({
        "scenario": scn.name,
        "trials": r.trials,
        "seed": r.seed,
        "budget": r.budget.as_ref().map(|b| money_plain(b.amount)),
        "basis": match r.basis { BudgetBasis::Cash => "cash", BudgetBasis::Loaded => "loaded" },
        "team": {
            "at_projection": money_plain(r.at_projection),
            "mean": money_plain(r.mean),
            "p5": money_plain(r.p5),
            "p10": money_plain(r.p10),
            "p50": money_plain(r.p50),
            "p90": money_plain(r.p90),
            "p95": money_plain(r.p95),
            "p_over_budget": r.p_over_budget.map(ratio),
        },
        "health": {
            "below_threshold": ratio(r.health.below_threshold),
            "at_or_above_target": ratio(r.health.at_or_above_target),
            "at_cap": ratio(r.health.at_cap),
            "leverage": ratio(r.health.leverage),
        },
        "fairness": {
            "rank_correlation": r.fairness.rank_correlation.map(ratio),
            "by_level": r.fairness.by_level.iter().map(|l| serde_json::json!({
                "level": l.level,
                "csms": l.csms,
                "cash": money_plain(l.cash),
                "pct_of_ote_min": ratio(l.pct_of_ote.0),
                "pct_of_ote_max": ratio(l.pct_of_ote.1),
            })).collect::<Vec<_>>(),
        },
        "csm_trials": r.csm_trials,
        "csms": csms,
        "warnings": r.warnings.iter().map(|(code, message)| serde_json::json!({"code": code, "message": message})).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&v).unwrap_or_default();
    out.push('\n');
    out
}

fn csv(scn: &Scenario, r: &RiskReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "name",
        "level",
        "p10",
        "p50",
        "p90",
        "outcome_share",
        "flagged",
    ]
    .map(String::from);
    crate::report::write_safe_record(&mut w, &header);
    for (c, x) in scn.team.iter().zip(&r.csms) {
        crate::report::write_safe_record(
            &mut w,
            &[
                c.id.clone(),
                c.name.clone(),
                c.level.clone(),
                money_plain(x.p10),
                money_plain(x.p50),
                money_plain(x.p90),
                ratio(x.outcome_share),
                x.flagged.to_string(),
            ],
        );
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The summary rows shared by the table and Markdown.
fn summary_rows(r: &RiskReport) -> Vec<(String, String)> {
    let b = basis_name(r.basis);
    let mut rows = vec![
        (
            format!("Team {b} at the projections"),
            money(r.at_projection),
        ),
        (format!("Expected team {b} (mean)"), money(r.mean)),
        ("P5".into(), money(r.p5)),
        ("P10".into(), money(r.p10)),
        ("P50 (median)".into(), money(r.p50)),
        ("P90".into(), money(r.p90)),
        ("P95".into(), money(r.p95)),
    ];
    if let (Some(budget), Some(p)) = (&r.budget, r.p_over_budget) {
        rows.push((format!("Budget ({b})"), money(budget.amount)));
        rows.push(("Chance of exceeding the budget".into(), pct(p, 1)));
    }
    rows
}

fn health_rows(r: &RiskReport) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = r
        .health
        .rows()
        .into_iter()
        .map(|(what, value, aim)| (format!("{what} ({aim})"), value))
        .collect();
    rows.push((
        "Rank correlation, pay vs controllable attainment".into(),
        r.fairness
            .rank_correlation
            .map_or("—".into(), |c| plain(c.round_dp(2))),
    ));
    rows
}

fn pairs(rows: &[(String, String)]) -> String {
    let w = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let v = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    rows.iter()
        .map(|(a, b)| format!("{a:<w$}  {b:>v$}\n"))
        .collect()
}

/// A histogram as text bars, `width` characters at the most.
pub fn bars(r: &RiskReport, width: usize) -> String {
    let most = r
        .cost_histogram
        .iter()
        .map(|b| b.2)
        .max()
        .unwrap_or(1)
        .max(1);
    let mut out = String::new();
    for (from, to, n) in &r.cost_histogram {
        let len = (*n as usize * width).div_ceil(most as usize);
        let marks: String = r
            .band_marks(*from, *to)
            .iter()
            .map(|m| format!(" ◂ {m}"))
            .collect();
        out.push_str(&format!(
            "{:>14} – {:<14} {:>6} {}{}\n",
            crate::num::money_whole(*from),
            crate::num::money_whole(*to),
            n,
            "█".repeat(len),
            marks
        ));
    }
    out
}

fn table(scn: &Scenario, r: &RiskReport) -> String {
    let mut out = format!(
        "{} — cost risk, {} simulated years (seed {})\n\n",
        crate::text::escape_invisible(&scn.name),
        r.trials,
        r.seed
    );
    out.push_str(&pairs(&summary_rows(r)));
    out.push('\n');
    out.push_str(&r.gap);
    out.push_str("\n\nTeam cost, simulated years per band:\n");
    out.push_str(&bars(r, 40));
    out.push_str("\nPayout-curve health (weighted by metric weight, average year):\n");
    out.push_str(&pairs(&health_rows(r)));
    out.push_str("\nBy level:\n");
    let rows: Vec<Vec<String>> = r
        .fairness
        .by_level
        .iter()
        .map(|l| {
            vec![
                l.level.clone(),
                l.csms.to_string(),
                money(l.cash),
                format!("{} – {}", pct(l.pct_of_ote.0, 1), pct(l.pct_of_ote.1, 1)),
            ]
        })
        .collect();
    let header = ["Level", "CSMs", "Expected cash", "Median % of OTE"].map(String::from);
    out.push_str(&crate::report::aligned(
        &header,
        &rows,
        &[false, true, true, true],
    ));
    out.push_str(&format!(
        "\nEach CSM's total pay{}:\n",
        if r.csm_trials < r.trials {
            format!(" (from the first {} simulated years)", r.csm_trials)
        } else {
            String::new()
        }
    ));
    let rows: Vec<Vec<String>> = scn
        .team
        .iter()
        .zip(&r.csms)
        .map(|(c, x)| {
            vec![
                c.id.clone(),
                c.name.clone(),
                money(x.p10),
                money(x.p50),
                money(x.p90),
                pct(x.pct_of_ote, 0),
                pct(x.outcome_share, 0),
                if x.flagged {
                    "⚠ mostly uncontrolled".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    let header = [
        "ID",
        "Name",
        "P10",
        "P50",
        "P90",
        "P50 % of OTE",
        "Swing from outcomes",
        "",
    ]
    .map(String::from);
    out.push_str(&crate::report::aligned(
        &header,
        &rows,
        &[false, false, true, true, true, true, true, false],
    ));
    out.push('\n');
    if r.warnings.is_empty() {
        out.push_str("No cost-risk warnings.\n");
    } else {
        for (code, m) in &r.warnings {
            out.push_str(&format!("warning ({code}): {m}\n"));
        }
    }
    out
}

fn markdown(scn: &Scenario, r: &RiskReport) -> String {
    let md = |s: &str| s.replace('|', "\\|");
    let mut out = format!(
        "# {}: cost risk\n\n{} simulated years, seed {}.\n\n| | |\n| --- | ---: |\n",
        crate::text::md(&scn.name),
        r.trials,
        r.seed
    );
    for (a, b) in summary_rows(r) {
        out.push_str(&format!("| {} | {} |\n", md(&a), b));
    }
    out.push_str(&format!(
        "\n{}\n\n## Payout-curve health\n\n| | |\n| --- | ---: |\n",
        r.gap
    ));
    for (a, b) in health_rows(r) {
        out.push_str(&format!("| {} | {} |\n", md(&a), b));
    }
    out.push_str("\n## Each CSM\n\n| ID | Name | P10 | P50 | P90 | P50 % of OTE | Swing from outcomes |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (c, x) in scn.team.iter().zip(&r.csms) {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {}{} |\n",
            crate::text::md(&c.id),
            crate::text::md(&c.name),
            money(x.p10),
            money(x.p50),
            money(x.p90),
            pct(x.pct_of_ote, 0),
            pct(x.outcome_share, 0),
            if x.flagged { " ⚠" } else { "" }
        ));
    }
    if !r.warnings.is_empty() {
        out.push_str("\n## Warnings\n\n");
        for (code, m) in &r.warnings {
            out.push_str(&format!("- **{code}**: {}\n", md(m)));
        }
    }
    out
}

/// Runs `risk`: the file's settings, overridden by the flags.
pub fn run(
    mut scn: Scenario,
    trials: Option<u32>,
    seed: Option<u64>,
    budget: Option<&str>,
    format: Format,
) -> Result<(), CliError> {
    let mut settings = scn.assumptions.risk.clone().unwrap_or_default();
    if let Some(t) = trials {
        settings.trials = t;
    }
    if let Some(s) = seed {
        settings.seed = s;
    }
    if let Some(b) = budget {
        let amount =
            crate::num::parse_decimal(b).map_err(|e| CliError(format!("--budget {b}: {}", e.0)))?;
        if amount.is_sign_negative() || b.trim_end().ends_with('%') {
            return Err(CliError(format!(
                "--budget {b}: a budget is money, e.g. 1600000 or $1,600,000"
            )));
        }
        let basis = scn
            .plan
            .budget
            .as_ref()
            .map_or(BudgetBasis::Cash, |x| x.basis);
        scn.plan.budget = Some(crate::engine::Budget { amount, basis });
    }
    let trials = settings.trials;
    let r = super::progress::run("Simulating", "years", Some(u64::from(trials)), |done| {
        crate::engine::risk::simulate_counted(&scn, &settings, trials, settings.seed, done)
    });
    out!("{}", render(&scn, &r, format));
    Ok(())
}
