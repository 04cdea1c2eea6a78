//! Mappings as they are remembered: a saved mapping (the settings folder keeps what the
//! user typed, `Employee Ref` → `id`) turned into the column and level maps the importers
//! take, and a confirmed import's choices turned back into one. Shared by the command line
//! and the app.

use crate::input::levels::LevelMap;
use crate::input::mapping::{ColumnMap, Confidence, Guess, Layout, Use};
use crate::scenario::import_memory::SavedMapping;
use std::collections::BTreeMap;

/// A saved mapping as the importers take it, in the order of the file's `headers`;
/// entries that no longer read (saved by another build) are left out.
pub fn saved_columns(layout: Layout, saved: &SavedMapping, headers: &[String]) -> ColumnMap {
    let mut entries: Vec<(usize, &String, Use)> = saved
        .columns
        .iter()
        .filter_map(|(h, u)| {
            let at = headers
                .iter()
                .position(|x| x.eq_ignore_ascii_case(h.trim()))
                .unwrap_or(usize::MAX);
            Use::parse(layout, u).ok().map(|u| (at, h, u))
        })
        .collect();
    entries.sort_by_key(|(at, _, _)| *at);
    let mut map = ColumnMap::default();
    for (_, h, u) in entries {
        map.set(h, u);
    }
    map
}

/// The mapping the user gave (on the command line or saved before), as the settings file
/// keeps it: each header as the file writes it → what it was read as.
pub fn given_entries(guess: &Guess) -> BTreeMap<String, String> {
    guess
        .columns
        .iter()
        .filter(|c| c.confidence == Some(Confidence::Given))
        .map(|c| (c.header.trim().to_string(), c.guess.label()))
        .collect()
}

/// A saved level mapping as the importer takes it: the entries whose plan level is one of
/// `known` (a level the plan no longer has is left out), and levels kept with the default
/// mix.
pub fn saved_levels(saved: &SavedMapping, known: &[String]) -> LevelMap {
    let mut map = LevelMap::default();
    for (from, to) in &saved.levels {
        // A plan level, or the level kept with the default mix (mapped to itself).
        if known.iter().any(|k| k == to) || from == to {
            map.set(from, to);
        }
    }
    map
}
