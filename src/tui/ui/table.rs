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

const COLS: [Col; 10] = [
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
    // The change in each CSM's total against the plan as it was opened.
    Col {
        title: "vs opened",
        sort: SortCol::Change,
        width: 9,
        right: true,
    },
    Col {
        title: "% OTE",
        sort: SortCol::PctOte,
        width: 8,
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
    // Where the CSM stands against target to date (plans with a closed period).
    Col {
        title: "On track",
        sort: SortCol::Standing,
        width: 12,
        right: false,
    },
];

/// Display order of the columns (left to right) — by index into COLS.
const DISPLAY: [usize; 10] = [8, 0, 7, 5, 4, 6, 1, 3, 2, 9];

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let focused = app.focus == Focus::Table;
    let rows_h = (area.height as usize).saturating_sub(2).saturating_sub(1);
    app.table.page = rows_h.max(1);
    let pos = app.selected_pos();
    if pos < app.table.offset {
        app.table.offset = pos;
    }
    if rows_h > 0 && pos >= app.table.offset + rows_h {
        app.table.offset = pos + 1 - rows_h;
    }
    app.table.offset = app
        .table
        .offset
        .min(app.table.order.len().saturating_sub(rows_h.max(1)));
    let n = app.scn.team.len();
    let first = app.table.offset.min(n);
    let last = (first + rows_h).min(n);
    let plural = if n == 1 { "" } else { "s" };
    let from = (first + 1).min(last);
    let mut title = format!(
        " Team: {n} CSM{plural} · rows {from}–{last} · sorted by {} (s) ",
        app.sort_label()
    );
    if title.chars().count() + 2 > area.width as usize {
        // Narrow: the same facts, shorter.
        title = format!(
            " {n} CSM{plural} · {from}–{last} · by {} (s) ",
            app.sort_label()
        );
    }
    if !app.assumed.is_empty() {
        // A % marked ~ rests on a projection the team lacks.
        let legend = format!(
            "{}· ~ no projection, counted {} ",
            title,
            app.scn.plan.missing_projections.words()
        );
        if legend.chars().count() + 2 <= area.width as usize {
            title = legend;
        } else if title.chars().count() + 14 <= area.width as usize {
            title = format!("{title}· ~ assumed ");
        }
    }
    let block = pane(title, focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    app.hits.table = area;
    let width = inner.width as usize;
    // Under bonus on top, "% of OTE" would read 110% at target: show % of target pay
    // (base + target variable), which is % of OTE under an OTE split.
    let bonus = app.scn.plan.mix.basis == crate::engine::Basis::BonusOnTop
        || app
            .scn
            .plan
            .level_mix
            .values()
            .any(|m| m.basis == crate::engine::Basis::BonusOnTop);
    let shown_rows: Vec<usize> = app
        .table
        .order
        .iter()
        .skip(app.table.offset)
        .take(rows_h)
        .copied()
        .collect();
    // Recorded payouts: their difference to the plan joins the SPIF column ("SPIF+adj"),
    // so that every row still adds up to its total.
    let adjusted = app.eval.team.adjustment != rust_decimal::Decimal::ZERO
        || app.eval.csms.iter().any(|r| !r.adjustment.is_zero());
    // Every cell of the rows on screen, by column.
    let cells: Vec<Vec<String>> = COLS
        .iter()
        .map(|col| {
            shown_rows
                .iter()
                .map(|&i| {
                    let csm = &app.scn.team[i];
                    let r = &app.eval.csms[i];
                    match col.sort {
                        SortCol::Name => csm.name.clone(),
                        SortCol::Level => csm.level.clone(),
                        SortCol::Base => money_whole(r.base),
                        SortCol::Variable => money_whole(r.variable),
                        SortCol::Spif if adjusted => money_whole(r.spif + r.adjustment),
                        SortCol::Spif => money_whole(r.spif),
                        SortCol::Total => money_whole(r.total),
                        SortCol::PctOte if bonus => {
                            let target = r.base + r.target_variable;
                            let mark = if app.is_assumed(i) { "~" } else { "" };
                            if target.is_zero() {
                                "—".into()
                            } else {
                                format!("{mark}{}", pct(r.total / target, 1))
                            }
                        }
                        SortCol::PctOte if app.is_assumed(i) => {
                            format!("~{}", pct(r.pct_of_ote(), 1))
                        }
                        SortCol::PctOte => pct(r.pct_of_ote(), 1),
                        SortCol::Change => app.change(i).map_or("new".into(), money_delta),
                        SortCol::Team => csm.id.clone(),
                        SortCol::Standing => app
                            .doc
                            .standings
                            .get(i)
                            .and_then(|s| s.as_ref())
                            .map_or(String::new(), |s| s.standing.short().to_string()),
                    }
                })
                .collect()
        })
        .collect();
    let titles: Vec<String> = COLS
        .iter()
        .map(|c| {
            let mut t = if c.sort == SortCol::PctOte && bonus {
                "% target".to_string()
            } else if c.sort == SortCol::Spif && adjusted {
                "SPIF+adj".to_string()
            } else {
                c.title.to_string()
            };
            if c.sort == app.table.sort {
                t.push(if app.table.descending { '↓' } else { '↑' });
            }
            t
        })
        .collect();
    // Figures are never cut: their columns are as wide as the widest on screen. Names and
    // levels have a floor and take what is left (shortened at words).
    let widths: Vec<usize> = COLS
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let widest = cells[k]
                .iter()
                .map(|t| t.chars().count())
                .chain(std::iter::once(titles[k].chars().count()))
                .max()
                .unwrap_or(0);
            match c.sort {
                SortCol::Name => widest.clamp(4, 16),
                SortCol::Level => widest.min(c.width),
                _ => widest,
            }
        })
        .collect();
    // Take columns by priority while they fit (one space between): the level comes right
    // after the figures that make up the total, and the id before everything but the name
    // when names repeat (generated teams), since then the name alone does not say who.
    let mut priority: Vec<usize> = if app.names_repeat() {
        vec![0, 8, 1, 2, 3, 9, 5, 4, 6, 7]
    } else {
        vec![0, 1, 2, 3, 9, 5, 4, 6, 7, 8]
    };
    // The column the table is sorted by is shown next, so the order can be read.
    if let Some(k) = COLS
        .iter()
        .position(|c| c.sort == app.table.sort && c.sort != SortCol::Team)
        && let Some(at) = priority.iter().position(|&i| i == k)
    {
        priority.remove(at);
        priority.insert(1, k);
    }
    let mut used = 0;
    let mut shown = [false; 10];
    let standings = !app.doc.standings.is_empty();
    for i in priority {
        if i == 9 && !standings {
            continue;
        }
        let need = widths[i] + usize::from(used > 0);
        if used + need <= width {
            shown[i] = true;
            used += need;
        }
    }
    // The name column takes what is left over, up to the longest name on screen; the
    // level then the rest.
    let mut extra = width.saturating_sub(used);
    let name_full = cells[0]
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0);
    let name_extra = extra.min(name_full.saturating_sub(widths[0]));
    extra -= name_extra;
    let cols: Vec<(usize, usize)> = DISPLAY
        .iter()
        .filter(|&&i| shown[i])
        .map(|&i| {
            let w = widths[i]
                + match i {
                    0 => name_extra + if shown[7] { 0 } else { extra },
                    7 => extra,
                    _ => 0,
                };
            (i, w)
        })
        .collect();
    let header: Vec<Span> = cols
        .iter()
        .enumerate()
        .flat_map(|(n, &(i, w))| {
            let c = &COLS[i];
            let t = &titles[i];
            let cell = if c.right {
                format!("{:>w$}", fit(t, w))
            } else {
                format!("{:<w$}", fit(t, w))
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
    for (row, &i) in shown_rows.iter().enumerate() {
        let change = app.change(i);
        let selected = i == app.table.selected;
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
            let text = &cells[c][row];
            let text = if matches!(col.sort, SortCol::Name | SortCol::Level) {
                super::fit_words(text, w)
            } else {
                fit(text, w)
            };
            let cell = if col.right {
                format!("{text:>w$}")
            } else {
                format!("{text:<w$}")
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
