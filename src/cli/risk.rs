//! `cscomp-tui risk`: the cost-risk simulation in four formats (docs/risk.md).

use super::out;
use super::{CliError, Format};
use crate::engine::risk::RiskReport;
use crate::engine::risk_words::{self, Figure, money_rounded};
use crate::engine::{BudgetBasis, Scenario};
use crate::num::{money_plain, pct, plain};
use rust_decimal::Decimal;

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

/// `{key: what it means}` of figures, for JSON.
fn meanings(figures: &[Figure]) -> serde_json::Value {
    figures
        .iter()
        .map(|f| {
            (
                f.key.to_string(),
                serde_json::Value::from(f.meaning.clone()),
            )
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
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
                "standard_error": {
                    "p10": money_plain(x.se[0]),
                    "p50": money_plain(x.se[1]),
                    "p90": money_plain(x.se[2]),
                },
                "p50_pct_of_ote": ratio(x.pct_of_ote),
                "outcome_share": ratio(x.outcome_share),
                "flagged": x.flagged,
            })
        })
        .collect();
    let pr = &r.precision;
    let health = risk_words::health_figures(r);
    let v = serde_json::json!({
        "scenario": scn.name,
        "trials": r.trials,
        "seed": r.seed,
        "spreads": crate::analysis::calibrate::source_words(scn),
        "budget": r.budget.as_ref().map(|b| money_plain(b.amount)),
        "basis": match r.basis { BudgetBasis::Cash => "cash", BudgetBasis::Loaded => "loaded" },
        "precision": risk_words::precision_note(r.trials),
        "team": {
            "at_projection": money_plain(r.at_projection),
            "mean": money_plain(r.mean),
            "p5": money_plain(r.p5),
            "p10": money_plain(r.p10),
            "p50": money_plain(r.p50),
            "p90": money_plain(r.p90),
            "p95": money_plain(r.p95),
            "p_over_budget": r.p_over_budget.map(ratio),
            "standard_error": {
                "mean": money_plain(pr.mean),
                "p5": money_plain(pr.p5),
                "p10": money_plain(pr.p10),
                "p50": money_plain(pr.p50),
                "p90": money_plain(pr.p90),
                "p95": money_plain(pr.p95),
                "p_over_budget": pr.p_over_budget.map(ratio),
            },
            "meaning": meanings(&risk_words::team_figures(r)),
        },
        "health": {
            "below_threshold": ratio(r.health.below_threshold),
            "at_or_above_target": ratio(r.health.at_or_above_target),
            "at_cap": ratio(r.health.at_cap),
            "leverage": ratio(r.health.leverage),
            "standard_error": {
                "below_threshold": ratio(pr.below_threshold),
                "at_or_above_target": ratio(pr.at_or_above_target),
                "at_cap": ratio(pr.at_cap),
            },
            "meaning": meanings(&health[..4]),
        },
        "fairness": {
            "rank_correlation": r.fairness.rank_correlation.map(ratio),
            "by_level": r.fairness.by_level.iter().map(|l| serde_json::json!({
                "level": l.level,
                "csms": l.csms,
                "cash": money_plain(l.cash),
                "cash_standard_error": money_plain(l.cash_se),
                "pct_of_ote_min": ratio(l.pct_of_ote.0),
                "pct_of_ote_max": ratio(l.pct_of_ote.1),
            })).collect::<Vec<_>>(),
            "meaning": {
                "rank_correlation": risk_words::rank_correlation_meaning(r.fairness.rank_correlation),
                "by_level": risk_words::LEVEL_MEANING,
            },
        },
        "csm_trials": r.csm_trials,
        "csms_meaning": risk_words::CSM_MEANING,
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
    crate::output::report::write_safe_record(&mut w, &header);
    for (c, x) in scn.team.iter().zip(&r.csms) {
        crate::output::report::write_safe_record(
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

/// The health figures with what practitioners aim for in the label.
fn health_rows(r: &RiskReport) -> Vec<Figure> {
    risk_words::health_figures(r)
        .into_iter()
        .map(|mut f| {
            if let Some(aim) = f.aim {
                f.label = format!("{} ({aim})", f.label);
            }
            f
        })
        .collect()
}

/// Words wrapped to lines of at most `width` characters (a longer word has a line of its
/// own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// A paragraph wrapped to 88 columns.
fn paragraph(text: &str) -> String {
    wrap(text, 88).into_iter().map(|l| l + "\n").collect()
}

/// Each figure on a line, label then value, and under it, indented, what it means.
fn pairs(rows: &[Figure]) -> String {
    let w = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for f in rows {
        out.push_str(&format!("{:<w$}  {}\n", f.label, f.value));
        for l in wrap(&f.meaning, 84) {
            out.push_str(&format!("    {l}\n"));
        }
    }
    out
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
        "{} — cost risk, {} simulated years (seed {})\n{}\n\n",
        crate::text::escape_invisible(&scn.name),
        r.trials,
        r.seed,
        crate::analysis::calibrate::source_words(scn)
    );
    out.push_str(&pairs(&risk_words::team_figures(r)));
    out.push('\n');
    out.push_str(&paragraph(&r.gap));
    out.push_str(&paragraph(&risk_words::precision_note(r.trials)));
    out.push_str(&format!(
        "\nTeam cost, simulated years per band:\n    {}\n",
        risk_words::HISTOGRAM_MEANING
    ));
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
                money_rounded(l.cash, l.cash_se),
                format!("{} – {}", pct(l.pct_of_ote.0, 1), pct(l.pct_of_ote.1, 1)),
            ]
        })
        .collect();
    let header = ["Level", "CSMs", "Expected cash", "Median % of OTE"].map(String::from);
    out.push_str(&crate::output::report::aligned(
        &header,
        &rows,
        &[false, true, true, true],
    ));
    out.push_str(&paragraph(risk_words::LEVEL_MEANING));
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
                money_rounded(x.p10, x.se[0]),
                money_rounded(x.p50, x.se[1]),
                money_rounded(x.p90, x.se[2]),
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
    out.push_str(&crate::output::report::aligned(
        &header,
        &rows,
        &[false, false, true, true, true, true, true, false],
    ));
    out.push_str(&paragraph(risk_words::CSM_MEANING));
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
    let table = |rows: &[Figure]| {
        let mut out = String::from("| Figure | Value | What it means |\n| --- | ---: | --- |\n");
        for f in rows {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                md(&f.label),
                f.value,
                md(&f.meaning)
            ));
        }
        out
    };
    let mut out = format!(
        "# {}: cost risk\n\n{} simulated years, seed {}. {}\n\n",
        crate::text::md(&scn.name),
        r.trials,
        r.seed,
        crate::text::md(&crate::analysis::calibrate::source_words(scn))
    );
    out.push_str(&table(&risk_words::team_figures(r)));
    out.push_str(&format!(
        "\n{}\n\n{}\n\n## Payout-curve health\n\n",
        r.gap,
        risk_words::precision_note(r.trials)
    ));
    out.push_str(&table(&health_rows(r)));
    out.push_str("\n## Each CSM\n\n| ID | Name | P10 | P50 | P90 | P50 % of OTE | Swing from outcomes |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (c, x) in scn.team.iter().zip(&r.csms) {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {}{} |\n",
            crate::text::md(&c.id),
            crate::text::md(&c.name),
            money_rounded(x.p10, x.se[0]),
            money_rounded(x.p50, x.se[1]),
            money_rounded(x.p90, x.se[2]),
            pct(x.pct_of_ote, 0),
            pct(x.outcome_share, 0),
            if x.flagged { " ⚠" } else { "" }
        ));
    }
    out.push_str(&format!("\n{}\n", risk_words::CSM_MEANING));
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
        let amount = crate::num::parse_decimal_in(b, scn.plan.currency())
            .map_err(|e| CliError(format!("--budget {b}: {}", e.0)))?;
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
