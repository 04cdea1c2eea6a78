//! App state and `update(Action)`: the only place state changes.

use super::action::Action;
use super::session::{Files, Then};
use super::team_edit::{Field, fields, new_csm};
use super::worker::{CurveWorker, Which};
use crate::engine::eval::{Evaluation, TeamInputs};
use crate::engine::evaluate::evaluate_with;
use crate::engine::params::{Param, Row, default_period, rows_at};
use crate::engine::{Assumptions, Csm, Finding, Plan, Scenario, guardrails};
use crate::scenario::recovery::PendingRecovery;
use crate::scenario::store::Entry;
use ratatui::layout::Rect;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Editor,
    Table,
    Chart,
    Warnings,
}

impl Focus {
    const ORDER: [Focus; 4] = [Focus::Editor, Focus::Table, Focus::Chart, Focus::Warnings];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartMode {
    /// Payout factor against attainment for the selected component, CSMs marked.
    Payout,
    /// Team cash against the team attainment scale, current plan and baseline.
    Cost,
}

/// Columns of the team table, in sort order of `s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortCol {
    Team,
    Name,
    Level,
    Base,
    Variable,
    Spif,
    Total,
    PctOte,
    Change,
}

impl SortCol {
    pub const ALL: [SortCol; 9] = [
        SortCol::Team,
        SortCol::Name,
        SortCol::Level,
        SortCol::Base,
        SortCol::Variable,
        SortCol::Spif,
        SortCol::Total,
        SortCol::PctOte,
        SortCol::Change,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortCol::Team => "team order",
            SortCol::Name => "name",
            SortCol::Level => "level",
            SortCol::Base => "base",
            SortCol::Variable => "variable",
            SortCol::Spif => "SPIF",
            SortCol::Total => "total",
            SortCol::PctOte => "% of OTE",
            SortCol::Change => "change",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    /// The key table; `offset` scrolls it in windows too small to show it whole.
    Help {
        offset: u16,
    },
    /// Typing an exact value for a slider or a CSM's field.
    Input {
        target: Target,
        buffer: String,
        error: Option<String>,
        /// The buffer still holds the current value: the first key typed replaces it.
        fresh: bool,
    },
    /// The form of one CSM (team index), with the selected field.
    CsmForm {
        csm: usize,
        row: usize,
    },
    /// A yes/no question.
    Confirm {
        question: String,
        on_yes: Confirm,
    },
    /// The file given could not be opened: the message, and the sample is offered.
    LoadFailed {
        message: String,
    },
    /// Unsaved changes before quitting or opening another scenario: save, discard or cancel.
    Unsaved(Then),
    /// Saving found the file changed on disk: reload, overwrite or save as.
    ChangedOnDisk {
        path: PathBuf,
    },
    /// The scenario browser.
    Browser {
        entries: Vec<Entry>,
        selected: usize,
    },
    /// A scrollable text: a CSM's plan statement, or why a roster import was refused.
    Text {
        title: String,
        body: String,
        offset: usize,
        /// The body is Markdown (a statement), shown formatted; else plain text.
        markdown: bool,
    },
    /// A working copy left by a crash: restore, discard or later.
    Recovery(Box<PendingRecovery>),
}

/// The longest path a path prompt takes (value prompts take far less).
pub const MAX_PATH_CHARS: usize = 1024;

/// What typed text goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Param(Param),
    Field {
        csm: usize,
        field: Field,
    },
    /// The name to save a never-saved scenario under.
    SaveName,
    /// The name of a new variant branched from this one.
    BranchName,
    /// A new name for the scenario selected in the browser.
    Rename,
    /// The path of a roster CSV to import.
    ImportPath,
    /// Where to export the team as a roster CSV.
    ExportPath,
    /// Where to export the finance workbook.
    WorkbookPath,
    /// A CSM to find on the compare screen (part of a name or id).
    CompareFind,
    /// Where to write the comparison as Markdown.
    CompareExportPath,
    /// The budget to solve a parameter for.
    Solve(Param),
    /// Where to move weight from component `.0` to, and how much.
    Transfer(usize),
}

impl Target {
    pub fn label(self, scn: &Scenario) -> String {
        match self {
            Target::Param(p) => p.label(scn),
            Target::Field { field, .. } => field.label(scn),
            Target::SaveName => "Save as (scenario name)".into(),
            Target::BranchName => "Branch a variant (its name)".into(),
            Target::Rename => "Rename to".into(),
            Target::ImportPath => "Import roster CSV (replaces the team)".into(),
            Target::ExportPath => "Export roster CSV to".into(),
            Target::WorkbookPath => "Export workbook (.xlsx) to".into(),
            Target::CompareFind => "Find a CSM".into(),
            Target::CompareExportPath => "Write the comparison to".into(),
            Target::Solve(p) => format!("Solve {} so that cash ≤", p.label(scn).trim()),
            Target::Transfer(i) => format!(
                "Move weight from {} to",
                scn.plan.components.get(i).map_or("?", |c| c.name.as_str())
            ),
        }
    }

    pub fn hint(self, scn: &Scenario) -> &'static str {
        match self {
            Target::Param(p) => p.hint(scn),
            Target::Field { field, .. } => field.hint(scn),
            Target::SaveName | Target::BranchName | Target::Rename => "saved in your data folder",
            Target::ImportPath => "a .csv, .xlsx or .ods file; ~ is your home folder",
            Target::ExportPath => "a .csv file; ~ is your home folder",
            Target::WorkbookPath => "an .xlsx file; ~ is your home folder",
            Target::CompareFind => "part of a name or id",
            Target::CompareExportPath => "a Markdown file; ~ is your home folder",
            Target::Solve(_) => "$1,600,000 · or loaded/planned AMOUNT · arr 3.5%",
            Target::Transfer(_) => "a metric's name or id, then how much: activities 5%",
        }
    }

    /// A file path (`~` expands; it can be long).
    pub fn is_path(self) -> bool {
        matches!(
            self,
            Target::ImportPath
                | Target::ExportPath
                | Target::WorkbookPath
                | Target::CompareExportPath
        )
    }

    /// The longest text the prompt takes.
    pub fn max_len(self) -> usize {
        if self.is_path() { MAX_PATH_CHARS } else { 60 }
    }
}

/// What a "yes" does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    DeleteCsm(usize),
    /// Move a scenario file to the trash (from the browser).
    Trash(PathBuf),
    /// Replace this file with the exported roster.
    OverwriteRoster(PathBuf),
    /// Replace this file with the exported workbook.
    OverwriteWorkbook(PathBuf),
    /// Replace this file with the comparison (Markdown).
    OverwriteCompare(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Error,
}

/// The state a plan change can be undone to.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    plan: Plan,
    assumptions: Assumptions,
    team: Option<Vec<Csm>>,
}

/// The cost-risk view: the latest simulation of the working copy, refined in the
/// background (synchronously in tests, which have no worker).
pub struct RiskView {
    worker: Option<super::risk_worker::RiskWorker>,
    request: u64,
    pub report: Option<crate::engine::risk::RiskReport>,
    /// The trial count the view refines up to.
    pub target: u32,
    /// First line shown (the view scrolls).
    pub offset: usize,
    /// The furthest it scrolls: the last line at the bottom of the pane (from the last
    /// draw).
    pub max_offset: usize,
}

pub use super::compare_view::CompareView;

/// Plot positions of the team on a payout curve: (component, eval_gen, points).
pub type ChartPoints = (usize, u64, Vec<(f64, f64)>);

/// A payout curve sampled for plotting: (the curve, the attainment range, points).
pub type CurveLine = (crate::engine::Curve, f64, Vec<(f64, f64)>);

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
    pub scn: Scenario,
    pub path: Option<PathBuf>,
    /// The plan as it was opened (reset target, change column).
    pub(super) baseline: Scenario,
    /// Each CSM's total under the plan as opened, by CSM id.
    baseline_totals: HashMap<String, Decimal>,
    pub baseline_cash: Decimal,
    /// Team cash of the current plan at the attainment of the plan as opened: what the plan
    /// change alone does, apart from the what-if (`None` while the what-if is unchanged).
    pub plan_effect_cash: Option<Decimal>,
    /// The plan and team as last saved (or as opened), to tell whether there are unsaved
    /// changes: the working copy is compared with what is in the file, not with a history.
    saved: (Plan, Assumptions),
    saved_team: Vec<Csm>,
    /// True while the team differs from `saved_team` (recomputed on every team change).
    team_changed: bool,
    inputs: TeamInputs,
    pub eval: Evaluation,
    pub warnings: Vec<Finding>,
    /// Errors in the plan that the editor can fix (a file opened with weights that do not
    /// add up): shown above the guardrails, their sliders marked ✗; saving waits for them.
    pub plan_errors: Vec<Finding>,
    /// Draw without colour (`NO_COLOR` was set when the app started).
    pub no_color: bool,
    /// Two or more CSMs share a name (the table then shows ids early).
    names_repeat: bool,
    /// The cost-risk view (`R`), when open.
    pub risk: Option<RiskView>,
    /// The team changed since the risk worker last got it.
    risk_team_stale: bool,
    /// The last budget solved for (shown on the team-cost chart when it is for cash).
    pub budget: Option<(crate::analysis::solve::Figure, Decimal)>,
    pub rows: Vec<Row>,
    /// The period the per-period sliders act on (index into `plan.periods`; 0 without
    /// periods).
    pub period: usize,
    /// Index into `rows`; always a parameter row.
    pub row: usize,
    pub editor_offset: usize,
    /// Team indices in table order.
    pub order: Vec<usize>,
    /// The selected CSM (team index).
    pub selected: usize,
    pub table_offset: usize,
    pub sort: SortCol,
    pub descending: bool,
    pub focus: Focus,
    pub chart: ChartMode,
    pub mode: Mode,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The parameter the last nudge moved: repeated nudges make one undo step.
    last_nudge: Option<Param>,
    /// When the last nudge happened: presses more than [`MERGE_WINDOW`] apart are
    /// separate undo steps.
    last_nudge_at: Option<std::time::Instant>,
    /// While one weight is moved, in one gesture or several: that weight and every weight
    /// as it was before it started moving. The others are rebalanced from these, so pushing
    /// a weight up and back returns them to their original proportions.
    weight_anchor: Option<(usize, Vec<Decimal>)>,
    pub status: Option<(String, Tone)>,
    pub quit: bool,
    /// Ctrl-c: leave at once, keeping unsaved work in the recovery file (as on SIGINT).
    pub interrupted: bool,
    pub hits: Hits,
    /// Visible rows of the table and the editor at the last draw (for paging).
    pub table_page: usize,
    pub editor_page: usize,
    worker: Option<CurveWorker>,
    /// Latest cost curves (scale, team cash) for the current plan and the baseline.
    pub cost_current: Option<Vec<(Decimal, Decimal)>>,
    pub cost_baseline: Option<Vec<(Decimal, Decimal)>>,
    curve_request: u64,
    /// While set, plan changes mark the results stale instead of re-evaluating; `flush`
    /// catches up. The event loop sets it while it drains queued input.
    pub defer: bool,
    stale: bool,
    /// First warning shown in the guardrails pane.
    pub warnings_offset: usize,
    /// The store, autosave and settings (none in tests that don't touch files).
    pub files: Option<Files>,
    /// The browser entry being renamed.
    pub browsing: Option<PathBuf>,
    /// The compare screen, when open.
    pub compare: Option<CompareView>,
    /// Scenarios marked in the browser (v) to compare with the working copy.
    pub compare_marks: Vec<PathBuf>,
    /// Bumped on every re-evaluation, so drawing can cache what it derives from results.
    pub eval_gen: u64,
    /// The payout chart's CSM points, deduplicated, for one component and evaluation.
    pub chart_points: Option<ChartPoints>,
    /// The plotted curve, sampled again only when the curve or the range changes.
    pub curve_line: Option<CurveLine>,
}

const UNDO_LIMIT: usize = 200;

/// Nudges of one slider closer together than this make one undo step (holding a key);
/// presses further apart are separate steps.
pub const MERGE_WINDOW: std::time::Duration = std::time::Duration::from_secs(1);

impl App {
    /// A new app on a valid scenario. `background` starts the cost-curve worker thread
    /// (tests leave it off and compute curves inline).
    pub fn new(scn: Scenario, path: Option<PathBuf>, background: bool) -> App {
        let inputs = TeamInputs::new(&scn);
        let eval = evaluate_with(&scn, &inputs, scn.assumptions.attainment_scale);
        let warnings = guardrails(&scn, &eval);
        let baseline_totals = scn
            .team
            .iter()
            .zip(&eval.csms)
            .map(|(c, r)| (c.id.clone(), r.total))
            .collect();
        let baseline_cash = eval.team.cash;
        let worker = background.then(|| CurveWorker::start(scn.team.clone()));
        let mut app = App {
            path,
            baseline: scn.clone_plan_only(),
            baseline_totals,
            baseline_cash,
            plan_effect_cash: None,
            saved: (scn.plan.clone(), scn.assumptions.clone()),
            saved_team: scn.team.clone(),
            team_changed: false,
            inputs,
            eval,
            warnings,
            plan_errors: Vec::new(),
            no_color: crate::tui::ui::palette::no_color_env(),
            names_repeat: names_repeat(&scn.team),
            budget: None,
            risk: None,
            risk_team_stale: false,
            rows: rows_at(&scn, default_period(&scn)),
            period: default_period(&scn),
            row: 1,
            editor_offset: 0,
            order: (0..scn.team.len()).collect(),
            selected: 0,
            table_offset: 0,
            sort: SortCol::Team,
            descending: false,
            focus: Focus::Editor,
            chart: ChartMode::Payout,
            mode: Mode::Normal,
            undo: Vec::new(),
            redo: Vec::new(),
            last_nudge: None,
            last_nudge_at: None,
            weight_anchor: None,
            status: None,
            quit: false,
            interrupted: false,
            hits: Hits::default(),
            table_page: 10,
            editor_page: 10,
            worker,
            cost_current: None,
            cost_baseline: None,
            curve_request: 0,
            eval_gen: 0,
            chart_points: None,
            curve_line: None,
            defer: false,
            stale: false,
            warnings_offset: 0,
            files: None,
            browsing: None,
            compare: None,
            compare_marks: Vec::new(),
            scn,
        };
        app.request_curves(true);
        app
    }

    /// An app that first shows why `path` could not be opened, offering the sample.
    pub fn load_failed(message: String, background: bool) -> App {
        let mut app = App::new(crate::scenario::sample(), None, background);
        app.mode = Mode::LoadFailed { message };
        app
    }

    pub fn param(&self) -> Option<Param> {
        match self.rows.get(self.row) {
            Some(Row::Param(p)) => Some(*p),
            _ => None,
        }
    }

    /// The component the selection points at (for the payout chart and breakdown).
    pub fn component(&self) -> usize {
        self.param().and_then(|p| p.component()).unwrap_or(0)
    }

    pub fn is_dirty(&self) -> bool {
        self.team_changed || self.scn.plan != self.saved.0 || self.scn.assumptions != self.saved.1
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    fn info(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), Tone::Info));
    }

    fn error(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), Tone::Error));
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            plan: self.scn.plan.clone(),
            assumptions: self.scn.assumptions.clone(),
            team: None,
        }
    }

    fn push_undo(&mut self, s: Snapshot) {
        self.undo.push(s);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Applies a parameter value as one undoable step (nudges of the same slider in a row
    /// merge into one step).
    pub fn set_param(&mut self, param: Param, value: Option<Decimal>, merge: bool) {
        let before = self.snapshot();
        let now = std::time::Instant::now();
        let recent = self
            .last_nudge_at
            .is_some_and(|t| now.duration_since(t) <= MERGE_WINDOW);
        let merging = merge && recent && self.last_nudge == Some(param);
        match param {
            Param::Weight(i) if !self.scn.plan.has_periods() => {
                let anchor = match &self.weight_anchor {
                    Some((j, w)) if *j == i && w.len() == self.scn.plan.components.len() => {
                        w.clone()
                    }
                    _ => self.scn.plan.components.iter().map(|c| c.weight).collect(),
                };
                // Rebalance from the weights before this weight started moving, so many
                // small steps land exactly where one jump would (no rounding drift), and
                // moving it back restores the others' proportions.
                for (c, w) in self.scn.plan.components.iter_mut().zip(&anchor) {
                    c.weight = *w;
                }
                self.weight_anchor = Some((i, anchor));
            }
            _ => self.weight_anchor = None,
        }
        let locks = self.locks();
        match param.apply(&mut self.scn, &self.inputs, value, &locks) {
            Ok(()) => {
                if before.plan == self.scn.plan && before.assumptions == self.scn.assumptions {
                    if let Param::Weight(i) = param
                        && locks.get(i) == Some(&false)
                        && locks.iter().filter(|l| !**l).count() <= 1
                    {
                        self.error("every other weight is locked: unlock one (x) to move this one");
                    }
                    return;
                }
                if !merging {
                    self.push_undo(before);
                }
                self.last_nudge = merge.then_some(param);
                self.last_nudge_at = merge.then_some(now);
                self.status = match (param, value) {
                    (Param::Weight(i), Some(v)) if !merge => self.weight_note(i, v),
                    _ => None,
                };
                self.recompute();
            }
            Err(e) => {
                self.scn.plan = before.plan;
                self.error(format!("Not applied: {e}"));
            }
        }
    }

    /// Solves `param` for the budget typed (`1600000`, `loaded $1.9M` is not accepted:
    /// `loaded 1900000`, `planned 1580000`, `arr 3.5%`): applies the value as one undoable
    /// step and says what it did, or says why the budget cannot be met and changes nothing.
    fn solve_for(&mut self, param: Param, text: &str) -> Result<(), String> {
        use crate::analysis::solve::Figure;
        let t = text.trim();
        let (figure, amount) = match t.split_once(char::is_whitespace) {
            Some((w, rest)) => match w.to_lowercase().as_str() {
                "cash" => (Figure::Cash, rest),
                "loaded" => (Figure::Loaded, rest),
                "planned" => (Figure::Planned, rest),
                "arr" | "cost_pct_of_arr" => (Figure::CostPctOfArr, rest),
                "p50" => (Figure::P50, rest),
                "p90" => (Figure::P90, rest),
                _ => (Figure::Cash, t),
            },
            None => (Figure::Cash, t),
        };
        let budget = crate::analysis::solve::parse_budget(figure, amount)?;
        // A money budget typed here is the plan's budget from now on (the risk view, `risk`
        // and the next solve measure it): an undoable step of its own, before the solve's,
        // so undoing the solve keeps the budget the user typed.
        let basis = match figure {
            Figure::Cash | Figure::P50 | Figure::P90 => Some(crate::engine::BudgetBasis::Cash),
            Figure::Loaded => Some(crate::engine::BudgetBasis::Loaded),
            _ => None,
        };
        let before_budget = self.snapshot();
        let old_budget = self.budget;
        if let Some(basis) = basis {
            self.scn.plan.budget = Some(crate::engine::Budget {
                amount: budget,
                basis,
            });
        }
        let budget_changed = self.scn.plan.budget != before_budget.plan.budget;
        self.budget = Some((figure, budget));
        let sol = crate::analysis::solve::solve(&self.scn, param, &self.locks(), figure, budget)
            .map_err(|e| e.to_string())?;
        let show = |v: Decimal| {
            if figure.is_ratio() {
                crate::num::pct(v, 2)
            } else {
                crate::num::money(v)
            }
        };
        let label = param.label(&self.scn).trim().to_string();
        let value = |scn: &crate::engine::Scenario, v: Option<Decimal>| {
            crate::analysis::solve::show_value(param, scn, v)
        };
        let fits: Vec<String> = sol
            .ranges
            .iter()
            .map(|r| r.text(|v| value(&self.scn, v)))
            .collect();
        let fits = if fits.is_empty() {
            String::new()
        } else {
            format!("; fits for {}", fits.join(", "))
        };
        self.mode = Mode::Normal;
        if !sol.met {
            // Nothing changes, not even the budget.
            self.scn.plan.budget = before_budget.plan.budget;
            self.budget = old_budget;
            self.error(format!(
                "not changed: no {label} in its range brings {} to {} or less (the nearest, {}, gives {})",
                figure.name(),
                show(budget),
                value(&sol.scenario, sol.value),
                show(sol.figure)
            ));
            return Ok(());
        }
        if budget_changed {
            self.push_undo(before_budget);
        }
        if sol.kept {
            self.recompute();
            self.info(format!(
                "already fits: {label} = {} gives {} {}, {} under the budget of {}{fits} · nothing changed",
                value(&self.scn, sol.value),
                figure.name(),
                show(sol.figure),
                show(budget - sol.figure),
                show(budget)
            ));
            return Ok(());
        }
        let was = value(&self.scn, param.get(&self.scn));
        let before = self.snapshot();
        self.push_undo(before);
        self.weight_anchor = None;
        self.last_nudge = None;
        let kept_budget = self.scn.plan.budget.clone();
        self.scn.plan = sol.scenario.plan;
        self.scn.plan.budget = kept_budget;
        self.scn.assumptions = sol.scenario.assumptions;
        self.recompute();
        self.info(format!(
            "solved: {label} {was} → {}, {} that fits: {} {} (budget {}){fits} · u undoes",
            value(&self.scn, sol.value),
            match sol.pick {
                crate::analysis::solve::Pick::Nearest => "the nearest value",
                crate::analysis::solve::Pick::ClosestToBudget => "the value closest to the budget",
            },
            figure.name(),
            show(sol.figure),
            show(budget)
        ));
        Ok(())
    }

    /// Moves weight from component `from` to the metric `text` names (by id or name) by
    /// the amount it ends with ("activities 5%", "Key activities 0.05"): the two weights
    /// change, every other stays, the total stays 100%. One undoable step.
    fn transfer_weight(&mut self, from: usize, text: &str) -> Result<(), String> {
        let t = text.trim();
        let (who, amount) = t
            .rsplit_once(char::is_whitespace)
            .ok_or("name the metric, then how much: activities 5%")?;
        let amount = crate::num::parse_pct(amount.trim(), Decimal::ONE).map_err(|e| e.0)?;
        let plan = &self.scn.plan;
        let key = |s: &str| s.trim().to_lowercase();
        let to = plan
            .components
            .iter()
            .position(|c| key(&c.id) == key(who))
            .or_else(|| {
                plan.components
                    .iter()
                    .position(|c| key(&c.name) == key(who))
            })
            .ok_or_else(|| {
                let known: Vec<String> = plan
                    .components
                    .iter()
                    .map(|c| format!("{} ({})", c.id, c.name))
                    .collect();
                format!(
                    "the plan has no metric `{}`: {}",
                    who.trim(),
                    known.join(", ")
                )
            })?;
        if to == from {
            return Err("choose another metric than the one the weight comes from".into());
        }
        let (a, b) = (&plan.components[from], &plan.components[to]);
        if a.weight_locked || b.weight_locked {
            let locked = if a.weight_locked { &a.name } else { &b.name };
            return Err(format!("{locked}'s weight is locked: unlock it (x) first"));
        }
        if amount <= Decimal::ZERO || amount > a.weight {
            return Err(format!(
                "move more than 0% and at most {}'s {}",
                a.name,
                crate::num::pct_exact(a.weight)
            ));
        }
        let (from_name, to_name) = (a.name.clone(), b.name.clone());
        let mut next = self.scn.clone_plan_only();
        next.plan.components[from].weight -= amount;
        next.plan.components[to].weight += amount;
        if let Some(p) = crate::engine::validate::validate_plan(&next)
            .into_iter()
            .next()
        {
            return Err(format!("{}: {}", p.location, p.message));
        }
        let before = self.snapshot();
        self.push_undo(before);
        self.weight_anchor = None;
        self.last_nudge = None;
        self.scn.plan = next.plan;
        self.recompute();
        self.mode = Mode::Normal;
        let w = |i: usize| crate::num::pct_exact(self.scn.plan.components[i].weight);
        self.info(format!(
            "moved {} of weight: {from_name} {} · {to_name} {} · the others unchanged · u undoes",
            crate::num::pct_exact(amount),
            w(from),
            w(to)
        ));
        Ok(())
    }

    /// True when two or more CSMs share a name.
    pub fn names_repeat(&self) -> bool {
        self.names_repeat
    }

    /// Opens with errors the plan editor can fix (see [`App::plan_errors`]).
    pub fn set_plan_errors(&mut self, problems: Vec<Finding>) {
        self.plan_errors = problems;
        if let Some(e) = self.plan_errors.first() {
            self.status = Some((
                format!(
                    "{} to fix before saving: {} (sliders marked ✗)",
                    if self.plan_errors.len() == 1 {
                        "an error".to_string()
                    } else {
                        format!("{} errors", self.plan_errors.len())
                    },
                    e.message.split("; ").next().unwrap_or(&e.message)
                ),
                Tone::Error,
            ));
        }
    }

    /// True when parameter `p` is one a plan error is about (marked ✗ in the editor).
    pub fn param_has_error(&self, p: Param) -> bool {
        self.plan_errors.iter().any(|e| match (e.code, p) {
            ("weights-sum", Param::PeriodWeight(_, k)) => {
                e.location.starts_with(&format!("plan.periods[{k}] "))
                    || e.location == "plan.components"
            }
            ("weights-sum", Param::Weight(_)) => true,
            (_, Param::VariableShare) => e.location == "plan.mix",
            (_, Param::LevelShare(i)) => self
                .scn
                .plan
                .level_mix
                .keys()
                .nth(i)
                .is_some_and(|l| e.location == format!("plan.level_mix[{l:?}]")),
            (_, Param::Weight(i)) => e.location.starts_with(&format!("plan.components[{i}] ")),
            _ => false,
        })
    }

    /// What happened to a typed weight that could not be set exactly: rounded to 0.01%, or
    /// limited by the locked weights.
    fn weight_note(&self, i: usize, wanted: Decimal) -> Option<(String, Tone)> {
        let got = self.scn.plan.components.get(i)?.weight;
        if got == wanted {
            return None;
        }
        let rounded = wanted.round_dp(4);
        let msg = if got == rounded {
            format!(
                "{} rounded to {} (weights are kept to 0.01%)",
                crate::num::pct_exact(wanted),
                crate::num::pct_exact(got)
            )
        } else {
            let locked: Decimal = self
                .scn
                .plan
                .components
                .iter()
                .enumerate()
                .filter(|(j, c)| *j != i && c.weight_locked)
                .map(|(_, c)| c.weight)
                .sum();
            format!(
                "set to {} rather than {}: {} is locked (x unlocks a weight)",
                crate::num::pct_exact(got),
                crate::num::pct_exact(wanted),
                crate::num::pct_exact(locked)
            )
        };
        Some((msg, Tone::Info))
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

    /// The weight locks, per component, as the plan holds them.
    pub fn locks(&self) -> Vec<bool> {
        self.scn
            .plan
            .components
            .iter()
            .map(|c| c.weight_locked)
            .collect()
    }

    fn recompute_now(&mut self) {
        self.stale = false;
        self.sync_compare(false);
        if !self.inputs.fits(&self.scn) {
            self.inputs = TeamInputs::new(&self.scn);
        }
        self.eval = evaluate_with(
            &self.scn,
            &self.inputs,
            self.scn.assumptions.attainment_scale,
        );
        let base_scale = self.baseline.assumptions.attainment_scale;
        self.plan_effect_cash = (self.scn.assumptions.attainment_scale != base_scale)
            .then(|| evaluate_with(&self.scn, &self.inputs, base_scale).team.cash);
        if !self.plan_errors.is_empty() {
            self.plan_errors = crate::engine::validate::validate_plan(&self.scn)
                .into_iter()
                .filter(crate::engine::validate::fixable_in_editor)
                .collect();
        }
        self.warnings = guardrails(&self.scn, &self.eval);
        self.warnings_offset = self
            .warnings_offset
            .min(self.warnings.len().saturating_sub(1));
        self.eval_gen += 1;
        self.resort();
        self.request_curves(false);
        self.request_risk(self.risk_team_stale);
        self.risk_team_stale = false;
    }

    fn request_curves(&mut self, with_baseline: bool) {
        self.curve_request += 1;
        match &self.worker {
            Some(w) => {
                self.cost_current = None;
                w.request(
                    self.curve_request,
                    Which::Current,
                    &self.scn.plan,
                    &self.scn.assumptions,
                );
                if with_baseline {
                    w.request(
                        self.curve_request,
                        Which::Baseline,
                        &self.baseline.plan,
                        &self.baseline.assumptions,
                    );
                }
            }
            None => {
                self.cost_current = Some(crate::engine::eval::cost_curve(&self.scn));
                if with_baseline {
                    let mut b = self.scn.clone();
                    b.plan = self.baseline.plan.clone();
                    b.assumptions = self.baseline.assumptions.clone();
                    self.cost_baseline = Some(crate::engine::eval::cost_curve(&b));
                }
            }
        }
    }

    /// Takes finished curves from the worker. True when something new arrived.
    pub fn poll_worker(&mut self) -> bool {
        let risk = self.poll_risk() | self.compare.as_mut().is_some_and(|v| v.poll_risk());
        let Some(w) = &self.worker else {
            return risk;
        };
        let mut changed = false;
        for (id, which, curve) in w.finished() {
            match which {
                Which::Current if id == self.curve_request => {
                    self.cost_current = Some(curve);
                    changed = true;
                }
                Which::Baseline => {
                    self.cost_baseline = Some(curve);
                    changed = true;
                }
                _ => {}
            }
        }
        changed || risk
    }

    /// True while a curve is being computed in the background.
    pub fn waiting_for_worker(&self) -> bool {
        let risk_refining = self.risk.as_ref().is_some_and(|r| {
            r.worker.is_some() && r.report.as_ref().is_none_or(|x| x.trials < r.target)
        });
        risk_refining
            || self.compare.as_ref().is_some_and(|v| v.risk_refining())
            || (self.worker.is_some()
                && (self.cost_current.is_none() || self.cost_baseline.is_none()))
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
        let settings = self.scn.assumptions.risk.clone().unwrap_or_default();
        let worker = self
            .has_worker()
            .then(super::risk_worker::RiskWorker::start);
        self.risk = Some(RiskView {
            worker,
            request: 0,
            report: None,
            target: settings.trials.max(1),
            offset: 0,
            max_offset: usize::MAX,
        });
        self.request_risk(false);
        self.info(self.risk_hint());
    }

    /// What the risk view's keys are, for where the focus is: `Tab` first only when the
    /// view does not have it.
    fn risk_hint(&self) -> String {
        let scroll = if self.focus == Focus::Table {
            "↑↓ scrolls"
        } else {
            "Tab then ↑↓ scrolls"
        };
        format!("cost risk of the working copy, refined in the background · {scroll} · R closes")
    }

    /// Asks for a new simulation of the working copy (the view is open).
    fn request_risk(&mut self, team_changed: bool) {
        let Some(view) = &mut self.risk else { return };
        view.target = self
            .scn
            .assumptions
            .risk
            .as_ref()
            .map_or(10_000, |r| r.trials.max(1));
        match &mut view.worker {
            Some(w) => view.request = w.request(0, &self.scn, team_changed),
            None => {
                let settings = self.scn.assumptions.risk.clone().unwrap_or_default();
                view.report = Some(crate::engine::risk::simulate_with(
                    &self.scn,
                    &self.inputs,
                    &self.eval,
                    &settings,
                    settings.trials,
                    settings.seed,
                ));
            }
        }
    }

    /// Takes finished risk steps. True when something new arrived.
    fn poll_risk(&mut self) -> bool {
        let Some(view) = &mut self.risk else {
            return false;
        };
        let Some(w) = &view.worker else { return false };
        let mut changed = false;
        for d in w.finished() {
            if d.id == view.request {
                view.report = Some(d.report);
                changed = true;
            }
        }
        changed
    }

    fn resort(&mut self) {
        let e = &self.eval;
        let team = &self.scn.team;
        let change = |i: usize| self.change(i).unwrap_or(e.csms[i].total);
        let mut order: Vec<usize> = (0..team.len()).collect();
        match self.sort {
            SortCol::Team => {}
            SortCol::Name => order.sort_by(|&a, &b| team[a].name.cmp(&team[b].name)),
            SortCol::Level => order.sort_by(|&a, &b| team[a].level.cmp(&team[b].level)),
            SortCol::Base => order.sort_by_key(|&i| e.csms[i].base),
            SortCol::Variable => order.sort_by_key(|&i| e.csms[i].variable),
            SortCol::Spif => order.sort_by_key(|&i| e.csms[i].spif),
            SortCol::Total => order.sort_by_key(|&i| e.csms[i].total),
            SortCol::PctOte => order.sort_by_cached_key(|&i| e.csms[i].pct_of_ote()),
            SortCol::Change => order.sort_by_key(|&i| change(i)),
        }
        if self.descending {
            order.reverse();
        }
        self.order = order;
    }

    /// CSM `i`'s total minus their total under the plan as opened; `None` for a CSM who
    /// was not in the team then.
    pub fn change(&self, i: usize) -> Option<Decimal> {
        let csm = self.scn.team.get(i)?;
        let now = self.eval.csms.get(i)?.total;
        self.baseline_totals.get(&csm.id).map(|b| now - *b)
    }

    /// The selected CSM's position in table order.
    pub fn selected_pos(&self) -> usize {
        self.order
            .iter()
            .position(|&i| i == self.selected)
            .unwrap_or(0)
    }

    fn select_pos(&mut self, pos: usize) {
        if let Some(&i) = self.order.get(pos.min(self.order.len().saturating_sub(1))) {
            self.selected = i;
        }
    }

    /// Moves to the first or last row of the focused pane (never changes a value).
    fn go_to_end(&mut self, last: bool) {
        match self.focus {
            Focus::Editor => self.move_row(if last {
                isize::MAX / 2
            } else {
                -(isize::MAX / 2)
            }),
            Focus::Warnings => {
                self.warnings_offset = if last {
                    self.warnings.len().saturating_sub(1)
                } else {
                    0
                }
            }
            Focus::Table if self.risk.is_some() => {
                if let Some(v) = &mut self.risk {
                    v.offset = if last { v.max_offset } else { 0 };
                }
            }
            Focus::Table | Focus::Chart => self.select_pos(if last { usize::MAX } else { 0 }),
        }
    }

    fn move_row(&mut self, delta: isize) {
        let n = self.rows.len() as isize;
        let mut r = self.row as isize;
        let step = delta.signum();
        let mut left = delta.abs();
        while left > 0 {
            let mut next = r + step;
            while (0..n).contains(&next) && !matches!(self.rows[next as usize], Row::Param(_)) {
                next += step;
            }
            if !(0..n).contains(&next) {
                break;
            }
            r = next;
            left -= 1;
        }
        self.row = r as usize;
        self.last_nudge = None;
    }

    fn nudge(&mut self, steps: i64) {
        let Some(p) = self.param() else { return };
        if p == Param::AsOf {
            let n = self.scn.plan.periods.len() as i64 + 1;
            let now = self.scn.plan.as_of_index().map_or(0, |a| a as i64 + 1);
            let next = (now + steps.signum()).rem_euclid(n);
            self.set_param(p, Some(Decimal::from(next)), false);
            if let Some(msg) = self.as_of_note() {
                self.info(msg);
            }
            return;
        }
        if p.is_toggle() {
            self.set_param(p, None, false);
            return;
        }
        if p == Param::Budget && self.scn.plan.budget.is_none() {
            // No budget yet: an arrow starts one at what the plan costs now, rounded up to
            // the slider's step (type a figure with Enter for any other).
            let step = p.step(&self.scn);
            let cash = self.eval.team.cash;
            let start = (cash / step).ceil() * step;
            self.set_param(p, Some(start), false);
            return;
        }
        let v = p.nudge(&self.scn, steps);
        self.set_param(p, v, true);
    }

    fn jump_to_end(&mut self, top: bool) {
        let Some(p) = self.param() else { return };
        if p.is_toggle() {
            return;
        }
        let (lo, hi) = p.range(&self.scn);
        self.set_param(p, Some(if top { hi } else { lo }), false);
    }

    pub fn update(&mut self, action: Action) {
        match &self.mode {
            Mode::Help { offset } => {
                let most = self.hits.help_scroll;
                let offset = match action {
                    Action::ToggleHelp | Action::Close | Action::Quit => {
                        self.mode = Mode::Normal;
                        return;
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
                return;
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
                        return;
                    }
                    _ => at,
                };
                if let Mode::Text { offset, .. } = &mut self.mode {
                    *offset = to.min(most);
                }
                return;
            }
            Mode::Unsaved(_)
            | Mode::ChangedOnDisk { .. }
            | Mode::Browser { .. }
            | Mode::Recovery(_) => {
                if action == Action::Close {
                    self.mode = Mode::Normal;
                    self.info("not quitting");
                }
                return;
            }
            Mode::LoadFailed { .. } => {
                match action {
                    Action::Quit | Action::Close => self.quit = true,
                    Action::Edit => self.mode = Mode::Normal,
                    _ => {}
                }
                return;
            }
            Mode::Input { .. } | Mode::Confirm { .. } => return,
            Mode::CsmForm { csm, row } => {
                let (csm, row) = (*csm, *row);
                let n = fields(&self.scn).len();
                match action {
                    Action::Quit | Action::Close => self.mode = Mode::Normal,
                    Action::Up => {
                        self.mode = Mode::CsmForm {
                            csm,
                            row: row.saturating_sub(1),
                        }
                    }
                    Action::Down => {
                        self.mode = Mode::CsmForm {
                            csm,
                            row: (row + 1).min(n.saturating_sub(1)),
                        }
                    }
                    Action::Edit => {
                        if let (Some(field), Some(c)) =
                            (fields(&self.scn).get(row).copied(), self.scn.team.get(csm))
                        {
                            self.mode = Mode::Input {
                                target: Target::Field { csm, field },
                                buffer: field.edit_text(&self.scn, c),
                                error: None,
                                fresh: true,
                            };
                        }
                    }
                    Action::Undo => self.undo_redo(true),
                    Action::Redo => self.undo_redo(false),
                    _ => {}
                }
                return;
            }
            Mode::Normal => {}
        }
        if self.compare_action(action) {
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
            Action::Statement => {
                match crate::output::statements::statement(&self.scn, self.selected) {
                    Some(body) => {
                        let name = self.scn.team[self.selected].name.clone();
                        self.mode = Mode::Text {
                            title: format!(" Plan statement: {name} · ↑↓ scroll · Esc close "),
                            body,
                            offset: 0,
                            markdown: true,
                        };
                    }
                    None => self.error("no CSM selected"),
                }
            }
            Action::ImportRoster => {
                self.mode = Mode::Input {
                    target: Target::ImportPath,
                    buffer: String::new(),
                    error: None,
                    fresh: false,
                };
            }
            Action::ExportRoster => self.start_export_roster(),
            Action::ExportWorkbook => self.start_export_workbook(),
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
                let hint = self.risk.as_ref().map(|_| self.risk_hint());
                self.focus = Focus::ORDER[j];
                // The risk view's hint follows the focus.
                if hint.is_some() && self.status.as_ref().map(|s| &s.0) == hint.as_ref() {
                    self.info(self.risk_hint());
                }
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                let d: isize = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -(self.page() as isize),
                    _ => self.page() as isize,
                };
                match self.focus {
                    Focus::Editor => self.move_row(d),
                    Focus::Warnings => {
                        self.warnings_offset = (self.warnings_offset as isize + d)
                            .clamp(0, self.warnings.len().saturating_sub(1) as isize)
                            as usize;
                    }
                    Focus::Table if self.risk.is_some() => {
                        if let Some(v) = &mut self.risk {
                            v.offset = ((v.offset as isize + d).max(0) as usize).min(v.max_offset);
                        }
                    }
                    Focus::Table | Focus::Chart => {
                        let pos = (self.selected_pos() as isize + d).max(0) as usize;
                        self.select_pos(pos);
                    }
                }
            }
            Action::Left => self.slider(-1),
            Action::Right => self.slider(1),
            Action::BigLeft => self.slider(-10),
            Action::BigRight => self.slider(10),
            Action::Home | Action::End => {
                let top = action == Action::End;
                match self.focus {
                    Focus::Editor => self.jump_to_end(top),
                    _ => self.go_to_end(top),
                }
            }
            Action::First | Action::Last => self.go_to_end(action == Action::Last),
            Action::Risk => self.toggle_risk(),
            Action::TransferWeight => match self.param() {
                Some(Param::Weight(i)) if self.focus == Focus::Editor => {
                    self.mode = Mode::Input {
                        target: Target::Transfer(i),
                        buffer: String::new(),
                        error: None,
                        fresh: false,
                    };
                }
                _ => self.error("T moves weight between metrics: select a Weight slider first"),
            },
            Action::Solve => match self.param() {
                Some(p) if !p.is_toggle() && self.focus == Focus::Editor => {
                    self.mode = Mode::Input {
                        target: Target::Solve(p),
                        buffer: String::new(),
                        error: None,
                        fresh: false,
                    };
                }
                _ => {
                    self.error("$ solves a slider for a budget: select a slider in the plan first")
                }
            },
            Action::WhatIf => {
                if let Some(r) = self
                    .rows
                    .iter()
                    .position(|r| *r == Row::Param(Param::Scale))
                {
                    self.focus = Focus::Editor;
                    self.row = r;
                    self.last_nudge = None;
                    self.info("what-if: ←→ scales every projection (100% = as projected)");
                }
            }
            Action::Edit if self.focus == Focus::Table && !self.scn.team.is_empty() => {
                self.mode = Mode::CsmForm {
                    csm: self.selected,
                    row: 0,
                };
            }
            Action::Edit if self.focus == Focus::Table => {
                self.error("the team is empty: a adds a CSM, i imports a roster");
            }
            Action::AddCsm => {
                let csm = new_csm(&self.scn, self.scn.team.get(self.selected));
                self.change_team(|team| team.push(csm));
                self.selected = self.scn.team.len() - 1;
                self.focus = Focus::Table;
                self.mode = Mode::CsmForm {
                    csm: self.selected,
                    row: 1,
                };
                self.info(
                    "added a CSM: fill in the form (Enter edits a field, Esc closes, u undoes)",
                );
            }
            Action::DeleteCsm => {
                if let Some(c) = self.scn.team.get(self.selected) {
                    self.mode = Mode::Confirm {
                        question: format!("Remove {} ({}) from the team? y/n", c.name, c.id),
                        on_yes: Confirm::DeleteCsm(self.selected),
                    };
                }
            }
            Action::Edit => {
                if let Some(param) = self.param() {
                    self.focus = Focus::Editor;
                    let buffer = match param.get(&self.scn) {
                        Some(v) => param.format(&self.scn, v).replace(['$', ','], ""),
                        None if param.is_toggle() => String::new(),
                        None => "none".into(),
                    };
                    if param.is_toggle() {
                        self.set_param(param, None, false);
                    } else {
                        self.mode = Mode::Input {
                            target: Target::Param(param),
                            buffer,
                            error: None,
                            fresh: true,
                        };
                    }
                }
            }
            Action::ToggleLock => match self.param() {
                Some(Param::Weight(i)) if i < self.scn.plan.components.len() => {
                    // A lock is part of the plan: saved with it, and one undoable step.
                    self.weight_anchor = None;
                    let before = self.snapshot();
                    self.push_undo(before);
                    let c = &mut self.scn.plan.components[i];
                    c.weight_locked = !c.weight_locked;
                    let msg = if c.weight_locked {
                        format!("{}: weight locked (saved with the plan)", c.name)
                    } else {
                        format!("{}: weight unlocked", c.name)
                    };
                    self.recompute();
                    self.info(msg);
                }
                _ => self.error("x locks a weight: select a Weight slider first"),
            },
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            Action::Reset => {
                if self.scn.plan == self.baseline.plan
                    && self.scn.assumptions == self.baseline.assumptions
                {
                    self.info("already at the plan as opened");
                    return;
                }
                let before = self.snapshot();
                self.push_undo(before);
                self.scn.plan = self.baseline.plan.clone();
                self.scn.assumptions = self.baseline.assumptions.clone();
                self.after_plan_swap();
                self.info("plan reset to how it was opened; team edits are kept (u undoes)");
            }
            Action::SortNext => {
                let i = SortCol::ALL
                    .iter()
                    .position(|c| *c == self.sort)
                    .unwrap_or(0);
                self.sort = SortCol::ALL[(i + 1) % SortCol::ALL.len()];
                self.descending =
                    !matches!(self.sort, SortCol::Team | SortCol::Name | SortCol::Level);
                self.resort();
                self.select_pos(0);
                self.info(format!("sorted by {}", self.sort_label()));
            }
            Action::SortReverse => {
                self.descending = !self.descending;
                self.resort();
                self.select_pos(0);
                self.info(format!("sorted by {}", self.sort_label()));
            }
            Action::PrevPeriod => self.move_period(-1),
            Action::NextPeriod => self.move_period(1),
            Action::CopyForward => self.copy_forward(),
            Action::ToggleChart => {
                self.chart = match self.chart {
                    ChartMode::Payout => ChartMode::Cost,
                    ChartMode::Cost => ChartMode::Payout,
                };
            }
        }
    }

    /// What the as-of setting now means, for the status bar.
    fn as_of_note(&self) -> Option<String> {
        let plan = &self.scn.plan;
        if !plan.has_periods() {
            return None;
        }
        Some(match plan.as_of_index() {
            None => "actual through: none — every period is projected (u undoes)".into(),
            Some(a) if a + 1 == plan.periods.len() => format!(
                "actual through {}: the whole year is actual (u undoes)",
                plan.periods[a].id
            ),
            Some(a) if a + 2 == plan.periods.len() => format!(
                "actual through {}: {} projected (u undoes)",
                plan.periods[a].id,
                plan.periods[a + 1].id,
            ),
            Some(a) => format!(
                "actual through {}: {}–{} projected (u undoes)",
                plan.periods[a].id,
                plan.periods[a + 1].id,
                plan.periods[plan.periods.len() - 1].id
            ),
        })
    }

    /// Moves the period selector by `delta` (the per-period sliders follow).
    fn move_period(&mut self, delta: isize) {
        let n = self.scn.plan.periods.len();
        if n == 0 {
            self.error("this plan has no periods: [ and ] select a period in plans that do");
            return;
        }
        let p = (self.period as isize + delta).clamp(0, n as isize - 1) as usize;
        self.period = p;
        self.rows = rows_at(&self.scn, p);
        self.last_nudge = None;
        let kind = if self.eval.periods.as_ref().is_some_and(|r| r.is_actual(p)) {
            "actual"
        } else {
            "projected"
        };
        self.info(format!(
            "period {} ({kind}): per-period targets and weights act on it",
            self.scn.plan.periods[p].id
        ));
    }

    /// Copies the selected slider's value in the selected period to every later period,
    /// as one undoable step.
    fn copy_forward(&mut self) {
        let Some(param) = self.param() else { return };
        let Some(p) = param.period() else {
            self.error("} copies a per-period target or weight to later periods: select one");
            return;
        };
        let n = self.scn.plan.periods.len();
        if p + 1 >= n {
            self.info("the last period: there is no later period to copy to");
            return;
        }
        let Some(v) = param.get(&self.scn) else {
            return;
        };
        let before = self.snapshot();
        let locks = self.locks();
        for q in p + 1..n {
            if let Err(e) = param
                .in_period(q)
                .apply(&mut self.scn, &self.inputs, Some(v), &locks)
            {
                self.scn.plan = before.plan;
                self.scn.assumptions = before.assumptions;
                self.error(format!("Not copied: {e}"));
                return;
            }
        }
        if before.plan == self.scn.plan {
            self.info("later periods already have this value");
            return;
        }
        self.push_undo(before);
        self.weight_anchor = None;
        self.last_nudge = None;
        self.recompute();
        let ids = &self.scn.plan.periods;
        let to = if p + 2 == n {
            ids[n - 1].id.clone()
        } else {
            format!("{}–{}", ids[p + 1].id, ids[n - 1].id)
        };
        self.info(format!(
            "{} {} copied to {to} (u undoes)",
            param.label(&self.scn),
            param.format(&self.scn, v),
        ));
    }

    pub fn sort_label(&self) -> String {
        let dir = if self.sort == SortCol::Team {
            ""
        } else if self.descending {
            " ↓"
        } else {
            " ↑"
        };
        format!("{}{dir}", self.sort.label())
    }

    fn page(&self) -> usize {
        match self.focus {
            Focus::Editor => self.editor_page.max(1),
            _ => self.table_page.max(1),
        }
    }

    fn slider(&mut self, steps: i64) {
        if self.focus == Focus::Editor {
            self.nudge(steps);
        } else if self.focus == Focus::Chart && steps.abs() == 1 {
            // In the chart, left/right walk through the components' payout curves.
            let n = self.scn.plan.components.len();
            if n > 0 {
                let next = (self.component() as i64 + steps).rem_euclid(n as i64) as usize;
                if let Some(r) = self
                    .rows
                    .iter()
                    .position(|r| *r == Row::Param(Param::Weight(next)))
                {
                    self.row = r;
                }
            }
        }
    }

    fn after_plan_swap(&mut self) {
        self.period = self
            .period
            .min(self.scn.plan.periods.len().saturating_sub(1));
        self.rows = rows_at(&self.scn, self.period);
        self.row = self.row.min(self.rows.len().saturating_sub(1));
        if !matches!(self.rows.get(self.row), Some(Row::Param(_))) {
            self.move_row(1);
        }
        self.last_nudge = None;
        self.recompute();
    }

    fn undo_redo(&mut self, undo: bool) {
        self.weight_anchor = None;
        let (from, to) = if undo {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let Some(s) = from.pop() else {
            let msg = if undo {
                "nothing to undo"
            } else {
                "nothing to redo"
            };
            self.info(msg);
            return;
        };
        let mut current = Snapshot {
            plan: self.scn.plan.clone(),
            assumptions: self.scn.assumptions.clone(),
            team: None,
        };
        self.scn.plan = s.plan;
        self.scn.assumptions = s.assumptions;
        let team_swapped = s.team.is_some();
        if let Some(team) = s.team {
            current.team = Some(std::mem::replace(&mut self.scn.team, team));
        }
        to.push(current);
        if team_swapped {
            self.after_team_change();
        }
        self.after_plan_swap();
        self.info(if undo { "undone" } else { "redone" });
    }

    // ---- typed input -----------------------------------------------------------------

    pub fn input_char(&mut self, c: char) {
        if let Mode::Input {
            target,
            buffer,
            error,
            fresh,
        } = &mut self.mode
            && !c.is_control()
        {
            if *fresh {
                buffer.clear();
                *fresh = false;
            }
            if buffer.chars().count() < target.max_len() {
                buffer.push(c);
            }
            *error = None;
        }
    }

    pub fn input_backspace(&mut self) {
        if let Mode::Input {
            buffer,
            error,
            fresh,
            ..
        } = &mut self.mode
        {
            buffer.pop();
            *error = None;
            *fresh = false;
        }
    }

    /// Ctrl-U: clears what was typed.
    pub fn input_clear(&mut self) {
        if let Mode::Input {
            buffer,
            error,
            fresh,
            ..
        } = &mut self.mode
        {
            buffer.clear();
            *error = None;
            *fresh = false;
        }
    }

    /// Where Esc or Enter returns to after typing.
    fn after_input(&self, target: Target) -> Mode {
        match target {
            Target::Field { csm, field } => Mode::CsmForm {
                csm,
                row: fields(&self.scn)
                    .iter()
                    .position(|f| *f == field)
                    .unwrap_or(0),
            },
            Target::Param(_)
            | Target::SaveName
            | Target::BranchName
            | Target::Rename
            | Target::ImportPath
            | Target::ExportPath
            | Target::WorkbookPath
            | Target::CompareFind
            | Target::CompareExportPath
            | Target::Solve(_)
            | Target::Transfer(_) => Mode::Normal,
        }
    }

    pub fn input_cancel(&mut self) {
        if let Mode::Input { target, .. } = self.mode {
            self.mode = self.after_input(target);
            self.info("cancelled");
        }
    }

    pub fn input_commit(&mut self) {
        let Mode::Input { target, buffer, .. } = &self.mode else {
            return;
        };
        let (target, buffer) = (*target, buffer.clone());
        let result = match target {
            Target::Param(param) => match param.parse(&self.scn, &buffer) {
                Ok(v) => {
                    let before = self.status.clone();
                    self.set_param(param, v, false);
                    match &self.status {
                        Some((msg, Tone::Error)) if before.as_ref().map(|b| &b.0) != Some(msg) => {
                            let msg = msg.clone();
                            self.status = None;
                            Err(msg)
                        }
                        _ => {
                            // A typed target that leaves actuals implausibly far from it
                            // says so where it was typed (the guardrails list it too).
                            if let Param::Target(i) = param {
                                let at = format!("plan.components[{i}] ");
                                if let Some(w) = self.warnings.iter().find(|w| {
                                    w.code == "implausible-attainment"
                                        && w.location.starts_with(&at)
                                }) {
                                    let msg = format!("applied, but check it: {}", w.message);
                                    self.info(msg);
                                }
                            }
                            Ok(())
                        }
                    }
                }
                Err(e) => Err(e),
            },
            Target::SaveName => self.save_named(&buffer, false),
            Target::BranchName => self.save_named(&buffer, true),
            Target::Rename => self.rename_browsed(&buffer),
            Target::ImportPath => self.import_roster(&buffer),
            Target::ExportPath => self.export_roster(&buffer),
            Target::WorkbookPath => self.export_workbook(&buffer),
            Target::CompareFind => self.compare_find(&buffer),
            Target::CompareExportPath => self.export_compare(&buffer),
            Target::Solve(param) => self.solve_for(param, &buffer),
            Target::Transfer(from) => self.transfer_weight(from, &buffer),
            Target::Field { csm, field } => {
                let mut next = self.scn.clone();
                field.apply(&mut next, csm, &buffer).map(|()| {
                    let note = field.attainment_note(&next, csm);
                    if next.team != self.scn.team {
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
            Ok(()) if target.is_path() => {}
            Ok(()) if matches!(target, Target::Solve(_)) => {}
            Ok(()) => self.mode = self.after_input(target),
            Err(e) => {
                if let Mode::Input { error, .. } = &mut self.mode {
                    *error = Some(e);
                }
            }
        }
    }

    /// Changes the team as one undoable step and re-evaluates.
    pub fn change_team(&mut self, f: impl FnOnce(&mut Vec<Csm>)) {
        let mut before = self.snapshot();
        before.team = Some(self.scn.team.clone());
        f(&mut self.scn.team);
        self.push_undo(before);
        self.after_team_change();
    }

    fn after_team_change(&mut self) {
        self.risk_team_stale = true;
        self.team_changed = self.scn.team != self.saved_team;
        self.names_repeat = names_repeat(&self.scn.team);
        self.touched();
        self.sync_compare(true);
        self.inputs = TeamInputs::new(&self.scn);
        // Baseline totals follow the team by CSM id; new CSMs have no baseline.
        self.selected = self.selected.min(self.scn.team.len().saturating_sub(1));
        if let Some(w) = &self.worker {
            w.set_team(self.scn.team.clone());
            self.cost_baseline = None;
        }
        self.recompute_now();
        self.request_curves(true);
    }

    /// Saves to the scenario's file (atomically, keeping the previous version as .bak).
    /// Returns true when saved.
    pub fn save(&mut self) -> bool {
        if let Some(saved) = self.store_save(false) {
            return saved;
        }
        let Some(path) = self.path.clone() else {
            self.error(
                "this is the bundled sample: save it under a name with `cscomp-tui new FILE` first",
            );
            return false;
        };
        let text = crate::scenario::to_ron(&self.scn);
        match crate::scenario::store::write_atomic(&path, text.as_bytes(), true) {
            Ok(()) => {
                self.mark_saved();
                self.info(format!("saved to {}", path.display()));
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

    pub(super) fn has_worker(&self) -> bool {
        self.worker.is_some()
    }

    /// Marks the working copy as differing from the file (a restored recovery copy of a
    /// scenario whose file is gone or broken).
    pub(super) fn force_dirty(&mut self) {
        self.team_changed = true;
        self.saved_team.clear();
    }

    pub(super) fn mark_saved(&mut self) {
        self.saved = (self.scn.plan.clone(), self.scn.assumptions.clone());
        if self.team_changed {
            self.saved_team = self.scn.team.clone();
        }
        self.team_changed = false;
        // A save is always an undo boundary: the next nudge starts a new step.
        self.last_nudge = None;
    }

    /// Replaces the plan, assumptions and team with `other` as one undoable step (reloading
    /// the file, restoring an autosave): nothing the user had is lost, `u` brings it back.
    /// When `as_saved`, `other` is what the file now holds.
    pub(super) fn replace_undoably(&mut self, other: Scenario, as_saved: bool) {
        self.weight_anchor = None;
        let mut before = self.snapshot();
        before.team = Some(self.scn.team.clone());
        self.push_undo(before);
        self.scn.plan = other.plan;
        self.scn.assumptions = other.assumptions;
        self.scn.team = other.team;
        if as_saved {
            self.scn.name = other.name;
            self.scn.branched_from = other.branched_from;
            self.saved = (self.scn.plan.clone(), self.scn.assumptions.clone());
            self.saved_team = self.scn.team.clone();
        }

        self.after_team_change();
        self.after_plan_swap();
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
                if i < self.scn.team.len() {
                    let name = self.scn.team[i].name.clone();
                    self.change_team(|team| {
                        team.remove(i);
                    });
                    self.info(format!("removed {name} (u undoes)"));
                }
            }
        }
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
            if let Some(&(_, row)) = h.editor_rows.iter().find(|(ry, _)| *ry == y) {
                if !drag || self.row == row {
                    self.row = row;
                }
                let (bx, bw) = h.bar;
                if bw > 1
                    && x >= bx
                    && x < bx + bw
                    && let Some(p) = self.param()
                {
                    if p.is_toggle() {
                        if !drag {
                            self.set_param(p, None, false);
                        }
                        return;
                    }
                    let (lo, hi) = p.range(&self.scn);
                    let frac = Decimal::from(x - bx) / Decimal::from(bw - 1);
                    let step = p.step(&self.scn);
                    let raw = lo + (hi - lo) * frac;
                    let v = ((raw / step).round() * step).clamp(lo, hi).normalize();
                    self.set_param(p, Some(v), true);
                }
            }
        } else if Self::inside(h.table, x, y) {
            self.focus = Focus::Table;
            let (first, ref shown) = h.table_rows;
            if y >= first
                && let Some(&i) = shown.get((y - first) as usize)
            {
                self.selected = i;
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
                if self.row != row {
                    self.row = row;
                    self.last_nudge = None;
                }
                self.nudge(if up { 1 } else { -1 });
            } else {
                self.move_row(d);
            }
        } else if Self::inside(h.table, x, y) {
            let pos = (self.selected_pos() as isize + d * 3).max(0) as usize;
            self.select_pos(pos);
        } else if self.compare.is_some() {
            self.compare_wheel(up);
        }
    }
}

/// True when two or more CSMs share a name.
fn names_repeat(team: &[Csm]) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(team.len());
    team.iter().any(|c| !seen.insert(c.name.as_str()))
}
