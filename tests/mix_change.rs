//! The pay mix changed from a period on (docs/periods.md, rule 26): each period's base and
//! target variable come from the mix in force in it; periods before the change and CSMs
//! whose mix does not change are paid exactly as without it; the statement, compare, the
//! checks, the format version and the workbook say what happens.

mod common;

use common::periods::{quarterly, varied};
use cscomp_tui::engine::eval::{self, TeamInputs};
use cscomp_tui::engine::*;
use cscomp_tui::engine::{evaluate, sweep};
use cscomp_tui::scenario::{parse, to_ron};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn index(s: &Scenario, id: &str) -> usize {
    s.team.iter().position(|c| c.id == id).expect("the CSM")
}

fn mix(share: Decimal, basis: Basis) -> PayMix {
    PayMix {
        variable_share: share,
        basis,
    }
}

/// The quarterly sample with the plan's mix 30% variable from Q3 on.
fn thirty_from_q3() -> Scenario {
    let mut s = quarterly();
    s.plan.changes = vec![PlanChange {
        effective_from: "Q3".into(),
        note: "More variable in the second half".into(),
        mix: Some(mix(dec!(0.30), Basis::OteSplit)),
        ..Default::default()
    }];
    s
}

/// Worked in docs/periods.md: Alex Morgan (CSM II, OTE $100,000, the plan's mix) is paid
/// base $20,000 in Q1 and Q2 and $17,500 in Q3 and Q4; target variable $5,000 a quarter,
/// then $7,500; a level with a mix of its own is paid as before, to the cent.
#[test]
fn each_period_is_paid_under_the_mix_in_force() {
    let s = thirty_from_q3();
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    let e = evaluate(&s);
    let before = evaluate(&quarterly());
    let alex = index(&s, "csm-01");
    let p = e.periods.as_ref().expect("periods");
    let bases: Vec<Decimal> = p.csm(alex).iter().map(|x| x.base).collect();
    assert_eq!(
        bases,
        vec![dec!(20000), dec!(20000), dec!(17500), dec!(17500)]
    );
    assert_eq!(e.csms[alex].base, dec!(75000));
    assert_eq!(e.csms[alex].target_variable, dec!(25000));
    assert_eq!(e.csms[alex].variable, dec!(22162.50));
    // Q1 and Q2 are closed: exactly what they were.
    let b = before.periods.as_ref().expect("periods");
    assert_eq!(&p.csm(alex)[..2], &b.csm(alex)[..2]);
    // Senior CSMs have a mix of their own, which the change does not set.
    let fatima = index(&s, "csm-10");
    assert_eq!(e.csms[fatima], before.csms[fatima]);
    assert_eq!(p.csm(fatima), b.csm(fatima));
    // The team adds up from its CSMs, by period and for the year.
    let cash: Decimal = e.csms.iter().map(|c| c.total).sum();
    assert_eq!(cash, e.team.cash);
    let by_period: Decimal = p.team.iter().map(|x| x.total).sum();
    assert_eq!(by_period, e.team.cash);
}

/// A level's own mix changes from a period too, found by its name in any case; a level
/// without a mix of its own is refused with where and why.
#[test]
fn a_level_mix_changes_by_name_and_an_unknown_level_is_refused() {
    let mut s = quarterly();
    let level = s.plan.level_mix.keys().next().expect("a level mix").clone();
    let mut change = PlanChange {
        effective_from: "q4".into(),
        ..Default::default()
    };
    change
        .level_mix
        .insert(level.to_uppercase(), mix(dec!(0.5), Basis::OteSplit));
    s.plan.changes = vec![change];
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    let e = evaluate(&s);
    let before = evaluate(&quarterly());
    for (i, c) in s.team.iter().enumerate() {
        let p = e.periods.as_ref().expect("periods").csm(i);
        let b = before.periods.as_ref().expect("periods").csm(i);
        assert_eq!(&p[..3], &b[..3], "{}", c.id);
        if c.level == level {
            let (base, _) = s.plan.level_mix[&level].split(c.ote);
            assert!(p[3].base < b[3].base, "{}: {} vs {base}", c.id, p[3].base);
            assert_eq!(p[3].base, c.ote / dec!(8));
        } else {
            assert_eq!(e.csms[i], before.csms[i], "{}", c.id);
        }
    }
    s.plan.changes[0].level_mix.clear();
    s.plan.changes[0]
        .level_mix
        .insert("Astronaut".into(), mix(dec!(0.5), Basis::OteSplit));
    let found: Vec<String> = validate(&s)
        .iter()
        .map(|f| format!("{}: {}", f.location, f.message))
        .collect();
    assert_eq!(
        found,
        vec![
            "plan.changes[0] (from q4): `Astronaut` has no pay mix of its own in the plan; give it one in `plan.level_mix` first"
        ]
    );
    s.plan.changes[0].level_mix.clear();
    s.plan.changes[0].mix = Some(mix(dec!(1.5), Basis::OteSplit));
    let found: Vec<String> = validate(&s).iter().map(|f| f.message.clone()).collect();
    assert!(
        found
            .iter()
            .any(|m| m.starts_with("variable_share is 150%")),
        "{found:?}"
    );
}

/// A file with a mix change is version 6, and reads back to the same scenario; a version
/// 5 file with one is refused with the reason.
#[test]
fn a_mix_change_needs_version_six() {
    let s = thirty_from_q3();
    let text = to_ron(&s);
    assert!(text.contains("version: 6"), "{}", &text[..400]);
    assert!(
        text.contains("mix: Some((\n                    variable_share: \"30%\",\n                    basis: OteSplit,\n                )),"),
        "{text}"
    );
    let back = parse(&text, "mix.ron").expect("read back");
    assert_eq!(back.plan.changes, s.plan.changes);
    let old = text.replace("version: 6", "version: 5");
    let err = parse(&old, "old.ron").expect_err("refused").to_string();
    assert!(err.contains("it uses fields of version 6 (a change's `mix` or `level_mix`, `attainment_by_metric`, `risk.calibrated`, `risk.level_spreads` or `risk.skews`), which need `version: 6`"), "{err}");
}

/// `--set variable_share=30%@Q3` makes the change; compare says what changes from when;
/// the statement gives the mix of each part of the year; the workbook refuses it.
#[test]
fn set_compare_statement_and_workbook() {
    use common::{run, stderr, stdout};
    let dir = tempfile::tempdir().expect("dir");
    let o = run(&[
        "calc",
        "assets/quarterly.ron",
        "--set",
        "variable_share=30%@Q3",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    let alex = csv
        .lines()
        .find(|l| l.starts_with("csm-01,"))
        .expect("Alex's row");
    assert!(alex.contains(",75000.00,25000.00,22162.50,"), "{alex}");

    // The basis from a period on: Q1 and Q2 as paid, a bonus on top from Q3.
    let o = run(&[
        "calc",
        "assets/quarterly.ron",
        "--set",
        "basis=bonus@Q3",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    let alex = csv
        .lines()
        .find(|l| l.starts_with("csm-01,"))
        .expect("Alex's row");
    assert!(
        alex.contains(",100000.00,90000.00,20000.00,17980.00,"),
        "{alex}"
    );

    let file = dir.path().join("mix.ron");
    std::fs::write(&file, to_ron(&thirty_from_q3())).expect("saved");
    let f = file.to_str().expect("path");
    let o = run(&["compare", "assets/quarterly.ron", f]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("from Q3 on: variable share 20% → 30%"),
        "{}",
        stdout(&o)
    );

    let out = dir.path().join("statements");
    let o = run(&["statements", f, "--out", out.to_str().expect("path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("csm-01.md")).expect("statement");
    assert!(
        md.contains("**Your pay mix changes during the year: 80% base salary, 20% variable pay in Q1–Q2; 70% base salary, 30% variable pay in Q3–Q4.** Each period's base salary and target variable pay are its part of the annual amounts under the mix in force in it: your base salary for the year is $75,000.00 and your target variable pay $25,000.00"),
        "{md}"
    );
    assert!(md.contains("From Q3: variable share 20% → 30%."), "{md}");
    // A Senior CSM's mix does not change: their statement says one mix.
    let fatima = std::fs::read_to_string(out.join("csm-10.md")).expect("statement");
    assert!(!fatima.contains("Your pay mix changes"), "{fatima}");

    let o = run(&[
        "export-xlsx",
        f,
        "--out",
        dir.path().join("w.xlsx").to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains(
            "the pay mix changes from Q3 on; the workbook holds one pay mix for the year"
        ),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("w.xlsx").exists());
}

prop_compose! {
    /// The quarterly sample varied (actuals, joiners and leavers, an as-of period), with
    /// the plan's mix changed from a period after the last closed one, and sometimes a
    /// weight change with it.
    fn mixed()(
        (s, scale) in varied(),
        from in 1usize..4,
        share in 0u32..=100,
        bonus in any::<bool>(),
        weight in any::<bool>(),
    ) -> (Scenario, Decimal, usize) {
        let mut s = s;
        let q = ["Q1", "Q2", "Q3", "Q4"];
        let closed = s.plan.as_of_index().map_or(0, |a| a + 1);
        let from = from.max(closed).min(3);
        if closed > 3 {
            s.plan.as_of = Some("Q3".into());
        }
        let basis = if bonus { Basis::BonusOnTop } else { Basis::OteSplit };
        let mut change = PlanChange {
            effective_from: q[from].into(),
            mix: Some(mix(Decimal::new(i64::from(share), 2), basis)),
            ..Default::default()
        };
        if weight {
            change.components.insert("expansion".into(), ComponentChange {
                weight: Some(dec!(0.3)),
                ..Default::default()
            });
            change.components.insert("grr".into(), ComponentChange {
                weight: Some(dec!(0.1)),
                ..Default::default()
            });
        }
        s.plan.changes = vec![change];
        (s, scale, from)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    /// Periods before the change are paid as without it; periods from it on as the plan
    /// with the new mix all year pays them; a CSM whose level has its own mix is paid as
    /// without the change; every year adds up; the cost curve is the engine's.
    #[test]
    fn a_mix_change_pays_each_period_under_its_mix((s, scale, from) in mixed()) {
        prop_assert!(validate(&s).is_empty(), "{:?}", validate(&s));
        let inputs = TeamInputs::new(&s);
        let e = evaluate::evaluate_with(&s, &inputs, scale);
        prop_assert_eq!(&e, &eval::evaluate_decimal(&s, &inputs, scale));
        // The same plan without the mix change, and with the new mix all year.
        let mut without = s.clone();
        without.plan.changes[0].mix = None;
        if without.plan.changes[0].is_empty() {
            without.plan.changes.clear();
        }
        let mut all_year = without.clone();
        all_year.plan.mix = s.plan.changes[0].mix.clone().expect("the mix");
        let (a, b) = (evaluate::evaluate_at(&without, scale), evaluate::evaluate_at(&all_year, scale));
        let (p, pa, pb) = (
            e.periods.as_ref().expect("periods"),
            a.periods.as_ref().expect("periods"),
            b.periods.as_ref().expect("periods"),
        );
        let per_period = |ev: &Evaluation, i: usize| -> Vec<Decimal> {
            // Slots of per-period metrics, in slot order.
            ev.slots(i).iter().map(|r| r.payout).collect()
        };
        let shape = cscomp_tui::engine::shape::Shape::of(&s.plan);
        for (i, csm) in s.team.iter().enumerate() {
            let own = s.plan.level_mix.contains_key(&csm.level);
            if own {
                prop_assert_eq!(&e.csms[i], &a.csms[i]);
                prop_assert_eq!(p.csm(i), pa.csm(i));
                continue;
            }
            prop_assert_eq!(&p.csm(i)[..from], &pa.csm(i)[..from], "{}", csm.id);
            for q in from..4 {
                prop_assert_eq!(p.csm(i)[q].base, pb.csm(i)[q].base, "{} Q{}", csm.id, q + 1);
            }
            // Every per-period slot from the change on pays as the new mix all year does.
            let (mine, theirs) = (per_period(&e, i), per_period(&b, i));
            for (j, slot) in shape.slots.iter().enumerate() {
                if slot.period.is_some_and(|q| q >= from) {
                    prop_assert_eq!(mine[j], theirs[j], "{} slot {}", csm.id, j);
                }
            }
            let sum: Decimal = p.csm(i).iter().map(|x| x.total).sum();
            prop_assert_eq!(sum, e.csms[i].total);
            let r = &e.csms[i];
            prop_assert_eq!(r.base + r.variable + r.spif + r.adjustment, r.total);
        }
        let scales = [dec!(0.5), scale, dec!(1.5)];
        let curve = sweep::team_cash_curve(&s, &inputs, &scales);
        for (x, c) in scales.iter().zip(&curve) {
            prop_assert_eq!(*c, evaluate::evaluate_with(&s, &inputs, *x).team.cash);
        }
    }
}
