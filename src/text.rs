//! Text shown to people that came from a file or a keyboard: control characters and
//! invisible direction or zero-width marks are shown escaped, never acted on.
//!
//! Owns: escaping text for display. Must not: touch the terminal or files.

use std::borrow::Cow;

/// Invisible characters that could disguise text: direction controls, zero-width
/// characters and the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' // zero-width space, (non-)joiner, direction marks
        | '\u{202A}'..='\u{202E}' // embeddings and overrides
        | '\u{2066}'..='\u{2069}' // isolates
        | '\u{FEFF}')
}

/// `s` with every control or invisible character written as `\u{202e}` (lower-case hex),
/// so that a right-to-left override or an escape sequence in a name is shown, not obeyed.
/// Borrowed when there is nothing to escape, as almost always.
pub fn escape_invisible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() || is_invisible(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() || is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A name or other text a person typed, made safe to put in Markdown (a table cell, a
/// heading, a list): characters that would format, link, open an HTML tag or break a table
/// are escaped with `\\`, control characters become spaces, and invisible direction marks
/// are written out (`\u{202e}`), so the text reads as typed and never acts.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c if is_invisible(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// True when two names are the same as people mean them: letter case and runs of blanks
/// ignored (`Expansion ARR` and `expansion  arr`).
pub fn same_name(a: &str, b: &str) -> bool {
    let mut x = a.split_whitespace().flat_map(|w| w.chars().chain([' ']));
    let mut y = b.split_whitespace().flat_map(|w| w.chars().chain([' ']));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(c), Some(d)) if c == d || c.to_lowercase().eq(d.to_lowercase()) => {}
            _ => return false,
        }
    }
}

/// A header or id as people write it, folded: case ignored, blanks around it dropped, and
/// every run of spaces, `-` and `_` read as one `_` (`Book ARR`, ` book-arr `, `Book_ARR`
/// are all `book_arr`).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.trim().chars() {
        if c.is_whitespace() || c == '-' || c == '_' {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('_');
        }
        gap = false;
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_direction_marks_are_shown_escaped() {
        assert_eq!(escape_invisible("plain é 🚀"), "plain é 🚀");
        assert!(matches!(escape_invisible("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_invisible("evil\u{202E}gpj.ron"),
            "evil\\u{202e}gpj.ron"
        );
        assert_eq!(
            escape_invisible("a\tb\u{7}\u{1b}[31m"),
            "a\\u{9}b\\u{7}\\u{1b}[31m"
        );
        assert_eq!(escape_invisible("zero\u{200B}width"), "zero\\u{200b}width");
    }

    #[test]
    fn markdown_text_reads_as_typed_and_never_acts() {
        assert_eq!(md("Liam O'Brien"), "Liam O'Brien");
        assert_eq!(md("<script>x</script>"), "\\<script\\>x\\</script\\>");
        assert_eq!(
            md("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(md("a|b\nc\\d"), "a\\|b c\\\\d");
        assert_eq!(md("evil\u{202E}txt"), "evil\\u{202e}txt");
    }
}
