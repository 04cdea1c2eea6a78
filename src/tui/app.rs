//! The app: one document and the components that show and edit it. `update(Action)`
//! routes an action to the open mode or the focused component and applies what comes back
//! (re-evaluate, open a mode, move the focus, say something).
//!
//! Owns: the routing, the modes (help, prompts, forms, questions), the focus and the status
//! line. Must not: hold a component's state (see `editor.rs`, `team_table.rs`,
//! `chart_view.rs`, `risk_view.rs`, `compare_view.rs`) or draw (see `ui/`).

use super::action::Action;
use super::document::Document;
use super::editor::Editor;
use super::mode::Say;
use super::session::{Files, Then};
use super::team_table::TeamTable;
use crate::engine::params::Param;
use crate::engine::{Csm, Finding, Scenario};
use ratatui::layout::Rect;
use rust_decimal::Decimal;
use std::path::PathBuf;

pub use super::chart_view::{ChartMode, ChartPoints, ChartView, CurveLine};
pub use super::compare_view::CompareView;
pub use super::editor::MERGE_WINDOW;
pub use super::mode::{Confirm, Focus, MAX_PATH_CHARS, Mode, Outcome, Target, Tone};
pub use super::risk_view::RiskView;
pub use super::team_table::SortCol;

/// Where things were drawn last frame, for the mouse.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hits {
    pub editor: Rect,
    /// (screen row, editor row index) for each visible editor row.
    pub editor_rows: Vec<(u16, usize)>,
    /// Columns of the slider bars: (first x, width).
    pub bar: (u16, u16),
    pub table: Rect,
    /// Screen row of the first data row and the team indices shown from there.
    pub table_rows: (u16, Vec<usize>),
    pub chart: Rect,
    /// How far the help can scroll in this window (0 when it shows whole).
    pub help_scroll: u16,
    /// How far the open text (a statement) can scroll in this window.
    pub text_scroll: usize,
}

pub struct App {
    /// The scenario being edited, its history and evaluation (read through `Deref`:
    /// `app.scn`, `app.eval`).
    pub doc: Document,
    pub editor: Editor,
    pub table: TeamTable,
    pub chart: ChartView,
    /// The cost-risk view (`R`), when open.
    pub risk: Option<RiskView>,
    /// The team changed since the risk worker last got it.
    risk_team_stale: bool,
    /// The compare screen, when open.
    pub compare: Option<CompareView>,
    /// Scenarios marked in the browser (v) to compare with the working copy.
    pub compare_marks: Vec<PathBuf>,
    /// First warning shown in the guardrails pane.
    pub warnings_offset: usize,
    pub focus: Focus,
    pub mode: Mode,
    pub status: Option<(String, Tone)>,
    pub quit: bool,
    /// Ctrl-c: leave at once, keeping unsaved work in the recovery file (as on SIGINT).
    pub interrupted: bool,
    pub hits: Hits,
    /// Draw without colour (`NO_COLOR` was set when the app started).
    pub no_color: bool,
    /// While set, plan changes mark the results stale instead of re-evaluating; `flush`
    /// catches up. The event loop sets it while it drains queued input.
    pub defer: bool,
    stale: bool,
    /// The store, autosave and settings (none in tests that don't touch files).
    pub files: Option<Files>,
    /// The browser entry being renamed.
    pub browsing: Option<PathBuf>,
    /// The workbook whose sheet is being asked for (an import), with its sheets.
    pub import_book: Option<(PathBuf, Vec<String>)>,
}

/// The app shows one document: what is true of it reads as the app's (`app.scn`,
/// `app.eval`, `app.is_dirty()`); changes go through `app.doc` or the app's methods.
impl std::ops::Deref for App {
    type Target = Document;
    fn deref(&self) -> &Document {
        &self.doc
    }
}

impl App {
    /// A new app on a valid scenario. `background` starts the worker threads (tests leave
    /// them off and compute curves and risk inline).
    pub fn new(scn: Scenario, path: Option<PathBuf>, background: bool) -> App {
        let mut app = App {
            editor: Editor::new(&scn),
            table: TeamTable::new(scn.team.len()),
            chart: ChartView::new(&scn, background),
            doc: Document::new(scn, path),
            risk: None,
            risk_team_stale: false,
            compare: None,
            compare_marks: Vec::new(),
            warnings_offset: 0,
            focus: Focus::Editor,
            mode: Mode::Normal,
            status: None,
            quit: false,
            interrupted: false,
            hits: Hits::default(),
            no_color: crate::tui::ui::palette::no_color_env(),
            defer: false,
            stale: false,
            files: None,
            browsing: None,
            import_book: None,
        };
        app.chart.request_curves(&app.doc, true);
        app
    }

    /// An app that first shows why `path` could not be opened, offering the sample.
    pub fn load_failed(message: String, background: bool) -> App {
        let mut app = App::new(crate::scenario::sample(), None, background);
        app.mode = Mode::LoadFailed { message };
        app
    }

    /// The selected parameter in the plan editor.
    pub fn param(&self) -> Option<Param> {
        self.editor.param()
    }

    /// The component the selection points at (for the payout chart and breakdown).
    pub fn component(&self) -> usize {
        self.editor.component()
    }

    /// The selected CSM's position in table order.
    pub fn selected_pos(&self) -> usize {
        self.table.selected_pos()
    }

    pub fn sort_label(&self) -> String {
        self.table.sort_label()
    }

    pub(super) fn info(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), Tone::Info));
    }

    pub(super) fn error(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), Tone::Error));
    }

    /// Applies what a component hands back. False when it ignored the action.
    pub(super) fn apply(&mut self, out: Outcome) -> bool {
        if out.ignored {
            return false;
        }
        if out.team_changed {
            self.after_team_change();
        } else if out.changed {
            self.recompute();
        }
        if let Some(f) = out.focus {
            self.focus = f;
        }
        if let Some(m) = out.open {
            self.mode = m;
        }
        match out.say {
            Say::Keep => {}
            Say::Clear => self.status = None,
            Say::Info(m) => self.info(m),
            Say::Error(m) => self.error(m),
        }
        true
    }

    /// Applies a parameter value as one undoable step (nudges of the same slider in a row
    /// merge into one step).
    pub fn set_param(&mut self, param: Param, value: Option<Decimal>, merge: bool) {
        let out = self.editor.set_param(&mut self.doc, param, value, merge);
        self.apply(out);
    }

    /// Opens with errors the plan editor can fix (see [`Document::plan_errors`]).
    pub fn set_plan_errors(&mut self, problems: Vec<Finding>) {
        self.doc.plan_errors = problems;
        if let Some(e) = self.doc.plan_errors.first() {
            let n = self.doc.plan_errors.len();
            let msg = format!(
                "{} to fix before saving: {} (sliders marked ✗)",
                if n == 1 {
                    "an error".to_string()
                } else {
                    format!("{n} errors")
                },
                e.message.split("; ").next().unwrap_or(&e.message)
            );
            self.error(msg);
        }
    }

    /// Re-evaluates after a change (or marks the results stale while input is queued).
    pub fn recompute(&mut self) {
        self.touched();
        if self.defer {
            self.stale = true;
        } else {
            self.recompute_now();
        }
    }

    /// Brings stale results up to date.
    pub fn flush(&mut self) {
        if self.stale {
            self.recompute_now();
        }
    }

    fn recompute_now(&mut self) {
        self.stale = false;
        self.sync_compare(false);
        self.doc.evaluate();
        self.warnings_offset = self
            .warnings_offset
            .min(self.doc.warnings.len().saturating_sub(1));
        self.table.resort(&self.doc);
        self.chart.request_curves(&self.doc, false);
        if let Some(view) = &mut self.risk {
            view.request(&self.doc, self.risk_team_stale);
        }
        self.risk_team_stale = false;
    }

    /// Changes the team as one undoable step and re-evaluates.
    pub fn change_team(&mut self, f: impl FnOnce(&mut Vec<Csm>)) {
        self.doc.change_team(f);
        self.after_team_change();
    }

    fn after_team_change(&mut self) {
        self.risk_team_stale = true;
        self.doc.team_changed();
        self.touched();
        self.sync_compare(true);
        // Baseline totals follow the team by CSM id; new CSMs have no baseline.
        self.table.after_team_change(self.doc.scn.team.len());
        self.chart.set_team(&self.doc.scn);
        // A team without projections brings the editor's row for the rule that pays them.
        self.editor.after_plan_swap(&self.doc.scn);
        self.recompute_now();
        self.chart.request_curves(&self.doc, true);
    }

    fn after_plan_swap(&mut self) {
        self.editor.after_plan_swap(&self.doc.scn);
        self.recompute();
    }

    pub(super) fn undo_redo(&mut self, undo: bool) {
        self.editor.end_gesture();
        match self.doc.step_history(undo) {
            None => self.info(if undo {
                "nothing to undo"
            } else {
                "nothing to redo"
            }),
            Some(team_swapped) => {
                if team_swapped {
                    self.after_team_change();
                }
                self.after_plan_swap();
                self.info(if undo { "undone" } else { "redone" });
            }
        }
    }

    /// Takes finished work from the workers. True when something new arrived.
    pub fn poll_worker(&mut self) -> bool {
        let risk = self.risk.as_mut().is_some_and(|r| r.poll())
            | self.compare.as_mut().is_some_and(|v| v.poll_risk());
        self.chart.poll() || risk
    }

    /// True while a worker is computing something the screen waits for.
    pub fn waiting_for_worker(&self) -> bool {
        self.risk.as_ref().is_some_and(|r| r.refining())
            || self.compare.as_ref().is_some_and(|v| v.risk_refining())
            || self.chart.waiting()
    }

    pub(super) fn has_worker(&self) -> bool {
        self.chart.has_worker()
    }

    /// Opens or closes the cost-risk view.
    pub fn toggle_risk(&mut self) {
        if self.compare.take().is_some() {
            self.focus = Focus::Editor;
        }
        if self.risk.take().is_some() {
            self.info("back to the plan");
            return;
        }
        self.risk = Some(RiskView::open(&self.doc, self.has_worker()));
        self.info(RiskView::hint(self.focus == Focus::Table));
    }

    /// The page size of the focused pane (the rows shown at the last draw).
    fn page(&self) -> usize {
        match self.focus {
            Focus::Editor => self.editor.page.max(1),
            _ => self.table.page.max(1),
        }
    }

    pub fn update(&mut self, action: Action) {
        if self.modal_action(action) {
            return;
        }
        if self.compare_action(action) {
            return;
        }
        if self.route(action) {
            return;
        }
        match action {
            Action::Quit => {
                if self.is_dirty() {
                    self.mode = Mode::Unsaved(Then::Quit);
                } else {
                    self.quit = true;
                }
            }
            Action::Close => self.info("q quits · ? shows every key"),
            Action::Save => {
                self.save();
            }
            Action::Branch => self.start_branch(),
            Action::Compare => {
                // One view at a time on the right: compare replaces the risk view.
                self.risk = None;
                self.toggle_compare();
            }
            Action::CompareFilter
            | Action::CompareFind
            | Action::CompareExport
            | Action::CompareScale => self.info("that key works on the compare screen: v opens it"),
            Action::ImportRoster => self.mode = Mode::prompt(Target::ImportPath, String::new()),
            Action::ExportRoster => self.start_export_roster(),
            Action::ExportWorkbook => self.start_export_workbook(),
            Action::StatementPage => {
                self.start_export_page(super::mode::Page::Statement(self.table.selected))
            }
            Action::SummaryPage => self.start_export_page(super::mode::Page::Summary),
            Action::ChartSvg => self.start_export_page(super::mode::Page::Chart),
            Action::PlanInfo => self.mode = Mode::PlanForm { row: 0 },
            Action::History => self.open_history(),
            Action::Sensitivity => self.open_sensitivity(),
            Action::Design => self.mode = Mode::prompt(super::mode::Target::Design, String::new()),
            Action::Browse => self.open_browser(),
            Action::ToggleHelp => self.mode = Mode::Help { offset: 0 },
            Action::FocusNext | Action::FocusPrev => {
                let i = Focus::ORDER
                    .iter()
                    .position(|f| *f == self.focus)
                    .unwrap_or(0);
                let n = Focus::ORDER.len();
                let j = if action == Action::FocusNext {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                let hint = self
                    .risk
                    .as_ref()
                    .map(|_| RiskView::hint(self.focus == Focus::Table));
                self.focus = Focus::ORDER[j];
                // The risk view's hint follows the focus.
                if hint.is_some() && self.status.as_ref().map(|s| &s.0) == hint.as_ref() {
                    self.info(RiskView::hint(self.focus == Focus::Table));
                }
            }
            Action::Risk => self.toggle_risk(),
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            Action::Reset => {
                let doc = &mut self.doc;
                if doc.scn.plan == doc.baseline.plan
                    && doc.scn.assumptions == doc.baseline.assumptions
                {
                    self.info("already at the plan as opened");
                    return;
                }
                let before = doc.snapshot();
                doc.push_undo(before);
                doc.scn.plan = doc.baseline.plan.clone();
                doc.scn.assumptions = doc.baseline.assumptions.clone();
                self.after_plan_swap();
                self.info("plan reset to how it was opened; team edits are kept (u undoes)");
            }
            _ => {}
        }
    }

    /// Offers `action` to the components, the focused one first. True when one took it.
    fn route(&mut self, action: Action) -> bool {
        let moves = matches!(
            action,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Home
                | Action::End
                | Action::First
                | Action::Last
        );
        match self.focus {
            Focus::Warnings if moves => {
                let last = self.doc.warnings.len().saturating_sub(1);
                self.warnings_offset = match action {
                    Action::Home | Action::First => 0,
                    Action::End | Action::Last => last,
                    _ => {
                        let page = self.page() as isize;
                        let d = match action {
                            Action::Up => -1,
                            Action::Down => 1,
                            Action::PageUp => -page,
                            _ => page,
                        };
                        (self.warnings_offset as isize + d).clamp(0, last as isize) as usize
                    }
                };
                return true;
            }
            Focus::Table if moves && self.risk.is_some() => {
                let page = self.page();
                if let Some(v) = &mut self.risk {
                    v.handle(action, page);
                }
                return true;
            }
            Focus::Table | Focus::Chart if moves => {
                let out = self.table.handle(&mut self.doc, action, true);
                return self.apply(out);
            }
            Focus::Table if action == Action::Edit => {
                let out = self.table.handle(&mut self.doc, action, true);
                return self.apply(out);
            }
            Focus::Chart if matches!(action, Action::Left | Action::Right) => {
                let steps = if action == Action::Left { -1 } else { 1 };
                self.editor.walk_components(&self.doc.scn, steps);
                return true;
            }
            _ => {}
        }
        if action == Action::ToggleChart {
            let out = self.chart.handle(action);
            return self.apply(out);
        }
        if matches!(
            action,
            Action::Statement
                | Action::AddCsm
                | Action::DeleteCsm
                | Action::SortNext
                | Action::SortReverse
        ) {
            let out = self
                .table
                .handle(&mut self.doc, action, self.focus == Focus::Table);
            return self.apply(out);
        }
        let focused = self.focus == Focus::Editor;
        let out = self.editor.handle(&mut self.doc, action, focused);
        if matches!(
            action,
            Action::Left | Action::Right | Action::BigLeft | Action::BigRight
        ) && !focused
        {
            // Sliders move only in the editor; elsewhere these keys do nothing.
            return true;
        }
        self.apply(out)
    }

    /// Saves to the scenario's file (atomically, keeping the previous version as .bak).
    /// Returns true when saved.
    pub fn save(&mut self) -> bool {
        if let Some(saved) = self.store_save(false) {
            return saved;
        }
        let Some(path) = self.doc.path.clone() else {
            self.error(
                "this is the bundled sample: save it under a name with `cscomp-tui new FILE` first",
            );
            return false;
        };
        let text = crate::scenario::to_ron(&self.doc.scn);
        match crate::scenario::store::write_atomic(&path, text.as_bytes(), true) {
            Ok(()) => {
                self.mark_saved();
                match crate::history::record(&path, &self.doc.scn, text.as_bytes()) {
                    Ok(_) => self.info(format!("saved to {}", path.display())),
                    Err(why) => self.error(format!(
                        "saved to {}; not in its history: {why}",
                        path.display()
                    )),
                }
                true
            }
            Err(e) => {
                self.error(format!(
                    "not saved: {} ({}); the file on disk is unchanged",
                    crate::scenario::io_reason(&e),
                    path.display()
                ));
                false
            }
        }
    }

    /// Marks the working copy as differing from the file (a restored recovery copy of a
    /// scenario whose file is gone or broken).
    pub(super) fn force_dirty(&mut self) {
        self.doc.force_dirty();
    }

    pub(super) fn mark_saved(&mut self) {
        self.doc.mark_saved();
        // A save is always an undo boundary: the next nudge starts a new step.
        self.editor.end_nudge();
    }

    /// Replaces the plan, assumptions and team with `other` as one undoable step (reloading
    /// the file, restoring an autosave): nothing the user had is lost, `u` brings it back.
    /// When `as_saved`, `other` is what the file now holds.
    pub(super) fn replace_undoably(&mut self, other: Scenario, as_saved: bool) {
        self.editor.end_gesture();
        self.doc.replace_undoably(other, as_saved);
        self.after_team_change();
        self.after_plan_swap();
    }

    // ---- mouse -------------------------------------------------------------------------

    fn inside(r: Rect, x: u16, y: u16) -> bool {
        x >= r.x && x < r.x.saturating_add(r.width) && y >= r.y && y < r.y.saturating_add(r.height)
    }

    /// A click (or drag, when `drag`) at a cell.
    pub fn click(&mut self, x: u16, y: u16, drag: bool) {
        if !matches!(self.mode, Mode::Normal) {
            return;
        }
        let h = self.hits.clone();
        if Self::inside(h.editor, x, y) {
            self.focus = Focus::Editor;
            let row = h
                .editor_rows
                .iter()
                .find(|(ry, _)| *ry == y)
                .map(|&(_, r)| r);
            let (bx, bw) = h.bar;
            let bar = (bw > 1 && x >= bx && x < bx + bw).then(|| (x - bx, bw));
            let out = self.editor.click(&mut self.doc, row, bar, drag);
            self.apply(out);
        } else if Self::inside(h.table, x, y) {
            self.focus = Focus::Table;
            let (first, ref shown) = h.table_rows;
            if y >= first
                && let Some(&i) = shown.get((y - first) as usize)
            {
                self.table.selected = i;
            }
        } else if Self::inside(h.chart, x, y) && !drag {
            self.focus = Focus::Chart;
        }
    }

    /// Mouse wheel: scroll the pane under the pointer; over a slider's bar, nudge it.
    pub fn wheel(&mut self, x: u16, y: u16, up: bool) {
        if matches!(self.mode, Mode::Text { .. }) {
            for _ in 0..3 {
                self.update(if up { Action::Up } else { Action::Down });
            }
            return;
        }
        if !matches!(self.mode, Mode::Normal) {
            return;
        }
        let h = self.hits.clone();
        let d = if up { -1 } else { 1 };
        if Self::inside(h.editor, x, y) {
            let (bx, bw) = h.bar;
            let on_bar = x >= bx && x < bx + bw;
            if on_bar && let Some(&(_, row)) = h.editor_rows.iter().find(|(ry, _)| *ry == y) {
                self.focus = Focus::Editor;
                self.editor.select_row(row);
                let out = self.editor.nudge(&mut self.doc, if up { 1 } else { -1 });
                self.apply(out);
            } else {
                self.editor.move_row(d);
            }
        } else if Self::inside(h.table, x, y) {
            self.table.move_by(d * 3);
        } else if self.compare.is_some() {
            self.compare_wheel(up);
        }
    }
}

/// Every key the app or one of its components answers, for help and the hint bar: the key
/// table lists no key that nothing answers.
pub fn commands() -> impl Iterator<Item = Action> {
    const APP: &[Action] = &[
        Action::Quit,
        Action::Close,
        Action::Save,
        Action::Branch,
        Action::Browse,
        Action::ImportRoster,
        Action::ExportRoster,
        Action::ExportWorkbook,
        Action::StatementPage,
        Action::SummaryPage,
        Action::ChartSvg,
        Action::PlanInfo,
        Action::History,
        Action::Sensitivity,
        Action::Design,
        Action::ToggleHelp,
        Action::FocusNext,
        Action::FocusPrev,
        Action::Undo,
        Action::Redo,
        Action::Reset,
    ];
    APP.iter()
        .chain(super::editor::COMMANDS)
        .chain(super::team_table::COMMANDS)
        .chain(super::chart_view::COMMANDS)
        .chain(super::risk_view::COMMANDS)
        .chain(super::compare_view::COMMANDS)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::params::Row;

    #[test]
    fn every_key_in_the_table_is_answered_by_someone() {
        let answered: Vec<Action> = commands().collect();
        for b in super::super::keys::BINDINGS {
            assert!(
                answered.contains(&b.action),
                "{} ({:?}) is in the key table but no component answers it",
                b.label,
                b.action
            );
        }
    }

    #[test]
    fn a_row_that_is_not_a_parameter_is_never_selected() {
        let app = App::new(crate::scenario::sample(), None, false);
        assert!(matches!(
            app.editor.rows.get(app.editor.row),
            Some(Row::Param(_))
        ));
    }
}
