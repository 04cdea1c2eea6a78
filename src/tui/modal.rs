//! The app's modes that are not a pane: the help and a scrolled text, a CSM's form, the
//! prompts (typing a value, a name, a path) and the questions (unsaved changes, a file
//! changed on disk, yes/no). Each takes the keys while it is open.
//!
//! Owns: what a key does in an open mode and where the app returns after it. Must not:
//! draw (that is `ui/overlay.rs` and the status bar in `ui/mod.rs`).

use super::action::Action;
use super::app::App;
use super::import_form::FormOutcome;
use super::mode::{Confirm, Mode, Outcome, Say, Target};
use super::session::Then;
use super::team_table::form_key;
use crate::engine::params::Param;

impl App {
    /// An action while a mode other than the normal one is open (help, a text, a form, a
    /// question): true when the mode took it.
    pub(super) fn modal_action(&mut self, action: Action) -> bool {
        match &self.mode {
            Mode::Help { offset } => {
                let most = self.hits.help_scroll;
                let offset = match action {
                    Action::ToggleHelp | Action::Close | Action::Quit => {
                        self.mode = Mode::Normal;
                        return true;
                    }
                    Action::Up => offset.saturating_sub(1),
                    Action::Down => offset.saturating_add(1),
                    Action::PageUp => offset.saturating_sub(10),
                    Action::PageDown => offset.saturating_add(10),
                    Action::Home | Action::First => 0,
                    Action::End | Action::Last => most,
                    _ => *offset,
                };
                self.mode = Mode::Help {
                    offset: offset.min(most),
                };
                true
            }
            Mode::Text { offset, .. } => {
                // As far as the last draw showed the end, no further.
                let most = self.hits.text_scroll;
                let at = (*offset).min(most);
                let page = 10;
                let to = match action {
                    Action::Up => at.saturating_sub(1),
                    Action::Down => at + 1,
                    Action::PageUp => at.saturating_sub(page),
                    Action::PageDown => at + page,
                    Action::Home => 0,
                    Action::End => most,
                    Action::Close | Action::Quit | Action::Statement => {
                        self.mode = Mode::Normal;
                        return true;
                    }
                    _ => at,
                };
                if let Mode::Text { offset, .. } = &mut self.mode {
                    *offset = to.min(most);
                }
                true
            }
            // Keys reach the history list directly; a mouse or a bound action closes it
            // at most.
            Mode::History { .. } => {
                if matches!(action, Action::Close | Action::Quit | Action::History) {
                    self.mode = Mode::Normal;
                }
                true
            }
            Mode::Sensitivity { .. } => {
                if matches!(action, Action::Close | Action::Quit | Action::Sensitivity) {
                    self.mode = Mode::Normal;
                }
                true
            }
            Mode::Unsaved(_)
            | Mode::ChangedOnDisk { .. }
            | Mode::Browser { .. }
            | Mode::Recovery(_) => {
                if action == Action::Close {
                    self.mode = Mode::Normal;
                    self.info("not quitting");
                }
                true
            }
            Mode::LoadFailed { .. } => {
                match action {
                    Action::Quit | Action::Close => self.quit = true,
                    Action::Edit => self.mode = Mode::Normal,
                    _ => {}
                }
                true
            }
            Mode::Input { .. } | Mode::Confirm { .. } => true,
            Mode::CsmForm { csm, row } => {
                match action {
                    Action::Undo => self.undo_redo(true),
                    Action::Redo => self.undo_redo(false),
                    _ => {
                        let out = form_key(&self.doc, *csm, *row, action);
                        self.apply(out);
                    }
                }
                true
            }
            Mode::ImportForm(_) => {
                self.import_form_key(action);
                true
            }
            Mode::PlanForm { row } => {
                let row = *row;
                match action {
                    Action::Undo => self.undo_redo(true),
                    Action::Redo => self.undo_redo(false),
                    _ => self.plan_form_key(row, action),
                }
                true
            }
            Mode::Normal => false,
        }
    }

    /// A key in the plan-info form: ↑↓ choose a field, Enter edits it (the status steps
    /// through draft, proposed, approved and none), Esc closes.
    fn plan_form_key(&mut self, row: usize, action: Action) {
        use super::plan_info::{FIELDS, PlanField};
        let n = FIELDS.len();
        match action {
            Action::Quit | Action::Close => self.mode = Mode::Normal,
            Action::Up => {
                self.mode = Mode::PlanForm {
                    row: row.saturating_sub(1),
                }
            }
            Action::Down => {
                self.mode = Mode::PlanForm {
                    row: (row + 1).min(n - 1),
                }
            }
            Action::Edit | Action::Left | Action::Right if FIELDS[row] == PlanField::Status => {
                let next = PlanField::next_status(self.doc.scn.plan.status);
                let text = next.map_or("none", |s| s.label());
                if let Err(e) = self.set_plan_info(PlanField::Status, text) {
                    self.error(e);
                }
            }
            Action::Edit
                if FIELDS[row] == PlanField::Notes
                    && self.doc.scn.plan.notes.lines().count() > 1 =>
            {
                self.error("the notes run over several lines: edit them in the scenario file");
            }
            Action::Edit => {
                let field = FIELDS[row];
                self.mode = Mode::Input {
                    target: Target::PlanInfo(field),
                    buffer: field.edit_text(&self.doc.scn),
                    error: None,
                    fresh: true,
                };
            }
            _ => {}
        }
    }

    /// Sets a field of the plan's info as one undoable step.
    fn set_plan_info(
        &mut self,
        field: super::plan_info::PlanField,
        text: &str,
    ) -> Result<(), String> {
        let before = self.doc.snapshot();
        field.apply(&mut self.doc.scn, text)?;
        if !self.doc.plan_as_in(&before) {
            self.doc.push_undo(before);
            self.apply(Outcome::done().changed());
        }
        Ok(())
    }

    /// A key in the import form: choices change in the form; Enter imports with them.
    fn import_form_key(&mut self, action: Action) {
        let Mode::ImportForm(form) = &mut self.mode else {
            return;
        };
        match form.handle(action) {
            FormOutcome::Stay => {}
            FormOutcome::Cancel => {
                self.mode = Mode::Normal;
                self.info("not imported; the team is unchanged");
            }
            FormOutcome::Import(map, levels) => {
                let Mode::ImportForm(form) = std::mem::replace(&mut self.mode, Mode::Normal) else {
                    return;
                };
                let form = *form;
                if let Err(e) =
                    self.import_table(form.path, form.sheet, form.table, map, levels, true)
                {
                    self.error(e);
                }
            }
        }
    }

    // ---- typed input -----------------------------------------------------------------

    pub fn input_char(&mut self, c: char) {
        self.mode.type_char(c);
    }

    pub fn input_backspace(&mut self) {
        self.mode.erase(false);
    }

    /// Ctrl-U: clears what was typed.
    pub fn input_clear(&mut self) {
        self.mode.erase(true);
    }

    /// Where Esc or Enter returns to after typing.
    fn after_input(&self, target: Target) -> Mode {
        match target {
            Target::Field { csm, field } => Mode::CsmForm {
                csm,
                row: super::team_edit::fields(&self.doc.scn)
                    .iter()
                    .position(|f| *f == field)
                    .unwrap_or(0),
            },
            Target::PlanInfo(field) => Mode::PlanForm {
                row: super::plan_info::FIELDS
                    .iter()
                    .position(|f| *f == field)
                    .unwrap_or(0),
            },
            Target::Param(_)
            | Target::SaveName
            | Target::BranchName
            | Target::Rename
            | Target::ImportPath
            | Target::ImportSheet
            | Target::PagePath(_)
            | Target::ExportPath
            | Target::WorkbookPath
            | Target::CompareFind
            | Target::CompareExportPath
            | Target::Solve(_)
            | Target::Design
            | Target::Transfer(_) => Mode::Normal,
        }
    }

    pub fn input_cancel(&mut self) {
        if let Mode::Input { target, .. } = self.mode {
            if target == Target::ImportSheet {
                self.import_book = None;
            }
            self.mode = self.after_input(target);
            self.info("cancelled");
        }
    }

    /// Applies what a prompt's component made of the text: an error stays in the prompt.
    fn apply_typed(&mut self, result: Result<Outcome, String>) -> Result<(), String> {
        self.apply(result?);
        Ok(())
    }

    pub fn input_commit(&mut self) {
        let Mode::Input { target, buffer, .. } = &self.mode else {
            return;
        };
        let (target, buffer) = (*target, buffer.clone());
        let result = match target {
            Target::Param(param) => self.commit_param(param, &buffer),
            Target::SaveName => self.save_named(&buffer, false),
            Target::BranchName => self.save_named(&buffer, true),
            Target::Rename => self.rename_browsed(&buffer),
            Target::ImportPath => self.import_roster(&buffer),
            Target::ImportSheet => self.import_sheet(&buffer),
            Target::ExportPath => self.export_roster(&buffer),
            Target::WorkbookPath => self.export_workbook(&buffer),
            Target::PagePath(page) => self.export_page(page, &buffer),
            Target::CompareFind => self.compare_find(&buffer),
            Target::CompareExportPath => self.export_compare(&buffer),
            Target::Solve(param) => {
                let out = self.editor.solve_for(&mut self.doc, param, &buffer);
                self.apply_typed(out)
            }
            Target::Transfer(from) => {
                let out = self.editor.transfer_weight(&mut self.doc, from, &buffer);
                self.apply_typed(out)
            }
            Target::Design => self.design_typed(&buffer),
            Target::PlanInfo(field) => self.set_plan_info(field, &buffer),
            Target::Field { csm, field } => {
                let mut next = self.doc.scn.clone();
                field.apply(&mut next, csm, &buffer).map(|()| {
                    let note = field.attainment_note(&next, csm);
                    if next.team != self.doc.scn.team {
                        self.change_team(|team| *team = next.team);
                    }
                    match note {
                        Some(note) => self.info(note),
                        // A later, plausible value retires the note.
                        None if self
                            .status
                            .as_ref()
                            .is_some_and(|s| s.0.starts_with("applied, but check it")) =>
                        {
                            self.status = None
                        }
                        None => {}
                    }
                })
            }
        };
        match result {
            Ok(()) if target == Target::Rename => {}
            Ok(()) if target == Target::ImportSheet => {}
            Ok(()) if target.is_path() => {}
            Ok(())
                if matches!(
                    target,
                    Target::Solve(_) | Target::Transfer(_) | Target::Design
                ) => {}
            Ok(()) => self.mode = self.after_input(target),
            Err(e) => {
                if let Mode::Input { error, .. } = &mut self.mode {
                    *error = Some(e);
                }
            }
        }
    }

    /// A value typed for a slider: applied, or the reason it was not, for the prompt.
    fn commit_param(&mut self, param: Param, text: &str) -> Result<(), String> {
        let v = param.parse(&self.doc.scn, text)?;
        let out = self.editor.set_param(&mut self.doc, param, v, false);
        if let Say::Error(msg) = out.say {
            self.status = None;
            return Err(msg);
        }
        self.apply(out);
        // A typed target that leaves actuals implausibly far from it says so where it was
        // typed (the guardrails list it too).
        if let Param::Target(i) = param {
            let at = format!("plan.components[{i}] ");
            if let Some(w) = self
                .doc
                .warnings
                .iter()
                .find(|w| w.code == "implausible-attainment" && w.location.starts_with(&at))
            {
                let msg = format!("applied, but check it: {}", w.message);
                self.info(msg);
            }
        }
        Ok(())
    }

    /// The answer to "unsaved changes: save, discard or cancel?".
    pub fn answer_unsaved(&mut self, key: char) {
        let Mode::Unsaved(then) = &self.mode else {
            return;
        };
        let then = then.clone();
        let go = |app: &mut App| match &then {
            Then::Quit => app.quit = true,
            Then::Open(p) => app.open_path(p),
        };
        match key.to_ascii_lowercase() {
            's' => {
                self.mode = Mode::Normal;
                if self.save() {
                    go(self);
                }
            }
            'd' => {
                self.mode = Mode::Normal;
                go(self);
            }
            _ => {
                self.mode = Mode::Normal;
                self.info(if then == Then::Quit {
                    "not quitting"
                } else {
                    "kept working on this scenario"
                });
            }
        }
    }

    /// The answer to "the file changed on disk: reload, overwrite or save as?".
    pub fn answer_changed(&mut self, key: char) {
        if !matches!(self.mode, Mode::ChangedOnDisk { .. }) {
            return;
        }
        self.mode = Mode::Normal;
        match key.to_ascii_lowercase() {
            'r' => self.reload(),
            'o' => {
                self.store_save(true);
            }
            'a' => self.start_branch(),
            _ => self.info("not saved; the file on disk is unchanged"),
        }
    }

    /// Answers the open yes/no question.
    pub fn answer(&mut self, yes: bool) {
        let Mode::Confirm { on_yes, .. } = &self.mode else {
            return;
        };
        let on_yes = on_yes.clone();
        self.mode = Mode::Normal;
        if !yes {
            self.info("kept");
            return;
        }
        match on_yes {
            Confirm::Trash(path) => self.trash(&path),
            Confirm::OverwriteRoster(path) => {
                if let Err(e) = self.write_roster(&path) {
                    self.error(e);
                }
            }
            Confirm::OverwritePage(page, path) => {
                if let Err(e) = self.write_page(page, &path) {
                    self.error(e);
                }
            }
            Confirm::OverwriteWorkbook(path) => {
                if let Err(e) = self.write_workbook(&path) {
                    self.error(e);
                }
            }
            Confirm::OverwriteCompare(path) => {
                if let Err(e) = self.write_compare(&path) {
                    self.error(e);
                }
            }
            Confirm::DeleteCsm(i) => {
                if i < self.doc.scn.team.len() {
                    let name = self.doc.scn.team[i].name.clone();
                    self.change_team(|team| {
                        team.remove(i);
                    });
                    self.info(format!("removed {name} (u undoes)"));
                }
            }
        }
    }
}
