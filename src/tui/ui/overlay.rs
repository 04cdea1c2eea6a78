//! Popups: help (generated from the key table) and the "could not open" notice.

use crate::tui::app::App;
use crate::tui::keys::BINDINGS;
use crate::tui::team_edit::{Field, fields};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

/// What the mouse does, under the key table.
const MOUSE_NOTE: &str =
    "Mouse: click selects; click or drag a bar to set it; the wheel scrolls or nudges.";

/// A rectangle of at most `w`×`h`, centred in and clamped to `area`.
pub(super) fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The key table, laid out for the window: one column; two full columns; two narrower
/// columns whose entries wrap inside them; or, when none of those fits, one column that
/// scrolls by `offset` rows. Returns how far it can scroll (0 when it shows whole).
pub fn help(f: &mut Frame, area: Rect, offset: u16) -> u16 {
    let label_w = BINDINGS
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(0);
    let entry = |b: &crate::tui::keys::Binding| {
        Line::from(vec![
            Span::styled(
                format!(" {:<label_w$}  ", b.label),
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            ),
            Span::raw(b.help),
        ])
    };
    let mouse: Vec<Line> = [MOUSE_NOTE]
        .iter()
        .map(|m| Line::styled(format!(" {m}"), Style::new().fg(Color::DarkGray)))
        .collect();
    let block = |title: &'static str| {
        Block::bordered()
            .border_type(BorderType::Rounded)
            .title(title)
            .border_style(Style::new().fg(Color::Cyan))
    };
    let title = " Keys (? or Esc closes) ";
    let n = BINDINGS.len() as u16;
    let half = BINDINGS.len().div_ceil(2);
    let col_w = 62usize;
    let draw = |f: &mut Frame, lines: Vec<Line>, width: u16| {
        let r = centred(area, width, lines.len() as u16 + 2);
        f.render_widget(Clear, r);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block(title)),
            r,
        );
    };
    let with_mouse = |mut lines: Vec<Line<'static>>| {
        lines.push(Line::raw(""));
        lines.extend(mouse.iter().cloned());
        lines
    };
    // One column.
    if n + 5 <= area.height {
        draw(f, with_mouse(BINDINGS.iter().map(entry).collect()), 96);
        return 0;
    }
    // Two full columns.
    if 2 * col_w as u16 + 2 <= area.width && half as u16 + 5 <= area.height {
        let lines = (0..half)
            .map(|i| {
                let mut spans = entry(&BINDINGS[i]).spans;
                let used: usize = spans.iter().map(|s| s.width()).sum();
                spans.push(Span::raw(" ".repeat(col_w.saturating_sub(used))));
                if let Some(b) = BINDINGS.get(i + half) {
                    spans.extend(entry(b).spans);
                }
                Line::from(spans)
            })
            .collect();
        draw(f, with_mouse(lines), 2 * col_w as u16 + 2);
        return 0;
    }
    // Two columns as wide as the window, entries wrapping inside them.
    let inner_w = area.width.saturating_sub(2);
    let left_w = inner_w / 2;
    let right_w = inner_w - left_w;
    let left: Vec<Line> = BINDINGS[..half].iter().map(entry).collect();
    let right: Vec<Line> = BINDINGS[half..].iter().map(entry).collect();
    let keys_h = rows(&left, left_w).max(rows(&right, right_w));
    let mut mouse_h = rows(&mouse, inner_w);
    // A blank line before the mouse note when there is room for it; with no room for the
    // note's own line, it goes on the bottom border if it fits there.
    let gap = u16::from(keys_h + 1 + mouse_h + 2 <= area.height);
    let note = MOUSE_NOTE;
    let on_border = keys_h + gap + mouse_h + 2 > area.height
        && keys_h + 2 <= area.height
        && note.chars().count() + 4 <= usize::from(area.width);
    if on_border {
        mouse_h = 0;
    }
    if keys_h + gap * u16::from(!on_border) + mouse_h + 2 <= area.height {
        let gap = gap * u16::from(!on_border);
        let r = centred(area, area.width, keys_h + gap + mouse_h + 2);
        let mut b = block(title);
        if on_border {
            b = b.title_bottom(Line::styled(
                format!(" {note} "),
                Style::new().fg(Color::DarkGray),
            ));
        }
        let inner = b.inner(r);
        f.render_widget(Clear, r);
        f.render_widget(b, r);
        let wrapped = |lines: Vec<Line<'static>>| Paragraph::new(lines).wrap(Wrap { trim: false });
        let keys = Rect {
            height: keys_h,
            ..inner
        };
        f.render_widget(
            wrapped(left),
            Rect {
                width: left_w,
                ..keys
            },
        );
        f.render_widget(
            wrapped(right),
            Rect {
                x: keys.x + left_w,
                width: right_w,
                ..keys
            },
        );
        if !on_border {
            f.render_widget(
                wrapped(mouse),
                Rect {
                    y: inner.y + keys_h + gap,
                    height: mouse_h,
                    ..inner
                },
            );
        }
        return 0;
    }
    // One column that scrolls.
    let width = area.width.min(96);
    let lines = with_mouse(BINDINGS.iter().map(entry).collect());
    let r = centred(area, width, area.height);
    let total = rows(&lines, width.saturating_sub(2));
    let most = total.saturating_sub(r.height.saturating_sub(2));
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((offset.min(most), 0))
            .block(block(" Keys (↑↓ PgUp PgDn scroll · ? or Esc closes) ")),
        r,
    );
    most
}

/// How many rows `lines` take when wrapped at `width` (drawn once off screen to count).
fn rows(lines: &[Line], width: u16) -> u16 {
    if width == 0 {
        return 0;
    }
    let area = Rect::new(0, 0, width, 200);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(
        Paragraph::new(lines.to_vec()).wrap(Wrap { trim: false }),
        area,
        &mut buf,
    );
    (0..area.height)
        .rev()
        .find(|y| (0..width).any(|x| buf[(x, *y)].symbol() != " "))
        .map_or(0, |y| y + 1)
}

pub fn load_failed(f: &mut Frame, area: Rect, message: &str) {
    let r = centred(area, 90, 16);
    f.render_widget(Clear, r);
    let mut text: Vec<Line> = message
        .lines()
        .map(|l| Line::styled(l.to_string(), Style::new().fg(Color::Red)))
        .collect();
    text.extend([
        Line::raw(""),
        Line::styled(
            "Enter: open the bundled sample team instead · q: quit",
            Style::new().add_modifier(Modifier::BOLD),
        ),
    ]);
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(" Could not open the scenario ")
                .border_style(Style::new().fg(Color::Red)),
        ),
        r,
    );
}

/// The form of one CSM: every field with its value; the selected one highlighted.
/// A form's row: the field being typed into, the selected one, or another.
fn form_row_style(editing: bool, selected: bool) -> Style {
    if editing {
        Style::new().fg(Color::Black).bg(Color::Yellow)
    } else if selected {
        Style::new()
            .bg(Color::Rgb(40, 48, 64))
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    }
}

/// The plan's title, fiscal year, status and notes (`I`), with the selected field.
pub fn plan_form(
    f: &mut Frame,
    area: Rect,
    app: &App,
    row: usize,
    editing: Option<crate::tui::plan_info::PlanField>,
) {
    use crate::tui::plan_info::FIELDS;
    let r = centred(
        area,
        76,
        (FIELDS.len() as u16 + 4).min(area.height.saturating_sub(2)),
    );
    f.render_widget(Clear, r);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(" Plan · ↑↓ field · Enter edit · Esc close ")
        .border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let label_w = FIELDS
        .iter()
        .map(|x| x.label().chars().count())
        .max()
        .unwrap_or(0);
    let value_w = (inner.width as usize).saturating_sub(label_w + 2);
    let mut lines: Vec<Line> = FIELDS
        .iter()
        .enumerate()
        .take(inner.height as usize)
        .map(|(i, field)| {
            let value = super::fit(&field.show(&app.scn), value_w);
            let style = form_row_style(Some(*field) == editing, i == row);
            Line::styled(format!(" {:<label_w$} {value}", field.label()), style)
        })
        .collect();
    if lines.len() < inner.height as usize {
        lines.push(Line::styled(
            " Statements, the summary and calc name the plan by these.",
            Style::new().fg(Color::DarkGray),
        ));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

pub fn csm_form(
    f: &mut Frame,
    area: Rect,
    app: &App,
    csm: usize,
    row: usize,
    editing: Option<Field>,
) {
    let Some(c) = app.scn.team.get(csm) else {
        return;
    };
    let all = fields(&app.scn);
    let r = centred(
        area,
        76,
        (all.len() as u16 + 4).min(area.height.saturating_sub(2)),
    );
    f.render_widget(Clear, r);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(format!(
            " CSM {} · ↑↓ field · Enter edit · Esc close ",
            c.id
        ))
        .border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let height = inner.height.saturating_sub(1) as usize;
    let offset = (row + 1).saturating_sub(height);
    // Labels as wide as the longest needs, leaving the values room: no label is cut while
    // there is space beside it.
    const VALUE_ROOM: usize = 22;
    let longest = all
        .iter()
        .map(|f| f.label(&app.scn).chars().count())
        .max()
        .unwrap_or(0);
    let label_w = longest.min(
        (inner.width as usize)
            .saturating_sub(VALUE_ROOM + 2)
            .max(12),
    );
    let mut lines: Vec<Line> = all
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, field)| {
            let label = field.label_fit(&app.scn, label_w);
            let value = field.show(&app.scn, c);
            let style = form_row_style(Some(*field) == editing, i == row);
            Line::styled(format!(" {label:<label_w$} {value}"), style)
        })
        .collect();
    let r = &app.eval.csms.get(csm);
    if let Some(r) = r {
        lines.push(Line::styled(
            format!(
                " Projected total {} = {} of OTE",
                crate::num::money(r.total),
                crate::num::pct(r.pct_of_ote(), 1)
            ),
            Style::new().fg(Color::Cyan),
        ));
    }
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
}

/// The scenario browser: every saved scenario, broken files with their reason.
/// The plan history: one line per save (newest first), the first of what changed beside
/// it, every line of the selected save under the list.
pub fn history(
    f: &mut Frame,
    area: Rect,
    entries: &[crate::history::Entry],
    selected: usize,
    marked: Option<usize>,
) {
    let detail = entries.get(selected).map_or(0, |e| e.changes.len()) as u16;
    let r = centred(
        area,
        110,
        (entries.len() as u16 + detail + 5).clamp(8, area.height.saturating_sub(2)),
    );
    f.render_widget(Clear, r);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(super::title_fit(
            r.width,
            &[
                " Saved versions (newest first) · Enter compare with now · Space mark a second · r restore as new · Esc ",
                " Saved versions · Enter compare · Space mark · r restore · Esc ",
                " Saved versions · Enter Space r Esc ",
                " Saved versions ",
            ],
        ))
        .border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let w = inner.width as usize;
    let mut lines = vec![Line::styled(
        super::fit(
            &format!("{:<6} {:<19}  {}", "Save", "Saved", "What changed"),
            w,
        ),
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )];
    // The list, then the selected save's changes in full.
    let room = (inner.height as usize)
        .saturating_sub(2 + detail as usize)
        .max(1);
    let offset = (selected + 1).saturating_sub(room);
    for (i, e) in entries.iter().enumerate().skip(offset).take(room) {
        let mark = match (marked == Some(i), i == selected) {
            (true, _) => "✓",
            (false, true) => "›",
            _ => " ",
        };
        let first = e.changes.first().map_or("", String::as_str);
        let more = match e.changes.len() {
            0 | 1 => String::new(),
            n => format!(" (+{} more)", n - 1),
        };
        let style = if i == selected {
            Style::new()
                .bg(Color::Rgb(40, 48, 64))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        lines.push(Line::styled(
            super::fit(
                &format!(
                    "{mark}{:<5} {:<19}  {first}{more}",
                    format!("#{}", e.n),
                    e.when()
                ),
                w,
            ),
            style,
        ));
    }
    if let Some(e) = entries.get(selected) {
        lines.push(Line::styled(
            super::fit(&format!("Save #{}, {}:", e.n, e.when()), w),
            Style::new().fg(Color::Cyan),
        ));
        for c in &e.changes {
            lines.push(Line::raw(super::fit(&format!("  {c}"), w)));
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}

pub fn browser(
    f: &mut Frame,
    area: Rect,
    app: &App,
    entries: &[crate::scenario::store::Entry],
    selected: usize,
) {
    use crate::num::{money_delta, money_whole};
    use crate::scenario::store::Status;
    let r = centred(
        area,
        110,
        (entries.len() as u16 + 5).clamp(8, area.height.saturating_sub(2)),
    );
    f.render_widget(Clear, r);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(super::title_fit(
            r.width,
            &[
                " Scenarios (recent first) · Enter open · v mark to compare · n rename · c duplicate · d trash · Esc close ",
                " Scenarios · Enter open · v compare · n rename · c duplicate · d trash · Esc ",
                " Scenarios · Enter open · v n c d · Esc close ",
                " Scenarios ",
            ],
        ))
        .border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let w = inner.width as usize;
    let name_w = w.saturating_sub(17 + 6 + 15 + 12 + 4).max(8);
    let mut lines = vec![Line::styled(
        format!(
            "{:<name_w$} {:<17} {:>6} {:>15} {:>12}",
            "Name", "Modified", "CSMs", "Cash cost", "vs open"
        ),
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )];
    if entries.is_empty() {
        lines.push(Line::styled(
            " No saved scenarios yet: Ctrl-s or b saves this one.",
            Style::new().fg(Color::DarkGray),
        ));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let offset = (selected + 1).saturating_sub(height);
    let current = app.eval.team.cash;
    for (i, e) in entries.iter().enumerate().skip(offset).take(height) {
        let modified = e.modified.map_or(String::from("—"), |t| {
            let dt: chrono::DateTime<chrono::Local> = t.into();
            dt.format("%Y-%m-%d %H:%M").to_string()
        });
        let mut style = if i == selected {
            Style::new()
                .bg(Color::Rgb(40, 48, 64))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let open = app.path.as_ref() == Some(&e.path);
        let text = match &e.status {
            Status::Ok(s) => format!(
                "{:<name_w$} {:<17} {:>6} {:>15} {:>12}",
                super::fit(
                    &format!(
                        "{}{}{}",
                        if app.compare_marks.contains(&e.path) {
                            "✓ "
                        } else {
                            ""
                        },
                        crate::text::escape_invisible(&s.name),
                        if open { " (open)" } else { "" }
                    ),
                    name_w
                ),
                modified,
                s.team_size,
                money_whole(s.cash),
                money_delta(s.cash - current)
            ),
            Status::Broken(b) => {
                style = style.fg(Color::Red);
                super::fit(
                    &format!(
                        "{:<name_w$} broken: {}",
                        super::fit(&e.file_name, name_w),
                        b.reason
                    ),
                    w,
                )
            }
            Status::Pending => format!(
                "{:<name_w$} {:<17} (not read yet)",
                super::fit(&e.file_name, name_w),
                modified
            ),
        };
        lines.push(Line::styled(text, style));
    }
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
}

/// The offer to restore a working copy autosaved before a crash.
pub fn recovery(f: &mut Frame, area: Rect, p: &crate::scenario::recovery::PendingRecovery) {
    let r = centred(area, 96, 14);
    f.render_widget(Clear, r);
    let mut lines = vec![
        Line::styled(
            "cscomp-tui did not exit cleanly last time. An autosaved working copy was found:",
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::raw(""),
        Line::raw(p.headline()),
        Line::raw(""),
    ];
    for d in p.differences.iter().take(5) {
        lines.push(Line::raw(format!(
            "  {}: {} → {}",
            d.what, d.before, d.after
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "r restore it · d discard it (moved to the trash) · Esc decide later",
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    ));
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(" Recover unsaved work ")
                .border_style(Style::new().fg(Color::Yellow)),
        ),
        r,
    );
}

/// A scrollable text popup: a plan statement's Markdown laid out (see [`super::markdown`]),
/// or plain text, wrapped to the popup. Scrolling stops where the last line reaches the
/// bottom; returns how far it can scroll (0 when it shows whole).
pub fn text(
    f: &mut Frame,
    area: Rect,
    title: &str,
    body: &str,
    offset: usize,
    markdown: bool,
) -> usize {
    let r = centred(area, 100, area.height.saturating_sub(2));
    f.render_widget(Clear, r);
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(title.to_string())
        .border_style(Style::new().fg(Color::Cyan));
    // One column of room on each side of the text.
    let inner = block.inner(r);
    let text_area = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let width = usize::from(text_area.width);
    let lines = if markdown {
        super::markdown::lines(body, width)
    } else {
        super::markdown::plain_lines(body, width)
    };
    let height = usize::from(text_area.height);
    let most = lines.len().saturating_sub(height);
    let offset = offset.min(most);
    if most > 0 {
        let last = (offset + height).min(lines.len());
        block = block.title_bottom(
            Line::from(format!(
                " lines {}–{last} of {} · ↑↓ PgUp PgDn Home End ",
                offset + 1,
                lines.len()
            ))
            .right_aligned(),
        );
    }
    f.render_widget(block, r);
    super::text::draw_lines(f.buffer_mut(), text_area, &lines[offset..]);
    most
}
