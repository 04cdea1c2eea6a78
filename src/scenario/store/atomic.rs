//! Writing a file so that nothing a user saved is ever half-written or lost: a synced
//! temporary file renamed over the target, the previous version kept as `.bak`, links
//! followed or replaced as asked, permissions kept.

use super::*;

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
pub(super) const MAX_LINKS: usize = 40;

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
pub(super) fn read_only(path: &Path) -> std::io::Error {
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
pub(super) fn new_temp(
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
pub(super) fn synced_temp(
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

pub(super) fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(unix)]
pub(super) fn sync_dir(dir: &Path) {
    // Best effort: some file systems refuse to sync a folder; the rename already happened.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
pub(super) fn sync_dir(_dir: &Path) {}
