//! What the import commands remember between runs: for each set of headers a file was
//! imported with, the mapping the user confirmed — columns to fields, a roster's levels to
//! the plan's, and for actuals the plan year's first day. Kept in `import-mappings.ron` in
//! the settings folder (docs/storage.md), so that the next export with the same headers
//! imports without being told again.
//!
//! Owns: reading and writing that file. Must not: know what a mapping means (the importers
//! in `crate::input` do; entries here are the text a user typed, `Employee Ref` → `id`).

use super::LoadError;
use super::paths::Paths;
use super::store::StoreError;
use crate::text::fold;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// At most this many header sets are remembered per kind of file (the oldest go first).
pub const MAX_SAVED: usize = 100;

/// Which import a mapping is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Roster,
    Actuals,
}

/// The mapping confirmed for one set of headers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedMapping {
    /// The file's headers, folded (case, blanks, `-` and `_` ignored) and sorted: the key.
    pub headers: Vec<String>,
    /// A header of the file → what it is read as (`id`, `actual:grr`, `ignore`).
    pub columns: BTreeMap<String, String>,
    /// A roster's level (as written) → the plan level it is taken as.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub levels: BTreeMap<String, String>,
    /// The plan year's first day (`2026-02-01`), which places dates in periods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_start: Option<String>,
}

/// Everything remembered. Unknown fields (from a newer build) are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportMemory {
    /// Roster mappings, most recently confirmed first.
    pub roster: Vec<SavedMapping>,
    /// Actuals mappings, most recently confirmed first.
    pub actuals: Vec<SavedMapping>,
}

/// The key of a header set: its non-blank headers folded, sorted, each once. Two files
/// whose columns are the same in another order share it.
pub fn key(headers: &[String]) -> Vec<String> {
    let mut k: Vec<String> = headers
        .iter()
        .map(|h| fold(h))
        .filter(|h| !h.is_empty())
        .collect();
    k.sort();
    k.dedup();
    k
}

impl ImportMemory {
    /// The file, in the settings folder.
    pub fn file(paths: &Paths) -> PathBuf {
        paths.config.join("import-mappings.ron")
    }

    /// Reads what is remembered; a missing file is nothing remembered.
    pub fn load(paths: &Paths) -> Result<ImportMemory, LoadError> {
        Ok(
            super::settings::read_config(&Self::file(paths), &ron::Options::default())?
                .unwrap_or_default(),
        )
    }

    /// [`ImportMemory::load`], or nothing remembered with a warning for the user when the
    /// file is unreadable (it is kept: the next save moves it to `import-mappings.ron.bak`).
    pub fn load_or_default(paths: &Paths) -> (ImportMemory, Option<String>) {
        match Self::load(paths) {
            Ok(m) => (m, None),
            Err(e) => (
                ImportMemory::default(),
                Some(format!("saved import mappings ignored: {}", e.short())),
            ),
        }
    }

    /// Writes the file atomically (the previous one kept as `import-mappings.ron.bak`).
    pub fn save(&self, paths: &Paths) -> Result<(), StoreError> {
        super::settings::write_config(
            paths,
            &Self::file(paths),
            self,
            "// cscomp-tui: column and level mappings confirmed on import, by the headers of the file. Safe to delete.",
        )
    }

    fn list(&self, kind: Kind) -> &Vec<SavedMapping> {
        match kind {
            Kind::Roster => &self.roster,
            Kind::Actuals => &self.actuals,
        }
    }

    fn list_mut(&mut self, kind: Kind) -> &mut Vec<SavedMapping> {
        match kind {
            Kind::Roster => &mut self.roster,
            Kind::Actuals => &mut self.actuals,
        }
    }

    /// The mapping saved for a file with these headers.
    pub fn find(&self, kind: Kind, headers: &[String]) -> Option<&SavedMapping> {
        let k = key(headers);
        self.list(kind).iter().find(|m| m.headers == k)
    }

    /// Remembers a confirmed mapping for its headers (`mapping.headers`, keyed by
    /// [`key`]), replacing one saved before, most recent first, at most [`MAX_SAVED`].
    pub fn remember(&mut self, kind: Kind, headers: &[String], mut mapping: SavedMapping) {
        let k = key(headers);
        mapping.headers = k.clone();
        let list = self.list_mut(kind);
        list.retain(|m| m.headers != k);
        list.insert(0, mapping);
        list.truncate(MAX_SAVED);
    }

    /// Forgets the mapping saved for these headers; true when there was one.
    pub fn forget(&mut self, kind: Kind, headers: &[String]) -> bool {
        let k = key(headers);
        let list = self.list_mut(kind);
        let before = list.len();
        list.retain(|m| m.headers != k);
        list.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::paths::Origin;

    #[test]
    fn a_mapping_is_found_by_its_headers_in_any_order_and_case() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path(), Origin::Flag);
        let mut m = ImportMemory::load(&paths).unwrap();
        assert_eq!(m, ImportMemory::default());
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        m.remember(
            Kind::Roster,
            &h(&["Emp Ref", "Name", "Level"]),
            SavedMapping {
                columns: [("Emp Ref".to_string(), "id".to_string())].into(),
                levels: [("Sr. CSM".to_string(), "Senior CSM".to_string())].into(),
                ..SavedMapping::default()
            },
        );
        m.save(&paths).unwrap();
        let back = ImportMemory::load(&paths).unwrap();
        assert_eq!(back, m);
        let found = back
            .find(Kind::Roster, &h(&["level", " NAME ", "emp-ref"]))
            .unwrap();
        assert_eq!(found.columns["Emp Ref"], "id");
        assert!(
            back.find(Kind::Actuals, &h(&["Emp Ref", "Name", "Level"]))
                .is_none()
        );
        let mut back = back;
        assert!(back.forget(Kind::Roster, &h(&["Level", "Name", "Emp Ref"])));
        assert!(back.roster.is_empty());
    }

    #[test]
    fn an_unreadable_file_is_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path(), Origin::Flag);
        std::fs::create_dir_all(&paths.config).unwrap();
        std::fs::write(ImportMemory::file(&paths), "(roster: [oops").unwrap();
        let (m, warning) = ImportMemory::load_or_default(&paths);
        assert_eq!(m, ImportMemory::default());
        assert!(
            warning
                .unwrap()
                .starts_with("saved import mappings ignored:")
        );
    }
}
