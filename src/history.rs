//! Plan history: every save of a scenario file records a dated entry of what changed — in
//! the words `compare` uses for plan differences, the team's changes as counts — and a copy
//! of what was saved, in a folder beside the file (`.team.ron.history/` beside `team.ron`).
//! Any saved version can be listed, compared with another (`team.ron@3`) and restored as a
//! new variant (docs/storage.md, "Plan history").
//!
//! Owns: the history folder (an index and one copy per save) and the entries' words. Must
//! not: fail a save — a history that cannot be written is reported, and the saved file
//! stands.

use crate::engine::Scenario;
use crate::scenario::fsread::{MAX_READ_BYTES, read_if_exists};
use crate::scenario::store::{link_target, write_atomic};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How many saved copies are kept (older entries keep their words, not their copy).
pub const KEEP_COPIES: usize = 100;

/// One save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Its number, from 1, in the order of saving.
    pub n: u32,
    /// When it was saved (RFC 3339, UTC).
    pub saved: String,
    /// What changed against the save before, in words (the first: what the file held).
    pub changes: Vec<String>,
    /// The copy of what was saved (a file in the history folder), while it is kept.
    #[serde(default)]
    pub copy: Option<String>,
    /// The saved bytes' hash: a save of the same bytes is not a new entry.
    pub digest: String,
}

impl Entry {
    /// When it was saved, in local time.
    pub fn when(&self) -> String {
        crate::scenario::recovery::local_time(&self.saved)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Index {
    version: u32,
    entries: Vec<Entry>,
}

/// The history folder of a scenario file (beside the file a link points to).
pub fn folder_of(path: &Path) -> PathBuf {
    let real = link_target(path).unwrap_or_else(|_| path.to_path_buf());
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".to_string());
    real.with_file_name(format!(".{name}.history"))
}

fn index_path(folder: &Path) -> PathBuf {
    folder.join("index.ron")
}

/// The entries of a file's history, oldest first (none when it has no history).
pub fn entries(path: &Path) -> Result<Vec<Entry>, String> {
    let folder = folder_of(path);
    let file = index_path(&folder);
    let bytes = read_if_exists(&file, MAX_READ_BYTES)
        .map_err(|e| format!("cannot read the history {}: {e}", file.display()))?;
    let Some(bytes) = bytes else {
        return Ok(Vec::new());
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("the history {} is not UTF-8 text", file.display()))?;
    let index: Index = ron::from_str(&text)
        .map_err(|e| format!("the history {} cannot be read: {e}", file.display()))?;
    Ok(index.entries)
}

/// The scenario as saved in entry `n` of a file's history.
pub fn saved(path: &Path, n: u32) -> Result<Scenario, String> {
    let all = entries(path)?;
    let Some(entry) = all.iter().find(|e| e.n == n) else {
        return Err(match all.last() {
            Some(last) => format!(
                "{} has no save #{n} in its history (it has #{}–#{})",
                path.display(),
                all[0].n,
                last.n
            ),
            None => format!(
                "{} has no history yet (it starts with the next save)",
                path.display()
            ),
        });
    };
    let Some(copy) = &entry.copy else {
        return Err(format!(
            "save #{n} of {} is listed, but only the last {KEEP_COPIES} saves keep a copy",
            path.display()
        ));
    };
    let file = folder_of(path).join(copy);
    let bytes = read_if_exists(&file, MAX_READ_BYTES)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?
        .ok_or_else(|| format!("the copy of save #{n} ({}) is missing", file.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("the copy of save #{n} ({}) is not UTF-8", file.display()))?;
    crate::scenario::parse(&text, &file.display().to_string()).map_err(|e| e.to_string())
}

/// What changed from `before` to `after`, as a history entry says it: the plan's changes
/// as `compare` words them, then the team's as counts.
pub fn changes(before: &Scenario, after: &Scenario) -> Vec<String> {
    use crate::analysis::compare::diff::rules_changes_named;
    let mut out = Vec::new();
    if before.name != after.name {
        out.push(format!("renamed “{}” → “{}”", before.name, after.name));
    }
    out.extend(rules_changes_named(before, after, false));
    let old: HashMap<&str, &crate::engine::Csm> =
        before.team.iter().map(|c| (c.id.as_str(), c)).collect();
    let new: HashMap<&str, &crate::engine::Csm> =
        after.team.iter().map(|c| (c.id.as_str(), c)).collect();
    let added = after
        .team
        .iter()
        .filter(|c| !old.contains_key(c.id.as_str()))
        .count();
    let removed = before
        .team
        .iter()
        .filter(|c| !new.contains_key(c.id.as_str()))
        .count();
    let changed = after
        .team
        .iter()
        .filter(|c| old.get(c.id.as_str()).is_some_and(|o| *o != *c))
        .count();
    let mut team = Vec::new();
    if added > 0 {
        team.push(format!("{added} added"));
    }
    if removed > 0 {
        team.push(format!("{removed} removed"));
    }
    if changed > 0 {
        team.push(format!("{changed} changed"));
    }
    if !team.is_empty() {
        let (a, b) = (before.team.len(), after.team.len());
        out.push(match a == b {
            true => format!("team of {b} CSMs: {}", team.join(", ")),
            false => format!("team {a} → {b} CSMs: {}", team.join(", ")),
        });
    }
    out
}

/// Records a save of `scn` (written as `bytes`) to `path` in its history. Returns the new
/// entry, `None` when the bytes are those of the last entry.
pub fn record(path: &Path, scn: &Scenario, bytes: &[u8]) -> Result<Option<Entry>, String> {
    record_after(path, None, scn, bytes)
}

/// [`record`], with what the file held before this save (`before`: its bytes). A file saved
/// for the first time since it has a history keeps what it was as the first entry, so
/// the first recorded change is there to see.
pub fn record_after(
    path: &Path,
    before: Option<&[u8]>,
    scn: &Scenario,
    bytes: &[u8],
) -> Result<Option<Entry>, String> {
    if let Some(old) = before
        && old != bytes
        && entries(path).is_ok_and(|e| e.is_empty())
        && let Ok(text) = std::str::from_utf8(old)
        && let Ok(was) = crate::scenario::parse(text, &path.display().to_string())
    {
        append(
            path,
            &was,
            old,
            Some("as the file was before its first recorded save"),
        )?;
    }
    append(path, scn, bytes, None)
}

fn append(
    path: &Path,
    scn: &Scenario,
    bytes: &[u8],
    first_words: Option<&str>,
) -> Result<Option<Entry>, String> {
    let folder = folder_of(path);
    let digest = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes));
    let mut all = match entries(path) {
        Ok(e) => e,
        // A history that cannot be read is set aside, never overwritten.
        Err(why) => {
            let aside = folder.join(format!(
                "index.unreadable-{}.ron",
                chrono::Utc::now().format("%Y%m%d-%H%M%S")
            ));
            std::fs::rename(index_path(&folder), &aside).map_err(|e| {
                format!("{why}; it could not be set aside either ({e}), so this save is not in it")
            })?;
            Vec::new()
        }
    };
    if all.last().is_some_and(|e| e.digest == digest) {
        return Ok(None);
    }
    let words = match all.iter().rev().find_map(|e| e.copy.as_ref().map(|_| e.n)) {
        Some(n) if all.last().is_some_and(|e| e.n == n) => match saved(path, n) {
            Ok(before) => changes(&before, scn),
            Err(_) => vec!["saved (the save before could not be read to compare)".to_string()],
        },
        _ => vec![format!(
            "{}: {} CSMs, {} metrics",
            first_words.unwrap_or("first save in the history"),
            scn.team.len(),
            scn.plan.components.len()
        )],
    };
    let words = if words.is_empty() {
        vec!["saved with no change to the plan or the team (the file's layout only)".to_string()]
    } else {
        words
    };
    let n = all.last().map_or(1, |e| e.n + 1);
    let copy = format!("{n:05}.ron");
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("cannot make the history folder {}: {e}", folder.display()))?;
    write_atomic(&folder.join(&copy), bytes, false)
        .map_err(|e| format!("cannot write the history copy in {}: {e}", folder.display()))?;
    let entry = Entry {
        n,
        saved: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        changes: words,
        copy: Some(copy),
        digest,
    };
    all.push(entry.clone());
    // Older copies go; their entries stay.
    let kept = all.iter().filter(|e| e.copy.is_some()).count();
    let mut drop = kept.saturating_sub(KEEP_COPIES);
    let mut gone = Vec::new();
    for e in all.iter_mut() {
        if drop == 0 {
            break;
        }
        if let Some(c) = e.copy.take() {
            gone.push(c);
            drop -= 1;
        }
    }
    let index = Index {
        version: 1,
        entries: all,
    };
    let text = ron::ser::to_string_pretty(&index, ron::ser::PrettyConfig::default())
        .map_err(|e| format!("cannot write the history: {e}"))?;
    write_atomic(&index_path(&folder), text.as_bytes(), false)
        .map_err(|e| format!("cannot write the history in {}: {e}", folder.display()))?;
    for c in gone {
        let _ = std::fs::remove_file(folder.join(c));
    }
    Ok(Some(entry))
}

/// Save `n` of the file at `path`, ready to be written as a new scenario: renamed "… (as
/// saved #N, date)", and the file it goes to (`out`, which must not exist yet; else
/// `<stem> (save N).ron` beside the file, `(save N, 2)` and so on when that is taken).
pub fn restorable(path: &Path, n: u32, out: Option<&Path>) -> Result<(Scenario, PathBuf), String> {
    let mut scn = saved(path, n)?;
    let when = entries(path)?
        .into_iter()
        .find(|e| e.n == n)
        .map(|e| e.when())
        .unwrap_or_default();
    let target = match out {
        Some(p) => p.to_path_buf(),
        None => {
            // Beside the file, numbered when a restore of the same save is already there.
            let real = link_target(path).unwrap_or_else(|_| path.to_path_buf());
            let stem = real
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "scenario".into());
            let named = |k: u32| match k {
                1 => real.with_file_name(format!("{stem} (save {n}).ron")),
                k => real.with_file_name(format!("{stem} (save {n}, {k}).ron")),
            };
            (1..1000)
                .map(named)
                .find(|p| !p.exists())
                .unwrap_or_else(|| named(1))
        }
    };
    if target.exists() {
        return Err(format!(
            "{} already exists; name another file with --out",
            target.display()
        ));
    }
    scn.name = format!("{} (as saved #{n}, {when})", scn.name);
    Ok((scn, target))
}

/// `FILE@N` (or `FILE@#N`): a file and a save of its history, as written on the command
/// line. Only the form is checked: a file whose own name has an `@` is looked for first.
pub fn split_ref(arg: &str) -> Option<(&str, u32)> {
    let (file, n) = arg.rsplit_once('@')?;
    let n = n.trim().trim_start_matches('#').parse().ok()?;
    (!file.trim().is_empty()).then_some((file, n))
}

#[cfg(test)]
mod tests;
