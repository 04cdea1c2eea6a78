//! Lines of text drawn straight into the buffer.
//!
//! `Paragraph` collects every character of every line into styled graphemes before drawing
//! them; on a 200×60 screen that bookkeeping was most of a frame. Almost everything this
//! app prints is ASCII, where one byte is one grapheme one cell wide, so [`draw_lines`]
//! writes those spans byte by byte and segments only the others. What it draws is what
//! `Paragraph::new(lines)` (no wrapping) draws, cell for cell: the tests below compare
//! the two.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

/// Draws `lines` one per row from the top of `area`, each cut at the area's width.
pub(super) fn draw_lines(buf: &mut Buffer, area: Rect, lines: &[Line]) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    for (line, y) in lines.iter().zip(area.top()..area.bottom()) {
        draw_line(buf, area.x, y, area.width, line);
    }
}

/// `line` wrapped at word boundaries into lines at most `width` cells wide, keeping each
/// word's style; a word wider than the whole row is cut across lines. Spaces that end up
/// at the start of a continued line are dropped.
pub(super) fn wrap_line(line: &Line<'_>, width: u16) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let width = usize::from(width.max(1));
    let mut out: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0usize;
    for span in &line.spans {
        let style = span.style;
        for word in span.content.split_inclusive(' ') {
            let bare = word.trim_end_matches(' ').width();
            if used > 0 && used + bare > width {
                out.push(Vec::new());
                used = 0;
            }
            let mut word = if used == 0 && out.len() > 1 {
                word.trim_start_matches(' ')
            } else {
                word
            };
            let mut w = word.width();
            // A word longer than a whole row: as much as fits, then the rest below.
            while w > width.saturating_sub(used) && used == 0 {
                let mut cut = 0;
                let mut cw = 0;
                for (i, ch) in word.char_indices() {
                    let chw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
                    if cw + chw > width {
                        break;
                    }
                    cw += chw;
                    cut = i + ch.len_utf8();
                }
                if cut == 0 {
                    break;
                }
                if let Some(l) = out.last_mut() {
                    l.push(Span::styled(word[..cut].to_string(), style));
                }
                out.push(Vec::new());
                word = &word[cut..];
                w = word.width();
            }
            if let Some(l) = out.last_mut() {
                l.push(Span::styled(word.to_string(), style));
            }
            used += w;
        }
    }
    out.retain(|l| l.iter().any(|s| !s.content.is_empty()));
    if out.is_empty() {
        out.push(Vec::new());
    }
    out.into_iter().map(Line::from).collect()
}

/// True for text whose every byte is a printable ASCII character.
fn plain_ascii(s: &str) -> bool {
    s.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// The graphemes `Paragraph` draws of a span: those without control characters.
fn graphemes(s: &str) -> impl Iterator<Item = &str> {
    s.graphemes(true).filter(|g| !g.contains(char::is_control))
}

/// Walks the graphemes of `line` that fit in `width` cells, calling `put(position,
/// symbol, style)` for each one that takes room, and returns the width they take. A
/// character that does not fit ends the line; one wider than the whole row is skipped.
fn walk<'a>(line: &'a Line, width: u16, mut put: impl FnMut(u16, &'a str, Style)) -> u16 {
    let mut used = 0u16;
    for span in &line.spans {
        let style = line.style.patch(span.style);
        let s = span.content.as_ref();
        if plain_ascii(s) {
            // One byte, one grapheme, one cell.
            for i in 0..s.len() {
                if used >= width {
                    return used;
                }
                put(used, &s[i..=i], style);
                used += 1;
            }
            continue;
        }
        for g in graphemes(s) {
            let w = g.cell_width();
            if w > width {
                continue;
            }
            if used + w > width {
                return used;
            }
            if w > 0 {
                put(used, g, style);
            }
            used += w;
        }
    }
    used
}

fn draw_line(buf: &mut Buffer, x: u16, y: u16, width: u16, line: &Line) {
    let offset = match line.alignment {
        Some(Alignment::Center) => (width / 2).saturating_sub(walk(line, width, |_, _, _| {}) / 2),
        Some(Alignment::Right) => width.saturating_sub(walk(line, width, |_, _, _| {})),
        _ => 0,
    };
    let start = buf.index_of(x, y);
    let cells = &mut buf.content[start..start + usize::from(width)];
    walk(line, width, |at, symbol, style| {
        if let Some(cell) = cells.get_mut(usize::from(offset + at)) {
            cell.set_symbol(symbol).set_style(style);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Color;
    use ratatui::widgets::{Paragraph, Widget};

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn a_long_line_wraps_at_words_and_keeps_its_styles() {
        let red = Style::new().fg(Color::Red);
        let line = Line::from(vec![
            Span::raw(" saved:"),
            Span::styled(" the file the link points to", red),
        ]);
        let lines = wrap_line(&line, 16);
        assert_eq!(
            texts(&lines),
            vec![" saved: the file ", "the link points ", "to"]
        );
        assert_eq!(lines[1].spans[0].style, red);
        // A word longer than the row is cut across rows; a line that fits stays whole.
        assert_eq!(
            texts(&wrap_line(&Line::raw("abcdefghij"), 4)),
            vec!["abcd", "efgh", "ij"]
        );
        assert_eq!(texts(&wrap_line(&Line::raw("fits"), 10)), vec!["fits"]);
    }

    fn both(lines: Vec<Line<'static>>, width: u16) {
        let area = Rect::new(2, 1, width, lines.len() as u16 + 1);
        let whole = Rect::new(0, 0, width + 4, area.height + 2);
        let mut expected = Buffer::filled(whole, ratatui::buffer::Cell::new("x"));
        let mut got = expected.clone();
        Paragraph::new(lines.clone()).render(area, &mut expected);
        draw_lines(&mut got, area, &lines);
        assert_eq!(got, expected, "width {width}: {lines:?}");
    }

    #[test]
    fn draws_what_a_paragraph_draws() {
        let red = Style::new().fg(Color::Red);
        let samples: Vec<Vec<Line<'static>>> = vec![
            vec![Line::from("plain ascii text")],
            vec![Line::from(vec![
                Span::styled("Alex Morgan", red),
                Span::raw(" · $103,960.00 ▲ 4.2% … "),
                Span::styled("×1.15", Style::new().bg(Color::Blue)),
            ])],
            vec![Line::from("漢字 wide and narrow 漢")],
            vec![Line::from("e\u{301}combining and tab\there")],
            vec![
                Line::from("right aligned").right_aligned(),
                Line::from("centred · text").centered(),
                Line::styled("styled line", red),
            ],
            vec![Line::from(vec![
                Span::raw("a"),
                Span::raw(""),
                Span::raw("b"),
            ])],
            vec![
                Line::from("a line that is certainly wider than the area it is drawn in")
                    .right_aligned(),
            ],
            vec![Line::from("漢漢漢漢漢漢漢漢漢漢漢漢").centered()],
        ];
        for lines in samples {
            for width in [1, 2, 3, 7, 13, 40] {
                both(lines.clone(), width);
            }
        }
    }

    #[test]
    fn more_lines_than_rows_stop_at_the_bottom() {
        let lines: Vec<Line> = (0..10).map(|i| Line::from(format!("row {i}"))).collect();
        let area = Rect::new(0, 0, 8, 3);
        let mut expected = Buffer::empty(area);
        let mut got = Buffer::empty(area);
        Paragraph::new(lines.clone()).render(area, &mut expected);
        draw_lines(&mut got, area, &lines);
        assert_eq!(got, expected);
    }
}
