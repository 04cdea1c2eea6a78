//! The plan statement as a self-contained HTML page: the same figures as the Markdown
//! statement ([`Figures`]), laid out to be handed to the CSM and printed — the pay mix,
//! each metric with its payout curve drawn and the CSM's results marked on it, what they
//! would earn at 80%, 100%, 120% and 150% of target (by period when the plan has periods),
//! SPIFs, the downside and upside, and how each figure was calculated from its inputs.
//!
//! Every amount is a `<span class="money" data-of="…">`: `total`, `base`,
//! `target_variable`, `ote`, `variable`, `spif`, `payout:<metric id>`, `spif:<SPIF id>`,
//! `worst`, `upside`, `at:<share>:total`, ...

use super::{Figures, Periods, basis_parts, direction_words, join_and, payout_rule, pc};
use crate::engine::eval::{ComponentResult, spif_payout, target_for};
use crate::engine::{Basis, Component, Direction, Measure, PlanStatus, Scenario, Unit};
use crate::num::{Currency, money_in, pct, pct_exact, plain};
use crate::output::charts::{Mark, payout_svg};
use crate::output::html::{esc, money as fig, page};
use rust_decimal::{Decimal, RoundingStrategy};

/// The statement's own styles, beside the shared ones.
const CSS: &str = r#"
header { border-bottom: 2px solid #1f4e79; padding-bottom: 4pt; margin-bottom: 6pt; }
.plan { font-size: 11pt; }
.facts td:first-child { width: 32%; color: #444; }
.mix { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 4pt; margin: 6pt 0; }
.mix div { border: 1px solid #c9d3dd; border-radius: 3pt; padding: 4pt 6pt; background: #f7f9fb; }
.mix b { display: block; font-size: 8.5pt; font-weight: 600; color: #444; }
.mix .money { font-size: 12.5pt; font-weight: 600; }
.metric { border-top: 1px solid #e3e3e3; margin-top: 6pt; break-inside: avoid; }
h2 + .metric { border-top: none; margin-top: 0; }
.key { margin-left: 0; }
.metric .cols { display: grid; grid-template-columns: minmax(0, 1fr) 62mm; gap: 8pt; align-items: start; }
@media screen and (max-width: 600px) { .metric .cols { grid-template-columns: minmax(0, 1fr); } }
.trace li { margin: 2pt 0; }
.range { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 6pt; }
.range div { border-left: 3px solid #1f4e79; padding: 2pt 6pt; background: #f7f9fb; }
footer { margin-top: 10pt; border-top: 1px solid #ccc; padding-top: 3pt; }
"#;

/// A short percentage of OTE, "–" without an OTE.
fn of(v: Decimal, ote: Decimal) -> String {
    if ote.is_zero() {
        "–".to_string()
    } else {
        pct(v / ote, 1)
    }
}

/// A payout factor as it is multiplied: `1.045×`, with as many decimals (four to twelve)
/// as it takes for `amount` as printed (to the cent) × the factor as printed to give
/// `payout` to the cent, so the printed product can be redone by hand.
fn times(amount: Decimal, f: Decimal, payout: Decimal) -> String {
    let at = |dp: u32| f.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let printed = crate::num::cents(amount);
    let shown = (4..=12)
        .map(at)
        .find(|x| crate::num::cents(printed * x) == payout)
        .unwrap_or_else(|| at(12));
    format!("{}×", plain(shown))
}

/// The plan as people call it: its title, else the scenario's name ("" for neither).
pub(super) fn plan_name(scn: &Scenario) -> &str {
    scn.plan
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(scn.name.trim())
}

/// "Effective 1 February 2026 – 31 January 2027 (FY27)", or the fiscal year's name when it
/// has no real start date; escaped.
pub(crate) fn effective(scn: &Scenario) -> Option<String> {
    let fy = scn.plan.fiscal_year.as_ref()?;
    Some(match (fy.start_date(), fy.end_date()) {
        (Some(a), Some(b)) => {
            let name = fy.name.trim();
            let dates = format!("{} – {}", a.format("%-d %B %Y"), b.format("%-d %B %Y"));
            if name.is_empty() {
                format!("Effective {dates}")
            } else {
                format!("Effective {dates} ({})", esc(name))
            }
        }
        _ => esc(&fy.text()),
    })
}

/// "Draft: not yet approved" for a plan that is not approved.
pub(crate) fn status(scn: &Scenario) -> Option<String> {
    match scn.plan.status {
        Some(st) if st != PlanStatus::Approved => {
            let l = st.label();
            let mut c = l.chars();
            let cap: String = c
                .next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default();
            Some(format!("{cap}: not yet approved"))
        }
        _ => None,
    }
}

/// The plan statement of CSM `i` of a valid scenario as a self-contained HTML page; `None`
/// when there is no CSM `i`.
pub fn statement(scn: &Scenario, i: usize) -> Option<String> {
    let f = Figures::of(scn, i)?;
    let cur = scn.plan.currency();
    let s = Statement {
        scn,
        f: &f,
        cur,
        per: f.periods(esc, Some(cur)),
    };
    let body = s.body()?;
    let title = format!("Pay plan statement: {}", f.csm().name);
    Some(page(&title, CSS, &body))
}

struct Statement<'a> {
    scn: &'a Scenario,
    f: &'a Figures,
    cur: Currency,
    per: Option<Periods<'a>>,
}

impl Statement<'_> {
    fn m(&self, v: Decimal) -> String {
        money_in(v, self.cur)
    }

    fn fig(&self, of: &str, v: Decimal) -> String {
        fig(of, v, self.cur)
    }

    /// A value in a metric's unit, money in the plan's currency.
    fn unit(&self, unit: Unit, v: Decimal) -> String {
        match unit {
            Unit::Money => self.m(v),
            _ => super::in_unit(unit, v),
        }
    }

    fn body(&self) -> Option<String> {
        let mut b = String::with_capacity(24_000);
        self.header(&mut b);
        self.mix(&mut b);
        self.metrics(&mut b);
        self.spifs(&mut b);
        self.projected(&mut b);
        self.what_ifs(&mut b)?;
        self.trace(&mut b);
        b += "<footer class=\"muted small\">Every amount is rounded to the cent, as payroll pays it, and every total is the sum of the amounts above it; a share of OTE is rounded to 0.1%. Made by cscomp-tui from the plan and your projected results.</footer>\n";
        Some(b)
    }

    fn header(&self, b: &mut String) {
        let f = self.f;
        let csm = f.csm();
        let plan = plan_name(self.scn);
        *b += &format!(
            "<header>\n<h1>Pay plan statement: {}</h1>\n",
            esc(&csm.name)
        );
        let mut line = if plan.is_empty() {
            "This plan".to_string()
        } else {
            format!("<strong>{}</strong>", esc(plan))
        };
        if let Some(e) = effective(self.scn) {
            line += &format!(" · {e}");
        }
        if let Some(st) = status(self.scn) {
            line += &format!(" <span class=\"status\">{st}</span>");
        }
        *b += &format!("<p class=\"plan\">{line}</p>\n");
        let note = match self
            .per
            .as_ref()
            .and_then(|q| q.actual_span().map(|a| (q, a)))
        {
            Some((q, _)) if q.projected_span().is_none() => {
                "The pay figures below come from your actual results.".to_string()
            }
            Some((_, a)) => format!(
                "The figures for {a} come from your actual results; the rest are projections, not a promise of pay: what you are paid depends on the results you actually reach."
            ),
            None => "The pay figures below are projections from the plan and the results projected for you, not a promise of pay: what you are paid depends on the results you actually reach.".to_string(),
        };
        *b += &format!("<p class=\"muted small\">{note}</p>\n</header>\n");
    }

    fn mix(&self, b: &mut String) {
        let f = self.f;
        let csm = f.csm();
        let r = f.result();
        let plan = &self.scn.plan;
        let mix = plan.mix_for(&csm.level);
        *b += "<table class=\"facts\">\n";
        *b += &format!(
            "<tr><td>CSM</td><td>{} ({})</td></tr>\n",
            esc(&csm.name),
            esc(&csm.id)
        );
        *b += &format!("<tr><td>Level</td><td>{}</td></tr>\n", esc(&csm.level));
        if let Some(q) = &self.per {
            if let Some(e) = q.employed_text() {
                *b += &format!("<tr><td>Employed</td><td>{e}</td></tr>\n");
            }
            let (_, nouns) = q.noun();
            let ids: Vec<String> = (0..plan.periods.len()).map(|p| q.id(p)).collect();
            let held = match (q.pr.as_of, q.pr.as_of.is_some_and(|a| a == q.last())) {
                (Some(_), true) => "every one holds actual results".to_string(),
                (Some(a), false) => format!(
                    "{} hold actual results, {} are projections",
                    q.span(0, a),
                    q.span(a + 1, q.last())
                ),
                (None, _) => "all are projections".to_string(),
            };
            *b += &format!(
                "<tr><td>Plan year</td><td>{} {nouns}: {}; {held}</td></tr>\n",
                plan.periods.len(),
                join_and(&ids).replace(", and", " and")
            );
        }
        *b += "</table>\n";
        let employed = self.per.as_ref().filter(|q| q.employed.is_some());
        let span = employed.map(|q| {
            let (a, z) = q.range();
            q.span(a, z)
        });
        let (head, body) = basis_parts(
            mix.basis,
            mix.variable_share,
            r.ote,
            r.base,
            r.target_variable,
            &|v| self.m(v),
        );
        *b += "<h2>Your pay mix</h2>\n";
        *b += &format!("<p><strong>{head}</strong></p>\n");
        let annual = |v: Decimal| match &span {
            Some(_) => format!(
                "<br><span class=\"muted small\">of annual {}</span>",
                self.m(v)
            ),
            None => String::new(),
        };
        let (base_y, tv_y) = crate::engine::eval::split_pay(plan, csm);
        *b += "<div class=\"mix\">\n";
        *b += &format!(
            "<div><b>Base salary</b>{}{}</div>\n",
            self.fig("base", r.base),
            annual(base_y)
        );
        *b += &format!(
            "<div><b>Target variable pay</b>{}{}</div>\n",
            self.fig("target_variable", r.target_variable),
            annual(tv_y)
        );
        let ote_label = match (&span, mix.basis) {
            (Some(s), _) => format!("On-target earnings (OTE) for {s}"),
            (None, Basis::OteSplit) => "On-target earnings (OTE)".to_string(),
            (None, Basis::BonusOnTop) => "OTE (your base salary)".to_string(),
        };
        *b += &format!(
            "<div><b>{ote_label}</b>{}{}</div>\n",
            self.fig("ote", r.ote),
            annual(csm.ote)
        );
        *b += "</div>\n";
        *b += &format!("<p>{body}");
        if let Some(s) = &span
            && let Some(q) = employed
        {
            let (_, nouns) = q.noun();
            *b += &format!(
                " These are your figures for {s}, the {nouns} you are employed in: for a full year your OTE would be {}.",
                self.m(csm.ote)
            );
        }
        *b += "</p>\n";
        let scale = self.scn.assumptions.attainment_scale;
        if scale != Decimal::ONE {
            *b += &format!(
                "<p class=\"small\">Your projections below include the plan's attainment scale of {}: every {}attainment is multiplied by {}{}.</p>\n",
                pct_exact(scale),
                if self.per.is_some() { "projected " } else { "" },
                plain(scale),
                if self.per.is_some() {
                    " (actual results are not)"
                } else {
                    ""
                }
            );
        }
    }

    /// The marks of component `k` on its payout chart: the CSM's result (or each period's).
    fn marks(&self, k: usize, comp: &Component, cr: &ComponentResult) -> Vec<Mark> {
        let csm = self.f.csm();
        match &self.per {
            Some(q) if comp.measured == Measure::Period => q
                .slots_of(k)
                .into_iter()
                .filter_map(|j| {
                    let p = q.shape.slots[j].period?;
                    let r = q.slots.get(j)?;
                    Some(Mark {
                        attainment: r.attainment(),
                        factor: r.factor(),
                        label: self.scn.plan.periods[p].id.clone(),
                        assumed: q.period_actual(comp, p).is_none() && !q.shape.slots[j].fixed,
                    })
                })
                .collect(),
            _ => {
                let fixed = self.per.as_ref().is_some_and(|q| {
                    q.slots_of(k)
                        .first()
                        .is_some_and(|j| q.shape.slots[*j].fixed)
                });
                vec![Mark {
                    attainment: cr.attainment(),
                    factor: cr.factor(),
                    label: "you".into(),
                    assumed: !csm.actuals.contains_key(&comp.id) && !fixed,
                }]
            }
        }
    }

    /// The projection of an annual metric in words, with its payout marked.
    fn projection(&self, comp: &Component, cr: &ComponentResult, fixed: bool) -> String {
        let csm = self.f.csm();
        let label = if fixed {
            "Your result"
        } else {
            "Your projection"
        };
        let paid = self.fig(&format!("payout:{}", comp.id), cr.payout);
        match csm.actuals.get(&comp.id) {
            Some(actual) => format!(
                "{label}: {}, which is {} of target and pays {} of its target variable pay: {paid}.",
                self.unit(comp.unit, *actual),
                pc(cr.attainment()),
                pc(cr.factor()),
            ),
            None if fixed => {
                format!("{label}: none entered, so it counts as 0% of target and pays {paid}.")
            }
            None => match self.scn.plan.missing_projections {
                crate::engine::MissingProjection::AtTarget => format!(
                    "{label}: none entered yet, so it is assumed at target ({} of target) and pays {paid}: an assumption, not a projection of your results.",
                    pc(cr.attainment())
                ),
                crate::engine::MissingProjection::AtZero => {
                    format!("{label}: none entered, so it counts as 0% of target and pays {paid}.")
                }
            },
        }
    }

    fn metrics(&self, b: &mut String) {
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
                        None => format!("{} of your variable pay", pct_exact(comp.weight)),
                    };
                    (share, q.paid_at_target(&mine, comp))
                }
                None => {
                    let amount = r.target_variable * comp.weight;
                    (
                        format!("{} of your variable pay", pct_exact(comp.weight)),
                        crate::num::cents(amount * comp.curve.factor_at(Decimal::ONE)),
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
            let target = target_for(comp, csm);
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
                        *b += &format!(
                            "<li>Measured over the year, paid with {}.</li>\n",
                            q.id(q.last())
                        );
                    }
                    *b += &format!("<li>Target: {}", self.unit(comp.unit, target));
                    if csm.targets.contains_key(&comp.id) {
                        *b += &format!(
                            " (your own target; the plan's is {})",
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
            if per_period.is_none() {
                let fixed = self.per.as_ref().is_some_and(|q| {
                    q.slots_of(k)
                        .first()
                        .is_some_and(|j| q.shape.slots[*j].fixed)
                });
                *b += &format!("<li>{}</li>\n", self.projection(comp, cr, fixed));
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
    fn period_table(
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
        let cap = super::capitalized(q.noun().0);
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

    fn spifs(&self, b: &mut String) {
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
                let cap = super::capitalized(noun);
                for s in &plan.spifs {
                    let limit = match s.max_events {
                        Some(1) => format!("at most 1 event is paid in each {noun}"),
                        Some(m) => format!("at most {m} events are paid in each {noun}"),
                        None => "no limit on events".to_string(),
                    };
                    *b += &format!(
                        "<p><strong>{}</strong>: {} per event, {limit}.</p>\n",
                        esc(&s.name),
                        self.m(s.amount)
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
                            self.m(spif_payout(s, e))
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
    fn spif_paid(&self, s: &crate::engine::Spif) -> Decimal {
        match &self.per {
            Some(q) => q.spif_total(s),
            None => spif_payout(s, self.f.csm().spifs.get(&s.id).copied().unwrap_or(0)),
        }
    }

    fn projected(&self, b: &mut String) {
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
        *b += &format!(
            "<tr class=\"sum\"><td>Total</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n</table>\n",
            self.fig("total", r.total),
            of(r.total, r.ote)
        );
        let Some(q) = &self.per else {
            return;
        };
        let (noun, _) = q.noun();
        let cap = super::capitalized(noun);
        *b += &format!(
            "<h3>Your pay by {noun}</h3>\n<table>\n<tr><th>{cap}</th><th>Status</th><th class=\"n\">Base salary</th><th class=\"n\">Variable pay</th><th class=\"n\">SPIFs</th><th class=\"n\">Total</th></tr>\n"
        );
        let mut year = [Decimal::ZERO; 4];
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
            *b += &format!(
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
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
        *b += &format!(
            "<tr class=\"sum\"><td>Year</td><td></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n</table>\n",
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
                "The metrics measured over the year are paid with {}.",
                q.id(q.last())
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

    fn what_ifs(&self, b: &mut String) -> Option<()> {
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
                            format!("If every metric came in at exactly the same share of its target in your projected {nouns} ({p}) and over the year (before SPIFs); your actual {nouns} ({a}) stay as paid:"),
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
                let cap = super::capitalized(noun);
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
    fn attainment_words(&self, comp: &Component, actual: Decimal, target: Decimal) -> String {
        let u = |v| self.unit(comp.unit, v);
        match comp.direction {
            Direction::HigherIsBetter => format!("{} ÷ target {}", u(actual), u(target)),
            Direction::LowerIsBetter => {
                format!("2 − {} ÷ target {}", u(actual), u(target))
            }
        }
    }

    fn trace(&self, b: &mut String) {
        let f = self.f;
        let csm = f.csm();
        let r = f.result();
        let plan = &self.scn.plan;
        let mix = plan.mix_for(&csm.level);
        let comps = f.projected.components(0);
        let scale = self.scn.assumptions.attainment_scale;
        let scaled = if scale == Decimal::ONE {
            String::new()
        } else {
            format!(", × the attainment scale {}", pct_exact(scale))
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
        *b += "</li>\n";
        for (k, (comp, cr)) in plan.components.iter().zip(comps.iter()).enumerate() {
            *b += &format!("<li><strong>{}</strong>: ", esc(&comp.name));
            let per_period = self
                .per
                .as_ref()
                .filter(|_| comp.measured == Measure::Period);
            match per_period {
                None => {
                    // One amount for the year: the target variable pay × the weight (× the
                    // share of the year a joiner or leaver is employed).
                    let slot = self.per.as_ref().and_then(|q| {
                        let j = *q.slots_of(k).first()?;
                        Some((q.amount(j), q.shape.employed_share(j, q.employed), q.tv))
                    });
                    let (amount, share, tv) = slot.unwrap_or((
                        r.target_variable * comp.weight,
                        Decimal::ONE,
                        r.target_variable,
                    ));
                    let target = target_for(comp, csm);
                    *b += &format!(
                        "{}target variable pay {} × weight {}{} = {} at 100% of target. ",
                        if self.per.is_some() { "annual " } else { "" },
                        self.m(tv),
                        pct_exact(comp.weight),
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
                .map(|s| {
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
                    format!(
                        "{}: {events} event{}{capped}, × {} = {}",
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
        *b += &format!(
            "<li><strong>Total</strong>: base salary {} + variable pay {} (the metrics above) + SPIFs {} = {}, which is {} of your OTE of {}.</li>\n",
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

#[cfg(test)]
mod tests;
