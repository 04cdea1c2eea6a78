use super::*;
use rust_decimal_macros::dec;

fn midyear() -> Plan {
    match crate::scenario::parse(crate::scenario::MIDYEAR_RON, "midyear") {
        Ok(s) => s.plan,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn the_version_in_force_and_its_periods() {
    let v = Versions::of(&midyear()).expect("applies");
    assert_eq!(v.starts, vec![0, 2]);
    assert_eq!((v.at(0), v.at(1), v.at(2), v.at(3)), (0, 0, 1, 1));
    assert_eq!((v.range(0, 4), v.range(1, 4)), ((0, 1), (2, 3)));
    assert_eq!(v.plans[0].components[2].weight, dec!(0.2));
    assert_eq!(v.plans[1].components[2].weight, dec!(0.3));
    assert_eq!(v.plans[1].spifs[0].amount, dec!(750));
    assert!(v.plans.iter().all(|p| p.changes.is_empty()));
}

#[test]
fn the_difference_of_two_versions_is_the_change_that_made_it() {
    let plan = midyear();
    let v = Versions::of(&plan).expect("applies");
    let change = difference(&v.plans[0], &v.plans[1], 2);
    assert_eq!(change.components, plan.changes[0].components);
    assert_eq!(change.spifs, plan.changes[0].spifs);
    assert_eq!(change.effective_from, "Q3");
    // Nothing differs: nothing to change.
    let none = difference(&v.plans[1], &v.plans[1], 2);
    assert!(none.components.is_empty() && none.spifs.is_empty());
}

#[test]
fn periods_and_metrics_are_found_by_id_or_name() {
    let plan = midyear();
    assert_eq!(period_named(&plan, "Q3"), Some(2));
    assert_eq!(period_named(&plan, " q3  fy27 "), Some(2));
    assert_eq!(period_named(&plan, "Q5"), None);
    let mut by_name = plan.clone();
    let c = by_name.changes[0]
        .components
        .remove("expansion")
        .expect("there");
    by_name.changes[0]
        .components
        .insert("expansion arr".into(), c);
    let v = Versions::of(&by_name).expect("applies");
    assert_eq!(v.plans[1].components[2].weight, dec!(0.3));
}
