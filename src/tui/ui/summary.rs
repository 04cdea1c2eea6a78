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
    let codes: Vec<&str> = app.warnings.iter().map(|w| w.code).collect();
    Line::styled(
        fit(
            &format!(
                "⚠ {n} warning{}: {}",
                if n == 1 { "" } else { "s" },
                codes.join(", ")
            ),
            w,
        ),
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
    let lines = vec![
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
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
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
    let i = app.selected.min(app.scn.team.len().saturating_sub(1));
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
    for (j, (comp, cr)) in app
        .scn
        .plan
        .components
        .iter()
        .zip(app.eval.components(i))
        .enumerate()
    {
        let has_actual = csm.actuals.contains_key(&comp.id);
        let att = if has_actual {
            pct(cr.attainment(), 1)
        } else {
            "—".into()
        };
        let text = format!(
            "{:<name_w$} {:>7} {:>6} {:>10}",
            super::fit_words(&comp.name, name_w),
            att,
            format!("{}×", crate::num::plain(cr.factor().round_dp(3))),
            money(cr.payout)
        );
        let style = if j == selected_comp {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new()
        };
        lines.push(Line::styled(fit(&text, w), style));
    }
    lines.push(Line::from(fit(
        &format!("Variable {} · SPIF {}", money(r.variable), money(r.spif)),
        w,
    )));
    lines.push(Line::from(fit(&format!("Base {}", money(r.base)), w)));
    let target_pay = r.base + r.target_variable;
    let of_target = if target_pay.is_zero() {
        Decimal::ZERO
    } else {
        r.total / target_pay
    };
    // Under bonus on top, target pay is OTE plus the bonus: say which one the % is of.
    let bold = Style::new().add_modifier(Modifier::BOLD);
    if target_pay == csm.ote {
        lines.push(Line::styled(
            fit(
                &format!(
                    "Total {} = {} of OTE",
                    money(r.total),
                    pct(r.pct_of_ote(), 1)
                ),
                w,
            ),
            bold,
        ));
    } else {
        lines.push(Line::styled(
            fit(&format!("Total {}", money(r.total)), w),
            bold,
        ));
        lines.push(Line::from(fit(
            &format!(
                "= {} of target pay, {} of OTE",
                pct(of_target, 1),
                pct(r.pct_of_ote(), 1)
            ),
            w,
        )));
    }
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
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
        format!(
            " Guardrails: {n} warnings ({}–{n} shown from here; Tab, ↑↓) ",
            app.warnings_offset + 1
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
