//! The import form: a roster's columns with their first values and what each is read as,
//! and its unknown levels with the plan level each is taken as.

use super::{fit, title_fit};
use crate::tui::import_form::{FormRow, ImportForm};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear};

pub fn draw(f: &mut Frame, area: Rect, form: &ImportForm) {
    let r = super::overlay::centred(
        area,
        100,
        (form.rows.len() as u16 + 8).clamp(8, area.height.saturating_sub(2)),
    );
    f.render_widget(Clear, r);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(title_fit(
            r.width,
            &[
                " Map the roster · ↑↓ choose · ←→ change · Enter import · Esc cancel ",
                " Map the roster · ←→ change · Enter import · Esc ",
                " Map the roster ",
            ],
        ))
        .border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let w = inner.width as usize;
    let file = crate::tui::roster_io::show_path(&form.path);
    // The file, then what the tool could not read by itself, one reason a line.
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                "{file}{}",
                form.sheet
                    .as_ref()
                    .map_or(String::new(), |s| format!(" (sheet {s})"))
            ),
            w,
        ),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for reason in form.why.split("; ").filter(|r| !r.is_empty()) {
        lines.push(Line::styled(
            fit(&format!("not read by itself: {reason}"), w),
            Style::new().fg(Color::Yellow),
        ));
    }
    lines.push(Line::from(""));
    let head_w = (w / 3).clamp(8, 30);
    let use_w = 22.min(w.saturating_sub(head_w + 4));
    let sample_w = w.saturating_sub(head_w + use_w + 5);
    lines.push(Line::styled(
        fit(
            &format!(
                "{:<head_w$} {:<sample_w$}   {:<use_w$}",
                "In the file", "First values / rows", "Read as"
            ),
            w,
        ),
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    ));
    let height = (inner.height as usize).saturating_sub(lines.len());
    let offset = (form.selected + 1).saturating_sub(height);
    for (i, row) in form.rows.iter().enumerate().skip(offset).take(height) {
        let (left, middle, right) = match row {
            FormRow::Column {
                header,
                sample,
                choice,
                options,
            } => (
                header.clone(),
                sample.clone(),
                options.get(*choice).map_or("?".into(), |u| u.label()),
            ),
            FormRow::Level {
                level,
                rows,
                choice,
                options,
            } => (
                format!("level {level}"),
                if *rows == 1 {
                    "1 row".to_string()
                } else {
                    format!("{rows} rows")
                },
                options.get(*choice).cloned().unwrap_or_default(),
            ),
        };
        let selected = i == form.selected;
        let style = if selected {
            Style::new()
                .bg(Color::Rgb(40, 48, 64))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let arrow = if selected { "‹› " } else { "   " };
        lines.push(Line::styled(
            fit(
                &format!(
                    "{:<head_w$} {:<sample_w$}{arrow}{:<use_w$}",
                    fit(&left, head_w),
                    fit(&middle, sample_w),
                    fit(&right, use_w)
                ),
                w,
            ),
            style,
        ));
    }
    super::text::draw_lines(f.buffer_mut(), inner, &lines);
}
