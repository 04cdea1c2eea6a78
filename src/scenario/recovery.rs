//! Recovery files: the working copy autosaved while the user edits, so a crash, a kill or
//! a closed terminal loses nothing. See docs/storage.md.
//!
//! Owns: writing numbered recovery files, finding the ones left behind, describing what
//! they would restore, discarding them. Must not: decide when to autosave or ask the user
//! (the app does both).
//!
//! Each running app is an *instance*; each of its autosaves gets the next sequence number.
//! A file is named `KEY.INSTANCE.SEQ.ron`, where KEY identifies the scenario file being
//! edited (`unsaved` for a scenario never saved). Within an instance a write with a lower
//! number than one already written is dropped, so a stale write never wins; two instances
//! editing the same file keep separate recoveries, so neither loses the other's work.

use super::paths::Paths;
use super::store::{Digest, StoreError, WriteOptions, move_to_trash_as, write_atomic_with};
use super::{CURRENT_VERSION, LoadError, parse_bytes};
use crate::engine::{self, Scenario};
use crate::num;
use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The key of recoveries of a scenario never saved.
pub const UNSAVED_KEY: &str = "unsaved";

/// A recovery file's contents: the working copy and where it belongs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Increases with every autosave of one instance.
    pub seq: u64,
    /// The scenario file being edited; `None` for a scenario never saved.
    pub source: Option<String>,
    /// When the copy was written (RFC 3339, UTC).
    pub saved_at: String,
    pub scenario: Scenario,
}

impl Envelope {
    /// The envelope as RON text (the same layout as a scenario file).
    pub fn to_ron(&self) -> String {
        let config = PrettyConfig::new()
            .indentor("    ")
            .struct_names(false)
            .compact_maps(true)
            .separate_tuple_members(false);
        let mut env = self.clone();
        env.scenario.version = super::version_for(&env.scenario);
        let body =
            ron::ser::to_string_pretty(&env, config).unwrap_or_else(|e| format!("/* {e} */"));
        format!("// cscomp-tui recovery file: an autosaved working copy.\n{body}\n")
    }

    /// Reads an envelope. The scenario inside is not validated: a working copy may be
    /// mid-edit (weights not yet adding up), and it is still the user's work.
    pub fn parse(bytes: &[u8], origin: &str) -> Result<Envelope, LoadError> {
        let text = std::str::from_utf8(bytes).map_err(|e| LoadError::Io {
            origin: origin.to_string(),
            reason: format!("not UTF-8 (invalid byte at offset {})", e.valid_up_to()),
        })?;
        let opts = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
        let env: Envelope = opts.from_str(text).map_err(|e| LoadError::Syntax {
            origin: origin.to_string(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
            snippet: String::new(),
        })?;
        if env.scenario.version > CURRENT_VERSION {
            return Err(LoadError::Version {
                origin: origin.to_string(),
                version: env.scenario.version,
            });
        }
        Ok(env)
    }
}

/// The recovery key of a scenario file: a hash of its absolute path.
pub fn key_for(source: Option<&Path>) -> String {
    match source {
        None => UNSAVED_KEY.to_string(),
        Some(p) => {
            let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
            Digest::of(abs.as_os_str().as_encoded_bytes()).hex()[..16].to_string()
        }
    }
}

/// `KEY.INSTANCE.SEQ.ron` → (key, instance, seq).
fn parse_name(name: &str) -> Option<(&str, &str, u64)> {
    let rest = name.strip_suffix(".ron")?;
    let mut parts = rest.split('.');
    let (key, instance, seq) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || key.is_empty() || instance.is_empty() {
        return None;
    }
    Some((key, instance, seq.parse().ok()?))
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An RFC 3339 time as local `YYYY-MM-DD HH:MM:SS` (the text as is if it does not parse).
pub fn local_time(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => t
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => rfc3339.to_string(),
    }
}

/// What [`Autosave::write`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Autosaved {
    /// Written to this file.
    Written(PathBuf),
    /// A later copy was already written; this one was dropped.
    Stale,
}

/// The autosaver of one working copy in one running app.
#[derive(Debug)]
pub struct Autosave {
    dir: PathBuf,
    key: String,
    source: Option<PathBuf>,
    instance: String,
    next: AtomicU64,
    /// The highest sequence number written; held while writing.
    written: Mutex<u64>,
}

impl Autosave {
    /// An autosaver for the scenario file `source` (`None`: a scenario never saved).
    pub fn new(paths: &Paths, source: Option<&Path>) -> Autosave {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Autosave {
            dir: paths.recovery.clone(),
            key: key_for(source),
            source: source.map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())),
            instance: format!("{:x}-{:x}", std::process::id(), nanos),
            next: AtomicU64::new(1),
            written: Mutex::new(0),
        }
    }

    /// The scenario file this autosaver belongs to.
    pub fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    /// The next sequence number: take it when the edit happens, write later (possibly on
    /// another thread); a write that comes after a later one is dropped.
    pub fn ticket(&self) -> u64 {
        self.next.fetch_add(1, Ordering::SeqCst)
    }

    /// Writes the working copy `scn` numbered `seq` (from [`Autosave::ticket`]),
    /// atomically, then removes this instance's older copies. A `seq` at or below one
    /// already written is dropped ([`Autosaved::Stale`]).
    pub fn write(&self, seq: u64, scn: &Scenario) -> Result<Autosaved, StoreError> {
        let mut written = match self.written.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if seq <= *written {
            return Ok(Autosaved::Stale);
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| StoreError::Io {
            action: "create the folder",
            path: self.dir.clone(),
            reason: super::io_reason(&e),
        })?;
        let env = Envelope {
            seq,
            source: self
                .source
                .as_ref()
                .map(|p| p.to_string_lossy().into_owned()),
            saved_at: now_rfc3339(),
            scenario: scn.clone(),
        };
        let path = self
            .dir
            .join(format!("{}.{}.{seq}.ron", self.key, self.instance));
        write_atomic_with(
            &path,
            env.to_ron().as_bytes(),
            WriteOptions {
                private: true,
                ..WriteOptions::default()
            },
        )
        .map_err(|e| StoreError::Io {
            action: "write the recovery file",
            path: path.clone(),
            reason: super::io_reason(&e),
        })?;
        *written = seq;
        for (old, _) in self.own_files().into_iter().filter(|(_, s)| *s < seq) {
            let _ = std::fs::remove_file(old);
        }
        Ok(Autosaved::Written(path))
    }

    /// Takes a ticket and writes at once.
    pub fn save_now(&self, scn: &Scenario) -> Result<Autosaved, StoreError> {
        self.write(self.ticket(), scn)
    }

    /// Removes this instance's recovery files: after a clean save or a clean exit.
    pub fn clear(&self) -> Result<(), StoreError> {
        let _guard = self.written.lock();
        for (f, _) in self.own_files() {
            match std::fs::remove_file(&f) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(StoreError::Io {
                        action: "remove",
                        path: f,
                        reason: super::io_reason(&e),
                    });
                }
            }
        }
        Ok(())
    }

    /// Continues a recovered working copy: writes it as this app's own recovery (so it is
    /// safe from the first moment) and then removes the files it came from.
    pub fn adopt(paths: &Paths, pending: &PendingRecovery) -> Result<Autosave, StoreError> {
        let a = Autosave::new(paths, pending.source.as_deref());
        a.save_now(&pending.scenario)?;
        for f in &pending.files {
            let _ = std::fs::remove_file(f);
        }
        Ok(a)
    }

    fn own_files(&self) -> Vec<(PathBuf, u64)> {
        let Ok(rd) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        rd.flatten()
            .filter_map(|e| {
                let name = e.file_name();
                let (k, i, s) = parse_name(name.to_str()?)?;
                (k == self.key && i == self.instance).then(|| (e.path(), s))
            })
            .collect()
    }
}

/// How the file on disk compares with a recovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnDisk {
    /// The scenario was never saved.
    Unsaved,
    /// The file is gone.
    Missing,
    /// The file does not load: why.
    Broken(String),
    /// The file holds the same scenario: nothing would be restored.
    Same,
    /// The file differs: see the differences.
    Differs,
}

/// One figure that differs between the file on disk and the recovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub what: String,
    pub before: String,
    pub after: String,
}

/// A working copy left behind by an app that did not exit cleanly.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRecovery {
    pub source: Option<PathBuf>,
    pub seq: u64,
    /// RFC 3339, UTC (see [`local_time`]).
    pub saved_at: String,
    pub scenario: Scenario,
    pub on_disk: OnDisk,
    /// What restoring would change compared with the file on disk (empty unless
    /// [`OnDisk::Differs`]).
    pub differences: Vec<Difference>,
    /// Every file of this working copy (the newest and any older ones).
    pub files: Vec<PathBuf>,
    /// The newest file (the one restored).
    pub file: PathBuf,
}

impl PendingRecovery {
    /// One line: `Q3 plan (/path/q3.ron), autosaved 2026-11-03 14:05:09: team cash
    /// $1,234,567.00 → $1,240,000.00, ...`.
    pub fn headline(&self) -> String {
        let place = match &self.source {
            Some(p) => p.display().to_string(),
            None => "never saved".into(),
        };
        let what = match &self.on_disk {
            OnDisk::Unsaved => "unsaved work".to_string(),
            OnDisk::Missing => "the file is gone".to_string(),
            OnDisk::Broken(r) => format!("the file on disk is broken ({r})"),
            OnDisk::Same => "same as the file on disk".to_string(),
            OnDisk::Differs => self
                .differences
                .iter()
                .map(|d| format!("{} {} → {}", d.what, d.before, d.after))
                .collect::<Vec<_>>()
                .join("; "),
        };
        format!(
            "{} ({place}), autosaved {}: {what}",
            self.scenario.name,
            local_time(&self.saved_at)
        )
    }
}

/// The working copies left behind in the recovery folder, newest first: for each scenario
/// file and each app that edited it, the copy with the highest sequence number.
/// Unreadable recovery files are skipped (and left alone).
pub fn pending_recovery(paths: &Paths) -> Vec<PendingRecovery> {
    let Ok(rd) = std::fs::read_dir(&paths.recovery) else {
        return Vec::new();
    };
    let mut groups: BTreeMap<(String, String), Vec<(u64, PathBuf)>> = BTreeMap::new();
    for e in rd.flatten() {
        let name = e.file_name();
        let Some((k, i, s)) = name.to_str().and_then(parse_name) else {
            continue;
        };
        groups
            .entry((k.to_string(), i.to_string()))
            .or_default()
            .push((s, e.path()));
    }
    let mut out = Vec::new();
    for (_, mut files) in groups {
        files.sort_by_key(|f| std::cmp::Reverse(f.0));
        // The newest readable copy, going down the numbers if the newest is damaged.
        let newest = files.iter().find_map(|(_, f)| {
            let bytes = super::fsread::read_regular(f, super::fsread::MAX_READ_BYTES).ok()?;
            let env = Envelope::parse(&bytes, &f.display().to_string()).ok()?;
            Some((f.clone(), env))
        });
        let Some((file, env)) = newest else { continue };
        let source = env.source.as_ref().map(PathBuf::from);
        let (on_disk, differences) = compare_with_disk(source.as_deref(), &env.scenario);
        out.push(PendingRecovery {
            source,
            seq: env.seq,
            saved_at: env.saved_at,
            scenario: env.scenario,
            on_disk,
            differences,
            files: files.into_iter().map(|(_, f)| f).collect(),
            file,
        });
    }
    out.sort_by(|a, b| b.saved_at.cmp(&a.saved_at).then(b.seq.cmp(&a.seq)));
    out
}

/// Discards a recovery the user declined: the newest copy goes to the trash (never
/// unlinked, in case they change their mind), older copies are removed. Returns where the
/// copy went.
pub fn discard_recovery(paths: &Paths, pending: &PendingRecovery) -> Result<PathBuf, StoreError> {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S").to_string();
    let stem = match &pending.source {
        Some(p) => p
            .file_stem()
            .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned()),
        None => UNSAVED_KEY.to_string(),
    };
    // Named after the scenario file, so the trash reads `q3-plan.recovery.STAMP.ron`.
    let moved = move_to_trash_as(
        &paths.trash,
        &pending.file,
        &format!("{stem}.recovery"),
        &stamp,
    )?;
    for f in pending.files.iter().filter(|f| **f != pending.file) {
        let _ = std::fs::remove_file(f);
    }
    Ok(moved)
}

fn compare_with_disk(source: Option<&Path>, after: &Scenario) -> (OnDisk, Vec<Difference>) {
    let Some(path) = source else {
        return (OnDisk::Unsaved, Vec::new());
    };
    let bytes = match super::fsread::read_regular(path, super::fsread::MAX_READ_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (OnDisk::Missing, vec![]),
        Err(e) => return (OnDisk::Broken(super::io_reason(&e)), vec![]),
    };
    let before = match parse_bytes(&bytes, &path.display().to_string()) {
        Ok(s) => s,
        Err(e) => return (OnDisk::Broken(e.short()), vec![]),
    };
    let diffs = differences(&before, after);
    if diffs.is_empty() {
        (OnDisk::Same, diffs)
    } else {
        (OnDisk::Differs, diffs)
    }
}

/// The figures that differ between two versions of a scenario, in a fixed order: name,
/// team cash, team size, pay mix, assumptions, each component's weight, target and curve,
/// components and SPIFs added or removed, CSMs edited.
pub fn differences(before: &Scenario, after: &Scenario) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut push = |what: &str, b: String, a: String| {
        if b != a {
            out.push(Difference {
                what: what.to_string(),
                before: b,
                after: a,
            });
        }
    };
    push("name", before.name.clone(), after.name.clone());
    let cash = |s: &Scenario| match engine::compute(s) {
        Ok(c) => num::money(c.eval.team.cash),
        Err(p) => format!(
            "— ({} error{})",
            p.len(),
            if p.len() == 1 { "" } else { "s" }
        ),
    };
    push("team cash", cash(before), cash(after));
    push(
        "team size",
        before.team.len().to_string(),
        after.team.len().to_string(),
    );
    push(
        "variable share",
        num::pct_exact(before.plan.mix.variable_share),
        num::pct_exact(after.plan.mix.variable_share),
    );
    push(
        "pay basis",
        before.plan.mix.basis.label().into(),
        after.plan.mix.basis.label().into(),
    );
    push(
        "attainment scale",
        num::pct_exact(before.assumptions.attainment_scale),
        num::pct_exact(after.assumptions.attainment_scale),
    );
    push(
        "burden rate",
        num::pct_exact(before.assumptions.burden_rate),
        num::pct_exact(after.assumptions.burden_rate),
    );
    for c in &after.plan.components {
        match before.plan.component(&c.id) {
            Some(b) => {
                push(
                    &format!("{} weight", c.name),
                    num::pct_exact(b.weight),
                    num::pct_exact(c.weight),
                );
                push(
                    &format!("{} target", c.name),
                    num::plain(b.target),
                    num::plain(c.target),
                );
                if b.curve != c.curve {
                    push(
                        &format!("{} payout curve", c.name),
                        "as saved".into(),
                        "changed".into(),
                    );
                }
            }
            None => push(&format!("component {}", c.name), "—".into(), "added".into()),
        }
    }
    for b in &before.plan.components {
        if after.plan.component(&b.id).is_none() {
            push(
                &format!("component {}", b.name),
                "present".into(),
                "removed".into(),
            );
        }
    }
    if before.plan.spifs != after.plan.spifs {
        push("SPIFs", "as saved".into(), "changed".into());
    }
    if before.plan.level_mix != after.plan.level_mix {
        push("pay mix by level", "as saved".into(), "changed".into());
    }
    let edited = after
        .team
        .iter()
        .filter(|c| before.team.iter().find(|b| b.id == c.id) != Some(*c))
        .count();
    if edited > 0 {
        push("CSMs edited or added", "0".into(), edited.to_string());
    }
    if out.is_empty() && before != after {
        out.push(Difference {
            what: "other details".into(),
            before: "as saved".into(),
            after: "changed".into(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_strictly() {
        assert_eq!(parse_name("abc.1f-2a.12.ron"), Some(("abc", "1f-2a", 12)));
        assert_eq!(parse_name("unsaved.x.1.ron"), Some(("unsaved", "x", 1)));
        assert_eq!(parse_name("abc.x.y.ron"), None);
        assert_eq!(parse_name("abc.x.1.2.ron"), None);
        assert_eq!(parse_name("abc.1.ron"), None);
        assert_eq!(parse_name("abc.x.1.txt"), None);
    }

    #[test]
    fn keys_depend_on_the_absolute_path() {
        assert_eq!(key_for(None), "unsaved");
        let a = key_for(Some(Path::new("/tmp/a.ron")));
        assert_eq!(a.len(), 16);
        assert_ne!(a, key_for(Some(Path::new("/tmp/b.ron"))));
        assert_eq!(a, key_for(Some(Path::new("/tmp/./a.ron"))));
    }

    #[test]
    fn differences_name_the_figures() {
        let before = crate::scenario::sample();
        let mut after = before.clone();
        assert_eq!(differences(&before, &after), vec![]);
        after.plan.mix.variable_share = rust_decimal::Decimal::new(25, 2);
        after.name = "Sample, 25%".into();
        let d = differences(&before, &after);
        let names: Vec<&str> = d.iter().map(|d| d.what.as_str()).collect();
        assert_eq!(names, vec!["name", "team cash", "variable share"]);
        assert_eq!(d[2].before, "20%");
        assert_eq!(d[2].after, "25%");
    }
}
