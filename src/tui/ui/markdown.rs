//! The Markdown of a plan statement laid out for the terminal: headings styled, tables as
//! aligned columns, `**bold**` as bold, paragraphs and list items wrapped to the width with
//! their markers removed. The file `cscomp-tui statements` writes stays Markdown; this is
//! only how the app shows it.
//!
//! It reads the Markdown `statements::statement` writes — headings (`#`, `##`, `###`),
//! paragraphs, `- ` items, tables with a `| --- | ---: |` row, `**bold**` and backslash
//! escapes — and shows anything else as the text it is.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// Text as characters with their style, before it is cut into lines.
type Styled = Vec<(char, Style)>;

/// Between two table columns.
const COLUMN_GAP: usize = 2;

/// A column is never wrapped narrower than this.
const MIN_COLUMN: usize = 8;

fn width_of(text: &[(char, Style)]) -> usize {
    text.iter().map(|(c, _)| c.width().unwrap_or(0)).sum()
}

/// Inline Markdown: `**` switches bold on and off, `\x` is a literal `x`.
fn inline(text: &str, base: Style) -> Styled {
    let mut out = Vec::with_capacity(text.len());
    let mut bold = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let style = if bold {
            base.add_modifier(Modifier::BOLD)
        } else {
            base
        };
        match c {
            '\\' => match chars.next() {
                Some(n) => out.push((n, style)),
                None => out.push(('\\', style)),
            },
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                bold = !bold;
            }
            c if c.is_control() => out.push((' ', style)),
            c => out.push((c, style)),
        }
    }
    out
}

/// Cuts styled text into lines of at most `width` cells, breaking between words (a word
/// longer than a line is broken where it must be). Runs of spaces count as one.
fn wrap(text: &[(char, Style)], width: usize) -> Vec<Styled> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur: Styled = Vec::new();
    let mut used = 0;
    for word in text.split(|(c, _)| *c == ' ').filter(|w| !w.is_empty()) {
        let w = width_of(word);
        if !cur.is_empty() {
            if used + 1 + w <= width {
                // The space takes the style of the words around it when they share one.
                let before = cur.last().map(|(_, s)| *s);
                let after = word.first().map(|(_, s)| *s);
                let style = if before == after {
                    before.unwrap_or_default()
                } else {
                    Style::new()
                };
                cur.push((' ', style));
                used += 1;
            } else {
                lines.push(std::mem::take(&mut cur));
                used = 0;
            }
        }
        for &(c, s) in word {
            let cw = c.width().unwrap_or(0);
            if used + cw > width && used > 0 {
                lines.push(std::mem::take(&mut cur));
                used = 0;
            }
            cur.push((c, s));
            used += cw;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Styled characters as a line of spans (one span per run of one style).
fn to_line(prefix: Vec<Span<'static>>, text: Styled) -> Line<'static> {
    let mut spans = prefix;
    let mut run = String::new();
    let mut style = None;
    for (c, s) in text {
        if style.is_some_and(|st| st != s) {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                style.unwrap_or_default(),
            ));
        }
        style = Some(s);
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, style.unwrap_or_default()));
    }
    Line::from(spans)
}

/// A wrapped block: the first line starts with `first`, the others with as many spaces.
fn block(out: &mut Vec<Line<'static>>, text: &[(char, Style)], width: usize, first: &str) {
    let indent = first.chars().count();
    for (i, l) in wrap(text, width.saturating_sub(indent))
        .into_iter()
        .enumerate()
    {
        let lead = if i == 0 {
            first.to_string()
        } else {
            " ".repeat(indent)
        };
        out.push(to_line(vec![Span::raw(lead)], l));
    }
}

/// A table row's cells: split at `|` that are not escaped, the outer pipes dropped.
fn cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '|' => cells.push(std::mem::take(&mut cur).trim().to_string()),
            c => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        cells.push(cur.trim().to_string());
    }
    cells
}

/// True for a table's `| --- | ---: |` row.
fn is_rule(row: &str) -> bool {
    let c = cells(row);
    !c.is_empty()
        && c.iter().all(|c| {
            let t = c.trim_matches(':');
            !t.is_empty() && t.chars().all(|ch| ch == '-')
        })
}

/// A table: columns as wide as their widest cell, numbers right-aligned where the rule row
/// says `---:`, the header row (when it has any text) bold and underlined. When the table
/// is wider than `width`, its widest left-aligned column wraps.
fn table(out: &mut Vec<Line<'static>>, rows: &[&str], width: usize) {
    let (head, rule, body) = match rows {
        [head, rule, body @ ..] if is_rule(rule) => (Some(*head), Some(*rule), body),
        _ => (None, None, rows),
    };
    let right: Vec<bool> = rule.map_or_else(Vec::new, |r| {
        cells(r)
            .iter()
            .map(|c| c.ends_with(':') && !c.starts_with(':'))
            .collect()
    });
    let head_style = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut grid: Vec<Vec<Styled>> = Vec::new();
    let head = head
        .map(|h| {
            cells(h)
                .iter()
                .map(|c| inline(c, head_style))
                .collect::<Vec<_>>()
        })
        .filter(|h| h.iter().any(|c| !c.is_empty()));
    let has_head = head.is_some();
    grid.extend(head);
    grid.extend(
        body.iter()
            .map(|r| cells(r).iter().map(|c| inline(c, Style::new())).collect()),
    );
    let n = grid.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths: Vec<usize> = (0..n)
        .map(|j| {
            grid.iter()
                .filter_map(|r| r.get(j))
                .map(|c| width_of(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let total = |w: &[usize]| w.iter().sum::<usize>() + COLUMN_GAP * w.len().saturating_sub(1);
    let over = total(&widths).saturating_sub(width);
    if over > 0
        && let Some(j) = (0..n)
            .filter(|j| !right.get(*j).copied().unwrap_or(false))
            .max_by_key(|j| widths[*j])
    {
        widths[j] = widths[j]
            .saturating_sub(over)
            .max(MIN_COLUMN.min(widths[j]));
    }
    for (i, row) in grid.iter().enumerate() {
        let wrapped: Vec<Vec<Styled>> = (0..n)
            .map(|j| match row.get(j) {
                Some(c) if !c.is_empty() => wrap(c, widths[j]),
                _ => vec![Vec::new()],
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            let mut spans = Vec::new();
            for (j, cell) in wrapped.iter().enumerate() {
                let text = cell.get(k).cloned().unwrap_or_default();
                let pad = widths[j].saturating_sub(width_of(&text));
                let gap = if j + 1 < n { COLUMN_GAP } else { 0 };
                if right.get(j).copied().unwrap_or(false) {
                    spans.push(Span::raw(" ".repeat(pad)));
                    spans.extend(to_line(Vec::new(), text).spans);
                    spans.push(Span::raw(" ".repeat(gap)));
                } else if j + 1 < n {
                    spans.extend(to_line(Vec::new(), text).spans);
                    spans.push(Span::raw(" ".repeat(pad + gap)));
                } else {
                    spans.extend(to_line(Vec::new(), text).spans);
                }
            }
            while spans.last().is_some_and(|s| s.content.trim().is_empty()) {
                spans.pop();
            }
            // Underline the header's cells, not the gaps between them.
            if has_head && i == 0 {
                for s in &mut spans {
                    if s.content.trim().is_empty() {
                        s.style = Style::new();
                    }
                }
            }
            out.push(Line::from(spans));
        }
    }
}

/// A statement's Markdown as lines at most `width` cells wide.
pub fn lines(md: &str, width: usize) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    let src: Vec<&str> = md.lines().collect();
    let mut i = 0;
    while i < src.len() {
        let l = src[i];
        let t = l.trim_start();
        if t.is_empty() {
            if out.last().is_some_and(|l| l.width() > 0) {
                out.push(Line::raw(""));
            }
            i += 1;
            continue;
        }
        if t.starts_with('|') {
            let start = i;
            while i < src.len() && src[i].trim_start().starts_with('|') {
                i += 1;
            }
            table(&mut out, &src[start..i], width);
            continue;
        }
        let heading = [
            (
                "# ",
                Style::new()
                    .fg(Color::Cyan)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ),
            (
                "## ",
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            ),
            ("### ", Style::new().add_modifier(Modifier::BOLD)),
        ]
        .into_iter()
        .find_map(|(mark, style)| t.strip_prefix(mark).map(|rest| (rest, style)));
        if let Some((rest, style)) = heading {
            block(&mut out, &inline(rest.trim(), style), width, "");
        } else if let Some(item) = t.strip_prefix("- ") {
            block(&mut out, &inline(item, Style::new()), width, "• ");
        } else {
            block(&mut out, &inline(t, Style::new()), width, "");
        }
        i += 1;
    }
    while out.last().is_some_and(|l| l.width() == 0) {
        out.pop();
    }
    out
}

/// Plain text (not Markdown) as lines at most `width` cells wide: each line wraps on its
/// own, keeping its indent, and a `- ` item's continuation lines start under its text.
pub fn plain_lines(text: &str, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for l in text.lines() {
        let body = l.trim_start();
        let indent = l.len() - body.len();
        let (lead, body) = match body.strip_prefix("- ") {
            Some(rest) => (format!("{}- ", &l[..indent]), rest),
            None => (l[..indent].to_string(), body),
        };
        let styled: Styled = body
            .chars()
            .map(|c| (if c.is_control() { ' ' } else { c }, Style::new()))
            .collect();
        block(&mut out, &styled, width, &lead);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn tables_align_and_wrap_their_widest_text_column() {
        let md = "| Part | Amount |\n| --- | ---: |\n| Base salary | $80,000.00 |\n| **Total** | **$1.00** |\n";
        assert_eq!(
            text(&lines(md, 40)),
            vec![
                "Part             Amount",
                "Base salary  $80,000.00",
                "Total             $1.00",
            ]
        );
        let l = lines(md, 40);
        assert!(
            l[2].spans
                .iter()
                .any(|s| s.content == "Total" && s.style.add_modifier.contains(Modifier::BOLD))
        );
        assert_eq!(
            text(&lines(md, 20)),
            vec![
                "Part          Amount",
                "Base      $80,000.00",
                "salary",
                "Total          $1.00",
            ]
        );
        // A header row without text is left out.
        assert_eq!(
            text(&lines("| | |\n| --- | --- |\n| CSM | A \\| B |\n", 40)),
            vec!["CSM  A | B"]
        );
    }

    #[test]
    fn headings_items_and_paragraphs_lose_their_markers_and_wrap() {
        let md = "# Title\n\nSome **bold** words here\\_now.\n\n### 1. A metric\n\n- an item that wraps\n- b\n\n\n";
        assert_eq!(
            text(&lines(md, 12)),
            vec![
                "Title",
                "",
                "Some bold",
                "words",
                "here_now.",
                "",
                "1. A metric",
                "",
                "• an item",
                "  that wraps",
                "• b",
            ]
        );
        assert_eq!(
            text(&plain_lines("head:\n  - row 3, column x", 12)),
            vec!["head:", "  - row 3,", "    column x"]
        );
    }
}
