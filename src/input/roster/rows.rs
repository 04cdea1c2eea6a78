//! A data row's shape, as a problem of the import when it has too many cells.

use super::*;

/// A data row's shape, for the all-or-nothing imports: `None` for a blank row (skip it);
/// else whether it has more cells than the header has columns, which is a problem (pushed,
/// with `hint` after the reason).
pub(crate) fn row_shape(
    row: u64,
    record: &csv::StringRecord,
    width: usize,
    hint: &str,
    problems: &mut Vec<Problem>,
) -> Option<bool> {
    if record.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let long = record.len() > width && record.iter().skip(width).any(|c| !c.trim().is_empty());
    if long {
        problems.push(Problem {
            row: Some(row),
            column: None,
            letter: None,
            value: None,
            reason: format!(
                "the row has {} cells but the header has {width} columns{hint}",
                record.len()
            ),
        });
    }
    Some(long)
}
