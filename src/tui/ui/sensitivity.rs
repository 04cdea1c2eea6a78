//! Draws which levers move the team's cost: per lever its value, the cash change a step
//! down and up, and bars around the current cash (a tornado), biggest first.

use super::overlay::centred;
use crate::analysis::sensitivity::{Move, Sensitivity};
use crate::num::money_whole;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};
use rust_decimal::Decimal;

/// A change in whole dollars with its sign: `+$3,290`, `-$9,148`, `$0`.
fn signed(d: Decimal) -> String {
    let whole = money_whole(d.abs());
    if d.round().is_zero() {
        money_whole(Decimal::ZERO)
    } else if d < Decimal::ZERO {
        format!("-{whole}")
    } else {
        format!("+{whole}")
    }
}

/// A lever's label in `w` columns: a long metric name is shortened, what moves on it
/// ("attainment", "Target") is kept whole.
fn lever_label(label: &str, w: usize) -> String {
    match label.rsplit_once(": ") {
        Some((name, what)) if label.chars().count() > w && what.chars().count() + 3 < w => {
            let room = w - what.chars().count() - 2;
            format!("{}: {what}", super::fit(name, room))
        }
        _ => super::fit(label, w),
    }
}

pub fn draw(f: &mut Frame, area: Rect, s: &Sensitivity, selected: usize) {
    let r = centred(
        area,
        118,
        (s.levers.len() as u16 + 5).clamp(8, area.height.saturating_sub(2)),
    );
    f.render_widget(Clear, r);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(super::title_fit(
            r.width,
            &[
                &format!(
                    " Which levers move the cost · team cash {} · each a step down and up · Enter go to slider · Esc ",
                    money_whole(s.cash)
                ),
                &format!(
                    " Levers · cash {} · a step down and up · Enter slider · Esc ",
                    money_whole(s.cash)
                ),
                " Levers · Enter slider · Esc ",
                " Levers ",
            ],
        ))
        .border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let w = inner.width as usize;
    // Columns: lever, now, change down, change up, bars (the rest, split in two).
    let (now_w, ch_w) = (9, 10);
    let bars = w.saturating_sub(now_w + 2 * ch_w + 4 + 24).min(40);
    let half = bars / 2;
    let label_w = w.saturating_sub(now_w + 2 * ch_w + 4 + bars + 1).max(8);
    let most = s.levers.first().map_or(Decimal::ZERO, |l| l.swing);
    let len = |d: Decimal| -> usize {
        if most.is_zero() || half == 0 {
            return 0;
        }
        let x = (d.abs() * Decimal::from(half as u64) / most).round();
        usize::try_from(x.mantissa()).unwrap_or(0).min(half)
    };
    let change = |m: &Option<Move>| m.as_ref().map(|m| m.cash - s.cash);
    let mut lines = vec![Line::styled(
        format!(
            "{:<label_w$} {:>now_w$} {:>ch_w$} {:>ch_w$}  {:>half$}┃{:<half$}",
            "Lever", "Now", "Step down", "Step up", "lower cost", "higher",
        ),
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )];
    let room = (inner.height as usize).saturating_sub(2).max(1);
    let offset = (selected + 1).saturating_sub(room);
    for (i, l) in s.levers.iter().enumerate().skip(offset).take(room) {
        let (down, up) = (change(&l.down), change(&l.up));
        let show = |d: Option<Decimal>| d.map_or("—".to_string(), signed);
        let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ZERO);
        for d in [down, up].into_iter().flatten() {
            if d < Decimal::ZERO {
                lo = lo.min(d);
            } else {
                hi = hi.max(d);
            }
        }
        let row_style = if i == selected {
            Style::new()
                .bg(Color::Rgb(40, 48, 64))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let mark = if i == selected { "›" } else { " " };
        let text = format!(
            "{mark}{:<lw$} {:>now_w$} {:>ch_w$} {:>ch_w$}  ",
            lever_label(&l.label, label_w - 1),
            super::fit(&l.value, now_w),
            show(down),
            show(up),
            lw = label_w - 1,
        );
        lines.push(Line::from(vec![
            Span::styled(text, row_style),
            Span::styled(
                format!("{:>half$}", "━".repeat(len(lo))),
                Style::new().fg(Color::Green),
            ),
            Span::raw("┃"),
            Span::styled(
                format!("{:<half$}", "━".repeat(len(hi))),
                Style::new().fg(Color::Red),
            ),
        ]));
    }
    let foot = "Exact cash · a slider step each, attainment 5 points · CLI: sensitivity";
    lines.push(Line::styled(
        super::fit(foot, w),
        Style::new().fg(Color::DarkGray),
    ));
    f.render_widget(Paragraph::new(lines), inner);
}
