//! What is wrong with an import (a roster, actual results), row by row and column by
//! column, and how the list of problems reads.

pub use crate::engine::validate::MAX_LISTED;
use crate::input::levels::UnknownLevel;
use crate::input::mapping::Guess;
use std::fmt;

/// One thing wrong with a roster file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The row as a spreadsheet numbers it (the header is row 1); `None` for the whole file.
    pub row: Option<u64>,
    /// The column's header as written in the file (or the missing column's name).
    pub column: Option<String>,
    /// The column's letters as a spreadsheet shows them (`D`), for rosters read from a
    /// workbook; `None` for CSV.
    pub letter: Option<String>,
    /// The offending cell, as written.
    pub value: Option<String>,
    /// Why it is refused, in plain words.
    pub reason: String,
}

/// A column as a problem names it: its header and, in a workbook, its letters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col<'a> {
    pub(crate) name: &'a str,
    pub(crate) letter: Option<&'a str>,
}

impl<'a> From<&'a str> for Col<'a> {
    fn from(name: &'a str) -> Self {
        Col { name, letter: None }
    }
}

impl Problem {
    pub(crate) fn at<'a>(
        row: u64,
        column: impl Into<Col<'a>>,
        value: &str,
        reason: impl Into<String>,
    ) -> Problem {
        let column = column.into();
        Problem {
            row: Some(row),
            column: Some(column.name.to_string()),
            letter: column.letter.map(str::to_string),
            value: Some(value.to_string()),
            reason: reason.into(),
        }
    }

    pub(crate) fn header(row: u64, column: Option<Col>, reason: impl Into<String>) -> Problem {
        Problem {
            row: Some(row),
            column: column.map(|c| c.name.to_string()),
            letter: column.and_then(|c| c.letter).map(str::to_string),
            value: None,
            reason: reason.into(),
        }
    }

    pub(crate) fn file(reason: impl Into<String>) -> Problem {
        Problem {
            row: None,
            column: None,
            letter: None,
            value: None,
            reason: reason.into(),
        }
    }
}

/// A cell as shown in a message: quoted, control characters escaped, long text cut.
pub(super) fn show_value(v: &str) -> String {
    const MAX: usize = 60;
    if v.chars().count() > MAX {
        let cut: String = v.chars().take(MAX).collect();
        format!("{:?}…", cut)
    } else {
        format!("{v:?}")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(r) = self.row {
            place.push(format!("row {r}"));
        }
        match (&self.letter, &self.column) {
            (Some(l), Some(c)) => {
                place.push(format!("column {l} ({})", show_value(c).trim_matches('"')))
            }
            (Some(l), None) => place.push(format!("column {l}")),
            (None, Some(c)) => place.push(format!("column {}", show_value(c))),
            (None, None) => {}
        }
        if let Some(v) = &self.value {
            place.push(format!("value {}", show_value(v)));
        }
        if place.is_empty() {
            f.write_str(&self.reason)
        } else {
            write!(f, "{}: {}", place.join(", "), self.reason)
        }
    }
}

/// Why a roster was refused: every problem found. Nothing is imported when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportErrors {
    pub problems: Vec<Problem>,
    /// How the header was read, when the file had one: a caller can say how to map a
    /// required field no column was found for (`guess.missing`, with the closest columns).
    pub guess: Option<Box<Guess>>,
    /// Levels that are none of the plan's, each with its rows and nearest plan levels
    /// (also among `problems`, one problem each).
    pub unknown_levels: Vec<UnknownLevel>,
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_problems(f, "the roster", &self.problems)
    }
}

/// "`what` has N problems; nothing was imported:" and the problems, at most
/// [`MAX_LISTED`] of them (for every all-or-nothing import).
pub fn write_problems(f: &mut fmt::Formatter<'_>, what: &str, problems: &[Problem]) -> fmt::Result {
    let n = problems.len();
    write!(
        f,
        "{what} has {n} problem{}; nothing was imported:",
        if n == 1 { "" } else { "s" }
    )?;
    for p in problems.iter().take(MAX_LISTED) {
        write!(f, "\n  - {p}")?;
    }
    if n > MAX_LISTED {
        write!(f, "\n  … and {} more", n - MAX_LISTED)?;
    }
    Ok(())
}

impl std::error::Error for ImportErrors {}
