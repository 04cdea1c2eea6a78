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
    ComponentResult, CsmResult, Evaluation, PeriodResults, spif_payout, split_pay, target_in_plan,
};
use crate::engine::shape::Shape;
use crate::engine::{
    Basis, Beyond, Component, Csm, Curve, Direction, Measure, Plan, Scenario, TierMode, Unit,
    evaluate, evaluate_at,
};
use crate::num::{money, pct, pct_exact, plain};
use crate::text::md;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashSet;

pub mod html;

mod periods;
mod words;
use periods::*;
pub use words::*;
pub use words::{gate_brief, gate_rule, gate_state, modifier_rule};

/// The three "every metric at" points of a statement, as fractions of target.
pub const AT_TARGET_POINTS: [Decimal; 3] = [
    Decimal::from_parts(8, 0, 0, false, 1),
    Decimal::ONE,
    Decimal::from_parts(12, 0, 0, false, 1),
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
        // A team metric's result and a rate worked out from ARR are the CSM's actuals
        // from here on, and the team's results go with the CSM.
        let resolved = crate::engine::team_metrics::resolved(scn);
        let scn = &*resolved;
        let csm = scn.team.get(i)?;
        let mut one = Scenario {
            version: scn.version,
            name: String::new(),
            description: String::new(),
            branched_from: None,
            assumptions: scn.assumptions.clone(),
            plan: scn.plan.clone(),
            team: vec![csm.clone()],
            team_results: scn.team_results.clone(),
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
        // At exactly a share of target: no metric's attainment assumption applies.
        let assumed = std::mem::take(&mut one.assumptions.attainment_by_metric);
        // A team metric at a share of target is the CSM's own actual there too.
        for c in &mut one.plan.components {
            c.scope = crate::engine::Scope::Csm;
            c.from_arr = None;
        }
        match figures.periods(md, None) {
            Some(q) => q.at_target(&mut one.team[0]),
            None => {
                for comp in &scn.plan.components {
                    let t = target_in_plan(&scn.plan, comp, csm);
                    one.team[0].actuals.insert(comp.id.clone(), t);
                }
            }
        }
        figures.at_target = WHAT_IF_POINTS
            .into_iter()
            .map(|s| (s, evaluate_at(&one, s)))
            .collect();
        one.team[0] = csm.clone();
        one.plan = scn.plan.clone();
        one.assumptions.attainment_by_metric = assumed;
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
    match per.as_ref().and_then(|q| q.mix_segments()) {
        Some(segments) => {
            let (head, body) = mix_change_parts(&segments, r.base, r.target_variable, &money);
            out += &format!("**{head}** {body}");
        }
        None => {
            out += &basis_text(
                mix.basis,
                mix.variable_share,
                r.ote,
                r.base,
                r.target_variable,
            )
        }
    }
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
            "Your base salary is paid evenly over the {}; metrics measured each {noun} pay in their {noun}, metrics measured over the year {}.",
            match q.employed {
                Some(_) => format!("{nouns} you are employed"),
                None => "year".to_string(),
            },
            q.annual_when().replacen("are paid with", "pay with", 1)
        );
    }
    // Changes during the year: from when, why, and what.
    if let Some(q) = &per {
        for (from, note, words) in q.changes() {
            out += &format!("\n\n**The plan changed from {from} on.**");
            if !note.is_empty() {
                out += &format!(" {note}.");
            }
            if !words.is_empty() {
                out += &format!(" From {from}: {}.", words.join("; "));
            }
            out += " The periods before it are paid under the terms in force then.";
        }
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
    if let Some(words) = metric_assumptions_text(scn, per.is_some()) {
        out += &format!("\n{words}\n");
    }
    for (k, (comp, cr)) in plan.components.iter().zip(comps.iter()).enumerate() {
        if let Some(q) = &per {
            q.component(&mut out, k, comp, cr, r.target_variable);
            continue;
        }
        let amount = r.target_variable * comp.weight;
        let at_target = comp.curve.pay_at(amount, Decimal::ONE);
        let target = target_in_plan(plan, comp, csm);
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
        } else if target != comp.target {
            out += &format!(
                " (prorated for the part of the year you are employed; the plan's is {} for the whole year)",
                in_unit(comp.unit, comp.target)
            );
        }
        out += ".\n";
        out += &format!("- {}\n", direction_text(comp, target));
        out += &format!("- Payout: {}\n", payout_rule(&comp.curve));
        if let Some(words) = gate_rule(plan, comp) {
            out += &format!("- {words}\n");
        }
        if let Some(words) = modifier_rule(plan, comp) {
            out += &format!("- {words}\n");
        }
        for words in source_words(comp, csm, None) {
            out += &format!("- {words}\n");
        }
        if let Some(words) = gate_state(scn, comp, csm) {
            out += &format!("- {words}\n");
        }
        let line = match csm.actuals.get(&comp.id) {
            Some(actual) if comp.modifier.is_some() => format!(
                "- Your projection: {}, which is {} of target: the pay it modifies is multiplied by {}.\n",
                result_text(comp, *actual),
                pc(cr.attainment()),
                pc(cr.factor())
            ),
            Some(actual) => format!(
                "- Your projection: {}, which is {} of target and pays {} of its target variable pay: {}.\n",
                result_text(comp, *actual),
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
        // A team's (or a level's) result is not the CSM's own.
        out += &match comp.scope {
            crate::engine::Scope::Team => {
                line.replacen("Your projection", "The team's projection", 1)
            }
            crate::engine::Scope::Level => {
                line.replacen("Your projection", "Your level's projection", 1)
            }
            crate::engine::Scope::Csm => line,
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
    if !r.adjustment.is_zero() {
        // What payroll recorded for closed periods, less what the plan computes.
        out += &format!(
            "| Recorded by payroll, beyond the plan | {} | {} |\n",
            money(r.adjustment),
            of_ote(r.adjustment)
        );
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
                    format!("If every metric came in at exactly the same share of its target in your projected {nouns} ({f}) and over the year, without the SPIFs still to come; your actual {nouns} ({a}) stay as paid, SPIFs included:"),
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
mod tests;
