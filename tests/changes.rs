//! Changes to the plan during the year (docs/periods.md, "Changes during the year"): the
//! mid-year sample to the cent, the split and latest rules for annual metrics, the checks,
//! format version 4, and on random plans: a change from a period never moves a figure of
//! an earlier period, and the integer path equals the decimal reference.

mod common;

use common::periods::{quarterly, varied};
use cscomp_tui::engine::eval::{self, TeamInputs};
use cscomp_tui::engine::*;
use cscomp_tui::engine::{evaluate, sweep};
use cscomp_tui::scenario::{MIDYEAR_RON, parse, to_ron};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::BTreeMap;

fn midyear() -> Scenario {
    match parse(MIDYEAR_RON, "assets/midyear.ron") {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

fn index(s: &Scenario, id: &str) -> usize {
    s.team.iter().position(|c| c.id == id).expect("the CSM")
}

fn totals(e: &Evaluation, i: usize) -> Vec<Decimal> {
    e.periods
        .as_ref()
        .expect("periods")
        .csm(i)
        .iter()
        .map(|p| p.total)
        .collect()
}

/// docs/periods.md works csm-01 and the joiner csm-16 through by hand.
#[test]
fn the_midyear_sample_pays_each_version_in_its_periods() {
    let s = midyear();
    assert_eq!(s.version, 4);
    let e = evaluate(&s);
    let alex = index(&s, "csm-01");
    // Q2 is what payroll recorded: $75 more than the plan computes.
    assert_eq!(
        totals(&e, alex),
        vec![
            dec!(22500.00),
            dec!(21200.00),
            dec!(20500.00),
            dec!(35580.00)
        ]
    );
    assert_eq!(e.csms[alex].adjustment, dec!(75));
    assert_eq!(e.csms[alex].total, dec!(99780.00));
    // Q1 and Q2 are computed as the plan as approved computes them.
    let q = quarterly();
    let before = evaluate(&q);
    let computed = |e: &Evaluation, i: usize| -> Vec<Decimal> {
        e.periods.as_ref().expect("periods").csm(i)[..2]
            .iter()
            .map(|p| p.computed())
            .collect()
    };
    for i in 0..s.team.len() {
        assert_eq!(computed(&e, i), computed(&before, i), "{}", s.team[i].id);
    }
    // Expansion is paid twice in Q4: on the first half at 20%, on the second at 30%.
    let p = e.periods.as_ref().expect("periods");
    let exp: Vec<(usize, Decimal)> = p
        .slots
        .iter()
        .zip(e.slots(alex))
        .filter(|(slot, _)| s.plan.components[slot.component].id == "expansion")
        .map(|(slot, r)| (slot.version, r.payout))
        .collect();
    assert_eq!(exp, vec![(0, dec!(3200.00)), (1, dec!(4800.00))]);
    // The joiner starts under the change: all of her annual pay is on its weights.
    let grace = index(&s, "csm-16");
    assert_eq!(
        totals(&e, grace),
        vec![dec!(0), dec!(0), dec!(16800.00), dec!(22803.33)]
    );
    assert_eq!(e.csms[grace].total, dec!(39603.33));
}

#[test]
fn latest_pays_the_year_on_the_version_in_force_at_year_end() {
    let mut s = midyear();
    s.plan.annual_on_change = AnnualOnChange::Latest;
    let e = evaluate(&s);
    let alex = index(&s, "csm-01");
    // Expansion on its whole-year amount at 30%: $20,000 × 30% × 1.6 = $9,600.
    assert_eq!(totals(&e, alex)[3], dec!(37180.00));
    assert_eq!(e.csms[alex].total, dec!(101380.00));
    assert_eq!(to_ron(&s).matches("annual_on_change: Latest").count(), 1);
}

fn errors(s: &Scenario) -> Vec<String> {
    validate(s).iter().map(|f| f.to_string()).collect()
}

#[test]
fn a_change_that_cannot_apply_is_refused_with_where_and_why() {
    let base = midyear();
    let with = |f: &dyn Fn(&mut PlanChange)| {
        let mut s = base.clone();
        f(&mut s.plan.changes[0]);
        errors(&s)
    };
    assert_eq!(
        with(&|c| c.effective_from = "Q9".into()),
        [
            "error[plan-change] plan.changes[0] (from Q9): `effective_from` names no period of the plan; its periods are `Q1`, `Q2`, `Q3`, `Q4`"
        ]
    );
    assert_eq!(
        with(&|c| c.effective_from = "Q1".into()),
        [
            "error[plan-change] plan.changes[0] (from Q1): a change from the first period is the plan itself; edit the plan instead"
        ]
    );
    // By name, any case, is the same period.
    assert!(with(&|c| c.effective_from = "q3 fy27".into()).is_empty());
    assert_eq!(
        with(&|c| {
            c.components
                .insert("nps".into(), ComponentChange::default());
        }),
        ["error[plan-change] plan.changes[0] (from Q3): `nps` is not a metric of the plan"]
    );
    assert_eq!(
        with(&|c| {
            c.components
                .get_mut("ebr")
                .expect("ebr")
                .period_weights
                .insert("Q2".into(), dec!(0.2));
        }),
        [
            "error[plan-change] plan.changes[0] (from Q3): ebr: a period weight of Q2 comes before the change takes effect"
        ]
    );
    // The version's weights must add up in its periods, which are named.
    assert_eq!(
        with(&|c| {
            c.components.remove("ebr");
        }),
        [
            "error[weights-sum] plan.changes[0] (from Q3): plan.periods[2] (Q3): in Q3 the weights of the components that count add up to 105%, not 100%; every dollar of the period's target variable must be assigned",
            "error[weights-sum] plan.changes[0] (from Q3): plan.periods[3] (Q4): in Q4 the weights of the components that count add up to 105%, not 100%; every dollar of the period's target variable must be assigned"
        ]
    );
    assert_eq!(
        with(&|c| {
            c.components.clear();
            c.spifs.clear();
        }),
        [
            "error[empty-change] plan.changes[0] (from Q3): the change changes nothing; give the metrics, SPIFs or pay mix it changes, or remove it"
        ]
    );
    let mut twice = base.clone();
    let mut again = twice.plan.changes[0].clone();
    again.effective_from = "Q2".into();
    twice.plan.changes.push(again);
    assert_eq!(
        errors(&twice),
        [
            "error[plan-change] plan.changes[1] (from Q2): changes must be listed in period order, each from a later period than the one before"
        ]
    );
}

#[test]
fn changes_need_version_four_and_a_plan_without_them_keeps_its_version() {
    let text = MIDYEAR_RON.replacen("version: 4", "version: 3", 1);
    let e = parse(&text, "m.ron").expect_err("refused");
    assert!(e.to_string().contains("need `version: 4`"), "{e}");
    let mut s = midyear();
    let back = parse(&to_ron(&s), "m.ron").expect("reads back");
    assert_eq!(back, s);
    s.plan.changes.clear();
    // Recorded payouts are version 4 too.
    assert_eq!(cscomp_tui::scenario::version_for(&s), 4);
    for c in &mut s.team {
        for pv in c.periods.values_mut() {
            pv.paid = None;
        }
    }
    assert_eq!(cscomp_tui::scenario::version_for(&s), 3);
}

prop_compose! {
    /// A random change to a random period plan: from Q2, Q3 or Q4, moving weight between
    /// an annual metric and the key activities, a new curve, a SPIF amount, split or latest.
    fn changed()(
        (s, scale) in varied(),
        from in 1usize..4,
        moved in 0u32..11,
        cap in 110u32..300,
        threshold in 0u32..90,
        amount in 0u32..2000,
        latest in any::<bool>(),
        second in any::<bool>(),
    ) -> (Scenario, Decimal, usize) {
        let mut s = s;
        let q = ["Q1", "Q2", "Q3", "Q4"];
        let moved = Decimal::new(i64::from(moved), 2);
        let mut components = BTreeMap::new();
        components.insert("expansion".to_string(), ComponentChange {
            weight: Some(dec!(0.2) + moved * dec!(2)),
            ..Default::default()
        });
        let mut weights = BTreeMap::new();
        for p in q.iter().skip(from) {
            weights.insert(p.to_string(), dec!(0.25) - moved);
        }
        components.insert("activities".to_string(), ComponentChange {
            period_weights: weights.clone(),
            ..Default::default()
        });
        components.insert("ebr".to_string(), ComponentChange {
            period_weights: weights,
            ..Default::default()
        });
        components.insert("grr".to_string(), ComponentChange {
            curve: Some(Curve::Tiered {
                threshold: Decimal::new(i64::from(threshold), 2),
                mode: Default::default(),
                tiers: vec![
                    Tier { from: dec!(0), rate: dec!(1) },
                    Tier { from: dec!(1), rate: dec!(2.5) },
                ],
                cap: Some(Decimal::new(i64::from(cap), 2)),
            }),
            target: Some(dec!(0.85)),
            ..Default::default()
        });
        let mut spifs = BTreeMap::new();
        spifs.insert("c-level".to_string(), SpifChange { amount: Some(Decimal::from(amount)), max_events: Some(3) });
        s.plan.changes = vec![PlanChange {
            effective_from: q[from].into(),
            note: String::new(),
            components,
            spifs,
            ..Default::default()
        }];
        if second && from < 3 {
            let mut c = BTreeMap::new();
            c.insert("churn".to_string(), ComponentChange { target: Some(dec!(0.04)), ..Default::default() });
            s.plan.changes.push(PlanChange {
                effective_from: q[from + 1].into(),
                note: "later".into(),
                components: c,
                spifs: BTreeMap::new(),
                ..Default::default()
            });
        }
        if latest {
            s.plan.annual_on_change = AnnualOnChange::Latest;
        }
        (s, scale, from)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    /// A change from period P never moves a figure of a period before P; the integer path
    /// equals the decimal reference; every CSM's periods add up to their year; the cost
    /// curve is the engine's.
    #[test]
    fn a_change_never_moves_an_earlier_period_and_both_paths_agree((s, scale, from) in changed()) {
        prop_assert!(validate(&s).is_empty(), "{:?}", validate(&s));
        let inputs = TeamInputs::new(&s);
        let slow = eval::evaluate_decimal(&s, &inputs, scale);
        let fast = evaluate::evaluate_integer(&s, &inputs, scale).expect("the integer path");
        prop_assert_eq!(&fast, &slow);
        let mut unchanged = s.clone();
        unchanged.plan.changes.clear();
        let before = evaluate::evaluate_at(&unchanged, scale);
        let (p, b) = (fast.periods.as_ref().unwrap(), before.periods.as_ref().unwrap());
        for i in 0..s.team.len() {
            prop_assert_eq!(&p.csm(i)[..from], &b.csm(i)[..from]);
            let sum: Decimal = p.csm(i).iter().map(|x| x.total).sum();
            prop_assert_eq!(sum, fast.csms[i].total);
        }
        prop_assert_eq!(&p.team[..from], &b.team[..from]);
        let scales = [dec!(0.5), scale, dec!(1.5)];
        let curve = sweep::team_cash_curve(&s, &inputs, &scales);
        for (x, c) in scales.iter().zip(&curve) {
            prop_assert_eq!(*c, evaluate::evaluate_with(&s, &inputs, *x).team.cash);
        }
    }
}

/// `--set PATH=VALUE@PERIOD` makes the change from that period: on the quarterly sample it
/// gives the mid-year sample's figures; a closed period and an unknown period are refused
/// with why.
#[test]
fn set_from_a_period_makes_the_change_and_refuses_what_it_cannot() {
    use common::{run, stderr, stdout};
    let o = run(&[
        "calc",
        "assets/quarterly.ron",
        "--set",
        "expansion.weight=30%@Q3",
        "--set",
        "spif.c-level.amount=$750@q3 fy27",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let changed = stdout(&o);
    // The mid-year sample's cash before its recorded payouts' $25 difference.
    let at = changed.find("\"cash\"").expect("cash");
    assert!(
        changed[at..].starts_with("\"cash\": \"1576817.88\""),
        "{changed}"
    );
    for (set, message) in [
        (
            "grr.cap=120%@Q2",
            "error: --set grr.cap=120%@Q2: not applied: Q2 holds actual results; a change can start after the last actual period\n",
        ),
        (
            "burden_rate=25%@Q3x",
            "error: --set burden_rate=25%@Q3x: `Q3x` is not a period of the plan (Q1, Q2, Q3, Q4)\n",
        ),
        (
            "grr.cap=120%@Q9",
            "error: --set grr.cap=120%@Q9: `Q9` is not a period of the plan (Q1, Q2, Q3, Q4)\n",
        ),
    ] {
        let o = run(&["calc", "assets/quarterly.ron", "--set", set]);
        assert_eq!(o.status.code(), Some(2), "{set}");
        assert_eq!(stderr(&o), message);
    }
}

/// `compare` of the plan as is against the plan changed from Q3 says what changes from
/// when, and what the rest of the year costs.
#[test]
fn compare_names_what_changes_from_when() {
    use common::{run, stdout};
    let o = run(&["compare", "assets/quarterly.ron", "assets/midyear.ron"]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "    - from Q3 on: Expansion ARR weight 20% → 30%
    - from Q3 on: Key activity: written results strategy weight in Q3 25% → 20%
    - from Q3 on: Key activity: written results strategy weight in Q4 25% → 20%
    - from Q3 on: Key activity: executive business review done weight in Q3 25% → 20%
    - from Q3 on: Key activity: executive business review done weight in Q4 25% → 20%
    - from Q3 on: SPIF c-level amount $500 → $750
"
        ),
        "{out}"
    );
    assert!(
        out.contains("Cash cost                       $1,569,980.26       $1,576,842.88"),
        "{out}"
    );
    // What the plan computes to date is the same in both: only the forecast moves (and
    // the mid-year sample's recorded payouts differ from it by $25).
    let by = |f: &str, line: &str| {
        let o = run(&["calc", f, "--by-period"]);
        let s = stdout(&o);
        s.lines()
            .find(|l| l.starts_with(line))
            .and_then(|l| l.split_whitespace().last().map(str::to_string))
            .unwrap_or_default()
    };
    assert_eq!(by("assets/quarterly.ron", "Paid to date"), "$677,115.95");
    assert_eq!(
        by("assets/midyear.ron", "  as the plan computes it"),
        "$677,115.95"
    );
    assert_eq!(by("assets/midyear.ron", "Paid to date"), "$677,140.95");
    assert_eq!(by("assets/midyear.ron", "  recorded − computed"), "$25.00");
}

/// A CSM's statement says the plan changed, from when, why and what; an annual metric
/// paid by two versions shows each part; the SPIF pays the amount in force each quarter.
#[test]
fn the_statement_tells_the_change_and_each_versions_part() {
    let s = midyear();
    let i = index(&s, "csm-01");
    let text = cscomp_tui::output::statements::statement(&s, i).expect("a statement");
    for part in [
        "**The plan changed from Q3 on.** Second half: more weight on expansion, a richer C-level SPIF. From Q3: Expansion ARR weight 20% → 30%;",
        "### 3. Expansion ARR — 20% of your variable pay in Q1–Q2, 30% from Q3 ($5,000.00 at target)",
        "- Your projection: $130,000.00, paid on each part of the year under the terms in force then: in Q1–Q2 130% of target pays 160% of $2,000.00: $3,200.00; from Q3 130% of target pays 160% of $3,000.00: $4,800.00. Together: $8,000.00.",
        "Weight and target: Q1: 50% of the quarter's variable pay, target 80%; Q2: 25%, target 95%; Q3–Q4: 20%, target 95%.",
        "$500.00 per event, at most 2 events are paid in each quarter ($750.00 per event from Q3).",
    ] {
        assert!(text.contains(part), "{part}\n---\n{text}");
    }
    // Liam O'Brien's C-level meetings after the change pay $750 each.
    let j = index(&s, "csm-07");
    let text = cscomp_tui::output::statements::statement(&s, j).expect("a statement");
    let e = evaluate(&s);
    assert!(
        text.contains(&format!("| **Total** | | **5** | **${}** |", "2,750.00")),
        "{text}"
    );
    assert_eq!(e.csms[j].spif, dec!(2750));
}

/// The guardrails check every version: an accelerator left uncapped from Q3 is named
/// with the change.
#[test]
fn the_guardrails_check_the_terms_from_each_change_on() {
    let mut s = midyear();
    let expansion = s.plan.changes[0]
        .components
        .get_mut("expansion")
        .expect("there");
    expansion.curve = Some(Curve::Tiered {
        threshold: dec!(0),
        mode: Default::default(),
        tiers: vec![
            Tier {
                from: dec!(0),
                rate: dec!(1),
            },
            Tier {
                from: dec!(1),
                rate: dec!(2),
            },
        ],
        cap: None,
    });
    let c = compute(&s).expect("valid");
    let w: Vec<String> = c.warnings.iter().map(|f| f.to_string()).collect();
    assert_eq!(
        w,
        [
            "warning[uncapped-accelerator] plan.changes[0] (from Q3): plan.components[2] (expansion): from Q3 on: Expansion ARR has an accelerator but no cap: one outlier (a single large deal) can pay far beyond plan"
        ]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(48)))]

    /// Recorded payouts are what the closed periods pay, whatever the plan, its changes
    /// and the what-if say; each CSM's year still adds up; both paths and the cost curve
    /// agree.
    #[test]
    fn recorded_payouts_are_never_moved(
        (s, scale, _from) in changed(),
        amounts in prop::collection::vec(0i64..5_000_000, 16),
    ) {
        let mut s = s;
        let Some(a) = s.plan.as_of_index() else { return Ok(()) };
        let ids: Vec<String> = s.plan.periods.iter().map(|p| p.id.clone()).collect();
        let mut recorded = Vec::new();
        for (i, amount) in amounts.iter().enumerate() {
            let employed = cscomp_tui::engine::shape::Shape::employed(&s.plan, &s.team[i]);
            for (p, pid) in ids.iter().enumerate().take(a + 1) {
                if employed.is_some_and(|e| !e.contains(p)) {
                    continue;
                }
                let paid = Decimal::new(amount + p as i64 * 101, 2);
                s.team[i].periods.entry(pid.clone()).or_default().paid = Some(paid);
                recorded.push((i, p, paid));
            }
        }
        prop_assert!(validate(&s).is_empty(), "{:?}", validate(&s));
        let inputs = TeamInputs::new(&s);
        let fast = evaluate::evaluate_integer(&s, &inputs, scale).expect("the integer path");
        prop_assert_eq!(&fast, &eval::evaluate_decimal(&s, &inputs, scale));
        let mut whole_year = s.clone();
        whole_year.plan.changes.clear();
        for e in [fast, evaluate::evaluate_at(&whole_year, dec!(1.3))] {
            let p = e.periods.as_ref().unwrap();
            for (i, q, paid) in &recorded {
                prop_assert_eq!(p.csm(*i)[*q].total, *paid);
            }
            for (i, r) in e.csms.iter().enumerate() {
                let sum: Decimal = p.csm(i).iter().map(|x| x.total).sum();
                prop_assert_eq!(sum, r.total);
                prop_assert_eq!(r.base + r.variable + r.spif + r.adjustment, r.total);
            }
        }
        let scales = [dec!(0.5), scale];
        let curve = sweep::team_cash_curve(&s, &inputs, &scales);
        for (x, c) in scales.iter().zip(&curve) {
            prop_assert_eq!(*c, evaluate::evaluate_with(&s, &inputs, *x).team.cash);
        }
    }
}

/// A payout is recorded once its period is closed: in an open period it is refused, and
/// the as-of period cannot move back before it.
#[test]
fn a_payout_is_recorded_only_for_a_closed_period() {
    let mut s = midyear();
    s.team[0].periods.get_mut("Q3").expect("Q3").paid = Some(dec!(20000));
    assert_eq!(
        errors(&s),
        [
            "error[open-period-paid] team[0] (csm-01): has a recorded payout for Q3, which does not hold actual results yet; a payout is recorded once its period is closed (set `as_of` to Q3 or later)"
        ]
    );
    let s = midyear();
    let mut scn = s.clone();
    let inputs = TeamInputs::new(&scn);
    let err = cscomp_tui::engine::params::Param::AsOf
        .apply(&mut scn, &inputs, Some(Decimal::ONE), &[])
        .expect_err("refused");
    assert_eq!(
        err,
        "Q2 has a recorded payout: a period whose pay is recorded stays closed"
    );
    assert_eq!(scn, s);
}

/// The plan as it started stays editable once it has a change: a target is checked against
/// each slot's own target, a whole-year weight reaches the change's periods too (the plan
/// stays valid), and `@` on the first period is the plan itself.
#[test]
fn the_plan_as_it_started_stays_editable_with_a_change() {
    use common::{run, stderr, stdout};
    for set in [
        "grr.target=95%",
        "grr.weight=25%",
        "activities.target.Q3=96%",
    ] {
        let o = run(&["calc", "assets/midyear.ron", "--set", set]);
        assert!(o.status.success(), "{set}: {}", stderr(&o));
    }
    // A whole-year GRR weight rebalances the key activities in Q3 and Q4 under the change.
    let mut s = midyear();
    let inputs = TeamInputs::new(&s);
    cscomp_tui::engine::params::Param::Weight(0)
        .apply_from(&mut s, &inputs, Some(dec!(0.25)), &[false; 5], 0)
        .expect("applied");
    assert!(validate(&s).is_empty(), "{:?}", validate(&s));
    assert_eq!(s.plan.components[0].weight, dec!(0.25));
    let c = &s.plan.changes[0].components;
    assert_eq!(c["expansion"].weight, Some(dec!(0.3)));
    assert_eq!(c["activities"].period_weights.get("Q3"), Some(&dec!(0.175)));
    let o = run(&["calc", "assets/quarterly.ron", "--set", "grr.cap=120%@Q1"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --set grr.cap=120%@Q1: Q1 is the first period, so a change from it is the plan itself; leave out the @\n"
    );
    // Recorded payouts in every total: compare and the CSV by period.
    let o = run(&["compare", "assets/quarterly.ron", "assets/midyear.ron"]);
    assert!(
        stdout(&o).contains("Recorded pay adjustment                 $0.00              $25.00"),
        "{}",
        stdout(&o)
    );
    let o = run(&[
        "calc",
        "assets/midyear.ron",
        "--by-period",
        "--format",
        "csv",
    ]);
    let out = stdout(&o);
    assert!(
        out.starts_with("id,name,period,status,base,variable,spif,adjustment,total,"),
        "{out}"
    );
    assert!(
        out.contains("csm-01,Alex Morgan,Q2,actual,20000.00,625.00,500.00,75.00,21200.00,"),
        "{out}"
    );
    assert!(
        out.contains("csm-01,Alex Morgan,Q4,projected,20000.00,15580.00,0.00,0.00,35580.00,1.03,1.045,4180.00,1.2,1.2,2400.00,1.3,1.6,8000.00,"),
        "{out}"
    );
}
