//! The app's view of the plan history (docs/storage.md, "Plan history"): the saves of the
//! open file, newest first, each with what changed; a save compared with the working copy
//! (or with a second, marked save) on the compare screen; a save restored as a new
//! scenario beside the file.
//!
//! Owns: the history list's keys. Must not: draw (that is `ui/overlay.rs`) or read and
//! write the history itself (that is `crate::history`).

use super::app::App;
use super::compare_view::{CompareView, Role};
use super::mode::{Mode, Tone};
use crate::analysis::compare::Comparer;
use crate::history::{self, Entry};

impl App {
    /// `V`: the saves of the open file.
    pub(super) fn open_history(&mut self) {
        let Some(path) = self.doc.path.clone() else {
            self.status = Some((
                "this scenario has not been saved yet: its history starts with its first save"
                    .into(),
                Tone::Error,
            ));
            return;
        };
        match history::entries(&path) {
            Ok(mut entries) if !entries.is_empty() => {
                entries.reverse();
                self.mode = Mode::History {
                    entries,
                    selected: 0,
                    marked: None,
                };
            }
            Ok(_) => {
                self.status = Some((
                    format!(
                        "{} has no history yet: every save from now on is recorded",
                        path.display()
                    ),
                    Tone::Info,
                ))
            }
            Err(e) => self.status = Some((e, Tone::Error)),
        }
    }

    /// A key in the history list: ↑/↓ select, Space marks a second save, Enter compares,
    /// `r` restores, Esc closes.
    pub fn history_key(&mut self, key: char) {
        let Mode::History {
            entries,
            selected,
            marked,
        } = &mut self.mode
        else {
            return;
        };
        let n = entries.len();
        match key {
            'k' | '↑' => *selected = selected.saturating_sub(1),
            'j' | '↓' => *selected = (*selected + 1).min(n.saturating_sub(1)),
            ' ' | 'v' => {
                *marked = match *marked {
                    Some(m) if m == *selected => None,
                    _ => Some(*selected),
                }
            }
            '\n' | 'c' => {
                let chosen: Vec<Entry> = match *marked {
                    Some(m) if m != *selected => {
                        // The older save first: the baseline.
                        let (a, b) = (m.max(*selected), m.min(*selected));
                        vec![entries[a].clone(), entries[b].clone()]
                    }
                    _ => vec![entries[*selected].clone()],
                };
                self.compare_saves(&chosen);
            }
            'r' => {
                let e = entries[*selected].clone();
                self.restore_save(&e);
            }
            '\u{1b}' | 'q' | 'V' => self.mode = Mode::Normal,
            _ => {}
        }
    }

    /// The compare screen with these saves (the first the baseline) and the working copy.
    fn compare_saves(&mut self, saves: &[Entry]) {
        let Some(path) = self.doc.path.clone() else {
            return;
        };
        let mut variants = Vec::new();
        let mut roles = Vec::new();
        for e in saves {
            match history::saved(&path, e.n) {
                Ok(mut s) => {
                    // Short: the date is what tells saves apart (minutes are enough).
                    let when: String = e.when().chars().skip(5).take(11).collect();
                    s.name = format!("save #{} ({when})", e.n);
                    variants.push(s);
                    roles.push(Role::Saved(path.clone(), e.n));
                }
                Err(why) => {
                    self.status = Some((format!("not compared: {why}"), Tone::Error));
                    return;
                }
            }
        }
        let mut copy = self.doc.scn.clone();
        copy.name = format!("{} (editing)", self.doc.scn.name);
        variants.push(copy);
        roles.push(Role::Editing);
        let n = variants.len();
        let at = variants.first().map(|b| b.assumptions.attainment_scale);
        let mut view = CompareView::new(Comparer::new(variants, at), roles);
        if self.has_worker() {
            view.refine_in_background();
        }
        view.refresh_risk();
        self.compare = Some(view);
        self.mode = Mode::Normal;
        let saves = match saves {
            [one] => format!("save #{}", one.n),
            many => many
                .iter()
                .map(|e| format!("#{}", e.n))
                .collect::<Vec<_>>()
                .join(" and "),
        };
        self.status = Some((
            format!("comparing {saves} with the working copy ({n} plans) · v goes back"),
            Tone::Info,
        ));
    }

    /// Writes a save as a new scenario beside the file (never over one); the open file and
    /// the working copy stay as they are.
    fn restore_save(&mut self, e: &Entry) {
        let Some(path) = self.doc.path.clone() else {
            return;
        };
        let written = history::restorable(&path, e.n, None).and_then(|(scn, target)| {
            let text = crate::scenario::to_ron(&scn);
            crate::scenario::store::write_atomic(&target, text.as_bytes(), false).map_err(
                |err| {
                    format!(
                        "cannot write {}: {}",
                        target.display(),
                        crate::scenario::io_reason(&err)
                    )
                },
            )?;
            // The new scenario's own history starts with it.
            let _ = history::record(&target, &scn, text.as_bytes());
            Ok((scn, target))
        });
        self.status = Some(match written {
            Ok((scn, target)) => (
                format!(
                    "save #{} written as a new scenario, \"{}\", to {} (o opens it)",
                    e.n,
                    scn.name,
                    target.display()
                ),
                Tone::Info,
            ),
            Err(why) => (format!("not restored: {why}"), Tone::Error),
        });
    }
}
