//! The statement of a plan with periods: the CSM's periods, actual and projected, their
//! pay, and the tables by period.

use super::*;

/// What the statement of a plan with periods needs besides the plan: its slots, the periods
/// the CSM is employed in, and their results by slot and by period (docs/periods.md).
pub(super) struct Periods<'a> {
    pub(super) plan: &'a Plan,
    pub(super) csm: &'a Csm,
    pub(super) shape: Shape,
    pub(super) employed: Option<(usize, usize)>,
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
        self.employed.unwrap_or((0, self.last()))
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

    /// "Q3–Q4 (joins in Q3)", when not employed for the whole year.
    pub(super) fn employed_text(&self) -> Option<String> {
        let (first, last) = self.employed?;
        let mut why = Vec::new();
        if first > 0 {
            why.push(format!("joins in {}", self.id(first)));
        }
        if last < self.last() {
            why.push(format!("leaves after {}", self.id(last)));
        }
        Some(format!("{} ({})", self.span(first, last), why.join(", ")))
    }

    /// Slot `j`'s amount: the share of target variable it pays at a factor of 1.
    pub(super) fn amount(&self, j: usize) -> Decimal {
        self.tv * self.shape.flat.components[j].weight * self.shape.employed_share(j, self.employed)
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
            None => (comp.target_in(pid), false),
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
        for (p, period) in self.plan.periods.iter().enumerate() {
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
            .map(|j| crate::num::cents(self.amount(*j) * comp.curve.factor_at(Decimal::ONE)))
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
            let target = target_for(comp, self.csm);
            *out += &format!(
                "\n### {}. {} — {} of your variable pay ({} at target)\n\n",
                k + 1,
                md(&comp.name),
                pct_exact(comp.weight),
                money(at_target)
            );
            *out += &format!(
                "- Measured over the year, paid with {}.\n",
                self.id(self.last())
            );
            *out += &format!("- Target: {}", in_unit(comp.unit, target));
            if self.csm.targets.contains_key(&comp.id) {
                *out += &format!(
                    " (your own target; the plan's is {})",
                    in_unit(comp.unit, comp.target)
                );
            }
            *out += ".\n";
            *out += &format!("- {}\n", direction_text(comp, target));
            *out += &format!("- Payout: {}\n", payout_rule(&comp.curve));
            let fixed = mine.first().is_some_and(|j| self.shape.slots[*j].fixed);
            let label = if fixed {
                "Your result"
            } else {
                "Your projection"
            };
            *out += &match self.csm.actuals.get(&comp.id) {
                Some(actual) => format!(
                    "- {label}: {}, which is {} of target and pays {} of its target variable pay: {}.\n",
                    in_unit(comp.unit, *actual),
                    pc(cr.attainment()),
                    pc(cr.factor()),
                    money(cr.payout)
                ),
                None => format!(
                    "- {label}: none entered, so it counts as 0% of target and pays {}.\n",
                    money(cr.payout)
                ),
            };
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

    /// What SPIF `s` pays the CSM over the year (each period capped at its limit).
    pub(super) fn spif_total(&self, s: &crate::engine::Spif) -> Decimal {
        (0..self.plan.periods.len())
            .filter(|p| self.works(*p))
            .map(|p| spif_payout(s, self.events(&s.id, p)))
            .sum()
    }

    /// The SPIF section: each SPIF's rule and the CSM's events and payout by period.
    pub(super) fn spifs(&self, out: &mut String) {
        let (noun, _) = self.noun();
        let cap = capitalized(noun);
        for s in &self.plan.spifs {
            let limit = match s.max_events {
                Some(1) => format!("at most 1 event is paid in each {noun}"),
                Some(m) => format!("at most {m} events are paid in each {noun}"),
                None => "no limit on events".to_string(),
            };
            *out += &format!(
                "**{}**: {} per event, {limit}.\n\n",
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
                    money(spif_payout(s, e))
                );
            }
            *out += &format!(
                "| **Total** | | **{events}** | **{}** |\n\n",
                money(self.spif_total(s))
            );
        }
    }

    /// The "Your pay by period" table: what each period pays, and the year.
    pub(super) fn by_period(&self, out: &mut String) {
        let (noun, _) = self.noun();
        let cap = capitalized(noun);
        *out += &format!("\n## Your pay by {noun}\n\n");
        *out += &format!(
            "| {cap} | Status | Base salary | Variable pay | SPIFs | Total |\n| --- | --- | ---: | ---: | ---: | ---: |\n"
        );
        let mut year = [Decimal::ZERO; 4];
        let (mut paid, mut ahead) = (Decimal::ZERO, Decimal::ZERO);
        for (p, pay) in self.pr.csm(0).iter().enumerate() {
            if !self.works(p) && pay.total.is_zero() {
                continue;
            }
            for (y, v) in year
                .iter_mut()
                .zip([pay.base, pay.variable, pay.spif, pay.total])
            {
                *y += v;
            }
            if self.pr.is_actual(p) {
                paid += pay.total;
            } else {
                ahead += pay.total;
            }
            *out += &format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                self.id(p),
                self.status(p),
                money(pay.base),
                money(pay.variable),
                money(pay.spif),
                money(pay.total)
            );
        }
        *out += &format!(
            "| **Year** | | **{}** | **{}** | **{}** | **{}** |\n",
            money(year[0]),
            money(year[1]),
            money(year[2]),
            money(year[3])
        );
        let annual = self
            .plan
            .components
            .iter()
            .any(|c| c.measured == Measure::Year);
        if annual {
            *out += &format!(
                "\nThe metrics measured over the year are paid with {}.",
                self.id(self.last())
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
        for slot in &self.shape.slots {
            if slot.fixed {
                continue;
            }
            let comp = &self.plan.components[slot.component];
            match slot.period {
                None => {
                    c.actuals
                        .insert(comp.id.clone(), target_for(comp, self.csm));
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
