//! Charts: the selected component's payout curve with the team marked on it, and the team's
//! cash cost against the team attainment scale (current plan and the plan as opened).
//! Plotting uses f64 for positions only; every number printed comes from the exact engine.

use super::pane;
use crate::engine::{Beyond, Curve, TierMode};
use crate::num::{money, money_short, pct_exact, plain};
use crate::tui::app::{App, ChartMode, Focus};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &mut App) {
    app.hits.chart = area;
    let focused = app.focus == Focus::Chart;
    match app.chart.mode {
        ChartMode::Payout => payout(frame, area, app, focused),
        ChartMode::Cost => cost(frame, area, app, focused),
    }
}

fn payout(frame: &mut Frame, area: Rect, app: &mut App, focused: bool) {
    let i = app.component();
    let Some(comp) = app.doc.scn.plan.components.get(i) else {
        frame.render_widget(pane(" Payout curve ", focused), area);
        return;
    };
    // The metric's name as much as the pane holds, shortened at words (never mid-word).
    let room = usize::from(area.width).saturating_sub(4 + " payout (c) ".len());
    let names: Vec<&str> = app
        .scn
        .plan
        .components
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let title = format!(
        " {} payout (c) ",
        super::fit_words_among(&comp.name, room, &names)
    );
    // The team's points, computed once per evaluation and thinned to what the chart can
    // show (10,000 CSMs land on a few hundred distinct dots).
    // With periods, the slot of the selected period (an annual metric has one).
    let slot = match &app.doc.eval.periods {
        Some(p) => p
            .slots
            .iter()
            .position(|s| s.component == i && s.period.is_none_or(|q| q == app.editor.period)),
        None => Some(i),
    };
    // The cache key: the slot, not the component (the period selector moves it).
    let key = slot.unwrap_or(usize::MAX);
    let fresh = matches!(&app.chart.points, Some((c, g, _)) if *c == key && *g == app.doc.eval_gen);
    if !fresh {
        let mut seen = std::collections::HashSet::new();
        let pts: Vec<(f64, f64)> = (0..app.doc.scn.team.len())
            .filter_map(|k| {
                let a = app.doc.eval.slots(k).get(slot?).copied()?;
                let p = (f(a.attainment()), f(a.factor()));
                seen.insert(((p.0 * 400.0) as i64, (p.1 * 200.0) as i64))
                    .then_some(p)
            })
            .collect();
        app.chart.points = Some((key, app.doc.eval_gen, pts));
    }
    let points: &[(f64, f64)] = app.chart.points.as_ref().map_or(&[], |c| &c.2);
    let x_max = points.iter().map(|p| p.0).fold(2.0f64, f64::max).min(10.0);
    let sampled = matches!(&app.chart.line, Some((c, x, _)) if *c == comp.curve && *x == x_max);
    if !sampled {
        let n = 120;
        let line = (0..=n)
            .map(|s| {
                let x = x_max * s as f64 / n as f64;
                let a = Decimal::from_f64_retain(x).unwrap_or_default();
                (x, f(comp.curve.factor_at(a)))
            })
            .collect();
        app.chart.line = Some((comp.curve.clone(), x_max, line));
    }
    let line: &[(f64, f64)] = app.chart.line.as_ref().map_or(&[], |c| &c.2);
    let y_top = comp
        .curve
        .max_factor()
        .map(f)
        .unwrap_or_else(|| line.iter().map(|p| p.1).fold(0.0, f64::max))
        .max(points.iter().map(|p| p.1).fold(0.0, f64::max))
        .max(1.0);
    let y_max = y_top * 1.1;
    let flat = |m: &TierMode| if m.is_marginal() { "" } else { "flat tiers, " };
    let cap_label = match &comp.curve {
        Curve::Tiered {
            cap: Some(c), mode, ..
        } => format!("{}cap {}", flat(mode), pct_exact(*c)),
        Curve::Tiered {
            cap: None, mode, ..
        } => format!("{}no cap", flat(mode)),
        Curve::Steps { .. } => "steps".into(),
        Curve::Points { above, .. } => match above {
            Beyond::Flat => "points".into(),
            Beyond::Extend => "points, no cap".into(),
        },
    };
    // A curve drawn by points shows its points.
    let corners: Vec<(f64, f64)> = match &comp.curve {
        Curve::Points { points, .. } => points
            .iter()
            .map(|p| (f(p.at), f(p.pays)))
            .filter(|p| p.0 <= x_max)
            .collect(),
        _ => Vec::new(),
    };
    let mut legend = vec![
        Span::styled("━ ", Style::new().fg(Color::Cyan)),
        Span::raw(format!("payout factor ({cap_label})  ")),
        Span::styled("• ", Style::new().fg(Color::Yellow)),
        Span::raw("CSMs"),
    ];
    if !corners.is_empty() {
        legend.push(Span::styled("  █ ", Style::new().fg(Color::White)));
        legend.push(Span::raw("points"));
    }
    let legend = Line::from(legend);
    let chart = Chart::new(vec![
        Dataset::default()
            .name(cap_label)
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(Style::new().fg(Color::Cyan))
            .data(line),
        Dataset::default()
            .name("CSMs")
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(Style::new().fg(Color::Yellow))
            .data(points),
        Dataset::default()
            .name("points")
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(Style::new().fg(Color::White))
            .data(&corners),
    ])
    .legend_position(None)
    .x_axis(
        Axis::default()
            .title("attainment")
            .bounds([0.0, x_max])
            .labels(vec![
                Line::from("0%"),
                Line::from(format!("{:.0}%", x_max * 50.0)),
                Line::from(format!("{:.0}%", x_max * 100.0)),
            ])
            .style(Style::new().fg(Color::DarkGray)),
    )
    .y_axis(
        Axis::default()
            .bounds([0.0, y_max])
            .labels(vec![
                Line::from("0×"),
                Line::from(format!(
                    "{}×",
                    plain(
                        Decimal::from_f64_retain(y_top)
                            .unwrap_or_default()
                            .round_dp(2)
                    )
                )),
            ])
            .style(Style::new().fg(Color::DarkGray)),
    );
    let block = pane(title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 {
        return;
    }
    let [legend_area, plot] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    super::text::draw_lines(frame.buffer_mut(), legend_area, &[legend]);
    frame.render_widget(chart, plot);
}

fn cost(frame: &mut Frame, area: Rect, app: &App, focused: bool) {
    // The title reads out the exact team cash at the current what-if setting.
    let title = format!(
        " Team cash at {}: {} (c) ",
        pct_exact(app.doc.scn.assumptions.attainment_scale),
        money(app.doc.eval.team.cash)
    );
    let (Some(cur), Some(base)) = (&app.chart.cost_current, &app.chart.cost_baseline) else {
        let block = pane(title.clone(), focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new("computing the cost curve…").style(Style::new().fg(Color::DarkGray)),
            inner,
        );
        return;
    };
    let series = [
        ("as opened".to_string(), Color::DarkGray, base.clone()),
        ("current".to_string(), Color::Cyan, cur.clone()),
    ];
    // The current what-if setting, marked on the chart and read out exactly.
    let now = (
        app.doc.scn.assumptions.attainment_scale,
        app.doc.eval.team.cash,
    );
    // The plan's budget when it is for cash (the row in the plan, or the last solve's).
    let budget = match (&app.doc.scn.plan.budget, app.budget) {
        (Some(b), _) if b.basis == crate::engine::BudgetBasis::Cash => Some(b.amount),
        (None, Some((crate::analysis::solve::Figure::Cash, b))) => Some(b),
        _ => None,
    };
    cost_chart(
        frame,
        area,
        pane(title, focused),
        &series,
        Some(now),
        budget,
    );
}

/// One line of a cost chart: its label, colour and (scale, team cash) points.
pub(super) type Series = (String, Color, Vec<(Decimal, Decimal)>);

/// The legend, on a line of its own above the plot so that it never covers a line: each
/// series' label in its colour, then the marker of the current setting.
fn legend_line(series: &[Series], marker: Option<(Decimal, Decimal)>) -> Line<'static> {
    let mut spans = Vec::new();
    for (label, color, _) in series {
        spans.push(Span::styled("━ ", Style::new().fg(*color)));
        spans.push(Span::raw(format!("{label}  ")));
    }
    if marker.is_some() {
        spans.push(Span::styled("┃ ", Style::new().fg(Color::Yellow)));
        spans.push(Span::raw("now"));
    }
    Line::from(spans)
}

/// The legend on as many lines as it takes (when one is not enough: many series, or
/// crossings to mark): each entry whole, an entry that does not fit on a line starting
/// the next one.
fn legend_lines(
    series: &[Series],
    marker: Option<(Decimal, Decimal)>,
    budget: Option<Decimal>,
    crossings: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let mut entries: Vec<[Span<'static>; 2]> = series
        .iter()
        .map(|(label, color, _)| {
            [
                Span::styled("━ ", Style::new().fg(*color)),
                Span::raw(label.clone()),
            ]
        })
        .collect();
    if marker.is_some() {
        entries.push([
            Span::styled("┃ ", Style::new().fg(Color::Yellow)),
            Span::raw("now"),
        ]);
    }
    if let Some(b) = budget {
        entries.push([
            Span::styled("╌ ", Style::new().fg(Color::Magenta)),
            Span::raw(format!("budget {}", money_short(b))),
        ]);
    }
    if crossings {
        entries.push([
            Span::styled("┆ ", Style::new().fg(Color::White)),
            Span::raw("lines cross"),
        ]);
    }
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0usize;
    for [mark, label] in entries {
        let w = mark.width() + label.width();
        if used > 0 && used + 2 + w > width {
            lines.push(Vec::new());
            used = 0;
        } else if used > 0 {
            if let Some(l) = lines.last_mut() {
                l.push(Span::raw("  "));
            }
            used += 2;
        }
        if let Some(l) = lines.last_mut() {
            l.push(mark);
            l.push(label);
        }
        used += w;
    }
    lines.into_iter().map(Line::from).collect()
}

/// Team cash against the team attainment scale, one line per series; `marker` is the
/// current setting (scale, exact team cash), drawn as a vertical line and read out.
pub(super) fn cost_chart(
    frame: &mut Frame,
    area: Rect,
    block: super::Pane,
    series: &[Series],
    marker: Option<(Decimal, Decimal)>,
    budget: Option<Decimal>,
) {
    cost_chart_marked(frame, area, block, series, marker, budget, &[]);
}

/// [`cost_chart`] with points where lines cross (scale, cash), each marked by a short
/// dotted upright through it.
pub(super) fn cost_chart_marked(
    frame: &mut Frame,
    area: Rect,
    block: super::Pane,
    series: &[Series],
    marker: Option<(Decimal, Decimal)>,
    budget: Option<Decimal>,
    crossings: &[(Decimal, Decimal)],
) {
    let data: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|(_, _, c)| c.iter().map(|(s, v)| (f(*s), f(*v))).collect())
        .collect();
    let all = || {
        series
            .iter()
            .flat_map(|(_, _, c)| c.iter().map(|p| p.1))
            .chain(marker.map(|m| m.1))
            .chain(budget)
    };
    let lo = all().min().unwrap_or_default();
    let hi = all().max().unwrap_or_default();
    let pad = ((hi - lo) / Decimal::from(20)).max(Decimal::ONE);
    let (y0, y1) = (lo - pad, hi + pad);
    let marker_line: Vec<(f64, f64)> = marker
        .map(|(s, _)| {
            let x = f(s).clamp(0.5, 1.5);
            (0..=24)
                .map(|k| (x, f(y0) + (f(y1) - f(y0)) * k as f64 / 24.0))
                .collect()
        })
        .unwrap_or_default();
    let mut datasets: Vec<Dataset> = series
        .iter()
        .zip(&data)
        .map(|((label, color, _), d)| {
            Dataset::default()
                .name(label.clone())
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::new().fg(*color))
                .data(d)
        })
        .collect();
    let budget_line: Vec<(f64, f64)> = budget
        .map(|b| (0..=40).map(|k| (0.5 + k as f64 / 40.0, f(b))).collect())
        .unwrap_or_default();
    // The overlays: the budget as a line, the current setting and the crossings as marks.
    let crossing_marks: Vec<(f64, f64)> = {
        // A short upright, a sixth of the plot's height, through each crossing.
        let span = (f(y1) - f(y0)) / 12.0;
        crossings
            .iter()
            .flat_map(|(s, y)| {
                let (x, y) = (f(*s).clamp(0.5, 1.5), f(*y));
                (0..=8).map(move |k| (x, y - span + 2.0 * span * k as f64 / 8.0))
            })
            .collect()
    };
    for (points, kind, color) in [
        (&budget_line, GraphType::Line, Color::Magenta),
        (&marker_line, GraphType::Scatter, Color::Yellow),
        (&crossing_marks, GraphType::Scatter, Color::White),
    ] {
        if !points.is_empty() {
            datasets.push(
                Dataset::default()
                    .marker(Marker::Braille)
                    .graph_type(kind)
                    .style(Style::new().fg(color))
                    .data(points),
            );
        }
    }
    let mid = (lo + hi) / Decimal::TWO;
    let chart = Chart::new(datasets)
        .legend_position(None)
        .x_axis(
            Axis::default()
                .title("team attainment")
                .bounds([0.5, 1.5])
                .labels(vec![
                    Line::from("50%"),
                    Line::from("75%"),
                    Line::from("100%"),
                    Line::from("125%"),
                    Line::from("150%"),
                ])
                .style(Style::new().fg(Color::DarkGray)),
        )
        .y_axis(
            Axis::default()
                .bounds([f(y0), f(y1)])
                .labels(vec![
                    Line::from(money_short(lo)),
                    Line::from(money_short(mid)),
                    Line::from(money_short(hi)),
                ])
                .style(Style::new().fg(Color::DarkGray)),
        );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 {
        return;
    }
    let full = |sep: &str| {
        let mut spans = legend_line(series, marker).spans;
        if let Some(b) = budget {
            spans.push(Span::styled(
                format!("{sep}╌ "),
                Style::new().fg(Color::Magenta),
            ));
            spans.push(Span::raw(format!("budget {}", money_short(b))));
        }
        Line::from(spans)
    };
    let mut line = full("  ");
    if line.width() > usize::from(inner.width) {
        // Narrow: the same entries without the padding.
        let spans = line
            .spans
            .into_iter()
            .map(|sp| {
                let t = sp.content.trim().replace("as opened", "opened");
                let marker = t.starts_with(['━', '┃', '╌']);
                Span::styled(if marker { t } else { t + " " }, sp.style)
            })
            .collect::<Vec<_>>();
        line = Line::from(spans);
    }
    // One line when it fits (shortened if need be); else on lines of their own, at most
    // half the pane.
    let lines = if crossings.is_empty() && line.width() <= usize::from(inner.width) {
        vec![line]
    } else {
        legend_lines(
            series,
            marker,
            budget,
            !crossings.is_empty(),
            usize::from(inner.width),
        )
    };
    let legend_h = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .min(inner.height / 2)
        .max(1);
    let [legend, plot] =
        Layout::vertical([Constraint::Length(legend_h), Constraint::Fill(1)]).areas(inner);
    super::text::draw_lines(frame.buffer_mut(), legend, &lines);
    frame.render_widget(chart, plot);
}
