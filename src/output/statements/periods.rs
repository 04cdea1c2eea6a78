//! The statement of a plan with periods: the CSM's periods, actual and projected, their
//! pay, and the tables by period.

use super::*;
use crate::engine::versions::Versions;

/// What the statement of a plan with periods needs besides the plan: its slots, the periods
/// the CSM is employed in, and their results by slot and by period (docs/periods.md).
pub(super) struct Periods<'a> {
    pub(super) plan: &'a Plan,
    pub(super) csm: &'a Csm,
    pub(super) shape: Shape,
    pub(super) employed: Option<crate::engine::shape::Employed>,
    pub(super) pr: &'a PeriodResults,
    pub(super) slots: &'a [ComponentResult],
    /// The annual target variable, before any proration.
    pub(super) tv: Decimal,
    /// Escapes a name for the format being written (Markdown or HTML).
    pub(super) esc: fn(&str) -> String,
    /// The currency money is written in; `None`: dollars, as the Markdown statement
    /// always writes them.
    pub(super) currency: Option<crate::num::Currency>,
}

impl Periods<'_> {
    pub(super) fn id(&self, p: usize) -> String {
        (self.esc)(&self.plan.periods[p].id)
    }

    /// A value in its metric's unit, money in the currency asked for.
    pub(super) fn unit(&self, unit: Unit, v: Decimal) -> String {
        match (unit, self.currency) {
            (Unit::Money, Some(c)) => crate::num::money_in(v, c),
            _ => in_unit(unit, v),
        }
    }

    /// "Q3" or "Q3–Q4".
    pub(super) fn span(&self, a: usize, b: usize) -> String {
        if a == b {
            self.id(a)
        } else {
            format!("{}–{}", self.id(a), self.id(b))
        }
    }

    pub(super) fn last(&self) -> usize {
        self.plan.periods.len() - 1
    }

    /// The CSM's pay mix in each part of the year, as ("Q1–Q2", mix), when a change during
    /// the year sets a different one for them; `None` when one mix holds all year.
    pub(super) fn mix_segments(&self) -> Option<Vec<(String, crate::engine::PayMix)>> {
        let shape = &self.shape;
        if !shape.mix_changes() {
            return None;
        }
        let mut segs: Vec<(usize, usize, &crate::engine::PayMix)> = Vec::new();
        for (k, (mix, levels)) in shape.mixes.iter().enumerate() {
            let mix = levels.get(&self.csm.level).unwrap_or(mix);
            let first = shape.version_starts[k];
            let last = shape
                .version_starts
                .get(k + 1)
                .map_or(self.last(), |s| s.saturating_sub(1));
            match segs.last_mut() {
                Some((_, end, m)) if *m == mix => *end = last,
                _ => segs.push((first, last, mix)),
            }
        }
        (segs.len() > 1).then(|| {
            segs.into_iter()
                .map(|(a, b, m)| (self.span(a, b), m.clone()))
                .collect()
        })
    }

    pub(super) fn works(&self, p: usize) -> bool {
        Shape::works_in(self.employed, p)
    }

    pub(super) fn status(&self, p: usize) -> &'static str {
        if self.pr.is_actual(p) {
            "actual"
        } else {
            "projected"
        }
    }

    /// The first and last period the CSM is employed in.
    pub(super) fn range(&self) -> (usize, usize) {
        self.employed
            .map_or((0, self.last()), |e| (e.first, e.last))
    }

    /// The CSM's periods that hold actual results, as a span.
    pub(super) fn actual_span(&self) -> Option<String> {
        let (first, last) = self.range();
        let a = self.pr.as_of?;
        (a >= first).then(|| self.span(first, a.min(last)))
    }

    /// The CSM's projected periods, as a span.
    pub(super) fn projected_span(&self) -> Option<String> {
        let (first, last) = self.range();
        let from = self.pr.as_of.map_or(0, |a| a + 1).max(first);
        (from <= last).then(|| self.span(from, last))
    }

    /// True when every slot holds actual results (the what-ifs no longer move anything).
    pub(super) fn all_actual(&self) -> bool {
        self.shape.slots.iter().all(|s| s.fixed)
    }

    /// "quarter", "half", "month" or "period", from the number of equal periods.
    pub(super) fn noun(&self) -> (&'static str, &'static str) {
        let ps = &self.plan.periods;
        let equal = ps.iter().all(|p| p.length == ps[0].length);
        match ps.len() {
            4 if equal => ("quarter", "quarters"),
            2 if equal => ("half", "halves"),
            12 if equal => ("month", "months"),
            _ => ("period", "periods"),
        }
    }

    /// "Q3–Q4 (joins in Q3)" or "Q1–Q2 (joins on 15 February 2026, leaves on 10 June
    /// 2026)", when not employed for the whole year.
    pub(super) fn employed_text(&self) -> Option<String> {
        let e = self.employed?;
        let (first, last) = (e.first, e.last);
        let on = |t: &Option<String>| {
            t.as_deref()
                .and_then(crate::engine::file_day)
                .map(|d| d.format("%-d %B %Y").to_string())
        };
        // The days of a period worked in part, so the proration can be checked.
        let days = |p: usize, (d, n): (u32, u32)| {
            if (d, n) == (1, 1) {
                String::new()
            } else {
                format!(": {d} of {}'s {n} days", self.id(p))
            }
        };
        let mut why = Vec::new();
        if first > 0 || e.head != (1, 1) {
            why.push(match on(&self.csm.start) {
                Some(d) => format!("joins on {d}{}", days(first, e.head)),
                None => format!("joins in {}", self.id(first)),
            });
        }
        if e.leaves(self.plan.periods.len()) {
            why.push(match on(&self.csm.end) {
                Some(d) if first == last && e.head != (1, 1) => format!("leaves on {d}"),
                Some(d) => format!("leaves on {d}{}", days(last, e.tail)),
                None => format!("leaves after {}", self.id(last)),
            });
        }
        Some(format!("{} ({})", self.span(first, last), why.join(", ")))
    }

    /// When an annual metric is paid to this CSM: with the last period, when they leave
    /// (a leaver settled then), or not at all (a leaver who forfeits it).
    pub(super) fn annual_paid_text(&self) -> String {
        match self.annual_paid() {
            Some((p, true)) => format!(
                "Measured over the year up to when you leave, and paid with {}, when you leave, on your results to date",
                self.id(p)
            ),
            None => "Measured over the year and due at year end: you leave before then, so under the plan's leaver rule it is not paid".to_string(),
            Some((p, false)) => format!("Measured over the year, paid with {}", self.id(p)),
        }
    }

    /// When the metrics measured over the year are paid to this CSM, as a verb phrase:
    /// "are paid with Q4", "are paid with Q2, when you leave", or not at all.
    pub(super) fn annual_when(&self) -> String {
        match self.annual_paid() {
            Some((p, true)) => format!("are paid with {}, when you leave", self.id(p)),
            None => "are not paid: you leave before they fall due at year end".to_string(),
            Some((p, false)) => format!("are paid with {}", self.id(p)),
        }
    }

    /// The period this CSM's annual metrics are paid in, and whether that is when they
    /// leave (the plan settles leavers then); `None` when they forfeit them.
    fn annual_paid(&self) -> Option<(usize, bool)> {
        match self.employed {
            Some(e) if self.shape.settles(self.employed) => Some((e.last, true)),
            Some(_)
                if self.plan.leavers == crate::engine::LeaverPolicy::Forfeit
                    && self.shape.leaves(self.employed) =>
            {
                None
            }
            _ => Some((self.last(), false)),
        }
    }

    /// A plan component as the version in force in period `p` has it.
    pub(super) fn in_force<'c>(&'c self, p: usize, comp: &'c Component) -> &'c Component {
        self.shape
            .slots
            .iter()
            .position(|s| s.period == Some(p) && self.plan.components[s.component].id == comp.id)
            .and_then(|j| self.shape.flat.components.get(j))
            .unwrap_or(comp)
    }

    /// SPIF `s` as the version in force in period `p` has it.
    pub(super) fn spif_in(&self, s: usize, p: usize) -> &crate::engine::Spif {
        let count = self.plan.periods.len();
        self.shape
            .flat
            .spifs
            .get(s * count + p)
            .unwrap_or(&self.plan.spifs[s])
    }

    /// The changes to the plan during the year, each as "from Q3 on" and what it changed
    /// in words (empty without changes).
    pub(super) fn changes(&self) -> Vec<(String, String, Vec<String>)> {
        let Ok(v) = Versions::of(self.plan) else {
            return Vec::new();
        };
        (1..v.len())
            .map(|k| {
                let from = self.id(v.starts[k]);
                let note = self.plan.changes[k - 1].note.trim().to_string();
                (
                    from,
                    (self.esc)(&note),
                    crate::analysis::compare::diff::change_words(&v.plans[k - 1], &v.plans[k])
                        .iter()
                        .map(|l| (self.esc)(l))
                        .collect(),
                )
            })
            .collect()
    }

    /// Slot `j`'s amount: the share of target variable it pays at a factor of 1.
    pub(super) fn amount(&self, j: usize) -> Decimal {
        let (num, den) = self.shape.employed_share_exact(j, self.employed);
        let weight = self.shape.flat.components[j].weight;
        if !self.shape.mix_changes() {
            return self.tv * weight * self.shape.employed_share(j, self.employed);
        }
        self.shape
            .slot_amount(self.csm, j, self.tv, weight, self.employed, num)
            / den
    }

    /// The CSM's target for a per-period component in period `p`, and whether it is their own.
    pub(super) fn period_target(&self, comp: &Component, p: usize) -> (Decimal, bool) {
        let pid = &self.plan.periods[p].id;
        match self
            .csm
            .periods
            .get(pid)
            .and_then(|pv| pv.targets.get(&comp.id))
        {
            Some(t) => (*t, true),
            None => {
                // The slot's plan target, prorated for a period employed some of its days.
                let slot = self.shape.slots.iter().position(|s| {
                    s.period == Some(p) && self.plan.components[s.component].id == comp.id
                });
                match slot {
                    Some(j) => (self.shape.target_for(j, self.employed), false),
                    None => (self.in_force(p, comp).target_in(pid), false),
                }
            }
        }
    }

    pub(super) fn period_actual(&self, comp: &Component, p: usize) -> Option<Decimal> {
        let pid = &self.plan.periods[p].id;
        self.csm
            .periods
            .get(pid)
            .and_then(|pv| pv.actuals.get(&comp.id))
            .copied()
    }

    pub(super) fn events(&self, spif: &str, p: usize) -> u32 {
        let pid = &self.plan.periods[p].id;
        self.csm
            .periods
            .get(pid)
            .and_then(|pv| pv.spifs.get(spif))
            .copied()
            .unwrap_or(0)
    }

    /// A per-period component's weight and target in every period, compactly: "Q1: 50% of
    /// the quarter's variable pay, target 80%; Q2–Q4: 25%, target 95%".
    pub(super) fn weights_text(&self, comp: &Component) -> String {
        let (noun, _) = self.noun();
        let mut groups: Vec<(usize, usize, Decimal, Decimal)> = Vec::new();
        let versions = Versions::of(self.plan).ok();
        for (p, period) in self.plan.periods.iter().enumerate() {
            // The terms in force in the period (a change during the year may set them).
            let comp = versions
                .as_ref()
                .and_then(|v| v.plans[v.at(p)].component(&comp.id))
                .unwrap_or(comp);
            let w = comp.weight_in(&period.id);
            let t = if w.is_zero() {
                Decimal::ZERO
            } else {
                comp.target_in(&period.id)
            };
            match groups.last_mut() {
                Some(g) if g.2 == w && g.3 == t => g.1 = p,
                _ => groups.push((p, p, w, t)),
            }
        }
        let mut first = true;
        let parts: Vec<String> = groups
            .iter()
            .map(|&(a, b, w, t)| {
                let what = if w.is_zero() {
                    "does not count".to_string()
                } else if std::mem::take(&mut first) {
                    format!(
                        "{} of the {noun}'s variable pay, target {}",
                        pct_exact(w),
                        self.unit(comp.unit, t)
                    )
                } else {
                    format!("{}, target {}", pct_exact(w), self.unit(comp.unit, t))
                };
                if groups.len() == 1 {
                    format!("in every {noun}: {what}")
                } else {
                    format!("{}: {what}", self.span(a, b))
                }
            })
            .collect();
        parts.join("; ")
    }

    /// The slots of plan component `k` the CSM is paid in (an annual component's one slot,
    /// a per-period one's periods they are employed in).
    pub(super) fn slots_of(&self, k: usize) -> Vec<usize> {
        (0..self.shape.slots.len())
            .filter(|j| {
                let s = self.shape.slots[*j];
                s.component == k && s.period.is_none_or(|p| self.works(p))
            })
            .collect()
    }

    /// What `slots` pay at exactly 100% of target, each to the cent.
    pub(super) fn paid_at_target(&self, slots: &[usize], comp: &Component) -> Decimal {
        slots
            .iter()
            .map(|j| {
                // Each slot's own curve: a plan version may have changed it.
                let curve = self
                    .shape
                    .flat
                    .components
                    .get(*j)
                    .map_or(&comp.curve, |c| &c.curve);
                self.shape.csm_slot_pay(
                    self.csm,
                    self.tv,
                    *j,
                    self.employed,
                    curve.factor_exact(Decimal::ONE),
                )
            })
            .sum()
    }

    /// The section of one plan component: its rule, and the CSM's result in each period.
    pub(super) fn component(
        &self,
        out: &mut String,
        k: usize,
        comp: &Component,
        cr: &ComponentResult,
        prorated_tv: Decimal,
    ) {
        let (noun, _) = self.noun();
        let mine = self.slots_of(k);
        let amount: Decimal = mine.iter().map(|j| self.amount(*j)).sum();
        let at_target = self.paid_at_target(&mine, comp);
        if comp.measured == Measure::Year {
            self.annual(out, k, comp, cr, &mine, at_target);
            return;
        }
        let share = if prorated_tv.is_zero() {
            String::new()
        } else {
            format!(", {} of your variable pay", pc(amount / prorated_tv))
        };
        *out += &format!(
            "\n### {}. {} — measured each {noun}{share} ({} at target)\n\n",
            k + 1,
            md(&comp.name),
            money(at_target)
        );
        *out += &format!(
            "- Measured and paid each {noun}. Weight and target: {}.\n",
            self.weights_text(comp)
        );
        let example = mine
            .first()
            .and_then(|j| self.shape.slots[*j].period)
            .map_or(comp.target, |p| self.period_target(comp, p).0);
        *out += &format!("- {}\n", direction_text(comp, example));
        *out += &format!("- Payout: {}\n", payout_rule(&comp.curve));
        if let Some(words) = gate_rule(self.plan, comp) {
            *out += &format!("- {words} A gate is checked in each {noun}.\n");
        }
        if let Some(words) = modifier_rule(self.plan, comp) {
            *out += &format!("- {words}\n");
        }
        if mine.is_empty() {
            *out += &format!("- It does not count in any {noun} you are employed in.\n");
            return;
        }
        let cap = capitalized(noun);
        *out += &format!("\nYour results by {noun}:\n\n");
        *out += &format!(
            "| {cap} | Status | Target | Your actual | Attainment | Factor | Payout |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n"
        );
        for &j in &mine {
            let Some(p) = self.shape.slots[j].period else {
                continue;
            };
            let r = &self.slots[j];
            let (t, own) = self.period_target(comp, p);
            *out += &format!(
                "| {} | {} | {}{} | {} | {} | {} | {} |\n",
                self.id(p),
                self.status(p),
                in_unit(comp.unit, t),
                if own { " (yours)" } else { "" },
                self.period_actual(comp, p)
                    .map_or("none".to_string(), |a| in_unit(comp.unit, a)),
                pc(r.attainment()),
                pc(r.factor()),
                money(r.payout)
            );
        }
        *out += &format!("| **Total** | | | | | | **{}** |\n", money(cr.payout));
    }

    /// The section of a metric measured over the year. When the plan changed during the
    /// year, each version's part is told: its weight, target and curve where they differ,
    /// and what it pays.
    fn annual(
        &self,
        out: &mut String,
        k: usize,
        comp: &Component,
        cr: &ComponentResult,
        mine: &[usize],
        at_target: Decimal,
    ) {
        // Only the parts of the year the CSM works in (a joiner after a change: the new terms).
        let mine = &self.earning(mine);
        let flat = |j: usize| self.shape.flat.components.get(j).unwrap_or(comp);
        let span = |j: usize| self.version_span(j);
        let split = mine.len() > 1;
        let weight = self.annual_weight(mine, comp);
        *out += &format!(
            "\n### {}. {} — {weight} ({} at target)\n\n",
            k + 1,
            md(&comp.name),
            money(at_target)
        );
        *out += &format!("- {}.\n", self.annual_paid_text());
        // The terms of the first paying version; what a later one changed is said after.
        let first = mine.first().map_or(comp, |j| flat(*j));
        let own = self.csm.targets.contains_key(&comp.id);
        let target = if own {
            target_in_plan(self.plan, comp, self.csm)
        } else {
            mine.first()
                .map_or(first.target, |j| self.shape.target_for(*j, self.employed))
        };
        *out += &format!("- Target: {}", in_unit(comp.unit, target));
        if own {
            *out += &format!(
                " (your own target; the plan's is {})",
                in_unit(comp.unit, first.target)
            );
        } else if target != first.target {
            *out += &format!(
                " (prorated for the part of the year you are employed; the plan's is {} for the whole year)",
                in_unit(comp.unit, first.target)
            );
        }
        for j in mine.iter().skip(1) {
            if !own && flat(*j).target != first.target {
                *out += &format!("; {}: {}", span(*j), in_unit(comp.unit, flat(*j).target));
            }
        }
        *out += ".\n";
        *out += &format!("- {}\n", direction_text(comp, target));
        *out += &format!("- Payout: {}\n", payout_rule(&first.curve));
        if let Some(words) = gate_rule(self.plan, comp) {
            *out += &format!("- {words}\n");
        }
        for j in mine.iter().skip(1) {
            if flat(*j).curve != first.curve {
                *out += &format!("- Payout {}: {}\n", span(*j), payout_rule(&flat(*j).curve));
            }
        }
        let fixed = mine
            .first()
            .is_some_and(|j| self.shape.fixed_for(*j, self.employed));
        let label = if fixed {
            "Your result"
        } else {
            "Your projection"
        };
        let Some(actual) = self.csm.actuals.get(&comp.id) else {
            *out += &format!(
                "- {label}: none entered, so it counts as 0% of target and pays {}.\n",
                money(cr.payout)
            );
            return;
        };
        if !split {
            *out += &format!(
                "- {label}: {}, which is {} of target and pays {} of its target variable pay: {}.\n",
                in_unit(comp.unit, *actual),
                pc(cr.attainment()),
                pc(cr.factor()),
                money(cr.payout)
            );
            return;
        }
        *out += &format!(
            "- {label}: {}, {}.\n",
            in_unit(comp.unit, *actual),
            self.annual_parts(mine, &money(cr.payout))
        );
    }

    /// The slots of `mine` the CSM earns in (a plan version's part of the year before a
    /// joiner starts pays them nothing).
    pub(super) fn earning(&self, mine: &[usize]) -> Vec<usize> {
        let kept: Vec<usize> = mine
            .iter()
            .copied()
            .filter(|j| !self.shape.employed_share(*j, self.employed).is_zero())
            .collect();
        if kept.is_empty() { mine.to_vec() } else { kept }
    }

    /// "in Q1–Q2" or "from Q3": the periods an annual slot's plan version pays on.
    pub(super) fn version_span(&self, j: usize) -> String {
        let (a, b) = self.shape.slots[j].span.unwrap_or((0, self.last()));
        if b == self.last() && a > 0 {
            format!("from {}", self.id(a))
        } else {
            format!("in {}", self.span(a, b))
        }
    }

    /// An annual metric's weight: "20% of your variable pay", or, paid by several plan
    /// versions, "20% of your variable pay in Q1–Q2, 30% from Q3".
    pub(super) fn annual_weight(&self, mine: &[usize], comp: &Component) -> String {
        let flat = |j: usize| self.shape.flat.components.get(j).unwrap_or(comp);
        if mine.len() < 2 {
            let w = mine.first().map_or(comp.weight, |j| flat(*j).weight);
            return format!("{} of your variable pay", pct_exact(w));
        }
        mine.iter()
            .enumerate()
            .map(|(n, j)| {
                let w = pct_exact(flat(*j).weight);
                if n == 0 {
                    format!("{w} of your variable pay {}", self.version_span(*j))
                } else {
                    format!("{w} {}", self.version_span(*j))
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What each plan version pays of an annual metric: "paid on each part of the year
    /// under the terms in force then: in Q1–Q2 130% of target pays 160% of $2,000.00:
    /// $3,200.00; from Q3 … Together: $8,000.00".
    pub(super) fn annual_parts(&self, mine: &[usize], total: &str) -> String {
        let m = |v: Decimal| self.unit(Unit::Money, v);
        let parts: Vec<String> = mine
            .iter()
            .map(|j| {
                let r = &self.slots[*j];
                format!(
                    "{} {} of target pays {} of {}: {}",
                    self.version_span(*j),
                    pc(r.attainment()),
                    pc(r.factor()),
                    m(crate::num::cents(self.amount(*j))),
                    m(r.payout)
                )
            })
            .collect();
        format!(
            "paid on each part of the year under the terms in force then: {}. Together: {total}",
            parts.join("; ")
        )
    }

    /// What SPIF `s` pays the CSM over the year (each period capped at its limit).
    pub(super) fn spif_total(&self, s: &crate::engine::Spif) -> Decimal {
        let k = self
            .plan
            .spifs
            .iter()
            .position(|x| x.id == s.id)
            .unwrap_or(0);
        (0..self.plan.periods.len())
            .filter(|p| self.works(*p))
            .map(|p| spif_payout(self.spif_in(k, p), self.events(&s.id, p)))
            .sum()
    }

    /// The SPIF section: each SPIF's rule and the CSM's events and payout by period.
    pub(super) fn spifs(&self, out: &mut String) {
        let (noun, _) = self.noun();
        let cap = capitalized(noun);
        for (k, s) in self.plan.spifs.iter().enumerate() {
            let later = self.spif_later(k);
            let limit = match s.max_events {
                Some(1) => format!("at most 1 event is paid in each {noun}"),
                Some(m) => format!("at most {m} events are paid in each {noun}"),
                None => "no limit on events".to_string(),
            };
            *out += &format!(
                "**{}**: {} per event, {limit}{later}.\n\n",
                md(&s.name),
                money(s.amount)
            );
            *out += &format!("| {cap} | Status | Events | Payout |\n| --- | --- | ---: | ---: |\n");
            let mut events = 0;
            for p in (0..self.plan.periods.len()).filter(|p| self.works(*p)) {
                let e = self.events(&s.id, p);
                events += e;
                let shown = match s.max_events {
                    Some(m) if e > m => format!("{e} ({m} paid)"),
                    _ => e.to_string(),
                };
                *out += &format!(
                    "| {} | {} | {shown} | {} |\n",
                    self.id(p),
                    self.status(p),
                    money(spif_payout(self.spif_in(k, p), e))
                );
            }
            *out += &format!(
                "| **Total** | | **{events}** | **{}** |\n\n",
                money(self.spif_total(s))
            );
        }
    }

    /// What changes during the year set on SPIF `k`: " ($750.00 per event from Q3)", or
    /// nothing.
    pub(super) fn spif_later(&self, k: usize) -> String {
        let (noun, _) = self.noun();
        let mut later = Vec::new();
        for p in 1..self.plan.periods.len() {
            let (was, now) = (self.spif_in(k, p - 1), self.spif_in(k, p));
            if was.amount != now.amount || was.max_events != now.max_events {
                later.push(format!(
                    "{} per event{} from {}",
                    self.unit(Unit::Money, now.amount),
                    match now.max_events {
                        Some(m) if Some(m) != was.max_events => {
                            format!(" (at most {m} in each {noun})")
                        }
                        _ => String::new(),
                    },
                    self.id(p)
                ));
            }
        }
        if later.is_empty() {
            String::new()
        } else {
            format!(" ({})", later.join("; "))
        }
    }

    /// The "Your pay by period" table: what each period pays, and the year.
    pub(super) fn by_period(&self, out: &mut String) {
        let (noun, _) = self.noun();
        let cap = capitalized(noun);
        // Recorded payouts: their difference to the plan in a column, so each row adds up.
        let adjusted = self.pr.csm(0).iter().any(|p| !p.adjustment.is_zero());
        *out += &format!("\n## Your pay by {noun}\n\n");
        if adjusted {
            *out += &format!(
                "| {cap} | Status | Base salary | Variable pay | SPIFs | Recorded adj. | Total |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n"
            );
        } else {
            *out += &format!(
                "| {cap} | Status | Base salary | Variable pay | SPIFs | Total |\n| --- | --- | ---: | ---: | ---: | ---: |\n"
            );
        }
        let mut year = [Decimal::ZERO; 5];
        let (mut paid, mut ahead) = (Decimal::ZERO, Decimal::ZERO);
        for (p, pay) in self.pr.csm(0).iter().enumerate() {
            if !self.works(p) && pay.total.is_zero() {
                continue;
            }
            for (y, v) in
                year.iter_mut()
                    .zip([pay.base, pay.variable, pay.spif, pay.adjustment, pay.total])
            {
                *y += v;
            }
            if self.pr.is_actual(p) {
                paid += pay.total;
            } else {
                ahead += pay.total;
            }
            let adj = if adjusted {
                format!(" {} |", money(pay.adjustment))
            } else {
                String::new()
            };
            *out += &format!(
                "| {} | {} | {} | {} | {} |{adj} {} |\n",
                self.id(p),
                self.status(p),
                money(pay.base),
                money(pay.variable),
                money(pay.spif),
                money(pay.total)
            );
        }
        let adj = if adjusted {
            format!(" **{}** |", money(year[3]))
        } else {
            String::new()
        };
        *out += &format!(
            "| **Year** | | **{}** | **{}** | **{}** |{adj} **{}** |\n",
            money(year[0]),
            money(year[1]),
            money(year[2]),
            money(year[4])
        );
        let annual = self
            .plan
            .components
            .iter()
            .any(|c| c.measured == Measure::Year);
        if annual {
            *out += &format!(
                "\nThe metrics measured over the year {}.",
                self.annual_when()
            );
        }
        if let (Some(a), Some(f)) = (self.actual_span(), self.projected_span()) {
            *out += &format!(
                "{}Paid to date ({a}, actual): {}. Still projected ({f}): {}.",
                if annual { " " } else { "\n" },
                money(paid),
                money(ahead)
            );
        }
        if annual || self.actual_span().is_some() && self.projected_span().is_some() {
            out.push('\n');
        }
    }

    /// The "What you would earn" scenario: the CSM's projected results set to their targets
    /// (actual periods keep their results), SPIFs removed.
    pub(super) fn at_target(&self, c: &mut Csm) {
        c.spifs.clear();
        for pv in c.periods.values_mut() {
            pv.spifs.clear();
        }
        for (j, slot) in self.shape.slots.iter().enumerate() {
            // What is closed stays as it was: a slot of actual results, and a leaver's
            // annual metrics once settled in a closed period.
            if self.shape.fixed_for(j, self.employed) {
                continue;
            }
            let comp = &self.plan.components[slot.component];
            match slot.period {
                None => {
                    c.actuals
                        .insert(comp.id.clone(), target_in_plan(self.plan, comp, self.csm));
                }
                Some(p) if self.works(p) => {
                    let t = self.period_target(comp, p).0;
                    let pid = self.plan.periods[p].id.clone();
                    c.periods
                        .entry(pid)
                        .or_default()
                        .actuals
                        .insert(comp.id.clone(), t);
                }
                Some(_) => {}
            }
        }
    }
}
