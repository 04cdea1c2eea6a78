//! Where the app keeps its files: saved scenarios, settings, recovery files, the trash and
//! the list cache. See docs/storage.md.
//!
//! Owns: choosing the folders. Must not: create them (that happens lazily, on the first
//! write) or read any file.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable that moves every folder under one root.
pub const HOME_ENV: &str = "CSCOMP_HOME";

/// What chose the folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `--data-dir DIR`.
    Flag,
    /// The `CSCOMP_HOME` environment variable.
    Env,
    /// The platform's usual folders (`directories::ProjectDirs`).
    Platform,
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::Flag => "--data-dir",
            Origin::Env => HOME_ENV,
            Origin::Platform => "the platform's default folders",
        }
    }
}

/// The folders in use. None of them needs to exist yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Saved scenarios: `*.ron`, one scenario each.
    pub scenarios: PathBuf,
    /// Settings (`settings.ron`).
    pub config: PathBuf,
    /// Autosaved working copies, for restoring after a crash.
    pub recovery: PathBuf,
    /// Deleted scenarios, discarded recoveries.
    pub trash: PathBuf,
    /// Cached list summaries; safe to delete at any time.
    pub cache: PathBuf,
    pub origin: Origin,
}

/// No folder could be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoHome;

impl fmt::Display for NoHome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot find your home folder to keep scenarios in; pass --data-dir DIR or set {HOME_ENV}"
        )
    }
}

impl std::error::Error for NoHome {}

impl Paths {
    /// Every folder under one root: `ROOT/scenarios`, `ROOT/config`, `ROOT/recovery`,
    /// `ROOT/trash`, `ROOT/cache`. A relative root is taken from the current folder.
    pub fn under(root: &Path, origin: Origin) -> Paths {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        Paths {
            scenarios: root.join("scenarios"),
            config: root.join("config"),
            recovery: root.join("recovery"),
            trash: root.join("trash"),
            cache: root.join("cache"),
            origin,
        }
    }

    /// The folders in use: `--data-dir` wins, then `CSCOMP_HOME`, then the platform's
    /// folders (on Linux `~/.local/share/cscomp-tui/…` and `~/.config/cscomp-tui`).
    pub fn resolve(data_dir: Option<&Path>) -> Result<Paths, NoHome> {
        Self::resolve_with(data_dir, std::env::var_os(HOME_ENV))
    }

    /// [`Paths::resolve`] with the environment variable's value passed in (for tests).
    pub fn resolve_with(data_dir: Option<&Path>, env: Option<OsString>) -> Result<Paths, NoHome> {
        if let Some(d) = data_dir.filter(|d| !d.as_os_str().is_empty()) {
            return Ok(Paths::under(d, Origin::Flag));
        }
        if let Some(e) = env.filter(|e| !e.is_empty()) {
            return Ok(Paths::under(Path::new(&e), Origin::Env));
        }
        let dirs = directories::ProjectDirs::from("", "", "cscomp-tui").ok_or(NoHome)?;
        Ok(Paths {
            scenarios: dirs.data_dir().join("scenarios"),
            config: dirs.config_dir().to_path_buf(),
            // `state_dir()` exists only on Linux; the local data folder exists everywhere
            // and is not synced between machines (recovery files are per machine).
            recovery: dirs.data_local_dir().join("recovery"),
            trash: dirs.data_dir().join("trash"),
            cache: dirs.cache_dir().to_path_buf(),
            origin: Origin::Platform,
        })
    }

    /// The settings file.
    pub fn settings_file(&self) -> PathBuf {
        self.config.join("settings.ron")
    }

    /// The folders as (label, path) pairs, in the order `cscomp-tui paths` prints them.
    pub fn folders(&self) -> [(&'static str, &Path); 5] {
        [
            ("scenarios", &self.scenarios),
            ("settings", &self.config),
            ("recovery", &self.recovery),
            ("trash", &self.trash),
            ("cache", &self.cache),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_env_beats_platform() {
        let p = Paths::resolve_with(Some(Path::new("/a")), Some("/b".into())).unwrap();
        assert_eq!(p.origin, Origin::Flag);
        assert_eq!(p.scenarios, PathBuf::from("/a/scenarios"));
        assert_eq!(p.config, PathBuf::from("/a/config"));
        assert_eq!(p.recovery, PathBuf::from("/a/recovery"));
        assert_eq!(p.trash, PathBuf::from("/a/trash"));
        assert_eq!(p.cache, PathBuf::from("/a/cache"));
        assert_eq!(p.settings_file(), PathBuf::from("/a/config/settings.ron"));
        let p = Paths::resolve_with(None, Some("/b".into())).unwrap();
        assert_eq!(p.origin, Origin::Env);
        assert_eq!(p.scenarios, PathBuf::from("/b/scenarios"));
        // An empty variable counts as unset.
        let p = Paths::resolve_with(None, Some("".into()));
        if let Ok(p) = p {
            assert_eq!(p.origin, Origin::Platform);
            assert!(p.scenarios.ends_with("cscomp-tui/scenarios"), "{p:?}");
        }
    }

    #[test]
    fn relative_root_is_made_absolute() {
        let p = Paths::under(Path::new("rel"), Origin::Flag);
        assert!(p.scenarios.is_absolute());
        assert!(p.scenarios.ends_with("rel/scenarios"));
    }
}
