use super::*;
use crate::scenario::sample;
use rust_decimal_macros::dec;

#[test]
fn nudges_snap_to_the_grid_and_clamp() {
    let s = sample();
    assert_eq!(Param::VariableShare.nudge(&s, 1), Some(dec!(0.21)));
    assert_eq!(Param::VariableShare.nudge(&s, 10), Some(dec!(0.3)));
    assert_eq!(Param::VariableShare.nudge(&s, -100), Some(dec!(0)));
    assert_eq!(Param::Scale.nudge(&s, 100), Some(dec!(1.5)));
    // Between grid points: one step goes to the next point each way.
    let mut off = s.clone();
    off.plan.mix.variable_share = dec!(0.205);
    assert_eq!(Param::VariableShare.nudge(&off, 1), Some(dec!(0.21)));
    assert_eq!(Param::VariableShare.nudge(&off, -1), Some(dec!(0.2)));
    assert_eq!(Param::VariableShare.nudge(&off, 2), Some(dec!(0.22)));
    assert_eq!(Param::VariableShare.nudge(&off, -2), Some(dec!(0.19)));
    // Cap 150% → up to 400% → "no cap" → back to 400%.
    let mut s2 = s.clone();
    let team = TeamInputs::new(&s2);
    Param::Cap(0)
        .apply(&mut s2, &team, Some(dec!(4)), &[])
        .unwrap();
    assert_eq!(Param::Cap(0).nudge(&s2, 1), None);
    Param::Cap(0).apply(&mut s2, &team, None, &[]).unwrap();
    assert_eq!(Param::Cap(0).show(&s2), "no cap");
    assert_eq!(Param::Cap(0).nudge(&s2, -1), Some(dec!(4)));
}

#[test]
fn typed_values_are_validated() {
    let s = sample();
    // The file rule — a bare number is a fraction; one beyond the range is
    // refused as a missing `%`.
    assert_eq!(Param::VariableShare.parse(&s, "0.25"), Ok(Some(dec!(0.25))));
    assert_eq!(Param::Weight(0).parse(&s, "0.3"), Ok(Some(dec!(0.3))));
    assert_eq!(
        Param::VariableShare.parse(&s, "25"),
        Err("`25` — did you mean 25%? A bare number in a percentage is a fraction (0.87 = 87%), so 25 would be 2500%".into())
    );
    assert_eq!(
        Param::Weight(0).parse(&s, "30"),
        Err("`30` — did you mean 30%? A bare number in a percentage is a fraction (0.87 = 87%), so 30 would be 3000%".into())
    );
    assert_eq!(Param::Scale.parse(&s, "1.1"), Ok(Some(dec!(1.1))));
    // A SPIF amount is dollars and cents.
    assert_eq!(
        Param::SpifAmount(0).parse(&s, "0.005"),
        Err(
            "`0.005` has a fraction of a cent: money is in dollars and cents, at most 2 decimals"
                .into()
        )
    );
    assert_eq!(
        Param::SpifAmount(0).parse(&s, "1,,0"),
        Err("`1,,0` is not a number (`,` must separate groups of three digits, as in 1,234,567.89); write it like 1234.56, 1,234.56, -3, (1,234.56) for -1234.56, 0.25 or 25%, and money also like $1,234.56, $ 1,234.56, USD 1,234.56, 1,234.56 USD, 1.6M or 1,600k (`,` or `_` only between groups of three digits)".into())
    );
    assert_eq!(
        Param::VariableShare.parse(&s, "22.5%"),
        Ok(Some(dec!(0.225)))
    );
    assert_eq!(
        Param::VariableShare.parse(&s, "75%"),
        Err("Variable share must be between 0% and 60%".into())
    );
    assert_eq!(
        Param::VariableShare.parse(&s, "abc"),
        Err("`abc` is not a number; write it like 1234.56, 1,234.56, -3, (1,234.56) for -1234.56, 0.25 or 25%, and money also like $1,234.56, $ 1,234.56, USD 1,234.56, 1,234.56 USD, 1.6M or 1,600k (`,` or `_` only between groups of three digits)".into())
    );
    assert_eq!(Param::Cap(0).parse(&s, "None"), Ok(None));
    assert_eq!(
        Param::Target(3).parse(&s, "$120,000"),
        Ok(Some(dec!(120000)))
    );
    assert_eq!(Param::TopRate(0).parse(&s, "2.5"), Ok(Some(dec!(2.5))));
}

#[test]
fn a_target_too_low_for_the_team_is_refused() {
    let mut s = sample();
    let before = s.clone();
    let team = TeamInputs::new(&s);
    // Expansion (component 3) has a $100,000 target; $10 would put actuals of $100k+
    // at more than 1,000 times it.
    let err = Param::Target(3).apply(&mut s, &team, Some(dec!(10)), &[]);
    let msg = err.err().unwrap_or_default();
    assert!(
        msg.contains("is more than 1000 times its target (10)"),
        "{msg}"
    );
    assert_eq!(s, before, "a refused change leaves the plan as it was");
    assert_eq!(
        Param::Target(3).apply(&mut s, &team, Some(dec!(50000)), &[]),
        Ok(())
    );
}

#[test]
fn weights_rebalance_to_exactly_100() {
    let mut s = sample();
    let team = TeamInputs::new(&s);
    let mut locked = vec![false; 6];
    locked[1] = true; // churn stays at 10%
    Param::Weight(0)
        .apply(&mut s, &team, Some(dec!(0.35)), &locked)
        .unwrap();
    let w: Vec<Decimal> = s.plan.components.iter().map(|c| c.weight).collect();
    assert_eq!(w[0], dec!(0.35));
    assert_eq!(w[1], dec!(0.1));
    assert_eq!(w.iter().sum::<Decimal>(), Decimal::ONE);
    // The other four (20, 20, 15, 10 = 65) share the remaining 55 in proportion.
    assert_eq!(
        w[2..],
        [dec!(0.1692), dec!(0.1693), dec!(0.1269), dec!(0.0846)]
    );
}

#[test]
fn impossible_changes_are_refused() {
    let mut s = sample();
    let before = s.clone();
    let team = TeamInputs::new(&s);
    // The first step of key activities cannot move above the second step (100%).
    let err = Param::Threshold(2)
        .apply(&mut s, &team, Some(dec!(1.2)), &[])
        .unwrap_err();
    assert!(
        err.contains("step 2 starts at 100%, which is not above step 1 at 120%"),
        "{err}"
    );
    assert_eq!(s, before);
}

/// The editor's missing-projection row: the shortcut for a team with every result agrees
/// with laying the team out, with every result, one missing, and one joiner.
#[test]
fn the_missing_rule_row_shows_exactly_when_a_projection_is_missing() {
    let full = crate::scenario::generate::generate_quarterly(40);
    assert!(full.team.iter().all(|c| has_every_result(&full, c)));
    let assumed = |s: &Scenario| {
        crate::engine::assumed_metrics(s)
            .iter()
            .any(|m| !m.is_empty())
    };
    let sample = crate::scenario::parse(crate::scenario::QUARTERLY_RON, "q").unwrap();
    let mut cases = vec![full.clone(), sample];
    let mut one_missing = full.clone();
    let q = one_missing.plan.periods[3].id.clone();
    if let Some(pv) = one_missing.team[2].periods.get_mut(&q) {
        pv.actuals.clear();
    }
    cases.push(one_missing);
    let mut annual_missing = full.clone();
    annual_missing.team[0].actuals.clear();
    cases.push(annual_missing);
    let mut joiner = full.clone();
    joiner.team[1].start = Some(joiner.plan.periods[1].id.clone());
    joiner.team[1]
        .periods
        .remove(&joiner.plan.periods[0].id.clone());
    cases.push(joiner);
    for (k, s) in cases.iter().enumerate() {
        assert_eq!(shows_missing_rule(s), assumed(s), "case {k}");
    }
    assert!(!shows_missing_rule(&cases[0]));
    assert!(shows_missing_rule(&cases[2]) && shows_missing_rule(&cases[3]));
}
