//! Errors that make a scenario impossible to compute, and the guardrail warnings that make a
//! plan questionable. Errors block evaluation; warnings never do.

use super::eval::{Evaluation, TeamInputs};
use super::model::{Basis, Component, Csm, Curve, Direction, Measure, MetricKind, Plan, Scenario};
use crate::num::{money_exact, pct, pct_exact};
use crate::text::escape_invisible;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashSet};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One thing wrong with or worth knowing about a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// Stable machine code, e.g. `weights-sum` or `variable-share`.
    pub code: &'static str,
    /// Where: `plan.components[2] (expansion)` or `team[4] (csm-05)`.
    pub location: String,
    /// Plain English: what and why it matters.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{sev}[{}] {}: {}",
            self.code, self.location, self.message
        )
    }
}

/// At most this many errors or warnings of one list are printed, then "… and N more" (all
/// are kept in the value).
pub const MAX_LISTED: usize = 50;

/// Largest money amount accepted anywhere (one trillion dollars).
pub const MAX_MONEY: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);
/// Largest OTE or SPIF amount (one billion dollars).
pub const MAX_PAY: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// Largest metric value (actual or target) in absolute terms.
pub const MAX_METRIC: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);
/// Largest payout rate, step factor or cap (100×).
pub const MAX_RATE: Decimal = Decimal::from_parts(100, 0, 0, false, 0);
/// Largest attainment scale and tier start (10 = 1000%).
pub const MAX_SCALE: Decimal = Decimal::from_parts(10, 0, 0, false, 0);
/// Largest burden rate (5 = 500%).
pub const MAX_BURDEN: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
/// Largest SPIF event count per CSM.
pub const MAX_EVENTS: u32 = 1_000_000;

struct Check {
    out: Vec<Finding>,
}

impl Check {
    fn error(&mut self, code: &'static str, location: impl Into<String>, message: String) {
        self.out.push(Finding {
            severity: Severity::Error,
            code,
            location: location.into(),
            message,
        });
    }

    fn range(
        &mut self,
        loc: &str,
        what: &str,
        v: Decimal,
        min: Decimal,
        max: Decimal,
        show: fn(Decimal) -> String,
    ) {
        if v < min || v > max {
            let code = if v < Decimal::ZERO && min >= Decimal::ZERO {
                "negative"
            } else {
                "out-of-range"
            };
            self.error(
                code,
                loc,
                format!(
                    "{what} is {}, but it must be between {} and {}",
                    show(v),
                    show(min),
                    show(max)
                ),
            );
        }
    }
}

/// The characters an id may have, in words (for messages and docs).
pub const ID_RULE: &str =
    "ids use only letters (a–z, A–Z), digits, `-` and `_`, and start with a letter or digit";

/// True for an id made of ASCII letters, digits, `-` and `_` that starts with a letter or
/// digit: safe as a CSV header, a file name and a spreadsheet cell, and unambiguous to
/// type. (An empty id has its own error.)
pub fn id_allowed(id: &str) -> bool {
    let b = id.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
}

/// The refusal of an id outside [`ID_RULE`], naming it (escaped, so it shows as written).
pub fn id_message(id: &str) -> String {
    format!(
        "the id `{}` is not allowed: {ID_RULE}",
        escape_invisible(id)
    )
}

impl Check {
    fn id(&mut self, loc: &dyn Fn() -> String, id: &str) {
        if !id.trim().is_empty() && !id_allowed(id) {
            self.error("bad-id", loc(), id_message(id));
        }
    }

    /// A name is one line of visible text: a line break, tab or other control character,
    /// or an invisible direction mark (which can make text read backwards) is refused.
    fn text(&mut self, loc: &dyn Fn() -> String, what: &str, text: &str) {
        if let Some(m) = text_problem(text) {
            self.error("bad-text", loc(), format!("{what} {m}"));
        }
    }
}

/// The plan's title, fiscal year and notes: one line of visible text for the title and
/// the year's name, a real first day, notes of a sensible length.
fn check_plan_info(c: &mut Check, plan: &Plan) {
    if let Some(t) = &plan.title {
        c.text(&|| "plan.title".into(), "the title", t);
        if t.chars().count() > 200 {
            c.error(
                "out-of-range",
                "plan.title",
                "the title is longer than 200 characters".into(),
            );
        }
    }
    if let Some(fy) = &plan.fiscal_year {
        c.text(
            &|| "plan.fiscal_year.name".into(),
            "the fiscal year's name",
            &fy.name,
        );
        if fy.name.trim().is_empty() {
            c.error(
                "out-of-range",
                "plan.fiscal_year.name",
                "name the fiscal year, e.g. \"FY27\"".into(),
            );
        }
        if fy.start_date().is_none() {
            c.error(
                "out-of-range",
                "plan.fiscal_year.start",
                format!(
                    "`{}` is not a date: write the fiscal year's first day as YYYY-MM-DD, e.g. \"2026-02-01\"",
                    crate::text::escape_invisible(&fy.start)
                ),
            );
        }
    }
    if plan.notes.chars().count() > 10_000 {
        c.error(
            "out-of-range",
            "plan.notes",
            "the notes are longer than 10,000 characters".into(),
        );
    }
    // Notes may run over lines; other control characters and invisible marks are refused.
    if let Some(ch) = plan
        .notes
        .chars()
        .find(|&ch| (ch.is_control() && ch != '\n' && ch != '\t') || crate::text::is_invisible(ch))
    {
        c.error(
            "bad-text",
            "plan.notes",
            format!("the notes hold the invisible character U+{:04X}", ch as u32),
        );
    }
}

/// Why `text` cannot be a name, if it cannot: it holds a control character or an invisible
/// direction or zero-width mark. Names are one line of visible text, everywhere one is read
/// (a scenario, a roster, a prompt).
pub fn text_problem(text: &str) -> Option<String> {
    let c = text
        .chars()
        .find(|&c| c.is_control() || crate::text::is_invisible(c))?;
    let what = match c {
        '\n' => "a line break",
        '\r' => "a carriage return",
        '\t' => "a tab",
        '\u{1b}' => "an escape character",
        c if c.is_control() => "a control character",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => {
            "an invisible direction mark, which can make text read backwards"
        }
        _ => "an invisible zero-width character",
    };
    Some(format!(
        "contains {what} (U+{:04X}); a name is one line of visible text: remove it",
        u32::from(c)
    ))
}

/// True when `v` has a fraction of a cent (money must be dollars and cents).
fn past_cents(v: Decimal) -> bool {
    v.scale() > 2 && v.normalize().scale() > 2
}

impl Check {
    /// Money that is paid, or that pay is derived from, is whole cents.
    fn cents(&mut self, loc: &dyn Fn() -> String, what: &str, v: Decimal) {
        if past_cents(v) {
            self.error(
                "fraction-of-cent",
                loc(),
                format!(
                    "{what} is {}, which has a fraction of a cent; money is in dollars and cents, at most 2 decimals",
                    money_exact(v)
                ),
            );
        }
    }
}

fn show_pct(v: Decimal) -> String {
    pct_exact(v)
}

fn show_money(v: Decimal) -> String {
    money_exact(v)
}

fn show_plain(v: Decimal) -> String {
    v.normalize().to_string()
}

/// Everything that makes the scenario impossible to compute. Empty means valid.
pub fn validate(scn: &Scenario) -> Vec<Finding> {
    let mut c = Check { out: Vec::new() };
    check_plan(&mut c, scn);
    check_team(&mut c, scn);
    c.out
}

/// The most trials a cost-risk simulation may run.
pub const MAX_TRIALS: u32 = 1_000_000;

/// An actual may be at most this many times its target. More is a unit mistake (a target
/// in thousands next to an actual in dollars), and it would carry payouts past what exact
/// arithmetic holds: with it, a payout stays below 10^6 × the target variable.
pub const MAX_ATTAINMENT: i64 = 1_000;

/// The actual-to-target check (at most [`MAX_ATTAINMENT`] times) after a plan edit, when
/// the team has not changed since `inputs` were laid out for it and passed [`validate`]:
/// only the plan's targets can have moved, so only the largest actual measured against
/// each needs a look. Used by the TUI's target slider and the compare screen.
pub fn validate_plan_targets(plan: &Plan, team: &[Csm], inputs: &TeamInputs) -> Vec<Finding> {
    let mut c = Check { out: Vec::new() };
    for (j, comp) in plan.components.iter().enumerate() {
        if let Some((i, actual)) = inputs.widest_on_plan_target(j)
            && let Some(csm) = team.get(i)
        {
            check_attainment(&mut c, i, csm, &comp.id, actual, comp.target);
        }
    }
    c.out
}

/// True when `actual` is more than [`MAX_ATTAINMENT`] times a positive `target` (zero and
/// negative targets have their own error).
pub fn implausible(actual: Decimal, target: Decimal) -> bool {
    let a = actual.abs();
    // Most actuals are near their target: the multiplication only for those above it.
    target > Decimal::ZERO && a > target && a > target * Decimal::from(MAX_ATTAINMENT)
}

/// The error for CSM `i`'s actual on `metric` when it is implausibly far above its target.
fn check_attainment(
    c: &mut Check,
    i: usize,
    csm: &Csm,
    metric: &str,
    actual: Decimal,
    target: Decimal,
) {
    if implausible(actual, target) {
        c.error(
            "implausible-actual",
            format!("team[{i}] ({})", escape_invisible(&csm.id)),
            format!(
                "the actual for `{metric}` ({}) is more than {MAX_ATTAINMENT} times its target ({}); check that both are in the same unit",
                show_plain(actual),
                show_plain(target)
            ),
        );
    }
}

/// The checks of the plan and assumptions alone (the team is not looked at): what a plan
/// edit can break.
/// True for an error the app's plan editor can fix with a slider: weights that do not add
/// up to 100%, or a variable share or weight outside its range. A file whose only errors
/// are these opens in the app with them shown, instead of not opening at all.
pub fn fixable_in_editor(f: &Finding) -> bool {
    let in_plan = f.location.starts_with("plan.");
    match f.code {
        "weights-sum" => true,
        "out-of-range" | "negative" => {
            in_plan
                && (f.message.starts_with("variable_share is ")
                    || f.message.starts_with("weight is "))
        }
        _ => false,
    }
}

pub fn validate_plan(scn: &Scenario) -> Vec<Finding> {
    let mut c = Check { out: Vec::new() };
    check_plan(&mut c, scn);
    c.out
}

fn check_plan(c: &mut Check, scn: &Scenario) {
    let zero = Decimal::ZERO;
    let one = Decimal::ONE;
    let a = &scn.assumptions;
    check_plan_info(c, &scn.plan);
    c.range(
        "assumptions",
        "attainment_scale",
        a.attainment_scale,
        zero,
        MAX_SCALE,
        show_pct,
    );
    c.range(
        "assumptions",
        "burden_rate",
        a.burden_rate,
        zero,
        MAX_BURDEN,
        show_pct,
    );
    if let Some(r) = &a.risk {
        let loc = "assumptions.risk";
        c.range(loc, "spread", r.spread, zero, Decimal::TWO, show_pct);
        for (m, v) in &r.spreads {
            c.range(
                loc,
                &format!("spread of `{m}`"),
                *v,
                zero,
                Decimal::TWO,
                show_pct,
            );
            if !scn.plan.components.iter().any(|comp| &comp.id == m) {
                c.error(
                    "unknown-metric",
                    loc,
                    format!("spreads names `{m}`, which is not a metric of the plan"),
                );
            }
        }
        c.range(loc, "correlation", r.correlation, zero, one, show_pct);
        if r.trials == 0 || r.trials > MAX_TRIALS {
            c.error(
                "out-of-range",
                loc,
                format!(
                    "trials is {}, but it must be between 1 and {MAX_TRIALS}",
                    r.trials
                ),
            );
        }
    }
    if let Some(b) = &scn.plan.budget {
        c.range(
            "plan.budget",
            "amount",
            b.amount,
            zero,
            MAX_MONEY,
            show_money,
        );
    }

    let plan = &scn.plan;
    c.range(
        "plan.mix",
        "variable_share",
        plan.mix.variable_share,
        zero,
        one,
        show_pct,
    );
    for (level, mix) in &plan.level_mix {
        c.text(
            &|| format!("plan.level_mix[{}]", escape_invisible(level)),
            "the level",
            level,
        );
        c.range(
            &format!("plan.level_mix[{level:?}]"),
            "variable_share",
            mix.variable_share,
            zero,
            one,
            show_pct,
        );
    }
    if plan.components.is_empty() {
        c.error(
            "no-components",
            "plan.components",
            "the plan has no components, so nothing decides the variable pay".into(),
        );
    }
    let mut ids = BTreeSet::new();
    for (i, comp) in plan.components.iter().enumerate() {
        let loc = format!("plan.components[{i}] ({})", escape_invisible(&comp.id));
        if comp.id.trim().is_empty() {
            c.error("empty-id", &loc, "the component has no id".into());
        }
        c.id(&|| loc.clone(), &comp.id);
        c.text(&|| loc.clone(), "the name", &comp.name);
        if !ids.insert(comp.id.as_str()) {
            c.error(
                "duplicate-id",
                &loc,
                format!("the id `{}` is used by two components", comp.id),
            );
        }
        c.range(&loc, "weight", comp.weight, zero, one, show_pct);
        if comp.target <= zero {
            c.error(
                "zero-target",
                &loc,
                format!(
                    "target is {}; a target must be above zero, since attainment is actual ÷ target",
                    show_plain(comp.target)
                ),
            );
        } else {
            c.range(&loc, "target", comp.target, zero, MAX_METRIC, show_plain);
        }
        check_curve(c, &loc, &comp.curve);
    }
    check_periods(c, plan);
    let sum: Decimal = plan.components.iter().map(|c| c.weight).sum();
    if !plan.has_periods() && !plan.components.is_empty() && sum != one {
        c.error(
            "weights-sum",
            "plan.components",
            format!(
                "the weights add up to {}, not 100%; every dollar of target variable must be assigned",
                pct_exact(sum)
            ),
        );
    }
    let mut spif_ids = BTreeSet::new();
    for (i, s) in plan.spifs.iter().enumerate() {
        let loc = format!("plan.spifs[{i}] ({})", escape_invisible(&s.id));
        if s.id.trim().is_empty() {
            c.error("empty-id", &loc, "the SPIF has no id".into());
        }
        c.id(&|| loc.clone(), &s.id);
        c.text(&|| loc.clone(), "the name", &s.name);
        if !spif_ids.insert(s.id.as_str()) {
            c.error(
                "duplicate-id",
                &loc,
                format!("the id `{}` is used by two SPIFs", s.id),
            );
        }
        c.range(&loc, "amount", s.amount, zero, MAX_PAY, show_money);
        c.cents(&|| loc.clone(), "amount", s.amount);
        if s.max_events.is_some_and(|m| m > MAX_EVENTS) {
            c.error(
                "out-of-range",
                &loc,
                format!("max_events must be at most {MAX_EVENTS}"),
            );
        }
    }
}

/// The most periods a plan year may have (months).
pub const MAX_PERIODS: usize = 12;

/// The periods, the as-of period, and every component's per-period values.
fn check_periods(c: &mut Check, plan: &Plan) {
    let zero = Decimal::ZERO;
    let one = Decimal::ONE;
    let names = || list_ids(plan.periods.iter().map(|p| p.id.as_str()));
    if !plan.has_periods() {
        if let Some(a) = &plan.as_of {
            c.error(
                "unknown-period",
                "plan.as_of",
                format!("names period `{a}`, but the plan has no periods"),
            );
        }
        for (i, comp) in plan.components.iter().enumerate() {
            let loc = format!("plan.components[{i}] ({})", escape_invisible(&comp.id));
            if comp.measured == Measure::Period
                || !comp.period_targets.is_empty()
                || !comp.period_weights.is_empty()
            {
                c.error(
                    "no-periods",
                    &loc,
                    "is measured per period (or has period targets or weights), but the plan has no periods; add `periods` to the plan".into(),
                );
            }
        }
        return;
    }
    if plan.periods.len() > MAX_PERIODS {
        c.error(
            "out-of-range",
            "plan.periods",
            format!(
                "the plan has {} periods; at most {MAX_PERIODS} (months) are allowed",
                plan.periods.len()
            ),
        );
    }
    let mut ids = BTreeSet::new();
    for (i, p) in plan.periods.iter().enumerate() {
        let loc = format!("plan.periods[{i}] ({})", escape_invisible(&p.id));
        if p.id.trim().is_empty() {
            c.error("empty-id", &loc, "the period has no id".into());
        }
        c.id(&|| loc.clone(), &p.id);
        c.text(&|| loc.clone(), "the name", &p.name);
        if !ids.insert(p.id.as_str()) {
            c.error(
                "duplicate-id",
                &loc,
                format!("the id `{}` is used by two periods", p.id),
            );
        }
        if p.length <= zero || p.length > one {
            c.error(
                "out-of-range",
                &loc,
                format!(
                    "length is {}, but it must be above 0% and at most 100%",
                    show_pct(p.length)
                ),
            );
        }
        if let Some(sh) = p.target_share {
            c.range(&loc, "target_share", sh, zero, one, show_pct);
        }
    }
    let lengths: Decimal = plan.periods.iter().map(|p| p.length).sum();
    if lengths != one {
        c.error(
            "period-shares",
            "plan.periods",
            format!(
                "the period lengths add up to {}, not 100%; the periods must cover the year",
                pct_exact(lengths)
            ),
        );
    }
    let shares: Decimal = plan.periods.iter().map(|p| p.share()).sum();
    if shares != one {
        c.error(
            "period-shares",
            "plan.periods",
            format!(
                "the periods' target shares add up to {}, not 100%; all of the target variable must be assigned to periods",
                pct_exact(shares)
            ),
        );
    }
    if let Some(a) = &plan.as_of
        && plan.period_index(a).is_none()
    {
        c.error(
            "unknown-period",
            "plan.as_of",
            format!(
                "names period `{a}`, but the plan's periods are: {}",
                names()
            ),
        );
    }
    for (i, comp) in plan.components.iter().enumerate() {
        let loc = format!("plan.components[{i}] ({})", escape_invisible(&comp.id));
        if comp.measured == Measure::Year
            && (!comp.period_targets.is_empty() || !comp.period_weights.is_empty())
        {
            c.error(
                "not-per-period",
                &loc,
                "has period targets or weights, but is measured for the year; write `measured: Period` or remove them".into(),
            );
        }
        for (pid, v) in &comp.period_targets {
            if plan.period_index(pid).is_none() {
                c.error(
                    "unknown-period",
                    &loc,
                    format!(
                        "period_targets names period `{pid}`, but the plan's periods are: {}",
                        names()
                    ),
                );
            }
            if *v <= zero {
                c.error(
                    "zero-target",
                    &loc,
                    format!(
                        "the target in {pid} is {}; a target must be above zero",
                        show_plain(*v)
                    ),
                );
            } else {
                c.range(
                    &loc,
                    &format!("the target in {pid}"),
                    *v,
                    zero,
                    MAX_METRIC,
                    show_plain,
                );
            }
        }
        for (pid, v) in &comp.period_weights {
            if plan.period_index(pid).is_none() {
                c.error(
                    "unknown-period",
                    &loc,
                    format!(
                        "period_weights names period `{pid}`, but the plan's periods are: {}",
                        names()
                    ),
                );
            }
            c.range(
                &loc,
                &format!("the weight in {pid}"),
                *v,
                zero,
                one,
                show_pct,
            );
        }
    }
    for (k, p) in plan.periods.iter().enumerate() {
        let sum: Decimal = plan.components.iter().map(|c| c.weight_in(&p.id)).sum();
        if !plan.components.is_empty() && sum != one {
            c.error(
                "weights-sum",
                format!("plan.periods[{k}] ({})", escape_invisible(&p.id)),
                format!(
                    "in {} the weights of the components that count add up to {}, not 100%; every dollar of the period's target variable must be assigned",
                    p.id,
                    pct_exact(sum)
                ),
            );
        }
    }
}

/// A CSM's per-period fields: their periods, results and SPIF events.
fn check_csm_periods(c: &mut Check, i: usize, csm: &Csm, plan: &Plan) {
    let loc = || format!("team[{i}] ({})", escape_invisible(&csm.id));
    if !plan.has_periods() {
        if csm.start.is_some() || csm.end.is_some() || !csm.periods.is_empty() {
            c.error(
                "no-periods",
                loc(),
                "has a start, an end or results by period, but the plan has no periods".into(),
            );
        }
        return;
    }
    let names = || list_ids(plan.periods.iter().map(|p| p.id.as_str()));
    let at = |what: &str, id: &Option<String>, c: &mut Check| -> Option<usize> {
        let id = id.as_deref()?;
        let ix = plan.period_index(id);
        if ix.is_none() {
            c.error(
                "unknown-period",
                loc(),
                format!(
                    "{what} names period `{id}`, but the plan's periods are: {}",
                    names()
                ),
            );
        }
        ix
    };
    let first = at("start", &csm.start, c);
    let last = at("end", &csm.end, c);
    if let (Some(f), Some(l)) = (first, last)
        && l < f
    {
        c.error(
            "out-of-range",
            loc(),
            format!(
                "ends in {} before starting in {}",
                plan.periods[l].id, plan.periods[f].id
            ),
        );
    }
    let employed = (first.unwrap_or(0), last.unwrap_or(plan.periods.len() - 1));
    for metric in csm.actuals.keys().chain(csm.targets.keys()) {
        if plan
            .component(metric)
            .is_some_and(|comp| comp.measured == Measure::Period)
        {
            c.error(
                "per-period-metric",
                loc(),
                format!(
                    "has a yearly value for `{metric}`, which is measured per period; put it under `periods`, e.g. periods: {{\"{}\": (actuals: {{\"{metric}\": ...}})}}",
                    plan.periods[0].id
                ),
            );
        }
    }
    if !csm.spifs.is_empty() {
        c.error(
            "per-period-spif",
            loc(),
            format!(
                "has SPIF events for the year, but the plan has periods; put them under `periods`, e.g. periods: {{\"{}\": (spifs: {{...}})}}",
                plan.periods[0].id
            ),
        );
    }
    for (pid, pv) in &csm.periods {
        let Some(p) = plan.period_index(pid) else {
            c.error(
                "unknown-period",
                loc(),
                format!(
                    "has results for period `{pid}`, but the plan's periods are: {}",
                    names()
                ),
            );
            continue;
        };
        let works = (employed.0..=employed.1).contains(&p);
        if !works && (pv.actuals.values().any(|_| true) || pv.spifs.values().any(|n| *n > 0)) {
            c.error(
                "not-employed",
                loc(),
                format!(
                    "has results in {pid}, but is employed only from {} to {}",
                    plan.periods[employed.0].id, plan.periods[employed.1].id
                ),
            );
        }
        for (metric, v) in pv.actuals.iter().chain(&pv.targets) {
            match plan.component(metric) {
                None => c.error(
                    "unknown-metric",
                    loc(),
                    format!(
                        "has a value in {pid} for `{metric}`, but the plan has no component with that id (it has: {})",
                        list_ids(plan.components.iter().map(|c| c.id.as_str()))
                    ),
                ),
                Some(comp) if comp.measured == Measure::Year => c.error(
                    "per-period-metric",
                    loc(),
                    format!(
                        "has a value in {pid} for `{metric}`, which is measured for the year; put it in `actuals` (or `targets`)"
                    ),
                ),
                Some(comp) if comp.weight_in(pid).is_zero() => c.error(
                    "inactive-metric",
                    loc(),
                    format!("has a value in {pid} for `{metric}`, which does not count in {pid} (its weight there is 0%)"),
                ),
                Some(_) => {}
            }
            if v.abs() > MAX_METRIC {
                c.range(
                    &loc(),
                    &format!("the value in {pid} for `{metric}`"),
                    *v,
                    -MAX_METRIC,
                    MAX_METRIC,
                    show_plain,
                );
            }
        }
        for (metric, v) in &pv.targets {
            if *v <= Decimal::ZERO {
                c.error(
                    "zero-target",
                    loc(),
                    format!(
                        "the target in {pid} for `{metric}` is {}; a target must be above zero",
                        show_plain(*v)
                    ),
                );
            }
        }
        for (metric, v) in &pv.actuals {
            if let Some(comp) = plan.component(metric) {
                let target = pv
                    .targets
                    .get(metric)
                    .copied()
                    .unwrap_or(comp.target_in(pid));
                // (The name is written only for a message: this runs for every value.)
                if implausible(*v, target) {
                    check_attainment(c, i, csm, &format!("{metric}` in `{pid}"), *v, target);
                }
            }
        }
        for (spif, n) in &pv.spifs {
            if !plan.spifs.iter().any(|s| &s.id == spif) {
                c.error(
                    "unknown-spif",
                    loc(),
                    format!(
                        "has events in {pid} for SPIF `{spif}`, but the plan has no SPIF with that id (it has: {})",
                        list_ids(plan.spifs.iter().map(|s| s.id.as_str()))
                    ),
                );
            }
            if *n > MAX_EVENTS {
                c.error(
                    "out-of-range",
                    loc(),
                    format!(
                        "{n} events in {pid} for `{spif}` is more than the limit of {MAX_EVENTS}"
                    ),
                );
            }
        }
    }
}

fn check_team(c: &mut Check, scn: &Scenario) {
    let zero = Decimal::ZERO;
    let plan = &scn.plan;
    let mut csm_ids: HashSet<&str, foldhash::fast::FixedState> = HashSet::default();
    // Large teams are checked on every load: the messages (and their locations) are only
    // written when something is wrong.
    let outside = |v: Decimal, min: Decimal, max: Decimal| v < min || v > max;
    for (i, csm) in scn.team.iter().enumerate() {
        let loc = || format!("team[{i}] ({})", escape_invisible(&csm.id));
        if csm.id.trim().is_empty() {
            c.error("empty-id", loc(), "the CSM has no id".into());
        }
        c.id(&loc, &csm.id);
        c.text(&loc, "the name", &csm.name);
        c.text(&loc, "the level", &csm.level);
        if !csm_ids.insert(csm.id.as_str()) {
            c.error(
                "duplicate-id",
                loc(),
                format!("the id `{}` is used by two CSMs", csm.id),
            );
        }
        c.cents(&loc, "ote", csm.ote);
        c.cents(&loc, "book_arr", csm.book_arr);
        if plan.has_periods() || csm.start.is_some() || csm.end.is_some() || !csm.periods.is_empty()
        {
            check_csm_periods(c, i, csm, plan);
        }
        if outside(csm.ote, zero, MAX_PAY) {
            c.range(&loc(), "ote", csm.ote, zero, MAX_PAY, show_money);
        }
        if outside(csm.book_arr, zero, MAX_MONEY) {
            c.range(
                &loc(),
                "book_arr",
                csm.book_arr,
                zero,
                MAX_MONEY,
                show_money,
            );
        }
        for (metric, v) in &csm.actuals {
            let comp = plan.component(metric);
            if let Some(comp) = comp {
                let target = csm.targets.get(metric).copied().unwrap_or(comp.target);
                check_attainment(c, i, csm, metric, *v, target);
            }
            if comp.is_none() {
                c.error(
                    "unknown-metric",
                    loc(),
                    format!(
                        "has an actual for `{metric}`, but the plan has no component with that id (it has: {})",
                        list_ids(plan.components.iter().map(|c| c.id.as_str()))
                    ),
                );
            }
            if outside(*v, -MAX_METRIC, MAX_METRIC) {
                c.range(
                    &loc(),
                    &format!("the actual for `{metric}`"),
                    *v,
                    -MAX_METRIC,
                    MAX_METRIC,
                    show_plain,
                );
            }
        }
        for (metric, v) in &csm.targets {
            if plan.component(metric).is_none() {
                c.error(
                    "unknown-metric",
                    loc(),
                    format!(
                        "has a target for `{metric}`, but the plan has no component with that id (it has: {})",
                        list_ids(plan.components.iter().map(|c| c.id.as_str()))
                    ),
                );
            }
            if *v <= zero {
                c.error(
                    "zero-target",
                    loc(),
                    format!(
                        "the target for `{metric}` is {}; a target must be above zero",
                        show_plain(*v)
                    ),
                );
            } else if outside(*v, zero, MAX_METRIC) {
                c.range(
                    &loc(),
                    &format!("the target for `{metric}`"),
                    *v,
                    zero,
                    MAX_METRIC,
                    show_plain,
                );
            }
        }
        for (spif, n) in &csm.spifs {
            if !plan.spifs.iter().any(|s| &s.id == spif) {
                c.error(
                    "unknown-spif",
                    loc(),
                    format!(
                        "has events for SPIF `{spif}`, but the plan has no SPIF with that id (it has: {})",
                        list_ids(plan.spifs.iter().map(|s| s.id.as_str()))
                    ),
                );
            }
            if *n > MAX_EVENTS {
                c.error(
                    "out-of-range",
                    loc(),
                    format!("{n} events for `{spif}` is more than the limit of {MAX_EVENTS}"),
                );
            }
        }
    }
}

fn list_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = ids.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn check_curve(c: &mut Check, loc: &str, curve: &Curve) {
    let zero = Decimal::ZERO;
    match curve {
        Curve::Tiered {
            threshold,
            tiers,
            cap,
        } => {
            c.range(loc, "threshold", *threshold, zero, MAX_SCALE, show_pct);
            if tiers.is_empty() {
                c.error(
                    "no-tiers",
                    loc,
                    "the tiered curve has no tiers, so it never pays".into(),
                );
            }
            for (j, t) in tiers.iter().enumerate() {
                c.range(
                    loc,
                    &format!("tier {} start", j + 1),
                    t.from,
                    zero,
                    MAX_SCALE,
                    show_pct,
                );
                c.range(
                    loc,
                    &format!("tier {} rate", j + 1),
                    t.rate,
                    zero,
                    MAX_RATE,
                    show_plain,
                );
                if j > 0 && t.from <= tiers[j - 1].from {
                    c.error(
                        "tier-order",
                        loc,
                        format!(
                            "tier {} starts at {}, which is not above tier {} at {}; list tiers from the lowest attainment up",
                            j + 1,
                            pct_exact(t.from),
                            j,
                            pct_exact(tiers[j - 1].from)
                        ),
                    );
                }
            }
            if let Some(cap) = cap {
                if *cap <= zero {
                    c.error(
                        "out-of-range",
                        loc,
                        format!(
                            "cap is {}; a cap must be above zero (leave it out for no cap)",
                            pct_exact(*cap)
                        ),
                    );
                } else {
                    c.range(loc, "cap", *cap, zero, MAX_RATE, show_pct);
                }
            }
        }
        Curve::Steps { steps } => {
            if steps.is_empty() {
                c.error(
                    "no-steps",
                    loc,
                    "the step curve has no steps, so it never pays".into(),
                );
            }
            for (j, s) in steps.iter().enumerate() {
                c.range(
                    loc,
                    &format!("step {} minimum", j + 1),
                    s.min,
                    zero,
                    MAX_SCALE,
                    show_pct,
                );
                c.range(
                    loc,
                    &format!("step {} factor", j + 1),
                    s.factor,
                    zero,
                    MAX_RATE,
                    show_plain,
                );
                if j > 0 && s.min <= steps[j - 1].min {
                    c.error(
                        "step-order",
                        loc,
                        format!(
                            "step {} starts at {}, which is not above step {} at {}; list steps from the lowest attainment up",
                            j + 1,
                            pct_exact(s.min),
                            j,
                            pct_exact(steps[j - 1].min)
                        ),
                    );
                }
                if j > 0 && s.factor < steps[j - 1].factor {
                    c.error(
                        "step-order",
                        loc,
                        format!(
                            "step {} pays {}× but step {} pays {}×; a higher step must not pay less",
                            j + 1,
                            show_plain(s.factor),
                            j,
                            show_plain(steps[j - 1].factor)
                        ),
                    );
                }
            }
        }
    }
}

/// Attainment (before the team-wide scale) below this or above [`PLAUSIBLE_MAX`] is
/// flagged by the `implausible-attainment` warning: 5%.
pub const PLAUSIBLE_MIN: Decimal = Decimal::from_parts(5, 0, 0, false, 2);
/// 500%.
pub const PLAUSIBLE_MAX: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
/// At most this many CSMs are named in one `implausible-attainment` warning.
pub const IMPLAUSIBLE_NAMED: usize = 10;

/// The attainment (before the scale) that `actual` gives against a positive `target` on
/// `comp`, when it is below [`PLAUSIBLE_MIN`] or above [`PLAUSIBLE_MAX`]: accepted, but
/// probably a unit slip (87 for 87%) or a typo. `None` when it is plausible.
pub fn implausible_attainment(
    comp: &Component,
    actual: Decimal,
    target: Decimal,
) -> Option<Decimal> {
    if target <= Decimal::ZERO {
        return None;
    }
    // Compared by multiplication: this runs for every actual on every plan change.
    let twenty = Decimal::from(20);
    let off = match comp.direction {
        // a = actual / target: a < 5% or a > 500%.
        Direction::HigherIsBetter => actual * twenty < target || actual > target * PLAUSIBLE_MAX,
        // a = max(0, 2 − actual / target), at most 200%: a < 5% when actual > 1.95 × target.
        Direction::LowerIsBetter => actual * twenty > target * Decimal::from(39),
    };
    if !off {
        return None;
    }
    let ratio = actual.checked_div(target)?;
    Some(match comp.direction {
        Direction::HigherIsBetter => ratio,
        Direction::LowerIsBetter => (Decimal::TWO - ratio).max(Decimal::ZERO),
    })
}

/// `a < b`, as `Decimal`'s own comparison says, in one 128-bit multiplication when both
/// mantissas fit in 64 bits (as metric values do); `Decimal::cmp` otherwise.
fn less(a: Decimal, b: Decimal) -> bool {
    let (sa, sb) = (a.scale(), b.scale());
    let (ma, mb) = (a.mantissa(), b.mantissa());
    if sa == sb {
        return ma < mb;
    }
    let fits = |m: i128| m.unsigned_abs() < 1 << 63;
    if sa.abs_diff(sb) <= 18 && fits(ma) && fits(mb) {
        let p = 10i128.pow(sa.abs_diff(sb));
        return if sa < sb { ma * p < mb } else { ma < mb * p };
    }
    a < b
}

/// The plausible actuals against `target` on `comp`: at least the first (if any) and at
/// most the second, exactly the actuals [`implausible_attainment`] lets pass.
fn plausible_bounds(comp: &Component, target: Decimal) -> (Option<Decimal>, Decimal) {
    match comp.direction {
        // 5% ≤ actual / target ≤ 500%.
        Direction::HigherIsBetter => (Some(target * PLAUSIBLE_MIN), target * PLAUSIBLE_MAX),
        // 2 − actual / target ≥ 5%: actual ≤ 1.95 × target.
        Direction::LowerIsBetter => (None, target * Decimal::new(195, 2)),
    }
}

/// The `implausible-attainment` warnings: per component, the CSMs whose projected actual
/// puts attainment below 5% or above 500% of their target (the first
/// [`IMPLAUSIBLE_NAMED`] named, with their attainment).
fn implausible_warnings(scn: &Scenario, eval: &Evaluation) -> Vec<Finding> {
    let plan = &scn.plan;
    // Which components can have an implausible actual at all: from the team's spread of
    // actuals (laid out once per team), so that a plan change looks at no CSM unless one is
    // off. Without a spread (an evaluation of another shape), every component is looked at.
    let suspect: Vec<bool> = plan
        .components
        .iter()
        .enumerate()
        .map(|(j, comp)| {
            let Some(sp) = eval.actual_spread.get(j) else {
                return true;
            };
            let (lo, hi) = plausible_bounds(comp, comp.target);
            let own = match comp.direction {
                Direction::HigherIsBetter => sp.own_off_higher,
                Direction::LowerIsBetter => sp.own_off_lower,
            };
            own || sp
                .on_plan_target
                .is_some_and(|(min, max)| lo.is_some_and(|lo| min < lo) || max > hi)
        })
        .collect();
    if !suspect.contains(&true) {
        return Vec::new();
    }
    let mut found: Vec<Vec<(usize, Decimal)>> = vec![Vec::new(); plan.components.len()];
    // This runs on every plan change in the app: against the plan's target (the usual
    // case) an actual is checked with two comparisons to bounds worked out once, and the
    // CSM's actuals (sorted by id) are matched to the components (sorted once) in one walk.
    let bounds: Vec<(Option<Decimal>, Decimal)> = plan
        .components
        .iter()
        .map(|c| plausible_bounds(c, c.target))
        .collect();
    let mut order: Vec<(&str, usize)> = plan
        .components
        .iter()
        .enumerate()
        .map(|(j, c)| (c.id.as_str(), j))
        .collect();
    order.sort_unstable();
    for (i, csm) in scn.team.iter().enumerate() {
        let mut k = 0;
        let mut own = csm.targets.iter().peekable();
        for (metric, actual) in &csm.actuals {
            let metric = metric.as_str();
            // Usually the keys are exactly the ids, in order: equality (which compares
            // lengths first) is then the only comparison.
            if order.get(k).is_none_or(|(id, _)| *id != metric) {
                while order.get(k).is_some_and(|(id, _)| *id < metric) {
                    k += 1;
                }
            }
            let Some(&(id, j)) = order.get(k) else { break };
            if id != metric {
                continue;
            }
            k += 1;
            if !suspect[j] {
                continue;
            }
            let comp = &plan.components[j];
            while own.peek().is_some_and(|(t, _)| t.as_str() < metric) {
                own.next();
            }
            let (lo, hi) = match own.peek() {
                Some((t, v)) if t.as_str() == metric => plausible_bounds(comp, **v),
                _ => bounds[j],
            };
            if lo.is_some_and(|lo| less(*actual, lo)) || less(hi, *actual) {
                let target = csm.targets.get(metric).copied().unwrap_or(comp.target);
                if let Some(a) = implausible_attainment(comp, *actual, target) {
                    found[j].push((i, a));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (j, hits) in found.iter().enumerate() {
        let Some(comp) = plan.components.get(j) else {
            continue;
        };
        if hits.is_empty() {
            continue;
        }
        let mut named: Vec<String> = hits
            .iter()
            .take(IMPLAUSIBLE_NAMED)
            .filter_map(|(i, a)| {
                let csm = scn.team.get(*i)?;
                Some(format!("{} ({})", escape_invisible(&csm.id), pct(*a, 1)))
            })
            .collect();
        if hits.len() > IMPLAUSIBLE_NAMED {
            named.push(format!("and {} more", hits.len() - IMPLAUSIBLE_NAMED));
        }
        out.push(Finding {
            severity: Severity::Warning,
            code: "implausible-attainment",
            location: format!("plan.components[{j}] ({})", escape_invisible(&comp.id)),
            message: format!(
                "{} of {} CSMs have an actual for {} that puts their attainment below 5% or above 500% of target, which is more often a unit slip (87 for 87%) or a typo than a real projection: {}",
                hits.len(),
                scn.team.len(),
                comp.name,
                named.join(", ")
            ),
        });
    }
    out
}

/// The guardrails of a good CSM plan, as warnings. `eval` must be the scenario's evaluation.
pub fn guardrails(scn: &Scenario, eval: &Evaluation) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut warn = |code: &'static str, location: String, message: String| {
        out.push(Finding {
            severity: Severity::Warning,
            code,
            location,
            message,
        })
    };
    let plan = &scn.plan;
    let low = Decimal::new(20, 2);
    let high = Decimal::new(30, 2);
    let half = Decimal::new(50, 2);
    let mut mixes = vec![("plan.mix".to_string(), "the plan", &plan.mix)];
    for (level, mix) in &plan.level_mix {
        mixes.push((format!("plan.level_mix[{level:?}]"), level.as_str(), mix));
    }
    for (loc, who, mix) in mixes {
        let v = mix.variable_share;
        if v < low || v > high {
            let why = if v > high {
                match mix.basis {
                    Basis::OteSplit => {
                        "this much pay at risk reads as a threat and pushes CSMs toward selling over helping"
                    }
                    Basis::BonusOnTop => "a bonus this large makes the role behave like sales",
                }
            } else {
                "so little variable pay barely steers behaviour"
            };
            warn(
                "variable-share",
                loc,
                format!(
                    "variable share for {who} is {}, outside the usual 20–30% of OTE: {why}",
                    pct_exact(v)
                ),
            );
        }
    }
    let outcome: Decimal = plan
        .components
        .iter()
        .filter(|c| c.kind.is_outcome())
        .map(|c| c.weight)
        .sum();
    if outcome > half {
        warn(
            "outcome-heavy",
            "plan.components".into(),
            format!(
                "retention, churn, NRR and adoption carry {} of the variable pay; they depend largely on the customer, so keep them at or below 50% and pay the rest on what the CSM controls",
                pct_exact(outcome)
            ),
        );
    }
    let expansion: Decimal = plan
        .components
        .iter()
        .filter(|c| c.kind == MetricKind::Expansion)
        .map(|c| c.weight)
        .sum();
    if expansion > half {
        warn(
            "expansion-heavy",
            "plan.components".into(),
            format!(
                "expansion carries {} of the variable pay; expansion-led plans push CSMs to sell upgrades to customers who are not ready while struggling accounts are neglected",
                pct_exact(expansion)
            ),
        );
    }
    let n = scn.team.len();
    for (i, comp) in plan.components.iter().enumerate() {
        let loc = format!("plan.components[{i}] ({})", escape_invisible(&comp.id));
        if comp.curve.has_accelerator() && comp.curve.max_factor().is_none() {
            warn(
                "uncapped-accelerator",
                loc.clone(),
                format!(
                    "{} has an accelerator but no cap: one outlier (a single large deal) can pay far beyond plan",
                    comp.name
                ),
            );
        }
        let threshold = comp.curve.threshold();
        let below = eval.below_threshold.get(i).copied().unwrap_or(0);
        if n > 0 && threshold > Decimal::ZERO && below * 2 > n {
            warn(
                "threshold-zero",
                loc.clone(),
                format!(
                    "{below} of {n} CSMs are below the {} threshold of {} and earn nothing on it; a bar most cannot reach stops motivating{}",
                    pct_exact(threshold),
                    comp.name,
                    assumed_note(plan, eval, i)
                ),
            );
        }
        let missing = eval.missing_actuals.get(i).copied().unwrap_or(0);
        if missing > 0 {
            // A closed period's result is never assumed: the past is not a what-if.
            warn(
                "missing-actual",
                loc,
                format!(
                    "{missing} of {n} CSMs have no actual result for {} in a closed period; they are counted at 0% attainment there",
                    comp.name
                ),
            );
        }
    }
    // Missing projections: one warning for the team, naming what is missing, so that what
    // is missing data is never read as a fault of the plan.
    if eval.assumed_csms > 0 {
        let k = eval.assumed_csms;
        let rule = plan.missing_projections.words();
        let what: Vec<String> = plan
            .components
            .iter()
            .zip(&eval.assumed)
            .filter(|(_, m)| **m > 0)
            .map(|(c, m)| format!("{} {}", c.name, crate::num::count(*m as u64)))
            .collect();
        let every = eval.assumed.iter().all(|m| *m == n);
        let message = if every && k == n {
            format!(
                "{} have no projections; they are counted {rule}. Import actuals or projections to see real pay",
                csms_word(k)
            )
        } else {
            format!(
                "{} of {n} CSMs have no projection for some metrics ({}); they are counted {rule} there. Import actuals or projections to see real pay",
                crate::num::count(k as u64),
                what.join(", ")
            )
        };
        warn("missing-projection", "team".into(), message);
    }
    if n > 0 && plan.mix.basis == Basis::OteSplit && eval.team.downside_pct < Decimal::new(70, 2) {
        warn(
            "deep-downside",
            "plan.mix".into(),
            format!(
                "in the worst case a CSM is paid {} of market OTE; consider paying the market salary with a bonus on top",
                pct(eval.team.downside_pct, 1)
            ),
        );
    }
    // Curves that break the promise of target pay.
    for (i, comp) in plan.components.iter().enumerate() {
        let loc = format!("plan.components[{i}] ({})", comp.id);
        let at_target = comp.curve.factor_at(Decimal::ONE);
        let ceiling = comp.curve.max_factor();
        let threshold = comp.curve.threshold();
        if ceiling.is_some_and(|c| c < Decimal::ONE) {
            warn(
                "cap-below-target",
                loc.clone(),
                format!(
                    "{} pays at most {} of its target: even a CSM far above target never earns the target variable this metric promises",
                    comp.name,
                    pct_exact(ceiling.unwrap_or_default())
                ),
            );
        } else if at_target < Decimal::ONE && threshold <= Decimal::ONE {
            // (A threshold above target has its own warning below.)
            warn(
                "below-target-pay",
                loc.clone(),
                format!(
                    "{} pays {} of its target at 100% attainment: a CSM exactly on target earns less than the target variable",
                    comp.name,
                    pct_exact(at_target)
                ),
            );
        }
        if threshold >= Decimal::ONE {
            warn(
                "threshold-at-target",
                loc,
                format!(
                    "{} pays nothing below {} attainment, at or above target: a CSM who just misses target earns nothing on it",
                    comp.name,
                    pct_exact(threshold)
                ),
            );
        }
    }
    out.extend(implausible_warnings(scn, eval));
    out
}

/// "1 CSM" / "24 CSMs".
fn csms_word(k: usize) -> String {
    if k == 1 {
        "1 CSM".into()
    } else {
        format!("{} CSMs", crate::num::count(k as u64))
    }
}

/// For a warning that rests on attainment: how many of the CSMs it counts have no
/// projection for component `i` and are counted at 0% by the plan's rule ("" when none).
fn assumed_note(plan: &Plan, eval: &Evaluation, i: usize) -> String {
    let m = eval.assumed.get(i).copied().unwrap_or(0);
    if m == 0 || plan.missing_projections != crate::engine::MissingProjection::AtZero {
        return String::new();
    }
    format!(
        " (this rests on missing data: {} no projection and counted at 0%)",
        if m == 1 {
            "1 CSM has".to_string()
        } else {
            format!("{} CSMs have", crate::num::count(m as u64))
        }
    )
}
