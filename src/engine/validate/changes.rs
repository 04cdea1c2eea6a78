//! The checks of the plan's changes during the year: each names a later period than the
//! one before, what it names exists, and every version is a valid plan in the periods it is
//! in force (docs/periods.md, "Changes during the year").

use super::*;
use crate::engine::versions::Versions;

pub(super) fn check_changes(c: &mut Check, scn: &Scenario) {
    let plan = &scn.plan;
    if plan.changes.is_empty() {
        return;
    }
    if !plan.has_periods() {
        c.error(
            "no-periods",
            "plan.changes",
            "the plan changes from a period on, but it has no periods; add `periods` to the plan"
                .into(),
        );
        return;
    }
    for (k, change) in plan.changes.iter().enumerate() {
        if change.is_empty() {
            c.error(
                "empty-change",
                format!("plan.changes[{k}] (from {})", change.effective_from),
                "the change changes nothing; give the metrics, SPIFs or pay mix it changes, or remove it"
                    .into(),
            );
        }
        c.text(&|| format!("plan.changes[{k}]"), "the note", &change.note);
    }
    let versions = match Versions::of(plan) {
        Ok(v) => v,
        Err(e) => {
            let (location, message) = e.split_once(": ").unwrap_or(("plan.changes", &e));
            c.error("plan-change", location, message.to_string());
            return;
        }
    };
    // What the plan as written already reports is not repeated for every version.
    let mut written = scn.clone_plan_only();
    written.plan.changes = Vec::new();
    let known = validate_plan(&written);
    let count = plan.periods.len();
    for k in 1..versions.len() {
        let (first, last) = versions.range(k, count);
        let mut version = scn.clone_plan_only();
        version.plan = versions.plans[k].clone();
        let at = format!("plan.changes[{}] (from {})", k - 1, plan.periods[first].id);
        for f in validate_plan(&version) {
            if known
                .iter()
                .any(|x| x.code == f.code && x.location == f.location && x.message == f.message)
            {
                continue;
            }
            // A version's weights matter only in the periods it is in force.
            if f.code == "weights-sum"
                && period_of(&f.location).is_some_and(|p| p < first || p > last)
            {
                continue;
            }
            c.out.push(Finding {
                location: format!("{at}: {}", f.location),
                ..f
            });
        }
    }
}

/// The period index a location such as `plan.periods[2] (Q3)` names.
fn period_of(location: &str) -> Option<usize> {
    let rest = location.strip_prefix("plan.periods[")?;
    rest.split(']').next()?.parse().ok()
}
