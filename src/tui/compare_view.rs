//! The compare screen's state and what its keys do: which pane has the focus, how far each
//! pane is scrolled, the per-CSM table's sort, filter and search, and writing the
//! comparison as Markdown for finance.
//!
//! Owns: the compare view's state. Must not: draw (that is `ui/compare.rs`), compute pay
//! (that is `crate::analysis::compare`) or know the app (its keys are in
//! `compare_keys.rs`).

use super::action::Action;
use crate::analysis::compare::Comparer;
use std::path::PathBuf;

/// The keys the compare screen answers, for help and the hint bar (it also takes the
/// moving keys while one of its panes has the focus).
pub const COMMANDS: &[Action] = &[
    Action::Compare,
    Action::CompareFilter,
    Action::CompareFind,
    Action::CompareExport,
    Action::CompareScale,
];

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
    /// A save of the file's history (docs/storage.md).
    Saved(PathBuf, u32),
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

    pub fn variants(&self) -> usize {
        self.comparer.len()
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
