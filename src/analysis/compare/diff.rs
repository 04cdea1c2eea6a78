//! The differences between two scenarios' plans, team and assumptions, in words
//! ("variable share 20% → 30%", "grr cap 150% → none").
//!
//! Components, SPIFs and levels are matched by id (or level name), so a reordered list is
//! no change. Labels use the ids people see in the file.

use crate::engine::versions::Versions;
use crate::engine::{
    Basis, Beyond, Component, Csm, Curve, Direction, Measure, PayMix, Plan, Scenario, Spif,
    TierMode, Unit,
};
use crate::num::{money, money_whole, pct_exact, plain};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};

/// How many CSM ids a sentence lists before saying "and N more".
const LIST_AT_MOST: usize = 5;

/// Dollars, with cents only when there are any: `$500`, `$512.50`.
pub fn dollars(v: Decimal) -> String {
    if v.fract().is_zero() {
        money_whole(v)
    } else {
        money(v)
    }
}

fn rate(v: Decimal) -> String {
    format!("{}×", plain(v))
}

fn basis(b: Basis) -> &'static str {
    b.label()
}

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::HigherIsBetter => "higher is better",
        Direction::LowerIsBetter => "lower is better",
    }
}

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "percent",
        Unit::Money => "money",
        Unit::Count => "count",
    }
}

/// A metric value in its unit: `90%`, `$100,000`, `40`.
fn in_unit(u: Unit, v: Decimal) -> String {
    match u {
        Unit::Percent => pct_exact(v),
        Unit::Money => dollars(v),
        Unit::Count => plain(v),
    }
}

fn mix(m: &PayMix) -> String {
    format!("{} {}", pct_exact(m.variable_share), basis(m.basis))
}

fn tiers(c: &Curve) -> String {
    match c {
        Curve::Tiered { tiers, .. } => {
            let parts: Vec<String> = tiers
                .iter()
                .map(|t| format!("{}: {}", pct_exact(t.from), rate(t.rate)))
                .collect();
            format!("[{}]", parts.join(", "))
        }
        Curve::Steps { steps } => {
            let parts: Vec<String> = steps
                .iter()
                .map(|s| format!("{}: {}", pct_exact(s.min), rate(s.factor)))
                .collect();
            format!("[{}]", parts.join(", "))
        }
        Curve::Points { points, .. } => {
            let parts: Vec<String> = points
                .iter()
                .map(|p| format!("{} pays {}", pct_exact(p.at), pct_exact(p.pays)))
                .collect();
            format!("[{}]", parts.join(", "))
        }
    }
}

fn tier_mode(m: TierMode) -> &'static str {
    match m {
        TierMode::Marginal => "marginal",
        TierMode::Flat => "flat",
    }
}

fn beyond(b: Beyond) -> &'static str {
    match b {
        Beyond::Flat => "flat above the last point",
        Beyond::Extend => "the last line goes on",
    }
}

fn cap(c: Option<Decimal>) -> String {
    c.map_or_else(|| "none".into(), pct_exact)
}

/// The whole curve in words, for a change of curve type.
fn curve(c: &Curve) -> String {
    match c {
        Curve::Tiered {
            threshold,
            cap: k,
            mode,
            ..
        } => format!(
            "tiered (threshold {}, tiers {}{}, cap {})",
            pct_exact(*threshold),
            tiers(c),
            if mode.is_marginal() { "" } else { " flat" },
            cap(*k)
        ),
        Curve::Steps { .. } => format!("steps {}", tiers(c)),
        Curve::Points { above, .. } => format!("points {} ({})", tiers(c), beyond(*above)),
    }
}

fn from_to(out: &mut Vec<String>, what: &str, a: String, b: String) {
    if a != b {
        out.push(format!("{what} {a} → {b}"));
    }
}

fn component_changes(out: &mut Vec<String>, a: &Component, b: &Component) {
    let id = &b.id;
    from_to(
        out,
        &format!("{id} weight"),
        pct_exact(a.weight),
        pct_exact(b.weight),
    );
    if a.name != b.name {
        out.push(format!("{id} renamed “{}” → “{}”", a.name, b.name));
    }
    from_to(
        out,
        &format!("{id} kind"),
        a.kind.label().into(),
        b.kind.label().into(),
    );
    from_to(
        out,
        &format!("{id} direction"),
        direction(a.direction).into(),
        direction(b.direction).into(),
    );
    from_to(
        out,
        &format!("{id} unit"),
        unit(a.unit).into(),
        unit(b.unit).into(),
    );
    if a.target != b.target {
        out.push(format!(
            "{id} target {} → {}",
            in_unit(a.unit, a.target),
            in_unit(b.unit, b.target)
        ));
    }
    match (&a.curve, &b.curve) {
        (
            Curve::Tiered {
                threshold: ta,
                cap: ca,
                mode: ma,
                ..
            },
            Curve::Tiered {
                threshold: tb,
                cap: cb,
                mode: mb,
                ..
            },
        ) => {
            from_to(
                out,
                &format!("{id} tiers apply"),
                tier_mode(*ma).into(),
                tier_mode(*mb).into(),
            );
            from_to(
                out,
                &format!("{id} threshold"),
                pct_exact(*ta),
                pct_exact(*tb),
            );
            from_to(
                out,
                &format!("{id} tiers"),
                tiers(&a.curve),
                tiers(&b.curve),
            );
            from_to(out, &format!("{id} cap"), cap(*ca), cap(*cb));
        }
        (Curve::Points { above: aa, .. }, Curve::Points { above: ab, .. }) => {
            from_to(
                out,
                &format!("{id} points"),
                tiers(&a.curve),
                tiers(&b.curve),
            );
            from_to(
                out,
                &format!("{id} above the last point"),
                beyond(*aa).into(),
                beyond(*ab).into(),
            );
        }
        (Curve::Steps { .. }, Curve::Steps { .. }) => {
            from_to(
                out,
                &format!("{id} steps"),
                tiers(&a.curve),
                tiers(&b.curve),
            );
        }
        (ca, cb) => out.push(format!("{id} curve {} → {}", curve(ca), curve(cb))),
    }
    let gates = |c: &Component| {
        if c.gates.is_empty() {
            return "none".to_string();
        }
        c.gates
            .iter()
            .map(|g| {
                let (level, at_least) = g.level();
                format!(
                    "{} {} {}",
                    g.metric,
                    if at_least { "≥" } else { "≤" },
                    plain(level)
                )
            })
            .collect::<Vec<_>>()
            .join(" and ")
    };
    from_to(out, &format!("{id} gate"), gates(a), gates(b));
    let modifier = |c: &Component| match &c.modifier {
        None => "none".to_string(),
        Some(m) => format!(
            "{}–{} on {}",
            pct_exact(m.min),
            pct_exact(m.max),
            if m.metrics.is_empty() {
                "every other metric".to_string()
            } else {
                m.metrics.join(", ")
            }
        ),
    };
    from_to(out, &format!("{id} modifier"), modifier(a), modifier(b));
    let scope = |c: &Component| match c.scope {
        crate::engine::Scope::Csm => "each CSM's own result",
        crate::engine::Scope::Team => "the team's result",
        crate::engine::Scope::Level => "each level's result",
    };
    from_to(
        out,
        &format!("{id} paid on"),
        scope(a).into(),
        scope(b).into(),
    );
    let source = |c: &Component| match c.from_arr {
        None => "as entered".to_string(),
        Some(r) => format!("{} from ARR movements where none is entered", r.label()),
    };
    from_to(out, &format!("{id} result"), source(a), source(b));
    // A per-period metric's own weights and targets, period by period.
    if b.measured == Measure::Period && a.measured == Measure::Period {
        let periods: BTreeSet<&String> = a
            .period_weights
            .keys()
            .chain(b.period_weights.keys())
            .chain(a.period_targets.keys())
            .chain(b.period_targets.keys())
            .collect();
        for p in periods {
            from_to(
                out,
                &format!("{id} weight in {p}"),
                pct_exact(a.weight_in(p)),
                pct_exact(b.weight_in(p)),
            );
            if a.target_in(p) != b.target_in(p) {
                out.push(format!(
                    "{id} target in {p} {} → {}",
                    in_unit(a.unit, a.target_in(p)),
                    in_unit(b.unit, b.target_in(p))
                ));
            }
        }
    }
}

fn spif_text(s: &Spif) -> String {
    match s.max_events {
        Some(m) => format!("{} per event, at most {m}", dollars(s.amount)),
        None => format!("{} per event, no limit", dollars(s.amount)),
    }
}

fn max_events(m: Option<u32>) -> String {
    m.map_or_else(|| "no limit".into(), |m| m.to_string())
}

fn spif_changes(out: &mut Vec<String>, a: &Spif, b: &Spif) {
    let id = &b.id;
    if a.name != b.name {
        out.push(format!("SPIF {id} renamed “{}” → “{}”", a.name, b.name));
    }
    from_to(
        out,
        &format!("SPIF {id} amount"),
        dollars(a.amount),
        dollars(b.amount),
    );
    from_to(
        out,
        &format!("SPIF {id} max events"),
        max_events(a.max_events),
        max_events(b.max_events),
    );
}

fn listed(csms: &[&Csm]) -> String {
    let mut parts: Vec<String> = csms
        .iter()
        .take(LIST_AT_MOST)
        .map(|c| format!("{} ({})", c.id, c.name))
        .collect();
    if csms.len() > LIST_AT_MOST {
        parts.push(format!("and {} more", csms.len() - LIST_AT_MOST));
    }
    parts.join(", ")
}

/// The team part of [`plan_changes`]: size, CSMs added and removed, CSMs whose inputs differ.
pub fn team_changes(a: &[Csm], b: &[Csm]) -> Vec<String> {
    let mut out = Vec::new();
    from_to(
        &mut out,
        "team size",
        a.len().to_string(),
        b.len().to_string(),
    );
    let in_a: HashMap<&str, &Csm> = a.iter().map(|c| (c.id.as_str(), c)).collect();
    let in_b: HashMap<&str, &Csm> = b.iter().map(|c| (c.id.as_str(), c)).collect();
    let added: Vec<&Csm> = b
        .iter()
        .filter(|c| !in_a.contains_key(c.id.as_str()))
        .collect();
    let removed: Vec<&Csm> = a
        .iter()
        .filter(|c| !in_b.contains_key(c.id.as_str()))
        .collect();
    if !added.is_empty() {
        out.push(format!(
            "{} CSM{} added: {}",
            added.len(),
            if added.len() == 1 { "" } else { "s" },
            listed(&added)
        ));
    }
    if !removed.is_empty() {
        out.push(format!(
            "{} CSM{} removed: {}",
            removed.len(),
            if removed.len() == 1 { "" } else { "s" },
            listed(&removed)
        ));
    }
    let changed: Vec<&Csm> = b
        .iter()
        .filter(|c| {
            in_a.get(c.id.as_str()).is_some_and(|o| {
                o.level != c.level
                    || o.ote != c.ote
                    || o.book_arr != c.book_arr
                    || o.targets != c.targets
                    || o.actuals != c.actuals
                    || o.spifs != c.spifs
                    || o.arr != c.arr
            })
        })
        .collect();
    if !changed.is_empty() {
        out.push(format!(
            "{} CSM{} with a different level, OTE, book, targets, actuals, ARR movements or SPIF events: {}",
            changed.len(),
            if changed.len() == 1 { "" } else { "s" },
            listed(&changed)
        ));
    }
    out
}

/// What differs in `b` against the baseline `a`, in words, in a fixed order: pay mix, level
/// mixes, components (in `b`'s order, then the removed ones), SPIFs, assumptions, team.
/// `scale_overridden`: every variant is computed at one given scale, so a difference in
/// the scenarios' own attainment scales changes nothing and is not listed.
pub fn plan_changes(a: &Scenario, b: &Scenario, scale_overridden: bool) -> Vec<String> {
    let mut out = rules_changes(a, b, scale_overridden);
    out.extend(team_changes(&a.team, &b.team));
    out.extend(team_results_changes(a, b));
    out
}

/// What differs in the team metrics' results: the team's result per metric, then whether
/// any per-period or per-level result differs.
fn team_results_changes(a: &Scenario, b: &Scenario) -> Vec<String> {
    let (ra, rb) = (&a.team_results, &b.team_results);
    let mut out = Vec::new();
    let keys: BTreeSet<&String> = ra.actuals.keys().chain(rb.actuals.keys()).collect();
    for k in keys {
        let show = |v: Option<&Decimal>| v.map_or("none".to_string(), |v| plain(*v));
        from_to(
            &mut out,
            &format!("team result {k}"),
            show(ra.actuals.get(k)),
            show(rb.actuals.get(k)),
        );
    }
    if ra.periods != rb.periods || ra.levels != rb.levels {
        out.push("team results by period or level differ".into());
    }
    out
}

/// The plan and assumption part of [`plan_changes`].
/// The plan changes with each metric named as people call it, as the compare screen and
/// every report show them: "grr weight 25% → 15%" reads "Gross revenue retention weight
/// 25% → 15%" (the name from either plan; a metric only one has keeps its own).
pub fn rules_changes_named(a: &Scenario, b: &Scenario, scale_overridden: bool) -> Vec<String> {
    // Longest ids first, so that an id that starts another is not taken for it.
    let mut metrics: Vec<(&str, &str)> = [a, b]
        .iter()
        .flat_map(|s| s.plan.components.iter())
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    metrics.sort_by(|x, y| y.0.len().cmp(&x.0.len()).then_with(|| x.0.cmp(y.0)));
    metrics.dedup_by(|x, y| x.0 == y.0);
    rules_changes(a, b, scale_overridden)
        .into_iter()
        .map(|change| {
            // "from Q3 on: grr cap …" names the metric after the period.
            let (when, what) = match change.split_once(": ") {
                Some((w, rest)) if w.starts_with("from ") => (format!("{w}: "), rest),
                _ => (String::new(), change.as_str()),
            };
            for (id, name) in &metrics {
                if let Some(rest) = what.strip_prefix(id)
                    && rest.starts_with(' ')
                {
                    return format!("{when}{name}{rest}");
                }
            }
            change
        })
        .collect()
}

pub fn rules_changes(a: &Scenario, b: &Scenario, scale_overridden: bool) -> Vec<String> {
    let mut out = Vec::new();
    let (pa, pb) = (&a.plan, &b.plan);
    terms_changes(&mut out, pa, pb);
    out.extend(version_changes(pa, pb));
    from_to(
        &mut out,
        "burden rate",
        pct_exact(a.assumptions.burden_rate),
        pct_exact(b.assumptions.burden_rate),
    );
    if !scale_overridden {
        from_to(
            &mut out,
            "attainment scale",
            pct_exact(a.assumptions.attainment_scale),
            pct_exact(b.assumptions.attainment_scale),
        );
    }
    // Each metric's attainment assumption, by the metric as `b` has it.
    for cb in &pb.components {
        let ma = pa
            .components
            .iter()
            .find(|c| c.id == cb.id)
            .map_or(Decimal::ONE, |ca| a.assumptions.metric_scale(ca));
        from_to(
            &mut out,
            &format!("{} attainment assumption", cb.id),
            pct_exact(ma),
            pct_exact(b.assumptions.metric_scale(cb)),
        );
    }
    out
}

/// What differs in the changes during the year: for each period a change starts in
/// (either plan's), what the terms in force from then on differ in that they did not
/// before ("from Q3 on: expansion weight 20% → 30%").
fn version_changes(pa: &Plan, pb: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    if pa.changes.is_empty() && pb.changes.is_empty() {
        return out;
    }
    let (Ok(va), Ok(vb)) = (Versions::of(pa), Versions::of(pb)) else {
        return out;
    };
    // Periods by id: the version of each plan in force in the period `b` names.
    let in_force = |plan: &Plan, v: &Versions, id: &str| -> usize {
        plan.period_index(id).map_or(0, |p| v.at(p))
    };
    let mut starts: Vec<usize> = vb.starts[1..].to_vec();
    for s in &va.starts[1..] {
        if let Some(p) = pa.periods.get(*s).and_then(|x| pb.period_index(&x.id)) {
            starts.push(p);
        }
    }
    starts.sort_unstable();
    starts.dedup();
    let mut before = Vec::new();
    terms_changes(&mut before, &va.plans[0], &vb.plans[0]);
    for s in starts {
        let Some(id) = pb.periods.get(s).map(|p| p.id.as_str()) else {
            continue;
        };
        let mut now = Vec::new();
        terms_changes(
            &mut now,
            &va.plans[in_force(pa, &va, id)],
            &vb.plans[in_force(pb, &vb, id)],
        );
        for line in now.iter().filter(|l| !before.contains(l)) {
            out.push(format!("from {id} on: {line}"));
        }
        for line in before.iter().filter(|l| !now.contains(l)) {
            out.push(format!("from {id} on, no longer: {line}"));
        }
        before = now;
    }
    if pa.annual_on_change != pb.annual_on_change {
        out.push(format!(
            "annual metrics when the plan changes: {} → {}",
            pa.annual_on_change.words(),
            pb.annual_on_change.words()
        ));
    }
    if pa.leavers != pb.leavers {
        out.push(format!(
            "leavers: {} → {}",
            pa.leavers.short(),
            pb.leavers.short()
        ));
    }
    if pa.prorate_targets != pb.prorate_targets {
        let words = |p: bool| match p {
            true => "prorated",
            false => "whole-year",
        };
        out.push(format!(
            "joiners' and leavers' targets: {} → {}",
            words(pa.prorate_targets),
            words(pb.prorate_targets)
        ));
    }
    out
}

/// What a change during the year changed, in words, metrics by name: the differences of
/// the plan version before it (`before`) and the one it made (`after`).
pub fn change_words(before: &Plan, after: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    terms_changes(&mut out, before, after);
    out.into_iter()
        .map(|line| {
            for c in &after.components {
                if let Some(rest) = line.strip_prefix(&c.id)
                    && rest.starts_with(' ')
                {
                    return format!("{}{rest}", c.name);
                }
            }
            for s in &after.spifs {
                if let Some(rest) = line.strip_prefix(&format!("SPIF {}", s.id))
                    && rest.starts_with(' ')
                {
                    return format!("SPIF “{}”{rest}", s.name);
                }
            }
            line
        })
        .collect()
}

/// The pay mixes, metrics and SPIFs of two plans.
fn terms_changes(out: &mut Vec<String>, pa: &Plan, pb: &Plan) {
    from_to(
        out,
        "variable share",
        pct_exact(pa.mix.variable_share),
        pct_exact(pb.mix.variable_share),
    );
    from_to(
        out,
        "basis",
        basis(pa.mix.basis).into(),
        basis(pb.mix.basis).into(),
    );

    let levels: BTreeSet<&String> = pa.level_mix.keys().chain(pb.level_mix.keys()).collect();
    for level in levels {
        match (pa.level_mix.get(level), pb.level_mix.get(level)) {
            (None, Some(m)) => out.push(format!("{level} mix added: {}", mix(m))),
            (Some(m), None) => out.push(format!(
                "{level} mix removed (was {}; now the plan's {})",
                mix(m),
                mix(&pb.mix)
            )),
            (Some(ma), Some(mb)) => {
                from_to(
                    out,
                    &format!("{level} variable share"),
                    pct_exact(ma.variable_share),
                    pct_exact(mb.variable_share),
                );
                from_to(
                    out,
                    &format!("{level} basis"),
                    basis(ma.basis).into(),
                    basis(mb.basis).into(),
                );
            }
            (None, None) => {}
        }
    }

    for cb in &pb.components {
        match pa.component(&cb.id) {
            Some(ca) => component_changes(out, ca, cb),
            None => out.push(format!(
                "component added: {} “{}” ({}, weight {})",
                cb.id,
                cb.name,
                cb.kind.label(),
                pct_exact(cb.weight)
            )),
        }
    }
    for ca in &pa.components {
        if pb.component(&ca.id).is_none() {
            out.push(format!(
                "component removed: {} “{}” (weight {})",
                ca.id,
                ca.name,
                pct_exact(ca.weight)
            ));
        }
    }

    for sb in &pb.spifs {
        match pa.spifs.iter().find(|s| s.id == sb.id) {
            Some(sa) => spif_changes(out, sa, sb),
            None => out.push(format!("SPIF added: {} ({})", sb.id, spif_text(sb))),
        }
    }
    for sa in &pa.spifs {
        if !pb.spifs.iter().any(|s| s.id == sa.id) {
            out.push(format!("SPIF removed: {} (was {})", sa.id, spif_text(sa)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{MetricKind, Step, Tier};
    use crate::scenario::sample;
    use rust_decimal_macros::dec;

    #[test]
    fn metric_ids_become_names_the_longest_id_first() {
        let a = sample();
        let mut b = a.clone();
        b.plan.components[0].weight = dec!(0.15);
        b.plan.components[2].weight = dec!(0.30);
        b.plan.mix.variable_share = dec!(0.3);
        // An id that starts another ("grr" and "grr2") names the right metric.
        let mut c = b.clone();
        c.plan.components[1].id = "grr2".into();
        c.plan.components[1].name = "Second".into();
        let mut a2 = a.clone();
        a2.plan.components[1].id = "grr2".into();
        a2.plan.components[1].name = "Second".into();
        c.plan.components[1].target = dec!(0.06);
        assert_eq!(
            rules_changes_named(&a2, &c, false),
            vec![
                "variable share 20% → 30%",
                "Gross revenue retention weight 25% → 15%",
                "Second target 5% → 6%",
                "Key activities: written results strategy weight 20% → 30%",
            ]
        );
    }

    #[test]
    fn no_change_says_nothing() {
        let s = sample();
        assert!(plan_changes(&s, &s, false).is_empty());
    }

    #[test]
    fn mix_curve_and_spif_changes_in_words() {
        let a = sample();
        let mut b = a.clone();
        b.plan.mix.variable_share = dec!(0.3);
        b.plan.mix.basis = Basis::BonusOnTop;
        b.plan.level_mix.remove("Senior CSM");
        b.plan
            .level_mix
            .entry("Principal CSM".into())
            .and_modify(|m| m.variable_share = dec!(0.35));
        let grr = &mut b.plan.components[0];
        grr.target = dec!(0.92);
        if let Curve::Tiered {
            threshold,
            cap,
            tiers,
            ..
        } = &mut grr.curve
        {
            *threshold = dec!(0.6);
            *cap = None;
            tiers[1].rate = dec!(2);
        }
        b.plan.components[2].curve = Curve::Steps {
            steps: vec![Step {
                min: dec!(0.9),
                factor: dec!(1),
            }],
        };
        b.plan.components[3].curve = Curve::Steps {
            steps: vec![Step {
                min: dec!(1),
                factor: dec!(1),
            }],
        };
        if let Curve::Tiered { tiers, .. } = &mut b.plan.components[4].curve {
            tiers.push(Tier {
                from: dec!(1.2),
                rate: dec!(2),
            });
        }
        b.plan.spifs[0].amount = dec!(750);
        b.plan.spifs[0].max_events = None;
        b.assumptions.burden_rate = dec!(0.25);
        assert_eq!(
            plan_changes(&a, &b, false),
            vec![
                "variable share 20% → 30%",
                "basis OTE split → bonus on top",
                "Principal CSM variable share 30% → 35%",
                "Senior CSM mix removed (was 25% OTE split; now the plan's 30% bonus on top)",
                "grr target 90% → 92%",
                "grr threshold 50% → 60%",
                "grr tiers [0%: 1×, 100%: 1.5×] → [0%: 1×, 100%: 2×]",
                "grr cap 150% → none",
                "activities steps [80%: 0.5×, 100%: 1×, 110%: 1.2×] → [90%: 1×]",
                "expansion curve tiered (threshold 0%, tiers [0%: 1×, 100%: 2×], cap 200%) → steps [100%: 1×]",
                "results tiers [0%: 1×, 100%: 1.5×] → [0%: 1×, 100%: 1.5×, 120%: 2×]",
                "SPIF c-level amount $500 → $750",
                "SPIF c-level max events 4 → no limit",
                "burden rate 22% → 25%",
            ]
        );
    }

    #[test]
    fn components_added_removed_and_team_changes() {
        let a = sample();
        let mut b = a.clone();
        let nps = b.plan.components.remove(5);
        b.plan.components[0].weight += nps.weight;
        b.plan.components.push(Component {
            measured: Default::default(),
            period_targets: Default::default(),
            period_weights: Default::default(),
            weight_locked: false,
            gates: Vec::new(),
            modifier: None,
            scope: Default::default(),
            from_arr: None,
            id: "health".into(),
            name: "Customer health score".into(),
            kind: MetricKind::Sentiment,
            weight: dec!(0),
            direction: Direction::HigherIsBetter,
            unit: Unit::Count,
            target: dec!(70),
            curve: Curve::Steps {
                steps: vec![Step {
                    min: dec!(1),
                    factor: dec!(1),
                }],
            },
        });
        b.team.remove(2);
        b.team[0].ote = dec!(105000);
        let mut new = b.team[1].clone();
        new.id = "csm-16".into();
        new.name = "Maya Novak".into();
        b.team.push(new);
        b.assumptions.attainment_scale = dec!(1.1);
        assert_eq!(
            plan_changes(&a, &b, false),
            vec![
                "grr weight 25% → 35%",
                "component added: health “Customer health score” (sentiment, weight 0%)",
                "component removed: nps “Customer NPS” (weight 10%)",
                "attainment scale 100% → 110%",
                "1 CSM added: csm-16 (Maya Novak)",
                "1 CSM removed: csm-03 (Jordan Lee)",
                "1 CSM with a different level, OTE, book, targets, actuals, ARR movements or SPIF events: csm-01 (Alex Morgan)",
            ]
        );
        // With one scale for every variant, the scenarios' own scales do not matter.
        assert!(
            !plan_changes(&a, &b, true)
                .iter()
                .any(|s| s.starts_with("attainment scale"))
        );
    }
}
