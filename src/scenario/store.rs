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

// ---------------------------------------------------------------------------------------
// Atomic writes

/// How [`write_atomic_with`] treats the target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Keep the previous version beside the target as `NAME.bak` (itself written
    /// atomically).
    pub backup: bool,
    /// Fail with `AlreadyExists` rather than replace an existing target.
    pub no_clobber: bool,
    /// When the target is a symbolic link, write the file it points to (a scenario kept
    /// elsewhere and linked into place), with its backup beside that file. Without it the
    /// link itself is replaced by the new file: an export never writes through a link.
    pub follow_link: bool,
    /// A new file is readable by its owner only (recovery copies); otherwise a new file
    /// gets the usual permissions (read-write for the owner, as the umask allows for
    /// others). A file that exists keeps its own permissions either way.
    pub private: bool,
}

/// The points of an atomic write where a failure can be simulated in tests. A failure at
/// any of them leaves the target and its backup exactly as they were.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The temporary file has the new bytes but is not yet synced.
    TempWritten,
    /// The temporary file is synced, the backup not yet written.
    TempSynced,
    /// The new backup is written to a temporary file of its own; the renames come next.
    BeforeRename,
    /// The target has the new bytes; the backup's rename comes next (a failure here puts
    /// the previous bytes back in the target).
    BeforeBackupRename,
}

/// Every stage, in order (for tests that fail each in turn).
pub const STAGES: [Stage; 4] = [
    Stage::TempWritten,
    Stage::TempSynced,
    Stage::BeforeRename,
    Stage::BeforeBackupRename,
];

/// Writes `contents` to `path` atomically: a temporary file in the same folder is written,
/// flushed and synced, then renamed over the target, and the folder is synced. A reader
/// sees the old file or the new one, never a mix. When `backup` is set and the target
/// exists, the previous version is kept beside it as `NAME.bak`.
///
/// With `backup` the file is a document the user keeps (a scenario): a symbolic link is
/// followed to the file it points to. Without it (an export) a link is replaced, never
/// written through. Either way a read-only target is refused and an existing file keeps its
/// permissions.
pub fn write_atomic(path: &Path, contents: &[u8], backup: bool) -> std::io::Result<()> {
    write_atomic_with(
        path,
        contents,
        WriteOptions {
            backup,
            follow_link: backup,
            ..WriteOptions::default()
        },
    )
}

/// The most links followed in a row (as the system's own limit, `ELOOP`).
const MAX_LINKS: usize = 40;

/// Where a write to `path` lands when links are followed: the file at the end of the chain
/// of symbolic links (which need not exist yet), or `path` itself.
pub fn link_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&at)?;
                at = if to.is_absolute() {
                    to
                } else {
                    parent_dir(&at).join(to)
                };
            }
            _ => return Ok(at),
        }
    }
    Err(std::io::Error::other(format!(
        "`{}` is a chain of more than {MAX_LINKS} links",
        path.display()
    )))
}

/// The error for a target whose permissions allow no writing.
fn read_only(path: &Path) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        format!(
            "`{}` is read-only (its permissions allow no writing); make it writable, or save under another name",
            path.display()
        ),
    )
}

/// [`write_atomic`] with options.
pub fn write_atomic_with(path: &Path, contents: &[u8], opts: WriteOptions) -> std::io::Result<()> {
    write_atomic_hooked(path, contents, opts, &mut |_| Ok(()))
}

/// An empty temporary file in `dir` with the permissions the file it becomes should have:
/// `keep` (those of the file it replaces), else readable by the owner only when `private`,
/// else as any program creates a file (0666 less the umask).
fn new_temp(
    dir: &Path,
    private: bool,
    keep: Option<&std::fs::Permissions>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    if !private {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir)?;
    if let Some(perms) = keep {
        tmp.as_file().set_permissions(perms.clone())?;
    }
    Ok(tmp)
}

/// A synced temporary file in `dir` holding `contents` (permissions as [`new_temp`]).
fn synced_temp(
    dir: &Path,
    contents: &[u8],
    private: bool,
    keep: Option<&std::fs::Permissions>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut tmp = new_temp(dir, private, keep)?;
    tmp.write_all(contents)?;
    tmp.flush()?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// [`write_atomic_with`], calling `hook` at each [`Stage`]; an error from the hook aborts
/// the write there, as a failing disk would. Whatever fails, the target and its backup are
/// left exactly as they were and no temporary file is left behind.
///
/// With a backup the order is: new bytes and the new backup each into a synced temporary
/// file; rename the new bytes over the target; rename the backup over `NAME.bak`. If the
/// target cannot be replaced (read-only, immutable, a full disk) the old backup is never
/// touched; if the backup cannot be replaced after the target was, the previous bytes are
/// put back in the target before the error is returned.
pub fn write_atomic_hooked(
    path: &Path,
    contents: &[u8],
    opts: WriteOptions,
    hook: &mut dyn FnMut(Stage) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let resolved;
    let path = if opts.follow_link {
        resolved = link_target(path)?;
        resolved.as_path()
    } else {
        path
    };
    // What is there now (never through a link): its permissions are kept, and a read-only
    // file is not replaced.
    let existing = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => Some(m.permissions()),
        _ => None,
    };
    if existing.as_ref().is_some_and(|p| p.readonly()) && !opts.no_clobber {
        return Err(read_only(path));
    }
    let dir = parent_dir(path);
    let mut tmp = new_temp(&dir, opts.private, existing.as_ref())?;
    tmp.write_all(contents)?;
    tmp.flush()?;
    hook(Stage::TempWritten)?;
    tmp.as_file().sync_all()?;
    hook(Stage::TempSynced)?;
    let previous = if opts.backup {
        match read_if_exists(path, MAX_READ_BYTES)? {
            Some(old) => {
                // The backup and the file it keeps have the same permissions.
                let bak = synced_temp(
                    &parent_dir(&backup_path(path)),
                    &old,
                    opts.private,
                    existing.as_ref(),
                )?;
                Some((old, bak))
            }
            None => None,
        }
    } else {
        None
    };
    hook(Stage::BeforeRename)?;
    if opts.no_clobber {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    } else {
        tmp.persist(path).map_err(|e| e.error)?;
    }
    if let Some((old, bak)) = previous {
        let renamed = hook(Stage::BeforeBackupRename).and_then(|()| {
            bak.persist(backup_path(path))
                .map(|_| ())
                .map_err(|e| e.error)
        });
        if let Err(e) = renamed {
            // The target already has the new bytes but the backup could not be kept: put
            // the previous version back, so nothing is lost and nothing half-done remains.
            let put_back = synced_temp(&dir, &old, opts.private, existing.as_ref());
            return match put_back.and_then(|t| t.persist(path).map_err(|e| e.error)) {
                Ok(_) => {
                    sync_dir(&dir);
                    Err(e)
                }
                Err(undo) => Err(std::io::Error::new(
                    e.kind(),
                    format!(
                        "{e}; the new version was written but its backup could not be kept, and putting the previous version back failed too ({undo})"
                    ),
                )),
            };
        }
    }
    sync_dir(&dir);
    Ok(())
}

/// Temporary files of atomic writes are named `.cscomp-XXXXXX.tmp`.
pub const TEMP_PREFIX: &str = ".cscomp-";
/// See [`TEMP_PREFIX`].
pub const TEMP_SUFFIX: &str = ".tmp";

/// How old a temporary file must be before start-up removes it as stale: a save takes
/// milliseconds, so anything older was left by a save that was killed.
pub const STALE_TEMP_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes this tool's temporary files older than [`STALE_TEMP_AFTER`] from `dirs` (left by
/// a save that was killed midway; the file being saved was never touched by them). Returns
/// how many were removed. Only regular files named `.cscomp-*.tmp` are touched.
pub fn remove_stale_temps(dirs: &[&Path], now: SystemTime) -> usize {
    let mut removed = 0;
    for dir in dirs {
        let Ok(rd) = std::fs::read_dir(dir) else {
            continue;
        };
        for de in rd.flatten() {
            let name = de.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
                continue;
            }
            let Ok(meta) = de.metadata() else { continue };
            let old = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age >= STALE_TEMP_AFTER);
            if meta.is_file() && old && std::fs::remove_file(de.path()).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

/// Where the previous version of `path` is kept: `NAME.bak` beside it.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut bak = path.as_os_str().to_owned();
    bak.push(".bak");
    PathBuf::from(bak)
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    // Best effort: some file systems refuse to sync a folder; the rename already happened.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

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
// Listing

/// What the list shows for a readable scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub name: String,
    pub team_size: usize,
    /// Team cash cost (base + variable + SPIFs) at the scenario's own assumptions.
    #[serde(with = "crate::num::serde_dec")]
    pub cash: Decimal,
    /// Cash × (1 + burden rate).
    #[serde(with = "crate::num::serde_dec")]
    pub loaded_cost: Decimal,
    pub branched_from: Option<String>,
}

/// Why a file in the folder is not a usable scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Broken {
    /// One line, e.g. `line 3, column 5: Unexpected end of RON`.
    pub reason: String,
    pub position: Option<(usize, usize)>,
}

impl Broken {
    fn from_load(e: &LoadError) -> Broken {
        Broken {
            reason: e.short(),
            position: e.position(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Status {
    Ok(Summary),
    Broken(Broken),
    /// Not summarized yet ([`Store::scan`] leaves new files so; see
    /// [`Store::summarize_pending`]).
    Pending,
}

/// One `*.ron` file in the scenarios folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: PathBuf,
    /// The file name (lossy if it is not valid Unicode).
    pub file_name: String,
    pub size: u64,
    pub modified: Option<SystemTime>,
    /// A fast hash of the bytes listed (xxh3-128; `None` when the file could not be
    /// read): the cache key of the summary.
    pub content_hash: Option<u128>,
    pub status: Status,
}

impl Entry {
    /// The file name without `.ron`.
    pub fn stem(&self) -> &str {
        self.file_name
            .strip_suffix(".ron")
            .or_else(|| self.file_name.strip_suffix(".RON"))
            .unwrap_or(&self.file_name)
    }

    /// The scenario's name, or the file's stem for a broken or pending file.
    pub fn display_name(&self) -> &str {
        match &self.status {
            Status::Ok(s) => &s.name,
            Status::Broken(_) | Status::Pending => self.stem(),
        }
    }

    pub fn summary(&self) -> Option<&Summary> {
        match &self.status {
            Status::Ok(s) => Some(s),
            _ => None,
        }
    }

    pub fn broken(&self) -> Option<&Broken> {
        match &self.status {
            Status::Broken(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_pending(&self) -> bool {
        matches!(self.status, Status::Pending)
    }
}

/// Files larger than this are listed as broken without being read whole.
pub const MAX_FILE_BYTES: u64 = MAX_READ_BYTES;

/// The list cache file's name, in `Paths::cache`.
pub const LIST_CACHE_FILE: &str = "list-cache.json";

/// The cache file's contents: summaries by content hash (xxh3-128, hex), for one build of
/// the app (a different build may compute differently, so its cache is ignored). A
/// summary depends only on the bytes, so the content hash is the whole key: a file edited
/// without changing its size or modification time is still summarized anew.
#[derive(Serialize, Deserialize, Default)]
struct CacheFile {
    build: String,
    entries: HashMap<String, Status>,
}

fn build_id() -> String {
    format!("cscomp-tui {}", env!("CARGO_PKG_VERSION"))
}

/// The list cache's key for a file's bytes.
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The summary of a file's bytes: parsed, validated and computed, or why not.
pub fn summarize(bytes: &[u8], origin: &str) -> Status {
    let scn = match parse_bytes(bytes, origin) {
        Ok(s) => s,
        Err(e) => return Status::Broken(Broken::from_load(&e)),
    };
    summary_of(scn)
}

/// The summary of a scenario that passed validation (as every loaded one has).
fn summary_of(scn: Scenario) -> Status {
    let team = engine::evaluate(&scn).team;
    Status::Ok(Summary {
        name: scn.name,
        team_size: scn.team.len(),
        cash: team.cash,
        loaded_cost: team.loaded_cost,
        branched_from: scn.branched_from,
    })
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

/// `f` over `items` on up to all available cores, results in order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if items.len() < 8 || workers < 2 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(workers);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                // The loader returns errors rather than panic; if a worker ever did panic,
                // surface it rather than list wrong figures.
                Err(p) => std::panic::resume_unwind(p),
            })
            .collect()
    })
}

/// "A named pipe" from "a named pipe".
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn too_large(size: u64) -> Status {
    Status::Broken(Broken {
        reason: format!(
            "too large to be a scenario file ({} MiB)",
            size / (1024 * 1024)
        ),
        position: None,
    })
}

fn unreadable(e: &std::io::Error) -> Status {
    Status::Broken(Broken {
        reason: io_reason(e),
        position: None,
    })
}

/// Sorts by name ignoring case, then by file name.
/// The error for a name that matches more than one saved scenario.
fn ambiguous(arg: &str, matches: &[&Entry]) -> StoreError {
    StoreError::Ambiguous {
        arg: arg.to_string(),
        candidates: matches
            .iter()
            .map(|e| (e.path.clone(), e.display_name().to_string()))
            .collect(),
    }
}

pub fn sort_by_name(entries: &mut [Entry]) {
    entries.sort_by_cached_key(|e| (e.display_name().to_lowercase(), e.file_name.clone()));
}

fn read_cache_file(paths: &Paths) -> HashMap<u128, Status> {
    let Ok(text) = read_regular(&paths.cache.join(LIST_CACHE_FILE), MAX_READ_BYTES) else {
        return HashMap::new();
    };
    match serde_json::from_slice::<CacheFile>(&text) {
        Ok(c) if c.build == build_id() => c
            .entries
            .into_iter()
            .filter_map(|(k, v)| u128::from_str_radix(&k, 16).ok().map(|h| (h, v)))
            .collect(),
        _ => HashMap::new(),
    }
}

fn write_cache_file(paths: &Paths, cache: &HashMap<u128, Status>) {
    let file = CacheFile {
        build: build_id(),
        entries: cache
            .iter()
            .filter(|(_, s)| !matches!(s, Status::Pending))
            .map(|(h, s)| (format!("{h:032x}"), s.clone()))
            .collect(),
    };
    // Best effort: the cache only saves time; a failure to write it changes nothing else.
    if let Ok(bytes) = serde_json::to_vec(&file)
        && std::fs::create_dir_all(&paths.cache).is_ok()
    {
        let _ = write_atomic(&paths.cache.join(LIST_CACHE_FILE), &bytes, false);
    }
}

fn matching<'a>(entries: &'a [Entry], arg: &str) -> Vec<&'a Entry> {
    let key = names::match_key(arg.trim());
    entries
        .iter()
        .filter(|e| {
            names::match_key(&e.file_name) == key
                || names::match_key(e.stem()) == key
                || e.summary()
                    .is_some_and(|s| names::match_key(&s.name) == key)
        })
        .collect()
}

fn has_separator(arg: &str) -> bool {
    arg.contains('/') || (cfg!(windows) && arg.contains('\\'))
}

fn create_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io("create the folder", dir, &e))
}

/// Moves `path` into `trash` as `STEM.STAMP.EXT` (then `STEM.STAMP-2.EXT`, ...), with its
/// `.bak` beside it when there is one. Falls back to copy-then-remove across file systems.
pub(crate) fn move_to_trash(trash: &Path, path: &Path, stamp: &str) -> Result<PathBuf, StoreError> {
    let stem = path
        .file_stem()
        .map_or_else(|| "file".into(), |s| s.to_string_lossy().into_owned());
    move_to_trash_as(trash, path, &stem, stamp)
}

/// [`move_to_trash`] under another stem.
pub(crate) fn move_to_trash_as(
    trash: &Path,
    path: &Path,
    stem: &str,
    stamp: &str,
) -> Result<PathBuf, StoreError> {
    if !path.exists() {
        return Err(StoreError::Io {
            action: "delete",
            path: path.to_path_buf(),
            reason: "no such file".into(),
        });
    }
    create_dir(trash)?;
    let ext = path
        .extension()
        .map_or_else(String::new, |e| format!(".{}", e.to_string_lossy()));
    let mut n = 1;
    let target = loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let t = trash.join(format!("{stem}.{stamp}{suffix}{ext}"));
        if !t.exists() && !backup_path(&t).exists() {
            break t;
        }
        n += 1;
    };
    move_file(path, &target)?;
    let bak = backup_path(path);
    if bak.is_file() {
        move_file(&bak, &backup_path(&target))?;
    }
    sync_dir(&parent_dir(path));
    sync_dir(trash);
    Ok(target)
}

fn move_file(from: &Path, to: &Path) -> Result<(), StoreError> {
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    // Another file system: copy (atomically), then remove the original.
    let bytes = read_regular(from, MAX_READ_BYTES).map_err(|e| StoreError::io("read", from, &e))?;
    write_atomic_with(
        to,
        &bytes,
        WriteOptions {
            no_clobber: true,
            ..WriteOptions::default()
        },
    )
    .map_err(|e| StoreError::io("move to the trash", to, &e))?;
    std::fs::remove_file(from).map_err(|e| StoreError::io("remove", from, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail_at(stage: Stage) -> impl FnMut(Stage) -> std::io::Result<()> {
        move |s| {
            if s == stage {
                Err(std::io::Error::other("simulated disk failure"))
            } else {
                Ok(())
            }
        }
    }

    fn dir_names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failure_at_any_stage_leaves_the_old_file_and_no_litter() {
        for stage in [Stage::TempWritten, Stage::TempSynced, Stage::BeforeRename] {
            let dir = tempfile::tempdir().unwrap();
            let f = dir.path().join("x.ron");
            std::fs::write(&f, b"old").unwrap();
            let opts = WriteOptions::default();
            let err = write_atomic_hooked(&f, b"new", opts, &mut fail_at(stage)).unwrap_err();
            assert_eq!(err.to_string(), "simulated disk failure");
            assert_eq!(std::fs::read(&f).unwrap(), b"old", "{stage:?}");
            assert_eq!(dir_names(dir.path()), vec!["x.ron"], "{stage:?}");
        }
    }

    #[test]
    fn backup_keeps_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.ron");
        write_atomic(&f, b"one", true).unwrap();
        assert_eq!(dir_names(dir.path()), vec!["x.ron"]);
        write_atomic(&f, b"two", true).unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        assert_eq!(std::fs::read(dir.path().join("x.ron.bak")).unwrap(), b"one");
        assert_eq!(dir_names(dir.path()), vec!["x.ron", "x.ron.bak"]);
    }

    #[test]
    fn no_clobber_refuses_an_existing_target() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.ron");
        std::fs::write(&f, b"old").unwrap();
        let opts = WriteOptions {
            no_clobber: true,
            ..WriteOptions::default()
        };
        let err = write_atomic_with(&f, b"new", opts).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&f).unwrap(), b"old");
        assert_eq!(dir_names(dir.path()), vec!["x.ron"]);
    }

    #[test]
    fn digest_hex() {
        let d = Digest::of(b"abc");
        assert_eq!(
            d.hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
