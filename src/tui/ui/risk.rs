//! The cost-risk view (`R`): what the plan may cost, how its pay is spread and who it
//! rewards, from the background simulation (docs/risk.md). Every figure has its label (the
//! practitioner's term), its value to the precision the simulated years support, and under
//! it what it means in plain words. The lines are wrapped here, so the view knows its
//! length and scrolls no further than its end.

use super::pane;
use crate::engine::risk::RiskReport;
use crate::engine::risk_words::{self, Figure, money_about, money_rounded};
use crate::num::{money_whole, pct};
use crate::tui::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

/// The view's lines, each at most `w` wide.
struct Lines {
    w: usize,
    out: Vec<Line<'static>>,
}

impl Lines {
    /// A line as it is, wrapped at word boundaries where it is too wide.
    fn push(&mut self, line: Line<'static>) {
        self.out
            .extend(super::text::wrap_line(&line, self.w.max(1) as u16));
    }

    fn blank(&mut self) {
        self.out.push(Line::raw(""));
    }

    /// A label and its value, the value in column `col` when both fit there, else two
    /// spaces after the label, else on the next line: they never run together. `extra`
    /// follows the value when it fits on the same line, else it gets a line of its own.
    fn row(&mut self, label: &str, col: usize, value: Span<'static>, extra: Option<Span<'static>>) {
        let (lw, vw) = (label.width(), value.content.width());
        let gap = if lw < col && col + vw <= self.w {
            col - lw
        } else {
            2
        };
        let mut spans = if lw + gap + vw <= self.w {
            vec![Span::raw(format!("{label}{}", " ".repeat(gap))), value]
        } else {
            self.push(Line::raw(label.to_string()));
            vec![Span::raw("  "), value]
        };
        if let Some(extra) = extra {
            let used: usize = spans.iter().map(|s| s.content.width()).sum();
            if used + 2 + extra.content.width() <= self.w {
                spans.push(Span::raw("  "));
                spans.push(extra);
                self.push(Line::from(spans));
            } else {
                self.push(Line::from(spans));
                self.push(Line::from(vec![Span::raw("  "), extra]));
            }
        } else {
            self.push(Line::from(spans));
        }
    }

    /// What a figure means: dimmed, indented two columns, wrapped under itself.
    fn meaning(&mut self, text: &str) {
        self.under(text, Style::new().fg(Color::DarkGray));
    }

    /// Text indented two columns, wrapped under itself.
    fn indented(&mut self, text: &str) {
        self.under(text, Style::new());
    }

    fn under(&mut self, text: &str, style: Style) {
        let inner = self.w.saturating_sub(2).max(1) as u16;
        for l in super::text::wrap_line(&Line::styled(text.to_string(), style), inner) {
            let mut spans = vec![Span::raw("  ")];
            spans.extend(l.spans);
            self.out.push(Line::from(spans));
        }
    }
}

fn find<'a>(figures: &'a [Figure], key: &str) -> Option<&'a Figure> {
    figures.iter().find(|f| f.key == key)
}

/// The view's content for a pane `w` wide.
fn content(r: &RiskReport, w: usize, source: &str) -> Vec<Line<'static>> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let head = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    let dim = Style::new().fg(Color::DarkGray);
    let narrow = w < 60;
    let col = if narrow { 17 } else { 30 };
    let what = risk_words::basis_name(r.basis);
    let team = risk_words::team_figures(r);
    let mut l = Lines { w, out: Vec::new() };
    let figure = |l: &mut Lines, key: &str, label: &str| {
        if let Some(f) = find(&team, key) {
            l.row(label, col, Span::styled(f.value.clone(), bold), None);
            l.meaning(&f.meaning);
        }
    };
    let at = if narrow {
        "At projections".to_string()
    } else {
        format!("Team {what} at the projections")
    };
    figure(&mut l, "at_projection", &at);
    figure(
        &mut l,
        "mean",
        if narrow {
            "Expected (mean)"
        } else {
            "Expected (mean of the years)"
        },
    );
    figure(&mut l, "p10", "P10");
    figure(&mut l, "p50", "P50");
    figure(&mut l, "p90", "P90");
    let pr = &r.precision;
    l.row(
        "P5 · P95",
        col,
        Span::raw(format!(
            "{} · {}",
            money_about(r.p5, pr.p5, money_whole),
            money_about(r.p95, pr.p95, money_whole)
        )),
        None,
    );
    l.meaning("9 in 10 simulated years cost between these two");
    match (&r.budget, r.p_over_budget) {
        (Some(b), Some(p)) => {
            l.row("Budget", col, Span::raw(money_whole(b.amount)), None);
            l.meaning(&format!("the budget recorded on the plan, for {what}"));
            let style = if p > Decimal::new(5, 1) {
                Style::new().fg(super::palette::ERROR)
            } else {
                bold
            };
            if let Some(f) = find(&team, "p_over_budget") {
                l.row(
                    "Over budget in",
                    col,
                    Span::styled(format!("{} of the years", f.value), style),
                    None,
                );
                l.meaning(&f.meaning);
            }
        }
        _ => l.push(Line::styled(
            [
                "No budget yet: type one in the plan's Budget row, or $ on a slider solves for one",
                "No budget yet: type one in the plan's Budget row",
                "No budget yet (the plan's Budget row)",
            ]
            .into_iter()
            .find(|t| t.chars().count() <= w)
            .unwrap_or("No budget yet"),
            dim,
        )),
    }
    l.push(Line::from(r.gap.clone()));
    l.push(Line::styled(risk_words::precision_note(r.trials), dim));
    // Where the spreads come from: typed, or calibrated from which years.
    l.meaning(source);
    l.blank();
    l.push(Line::styled(
        format!("Team {what} per simulated year"),
        head,
    ));
    l.meaning(risk_words::HISTOGRAM_MEANING);
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
        l.push(Line::from(vec![
            Span::raw(format!("{:>12} {:>6} ", money_whole(*from), n)),
            Span::styled("█".repeat(len), Style::new().fg(Color::Cyan)),
            Span::styled(marks, Style::new().fg(Color::Yellow)),
        ]));
    }
    l.blank();
    l.push(Line::styled("Payout-curve health (average year)", head));
    let health = risk_words::health_figures(r);
    for f in health.iter().filter(|f| f.aim.is_some()) {
        l.row(
            &f.label,
            if narrow { 24 } else { col + 4 },
            Span::styled(format!("{:>6}", f.value), bold),
            f.aim.map(|a| Span::styled(a, dim)),
        );
        l.meaning(&f.meaning);
    }
    l.blank();
    l.push(Line::styled("Who the plan rewards", head));
    if let Some(f) = find(&health, "rank_correlation") {
        l.row(
            "Pay vs controllable attainment",
            col + 4,
            Span::styled(format!("rank correlation {}", f.value), bold),
            None,
        );
        l.meaning(&f.meaning);
    }
    for v in &r.fairness.by_level {
        l.push(Line::from(vec![
            Span::styled(v.level.clone(), bold),
            Span::raw(format!(" · {} CSMs", v.csms)),
        ]));
        l.indented(&format!(
            "expected cash {} · median % of OTE {}–{}",
            money_rounded(v.cash, v.cash_se),
            pct(v.pct_of_ote.0, 0),
            pct(v.pct_of_ote.1, 0)
        ));
    }
    if !r.fairness.by_level.is_empty() {
        l.meaning(risk_words::LEVEL_MEANING);
    }
    let flagged = r.csms.iter().filter(|c| c.flagged).count();
    l.push(Line::raw(format!(
        "{flagged} of {} CSMs have pay that swings mostly on outcomes they don't control",
        r.csms.len()
    )));
    l.meaning("a CSM's pay swings mostly on outcomes when over half of the ups and downs of their variable pay comes from retention, churn, NRR or adoption, which the customer largely decides");
    if !r.warnings.is_empty() {
        l.blank();
        for (_, m) in &r.warnings {
            l.push(Line::from(vec![
                Span::styled("⚠ ", Style::new().fg(Color::Yellow)),
                Span::raw(m.clone()),
            ]));
        }
    }
    l.out
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
    let source = crate::analysis::calibrate::source_words(&app.doc.scn);
    let lines = content(r, inner.width as usize, &source);
    // Scrolled no further than the last line at the bottom of the pane.
    let most = lines.len().saturating_sub(inner.height as usize);
    let offset = view.offset.min(most);
    if let Some(v) = &mut app.risk {
        v.offset = offset;
        v.max_offset = most;
    }
    f.render_widget(
        Paragraph::new(lines).scroll((offset.min(usize::from(u16::MAX)) as u16, 0)),
        inner,
    );
}
