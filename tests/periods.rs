//! Plan periods (docs/periods.md): exact quarterly figures, format versions 1 and 2,
//! joiners, the as-of period under the what-if, per-period validation, and the integer
//! path against the decimal reference on random period plans.

mod common;

use common::periods::{quarterly, varied};
use common::{run, stdout};
use cscomp_tui::engine::eval::{self, TeamInputs};
use cscomp_tui::engine::evaluate;
use cscomp_tui::engine::*;
use cscomp_tui::scenario::{self, QUARTERLY_RON, SAMPLE_RON, parse, to_ron};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn index(s: &Scenario, id: &str) -> usize {
    s.team
        .iter()
        .position(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

/// The quarterly sample's team by period, to the cent (worked by hand for csm-01 and the
/// joiner csm-16 in docs/periods.md).
#[test]
fn the_quarterly_sample_pays_exactly_by_period_and_for_the_year() {
    let s = quarterly();
    let e = evaluate(&s);
    let p = e.periods.as_ref().expect("periods");
    let totals: Vec<Decimal> = p.team.iter().map(|t| t.total).collect();
    assert_eq!(
        totals,
        vec![
            dec!(343242.50),
            dec!(333873.45),
            dec!(350549.71),
            dec!(542314.60)
        ]
    );
    assert_eq!(e.team.cash, dec!(1569980.26));
    assert_eq!(totals.iter().sum::<Decimal>(), e.team.cash);
    assert_eq!(p.paid_and_forecast(), (dec!(677115.95), dec!(892864.31)));

    // csm-01: base $80,000 by quarter; activities in Q1 at 82% of 80% (step 1.0 on $2,500),
    // in Q2 at 90% of 95% (step 0.5 on $1,250); EBR in Q2 50% of 70% (below the first step).
    let i = index(&s, "csm-01");
    let q: Vec<(Decimal, Decimal, Decimal, Decimal)> = p
        .csm(i)
        .iter()
        .map(|x| (x.base, x.variable, x.spif, x.total))
        .collect();
    assert_eq!(
        q,
        vec![
            (dec!(20000), dec!(2500), dec!(0), dec!(22500)),
            (dec!(20000), dec!(625), dec!(500), dec!(21125)),
            (dec!(20000), dec!(625), dec!(0), dec!(20625)),
            (dec!(20000), dec!(14230), dec!(0), dec!(34230)),
        ]
    );
    assert_eq!(e.csms[i].total, dec!(98480.00));

    // The joiner: base and target variable for Q3 and Q4 only; the annual components on
    // half the target variable.
    let j = index(&s, "csm-16");
    let r = &e.csms[j];
    assert_eq!(r.base, dec!(32000));
    assert_eq!(r.target_variable, dec!(8000));
    assert_eq!(r.ote, dec!(40000));
    assert_eq!(r.variable, dec!(6893.33));
    assert_eq!(r.total, dec!(39393.33));
    let totals: Vec<Decimal> = p.csm(j).iter().map(|x| x.total).collect();
    assert_eq!(totals, vec![dec!(0), dec!(0), dec!(17000), dec!(22393.33)]);
}

/// The what-if moves projections only: at 120% the actual quarters pay the same.
#[test]
fn the_what_if_moves_only_the_projected_periods() {
    let s = quarterly();
    let inputs = TeamInputs::new(&s);
    let at = |scale| evaluate::evaluate_with(&s, &inputs, scale);
    let (base, up) = (at(Decimal::ONE), at(dec!(1.2)));
    let (bp, up_p) = (base.periods.unwrap(), up.periods.unwrap());
    assert_eq!(bp.team[0], up_p.team[0]);
    assert_eq!(bp.team[1], up_p.team[1]);
    assert!(up_p.team[2].total > bp.team[2].total);
    assert!(up_p.team[3].total > bp.team[3].total);
    assert_eq!(bp.paid_and_forecast().0, up_p.paid_and_forecast().0);

    // With every period actual, nothing moves at all.
    let mut done = s.clone();
    done.plan.as_of = Some("Q4".into());
    let inputs = TeamInputs::new(&done);
    assert_eq!(
        evaluate::evaluate_with(&done, &inputs, Decimal::ONE)
            .team
            .cash,
        evaluate::evaluate_with(&done, &inputs, dec!(0.5)).team.cash
    );
    // And the cost curve is flat.
    let curve = sweep::team_cash_curve(&done, &inputs, &[dec!(0.5), dec!(1), dec!(1.5)]);
    assert_eq!(curve, vec![curve[0]; 3]);
}

/// A plan of one period measured per period pays exactly what the same plan without
/// periods pays (the annual rules are the one-period case).
#[test]
fn one_period_measured_per_period_is_the_plan_without_periods() {
    let plain = parse(SAMPLE_RON, "sample").unwrap();
    let mut one = plain.clone();
    one.plan.periods = vec![Period {
        id: "FY".into(),
        name: "FY27".into(),
        length: Decimal::ONE,
        target_share: None,
    }];
    for c in &mut one.plan.components {
        c.measured = Measure::Period;
    }
    for csm in &mut one.team {
        let pv = PeriodValues {
            actuals: std::mem::take(&mut csm.actuals),
            targets: std::mem::take(&mut csm.targets),
            spifs: std::mem::take(&mut csm.spifs),
            paid: None,
            arr: None,
        };
        csm.periods.insert("FY", pv);
    }
    assert!(validate(&one).is_empty(), "{:?}", validate(&one));
    let (a, b) = (evaluate(&plain), evaluate(&one));
    assert_eq!(a.csms, b.csms);
    assert_eq!(a.team, b.team);
    for i in 0..plain.team.len() {
        let pa: Vec<Decimal> = a.components(i).iter().map(|c| c.payout).collect();
        let pb: Vec<Decimal> = b.components(i).iter().map(|c| c.payout).collect();
        assert_eq!(pa, pb);
    }
}

/// Version 1 files open unchanged and are written back as version 1, byte for byte;
/// a plan with periods is written as version 2 and reads back the same.
#[test]
fn version_one_stays_version_one_and_periods_write_version_two() {
    for (path, text) in [
        ("assets/sample.ron", SAMPLE_RON),
        (
            "assets/worked-example.ron",
            include_str!("../assets/worked-example.ron"),
        ),
    ] {
        let s = parse(text, path).unwrap();
        let out = to_ron(&s);
        assert!(out.contains("    version: 1,"), "{path}");
        assert!(!out.contains("periods"), "{path}");
        assert_eq!(to_ron(&parse(&out, path).unwrap()), out, "{path}");
    }
    let q = quarterly();
    let out = to_ron(&q);
    assert!(out.contains("    version: 2,"));
    assert!(out.contains("period_targets: {\"Q1\": \"0.8\"}"));
    assert!(out.contains("period_weights: {\"Q1\": \"50%\"}"));
    assert!(out.contains("start: Some(\"Q3\")"));
    let back = parse(&out, "again").unwrap();
    assert_eq!(back, q);
    assert_eq!(to_ron(&back), out);

    // A version-1 file may not use periods (an older build would misread it).
    let v1 = QUARTERLY_RON.replace("version: 2,", "version: 1,");
    let err = parse(&v1, "old.ron").unwrap_err().to_string();
    assert!(err.contains("need `version: 2`"), "{err}");
}

fn errors(s: &Scenario) -> Vec<String> {
    validate(s)
        .iter()
        .map(|f| format!("{}: {}", f.location, f.message))
        .collect()
}

#[test]
fn weights_are_checked_in_every_period_and_the_period_is_named() {
    let mut s = quarterly();
    let k = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "ebr")
        .unwrap();
    s.plan.components[k]
        .period_weights
        .insert("Q3".into(), dec!(0.2));
    assert_eq!(
        errors(&s),
        vec![
            "plan.periods[2] (Q3): in Q3 the weights of the components that count add up to 95%, not 100%; every dollar of the period's target variable must be assigned"
        ]
    );

    let mut s = quarterly();
    s.plan.periods[3].length = dec!(0.2);
    assert_eq!(
        errors(&s),
        vec![
            "plan.periods: the period lengths add up to 95%, not 100%; the periods must cover the year",
            "plan.periods: the periods' target shares add up to 95%, not 100%; all of the target variable must be assigned to periods",
        ]
    );

    let mut s = quarterly();
    s.plan.as_of = Some("Q5".into());
    assert_eq!(
        errors(&s),
        vec!["plan.as_of: names period `Q5`, but the plan's periods are: Q1, Q2, Q3, Q4"]
    );

    // An actual in a period where the component does not count, one before a joiner
    // starts, and a yearly actual for a per-period metric.
    let mut s = quarterly();
    let i = index(&s, "csm-01");
    s.team[i]
        .periods
        .get_mut("Q1")
        .unwrap()
        .actuals
        .insert("ebr", dec!(0.5));
    s.team[i].actuals.insert("activities", dec!(0.9));
    let j = index(&s, "csm-16");
    s.team[j].periods.insert(
        "Q1",
        PeriodValues {
            actuals: [("activities".to_string(), dec!(0.9))].into(),
            ..Default::default()
        },
    );
    assert_eq!(
        errors(&s),
        vec![
            "team[0] (csm-01): has a yearly value for `activities`, which is measured per period; put it under `periods`, e.g. periods: {\"Q1\": (actuals: {\"activities\": ...})}",
            "team[0] (csm-01): has a value in Q1 for `ebr`, which does not count in Q1 (its weight there is 0%)",
            "team[15] (csm-16): has results in Q1, but is employed only from Q3 to Q4",
        ]
    );
}

/// `max_events` caps each period: 3 events in one quarter pay 2, spread over two they pay 3.
#[test]
fn spif_limits_apply_per_period() {
    let mut s = quarterly();
    let i = index(&s, "csm-03");
    for q in ["Q1", "Q2", "Q3", "Q4"] {
        s.team[i].periods.get_mut(q).unwrap().spifs.clear();
    }
    s.team[i]
        .periods
        .get_mut("Q3")
        .unwrap()
        .spifs
        .insert("c-level", 3);
    assert_eq!(evaluate(&s).csms[i].spif, dec!(1000));
    s.team[i]
        .periods
        .get_mut("Q3")
        .unwrap()
        .spifs
        .insert("c-level", 2);
    s.team[i]
        .periods
        .get_mut("Q4")
        .unwrap()
        .spifs
        .insert("c-level", 1);
    let e = evaluate(&s);
    assert_eq!(e.csms[i].spif, dec!(1500));
    let p = e.periods.unwrap();
    assert_eq!(p.csm(i)[2].spif, dec!(1000));
    assert_eq!(p.csm(i)[3].spif, dec!(500));
}

#[test]
fn calc_by_period_prints_periods_that_add_up_in_every_format() {
    let o = run(&["calc", "assets/quarterly.ron", "--by-period"]);
    let out = stdout(&o);
    assert!(o.status.success());
    assert!(
        out.contains("Q2         actual       $300,550.00   $26,323.45   $7,000.00    $333,873.45"),
        "{out}"
    );
    assert!(
        out.contains("Paid to date (through Q2)    $677,115.95"),
        "{out}"
    );
    assert!(
        out.contains("Forecast (Q3–Q4)             $892,864.31"),
        "{out}"
    );
    assert!(
        out.contains(
            "csm-16  Grace Liu           $0.00       $0.00  $17,000.00  $22,393.33   $39,393.33"
        ),
        "{out}"
    );

    let o = run(&[
        "calc",
        "assets/quarterly.ron",
        "--by-period",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["team"]["paid_to_date"], "677115.95");
    assert_eq!(v["team"]["forecast"], "892864.31");
    let team = v["team"]["periods"].as_array().unwrap();
    assert_eq!(team.len(), 4);
    assert_eq!(team[3]["total"], "542314.60");
    assert_eq!(team[0]["actual"], true);
    assert_eq!(team[2]["actual"], false);
    for csm in v["csms"].as_array().unwrap() {
        let cents = |s: &serde_json::Value| -> Decimal { s.as_str().unwrap().parse().unwrap() };
        let periods = csm["periods"].as_array().unwrap();
        let sum: Decimal = periods.iter().map(|p| cents(&p["total"])).sum();
        assert_eq!(sum, cents(&csm["total"]), "{}", csm["id"]);
        for p in periods {
            let parts = cents(&p["base"]) + cents(&p["variable"]) + cents(&p["spif"]);
            assert_eq!(parts, cents(&p["total"]));
            let comps: Decimal = p["components"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| cents(&c["payout"]))
                .sum();
            assert_eq!(comps, cents(&p["variable"]));
        }
    }
    let csm01 = &v["csms"][0]["periods"][0]["components"][0];
    assert_eq!(csm01["id"], "activities");
    assert_eq!(csm01["target"], "0.8");
    assert_eq!(csm01["actual"], "0.82");
    assert_eq!(csm01["attainment"], "1.025");
    assert_eq!(csm01["payout"], "2500.00");

    let o = run(&[
        "calc",
        "assets/quarterly.ron",
        "--by-period",
        "--format",
        "csv",
    ]);
    let csv = stdout(&o);
    assert_eq!(csv.lines().count(), 1 + 16 * 4);
    assert!(csv.contains("\ncsm-01,Alex Morgan,Q1,actual,20000.00,2500.00,0.00,22500.00,,,,,,,,,,1.025,1,2500.00,,,,behind,3125.00,5000.00,cannot,cannot\n"), "{csv}");

    let o = run(&[
        "calc",
        "assets/quarterly.ron",
        "--by-period",
        "--format",
        "markdown",
    ]);
    let md = stdout(&o);
    assert!(
        md.contains("| Q4 | projected | $316,550.00 | $225,264.60 | $500.00 | $542,314.60 |"),
        "{md}"
    );

    // A plan without periods is one period, the year.
    let o = run(&["calc", "assets/sample.ron", "--by-period"]);
    assert!(stdout(&o).contains("Paid to date (none)"), "{}", stdout(&o));
}

/// The quarterly sample keeps a version-2 file's numbers exactly (the file is the sample).
#[test]
fn the_quarterly_sample_opens_from_its_path() {
    let s = scenario::load(std::path::Path::new("assets/quarterly.ron")).unwrap();
    assert_eq!(s, quarterly());
    assert_eq!(s.version, 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    /// The integer path equals the decimal reference on period plans; each CSM's periods
    /// add up to their year; the actual periods do not move with the what-if.
    #[test]
    fn period_plans_agree_with_the_decimal_engine_and_add_up((s, scale) in varied()) {
        prop_assert!(validate(&s).is_empty(), "{:?}", validate(&s));
        let inputs = TeamInputs::new(&s);
        let slow = eval::evaluate_decimal(&s, &inputs, scale);
        // The integer path itself, not a fallback to the decimal engine.
        let fast = evaluate::evaluate_integer(&s, &inputs, scale).expect("the integer path");
        prop_assert_eq!(&fast, &slow);
        let p = fast.periods.as_ref().unwrap();
        for (i, r) in fast.csms.iter().enumerate() {
            let sum: Decimal = p.csm(i).iter().map(|x| x.total).sum();
            prop_assert_eq!(sum, r.total);
            let var: Decimal = fast.components(i).iter().map(|c| c.payout).sum();
            prop_assert_eq!(var, r.variable);
        }
        let at_one = evaluate::evaluate_with(&s, &inputs, Decimal::ONE);
        let p1 = at_one.periods.as_ref().unwrap();
        for k in 0..4 {
            if p.is_actual(k) {
                prop_assert_eq!(p.team[k], p1.team[k]);
            }
        }
        // The cost curve is the engine's team cash at each scale.
        let scales = [dec!(0.5), scale, dec!(1.5)];
        let curve = sweep::team_cash_curve(&s, &inputs, &scales);
        for (x, c) in scales.iter().zip(&curve) {
            prop_assert_eq!(*c, evaluate::evaluate_with(&s, &inputs, *x).team.cash);
        }
    }
}

/// The generated quarterly team (benchmarks, `new --quarterly --team-size`) is valid, and
/// the integer path equals the decimal reference on it, joiners included.
#[test]
fn a_generated_quarterly_team_is_valid_and_exact() {
    let s = scenario::generate::generate_quarterly(300);
    assert!(validate(&s).is_empty(), "{:?}", validate(&s).first());
    let inputs = TeamInputs::new(&s);
    let scale = dec!(1.07);
    assert_eq!(
        evaluate::evaluate_with(&s, &inputs, scale),
        eval::evaluate_decimal(&s, &inputs, scale)
    );
    assert_eq!(
        inputs.employed(49),
        Some(cscomp_tui::engine::shape::Employed::periods(2, 3))
    );
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("q.ron");
    let o = run(&[
        "new",
        f.to_str().unwrap(),
        "--quarterly",
        "--team-size",
        "40",
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let o = run(&["calc", f.to_str().unwrap(), "--by-period"]);
    assert!(stdout(&o).contains("Paid to date (through Q2)"));
}

/// A plan with periods leaves as a workbook with its own sheets (the figures are checked
/// to the cent in tests/workbook_periods.rs).
#[test]
fn a_plan_with_periods_leaves_as_a_workbook() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.xlsx");
    let o = run(&[
        "export-xlsx",
        "assets/quarterly.ron",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Sample team FY27… – Plan",
            "Sample team FY27… – Periods",
            "Sample team FY27… – Team",
            "Sample team FY27… – By period",
            "Sample team FY27… – Summary"
        ]
    );
}

/// The cost-risk simulation varies only projections: with zero spread and no SPIF
/// variation it is the engine to the cent; with every period actual it does not vary.
#[test]
fn risk_varies_only_the_projected_periods() {
    let s = quarterly();
    let still = RiskSettings {
        spread: Decimal::ZERO,
        spif_variation: false,
        ..RiskSettings::default()
    };
    let r = risk::simulate(&s, &still, 200, 7);
    assert_eq!(
        (r.p5, r.p50, r.p95),
        (dec!(1569980.26), dec!(1569980.26), dec!(1569980.26))
    );
    // With spread, the projected periods vary.
    let r = risk::simulate(&s, &RiskSettings::default(), 500, 7);
    assert!(r.p5 < r.p95);
    let mut done = s.clone();
    done.plan.as_of = Some("Q4".into());
    let r = risk::simulate(&done, &RiskSettings::default(), 500, 7);
    let cash = evaluate(&done).team.cash;
    assert_eq!((r.p5, r.p50, r.p95, r.mean), (cash, cash, cash, cash));
}

/// A roster holds what is annual: exporting the quarterly sample and importing it back
/// changes nothing, and each CSM keeps their start and results by period.
#[test]
fn a_roster_round_trip_keeps_the_periods() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("q.ron");
    let csv = dir.path().join("q.csv");
    std::fs::write(&f, QUARTERLY_RON).unwrap();
    let o = run(&[
        "export-roster",
        f.to_str().unwrap(),
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        text.lines().next().unwrap(),
        "id,name,level,ote,book_arr,target:grr,target:churn,target:expansion,actual:grr,actual:churn,actual:expansion"
    );
    let o = run(&[
        "import-roster",
        csv.to_str().unwrap(),
        "--into",
        f.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("unchanged: 16"), "{out}");
    assert!(
        out.contains("Team cash cost: $1,569,980.26 → $1,569,980.26"),
        "{out}"
    );
    assert!(!out.contains("Warning"), "{out}");
    let back = scenario::load(&f).unwrap();
    assert_eq!(back.team, quarterly().team);
}

/// A period given twice in a CSM's results is refused, like any id given twice.
#[test]
fn a_period_given_twice_is_refused() {
    let text = QUARTERLY_RON.replacen(
        "\"Q1\": (actuals: {\"activities\": \"0.82\"}),",
        "\"Q1\": (actuals: {\"activities\": \"0.82\"}), \"Q1\": (actuals: {\"activities\": \"0.5\"}),",
        1,
    );
    assert_ne!(text, QUARTERLY_RON);
    let err = parse(&text, "twice.ron").unwrap_err().to_string();
    assert!(err.contains("`Q1` is given twice"), "{err}");
}

/// Checked against a reference computation: on the decimal engine (a teammate's 23-digit
/// actual sends the team there), a joiner's pay at the caps looked at a slot of a period
/// before they joined, uncapped, and came out unbounded. Over the slots they earn in it is
/// base $40,000 + GRR 1.5 × $5,000 + `late` 2 × $5,000 = $57,500.
#[test]
fn a_joiners_pay_at_the_caps_counts_only_their_periods_on_both_paths() {
    let text = include_str!("fixtures/periods/joiner-upside.ron");
    let s = parse(text, "joiner-upside.ron").unwrap();
    let inputs = TeamInputs::new(&s);
    assert!(evaluate::evaluate_integer(&s, &inputs, Decimal::ONE).is_none());
    let e = eval::evaluate_decimal(&s, &inputs, Decimal::ONE);
    assert_eq!(e.csms[1].upside, Some(dec!(57500)));
    assert_eq!(e.csms[0].upside, None);
    // Without the precise teammate the integer path answers, with the same figure.
    let mut short = s.clone();
    short.team.truncate(2);
    let inputs = TeamInputs::new(&short);
    let fast = evaluate::evaluate_integer(&short, &inputs, Decimal::ONE).unwrap();
    assert_eq!(fast.csms[1].upside, Some(dec!(57500)));
    assert_eq!(fast, eval::evaluate_decimal(&short, &inputs, Decimal::ONE));
}

/// A year's average attainment of a per-period metric is divided once from exact values:
/// 1/3, 1/3, 1/3 and 3.29375 average to exactly 1.0734375 (687/640), which prints as
/// 1.073438 (half away from zero), never 1.073437 from a sum a hair below the half.
#[test]
fn a_years_average_attainment_rounds_from_the_exact_value() {
    let mut s = quarterly();
    let k = s
        .plan
        .components
        .iter()
        .position(|c| c.id == "activities")
        .expect("the sample has activities");
    s.plan.components[k].period_targets.clear();
    s.plan.components[k].period_weights.clear();
    let csm = &mut s.team[0];
    for (pid, target, actual) in [
        ("Q1", dec!(3), dec!(1)),
        ("Q2", dec!(3), dec!(1)),
        ("Q3", dec!(3), dec!(1)),
        ("Q4", dec!(1), dec!(3.29375)),
    ] {
        let p = csm.periods.entry(pid).or_default();
        p.targets.insert("activities", target);
        p.actuals.insert("activities", actual);
    }
    let c = compute_valid(&s);
    let year = c.eval.components(0)[k];
    assert_eq!(year.attainment(), dec!(1.0734375));
    assert_eq!(
        cscomp_tui::output::report::ratio(year.attainment()),
        "1.073438"
    );
    let json: serde_json::Value =
        serde_json::from_str(&cscomp_tui::output::report::json(&s, &c)).unwrap();
    assert_eq!(json["csms"][0]["components"][k]["attainment"], "1.073438");
}

/// A backtest (every period actual) with a metric some CSMs have no result for says "no
/// actual result", not "no projected actual".
#[test]
fn a_missing_result_in_a_closed_year_is_called_an_actual_result() {
    let mut s = quarterly();
    s.plan.as_of = Some("Q4".into());
    for p in s.team[0].periods.values_mut() {
        p.actuals.remove("activities");
    }
    let c = compute_valid(&s);
    let w: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.code == "missing-actual")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        w,
        vec![
            "1 of 16 CSMs have no actual result for Key activity: written results strategy in a closed period; they are counted at 0% attainment there"
        ]
    );
}
