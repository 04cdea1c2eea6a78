//! The compare screen: "plan A or plan B?" answered on top — for each plan its cash and
//! loaded cost, the change against the baseline, who gains and who loses (by name) and
//! where the cost lines cross, in full sentences that wrap and are never cut — and the
//! details below, one pane at a time (Tab): each CSM, by level, the plan differences in
//! words, the guardrails that differ, and the cost curves with the crossings marked.
//!
//! Money is printed to the cent, so every change shown is the difference of the figures
//! shown and the levels add up to the plan's cash.

use super::{fit, pane};
use crate::analysis::compare::{Comparison, CsmCell, VariantSummary, crossing_estimate};
use crate::num::{money, pct, pct_exact};
use crate::output::compare::{curve_answer, signed_money, signed_pct};
use crate::tui::app::App;
use crate::tui::compare_view::{CompareView, CsmFilter, CsmSort, Pane};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use rust_decimal::Decimal;

mod panes;
use panes::*;

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
