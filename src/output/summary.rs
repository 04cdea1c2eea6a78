//! The one-page summary for finance, as Markdown or as a self-contained HTML page that
//! prints on one A4 or Letter page: the plan's cost against its budget and a baseline,
//! what it could cost, cash by period, the payout-curve health, what changed and who gains
//! and loses, and the cost curve with the budget line.
//!
//! Owns: the summary's words and layout. Must not: compute figures (they come from
//! `crate::analysis::summary`) or touch files.
//!
//! Every amount in the HTML is a `<span class="money" data-of="…">`: `cash`, `loaded`,
//! `planned`, `budget`, `headroom`, `baseline:cash`, `baseline:loaded`, `change:cash`,
//! `change:loaded`, `minimum`, `maximum`, `period:<id>` (the team's cash in a period) and
//! `year`.

use crate::analysis::compare::Move;
use crate::analysis::summary::Summary;
use crate::engine::risk_words::{money_about_in, precision_note, share_about};
use crate::engine::validate::Finding;
use crate::engine::{BudgetBasis, Scenario};
use crate::num::{Currency, money_in, pct, pct_delta, pct_exact};
use crate::output::charts::{CostLine, cost_svg};
use crate::output::html::{esc, money as fig, page};
use crate::output::statements::html::{effective, status};
use crate::text::md;
use rust_decimal::Decimal;

/// The most plan changes and guardrail groups listed (the page must stay one page).
pub const MAX_CHANGES: usize = 6;
pub const MAX_GROUPS: usize = 4;

/// The summary's own styles: smaller type and two columns, so it fits one page.
const CSS: &str = r#"
body { font-size: 8.5pt; line-height: 1.25; }
h1 { font-size: 14pt; }
h2 { font-size: 10pt; margin: 6pt 0 2pt; }
th, td { padding: 1pt 4pt; }
.kpis { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 4pt; margin: 5pt 0; }
.kpis div { border: 1px solid #c9d3dd; border-radius: 3pt; padding: 3pt 5pt; background: #f7f9fb; }
.kpis b { display: block; font-size: 7.5pt; font-weight: 600; color: #444; }
.kpis .v { font-size: 10.5pt; font-weight: 600; }
.kpis .s { font-size: 7.5pt; color: #555; }
.grid2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 10pt; }
@media screen and (max-width: 600px) { .grid2, .kpis { grid-template-columns: minmax(0, 1fr); } }
section { break-inside: avoid; }
ul { padding-left: 11pt; }
.over, .kpis .over { color: #b03a2e; font-weight: 600; }
.clamp { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2;
  line-clamp: 2; overflow: hidden; }
table.fixed { table-layout: fixed; }
td.cut { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.grid2.tight { gap: 6pt; }
code { font-size: 7.5pt; }
footer { margin-top: 6pt; border-top: 1px solid #ccc; padding-top: 2pt; font-size: 7.5pt; color: #555; }
"#;

/// `+$1,200.00`, `-$350.00`, `$0.00`.
fn signed(v: Decimal, cur: Currency) -> String {
    if v > Decimal::ZERO {
        format!("+{}", money_in(v, cur))
    } else {
        money_in(v, cur)
    }
}

/// The plan as people call it: its title, else the scenario's name.
fn title(scn: &Scenario) -> String {
    scn.plan
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(scn.name.trim())
        .to_string()
}

/// The guardrail warnings grouped by what they are about: (code, how many, the first
/// message), in the order they first appear.
pub fn grouped(warnings: &[Finding]) -> Vec<(&'static str, usize, &str)> {
    let mut out: Vec<(&'static str, usize, &str)> = Vec::new();
    for w in warnings {
        match out.iter_mut().find(|g| g.0 == w.code) {
            Some(g) => g.1 += 1,
            None => out.push((w.code, 1, w.message.as_str())),
        }
    }
    out
}

/// A simulated amount rounded to what its standard error allows, without the ±.
fn rounded(value: Decimal, se: Decimal, cur: Currency) -> String {
    let s = crate::num::step(se, Decimal::ONE);
    if s.is_zero() {
        return money_in(value, cur);
    }
    crate::num::money_whole_in(crate::num::round_to(value, s), cur)
}

/// "from all 10,000 simulated years the scenario asks for", or how far it was bounded.
fn trials_words(s: &Summary) -> String {
    let n = crate::num::count(u64::from(s.risk.trials));
    if s.risk.trials >= s.full_trials {
        format!(
            "{n} simulated year{} (as many as the scenario's risk settings ask for)",
            if s.risk.trials == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{n} simulated years, bounded by team size so this page is quick (`cscomp-tui risk` runs all {})",
            crate::num::count(u64::from(s.full_trials))
        )
    }
}

/// A mover in words: "Alex Morgan +$1,576.79 (+1.5%)".
fn mover(m: &Move, cur: Currency, esc_name: fn(&str) -> String) -> String {
    let pct = m
        .change_pct
        .map(|p| format!(" ({})", pct_delta(p, 1)))
        .unwrap_or_default();
    format!("{} {}{pct}", esc_name(&m.name), signed(m.change, cur))
}

/// The figures both formats print, as (label, this plan, baseline, change) rows with the
/// keys of their amounts.
struct CostRow {
    label: String,
    key: &'static str,
    plan: Decimal,
    baseline: Option<Decimal>,
}

fn cost_rows(scn: &Scenario, s: &Summary) -> Vec<CostRow> {
    let t = &s.computed.eval.team;
    let base = s
        .baseline
        .as_ref()
        .and_then(|b| b.comparison.variants.first()?.figures.as_ref());
    vec![
        CostRow {
            label: "Team cash".into(),
            key: "cash",
            plan: t.cash,
            baseline: base.map(|f| f.cash),
        },
        CostRow {
            label: format!(
                "Loaded cost (burden {})",
                pct_exact(scn.assumptions.burden_rate)
            ),
            key: "loaded",
            plan: t.loaded_cost,
            baseline: base.map(|f| f.loaded_cost),
        },
        CostRow {
            label: "Planned (every metric at 100%)".into(),
            key: "planned",
            plan: t.planned_cost,
            baseline: base.map(|f| f.planned_cost),
        },
    ]
}

/// The budget, the figure it is for, and how far under (positive) or over it that is.
fn budget(scn: &Scenario, s: &Summary) -> Option<(Decimal, BudgetBasis, Decimal)> {
    let b = scn.plan.budget.as_ref()?;
    let t = &s.computed.eval.team;
    let figure = match b.basis {
        BudgetBasis::Cash => t.cash,
        BudgetBasis::Loaded => t.loaded_cost,
    };
    Some((b.amount, b.basis, b.amount - figure))
}

fn basis_words(b: BudgetBasis) -> &'static str {
    match b {
        BudgetBasis::Cash => "cash",
        BudgetBasis::Loaded => "loaded cost",
    }
}

/// The baseline's name and, when the baseline carries another attainment what-if, what
/// the comparison assumed.
fn baseline_note(scn: &Scenario, s: &Summary) -> Option<String> {
    let b = s.baseline.as_ref()?;
    let v = b.comparison.variants.first()?;
    let at = scn.assumptions.attainment_scale;
    (v.own_scale != at).then(|| {
        format!(
            "The baseline is computed at this plan's team attainment {}, not its own {}, so the difference is the plans', not their what-ifs.",
            pct_exact(at),
            pct_exact(v.own_scale)
        )
    })
}

/// The summary as Markdown.
pub fn markdown(scn: &Scenario, s: &Summary) -> String {
    let cur = scn.plan.currency();
    let m = |v| money_in(v, cur);
    let mut out = format!("# Plan summary: {}\n\n", md(&title(scn)));
    let mut line = Vec::new();
    if let Some(fy) = &scn.plan.fiscal_year {
        line.push(md(&fy.text()));
    }
    if let Some(st) = status(scn) {
        line.push(format!("**{st}**"));
    }
    if title(scn) != scn.name.trim() && !scn.name.trim().is_empty() {
        line.push(format!("scenario {}", md(scn.name.trim())));
    }
    line.push(format!("{} CSMs", crate::num::count(scn.team.len() as u64)));
    if scn.assumptions.attainment_scale != Decimal::ONE {
        line.push(format!(
            "every projection × {} (the scenario's what-if)",
            pct_exact(scn.assumptions.attainment_scale)
        ));
    }
    out += &format!("{}\n", line.join(" · "));

    out += "\n## Cost\n\n";
    let base_name = s
        .baseline
        .as_ref()
        .and_then(|b| b.comparison.variants.first())
        .map(|v| md(&v.name));
    match &base_name {
        Some(n) => {
            out += &format!(
                "| Figure | This plan | Baseline ({n}) | Change |\n| --- | ---: | ---: | ---: |\n"
            )
        }
        None => out += "| Figure | This plan |\n| --- | ---: |\n",
    }
    for r in cost_rows(scn, s) {
        match (&base_name, r.baseline) {
            (Some(_), Some(b)) => {
                out += &format!(
                    "| {} | {} | {} | {} |\n",
                    r.label,
                    m(r.plan),
                    m(b),
                    signed(r.plan - b, cur)
                )
            }
            (Some(_), None) => out += &format!("| {} | {} | – | – |\n", r.label, m(r.plan)),
            (None, _) => out += &format!("| {} | {} |\n", r.label, m(r.plan)),
        }
    }
    match budget(scn, s) {
        Some((amount, basis, room)) => {
            out += &format!(
                "\nBudget ({}): {}. The plan's {} is {} {}.\n",
                basis_words(basis),
                m(amount),
                basis_words(basis),
                m(room.abs()),
                if room < Decimal::ZERO {
                    "over it"
                } else {
                    "under it"
                }
            );
        }
        None => out += "\nNo budget is recorded on the plan (set one with `--set budget=1.6M`).\n",
    }
    let (low, high) = s.computed.eval.pay_range();
    out += &format!(
        "\nTeam cash range: {} with every metric at 0% and no SPIFs; {}.\n",
        m(low),
        match high {
            Some(h) => format!(
                "{} with every metric at its cap and every SPIF at its limit",
                m(h)
            ),
            None => "no ceiling, because a metric or SPIF has no cap".to_string(),
        }
    );
    if let Some(n) = baseline_note(scn, s) {
        out += &format!("\n{n}\n");
    }

    out += &risk_markdown(scn, s);

    if let Some(pr) = &s.computed.eval.periods {
        out += "\n## Cash by period\n\n| Period | Status | Base | Variable | SPIFs | Total |\n| --- | --- | ---: | ---: | ---: | ---: |\n";
        let mut year = Decimal::ZERO;
        for (p, pay) in pr.team.iter().enumerate() {
            year += pay.total;
            out += &format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                scn.plan.periods.get(p).map_or(String::new(), |x| md(&x.id)),
                if pr.is_actual(p) {
                    "actual"
                } else {
                    "projected"
                },
                m(pay.base),
                m(pay.variable),
                m(pay.spif),
                m(pay.total)
            );
        }
        out += &format!("| **Year** | | | | | **{}** |\n", m(year));
    }

    out += "\n## Payout-curve health\n\n";
    for (label, value, aim) in s.risk.health.rows() {
        out += &format!("- {label}: {value} ({aim})\n");
    }
    let groups = grouped(&s.computed.warnings);
    if groups.is_empty() {
        out += "- No guardrail warnings.\n";
    } else {
        out += &format!("\nGuardrail warnings ({}):\n\n", s.computed.warnings.len());
        for (code, n, msg) in groups.iter().take(MAX_GROUPS) {
            let more = if *n > 1 {
                format!(" (and {} more like it)", n - 1)
            } else {
                String::new()
            };
            out += &format!("- **{code}**: {}{more}\n", md(msg));
        }
        if groups.len() > MAX_GROUPS {
            out += &format!("- … and {} more kinds\n", groups.len() - MAX_GROUPS);
        }
    }

    if let Some(b) = &s.baseline
        && let Some(v) = b.comparison.variants.get(1)
    {
        out += "\n## What changed against the baseline\n\n";
        if v.plan_changes.is_empty() {
            out += "Nothing: the plans and teams are the same.\n";
        }
        for c in v.plan_changes.iter().take(MAX_CHANGES) {
            out += &format!("- {}\n", md(c));
        }
        if v.plan_changes.len() > MAX_CHANGES {
            out += &format!("- … and {} more\n", v.plan_changes.len() - MAX_CHANGES);
        }
        if let Some(vs) = v.figures.as_ref().and_then(|f| f.versus.as_ref()) {
            out += "\n## Who gains and who loses\n\n";
            out += &format!("{}\n", counts(vs));
            if !b.gainers.is_empty() {
                let g: Vec<String> = b.gainers.iter().map(|x| mover(x, cur, md)).collect();
                out += &format!("\n- Gain most: {}\n", g.join(", "));
            }
            if !b.losers.is_empty() {
                let l: Vec<String> = b.losers.iter().map(|x| mover(x, cur, md)).collect();
                out += &format!("- Lose most: {}\n", l.join(", "));
            }
        }
    }

    out += &format!(
        "\n## Cost against team attainment\n\nTeam {} if every projection moved together (100% = as projected):\n\n",
        basis_words(s.basis(scn))
    );
    let with_base = s.baseline.as_ref().and_then(|b| b.curve.as_ref());
    out += if with_base.is_some() {
        "| Team attainment | This plan | Baseline |\n| ---: | ---: | ---: |\n"
    } else {
        "| Team attainment | This plan |\n| ---: | ---: |\n"
    };
    for (i, (scale, cost)) in s.curve.iter().enumerate() {
        if !(scale.mantissa() % 25 == 0 && scale.scale() == 2) {
            continue;
        }
        match with_base.and_then(|c| c.get(i)) {
            Some((_, b)) => out += &format!("| {} | {} | {} |\n", pct(*scale, 0), m(*cost), m(*b)),
            None => out += &format!("| {} | {} |\n", pct(*scale, 0), m(*cost)),
        }
    }
    out
}

/// "4 CSMs gain, 6 lose and 5 stay the same."
fn counts(vs: &crate::analysis::compare::Versus) -> String {
    let mut s = format!(
        "{} CSM{} gain, {} lose and {} stay the same",
        vs.gain,
        if vs.gain == 1 { "" } else { "s" },
        vs.lose,
        vs.same
    );
    if vs.added > 0 || vs.removed > 0 {
        s += &format!(
            "; {} only in this plan's team, {} only in the baseline's",
            vs.added, vs.removed
        );
    }
    s.push('.');
    s
}

/// The risk section in Markdown.
fn risk_markdown(scn: &Scenario, s: &Summary) -> String {
    let cur = scn.plan.currency();
    let r = &s.risk;
    let pr = &r.precision;
    let b = basis_words(r.basis);
    let mut out = format!(
        "\n## What it could cost\n\nTeam {b} from {}:\n\n| P10 (a lean year) | P50 (the middle year) | P90 (1 year in 10 costs more) |\n| ---: | ---: | ---: |\n",
        trials_words(s)
    );
    out += &format!(
        "| {} | {} | {} |\n",
        money_about_in(r.p10, pr.p10, cur),
        money_about_in(r.p50, pr.p50, cur),
        money_about_in(r.p90, pr.p90, cur)
    );
    if let (Some(over), Some(bu)) = (r.p_over_budget, &r.budget) {
        out += &format!(
            "\nChance of exceeding the budget of {}: {}.\n",
            money_in(bu.amount, cur),
            share_about(over, pr.p_over_budget.unwrap_or_default())
        );
    }
    out += &format!("\n{}\n", precision_note(r.trials));
    out
}

/// The summary as a self-contained HTML page that prints on one page.
///
/// What could make it longer is bounded: at most [`MAX_CHANGES`] changes, [`MAX_GROUPS`]
/// kinds of warning and [`crate::analysis::summary::NAMED`] CSMs each way are listed; a long title, name or message is
/// cut at two lines on the page (the whole text stays in the file); more than six periods
/// are shown in two columns.
pub fn html(scn: &Scenario, s: &Summary) -> String {
    let cur = scn.plan.currency();
    let m = |v| money_in(v, cur);
    let f = |key: &str, v| fig(key, v, cur);
    let t = &s.computed.eval.team;
    let r = &s.risk;
    let pr = &r.precision;
    let mut b = String::with_capacity(40_000);
    let name = title(scn);
    b += &format!(
        "<header>\n<h1 class=\"clamp\">Plan summary: {}</h1>\n<p class=\"clamp\">",
        esc(&name)
    );
    let mut line = Vec::new();
    if let Some(e) = effective(scn) {
        line.push(e);
    }
    if let Some(st) = status(scn) {
        line.push(format!("<span class=\"status\">{st}</span>"));
    }
    if name != scn.name.trim() && !scn.name.trim().is_empty() {
        line.push(format!("scenario {}", esc(scn.name.trim())));
    }
    line.push(format!("{} CSMs", crate::num::count(scn.team.len() as u64)));
    b += &line.join(" · ");
    b += "</p>\n</header>\n";

    // The headline figures.
    let budget = budget(scn, s);
    let basis = s.basis(scn);
    b += "<div class=\"kpis\">\n";
    b += &format!(
        "<div><b>Team cash</b><span class=\"v\">{}</span><br><span class=\"s\">{} of OTE</span></div>\n",
        f("cash", t.cash),
        pct(t.pct_of_ote, 1)
    );
    b += &format!(
        "<div><b>Loaded cost</b><span class=\"v\">{}</span><br><span class=\"s\">cash + burden {}</span></div>\n",
        f("loaded", t.loaded_cost),
        pct_exact(scn.assumptions.burden_rate)
    );
    b += &match budget {
        Some((amount, basis, room)) => format!(
            "<div><b>Budget ({})</b><span class=\"v\">{}</span><br><span class=\"s{}\">{} {}</span></div>\n",
            basis_words(basis),
            f("budget", amount),
            if room < Decimal::ZERO { " over" } else { "" },
            f("headroom", room.abs()),
            if room < Decimal::ZERO { "over" } else { "to spare" }
        ),
        None => "<div><b>Budget</b><span class=\"v\">none</span><br><span class=\"s\">none recorded on the plan</span></div>\n".to_string(),
    };
    b += &format!(
        "<div><b>Simulated {}, P50</b><span class=\"v\">{}</span><br><span class=\"s\">P10 {} · P90 {}</span></div>\n",
        basis_words(r.basis),
        rounded(r.p50, pr.p50, cur),
        rounded(r.p10, pr.p10, cur),
        rounded(r.p90, pr.p90, cur)
    );
    b += &match r.p_over_budget {
        Some(over) => format!(
            "<div><b>Chance over budget</b><span class=\"v\">{}</span><br><span class=\"s\">of simulated years</span></div>\n",
            share_about(over, pr.p_over_budget.unwrap_or_default())
        ),
        None => "<div><b>Chance over budget</b><span class=\"v\">–</span><br><span class=\"s\">no budget to exceed</span></div>\n".to_string(),
    };
    b += "</div>\n";
    b += &format!(
        "<p class=\"small muted\">What it could cost, from {}: 1 simulated year in 10 costs P10 or less, half of them P50 or less, 1 in 10 more than P90; each rounded to what the years can tell apart.</p>\n",
        trials_words(s).replace("`cscomp-tui risk`", "<code>cscomp-tui risk</code>")
    );

    // Cost against the budget and the baseline, the whole width.
    b += "<section>\n<h2>Cost</h2>\n<table>\n";
    let base = s.baseline.as_ref();
    let base_name = base
        .and_then(|x| x.comparison.variants.first())
        .map(|v| esc(&v.name));
    match &base_name {
        Some(_) => {
            b += "<tr><th></th><th class=\"n\">This plan</th><th class=\"n\">Baseline</th><th class=\"n\">Change</th></tr>\n"
        }
        None => b += "<tr><th></th><th class=\"n\">This plan</th></tr>\n",
    }
    for row in cost_rows(scn, s) {
        b += &format!(
            "<tr><td>{}</td><td class=\"n\">{}</td>",
            row.label,
            f(row.key, row.plan)
        );
        match (&base_name, row.baseline) {
            (Some(_), Some(x)) => {
                b += &format!(
                    "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                    f(&format!("baseline:{}", row.key), x),
                    crate::output::html::signed_money(
                        &format!("change:{}", row.key),
                        row.plan - x,
                        cur
                    )
                )
            }
            (Some(_), None) => b += "<td class=\"n\">–</td><td class=\"n\">–</td>",
            (None, _) => {}
        }
        b += "</tr>\n";
    }
    b += "</table>\n<p class=\"clamp\">";
    if let Some((amount, basis, room)) = budget {
        let fig_now = match basis {
            BudgetBasis::Cash => t.cash,
            BudgetBasis::Loaded => t.loaded_cost,
        };
        b += &format!(
            "Budget for {}: {} − the plan's {} = <span class=\"{}\">{} {}</span>. ",
            basis_words(basis),
            m(amount),
            m(fig_now),
            if room < Decimal::ZERO { "over" } else { "" },
            m(room.abs()),
            if room < Decimal::ZERO {
                "over budget"
            } else {
                "to spare"
            }
        );
    } else {
        b += "No budget is recorded on the plan. ";
    }
    if let Some(n) = &base_name {
        b += &format!("Baseline: {n}. ");
    }
    if let Some(n) = baseline_note(scn, s) {
        b += &n;
    }
    b += "</p>\n</section>\n";

    // Health and warnings | the cost curve.
    b += "<div class=\"grid2\">\n<section>\n<h2>Payout-curve health</h2>\n<table>\n";
    for (label, value, aim) in r.health.rows() {
        b += &format!(
            "<tr><td>{label}</td><td class=\"n\">{value}</td><td class=\"muted\">{aim}</td></tr>\n"
        );
    }
    b += "</table>\n";
    let groups = grouped(&s.computed.warnings);
    if groups.is_empty() {
        b += "<p>No guardrail warnings.</p>\n";
    } else {
        let n = s.computed.warnings.len();
        b += &format!(
            "<p><strong>{n} guardrail warning{}</strong>{}:</p>\n<ul>\n",
            if n == 1 { "" } else { "s" },
            if groups.len() < n {
                format!(", {} kinds", groups.len())
            } else {
                String::new()
            }
        );
        for (code, n, msg) in groups.iter().take(MAX_GROUPS) {
            let more = if *n > 1 {
                format!(" (×{n})")
            } else {
                String::new()
            };
            b += &format!(
                "<li><span class=\"clamp\"><strong>{code}</strong>{more}: {}</span></li>\n",
                esc(msg)
            );
        }
        if groups.len() > MAX_GROUPS {
            b += &format!(
                "<li>… and {} more kinds (<code>cscomp-tui check</code> lists them)</li>\n",
                groups.len() - MAX_GROUPS
            );
        }
        b += "</ul>\n";
    }
    b += "</section>\n<section>\n";
    b += &format!(
        "<h2>Team {} against team attainment</h2>\n",
        basis_words(basis)
    );
    let mut lines = Vec::new();
    if let Some(c) = base.and_then(|x| x.curve.clone()) {
        lines.push(CostLine {
            points: c,
            baseline: true,
        });
    }
    lines.push(CostLine {
        points: s.curve.clone(),
        baseline: false,
    });
    let now = match basis {
        BudgetBasis::Cash => t.cash,
        BudgetBasis::Loaded => t.loaded_cost,
    };
    let at = scn.assumptions.attainment_scale;
    let mark = (at >= Decimal::new(5, 1) && at <= Decimal::new(15, 1)).then_some((at, now));
    b += &format!(
        "<figure>{}<figcaption><span class=\"key\"></span>this plan{}{} · every projection × the attainment on the axis; ● as projected</figcaption></figure>\n",
        cost_svg(&lines, budget.map(|x| x.0), mark, 360, 170),
        if base.is_some() {
            "<span class=\"key base\"></span>baseline"
        } else {
            ""
        },
        if budget.is_some() {
            "<span class=\"key budget\"></span>budget"
        } else {
            ""
        }
    );
    b += "</section>\n</div>\n";

    // The range and cash by period | against the baseline.
    let (low, high) = s.computed.eval.pay_range();
    b += "<div class=\"grid2\">\n<section>\n<h2>Team cash range</h2>\n<table>\n";
    b += &format!(
        "<tr><td>Every metric at 0%, no SPIFs</td><td class=\"n\">{}</td></tr>\n",
        f("minimum", low)
    );
    b += &match high {
        Some(h) => format!(
            "<tr><td>Every metric at its cap, every SPIF at its limit</td><td class=\"n\">{}</td></tr>\n",
            f("maximum", h)
        ),
        None => "<tr><td>Every metric at its cap</td><td class=\"n\">no ceiling: a metric or SPIF has no cap</td></tr>\n".to_string(),
    };
    b += "</table>\n";
    if let Some(per) = &s.computed.eval.periods {
        b += "<h2>Cash by period</h2>\n";
        let cells: Vec<String> = per
            .team
            .iter()
            .enumerate()
            .map(|(p, pay)| {
                let id = scn.plan.periods.get(p).map_or("", |x| x.id.as_str());
                format!(
                    "<td class=\"cut\">{}</td><td class=\"n\">{}</td>",
                    esc(id),
                    f(&format!("period:{id}"), pay.total)
                )
            })
            .collect();
        let year: Decimal = per.team.iter().map(|p| p.total).sum();
        // More than six periods: two to a row.
        let pair = cells.len() > 6;
        let across = if pair { 2 } else { 1 };
        b += "<table>\n<tr>";
        for _ in 0..across {
            b += "<th>Period</th><th class=\"n\">Team cash</th>";
        }
        b += "</tr>\n";
        let down = cells.len().div_ceil(across);
        for row in 0..down {
            b += "<tr>";
            for col in 0..across {
                match cells.get(col * down + row) {
                    Some(c) => b += c,
                    None => b += "<td></td><td></td>",
                }
            }
            b += "</tr>\n";
        }
        b += &format!(
            "<tr class=\"sum\"><td>Year</td><td class=\"n\">{}</td>{}</tr>\n</table>\n",
            f("year", year),
            if pair { "<td></td><td></td>" } else { "" }
        );
        let last = scn.plan.periods.len().saturating_sub(1);
        let span = |a: usize, z: usize| {
            let id = |p: usize| esc(scn.plan.periods.get(p).map_or("", |x| x.id.as_str()));
            if a == z {
                id(a)
            } else {
                format!("{}–{}", id(a), id(z))
            }
        };
        b += &match per.as_of {
            Some(a) if a >= last => {
                "<p class=\"small muted\">Every period holds actual results.</p>\n".to_string()
            }
            Some(a) => format!(
                "<p class=\"small muted\">{} hold actual results; {} are projections.</p>\n",
                span(0, a),
                span(a + 1, last)
            ),
            None => "<p class=\"small muted\">Every period is a projection.</p>\n".to_string(),
        };
    }
    b += "</section>\n<section>\n";
    match base.and_then(|x| Some((x, x.comparison.variants.get(1)?))) {
        Some((x, v)) => {
            b += "<h2>What changed against the baseline</h2>\n<ul>\n";
            if v.plan_changes.is_empty() {
                b += "<li>Nothing: the plans and teams are the same.</li>\n";
            }
            for c in v.plan_changes.iter().take(MAX_CHANGES) {
                b += &format!("<li><span class=\"clamp\">{}</span></li>\n", esc(c));
            }
            if v.plan_changes.len() > MAX_CHANGES {
                b += &format!(
                    "<li>… and {} more (<code>cscomp-tui compare</code> lists them)</li>\n",
                    v.plan_changes.len() - MAX_CHANGES
                );
            }
            b += "</ul>\n<h2>Who gains and who loses</h2>\n";
            match v.figures.as_ref().and_then(|f| f.versus.as_ref()) {
                Some(vs) => {
                    b += &format!("<p>{}</p>\n", counts(vs));
                    if !x.gainers.is_empty() || !x.losers.is_empty() {
                        b += "<table class=\"fixed\">\n<colgroup><col style=\"width:21%\"><col><col style=\"width:45%\"></colgroup>\n";
                        for (what, list) in [("Gains most", &x.gainers), ("Loses most", &x.losers)]
                        {
                            for (k, y) in list.iter().enumerate() {
                                let pct = y
                                    .change_pct
                                    .map(|p| format!(" ({})", pct_delta(p, 1)))
                                    .unwrap_or_default();
                                b += &format!(
                                    "<tr><td class=\"muted\">{}</td><td class=\"cut\">{}</td><td class=\"n\">{}{pct}</td></tr>\n",
                                    if k == 0 { what } else { "" },
                                    esc(&y.name),
                                    signed(y.change, cur)
                                );
                            }
                        }
                        b += "</table>\n";
                    }
                }
                None => b += "<p>The baseline cannot be computed.</p>\n",
            }
        }
        None => {
            b += "<h2>Against a baseline</h2>\n<p class=\"muted\">No baseline was given: <code>--baseline FILE</code> adds what changed against it and who gains and who loses.</p>\n";
        }
    }
    b += "</section>\n</div>\n";
    b += &format!(
        "<footer>Amounts in {cur}, to the cent as payroll pays them; simulated figures from {} years. Made by cscomp-tui.</footer>\n",
        crate::num::count(u64::from(r.trials))
    );
    page(&format!("Plan summary: {name}"), CSS, &b)
}
