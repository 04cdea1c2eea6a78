//! The app's side of the scenario store: save (with change detection), save as, branch a
//! variant, the scenario browser, autosave and crash recovery, recent scenarios.

use super::app::{App, Mode, Tone};
use crate::scenario::paths::Paths;
use crate::scenario::recovery::{self, Autosave, PendingRecovery};
use crate::scenario::store::{Entry, StoreError};
use std::path::Path;
use std::time::Instant;

use super::session::{AUTOSAVE_AFTER, Files, Then};

impl App {
    /// Notes an edit for autosave (called on every change of plan or team).
    pub(super) fn touched(&mut self) {
        if let Some(f) = &mut self.files {
            f.pending = Some((f.autosave.ticket(), Instant::now()));
        }
    }

    /// Called by the event loop: writes the recovery copy once edits have paused.
    pub fn tick(&mut self, now: Instant) {
        let dirty = self.is_dirty();
        let Some(f) = &mut self.files else { return };
        if let Some((ticket, at)) = f.pending
            && now.duration_since(at) >= AUTOSAVE_AFTER
        {
            f.pending = None;
            if dirty && let Err(e) = f.autosave.write(ticket, &self.doc.scn) {
                self.status = Some((format!("autosave failed: {e}"), Tone::Error));
            }
        }
    }

    /// True while an edit waits to be autosaved (the event loop wakes up for it).
    pub fn autosave_due(&self) -> bool {
        self.files.as_ref().is_some_and(|f| f.pending.is_some())
    }

    /// Writes the recovery copy now (on SIGTERM/SIGHUP, a closed terminal, an error or a
    /// panic: every way out but a normal quit).
    pub fn autosave_now(&mut self) {
        if self.is_dirty()
            && let Some(f) = &self.files
        {
            let _ = f.autosave.save_now(&self.doc.scn);
        }
    }

    /// The edit not yet autosaved, for [`Emergency`]: the autosaver, the edit's ticket and
    /// the working copy. `None` when there is nothing to keep or it was already handed over
    /// (`last` is the ticket handed over last).
    pub fn unsaved_edit(
        &self,
        last: u64,
    ) -> Option<(std::sync::Arc<Autosave>, u64, crate::engine::Scenario)> {
        let f = self.files.as_ref()?;
        let (ticket, _) = f.pending?;
        (ticket != last && self.is_dirty())
            .then(|| (f.autosave.clone(), ticket, self.doc.scn.clone()))
    }

    /// A clean exit: no recovery copy is left, settings remember this scenario.
    pub fn on_exit(&mut self) {
        let path = self.doc.path.clone();
        if let Some(f) = &mut self.files {
            let _ = f.autosave.clear();
            if let Some(p) = path {
                f.settings.note_opened(&p);
            }
            let _ = f.settings.save(&f.paths);
        }
    }

    /// Saves through the store: refuses to overwrite a file changed on disk (asks), and
    /// asks for a name when the scenario has no file yet. True when saved.
    pub(super) fn store_save(&mut self, force: bool) -> Option<bool> {
        self.files.as_ref()?;
        if let Some(e) = self.doc.plan_errors.first() {
            self.status = Some((
                format!(
                    "not saved: {} — fix the sliders marked ✗ first (the file on disk is unchanged)",
                    e.message.split("; ").next().unwrap_or(&e.message)
                ),
                Tone::Error,
            ));
            return Some(false);
        }
        let f = self.files.as_mut()?;
        let Some(opened) = f.opened.as_mut() else {
            self.ask_name(super::app::Target::SaveName);
            return Some(false);
        };
        // A file saved for the first time since it has a history keeps what it was.
        let before = crate::history::entries(&opened.path)
            .is_ok_and(|e| e.is_empty())
            .then(|| {
                crate::scenario::fsread::read_if_exists(
                    &opened.path,
                    crate::scenario::fsread::MAX_READ_BYTES,
                )
                .ok()
                .flatten()
            })
            .flatten();
        match f.store.save(&self.doc.scn, opened, force) {
            Ok(saved) => {
                let path = opened.path.clone();
                let history = match saved {
                    crate::scenario::store::Saved::Written => {
                        record_history(&path, before.as_deref(), &self.doc.scn)
                    }
                    _ => None,
                };
                let _ = f.autosave.clear();
                f.pending = None;
                f.settings.note_opened(&path);
                let _ = f.settings.save(&f.paths);
                self.mark_saved();
                self.doc.path = Some(path.clone());
                let status = match crate::scenario::store::link_target(&path) {
                    Ok(target) if target != path => format!(
                        "saved to {} (the file the link {} points to)",
                        target.display(),
                        path.display()
                    ),
                    _ => format!("saved to {}", path.display()),
                };
                self.status = Some(match history {
                    None => (status, Tone::Info),
                    Some(why) => (format!("{status}; {why}"), Tone::Error),
                });
                Some(true)
            }
            Err(StoreError::ChangedOnDisk { path }) => {
                self.mode = Mode::ChangedOnDisk { path };
                Some(false)
            }
            Err(e) => {
                self.status = Some((
                    format!("not saved: {e}; the file on disk is unchanged"),
                    Tone::Error,
                ));
                Some(false)
            }
        }
    }

    fn ask_name(&mut self, target: super::app::Target) {
        self.mode = Mode::Input {
            target,
            buffer: self.doc.scn.name.clone(),
            error: None,
            fresh: true,
        };
    }

    /// Save as / branch: asks for the new scenario's name.
    pub(super) fn start_branch(&mut self) {
        if self.files.is_none() {
            self.status = Some(("no data folder: cannot save variants".into(), Tone::Error));
            return;
        }
        self.ask_name(super::app::Target::BranchName);
    }

    /// Saves the working copy as a new scenario named `name` (a branch records where it
    /// came from) and switches the app to it.
    pub(super) fn save_named(&mut self, name: &str, branch: bool) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("give the scenario a name".into());
        }
        let Some(f) = self.files.as_mut() else {
            return Err("no data folder".into());
        };
        let result = if branch {
            f.store.branch(&self.doc.scn, name)
        } else {
            let mut scn = self.doc.scn.clone();
            scn.name = name.to_string();
            f.store.save_new(&scn).map(|o| (scn, o))
        };
        let (scn, opened) = result.map_err(|e| e.to_string())?;
        let history = record_history(&opened.path, None, &scn);
        let _ = f.autosave.clear();
        f.autosave = std::sync::Arc::new(Autosave::new(&f.paths, Some(&opened.path)));
        f.pending = None;
        f.settings.note_opened(&opened.path);
        let _ = f.settings.save(&f.paths);
        self.doc.path = Some(opened.path.clone());
        f.opened = Some(opened);
        self.doc.scn.name = scn.name;
        self.doc.scn.branched_from = scn.branched_from;
        self.mark_saved();
        let status = format!(
            "saved as \"{}\" ({})",
            self.doc.scn.name,
            self.doc
                .path
                .as_ref()
                .map_or(String::new(), |p| p.display().to_string())
        );
        self.status = Some(match history {
            None => (status, Tone::Info),
            Some(why) => (format!("{status}; {why}"), Tone::Error),
        });
        Ok(())
    }

    /// Replaces the working copy with the file on disk (after "changed on disk"), as one
    /// undoable step: the unsaved edits it replaces are one `u` away, and stay in the
    /// recovery file until the next clean save or exit.
    pub(super) fn reload(&mut self) {
        let Some(path) = self.doc.path.clone() else {
            return;
        };
        let had_edits = self.is_dirty();
        let Some(f) = &mut self.files else { return };
        match f.store.open(&path) {
            Ok((scn, opened)) => {
                if had_edits {
                    // Keep the edits being replaced on disk too, not only in memory.
                    let _ = f.autosave.save_now(&self.doc.scn);
                }
                f.opened = Some(opened);
                f.pending = None;
                self.replace_undoably(scn, true);
                let msg = if had_edits {
                    format!(
                        "reloaded {} from disk; u brings your unsaved changes back",
                        path.display()
                    )
                } else {
                    format!("reloaded {} from disk", path.display())
                };
                self.status = Some((msg, Tone::Info));
            }
            Err(e) => {
                self.mode = Mode::Normal;
                self.status = Some((format!("cannot reload: {}", e.short()), Tone::Error));
            }
        }
    }

    /// Opens another scenario in place of this one (no unsaved-changes check: callers ask).
    pub(super) fn open_path(&mut self, path: &Path) {
        let Some(f) = &self.files else { return };
        match f.store.open_for_editing(path) {
            Ok((scn, opened, problems)) => {
                let paths = f.paths.clone();
                let mut next = App::new(scn, Some(opened.path.clone()), self.has_worker());
                let mut files = Files::new(paths, Some(opened));
                files.settings.note_opened(path);
                let _ = files.settings.save(&files.paths);
                if let Some(old) = &self.files {
                    let _ = old.autosave.clear();
                }
                next.files = Some(files);
                next.status = Some((format!("opened {}", path.display()), Tone::Info));
                next.set_plan_errors(problems);
                *self = next;
            }
            Err(e) => {
                self.mode = Mode::Normal;
                self.status = Some((format!("cannot open: {}", e.short()), Tone::Error));
            }
        }
    }

    /// Opens the scenario browser.
    pub(super) fn open_browser(&mut self) {
        let Some(f) = &self.files else {
            self.status = Some(("no data folder to browse".into(), Tone::Error));
            return;
        };
        // Scan the folder (names and times only) and read just the rows in view; the rest
        // are read as the user scrolls, so a folder of 1,000 opens at once.
        match f.store.scan() {
            Ok(mut entries) => {
                crate::scenario::store::sort_by_name(&mut entries);
                // Recently opened scenarios first, most recent on top; then the rest by name.
                let recent = &f.settings.recent;
                entries.sort_by_key(|e| {
                    recent
                        .iter()
                        .position(|r| *r == e.path)
                        .unwrap_or(usize::MAX)
                });
                let selected = self
                    .path
                    .as_ref()
                    .and_then(|p| entries.iter().position(|e| &e.path == p))
                    .unwrap_or(0);
                self.mode = Mode::Browser { entries, selected };
                self.summarize_in_view();
            }
            Err(e) => self.status = Some((format!("cannot list scenarios: {e}"), Tone::Error)),
        }
    }

    /// Reads the summaries (team size, cost) of the browser rows around the selection.
    fn summarize_in_view(&mut self) {
        let (Some(f), Mode::Browser { entries, selected }) = (&self.files, &mut self.mode) else {
            return;
        };
        let lo = selected.saturating_sub(50);
        let hi = (*selected + 50).min(entries.len());
        f.store.summarize_pending(&mut entries[lo..hi]);
    }

    pub(super) fn browser_entries(&self) -> Option<(&[Entry], usize)> {
        match &self.mode {
            Mode::Browser { entries, selected } => Some((entries, *selected)),
            _ => None,
        }
    }

    /// A key in the browser.
    pub fn browser_key(&mut self, key: char) {
        let Some((entries, selected)) = self.browser_entries() else {
            return;
        };
        let Some(entry) = entries.get(selected).cloned() else {
            if key == '\u{1b}' {
                self.mode = Mode::Normal;
            }
            return;
        };
        let n = entries.len();
        match key {
            'k' | '↑' => {
                if let Mode::Browser { selected, .. } = &mut self.mode {
                    *selected = selected.saturating_sub(1);
                }
            }
            'j' | '↓' => {
                if let Mode::Browser { selected, .. } = &mut self.mode {
                    *selected = (*selected + 1).min(n.saturating_sub(1));
                }
                self.summarize_in_view();
            }
            '\n' => {
                if entry.broken().is_some() {
                    self.status = Some((
                        "that file is broken: fix it in an editor (the reason is shown)".into(),
                        Tone::Error,
                    ));
                } else if self.is_dirty() {
                    self.mode = Mode::Unsaved(Then::Open(entry.path.clone()));
                } else {
                    self.open_path(&entry.path);
                }
            }
            'c' => {
                let r = self.files.as_ref().map(|f| f.store.duplicate(&entry.path));
                match r {
                    Some(Ok(o)) => {
                        self.open_browser();
                        self.status =
                            Some((format!("duplicated as {}", o.path.display()), Tone::Info));
                    }
                    Some(Err(e)) => self.status = Some((format!("{e}"), Tone::Error)),
                    None => {}
                }
            }
            'n' => {
                self.mode = Mode::Input {
                    target: super::app::Target::Rename,
                    buffer: entry.display_name().to_string(),
                    error: None,
                    fresh: true,
                };
                self.browsing = Some(entry.path.clone());
            }
            'd' if self.doc.path.as_ref() == Some(&entry.path) => {
                self.status = Some((
                    "this scenario is open: open another one before moving it to the trash".into(),
                    Tone::Error,
                ));
            }
            'd' => {
                self.mode = Mode::Confirm {
                    question: format!(
                        "Move \"{}\" ({}) to the trash? y/n",
                        entry.display_name(),
                        entry.file_name
                    ),
                    on_yes: super::app::Confirm::Trash(entry.path.clone()),
                };
            }
            'v' => {
                let most = crate::analysis::compare::MAX_VARIANTS - 2;
                if let Some(i) = self.compare_marks.iter().position(|p| *p == entry.path) {
                    self.compare_marks.remove(i);
                } else if self.doc.path.as_ref() == Some(&entry.path) {
                    self.status = Some((
                        "this scenario is open: compare shows it as opened and as edited already"
                            .into(),
                        Tone::Error,
                    ));
                } else if self.compare_marks.len() >= most {
                    self.status = Some((
                        format!(
                            "compare shows at most {}: as opened, {most} marked and the working copy",
                            crate::analysis::compare::MAX_VARIANTS
                        ),
                        Tone::Error,
                    ));
                } else if entry.broken().is_none() {
                    self.compare_marks.push(entry.path.clone());
                }
            }
            '\u{1b}' => self.mode = Mode::Normal,
            _ => {}
        }
    }

    pub(super) fn rename_browsed(&mut self, name: &str) -> Result<(), String> {
        let (Some(f), Some(path)) = (&self.files, self.browsing.clone()) else {
            return Err("nothing to rename".into());
        };
        let o = f.store.rename(&path, name).map_err(|e| e.to_string())?;
        let msg = format!(
            "renamed to \"{}\" ({})",
            name.trim(),
            o.path
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        );
        if self.doc.path.as_ref() == Some(&path) {
            self.doc.path = Some(o.path.clone());
            self.doc.scn.name = name.trim().to_string();
            if let Some(f) = &mut self.files {
                f.opened = Some(o);
            }
        }
        self.open_browser();
        self.status = Some((msg, Tone::Info));
        Ok(())
    }

    pub(super) fn trash(&mut self, path: &Path) {
        let Some(f) = &self.files else { return };
        match f.store.delete(path) {
            Ok(to) => {
                self.open_browser();
                self.status = Some((format!("moved to {}", to.display()), Tone::Info));
            }
            Err(e) => self.status = Some((format!("{e}"), Tone::Error)),
        }
    }

    /// Answers the recovery offer: restore the copy, discard it, or decide later.
    pub fn recovery_key(&mut self, key: char) {
        let Mode::Recovery(pending) = &self.mode else {
            return;
        };
        let pending: PendingRecovery = (**pending).clone();
        match key {
            'r' => {
                let Some(f) = &self.files else { return };
                let paths = f.paths.clone();
                if let Some(src) = &pending.source {
                    self.open_path(src);
                    let opened_src = self
                        .files
                        .as_ref()
                        .and_then(|f| f.opened.as_ref())
                        .is_some_and(|o| o.path == *src);
                    if opened_src {
                        // The file is the baseline ("vs opened"); the restore is one
                        // undoable step on top of it.
                        self.replace_undoably(pending.scenario.clone(), false);
                        if let Some(f) = self.files.as_mut()
                            && let Ok(a) = Autosave::adopt(&paths, &pending)
                        {
                            f.autosave = std::sync::Arc::new(a);
                        }
                        self.status = Some((
                            "restored the autosaved copy: Ctrl-s saves it, u goes back to the file"
                                .into(),
                            Tone::Info,
                        ));
                        return;
                    }
                }
                let keep_path = self.doc.path.clone();
                let opened = self.files.as_mut().and_then(|f| f.opened.take());
                let mut next = App::new(pending.scenario.clone(), keep_path, self.has_worker());
                let mut files = Files::new(paths.clone(), opened);
                if let Ok(a) = Autosave::adopt(&paths, &pending) {
                    files.autosave = std::sync::Arc::new(a);
                }
                next.files = Some(files);
                // Restored work is unsaved until the user saves it.
                next.force_dirty();
                next.status = Some((
                    "restored the autosaved copy: Ctrl-s saves it".into(),
                    Tone::Info,
                ));
                *self = next;
            }
            'd' => {
                if let Some(f) = &self.files {
                    let _ = recovery::discard_recovery(&f.paths, &pending);
                }
                self.mode = Mode::Normal;
                self.status = Some((
                    "discarded the autosaved copy (it is in the trash)".into(),
                    Tone::Info,
                ));
            }
            _ => {
                self.mode = Mode::Normal;
                self.status = Some(("the autosaved copy is kept for later".into(), Tone::Info));
            }
        }
    }
}

/// The recovery to offer at start-up, if any: one whose content differs from its file.
pub fn offer(paths: &Paths) -> Option<PendingRecovery> {
    recovery::pending_recovery(paths)
        .into_iter()
        .find(|p| p.on_disk != recovery::OnDisk::Same)
}

/// Records a save in the file's history (docs/storage.md, "Plan history"); what went wrong,
/// if anything (the save itself stands).
pub(super) fn record_history(
    path: &std::path::Path,
    before: Option<&[u8]>,
    scn: &crate::engine::Scenario,
) -> Option<String> {
    let bytes = crate::scenario::to_ron(scn);
    crate::history::record_after(path, before, scn, bytes.as_bytes())
        .err()
        .map(|why| format!("not in its history: {why}"))
}
