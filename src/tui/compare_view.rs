//! The compare screen's state and what its keys do: which pane has the focus, how far each
//! pane is scrolled, the per-CSM table's sort, filter and search, and writing the
//! comparison as Markdown for finance.
//!
//! Owns: the compare view (opening it, keeping the edited column in step, its keys).
//! Must not: draw (that is `ui/compare.rs`) or compute pay (that is `crate::analysis::compare`).

use super::action::Action;
use super::app::{App, Confirm, Focus, Mode, Target, Tone};
use super::roster_io::{expand_home, show_path};
use crate::analysis::compare::{Comparer, MAX_VARIANTS, report};
use crate::engine::Scenario;
use crate::scenario::{io_reason, store::write_atomic};
use std::path::{Path, PathBuf};

/// The compare screen's panes, in Tab order (after the plan editor on the left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Plan A or plan B: the answer, always on top.
    Answer,
    Csms,
    Levels,
    Plan,
    Guardrails,
    Curves,
}

impl Pane {
    pub const ALL: [Pane; 6] = [
        Pane::Answer,
        Pane::Csms,
        Pane::Levels,
        Pane::Plan,
        Pane::Guardrails,
        Pane::Curves,
    ];
    /// The detail panes (all but the answer).
    pub const DETAILS: [Pane; 5] = [
        Pane::Csms,
        Pane::Levels,
        Pane::Plan,
        Pane::Guardrails,
        Pane::Curves,
    ];

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The pane's short name, as the tab line shows it.
    pub fn name(self) -> &'static str {
        match self {
            Pane::Answer => "answer",
            Pane::Csms => "CSMs",
            Pane::Levels => "levels",
            Pane::Plan => "plan",
            Pane::Guardrails => "guardrails",
            Pane::Curves => "curves",
        }
    }
}

/// What a column of the comparison is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The open scenario's plan as it was opened (the baseline), with the current team.
    AsOpened,
    /// A scenario marked in the browser.
    Marked(PathBuf),
    /// The working copy, following every edit.
    Editing,
}

/// The per-CSM table's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsmSort {
    /// The baseline team's order.
    Team,
    /// By the change in the selected plan (missing and new CSMs last).
    Change,
}

/// Which CSMs the per-CSM table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsmFilter {
    All,
    /// Those who earn more in the selected plan than in the baseline.
    Gainers,
    Losers,
}

/// The compare screen's state: the variants (baseline first, the working copy last).
pub struct CompareView {
    pub comparer: Comparer,
    pub roles: Vec<Role>,
    /// The latest cost-risk estimate per plan (see [`CompareView::refresh_risk`]), with
    /// what it was simulated for.
    pub risk: Vec<Option<(RiskKey, crate::engine::risk::RiskReport)>>,
    /// Refines the estimates in the background (none in tests: they are made at once).
    risk_worker: Option<super::risk_worker::RiskWorker>,
    /// Per plan: what its estimate was last asked for, and the request's id.
    risk_asked: Vec<Option<(RiskKey, u64)>>,
    /// The working copy's team changed since its estimate was last asked for.
    pub(super) risk_team_stale: bool,
    /// The focused pane; `None`: the plan editor on the left.
    pub focus: Option<Pane>,
    /// The detail pane shown under the answer (the last one focused).
    pub detail: Pane,
    /// Per pane (by [`Pane::index`]): the first card row, table row or line shown.
    pub scroll: [usize; 6],
    /// The per-CSM table's highlighted row (a position in [`CompareView::order`]).
    pub cursor: usize,
    /// The selected plan (≥ 1): what sort and filter go by, and the first plan column
    /// the per-CSM table and the cost points show (with [`CompareView::first_col`]).
    pub selected: usize,
    /// The first plan column shown in the per-CSM table (horizontal scrolling).
    pub first_col: usize,
    pub sort: CsmSort,
    /// Biggest change first.
    pub descending: bool,
    pub filter: CsmFilter,
    /// The rows shown (indices into the comparison's rows), for the key it was made for.
    order: Option<(OrderKey, Vec<usize>)>,
    /// Rows a page moves (from the last draw).
    pub page: usize,
}

type OrderKey = (usize, usize, CsmSort, bool, CsmFilter, usize);

/// What a plan's risk estimate was simulated for: its plan, assumptions and team cash.
pub type RiskKey = (
    crate::engine::Plan,
    crate::engine::Assumptions,
    Option<rust_decimal::Decimal>,
);

/// The years a plan's risk estimate is refined to: its settings' count.
pub fn risk_target(key: &RiskKey) -> u32 {
    key.1.risk.as_ref().map_or(10_000, |r| r.trials.max(1))
}

impl CompareView {
    pub fn new(comparer: Comparer, roles: Vec<Role>) -> CompareView {
        CompareView {
            comparer,
            roles,
            risk: Vec::new(),
            risk_worker: None,
            risk_asked: Vec::new(),
            risk_team_stale: false,
            focus: None,
            detail: Pane::Csms,
            scroll: [0; 6],
            cursor: 0,
            selected: 1,
            first_col: 0,
            sort: CsmSort::Team,
            descending: true,
            filter: CsmFilter::All,
            order: None,
            page: 10,
        }
    }

    /// Refines the risk estimates on a background thread from now on.
    pub fn refine_in_background(&mut self) {
        self.risk_worker = Some(super::risk_worker::RiskWorker::start());
    }

    /// Asks for a new estimate of every plan whose estimate is missing or out of date: P50,
    /// P90 and the chance of exceeding its budget, a first estimate at once and then refined
    /// to the plan's full count of simulated years (without a background thread: the full
    /// count at once).
    pub fn refresh_risk(&mut self) {
        let n = self.comparer.len();
        if self.risk.len() != n {
            // Other plans in other columns: a thread that knows none of them.
            if !self.risk.is_empty() && self.risk_worker.is_some() {
                self.refine_in_background();
            }
            self.risk = vec![None; n];
            self.risk_asked = vec![None; n];
        }
        let last = n.saturating_sub(1);
        for i in 0..n {
            let cash = self
                .comparer
                .comparison()
                .variants
                .get(i)
                .and_then(|v| v.figures.as_ref().map(|f| f.cash));
            let Some(scn) = self.comparer.scenario(i) else {
                continue;
            };
            let key: RiskKey = (scn.plan.clone(), scn.assumptions.clone(), cash);
            if matches!(&self.risk_asked[i], Some((k, _)) if *k == key) {
                continue;
            }
            if cash.is_none() {
                self.risk[i] = None;
                self.risk_asked[i] = None;
                continue;
            }
            match &mut self.risk_worker {
                Some(w) => {
                    let team = i == last && self.risk_team_stale;
                    let id = w.request(i, scn, team);
                    self.risk_asked[i] = Some((key, id));
                }
                None => {
                    let settings = scn.assumptions.risk.clone().unwrap_or_default();
                    let r = crate::engine::risk::simulate(
                        scn,
                        &settings,
                        settings.trials,
                        settings.seed,
                    );
                    self.risk_asked[i] = Some((key.clone(), 0));
                    self.risk[i] = Some((key, r));
                }
            }
        }
        self.risk_team_stale = false;
    }

    /// Takes the estimates finished in the background. True when one arrived.
    pub fn poll_risk(&mut self) -> bool {
        let Some(w) = &self.risk_worker else {
            return false;
        };
        let mut changed = false;
        for d in w.finished() {
            if let Some(Some((key, id))) = self.risk_asked.get(d.slot)
                && *id == d.id
                && let Some(slot) = self.risk.get_mut(d.slot)
            {
                *slot = Some((key.clone(), d.report));
                changed = true;
            }
        }
        changed
    }

    /// True while an estimate is being made or refined in the background.
    pub fn risk_refining(&self) -> bool {
        self.risk_worker.is_some()
            && self.risk_asked.iter().zip(&self.risk).any(|(asked, got)| {
                asked.as_ref().is_some_and(|(key, _)| match got {
                    Some((k, r)) => k != key || r.trials < risk_target(key),
                    None => true,
                })
            })
    }

    /// The rows of the per-CSM table in the order shown, filtered; cached until the
    /// comparison, the sort or the filter changes.
    pub fn order(&mut self) -> &[usize] {
        let cmp = self.comparer.comparison();
        let key: OrderKey = (
            self.comparer.evaluations(),
            cmp.rows.len(),
            self.sort,
            self.descending,
            self.filter,
            self.selected,
        );
        if self.order.as_ref().is_none_or(|(k, _)| *k != key) {
            let k = self.selected;
            let change = |i: usize| {
                cmp.rows[i]
                    .cells
                    .get(k)
                    .and_then(|c| c.as_ref())
                    .and_then(|c| c.change)
            };
            let mut rows: Vec<usize> = (0..cmp.rows.len())
                .filter(|&i| match self.filter {
                    CsmFilter::All => true,
                    CsmFilter::Gainers => {
                        change(i).is_some_and(|d| d.is_sign_positive() && !d.is_zero())
                    }
                    CsmFilter::Losers => {
                        change(i).is_some_and(|d| d.is_sign_negative() && !d.is_zero())
                    }
                })
                .collect();
            if self.sort == CsmSort::Change {
                // Stable: equal changes keep the team's order; no change (missing, new) last.
                let desc = self.descending;
                rows.sort_by(|&a, &b| match (change(a), change(b)) {
                    (Some(x), Some(y)) if desc => y.cmp(&x),
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                });
            }
            self.order = Some((key, rows));
        }
        self.order.as_ref().map_or(&[], |(_, r)| r.as_slice())
    }

    /// The selected plan's label and name, for titles and messages.
    pub fn selected_label(&self) -> String {
        format!("[{}]", self.selected + 1)
    }

    fn variants(&self) -> usize {
        self.comparer.len()
    }
}

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
        let mut s = self.scn.clone();
        s.name = format!("{} (editing)", self.scn.name);
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
        let mut base = self.scn.clone();
        base.plan = self.baseline.plan.clone();
        base.assumptions = self.baseline.assumptions.clone();
        base.name = format!("{} (as opened)", self.baseline.name);
        let mut variants = vec![base];
        let mut roles = vec![Role::AsOpened];
        let mut skipped: Vec<String> = Vec::new();
        let mut failed: Option<String> = None;
        if let Some(f) = &self.files {
            for p in &self.compare_marks {
                if self.path.as_ref() == Some(p) {
                    skipped.push(format!("{} is the one open", self.scn.name));
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
        let name = format!("{} (editing)", self.scn.name);
        let copy = team_changed.then(|| self.editing_copy());
        let Some(v) = &mut self.compare else { return };
        let last = v.comparer.len().saturating_sub(1);
        if let Some(copy) = copy {
            v.comparer.replace(last, copy);
            v.risk_team_stale = true;
        } else {
            if let Some(p) = v.comparer.plan_mut(last) {
                *p = self.scn.plan.clone();
            }
            if let Some(a) = v.comparer.assumptions_mut(last) {
                *a = self.scn.assumptions.clone();
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
        match &self.path {
            Some(p) if !in_store(p) => p.with_file_name(format!("{}-compare.md", stem(p))),
            Some(p) => here().join(format!("{}-compare.md", stem(p))),
            None => here().join(format!(
                "{} compare.md",
                crate::scenario::names::file_stem(&self.scn.name)
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

/// "risk (10000 years): P50 $… ± $… · P90 $… ± $… · over $… in 17.1% ± 0.4% of years" for
/// plan `k`, each figure to the precision its years support; "(200 of 10000 years so far,
/// refining)" while the background refines it.
pub(crate) fn risk_line(
    risk: &[Option<(RiskKey, crate::engine::risk::RiskReport)>],
    k: usize,
) -> Option<String> {
    use crate::engine::risk_words::{money_about, share_about};
    use crate::num::money_whole;
    let (key, r) = risk.get(k)?.as_ref()?;
    let p = &r.precision;
    let target = risk_target(key);
    let years = if r.trials < target {
        format!("{} of {target} years so far, refining", r.trials)
    } else {
        format!("{} years", r.trials)
    };
    let over = match (&r.budget, r.p_over_budget) {
        (Some(b), Some(x)) => format!(
            " · over {} in {} of years",
            money_whole(b.amount),
            share_about(x, p.p_over_budget.unwrap_or_default())
        ),
        _ => String::new(),
    };
    // A figure and its ± stay on one line (no-break spaces).
    let whole = |t: String| t.replace(" ± ", "\u{a0}±\u{a0}");
    Some(format!(
        "risk ({years}): P50 {} · P90 {}{}",
        whole(money_about(r.p50, p.p50, money_whole)),
        whole(money_about(r.p90, p.p90, money_whole)),
        whole(over)
    ))
}
