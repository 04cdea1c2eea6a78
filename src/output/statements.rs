//! Plan statements: one CSM's pay plan explained in plain words, as Markdown — their base
//! and target variable, each metric's weight, target and payout rule, the SPIFs, their
//! projected pay, and what they would earn at 80%, 100% and 120% of target. With plan
//! periods (docs/periods.md) also the periods employed and prorated pay, each per-period
//! metric's result and the SPIFs by period, and the pay by period; the what-ifs then move
//! the projected periods only.
//!
//! Owns: the statement text and safe file names for it. Must not: touch the file system or
//! the terminal (the CLI writes the files; the TUI shows the same text), or compute pay
//! itself (every figure comes from the engine).

use crate::engine::eval::{
    ComponentResult, CsmResult, Evaluation, PeriodResults, spif_payout, split_pay, target_for,
};
use crate::engine::shape::Shape;
use crate::engine::{
    Basis, Component, Csm, Curve, Direction, Measure, Plan, Scenario, Unit, evaluate, evaluate_at,
};
use crate::num::{money, pct, pct_exact, plain};
use crate::text::md;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashSet;

pub mod html;

/// The three "every metric at" points of a statement, as fractions of target.
pub const AT_TARGET_POINTS: [Decimal; 3] = [
    Decimal::from_parts(8, 0, 0, false, 1),
    Decimal::ONE,
    Decimal::from_parts(12, 0, 0, false, 1),
];

/// A fraction as a short percentage: one decimal at most, no trailing zeros (`103%`,
/// `104.5%`, `133.3%`).
fn pc(v: Decimal) -> String {
    let p = (v * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    format!("{}%", plain(p))
}

/// A value in its metric's unit: `90%`, `$100,000.00`, `40`.
pub fn in_unit(unit: Unit, v: Decimal) -> String {
    match unit {
        Unit::Percent => pct_exact(v),
        Unit::Money => money(v),
        Unit::Count => plain(v),
    }
}

/// Joins phrases as "a", "a, and b", "a, b, and c" (the phrases are long clauses).
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a}, and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

/// Where a capped tiered curve reaches its cap, if it ever does.
pub(crate) fn cap_reached_at(
    threshold: Decimal,
    tiers: &[crate::engine::Tier],
    cap: Decimal,
) -> Option<Decimal> {
    let mut f = Decimal::ZERO;
    for (i, t) in tiers.iter().enumerate() {
        let next = tiers.get(i + 1).map(|n| n.from);
        let top = next.map(|n| f + t.rate * (n - t.from));
        if t.rate > Decimal::ZERO && top.is_none_or(|top| top >= cap) {
            let a = t.from + (cap - f) / t.rate;
            return Some(a.max(threshold));
        }
        if let Some(top) = top {
            f = top;
        }
    }
    None
}

/// A payout curve in plain words, e.g. "Below 50% of target this pays nothing; from there it
/// pays 1% of its target variable pay per 1% of target (50% at 50% of target), and 1.5% per
/// 1% above 100% of target, up to 150% of its target variable pay (reached at 133.3% of
/// target)."
pub fn payout_rule(curve: &Curve) -> String {
    match curve {
        Curve::Steps { steps } => {
            let Some(first) = steps.first() else {
                return "This never pays: it has no steps.".into();
            };
            let parts: Vec<String> = steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    if i == 0 {
                        format!(
                            "{} of its target variable pay from {} of target",
                            pc(s.factor),
                            pc(s.min)
                        )
                    } else {
                        format!("{} from {}", pc(s.factor), pc(s.min))
                    }
                })
                .collect();
            let lead = if first.min > Decimal::ZERO {
                format!(
                    "Below {} of target this pays nothing; it pays ",
                    pc(first.min)
                )
            } else {
                "It pays ".into()
            };
            let mut s = format!("{lead}{}.", join_and(&parts));
            if let [a, b, ..] = steps.as_slice() {
                let between = (a.min + b.min) / Decimal::TWO;
                s += &format!(
                    " Between steps the lower one applies: {} of target still pays {}.",
                    pc(between),
                    pc(curve.factor_at(between))
                );
            }
            s
        }
        Curve::Tiered {
            threshold,
            tiers,
            cap,
        } => {
            let Some(first) = tiers.first() else {
                return "This never pays: it has no tiers.".into();
            };
            let t = *threshold;
            // Nothing is paid below `start`: the threshold, or the first tier if it is later.
            let start = t.max(first.from);
            let f0 = curve.factor_at(start);
            let mut s = if start > Decimal::ZERO {
                format!(
                    "Below {} of target this pays nothing; from there it pays ",
                    pc(start)
                )
            } else {
                "It pays ".to_string()
            };
            let mut parts = Vec::new();
            let within_first = first.from.is_zero() && tiers.get(1).is_none_or(|n| t < n.from);
            let rest: &[crate::engine::Tier] = if within_first {
                // The usual shape: the first tier counts from zero, so say it that way.
                let mut p = format!(
                    "{}% of its target variable pay per 1% of target",
                    plain(first.rate)
                );
                if start > Decimal::ZERO {
                    p += &format!(" ({} at {} of target)", pc(f0), pc(start));
                }
                parts.push(p);
                &tiers[1..]
            } else {
                // The general shape: the factor where paying starts, then each tier's rate.
                if !f0.is_zero() {
                    parts.push(format!(
                        "{} of its target variable pay at {} of target",
                        pc(f0),
                        pc(start)
                    ));
                }
                tiers
            };
            for (i, tier) in rest.iter().enumerate() {
                if rest.get(i + 1).is_some_and(|n| n.from <= start) {
                    continue;
                }
                let from = pc(tier.from.max(start));
                parts.push(if tier.rate.is_zero() {
                    format!("nothing more above {from} of target")
                } else if parts.is_empty() {
                    format!(
                        "{}% of its target variable pay per 1% above {from} of target",
                        plain(tier.rate)
                    )
                } else {
                    format!("{}% per 1% above {from} of target", plain(tier.rate))
                });
            }
            s += &join_and(&parts);
            match cap {
                Some(c) => {
                    s += &format!(", up to {} of its target variable pay", pc(*c));
                    if let Some(a) = cap_reached_at(t, tiers, *c) {
                        s += &format!(" (reached at {} of target)", pc(a));
                    }
                    s.push('.');
                }
                None if tiers.last().is_some_and(|l| l.rate > Decimal::ZERO) => {
                    s += ", with no cap.";
                }
                None => s.push('.'),
            }
            s
        }
    }
}

/// How attainment is measured, in words, with the CSM's own target.
fn direction_text(comp: &Component, target: Decimal) -> String {
    direction_words(comp, target, &|v| in_unit(comp.unit, v))
}

/// [`direction_text`] with values written by `u`.
fn direction_words(comp: &Component, target: Decimal, u: &dyn Fn(Decimal) -> String) -> String {
    match comp.direction {
        Direction::HigherIsBetter => {
            "Higher is better: attainment is your actual ÷ your target.".into()
        }
        Direction::LowerIsBetter => {
            format!(
                "Lower is better: attainment is 2 − actual ÷ target, so {} counts as 100% of target, {} as 150%, {} as 200%, and {} or more as 0%.",
                u(target),
                u(target / Decimal::TWO),
                u(Decimal::ZERO),
                u(target * Decimal::TWO)
            )
        }
    }
}

/// The pay-mix sentence, as its headline and what it means: ("OTE split: 80% base salary,
/// 20% variable pay.", "Your base salary is …"), with money written by `money`.
fn basis_parts(
    basis: Basis,
    share: Decimal,
    ote: Decimal,
    base: Decimal,
    tv: Decimal,
    money: &dyn Fn(Decimal) -> String,
) -> (String, String) {
    match basis {
        Basis::OteSplit => (
            format!(
                "OTE split: {} base salary, {} variable pay.",
                pct_exact(Decimal::ONE - share),
                pct_exact(share)
            ),
            format!(
                "Your base salary is {} ({} of your OTE); the other {} is your target variable pay, earned through the metrics below. If every metric comes in at exactly 100% of its target, you earn your OTE of {}.",
                money(base),
                pct_exact(Decimal::ONE - share),
                money(tv),
                money(ote)
            ),
        ),
        Basis::BonusOnTop => (
            format!(
                "Bonus on top: your full OTE as base salary, plus variable pay of {} of OTE.",
                pct_exact(share)
            ),
            format!(
                "Your base salary is your full OTE of {}; on top of it comes a target variable pay of {} ({} of OTE), earned through the metrics below. If every metric comes in at exactly 100% of its target, you earn {}.",
                money(base),
                money(tv),
                pct_exact(share),
                money(base + tv)
            ),
        ),
    }
}

/// The pay-mix sentence: "**OTE split: 80% base salary, 20% variable pay.**" and what it means.
fn basis_text(basis: Basis, share: Decimal, ote: Decimal, base: Decimal, tv: Decimal) -> String {
    let (head, body) = basis_parts(basis, share, ote, base, tv, &money);
    format!("**{head}** {body}")
}

/// The attainment points of the statements' "What you would earn" (every metric at this
/// share of its target): the Markdown statement shows the first three ([`AT_TARGET_POINTS`]),
/// the HTML statement all four.
pub const WHAT_IF_POINTS: [Decimal; 4] = [
    Decimal::from_parts(8, 0, 0, false, 1),
    Decimal::ONE,
    Decimal::from_parts(12, 0, 0, false, 1),
    Decimal::from_parts(15, 0, 0, false, 1),
];

/// The projection moves of "What you would earn": 20% lower, as projected, 20% higher.
pub const MOVES: [(&str, Decimal); 3] = [
    ("20% lower", Decimal::from_parts(8, 0, 0, false, 1)),
    ("As projected", Decimal::ONE),
    ("20% higher", Decimal::from_parts(12, 0, 0, false, 1)),
];

/// Every figure of one CSM's statement, from the engine: the Markdown and the HTML
/// statement print these and nothing else. The CSM is evaluated on their own, so a
/// statement costs the same in a team of 15 or of 10,000.
pub struct Figures {
    /// The CSM alone, under the scenario's plan and assumptions.
    pub one: Scenario,
    /// The CSM as projected.
    pub projected: Evaluation,
    /// Every metric at each of [`WHAT_IF_POINTS`] of its target (with periods, in the
    /// projected periods and over the year), before SPIFs; empty when every result is
    /// actual.
    pub at_target: Vec<(Decimal, Evaluation)>,
    /// The projections moved as [`MOVES`] say, SPIFs as projected; empty when every result
    /// is actual.
    pub moved: Vec<(&'static str, Evaluation)>,
}

impl Figures {
    /// The figures of CSM `i` of a valid scenario; `None` when there is no CSM `i`.
    pub fn of(scn: &Scenario, i: usize) -> Option<Figures> {
        let csm = scn.team.get(i)?;
        let mut one = Scenario {
            version: scn.version,
            name: String::new(),
            description: String::new(),
            branched_from: None,
            assumptions: scn.assumptions.clone(),
            plan: scn.plan.clone(),
            team: vec![csm.clone()],
        };
        let projected = evaluate(&one);
        projected.csms.first()?;
        let mut figures = Figures {
            one: one.clone(),
            projected,
            at_target: Vec::new(),
            moved: Vec::new(),
        };
        if figures.periods(md, None).is_some_and(|q| q.all_actual()) {
            return Some(figures);
        }
        // Every metric at exactly 80%, 100%, 120% and 150% of target: the CSM's actuals set
        // to their targets (attainment 100%, whichever the direction), then the engine's
        // attainment scale. With periods, only the projected slots: the engine scales
        // nothing else.
        one.team[0].spifs.clear();
        match figures.periods(md, None) {
            Some(q) => q.at_target(&mut one.team[0]),
            None => {
                for comp in &scn.plan.components {
                    let t = target_for(comp, csm);
                    one.team[0].actuals.insert(comp.id.clone(), t);
                }
            }
        }
        figures.at_target = WHAT_IF_POINTS
            .into_iter()
            .map(|s| (s, evaluate_at(&one, s)))
            .collect();
        one.team[0] = csm.clone();
        let scale = scn.assumptions.attainment_scale;
        figures.moved = MOVES
            .into_iter()
            .map(|(label, s)| (label, evaluate_at(&one, scale * s)))
            .collect();
        Some(figures)
    }

    /// The CSM.
    pub fn csm(&self) -> &Csm {
        &self.one.team[0]
    }

    /// The CSM's projected pay.
    pub fn result(&self) -> &CsmResult {
        &self.projected.csms[0]
    }

    /// What a plan with periods needs besides the plan, names escaped by `esc` and money in
    /// `currency` (none: dollars); `None` without periods.
    fn periods(
        &self,
        esc: fn(&str) -> String,
        currency: Option<crate::num::Currency>,
    ) -> Option<Periods<'_>> {
        let plan = &self.one.plan;
        let csm = self.csm();
        self.projected.periods.as_ref().map(|pr| Periods {
            plan,
            csm,
            shape: Shape::of(plan),
            employed: Shape::employed(plan, csm),
            pr,
            slots: self.projected.slots(0),
            tv: split_pay(plan, csm).1,
            esc,
            currency,
        })
    }
}

/// The plan statement of CSM `i` of a valid scenario, as Markdown; `None` when there is no
/// CSM `i`. Every figure comes from the engine; the CSM is evaluated on their own, so a
/// statement costs the same in a team of 15 or of 10,000.
pub fn statement(scn: &Scenario, i: usize) -> Option<String> {
    let f = Figures::of(scn, i)?;
    let csm = f.csm();
    let plan = &scn.plan;
    let scale = scn.assumptions.attainment_scale;
    let projected = &f.projected;
    let r = f.result();
    let comps = projected.components(0);
    let mix = plan.mix_for(&csm.level);
    let name = md(&csm.name);
    // The prorated OTE of a joiner or leaver (the OTE otherwise).
    let of_ote = |v: Decimal| {
        if r.ote.is_zero() {
            "–".to_string()
        } else {
            pct(v / r.ote, 1)
        }
    };
    let per = f.periods(md, None);

    // The plan as people call it: its title (with its fiscal year and status), else the
    // scenario's name.
    let plan_name = md(crate::text::escape_invisible(
        plan.title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(scn.name.trim()),
    )
    .as_ref());
    let mut out = format!("# Pay plan statement: {name}\n\n");
    out += &if plan_name.is_empty() {
        "How you are paid under this plan.".to_string()
    } else {
        format!("How you are paid under the plan **{plan_name}**.")
    };
    if let Some(fy) = &plan.fiscal_year {
        out += &format!(
            " It runs for {}.",
            md(crate::text::escape_invisible(&fy.text()).as_ref())
        );
    }
    if let Some(st) = plan.status
        && st != crate::engine::PlanStatus::Approved
    {
        out += &format!(" This plan is a {}, not yet approved.", st.label());
    }
    match per.as_ref().and_then(|q| q.actual_span().map(|a| (q, a))) {
        Some((q, _)) if q.projected_span().is_none() => {
            out += " The pay figures below come from your actual results.\n\n"
        }
        Some((_, a)) => {
            out += &format!(
                " The figures for {a} come from your actual results; the rest are projections, not a promise of pay: what you are paid depends on the results you actually reach.\n\n"
            )
        }
        None => {
            out += " The pay figures below are projections from the plan and the results projected for you, not a promise of pay: what you are paid depends on the results you actually reach.\n\n"
        }
    }
    out += "| | |\n| --- | --- |\n";
    out += &format!("| CSM | {name} ({}) |\n", md(&csm.id));
    out += &format!("| Level | {} |\n", md(&csm.level));
    if !plan_name.is_empty() {
        out += &format!("| Plan | {plan_name} |\n");
    }
    match per.as_ref().and_then(|q| q.employed_text().map(|e| (q, e))) {
        Some((q, employed)) => {
            let (base, tv) = split_pay(plan, csm);
            let (first, last) = q.range();
            out += &format!("| Employed | {employed} |\n");
            out += &format!(
                "| On-target earnings (OTE) | {} for {} (annual OTE {}) |\n",
                money(r.ote),
                q.span(first, last),
                money(csm.ote)
            );
            out += &format!(
                "| Base salary | {} of annual {} |\n",
                money(r.base),
                money(base)
            );
            out += &format!(
                "| Target variable pay | {} of annual {} |\n\n",
                money(r.target_variable),
                money(tv)
            );
        }
        None => {
            out += &format!("| On-target earnings (OTE) | {} |\n", money(csm.ote));
            out += &format!("| Base salary | {} |\n", money(r.base));
            out += &format!("| Target variable pay | {} |\n\n", money(r.target_variable));
        }
    }
    out += &basis_text(
        mix.basis,
        mix.variable_share,
        r.ote,
        r.base,
        r.target_variable,
    );
    if let Some(q) = &per {
        let (noun, nouns) = q.noun();
        let (first, last) = q.range();
        if q.employed.is_some() {
            out += &format!(
                " These are your figures for {}, the {nouns} you are employed in: for a full year your OTE would be {}.",
                q.span(first, last),
                money(csm.ote)
            );
        }
        let ids: Vec<String> = (0..plan.periods.len()).map(|p| q.id(p)).collect();
        out += &format!(
            "\n\n**The plan year has {} {nouns}: {}.** ",
            plan.periods.len(),
            join_and(&ids).replace(", and", " and")
        );
        out += &match (q.pr.as_of, q.pr.as_of.is_some_and(|a| a == q.last())) {
            (Some(_), true) => "Every one holds actual results. ".to_string(),
            (Some(a), false) => format!(
                "{} hold actual results; {} are projections. ",
                q.span(0, a),
                q.span(a + 1, q.last())
            ),
            (None, _) => "All of them are projections. ".to_string(),
        };
        out += &format!(
            "Your base salary is paid evenly over the year; metrics measured each {noun} pay in their {noun}, metrics measured over the year pay with {}.",
            q.id(q.last())
        );
    }
    out += "\n\n## How your variable pay is earned\n";
    if scale != Decimal::ONE && per.is_some() {
        out += &format!(
            "\nYour projections below include the plan's attainment scale of {}: every projected attainment is multiplied by {} (actual results are not).\n",
            pct_exact(scale),
            plain(scale)
        );
    } else if scale != Decimal::ONE {
        out += &format!(
            "\nYour projections below include the plan's attainment scale of {}: every attainment is multiplied by {}.\n",
            pct_exact(scale),
            plain(scale)
        );
    }
    for (k, (comp, cr)) in plan.components.iter().zip(comps.iter()).enumerate() {
        if let Some(q) = &per {
            q.component(&mut out, k, comp, cr, r.target_variable);
            continue;
        }
        let amount = r.target_variable * comp.weight;
        let at_target = crate::num::cents(amount * comp.curve.factor_at(Decimal::ONE));
        let target = target_for(comp, csm);
        out += &format!(
            "\n### {}. {} — {} of your variable pay ({} at target)\n\n",
            k + 1,
            md(&comp.name),
            pct_exact(comp.weight),
            money(at_target)
        );
        out += &format!("- Target: {}", in_unit(comp.unit, target));
        if csm.targets.contains_key(&comp.id) {
            out += &format!(
                " (your own target; the plan's is {})",
                in_unit(comp.unit, comp.target)
            );
        }
        out += ".\n";
        out += &format!("- {}\n", direction_text(comp, target));
        out += &format!("- Payout: {}\n", payout_rule(&comp.curve));
        out += &match csm.actuals.get(&comp.id) {
            Some(actual) => format!(
                "- Your projection: {}, which is {} of target and pays {} of its target variable pay: {}.\n",
                in_unit(comp.unit, *actual),
                pc(cr.attainment()),
                pc(cr.factor()),
                money(cr.payout)
            ),
            None => match plan.missing_projections {
                crate::engine::MissingProjection::AtTarget => format!(
                    "- Your projection: none entered yet, so it is assumed at target ({} of target) and pays {}: an assumption, not a projection of your results.\n",
                    pc(cr.attainment()),
                    money(cr.payout)
                ),
                crate::engine::MissingProjection::AtZero => format!(
                    "- Your projection: none entered, so it counts as 0% of target and pays {}.\n",
                    money(cr.payout)
                ),
            },
        };
    }

    out += "\n## SPIFs\n\n";
    if plan.spifs.is_empty() {
        out += "This plan has no SPIFs.\n";
    }
    if let Some(q) = &per {
        q.spifs(&mut out);
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    for s in plan.spifs.iter().filter(|_| per.is_none()) {
        let events = csm.spifs.get(&s.id).copied().unwrap_or(0);
        let limit = match s.max_events {
            Some(1) => "at most 1 event is paid".to_string(),
            Some(m) => format!("at most {m} events are paid"),
            None => "no limit on events".to_string(),
        };
        out += &format!(
            "- {}: {} per event, {limit}. Your projection: {events} event{} → {}.\n",
            md(&s.name),
            money(s.amount),
            if events == 1 { "" } else { "s" },
            money(spif_payout(s, events))
        );
    }

    out += "\n## Your projected pay\n\n| Part | Amount | % of OTE |\n| --- | ---: | ---: |\n";
    out += &format!("| Base salary | {} | {} |\n", money(r.base), of_ote(r.base));
    for (comp, cr) in plan.components.iter().zip(comps.iter()) {
        out += &format!(
            "| {} | {} | {} |\n",
            md(&comp.name),
            money(cr.payout),
            of_ote(cr.payout)
        );
    }
    for s in &plan.spifs {
        let p = match &per {
            Some(q) => q.spif_total(s),
            None => spif_payout(s, csm.spifs.get(&s.id).copied().unwrap_or(0)),
        };
        out += &format!("| SPIF: {} | {} | {} |\n", md(&s.name), money(p), of_ote(p));
    }
    out += &format!(
        "| **Total** | **{}** | **{}** |\n",
        money(r.total),
        of_ote(r.total)
    );

    if let Some(q) = &per {
        q.by_period(&mut out);
    }

    // Every metric at exactly 80%, 100% and 120% of target: the CSM's actuals set to their
    // targets (attainment 100%, whichever the direction), then the engine's attainment scale.
    // With periods, only the projected slots: the engine scales nothing else.
    out += "\n## What you would earn\n\n";
    let (lead, rest) = match &per {
        None => (
            "If every metric came in at exactly the same share of its target (before SPIFs):"
                .to_string(),
            "If your projections came in 20% lower or higher (every attainment multiplied by 0.8 or 1.2), SPIFs as projected:".to_string(),
        ),
        Some(q) => {
            let (_, nouns) = q.noun();
            match (q.actual_span(), q.projected_span()) {
                (Some(a), Some(f)) => (
                    format!("If every metric came in at exactly the same share of its target in your projected {nouns} ({f}) and over the year (before SPIFs); your actual {nouns} ({a}) stay as paid:"),
                    format!("If your projections came in 20% lower or higher (every attainment in your projected {nouns} and over the year multiplied by 0.8 or 1.2; your actual {nouns}, {a}, stay as paid), SPIFs as projected:"),
                ),
                _ => (
                    format!("If every metric came in at exactly the same share of its target, in each of your {nouns} and over the year (before SPIFs):"),
                    "If your projections came in 20% lower or higher (every attainment multiplied by 0.8 or 1.2), SPIFs as projected:".to_string(),
                ),
            }
        }
    };
    let frozen = f.at_target.is_empty();
    if frozen {
        out += "Every result is actual, so this is your pay for the year: no what-if moves it.\n";
    } else {
        out += &lead;
        out += "\n\n| Every metric at | Variable pay | Total pay | % of OTE |\n| --- | ---: | ---: | ---: |\n";
    }
    for (s, e) in f
        .at_target
        .iter()
        .filter(|(s, _)| AT_TARGET_POINTS.contains(s))
    {
        let x = e.csms.first()?;
        out += &format!(
            "| {} of target | {} | {} | {} |\n",
            pc(*s),
            money(x.variable),
            money(x.total),
            of_ote(x.total)
        );
    }
    if !frozen {
        out += &format!("\n{rest}\n\n");
        out += "| Projection | Total pay | % of OTE |\n| --- | ---: | ---: |\n";
    }
    for (label, e) in &f.moved {
        let x = e.csms.first()?;
        out += &format!("| {label} | {} | {} |\n", money(x.total), of_ote(x.total));
    }
    out += &format!(
        "\n- Worst case (every metric pays nothing, no SPIFs): {}, {} of your OTE.\n",
        money(r.worst),
        of_ote(r.worst)
    );
    out += &match r.upside {
        Some(best) => format!(
            "- Best case (every metric at its cap, every SPIF at its limit): {}, {} of your OTE.\n",
            money(best),
            of_ote(best)
        ),
        None => {
            let open: Vec<String> = plan
                .components
                .iter()
                .filter(|c| c.curve.max_factor().is_none())
                .map(|c| md(&c.name))
                .chain(
                    plan.spifs
                        .iter()
                        .filter(|s| s.max_events.is_none())
                        .map(|s| format!("SPIF {}", md(&s.name))),
                )
                .collect();
            format!(
                "- Best case: there is no ceiling, because {} {} no cap.\n",
                join_and(&open),
                if open.len() == 1 { "has" } else { "have" }
            )
        }
    };
    Some(out)
}

/// What the statement of a plan with periods needs besides the plan: its slots, the periods
/// the CSM is employed in, and their results by slot and by period (docs/periods.md).
struct Periods<'a> {
    plan: &'a Plan,
    csm: &'a Csm,
    shape: Shape,
    employed: Option<(usize, usize)>,
    pr: &'a PeriodResults,
    slots: &'a [ComponentResult],
    /// The annual target variable, before any proration.
    tv: Decimal,
    /// Escapes a name for the format being written (Markdown or HTML).
    esc: fn(&str) -> String,
    /// The currency money is written in; `None`: dollars, as the Markdown statement
    /// always writes them.
    currency: Option<crate::num::Currency>,
}

impl Periods<'_> {
    fn id(&self, p: usize) -> String {
        (self.esc)(&self.plan.periods[p].id)
    }

    /// A value in its metric's unit, money in the currency asked for.
    fn unit(&self, unit: Unit, v: Decimal) -> String {
        match (unit, self.currency) {
            (Unit::Money, Some(c)) => crate::num::money_in(v, c),
            _ => in_unit(unit, v),
        }
    }

    /// "Q3" or "Q3–Q4".
    fn span(&self, a: usize, b: usize) -> String {
        if a == b {
            self.id(a)
        } else {
            format!("{}–{}", self.id(a), self.id(b))
        }
    }

    fn last(&self) -> usize {
        self.plan.periods.len() - 1
    }

    fn works(&self, p: usize) -> bool {
        Shape::works_in(self.employed, p)
    }

    fn status(&self, p: usize) -> &'static str {
        if self.pr.is_actual(p) {
            "actual"
        } else {
            "projected"
        }
    }

    /// The first and last period the CSM is employed in.
    fn range(&self) -> (usize, usize) {
        self.employed.unwrap_or((0, self.last()))
    }

    /// The CSM's periods that hold actual results, as a span.
    fn actual_span(&self) -> Option<String> {
        let (first, last) = self.range();
        let a = self.pr.as_of?;
        (a >= first).then(|| self.span(first, a.min(last)))
    }

    /// The CSM's projected periods, as a span.
    fn projected_span(&self) -> Option<String> {
        let (first, last) = self.range();
        let from = self.pr.as_of.map_or(0, |a| a + 1).max(first);
        (from <= last).then(|| self.span(from, last))
    }

    /// True when every slot holds actual results (the what-ifs no longer move anything).
    fn all_actual(&self) -> bool {
        self.shape.slots.iter().all(|s| s.fixed)
    }

    /// "quarter", "half", "month" or "period", from the number of equal periods.
    fn noun(&self) -> (&'static str, &'static str) {
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
    fn employed_text(&self) -> Option<String> {
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
    fn amount(&self, j: usize) -> Decimal {
        self.tv * self.shape.flat.components[j].weight * self.shape.employed_share(j, self.employed)
    }

    /// The CSM's target for a per-period component in period `p`, and whether it is their own.
    fn period_target(&self, comp: &Component, p: usize) -> (Decimal, bool) {
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

    fn period_actual(&self, comp: &Component, p: usize) -> Option<Decimal> {
        let pid = &self.plan.periods[p].id;
        self.csm
            .periods
            .get(pid)
            .and_then(|pv| pv.actuals.get(&comp.id))
            .copied()
    }

    fn events(&self, spif: &str, p: usize) -> u32 {
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
    fn weights_text(&self, comp: &Component) -> String {
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
    fn slots_of(&self, k: usize) -> Vec<usize> {
        (0..self.shape.slots.len())
            .filter(|j| {
                let s = self.shape.slots[*j];
                s.component == k && s.period.is_none_or(|p| self.works(p))
            })
            .collect()
    }

    /// What `slots` pay at exactly 100% of target, each to the cent.
    fn paid_at_target(&self, slots: &[usize], comp: &Component) -> Decimal {
        slots
            .iter()
            .map(|j| crate::num::cents(self.amount(*j) * comp.curve.factor_at(Decimal::ONE)))
            .sum()
    }

    /// The section of one plan component: its rule, and the CSM's result in each period.
    fn component(
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
    fn spif_total(&self, s: &crate::engine::Spif) -> Decimal {
        (0..self.plan.periods.len())
            .filter(|p| self.works(*p))
            .map(|p| spif_payout(s, self.events(&s.id, p)))
            .sum()
    }

    /// The SPIF section: each SPIF's rule and the CSM's events and payout by period.
    fn spifs(&self, out: &mut String) {
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
    fn by_period(&self, out: &mut String) {
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
    fn at_target(&self, c: &mut Csm) {
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

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A file name from a CSM id: only letters, digits, `-`, `_` and single dots; never a path,
/// never hidden, never a device name, at most 80 characters.
pub fn file_stem(id: &str) -> String {
    let mut s = String::with_capacity(id.len());
    for c in id.chars() {
        let keep = c.is_ascii_alphanumeric()
            || c == '-'
            || c == '_'
            || (c == '.' && !s.is_empty() && !s.ends_with('.'));
        s.push(if keep { c } else { '_' });
        if s.len() >= 80 {
            break;
        }
    }
    let s = s.trim_end_matches('.').to_string();
    let reserved = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
        "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    let base = s.split('.').next().unwrap_or("").to_ascii_lowercase();
    if s.is_empty() {
        "csm".into()
    } else if reserved.contains(&base.as_str()) {
        format!("_{s}")
    } else {
        s
    }
}

/// One Markdown file name per CSM, in team order: `csm-01.md`. Ids that clean up to the
/// same name (also when only letter case differs) get `-2`, `-3`, ...
pub fn file_names(scn: &Scenario) -> Vec<String> {
    file_names_as(scn, "md")
}

/// [`file_names`] with the extension `ext` (`html`).
pub fn file_names_as(scn: &Scenario, ext: &str) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    scn.team
        .iter()
        .map(|c| {
            let stem = file_stem(&c.id);
            let mut name = format!("{stem}.{ext}");
            let mut n = 2;
            while !used.insert(name.to_ascii_lowercase()) {
                name = format!("{stem}-{n}.{ext}");
                n += 1;
            }
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Step, Tier};
    use rust_decimal_macros::dec;

    fn tiers(t: &[(Decimal, Decimal)]) -> Vec<Tier> {
        t.iter()
            .map(|(from, rate)| Tier {
                from: *from,
                rate: *rate,
            })
            .collect()
    }

    #[test]
    fn tiered_rules_in_words() {
        let c = Curve::Tiered {
            threshold: dec!(0.5),
            tiers: tiers(&[(dec!(0), dec!(1)), (dec!(1), dec!(1.5))]),
            cap: Some(dec!(1.5)),
        };
        assert_eq!(
            payout_rule(&c),
            "Below 50% of target this pays nothing; from there it pays 1% of its target variable pay per 1% of target (50% at 50% of target), and 1.5% per 1% above 100% of target, up to 150% of its target variable pay (reached at 133.3% of target)."
        );
        let c = Curve::Tiered {
            threshold: dec!(0),
            tiers: tiers(&[(dec!(0), dec!(1)), (dec!(1), dec!(2))]),
            cap: None,
        };
        assert_eq!(
            payout_rule(&c),
            "It pays 1% of its target variable pay per 1% of target, and 2% per 1% above 100% of target, with no cap."
        );
        let c = Curve::Tiered {
            threshold: dec!(0.6),
            tiers: tiers(&[
                (dec!(0), dec!(0.5)),
                (dec!(0.5), dec!(1)),
                (dec!(1.2), dec!(0)),
            ]),
            cap: None,
        };
        assert_eq!(
            payout_rule(&c),
            "Below 60% of target this pays nothing; from there it pays 35% of its target variable pay at 60% of target, 1% per 1% above 60% of target, and nothing more above 120% of target."
        );
        assert_eq!(c.factor_at(dec!(0.6)), dec!(0.35));
    }

    #[test]
    fn step_rules_in_words() {
        let c = Curve::Steps {
            steps: vec![
                Step {
                    min: dec!(0.8),
                    factor: dec!(0.5),
                },
                Step {
                    min: dec!(1),
                    factor: dec!(1),
                },
                Step {
                    min: dec!(1.1),
                    factor: dec!(1.2),
                },
            ],
        };
        assert_eq!(
            payout_rule(&c),
            "Below 80% of target this pays nothing; it pays 50% of its target variable pay from 80% of target, 100% from 100%, and 120% from 110%. Between steps the lower one applies: 90% of target still pays 50%."
        );
    }

    #[test]
    fn file_names_are_safe_and_unique() {
        assert_eq!(file_stem("csm-01"), "csm-01");
        assert_eq!(file_stem("../../etc/passwd"), "_._.__etc_passwd");
        assert_eq!(file_stem(".."), "_");
        assert_eq!(file_stem("a..b."), "a._b");
        assert_eq!(file_stem("a/b\\c\u{0}d"), "a_b_c_d");
        assert_eq!(file_stem("CON"), "_CON");
        assert_eq!(file_stem(""), "csm");
        assert_eq!(file_stem("Zoë"), "Zo_");
        assert_eq!(file_stem(&"x".repeat(200)).len(), 80);
        let mut scn = crate::scenario::generate::generate(3);
        scn.team[0].id = "a/b".into();
        scn.team[1].id = "a_b".into();
        scn.team[2].id = "A_B".into();
        assert_eq!(file_names(&scn), vec!["a_b.md", "a_b-2.md", "A_B-3.md"]);
    }
}
