//! A statement page's what-ifs (every metric at 80% to 150% of target) and how each figure
//! was calculated, traced to its inputs.

use super::*;

impl Statement<'_> {
    pub(super) fn what_ifs(&self, b: &mut String) -> Option<()> {
        let f = self.f;
        let r = f.result();
        *b += "<h2>What you would earn</h2>\n";
        if f.at_target.is_empty() {
            *b += "<p>Every result is actual, so this is your pay for the year: no what-if moves it.</p>\n";
        } else {
            let (lead, rest) = match &self.per {
                None => (
                    "If every metric came in at exactly the same share of its target (before SPIFs):".to_string(),
                    "If your projections came in 20% lower or higher (every attainment multiplied by 0.8 or 1.2), SPIFs as projected:".to_string(),
                ),
                Some(q) => {
                    let (_, nouns) = q.noun();
                    match (q.actual_span(), q.projected_span()) {
                        (Some(a), Some(p)) => (
                            format!("If every metric came in at exactly the same share of its target in your projected {nouns} ({p}) and over the year, without the SPIFs still to come; your actual {nouns} ({a}) stay as paid, SPIFs included:"),
                            format!("If your projections came in 20% lower or higher (every attainment in your projected {nouns} and over the year multiplied by 0.8 or 1.2; your actual {nouns}, {a}, stay as paid), SPIFs as projected:"),
                        ),
                        _ => (
                            format!("If every metric came in at exactly the same share of its target, in each of your {nouns} and over the year (before SPIFs):"),
                            "If your projections came in 20% lower or higher (every attainment multiplied by 0.8 or 1.2), SPIFs as projected:".to_string(),
                        ),
                    }
                }
            };
            *b += &format!(
                "<p>{lead}</p>\n<table>\n<tr><th>Every metric at</th><th class=\"n\">Variable pay</th><th class=\"n\">Total pay</th><th class=\"n\">% of OTE</th></tr>\n"
            );
            for (s, e) in &f.at_target {
                let x = e.csms.first()?;
                let at = pc(*s);
                *b += &format!(
                    "<tr><td>{at} of target</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                    self.fig(&format!("at:{at}:variable"), x.variable),
                    self.fig(&format!("at:{at}:total"), x.total),
                    of(x.total, r.ote)
                );
            }
            *b += "</table>\n";
            if let Some(q) = &self.per {
                let (noun, _) = q.noun();
                let cap = super::super::capitalized(noun);
                *b += &format!(
                    "<p>The same, {noun} by {noun} (total pay, SPIFs left out):</p>\n<table>\n<tr><th>{cap}</th>"
                );
                for (s, _) in &f.at_target {
                    *b += &format!("<th class=\"n\">At {}</th>", pc(*s));
                }
                *b += "</tr>\n";
                let mut year = vec![Decimal::ZERO; f.at_target.len()];
                for p in 0..self.scn.plan.periods.len() {
                    let pays: Vec<Decimal> = f
                        .at_target
                        .iter()
                        .map(|(_, e)| {
                            e.periods
                                .as_ref()
                                .and_then(|pr| pr.csm(0).get(p).map(|x| x.total))
                                .unwrap_or_default()
                        })
                        .collect();
                    if !q.works(p) && pays.iter().all(|v| v.is_zero()) {
                        continue;
                    }
                    *b += &format!("<tr><td>{} ({})</td>", q.id(p), q.status(p));
                    for (y, v) in year.iter_mut().zip(&pays) {
                        *y += *v;
                        *b += &format!("<td class=\"n\">{}</td>", self.m(*v));
                    }
                    *b += "</tr>\n";
                }
                *b += "<tr class=\"sum\"><td>Year</td>";
                for ((s, _), y) in f.at_target.iter().zip(&year) {
                    *b += &format!(
                        "<td class=\"n\">{}</td>",
                        self.fig(&format!("at:{}:total", pc(*s)), *y)
                    );
                }
                *b += "</tr>\n</table>\n";
            }
            *b += &format!(
                "<p>{rest}</p>\n<table>\n<tr><th>Projection</th><th class=\"n\">Total pay</th><th class=\"n\">% of OTE</th></tr>\n"
            );
            for (label, e) in &f.moved {
                let x = e.csms.first()?;
                *b += &format!(
                    "<tr><td>{label}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                    self.m(x.total),
                    of(x.total, r.ote)
                );
            }
            *b += "</table>\n";
        }
        // The range in dollars.
        *b += "<div class=\"range\">\n";
        *b += &format!(
            "<div><strong>Downside</strong><br>At worst (every metric pays nothing, no SPIFs) you earn {}, {} of your OTE: {} below it.</div>\n",
            self.fig("worst", r.worst),
            of(r.worst, r.ote),
            self.m(r.ote - r.worst)
        );
        *b += &match r.upside {
            Some(best) => format!(
                "<div><strong>Upside</strong><br>At best (every metric at its cap, every SPIF at its limit) you earn {}, {} of your OTE: {} above it.</div>\n",
                self.fig("upside", best),
                of(best, r.ote),
                self.m(best - r.ote)
            ),
            None => {
                let plan = &self.scn.plan;
                let open: Vec<String> = plan
                    .components
                    .iter()
                    .filter(|c| c.curve.max_factor().is_none())
                    .map(|c| esc(&c.name))
                    .chain(
                        plan.spifs
                            .iter()
                            .filter(|s| s.max_events.is_none())
                            .map(|s| format!("SPIF {}", esc(&s.name))),
                    )
                    .collect();
                format!(
                    "<div><strong>Upside</strong><br>There is no ceiling, because {} {} no cap.</div>\n",
                    join_and(&open),
                    if open.len() == 1 { "has" } else { "have" }
                )
            }
        };
        *b += "</div>\n";
        Some(())
    }

    /// The attainment of an annual metric traced to its inputs.
    pub(super) fn attainment_words(
        &self,
        comp: &Component,
        actual: Decimal,
        target: Decimal,
    ) -> String {
        let u = |v| self.unit(comp.unit, v);
        match comp.direction {
            Direction::HigherIsBetter => format!("{} ÷ target {}", u(actual), u(target)),
            Direction::LowerIsBetter => {
                format!("2 − {} ÷ target {}", u(actual), u(target))
            }
        }
    }

    pub(super) fn trace(&self, b: &mut String) {
        let f = self.f;
        let csm = f.csm();
        let r = f.result();
        let plan = &self.scn.plan;
        let mix = plan.mix_for(&csm.level);
        let comps = f.projected.components(0);
        let scale = self.scn.assumptions.attainment_scale;
        // The scale of a metric's projections: the team's × the metric's assumption.
        let scaled_for = |comp: &crate::engine::Component| {
            let m = self.scn.assumptions.metric_scale(comp);
            match (scale == Decimal::ONE, m == Decimal::ONE) {
                (true, true) => String::new(),
                (false, true) => format!(", × the attainment scale {}", pct_exact(scale)),
                (true, false) => format!(", × the plan's assumption for it {}", pct_exact(m)),
                (false, false) => format!(
                    ", × the attainment scale {} × the plan's assumption for it {}",
                    pct_exact(scale),
                    pct_exact(m)
                ),
            }
        };
        *b += "<h2>How this was calculated</h2>\n<ol class=\"trace small\">\n";
        let (base_y, tv_y) = crate::engine::eval::split_pay(plan, csm);
        *b += &format!(
            "<li><strong>Target variable pay</strong>: your annual OTE {} × the variable share of your level {} = {}, to the cent.",
            self.m(csm.ote),
            pct_exact(mix.variable_share),
            self.m(tv_y)
        );
        *b += &match mix.basis {
            Basis::OteSplit => format!(
                " <strong>Base salary</strong> (OTE split): {} − {} = {}.",
                self.m(csm.ote),
                self.m(tv_y),
                self.m(base_y)
            ),
            Basis::BonusOnTop => format!(
                " <strong>Base salary</strong> (bonus on top): your full OTE, {}.",
                self.m(base_y)
            ),
        };
        if let Some(q) = self.per.as_ref().filter(|q| q.employed.is_some()) {
            let (a, z) = q.range();
            *b += &format!(
                " For {}, the {} you are employed in: base salary {} (each {}'s part of the year) and target variable pay {} (each {}'s share of it); your OTE for them is {}.",
                q.span(a, z),
                q.noun().1,
                self.fig("base", r.base),
                q.noun().0,
                self.fig("target_variable", r.target_variable),
                q.noun().0,
                self.fig("ote", r.ote)
            );
        }
        if let Some(segs) = self.per.as_ref().and_then(|q| q.mix_segments()) {
            let parts: Vec<String> = segs
                .iter()
                .map(|(span, m)| {
                    let (base, tv) = m.split(csm.ote);
                    format!(
                        "in {span}, OTE {} × {} = target variable pay {} and base salary {}",
                        self.m(csm.ote),
                        pct_exact(m.variable_share),
                        self.m(tv),
                        self.m(base)
                    )
                })
                .collect();
            *b += &format!(
                " The pay mix changes during the year: {}. Each period is paid its part of these annual amounts under the mix in force in it (base by the period's length, target variable by its share): base salary {} and target variable pay {} for the year.",
                parts.join("; "),
                self.fig("base", r.base),
                self.fig("target_variable", r.target_variable)
            );
        }
        *b += "</li>\n";
        for (k, (comp, cr)) in plan.components.iter().zip(comps.iter()).enumerate() {
            let scaled = scaled_for(comp);
            *b += &format!("<li><strong>{}</strong>: ", esc(&comp.name));
            let per_period = self
                .per
                .as_ref()
                .filter(|_| comp.measured == Measure::Period);
            match per_period {
                None if self
                    .per
                    .as_ref()
                    .is_some_and(|q| q.earning(&q.slots_of(k)).len() > 1) =>
                {
                    // The year's result, paid by each plan version on its part of the year.
                    let Some(q) = self.per.as_ref() else { continue };
                    let mine = q.earning(&q.slots_of(k));
                    let target = target_in_plan(&self.scn.plan, comp, csm);
                    let amounts: Vec<String> = mine
                        .iter()
                        .map(|j| {
                            let w = q.shape.flat.components[*j].weight;
                            if q.mix_segments().is_some() && !w.is_zero() {
                                // The target variable of those periods, each under its mix.
                                return format!(
                                    "{} target variable pay of those periods {} × weight {} = {}",
                                    q.version_span(*j),
                                    self.m(q.amount(*j) / w),
                                    pct_exact(w),
                                    self.m(q.amount(*j))
                                );
                            }
                            format!(
                                "{} annual target variable pay {} × weight {} × {} of the year = {}",
                                q.version_span(*j),
                                self.m(q.tv),
                                pct_exact(w),
                                pc(q.shape.employed_share(*j, q.employed)),
                                self.m(q.amount(*j))
                            )
                        })
                        .collect();
                    *b += &format!(
                        "the year's result, paid by each version of the plan on its part of the year: {} at 100% of target. ",
                        amounts.join("; ")
                    );
                    if let Some(a) = csm.actuals.get(&comp.id) {
                        *b += &format!(
                            "Attainment: {}{scaled} = {}. ",
                            self.attainment_words(comp, *a, target),
                            pc(cr.attainment())
                        );
                    }
                    let pays: Vec<String> = mine
                        .iter()
                        .filter_map(|j| {
                            let sr = q.slots.get(*j)?;
                            Some(format!(
                                "{} {} × {} = {}",
                                q.version_span(*j),
                                self.m(q.amount(*j)),
                                times(q.amount(*j), sr.factor(), sr.payout),
                                self.m(sr.payout)
                            ))
                        })
                        .collect();
                    *b += &format!(
                        "The payout curve pays {}. Together: {}.",
                        pays.join("; "),
                        self.fig(&format!("payout:{}", comp.id), cr.payout)
                    );
                }
                None => {
                    // One amount for the year: the target variable pay × the weight (× the
                    // share of the year a joiner or leaver is employed).
                    let slot = self.per.as_ref().and_then(|q| {
                        let j = *q.earning(&q.slots_of(k)).first()?;
                        let share = q.shape.employed_share(j, q.employed);
                        let w = q
                            .shape
                            .flat
                            .components
                            .get(j)
                            .map_or(comp.weight, |c| c.weight);
                        // With a mix that changes, the year's target variable is the sum of
                        // its periods' under the mix in force in each.
                        let tv = match q.mix_segments() {
                            Some(_) if !(w * share).is_zero() => q.amount(j) / (w * share),
                            _ => q.tv,
                        };
                        Some((
                            q.amount(j),
                            share,
                            tv,
                            q.shape
                                .flat
                                .components
                                .get(j)
                                .map_or(comp.weight, |c| c.weight),
                        ))
                    });
                    let (amount, share, tv, weight) = slot.unwrap_or((
                        r.target_variable * comp.weight,
                        Decimal::ONE,
                        r.target_variable,
                        comp.weight,
                    ));
                    let target = target_in_plan(&self.scn.plan, comp, csm);
                    *b += &format!(
                        "{}target variable pay {} × weight {}{} = {} at 100% of target. ",
                        if self.per.is_some() { "annual " } else { "" },
                        self.m(tv),
                        pct_exact(weight),
                        if share == Decimal::ONE {
                            String::new()
                        } else {
                            format!(" × {} of the year employed", pc(share))
                        },
                        self.m(amount)
                    );
                    *b += &match csm.actuals.get(&comp.id) {
                        Some(a) => format!(
                            "Attainment: {}{scaled} = {}. ",
                            self.attainment_words(comp, *a, target),
                            pc(cr.attainment())
                        ),
                        None => match plan.missing_projections {
                            crate::engine::MissingProjection::AtTarget => format!(
                                "No projection entered, so it is assumed at target{scaled}: {}. ",
                                pc(cr.attainment())
                            ),
                            crate::engine::MissingProjection::AtZero => {
                                "No projection entered, so it counts as 0% of target. ".to_string()
                            }
                        },
                    };
                    let x = times(amount, cr.factor(), cr.payout);
                    *b += &format!(
                        "The payout curve pays {x} there: {} × {x} = {}.",
                        self.m(amount),
                        self.fig(&format!("payout:{}", comp.id), cr.payout)
                    );
                    // A shut gate, and modifiers, in the same words as the section above.
                    if let Some(words) = super::super::gate_state(self.scn, comp, csm) {
                        *b += &format!(" {}", esc(&words));
                    }
                    let modifiers: Vec<&str> = plan
                        .components
                        .iter()
                        .enumerate()
                        .filter(|(m, c)| {
                            c.modifier.is_some()
                                && crate::engine::gates::modified_by(plan, *m).contains(&k)
                        })
                        .map(|(_, c)| c.name.as_str())
                        .collect();
                    if !modifiers.is_empty() {
                        *b += &format!(
                            " That factor includes the modifier of {}.",
                            esc(&modifiers.join(" and "))
                        );
                    }
                }
                Some(q) => {
                    let parts: Vec<String> = q
                        .slots_of(k)
                        .iter()
                        .filter_map(|j| {
                            let sr = q.slots.get(*j)?;
                            let p = q.shape.slots[*j].period?;
                            Some(format!(
                                "{} ({}): {} at 100% of target, attainment {}, × {} = {}",
                                q.id(p),
                                q.status(p),
                                self.m(q.amount(*j)),
                                pc(sr.attainment()),
                                times(q.amount(*j), sr.factor(), sr.payout),
                                self.m(sr.payout)
                            ))
                        })
                        .collect();
                    let noun = q.noun().0;
                    if parts.is_empty() {
                        *b += &format!("it does not count in any {noun} you are employed in: ");
                    } else {
                        *b += &format!(
                            "each {noun}, your target variable pay for the {noun} × the metric's weight in it, paid by the curve at that {noun}'s attainment. {}. Together: ",
                            parts.join("; ")
                        );
                    }
                    *b += &format!("{}.", self.fig(&format!("payout:{}", comp.id), cr.payout));
                }
            }
            *b += "</li>\n";
        }
        if !plan.spifs.is_empty() {
            *b += "<li><strong>SPIFs</strong>: ";
            let parts: Vec<String> = plan
                .spifs
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    let events: u32 = match &self.per {
                        Some(q) => (0..plan.periods.len())
                            .filter(|p| q.works(*p))
                            .map(|p| q.events(&s.id, p))
                            .sum(),
                        None => csm.spifs.get(&s.id).copied().unwrap_or(0),
                    };
                    let capped = match (&self.per, s.max_events) {
                        (_, None) => String::new(),
                        (Some(q), Some(m)) => format!(", at most {m} paid in each {}", q.noun().0),
                        (None, Some(m)) => format!(", at most {m} paid"),
                    };
                    let later = match &self.per {
                        Some(q) => q.spif_later(k),
                        None => String::new(),
                    };
                    format!(
                        "{}: {events} event{}{capped}, × {}{later} = {}",
                        esc(&s.name),
                        if events == 1 { "" } else { "s" },
                        self.m(s.amount),
                        self.fig(&format!("spif:{}", s.id), self.spif_paid(s))
                    )
                })
                .collect();
            *b += &format!("{}.</li>\n", parts.join("; "));
        }
        let spif_sum: Decimal = plan.spifs.iter().map(|s| self.spif_paid(s)).sum();
        let recorded = if r.adjustment.is_zero() {
            String::new()
        } else {
            format!(
                " + recorded by payroll beyond the plan {}",
                self.m(r.adjustment)
            )
        };
        *b += &format!(
            "<li><strong>Total</strong>: base salary {} + variable pay {} (the metrics above) + SPIFs {}{recorded} = {}, which is {} of your OTE of {}.</li>\n",
            self.m(r.base),
            self.fig("variable", r.variable),
            self.fig("spif", spif_sum),
            self.fig("total", r.total),
            of(r.total, r.ote),
            self.m(r.ote)
        );
        if !f.at_target.is_empty() {
            *b += "<li><strong>What you would earn</strong>: each row sets every projected result to exactly that share of its target (whichever way the metric points) and pays it by the curves above, SPIFs left out; the 20% lower and higher rows multiply every projected attainment by 0.8 or 1.2 and keep your SPIFs as projected.</li>\n";
        }
        *b += &format!(
            "<li><strong>Downside</strong>: base salary {} + variable pay at 0% of every target {} = {}.",
            self.m(r.base),
            self.m(r.worst - r.base),
            self.fig("worst", r.worst)
        );
        if let Some(best) = r.upside {
            *b += &format!(
                " <strong>Upside</strong>: base salary {} + every metric at its cap and every SPIF at its limit {} = {}.",
                self.m(r.base),
                self.m(best - r.base),
                self.fig("upside", best)
            );
        }
        *b += "</li>\n</ol>\n";
    }
}
