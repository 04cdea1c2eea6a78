//! The team table: one row per CSM, only the visible rows are built.

use super::{fit, pane};
use crate::num::{money_delta, money_whole, pct};
use crate::tui::app::{App, Focus, SortCol};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

struct Col {
    title: &'static str,
    sort: SortCol,
    width: usize,
    right: bool,
}

const COLS: [Col; 9] = [
    Col {
        title: "Name",
        sort: SortCol::Name,
        width: 16,
        right: false,
    },
    Col {
        title: "Total",
        sort: SortCol::Total,
        width: 10,
        right: true,
    },
    Col {
        title: "Change",
        sort: SortCol::Change,
        width: 9,
        right: true,
    },
    Col {
        title: "% OTE",
        sort: SortCol::PctOte,
        width: 7,
        right: true,
    },
    Col {
        title: "Variable",
        sort: SortCol::Variable,
        width: 9,
        right: true,
    },
    Col {
        title: "Base",
        sort: SortCol::Base,
        width: 10,
        right: true,
    },
    Col {
        title: "SPIF",
        sort: SortCol::Spif,
        width: 7,
        right: true,
    },
    Col {
        title: "Level",
        sort: SortCol::Level,
        width: 13,
        right: false,
    },
    // Ids tell apart CSMs with the same name; shown when there is room.
    Col {
        title: "ID",
        sort: SortCol::Team,
        width: 10,
        right: false,
    },
];

/// Display order of the columns (left to right) — by index into COLS.
const DISPLAY: [usize; 9] = [8, 0, 7, 5, 4, 6, 1, 3, 2];

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let focused = app.focus == Focus::Table;
    let rows_h = (area.height as usize).saturating_sub(2).saturating_sub(1);
    app.table_page = rows_h.max(1);
    let pos = app.selected_pos();
    if pos < app.table_offset {
        app.table_offset = pos;
    }
    if rows_h > 0 && pos >= app.table_offset + rows_h {
        app.table_offset = pos + 1 - rows_h;
    }
    app.table_offset = app
        .table_offset
        .min(app.order.len().saturating_sub(rows_h.max(1)));
    let n = app.scn.team.len();
    let first = app.table_offset.min(n);
    let last = (first + rows_h).min(n);
    let title = format!(
        " Team: {n} CSM{} · rows {}–{last} · sorted by {} (s) ",
        if n == 1 { "" } else { "s" },
        (first + 1).min(last),
        app.sort_label()
    );
    let block = pane(title, focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    app.hits.table = area;
    let width = inner.width as usize;
    // Take columns by priority while they fit (one space between).
    let mut used = 0;
    let mut shown = [false; 9];
    for (i, c) in COLS.iter().enumerate() {
        let need = c.width + usize::from(used > 0);
        if used + need <= width {
            shown[i] = true;
            used += need;
        }
    }
    // The name column takes what is left over.
    let extra = width.saturating_sub(used);
    let cols: Vec<(usize, usize)> = DISPLAY
        .iter()
        .filter(|&&i| shown[i])
        .map(|&i| (i, COLS[i].width + if i == 0 { extra } else { 0 }))
        .collect();
    let header: Vec<Span> = cols
        .iter()
        .enumerate()
        .flat_map(|(n, &(i, w))| {
            let c = &COLS[i];
            let mut t = c.title.to_string();
            if c.sort == app.sort {
                t.push(if app.descending { '↓' } else { '↑' });
            }
            let cell = if c.right {
                format!("{:>w$}", fit(&t, w))
            } else {
                format!("{:<w$}", fit(&t, w))
            };
            let sep = if n > 0 { " " } else { "" };
            vec![
                Span::raw(sep),
                Span::styled(
                    cell,
                    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                ),
            ]
        })
        .collect();
    let mut lines = vec![Line::from(header)];
    let shown_rows: Vec<usize> = app
        .order
        .iter()
        .skip(app.table_offset)
        .take(rows_h)
        .copied()
        .collect();
    for &i in &shown_rows {
        let csm = &app.scn.team[i];
        let r = &app.eval.csms[i];
        let change = app.change(i);
        let selected = i == app.selected;
        let style = if selected && focused {
            Style::new()
                .bg(Color::Rgb(40, 48, 64))
                .add_modifier(Modifier::BOLD)
        } else if selected {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::new()
        };
        let mut spans = Vec::new();
        for (n, &(c, w)) in cols.iter().enumerate() {
            let col = &COLS[c];
            let text = match col.sort {
                SortCol::Name => csm.name.clone(),
                SortCol::Level => csm.level.clone(),
                SortCol::Base => money_whole(r.base),
                SortCol::Variable => money_whole(r.variable),
                SortCol::Spif => money_whole(r.spif),
                SortCol::Total => money_whole(r.total),
                SortCol::PctOte => pct(r.pct_of_ote(), 1),
                SortCol::Change => change.map_or("new".into(), money_delta),
                SortCol::Team => csm.id.clone(),
            };
            let cell = if col.right {
                format!("{:>w$}", fit(&text, w))
            } else {
                format!("{:<w$}", fit(&text, w))
            };
            let mut st = style;
            if col.sort == SortCol::Change
                && let Some(change) = change.filter(|c| !c.is_zero())
            {
                st = st.fg(if change.is_sign_positive() {
                    super::palette::UP
                } else {
                    super::palette::DOWN
                });
            }
            if n > 0 {
                spans.push(Span::styled(" ", style));
            }
            spans.push(Span::styled(cell, st));
        }
        lines.push(Line::from(spans));
    }
    app.hits.table_rows = (inner.y + 1, shown_rows);
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
}
