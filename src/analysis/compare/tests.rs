use super::*;
use crate::scenario::sample;
use rust_decimal_macros::dec;

fn pair() -> Comparer {
    let mut b = sample();
    b.name = "B".into();
    b.plan.mix.variable_share = dec!(0.3);
    Comparer::new(vec![sample(), b], None)
}

#[test]
fn an_edit_recomputes_only_the_edited_variant_and_matches_a_fresh_comparison() {
    let mut c = pair();
    assert_eq!(c.evaluations(), 2);
    if let Some(plan) = c.plan_mut(1) {
        plan.components[0].weight = dec!(0.15);
        plan.components[2].weight = dec!(0.30);
    }
    c.recompute();
    assert_eq!(c.evaluations(), 3);
    let scenarios: Vec<Scenario> = (0..c.len())
        .filter_map(|i| c.scenario(i).cloned())
        .collect();
    assert_eq!(c.comparison(), &compare(&scenarios, None));
    // Nothing changed: nothing is computed.
    c.recompute();
    assert_eq!(c.evaluations(), 3);
    // A team edit lays out the inputs again and still agrees.
    if let Some(s) = c.scenario_mut(1) {
        s.team[0].actuals.insert("grr", dec!(0.99));
    }
    c.recompute();
    assert_eq!(c.evaluations(), 4);
    let scenarios: Vec<Scenario> = (0..c.len())
        .filter_map(|i| c.scenario(i).cloned())
        .collect();
    assert_eq!(c.comparison(), &compare(&scenarios, None));
}

/// Team edits that keep the ids in place reuse the rows and refill only the edited
/// column (all of them when the baseline is edited); any edit agrees with a fresh
/// comparison.
#[test]
fn incremental_columns_agree_with_a_fresh_comparison() {
    let mut c = pair();
    c.push(sample());
    let fresh = |c: &Comparer| {
        let scenarios: Vec<Scenario> = (0..c.len())
            .filter_map(|i| c.scenario(i).cloned())
            .collect();
        compare(&scenarios, None)
    };
    type Edit = fn(&mut Comparer);
    let edits: [Edit; 7] = [
        |c| {
            if let Some(s) = c.scenario_mut(2) {
                s.team[1].name = "Renamed".into();
                s.team[1].level = "Senior CSM".into();
                s.team[1].actuals.insert("grr", dec!(0.97));
            }
        },
        |c| {
            if let Some(s) = c.scenario_mut(0) {
                s.team[0].ote = dec!(120000);
                s.team[2].name = "New name".into();
            }
        },
        |c| {
            if let Some(p) = c.plan_mut(1) {
                p.mix.variable_share = dec!(0.25);
            }
        },
        |c| {
            if let Some(s) = c.scenario_mut(1) {
                s.team.remove(3);
            }
        },
        |c| {
            if let Some(s) = c.scenario_mut(1) {
                s.team.swap(0, 1);
            }
        },
        |c| {
            c.remove(1);
        },
        |c| c.push(sample()),
    ];
    for (i, edit) in edits.iter().enumerate() {
        edit(&mut c);
        let got = c.recompute().clone();
        assert_eq!(got, fresh(&c), "edit {i}");
    }
}

#[test]
fn a_plan_edit_that_breaks_the_plan_is_reported_and_a_fix_recovers() {
    let mut c = pair();
    if let Some(plan) = c.plan_mut(1) {
        plan.components[0].weight = dec!(0.5);
    }
    let cmp = c.recompute();
    let codes: Vec<&str> = cmp.variants[1].errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, vec!["weights-sum"]);
    assert!(cmp.variants[1].figures.is_none());
    if let Some(plan) = c.plan_mut(1) {
        plan.components[0].weight = dec!(0.25);
    }
    let fixed = c.recompute().clone();
    assert_eq!(fixed, pair().into_comparison());
    // A team edit is validated in full.
    if let Some(s) = c.scenario_mut(1) {
        s.team[0].ote = dec!(-1);
    }
    let codes: Vec<&str> = c.recompute().variants[1]
        .errors
        .iter()
        .map(|e| e.code)
        .collect();
    assert_eq!(codes, vec!["negative"]);
}

#[test]
fn a_new_scale_keeps_the_curves_and_agrees_with_a_fresh_comparison() {
    let mut c = pair();
    c.set_scale(Some(dec!(1.1)));
    let cmp = c.recompute().clone();
    assert_eq!(c.evaluations(), 4);
    assert_eq!(
        cmp,
        compare(
            &[sample(), c.scenario(1).cloned().unwrap()],
            Some(dec!(1.1))
        )
    );
    assert_eq!(
        cmp.variants[0].figures.as_ref().map(|f| f.scale),
        Some(dec!(1.1))
    );
    // At 110% the team's cash is the cost curve's 110% point.
    let fig = cmp.variants[0].figures.as_ref().unwrap();
    assert_eq!(Some(fig.cash), cmp.curve.cash[0].as_ref().map(|l| l[12]));
}

#[test]
fn warnings_that_differ_are_listed_both_ways() {
    let mut b = sample();
    b.plan.mix.variable_share = dec!(0.35);
    let cmp = compare(&[sample(), b.clone()], None);
    let vs = cmp.variants[1]
        .figures
        .as_ref()
        .and_then(|f| f.versus.clone())
        .unwrap();
    let codes: Vec<&str> = vs.warnings_new.iter().map(|f| f.code).collect();
    // 35% is above 30%; an OTE split of 35% leaves 65% of OTE in the worst case.
    assert_eq!(codes, vec!["variable-share", "deep-downside"]);
    assert!(vs.warnings_gone.is_empty());
    let back = compare(&[b, sample()], None);
    let vs = back.variants[1]
        .figures
        .as_ref()
        .and_then(|f| f.versus.clone())
        .unwrap();
    let gone: Vec<&str> = vs.warnings_gone.iter().map(|f| f.code).collect();
    assert_eq!(gone, vec!["variable-share", "deep-downside"]);
    assert!(vs.warnings_new.is_empty());
}

#[test]
fn a_variant_that_cannot_be_computed_says_why_and_the_others_still_show() {
    let mut b = sample();
    b.plan.components[0].weight = dec!(0.3);
    let cmp = compare(&[sample(), b], None);
    let v = &cmp.variants[1];
    assert_eq!(v.errors.len(), 1);
    assert_eq!(v.errors[0].code, "weights-sum");
    assert!(v.figures.is_none());
    assert!(
        cmp.rows
            .iter()
            .all(|r| r.cells[0].is_some() && r.cells[1].is_none())
    );
    assert!(cmp.curve.cash[1].is_none());
    assert!(cmp.curve.cash[0].is_some());
    assert!(cmp.curve.crossings.is_empty());
}

#[test]
fn removing_the_baseline_makes_the_next_one_the_baseline() {
    let mut c = pair();
    c.push(sample());
    c.remove(0);
    let cmp = c.recompute();
    assert_eq!(cmp.variants[0].name, "B");
    assert!(cmp.variants[0].plan_changes.is_empty());
    assert_eq!(
        cmp.variants[1].plan_changes,
        vec!["variable share 30% → 20%"]
    );
}

#[test]
fn crossings_skip_equal_points_and_go_both_ways() {
    let s: Vec<Decimal> = [50, 55, 60, 65, 70]
        .iter()
        .map(|p| Decimal::new(*p, 2))
        .collect();
    let base = vec![dec!(10), dec!(10), dec!(10), dec!(10), dec!(10)];
    let line = vec![dec!(9), dec!(10), dec!(11), dec!(12), dec!(9)];
    let got = crossings(&s, &[Some(base.clone()), Some(line), None]);
    assert_eq!(
        got,
        vec![
            Crossing {
                variant: 1,
                from: dec!(0.5),
                to: dec!(0.6),
                becomes: Becomes::Dearer
            },
            Crossing {
                variant: 1,
                from: dec!(0.65),
                to: dec!(0.7),
                becomes: Becomes::Cheaper
            },
        ]
    );
    assert!(crossings(&s, &[None, Some(base)]).is_empty());
}
