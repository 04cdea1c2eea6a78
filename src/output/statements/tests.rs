use super::*;
use crate::engine::{Step, Tier};
use rust_decimal_macros::dec;

fn tiers(t: &[(Decimal, Decimal)]) -> Vec<Tier> {
    t.iter()
        .map(|(from, rate)| Tier {
            from: *from,
            rate: *rate,
        })
        .collect()
}

#[test]
fn tiered_rules_in_words() {
    let c = Curve::Tiered {
        threshold: dec!(0.5),
        mode: TierMode::Marginal,
        tiers: tiers(&[(dec!(0), dec!(1)), (dec!(1), dec!(1.5))]),
        cap: Some(dec!(1.5)),
    };
    assert_eq!(
        payout_rule(&c),
        "Below 50% of target this pays nothing; from there it pays 1% of its target variable pay per 1% of target (50% at 50% of target), and 1.5% per 1% above 100% of target, up to 150% of its target variable pay (reached at 133.3% of target)."
    );
    let c = Curve::Tiered {
        threshold: dec!(0),
        mode: TierMode::Marginal,
        tiers: tiers(&[(dec!(0), dec!(1)), (dec!(1), dec!(2))]),
        cap: None,
    };
    assert_eq!(
        payout_rule(&c),
        "It pays 1% of its target variable pay per 1% of target, and 2% per 1% above 100% of target, with no cap."
    );
    let c = Curve::Tiered {
        threshold: dec!(0.6),
        mode: TierMode::Marginal,
        tiers: tiers(&[
            (dec!(0), dec!(0.5)),
            (dec!(0.5), dec!(1)),
            (dec!(1.2), dec!(0)),
        ]),
        cap: None,
    };
    assert_eq!(
        payout_rule(&c),
        "Below 60% of target this pays nothing; from there it pays 35% of its target variable pay at 60% of target, 1% per 1% above 60% of target, and nothing more above 120% of target."
    );
    assert_eq!(c.factor_at(dec!(0.6)), dec!(0.35));
}

#[test]
fn step_rules_in_words() {
    let c = Curve::Steps {
        steps: vec![
            Step {
                min: dec!(0.8),
                factor: dec!(0.5),
            },
            Step {
                min: dec!(1),
                factor: dec!(1),
            },
            Step {
                min: dec!(1.1),
                factor: dec!(1.2),
            },
        ],
    };
    assert_eq!(
        payout_rule(&c),
        "Below 80% of target this pays nothing; it pays 50% of its target variable pay from 80% of target, 100% from 100%, and 120% from 110%. Between steps the lower one applies: 90% of target still pays 50%."
    );
}

#[test]
fn file_names_are_safe_and_unique() {
    assert_eq!(file_stem("csm-01"), "csm-01");
    assert_eq!(file_stem("../../etc/passwd"), "_._.__etc_passwd");
    assert_eq!(file_stem(".."), "_");
    assert_eq!(file_stem("a..b."), "a._b");
    assert_eq!(file_stem("a/b\\c\u{0}d"), "a_b_c_d");
    assert_eq!(file_stem("CON"), "_CON");
    assert_eq!(file_stem(""), "csm");
    assert_eq!(file_stem("Zoë"), "Zo_");
    assert_eq!(file_stem(&"x".repeat(200)).len(), 80);
    let mut scn = crate::scenario::generate::generate(3);
    scn.team[0].id = "a/b".into();
    scn.team[1].id = "a_b".into();
    scn.team[2].id = "A_B".into();
    assert_eq!(file_names(&scn), vec!["a_b.md", "a_b-2.md", "A_B-3.md"]);
}

#[test]
fn flat_tiers_and_points_in_words() {
    let c = Curve::Tiered {
        threshold: dec!(0.5),
        mode: TierMode::Flat,
        tiers: tiers(&[(dec!(0), dec!(1)), (dec!(1.05), dec!(1.2))]),
        cap: Some(dec!(1.5)),
    };
    assert_eq!(
        payout_rule(&c),
        "Below 50% of target this pays nothing. Flat tiers: the rate of the highest tier reached applies to all of the attainment, not slice by slice: 1× attainment from 50% of target (50% of its target variable pay there), and 1.2× attainment from 105% of target (126% of its target variable pay there), up to 150% of its target variable pay (reached at 125% of target)."
    );
    let point = |at, pays| crate::engine::Point { at, pays };
    let c = Curve::Points {
        points: vec![point(dec!(1), dec!(0)), point(dec!(1.15), dec!(1))],
        above: Beyond::Extend,
    };
    assert_eq!(
        payout_rule(&c),
        "Below 100% of target this pays nothing; it pays 0% of its target variable pay at 100% of target, and 100% at 115%, on a straight line between neighbouring points; above 115% of target the last line goes on (6.67% of its target variable pay per 1% of target), with no cap."
    );
    let c = Curve::Points {
        points: vec![
            point(dec!(0.9), dec!(0.5)),
            point(dec!(1), dec!(1)),
            point(dec!(1.2), dec!(1.5)),
        ],
        above: Beyond::Flat,
    };
    assert_eq!(
        payout_rule(&c),
        "Below 90% of target this pays nothing; it pays 50% of its target variable pay at 90% of target, 100% at 100%, and 150% at 120%, on a straight line between neighbouring points; above 120% of target it stays at 150%."
    );
}
