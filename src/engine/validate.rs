//! Errors that make a scenario impossible to compute: they block evaluation. The checks of
//! plan periods are in `validate/periods.rs`, of payout curves in `validate/curves.rs`; the
//! guardrail warnings that make a plan questionable (never blocking) are in `guardrails.rs`.

use super::eval::TeamInputs;
use super::model::{Beyond, Csm, Curve, Measure, Plan, Scenario, TierMode};
use crate::num::{money_exact, pct_exact};
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
    team::check_team_metrics(&mut c, scn);
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
    // The inputs are laid out per slot (a metric in a period, a plan version's part of the
    // year): each slot's widest actual against the target of that slot.
    let shape = super::shape::Shape::of(plan);
    if inputs.ids_match(&shape) {
        for (j, (slot, flat)) in shape.slots.iter().zip(&shape.flat.components).enumerate() {
            if let Some((i, actual)) = inputs.widest_on_plan_target(j)
                && let Some(csm) = team.get(i)
                && let Some(comp) = plan.components.get(slot.component)
            {
                check_attainment(&mut c, i, csm, &comp.id, actual, flat.target);
            }
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

/// The first problem of the plan `after` that `before` did not have (same code, same
/// place): what an edit brings. A plan opened with problems the editor can fix (weights not
/// at 100%) can still be edited until they are gone.
pub fn new_plan_problem(before: &Scenario, after: &Scenario) -> Option<Finding> {
    let existing = validate_plan(before);
    validate_plan(after).into_iter().find(|p| {
        !existing
            .iter()
            .any(|e| e.code == p.code && e.location == p.location)
    })
}

pub fn validate_plan(scn: &Scenario) -> Vec<Finding> {
    let mut c = Check { out: Vec::new() };
    check_plan(&mut c, scn);
    c.out
}

/// A component's gates: each names another metric of the plan (by id or name), gives one
/// level (`at_least` or `at_most`) in that metric's unit, and an annual component is gated
/// only by annual metrics (a per-period result has no one value for the year).
fn check_gates(c: &mut Check, loc: &str, plan: &Plan, comp: &super::model::Component) {
    for (k, g) in comp.gates.iter().enumerate() {
        let what = format!("gate {}", k + 1);
        let Some(m) = super::gates::gating_component(plan, g) else {
            let ids: Vec<&str> = plan.components.iter().map(|c| c.id.as_str()).collect();
            c.error(
                "unknown-metric",
                loc,
                format!(
                    "{what} looks at `{}`, which is not a metric of the plan; its metrics are: {}",
                    escape_invisible(&g.metric),
                    ids.join(", ")
                ),
            );
            continue;
        };
        match (g.at_least, g.at_most) {
            (Some(_), Some(_)) | (None, None) => c.error(
                "bad-gate",
                loc,
                format!("{what} needs exactly one level: `at_least` or `at_most`"),
            ),
            (Some(v), None) | (None, Some(v)) => c.range(
                loc,
                &format!("{what} level"),
                v,
                Decimal::ZERO,
                MAX_METRIC,
                show_plain,
            ),
        }
        let gating = &plan.components[m];
        if comp.measured == Measure::Year && gating.measured == Measure::Period {
            c.error(
                "bad-gate",
                loc,
                format!(
                    "{what} looks at {}, which is measured per period, but {} is paid on the year: gate an annual metric on an annual one",
                    gating.name, comp.name
                ),
            );
        }
    }
}

/// A modifier: weight 0% (it pays through the metrics it multiplies), bounds in order,
/// metrics that exist, are not modifiers, and are measured as it is.
fn check_modifier(c: &mut Check, loc: &str, plan: &Plan, comp: &super::model::Component) {
    let Some(m) = &comp.modifier else {
        return;
    };
    if !comp.weight.is_zero() {
        c.error(
            "bad-modifier",
            loc,
            format!(
                "{} is a modifier, so its weight must be 0% (it is {}): it pays through the metrics it multiplies",
                comp.name,
                pct_exact(comp.weight)
            ),
        );
    }
    if !comp.gates.is_empty() {
        c.error(
            "bad-modifier",
            loc,
            format!(
                "{} is a modifier and pays nothing itself, so it cannot have a gate: gate the metrics it multiplies",
                comp.name
            ),
        );
    }
    c.range(
        loc,
        "modifier min",
        m.min,
        Decimal::ZERO,
        MAX_RATE,
        show_pct,
    );
    c.range(
        loc,
        "modifier max",
        m.max,
        Decimal::ZERO,
        MAX_RATE,
        show_pct,
    );
    if m.min > m.max {
        c.error(
            "bad-modifier",
            loc,
            format!(
                "the modifier's min {} is above its max {}",
                pct_exact(m.min),
                pct_exact(m.max)
            ),
        );
    }
    for name in &m.metrics {
        let found = plan.components.iter().find(|x| {
            x.id == *name
                || crate::text::same_name(name, &x.id)
                || crate::text::same_name(name, &x.name)
        });
        match found {
            None => {
                let ids: Vec<&str> = plan.components.iter().map(|c| c.id.as_str()).collect();
                c.error(
                    "unknown-metric",
                    loc,
                    format!(
                        "the modifier multiplies `{}`, which is not a metric of the plan; its metrics are: {}",
                        escape_invisible(name),
                        ids.join(", ")
                    ),
                );
            }
            Some(x) if x.modifier.is_some() => c.error(
                "bad-modifier",
                loc,
                format!(
                    "the modifier multiplies {}, which is a modifier itself",
                    x.name
                ),
            ),
            Some(_) => {}
        }
    }
    let idx = plan.components.iter().position(|x| std::ptr::eq(x, comp));
    for k in idx
        .map(|i| super::gates::modified_by(plan, i))
        .unwrap_or_default()
    {
        let x = &plan.components[k];
        if x.measured != comp.measured {
            c.error(
                "bad-modifier",
                loc,
                format!(
                    "the modifier {} is measured {}, but {} is measured {}: a modifier multiplies metrics measured as it is",
                    comp.name,
                    if comp.measured == Measure::Period { "per period" } else { "for the year" },
                    x.name,
                    if x.measured == Measure::Period { "per period" } else { "for the year" },
                ),
            );
        }
    }
}

fn check_plan(c: &mut Check, scn: &Scenario) {
    let zero = Decimal::ZERO;
    let one = Decimal::ONE;
    let a = &scn.assumptions;
    check_plan_info(c, &scn.plan);
    if let Some(r) = scn.plan.review_above {
        c.range("plan", "review_above", r, one, MAX_RATE, show_pct);
    }
    c.range(
        "assumptions",
        "attainment_scale",
        a.attainment_scale,
        zero,
        MAX_SCALE,
        show_pct,
    );
    for (m, v) in &a.attainment_by_metric {
        let loc = "assumptions.attainment_by_metric";
        c.range(
            loc,
            &format!("the attainment of `{m}`"),
            *v,
            zero,
            MAX_SCALE,
            show_pct,
        );
        let named = |comp: &crate::engine::Component| {
            &comp.id == m
                || crate::text::same_name(&comp.id, m)
                || crate::text::same_name(&comp.name, m)
        };
        if !scn.plan.components.iter().any(named) {
            c.error(
                "unknown-metric",
                loc,
                format!(
                    "`{m}` is not a metric of the plan; its metrics are {}",
                    scn.plan
                        .components
                        .iter()
                        .map(|c| format!("`{}`", c.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
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
        for (m, v) in &r.skews {
            c.range(
                loc,
                &format!("skew of `{m}`"),
                *v,
                Decimal::new(-99, 2),
                Decimal::new(99, 2),
                |d| d.normalize().to_string(),
            );
            if !scn.plan.components.iter().any(|comp| &comp.id == m) {
                c.error(
                    "unknown-metric",
                    loc,
                    format!("skews names `{m}`, which is not a metric of the plan"),
                );
            }
        }
        for (level, spreads) in &r.level_spreads {
            for (m, v) in &spreads.0 {
                c.range(
                    loc,
                    &format!("spread of `{m}` for {level}"),
                    *v,
                    zero,
                    Decimal::TWO,
                    show_pct,
                );
                if !scn.plan.components.iter().any(|comp| &comp.id == m) {
                    c.error(
                        "unknown-metric",
                        loc,
                        format!(
                            "level_spreads of {level} names `{m}`, which is not a metric of the plan"
                        ),
                    );
                }
            }
        }
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
        check_gates(c, &loc, plan, comp);
        check_modifier(c, &loc, plan, comp);
    }
    check_periods(c, plan);
    changes::check_changes(c, scn);
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

fn check_team(c: &mut Check, scn: &Scenario) {
    let zero = Decimal::ZERO;
    let plan = &scn.plan;
    let mut csm_ids: HashSet<&str, foldhash::fast::FixedState> = HashSet::default();
    // Large teams are checked on every load: the messages (and their locations) are only
    // written when something is wrong.
    let outside = |v: Decimal, min: Decimal, max: Decimal| v < min || v > max;
    let versions = match plan.changes.is_empty() {
        true => None,
        false => crate::engine::versions::Versions::of(plan).ok(),
    };
    let in_force = |p: usize| versions.as_ref().map(|v| &v.plans[v.at(p)]);
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
            check_csm_periods(c, i, csm, plan, &in_force);
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
            if !plan.spifs.iter().any(|s| s.id == spif) {
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

mod curves;
mod periods;
mod team;
use curves::check_curve;
pub use periods::MAX_PERIODS;
use periods::{check_csm_periods, check_periods};
mod changes;
