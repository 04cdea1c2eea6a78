//! The plan editor: grouped sliders.

use super::{fit, pane};
use crate::engine::params::{Param, Row};
use crate::tui::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use rust_decimal::prelude::ToPrimitive;

const LABEL_W: usize = 15;
const VALUE_W: usize = 9;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let focused = app.focus == Focus::Editor;
    let title = match app.scn.plan.periods.get(app.editor.period) {
        Some(p) => {
            let kind = if app
                .eval
                .periods
                .as_ref()
                .is_some_and(|r| r.is_actual(app.editor.period))
            {
                "actual"
            } else {
                "projected"
            };
            let text = if app.editor.from_here {
                format!(" Plan from {} on · {kind} [ ] @ ", p.id)
            } else if !app.scn.plan.changes.is_empty() {
                format!(" Plan as started · {} ({kind}) @ ", p.id)
            } else {
                format!(" Plan · period {} ({kind}) [ ] ", p.id)
            };
            fit(&text, area.width.saturating_sub(2) as usize)
        }
        None => " Plan ".to_string(),
    };
    let block = pane(title, focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let height = inner.height as usize;
    app.editor.page = height.saturating_sub(1).max(1);
    // Keep the selected row (and its group heading) in view.
    if app.editor.row < app.editor.offset {
        app.editor.offset = app.editor.row.saturating_sub(1);
    }
    if height > 0 && app.editor.row >= app.editor.offset + height {
        app.editor.offset = app.editor.row + 1 - height;
    }
    // After the window grows, don't leave blank rows below the last slider.
    app.editor.offset = app
        .editor
        .offset
        .min(app.editor.rows.len().saturating_sub(height));
    let width = inner.width as usize;
    // " label value bar" — the bar gets what is left.
    let bar_w = width.saturating_sub(1 + LABEL_W + 1 + VALUE_W + 1 + 1);
    let bar_x = inner.x + (1 + LABEL_W + 1 + VALUE_W + 1) as u16;
    app.hits.editor = area;
    app.hits.bar = (bar_x, bar_w as u16);
    app.hits.editor_rows.clear();
    let mut lines = Vec::with_capacity(height);
    let names: Vec<String> = app
        .scn
        .plan
        .components
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    // The values of the plan version the sliders change.
    let view = app.editor.view(&app.scn);
    for (idx, row) in app
        .editor
        .rows
        .iter()
        .enumerate()
        .skip(app.editor.offset)
        .take(height)
    {
        let y = inner.y + lines.len() as u16;
        match row {
            Row::Header(title) => lines.push(Line::from(Span::styled(
                header_fit(title, width, &names),
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            ))),
            Row::Param(p) => {
                app.hits.editor_rows.push((y, idx));
                let selected = idx == app.editor.row;
                let scn = view.as_ref().unwrap_or(&app.scn);
                lines.push(param_line(app, scn, *p, selected, focused, bar_w));
            }
        }
    }
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
}

/// A group heading that fits: a metric's "Name (kind)" keeps its kind and shortens the
/// name at words.
fn header_fit(title: &str, width: usize, names: &[&str]) -> String {
    if title.chars().count() <= width {
        return title.to_string();
    }
    match title.rsplit_once(" (") {
        Some((name, kind)) if kind.ends_with(')') && kind.chars().count() + 3 < width => {
            let room = width - kind.chars().count() - 2;
            format!("{} ({kind}", super::fit_words_among(name, room, names))
        }
        _ => super::fit_words_among(title, width, names),
    }
}

fn param_line(
    app: &App,
    scn: &crate::engine::Scenario,
    p: Param,
    selected: bool,
    focused: bool,
    bar_w: usize,
) -> Line<'static> {
    // A toggle's value ("bonus on top") may use the room its short label leaves.
    let (label_w, value_w) = if matches!(p, Param::Basis | Param::LevelBasis(_)) {
        (LABEL_W - 3, VALUE_W + 3)
    } else if p == Param::Budget {
        // So does the budget's: a million-dollar figure is wider than a percentage.
        (LABEL_W - 2, VALUE_W + 2)
    } else {
        (LABEL_W, VALUE_W)
    };
    let label = fit(&p.label(scn), label_w);
    let value = fit(&p.show(scn), value_w);
    let locked = matches!(p, Param::Weight(i) if app.scn.plan.components.get(i).is_some_and(|c| c.weight_locked));
    let has_error = app.param_has_error(p);
    let marker = if has_error {
        "✗"
    } else if selected {
        "›"
    } else {
        " "
    };
    let base = if selected && focused {
        Style::new()
            .bg(Color::Rgb(40, 48, 64))
            .add_modifier(Modifier::BOLD)
    } else if selected {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    let mut spans = vec![
        Span::styled(
            marker.to_string(),
            if has_error {
                base.fg(Color::Red).add_modifier(Modifier::BOLD)
            } else {
                base
            },
        ),
        Span::styled(format!("{label:<label_w$} "), base),
        Span::styled(format!("{value:>value_w$} "), base.fg(Color::White)),
    ];
    if p.is_toggle() {
        let hint = match p {
            Param::AsOf if bar_w >= 8 => "←→ moves",
            _ if bar_w >= 10 => "←→ toggles",
            _ => "←→",
        };
        spans.push(Span::styled(
            fit(hint, bar_w),
            Style::new().fg(Color::DarkGray),
        ));
    } else if p == Param::Budget {
        // A budget has no natural range for a bar: say how to set it.
        let hint = match (p.get(scn), bar_w) {
            (None, w) if w >= 13 => "Enter sets it",
            (None, _) => "Enter",
            (Some(_), w) if w >= 11 => "←→ ±$10,000",
            (Some(_), w) if w >= 8 => "←→ ±$10k",
            (Some(_), _) => "←→",
        };
        spans.push(Span::styled(
            fit(hint, bar_w),
            Style::new().fg(Color::DarkGray),
        ));
    } else if bar_w >= 3 {
        let (lo, hi) = p.range(scn);
        let ratio = match p.get(scn) {
            Some(v) if hi > lo => ((v - lo) / (hi - lo)).to_f64().unwrap_or(0.0),
            Some(_) => 0.0,
            None => 1.0,
        };
        let bar_w = if locked {
            bar_w.saturating_sub(5)
        } else {
            bar_w
        };
        spans.extend(slider(ratio, bar_w, selected && focused));
        if locked {
            spans.push(Span::styled(" lock", Style::new().fg(Color::Yellow)));
        }
    }
    Line::from(spans)
}

/// A slider bar: filled up to the value, a knob, then the rest.
fn slider(ratio: f64, width: usize, active: bool) -> Vec<Span<'static>> {
    let ratio = ratio.clamp(0.0, 1.0);
    let knob = ((width.saturating_sub(1)) as f64 * ratio).round() as usize;
    let fill = if active { Color::Cyan } else { Color::Blue };
    vec![
        Span::styled("━".repeat(knob), Style::new().fg(fill)),
        Span::styled(
            "●",
            Style::new().fg(if active { Color::White } else { fill }),
        ),
        Span::styled(
            "─".repeat(width.saturating_sub(knob + 1)),
            Style::new().fg(Color::DarkGray),
        ),
    ]
}
