//! The plan statement as a self-contained HTML page: the same figures as the Markdown
//! statement ([`Figures`]), laid out to be handed to the CSM and printed — the pay mix,
//! each metric with its payout curve drawn and the CSM's results marked on it, what they
//! would earn at 80%, 100%, 120% and 150% of target (by period when the plan has periods),
//! SPIFs, the downside and upside, and how each figure was calculated from its inputs.
//!
//! Every amount is a `<span class="money" data-of="…">`: `total`, `base`,
//! `target_variable`, `ote`, `variable`, `spif`, `payout:<metric id>`, `spif:<SPIF id>`,
//! `worst`, `upside`, `at:<share>:total`, ...

use super::{
    Figures, Periods, basis_parts, direction_words, join_and, mix_change_parts, payout_rule, pc,
};
use crate::engine::eval::{ComponentResult, spif_payout, target_in_plan};
use crate::engine::{Basis, Component, Direction, Measure, PlanStatus, Scenario, Unit};
use crate::num::{Currency, money_in, pct, pct_exact, plain};
use crate::output::charts::{Mark, payout_svg};
use crate::output::html::{esc, money as fig, page};
use rust_decimal::{Decimal, RoundingStrategy};

mod sections;
mod trace;

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
        // Changes during the year: from when, why, and what.
        if let Some(q) = &self.per {
            for (from, note, words) in q.changes() {
                *b += &format!(
                    "<p class=\"change\"><strong>The plan changed from {from} on.</strong>"
                );
                if !note.is_empty() {
                    *b += &format!(" {note}.");
                }
                if !words.is_empty() {
                    *b += &format!(" From {from}: {}.", words.join("; "));
                }
                *b += " The periods before it are paid under the terms in force then.</p>\n";
            }
        }
        let employed = self.per.as_ref().filter(|q| q.employed.is_some());
        let span = employed.map(|q| {
            let (a, z) = q.range();
            q.span(a, z)
        });
        let segments = self.per.as_ref().and_then(|q| q.mix_segments());
        let (head, body) = match &segments {
            Some(segs) => mix_change_parts(segs, r.base, r.target_variable, &|v| self.m(v)),
            None => basis_parts(
                mix.basis,
                mix.variable_share,
                r.ote,
                r.base,
                r.target_variable,
                &|v| self.m(v),
            ),
        };
        *b += "<h2>Your pay mix</h2>\n";
        *b += &format!("<p><strong>{head}</strong></p>\n");
        let annual = |v: Decimal| match &span {
            // The annual amounts differ by the part of the year when the mix changes.
            Some(_) if segments.is_some() => String::new(),
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
        if let Some(words) = super::metric_assumptions_text(self.scn, self.per.is_some()) {
            *b += &format!("<p class=\"small\">{}</p>\n", esc(&words));
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
                        .is_some_and(|j| q.shape.fixed_for(*j, q.employed))
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
        // A team's (or a level's) result is not the CSM's own.
        let whose = match comp.scope {
            crate::engine::Scope::Csm => "Your",
            crate::engine::Scope::Team => "The team's",
            crate::engine::Scope::Level => "Your level's",
        };
        let label = if fixed {
            format!("{whose} result")
        } else {
            format!("{whose} projection")
        };
        let paid = self.fig(&format!("payout:{}", comp.id), cr.payout);
        let shown = |v: Decimal| match comp.unit {
            Unit::Money => self.m(v),
            _ => super::result_text(comp, v),
        };
        match csm.actuals.get(&comp.id) {
            Some(actual) if comp.modifier.is_some() => format!(
                "{label}: {}, which is {} of target: the pay it modifies is multiplied by {}.",
                shown(*actual),
                pc(cr.attainment()),
                pc(cr.factor()),
            ),
            Some(actual) => format!(
                "{label}: {}, which is {} of target and pays {} of its target variable pay: {paid}.",
                shown(*actual),
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
}

#[cfg(test)]
mod tests;
