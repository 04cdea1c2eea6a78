//! The compare screen: 2–4 plan variants side by side (the first is the baseline), the
//! working copy live in the last column.

use super::{fit, pane};
use crate::compare::{Becomes, Comparison};
use crate::num::{money_delta, money_short, money_whole, pct, pct_delta};
use crate::tui::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

const COLORS: [Color; 4] = [Color::DarkGray, Color::Cyan, Color::Yellow, Color::Magenta];

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let Some(view) = &app.compare else {
        return;
    };
    let c = view.comparer.comparison().clone();
    let labels = view.labels.clone();
    if area.height < 34 {
        // Small windows: the figures, the CSMs and the plan differences; the chart is on
        // the full-size layout.
        let [top, middle, bottom] = Layout::vertical([
            Constraint::Length(12),
            Constraint::Fill(1),
            Constraint::Length(6),
        ])
        .areas(area);
        summary(f, top, &c, &labels);
        csm_table(f, middle, app, &c, &labels);
        differences(f, bottom, &c, &labels);
        return;
    }
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Length(12),
        Constraint::Fill(1),
        Constraint::Length(12),
    ])
    .areas(area);
    summary(f, top, &c, &labels);
    csm_table(f, middle, app, &c, &labels);
    let [words, chart] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
    differences(f, words, &c, &labels);
    curve(f, chart, &c, &labels);
}

/// A right-aligned cell of width `w`, always one space from its left neighbour.
fn cell(text: String, w: usize) -> String {
    let inner = w.saturating_sub(1);
    format!(" {:>inner$}", fit(&text, inner))
}

fn summary(f: &mut Frame, area: Rect, c: &Comparison, labels: &[String]) {
    let block = pane(
        " Compare: first column is the baseline · v back to the plan ",
        false,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let n = c.variants.len().max(1);
    let label_w = 18usize;
    let col_w = ((inner.width as usize).saturating_sub(label_w) / n).clamp(8, 26);
    let mut head = vec![Span::raw(format!("{:<label_w$}", ""))];
    for (i, l) in labels.iter().enumerate() {
        head.push(Span::styled(
            cell(l.clone(), col_w),
            Style::new().fg(COLORS[i % 4]).add_modifier(Modifier::BOLD),
        ));
    }
    let mut lines = vec![Line::from(head)];
    type Pick = fn(&crate::compare::Figures) -> String;
    let rows: [(&str, Pick); 6] = [
        ("Cash cost", |x| money_whole(x.cash)),
        ("Fully loaded", |x| money_whole(x.loaded_cost)),
        ("% of book ARR", |x| pct(x.cost_pct_of_arr, 2)),
        ("Planned at 100%", |x| money_whole(x.planned_cost)),
        ("Worst case", |x| format!("{} OTE", pct(x.downside_pct, 1))),
        ("Base / variable", |x| {
            format!("{} / {}", money_short(x.base), money_short(x.variable))
        }),
    ];
    for (label, pick) in rows {
        let mut spans = vec![Span::raw(format!("{label:<label_w$}"))];
        for v in &c.variants {
            let text = match &v.figures {
                Some(x) => pick(x),
                None => "invalid".into(),
            };
            spans.push(Span::raw(cell(text, col_w)));
        }
        lines.push(Line::from(spans));
    }
    let mut vs = vec![Span::raw(format!("{:<label_w$}", "vs baseline"))];
    let mut gl = vec![Span::raw(format!("{:<label_w$}", "gain / lose"))];
    let mut big = vec![Span::raw(format!("{:<label_w$}", "biggest ± (CSM)"))];
    for v in &c.variants {
        match v.figures.as_ref().and_then(|x| x.versus.as_ref()) {
            Some(x) => {
                let style = if x.cash_change.is_zero() {
                    Style::new()
                } else if x.cash_change.is_sign_positive() {
                    Style::new().fg(super::palette::UP)
                } else {
                    Style::new().fg(super::palette::DOWN)
                };
                vs.push(Span::styled(
                    cell(
                        format!(
                            "{} ({})",
                            money_delta(x.cash_change),
                            x.cash_change_pct.map_or("—".into(), |p| pct_delta(p, 1))
                        ),
                        col_w,
                    ),
                    style,
                ));
                gl.push(Span::raw(cell(format!("{} / {}", x.gain, x.lose), col_w)));
                let g = x
                    .biggest_gain
                    .as_ref()
                    .map_or("—".into(), |m| money_delta(m.change));
                let l = x
                    .biggest_loss
                    .as_ref()
                    .map_or("—".into(), |m| money_delta(m.change));
                big.push(Span::raw(cell(format!("{g} {l}"), col_w)));
            }
            None => {
                vs.push(Span::raw(cell("baseline".into(), col_w)));
                gl.push(Span::raw(cell("".into(), col_w)));
                big.push(Span::raw(cell("".into(), col_w)));
            }
        }
    }
    lines.push(Line::from(vs));
    lines.push(Line::from(gl));
    lines.push(Line::from(big));
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
}

fn csm_table(f: &mut Frame, area: Rect, app: &mut App, c: &Comparison, labels: &[String]) {
    let focused = app.focus == Focus::Table;
    let n = c.rows.len();
    let block = pane(
        format!(" Each CSM: total and change against the baseline · {n} CSMs (Tab, ↑↓) "),
        focused,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = inner.height.saturating_sub(1) as usize;
    let Some(view) = app.compare.as_mut() else {
        return;
    };
    view.offset = view.offset.min(n.saturating_sub(h.max(1)));
    let offset = view.offset;
    let k = c.variants.len().max(1);
    let name_w = 18usize;
    let col_w = ((inner.width as usize).saturating_sub(name_w) / k).clamp(10, 26);
    let mut head = vec![Span::raw(format!("{:<name_w$}", "Name"))];
    for (i, l) in labels.iter().enumerate() {
        head.push(Span::styled(
            cell(l.clone(), col_w),
            Style::new()
                .fg(COLORS[i % 4])
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        ));
    }
    let mut lines = vec![Line::from(head)];
    for row in c.rows.iter().skip(offset).take(h) {
        let mut spans = vec![Span::raw(format!(
            "{:<name_w$}",
            fit(&row.name, name_w - 1)
        ))];
        for (i, cellv) in row.cells.iter().enumerate() {
            let (text, style) = match cellv {
                None => ("missing".to_string(), Style::new().fg(Color::DarkGray)),
                Some(x) if i == 0 => (money_whole(x.total), Style::new()),
                Some(x) => match x.change {
                    Some(d) if !d.is_zero() => (
                        format!("{} {}", money_short(x.total), money_delta(d)),
                        Style::new().fg(if d.is_sign_positive() {
                            super::palette::UP
                        } else {
                            super::palette::DOWN
                        }),
                    ),
                    Some(_) => (money_whole(x.total), Style::new()),
                    None => (format!("{} new", money_short(x.total)), Style::new()),
                },
            };
            spans.push(Span::styled(cell(text, col_w), style));
        }
        lines.push(Line::from(spans));
    }
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
}

fn differences(f: &mut Frame, area: Rect, c: &Comparison, labels: &[String]) {
    let block = pane(" Plan differences against the baseline ", false);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut lines = Vec::new();
    for (i, v) in c.variants.iter().enumerate().skip(1) {
        lines.push(Line::styled(
            labels.get(i).cloned().unwrap_or_default(),
            Style::new().fg(COLORS[i % 4]).add_modifier(Modifier::BOLD),
        ));
        if v.plan_changes.is_empty() {
            lines.push(Line::raw("  same plan"));
        }
        for ch in &v.plan_changes {
            lines.push(Line::raw(format!("  • {ch}")));
        }
        for e in &v.errors {
            lines.push(Line::styled(
                format!("  ✗ {}", e.message),
                Style::new().fg(Color::Red),
            ));
        }
    }
    for x in &c.curve.crossings {
        let word = match x.becomes {
            Becomes::Dearer => "dearer",
            Becomes::Cheaper => "cheaper",
        };
        lines.push(Line::styled(
            format!(
                "{} becomes {word} than the baseline between {} and {} team attainment",
                labels.get(x.variant).cloned().unwrap_or_default(),
                pct(x.from, 0),
                pct(x.to, 0)
            ),
            Style::new().fg(Color::Yellow),
        ));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn curve(f: &mut Frame, area: Rect, c: &Comparison, labels: &[String]) {
    let series: Vec<super::chart::Series> = c
        .curve
        .cash
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.as_ref()?;
            Some((
                labels.get(i).cloned().unwrap_or_default(),
                COLORS[i % 4],
                c.curve
                    .scales
                    .iter()
                    .copied()
                    .zip(line.iter().copied())
                    .collect(),
            ))
        })
        .collect();
    super::chart::cost_chart(
        f,
        area,
        pane(" Team cash vs team attainment ", false),
        &series,
        None,
        None,
    );
}
