//! Popups: help (generated from the key table) and the "could not open" notice.

use crate::tui::keys::BINDINGS;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

/// A rectangle of at most `w`×`h`, centred in and clamped to `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub fn help(f: &mut Frame, area: Rect) {
    let label_w = BINDINGS
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = BINDINGS
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(
                    format!(" {:<label_w$}  ", b.label),
                    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                ),
                Span::raw(b.help),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Mouse: click a pane or row to select; click or drag a slider's bar to set it;",
        Style::new().fg(Color::DarkGray),
    ));
    lines.push(Line::styled(
        " the wheel scrolls, and over a slider's bar it nudges the value.",
        Style::new().fg(Color::DarkGray),
    ));
    let h = lines.len() as u16 + 2;
    let r = centred(area, 84, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(" Keys (? or Esc closes) ")
                .border_style(Style::new().fg(Color::Cyan)),
        ),
        r,
    );
}

pub fn load_failed(f: &mut Frame, area: Rect, message: &str) {
    let r = centred(area, 90, 16);
    f.render_widget(Clear, r);
    let text = vec![
        Line::styled(message.to_string(), Style::new().fg(Color::Red)),
        Line::raw(""),
        Line::styled(
            "Enter: open the bundled sample team instead · q: quit",
            Style::new().add_modifier(Modifier::BOLD),
        ),
    ];
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
