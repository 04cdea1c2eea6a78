//! The scenario store: saved scenarios in a folder, and writing files so that nothing a
//! user saved is ever half-written, silently overwritten or lost. See docs/storage.md.
//!
//! Owns: atomic writes, backups, change detection, listing (with a cache), save as,
//! branch, rename, duplicate, delete-to-trash and resolving a name to a file. Must not:
//! touch the terminal or print.

use super::fsread::{MAX_READ_BYTES, read_if_exists, read_regular};
use super::names::{self, EXT, file_stem, free_path_among, taken_names};
use super::paths::{NoHome, Paths};
use super::{LoadError, io_reason, parse_bytes, to_ron};
use crate::engine::{self, Scenario};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

mod atomic;
mod helpers;
mod listing;
#[cfg(test)]
mod tests;
pub use atomic::*;
pub(crate) use helpers::move_to_trash_as;
pub use helpers::sort_by_name;
use helpers::*;
pub use listing::*;

// ---------------------------------------------------------------------------------------
// Content hashes and change detection

/// The SHA-256 of a file's bytes: what "the file changed" is measured by.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    pub fn hex(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::with_capacity(64);
        for b in self.0 {
            let _ = write!(s, "{b:02x}");
        }
        s
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", &self.hex()[..16])
    }
}

/// A scenario file as the app last read or wrote it: saving checks the file still holds
/// those bytes, so an edit made by hand or by another running copy is never overwritten
/// unnoticed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedFile {
    pub path: PathBuf,
    /// The hash of the bytes as loaded or last saved; `None` when the file did not exist.
    pub digest: Option<Digest>,
}

impl OpenedFile {
    /// A file that does not exist yet (saving it refuses if one has appeared meanwhile).
    pub fn new_file(path: impl Into<PathBuf>) -> OpenedFile {
        OpenedFile {
            path: path.into(),
            digest: None,
        }
    }

    /// Whether the file's bytes now differ from those loaded or saved (a vanished file
    /// counts as changed when it had been read).
    pub fn changed_on_disk(&self) -> Result<bool, StoreError> {
        Ok(current_digest(&self.path)? != self.digest)
    }
}

/// The digest of the file's current bytes, or `None` when there is no file.
fn current_digest(path: &Path) -> Result<Option<Digest>, StoreError> {
    match read_if_exists(path, MAX_READ_BYTES) {
        Ok(b) => Ok(b.map(|b| Digest::of(&b))),
        Err(e) => Err(StoreError::io("read", path, &e)),
    }
}

// ---------------------------------------------------------------------------------------
// Errors

/// Why a store operation failed. `Display` is a complete message for the user.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    /// The file's bytes changed since it was opened or last saved: reload, overwrite
    /// (`force`) or save under another name.
    #[error(
        "{} changed on disk since it was opened (edited by hand, or by another cscomp-tui); reload it, save under another name, or overwrite it",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
    /// The target exists and overwriting was not asked for.
    #[error("{} already exists; pass --force to overwrite it", path.display())]
    Exists { path: PathBuf },
    #[error("cannot {action} {}: {reason}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        reason: String,
    },
    /// The file is not a valid scenario.
    #[error("{0}")]
    Load(Box<LoadError>),
    /// A name with nothing visible in it.
    #[error("a scenario name cannot be blank")]
    BlankName,
    /// A new scenario (a branch) would take the name of one already saved.
    #[error(
        "a scenario named `{name}` already exists ({}); choose another name",
        path.display()
    )]
    NameTaken { name: String, path: PathBuf },
    #[error(
        "no file `{arg}` here, and no saved scenario named `{arg}` in {}{}",
        folder.display(),
        if known.is_empty() { String::from(" (it has none yet)") } else { format!(" (saved: {})", known.join(", ")) }
    )]
    NotFound {
        arg: String,
        folder: PathBuf,
        /// Names of saved scenarios, to help with a typo (at most 10).
        known: Vec<String>,
    },
    #[error(
        "`{arg}` matches {} saved scenarios; name the file instead: {}",
        candidates.len(),
        candidates.iter().map(|(p, n)| format!("{} ({n})", p.display())).collect::<Vec<_>>().join(", ")
    )]
    Ambiguous {
        arg: String,
        /// (file, scenario name) of each match.
        candidates: Vec<(PathBuf, String)>,
    },
    #[error("{0}")]
    NoHome(#[from] NoHome),
}

impl StoreError {
    fn io(action: &'static str, path: &Path, e: &std::io::Error) -> StoreError {
        StoreError::Io {
            action,
            path: path.to_path_buf(),
            reason: io_reason(e),
        }
    }
}

impl From<LoadError> for StoreError {
    fn from(e: LoadError) -> Self {
        StoreError::Load(Box::new(e))
    }
}

// ---------------------------------------------------------------------------------------
// The store

/// Whether a save wrote the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// New bytes were written (the previous version is in `NAME.ron.bak`).
    Written,
    /// The file already held exactly these bytes: nothing was written.
    Unchanged,
}

/// The saved scenarios and the operations on them. Cheap to create; keeps the list's
/// summaries cached in memory, and on disk in the cache folder.
pub struct Store {
    paths: Paths,
    cache: Mutex<Option<HashMap<u128, Status>>>,
}

impl Store {
    pub fn new(paths: Paths) -> Store {
        Store {
            paths,
            cache: Mutex::new(None),
        }
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// Removes stale temporary files of interrupted saves from the data folders and from
    /// `extra` (the folder of a file opened from elsewhere); returns how many.
    pub fn remove_stale_temps(&self, extra: Option<&Path>) -> usize {
        let p = &self.paths;
        let mut dirs = vec![
            p.scenarios.as_path(),
            p.config.as_path(),
            p.recovery.as_path(),
            p.trash.as_path(),
            p.cache.as_path(),
        ];
        let extra_dir = extra.map(parent_dir);
        if let Some(d) = &extra_dir
            && !dirs.contains(&d.as_path())
        {
            dirs.push(d);
        }
        remove_stale_temps(&dirs, SystemTime::now())
    }

    /// A sentence for the user about [`Store::remove_stale_temps`], or `None` for none.
    pub fn stale_temps_note(n: usize) -> Option<String> {
        match n {
            0 => None,
            1 => Some("removed 1 temporary file left behind by an interrupted save (your scenarios were not touched)".into()),
            n => Some(format!("removed {n} temporary files left behind by interrupted saves (your scenarios were not touched)")),
        }
    }

    /// Reads a scenario from any path, remembering its bytes' hash for [`Store::save`].
    pub fn open(&self, path: &Path) -> Result<(Scenario, OpenedFile), LoadError> {
        let origin = path.display().to_string();
        let bytes = read_regular(path, MAX_READ_BYTES).map_err(|e| LoadError::Io {
            origin: origin.clone(),
            reason: io_reason(&e),
        })?;
        let scn = parse_bytes(&bytes, &origin)?;
        Ok((
            scn,
            OpenedFile {
                path: path.to_path_buf(),
                digest: Some(Digest::of(&bytes)),
            },
        ))
    }

    /// [`Store::open`] for the app's editor: a file whose only errors the plan editor can
    /// fix ([`engine::validate::fixable_in_editor`], e.g. weights that do not add up) opens
    /// anyway, with those errors returned for the app to show. Every other error refuses.
    pub fn open_for_editing(
        &self,
        path: &Path,
    ) -> Result<(Scenario, OpenedFile, Vec<engine::Finding>), LoadError> {
        let origin = path.display().to_string();
        let bytes = read_regular(path, MAX_READ_BYTES).map_err(|e| LoadError::Io {
            origin: origin.clone(),
            reason: io_reason(&e),
        })?;
        let opened = OpenedFile {
            path: path.to_path_buf(),
            digest: Some(Digest::of(&bytes)),
        };
        match parse_bytes(&bytes, &origin) {
            Ok(scn) => Ok((scn, opened, Vec::new())),
            Err(LoadError::Invalid { origin, problems })
                if problems.iter().all(engine::validate::fixable_in_editor) =>
            {
                let text = String::from_utf8_lossy(&bytes);
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                match super::parse_unchecked(text, &origin) {
                    Ok(scn) => Ok((scn, opened, problems)),
                    Err(_) => Err(LoadError::Invalid { origin, problems }),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Saves `scn` back to the file it was opened from. Refuses with
    /// [`StoreError::ChangedOnDisk`] when the file's bytes are no longer those opened or
    /// last saved, unless `force`. Writes atomically and keeps the previous version as
    /// `NAME.ron.bak`; writes nothing when the file already holds exactly these bytes.
    pub fn save(
        &self,
        scn: &Scenario,
        opened: &mut OpenedFile,
        force: bool,
    ) -> Result<Saved, StoreError> {
        self.save_hooked(scn, opened, force, &mut |_| Ok(()))
    }

    /// [`Store::save`] with a failure hook (see [`write_atomic_hooked`]).
    pub fn save_hooked(
        &self,
        scn: &Scenario,
        opened: &mut OpenedFile,
        force: bool,
        hook: &mut dyn FnMut(Stage) -> std::io::Result<()>,
    ) -> Result<Saved, StoreError> {
        let bytes = to_ron(scn).into_bytes();
        let path = opened.path.clone();
        let current =
            read_if_exists(&path, MAX_READ_BYTES).map_err(|e| StoreError::io("read", &path, &e))?;
        let current_digest = current.as_deref().map(Digest::of);
        // A file that vanished is simply written again: nothing on disk is lost.
        if current_digest.is_some() && current_digest != opened.digest && !force {
            return Err(StoreError::ChangedOnDisk { path });
        }
        let new_digest = Digest::of(&bytes);
        if current_digest == Some(new_digest) {
            opened.digest = Some(new_digest);
            return Ok(Saved::Unchanged);
        }
        create_dir(&parent_dir(&path))?;
        write_atomic_hooked(
            &path,
            &bytes,
            WriteOptions {
                backup: current.is_some(),
                follow_link: true,
                ..WriteOptions::default()
            },
            hook,
        )
        .map_err(|e| StoreError::io("save", &path, &e))?;
        opened.digest = Some(new_digest);
        self.remember_written(&bytes, scn);
        Ok(Saved::Written)
    }

    /// Saves `scn` to a new file in the scenarios folder named after `scn.name`
    /// (sanitized; `-2`, `-3`, ... when taken). Never replaces a file.
    pub fn save_new(&self, scn: &Scenario) -> Result<OpenedFile, StoreError> {
        let dir = &self.paths.scenarios;
        create_dir(dir)?;
        let bytes = to_ron(scn).into_bytes();
        let stem = file_stem(&scn.name);
        let taken = taken_names(dir);
        let mut tried = HashSet::new();
        loop {
            let path = free_path_among(dir, &stem, &taken, &tried);
            let opts = WriteOptions {
                no_clobber: true,
                ..WriteOptions::default()
            };
            match write_atomic_with(&path, &bytes, opts) {
                Ok(()) => {
                    self.remember_written(&bytes, scn);
                    return Ok(OpenedFile {
                        path,
                        digest: Some(Digest::of(&bytes)),
                    });
                }
                // Another program took the name between the look and the write.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tried.len() < 1000 => {
                    tried.insert(path);
                }
                Err(e) => return Err(StoreError::io("save", &path, &e)),
            }
        }
    }

    /// Saves `scn` to `path` (any folder). An existing file is replaced only with `force`
    /// (its previous version kept as `NAME.ron.bak`).
    pub fn save_as(
        &self,
        scn: &Scenario,
        path: &Path,
        force: bool,
    ) -> Result<OpenedFile, StoreError> {
        let bytes = to_ron(scn).into_bytes();
        create_dir(&parent_dir(path))?;
        let opts = WriteOptions {
            backup: force,
            no_clobber: !force,
            follow_link: true,
            ..WriteOptions::default()
        };
        write_atomic_with(path, &bytes, opts).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                StoreError::io("save", path, &e)
            }
        })?;
        self.remember_written(&bytes, scn);
        Ok(OpenedFile {
            path: path.to_path_buf(),
            digest: Some(Digest::of(&bytes)),
        })
    }

    /// A variant of `scn`: the same plan, team and assumptions under `name`, recording the
    /// scenario it was branched from, saved to a new file in the scenarios folder.
    pub fn branch(&self, scn: &Scenario, name: &str) -> Result<(Scenario, OpenedFile), StoreError> {
        let mut variant = scn.clone();
        variant.name = names::clean_name(name).ok_or(StoreError::BlankName)?;
        // As `new` does: one saved scenario per name (spelt any way: case, Unicode form).
        let entries = self.list()?;
        if let Some(e) = matching(&entries, &variant.name).first() {
            return Err(StoreError::NameTaken {
                name: variant.name,
                path: e.path.clone(),
            });
        }
        variant.branched_from = Some(scn.name.clone());
        let opened = self.save_new(&variant)?;
        Ok((variant, opened))
    }

    /// Renames a saved scenario: its `name` and its file. Returns the file as it now is
    /// (the caller replaces its `OpenedFile` if this was the open one).
    pub fn rename(&self, path: &Path, name: &str) -> Result<OpenedFile, StoreError> {
        let name = names::clean_name(name).ok_or(StoreError::BlankName)?;
        let (mut scn, _) = self.open(path)?;
        scn.name = name;
        let dir = parent_dir(path);
        let stem = file_stem(&scn.name);
        let same_stem = path
            .file_stem()
            .is_some_and(|s| names::match_key(&s.to_string_lossy()) == names::match_key(&stem));
        if same_stem {
            // Only the name inside changes (or just its case): rewrite in place.
            let mut opened = OpenedFile {
                path: path.to_path_buf(),
                digest: current_digest(path)?,
            };
            self.save(&scn, &mut opened, false)?;
            return Ok(opened);
        }
        let mut taken = taken_names(&dir);
        // The file being renamed does not block its own new name.
        if let Some(own) = path.file_name() {
            taken.remove(&names::match_key(&own.to_string_lossy()));
        }
        let bytes = to_ron(&scn).into_bytes();
        let mut tried = HashSet::new();
        let target = loop {
            let target = free_path_among(&dir, &stem, &taken, &tried);
            let opts = WriteOptions {
                no_clobber: true,
                ..WriteOptions::default()
            };
            match write_atomic_with(&target, &bytes, opts) {
                Ok(()) => break target,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tried.len() < 1000 => {
                    tried.insert(target);
                }
                Err(e) => return Err(StoreError::io("save", &target, &e)),
            }
        };
        // The scenario now lives under the new name; the old file goes, its backup follows.
        std::fs::remove_file(path).map_err(|e| StoreError::io("remove", path, &e))?;
        let old_bak = backup_path(path);
        if old_bak.exists() {
            let _ = std::fs::rename(&old_bak, backup_path(&target));
        }
        sync_dir(&dir);
        self.remember_written(&bytes, &scn);
        Ok(OpenedFile {
            path: target,
            digest: Some(Digest::of(&bytes)),
        })
    }

    /// Copies a saved scenario to a new file, named `NAME (copy)` (or `(copy 2)`, ...).
    pub fn duplicate(&self, path: &Path) -> Result<OpenedFile, StoreError> {
        let (mut scn, _) = self.open(path)?;
        let names: HashSet<String> = self
            .list()?
            .iter()
            .filter_map(|e| e.summary().map(|s| names::match_key(&s.name)))
            .collect();
        let base = scn.name.clone();
        let mut n = 1;
        scn.name = loop {
            let candidate = if n == 1 {
                format!("{base} (copy)")
            } else {
                format!("{base} (copy {n})")
            };
            if !names.contains(&names::match_key(&candidate)) {
                break candidate;
            }
            n += 1;
        };
        self.save_new(&scn)
    }

    /// Moves a file (and its `.bak`) into the trash folder under a timestamped name
    /// (`STEM.20261103-140509.ron`); nothing is unlinked. Returns where it went.
    pub fn delete(&self, path: &Path) -> Result<PathBuf, StoreError> {
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S").to_string();
        move_to_trash(&self.paths.trash, path, &stamp)
    }

    /// The scenario file a command-line argument means: an existing file wins; an
    /// argument with a path separator is always a path; otherwise a saved scenario whose
    /// file name, file stem or `name` matches, ignoring case.
    pub fn resolve(&self, arg: &str) -> Result<PathBuf, StoreError> {
        let p = Path::new(arg);
        if p.is_file() || has_separator(arg) {
            return Ok(p.to_path_buf());
        }
        let entries = self.list()?;
        let matches = matching(&entries, arg);
        match matches.len() {
            1 => Ok(matches[0].path.clone()),
            0 if p.exists() => Ok(p.to_path_buf()),
            0 => Err(StoreError::NotFound {
                arg: arg.to_string(),
                folder: self.paths.scenarios.clone(),
                known: entries
                    .iter()
                    .take(10)
                    .map(|e| e.display_name().to_string())
                    .collect(),
            }),
            _ => Err(ambiguous(arg, &matches)),
        }
    }

    /// Where `cscomp-tui new ARG` writes: an argument with a path separator or a `.ron`
    /// extension is a path; otherwise the saved scenario of that name, or a new file in the
    /// scenarios folder named after it (never an existing file of another scenario).
    /// Returns the path and whether it is a scenario name (to be set as `name`).
    pub fn new_target(&self, arg: &str) -> Result<(PathBuf, bool), StoreError> {
        let is_path = has_separator(arg)
            || Path::new(arg)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(EXT));
        if is_path {
            return Ok((PathBuf::from(arg), false));
        }
        if names::clean_name(arg).is_none() {
            return Err(StoreError::BlankName);
        }
        let entries = self.list()?;
        let matches = matching(&entries, arg);
        match matches.len() {
            0 => Ok((
                names::free_path(&self.paths.scenarios, &file_stem(arg)),
                true,
            )),
            1 => Ok((matches[0].path.clone(), true)),
            _ => Err(ambiguous(arg, &matches)),
        }
    }

    /// Every `*.ron` file in the scenarios folder with its summary, sorted by name
    /// (ignoring case), then file name. A missing folder lists as empty. Broken files are
    /// listed as broken with the reason; nothing is ever written to them. Summaries are
    /// cached by content hash, in memory and in the cache folder, so a second listing only
    /// reads and hashes the files. (For a screen that must appear at once, use
    /// [`Store::scan`] and [`Store::summarize_pending`].)
    pub fn list(&self) -> Result<Vec<Entry>, StoreError> {
        let mut entries = self.scan()?;
        self.summarize_pending(&mut entries);
        sort_by_name(&mut entries);
        Ok(entries)
    }

    /// The files in the scenarios folder, sorted by file name, with the summaries the
    /// cache already has; the others are [`Status::Pending`]. Reads and hashes every file
    /// but parses none: fast enough to open a browser on a thousand files at once.
    pub fn scan(&self) -> Result<Vec<Entry>, StoreError> {
        let dir = &self.paths.scenarios;
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io("list", dir, &e)),
        };
        let mut entries = Vec::new();
        for de in rd.flatten() {
            let name = de.file_name();
            let file_name = name.to_string_lossy().into_owned();
            let is_ron = Path::new(&name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(EXT));
            if !is_ron || file_name.starts_with('.') {
                continue;
            }
            let path = de.path();
            // Follows symbolic links, so a linked scenario lists like any other. Anything
            // that is not a regular file (a FIFO, a device, a link to one) is listed as
            // broken with the reason and never opened.
            let meta = match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => continue,
                Ok(m) => Some(m),
                Err(_) => None,
            };
            if let Some(m) = &meta
                && !m.is_file()
            {
                entries.push(Entry {
                    path,
                    file_name,
                    size: 0,
                    modified: m.modified().ok(),
                    content_hash: None,
                    status: Status::Broken(Broken {
                        reason: format!(
                            "{}, not a regular file: never read",
                            capitalize(super::fsread::kind_of(m.file_type()))
                        ),
                        position: None,
                    }),
                });
                continue;
            }
            entries.push(Entry {
                path,
                file_name,
                size: meta.as_ref().map_or(0, |m| m.len()),
                modified: meta.as_ref().and_then(|m| m.modified().ok()),
                content_hash: None,
                status: Status::Pending,
            });
        }
        entries.sort_by(|a, b| a.file_name.cmp(&b.file_name));
        let guard = self.cached();
        let empty = HashMap::new();
        let cache = guard.as_ref().unwrap_or(&empty);
        for e in &mut entries {
            if !e.is_pending() {
                continue;
            }
            if e.size > MAX_FILE_BYTES {
                e.status = too_large(e.size);
                continue;
            }
            match read_regular(&e.path, MAX_FILE_BYTES) {
                Ok(bytes) => {
                    let h = content_hash(&bytes);
                    e.size = bytes.len() as u64;
                    e.content_hash = Some(h);
                    if let Some(s) = cache.get(&h) {
                        e.status = s.clone();
                    }
                }
                Err(err) => e.status = unreadable(&err),
            }
        }
        Ok(entries)
    }

    /// Summarizes every [`Status::Pending`] entry (on all cores) and caches the results.
    /// Pass a slice (the rows on screen) to summarize only those.
    pub fn summarize_pending(&self, entries: &mut [Entry]) {
        let todo: Vec<usize> = (0..entries.len())
            .filter(|&i| entries[i].is_pending())
            .collect();
        if todo.is_empty() {
            return;
        }
        let paths: Vec<&Path> = todo.iter().map(|&i| entries[i].path.as_path()).collect();
        let results = parallel_map(&paths, |p| match read_regular(p, MAX_FILE_BYTES) {
            Ok(bytes) => (
                Some(content_hash(&bytes)),
                summarize(&bytes, &p.display().to_string()),
            ),
            Err(e) => (None, unreadable(&e)),
        });
        let mut new = Vec::new();
        for (&i, (h, status)) in todo.iter().zip(results) {
            if let Some(h) = h {
                entries[i].content_hash = Some(h);
                new.push((h, status.clone()));
            }
            entries[i].status = status;
        }
        self.remember(new);
    }

    /// The cached summaries (loaded from the cache file on first use).
    fn cached(&self) -> std::sync::MutexGuard<'_, Option<HashMap<u128, Status>>> {
        let mut guard = match self.cache.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if guard.is_none() {
            *guard = Some(read_cache_file(&self.paths));
        }
        guard
    }

    /// Adds summaries to the cache, and writes the cache file when any was new.
    fn remember(&self, new: Vec<(u128, Status)>) {
        let mut guard = self.cached();
        let Some(cache) = guard.as_mut() else { return };
        let before = cache.len();
        for (h, s) in new {
            cache.insert(h, s);
        }
        if cache.len() != before {
            write_cache_file(&self.paths, cache);
        }
    }

    /// Caches the summary of bytes the app just wrote, so a listing never parses them.
    fn remember_written(&self, bytes: &[u8], scn: &Scenario) {
        let status = if engine::validate(scn).is_empty() {
            summary_of(scn.clone())
        } else {
            // A scenario that does not validate: let the list explain why, from the file.
            return;
        };
        self.remember(vec![(content_hash(bytes), status)]);
    }

    /// Forgets the cached summaries, in memory and on disk (for benchmarks and tests).
    pub fn clear_cache(&self) {
        if let Ok(mut g) = self.cache.lock() {
            *g = None;
        }
        let _ = std::fs::remove_file(self.paths.cache.join(LIST_CACHE_FILE));
    }
}
