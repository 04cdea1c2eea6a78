//! The compare screen: "plan A or plan B?" answered on top — for each plan its cash and
//! loaded cost, the change against the baseline, who gains and who loses (by name) and
//! where the cost lines cross, in full sentences that wrap and are never cut — and the
//! details below, one pane at a time (Tab): each CSM, by level, the plan differences in
//! words, the guardrails that differ, and the cost curves with the crossings marked.
//!
//! Money is printed to the cent, so every change shown is the difference of the figures
//! shown and the levels add up to the plan's cash.

use super::{fit, pane};
use crate::analysis::compare::report::{curve_answer, signed_money, signed_pct};
use crate::analysis::compare::{Comparison, CsmCell, VariantSummary, crossing_estimate};
use crate::num::{money, pct, pct_exact};
use crate::tui::app::App;
use crate::tui::compare_view::{CompareView, CsmFilter, CsmSort, Pane};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use rust_decimal::Decimal;

/// One colour per plan column (the label `[k]` always says which, too).
const COLORS: [Color; 8] = [
    Color::Gray,
    Color::Cyan,
    Color::Yellow,
    Color::Magenta,
    Color::Green,
    Color::LightBlue,
    Color::LightRed,
    Color::White,
];

fn color(k: usize) -> Color {
    COLORS[k % COLORS.len()]
}

/// The fewest rows the detail pane gets under the answer; with less room the answer
/// shows alone and the details are a Tab away.
const MIN_DETAIL: u16 = 10;
/// The narrowest answer card.
const MIN_CARD: usize = 38;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let Some(mut view) = app.compare.take() else {
        return;
    };
    draw_view(f, area, &mut view);
    app.compare = Some(view);
}

fn draw_view(f: &mut Frame, area: Rect, v: &mut CompareView) {
    let width = usize::from(area.width.saturating_sub(2));
    let answer = Answer::build(v.comparer.comparison(), &v.risk, width);
    let needed = u16::try_from(answer.height() + 2).unwrap_or(u16::MAX);
    let detail_focused = matches!(v.focus, Some(p) if p != Pane::Answer);
    if needed.saturating_add(MIN_DETAIL) <= area.height {
        let [top, rest] =
            Layout::vertical([Constraint::Length(needed), Constraint::Fill(1)]).areas(area);
        draw_answer(f, top, v, &answer, false);
        draw_detail(f, rest, v);
    } else if detail_focused {
        draw_detail(f, area, v);
    } else {
        draw_answer(f, area, v, &answer, true);
    }
}

/// Words wrapped to `width` columns; a word longer than a line is split, never cut.
#[cfg(test)]
fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_hanging(text, width, width)
}

/// [`wrap`] with the first line `first` wide and the others `rest` wide.
fn wrap_hanging(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0usize;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let width = if out.is_empty() { first } else { rest }.max(1);
            let w = word.len();
            let gap = usize::from(used > 0);
            if used + gap + w <= width {
                if gap > 0 {
                    line.push(' ');
                }
                line.extend(word.iter());
                used += gap + w;
                break;
            }
            if used > 0 {
                out.push(std::mem::take(&mut line));
                used = 0;
                continue;
            }
            // Longer than a whole line: split it.
            let tail = word.split_off(width);
            out.push(word.iter().collect());
            word = tail;
        }
    }
    if used > 0 || out.is_empty() {
        out.push(line);
    }
    out
}

/// `text` wrapped to `width`, every line in `style`: its leading blanks kept on the first
/// line, the lines after it indented by `hang` spaces.
fn wrapped(text: &str, width: usize, style: Style, hang: usize) -> Vec<Line<'static>> {
    let body = text.trim_start_matches(' ');
    let lead = text.len() - body.len();
    let lines = wrap_hanging(body, width.saturating_sub(lead), width.saturating_sub(hang));
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let pad = " ".repeat(if i == 0 { lead } else { hang });
            Line::styled(format!("{pad}{l}"), style)
        })
        .collect()
}

fn change_style(d: Decimal) -> Style {
    if d.is_zero() {
        Style::new()
    } else if d.is_sign_positive() {
        Style::new().fg(super::palette::UP)
    } else {
        Style::new().fg(super::palette::DOWN)
    }
}

/// A scenario name as the screen shows it: control and direction characters escaped.
fn shown_name(name: &str) -> String {
    crate::text::escape_invisible(name).into_owned()
}

fn label(k: usize) -> String {
    format!("[{}]", k + 1)
}

/// The answer: the baseline on top, then a card per other plan, laid out in rows of cards.
struct Answer {
    head: Vec<Line<'static>>,
    /// Rows of cards; each card is its lines. With `table`, the first row is the plans at
    /// a glance (one block as wide as the pane), scrolled away like a row of cards.
    rows: Vec<Vec<Vec<Line<'static>>>>,
    card_w: usize,
    table: bool,
}

impl Answer {
    fn build(
        cmp: &Comparison,
        risk: &[Option<(
            crate::tui::compare_view::RiskKey,
            crate::engine::risk::RiskReport,
        )>],
        width: usize,
    ) -> Answer {
        let mut head = Vec::new();
        if let Some(b) = cmp.variants.first() {
            let text = match &b.figures {
                Some(x) => format!(
                    "[1] {} is the baseline: cash {} · loaded {}",
                    shown_name(&b.name),
                    money(x.cash),
                    money(x.loaded_cost)
                ),
                None => format!(
                    "[1] {} is the baseline and {}",
                    shown_name(&b.name),
                    errors_text(b)
                ),
            };
            head = wrapped(
                &text,
                width,
                Style::new().fg(color(0)).add_modifier(Modifier::BOLD),
                4,
            );
            if let Some(line) = crate::tui::compare_view::risk_line(risk, 0) {
                head.extend(wrapped(&format!("[1] {line}"), width, Style::new(), 4));
            }
            if let Some(note) = cmp.whatif_note() {
                head.extend(wrapped(&note, width, Style::new().fg(Color::Yellow), 4));
            }
        }
        let cards = cmp.variants.len().saturating_sub(1);
        let per_row = (width / MIN_CARD).clamp(1, cards.max(1));
        // Not every card fits side by side: the plans at a glance first, so none of them is
        // only a scroll away.
        let table = cards >= 2 && per_row == 1;
        let card_w = width / per_row;
        let texts: Vec<Vec<Line<'static>>> = (1..cmp.variants.len())
            .map(|k| card(cmp, risk, k, card_w.saturating_sub(1).max(1)))
            .collect();
        let mut rows: Vec<Vec<Vec<Line<'static>>>> =
            texts.chunks(per_row).map(|c| c.to_vec()).collect();
        if table {
            rows.insert(0, vec![compact_table(cmp, width)]);
        }
        Answer {
            head,
            rows,
            card_w,
            table,
        }
    }

    fn row_height(row: &[Vec<Line<'static>>]) -> usize {
        row.iter().map(|c| c.len()).max().unwrap_or(0)
    }

    fn height(&self) -> usize {
        self.head.len()
            + self
                .rows
                .iter()
                .map(|r| Answer::row_height(r))
                .sum::<usize>()
    }
}

/// One line per plan after the baseline: its cash, the change against [1] and how many
/// CSMs gain and lose, in columns.
fn compact_table(cmp: &Comparison, width: usize) -> Vec<Line<'static>> {
    let rows: Vec<(usize, String, String, String)> = cmp
        .variants
        .iter()
        .enumerate()
        .skip(1)
        .map(|(k, v)| {
            let (cash, delta, moved) = match &v.figures {
                Some(f) => (
                    money(f.cash),
                    f.versus.as_ref().map_or_else(
                        || "—".to_string(),
                        |vs| {
                            // To the cent, as the card: the difference of the cash shown.
                            if vs.cash_change > Decimal::ZERO {
                                format!("+{}", money(vs.cash_change))
                            } else {
                                money(vs.cash_change)
                            }
                        },
                    ),
                    f.versus.as_ref().map_or_else(
                        || "—".to_string(),
                        |vs| format!("{}↑ {}↓", vs.gain, vs.lose),
                    ),
                ),
                None => ("cannot be computed".into(), String::new(), String::new()),
            };
            (k, cash, delta, moved)
        })
        .collect();
    let cw = rows
        .iter()
        .map(|r| r.1.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let dw = rows
        .iter()
        .map(|r| r.2.chars().count())
        .max()
        .unwrap_or(0)
        .max(8);
    let header = format!("{:<4}{:>cw$}  {:>dw$}  gain·lose", "", "cash", "vs [1]");
    let mut out = vec![Line::styled(
        super::fit(&header, width),
        Style::new().fg(Color::DarkGray),
    )];
    for (k, cash, delta, moved) in rows {
        let text = format!("{:<4}{cash:>cw$}  {delta:>dw$}  {moved}", label(k));
        out.push(Line::styled(
            super::fit(&text, width),
            Style::new().fg(color(k)),
        ));
    }
    out
}

fn errors_text(v: &VariantSummary) -> String {
    let why: Vec<String> = v
        .errors
        .iter()
        .map(|e| format!("{}: {}", e.location, e.message))
        .collect();
    format!("cannot be computed: {}", why.join("; "))
}

/// One plan against the baseline, in full sentences wrapped to `w`.
fn card(
    cmp: &Comparison,
    risk: &[Option<(
        crate::tui::compare_view::RiskKey,
        crate::engine::risk::RiskReport,
    )>],
    k: usize,
    w: usize,
) -> Vec<Line<'static>> {
    let Some(v) = cmp.variants.get(k) else {
        return Vec::new();
    };
    let mut out = wrapped(
        &format!("{} {}", label(k), shown_name(&v.name)),
        w,
        Style::new().fg(color(k)).add_modifier(Modifier::BOLD),
        4,
    );
    let Some(x) = &v.figures else {
        out.extend(wrapped(
            &format!("✗ {}", errors_text(v)),
            w,
            Style::new().fg(super::palette::ERROR),
            2,
        ));
        return out;
    };
    out.extend(wrapped(
        &format!("cash {} · loaded {}", money(x.cash), money(x.loaded_cost)),
        w,
        Style::new(),
        2,
    ));
    let Some(vs) = &x.versus else {
        out.extend(wrapped(
            "not compared: the baseline cannot be computed",
            w,
            Style::new(),
            2,
        ));
        return out;
    };
    let pct_text = vs
        .cash_change_pct
        .map_or_else(String::new, |p| format!(" ({})", signed_pct(p)));
    out.extend(wrapped(
        &format!(
            "{}{pct_text} cash against [1]",
            signed_money(vs.cash_change)
        ),
        w,
        change_style(vs.cash_change),
        2,
    ));
    let mut counts = format!("{} gain · {} lose · {} same", vs.gain, vs.lose, vs.same);
    if vs.added > 0 {
        counts += &format!(" · {} new", vs.added);
    }
    if vs.removed > 0 {
        counts += &format!(" · {} gone", vs.removed);
    }
    out.extend(wrapped(&counts, w, Style::new(), 2));
    if let Some(line) = crate::tui::compare_view::risk_line(risk, k) {
        out.extend(wrapped(&line, w, Style::new(), 2));
    }
    let mv = |m: &Option<crate::analysis::compare::Move>, what: &str, nobody: &str| match m {
        Some(m) => format!(
            "biggest {what}: {} {}{}",
            m.name,
            signed_money(m.change),
            m.change_pct
                .map_or_else(String::new, |p| format!(" ({})", signed_pct(p)))
        ),
        None => nobody.to_string(),
    };
    out.extend(wrapped(
        &mv(&vs.biggest_gain, "gain", "nobody gains"),
        w,
        vs.biggest_gain
            .as_ref()
            .map_or(Style::new(), |m| change_style(m.change)),
        2,
    ));
    out.extend(wrapped(
        &mv(&vs.biggest_loss, "loss", "nobody loses"),
        w,
        vs.biggest_loss
            .as_ref()
            .map_or(Style::new(), |m| change_style(m.change)),
        2,
    ));
    out.extend(wrapped(&curve_answer(cmp, k), w, Style::new(), 0));
    out
}

fn draw_answer(f: &mut Frame, area: Rect, v: &mut CompareView, a: &Answer, alone: bool) {
    let focused = v.focus == Some(Pane::Answer);
    let title = match (alone, area.width >= 60) {
        (true, true) => " Plan A or plan B? · Tab: details · v: back ",
        (true, false) => " Plan A or plan B? · Tab: details ",
        (false, _) => " Plan A or plan B? · v: back ",
    };
    let block = pane(title, focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let buf = f.buffer_mut();
    super::text::draw_lines(buf, inner, &a.head);
    let mut y = inner.y + u16::try_from(a.head.len()).unwrap_or(u16::MAX);
    let bottom = inner.bottom();
    let n = a.rows.len();
    let first = v.scroll[Pane::Answer.index()].min(n.saturating_sub(1));
    v.scroll[Pane::Answer.index()] = first;
    // Whole card rows only; the last line says what is above and below when not all fit.
    let total: usize = a.rows.iter().map(|r| Answer::row_height(r)).sum();
    let room = usize::from(bottom.saturating_sub(y));
    let scrolling = total > room;
    let room = if scrolling {
        room.saturating_sub(1)
    } else {
        room
    };
    let mut used = 0usize;
    let mut shown = 0usize;
    for row in a.rows.iter().skip(first) {
        let h = Answer::row_height(row);
        if used + h > room && shown > 0 {
            break;
        }
        let whole = a.table && std::ptr::eq(row, &a.rows[0]);
        for (c, card) in row.iter().enumerate() {
            let x = inner.x + u16::try_from(c * a.card_w).unwrap_or(u16::MAX);
            let w = if whole {
                inner.width
            } else {
                u16::try_from(a.card_w.saturating_sub(1)).unwrap_or(0)
            };
            let r = Rect {
                x,
                y,
                width: w.min(inner.right().saturating_sub(x)),
                height: u16::try_from(h).unwrap_or(0).min(bottom.saturating_sub(y)),
            };
            super::text::draw_lines(buf, r, card);
        }
        y = y.saturating_add(u16::try_from(h).unwrap_or(u16::MAX));
        used += h;
        shown += 1;
    }
    if alone && !scrolling && usize::from(bottom.saturating_sub(y)) >= 2 {
        // The details are a key away: say which.
        let hint = wrapped(
            "Tab: details (each CSM, by level, plan and guardrail differences, cost curves)",
            usize::from(inner.width),
            Style::new().fg(Color::DarkGray),
            0,
        );
        let h = u16::try_from(hint.len()).unwrap_or(0);
        if y + h < bottom {
            let r = Rect {
                y: bottom - h,
                height: h,
                ..inner
            };
            super::text::draw_lines(buf, r, &hint);
        }
    }
    if scrolling {
        // Plans above and below (the table row is no plan).
        let cards_in = |r: &Vec<Vec<Line<'static>>>| {
            if a.table && std::ptr::eq(r, &a.rows[0]) {
                0
            } else {
                r.len()
            }
        };
        let above: usize = a.rows.iter().take(first).map(cards_in).sum();
        let below: usize = a.rows.iter().skip(first + shown).map(cards_in).sum();
        let mut parts = Vec::new();
        if above > 0 {
            parts.push(format!("↑ {above} more"));
        }
        if below > 0 {
            parts.push(format!("↓ {below} more"));
        }
        let how = if focused {
            "↑↓ scroll"
        } else {
            "Tab here, ↑↓"
        };
        let text = format!(
            "{} plan{} · {how}",
            parts.join(" · "),
            if above + below == 1 { "" } else { "s" }
        );
        // The whole row: nothing of a card's line shows through after the hint.
        let text = format!("{text:<w$}", w = usize::from(inner.width));
        let line = Line::styled(text, Style::new().fg(Color::DarkGray));
        let r = Rect {
            y: bottom.saturating_sub(1),
            height: 1,
            ..inner
        };
        super::text::draw_lines(buf, r, &[line]);
    }
}

/// The tab line of the detail panes: the one shown in brackets.
fn tabs(current: Pane) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for p in Pane::DETAILS {
        if p == current {
            spans.push(Span::styled(
                format!("[{}]", p.name()),
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ));
        } else {
            spans.push(Span::raw(p.name()));
        }
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

fn draw_detail(f: &mut Frame, area: Rect, v: &mut CompareView) {
    let p = v.detail;
    let focused = v.focus == Some(p);
    match p {
        Pane::Csms | Pane::Answer => csm_pane(f, area, v, focused),
        Pane::Levels => {
            let block = pane(tabs(p), focused);
            let inner = block.inner(area);
            f.render_widget(block, area);
            let lines = level_lines(v.comparer.comparison(), usize::from(inner.width));
            scrolled(f, inner, v, p, &lines);
        }
        Pane::Plan => {
            let block = pane(tabs(p), focused);
            let inner = block.inner(area);
            f.render_widget(block, area);
            let lines = plan_lines(v, usize::from(inner.width));
            scrolled(f, inner, v, p, &lines);
        }
        Pane::Guardrails => {
            let block = pane(tabs(p), focused);
            let inner = block.inner(area);
            f.render_widget(block, area);
            let lines = guardrail_lines(v.comparer.comparison(), usize::from(inner.width));
            scrolled(f, inner, v, p, &lines);
        }
        Pane::Curves => curves_pane(f, area, v, focused),
    }
}

/// Draws `lines` from the pane's scroll position, kept within them; the last row says
/// what is below when they do not all fit.
fn scrolled(f: &mut Frame, inner: Rect, v: &mut CompareView, p: Pane, lines: &[Line<'static>]) {
    let h = usize::from(inner.height);
    let i = p.index();
    let fits = lines.len() <= h;
    let room = if fits { h } else { h.saturating_sub(1).max(1) };
    let max = lines.len().saturating_sub(room);
    v.scroll[i] = v.scroll[i].min(max);
    v.page = room;
    let first = v.scroll[i];
    let shown: Vec<Line<'static>> = lines.iter().skip(first).take(room).cloned().collect();
    super::text::draw_lines(f.buffer_mut(), inner, &shown);
    if !fits {
        let below = lines.len() - first - shown.len();
        let text = if below > 0 {
            format!("↓ {below} more lines · ↑↓ PgUp PgDn")
        } else {
            format!("end · {first} lines above · ↑ PgUp Home")
        };
        let r = Rect {
            y: inner.bottom().saturating_sub(1),
            height: 1,
            ..inner
        };
        super::text::draw_lines(
            f.buffer_mut(),
            r,
            &[Line::styled(text, Style::new().fg(Color::DarkGray))],
        );
    }
}

// ---- each CSM ------------------------------------------------------------------------

const TOTAL_W: usize = 13;
const CHANGE_W: usize = 12;
const PCT_W: usize = 8;

fn right(text: &str, w: usize) -> String {
    let inner = w.saturating_sub(1);
    format!(" {:>inner$}", fit(text, inner))
}

fn group_width(k: usize, with_pct: bool) -> usize {
    if k == 0 {
        TOTAL_W
    } else {
        TOTAL_W + CHANGE_W + if with_pct { PCT_W } else { 0 }
    }
}

fn csm_pane(f: &mut Frame, area: Rect, v: &mut CompareView, focused: bool) {
    let block = pane(tabs(Pane::Csms), focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let n = v.comparer.len();
    let name_w = if width >= 90 { 22 } else { 16 };
    let with_pct = width >= 100;
    let room = width.saturating_sub(name_w + 1);
    // The plan columns shown: from `first_col`, as many as fit, the selected one among them.
    let fits = |from: usize, to: usize| {
        (from..=to).map(|k| group_width(k, with_pct)).sum::<usize>() <= room
    };
    v.selected = v.selected.clamp(1, n.saturating_sub(1).max(1));
    v.first_col = v.first_col.min(v.selected);
    while v.first_col < v.selected && !fits(v.first_col, v.selected) {
        v.first_col += 1;
    }
    // After the screen grew (or plans were dropped), scroll back while every plan from
    // the one before to the last still fits: no stale scroll that hides plans for nothing.
    while v.first_col > 0 && fits(v.first_col - 1, n.saturating_sub(1).max(v.selected)) {
        v.first_col -= 1;
    }
    let mut cols = Vec::new();
    let mut used = 0;
    for k in v.first_col..n {
        let w = group_width(k, with_pct);
        if used + w > room && !cols.is_empty() {
            break;
        }
        used += w;
        cols.push(k);
    }
    let (sort, desc, filter, selected, first_col) =
        (v.sort, v.descending, v.filter, v.selected, v.first_col);
    let shown = v.order().len();
    let cmp = v.comparer.comparison();
    let total = cmp.rows.len();
    let sel = label(selected);
    let mut info = match filter {
        CsmFilter::All => format!("{total} CSMs"),
        CsmFilter::Gainers => format!("{shown} of {total} gain in {sel}"),
        CsmFilter::Losers => format!("{shown} of {total} lose in {sel}"),
    };
    info += &match sort {
        CsmSort::Team => " · team order".to_string(),
        CsmSort::Change => format!(
            " · by change in {sel}, {} first",
            if desc { "gain" } else { "loss" }
        ),
    };
    if cols.len() < n {
        let last = cols.last().copied().unwrap_or(first_col);
        info += &format!(" · plans {}–{} of {n} ←→", first_col + 1, last + 1);
    }
    let mut lines = wrapped(&info, width, Style::new().fg(Color::DarkGray), 2);
    // Two header lines: the plan over its columns, then what each column is.
    let mut names = vec![Span::raw(" ".repeat(name_w + 1))];
    let mut heads = vec![Span::raw(format!(" {:<name_w$}", "Name"))];
    for &k in &cols {
        let w = group_width(k, with_pct);
        let mark = if k == selected { "▸" } else { " " };
        let name = cmp
            .variants
            .get(k)
            .map_or(String::new(), |x| shown_name(&x.name));
        let mut style = Style::new().fg(color(k)).add_modifier(Modifier::BOLD);
        if k == selected {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        names.push(Span::styled(
            format!(
                "{mark}{:<w$}",
                fit(&format!("{} {name}", label(k)), w - 1),
                w = w - 1
            ),
            style,
        ));
        heads.push(Span::raw(right("total", TOTAL_W)));
        if k > 0 {
            heads.push(Span::raw(right("change", CHANGE_W)));
            if with_pct {
                heads.push(Span::raw(right("%", PCT_W)));
            }
        }
    }
    lines.push(Line::from(names));
    lines.push(Line::from(heads));
    let h = usize::from(inner.height).saturating_sub(lines.len()).max(1);
    v.page = h;
    v.cursor = v.cursor.min(shown.saturating_sub(1));
    let i = Pane::Csms.index();
    if v.cursor < v.scroll[i] {
        v.scroll[i] = v.cursor;
    } else if v.cursor >= v.scroll[i] + h {
        v.scroll[i] = v.cursor + 1 - h;
    }
    v.scroll[i] = v.scroll[i].min(shown.saturating_sub(h));
    let (first, cursor) = (v.scroll[i], v.cursor);
    let order: Vec<usize> = v.order().iter().skip(first).take(h).copied().collect();
    let cmp = v.comparer.comparison();
    for (p, &r) in order.iter().enumerate() {
        let row = &cmp.rows[r];
        let here = first + p == cursor;
        let name_style = if here {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::raw(if here { "›" } else { " " }),
            Span::styled(
                format!("{:<name_w$}", fit(&row.name, name_w - 1)),
                name_style,
            ),
        ];
        for &k in &cols {
            let c: Option<&CsmCell> = row.cells.get(k).and_then(|c| c.as_ref());
            match c {
                None => spans.push(Span::styled(
                    right("missing", TOTAL_W),
                    Style::new().fg(Color::DarkGray),
                )),
                Some(c) => spans.push(Span::raw(right(&money(c.total), TOTAL_W))),
            }
            if k == 0 {
                continue;
            }
            let (change, pct_text, style) = match c {
                None => (String::new(), String::new(), Style::new()),
                Some(CsmCell {
                    change: Some(d), ..
                }) => (
                    signed_money(*d),
                    c.and_then(|c| c.change_pct())
                        .map_or_else(|| "—".into(), signed_pct),
                    change_style(*d),
                ),
                Some(_) => ("new".into(), "—".into(), Style::new()),
            };
            if c.is_none() {
                spans.push(Span::raw(
                    " ".repeat(CHANGE_W + if with_pct { PCT_W } else { 0 }),
                ));
                continue;
            }
            spans.push(Span::styled(right(&change, CHANGE_W), style));
            if with_pct {
                spans.push(Span::styled(right(&pct_text, PCT_W), style));
            }
        }
        lines.push(Line::from(spans));
    }
    if shown == 0 {
        lines.push(Line::raw(" nobody: f shows all again"));
    }
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
}

// ---- by level ------------------------------------------------------------------------

fn level_lines(cmp: &Comparison, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    // "[k]" CSMs, cash, average and the range of % of OTE.
    // " CSMs" 5, " cash" 16, " average" 9, " range" 18 after the 3 of "[k]".
    let narrow = width < 51;
    let name_w = width.saturating_sub(52).min(28);
    if !narrow {
        out.push(Line::styled(
            format!(
                "{:<w$} {:>4} {:>15} {:>8} {:>17}",
                "",
                "CSMs",
                "cash",
                "average",
                "% of OTE range",
                w = 3 + if name_w >= 6 { name_w + 1 } else { 0 }
            ),
            Style::new().fg(Color::DarkGray),
        ));
    } else {
        out.push(Line::styled(
            "per plan: CSMs, cash; average and range of % of OTE",
            Style::new().fg(Color::DarkGray),
        ));
    }
    for level in &cmp.levels {
        out.push(Line::styled(
            level.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        for (k, v) in cmp.variants.iter().enumerate() {
            let tag = Span::styled(
                format!("{:<3}", label(k)),
                Style::new().fg(color(k)).add_modifier(Modifier::BOLD),
            );
            let name = if !narrow && name_w >= 6 {
                format!(" {:<name_w$}", fit(&shown_name(&v.name), name_w))
            } else {
                String::new()
            };
            let Some(x) = &v.figures else {
                out.push(Line::from(vec![
                    tag,
                    Span::raw(format!("{name} cannot be computed")),
                ]));
                continue;
            };
            let (csms, cash, avg, range) = match x.levels.iter().find(|l| &l.level == level) {
                Some(l) => (
                    l.csms,
                    money(l.cash),
                    pct(l.avg_pct, 1),
                    format!("{}–{}", pct(l.min_pct, 1), pct(l.max_pct, 1)),
                ),
                None => (0, money(Decimal::ZERO), "—".into(), "—".into()),
            };
            if narrow {
                out.push(Line::from(vec![
                    tag,
                    Span::raw(format!(
                        " {csms} CSM{} · {cash}",
                        if csms == 1 { "" } else { "s" }
                    )),
                ]));
                out.push(Line::raw(format!("    average {avg} · {range}")));
            } else {
                out.push(Line::from(vec![
                    tag,
                    Span::raw(format!("{name} {csms:>4} {cash:>15} {avg:>8} {range:>17}")),
                ]));
            }
        }
    }
    out
}

// ---- plan differences and guardrails --------------------------------------------------

/// A plan change with the metric named: "grr weight 25% → 15%" reads "Gross revenue
/// retention weight 25% → 15%".
fn plan_lines(v: &CompareView, width: usize) -> Vec<Line<'static>> {
    let cmp = v.comparer.comparison();
    let mut out = Vec::new();
    for (k, x) in cmp.variants.iter().enumerate().skip(1) {
        out.extend(wrapped(
            &format!("{} {} against [1]", label(k), shown_name(&x.name)),
            width,
            Style::new().fg(color(k)).add_modifier(Modifier::BOLD),
            4,
        ));
        if x.plan_changes.is_empty() {
            out.push(Line::raw("  the same plan"));
        }
        for ch in &x.plan_changes {
            out.extend(wrapped(&format!("  • {ch}"), width, Style::new(), 4));
        }
        for e in &x.errors {
            out.extend(wrapped(
                &format!("  ✗ {}: {}", e.location, e.message),
                width,
                Style::new().fg(super::palette::ERROR),
                4,
            ));
        }
    }
    out
}

fn guardrail_lines(cmp: &Comparison, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (k, x) in cmp.variants.iter().enumerate().skip(1) {
        out.extend(wrapped(
            &format!("{} {} against [1]", label(k), shown_name(&x.name)),
            width,
            Style::new().fg(color(k)).add_modifier(Modifier::BOLD),
            4,
        ));
        let Some(vs) = x.figures.as_ref().and_then(|f| f.versus.as_ref()) else {
            out.push(Line::raw("  not compared: a plan cannot be computed"));
            continue;
        };
        if vs.warnings_new.is_empty() && vs.warnings_gone.is_empty() {
            out.push(Line::raw("  the same warnings as [1]"));
        }
        for w in &vs.warnings_new {
            out.extend(wrapped(
                &format!("  + new ⚠ {}: {}", w.code, w.message),
                width,
                Style::new().fg(super::palette::UP),
                4,
            ));
        }
        for w in &vs.warnings_gone {
            out.extend(wrapped(
                &format!("  - gone {}: {}", w.code, w.message),
                width,
                Style::new().fg(super::palette::DOWN),
                4,
            ));
        }
    }
    out
}

// ---- cost curves ---------------------------------------------------------------------

fn curves_pane(f: &mut Frame, area: Rect, v: &mut CompareView, focused: bool) {
    let cmp = v.comparer.comparison();
    let c = &cmp.curve;
    let series: Vec<super::chart::Series> = c
        .cash
        .iter()
        .enumerate()
        .filter_map(|(k, line)| {
            let line = line.as_ref()?;
            let name = cmp
                .variants
                .get(k)
                .map_or(String::new(), |x| shown_name(&x.name));
            Some((
                format!("{} {}", label(k), fit(&name, 24)),
                color(k),
                c.scales.iter().copied().zip(line.iter().copied()).collect(),
            ))
        })
        .collect();
    // Each crossing at its estimate, on the baseline's line.
    let crossings: Vec<(Decimal, Decimal)> = c
        .crossings
        .iter()
        .filter_map(|x| {
            let at = crossing_estimate(c, x)?;
            let base = c.cash.first()?.as_ref()?;
            let p = c.scales.iter().position(|s| *s == x.from)?;
            let q = c.scales.iter().position(|s| *s == x.to)?;
            let (b0, b1) = (*base.get(p)?, *base.get(q)?);
            let t = (at - x.from) / (x.to - x.from);
            Some((at, b0 + (b1 - b0) * t))
        })
        .collect();
    // The chart on top; under it the crossings in words and the points, scrolling.
    let sentences: Vec<String> = (1..cmp.variants.len())
        .map(|k| curve_answer(cmp, k))
        .collect();
    let h = area.height;
    let chart_h = if h >= 24 { h - 9 } else { h };
    let [chart_area, rest] =
        Layout::vertical([Constraint::Length(chart_h), Constraint::Fill(1)]).areas(area);
    super::chart::cost_chart_marked(
        f,
        chart_area,
        pane(tabs(Pane::Curves), focused),
        &series,
        None,
        None,
        &crossings,
    );
    if rest.height < 3 {
        return;
    }
    let block = pane(" Team cash by team attainment (↑↓) ", focused);
    let inner = block.inner(rest);
    f.render_widget(block, rest);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    for s in &sentences {
        lines.extend(wrapped(s, width, Style::new(), 0));
    }
    // Scale, [1]'s cash, then each other plan's difference, as many as fit.
    let n = cmp.variants.len();
    let room = width.saturating_sub(5 + 15);
    let per = 14usize;
    let from = v.selected.clamp(1, n.saturating_sub(1).max(1));
    let cols: Vec<usize> = (from..n).take((room / per).max(1)).collect();
    let mut head = format!("{:>5}{:>15}", "scale", "[1] cash");
    for &k in &cols {
        head += &format!("{:>per$}", format!("{} − [1]", label(k)));
    }
    lines.push(Line::styled(head, Style::new().fg(Color::DarkGray)));
    for (p, s) in c.scales.iter().enumerate() {
        let at = |k: usize| {
            c.cash
                .get(k)
                .and_then(|l| l.as_ref())
                .and_then(|l| l.get(p).copied())
        };
        let mut spans = vec![Span::raw(format!(
            "{:>5}{:>15}",
            pct_exact(*s),
            at(0).map_or_else(|| "—".into(), money)
        ))];
        for &k in &cols {
            match (at(k), at(0)) {
                (Some(x), Some(b)) => spans.push(Span::styled(
                    format!("{:>per$}", signed_money(x - b)),
                    change_style(x - b),
                )),
                _ => spans.push(Span::raw(format!("{:>per$}", "—"))),
            }
        }
        lines.push(Line::from(spans));
    }
    scrolled(f, inner, v, Pane::Curves, &lines);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_splits_only_what_cannot_fit() {
        assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "ccc"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(
            wrap("Plan B costs more than Plan A", 12),
            vec!["Plan B costs", "more than", "Plan A"]
        );
    }
}
