//! The store's small helpers: parallel summaries, messages, the listing cache file,
//! matching a name typed, folders and the trash.

use super::*;

/// `f` over `items` on up to all available cores, results in order.
pub(super) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
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
pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn too_large(size: u64) -> Status {
    Status::Broken(Broken {
        reason: format!(
            "too large to be a scenario file ({} MiB)",
            size / (1024 * 1024)
        ),
        position: None,
    })
}

pub(super) fn unreadable(e: &std::io::Error) -> Status {
    Status::Broken(Broken {
        reason: io_reason(e),
        position: None,
    })
}

/// Sorts by name ignoring case, then by file name.
/// The error for a name that matches more than one saved scenario.
pub(super) fn ambiguous(arg: &str, matches: &[&Entry]) -> StoreError {
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

pub(super) fn read_cache_file(paths: &Paths) -> HashMap<u128, Status> {
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

pub(super) fn write_cache_file(paths: &Paths, cache: &HashMap<u128, Status>) {
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

pub(super) fn matching<'a>(entries: &'a [Entry], arg: &str) -> Vec<&'a Entry> {
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

pub(super) fn has_separator(arg: &str) -> bool {
    arg.contains('/') || (cfg!(windows) && arg.contains('\\'))
}

pub(super) fn create_dir(dir: &Path) -> Result<(), StoreError> {
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

pub(super) fn move_file(from: &Path, to: &Path) -> Result<(), StoreError> {
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
