//! The plan in plain words: percentages, values in their unit, payout rules, which way
//! a metric counts, and how base and variable pay relate to OTE.

use super::*;

/// A fraction as a short percentage: one decimal at most, no trailing zeros (`103%`,
/// `104.5%`, `133.3%`).
pub(super) fn pc(v: Decimal) -> String {
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
pub(super) fn join_and(parts: &[String]) -> String {
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
            mode: TierMode::Flat,
        } => flat_rule(curve, *threshold, tiers, *cap),
        Curve::Points { points, above } => points_rule(points, *above),
        Curve::Tiered {
            threshold,
            tiers,
            cap,
            ..
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

/// A flat tiered curve in words: the rate of the tier reached on all of the attainment.
fn flat_rule(
    curve: &Curve,
    threshold: Decimal,
    tiers: &[crate::engine::Tier],
    cap: Option<Decimal>,
) -> String {
    if tiers.is_empty() {
        return "This never pays: it has no tiers.".into();
    }
    let start = threshold.max(tiers[0].from);
    let mut s = if start > Decimal::ZERO {
        format!("Below {} of target this pays nothing. ", pc(start))
    } else {
        String::new()
    };
    s += "Flat tiers: the rate of the highest tier reached applies to all of the attainment, not slice by slice: ";
    let parts: Vec<String> = tiers
        .iter()
        .enumerate()
        .filter(|(i, _)| tiers.get(i + 1).is_none_or(|n| n.from > start))
        .map(|(_, t)| {
            let from = t.from.max(start);
            format!(
                "{}× attainment from {} of target ({} of its target variable pay there)",
                plain(t.rate),
                pc(from),
                pc(curve.factor_at(from))
            )
        })
        .collect();
    s += &join_and(&parts);
    match cap {
        Some(c) => {
            s += &format!(", up to {} of its target variable pay", pc(c));
            if let Some(a) = curve.attainment_for(c) {
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

/// A curve drawn by points in words.
fn points_rule(points: &[crate::engine::Point], above: Beyond) -> String {
    let Some(first) = points.first() else {
        return "This never pays: it has no points.".into();
    };
    let mut s = if first.at > Decimal::ZERO {
        format!(
            "Below {} of target this pays nothing; it pays ",
            pc(first.at)
        )
    } else {
        "It pays ".to_string()
    };
    let parts: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i == 0 {
                format!(
                    "{} of its target variable pay at {} of target",
                    pc(p.pays),
                    pc(p.at)
                )
            } else {
                format!("{} at {}", pc(p.pays), pc(p.at))
            }
        })
        .collect();
    s += &join_and(&parts);
    if points.len() > 1 {
        s += ", on a straight line between neighbouring points";
    }
    let last = &points[points.len() - 1];
    match (above, points) {
        (Beyond::Extend, [.., a, b]) => {
            let per = (b.pays - a.pays) / (b.at - a.at);
            s += &format!(
                "; above {} of target the last line goes on ({}% of its target variable pay per 1% of target)",
                pc(last.at),
                plain(per.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
            );
            if b.pays > a.pays {
                s += ", with no cap";
            }
        }
        _ => {
            s += &format!(
                "; above {} of target it stays at {}",
                pc(last.at),
                pc(last.pays)
            );
        }
    }
    s.push('.');
    s
}

/// How attainment is measured, in words, with the CSM's own target.
pub(super) fn direction_text(comp: &Component, target: Decimal) -> String {
    direction_words(comp, target, &|v| in_unit(comp.unit, v))
}

/// [`direction_text`] with values written by `u`.
pub(super) fn direction_words(
    comp: &Component,
    target: Decimal,
    u: &dyn Fn(Decimal) -> String,
) -> String {
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
pub(super) fn basis_parts(
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

/// The sentence naming the plan's attainment assumptions per metric, when it has any:
/// "Your projections below also include the plan's attainment assumptions: Expansion ARR
/// 80% (every projected attainment on it multiplied by 0.8)."
pub fn metric_assumptions_text(scn: &crate::engine::Scenario, periods: bool) -> Option<String> {
    let parts: Vec<String> = scn
        .plan
        .components
        .iter()
        .filter_map(|c| {
            let m = scn.assumptions.metric_scale(c);
            (m != Decimal::ONE).then(|| {
                format!(
                    "{} {} (every {}attainment on it multiplied by {})",
                    crate::text::escape_invisible(&c.name),
                    pct_exact(m),
                    if periods { "projected " } else { "" },
                    crate::num::plain(m)
                )
            })
        })
        .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "Your projections below also include the plan's attainment assumptions: {}.",
            parts.join("; ")
        )
    })
}

/// The pay-mix sentences of a CSM whose mix changes during the year: the mix in each part
/// of the year, and the year's base and target variable under them.
pub(super) fn mix_change_parts(
    segments: &[(String, crate::engine::PayMix)],
    base: Decimal,
    tv: Decimal,
    money: &dyn Fn(Decimal) -> String,
) -> (String, String) {
    let parts: Vec<String> = segments
        .iter()
        .map(|(span, m)| match m.basis {
            Basis::OteSplit => format!(
                "{} base salary, {} variable pay in {span}",
                pct_exact(Decimal::ONE - m.variable_share),
                pct_exact(m.variable_share)
            ),
            Basis::BonusOnTop => format!(
                "your full OTE as base salary plus variable pay of {} of OTE in {span}",
                pct_exact(m.variable_share)
            ),
        })
        .collect();
    (
        format!(
            "Your pay mix changes during the year: {}.",
            parts.join("; ")
        ),
        format!(
            "Each period's base salary and target variable pay are its part of the annual amounts under the mix in force in it: your base salary for the year is {} and your target variable pay {}, earned through the metrics below. If every metric comes in at exactly 100% of its target, you earn {}.",
            money(base),
            money(tv),
            money(base + tv)
        ),
    )
}

/// The pay-mix sentence: "**OTE split: 80% base salary, 20% variable pay.**" and what it means.
pub(super) fn basis_text(
    basis: Basis,
    share: Decimal,
    ote: Decimal,
    base: Decimal,
    tv: Decimal,
) -> String {
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

/// A component's gates in words: "Gate: pays only when Gross revenue retention is at least
/// 90%."
pub fn gate_rule(plan: &Plan, comp: &Component) -> Option<String> {
    if comp.gates.is_empty() {
        return None;
    }
    let parts: Vec<String> = comp
        .gates
        .iter()
        .map(|g| {
            let (level, at_least) = g.level();
            let m = crate::engine::gates::gating_component(plan, g)
                .and_then(|m| plan.components.get(m));
            format!(
                "{} is {} {}",
                m.map_or(g.metric.as_str(), |m| m.name.as_str()),
                if at_least { "at least" } else { "at most" },
                m.map_or_else(|| plain(level), |m| in_unit(m.unit, level))
            )
        })
        .collect();
    Some(format!("Gate: pays only when {}.", join_and(&parts)))
}

/// Whether a CSM's gate on an annual component is shut, in words ("Gated: your Gross
/// revenue retention is 87%, below 90%, so this metric pays nothing."); `None` when it
/// pays.
pub fn gate_state(scn: &Scenario, comp: &Component, csm: &Csm) -> Option<String> {
    let (gm, v, level, at_least) = shut_gate(scn, comp, csm)?;
    Some(format!(
        "Gated: your {} is {}, {} {}, so this metric pays nothing.",
        gm.name,
        result_text(gm, v),
        if at_least { "below" } else { "above" },
        in_unit(gm.unit, level)
    ))
}

/// A shut gate in a few words, for the app's breakdown: "gated: grr 87% < 90%".
pub fn gate_brief(scn: &Scenario, comp: &Component, csm: &Csm) -> Option<String> {
    let (gm, v, level, at_least) = shut_gate(scn, comp, csm)?;
    Some(format!(
        "{} gated: {} {} {} {}",
        comp.name,
        gm.id,
        result_text(gm, v),
        if at_least { "<" } else { ">" },
        in_unit(gm.unit, level)
    ))
}

/// The first shut gate of an annual component for a CSM: the gating metric, the result it
/// saw, the level and whether it must be at least the level. The engine's own rule
/// decides, on the CSM alone (with the team's results of team metrics).
fn shut_gate<'a>(
    scn: &'a Scenario,
    comp: &Component,
    csm: &Csm,
) -> Option<(&'a Component, Decimal, Decimal, bool)> {
    let plan = &scn.plan;
    // A per-period component's gates are checked period by period (see the pay by period).
    if comp.measured == Measure::Period || comp.gates.is_empty() {
        return None;
    }
    let k = plan.components.iter().position(|c| std::ptr::eq(c, comp))?;
    let mut one = scn.clone_plan_only();
    one.team_results = crate::engine::team_metrics::filled(scn);
    one.team.push(csm.clone());
    let shape = Shape::of(&one.plan);
    let inputs = crate::engine::eval::TeamInputs::new(&one);
    let gates = crate::engine::gates::resolve(&one.plan, &shape);
    let j = shape
        .slots
        .iter()
        .position(|s| s.component == k && s.period.is_none())?;
    let scales = crate::engine::eval::metric_scales(&one);
    let scale = one.assumptions.attainment_scale;
    let (g, v) = crate::engine::eval::closed_gate(&gates, &shape, &inputs, &scales, 0, j, scale)?;
    let gm = plan.components.get(shape.slots[g.slot].component)?;
    Some((gm, v, g.level, g.at_least))
}

/// A modifier in words: "Modifier: multiplies the pay of every other metric by its factor,
/// kept between 90% and 110%."
pub fn modifier_rule(plan: &Plan, comp: &Component) -> Option<String> {
    let m = comp.modifier.as_ref()?;
    let k = plan.components.iter().position(|c| std::ptr::eq(c, comp))?;
    let names: Vec<String> = crate::engine::gates::modified_by(plan, k)
        .into_iter()
        .map(|j| plan.components[j].name.clone())
        .collect();
    let what = if m.metrics.is_empty() {
        "every other metric".to_string()
    } else {
        join_and(&names)
    };
    Some(format!(
        "Modifier: pays nothing on its own; its factor multiplies the pay of {what}, kept between {} and {}.",
        pc(m.min),
        pc(m.max)
    ))
}

/// A metric's result as a statement shows it: in its unit, and a rate worked out from ARR
/// (kept to ten decimal places) to a hundredth of a percent.
pub fn result_text(comp: &Component, v: Decimal) -> String {
    if comp.from_arr.is_some() && comp.unit == Unit::Percent {
        let p = (v * Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        return format!("{}%", plain(p));
    }
    in_unit(comp.unit, v)
}

/// Whose result a metric pays on, and how a rate is worked out from ARR, in words (none for
/// a CSM's own typed result). `period` names the period of a per-period metric's result.
pub fn source_words(comp: &Component, csm: &Csm, period: Option<&str>) -> Vec<String> {
    use crate::engine::Scope;
    let mut out = Vec::new();
    let over = match period {
        None => "the plan year".to_string(),
        Some(p) => p.to_string(),
    };
    match comp.scope {
        Scope::Csm => {}
        Scope::Team => out.push(
            "Team metric: paid on the whole team's result, so every CSM on the team has the same attainment.".into(),
        ),
        Scope::Level => out.push(format!(
            "Level metric: paid on the result of the {} level as a whole, the same for every CSM at that level.",
            csm.level
        )),
    }
    let Some(rate) = comp.from_arr else {
        return out;
    };
    if comp.scope.is_shared() {
        out.push(format!(
            "{} worked out from the ARR movements over {over} (where no result is entered): {}.",
            rate.label(),
            rate.formula()
        ));
        return out;
    }
    let (movement, actual) = match period {
        None => (csm.arr.as_ref(), csm.actuals.get(&comp.id)),
        Some(p) => {
            let pv = csm.periods.get(p);
            (
                pv.and_then(|v| v.arr.as_ref()),
                pv.and_then(|v| v.actuals.get(&comp.id)),
            )
        }
    };
    if let (Some(m), Some(a)) = (movement, actual)
        && rate.of(m) == Some(*a)
    {
        let mut sum = money(m.start);
        if rate == crate::engine::ArrRate::Nrr {
            sum += &format!(" + expansion {}", money(m.expansion));
        }
        sum += &format!(
            " − contraction {} − churn {}",
            money(m.contraction),
            money(m.churn)
        );
        out.push(format!(
            "{} worked out from your book's ARR over {over}: (starting ARR {sum}) ÷ {} = {}.",
            rate.label(),
            money(m.start),
            pct_exact(*a)
        ));
    }
    out
}
