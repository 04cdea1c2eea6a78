use super::*;
use crate::engine::compute;
use rust_decimal_macros::dec;

fn quarterly() -> Scenario {
    crate::scenario::parse(crate::scenario::QUARTERLY_RON, "assets/quarterly.ron").unwrap()
}

#[test]
fn alex_morgan_at_mid_year() {
    let scn = quarterly();
    let c = compute(&scn).unwrap();
    let all = on_track(&scn, &c).unwrap();
    let alex = &all[0];
    // Q1 paid the activity in full ($2,500 of $2,500); Q2 $625 of $1,250 and the review
    // nothing of $1,250: $3,125 of $5,000 at target.
    assert_eq!(alex.variable_to_date, dec!(3125.00));
    assert_eq!(alex.target_to_date, dec!(5000.00));
    assert_eq!(alex.ratio(), Some(dec!(0.625)));
    assert_eq!(alex.pay_to_date, dec!(43625.00));
    assert_eq!(alex.standing, Standing::Behind);
    // The activity: $6,250 for the year at target, $3,125 paid, $2,500 open → a factor of
    // 1.25, above the 1.2 step: out of reach, at best ($3,125 + $2,500 × 1.2) / $6,250 =
    // 98%. The review: $3,750 − 0 over $2,500 = 1.5; at best $3,000 / $3,750 = 80%.
    assert_eq!(
        alex.needs,
        [
            Need::Year,
            Need::Year,
            Need::Year,
            Need::OutOfReach(Some(dec!(0.98))),
            Need::OutOfReach(Some(dec!(0.8)))
        ]
    );
    // Grace Liu joins in Q3: nothing was due yet, and she needs 100% in her periods.
    let grace = &all[15];
    assert_eq!(grace.target_to_date, dec!(0));
    assert_eq!(grace.standing, Standing::NotStarted);
    assert_eq!(grace.needs[3], Need::Attainment(dec!(1)));
    assert_eq!(grace.needs[4], Need::Attainment(dec!(1)));
}

#[test]
fn a_year_out_of_reach_and_nothing_to_be_on_track_against() {
    let mut scn = quarterly();
    // Without an actual period there is no standing.
    scn.plan.as_of = None;
    let c = compute(&scn).unwrap();
    assert_eq!(on_track(&scn, &c), None);
    // Everyone's annual metrics capped at 0.5 cannot bring a behind year to target.
    let mut scn = quarterly();
    for comp in scn.plan.components.iter_mut().take(3) {
        if let crate::engine::Curve::Tiered { cap, .. } = &mut comp.curve {
            *cap = Some(dec!(0.5));
        }
    }
    let c = compute(&scn).unwrap();
    let all = on_track(&scn, &c).unwrap();
    assert_eq!(all[0].standing, Standing::CannotReach);
    assert_eq!(Standing::CannotReach.label(), "cannot reach target");
}

/// The app's brief standings (no needs, plan figures shared between CSMs of the same
/// target variable, level and employment) are the full standings' own, for every CSM,
/// including joiners, leavers, and a large generated team.
#[test]
fn brief_standings_are_the_full_ones_without_needs() {
    let mut scns = vec![quarterly()];
    let text = std::fs::read_to_string("assets/joiners-leavers.ron").unwrap();
    scns.push(crate::scenario::parse(&text, "joiners-leavers.ron").unwrap());
    let mut big = crate::scenario::generate::generate_quarterly(3_000);
    big.plan.as_of = Some(big.plan.periods[1].id.clone());
    scns.push(big);
    for scn in scns {
        let Some(s) = Standings::of(&scn) else {
            panic!("{}: no closed period", scn.name);
        };
        let c = compute(&scn).unwrap();
        let full = s.all(&scn, &c.eval);
        let brief = s.all_brief(&scn, &c.eval);
        assert_eq!(full.len(), brief.len());
        let mut kinds = std::collections::BTreeSet::new();
        for (f, b) in full.iter().zip(&brief) {
            let f = f.clone().map(|mut f| {
                f.needs.clear();
                f
            });
            assert_eq!(&f, b, "{}", scn.name);
            if let Some(f) = f {
                kinds.insert(f.standing);
            }
        }
        assert!(!kinds.is_empty());
    }
}
