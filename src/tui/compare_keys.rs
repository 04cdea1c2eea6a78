//! The app's side of the compare screen: opening it on the marked scenarios, keeping the
//! edited column in step with every change, what its keys do, and writing the comparison
//! as Markdown for finance.
//!
//! Owns: the compare screen's actions. Must not: draw (that is `ui/compare.rs`) or compute
//! pay (that is `crate::analysis::compare`).

use super::action::Action;
use super::app::App;
use super::compare_view::{CompareView, CsmFilter, CsmSort, Pane, Role, risk_line};
use super::mode::{Confirm, Focus, Mode, Target, Tone};
use super::roster_io::{expand_home, show_path};
use crate::analysis::compare::{Comparer, MAX_VARIANTS};
use crate::engine::Scenario;
use crate::output::compare as report;
use crate::scenario::{io_reason, store::write_atomic};
use std::path::{Path, PathBuf};

/// "a plan" / "3 plans".
fn plans(n: usize) -> String {
    if n == 1 {
        "1 plan".into()
    } else {
        format!("{n} plans")
    }
}

/// Two scenarios that would compute the same: same plan, assumptions and team.
fn same_content(a: &Scenario, b: &Scenario) -> bool {
    a.plan == b.plan && a.assumptions == b.assumptions && a.team == b.team
}

impl App {
    fn say(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), Tone::Info));
    }

    fn say_error(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), Tone::Error));
    }

    /// The working copy as the compare screen shows it: named as being edited.
    fn editing_copy(&self) -> Scenario {
        let mut s = self.doc.scn.clone();
        s.name = format!("{} (editing)", self.doc.scn.name);
        s
    }

    /// Opens or closes the compare screen: the plan as opened (baseline), the scenarios
    /// marked in the browser, and the working copy, which follows every edit live. A
    /// marked scenario that is the one open, or that has the same plan, assumptions and
    /// team as a column already there, is not shown again.
    pub fn toggle_compare(&mut self) {
        if self.compare.take().is_some() {
            self.focus = Focus::Editor;
            self.say("back to the plan");
            return;
        }
        let mut base = self.doc.scn.clone();
        base.plan = self.doc.baseline.plan.clone();
        base.assumptions = self.doc.baseline.assumptions.clone();
        base.name = format!("{} (as opened)", self.doc.baseline.name);
        let mut variants = vec![base];
        let mut roles = vec![Role::AsOpened];
        let mut skipped: Vec<String> = Vec::new();
        let mut failed: Option<String> = None;
        if let Some(f) = &self.files {
            for p in &self.compare_marks {
                if self.doc.path.as_ref() == Some(p) {
                    skipped.push(format!("{} is the one open", self.doc.scn.name));
                    continue;
                }
                match f.store.open(p) {
                    Ok((s, _)) if variants.iter().any(|v| same_content(v, &s)) => {
                        skipped.push(format!("{} is the same as a column shown", s.name));
                    }
                    Ok((s, _)) if variants.len() + 1 < MAX_VARIANTS => {
                        roles.push(Role::Marked(p.clone()));
                        variants.push(s);
                    }
                    Ok((s, _)) => skipped.push(format!("{}: at most {MAX_VARIANTS}", s.name)),
                    Err(e) => failed = Some(format!("not compared: {}", e.short())),
                }
            }
        }
        variants.push(self.editing_copy());
        roles.push(Role::Editing);
        let n = variants.len();
        // One attainment for every plan, the baseline's: a difference is then the plans',
        // not their what-ifs (A switches to each at its own).
        let at = variants.first().map(|b| b.assumptions.attainment_scale);
        let comparer = Comparer::new(variants, at);
        let mut view = CompareView::new(comparer, roles);
        if self.has_worker() {
            view.refine_in_background();
        }
        view.refresh_risk();
        self.compare = Some(view);
        self.focus = Focus::Editor;
        if let Some(e) = failed {
            self.say_error(e);
        } else if !skipped.is_empty() {
            self.say(format!(
                "comparing {}; not shown twice: {}",
                plans(n),
                skipped.join("; ")
            ));
        } else {
            self.say(format!("compare: the sliders edit [{n}] · Tab: details"));
        }
    }

    /// Keeps the compare screen's working-copy column in step with the app.
    pub(super) fn sync_compare(&mut self, team_changed: bool) {
        let name = format!("{} (editing)", self.doc.scn.name);
        let copy = team_changed.then(|| self.editing_copy());
        let Some(v) = &mut self.compare else { return };
        let last = v.comparer.len().saturating_sub(1);
        if let Some(copy) = copy {
            v.comparer.replace(last, copy);
            v.risk_team_stale = true;
        } else {
            if let Some(p) = v.comparer.plan_mut(last) {
                *p = self.doc.scn.plan.clone();
            }
            if let Some(a) = v.comparer.assumptions_mut(last) {
                *a = self.doc.scn.assumptions.clone();
            }
            v.comparer.rename(last, name);
        }
        v.comparer.recompute();
        v.refresh_risk();
    }

    /// A key on the compare screen: Tab moves through the plan editor and the compare
    /// panes; in a compare pane the arrows, sort, filter and search act on it. Returns
    /// false for what the compare screen leaves to the rest of the app.
    pub(super) fn compare_action(&mut self, action: Action) -> bool {
        let Some(v) = self.compare.as_mut() else {
            return false;
        };
        match action {
            Action::FocusNext | Action::FocusPrev => {
                // None (the editor), then the panes.
                let stops = Pane::ALL.len() + 1;
                let at = v.focus.map_or(0, |p| p.index() + 1);
                let next = if action == Action::FocusNext {
                    (at + 1) % stops
                } else {
                    (at + stops - 1) % stops
                };
                v.focus = (next > 0).then(|| Pane::ALL[next - 1]);
                if let Some(p) = v.focus
                    && p != Pane::Answer
                {
                    v.detail = p;
                }
                self.focus = if v.focus.is_some() {
                    Focus::Table
                } else {
                    Focus::Editor
                };
                return true;
            }
            Action::CompareFilter => {
                v.filter = match v.filter {
                    CsmFilter::All => CsmFilter::Gainers,
                    CsmFilter::Gainers => CsmFilter::Losers,
                    CsmFilter::Losers => CsmFilter::All,
                };
                v.cursor = 0;
                v.focus = Some(Pane::Csms);
                v.detail = Pane::Csms;
                let shown = v.order().len();
                let msg = match v.filter {
                    CsmFilter::All => format!("all {shown} CSMs"),
                    CsmFilter::Gainers => format!("{shown} who gain in {}", v.selected_label()),
                    CsmFilter::Losers => format!("{shown} who lose in {}", v.selected_label()),
                };
                self.say(msg);
                return true;
            }
            Action::CompareExport => {
                self.start_export_compare();
                return true;
            }
            Action::CompareScale => {
                let baseline = v
                    .comparer
                    .scenario(0)
                    .map_or(rust_decimal::Decimal::ONE, |b| {
                        b.assumptions.attainment_scale
                    });
                let next = match v.comparer.scale() {
                    Some(_) => None,
                    None => Some(baseline),
                };
                v.comparer.set_scale(next);
                v.comparer.recompute();
                v.refresh_risk();
                let msg = match next {
                    Some(s) => format!(
                        "every plan at [1]'s attainment, {} · A: each at its own",
                        crate::num::pct_exact(s)
                    ),
                    None => "each plan at its own what-if attainment · A: all at [1]'s".into(),
                };
                self.say(msg);
                return true;
            }
            Action::CompareFind => {
                v.focus = Some(Pane::Csms);
                v.detail = Pane::Csms;
                self.focus = Focus::Table;
                self.mode = Mode::Input {
                    target: Target::CompareFind,
                    buffer: String::new(),
                    error: None,
                    fresh: false,
                };
                return true;
            }
            _ => {}
        }
        let Some(pane) = v.focus else {
            return false;
        };
        let n = v.variants();
        let page = v.page.max(1) as isize;
        let i = pane.index();
        let scroll = |v: &mut CompareView, d: isize| {
            if pane == Pane::Csms {
                v.cursor = (v.cursor as isize + d).max(0) as usize;
                let last = v.order().len().saturating_sub(1);
                v.cursor = v.cursor.min(last);
            } else {
                // The draw keeps it within the pane's length.
                v.scroll[i] = (v.scroll[i] as isize + d).max(0) as usize;
            }
        };
        match action {
            Action::Up => scroll(v, -1),
            Action::Down => scroll(v, 1),
            Action::PageUp => scroll(v, -page),
            Action::PageDown => scroll(v, page),
            Action::Home | Action::First => scroll(v, -(isize::MAX / 2)),
            Action::End | Action::Last => scroll(v, isize::MAX / 2),
            Action::Left | Action::BigLeft | Action::Right | Action::BigRight => {
                let d: isize = match action {
                    Action::Left => -1,
                    Action::BigLeft => -(n as isize),
                    Action::Right => 1,
                    _ => n as isize,
                };
                v.selected = (v.selected as isize + d).clamp(1, n.max(2) as isize - 1) as usize;
                let label = v.selected_label();
                let name = v
                    .comparer
                    .comparison()
                    .variants
                    .get(v.selected)
                    .map_or(String::new(), |x| x.name.clone());
                self.say(format!("{label} {name}: sort and filter go by its change"));
            }
            Action::SortNext => {
                v.sort = match v.sort {
                    CsmSort::Team => CsmSort::Change,
                    CsmSort::Change => CsmSort::Team,
                };
                v.cursor = 0;
                let msg = match v.sort {
                    CsmSort::Team => "CSMs in team order".to_string(),
                    CsmSort::Change => format!(
                        "CSMs by change in {}, {} first (S reverses)",
                        v.selected_label(),
                        if v.descending {
                            "biggest gain"
                        } else {
                            "biggest loss"
                        }
                    ),
                };
                self.say(msg);
            }
            Action::SortReverse => {
                v.descending = !v.descending;
                v.sort = CsmSort::Change;
                v.cursor = 0;
                let msg = format!(
                    "CSMs by change in {}, {} first",
                    v.selected_label(),
                    if v.descending {
                        "biggest gain"
                    } else {
                        "biggest loss"
                    }
                );
                self.say(msg);
            }
            Action::Edit => self.say("Tab back to the plan to edit it; / finds a CSM"),
            _ => return false,
        }
        true
    }

    /// The wheel over the compare screen scrolls the focused pane, three lines a notch
    /// (the detail pane shown when the sliders have the focus).
    pub(super) fn compare_wheel(&mut self, up: bool) {
        if let Some(v) = self.compare.as_mut()
            && v.focus.is_none()
        {
            v.focus = Some(v.detail);
            self.focus = Focus::Table;
        }
        for _ in 0..3 {
            self.compare_action(if up { Action::Up } else { Action::Down });
        }
    }

    /// `/`: jumps to the next CSM (after the highlighted one, wrapping) whose name or id
    /// contains the text typed, in any case. One hidden by the filter shows all again.
    pub(super) fn compare_find(&mut self, text: &str) -> Result<(), String> {
        let needle = text.trim().to_lowercase();
        if needle.is_empty() {
            return Err("type part of a CSM's name or id".into());
        }
        let Some(v) = self.compare.as_mut() else {
            return Err("the compare screen is closed".into());
        };
        let hit = |v: &CompareView, i: usize| {
            let r = &v.comparer.comparison().rows[i];
            r.name.to_lowercase().contains(&needle) || r.id.to_lowercase().contains(&needle)
        };
        let find = |v: &mut CompareView, after: usize| {
            let order = v.order().to_vec();
            let n = order.len();
            (1..=n).map(|d| (after + d) % n).find(|&p| hit(v, order[p]))
        };
        let mut found = find(v, v.cursor);
        let mut note = "";
        if found.is_none() && v.filter != CsmFilter::All {
            v.filter = CsmFilter::All;
            let last = v.order().len().saturating_sub(1);
            found = find(v, last);
            note = " (showing all CSMs)";
        }
        let Some(p) = found else {
            return Err(format!("no CSM's name or id contains \"{}\"", text.trim()));
        };
        v.cursor = p;
        let row = v.order()[p];
        let r = &v.comparer.comparison().rows[row];
        let msg = format!("found {} ({}){note}", r.name, r.id);
        self.say(msg);
        Ok(())
    }

    /// Where the comparison is written unless the user types otherwise: beside the
    /// scenario file (`team.ron` → `team-compare.md`), or in the folder the app was
    /// started from, named after the scenario.
    fn default_compare_path(&self) -> PathBuf {
        let in_store = |p: &Path| {
            self.files
                .as_ref()
                .is_some_and(|f| p.starts_with(&f.paths.scenarios))
        };
        let stem = |p: &Path| {
            p.file_stem()
                .map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned())
        };
        let here = || std::env::current_dir().unwrap_or_default();
        match &self.doc.path {
            Some(p) if !in_store(p) => p.with_file_name(format!("{}-compare.md", stem(p))),
            Some(p) => here().join(format!("{}-compare.md", stem(p))),
            None => here().join(format!(
                "{} compare.md",
                crate::scenario::names::file_stem(&self.doc.scn.name)
            )),
        }
    }

    /// `m` on the compare screen: asks where to write the comparison as Markdown.
    pub(super) fn start_export_compare(&mut self) {
        self.mode = Mode::Input {
            target: Target::CompareExportPath,
            buffer: show_path(&self.default_compare_path()),
            error: None,
            fresh: true,
        };
    }

    /// Writes the comparison to the path typed; a file already there is replaced only
    /// after asking.
    pub(super) fn export_compare(&mut self, input: &str) -> Result<(), String> {
        let path = expand_home(input)?;
        let shown = show_path(&path);
        if path.is_dir() {
            return Err(format!(
                "{shown} is a folder; add a file name such as compare.md"
            ));
        }
        if path.exists() {
            self.mode = Mode::Confirm {
                question: format!("{shown} exists: replace it with the comparison? y/n"),
                on_yes: Confirm::OverwriteCompare(path),
            };
            return Ok(());
        }
        self.write_compare(&path)
    }

    /// The comparison as `cscomp-tui compare --format markdown` writes it, and the
    /// sources it names (the scenario files; "not saved" for a scenario never saved).
    pub fn compare_markdown(&self) -> Option<String> {
        let v = self.compare.as_ref()?;
        let own = self
            .path
            .as_ref()
            .map_or_else(|| "not saved".to_string(), |p| show_path(p));
        let sources: Vec<String> = v
            .roles
            .iter()
            .map(|r| match r {
                // The plan as the app opened it, and the working copy of the file now
                // open (after a branch, another file than the one opened).
                Role::AsOpened => "as opened in the app".to_string(),
                Role::Editing => format!("working copy of {own}"),
                Role::Marked(p) => show_path(p),
                Role::Saved(p, n) => format!("save #{n} of {}", show_path(p)),
            })
            .collect();
        let mut text = report::markdown(v.comparer.comparison(), &sources);
        // What the screen's cards say of cost risk, as they say it.
        let lines: Vec<String> = (0..v.comparer.len())
            .filter_map(|k| {
                let line = risk_line(&v.risk, k)?.replace('\u{a0}', " ");
                let name = v.comparer.scenario(k).map_or("", |s| s.name.as_str());
                Some(format!("- [{}] {}: {line}", k + 1, crate::text::md(name)))
            })
            .collect();
        if !lines.is_empty() {
            text += "\n## Cost risk\n\n";
            for l in lines {
                text += &l;
                text.push('\n');
            }
        }
        Some(text)
    }

    /// Writes the comparison atomically and says where it went.
    pub(super) fn write_compare(&mut self, path: &Path) -> Result<(), String> {
        let shown = show_path(path);
        let Some(text) = self.compare_markdown() else {
            return Err("the compare screen is closed".into());
        };
        let n = self.compare.as_ref().map_or(0, |v| v.comparer.len());
        write_atomic(path, text.as_bytes(), false)
            .map_err(|e| format!("not written: cannot write {shown}: {}", io_reason(&e)))?;
        self.mode = Mode::Normal;
        self.status = Some((
            format!("wrote the comparison of {} to {shown}", plans(n)),
            Tone::Info,
        ));
        Ok(())
    }
}
