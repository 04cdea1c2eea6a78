//! The import form: when a roster cannot be read as it is — a field no column is known to
//! hold, or levels the plan does not have — the app shows the file's columns with their
//! first values beside what each is read as (the best guesses filled in), and each unknown
//! level beside the plan level it is taken as (the nearest filled in). `←→` changes a
//! choice, `Enter` imports with them, and the choices are remembered for files with the
//! same headers.
//!
//! Owns: the form's rows and choices. Must not: draw (that is `ui/import_form.rs`) or read
//! files (the app's `roster_io.rs` does, and imports with what the form hands back).

use super::action::Action;
use crate::input::levels::{LevelMap, UnknownLevel};
use crate::input::mapping::{ColumnMap, Guess, Layout, Use};
use crate::input::table::Table;
use std::path::PathBuf;

/// What the form needs to import again: the file, the sheet, its table, and the choices
/// made before this form (the saved mapping, earlier rounds of the form).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportForm {
    pub path: PathBuf,
    pub sheet: Option<String>,
    pub table: Table,
    pub rows: Vec<FormRow>,
    pub selected: usize,
    /// What the file's problem is, in one line (shown above the rows).
    pub why: String,
}

/// One line of the form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormRow {
    /// A column of the file: its header, its first values, what it is read as, and the
    /// choices it can take.
    Column {
        header: String,
        sample: String,
        choice: usize,
        options: Vec<Use>,
    },
    /// A level of the roster the plan does not have: how many rows, and the plan level it
    /// is taken as (the last option keeps it with the default pay mix).
    Level {
        level: String,
        rows: usize,
        choice: usize,
        options: Vec<String>,
    },
}

/// What a key in the form leads to.
#[derive(Debug, Clone, PartialEq)]
pub enum FormOutcome {
    Stay,
    Cancel,
    /// Import again with these choices.
    Import(ColumnMap, LevelMap),
}

/// The option that keeps a level with the default pay mix.
pub const DEFAULT_MIX: &str = "(default pay mix)";

impl ImportForm {
    /// A form for a roster the importer could not read: its columns (with the guesses) when
    /// a field is missing, its unknown levels (with the nearest) when there are any.
    pub fn new(
        path: PathBuf,
        sheet: Option<String>,
        table: Table,
        guess: Option<&Guess>,
        unknown: &[UnknownLevel],
        plan_levels: &[String],
    ) -> ImportForm {
        let mut rows = Vec::new();
        let mut why = Vec::new();
        if let Some(g) = guess.filter(|g| !g.missing.is_empty()) {
            let missing: Vec<&str> = g.missing.iter().map(|m| m.field.name()).collect();
            why.push(format!("no column is known to hold {}", missing.join(", ")));
            let mut options = vec![Use::Ignore];
            options.extend(Layout::Roster.fields().iter().map(|f| Use::Field(*f)));
            let samples = samples(&table, g);
            for (c, sample) in g.columns.iter().zip(samples) {
                let now = c.applied();
                // A guess that was only likely is offered as the choice (the user confirms).
                let shown = match (&now, &c.guess) {
                    (Use::Ignore, guess) => guess.clone(),
                    (now, _) => now.clone(),
                };
                let mut opts = options.clone();
                if !opts.contains(&shown) {
                    opts.push(shown.clone());
                }
                let choice = opts.iter().position(|o| *o == shown).unwrap_or(0);
                rows.push(FormRow::Column {
                    header: c.header.clone(),
                    sample,
                    choice,
                    options: opts,
                });
            }
        }
        if !unknown.is_empty() {
            why.push(format!(
                "{} the plan does not have",
                if unknown.len() == 1 {
                    "a level".to_string()
                } else {
                    format!("{} levels", unknown.len())
                }
            ));
            for u in unknown {
                let mut options: Vec<String> = plan_levels.to_vec();
                options.push(DEFAULT_MIX.into());
                let choice = u
                    .nearest
                    .first()
                    .and_then(|n| options.iter().position(|o| o == n))
                    .unwrap_or(0);
                rows.push(FormRow::Level {
                    level: u.level.clone(),
                    rows: u.rows.len(),
                    choice,
                    options,
                });
            }
        }
        ImportForm {
            path,
            sheet,
            table,
            rows,
            selected: 0,
            why: why.join("; "),
        }
    }

    /// A key in the form.
    pub fn handle(&mut self, action: Action) -> FormOutcome {
        let n = self.rows.len();
        match action {
            Action::Close | Action::Quit => return FormOutcome::Cancel,
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::Home | Action::First => self.selected = 0,
            Action::End | Action::Last => self.selected = n.saturating_sub(1),
            Action::Left | Action::Right => {
                let step: isize = if action == Action::Left { -1 } else { 1 };
                if let Some(row) = self.rows.get_mut(self.selected) {
                    let (choice, len) = match row {
                        FormRow::Column {
                            choice, options, ..
                        } => (choice, options.len()),
                        FormRow::Level {
                            choice, options, ..
                        } => (choice, options.len()),
                    };
                    *choice = (*choice as isize + step).rem_euclid(len.max(1) as isize) as usize;
                }
            }
            Action::Edit => return FormOutcome::Import(self.columns(), self.levels()),
            _ => {}
        }
        FormOutcome::Stay
    }

    /// The column choices, as a mapping the importer takes.
    pub fn columns(&self) -> ColumnMap {
        let mut map = ColumnMap::default();
        for row in &self.rows {
            if let FormRow::Column {
                header,
                choice,
                options,
                ..
            } = row
                && let Some(u) = options.get(*choice)
            {
                map.set(header, u.clone());
            }
        }
        map
    }

    /// The level choices, as a mapping the importer takes.
    pub fn levels(&self) -> LevelMap {
        let mut map = LevelMap::default();
        for row in &self.rows {
            if let FormRow::Level {
                level,
                choice,
                options,
                ..
            } = row
                && let Some(to) = options.get(*choice)
            {
                // The default mix: the level kept as written.
                let to = if to == DEFAULT_MIX { level } else { to };
                map.set(level, to);
            }
        }
        map
    }
}

/// Each column's first values as the file holds them ("E-1001, E-1002, E-1003").
fn samples(table: &Table, guess: &Guess) -> Vec<String> {
    let header_row = table
        .rows
        .iter()
        .position(|(_, r)| {
            guess
                .columns
                .iter()
                .all(|c| r.get(c.column).is_some_and(|h| h.trim() == c.header.trim()))
        })
        .unwrap_or(0);
    guess
        .columns
        .iter()
        .map(|c| {
            let values: Vec<&str> = table
                .rows
                .iter()
                .skip(header_row + 1)
                .filter_map(|(_, r)| r.get(c.column).map(str::trim))
                .filter(|v| !v.is_empty())
                .take(3)
                .collect();
            values.join(", ")
        })
        .collect()
}
