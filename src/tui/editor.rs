//! The plan editor: the slider rows, which one is selected, the period the per-period
//! sliders act on, and what its keys do — nudge, type, jump, lock, move weight, solve for a
//! budget, copy to later periods.
//!
//! Owns: the editor's own state and the plan changes it makes (each one undoable step).
//! Must not: draw (that is `ui/editor.rs`), re-evaluate (the app does, when an outcome says
//! the plan changed), or know the other panes.

use super::action::Action;
use super::document::Document;
use super::mode::{Focus, Mode, Outcome, Say, Target};
use crate::engine::Scenario;
use crate::engine::params::{Param, Row, default_period, rows_at, version_at};
use rust_decimal::Decimal;
use std::time::{Duration, Instant};

/// Nudges of one slider closer together than this make one undo step (holding a key);
/// presses further apart are separate steps.
pub const MERGE_WINDOW: Duration = Duration::from_secs(1);

/// The keys the editor answers, for help and the hint bar.
pub const COMMANDS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Left,
    Action::Right,
    Action::BigLeft,
    Action::BigRight,
    Action::Home,
    Action::End,
    Action::First,
    Action::Last,
    Action::Edit,
    Action::ToggleLock,
    Action::TransferWeight,
    Action::Solve,
    Action::WhatIf,
    Action::PrevPeriod,
    Action::NextPeriod,
    Action::CopyForward,
    Action::ChangesFrom,
];

pub struct Editor {
    pub rows: Vec<Row>,
    /// The period the per-period sliders act on (index into `plan.periods`; 0 without
    /// periods).
    pub period: usize,
    /// Index into `rows`; always a parameter row.
    pub row: usize,
    /// First row shown.
    pub offset: usize,
    /// Rows shown at the last draw (for paging).
    pub page: usize,
    /// The parameter the last nudge moved: repeated nudges make one undo step.
    last_nudge: Option<Param>,
    /// When the last nudge happened: presses more than [`MERGE_WINDOW`] apart are
    /// separate undo steps.
    last_nudge_at: Option<Instant>,
    /// Sliders change the plan from the selected period on (a change during the year)
    /// rather than the plan as it started.
    pub from_here: bool,
    /// While one weight is moved, in one gesture or several: that weight and every weight
    /// as it was before it started moving. The others are rebalanced from these, so pushing
    /// a weight up and back returns them to their original proportions.
    weight_anchor: Option<(usize, Vec<Decimal>)>,
}

impl Editor {
    pub fn new(scn: &Scenario) -> Editor {
        let period = default_period(scn);
        // A plan changed from a period on opens on the terms in force in that period, so
        // that what the sliders show is what the period pays.
        let under_change = !scn.plan.changes.is_empty()
            && crate::engine::versions::Versions::of(&scn.plan).is_ok_and(|v| v.at(period) > 0)
            && scn.plan.as_of_index().is_none_or(|a| period > a);
        Editor {
            rows: rows_at(scn, period),
            period,
            row: 1,
            offset: 0,
            page: 10,
            last_nudge: None,
            last_nudge_at: None,
            from_here: under_change,
            weight_anchor: None,
        }
    }

    /// The period the sliders change the plan from: the selected one while changing from
    /// a period on, else 0 (the plan as it started).
    pub fn from(&self, scn: &Scenario) -> usize {
        if self.from_here && scn.plan.has_periods() {
            self.period
        } else {
            0
        }
    }

    /// The plan the sliders show: the version in force from the period they change, or
    /// `None` for the scenario's own plan.
    pub fn view(&self, scn: &Scenario) -> Option<Scenario> {
        version_at(scn, self.from(scn))
    }

    /// The selected parameter.
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

    /// The next change starts a new undo step and a new weight gesture (after a save, an
    /// undo, a change made elsewhere).
    pub fn end_gesture(&mut self) {
        self.weight_anchor = None;
        self.last_nudge = None;
    }

    /// The next nudge starts a new undo step (after a save).
    pub fn end_nudge(&mut self) {
        self.last_nudge = None;
    }

    /// Selects editor row `row` (a click, the what-if key).
    pub fn select_row(&mut self, row: usize) {
        if self.row != row {
            self.row = row;
            self.last_nudge = None;
        }
    }

    /// The rows again after the plan was swapped (undo, reset, reload): the period and the
    /// selection stay where they can.
    pub fn after_plan_swap(&mut self, scn: &Scenario) {
        let was = self.param();
        self.period = self.period.min(scn.plan.periods.len().saturating_sub(1));
        self.rows = rows_at(scn, self.period);
        // The same slider stays selected where it still is (a row may have come or gone).
        self.row = match was.and_then(|p| self.rows.iter().position(|r| *r == Row::Param(p))) {
            Some(r) => r,
            None => self.row.min(self.rows.len().saturating_sub(1)),
        };
        if !matches!(self.rows.get(self.row), Some(Row::Param(_))) {
            self.move_row(1);
        }
        self.last_nudge = None;
    }

    /// An action while the editor has the focus (`focused`) or, for the keys that act on
    /// the selected slider from anywhere, while another pane has it.
    pub fn handle(&mut self, doc: &mut Document, action: Action, focused: bool) -> Outcome {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown if focused => {
                let page = self.page.max(1) as isize;
                self.move_row(match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    _ => page,
                });
                Outcome::done()
            }
            Action::Left | Action::Right | Action::BigLeft | Action::BigRight if focused => {
                let steps = match action {
                    Action::Left => -1,
                    Action::Right => 1,
                    Action::BigLeft => -10,
                    _ => 10,
                };
                self.nudge(doc, steps)
            }
            Action::Home | Action::End if focused => self.jump_to_end(doc, action == Action::End),
            Action::First | Action::Last if focused => {
                self.move_row(if action == Action::Last {
                    isize::MAX / 2
                } else {
                    -(isize::MAX / 2)
                });
                Outcome::done()
            }
            Action::TransferWeight => match self.param() {
                Some(Param::Weight(i)) if focused => {
                    Outcome::open(Mode::prompt(Target::Transfer(i), String::new()))
                }
                _ => Outcome::error("T moves weight between metrics: select a Weight slider first"),
            },
            Action::Solve => match self.param() {
                Some(p) if !p.is_toggle() && focused => {
                    Outcome::open(Mode::prompt(Target::Solve(p), String::new()))
                }
                _ => Outcome::error(
                    "$ solves a slider for a budget: select a slider in the plan first",
                ),
            },
            Action::WhatIf => match self
                .rows
                .iter()
                .position(|r| *r == Row::Param(Param::Scale))
            {
                Some(r) => {
                    self.row = r;
                    self.last_nudge = None;
                    Outcome::info("what-if: ←→ scales every projection (100% = as projected)")
                        .focusing(Focus::Editor)
                }
                None => Outcome::done(),
            },
            Action::Edit => {
                let Some(param) = self.param() else {
                    return Outcome::done();
                };
                if param.is_toggle() {
                    return self
                        .set_param(doc, param, None, false)
                        .focusing(Focus::Editor);
                }
                let buffer = match param.get(&doc.scn) {
                    Some(v) => param.format(&doc.scn, v).replace(['$', ','], ""),
                    None => "none".into(),
                };
                Outcome::open(Mode::Input {
                    target: Target::Param(param),
                    buffer,
                    error: None,
                    fresh: true,
                })
                .focusing(Focus::Editor)
            }
            Action::ToggleLock => match self.param() {
                Some(Param::Weight(i)) if i < doc.scn.plan.components.len() => {
                    // A lock is part of the plan: saved with it, and one undoable step.
                    self.weight_anchor = None;
                    let before = doc.snapshot();
                    doc.push_undo(before);
                    let c = &mut doc.scn.plan.components[i];
                    c.weight_locked = !c.weight_locked;
                    let msg = if c.weight_locked {
                        format!("{}: weight locked (saved with the plan)", c.name)
                    } else {
                        format!("{}: weight unlocked", c.name)
                    };
                    Outcome::info(msg).changed()
                }
                _ => Outcome::error("x locks a weight: select a Weight slider first"),
            },
            Action::PrevPeriod => self.move_period(doc, -1),
            Action::NextPeriod => self.move_period(doc, 1),
            Action::CopyForward => self.copy_forward(doc),
            Action::ChangesFrom => self.toggle_from(doc),
            _ => Outcome::ignored(),
        }
    }

    /// Applies a parameter value as one undoable step (nudges of the same slider in a row
    /// merge into one step).
    pub fn set_param(
        &mut self,
        doc: &mut Document,
        param: Param,
        value: Option<Decimal>,
        merge: bool,
    ) -> Outcome {
        // A closed period's own targets and weights are what it was paid on.
        if let Some(p) = param.period()
            && doc.scn.plan.as_of_index().is_some_and(|a| p <= a)
        {
            return Outcome::error(format!(
                "{} holds actual results: its targets and weights stay as they were paid (select a projected period with ])",
                doc.scn.plan.periods[p].id
            ));
        }
        let before = doc.snapshot();
        let now = Instant::now();
        let recent = self
            .last_nudge_at
            .is_some_and(|t| now.duration_since(t) <= MERGE_WINDOW);
        let merging = merge && recent && self.last_nudge == Some(param);
        let scn = &mut doc.scn;
        match param {
            Param::Weight(i) if !scn.plan.has_periods() => {
                let anchor = match &self.weight_anchor {
                    Some((j, w)) if *j == i && w.len() == scn.plan.components.len() => w.clone(),
                    _ => scn.plan.components.iter().map(|c| c.weight).collect(),
                };
                // Rebalance from the weights before this weight started moving, so many
                // small steps land exactly where one jump would (no rounding drift), and
                // moving it back restores the others' proportions.
                for (c, w) in scn.plan.components.iter_mut().zip(&anchor) {
                    c.weight = *w;
                }
                self.weight_anchor = Some((i, anchor));
            }
            _ => self.weight_anchor = None,
        }
        let locks = doc.locks();
        let from = self.from(&doc.scn);
        match param.apply_from(&mut doc.scn, &doc.inputs, value, &locks, from) {
            Ok(()) => {
                if doc.plan_as_in(&before) {
                    if let Param::Weight(i) = param
                        && locks.get(i) == Some(&false)
                        && locks.iter().filter(|l| !**l).count() <= 1
                    {
                        return Outcome::error(
                            "every other weight is locked: unlock one (x) to move this one",
                        );
                    }
                    return Outcome::done();
                }
                if !merging {
                    doc.push_undo(before);
                }
                self.last_nudge = merge.then_some(param);
                self.last_nudge_at = merge.then_some(now);
                let say = match (param, value) {
                    (Param::Weight(i), Some(v)) if !merge => {
                        weight_note(&doc.scn, i, v).map_or(Say::Clear, Say::Info)
                    }
                    _ => Say::Clear,
                };
                Outcome::done().saying(say).changed()
            }
            Err(e) => {
                doc.restore_plan(before);
                Outcome::error(format!("Not applied: {e}"))
            }
        }
    }

    /// Solves `param` for the budget typed (`1600000`, `loaded 1900000`, `planned
    /// 1580000`, `arr 3.5%`): applies the value as one undoable step and says what it did,
    /// or says why the budget cannot be met and changes nothing.
    pub fn solve_for(
        &mut self,
        doc: &mut Document,
        param: Param,
        text: &str,
    ) -> Result<Outcome, String> {
        use crate::analysis::solve::{Figure, Pick, parse_budget_in, show_value, solve};
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
        let budget = parse_budget_in(figure, amount, doc.scn.plan.currency())?;
        // A money budget typed here is the plan's budget from now on (the risk view, `risk`
        // and the next solve measure it): an undoable step of its own, before the solve's,
        // so undoing the solve keeps the budget the user typed.
        let basis = match figure {
            Figure::Cash | Figure::P50 | Figure::P90 => Some(crate::engine::BudgetBasis::Cash),
            Figure::Loaded => Some(crate::engine::BudgetBasis::Loaded),
            _ => None,
        };
        let before_budget = doc.snapshot();
        let old_budget = doc.budget;
        if let Some(basis) = basis {
            doc.scn.plan.budget = Some(crate::engine::Budget {
                amount: budget,
                basis,
            });
        }
        let budget_changed = doc.scn.plan.budget.as_ref() != Document::budget_in(&before_budget);
        doc.budget = Some((figure, budget));
        let sol = match solve(&doc.scn, param, &doc.locks(), figure, budget) {
            Ok(sol) => sol,
            Err(e) => {
                doc.scn.plan.budget = Document::budget_in(&before_budget).cloned();
                doc.budget = old_budget;
                return Err(e.to_string());
            }
        };
        let show = |v: Decimal| {
            if figure.is_ratio() {
                crate::num::pct(v, 2)
            } else {
                crate::num::money(v)
            }
        };
        let label = param.label(&doc.scn).trim().to_string();
        let value = |scn: &Scenario, v: Option<Decimal>| show_value(param, scn, v);
        let fits: Vec<String> = sol
            .ranges
            .iter()
            .map(|r| r.text(|v| value(&doc.scn, v)))
            .collect();
        let fits = if fits.is_empty() {
            String::new()
        } else {
            format!("; fits for {}", fits.join(", "))
        };
        let done = Outcome::open(Mode::Normal);
        if !sol.met {
            // Nothing changes, not even the budget.
            doc.scn.plan.budget = Document::budget_in(&before_budget).cloned();
            doc.budget = old_budget;
            return Ok(done.saying(Say::Error(format!(
                "not changed: no {label} in its range brings {} to {} or less (the nearest, {}, gives {})",
                figure.name(),
                show(budget),
                value(&sol.scenario, sol.value),
                show(sol.figure)
            ))));
        }
        if budget_changed {
            doc.push_undo(before_budget);
        }
        if sol.kept {
            return Ok(done
                .saying(Say::Info(format!(
                    "already fits: {label} = {} gives {} {}, {} under the budget of {}{fits} · nothing changed",
                    value(&doc.scn, sol.value),
                    figure.name(),
                    show(sol.figure),
                    show(budget - sol.figure),
                    show(budget)
                )))
                .changed());
        }
        let was = value(&doc.scn, param.get(&doc.scn));
        let before = doc.snapshot();
        doc.push_undo(before);
        self.end_gesture();
        let kept_budget = doc.scn.plan.budget.clone();
        doc.scn.plan = sol.scenario.plan;
        doc.scn.plan.budget = kept_budget;
        doc.scn.assumptions = sol.scenario.assumptions;
        Ok(done
            .saying(Say::Info(format!(
                "solved: {label} {was} → {}, {} that fits: {} {} (budget {}){fits} · u undoes",
                value(&doc.scn, sol.value),
                match sol.pick {
                    Pick::Nearest => "the nearest value",
                    Pick::ClosestToBudget => "the value closest to the budget",
                },
                figure.name(),
                show(sol.figure),
                show(budget)
            )))
            .changed())
    }

    /// Moves weight from component `from` to the metric `text` names (by id or name) by
    /// the amount it ends with ("activities 5%", "Key activities 0.05"): the two weights
    /// change, every other stays, the total stays 100%. One undoable step.
    pub fn transfer_weight(
        &mut self,
        doc: &mut Document,
        from: usize,
        text: &str,
    ) -> Result<Outcome, String> {
        let t = text.trim();
        let (who, amount) = t
            .rsplit_once(char::is_whitespace)
            .ok_or("name the metric, then how much: activities 5%")?;
        let amount = crate::num::parse_pct(amount.trim(), Decimal::ONE).map_err(|e| e.0)?;
        let plan = &doc.scn.plan;
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
        let (Some(a), Some(b)) = (plan.components.get(from), plan.components.get(to)) else {
            return Err("that metric is no longer in the plan".into());
        };
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
        let mut next = doc.scn.clone_plan_only();
        next.plan.components[from].weight -= amount;
        next.plan.components[to].weight += amount;
        if let Some(p) = crate::engine::validate::validate_plan(&next)
            .into_iter()
            .next()
        {
            return Err(format!("{}: {}", p.location, p.message));
        }
        let before = doc.snapshot();
        doc.push_undo(before);
        self.end_gesture();
        doc.scn.plan = next.plan;
        let w = |i: usize| crate::num::pct_exact(doc.scn.plan.components[i].weight);
        Ok(Outcome::open(Mode::Normal)
            .saying(Say::Info(format!(
                "moved {} of weight: {from_name} {} · {to_name} {} · the others unchanged · u undoes",
                crate::num::pct_exact(amount),
                w(from),
                w(to)
            )))
            .changed())
    }

    pub fn move_row(&mut self, delta: isize) {
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

    /// Moves the selected slider `steps` steps (the what-if's as-of walks the periods).
    pub fn nudge(&mut self, doc: &mut Document, steps: i64) -> Outcome {
        let Some(p) = self.param() else {
            return Outcome::done();
        };
        if p == Param::AsOf {
            let n = doc.scn.plan.periods.len() as i64 + 1;
            let now = doc.scn.plan.as_of_index().map_or(0, |a| a as i64 + 1);
            let next = (now + steps.signum()).rem_euclid(n);
            let out = self.set_param(doc, p, Some(Decimal::from(next)), false);
            return match as_of_note(&doc.scn) {
                Some(msg) => out.saying(Say::Info(msg)),
                None => out,
            };
        }
        if p.is_toggle() {
            return self.set_param(doc, p, None, false);
        }
        if p == Param::Budget && doc.scn.plan.budget.is_none() {
            // No budget yet: an arrow starts one at what the plan costs now, rounded up to
            // the slider's step (type a figure with Enter for any other).
            let step = p.step(&doc.scn);
            let cash = doc.eval.team.cash;
            let start = (cash / step).ceil() * step;
            return self.set_param(doc, p, Some(start), false);
        }
        let v = match self.view(&doc.scn) {
            Some(view) => p.nudge(&view, steps),
            None => p.nudge(&doc.scn, steps),
        };
        self.set_param(doc, p, v, true)
    }

    fn jump_to_end(&mut self, doc: &mut Document, top: bool) -> Outcome {
        let Some(p) = self.param() else {
            return Outcome::done();
        };
        if p.is_toggle() {
            return Outcome::done();
        }
        let (lo, hi) = p.range(&doc.scn);
        self.set_param(doc, p, Some(if top { hi } else { lo }), false)
    }

    /// Moves the period selector by `delta` (the per-period sliders follow).
    fn move_period(&mut self, doc: &Document, delta: isize) -> Outcome {
        let n = doc.scn.plan.periods.len();
        if n == 0 {
            return Outcome::error(
                "this plan has no periods: [ and ] select a period in plans that do",
            );
        }
        let p = (self.period as isize + delta).clamp(0, n as isize - 1) as usize;
        self.period = p;
        self.rows = rows_at(&doc.scn, p);
        self.last_nudge = None;
        let closed = p == 0 || doc.scn.plan.as_of_index().is_some_and(|a| p <= a);
        if self.from_here && closed {
            // A change cannot start in the first period or a closed one.
            self.from_here = false;
            return Outcome::info(format!(
                "period {}: sliders change the plan as it started again (a change starts after the last actual period)",
                doc.scn.plan.periods[p].id
            ));
        }
        if self.from_here {
            return Outcome::info(format!(
                "sliders change the plan from {} on; earlier periods keep their terms",
                doc.scn.plan.periods[p].id
            ));
        }
        let kind = if doc.eval.periods.as_ref().is_some_and(|r| r.is_actual(p)) {
            "actual"
        } else {
            "projected"
        };
        Outcome::info(format!(
            "period {} ({kind}): per-period targets and weights act on it",
            doc.scn.plan.periods[p].id
        ))
    }

    /// `@`: sliders change the plan from the selected period on (a change during the
    /// year, leaving the earlier periods as paid), or again the plan as it started.
    fn toggle_from(&mut self, doc: &Document) -> Outcome {
        let plan = &doc.scn.plan;
        let Some(period) = plan.periods.get(self.period) else {
            return Outcome::error(
                "this plan has no periods: a change from a period on needs them",
            );
        };
        if self.from_here {
            self.from_here = false;
            self.last_nudge = None;
            return Outcome::info(
                "sliders change the plan as it started (@ changes it from a period on)",
            );
        }
        if self.period == 0 {
            return Outcome::error(format!(
                "{} is the first period: select a later one with ] to change the plan from there on",
                period.id
            ));
        }
        if plan.as_of_index().is_some_and(|a| self.period <= a) {
            return Outcome::error(format!(
                "{} holds actual results: select a projected period with ] to change the plan from there on",
                period.id
            ));
        }
        self.from_here = true;
        self.last_nudge = None;
        Outcome::info(format!(
            "sliders change the plan from {} on; earlier periods keep their terms (@: as started)",
            period.id
        ))
    }

    /// Copies the selected slider's value in the selected period to every later period,
    /// as one undoable step.
    fn copy_forward(&mut self, doc: &mut Document) -> Outcome {
        let Some(param) = self.param() else {
            return Outcome::done();
        };
        let Some(p) = param.period() else {
            return Outcome::error(
                "} copies a per-period target or weight to later periods: select one",
            );
        };
        let n = doc.scn.plan.periods.len();
        if p + 1 >= n {
            return Outcome::info("the last period: there is no later period to copy to");
        }
        let got = match self.view(&doc.scn) {
            Some(view) => param.get(&view),
            None => param.get(&doc.scn),
        };
        let Some(v) = got else {
            return Outcome::done();
        };
        let before = doc.snapshot();
        let locks = doc.locks();
        let from = self.from(&doc.scn);
        for q in p + 1..n {
            if let Err(e) =
                param
                    .in_period(q)
                    .apply_from(&mut doc.scn, &doc.inputs, Some(v), &locks, from)
            {
                doc.restore_plan(before);
                return Outcome::error(format!("Not copied: {e}"));
            }
        }
        if doc.plan_as_in(&before) {
            return Outcome::info("later periods already have this value");
        }
        doc.push_undo(before);
        self.end_gesture();
        let ids = &doc.scn.plan.periods;
        let to = if p + 2 == n {
            ids[n - 1].id.clone()
        } else {
            format!("{}–{}", ids[p + 1].id, ids[n - 1].id)
        };
        Outcome::info(format!(
            "{} {} copied to {to} (u undoes)",
            param.label(&doc.scn),
            param.format(&doc.scn, v),
        ))
        .changed()
    }

    /// In the chart, left/right walk through the components' payout curves: selects the
    /// weight row of the component `steps` away.
    pub fn walk_components(&mut self, scn: &Scenario, steps: i64) {
        let n = scn.plan.components.len();
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

    /// A click (or drag) on the editor at screen row `row` (`None` between rows); `bar`
    /// is where along the slider bar, as (x from its start, its width), when on it.
    pub fn click(
        &mut self,
        doc: &mut Document,
        row: Option<usize>,
        bar: Option<(u16, u16)>,
        drag: bool,
    ) -> Outcome {
        let Some(row) = row else {
            return Outcome::done();
        };
        if !drag || self.row == row {
            self.row = row;
        }
        let (Some((dx, bw)), Some(p)) = (bar, self.param()) else {
            return Outcome::done();
        };
        if p.is_toggle() {
            if !drag {
                return self.set_param(doc, p, None, false);
            }
            return Outcome::done();
        }
        let (lo, hi) = p.range(&doc.scn);
        let frac = Decimal::from(dx) / Decimal::from(bw - 1);
        let step = p.step(&doc.scn);
        let raw = lo + (hi - lo) * frac;
        let v = ((raw / step).round() * step).clamp(lo, hi).normalize();
        self.set_param(doc, p, Some(v), true)
    }
}

/// What a typed weight that could not be set exactly became: rounded to 0.01%, or limited
/// by the locked weights.
fn weight_note(scn: &Scenario, i: usize, wanted: Decimal) -> Option<String> {
    let got = scn.plan.components.get(i)?.weight;
    if got == wanted {
        return None;
    }
    let rounded = wanted.round_dp(4);
    Some(if got == rounded {
        format!(
            "{} rounded to {} (weights are kept to 0.01%)",
            crate::num::pct_exact(wanted),
            crate::num::pct_exact(got)
        )
    } else {
        let locked: Decimal = scn
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
    })
}

/// What the as-of setting now means, for the status bar.
fn as_of_note(scn: &Scenario) -> Option<String> {
    let plan = &scn.plan;
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
