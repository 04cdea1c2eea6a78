//! The cost-risk view (`R`): what the plan may cost, how its pay is spread and who it
//! rewards, from the background simulation (docs/risk.md).

use super::pane;
use crate::engine::BudgetBasis;
use crate::num::{money, money_whole, pct, plain};
use crate::tui::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use rust_decimal::Decimal;

fn label(text: &str, w: usize) -> Span<'static> {
    Span::raw(format!("{text:<w$}"))
}

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let focused = app.focus == Focus::Table;
    let Some(view) = &app.risk else { return };
    let Some(r) = &view.report else {
        let block = pane(" Cost risk · simulating… · R closes ", focused);
        let inner = block.inner(area);
        f.render_widget(block, area);
        f.render_widget(Paragraph::new("simulating the first years…"), inner);
        return;
    };
    let progress = if r.trials < view.target {
        format!("{} of {} simulated years, refining…", r.trials, view.target)
    } else {
        format!("{} simulated years (seed {})", r.trials, r.seed)
    };
    let mut title = format!(" Cost risk · {progress} · R closes ");
    if title.chars().count() + 2 > area.width as usize {
        title = if r.trials < view.target {
            format!(" Risk · {}/{} years… ", r.trials, view.target)
        } else {
            format!(" Risk · {} years · R closes ", r.trials)
        };
    }
    let block = pane(title, focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let what = match r.basis {
        BudgetBasis::Cash => "cash",
        BudgetBasis::Loaded => "loaded cost",
    };
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let head = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    let narrow = w < 60;
    let lw = if narrow { 17 } else { 30 };
    let name = |long: &'static str, short: &'static str| if narrow { short } else { long };
    let mut lines: Vec<Line> = vec![
        Line::from(vec![
            label(
                &if narrow {
                    "At projections".to_string()
                } else {
                    format!("Team {what} at the projections")
                },
                lw,
            ),
            Span::styled(money(r.at_projection), bold),
        ]),
        Line::from(vec![
            label(name("Expected (mean of the years)", "Expected (mean)"), lw),
            Span::styled(money(r.mean), bold),
        ]),
        Line::from(vec![label("P10", lw), Span::raw(money_whole(r.p10))]),
        Line::from(vec![label("P50", lw), Span::raw(money_whole(r.p50))]),
        Line::from(vec![label("P90", lw), Span::raw(money_whole(r.p90))]),
        Line::from(vec![
            label("P5 · P95", lw),
            Span::raw(format!("{} · {}", money_whole(r.p5), money_whole(r.p95))),
        ]),
    ];
    if let (Some(b), Some(p)) = (&r.budget, r.p_over_budget) {
        let style = if p > Decimal::new(5, 1) {
            Style::new().fg(super::palette::ERROR)
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            label(&format!("Budget {}", money_whole(b.amount)), lw),
            Span::styled(
                format!(
                    "{} {} of the years",
                    name("exceeded in", "over in"),
                    pct(p, 1)
                ),
                style,
            ),
        ]));
    } else {
        lines.push(Line::styled(
            name(
                "No budget yet: $ on a slider solves it for one and records it",
                "No budget yet ($ sets one)",
            ),
            Style::new().fg(Color::DarkGray),
        ));
    }
    lines.push(Line::from(r.gap.clone()));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Team {what} per simulated year"),
        head,
    ));
    let most = r
        .cost_histogram
        .iter()
        .map(|b| b.2)
        .max()
        .unwrap_or(1)
        .max(1) as usize;
    let bar_w = w.saturating_sub(34).max(4);
    for (from, to, n) in &r.cost_histogram {
        let marks: String = r
            .band_marks(*from, *to)
            .iter()
            .map(|m| format!(" ◂{m}"))
            .collect();
        let len = (*n as usize * bar_w).div_ceil(most);
        lines.push(Line::from(vec![
            Span::raw(format!("{:>12} {:>6} ", money_whole(*from), n)),
            Span::styled("█".repeat(len), Style::new().fg(Color::Cyan)),
            Span::styled(marks, Style::new().fg(Color::Yellow)),
        ]));
        let _ = to;
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Payout-curve health (average year)", head));
    for (what, value, aim) in r.health.rows() {
        lines.push(Line::from(vec![
            label(what, if narrow { 24 } else { lw + 4 }),
            Span::styled(format!("{value:>7}"), bold),
            Span::styled(
                if narrow {
                    String::new()
                } else {
                    format!("  {aim}")
                },
                Style::new().fg(Color::DarkGray),
            ),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Who the plan rewards", head));
    lines.push(Line::from(vec![
        label("Pay vs controllable attainment", lw + 4),
        Span::raw(r.fairness.rank_correlation.map_or("—".into(), |c| {
            format!("rank correlation {}", plain(c.round_dp(2)))
        })),
    ]));
    for l in &r.fairness.by_level {
        lines.push(Line::raw(format!(
            "{:<16} {:>4} CSMs  {:>14}  median {}–{} of OTE",
            super::fit_words(&l.level, 16),
            l.csms,
            money_whole(l.cash),
            pct(l.pct_of_ote.0, 0),
            pct(l.pct_of_ote.1, 0)
        )));
    }
    let flagged = r.csms.iter().filter(|c| c.flagged).count();
    lines.push(Line::raw(format!(
        "{flagged} of {} CSMs have pay that swings mostly on outcomes they don't control",
        r.csms.len()
    )));
    if !r.warnings.is_empty() {
        lines.push(Line::raw(""));
        for (_, m) in &r.warnings {
            lines.push(Line::from(vec![
                Span::styled("⚠ ", Style::new().fg(Color::Yellow)),
                Span::raw(m.clone()),
            ]));
        }
    }
    let offset = view.offset.min(lines.len().saturating_sub(1));
    if let Some(v) = &mut app.risk {
        v.offset = offset;
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((offset as u16, 0)),
        inner,
    );
}
