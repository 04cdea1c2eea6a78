//! A statement page's sections: each metric with its curve and the CSM's point, the table
//! by period, SPIFs, and the projected pay.

use super::*;

impl Statement<'_> {
    pub(super) fn metrics(&self, b: &mut String) {
        let f = self.f;
        let csm = f.csm();
        let r = f.result();
        let plan = &self.scn.plan;
        let comps = f.projected.components(0);
        *b += "<h2>How your variable pay is earned</h2>\n";
        for (k, (comp, cr)) in plan.components.iter().zip(comps.iter()).enumerate() {
            let per_period = self
                .per
                .as_ref()
                .filter(|_| comp.measured == Measure::Period);
            let (share, at_target) = match &self.per {
                Some(q) => {
                    let mine = q.slots_of(k);
                    let amount: Decimal = mine.iter().map(|j| q.amount(*j)).sum();
                    let share = match per_period {
                        Some(_) if r.target_variable.is_zero() => String::new(),
                        Some(_) => {
                            format!("{} of your variable pay", pc(amount / r.target_variable))
                        }
                        None => q.annual_weight(&q.earning(&mine), comp),
                    };
                    (share, q.paid_at_target(&mine, comp))
                }
                None => {
                    let amount = r.target_variable * comp.weight;
                    (
                        format!("{} of your variable pay", pct_exact(comp.weight)),
                        comp.curve.pay_at(amount, Decimal::ONE),
                    )
                }
            };
            let measured = match (&self.per, comp.measured) {
                (Some(q), Measure::Period) => format!("measured each {}", q.noun().0),
                _ => String::new(),
            };
            let lead: Vec<String> = [measured, share]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            *b += "<section class=\"metric\">\n";
            *b += &format!(
                "<h3>{}. {} — {} ({} at target)</h3>\n",
                k + 1,
                esc(&comp.name),
                lead.join(", "),
                self.m(at_target)
            );
            *b += "<div class=\"cols\">\n<ul>\n";
            let target = target_in_plan(&self.scn.plan, comp, csm);
            let example = match per_period {
                Some(q) => {
                    *b += &format!(
                        "<li>Measured and paid each {}. Weight and target: {}.</li>\n",
                        q.noun().0,
                        q.weights_text(comp)
                    );
                    q.slots_of(k)
                        .first()
                        .and_then(|j| q.shape.slots[*j].period)
                        .map_or(comp.target, |p| q.period_target(comp, p).0)
                }
                None => {
                    if let Some(q) = &self.per {
                        *b += &format!("<li>{}.</li>\n", q.annual_paid_text());
                    }
                    *b += &format!("<li>Target: {}", self.unit(comp.unit, target));
                    if csm.targets.contains_key(&comp.id) {
                        *b += &format!(
                            " (your own target; the plan's is {})",
                            self.unit(comp.unit, comp.target)
                        );
                    } else if target != comp.target {
                        *b += &format!(
                            " (prorated for the part of the year you are employed; the plan's is {} for the whole year)",
                            self.unit(comp.unit, comp.target)
                        );
                    }
                    *b += ".</li>\n";
                    target
                }
            };
            *b += &format!(
                "<li>{}</li>\n",
                direction_words(comp, example, &|v| self.unit(comp.unit, v))
            );
            *b += &format!("<li>Payout: {}</li>\n", payout_rule(&comp.curve));
            if let Some(words) = super::super::gate_rule(&self.scn.plan, comp) {
                *b += &format!("<li>{}</li>\n", esc(&words));
            }
            if let Some(words) = super::super::modifier_rule(&self.scn.plan, comp) {
                *b += &format!("<li>{}</li>\n", esc(&words));
            }
            for words in super::super::source_words(comp, csm, None) {
                *b += &format!("<li>{}</li>\n", esc(&words));
            }
            if per_period.is_none()
                && let Some(words) = super::super::gate_state(self.scn, comp, csm)
            {
                *b += &format!("<li><strong>{}</strong></li>\n", esc(&words));
            }
            if per_period.is_none() {
                let fixed = self.per.as_ref().is_some_and(|q| {
                    q.slots_of(k)
                        .first()
                        .is_some_and(|j| q.shape.fixed_for(*j, q.employed))
                });
                let split = self
                    .per
                    .as_ref()
                    .map(|q| (q, q.earning(&q.slots_of(k))))
                    .filter(|(_, m)| m.len() > 1);
                match (split, csm.actuals.get(&comp.id)) {
                    // Paid by several plan versions: what each paid.
                    (Some((q, mine)), Some(actual)) => {
                        let paid = self.fig(&format!("payout:{}", comp.id), cr.payout);
                        *b += &format!(
                            "<li>{}: {}, {}.</li>\n",
                            if fixed {
                                "Your result"
                            } else {
                                "Your projection"
                            },
                            self.unit(comp.unit, *actual),
                            q.annual_parts(&mine, &paid)
                        );
                    }
                    _ => *b += &format!("<li>{}</li>\n", self.projection(comp, cr, fixed)),
                }
            } else {
                *b += &format!(
                    "<li>Your payout over the year: {}.</li>\n",
                    self.fig(&format!("payout:{}", comp.id), cr.payout)
                );
            }
            *b += "</ul>\n";
            let marks = self.marks(k, comp, cr);
            let assumed = marks.iter().any(|m| m.assumed);
            let filled = marks.iter().any(|m| !m.assumed);
            let mut key = Vec::new();
            if filled {
                key.push("<span class=\"key dot\"></span>your result");
            }
            if assumed {
                key.push(match plan.missing_projections {
                    crate::engine::MissingProjection::AtTarget => {
                        "<span class=\"key ring\"></span>no projection: assumed at target"
                    }
                    crate::engine::MissingProjection::AtZero => {
                        "<span class=\"key ring\"></span>no projection: counted at 0%"
                    }
                });
            }
            key.push("dashed: 100% of target");
            *b += &format!(
                "<figure>{}<figcaption>{}</figcaption></figure>\n",
                payout_svg(&comp.curve, &marks, 250, 160),
                key.join(" · ")
            );
            *b += "</div>\n";
            if let Some(q) = per_period {
                self.period_table(b, q, k, comp, cr);
            }
            *b += "</section>\n";
        }
    }

    /// The CSM's result in each period of a per-period metric.
    pub(super) fn period_table(
        &self,
        b: &mut String,
        q: &Periods<'_>,
        k: usize,
        comp: &Component,
        cr: &ComponentResult,
    ) {
        let mine = q.slots_of(k);
        if mine.is_empty() {
            *b += &format!(
                "<p>It does not count in any {} you are employed in.</p>\n",
                q.noun().0
            );
            return;
        }
        let cap = super::super::capitalized(q.noun().0);
        *b += &format!(
            "<table>\n<tr><th>{cap}</th><th>Status</th><th class=\"n\">Target</th><th class=\"n\">Your actual</th><th class=\"n\">Attainment</th><th class=\"n\">Factor</th><th class=\"n\">Payout</th></tr>\n"
        );
        for &j in &mine {
            let Some(p) = q.shape.slots[j].period else {
                continue;
            };
            let Some(r) = q.slots.get(j) else {
                continue;
            };
            let (t, own) = q.period_target(comp, p);
            let actual = match q.period_actual(comp, p) {
                Some(a) => self.unit(comp.unit, a),
                None if !q.shape.slots[j].fixed
                    && self.scn.plan.missing_projections
                        == crate::engine::MissingProjection::AtTarget =>
                {
                    "none (assumed at target)".to_string()
                }
                None => "none".to_string(),
            };
            *b += &format!(
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}{}</td><td class=\"n\">{actual}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                q.id(p),
                q.status(p),
                self.unit(comp.unit, t),
                if own { " (yours)" } else { "" },
                pc(r.attainment()),
                pc(r.factor()),
                self.m(r.payout)
            );
        }
        *b += &format!(
            "<tr class=\"sum\"><td>Total</td><td></td><td></td><td></td><td></td><td></td><td class=\"n\">{}</td></tr>\n</table>\n",
            self.m(cr.payout)
        );
    }

    pub(super) fn spifs(&self, b: &mut String) {
        let plan = &self.scn.plan;
        let csm = self.f.csm();
        *b += "<h2>SPIFs</h2>\n";
        if plan.spifs.is_empty() {
            *b += "<p>This plan has no SPIFs.</p>\n";
            return;
        }
        match &self.per {
            None => {
                *b += "<ul>\n";
                for s in &plan.spifs {
                    let events = csm.spifs.get(&s.id).copied().unwrap_or(0);
                    let limit = match s.max_events {
                        Some(1) => "at most 1 event is paid".to_string(),
                        Some(m) => format!("at most {m} events are paid"),
                        None => "no limit on events".to_string(),
                    };
                    *b += &format!(
                        "<li><strong>{}</strong>: {} per event, {limit}. Your projection: {events} event{} → {}.</li>\n",
                        esc(&s.name),
                        self.m(s.amount),
                        if events == 1 { "" } else { "s" },
                        self.fig(&format!("spif:{}", s.id), spif_payout(s, events))
                    );
                }
                *b += "</ul>\n";
            }
            Some(q) => {
                let (noun, _) = q.noun();
                let cap = super::super::capitalized(noun);
                for (k, s) in plan.spifs.iter().enumerate() {
                    let limit = match s.max_events {
                        Some(1) => format!("at most 1 event is paid in each {noun}"),
                        Some(m) => format!("at most {m} events are paid in each {noun}"),
                        None => "no limit on events".to_string(),
                    };
                    *b += &format!(
                        "<p><strong>{}</strong>: {} per event, {limit}{}.</p>\n",
                        esc(&s.name),
                        self.m(s.amount),
                        q.spif_later(k)
                    );
                    *b += &format!(
                        "<table>\n<tr><th>{cap}</th><th>Status</th><th class=\"n\">Events</th><th class=\"n\">Payout</th></tr>\n"
                    );
                    let mut events = 0;
                    for p in (0..plan.periods.len()).filter(|p| q.works(*p)) {
                        let e = q.events(&s.id, p);
                        events += e;
                        let shown = match s.max_events {
                            Some(m) if e > m => format!("{e} ({m} paid)"),
                            _ => e.to_string(),
                        };
                        *b += &format!(
                            "<tr><td>{}</td><td>{}</td><td class=\"n\">{shown}</td><td class=\"n\">{}</td></tr>\n",
                            q.id(p),
                            q.status(p),
                            self.m(spif_payout(q.spif_in(k, p), e))
                        );
                    }
                    *b += &format!(
                        "<tr class=\"sum\"><td>Total</td><td></td><td class=\"n\">{events}</td><td class=\"n\">{}</td></tr>\n</table>\n",
                        self.fig(&format!("spif:{}", s.id), q.spif_total(s))
                    );
                }
            }
        }
    }

    /// What SPIF `s` pays the CSM as projected.
    pub(super) fn spif_paid(&self, s: &crate::engine::Spif) -> Decimal {
        match &self.per {
            Some(q) => q.spif_total(s),
            None => spif_payout(s, self.f.csm().spifs.get(&s.id).copied().unwrap_or(0)),
        }
    }

    pub(super) fn projected(&self, b: &mut String) {
        let f = self.f;
        let r = f.result();
        let plan = &self.scn.plan;
        let comps = f.projected.components(0);
        *b += "<h2>Your projected pay</h2>\n<table>\n<tr><th>Part</th><th class=\"n\">Amount</th><th class=\"n\">% of OTE</th></tr>\n";
        *b += &format!(
            "<tr><td>Base salary</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            self.fig("base", r.base),
            of(r.base, r.ote)
        );
        for (comp, cr) in plan.components.iter().zip(comps.iter()) {
            *b += &format!(
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                esc(&comp.name),
                self.fig(&format!("payout:{}", comp.id), cr.payout),
                of(cr.payout, r.ote)
            );
        }
        for s in &plan.spifs {
            let p = self.spif_paid(s);
            *b += &format!(
                "<tr><td>SPIF: {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                esc(&s.name),
                self.fig(&format!("spif:{}", s.id), p),
                of(p, r.ote)
            );
        }
        if !r.adjustment.is_zero() {
            // What payroll recorded for closed periods, less what the plan computes.
            *b += &format!(
                "<tr><td>Recorded by payroll, beyond the plan</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                self.fig("adjustment", r.adjustment),
                of(r.adjustment, r.ote)
            );
        }
        *b += &format!(
            "<tr class=\"sum\"><td>Total</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n</table>\n",
            self.fig("total", r.total),
            of(r.total, r.ote)
        );
        let Some(q) = &self.per else {
            return;
        };
        let (noun, _) = q.noun();
        let cap = super::super::capitalized(noun);
        let adjusted = !r.adjustment.is_zero();
        let adj_head = if adjusted {
            "<th class=\"n\">Recorded adj.</th>"
        } else {
            ""
        };
        *b += &format!(
            "<h3>Your pay by {noun}</h3>\n<table>\n<tr><th>{cap}</th><th>Status</th><th class=\"n\">Base salary</th><th class=\"n\">Variable pay</th><th class=\"n\">SPIFs</th>{adj_head}<th class=\"n\">Total</th></tr>\n"
        );
        let mut year = [Decimal::ZERO; 4];
        let mut year_adj = Decimal::ZERO;
        let (mut paid, mut ahead) = (Decimal::ZERO, Decimal::ZERO);
        for (p, pay) in q.pr.csm(0).iter().enumerate() {
            if !q.works(p) && pay.total.is_zero() {
                continue;
            }
            for (y, v) in year
                .iter_mut()
                .zip([pay.base, pay.variable, pay.spif, pay.total])
            {
                *y += v;
            }
            if q.pr.is_actual(p) {
                paid += pay.total;
            } else {
                ahead += pay.total;
            }
            year_adj += pay.adjustment;
            let adj = if adjusted {
                format!("<td class=\"n\">{}</td>", self.m(pay.adjustment))
            } else {
                String::new()
            };
            *b += &format!(
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{adj}<td class=\"n\">{}</td></tr>\n",
                q.id(p),
                q.status(p),
                self.m(pay.base),
                self.m(pay.variable),
                self.m(pay.spif),
                self.fig(
                    &format!("period:{}", self.scn.plan.periods[p].id),
                    pay.total
                )
            );
        }
        let adj = if adjusted {
            format!("<td class=\"n\">{}</td>", self.m(year_adj))
        } else {
            String::new()
        };
        *b += &format!(
            "<tr class=\"sum\"><td>Year</td><td></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{adj}<td class=\"n\">{}</td></tr>\n</table>\n",
            self.m(year[0]),
            self.m(year[1]),
            self.m(year[2]),
            self.fig("total", year[3])
        );
        let mut notes = Vec::new();
        if self
            .scn
            .plan
            .components
            .iter()
            .any(|c| c.measured == Measure::Year)
        {
            notes.push(format!(
                "The metrics measured over the year {}.",
                q.annual_when()
            ));
        }
        if let (Some(a), Some(f)) = (q.actual_span(), q.projected_span()) {
            notes.push(format!(
                "Paid to date ({a}, actual): {}. Still projected ({f}): {}.",
                self.m(paid),
                self.m(ahead)
            ));
        }
        if !notes.is_empty() {
            *b += &format!("<p class=\"small\">{}</p>\n", notes.join(" "));
        }
    }
}
