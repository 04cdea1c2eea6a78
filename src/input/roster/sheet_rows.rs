//! A CSV's rows as a spreadsheet numbers them, whatever its line ends and quoted line
//! breaks.

/// The sheet's rows, as a spreadsheet numbers them: every line end outside a quoted cell
/// (CRLF, LF or a lone CR) starts a new row, blank lines are rows too, and a quoted cell
/// with line breaks inside stays on its row. The csv reader's own line count follows `\n`
/// only and starts a record's position before the blank lines it skips, so rows are
/// counted here from the text instead.
pub(super) struct SheetRows<'a> {
    pub(super) text: &'a [u8],
    /// Byte offset where each row starts: row 1 at 0.
    pub(super) starts: Vec<usize>,
}

impl<'a> SheetRows<'a> {
    /// One pass over the text with the reader's quoting rules (a `"` opens a quoted cell
    /// only at the start of a cell; `""` inside one is a quote).
    pub(super) fn new(text: &'a str) -> SheetRows<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let (mut quoted, mut cell_start) = (false, true);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if quoted {
                if b == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 1;
                    } else {
                        quoted = false;
                    }
                }
            } else {
                match b {
                    b'"' if cell_start => quoted = true,
                    b'\r' | b'\n' => {
                        if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                            i += 1;
                        }
                        starts.push(i + 1);
                        cell_start = true;
                        i += 1;
                        continue;
                    }
                    _ => {}
                }
                cell_start = b == b',';
            }
            i += 1;
        }
        SheetRows {
            text: bytes,
            starts,
        }
    }

    /// The row of the record the reader reported at `pos`: the reader's position is where
    /// it started reading, before the line ends it skipped, so those are stepped over.
    pub(super) fn of(&self, pos: Option<&csv::Position>) -> u64 {
        let Some(pos) = pos else { return 1 };
        let mut b = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
        while self.text.get(b).is_some_and(|c| matches!(c, b'\r' | b'\n')) {
            b += 1;
        }
        self.starts.partition_point(|s| *s <= b) as u64
    }
}
