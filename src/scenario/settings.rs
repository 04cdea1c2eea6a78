//! App settings: the last opened scenario and the recent ones, in a small RON file in the
//! config folder. See docs/storage.md.
//!
//! Owns: reading and writing `settings.ron`. Must not: hold anything a user would miss if
//! the file were deleted (it is a convenience, rebuilt as the app is used).

use super::paths::Paths;
use super::store::{StoreError, write_atomic};
use super::{LoadError, io_reason};
use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many recent scenarios are remembered.
pub const MAX_RECENT: usize = 10;

/// The settings. Unknown fields (from a newer build) are ignored, so a newer settings
/// file never stops the app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The scenario open when the app last closed.
    pub last_opened: Option<PathBuf>,
    /// Recently opened or saved scenarios, most recent first, at most [`MAX_RECENT`].
    pub recent: Vec<PathBuf>,
}

impl Settings {
    /// Reads the settings; a missing file gives the defaults. Files that no longer exist
    /// are dropped from `recent` and `last_opened`.
    pub fn load(paths: &Paths) -> Result<Settings, LoadError> {
        let path = paths.settings_file();
        let opts = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
        let Some(mut s) = read_config::<Settings>(&path, &opts)? else {
            return Ok(Settings::default());
        };
        s.prune();
        Ok(s)
    }

    /// [`Settings::load`], falling back to the defaults with a warning for the user when
    /// the file is unreadable (it is kept: the next save moves it to `settings.ron.bak`).
    pub fn load_or_default(paths: &Paths) -> (Settings, Option<String>) {
        match Settings::load(paths) {
            Ok(s) => (s, None),
            Err(e) => (
                Settings::default(),
                Some(format!("settings ignored: {}", e.short())),
            ),
        }
    }

    /// Writes the settings atomically (the previous file kept as `settings.ron.bak`).
    pub fn save(&self, paths: &Paths) -> Result<(), StoreError> {
        write_config(
            paths,
            &paths.settings_file(),
            self,
            "// cscomp-tui settings. Safe to delete.",
        )
    }

    /// Records that `path` was opened or saved: it becomes the last opened and moves to
    /// the front of the recent list.
    pub fn note_opened(&mut self, path: &Path) {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != abs);
        self.recent.insert(0, abs.clone());
        self.recent.truncate(MAX_RECENT);
        self.last_opened = Some(abs);
    }

    /// Forgets `path` (after it was deleted or renamed).
    pub fn forget(&mut self, path: &Path) {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != abs);
        if self.last_opened.as_ref() == Some(&abs) {
            self.last_opened = None;
        }
    }

    /// Drops files that are gone and duplicates, and keeps at most [`MAX_RECENT`].
    fn prune(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.recent
            .retain(|p| p.is_file() && seen.insert(p.clone()));
        self.recent.truncate(MAX_RECENT);
        if self.last_opened.as_ref().is_some_and(|p| !p.is_file()) {
            self.last_opened = None;
        }
    }
}

/// A small RON file of the settings folder, read; `None` when there is none.
pub(super) fn read_config<T: serde::de::DeserializeOwned>(
    path: &Path,
    opts: &ron::Options,
) -> Result<Option<T>, LoadError> {
    let origin = path.display().to_string();
    let text = match super::fsread::read_regular(path, super::fsread::MAX_READ_BYTES) {
        Ok(b) => String::from_utf8(b).map_err(|_| LoadError::Io {
            origin: origin.clone(),
            reason: "it is not UTF-8 text".into(),
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(LoadError::Io {
                origin,
                reason: io_reason(&e),
            });
        }
    };
    opts.from_str(&text)
        .map(Some)
        .map_err(|e| LoadError::Syntax {
            origin,
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
            snippet: String::new(),
        })
}

/// Writes a small RON file of the settings folder atomically under a `header` comment (the
/// previous file kept as `.bak`), creating the folder.
pub(super) fn write_config<T: Serialize>(
    paths: &Paths,
    path: &Path,
    value: &T,
    header: &str,
) -> Result<(), StoreError> {
    std::fs::create_dir_all(&paths.config).map_err(|e| StoreError::Io {
        action: "create the folder",
        path: paths.config.clone(),
        reason: io_reason(&e),
    })?;
    let config = PrettyConfig::new().indentor("    ").struct_names(false);
    let body = ron::ser::to_string_pretty(value, config).map_err(|e| StoreError::Io {
        action: "write",
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let text = format!("{header}\n{body}\n");
    write_atomic(path, text.as_bytes(), true).map_err(|e| StoreError::Io {
        action: "write",
        path: path.to_path_buf(),
        reason: io_reason(&e),
    })
}
