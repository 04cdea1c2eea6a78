//! The quarterly sample and random period plans made from it, for the tests of periods and
//! of changes during the year.

use cscomp_tui::engine::*;
use cscomp_tui::scenario::{QUARTERLY_RON, parse};
use proptest::prelude::*;
use rust_decimal::Decimal;

pub fn quarterly() -> Scenario {
    match parse(QUARTERLY_RON, "assets/quarterly.ron") {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

prop_compose! {
    /// The quarterly sample with random quarterly actuals, targets, an as-of period, joiners
    /// and leavers.
    pub fn varied()(
        acts in prop::collection::vec((0u32..150, 0u32..150, 0u32..4, 0u32..4), 16),
        targets in prop::collection::vec(50u32..100, 3),
        as_of in 0usize..5,
        scale in 50u32..150,
    ) -> (Scenario, Decimal) {
        let mut s = quarterly();
        let q = ["Q1", "Q2", "Q3", "Q4"];
        s.plan.as_of = (as_of > 0).then(|| q[as_of - 1].to_string());
        let k = s.plan.components.iter().position(|c| c.id == "activities").unwrap();
        for (n, t) in targets.iter().enumerate() {
            s.plan.components[k].period_targets.insert(q[n + 1].into(), Decimal::new(i64::from(*t), 2));
        }
        for (i, (a, b, start, len)) in acts.iter().enumerate() {
            let csm = &mut s.team[i];
            let first = (*start as usize).min(3);
            let last = (first + *len as usize).min(3);
            csm.start = (first > 0).then(|| q[first].to_string());
            csm.end = (last < 3).then(|| q[last].to_string());
            csm.periods.clear();
            for (p, id) in q.iter().enumerate() {
                if p < first || p > last {
                    continue;
                }
                let mut pv = PeriodValues::default();
                pv.actuals.insert("activities", Decimal::new(i64::from((a + p as u32 * 7) % 150), 2));
                if p > 0 {
                    pv.actuals.insert("ebr", Decimal::new(i64::from((b + p as u32 * 11) % 150), 2));
                }
                pv.spifs.insert("c-level", (a + b + p as u32) % 4);
                csm.periods.insert(id, pv);
            }
        }
        (s, Decimal::new(i64::from(scale), 2))
    }
}
