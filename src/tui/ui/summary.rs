//! The team summary, the selected CSM's breakdown, and the live guardrail warnings.

use super::{fit, pane};
use crate::num::{money, money_delta, pct, pct_delta, pct_exact};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use rust_decimal::Decimal;

fn pair(label: &str, value: String, width: usize, style: Style) -> Line<'static> {
    let vw = value.chars().count();
    let lw = width.saturating_sub(vw + 1);
    Line::from(vec![
        Span::raw(format!("{:<lw$} ", fit(label, lw))),
        Span::styled(value, style),
    ])
}

/// The change against the plan as opened: ($, fraction).
fn variance(app: &App) -> (Decimal, Decimal) {
    let v = app.eval.team.cash - app.baseline_cash;
    let p = if app.baseline_cash.is_zero() {
        Decimal::ZERO
    } else {
        v / app.baseline_cash
    };
    (v, p)
}

fn variance_style(v: Decimal) -> Style {
    if v.is_zero() {
        Style::new()
    } else if v.is_sign_positive() {
        Style::new().fg(super::palette::UP)
    } else {
        Style::new().fg(super::palette::DOWN)
    }
}

fn warnings_line(app: &App, w: usize) -> Line<'static> {
    if let Some(e) = app.plan_errors.first() {
        return Line::styled(
            fit(&format!("✗ error: {}", e.message), w),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        );
    }
    let n = app.warnings.len();
    if n == 0 {
        return Line::styled("✓ no guardrail warnings", Style::new().fg(Color::Green));
    }
    // What the first warning says, in words (a code says nothing to a reader); the rest
    // a key away.
    let first = app.warnings[0].message.as_str();
    let lead = if n == 1 {
        "⚠ 1 warning: ".to_string()
    } else {
        format!("⚠ {n} warnings (Tab): ")
    };
    let room = w.saturating_sub(lead.chars().count());
    Line::styled(
        fit(&format!("{lead}{}", super::fit_words(first, room)), w),
        Style::new().fg(Color::Yellow),
    )
}

/// The team summary packed into four lines, for small windows.
pub fn compact(f: &mut Frame, area: Rect, app: &App) {
    let block = pane(" Team cost ", false);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let t = &app.eval.team;
    let w = inner.width as usize;
    let (v, vp) = variance(app);
    let mut lines = vec![
        {
            let cash = format!("Cash {}", money(t.cash));
            let rest = w.saturating_sub(cash.chars().count());
            Line::from(vec![
                Span::styled(cash, Style::new().add_modifier(Modifier::BOLD)),
                Span::raw(fit(&format!(" · loaded {}", money(t.loaded_cost)), rest)),
            ])
        },
        Line::from(fit(
            &format!(
                "loaded {} of ARR · planned {}",
                pct(t.cost_pct_of_arr, 2),
                crate::num::money_whole(t.planned_cost)
            ),
            w,
        )),
        Line::styled(
            fit(
                &format!("vs opened {} ({})", money_delta(v), pct_delta(vp, 1)),
                w,
            ),
            variance_style(v),
        ),
        Line::from(fit(
            &format!(
                "worst case {} of OTE · max {}",
                pct(t.downside_pct, 1),
                app.eval
                    .pay_range()
                    .1
                    .map_or_else(|| "unbounded".to_string(), crate::num::money_whole)
            ),
            w,
        )),
        match what_if_note(app) {
            Some(note) => Line::styled(fit(&note, w), Style::new().fg(Color::Yellow)),
            None => warnings_line(app, w),
        },
    ];
    if let Some(pr) = &app.eval.periods {
        // Paid to date and forecast replace the ARR and worst-case lines.
        let (paid, rest) = pr.paid_and_forecast();
        let ids: Vec<&str> = app.scn.plan.periods.iter().map(|p| p.id.as_str()).collect();
        let n = ids.len();
        let paid_label = match pr.as_of {
            Some(a) => format!("Paid thru {}", ids[a]),
            None => "Paid to date".to_string(),
        };
        let first = pr.as_of.map_or(0, |a| a + 1);
        let rest_label = match first {
            f if f >= n => "Forecast (none left)".to_string(),
            f if f + 1 == n => format!("Forecast {}", ids[f]),
            f => format!("Forecast {}–{}", ids[f], ids[n - 1]),
        };
        lines[3] = lines[2].clone();
        lines[1] = pair(&paid_label, money(paid), w, Style::new());
        lines[2] = pair(&rest_label, money(rest), w, Style::new());
    }
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
}

/// With periods: what is paid to date, what is forecast, the year, and the team's cash by
/// period (the year is the sum of the periods, to the cent).
fn period_lines(
    app: &App,
    pr: &crate::engine::eval::PeriodResults,
    w: usize,
) -> Vec<Line<'static>> {
    let (paid, rest) = pr.paid_and_forecast();
    let ids: Vec<&str> = app.scn.plan.periods.iter().map(|p| p.id.as_str()).collect();
    let n = ids.len();
    let mut out = Vec::new();
    match pr.as_of {
        Some(a) => out.push(pair(
            &format!("Paid to date (thru {})", ids[a]),
            money(paid),
            w,
            Style::new(),
        )),
        None => out.push(pair(
            "Paid to date (none actual)",
            money(paid),
            w,
            Style::new(),
        )),
    }
    // Recorded payouts: what the plan computes for the same periods, and the difference.
    let adjustment: Decimal = pr
        .team
        .iter()
        .enumerate()
        .filter(|(p, _)| pr.is_actual(*p))
        .map(|(_, t)| t.adjustment)
        .sum();
    if !adjustment.is_zero() {
        out.push(pair(
            " plan computes",
            money(paid - adjustment),
            w,
            Style::new(),
        ));
        out.push(pair(
            " recorded − computed",
            crate::output::compare::signed_money(adjustment),
            w,
            variance_style(adjustment),
        ));
    }
    let first_proj = pr.as_of.map_or(0, |a| a + 1);
    if first_proj < n {
        let span = if first_proj + 1 == n {
            ids[first_proj].to_string()
        } else {
            format!("{}–{}", ids[first_proj], ids[n - 1])
        };
        out.push(pair(
            &format!("Forecast {span}"),
            money(rest),
            w,
            Style::new(),
        ));
    }
    out.push(pair(
        "Full year",
        money(paid + rest),
        w,
        Style::new().add_modifier(Modifier::BOLD),
    ));
    for (p, t) in pr.team.iter().enumerate() {
        out.push(pair(
            &format!(" {}", period_tag(app, p)),
            money(t.total),
            w,
            Style::new(),
        ));
    }
    out
}

/// "at 80% of projected attainment" while the what-if is not 100%.
fn what_if_note(app: &App) -> Option<String> {
    let s = app.scn.assumptions.attainment_scale;
    (s != Decimal::ONE).then(|| format!("at {} of projected attainment (w)", pct_exact(s)))
}

/// The team summary.
pub fn team(f: &mut Frame, area: Rect, app: &App) {
    let block = pane(" Team cost ", false);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let t = &app.eval.team;
    let w = inner.width as usize;
    let (variance, variance_pct) = variance(app);
    let vstyle = variance_style(variance);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = vec![pair("Cash cost", money(t.cash), w, bold)];
    if let Some(note) = what_if_note(app) {
        lines.push(Line::styled(fit(&note, w), Style::new().fg(Color::Yellow)));
    }
    if let Some(pr) = &app.eval.periods {
        lines.extend(period_lines(app, pr, w));
    }
    lines.extend([
        pair(
            &format!("Loaded (+{})", pct_exact(app.scn.assumptions.burden_rate)),
            money(t.loaded_cost),
            w,
            Style::new(),
        ),
        pair(
            "Loaded % of book ARR",
            pct(t.cost_pct_of_arr, 2),
            w,
            Style::new(),
        ),
        pair(
            "Planned (all at 100%)",
            money(t.planned_cost),
            w,
            Style::new(),
        ),
        pair(
            "vs opened",
            format!("{} ({})", money_delta(variance), pct_delta(variance_pct, 1)),
            w,
            vstyle,
        ),
    ]);
    if let Some(plan_cash) = app.plan_effect_cash {
        // Split the change: the plan edit at the opened attainment, then the what-if.
        let plan = plan_cash - app.baseline_cash;
        let what_if = t.cash - plan_cash;
        lines.push(pair(
            " from the plan change",
            money_delta(plan),
            w,
            variance_style(plan),
        ));
        lines.push(pair(
            " from the what-if",
            money_delta(what_if),
            w,
            variance_style(what_if),
        ));
    }
    lines.push(pair(
        "Worst case per CSM",
        format!("{} of OTE", pct(t.downside_pct, 1)),
        w,
        Style::new(),
    ));
    let (min, max) = app.eval.pay_range();
    lines.push(pair("Minimum (all at 0%)", money(min), w, Style::new()));
    lines.push(pair(
        "Maximum (all capped)",
        max.map_or_else(|| "unbounded (no cap)".to_string(), money),
        w,
        Style::new(),
    ));
    lines.push(pair(
        "Loaded vs opened",
        money_delta(
            crate::engine::eval::loaded(t.cash, app.scn.assumptions.burden_rate)
                - crate::engine::eval::loaded(app.baseline_cash, app.scn.assumptions.burden_rate),
        ),
        w,
        vstyle,
    ));
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
}

/// The selected CSM's pay, component by component.
pub fn breakdown(f: &mut Frame, area: Rect, app: &App) {
    let i = app.table.selected.min(app.scn.team.len().saturating_sub(1));
    let (Some(csm), Some(r)) = (app.scn.team.get(i), app.eval.csms.get(i)) else {
        f.render_widget(pane(" No CSMs in this team ", false), area);
        return;
    };
    let title = format!(
        " {} · {} · OTE {} ",
        csm.name,
        csm.level,
        crate::num::money_whole(csm.ote)
    );
    let block = pane(title, false);
    let inner = block.inner(area);
    f.render_widget(block, area);
    // Team metrics' results and rates worked out from ARR, as the CSM is paid on them.
    let resolved = crate::engine::team_metrics::resolved_csm(&app.scn, i);
    let csm = resolved.as_deref().unwrap_or(csm);
    if app.eval.periods.is_some() {
        let lines = periodic_breakdown(app, i, inner.width as usize, inner.height as usize);
        super::text::draw_lines(f.buffer_mut(), inner, &lines);
        return;
    }
    let w = inner.width as usize;
    let num_w = 7 + 1 + 6 + 1 + 10;
    let name_w = w.saturating_sub(num_w + 1).max(4);
    let head = format!(
        "{:<name_w$} {:>7} {:>6} {:>10}",
        "Metric", "Attain", "Factor", "Payout"
    );
    let mut lines = vec![Line::styled(
        fit(&head, w),
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )];
    let selected_comp = app.component();
    let mut gate_notes: Vec<String> = Vec::new();
    for (j, (comp, cr)) in app
        .scn
        .plan
        .components
        .iter()
        .zip(app.eval.components(i).iter())
        .enumerate()
    {
        let assumed = app.assumed.get(i).is_some_and(|m| m.contains(&j));
        let att = if assumed {
            // No projection: paid on the plan's assumption, marked so.
            format!("~{}", pct(cr.attainment(), 0))
        } else if csm.actuals.contains_key(&comp.id) {
            pct(cr.attainment(), 1)
        } else {
            "—".into()
        };
        let brief = if comp.gates.is_empty() {
            None
        } else {
            crate::output::statements::gate_brief(&app.scn, comp, csm)
        };
        let gated = brief.is_some();
        if let Some(b) = brief {
            gate_notes.push(b);
        }
        let text = format!(
            "{:<name_w$} {:>7} {:>6} {:>10}",
            super::fit_words(&comp.name, name_w),
            att,
            if gated {
                "gated".to_string()
            } else {
                format!("{}×", crate::num::plain(cr.factor().round_dp(3)))
            },
            money(cr.payout)
        );
        let style = if j == selected_comp {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new()
        };
        lines.push(Line::styled(fit(&text, w), style));
    }
    for note in &gate_notes {
        lines.push(Line::styled(fit(note, w), Style::new().fg(Color::Yellow)));
    }
    if app.is_assumed(i) {
        lines.push(Line::styled(
            fit(
                &format!(
                    "~ no projection: counted {}",
                    app.scn.plan.missing_projections.words()
                ),
                w,
            ),
            Style::new().fg(Color::Yellow),
        ));
    }
    lines.push(Line::from(fit(
        &format!("Variable {} · SPIF {}", money(r.variable), money(r.spif)),
        w,
    )));
    lines.push(Line::from(fit(&format!("Base {}", money(r.base)), w)));
    lines.extend(total_lines(r, w));
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
}

/// The CSM's total and its share of OTE; under bonus on top, where target pay is OTE plus
/// the bonus, also its share of target pay (so it is clear which one the % is of).
fn total_lines(r: &crate::engine::CsmResult, w: usize) -> Vec<Line<'static>> {
    let mut lines = total_only(r, w);
    if !r.adjustment.is_zero() {
        // Recorded payouts: part of the total, beside the plan's figures.
        // After the total, which a short pane keeps first.
        lines.push(Line::from(fit(
            &format!(
                "incl. recorded pay beyond plan {}",
                crate::output::compare::signed_money(r.adjustment)
            ),
            w,
        )));
    }
    lines
}

fn total_only(r: &crate::engine::CsmResult, w: usize) -> Vec<Line<'static>> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let target_pay = r.base + r.target_variable;
    if target_pay == r.ote {
        return vec![Line::styled(
            fit(
                &format!(
                    "Total {} = {} of OTE",
                    money(r.total),
                    pct(r.pct_of_ote(), 1)
                ),
                w,
            ),
            bold,
        )];
    }
    let of_target = if target_pay.is_zero() {
        Decimal::ZERO
    } else {
        r.total / target_pay
    };
    vec![
        Line::styled(fit(&format!("Total {}", money(r.total)), w), bold),
        Line::from(fit(
            &format!(
                "= {} of target pay, {} of OTE",
                pct(of_target, 1),
                pct(r.pct_of_ote(), 1)
            ),
            w,
        )),
    ]
}

/// "Q1 act" / "Q3 proj": a period and whether it holds actual results (in words, not
/// colour, so NO_COLOR reads the same).
pub(super) fn period_tag(app: &App, p: usize) -> String {
    let id = app.scn.plan.periods.get(p).map_or("?", |x| x.id.as_str());
    let actual = app.eval.periods.as_ref().is_some_and(|r| r.is_actual(p));
    format!("{} {}", fit(id, 6), if actual { "act" } else { "proj" })
}

/// The periods from which the plan's terms change during the year ("Q3", "Q3, Q4"), if
/// it does.
fn new_terms(app: &App) -> Option<String> {
    let plan = &app.scn.plan;
    let v = crate::engine::versions::Versions::of(plan).ok()?;
    let from: Vec<&str> = v.starts[1..]
        .iter()
        .filter_map(|p| plan.periods.get(*p).map(|x| x.id.as_str()))
        .collect();
    (!from.is_empty()).then(|| from.join(", "))
}

/// The selected CSM's breakdown in a plan with periods: the annual metrics one line each
/// ("year"), each per-period metric by period (actual and projected periods told apart),
/// then the pay by period. When `height` is too small for every period, the per-period
/// metrics show the selected period only.
fn periodic_breakdown(app: &App, i: usize, w: usize, height: usize) -> Vec<Line<'static>> {
    use crate::engine::Measure;
    let Some(pr) = app.eval.periods.as_ref() else {
        return Vec::new();
    };
    let plan = &app.scn.plan;
    let resolved = crate::engine::team_metrics::resolved_csm(&app.scn, i);
    let Some(csm) = resolved.as_deref() else {
        return Vec::new();
    };
    let r = &app.eval.csms[i];
    let employed = crate::engine::shape::Shape::employed(plan, csm);
    let slots = app.eval.slots(i);
    let num_w = 7 + 1 + 6 + 1 + 10;
    let name_w = w.saturating_sub(num_w + 1).max(4);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let head = format!(
        "{:<name_w$} {:>7} {:>6} {:>10}",
        "Metric", "Attain", "Factor", "Payout"
    );
    let row = |label: String, att: String, factor: String, pay: String| {
        format!("{label:<name_w$} {att:>7} {factor:>6} {pay:>10}")
    };
    let factor = |v: Decimal| format!("{}×", crate::num::plain(v.round_dp(3)));
    // A slot a shut gate keeps from paying reads "gated" (a per-period gate in its period).
    let gate_ctx = plan
        .components
        .iter()
        .any(|c| !c.gates.is_empty())
        .then(|| {
            let shape = crate::engine::shape::Shape::of(plan);
            let gates = crate::engine::gates::resolve(plan, &shape);
            (shape, gates, crate::engine::eval::metric_scales(&app.scn))
        });
    let gated = |j: usize| {
        gate_ctx.as_ref().is_some_and(|(shape, gates, scales)| {
            gates.get(j).is_some_and(|g| !g.is_empty())
                && crate::engine::eval::closed_gate(
                    gates,
                    shape,
                    &app.doc.inputs,
                    scales,
                    i,
                    j,
                    app.scn.assumptions.attainment_scale,
                )
                .is_some()
        })
    };
    let factor_of = |j: usize, v: Decimal| {
        if gated(j) {
            "gated".to_string()
        } else {
            factor(v)
        }
    };
    let selected_comp = app.component();
    let style = |c: usize| {
        if c == selected_comp {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new()
        }
    };
    // Pay by period, two to a line when they fit.
    let pay: Vec<String> = pr
        .csm(i)
        .iter()
        .enumerate()
        .map(|(p, x)| format!("{} {}", period_tag(app, p), money(x.total)))
        .collect();
    let per_line = if pay.iter().map(|s| s.chars().count() + 3).sum::<usize>() <= w {
        pay.len().max(1)
    } else if pay
        .chunks(2)
        .all(|c| c.iter().map(|s| s.chars().count() + 3).sum::<usize>() <= w + 3)
    {
        2
    } else {
        1
    };
    let pay_lines: Vec<String> = pay.chunks(per_line).map(|c| c.join(" · ")).collect();
    let per_period_rows: usize = plan
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.measured == Measure::Period)
        .map(|(c, _)| 1 + pr.slots.iter().filter(|s| s.component == c).count())
        .sum();
    let annual = plan
        .components
        .iter()
        .filter(|c| c.measured == Measure::Year)
        .count();
    // An annual metric paid by several plan versions has a line for each when there is
    // room for them too.
    let annual_rows: usize = plan
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.measured == Measure::Year)
        .map(|(c, _)| pr.slots.iter().filter(|s| s.component == c).count())
        .sum();
    // What must fit to show every period; then, as room allows, a line for each plan
    // version's part of an annual metric, then the "for the year" heading.
    let full = 1
        + annual
        + per_period_rows
        + 1
        + pay_lines.len()
        + 1
        + usize::from(!r.adjustment.is_zero());
    let all_periods = full <= height;
    let split_rows = all_periods && full + annual_rows - annual <= height;
    let used = if split_rows {
        full + annual_rows - annual
    } else {
        full
    };
    let year_heading = annual > 0 && all_periods && used < height;
    let mut lines = vec![Line::styled(
        fit(&head, w),
        bold.add_modifier(Modifier::UNDERLINED),
    )];
    let names: Vec<&str> = plan.components.iter().map(|c| c.name.as_str()).collect();
    let last = plan.periods.last().map_or("", |p| p.id.as_str());
    if year_heading {
        lines.push(Line::styled(
            fit(&format!("For the year (paid with {last})"), w),
            bold,
        ));
    }
    // Annual metrics first, then the per-period ones.
    let order: Vec<usize> = (0..plan.components.len())
        .filter(|&c| plan.components[c].measured == Measure::Year)
        .chain(
            (0..plan.components.len()).filter(|&c| plan.components[c].measured == Measure::Period),
        )
        .collect();
    for c in order {
        let comp = &plan.components[c];
        let mine: Vec<(usize, &crate::engine::shape::Slot)> = pr
            .slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.component == c)
            .collect();
        match comp.measured {
            Measure::Year => {
                let att = |cr: &crate::engine::eval::ComponentResult| {
                    if csm.actuals.contains_key(&comp.id) {
                        pct(cr.attainment(), 1)
                    } else {
                        "—".into()
                    }
                };
                if let [(j, _)] = mine[..] {
                    let cr = &slots[j];
                    let label = super::fit_words_among(&comp.name, name_w, &names);
                    lines.push(Line::styled(
                        fit(
                            &row(label, att(cr), factor_of(j, cr.factor()), money(cr.payout)),
                            w,
                        ),
                        style(c),
                    ));
                    continue;
                }
                // Paid by each plan version on its part of the year: a line each when
                // there is room, else their sum.
                if !split_rows {
                    let total: Decimal = mine.iter().map(|(j, _)| slots[*j].payout).sum();
                    let label = super::fit_words_among(&comp.name, name_w, &names);
                    lines.push(Line::styled(
                        fit(&row(label, String::new(), String::new(), money(total)), w),
                        style(c),
                    ));
                    continue;
                }
                for (j, slot) in &mine {
                    let cr = &slots[*j];
                    let (first, last) = slot.span.unwrap_or((0, plan.periods.len() - 1));
                    let ids = |p: usize| plan.periods.get(p).map_or("?", |x| x.id.as_str());
                    let span = if first == last {
                        ids(first).to_string()
                    } else {
                        format!("{}–{}", ids(first), ids(last))
                    };
                    let room = name_w.saturating_sub(span.chars().count() + 1);
                    let label = format!(
                        "{} {span}",
                        super::fit_words_among(&comp.name, room, &names)
                    );
                    lines.push(Line::styled(
                        fit(
                            &row(label, att(cr), factor(cr.factor()), money(cr.payout)),
                            w,
                        ),
                        style(c),
                    ));
                }
            }
            Measure::Period => {
                let shown: Vec<_> = mine
                    .iter()
                    .filter(|(_, s)| all_periods || s.period == Some(app.editor.period))
                    .collect();
                let off: Vec<&str> = plan
                    .periods
                    .iter()
                    .filter(|p| comp.weight_in(&p.id).is_zero())
                    .map(|p| p.id.as_str())
                    .collect();
                let note = if off.is_empty() {
                    String::new()
                } else {
                    format!(" (not in {})", off.join(", "))
                };
                if all_periods {
                    let room = w.saturating_sub(note.chars().count());
                    lines.push(Line::styled(
                        format!("{}{note}", super::fit_words_among(&comp.name, room, &names)),
                        style(c),
                    ));
                }
                if shown.is_empty() && !all_periods {
                    let label = format!(
                        "{} {}",
                        period_tag(app, app.editor.period),
                        super::fit_words_among(&comp.name, name_w.saturating_sub(9), &names)
                    );
                    lines.push(Line::styled(
                        fit(&row(label, "—".into(), "—".into(), "not counted".into()), w),
                        style(c),
                    ));
                }
                for (j, s) in shown {
                    let p = s.period.unwrap_or(0);
                    let cr = &slots[*j];
                    let pid = &plan.periods[p].id;
                    let works = crate::engine::shape::Shape::works_in(employed, p);
                    let has_actual = csm
                        .periods
                        .get(pid)
                        .is_some_and(|v| v.actuals.contains_key(&comp.id));
                    let label = if all_periods {
                        format!(" {}", period_tag(app, p))
                    } else {
                        format!(
                            "{} {}",
                            period_tag(app, p),
                            super::fit_words_among(&comp.name, name_w.saturating_sub(9), &names)
                        )
                    };
                    let text = if !works {
                        row(label, "—".into(), "—".into(), "not on team".into())
                    } else if !has_actual {
                        row(
                            label,
                            "—".into(),
                            factor_of(*j, cr.factor()),
                            money(cr.payout),
                        )
                    } else {
                        row(
                            label,
                            pct(cr.attainment(), 1),
                            factor_of(*j, cr.factor()),
                            money(cr.payout),
                        )
                    };
                    lines.push(Line::styled(fit(&text, w), style(c)));
                }
            }
        }
    }
    if all_periods {
        let heading = match new_terms(app) {
            Some(from) => format!("Pay by period · new terms from {from}"),
            None => "Pay by period".to_string(),
        };
        lines.push(Line::styled(fit(&heading, w), bold));
        for l in pay_lines {
            lines.push(Line::from(fit(&l, w)));
        }
    }
    lines.extend(total_lines(r, w));
    lines
}

/// The guardrails, live. Focus it (Tab) to scroll with ↑↓.
pub fn warnings(f: &mut Frame, area: Rect, app: &App) {
    let n = app.warnings.len();
    let focused = app.focus == crate::tui::app::Focus::Warnings;
    let errors = app.plan_errors.len();
    let title = if errors > 0 {
        format!(
            " {errors} error{} to fix · {n} warning{} ",
            if errors == 1 { "" } else { "s" },
            if n == 1 { "" } else { "s" }
        )
    } else if n > 1 {
        let from = app.warnings_offset + 1;
        super::title_fit(
            area.width,
            &[
                &format!(" Guardrails: {n} warnings ({from}–{n} shown from here; Tab, ↑↓) "),
                &format!(" Guardrails: {n} warnings ({from}–{n} shown; Tab, ↑↓) "),
                &format!(" {n} warnings ({from}–{n}; Tab, ↑↓) "),
                &format!(" {n} warnings "),
            ],
        )
    } else {
        format!(" Guardrails: {n} warning{} ", if n == 1 { "" } else { "s" })
    };
    let block = pane(title, focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let error_lines = app.plan_errors.iter().map(|e| {
        Line::from(vec![
            Span::styled(
                "✗ error: ",
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ),
            Span::raw(e.message.clone()),
        ])
    });
    let lines: Vec<Line> = if app.warnings.is_empty() && errors > 0 {
        error_lines.collect()
    } else if app.warnings.is_empty() {
        vec![Line::styled(
            "✓ No guardrail warnings: variable share in 20–30%, outcomes and expansion at or below 50%, accelerators capped.",
            Style::new().fg(Color::Green),
        )]
    } else {
        let warning_lines: Vec<Line> = app
            .warnings
            .iter()
            .skip(app.warnings_offset)
            .map(|w| {
                Line::from(vec![
                    Span::styled("⚠ ", Style::new().fg(Color::Yellow)),
                    Span::raw(w.message.clone()),
                ])
            })
            .collect();
        error_lines.chain(warning_lines).collect()
    };
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}
